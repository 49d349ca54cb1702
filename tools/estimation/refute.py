"""Refutation and diagnostics: how far to trust an estimate.

DoWhy's refuters (placebo treatment, random common cause, data subset, bootstrap with
measurement noise) re-run the same estimator on altered data; each is judged against the
estimate's own standard error. Sensitivity to an unobserved confounder uses partial R2 bounds
(Cinelli and Hazlett 2020) benchmarked on the observed covariates, with the E-value
(VanderWeele and Ding 2017) alongside; for instrumental variables the same bounds on the
reduced form measure how strong a violation of the exclusion restriction must be. The graph's testable implications at the treatment and
the outcome are checked with partial-correlation tests, which is what catches a wrong graph.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from copilot.errors import EstimationError
from copilot.tools.graph import CausalGraph

from .estimators import design, propensity, quiet
from .result import OverlapReport, Refutation

#: Propensities beyond these are extreme whatever the common support is.
EXTREME_BOUNDS = (0.01, 0.99)
#: A refit on altered data fails when its mean moves more than this many standard errors.
STABILITY_SE = 2.0
#: Without an observed covariate to compare with, a hidden confounder must need to explain more
#: than this share of residual variance for the sensitivity check to pass.
NO_BENCHMARK_RV = 0.10


def _z(confidence: float) -> float:
    from scipy import stats

    return float(stats.norm.ppf(0.5 + confidence / 2))


def standard_error(ci: tuple[float, float], confidence: float) -> float:
    return (ci[1] - ci[0]) / (2 * _z(confidence))


def run_refuters(
    estimand: Any,
    dowhy_estimate: Any,
    frame: pd.DataFrame,
    treatment: str,
    ate: float,
    ci: tuple[float, float],
    confidence: float,
    n_sims: int,
    seed: int,
    refit: Callable[[pd.DataFrame], float],
    batch: Any = None,
    tick: Callable[[], None] | None = None,
) -> list[Refutation]:
    """Placebo treatment (permutation refits), and DoWhy's random common cause, data subset and bootstrap refuters.

    With `batch` (a `BatchedRegression` of the estimator) every refuter's refits are solved as
    one stack, on the same permutations, random columns, subsets and resamples (the same
    random draws, in the same order) as the refits one by one; those the stack cannot fit
    go through `refit` or DoWhy.

    `tick` is called before each refuter (and `refit` may call it before each refit): a place
    where a cancelled run stops."""
    tick = tick or (lambda: None)
    from dowhy.causal_refuters.data_subset_refuter import refute_data_subset
    from dowhy.causal_refuters.random_common_cause import refute_random_common_cause

    se = standard_error(ci, confidence)
    out: list[Refutation] = []
    data = frame.copy()
    kinds = estimand.identifier_method
    # Placebo by permuting the treatment and refitting the same estimator: DoWhy's placebo
    # refuter leaves the front-door estimator's first stage on the real treatment.
    rng = np.random.default_rng(seed)
    # Instruments move with the treatment so that the first stage survives and only the link
    # to the outcome is broken.
    cols = [treatment, *(estimand.instrumental_variables or [] if kinds == "iv" else [])]
    draws = []
    tick()
    for sims in _chunks(n_sims, batch):
        perms = [rng.permutation(len(data)) for _ in range(sims)]
        values, ok = _stacked(batch, lambda perms=perms: batch.permuted_treatment(perms), sims)
        for b, perm in enumerate(perms):
            if ok[b]:
                draws.append(float(values[b]))
                continue
            fake = data.copy()
            fake[cols] = fake[cols].to_numpy()[perm]
            try:
                draws.append(refit(fake))
            except EstimationError:
                continue
    if draws:
        pe = float(np.mean(draws))
        ok = abs(pe) <= max(se, 0.1 * abs(ate))
        out.append(
            Refutation(
                name="placebo_treatment",
                passed=bool(ok),
                new_effect=pe,
                detail=(
                    f"a randomly permuted treatment gives {pe:.4g} on average over {len(draws)} permutations "
                    f"(estimate {ate:.4g}, SE {se:.3g}): "
                    + (
                        "the effect disappears as it should."
                        if ok
                        else "a fake treatment still shows an effect, so the estimate picks up something other than the treatment."
                    )
                ),
            )
        )
    if kinds == "backdoor":
        tick()
        # DoWhy draws each random covariate from RandomState(seed), in turn
        state = np.random.RandomState(seed)
        values = []
        for sims in _chunks(n_sims, batch) if batch is not None else ():
            ws = [state.normal(size=len(data)) for _ in range(sims)]
            part, ok = _stacked(batch, lambda ws=ws: batch.with_column(ws), sims)
            if not ok.all():
                break
            values.extend(part.tolist())
        if len(values) == n_sims:
            rcc_effect = float(np.mean(values))
        else:
            with quiet():
                rcc = refute_random_common_cause(
                    data.copy(), estimand, dowhy_estimate, num_simulations=n_sims, random_state=seed
                )
            rcc_effect = float(np.ravel(rcc.new_effect)[0])
        out.append(
            _stability(
                "random_common_cause",
                rcc_effect,
                ate,
                se,
                "adding a random covariate moves the estimate to",
                "unchanged, as it should be.",
                "the estimate reacts to noise covariates, a sign of instability.",
            )
        )
    # A RandomState, not the int seed: DoWhy re-seeds with an int on every simulation, which
    # draws the same subset each time.
    tick()
    state = np.random.RandomState(seed)
    index = data.index.to_series()
    values = []
    for sims in _chunks(n_sims, batch) if batch is not None else ():
        subsets = [
            data.index.get_indexer(index.sample(frac=SUBSET_FRACTION, random_state=state).index)
            for _ in range(sims)
        ]
        part, ok = _stacked(batch, lambda subsets=subsets: batch.resampled(subsets), sims)
        if not ok.all():
            break
        values.extend(part.tolist())
    if len(values) == n_sims:
        subset_effect = float(np.mean(values))
    else:
        with quiet():
            sub = refute_data_subset(
                data.copy(),
                estimand,
                dowhy_estimate,
                subset_fraction=SUBSET_FRACTION,
                num_simulations=n_sims,
                random_state=np.random.RandomState(seed),
            )
        subset_effect = float(np.ravel(sub.new_effect)[0])
    out.append(
        _stability(
            "data_subset",
            subset_effect,
            ate,
            se,
            "on random 80% subsets the estimate averages",
            "stable across subsets.",
            "it shifts with the sample, so a few rows drive it.",
        )
    )
    # Our own bootstrap-with-noise: DoWhy's adds noise only to float columns, from the unseeded
    # global generator, and fails on categorical covariates.
    noisy = [
        c
        for c in (estimand.get_adjustment_set() or []) + list(estimand.instrumental_variables or [])
        if c in data.columns and pd.api.types.is_float_dtype(data[c]) and data[c].nunique() > 2
    ]
    draws = []
    tick()
    for sims in _chunks(n_sims, batch):
        rows, noise = [], []
        for _ in range(sims):
            rows.append(rng.integers(0, len(data), len(data)))
            noise.append({c: rng.normal(0.0, 0.1 * float(data[c].std()), len(data)) for c in noisy})
        stack = batch.resampled_with_noise(rows, noise) if batch is not None else None
        values, ok = _stacked(batch if stack is not None else None, lambda s=stack: s, sims)
        for b, idx in enumerate(rows):
            if ok[b]:
                draws.append(float(values[b]))
                continue
            sample = data.iloc[idx].reset_index(drop=True)
            for c in noisy:
                sample[c] = sample[c] + noise[b][c]
            try:
                draws.append(refit(sample))
            except EstimationError:
                continue
    out.append(
        _stability(
            "bootstrap",
            float(np.mean(draws)) if draws else float("nan"),
            ate,
            se,
            "on bootstrap resamples with small measurement noise in the covariates the estimate averages",
            "stable.",
            "it is sensitive to resampling and noise in the covariates.",
        )
    )
    return out


#: Share of the rows in each data-subset refit.
SUBSET_FRACTION = 0.8


def _chunks(n: int, batch: Any) -> list[int]:
    """Simulations per stack, so that a stack of designs stays near 8 MB (one at a time
    without a batched form, as before)."""
    if batch is None:
        return [1] * n
    step = max(1, batch.chunk_rows())
    return [min(step, n - lo) for lo in range(0, n, step)]


def _stacked(batch: Any, stack: Callable[[], Any], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Effects of a stack of refits, or all marked not done when there is no batched form."""
    if batch is None:
        return np.full(n, np.nan), np.zeros(n, dtype=bool)
    return batch.effects(*stack())


