"""Augmented inverse propensity weighting (AIPW, doubly robust) for a binary treatment.

The average effect is the mean of the efficient influence scores

    psi_i = mu1(W_i) - mu0(W_i) + T_i (Y_i - mu1(W_i)) / e(W_i) - (1 - T_i) (Y_i - mu0(W_i)) / (1 - e(W_i))

with the outcome models mu1, mu0 fitted separately in each arm (so an effect that varies with
the covariates is averaged over the whole sample, which is the ATE) and the propensity e(W),
all cross-fitted over folds (each unit's scores come from models that did not see it). The
interval is mean(psi) +- z sd(psi) / sqrt(n): valid when either the outcome models or the
propensity model is right, and it includes the spread of the unit effects, so it is the
interval of the population average effect. Regression on the treatment and the covariates
instead estimates a variance-weighted average of the unit effects, which differs from the ATE
when the effect varies and the propensity does too.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from copilot.errors import EstimationError

#: Propensities are clipped to [CLIP, 1 - CLIP] so one unit cannot dominate the average.
CLIP = 0.01
FOLDS = 5
#: Rows of a category's level needed in each arm before its treatment interaction is tested.
INTERACTION_ARM_ROWS = 10


#: The flexible outcome models AIPW chooses among (see `choose_outcome_model`).
#: In order of preference when their fits are as good (see `choose_outcome_model`).
OUTCOME_FAMILIES = ("quadratic", "additive splines", "splines and trees", "boosted trees")
#: Families within this much R2 of the best fit count as fitting as well.
AS_GOOD = 0.01
ALPHAS = (0.001, 0.01, 0.1, 1.0, 10.0)


def _outcome_model(flexible: bool | str, seed: int) -> Any:
    """The outcome model of one arm: linear (`flexible` False), a named family of
    `OUTCOME_FAMILIES`, or (True, no family chosen) the average of splines and boosted trees."""
    from sklearn.linear_model import LinearRegression, RidgeCV
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures, SplineTransformer, StandardScaler

    if not flexible:
        return LinearRegression()
    family = flexible if isinstance(flexible, str) else "splines and trees"
    if family not in OUTCOME_FAMILIES:
        raise EstimationError(
            f"Unknown outcome model {family!r} for AIPW.",
            f"use one of {', '.join(OUTCOME_FAMILIES)}",
        )
    # Each arm's model predicts over the other arm's covariates too, often beyond the range it
    # was fitted on: splines continue linearly there instead of flat.
    splines = make_pipeline(
        SplineTransformer(n_knots=5, knots="quantile", extrapolation="linear"),
        RidgeCV(alphas=ALPHAS),
    )
    if family == "additive splines":
        return splines
    if family == "quadratic":
        # squares and pairwise products: a U-shaped confounder, or two that act together
        return make_pipeline(
            StandardScaler(),
            PolynomialFeatures(2, include_bias=False),
            StandardScaler(),
            RidgeCV(alphas=ALPHAS),
        )
    from sklearn.ensemble import GradientBoostingRegressor, VotingRegressor

    trees = GradientBoostingRegressor(
        n_estimators=100, max_depth=3, learning_rate=0.08, subsample=0.8, random_state=seed
    )
    if family == "boosted trees":
        return trees
    # Additive splines catch smooth curves, boosting catches interactions; their average is
    # steadier than either on a few hundred rows.
    return VotingRegressor([("splines", splines), ("boosting", trees)])


def choose_outcome_model(
    X: np.ndarray, t: np.ndarray, y: np.ndarray, seed: int = 0
) -> tuple[str, str]:
    """The flexible outcome model family for AIPW: the one of `OUTCOME_FAMILIES` whose
    3-fold cross-validated R2 over the two arms is best, each arm's held-out errors weighted by
    1 / P(that arm | covariates) (each arm on at most 2,000 rows). An arm's model predicts
    for every unit, and the units unlike that arm count most there; the weights make the
    held-out rows stand for all units (importance weighting for the shift between an arm and
    the whole sample). A fixed family can be badly wrong exactly there: boosted trees and
    additive splines continue a U-shaped confounder flat or straight into the region where one
    arm is rare, and additive models cannot represent two confounders acting together.
    Of families that fit as well (within `AS_GOOD`), the first of `OUTCOME_FAMILIES`.
    Returns (family, what was found)."""
    from sklearn.model_selection import KFold

    from .estimators import quiet

    t = t.astype(int)
    rng = np.random.default_rng(seed)
    with quiet():
        e = _propensity_model(True).fit(X, t).predict_proba(X)[:, 1]
    e = np.clip(e, CLIP, 1 - CLIP)
    r2 = {f: [] for f in OUTCOME_FAMILIES}
    for arm in (0, 1):
        rows = np.flatnonzero(t == arm)
        if len(rows) > 2000:
            rows = rng.choice(rows, 2000, replace=False)
        if len(rows) < 30:
            return "splines and trees", f"too few units in arm {arm} to compare outcome models"
        Xa, ya = X[rows], y[rows]
        w = 1.0 / (e[rows] if arm == 1 else 1.0 - e[rows])
        spread = float(np.sum(w * (ya - np.average(ya, weights=w)) ** 2))
        folds = list(KFold(3, shuffle=True, random_state=seed).split(Xa))
        for f in OUTCOME_FAMILIES:
            err = 0.0
            with quiet():
                for train, test in folds:
                    pred = _outcome_model(f, seed).fit(Xa[train], ya[train]).predict(Xa[test])
                    err += float(np.sum(w[test] * (ya[test] - pred) ** 2))
            r2[f].append(1.0 - err / spread if spread > 0 else 0.0)
    mean = {f: float(np.mean(v)) for f, v in r2.items()}
    # Held-out rows of an arm say little about the region where that arm has no units, where
    # the families differ most: of those that fit as well, the one with the fewest and
    # smoothest terms (a few squares and products, then splines, then trees).
    top = max(mean.values())
    best = next(f for f in OUTCOME_FAMILIES if mean[f] >= top - AS_GOOD)
    words = ", ".join(f"{f} {mean[f]:.2f}" for f in OUTCOME_FAMILIES)
    return best, (
        "outcome models per arm, cross-validated R2 with each arm's rows weighted by "
        f"1 / P(arm | covariates): {words}"
    )


def _propensity_model(flexible: bool | str) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import SplineTransformer, StandardScaler

    if flexible:
        return make_pipeline(
            SplineTransformer(n_knots=5, knots="quantile"), LogisticRegression(max_iter=2000)
        )
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000))


def aipw_scores(
    X: np.ndarray, t: np.ndarray, y: np.ndarray, flexible: bool | str = False, seed: int = 0
) -> np.ndarray:
    """Cross-fitted influence scores psi_i (their mean is the ATE estimate)."""
    from sklearn.model_selection import StratifiedKFold

    n = len(y)
    t = t.astype(int)
    counts = np.bincount(t, minlength=2)
    if counts.min() < 2 * FOLDS:
        raise EstimationError(
            f"Too few units in one treatment group ({counts.min()}) for doubly robust estimation.",
            "use --method linear_regression, or add rows",
        )
    mu0, mu1, e = np.empty(n), np.empty(n), np.empty(n)
    if X.shape[1] == 0:
        X = np.zeros((n, 1))
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=seed)
    for train, test in folds.split(X, t):
        tr0, tr1 = train[t[train] == 0], train[t[train] == 1]
        mu0[test] = _outcome_model(flexible, seed).fit(X[tr0], y[tr0]).predict(X[test])
        mu1[test] = _outcome_model(flexible, seed).fit(X[tr1], y[tr1]).predict(X[test])
        e[test] = _propensity_model(flexible).fit(X[train], t[train]).predict_proba(X[test])[:, 1]
    e = np.clip(e, CLIP, 1 - CLIP)
    return mu1 - mu0 + t * (y - mu1) / e - (1 - t) * (y - mu0) / (1 - e)


_AIPW_CLASS: Any = None


def aipw_estimator_class() -> Any:
    """A DoWhy estimator class for AIPW, so that DoWhy's refuters can refit it."""
    global _AIPW_CLASS
    if _AIPW_CLASS is not None:
        return _AIPW_CLASS
    from .arm_estimator import arm_estimator_base
    from .estimators import design

    class AugmentedIPW(arm_estimator_base()):
        SYMBOLIC = "mean(mu1 - mu0 + T (Y - mu1) / e - (1 - T) (Y - mu0) / (1 - e))"

        def __init__(
            self,
            identified_estimand: Any,
            flexible: bool | str = False,
            seed: int = 0,
            **kwargs: Any,
        ) -> None:
            super().__init__(identified_estimand, **kwargs)
            self.flexible = flexible
            self.seed = seed
            self.scores: np.ndarray | None = None

        def value_of(
            self, data: pd.DataFrame, t: np.ndarray, outcome: str, covariates: list[str]
        ) -> float:
            X = design(data, covariates).to_numpy(dtype=float)
            y = data[outcome].to_numpy(dtype=float)
            self.scores = aipw_scores(X, t.astype(int), y, self.flexible, self.seed)
            return float(np.mean(self.scores))

    _AIPW_CLASS = AugmentedIPW
    return _AIPW_CLASS


