"""A column that is the outcome or the treatment written another way (another currency, a log,
a 0/1 flag of a 0/1 column) is left out of the roles' searches and of the adjustment: a copy of
the outcome adjusted for held the outcome fixed and gave a confident "no effect", and a copy of
the treatment in the searches decided another column's role. A baseline that only predicts the
outcome well is still adjusted for."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copilot.tools.data import load_table
from copilot.tools.estimation import estimate_effect
from copilot.tools.estimation.copies import copies_of, find_copies


def _sales(seed: int = 0, n: int = 1200) -> pd.DataFrame:
    """age and income confound coupon -> revenue (effect 3)."""
    r = np.random.default_rng(seed)
    age = r.normal(45, 12, n)
    income = r.lognormal(3.5, 0.4, n)
    coupon = r.binomial(1, 1 / (1 + np.exp(-(0.04 * (age - 45) + 0.03 * (income - 35)))))
    revenue = 30 + 3 * coupon + 0.2 * (age - 45) + 0.1 * (income - 35) + r.normal(0, 2, n)
    return pd.DataFrame({"age": age, "income_k": income, "coupon": coupon, "revenue": revenue})


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("revenue_eur", lambda d: (d["revenue"] * 0.92).round(2)),
        ("log_revenue", lambda d: np.log(d["revenue"])),
    ],
)
def test_a_copy_of_the_outcome_is_not_adjusted_for(name, make):
    d = _sales()
    d[name] = make(d)
    r = estimate_effect(d, "coupon", "revenue", refute=False)
    assert name not in r.adjustment_set
    assert r.roles[name].role == "descendant_of_outcome"
    assert not r.roles[name].adjusted
    assert "written another way" in r.roles[name].evidence
    assert r.ci[0] <= 3 <= r.ci[1]
    assert any(f"{name} is revenue written another way" in n for n in r.notes)


def test_a_baseline_that_predicts_the_outcome_well_is_not_a_copy():
    d = _sales()
    r = np.random.default_rng(1)
    d["revenue_last_year"] = d["revenue"] - 3 * d["coupon"] + r.normal(0, 1, len(d))
    ds = load_table(d)
    assert copies_of(ds, "revenue", {"coupon"}) == {}


def test_a_flag_equal_to_a_binary_outcome_is_a_copy():
    d = _sales()
    d["churned"] = (d["revenue"] < 30).astype(int)
    d["churn_flag"] = 1 - d["churned"]
    ds = load_table(d.drop(columns="revenue"))
    assert set(copies_of(ds, "churned", {"coupon"})) == {"churn_flag"}


def test_a_copy_of_the_treatment_is_not_adjusted_for_and_leaves_the_answer_alone():
    d = _sales()
    plain = estimate_effect(d, "coupon", "revenue", refute=False)
    d["coupon_flag"] = d["coupon"].map({1: "yes", 0: "no"}).map({"yes": 1, "no": 0})
    r = estimate_effect(d, "coupon", "revenue", refute=False)
    assert r.roles["coupon_flag"].role == "descendant_of_treatment"
    assert "coupon_flag" not in r.adjustment_set
    assert r.ate == pytest.approx(plain.ate)
    assert r.ci == pytest.approx(plain.ci)
    ds = load_table(d)
    assert find_copies(ds, "coupon", "revenue", set()) == {"coupon_flag": ("coupon", 1.0)}
