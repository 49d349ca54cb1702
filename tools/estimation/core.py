"""`estimate_effect`: identify -> estimate -> refute -> explain, on DoWhy.

The graph comes from a file, a `CausalGraph`, or discovery. Oriented graphs go through DoWhy's
identification (backdoor, front-door, instrumental variable) and estimators; graphs with
undirected edges (CPDAGs) go through IDA and report the effects over the orientations they
allow. Every estimate has an interval; refuters say how far to trust it.
"""

from __future__ import annotations

import copy
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from copilot.errors import DataError, EstimationError, GraphError, InputError
from copilot.progress import ProgressCallback, report
from copilot.tools.data import Dataset, load_table
from copilot.tools.graph import CausalGraph

from . import estimators as est_mod
from .identify import Identification, describe, identify
from .result import EffectEstimate, Refutation

TASK = "estimate"
#: Name prefix of the unobserved node added when a graph is built from an instrument claim.
LATENT_PREFIX = "unobserved_"
#: Refits per refuter for double machine learning, whose every fit trains boosted models.
DML_REFUTE_SIMS = 5


def estimate_effect(
    dataset: Dataset | pd.DataFrame | str | Path,
    treatment: str,
    outcome: str,
    graph: CausalGraph | str | Path | None = None,
    method: str = "auto",
    mediator: str | None = None,
    instrument: str | None = None,
    by: str | None = None,
    refute: bool = True,
    confidence: float = 0.95,
    n_boot: int = 200,
    n_refute: int = 30,
    seed: int = 0,
    progress: ProgressCallback | None = None,
    discovery_algorithm: str = "auto",
    act_on_checks: bool = True,
    name_order: bool = True,
    reference: str | None = None,
    cluster: str | None = "auto",
) -> EffectEstimate:
    """Estimate the average effect of `treatment` on `outcome`, with an interval and refutations.

    `graph` is a DOT/GML/JSON file, a `CausalGraph`, or None (then causal discovery runs
    first). `method` is auto or one of linear_regression, glm, matching, weighting,
    stratification, aipw, dml, iv, frontdoor. `mediator` adds natural direct and indirect effects,
    `instrument` asks for instrumental-variable estimation, `by` adds effects per subgroup. A
    categorical treatment (up to 8 levels) is estimated level by level against `reference` (by
    default a level named like control, none or placebo, else the most common; see `levels`).
    Intervals are analytic where the estimator has one, else a seeded bootstrap of `n_boot`.
    Without a graph, every other column gets a role from discovery on resamples (see
    `without_graph`); `act_on_checks` re-runs with the remedy when the discovered graph fails
    its implication test, and `name_order` reads the column names for time order (age, sex,
    baseline_* cannot be caused by the treatment; post_* leans downstream when the data do not
    decide; see `column_time`). Rows that repeat by a unit's id (`cluster`: "auto" finds a
    column named like an id whose values repeat, or name it; None or "none" is off) leave the
    id out where the treatment is given per unit and get an interval widened for the
    clustering (see `clusters`).
    """
    start = time.perf_counter()
    if not 0.5 <= confidence < 1:
        raise InputError(f"confidence must be in [0.5, 1), got {confidence}.", "use e.g. 0.95")
    if n_boot < 10:
        raise InputError(
            f"n_boot must be at least 10, got {n_boot}.", "use 200 or more for reports"
        )
    if n_refute < 2:
        raise InputError(f"n_refute must be at least 2, got {n_refute}.", "use 20 or more")
    method = est_mod.canonical_method(method)
    if isinstance(dataset, Dataset):
        ds = dataset
    else:
        # The data layer also writes each change to `notes`, which the result reports.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            ds = load_table(dataset)
    notes: list[str] = list(ds.notes)
    treatment, outcome, mediator, instrument, by = (
        resolve_column(ds, name, notes) for name in (treatment, outcome, mediator, instrument, by)
    )
    t_kind, y_kind = _validate_columns(ds, treatment, outcome, mediator, instrument, by)
    if reference is not None and t_kind != "categorical":
        raise InputError(
            f"A reference level is for a categorical treatment; {treatment!r} is {t_kind}.",
            "leave the reference level out",
        )
    # what every estimate made for this one (a level's contrast, a reading of the roles) shares
    shared: dict[str, Any] = dict(
        cluster=None,  # found (or not) here, once
        method=method,
        mediator=mediator,
        by=by,
        refute=refute,
        confidence=confidence,
        n_boot=n_boot,
        n_refute=n_refute,
        seed=seed,
    )
    # ... and what the estimate of a whole table (a level's rows, the table without its id) adds
    nested: dict[str, Any] = dict(
        graph=graph,
        instrument=instrument,
        discovery_algorithm=discovery_algorithm,
        act_on_checks=act_on_checks,
        name_order=name_order,
        **shared,
    )
    if cluster is not None:
        from .clusters import find_cluster

        # a column the given graph has as a node is the graph's to place, not an id
        given = CausalGraph.load(graph) if isinstance(graph, str | Path) else graph
        nodes = set(given.nodes) if isinstance(given, CausalGraph) else None
        column, other_ids = find_cluster(
            ds, cluster, [treatment, outcome, mediator, instrument, by], nodes
        )
        if column is not None:
            whole = dict(
                treatment=treatment,
                outcome=outcome,
                progress=progress,
                reference=reference,
                **nested,
            )
            return _clustered(ds, column, other_ids, start, notes, whole)
    if t_kind == "categorical":
        from .levels import each_level

        def one(sub: Dataset, step: ProgressCallback | None) -> EffectEstimate:
            return estimate_effect(sub, treatment, outcome, progress=step, **nested)

        est = each_level(ds, treatment, one, progress, reference)
        # the treatment's integer codes are for discovery; here each level is its own contrast
        coded = f"encoded categorical column {treatment!r}"
        notes = [n for n in notes if not n.startswith(coded)]
        est.notes = list(dict.fromkeys([*notes, *est.notes]))
        est.elapsed_s = round(time.perf_counter() - start, 3)
        return est
    ds, outcome_labels = _outcome_event(ds, outcome, y_kind, notes)
    laps = _Laps(start)
    if graph is None and instrument is None:
        # No graph: covariate roles from discovery, not one discovered graph taken as the truth.
        from .without_graph import estimate_without_graph

        _require_rows(len(ds.frame), [c for c in ds.analysable() if c not in (treatment, outcome)])

        report(progress, TASK, 0, 5, "covariate roles (discovery on resamples)")

        def run(g: CausalGraph, **over: Any) -> EffectEstimate:
            kwargs = {**shared, "progress": progress, **over}
            return estimate_effect(ds, treatment, outcome, graph=g, **kwargs)

        est = estimate_without_graph(
            ds,
            treatment,
            outcome,
            run,
            discovery_algorithm,
            seed,
            mediator,
            refute,
            confidence,
            act_on_checks,
            name_order,
            on_resample=lambda b, k: report(
                progress, TASK, 0, 5, f"covariate roles (discovery on resample {b} of {k})"
            ),
        )
        est.notes = list(dict.fromkeys([*notes, *est.notes]))
        est.elapsed_s = round(time.perf_counter() - start, 3)
        # the final estimate's stages; the rest went into finding the covariate roles
        est.timings["roles_s"] = round(est.elapsed_s - sum(est.timings.values()), 4)
        return est
    report(progress, TASK, 0, 5, "graph")
    laps.lap("data_s")

    # graph ------------------------------------------------------------------------------------
    cg, graph_source = _resolve_graph(
        graph, ds, treatment, outcome, instrument, discovery_algorithm, seed, notes
    )
    cg.check_columns(ds.columns, unobserved=LATENT_PREFIX)
    cg.require_dag()
    for name, what in (
        (treatment, "treatment"),
        (outcome, "outcome"),
        (mediator, "mediator"),
        (instrument, "instrument"),
    ):
        if name is not None and name not in cg.nodes:
            raise GraphError(
                f"The graph has no node for the {what} {name!r}.",
                f"add {name!r} and its edges to the graph",
            )

    frame, treated, control, labels = _analysis_frame(ds, cg, treatment, outcome, t_kind, by)
    if labels:
        notes.append(
            f"treated means {treatment} = {labels[1]!r}, control {treatment} = {labels[0]!r}"
        )
    binary_t = t_kind == "binary"
    binary_y = y_kind == "binary"
    base = dict(
        treatment=treatment,
        outcome=outcome,
        confidence=confidence,
        treatment_kind=t_kind,
        outcome_kind=y_kind,
        graph_source=graph_source,
        graph_edges=cg.edge_table(),
        treatment_values=(control, treated),
        treatment_labels=(str(labels[0]), str(labels[1])) if labels else None,
        outcome_labels=outcome_labels,
    )

    if not cg.is_fully_directed and any(e.type != "bidirected" for e in cg.undirected_edges()):
        if by is not None:
            notes.append(
                f"no subgroup effects by {by!r}: the graph is only partly oriented, so the effect "
                "itself is reported over orientations"
            )
        return _ida_result(
            cg,
            frame,
            treatment,
            outcome,
            mediator,
            instrument,
            method,
            confidence,
            base,
            notes,
            start,
            progress,
        )

    # identification ---------------------------------------------------------------------------
    laps.lap("graph_s")
    report(progress, TASK, 1, 5, "identify")
    ident = identify(
        cg,
        treatment,
        outcome,
        observed=ds.columns,
        backdoor_only=instrument is None and method not in ("iv", "frontdoor"),
    )
    notes.extend(ident.notes)
    if ident.no_path:
        source = "discovered graph" if graph_source.startswith("discovery") else "graph"
        raise EstimationError(
            f"The {source} has no directed path from {treatment} to {outcome}, so it implies no effect.",
            f"if you expect an effect, give a graph with a path from {treatment} to {outcome} "
            "(copilot estimate --graph FILE, graph= in Python, or 'given the graph FILE' in a "
            "question)",
        )
    kind = _choose_kind(ident, method, instrument, treatment, outcome)
    laps.lap("identify_s")

    # overlap and the method -------------------------------------------------------------------
    overlap = None
    # The subgroup column as the user wrote it (labels, not codes), row-aligned with `frame`.
    by_labels = ds.frame[by].reset_index(drop=True) if by is not None else None
    adjustment = list(ident.backdoor or []) if kind == "backdoor" else []
    _require_rows(len(frame), adjustment)
    codes, code_words = est_mod.code_columns(frame, treatment, outcome, adjustment)
    for c in codes:
        frame[c] = frame[c].astype(int).astype("category")
    if codes:
        notes.append(
            "adjusted for the levels of whole-number codes as categories, since their levels "
            f"predict clearly better than a smooth curve in the number: {code_words}"
        )
    if binary_t and kind == "backdoor":
        from .refute import overlap as overlap_check

        overlap, scores = overlap_check(frame, treatment, adjustment)
        _require_overlap(overlap, scores, frame[treatment].to_numpy(), treatment)
    method, reason, flexible = _choose_method(
        method, kind, t_kind, y_kind, frame, treatment, outcome, adjustment, overlap
    )
    if t_kind != "binary":
        # every fit below (estimate, bootstrap, refuters, subgroups) reads the same contrast
        read = est_mod.contrast_in_data(method, frame, treatment, treated, control)
        if read != (treated, control):
            treated, control = read
            base["treatment_values"] = (control, treated)
            notes.append(
                f"{method} is not linear in {treatment}, and {treatment} = 0 or 1 lies outside the "
                f"data: the effect of one unit is read from {control:.4g} to {treated:.4g}, "
                "around the median"
            )
    if (
        method in ("matching", "weighting", "stratification")
        and overlap is not None
        and overlap.share_outside > 0
    ):
        lo, hi = overlap.bounds
        keep = (scores >= lo) & (scores <= hi)
        overlap.trimmed = int((~keep).sum())
        frame = frame[keep].reset_index(drop=True)
        by_labels = by_labels[keep].reset_index(drop=True) if by_labels is not None else None
        notes.append(
            f"trimmed {overlap.trimmed} units with propensity outside [{lo:.3f}, {hi:.3f}] before {method}; "
            "the estimate is the effect in the overlap population"
        )

    # estimation -------------------------------------------------------------------------------
    report(progress, TASK, 2, 5, f"estimate ({method})")
    ident.estimand.set_identifier_method(kind)
    boot_progress = (
        (lambda d, n: report(progress, f"{TASK}: bootstrap", d, n)) if progress else None
    )
    point = est_mod.estimate(
        method,
        ident.estimand,
        frame,
        treated,
        control,
        confidence,
        n_boot,
        seed,
        boot_progress,
        binary=binary_t,
        flexible=flexible,
    )
    naive = _naive(frame, treatment, outcome, binary_t)
    estimand_words = describe(kind, treatment, outcome, ident, t_kind, labels)

    # refutation -------------------------------------------------------------------------------
    laps.lap("estimate_s")
    refutations: list[Refutation] = []
    if refute:
        report(progress, TASK, 3, 5, "refute")
        if (method == "dml" or (method == "aipw" and flexible)) and n_refute > DML_REFUTE_SIMS:
            notes.append(
                f"refuters refit {method} with its flexible models {DML_REFUTE_SIMS} times each "
                f"(not {n_refute}) to bound the run time"
            )
            n_refute = DML_REFUTE_SIMS
        refutations = _refute(
            kind,
            method,
            ident,
            cg,
            frame,
            treatment,
            outcome,
            adjustment,
            point,
            treated,
            control,
            confidence,
            n_refute,
            seed,
            binary_t,
            binary_y,
            flexible,
            progress,
        )
    from .refute import verdict as judge

    verdict, verdict_reason = judge(refutations)
    if method == "aipw" and overlap is not None and _uneven_weights(overlap):
        verdict_reason += (
            f"; intervals may be too narrow: {_overlap_words(overlap)}, and AIPW's interval "
            "is estimated from the few units that carry the largest weights"
        )

    # mediation and subgroups ------------------------------------------------------------------
    laps.lap("refute_s")
    report(progress, TASK, 4, 5, "explain")
    med = None
    if mediator is not None:
        from .mediation import mediation, mediation_covariates

        backdoor_set = ident.backdoor if ident.backdoor is not None else []
        covs = mediation_covariates(cg, treatment, outcome, mediator, backdoor_set)
        med = mediation(
            frame, treatment, outcome, mediator, covs, treated, control, confidence, n_boot, seed
        )
    subgroups, forest = [], None
    if by is not None:
        subgroups, forest = _heterogeneity(
            frame,
            by_labels,
            by,
            kind,
            method,
            ident,
            treatment,
            outcome,
            adjustment,
            treated,
            control,
            confidence,
            n_boot,
            seed,
            binary_t,
            notes,
            flexible,
        )
    report(progress, TASK, 5, 5, "done")
    laps.lap("explain_s")
    return EffectEstimate(
        **base,
        ate=point.value,
        ci=point.ci,
        ci_kind=point.ci_kind,
        p_value=point.p_value,
        method=method,
        method_reason=reason,
        estimand=estimand_words,
        estimand_kind=kind,
        adjustment_set=adjustment,
        instruments=ident.instruments if kind == "iv" else [],
        frontdoor_set=ident.frontdoor if kind == "frontdoor" else [],
        naive_difference=naive,
        n_rows=len(frame),
        refutations=refutations,
        verdict=verdict,
        verdict_reason=verdict_reason,
        overlap=overlap,
        mediation=med,
        subgroups=subgroups,
        subgroup_column=by,
        forest=forest,
        notes=notes,
        elapsed_s=round(time.perf_counter() - start, 3),
        timings=laps.times,
    )


