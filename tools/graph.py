"""`CausalGraph`: nodes and edges with end marks, as found by discovery or given by a user.

An edge has a mark at each end: "tail", "arrow" or "circle" (PAG notation), so DAGs, CPDAGs
and PAGs share one type. Conversions: networkx, DOT, GML, JSON; drawings: PNG and SVG;
metrics against a true graph: SHD, skeleton and arrowhead precision/recall.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from copilot.errors import GraphError, InputError

Mark = Literal["tail", "arrow", "circle"]
EdgeType = Literal[
    "directed",
    "undirected",
    "bidirected",
    "partially_directed",
    "nondirected",
    "partially_undirected",
]

_TYPE_OF: dict[tuple[str, str], str] = {
    ("tail", "arrow"): "directed",
    ("tail", "tail"): "undirected",
    ("arrow", "arrow"): "bidirected",
    ("circle", "arrow"): "partially_directed",
    ("circle", "circle"): "nondirected",
    ("circle", "tail"): "partially_undirected",
}
_MARKS_OF = {v: k for k, v in _TYPE_OF.items()}
_SYMBOL = {
    "directed": "-->",
    "undirected": "---",
    "bidirected": "<->",
    "partially_directed": "o->",
    "nondirected": "o-o",
    "partially_undirected": "o--",
}
_FROM_SYMBOL = {v: k for k, v in _SYMBOL.items()} | {
    "->": "directed",
    "--": "undirected",
    "<-": "reversed",
    "<--": "reversed",
}


class Edge(BaseModel):
    """An edge between `source` and `target` with the mark at each end."""

    source: str
    target: str
    source_mark: Mark = "tail"
    target_mark: Mark = "arrow"
    confidence: float | None = Field(
        None,
        ge=0.0,
        le=1.0,
        description="Share of bootstrap resamples with this edge and orientation.",
    )

    @model_validator(mode="after")
    def _canonical(self) -> Edge:
        if self.source == self.target:
            raise GraphError(
                f"Self-loop on {self.source!r}.", "remove the edge from a node to itself"
            )
        # Store one orientation per type: arrows and circles at the target end.
        if (self.source_mark, self.target_mark) not in _TYPE_OF:
            self.source, self.target = self.target, self.source
            self.source_mark, self.target_mark = self.target_mark, self.source_mark
        return self

    @property
    def type(self) -> str:
        return _TYPE_OF[(self.source_mark, self.target_mark)]

    @property
    def key(self) -> frozenset[str]:
        return frozenset((self.source, self.target))

    def mark_at(self, node: str) -> str:
        return self.source_mark if node == self.source else self.target_mark

    def __str__(self) -> str:
        return f"{self.source} {_SYMBOL[self.type]} {self.target}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "type": self.type,
            "confidence": self.confidence,
        }


class CausalGraph(BaseModel):
    """Nodes and marked edges; at most one edge per pair of nodes."""

    nodes: list[str]
    edges: list[Edge] = Field(default_factory=list)
    kind: Literal["dag", "cpdag", "pag", "graph"] = "graph"

    @model_validator(mode="after")
    def _check(self) -> CausalGraph:
        if len(set(self.nodes)) != len(self.nodes):
            dup = sorted({n for n in self.nodes if self.nodes.count(n) > 1})
            raise GraphError(
                f"Duplicate node names: {', '.join(dup)}.", "give every node a unique name"
            )
        known = set(self.nodes)
        seen: set[frozenset[str]] = set()
        for e in self.edges:
            for end in (e.source, e.target):
                if end not in known:
                    raise GraphError(
                        f"Edge {e} names unknown node {end!r}.", "add the node or fix the edge"
                    )
            if e.key in seen:
                raise GraphError(
                    f"More than one edge between {e.source!r} and {e.target!r}.",
                    "keep a single edge per pair of nodes",
                )
            seen.add(e.key)
        return self

    # construction -------------------------------------------------------------------------
    @classmethod
    def from_edges(
        cls,
        nodes: list[str] | None,
        edges: list[tuple[str, str] | tuple[str, str, str]],
        kind: str = "graph",
    ) -> CausalGraph:
        """Build from (a, b) directed pairs or (a, b, type) triples."""
        out: list[Edge] = []
        names: list[str] = list(nodes or [])
        for item in edges:
            a, b = item[0], item[1]
            etype = item[2] if len(item) > 2 else "directed"
            if etype not in _MARKS_OF:
                raise GraphError(
                    f"Unknown edge type {etype!r}.", f"use one of {', '.join(_MARKS_OF)}"
                )
            sm, tm = _MARKS_OF[etype]
            out.append(Edge(source=a, target=b, source_mark=sm, target_mark=tm))
            for n in (a, b):
                if nodes is None and n not in names:
                    names.append(n)
        return cls(nodes=names, edges=out, kind=kind)  # type: ignore[arg-type]

    @classmethod
    def from_causallearn(
        cls, general_graph: Any, names: list[str], kind: str = "cpdag"
    ) -> CausalGraph:
        """From causal-learn's GeneralGraph: graph[i, j] is the mark at i of the edge i-j."""
        return cls.from_endpoints(general_graph.graph, names, kind)

    @classmethod
    def from_endpoints(cls, matrix: Any, names: list[str], kind: str = "cpdag") -> CausalGraph:
        """From causal-learn's endpoint matrix: matrix[i, j] is the mark at i of the edge i-j
        (-1 tail, 1 arrow, 2 circle, 0 no edge)."""
        import numpy as np

        mat = np.asarray(matrix)
        code = {-1: "tail", 1: "arrow", 2: "circle"}
        edges = []
        p = mat.shape[0]
        for i in range(p):
            for j in range(i + 1, p):
                if mat[i, j] == 0 and mat[j, i] == 0:
                    continue
                mi, mj = code.get(int(mat[i, j])), code.get(int(mat[j, i]))
                if mi is None or mj is None:
                    raise GraphError(
                        f"Unexpected end mark {mat[i, j]}/{mat[j, i]} in a causal-learn graph.",
                        "report this graph",
                    )
                edges.append(Edge(source=names[i], target=names[j], source_mark=mi, target_mark=mj))
        return cls(nodes=list(names), edges=edges, kind=kind)  # type: ignore[arg-type]

    @classmethod
    def from_adjacency(cls, adj: Any, names: list[str]) -> CausalGraph:
        """From a DAG adjacency matrix with adj[i, j] != 0 meaning i -> j."""
        import numpy as np

        a = np.asarray(adj)
        edges = [
            (names[i], names[j])
            for i in range(a.shape[0])
            for j in range(a.shape[1])
            if a[i, j] != 0 and i != j
        ]
        return cls.from_edges(list(names), edges, kind="dag")

    # queries ------------------------------------------------------------------------------
    def edge(self, a: str, b: str) -> Edge | None:
        key = frozenset((a, b))
        for e in self.edges:
            if e.key == key:
                return e
        return None

    def directed_edges(self) -> list[tuple[str, str]]:
        return [(e.source, e.target) for e in self.edges if e.type == "directed"]

    def parents(self, node: str) -> list[str]:
        return [e.source for e in self.edges if e.type == "directed" and e.target == node]

    def children(self, node: str) -> list[str]:
        return [e.target for e in self.edges if e.type == "directed" and e.source == node]

    def neighbours(self, node: str) -> list[str]:
        return [
            e.target if e.source == node else e.source
            for e in self.edges
            if node in (e.source, e.target)
        ]

    def undirected_edges(self) -> list[Edge]:
        return [e for e in self.edges if e.type != "directed"]

    @property
    def is_fully_directed(self) -> bool:
        return all(e.type == "directed" for e in self.edges)

    def is_acyclic(self) -> bool:
        import networkx as nx

        g = nx.DiGraph(self.directed_edges())
        g.add_nodes_from(self.nodes)
        return nx.is_directed_acyclic_graph(g)

    def find_cycle(self) -> list[str] | None:
        from graphlib import CycleError, TopologicalSorter

        directed = self.directed_edges()
        order = TopologicalSorter()
        for a, b in directed:
            order.add(b, a)
        try:
            # the standard library answers the common case (no cycle) without loading networkx
            order.prepare()
            return None
        except CycleError:
            pass
        import networkx as nx

        g = nx.DiGraph(directed)
        try:
            cycle = nx.find_cycle(g)
        except nx.NetworkXNoCycle:
            return None
        return [u for u, _ in cycle] + [cycle[0][0]]

    def require_dag(self) -> None:
        cycle = self.find_cycle()
        if cycle:
            raise GraphError(
                f"The graph has a cycle: {' -> '.join(cycle)}.",
                "remove or reverse one edge of the cycle",
            )

    def check_columns(self, columns: list[str], unobserved: str | None = None) -> None:
        """Every node must be a column of the data, except nodes whose name starts with the
        `unobserved` prefix (when given): those stand for variables nobody measured."""
        missing = [
            n
            for n in self.nodes
            if n not in columns and not (unobserved and n.startswith(unobserved))
        ]
        if missing:
            from copilot.errors import nearest_names

            near = {m: nearest_names(m, columns, 1) for m in missing}
            sugg = "; ".join(f"{m!r} -> {v[0]!r}?" for m, v in near.items() if v)
            latent = f", name an unmeasured variable {unobserved}<name>," if unobserved else ""
            raise GraphError(
                f"The graph names {len(missing)} node(s) the data lacks: {', '.join(map(repr, missing))}.",
                f"rename them to column names{(' (' + sugg + ')') if sugg else ''}{latent} "
                "or load the right data",
            )

    # conversions --------------------------------------------------------------------------
    def to_networkx(self):
        """A networkx DiGraph; non-directed edges are stored once with their `type` attribute."""
        import networkx as nx

        g = nx.DiGraph()
        g.add_nodes_from(self.nodes)
        for e in self.edges:
            g.add_edge(
                e.source,
                e.target,
                type=e.type,
                source_mark=e.source_mark,
                target_mark=e.target_mark,
                **({"confidence": e.confidence} if e.confidence is not None else {}),
            )
        g.graph["kind"] = self.kind
        return g

    @classmethod
    def from_networkx(cls, g: Any) -> CausalGraph:
        import networkx as nx

        if not isinstance(g, nx.DiGraph | nx.Graph):
            raise GraphError(
                f"Expected a networkx graph, got {type(g).__name__}.", "pass a networkx DiGraph"
            )
        directed = g.is_directed()
        edges = []
        for u, v, d in g.edges(data=True):
            etype = d.get("type") or ("directed" if directed else "undirected")
            if "source_mark" in d and "target_mark" in d:
                sm, tm = d["source_mark"], d["target_mark"]
            elif etype in _MARKS_OF:
                sm, tm = _MARKS_OF[etype]
            else:
                raise GraphError(
                    f"Unknown edge type {etype!r} on {u}-{v}.", f"use one of {', '.join(_MARKS_OF)}"
                )
            conf = d.get("confidence")
            edges.append(
                Edge(
                    source=str(u),
                    target=str(v),
                    source_mark=sm,
                    target_mark=tm,
                    confidence=None if conf is None else float(conf),
                )
            )
        kind = g.graph.get("kind", "graph") if hasattr(g, "graph") else "graph"
        return cls(
            nodes=[str(n) for n in g.nodes],
            edges=edges,
            kind=kind if kind in ("dag", "cpdag", "pag", "graph") else "graph",
        )

    def to_json(self) -> str:
        return json.dumps(
            {"kind": self.kind, "nodes": self.nodes, "edges": [e.to_dict() for e in self.edges]},
            indent=2,
        )

    @classmethod
    def from_json(cls, text: str | dict) -> CausalGraph:
        data = json.loads(text) if isinstance(text, str) else text
        if not isinstance(data, dict) or "edges" not in data:
            raise GraphError(
                "Graph JSON must be an object with 'nodes' and 'edges'.",
                'e.g. {"nodes": ["a", "b"], "edges": [{"source": "a", "target": "b", "type": "directed"}]}',
            )
        nodes = data.get("nodes")
        edges = []
        for e in data["edges"]:
            if isinstance(e, list | tuple):
                e = {"source": e[0], "target": e[1], "type": e[2] if len(e) > 2 else "directed"}
            if not isinstance(e, dict) or "source" not in e or "target" not in e:
                raise GraphError(
                    f"Malformed edge {e!r} in graph JSON.", "each edge needs 'source' and 'target'"
                )
            etype = e.get("type", "directed")
            if etype not in _MARKS_OF:
                raise GraphError(
                    f"Unknown edge type {etype!r}.", f"use one of {', '.join(_MARKS_OF)}"
                )
            sm, tm = _MARKS_OF[etype]
            edges.append(
                Edge(
                    source=str(e["source"]),
                    target=str(e["target"]),
                    source_mark=sm,
                    target_mark=tm,
                    confidence=e.get("confidence"),
                )
            )
        if nodes is None:
            nodes = list(dict.fromkeys([n for e in edges for n in (e.source, e.target)]))
        kind = data.get("kind", "graph")
        return cls(
            nodes=[str(n) for n in nodes],
            edges=edges,
            kind=kind if kind in ("dag", "cpdag", "pag", "graph") else "graph",
        )

    def to_dot(self) -> str:
        lines = ["digraph G {"]
        for n in self.nodes:
            lines.append(f"  {_dot_id(n)};")
        arrow = {"tail": "none", "arrow": "normal", "circle": "odot"}
        for e in self.edges:
            attrs = []
            if e.type != "directed":
                attrs.append(
                    f"dir=both, arrowtail={arrow[e.source_mark]}, arrowhead={arrow[e.target_mark]}"
                )
            if e.confidence is not None:
                attrs.append(f'label="{e.confidence:.2f}"')
            a = f" [{', '.join(attrs)}]" if attrs else ""
            lines.append(f"  {_dot_id(e.source)} -> {_dot_id(e.target)}{a};")
        lines.append("}")
        return "\n".join(lines) + "\n"

    @classmethod
    def from_dot(cls, text: str) -> CausalGraph:
        """Parse the DOT subset written by `to_dot` and common hand-written graphs.

        Supports `digraph {...}` and `graph {...}`, chains (`a -> b -> c`), quoted names,
        and `dir`/`arrowhead`/`arrowtail` attributes for non-directed edges.
        """
        body_match = re.search(r"\b(di)?graph\b[^{]*\{(.*)\}", text, re.S | re.I)
        if not body_match:
            raise GraphError(
                "Not a DOT graph: no 'digraph { ... }' block found.",
                "write e.g. 'digraph { a -> b; b -> c; }'",
            )
        directed_graph = bool(body_match.group(1))
        body = re.sub(r"//[^\n]*|#[^\n]*|/\*.*?\*/", "", body_match.group(2), flags=re.S)
        ident = r'(?:"(?:[^"\\]|\\.)*"|[A-Za-z0-9_.\-]+)'
        nodes: list[str] = []
        edges: list[Edge] = []
        marks = {
            "none": "tail",
            "normal": "arrow",
            "odot": "circle",
            "empty": "arrow",
            "vee": "arrow",
            "dot": "circle",
            "invodot": "circle",
        }

        def unq(s: str) -> str:
            s = s.strip()
            return s[1:-1].replace('\\"', '"') if s.startswith('"') else s

        for stmt in re.split(r";|\n", body):
            stmt = stmt.strip()
            if (
                not stmt
                or re.match(r"^(graph|node|edge)\s*\[", stmt)
                or re.match(r"^\w+\s*=", stmt)
            ):
                continue
            attr_text = ""
            m = re.search(r"\[(.*)\]\s*$", stmt, re.S)
            if m:
                attr_text = m.group(1)
                stmt = stmt[: m.start()].strip()
            attrs = dict(
                (k.lower(), unq(v)) for k, v in re.findall(rf"(\w+)\s*=\s*({ident})", attr_text)
            )
            parts = re.split(r"\s*(->|--)\s*", stmt)
            names = [unq(p) for p in parts[::2]]
            ops = parts[1::2]
            if any(not re.fullmatch(ident, p.strip()) for p in parts[::2]):
                raise GraphError(
                    f"Cannot parse DOT statement {stmt!r}.", "use 'a -> b;' statements"
                )
            for n in names:
                if n not in nodes:
                    nodes.append(n)
            for (a, b), op in zip(zip(names, names[1:], strict=False), ops, strict=True):
                if op == "--" or not directed_graph:
                    sm, tm = "tail", "tail"
                else:
                    sm, tm = "tail", "arrow"
                d = attrs.get("dir")
                if d == "both":
                    sm = marks.get(attrs.get("arrowtail", "normal"), "arrow")
                    tm = marks.get(attrs.get("arrowhead", "normal"), "arrow")
                elif d == "none":
                    sm, tm = "tail", "tail"
                elif d == "back":
                    sm, tm = "arrow", "tail"
                conf = attrs.get("confidence") or attrs.get("label")
                try:
                    conf_v = float(conf) if conf is not None else None
                except ValueError:
                    conf_v = None
                edges.append(
                    Edge(source=a, target=b, source_mark=sm, target_mark=tm, confidence=conf_v)
                )
        return cls(nodes=nodes, edges=edges)

    def to_gml(self) -> str:
        import networkx as nx

        g = self.to_networkx()
        return "\n".join(nx.generate_gml(g)) + "\n"

    @classmethod
    def from_gml(cls, text: str) -> CausalGraph:
        import networkx as nx

        try:
            g = nx.parse_gml(text, label="label")
        except (nx.NetworkXError, ValueError) as exc:
            raise GraphError(f"Cannot parse GML: {exc}.", "check the file is valid GML") from None
        return cls.from_networkx(g)

    # files --------------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write DOT, GML, JSON, PNG or SVG by extension."""
        p = Path(path)
        ext = p.suffix.lower()
        if ext in (".png", ".svg", ".pdf"):
            self.draw(p)
        elif ext in (".dot", ".gv"):
            p.write_text(self.to_dot())
        elif ext == ".gml":
            p.write_text(self.to_gml())
        elif ext == ".json":
            p.write_text(self.to_json())
        else:
            raise InputError(
                f"Unsupported graph file type {ext or '(none)'!r}.",
                "use .dot, .gml, .json, .png or .svg",
            )
        return p

    @classmethod
    def load(cls, path: str | Path) -> CausalGraph:
        """Read DOT, GML or JSON by extension."""
        p = Path(path).expanduser()
        if not p.is_file():
            raise GraphError(f"Graph file {p} does not exist.", "check the path")
        text = p.read_text()
        ext = p.suffix.lower()
        if ext in (".dot", ".gv"):
            return cls.from_dot(text)
        if ext == ".gml":
            return cls.from_gml(text)
        if ext == ".json":
            try:
                return cls.from_json(text)
            except json.JSONDecodeError as exc:
                raise GraphError(
                    f"Graph file {p.name} is not valid JSON: {exc.msg} (line {exc.lineno}).",
                    "fix the JSON",
                ) from None
        raise GraphError(
            f"Unsupported graph file type {ext or '(none)'!r}.", "use .dot, .gml or .json"
        )

    def draw(
        self,
        path: str | Path,
        title: str | None = None,
        roles: dict[str, str] | None = None,
        engine: str = "auto",
    ) -> Path:
        """A drawing (PNG, SVG or PDF) with a layered layout, a legend and, with `roles`, the
        treatment, outcome and adjustment set highlighted (see `copilot.tools.graph_draw`)."""
        from copilot.tools.graph_draw import draw_graph

        return draw_graph(self, path, title=title, roles=roles, engine=engine)  # type: ignore[arg-type]

    def edge_table(self) -> list[dict[str, Any]]:
        return [e.to_dict() for e in self.edges]

    def summary(self) -> str:
        directed = sum(e.type == "directed" for e in self.edges)
        bidirected = sum(e.type == "bidirected" for e in self.edges)
        other = len(self.edges) - directed - bidirected
        return (
            f"{len(self.nodes)} nodes, {len(self.edges)} edges ({directed} directed"
            f"{f', {bidirected} bidirected' if bidirected else ''}"
            f"{f', {other} not oriented' if other else ''})"
        )


