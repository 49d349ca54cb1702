"""The torch PC engine makes exactly causal-learn's decisions: skeleton, sepsets and orientations."""

from __future__ import annotations

import itertools
import subprocess
import sys

import numpy as np
import pytest
from causallearn.graph.GraphClass import CausalGraph
from causallearn.search.ConstraintBased.PC import pc
from causallearn.utils.PCUtils.BackgroundKnowledge import BackgroundKnowledge

from copilot.errors import DiscoveryError, InputError
from copilot.tools.discovery.pc_graph import to_fast, to_plain
from copilot.tools.discovery.pc_torch import (
    _combinations,
    _test_template,
    complete_graph,
    pc_engine_supports,
    pc_torch,
)


def linear_gaussian(p: int, n: int, avg_degree: float, seed: int) -> np.ndarray:
    """Data from a linear Gaussian SEM on a random DAG, columns in a shuffled order."""
    rng = np.random.default_rng(seed)
    prob = min(1.0, avg_degree / max(p - 1, 1))
    weights = rng.uniform(0.3, 1.0, (p, p)) * rng.choice([-1.0, 1.0], (p, p))
    weights = np.triu(weights, 1) * (rng.random((p, p)) < prob)
    x = np.zeros((n, p))
    for j in range(p):
        x[:, j] = x @ weights[:, j] + rng.standard_normal(n)
    return x[:, rng.permutation(p)]


def sepsets_as_lists(cg) -> dict:
    out = {}
    p = cg.G.graph.shape[0]
    for i in range(p):
        for j in range(p):
            if cg.sepset[i, j] is not None:
                out[(i, j)] = [tuple(int(v) for v in s) for s in cg.sepset[i, j]]
    return out


def assert_same(reference, ours) -> None:
    ref_skeleton = reference.G.graph != 0
    our_skeleton = ours.G.graph != 0
    assert np.array_equal(ref_skeleton, our_skeleton), "skeletons differ"
    # order-sensitive: same separating tuples, in the same order, element order included
    assert sepsets_as_lists(reference) == sepsets_as_lists(ours), "separating sets differ"
    assert np.array_equal(reference.G.graph, ours.G.graph), "orientations differ"
    assert np.array_equal(reference.G.dpath, ours.G.dpath), "ancestor matrices differ"
    assert type(ours) is CausalGraph
    assert [n.get_name() for n in ours.G.nodes] == [n.get_name() for n in reference.G.nodes]


def reference_pc(x, alpha, **kwargs):
    depth = kwargs.pop("depth", -1)
    return pc(
        x, alpha, "fisherz", True, show_progress=False, max_k=None if depth < 0 else depth, **kwargs
    )


# 22 random graphs: p from 5 to 30, n from 200 to 5000, sparse to dense, four alphas
RANDOM_CASES = [
    # (p, n, avg_degree, alpha, seed)
    (5, 200, 1.5, 0.05, 1),
    (5, 5000, 3.0, 0.01, 2),
    (6, 300, 2.0, 0.2, 3),
    (7, 1000, 2.5, 0.05, 4),
    (8, 500, 3.0, 0.1, 5),
    (8, 2000, 4.0, 0.05, 6),
    (10, 200, 2.0, 0.05, 7),
    (10, 3000, 3.0, 0.01, 8),
    (12, 800, 3.5, 0.1, 9),
    (12, 400, 2.0, 0.2, 10),
    (14, 1500, 2.5, 0.05, 11),
    (15, 250, 3.0, 0.05, 12),
    (15, 5000, 2.0, 0.01, 13),
    (16, 600, 4.0, 0.1, 14),
    (18, 1000, 2.0, 0.05, 15),
    (20, 300, 3.0, 0.2, 16),
    (20, 2000, 2.5, 0.05, 17),
    (22, 700, 2.0, 0.1, 18),
    (24, 1200, 2.0, 0.01, 19),
    (25, 500, 1.5, 0.05, 20),
    (28, 900, 2.0, 0.05, 21),
    (30, 400, 1.5, 0.1, 22),
]


