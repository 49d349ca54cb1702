"""Background knowledge: required and forbidden edges and tiers (a temporal order).

`Knowledge` is parsed and validated once against the variables; it is then handed to the
algorithms in the form each understands (causal-learn's `BackgroundKnowledge`, a DirectLiNGAM
prior-knowledge matrix, exact search's super- and include-graphs) and checked on every
output. `apply_knowledge` repairs an output that violates it and says what it changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, Field

from copilot.errors import ColumnNotFoundError, DiscoveryError, InputError
from copilot.tools.graph import CausalGraph, Edge

_ARROW = re.compile(r"\s*(-+>|<-+)\s*")


def parse_edge(spec: str | Sequence[str], what: str = "edge") -> tuple[str, str]:
    """`"a->b"`, `"b<-a"` or `("a", "b")` -> ("a", "b")."""
    if isinstance(spec, str):
        parts = _ARROW.split(spec.strip())
        if len(parts) != 3 or not parts[0].strip() or not parts[2].strip():
            raise InputError(
                f"Cannot read the {what} {spec!r}.", "write it as CAUSE->EFFECT, e.g. age->income"
            )
        a, arrow, b = parts[0].strip(), parts[1], parts[2].strip()
        return (b, a) if arrow.startswith("<") else (a, b)
    items = list(spec)
    if len(items) != 2 or not all(isinstance(x, str) and x for x in items):
        raise InputError(
            f"Cannot read the {what} {spec!r}.", "give a (cause, effect) pair of column names"
        )
    return items[0], items[1]


def parse_tiers(spec: str | Sequence[Sequence[str]] | None) -> list[list[str]] | None:
    """`"a,b;c;d"` -> [["a", "b"], ["c"], ["d"]]: earlier tiers may cause later ones, never the reverse."""
    if spec is None:
        return None
    if isinstance(spec, str):
        tiers = [[x.strip() for x in part.split(",") if x.strip()] for part in spec.split(";")]
    else:
        tiers = [
            [spec_item] if isinstance(spec_item, str) else list(spec_item) for spec_item in spec
        ]
    tiers = [t for t in tiers if t]
    if not tiers:
        raise InputError("The tier list is empty.", 'write tiers as "a,b;c;d" (earliest first)')
    return tiers


class Knowledge(BaseModel):
    """Validated background knowledge over named variables."""

    required: list[tuple[str, str]] = Field(default_factory=list)
    forbidden: list[tuple[str, str]] = Field(default_factory=list)
    tiers: list[list[str]] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.required or self.forbidden or self.tiers)

    def tier_of(self, node: str) -> int | None:
        for i, tier in enumerate(self.tiers):
            if node in tier:
                return i
        return None

    def is_forbidden(self, a: str, b: str) -> bool:
        """True when a -> b is excluded, by a forbidden edge or by the tiers."""
        if (a, b) in self.forbidden:
            return True
        ta, tb = self.tier_of(a), self.tier_of(b)
        return ta is not None and tb is not None and ta > tb

    def is_required(self, a: str, b: str) -> bool:
        return (a, b) in self.required

    def to_dict(self) -> dict[str, Any]:
        return {
            "required": [f"{a}->{b}" for a, b in self.required],
            "forbidden": [f"{a}->{b}" for a, b in self.forbidden],
            "tiers": [list(t) for t in self.tiers],
        }

    # forms the algorithms take ------------------------------------------------------------
    def background_knowledge(self, names: list[str], internal: list[str] | None = None):
        """causal-learn's BackgroundKnowledge; `internal` are the node names the algorithm uses."""
        from causallearn.graph.GraphNode import GraphNode
        from causallearn.utils.PCUtils.BackgroundKnowledge import BackgroundKnowledge

        internal = internal or names
        node = {n: GraphNode(internal[i]) for i, n in enumerate(names)}
        bk = BackgroundKnowledge()
        for a, b in self.forbidden:
            bk.add_forbidden_by_node(node[a], node[b])
        for a, b in self.required:
            bk.add_required_by_node(node[a], node[b])
        for i, tier in enumerate(self.tiers):
            for n in tier:
                bk.add_node_to_tier(node[n], i)
        return bk

    def lingam_prior(self, names: list[str]):
        """DirectLiNGAM prior knowledge (row = effect, column = cause): 0 = no directed path,
        1 = a directed path, -1 = unknown. Tiers and required edges are path statements;
        forbidden edges are not (a forbidden direct edge still allows an indirect path)."""
        import numpy as np

        idx = {n: i for i, n in enumerate(names)}
        pk = -np.ones((len(names), len(names)))
        for a in names:
            for b in names:
                ta, tb = self.tier_of(a), self.tier_of(b)
                if a != b and ta is not None and tb is not None and ta > tb:
                    pk[idx[b], idx[a]] = 0
        for a, b in self.required:
            pk[idx[b], idx[a]] = 1
            pk[idx[a], idx[b]] = 0
        return pk

    @property
    def lingam_complete(self) -> bool:
        """Whether the LiNGAM prior says everything: forbidden edges are not expressible there."""
        return not self.forbidden

    def exact_graphs(self, names: list[str]):
        """(super_graph, include_graph) for exact search: allowed and required edges, i -> j."""
        import numpy as np

        p = len(names)
        allowed = np.ones((p, p))
        np.fill_diagonal(allowed, 0)
        include = np.zeros((p, p))
        for i, a in enumerate(names):
            for j, b in enumerate(names):
                if i != j and self.is_forbidden(a, b):
                    allowed[i, j] = 0
                if self.is_required(a, b):
                    include[i, j] = 1
        return allowed, include


