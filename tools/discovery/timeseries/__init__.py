"""Time-series causal discovery: PCMCI, PCMCI+ (batched torch partial correlations),
VAR-LiNGAM and Granger causality, with lagged edges."""

from copilot.tools.discovery.timeseries.run import (
    TS_ALGORITHMS,
    TS_ALIASES,
    TS_OPTIONS,
    discover_timeseries,
    summary_graph,
)
from copilot.tools.discovery.timeseries.series import detect_time_column, looks_like_time_index

__all__ = [
    "TS_ALGORITHMS",
    "TS_ALIASES",
    "TS_OPTIONS",
    "detect_time_column",
    "discover_timeseries",
    "looks_like_time_index",
    "summary_graph",
]
