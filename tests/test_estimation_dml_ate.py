"""DML of a binary treatment targets the average effect: its final stage lets the effect vary
with the adjustment set (`dml_ate`), so limited overlap and a varying effect do not turn the
answer into a variance-weighted average. Tables made up for these tests, known answers."""

import numpy as np
import pandas as pd
import pytest

from copilot.tools.estimation import estimate_effect
from copilot.tools.estimation.dml_ate import interacted_final_stage
from copilot.tools.estimation.roles import estimation_graph


def _residuals(seed: int, n: int = 1500) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Residuals as DML's cross-fitting leaves them, with the true nuisance functions: the
    propensity rises steeply with `w` (limited overlap, off-centre) and so does the effect."""
    rng = np.random.default_rng(seed)
    w = rng.normal(size=n)
    e = 1 / (1 + np.exp(-(-1.5 + 2.5 * w)))
    t = (rng.random(n) < e).astype(float)
    effect = 2.0 + 1.0 * w
    t_res = t - e
    y_res = effect * t_res + rng.normal(0, 1 + 0.5 * np.abs(w), n)
    return y_res, t_res, w[:, None], 2.0  # the population average effect is 2


def test_the_interacted_final_stage_targets_the_average_effect():
    y_res, t_res, W, truth = _residuals(0, n=20000)
    value, se, interacted = interacted_final_stage(y_res, t_res, W)
    assert interacted
    assert abs(value - truth) < 3 * se
    # one slope weights each effect by e (1 - e), centred where the propensity is 1/2 (w 0.6)
    one_slope = float(t_res @ y_res / (t_res @ t_res))
    assert one_slope - truth > 0.4
    assert abs(one_slope - truth) > 5 * abs(value - truth)


def test_the_interacted_final_stage_reaches_its_nominal_coverage():
    covered, seeds = 0, 300
    for seed in range(seeds):
        y_res, t_res, W, truth = _residuals(100 + seed, n=800)
        value, se, _ = interacted_final_stage(y_res, t_res, W)
        covered += abs(value - truth) <= 1.96 * se
    # 95% nominal; 300 seeds leave a Monte Carlo SD of about 1.3 points
    assert 0.91 <= covered / seeds <= 0.985


def test_too_few_rows_per_term_keep_one_slope():
    y_res, t_res, W, _ = _residuals(1, n=200)
    W = np.column_stack([W, np.random.default_rng(1).normal(size=(200, 12))])
    value, se, interacted = interacted_final_stage(y_res, t_res, W)
    assert not interacted
    assert value == pytest.approx(float(t_res @ y_res / (t_res @ t_res)))
    assert se > 0


def _greenhouses(seed: int, n: int = 1500) -> tuple[pd.DataFrame, float]:
    """Larger greenhouses are far more often heated, and heating helps them more."""
    rng = np.random.default_rng(seed)
    size = rng.normal(0, 1, n)
    age = rng.uniform(0, 20, n)
    e = 1 / (1 + np.exp(-(-1.2 + 2.8 * size - 0.03 * (age - 10))))
    heated = (rng.random(n) < e).astype(int)
    harvest = (
        10 + 3 * size + 0.6 * np.sin(size) - 0.1 * age + heated * (2 + 1.2 * size)
    ) + rng.normal(0, 1.5, n)
    return pd.DataFrame({"size": size, "age": age, "heated": heated, "harvest": harvest}), 2.0


def test_dml_of_a_binary_treatment_answers_the_average_effect():
    pytest.importorskip("econml")
    df, truth = _greenhouses(3)
    g = estimation_graph("heated", "harvest", ["size", "age"])
    r = estimate_effect(df, "heated", "harvest", graph=g, method="dml", refute=False)
    assert r.ci_kind == "analytic (HC3, effect varying with the covariates)"
    assert r.ci[0] <= truth <= r.ci[1], (r.ate, r.ci)
    assert abs(r.ate - truth) < 0.3


def test_refutations_run_on_dml_of_a_binary_treatment():
    pytest.importorskip("econml")
    df, _ = _greenhouses(4, n=800)
    g = estimation_graph("heated", "harvest", ["size", "age"])
    r = estimate_effect(df, "heated", "harvest", graph=g, method="dml", n_refute=5)
    names = {f.name: f for f in r.refutations}
    assert names["placebo_treatment"].passed
    assert names["random_common_cause"].passed
