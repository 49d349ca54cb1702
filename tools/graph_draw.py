"""Drawings of a `CausalGraph`: a layered layout, boxes sized to their labels, a legend.

The layout comes from Graphviz `dot` when its binary is installed, else from grandalf's
Sugiyama layout (pure Python; the same layered method `dot` uses): causes above effects, long
edges routed through the gaps between nodes, crossings reduced. matplotlib draws both, so the
figure looks the same either way. Coordinates are in points (1/72 inch), the unit text is
measured in, so a box always holds its label.

Every drawn element carries a gid ("node:NAME", "label:NAME", "edge:A->B", "conf:A->B"), which
SVG output keeps as element ids and tests use to check the figure.
"""

from __future__ import annotations

import math
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from copilot.tools.graph import CausalGraph

Engine = Literal["auto", "dot", "sugiyama"]
Role = Literal["treatment", "outcome", "adjusted", "mediator", "instrument"]

FONT_SIZE = 10.0
CONF_SIZE = 7.5
PAD_X, PAD_Y = 8.0, 6.0
X_SPACE, Y_SPACE = 28.0, 54.0  # the vertical gap holds confidence labels
MARGIN = 12.0
NODE_FILL, NODE_EDGE = "#dbe9f6", "#1f4e79"
ROLE_STYLE: dict[str, tuple[str, str, str]] = {
    # role: (fill, border, legend text)
    "treatment": ("#f6b26b", "#9c4a00", "treatment"),
    "outcome": ("#93c47d", "#275e12", "outcome"),
    "adjusted": ("#fff2a8", "#8a7400", "adjusted for"),
    "mediator": ("#d5c4f2", "#5b3c99", "mediator"),
    "instrument": ("#c9e9f0", "#1b6b7d", "instrument"),
}
EDGE_STYLE: dict[str, tuple[str, str, str]] = {
    # edge type: (colour, line style, legend text)
    "directed": ("#1f4e79", "-", "directed: cause \u2192 effect"),
    "undirected": ("#6f6f6f", "--", "undirected: direction unknown"),
    "bidirected": ("#b03a2e", ":", "bidirected: hidden common cause"),
    "partially_directed": ("#7a5c1e", "-.", "o\u2192: arrow or hidden cause"),
    "nondirected": ("#7a5c1e", "-.", "o-o: undecided"),
    "partially_undirected": ("#7a5c1e", "-.", "o-: undecided"),
}


@dataclass
class Box:
    """A node: its centre, size and label lines, in points."""

    name: str
    lines: list[str]
    w: float
    h: float
    x: float = 0.0
    y: float = 0.0

    def extent(self) -> tuple[float, float, float, float]:
        return (self.x - self.w / 2, self.y - self.h / 2, self.x + self.w / 2, self.y + self.h / 2)


@dataclass
class DrawnEdge:
    """One line to draw: its ends, its kind (a key of EDGE_STYLE), end marks, label."""

    source: str
    target: str
    type: str = "directed"
    source_mark: str = "tail"
    target_mark: str = "arrow"
    label: str | None = None


@dataclass
class Drawing:
    """What to draw: nodes, edges (two may join the same pair), an extra line under some
    names, and what the edge labels mean (for the legend)."""

    nodes: list[str]
    edges: list[DrawnEdge]
    notes: dict[str, str] = field(default_factory=dict)
    label_meaning: str | None = None

    @classmethod
    def of(cls, graph: CausalGraph) -> Drawing:
        """A causal graph, its edges labelled with their bootstrap share when known."""
        return cls(
            list(graph.nodes),
            [
                DrawnEdge(
                    e.source,
                    e.target,
                    e.type,
                    e.source_mark,
                    e.target_mark,
                    None if e.confidence is None else f"{e.confidence:.2f}",
                )
                for e in graph.edges
            ],
            label_meaning="numbers: share of bootstrap graphs with the edge",
        )


