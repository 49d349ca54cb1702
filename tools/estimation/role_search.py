"""BOSS (best order score search) with the question's knowledge built into the search.

causal-learn's BOSS takes no background knowledge, and knowledge applied afterwards cannot
undo what the unconstrained search chose: on confounded data the best-scoring unconstrained
order often puts the outcome before the treatment, which the question rules out, and the
edges around it are then wrong too. Here the search only visits orders with the treatment
before the outcome, so the outcome is never an ancestor of the treatment.
"""

from __future__ import annotations

import random

import numpy as np

from copilot.tools.graph import CausalGraph, dag_to_cpdag

#: causal-learn's BIC penalty multiplier for permutation searches is 2; 1 keeps weaker edges
#: (a weak confounder found is worth more here than a sparser graph).
PENALTY = 1.0


def _scorer(X: np.ndarray, score: str):
    from causallearn.score.LocalScoreFunction import local_score_BDeu, local_score_BIC_from_cov
    from causallearn.score.LocalScoreFunctionClass import LocalScoreClass

    if score == "bdeu":
        codes = np.column_stack(
            [np.unique(X[:, j], return_inverse=True)[1] for j in range(X.shape[1])]
        ).astype(float)
        return LocalScoreClass(data=codes, local_score_fun=local_score_BDeu, parameters=None)
    return LocalScoreClass(
        data=X, local_score_fun=local_score_BIC_from_cov, parameters={"lambda_value": PENALTY}
    )


def _allowed(order: list[int], first: int, last: int) -> bool:
    return order.index(first) < order.index(last)


def _better_mutation(v: int, order: list[int], gsts: list, first: int, last: int) -> bool:
    """Move `v` to the best-scoring position that keeps `first` before `last`."""
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
            if _allowed(new, first, last):
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
) -> CausalGraph:
    """The CPDAG of the best DAG whose order puts `first` before `last` (best of `restarts`)."""
    from causallearn.search.PermutationBased.gst import GST

    p = len(names)
    scorer = _scorer(X, score)
    f, la = names.index(first), names.index(last)
    rng = np.random.default_rng(seed)
    best: tuple[float, dict[int, list[int]]] | None = None
    for r in range(restarts):
        order = list(range(p)) if r == 0 else [int(v) for v in rng.permutation(p)]
        if not _allowed(order, f, la):
            a, b = order.index(f), order.index(la)
            order[a], order[b] = order[b], order[a]
        gsts = [GST(v, scorer) for v in range(p)]
        variables = list(range(p))
        shuffle = random.Random(seed + r)
        while True:
            improved = False
            shuffle.shuffle(variables)
            for v in variables:
                improved |= _better_mutation(v, order, gsts, f, la)
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
    edges = [(names[u], names[v]) for v, pa in best[1].items() for u in pa]
    return dag_to_cpdag(CausalGraph.from_edges(list(names), edges, kind="dag"))
