"""`discover`: one call from a table to a causal graph, with the reason, caveats and confidences."""

from __future__ import annotations

import contextlib
import io
import time
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from copilot.errors import BudgetError, DiscoveryError, InputError, nearest_names
from copilot.progress import ProgressCallback, report
from copilot.tools.data import Dataset, load_table
from copilot.tools.discovery.algorithms import (
    ALGORITHMS,
    CI_TESTS,
    CONSTRAINT_BASED,
    EXACT_MAX_P,
    RUNNERS,
    RunContext,
    RunOutput,
    prepare,
    resolve_pc_engine,
    torch_engine_available,
)
from copilot.tools.discovery.budget import Budget, BudgetExceeded
from copilot.tools.discovery.knowledge import (
    Knowledge,
    apply_knowledge,
    build_knowledge,
    check_acyclic,
    undirect_cycles,
    violations,
)
from copilot.tools.discovery.result import (
    BootstrapEdge,
    BootstrapSummary,
    DiscoveryResult,
    KnowledgeMode,
)
from copilot.tools.discovery.select import (
    Choice,
    categorical_positions,
    choose_algorithm,
    choose_timeseries,
    default_ci_test,
    default_score,
    is_discrete,
)
from copilot.tools.discovery.timeseries import (
    TS_ALGORITHMS,
    TS_ALIASES,
    detect_time_column,
    discover_timeseries,
)
from copilot.tools.graph import CausalGraph, Edge

_ALIASES = {
    "pc": "pc",
    "pcstable": "pc",
    "fci": "fci",
    "ges": "ges",
    "directlingam": "direct_lingam",
    "lingam": "direct_lingam",
    "icalingam": "ica_lingam",
    "cdnod": "cdnod",
    "grasp": "grasp",
    "boss": "boss",
    "exact": "exact",
    "exactsearch": "exact",
    "astar": "exact",
    **TS_ALIASES,
}
#: Options each algorithm understands (passed as keyword arguments to `discover`).
OPTIONS: dict[str, tuple[str, ...]] = {
    "pc": ("depth",),
    "fci": ("depth",),
    "cdnod": (),
    "ges": ("penalty", "score"),
    "grasp": ("depth", "penalty", "score", "restarts"),
    "boss": ("penalty", "score", "restarts"),
    "exact": ("max_parents",),
    "direct_lingam": (),
    "ica_lingam": ("max_iter",),
}
COMMON_OPTIONS = ("knowledge_policy",)
SCORES = ("bic", "bdeu", "dg")
MAX_BOOTSTRAP = 1000
DEFAULT_ALPHA = 0.05
#: Time-series methods test hundreds of lagged links; their alpha is a false discovery rate.
TS_DEFAULT_ALPHA = 0.01
_QUIET = (DeprecationWarning, FutureWarning, PendingDeprecationWarning)


def normalize_algorithm(name: str) -> str:
    """'Direct-LiNGAM' -> 'direct_lingam'; 'auto' stays; unknown names raise with suggestions."""
    key = "".join(ch for ch in str(name).lower() if ch.isalnum() or ch == "+")
    if key == "pcmci+":
        return "pcmciplus"
    key = key.replace("+", "")
    if key == "auto":
        return "auto"
    if key in _ALIASES:
        return _ALIASES[key]
    known = ["auto", *ALGORITHMS, *TS_ALGORITHMS]
    near = nearest_names(name, known)
    hint = f"did you mean {near[0]!r}?" if near else f"use one of {', '.join(known)}"
    raise InputError(f"Unknown algorithm {name!r}.", hint)


def _library(algo: str, engine: str, knowledge: bool = False) -> str:
    """The library an algorithm runs on, as named in the progress line before it loads."""
    if algo == "pc" and engine == "torch":
        # causal-learn orients with background knowledge; the default runs on arrays
        return "causal-learn and torch" if knowledge else "torch"
    return "causal-learn"


