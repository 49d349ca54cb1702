"""Shared pieces of the probing tools: the result base class, bootstrap intervals, artifact paths.

Every probing tool returns a pydantic model derived from `ProbeResult`, so that the CLI, the
agent and Python users all see the same JSON-able object with a short plain-text summary.
"""

from __future__ import annotations

import math
from abc import abstractmethod
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from copilot.errors import InputError, ProbeError

if TYPE_CHECKING:
    import numpy as np


class ProbeResult(BaseModel):
    """Base of every probing result: JSON-able fields, `summary()` and the files written."""

    model_config = ConfigDict(extra="forbid")

    artifacts: list[str] = Field(default_factory=list, description="Files written (PNG, text).")

    @abstractmethod
    def summary(self) -> str:
        """A short plain-text reading of the result."""


class Interval(BaseModel):
    """A point estimate with a bootstrap confidence interval; `lo` and `hi` are NaN (null in
    JSON) when there is no interval (n_boot=0, or a single prompt)."""

    value: float
    lo: float
    hi: float

    @property
    def has_interval(self) -> bool:
        return has_interval(self.lo, self.hi)

    def fmt(self, digits: int = 3) -> str:
        return f"{self.value:+.{digits}f} {fmt_interval(self.lo, self.hi, f'+.{digits}f')}"

    @classmethod
    def of(cls, stats: tuple[Any, Any, Any], i: int = 0) -> Interval:
        """Column `i` of `bootstrap_mean`'s (mean, lo, hi)."""
        m, lo, hi = stats
        return cls(value=float(m[i]), lo=float(lo[i]), hi=float(hi[i]))


# Fewest bootstrap resamples that make an interval (as effect estimation requires); 0: none.
MIN_BOOT = 10
NO_INTERVAL = "(no interval)"


def has_interval(lo: float, hi: float) -> bool:
    """False for the NaN bounds that stand for 'no interval'."""
    return not (math.isnan(lo) or math.isnan(hi))


def fmt_interval(lo: float, hi: float, spec: str = "+.3f") -> str:
    """'[lo, hi]', or '(no interval)' where there is none."""
    if not has_interval(lo, hi):
        return NO_INTERVAL
    return f"[{lo:{spec}}, {hi:{spec}}]"


def rounding_eps(dtype: object) -> float:
    """Machine epsilon of a floating torch dtype (0 for anything else): the rounding unit that
    'numerically zero' thresholds scale with."""
    import torch

    if isinstance(dtype, torch.dtype) and dtype.is_floating_point:
        return float(torch.finfo(dtype).eps)
    return 0.0


def check_boot(n_boot: int, level: float) -> None:
    """n_boot is 0 (no intervals) or at least MIN_BOOT: a percentile interval from a handful
    of resamples would claim a precision it does not have."""
    if n_boot < 0 or 0 < n_boot < MIN_BOOT:
        raise ProbeError(
            f"n_boot must be 0 (no intervals) or at least {MIN_BOOT}, got {n_boot}.",
            "use e.g. --bootstrap 1000 (200 or more for reports), or 0 for no intervals",
        )
    if not 0.0 < level < 1.0:
        raise ProbeError(f"Confidence level must be in (0, 1), got {level}.", "use e.g. 0.95")


def bootstrap_counts(n: int, n_boot: int, seed: int) -> np.ndarray:
    """(n_boot, n) resampling weights: how often each unit is drawn in each bootstrap sample.

    Weights instead of index arrays let the mean of many statistics at once be one matmul.
    """
    import numpy as np

    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n, size=(n_boot, n))
    counts = np.zeros((n_boot, n), dtype=np.float64)
    np.add.at(counts, (np.arange(n_boot)[:, None], idx), 1.0)
    return counts


def bootstrap_mean(
    values: np.ndarray, n_boot: int = 1000, seed: int = 0, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean over units (axis 0) and its percentile bootstrap interval, for every column at once.

    `values` is (n,) or (n, k); returns (mean, lo, hi), each of shape (k,) or scalar-like (1,).
    With n_boot == 0 or a single unit there is no interval: lo and hi are NaN.
    """
    import numpy as np

    check_boot(n_boot, level)
    v = np.asarray(values, dtype=np.float64)
    flat = v.reshape(v.shape[0], -1)
    mean = flat.mean(axis=0)
    if n_boot == 0 or flat.shape[0] < 2:
        return mean, np.full_like(mean, np.nan), np.full_like(mean, np.nan)
    counts = bootstrap_counts(flat.shape[0], n_boot, seed)
    boots = counts @ flat / flat.shape[0]  # (n_boot, k)
    alpha = (1.0 - level) / 2.0
    lo, hi = np.quantile(boots, [alpha, 1.0 - alpha], axis=0)
    return mean, lo, hi


def bootstrap_ratio(
    num: np.ndarray, den: np.ndarray, n_boot: int = 1000, seed: int = 0, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Ratio of means mean(num)/mean(den) per column, with a paired percentile bootstrap.

    `num` is (n, k), `den` is (n,): the same resampled units enter numerator and denominator,
    which is what a normalised recovery over prompt pairs needs. With n_boot == 0 or a single
    unit there is no interval: lo and hi are NaN.
    """
    import numpy as np

    check_boot(n_boot, level)
    num = np.asarray(num, dtype=np.float64).reshape(len(num), -1)
    den = np.asarray(den, dtype=np.float64).reshape(-1)
    point = num.mean(axis=0) / _nonzero(den.mean())
    if n_boot == 0 or num.shape[0] < 2:
        return point, np.full_like(point, np.nan), np.full_like(point, np.nan)
    counts = bootstrap_counts(num.shape[0], n_boot, seed)
    n = num.shape[0]
    boot_num = counts @ num / n  # (n_boot, k)
    boot_den = counts @ den / n  # (n_boot,)
    small = np.abs(boot_den) < 1e-12
    boot_den = np.where(small, np.nan, boot_den)
    ratios = boot_num / boot_den[:, None]
    alpha = (1.0 - level) / 2.0
    lo, hi = np.nanquantile(ratios, [alpha, 1.0 - alpha], axis=0)
    return point, lo, hi


def _nonzero(x: float) -> float:
    if abs(x) < 1e-12:
        raise ProbeError(
            "Clean and corrupted prompts give the same metric, so recovery is undefined.",
            "choose corrupted prompts that change the answer, or another metric",
        )
    return x


def fresh_path(folder: str | Path, stem: str, suffix: str) -> Path:
    """A path in `folder` that does not exist yet; an existing user file is never overwritten."""
    from copilot.workspace import slugify

    d = Path(folder).expanduser()
    if d.exists() and not d.is_dir():
        raise InputError(f"Output folder {d} is a file.", "name a folder with --out-dir")
    try:
        d.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            f"Cannot create output folder {d} ({exc.strerror}).",
            "choose another folder with --out-dir",
        ) from None
    stem = slugify(stem, "probe")
    suffix = suffix if suffix.startswith(".") else f".{suffix}"
    path = d / f"{stem}{suffix}"
    n = 2
    while path.exists():
        path = d / f"{stem}_{n}{suffix}"
        n += 1
    return path
