"""Orienting an edge at the treatment with the treatment's other causes as witnesses.

A column M joined to the treatment T by an edge the independences leave undirected (T - M,
with M also linked to the outcome) reads as a common cause under the standard assumption. With
linear relations and Gaussian noise the shape of the noise cannot decide it either. But when T
has other causes W that the graph does not link to M (except through T, the outcome, or
columns downstream of them), the two readings make opposite predictions about W and M:

- M a consequence of T (T -> M): M depends on W only through T, so M is independent of W given
  T and dependent on W without it (T is not a collider on W -> T -> M);
- M a cause of T (M -> T <- W): M is independent of W, and dependent on W given T (T is a
  collider: holding it fixed links its causes).

This is the rule by which a search orients a v-structure, asked of one edge with a targeted
test: the causes of T are combined into one witness, their cross-fitted linear prediction of T
(each cause alone is often too weak for a search to keep its edge to T, and the combination
carries all of their dependence on T). A consequence of the outcome as well (T -> M <- Y) is
independent of W given both T and the outcome. Each reading forbids one dependence; the
log-likelihood of one reading exceeds the other's by about (z_forbidden_by_other^2 -
z_forbidden_by_it^2) / 2 (Gaussian partial correlations). The side is decided only when the
best downstream reading and the upstream one differ by WITNESS_MARGIN and the better one fits
(the dependence it forbids is not found); otherwise the column stays as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from copilot.tools.data import Dataset

from .roles import DOWNSTREAM, UPSTREAM, RoleAnalysis

#: Log-likelihood margin (natural log units) by which one reading must fit better than the
#: other before it decides the column's side (the two readings have the same number of edges,
#: so no edge's cost is added, and the better one must also fit: FIT_Z). Below the evidence
#: margin of the score-based roles (`roles.UPSTREAM_MARGIN`, 2): over the 200 drawn random-dev
#: tables, 1.5 leaves out four more consequences of the treatment (lower bias, coverage
#: unchanged), where 1.0 also leaves out a confounder of a dev scenario.
WITNESS_MARGIN = 1.5
#: A reading fits when the dependence it forbids stays below this z (two-sided p > 0.01).
FIT_Z = 2.576
#: Fewest rows for the tests.
MIN_ROWS = 50
#: A downstream reading from two or more witnesses is not taken when the witnesses other than
#: the one most linked to the column place it upstream (`_without_closest`).
LEAVE_ONE_OUT = True


@dataclass(frozen=True)
class WitnessTest:
    """What the treatment's other causes say about one column's side of the treatment."""

    column: str
    witnesses: tuple[str, ...]
    z_alone: float  # the column against the witness, marginally
    z_given: float  # the column against the witness, given the treatment
    #: the column against the witness, given the treatment and the outcome (None: not tested)
    z_given_both: float | None = None

    @property
    def after_outcome(self) -> bool:
        """Whether the downstream reading that fits best is a consequence of the outcome."""
        return self.z_given_both is not None and self.z_given_both**2 < self.z_given**2

    @property
    def z_down(self) -> float:
        """The dependence the best downstream reading forbids."""
        return self.z_given_both if self.after_outcome else self.z_given

    @property
    def margin(self) -> float:
        """Log-likelihood of the best downstream reading minus the upstream one."""
        return (self.z_alone**2 - self.z_down**2) / 2

    @property
    def decision(self) -> str:
        # One reading must beat the other by the margin and fit itself: when both forbidden
        # dependences are clearly there, something else links the column to the witnesses.
        if self.margin >= WITNESS_MARGIN and abs(self.z_down) < FIT_Z:
            return "downstream"
        if self.margin <= -WITNESS_MARGIN and abs(self.z_alone) < FIT_Z:
            return "upstream"
        return "undecided"

    def evidence(self, treatment: str) -> str:
        w = ", ".join(self.witnesses)
        both = (
            f", {self.z_given_both:.1f} given it and the outcome"
            if self.z_given_both is not None
            else ""
        )
        zs = f"z = {self.z_alone:.1f} without {treatment}, {self.z_given:.1f} given it{both}"
        if self.decision == "downstream":
            through = f"{treatment} and the outcome" if self.after_outcome else treatment
            told = (
                f"it depends on the other causes of {treatment} ({w}) only through {through} "
                f"({zs}), as a consequence does and a cause of {treatment} would not"
            )
        elif self.decision == "upstream":
            told = (
                f"it is independent of the other causes of {treatment} ({w}) and linked to them "
                f"once {treatment} is held fixed ({zs}), as a fellow cause of {treatment} is"
            )
        else:
            told = f"the other causes of {treatment} ({w}) do not settle its side ({zs})"
        return f"{told}; log-likelihood margin {self.margin:+.1f}"


def _design(frame: pd.DataFrame, columns: list[str], categorical: set[str]) -> np.ndarray:
    parts = []
    for c in columns:
        if c in categorical:
            parts.append(pd.get_dummies(frame[c].astype(int), drop_first=True).to_numpy(float))
        else:
            parts.append(frame[[c]].to_numpy(float))
    return np.column_stack(parts)


def _residual(y: np.ndarray, X: np.ndarray | None) -> np.ndarray:
    if X is None:
        return y - y.mean()
    X1 = np.column_stack([np.ones(len(y)), X])
    beta, *_ = np.linalg.lstsq(X1, y, rcond=None)
    return y - X1 @ beta


def _z(a: np.ndarray, b: np.ndarray, given: np.ndarray | None) -> float:
    """Fisher's z of the (partial) correlation of a and b."""
    ra, rb = _residual(a, given), _residual(b, given)
    denom = np.sqrt(np.sum(ra * ra) * np.sum(rb * rb))
    if denom <= 0:
        return 0.0
    r = float(np.clip(np.sum(ra * rb) / denom, -0.999999, 0.999999))
    k = 0 if given is None else given.shape[1]
    return float(np.arctanh(r) * np.sqrt(max(len(a) - k - 3, 1)))


