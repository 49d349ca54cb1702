"""Which of the treatment's neighbours can be its causes together.

The roles read each column on its own: a column joined to the treatment by an undirected edge
is a possible cause of it, and the standard assumption adjusts for it. Read together, two such
columns that are not adjacent to each other cannot both be causes of the treatment: C1 -> T <- C2
would be a v-structure, and the graph has none there (the search found C1 and C2 dependent
given T, as they are when one of them is a consequence of T). So at most one of them comes
before the treatment and the other is a consequence of it (a mediator or a common effect of T
and Y): adjusting for both, as the column-by-column reading does, adjusts for a consequence of
the treatment in every graph of the class. This is the local rule of IDA (Maathuis, Kalisch and
Buehlmann 2009): a set of undirected neighbours can be the treatment's parents only when
orienting them into it creates no new v-structure.

A pair counts as exclusive when most resampled graphs agree (EXCLUSIVE_CONFIDENT) and the two
are dependent given the treatment's settled causes: two causes of it with no edge between them
would be independent, so a v-structure the search missed is not read as exclusivity.

Among the sets that can be parents, the largest is taken (the standard assumption: as much as
the graph allows is pre-treatment). When several are largest, the independences cannot tell
them apart; the sets keeping more columns that the shape of the noise places before the
treatment come first, then the one whose local model has the highest likelihood (Gaussian linear
equations, a logistic one for a binary variable: these differ between the readings only when
some variable is binary or not Gaussian), the columns left out are undecided, and the estimate
under the other reading is the alternative, with an interval spanning both when they disagree.
A column left out although the shape of the noise places it before the treatment is undecided
too (the graph's independences and the noise disagree), with the same alternative.

Short of that confidence, a pair is in doubt (`_in_doubt`) when most graphs, though fewer than
EXCLUSIVE_CONFIDENT, read it as exclusive, or when the data separate it: dependent, but
independent given the treatment (a consequence of it shows that) or given the treatment and the
outcome (a common effect of both), which two causes of the treatment never are. Its columns
stay adjusted for (the standard assumption) and become undecided, so the estimate without each
is shown and spanned when it lies outside the interval. The separation test also reaches causes
that only the graph settles: the search can join a common effect to a cause of the treatment
and drop the treatment-outcome edge when holding both fixed nearly cancels that link.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import replace
from itertools import combinations

import numpy as np
import pandas as pd

from copilot.tools.data import Dataset

from .roles import RoleAnalysis

#: At most this many competing neighbours are enumerated (2^n subsets).
MAX_FREE = 10
#: Below this p-value two neighbours of the treatment are dependent given the settled causes.
DEPENDENT_P = 0.01
#: Share of the resampled graphs in which two of the treatment's neighbours must be
#: non-adjacent without a v-structure at the treatment before they count as exclusive.
EXCLUSIVE_CONFIDENT = 0.75
#: From this share to EXCLUSIVE_CONFIDENT, a dependent pair's reading as two causes of the
#: treatment is in doubt: its columns stay adjusted for (the standard assumption) but are
#: undecided, so the estimate without each is shown and spanned.
EXCLUSIVE_DOUBT = 0.5
#: Above this p-value two dependent neighbours of the treatment count as separated by it (or by
#: it and the outcome): a pair in doubt too.
SEPARATED_P = 0.05


def _loglik(frame: pd.DataFrame, target: str, parents: list[str]) -> float:
    """Log likelihood of one equation: logistic for a binary target, else Gaussian linear."""
    from sklearn.linear_model import LinearRegression, LogisticRegression

    y = frame[target].to_numpy(dtype=float)
    X = frame[parents].to_numpy(dtype=float) if parents else np.zeros((len(y), 0))
    if len(np.unique(y)) == 2:
        y = (y == y.max()).astype(int)
        if parents:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                fit = LogisticRegression(C=1e6, max_iter=3000).fit(X, y)
            q = fit.predict_proba(X)[:, 1]
        else:
            q = np.full(len(y), y.mean())
        q = np.clip(q, 1e-9, 1 - 1e-9)
        return float(np.sum(y * np.log(q) + (1 - y) * np.log(1 - q)))
    res = y - LinearRegression().fit(X, y).predict(X) if parents else y - y.mean()
    var = max(float(res.var()), 1e-12)
    return float(-0.5 * len(y) * (np.log(2 * np.pi * var) + 1))


def _dependence_p(frame: pd.DataFrame, a: str, b: str, given: list[str]) -> float:
    """Fisher-z test of the partial correlation of a and b given `given`."""
    from scipy import stats

    X = np.column_stack([np.ones(len(frame)), frame[given].to_numpy(dtype=float)])
    res = []
    for v in (a, b):
        y = frame[v].to_numpy(dtype=float)
        res.append(y - X @ np.linalg.lstsq(X, y, rcond=None)[0])
    if min(r.std() for r in res) <= 0:
        return 1.0
    r = float(np.clip(np.corrcoef(res[0], res[1])[0, 1], -0.999999, 0.999999))
    z = np.arctanh(r) * np.sqrt(max(len(frame) - len(given) - 3, 1))
    return float(2 * stats.norm.sf(abs(z)))


def _reading_loglik(
    frame: pd.DataFrame,
    adjacent: set[frozenset[str]],
    treatment: str,
    outcome: str,
    before: list[str],
    after: list[str],
) -> float:
    """Likelihood of the local model in which `before` are the treatment's causes (a chain in
    their order) and `after` its consequences (caused by T, and by Y and the columns before T
    they are adjacent to)."""

    def adj(a: str, b: str) -> bool:
        return frozenset((a, b)) in adjacent

    total = 0.0
    for i, c in enumerate(before):
        total += _loglik(frame, c, [b for b in before[:i] if adj(b, c)])
    total += _loglik(frame, treatment, before)
    total += _loglik(frame, outcome, [treatment, *(b for b in before if adj(b, outcome))])
    for c in after:
        parents = [treatment, *(v for v in [outcome, *before] if adj(v, c))]
        total += _loglik(frame, c, parents)
    return total


def consistent_parents(
    roles: RoleAnalysis, ds: Dataset, treatment: str, outcome: str
) -> RoleAnalysis:
    """The roles with the treatment's adjusted neighbours reduced to a set that can be its
    causes together (see module doc)."""
    g = roles.graph
    if not roles.roles or treatment not in g.nodes:
        return roles
    adjacent = {e.key for e in g.edges}
    neighbours = [c for c in g.neighbours(treatment) if c in roles.roles and c != outcome]
    adjusted = [c for c in neighbours if roles.roles[c].adjusted]
    # Causes of T that the graph settles: a directed edge into T, or a name that says so
    # (background knowledge in the search). The rest of the adjusted neighbours are causes by
    # assumption, or by the shape of the noise, which is read outside the graph: it only ranks
    # the sets below.
    fixed = [c for c in adjusted if c in g.parents(treatment) or c in roles.name_upstream]
    kinds = ds.profile.kinds()
    # A category is read through its indicators; its adjacency here is the merged one.
    free = [c for c in adjusted if c not in fixed and kinds.get(c) != "categorical"]
    # Causes the graph alone settles can still be in doubt (`_separated`): the search may
    # have joined a consequence of the treatment to a cause of it and dropped the edge from
    # the treatment to the outcome, when holding both fixed nearly cancels that link.
    searched = [c for c in fixed if c not in roles.name_upstream and kinds.get(c) != "categorical"]
    if len(free) > MAX_FREE or len(free) + len(fixed) < 2:
        return roles

    frame = ds.numeric([treatment, outcome, *roles.roles]).dropna().reset_index(drop=True)
    for c in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[c]):
            frame[c] = frame[c].astype(float)
    tested: dict[frozenset[str], bool] = {}

    def clash(a: str, b: str, share: float = EXCLUSIVE_CONFIDENT) -> bool:
        """Exclusive in `share` of the graphs or more, and dependent before the treatment is
        known: two causes of it with no edge between them would be independent, so the data
        reject that reading."""
        pair = frozenset((a, b))
        if roles.exclusive.get(pair, 0.0) < share:
            return False
        if pair not in tested:
            given = [c for c in fixed if c not in pair and c in frame.columns]
            tested[pair] = _dependence_p(frame, a, b, given) < DEPENDENT_P
        return tested[pair]

    def allowed(subset: tuple[str, ...]) -> bool:
        return not any(clash(s, o) for s in subset for o in (*subset, *fixed) if o != s)

    def doubt(a: str, b: str) -> tuple[str, bool] | None:
        """Why the pair cannot both be causes of the treatment, short of the rule's confidence:
        most graphs, though not EXCLUSIVE_CONFIDENT, read it as exclusive, or the data
        separate the two by the treatment (and the outcome), which two causes of the treatment
        never are (holding a common effect fixed links its causes)."""
        if clash(a, b, EXCLUSIVE_DOUBT):
            share = roles.exclusive[frozenset((a, b))]
            return (
                f"{a} and {b} are not adjacent in {share:.0%} of the resampled graphs, without "
                f"a v-structure at {treatment}: there they cannot both be causes of {treatment}, "
                f"short of the {EXCLUSIVE_CONFIDENT:.0%} needed to read one as a consequence of it"
            ), False
        given = [c for c in fixed if c not in (a, b)]
        text = _separated(frame, a, b, given, treatment, outcome)
        return None if text is None else (text, True)

    if allowed(tuple(free)):
        return _in_doubt(roles, free, searched, fixed, treatment, doubt)
    best_size = max(
        k for k in range(len(free) + 1) if any(allowed(s) for s in combinations(free, k))
    )
    candidates = [s for s in combinations(free, best_size) if allowed(s)]
    scored = []
    for s in candidates:
        before = [c for c in [*fixed, *s] if c in frame.columns]
        after = [c for c in free if c not in s and c in frame.columns]
        try:
            ll = _reading_loglik(frame, adjacent, treatment, outcome, before, after)
        except ValueError:
            ll = float("-inf")
        scored.append((ll, s))
    # The sets that keep more of the columns the shape of the noise places before the
    # treatment come first; the likelihood ranks the rest.
    scored.sort(key=lambda x: (-sum(c in roles.decided_upstream for c in x[1]), -x[0]))
    chosen = scored[0][1]
    out = [c for c in free if c not in chosen]
    tie = len(scored) > 1
    margin = scored[0][0] - scored[1][0] if tie else None
    new = dict(roles.roles)
    undecided, ties = list(roles.undecided), list(roles.ties)
    # the columns adjusted for now that the runner-up reading takes as consequences instead
    swapped = [c for c in chosen if tie and c not in scored[1][1]]
    for c in out:
        r = new[c]
        y_edge = g.edge(c, outcome)
        if y_edge is None:
            role = "descendant_of_treatment"
        elif y_edge.type == "directed" and y_edge.source == c:
            role = "mediator"
        else:
            role = "collider"
        pair = ", ".join(n for n in [*fixed, *chosen] if clash(n, c))
        why = (
            f"{c} and {pair} are not adjacent, so they cannot both be causes of {treatment} "
            f"(that would be a v-structure at {treatment}, which the graph does not have): "
            f"{c} is read as a consequence of {treatment} and is not adjusted for"
        )
        # The shape of the noise, read outside the graph, placed this column before the
        # treatment: the graph's independences and the noise disagree, so the column is
        # undecided and the estimate adjusting for it is the alternative.
        against_noise = not tie and c in roles.decided_upstream
        if against_noise:
            why += (
                f"; but the shape of the noise places {c} before {treatment}, so the data "
                "disagree: the estimate adjusting for it is the alternative"
            )
        if tie:
            noise = [n for n in chosen if n in roles.decided_upstream]
            ranked = (
                f"the shape of the noise places {', '.join(noise)} before {treatment}"
                if noise
                else f"its local model is less likely by {margin:.1f} log units"
            )
            why += (
                f"; the reading with {', '.join(swapped)} as the consequence instead fits the "
                f"same independences ({ranked}), so its estimate is the alternative"
            )
        new[c] = r.model_copy(
            update={
                "role": role,
                "confidence": 0.5 if tie or against_noise else max(r.confidence, 0.5),
                "adjusted": False,
                "evidence": r.then(why, False),
            }
        )
        if (tie or against_noise) and c not in undecided:
            undecided.append(c)
        if tie and c not in ties:
            ties.append(c)
    if tie:
        for c in swapped:
            if c not in undecided:
                undecided.append(c)
    return replace(
        roles,
        roles=new,
        adjustment=[c for c in roles.roles if new[c].adjusted],
        undecided=undecided,
        ties=ties,
        left_open=[c for c in roles.left_open if c not in out],
        notes=[
            *roles.notes,
            f"{', '.join(out)}: not adjacent to {', '.join(sorted(set(fixed) | set(chosen)))}, "
            f"so not a cause of {treatment} together with {'it' if len(chosen) + len(fixed) == 1 else 'them'} "
            "(no v-structure at the treatment): read as a consequence of it and not adjusted for",
        ],
    )


def _separated(
    frame: pd.DataFrame, a: str, b: str, given: list[str], treatment: str, outcome: str
) -> str | None:
    """Why two dependent columns cannot both be causes of the treatment when holding the
    treatment fixed (a mediator's pattern), or the treatment and the outcome (a common
    effect's), leaves them independent (p above SEPARATED_P); None otherwise."""
    if a not in frame.columns or b not in frame.columns:
        return None
    p0 = _dependence_p(frame, a, b, given)
    if p0 >= DEPENDENT_P:
        return None
    for held in ([treatment], [treatment, outcome]):
        p = _dependence_p(frame, a, b, [*given, *held])
        if p > SEPARATED_P:
            what = " and ".join(held)
            return (
                f"{a} and {b} are dependent (p = {p0:.2g}) but not once {what} "
                f"{'is' if len(held) == 1 else 'are'} held fixed (p = {p:.2g}); as two causes "
                f"of {treatment} they would stay dependent given it, so one of them may be a "
                f"consequence of {treatment}"
            )
    return None


def _in_doubt(
    roles: RoleAnalysis,
    free: list[str],
    searched: list[str],
    fixed: list[str],
    treatment: str,
    doubt: Callable[[str, str], tuple[str, bool] | None],
) -> RoleAnalysis:
    """The roles with each adjusted column of a pair in doubt (`doubt` gives why: most
    graphs, though not EXCLUSIVE_CONFIDENT of them, leave the two non-adjacent without a
    v-structure at the treatment, or the treatment separates them) undecided: it stays adjusted
    for, and the estimate without it is the alternative, spanned when it lies outside the
    interval. Causes of the treatment that the graph settles (`searched`, among `fixed`) are
    put in doubt only by the data separating them from another column."""
    pairs = []
    for a, b in combinations([*free, *fixed], 2):
        if not {a, b} & {*free, *searched}:
            continue
        why = doubt(a, b)
        if why is None:
            continue
        text, separated = why
        # a settled cause is put in doubt only by the separation test
        open_ = [c for c in (a, b) if c in free or (separated and c in searched)]
        if open_:
            pairs.append((a, b, text, open_))
    if not pairs:
        return roles
    new = dict(roles.roles)
    undecided = list(roles.undecided)
    for a, b, reason, open_ in pairs:
        # one of the two is a consequence in `share` of the graphs (at least half, for a pair
        # the data separate): each, in about half of that
        share = max(roles.exclusive.get(frozenset((a, b)), 0.0), 0.5)
        for c in open_:
            if c in undecided:
                continue
            why = (
                f"{reason}; the data do not decide, so {c} stays adjusted for (the standard "
                "assumption) and the estimate without it is the alternative"
            )
            conf = min(new[c].confidence, round(1 - share / 2, 3))
            new[c] = new[c].model_copy(
                update={"evidence": new[c].then(why, True), "confidence": conf}
            )
            undecided.append(c)
    if undecided == roles.undecided:
        return roles
    named = "; ".join(f"{a} and {b}" for a, b, _, _ in pairs)
    return replace(
        roles,
        roles=new,
        undecided=undecided,
        notes=[
            *roles.notes,
            f"{named}: possibly not both causes of {treatment} (see their roles), so one of "
            f"each pair may be a consequence of {treatment}: the estimate without each is the "
            "alternative",
        ],
    )
