"""Batched refits give the same bootstrap draws and refutations as DoWhy's refits one by one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copilot.tools.estimation import batched, estimate_effect
from copilot.tools.estimation import estimators as est_mod
from copilot.tools.estimation.batched import BatchedRegression
from copilot.tools.estimation.identify import identify
from copilot.tools.estimation.refute import run_refuters
from copilot.tools.graph import CausalGraph

GRAPH = CausalGraph.from_edges(
    None, [("w", "t"), ("w", "y"), ("r", "t"), ("r", "y"), ("t", "y")], kind="dag"
)


def data(binary_y: bool, n: int = 600, seed: int = 3) -> pd.DataFrame:
    """w (continuous) and r (a 3-level category) confound a binary t and y."""
    rng = np.random.default_rng(seed)
    w = rng.normal(size=n)
    r = rng.integers(0, 3, n)
    t = (rng.random(n) < 1 / (1 + np.exp(-(0.8 * w + 0.4 * (r - 1))))).astype(int)
    if binary_y:
        logit = -0.3 + 1.0 * t + 0.7 * w - 0.5 * (r == 2)
        y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(float)
    else:
        y = 2.0 * t + 1.5 * w + 0.5 * r + rng.normal(size=n)
    return pd.DataFrame({"w": w, "r": pd.Categorical(r), "t": t, "y": y})


def setup(method: str, binary_y: bool):
    frame = data(binary_y)
    ident = identify(GRAPH, "t", "y", observed=list(frame.columns), backdoor_only=True)
    ident.estimand.set_identifier_method("backdoor")
    batch = BatchedRegression.for_estimand(method, ident.estimand, frame, 1.0, 0.0)
    assert batch is not None and batch.columns[:2] == ["const", "t"]

    def refit(d: pd.DataFrame) -> float:
        return est_mod.fit_value(method, ident.estimand, d, 1.0, 0.0)[0]

    return frame, ident, batch, refit


@pytest.mark.parametrize(("method", "binary_y"), [("glm", True), ("linear_regression", False)])
def test_bootstrap_draws_match_the_refits_one_by_one(method, binary_y):
    frame, _, batch, refit = setup(method, binary_y)
    one_by_one = est_mod.bootstrap(refit, frame, 12, seed=5)
    stacked = est_mod.bootstrap(refit, frame, 12, seed=5, batch=batch)
    np.testing.assert_allclose(stacked, one_by_one, rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize(
    ("method", "binary_y", "per_stack"),
    [("glm", True, None), ("linear_regression", False, None), ("glm", True, 3)],
)
def test_refutations_match_the_refits_one_by_one(method, binary_y, per_stack, monkeypatch):
    frame, ident, batch, refit = setup(method, binary_y)
    if per_stack is not None:  # several stacks per refuter: the draws stay in the same order
        n, k = batch.X.shape
        monkeypatch.setattr(batched, "CHUNK_NUMBERS", per_stack * n * (k + 1))
        assert batch.chunk_rows() == per_stack
    value, dowhy_estimate, _ = est_mod.fit_value(method, ident.estimand, frame, 1.0, 0.0)
    args = (ident.estimand, dowhy_estimate, frame, "t", value, (value - 0.1, value + 0.1))
    slow = run_refuters(*args, 0.95, 7, 7, refit)
    fast = run_refuters(*args, 0.95, 7, 7, refit, batch=batch)
    assert (
        [r.name for r in fast]
        == [r.name for r in slow]
        == [
            "placebo_treatment",
            "random_common_cause",
            "data_subset",
            "bootstrap",
        ]
    )
    for a, b in zip(fast, slow, strict=True):
        assert a.new_effect == pytest.approx(b.new_effect, rel=1e-7, abs=1e-10), a.name
        assert a.passed == b.passed


def test_a_fit_the_stack_cannot_make_goes_back_to_dowhy():
    frame, _, batch, refit = setup("linear_regression", False)
    # a resample where the category r never takes level 2: its indicator is all zeros
    rows = [np.flatnonzero(frame["r"].to_numpy() != 2)[:300], np.arange(300)]
    values, ok = batch.effects(*batch.resampled(rows))
    assert ok.tolist() == [False, True] and np.isnan(values[0])


def test_effect_json_has_the_time_of_each_stage():
    frame = data(False, n=400)
    r = estimate_effect(frame, "t", "y", graph=GRAPH, n_refute=3)
    assert set(r.timings) == {
        "data_s",
        "graph_s",
        "identify_s",
        "estimate_s",
        "refute_s",
        "explain_s",
    }
    assert sum(r.timings.values()) <= r.elapsed_s + 1e-3
    assert r.to_json_dict()["timings"] == r.timings
    assert r.ate == pytest.approx(2.0, abs=0.3)


def test_a_logistic_effect_of_a_dose_far_from_zero_is_read_where_the_data_are():
    # A dose of about 50 +- 6 with a binary outcome whose risk rises by 0.012 per unit
    # (additive risk) and a confounder x. Read from dose 0 to 1, the logistic curve's far tail
    # gives a small fraction of that; read around the median it is the data's slope.
    rng = np.random.default_rng(5)
    n = 2000
    x = rng.normal(size=n)
    dose = 50 + 4 * x + rng.normal(0, 4, n)
    y = (rng.random(n) < np.clip(0.35 + 0.012 * (dose - 50) + 0.08 * x, 0, 1)).astype(int)
    frame = pd.DataFrame({"x": x, "dose": dose, "y": y})
    graph = CausalGraph.from_edges(["x", "dose", "y"], [("x", "dose"), ("x", "y"), ("dose", "y")])
    assert est_mod.contrast_in_data("glm", frame, "dose", 1.0, 0.0) == pytest.approx(
        (float(np.median(dose)) + 0.5, float(np.median(dose)) - 0.5)
    )
    # values inside the data, another method, or a binary treatment: unchanged
    assert est_mod.contrast_in_data("glm", frame, "x", 1.0, 0.0) == (1.0, 0.0)
    assert est_mod.contrast_in_data("linear_regression", frame, "dose", 1.0, 0.0) == (1.0, 0.0)
    assert est_mod.contrast_in_data("glm", frame, "y", 1.0, 0.0) == (1.0, 0.0)
    ident = identify(graph, "dose", "y", observed=list(frame.columns), backdoor_only=True)
    ident.estimand.set_identifier_method("backdoor")
    at_zero = est_mod.fit_value("glm", ident.estimand, frame, 1.0, 0.0)[0]
    assert at_zero < 0.006  # the tail of the curve
    read = est_mod.contrast_in_data("glm", frame, "dose", 1.0, 0.0)
    value = est_mod.fit_value("glm", ident.estimand, frame, *read)[0]
    assert abs(value - 0.012) < 0.002
    # the batched bootstrap reads the same contrast
    batch = BatchedRegression.for_estimand("glm", ident.estimand, frame, *read)
    values, ok = batch.effects(*batch.resampled([np.arange(n)]))
    assert ok[0] and values[0] == pytest.approx(value, abs=1e-4)
