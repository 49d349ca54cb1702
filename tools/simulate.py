"""Structural causal models with known graphs, for tests, examples and benchmarks.

`random_dag` draws Erdos-Renyi or scale-free DAGs; `simulate` draws data from an SCM on a DAG
with linear Gaussian, linear non-Gaussian, nonlinear, discrete or mixed mechanisms, optionally
over several domains whose mechanisms for chosen nodes shift (for CD-NOD).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from copilot.errors import InputError
from copilot.tools.graph import CausalGraph

Mechanism = Literal["linear_gaussian", "linear_nongaussian", "nonlinear", "discrete", "mixed"]


def random_dag(
    p: int,
    avg_degree: float = 2.0,
    kind: Literal["er", "sf"] = "er",
    seed: int = 0,
    names: list[str] | None = None,
) -> CausalGraph:
    """A random DAG on `p` nodes with about `avg_degree` neighbours per node, in a random order."""
    if p < 2:
        raise InputError(f"A DAG needs at least 2 nodes, got {p}.", "use p >= 2")
    if avg_degree < 0 or avg_degree > p - 1:
        raise InputError(
            f"avg_degree {avg_degree} is out of range for p={p}.", f"use 0 <= avg_degree <= {p - 1}"
        )
    rng = np.random.default_rng(seed)
    adj = np.zeros((p, p), dtype=int)
    if kind == "er":
        prob = avg_degree / (p - 1)
        adj = np.triu((rng.random((p, p)) < prob).astype(int), k=1)
    elif kind == "sf":
        m = max(1, int(round(avg_degree / 2)))
        degree = np.zeros(p)
        for j in range(1, p):
            k = min(m, j)
            weights = degree[:j] + 1.0
            parents = rng.choice(j, size=k, replace=False, p=weights / weights.sum())
            adj[parents, j] = 1
            degree[parents] += 1
            degree[j] += k
    else:
        raise InputError(
            f"Unknown DAG kind {kind!r}.", "use 'er' (Erdos-Renyi) or 'sf' (scale-free)"
        )
    perm = rng.permutation(p)
    adj = adj[np.ix_(perm, perm)]
    names = names or [f"x{i}" for i in range(p)]
    return CausalGraph.from_adjacency(adj, names)


@dataclass
class SimulatedData:
    """Data drawn from an SCM with its true graph and edge weights."""

    data: pd.DataFrame
    graph: CausalGraph
    weights: dict[tuple[str, str], float] = field(default_factory=dict)
    changing: list[str] = field(default_factory=list)

    def total_effect(self, treatment: str, outcome: str) -> float:
        """Total effect in a linear SCM: sum over directed paths of the product of weights."""
        import networkx as nx

        g = nx.DiGraph()
        g.add_nodes_from(self.graph.nodes)
        for (a, b), w in self.weights.items():
            g.add_edge(a, b, w=w)
        total = 0.0
        for path in nx.all_simple_paths(g, treatment, outcome):
            prod = 1.0
            for a, b in zip(path, path[1:], strict=False):
                prod *= g[a][b]["w"]
            total += prod
        return total


def simulate(
    graph: CausalGraph,
    n: int,
    mechanism: Mechanism = "linear_gaussian",
    seed: int = 0,
    weight_range: tuple[float, float] = (0.5, 1.5),
    noise_scale: float = 1.0,
    n_domains: int = 1,
    changing: list[str] | None = None,
    domain_column: str = "domain",
    levels: int = 3,
) -> SimulatedData:
    """Draw `n` rows from an SCM on `graph` (a DAG).

    - linear_gaussian: x = sum w * parent + N(0, s)
    - linear_nongaussian: the same with uniform noise (LiNGAM's setting)
    - nonlinear: x = sum w * f(parent) + N(0, s), f cycling through tanh, square, sin
    - discrete: each node has `levels` categories; parents shift the category probabilities
    - mixed: roots binary or continuous, alternating; the rest linear Gaussian
    With `n_domains > 1`, rows are split into domains and the nodes in `changing` have their
    noise scale and intercept (discrete: category preferences) shifted per domain; a `domain`
    column is added.
    """
    if n < 1:
        raise InputError(f"n must be positive, got {n}.", "use n >= 10")
    graph.require_dag()
    import networkx as nx

    rng = np.random.default_rng(seed)
    g = nx.DiGraph(graph.directed_edges())
    g.add_nodes_from(graph.nodes)
    order = list(nx.topological_sort(g))
    changing = list(changing or [])
    for c in changing:
        if c not in graph.nodes:
            raise InputError(
                f"Changing node {c!r} is not in the graph.", "name a node of the graph"
            )
    domain = np.repeat(np.arange(n_domains), int(np.ceil(n / n_domains)))[:n]
    weights: dict[tuple[str, str], float] = {}
    for a, b in graph.directed_edges():
        lo, hi = weight_range
        weights[(a, b)] = float(rng.uniform(lo, hi) * rng.choice([-1, 1]))
    X: dict[str, np.ndarray] = {}
    funcs = [np.tanh, lambda v: v**2 / 2.0, np.sin]
    for idx, node in enumerate(order):
        parents = list(g.predecessors(node))
        if mechanism == "discrete":
            logits = np.zeros((n, levels))
            logits[:, 0] = rng.normal(0, 0.3)
            if node in changing and n_domains > 1:
                # A changing discrete node gets domain-specific category preferences.
                logits += rng.normal(0, 1.5, (n_domains, levels))[domain]
            for p in parents:
                w = abs(weights[(p, node)]) * 1.5
                # Each parent level pushes towards a different child level.
                shift = rng.permutation(levels)
                logits[np.arange(n), shift[X[p].astype(int) % levels]] += w
            prob = np.exp(logits - logits.max(1, keepdims=True))
            prob /= prob.sum(1, keepdims=True)
            u = rng.random((n, 1))
            X[node] = (u > np.cumsum(prob, axis=1)).sum(1).clip(0, levels - 1).astype(float)
            continue
        scale = np.full(n, noise_scale)
        intercept = np.zeros(n)
        if node in changing and n_domains > 1:
            shifts = rng.uniform(1.0, 3.0, n_domains) * rng.choice([-1, 1], n_domains)
            scales = rng.uniform(0.5, 2.5, n_domains)
            intercept = shifts[domain]
            scale = noise_scale * scales[domain]
        if mechanism == "linear_nongaussian":
            noise = rng.uniform(-np.sqrt(3), np.sqrt(3), n) * scale
        elif mechanism == "mixed" and not parents and idx % 2 == 0:
            X[node] = (rng.random(n) < 0.4).astype(float)
            continue
        else:
            noise = rng.normal(0, 1, n) * scale
        value = intercept + noise
        for p in parents:
            parent = X[p]
            if mechanism == "nonlinear":
                f = funcs[(order.index(p) + idx) % len(funcs)]
                parent = f(_std(parent))
            value = value + weights[(p, node)] * parent
        X[node] = value
    df = pd.DataFrame({node: X[node] for node in graph.nodes})
    if mechanism == "discrete":
        df = df.astype(int)
    if n_domains > 1:
        df[domain_column] = domain
    return SimulatedData(data=df, graph=graph, weights=weights, changing=changing)


def _std(v: np.ndarray) -> np.ndarray:
    s = v.std()
    return (v - v.mean()) / (s if s > 0 else 1.0)


@dataclass
class SimulatedSeries:
    """A simulated vector autoregression: the data (with a `time` column) and its true links."""

    data: pd.DataFrame
    links: set[tuple[str, str, int]]  # (source, target, lag), lag 0 = same step
    coefficients: np.ndarray  # (max_lag + 1, p, p): coefficients[tau, j, i] is X_i(t-tau) -> X_j(t)


def simulate_var(
    p: int = 6,
    n: int = 1000,
    max_lag: int = 2,
    n_cross: int | None = None,
    n_contemporaneous: int = 0,
    self_coef: float = 0.4,
    coef: tuple[float, float] = (0.3, 0.5),
    noise: Literal["gaussian", "uniform"] = "gaussian",
    seed: int = 0,
    n_series: int = 1,
) -> SimulatedSeries:
    """A stable linear VAR(max_lag) with known lagged (and optional same-step) links.

    Every variable depends on its own previous step (`self_coef`); `n_cross` (default p) links
    X_i(t - tau) -> X_j(t) with i != j and tau in 1..max_lag, at least one at lag max_lag, get a
    coefficient of random sign with magnitude in `coef`; `n_contemporaneous` same-step links
    follow a random causal order. Rows: `n` steps per series after a burn-in; with
    `n_series` > 1 a `series` column tells the independent runs apart.
    """
    if p < 2 or n < 10 or max_lag < 1:
        raise InputError(
            f"simulate_var needs p >= 2, n >= 10 and max_lag >= 1 (got {p}, {n}, {max_lag}).",
            "e.g. simulate_var(p=6, n=1000, max_lag=2)",
        )
    rng = np.random.default_rng(seed)
    n_cross = p if n_cross is None else n_cross
    a = np.zeros((max_lag + 1, p, p))
    for j in range(p):
        a[1, j, j] = self_coef
    cross: set[tuple[int, int, int]] = set()
    while len(cross) < n_cross:
        i, j = (int(v) for v in rng.choice(p, 2, replace=False))
        tau = max_lag if not cross else int(rng.integers(1, max_lag + 1))
        cross.add((i, j, tau))
    order = rng.permutation(p)
    same: set[tuple[int, int]] = set()
    while len(same) < n_contemporaneous:
        u, v = sorted(int(x) for x in rng.choice(p, 2, replace=False))
        same.add((int(order[u]), int(order[v])))
    for i, j, tau in cross:
        a[tau, j, i] = rng.uniform(*coef) * rng.choice([-1, 1])
    for i, j in same:
        a[0, j, i] = rng.uniform(*coef) * rng.choice([-1, 1])
    # stability: shrink cross links until the companion matrix has spectral radius < 0.95
    inv0 = np.linalg.inv(np.eye(p) - a[0])
    for _ in range(50):
        comp = np.zeros((p * max_lag, p * max_lag))
        comp[:p] = np.hstack([inv0 @ a[t] for t in range(1, max_lag + 1)])
        comp[p:, :-p] = np.eye(p * (max_lag - 1))
        if np.max(np.abs(np.linalg.eigvals(comp))) < 0.95:
            break
        a[1:] *= 0.9
    frames = []
    burn = 200
    for s in range(n_series):
        x = np.zeros((n + burn, p))
        for t in range(max_lag, n + burn):
            e = (
                rng.standard_normal(p)
                if noise == "gaussian"
                else rng.uniform(-np.sqrt(3), np.sqrt(3), p)
            )
            lagged = sum(a[tau] @ x[t - tau] for tau in range(1, max_lag + 1))
            x[t] = inv0 @ (lagged + e)
        df = pd.DataFrame(x[burn:], columns=[f"x{k}" for k in range(p)])
        df.insert(0, "time", np.arange(n))
        if n_series > 1:
            df.insert(0, "series", s)
        frames.append(df)
    names = [f"x{k}" for k in range(p)]
    links = {
        (names[i], names[j], tau)
        for tau in range(max_lag + 1)
        for j in range(p)
        for i in range(p)
        if a[tau, j, i] != 0
    }
    return SimulatedSeries(pd.concat(frames, ignore_index=True), links, a)


def lagged_edge_scores(
    found: set[tuple[str, str, int]], truth: set[tuple[str, str, int]], lagged_only: bool = True
) -> dict[str, float]:
    """Precision, recall and F1 of (source, target, lag) links (lag >= 1 only by default)."""
    if lagged_only:
        found = {e for e in found if e[2] > 0}
        truth = {e for e in truth if e[2] > 0}
    tp = len(found & truth)
    precision = tp / len(found) if found else 1.0
    recall = tp / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}
