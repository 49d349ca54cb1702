"""Effect estimation on simulated data with known effects (fixed seeds, tolerances)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copilot.errors import EstimationError, GraphError
from copilot.tools.estimation import estimate_effect
from copilot.tools.graph import CausalGraph

TRUE_ATE = 2.0


def confounded(n: int = 1500, seed: int = 0) -> pd.DataFrame:
    """w confounds a binary t and y; z only moves t; the effect of t on y is 2."""
    rng = np.random.default_rng(seed)
    w = rng.normal(size=n)
    z = rng.normal(size=n)
    t = (rng.random(n) < 1 / (1 + np.exp(-(1.2 * w + 0.5 * z)))).astype(int)
    y = TRUE_ATE * t + 2.0 * w + rng.normal(size=n)
    return pd.DataFrame({"w": w, "z": z, "t": t, "y": y})


CONFOUNDED_GRAPH = CausalGraph.from_edges(
    None, [("w", "t"), ("w", "y"), ("z", "t"), ("t", "y")], kind="dag"
)


def covers(ci, value) -> bool:
    return ci[0] <= value <= ci[1]


@pytest.mark.parametrize("method", ["linear_regression", "matching", "weighting", "stratification"])
def test_each_backdoor_estimator_covers_the_true_effect(method):
    r = estimate_effect(
        confounded(), "t", "y", graph=CONFOUNDED_GRAPH, method=method, refute=False, n_boot=40
    )
    assert r.adjustment_set == ["w"]
    assert covers(r.ci, TRUE_ATE), (method, r.ate, r.ci)
    assert r.p_value is not None and r.p_value < 0.01
    assert r.overlap is not None and r.overlap.adequate


def test_dml_covers_the_true_effect():
    pytest.importorskip("econml")
    r = estimate_effect(
        confounded(n=1000), "t", "y", graph=CONFOUNDED_GRAPH, method="dml", refute=False
    )
    assert covers(r.ci, TRUE_ATE), (r.ate, r.ci)
    assert r.ci_kind.startswith("analytic (HC3") and r.p_value < 0.01


def test_naive_difference_is_biased_and_adjustment_is_not():
    r = estimate_effect(confounded(), "t", "y", graph=CONFOUNDED_GRAPH, refute=False)
    assert r.method == "linear_regression" and "linear" in r.method_reason
    assert abs(r.naive_difference - TRUE_ATE) > 1.0  # the confounder inflates it
    assert not covers(r.ci, r.naive_difference)
    assert covers(r.ci, TRUE_ATE)
    assert "w" in r.estimand and "backdoor" in r.estimand


def test_glm_for_binary_outcome_recovers_the_risk_difference():
    rng = np.random.default_rng(1)
    n = 3000
    w = rng.normal(size=n)
    t = (rng.random(n) < 1 / (1 + np.exp(-w))).astype(int)
    logit = -0.5 + 1.0 * t + 0.8 * w
    y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    truth = float(
        np.mean(1 / (1 + np.exp(-(-0.5 + 1.0 + 0.8 * w))) - 1 / (1 + np.exp(-(-0.5 + 0.8 * w))))
    )
    g = CausalGraph.from_edges(None, [("w", "t"), ("w", "y"), ("t", "y")])
    r = estimate_effect(
        pd.DataFrame({"w": w, "t": t, "y": y}), "t", "y", graph=g, refute=False, n_boot=40
    )
    assert r.method == "glm" and r.outcome_kind == "binary"
    assert covers(r.ci, truth), (r.ate, r.ci, truth)


def test_binary_outcome_with_a_curved_confounder_gets_aipw_not_a_linear_logit():
    """Treatment and risk both rise with x squared: a logistic model with linear terms puts
    the curve into the risk difference (about 0.31 for a truth of about 0.107)."""

    def sig(z):
        return 1 / (1 + np.exp(-z))

    rng = np.random.default_rng(9)
    x, w = rng.normal(size=(2, 1_000_000))
    truth = float(
        np.mean(sig(-0.7 + 1.2 * (x**2 - 1) + 0.3 * w) - sig(-1.5 + 1.2 * (x**2 - 1) + 0.3 * w))
    )
    g = CausalGraph.from_edges(None, [("x", "t"), ("w", "t"), ("x", "y"), ("w", "y"), ("t", "y")])
    for seed in range(2):
        rng = np.random.default_rng(seed)
        x, w = rng.normal(size=(2, 1500))
        t = (rng.random(1500) < sig(-1 + x**2 + 0.3 * w)).astype(int)
        y = (rng.random(1500) < sig(-1.5 + 0.8 * t + 1.2 * (x**2 - 1) + 0.3 * w)).astype(int)
        df = pd.DataFrame({"x": x, "w": w, "t": t, "y": y})
        r = estimate_effect(df, "t", "y", graph=g, refute=False)
        assert r.method == "aipw" and "risk difference" in r.method_reason
        assert abs(r.ate - truth) < 0.04 and covers(r.ci, truth), (r.ate, r.ci, truth)


def test_frontdoor_recovers_the_effect_under_latent_confounding():
    rng = np.random.default_rng(2)
    n = 3000
    u = rng.normal(size=n)
    t = u + rng.normal(size=n)
    m = 1.5 * t + rng.normal(size=n)
    y = 0.8 * m + 2.0 * u + rng.normal(size=n)
    g = CausalGraph.from_edges(
        None, [("t", "m", "directed"), ("m", "y", "directed"), ("t", "y", "bidirected")]
    )
    r = estimate_effect(
        pd.DataFrame({"t": t, "m": m, "y": y}), "t", "y", graph=g, refute=False, n_boot=40
    )
    assert r.estimand_kind == "frontdoor" and r.method == "frontdoor" and r.frontdoor_set == ["m"]
    assert covers(r.ci, 1.2), (r.ate, r.ci)
    assert not covers(r.ci, r.naive_difference)


def _rv(y, X) -> float:
    """Cinelli and Hazlett's robustness value of the first regressor of y ~ X, by hand."""
    import statsmodels.api as sm

    fit = sm.OLS(y, sm.add_constant(X)).fit()
    dof = fit.df_resid
    fq = abs(np.asarray(fit.tvalues)[1]) / np.sqrt(dof) - 1.959963984540054 / np.sqrt(dof - 1)
    return 0.5 * (np.sqrt(fq**4 + 4 * fq**2) - fq**2) if fq > 0 else 0.0


