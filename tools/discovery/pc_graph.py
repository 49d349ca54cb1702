"""Faster drop-in primitives for causal-learn's graph classes, with identical results.

causal-learn's orientation rules (UCSepset, Meek) spend most of their time in a few graph
primitives written as Python loops over all node pairs: the ancestor matrix update, the edge
list, and the enumeration of unshielded triples, triangles and kites, plus deep copies of the
separating-set table. The subclasses here compute exactly the same values (same lists in the
same order, same matrices) with numpy, so running causal-learn's own rule code on them gives
the same graph. `accelerated(cg)` switches a graph to them for the duration of a block and
back to the plain causal-learn classes afterwards. The primitives are functions of the endpoint
matrix, so `pc_orient` uses them on a plain array, without causal-learn.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from causallearn.graph.GraphClass import CausalGraph


def _classes():
    """Build the subclasses on first use, so that importing this module stays light."""
    global _FAST
    if _FAST is not None:
        return _FAST
    from causallearn.graph.GeneralGraph import GeneralGraph
    from causallearn.graph.GraphClass import CausalGraph

    class FastGeneralGraph(GeneralGraph):
        # The ancestor matrix is rebuilt from scratch after every removal of a directed edge,
        # hundreds of times during orientation, yet only read by Meek's rules. Here a rebuild
        # records the edge sequence it would replay, and the matrix is computed when first
        # read: same updates, same order, same matrix, far fewer of them.

        @property
        def dpath(self):
            if self._dpath_pending is not None:
                self._replay_dpath()
            return self._dpath

        @dpath.setter
        def dpath(self, value):
            self._dpath = value
            self._dpath_pending = None

        def adjust_dpath(self, i: int, j: int):
            if self._dpath_pending is not None:
                self._dpath_pending.append((i, j))
                return
            # The loop in GeneralGraph reads row i and column j and writes row j and column i;
            # the two only meet on the diagonal, which is always 1, so whole-row updates match.
            dpath = self._dpath
            dpath[j, i] = 1
            row_i = dpath[i, :] == 1
            col_j = dpath[:, j] == 1
            dpath[j, row_i] = 1
            dpath[col_j, i] = 1

        def _replay_dpath(self):
            pending, self._dpath_pending = self._dpath_pending, None
            dpath = np.eye(self.num_vars, dtype=bool)
            for i, j in pending:
                adjust_dpath(dpath, i, j)
            self._dpath = dpath.astype(int)

        def _marks_are_simple(self) -> bool:
            # Graphs from PC only hold tails, arrows and nothing (-1, 1, 0); the shortcuts below
            # rely on it and the general code handles anything else.
            g = self.graph
            return bool(np.all((g >= -1) & (g <= 1)))

        def remove_edge(self, edge):
            if not self._marks_are_simple():
                return GeneralGraph.remove_edge(self, edge)
            i = self.node_map[edge.get_node1()]
            j = self.node_map[edge.get_node2()]
            g = self.graph
            directed = (g[j, i] == 1 and g[i, j] == -1) or (g[i, j] == 1 and g[j, i] == -1)
            if (
                edge.get_numerical_endpoint1() == g[i, j]
                and edge.get_numerical_endpoint2() == g[j, i]
            ):
                g[j, i] = 0
                g[i, j] = 0
            if directed:
                self._reconstitute_dpath_simple()

        def _reconstitute_dpath_simple(self):
            # reconstitute_dpath(get_graph_edges()) without building Edge objects: the edge list
            # runs over pairs i < j in order and is consumed from its end; only directed edges
            # change the ancestor matrix. The replay itself waits until the matrix is read.
            self._dpath_pending = dpath_sequence(self.graph)

        def get_graph_edges(self):
            # Pairs with no mark either way add nothing in GeneralGraph's loop; visit only the
            # others, in the same (i, j) order, with the same per-pair logic.
            g = self.graph
            upper = np.triu((g != 0) | (g.T != 0), k=1)
            rows, cols = np.nonzero(upper)
            out = []
            for i, j in zip(rows.tolist(), cols.tolist(), strict=True):
                out.extend(_pair_edges(self, i, j))
            return out

    def _pair_edges(graph, i, j):
        from causallearn.graph.Edge import Edge
        from causallearn.graph.Endpoint import Endpoint

        g = graph.graph
        node, node2 = graph.nodes[i], graph.nodes[j]
        if g[j, i] in (1, -1, 2):
            return [graph.get_edge(node, node2)]
        taa, aaa = Endpoint.TAIL_AND_ARROW.value, Endpoint.ARROW_AND_ARROW.value
        if g[j, i] == taa and g[i, j] == aaa:
            return [
                Edge(node, node2, Endpoint.ARROW, Endpoint.TAIL),
                Edge(node, node2, Endpoint.ARROW, Endpoint.ARROW),
            ]
        if g[j, i] == aaa and g[i, j] == taa:
            return [
                Edge(node, node2, Endpoint.TAIL, Endpoint.ARROW),
                Edge(node, node2, Endpoint.ARROW, Endpoint.ARROW),
            ]
        if g[j, i] == taa and g[i, j] == taa:
            return [
                Edge(node, node2, Endpoint.TAIL, Endpoint.TAIL),
                Edge(node, node2, Endpoint.ARROW, Endpoint.ARROW),
            ]
        return []

    class FastCausalGraph(CausalGraph):
        def __deepcopy__(self, memo):
            # Separating sets are tuples of ints (immutable), so copying the lists is a deep copy;
            # the test object is shared rather than copied with the data it holds.
            new = self.__class__.__new__(self.__class__)
            memo[id(self)] = new
            for key, value in self.__dict__.items():
                if key == "sepset":
                    value = _copy_sepset(value)
                elif key != "test":
                    value = copy.deepcopy(value, memo)
                setattr(new, key, value)
            return new

        def find_unshielded_triples(self):
            return unshielded_triples(self.G.graph)

        def find_triangles(self):
            return triangles(self.G.graph)

        def find_kites(self):
            return kites(self.G.graph)

    _FAST = (GeneralGraph, CausalGraph, FastGeneralGraph, FastCausalGraph)
    return _FAST


_FAST = None


def adjust_dpath(dpath: np.ndarray, i: int, j: int) -> None:
    """GeneralGraph.adjust_dpath(i, j) on a boolean matrix (i -> j was added): the loop there
    reads row i and column j and writes row j and column i, which only meet on the diagonal
    (always set), so whole-row updates give the same matrix."""
    dpath[j, i] = True
    dpath[j] |= dpath[i]
    dpath[dpath[:, j], i] = True


def dpath_sequence(g: np.ndarray) -> list[tuple[int, int]]:
    """The (parent, child) updates GeneralGraph.reconstitute_dpath(get_graph_edges()) makes, in
    its order, for a graph with simple marks (-1, 0, 1): the edge list runs over pairs i < j in
    order and is consumed from its end; only directed edges change the ancestor matrix."""
    rows, cols = np.nonzero(np.triu(g.T != 0, k=1))
    rows, cols = rows[::-1], cols[::-1]
    forward = (g[cols, rows] == 1) & (g[rows, cols] == -1)
    backward = (g[rows, cols] == 1) & (g[cols, rows] == -1)
    keep = forward | backward
    parent = np.where(forward, rows, cols)[keep]
    child = np.where(forward, cols, rows)[keep]
    return list(zip(parent.tolist(), child.tolist(), strict=True))


def _adj_array(g: np.ndarray) -> np.ndarray:
    tails = np.nonzero(g == -1)
    heads = np.nonzero(g == 1)
    # same order as CausalGraph.find_adj: tails, then arrow heads, each (col, row)
    return np.concatenate(
        [np.stack([tails[1], tails[0]], 1), np.stack([heads[1], heads[0]], 1)]
    ).astype(np.int64)


def _chained_pairs(g: np.ndarray, adj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs (u, v), u != v, with adj[u][1] == adj[v][0], in permutations order."""
    if len(adj) == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    order = np.argsort(adj[:, 0], kind="stable")
    firsts = adj[order, 0]
    n_nodes = g.shape[0]
    start = np.searchsorted(firsts, np.arange(n_nodes), side="left")
    stop = np.searchsorted(firsts, np.arange(n_nodes), side="right")
    counts = stop[adj[:, 1]] - start[adj[:, 1]]
    u = np.repeat(np.arange(len(adj)), counts)
    offsets = np.arange(len(u)) - np.repeat(np.cumsum(counts) - counts, counts)
    v = order[start[adj[u, 1]] + offsets]
    keep = u != v
    return u[keep], v[keep]


