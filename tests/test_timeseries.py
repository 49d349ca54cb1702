"""Time-series discovery: PCMCI, PCMCI+, VAR-LiNGAM and Granger on simulated VARs with known links."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from copilot.cli import app
from copilot.errors import DataError, InputError
from copilot.tools.discovery import discover
from copilot.tools.simulate import lagged_edge_scores, simulate_var


def links(result, lagged_only: bool = False) -> set[tuple[str, str, int]]:
    return {
        (e.source, e.target, e.lag) for e in result.lagged_edges if e.lag > 0 or not lagged_only
    }


@pytest.fixture(scope="module")
def var2():
    return simulate_var(p=6, n=1000, max_lag=2, seed=1)


def test_pcmci_recovers_the_lagged_graph_of_a_var2(var2):
    r = discover(var2.data, "pcmci", time_col="time", max_lag=3)
    scores = lagged_edge_scores(links(r), var2.links)
    assert scores["f1"] >= 0.9, scores
    assert r.algorithm == "pcmci" and r.time_series.max_lag == 3
    assert all(e.lag >= 1 and e.type == "directed" for e in r.lagged_edges)
    # the strength is the MCI partial correlation: its sign follows the true coefficient
    for e in r.lagged_edges:
        i, j = int(e.source[1:]), int(e.target[1:])
        true = var2.coefficients[e.lag, j, i]
        if true:
            assert np.sign(e.strength) == np.sign(true)


def test_lag_is_chosen_by_aic_when_not_given(var2):
    r = discover(var2.data, "pcmci", time_col="time")
    assert r.time_series.lag_source == "aic" and r.time_series.max_lag >= 2
    assert any("chosen by AIC" in n for n in r.notes)
    assert lagged_edge_scores(links(r), var2.links)["f1"] >= 0.9


def test_pcmciplus_orients_a_contemporaneous_link_from_a_lagged_driver():
    rng = np.random.default_rng(2)
    n = 1500
    z, x, y = np.zeros(n), np.zeros(n), np.zeros(n)
    for t in range(1, n):
        z[t] = 0.5 * z[t - 1] + rng.standard_normal()
        x[t] = 0.6 * z[t - 1] + rng.standard_normal()
        y[t] = 0.6 * x[t] + rng.standard_normal()  # same step: x(t) -> y(t)
    df = pd.DataFrame({"time": np.arange(n), "z": z, "x": x, "y": y})
    r = discover(df, "pcmciplus", max_lag=2)
    same = [e for e in r.lagged_edges if e.lag == 0]
    assert [(e.source, e.target, e.type) for e in same] == [("x", "y", "directed")]
    assert ("z", "x", 1) in links(r) and ("z", "y", 1) not in links(r)
    assert r.graph.edge("x", "y").type == "directed"


def test_varlingam_orients_same_step_links_with_nongaussian_noise():
    sim = simulate_var(p=4, n=2000, max_lag=1, n_contemporaneous=2, noise="uniform", seed=3)
    r = discover(sim.data, "varlingam", time_col="time", max_lag=1)
    truth_same = {(s, t) for s, t, lag in sim.links if lag == 0}
    found_same = {(e.source, e.target) for e in r.lagged_edges if e.lag == 0}
    assert found_same == truth_same
    assert lagged_edge_scores(links(r), sim.links)["f1"] >= 0.9


def test_granger_is_labelled_predictive_and_finds_the_driver():
    sim = simulate_var(p=4, n=800, max_lag=1, seed=5)
    r = discover(sim.data, "granger", time_col="time", max_lag=2)
    cross = {x for x in sim.links if x[0] != x[1]}
    found = {(s, t) for s, t, _ in links(r)}
    truth = {(s, t) for s, t, _ in cross}
    assert truth <= found and len(found - truth) <= 1, found - truth
    assert r.time_series.edge_meaning.startswith("predictive")
    assert any("Granger causality is predictive" in n for n in r.notes)


def test_several_series_are_independent_realisations():
    sim = simulate_var(p=4, n=300, max_lag=1, seed=2, n_series=4)
    r = discover(sim.data, "pcmci", time_col="time", series_col="series", max_lag=2)
    assert r.time_series.n_series == 4 and r.time_series.n_steps == [300] * 4
    assert lagged_edge_scores(links(r), sim.links)["f1"] >= 0.9
    # the rows of one series do not need to be contiguous or sorted
    shuffled = sim.data.sample(frac=1.0, random_state=0)
    again = discover(shuffled, "pcmci", time_col="time", series_col="series", max_lag=2)
    assert links(again) == links(r)


def test_auto_picks_pcmciplus_for_a_time_series_and_cdnod_for_regimes(var2):
    r = discover(var2.data)
    assert r.algorithm == "pcmciplus"
    assert r.reason.startswith("Chosen automatically (time series)")
    regimes = var2.data.head(600).drop(columns="time").assign(domain=np.repeat([0, 1], 300))
    assert discover(regimes).algorithm == "cdnod"


def test_dates_are_detected_and_sorted(var2):
    df = var2.data.drop(columns="time").assign(
        date=pd.date_range("2020-01-01", periods=len(var2.data), freq="D")
    )
    r = discover(df.iloc[::-1], "pcmci", max_lag=2)
    assert r.time_series.time_column == "date"
    assert lagged_edge_scores(links(r), var2.links)["f1"] >= 0.9


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.assign(time=d["time"].where(d.index != 5, 4)), "duplicate values"),
        (lambda d: d.drop(index=[10, 11]), "has gaps"),
        (lambda d: d.assign(time=d["time"] * 1.0 + (d.index == 50) * 0.5), "irregular"),
        (lambda d: d.head(30), "Too few time steps for max lag 3"),
        (lambda d: d.assign(x1=np.where(d.index % 2, "high", "low")), "not a numeric series"),
    ],
)
def test_bad_time_series_are_refused_in_one_line(var2, change, message):
    df = change(var2.data.head(200).copy())
    with pytest.raises(DataError, match=message) as exc:
        discover(df, "pcmci", time_col="time", max_lag=3)
    assert exc.value.hint and "\n" not in str(exc.value)


def test_gaps_are_filled_on_request_with_a_note(var2):
    df = var2.data.drop(index=[100, 101, 102])
    r = discover(df, "pcmci", time_col="time", max_lag=2, fill_gaps=True)
    assert any("filled 3 missing time step(s)" in n for n in r.notes)
    assert r.time_series.n_steps == [1000]


def test_time_series_arguments_are_checked(var2):
    with pytest.raises(InputError, match="applies to the time-series methods"):
        discover(var2.data, "pc", max_lag=2)
    with pytest.raises(InputError, match="Bootstrap confidences are not available"):
        discover(var2.data, "pcmci", bootstrap=10)
    with pytest.raises(InputError, match="max_lag must be a whole number"):
        discover(var2.data, "pcmci", max_lag=0)
    with pytest.raises(InputError, match="does not apply to PCMCI"):
        discover(var2.data, "pcmci", depth=2)


def test_nonstationary_series_are_reported():
    sim = simulate_var(p=3, n=600, max_lag=1, seed=4)
    df = sim.data.assign(x0=np.cumsum(np.random.default_rng(0).standard_normal(600)))
    r = discover(df, "pcmci", time_col="time", max_lag=1)
    flags = {c["variable"]: c["stationary"] for c in r.time_series.stationarity}
    assert flags["x0"] is False and flags["x1"] is True
    assert any("not stationary" in n and "'x0'" in n for n in r.notes)


def test_cli_prints_lagged_edges_as_json_and_refuses_bad_input(tmp_path, var2):
    example = Path(__file__).resolve().parents[1] / "examples" / "data"
    runner = CliRunner()
    res = runner.invoke(
        app,
        [
            "discover",
            str(example / "var_timeseries.csv"),
            "--algo",
            "pcmci",
            "--time-col",
            "time",
            "--max-lag",
            "3",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert all(
        {"source", "target", "lag", "type", "confidence", "strength"} <= set(e)
        for e in out["edges"]
    )
    truth = json.loads((example / "var_timeseries.truth.json").read_text())
    expected = {(e["source"], e["target"], e["lag"]) for e in truth["links"]}
    assert {(e["source"], e["target"], e["lag"]) for e in out["edges"]} == expected
    assert out["time_series"]["max_lag"] == 3 and out["alpha"] == 0.01
    path = tmp_path / "series.csv"
    var2.data.round(6).to_csv(path, index=False)
    text = runner.invoke(app, ["discover", str(path), "--algo", "pcmci", "--max-lag", "2"])
    assert text.exit_code == 0 and "t-2" in text.output and "time column" in text.output
    var2.data.head(200).drop(index=[7]).to_csv(tmp_path / "gap.csv", index=False)
    bad = runner.invoke(app, ["discover", str(tmp_path / "gap.csv"), "--algo", "pcmci"])
    assert bad.exit_code == 2 and "has gaps" in bad.output
    # after the progress lines ("loading gap.csv...", "discover: profiling the data"), one error line
    assert bad.stderr.count("Error") == 1 and bad.stderr.strip().splitlines()[-1].startswith(
        "Error"
    )
    assert "Traceback" not in bad.output


def test_figures_and_dot_carry_lag_labels(tmp_path, var2):
    r = discover(var2.data, "pcmci", time_col="time", max_lag=2)
    dot = r.save(tmp_path / "g.dot").read_text()
    assert 'label="2"' in dot or 'label="1,2"' in dot
    png = r.save(tmp_path / "g.png")
    assert png.stat().st_size > 1000
    text = r.summary()
    assert "(t-2) --> " in text and "links among 6 variables" in text


def test_tui_and_report_show_lags(var2):
    pytest.importorskip("textual")
    from copilot.tui.widgets.results import graph_drawing, read_graph

    r = discover(var2.data, "pcmci", time_col="time", max_lag=2)
    nodes, edges = read_graph(r.to_json_dict())
    assert nodes == r.nodes
    cross = {(s, t): lag for s, t, lag in var2.links if s != t}
    for (s, t), lag in cross.items():
        shown = [e for e in edges if {e["source"], e["target"]} == {s, t}]
        assert shown and str(lag) in shown[0]["lags"]
    assert {e["source"] for e in edges if e["type"] == "self"} == set(r.nodes)
    text = graph_drawing(nodes, edges).plain
    assert "own past: lag 1" in text and "lags in steps" in text


def test_batched_partial_correlations_match_regression_residuals():
    from copilot.tools.discovery.timeseries.pcmci import PartialCorrelations

    rng = np.random.default_rng(0)
    x = rng.standard_normal((400, 8)) @ rng.standard_normal((8, 8))
    x[:, 7] = x[:, 5] + x[:, 6]  # exactly collinear: the pseudo-inverse path
    pc = PartialCorrelations(x, device="cpu")
    triples = [(0, 1, ()), (2, 3, (4,)), (0, 4, (1, 2, 3)), (0, 1, (5, 6, 7)), (1, 6, (5, 7))]
    r, pval = pc.run(
        [a for a, _, _ in triples], [b for _, b, _ in triples], [s for *_, s in triples]
    )
    for (a, b, s), got in zip(triples[:4], r, strict=False):
        z = np.column_stack([np.ones(len(x)), x[:, list(s)]])
        ra = x[:, a] - z @ np.linalg.lstsq(z, x[:, a], rcond=None)[0]
        rb = x[:, b] - z @ np.linalg.lstsq(z, x[:, b], rcond=None)[0]
        assert got == pytest.approx(np.corrcoef(ra, rb)[0, 1], abs=1e-8)
    # x6 is a linear function of x5 and x7: no partial correlation, no evidence of dependence
    assert r[4] == 0.0 and pval[4] == 1.0
    assert np.all((pval >= 0) & (pval <= 1))
