"""Layer x head heatmaps as coloured terminal text.

Signed values (ablation effects) use a diverging blue-white-red scale centred on zero;
values of one sign (head scores) use a sequential scale from dark to bright.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from rich.color import Color
from rich.style import Style
from rich.text import Text

_NEG = (49, 99, 189)
_POS = (200, 60, 50)
_LOW = (30, 30, 60)
_HIGH = (250, 210, 70)
_MID = (235, 235, 235)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> Color:
    t = max(0.0, min(1.0, t))
    return Color.from_rgb(*(round(x + (y - x) * t) for x, y in zip(a, b, strict=True)))


def _fg_for(bg: Color) -> str:
    r, g, b = bg.get_truecolor()
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "white"


def cell_colour(value: float, scale: float, signed: bool) -> Color:
    if not math.isfinite(value):
        return Color.from_rgb(90, 90, 90)
    if signed:
        return _mix(_MID, _POS if value > 0 else _NEG, abs(value) / scale)
    return _mix(_LOW, _HIGH, value / scale if value >= 0 else -value / scale)


def draw_heatmap(
    grid: Sequence[Sequence[float]], digits: int = 2, row_label: str = "L", col_label: str = "H"
) -> Text:
    """The grid as a table of coloured cells with layer and head labels and a legend."""
    rows = [[float(v) for v in r] for r in grid]
    if not rows or not rows[0]:
        return Text("(empty grid)", style="dim")
    finite = [v for r in rows for v in r if math.isfinite(v)]
    signed = bool(finite) and min(finite) < 0 < max(finite)
    scale = max((abs(v) for v in finite), default=1.0) or 1.0
    cells = [[f"{v:+.{digits}f}" if math.isfinite(v) else "·" for v in r] for r in rows]
    width = max(max(len(c) for r in cells for c in r), len(f"{col_label}{len(rows[0]) - 1}")) + 2
    lab = len(f"{row_label}{len(rows) - 1}") + 1
    text = Text(no_wrap=True, overflow="crop")
    text.append(" " * lab)
    for j in range(len(rows[0])):
        text.append(f"{col_label}{j}".center(width), style="bold")
    for i, r in enumerate(rows):
        text.append("\n")
        text.append(f"{row_label}{i}".ljust(lab), style="bold")
        for v, c in zip(r, cells[i], strict=True):
            bg = cell_colour(v, scale, signed)
            text.append(c.center(width), style=Style(color=_fg_for(bg), bgcolor=bg))
    text.append("\n")
    lo, hi = (-scale, scale) if signed else (min(finite, default=0.0), max(finite, default=0.0))
    text.append(f"{lo:+.{digits}f} ", style="dim")
    for k in range(12):
        v = lo + (hi - lo) * k / 11
        text.append("  ", style=Style(bgcolor=cell_colour(v, scale, signed)))
    text.append(f" {hi:+.{digits}f}", style="dim")
    return text