def _stability(
    name: str, new: float, ate: float, se: float, what: str, good: str, bad: str
) -> Refutation:
    """A refuter that passes when the refit estimate stays within STABILITY_SE standard errors."""
    ok = abs(new - ate) <= STABILITY_SE * se
    shift = (new - ate) / max(se, 1e-12)
    return Refutation(
        name=name,
        passed=bool(ok),
        new_effect=new,
        detail=f"{what} {new:.4g} ({shift:+.2f} SE): " + (good if ok else bad),
    )


def _robustness(
    frame: pd.DataFrame, cause: str, outcome: str, covariates: list[str], confidence: float
) -> tuple[float, str | None, float]:
    """Partial R2 bounds of the linear model outcome ~ cause + covariates: the robustness value
    RV (the share of residual variance of both cause and outcome a hidden confounder must explain
    to make the interval of the cause's coefficient include zero) and the strongest observed
    covariate by the same measure (name, min of its partial R2 with cause and with outcome)."""
    import statsmodels.api as sm

    n = len(frame)
    X = sm.add_constant(design(frame, [cause, *covariates]), has_constant="add")
    y = frame[outcome].to_numpy(dtype=float)
    with quiet():
        fit = sm.OLS(y, X).fit()
    t_stat = float(fit.tvalues[cause])
    dof = float(fit.df_resid)
    f = abs(t_stat) / math.sqrt(dof)
    t_crit = _z(confidence)
    fq = f - t_crit / math.sqrt(max(dof - 1, 1))
    rv = 0.0 if fq <= 0 else 0.5 * (math.sqrt(fq**4 + 4 * fq**2) - fq**2)
    # Benchmarks: partial R2 of each observed covariate with the cause (given the others) and
    # with the outcome.
    bench_name, bench = None, 0.0
    Xc = design(frame, covariates)
    for col in Xc.columns:
        others = sm.add_constant(Xc.drop(columns=[col]), has_constant="add")
        with quiet():
            t_d = abs(
                float(
                    sm.OLS(frame[cause].to_numpy(dtype=float), others.assign(**{col: Xc[col]}))
                    .fit()
                    .tvalues[col]
                )
            )
        df_d = n - others.shape[1] - 1
        r2_d = t_d**2 / (t_d**2 + df_d)
        t_y = abs(float(fit.tvalues[col]))
        r2_y = t_y**2 / (t_y**2 + dof)
        strength = min(r2_d, r2_y)
        if strength > bench:
            bench_name, bench = col, strength
    return rv, bench_name, bench