def discover(
    dataset: Dataset | pd.DataFrame | str | Path,
    algorithm: str = "auto",
    alpha: float | None = None,
    ci_test: str | None = None,
    domain_col: str | None = None,
    bootstrap: int = 0,
    required: Iterable[str | Sequence[str]] = (),
    forbidden: Iterable[str | Sequence[str]] = (),
    tiers: str | Sequence[Sequence[str]] | None = None,
    time_budget_s: float | None = None,
    force: bool = False,
    seed: int = 0,
    progress: ProgressCallback | None = None,
    engine: str = "auto",
    time_col: str | None = None,
    series_col: str | None = None,
    max_lag: int | None = None,
    **options: Any,
) -> DiscoveryResult:
    """Learn a causal graph from a table.

    `algorithm` is one of auto, pc, fci, ges, direct_lingam, ica_lingam, cdnod, grasp, boss,
    exact (alpha default 0.05); `auto` picks from the data profile (see `copilot.tools.discovery.select`) and the
    result says why. `ci_test` (fisherz, chisq, gsq, kci) applies to pc, fci and cdnod.
    `domain_col` names the domain or time index for CD-NOD. `required`/`forbidden` take edges
    as "a->b" strings or (a, b) pairs; `tiers` a list of lists or "a,b;c;d" (earliest first).
    `bootstrap` resamples give each edge a confidence. `time_budget_s` (default: settings)
    bounds the search, knowledge step and bootstrap (not loading or imports); KCI above
    settings.kci_max_n rows and exact search above 14 variables are refused unless `force`.
    `engine` picks the PC implementation (auto, torch, causal-learn).
    Options: depth (pc, fci, grasp), penalty and score=bic|bdeu (ges, grasp, boss),
    max_parents (exact), max_iter (ica_lingam), knowledge_policy=enforce|check.

    Time series: `algorithm` pcmci, pcmciplus, varlingam or granger (or auto on data with a
    time column) returns lagged edges; `time_col` sorts the rows (detected when left out),
    `series_col` names independent series, `max_lag` the longest lag (default: chosen by AIC);
    `alpha` (default 0.01 here) is the false discovery rate of the reported links.
    Options: pc_alpha (PCMCI condition selection, 0.2), fdr (True), fill_gaps (False).
    """
    from copilot.settings import load_settings

    t0 = time.perf_counter()
    settings = load_settings()
    ds = _as_dataset(dataset)
    algo = normalize_algorithm(algorithm)
    alpha_given = alpha is not None
    alpha = _check_alpha(DEFAULT_ALPHA if alpha is None else alpha)
    bootstrap = _check_bootstrap(bootstrap)
    budget_s = settings.time_budget_s if time_budget_s is None else float(time_budget_s)
    if not budget_s > 0:
        raise InputError(
            f"The time budget must be positive, got {time_budget_s}.", "give seconds, e.g. 600"
        )
    if ci_test is not None:
        ci_test = str(ci_test).lower().replace("-", "").replace("_", "")
        ci_test = {"fisher": "fisherz", "chisquare": "chisq", "gsquare": "gsq", "g2": "gsq"}.get(
            ci_test, ci_test
        )
        if ci_test not in CI_TESTS:
            raise InputError(f"Unknown CI test {ci_test!r}.", f"use one of {', '.join(CI_TESTS)}")
    # Profiling a large table takes seconds, importing torch or causal-learn more: say so first.
    report(progress, "discover", 0, None, "profiling the data")
    ts_choice = _timeseries_choice(ds, algo, domain_col, time_col, series_col, max_lag)
    if ts_choice is not None:
        _check_timeseries_args(
            ts_choice.algorithm, ci_test, bootstrap, required, forbidden, tiers, engine, options
        )
        return discover_timeseries(
            ds,
            ts_choice.algorithm,
            alpha=alpha if alpha_given else TS_DEFAULT_ALPHA,
            time_col=time_col,
            series_col=series_col,
            max_lag=max_lag,
            reason=_reason(ts_choice, algorithm),
            budget_s=budget_s,
            device=settings.device,
            seed=seed,
            progress=progress,
            options=options,
        )
    policy = options.pop("knowledge_policy", "enforce")
    if policy not in ("enforce", "check"):
        raise InputError(f"Unknown knowledge policy {policy!r}.", "use enforce or check")

    # Variables and the domain/time index.
    profile = ds.profile
    index_col: str | None = None
    data_notes = list(ds.notes)
    notes: list[str] = []
    if domain_col is not None:
        ds.require([domain_col], "domain column")
        if algo not in ("auto", "cdnod"):
            raise InputError(
                f"A domain column is used by CD-NOD only, not by {algo}.",
                "use --algo cdnod (or auto), or leave out --domain-col",
            )
        index_col = domain_col
    elif algo in ("auto", "cdnod") and profile.index_column is not None:
        index_col = profile.index_column
    if algo == "cdnod" and index_col is None:
        raise DiscoveryError(
            "CD-NOD needs a domain or time index column and none was found.",
            "name it with --domain-col (domain_col=...)",
        )
    variables = [c for c in ds.analysable() if c != index_col]
    if algo not in ("auto", "cdnod") and profile.index_column in variables:
        notes.append(
            f"column {profile.index_column!r} looks like a domain or time index; it was analysed "
            "as an ordinary variable (CD-NOD models it as the source of changes: --algo cdnod)"
        )
    if len(variables) < 2:
        raise DiscoveryError(
            f"Causal discovery needs at least two analysable columns; {ds.name} has "
            f"{len(variables)} ({', '.join(map(repr, variables)) or 'none'}).",
            "load more columns (ids and dates are not analysed)",
        )

    # The algorithm, its test or score, and why.
    if algo == "auto":
        choice = choose_algorithm(profile, variables, index_col, settings.kci_max_n)
        if ci_test is not None:
            if choice.algorithm not in CONSTRAINT_BASED:
                choice = Choice(
                    "pc",
                    ci_test,
                    None,
                    f"a CI test ({ci_test}) was given, so a constraint-based method runs: PC.",
                    0,
                )
            else:
                choice = Choice(
                    choice.algorithm,
                    ci_test,
                    None,
                    choice.reason.rstrip(".") + f"; the CI test {ci_test} was given.",
                    choice.rule,
                )
    else:
        choice = _explicit_choice(algo, ci_test, options.get("score"), profile, variables)
    algo = choice.algorithm
    unknown = [k for k in options if k not in OPTIONS[algo]]
    if unknown:
        allowed = ", ".join(OPTIONS[algo] + COMMON_OPTIONS)
        raise InputError(
            f"Option {unknown[0]!r} does not apply to {ALGORITHMS[algo]}.",
            f"options for {algo}: {allowed}",
        )
    _check_options(options)
    if alpha != 0.05 and algo not in CONSTRAINT_BASED:
        notes.append(f"alpha={alpha:g} was ignored: {ALGORITHMS[algo]} uses no independence tests")
    score = choice.score
    if algo in ("ges", "grasp", "boss"):
        score = str(
            options.pop("score", None) or score or default_score(profile, variables, algo)
        ).lower()
        if score not in SCORES:
            raise InputError(
                f"Unknown score {score!r}.",
                "use bic (continuous), bdeu (discrete) or dg (mixed; grasp and boss)",
            )
        if score == "dg" and algo == "ges":
            raise InputError(
                "The DG (degenerate Gaussian) score runs with grasp and boss, not GES.",
                "use --algo boss, or score=bic with GES",
            )
    test = choice.ci_test if algo in CONSTRAINT_BASED else None
    if algo != "pc" and engine not in ("auto", "causal-learn"):
        resolve_pc_engine(engine)  # an unknown name gets its own error
        raise InputError(
            f"The {engine} engine runs PC only, not {ALGORITHMS[algo]}.",
            "leave out --engine or use --algo pc",
        )
    engine_used = (
        resolve_pc_engine(engine, test, len(variables)) if algo == "pc" else "causal-learn"
    )

    # Frames to numbers, and the checks that protect the user's time.
    timings: dict[str, float] = {}
    X = ds.numeric(variables).to_numpy(dtype=float)
    index = (
        ds.numeric([index_col]).to_numpy(dtype=float)[:, 0]
        if index_col and algo == "cdnod"
        else None
    )
    n, p = X.shape
    _check_cost(algo, test, n, p, force, settings.kci_max_n, options.get("max_parents"))
    notes.extend(_method_notes(algo, test, score, profile, variables, n, p))
    if test in ("fisherz", None) and score != "bdeu":
        _check_collinear(X, variables)
    names = variables + ([index_col] if index is not None else [])
    knowledge = build_knowledge(names, required, forbidden, tiers)
    into_index = [
        f"{a}->{b}" for a, b in knowledge.required if index is not None and b == index_col
    ]
    if into_index:
        raise InputError(
            f"The required edge {into_index[0]} points into the index column {index_col!r}.",
            "CD-NOD treats the domain or time index as a cause only; drop that edge",
        )

    # Load the algorithm's library now: the budget covers the search (and bootstrap), not imports.
    t_imports = time.perf_counter()
    timings["data_s"] = t_imports - t0
    uses_knowledge = not knowledge.empty
    report(progress, "discover", 0, None, f"loading {_library(algo, engine_used, uses_knowledge)}")
    prepare(algo, engine_used, uses_knowledge)
    t_search = time.perf_counter()
    timings["imports_s"] = t_search - t_imports
    budget = Budget(budget_s)
    ctx = RunContext(
        alpha=alpha,
        ci_test=test,
        score=score,
        knowledge=knowledge,
        budget=budget,
        progress=progress,
        seed=seed,
        engine=engine,
        device=settings.device,
        index=index,
        categorical=categorical_positions(profile, variables),
        options=options,
    )
    report(progress, "discover", 0, 1, f"running {ALGORITHMS[algo]}")
    try:
        out, caught = _run(algo, X, names, ctx)
    except BudgetExceeded as exc:
        raise BudgetError(
            f"{ALGORITHMS[algo]} did not finish within the time budget of {budget_s:g} s "
            f"after {exc.tests} {exc.unit}.",
            _budget_hint(algo, test, engine_used),
        ) from None
    run_s = time.perf_counter() - t_search
    if out.timings:  # the engine's set-up (torch PC: correlations, starting graph) apart
        timings["setup_s"] = out.timings.get("setup_s", 0.0)
        timings["search_s"] = run_s - timings["setup_s"]
    else:
        timings["search_s"] = run_s
    notes.extend(out.notes + caught)
    graph, mode, found, changes = _knowledge_step(out, knowledge, policy, ALGORITHMS[algo])
    graph = _acyclic(graph, notes)
    if mode != "none" and not changes and not found:
        notes.append("the output satisfies all of the background knowledge")
    cut: list[str] = list(out.cut)
    if budget.exceeded and algo not in CONSTRAINT_BASED and not cut:
        why = (
            "it cannot be stopped midway"
            if algo == "ica_lingam"
            else "its final step, which the budget does not interrupt, ran over"
        )
        cut.append(
            f"{ALGORITHMS[algo]} took {budget.elapsed:.1f} s, beyond the time budget of "
            f"{budget_s:g} s ({why})"
        )
    report(progress, "discover", 1, 1, f"{ALGORITHMS[algo]} done")

    summary = None
    if bootstrap:
        t_boot = time.perf_counter()
        summary, graph = _bootstrap(
            algo,
            X,
            index,
            names,
            ctx,
            graph,
            bootstrap,
            seed,
            policy,
            knowledge,
            budget,
            cut,
            notes,
        )
        timings["bootstrap_s"] = time.perf_counter() - t_boot

    return DiscoveryResult(
        algorithm=algo,
        algorithm_name=ALGORITHMS[algo],
        reason=_reason(choice, algorithm),
        ci_test=test,
        score=score,
        alpha=alpha if algo in CONSTRAINT_BASED else None,
        graph=graph,
        elapsed_s=time.perf_counter() - t0,
        timings=timings,
        engine=engine_used,
        knowledge_mode=mode,
        knowledge=knowledge.to_dict() if not knowledge.empty else {},
        knowledge_violations=found,
        knowledge_changes=changes,
        bootstrap=summary,
        dataset=ds.name,
        n_rows=n,
        index_column=index_col if algo == "cdnod" else None,
        notes=list(dict.fromkeys(notes)),
        data_notes=data_notes,
        cut=cut,
    )


