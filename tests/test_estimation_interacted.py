"""Estimators chosen by checks, with known answers: the interacted regression (Lin) for a
binary treatment whose effect varies where overlap is limited, and boosted-tree nuisance
models for DML when the confounding is a step that additive splines smooth over."""

import numpy as np
import pandas as pd
import pytest

from copilot.tools.estimation import estimate_effect
from copilot.tools.estimation.batched import BatchedRegression
from copilot.tools.estimation.interacted import interacted_ols
from copilot.tools.estimation.roles import estimation_graph


def _limited_overlap(seed: int, n: int = 1200) -> tuple[pd.DataFrame, float]:
    """Spend drives both the treatment (propensities near 0 and 1) and the size of its effect."""
    rng = np.random.default_rng(seed)
    spend = rng.lognormal(1.5, 0.7, n)
    visits = rng.poisson(3, n).astype(float)
    p = 1 / (1 + np.exp(-(4.0 * (np.log(spend) - 1.5) + 0.1 * (visits - 3))))
    t = (rng.random(n) < p).astype(int)
    y = 5 + 0.9 * spend + 0.4 * visits + t * (1 + 0.3 * spend) + rng.normal(0, 2, n)
    truth = 1 + 0.3 * np.exp(1.5 + 0.7**2 / 2)  # 1 + 0.3 E[spend]
    return pd.DataFrame({"spend": spend, "visits": visits, "t": t, "y": y}), truth


def test_limited_overlap_with_a_varying_effect_uses_the_interacted_regression():
    df, truth = _limited_overlap(0)
    g = estimation_graph("t", "y", ["spend", "visits"])
    r = estimate_effect(df, "t", "y", graph=g, refute=False)
    assert r.method == "linear_regression"
    assert r.ci_kind == "analytic (HC3, interacted)"
    assert "Lin's estimator" in r.method_reason
    assert r.ci[0] <= truth <= r.ci[1]
    assert abs(r.ate - truth) < 0.35
    # plain regression weights the effect by the treatment variance: it misses the average
    plain = estimate_effect(df, "t", "y", graph=g, method="linear_regression", refute=False)
    assert not plain.ci[0] <= truth <= plain.ci[1]
    assert abs(plain.ate - truth) > abs(r.ate - truth)


def test_the_interacted_interval_reaches_its_nominal_coverage():
    covered = 0
    seeds = 60
    for seed in range(seeds):
        df, truth = _limited_overlap(100 + seed, n=600)
        value, se = interacted_ols(df, "t", "y", ["spend", "visits"])
        covered += abs(value - truth) <= 1.96 * se
    # 95% nominal; 60 seeds leave a Monte Carlo SD of about 3 points
    assert covered / seeds >= 0.87


def test_batched_refits_of_the_interacted_regression_match_it():
    df, _ = _limited_overlap(1, n=400)
    batch = BatchedRegression("linear_regression", df, "t", "y", ["spend", "visits"], 1, 0, True)
    rng = np.random.default_rng(0)
    rows = [rng.integers(0, len(df), len(df)) for _ in range(4)]
    values, ok = batch.effects(*batch.resampled(rows))
    assert ok.all()
    for idx, v in zip(rows, values, strict=True):
        part = df.iloc[idx].reset_index(drop=True)
        assert v == pytest.approx(interacted_ols(part, "t", "y", ["spend", "visits"])[0], abs=1e-8)


def test_refutations_run_on_the_interacted_regression():
    df, truth = _limited_overlap(2, n=800)
    g = estimation_graph("t", "y", ["spend", "visits"])
    r = estimate_effect(df, "t", "y", graph=g, n_refute=10)
    names = {f.name: f for f in r.refutations}
    assert names["placebo_treatment"].passed
    assert names["random_common_cause"].passed


def test_step_confounding_gives_dml_boosted_tree_nuisance_models():
    rng = np.random.default_rng(3)
    n = 800
    pasture = rng.uniform(0, 1, n)
    herd = rng.gamma(4.0, 30.0, n)
    poor = (pasture < 0.35).astype(float)
    dose = 2 + 3 * poor + 0.005 * (herd - 120) + rng.normal(0, 0.8, n)
    milk = 22 + 1.5 * dose - 7 * poor + 0.01 * (herd - 120) + rng.normal(0, 2, n)
    df = pd.DataFrame({"pasture": pasture, "herd": herd, "dose": dose, "milk": milk})
    g = estimation_graph("dose", "milk", ["pasture", "herd"])
    r = estimate_effect(df, "dose", "milk", graph=g, refute=False)
    assert r.method == "dml"
    assert "boosted trees, which fit clearly better" in r.method_reason
    assert r.ci[0] <= 1.5 <= r.ci[1]


def test_boosted_trees_replace_splines_only_for_a_step():
    from copilot.tools.estimation.estimators import trees_fit_better

    rng = np.random.default_rng(4)
    n = 800
    x = rng.uniform(0, 1, n)
    for step, expected in ((True, True), (False, False)):
        shape = (x < 0.35).astype(float) if step else np.sin(3 * x)
        t = 2 + 3 * shape + rng.normal(0, 0.8, n)
        y = 1.5 * t - 4 * shape + rng.normal(0, 2, n)
        df = pd.DataFrame({"x": x, "t": t, "y": y})
        better, found = trees_fit_better(df, "t", "y", ["x"])
        assert better == expected, found


def test_limited_overlap_with_nonlinear_confounding_uses_dml_not_a_linear_regression():
    """A curved confounder with a constant effect: the interaction check (spline main effects)
    does not read the curve as a varying effect, and DML adjusts without weights."""
    rng = np.random.default_rng(0)
    n = 1000
    x, z = rng.normal(0, 1, n), rng.normal(0, 1, n)
    p = 1 / (1 + np.exp(-(2.0 * np.tanh(2 * x) + 1.3 * x + 0.3 * z)))
    t = (rng.random(n) < p).astype(int)
    y = 2.0 * t + 4 * np.tanh(2 * x) + 1.5 * x**2 + 0.5 * z + rng.normal(0, 1.5, n)
    df = pd.DataFrame({"x": x, "z": z, "t": t, "y": y})
    g = estimation_graph("t", "y", ["x", "z"])
    r = estimate_effect(df, "t", "y", graph=g, refute=False)
    assert r.overlap is not None and not r.overlap.adequate
    assert r.method == "dml"
    assert "interactions are not significant" in r.method_reason
    assert r.ci[0] <= 2.0 <= r.ci[1]
    plain = estimate_effect(df, "t", "y", graph=g, method="linear_regression", refute=False)
    assert not plain.ci[0] <= 2.0 <= plain.ci[1]