@pytest.mark.parametrize(("p", "n", "avg_degree", "alpha", "seed"), RANDOM_CASES)
def test_same_graph_and_sepsets_as_causal_learn(p, n, avg_degree, alpha, seed):
    x = linear_gaussian(p, n, avg_degree, seed)
    assert_same(reference_pc(x, alpha), pc_torch(x, alpha))


@pytest.mark.parametrize("depth", [0, 1, 2])
def test_depth_limit(depth):
    x = linear_gaussian(12, 1000, 3.5, 100 + depth)
    assert_same(reference_pc(x, 0.05, depth=depth), pc_torch(x, 0.05, depth=depth))


@pytest.mark.parametrize(
    ("uc_rule", "uc_priority"), [(0, 0), (0, 1), (0, 3), (0, 4), (0, -1), (1, 2), (2, 2)]
)
def test_orientation_options(uc_rule, uc_priority):
    x = linear_gaussian(10, 800, 3.0, 200 + uc_rule * 10 + uc_priority)
    reference = reference_pc(x, 0.05, uc_rule=uc_rule, uc_priority=uc_priority)
    assert_same(reference, pc_torch(x, 0.05, uc_rule=uc_rule, uc_priority=uc_priority))


def _knowledge(cg_nodes, forbid=(), require=(), tiers=None) -> BackgroundKnowledge:
    bk = BackgroundKnowledge()
    for i, j in forbid:
        bk.add_forbidden_by_node(cg_nodes[i], cg_nodes[j])
    for i, j in require:
        bk.add_required_by_node(cg_nodes[i], cg_nodes[j])
    for node, tier in (tiers or {}).items():
        bk.add_node_to_tier(cg_nodes[node], tier)
    return bk


