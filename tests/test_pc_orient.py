"""PC's default orientation on arrays (pc_orient) and the torch engine without causal-learn:
the same endpoint and ancestor matrices as causal-learn's own rules, the same p-values as its
Fisher-z test, and none of causal-learn's imports."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest
from causallearn.graph.GraphClass import CausalGraph
from causallearn.utils.cit import CIT
from causallearn.utils.PCUtils import Meek, UCSepset

from copilot.tools.discovery.pc_orient import orient
from copilot.tools.discovery.pc_torch import FisherZ, pc_torch, pc_torch_endpoints


def random_skeleton(p: int, density: float, rng: np.random.Generator):
    """An undirected skeleton and separating sets for its missing pairs, drawn at random so that
    colliders conflict often (PC's own output rarely makes uc_sepset re-orient an edge)."""
    graph = np.zeros((p, p), dtype=int)
    sepset = np.empty((p, p), dtype=object)
    for i in range(p):
        for j in range(i + 1, p):
            if rng.random() < density:
                graph[i, j] = graph[j, i] = -1
            else:
                others = [k for k in range(p) if k not in (i, j)]
                size = int(rng.integers(0, 3))
                found = [tuple(rng.choice(others, size=size, replace=False).tolist())]
                if rng.random() < 0.3:  # stable PC may record more than one set
                    found.append(tuple(rng.choice(others, size=1).tolist()))
                sepset[i, j] = found
                sepset[j, i] = list(found)
    return graph, sepset


def causal_learn_orientation(graph: np.ndarray, sepset: np.ndarray):
    cg = CausalGraph(graph.shape[0])
    cg.G.graph[:] = graph
    cg.sepset = sepset
    out = Meek.meek(UCSepset.uc_sepset(cg, 2))
    return out.G.graph, out.G.dpath


@pytest.mark.parametrize("seed", range(8))
def test_orientation_matches_causal_learn_on_random_skeletons(seed):
    rng = np.random.default_rng(seed)
    for _ in range(6):
        p = int(rng.integers(4, 16))
        graph, sepset = random_skeleton(p, float(rng.uniform(0.15, 0.6)), rng)
        ref_graph, ref_dpath = causal_learn_orientation(graph, sepset)
        ours, dpath = orient(graph, sepset)
        assert np.array_equal(ours, ref_graph)
        assert np.array_equal(dpath, ref_dpath)


def test_random_skeletons_reach_the_reorientation_branch():
    """The comparison above covers an edge oriented twice (its ancestor matrix is rebuilt)."""
    from copilot.tools.discovery import pc_orient

    calls = []
    real = pc_orient.dpath_sequence

    def counted(g):
        calls.append(1)
        return real(g)

    pc_orient.dpath_sequence = counted
    try:
        rng = np.random.default_rng(0)
        for _ in range(6):
            orient(*random_skeleton(12, 0.3, rng))
    finally:
        pc_orient.dpath_sequence = real
    assert calls


def test_fisher_z_gives_causal_learns_p_values_to_the_last_bit():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((300, 8))
    x[:, 3] += 0.8 * x[:, 1] - 0.5 * x[:, 2]
    x[:, 6] += 0.3 * x[:, 3]
    ours, theirs = FisherZ(x), CIT(x, "fisherz")
    assert np.array_equal(ours.correlation_matrix, theirs.correlation_matrix)
    for _ in range(300):
        a, b = rng.choice(8, size=2, replace=False).tolist()
        rest = [v for v in range(8) if v not in (a, b)]
        s = rng.choice(rest, size=int(rng.integers(0, 4)), replace=False).tolist()
        assert ours(a, b, s) == theirs(a, b, s)
    x[:, 7] = x[:, 0]  # a singular block is an error, as in causal-learn
    with pytest.raises(ValueError, match="singular"):
        FisherZ(x)(0, 7, [])


def test_endpoints_are_what_pc_torch_returns():
    rng = np.random.default_rng(11)
    x = rng.standard_normal((800, 9))
    for j in range(1, 9):
        x[:, j] += x[:, :j] @ (rng.random(j) < 0.3) * 0.7
    found = pc_torch_endpoints(x, 0.05)
    cg = pc_torch(x, 0.05)
    assert np.array_equal(found.graph, cg.G.graph)
    assert np.array_equal(found.dpath, cg.G.dpath)
    assert set(found.stats) >= {"tests", "rechecked", "setup_s", "search_s"}
    # the graph's test answers as causal-learn's Fisher-z does
    reference = CIT(x, "fisherz")
    for a, b, s in [(0, 1, []), (2, 5, [1, 3]), (8, 4, [0, 6, 7])]:
        assert cg.ci_test(a, b, s) == reference(a, b, s)


PROBE = r"""
import json, sys
import numpy as np
from copilot.tools.discovery.pc_torch import pc_torch_endpoints
rng = np.random.default_rng(0)
x = rng.standard_normal((500, 6))
x[:, 1] += x[:, 0]
x[:, 2] += x[:, 1]
found = pc_torch_endpoints(x, 0.05)
print(json.dumps({"mods": sorted({m.split(".")[0] for m in sys.modules}),
                  "rechecked": found.stats["rechecked"]}))
"""


def test_endpoints_engine_imports_no_causal_learn():
    res = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120, check=True
    )
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert "torch" in out["mods"]
    heavy = {"causallearn", "sklearn", "matplotlib", "networkx"}
    if out["rechecked"] == 0:  # SciPy's ndtr is loaded only to re-check a borderline test
        heavy.add("scipy")
    assert not set(out["mods"]) & heavy
