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


def _scorer(X: np.ndarray, score: str, penalty: float = PENALTY, logistic: tuple[int, ...] = ()):
    from causallearn.score.LocalScoreFunction import local_score_BDeu, local_score_BIC_from_cov
    from causallearn.score.LocalScoreFunctionClass import LocalScoreClass

    if score == "bdeu":
        codes = np.column_stack(
            [np.unique(X[:, j], return_inverse=True)[1] for j in range(X.shape[1])]
        ).astype(float)
        return LocalScoreClass(data=codes, local_score_fun=local_score_BDeu, parameters=None)
    # Logistic scores for the binary ones among `logistic` (the treatment and the outcome,
    # whose relations the roles are read from); binary covariates keep the Gaussian score, as
    # a logistic fit per candidate parent set of every binary column is too slow on wide
    # tables with many of them (IHDP has 19).
    binary = [j for j in logistic if len(np.unique(X[:, j])) == 2]
    if not binary:
        return LocalScoreClass(
            data=X, local_score_fun=local_score_BIC_from_cov, parameters={"lambda_value": penalty}
        )
    return LocalScoreClass(
        data=X,
        local_score_fun=mixed_bic(X, set(binary), penalty),
        parameters={"lambda_value": penalty},
    )


def mixed_bic(X: np.ndarray, binary: set[int], penalty: float):
    """A local BIC for mixed data: a column of `binary` given its parents is a logistic
    regression (its likelihood is a probability), every other one a linear Gaussian regression
    (its likelihood a density, as in causal-learn's BIC). Both scores keep a constant per column
    whatever its parents, so graphs stay comparable. With every column scored as Gaussian, a
    binary treatment and a Gaussian mediator fit equally well in either direction (Markov
    equivalent); a logistic treatment breaks that tie with the shape of the data: a
    consequence of a binary treatment is a two-component mixture, a cause of it is not."""
    n = len(X)
    cov = np.cov(X, rowvar=False, bias=True)
    codes = {j: (X[:, j] == X[:, j].max()).astype(float) for j in binary}
    ones = np.ones((n, 1))

    def local(data, i: int, parents: list[int], parameters=None) -> float:
        k = len(parents)
        if i not in binary:
            var = cov[i, i]
            if k:
                xy = cov[np.ix_(parents, [i])]
                xx = cov[np.ix_(parents, parents)]
                try:
                    var = var - (xy.T @ np.linalg.solve(xx, xy)).item()
                except np.linalg.LinAlgError:
                    var = var - (xy.T @ np.linalg.pinv(xx) @ xy).item()
            var = max(var, 1e-12)
            return -0.5 * n * (1 + np.log(var)) - penalty * (k + 1) * np.log(n)
        y = codes[i]
        A = np.hstack([ones, X[:, parents]]) if k else ones
        return _logistic_loglik(A, y) - penalty * (k + 1) * np.log(n)

    local.__name__ = "local_score_mixed_bic"
    return local


def _logistic_loglik(A: np.ndarray, y: np.ndarray, steps: int = 25) -> float:
    """Maximised log-likelihood of a logistic regression of y on A (Newton steps, a tiny ridge
    so that separated data stay finite)."""
    mu, sd = A.mean(axis=0), A.std(axis=0)
    sd[sd == 0] = 1.0
    Z = (A - mu) / sd
    Z[:, 0] = 1.0
    beta = np.zeros(Z.shape[1])
    p0 = min(max(y.mean(), 1e-6), 1 - 1e-6)
    beta[0] = np.log(p0 / (1 - p0))
    ridge = 1e-6 * len(y)
    for _ in range(steps):
        eta = Z @ beta
        p = 1.0 / (1.0 + np.exp(-eta))
        w = np.clip(p * (1 - p), 1e-9, None)
        grad = Z.T @ (y - p) - ridge * np.r_[0.0, beta[1:]]
        H = (Z * w[:, None]).T @ Z + ridge * np.eye(len(beta))
        step = np.linalg.solve(H, grad)
        beta = beta + step
        if np.abs(step).max() < 1e-8:
            break
    eta = Z @ beta
    return float(np.sum(y * eta - np.logaddexp(0.0, eta)))


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
) -> CausalGraph:
    """The CPDAG of the best DAG whose order puts `first` before `last` (best of `restarts`)."""
    _, parents = best_order_dag(
        X, names, [(first, last)], score, seed, restarts, logistic=(first, last)
    )
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
    logistic: tuple[str, ...] = (),
) -> tuple[float, dict[int, list[int]]]:
    """(score, parents) of the best DAG among orders that keep each pair (a, b) of `before`
    with a before b (BOSS moves, best of `restarts` starting orders); the binary columns among
    `logistic` are scored as logistic regressions."""
    from causallearn.search.PermutationBased.gst import GST

    p = len(names)
    scorer = _scorer(X, score, penalty, tuple(names.index(c) for c in logistic if c in names))
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