def sensitivity(
    frame: pd.DataFrame,
    treatment: str,
    outcome: str,
    covariates: list[str],
    ate: float,
    ci: tuple[float, float],
    confidence: float,
    binary_outcome: bool,
) -> Refutation:
    """How strong an unobserved confounder must be to move the interval to zero.

    Partial R2 bounds from the linear outcome model Y ~ T + covariates: the robustness value
    RV is the share of residual variance of both T and Y a confounder must explain to make the
    interval include zero. It is compared with the strongest observed covariate.
    """
    rv, bench_name, bench = _robustness(frame, treatment, outcome, covariates, confidence)
    evalue = e_value(frame, treatment, outcome, ate, ci, binary_outcome)
    ev = f"; E-value for the interval {evalue:.2f}" if evalue is not None else ""
    what = (
        f"a hidden confounder would need to explain {rv:.1%} of the residual variance of both "
        f"{treatment} and {outcome} to make the interval include zero"
    )
    return _judged(what, rv, bench_name, bench, "confounder", ev)


def iv_sensitivity(
    frame: pd.DataFrame,
    instruments: list[str],
    treatment: str,
    outcome: str,
    covariates: list[str],
    confidence: float,
) -> Refutation:
    """How strong a hidden path from the instruments to the outcome must be to make the IV
    estimate compatible with zero.

    The IV estimate is the reduced form (instrument on outcome) over the first stage, so it is
    zero exactly when the reduced form is, and the Anderson-Rubin test of a zero effect is the
    test of the reduced form. A confounder of instrument and outcome, or a direct effect of the
    instrument on the outcome (both break the exclusion restriction), biases the reduced form
    like an omitted variable; its robustness value (Cinelli and Hazlett's extension of their
    bounds to instrumental variables) is compared with the strongest observed covariate, or with
    a 10% bar when there is none. With several instruments, 2SLS is the IV estimate with one
    instrument, the first-stage prediction of the treatment, and that is the one checked.
    """
    from .estimators import two_stage_least_squares

    if len(instruments) == 1:
        cause = source = instruments[0]
        data = frame
    else:
        _, fit = two_stage_least_squares(frame, treatment, outcome, instruments)
        cause = f"{treatment} as predicted by {', '.join(instruments)}"
        source = "an instrument"
        data = frame.assign(**{cause: fit})
    rv, bench_name, bench = _robustness(data, cause, outcome, covariates, confidence)
    what = (
        f"a hidden confounder of {cause} and {outcome} (or a direct effect of {source} "
        f"on {outcome}, which an instrument must not have) would need to explain {rv:.1%} of "
        f"the residual variance of both {cause} and {outcome} to make the IV estimate of "
        f"{treatment}'s effect compatible with zero"
    )
    return _judged(what, rv, bench_name, bench, "violation")


