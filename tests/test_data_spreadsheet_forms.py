"""Numbers and dates written as a spreadsheet shows them ('$1,234.50', '12.5%', '1 250 €',
'(300)', '03/15/2024', '15.03.2024') are read as numbers and dates with a note, and the effect
estimated from such a file is the one estimated from the plain values; columns that mix units
stay text."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from copilot.errors import DataError
from copilot.tools.data import load_table
from copilot.tools.estimation import estimate_effect


@pytest.fixture
def spend() -> pd.DataFrame:
    r = np.random.default_rng(11)
    n = 400
    income = r.lognormal(10.5, 0.4, n)
    promo = r.binomial(1, 1 / (1 + np.exp(-(income - 40000) / 15000)))
    spend = 200 + 0.02 * income + 350 * promo + r.normal(0, 120, n)
    share = 20 + 5 * promo + 0.0001 * income + r.normal(0, 2, n)
    return pd.DataFrame(
        {
            "income": income.round(2),
            "promo": promo,
            "spend": spend.round(2),
            "share": share.round(1),
        }
    )


def _notes(ds) -> str:
    return " | ".join(ds.notes)


def test_currency_thousands_and_percent_are_read_as_numbers(tmp_path, spend):
    shown = spend.copy()
    shown["income"] = shown["income"].map(lambda v: f"{v:,.2f}")
    shown["spend"] = shown["spend"].map(lambda v: f"-${-v:,.2f}" if v < 0 else f"${v:,.2f}")
    shown["share"] = shown["share"].map(lambda v: f"{v}%")
    path = tmp_path / "spend.csv"
    shown.to_csv(path, index=False)
    assert '"$1,' in path.read_text() or '"1,' in path.read_text()  # really written with commas
    ds = load_table(path)
    assert ds.profile.kinds() == {
        "income": "continuous",
        "promo": "binary",
        "spend": "continuous",
        "share": "continuous",
    }
    np.testing.assert_allclose(ds.frame["income"], spend["income"])
    np.testing.assert_allclose(ds.frame["spend"], spend["spend"])
    np.testing.assert_allclose(ds.frame["share"], spend["share"])
    notes = _notes(ds)
    assert "read column 'income' as numbers written with thousands separators" in notes
    assert "read column 'spend' as numbers written with a currency sign ('$')" in notes
    assert "read column 'share' as numbers written with a percent sign" in notes
    assert "percentages stay in percent" in notes


def test_effect_from_formatted_numbers_equals_the_plain_one(tmp_path, spend):
    plain = tmp_path / "plain.csv"
    spend.to_csv(plain, index=False)
    shown = spend.assign(spend=spend["spend"].map(lambda v: f"{v:,.2f} €"))
    fancy = tmp_path / "fancy.csv"
    shown.to_csv(fancy, index=False)
    a = estimate_effect(plain, "promo", "spend", refute=False)
    b = estimate_effect(fancy, "promo", "spend", refute=False)
    assert b.ate == pytest.approx(a.ate)
    assert b.ci == pytest.approx(a.ci)
    assert a.ci[0] <= 350 <= a.ci[1]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (["(300)", "1,000", "-5"], [-300.0, 1000.0, -5.0]),
        (["1 250 €", "30 €"], [1250.0, 30.0]),
        (["£0.50", "£12"], [0.5, 12.0]),
        (["72 kg", "80.5 kg"], [72.0, 80.5]),
        (["35k", "120k"], [35.0, 120.0]),
    ],
)
def test_spreadsheet_forms(values, expected):
    ds = load_table(pd.DataFrame({"v": values * 10, "w": np.arange(len(values) * 10)}))
    np.testing.assert_allclose(ds.frame["v"], expected * 10)


@pytest.mark.parametrize(
    "values",
    [
        ["$3", "€4"],  # two currencies
        ["50%", "0.5"],  # a share written two ways
        ["1,5", "2,5"],  # decimal commas in a comma-separated table are ambiguous
        ["1,23,456", "7"],  # not grouped in threes
        ["5 min", "1 h"],  # two units
        ["1st", "2nd"],  # ordinals
        ["12A", "12B"],  # codes
    ],
)
def test_mixed_or_ambiguous_forms_stay_text(values):
    ds = load_table(pd.DataFrame({"v": values * 10, "w": np.arange(len(values) * 10)}))
    assert not pd.api.types.is_numeric_dtype(ds.frame["v"])
    assert ds.profile.kinds()["v"] in ("binary", "categorical")


@pytest.mark.parametrize(
    ("fmt", "how"),
    [
        ("%m/%d/%Y", "month/day/year"),
        ("%d.%m.%Y", "day/month/year"),
        ("%d/%m/%Y", "day/month/year"),
        ("%Y/%m/%d", "year/month/day"),
        ("%m/%d/%Y %H:%M", "month/day/year"),
    ],
)
def test_dates_in_other_orders_are_dates_not_categories(tmp_path, spend, fmt, how):
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(
        np.random.default_rng(2).integers(0, 365, len(spend)), unit="D"
    )
    days = days.where(days.day > 12, days + pd.Timedelta(days=13))  # day and month tell apart
    path = tmp_path / "dated.csv"
    spend.assign(order_date=days.strftime(fmt)).to_csv(path, index=False)
    ds = load_table(path)
    assert ds.profile.kinds()["order_date"] == "datetime"
    assert (ds.frame["order_date"].dt.normalize() == days.normalize()).all()
    assert f"read column 'order_date' as dates written {how}" in _notes(ds)
    assert "order_date" not in ds.analysable()


def test_dates_that_fit_both_orders_say_so():
    values = ["01/02/2024", "03/04/2024", "05/06/2024"] * 10
    ds = load_table(pd.DataFrame({"d": values, "x": np.arange(30.0), "y": np.arange(30.0) ** 2}))
    assert ds.frame["d"].iloc[0] == pd.Timestamp("2024-01-02")
    assert "month/day/year (both orders of day and month fit every value)" in _notes(ds)


def test_an_excel_workbook_is_read_from_its_first_sheet_with_a_table(tmp_path, spend):
    path = tmp_path / "spend.xlsx"
    with pd.ExcelWriter(path) as book:
        pd.DataFrame({"title": []}).to_excel(book, sheet_name="Cover", index=False)
        spend.to_excel(book, sheet_name="Data", index=False)
        spend.head(3).to_excel(book, sheet_name="Extra", index=False)
    ds = load_table(path)
    assert ds.columns == ["income", "promo", "spend", "share"]
    np.testing.assert_allclose(ds.frame["spend"], spend["spend"])
    assert "read sheet 'Data' of spend.xlsx (the workbook also has 'Cover', 'Extra')" in _notes(ds)
    r = estimate_effect(path, "promo", "spend", refute=False)
    assert r.ci[0] <= 350 <= r.ci[1]


def test_an_excel_workbook_without_a_table_is_one_line(tmp_path):
    path = tmp_path / "blank.xlsx"
    pd.DataFrame({"a": []}).to_excel(path, index=False)
    with pytest.raises(DataError, match="No sheet of blank.xlsx holds a table") as exc:
        load_table(path)
    assert "\n" not in str(exc.value)


def test_a_last_row_of_totals_is_dropped_with_a_note(tmp_path, spend):
    totals = {c: spend[c].sum() for c in spend.columns}
    branches = np.where(np.arange(len(spend)) % 2, "north", "south")
    shown = pd.concat(
        [spend.assign(branch=branches), pd.DataFrame([{**totals, "branch": "Total"}])]
    )
    path = tmp_path / "report.csv"
    shown.to_csv(path, index=False)
    ds = load_table(path)
    assert ds.profile.n == len(spend)
    assert "dropped the last row: it holds the column totals ('Total')" in _notes(ds)
    # a last row that is an ordinary unit stays
    plain = tmp_path / "plain.csv"
    spend.to_csv(plain, index=False)
    assert load_table(plain).profile.n == len(spend)


def test_amounts_in_a_file_with_decimal_commas(tmp_path, spend):
    days = pd.date_range("2024-03-13", periods=len(spend), freq="D")
    shown = pd.DataFrame(
        {
            "day": days.strftime("%d.%m.%Y"),
            "income": spend["income"].map(
                lambda v: f"{v:,.2f}".translate(str.maketrans(",.", ".,"))
            ),
            "promo": spend["promo"],
            "spend": spend["spend"].map(lambda v: f"{v:.2f} €".replace(".", ",")),
        }
    )
    path = tmp_path / "export.csv"
    shown.to_csv(path, sep=";", index=False)
    assert re.search(r"\d\.\d{3},\d{2}", path.read_text())  # dots group thousands
    ds = load_table(path)
    np.testing.assert_allclose(ds.frame["income"], spend["income"])
    np.testing.assert_allclose(ds.frame["spend"], spend["spend"])
    assert ds.profile.kinds()["day"] == "datetime"
    notes = _notes(ds)
    assert "read column 'income' as numbers written with decimal commas and thousands" in notes
    assert "read column 'spend' as numbers written with decimal commas and a currency sign" in notes


def test_a_date_column_with_other_text_further_down_stays_text():
    values = ["03/15/2024"] * 60 + ["12/xx/2024"] * 2
    ds = load_table(pd.DataFrame({"d": values, "x": np.arange(62.0), "y": np.arange(62.0) % 7}))
    assert not pd.api.types.is_datetime64_any_dtype(ds.frame["d"])