def witness_test(
    frame: pd.DataFrame,
    treatment: str,
    column: str,
    witnesses: list[str],
    categorical: set[str] = frozenset(),
    seed: int = 0,
    outcome: str | None = None,
) -> WitnessTest:
    """Test `column`'s side of `treatment` with `witnesses` (columns taken as causes of the
    treatment that nothing but the treatment links to the column); `frame` is numeric."""
    if not witnesses:
        raise ValueError("a witness test needs at least one witness column")
    data = frame[[treatment, column, *witnesses, *([outcome] if outcome else [])]].dropna()
    if len(data) < MIN_ROWS:
        raise ValueError(f"a witness test needs at least {MIN_ROWS} complete rows")
    t = data[treatment].to_numpy(float)
    m = data[column].to_numpy(float)
    X = _design(data, witnesses, categorical)
    # The witness: the treatment predicted from its other causes, cross-fitted (two folds) so
    # that the treatment's own noise, which a consequence of it carries, does not leak in.
    fold = np.random.default_rng(seed).integers(0, 2, len(t))
    w = np.zeros(len(t))
    for f in (0, 1):
        fit, out = fold != f, fold == f
        X1 = np.column_stack([np.ones(fit.sum()), X[fit]])
        beta, *_ = np.linalg.lstsq(X1, t[fit], rcond=None)
        w[out] = np.column_stack([np.ones(out.sum()), X[out]]) @ beta
    z_alone = _z(m, w, None)
    z_given = _z(m, w, t[:, None])
    # The upstream reading forbids the marginal dependence, the mediator reading the one given
    # T, and a consequence of the outcome (and T) the one given both.
    both = None
    if outcome:
        both = _z(m, w, np.column_stack([t, data[outcome].to_numpy(float)]))
    return WitnessTest(column, tuple(witnesses), z_alone, z_given, both)


