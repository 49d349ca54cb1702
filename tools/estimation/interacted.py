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
    from dowhy.causal_estimator import CausalEstimator

    from .aipw import arm_estimate
    from .estimators import PointEstimate

    class InteractedRegression(CausalEstimator):
        def __init__(self, identified_estimand: Any, **kwargs: Any) -> None:
            super().__init__(identified_estimand=identified_estimand, **kwargs)
            self.value: float | None = None
            self.se: float | None = None
            self.symbolic_estimator = self.construct_symbolic_estimator(identified_estimand)

        def fit(self, data: pd.DataFrame, effect_modifier_names: Any = None) -> Any:
            self._set_effect_modifiers(data, effect_modifier_names)
            return self

        def estimate_effect(
            self,
            data: pd.DataFrame,
            treatment_value: Any = 1,
            control_value: Any = 0,
            target_units: Any = None,
            **kwargs: Any,
        ) -> Any:
            def value_of(t: np.ndarray, outcome: str, covariates: list[str]) -> float:
                part = data.copy()
                part[treatment] = t
                self.value, self.se = interacted_ols(part, treatment, outcome, covariates)
                return self.value

            treatment = self._target_estimand.treatment_variable[0]
            return arm_estimate(self, data, treatment_value, control_value, target_units, value_of)

        def interval(self, confidence: float) -> PointEstimate:
            from scipy import stats

            value, se = float(self.value), float(self.se)
            z = float(stats.norm.ppf(0.5 + confidence / 2))
            p = float(2 * stats.norm.sf(abs(value) / se)) if se > 0 else 0.0
            return PointEstimate(
                value, (value - z * se, value + z * se), p, "analytic (HC3, interacted)"
            )

        def construct_symbolic_estimator(self, estimand: Any) -> str:
            return "b_T in Y ~ T + (W - mean W) + T (W - mean W)"

    _CLASS = InteractedRegression
    return _CLASS
