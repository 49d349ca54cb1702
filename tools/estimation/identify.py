"""Identification with DoWhy: from a `CausalGraph` to an estimand, stated in words."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from copilot.errors import EstimationError
from copilot.tools.graph import CausalGraph

#: Above this many nodes the exhaustive backdoor search is replaced by an efficient one.
EXHAUSTIVE_MAX_NODES = 12


@dataclass
class Identification:
    """What DoWhy found: the estimand object and the sets each strategy needs."""

    estimand: Any
    backdoor: list[str] | None
    instruments: list[str]
    frontdoor: list[str]
    mediators: list[str]
    search: str
    no_path: bool = False
    notes: list[str] = field(default_factory=list)


def to_dowhy_graph(graph: CausalGraph) -> Any:
    """A networkx DiGraph for DoWhy; a bidirected edge becomes a latent common cause."""
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(graph.nodes)
    for e in graph.edges:
        if e.type == "directed":
            g.add_edge(e.source, e.target)
        elif e.type == "bidirected":
            u = f"U({e.source},{e.target})"
            g.add_edge(u, e.source)
            g.add_edge(u, e.target)
        else:
            raise EstimationError(
                f"Edge {e} is not oriented.", "orient it, or let IDA handle the graph"
            )
    return g


def identify(
    graph: CausalGraph,
    treatment: str,
    outcome: str,
    observed: list[str],
    estimand_type: str = "nonparametric-ate",
    backdoor_only: bool = False,
) -> Identification:
    """Backdoor, instrumental-variable and front-door identification of `treatment` -> `outcome`.

    `backdoor_only` lets large graphs without latent nodes skip straight to the optimal
    adjustment set (instruments and front-door sets are then not searched).
    """
    from dowhy.causal_identifier import AutoIdentifier, BackdoorAdjustment, EstimandType

    from .estimators import quiet

    g = to_dowhy_graph(graph)
    latent = [n for n in g.nodes if n not in observed]
    notes = []
    if len(g.nodes) <= EXHAUSTIVE_MAX_NODES:
        search = BackdoorAdjustment.BACKDOOR_DEFAULT
        words = "exhaustive search, smallest valid set"
    elif not latent and backdoor_only and estimand_type == "nonparametric-ate":
        # DoWhy's efficient adjustment enumerates every simple path, which never ends on dense
        # graphs; the optimal set O has a closed form, and DoWhy identifies on the graph it implies.
        optimal = optimal_adjustment_set(g, treatment, outcome)
        if optimal is not None:
            g = _adjustment_graph(treatment, outcome, optimal)
            notes.append(
                f"the graph has {len(graph.nodes)} nodes: the adjustment set is the optimal set "
                "O = pa(causal nodes) minus forbidden nodes (lowest asymptotic variance), "
                "computed directly instead of an exhaustive search"
            )
        search = BackdoorAdjustment.BACKDOOR_MAX
        words = "optimal adjustment set"
    else:
        search = BackdoorAdjustment.BACKDOOR_MIN
        words = "minimal adjustment"
        why = "latent confounders" if latent else "an instrument or front-door set was asked for"
        notes.append(
            f"the graph has {len(g.nodes)} nodes and {why}: the adjustment set comes from DoWhy's "
            "minimal adjustment search"
        )
    identifier = AutoIdentifier(
        estimand_type=EstimandType(estimand_type), backdoor_adjustment=search
    )
    with quiet():
        try:
            est = identifier.identify_effect(
                graph=g,
                action_nodes=[treatment],
                outcome_nodes=[outcome],
                observed_nodes=[n for n in g.nodes if n in observed],
            )
        except ValueError as exc:  # efficient adjustment refuses some graphs; fall back visibly
            if search is BackdoorAdjustment.BACKDOOR_DEFAULT:
                raise EstimationError(f"Identification failed: {exc}.", "check the graph") from None
            identifier = AutoIdentifier(
                estimand_type=EstimandType(estimand_type),
                backdoor_adjustment=BackdoorAdjustment.BACKDOOR_MIN,
            )
            est = identifier.identify_effect(
                graph=g,
                action_nodes=[treatment],
                outcome_nodes=[outcome],
                observed_nodes=[n for n in g.nodes if n in observed],
            )
            words = "minimal adjustment"
            notes.append(
                f"efficient adjustment was not applicable ({exc}); used minimal adjustment"
            )
    _in_one_order(est)
    if getattr(est, "no_directed_path", False) or est.estimands is None:
        return Identification(
            estimand=est,
            backdoor=None,
            instruments=[],
            frontdoor=[],
            mediators=[],
            search=words,
            no_path=True,
            notes=notes,
        )
    backdoor = None
    if est.estimands.get("backdoor") is not None:
        backdoor = sorted(est.get_backdoor_variables() or [])
    return Identification(
        estimand=est,
        backdoor=backdoor,
        instruments=sorted(est.get_instrumental_variables() or [])
        if est.estimands.get("iv") is not None
        else [],
        frontdoor=sorted(est.get_frontdoor_variables() or [])
        if est.estimands.get("frontdoor") is not None
        else [],
        mediators=sorted(est.get_mediator_variables() or []),
        search=words,
        no_path=bool(getattr(est, "no_directed_path", False)),
        notes=notes,
    )


def _in_one_order(est: Any) -> None:
    """Sort the variable lists of DoWhy's estimand in place. DoWhy builds them from sets, so
    their order changes with Python's string hashing from one process to the next, and the
    estimators take their columns in that order: boosted trees and cross-fitting then give
    a different estimate for the same table and question in each run."""
    for name in ("backdoor_variables", "general_adjustment_variables"):
        sets = getattr(est, name, None)
        if isinstance(sets, dict):
            for key, cols in sets.items():
                if cols is not None:
                    sets[key] = sorted(cols)
    for name in ("instrumental_variables", "frontdoor_variables", "mediator_variables"):
        cols = getattr(est, name, None)
        if isinstance(cols, list):
            setattr(est, name, sorted(cols))


def optimal_adjustment_set(g: Any, treatment: str, outcome: str) -> list[str] | None:
    """Henckel, Perkovic and Maathuis (2022): O = pa(cn) minus forb, for a DAG without latents.

    cn are the nodes on causal paths from the treatment to the outcome (without the treatment),
    forb their descendants and the treatment. None when the outcome is not a descendant.
    """
    import networkx as nx

    desc_t = nx.descendants(g, treatment)
    if outcome not in desc_t:
        return None
    cn = desc_t & (nx.ancestors(g, outcome) | {outcome})
    forb = {treatment} | set().union(*(nx.descendants(g, n) | {n} for n in cn))
    parents = set().union(*(set(g.predecessors(n)) for n in cn))
    return sorted(parents - forb)


def _adjustment_graph(treatment: str, outcome: str, adjustment: list[str]) -> Any:
    """The graph an adjustment set implies: each member a common cause, plus treatment -> outcome."""
    import networkx as nx

    h = nx.DiGraph()
    h.add_edge(treatment, outcome)
    for a in adjustment:
        h.add_edge(a, treatment)
        h.add_edge(a, outcome)
    return h


def describe(
    kind: str,
    treatment: str,
    outcome: str,
    ident: Identification,
    treatment_kind: str,
    labels: tuple[str, str] | None = None,
) -> str:
    """The estimand in words; `labels`: the (control, treated) values of a binary treatment as
    the data has them, when they are not 0 and 1."""
    control, treated = labels or ("0", "1")
    what = (
        f"the average difference in {outcome} between everyone treated ({treatment}={treated}) "
        f"and everyone untreated ({treatment}={control})"
        if treatment_kind == "binary"
        else f"the average change in {outcome} per unit increase of {treatment}"
    )
    if kind == "backdoor":
        adj = ident.backdoor or []
        if not adj:
            return f"{what[0].upper() + what[1:]}; no adjustment is needed because no backdoor path links {treatment} and {outcome}."
        return (
            f"{what[0].upper() + what[1:]}, computed by comparing units with the same "
            f"{', '.join(adj)} (backdoor adjustment: these block every non-causal path)."
        )
    if kind == "iv":
        z = ", ".join(ident.instruments)
        if len(ident.instruments) == 1:
            return (
                f"{what[0].upper() + what[1:]}, computed as the effect of {z} on {outcome} divided "
                f"by its effect on {treatment} (instrumental variable: {z} moves {treatment} and "
                f"reaches {outcome} only through it)."
            )
        return (
            f"{what[0].upper() + what[1:]}, computed by two-stage least squares: the effect on "
            f"{outcome} of {treatment} as {z} predict it (instrumental variables: each moves "
            f"{treatment} and reaches {outcome} only through it)."
        )
    if kind == "frontdoor":
        m = ", ".join(ident.frontdoor)
        return (
            f"{what[0].upper() + what[1:]}, computed as the effect of {treatment} on {m} times the "
            f"effect of {m} on {outcome} holding {treatment} fixed (front-door: {m} carries the whole "
            f"effect and is not confounded with {treatment})."
        )
    raise EstimationError(f"Unknown estimand kind {kind!r}.", "use backdoor, iv or frontdoor")