def unshielded_triples(g: np.ndarray) -> list[tuple[int, int, int]]:
    """CausalGraph.find_unshielded_triples() of the endpoint matrix g, in the same order."""
    adj = _adj_array(g)
    u, v = _chained_pairs(g, adj)
    i, j, k = adj[u, 0], adj[u, 1], adj[v, 1]
    keep = (i != k) & (g[i, k] == 0)
    return list(zip(i[keep].tolist(), j[keep].tolist(), k[keep].tolist(), strict=True))


def triangles(g: np.ndarray) -> list[tuple[int, int, int]]:
    """CausalGraph.find_triangles() of the endpoint matrix g, in the same order."""
    adj = _adj_array(g)
    u, v = _chained_pairs(g, adj)
    i, j, k = adj[u, 0], adj[u, 1], adj[v, 1]
    # (i, k) is in find_adj exactly when g[k, i] is -1 or 1
    keep = (i != k) & ((g[k, i] == -1) | (g[k, i] == 1))
    return list(zip(i[keep].tolist(), j[keep].tolist(), k[keep].tolist(), strict=True))


def kites(g: np.ndarray) -> list[tuple[int, int, int, int]]:
    """CausalGraph.find_kites() of the endpoint matrix g, in the same order."""
    tri = np.array(triangles(g), dtype=np.int64).reshape(-1, 3)
    if len(tri) == 0:
        return []
    key = tri[:, 0] * g.shape[0] + tri[:, 2]  # group by (i, l)
    order = np.argsort(key, kind="stable")
    sorted_keys = key[order]
    start = np.searchsorted(sorted_keys, key, side="left")
    stop = np.searchsorted(sorted_keys, key, side="right")
    counts = stop - start
    u = np.repeat(np.arange(len(tri)), counts)
    offsets = np.arange(len(u)) - np.repeat(np.cumsum(counts) - counts, counts)
    v = order[start[u] + offsets]
    keep = (u != v) & (tri[u, 1] < tri[v, 1])
    u, v = u[keep], v[keep]
    keep = g[tri[u, 1], tri[v, 1]] == 0
    u, v = u[keep], v[keep]
    return list(
        zip(
            tri[u, 0].tolist(),
            tri[u, 1].tolist(),
            tri[v, 1].tolist(),
            tri[u, 2].tolist(),
            strict=True,
        )
    )