def frontdoor_sensitivity(
    frame: pd.DataFrame,
    treatment: str,
    mediator: str,
    outcome: str,
    first_covariates: list[str],
    second_covariates: list[str],
    confidence: float,
) -> Refutation:
    """How strong a hidden confounder of either front-door stage must be to make the estimate
    compatible with zero.

    The front-door estimate is the product of two regression coefficients, treatment ->
    mediator and mediator -> outcome given the treatment (and the stages' adjustment sets), and
    it vanishes when either does. Front-door identification assumes neither stage is confounded;
    each stage's robustness value (Cinelli and Hazlett) says how strong a confounder that breaks
    that assumption must be to make its coefficient compatible with zero, against the strongest
    observed covariate of that stage or the 10% bar. The check passes when both stages do.
    """
    parts, ok = [], True
    for cause, effect, covs in (
        (treatment, mediator, first_covariates),
        (mediator, outcome, second_covariates),
    ):
        rv, bench_name, bench = _robustness(frame, cause, effect, covs, confidence)
        given = f" given {', '.join(covs)}" if covs else ""
        what = (
            f"{cause} -> {effect}{given}: a hidden confounder of {cause} and {effect} would need "
            f"to explain {rv:.1%} of the residual variance of both to make this stage, and so the "
            f"front-door estimate, compatible with zero"
        )
        judged = _judged(what, rv, bench_name, bench, "confounder")
        ok = ok and judged.passed
        parts.append(judged.detail)
    return Refutation(
        name="unobserved_confounder", passed=bool(ok), detail=" ".join(parts), new_effect=None
    )