def build_knowledge(
    names: list[str],
    required: Iterable[str | Sequence[str]] = (),
    forbidden: Iterable[str | Sequence[str]] = (),
    tiers: str | Sequence[Sequence[str]] | None = None,
) -> Knowledge:
    """Parse and validate knowledge against the variable names; contradictions are errors."""
    req = [parse_edge(e, "required edge") for e in (required or ())]
    forb = [parse_edge(e, "forbidden edge") for e in (forbidden or ())]
    tier_list = parse_tiers(tiers) or []
    for a, b in req + forb:
        for n in (a, b):
            if n not in names:
                raise ColumnNotFoundError(n, names, "column in the background knowledge")
        if a == b:
            raise InputError(f"The edge {a}->{b} is a self-loop.", "name two different columns")
    seen: dict[str, int] = {}
    for i, tier in enumerate(tier_list):
        for n in tier:
            if n not in names:
                raise ColumnNotFoundError(n, names, "column in the tiers")
            if n in seen:
                raise InputError(
                    f"Column {n!r} is in tiers {seen[n] + 1} and {i + 1}.",
                    "put every column in one tier only",
                )
            seen[n] = i
    k = Knowledge(
        required=list(dict.fromkeys(req)), forbidden=list(dict.fromkeys(forb)), tiers=tier_list
    )
    for a, b in k.required:
        if (a, b) in k.forbidden:
            raise InputError(
                f"The edge {a}->{b} is both required and forbidden.", "keep one of the two"
            )
        if (b, a) in k.required:
            raise InputError(
                f"Both {a}->{b} and {b}->{a} are required.", "a pair has one direction at most"
            )
        if k.is_forbidden(a, b):
            raise InputError(
                f"The required edge {a}->{b} goes against the tiers ({a!r} is in a later tier).",
                "fix the tiers or the required edge",
            )
    cycle = CausalGraph.from_edges(names, list(k.required)).find_cycle()
    if cycle:
        raise InputError(
            f"The required edges form a cycle: {' -> '.join(cycle)}.", "remove one of them"
        )
    return k


# checking and repairing outputs --------------------------------------------------------------


