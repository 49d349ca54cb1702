"""The data layer: loading each format, validation errors, missing values, profiles, encoding."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copilot.errors import ColumnNotFoundError, DataError, InputError
from copilot.tools.data import load_table, parse_column_list, read_table
from copilot.tools.simulate import random_dag, simulate


@pytest.fixture
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    x = rng.normal(size=200)
    return pd.DataFrame(
        {"x": x, "y": 2 * x + rng.normal(size=200), "group": rng.choice(["a", "b", "c"], 200)}
    )


@pytest.mark.parametrize("ext", ["csv", "tsv", "parquet", "jsonl"])
def test_every_format_loads_the_same_table(tmp_path, frame, ext):
    path = tmp_path / f"t.{ext}"
    if ext == "csv":
        frame.to_csv(path, index=False)
    elif ext == "tsv":
        frame.to_csv(path, index=False, sep="\t")
    elif ext == "parquet":
        frame.to_parquet(path)
    else:
        frame.to_json(path, orient="records", lines=True)
    ds = load_table(path)
    assert ds.name == "t" and ds.columns == ["x", "y", "group"]
    np.testing.assert_allclose(ds.frame["x"].to_numpy(), frame["x"].to_numpy())


def test_dataframe_input_and_profile(frame):
    ds = load_table(frame, name="demo")
    kinds = ds.profile.kinds()
    assert kinds == {"x": "continuous", "y": "continuous", "group": "categorical"}
    assert ds.encoding == {"group": {"a": 0, "b": 1, "c": 2}}
    assert any("encoded categorical column 'group'" in n for n in ds.notes)
    assert set(ds.numeric()["group"].unique()) == {0.0, 1.0, 2.0}
    assert ds.profile.n == 200 and ds.profile.p == 3
    assert ds.profile.discrete_share == pytest.approx(1 / 3)


def test_profile_linearity_gaussianity_and_index():
    g = random_dag(5, 1.5, seed=1)
    lin = load_table(simulate(g, 2000, "linear_gaussian", seed=1).data).profile
    assert (lin.linear, lin.gaussian) == (True, True)
    nong = load_table(simulate(g, 2000, "linear_nongaussian", seed=1).data).profile
    assert (nong.linear, nong.gaussian) == (True, False)
    nonlin = load_table(simulate(g, 2000, "nonlinear", seed=1).data).profile
    assert nonlin.linear is False
    multi = load_table(
        simulate(g, 600, "linear_gaussian", seed=1, n_domains=3, changing=["x1"]).data
    ).profile
    assert multi.index_column == "domain"


@pytest.mark.parametrize("name", ["policy_no", "account_nr", "order_number", "patient_id"])
def test_a_numbered_row_name_with_gaps_is_an_id(name):
    # rows dropped or filtered out leave gaps in the running number; the name says what it is
    rng = np.random.default_rng(0)
    ids = np.sort(rng.choice(np.arange(1000, 2000), 300, replace=False))
    x = rng.normal(size=300)
    ds = load_table(pd.DataFrame({name: ids, "x": x, "y": x + rng.normal(size=300)}))
    assert {c.name: c.kind for c in ds.profile.columns}[name] == "id"
    # an integer measure with gaps and another name stays a measure
    other = load_table(pd.DataFrame({"visits": ids, "x": x, "y": x + rng.normal(size=300)}))
    assert {c.name: c.kind for c in other.profile.columns}["visits"] != "id"


@pytest.mark.parametrize(
    "content, name, error, text",
    [
        (None, "missing.csv", DataError, "does not exist"),
        ("", "empty.csv", DataError, "is empty"),
        ("a,b\n1,2\n1,2,3,4\n", "ragged.csv", DataError, "Cannot parse ragged.csv as CSV"),
        ("x", "data.sav", DataError, "Unsupported file type '.sav'"),
        ("x", "data.xlsx", DataError, "Cannot read data.xlsx as an Excel workbook"),
        (
            "a,b,a\n" + "1,2,3\n" * 12,
            "dup.csv",
            DataError,
            "Duplicate column names in dup.csv: 'a'",
        ),
        ("a,b\n" + "1,2\n" * 5, "few.csv", DataError, "Only 5 rows in few.csv; at least 10"),
        ("not parquet", "bad.parquet", DataError, "bad.parquet"),
    ],
)
def test_bad_files_raise_one_line_errors(tmp_path, content, name, error, text):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(error, match=text) as exc:
        load_table(path)
    assert "\n" not in str(exc.value) and exc.value.hint


def test_empty_and_constant_columns_are_dropped_with_a_warning(frame):
    frame = frame.assign(empty=np.nan, const=3)
    with pytest.warns(UserWarning) as caught:
        ds = load_table(frame)
    assert sorted(str(w.message).split(":")[0] for w in caught) == [
        "dropped column 'const'",
        "dropped column 'empty'",
    ]
    assert "empty" not in ds.columns and "const" not in ds.columns
    assert "dropped column 'const': constant (every value is 3)" in ds.notes
    with pytest.raises(DataError, match="cannot be used: dropped column 'const'"):
        ds.require("const")
    with pytest.raises(DataError, match="Every column is empty or constant"):
        load_table(pd.DataFrame({"a": [1] * 20, "b": [np.nan] * 20}))


def test_unknown_columns_suggest_the_nearest(frame):
    with pytest.raises(ColumnNotFoundError, match="Unknown column 'grop'") as exc:
        load_table(frame, columns=["x", "grop"])
    assert exc.value.hint == "did you mean 'group'?"
    with pytest.raises(InputError, match="column list is empty"):
        load_table(frame, columns=[])
    assert parse_column_list(" a, b ,,c ") == ["a", "b", "c"]


def test_missing_values_policies(frame):
    frame.loc[[1, 5, 7], "y"] = np.nan
    dropped = load_table(frame)
    assert dropped.profile.n == 197
    assert any("dropped 3 of 200 rows with missing values (in 'y')" in n for n in dropped.notes)
    mean = load_table(frame, missing="mean")
    assert mean.profile.n == 200
    assert mean.frame["y"].iloc[1] == pytest.approx(frame["y"].mean())
    assert any("imputed 3 missing values in 'y' with the mean" in n for n in mean.notes)
    assert load_table(frame, missing="median").frame["y"].iloc[5] == pytest.approx(
        frame["y"].median()
    )
    with pytest.raises(DataError, match="3 rows have missing values"):
        load_table(frame, missing="error")
    with pytest.raises(InputError, match="Unknown missing-value policy"):
        load_table(frame, missing="zero")  # type: ignore[arg-type]


def test_duplicate_dataframe_columns():
    df = pd.DataFrame(np.zeros((12, 2)), columns=["a", "a"])
    with pytest.raises(DataError, match="Duplicate column names: 'a'"):
        load_table(df)


def test_read_table_rejects_a_folder(tmp_path):
    with pytest.raises(DataError, match="is a folder"):
        read_table(tmp_path)
