"""Covariate roles: what each column is to the treatment and the outcome, with a confidence.

Without a user graph, one discovered graph is not trusted as the truth. Discovery runs on the
data and on bootstrap resamples, each graph is read with the knowledge the question carries
(asking for the effect of T on Y says that Y does not cause T), and every other column gets the
role it has in most graphs: confounder, outcome-only cause, instrument-like (affects T only),
mediator or other descendant of T, collider, descendant of Y, or unrelated. The confidence is
the share of graphs that agree.

The adjustment set follows the standard assumption (the covariates are pre-treatment:
selection on observables) minus what the data confidently place downstream of T or Y, and
minus instrument-like columns that the data confidently place there (the estimate without a
user graph adjusts for those all the same: `without_graph.adjust_instruments`). A column read
as a cause of a binary outcome alone is left out when a graph with it after the outcome fits
almost as well and nothing links it to the treatment beside the outcome (`after_outcome_cost`):
leaving out such a cause costs only precision, adjusting for a consequence biases the effect.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from copilot.errors import BudgetError, CopilotError, EstimationError
from copilot.tools.data import Dataset
from copilot.tools.graph import CausalGraph, Edge

from .column_time import FIXED, TimeCue
from .indicators import indicator_frame, merge_indicators
from .rank_scores import normal_scores
from .result import CovariateRole

#: Share of graphs that must place a column downstream of T or Y before it is left out.
DOWNSTREAM_CONFIDENT = 0.8
#: Share of graphs needed to leave out an instrument-like or unrelated column (leaving out a
#: weak confounder by mistake biases the estimate; keeping an instrument only widens it).
SKIP_CONFIDENT = 0.8
#: Below this share a downstream reading is noise; between it and DOWNSTREAM_CONFIDENT the
#: column is undecided and the estimate is also shown with the column's other treatment.
UNDECIDED_FROM = 0.25
#: Evidence margin (log Bayes factor, BIC approximation) beyond the cost of one edge by which
#: every graph with a column before the treatment must fit worse before the downstream reading
#: counts as clear evidence: then the column is left out even when only half of the resampled
#: graphs place it downstream. Within the margin the reading rests on one independence that a
#: confounder with cancelling paths also shows, so the other reading is shown as well.
UPSTREAM_MARGIN = 2.0
#: Resampled discovery runs behind each confidence (fewer above WIDE columns, where each
#: search costs more; EARLY_STOP when the first ones all agree).
N_RESAMPLES = 24
WIDE = 10

DOWNSTREAM = ("mediator", "descendant_of_treatment", "collider", "descendant_of_outcome")
UPSTREAM = ("confounder", "outcome_cause", "instrument", "unrelated")

_WORDS = {
    "confounder": "affects both {t} and {y}",
    "outcome_cause": "affects {y} but not {t}",
    "instrument": "affects {t} but reaches {y} only through it",
    "unrelated": "is connected to neither {t} nor {y}",
    "mediator": "is affected by {t} and affects {y} (a mediator)",
    "descendant_of_treatment": "is affected by {t}",
    "collider": "is affected by both {t} and {y} (a collider)",
    "descendant_of_outcome": "is affected by {y}",
}


@dataclass
class RoleAnalysis:
    """Roles of every other column and the adjustment set they give."""

    roles: dict[str, CovariateRole]
    adjustment: list[str]
    undecided: list[str]
    algorithm: str
    reason: str
    graph: CausalGraph
    resamples: int
    dependence: float
    notes: list[str] = field(default_factory=list)
    #: columns that every graph with them before the treatment fits clearly worse
    strong_downstream: list[str] = field(default_factory=list)
    #: columns left out on a downstream reading that a graph with them before the treatment
    #: fits almost as well, or read as causes of a binary outcome alone where a graph with them
    #: after the outcome fits almost as well (the two readings are a tie the data cannot break)
    ties: list[str] = field(default_factory=list)
    #: adjusted columns in a complete triangle with T and Y whose side neither the
    #: independences nor the shape of the noise decide (with linear relations and Gaussian
    #: noise a common cause and a consequence are Markov equivalent): the standard assumption
    #: stands and the estimate without them is shown as the alternative
    left_open: list[str] = field(default_factory=list)
    #: columns whose names say they were fixed before the treatment (`column_time`), taken as
    #: background knowledge in every discovery run: neither the treatment nor the outcome
    #: causes them
    name_upstream: dict[str, TimeCue] = field(default_factory=dict)
    #: columns that most graphs (all but UNDECIDED_FROM) place before the treatment or the
    #: outcome along directed edges: an orientation the data make, not one left open
    oriented_upstream: list[str] = field(default_factory=list)
    #: columns the shape of the noise places before the treatment (`noise_orientation`)
    decided_upstream: list[str] = field(default_factory=list)
    #: columns the shape of the noise places downstream only by the linear non-Gaussian model
    #: along one reading's order, on variables where flexible fits win (`noise_orientation`):
    #: evidence that holds only if the bend comes from regressing a cause on its consequence
    linear_order_downstream: list[str] = field(default_factory=list)
    #: pairs of columns that cannot both be causes of the treatment (`parent_sets`): the share
    #: of graphs in which both are adjacent to it, not to each other, and not both its parents
    exclusive: dict[frozenset[str], float] = field(default_factory=dict)
    #: columns left out because their names say they were measured after the treatment and
    #: the data do not decide their side
    name_after: list[str] = field(default_factory=list)
    #: columns adjusted for only because flexible models fit clearly better than the linear
    #: search behind the roles, which leaves them out: together they are that search's reading,
    #: so the estimate without all of them is one reading the data give, not a joint flip
    linear_reading: list[str] = field(default_factory=list)
    #: columns read as instrument-like (causes of the treatment alone) and adjusted for all
    #: the same (`without_graph.adjust_instruments`): the estimate without them is shown beside
    kept_instruments: list[str] = field(default_factory=list)

    @property
    def assumption(self) -> str:
        left_out = [c for c, r in self.roles.items() if not r.adjusted and c not in self.name_after]
        text = (
            "the other columns are taken to be measured before the treatment (selection on "
            "observables: no unmeasured common cause)"
        )
        if left_out:
            text += ", except " + ", ".join(left_out) + ", which the data place elsewhere"
        after = [c for c in self.name_after if not self.roles[c].adjusted]
        if after:
            text += (
                ("; and except " if left_out else ", except ")
                + ", ".join(after)
                + (", whose name says it was" if len(after) == 1 else ", whose names say they were")
                + " measured after the treatment (the data do not decide)"
            )
        if self.name_upstream:
            text += (
                "; from their names, "
                + ", ".join(f"{c} ({cue.words})" for c, cue in self.name_upstream.items())
                + (" is" if len(self.name_upstream) == 1 else " are")
                + " taken to be fixed before the treatment (background knowledge: neither the "
                "treatment nor the outcome causes "
                + ("it)" if len(self.name_upstream) == 1 else "them)")
            )
        return text


def question_knowledge(
    graph: CausalGraph,
    treatment: str,
    outcome: str,
    before: list[tuple[str, str]] = (),
) -> CausalGraph:
    """The graph read with what the question asserts: the outcome does not cause the treatment.

    An edge between them becomes treatment -> outcome, Meek's rules carry that arrow on, and a
    directed cycle that results (the search oriented a loop through the outcome back into the
    treatment) has its other edges left undecided rather than trusted. `before` holds further
    known orders (a, b): an edge between a and b becomes a -> b (the column-name knowledge).
    """
    from copilot.tools.discovery.knowledge import meek_orient, undirect_cycles

    known = {frozenset((treatment, outcome)): (treatment, outcome)}
    known |= {frozenset(p): p for p in before}
    edges = []
    for e in graph.edges:
        if e.key in known:
            a, b = known[e.key]
            edges.append(Edge(source=a, target=b, confidence=e.confidence))
        else:
            edges.append(e)
    g = CausalGraph(nodes=list(graph.nodes), edges=edges, kind="cpdag")
    g, _ = meek_orient(g)
    return undirect_cycles(g, keep=set(known))[0]


def _reach(graph: CausalGraph, start: str, allow_undirected: bool, avoid: set[str]) -> set[str]:
    """Nodes reachable from `start` along directed edges (and undirected ones if allowed)."""
    out: dict[str, list[str]] = {n: [] for n in graph.nodes}
    for e in graph.edges:
        if e.type == "directed":
            out[e.source].append(e.target)
        elif e.type == "undirected" and allow_undirected:
            out[e.source].append(e.target)
            out[e.target].append(e.source)
    seen, stack = {start}, [start]
    while stack:
        v = stack.pop()
        for w in out[v]:
            if w not in seen and w not in avoid:
                seen.add(w)
                stack.append(w)
    return seen - {start}


def _reverse(graph: CausalGraph) -> CausalGraph:
    return CausalGraph(
        nodes=list(graph.nodes),
        edges=[
            Edge(source=e.target, target=e.source, confidence=e.confidence)
            if e.type == "directed"
            else e
            for e in graph.edges
        ],
        kind="cpdag",
    )


def roles_in_graph(
    graph: CausalGraph, treatment: str, outcome: str, covariates: list[str]
) -> dict[str, str]:
    """Each covariate's role in one (partially directed) graph."""
    t, y = treatment, outcome
    desc_t = _reach(graph, t, False, set())
    desc_t_not_via_y = _reach(graph, t, False, {y})
    desc_y = _reach(graph, y, False, set())
    rev = _reverse(graph)
    # possible ancestors: a path into the node along arrows or undirected edges
    anc_t = _reach(rev, t, True, {y})
    anc_y = _reach(rev, y, True, {t})
    out = {}
    for c in covariates:
        if c in desc_y:
            out[c] = "collider" if c in desc_t_not_via_y else "descendant_of_outcome"
        elif c in desc_t:
            out[c] = "mediator" if c in anc_y else "descendant_of_treatment"
        elif c in anc_t and c in anc_y:
            out[c] = "confounder"
        elif c in anc_t:
            out[c] = "instrument"
        elif c in anc_y:
            out[c] = "outcome_cause"
        else:
            out[c] = "unrelated"
    return out


