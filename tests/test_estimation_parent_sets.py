"""The treatment's neighbours that cannot be its causes together: a common effect of the
treatment and the outcome next to a confounder (no v-structure at the treatment) is left out,
two independent causes of the treatment (a v-structure) are both kept."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from copilot.tools.estimation import estimate_effect


def expit(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _estimate(df: pd.DataFrame, t: str, y: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return estimate_effect(df, t, y, refute=False, name_order=False)


def test_binary_common_effect_next_to_a_confounder_is_left_out():
    # region_size confounds calls -> revenue; got_bonus is caused by both (a binary common
    # effect). Every search leaves both edges to the treatment undirected; read one by one both
    # look like confounders, but the two are dependent and not adjacent, so they cannot both
    # cause the treatment: adjusting for both biases the effect (truth 0.5).
    rng = np.random.default_rng(7)
    n = 1500
    region = rng.normal(size=n)
    calls = 15 + 3 * region + rng.normal(0, 4, n)
    revenue = 20 + 0.5 * calls + 4 * region + rng.normal(0, 5, n)
    bonus = (rng.random(n) < expit(-1 + 0.2 * (calls - 15) + 0.15 * (revenue - 27.5))).astype(int)
    df = pd.DataFrame(
        {"region_size": region, "calls": calls, "revenue": revenue, "got_bonus": bonus}
    )
    r = _estimate(df, "calls", "revenue")
    assert "got_bonus" not in r.adjustment_set
    assert "region_size" in r.adjustment_set
    assert r.roles["got_bonus"].role in ("collider", "mediator")
    assert "v-structure" in r.roles["got_bonus"].evidence
    assert r.ci[0] <= 0.5 <= r.ci[1]
    assert abs(r.ate - 0.5) < 0.08


def test_independent_causes_of_a_binary_treatment_are_both_kept():
    # Two independent causes of the treatment: the reading that only one of them causes it is
    # rejected by their independence, so both stay adjusted for (truth 2.0).
    rng = np.random.default_rng(3)
    n = 1200
    distance = rng.gamma(3.0, 5.0, n)
    wind = 15 + rng.normal(0, 5, n)
    treated = (rng.random(n) < expit(-2 + 0.08 * distance + 0.1 * (wind - 15))).astype(int)
    spend = 20 + 2.0 * treated + 0.3 * distance - 0.4 * (wind - 15) + rng.normal(0, 4, n)
    df = pd.DataFrame({"distance_km": distance, "wind_kmh": wind, "treated": treated, "y": spend})
    r = _estimate(df, "treated", "y")
    assert {"distance_km", "wind_kmh"} <= set(r.adjustment_set)
    assert r.ci[0] <= 2.0 <= r.ci[1]
