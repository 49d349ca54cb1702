"""Layer x head heatmaps: a PNG (matplotlib) for reports and a text grid for terminals."""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

from copilot.errors import InputError

# From light to dark; the text heatmap marks a cell's size by one of these and its sign by +/-.
_SHADES = " ░▒▓█"


def _grid(values: Sequence[Sequence[float]]) -> list[list[float]]:
    rows = [[float(v) for v in row] for row in values]
    if not rows or not rows[0]:
        raise InputError(
            "A heatmap needs at least one row and one column.", "pass a non-empty grid"
        )
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise InputError(
            "Heatmap rows have different lengths.", "pass a rectangular layer x head grid"
        )
    return rows


def text_heatmap(
    values: Sequence[Sequence[float]],
    title: str = "",
    row_label: str = "L",
    col_label: str = "H",
    digits: int = 2,
    baseline: float | None = None,
) -> str:
    """A plain-text layer x head grid: each cell is its signed value and a shade of its size;
    `baseline` (chance or uniform value) is printed under the grid."""
    rows = _grid(values)
    finite = [abs(v) for r in rows for v in r if math.isfinite(v)]
    scale = max(finite) if finite and max(finite) > 0 else 1.0
    cells = [[_cell(v, scale, digits) for v in r] for r in rows]
    width = max(len(c) for r in cells for c in r)
    width = max(width, len(f"{col_label}{len(rows[0]) - 1}"))
    head = " " * (len(f"{row_label}{len(rows) - 1}") + 1)
    lines = [title] if title else []
    lines.append(head + " ".join(f"{col_label}{j}".rjust(width) for j in range(len(rows[0]))))
    for i, r in enumerate(cells):
        label = f"{row_label}{i}".ljust(len(head) - 1)
        lines.append(label + " " + " ".join(c.rjust(width) for c in r))
    lines.append(
        f"shade: |value| / {scale:.{digits}g}  "
        + " ".join(f"{s!r}<={(k + 1) / len(_SHADES):.1f}" for k, s in enumerate(_SHADES))
    )
    if baseline is not None:
        lines.append(f"baseline (uniform attention / chance): {baseline:.{max(digits, 3)}f}")
    return "\n".join(lines)


def _cell(v: float, scale: float, digits: int) -> str:
    if not math.isfinite(v):
        return "nan "
    k = min(len(_SHADES) - 1, int(abs(v) / scale * len(_SHADES)))
    return f"{v:+.{digits}f}{_SHADES[k]}"


def png_heatmap(
    values: Sequence[Sequence[float]],
    path: str | Path,
    title: str = "",
    cbar_label: str = "",
    row_label: str = "layer",
    col_label: str = "head",
    annotate: bool | None = None,
    baseline: float | None = None,
) -> Path:
    """Write a layer x head heatmap PNG; signed values get a diverging map centred on zero.
    `baseline` (chance or uniform value) is marked on the colour bar and named in the title."""
    rows = _grid(values)
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import numpy as np

    arr = np.asarray(rows, dtype=float)
    n_rows, n_cols = arr.shape
    finite = arr[np.isfinite(arr)]
    signed = finite.size > 0 and finite.min() < 0 < finite.max()
    if signed:
        vmax = float(np.abs(finite).max()) or 1.0
        kwargs = {"cmap": "RdBu_r", "vmin": -vmax, "vmax": vmax}
    else:
        kwargs = {"cmap": "viridis"}
    fig, ax = plt.subplots(figsize=(max(3.0, 0.55 * n_cols + 2), max(2.5, 0.45 * n_rows + 1.5)))
    try:
        im = ax.imshow(arr, aspect="auto", interpolation="nearest", **kwargs)
        ax.set_xlabel(col_label)
        ax.set_ylabel(row_label)
        ax.set_xticks(range(n_cols))
        ax.set_yticks(range(n_rows))
        if baseline is not None:
            title = f"{title} (baseline {baseline:.3f})" if title else f"baseline {baseline:.3f}"
        if title:
            ax.set_title(title)
        cbar = fig.colorbar(im, ax=ax)
        if cbar_label:
            cbar.set_label(cbar_label)
        if baseline is not None:
            cbar.ax.axhline(baseline, color="red", linewidth=1.5)
        if annotate if annotate is not None else n_rows * n_cols <= 256:
            for i in range(n_rows):
                for j in range(n_cols):
                    if np.isfinite(arr[i, j]):
                        ax.text(
                            j,
                            i,
                            f"{arr[i, j]:.2f}",
                            ha="center",
                            va="center",
                            fontsize=7,
                            color="black" if signed else "white",
                        )
        fig.tight_layout()
        out = Path(path)
        fig.savefig(out, dpi=120)
    finally:
        plt.close(fig)
    return out