#: How the roles of a category's indicators combine into the column's role: the first in this
#: order wins. A category is one variable, before or after the treatment as a whole: when any
#: level is linked to the outcome from before the treatment, the column is adjusted for (the
#: standard assumption for a column the data do not place).
CATEGORY_ORDER = (
    "confounder",
    "outcome_cause",
    "collider",
    "mediator",
    "descendant_of_outcome",
    "descendant_of_treatment",
    "instrument",
    "unrelated",
)


def column_roles(
    graph: CausalGraph,
    treatment: str,
    outcome: str,
    covariates: list[str],
    parts: dict[str, list[str]] | None = None,
) -> dict[str, str]:
    """Each covariate's role in a graph whose nodes may be a category's indicators (`parts`:
    column -> its nodes): roles are read per node, where paths are real, then combined."""
    parts = parts or {}
    nodes = [n for c in covariates for n in parts.get(c, [c])]
    found = roles_in_graph(graph, treatment, outcome, nodes)
    return {
        c: min((found[n] for n in parts.get(c, [c])), key=CATEGORY_ORDER.index) for c in covariates
    }


#: Resamples after which the search stops when every graph agrees on each column's side
#: (downstream or not, instrument-like or not): the rest would hardly change a decision.
EARLY_STOP = 8


def _unanimous(
    graphs: list[CausalGraph],
    treatment: str,
    outcome: str,
    covariates: list[str],
    parts: dict[str, list[str]],
) -> bool:
    sides = [
        {
            c: (role in DOWNSTREAM, role == "instrument")
            for c, role in column_roles(g, treatment, outcome, covariates, parts).items()
        }
        for g in graphs
    ]
    return all(s == sides[0] for s in sides[1:])