@dataclass
class Layout:
    """Node boxes and each edge's route (by its index in the drawing); y grows upwards."""

    boxes: dict[str, Box]
    routes: list[list[tuple[float, float]]]
    engine: str
    bezier: bool = False  # dot's routes are cubic Bezier control points


def dot_available() -> bool:
    return shutil.which("dot") is not None


def label_lines(name: str, width: int = 16) -> list[str]:
    """A long name split after spaces or underscores into lines of about `width` characters
    (a part longer than that is cut)."""
    if len(name) <= width:
        return [name]
    lines: list[str] = [""]
    for part in re.split(r"(?<=[_ ])", name):
        while len(part) > width:
            if lines[-1]:
                lines.append("")
            lines[-1], part = part[:width], part[width:]
            lines.append("")
        if lines[-1] and len(lines[-1]) + len(part) > width:
            lines.append("")
        lines[-1] += part
    return [ln.strip() for ln in lines if ln.strip()] or [name]


def text_size(text: str, size: float) -> tuple[float, float]:
    """Width and height of one line of text in points, as matplotlib renders it."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    w, h, _ = TextToPath().get_text_width_height_descent(
        text or " ", FontProperties(size=size), ismath=False
    )
    return float(w), float(h)


def _boxes(drawing: Drawing) -> dict[str, Box]:
    line_h = FONT_SIZE * 1.25
    out = {}
    for n in drawing.nodes:
        lines = label_lines(n) + ([drawing.notes[n]] if drawing.notes.get(n) else [])
        w = max(text_size(ln, FONT_SIZE)[0] for ln in lines) + 2 * PAD_X
        out[n] = Box(n, lines, max(w, 36.0), len(lines) * line_h + 2 * PAD_Y)
    return out


def layout(drawing: Drawing, engine: Engine = "auto") -> Layout:
    """Place the nodes and route the edges with `dot` (when installed) or grandalf."""
    boxes = _boxes(drawing)
    if engine == "dot" or (engine == "auto" and dot_available()):
        return _dot_layout(drawing, boxes)
    return _sugiyama_layout(drawing, boxes)


def _sugiyama_layout(graph: Drawing, boxes: dict[str, Box]) -> Layout:
    from grandalf.graphs import Edge as GEdge
    from grandalf.graphs import Graph as GGraph
    from grandalf.graphs import Vertex
    from grandalf.layouts import SugiyamaLayout

    class View:
        def __init__(self, w: float, h: float):
            self.w, self.h, self.xy = w, h, (0.0, 0.0)

    class EdgeView:
        def setpath(self, pts: list[tuple[float, float]]) -> None:
            self.pts = pts

    verts = {n: Vertex(n) for n in graph.nodes}
    for n, v in verts.items():
        v.view = View(boxes[n].w, boxes[n].h)
    gedges = []
    for e in graph.edges:
        ge = GEdge(verts[e.source], verts[e.target])
        ge.view = EdgeView()
        gedges.append(ge)
    g = GGraph(list(verts.values()), gedges)
    # components side by side (largest first); lone nodes in rows beneath them
    comps = sorted(g.C, key=lambda c: -c.order())
    placed: list[tuple[list[Any], float, float, float, float]] = []
    for comp in comps:
        if comp.order() == 1:
            continue
        sug = SugiyamaLayout(comp)
        sug.xspace, sug.yspace = X_SPACE, Y_SPACE
        roots = [v for v in comp.sV if len(v.e_in()) == 0]
        sug.init_all(roots=roots or None, optimize=True)
        sug.draw(N=6)
        vs = list(comp.sV)
        xs = [v.view.xy[0] - v.view.w / 2 for v in vs] + [v.view.xy[0] + v.view.w / 2 for v in vs]
        ys = [v.view.xy[1] - v.view.h / 2 for v in vs] + [v.view.xy[1] + v.view.h / 2 for v in vs]
        placed.append((vs, min(xs), max(xs), min(ys), max(ys)))
    routes: list[list[tuple[float, float]]] = []
    x_off = 0.0
    shift: dict[str, tuple[float, float]] = {}
    height = 0.0
    for vs, x0, x1, y0, y1 in placed:
        for v in vs:
            shift[v.data] = (x_off - x0, -y0)
        x_off += (x1 - x0) + 2 * X_SPACE
        height = max(height, y1 - y0)
    for n, v in verts.items():
        if n in shift:
            dx, dy = shift[n]
            boxes[n].x, boxes[n].y = v.view.xy[0] + dx, -(v.view.xy[1] + dy)
    # lone nodes: rows under the drawing, no wider than it (or six nodes)
    lone = [n for n in graph.nodes if n not in shift]
    if lone:
        row_w = max(x_off - 2 * X_SPACE, sum(sorted(b.w for b in boxes.values())[-6:]))
        x, y = 0.0, -(height + (Y_SPACE if placed else 0))
        row_h = max(boxes[n].h for n in lone)
        for n in lone:
            b = boxes[n]
            if x > 0 and x + b.w > row_w:
                x, y = 0.0, y - row_h - X_SPACE
            b.x, b.y = x + b.w / 2, y - row_h / 2
            x += b.w + X_SPACE
    band: dict[float, float] = {}  # half height of each layer's row of boxes
    for n in shift:
        key = round(boxes[n].y, 3)
        band[key] = max(band.get(key, 0.0), boxes[n].h / 2 + 4)
    pairs: dict[frozenset[str], list[int]] = {}
    for i, e in enumerate(graph.edges):
        pairs.setdefault(frozenset((e.source, e.target)), []).append(i)
    for i, (ge, e) in enumerate(zip(gedges, graph.edges, strict=True)):
        pts = getattr(ge.view, "pts", None) or [verts[e.source].view.xy, verts[e.target].view.xy]
        dx, dy = shift[e.source]
        same = pairs[frozenset((e.source, e.target))]
        # two edges between one pair run side by side, not on top of each other
        dx += (same.index(i) - (len(same) - 1) / 2) * 10.0
        path = [(px + dx, -(py + dy)) for px, py in pts]
        if ge.v[0].data != e.source:  # grandalf reversed the edge to break a cycle
            path.reverse()
        path = _vertical_in_rows(path, band)
        routes.append(_clip_route(path, boxes[e.source], boxes[e.target]))
    return Layout(boxes, routes, "sugiyama")


def _vertical_in_rows(
    path: list[tuple[float, float]], band: dict[float, float]
) -> list[tuple[float, float]]:
    """The route with a vertical stretch through each row it passes: slanted only in the gaps
    between rows, it cannot cut through a neighbouring box."""
    out = [path[0]]
    for p, q in zip(path, path[1:], strict=False):
        sign = -1.0 if q[1] < p[1] else 1.0
        out.append((p[0], p[1] + sign * band.get(round(p[1], 3), 0.0)))
        out.append((q[0], q[1] - sign * band.get(round(q[1], 3), 0.0)))
        out.append(q)
    return out


def _dot_layout(graph: Drawing, boxes: dict[str, Box]) -> Layout:
    import shlex

    import graphviz

    src = graphviz.Digraph(
        graph_attr={
            "rankdir": "TB",
            "nodesep": f"{X_SPACE / 72:.3f}",
            "ranksep": f"{Y_SPACE / 72:.3f}",
        },
        node_attr={"shape": "box", "fixedsize": "true", "label": ""},
        # no arrowheads in the layout: the routes then end on the boxes, where ours are drawn
        edge_attr={"dir": "none"},
    )
    ids = {n: f"n{i}" for i, n in enumerate(graph.nodes)}
    for n, b in boxes.items():
        src.node(ids[n], width=f"{b.w / 72:.3f}", height=f"{b.h / 72:.3f}")
    for e in graph.edges:
        src.edge(ids[e.source], ids[e.target])
    plain = src.pipe(format="plain", engine="dot").decode("utf-8")
    by_id = {v: k for k, v in ids.items()}
    pending: dict[tuple[str, str], list[list[tuple[float, float]]]] = {}
    for line in plain.splitlines():
        parts = shlex.split(line)
        if not parts:
            continue
        if parts[0] == "node":
            b = boxes[by_id[parts[1]]]
            b.x, b.y = float(parts[2]) * 72, float(parts[3]) * 72
        elif parts[0] == "edge":
            k = int(parts[3])
            pts = [(float(parts[4 + 2 * i]) * 72, float(parts[5 + 2 * i]) * 72) for i in range(k)]
            pending.setdefault((by_id[parts[1]], by_id[parts[2]]), []).append(pts)
    routes = [pending[(e.source, e.target)].pop(0) for e in graph.edges]
    return Layout(boxes, routes, "dot", bezier=True)


def _clip_route(
    pts: list[tuple[float, float]], a: Box, b: Box, gap: float = 2.0
) -> list[tuple[float, float]]:
    """The route from the border of box `a` to the border of box `b` (not their centres)."""
    if len(pts) < 2:
        return pts
    pts = list(pts)
    pts[0] = _border_point(a, pts[1], gap)
    pts[-1] = _border_point(b, pts[-2], gap)
    return pts


def _border_point(box: Box, toward: tuple[float, float], gap: float) -> tuple[float, float]:
    dx, dy = toward[0] - box.x, toward[1] - box.y
    if dx == 0 and dy == 0:
        return box.x, box.y
    hw, hh = box.w / 2 + gap, box.h / 2 + gap
    t = min(hw / abs(dx) if dx else math.inf, hh / abs(dy) if dy else math.inf)
    return box.x + dx * t, box.y + dy * t


def _label_spot(
    route: list[tuple[float, float]],
    size: tuple[float, float],
    boxes: list[tuple[float, float, float, float]],
    labels: list[tuple[float, float, float, float]],
) -> tuple[float, float, float, float]:
    """Where an edge's confidence label goes: near the middle of its route, clear of the node
    boxes (first) and of other labels where possible."""
    w, h = size
    best, best_cost = None, math.inf
    for frac in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        cx, cy = point_along(route, frac)
        ext = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
        cost = 10 * sum(_overlap(ext, o) for o in boxes) + sum(_overlap(ext, o) for o in labels)
        if cost < best_cost:
            best, best_cost = ext, cost
        if cost == 0:
            break
    return best  # type: ignore[return-value]


def point_along(route: list[tuple[float, float]], frac: float) -> tuple[float, float]:
    """The point at `frac` of a polyline's length."""
    lengths = [math.dist(a, b) for a, b in zip(route, route[1:], strict=False)]
    goal = frac * sum(lengths)
    for (a, b), seg in zip(zip(route, route[1:], strict=False), lengths, strict=True):
        if goal <= seg and seg > 0:
            t = goal / seg
            return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        goal -= seg
    return route[-1]


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def render(
    graph: CausalGraph | Drawing,
    title: str | None = None,
    roles: dict[str, str] | None = None,
    engine: Engine = "auto",
) -> Any:
    """The matplotlib Figure of `graph`; `roles` maps nodes to treatment, outcome, adjusted,
    mediator or instrument, which are filled in their colour and named in the legend."""
    if not isinstance(graph, Drawing):
        graph = Drawing.of(graph)
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Patch
    from matplotlib.path import Path as MPath

    roles = {n: r for n, r in (roles or {}).items() if n in graph.nodes and r in ROLE_STYLE}
    lay = layout(graph, engine)
    boxes = lay.boxes
    node_ext = [b.extent() for b in boxes.values()]
    conf_ext: dict[int, tuple[float, float, float, float]] = {}
    for i, e in enumerate(graph.edges):
        if e.label:
            w, h = text_size(e.label, CONF_SIZE)
            ext = _label_spot(
                route_points(lay, i), (w + 4, h + 4), node_ext, list(conf_ext.values())
            )
            conf_ext[i] = ext
    taken = node_ext + list(conf_ext.values())
    routed = [p for i in range(len(graph.edges)) for p in route_points(lay, i)]
    xs = [v for ext in taken for v in (ext[0], ext[2])] + [p[0] for p in routed]
    ys = [v for ext in taken for v in (ext[1], ext[3])] + [p[1] for p in routed]
    x0, x1 = min(xs) - MARGIN, max(xs) + MARGIN
    y0, y1 = min(ys) - MARGIN, max(ys) + MARGIN
    fig = Figure(figsize=(max(x1 - x0, 144) / 72, max(y1 - y0, 72) / 72), dpi=120)
    FigureCanvasAgg(fig)  # a canvas of its own: no pyplot state, safe in threads
    ax = fig.add_axes((0, 0, 1, 1))
    cx = (x0 + x1) / 2
    half_w = max(x1 - x0, 144) / 2
    cy = (y0 + y1) / 2
    half_h = max(y1 - y0, 72) / 2
    ax.set_xlim(cx - half_w, cx + half_w)
    ax.set_ylim(cy - half_h, cy + half_h)
    ax.set_axis_off()
    for i, e in enumerate(graph.edges):
        colour, style, _ = EDGE_STYLE[e.type]
        route = lay.routes[i]
        path = _path(route, lay.bezier, MPath)
        head = "-|>" if e.target_mark == "arrow" else "-"
        arrow = {("arrow", "-|>"): "<|-|>", ("arrow", "-"): "<|-"}.get((e.source_mark, head), head)
        patch = FancyArrowPatch(
            path=path,
            arrowstyle=arrow,
            mutation_scale=12,
            color=colour,
            lw=1.4,
            linestyle=style,
            shrinkA=0,
            shrinkB=0,
            zorder=2,
        )
        patch.set_gid(f"edge:{e.source}->{e.target}")
        ax.add_patch(patch)
        for end, mark, nxt in (
            (route[0], e.source_mark, route[1]),
            (route[-1], e.target_mark, route[-2]),
        ):
            if mark == "circle":
                d = math.dist(end, nxt) or 1.0
                px = end[0] + (nxt[0] - end[0]) * 4 / d
                py = end[1] + (nxt[1] - end[1]) * 4 / d
                ax.plot([px], [py], "o", mfc="white", mec=colour, ms=6, zorder=3)
        ext = conf_ext.get(i)
        if ext is not None:
            t = ax.text(
                (ext[0] + ext[2]) / 2,
                (ext[1] + ext[3]) / 2,
                e.label,
                fontsize=CONF_SIZE,
                ha="center",
                va="center",
                color=colour,
                zorder=5,
                bbox={"fc": "white", "ec": "none", "pad": 1.0, "alpha": 0.9},
                parse_math=False,
            )
            t.set_gid(f"conf:{e.source}->{e.target}")
    for n, b in boxes.items():
        fill, border, _ = ROLE_STYLE.get(roles.get(n, ""), (NODE_FILL, NODE_EDGE, ""))
        box = FancyBboxPatch(
            (b.x - b.w / 2, b.y - b.h / 2),
            b.w,
            b.h,
            boxstyle="round,pad=0,rounding_size=6",
            fc=fill,
            ec=border,
            lw=2.2 if n in roles else 1.2,
            zorder=4,
        )
        box.set_gid(f"node:{n}")
        ax.add_patch(box)
        t = ax.text(
            b.x,
            b.y,
            "\n".join(b.lines),
            fontsize=FONT_SIZE,
            ha="center",
            va="center",
            linespacing=1.1,
            zorder=6,
            parse_math=False,  # a "$" in a column name is text
            fontweight="bold" if roles.get(n) in ("treatment", "outcome") else "normal",
        )
        t.set_gid(f"label:{n}")
    handles: list[Any] = []
    for etype in EDGE_STYLE:
        if any(e.type == etype for e in graph.edges):
            colour, style, text = EDGE_STYLE[etype]
            handles.append(Line2D([], [], color=colour, linestyle=style, lw=1.6, label=text))
    for role, (fill, border, text) in ROLE_STYLE.items():
        if role in roles.values():
            handles.append(Patch(fc=fill, ec=border, label=text))
    if graph.label_meaning and any(e.label for e in graph.edges):
        handles.append(Line2D([], [], ls="none", label=graph.label_meaning))
    if handles:
        leg = ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(0, 0),
            fontsize=8,
            frameon=False,
            ncol=2 if len(handles) > 3 else 1,
        )
        leg.set_gid("legend")
    if title:
        ax.set_title(title, fontsize=11)
    fig.graph_layout = lay  # type: ignore[attr-defined]
    return fig


