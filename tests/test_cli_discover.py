"""`copilot discover`: output, files, and every bad input as one line on stderr with exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from copilot.cli import app
from copilot.tools.graph import CausalGraph

runner = CliRunner()


@pytest.fixture
def lg(examples_dir) -> Path:
    return examples_dir / "data" / "linear_gaussian.csv"


@pytest.fixture
def small(tmp_path) -> Path:
    """A 4-variable chain with a constant and an all-missing column and two incomplete rows."""
    chain = CausalGraph.from_edges(None, [("a", "b"), ("b", "c"), ("c", "d")])
    from copilot.tools.simulate import simulate

    df = simulate(chain, 400, "linear_gaussian", seed=0).data
    df["const"] = 7
    df["empty"] = np.nan
    df.loc[[3, 9], "b"] = np.nan
    path = tmp_path / "small.csv"
    df.to_csv(path, index=False)
    return path


def run(*args: str):
    return runner.invoke(app, ["discover", *map(str, args)])


def assert_one_line_error(res, *texts: str) -> None:
    assert res.exit_code == 2, res.output
    # progress lines ("loading FILE...") may come first; the error is one line, the last
    lines = [line for line in res.stderr.strip().splitlines() if "Error" in line]
    assert len(lines) == 1 and lines[0].startswith("Error: "), res.stderr
    assert res.stderr.strip().splitlines()[-1] == lines[0], res.stderr
    assert "Traceback" not in res.output
    for t in texts:
        assert t in lines[0], lines[0]


def test_human_output_names_the_algorithm_reason_and_edges(lg):
    res = run(lg)
    assert res.exit_code == 0, res.output
    assert "BOSS" in res.stdout and "Why: Chosen automatically (rule 5)" in res.stdout
    assert "x0" in res.stdout and "-->" in res.stdout


def test_json_output(lg):
    res = run(lg, "--algo", "pc", "--json")
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    assert d["algorithm"] == "pc" and d["ci_test"] == "fisherz" and d["reason"]
    assert d["nodes"] == [f"x{i}" for i in range(8)]
    assert d["edges"] and all(
        set(e) == {"source", "target", "type", "confidence"} for e in d["edges"]
    )
    assert isinstance(d["elapsed_s"], float)


def test_data_notes_knowledge_and_bootstrap_in_json(small):
    res = run(
        small,
        "--algo",
        "pc",
        "--require",
        "a->b",
        "--forbid",
        "d->c",
        "--tiers",
        "a;b,c,d",
        "--bootstrap",
        "5",
        "--json",
    )
    assert res.exit_code == 0, res.output
    d = json.loads(res.stdout)
    notes = " | ".join(d["data_notes"])
    assert "dropped column 'const'" in notes and "dropped column 'empty'" in notes
    assert "dropped 2 of 400 rows with missing values" in notes
    assert d["n_rows"] == 398
    assert d["knowledge"] == {
        "required": ["a->b"],
        "forbidden": ["d->c"],
        "tiers": [["a"], ["b", "c", "d"]],
    }
    assert d["bootstrap"]["completed"] == 5
    assert all(0 <= e["confidence"] <= 1 for e in d["edges"])
    assert {"source": "a", "target": "b", "type": "directed"}.items() <= d["edges"][0].items()


def test_missing_values_can_be_imputed(small):
    res = run(small, "--algo", "ges", "--missing", "median", "--json")
    d = json.loads(res.stdout)
    assert d["n_rows"] == 400 and any(
        "imputed 2 missing values in 'b' with the median" in n for n in d["data_notes"]
    )


def test_columns_restrict_the_analysis(small):
    d = json.loads(run(small, "--algo", "ges", "--columns", "a,b,c", "--json").stdout)
    assert d["nodes"] == ["a", "b", "c"]


@pytest.mark.parametrize("ext", ["dot", "gml", "json", "png", "svg"])
def test_out_writes_the_graph_by_extension_and_never_overwrites(tmp_path, small, ext):
    out = tmp_path / f"graph.{ext}"
    res = run(small, "--algo", "ges", "--out", out)
    assert res.exit_code == 0, res.output
    assert out.stat().st_size > 0 and f"Wrote {out}" in res.stdout.replace("\n", "")
    if ext in ("dot", "gml", "json"):
        g = CausalGraph.load(out)
        assert {e.key for e in g.edges} == {frozenset("ab"), frozenset("bc"), frozenset("cd")}
    before = out.read_bytes()
    again = run(small, "--algo", "ges", "--out", out)
    assert_one_line_error(again, "already exists", "--overwrite")
    assert out.read_bytes() == before
    assert run(small, "--algo", "ges", "--out", out, "--overwrite").exit_code == 0


def test_bad_inputs_exit_2_with_one_line(tmp_path, small, monkeypatch):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("a,b\n1,2\n3,4,5,6\n" + "1,2\n" * 20)
    dup = tmp_path / "dup.csv"
    dup.write_text("a,b,a\n" + "1,2,3\n" * 20)
    few = tmp_path / "few.csv"
    few.write_text("a,b\n" + "1,2\n2,1\n" * 3)
    flat = tmp_path / "flat.csv"
    flat.write_text("a,b\n" + "1,\n" * 20)
    xlsx = tmp_path / "data.xlsx"
    xlsx.write_text("x")
    sav = tmp_path / "data.sav"
    sav.write_text("x")
    cases = [
        ([tmp_path / "nope.csv"], ["does not exist"]),
        ([empty], ["is empty"]),
        ([ragged], ["Cannot parse ragged.csv"]),
        ([xlsx], ["Cannot read data.xlsx as an Excel workbook", "save it again"]),
        ([sav], ["Unsupported file type '.sav'"]),
        ([dup], ["Duplicate column names in dup.csv: 'a'"]),
        ([few], ["Only 6 rows", "at least 10"]),
        ([flat], ["Every column in flat.csv is empty or constant"]),
        ([small, "--columns", "a,bb"], ["Unknown column 'bb'", "did you mean 'b'"]),
        ([small, "--missing", "guess"], ["Unknown --missing value 'guess'"]),
        ([small, "--algo", "magic"], ["Unknown --algo value 'magic'"]),
        ([small, "--require", "a->zz"], ["Unknown column in the background knowledge 'zz'"]),
        ([small, "--tiers", "a;b;a"], ["is in tiers 1 and 3"]),
        ([small, "--out", tmp_path / "g.xyz"], ["Unsupported --out file type '.xyz'"]),
        ([small, "--out", tmp_path / "no" / "g.png"], ["does not exist"]),
        ([small, "--algo", "pc", "--ci-test", "kci"], ["KCI test on 398 rows is refused"]),
    ]
    monkeypatch.setenv("COPILOT_KCI_MAX_N", "100")
    for args, texts in cases:
        assert_one_line_error(run(*args), *texts)


def test_real_subprocess_errors_and_output(tmp_path, lg):
    env = {**os.environ, "COLUMNS": "120"}
    bad = subprocess.run(
        [sys.executable, "-m", "copilot", "discover", str(tmp_path / "missing.csv")],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert bad.returncode == 2
    assert bad.stderr.strip().count("\n") == 0 and "does not exist" in bad.stderr
    assert "Traceback" not in bad.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "copilot", "discover", str(lg), "--algo", "ges", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["algorithm"] == "ges"


def test_help_lists_the_options():
    res = runner.invoke(app, ["discover", "--help"], env={"COLUMNS": "200"})
    for opt in (
        "--algo",
        "--alpha",
        "--ci-test",
        "--domain-col",
        "--bootstrap",
        "--require",
        "--forbid",
        "--tiers",
        "--columns",
        "--missing",
        "--out",
        "--json",
        "--force",
        "--overwrite",
    ):
        assert opt in res.stdout


def test_frame_with_text_categories_is_encoded(tmp_path):
    rng = np.random.default_rng(0)
    a = rng.integers(0, 3, 500)
    b = (a + (rng.random(500) < 0.2)) % 3
    path = tmp_path / "cats.csv"
    pd.DataFrame({"a": np.array(["lo", "mid", "hi"])[a], "b": b}).to_csv(path, index=False)
    d = json.loads(run(path, "--json").stdout)
    assert (d["algorithm"], d["score"], d["ci_test"]) == ("boss", "bdeu", None)
    assert any("encoded categorical column 'a'" in n for n in d["data_notes"])
    assert len(d["edges"]) == 1


def test_json_stays_clean_when_causal_learn_prints(small):
    # FCI prints its knowledge orientation steps; --json must still be one JSON object.
    res = run(small, "--algo", "fci", "--tiers", "a;b;c;d", "--json")
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["knowledge_mode"] in ("native", "native+enforced")