def choose_role_algorithm(ds: Dataset, columns: list[str]) -> tuple[str, str, str]:
    """(algorithm, score, why): score-based search, suited to the column types."""
    from copilot.tools.discovery.select import is_discrete

    knowledge = (
        "BOSS (a permutation search over variable orders, scoring whole parent sets) with the "
        "question's knowledge built in (only orders with the treatment before the outcome)"
    )
    if is_discrete(ds.profile, columns):
        return "boss", "bdeu", knowledge + "; every column is discrete, so it scores with BDeu"
    kinds = ds.profile.kinds()
    mixed = any(kinds.get(c) in ("binary", "discrete", "categorical") for c in columns)
    return (
        "boss",
        "bic",
        knowledge + " and the BIC score; score-based search is more reliable than PC, whose "
        "independence-test errors compound"
        + (
            "; binary and discrete columns enter the score as numbers, where scoring whole "
            "parent sets stays robust"
            if mixed
            else ""
        ),
    )


def upstream_cost(
    X: np.ndarray,
    columns: list[str],
    treatment: str,
    outcome: str,
    column: list[str],
    score: str,
    free: float | None = None,
    known: list[tuple[str, str]] = (),
) -> tuple[float, float, float]:
    """(how much worse the best graph with `column` (its nodes: one, or a category's
    indicators) before the treatment scores than the best
    graph without that constraint, the threshold it must exceed to count as evidence, the
    unconstrained score for reuse), in log units of the standard BIC (or BDeu) score. Both
    searches keep the treatment before the outcome (and the `known` orders). The threshold is
    one edge's BIC penalty (what a Markov-equivalent reading with one more edge costs) plus
    UPSTREAM_MARGIN."""
    forced = [(c, treatment) for c in column]
    return _forced_order_cost(X, columns, treatment, outcome, forced, score, free, known)


def after_outcome_cost(
    X: np.ndarray,
    columns: list[str],
    treatment: str,
    outcome: str,
    column: list[str],
    score: str,
    free: float | None = None,
    known: list[tuple[str, str]] = (),
) -> tuple[float, float, float]:
    """(how much worse the best graph with `column` (its nodes) after the outcome scores than
    the best graph without that constraint, the threshold it must exceed to count as evidence,
    the unconstrained score for reuse): `upstream_cost` for the other end of an edge at the
    outcome. A column the search reads as a cause of the outcome alone is a consequence of it
    in the forced graphs; within the threshold the data do not tell the two apart."""
    forced = [(outcome, c) for c in column]
    return _forced_order_cost(X, columns, treatment, outcome, forced, score, free, known)


def _forced_order_cost(
    X: np.ndarray,
    columns: list[str],
    treatment: str,
    outcome: str,
    forced: list[tuple[str, str]],
    score: str,
    free: float | None,
    known: list[tuple[str, str]],
) -> tuple[float, float, float]:
    """What `upstream_cost` and `after_outcome_cost` return, for the `forced` orders."""
    from .role_search import best_order_dag

    pair = [(treatment, outcome), *known]
    if free is None:
        free, _ = best_order_dag(X, columns, pair, score, restarts=2, penalty=0.5)
    constrained, _ = best_order_dag(X, columns, [*forced, *pair], score, restarts=2, penalty=0.5)
    return free - constrained, 0.5 * np.log(len(X)) + UPSTREAM_MARGIN, free


def alternate_algorithm(algorithm: str) -> str:
    """A second opinion when the first graph fails its check: the constraint-based PC (with
    the question's knowledge built in) after a score-based search, and BOSS after anything else."""
    return "pc" if algorithm in ("boss", "ges", "grasp") else "boss"


