"""Regression with treatment x covariate interactions (Lin 2013), for a binary treatment.

OLS of the outcome on the treatment, the centred adjustment set and their products: the
treatment's coefficient is the mean of the unit effects over the sample, i.e. the average
effect even when the effect varies with the covariates. Plain regression instead weights each
unit's effect by the variance of its treatment given the covariates, which is small exactly
where overlap is poor, so it can miss the ATE where the effect and the propensity both vary.
The estimator extrapolates each arm's regression (check the overlap report); it is chosen when
overlap is too limited for weights and the interaction check finds a varying effect.

The interval is the HC3 interval of that coefficient, widened by the spread of the unit effects
across the covariates (var(X delta) / n, delta the interaction coefficients), which the
population average carries and the sample average does not.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from copilot.errors import EstimationError


def _design(
    frame: pd.DataFrame, treatment: str, covariates: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    from .estimators import design

    X = design(frame, covariates)
    X = X.loc[:, X.std() > 0]
    Xc = X - X.mean()
    t = frame[treatment].astype(float).rename(treatment)
    inter = Xc.mul(t, axis=0).add_prefix("t_x_")
    import statsmodels.api as sm

    A = sm.add_constant(pd.concat([t, Xc, inter], axis=1), has_constant="add")
    return A, Xc, list(inter.columns)


def interacted_ols(
    frame: pd.DataFrame, treatment: str, outcome: str, covariates: list[str]
) -> tuple[float, float]:
    """(average effect, its standard error) of the interacted regression."""
    from .estimators import hc3_ols

    A, Xc, inter = _design(frame, treatment, covariates)
    if len(frame) <= A.shape[1] + 2:
        raise EstimationError(
            f"Only {len(frame)} rows for {A.shape[1]} terms of the interacted regression.",
            "use --method linear_regression, or add rows",
        )
    fit = hc3_ols(frame[outcome].to_numpy(dtype=float), A)
    value = float(fit.params[treatment])
    if not inter:
        return value, float(fit.bse[treatment])
    unit_effects = Xc.to_numpy() @ fit.params[inter].to_numpy()
    spread = float(np.var(unit_effects, ddof=1)) / len(frame)
    return value, float(np.sqrt(fit.bse[treatment] ** 2 + spread))


_CLASS: Any = None


def interacted_estimator_class() -> Any:
    """A DoWhy estimator class for the interacted regression, so DoWhy's refuters can refit it."""
    global _CLASS
    if _CLASS is not None:
        return _CLASS
    from .arm_estimator import arm_estimator_base, normal_interval
    from .estimators import PointEstimate

    class InteractedRegression(arm_estimator_base()):
        SYMBOLIC = "b_T in Y ~ T + (W - mean W) + T (W - mean W)"

        def value_of(
            self, data: pd.DataFrame, t: np.ndarray, outcome: str, covariates: list[str]
        ) -> float:
            treatment = self._target_estimand.treatment_variable[0]
            part = data.copy()
            part[treatment] = t
            self.value, self.se = interacted_ols(part, treatment, outcome, covariates)
            return self.value

        def interval(self, confidence: float) -> PointEstimate:
            return normal_interval(
                float(self.value), float(self.se), confidence, "analytic (HC3, interacted)"
            )

    _CLASS = InteractedRegression
    return _CLASS
