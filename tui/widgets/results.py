"""Result views built from a tool's JSON result: graph, effect estimate, heatmap, table.

Results arrive as the JSON dicts of `ToolFinished.result`, one shape per tool (and user tools
bring their own); every reader here checks the shape it needs and returns None when it is
absent, so an unknown result shows its summary only and never breaks the chat.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import ScrollableContainer, Vertical
from textual.widgets import DataTable, Static

from copilot.tui.widgets.graph_text import TextEdge, draw_graph
from copilot.tui.widgets.heatmap_text import draw_heatmap

MAX_TABLE_ROWS = 200
_GRID_KEYS = (
    "effects",
    "scores",
    "grid",
    "values",
    "heatmap",
    "heads",
    "estimates",
    "induction",
    "previous_token",
    "duplicate_token",
    "attention_sink",
    "gate_mean",
    "resid",
)
_VALUE_FIELDS = ("effect", "recovery", "score", "value")


# readers ----------------------------------------------------------------------------------------
def read_graph(result: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]] | None:
    """(nodes, edge dicts with source, target, type, confidence) of a discovery result."""
    g = result.get("graph") if isinstance(result.get("graph"), dict) else None
    if g is None and isinstance(result.get("edges"), list) and "nodes" in result:
        g = result
    if g is None or not isinstance(g.get("edges"), list):
        return None
    if g["edges"] and all(isinstance(e, dict) and "lag" in e for e in g["edges"]):
        return read_lagged_graph(g)
    from copilot.errors import CopilotError
    from copilot.tools.graph import CausalGraph, Edge

    try:
        if all(isinstance(e, dict) and "source_mark" in e for e in g["edges"]):
            # A dumped CausalGraph: the end marks are the edge type.
            graph = CausalGraph(
                nodes=[str(n) for n in g.get("nodes") or []],
                edges=[Edge.model_validate(e) for e in g["edges"]],
            )
        else:
            graph = CausalGraph.from_json(g)
    except (CopilotError, ValueError):
        return None
    return list(graph.nodes), [
        {
            "source": e.source,
            "target": e.target,
            "type": e.type,
            "source_mark": e.source_mark,
            "target_mark": e.target_mark,
            "confidence": e.confidence,
        }
        for e in graph.edges
    ]


def read_lagged_graph(g: dict[str, Any]) -> tuple[list[str], list[dict[str, Any]]] | None:
    """A time-series result: its summary graph, each edge with the lags it folds ("1,2")."""
    from copilot.errors import CopilotError
    from copilot.tools.discovery.result import LaggedEdge
    from copilot.tools.discovery.timeseries import summary_graph

    try:
        lagged = [LaggedEdge.model_validate(e) for e in g["edges"]]
        nodes = [str(n) for n in g.get("nodes") or []] or list(
            dict.fromkeys(n for e in lagged for n in (e.source, e.target))
        )
        graph, _ = summary_graph(nodes, lagged)
    except (CopilotError, ValueError):
        return None

    def lags(a: str, b: str) -> str:
        return ",".join(str(e.lag) for e in lagged if (e.source, e.target) == (a, b)) or "-"

    out = []
    for e in graph.edges:
        both = e.type == "bidirected"
        label = (
            f"{lags(e.source, e.target)} / {lags(e.target, e.source)}"
            if both
            else (lags(e.source, e.target) if e.type == "directed" else "0")
        )
        out.append(
            {
                "source": e.source,
                "target": e.target,
                "type": e.type,
                "source_mark": e.source_mark,
                "target_mark": e.target_mark,
                "confidence": None,
                "lags": label,
            }
        )
    for n in nodes:
        own = lags(n, n)
        if own != "-":
            out.append({"source": n, "target": n, "type": "self", "lags": own, "confidence": None})
    return nodes, out


def _num(x: Any) -> float | None:
    if isinstance(x, bool) or not isinstance(x, int | float):
        return None
    return float(x)


def _interval(x: Any) -> tuple[float, float] | None:
    if isinstance(x, list | tuple) and len(x) == 2:
        lo, hi = _num(x[0]), _num(x[1])
    elif isinstance(x, dict):
        lo, hi = _num(x.get("lo", x.get("low"))), _num(x.get("hi", x.get("high")))
    else:
        return None
    return (lo, hi) if lo is not None and hi is not None else None


def read_estimate(result: dict[str, Any]) -> dict[str, Any] | None:
    """Point estimate, interval, refutations and verdict of an effect estimate."""
    src = result.get("estimate") if isinstance(result.get("estimate"), dict) else result
    value = next(
        (
            _num(src.get(k))
            for k in ("ate", "effect", "value", "estimate")
            if _num(src.get(k)) is not None
        ),
        None,
    )
    effects_range = _interval(src.get("effects_range"))
    if value is None and effects_range is None:
        return None
    ci = next(
        (_interval(src.get(k)) for k in ("ci", "interval", "conf_int") if _interval(src.get(k))),
        None,
    )
    if ci is None and _num(src.get("ci_low")) is not None and _num(src.get("ci_high")) is not None:
        ci = (float(src["ci_low"]), float(src["ci_high"]))
    refutations = []
    for r in src.get("refutations") or result.get("refutations") or []:
        if isinstance(r, dict) and "name" in r:
            refutations.append(
                {
                    "name": str(r["name"]),
                    "passed": r.get("passed"),
                    "detail": str(r.get("detail") or ""),
                }
            )
    adjustment = src.get("adjustment_set")
    return {
        "value": value,
        "ci": ci,
        "p_value": _num(src.get("p_value")),
        "adjustment_set": [str(c) for c in adjustment] if isinstance(adjustment, list) else None,
        "estimand_kind": src.get("estimand_kind"),
        "instruments": [str(c) for c in src.get("instruments") or []],
        "refutations": refutations,
        "treatment": src.get("treatment") or result.get("treatment"),
        "outcome": src.get("outcome") or result.get("outcome"),
        "method": src.get("method") or result.get("method"),
        "verdict": src.get("verdict") or result.get("verdict"),
        "verdict_reason": src.get("verdict_reason") or "",
        "effects_range": effects_range,
        "mediation": src.get("mediation") if isinstance(src.get("mediation"), dict) else None,
        "subgroups": [g for g in src.get("subgroups") or [] if isinstance(g, dict)],
        "subgroup_column": src.get("subgroup_column"),
        "level": next(
            (
                _num(src.get(k))
                for k in ("confidence", "level", "confidence_level")
                if _num(src.get(k)) is not None and 0 < src[k] < 1
            ),
            None,
        ),
    }


def _grid_value(v: Any) -> float | None:
    if isinstance(v, dict):
        v = v.get("value", v.get("mean"))
    if v is None:
        return math.nan
    return _num(v)


def read_grids(result: dict[str, Any], limit: int = 6) -> list[tuple[str, str, list[list[float]]]]:
    """(name, column label, grid) of each layer x head (or layer x position) map in a result.

    Two shapes are read: a rectangular numeric 2-D list (head scores), and a list of records with
    `layer` and `head` (or `position`) and a value such as `effect` or `recovery` (ablation and
    patching), placed in an n_layers x n_heads grid with NaN where a unit was not measured."""
    out: list[tuple[str, str, list[list[float]]]] = []
    keys = [k for k in _GRID_KEYS if k in result] + [k for k in result if k not in _GRID_KEYS]
    for k in keys:
        v = result[k]
        if not (isinstance(v, list) and v):
            continue
        if all(isinstance(r, list) and r for r in v) and len({len(r) for r in v}) == 1:
            rows = [[_grid_value(c) for c in r] for r in v]
            if all(c is not None for r in rows for c in r) and (len(rows) > 1 or len(rows[0]) > 1):
                out.append((k, "H", rows))  # type: ignore[arg-type]
        elif all(isinstance(r, dict) for r in v):
            grid = _records_grid(v, result)
            if grid is not None:
                out.append((f"{k}: {grid[0]}", grid[1], grid[2]))
    return out[:limit]


def _records_grid(
    records: list[dict[str, Any]], result: dict[str, Any]
) -> tuple[str, str, list[list[float]]] | None:
    field = next(
        (f for f in _VALUE_FIELDS if all(_num(r.get(f)) is not None for r in records)), None
    )
    if field is None or not all(isinstance(r.get("layer"), int) for r in records):
        return None
    if all(isinstance(r.get("head"), int) for r in records):
        col, label, width = "head", "H", result.get("n_heads")
    elif all(isinstance(r.get("position"), int) for r in records):
        col, label, width = "position", "P", None
    else:
        return None
    n_rows = max(result.get("n_layers") or 0, 1 + max(r["layer"] for r in records))
    n_cols = max(width or 0, 1 + max(r[col] for r in records))
    if n_rows * n_cols > 4096:
        return None
    grid = [[math.nan] * n_cols for _ in range(n_rows)]
    for r in records:
        grid[r["layer"]][r[col]] = float(r[field])
    return field, label, grid


def read_table(result: dict[str, Any]) -> tuple[str, list[str], list[list[Any]]] | None:
    """(name, columns, rows) of the first list of records in a result; intervals read as text."""
    for k, v in result.items():
        if isinstance(v, list) and v and all(isinstance(r, dict) for r in v):
            columns = list(dict.fromkeys(c for r in v for c in r))
            shown = [c for c in columns if all(_cell(r.get(c)) is not None for r in v)]
            if shown:
                return k, shown, [[_cell(r.get(c)) for c in shown] for r in v[:MAX_TABLE_ROWS]]
    return None


def _cell(v: Any) -> Any:
    """A table cell: scalars as they are, intervals as `value [lo, hi]`, None for the rest."""
    if isinstance(v, dict) and _num(v.get("value")) is not None:
        iv = _interval(v)
        return f"{v['value']:.3f} [{iv[0]:.3f}, {iv[1]:.3f}]" if iv else fmt(float(v["value"]))
    if isinstance(v, list | tuple) and len(v) == 2 and all(_num(x) is not None for x in v):
        return f"[{v[0]:.3f}, {v[1]:.3f}]"
    if isinstance(v, dict | list | tuple):
        return None
    return v


def fmt(v: Any, digits: int = 3) -> str:
    """A table cell's text: floats rounded, very large or small ones in g-format."""
    if v is None:
        return ""
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if abs(v) >= 1000 or 0 < abs(v) < 1e-3:
            return f"{v:.{digits}g}"
        return f"{v:.{digits}f}"
    return str(v)


