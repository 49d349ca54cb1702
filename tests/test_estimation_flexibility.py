"""The check that chooses flexible nuisance models: right on known shapes, and asked twice
about the same data (as one estimate without a graph does) it fits only once."""

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

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


def test_dml_averages_its_nuisance_fits_over_several_splits():
    """A count treatment (library loans) with a curved confounder: DML's estimate depends on
    which fold each row falls in; averaging the held-out nuisance predictions over several
    random splits makes the estimates of two seeds agree more closely than one split's,
    and each interval still covers the effect (0.4 per loan)."""
    from econml.dml import LinearDML

    from copilot.tools.estimation import estimate_effect
    from copilot.tools.graph import CausalGraph

    rng = np.random.default_rng(5)
    n = 300
    age, income = rng.normal(size=(2, n))
    loans = rng.poisson(np.exp(0.8 + 0.4 * np.sin(2 * age) + 0.3 * income)).astype(float)
    score = 0.4 * loans + 1.5 * np.sin(2 * age) + income + rng.normal(size=n)
    df = pd.DataFrame({"age": age, "income": income, "loans": loans, "score": score})
    graph = CausalGraph.from_edges(
        None,
        [("age", "loans"), ("income", "loans"), ("age", "score"), ("income", "score")]
        + [("loans", "score")],
        kind="dag",
    )
    repeated, single = [], []
    for seed in range(2):
        r = estimate_effect(
            df, "loans", "score", graph=graph, method="dml", refute=False, seed=seed
        )
        assert r.ci[0] < 0.4 < r.ci[1]
        repeated.append(r.ate)
        one = LinearDML(
            model_y=estimators.nuisance_models(False, seed),
            model_t=estimators.nuisance_models(False, seed),
            cv=3,
            random_state=seed,
        )
        one.fit(score, loans, W=df[["age", "income"]].to_numpy())
        single.append(float(one.ate()))
    assert abs(repeated[0] - repeated[1]) < 0.6 * abs(single[0] - single[1])


def test_dml_interval_has_hc3_standard_errors_for_a_skewed_count():
    """A negative-binomial count treatment (app sessions) has a few residuals far out: DML's
    interval uses HC3 standard errors of its final residual-on-residual regression (statsmodels'
    HC3 on the same residuals), wider than econml's HC0 interval, the estimate unchanged."""
    import statsmodels.api as sm
    from econml.dml import LinearDML

    from copilot.tools.estimation import estimate_effect
    from copilot.tools.graph import CausalGraph

    rng = np.random.default_rng(3)
    n = 300
    engagement, age = rng.normal(size=(2, n))
    mu = np.exp(1.0 + 0.6 * engagement + 0.2 * age)
    sessions = rng.negative_binomial(2, 2 / (2 + mu)).astype(float)
    y = 0.25 * sessions + 0.8 * engagement + 0.3 * age + rng.normal(size=n)
    df = pd.DataFrame({"engagement": engagement, "age": age, "sessions": sessions, "y": y})
    graph = CausalGraph.from_edges(
        None,
        [(c, d) for c in ("engagement", "age") for d in ("sessions", "y")] + [("sessions", "y")],
        kind="dag",
    )
    r = estimate_effect(df, "sessions", "y", graph=graph, method="dml", refute=False, seed=1)
    hc0 = LinearDML(
        model_y=estimators.nuisance_models(False, 1),
        model_t=estimators.nuisance_models(False, 1),
        cv=3,
        mc_iters=estimators.DML_SPLITS,
        random_state=1,
    )
    hc0.fit(y, sessions, W=df[["engagement", "age"]].to_numpy(), cache_values=True)
    lo, hi = (float(np.ravel(v)[0]) for v in hc0.ate_interval(alpha=0.05))
    assert r.ate == pytest.approx(float(hc0.ate()), abs=1e-9)
    y_res, t_res, _, _ = hc0.residuals_
    se = sm.OLS(np.ravel(y_res), np.ravel(t_res)).fit(cov_type="HC3").bse[0]
    assert r.ci == pytest.approx((r.ate - 1.959964 * se, r.ate + 1.959964 * se), abs=1e-6)
    assert r.ci_kind == "analytic (HC3)"
    assert r.ci[1] - r.ci[0] > 1.02 * (hi - lo)
    assert r.ci[0] < 0.25 < r.ci[1]


def _curved_overlap(curved: bool, seed: int = 0, n: int = 1000) -> pd.DataFrame:
    """A binary treatment taken mostly by large sites (limited overlap) and an outcome with a
    small curve in the site's size: the true effect is 2.0 for every unit."""
    rng = np.random.default_rng(seed)
    size = rng.gamma(3.0, 1.0, n)
    z = (size - 3.0) / np.sqrt(3.0)
    age = rng.normal(40, 8, n)
    t = (rng.random(n) < 1 / (1 + np.exp(-(0.3 + 2.2 * z)))).astype(int)
    y = 5 + 2.0 * t + 3.0 * z + (0.3 * z**2 if curved else 0) + 0.05 * age + rng.normal(0, 2.5, n)
    return pd.DataFrame({"site_size": size, "age": age, "t": t, "y": y})


