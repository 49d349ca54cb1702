"""PC's default orientation on an endpoint matrix, the same steps as causal-learn's, without it.

causal-learn's PC orients the skeleton with `UCSepset.uc_sepset(cg, priority=2)` and then
`Meek.meek(cg)`. Those rules only read and write the endpoint matrix `G.graph` and the ancestor
matrix `G.dpath` (which `Meek` consults before it orients an edge), but importing them loads
causal-learn's `CausalGraph` module, which imports matplotlib, networkx, pandas, scikit-learn
and SciPy: about a second, far more than the rules take at p = 100. Here the same rules run on
numpy arrays, step by step in causal-learn's order, with its edge updates written out:

- `get_edge` + `remove_edge` + `add_edge(TAIL, ARROW)` turn an edge into i -> j; removing an
  edge that was directed rebuilds the ancestor matrix from the remaining edges
  (`reconstitute_dpath`), adding a directed edge extends it (`adjust_dpath`);
- triples, triangles and kites come in causal-learn's order (`pc_graph`).

Only the default (uc_rule 0, priority 2, no background knowledge) is written here; the other
options, whose rules run extra tests or read background knowledge, stay on causal-learn's code
(`pc_torch._orient`). The tests compare both on random graphs, endpoint and ancestor matrices.
Marks stay simple (-1 tail, 1 arrow, 0 none): priority 2 and Meek only make i -> j edges.
"""

from __future__ import annotations

import numpy as np

from copilot.tools.discovery.pc_graph import (
    adjust_dpath,
    dpath_sequence,
    kites,
    triangles,
    unshielded_triples,
)


def orient(graph: np.ndarray, sepset: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`Meek.meek(UCSepset.uc_sepset(cg, 2))` on a PC skeleton; returns (graph, dpath).

    `graph` is causal-learn's endpoint matrix of the skeleton (every edge -1/-1, undirected),
    `sepset[i, j]` the list of separating tuples PC recorded for each removed pair. The ancestor
    matrix starts as the identity, as in the graph PC builds.
    """
    g = np.array(graph, dtype=int)
    dpath = np.eye(g.shape[0], dtype=bool)
    _uc_sepset(g, dpath, sepset)
    _meek(g, dpath)
    return g, dpath.astype(int)


def _directed(g: np.ndarray, i: int, j: int) -> bool:
    """CausalGraph.is_fully_directed(i, j): i -> j."""
    return g[i, j] == -1 and g[j, i] == 1


def _undirected(g: np.ndarray, i: int, j: int) -> bool:
    return g[i, j] == -1 and g[j, i] == -1


def _make_directed(g: np.ndarray, dpath: np.ndarray, i: int, j: int) -> None:
    """remove_edge(get_edge(i, j)) when there is an edge, then add_edge(Edge(i, j, TAIL, ARROW))."""
    if g[i, j] != 0:
        was_directed = _directed(g, i, j) or _directed(g, j, i)
        g[i, j] = g[j, i] = 0
        if was_directed:  # reconstitute_dpath(get_graph_edges()) on what is left
            dpath[:] = np.eye(g.shape[0], dtype=bool)
            for a, b in dpath_sequence(g):
                adjust_dpath(dpath, a, b)
    elif g[j, i] != 0:  # add_edge refuses a TAIL end where an edge exists
        return
    g[j, i] = 1
    g[i, j] = -1
    adjust_dpath(dpath, i, j)


def _uc_sepset(g: np.ndarray, dpath: np.ndarray, sepset: np.ndarray) -> None:
    """UCSepset.uc_sepset(priority=2): orient x -> y <- z when y is in no separating set of
    (x, z), unless one of the two edges already points out of y (existing colliders win)."""
    for x, y, z in unshielded_triples(g):
        if x >= z:  # each triple once
            continue
        if all(y not in s for s in sepset[x, z]):
            if not _directed(g, y, x) and not _directed(g, y, z):
                _make_directed(g, dpath, x, y)
                _make_directed(g, dpath, z, y)


def _meek(g: np.ndarray, dpath: np.ndarray) -> None:
    """Meek.meek: rules 1 to 3 over the triples, triangles and kites of the graph it is given,
    repeated until nothing changes; an edge is not oriented against the ancestor matrix."""
    ut, tri, kite = unshielded_triples(g), triangles(g), kites(g)

    def orient_edge(a: int, b: int) -> bool:
        if g[a, b] == 0:
            return False
        if dpath[a, b]:  # is_ancestor_of(b, a): b already leads to a
            return False
        _make_directed(g, dpath, a, b)
        return True

    loop = True
    while loop:
        loop = False
        for i, j, k in ut:
            if _directed(g, i, j) and _undirected(g, j, k) and orient_edge(j, k):
                loop = True
        for i, j, k in tri:
            if (
                _directed(g, i, j)
                and _directed(g, j, k)
                and _undirected(g, i, k)
                and orient_edge(i, k)
            ):
                loop = True
        for i, j, k, tip in kite:  # causal-learn's (i, j, k, l)
            if (
                _undirected(g, i, j)
                and _undirected(g, i, k)
                and _directed(g, j, tip)
                and _directed(g, k, tip)
                and _undirected(g, i, tip)
                and orient_edge(i, tip)
            ):
                loop = True