def covariate_roles(
    ds: Dataset,
    treatment: str,
    outcome: str,
    exclude: tuple[str | None, ...] = (),
    algorithm: str = "auto",
    seed: int = 0,
    resamples: int | None = None,
    cues: dict[str, TimeCue] | None = None,
    on_resample: Callable[[int, int], None] | None = None,
) -> RoleAnalysis:
    """Classify every other analysable column and choose the adjustment set (see module doc).

    `cues` (from `column_time`): columns whose names say they were fixed before the treatment
    enter every search as background knowledge (see `_name_knowledge`). `on_resample(b, k)`
    is called before the search on resample b of k (progress)."""
    from copilot.tools.discovery import discover
    from copilot.tools.discovery.select import is_discrete

    skip = {treatment, outcome, *[c for c in exclude if c]}
    covariates = [c for c in ds.analysable() if c not in skip]
    # Permutation searches start from the column order: the question's order (covariates, then
    # the treatment, then the outcome) is the natural first guess; the score has the last word.
    columns = [*covariates, treatment, outcome]
    notes: list[str] = []
    if not covariates:
        g = CausalGraph.from_edges([treatment, outcome], [(treatment, outcome)], kind="dag")
        return RoleAnalysis({}, [], [], "none", "there are no other columns", g, 0, 1.0, notes)
    auto_algo, score, why = choose_role_algorithm(ds, columns)
    algo = auto_algo if algorithm in ("auto", None) else algorithm
    if algo != auto_algo:
        why = f"{algo} was requested"
        score = score if algo in ("ges", "boss", "grasp") else None
        if algo == "ges" and score == "bdeu" and not is_discrete(ds.profile, columns):
            score = "bic"
    wide = len(columns) > WIDE
    if resamples is None:
        resamples = N_RESAMPLES // 2 if wide else N_RESAMPLES
    if score == "bdeu":  # BDeu reads codes as unordered states already
        frame, parts = ds.numeric(columns).reset_index(drop=True), {c: [c] for c in columns}
    else:
        frame, parts = indicator_frame(ds, columns, keep=(treatment, outcome))
    nodes = list(frame.columns)
    # The searches score Gaussian equations: each continuous column enters as its normal
    # scores, so that a skewed or heavy-tailed marginal does not decide the graph
    # (`rank_scores`). BDeu reads codes as states and needs none.
    X_all = frame.to_numpy(dtype=float)
    if score != "bdeu":
        X_all = normal_scores(X_all)
    upstream = {c: cue for c, cue in (cues or {}).items() if c in covariates and cue.upstream}
    cue_text, held, clashed = _check_name_cues(
        upstream, X_all, nodes, parts, treatment, outcome, algo, score, notes
    )
    upstream = {c: upstream[c] for c in held}
    if upstream:
        notes.append(
            "column names read for time order: "
            + ", ".join(f"{c} ({cue.words})" for c, cue in upstream.items())
            + f" cannot be caused by {treatment} or {outcome} (background knowledge in every "
            "discovery run; --no-name-order, or name_order=False, reads the data alone)"
        )
    known = _name_knowledge(upstream, parts, nodes, treatment, outcome)

    def run(rows: np.ndarray | None, s: int) -> CausalGraph:
        X = X_all if rows is None else X_all[rows]
        if algo == "boss":
            from .role_search import ordered_boss

            # Several starting orders each; on wide tables, where each search costs most, a
            # resample (whose job is the spread of the roles) gets one.
            restarts = 1 if wide and rows is not None else (2 if wide else 4)
            g = ordered_boss(
                X, nodes, treatment, outcome, score or "bic", s, restarts=restarts, before=known
            )
        else:
            # Other algorithms through `discover`; the question's knowledge goes in natively
            # where the algorithm takes it, and is applied to the graph below in any case.
            options: dict[str, Any] = {"score": score} if algo in ("ges", "grasp") else {}
            data = pd.DataFrame(X, columns=nodes)
            g = discover(
                data,
                algorithm=algo,
                seed=s,
                forbidden=[(outcome, treatment), *((b, a) for a, b in known)]
                if algo in ("pc", "fci")
                else (),
                **options,
            ).graph
        return question_knowledge(g, treatment, outcome, known)

    try:
        point = run(None, seed)
    except BudgetError as exc:
        raise EstimationError(
            f"No graph was given and causal discovery ({algo}) did not finish: {exc.message}",
            "give a graph with --graph FILE (graph= in Python)",
        ) from None
    rng = np.random.default_rng(seed)
    graphs, failed, tried = [], 0, 0
    for b in range(resamples):
        tried += 1
        if on_resample is not None:
            on_resample(b + 1, resamples)
        rows = rng.integers(0, len(frame), len(frame))
        try:
            graphs.append(run(rows, seed + b + 1))
        except CopilotError:
            failed += 1
        if len(graphs) == EARLY_STOP and _unanimous(graphs, treatment, outcome, covariates, parts):
            break  # every graph agrees on every side: more resamples would hardly move one
    resamples = tried
    if failed:
        notes.append(f"{failed} of {resamples} resampled discovery runs failed and were skipped")
    graphs = graphs or [point]
    counts = {c: Counter() for c in covariates}
    oriented = Counter()  # graphs with the column a directed ancestor of T or Y
    dependence = 0
    for g in graphs:
        for c, role in column_roles(g, treatment, outcome, covariates, parts).items():
            counts[c][role] += 1
        rev = _reverse(g)
        ancestors = _reach(rev, treatment, False, set()) | _reach(rev, outcome, False, set())
        for c in covariates:
            oriented[c] += any(n in ancestors for n in parts.get(c, [c]))
        dependence += outcome in _reach(g, treatment, True, set())
    k = len(graphs)
    exclusive = _exclusive_pairs(graphs, treatment, [c for c in covariates if parts[c] == [c]])
    roles: dict[str, CovariateRole] = {}
    adjustment, undecided, strong_downstream, ties = [], [], [], []
    free_score: float | None = None  # the unconstrained search's score, found once
    binary_outcome = ds.profile.kinds().get(outcome) == "binary"
    words = {r: w.format(t=treatment, y=outcome) for r, w in _WORDS.items()}
    for c in covariates:
        share = {r: counts[c][r] / k for r in counts[c]}
        down = sum(share.get(r, 0.0) for r in DOWNSTREAM)
        top_down = max(DOWNSTREAM, key=lambda r: share.get(r, 0.0))
        top_up = max(UPSTREAM, key=lambda r: share.get(r, 0.0))
        contradicted = None
        if top_down == "descendant_of_outcome" and down >= UNDECIDED_FROM:
            contradicted = _predicts_treatment(ds, treatment, outcome, c)
        # Is the downstream reading evidence, or a tie the search broke towards fewer edges?
        cost = needed = None
        if algo == "boss" and down >= 0.5 and contradicted is None:
            cost, needed, free_score = upstream_cost(
                X_all, nodes, treatment, outcome, parts[c], score or "bic", free_score, known
            )
        tie = cost is not None and cost <= needed
        strong = cost is not None and cost > needed
        if contradicted is not None:
            # A consequence of the outcome alone carries no information about the treatment
            # once the outcome is known; this column does, so it is adjacent to the treatment
            # (a confounder or a collider, which the data cannot tell apart here).
            role, conf, adjusted = "confounder", round(1 - down, 3), True
            why_text = (
                f"{c} {words[top_down]} in {down:.0%} of {k} resampled graphs, but it predicts "
                f"{treatment} given {outcome} (p = {contradicted:.2g}), which a consequence of "
                f"{outcome} alone would not: it is adjacent to {treatment}, and the data do not "
                "decide between a common cause and a common effect, so it is adjusted for as a "
                "pre-treatment covariate (the standard assumption)"
            )
            undecided.append(c)
        elif tie and down >= DOWNSTREAM_CONFIDENT:
            # The one independence behind the reading (the column is independent of the
            # treatment given the outcome) is what a consequence of the outcome shows, and also
            # what a confounder whose paths cancel shows. Faithfulness (no cancelling paths)
            # decides, as in every search, but the other reading is shown beside the estimate.
            role, conf, adjusted = top_down, down, False
            why_text = (
                f"{c} {words[top_down]} in {down:.0%} of {k} resampled graphs: adjusting for it "
                f"would bias the effect; but a graph with {c} before {treatment} fits almost as "
                f"well (worse by {cost:.1f} log units, no more than one edge's cost plus "
                f"{UPSTREAM_MARGIN:g}), so the estimate adjusting for it is shown as the "
                "alternative"
            )
            undecided.append(c)
            ties.append(c)
        elif strong or down >= DOWNSTREAM_CONFIDENT:
            if strong:
                strong_downstream.append(c)
            role, conf, adjusted = top_down, down, False
            why_text = (
                f"{c} {words[top_down]} in {down:.0%} of {k} resampled graphs"
                + (
                    f", and every graph with {c} before {treatment} fits worse by "
                    f"{cost:.1f} log units (more than one edge's cost plus {UPSTREAM_MARGIN:g})"
                    if strong
                    else ""
                )
                + ": adjusting for it would bias the effect"
            )
        else:
            role, conf = top_up, share.get(top_up, 0.0)
            if down > conf:  # most graphs place it downstream, but not confidently
                role, conf = top_down, down
                why_text = (
                    f"{c} {words[top_down]} in {down:.0%} of {k} resampled graphs, short of the "
                    f"{DOWNSTREAM_CONFIDENT:.0%} needed to leave it out; otherwise it "
                    f"{words[top_up]} ({share.get(top_up, 0.0):.0%}): the data do not decide, so "
                    "it is adjusted for as a pre-treatment covariate (the standard assumption)"
                )
                adjusted = True
            else:
                # An unrelated-looking column stays in: a linear score misses nonlinear relations.
                adjusted = not (role == "instrument" and conf >= SKIP_CONFIDENT)
                why_text = f"{c} {words[role]} in {conf:.0%} of {k} resampled graphs"
                if adjusted and role in ("confounder", "outcome_cause"):
                    why_text += (
                        ": adjusted for"
                        if role == "confounder"
                        else ": adjusted for (it sharpens the estimate)"
                    )
                elif adjusted:
                    why_text += (
                        "; not confident enough to leave it out, so it is adjusted for as a "
                        "pre-treatment covariate"
                    )
                else:
                    why_text += ": not needed for adjustment"
                if down >= UNDECIDED_FROM:
                    why_text += (
                        f"; {down:.0%} of graphs place it downstream ({words[top_down]}), so the "
                        "data do not decide: it is treated as pre-treatment (the standard "
                        "assumption)"
                    )
        if (
            binary_outcome
            and algo == "boss"
            and adjusted
            and role == "outcome_cause"
            and c not in upstream
            and c not in undecided
        ):
            after, after_needed, free_score = after_outcome_cost(
                X_all, nodes, treatment, outcome, parts[c], score or "bic", free_score, known
            )
            others = [o for o in covariates if o != c]
            linked = (
                _treatment_lr_p(ds, treatment, [outcome, *others], c)
                if after <= after_needed
                else None
            )
            if linked is not None and linked >= CONTRADICTION_P:
                # A 0/1 outcome is a weak linear signal in the Gaussian score, so the edge
                # between it and a column linked to nothing else of the question is often a
                # tie: a cause of the outcome alone and a consequence of it fit alike. The two
                # errors are not alike: adjusting for a consequence of the outcome biases the
                # effect, leaving out a cause of the outcome alone only widens the interval.
                # Unless the column predicts the treatment beside the outcome and the other
                # columns (a confounder whose edge to the treatment the search dropped does;
                # a consequence of the outcome does not), it is left out, and the estimate
                # adjusting for it is the alternative.
                adjusted = False
                why_text += (
                    f"; but a graph with {c} after {outcome} (a consequence of it) fits almost "
                    f"as well (worse by {after:.1f} log units, no more than one edge's cost "
                    f"plus {UPSTREAM_MARGIN:g}), and {c} does not predict {treatment} given "
                    f"{outcome} and the other columns (p = {linked:.2g}): adjusting for a "
                    f"consequence of {outcome} would bias the effect, while leaving out a cause "
                    f"of {outcome} alone costs only precision, so it is not adjusted for and "
                    "the estimate adjusting for it is shown as the alternative"
                )
                undecided.append(c)
                ties.append(c)
        explained = None
        # the other columns most graphs read as causes of the outcome alone: what holding the
        # outcome fixed links another cause of it to (a consequence of it stays unlinked)
        causes = [o for o in covariates if o != c and counts[o]["outcome_cause"] >= k / 2]
        if adjusted and role in UPSTREAM and c not in upstream and c not in undecided and causes:
            explained = _explained_by_outcome(ds, treatment, outcome, c)
        if explained is not None:
            # Read before the treatment, but its whole link to the treatment runs through the
            # outcome: a cause of the treatment stays linked to it given the outcome, and an
            # outcome-only cause is not linked to it at all (see `_explained_by_outcome`).
            p_alone, p_given = explained
            why_text = (
                f"{c} was read as a column that {words[role]} ({conf:.0%} of {k} resampled "
                f"graphs), but it predicts {treatment} on its own (p = {p_alone:.2g}) and not "
                f"once {outcome} is known (p = {p_given:.2g}): its whole link to {treatment} "
                f"runs through {outcome}, as a consequence of {outcome} shows, so it is not "
                "adjusted for (adjusting for it would bias the effect)"
            )
            role, conf, adjusted = "descendant_of_outcome", max(down, 1 - p_given), False
            strong_downstream.append(c)
        if (
            UNDECIDED_FROM <= down < DOWNSTREAM_CONFIDENT
            and c not in undecided
            and explained is None
        ):
            undecided.append(c)
        if c in cue_text:
            why_text += "; " + cue_text[c]
            if c in clashed and c not in undecided:
                undecided.append(c)  # the data disagree with the name: show the other reading
        roles[c] = CovariateRole(
            role=role,
            confidence=round(conf, 3),
            adjusted=adjusted,
            evidence=why_text,
            name_cue=upstream[c].phrase() if c in upstream else None,
        )
        if adjusted:
            adjustment.append(c)
    reason = f"{algo} on the data and {k} bootstrap resamples: {why}"
    return RoleAnalysis(
        roles=roles,
        adjustment=adjustment,
        undecided=undecided,
        algorithm=algo,
        reason=reason,
        graph=merge_indicators(point, parts),
        resamples=k,
        dependence=dependence / k,
        notes=notes,
        strong_downstream=strong_downstream,
        ties=ties,
        name_upstream=upstream,
        oriented_upstream=[c for c in covariates if oriented[c] / k >= 1 - UNDECIDED_FROM],
        exclusive=exclusive,
    )


