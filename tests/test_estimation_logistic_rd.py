"""The logistic model's risk difference and its analytic (delta-method) interval."""

import numpy as np
import pandas as pd
import pytest

from copilot.tools.estimation import estimate_effect
from copilot.tools.estimation.logistic_rd import risk_difference
from copilot.tools.graph import CausalGraph


def _sig(z):
    return 1 / (1 + np.exp(-z))


def _clinic(rng, n):
    """A confounded binary treatment with a logistic outcome (made-up clinic visits)."""
    a, b = rng.normal(size=(2, n))
    t = (rng.random(n) < _sig(0.6 * a - 0.4 * b)).astype(float)
    y = (rng.random(n) < _sig(-0.8 + 0.6 * t + 0.9 * a + 0.4 * b)).astype(float)
    return y, t, np.column_stack([a, b])


def _truth():
    rng = np.random.default_rng(123)
    a, b = rng.normal(size=(2, 1_000_000))
    return float(np.mean(_sig(-0.2 + 0.9 * a + 0.4 * b) - _sig(-0.8 + 0.9 * a + 0.4 * b)))


def test_the_analytic_standard_error_matches_the_spread_of_the_estimates():
    """Over 300 simulated tables the mean standard error is within 10% of the estimates' SD,
    and the 95% intervals cover the true risk difference 90-99% of the time."""
    truth = _truth()
    values, ses = [], []
    for seed in range(300):
        v, se = risk_difference(*_clinic(np.random.default_rng(seed), 600), 1.0, 0.0)
        values.append(v)
        ses.append(se)
    values, ses = np.array(values), np.array(ses)
    assert np.mean(ses) / np.std(values) == pytest.approx(1.0, abs=0.1)
    assert abs(np.mean(values) - truth) < 0.01
    covered = np.mean(np.abs(values - truth) <= 1.96 * ses)
    assert 0.90 <= covered <= 0.99


def test_glm_estimate_gets_the_analytic_interval_around_the_same_point():
    rng = np.random.default_rng(5)
    y, t, X = _clinic(rng, 2000)
    df = pd.DataFrame({"age": X[:, 0], "income": X[:, 1], "visit": t.astype(int), "y": y})
    g = CausalGraph.from_edges(
        None, [("age", "visit"), ("income", "visit"), ("age", "y"), ("income", "y"), ("visit", "y")]
    )
    r = estimate_effect(df, "visit", "y", graph=g, refute=False, n_boot=40)
    assert r.method == "glm"
    assert r.ci_kind.startswith("analytic (delta method")
    value, se = risk_difference(y, t, X, 1.0, 0.0)
    assert r.ate == pytest.approx(value, rel=1e-6)
    assert (r.ci[1] - r.ci[0]) / 2 == pytest.approx(1.96 * se, rel=1e-3)
    assert r.ci[0] <= _truth() <= r.ci[1]


def test_a_continuous_treatment_is_read_between_the_two_values():
    """Without an effect of the dose the risk difference of one unit is near 0, and the
    interval comes from the same formula at any pair of values."""
    rng = np.random.default_rng(8)
    n = 1500
    a = rng.normal(size=n)
    dose = 2 + a + rng.normal(size=n)
    y = (rng.random(n) < _sig(-0.3 + 0.8 * a)).astype(float)
    v, se = risk_difference(y, dose, a[:, None], 1.0, 0.0)
    assert abs(v) < 3 * se and 0 < se < 0.05
    v2, se2 = risk_difference(y, dose, a[:, None], 3.0, 2.0)
    assert abs(v2) < 3 * se2 and se2 < 0.05


def test_the_interval_is_given_only_for_the_model_it_describes():
    """A value from another model (say one with effect modifiers) keeps the bootstrap: None."""
    from types import SimpleNamespace

    from copilot.tools.estimation.logistic_rd import glm_interval

    y, t, X = _clinic(np.random.default_rng(11), 800)
    frame = pd.DataFrame({"age": X[:, 0], "income": X[:, 1], "visit": t, "y": y})
    estimand = SimpleNamespace(
        treatment_variable=["visit"],
        outcome_variable=["y"],
        get_backdoor_variables=lambda: ["age", "income"],
    )
    value, se = risk_difference(y, t, X, 1.0, 0.0)
    point = glm_interval(frame, estimand, value, 1.0, 0.0, 0.9)
    assert point is not None and point.p_value < 0.05
    assert point.ci == pytest.approx((value - 1.6449 * se, value + 1.6449 * se), rel=1e-3)
    assert glm_interval(frame, estimand, value + 0.01, 1.0, 0.0, 0.9) is None
