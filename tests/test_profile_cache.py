"""The data profile: its numpy normality test matches SciPy's, and profiles are cached per file."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from copilot.tools.data import normality_pvalue


@pytest.mark.parametrize("n", [20, 57, 500, 2000])
@pytest.mark.parametrize("dist", ["normal", "exponential", "uniform", "t3"])
def test_normality_pvalue_matches_scipy_normaltest(n, dist):
    rng = np.random.default_rng(n)
    draw = {
        "normal": lambda: rng.normal(size=n),
        "exponential": lambda: rng.exponential(size=n),
        "uniform": lambda: rng.uniform(size=n),
        "t3": lambda: rng.standard_t(3, size=n),
    }[dist]
    for _ in range(5):
        x = draw()
        assert normality_pvalue(x) == pytest.approx(
            stats.normaltest(x).pvalue, rel=1e-9, abs=1e-300
        )
