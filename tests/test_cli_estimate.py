"""`copilot estimate`: JSON output and one-line errors with exit code 2 for bad input."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from copilot.cli import app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "data"
runner = CliRunner()


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    rng = np.random.default_rng(0)
    n = 600
    w = rng.normal(size=n)
    t = (rng.random(n) < 1 / (1 + np.exp(-w))).astype(int)
    y = 1.5 * t + w + rng.normal(size=n)
    df = pd.DataFrame(
        {"age": w, "treated": t, "income": y, "flag": 1, "label": rng.choice(["a", "b", "c"], n)}
    )
    path = tmp_path / "d.csv"
    df.to_csv(path, index=False)
    (tmp_path / "g.dot").write_text("digraph { age -> treated; age -> income; treated -> income; }")
    return path


def test_json_output_has_the_documented_fields(data: Path):
    res = runner.invoke(
        app,
        [
            "estimate",
            str(data),
            "--treatment",
            "treated",
            "--outcome",
            "income",
            "--graph",
            str(data.parent / "g.dot"),
            "--bootstrap",
            "20",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    for key in (
        "ate",
        "ci",
        "p_value",
        "method",
        "estimand",
        "adjustment_set",
        "refutations",
        "verdict",
    ):
        assert key in out
    assert out["adjustment_set"] == ["age"]
    assert out["ci"][0] <= 1.5 <= out["ci"][1]
    assert all({"name", "passed", "detail"} <= set(r) for r in out["refutations"])
    assert out["verdict"] in ("robust", "fragile", "not robust")


def test_human_output_and_no_refute(data: Path):
    res = runner.invoke(
        app,
        [
            "estimate",
            str(data),
            "-t",
            "treated",
            "-y",
            "income",
            "-g",
            str(data.parent / "g.dot"),
            "--no-refute",
        ],
    )
    assert res.exit_code == 0, res.output
    assert "Effect of treated on income" in res.stdout and "Adjustment set: age" in res.stdout
    assert "Verdict: not checked" in res.stdout


def test_names_differing_only_in_case_or_punctuation_are_taken_with_a_note(tmp_path: Path):
    rng = np.random.default_rng(3)
    n = 600
    age = rng.normal(size=n)
    coupon = (rng.random(n) < 1 / (1 + np.exp(-age))).astype(int)
    revenue = 2.0 * coupon + age + rng.normal(size=n)
    path = tmp_path / "shop.csv"
    pd.DataFrame({"Age": age, "Coupon": coupon, "Revenue ($)": revenue}).to_csv(path, index=False)
    g = tmp_path / "g.dot"
    g.write_text('digraph { Age -> Coupon; Age -> "Revenue ($)"; Coupon -> "Revenue ($)"; }')
    res = runner.invoke(
        app, ["estimate", str(path), "-t", "coupon", "-y", "revenue", "-g", str(g), "--json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["treatment"] == "Coupon" and out["outcome"] == "Revenue ($)"
    assert out["adjustment_set"] == ["Age"] and out["ci"][0] <= 2.0 <= out["ci"][1]
    assert "took column 'Coupon' for 'coupon'" in out["notes"]
    assert "took column 'Revenue ($)' for 'revenue'" in out["notes"]
    # two columns that differ only in case: neither is guessed
    pd.DataFrame({"age": age, "Coupon": coupon, "COUPON": 1 - coupon, "y": revenue}).to_csv(
        tmp_path / "two.csv", index=False
    )
    res = runner.invoke(app, ["estimate", str(tmp_path / "two.csv"), "-t", "coupon", "-y", "y"])
    assert res.exit_code == 2
    assert "Unknown treatment 'coupon'" in res.stderr and "did you mean" in res.stderr


def _bad(tmp_path: Path, data: Path, name: str) -> list[str]:
    g = str(data.parent / "g.dot")
    if name == "unknown_treatment":
        return ["-t", "treatd", "-y", "income", "-g", g]
    if name == "unknown_outcome":
        return ["-t", "treated", "-y", "incom", "-g", g]
    if name == "same":
        return ["-t", "income", "-y", "income", "-g", g]
    if name == "constant":
        return ["-t", "flag", "-y", "income", "-g", g]
    if name == "non_numeric_outcome":
        return ["-t", "treated", "-y", "label", "-g", g]
    if name == "graph_unknown_column":
        (tmp_path / "bad.dot").write_text(
            "digraph { age -> treated; salary -> income; treated -> income; }"
        )
        return ["-t", "treated", "-y", "income", "-g", str(tmp_path / "bad.dot")]
    if name == "cyclic":
        (tmp_path / "cyc.dot").write_text(
            "digraph { age -> treated; treated -> income; income -> age; }"
        )
        return ["-t", "treated", "-y", "income", "-g", str(tmp_path / "cyc.dot")]
    if name == "no_overlap":
        df = pd.read_csv(data)
        df["treated"] = (df["age"] > 0).astype(int)
        df.to_csv(tmp_path / "sep.csv", index=False)
        return ["-t", "treated", "-y", "income", "-g", g]
    if name == "missing_graph":
        return ["-t", "treated", "-y", "income", "-g", str(tmp_path / "nope.dot")]
    raise AssertionError(name)


@pytest.mark.parametrize(
    "case, expected",
    [
        ("unknown_treatment", "did you mean 'treated'"),
        ("unknown_outcome", "did you mean 'income'"),
        ("same", "same column"),
        ("constant", "constant"),
        ("non_numeric_outcome", "not numeric"),
        ("graph_unknown_column", "salary"),
        ("cyclic", "cycle"),
        ("no_overlap", "No overlap"),
        ("missing_graph", "does not exist"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    tmp_path: Path, data: Path, case: str, expected: str
):
    args = _bad(tmp_path, data, case)
    target = tmp_path / "sep.csv" if case == "no_overlap" else data
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    res = runner.invoke(app, ["estimate", str(target), *args, "--json"])
    assert res.exit_code == 2, (case, res.output)
    # progress lines ("loading FILE...") may come first; the error is one line, the last
    lines = res.stderr.strip().splitlines()
    err = lines[-1]
    assert err.startswith("Error:") and sum("Error" in line for line in lines) == 1, res.stderr
    assert expected in err, err
    assert "Traceback" not in res.output and res.stdout == ""
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in tmp_path.iterdir()}
    assert after == before


def test_example_sales_data_matches_its_known_answer():
    truth = json.loads((EXAMPLES / "sales_truth.json").read_text())
    res = runner.invoke(
        app,
        [
            "estimate",
            str(EXAMPLES / "sales.csv"),
            "-t",
            "discount",
            "-y",
            "churn",
            "-g",
            str(EXAMPLES / "sales_graph.dot"),
            "--method",
            "linear_regression",
            "--no-refute",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["ci"][0] <= truth["ate"] <= out["ci"][1]
    assert not (out["ci"][0] <= truth["naive_difference"] <= out["ci"][1])
    assert sorted(out["adjustment_set"]) == ["region", "tenure"]


def test_partly_oriented_graph_reports_a_range(data: Path, tmp_path: Path):
    graph = tmp_path / "cpdag.json"
    graph.write_text(
        json.dumps(
            {
                "kind": "cpdag",
                "nodes": ["age", "treated", "income"],
                "edges": [
                    {"source": "age", "target": "treated", "type": "undirected"},
                    {"source": "age", "target": "income", "type": "directed"},
                    {"source": "treated", "target": "income", "type": "directed"},
                ],
            }
        )
    )
    res = runner.invoke(
        app, ["estimate", str(data), "-t", "treated", "-y", "income", "-g", str(graph), "--json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["ate"] is None and out["verdict"] == "not identified"
    assert out["undecided_edges"] == ["treated --- age"]
    low, high = out["effects_range"]
    assert low <= 1.5 <= high


def _no_graph_table(tmp_path: Path, case: str) -> tuple[Path, list[str]]:
    rng = np.random.default_rng(3)
    n = 200
    age = rng.normal(size=n)
    treated = (rng.random(n) < 1 / (1 + np.exp(-age))).astype(int)
    income = treated + age + rng.normal(size=n)
    df = pd.DataFrame({"age": age, "treated": treated, "income": income})
    args = ["-t", "treated", "-y", "income"]
    if case == "same":
        args = ["-t", "income", "-y", "income"]
    elif case == "constant":
        df["treated"] = 1
    elif case == "no_overlap":
        df["treated"] = (age > 0).astype(int)
    elif case == "few_rows":
        df = pd.DataFrame(rng.normal(size=(14, 15)), columns=[f"c{i}" for i in range(15)])
        df["treated"] = [0, 1] * 7
        df["income"] = rng.normal(size=14)
    path = tmp_path / f"{case}.csv"
    df.to_csv(path, index=False)
    return path, args


@pytest.mark.parametrize(
    "case, expected",
    [
        ("same", "same column"),
        ("constant", "is constant"),
        ("no_overlap", "No overlap"),
        ("few_rows", "Only 14 rows for 15 covariates"),
    ],
)
def test_bad_input_without_a_graph_is_one_line_exit_2(tmp_path: Path, case: str, expected: str):
    path, args = _no_graph_table(tmp_path, case)
    res = runner.invoke(app, ["estimate", str(path), *args])
    assert res.exit_code == 2, (case, res.output)
    # progress lines ("loading FILE...") may come first; the error is one line, the last
    lines = res.stderr.strip().splitlines()
    err = lines[-1]
    assert err.startswith("Error:") and sum("Error" in line for line in lines) == 1, res.stderr
    assert expected in err, err
    assert "Traceback" not in res.output and res.stdout == ""