@pytest.mark.parametrize("b, passes", [(0.8, True), (0.02, False)])
def test_frontdoor_sensitivity_checks_both_stages(b, passes):
    rng = np.random.default_rng(2)
    n = 3000
    u = rng.normal(size=n)
    t = u + rng.normal(size=n)
    m = 1.5 * t + rng.normal(size=n)
    y = b * m + 2.0 * u + rng.normal(size=n)
    g = CausalGraph.from_edges(
        None, [("t", "m", "directed"), ("m", "y", "directed"), ("t", "y", "bidirected")]
    )
    r = estimate_effect(
        pd.DataFrame({"t": t, "m": m, "y": y}), "t", "y", graph=g, n_refute=5, n_boot=20
    )
    check = next(x for x in r.refutations if x.name == "unobserved_confounder")
    rv1 = _rv(m, t[:, None])  # first stage m ~ t
    rv2 = _rv(y, np.column_stack([m, t]))  # second stage y ~ m + t
    assert f"t -> m: a hidden confounder of t and m would need to explain {rv1:.1%}" in check.detail
    assert f"m -> y given t: a hidden confounder of m and y would need to explain {rv2:.1%}" in (
        check.detail
    )
    assert rv1 > 0.5  # the first stage is strong either way
    assert check.passed is passes
    assert r.verdict == ("robust" if passes else "fragile"), r.summary()


