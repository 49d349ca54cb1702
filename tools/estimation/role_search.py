"""BOSS (best order score search) with the question's knowledge built into the search.

causal-learn's BOSS takes no background knowledge, and knowledge applied afterwards cannot
undo what the unconstrained search chose: on confounded data the best-scoring unconstrained
order often puts the outcome before the treatment, which the question rules out, and the
edges around it are then wrong too. Here the search only visits orders with the treatment
before the outcome, so the outcome is never an ancestor of the treatment.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any

import numpy as np

from copilot.tools.graph import CausalGraph, dag_to_cpdag

#: causal-learn's BIC penalty multiplier for permutation searches is 2; 1 keeps weaker edges
#: (a weak confounder found is worth more here than a sparser graph).
PENALTY = 1.0


class _CachedScore:
    """A causal-learn local score with every (node, parent set) computed once.

    causal-learn's grow-shrink trees call `score_nocache`, so each search (and each restart,
    which builds new trees) scores the same parent sets again; the searches behind one estimate
    (the point search, its restarts, and the constrained searches of `upstream_cost` on the
    same rows) ask for largely the same ones. A local score depends only on the node and the
    set of its parents, so the cached value is the one the search would compute."""

    def __init__(self, inner: Any):
        self.inner = inner
        self.data = inner.data
        self.cache: dict[tuple[int, tuple[int, ...]], float] = {}

    def score_nocache(self, i: int, parents: list[int]) -> float:
        key = (i, tuple(sorted(parents)))
        value = self.cache.get(key)
        if value is None:
            value = self.cache[key] = self.inner.score_nocache(i, parents)
        return value

    score = score_nocache


#: Scorers of recent data, so that searches on the same rows share their local scores.
_SCORERS: dict[tuple, _CachedScore] = {}
_SCORERS_KEEP = 4


def _scorer(X: np.ndarray, score: str, penalty: float = PENALTY) -> _CachedScore:
    from causallearn.score.LocalScoreFunction import local_score_BDeu, local_score_BIC_from_cov
    from causallearn.score.LocalScoreFunctionClass import LocalScoreClass

    X = np.ascontiguousarray(X, dtype=float)
    key = (score, float(penalty), X.shape, hashlib.blake2b(X.tobytes(), digest_size=16).digest())
    if key in _SCORERS:
        return _SCORERS[key]
    if score == "bdeu":
        codes = np.column_stack(
            [np.unique(X[:, j], return_inverse=True)[1] for j in range(X.shape[1])]
        ).astype(float)
        inner = LocalScoreClass(data=codes, local_score_fun=local_score_BDeu, parameters=None)
    else:
        inner = LocalScoreClass(
            data=X, local_score_fun=local_score_BIC_from_cov, parameters={"lambda_value": penalty}
        )
    if len(_SCORERS) >= _SCORERS_KEEP:
        _SCORERS.pop(next(iter(_SCORERS)))
    _SCORERS[key] = _CachedScore(inner)
    return _SCORERS[key]


Constraints = list[tuple[int, int]]


def _allowed(order: list[int], before: Constraints) -> bool:
    return all(order.index(a) < order.index(b) for a, b in before)


def _repair(order: list[int], before: Constraints) -> list[int]:
    """The order with each violated pair fixed by moving the earlier-required node just in
    front of the other (repeated until every pair holds; the pairs form no cycle)."""
    order = list(order)
    for _ in range(len(order) * max(1, len(before))):
        bad = next(((a, b) for a, b in before if order.index(a) > order.index(b)), None)
        if bad is None:
            return order
        a, b = bad
        order.remove(a)
        order.insert(order.index(b), a)
    raise ValueError("the order constraints form a cycle")


def _better_mutation(v: int, order: list[int], gsts: list, before: Constraints) -> bool:
    """Move `v` to the best-scoring position that keeps every constrained pair in order."""
    i = order.index(v)
    p = len(order)
    scores = np.zeros(p + 1)
    prefix: list[int] = []
    score = 0.0
    for j, w in enumerate(order):
        scores[j] = gsts[v].trace(prefix) + score
        if v != w:
            score += gsts[w].trace(prefix)
            prefix.append(w)
    scores[p] = gsts[v].trace(prefix) + score
    prefix.append(v)
    score = 0.0
    j = p - 1
    for w in reversed(order):
        if v != w:
            prefix.remove(w)
            score += gsts[w].trace(prefix)
        scores[j] += score
        j -= 1
    best, best_score = i, scores[i]
    for j in range(p + 1):
        if scores[j] > best_score + 1e-6:
            new = [w for w in order if w != v]
            new.insert(j - int(j > i), v)
            if _allowed(new, before):
                best, best_score = j, scores[j]
    if best == i:
        return False
    order.remove(v)
    order.insert(best - int(best > i), v)
    return True


def ordered_boss(
    X: np.ndarray,
    names: list[str],
    first: str,
    last: str,
    score: str = "bic",
    seed: int = 0,
    restarts: int = 2,
    before: list[tuple[str, str]] = (),
) -> CausalGraph:
    """The CPDAG of the best DAG whose order puts `first` before `last` and keeps each pair
    of `before` in order (best of `restarts`)."""
    _, parents = best_order_dag(X, names, [(first, last), *before], score, seed, restarts)
    edges = [(names[u], names[v]) for v, pa in parents.items() for u in pa]
    return dag_to_cpdag(CausalGraph.from_edges(list(names), edges, kind="dag"))


def best_order_dag(
    X: np.ndarray,
    names: list[str],
    before: list[tuple[str, str]],
    score: str = "bic",
    seed: int = 0,
    restarts: int = 2,
    penalty: float = PENALTY,
) -> tuple[float, dict[int, list[int]]]:
    """(score, parents) of the best DAG among orders that keep each pair (a, b) of `before`
    with a before b (BOSS moves, best of `restarts` starting orders)."""
    from causallearn.search.PermutationBased.gst import GST

    p = len(names)
    scorer = _scorer(X, score, penalty)
    pairs = [(names.index(a), names.index(b)) for a, b in before]
    rng = np.random.default_rng(seed)
    best: tuple[float, dict[int, list[int]]] | None = None
    for r in range(restarts):
        order = list(range(p)) if r == 0 else [int(v) for v in rng.permutation(p)]
        order = _repair(order, pairs)
        gsts = [GST(v, scorer) for v in range(p)]
        variables = list(range(p))
        shuffle = random.Random(seed + r)
        while True:
            improved = False
            shuffle.shuffle(variables)
            for v in variables:
                improved |= _better_mutation(v, order, gsts, pairs)
            if not improved:
                break
        parents: dict[int, list[int]] = {}
        total = 0.0
        for i, v in enumerate(order):
            parents[v] = []
            total += gsts[v].trace(order[:i], parents[v])
        if best is None or total > best[0] + 1e-9:
            best = (total, parents)
    assert best is not None
    return best
