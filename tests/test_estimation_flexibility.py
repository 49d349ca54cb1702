"""The check that chooses flexible nuisance models: right on known shapes, and asked twice
about the same data (as one estimate without a graph does) it fits only once."""

import numpy as np
import pandas as pd

from copilot.tools.estimation import estimators


def _frame(nonlinear: bool, seed: int = 0, n: int = 600) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    z = rng.normal(size=n)
    t = 0.5 * x + rng.normal(size=n)
    y = 1.0 * t + (3.0 * np.abs(x) if nonlinear else 1.5 * x) + 0.5 * z + rng.normal(size=n)
    return pd.DataFrame({"t": t, "y": y, "x": x, "z": z})


def test_flexible_models_are_chosen_only_for_nonlinear_relations():
    flexible, found = estimators.flexibility_check(_frame(True), "t", "y", ["x", "z"], False)
    assert flexible and "outcome" in found
    flexible, _ = estimators.flexibility_check(_frame(False), "t", "y", ["x", "z"], False)
    assert not flexible


def test_the_same_data_is_checked_once(monkeypatch):
    calls = []
    real = estimators._flexibility_check

    def counted(*args):
        calls.append(args[3])
        return real(*args)

    monkeypatch.setattr(estimators, "_flexibility_check", counted)
    df = _frame(True, seed=1)
    first = estimators.flexibility_check(df, "t", "y", ["x", "z"], False)
    # the same columns in another order and another frame object with equal values
    again = estimators.flexibility_check(
        df.copy()[["z", "x", "y", "t"]], "t", "y", ["z", "x"], False
    )
    assert again == first and len(calls) == 1
    changed = df.copy()
    changed.loc[0, "y"] += 1.0
    estimators.flexibility_check(changed, "t", "y", ["x", "z"], False)
    estimators.flexibility_check(df, "t", "y", ["x"], False)
    assert len(calls) == 3