def test_instrument_recovers_the_effect_and_ols_does_not():
    rng = np.random.default_rng(3)
    n = 3000
    u = rng.normal(size=n)
    z = rng.normal(size=n)
    t = 1.0 * z + u + rng.normal(size=n)
    y = 0.5 * t + 2.0 * u + rng.normal(size=n)
    df = pd.DataFrame({"z": z, "t": t, "y": y})
    r = estimate_effect(df, "t", "y", instrument="z", refute=False, n_boot=40)
    assert r.estimand_kind == "iv" and r.instruments == ["z"]
    assert "instrument" in r.graph_source
    assert covers(r.ci, 0.5), (r.ate, r.ci)
    assert abs(r.naive_difference - 0.5) > 0.4


def test_mediation_recovers_direct_and_indirect_effects():
    rng = np.random.default_rng(4)
    n = 3000
    w = rng.normal(size=n)
    t = (rng.random(n) < 1 / (1 + np.exp(-w))).astype(int)
    m = 1.0 * t + 0.5 * w + rng.normal(size=n)
    y = 0.7 * t + 1.5 * m + w + rng.normal(size=n)
    g = CausalGraph.from_edges(
        None, [("w", "t"), ("w", "m"), ("w", "y"), ("t", "m"), ("m", "y"), ("t", "y")]
    )
    r = estimate_effect(
        pd.DataFrame({"w": w, "t": t, "m": m, "y": y}),
        "t",
        "y",
        graph=g,
        mediator="m",
        refute=False,
        n_boot=40,
    )
    med = r.mediation
    assert med is not None and med.mediator == "m" and "w" in med.covariates
    assert covers(med.nde_ci, 0.7), med
    assert covers(med.nie_ci, 1.5), med
    assert covers(r.ci, 2.2)
    d = r.to_json_dict()
    assert d["nde"] == med.nde and d["nie_ci"] == list(med.nie_ci)


def test_a_wrong_graph_is_flagged_by_a_refuter():
    # The graph forgets that w also causes y, so nothing is adjusted for.
    wrong = CausalGraph.from_edges(None, [("w", "t"), ("z", "t"), ("t", "y")], kind="dag")
    r = estimate_effect(confounded(n=1000), "t", "y", graph=wrong, n_refute=5, n_boot=20)
    assert r.adjustment_set == []
    failed = {x.name for x in r.refutations if not x.passed}
    assert "graph_implications" in failed
    assert r.verdict == "not robust"
    right = estimate_effect(confounded(n=1000), "t", "y", graph=CONFOUNDED_GRAPH, n_refute=5)
    assert right.verdict in ("robust", "fragile"), right.summary()
    assert {x.name for x in right.refutations} >= {
        "placebo_treatment",
        "random_common_cause",
        "data_subset",
        "bootstrap",
        "unobserved_confounder",
    }


def test_ida_reports_the_range_over_orientations():
    rng = np.random.default_rng(5)
    n = 2000
    x = rng.normal(size=n)
    t = 0.8 * x + rng.normal(size=n)
    y = 1.0 * t + 1.5 * x + rng.normal(size=n)
    cpdag = CausalGraph.from_edges(
        None,
        [("x", "t", "undirected"), ("t", "y", "directed"), ("x", "y", "directed")],
        kind="cpdag",
    )
    r = estimate_effect(pd.DataFrame({"x": x, "t": t, "y": y}), "t", "y", graph=cpdag)
    assert r.estimand_kind == "ida" and r.ate is None and r.verdict == "not identified"
    assert r.undecided_edges == ["t --- x"]
    assert len(r.orientation_effects) == 2
    with_x = next(e for e in r.orientation_effects if e.parents == ["x"])
    assert covers(with_x.ci, 1.0)
    assert r.effects_range[0] <= 1.0 <= r.effects_range[1]
    assert "t --- x" in r.summary() or "between" in r.summary()


def test_a_pag_names_the_edge_to_decide():
    df = confounded(n=200)
    pag = CausalGraph.from_edges(
        None, [("w", "t", "partially_directed"), ("t", "y", "directed")], kind="pag"
    )
    with pytest.raises(EstimationError, match="w o-> t"):
        estimate_effect(df, "t", "y", graph=pag, refute=False)


