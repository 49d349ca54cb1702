"""Roles: a column the data leave between a cause and a consequence of the outcome, and that
is not linked to the treatment, is left out (the asymmetric risk of the two mistakes)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copilot.tools.data import load_table
from copilot.tools.estimation.roles import covariate_roles


def _dental(seed: int, n: int = 600) -> pd.DataFrame:
    """A randomised sealant, a count outcome, a cause of the outcome alone and a consequence
    of the outcome (count noise, so the searches disagree on its side)."""
    r = np.random.default_rng(seed)
    sugar = r.poisson(5, n)
    sealant = (r.random(n) < 0.5).astype(int)
    cavities = r.poisson(np.exp(0.2 - 0.6 * sealant + 0.08 * (sugar - 5)))
    visits = 1 + cavities + r.poisson(0.5, n)
    return pd.DataFrame(
        {
            "sugar_drinks_week": sugar,
            "sealant": sealant,
            "cavities_2y": cavities,
            "dentist_visits": visits,
        }
    )


def test_an_undecided_consequence_of_the_outcome_away_from_the_treatment_is_left_out(tmp_path):
    path = tmp_path / "dental.csv"
    _dental(4).to_csv(path, index=False)
    roles = covariate_roles(load_table(path), "sealant", "cavities_2y", algorithm="pc", seed=0)
    visits = roles.roles["dentist_visits"]
    # PC's resampled graphs split between a cause and a consequence of the outcome ...
    assert 0.25 <= visits.confidence < 0.8
    # ... and the column is left out, with the other reading shown as the alternative.
    assert visits.role == "descendant_of_outcome"
    assert not visits.adjusted
    assert "costs only precision" in visits.evidence
    assert "dentist_visits" in roles.undecided
    assert "dentist_visits" not in roles.adjustment


def test_a_column_that_predicts_the_treatment_given_the_outcome_is_not_left_out(tmp_path):
    # A weak confounder of a binary treatment with a strong effect on the outcome: graphs may
    # place it after the outcome, but it predicts the treatment given the outcome, so the
    # asymmetric rule does not apply and it is adjusted for.
    r = np.random.default_rng(3)
    n = 800
    severity = r.normal(0, 1, n)
    treated = (r.random(n) < 1 / (1 + np.exp(-0.8 * severity))).astype(int)
    recovery = 2.0 * treated - 1.5 * severity + r.normal(0, 1, n)
    path = tmp_path / "severity.csv"
    pd.DataFrame({"severity": severity, "treated": treated, "recovery": recovery}).to_csv(
        path, index=False
    )
    roles = covariate_roles(load_table(path), "treated", "recovery", algorithm="pc", seed=0)
    assert roles.roles["severity"].adjusted