def violations(graph: CausalGraph, k: Knowledge) -> list[str]:
    """The constraints a graph breaks, in words."""
    out: list[str] = []
    for a, b in k.required:
        e = graph.edge(a, b)
        if e is None:
            out.append(f"required edge {a}->{b} is missing")
        elif not (e.type == "directed" and e.source == a):
            out.append(f"required edge {a}->{b} appears as {e}")
    for e in graph.edges:
        for a, b in ((e.source, e.target), (e.target, e.source)):
            if _allows(e, a, b) and k.is_forbidden(a, b):
                why = "forbidden" if (a, b) in k.forbidden else "against the tiers"
                verb = "has" if e.type == "directed" else "allows"
                out.append(f"edge {e} {verb} {a}->{b}, which is {why}")
    return out


def _allows(e: Edge, a: str, b: str) -> bool:
    """Whether the edge says or leaves open that a causes b: no arrowhead at a, and an arrowhead
    or circle at b, or an undirected CPDAG edge (either direction in the equivalence class)."""
    return e.mark_at(a) != "arrow" and (e.mark_at(b) != "tail" or e.type == "undirected")


def apply_knowledge(graph: CausalGraph, k: Knowledge) -> tuple[CausalGraph, list[str]]:
    """Repair a graph so that it satisfies the knowledge; returns the graph and the changes.

    A forbidden a->b removes a directed a->b edge; any other edge between a and b gets an
    arrowhead at a (so a is not a cause of b). A required a->b is added or re-oriented.
    CPDAG outputs then get Meek's orientation rules so that the new arrows propagate.
    """
    edges = {e.key: e.model_copy() for e in graph.edges}
    changes: list[str] = []
    for key, e in list(edges.items()):
        for a, b in ((e.source, e.target), (e.target, e.source)):
            if key not in edges or not k.is_forbidden(a, b):
                continue
            cur = edges[key]
            if cur.type == "directed" and cur.source == a:
                del edges[key]
                changes.append(f"removed {cur} (forbidden by the background knowledge)")
            elif cur.mark_at(a) != "arrow":
                marks = {a: "arrow", b: cur.mark_at(b)}
                new = Edge(
                    source=a,
                    target=b,
                    source_mark=marks[a],
                    target_mark=marks[b],
                    confidence=cur.confidence,
                )
                edges[key] = new
                changes.append(f"re-oriented {cur} as {new} ({a}->{b} is excluded)")
    for a, b in k.required:
        key = frozenset((a, b))
        cur = edges.get(key)
        if cur is not None and cur.type == "directed" and cur.source == a:
            continue
        new = Edge(source=a, target=b, confidence=cur.confidence if cur else None)
        edges[key] = new
        changes.append(
            f"added required edge {new}"
            if cur is None
            else f"re-oriented {cur} as {new} (required)"
        )
    out = CausalGraph(nodes=list(graph.nodes), edges=list(edges.values()), kind=graph.kind)
    if changes and out.kind == "cpdag":
        out, more = meek_orient(out)
        changes.extend(more)
    return out, changes


def cycle_sources(cycle: list[str], k: Knowledge) -> list[str]:
    """The constraints that orient an edge of `cycle` (a list of nodes, first == last) the way
    the cycle runs: a required a->b, a forbidden b->a, or tiers that put a before b. When no
    edge of the cycle is fixed by the knowledge directly (its arrows came from propagating the
    knowledge's arrows elsewhere), every constraint is returned."""
    found: list[str] = []
    for a, b in zip(cycle, cycle[1:], strict=False):
        if (a, b) in k.required:
            found.append(f"required {a}->{b}")
        if (b, a) in k.forbidden:
            found.append(f"forbidden {b}->{a}")
        ta, tb = k.tier_of(a), k.tier_of(b)
        if ta is not None and tb is not None and ta < tb:
            found.append(f"tiers ({a} in tier {ta + 1}, {b} in tier {tb + 1})")
    if found:
        return list(dict.fromkeys(found))
    return (
        [f"required {a}->{b}" for a, b in k.required]
        + [f"forbidden {a}->{b}" for a, b in k.forbidden]
        + ([f"tiers {';'.join(','.join(t) for t in k.tiers)}"] if k.tiers else [])
    )