def _exclusive_pairs(
    graphs: list[CausalGraph], treatment: str, columns: list[str]
) -> dict[frozenset[str], float]:
    """For each pair of columns, the share of graphs in which both are adjacent to the
    treatment and not to each other, without both pointing into it: orienting both into the
    treatment would make a v-structure that the graph does not have (pairs never so are left
    out)."""
    counts: Counter = Counter()
    for g in graphs:
        near = [c for c in g.neighbours(treatment) if c in columns]
        parents = set(g.parents(treatment))
        adjacent = {e.key for e in g.edges}
        for i, a in enumerate(near):
            for b in near[i + 1 :]:
                if frozenset((a, b)) not in adjacent and not {a, b} <= parents:
                    counts[frozenset((a, b))] += 1
    return {pair: n / len(graphs) for pair, n in counts.items()}


def _name_knowledge(
    upstream: dict[str, TimeCue],
    parts: dict[str, list[str]],
    nodes: list[str],
    treatment: str,
    outcome: str,
) -> list[tuple[str, str]]:
    """Orders (a, b), a before b, that the column names give: a column fixed before the
    treatment comes before the treatment and the outcome, and a fixed attribute (age, sex)
    before every column that is not one, since nothing measured in a study causes it."""
    up = [n for c in upstream for n in parts.get(c, [c])]
    fixed = {n for c, cue in upstream.items() if cue.kind == FIXED for n in parts.get(c, [c])}
    known = [(u, x) for u in up for x in (treatment, outcome)]
    known += [
        (f, w) for f in fixed for w in nodes if w not in fixed and w not in (treatment, outcome)
    ]
    return known


