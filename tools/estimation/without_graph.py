"""Estimates when the user gives no graph: covariate roles, a stated assumption, and a second
try when the first estimate fails its own checks.

1. Roles (`roles.covariate_roles`): discovery on the data and resamples, read with the
   question's knowledge, gives each other column a role; the adjustment set is the standard
   assumption (pre-treatment covariates) minus what the data confidently place downstream;
   columns read as instrument-like are adjusted for too (`adjust_instruments`).
2. The estimate uses a DAG in which each adjusted column is a common cause, so DoWhy's chain
   (identify, estimate, refute) runs as with a user graph. The discovered graph's own
   implications at the treatment and the outcome are tested too (`roles_graph`).
3. When that test fails, the remedy it points to runs: the other score-based search; if its
   graph fails as well, the pre-treatment fallback (adjust for every column that neither graph
   confidently places downstream). The estimate that passes leads; the failed one is kept.
4. Columns the data leave undecided are also tried the other way (`alternative`); when that
   estimate lies outside the interval, the interval reported spans both readings.

Column names are read for time order (`column_time`) unless `name_order` is off: columns
whose names say they were fixed before the treatment (age, sex, baseline_*, prior_*) enter
every search as background knowledge (neither the treatment nor the outcome causes them), and
a column whose name says it was measured after the treatment (post_*, *_followup) is left out
when the data do not decide its side (the estimate adjusting for it is the alternative).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from copilot.errors import CopilotError, EstimationError
from copilot.tools.data import Dataset

from .column_time import AFTER, TimeCue, time_cues
from .result import Attempt, EffectEstimate, Refutation
from .roles import (
    DOWNSTREAM,
    UPSTREAM,
    RoleAnalysis,
    alternate_algorithm,
    covariate_roles,
    dag_extension,
    estimation_graph,
)


def estimate_without_graph(
    ds: Dataset,
    treatment: str,
    outcome: str,
    run: Any,
    algorithm: str,
    seed: int,
    mediator: str | None,
    refute: bool,
    confidence: float,
    act_on_checks: bool = True,
    name_order: bool = True,
    on_resample: Callable[[int, int], None] | None = None,
) -> EffectEstimate:
    """`run(graph, **overrides)` is `estimate_effect` with the user's other arguments bound;
    `name_order` reads the column names for time order (see module doc); `on_resample(b, k)`
    is told when the role searches start resample b of k (progress)."""
    from .copies import find_copies

    exclude = (mediator,)
    cues = time_cues(ds.analysable(), treatment, outcome) if name_order else {}
    copies = find_copies(ds, treatment, outcome, {c for c in exclude if c})
    first = _roles(ds, treatment, outcome, exclude, algorithm, seed, cues, copies, on_resample)
    found = _nonlinear(ds, treatment, outcome, first)
    if found is not None:
        first = after_cues(_pre_treatment_when_nonlinear(first, found), cues, treatment)
    try:
        est = _estimate_under(first, ds, treatment, outcome, run, mediator, refute, confidence)
    except EstimationError as exc:
        # Adjusting for an undecided column can leave no overlap: a column that almost decides
        # the treatment is far likelier a consequence of it than a cause, and no estimate can
        # adjust for it anyway; the undecided columns are then left out.
        # Columns read as instrument-like are left out then too (the textbook reason not to
        # adjust for an instrument), before the undecided ones.
        undecided_in = [c for c in first.undecided if c in first.adjustment]
        kept = [c for c in first.kept_instruments if c in first.adjustment]
        if not (exc.message.startswith("No overlap") and (undecided_in or kept)):
            raise
        if kept:
            first = _leave_out(first, kept, exc.message, "instrument-like")
            try:
                est = _estimate_under(
                    first, ds, treatment, outcome, run, mediator, refute, confidence
                )
            except EstimationError as again:
                if not (again.message.startswith("No overlap") and undecided_in):
                    raise
                first = _leave_out(first, undecided_in, again.message)
                est = _estimate_under(
                    first, ds, treatment, outcome, run, mediator, refute, confidence
                )
        else:
            first = _leave_out(first, undecided_in, exc.message)
            est = _estimate_under(first, ds, treatment, outcome, run, mediator, refute, confidence)
    if act_on_checks and refute and _graph_check_failed(est):
        # Remedy 0: the edges the failed test points to, where adding them leaves every
        # column on the side the estimate already treats it as being on.
        repaired = _missing_edges(first, ds, treatment, outcome)
        if repaired is not None:
            _accept_repair(est, *repaired, treatment)
    if not (act_on_checks and refute and _graph_check_failed(est)):
        return _finish(est, first, ds, treatment, outcome, run, mediator)
    # Remedy 1: a second opinion from another kind of search.
    try:
        second = _roles(
            ds,
            treatment,
            outcome,
            exclude,
            alternate_algorithm(first.algorithm),
            seed,
            cues,
            copies,
            on_resample,
        )
    except CopilotError as exc:
        first.notes.append(
            f"the second opinion ({alternate_algorithm(first.algorithm)}) could not run: "
            f"{exc.message}"
        )
        second = first
    if second is not first:
        second.reason = (
            f"{second.algorithm} on the data and {second.resamples} bootstrap resamples, as a "
            f"second opinion after the graph from {first.algorithm} failed its implication test"
        )
    retry = (
        _estimate_under(second, ds, treatment, outcome, run, mediator, refute, confidence)
        if second is not first
        else est
    )
    if second is not first:
        retry.attempts.append(_attempt(est, f"covariate roles from {first.algorithm}"))
    # Columns the two searches place on different sides (the first would adjust, the second
    # would not, without clear score evidence): the data do not decide them, so the second
    # opinion is not taken as settled and the pre-treatment fallback below decides.
    disputed = [
        c
        for c, r in second.roles.items()
        if c in first.roles
        and first.roles[c].adjusted
        and not r.adjusted
        and c not in second.strong_downstream
    ]
    if second is not first and not _graph_check_failed(retry) and not disputed:
        retry.notes.append(
            f"the graph from {first.algorithm} failed its own implication test, so the roles "
            f"were found again with {second.algorithm}, whose graph passes; the first estimate "
            "is kept under attempts"
        )
        return _finish(retry, second, ds, treatment, outcome, run, mediator)
    # Remedy 2: the pre-treatment fallback, leaving out what both graphs place downstream (or
    # one with clear score evidence, or in every resampled graph while the other is split;
    # `_fallback_downstream`). A column both leave out as instrument-like or unrelated is not
    # downstream: under the pre-treatment assumption it is adjusted for (the graphs
    # that read it so failed their checks, and a confounder they missed would bias the
    # estimate, where an instrument adjusted for only widens it).
    downstream = _fallback_downstream(first, second)
    fallback = after_cues(_fallback(second, downstream), cues, treatment)
    final = _estimate_under(fallback, ds, treatment, outcome, run, mediator, refute, confidence)
    final.attempts.extend(
        [*retry.attempts, _attempt(retry, f"covariate roles from {second.algorithm}")]
    )
    searches = (
        f"the graphs from {first.algorithm} and {second.algorithm} both"
        if second is not first
        else f"the graph from {first.algorithm}"
    )
    if second is not first and not _graph_check_failed(retry):
        why = (
            f"the graph from {first.algorithm} failed its implication test and the one from "
            f"{second.algorithm}, which passes, places {', '.join(disputed)} downstream where "
            f"{first.algorithm} placed {'it' if len(disputed) == 1 else 'them'} before the "
            "treatment: the searches disagree"
        )
    else:
        why = f"{searches} failed their implication tests"
    final.notes.append(
        f"{why}, so this estimate adjusts for every column that neither graph confidently "
        "places downstream of the treatment or the outcome (the pre-treatment assumption); the "
        "other estimates are kept under attempts"
    )
    return _finish(final, fallback, ds, treatment, outcome, run, mediator, graph_checked=False)


def _roles(
    ds: Dataset,
    treatment: str,
    outcome: str,
    exclude: tuple[str | None, ...],
    algorithm: str,
    seed: int,
    cues: dict[str, TimeCue],
    copies: dict[str, tuple[str, float]],
    on_resample: Callable[[int, int], None] | None = None,
) -> RoleAnalysis:
    """Covariate roles from discovery, with the edges the independences leave open oriented by
    the shape of the noise where its assumptions hold (`noise_orientation`), or else by the
    treatment's other causes as witnesses (`witnesses`), the treatment's
    neighbours reduced to a set that can be its causes together (`parent_sets`), and the names
    that say "after the treatment" used where the data do not decide (`after_cues`)."""
    from .copies import copies_note, copy_role
    from .noise_orientation import orient_roles
    from .parent_sets import consistent_parents
    from .witnesses import orient_by_witnesses

    roles = covariate_roles(
        ds,
        treatment,
        outcome,
        (*exclude, *copies),
        algorithm,
        seed,
        cues=cues,
        on_resample=on_resample,
    )
    roles = orient_roles(roles, ds, treatment, outcome)
    roles = orient_by_witnesses(roles, ds, treatment, outcome)
    roles = after_cues(consistent_parents(roles, ds, treatment, outcome), cues, treatment)
    roles = adjust_instruments(roles, treatment, outcome)
    if not copies:
        return roles
    # A copy (of the outcome or the treatment) is downstream by clear evidence: no fallback
    # adjusts for it.
    return replace(
        roles,
        roles={
            **roles.roles,
            **{c: copy_role(c, of, r2, treatment, outcome) for c, (of, r2) in copies.items()},
        },
        strong_downstream=[*roles.strong_downstream, *copies],
        notes=[*roles.notes, copies_note(copies)],
    )


def adjust_instruments(roles: RoleAnalysis, treatment: str, outcome: str) -> RoleAnalysis:
    """The roles with the columns read as instrument-like adjusted for (the standard
    assumption: they are measured before the treatment).

    An instrument-like reading rests on one missing edge, from the column to the outcome beside
    the treatment. A score-based search drops a weak edge in nearly every resample (its penalty
    outweighs a link that a test would not find either), so the share of graphs that agree is
    no confidence that the edge is absent: a confounder with a weak link to the outcome and a
    strong one to the treatment reads the same, and leaving it out biases the estimate by that
    weak link times the strong one, which the outcome-link test cannot rule out (it is the
    test of the two estimates' difference). Adjusting for the column is valid under both
    readings, where an instrument adjusted for only widens the interval, so it is adjusted for
    and the estimate without it is shown beside (`_finish`); when adjusting for it leaves no
    overlap it is left out again (`estimate_without_graph`)."""
    skipped = skipped_instruments(roles)
    if not skipped:
        return roles
    new = dict(roles.roles)
    for c in skipped:
        r = new[c]
        new[c] = r.model_copy(
            update={
                "adjusted": True,
                "evidence": r.evidence + f"; but a weak link from {c} to {outcome} beside "
                f"{treatment}, which the search may drop, would make it a confounder, so it is "
                "adjusted for as a pre-treatment covariate (the standard assumption; an "
                "instrument adjusted for only widens the interval) and the estimate without it "
                "is shown beside",
            }
        )
    return replace(
        roles,
        roles=new,
        adjustment=[c for c, r in new.items() if r.adjusted],
        kept_instruments=[*roles.kept_instruments, *skipped],
    )


def after_cues(roles: RoleAnalysis, cues: dict[str, TimeCue], treatment: str) -> RoleAnalysis:
    """The roles with each column whose name says it was measured after the treatment left
    out when the data do not decide its side, never against the data.

    The data decide when the column is not adjusted for (they place it downstream) or when it
    is adjusted for, outside the undecided and open-sided columns, by a search that is trusted
    and places it before the treatment or the outcome along directed edges in at least three
    quarters of the resampled graphs. Otherwise (undecided, edges left undirected, a complete
    triangle the data leave open, or the pre-treatment fallback, where the search is not
    trusted) the name breaks the tie: it leans downstream, and the estimate adjusting for it is
    shown as the alternative."""
    after = {c: cue for c, cue in cues.items() if cue.kind == AFTER and c in roles.roles}
    if not after:
        return roles
    new = dict(roles.roles)
    undecided, left_open, notes = list(roles.undecided), list(roles.left_open), list(roles.notes)
    leaned = []
    for c, cue in after.items():
        r = new[c]
        # Upstream on edges the graphs leave undirected is the standard assumption, not
        # evidence: the name may break that tie.
        open_side = (
            c in undecided
            or c in left_open
            or c not in roles.oriented_upstream
            or roles.algorithm == "pre-treatment fallback"
        )
        adjusted = r.adjusted and not open_side
        if r.name_cue is not None and r.adjusted == adjusted:
            continue  # read already in an earlier step of the same estimate
        if not r.adjusted:
            text = f"; {cue.phrase()}, as the data say"
        elif not adjusted:
            text = (
                f"; {cue.phrase()} and the data do not decide its side, so it is left out as a "
                f"likely consequence of {treatment} (the estimate adjusting for it is the "
                "alternative)"
            )
            leaned.append(c)
            if c not in undecided:
                undecided.append(c)
            if c in left_open:
                left_open.remove(c)
        else:
            text = (
                f"; {cue.phrase()}, but the data place it before {treatment} ("
                f"{r.role.replace('_', ' ')}), so the data are followed"
            )
            notes.append(f"{c}: {cue.phrase()}, but the data place it before {treatment}")
        new[c] = r.model_copy(
            update={
                "adjusted": adjusted,
                "evidence": r.evidence + text,
                "name_cue": cue.phrase(),
                # led by the name, not by the graphs: its confidence is the share of graphs
                # that agree with it
                **(
                    {}
                    if adjusted or r.role in DOWNSTREAM
                    else {
                        "role": "descendant_of_treatment",
                        "confidence": round(1 - r.confidence, 3),
                    }
                ),
            }
        )
    if leaned:
        notes.append(
            f"{', '.join(leaned)}: the name says measured after {treatment} and the data do not "
            "decide, so left out (--no-name-order, or name_order=False, reads the data alone)"
        )
    return replace(
        roles,
        roles=new,
        adjustment=[c for c, r in new.items() if r.adjusted],
        undecided=undecided,
        left_open=left_open,
        notes=notes,
        name_after=[*roles.name_after, *(c for c in leaned if c not in roles.name_after)],
    )


def _leave_out(
    roles: RoleAnalysis, columns: list[str], why: str, what: str = "undecided"
) -> RoleAnalysis:
    """The roles with the `what` (undecided, or instrument-like) `columns` not adjusted for
    (adjusting for them left no overlap)."""
    new = {
        c: r.model_copy(
            update={
                "adjusted": False,
                "evidence": r.evidence + f"; left out after all: adjusting for the {what} "
                "columns leaves no overlap between treated and untreated units",
            }
        )
        if c in columns
        else r
        for c, r in roles.roles.items()
    }
    return replace(
        roles,
        roles=new,
        adjustment=[c for c in roles.adjustment if c not in columns],
        undecided=[c for c in roles.undecided if c not in columns],
        kept_instruments=[c for c in roles.kept_instruments if c not in columns],
        notes=[
            *roles.notes,
            f"adjusting for {', '.join(columns)} ({what} roles) gave: {why} They almost "
            + (
                "decide the treatment, as consequences of it would, so they are left out"
                if what == "undecided"
                else "decide the treatment, as strong instruments do, so they are left out"
            ),
        ],
    )


def _nonlinear(ds: Dataset, treatment: str, outcome: str, roles: RoleAnalysis) -> str | None:
    """What the flexibility check found when flexible models predict the outcome or the
    treatment from all other columns clearly better than linear ones, else None. The search
    behind the roles scores linear relations, so it then misreads columns: a confounder acting
    through a threshold, a square or a product looks unrelated, downstream or instrument-like."""
    from .estimators import flexibility_check

    cols = list(roles.roles)
    if not cols:
        return None
    frame = ds.numeric([treatment, outcome, *cols]).dropna().reset_index(drop=True)
    kinds = ds.profile.kinds()
    for c in cols:
        if kinds.get(c) == "categorical":
            frame[c] = frame[c].astype(int).astype("category")
    binary_t = frame[treatment].nunique() == 2
    if binary_t:
        frame[treatment] = (frame[treatment] == frame[treatment].max()).astype(int)
    # A 0/1 outcome is compared against a logistic model with linear terms: a risk that bends
    # only as a logistic curve of a linear score is not the threshold, square or product that
    # makes the linear search misread a column, and regressed linearly it would look like one.
    binary_y = frame[outcome].nunique() == 2
    flexible, found = flexibility_check(
        frame, treatment, outcome, cols, binary_t, binary_y=binary_y
    )
    if not flexible:
        return None
    # The gain may come from the treatment regressed on its own consequences (non-Gaussian
    # noise makes that regression bend although every equation is linear): then the linear
    # search is not misspecified, and the fallback would adjust for those consequences.
    from .reverse_regression import consequences_explain_gain

    possible = [
        c
        for c in cols
        if roles.roles[c].role in DOWNSTREAM
        or c in roles.undecided
        or c in roles.ties
        or c in roles.left_open
    ]
    if possible:
        reverse = consequences_explain_gain(
            frame, treatment, outcome, cols, possible, binary_t, binary_y
        )
        if reverse.explained:
            roles.notes.append(
                f"flexible models predict {treatment} better than linear ones from all other "
                f"columns ({found}), but only through its likely consequences: "
                f"{reverse.words}; a cause regressed on its consequence bends when the noise "
                "is not Gaussian, so the linear search behind the roles is kept"
            )
            return None
    return found


def _pre_treatment_when_nonlinear(roles: RoleAnalysis, found: str) -> RoleAnalysis:
    """The standard assumption when the linear search is misspecified: every column is adjusted
    for as pre-treatment except those placed downstream with clear score evidence; the columns
    the search would have left out are undecided, so the estimate without them is shown as the
    alternative. The columns the resampled graphs left undecided stay undecided: adjusting for
    them is the standard assumption, not a decision of their side, so each one's other reading
    can still widen the interval (`_finish`).

    A side the shape of the noise decided with the linear model along one reading's order
    (`linear_order_downstream`) is not clear evidence here: that model holds only where the
    flexible fits' gain comes from regressing a cause on its consequences, and `_nonlinear`
    found a gain that the treatment's consequences do not explain. A confounder acting through
    a square or a threshold bends the reading that puts it first and hides in the reverse
    order (a square regressed backwards is flat), so that reading is rejected for its
    nonlinearity, not its order."""
    strong = set(roles.strong_downstream) - set(roles.linear_order_downstream)
    why = (
        f"flexible models fit clearly better than linear ones ({found}), so the linear search "
        "behind this role is not trusted"
    )
    new = {}
    for c, r in roles.roles.items():
        new[c] = r.model_copy(
            update={
                "adjusted": c not in strong,
                "evidence": r.evidence
                + (
                    f"; {why}, but the evidence that it is downstream is clear, so it stays out"
                    if c in strong
                    else f"; {why}, nor is the linear model along one order that placed it "
                    "downstream: adjusted for as a pre-treatment covariate (the standard "
                    "assumption)"
                    if c in roles.linear_order_downstream and not r.adjusted
                    else f"; {why}: adjusted for as a pre-treatment covariate (the standard "
                    "assumption)"
                ),
            }
        )
    left_out = [c for c, r in roles.roles.items() if not r.adjusted and c not in strong]
    # The columns the resampled graphs left undecided stay undecided: the fallback adjusts for
    # them by the standard assumption, it does not decide their side.
    still_open = [c for c in roles.undecided if c not in strong and c not in left_out]
    return replace(
        roles,
        roles=new,
        adjustment=[c for c, r in new.items() if r.adjusted],
        undecided=[*left_out, *still_open],
        algorithm="pre-treatment fallback",
        reason=f"{roles.reason}; {why}, so every column not clearly downstream is adjusted for",
        ties=[],
        linear_reading=left_out,
        notes=[
            *roles.notes,
            f"{why}: every column not placed downstream by clear score evidence is adjusted "
            "for (the pre-treatment assumption)"
            + (
                f"; the estimate leaving out {', '.join(left_out)} (the linear reading) is the "
                "alternative"
                if left_out
                else ""
            ),
        ],
    )


def _placed_downstream(roles: RoleAnalysis) -> set[str]:
    """The columns a reading leaves out as consequences of the treatment or the outcome."""
    return {c for c, r in roles.roles.items() if not r.adjusted and r.role in DOWNSTREAM}


def _unanimous(roles: RoleAnalysis, side: tuple[str, ...]) -> set[str]:
    """The columns that every resampled graph of a reading places on one side (`side`), where
    the reading itself does not leave the column undecided (a tie the data cannot break, or a
    side another check disputes)."""
    return {
        c
        for c, r in roles.roles.items()
        if r.role in side
        and r.confidence >= 1.0
        and c not in roles.ties
        and c not in roles.undecided
    }


def _fallback_downstream(first: RoleAnalysis, second: RoleAnalysis) -> set[str]:
    """The columns the pre-treatment fallback leaves out: those both readings place downstream,
    those one places downstream with clear score evidence, and those one places downstream in
    every resampled graph where the other does not place them upstream in every one. A
    unanimous side in one search against a split reading in the other is the confident side;
    two unanimous readings that contradict
    each other decide nothing, and the standard assumption stands."""
    unanimous = {
        c
        for a, b in ((first, second), (second, first))
        for c in _placed_downstream(a) & _unanimous(a, DOWNSTREAM)
        if c not in _unanimous(b, UPSTREAM)
    }
    return (
        (_placed_downstream(first) & _placed_downstream(second))
        | {*first.strong_downstream, *second.strong_downstream}
        | unanimous
    )


def _fallback(roles: RoleAnalysis, downstream: set[str]) -> RoleAnalysis:
    new = {}
    for c, r in roles.roles.items():
        keep_out = c in downstream
        new[c] = r.model_copy(
            update={
                "adjusted": not keep_out,
                "evidence": r.evidence
                + (
                    "; the searches place it downstream (both of them, or one with clear score "
                    "evidence or in every resampled graph), so it stays out"
                    if keep_out
                    else "; adjusted for under the pre-treatment assumption (the graphs failed "
                    "their checks)"
                ),
            }
        )
    return replace(
        roles,
        roles=new,
        adjustment=[c for c, r in new.items() if r.adjusted],
        undecided=[],
        algorithm="pre-treatment fallback",
        reason="every column that neither graph confidently places downstream is adjusted for",
        notes=list(roles.notes),
        ties=[],
    )


def _estimate_under(
    roles: RoleAnalysis,
    ds: Dataset,
    treatment: str,
    outcome: str,
    run: Any,
    mediator: str | None,
    refute: bool,
    confidence: float,
) -> EffectEstimate:
    from .refute import verdict as judge

    graph = estimation_graph(treatment, outcome, roles.adjustment, mediator)
    est = run(graph)
    est.roles = dict(roles.roles)
    est.assumption = roles.assumption
    est.graph_source = f"covariate roles from discovery ({roles.reason})"
    # graph_edges stays the DAG the estimate used (rerunnable with --graph); the discovered
    # graph behind the roles is reported beside it.
    est.discovered_edges = roles.graph.edge_table()
    est.notes.extend(roles.notes)
    if refute and roles.algorithm != "pre-treatment fallback":
        check = _roles_graph_check(roles, ds, treatment, outcome)
        if check is not None:
            est.refutations.append(check)
            est.verdict, est.verdict_reason = judge(est.refutations)
    return est


def _roles_graph_check(
    roles: RoleAnalysis, ds: Dataset, treatment: str, outcome: str
) -> Refutation | None:
    """The discovered graph's implied independences at the treatment and the outcome."""
    from .refute import graph_implications

    tested = _tested_dag(roles, ds, treatment, outcome)
    if tested is None:
        return None
    dag, frame = tested
    check = graph_implications(dag, frame, [treatment, outcome])
    if check is None:
        return None
    return check.model_copy(
        update={
            "name": "roles_graph",
            "detail": "the discovered graph behind the roles: " + check.detail,
        }
    )


def _tested_dag(
    roles: RoleAnalysis, ds: Dataset, treatment: str, outcome: str
) -> tuple[Any, Any] | None:
    """(a DAG of the discovered graph, the numeric frame of its columns) for testing its
    implications, or None when the graph has no DAG extension. The estimate allows an effect of
    the treatment on the outcome whatever the search found, so the graph is tested with that
    edge: its absence is what the estimate measures."""
    from copilot.tools.graph import CausalGraph, Edge

    g = roles.graph
    if g.edge(treatment, outcome) is None:
        g = CausalGraph(
            nodes=list(g.nodes),
            edges=[*g.edges, Edge(source=treatment, target=outcome)],
            kind=g.kind,
        )
    dag = dag_extension(g)
    if dag is None:
        return None
    return dag, ds.numeric([c for c in dag.nodes if c in ds.columns])


#: At most this many missing edges are added to a graph whose implication test failed.
MAX_MISSING_EDGES = 3


def _missing_edges(
    roles: RoleAnalysis, ds: Dataset, treatment: str, outcome: str
) -> tuple[Refutation, list[tuple[str, str]]] | None:
    """(the implication test of the graph with the edges it missed, those edges) when the
    failed test is mended by edges that change no column's side, else None.

    A contradicted independence "v _||_ u given v's parents" (v the treatment or the outcome,
    u not its descendant) says first of all that u and v are adjacent: the edge u -> v (no
    cycle, since u is not a descendant of v) is the remedy it points to. It leaves the
    adjustment set valid when u is adjusted for already (an edge into the treatment or the
    outcome keeps a column before them) or when v is the outcome and u is left out as a
    consequence of the treatment (u -> outcome makes it a mediator, still a consequence). When
    the graph with up to MAX_MISSING_EDGES such edges passes, the search missed weak edges
    that do not bear on the estimate; an edge that would move a column (u left out as
    instrument-like, now a confounder) is a failure the other remedies must handle. So is a
    first reading that the failure puts in doubt elsewhere: a column left out as
    instrument-like or unrelated that still predicts the outcome given the treatment and the
    adjustment set (`_linked_left_out`)."""
    from copilot.tools.graph import CausalGraph

    from .refute import graph_implications, worst_implication

    tested = _tested_dag(roles, ds, treatment, outcome)
    if tested is None:
        return None
    dag, frame = tested
    focus = [treatment, outcome]
    added: list[tuple[str, str]] = []
    for _ in range(MAX_MISSING_EDGES + 1):
        check = graph_implications(dag, frame, focus)
        if check is None:
            if not added:
                return None
            check = Refutation(
                name="graph_implications",
                passed=True,
                detail=f"no independence is left to test at {', '.join(focus)}.",
            )
        if check.passed:
            break
        if len(added) == MAX_MISSING_EDGES:
            return None
        found = worst_implication(dag, frame, focus)
        assert found is not None
        _, (v, u, _, _), _ = found
        r = roles.roles.get(u)
        keeps_side = r is not None and (
            r.adjusted or (v == outcome and r.role in ("mediator", "descendant_of_treatment"))
        )
        if not keeps_side:
            return None
        added.append((u, v))
        dag = CausalGraph.from_edges(
            list(dag.nodes),
            [*((e.source, e.target) for e in dag.edges), (u, v)],
            kind="dag",
        )
    if not added:
        return None
    if _linked_left_out(roles, ds, treatment, outcome):
        return None
    check = check.model_copy(
        update={
            "name": "roles_graph",
            "detail": "the discovered graph behind the roles, with the edges its first test "
            "found missing (" + ", ".join(f"{u} -> {v}" for u, v in added) + "): " + check.detail,
        }
    )
    return check, added


#: Below this p-value a column left out as instrument-like or unrelated predicts the outcome
#: given the treatment and the adjustment set (a mended graph is then not trusted).
LEFT_OUT_LINK_P = 0.05


def _linked_left_out(roles: RoleAnalysis, ds: Dataset, treatment: str, outcome: str) -> list[str]:
    """The columns the reading leaves out as instrument-like or unrelated that still predict
    the outcome given the treatment and the adjustment set (F-test, p < LEFT_OUT_LINK_P).

    Once the graph has failed its test, each such column is tested on its own, not among all
    the graph's implications: leaving out a confounder biases the estimate, where adjusting for
    an instrument only widens it."""
    import statsmodels.api as sm

    from .estimators import design

    left = [
        c
        for c, r in roles.roles.items()
        if not r.adjusted and r.role in ("instrument", "unrelated") and c in ds.columns
    ]
    if not left:
        return []
    kinds = ds.profile.kinds()
    base = [treatment, *(c for c in roles.adjustment if c in ds.columns)]
    linked = []
    for c in left:
        frame = ds.numeric([outcome, *base, c]).dropna()
        for col in [*base, c]:
            if kinds.get(col) == "categorical":
                frame[col] = frame[col].astype(int).astype("category")
        y = frame[outcome].to_numpy(dtype=float)
        small = sm.add_constant(design(frame, base), has_constant="add")
        big = sm.add_constant(design(frame, [*base, c]), has_constant="add")
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                _, p, _ = sm.OLS(y, big).fit().compare_f_test(sm.OLS(y, small).fit())
        except Exception:  # noqa: BLE001 - a singular design: no evidence either way
            continue
        if p < LEFT_OUT_LINK_P:
            linked.append(c)
    return linked


def _accept_repair(
    est: EffectEstimate, check: Refutation, added: list[tuple[str, str]], treatment: str
) -> None:
    """The estimate with its failed graph test replaced by the test of the mended graph."""
    from .refute import verdict as judge

    failed = next(r for r in est.refutations if r.name == "roles_graph")
    est.refutations = [check if r is failed else r for r in est.refutations]
    est.verdict, est.verdict_reason = judge(est.refutations)
    edges = ", ".join(f"{u} -> {v}" for u, v in added)
    est.notes.append(
        f"the discovered graph failed its implication test ({failed.detail.split(': ', 1)[-1]}); "
        f"the test points to missing edges ({edges}), and with them the graph passes; they "
        "leave every column on the side the estimate treats it as being on (each is adjusted "
        f"for already, or a consequence of {treatment}), so the adjustment set stands"
    )


def _graph_check_failed(est: EffectEstimate) -> bool:
    return any(r.name == "roles_graph" and not r.passed for r in est.refutations)


def _attempt(est: EffectEstimate, how: str) -> Attempt:
    failed = [r.name for r in est.refutations if not r.passed]
    detail = next((r.detail for r in est.refutations if not r.passed), "")
    return Attempt(
        ate=est.ate,
        ci=est.ci,
        adjustment_set=list(est.adjustment_set),
        how=how,
        failed=failed,
        detail=detail,
    )


#: Up to this many flipped columns, the alternative is also given one column at a time; with
#: more, the undecided ones among them, least confident first, up to this many. With a limit
#: of four, a table with five undecided columns got no single-column readings, so a mediator
#: among them read as a confounder widened nothing and the interval missed the truth while
#: its verdict said "intervals may be too narrow" (one of 40 drawn tables: -0.097 [-0.171,
#: -0.023] for 0.018, spanning [-0.238, 0.086] once each column is flipped alone). Each
#: reading is one more estimate, seconds with flexible models.
MAX_EACH = 8


def each_columns(roles: RoleAnalysis, flip: set[str]) -> list[str]:
    """The flipped columns whose single-column reading is estimated (`MAX_EACH`)."""
    if len(flip) < 2:
        return []
    if len(flip) <= MAX_EACH:
        return sorted(flip)
    undecided = set(roles.undecided) & flip
    least_sure = sorted(undecided, key=lambda c: (roles.roles[c].confidence, c))
    return sorted(least_sure[:MAX_EACH])


def _each_flipped(
    roles: RoleAnalysis,
    columns: list[str],
    treatment: str,
    outcome: str,
    run: Any,
    mediator: str | None,
) -> list[dict[str, Any]]:
    """The estimate with each column alone treated the other way: which reading moves it."""
    out = []
    for c in columns:
        adjust = [o for o in roles.roles if (o in roles.adjustment) != (o == c)]
        try:
            e = run(estimation_graph(treatment, outcome, adjust, mediator), refute=False, by=None)
        except EstimationError as exc:
            out.append({"column": c, "adjustment_set": adjust, "error": exc.message})
            continue
        out.append(
            {
                "column": c,
                "adjustment_set": adjust,
                "ate": e.ate,
                "ci": list(e.ci) if e.ci else None,
            }
        )
    return out


def _finish(
    est: EffectEstimate,
    roles: RoleAnalysis,
    ds: Dataset,
    treatment: str,
    outcome: str,
    run: Any,
    mediator: str | None,
    graph_checked: bool = True,
) -> EffectEstimate:
    """The alternative for undecided columns, and the plain-words notes."""
    # The discovery behind the roles is the graph source, and the adjustment set, roles and
    # assumption have their own fields: the note only says where the adjustment set came from.
    est.notes.insert(
        0,
        "no graph given: the adjustment set follows each other column's role in causal "
        "discovery (see roles), under the stated assumption",
    )
    alt = None
    # Columns the resampled graphs disagree on (undecided) and complete-triangle columns whose
    # side the data leave open (left_open) are both tried the other way.
    flip = set(roles.undecided) | set(roles.left_open)
    if flip and est.ate is not None:
        other = [c for c in roles.roles if (c in roles.adjustment) != (c in flip)]
        try:
            alt = run(estimation_graph(treatment, outcome, other, mediator), refute=False, by=None)
        except EstimationError as exc:
            # e.g. no overlap once a consequence of the treatment is adjusted for: that reading
            # has no estimate, which is itself evidence for the one reported.
            est.notes.append(
                f"treating {', '.join(sorted(flip))} the other way gives no estimate: {exc.message}"
            )
            alt = None
    # Columns read as instrument-like but adjusted for: the estimate without them is shown
    # beside (valid only if their edge to the outcome is truly absent), never widening.
    kept = [c for c in roles.kept_instruments if c in roles.adjustment]
    inst = (
        _instrument_reading(roles, kept, treatment, outcome, run, mediator)
        if kept and est.ate is not None
        else None
    )
    readings: list[dict[str, Any]] = []
    compared = flip and est.ate is not None and alt is not None
    if compared:
        moved_in = sorted(flip - set(roles.adjustment))
        moved_out = sorted(flip & set(roles.adjustment))
        parts = []
        if moved_out:
            parts.append(f"not adjusting for {', '.join(moved_out)} (if downstream)")
        if moved_in:
            parts.append(f"adjusting for {', '.join(moved_in)} (if pre-treatment)")
        est.alternative = {
            "adjustment_set": other,
            "ate": alt.ate,
            "ci": list(alt.ci) if alt.ci else None,
            "method": alt.method,
            "columns": sorted(flip),
            "detail": "the data do not decide the role of "
            + ", ".join(sorted(flip))
            + (
                f" (a common cause and a consequence of {treatment} fit the data equally well)"
                if set(roles.left_open) & flip
                else ""
            )
            + "; "
            + " and ".join(parts),
        }
        each = each_columns(roles, flip)
        if each:
            est.alternative["each"] = _each_flipped(roles, each, treatment, outcome, run, mediator)
        linear_alt = _linear_alternative(roles, flip, treatment, outcome, run, mediator)
        if linear_alt is not None:
            est.alternative["linear_reading"] = linear_alt
        # When only columns left open are flipped, the standard assumption is the stated one and
        # the alternative is shown beside it rather than read as a check that disagrees.
        readings = _other_readings(roles, flip, alt, est.alternative.get("each"), linear_alt)
    if inst is not None:
        if est.alternative is None:
            est.alternative = {
                "adjustment_set": inst["adjustment_set"],
                "ate": inst["ate"],
                "ci": inst["ci"],
                "method": inst["method"],
                "columns": list(kept),
                "detail": inst["detail"],
            }
        else:
            est.alternative["instrument_reading"] = inst
    if compared:
        spanned, outside = _span(est.ci, readings)
        if outside:
            # The data leave the role of these columns undecided (resampled graphs disagree, or
            # the two readings fit almost equally well), and another reading's estimate lies
            # outside this reading's interval: an interval conditional on one adjustment set
            # would be too narrow, so the interval reported spans the readings (`_span`).
            est.alternative["reading_ci"] = list(est.ci)
            # The p-value belongs to the one reading; next to the widened interval it would
            # claim a precision the answer no longer has, so it moves with the reading's interval.
            est.alternative["reading_p_value"] = est.p_value
            est.p_value = None
            est.ci = spanned
            est.ci_kind += ", widened to span the alternative reading"
            est.verdict_reason += (
                "; the interval of one reading alone would be too narrow: "
                + "; ".join(
                    f"treating {r['label']} the other way gives {r['ate']:.4g}" for r in outside
                )
                + ", outside it, so the interval spans "
                + ("both readings" if len(outside) == 1 else "these readings")
                + " (the reading's own interval and p-value are alternative.reading_ci and reading_p_value)"
            )
        elif (
            set(roles.undecided) & flip
            and alt is not None
            and est.ci is not None
            and alt.ate is not None
            and not est.ci[0] <= alt.ate <= est.ci[1]
        ):
            est.verdict_reason += (
                "; intervals may be too narrow: treating "
                + ", ".join(sorted(flip))
                + f" the other way gives {alt.ate:.4g}, outside the interval"
            )
    if roles.dependence < 0.5 and est.ci is not None and est.ci[0] <= 0 <= est.ci[1]:
        est.notes.append(
            f"the data show no dependence of {outcome} on {treatment} once the adjusted columns "
            f"are held fixed (most discovered graphs have no path from {treatment} to "
            f"{outcome}); the interval above comes from an estimator that could have shown one"
        )
    if not graph_checked:
        est.verdict_reason += "; the discovered graphs failed their checks (see attempts)"
    return est


def skipped_instruments(roles: RoleAnalysis) -> list[str]:
    """The columns the reading leaves out as instrument-like (causes of the treatment alone)."""
    return [c for c, r in roles.roles.items() if not r.adjusted and r.role == "instrument"]


def _instrument_reading(
    roles: RoleAnalysis,
    kept: list[str],
    treatment: str,
    outcome: str,
    run: Any,
    mediator: str | None,
) -> dict[str, Any] | None:
    """The estimate without the columns read as instrument-like (`adjust_instruments`), or
    None when it has none: valid only if their edge to the outcome is truly absent, so it is
    shown beside the estimate and does not widen its interval."""
    adjust = [c for c in roles.adjustment if c not in kept]
    try:
        e = run(estimation_graph(treatment, outcome, adjust, mediator), refute=False, by=None)
    except EstimationError:
        return None
    if e.ate is None or e.ci is None:
        return None
    it = "it" if len(kept) == 1 else "them"
    return {
        "label": ", ".join(kept),
        "adjustment_set": adjust,
        "ate": e.ate,
        "ci": list(e.ci),
        "method": e.method,
        "detail": f"{', '.join(kept)} read as affecting {treatment} only, and adjusted for all "
        f"the same; if no link to {outcome} beside {treatment} is missed, leaving {it} out",
    }


def _span(
    ci: tuple[float, float] | None, readings: list[dict[str, Any]]
) -> tuple[tuple[float, float] | None, list[dict[str, Any]]]:
    """(the interval spanning `ci` and every reading's interval, the readings whose estimate
    lies outside `ci`); `ci` unchanged when none does. Once one reading lies outside, each
    reading's interval is spanned, also that of a reading whose estimate lies inside `ci`: its
    interval can still reach beyond `ci` on one side, and it is as plausible as the others."""
    readings = [r for r in readings if r.get("ate") is not None and r.get("ci") is not None]
    if ci is None:
        return None, []
    outside = [r for r in readings if not ci[0] <= r["ate"] <= ci[1]]
    if not outside:
        return ci, []
    return (
        min(ci[0], *(r["ci"][0] for r in readings)),
        max(ci[1], *(r["ci"][1] for r in readings)),
    ), outside


def _linear_alternative(
    roles: RoleAnalysis,
    flip: set[str],
    treatment: str,
    outcome: str,
    run: Any,
    mediator: str | None,
) -> dict[str, Any] | None:
    """The linear search's own reading (the columns the nonlinear fallback adjusted for
    against it left out, with the columns left open), when the flipped columns also hold
    columns that search left undecided: the alternative then flips those too, a joint reading
    rather than the search's own. None when there is no such reading or it has no estimate."""
    linear = set(roles.linear_reading)
    if not linear or not linear <= flip:
        return None
    columns = linear | (set(roles.left_open) & flip)
    if columns == flip:
        return None
    adjust = [c for c in roles.roles if (c in roles.adjustment) != (c in columns)]
    try:
        e = run(estimation_graph(treatment, outcome, adjust, mediator), refute=False, by=None)
    except EstimationError:
        return None
    return {
        "label": ", ".join(sorted(columns)),
        "adjustment_set": adjust,
        "ate": e.ate,
        "ci": list(e.ci) if e.ci else None,
    }


def _other_readings(
    roles: RoleAnalysis,
    flip: set[str],
    alt: EffectEstimate,
    each: list[dict] | None,
    linear_alt: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """The readings an interval must span when the data leave roles undecided: with one column
    flipped, the alternative itself; with several undecided columns, each one treated the other
    way alone (`each`), and with a tie among them the alternative too (a tie can be a swap of
    two columns, read only together). The alternative also counts when the flipped columns
    include all those the pre-treatment fallback for nonlinear relations adjusted for against
    the linear search (`linear_reading`): leaving them all out is that search's own reading
    (each column's role in most of its graphs), not a rare joint one; with two consequences
    of the treatment among them, each flipped alone still adjusts for the other.
    Otherwise all of them flipped at once is a joint reading the resampled graphs rarely give
    together, so it widens nothing. Columns left open only (Markov equivalent, where the
    stated assumption decides) give none."""
    undecided = set(roles.undecided) & flip
    whole = {
        "label": ", ".join(sorted(flip)),
        "ate": alt.ate,
        "ci": list(alt.ci) if alt.ci else None,
    }
    if not undecided:
        return []
    if len(flip) == 1:
        return [whole]
    alone = [
        {"label": e["column"], "ate": e.get("ate"), "ci": e.get("ci")}
        for e in each or []
        if e["column"] in undecided
    ]
    if linear_alt is not None:
        # the linear search's own reading is that one, not all the flipped columns together
        alone = [{k: linear_alt[k] for k in ("label", "ate", "ci")}, *alone]
        return [whole, *alone] if set(roles.ties) & flip else alone
    linear = set(roles.linear_reading)
    joint = bool(set(roles.ties) & flip) or bool(linear and linear <= flip)
    return [whole, *alone] if joint else alone