def _path(route: list[tuple[float, float]], bezier: bool, MPath: Any) -> Any:
    if bezier and len(route) >= 4 and (len(route) - 1) % 3 == 0:
        codes = [MPath.MOVETO] + [MPath.CURVE4] * (len(route) - 1)
        return MPath(route, codes)
    if len(route) <= 2:
        return MPath(route, [MPath.MOVETO, MPath.LINETO][: len(route)])
    # a smooth curve through the bends: straight to the first midpoint, quadratic curves with
    # each bend as control point, straight from the last midpoint
    verts = [route[0]]
    codes = [MPath.MOVETO]
    mids = [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in zip(route, route[1:], strict=False)]
    verts.append(mids[0])
    codes.append(MPath.LINETO)
    for bend, mid in zip(route[1:-1], mids[1:], strict=True):
        verts += [bend, mid]
        codes += [MPath.CURVE3, MPath.CURVE3]
    verts.append(route[-1])
    codes.append(MPath.LINETO)
    return MPath(verts, codes)


def route_points(lay: Layout, index: int) -> list[tuple[float, float]]:
    """An edge's route (by its index) as a polyline: the drawn curve, sampled."""
    from matplotlib.path import Path as MPath

    route = lay.routes[index]
    if lay.bezier:
        return _bezier_points(route)
    out = [route[0]]
    for curve, _ in _path(route, False, MPath).iter_bezier():
        out += [tuple(map(float, curve.point_at_t(k / 8))) for k in range(1, 9)]
    return out