@pytest.mark.parametrize("case", ["forbid_both_ways", "forbid_one_way", "require", "tiers"])
def test_background_knowledge(case):
    p = 12
    x = linear_gaussian(p, 1500, 3.0, 300)
    nodes = CausalGraph(p).G.nodes
    reference = reference_pc(x, 0.05)
    edges = [(i, j) for i in range(p) for j in range(i + 1, p) if reference.G.graph[i, j] != 0]
    non_edges = [(i, j) for i in range(p) for j in range(i + 1, p) if reference.G.graph[i, j] == 0]
    if case == "forbid_both_ways":  # removes true edges from the skeleton, and tests them anyway
        forbid = [*edges[:3], *[(j, i) for i, j in edges[:3]], non_edges[0], non_edges[0][::-1]]
        bk = _knowledge(nodes, forbid=forbid)
    elif case == "forbid_one_way":
        bk = _knowledge(nodes, forbid=[(j, i) for i, j in edges[:4]])
    elif case == "require":
        bk = _knowledge(nodes, require=[edges[0], edges[2][::-1], non_edges[1]])
    else:
        bk = _knowledge(nodes, tiers={i: i * 3 // p for i in range(p)})
    ours = pc_torch(x, 0.05, background_knowledge=bk)
    assert_same(reference_pc(x, 0.05, background_knowledge=bk), ours)
    if case == "forbid_both_ways":
        assert all(ours.G.graph[i, j] == 0 for i, j in forbid)


def test_alpha_exactly_on_a_reference_p_value_goes_through_causal_learn():
    x = linear_gaussian(9, 600, 3.0, 400)
    first = reference_pc(x, 0.05)
    cache = first.test.pvalue_cache
    candidates = sorted(v for k, v in cache.items() if "|" in k and 0.001 < v < 0.5)
    alpha = candidates[len(candidates) // 2]  # a p-value that a conditional test produced
    ours = pc_torch(x, alpha)
    assert_same(reference_pc(x, alpha), ours)
    assert ours.engine_stats["rechecked"] >= 1


def test_node_names_chunking_float32_and_progress():
    x = linear_gaussian(15, 800, 3.5, 500)
    names = [f"v{i}" for i in range(15)]
    reference = reference_pc(x, 0.05, node_names=names)
    updates = []
    ours = pc_torch(x, 0.05, node_names=names, chunk_size=7, progress=updates.append)
    assert_same(reference, ours)
    assert updates and updates[-1].task == "pc skeleton"
    import torch

    assert_same(reference, pc_torch(x, 0.05, node_names=names, dtype=torch.float32))
    assert_same(reference, pc_torch(x, 0.05, node_names=names, num_threads=None))


@pytest.mark.parametrize(("p", "n"), [(1, 50), (2, 50), (3, 50), (5, 5)])
def test_tiny_inputs(p, n):
    rng = np.random.default_rng(p * 100 + n)
    x = rng.standard_normal((n, p)) + rng.standard_normal((n, 1))  # all columns related
    assert_same(reference_pc(x, 0.5), pc_torch(x, 0.5))


@pytest.mark.parametrize("names", [None, ["b", "a", "c", "e", "d"]])
def test_complete_graph_is_causal_learns_starting_graph(names):
    ours, theirs = complete_graph(5, names), CausalGraph(5, names)
    assert sorted(vars(ours)) == sorted(vars(theirs))
    assert sorted(vars(ours.G)) == sorted(vars(theirs.G))
    np.testing.assert_array_equal(ours.G.graph, theirs.G.graph)
    np.testing.assert_array_equal(ours.G.dpath, theirs.G.dpath)
    assert [n.get_name() for n in ours.G.nodes] == [n.get_name() for n in theirs.G.nodes]
    assert [str(e) for e in ours.G.get_graph_edges()] == [
        str(e) for e in theirs.G.get_graph_edges()
    ]
    assert ours.sepset.shape == theirs.sepset.shape == (5, 5)
    assert ours.sepset.dtype == object and not any(ours.sepset.ravel())


def test_engine_reports_set_up_and_search_time():
    stats = pc_torch(linear_gaussian(8, 300, 2.0, 3), 0.05).engine_stats
    assert stats["setup_s"] > 0 and stats["search_s"] > 0


def test_combination_templates_follow_causal_learn_order():
    for n in range(7):
        for k in range(5):
            assert [tuple(r) for r in _combinations(n, k)] == list(
                itertools.combinations(range(n), k)
            )
    neighbours = np.array([2, 5, 7, 9])
    y_pos, s_pos = _test_template(len(neighbours), 2)
    expected = [
        (y, s)
        for y in neighbours
        for s in itertools.combinations(np.delete(neighbours, np.where(neighbours == y)), 2)
    ]
    assert [
        (neighbours[a], tuple(neighbours[b])) for a, b in zip(y_pos, s_pos, strict=True)
    ] == expected


def test_fast_graph_primitives_match_causal_learn():
    rng = np.random.default_rng(7)
    for _ in range(5):
        p = 12
        cg = CausalGraph(p)
        g = cg.G.graph
        for i in range(p):
            for j in range(i + 1, p):
                kind = rng.choice(4, p=[0.55, 0.2, 0.15, 0.1])
                g[i, j], g[j, i] = [(0, 0), (-1, -1), (-1, 1), (1, -1)][kind]
        cg.G.reconstitute_dpath(cg.G.get_graph_edges())
        plain = (
            cg.find_unshielded_triples(),
            cg.find_triangles(),
            cg.find_kites(),
            [str(e) for e in cg.G.get_graph_edges()],
            cg.G.dpath.copy(),
        )
        to_fast(cg)
        cg.G._reconstitute_dpath_simple()
        fast = (
            cg.find_unshielded_triples(),
            cg.find_triangles(),
            cg.find_kites(),
            [str(e) for e in cg.G.get_graph_edges()],
            cg.G.dpath.copy(),
        )
        to_plain(cg)
        assert plain[:4] == fast[:4]
        assert np.array_equal(plain[4], fast[4])


def test_supports():
    assert pc_engine_supports("fisherz")
    assert not pc_engine_supports("fisherz", stable=False)
    assert not pc_engine_supports("chisq")
    assert not pc_engine_supports("kci")
    assert not pc_engine_supports("fisherz", mvpc=True)


@pytest.mark.parametrize(
    ("kwargs", "error", "fragment"),
    [
        ({"data": np.ones(5)}, InputError, "2-D"),
        ({"data": np.full((20, 3), np.nan)}, InputError, "NaN"),
        (
            {"data": np.c_[np.arange(20.0), np.ones(20), np.arange(20.0) ** 2]},
            InputError,
            "constant",
        ),
        ({"alpha": 1.5}, InputError, "alpha"),
        ({"alpha": 0}, InputError, "alpha"),
        ({"indep_test": "chisq"}, DiscoveryError, "does not support"),
        ({"stable": False}, DiscoveryError, "does not support"),
        ({"node_names": ["a", "a", "b"]}, InputError, "unique"),
        ({"depth": -2}, InputError, "depth"),
        ({"device": "tpu9"}, InputError, "device"),
        ({"data": [[1.0, 2.0]]}, InputError, "numpy"),
    ],
)
def test_bad_input(kwargs, error, fragment):
    args = {"data": linear_gaussian(3, 50, 1.0, 1), "alpha": 0.05, **kwargs}
    with pytest.raises(error) as info:
        pc_torch(**args)
    assert fragment in str(info.value)
    assert info.value.hint


def test_duplicated_column_is_reported_not_hidden():
    x = linear_gaussian(4, 200, 2.0, 3)
    x = np.c_[x, x[:, 0]]
    with pytest.raises(DiscoveryError, match="singular"):
        pc_torch(x, 0.05)


def test_module_import_is_light():
    code = (
        "import sys, copilot.tools.discovery.pc_torch, copilot.tools.discovery.pc_graph; "
        "print(sorted(m for m in ('torch', 'causallearn') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_discover_auto_runs_the_torch_engine_with_the_same_answer():
    import pandas as pd

    from copilot.errors import BudgetError
    from copilot.tools.discovery import discover
    from copilot.tools.discovery.algorithms import TORCH_AUTO_MIN_P

    p = max(TORCH_AUTO_MIN_P, 2)
    x = linear_gaussian(p, 1000, 2.5, 600)
    frame = pd.DataFrame(x, columns=[f"v{i}" for i in range(p)])
    auto = discover(frame, "pc")
    reference = discover(frame, "pc", engine="causal-learn")
    assert (auto.engine, reference.engine) == ("torch", "causal-learn")
    assert auto.graph.to_json() == reference.graph.to_json()
    assert auto.graph.edges
    # where the time went: the torch engine splits its own set-up from the search
    assert set(auto.timings) == {"data_s", "imports_s", "setup_s", "search_s"}
    assert set(reference.timings) == {"data_s", "imports_s", "search_s"}
    assert sum(auto.timings.values()) <= auto.elapsed_s
    assert auto.to_json_dict()["timings"].keys() == auto.timings.keys()
    with pytest.raises(BudgetError):
        discover(frame, "pc", time_budget_s=1e-9)


def test_auto_engine_choice():
    from copilot.tools.discovery.algorithms import TORCH_AUTO_MIN_P, resolve_pc_engine

    big = TORCH_AUTO_MIN_P
    assert resolve_pc_engine("auto", "fisherz", big) == "torch"
    assert resolve_pc_engine("auto", None, big) == "torch"
    assert resolve_pc_engine("auto", "chisq", big) == "causal-learn"
    assert resolve_pc_engine("auto", "kci", big) == "causal-learn"
    assert resolve_pc_engine("causal-learn", "fisherz", big) == "causal-learn"
    assert resolve_pc_engine("torch", "fisherz", 3) == "torch"