def _link_z(frame: pd.DataFrame, column: str, witness: str, categorical: set[str]) -> float:
    """How strongly `column` depends on one witness alone (Fisher's z of their correlation; a
    categorical witness through the fitted values of its indicators)."""
    data = frame[[column, witness]].dropna()
    m = data[column].to_numpy(float)
    X = _design(data, [witness], categorical)
    fitted = m - _residual(m, X)
    return abs(_z(m, fitted, None))


def _without_closest(
    frame: pd.DataFrame,
    treatment: str,
    column: str,
    witnesses: list[str],
    categorical: set[str],
    outcome: str,
) -> tuple[str, WitnessTest] | None:
    """(the witness most linked to `column`, the test with the others), or None when the
    test cannot run without it.

    The test assumes that nothing but the treatment links a witness to the column. A cause of
    the treatment that is itself linked to a witness (one causes the other) breaks that: holding
    the treatment fixed adds a link of the opposite sign (the treatment is a common effect), the
    two can cancel in the combined witness, and the column then looks like a consequence of the
    treatment, as it does to a search that drops the edge for the same independence. A true
    consequence of the treatment depends on every cause of it through the treatment, so the
    reading holds without any one witness; a reading that rests on the witness most linked to the
    column, while the others place it before the treatment, does not decide its side."""
    closest = max(witnesses, key=lambda w: _link_z(frame, column, w, categorical & {w}))
    rest = [w for w in witnesses if w != closest]
    again = _tested(frame, treatment, column, rest, categorical, outcome)
    if again is None:
        return None
    return closest, again


def _tested(
    frame: pd.DataFrame,
    treatment: str,
    column: str,
    witnesses: list[str],
    categorical: set[str],
    outcome: str | None,
) -> WitnessTest | None:
    """`witness_test` with these witnesses, or None where too few rows or a degenerate fit
    leave no evidence either way."""
    try:
        return witness_test(
            frame, treatment, column, witnesses, categorical & set(witnesses), outcome=outcome
        )
    except (ValueError, np.linalg.LinAlgError):
        return None


def _linked_apart(graph_edges: list[tuple[str, str]], blocked: set[str], start: str) -> set[str]:
    """Nodes joined to `start` by a path (any edge direction) that avoids `blocked`."""
    nbrs: dict[str, set[str]] = {}
    for a, b in graph_edges:
        nbrs.setdefault(a, set()).add(b)
        nbrs.setdefault(b, set()).add(a)
    seen, stack = {start}, [start]
    while stack:
        for n in nbrs.get(stack.pop(), ()):
            if n not in seen and n not in blocked:
                seen.add(n)
                stack.append(n)
    return seen - {start}


def _it(columns: list[str], many: str = "them") -> str:
    """The pronoun for one column ("it") or several (`many`)."""
    return "it" if len(columns) == 1 else many


