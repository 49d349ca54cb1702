"""`discover` for time series: PCMCI, PCMCI+, VAR-LiNGAM and Granger causality.

Called by `copilot.tools.discovery.discover` when a time-series algorithm is asked for (or chosen
by `auto`); returns the same `DiscoveryResult`, with `lagged_edges` and `time_series` filled and
`graph` holding the summary graph.
"""

from __future__ import annotations

import time
from typing import Any

from copilot.errors import BudgetError, InputError
from copilot.progress import ProgressCallback, report
from copilot.tools.data import Dataset
from copilot.tools.discovery.budget import Budget, BudgetExceeded
from copilot.tools.discovery.result import DiscoveryResult, LaggedEdge, TimeSeriesInfo
from copilot.tools.discovery.timeseries.pcmci import (
    Links,
    PartialCorrelations,
    pcmci,
    pcmciplus,
)
from copilot.tools.discovery.timeseries.series import (
    TimeSeries,
    check_max_lag,
    prepare_series,
    require_steps,
    select_lag,
    stationarity,
)
from copilot.tools.graph import CausalGraph, Edge

#: Canonical time-series algorithm names and their readable names.
TS_ALGORITHMS: dict[str, str] = {
    "pcmci": "PCMCI",
    "pcmciplus": "PCMCI+",
    "varlingam": "VAR-LiNGAM",
    "granger": "Granger causality",
}
TS_ALIASES = {
    "pcmci": "pcmci",
    "pcmciplus": "pcmciplus",
    "pcmci+": "pcmciplus",
    "varlingam": "varlingam",
    "granger": "granger",
    "grangercausality": "granger",
}
#: Options the time-series methods take (keyword arguments of `discover`).
TS_OPTIONS = ("pc_alpha", "fdr", "fill_gaps")


def discover_timeseries(
    ds: Dataset,
    algo: str,
    *,
    alpha: float,
    time_col: str | None,
    series_col: str | None,
    max_lag: Any,
    reason: str,
    budget_s: float,
    device: str,
    seed: int,
    progress: ProgressCallback | None,
    options: dict[str, Any],
    notes: list[str] | None = None,
) -> DiscoveryResult:
    from threadpoolctl import threadpool_limits

    # The regressions here are small; multi-threaded BLAS spends more time spinning than working.
    with threadpool_limits(limits=1, user_api="blas"):
        return _discover(
            ds,
            algo,
            alpha=alpha,
            time_col=time_col,
            series_col=series_col,
            max_lag=max_lag,
            reason=reason,
            budget_s=budget_s,
            device=device,
            seed=seed,
            progress=progress,
            options=options,
            notes=notes,
        )


def _discover(
    ds: Dataset,
    algo: str,
    *,
    alpha: float,
    time_col: str | None,
    series_col: str | None,
    max_lag: Any,
    reason: str,
    budget_s: float,
    device: str,
    seed: int,
    progress: ProgressCallback | None,
    options: dict[str, Any],
    notes: list[str] | None,
) -> DiscoveryResult:
    t0 = time.perf_counter()
    unknown = [k for k in options if k not in TS_OPTIONS]
    if unknown:
        raise InputError(
            f"Option {unknown[0]!r} does not apply to {TS_ALGORITHMS[algo]}.",
            f"options for time-series methods: {', '.join(TS_OPTIONS)}",
        )
    pc_alpha = float(options.get("pc_alpha", 0.2))
    if not 0 < pc_alpha < 1:
        raise InputError(f"pc_alpha must be between 0 and 1, got {pc_alpha}.", "e.g. 0.2")
    fdr = bool(options.get("fdr", True))
    lag = check_max_lag(max_lag)
    ts = prepare_series(ds, time_col, series_col, None, bool(options.get("fill_gaps", False)))
    notes = list(notes or []) + list(ts.notes)

    lag_source = "given"
    if lag is None:
        require_steps(ts, 1, 2 if algo.startswith("pcmci") else 1, TS_ALGORITHMS[algo])
        lag, _ = select_lag(ts)
        lag_source = "aic"
        notes.append(
            f"max lag {lag} chosen by AIC over VAR orders 1..10 (pass --max-lag to set it)"
        )
    design_lag = 2 * lag if algo.startswith("pcmci") else lag
    require_steps(ts, lag, design_lag, TS_ALGORITHMS[algo])
    checks = stationarity(ts, lag)
    moving = [c["variable"] for c in checks if c["stationary"] is False]
    if moving:
        notes.append(
            f"ADF/KPSS tests suggest {len(moving)} series are not stationary "
            f"({', '.join(map(repr, moving[:6]))}{', ...' if len(moving) > 6 else ''}); trends "
            "or unit roots create spurious links: difference them (changes per step) first"
        )

    budget = Budget(budget_s)
    report(progress, "discover", 0, 1, f"running {TS_ALGORITHMS[algo]}")
    engine = "statsmodels"
    try:
        if algo in ("pcmci", "pcmciplus"):
            links, engine = _run_pcmci(
                ts, algo, lag, alpha, pc_alpha, fdr, device, budget, progress
            )
        elif algo == "granger":
            from copilot.tools.discovery.timeseries.var_models import granger

            links = granger(ts, lag, alpha, fdr)
            notes.append(
                "Granger causality is predictive: X -> Y means X's past improves the "
                "prediction of Y beyond the past of every analysed series; it is causal only "
                "when no common cause is left out and the sampling is fast enough"
            )
        else:
            from copilot.tools.discovery.timeseries.var_models import var_lingam

            links, gaussian = var_lingam(ts, lag, alpha, seed, fdr)
            engine = "causal-learn+statsmodels"
            if gaussian > 0.5:
                notes.append(
                    f"{100 * gaussian:.0f}% of the VAR residuals look Gaussian, where "
                    "VAR-LiNGAM's contemporaneous (lag 0) directions are not identifiable; "
                    "treat them with caution"
                )
    except BudgetExceeded as exc:
        raise BudgetError(
            f"{TS_ALGORITHMS[algo]} did not finish within the time budget of {budget_s:g} s "
            f"after {exc.tests} {exc.unit}.",
            "raise the budget (--time-budget), use a smaller --max-lag, or analyse fewer "
            "columns (--columns)",
        ) from None
    notes.extend(links.notes)
    report(progress, "discover", 1, 1, f"{TS_ALGORITHMS[algo]} done")
    lagged = _edges(ts, links)
    if fdr:
        notes.append(
            f"alpha {alpha:g} bounds the false discovery rate of the links (Benjamini-Hochberg)"
        )
    info = TimeSeriesInfo(
        time_column=ts.time_column,
        series_column=ts.series_column,
        n_series=len(ts.series),
        n_steps=ts.lengths,
        max_lag=lag,
        lag_source=lag_source,  # type: ignore[arg-type]
        edge_meaning="predictive (Granger)" if algo == "granger" else "causal",
        stationarity=checks,
    )
    graph, folded = summary_graph(ts.names, lagged)
    if folded:
        notes.append(
            f"summary graph: {folded} pair(s) influence each other in both directions across "
            "lags (feedback), drawn <->; this does not mean a hidden common cause here"
        )
    return DiscoveryResult(
        algorithm=algo,
        algorithm_name=TS_ALGORITHMS[algo],
        reason=reason,
        ci_test="parcorr" if algo.startswith("pcmci") else None,
        alpha=alpha,
        graph=graph,
        elapsed_s=time.perf_counter() - t0,
        engine=engine,
        dataset=ds.name,
        n_rows=sum(ts.lengths),
        notes=list(dict.fromkeys(notes)),
        data_notes=list(ds.notes),
        lagged_edges=lagged,
        time_series=info,
    )