# steps ---------------------------------------------------------------------------------------


def _timeseries_choice(
    ds: Dataset,
    algo: str,
    domain_col: str | None,
    time_col: str | None,
    series_col: str | None,
    max_lag: Any,
) -> Choice | None:
    """The time-series method to run, or None when the data are analysed as a plain table."""
    ts_args = [
        name
        for name, value in (
            ("time_col", time_col),
            ("series_col", series_col),
            ("max_lag", max_lag),
        )
        if value is not None
    ]
    if algo in TS_ALGORITHMS:
        if domain_col is not None:
            raise InputError(
                f"A domain column is used by CD-NOD only, not by {TS_ALGORITHMS[algo]}.",
                "use --time-col for the time column, or --algo cdnod for domains",
            )
        return Choice(algo, None, None, f"{TS_ALGORITHMS[algo]} was requested.", 0)
    if algo != "auto":
        if ts_args:
            raise InputError(
                f"{ts_args[0]} applies to the time-series methods, not to {ALGORITHMS[algo]}.",
                "use --algo pcmci, pcmciplus, varlingam or granger (or auto)",
            )
        return None
    if domain_col is not None:
        if ts_args:
            raise InputError(
                f"domain_col (CD-NOD) and {ts_args[0]} (time series) cannot be combined.",
                "give --domain-col for regimes or --time-col for a time series, not both",
            )
        return None
    if ts_args:
        return choose_timeseries(time_col or series_col or "row order", given=True)
    detected = detect_time_column(ds)
    if detected is not None:
        return choose_timeseries(detected, given=False)
    return None