def _check_name_cues(
    upstream: dict[str, TimeCue],
    X: np.ndarray,
    nodes: list[str],
    parts: dict[str, list[str]],
    treatment: str,
    outcome: str,
    algo: str,
    score: str | None,
    notes: list[str],
) -> tuple[dict[str, str], list[str], list[str]]:
    """(evidence text per cued column, the columns whose cue holds, the fixed attributes whose
    cue holds although the data disagree).

    With a score-based search, each cue is checked against the data: when every graph with
    the column before the treatment fits clearly worse (the evidence test of the roles), the
    data contradict the name. A measurement the name places before the treatment then follows
    the data (a name like `prior_authorization` can mislead); a fixed attribute keeps its cue
    (nothing in a study changes an age or a sex: such evidence comes from a broken assumption,
    e.g. cancelling paths or a nonlinear relation), and the estimate without it is shown."""
    text: dict[str, str] = {}
    held: list[str] = []
    clashed: list[str] = []
    free: float | None = None
    for c, cue in upstream.items():
        base = (
            f"{cue.phrase()}, so neither the treatment nor the outcome causes it (background "
            "knowledge in every search)"
        )
        cost = needed = None
        if algo == "boss":
            cost, needed, free = upstream_cost(
                X, nodes, treatment, outcome, parts.get(c, [c]), score or "bic", free
            )
        if cost is None or cost <= needed:
            text[c] = base
            held.append(c)
            continue
        clash = (
            f"every graph with {c} before {treatment} fits worse by {cost:.1f} log units (more "
            f"than one edge's cost plus {UPSTREAM_MARGIN:g})"
        )
        if cue.kind == FIXED:
            text[c] = (
                f"{base}; the data disagree: {clash}, so the estimate with it treated the other "
                "way is shown as the alternative"
            )
            held.append(c)
            clashed.append(c)
            notes.append(
                f"{c}: {cue.phrase()}, but {clash}; the name is followed (a fixed attribute "
                "cannot be caused by the treatment) and the estimate with it treated the other way "
                "is the alternative"
            )
        else:
            text[c] = f"{cue.phrase()}, but {clash}: the data are followed and the name is not used"
            notes.append(
                f"{c}: {cue.phrase()}, but {clash}; the clear evidence is followed, not the name"
            )
    return text, held, clashed