class _Laps:
    """Seconds per stage, for `EffectEstimate.timings`."""

    def __init__(self, start: float):
        self.last = start
        self.times: dict[str, float] = {}

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        self.times[stage] = round(self.times.get(stage, 0.0) + now - self.last, 4)
        self.last = now


# validation ---------------------------------------------------------------------------------

#: A categorical treatment with up to this many levels is estimated level by level against a
#: reference level (one full estimate per level, see `levels`); more are refused with a hint.
MAX_TREATMENT_LEVELS = 8


def _clustered(
    ds: Dataset,
    column: str,
    other_ids: list[str],
    start: float,
    notes: list[str],
    kwargs: dict[str, Any],
) -> EffectEstimate:
    """The estimate on `ds` without the id `column` its rows repeat by (see `clusters`), its
    interval (and each level's) widened by the design effect of that clustering."""
    from .clusters import (
        clustered_mediation,
        clustered_subgroups,
        design_effect,
        factor_words,
        given_per_unit,
        repeats,
        widen,
        without_columns,
    )

    groups = ds.frame[column].reset_index(drop=True)
    t = kwargs["treatment"]
    # an id is left out where the treatment is given per unit (its levels would decide it);
    # where the treatment varies within units, comparing each unit with itself is kept
    per_unit = [c for c in [column, *other_ids] if given_per_unit(ds.frame, t, c)]
    rest = without_columns(ds, per_unit) if per_unit else ds
    est = estimate_effect(rest, **kwargs)  # kwargs: cluster=None
    y = est.outcome
    units, per = repeats(groups)
    by_level: dict[str, float] = {}
    if est.contrasts:
        values = rest.frame[t].astype(str)
        for c in est.contrasts:
            if c.ate is None:
                continue
            rows = values.isin([c.reference, c.level])
            by_level[c.level] = design_effect(rest, t, y, c.adjustment_set, groups, rows, c.level)
            c.ci, p = widen(c.ate, c.ci, est.confidence, by_level[c.level])
            c.p_value = p if p is not None else c.p_value
        # the other fields are the first contrast's
        deff = by_level[est.contrasts[0].level]
    else:
        deff = design_effect(rest, t, y, est.adjustment_set, groups)
    if est.ate is not None and est.ci is not None and est.estimand_kind != "ida":
        ci, p = widen(est.ate, est.ci, est.confidence, deff)
        if p is not None:
            est.ci, est.p_value = ci, p
            est.ci_kind = f"{est.ci_kind or 'interval'}, widened for clustering by {column}"
        note = factor_words(column, deff, units, per, covariate=column not in per_unit)
        if by_level:
            each = ", ".join(f"{level} {d:.2f}" for level, d in by_level.items())
            note += f" (design effect by level: {each})"
    else:
        note = (
            f"rows repeat by {column!r} ({units} units, {per:.1f} rows each on average): "
            f"{column!r} is the unit the rows belong to; the range over orientations is not "
            "widened for clustering"
        )
    if other_ids:
        note += "; " + ", ".join(map(repr, other_ids)) + " also repeat and label units finer"
    if est.mediation is not None:
        note += "; " + clustered_mediation(est, rest, groups)
    if est.subgroups and kwargs.get("by") is not None:
        note += "; " + clustered_subgroups(est, rest, kwargs["by"], groups)
    kept = [n for n in notes if not any(repr(c) in n for c in per_unit)]
    est.notes = list(dict.fromkeys([*kept, note, *est.notes]))
    est.elapsed_s = round(time.perf_counter() - start, 3)
    return est