def _check_timeseries_args(
    algo: str, ci_test, bootstrap, required, forbidden, tiers, engine, options
) -> None:
    name = TS_ALGORITHMS[algo]
    if ci_test is not None and str(ci_test).lower() not in ("parcorr", "fisherz"):
        raise InputError(
            f"{name} runs with partial-correlation tests; the CI test {ci_test!r} is not "
            "available for time series.",
            "leave out --ci-test",
        )
    if bootstrap:
        raise InputError(
            f"Bootstrap confidences are not available for {name}: resampling rows would break "
            "the time order.",
            "leave out --bootstrap; each edge carries its FDR-adjusted p-value instead",
        )
    if list(required) or list(forbidden) or tiers:
        raise InputError(
            f"Background knowledge (required, forbidden, tiers) is not used by {name}.",
            "leave it out; time order already forbids links from the future",
        )
    if engine not in ("auto", "torch"):
        raise InputError(
            f"{name} runs on the batched torch engine only; --engine {engine} does not apply.",
            "leave out --engine",
        )
    options.pop("knowledge_policy", None)


def _as_dataset(dataset: Any) -> Dataset:
    if isinstance(dataset, Dataset):
        return dataset
    if isinstance(dataset, pd.DataFrame | str | Path):
        with warnings.catch_warnings():
            # Dropped columns are also written to the dataset's notes, which the result carries.
            warnings.simplefilter("ignore", UserWarning)
            return load_table(dataset)
    raise InputError(
        f"Cannot discover a graph from a {type(dataset).__name__}.",
        "pass a Dataset, a pandas DataFrame or a file path",
    )