def _judged(
    what: str, rv: float, bench_name: str | None, bench: float, noun: str, extra: str = ""
) -> Refutation:
    """The unobserved-confounder check: the robustness value against the strongest observed
    covariate, or against NO_BENCHMARK_RV when there is none."""
    if bench_name is not None:
        ok = rv > bench
        detail = (
            f"{what}; the strongest observed covariate ({bench_name}) explains {bench:.1%}{extra}: "
            + (
                f"a {noun} as strong as it would not overturn the result."
                if ok
                else f"a {noun} as strong as an observed one could overturn the result."
            )
        )
    else:
        ok = rv > NO_BENCHMARK_RV
        detail = (
            f"{what} (no observed covariate to compare with; {NO_BENCHMARK_RV:.0%} is the bar)"
            f"{extra}: "
            + (
                f"a weak {noun} would not overturn it."
                if ok
                else f"a weak {noun} could overturn it."
            )
        )
    return Refutation(name="unobserved_confounder", passed=bool(ok), detail=detail, new_effect=None)


def e_value(
    frame: pd.DataFrame,
    treatment: str,
    outcome: str,
    ate: float,
    ci: tuple[float, float],
    binary_outcome: bool,
) -> float | None:
    """E-value of the interval limit nearest the null, on the risk-ratio scale.

    Binary outcome: RR from the baseline risk among the untreated; continuous outcome: the
    standardised difference d converted by RR = exp(0.91 d).
    """
    y = frame[outcome].to_numpy(dtype=float)
    if binary_outcome:
        t = frame[treatment].to_numpy(dtype=float)
        p0 = float(y[t == t.min()].mean()) if np.any(t == t.min()) else float(y.mean())
        if p0 <= 0 or p0 >= 1:
            return None

        def rr(effect: float) -> float:
            return max(p0 + effect, 1e-6) / p0
    else:
        sd = float(np.std(y, ddof=1))
        if sd <= 0:
            return None

        def rr(effect: float) -> float:
            return math.exp(0.91 * effect / sd)

    lo, hi = rr(ci[0]), rr(ci[1])
    if lo <= 1 <= hi:
        return 1.0
    limit = lo if lo > 1 else 1 / hi
    return float(limit + math.sqrt(limit * (limit - 1)))


def graph_implications(
    graph: CausalGraph,
    frame: pd.DataFrame,
    nodes: list[str],
    alpha: float = 0.05,
    max_tests: int = 200,
) -> Refutation | None:
    """Test the graph's local Markov conditions at `nodes`: each is independent of its
    non-descendants given its parents (partial correlation, Bonferroni-corrected)."""
    found = worst_implication(graph, frame, nodes, max_tests)
    if found is None:
        return None
    p, (v, u, cond, r), n_tests = found
    given = f" given {', '.join(cond)}" if cond else ""
    ok = p >= alpha / n_tests
    return Refutation(
        name="graph_implications",
        passed=bool(ok),
        new_effect=None,
        detail=(
            f"{n_tests} independences the graph implies at {', '.join(nodes)} were tested; "
            + (
                f"none is contradicted by the data (smallest p = {p:.3g})."
                if ok
                else f"the data contradict {v} _||_ {u}{given} (partial r = {r:.2f}, p = {p:.2g}): "
                f"the graph misses an edge or a confounder, so its adjustment set is suspect."
            )
        ),
    )


def worst_implication(
    graph: CausalGraph, frame: pd.DataFrame, nodes: list[str], max_tests: int = 200
) -> tuple[float, tuple[str, str, list[str], float], int] | None:
    """(the smallest p-value, (v, u, v's parents, partial r) of the test that gave it, the
    number of tests) among the local Markov conditions at `nodes` (`graph_implications`), or
    None when there is nothing to test."""
    import networkx as nx
    from scipy import stats

    g = nx.DiGraph(graph.directed_edges())
    g.add_nodes_from(graph.nodes)
    confounded = {n for e in graph.edges if e.type == "bidirected" for n in (e.source, e.target)}
    tests: list[tuple[str, str, list[str]]] = []
    for v in nodes:
        if v not in g or v in confounded:
            continue
        parents = set(g.predecessors(v))
        nondesc = set(g.nodes) - nx.descendants(g, v) - {v} - parents
        for u in sorted(nondesc):
            if u in frame.columns and all(p in frame.columns for p in parents):
                tests.append((v, u, sorted(parents)))
    if not tests:
        return None
    tests = tests[:max_tests]
    worst = (1.0, None)
    n = len(frame)
    for v, u, cond in tests:
        X = design(frame, cond).to_numpy(dtype=float) if cond else np.empty((n, 0))
        A = np.column_stack([np.ones(n), X])
        rv = _residual(A, frame[v].to_numpy(dtype=float))
        ru = _residual(A, design(frame, [u]).to_numpy(dtype=float).mean(axis=1))
        denom = float(np.sqrt((rv @ rv) * (ru @ ru)))
        if denom <= 0:
            continue
        r = float(np.clip(rv @ ru / denom, -0.999999, 0.999999))
        zstat = math.sqrt(max(n - len(cond) - 3, 1)) * abs(math.atanh(r))
        p = float(2 * stats.norm.sf(zstat))
        if p < worst[0]:
            worst = (p, (v, u, cond, r))
    p, info = worst
    if info is None:
        return None
    return p, info, len(tests)


