"""Reference estimators for the effect benchmarks: naive, adjust-for-all, oracle adjustment,
and the product's own estimator on the oracle's adjustment set.

All are ordinary least squares with heteroskedasticity-robust (HC1) standard errors, on the same
table the product gets. Categorical text columns enter as one-hot indicators (first level
dropped). For a binary treatment the effect is the coefficient of the 0/1 treatment (a risk
difference for a binary outcome, as a linear probability model); for a continuous one, the slope.

The oracle knows the true graph: it adjusts for a valid adjustment set, with squares of its
continuous members (a little flexibility for nonlinear confounding) and, for a binary treatment,
treatment-by-covariate interactions on centred covariates (Lin 2013), so that its coefficient is
the average effect even when the effect varies.

`oracle_set_copilot` is a diagnostic rather than a reference: the product's estimator choice
(regression, AIPW, DML or a logistic model, by its own checks) and intervals, given the
oracle's adjustment set as a graph in which each adjusted column is a common cause. Where it
misses and the product's roles were right, the estimator or its interval is at fault; where it
covers and the product misses, the roles are.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
from scipy import stats


@dataclass
class Estimate:
    ate: float
    ci: tuple[float, float]


def treatment_vector(df: pd.DataFrame, treatment: str, treated_level=None) -> np.ndarray:
    t = df[treatment]
    if treated_level is not None:
        return (t == treated_level).to_numpy(dtype=float)
    return t.to_numpy(dtype=float)


def design(df: pd.DataFrame, columns: list[str], squares: bool = False) -> pd.DataFrame:
    """Numeric design matrix: one-hot text columns; optional squares of continuous columns."""
    parts = []
    for c in columns:
        s = df[c]
        if not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)):
            parts.append(pd.get_dummies(s.astype(str), prefix=c, drop_first=True, dtype=float))
            continue
        x = s.astype(float)
        parts.append(x.rename(c).to_frame())
        if squares and x.nunique() > 2:
            z = (x - x.mean()) / (x.std() or 1.0)
            parts.append((z**2).rename(f"{c}^2").to_frame())
    if not parts:
        return pd.DataFrame(index=df.index)
    X = pd.concat(parts, axis=1)
    return X.loc[:, X.std() > 0]


def ols_effect(
    y: np.ndarray, t: np.ndarray, X: pd.DataFrame, interact: bool = False, level: float = 0.95
) -> Estimate:
    """Coefficient of t in y ~ 1 + t + X (+ t * centred X) with an HC1 interval."""
    cols = [np.ones(len(y)), t]
    if X.shape[1]:
        Xc = X.to_numpy(dtype=float)
        Xc = Xc - Xc.mean(axis=0)
        cols.append(Xc)
        if interact:
            cols.append(Xc * t[:, None])
    A = np.column_stack(cols)
    fit = sm.OLS(y, A).fit(cov_type="HC1")
    b, se = float(fit.params[1]), float(fit.bse[1])
    z = stats.norm.ppf(0.5 + level / 2)
    return Estimate(b, (b - z * se, b + z * se))


def naive(df: pd.DataFrame, treatment: str, outcome: str, treated_level=None) -> Estimate:
    """Difference in means (binary treatment) or simple regression slope, HC1 interval."""
    t = treatment_vector(df, treatment, treated_level)
    return ols_effect(df[outcome].to_numpy(dtype=float), t, pd.DataFrame(index=df.index))


def adjust_all(df: pd.DataFrame, treatment: str, outcome: str, treated_level=None) -> Estimate:
    """OLS on the treatment and every other column."""
    t = treatment_vector(df, treatment, treated_level)
    others = [c for c in df.columns if c not in (treatment, outcome)]
    return ols_effect(df[outcome].to_numpy(dtype=float), t, design(df, others))


def oracle(
    df: pd.DataFrame,
    treatment: str,
    outcome: str,
    adjust: list[str],
    binary_treatment: bool,
    treated_level=None,
) -> Estimate:
    """OLS on a valid adjustment set (with squares; Lin interactions for a binary treatment)."""
    t = treatment_vector(df, treatment, treated_level)
    X = design(df, list(adjust), squares=True)
    return ols_effect(df[outcome].to_numpy(dtype=float), t, X, interact=binary_treatment)


def oracle_set_copilot(path, treatment: str, outcome: str, adjust: list[str]) -> tuple:
    """The product's estimator (no refutations) on the oracle's adjustment set.

    Returns (Estimate, method) with the method the product chose.
    """
    from copilot.tools.estimation import estimate_effect
    from copilot.tools.estimation.roles import estimation_graph

    graph = estimation_graph(treatment, outcome, list(adjust))
    r = estimate_effect(path, treatment, outcome, graph=graph, refute=False)
    if r.ate is None or r.ci is None:
        raise ValueError(f"no interval ({r.method})")
    return Estimate(float(r.ate), (float(r.ci[0]), float(r.ci[1]))), r.method