def resolve_column(ds: Dataset, name: str | None, notes: list[str]) -> str | None:
    """`name` as the table spells it (`coupon` -> `Coupon`), with a note when it was respelled."""
    found = ds.resolve(name)
    if found != name:
        notes.append(f"took column {found!r} for {name!r}")
    return found


def _validate_columns(
    ds: Dataset,
    treatment: str,
    outcome: str,
    mediator: str | None,
    instrument: str | None,
    by: str | None,
) -> tuple[str, str]:
    if treatment == outcome:
        raise InputError(
            f"The treatment and the outcome are the same column ({treatment!r}).",
            "name two different columns",
        )
    for name, what in (
        (treatment, "treatment"),
        (outcome, "outcome"),
        (mediator, "mediator"),
        (instrument, "instrument"),
        (by, "subgroup column"),
    ):
        if name is None:
            continue
        if (
            name in ds.raw.columns
            and name not in ds.frame.columns
            and ds.raw[name].nunique(dropna=True) <= 1
        ):
            value = ds.raw[name].dropna()
            first = (
                value.iloc[0].item()
                if len(value) and hasattr(value.iloc[0], "item")
                else (value.iloc[0] if len(value) else None)
            )
            shown = f" (every value is {first!r})" if len(value) else ""
            raise DataError(
                f"The {what} {name!r} is constant{shown}: there is nothing to compare.",
                f"choose {'an' if what[0] in 'aeiou' else 'a'} {what} that varies",
            )
        ds.require(name, what)
    others = [x for x in (mediator, instrument, by) if x is not None]
    if len(set(others) | {treatment, outcome}) != len(others) + 2:
        raise InputError(
            "The treatment, outcome, mediator, instrument and subgroup column must differ.",
            "name each column once",
        )
    kinds = ds.profile.kinds()
    t_kind, y_kind = kinds[treatment], kinds[outcome]
    y = ds.frame[outcome]
    text_binary = y_kind == "binary" and outcome in ds.encoding
    if not (pd.api.types.is_numeric_dtype(y) or pd.api.types.is_bool_dtype(y) or text_binary):
        raise DataError(
            f"The outcome {outcome!r} is not numeric ({y_kind}, e.g. {y.dropna().iloc[0]!r}).",
            "encode it as numbers (0/1 for a yes/no outcome)",
        )
    if t_kind in ("id", "datetime"):
        raise DataError(
            f"The treatment {treatment!r} is an {t_kind} column.",
            "choose a treatment that is a quantity or a yes/no",
        )
    if t_kind == "categorical":
        levels = ds.frame[treatment].nunique()
        if levels > MAX_TREATMENT_LEVELS:
            raise DataError(
                f"The treatment {treatment!r} is categorical with {levels} levels; each level is "
                f"compared with a reference level for up to {MAX_TREATMENT_LEVELS} levels.",
                "compare two levels: make a 0/1 column for the level of interest, or group "
                "the levels",
            )
    if y_kind in ("id", "datetime"):
        raise DataError(
            f"The outcome {outcome!r} is an {y_kind} column.", "choose a numeric outcome"
        )
    if mediator is not None and kinds[mediator] in ("categorical", "id", "datetime"):
        raise DataError(
            f"The mediator {mediator!r} must be numeric for mediation analysis.",
            "encode it as numbers",
        )
    return (
        t_kind if t_kind in ("binary", "continuous", "categorical") else "discrete",
        "binary" if y_kind == "binary" else "continuous",
    )


