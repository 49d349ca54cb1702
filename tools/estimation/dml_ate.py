"""Double machine learning of the average effect of a binary treatment whose effect may vary.

DML's usual final stage regresses the outcome's cross-fitted residuals on the treatment's with
one slope. For a binary treatment that slope is a weighted average of the unit effects, each
weighted by the variance of its treatment given the covariates, e(W) (1 - e(W)): where overlap
is limited those weights are small exactly where the propensity is near 0 or 1, so when the
effect varies with a covariate that also moves the propensity the slope is not the average
effect (on a table with propensities from 0.02 to 0.98 and an effect rising with farm size it
sat about one standard error below the ATE).

Here the final stage lets the effect vary linearly with the centred adjustment set, the
partially linear analogue of regression with treatment x covariate interactions (Lin 2013):

    Y_res ~ T_res (a + (W - mean W)' b)

so `a` is the mean of the unit effects over the sample, the average effect. Its interval is
the HC3 interval of `a`, widened by the spread of the unit effects across the covariates
(var((W - mean W)' b) / n), which the population average carries and the sample average does
not. With too few rows for the interacted stage (`ROWS_PER_TERM`), one slope as before.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

#: Rows per term the interacted final stage needs; with fewer, one slope.
ROWS_PER_TERM = 20


def interacted_final_stage(
    y_res: np.ndarray, t_res: np.ndarray, W: np.ndarray
) -> tuple[float, float, bool]:
    """(average effect, its standard error, interacted) from the residuals of the outcome and
    the treatment and the adjustment covariates `W` (one row per unit, any scale): the
    regression of `y_res` on `t_res` and `t_res` times the centred covariates, with HC3
    standard errors and the spread of the unit effects. Without usable covariates or with
    fewer than `ROWS_PER_TERM` rows per term, one slope with its HC3 standard error
    (`interacted` False)."""
    y_res = np.asarray(y_res, dtype=float).reshape(-1)
    t_res = np.asarray(t_res, dtype=float).reshape(-1)
    n = len(y_res)
    W = np.asarray(W, dtype=float).reshape(n, -1)
    W = W[:, W.std(axis=0) > 0]
    Wc = W - W.mean(axis=0)
    interacted = W.shape[1] > 0 and n >= ROWS_PER_TERM * (1 + W.shape[1])
    Z = np.column_stack([t_res, t_res[:, None] * Wc]) if interacted else t_res[:, None]
    ZtZ_inv = np.linalg.pinv(Z.T @ Z)
    coef = ZtZ_inv @ (Z.T @ y_res)
    e = y_res - Z @ coef
    h = np.einsum("ij,jk,ik->i", Z, ZtZ_inv, Z)
    if np.any(h >= 1 - 1e-8):
        raise np.linalg.LinAlgError("a unit is fitted exactly by the final stage")
    u = Z * (e / (1 - h))[:, None]
    cov = ZtZ_inv @ (u.T @ u) @ ZtZ_inv
    var = float(cov[0, 0])
    if interacted:
        var += float(np.var(Wc @ coef[1:], ddof=1)) / n
    return float(coef[0]), float(np.sqrt(var)), bool(interacted)


_CLASS: Any = None


def dml_ate_estimator_class() -> Any:
    """A DoWhy estimator class for DML with the interacted final stage (econml's LinearDML
    supplies the cross-fitted residuals), so DoWhy's refuters refit the same estimator."""
    global _CLASS
    if _CLASS is not None:
        return _CLASS
    from .arm_estimator import arm_estimator_base, normal_interval
    from .estimators import PointEstimate, design, quiet

    class AverageEffectDML(arm_estimator_base()):
        SYMBOLIC = "a in Y_res ~ T_res (a + (W - mean W)' b)"

        def __init__(
            self, identified_estimand: Any, econml_estimator: Any = None, **kwargs: Any
        ) -> None:
            super().__init__(identified_estimand, **kwargs)
            self.estimator = econml_estimator
            self.interacted = False

        def value_of(
            self, data: pd.DataFrame, t: np.ndarray, outcome: str, covariates: list[str]
        ) -> float:
            W = design(data, covariates).to_numpy(dtype=float)
            y = data[outcome].to_numpy(dtype=float)
            with quiet():
                self.estimator.fit(y, t.astype(int), W=W if W.shape[1] else None, cache_values=True)
            y_res, t_res, *_ = self.estimator.residuals_
            self.value, self.se, self.interacted = interacted_final_stage(y_res, t_res, W)
            return self.value

        def interval(self, confidence: float) -> PointEstimate:
            kind = (
                "analytic (HC3, effect varying with the covariates)"
                if self.interacted
                else "analytic (HC3)"
            )
            return normal_interval(float(self.value), float(self.se), confidence, kind)

    _CLASS = AverageEffectDML
    return _CLASS