def _check_alpha(alpha: Any) -> float:
    try:
        a = float(alpha)
    except (TypeError, ValueError):
        raise InputError(f"alpha must be a number, got {alpha!r}.", "use e.g. 0.05") from None
    if not 0 < a < 1:
        raise InputError(f"alpha must be between 0 and 1, got {alpha}.", "use e.g. 0.05 or 0.01")
    return a


def _check_bootstrap(n: Any) -> int:
    if isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 0:
        raise InputError(
            f"bootstrap must be a whole number >= 0, got {n!r}.", "use e.g. 50 (0 turns it off)"
        )
    if n == 1 or n > MAX_BOOTSTRAP:
        raise InputError(
            f"bootstrap={n} resamples cannot give useful confidences.",
            f"use between 2 and {MAX_BOOTSTRAP} (e.g. 50), or 0 to turn it off",
        )
    return int(n)


#: Numeric options and their smallest allowed value.
_NUMERIC_OPTIONS = {"depth": 0, "penalty": 1e-9, "max_parents": 1, "max_iter": 1, "restarts": 1}


def _check_options(options: dict[str, Any]) -> None:
    for key, low in _NUMERIC_OPTIONS.items():
        if key not in options or options[key] is None:
            continue
        value = options[key]
        whole = key != "penalty"
        ok = isinstance(value, int | float | np.integer | np.floating) and not isinstance(
            value, bool
        )
        if not ok or (whole and float(value) != int(value)) or value < low:
            kind = "a whole number" if whole else "a number"
            raise InputError(
                f"Option {key}={value!r} must be {kind} >= {low:g}.",
                f"e.g. {key}={3 if whole else 2.0}",
            )


