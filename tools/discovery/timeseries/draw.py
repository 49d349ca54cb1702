"""Pictures of a time-series graph: the summary graph with each arrow labelled by its lags."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from copilot.tools.discovery.result import DiscoveryResult


def lag_groups(result: DiscoveryResult) -> dict[tuple[str, str, str], list[int]]:
    """(source, target, type) -> sorted lags; undirected lag-0 links keyed in name order."""
    groups: dict[tuple[str, str, str], list[int]] = {}
    for e in result.lagged_edges or []:
        groups.setdefault((e.source, e.target, e.type), []).append(e.lag)
    return {k: sorted(v) for k, v in groups.items()}


def lagged_dot(result: DiscoveryResult) -> str:
    """Graphviz DOT: one arrow per direction, labelled with its lags (0 = same step)."""
    from copilot.tools.graph import _dot_id

    lines = ["digraph G {", '  label="lags on arrows; 0 = same time step";']
    for n in result.nodes:
        lines.append(f"  {_dot_id(n)};")
    for (a, b, kind), lags in lag_groups(result).items():
        attrs = [f'label="{",".join(map(str, lags))}"']
        if kind == "undirected":
            attrs.append("dir=none")
        lines.append(f"  {_dot_id(a)} -> {_dot_id(b)} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def draw_lagged(result: DiscoveryResult, path: str | Path) -> Path:
    """PNG/SVG/PDF of the summary graph: the layered drawing of `CausalGraph.draw`, each arrow
    labelled with its lags, each series' own lags under its name."""
    from copilot.tools.graph_draw import Drawing, DrawnEdge, draw_graph

    edges, notes = [], {}
    for (a, b, kind), lags in lag_groups(result).items():
        text = ",".join(map(str, lags))
        if a == b:
            notes[a] = f"own past: lag {text}"
            continue
        undirected = kind == "undirected"
        edges.append(
            DrawnEdge(
                a,
                b,
                "undirected" if undirected else "directed",
                "tail",
                "tail" if undirected else "arrow",
                f"lag {text}",
            )
        )
    drawing = Drawing(
        list(result.nodes),
        edges,
        notes=notes,
        label_meaning="lag: how many time steps the cause precedes the effect (0 = same step)",
    )
    title = f"{result.dataset}: {result.method()}" if result.dataset else result.method()
    return draw_graph(drawing, path, title=title)