def _run_pcmci(
    ts: TimeSeries,
    algo: str,
    lag: int,
    alpha: float,
    pc_alpha: float,
    fdr: bool,
    device: str,
    budget: Budget,
    progress: ProgressCallback | None,
) -> tuple[Links, str]:
    from copilot.tools.discovery.timeseries.series import lagged_design

    design = lagged_design(ts, 2 * lag)
    pc = PartialCorrelations(
        design,
        device=device,
        on_batch=lambda done: report(progress, "pcmci", done, None, f"{done} CI tests"),
    )

    def check() -> None:
        budget.check(pc.tests)

    run = pcmci if algo == "pcmci" else pcmciplus
    links = run(pc, ts.p, lag, alpha, pc_alpha=pc_alpha, fdr=fdr, check=check)
    return links, f"torch ({pc.device.type})"


def _edges(ts: TimeSeries, links: Links) -> list[LaggedEdge]:
    names, t = ts.names, links.table
    out = [
        LaggedEdge(
            source=names[i],
            target=names[j],
            lag=tau,
            strength=float(t.val[i, j, tau]),
            p_value=float(t.pval[i, j, tau]),
        )
        for i, tau, j in links.lagged
    ]
    for (i, j), kind in [(e, "directed") for e in links.directed0] + [
        (e, "undirected") for e in links.undirected0
    ]:
        out.append(
            LaggedEdge(
                source=names[i],
                target=names[j],
                lag=0,
                type=kind,  # type: ignore[arg-type]
                strength=float(t.val[i, j, 0]),
                p_value=float(t.pval[i, j, 0]),
            )
        )
    return sorted(out, key=lambda e: (e.lag, e.target, e.source))


def summary_graph(names: list[str], lagged: list[LaggedEdge]) -> tuple[CausalGraph, int]:
    """One edge per pair: directed when all links go one way, <-> for feedback across lags.

    Self-links (a series' dependence on its own past) appear only in the lagged edges.
    """
    ways: dict[frozenset[str], set[tuple[str, str]]] = {}
    undirected: set[frozenset[str]] = set()
    for e in lagged:
        if e.source == e.target:
            continue
        key = frozenset((e.source, e.target))
        if e.type == "undirected":
            undirected.add(key)
            ways.setdefault(key, set())
        else:
            ways.setdefault(key, set()).add((e.source, e.target))
    edges, folded = [], 0
    for key, dirs in ways.items():
        if len(dirs) == 2:
            a, b = sorted(key)
            edges.append(Edge(source=a, target=b, source_mark="arrow", target_mark="arrow"))
            folded += 1
        elif dirs:
            a, b = next(iter(dirs))
            edges.append(Edge(source=a, target=b))
        else:
            a, b = sorted(key)
            edges.append(Edge(source=a, target=b, source_mark="tail", target_mark="tail"))
    order = {n: k for k, n in enumerate(names)}
    edges.sort(key=lambda e: (order[e.source], order[e.target]))
    return CausalGraph(nodes=list(names), edges=edges, kind="graph"), folded


def lag_label(result: DiscoveryResult, source: str, target: str) -> str:
    """'1,2' for the lags of source -> target in a time-series result ('' when none)."""
    lags = sorted(
        {e.lag for e in result.lagged_edges or [] if (e.source, e.target) == (source, target)}
    )
    return ",".join(map(str, lags))