def _bezier_points(route: list[tuple[float, float]], steps: int = 8) -> list[tuple[float, float]]:
    """Points along a piecewise cubic Bezier (dot's edge format)."""
    out = [route[0]]
    for k in range(0, len(route) - 3, 3):
        p0, p1, p2, p3 = route[k : k + 4]
        for s in range(1, steps + 1):
            t = s / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t**3
            out.append(
                (
                    a * p0[0] + b * p1[0] + c * p2[0] + d * p3[0],
                    a * p0[1] + b * p1[1] + c * p2[1] + d * p3[1],
                )
            )
    return out


def draw_graph(
    graph: CausalGraph | Drawing,
    path: str | Path,
    title: str | None = None,
    roles: dict[str, str] | None = None,
    engine: Engine = "auto",
) -> Path:
    """Write the drawing of `graph` to `path` (PNG, SVG or PDF by extension)."""
    fig = render(graph, title=title, roles=roles, engine=engine)
    p = Path(path)
    # the legend sits under the drawing: a tight box keeps it and every border node whole
    # big graphs keep their layout (text in points) at a lower resolution: at most ~6000 px
    dpi = max(40.0, min(120.0, 6000.0 / max(fig.get_size_inches())))
    fig.savefig(p, dpi=dpi, bbox_inches="tight", pad_inches=0.1, metadata=_metadata(p))
    return p


def _metadata(p: Path) -> dict[str, Any] | None:
    # reproducible files: no creation date in SVG and PDF
    if p.suffix.lower() == ".svg":
        return {"Date": None}
    if p.suffix.lower() == ".pdf":
        return {"CreationDate": None}
    return None