def _dot_id(name: str) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return name
    return '"' + name.replace('"', '\\"') + '"'


class GraphMetrics(BaseModel):
    """Agreement of an estimated graph with the true one."""

    shd: int
    skeleton_precision: float
    skeleton_recall: float
    skeleton_f1: float
    arrowhead_precision: float
    arrowhead_recall: float


def compare_graphs(estimated: CausalGraph, truth: CausalGraph) -> GraphMetrics:
    """SHD (one per missing, extra or differently marked edge), skeleton and arrowhead scores.

    Nodes are matched by name; both graphs must have the same node set.
    """
    if set(estimated.nodes) != set(truth.nodes):
        raise GraphError(
            "The graphs have different nodes.", "compare graphs over the same variables"
        )
    est = {e.key: e for e in estimated.edges}
    tru = {e.key: e for e in truth.edges}
    shd = 0
    for k in set(est) | set(tru):
        if k not in est or k not in tru:
            shd += 1
        else:
            a, b = sorted(k)
            if (est[k].mark_at(a), est[k].mark_at(b)) != (tru[k].mark_at(a), tru[k].mark_at(b)):
                shd += 1
    tp = len(set(est) & set(tru))
    prec = tp / len(est) if est else 1.0
    rec = tp / len(tru) if tru else 1.0
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0

    def heads(g: dict[frozenset[str], Edge]) -> set[tuple[str, str]]:
        out = set()
        for e in g.values():
            if e.target_mark == "arrow":
                out.add((e.source, e.target))
            if e.source_mark == "arrow":
                out.add((e.target, e.source))
        return out

    he, ht = heads(est), heads(tru)
    hp = len(he & ht) / len(he) if he else 1.0
    hr = len(he & ht) / len(ht) if ht else 1.0
    return GraphMetrics(
        shd=shd,
        skeleton_precision=prec,
        skeleton_recall=rec,
        skeleton_f1=f1,
        arrowhead_precision=hp,
        arrowhead_recall=hr,
    )


def dag_to_cpdag(dag: CausalGraph) -> CausalGraph:
    """The CPDAG (Markov equivalence class) of a DAG: compelled edges stay directed."""
    from causallearn.graph.Dag import Dag
    from causallearn.graph.GraphNode import GraphNode
    from causallearn.utils.DAG2CPDAG import dag2cpdag

    dag.require_dag()
    nodes = [GraphNode(n) for n in dag.nodes]
    d = Dag(nodes)
    idx = {n: i for i, n in enumerate(dag.nodes)}
    for a, b in dag.directed_edges():
        d.add_directed_edge(nodes[idx[a]], nodes[idx[b]])
    cp = dag2cpdag(d)
    return CausalGraph.from_causallearn(cp, dag.nodes, kind="cpdag")