# views ------------------------------------------------------------------------------------------
class GraphView(Vertical, can_focus=True):
    """A discovery result: the drawn graph and its edge table."""

    ALLOW_MAXIMIZE = True

    def __init__(self, nodes: list[str], edges: list[dict[str, Any]], **kwargs: Any):
        super().__init__(**kwargs)
        self.nodes, self.edges = nodes, edges

    def compose(self) -> ComposeResult:
        drawing = graph_drawing(self.nodes, self.edges)
        lagged = any("lags" in e for e in self.edges)
        with ScrollableContainer(classes="graph-scroll", can_focus=False):
            yield Static(drawing, classes="graph-drawing")
        table: DataTable = DataTable(classes="edge-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("source", "edge", "target", "type", "lags" if lagged else "confidence")
        symbol = {
            "directed": "-->",
            "undirected": "---",
            "bidirected": "<->",
            "partially_directed": "o->",
            "nondirected": "o-o",
            "partially_undirected": "o--",
            "self": "(t-k)",
        }
        for e in self.edges:
            # Node names are data: plain text, never read as markup.
            table.add_row(
                Text(e["source"]),
                symbol.get(e["type"], "?"),
                Text(e["target"]),
                e["type"],
                e["lags"] if lagged else fmt(e["confidence"], 2),
            )
        yield table


def graph_drawing(nodes: list[str], edges: list[dict[str, Any]]) -> Text:
    """The drawn graph; for a time series, followed by the lags of every edge."""
    drawing = draw_graph(
        nodes,
        [
            TextEdge(e["source"], e["target"], e["source_mark"], e["target_mark"], e["type"])
            for e in edges
            if e["type"] != "self"
        ],
    )
    if any("lags" in e for e in edges):
        drawing.append("\nlags in steps (0 = same step; a / b = each way):")
        for e in edges:
            arrow = "own past" if e["type"] == "self" else f"-> {e['target']}"
            drawing.append(f"\n  {e['source']} {arrow}: lag {e['lags']}")
    return drawing


class EstimateCard(Static, can_focus=True):
    """An effect estimate: the number, its interval drawn against zero, refutation ticks."""

    ALLOW_MAXIMIZE = True

    def __init__(self, estimate: dict[str, Any], **kwargs: Any):
        super().__init__(render_estimate(estimate), **kwargs)


def _scale(value: float, ci: tuple[float, float], width: int) -> Callable[[float], int]:
    """The column of a number on a scale from min(lo, value, 0) to max(hi, value, 0)."""
    lo, hi = ci
    left, right = min(lo, value, 0.0), max(hi, value, 0.0)
    span = (right - left) or 1.0
    return lambda x: round((x - left) / span * (width - 1))


def interval_bar(value: float, ci: tuple[float, float], width: int = 36) -> Text:
    """`├──●──┤` placed on a scale that includes zero, with zero marked `┆`."""
    lo, hi = ci
    col = _scale(value, ci, width)

    cells = [" "] * width
    for c in range(col(lo), col(hi) + 1):
        cells[c] = "─"
    cells[col(0.0)] = "┆" if cells[col(0.0)] == " " else "┼"
    cells[col(lo)], cells[col(hi)] = "├", "┤"
    cells[col(value)] = "●"
    excludes_zero = lo > 0 or hi < 0
    return Text("".join(cells), style="bold green" if excludes_zero else "bold yellow")


def zero_label(value: float, ci: tuple[float, float], width: int = 36) -> Text:
    """The line under `interval_bar`: `0` below its zero mark, so the tick reads as zero."""
    return Text(" " * _scale(value, ci, width)(0.0) + "0", style="dim")


class IntervalScale:
    """The interval bar and its zero label, as wide as the card allows (at most 36 columns)."""

    def __init__(self, value: float, ci: tuple[float, float], width: int = 36):
        self.value, self.ci, self.width = value, ci, width

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        return Measurement(8, self.width)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        width = max(8, min(self.width, options.max_width))
        yield interval_bar(self.value, self.ci, width)
        yield zero_label(self.value, self.ci, width)


def format_p(p: float) -> str:
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def render_estimate(est: dict[str, Any]) -> Table:
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    if est.get("treatment") and est.get("outcome"):
        grid.add_row("effect", Text(f"{est['treatment']} → {est['outcome']}"))
    level = est.get("level") or 0.95
    if est["value"] is not None:
        value_text = Text(f"{est['value']:+.4g}", style="bold")
        if est["ci"]:
            lo, hi = est["ci"]
            value_text.append(f"   {level:.0%} CI [{lo:+.4g}, {hi:+.4g}]")
        grid.add_row("estimate", value_text)
        if est.get("p_value") is not None:
            grid.add_row("p-value", Text(format_p(est["p_value"])))
        if est["ci"]:
            grid.add_row("", IntervalScale(est["value"], est["ci"]))
    adjustment = est.get("adjustment_set")
    if adjustment is not None and est.get("estimand_kind") in (None, "backdoor", "mediation"):
        grid.add_row(
            "adjusted for",
            Text(", ".join(adjustment) if adjustment else "nothing (no open back-door path)"),
        )
    if est.get("instruments"):
        grid.add_row("instruments", Text(", ".join(est["instruments"])))
    if est.get("effects_range"):
        # IDA: the graph leaves edges at the treatment unoriented, so the effect is a set.
        lo, hi = est["effects_range"]
        grid.add_row("range", Text(f"[{lo:+.4g}, {hi:+.4g}] over the orientations the data allow"))
    med = est.get("mediation")
    if med:
        for label, key in (("direct", "nde"), ("indirect", "nie")):
            value, ci = _num(med.get(key)), _interval(med.get(f"{key}_ci"))
            if value is not None:
                text = Text(f"{value:+.4g}", style="bold")
                if ci:
                    text.append(f"   CI [{ci[0]:+.4g}, {ci[1]:+.4g}]")
                if label == "indirect" and med.get("mediator"):
                    text.append(f"  via {med['mediator']}", style="dim")
                grid.add_row(label, text)
        share = _num(med.get("proportion_mediated"))
        if share is not None:
            grid.add_row("mediated", Text(f"{share:.0%} of the total effect"))
    if est.get("method"):
        grid.add_row("method", Text(str(est["method"])))
    for r in est["refutations"]:
        tick = (
            Text("✓ ", style="bold green")
            if r["passed"]
            else Text("✗ ", style="bold red")
            if r["passed"] is not None
            else Text("? ", style="yellow")
        )
        tick.append(r["name"].replace("_", " "))
        if r["detail"]:
            tick.append(f"  {r['detail']}", style="dim")
        # Long details wrap under the check's name, never cut off.
        grid.add_row("refutation" if r is est["refutations"][0] else "", tick)
    if est.get("verdict"):
        verdict = Text(str(est["verdict"]), style="bold")
        if est.get("verdict_reason"):
            verdict.append(f": {est['verdict_reason']}", style="italic")
        grid.add_row("verdict", verdict)
    return grid


class HeatmapView(ScrollableContainer, can_focus=True):
    """A layer x head grid with colours; wide models scroll sideways."""

    ALLOW_MAXIMIZE = True

    def __init__(self, name: str, grid: list[list[float]], col_label: str = "H", **kwargs: Any):
        super().__init__(**kwargs)
        what = "head" if col_label == "H" else "position"
        self.text = Text(f"{name} (layer x {what})\n", style="bold")
        self.text.append_text(draw_heatmap(grid, col_label=col_label))

    def compose(self) -> ComposeResult:
        yield Static(self.text, classes="heatmap-grid")


class TableView(DataTable):
    """Records of a result as a table."""

    def __init__(self, columns: list[str], rows: list[list[Any]], **kwargs: Any):
        super().__init__(cursor_type="row", zebra_stripes=True, **kwargs)
        self._columns, self._rows = columns, rows

    def on_mount(self) -> None:
        self.add_columns(*(Text(str(c)) for c in self._columns))
        for r in self._rows:
            self.add_row(*(Text(fmt(v)) for v in r))


def result_views(tool: str, result: dict[str, Any] | None) -> list[Any]:
    """The views that fit a result, most specific first; an empty list when none fits."""
    if not isinstance(result, dict):
        return []
    graph = read_graph(result)
    if graph is not None:
        return [GraphView(*graph, classes="result-view")]
    est = read_estimate(result)
    if est is not None:
        views: list[Any] = [EstimateCard(est, classes="result-view estimate-card")]
        if est["subgroups"]:
            by = est.get("subgroup_column") or "group"
            rows = [
                [g.get("group"), g.get("n_rows", g.get("n")), g.get("ate"), _cell(g.get("ci"))]
                for g in est["subgroups"]
            ]
            views.append(
                TableView([by, "n", "effect", "interval"], rows, classes="result-view result-table")
            )
        return views
    views = [
        HeatmapView(name, grid, label, classes="result-view heatmap")
        for name, label, grid in read_grids(result)
    ]
    table = read_table(result)
    if table is not None and tool != "describe":
        views.append(TableView(table[1], table[2], classes="result-view result-table"))
    return views