def test_subgroup_effects_and_causal_forest():
    rng = np.random.default_rng(6)
    n = 2000
    g_ = rng.integers(0, 2, n)
    w = rng.normal(size=n)
    t = (rng.random(n) < 1 / (1 + np.exp(-w))).astype(int)
    y = (1.0 + 2.0 * g_) * t + w + 0.5 * g_ + rng.normal(size=n)
    df = pd.DataFrame({"grp": np.where(g_ == 1, "b", "a"), "w": w, "t": t, "y": y})
    graph = CausalGraph.from_edges(None, [("w", "t"), ("w", "y"), ("t", "y"), ("grp", "y")])
    r = estimate_effect(df, "t", "y", graph=graph, by="grp", refute=False, n_boot=20)
    by = {s.group: s for s in r.subgroups}
    assert covers(by["a"].ci, 1.0) and covers(by["b"].ci, 3.0)
    if r.forest is not None:
        forest = {g["group"]: g for g in r.forest["groups"]}
        assert forest["b"]["ate"] - forest["a"]["ate"] > 1.0


def test_result_json_has_the_documented_fields():
    r = estimate_effect(confounded(n=500), "t", "y", graph=CONFOUNDED_GRAPH, refute=False)
    d = r.to_json_dict()
    for key in (
        "ate",
        "ci",
        "p_value",
        "method",
        "method_reason",
        "estimand",
        "adjustment_set",
        "refutations",
        "verdict",
        "graph_source",
        "effects_range",
        "mediation",
        "subgroups",
        "notes",
        "artifacts",
    ):
        assert key in d
    assert isinstance(d["ci"], list) and len(d["ci"]) == 2


@pytest.mark.parametrize(
    "kwargs, error, match",
    [
        ({"treatment": "tt"}, Exception, "did you mean 't'"),
        ({"treatment": "y", "outcome": "y"}, Exception, "same column"),
        ({"method": "matching", "treatment": "w"}, EstimationError, "binary treatment"),
        ({"method": "nonsense"}, EstimationError, "Unknown estimation method"),
    ],
)
def test_bad_arguments(kwargs, error, match):
    args = {"treatment": "t", "outcome": "y"} | kwargs
    with pytest.raises(error, match=match):
        estimate_effect(
            confounded(n=100),
            args.pop("treatment"),
            args.pop("outcome"),
            graph=CONFOUNDED_GRAPH,
            refute=False,
            **args,
        )


def test_bad_graphs():
    df = confounded(n=100)
    cyclic = CausalGraph.from_edges(None, [("t", "y"), ("y", "w"), ("w", "t")])
    with pytest.raises(GraphError, match="cycle"):
        estimate_effect(df, "t", "y", graph=cyclic, refute=False)
    extra = CausalGraph.from_edges(None, [("t", "y"), ("income", "y")])
    with pytest.raises(GraphError, match="income"):
        estimate_effect(df, "t", "y", graph=extra, refute=False)


def test_no_overlap_is_refused():
    rng = np.random.default_rng(7)
    w = rng.normal(size=400)
    t = (w > 0).astype(int)
    df = pd.DataFrame({"w": w, "t": t, "y": t + w + rng.normal(size=400)})
    with pytest.raises(EstimationError, match="No overlap"):
        estimate_effect(
            df,
            "t",
            "y",
            graph=CONFOUNDED_GRAPH.model_copy(
                update={
                    "nodes": ["w", "t", "y"],
                    "edges": [e for e in CONFOUNDED_GRAPH.edges if "z" not in (e.source, e.target)],
                }
            ),
            refute=False,
        )


def test_without_a_graph_discovery_runs_first():
    pytest.importorskip("causallearn")
    rng = np.random.default_rng(8)
    n = 1500
    a = rng.normal(size=n)
    b = 0.9 * a + rng.normal(size=n)
    c = 0.7 * b + 0.6 * a + rng.normal(size=n)
    d = 0.8 * c + rng.normal(size=n)
    r = estimate_effect(pd.DataFrame({"a": a, "b": b, "c": c, "d": d}), "c", "d", refute=False)
    assert r.graph_source.startswith("covariate roles from discovery")
    assert any("causal discovery" in n for n in r.notes)
    # a and b act on d only through c: instrument-like, confidently, so not adjusted for.
    assert {k: v.role for k, v in r.roles.items()} == {"a": "instrument", "b": "instrument"}
    assert r.ci[0] < 0.8 < r.ci[1] and abs(r.ate - 0.8) < 0.05


