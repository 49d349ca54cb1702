"""`auto` on one small simulated table per kind of data: the rule it takes and the graph it finds.

Also the two checks those rules rest on: the profile's linearity check (linear non-Gaussian
data must not look nonlinear) and the numpy BDeu score (the same values as causal-learn's).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copilot.errors import InputError
from copilot.tools.data import RESIDUAL_DEPENDENCE_MAX, _residual_dependence, load_table
from copilot.tools.discovery import discover
from copilot.tools.discovery.scores import local_score_bdeu
from copilot.tools.graph import CausalGraph, compare_graphs, dag_to_cpdag
from copilot.tools.simulate import random_dag, simulate


def standardised(X: np.ndarray) -> np.ndarray:
    return (X - X.mean(0)) / X.std(0)


def exponential_sem(n: int, seed: int) -> tuple[pd.DataFrame, CausalGraph]:
    """a -> b -> d <- c, a -> c, e alone; skewed (exponential) noise."""
    rng = np.random.default_rng(seed)

    def e():
        return rng.exponential(1.0, n) - 1.0

    a = e()
    b = 0.9 * a + e()
    c = -0.8 * a + e()
    d = 0.7 * b + 0.9 * c + e()
    frame = pd.DataFrame({"a": a, "b": b, "c": c, "d": d, "e": e()})
    edges = [("a", "b"), ("a", "c"), ("b", "d"), ("c", "d")]
    return frame, CausalGraph.from_edges(list(frame.columns), edges, kind="dag")


def test_residual_dependence_separates_linear_from_nonlinear_relations():
    rng = np.random.default_rng(0)
    n = 1000
    x = rng.uniform(-1.7, 1.7, n)
    y = 0.8 * x + rng.uniform(-1.7, 1.7, n)  # linear, uniform noise
    z = x**2 + 0.3 * rng.normal(size=n)  # a parabola: E[x | z] = 0, the spread of x grows
    linear = _residual_dependence(standardised(np.column_stack([x, y])))
    bent = _residual_dependence(standardised(np.column_stack([x, z])))
    assert linear < 15 and bent > 10 * RESIDUAL_DEPENDENCE_MAX


def test_profile_calls_linear_exponential_noise_linear_and_non_gaussian():
    frame, _ = exponential_sem(1000, seed=0)
    prof = load_table(frame).profile
    assert (prof.nonlinearity_gain or 0) > 0.05  # the cubic fit alone would say nonlinear
    assert prof.residual_dependence < RESIDUAL_DEPENDENCE_MAX
    assert (prof.linear, prof.gaussian) == (True, False)


def test_auto_linear_gaussian_takes_boss_and_recovers_the_class():
    sim = simulate(random_dag(8, 2.0, seed=3), 1000, "linear_gaussian", seed=3)
    r = discover(sim.data)
    assert (r.algorithm, r.score) == ("boss", "bic")
    assert "continuous and look linear" in r.reason
    assert compare_graphs(r.graph, dag_to_cpdag(sim.graph)).shd == 0


def test_auto_linear_exponential_noise_takes_direct_lingam_and_orients_every_edge():
    frame, truth = exponential_sem(1000, seed=1)
    r = discover(frame)
    assert r.algorithm == "direct_lingam"
    assert "non-Gaussian" in r.reason
    assert compare_graphs(r.graph, truth).shd == 0


def test_auto_discrete_takes_boss_bdeu_and_recovers_the_class():
    sim = simulate(random_dag(6, 1.5, seed=2), 3000, "discrete", seed=2)
    r = discover(sim.data)
    assert (r.algorithm, r.score, r.ci_test) == ("boss", "bdeu", None)
    assert "discrete" in r.reason
    assert compare_graphs(r.graph, dag_to_cpdag(sim.graph)).shd == 0


def test_auto_mixed_takes_boss_bic_and_finds_the_skeleton():
    sim = simulate(random_dag(7, 2.0, seed=4), 2000, "mixed", seed=4)
    kinds = load_table(sim.data).profile.kinds()
    assert "binary" in kinds.values() and "continuous" in kinds.values()
    r = discover(sim.data)
    assert (r.algorithm, r.score) == ("boss", "bic")
    assert "columns are binary" in r.reason
    m = compare_graphs(r.graph, dag_to_cpdag(sim.graph))
    assert m.skeleton_f1 == pytest.approx(1.0)


def test_auto_with_unordered_categories_takes_the_dg_score_and_finds_the_collider():
    """A three-level text column whose alphabetical codes (high=0, low=1, mid=2) are out of
    order: as numbers its relation to its parent and child is not monotone."""
    rng = np.random.default_rng(5)
    n = 2000
    a = rng.normal(size=n)
    level = np.digitize(a + 0.5 * rng.normal(size=n), [-0.5, 0.5])  # 0 low, 1 mid, 2 high
    b = rng.normal(size=n)
    c = np.array([0.0, 1.5, -1.5])[level] + 0.8 * b + rng.normal(size=n)
    frame = pd.DataFrame({"a": a, "grade": np.array(["low", "mid", "high"])[level], "b": b, "c": c})
    r = discover(frame)
    assert (r.algorithm, r.score) == ("boss", "dg")
    assert any("indicators of its levels" in note for note in r.notes)
    truth = CausalGraph.from_edges(
        list(frame.columns), [("a", "grade"), ("grade", "c"), ("b", "c")], kind="dag"
    )
    assert compare_graphs(r.graph, dag_to_cpdag(truth)).shd == 0
    with pytest.raises(InputError, match="DG"):
        discover(frame, "ges", score="dg")


def test_two_discrete_columns_get_a_finite_bdeu_score():
    rng = np.random.default_rng(0)
    a = rng.integers(0, 3, 500)
    b = (a + (rng.random(500) < 0.2)) % 3
    r = discover(pd.DataFrame({"a": a, "b": b}))
    assert (r.algorithm, r.score) == ("boss", "bdeu") and len(r.graph.edges) == 1


def test_numpy_bdeu_gives_causal_learns_values():
    from causallearn.score.LocalScoreFunction import local_score_BDeu

    rng = np.random.default_rng(1)
    levels = [2, 3, 4, 2, 5, 3, 12]
    X = np.column_stack([rng.integers(0, k, 1500) for k in levels]).astype(float)
    X[:, 2] = X[:, 2] * 7 - 3  # codes need not be 0..r-1
    for _ in range(25):
        i = int(rng.integers(len(levels)))
        others = [k for k in range(len(levels)) if k != i]
        parents = sorted(rng.choice(others, size=int(rng.integers(0, 5)), replace=False).tolist())
        assert local_score_bdeu(X, i, parents) == pytest.approx(
            local_score_BDeu(X, i, parents), rel=1e-10
        )