def _resolve_graph(
    graph: Any,
    ds: Dataset,
    treatment: str,
    outcome: str,
    instrument: str | None,
    algorithm: str,
    seed: int,
    notes: list[str],
) -> tuple[CausalGraph, str]:
    if isinstance(graph, CausalGraph):
        return graph, f"given ({graph.summary()})"
    if isinstance(graph, str | Path):
        g = CausalGraph.load(graph)
        return g, f"file {graph} ({g.summary()})"
    if graph is not None:
        raise InputError(
            f"Cannot use a {type(graph).__name__} as a graph.",
            "pass a CausalGraph or a DOT/GML/JSON path",
        )
    usable = ds.analysable()
    if instrument is not None:
        # The user's claim that `instrument` is an instrument is a graph: Z -> T -> Y, every other
        # column a possible confounder, and an unmeasured confounder of T and Y.
        others = [c for c in usable if c not in (treatment, outcome, instrument)]
        latent = LATENT_PREFIX + f"{treatment}_{outcome}"
        edges = [
            (instrument, treatment),
            (treatment, outcome),
            (latent, treatment),
            (latent, outcome),
        ]
        edges += [(c, treatment) for c in others] + [(c, outcome) for c in others]
        g = CausalGraph.from_edges(
            [instrument, treatment, outcome, *others, latent], edges, kind="dag"
        )
        notes.append(
            f"no graph given: built one from the instrument assumption ({instrument} -> {treatment} -> "
            f"{outcome}, other columns as observed confounders, and an unobserved confounder of "
            f"{treatment} and {outcome})"
        )
        return g, "built from the instrument assumption"
    # No graph and no instrument is handled before this point (covariate roles).
    raise AssertionError("a graph or an instrument is needed here")


