"""A causal graph drawn with box characters: causes above effects, one row of nodes per layer.

Pure text (a `rich.text.Text`), so it reads in any terminal and is tested without an app.
The layout is the usual layered one: longest-path layers, long edges split by invisible
waypoints so that they never run through a node, rows ordered by the mean position of the
row above. Each edge segment runs down from its upper node, along a channel line of its own,
and into its lower node; the end marks of PAG notation are drawn where the edge meets a node:
`▼`/`▲` an arrowhead, `o` a circle, a plain line a tail.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

UP, DOWN, LEFT, RIGHT = 1, 2, 4, 8
_BOX = {
    UP | DOWN: "│",
    LEFT | RIGHT: "─",
    DOWN | RIGHT: "┌",
    DOWN | LEFT: "┐",
    UP | RIGHT: "└",
    UP | LEFT: "┘",
    UP | DOWN | RIGHT: "├",
    UP | DOWN | LEFT: "┤",
    DOWN | LEFT | RIGHT: "┬",
    UP | LEFT | RIGHT: "┴",
    UP | DOWN | LEFT | RIGHT: "┼",
    UP: "│",
    DOWN: "│",
    LEFT: "─",
    RIGHT: "─",
}
EDGE_STYLE = {"directed": "bold cyan", "bidirected": "bold red", "undirected": "yellow"}
NODE_STYLE = "bold reverse"
GAP = 3
_MARK_UP = {"arrow": "▲", "circle": "o"}
_MARK_DOWN = {"arrow": "▼", "circle": "o"}


@dataclass(frozen=True)
class TextEdge:
    """One edge to draw: marks are "tail", "arrow" or "circle" at each end."""

    source: str
    target: str
    source_mark: str = "tail"
    target_mark: str = "arrow"
    type: str = "directed"


@dataclass(frozen=True)
class _Segment:
    upper: str
    lower: str
    top_mark: str
    bottom_mark: str
    style: str


def _orient(nodes: list[str], edges: list[TextEdge]) -> list[TextEdge]:
    """Edges pointing down the layout: reversed (marks swapped) where keeping them would close a
    cycle. Reversing never closes one: a path target ~> source means no path source ~> target."""
    succ: dict[str, set[str]] = {n: set() for n in nodes}

    def reaches(a: str, b: str) -> bool:
        stack, seen = [a], set()
        while stack:
            x = stack.pop()
            if x == b:
                return True
            if x not in seen:
                seen.add(x)
                stack.extend(succ[x])
        return False

    out = []
    for e in edges:
        if reaches(e.target, e.source):
            e = TextEdge(e.target, e.source, e.target_mark, e.source_mark, e.type)
        succ[e.source].add(e.target)
        out.append(e)
    return out


def layout(nodes: list[str], edges: list[TextEdge]) -> tuple[list[list[str]], list[_Segment]]:
    """Rows of node names (waypoints start with a NUL) and the segments between adjacent rows."""
    oriented = _orient(nodes, edges)
    preds: dict[str, list[str]] = {n: [] for n in nodes}
    for e in oriented:
        preds[e.target].append(e.source)
    depth: dict[str, int] = {}

    def level(n: str) -> int:
        if n not in depth:
            depth[n] = 1 + max((level(p) for p in preds[n]), default=-1)
        return depth[n]

    for n in nodes:
        level(n)
    rows: list[list[str]] = [[] for _ in range(max(depth.values()) + 1)]
    for n in nodes:
        rows[depth[n]].append(n)
    segments: list[_Segment] = []
    for i, e in enumerate(oriented):
        style = EDGE_STYLE.get(e.type, "magenta")
        chain = [e.source]
        for r in range(depth[e.source] + 1, depth[e.target]):
            waypoint = f"\0{i}:{r}"
            rows[r].append(waypoint)
            chain.append(waypoint)
        chain.append(e.target)
        for k, (a, b) in enumerate(zip(chain, chain[1:], strict=False)):
            top = e.source_mark if k == 0 else "tail"
            bottom = e.target_mark if k == len(chain) - 2 else "tail"
            segments.append(_Segment(a, b, top, bottom, style))
    pos: dict[str, float] = {}
    for r, row in enumerate(rows):
        if r:

            def bary(n: str, row: list[str] = row) -> float:
                ps = [pos[s.upper] for s in segments if s.lower == n]
                return sum(ps) / len(ps) if ps else float(row.index(n))

            row.sort(key=bary)
        for i, n in enumerate(row):
            pos[n] = i
    return rows, segments


def draw_graph(nodes: list[str], edges: list[TextEdge]) -> Text:
    """The graph as styled text; an empty graph says so."""
    if not nodes:
        return Text("(empty graph)", style="dim")
    rows, segments = layout(nodes, edges)

    def label(n: str) -> str:
        # At least three attachment columns per node, so edges meeting it stay apart.
        return "│" if n.startswith("\0") else f" {n:^3} "

    widths = [sum(len(label(n)) for n in row) + GAP * (len(row) - 1) for row in rows]
    width = max(widths)
    x0: dict[str, int] = {}
    for row, w in zip(rows, widths, strict=True):
        x = (width - w) // 2
        for n in row:
            x0[n] = x
            x += len(label(n)) + GAP
    centre = {n: x0[n] + len(label(n)) // 2 for n in x0}

    def ports(n: str, k: int) -> list[int]:
        """k attachment columns spread along the label of n (its centre when k == 1)."""
        inner = len(label(n)) - 2
        if k <= 1 or inner < 2:
            return [centre[n]] * k
        return [x0[n] + 1 + round(j * (inner - 1) / (k - 1)) for j in range(k)]

    row_of = {n: r for r, row in enumerate(rows) for n in row}
    out_port: dict[int, int] = {}
    in_port: dict[int, int] = {}
    for n in x0:
        outs = sorted(
            (i for i, s in enumerate(segments) if s.upper == n),
            key=lambda i: centre[segments[i].lower],
        )
        ins = sorted(
            (i for i, s in enumerate(segments) if s.lower == n),
            key=lambda i: centre[segments[i].upper],
        )
        out_port.update(zip(outs, ports(n, len(outs)), strict=True))
        in_port.update(zip(ins, ports(n, len(ins)), strict=True))
    leaving: list[list[int]] = [[] for _ in rows]
    for i, s in enumerate(segments):
        leaving[row_of[s.upper]].append(i)
    for group in leaving:
        # Left-going segments take the upper channels, right-going the lower ones: fewer crossings.
        group.sort(
            key=lambda i: (
                in_port[i] - out_port[i] >= 0,
                out_port[i] if in_port[i] < out_port[i] else -out_port[i],
            )
        )
    node_y: list[int] = []
    y = 0
    for r in range(len(rows)):
        node_y.append(y)
        y += 1 + len(leaving[r]) + 2 if r < len(rows) - 1 else 1
    height = y
    dirs = [[0] * width for _ in range(height)]
    styles: list[list[str]] = [[""] * width for _ in range(height)]
    marks: dict[tuple[int, int], tuple[str, str]] = {}

    def put(yy: int, xx: int, d: int, style: str) -> None:
        dirs[yy][xx] |= d
        styles[yy][xx] = styles[yy][xx] or style

    for r, group in enumerate(leaving):
        for k, i in enumerate(group):
            s = segments[i]
            sx, tx = out_port[i], in_port[i]
            top, channel, bottom = node_y[r] + 1, node_y[r] + 2 + k, node_y[r + 1] - 1
            for yy in range(top, channel):
                put(yy, sx, UP | DOWN, s.style)
            put(channel, sx, UP, s.style)
            if sx != tx:
                step = 1 if tx > sx else -1
                put(channel, sx, RIGHT if step > 0 else LEFT, s.style)
                for xx in range(sx + step, tx, step):
                    put(channel, xx, LEFT | RIGHT, s.style)
                put(channel, tx, LEFT if step > 0 else RIGHT, s.style)
            put(channel, tx, DOWN, s.style)
            for yy in range(channel + 1, bottom + 1):
                put(yy, tx, UP | DOWN, s.style)
            if s.top_mark in _MARK_UP:
                marks[(top, sx)] = (_MARK_UP[s.top_mark], s.style)
            if s.bottom_mark in _MARK_DOWN:
                marks[(bottom, tx)] = (_MARK_DOWN[s.bottom_mark], s.style)
    waypoint_style = {s.lower: s.style for s in segments}
    text = Text(no_wrap=True, overflow="crop")
    for yy in range(height):
        node_at = {x0[n]: n for n in rows[node_y.index(yy)]} if yy in node_y else {}
        xx = 0
        while xx < width:
            if xx in node_at:
                n = node_at[xx]
                text.append(
                    label(n), style=waypoint_style.get(n, "") if n.startswith("\0") else NODE_STYLE
                )
                xx += len(label(n))
                continue
            mark, mark_style = marks.get((yy, xx), ("", ""))
            if mark:
                text.append(mark, style=mark_style)
            elif dirs[yy][xx]:
                text.append(_BOX[dirs[yy][xx]], style=styles[yy][xx])
            else:
                text.append(" ")
            xx += 1
        if yy < height - 1:
            text.append("\n")
    text.rstrip()
    return text