#: Below this p-value a column predicts the treatment given the outcome.
CONTRADICTION_P = 0.01
#: A column read before the treatment whose link to the treatment the outcome explains:
#: below EXPLAINED_ALONE_P it predicts the treatment on its own (a clear link, so that a weak
#: confounder is never left out on a weak one), and above EXPLAINED_GIVEN_P it adds nothing to
#: the outcome in predicting the treatment.
EXPLAINED_ALONE_P = 1e-6
EXPLAINED_GIVEN_P = 0.05


def _predicts_treatment(ds: Dataset, treatment: str, outcome: str, column: str) -> float | None:
    """The p-value of `column` predicting the treatment given the outcome (likelihood ratio;
    logistic for a binary treatment) when it is below CONTRADICTION_P, else None."""
    p = _treatment_lr_p(ds, treatment, [outcome], column)
    return p if p is not None and p < CONTRADICTION_P else None


def _explained_by_outcome(
    ds: Dataset, treatment: str, outcome: str, column: str
) -> tuple[float, float] | None:
    """(p alone, p given the outcome) when `column` clearly predicts the treatment on its own
    but adds nothing once the outcome is known, else None.

    Every reading before the treatment contradicts that pattern: a cause of the treatment
    (confounder, instrument) stays linked to it given the outcome (conditioning on a common
    effect does not cut a direct link), an outcome-only cause and an unrelated column are not
    linked to it at all. A consequence of the outcome alone shows exactly that pattern (the
    outcome screens it off), whatever the search read from it: a child that almost copies the
    outcome scores as well before it as after it."""
    if ds.profile.kinds().get(column) == "categorical":
        return None
    alone = _treatment_lr_p(ds, treatment, [], column)
    if alone is None or alone >= EXPLAINED_ALONE_P:
        return None
    given = _treatment_lr_p(ds, treatment, [outcome], column)
    if given is None or given <= EXPLAINED_GIVEN_P:
        return None
    # A confounder's two links to the treatment (direct, and through the outcome it also
    # causes) can cancel once the outcome is held fixed; the outcome then cannot screen it off
    # from the outcome's other causes as well (holding a common effect fixed links its causes;
    # the caller asks only where the graphs read some other column as a cause of the outcome).
    # A consequence of the outcome alone is screened off from every other column.
    others = [c for c in ds.analysable() if c not in (column, outcome)]
    rest = _screened_p(ds, column, outcome, others)
    if rest is None or rest <= EXPLAINED_GIVEN_P:
        return None
    return alone, min(given, rest)