def _copy_sepset(sepset: np.ndarray) -> np.ndarray:
    out = np.empty(sepset.shape, dtype=object)
    flat_in, flat_out = sepset.reshape(-1), out.reshape(-1)
    for idx in np.flatnonzero(np.not_equal(flat_in, None)).tolist():
        flat_out[idx] = list(flat_in[idx])
    return out


def to_fast(cg: CausalGraph) -> CausalGraph:
    """Switch a causal-learn graph (in place) to the accelerated classes."""
    _, _, fast_general, fast_causal = _classes()
    state = cg.G.__dict__
    if cg.G.__class__ is not fast_general:
        state["_dpath"] = state.pop("dpath")
        state["_dpath_pending"] = None
    cg.__class__ = fast_causal
    cg.G.__class__ = fast_general
    return cg


def to_plain(cg: CausalGraph) -> CausalGraph:
    """Switch back to causal-learn's own classes (some of its code checks the exact type)."""
    general, causal, fast_general, _ = _classes()
    if cg.G.__class__ is fast_general:
        dpath = cg.G.dpath  # replays pending updates
        cg.G.__dict__.pop("_dpath")
        cg.G.__dict__.pop("_dpath_pending")
        cg.G.__class__ = general
        cg.G.dpath = dpath
    cg.__class__ = causal
    return cg


@contextmanager
def accelerated(cg: CausalGraph) -> Iterator[CausalGraph]:
    to_fast(cg)
    try:
        yield cg
    finally:
        to_plain(cg)
