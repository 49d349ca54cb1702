"""Rows that belong to a repeated unit (several rows per `customer_id`, visits per `patient_id`).

Such an id is not a covariate: as a category of one level per unit it decides a treatment given
per unit outright (no overlap), and its rows are not independent, so an interval that counts
rows is too narrow. The id column is found by its name (`*_id`, `*_no`, `id`, `key`) and its
repeated values, or named by the user; it is left out of the analysis where the treatment is
given per unit (kept where the treatment varies within units, which then compare each unit
with itself), and the interval is
widened by the ratio of the cluster-robust (by the id) to the heteroskedasticity-robust standard
error of the treatment's coefficient in the adjusted linear regression: exact for a linear
regression estimate, the same design effect carried over to the others. An interval is never
narrowed by it.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from copilot.errors import InputError
from copilot.tools.dataset import Dataset

#: Fewer units than this give no usable cluster-robust variance (it is itself estimated from
#: the units' sums).
MIN_CLUSTERS = 10
#: Words that turn a cluster search off (`cluster="none"`).
OFF = frozenset({"none", "no", "off", "false"})


def named_like_id(name: str) -> bool:
    """`customer_id`, `PatientID`, `patient id`, `store_no`, `id`, `uuid`: a name that labels a
    unit (not `paid`, `valid` or `zip_code`, whose values are amounts, flags or categories)."""
    import re

    name = name.strip()
    return bool(
        re.fullmatch(r"(?i)(id|uid|uuid|key)", name)
        or re.search(r"(?i)[ _.\-](id|uuid|key|no|nr)$", name)
        or re.search(r"[a-z](ID|Id)$", name)
    )


def repeats(values: pd.Series) -> tuple[int, float]:
    """(units, rows per unit on average) of an id column."""
    groups = int(values.nunique(dropna=True))
    return groups, (len(values.dropna()) / groups if groups else 0.0)


def find_cluster(
    ds: Dataset, cluster: str | None, taken: list[str | None], graph_nodes: set[str] | None
) -> tuple[str | None, list[str]]:
    """(the id column the rows belong to, or None; the other ids that repeat, which are no
    covariates either).

    `cluster` is "auto" (a column named like an id whose values repeat, at least 2 rows per
    unit on average over at least `MIN_CLUSTERS` units), a column name, or None / "none" (off).
    The treatment, outcome and other named columns (`taken`) and a column the given graph has
    as a node are never taken automatically."""
    if cluster is None or cluster.strip().lower() in OFF:
        return None, []
    frame = ds.frame
    if cluster != "auto":
        # an unknown name raises with the near ones
        (name,) = ds.require([ds.resolve(cluster)], "cluster column")
        if name in taken:
            raise InputError(
                f"{name!r} is the treatment, outcome or another named column; it cannot also "
                "be the unit the rows belong to.",
                "name the id column that repeats for rows of one unit (e.g. customer_id)",
            )
        groups, per = repeats(frame[name])
        if groups < MIN_CLUSTERS or per < 1.5:
            raise InputError(
                f"{name!r} has {groups} distinct values over {len(frame)} rows: a cluster column "
                f"needs at least {MIN_CLUSTERS} units with repeated rows.",
                "name the id that repeats for rows of one unit, or leave --cluster out",
            )
    found = []
    for c in frame.columns:
        if c in taken or (graph_nodes and c in graph_nodes) or not named_like_id(c):
            continue
        values = frame[c].dropna()
        if pd.api.types.is_numeric_dtype(values) and not np.all(values == np.round(values)):
            continue  # an id is text or a whole number
        groups, per = repeats(frame[c])
        if groups >= MIN_CLUSTERS and per >= 2:
            found.append((groups, c))
    found.sort()
    if cluster != "auto":
        return name, [c for _, c in found if c != name]
    if not found:
        return None, []
    # nested ids (store_id over customer_id): the coarsest, whose interval is the widest
    return found[0][1], [c for _, c in found[1:]]


def given_per_unit(frame: pd.DataFrame, treatment: str, column: str, share: float = 0.05) -> bool:
    """Whether `treatment` takes one value in all but `share` of the units of `column`."""
    levels = frame.groupby(column, sort=False)[treatment].nunique(dropna=True)
    return bool((levels > 1).mean() <= share)


def without_columns(ds: Dataset, columns: list[str]) -> Dataset:
    """`ds` without `columns`, profiled anew on the same rows (the notes that name them are
    left out)."""
    import warnings

    from copilot.tools.data import load_table

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        out = load_table(ds.frame.drop(columns=columns).reset_index(drop=True), name=ds.name)
    kept = [n for n in ds.notes if not any(repr(c) in n for c in columns)]
    out.notes = list(dict.fromkeys([*kept, *out.notes]))
    out.source = ds.source
    return out


def design_effect(
    ds: Dataset,
    treatment: str,
    outcome: str,
    adjustment: list[str],
    groups: pd.Series,
    rows: pd.Series | None = None,
    treated_level: str | None = None,
) -> float:
    """The cluster-robust over the robust variance of the treatment's coefficient in the linear
    regression of `outcome` on `treatment` and `adjustment`, with CR1 and HC1 small-sample
    factors (1 with fewer than 2 units or more columns than rows). `rows` restricts to some rows
    (a level's contrast), with `treated_level` the treatment's level coded 1 there."""
    from .estimators import design

    keep = np.ones(len(ds.frame), dtype=bool) if rows is None else rows.to_numpy(dtype=bool)
    covariates = [c for c in adjustment if c in ds.columns]
    num = ds.numeric([outcome, *covariates])[keep]
    if treated_level is not None:
        t = (ds.frame[treatment].astype(str)[keep] == treated_level).to_numpy(dtype=float)
    else:
        t = ds.numeric([treatment])[treatment][keep].to_numpy(dtype=float)
        if len(np.unique(t)) == 2:
            t = (t == t.max()).astype(float)
    kinds = ds.profile.kinds()
    for c in covariates:
        if kinds.get(c) == "categorical":  # one indicator per level, as the estimators have
            num[c] = num[c].astype(int).astype("category")
    X = np.column_stack([np.ones(len(t)), t, design(num, covariates).to_numpy(dtype=float)])
    y = num[outcome].to_numpy(dtype=float)
    g = pd.factorize(groups.reset_index(drop=True)[keep])[0]
    n, k = X.shape
    n_groups = int(g.max()) + 1
    if n_groups < 2 or n <= k:
        return 1.0
    bread = np.linalg.pinv(X.T @ X)
    resid = y - X @ (bread @ (X.T @ y))
    scores = X * resid[:, None]
    meat_hc = scores.T @ scores * n / (n - k)
    sums = np.zeros((n_groups, k))
    np.add.at(sums, g, scores)
    meat_cl = sums.T @ sums * (n_groups / (n_groups - 1)) * ((n - 1) / (n - k))
    v_hc = float((bread @ meat_hc @ bread)[1, 1])
    v_cl = float((bread @ meat_cl @ bread)[1, 1])
    return v_cl / v_hc if v_hc > 0 else 1.0


def factor_of(deff: float) -> float:
    """The widening of an interval for a design effect: its square root, never below 1."""
    return math.sqrt(max(deff, 1.0))


def widen(
    ate: float | None, ci: tuple[float, float] | None, confidence: float, deff: float
) -> tuple[tuple[float, float] | None, float | None]:
    """(the interval around `ate` widened for the design effect `deff` (`factor_of`), the
    two-sided p-value of no effect from it), or (ci, None) when there is nothing to widen."""
    from scipy.stats import norm

    factor = factor_of(deff)
    if ate is None or ci is None or ci[0] is None or ci[1] is None or factor <= 1:
        return ci, None
    lo, hi = ate - (ate - ci[0]) * factor, ate + (ci[1] - ate) * factor
    z = norm.ppf(0.5 + confidence / 2)
    se = (hi - lo) / (2 * z)
    p = float(2 * norm.sf(abs(ate) / se)) if se > 0 else None
    return (float(lo), float(hi)), p


def factor_words(column: str, deff: float, units: int, per: float, covariate: bool) -> str:
    """The note on a clustered estimate: the unit, the factor, and whether the id was kept."""
    factor = factor_of(deff)
    role = (
        "stays in the analysis, since the treatment varies within units"
        if covariate
        else "is not a covariate, since the treatment is given per unit"
    )
    return (
        f"rows repeat by {column!r} ({units} units, {per:.1f} rows each on average): {column!r} "
        f"is the unit the rows belong to and {role}; the interval counts units, not rows: "
        f"widened {factor:.2f}x by the ratio of the cluster-robust to the robust standard error "
        f"of the adjusted linear regression (design effect {deff:.2f})"
        + ("" if deff > 1 else "; the interval was not narrowed")
    )


def clustered_mediation(est: Any, ds: Dataset, groups: pd.Series) -> str:
    """Widen the natural direct and indirect effects' intervals of `est` for the clustering
    `groups` (their bootstrap resamples rows, as if rows were independent) and say by how much.
    The direct effect by the design effect of the treatment's coefficient in the regression of
    the outcome on the treatment, the mediator and the covariates; the indirect effect (the
    product of the treatment -> mediator and mediator -> outcome coefficients) by the larger
    design effect of those two coefficients, which bounds the ratio of the delta-method
    variances."""
    m = est.mediation
    t, y = est.treatment, est.outcome
    covs = [c for c in m.covariates if c in ds.columns and c not in (t, y, m.mediator)]
    direct = design_effect(ds, t, y, [m.mediator, *covs], groups)
    first = design_effect(ds, t, m.mediator, covs, groups)
    second = design_effect(ds, m.mediator, y, [t, *covs], groups)
    indirect = max(first, second)
    m.nde_ci, _ = widen(m.nde, m.nde_ci, est.confidence, direct)
    m.nie_ci, _ = widen(m.nie, m.nie_ci, est.confidence, indirect)
    return (
        f"the direct and indirect effects through {m.mediator!r} are widened too: "
        f"{factor_of(direct):.2f}x and {factor_of(indirect):.2f}x "
        f"(design effects {direct:.2f} and {indirect:.2f})"
    )


def clustered_subgroups(est: Any, ds: Dataset, by: str, groups: pd.Series) -> str:
    """Widen each subgroup's interval of `est` by the design effect of the adjusted linear
    regression on that subgroup's rows, and say by how much."""
    from .heterogeneity import groups as group_labels

    if by not in ds.columns:
        return "the subgroup intervals are not widened (the subgroup column is the id)"
    labels = group_labels(ds.frame[by].reset_index(drop=True))
    words = []
    for sub in est.subgroups:
        if sub.ate is None or sub.ci is None:
            continue
        rows = labels == sub.group
        deff = design_effect(ds, est.treatment, est.outcome, est.adjustment_set, groups, rows)
        sub.ci, _ = widen(sub.ate, sub.ci, est.confidence, deff)
        words.append(f"{sub.group} {deff:.2f}")
    return "subgroup intervals widened by their own design effects (" + ", ".join(words) + ")"
