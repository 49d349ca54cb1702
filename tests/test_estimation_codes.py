"""Whole-number codes among the covariates: a branch or district numbered 1..k whose levels act
in no order of their numbers is adjusted for by its levels; a quantity keeps its numeric reading."""

from __future__ import annotations

import numpy as np
import pandas as pd
import statsmodels.api as sm

from copilot.tools.estimation import estimate_effect, estimators
from copilot.tools.estimation.roles import estimation_graph


def _depots(seed: int = 3, n: int = 900) -> pd.DataFrame:
    """20 depots numbered 1..20 with effects in no order of their numbers; drivers' age in whole
    years acts linearly; a binary treatment with a true effect of 2."""
    rng = np.random.default_rng(seed)
    depot_push = rng.normal(0.0, 0.8, 21)
    depot_level = rng.normal(0.0, 4.0, 21) + 3.0 * depot_push
    depot = rng.integers(1, 21, n)
    age = rng.integers(20, 65, n)
    p = 1 / (1 + np.exp(-(depot_push[depot] - 0.02 * (age - 42))))
    coaching = rng.binomial(1, p)
    deliveries = 30 + 2.0 * coaching + depot_level[depot] + 0.1 * (age - 42) + rng.normal(0, 3, n)
    return pd.DataFrame(
        {"depot_no": depot, "driver_age": age, "coaching": coaching, "deliveries": deliveries}
    )


def test_a_code_is_read_by_its_levels_and_a_quantity_by_its_number():
    df = _depots()
    codes, found = estimators.code_columns(df, "coaching", "deliveries", ["depot_no", "driver_age"])
    assert codes == ["depot_no"] and "20 whole-number levels" in found


def test_the_effect_adjusted_for_a_code_by_its_levels_covers_the_truth():
    df = _depots()
    graph = estimation_graph("coaching", "deliveries", ["depot_no", "driver_age"])
    r = estimate_effect(
        df, "coaching", "deliveries", graph=graph, method="linear_regression", refute=False
    )
    assert abs(r.ate - 2.0) < 0.5 and r.ci[0] <= 2.0 <= r.ci[1]
    assert any("depot_no" in n and "categories" in n for n in r.notes)
    # read as a number, the depot code leaves most of its confounding in the estimate
    naive_code = estimators.robust_ols_interval(
        df.astype(float), "coaching", "deliveries", ["depot_no", "driver_age"], 0.95
    )
    assert not naive_code.ci[0] <= 2.0 <= naive_code.ci[1]


def test_a_level_held_by_one_row_leaves_the_robust_interval_finite():
    # Three levels of the code have a single row each: those rows have leverage 1 in the
    # one-hot design, where HC3's 0 / (1 - 1)^2 made the interval (-inf, inf) on some builds.
    rng = np.random.default_rng(11)
    n = 400
    code = rng.integers(0, 6, n)
    code[:3] = [7, 8, 9]
    t = rng.binomial(1, 0.3 + 0.05 * (code % 6), n).astype(float)
    y = 1.5 * t + 0.4 * (code % 6) + rng.normal(0, 1, n)
    frame = pd.DataFrame({"t": t, "code": pd.Categorical(code), "y": y})
    X = sm.add_constant(estimators.design(frame, ["t", "code"]), has_constant="add")
    fit = estimators.hc3_ols(frame["y"].to_numpy(), X)
    assert fit.nobs == n - 3  # the rows of leverage 1 are left out
    assert np.all(np.isfinite(fit.het_scale)) and fit.het_scale.max() < 100
    est = estimators.robust_ols_interval(frame, "t", "y", ["code"], 0.95)
    lo, hi = est.ci
    assert np.isfinite(lo) and np.isfinite(hi) and lo < 1.5 < hi
    assert 0 < est.p_value < 1e-6
    # the singleton rows carry nothing on the effect: the fit without them is the same
    rest = frame.iloc[3:].assign(code=lambda d: d["code"].cat.remove_unused_categories())
    same = estimators.robust_ols_interval(rest, "t", "y", ["code"], 0.95)
    assert abs(same.value - est.value) < 1e-9
    assert abs(same.ci[0] - lo) < 1e-9 and abs(same.ci[1] - hi) < 1e-9
