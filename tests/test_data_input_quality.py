"""Messy input files: stray text in numeric columns, infinite values, other separators and
encodings, and id or text columns; each is read with a note or refused with a one-line error."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from copilot.cli import app
from copilot.errors import DataError
from copilot.tools.data import load_table, profile_frame

runner = CliRunner()


@pytest.fixture
def table() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    x = rng.normal(size=200)
    y = 1.5 * x + rng.normal(size=200)
    z = -y + rng.normal(size=200)
    region = rng.choice(["nord", "süd", "öst"], 200)
    return pd.DataFrame(
        {"customer_id": np.arange(1, 201), "region": region, "x": x, "y": y, "z": z}
    )


def _notes(ds) -> str:
    return " | ".join(ds.notes)


def test_stray_text_in_a_numeric_column_is_read_as_missing(tmp_path, table):
    df = table.astype(object)
    df.loc[5, "x"] = "n/a"  # pandas reads this as missing already
    df.loc[7, "y"] = "?"
    df.loc[[8, 9], "z"] = "-"
    path = tmp_path / "mixed.csv"
    df.to_csv(path, index=False)
    ds = load_table(path)
    assert {"x", "y", "z"} <= set(ds.analysable())
    assert ds.profile.kinds()["y"] == "continuous"
    notes = _notes(ds)
    assert "read 1 non-numeric value in numeric column 'y' as missing (e.g. '?')" in notes
    assert "read 2 non-numeric values in numeric column 'z' as missing (e.g. '-')" in notes
    assert "dropped 4 of 200 rows with missing values (in 'x', 'y', 'z')" in notes
    # Explicitly named, the column is analysed too; imputation and refusal follow the policy.
    assert load_table(path, columns=["y", "z"]).columns == ["y", "z"]
    assert load_table(path, missing="mean").profile.n == 200
    with pytest.raises(DataError, match="non-numeric value in numeric column 'y'") as exc:
        load_table(path, missing="error")
    assert "\n" not in str(exc.value)


def test_mostly_text_column_stays_text_with_a_note(table):
    df = table.astype(object)
    df.loc[:29, "x"] = "unknown"  # 15% text: not a numeric column with a few stray values
    ds = load_table(df)
    assert ds.profile.kinds()["x"] == "categorical"
    assert "column 'x' is mostly numbers but 30 of 200 values are not" in _notes(ds)


def test_infinite_values_are_read_as_missing_with_a_note(tmp_path, table):
    df = table.copy()
    df.loc[[2, 3], "x"] = np.inf
    df.loc[4, "y"] = -np.inf
    path = tmp_path / "inf.csv"
    df.to_csv(path, index=False)
    assert "inf" in path.read_text()
    ds = load_table(path)
    notes = _notes(ds)
    assert "read 2 infinite values in 'x' (inf) as missing" in notes
    assert "read 1 infinite value in 'y' (-inf) as missing" in notes
    assert ds.profile.n == 197 and np.isfinite(ds.numeric()[["x", "y", "z"]]).all().all()
    with pytest.raises(DataError, match="3 rows in inf.csv have missing values"):
        load_table(path, missing="error")
    # A frame given directly gets the same treatment, and profiling a raw frame does not crash.
    assert load_table(df, missing="median").profile.n == 200
    profile, _ = profile_frame(df[["x", "y", "z"]].copy())
    assert profile.linear is not None


@pytest.mark.parametrize(
    "sep, decimal, note",
    [
        (";", ".", "separated by semicolons, not commas"),
        (";", ",", "separated by semicolons, not commas, with decimal commas"),
        ("\t", ".", "separated by tabs, not commas"),
        ("|", ".", "separated by vertical bars, not commas"),
    ],
)
def test_other_separators_are_detected(tmp_path, table, sep, decimal, note):
    path = tmp_path / "semi.csv"
    table.to_csv(path, sep=sep, decimal=decimal, index=False)
    ds = load_table(path)
    assert list(ds.raw.columns) == list(table.columns)
    assert f"read semi.csv as {note}" in _notes(ds)
    np.testing.assert_allclose(ds.frame["x"].to_numpy(), table["x"].to_numpy())


def test_ragged_file_with_another_separator_hints_at_it(tmp_path):
    rows = ["a;b;c"] + [f"{i};{i + 1};{i * 2}" for i in range(12)] + ["1;2"]
    path = tmp_path / "ragged.csv"
    path.write_text("\n".join(rows) + "\n")
    with pytest.raises(DataError, match="single column 'a;b;c'") as exc:
        load_table(path)
    assert "separated by semicolons" in exc.value.hint


def test_latin1_file_is_read_with_a_note(tmp_path, table):
    path = tmp_path / "latin.csv"
    table.to_csv(path, index=False, encoding="latin-1")
    with pytest.raises(UnicodeDecodeError):
        path.read_text(encoding="utf-8")
    ds = load_table(path)
    assert set(ds.frame["region"]) == {"nord", "süd", "öst"}
    assert "latin.csv is not valid UTF-8: read it as cp1252" in _notes(ds)
    # Valid UTF-8 gets no such note.
    table.to_csv(tmp_path / "utf8.csv", index=False)
    assert "UTF-8" not in _notes(load_table(tmp_path / "utf8.csv"))


def test_ids_and_text_are_noted_and_refused_when_named(table):
    df = table.assign(name=[f"customer {i}" for i in range(200)])
    ds = load_table(df)
    assert set(ds.analysable()) == {"region", "x", "y", "z"}
    notes = _notes(ds)
    assert "not analysed: column 'customer_id' looks like an id" in notes
    assert "not analysed: column 'name' is text with a different value in every row" in notes
    with pytest.raises(DataError, match="Column 'name' is text .* cannot be analysed") as exc:
        load_table(df, columns=["name", "x", "y"])
    assert exc.value.hint and "\n" not in str(exc.value)
    with pytest.raises(DataError, match="Column 'customer_id' looks like an id"):
        load_table(df, columns=["x", "customer_id"])


def test_time_index_is_noted_but_not_refused(table):
    df = table.drop(columns="customer_id").assign(
        date=pd.date_range("2024-01-01", periods=200).astype(str)
    )
    ds = load_table(df, columns=["date", "x", "y"])
    assert ds.profile.index_column == "date"
    assert "column 'date' holds dates; CD-NOD can use it" in _notes(ds)


def test_cli_discover_reports_and_refuses_in_one_line(tmp_path, table):
    df = table.astype(object)
    df.loc[7, "y"] = "?"
    path = tmp_path / "mixed.csv"
    df.to_csv(path, index=False)
    res = runner.invoke(
        app, ["discover", str(path), "--algo", "pc", "--columns", "x,y,z", "--json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert sorted(out["nodes"]) == ["x", "y", "z"]
    assert any("'y' as missing (e.g. '?')" in n for n in out["data_notes"])
    res = runner.invoke(app, ["discover", str(path), "--columns", "customer_id,x,y"])
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()[-1:]  # after the progress lines, one error line
    assert res.stderr.count("Error:") == 1 and "Column 'customer_id' looks like an id" in lines[0]


def test_spaces_around_column_names_are_dropped_with_a_note(tmp_path, table):
    path = tmp_path / "spaced.csv"
    table.rename(columns={"x": " x", "y": "y  "}).to_csv(path, index=False)
    ds = load_table(path)
    assert {"x", "y"} <= set(ds.columns)
    assert "read column names without the spaces around them (' x' as 'x', 'y  ' as 'y')" in (
        _notes(ds)
    )


def test_blanks_in_a_free_text_or_id_column_cost_no_row(tmp_path):
    rng = np.random.default_rng(5)
    n = 400
    age = rng.normal(size=n)
    coupon = (rng.random(n) < 1 / (1 + np.exp(-age))).astype(int)
    revenue = 2.0 * coupon + age + rng.normal(size=n)
    comment = np.where(rng.random(n) < 0.4, [f"comment number {i}" for i in range(n)], None)
    order = np.where(rng.random(n) < 0.9, np.arange(5000, 5000 + n), np.nan)
    df = pd.DataFrame(
        {"order_no": order, "age": age, "coupon": coupon, "revenue": revenue, "comment": comment}
    )
    df.loc[[3, 9], "age"] = np.nan  # an analysed column: its two rows are dropped
    path = tmp_path / "orders.csv"
    df.to_csv(path, index=False)
    for policy in ("drop", "mean", "error"):
        if policy == "error":
            with pytest.raises(DataError, match=r"2 rows .*have missing values \(in 'age'\)"):
                load_table(path, missing=policy)
            continue
        ds = load_table(path, missing=policy)
        assert ds.profile.n == (n - 2 if policy == "drop" else n)
        kinds = ds.profile.kinds()
        assert kinds["comment"] == "id" and kinds["order_no"] == "id"
        assert ds.frame["comment"].isna().sum() > 0.5 * n  # not filled with a made-up value
        blanks = int(df["comment"].isna().sum())
        assert f"kept {blanks} blank values in 'comment'" in _notes(ds)
        assert "kept" in _notes(ds) and "'order_no'" in _notes(ds)
    res = runner.invoke(
        app,
        ["estimate", str(path), "-t", "coupon", "-y", "revenue", "--no-refute", "--json"],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert out["n_rows"] == n - 2 and out["adjustment_set"] == ["age"]
    assert out["ci"][0] <= 2.0 <= out["ci"][1]


def test_blanks_in_a_text_column_with_repeated_values_still_drop_their_rows(table):
    table.loc[[0, 1, 2], "region"] = None
    ds = load_table(table)
    assert ds.profile.n == 197
    assert "dropped 3 of 200 rows with missing values (in 'region')" in _notes(ds)


def test_levels_that_differ_only_in_case_or_spaces_are_one_level():
    rng = np.random.default_rng(2)
    n = 300
    channel = rng.choice(["email", "call", "none"], n)
    typed = channel.astype(object)
    typed[:20] = [v.upper() for v in channel[:20]]  # "EMAIL"
    typed[20:30] = [f" {v.title()}  " for v in channel[20:30]]  # " Email  "
    outcome = np.where(rng.random(n) < 0.5, "Yes", "no")
    outcome[:15] = "yes"
    df = pd.DataFrame({"channel": typed, "bought": outcome, "x": rng.normal(size=n)})
    ds = load_table(df)
    assert sorted(ds.frame["channel"].unique()) == ["call", "email", "none"]
    kinds = ds.profile.kinds()
    assert kinds["channel"] == "categorical" and kinds["bought"] == "binary"
    # the most common spelling names the level
    assert set(ds.frame["bought"].unique()) == {"Yes", "no"}
    note = next(n for n in ds.notes if n.startswith("merged values of 'channel'"))
    assert "'EMAIL' -> 'email'" in note and "30 rows" in note
    assert any(n.startswith("merged values of 'bought'") for n in ds.notes)
    # distinct words stay distinct levels
    df = pd.DataFrame({"grade": rng.choice(["A", "B", "AB"], n), "x": rng.normal(size=n)})
    assert not any(n.startswith("merged") for n in load_table(df).notes)