def test_dml_without_econml_raises_dependency_error(monkeypatch):
    import sys

    from copilot.errors import DependencyError

    monkeypatch.setitem(sys.modules, "econml", None)
    with pytest.raises(DependencyError, match="econml"):
        estimate_effect(
            confounded(n=200), "t", "y", graph=CONFOUNDED_GRAPH, method="dml", refute=False
        )


def test_a_graph_without_a_path_is_a_clear_error():
    g = CausalGraph.from_edges(None, [("w", "t"), ("w", "y"), ("z", "t")])
    with pytest.raises(EstimationError, match="no directed path from t to y"):
        estimate_effect(confounded(n=200), "t", "y", graph=g, refute=False)


def test_frontdoor_and_iv_run_their_refuters():
    rng = np.random.default_rng(9)
    n = 1500
    u = rng.normal(size=n)
    z = rng.normal(size=n)
    t = z + u + rng.normal(size=n)
    y = 0.5 * t + 2.0 * u + rng.normal(size=n)
    r = estimate_effect(
        pd.DataFrame({"z": z, "t": t, "y": y}), "t", "y", instrument="z", n_refute=5, n_boot=20
    )
    names = {x.name for x in r.refutations}
    assert {"placebo_treatment", "data_subset", "bootstrap"} <= names
    placebo = next(x for x in r.refutations if x.name == "placebo_treatment")
    assert placebo.passed and abs(placebo.new_effect) < 0.3


@pytest.mark.parametrize("effect, passes", [(0.5, True), (0.05, False)])
def test_iv_sensitivity_is_the_reduced_form_robustness_value(effect, passes):
    import statsmodels.api as sm

    rng = np.random.default_rng(9)
    n = 1500
    u = rng.normal(size=n)
    z = rng.normal(size=n)
    t = z + u + rng.normal(size=n)
    y = effect * t + 2.0 * u + rng.normal(size=n)
    r = estimate_effect(
        pd.DataFrame({"z": z, "t": t, "y": y}), "t", "y", instrument="z", n_refute=5, n_boot=20
    )
    check = next(x for x in r.refutations if x.name == "unobserved_confounder")
    # Cinelli and Hazlett's robustness value of the reduced form y ~ z, by hand
    fit = sm.OLS(y, sm.add_constant(z)).fit()
    dof = fit.df_resid
    fq = abs(fit.tvalues[1]) / np.sqrt(dof) - 1.959963984540054 / np.sqrt(dof - 1)
    rv = 0.5 * (np.sqrt(fq**4 + 4 * fq**2) - fq**2) if fq > 0 else 0.0
    assert f"explain {rv:.1%} of the residual variance of both z and y" in check.detail
    assert check.passed is passes and bool(rv > 0.10) is passes
    assert "direct effect of z on y" in check.detail
    assert r.verdict == ("robust" if passes else "fragile"), r.summary()


def _two_instrument_data(effect: float, n: int = 3000, seed: int = 0) -> pd.DataFrame:
    # every variable has a non-zero mean: 2SLS without intercepts would be biased here
    rng = np.random.default_rng(seed)
    u = rng.normal(size=n)
    z1, z2 = rng.normal(1.0, 1.0, n), rng.normal(2.0, 1.0, n)
    t = z1 + 0.5 * z2 + u + 5.0 + rng.normal(size=n)
    y = effect * t + 2.0 * u + 3.0 + rng.normal(size=n)
    return pd.DataFrame({"z1": z1, "z2": z2, "t": t, "y": y})