def _explicit_choice(
    algo: str, ci_test: str | None, score: str | None, profile, variables
) -> Choice:
    if algo in CONSTRAINT_BASED:
        test = ci_test or default_ci_test(profile, variables)
        how = (
            "given"
            if ci_test
            else (
                "chosen because every column is discrete"
                if test == "chisq"
                else "the default for continuous data"
            )
        )
        return Choice(
            algo, test, None, f"{ALGORITHMS[algo]} was requested; CI test {test} ({how}).", 0
        )
    if ci_test is not None:
        raise InputError(
            f"A CI test applies to pc, fci and cdnod, not to {algo}.",
            "leave out --ci-test or choose a constraint-based algorithm",
        )
    if algo in ("ges", "grasp", "boss"):
        sc = (score or default_score(profile, variables, algo)).lower()
        how = (
            "given"
            if score
            else {
                "bdeu": "every column is discrete",
                "dg": "categorical columns next to continuous ones",
            }.get(sc, "continuous data")
        )
        return Choice(
            algo, None, sc, f"{ALGORITHMS[algo]} was requested; {sc.upper()} score ({how}).", 0
        )
    if algo == "exact":
        return Choice(
            algo,
            None,
            "bic",
            f"{ALGORITHMS[algo]} was requested; it returns the BIC-optimal equivalence class.",
            0,
        )
    return Choice(algo, None, None, f"{ALGORITHMS[algo]} was requested.", 0)


def _reason(choice: Choice, requested: str) -> str:
    if normalize_algorithm(requested) == "auto" and choice.rule:
        rule = "time series" if choice.rule < 0 else f"rule {choice.rule}"
        return f"Chosen automatically ({rule}): {choice.reason}"
    return choice.reason


def _check_cost(
    algo: str,
    test: str | None,
    n: int,
    p: int,
    force: bool,
    kci_max_n: int,
    max_parents: int | None = None,
) -> None:
    if test == "kci" and n > kci_max_n and not force:
        gb = n * n * 8 / 1e9
        per_test = 2.0 * (n / 500) ** 3
        raise BudgetError(
            f"The KCI test on {n} rows is refused: each test builds {n}x{n} kernel matrices "
            f"({gb:.2f} GB each) and its cost grows with n^3 (about {per_test:,.0f} s per test on one "
            f"core), and a search runs dozens to thousands of tests (limit: {kci_max_n} rows).",
            f"subsample to {kci_max_n} rows or fewer, use fisherz, raise COPILOT_KCI_MAX_N, "
            "or pass --force (force=True) to run it anyway",
        )
    if algo == "exact" and p > EXACT_MAX_P and not force:
        from math import comb

        k = p - 1 if max_parents is None else min(int(max_parents), p - 1)
        sets = p * sum(comb(p - 1, i) for i in range(k + 1))
        raise BudgetError(
            f"Exact search on {p} variables is refused: it scores {sets:,} parent sets and "
            f"searches {2**p:,} variable subsets (limit: {EXACT_MAX_P} variables).",
            "use --algo ges or boss, analyse fewer columns (--columns), or pass --force "
            "(force=True), best with --max-parents K (max_parents=K) to score fewer parent sets",
        )


def _budget_hint(algo: str, test: str | None, engine: str) -> str:
    """What to do when a search ran out of time, for the algorithm and test that ran."""
    ways = ["raise the budget (--time-budget)", "analyse fewer columns (--columns)"]
    if algo not in CONSTRAINT_BASED:
        ways.append("use PC with fisherz (--algo pc --ci-test fisherz)")
    elif test == "kci":
        ways.append("use a faster test than kci (--ci-test fisherz, or chisq for discrete columns)")
    else:
        # fisherz, chisq and gsq are already the fast tests: a sparser graph needs fewer of them
        if algo == "pc" and test == "fisherz" and engine != "torch" and torch_engine_available():
            ways.append("use the batched PC engine (--engine torch)")
        ways.append("lower --alpha (a sparser graph needs fewer CI tests)")
    return ", ".join(ways[:-1]) + ", or " + ways[-1]


def _method_notes(
    algo: str, test: str | None, score: str | None, profile, variables: list[str], n: int, p: int
) -> list[str]:
    """Caveats of this method on this data; raises when the method cannot apply at all."""
    notes = []
    kinds = profile.kinds()
    discrete = [c for c in variables if kinds.get(c) in ("discrete", "binary", "categorical")]
    _check_fit(test, score, profile, variables)
    if score == "dg" and discrete:
        notes.append(
            "the DG score enters each categorical or discrete column with 3 or more levels as "
            "indicators of its levels (no order assumed), continuous columns as Gaussian"
        )
    if algo in ("exact", "ges", "grasp", "boss") and score == "bic" and discrete:
        notes.append(
            f"the BIC score treats the {len(discrete)} discrete column(s) as Gaussian numbers"
            + (
                "; score=bdeu suits all-discrete data"
                if algo != "exact" and len(discrete) == len(variables)
                else ""
            )
        )
    return notes + _assumption_notes(algo, test, score, profile, variables, discrete, n, p)