def test_form_check_sees_a_small_curve_that_moves_the_effect(monkeypatch):
    """The curve adds little to the outcome's cross-validated R2 (the flexibility check stays
    linear), but with the arms at different sizes it biases a linear regression by several
    standard errors: the form check compares the effects, only the curved table fails it, and
    the estimator chosen for it is a flexible one."""
    from copilot.tools.estimation import core

    cov = ["site_size", "age"]
    df = _curved_overlap(True)
    flexible, _ = estimators.flexibility_check(df, "t", "y", cov, True, True)
    assert not flexible
    linear = estimators.robust_ols_interval(df, "t", "y", cov, 0.95)
    assert linear.ci[1] < 2.0
    differs, found = estimators.form_check(df, "t", "y", cov)
    assert differs and "differs" in found
    straight = _curved_overlap(False)
    differs, found = estimators.form_check(straight, "t", "y", cov)
    assert not differs and "does not differ" in found

    monkeypatch.setattr(core, "_aipw_outcome_family", lambda *a: ("quadratic", "stub"))
    args = ("auto", "backdoor", "binary", "continuous")
    method, why, _ = core._choose_method(*args, df, "t", "y", cov, None)
    assert method == "aipw" and "differs from the linear one" in why
    method, why, _ = core._choose_method(*args, straight, "t", "y", cov, None)
    assert method == "linear_regression" and "does not differ" in why


def _enrolment(threshold: bool, seed: int = 3, n: int = 400) -> pd.DataFrame:
    """A voucher offered by distance and age; enrolment a logistic curve of a linear score (or,
    with `threshold`, of a step in distance); reminder calls a consequence of enrolment."""
    rng = np.random.default_rng(seed)
    distance = rng.normal(size=n)
    age = rng.normal(size=n)
    voucher = (rng.random(n) < 1 / (1 + np.exp(-0.8 * distance + 0.5 * age))).astype(int)
    score = (
        1.0 * voucher + 0.8 * age + (4.0 * (distance > 0.3) - 2.0 if threshold else 2.5 * distance)
    )
    enrolled = (rng.random(n) < 1 / (1 + np.exp(-2.0 * score))).astype(int)
    calls = 1.5 * enrolled + rng.normal(size=n)
    return pd.DataFrame(
        {"voucher": voucher, "enrolled": enrolled, "distance": distance, "age": age, "calls": calls}
    )


def test_a_logistic_outcome_is_compared_with_a_logistic_model():
    """A 0/1 outcome whose log-odds are linear in its causes: a linear regression of the 0/1
    column loses to splines (the logistic curve bends), a logistic model does not, so the role
    path's check (`binary_y`) finds no gain and keeps the linear search; a step in a
    confounder still shows in the R2 of the predicted risks."""
    from copilot.tools.data import load_table
    from copilot.tools.estimation.without_graph import _nonlinear

    cov = ["distance", "age", "calls"]
    linear = _enrolment(False)
    flexible, found = estimators.flexibility_check(linear, "voucher", "enrolled", cov, True)
    assert flexible, found  # the risk regressed linearly bends
    roles = SimpleNamespace(roles=dict.fromkeys(cov))
    assert _nonlinear(load_table(linear), "voucher", "enrolled", roles) is None
    step = _enrolment(True)
    flexible, found = estimators.flexibility_check(
        step, "voucher", "enrolled", cov, True, binary_y=True
    )
    assert flexible and "outcome (R2 of logistic risks)" in found, found


def test_noise_columns_do_not_make_boosted_trees_win(monkeypatch):
    """A logistic treatment in three covariates next to 60 columns of noise: ridge keeps every
    noise column and loses to boosted trees, which pick their columns; the L1 fit, tried from
    SPARSE_FROM columns, drops them, so no flexible model is chosen for a linear relation."""
    rng = np.random.default_rng(0)
    n = 1000
    age, income, plan = rng.normal(size=n), rng.lognormal(0, 0.4, n), rng.integers(0, 3, n)
    t = rng.binomial(1, 1 / (1 + np.exp(-(0.35 * age + 0.3 * (income - 1) * 3 + 0.4 * plan))))
    X = np.column_stack([age, income, plan == 1, plan == 2, rng.normal(size=(n, 60))])
    X = X.astype(float)
    linear, flexible = estimators.linear_and_flexible_fit(X, t, True)
    assert flexible - linear < estimators.FLEXIBLE_GAIN, (linear, flexible)
    monkeypatch.setattr(estimators, "SPARSE_FROM", 10**6)  # ridge alone
    ridge, flexible = estimators.linear_and_flexible_fit(X, t, True)
    assert ridge < linear and flexible - ridge > estimators.FLEXIBLE_GAIN, (ridge, flexible)
