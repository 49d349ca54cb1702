"""AIPW (doubly robust) for a binary treatment whose effect varies: the ATE, not regression's
variance-weighted average, chosen by a check."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copilot.tools.estimation import estimate_effect
from copilot.tools.estimation.aipw import aipw_scores, interaction_check, interval
from copilot.tools.graph import CausalGraph

GRAPH = CausalGraph.from_edges(
    None, [("x", "t"), ("x", "y"), ("w", "t"), ("w", "y"), ("t", "y")], kind="dag"
)


def _varying_effect(seed: int, n: int = 1000) -> pd.DataFrame:
    """Effect 2 + 2x (ATE 2); treatment likelier at high x, so units with x near -0.8 have the
    most balanced propensity and regression weights them most (its estimate is about 0.6)."""
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=(2, n))
    t = (rng.random(n) < 1 / (1 + np.exp(-(1.5 * x + 1.2)))).astype(int)
    y = 1 + t * (2 + 2 * x) + 1.5 * x + w + rng.normal(size=n)
    return pd.DataFrame({"x": x, "w": w, "t": t, "y": y})


def _constant_effect(seed: int, n: int = 800) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=(2, n))
    t = (rng.random(n) < 1 / (1 + np.exp(-(0.8 * x + 0.4 * w)))).astype(int)
    y = 1 + 2 * t + 1.5 * x + w + rng.normal(size=n)
    return pd.DataFrame({"x": x, "w": w, "t": t, "y": y})


def test_aipw_scores_average_to_the_ate():
    df = _varying_effect(1)
    X = df[["x", "w"]].to_numpy()
    value, ci, p = interval(aipw_scores(X, df.t.to_numpy(), df.y.to_numpy()), 0.95)
    assert ci[0] <= 2.0 <= ci[1]
    assert abs(value - 2.0) < 0.25
    assert p < 1e-6


def test_interaction_check_finds_a_varying_effect_and_not_a_constant_one():
    varies, found = interaction_check(_varying_effect(2), "t", "y", ["x", "w"])
    assert varies and "significant" in found
    varies, _ = interaction_check(_constant_effect(2), "t", "y", ["x", "w"])
    assert not varies


def test_auto_chooses_aipw_when_the_effect_varies_and_regression_would_miss():
    df = _varying_effect(3)
    r = estimate_effect(df, "t", "y", graph=GRAPH, refute=False)
    assert r.method == "aipw"
    assert "varies with the covariates" in r.method_reason
    assert r.ci_kind == "analytic (influence function)"
    assert r.ci[0] <= 2.0 <= r.ci[1]
    ols = estimate_effect(df, "t", "y", graph=GRAPH, method="linear_regression", refute=False)
    assert not ols.ci[0] <= 2.0 <= ols.ci[1]  # the variance-weighted average, not the ATE


def test_auto_keeps_regression_when_the_effect_is_constant():
    r = estimate_effect(_constant_effect(4), "t", "y", graph=GRAPH, refute=False)
    assert r.method == "linear_regression"
    assert r.ci[0] <= 2.0 <= r.ci[1]


def test_aipw_can_be_requested_and_is_refuted_like_the_others():
    r = estimate_effect(
        _constant_effect(5, n=600), "t", "y", graph=GRAPH, method="doubly_robust", n_refute=2
    )
    assert r.method == "aipw"
    assert r.ci[0] <= 2.0 <= r.ci[1]
    names = {x.name for x in r.refutations}
    assert {"placebo_treatment", "random_common_cause", "data_subset"} <= names
    placebo = next(x for x in r.refutations if x.name == "placebo_treatment")
    assert placebo.passed


def _u_shaped(seed: int, n: int = 2000) -> pd.DataFrame:
    """Treatment likelier at both ends of x, the outcome rising with x squared (effect 1): the
    untreated are rare where the outcome is highest, so each arm's model must extrapolate."""
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=(2, n))
    t = (rng.random(n) < 1 / (1 + np.exp(-(-1 + x**2 + 0.3 * w)))).astype(int)
    y = 2 + 1.0 * t + 1.8 * x**2 + 0.5 * w + rng.normal(size=n)
    return pd.DataFrame({"x": x, "w": w, "t": t, "y": y})