def check_acyclic(graph: CausalGraph, k: Knowledge, algorithm: str = "the search") -> None:
    """Refuse a graph with a directed cycle: no DAG, CPDAG or PAG has one. With background
    knowledge this happens when the knowledge orients an edge against what the data say and
    the orientation rules carry that arrow around a loop of edges the data oriented."""
    cycle = graph.find_cycle()
    if not cycle:
        return
    sources = cycle_sources(cycle, k)
    shown = "; ".join(sources[:4]) + (f"; and {len(sources) - 4} more" if len(sources) > 4 else "")
    raise DiscoveryError(
        f"{algorithm} with {shown} gives a graph with the directed cycle {' -> '.join(cycle)}: "
        "the background knowledge and the data disagree.",
        f"drop or revise {'that constraint' if len(sources) == 1 else 'those constraints'} "
        "(the data orient this part of the graph the other way), or run without it to see "
        "the graph the data give",
    )


def undirect_cycles(
    graph: CausalGraph, keep: set[frozenset[str]] | None = None
) -> tuple[CausalGraph, list[list[str]]]:
    """Leave the edges of every directed cycle undecided (except those in `keep`); returns the
    repaired graph and the cycles found. PC's orientation rules can conflict on finite data
    and orient a loop; no DAG has one, so its directions there carry no information."""
    keep = keep or set()
    g, cycles = graph, []
    for _ in range(len(graph.edges) + 1):
        cycle = g.find_cycle()
        if not cycle:
            break
        cycles.append(cycle)
        on_cycle = {frozenset(p) for p in zip(cycle, cycle[1:], strict=False)} - keep
        if not on_cycle:
            break
        marks = "circle" if g.kind == "pag" else "tail"
        g = CausalGraph(
            nodes=list(g.nodes),
            edges=[
                Edge(
                    source=e.source,
                    target=e.target,
                    source_mark=marks,
                    target_mark=marks,
                    confidence=e.confidence,
                )
                if e.key in on_cycle and e.type == "directed"
                else e
                for e in g.edges
            ],
            kind="cpdag" if g.kind == "dag" else g.kind,
        )
    return g, cycles


def meek_orient(graph: CausalGraph) -> tuple[CausalGraph, list[str]]:
    """Meek's rules 1-3 on a partially directed graph: orientations implied by the arrows present."""
    directed = {(e.source, e.target) for e in graph.edges if e.type == "directed"}
    undirected = {e.key for e in graph.edges if e.type == "undirected"}
    adjacent = {e.key for e in graph.edges}
    changes: list[str] = []

    def adj(x: str, y: str) -> bool:
        return frozenset((x, y)) in adjacent

    def orient(x: str, y: str, rule: str) -> None:
        undirected.discard(frozenset((x, y)))
        directed.add((x, y))
        changes.append(f"oriented {x} --> {y} (Meek rule {rule})")

    changed = True
    while changed:
        changed = False
        for key in list(undirected):
            if key not in undirected:
                continue
            x, y = sorted(key)
            for b, c in ((x, y), (y, x)):
                # R1: a -> b - c, a and c not adjacent => b -> c
                if any(t == b and not adj(a, c) and a != c for a, t in directed):
                    orient(b, c, "1")
                    changed = True
                    break
                # R2: b -> m -> c and b - c => b -> c
                if any((b, m) in directed and (m, c) in directed for m in graph.nodes):
                    orient(b, c, "2")
                    changed = True
                    break
                # R3: b - m1 -> c, b - m2 -> c, b - c, m1 and m2 not adjacent => b -> c
                ms = [
                    m for m in graph.nodes if frozenset((b, m)) in undirected and (m, c) in directed
                ]
                if any(not adj(m1, m2) for i, m1 in enumerate(ms) for m2 in ms[i + 1 :]):
                    orient(b, c, "3")
                    changed = True
                    break
    edges = []
    for e in graph.edges:
        if e.type == "undirected" and e.key not in undirected:
            a, b = (
                (e.source, e.target) if (e.source, e.target) in directed else (e.target, e.source)
            )
            edges.append(Edge(source=a, target=b, confidence=e.confidence))
        else:
            edges.append(e)
    return CausalGraph(nodes=list(graph.nodes), edges=edges, kind=graph.kind), changes