def interval(scores: np.ndarray, confidence: float) -> tuple[float, tuple[float, float], float]:
    """(estimate, interval, p-value) from the influence scores."""
    from .arm_estimator import normal_interval

    se = float(np.std(scores, ddof=1) / np.sqrt(len(scores)))
    point = normal_interval(float(np.mean(scores)), se, confidence, "")
    return point.value, point.ci, point.p_value


def _spline_main_effects(X: pd.DataFrame) -> pd.DataFrame:
    """Main effects with a cubic spline basis for each continuous column (binary and one-hot
    columns as they are): a curve in how the outcome depends on a covariate, with the arms
    unbalanced on it, otherwise shows up as a treatment x covariate slope."""
    from sklearn.preprocessing import SplineTransformer

    parts = []
    for c in X.columns:
        x = X[[c]]
        if x[c].nunique() > 5:
            basis = SplineTransformer(n_knots=4, degree=3, include_bias=False).fit_transform(x)
            parts.append(pd.DataFrame(basis, index=X.index).add_prefix(f"{c}_s"))
        else:
            parts.append(x)
    return pd.concat(parts, axis=1)


def interaction_check(
    frame: pd.DataFrame, treatment: str, outcome: str, covariates: list[str], level: float = 0.01
) -> tuple[bool, str]:
    """Does the effect vary with the covariates? A joint Wald test (HC3) of the treatment x
    centred-covariate terms in a regression of the outcome whose main effects are cubic
    splines of the continuous covariates (so that a curve is not read as a varying effect).
    Returns (varies, what was found)."""
    import statsmodels.api as sm

    from .estimators import design, hc3_ols

    if not covariates:
        return False, "no covariates"
    X = design(frame, covariates)
    X = X.loc[:, X.std() > 0]
    if X.shape[1] == 0:
        return False, "no varying covariates"
    t = frame[treatment].to_numpy(dtype=float)
    # An indicator (one level of a category) enters the interactions only with at least
    # INTERACTION_ARM_ROWS rows of its level in each arm: with a handful its interaction is
    # fitted almost exactly by those rows (leverage near 1), the HC3 covariance of the joint
    # test turns degenerate and a store or city with a hundred levels "varies" at p = 1e-100.
    few = [
        c
        for c in X.columns
        if set(np.unique(X[c])) <= {0.0, 1.0}
        and min(X[c][t == 1].sum(), X[c][t == 0].sum()) < INTERACTION_ARM_ROWS
    ]
    if few and len(few) == X.shape[1]:
        return False, "too few rows per level in each arm to test treatment interactions"
    kept = X.drop(columns=few)
    centred = kept - kept.mean()
    inter = centred.mul(t, axis=0).add_prefix("t_x_")
    main = _spline_main_effects(X)
    full = sm.add_constant(
        pd.concat([pd.Series(t, index=X.index, name=treatment), main, inter], axis=1),
        has_constant="add",
    )
    if len(frame) <= full.shape[1] + 10:
        main = X  # too few rows for curves: linear main effects
        full = sm.add_constant(
            pd.concat([pd.Series(t, index=X.index, name=treatment), main, inter], axis=1),
            has_constant="add",
        )
    if len(frame) <= full.shape[1] + 10:
        return False, "too few rows to test treatment interactions"
    try:
        fit = hc3_ols(frame[outcome].to_numpy(dtype=float), full)
        names = list(inter.columns)
        R = np.zeros((len(names), full.shape[1]))
        for i, name in enumerate(names):
            R[i, list(full.columns).index(name)] = 1.0
        test = fit.wald_test(R, scalar=True)
        p = float(test.pvalue)
    except (np.linalg.LinAlgError, ValueError):
        return False, "the interaction test could not be fitted"
    varies = p < level
    return varies, (
        "treatment x covariate interactions "
        + ("are" if varies else "are not")
        + f" significant (joint HC3 Wald test p = {p:.2g}"
        + (
            f"; {len(few)} levels with fewer than {INTERACTION_ARM_ROWS} rows in an arm not tested"
            if few
            else ""
        )
        + ")"
    )
