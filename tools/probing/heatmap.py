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


# Field names as a reader says them, for titles and colour bars.
WORDS = {
    "induction": "induction score (attention to the token after the earlier copy)",
    "previous_token": "previous-token score (attention to the token just before)",
    "duplicate_token": "duplicate-token score (attention to earlier copies of the token)",
    "attention_sink": "attention-sink score (attention to the first token)",
    "gate_mean": "mean gate value",
    "gate_below_0_1": "share of gate values below 0.1",
    "logit_diff": "logit difference (correct minus best other)",
    "prob": "probability of the correct token",
    "accuracy": "accuracy",
    "loss": "loss (nats)",
    "kl": "KL divergence from the full model (nats)",
}
# Changes smaller than this (in the metric's own units) never fill the colour scale, so noise
# on an untrained model stays pale.
NOISE_FLOOR = 0.05


def words(name: str) -> str:
    """A field name (e.g. "gate_below_0_1") in words."""
    return WORDS.get(name, name.replace("_", " "))


def contrast_text(rgba: Sequence[float]) -> str:
    """Black or white, whichever reads better on a cell of colour `rgba` (WCAG luminance)."""

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(float(c)) for c in rgba[:3])
    lum = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "black" if (lum + 0.05) / 0.05 >= 1.05 / (lum + 0.05) else "white"


def png_heatmap(
    values: Sequence[Sequence[float]],
    path: str | Path,
    title: str = "",
    cbar_label: str = "",
    row_label: str = "layer",
    col_label: str = "head",
    annotate: bool | None = None,
    baseline: float | None = None,
    span: float | None = None,
    value_range: tuple[float, float] | None = None,
) -> Path:
    """Write a layer x head heatmap PNG on a diverging scale (red above, blue below, white at
    the centre).

    Without `value_range` the centre is `baseline` (or 0) and the range is symmetric around it,
    at least `span` wide each way, so small values stay pale. With `value_range` (the quantity's
    natural range, e.g. (0, 1) for attention shares) the colours cover that range, white at
    `baseline` (chance) when given, else a sequential map. Cell labels are black or white by the
    cell's brightness."""
    rows = _grid(values)
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import Normalize, TwoSlopeNorm

    arr = np.asarray(rows, dtype=float)
    n_rows, n_cols = arr.shape
    finite = arr[np.isfinite(arr)]
    if value_range is not None:
        lo, hi = (float(v) for v in value_range)
        if finite.size:
            lo, hi = min(lo, float(finite.min())), max(hi, float(finite.max()))
        if baseline is not None and lo < baseline < hi:
            norm: Normalize = TwoSlopeNorm(vcenter=baseline, vmin=lo, vmax=hi)
            cmap = "RdBu_r"
        else:
            norm, cmap = Normalize(vmin=lo, vmax=hi), "viridis"
    else:
        centre = baseline if baseline is not None else 0.0
        half = float(np.abs(finite - centre).max()) if finite.size else 0.0
        half = max(half, span or 0.0) or 1.0
        norm, cmap = Normalize(vmin=centre - half, vmax=centre + half), "RdBu_r"
    fig, ax = plt.subplots(figsize=(max(3.5, 0.55 * n_cols + 2.5), max(2.5, 0.45 * n_rows + 1.6)))
    try:
        im = ax.imshow(arr, aspect="auto", interpolation="nearest", cmap=cmap, norm=norm)
        ax.set_xlabel(col_label)
        ax.set_ylabel(row_label)
        ax.set_xticks(range(n_cols))
        ax.set_yticks(range(n_rows))
        if baseline is not None:
            ref = f"white = chance level {baseline:.3f}"
            title = f"{title}\n{ref}" if title else ref
        if title:
            ax.set_title(title, fontsize=10)
        cbar = fig.colorbar(im, ax=ax)
        if cbar_label:
            cbar.set_label(cbar_label)
        if baseline is not None:
            cbar.ax.axhline(baseline, color="black", linewidth=1.2)
        if annotate if annotate is not None else n_rows * n_cols <= 256:
            # small values keep a third decimal, so a cell never reads "-0.00"
            fmt = ".2f" if finite.size and float(np.abs(finite).max()) >= 0.1 else ".3f"
            for i in range(n_rows):
                for j in range(n_cols):
                    if np.isfinite(arr[i, j]):
                        ax.text(
                            j,
                            i,
                            f"{arr[i, j]:{fmt}}",
                            ha="center",
                            va="center",
                            fontsize=7,
                            color=contrast_text(im.cmap(im.norm(arr[i, j]))),
                        )
        fig.tight_layout()
        out = Path(path)
        fig.savefig(out, dpi=120)
    finally:
        plt.close(fig)
    return out