def orient_by_witnesses(
    roles: RoleAnalysis, ds: Dataset, treatment: str, outcome: str
) -> RoleAnalysis:
    """The roles with adjusted columns whose edge to the treatment is undirected (or whose side
    the resampled graphs leave undecided) oriented by the witness test, where it decides.

    Witnesses: the columns read as pre-treatment (confounders, outcome-only causes, instruments
    and unrelated columns that no reading leaves open) that no path of the discovered graph
    joins to the column except through the treatment, the outcome or a column left out as
    downstream, and, for one adjacent to the treatment, that its own witness test does not
    place after the treatment (a consequence of the treatment among the witnesses makes every
    cause of it read as a consequence). A column placed downstream is left out (`strong_downstream`, as a side the
    noise decides), unless the shape of the noise placed it upstream (`decided_upstream`): the
    two checks disagree, so it stays adjusted for and joins the undecided columns, whose other
    reading is shown; one placed upstream stays adjusted for, with the test as its evidence."""
    covariates = list(roles.roles)
    if len(covariates) < 2:
        return roles
    kinds = ds.profile.kinds()
    g = roles.graph
    undirected_t = {
        (set(e.key) - {treatment}).pop()
        for e in g.edges
        if e.type == "undirected" and treatment in e.key
    }
    unsettled = {*roles.undecided, *roles.left_open, *roles.ties}
    settled_up = {*roles.decided_upstream, *roles.name_upstream}
    candidates = [
        c
        for c in covariates
        if roles.roles[c].adjusted
        and (c in undirected_t or c in roles.undecided or c in roles.left_open)
        and c not in roles.strong_downstream
        and c not in roles.name_upstream
        and kinds.get(c) != "categorical"
    ]
    if not candidates:
        return roles
    downstream_out = {c for c, r in roles.roles.items() if not r.adjusted and r.role in DOWNSTREAM}
    edges = [(e.source, e.target) for e in g.edges]
    frame = ds.numeric([treatment, outcome, *covariates]).reset_index(drop=True)
    categorical = {c for c in covariates if kinds.get(c) == "categorical"}
    new = dict(roles.roles)
    undecided, left_open, strong = (
        list(roles.undecided),
        list(roles.left_open),
        list(roles.strong_downstream),
    )
    decided: list[str] = []
    disputed: list[str] = []  # placed downstream by the witnesses, upstream by the noise
    hinged: list[str] = []  # placed downstream only with the witness most linked to them

    def witnesses_for(c: str, questioned: set[str]) -> list[str]:
        linked = _linked_apart(edges, {treatment, outcome, *downstream_out}, c)
        return [
            o
            for o in covariates
            if o != c
            and o not in unsettled
            and o not in questioned
            # its own side of the treatment open, unless the noise or its name settled it
            and (o not in undirected_t or o in settled_up)
            and o not in linked
            and new[o].role in UPSTREAM
            and (new[o].adjusted or new[o].role == "instrument")
        ]

    # A witness must itself be a cause of the treatment: a consequence of it among the
    # witnesses depends on every cause of the treatment only through the treatment, so with it
    # each cause tested shows a consequence's pattern. A column adjacent to the treatment that
    # most resamples read before it may still be a consequence (the search on all rows may
    # point it out of the treatment, or only the shape of the noise settles its side), so each
    # one offered as a witness is first tested itself, with the others as its witnesses. The
    # one placed after the treatment by the widest margin is in dispute and witnesses for no
    # other column; so is each column it was a witness for that it places after the treatment
    # by a margin within WITNESS_MARGIN of its own (each reads the other as the consequence,
    # and the data do not say which is). The rest are tested again without them, until none
    # is placed after the treatment: the clearest consequence goes first, so that it does not
    # make the causes tested beside it look like consequences too. This is done before any
    # column is decided, so the witnesses do not depend on the order of the columns.
    adjacent_t = set(g.neighbours(treatment))
    questioned: set[str] = set()
    while True:
        offered = {o for c in candidates for o in witnesses_for(c, questioned)}
        down: dict[str, tuple[float, list[str]]] = {}
        for o in sorted(offered & adjacent_t):
            ws = witnesses_for(o, questioned)
            if not ws:
                continue
            first = _tested(frame, treatment, o, ws, categorical, outcome)
            if first is not None and first.decision == "downstream":
                down[o] = (first.margin, ws)
        if not down:
            break
        worst = max(down, key=lambda o: (down[o][0], o))
        margin, ws = down[worst]
        questioned.add(worst)
        questioned.update(
            o
            for o, (m, its) in down.items()
            if o in ws and worst in its and m >= margin - WITNESS_MARGIN
        )
    for c in candidates:
        witnesses = witnesses_for(c, questioned)
        if not witnesses:
            continue
        test = _tested(frame, treatment, c, witnesses, categorical, outcome)
        if test is None:
            continue
        r = new[c]
        dropped = [o for o in witnesses_for(c, set()) if o in questioned]
        told = test.evidence(treatment) + (
            f" ({', '.join(dropped)} not among the witnesses: with the others as witnesses, "
            f"{_it(dropped)} read{'s' if len(dropped) == 1 else ''} as a consequence of "
            f"{treatment})"
            if dropped
            else ""
        )
        if test.decision == "downstream" and LEAVE_ONE_OUT and len(witnesses) >= 2:
            rest = _without_closest(frame, treatment, c, witnesses, categorical, outcome)
            if rest is not None and rest[1].decision == "upstream":
                closest, again = rest
                new[c] = r.model_copy(
                    update={
                        "evidence": r.evidence
                        + "; "
                        + told
                        + f"; but without {closest}, the witness most linked to {c}, the "
                        f"other causes of {treatment} place it before {treatment} ("
                        + again.evidence(treatment)
                        + f"): a cause of {treatment} linked to {closest} shows the first "
                        f"pattern too, so its side is not decided: it is adjusted for as a "
                        "pre-treatment covariate (the standard assumption) and the estimate "
                        "without it is the alternative"
                    }
                )
                hinged.append(c)
                if c not in undecided:
                    undecided.append(c)
                continue
        if test.decision != "downstream":
            # Evidence only: the column stays as the search left it (adjusted for).
            new[c] = r.model_copy(update={"evidence": r.evidence + "; " + told})
            continue
        if c in roles.decided_upstream:
            # The shape of the noise placed it before the treatment, and the witnesses place it
            # after: two checks of the data disagree. A cause of the treatment that is itself
            # linked to a witness (one causes the other) shows the witnesses' pattern too when
            # holding the treatment fixed cancels that link, and the search, seeing them
            # independent given the treatment, drops the edge that would have kept the witness
            # out. The side is not decided: the standard assumption stands (adjusted for), and
            # the estimate without it is the alternative.
            new[c] = r.model_copy(
                update={
                    "evidence": r.evidence
                    + "; "
                    + told
                    + f"; but the shape of the noise places {c} before {treatment}, so the "
                    "data disagree: it is adjusted for as a pre-treatment covariate (the "
                    "standard assumption) and the estimate without it is the alternative",
                }
            )
            disputed.append(c)
            if c not in undecided:
                undecided.append(c)
            continue
        decided.append(c)
        into_y = any({c, outcome} == set(e.key) for e in g.edges)
        if test.after_outcome:
            role = "collider"
        else:
            role = "mediator" if into_y else "descendant_of_treatment"
        new[c] = r.model_copy(
            update={
                "role": role,
                "confidence": round(float(1 - np.exp(-test.margin)), 3),
                "adjusted": False,
                "evidence": r.then(
                    told + ": not adjusted for (adjusting for it would bias the effect)", False
                ),
            }
        )
        for lst in (undecided, left_open):
            if c in lst:
                lst.remove(c)
        if c not in strong:
            strong.append(c)
    if not decided and not disputed and not hinged:
        return replace(roles, roles=new)
    notes = list(roles.notes)
    if decided:
        notes.append(
            "the treatment's other causes, as witnesses, decided the side of "
            + ", ".join(decided)
            + ", whose edge to the treatment the independences leave open"
        )
    undecided_end = (
        "the data do not decide, so the standard assumption stands (adjusted for) and the "
        "estimate without {} is the alternative"
    )
    if disputed:
        it = _it(disputed)
        notes.append(
            f"{', '.join(disputed)}: the witnesses place {it} after {treatment} and the shape of "
            f"the noise before it; " + undecided_end.format(it)
        )
    if hinged:
        it = _it(hinged)
        notes.append(
            f"{', '.join(hinged)}: the witnesses place {it} after {treatment} only with the "
            f"witness most linked to {_it(hinged, 'each')}; " + undecided_end.format(it)
        )
    return replace(
        roles,
        roles=new,
        adjustment=[c for c in covariates if new[c].adjusted],
        undecided=undecided,
        left_open=left_open,
        strong_downstream=strong,
        notes=notes,
    )