#: Levels of a two-level text outcome read as the event (coded 1) whatever their frequency.
EVENT_WORDS = frozenset({"yes", "y", "true", "t", "positive", "pos"})
NON_EVENT_WORDS = frozenset({"no", "n", "false", "f", "negative", "neg", "none"})


def _outcome_event(
    ds: Dataset, outcome: str, y_kind: str, notes: list[str]
) -> tuple[Dataset, tuple[str, str] | None]:
    """A two-level text outcome ("home" / "readmitted") as 0/1 with the event as 1: a level
    that says yes (yes, true, positive) or whose other level says no; else the rarer level,
    as the event an analysis counts usually is (the later label on a tie). Returns the dataset
    to estimate on (a copy with that coding; the caller's is left as it is) and (level at 0,
    level at 1), or (ds, None) for any other outcome."""
    if y_kind != "binary" or outcome not in ds.encoding:
        return ds, None
    counts = ds.frame[outcome].astype(str).value_counts()
    levels = sorted(ds.encoding[outcome], key=ds.encoding[outcome].get)
    said = [lvl for lvl in levels if lvl.strip().lower() in EVENT_WORDS]
    denied = [lvl for lvl in levels if lvl.strip().lower() in NON_EVENT_WORDS]
    if len(said) == 1:
        event, why = said[0], "it says yes"
    elif len(denied) == 1:
        event, why = next(lvl for lvl in levels if lvl != denied[0]), "the other says no"
    else:
        event = max(levels, key=lambda lvl: (-int(counts.get(lvl, 0)), lvl))
        why = "the rarer level is taken as the event"
    other = next(lvl for lvl in levels if lvl != event)
    coded = copy.copy(ds)
    coded.encoding = {**ds.encoding, outcome: {other: 0, event: 1}}
    notes.append(
        f"outcome {outcome} read as 1 = {event!r}, 0 = {other!r} ({why}): the effect is on the "
        f"share of {outcome} = {event!r}"
    )
    return coded, (other, event)


def _analysis_frame(
    ds: Dataset, cg: CausalGraph, treatment: str, outcome: str, t_kind: str, by: str | None
) -> tuple[pd.DataFrame, float, float, tuple[str, str] | None]:
    """Numeric columns for the graph's nodes; multi-level categoricals as pandas categories."""
    cols = [c for c in cg.nodes if c in ds.columns]
    if by is not None and by not in cols:
        cols.append(by)
    num = ds.numeric(cols)
    kinds = ds.profile.kinds()
    for c in cols:
        if kinds.get(c) == "categorical" and c not in (treatment, outcome):
            num[c] = num[c].astype(int).astype("category")
    labels = None
    treated, control = 1.0, 0.0
    if t_kind == "binary":
        values = sorted(num[treatment].unique())
        lo, hi = values[0], values[-1]
        raw_levels = ds.encoding.get(treatment)
        if raw_levels:
            inv = {v: k for k, v in raw_levels.items()}
            labels = (str(inv[int(lo)]), str(inv[int(hi)]))
        elif (lo, hi) != (0.0, 1.0):
            labels = (f"{lo:g}", f"{hi:g}")
        num[treatment] = (num[treatment] == hi).astype(int)
    else:
        num[treatment] = num[treatment].astype(float)
    num[outcome] = num[outcome].astype(float)
    return num, treated, control, labels


# identification choices ---------------------------------------------------------------------


def _choose_kind(
    ident: Identification, method: str, instrument: str | None, treatment: str, outcome: str
) -> str:
    if instrument is not None or method == "iv":
        if not ident.instruments:
            raise EstimationError(
                f"The graph has no valid instrument for {treatment} -> {outcome}"
                + (f" ({instrument!r} is not one)" if instrument else "")
                + ".",
                "an instrument affects the treatment, reaches the outcome only through it, and shares no confounder with it",
            )
        if instrument is not None and instrument not in ident.instruments:
            raise EstimationError(
                f"{instrument!r} is not an instrument in the graph (instruments: {', '.join(ident.instruments)}).",
                "check the graph: the instrument must reach the outcome only through the treatment",
            )
        if instrument is not None:
            ident.instruments = [instrument]
            ident.estimand.instrumental_variables = [instrument]
        return "iv"
    if method == "frontdoor":
        if not ident.frontdoor:
            raise EstimationError(
                f"The graph gives no front-door set for {treatment} -> {outcome}.",
                "front-door needs mediators that carry the whole effect and are unconfounded with the treatment",
            )
        return "frontdoor"
    if ident.backdoor is not None:
        return "backdoor"
    if method != "auto":
        raise EstimationError(
            f"The graph gives no valid adjustment set for {treatment} -> {outcome}, so {method} cannot be used.",
            "measure the unobserved confounder, or use an instrument or a front-door mediator",
        )
    if ident.frontdoor:
        return "frontdoor"
    if ident.instruments:
        return "iv"
    raise EstimationError(
        f"The effect of {treatment} on {outcome} is not identified from the graph: an unobserved confounder "
        "cannot be adjusted for, and there is no instrument or front-door mediator.",
        "measure the confounder, or name an instrument with --instrument",
    )


def _require_rows(n: int, covariates: list[str]) -> None:
    """A regression on the treatment and k covariates needs more than k + 2 rows."""
    if n <= len(covariates) + 2:
        raise DataError(
            f"Only {n} rows for {len(covariates)} covariates to adjust for: fewer rows than "
            "covariates leave nothing to estimate the effect with.",
            "add rows, or give a graph (--graph) that needs fewer covariates",
        )


def _require_overlap(report_: Any, scores: np.ndarray, t: np.ndarray, treatment: str) -> None:
    lo, hi = report_.bounds
    inside = (scores >= lo) & (scores <= hi)
    n_t, n_c = int(np.sum(inside & (t == 1))), int(np.sum(inside & (t == 0)))
    (t_lo, t_hi), (c_lo, c_hi) = report_.propensity_treated, report_.propensity_control
    separated = c_hi < t_lo or t_hi < c_lo  # no treated unit resembles any untreated one
    if separated or lo > hi or n_t < 10 or n_c < 10:
        raise EstimationError(
            f"No overlap: the covariates almost determine {treatment} ({report_.detail}).",
            "treated and untreated units are not comparable; restrict the data to comparable units or drop a covariate that decides the treatment",
        )