def test_aipw_outcome_models_are_chosen_where_fixed_ones_extrapolate_wrongly():
    from copilot.tools.estimation.aipw import choose_outcome_model

    chosen, fixed = [], []
    for seed in range(4):
        df = _u_shaped(seed)
        X, t, y = df[["x", "w"]].to_numpy(), df.t.to_numpy(), df.y.to_numpy()
        family, found = choose_outcome_model(X, t, y)
        assert family == "quadratic" and "weighted by 1 / P(arm" in found
        chosen.append(interval(aipw_scores(X, t, y, family), 0.95)[0])
        fixed.append(interval(aipw_scores(X, t, y, True), 0.95)[0])  # splines and trees
    assert abs(np.mean(chosen) - 1.0) < 0.08
    assert np.mean(fixed) - 1.0 > 0.12  # trees and splines continue x squared too flat


def _acting_together(seed: int, n: int = 800) -> pd.DataFrame:
    """Confounding through the product a * b (effect 2), which no additive model represents."""
    rng = np.random.default_rng(seed)
    a, b, w = rng.normal(size=(3, n))
    t = (rng.random(n) < 1 / (1 + np.exp(-(1.2 * a * b + 0.3 * w)))).astype(int)
    y = 1 + 2 * t + 1.5 * a * b + 0.5 * w + rng.normal(size=n)
    return pd.DataFrame({"a": a, "b": b, "w": w, "t": t, "y": y})


def test_auto_models_two_confounders_acting_together():
    graph = CausalGraph.from_edges(
        None,
        [(c, "t") for c in "abw"] + [(c, "y") for c in "abw"] + [("t", "y")],
        kind="dag",
    )
    for seed in range(2):
        r = estimate_effect(_acting_together(seed), "t", "y", graph=graph, refute=False)
        assert r.method == "aipw" and "quadratic" in r.method_reason
        assert abs(r.ate - 2.0) < 0.15 and r.ci[0] < 2.0 < r.ci[1]


def test_spline_outcome_models_follow_a_skewed_confounder_where_its_units_are():
    """Farm area is lognormal (a long right tail) and the larger farms are treated: the splines'
    knots sit at the area's quantiles, where the units are, so the outcome curve of each arm is
    right over the bulk of the other arm. Knots spread evenly over the range put four of five
    in the sparse tail and leave about 0.35 of bias (effect 6, n = 3000, four tables)."""
    estimates = []
    for seed in range(4):
        rng = np.random.default_rng(seed)
        area = rng.lognormal(3.0, 0.9, 3000)
        visits = rng.poisson(2.0, 3000)
        t = rng.binomial(1, 1 / (1 + np.exp(-(-4.2 + 1.3 * np.log(area) + 0.2 * visits))))
        y = 20 + 6 * t + 8 * (np.log(area) - 3) - visits + rng.normal(0, 4, 3000)
        X = np.column_stack([area, visits])
        value, ci, _ = interval(aipw_scores(X, t, y, "additive splines"), 0.95)
        assert ci[0] <= 6.0 <= ci[1]
        estimates.append(value)
    assert abs(np.mean(estimates) - 6.0) < 0.15


def _uneven_weights(seed: int, n: int = 600) -> pd.DataFrame:
    """Propensities from 0.02 to 0.98 (inside the common support, but a few units carry the
    weights); a constant effect of 2 and a curved confounder."""
    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=(2, n))
    e = 0.02 + 0.96 / (1 + np.exp(-(1.8 * x + 0.5 * w)))
    t = (rng.random(n) < e).astype(int)
    y = 2 * t + x + 0.6 * x**2 + 0.5 * w + rng.normal(size=n)
    return pd.DataFrame({"x": x, "w": w, "t": t, "y": y})


def test_effective_share_of_the_weights():
    from copilot.tools.estimation.refute import _effective_share

    assert _effective_share(np.ones(4)) == 1.0
    assert np.isclose(_effective_share(np.array([1.0, 1.0, 1.0, 5.0])), 64 / 28 / 4)


def test_uneven_weights_with_a_constant_effect_leave_aipw_for_an_estimator_without_weights():
    r = estimate_effect(_uneven_weights(0), "t", "y", graph=GRAPH, refute=False)
    assert r.overlap.adequate and r.overlap.effective_share < 0.4
    assert r.method in ("dml", "linear_regression")
    assert "effective sample" in r.method_reason
    assert r.ci[0] <= 2.0 <= r.ci[1]
    assert abs(r.ate - 2.0) < 0.2


def test_aipw_under_uneven_weights_says_its_interval_may_be_too_narrow():
    # the effect varies, so AIPW stays (the ATE needs the weights), with the warning
    r = estimate_effect(_varying_effect(2), "t", "y", graph=GRAPH, refute=False)
    assert r.method == "aipw" and r.overlap.effective_share < 0.4
    assert "may be too narrow" in r.method_reason
    assert "intervals may be too narrow" in r.verdict_reason
    assert r.ci[0] <= 2.0 <= r.ci[1]
