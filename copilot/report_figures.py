"""Figures of an effect estimate for reports: a forest plot of every estimate of the same effect
(the headline, the alternative adjustment, earlier attempts, orientations, the unadjusted
difference) and of subgroup effects, and the graph the estimate used with its roles marked."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from copilot.errors import InputError

# (label, estimate, low, high, kind): kind picks the marker: main, other, naive or subgroup
ForestRow = tuple[str, float, float | None, float | None, str]


def _num(x: Any) -> float | None:
    return float(x) if isinstance(x, int | float) and math.isfinite(float(x)) else None


def _ci(ci: Any) -> tuple[float | None, float | None]:
    if isinstance(ci, list | tuple) and len(ci) == 2:
        return _num(ci[0]), _num(ci[1])
    return None, None


def estimate_rows(res: dict[str, Any]) -> list[ForestRow]:
    """The headline estimate and every other estimate of the same effect in `res`."""
    rows: list[ForestRow] = []
    ate = _num(res.get("ate"))
    if ate is not None:
        adj = ", ".join(res.get("adjustment_set") or []) or "nothing"
        rows.append(
            (
                f"reported: {res.get('method', '')}, adjusted for {adj}",
                ate,
                *_ci(res.get("ci")),
                "main",
            )
        )
    alt = res.get("alternative") or {}
    if _num(alt.get("ate")) is not None:
        rows.append(
            (
                f"alternative: {alt.get('detail', '')}",
                float(alt["ate"]),
                *_ci(alt.get("ci")),
                "other",
            )
        )
    for a in res.get("attempts") or []:
        if _num(a.get("ate")) is not None:
            rows.append(
                (
                    f"earlier attempt: {a.get('how', '')}",
                    float(a["ate"]),
                    *_ci(a.get("ci")),
                    "other",
                )
            )
    for o in res.get("orientation_effects") or []:
        if _num(o.get("ate")) is not None:
            parents = ", ".join(o.get("parents") or []) or "none"
            rows.append(
                (f"orientation with parents {parents}", float(o["ate"]), *_ci(o.get("ci")), "other")
            )
    naive = _num(res.get("naive_difference"))
    if naive is not None and rows:
        rows.append(("unadjusted difference", naive, None, None, "naive"))
    return rows


def subgroup_rows(res: dict[str, Any]) -> list[ForestRow]:
    """One row per subgroup (and per causal-forest group), with its interval."""
    col = res.get("subgroup_column") or "group"
    rows: list[ForestRow] = []
    for s in res.get("subgroups") or []:
        if _num(s.get("ate")) is not None:
            rows.append(
                (
                    f"{col} = {s.get('group')} (n={s.get('n_rows', s.get('n'))})",
                    float(s["ate"]),
                    *_ci(s.get("ci")),
                    "subgroup",
                )
            )
    forest = res.get("forest") or {}
    for g in forest.get("groups") or []:
        if _num(g.get("ate")) is not None:
            rows.append(
                (
                    f"causal forest, {forest.get('modifier', col)} = {g.get('group')}",
                    float(g["ate"]),
                    *_ci(g.get("ci")),
                    "subgroup",
                )
            )
    return rows


def draw_forest(rows: list[ForestRow], path: str | Path, title: str, xlabel: str) -> Path:
    """Write a forest plot (PNG or SVG by extension)."""
    fig = forest_figure(rows, title, xlabel)
    p = Path(path)
    fig.savefig(p, dpi=120, bbox_inches="tight")
    return p


def forest_figure(rows: list[ForestRow], title: str, xlabel: str) -> Any:
    """A forest plot: one line per row, top to bottom, with its point and interval, and a
    dashed line at zero (no effect)."""
    if not rows:
        raise InputError("A forest plot needs at least one estimate.", "pass one row or more")
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    n = len(rows)
    fig = Figure(figsize=(7.5, 1.2 + 0.42 * n), dpi=120)
    FigureCanvasAgg(fig)  # a canvas of its own: no pyplot state, safe in threads
    ax = fig.add_subplot()
    style = {
        "main": ("D", "#9c4a00", 8),
        "other": ("o", "#1f4e79", 6),
        "subgroup": ("s", "#1f4e79", 6),
        "naive": ("x", "#6f6f6f", 7),
    }
    for i, (_label, est, lo, hi, kind) in enumerate(rows):
        y = n - 1 - i
        marker, colour, size = style.get(kind, style["other"])
        if lo is not None and hi is not None:
            line = ax.plot([lo, hi], [y, y], color=colour, lw=2)[0]
            line.set_gid(f"interval:{i}")
        point = ax.plot([est], [y], marker=marker, color=colour, ms=size, ls="none")[0]
        point.set_gid(f"point:{i}")
    ax.axvline(0.0, color="#444444", ls="--", lw=1)
    ax.set_yticks(range(n))
    ax.set_yticklabels([_wrap(r[0]) for r in reversed(rows)], fontsize=8)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlabel(xlabel)
    ax.set_title(title, fontsize=10)
    ax.grid(axis="x", color="#dddddd", lw=0.6)
    fig.tight_layout()
    return fig


def _wrap(text: str, width: int = 48) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)[:2]) or text


def estimate_roles(res: dict[str, Any]) -> dict[str, str]:
    """The nodes of an estimate's graph by role: treatment, outcome, adjusted, instruments,
    mediator."""
    roles = {a: "adjusted" for a in res.get("adjustment_set") or []}
    roles.update({z: "instrument" for z in res.get("instruments") or []})
    med = (res.get("mediation") or {}).get("mediator")
    if med:
        roles[med] = "mediator"
    roles[res.get("treatment", "")] = "treatment"
    roles[res.get("outcome", "")] = "outcome"
    return roles
