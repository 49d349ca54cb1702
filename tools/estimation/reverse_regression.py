"""Whether a flexible fit's gain comes from regressing the treatment on its own consequences.

Without a graph, the estimate asks whether flexible models predict the treatment or the outcome
from all other columns clearly better than linear ones; if they do, the linear search behind
the roles is not trusted and every column not clearly downstream is adjusted for. But the
treatment regressed on a consequence of it is nonlinear whenever that consequence's noise is
not Gaussian, though every structural equation is linear: with a skewed child, P(T = 1 | child)
of a binary treatment is a step rather than a logistic curve, and E[T | child] of a continuous
one bends. That gain is the asymmetry LiNGAM reads, not a misspecified search, and the fallback
it would trigger adjusts for the mediator or common effect.

A column that the roles place, or may place, downstream of the treatment counts as a linear
consequence when the forward regression (the column on the treatment and the settled columns)
gains nothing from a flexible fit. The gain is explained when the outcome side shows none with
every column and the treatment side shows none once those consequences leave its model. A
confounder acting through a threshold keeps its gain: its forward regression is the inverse of
the threshold (nonlinear) for a continuous treatment, and it bends the outcome side too when it
acts on the outcome through the threshold.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .estimators import FLEXIBLE_GAIN, design, linear_and_flexible_fit, quiet

#: Rows used for the cross-validated fits (as in the flexibility check).
MAX_ROWS = 2000


@dataclass
class ReverseGain:
    """The result: whether the consequences explain the gain, and what was measured."""

    explained: bool
    consequences: list[str]
    words: str


def _gain(X: np.ndarray, target: np.ndarray, classifier: bool) -> tuple[float, float]:
    """(linear, flexible) 3-fold cross-validated fit: AUC for a binary target, else R2; the
    flexible fit is the better of additive splines and shallow boosted trees, the models of
    the flexibility check."""
    if X.shape[1] == 0:
        return 0.0, 0.0
    with quiet():
        return linear_and_flexible_fit(X, target, classifier)


def consequences_explain_gain(
    frame: pd.DataFrame,
    treatment: str,
    outcome: str,
    covariates: list[str],
    possible: list[str],
    binary_t: bool,
    binary_y: bool = False,
) -> ReverseGain:
    """Does leaving the linear consequences among `possible` (columns the roles may place
    downstream of the treatment) out of the treatment's model remove every flexible gain?

    `frame` holds numbers (categorical columns as pandas categories, a binary treatment as
    0/1), as for the flexibility check; with `binary_y` a 0/1 outcome is compared by the R2
    of its predicted risks against a logistic model with linear terms, as there."""
    part = frame.sample(MAX_ROWS, random_state=0) if len(frame) > MAX_ROWS else frame
    t = part[treatment].to_numpy(dtype=float)
    y = part[outcome].to_numpy(dtype=float)
    settled = [c for c in covariates if c not in possible]
    classify = binary_t and min(np.bincount(t.astype(int))) >= 6
    linear_children = []
    for c in possible:
        if isinstance(part[c].dtype, pd.CategoricalDtype) or part[c].nunique() <= 2:
            continue  # no additive noise to read: not counted as a linear consequence
        X = np.column_stack([t, design(part, settled).to_numpy(dtype=float)])
        lin, flex = _gain(X, part[c].to_numpy(dtype=float), False)
        if flex - lin <= FLEXIBLE_GAIN:
            linear_children.append(c)
    if not linear_children:
        return ReverseGain(False, [], "no column read downstream is a linear consequence")
    rest = [c for c in covariates if c not in linear_children]
    X_all = design(part, covariates).to_numpy(dtype=float)
    y01 = (y == y.max()).astype(int) if binary_y and len(np.unique(y)) == 2 else None
    if y01 is not None and min(np.bincount(y01)) >= 6:
        with quiet():
            out_lin, out_flex = linear_and_flexible_fit(
                np.column_stack([t, X_all]), y01, True, risk=True
            )
    else:
        out_lin, out_flex = _gain(np.column_stack([t, X_all]), y, False)
    if binary_t and not classify:
        tr_lin = tr_flex = 0.0
    else:
        tr_lin, tr_flex = _gain(design(part, rest).to_numpy(dtype=float), t, classify)
    explained = out_flex - out_lin <= FLEXIBLE_GAIN and tr_flex - tr_lin <= FLEXIBLE_GAIN
    what = "treatment (AUC)" if classify else "treatment"
    words = (
        f"{', '.join(linear_children)} "
        + ("is a linear function" if len(linear_children) == 1 else "are linear functions")
        + f" of {treatment} and the settled columns (flexible fits add nothing); without "
        + ("it" if len(linear_children) == 1 else "them")
        + f", {what}: linear {tr_lin:.2f}, flexible {tr_flex:.2f}; outcome with every column: "
        f"linear {out_lin:.2f}, flexible {out_flex:.2f}"
    )
    return ReverseGain(explained, linear_children, words)
