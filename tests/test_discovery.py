"""Each algorithm recovers the graph of simulated data where theory says it should."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copilot.tools.data import load_table
from copilot.tools.discovery import discover
from copilot.tools.graph import CausalGraph, compare_graphs, dag_to_cpdag
from copilot.tools.simulate import random_dag, simulate


@pytest.fixture(scope="module")
def gaussian8():
    """8 nodes, 7 edges, n=5000, linear Gaussian."""
    truth = random_dag(8, 2.0, seed=4)
    sim = simulate(truth, 5000, "linear_gaussian", seed=4)
    return load_table(sim.data), truth


def edges(graph: CausalGraph) -> set[str]:
    return {str(e) for e in graph.edges}


@pytest.mark.parametrize("algorithm", ["pc", "ges"])
def test_pc_and_ges_recover_the_cpdag_of_linear_gaussian_data(gaussian8, algorithm):
    ds, truth = gaussian8
    r = discover(ds, algorithm)
    assert r.algorithm == algorithm and r.graph.kind == "cpdag"
    assert compare_graphs(r.graph, dag_to_cpdag(truth)).shd <= 2


@pytest.mark.parametrize("algorithm", ["grasp", "boss", "exact"])
def test_score_searches_recover_the_cpdag_exactly(gaussian8, algorithm):
    # BIC is consistent: at n=5000 on 8 nodes the optimum is the true equivalence class.
    ds, truth = gaussian8
    r = discover(ds, algorithm)
    assert compare_graphs(r.graph, dag_to_cpdag(truth)).shd == 0


def test_pc_reports_its_engine_and_test(gaussian8):
    r = discover(gaussian8[0], "pc", engine="causal-learn")
    assert (r.engine, r.ci_test, r.alpha) == ("causal-learn", "fisherz", 0.05)


@pytest.mark.parametrize("algorithm", ["direct_lingam", "ica_lingam"])
def test_lingam_orients_a_nongaussian_chain_exactly(algorithm):
    chain = CausalGraph.from_edges(None, [("a", "b"), ("b", "c"), ("c", "d")])
    sim = simulate(chain, 2000, "linear_nongaussian", seed=0)
    r = discover(sim.data, algorithm)
    assert r.graph.kind == "dag"
    assert edges(r.graph) == {"a --> b", "b --> c", "c --> d"}


def test_direct_lingam_recovers_a_random_dag_exactly():
    truth = random_dag(6, 2.0, seed=3)
    sim = simulate(truth, 2000, "linear_nongaussian", seed=3)
    r = discover(sim.data, "direct_lingam")
    assert compare_graphs(r.graph, truth).shd == 0


def test_cdnod_finds_the_changing_mechanism_and_orients_into_it():
    chain = CausalGraph.from_edges(None, [("a", "b"), ("b", "c")])
    sim = simulate(chain, 2000, "linear_gaussian", seed=1, n_domains=2, changing=["c"])
    r = discover(sim.data, "cdnod", domain_col="domain")
    assert r.index_column == "domain" and "domain" in r.nodes
    assert "domain --> c" in edges(r.graph)
    assert not r.graph.edge("domain", "a") and not r.graph.edge("domain", "b")
    # domain -> c <- b is a collider, so the change also orients b -> c.
    assert "b --> c" in edges(r.graph)


def test_fci_marks_a_hidden_confounder_as_bidirected():
    rng = np.random.default_rng(0)
    n = 3000
    a, d, hidden = rng.normal(size=(3, n))
    b = a + hidden + rng.normal(size=n)
    c = d + hidden + rng.normal(size=n)
    r = discover(pd.DataFrame({"a": a, "b": b, "c": c, "d": d}), "fci")
    assert r.graph.kind == "pag"
    assert edges(r.graph) == {"a o-> b", "b <-> c", "d o-> c"}


def test_discrete_pc_recovers_the_cpdag():
    truth = random_dag(6, 1.5, seed=2)
    sim = simulate(truth, 3000, "discrete", seed=2)
    for test in ("chisq", "gsq"):
        r = discover(sim.data, "pc", ci_test=test)
        assert r.ci_test == test
        assert compare_graphs(r.graph, dag_to_cpdag(truth)).shd == 0


def test_ges_uses_bdeu_on_discrete_data():
    truth = CausalGraph.from_edges(None, [("a", "c"), ("b", "c")])
    sim = simulate(truth, 2000, "discrete", seed=5)
    r = discover(sim.data, "ges")
    assert r.score == "bdeu"
    assert edges(r.graph) == {"a --> c", "b --> c"}


def test_pc_with_kci_finds_a_nonlinear_chain():
    rng = np.random.default_rng(0)
    n = 150
    x = rng.normal(size=n)
    y = x**2 + 0.3 * rng.normal(size=n)
    z = np.sin(2 * y) + 0.3 * rng.normal(size=n)
    r = discover(pd.DataFrame({"x": x, "y": y, "z": z}), "pc", ci_test="kci")
    assert {e.key for e in r.graph.edges} == {frozenset("xy"), frozenset("yz")}


def test_exact_search_is_refused_above_its_limit():
    from copilot.errors import BudgetError

    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(100, 16)), columns=[f"v{i}" for i in range(16)])
    with pytest.raises(BudgetError, match="Exact search on 16 variables"):
        discover(frame, "exact")


def test_fisherz_refuses_perfectly_correlated_columns():
    from copilot.errors import DiscoveryError

    rng = np.random.default_rng(0)
    a = rng.normal(size=200)
    frame = pd.DataFrame({"a": a, "b": 2 * a + 1, "c": rng.normal(size=200)})
    with pytest.raises(DiscoveryError, match="'a' and 'b' are perfectly correlated"):
        discover(frame, "pc")


def test_result_json_and_summary(gaussian8):
    r = discover(gaussian8[0], "ges")
    d = r.to_json_dict()
    assert {"algorithm", "reason", "nodes", "edges", "elapsed_s", "knowledge_mode"} <= set(d)
    assert d["nodes"] == r.graph.nodes
    assert all(set(e) == {"source", "target", "type", "confidence"} for e in d["edges"])
    assert CausalGraph.from_json(d).edges == r.graph.edges  # the JSON is also a graph file
    assert "GES" in r.summary() and r.reason in r.summary()


def test_torch_engine_gives_the_same_graph_and_auto_uses_it_for_many_variables(monkeypatch):
    from copilot.tools.discovery import algorithms
    from copilot.tools.discovery.algorithms import resolve_pc_engine

    truth = random_dag(20, 2.0, seed=7)
    ds = load_table(simulate(truth, 2000, "linear_gaussian", seed=7).data)
    reference = discover(ds, "pc", engine="causal-learn")
    batched = discover(ds, "pc", engine="torch")
    assert (reference.engine, batched.engine) == ("causal-learn", "torch")
    assert batched.graph == reference.graph
    assert discover(ds, "pc").engine == "torch"
    # Few variables: torch only when it is loaded already (loading it costs more than PC).
    assert resolve_pc_engine("auto", "fisherz", 8) == "torch"
    monkeypatch.setattr(algorithms, "_torch_loaded", lambda: False)
    assert resolve_pc_engine("auto", "fisherz", 8) == "causal-learn"
    assert resolve_pc_engine("auto", "fisherz", 20) == "torch"


def test_torch_engine_refuses_tests_it_does_not_run():
    from copilot.errors import InputError

    sim = simulate(random_dag(4, 1.5, seed=2), 300, "discrete", seed=2)
    with pytest.raises(InputError, match="Fisher-z test only"):
        discover(sim.data, "pc", ci_test="chisq", engine="torch")
    assert discover(sim.data, "pc", ci_test="chisq").engine == "causal-learn"


def test_cdnod_on_discrete_data_uses_chisq_and_finds_the_change():
    chain = CausalGraph.from_edges(None, [("a", "b"), ("b", "c")])
    sim = simulate(chain, 2000, "discrete", seed=0, n_domains=2, changing=["c"])
    r = discover(sim.data)
    assert (r.algorithm, r.ci_test) == ("cdnod", "chisq")
    assert edges(r.graph) == {"a --- b", "b --> c", "domain --> c"}