def _residual(A: np.ndarray, y: np.ndarray) -> np.ndarray:
    beta, *_ = np.linalg.lstsq(A, y, rcond=None)
    return y - A @ beta


def overlap(
    frame: pd.DataFrame, treatment: str, covariates: list[str]
) -> tuple[OverlapReport, np.ndarray]:
    """Propensity ranges per group, the common support, and the share of units outside it.

    The trimming bounds are the common support of the two groups' propensities (Dehejia and
    Wahba's rule), narrowed to EXTREME_BOUNDS; fixed [0.05, 0.95] bounds would discard most of
    a sample in which few units are treated.
    """
    ps = propensity(frame, treatment, covariates)
    t = frame[treatment].to_numpy().astype(int)
    treated, control = ps[t == 1], ps[t == 0]
    rng_t = (float(treated.min()), float(treated.max()))
    rng_c = (float(control.min()), float(control.max()))
    lo = max(EXTREME_BOUNDS[0], rng_t[0], rng_c[0])
    hi = min(EXTREME_BOUNDS[1], rng_t[1], rng_c[1])
    outside = (ps < lo) | (ps > hi)
    share = float(outside.mean())
    kept = ~outside
    n_t, n_c = int(np.sum(kept & (t == 1))), int(np.sum(kept & (t == 0)))
    adequate = share <= 0.10
    effective = min(_effective_share(1 / treated), _effective_share(1 / (1 - control)))
    detail = (
        f"propensity of the treated {rng_t[0]:.3f}-{rng_t[1]:.3f}, of the untreated "
        f"{rng_c[0]:.3f}-{rng_c[1]:.3f}; {share:.1%} of units outside the common support "
        f"[{lo:.3f}, {hi:.3f}] ({n_t} treated and {n_c} untreated inside); inverse-propensity "
        f"weights leave an effective sample of {effective:.0%} of the units in the arm where "
        "they are least even"
    )
    report = OverlapReport(
        propensity_treated=rng_t,
        propensity_control=rng_c,
        share_outside=share,
        bounds=(lo, hi),
        trimmed=0,
        adequate=adequate,
        detail=detail,
        effective_share=effective,
    )
    return report, ps


def _effective_share(weights: np.ndarray) -> float:
    """Kish's effective sample size of `weights` as a share of their number."""
    if len(weights) == 0:
        return 0.0
    return float(weights.sum() ** 2 / (weights**2).sum() / len(weights))


def verdict(refutations: list[Refutation]) -> tuple[str, str]:
    """robust: every check passed; fragile: only the unobserved-confounder check failed;
    not robust: a placebo, stability or graph check failed."""
    if not refutations:
        return "not checked", "refutation was switched off"
    failed = [r.name for r in refutations if not r.passed]
    if not failed:
        return "robust", f"all {len(refutations)} checks passed"
    if failed == ["unobserved_confounder"]:
        return (
            "fragile",
            "the checks passed, but a moderate hidden confounder could explain the effect away",
        )
    return "not robust", f"failed: {', '.join(failed)}"
