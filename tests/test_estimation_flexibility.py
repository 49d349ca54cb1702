"""The check that chooses flexible nuisance models: right on known shapes, and asked twice
about the same data (as one estimate without a graph does) it fits only once."""

import numpy as np
import pandas as pd

from copilot.tools.estimation import estimators


def _frame(nonlinear: bool, seed: int = 0, n: int = 600) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    z = rng.normal(size=n)
    t = 0.5 * x + rng.normal(size=n)
    y = 1.0 * t + (3.0 * np.abs(x) if nonlinear else 1.5 * x) + 0.5 * z + rng.normal(size=n)
    return pd.DataFrame({"t": t, "y": y, "x": x, "z": z})


def test_flexible_models_are_chosen_only_for_nonlinear_relations():
    flexible, found = estimators.flexibility_check(_frame(True), "t", "y", ["x", "z"], False)
    assert flexible and "outcome" in found
    flexible, _ = estimators.flexibility_check(_frame(False), "t", "y", ["x", "z"], False)
    assert not flexible


def test_the_same_data_is_checked_once(monkeypatch):
    calls = []
    real = estimators._flexibility_check

    def counted(*args):
        calls.append(args[3])
        return real(*args)

    monkeypatch.setattr(estimators, "_flexibility_check", counted)
    df = _frame(True, seed=1)
    first = estimators.flexibility_check(df, "t", "y", ["x", "z"], False)
    # the same columns in another order and another frame object with equal values
    again = estimators.flexibility_check(
        df.copy()[["z", "x", "y", "t"]], "t", "y", ["z", "x"], False
    )
    assert again == first and len(calls) == 1
    changed = df.copy()
    changed.loc[0, "y"] += 1.0
    estimators.flexibility_check(changed, "t", "y", ["x", "z"], False)
    estimators.flexibility_check(df, "t", "y", ["x"], False)
    assert len(calls) == 3


def test_products_find_two_covariates_acting_together():
    """y = 1.5 a b: no additive curve sees it and few shallow trees see little of it; a
    quadratic with pairwise products sees it all."""
    rng = np.random.default_rng(0)
    a, b, c = rng.normal(size=(3, 800))
    y = 1.5 * a * b + 0.5 * c + rng.normal(size=800)
    X = np.column_stack([a, b, c])
    lin, flex = estimators.linear_and_flexible_fit(X, y, False)
    assert flex - lin < 0.1
    lin, flex = estimators.linear_and_flexible_fit(X, y, False, products=True)
    assert flex - lin > 0.5


def _dose_acting_together(seed: int, n: int = 800) -> pd.DataFrame:
    """A continuous treatment confounded through a * b (effect 0.5 per unit)."""
    rng = np.random.default_rng(seed)
    a = rng.uniform(0, 2, n)
    b = rng.poisson(3, n).astype(float)
    t = 2 + 0.8 * a * b + rng.normal(size=n)
    y = 1 + 0.5 * t - 1.5 * a * b + 0.3 * b + rng.normal(size=n)
    return pd.DataFrame({"a": a, "b": b, "t": t, "y": y})


def test_dml_uses_a_quadratic_where_it_fits_best():
    from copilot.tools.estimation import estimate_effect
    from copilot.tools.graph import CausalGraph

    graph = CausalGraph.from_edges(
        None, [("a", "t"), ("b", "t"), ("a", "y"), ("b", "y"), ("t", "y")], kind="dag"
    )
    for seed in range(2):
        df = _dose_acting_together(seed)
        choice, found = estimators.trees_fit_better(df, "t", "y", ["a", "b"])
        assert choice == "quadratic" and "quadratic" in found
        r = estimate_effect(df, "t", "y", graph=graph, refute=False)
        assert r.method == "dml" and "pairwise products" in r.method_reason
        assert abs(r.ate - 0.5) < 0.05 and r.ci[0] < 0.5 < r.ci[1]


def _risk_of_a_dose(seed: int, n: int = 1000) -> pd.DataFrame:
    """A binary outcome whose risk rises 0.05 per unit of a continuous dose; the dose and the
    risk both grow with x squared (a U-shaped confounder)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    z = rng.normal(size=n)
    t = np.clip(1.0 + 0.6 * x**2 + 0.2 * z + rng.normal(0, 0.5, n), 0, None)
    risk = 0.05 + 0.05 * t + 0.45 * (1 / (1 + np.exp(-(2.0 * x**2 - 2.0))))
    y = (rng.random(n) < risk).astype(int)
    return pd.DataFrame({"x": x, "z": z, "t": t, "y": y})


def test_binary_outcome_of_a_dose_with_curved_confounding_uses_dml():
    """A logistic model with linear terms leaves the U-shape in the risk difference (0.05 per
    unit): with flexible models clearly better, the choice is DML, whose interval covers it."""
    from copilot.tools.estimation import estimate_effect
    from copilot.tools.graph import CausalGraph

    graph = CausalGraph.from_edges(
        None, [("x", "t"), ("z", "t"), ("x", "y"), ("t", "y")], kind="dag"
    )
    df = _risk_of_a_dose(0)
    logit = estimate_effect(df, "t", "y", graph=graph, refute=False, method="glm", n_boot=50)
    assert not logit.ci[0] < 0.05 < logit.ci[1]
    r = estimate_effect(df, "t", "y", graph=graph, refute=False)
    assert r.method == "dml" and "binary outcome" in r.method_reason
    assert abs(r.ate - 0.05) < 0.03 and r.ci[0] < 0.05 < r.ci[1]


def test_dml_spline_nuisance_fits_a_curved_confounder_in_the_tails():
    # Knots at quantiles and straight continuation past them: held-out rows beyond the
    # fitted range (as in cross-fitting) stay close to a square; evenly spaced knots with a
    # flat continuation miss there (held-out MSE about 0.07 on this seed).
    rng = np.random.default_rng(0)
    x = rng.normal(size=(600, 2))
    x_new = rng.normal(size=(5000, 2))
    model = estimators.nuisance_models(False, 0).fit(x, 1.5 * x[:, 0] ** 2 + x[:, 1])
    err = 1.5 * x_new[:, 0] ** 2 + x_new[:, 1] - model.predict(x_new)
    assert np.mean(err**2) < 0.03
