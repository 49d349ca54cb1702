"""A category with a hundred levels (a city, a store, a postcode) next to the columns that
matter: the checks behind the estimate must not read its many indicators as evidence. An
unpenalised linear model overfits them (so flexible models "win"), a joint test of the
treatment's interactions with them turns degenerate, and a joint F-test over them loses the
link one other column shows plainly."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from copilot.tools.data import load_table
from copilot.tools.estimation import estimators
from copilot.tools.estimation.aipw import interaction_check
from copilot.tools.estimation.roles import _explained_by_outcome, _treatment_lr_p


def _cities(rng: np.random.Generator, n: int, levels: int = 150) -> pd.Series:
    return pd.Series(rng.choice([f"city_{i:03d}" for i in range(levels)], n), dtype="category")


def _shop(seed: int, n: int = 2000, curved: bool = False, varying: bool = False) -> pd.DataFrame:
    """age and income_k confound coupon -> revenue (effect 3, or 3 + 2 z(age) with
    `varying`); city is noise with 150 levels (about 13 rows each)."""
    rng = np.random.default_rng(seed)
    age = rng.normal(45, 12, n)
    income = rng.lognormal(3.5, 0.4, n)
    p = 1 / (1 + np.exp(-(-0.3 + 0.03 * (age - 45) + 0.02 * (income - 35))))
    coupon = rng.binomial(1, p)
    za = (age - 45) / 12
    effect = 3 + (2 * za if varying else 0)
    shape = 4 * np.abs(za) if curved else 0.1 * (age - 45)
    revenue = 10 + effect * coupon + shape + 0.05 * (income - 35) + rng.normal(0, 3, n)
    return pd.DataFrame(
        {
            "age": age,
            "income_k": income,
            "city": _cities(rng, n),
            "coupon": coupon,
            "revenue": revenue,
        }
    )


def test_a_many_level_category_does_not_make_flexible_models_win():
    df = _shop(0)
    flexible, found = estimators.flexibility_check(
        df, "coupon", "revenue", ["age", "income_k", "city"], True
    )
    assert not flexible, found
    # the check still sees a curve next to the same category
    flexible, found = estimators.flexibility_check(
        _shop(0, curved=True), "coupon", "revenue", ["age", "income_k", "city"], True
    )
    assert flexible and "outcome" in found


def test_the_linear_baseline_keeps_the_plain_fit_of_a_few_columns():
    # ridge with its penalty chosen by cross-validation: with three columns and 600 rows the
    # plain least-squares fit, to the second decimal
    from sklearn.linear_model import LinearRegression
    from sklearn.model_selection import KFold, cross_val_score

    rng = np.random.default_rng(1)
    X = rng.normal(size=(600, 3)) * [1.0, 10.0, 0.01]
    y = X @ [1.0, 0.1, 50.0] + rng.normal(size=600)
    linear, _ = estimators.linear_and_flexible_fit(X, y, False)
    plain = cross_val_score(
        LinearRegression(), X, y, cv=KFold(3, shuffle=True, random_state=0), scoring="r2"
    ).mean()
    assert abs(linear - plain) < 0.01


def test_interactions_with_a_many_level_category_are_not_tested_on_a_handful_of_rows():
    df = _shop(2)
    varies, found = interaction_check(df, "coupon", "revenue", ["age", "income_k", "city"])
    assert not varies, found
    assert "levels with fewer than" in found
    varies, found = interaction_check(
        _shop(2, varying=True), "coupon", "revenue", ["age", "income_k", "city"]
    )
    assert varies, found


def test_a_confounder_is_not_read_as_a_consequence_because_a_category_dilutes_the_test():
    # income_k causes the treatment (weakly) and the outcome; given the outcome it adds little
    # about the treatment, but it is linked to the outcome's other cause (age), as a cause of
    # the outcome is and a consequence of it would not be: a joint F-test over age and 149
    # city indicators misses that link (p about 0.5), the test of age alone does not
    rng = np.random.default_rng(4)
    n = 2000
    age = rng.normal(0, 1, n)
    income = rng.normal(0, 1, n)
    t = 0.12 * income + rng.normal(0, 1, n)
    y = 1.0 * t + 0.4 * age + 0.2 * income + rng.normal(0, 1, n)
    df = pd.DataFrame({"age": age, "income_k": income, "city": _cities(rng, n), "t": t, "y": y})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = load_table(df)
    assert _treatment_lr_p(ds, "t", [], "income_k") < 1e-6
    assert _treatment_lr_p(ds, "t", ["y"], "income_k") > 0.05
    assert _explained_by_outcome(ds, "t", "y", "income_k") is None
