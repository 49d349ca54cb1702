"""Normal scores behind the role searches (`rank_scores`): continuous columns get Gaussian
marginals by a monotone transform, few-level columns stay as they are, and a confounder
observed on a skewed scale is found as one."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from copilot.tools.data import load_table
from copilot.tools.estimation.rank_scores import normal_scores
from copilot.tools.estimation.roles import covariate_roles


def test_normal_scores_are_a_monotone_gaussian_transform_of_continuous_columns_only():
    rng = np.random.default_rng(0)
    n = 2000
    income = rng.lognormal(3.0, 1.0, n)
    visits = rng.poisson(2.0, n)  # a few levels: left as it is
    member = rng.integers(0, 2, n)
    shocks = rng.standard_t(2.5, n)
    shocks[5] = np.nan
    X = np.column_stack([income, visits, member, shocks])
    Z = normal_scores(X)
    assert stats.skew(income) > 3
    assert abs(stats.skew(Z[:, 0])) < 0.05
    assert abs(stats.kurtosis(Z[:, 3][~np.isnan(Z[:, 3])])) < 0.1
    # order, mean and spread kept
    assert stats.spearmanr(income, Z[:, 0]).statistic > 0.9999
    assert np.isclose(Z[:, 0].mean(), income.mean()) and np.isclose(Z[:, 0].std(), income.std())
    np.testing.assert_array_equal(Z[:, 1], visits)
    np.testing.assert_array_equal(Z[:, 2], member)
    assert np.isnan(Z[5, 3]) and np.isfinite(np.delete(Z[:, 3], 5)).all()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_confounder_seen_through_a_skewing_transform_is_found_as_one(seed):
    # A linear-Gaussian DAG (savings -> coaching -> score, savings -> score, score -> review)
    # observed with savings on a lognormal scale (a monotone transform). On the raw column the
    # Gaussian score reads savings as a consequence of the score in seeds 1 and 3 and leaves it
    # out; on normal scores the search sees the Gaussian DAG and adjusts for it every time.
    rng = np.random.default_rng(seed)
    n = 600
    z = rng.normal(size=n)
    coaching = 0.5 * z + rng.normal(size=n)
    score = 0.4 * coaching + 0.5 * z + rng.normal(size=n)
    review = 0.8 * score + rng.normal(0, 0.6, n)
    df = pd.DataFrame(
        {"savings_k": np.exp(1.6 * z), "coaching_h": coaching, "score": score, "review": review}
    )
    roles = covariate_roles(load_table(df), "coaching_h", "score", resamples=8)
    assert roles.roles["savings_k"].role == "confounder"
    assert roles.adjustment == ["savings_k"]
    assert roles.roles["review"].role == "descendant_of_outcome"