def _check_fit(test: str | None, score: str | None, profile, variables: list[str]) -> None:
    kinds = profile.kinds()
    if test in ("chisq", "gsq"):
        wide = [c for c in variables if kinds.get(c) == "continuous"]
        if wide:
            raise InputError(
                f"The {test} test needs discrete columns; {wide[0]!r} is continuous "
                f"({profile.column(wide[0]).cardinality} distinct values).",
                "use fisherz or kci, or leave that column out (--columns)",
            )
    if score == "bdeu" and not is_discrete(profile, variables):
        cont = [c for c in variables if kinds.get(c) == "continuous"]
        raise InputError(
            f"The BDeu score needs discrete columns; {cont[0]!r} is continuous.", "use score=bic"
        )


def _assumption_notes(
    algo: str,
    test: str | None,
    score: str | None,
    profile,
    variables: list[str],
    discrete: list[str],
    n: int,
    p: int,
) -> list[str]:
    notes = []
    if algo in ("direct_lingam", "ica_lingam"):
        if discrete:
            notes.append(
                f"LiNGAM assumes continuous variables; {len(discrete)} column(s) are discrete "
                f"({', '.join(map(repr, discrete[:5]))})"
            )
        if profile.gaussian:
            notes.append(
                "the noise looks Gaussian, where LiNGAM's orientations are not identifiable; "
                "treat its directions with caution"
            )
    if (
        algo in ("exact", "ges", "grasp", "boss")
        and score in ("bic", "dg")
        and profile.linear is False
    ):
        notes.append(
            "the BIC score assumes linear Gaussian relations, but the relations look nonlinear"
        )
    if test == "fisherz" and profile.linear is False:
        notes.append(
            "Fisher-z measures linear dependence; relations look nonlinear, so edges may be missed"
        )
    if test == "fisherz" and discrete and len(discrete) < len(variables):
        notes.append(
            f"{len(discrete)} discrete column(s) are treated as numbers by the Fisher-z test"
        )
    if algo == "fci":
        notes.append(
            "FCI allows hidden confounders: o marks are undetermined ends, <-> means a hidden "
            "common cause"
        )
    if n < 10 * p:
        notes.append(
            f"only {n} rows for {p} variables; independence decisions are unreliable at this size"
        )
    return notes


def _check_collinear(X: np.ndarray, names: list[str]) -> None:
    from copilot.tools.blas import one_blas_thread

    with np.errstate(invalid="ignore", divide="ignore"), one_blas_thread():
        corr = np.corrcoef(X, rowvar=False)
    p = len(names)
    for i in range(p):
        for j in range(i + 1, p):
            if abs(corr[i, j]) > 1 - 1e-10:
                raise DiscoveryError(
                    f"Columns {names[i]!r} and {names[j]!r} are perfectly correlated "
                    f"(r={corr[i, j]:+.4f}); the tests and scores cannot separate them.",
                    "leave one of them out with --columns",
                )


def _run(
    algo: str, X: np.ndarray, names: list[str], ctx: RunContext
) -> tuple[RunOutput, list[str]]:
    """Run one algorithm; library warnings become notes and library failures DiscoveryErrors."""
    printed = io.StringIO()
    # Some causal-learn steps print as they go (FCI's knowledge orientation); keep stdout clean
    # for --json and keep what they said.
    with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stdout(printed):
        warnings.simplefilter("always")
        try:
            out = RUNNERS[algo](X, names, ctx)
        except BudgetExceeded:
            raise
        except (ValueError, np.linalg.LinAlgError, ZeroDivisionError, AssertionError) as exc:
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise DiscoveryError(
                f"{ALGORITHMS[algo]} failed on this data: {first}",
                "check for duplicated or nearly constant columns, or try another algorithm",
            ) from None
    msgs = [
        f"{w.category.__name__}: {w.message}" for w in caught if not issubclass(w.category, _QUIET)
    ]
    return out, list(dict.fromkeys(msgs))


