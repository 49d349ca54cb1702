"""Columns that are the outcome or the treatment written another way (another unit or
currency, a log, a rescaled or rounded copy, a 0/1 flag of a 0/1 column), found before the
covariate roles.

Such a column predicts the outcome (the treatment) almost exactly. Adjusting for a copy of the
outcome holds the outcome itself fixed and reports "no effect" with a tiny interval; a copy of
the treatment leaves no treated and untreated units alike. A search cannot tell a copy's side
(a column and the one it copies are Markov equivalent in either direction), so it can read as
a confounder, and in the searches it also disturbs the roles of the other columns. A
pre-treatment column that fixed the outcome this exactly would leave the treatment nothing to
change, so a copy is read as a consequence of the column it copies and left out of every
search and every adjustment set, with a note that says so.
"""

from __future__ import annotations

import numpy as np

from copilot.tools.data import Dataset

from .result import CovariateRole

#: A column whose one-column fit explains at least this share of the outcome's (treatment's)
#: variance (a straight line, or a monotone curve through the ranks) is read as its copy.
COPY_R2 = 0.999
_NUMERIC = ("continuous", "discrete", "binary")


def copies_of(ds: Dataset, target: str, skip: set[str]) -> dict[str, float]:
    """Numeric columns (not `target`, not in `skip`) that a straight line or a monotone curve
    maps onto `target` with R^2 >= COPY_R2, with that R^2."""
    kinds = ds.profile.kinds()
    if kinds.get(target) not in _NUMERIC:
        return {}
    candidates = [
        c for c in ds.analysable() if c != target and c not in skip and kinds.get(c) in _NUMERIC
    ]
    if not candidates:
        return {}
    frame = ds.numeric([*candidates, target]).dropna()
    y = frame[target].to_numpy(dtype=float)
    if len(y) < 3 or np.std(y) == 0:
        return {}
    ranks = frame.rank()
    found = {}
    for c in candidates:
        x = frame[c].to_numpy(dtype=float)
        if np.std(x) == 0:
            continue
        linear = float(np.corrcoef(x, y)[0, 1] ** 2)
        monotone = float(np.corrcoef(ranks[c], ranks[target])[0, 1] ** 2)
        r2 = max(linear, monotone)
        if r2 >= COPY_R2:
            found[c] = r2
    return found


def find_copies(
    ds: Dataset, treatment: str, outcome: str, skip: set[str]
) -> dict[str, tuple[str, float]]:
    """Column -> (the column it copies, R^2): copies of the outcome, then of the treatment."""
    found = {c: (outcome, r2) for c, r2 in copies_of(ds, outcome, skip | {treatment}).items()}
    rest = skip | {outcome} | set(found)
    found.update({c: (treatment, r2) for c, r2 in copies_of(ds, treatment, rest).items()})
    return found


def copy_role(column: str, of: str, r2: float, treatment: str, outcome: str) -> CovariateRole:
    """The role of a copy: a consequence of the column it copies, never adjusted for."""
    held = (
        f"hold {outcome} itself fixed and leave {treatment} nothing to change"
        if of == outcome
        else f"leave no units that differ in {treatment} and are otherwise alike"
    )
    return CovariateRole(
        role="descendant_of_outcome" if of == outcome else "descendant_of_treatment",
        confidence=1.0,
        adjusted=False,
        evidence=(
            f"{column} is {of} written another way: one column maps onto {of} with "
            f"R^2 = {r2:.4f}, so adjusting for it would {held}; it is left out of the searches "
            f"and of the adjustment (if it really was measured before {treatment}, give a graph)"
        ),
    )


def copies_note(copies: dict[str, tuple[str, float]]) -> str:
    by: dict[str, list[str]] = {}
    for c, (of, _) in copies.items():
        by.setdefault(of, []).append(c)
    parts = [
        f"{', '.join(cs)} {'is' if len(cs) == 1 else 'are'} {of} written another way"
        for of, cs in by.items()
    ]
    return (
        f"{'; '.join(parts)} (a one-column fit explains at least {COPY_R2:.1%} of it): left out "
        "of the searches and the adjustment"
    )