def _choose_method(
    method: str,
    kind: str,
    t_kind: str,
    y_kind: str,
    frame: pd.DataFrame,
    treatment: str,
    outcome: str,
    adjustment: list[str],
    overlap: Any,
) -> tuple[str, str, bool | str]:
    """(method, why, flexible): flexible nuisance models for aipw, boosted-tree nuisance models
    for dml, treatment interactions for linear_regression."""
    if method != "auto":
        need_kind, need_binary, _, words = est_mod.METHODS[method]
        if need_kind != kind:
            raise EstimationError(
                f"Method {method} needs {need_kind} identification, but this effect is identified by {kind}.",
                "use --method auto",
            )
        if need_binary and t_kind != "binary":
            raise EstimationError(
                f"Method {method} needs a binary treatment; this one is {t_kind}.",
                "use linear_regression or dml for a continuous treatment",
            )
        if method == "glm" and y_kind != "binary":
            raise EstimationError(
                "Method glm (logistic) needs a binary outcome.", "use linear_regression"
            )
        if method == "dml":
            est_mod.require_econml()
        flexible = False
        if method == "aipw" and adjustment:
            flexible, found = est_mod.flexibility_check(
                frame, treatment, outcome, adjustment, True, products=True
            )
            words += f"; {'flexible' if flexible else 'linear'} models ({found})"
            if flexible:
                flexible, chosen = _aipw_outcome_family(frame, treatment, outcome, adjustment)
                words += f"; {flexible} outcome models ({chosen})"
        return method, f"requested: {words}", flexible
    if kind == "iv":
        return (
            "iv",
            "the effect is identified through the instrument (Wald ratio for one instrument, 2SLS for several)",
            False,
        )
    if kind == "frontdoor":
        return (
            "frontdoor",
            "the effect is identified only through the front-door mediators",
            False,
        )
    if y_kind == "binary" and adjustment and t_kind == "binary":
        flexible, found = est_mod.flexibility_check(
            frame, treatment, outcome, adjustment, True, products=True
        )
        if flexible and (overlap is None or overlap.adequate):
            # A logistic model with linear terms would leave a curved or joint confounder in
            # the risk difference; AIPW's outcome models need not be logistic to average it.
            family, chosen = _aipw_outcome_family(frame, treatment, outcome, adjustment)
            return (
                "aipw",
                f"binary outcome, but flexible models fit clearly better than linear ones "
                f"({found}), so a logistic model with linear terms would leave nonlinear "
                f"confounding in the risk difference: doubly robust AIPW with {family} outcome "
                f"models per arm (the best of the flexible families: {chosen}) averages the "
                "risk difference over all units, with an interval from its influence function",
                family,
            )
    if y_kind == "binary" and adjustment and t_kind != "binary" and _has_econml():
        flexible, found = est_mod.flexibility_check(
            frame, treatment, outcome, adjustment, False, products=True
        )
        if flexible:
            # A logistic model with linear terms would leave a curved confounder in the risk
            # difference; the partially linear model needs no link, only good nuisance fits.
            trees, tfound = est_mod.trees_fit_better(frame, treatment, outcome, adjustment)
            return (
                "dml",
                f"binary outcome of a {t_kind} treatment, but flexible models fit clearly better "
                f"than linear ones ({found}), so a logistic model with linear terms would leave "
                "nonlinear confounding in the risk difference: double machine learning (the "
                f"change in risk per unit, with {_nuisance_words(trees, tfound)} as nuisance "
                "models) keeps a valid interval",
                trees,
            )
    if y_kind == "binary":
        return (
            "glm",
            "binary outcome: a logistic model keeps predicted risks in [0, 1]; the effect is the average risk difference",
            False,
        )
    if not adjustment:
        return (
            "linear_regression",
            "no adjustment is needed, so a regression on the treatment alone (a difference in means) is efficient",
            False,
        )
    # Products too: two confounders acting together are a nonlinearity the estimator must model.
    flexible, found = est_mod.flexibility_check(
        frame, treatment, outcome, adjustment, t_kind == "binary", products=True
    )
    nonlinear = f"flexible models fit clearly better than linear ones ({found})"
    linear = f"linear models fit as well as flexible ones ({found})"
    if not flexible:
        # A curve too small to raise the fit can still move the effect by several standard
        # errors where the arms sit at different covariate values: compare the effects too.
        flexible, form = est_mod.form_check(frame, treatment, outcome, adjustment)
        nonlinear = f"{form}, although flexible models predict little better ({found})"
        linear = f"{linear}, and {form}"
    if t_kind == "binary":
        return _choose_binary(
            frame, treatment, outcome, adjustment, overlap, flexible, nonlinear, linear
        )
    if flexible and _has_econml():
        trees, tfound = est_mod.trees_fit_better(frame, treatment, outcome, adjustment)
        models = _nuisance_words(trees, tfound)
        return (
            "dml",
            f"{nonlinear}, so double machine learning adjusts with flexible nuisance models "
            f"({models}) and keeps a valid interval",
            trees,
        )
    note = (
        f"; relations look nonlinear ({nonlinear}) but econml is not installed for DML"
        if flexible
        else f"; {linear}"
    )
    return (
        "linear_regression",
        f"{t_kind} treatment: the effect per unit from a regression on the adjustment set, "
        "with heteroskedasticity-robust (HC3) standard errors" + note,
        False,
    )