def test_two_instruments_give_2sls_with_intercepts():
    from statsmodels.sandbox.regression.gmm import IV2SLS

    df = _two_instrument_data(0.5)
    g = CausalGraph.from_dot("digraph { z1 -> t; z2 -> t; t -> y; }")
    r = estimate_effect(df, "t", "y", graph=g, method="iv", n_refute=5, n_boot=50)
    assert r.instruments == ["z1", "z2"]
    ones = np.ones(len(df))
    ref = IV2SLS(
        df["y"], np.column_stack([ones, df["t"]]), np.column_stack([ones, df["z1"], df["z2"]])
    ).fit()
    assert r.ate == pytest.approx(np.asarray(ref.params)[1], abs=1e-9)
    assert covers(r.ci, 0.5), (r.ate, r.ci)
    # with the same data centred, intercepts do not matter and the estimate must not move
    centred = estimate_effect(
        df - df.mean(), "t", "y", graph=g, method="iv", refute=False, n_boot=10
    )
    assert centred.ate == pytest.approx(r.ate, abs=1e-9)


def test_user_graph_names_an_unobserved_confounder():
    df = _two_instrument_data(0.5)
    # the IV graph needs both t -> y and a hidden common cause of t and y
    g = CausalGraph.from_dot(
        "digraph { z1 -> t; z2 -> t; t -> y; unobserved_u -> t; unobserved_u -> y; }"
    )
    r = estimate_effect(df, "t", "y", graph=g, refute=False, n_boot=50)
    assert r.method == "iv" and r.instruments == ["z1", "z2"]
    assert covers(r.ci, 0.5), (r.ate, r.ci)
    assert "two-stage least squares" in r.estimand
    typo = CausalGraph.from_dot("digraph { z1 -> t; t -> y; unobservd_u -> t; unobservd_u -> y; }")
    with pytest.raises(GraphError, match="unobservd_u") as err:
        estimate_effect(df, "t", "y", graph=typo, refute=False)
    assert "unobserved_<name>" in err.value.hint


@pytest.mark.parametrize("effect, passes", [(0.5, True), (0.03, False)])
def test_two_instrument_sensitivity_uses_the_first_stage_prediction(effect, passes):
    import statsmodels.api as sm

    df = _two_instrument_data(effect)
    g = CausalGraph.from_dot("digraph { z1 -> t; z2 -> t; t -> y; }")
    r = estimate_effect(df, "t", "y", graph=g, method="iv", n_refute=5, n_boot=20)
    check = next(x for x in r.refutations if x.name == "unobserved_confounder")
    # by hand: 2SLS is IV with the single instrument t_hat, so its robustness value is that of
    # the reduced form y ~ t_hat
    Z = sm.add_constant(df[["z1", "z2"]])
    t_hat = sm.OLS(df["t"], Z).fit().fittedvalues
    fit = sm.OLS(df["y"], sm.add_constant(t_hat)).fit()
    dof = fit.df_resid
    fq = abs(fit.tvalues.iloc[1]) / np.sqrt(dof) - 1.959963984540054 / np.sqrt(dof - 1)
    rv = 0.5 * (np.sqrt(fq**4 + 4 * fq**2) - fq**2) if fq > 0 else 0.0
    assert f"explain {rv:.1%} of the residual variance" in check.detail, check.detail
    assert "t as predicted by z1, z2" in check.detail
    assert check.passed is passes and bool(rv > 0.10) is passes


def test_large_graph_uses_the_optimal_adjustment_set():
    import networkx as nx

    from copilot.tools.simulate import random_dag, simulate

    g = random_dag(20, avg_degree=3, seed=1)
    sim = simulate(g, 3000, seed=1)
    dg = nx.DiGraph(g.directed_edges())
    order = list(nx.topological_sort(dg))
    t, y = next(
        (a, b)
        for a in order
        for b in order
        if a != b and nx.has_path(dg, a, b) and len(nx.ancestors(dg, a)) >= 3
    )
    r = estimate_effect(sim.data, t, y, graph=g, refute=False)
    assert any("optimal set" in n for n in r.notes)
    assert r.adjustment_set
    assert covers(r.ci, sim.total_effect(t, y)), (r.ate, r.ci, sim.total_effect(t, y))
