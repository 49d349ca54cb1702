"""Consequences of the treatment with non-Gaussian noise are not read as causes of it.

A cause regressed on its consequence bends when the consequence's noise is skewed, although
every equation is linear. Neither the check that decides whether the linear search is trusted
nor the noise orientation may read that bend as nonlinear relations: both would then adjust
for the mediator."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copilot.tools.estimation import estimate_effect
from copilot.tools.estimation.noise_orientation import orient_column
from copilot.tools.estimation.reverse_regression import consequences_explain_gain


def _desk(seed: int, n: int = 700) -> pd.DataFrame:
    """Binary treatment `desk` chosen by age and hours; `steps` a mediator with skewed
    (exponential) noise; true average effect -0.8 - 0.4 * 1.5 = -1.4."""
    r = np.random.default_rng(seed)
    age = 40 + r.normal(0, 10, n)
    hours = r.gamma(4.0, 1.8, n)
    p = 1 / (1 + np.exp(-(-0.3 + 0.03 * (age - 40) + 0.25 * (hours - 7.2))))
    desk = (r.random(n) < p).astype(int)
    steps = 6 + 1.5 * desk - 0.2 * (hours - 7.2) + r.exponential(1.5, n) - 1.5
    pain = (
        5
        - 0.4 * steps
        - 0.8 * desk
        + 0.04 * (age - 40)
        + 0.3 * (hours - 7.2)
        + r.exponential(1.2, n)
        - 1.2
    )
    return pd.DataFrame({"age": age, "hours": hours, "desk": desk, "steps": steps, "pain": pain})


def test_a_skewed_consequence_explains_the_treatment_regression_bend():
    df = _desk(3)
    gain = consequences_explain_gain(df, "desk", "pain", ["age", "hours", "steps"], ["steps"], True)
    assert gain.explained, gain.words
    assert gain.consequences == ["steps"]
    assert "linear function of desk" in gain.words


def test_a_threshold_confounder_of_a_continuous_treatment_keeps_its_gain():
    """The forward regression of a threshold confounder on the treatment is the threshold's
    inverse, which bends: it is not a linear consequence, and the gain stays unexplained."""
    r = np.random.default_rng(11)
    n = 1200
    quality = r.uniform(0, 1, n)
    dose = 2 + 3 * (quality < 0.35) + r.normal(0, 0.5, n)
    milk = 22 + 1.5 * dose - 7 * (quality < 0.35) + r.normal(0, 2, n)
    df = pd.DataFrame({"quality": quality, "dose": dose, "milk": milk})
    gain = consequences_explain_gain(df, "dose", "milk", ["quality"], ["quality"], False)
    assert not gain.explained, gain.words


def test_noise_orientation_reads_linearity_along_each_causal_order():
    """With a binary treatment, a skewed mediator regressed on the outcome (its consequence)
    bends; checked along each reading's own order the relations are linear, so the likelihood
    of the readings decides, and it places the mediator after the treatment."""
    df = _desk(5, n=900)
    o = orient_column(df, "desk", "pain", "steps", ["age", "hours"], {"desk"})
    assert o.model == "linear, non-Gaussian noise", o.check
    assert o.decision == "downstream" and o.role == "mediator", o.evidence("desk", "pain")
    up = orient_column(df, "desk", "pain", "hours", ["age"], {"desk"})
    assert up.decision != "downstream", up.evidence("desk", "pain")


def test_a_skewed_mediator_of_a_binary_treatment_is_not_adjusted_for():
    df = _desk(7, n=800)
    r = estimate_effect(df, "desk", "pain", refute=False)
    assert not r.roles["steps"].adjusted, r.roles["steps"].evidence
    assert {"age", "hours"} <= set(r.adjustment_set)
    assert r.ci[0] <= -1.4 <= r.ci[1], (r.ate, r.ci)


def test_a_mediator_whose_other_side_every_test_rejects_is_left_out():
    """Every reading of the mediator `car_trips_week` leaves some residual dependence (a count
    confounder among the conditioning columns), so none passes its tests; but the tests reject
    the reading before the treatment and not the mediator reading, and the likelihood clearly
    prefers the latter: the benchmark table `transit_subsidy_emissions` (seed 0)."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    from scenarios import BY_NAME

    s = BY_NAME["transit_subsidy_emissions"]
    r = estimate_effect(s.simulate(0), s.treatment, s.outcome, refute=False)
    role = r.roles["car_trips_week"]
    assert not role.adjusted and role.role == "mediator", role.evidence
    assert {"household_cars", "distance_to_station_km"} <= set(r.adjustment_set)
    assert r.ci[0] <= s.true_ate <= r.ci[1], (r.ate, r.ci)
