"""From a table to time series: the time column, one or more series, checks, lags, stationarity.

Rows are sorted by the time column (given, or detected: a datetime column, or an integer index
with one row per step). Several series (an id column) are independent realisations of the same
process: lags never cross from one series into the next. Duplicate times, missing steps and
irregular steps are refused (gaps of whole steps can be filled by linear interpolation on
request, with a note); every variable must be numeric.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from copilot.errors import DataError, InputError
from copilot.tools.data import Dataset

#: Lags tried when the lag is chosen by an information criterion.
MAX_AUTO_LAG = 10
#: The largest lag anyone may ask for (PCMCI's design has 2 * max_lag + 1 blocks of columns).
MAX_LAG_LIMIT = 50


@dataclass
class TimeSeries:
    """The variables of one or more series, each sorted in time and evenly spaced."""

    names: list[str]
    series: list[np.ndarray]  # each (T_s, p), rows in time order
    time_column: str | None
    series_column: str | None
    notes: list[str] = field(default_factory=list)

    @property
    def p(self) -> int:
        return len(self.names)

    @property
    def lengths(self) -> list[int]:
        return [len(s) for s in self.series]

    def effective_rows(self, lag: int) -> int:
        """Rows of a design that needs `lag` earlier steps for each row (pooled over series)."""
        return sum(max(t - lag, 0) for t in self.lengths)


#: Names of columns that count as time steps when they hold distinct whole numbers.
TIME_NAMES = ("time", "t", "timestamp", "step", "timestep", "time_step", "period", "tick")
TIME_NAMES += ("date", "day", "week", "month", "year", "hour", "minute", "second")


def detect_time_column(ds: Dataset, exclude: tuple[str, ...] = ()) -> str | None:
    """A datetime column, or a column named like time (or the profile's index column) that
    holds distinct whole numbers: one row per step."""
    kinds = ds.profile.kinds()
    for c in ds.columns:
        if c not in exclude and kinds.get(c) == "datetime":
            return c
    named = [c for c in ds.columns if c.lower().strip() in TIME_NAMES]
    for c in [ds.profile.index_column, *named]:
        if c is not None and c not in exclude and looks_like_time_index(ds.frame[c]):
            return c
    return None


def looks_like_time_index(s: pd.Series) -> bool:
    """Datetimes, or whole numbers that are all different (one row per step), not text."""
    if pd.api.types.is_datetime64_any_dtype(s):
        return s.is_unique
    if not pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        return False
    v = s.to_numpy(dtype=float)
    return bool(np.all(np.isfinite(v)) and np.all(v == np.round(v)) and s.is_unique)


def prepare_series(
    ds: Dataset,
    time_col: str | None,
    series_col: str | None,
    columns: list[str] | None,
    fill_gaps: bool = False,
) -> TimeSeries:
    """Sort, split and check the data; raise a one-line error for anything unusable."""
    notes: list[str] = []
    if series_col is not None:
        ds.require([series_col], "series column")
    if time_col is not None:
        ds.require([time_col], "time column")
        if time_col == series_col:
            raise InputError(
                f"{time_col!r} was given as both the time and the series column.",
                "the series column names which series a row belongs to; give another one",
            )
    else:
        time_col = detect_time_column(ds, exclude=(series_col,) if series_col else ())
        if time_col is not None:
            notes.append(f"column {time_col!r} was taken as the time column")
        else:
            notes.append(
                "no time column was given or found: rows are taken in file order as equally "
                "spaced steps (name one with --time-col)"
            )
    skip = {time_col, series_col}
    if columns is None:
        names = [c for c in ds.analysable() if c not in skip]
    else:
        names = [c for c in ds.require(columns) if c not in skip]
    _check_numeric(ds, names)
    if len(names) < 2:
        raise DataError(
            f"Time-series discovery needs at least two series (variables); found "
            f"{len(names)} ({', '.join(map(repr, names)) or 'none'}).",
            "load more numeric columns",
        )
    frame = ds.frame
    groups = (
        [(None, frame)]
        if series_col is None
        else list(frame.groupby(series_col, sort=True, dropna=False))
    )
    numeric = ds.numeric(names)
    arrays: list[np.ndarray] = []
    filled = 0
    for key, part in groups:
        label = "" if series_col is None else f" in series {key!r}"
        values = numeric.loc[part.index]
        if time_col is not None:
            t = _time_values(part[time_col], time_col)
            order = np.argsort(t, kind="stable")
            t, values = t[order], values.iloc[order]
            values, n_filled = _check_steps(t, values, time_col, label, fill_gaps, part[time_col])
            filled += n_filled
        arrays.append(values.to_numpy(dtype=float))
    if filled:
        notes.append(
            f"filled {filled} missing time step(s) by linear interpolation between neighbours"
        )
    if series_col is not None:
        notes.append(
            f"{len(arrays)} series (by {series_col!r}) analysed as independent realisations "
            "of one process; lags never cross from one series into another"
        )
    return TimeSeries(names, arrays, time_col, series_col, notes)


def _check_numeric(ds: Dataset, names: list[str]) -> None:
    kinds = ds.profile.kinds()
    for c in names:
        if c in ds.encoding or kinds.get(c) in ("categorical", "id", "datetime"):
            raise DataError(
                f"Column {c!r} is not a numeric series ({kinds.get(c)}"
                f"{', text' if c in ds.encoding else ''}); time-series discovery needs numbers.",
                "leave it out with --columns, or name it as --series-col if it identifies series",
            )


def _time_values(s: pd.Series, name: str) -> np.ndarray:
    if pd.api.types.is_datetime64_any_dtype(s):
        return (s - s.min()).dt.total_seconds().to_numpy(dtype=float)
    if pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s):
        return s.to_numpy(dtype=float)
    raise DataError(
        f"The time column {name!r} holds neither dates nor numbers.",
        "name a column of dates or step numbers with --time-col",
    )


def _show(raw: pd.Series, i: int) -> str:
    v = raw.iloc[i]
    return str(v.date() if hasattr(v, "hour") and v == v.normalize() else v)


def _check_steps(
    t: np.ndarray,
    values: pd.DataFrame,
    name: str,
    label: str,
    fill_gaps: bool,
    raw: pd.Series,
) -> tuple[pd.DataFrame, int]:
    raw = raw.iloc[np.argsort(_time_values(raw, name), kind="stable")]
    if len(t) < 2:
        raise DataError(
            f"Only {len(t)} time step{label}; a series needs many steps.", "add more rows"
        )
    d = np.diff(t)
    dup = np.flatnonzero(d == 0)
    if dup.size:
        raise DataError(
            f"The time column {name!r} has duplicate values{label} "
            f"(e.g. {_show(raw, int(dup[0]))} appears more than once).",
            "keep one row per time step, or name the column that tells series apart with "
            "--series-col",
        )
    step = float(np.median(d))  # the usual step; a smaller or fractional one is irregular
    ratio = d / step
    whole = (np.abs(ratio - np.round(ratio)) < 1e-6) & (np.round(ratio) >= 1)
    if not np.all(whole):
        i = int(np.flatnonzero(~whole)[0])
        raise DataError(
            f"The time column {name!r} is irregular{label}: steps of {_fmt(step)} and "
            f"{_fmt(d[i])} (at {_show(raw, i + 1)}).",
            "resample the data to a regular step before discovery",
        )
    gaps = np.flatnonzero(np.round(ratio) > 1)
    if not gaps.size:
        return values, 0
    missing = int(np.sum(np.round(ratio[gaps]) - 1))
    if not fill_gaps:
        i = int(gaps[0])
        raise DataError(
            f"The time column {name!r} has gaps{label}: {missing} missing step(s) of "
            f"{_fmt(step)}, the first after {_show(raw, i)}.",
            "fill the missing steps, or pass --fill-gaps (fill_gaps=True) to interpolate them "
            "linearly",
        )
    k = np.round((t - t[0]) / step).astype(int)
    full = pd.DataFrame(index=np.arange(k[-1] + 1), columns=values.columns, dtype=float)
    full.loc[k] = values.to_numpy(dtype=float)
    return full.interpolate(method="linear"), missing


def _fmt(x: float) -> str:
    return f"{x:g}"


# lags -----------------------------------------------------------------------------------------


def check_max_lag(max_lag: object) -> int | None:
    if max_lag is None:
        return None
    if isinstance(max_lag, bool) or not isinstance(max_lag, int | np.integer) or max_lag < 1:
        raise InputError(
            f"max_lag must be a whole number >= 1, got {max_lag!r}.", "e.g. --max-lag 3"
        )
    if max_lag > MAX_LAG_LIMIT:
        raise InputError(
            f"max_lag={max_lag} is too large (limit {MAX_LAG_LIMIT}).",
            "use the longest delay you expect an effect to take, in steps",
        )
    return int(max_lag)


def require_steps(ts: TimeSeries, max_lag: int, design_lag: int, what: str) -> None:
    """Refuse when the series are too short for `max_lag` (the design needs `design_lag` steps)."""
    width = ts.p * (design_lag + 1)
    needed = width + 10
    rows = ts.effective_rows(design_lag)
    if rows < needed or min(ts.lengths) <= design_lag:
        shortest = min(ts.lengths)
        raise DataError(
            f"Too few time steps for max lag {max_lag}: {what} needs at least {needed} rows after "
            f"dropping the first {design_lag} step(s) of each series, and there are {rows} "
            f"(shortest series: {shortest} steps).",
            "use a smaller --max-lag, fewer variables (--columns) or longer series",
        )


def lagged_design(ts: TimeSeries, lag: int) -> np.ndarray:
    """Columns X_i(t - tau) at block tau (tau = 0..lag), column tau * p + i; rows pooled.

    Each series contributes its rows t >= lag and is centred on its own, so series with
    different levels do not create correlation.
    """
    blocks = []
    for y in ts.series:
        t = len(y)
        if t <= lag:
            continue
        cols = [y[lag - tau : t - tau] for tau in range(lag + 1)]  # each (t - lag, p)
        block = np.hstack(cols)
        blocks.append(block - block.mean(axis=0))
    return np.vstack(blocks)


def select_lag(ts: TimeSeries, max_lag: int = MAX_AUTO_LAG) -> tuple[int, dict[int, float]]:
    """The VAR order with the smallest AIC over 1..max_lag, on a common sample (pooled series).

    AIC = log det(Sigma_L) + 2 L p^2 / N, as statsmodels' `VAR.select_order` computes it, with
    every order fitted on the same rows (those with max_lag earlier steps). AIC rather than BIC:
    BIC's penalty of L p^2 log(N) / N drops a lag that carries only a few links, which then
    cannot be found; a lag too many only costs the tests some power.
    """
    p = ts.p
    upper = max(1, min(max_lag, (min(ts.lengths) - 1) // 3))
    while upper > 1 and ts.effective_rows(upper) < p * upper + p + 10:
        upper -= 1
    design = lagged_design(ts, upper)
    n = design.shape[0]
    y = design[:, :p]
    scores: dict[int, float] = {}
    for lag in range(1, upper + 1):
        x = design[:, p : p * (lag + 1)]
        coef, *_ = np.linalg.lstsq(x, y, rcond=None)
        resid = y - x @ coef
        sigma = resid.T @ resid / n
        sign, logdet = np.linalg.slogdet(sigma)
        if sign <= 0:
            continue
        scores[lag] = float(logdet + 2.0 * lag * p * p / n)
    if not scores:
        return 1, {}
    return min(scores, key=lambda k: scores[k]), scores


# stationarity ---------------------------------------------------------------------------------


def stationarity(ts: TimeSeries, lag: int, alpha: float = 0.05) -> list[dict[str, object]]:
    """ADF (null: unit root) and KPSS (null: stationary) p-values per variable.

    Tests run on the longest series; ADF's augmentation uses `lag` lagged differences (the
    analysis' own lag: an automatic search fits dozens of regressions per series). A variable
    counts as stationary when ADF rejects a unit root and KPSS does not reject stationarity.
    """
    from statsmodels.tsa.stattools import adfuller, kpss

    y = max(ts.series, key=len)
    out = []
    for i, name in enumerate(ts.names):
        x = y[:, i]
        with warnings.catch_warnings():
            # KPSS warns when its p-value is outside the table it interpolates (< 0.01, > 0.1)
            warnings.simplefilter("ignore")
            try:
                adf_p = float(adfuller(x, maxlag=lag, autolag=None)[1])
                kpss_p = float(kpss(x, regression="c", nlags="auto")[1])
            except (ValueError, np.linalg.LinAlgError):
                out.append({"variable": name, "adf_p": None, "kpss_p": None, "stationary": None})
                continue
        out.append(
            {
                "variable": name,
                "adf_p": round(adf_p, 4),
                "kpss_p": round(kpss_p, 4),
                "stationary": bool(adf_p < alpha and kpss_p >= alpha),
            }
        )
    return out
