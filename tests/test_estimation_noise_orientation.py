"""Complete triangles without a graph: the shape of the noise orients what independences cannot."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copilot.tools.estimation import estimate_effect
from copilot.tools.estimation.noise_orientation import orient_column


def _triangle(
    seed: int, noise: str, link: str = "linear", n: int = 900, reach_to_spend: float = 1.0
) -> pd.DataFrame:
    """A confounder, a continuous treatment (true effect 0.7) and a common effect `shares`
    of the treatment and the outcome: T -> Y, T -> shares, Y -> shares. With
    `reach_to_spend` 0, reach affects the outcome only (no other cause of the treatment)."""
    rng = np.random.default_rng(seed)

    def e(sd: float) -> np.ndarray:
        if noise == "uniform":
            return rng.uniform(-np.sqrt(3) * sd, np.sqrt(3) * sd, n)
        return rng.normal(0, sd, n)

    reach = e(1.0)
    spend = 2 + reach_to_spend * reach + e(1.0)
    sales = 1 + 0.7 * spend + 1.5 * reach + e(1.0)
    if link == "tanh":
        shares = 2 * np.tanh(spend - 2) + 2 * np.tanh((sales - 4) / 2) + rng.normal(0, 0.3, n)
    else:
        shares = 0.8 * spend + 0.6 * sales + e(0.8)
    return pd.DataFrame({"reach": reach, "spend": spend, "sales": sales, "shares": shares})


def test_noise_orientation_places_each_column_on_its_side():
    df = _triangle(1, "uniform")
    common_effect = orient_column(df, "spend", "sales", "shares", ["reach"], set())
    assert common_effect.decision == "downstream" and common_effect.role == "collider"
    assert common_effect.model == "linear, non-Gaussian noise"
    cause = orient_column(df, "spend", "sales", "reach", ["shares"], set())
    assert cause.decision != "downstream"
    gaussian = orient_column(_triangle(1, "gaussian"), "spend", "sales", "shares", ["reach"], set())
    assert gaussian.decision == "undecided" and gaussian.equivalent
    assert "Markov equivalent" in gaussian.evidence("spend", "sales")


def test_a_non_gaussian_common_effect_in_a_complete_triangle_is_not_adjusted_for():
    r = estimate_effect(_triangle(2, "uniform"), "spend", "sales", n_refute=5)
    role = r.roles["shares"]
    assert role.role == "collider" and not role.adjusted
    assert "shape of the noise" in role.evidence and "non-Gaussian" in role.evidence
    assert r.roles["reach"].adjusted
    assert set(r.adjustment_set) == {"reach"}
    assert r.ci[0] <= 0.7 <= r.ci[1]


def test_a_common_effect_through_a_nonlinear_link_is_not_adjusted_for():
    r = estimate_effect(_triangle(3, "gaussian", link="tanh"), "spend", "sales", n_refute=5)
    role = r.roles["shares"]
    assert not role.adjusted and role.role in ("collider", "descendant_of_outcome")
    assert "nonlinear, additive noise" in role.evidence
    assert r.ci[0] <= 0.7 <= r.ci[1]


def test_a_gaussian_complete_triangle_without_other_causes_keeps_the_assumption():
    df = _triangle(4, "gaussian", reach_to_spend=0.0).drop(columns="reach")
    r = estimate_effect(df, "spend", "sales", n_refute=5)
    # Three columns, nothing else: no witness can tell a common effect from a common cause,
    # so the standard assumption (pre-treatment) holds, and the estimate without the column is
    # the alternative.
    assert r.roles["shares"].adjusted
    assert "Markov equivalent" in r.roles["shares"].evidence
    alt = r.alternative
    assert alt is not None and "shares" in alt["columns"]
    assert "shares" not in alt["adjustment_set"]
    assert alt["ci"][0] <= 0.7 <= alt["ci"][1]
    assert not r.ci[0] <= 0.7 <= r.ci[1]  # the assumption's estimate is biased, as it must be
    assert "too narrow" not in (r.verdict_reason or "")


def test_a_gaussian_common_effect_is_told_by_the_treatments_other_cause():
    r = estimate_effect(_triangle(4, "gaussian"), "spend", "sales", n_refute=5)
    # The noise cannot decide (Markov equivalent), but reach, a cause of spend, is linked to
    # shares without holding spend fixed, which a fellow cause of spend would not be, and not
    # once spend and sales are both held fixed: a consequence of both.
    role = r.roles["shares"]
    assert not role.adjusted and role.role == "collider"
    assert "Markov equivalent" in role.evidence and "other causes of spend (reach)" in role.evidence
    assert set(r.adjustment_set) == {"reach"}
    assert r.ci[0] <= 0.7 <= r.ci[1]


def _mostly_zero_dose(seed: int = 4, n: int = 800) -> pd.DataFrame:
    """Water hardness affects whether a dose is given (about two thirds get none) and the
    output; the flow affects both too. True order: hardness before the dose."""
    rng = np.random.default_rng(seed)
    hardness = rng.gamma(4.0, 0.6, n)
    flow = 100 + rng.normal(0, 15, n)
    logit = -0.8 - 0.6 * (hardness - 2.4) + 0.02 * (flow - 100)
    dose = (rng.random(n) < 1 / (1 + np.exp(-logit))) * rng.gamma(2.0, 2.0, n)
    output = 5 + 0.3 * dose + 0.9 * (hardness - 2.4) + 0.03 * (flow - 100) + rng.normal(0, 1.0, n)
    return pd.DataFrame({"hardness": hardness, "flow": flow, "dose": dose, "output": output})


def test_a_point_mass_at_a_bound_is_found_and_a_spread_variable_has_none():
    from copilot.tools.estimation.noise_orientation import point_mass

    df = _mostly_zero_dose()
    value, share = point_mass(df["dose"])
    assert value == 0.0 and 0.6 < share < 0.75
    assert point_mass(df["hardness"]) is None
    # whole numbers spread evenly (an age in years) are no point mass
    assert point_mass(pd.Series(np.random.default_rng(0).integers(20, 65, 800))) is None
    assert point_mass(pd.Series(np.clip(np.random.default_rng(1).normal(80, 15, 800), 0, 100)))


def test_a_mostly_zero_dose_leaves_the_side_of_its_confounder_to_the_assumption():
    # The dose is not its causes plus independent noise: read as if it were, the likelihood of
    # the readings places hardness after the dose (a mediator); the noise must leave it open.
    df = _mostly_zero_dose()
    o = orient_column(df, "dose", "output", "hardness", ["flow"], set())
    assert o.decision == "undecided" and o.model == "no additive-noise model"
    assert "point mass" in o.evidence("dose", "output")


def test_readings_share_the_regression_they_have_in_common(monkeypatch):
    # (C, T, Y) and (T, C, Y) both regress Y on {C, T}: 5 regressions per pass, not 6, and
    # each reading's p-value is the one its own tests give
    from copilot.tools.estimation import noise_orientation as no

    rng = np.random.default_rng(0)
    c = rng.uniform(-1, 1, 300)
    t = c + rng.uniform(-1, 1, 300)
    y = 0.7 * t + c + rng.uniform(-1, 1, 300)
    focal = {"C": c, "T": t, "Y": y}
    U = np.empty((300, 0))
    fits = []
    real = no._fit_residual
    monkeypatch.setattr(no, "_fit_residual", lambda *a, **k: fits.append(1) or real(*a, **k))
    # flexible fits: the likelihood comparison (which fits its own regressions) does not run
    _, _, p, ps, _ = no._decide(focal, U, set(), True, False)
    assert len(fits) == 10  # 5 with the spread modelled, 5 without
    for r, order in no.READINGS.items():
        assert np.isclose(p[r], no._reading_p(order, focal, U, set(), True))
        assert np.isclose(ps[r], no._reading_p(order, focal, U, set(), True, scaled=True))


def test_a_dose_of_a_few_levels_is_not_read_as_having_additive_noise():
    """A dose rounded and clipped to 0, 1 or 2, set by the patient's severity (its confounder):
    the residual of the dose regressed on severity depends on severity under every reading,
    so its test cannot send severity downstream (read as a mediator, nothing is adjusted for:
    2.39 [2.28, 2.49] for a true 1.2)."""
    rng = np.random.default_rng(24)
    n = 1500
    severity = rng.normal(0, 1, n)
    dose = np.clip(np.round(1 + 0.6 * severity + rng.normal(0, 0.7, n)), 0, 2).astype(int)
    recovery = 2 + 1.2 * dose + 1.5 * severity + rng.normal(0, 1, n)
    df = pd.DataFrame({"severity": severity, "dose": dose, "recovery": recovery})
    r = estimate_effect(df, "dose", "recovery", refute=False)
    assert r.adjustment_set == ["severity"], r.roles["severity"].evidence
    assert r.ci[0] <= 1.2 <= r.ci[1]