def _knowledge_step(
    out: RunOutput, k: Knowledge, policy: str, algorithm: str = "the search"
) -> tuple[CausalGraph, KnowledgeMode, list[str], list[str]]:
    """Check the output against the knowledge and, unless policy is "check", repair it.

    A graph that the knowledge (used by the search or enforced here) leaves with a directed
    cycle is refused with a DiscoveryError that names the cycle and the knowledge behind it.
    """
    if k.empty:
        return out.graph, "none", [], []
    found = violations(out.graph, k)
    if policy == "check":
        mode: KnowledgeMode = (
            "native"
            if out.knowledge_use == "all"
            else ("native+checked" if out.knowledge_use == "partial" else "checked")
        )
        if out.knowledge_use != "none":
            check_acyclic(out.graph, k, algorithm)
        return out.graph, mode, found, []
    graph, changes = apply_knowledge(out.graph, k) if found else (out.graph, [])
    check_acyclic(graph, k, algorithm)
    if out.knowledge_use == "none":
        mode = "enforced"
    elif out.knowledge_use == "partial" or changes:
        mode = "native+enforced"
    else:
        mode = "native"
    return graph, mode, found, changes


def _acyclic(graph: CausalGraph, notes: list[str]) -> CausalGraph:
    """A search output with a directed cycle (conflicting orientation rules on finite data) has
    the cycle's edges left undecided, with a note: a cyclic graph is never passed on."""
    repaired, cycles = undirect_cycles(graph)
    for cycle in cycles:
        notes.append(
            f"the search oriented the directed cycle {' -> '.join(cycle)} (its orientation rules "
            "conflicted on this data); those edges are left undecided"
        )
    return repaired


def _signature(e: Edge) -> tuple:
    return tuple(sorted([(e.source, e.source_mark), (e.target, e.target_mark)]))


def _bootstrap(
    algo, X, index, names, ctx, graph, n_resamples, seed, policy, knowledge, budget, cut, notes
) -> tuple[BootstrapSummary, CausalGraph]:
    """Rerun on resampled rows; an edge's confidence is the share of resamples that have it."""
    rng = np.random.default_rng(seed)
    counts: Counter = Counter()
    seen: dict[tuple, Edge] = {}
    done, failed, times = 0, [], []
    n = X.shape[0]
    for b in range(n_resamples):
        if budget.exceeded or (times and budget.remaining < float(np.mean(times))):
            cut.append(
                f"bootstrap stopped after {done} of {n_resamples} resamples: the time budget of "
                f"{budget.seconds:g} s ran out; confidences use the {done} finished resamples"
            )
            break
        rows = rng.integers(0, n, n)
        sub = replace(
            ctx, seed=seed + b + 1, progress=None, index=None if index is None else index[rows]
        )
        t = time.perf_counter()
        try:
            out, _ = _run(algo, X[rows], names, sub)
            g, *_ = _knowledge_step(out, knowledge, policy, ALGORITHMS[algo])
            g = _acyclic(g, [])
        except BudgetExceeded:
            cut.append(
                f"bootstrap stopped during resample {b + 1} of {n_resamples}: the time budget of "
                f"{budget.seconds:g} s ran out; confidences use the {done} finished resamples"
            )
            break
        except DiscoveryError as exc:
            failed.append(exc.message)
            continue
        times.append(time.perf_counter() - t)
        for e in g.edges:
            sig = _signature(e)
            counts[sig] += 1
            seen.setdefault(sig, e)
        done += 1
        report(ctx.progress, "bootstrap", done, n_resamples, f"resample {done} of {n_resamples}")
    if failed:
        notes.append(f"{len(failed)} bootstrap resample(s) failed and were skipped ({failed[0]})")
    edges = (
        [
            BootstrapEdge(
                source=seen[s].source,
                target=seen[s].target,
                type=seen[s].type,
                frequency=round(c / done, 4),
            )
            for s, c in counts.most_common()
        ]
        if done
        else []
    )
    if done:
        graph = CausalGraph(
            nodes=graph.nodes,
            kind=graph.kind,
            edges=[
                e.model_copy(update={"confidence": round(counts[_signature(e)] / done, 4)})
                for e in graph.edges
            ],
        )
    else:
        notes.append("no bootstrap resample finished, so the edges have no confidence")
    return BootstrapSummary(requested=n_resamples, completed=done, edges=edges), graph
