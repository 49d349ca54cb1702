"""Checks on the roles read without a graph: a consequence of the outcome that the search read
as a cause, the pre-treatment fallback, and a failed graph test mended by the edges it points
to."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from copilot.tools.data import load_table
from copilot.tools.estimation import estimate_effect
from copilot.tools.estimation.result import CovariateRole
from copilot.tools.estimation.roles import RoleAnalysis, _explained_by_outcome
from copilot.tools.estimation.without_graph import (
    _fallback_downstream,
    _missing_edges,
    _placed_downstream,
)
from copilot.tools.graph import CausalGraph


def _pump_table(seed: int, n: int = 800) -> pd.DataFrame:
    # well_depth confounds pump_rate -> water_output (truth 3.0); crew_size affects the output
    # only; meter_reading is a consequence of the output that almost copies it.
    rng = np.random.default_rng(seed)
    depth = rng.normal(0, 1, n)
    crew = rng.poisson(4, n).astype(float)
    rate = 5 + 0.8 * depth + rng.normal(0, 1, n)
    output = 10 + 3.0 * rate + 2.0 * depth + 1.5 * (crew - 4) + rng.normal(0, 2, n)
    meter = 0.5 * output + rng.normal(0, 0.3, n)
    return pd.DataFrame(
        {
            "well_depth": depth,
            "crew_size": crew,
            "pump_rate": rate,
            "water_output": output,
            "meter_reading": meter,
        }
    )


def _load(df: pd.DataFrame):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return load_table(df)


def test_a_consequence_of_the_outcome_is_screened_off_by_it_and_causes_are_not():
    ds = _load(_pump_table(11))
    found = _explained_by_outcome(ds, "pump_rate", "water_output", "meter_reading")
    assert found is not None
    p_alone, p_given = found
    assert p_alone < 1e-6 and p_given > 0.05
    # a confounder stays linked to the treatment given the outcome; an outcome-only cause is
    # not linked to it on its own
    assert _explained_by_outcome(ds, "pump_rate", "water_output", "well_depth") is None
    assert _explained_by_outcome(ds, "pump_rate", "water_output", "crew_size") is None


def test_a_confounder_whose_links_cancel_given_the_outcome_is_not_read_as_its_consequence():
    # store_size raises both the treatment and the outcome; given the outcome its two links to
    # the treatment cancel (holding a common effect fixed links its causes negatively), so the
    # treatment alone does not tell it from a consequence of the outcome. The outcome does not
    # screen it off from the outcome's other cause (footfall), as it would a consequence.
    rng = np.random.default_rng(5)
    n = 1500
    size = rng.normal(0, 1, n)
    footfall = rng.normal(0, 1, n)
    ads = 0.6 * size + rng.normal(0, 1, n)
    sales = 1.0 * ads + 2.0 * size + 1.5 * footfall + rng.normal(0, 1, n)
    df = pd.DataFrame({"store_size": size, "footfall": footfall, "ads": ads, "sales": sales})
    ds = _load(df)
    from copilot.tools.estimation.roles import _treatment_lr_p

    assert _treatment_lr_p(ds, "ads", [], "store_size") < 1e-6
    assert _explained_by_outcome(ds, "ads", "sales", "store_size") is None


def test_a_child_that_almost_copies_the_outcome_is_left_out_of_the_adjustment():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        r = estimate_effect(_pump_table(12), "pump_rate", "water_output", name_order=False)
    assert "meter_reading" not in r.adjustment_set
    assert "well_depth" in r.adjustment_set
    assert r.roles["meter_reading"].role == "descendant_of_outcome"
    assert r.ci[0] <= 3.0 <= r.ci[1]
    assert abs(r.ate - 3.0) < 0.25


def _role(role: str, adjusted: bool) -> CovariateRole:
    return CovariateRole(role=role, confidence=0.9, adjusted=adjusted, evidence="")


def _analysis(roles: dict[str, CovariateRole], edges: list[tuple[str, str]]) -> RoleAnalysis:
    nodes = [*roles, "t", "y"]
    return RoleAnalysis(
        roles=roles,
        adjustment=[c for c, r in roles.items() if r.adjusted],
        undecided=[],
        algorithm="boss",
        reason="",
        graph=CausalGraph.from_edges(nodes, edges, kind="dag"),
        resamples=8,
        dependence=1.0,
    )


def test_the_fallback_leaves_out_only_what_a_reading_places_downstream():
    a = _analysis(
        {
            "inst": _role("instrument", False),
            "noise": _role("unrelated", False),
            "med": _role("mediator", False),
            "conf": _role("confounder", True),
        },
        [("inst", "t"), ("conf", "t"), ("conf", "y"), ("t", "med"), ("med", "y"), ("t", "y")],
    )
    assert _placed_downstream(a) == {"med"}


def _kiln_table(seed: int, n: int = 1500) -> pd.DataFrame:
    # clay_moisture confounds kiln_hours -> tile_strength; glaze_thickness is a mediator (total
    # effect 0.4 + 0.9 * 0.7 = 1.03, direct 0.4); chip_count is a consequence of the outcome.
    rng = np.random.default_rng(seed)
    moisture = rng.normal(0, 1, n)
    hours = 0.8 * moisture + rng.normal(0, 1, n)
    glaze = 0.9 * hours + rng.normal(0, 1, n)
    strength = 0.4 * hours + 0.7 * glaze + 0.6 * moisture + rng.normal(0, 1, n)
    chips = 0.8 * strength + rng.normal(0, 1, n)
    return pd.DataFrame(
        {
            "clay_moisture": moisture,
            "glaze_thickness": glaze,
            "chip_count": chips,
            "kiln_hours": hours,
            "tile_strength": strength,
        }
    )


def _reading(roles: dict[str, tuple[str, float, bool]], ties: list[str] = ()) -> RoleAnalysis:
    a = _analysis(
        {
            c: CovariateRole(role=r, confidence=conf, adjusted=adj, evidence="")
            for c, (r, conf, adj) in roles.items()
        },
        [],
    )
    a.ties = list(ties)
    return a


def test_the_fallback_leaves_out_what_one_search_places_downstream_in_every_resample():
    df = _kiln_table(5)
    # one search places the mediator downstream in every resampled graph; the other reads it
    # as a confounder in most of its graphs (a mediator and a confounder are Markov equivalent
    # in a triangle with linear relations), and both place the outcome's child downstream
    # short of unanimity in one of them
    first = _reading(
        {
            "clay_moisture": ("confounder", 1.0, True),
            "glaze_thickness": ("mediator", 1.0, False),
            "chip_count": ("descendant_of_outcome", 0.9, False),
        }
    )
    second = _reading(
        {
            "clay_moisture": ("confounder", 0.9, True),
            "glaze_thickness": ("confounder", 0.75, True),
            "chip_count": ("descendant_of_outcome", 0.85, False),
        }
    )
    out = _fallback_downstream(first, second)
    assert out == {"glaze_thickness", "chip_count"}
    assert _fallback_downstream(second, first) == out
    kept = [c for c in ("clay_moisture", "glaze_thickness", "chip_count") if c not in out]
    X = np.column_stack([np.ones(len(df)), df["kiln_hours"], df[kept]])
    effect = np.linalg.lstsq(X, df["tile_strength"].to_numpy(), rcond=None)[0][1]
    assert abs(effect - 1.03) < 0.1  # the total effect; adjusting for the glaze gives 0.4
    X = np.column_stack([np.ones(len(df)), df["kiln_hours"], df[[*kept, "glaze_thickness"]]])
    both = np.linalg.lstsq(X, df["tile_strength"].to_numpy(), rcond=None)[0][1]
    assert abs(both - 0.4) < 0.1
    # a unanimous reading the other way, or a tie or side the reading leaves undecided,
    # decides nothing
    certain = _reading({**{c: (r.role, 1.0, r.adjusted) for c, r in second.roles.items()}})
    assert _fallback_downstream(first, certain) == {"chip_count"}
    tied = _reading(
        {c: (r.role, r.confidence, r.adjusted) for c, r in first.roles.items()},
        ties=["glaze_thickness"],
    )
    assert _fallback_downstream(tied, second) == {"chip_count"}
    tied.ties, tied.undecided = [], ["glaze_thickness"]
    assert _fallback_downstream(tied, second) == {"chip_count"}


def _weak_edge_table(seed: int, n: int = 2000) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    conf = rng.normal(0, 1, n)
    shift = rng.normal(0, 1, n)
    t = 0.8 * conf + 0.3 * shift + rng.normal(0, 1, n)
    y = 1.0 * t + 1.0 * conf + 1.0 * shift + rng.normal(0, 1, n)
    return pd.DataFrame({"conf": conf, "shift": shift, "t": t, "y": y})


def test_a_failed_graph_test_is_mended_by_the_edge_it_points_to_when_no_side_changes():
    # The graph misses shift -> t (shift is read as an outcome-only cause and adjusted for):
    # its test fails at t, and the edge it points to keeps shift adjusted for.
    ds = _load(_weak_edge_table(2))
    edges = [("conf", "t"), ("conf", "y"), ("shift", "y"), ("t", "y")]
    read = _analysis(
        {"conf": _role("confounder", True), "shift": _role("outcome_cause", True)}, edges
    )
    found = _missing_edges(read, ds, "t", "y")
    assert found is not None
    check, added = found
    assert added == [("shift", "t")]
    assert check.passed and check.name == "roles_graph"
    # The same missing edge from a column left out as instrument-like would move it (a
    # confounder after all): no mending.
    left_out = _analysis(
        {"conf": _role("confounder", True), "shift": _role("instrument", False)},
        [("conf", "t"), ("conf", "y"), ("shift", "t"), ("t", "y")],
    )
    assert _missing_edges(left_out, ds, "t", "y") is None


def _language_table(seed: int, lang_effect: float, n: int = 1500) -> pd.DataFrame:
    # conf confounds t -> y; shift raises y and (weakly) t; second_language raises t and lowers
    # y by lang_effect (a weak confounder when it is not 0, else an instrument); eight columns
    # of noise.
    rng = np.random.default_rng(seed)
    d = {
        "conf": rng.normal(0, 1, n),
        "shift": rng.normal(0, 1, n),
        "second_language": rng.binomial(1, 0.2, n).astype(float),
    }
    for i in range(8):
        d[f"noise{i}"] = rng.normal(0, 1, n)
    d["t"] = 0.8 * d["conf"] + 0.3 * d["shift"] + 0.8 * d["second_language"] + rng.normal(0, 1, n)
    d["y"] = (
        d["t"] + d["conf"] + d["shift"] - lang_effect * d["second_language"] + rng.normal(0, 1, n)
    )
    return pd.DataFrame(d)


def _language_reading() -> RoleAnalysis:
    # the search missed shift -> t and read second_language as an instrument (left out)
    roles = {
        "conf": _role("confounder", True),
        "shift": _role("outcome_cause", True),
        "second_language": _role("instrument", False),
    }
    roles |= {f"noise{i}": _role("unrelated", True) for i in range(8)}
    edges = [("conf", "t"), ("conf", "y"), ("shift", "y"), ("second_language", "t"), ("t", "y")]
    return _analysis(roles, edges)


def test_no_mending_while_a_column_left_out_as_an_instrument_predicts_the_outcome():
    from copilot.tools.estimation.without_graph import _linked_left_out

    read = _language_reading()
    # A true instrument: the graph with shift -> t passes, the reading stands.
    ds = _load(_language_table(0, 0.0))
    assert _linked_left_out(read, ds, "t", "y") == []
    found = _missing_edges(read, ds, "t", "y")
    assert found is not None and found[1] == [("shift", "t")]
    # A weak confounder read as an instrument: among the 17 independences the mended graph
    # implies, its own link to y is too weak to fail the corrected test, but tested on its own
    # it predicts y given t and the adjustment set, so the mending is refused.
    ds = _load(_language_table(0, 0.18))
    assert _linked_left_out(read, ds, "t", "y") == ["second_language"]
    assert _missing_edges(read, ds, "t", "y") is None
