"""The DoWhy estimator shell of the hand-written estimators of a binary treatment (AIPW, DML
with the interacted final stage, the interacted regression).

Each is a `CausalEstimator` so that DoWhy's refuters refit the same estimator; they differ only
in `value_of` (the estimate from the treated arm as a 0/1 vector, the outcome and the adjustment
columns) and in what they keep for their interval. `normal_interval` is the Wald interval they
and the logistic risk difference share.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def normal_interval(value: float, se: float, confidence: float, kind: str) -> Any:
    """A `PointEstimate` with the normal (Wald) interval value +- z se and its two-sided p."""
    from scipy import stats

    from .estimators import PointEstimate

    z = float(stats.norm.ppf(0.5 + confidence / 2))
    p = float(2 * stats.norm.sf(abs(value) / se)) if se > 0 else 0.0
    return PointEstimate(value, (value - z * se, value + z * se), p, kind)


def arm_estimate(
    estimator: Any,
    data: pd.DataFrame,
    treatment_value: Any,
    control_value: Any,
    target_units: Any,
    value_of: Any,
) -> Any:
    """DoWhy's estimate for a hand-written estimator of a binary treatment: the estimand's
    treatment, outcome and adjustment columns, the treated arm as a 0/1 vector `t`, and
    `value_of(t, outcome, covariates)` as the estimate (the estimator keeps what its interval
    needs)."""
    from dowhy.causal_estimator import CausalEstimate

    estimator._target_units = target_units
    estimator._treatment_value = treatment_value
    estimator._control_value = control_value
    estimand = estimator._target_estimand
    treatment = estimand.treatment_variable[0]
    outcome = estimand.outcome_variable[0]
    covariates = [c for c in (estimand.get_adjustment_set() or []) if c in data.columns]
    t = (data[treatment].to_numpy(dtype=float) == treatment_value).astype(float)
    estimate = CausalEstimate(
        data=data,
        treatment_name=[treatment],
        outcome_name=[outcome],
        estimate=value_of(t, outcome, covariates),
        control_value=control_value,
        treatment_value=treatment_value,
        target_estimand=estimand,
        realized_estimand_expr=estimator.symbolic_estimator,
    )
    estimate.add_estimator(estimator)
    return estimate


_BASE: Any = None


def arm_estimator_base() -> Any:
    """The base class of the estimators above; it is not used alone. Each subclass sets
    `SYMBOLIC` and defines `value_of(data, t, outcome, covariates)`, which `estimate_effect`
    calls and which may keep `self.value` and `self.se` for `normal_interval`."""
    global _BASE
    if _BASE is not None:
        return _BASE
    from dowhy.causal_estimator import CausalEstimator

    class ArmEstimator(CausalEstimator):
        SYMBOLIC = ""

        def __init__(self, identified_estimand: Any, **kwargs: Any) -> None:
            super().__init__(identified_estimand=identified_estimand, **kwargs)
            self.value: float | None = None
            self.se: float | None = None
            self.symbolic_estimator = self.construct_symbolic_estimator(identified_estimand)

        def fit(self, data: pd.DataFrame, effect_modifier_names: Any = None, **_: Any) -> Any:
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
                return self.value_of(data, t, outcome, covariates)

            return arm_estimate(self, data, treatment_value, control_value, target_units, value_of)

        def construct_symbolic_estimator(self, estimand: Any) -> str:
            return self.SYMBOLIC

    _BASE = ArmEstimator
    return _BASE