def _choose_binary(
    frame: pd.DataFrame,
    treatment: str,
    outcome: str,
    adjustment: list[str],
    overlap: Any,
    flexible: bool,
    nonlinear: str,
    linear: str,
) -> tuple[str, str, bool | str]:
    """A binary treatment: regression when the relations are linear and the effect does not
    vary with the covariates (efficient, and then regression's weighted average is the ATE);
    otherwise AIPW, which averages the effect over all units whatever the weighting."""
    from .aipw import interaction_check

    varies, vfound = interaction_check(frame, treatment, outcome, adjustment)
    # Uneven weights alone (inside the common support) move the choice only where the effect
    # does not vary: then regression and DML estimate the same average effect without weights.
    if overlap is not None and (not overlap.adequate or (_uneven_weights(overlap) and not varies)):
        limited = (
            f"overlap is limited ({_overlap_words(overlap)}), so weights would be extreme; "
            "regression adjustment (which extrapolates: check the overlap report) instead"
        )
        if varies:
            # Without interactions regression weights each unit's effect by its treatment
            # variance, which is small exactly where overlap is poor: not the ATE.
            return (
                "linear_regression",
                f"{limited}; {vfound}, so the regression interacts the treatment with every "
                "adjusted column (Lin's estimator) and averages the unit effects over all "
                "units, with HC3 standard errors widened by the spread of those effects",
                True,
            )
        if flexible and _has_econml():
            # Regression residuals of a binary treatment on flexible models need no weights,
            # and a linear outcome model would leave the nonlinear confounding in the estimate.
            trees, tfound = est_mod.trees_fit_better(frame, treatment, outcome, adjustment)
            return (
                "dml",
                f"overlap is limited ({_overlap_words(overlap)}), so weights would be extreme, "
                f"and {nonlinear}: double machine learning, which adjusts without "
                "weights, with "
                + f"{_nuisance_words(trees, tfound)} as nuisance models"
                + f"; {vfound}",
                trees,
            )
        return "linear_regression", limited, False
    if flexible or varies:
        why = []
        if flexible:
            why.append(nonlinear)
        if varies:
            why.append(f"the effect varies with the covariates ({vfound})")
        models = "linear"
        if flexible:
            flexible, chosen = _aipw_outcome_family(frame, treatment, outcome, adjustment)
            models = f"{flexible} (the best of the flexible families: {chosen})"
        caution = ""
        if overlap is not None and _uneven_weights(overlap):
            caution = (
                f"; but {_overlap_words(overlap)}, so the interval may be too narrow (a few "
                "units with extreme weights carry the estimate)"
            )
        return (
            "aipw",
            " and ".join(why)
            + ": doubly robust AIPW with "
            + models
            + " outcome models per arm averages the effect over all units (the ATE), with an "
            "interval from its influence function" + caution,
            flexible,
        )
    return (
        "linear_regression",
        "binary treatment: a regression on the adjustment set, with heteroskedasticity-robust "
        f"(HC3) standard errors; {linear}; {vfound}",
        False,
    )


#: Below this Kish effective sample share of the inverse-propensity weights (in either arm)
#: the weights count as uneven even inside the common support: a few units with weights of 20
#: to 100 then carry AIPW's estimate, and its influence-function interval, whose variance is
#: estimated from those same few units, comes out too narrow (about 0.8 of the estimates'
#: spread at propensities down to 0.02).
MIN_EFFECTIVE_SHARE = 0.4


def _uneven_weights(overlap: Any) -> bool:
    return overlap.effective_share is not None and overlap.effective_share < MIN_EFFECTIVE_SHARE


def _overlap_words(overlap: Any) -> str:
    if not overlap.adequate:
        return f"{overlap.share_outside:.0%} of units outside the common support"
    return (
        "inverse-propensity weights leave an effective sample of "
        f"{overlap.effective_share:.0%} of an arm's units"
    )


def _nuisance_words(trees: bool | str, found: str) -> str:
    """DML's nuisance models as `trees_fit_better` chose them, in words."""
    if trees == "quadratic":
        return (
            "a quadratic with pairwise products, which fits clearly better than additive "
            f"splines and at least as well as boosted trees ({found})"
        )
    if trees:
        return f"boosted trees, which fit clearly better than additive splines ({found})"
    return f"additive splines, which fit as well as boosted trees ({found})"


def _aipw_outcome_family(
    frame: pd.DataFrame, treatment: str, outcome: str, adjustment: list[str]
) -> tuple[str, str]:
    """AIPW's flexible outcome model family, chosen by cross-validation (see
    `aipw.choose_outcome_model`): (family, what was found)."""
    from .aipw import choose_outcome_model

    X = est_mod.design(frame, adjustment).to_numpy(dtype=float)
    return choose_outcome_model(
        X, frame[treatment].to_numpy(dtype=float), frame[outcome].to_numpy(dtype=float)
    )


def _has_econml() -> bool:
    try:
        import econml  # noqa: F401
    except ImportError:
        return False
    return True


def _naive(frame: pd.DataFrame, treatment: str, outcome: str, binary: bool) -> float:
    t = frame[treatment].to_numpy(dtype=float)
    y = frame[outcome].to_numpy(dtype=float)
    if binary:
        return float(y[t == 1].mean() - y[t == 0].mean())
    return float(np.polyfit(t, y, 1)[0])


# refutation ---------------------------------------------------------------------------------


