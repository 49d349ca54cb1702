"""Twenty-three tables of different domains with known causal truth, for the planner benchmark.

Each domain is a structural equation model written as a function of named noise draws and
interventions, so that the true answer to any question about it comes from simulating the
intervention with the same noise (common random numbers): the effect of a unit (or 0 -> 1)
change of a treatment, natural direct and indirect effects, effects per subgroup, what-if
scenarios ("double X") and the naive, unadjusted contrast a confounded comparison gives.

    from benchmarks.planner_data import DOMAINS, frame, effect
    frame("hospital")                                  # the table the benchmark loads
    effect("hospital", "new_drug", "recovery_days")     # the true average effect
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import pandas as pd

Do = dict[str, Callable[[np.ndarray], np.ndarray]]
#: Rows simulated for the true values (the noise cancels in contrasts; this only sets the
#: precision of the averages over the covariates).
TRUTH_N = 100_000


class Noise:
    """Named noise draws: the same name gives the same draws, whatever else is intervened on."""

    def __init__(self, n: int, seed: int):
        self.n, self.seed, self._cache = n, seed, {}

    def _rng(self, name: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, zlib.crc32(name.encode())])

    def normal(self, name: str, sd: float = 1.0) -> np.ndarray:
        key = ("n", name)
        if key not in self._cache:
            self._cache[key] = self._rng(name).normal(size=self.n)
        return sd * self._cache[key]

    def uniform(self, name: str) -> np.ndarray:
        key = ("u", name)
        if key not in self._cache:
            self._cache[key] = self._rng(name).random(self.n)
        return self._cache[key]

    def choice(self, name: str, p: list[float]) -> np.ndarray:
        return np.searchsorted(np.cumsum(p), self.uniform(name) * sum(p))

    def bernoulli(self, name: str, prob: np.ndarray | float) -> np.ndarray:
        return (self.uniform(name) < prob).astype(float)

    def poisson(self, name: str, lam: np.ndarray | float) -> np.ndarray:
        """Inverse-CDF Poisson from one uniform per row, so that a change of lam moves counts
        monotonically (the same unit stays comparable under an intervention)."""
        u = self.uniform(name)
        lam = np.broadcast_to(np.asarray(lam, dtype=float), (self.n,))
        pmf = np.exp(-lam)
        cdf = pmf.copy()
        count = np.zeros(self.n)
        for k in range(1, 200):
            below = cdf < u
            if not below.any():
                break
            count += below
            pmf = pmf * lam / k
            cdf = cdf + pmf
        return count


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _set(do: Do, name: str, value: np.ndarray) -> np.ndarray:
    return do[name](value) if name in do else value


# domains ----------------------------------------------------------------------------------------
def hospital(e: Noise, do: Do) -> dict[str, np.ndarray]:
    v: dict[str, np.ndarray] = {}
    v["age"] = _set(do, "age", np.clip(58 + e.normal("age", 14), 18, 95))
    v["sex"] = _set(do, "sex", e.choice("sex", [0.5, 0.5]).astype(float))
    v["ward"] = _set(do, "ward", e.choice("ward", [0.3, 0.25, 0.2, 0.25]).astype(float))
    v["insurance"] = _set(do, "insurance", e.choice("insurance", [0.5, 0.4, 0.1]).astype(float))
    v["bmi"] = _set(do, "bmi", 27 + e.normal("bmi", 4.5))
    v["severity_score"] = _set(
        do, "severity_score", 3 + 0.04 * (v["age"] - 58) + e.normal("severity", 1.5)
    )
    v["pain_score"] = _set(do, "pain_score", 4 + 0.5 * v["severity_score"] + e.normal("pain", 1.5))
    v["trial_offer"] = _set(do, "trial_offer", e.bernoulli("offer", 0.5))
    logit = (
        -1.4
        + 0.6 * (v["severity_score"] - 3)
        + 1.8 * v["trial_offer"]
        + 0.4 * (v["insurance"] == 1)
        + 0.01 * (v["age"] - 58)
    )
    v["new_drug"] = _set(do, "new_drug", e.bernoulli("drug", sigmoid(logit)))
    v["crp_level"] = _set(
        do, "crp_level", 8 + 0.9 * v["severity_score"] - 2.0 * v["new_drug"] + e.normal("crp", 1.5)
    )
    # the drug works better on the cardiology ward (0) and a little worse on neurology (2)
    direct = -1.2 + np.select([v["ward"] == 0, v["ward"] == 2], [-0.8, 0.4], 0.0)
    v["recovery_days"] = _set(
        do,
        "recovery_days",
        6
        + 0.06 * v["age"]
        + 1.1 * v["severity_score"]
        + 0.5 * v["crp_level"]
        + direct * v["new_drug"]
        + 0.05 * v["bmi"]
        + e.normal("recovery", 2.0),
    )
    v["readmitted"] = _set(
        do, "readmitted", e.bernoulli("readmit", sigmoid(-2.0 + 0.15 * (v["recovery_days"] - 14)))
    )
    v["cost_usd"] = _set(do, "cost_usd", 500 * v["recovery_days"] + e.normal("cost", 800))
    return v


def courses(e: Noise, do: Do) -> dict[str, np.ndarray]:
    v: dict[str, np.ndarray] = {}
    v["prior_gpa"] = _set(do, "prior_gpa", np.clip(3.0 + e.normal("gpa", 0.5), 0, 4))
    v["age_group"] = _set(do, "age_group", e.choice("agegroup", [0.5, 0.3, 0.2]).astype(float))
    v["device"] = _set(do, "device", e.choice("device", [0.4, 0.45, 0.15]).astype(float))
    v["reminder_emails"] = _set(do, "reminder_emails", e.poisson("emails", 2.0))
    v["tutor_assigned"] = _set(
        do, "tutor_assigned", e.bernoulli("tutor", sigmoid(1.2 * (3.0 - v["prior_gpa"]) - 0.3))
    )
    v["hours_video"] = _set(
        do,
        "hours_video",
        np.clip(
            5
            + 1.5 * v["reminder_emails"]
            + 2.0 * v["tutor_assigned"]
            + 1.0 * (v["prior_gpa"] - 3)
            - 1.0 * (v["device"] == 0)
            + e.normal("hours", 2.0),
            0,
            None,
        ),
    )
    v["quiz_attempts"] = _set(
        do, "quiz_attempts", e.poisson("quiz", np.exp(0.5 + 0.05 * v["hours_video"]))
    )
    # tutoring helps the youngest group most
    tutor = 3.0 + np.select([v["age_group"] == 0, v["age_group"] == 2], [1.5, -1.5], 0.0)
    v["final_score"] = _set(
        do,
        "final_score",
        40
        + 8 * v["prior_gpa"]
        + 1.2 * v["hours_video"]
        + tutor * v["tutor_assigned"]
        + 0.5 * v["quiz_attempts"]
        + e.normal("score", 6.0),
    )
    v["quiz_score"] = _set(
        do, "quiz_score", 50 + 0.6 * (v["final_score"] - 60) + e.normal("quizscore", 5.0)
    )
    v["passed"] = _set(do, "passed", (v["final_score"] + e.normal("pass", 3.0) >= 68).astype(float))
    v["forum_posts"] = _set(
        do,
        "forum_posts",
        e.poisson("posts", np.exp(0.2 + 0.04 * v["hours_video"] + 0.02 * (v["final_score"] - 60))),
    )
    return v


def attrition(e: Noise, do: Do) -> dict[str, np.ndarray]:
    v: dict[str, np.ndarray] = {}
    v["Age"] = _set(do, "Age", np.clip(38 + e.normal("age", 9), 18, 65))
    v["Department"] = _set(do, "Department", e.choice("dept", [0.4, 0.45, 0.15]).astype(float))
    v["JobLevel"] = _set(
        do, "JobLevel", np.clip(np.round(1 + (v["Age"] - 18) / 12 + e.normal("level", 0.8)), 1, 5)
    )
    v["YearsAtCompany"] = _set(
        do,
        "YearsAtCompany",
        np.clip(np.round(0.3 * (v["Age"] - 18) + e.normal("years", 3)), 0, 40),
    )
    v["MonthlyIncome"] = _set(
        do,
        "MonthlyIncome",
        2000 + 1500 * v["JobLevel"] + 50 * v["YearsAtCompany"] + e.normal("income", 600),
    )
    v["MonthlyRate"] = _set(do, "MonthlyRate", 14000 + e.normal("mrate", 4000))
    v["DailyRate"] = _set(do, "DailyRate", 800 + e.normal("drate", 250))
    v["DistanceFromHome"] = _set(do, "DistanceFromHome", np.abs(e.normal("dist", 10)) + 1)
    v["OverTime"] = _set(
        do, "OverTime", e.bernoulli("overtime", sigmoid(-1.0 + 0.3 * (v["Department"] == 0)))
    )
    v["training_hrs"] = _set(do, "training_hrs", np.clip(20 + e.normal("train", 8), 0, None))
    v["job_sat"] = _set(
        do,
        "job_sat",
        np.clip(
            np.round(
                2.8
                - 0.8 * v["OverTime"]
                + 0.0002 * (v["MonthlyIncome"] - 6000)
                + e.normal("sat", 0.8)
            ),
            1,
            4,
        ),
    )
    v["promoted_last_yr"] = _set(
        do,
        "promoted_last_yr",
        e.bernoulli(
            "promo", sigmoid(-2.0 + 0.06 * (v["training_hrs"] - 20) + 0.2 * (v["JobLevel"] - 2))
        ),
    )
    # overtime pushes people out, most of all in sales (0)
    ot = 1.0 + 0.6 * (v["Department"] == 0)
    logit = (
        -2.0
        + ot * v["OverTime"]
        - 0.5 * (v["job_sat"] - 2.5)
        - 0.0003 * (v["MonthlyIncome"] - 6000)
        - 0.05 * v["YearsAtCompany"]
        + 0.04 * (v["DistanceFromHome"] - 10)
        - 0.7 * v["promoted_last_yr"]
    )
    v["Attrition"] = _set(do, "Attrition", e.bernoulli("attr", sigmoid(logit)))
    return v


def farm(e: Noise, do: Do) -> dict[str, np.ndarray]:
    v: dict[str, np.ndarray] = {}
    v["region"] = _set(do, "region", e.choice("region", [0.25, 0.25, 0.25, 0.25]).astype(float))
    v["soil_ph"] = _set(do, "soil_ph", 6.5 + e.normal("ph", 0.6))
    v["rainfall_mm"] = _set(
        do,
        "rainfall_mm",
        600 + 80 * (v["region"] == 0) - 80 * (v["region"] == 1) + e.normal("rain", 120),
    )
    v["seed_variety"] = _set(
        do, "seed_variety", e.choice("variety", [0.4, 0.35, 0.25]).astype(float)
    )
    v["organic"] = _set(do, "organic", e.bernoulli("organic", 0.2))
    v["fert_kg_ha"] = _set(
        do,
        "fert_kg_ha",
        np.clip(
            120
            - 0.05 * (v["rainfall_mm"] - 600)
            + 10 * (v["seed_variety"] == 2)
            - 40 * v["organic"]
            + e.normal("fert", 20),
            0,
            None,
        ),
    )
    v["irrigated"] = _set(
        do, "irrigated", e.bernoulli("irrig", sigmoid(-(v["rainfall_mm"] - 600) / 100))
    )
    v["soil_nitrogen"] = _set(
        do, "soil_nitrogen", 20 + 0.15 * v["fert_kg_ha"] + e.normal("nitrogen", 3)
    )
    v["pest_pressure"] = _set(do, "pest_pressure", e.normal("pest", 1.0) + 0.3 * v["organic"])
    irrigation = 0.3 + 0.3 * (v["region"] == 1)  # irrigation pays most in the dry south (1)
    v["yield_t_ha"] = _set(
        do,
        "yield_t_ha",
        2
        + 0.08 * v["soil_nitrogen"]
        + 0.004 * v["fert_kg_ha"]
        + 0.003 * v["rainfall_mm"]
        + irrigation * v["irrigated"]
        + 0.4 * (v["seed_variety"] == 1)
        + 0.8 * (v["seed_variety"] == 2)
        - 0.3 * v["pest_pressure"]
        - 0.3 * v["organic"]
        + 0.2 * (v["soil_ph"] - 6.5)
        + e.normal("yield", 0.5),
    )
    v["revenue_usd"] = _set(
        do, "revenue_usd", 250 * v["yield_t_ha"] * (1 + 0.3 * v["organic"]) + e.normal("rev", 40)
    )
    return v


def grid(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Hourly power-grid series: temperature and solar drive the load with a lag of one hour,
    the load and solar output set the spot price."""
    n = e.n
    t = np.arange(n, dtype=float)
    temp = 15 + 8 * np.sin(2 * np.pi * t / 24) + e.normal("temp", 1.0)
    solar = np.clip(50 * np.sin(2 * np.pi * (t - 6) / 24), 0, None) + e.normal("solar", 3.0)
    wind = np.abs(8 + e.normal("wind", 3.0))
    eps = e.normal("load", 20.0)
    load = np.empty(n)
    load[0] = 900
    for i in range(1, n):
        load[i] = 300 + 0.6 * load[i - 1] + 6.0 * temp[i - 1] - 0.5 * solar[i - 1] + eps[i]
    price = 20 + 0.08 * load - 0.3 * solar - 0.8 * wind + e.normal("price", 4.0)
    return {
        "hour": t,
        "temp_c": temp,
        "solar_mw": solar,
        "wind_ms": wind,
        "load_mw": load,
        "spot_price": price,
    }


