"""Conditional effects by a subgroup column, and econml's causal forest when it is installed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from copilot.errors import EstimationError

from .estimators import design, quiet
from .result import SubgroupEffect

#: A numeric `by` column with more distinct values than this is cut into quartiles.
MAX_LEVELS = 12
MIN_GROUP = 30


def groups(raw: pd.Series) -> pd.Series:
    """Group labels: the levels of a categorical column, quartile bins of a continuous one."""
    if raw.nunique() <= MAX_LEVELS or not pd.api.types.is_numeric_dtype(raw):
        return raw.astype(str)
    bins = pd.qcut(raw, 4, duplicates="drop")
    return bins.astype(str)


def subgroup_effects(
    frame: pd.DataFrame,
    labels: pd.Series,
    treatment: str,
    estimate_fn: Callable[[pd.DataFrame], tuple[float, tuple[float, float]]],
) -> list[SubgroupEffect]:
    """The effect within each group, by the same estimator as the overall effect."""
    out = []
    for level in sorted(labels.unique(), key=_sort_key):
        part = frame[labels.to_numpy() == level].reset_index(drop=True)
        n = len(part)
        if n < MIN_GROUP or part[treatment].nunique() < 2:
            why = (
                f"fewer than {MIN_GROUP} rows"
                if n < MIN_GROUP
                else "the treatment does not vary here"
            )
            out.append(
                SubgroupEffect(
                    group=str(level), n_rows=n, ate=None, ci=None, detail=f"(not estimated: {why})"
                )
            )
            continue
        try:
            value, ci = estimate_fn(part)
        except EstimationError as exc:
            out.append(
                SubgroupEffect(
                    group=str(level),
                    n_rows=n,
                    ate=None,
                    ci=None,
                    detail=f"(not estimated: {exc.message})",
                )
            )
            continue
        out.append(SubgroupEffect(group=str(level), n_rows=n, ate=value, ci=ci))
    return out


def _sort_key(v: Any) -> tuple[int, Any]:
    try:
        return (0, float(str(v).strip("([").split(",")[0]))
    except ValueError:
        return (1, str(v))


def causal_forest(
    frame: pd.DataFrame,
    labels: pd.Series,
    treatment: str,
    outcome: str,
    by: str,
    covariates: list[str],
    binary: bool,
    confidence: float,
    seed: int,
) -> dict[str, Any] | None:
    """CausalForestDML with `by` as the effect modifier; mean effect and interval per group.

    Returns None when econml is not installed (the caller notes it)."""
    try:
        from econml.dml import CausalForestDML
    except ImportError:
        return None
    from sklearn.ensemble import GradientBoostingClassifier, GradientBoostingRegressor

    X = design(frame, [by]).to_numpy(dtype=float)
    W = design(frame, [c for c in covariates if c != by]).to_numpy(dtype=float)
    W = W if W.shape[1] else None
    model_t = (
        GradientBoostingClassifier(n_estimators=60, max_depth=3, random_state=seed)
        if binary
        else GradientBoostingRegressor(n_estimators=60, max_depth=3, random_state=seed)
    )
    forest = CausalForestDML(
        model_y=GradientBoostingRegressor(n_estimators=60, max_depth=3, random_state=seed),
        model_t=model_t,
        discrete_treatment=binary,
        n_estimators=200,
        cv=3,
        random_state=seed,
    )
    with quiet():
        forest.fit(
            frame[outcome].to_numpy(dtype=float), frame[treatment].to_numpy(dtype=float), X=X, W=W
        )
    alpha = 1 - confidence
    per_group = []
    for level in sorted(labels.unique(), key=_sort_key):
        mask = labels.to_numpy() == level
        if mask.sum() < 2:
            continue
        with quiet():
            summ = forest.effect_inference(X[mask]).population_summary(alpha=alpha)
            lo, hi = summ.conf_int_mean()
        per_group.append(
            {
                "group": str(level),
                "n_rows": int(mask.sum()),
                "ate": float(np.ravel(summ.mean_point)[0]),
                "ci": [float(np.ravel(lo)[0]), float(np.ravel(hi)[0])],
            }
        )
    with quiet():
        overall = forest.effect_inference(X).population_summary(alpha=alpha)
        lo, hi = overall.conf_int_mean()
    return {
        "model": "econml CausalForestDML",
        "modifier": by,
        "ate": float(np.ravel(overall.mean_point)[0]),
        "ci": [float(np.ravel(lo)[0]), float(np.ravel(hi)[0])],
        "groups": per_group,
    }
