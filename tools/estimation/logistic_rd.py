"""The risk difference of a logistic model, with an analytic (delta-method) interval.

The `glm` estimate is a standardisation (g-computation): the logistic model's predicted risk
at the treated value minus that at the control value, averaged over every unit. Its influence
function has two parts: the spread of the unit-level risk differences around their mean (the
sampling of the covariates) and the model's coefficients' own influence (score over the
Fisher information, the robust sandwich) carried through the derivative of the average risk
difference in them. The variance of the estimate is the mean square of that function over n.
A percentile bootstrap of the same estimate estimates the same variance, but with 200
resamples each end of its interval is itself noisy (by about 0.19 standard errors: the 2.5%
quantile of 200 draws) and the table is refitted 200 times; the analytic interval has no
resampling noise and costs one fit.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def _expit(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))


def risk_difference(
    y: np.ndarray, t: np.ndarray, X: np.ndarray, treated: float, control: float
) -> tuple[float, float]:
    """(average risk difference, its standard error) of a logistic regression of the binary
    `y` on an intercept, `t` and the columns of `X`, read between `t = treated` and
    `t = control` for every unit. The standard error comes from the influence function with
    the coefficients' sandwich (robust) influence, scaled by n / (n - k) as HC1."""
    import statsmodels.api as sm

    n = len(y)
    D = np.column_stack([np.ones(n), t, X]) if X.size else np.column_stack([np.ones(n), t])
    fit = sm.GLM(y, D, family=sm.families.Binomial()).fit()
    beta = np.asarray(fit.params, dtype=float)
    D1, D0 = D.copy(), D.copy()
    D1[:, 1], D0[:, 1] = treated, control
    p, p1, p0 = _expit(D @ beta), _expit(D1 @ beta), _expit(D0 @ beta)
    unit = p1 - p0
    value = float(np.mean(unit))
    # d value / d beta, and each unit's influence on beta (information^-1 x score)
    grad = ((p1 * (1 - p1))[:, None] * D1 - (p0 * (1 - p0))[:, None] * D0).mean(axis=0)
    info = (D * (p * (1 - p))[:, None]).T @ D / n
    influence_beta = np.linalg.solve(info, (D * (y - p)[:, None]).T).T
    influence = (unit - value) + influence_beta @ grad
    k = D.shape[1]
    se = float(np.sqrt(np.sum(influence**2)) / n * np.sqrt(n / max(n - k, 1)))
    return value, se


def glm_interval(
    frame: pd.DataFrame,
    estimand: Any,
    value: float,
    treated: float,
    control: float,
    confidence: float,
) -> Any:
    """The `glm` estimate's analytic interval (a `PointEstimate`), when the logistic model on
    the treatment and the adjustment set as `design` codes them gives DoWhy's estimate `value`;
    None otherwise (another model, a fit that fails: the bootstrap stays)."""
    from statsmodels.tools.sm_exceptions import PerfectSeparationError

    from .arm_estimator import normal_interval
    from .estimators import design, quiet

    treatment = estimand.treatment_variable[0]
    outcome = estimand.outcome_variable[0]
    covariates = [c for c in (estimand.get_backdoor_variables() or []) if c in frame.columns]
    try:
        y = frame[outcome].to_numpy(dtype=float)
        t = frame[treatment].to_numpy(dtype=float)
        X = design(frame, covariates).to_numpy(dtype=float)
        with quiet(), np.errstate(all="ignore"):
            own, se = risk_difference(y, t, X, treated, control)
    except (KeyError, ValueError, np.linalg.LinAlgError, PerfectSeparationError):
        return None
    if not (np.isfinite(own) and np.isfinite(se) and se > 0):
        return None
    if not np.isclose(own, value, rtol=1e-4, atol=1e-8):
        return None  # not DoWhy's model: keep the bootstrap
    return normal_interval(value, se, confidence, "analytic (delta method, robust sandwich)")
