"""Columns that are the outcome written another way (another unit or currency, a log, a
rescaled or rounded copy, a 0/1 flag of a 0/1 outcome), found before the covariate roles.

Such a column predicts the outcome almost exactly. Adjusting for it holds the outcome itself
fixed and reports "no effect" with a tiny interval, and a search cannot tell its side: a
column and the outcome it copies are Markov equivalent in either direction, so it can read as
a confounder. A pre-treatment column that fixed the outcome this exactly would leave the
treatment nothing to change, so the copy is read as a consequence of the outcome and left out
of every search and every adjustment set, with a note that says so.
"""

from __future__ import annotations

import numpy as np

from copilot.tools.data import Dataset

from .result import CovariateRole

#: A column whose one-column fit explains at least this share of the outcome's variance (a
#: straight line, or a monotone curve through the ranks) is read as a copy of the outcome.
COPY_R2 = 0.999


def outcome_copies(ds: Dataset, outcome: str, skip: set[str]) -> dict[str, float]:
    """Numeric columns (not in `skip`) that a straight line or a monotone curve maps onto the
    outcome with R^2 >= COPY_R2, with that R^2."""
    kinds = ds.profile.kinds()
    if kinds.get(outcome) not in ("continuous", "discrete", "binary"):
        return {}
    candidates = [
        c
        for c in ds.analysable()
        if c != outcome and c not in skip and kinds.get(c) in ("continuous", "discrete", "binary")
    ]
    if not candidates:
        return {}
    frame = ds.numeric([*candidates, outcome]).dropna()
    y = frame[outcome].to_numpy(dtype=float)
    if len(y) < 3 or np.std(y) == 0:
        return {}
    ranks = frame.rank()
    found = {}
    for c in candidates:
        x = frame[c].to_numpy(dtype=float)
        if np.std(x) == 0:
            continue
        linear = float(np.corrcoef(x, y)[0, 1] ** 2)
        monotone = float(np.corrcoef(ranks[c], ranks[outcome])[0, 1] ** 2)
        r2 = max(linear, monotone)
        if r2 >= COPY_R2:
            found[c] = r2
    return found


def copy_role(column: str, r2: float, treatment: str, outcome: str) -> CovariateRole:
    """The role of a copy of the outcome: a consequence of it, never adjusted for."""
    return CovariateRole(
        role="descendant_of_outcome",
        confidence=1.0,
        adjusted=False,
        evidence=(
            f"{column} is {outcome} written another way: one column maps onto {outcome} with "
            f"R^2 = {r2:.4f}, so adjusting for it would hold {outcome} itself "
            f"fixed and leave {treatment} nothing to change; it is left out of the searches and "
            f"of the adjustment (if it really was measured before {treatment}, give a graph)"
        ),
    )


def copies_note(copies: dict[str, float], outcome: str) -> str:
    names = ", ".join(copies)
    return (
        f"{names} {'is' if len(copies) == 1 else 'are'} {outcome} written another way (a "
        f"one-column fit explains at least {COPY_R2:.1%} of it): left out of the searches and "
        "the adjustment"
    )


__all__ = ["COPY_R2", "copies_note", "copy_role", "outcome_copies"]
