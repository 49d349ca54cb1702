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
    """PNG/SVG/PDF: nodes on a circle, curved arrows with lag labels, self-lags under names."""
    import math

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch

    nodes = result.nodes
    n = max(len(nodes), 1)
    pos = {
        v: (
            math.cos(2 * math.pi * k / n + math.pi / 2),
            math.sin(2 * math.pi * k / n + math.pi / 2),
        )
        for k, v in enumerate(nodes)
    }
    size = min(5 + 0.4 * n, 16)
    fig, ax = plt.subplots(figsize=(size, size))
    ax.set_axis_off()
    ax.set_xlim(-1.4, 1.4)
    ax.set_ylim(-1.4, 1.4)
    groups = lag_groups(result)
    own: dict[str, list[int]] = {}
    for (a, b, kind), lags in groups.items():
        if a == b:
            own[a] = lags
            continue
        pa, pb = pos[a], pos[b]
        contemporaneous = lags == [0]
        color = "#7f7f7f" if kind == "undirected" else ("#b07d2e" if contemporaneous else "#1f4e79")
        patch = FancyArrowPatch(
            pa,
            pb,
            arrowstyle="-" if kind == "undirected" else "-|>",
            mutation_scale=16,
            color=color,
            lw=1.6,
            shrinkA=22,
            shrinkB=22,
            connectionstyle="arc3,rad=0.15",
        )
        ax.add_patch(patch)
        # the label sits on the bent side, so both directions of a pair stay readable
        mx, my = (pa[0] + pb[0]) / 2, (pa[1] + pb[1]) / 2
        dx, dy = pb[0] - pa[0], pb[1] - pa[1]
        ax.text(
            mx + 0.08 * dy,
            my - 0.08 * dx,
            "lag " + ",".join(map(str, lags)),
            fontsize=8,
            ha="center",
            va="center",
            color=color,
            bbox={"fc": "white", "ec": "none", "alpha": 0.85},
        )
    for v, (x, y) in pos.items():
        ax.scatter([x], [y], s=1400, c="#dbe9f6", edgecolors="#1f4e79", zorder=3)
        ax.text(x, y, v, ha="center", va="center", fontsize=9, zorder=4)
        if v in own:
            ax.text(
                x,
                y - 0.17,
                "own past: lag " + ",".join(map(str, own[v])),
                ha="center",
                va="top",
                fontsize=7,
                color="#555555",
                zorder=4,
            )
    title = f"{result.dataset}: {result.method()}" if result.dataset else result.method()
    ax.set_title(title + "\narrows labelled with lags in steps (0 = same step)", fontsize=10)
    p = Path(path)
    fig.savefig(p, bbox_inches="tight", dpi=120)
    plt.close(fig)
    return p
