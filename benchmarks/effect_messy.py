"""`copilot estimate FILE -t T -y Y` (no graph) on the untidy tables users bring.

One confounded table with a known effect (a coupon raises revenue by 4.6 in total: 3 directly,
1.6 through usage hours, a mediator; age, income and plan confound it) is written to CSV in
many variants a stranger's file has: an id column, a date column (ISO or month/day/year),
missing values, a treatment written yes/no or as booleans, a 150-level city or 40-level store
of noise, constant and duplicated columns, 120 or 40,000 rows, 30 columns of noise, names with
spaces and capitals, numbers written with thousands separators, currency or percent signs, the
outcome again in another currency, the treatment again as a flag, a free-text column (a few
repeated words, or a different note in every filled row, with blanks). Beside
it, tables of other shapes: a two-level text outcome, a continuous price confounded by a
40-level store, a dose of 0, 1 or 2, 160 rows with 12 covariates, a heavy-tailed outcome, a
seasonal confounder next to a date, eight weekly rows per customer.
Each is estimated as the CLI does (`estimate_effect(path, T, Y)`, refutations on) and
printed with its interval, whether it covers the truth, the adjustment set and the seconds it
took; a refusal prints its one-line error.

    python benchmarks/effect_messy.py                 # every table (about 2 minutes)
    python benchmarks/effect_messy.py --only city_150_levels,dose_0_1_2 --json out.json
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

TRUTH = 3 + 0.8 * 2  # direct 3, through usage hours 0.8 x 2


def _coupon(n: int = 2000, seed: int = 0) -> pd.DataFrame:
    r = np.random.default_rng(seed)
    age = r.normal(45, 12, n)
    income = r.lognormal(3.5, 0.4, n)
    plan = r.choice(["basic", "plus", "pro"], n, p=[0.5, 0.3, 0.2])
    pe = pd.Series(plan).map({"basic": 0, "plus": 0.5, "pro": 1.0}).to_numpy()
    t = r.binomial(
        1, 1 / (1 + np.exp(-(-0.3 + 0.03 * (age - 45) + 0.02 * (income - 35) + 0.8 * pe)))
    )
    usage = 5 + 2 * t + 0.5 * pe + r.normal(0, 1, n)
    y = 10 + 3 * t + 0.1 * (age - 45) + 0.05 * (income - 35) + 2 * pe + 0.8 * usage
    y = y + r.normal(0, 3, n)
    return pd.DataFrame(
        {
            "age": age.round(),
            "income_k": income.round(1),
            "plan": plan,
            "coupon": t,
            "usage_h": usage.round(2),
            "revenue": y.round(2),
        }
    )


def _variant(change: Callable[[pd.DataFrame], pd.DataFrame], **kw) -> Callable[[], tuple]:
    return lambda: (change(_coupon(**kw)), "coupon", "revenue", TRUTH)


def _with(**cols: Callable[[pd.DataFrame, np.random.Generator], object]) -> Callable:
    def change(d: pd.DataFrame) -> pd.DataFrame:
        r = np.random.default_rng(1)
        for name, make in cols.items():
            d[name] = make(d, r)
        return d

    return change


def _missing(d: pd.DataFrame) -> pd.DataFrame:
    mask = np.random.default_rng(1).random(d.shape) < 0.05
    mask[:, list(d.columns).index("coupon")] = False
    return d.mask(mask)


def _text_outcome() -> tuple:
    r = np.random.default_rng(21)
    n = 1500
    age = r.normal(50, 10, n)
    smoker = r.binomial(1, 0.3, n)
    program = r.binomial(1, 1 / (1 + np.exp(-(-0.5 + 0.05 * (age - 50) + 0.8 * smoker))))
    risk = 0.15 + 0.004 * (age - 50) + 0.1 * smoker - 0.06 * program
    df = pd.DataFrame(
        {
            "age": age.round(),
            "smoker": np.where(smoker, "yes", "no"),
            "program": program,
            "status": np.where(r.random(n) < risk, "readmitted", "well"),
        }
    )
    return df, "program", "status", -0.06


def _store_price() -> tuple:
    r = np.random.default_rng(21)
    n = 1500
    names = [f"store_{i}" for i in range(40)]
    pull = dict(zip(names, r.normal(0, 1, 40), strict=True))
    store = r.choice(names, n)
    s = pd.Series(store).map(pull).to_numpy()
    price = 10 + 1.5 * s + r.normal(0, 1, n)
    units = 100 - 3 * price + 8 * s + r.normal(0, 4, n)
    return pd.DataFrame({"store": store, "price": price, "units": units}), "price", "units", -3.0


def _dose() -> tuple:
    r = np.random.default_rng(24)
    n = 1500
    x = r.normal(0, 1, n)
    d = np.clip(np.round(1 + 0.6 * x + r.normal(0, 0.7, n)), 0, 2).astype(int)
    y = 2 + 1.2 * d + 1.5 * x + r.normal(0, 1, n)
    return pd.DataFrame({"severity": x, "dose": d, "recovery": y}), "dose", "recovery", 1.2


def _small_wide() -> tuple:
    r = np.random.default_rng(21)
    m = 160
    z = r.normal(size=(m, 12))
    t = (z[:, 0] + z[:, 1] + r.normal(size=m) > 0).astype(int)
    y = 2 * t + z[:, 0] + z[:, 1] + 0.5 * z[:, 2] + r.normal(size=m)
    df = pd.DataFrame(z, columns=[f"x{i}" for i in range(12)])
    df["treated"], df["score"] = t, y
    return df, "treated", "score", 2.0


def _heavy_tail() -> tuple:
    r = np.random.default_rng(21)
    n = 1500
    w = r.normal(0, 1, n)
    t = (w + r.normal(size=n) > 0).astype(int)
    y = 1.0 * t + w + r.standard_t(2.5, n)
    return pd.DataFrame({"wealth_idx": w, "coached": t, "gain": y}), "coached", "gain", 1.0


def _season() -> tuple:
    r = np.random.default_rng(21)
    n = 1500
    dates = pd.date_range("2022-01-01", periods=n, freq="D")
    summer = np.isin(dates.month, [6, 7, 8]).astype(int)
    promo = (r.random(n) < 0.2 + 0.5 * summer).astype(int)
    visits = 50 + 10 * promo + 20 * summer + r.normal(0, 5, n)
    df = pd.DataFrame(
        {"date": dates.strftime("%Y-%m-%d"), "summer": summer, "promo": promo, "visits": visits}
    )
    return df, "promo", "visits", 10.0


def _weekly_rows() -> tuple:
    """Eight weekly rows per customer (`CustomerID`); membership chosen per customer by age and
    tenure; a customer effect on spend, so rows of one customer are correlated."""
    r = np.random.default_rng(23)
    units, weeks = 250, 8
    age = r.normal(38, 11, units)
    tenure = r.exponential(3, units)
    member = (r.random(units) < 1 / (1 + np.exp(-(0.05 * (age - 38) + 0.3 * (tenure - 3))))).astype(
        int
    )
    level = r.normal(0, 3, units)
    row = np.repeat(np.arange(units), weeks)
    spend = (
        20
        + 2.0 * member[row]
        + 0.15 * age[row]
        + 0.8 * tenure[row]
        + level[row]
        + 0.3 * np.tile(np.arange(weeks), units)
        + r.normal(0, 2, units * weeks)
    )
    df = pd.DataFrame(
        {
            "CustomerID": [f"C-{i:05d}" for i in row],
            "week": np.tile(np.arange(1, weeks + 1), units),
            "age": age[row].round(),
            "tenure_years": tenure[row].round(1),
            "member": member[row],
            "weekly_spend": spend.round(2),
        }
    )
    return df, "member", "weekly_spend", 2.0


def _noise_columns(d: pd.DataFrame) -> pd.DataFrame:
    for i in range(30):
        d[f"noise_{i}"] = np.random.default_rng(10 + i).normal(size=len(d))
    return d


def _caps(d: pd.DataFrame) -> pd.DataFrame:
    d.columns = [c.upper().replace("_", " ") for c in d.columns]
    return d


def _scaled_text(scale: float, form: str, name: str = "revenue") -> Callable[[], tuple]:
    """The coupon table with revenue in other units, written as text (`form` of the value)."""

    def make() -> tuple:
        d = _coupon()
        d[name] = (d.pop("revenue") * scale).map(form.format)
        return d, "coupon", name, TRUTH * scale

    return make


TABLES: dict[str, Callable[[], tuple]] = {
    "plain": _variant(lambda d: d),
    "id_column": _variant(_with(customer_id=lambda d, r: np.arange(len(d)) + 100000)),
    "date_column": _variant(
        _with(
            signup=lambda d, r: pd.date_range("2020-01-01", periods=len(d), freq="h").strftime(
                "%Y-%m-%d %H:%M"
            )
        )
    ),
    "us_date_column": _variant(
        _with(
            ordered=lambda d, r: pd.date_range("2020-01-01", periods=len(d), freq="6h").strftime(
                "%m/%d/%Y %H:%M"
            )
        )
    ),
    "missing_5pct": _variant(_missing),
    "yes_no_treatment": _variant(lambda d: d.assign(coupon=d.coupon.map({1: "yes", 0: "no"}))),
    "bool_treatment": _variant(lambda d: d.assign(coupon=d.coupon.astype(bool))),
    "city_150_levels": _variant(
        _with(city=lambda d, r: r.choice([f"city_{i}" for i in range(150)], len(d)))
    ),
    "store_40_levels": _variant(
        _with(store=lambda d, r: r.choice([f"S{i:03d}" for i in range(40)], len(d)))
    ),
    "zip_numeric": _variant(_with(zip=lambda d, r: r.integers(10000, 99999, len(d)))),
    "constant_column": _variant(_with(const=lambda d, r: 1.0)),
    "duplicate_column": _variant(_with(age_copy=lambda d, r: d["age"])),
    "collinear_column": _variant(_with(income_eur=lambda d, r: d["income_k"] * 920)),
    "rows_120": _variant(lambda d: d, n=120, seed=3),
    "rows_40000": _variant(lambda d: d, n=40000, seed=4),
    "noise_30_columns": _variant(_noise_columns),
    "spaces_and_capitals": lambda: (_caps(_coupon()), "COUPON", "REVENUE", TRUTH),
    "thousands_separators": _scaled_text(1000, "{:,.2f}"),
    "currency_sign": _scaled_text(100, "${:,.2f}"),
    "percent_sign": _scaled_text(1, "{:.1f}%", "margin_pct"),
    "treatment_copied_as_flag": _variant(_with(coupon_flag=lambda d, r: d["coupon"] * 1)),
    "outcome_in_another_currency": _variant(
        _with(revenue_eur=lambda d, r: (d["revenue"] * 0.92).round(2))
    ),
    "free_text_with_blanks": _variant(
        _with(note=lambda d, r: r.choice(["ok", "late", "n/a", ""], len(d)))
    ),
    "comments_with_blanks": _variant(
        _with(
            comment=lambda d, r: [
                f"customer note {i}" if u < 0.4 else "" for i, u in enumerate(r.random(len(d)))
            ]
        )
    ),
    "text_outcome_two_levels": _text_outcome,
    "price_store_40_confounder": _store_price,
    "dose_0_1_2": _dose,
    "rows_160_covariates_12": _small_wide,
    "heavy_tailed_outcome": _heavy_tail,
    "seasonal_confounder_with_date": _season,
    "weekly_rows_per_customer": _weekly_rows,
}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default=None, help="comma-separated table names")
    ap.add_argument("--json", default=None, help="write every run to this file")
    args = ap.parse_args()
    names = list(TABLES) if not args.only else args.only.split(",")
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        ap.error(f"unknown table {unknown[0]!r}; one of {', '.join(TABLES)}")
    from copilot.errors import CopilotError
    from copilot.tools.estimation import estimate_effect

    runs = []
    print(
        f"{'table':32s} {'estimate':>9s} {'95% interval':>22s} {'truth':>6s} cover  secs  adjusted"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            df, t, y, truth = TABLES[name]()
            path = Path(tmp) / f"{name}.csv"
            df.to_csv(path, index=False)
            start = time.perf_counter()
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    r = estimate_effect(path, t, y)
                secs = time.perf_counter() - start
                covered = r.ci is not None and r.ci[0] <= truth <= r.ci[1]
                run = {
                    "table": name,
                    "ate": r.ate,
                    "ci": list(r.ci) if r.ci else None,
                    "truth": truth,
                    "covered": covered,
                    "seconds": round(secs, 1),
                    "adjustment_set": r.adjustment_set,
                    "method": r.method,
                }
                shown = ", ".join(r.adjustment_set)
                print(
                    f"{name:32s} {r.ate:9.3f} [{r.ci[0]:9.3f}, {r.ci[1]:9.3f}] {truth:6.2f} "
                    f"{'yes' if covered else 'NO':5s} {secs:5.1f}  {shown[:60]}"
                )
            except CopilotError as exc:
                secs = time.perf_counter() - start
                run = {"table": name, "error": exc.message, "truth": truth, "covered": False}
                print(f"{name:32s} refused: {exc.message}")
            runs.append(run)
            sys.stdout.flush()
    covered = sum(r["covered"] for r in runs)
    print(f"\ncovered {covered}/{len(runs)}; refused {sum('error' in r for r in runs)}")
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