def loans(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Consumer loans: a financial-counselling programme, interest rates, missed payments and
    defaults; counselling works through fewer missed payments and most for the self-employed."""
    v: dict[str, np.ndarray] = {}
    v["CreditScore"] = _set(
        do, "CreditScore", np.clip(np.round(680 + e.normal("score", 60)), 300, 850)
    )
    v["employment"] = _set(do, "employment", e.choice("employ", [0.6, 0.3, 0.1]).astype(float))
    v["annual_income_k"] = _set(
        do,
        "annual_income_k",
        np.clip(55 + 0.05 * (v["CreditScore"] - 680) + e.normal("inc", 15), 10, None),
    )
    v["LoanAmount_k"] = _set(
        do,
        "LoanAmount_k",
        np.clip(20 + 0.2 * v["annual_income_k"] + e.normal("amount", 6), 1, None),
    )
    v["has_cosigner"] = _set(do, "has_cosigner", e.bernoulli("cosign", 0.25))
    v["counseling"] = _set(
        do, "counseling", e.bernoulli("counsel", sigmoid(-0.8 - 0.02 * (v["CreditScore"] - 680)))
    )
    v["InterestRate"] = _set(
        do,
        "InterestRate",
        12 - 0.02 * (v["CreditScore"] - 680) - 1.5 * v["has_cosigner"] + e.normal("rate", 1.5),
    )
    v["debt_to_income"] = _set(
        do, "debt_to_income", v["LoanAmount_k"] / v["annual_income_k"] + e.normal("dti", 0.05)
    )
    v["missed_payments"] = _set(
        do,
        "missed_payments",
        np.clip(
            2.0
            + 0.25 * (v["InterestRate"] - 12)
            + 2.0 * (v["debt_to_income"] - 0.6)
            - 0.9 * v["counseling"]
            + 0.5 * (v["employment"] == 2)
            + e.normal("missed", 1.0),
            0,
            None,
        ),
    )
    # counselling lowers the default risk directly too, most of all for the self-employed (1)
    direct = -0.04 - 0.06 * (v["employment"] == 1)
    v["risk_index"] = _set(
        do,
        "risk_index",
        np.clip(
            0.1 + 0.05 * v["missed_payments"] + direct * v["counseling"] + e.normal("dp", 0.03),
            0,
            1,
        ),
    )
    v["defaulted"] = _set(do, "defaulted", (e.uniform("default") < v["risk_index"]).astype(float))
    return v


def plant(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Production lines of a plant: preventive maintenance lowers vibration, which drives the
    defect rate; line speed raises output and defects; maintenance pays most on the night shift."""
    v: dict[str, np.ndarray] = {}
    v["MachineAge"] = _set(do, "MachineAge", np.clip(np.round(8 + e.normal("age", 4)), 0, 30))
    v["shift"] = _set(do, "shift", e.choice("shift", [0.5, 0.3, 0.2]).astype(float))
    v["operator_tenure"] = _set(do, "operator_tenure", np.clip(5 + e.normal("tenure", 3), 0, None))
    v["ambient_temp_c"] = _set(do, "ambient_temp_c", 24 + e.normal("temp", 4))
    v["line_speed"] = _set(do, "line_speed", np.clip(120 + e.normal("speed", 15), 40, None))
    v["preventive_maintenance"] = _set(
        do,
        "preventive_maintenance",
        e.bernoulli("maint", sigmoid(-0.5 + 0.15 * (v["MachineAge"] - 8))),
    )
    v["vibration"] = _set(
        do,
        "vibration",
        2.0
        + 0.15 * v["MachineAge"]
        + 0.01 * (v["line_speed"] - 120)
        - 1.2 * v["preventive_maintenance"]
        + e.normal("vib", 0.5),
    )
    night = (v["shift"] == 1).astype(float)
    direct = -0.3 - 0.4 * night
    v["defect_rate"] = _set(
        do,
        "defect_rate",
        1.0
        + 0.6 * v["vibration"]
        + 0.02 * (v["line_speed"] - 120)
        + 0.05 * (v["ambient_temp_c"] - 24)
        - 0.08 * v["operator_tenure"]
        + 0.3 * night
        + direct * v["preventive_maintenance"]
        + e.normal("defect", 0.4),
    )
    v["downtime_min"] = _set(
        do,
        "downtime_min",
        np.clip(
            30 + 4 * v["vibration"] - 10 * v["preventive_maintenance"] + e.normal("down", 8),
            0,
            None,
        ),
    )
    v["units_per_day"] = _set(
        do,
        "units_per_day",
        8 * v["line_speed"] - 3 * v["downtime_min"] - 20 * v["defect_rate"] + e.normal("units", 40),
    )
    return v


def stores(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Retail stores over a quarter: advertising brings visitors, visitors bring sales; a loyalty
    app raises the basket, most of all in city stores."""
    v: dict[str, np.ndarray] = {}
    v["location"] = _set(do, "location", e.choice("loc", [0.4, 0.4, 0.2]).astype(float))
    v["floor_area_m2"] = _set(do, "floor_area_m2", np.clip(800 + e.normal("area", 200), 200, None))
    v["competitor_nearby"] = _set(do, "competitor_nearby", e.bernoulli("comp", 0.35))
    v["AdSpend"] = _set(
        do, "AdSpend", np.clip(10 + 0.005 * (v["floor_area_m2"] - 800) + e.normal("ad", 3), 0, None)
    )
    v["discount_pct"] = _set(
        do, "discount_pct", np.clip(5 + 3 * v["competitor_nearby"] + e.normal("disc", 2), 0, None)
    )
    v["loyalty_app"] = _set(
        do, "loyalty_app", e.bernoulli("app", sigmoid(-0.3 + 0.6 * (v["location"] == 0)))
    )
    v["footfall"] = _set(
        do,
        "footfall",
        2000
        + 80 * v["AdSpend"]
        + 1.0 * (v["floor_area_m2"] - 800)
        + 40 * v["discount_pct"]
        - 300 * v["competitor_nearby"]
        + e.normal("foot", 250),
    )
    app = 4.0 + 3.0 * (v["location"] == 0) - 2.0 * (v["location"] == 2)
    v["basket_eur"] = _set(
        do,
        "basket_eur",
        35 + app * v["loyalty_app"] - 0.6 * v["discount_pct"] + e.normal("basket", 5),
    )
    v["weekly_revenue_k"] = _set(
        do,
        "weekly_revenue_k",
        v["footfall"] * v["basket_eur"] / 1000 * 0.3 + e.normal("rev", 3),
    )
    v["staff_count"] = _set(
        do,
        "staff_count",
        np.round(np.clip(8 + v["floor_area_m2"] / 200 + e.normal("staff", 2), 2, None)),
    )
    return v


def web(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """A daily web-shop series: ad clicks bring visitors the next day, visitors bring sign-ups."""
    n = e.n
    t = np.arange(n, dtype=float)
    clicks = np.clip(500 + 100 * np.sin(2 * np.pi * t / 7) + e.normal("clicks", 60), 0, None)
    newsletter = e.bernoulli("news", 0.3)
    eps = e.normal("visits", 80.0)
    visits = np.empty(n)
    visits[0] = 3000
    for i in range(1, n):
        visits[i] = (
            1200 + 0.5 * visits[i - 1] + 2.0 * clicks[i - 1] + 300 * newsletter[i - 1] + eps[i]
        )
    signups = 10 + 0.02 * visits + e.normal("signups", 5.0)
    return {
        "day": t,
        "ad_clicks": clicks,
        "newsletter": newsletter,
        "visitors": visits,
        "signups": signups,
    }


def buildings(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Office buildings over a year: insulation and a smart thermostat lower the energy used, the
    thermostat through a lower heating setpoint and most of all in cold climates; the energy
    used sets the bill and the emissions."""
    v: dict[str, np.ndarray] = {}
    v["climate_zone"] = _set(do, "climate_zone", e.choice("zone", [0.35, 0.4, 0.25]).astype(float))
    v["yr_built"] = _set(
        do, "yr_built", np.clip(np.round(1985 + e.normal("built", 15)), 1920, 2024)
    )
    v["n_floors"] = _set(do, "n_floors", np.clip(np.round(6 + e.normal("floors", 3)), 1, 40))
    v["gross_area_sqft"] = _set(
        do, "gross_area_sqft", np.clip(8000 * v["n_floors"] + e.normal("area", 6000), 2000, None)
    )
    v["insul_grade"] = _set(
        do,
        "insul_grade",
        np.clip(np.round(3 + 0.04 * (v["yr_built"] - 1985) + e.normal("insul", 0.8)), 1, 5),
    )
    v["occ_rate_pct"] = _set(do, "occ_rate_pct", np.clip(70 + e.normal("occ", 12), 5, 100))
    v["smart_thermo"] = _set(
        do,
        "smart_thermo",
        e.bernoulli("thermo", sigmoid(-0.6 + 0.03 * (v["yr_built"] - 1985))),
    )
    v["setpoint_c"] = _set(
        do, "setpoint_c", 21.5 - 1.2 * v["smart_thermo"] + e.normal("setpoint", 0.7)
    )
    cold = (v["climate_zone"] == 0).astype(float)
    hot = (v["climate_zone"] == 2).astype(float)
    # the thermostat saves energy beyond its setpoint change too, most of all in the cold zone
    direct = -4.0 - 6.0 * cold + 3.0 * hot
    v["kwh_per_sqft"] = _set(
        do,
        "kwh_per_sqft",
        60
        + 12 * cold
        - 5 * v["insul_grade"]
        + 4.0 * (v["setpoint_c"] - 21)
        + 0.1 * (v["occ_rate_pct"] - 70)
        + direct * v["smart_thermo"]
        + e.normal("kwh", 5.0),
    )
    v["kwh_used_k"] = _set(
        do,
        "kwh_used_k",
        v["kwh_per_sqft"] * v["gross_area_sqft"] / 1000 + e.normal("kwhk", 50),
    )
    v["peak_kw"] = _set(do, "peak_kw", 0.02 * v["kwh_used_k"] * 10 + e.normal("peak", 20))
    v["co2_t"] = _set(do, "co2_t", 0.4 * v["kwh_used_k"] + e.normal("co2", 15))
    v["bill_usd_k"] = _set(do, "bill_usd_k", 0.12 * v["kwh_used_k"] + e.normal("bill", 8))
    return v


def device_trial(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """A trial of a glucose-monitoring device: patients are randomised to the device arm, not all
    of them use it; using it raises the time in range, which lowers HbA1c at twelve months, and
    helps most at the site with the sickest patients."""
    v: dict[str, np.ndarray] = {}
    v["site"] = _set(do, "site", e.choice("site", [0.4, 0.35, 0.25]).astype(float))
    v["age_yrs"] = _set(do, "age_yrs", np.clip(np.round(52 + e.normal("age", 12)), 18, 90))
    v["bmi_kgm2"] = _set(do, "bmi_kgm2", 30 + e.normal("bmi", 5))
    v["hba1c_base"] = _set(
        do,
        "hba1c_base",
        8.2 + 0.3 * (v["site"] == 2) + 0.02 * (v["bmi_kgm2"] - 30) + e.normal("base", 0.9),
    )
    v["rand_arm"] = _set(do, "rand_arm", e.bernoulli("arm", 0.5))
    v["device_used"] = _set(
        do,
        "device_used",
        e.bernoulli(
            "used",
            sigmoid(
                -2.5
                + 3.5 * v["rand_arm"]
                + 0.4 * (v["hba1c_base"] - 8.2)
                - 0.02 * (v["age_yrs"] - 52)
            ),
        ),
    )
    v["steps_k_day"] = _set(
        do, "steps_k_day", np.clip(6 - 0.05 * (v["age_yrs"] - 52) + e.normal("steps", 2), 0.5, None)
    )
    v["tir_pct"] = _set(
        do,
        "tir_pct",
        np.clip(
            55
            + 12 * v["device_used"]
            - 4 * (v["hba1c_base"] - 8.2)
            + 1.0 * v["steps_k_day"]
            + e.normal("tir", 8),
            0,
            100,
        ),
    )
    direct = -0.2 - 0.3 * (v["site"] == 2)
    v["hba1c_12m"] = _set(
        do,
        "hba1c_12m",
        0.8 * v["hba1c_base"]
        + 1.9
        - 0.03 * (v["tir_pct"] - 55)
        + direct * v["device_used"]
        - 0.05 * (v["steps_k_day"] - 6)
        + e.normal("hba1c", 0.4),
    )
    v["hypo_events"] = _set(
        do,
        "hypo_events",
        e.poisson("hypo", np.exp(0.6 - 0.4 * v["device_used"] + 0.01 * (v["age_yrs"] - 52))),
    )
    v["qol_score"] = _set(
        do,
        "qol_score",
        60
        - 6 * (v["hba1c_12m"] - 7.5)
        - 2 * v["hypo_events"]
        + 0.02 * (v["tir_pct"] - 55)
        + e.normal("qol", 6),
    )
    v["adverse_evt"] = _set(
        do,
        "adverse_evt",
        e.bernoulli("ae", sigmoid(-2.5 + 0.4 * v["hypo_events"] + 0.2 * v["device_used"])),
    )
    return v


@dataclass(frozen=True)
class Domain:
    name: str
    what: str
    sem: Callable[[Noise, Do], dict[str, np.ndarray]]
    n: int
    seed: int
    id_col: str | None = None
    labels: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """Categorical columns and the names of their codes 0, 1, 2, ..."""
    missing: tuple[tuple[str, float], ...] = ()
    """Columns with a share of values missing at random in the loaded table."""


DOMAINS: dict[str, Domain] = {
    d.name: d
    for d in (
        Domain(
            "hospital",
            "patients of a hospital: a new drug, its effect on recovery and readmission",
            hospital,
            2000,
            11,
            id_col="patient_id",
            labels=(
                ("sex", ("F", "M")),
                ("ward", ("cardiology", "orthopedics", "neurology", "general")),
                ("insurance", ("public", "private", "none")),
            ),
            missing=(("bmi", 0.04),),
        ),
        Domain(
            "courses",
            "students of online courses: tutoring, video time, scores and passing",
            courses,
            2500,
            12,
            id_col="student_id",
            labels=(
                ("age_group", ("18-24", "25-34", "35+")),
                ("device", ("mobile", "laptop", "tablet")),
            ),
        ),
        Domain(
            "attrition",
            "employees of a company: overtime, pay, satisfaction and who leaves",
            attrition,
            3000,
            13,
            id_col="EmployeeID",
            labels=(
                ("Department", ("Sales", "R&D", "HR")),
                ("OverTime", ("No", "Yes")),
                ("Attrition", ("No", "Yes")),
            ),
        ),
        Domain(
            "farm",
            "field plots: fertiliser, irrigation, soil and crop yield",
            farm,
            1500,
            14,
            id_col="plot_id",
            labels=(
                ("region", ("north", "south", "east", "west")),
                ("seed_variety", ("A", "B", "C")),
            ),
        ),
        Domain(
            "grid",
            "an hourly power-grid series: temperature, solar, wind, load and spot price",
            grid,
            1500,
            15,
        ),
        Domain(
            "loans",
            "consumer loans: a counselling programme, interest rates, missed payments, defaults",
            loans,
            2400,
            16,
            id_col="loan_id",
            labels=(("employment", ("salaried", "self-employed", "unemployed")),),
            missing=(("annual_income_k", 0.05),),
        ),
        Domain(
            "plant",
            "production lines: maintenance, vibration, line speed, defects and output",
            plant,
            1800,
            17,
            id_col="line_id",
            labels=(("shift", ("day", "night", "weekend")),),
            missing=(("ambient_temp_c", 0.03),),
        ),
        Domain(
            "stores",
            "retail stores: advertising, discounts, a loyalty app, footfall and revenue",
            stores,
            1600,
            18,
            id_col="store_id",
            labels=(("location", ("city", "suburb", "rural")),),
        ),
        Domain(
            "web",
            "a daily web-shop series: ad clicks, newsletters, visitors and sign-ups",
            web,
            900,
            19,
        ),
        Domain(
            "buildings",
            "office buildings: insulation, smart thermostats, setpoints, energy use and bills",
            buildings,
            1400,
            20,
            id_col="bldg_id",
            labels=(("climate_zone", ("cold", "mild", "hot")),),
            missing=(("occ_rate_pct", 0.06),),
        ),
        Domain(
            "device_trial",
            "a clinical trial of a glucose-monitoring device: arm, use, time in range, HbA1c",
            device_trial,
            1600,
            21,
            id_col="subj_id",
            labels=(("site", ("site_A", "site_B", "site_C")),),
            missing=(("hba1c_12m", 0.08), ("qol_score", 0.05)),
        ),
    )
}


# two further tables (sport, public policy), with abbreviated column names and units ------------
def squad(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Players of a sports club over a season: training load lowers heart-rate variability,
    which raises the injury risk; a physio programme prevents injuries, most for forwards."""
    v: dict[str, np.ndarray] = {}
    v["age_yrs"] = _set(do, "age_yrs", np.clip(25 + e.normal("age", 4), 17, 38))
    v["position"] = _set(do, "position", e.choice("pos", [0.1, 0.35, 0.35, 0.2]).astype(float))
    v["prev_inj"] = _set(
        do, "prev_inj", e.poisson("prev", np.exp(-0.3 + 0.06 * (v["age_yrs"] - 25)))
    )
    v["sleep_hrs"] = _set(do, "sleep_hrs", 7.5 + e.normal("sleep", 0.8))
    v["train_load_au"] = _set(
        do,
        "train_load_au",
        np.clip(
            400 + 60 * (v["position"] == 2) - 80 * (v["position"] == 0) + e.normal("load", 70),
            50,
            None,
        ),
    )
    v["sprint_km"] = _set(
        do,
        "sprint_km",
        np.clip(
            1.5
            + 0.003 * (v["train_load_au"] - 400)
            + 0.6 * (v["position"] == 3)
            + e.normal("sprint", 0.4),
            0,
            None,
        ),
    )
    v["physio_prog"] = _set(
        do, "physio_prog", e.bernoulli("physio", sigmoid(-0.6 + 0.7 * v["prev_inj"]))
    )
    v["hrv_ms"] = _set(
        do,
        "hrv_ms",
        70
        - 0.04 * (v["train_load_au"] - 400)
        + 3.0 * (v["sleep_hrs"] - 7.5)
        - 0.5 * (v["age_yrs"] - 25)
        + e.normal("hrv", 6),
    )
    physio = -3.0 - 3.0 * (v["position"] == 3)  # forwards (3) gain most
    v["days_out"] = _set(
        do,
        "days_out",
        np.clip(
            12
            - 0.25 * (v["hrv_ms"] - 70)
            + 2.0 * v["sprint_km"]
            + 2.5 * v["prev_inj"]
            + physio * v["physio_prog"]
            + e.normal("days", 4),
            0,
            None,
        ),
    )
    v["injured"] = _set(
        do, "injured", e.bernoulli("inj", sigmoid(-1.0 + 0.12 * (v["days_out"] - 12)))
    )
    v["match_mins"] = _set(
        do, "match_mins", np.clip(2200 - 35 * v["days_out"] + e.normal("mins", 250), 0, None)
    )
    return v


def credit(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Households and an earned-income tax credit: the credit raises hours worked and earnings;
    a childcare subsidy raises hours most for single parents; eligibility moves the credit."""
    v: dict[str, np.ndarray] = {}
    v["educ_yrs"] = _set(do, "educ_yrs", np.clip(np.round(13 + e.normal("educ", 2.5)), 6, 22))
    v["n_kids"] = _set(do, "n_kids", e.choice("kids", [0.3, 0.3, 0.25, 0.15]).astype(float))
    v["single_parent"] = _set(do, "single_parent", e.bernoulli("single", 0.3))
    v["state"] = _set(do, "state", e.choice("state", [0.3, 0.3, 0.2, 0.2]).astype(float))
    v["unemp_rate_pct"] = _set(
        do,
        "unemp_rate_pct",
        5 + 1.5 * (v["state"] == 1) - 1.0 * (v["state"] == 2) + e.normal("unemp", 0.8),
    )
    v["eitc_elig"] = _set(
        do,
        "eitc_elig",
        e.bernoulli("elig", sigmoid(-0.5 + 0.6 * v["n_kids"] - 0.2 * (v["educ_yrs"] - 13))),
    )
    v["credit_usd"] = _set(
        do,
        "credit_usd",
        np.clip(v["eitc_elig"] * (800 + 900 * v["n_kids"]) + e.normal("credit", 150), 0, None),
    )
    v["childcare_sub"] = _set(
        do, "childcare_sub", e.bernoulli("care", sigmoid(-1.0 + 0.8 * v["single_parent"]))
    )
    care = 3.0 + 4.0 * v["single_parent"]
    v["hrs_wk"] = _set(
        do,
        "hrs_wk",
        np.clip(
            30
            + 0.002 * v["credit_usd"]
            + care * v["childcare_sub"]
            + 0.8 * (v["educ_yrs"] - 13)
            - 1.2 * (v["unemp_rate_pct"] - 5)
            - 1.0 * v["n_kids"]
            + e.normal("hrs", 6),
            0,
            None,
        ),
    )
    v["employed"] = _set(
        do,
        "employed",
        e.bernoulli("emp", sigmoid(-2.0 + 0.12 * v["hrs_wk"] - 0.3 * (v["unemp_rate_pct"] - 5))),
    )
    v["earn_k"] = _set(
        do,
        "earn_k",
        np.clip(8 + 0.6 * v["hrs_wk"] + 1.5 * (v["educ_yrs"] - 13) + e.normal("earn", 4), 0, None),
    )
    v["food_insec"] = _set(
        do, "food_insec", e.bernoulli("food", sigmoid(0.5 - 0.08 * v["earn_k"] + 0.3 * v["n_kids"]))
    )
    return v


DOMAINS.update(
    {
        d.name: d
        for d in (
            Domain(
                "squad",
                "players of a sports club: training load, heart-rate variability, a physio "
                "programme and days lost to injury",
                squad,
                1400,
                21,
                id_col="player_id",
                labels=(("position", ("goalkeeper", "defender", "midfielder", "forward")),),
                missing=(("sleep_hrs", 0.05),),
            ),
            Domain(
                "credit",
                "households: an earned-income tax credit, a childcare subsidy, hours worked, "
                "employment and earnings",
                credit,
                2200,
                22,
                id_col="hh_id",
                labels=(("state", ("CA", "TX", "NY", "FL")),),
            ),
        )
    }
)


# a further table (public transport), with mixed-case names, units and text levels --------------
def transit(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Bus routes over a month: a bus lane (funded where the council gave a grant, so the grant is
    an instrument) cuts the running time, which raises punctuality and with it the riders; the
    lane helps most on urban routes; fares lower the riders; late buses bring complaints."""
    v: dict[str, np.ndarray] = {}
    v["RouteType"] = _set(do, "RouteType", e.choice("type", [0.45, 0.35, 0.2]).astype(float))
    urban = (v["RouteType"] == 0).astype(float)
    express = (v["RouteType"] == 2).astype(float)
    v["len_km"] = _set(
        do, "len_km", np.clip(12 + 6 * express - 3 * urban + e.normal("len", 3), 3, None)
    )
    v["n_stops"] = _set(
        do,
        "n_stops",
        np.round(np.clip(2.2 * v["len_km"] - 12 * express + e.normal("stops", 4), 3, None)),
    )
    v["headway_min"] = _set(
        do, "headway_min", np.clip(12 - 4 * urban + 6 * express + e.normal("headway", 3), 3, None)
    )
    v["council_grant"] = _set(do, "council_grant", e.bernoulli("grant", 0.4))
    v["bus_lane"] = _set(
        do,
        "bus_lane",
        e.bernoulli("lane", sigmoid(-1.0 + 1.6 * v["council_grant"] + 0.8 * urban)),
    )
    v["fare_eur"] = _set(
        do,
        "fare_eur",
        np.clip(1.8 + 0.08 * v["len_km"] + 1.0 * express + e.normal("fare", 0.3), 0.5, None),
    )
    saved = 3.0 + 7.0 * urban - 2.0 * express  # minutes a lane saves: most on urban routes
    v["runtime_min"] = _set(
        do,
        "runtime_min",
        2.2 * v["len_km"] + 0.5 * v["n_stops"] - saved * v["bus_lane"] + e.normal("run", 4),
    )
    v["ontime_pct"] = _set(
        do,
        "ontime_pct",
        np.clip(
            78 + 2.0 * v["bus_lane"] - 0.4 * (v["runtime_min"] - 40) + e.normal("ontime", 5),
            0,
            100,
        ),
    )
    v["DailyRiders"] = _set(
        do,
        "DailyRiders",
        np.round(
            np.clip(
                1500
                + 20 * (v["ontime_pct"] - 78)
                - 300 * (v["fare_eur"] - 2.8)
                - 25 * (v["headway_min"] - 12)
                + 400 * urban
                + 50 * v["bus_lane"]
                + e.normal("riders", 150),
                0,
                None,
            )
        ),
    )
    v["complaints"] = _set(
        do, "complaints", e.poisson("compl", np.exp(1.2 - 0.04 * (v["ontime_pct"] - 78)))
    )
    v["fare_rev_keur"] = _set(
        do,
        "fare_rev_keur",
        v["DailyRiders"] * v["fare_eur"] * 30 / 1000 + e.normal("rev", 5),
    )
    return v


DOMAINS["transit"] = Domain(
    "transit",
    "bus routes: bus lanes, a council grant, fares, headways, punctuality, riders and complaints",
    transit,
    1300,
    23,
    id_col="route_id",
    labels=(("RouteType", ("Urban", "Suburban", "Express")),),
    missing=(("ontime_pct", 0.04),),
)


def simulate(name: str, n: int | None = None, do: Do | None = None) -> dict[str, np.ndarray]:
    d = DOMAINS[name]
    return d.sem(Noise(n or d.n, d.seed), do or {})


def frame(name: str) -> pd.DataFrame:
    """The table as a user would load it: ids, labelled categories, some missing values."""
    d = DOMAINS[name]
    values = simulate(name)
    df = pd.DataFrame({k: np.round(v, 3) for k, v in values.items()})
    for col, names in d.labels:
        df[col] = [names[int(c)] for c in values[col]]
    for col in df.columns:
        if col not in dict(d.labels) and np.all(np.mod(values[col], 1) == 0):
            df[col] = values[col].astype(int)
    rng = np.random.default_rng(d.seed + 1000)
    for col, share in d.missing:
        df.loc[rng.random(len(df)) < share, col] = np.nan
    if d.id_col:
        df.insert(0, d.id_col, np.arange(1001, 1001 + len(df)))
    return df


# truth ------------------------------------------------------------------------------------------
@cache
def _is_binary(name: str, col: str) -> bool:
    vals = simulate(name, 2000)[col]
    return set(np.unique(vals)) <= {0.0, 1.0}


def _contrast(name: str, treatment: str) -> tuple[Do, Do]:
    """do(T=0) vs do(T=1) for a binary treatment; do(T) vs do(T+1) for any other."""
    if _is_binary(name, treatment):
        return {treatment: lambda v: np.zeros_like(v)}, {treatment: lambda v: np.ones_like(v)}
    return {treatment: lambda v: v}, {treatment: lambda v: v + 1.0}


def effect(name: str, treatment: str, outcome: str, n: int = TRUTH_N) -> float:
    """The average effect on `outcome` of T 0 -> 1 (binary) or of one more unit of T."""
    lo, hi = _contrast(name, treatment)
    return float(np.mean(simulate(name, n, hi)[outcome] - simulate(name, n, lo)[outcome]))


def mediation(name: str, treatment: str, outcome: str, mediator: str, n: int = TRUTH_N) -> dict:
    """Total, natural direct and natural indirect effect (the mediator held at its value under
    the lower treatment level for the direct effect)."""
    lo, hi = _contrast(name, treatment)
    y0 = simulate(name, n, lo)
    m0 = y0[mediator]
    direct_do = {**hi, mediator: lambda v: m0}
    total = float(np.mean(simulate(name, n, hi)[outcome] - y0[outcome]))
    direct = float(np.mean(simulate(name, n, direct_do)[outcome] - y0[outcome]))
    return {"total": total, "direct": direct, "indirect": total - direct}


def by_group(name: str, treatment: str, outcome: str, by: str, n: int = TRUTH_N) -> dict:
    """The average effect within each level of a pre-treatment column."""
    lo, hi = _contrast(name, treatment)
    base, y0, y1 = simulate(name, n), simulate(name, n, lo), simulate(name, n, hi)
    labels = dict(DOMAINS[name].labels).get(by)
    out = {}
    for code in np.unique(base[by]):
        mask = base[by] == code
        key = labels[int(code)] if labels else float(code)
        out[key] = float(np.mean(y1[outcome][mask] - y0[outcome][mask]))
    return out


def what_if(name: str, treatment: str, outcome: str, op: str, value: float, n: int = TRUTH_N):
    """Mean change of `outcome` when T is scaled by, increased by or set to `value`."""
    f = {
        "scale": lambda v: v * value,
        "add": lambda v: v + value,
        "set": lambda v: np.full_like(v, value),
    }[op]
    return float(np.mean(simulate(name, n, {treatment: f})[outcome] - simulate(name, n)[outcome]))


def naive(name: str, treatment: str, outcome: str, n: int = TRUTH_N) -> float:
    """The unadjusted contrast: difference of means (binary T) or the simple regression slope."""
    v = simulate(name, n)
    t, y = v[treatment], v[outcome]
    if _is_binary(name, treatment):
        return float(y[t == 1].mean() - y[t == 0].mean())
    return float(np.polyfit(t, y, 1)[0])


def truth_for(call: dict[str, Any]) -> dict[str, Any] | None:
    """The true values behind an expected estimate_effect call, from the generator; None for
    any other call. Per unit of a continuous treatment, 0 -> 1 of a binary one."""
    if call.get("tool") != "estimate_effect":
        return None
    a = call["args"]
    name, t, y = a["dataset"], a["treatment"], a["outcome"]
    if a.get("mediator"):
        return {k: round(v, 4) for k, v in mediation(name, t, y, a["mediator"]).items()}
    if a.get("by"):
        return {
            "effect": round(effect(name, t, y), 4),
            "by_group": {k: round(v, 4) for k, v in by_group(name, t, y, a["by"]).items()},
        }
    if a.get("what_if"):
        w = a["what_if"]
        return {"change": round(what_if(name, t, y, w["op"], float(w["value"])), 4)}
    if a.get("focus") == "confounding":
        return {"naive": round(naive(name, t, y), 4), "effect": round(effect(name, t, y), 4)}
    return {"effect": round(effect(name, t, y), 4)}


# a telecom table with abbreviated column names, units, a three-level tier and text yes/no ------
def telecom(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Subscribers of a mobile operator over a year: an annual contract keeps customers (most of
    all on the premium tier), dropped calls bring support calls, which push people to leave; a
    randomised promo text lowers churn a little; 5G users use more data and drop fewer calls."""
    v: dict[str, np.ndarray] = {}
    v["plan_tier"] = _set(do, "plan_tier", e.choice("tier", [0.45, 0.35, 0.2]).astype(float))
    v["handset"] = _set(do, "handset", e.choice("handset", [0.3, 0.45, 0.25]).astype(float))
    v["age_yrs"] = _set(do, "age_yrs", np.clip(np.round(40 + e.normal("age", 12)), 18, 85))
    v["tenure_mo"] = _set(
        do,
        "tenure_mo",
        np.clip(np.round(24 + 0.3 * (v["age_yrs"] - 40) + e.normal("tenure", 15)), 1, 120),
    )
    v["contract_type"] = _set(
        do,
        "contract_type",
        e.bernoulli(
            "contract",
            sigmoid(-0.5 + 0.03 * (v["tenure_mo"] - 24) + 0.4 * (v["plan_tier"] == 2)),
        ),
    )
    v["is_5g"] = _set(
        do,
        "is_5g",
        e.bernoulli("5g", sigmoid(-0.5 + 1.0 * (v["plan_tier"] == 2) - 0.03 * (v["age_yrs"] - 40))),
    )
    v["data_gb_mo"] = _set(
        do,
        "data_gb_mo",
        np.clip(
            8
            + 6 * v["is_5g"]
            + 4 * (v["plan_tier"] == 1)
            + 10 * (v["plan_tier"] == 2)
            + 3 * (v["handset"] == 2)
            - 0.1 * (v["age_yrs"] - 40)
            + e.normal("data", 4),
            0,
            None,
        ),
    )
    v["dropped_call_pct"] = _set(
        do, "dropped_call_pct", np.clip(3 - 1.0 * v["is_5g"] + e.normal("dropped", 1.0), 0, None)
    )
    v["n_support_calls"] = _set(
        do, "n_support_calls", e.poisson("support", np.exp(0.2 + 0.15 * v["dropped_call_pct"]))
    )
    v["promo_sms"] = _set(do, "promo_sms", e.bernoulli("promo", 0.4))
    v["monthly_amt_eur"] = _set(
        do,
        "monthly_amt_eur",
        20
        + 10 * (v["plan_tier"] == 1)
        + 25 * (v["plan_tier"] == 2)
        + 0.8 * v["data_gb_mo"]
        + e.normal("amt", 5),
    )
    v["nps_score"] = _set(
        do,
        "nps_score",
        30
        - 4 * v["dropped_call_pct"]
        - 3 * v["n_support_calls"]
        + 5 * v["contract_type"]
        + e.normal("nps", 10),
    )
    annual = 1.2 + 0.6 * (v["plan_tier"] == 2)  # the contract keeps premium customers most
    logit = (
        -1.0
        - 0.03 * (v["tenure_mo"] - 24)
        - annual * v["contract_type"]
        + 0.25 * v["n_support_calls"]
        + 0.02 * (v["monthly_amt_eur"] - 45)
        - 0.03 * (v["nps_score"] - 20)
        - 0.4 * v["promo_sms"]
    )
    v["churned"] = _set(do, "churned", e.bernoulli("churn", sigmoid(logit)))
    return v


DOMAINS["telecom"] = Domain(
    "telecom",
    "mobile subscribers: contract type, plan tier, handset, 5G, dropped calls, support calls, "
    "bills and "
    "who churns",
    telecom,
    2100,
    23,
    id_col="cust_id",
    labels=(
        ("plan_tier", ("basic", "plus", "premium")),
        ("contract_type", ("monthly", "yearly")),
        ("handset", ("budget", "mid", "premium")),
    ),
    missing=(("data_gb_mo", 0.04),),
)


# a motor-insurance table: British units, a text territory, a yes/no lapse ----------------------
def insurance(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Car-insurance policies over a year: a telematics box (taken more by young drivers) cuts
    harsh braking, which cuts claims, most of all in the metro territory; the premium follows
    the driver's age and past claims and drives customers away at renewal; a randomised
    renewal discount keeps some of them; a higher excess means fewer small claims."""
    v: dict[str, np.ndarray] = {}
    v["territory"] = _set(do, "territory", e.choice("terr", [0.4, 0.35, 0.25]).astype(float))
    metro = (v["territory"] == 0).astype(float)
    rural = (v["territory"] == 2).astype(float)
    v["driver_age"] = _set(do, "driver_age", np.clip(np.round(42 + e.normal("age", 13)), 17, 90))
    v["veh_age_yrs"] = _set(do, "veh_age_yrs", np.clip(np.round(7 + e.normal("veh", 3.5)), 0, 25))
    v["prior_claims"] = _set(
        do, "prior_claims", e.poisson("prior", np.exp(-0.6 - 0.015 * (v["driver_age"] - 42)))
    )
    v["annual_miles_k"] = _set(
        do,
        "annual_miles_k",
        np.clip(8 + 3 * rural - 2 * metro + e.normal("miles", 2.5), 1, None),
    )
    v["excess_gbp"] = _set(
        do,
        "excess_gbp",
        np.clip(np.round(250 + 4 * (v["driver_age"] - 42) + e.normal("excess", 80)), 0, None),
    )
    v["telematics"] = _set(
        do,
        "telematics",
        e.bernoulli("box", sigmoid(-0.4 - 0.05 * (v["driver_age"] - 42) + 0.3 * metro)),
    )
    v["harsh_brakes"] = _set(
        do,
        "harsh_brakes",
        np.clip(
            6
            - 2.5 * v["telematics"]
            - 0.05 * (v["driver_age"] - 42)
            + 1.5 * metro
            + e.normal("brakes", 1.5),
            0,
            None,
        ),
    )
    box = -0.4 - 0.6 * metro  # the box's own effect on the claim odds beyond braking
    v["claim_filed"] = _set(
        do,
        "claim_filed",
        e.bernoulli(
            "claim",
            sigmoid(
                -1.6
                + 0.25 * (v["harsh_brakes"] - 5)
                + box * v["telematics"]
                + 0.08 * (v["annual_miles_k"] - 8)
                + 0.3 * v["prior_claims"]
                - 0.002 * (v["excess_gbp"] - 250)
            ),
        ),
    )
    v["claim_cost_gbp"] = _set(
        do,
        "claim_cost_gbp",
        np.clip(v["claim_filed"] * (1800 + 40 * v["veh_age_yrs"] + e.normal("cost", 400)), 0, None),
    )
    v["premium_gbp"] = _set(
        do,
        "premium_gbp",
        520
        - 4 * (v["driver_age"] - 42)
        + 90 * v["prior_claims"]
        + 60 * metro
        - 40 * v["telematics"]
        + e.normal("prem", 60),
    )
    v["renewal_disc"] = _set(do, "renewal_disc", e.bernoulli("disc", 0.3))
    v["lapsed"] = _set(
        do,
        "lapsed",
        e.bernoulli(
            "lapse",
            sigmoid(
                -1.3
                + 0.004 * (v["premium_gbp"] - 520)
                - 0.7 * v["renewal_disc"]
                + 0.6 * v["claim_filed"]
            ),
        ),
    )
    return v


DOMAINS["insurance"] = Domain(
    "insurance",
    "car-insurance policies: a telematics box, harsh braking, claims, premiums, an excess, "
    "a renewal discount and lapses",
    insurance,
    2300,
    24,
    id_col="policy_no",
    labels=(("territory", ("Metro", "Town", "Rural")),),
    missing=(("annual_miles_k", 0.05),),
)


# a food-safety table: capitalised and plain names, a text city, a year count ------------------
def restaurants(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Restaurant inspections: chains and bigger places train their staff in food safety more
    often; training raises the hygiene audit score and cuts violations directly and through it;
    violations and the audit drive the customer rating; older buildings get more violations."""
    v: dict[str, np.ndarray] = {}
    v["City"] = _set(do, "City", e.choice("city", [0.5, 0.3, 0.2]).astype(float))
    v["Seats"] = _set(do, "Seats", np.clip(np.round(110 + e.normal("seats", 50)), 15, 260))
    v["is_chain"] = _set(do, "is_chain", e.bernoulli("chain", 0.35))
    v["building_age_yrs"] = _set(
        do, "building_age_yrs", np.round(np.clip(12 + e.normal("bage", 7), 0.5, None), 1)
    )
    v["staff_training"] = _set(
        do,
        "staff_training",
        e.bernoulli("train", sigmoid(-1 + 1.2 * v["is_chain"] + 0.008 * (v["Seats"] - 100))),
    )
    v["audit_score"] = _set(
        do,
        "audit_score",
        60
        + 8 * v["staff_training"]
        + 5 * v["is_chain"]
        - 0.3 * v["building_age_yrs"]
        + e.normal("audit", 6),
    )
    v["violations"] = _set(
        do,
        "violations",
        6
        - 1.5 * v["staff_training"]
        - 0.08 * (v["audit_score"] - 60)
        + 0.002 * v["Seats"]
        + 0.1 * v["building_age_yrs"]
        - 1.0 * v["is_chain"]
        + (v["City"] == 1) * 0.8 * (1 - v["staff_training"])
        + e.normal("viol", 1.2),
    )
    v["customer_rating"] = _set(
        do,
        "customer_rating",
        3 + 0.02 * v["audit_score"] - 0.15 * v["violations"] + e.normal("rating", 0.3),
    )
    return v


DOMAINS["restaurants"] = Domain(
    "restaurants",
    "restaurant inspections: food-safety training, hygiene audits, violations and ratings",
    restaurants,
    1200,
    31,
    id_col="inspection_id",
    labels=(("City", ("Leeds", "York", "Hull")),),
    missing=(("audit_score", 0.03),),
)


# a gym table: camelCase names, a three-level text plan, a yes/no churn ------------------------
def gym(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Gym members over six months: older members and those on the top plan book a personal
    trainer more often; the trainer raises weekly sessions, which drive weight loss, and cuts
    cancellations directly; satisfaction follows sessions and the trainer."""
    v: dict[str, np.ndarray] = {}
    v["memberAge"] = _set(do, "memberAge", np.clip(np.round(38 + e.normal("age", 11)), 18, 80))
    v["plan"] = _set(do, "plan", e.choice("plan", [0.5, 0.3, 0.2]).astype(float))
    top = (v["plan"] == 2).astype(float)
    v["personalTrainer"] = _set(
        do,
        "personalTrainer",
        e.bernoulli("pt", sigmoid(-1.2 + 0.03 * (v["memberAge"] - 38) + 1.0 * top)),
    )
    v["sessionsPerWeek"] = _set(
        do,
        "sessionsPerWeek",
        np.clip(1.5 + 1.2 * v["personalTrainer"] + 0.5 * top + e.normal("sess", 0.8), 0, None),
    )
    v["weightLossKg"] = _set(
        do,
        "weightLossKg",
        0.9 * v["sessionsPerWeek"]
        + 0.5 * v["personalTrainer"]
        - 0.02 * (v["memberAge"] - 38)
        + e.normal("loss", 1.5),
    )
    v["satisfaction"] = _set(
        do,
        "satisfaction",
        np.clip(
            5 + 0.6 * v["sessionsPerWeek"] + 0.8 * v["personalTrainer"] + e.normal("sat", 1.2),
            0,
            10,
        ),
    )
    v["cancelled"] = _set(
        do,
        "cancelled",
        e.bernoulli(
            "cancel",
            sigmoid(
                -0.8 - 0.7 * v["personalTrainer"] - 0.3 * (v["sessionsPerWeek"] - 2) - 0.5 * top
            ),
        ),
    )
    return v


DOMAINS["gym"] = Domain(
    "gym",
    "gym members: personal trainers, weekly sessions, weight loss, satisfaction and cancellations",
    gym,
    1500,
    37,
    id_col="memberId",
    labels=(("plan", ("Basic", "Plus", "Premium")),),
    missing=(("weightLossKg", 0.04),),
)


# a bike-share table: abbreviations with units, a randomised promo, a text district ----------
def bikes(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Bike-share stations over a month: stations near a metro stop and with more docks get more
    rides; a promo code sent to a random half of the stations' users adds rides; a higher e-bike
    share lengthens trips and raises the user rating; rides wear bikes out (repairs)."""
    v: dict[str, np.ndarray] = {}
    v["district"] = _set(do, "district", e.choice("district", [0.45, 0.35, 0.2]).astype(float))
    centre = (v["district"] == 0).astype(float)
    v["near_metro"] = _set(do, "near_metro", e.bernoulli("metro", sigmoid(-0.5 + 1.2 * centre)))
    v["dock_cnt"] = _set(
        do, "dock_cnt", np.clip(np.round(18 + 6 * centre + e.normal("docks", 5)), 6, 40)
    )
    v["ebike_pct"] = _set(do, "ebike_pct", np.clip(30 + e.normal("ebike", 12), 0, 100))
    v["promo_code"] = _set(do, "promo_code", e.bernoulli("promo", 0.5))
    v["rides_per_day"] = _set(
        do,
        "rides_per_day",
        40
        + 15 * v["near_metro"]
        + 1.5 * (v["dock_cnt"] - 18)
        + 6 * v["promo_code"]
        + 10 * centre
        + e.normal("rides", 8),
    )
    v["avg_trip_min"] = _set(
        do, "avg_trip_min", 12 + 0.1 * v["ebike_pct"] - 2 * centre + e.normal("trip", 2)
    )
    v["user_rating"] = _set(
        do,
        "user_rating",
        3.2 + 0.015 * v["ebike_pct"] + 0.2 * v["near_metro"] + e.normal("urating", 0.3),
    )
    v["repairs_mo"] = _set(
        do, "repairs_mo", e.poisson("repairs", np.exp(0.5 + 0.015 * (v["rides_per_day"] - 40)))
    )
    return v


DOMAINS["bikes"] = Domain(
    "bikes",
    "bike-share stations: metro access, docks, e-bikes, a promo code, rides, trips and repairs",
    bikes,
    900,
    41,
    id_col="station_id",
    labels=(("district", ("Centre", "Inner", "Outer")),),
    missing=(("user_rating", 0.06),),
)


# a call-centre table: an acronym with a unit, camelCase, a randomised offer, a text site -------
def callcentre(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Agents of a call centre over a quarter: newer agents and those at the Leeds site are
    coached more often, and a coaching slot offered at random (an instrument) raises the uptake;
    coaching shortens the handle time and raises first-call resolution (most at Manila), which
    raises customer satisfaction and cuts escalations; night shifts are slower; coaching and
    tenure keep agents, escalations push them to quit."""
    v: dict[str, np.ndarray] = {}
    v["site"] = _set(do, "site", e.choice("site", [0.4, 0.35, 0.25]).astype(float))
    v["tenureMonths"] = _set(
        do, "tenureMonths", np.clip(np.round(20 + e.normal("tenure", 12)), 1, 120)
    )
    v["night_shift"] = _set(do, "night_shift", e.bernoulli("night", 0.3))
    v["coach_offer"] = _set(do, "coach_offer", e.bernoulli("offer", 0.5))
    v["coaching"] = _set(
        do,
        "coaching",
        e.bernoulli(
            "coach",
            sigmoid(
                -1.0
                + 1.6 * v["coach_offer"]
                - 0.03 * (v["tenureMonths"] - 20)
                + 0.6 * (v["site"] == 1)
            ),
        ),
    )
    v["AHT_sec"] = _set(
        do,
        "AHT_sec",
        430
        - 40 * v["coaching"]
        - 1.2 * (v["tenureMonths"] - 20)
        + 25 * v["night_shift"]
        + e.normal("aht", 35),
    )
    v["fcr_pct"] = _set(
        do,
        "fcr_pct",
        68
        + (5 + 3 * (v["site"] == 0)) * v["coaching"]
        + 0.1 * (v["tenureMonths"] - 20)
        - 0.04 * (v["AHT_sec"] - 430)
        + e.normal("fcr", 5),
    )
    v["escalations"] = _set(
        do,
        "escalations",
        e.poisson("esc", np.exp(1.6 - 0.03 * (v["fcr_pct"] - 68) + 0.2 * v["night_shift"])),
    )
    v["CSAT"] = _set(
        do,
        "CSAT",
        3.5 + 0.04 * (v["fcr_pct"] - 68) - 0.05 * v["escalations"] + e.normal("csat", 0.4),
    )
    v["quit_6m"] = _set(
        do,
        "quit_6m",
        e.bernoulli(
            "quit",
            sigmoid(
                -1.4
                - 0.6 * v["coaching"]
                - 0.015 * (v["tenureMonths"] - 20)
                + 0.4 * v["night_shift"]
                + 0.1 * v["escalations"]
            ),
        ),
    )
    return v


DOMAINS["callcentre"] = Domain(
    "callcentre",
    "call-centre agents: coaching, a coaching offer, handle time, first-call resolution, "
    "escalations, customer satisfaction and who quits",
    callcentre,
    1700,
    43,
    id_col="agent_id",
    labels=(("site", ("Manila", "Leeds", "Austin")),),
    missing=(("CSAT", 0.05),),
)


# a dairy-herd table: farm jargon, abbreviations with units, camelCase, a parity count ---------
def dairy(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Dairy cows over a lactation: Holsteins and cows on bigger farms get the feed supplement
    more often; the supplement (more in the uplands) and concentrate raise the milk yield; older
    cows (higher parity) have higher somatic cell counts, pasture lowers them; the cell count
    brings mastitis, which cuts the yield; mastitis and a low yield get cows culled."""
    v: dict[str, np.ndarray] = {}
    v["breed"] = _set(do, "breed", e.choice("breed", [0.55, 0.25, 0.2]).astype(float))
    v["region"] = _set(do, "region", e.choice("region", [0.4, 0.35, 0.25]).astype(float))
    v["parity"] = _set(
        do, "parity", 1 + e.choice("parity", [0.3, 0.25, 0.2, 0.15, 0.1]).astype(float)
    )
    v["herdSize"] = _set(
        do,
        "herdSize",
        np.clip(np.round(150 + 40 * (v["region"] == 0) + e.normal("herd", 60)), 30, 500),
    )
    v["pasture_hrs"] = _set(
        do,
        "pasture_hrs",
        np.clip(8 - 3 * (v["region"] == 1) + e.normal("pasture", 3), 0, 20),
    )
    holstein = (v["breed"] == 0).astype(float)
    v["feed_supp"] = _set(
        do,
        "feed_supp",
        e.bernoulli("supp", sigmoid(-0.8 + 0.006 * (v["herdSize"] - 150) + 0.8 * holstein)),
    )
    v["conc_kg_d"] = _set(
        do, "conc_kg_d", np.clip(6 + 1.5 * holstein + e.normal("conc", 1.5), 0, None)
    )
    v["SCC_k"] = _set(
        do,
        "SCC_k",
        np.clip(
            150 + 40 * (v["parity"] - 1) - 8 * (v["pasture_hrs"] - 8) + e.normal("scc", 60),
            20,
            None,
        ),
    )
    v["mastitis_cases"] = _set(
        do, "mastitis_cases", e.poisson("mast", np.exp(-1.0 + 0.004 * (v["SCC_k"] - 150)))
    )
    v["milk_L_d"] = _set(
        do,
        "milk_L_d",
        20
        + (3 + 1.5 * (v["region"] == 1)) * v["feed_supp"]
        + 0.9 * (v["conc_kg_d"] - 6)
        + 5 * holstein
        - 2 * (v["breed"] == 1)
        + 1.2 * (v["parity"] - 1)
        - 1.5 * v["mastitis_cases"]
        + e.normal("milk", 3),
    )
    v["culled"] = _set(
        do,
        "culled",
        e.bernoulli(
            "cull",
            sigmoid(
                -2.0
                + 0.5 * v["mastitis_cases"]
                - 0.08 * (v["milk_L_d"] - 22)
                + 0.3 * (v["parity"] - 3)
            ),
        ),
    )
    return v


DOMAINS["dairy"] = Domain(
    "dairy",
    "dairy cows: a feed supplement, concentrate, pasture, somatic cell counts, mastitis, milk "
    "yield and culling",
    dairy,
    1600,
    47,
    id_col="cow_id",
    labels=(
        ("breed", ("Holstein", "Jersey", "Crossbred")),
        ("region", ("Lowland", "Upland", "Coastal")),
    ),
    missing=(("SCC_k", 0.06),),
)


# a blood-pressure trial: UPPER_SNAKE codes, a text arm, site codes, a text yes/no ------------
def bp_trial(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """A randomised trial of a blood-pressure drug: older patients, smokers and heavier ones start
    with a higher systolic pressure; the active arm lowers the pressure at month 6 (less for
    smokers, and only as far as the pills are taken), which cuts cardiovascular events; older and
    non-smoking patients take their pills more faithfully (so adherence is confounded); the drug
    brings adverse events, and adverse events and cardiovascular events both make patients
    discontinue (a collider)."""
    v: dict[str, np.ndarray] = {}
    v["SITE_CD"] = _set(do, "SITE_CD", e.choice("site", [0.3, 0.3, 0.25, 0.15]).astype(float))
    v["AGE_YRS"] = _set(do, "AGE_YRS", np.clip(np.round(61 + e.normal("age", 9)), 35, 85))
    v["SEX"] = _set(do, "SEX", e.bernoulli("sex", 0.52))
    v["SMOKER"] = _set(
        do, "SMOKER", e.bernoulli("smoker", sigmoid(-1.0 - 0.02 * (v["AGE_YRS"] - 61)))
    )
    v["SBP_BL"] = _set(
        do,
        "SBP_BL",
        152
        + 0.45 * (v["AGE_YRS"] - 61)
        + 5 * v["SMOKER"]
        + 3 * v["SEX"]
        + 4 * (v["SITE_CD"] == 2)
        + e.normal("sbp0", 9),
    )
    v["TX_ARM"] = _set(do, "TX_ARM", e.bernoulli("arm", 0.5))
    v["ADHER_PCT"] = _set(
        do,
        "ADHER_PCT",
        np.clip(
            78
            + 0.4 * (v["AGE_YRS"] - 61)
            - 9 * v["SMOKER"]
            - 3 * v["TX_ARM"]
            + e.normal("adh", 10),
            10,
            100,
        ),
    )
    drop = (14 - 6 * v["SMOKER"]) * v["ADHER_PCT"] / 100  # mmHg the active pills take off
    v["SBP_M6"] = _set(
        do,
        "SBP_M6",
        0.7 * v["SBP_BL"]
        + 44
        - drop * v["TX_ARM"]
        - 0.05 * (v["ADHER_PCT"] - 78)
        + e.normal("sbp6", 7),
    )
    v["N_AE"] = _set(
        do,
        "N_AE",
        e.poisson("ae", np.exp(-0.4 + 0.6 * v["TX_ARM"] + 0.015 * (v["AGE_YRS"] - 61))),
    )
    v["CV_EVT_12M"] = _set(
        do,
        "CV_EVT_12M",
        e.bernoulli(
            "cv",
            sigmoid(
                -2.4
                + 0.05 * (v["SBP_M6"] - 145)
                + 0.04 * (v["AGE_YRS"] - 61)
                + 0.6 * v["SMOKER"]
                - 0.2 * v["TX_ARM"]
            ),
        ),
    )
    v["DISC_YN"] = _set(
        do,
        "DISC_YN",
        e.bernoulli("disc", sigmoid(-2.2 + 0.7 * v["N_AE"] + 1.2 * v["CV_EVT_12M"])),
    )
    return v


DOMAINS["bp_trial"] = Domain(
    "bp_trial",
    "a blood-pressure drug trial: arm, site, adherence, systolic pressure at baseline and month "
    "6, adverse events, cardiovascular events and discontinuation",
    bp_trial,
    1500,
    53,
    id_col="SUBJ_NO",
    labels=(
        ("SITE_CD", ("S01", "S02", "S03", "S04")),
        ("SEX", ("F", "M")),
        ("TX_ARM", ("PBO", "TRT")),
        ("DISC_YN", ("N", "Y")),
    ),
    missing=(("SBP_M6", 0.07),),
)


# a software-subscription table: long descriptive snake_case names, a text yes/no, segments ----
def saas(e: Noise, do: Do) -> dict[str, np.ndarray]:
    """Business accounts of a software vendor over a year: bigger accounts (enterprise segment,
    more seats) complete the onboarding programme more often, and an invitation sent at random
    (an instrument) raises the uptake; onboarding raises the share of weekly active users and
    cuts support tickets; usage, tickets and slow first responses drive the promoter score;
    onboarding, usage and the score drive renewal (onboarding helps small businesses most);
    renewed, busy accounts bring expansion revenue (a descendant of the outcome)."""
    v: dict[str, np.ndarray] = {}
    v["customer_segment"] = _set(
        do, "customer_segment", e.choice("seg", [0.5, 0.32, 0.18]).astype(float)
    )
    small = (v["customer_segment"] == 0).astype(float)
    ent = (v["customer_segment"] == 2).astype(float)
    v["months_since_signup"] = _set(
        do, "months_since_signup", np.clip(np.round(20 + e.normal("months", 11)), 1, 72)
    )
    v["number_of_licensed_seats"] = _set(
        do,
        "number_of_licensed_seats",
        np.round(np.exp(2.3 + 0.8 * (v["customer_segment"]) + e.normal("seats", 0.5))),
    )
    v["onboarding_invite_sent"] = _set(do, "onboarding_invite_sent", e.bernoulli("invite", 0.5))
    v["completed_onboarding_program"] = _set(
        do,
        "completed_onboarding_program",
        e.bernoulli(
            "onb",
            sigmoid(
                -1.3
                + 1.5 * v["onboarding_invite_sent"]
                + 0.8 * ent
                + 0.01 * (v["number_of_licensed_seats"] - 20)
                - 0.02 * (v["months_since_signup"] - 20)
            ),
        ),
    )
    onb = v["completed_onboarding_program"]
    v["weekly_active_user_share_pct"] = _set(
        do,
        "weekly_active_user_share_pct",
        np.clip(
            45 + 12 * onb + 0.2 * (v["months_since_signup"] - 20) - 5 * ent + e.normal("wau", 12),
            0,
            100,
        ),
    )
    v["number_of_support_tickets_last_quarter"] = _set(
        do,
        "number_of_support_tickets_last_quarter",
        e.poisson(
            "tickets",
            np.exp(1.0 + 0.3 * np.log(v["number_of_licensed_seats"]) - 0.35 * onb),
        ),
    )
    v["average_first_response_time_hours"] = _set(
        do,
        "average_first_response_time_hours",
        np.clip(
            9 - 4 * ent + 0.3 * v["number_of_support_tickets_last_quarter"] + e.normal("frt", 3),
            0.5,
            None,
        ),
    )
    v["net_promoter_score"] = _set(
        do,
        "net_promoter_score",
        np.clip(
            20
            + 0.5 * (v["weekly_active_user_share_pct"] - 45)
            - 2.0 * v["number_of_support_tickets_last_quarter"]
            - 1.5 * (v["average_first_response_time_hours"] - 9)
            + e.normal("nps", 15),
            -100,
            100,
        ),
    )
    help_ = 0.5 + 0.6 * small  # onboarding keeps small businesses most
    v["renewed_subscription"] = _set(
        do,
        "renewed_subscription",
        e.bernoulli(
            "renew",
            sigmoid(
                0.6
                + help_ * onb
                + 0.03 * (v["weekly_active_user_share_pct"] - 45)
                + 0.02 * (v["net_promoter_score"] - 20)
                + 0.4 * ent
            ),
        ),
    )
    v["expansion_revenue_usd"] = _set(
        do,
        "expansion_revenue_usd",
        np.clip(
            v["renewed_subscription"]
            * (
                800
                + 60 * v["number_of_licensed_seats"] ** 0.8
                + 30 * (v["weekly_active_user_share_pct"] - 45)
            )
            + e.normal("exp", 300),
            0,
            None,
        ),
    )
    return v


DOMAINS["saas"] = Domain(
    "saas",
    "software accounts: an onboarding programme and a random invitation to it, seats, active "
    "users, support tickets, response times, promoter scores, renewals and expansion revenue",
    saas,
    1800,
    59,
    id_col="account_id",
    labels=(
        ("customer_segment", ("Small Business", "Mid-Market", "Enterprise")),
        ("completed_onboarding_program", ("no", "yes")),
    ),
    missing=(("net_promoter_score", 0.09),),
)
