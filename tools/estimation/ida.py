"""IDA (Maathuis, Kalisch and Buehlmann 2009): effects over the orientations a CPDAG allows.

When edges at the treatment are undirected, its parent set is not known. Each set of
undirected neighbours that can be oriented into the treatment without creating a new
v-structure (locally: the chosen neighbours must be pairwise adjacent) gives one valid
adjustment set {directed parents} + {chosen neighbours}; the effect is estimated under each.
"""

from __future__ import annotations

from itertools import combinations

import pandas as pd

from copilot.errors import EstimationError
from copilot.tools.graph import CausalGraph

from .estimators import ols_effect
from .result import OrientationEffect

#: 2^this many orientations at most.
MAX_UNDIRECTED = 10


def undecided_at(graph: CausalGraph, node: str) -> list[str]:
    """Non-directed edges touching `node`, written as text."""
    return [str(e) for e in graph.edges if node in (e.source, e.target) and e.type != "directed"]


def check_orientable(graph: CausalGraph, treatment: str) -> None:
    """PAG end marks (circles) cannot be enumerated this way: name the edges that must be decided."""
    circles = [e for e in graph.edges if "circle" in (e.source_mark, e.target_mark)]
    if not circles:
        return
    at_t = [str(e) for e in circles if treatment in (e.source, e.target)]
    shown = at_t or [str(e) for e in circles[:5]]
    raise EstimationError(
        f"The graph has undecided end marks (a PAG), e.g. {'; '.join(shown)}: the effect of "
        f"{treatment} is not identified from it.",
        "decide those edges (pass a DAG or CPDAG with --graph, from domain knowledge) and run again",
    )


def parent_sets(graph: CausalGraph, treatment: str) -> tuple[list[str], list[str], list[list[str]]]:
    """(directed parents, undirected neighbours, locally valid sets of neighbours to orient inward)."""
    parents = graph.parents(treatment)
    undirected = [
        e.target if e.source == treatment else e.source
        for e in graph.edges
        if treatment in (e.source, e.target) and e.type == "undirected"
    ]
    if len(undirected) > MAX_UNDIRECTED:
        raise EstimationError(
            f"{treatment} has {len(undirected)} undirected edges ({2 ** len(undirected)} orientations).",
            "orient some of them with background knowledge or a DAG",
        )
    valid: list[list[str]] = []
    for k in range(len(undirected) + 1):
        for subset in combinations(undirected, k):
            if all(graph.edge(a, b) is not None for a, b in combinations(subset, 2)):
                valid.append(sorted(subset))
    return parents, undirected, valid


def ida(
    graph: CausalGraph, frame: pd.DataFrame, treatment: str, outcome: str, confidence: float
) -> tuple[list[OrientationEffect], list[str]]:
    """The effect under every locally valid parent set; returns (effects, undecided edges).

    Asking for the effect of the treatment on the outcome asserts that the outcome does not
    cause the treatment, so orientations that make the outcome a parent are left out."""
    check_orientable(graph, treatment)
    if outcome in graph.parents(treatment):
        raise EstimationError(
            f"The graph has {outcome} -> {treatment}: the outcome causes the treatment, so the "
            f"question's effect of {treatment} on {outcome} is zero by the graph.",
            f"reverse that edge if {treatment} comes first",
        )
    parents, undirected, valid = parent_sets(graph, treatment)
    undirected = [u for u in undirected if u != outcome]
    valid = [v for v in valid if outcome not in v]
    effects: list[OrientationEffect] = []
    for chosen in valid:
        pa = sorted(set(parents) | set(chosen))
        est = ols_effect(frame, outcome, [treatment, *pa], treatment, confidence)
        effects.append(OrientationEffect(parents=pa, ate=est.value, ci=est.ci))
    undecided = [f"{treatment} --- {u}" for u in undirected]
    return effects, undecided