def _screened_p(ds: Dataset, column: str, outcome: str, others: list[str]) -> float | None:
    """The p-value of the other columns predicting `column` beyond the outcome: the smaller of
    the joint F-test and the smallest one-column F-test times the number of columns
    (Bonferroni). The joint test alone is diluted by a many-level category (a store or a city
    adds one indicator per level), where one column's link stays plain to see."""
    import statsmodels.api as sm

    from .estimators import design

    frame = ds.numeric([column, outcome, *others]).dropna()
    kinds = ds.profile.kinds()
    for c in others:
        if kinds.get(c) == "categorical":
            frame[c] = frame[c].astype(int).astype("category")
    x = frame[column].to_numpy(dtype=float)
    small = sm.add_constant(design(frame, [outcome]), has_constant="add")
    big = sm.add_constant(design(frame, [outcome, *others]), has_constant="add")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reduced = sm.OLS(x, small).fit()
            _, p, _ = sm.OLS(x, big).fit().compare_f_test(reduced)
            each = []
            for c in others if len(others) > 1 else []:
                one = sm.add_constant(design(frame, [outcome, c]), has_constant="add")
                each.append(sm.OLS(x, one).fit().compare_f_test(reduced)[1])
    except Exception:  # noqa: BLE001 - a singular design: no evidence either way
        return None
    finite = [q for q in each if np.isfinite(q)]
    if finite:
        p = min(p, min(1.0, len(finite) * min(finite)))
    return float(p)


def _treatment_lr_p(ds: Dataset, treatment: str, given: list[str], column: str) -> float | None:
    """The likelihood-ratio p-value of `column` predicting the treatment beyond `given`
    (logistic for a binary treatment), or None when the models cannot be fitted."""
    import statsmodels.api as sm
    from scipy import stats

    from .estimators import design

    frame = ds.numeric([treatment, *given, column]).dropna()
    kinds = ds.profile.kinds()
    if kinds.get(column) == "categorical":
        frame[column] = frame[column].astype(int).astype("category")
    t = frame[treatment].to_numpy(dtype=float)
    binary = len(np.unique(t)) == 2
    if binary:
        t = (t == t.max()).astype(float)
    small = sm.add_constant(design(frame, list(given)), has_constant="add")
    big = sm.add_constant(design(frame, [*given, column]), has_constant="add")
    model = sm.Logit if binary else sm.OLS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kw = {"disp": 0} if binary else {}
            full, reduced = model(t, big).fit(**kw), model(t, small).fit(**kw)
    except Exception:  # noqa: BLE001 - separation or a singular design: no evidence either way
        return None
    df = big.shape[1] - small.shape[1]
    return float(stats.chi2.sf(2 * (full.llf - reduced.llf), max(df, 1)))


def estimation_graph(
    treatment: str,
    outcome: str,
    adjustment: list[str],
    mediator: str | None = None,
) -> CausalGraph:
    """The DAG an estimate under these roles uses: each adjusted column a common cause."""
    edges = [(treatment, outcome)]
    for c in adjustment:
        edges += [(c, treatment), (c, outcome)]
    nodes = [treatment, outcome, *adjustment]
    if mediator is not None:
        edges += [(treatment, mediator), (mediator, outcome)]
        edges += [(c, mediator) for c in adjustment]
        nodes.append(mediator)
    return CausalGraph.from_edges(nodes, edges, kind="dag")


def dag_extension(graph: CausalGraph) -> CausalGraph | None:
    """One DAG in the class of a partially directed graph (for testing its implications)."""
    if graph.is_fully_directed:
        return graph if graph.is_acyclic() else None
    from causallearn.graph.Edge import Edge as ClEdge
    from causallearn.graph.Endpoint import Endpoint
    from causallearn.graph.GeneralGraph import GeneralGraph
    from causallearn.graph.GraphNode import GraphNode
    from causallearn.utils.PDAG2DAG import pdag2dag

    nodes = [GraphNode(n) for n in graph.nodes]
    idx = {n: i for i, n in enumerate(graph.nodes)}
    gg = GeneralGraph(nodes)

    for e in graph.edges:
        a, b = nodes[idx[e.source]], nodes[idx[e.target]]
        if e.type == "directed":
            gg.add_edge(ClEdge(a, b, Endpoint.TAIL, Endpoint.ARROW))
        elif e.type == "undirected":
            gg.add_edge(ClEdge(a, b, Endpoint.TAIL, Endpoint.TAIL))
    if not _has_extension(np.asarray(gg.graph)):
        return None  # causal-learn's pdag2dag would loop forever on it
    try:
        dag = pdag2dag(gg)
    except Exception:  # noqa: BLE001 - a PDAG without a consistent extension
        return None
    m = np.asarray(dag.graph)
    pairs = [
        (graph.nodes[i], graph.nodes[j])
        for i in range(len(nodes))
        for j in range(len(nodes))
        if m[j, i] == 1 and m[i, j] == -1
    ]
    out = CausalGraph.from_edges(list(graph.nodes), pairs, kind="dag")
    return out if out.is_acyclic() else None


def _has_extension(m: np.ndarray) -> bool:
    """Whether the PDAG (causal-learn's matrix: m[j, i] == 1 and m[i, j] == -1 for i -> j;
    -1 both ways for i - j) has a consistent DAG extension: the pass of Dor and Tarsi that
    causal-learn's pdag2dag makes, which never ends when some pass removes no node."""
    n = len(m)
    left = np.ones(n, dtype=bool)
    while left.any():
        progress = False
        for i in range(n):
            if not left[i] or (left & (m[:, i] == 1)).any():
                continue  # removed, or it still has a child
            nx = np.where(left & (m[:, i] == -1) & (m[i, :] == -1))[0]
            ax = np.where(left & ((m[i, :] != 0) | (m[:, i] != 0)))[0]
            if all((m[y, np.setdiff1d(ax, [y])] != 0).all() for y in nx):
                left[i] = False
                progress = True
        if not progress:
            return False
    return True
