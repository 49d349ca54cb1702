"""Refits of the regression estimators on many resamples at once, as stacked linear algebra.

Bootstrap intervals and refutations refit one estimator hundreds of times on resampled,
permuted or extended copies of the data. For `linear_regression` and `glm`, DoWhy's fit is a
regression of the outcome on an intercept, the treatment and the adjustment set (categorical
columns one-hot), and the effect is the mean prediction with the treatment set to the treated
value minus that with the control value. `BatchedRegression` solves the same regressions for a
stack of design matrices at once (least squares through the normal equations; logistic
regression by Newton steps, the IRLS statsmodels runs) and returns the same effects, to about
1e-9, without DoWhy's per-fit overhead. A refit that does not converge or whose design is
nearly singular is marked, and the caller runs it through DoWhy as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from .estimators import design

#: Methods whose refits are batched.
BATCHED_METHODS = ("linear_regression", "glm")
#: Numbers per stacked design matrix chunk (B x n x k): 8 MB of float64, so that the stacks
#: add little to the memory a question needs.
CHUNK_NUMBERS = 1_000_000
#: Newton steps of the logistic fit, and when it has converged (largest coefficient change).
MAX_NEWTON = 100
NEWTON_TOL = 1e-10
#: Reciprocal condition number of X'WX below which a refit goes back to DoWhy.
MIN_RCOND = 1e-12


class BatchedRegression:
    """The outcome regression of `linear_regression` or `glm`, for many design matrices."""

    def __init__(
        self,
        method: str,
        frame: pd.DataFrame,
        treatment: str,
        outcome: str,
        covariates: Sequence[str],
        treated: float,
        control: float,
        interact: bool = False,
    ):
        self.method = method
        # linear_regression with treatment x centred-covariate interactions (the interacted
        # regression whose treatment coefficient is the average effect)
        self.interact = interact and method == "linear_regression"
        self.treatment = treatment
        self.covariates = list(covariates)
        self.treated = float(treated)
        self.control = float(control)
        cov_frame = design(frame, self.covariates)
        cov = cov_frame.to_numpy(dtype=float)
        n = len(frame)
        self.columns = ["const", treatment, *map(str, cov_frame.columns)]
        t = frame[treatment].to_numpy(dtype=float)
        self.X = np.column_stack([np.ones(n), t, cov])  # (n, k): intercept, T, covariates
        self.y = frame[outcome].to_numpy(dtype=float)

    @classmethod
    def for_estimand(
        cls,
        method: str,
        estimand: Any,
        frame: pd.DataFrame,
        treated: float,
        control: float,
        interact: bool = False,
    ) -> BatchedRegression | None:
        """The batched form of `method` on this estimand, or None when it has none."""
        if method not in BATCHED_METHODS or getattr(estimand, "identifier_method", None) not in (
            None,
            "backdoor",
        ):
            return None
        treatments = list(estimand.treatment_variable or [])
        outcomes = list(estimand.outcome_variable or [])
        if len(treatments) != 1 or len(outcomes) != 1:
            return None
        covariates = list(estimand.get_adjustment_set() or [])
        if any(c not in frame.columns for c in [*treatments, *outcomes, *covariates]):
            return None
        t, y = frame[treatments[0]], frame[outcomes[0]]
        if not (pd.api.types.is_numeric_dtype(t) and pd.api.types.is_numeric_dtype(y)):
            return None
        if isinstance(t.dtype, pd.CategoricalDtype) or isinstance(y.dtype, pd.CategoricalDtype):
            return None
        if method == "glm" and not set(np.unique(y.to_numpy(dtype=float))) <= {0.0, 1.0}:
            return None
        return cls(
            method, frame, treatments[0], outcomes[0], covariates, treated, control, interact
        )

    def chunk_rows(self) -> int:
        """How many designs (with one extra column) make a stack of about CHUNK_NUMBERS."""
        n, k = self.X.shape
        return max(1, CHUNK_NUMBERS // max(1, n * (k + 1)))

    # stacks ------------------------------------------------------------------------------------
    def resampled(self, rows: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Designs and outcomes of row resamples: (B, m, k), (B, m)."""
        idx = np.stack([np.asarray(r) for r in rows])
        return self.X[idx], self.y[idx]

    def permuted_treatment(self, perms: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Designs with the treatment column permuted (placebo treatments): (B, n, k), (B, n)."""
        X = np.repeat(self.X[None], len(perms), axis=0)
        for b, perm in enumerate(perms):
            X[b, :, 1] = self.X[perm, 1]
        return X, np.repeat(self.y[None], len(perms), axis=0)

    def with_column(self, extra: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        """Designs with one more covariate (a random common cause): (B, n, k + 1), (B, n)."""
        B, n = len(extra), len(self.y)
        X = np.concatenate(
            [np.repeat(self.X[None], B, axis=0), np.stack(extra).reshape(B, n, 1)], axis=2
        )
        return X, np.repeat(self.y[None], B, axis=0)

    def resampled_with_noise(
        self, rows: Sequence[np.ndarray], noise: Sequence[dict[str, np.ndarray]]
    ) -> tuple[np.ndarray, np.ndarray] | None:
        """Row resamples with noise added to covariates: None when a noisy column is not a
        single design column (then the caller refits through DoWhy)."""
        X, y = self.resampled(rows)
        for b, extra in enumerate(noise):
            for col, values in extra.items():
                if col not in self.columns:
                    return None
                X[b, :, self.columns.index(col)] += values
        return X, y

    def effects(self, X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Effects of the regressions of y[b] on X[b] (column 1 is the treatment): (values, ok).

        `ok` is False where the fit is nearly singular or did not converge; those values are
        NaN and must be refitted another way."""
        from copilot.tools.blas import one_blas_thread

        if self.interact:
            X = _interacted(X)
        B, m, k = X.shape
        step = max(1, CHUNK_NUMBERS // max(1, m * k))
        values = np.full(B, np.nan)
        ok = np.zeros(B, dtype=bool)
        fit = _ols if self.method == "linear_regression" else _logistic
        with one_blas_thread():  # many small products: BLAS threads only spin
            for lo in range(0, B, step):
                part = slice(lo, min(B, lo + step))
                values[part], ok[part] = fit(X[part], y[part], self.treated, self.control)
        return values, ok


def _interacted(X: np.ndarray) -> np.ndarray:
    """[1, T, C] -> [1, T, C - mean C, T (C - mean C)], the means per design."""
    t = X[:, :, 1:2]
    C = X[:, :, 2:]
    Cc = C - C.mean(axis=1, keepdims=True)
    return np.concatenate([X[:, :, :2], Cc, t * Cc], axis=2)


def _solve(A: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Batched A x = b for symmetric positive definite A (B, k, k); ok where well conditioned."""
    scale = np.sqrt(np.einsum("bii->bi", A))  # equilibrate, so the condition test is fair
    scale[scale == 0] = 1.0
    As = A / scale[:, :, None] / scale[:, None, :]
    eig = np.linalg.eigvalsh(As)
    ok = eig[:, 0] > MIN_RCOND * eig[:, -1]
    As[~ok] = np.eye(A.shape[1])  # placeholders, so that the batch solves
    x = np.linalg.solve(As, (b / scale)[:, :, None])[:, :, 0] / scale
    return x, ok


def _ols(
    X: np.ndarray, y: np.ndarray, treated: float, control: float
) -> tuple[np.ndarray, np.ndarray]:
    Xt = X.transpose(0, 2, 1)  # (B, k, m)
    beta, ok = _solve(Xt @ X, (Xt @ y[:, :, None])[:, :, 0])
    # the model is linear: setting T to treated vs control moves every prediction by this
    values = beta[:, 1] * (treated - control)
    return np.where(ok, values, np.nan), ok


def _logistic(
    X: np.ndarray, y: np.ndarray, treated: float, control: float
) -> tuple[np.ndarray, np.ndarray]:
    """Maximum-likelihood logistic regressions by Newton steps (IRLS), all at once."""
    B, _, k = X.shape
    Xt = X.transpose(0, 2, 1)  # (B, k, m)
    beta = np.zeros((B, k))
    ok = np.ones(B, dtype=bool)
    converged = np.zeros(B, dtype=bool)
    for _ in range(MAX_NEWTON):
        if (converged | ~ok).all():
            break
        mu = _expit((X @ beta[:, :, None])[:, :, 0])  # (B, m)
        H = (Xt * (mu * (1 - mu))[:, None, :]) @ X  # (B, k, k)
        g = (Xt @ (y - mu)[:, :, None])[:, :, 0]  # (B, k)
        delta, good = _solve(H, g)
        step = ~converged & ok & good  # converged fits keep their coefficients
        beta[step] += delta[step]
        ok &= good | converged
        small = np.max(np.abs(delta), axis=1) <= NEWTON_TOL * (1 + np.max(np.abs(beta), axis=1))
        converged |= step & small
    ok &= converged
    # predictions with the treatment set to the treated and to the control value
    eta = (X @ beta[:, :, None])[:, :, 0]  # (B, m)
    slope = beta[:, 1:2]
    p1 = _expit(eta + (treated - X[:, :, 1]) * slope).mean(axis=1)
    p0 = _expit(eta + (control - X[:, :, 1]) * slope).mean(axis=1)
    return np.where(ok, p1 - p0, np.nan), ok


def _expit(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1.0 + np.tanh(0.5 * x))  # the logistic function, without overflow
