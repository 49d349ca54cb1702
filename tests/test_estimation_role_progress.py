"""Without a graph, the role searches report each resample, so a wide table that takes minutes
shows it is working (one line in a log, a count on a terminal)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copilot.tools.estimation import estimate_effect


def _sales(seed: int = 0, n: int = 400) -> pd.DataFrame:
    r = np.random.default_rng(seed)
    age = r.normal(45, 12, n)
    coupon = r.binomial(1, 1 / (1 + np.exp(-0.04 * (age - 45))))
    revenue = 30 + 3 * coupon + 0.2 * (age - 45) + r.normal(0, 2, n)
    return pd.DataFrame({"age": age, "coupon": coupon, "revenue": revenue})


def test_the_role_searches_report_each_resample():
    seen = []
    estimate_effect(_sales(), "coupon", "revenue", refute=False, progress=seen.append)
    messages = [p.message for p in seen]
    assert "covariate roles (discovery on resamples)" in messages
    resamples = [m for m in messages if m.startswith("covariate roles (discovery on resample ")]
    assert resamples[0] == "covariate roles (discovery on resample 1 of 24)"
    assert len(resamples) >= 8  # at least the resamples before an early stop
    assert all(p.task == "estimate" for p in seen)