def _refute(
    kind: str,
    method: str,
    ident: Identification,
    cg: CausalGraph,
    frame: pd.DataFrame,
    treatment: str,
    outcome: str,
    adjustment: list[str],
    point: Any,
    treated: float,
    control: float,
    confidence: float,
    n_refute: int,
    seed: int,
    binary_t: bool,
    binary_y: bool,
    flexible: bool | str = False,
    progress: ProgressCallback | None = None,
) -> list[Refutation]:
    from .refute import (
        frontdoor_sensitivity,
        graph_implications,
        iv_sensitivity,
        run_refuters,
        sensitivity,
    )

    dowhy_estimate = point.fitted
    if dowhy_estimate is not None:
        # The estimate's own fit on the same frame, seed and models: the refuters start from
        # it rather than from a second identical fit (the slowest step for flexible models).
        # Their refits compute no intervals, as a fit made for them would not.
        dowhy_estimate.estimator._confidence_intervals = False
        dowhy_estimate.estimator._test_significance = False
        if method == "dml":
            # Refits cross-fit DML on one split: averaging over splits steadies the reported
            # estimate, while a refuter compares refits whose spread it measures anyway, and
            # each split costs a full set of nuisance fits.
            dowhy_estimate.estimator.estimator.mc_iters = None
    else:
        _, dowhy_estimate, _ = est_mod.fit_value(
            method,
            ident.estimand,
            frame,
            treated,
            control,
            confidence,
            seed,
            binary=binary_t,
            flexible=flexible,
            splits=1,
        )

    def tick() -> None:
        # the same update again: nothing new is shown, but a cancelled run stops here
        report(progress, TASK, 3, 5, "refute")

    def refit(data: pd.DataFrame) -> float:
        tick()
        return est_mod.fit_value(
            method,
            ident.estimand,
            data,
            treated,
            control,
            confidence,
            seed,
            binary=binary_t,
            flexible=flexible,
            splits=1,
        )[0]

    from .batched import BatchedRegression

    out = run_refuters(
        ident.estimand,
        dowhy_estimate,
        frame,
        treatment,
        point.value,
        point.ci,
        confidence,
        n_refute,
        seed,
        refit,
        batch=BatchedRegression.for_estimand(
            method,
            ident.estimand,
            frame,
            treated,
            control,
            interact=method == "linear_regression" and flexible,
        ),
        tick=tick,
    )
    if kind == "backdoor":
        out.append(
            sensitivity(
                frame, treatment, outcome, adjustment, point.value, point.ci, confidence, binary_y
            )
        )
    elif kind == "iv":
        # the reduced form of the Wald ratio, or of 2SLS's single combined instrument
        out.append(iv_sensitivity(frame, ident.instruments, treatment, outcome, [], confidence))
    elif kind == "frontdoor" and len(ident.frontdoor) == 1:
        # DoWhy's two-stage front-door estimator takes a single mediator
        est = ident.estimand
        first = [c for c in est.mediation_first_stage_confounders or [] if c in frame.columns]
        second = [c for c in est.mediation_second_stage_confounders or [] if c in frame.columns]
        if treatment not in second:
            second = [treatment, *second]
        out.append(
            frontdoor_sensitivity(
                frame, treatment, ident.frontdoor[0], outcome, first, second, confidence
            )
        )
    check = graph_implications(cg, frame, [treatment, outcome])
    if check is not None:
        out.append(check)
    return out


# heterogeneity ------------------------------------------------------------------------------


def _heterogeneity(
    frame: pd.DataFrame,
    raw: pd.Series,
    by: str,
    kind: str,
    method: str,
    ident: Identification,
    treatment: str,
    outcome: str,
    adjustment: list[str],
    treated: float,
    control: float,
    confidence: float,
    n_boot: int,
    seed: int,
    binary_t: bool,
    notes: list[str],
    flexible: bool | str = False,
):
    from .heterogeneity import causal_forest, groups, subgroup_effects

    labels = groups(raw)
    sub_boot = max(10, n_boot // 2)

    def fit(part: pd.DataFrame) -> tuple[float, tuple[float, float]]:
        p = est_mod.estimate(
            method,
            ident.estimand,
            part,
            treated,
            control,
            confidence,
            sub_boot,
            seed,
            binary=binary_t,
            flexible=flexible,
        )
        return p.value, p.ci

    subgroups = subgroup_effects(frame, labels, treatment, fit)
    forest = None
    if kind == "backdoor":
        forest = causal_forest(
            frame, labels, treatment, outcome, by, adjustment, binary_t, confidence, seed
        )
        if forest is None:
            notes.append("install the econml extra for a causal forest of the heterogeneity")
    return subgroups, forest


# IDA ----------------------------------------------------------------------------------------


def _ida_result(
    cg: CausalGraph,
    frame: pd.DataFrame,
    treatment: str,
    outcome: str,
    mediator: str | None,
    instrument: str | None,
    method: str,
    confidence: float,
    base: dict[str, Any],
    notes: list[str],
    start: float,
    progress: ProgressCallback | None,
) -> EffectEstimate:
    from .ida import ida

    if mediator is not None or instrument is not None:
        raise EstimationError(
            "Mediation and instrumental variables need a fully oriented graph.",
            f"orient the undirected edges ({', '.join(str(e) for e in cg.undirected_edges()[:4])})",
        )
    if method not in ("auto", "linear_regression"):
        raise EstimationError(
            f"The graph is only partly oriented, so only regression (IDA) can be used, not {method}.",
            "use --method auto, or pass a fully oriented graph",
        )
    report(progress, TASK, 2, 5, "IDA over orientations")
    effects, undecided = ida(cg, frame, treatment, outcome, confidence)
    values = [e.ate for e in effects]
    lo, hi = min(values), max(values)
    distinct = len({round(v, 10) for v in values}) > 1
    ate = ci = p = None
    if not distinct:
        ate, ci = effects[0].ate, effects[0].ci
    reason = (
        "the graph is only partly oriented: IDA estimates the effect by regression on the treatment's "
        "parents under every orientation the graph allows"
    )
    if distinct:
        words = (
            f"Not unique: the graph leaves {', '.join(undecided)} undecided; the effect of {treatment} on "
            f"{outcome} is between {lo:.4g} and {hi:.4g} over {len(effects)} consistent parent sets."
        )
        verdict, why = "not identified", f"decide {' or '.join(undecided)} to get one effect"
        adjustment: list[str] = []
    else:
        adj = effects[0].parents
        words = (
            f"The average change in {outcome} per unit of {treatment}, adjusting for its parents "
            f"{', '.join(adj) if adj else '(none)'} (the same under every orientation the graph allows)."
        )
        verdict, why = (
            "not checked",
            "refuters run on oriented graphs; IDA results are reported as a range",
        )
        adjustment = adj
    if not distinct and effects[0].parents and outcome not in effects[0].parents:
        from .estimators import ols_effect

        p = ols_effect(
            frame, outcome, [treatment, *effects[0].parents], treatment, confidence
        ).p_value
    report(progress, TASK, 5, 5, "done")
    return EffectEstimate(
        **base,
        ate=ate,
        ci=ci,
        ci_kind="analytic" if ci else None,
        p_value=p,
        method="ida_linear_regression",
        method_reason=reason,
        estimand=words,
        estimand_kind="ida",
        adjustment_set=adjustment,
        naive_difference=_naive(frame, treatment, outcome, base["treatment_kind"] == "binary"),
        n_rows=len(frame),
        verdict=verdict,
        verdict_reason=why,
        effects_range=(lo, hi),
        orientation_effects=effects,
        undecided_edges=undecided if distinct else [],
        notes=notes,
        elapsed_s=round(time.perf_counter() - start, 3),
    )
