"""Structural causal models with a known average effect, for the effect-accuracy benchmark.

Each `Scenario` is a small SCM written as equations in causal order. `simulate` draws a table
as a user would bring it (hidden variables, whose names start with "_", are dropped); the true
average effect comes from the same equations under intervention: E[Y | do(T = treated)] -
E[Y | do(T = control)] for a binary treatment (a risk difference for a binary outcome), and the
average change per unit, E[Y | do(T = 1)] - E[Y | do(T = 0)], for a continuous treatment (every
continuous treatment here enters its outcome linearly, so that is the slope). The truth is the
closed form where one is written down (`exact_ate`), else a Monte Carlo of 400,000 units with
common random numbers (both arms share every noise draw, so the Monte Carlo error is tiny).

`adjust` is a valid adjustment set of the true graph (the oracle's); `roles` says what each
observed column is. Column names are realistic and never name their role.

The aside split is one third of the first 60 scenarios, chosen by a stable hash of the name
(not by family): tune on `dev`, judge on `aside`. Later groups name their split: `dev` for
scenarios written to be scored before any change they prompted, and `unseen` for scenarios
written at the same time and scored only once, after the changes (never tuned to). `all` is
dev and aside; `unseen` is selected only by name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import pandas as pd

Equation = Callable[[dict, np.random.Generator, int], np.ndarray]
MC_UNITS = 400_000


@dataclass(frozen=True)
class Scenario:
    """An SCM with one treatment, one outcome and a known average effect."""

    name: str
    family: str
    domain: str
    treatment: str
    outcome: str
    equations: tuple[tuple[str, Equation], ...]
    adjust: tuple[str, ...]
    roles: dict[str, str] = field(default_factory=dict)
    n: int = 600
    exact_ate: float | None = None
    levels: tuple = (0, 1)  # (control, treated) values of a binary treatment
    description: str = ""
    group: str | None = None  # an explicit split ("dev" or "unseen"); None: by the name's hash
    # False where OLS with squares on the adjustment set is misspecified by design (a step or
    # threshold confounder, an effect growing exponentially): the set is then checked with a
    # flexible fit
    linear_oracle: bool = True
    # the table's column order where it is not the equations' (causal) order
    column_order: tuple[str, ...] = ()

    @property
    def binary_treatment(self) -> bool:
        return self.roles.get(self.treatment) == "binary treatment"

    @property
    def split(self) -> str:
        return self.group or split_of(self.name)

    def _run(self, n: int, rng: np.random.Generator, do=None) -> dict[str, np.ndarray]:
        values: dict[str, np.ndarray] = {}
        for name, eq in self.equations:
            # The natural value is always drawn, so both arms of an intervention consume the
            # same random numbers (common random numbers).
            x = np.asarray(eq(values, rng, n))
            if name == self.treatment and do is not None:
                x = np.full(n, do, dtype=x.dtype if isinstance(do, str) else float)
            values[name] = x
        return values

    def simulate(self, seed: int, n: int | None = None) -> pd.DataFrame:
        """The observed table for one seed (hidden `_` columns dropped)."""
        rng = np.random.default_rng(stable_seed(self.name, seed))
        values = self._run(n or self.n, rng)
        df = pd.DataFrame({k: v for k, v in values.items() if not k.startswith("_")})
        return df[list(self.column_order)] if self.column_order else df

    def monte_carlo_ate(self, units: int = MC_UNITS, seed: int = 12345) -> float:
        control, treated = self.levels if self.binary_treatment else (0.0, 1.0)
        ys = []
        for level in (treated, control):
            rng = np.random.default_rng(stable_seed(self.name, seed))
            ys.append(self._run(units, rng, do=level)[self.outcome].astype(float))
        return float(np.mean(ys[0] - ys[1]))

    @property
    def true_ate(self) -> float:
        return self.exact_ate if self.exact_ate is not None else _mc_truth(self.name)


def stable_seed(*parts) -> int:
    text = "/".join(str(p) for p in parts)
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")


def split_of(name: str) -> str:
    """'aside' for one third of the names (a stable hash, independent of the family)."""
    return "aside" if stable_seed("aside", name) % 3 == 0 else "dev"


@cache
def _mc_truth(name: str) -> float:
    return by_name(name).monte_carlo_ate()


def by_name(name: str) -> Scenario:
    """A written scenario by its name, or a drawn one (`random_dev_007`)."""
    if name in BY_NAME:
        return BY_NAME[name]
    from random_scenarios import by_name as random_by_name

    return random_by_name(name)


# building blocks ------------------------------------------------------------------------------


def nz(r: np.random.Generator, n: int, sd: float = 1.0) -> np.ndarray:
    return r.normal(0.0, sd, n)


def sig(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def lap(r: np.random.Generator, n: int, sd: float = 1.0) -> np.ndarray:
    """Laplace noise (heavy tails) with standard deviation `sd`."""
    return r.laplace(0.0, sd / np.sqrt(2.0), n)


def uni(r: np.random.Generator, n: int, sd: float = 1.0) -> np.ndarray:
    """Uniform noise (light tails) with standard deviation `sd`."""
    return r.uniform(-np.sqrt(3.0) * sd, np.sqrt(3.0) * sd, n)


def skew(r: np.random.Generator, n: int, sd: float = 1.0) -> np.ndarray:
    """Centred exponential noise (right-skewed) with standard deviation `sd`."""
    return r.exponential(sd, n) - sd


def bern(r: np.random.Generator, p: np.ndarray) -> np.ndarray:
    return (r.random(len(p)) < p).astype(int)


def pick(r: np.random.Generator, n: int, levels: list[str], p: list[float]) -> np.ndarray:
    return r.choice(np.array(levels, dtype=object), n, p=p)


def lookup(x: np.ndarray, table: dict[str, float]) -> np.ndarray:
    return pd.Series(x).map(table).to_numpy(dtype=float)


BT, CT, CONF, MED, COLL, DESC, INSTR, OCAUSE, NOISE, Y = (
    "binary treatment",
    "continuous treatment",
    "confounder",
    "mediator",
    "collider",
    "descendant of outcome",
    "instrument",
    "outcome-only cause",
    "unrelated",
    "outcome",
)


def S(name, family, domain, t, y, eqs, adjust, roles, **kw) -> Scenario:
    return Scenario(name, family, domain, t, y, tuple(eqs), tuple(adjust), roles, **kw)


# the scenarios -------------------------------------------------------------------------------
# One scenario per block and one equation per line, to be read as a table.
# fmt: off


def _scenarios() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append

    # binary treatment, linear confounders
    add(S("statin_ldl", "binary, linear confounders", "health", "statin", "ldl_mg_dl", [
        ("age", lambda v, r, n: 55 + nz(r, n, 10)),
        ("bmi", lambda v, r, n: 27 + 0.1 * (v["age"] - 55) + nz(r, n, 4)),
        ("statin", lambda v, r, n: bern(r, sig(-0.5 + 0.08 * (v["age"] - 55) + 0.15 * (v["bmi"] - 27)))),
        ("ldl_mg_dl", lambda v, r, n: 140 - 25 * v["statin"] + 0.8 * (v["age"] - 55) + 1.5 * (v["bmi"] - 27) + nz(r, n, 15)),
    ], ["age", "bmi"], {"age": CONF, "bmi": CONF, "statin": BT, "ldl_mg_dl": Y}, exact_ate=-25.0))
    add(S("loyalty_basket", "binary, linear confounders", "retail", "loyalty_member", "basket_value", [
        ("tenure_months", lambda v, r, n: r.gamma(2.0, 12.0, n)),
        ("household_income_k", lambda v, r, n: 55 + 0.3 * v["tenure_months"] + nz(r, n, 15)),
        ("loyalty_member", lambda v, r, n: bern(r, sig(-1.5 + 0.04 * v["tenure_months"] + 0.02 * (v["household_income_k"] - 60)))),
        ("basket_value", lambda v, r, n: 30 + 8 * v["loyalty_member"] + 0.25 * v["tenure_months"] + 0.3 * v["household_income_k"] + nz(r, n, 10)),
    ], ["tenure_months", "household_income_k"], {"tenure_months": CONF, "household_income_k": CONF, "loyalty_member": BT, "basket_value": Y}, exact_ate=8.0))

    # continuous treatment, linear confounders
    add(S("ad_spend_sales", "continuous, linear confounders", "marketing", "ad_spend_k", "weekly_sales_k", [
        ("market_size", lambda v, r, n: nz(r, n, 1)),
        ("competitor_price", lambda v, r, n: 10 + nz(r, n, 1.5)),
        ("ad_spend_k", lambda v, r, n: 5 + 1.5 * v["market_size"] - 0.5 * (v["competitor_price"] - 10) + nz(r, n, 1)),
        ("weekly_sales_k", lambda v, r, n: 20 + 1.8 * v["ad_spend_k"] + 4 * v["market_size"] + 1.2 * (v["competitor_price"] - 10) + nz(r, n, 3)),
    ], ["market_size", "competitor_price"], {"market_size": CONF, "competitor_price": CONF, "ad_spend_k": CT, "weekly_sales_k": Y}, exact_ate=1.8))
    add(S("tutoring_score", "continuous, linear confounders", "education", "tutoring_hours", "exam_score", [
        ("prior_gpa", lambda v, r, n: 3.0 + nz(r, n, 0.4)),
        ("parent_schooling_years", lambda v, r, n: 13 + 2 * (v["prior_gpa"] - 3) + nz(r, n, 2)),
        ("tutoring_hours", lambda v, r, n: 10 - 4 * (v["prior_gpa"] - 3) + 0.5 * (v["parent_schooling_years"] - 13) + nz(r, n, 3)),
        ("exam_score", lambda v, r, n: 60 + 1.2 * v["tutoring_hours"] + 15 * (v["prior_gpa"] - 3) + 0.8 * (v["parent_schooling_years"] - 13) + nz(r, n, 6)),
    ], ["prior_gpa", "parent_schooling_years"], {"prior_gpa": CONF, "parent_schooling_years": CONF, "tutoring_hours": CT, "exam_score": Y}, exact_ate=1.2))

    # nonlinear confounding
    add(S("wellness_age_income", "binary, nonlinear confounders", "HR", "wellness_program", "wellbeing_index", [
        ("age", lambda v, r, n: r.uniform(22, 65, n)),
        ("income_k", lambda v, r, n: 40 + 0.6 * (v["age"] - 22) + nz(r, n, 12)),
        ("wellness_program", lambda v, r, n: bern(r, sig(-3 + 0.004 * (v["age"] - 22) ** 2 + 0.03 * (v["income_k"] - 40)))),
        ("wellbeing_index", lambda v, r, n: 50 + 2.5 * v["wellness_program"] + 0.006 * (v["age"] - 22) ** 2 + 0.08 * v["income_k"] + nz(r, n, 2)),
    ], ["age", "income_k"], {"age": CONF, "income_k": CONF, "wellness_program": BT, "wellbeing_index": Y}, exact_ate=2.5))
    add(S("nominated_raise", "binary, nonlinear confounders", "HR", "leadership_course", "salary_raise_pct", [
        ("years_experience", lambda v, r, n: r.gamma(2.0, 4.0, n)),
        ("performance_rating", lambda v, r, n: 3 + nz(r, n, 0.8)),
        ("leadership_course", lambda v, r, n: bern(r, sig(-1 + 1.2 * (v["performance_rating"] > 3.5) + 0.08 * v["years_experience"] - 0.004 * v["years_experience"] ** 2))),
        ("salary_raise_pct", lambda v, r, n: 2 + 1.0 * v["leadership_course"] + 1.5 * (v["performance_rating"] - 3) ** 2 + 0.6 * np.sqrt(v["years_experience"]) + nz(r, n, 0.8)),
    ], ["years_experience", "performance_rating"], {"years_experience": CONF, "performance_rating": CONF, "leadership_course": BT, "salary_raise_pct": Y}, exact_ate=1.0))
    add(S("fertilizer_yield", "continuous, nonlinear confounders", "agriculture", "fertilizer_kg_ha", "yield_t_ha", [
        ("soil_quality", lambda v, r, n: nz(r, n, 1)),
        ("rainfall_mm", lambda v, r, n: 600 + 100 * nz(r, n, 1)),
        ("fertilizer_kg_ha", lambda v, r, n: 100 + 20 * v["soil_quality"] ** 2 + 0.05 * (v["rainfall_mm"] - 600) + nz(r, n, 15)),
        ("yield_t_ha", lambda v, r, n: 3 + 0.01 * v["fertilizer_kg_ha"] + 0.4 * v["soil_quality"] ** 2 - 0.00003 * (v["rainfall_mm"] - 650) ** 2 + nz(r, n, 0.3)),
    ], ["soil_quality", "rainfall_mm"], {"soil_quality": CONF, "rainfall_mm": CONF, "fertilizer_kg_ha": CT, "yield_t_ha": Y}, exact_ate=0.01))

    # a mediator (the total effect is the target)
    add(S("reminder_bp", "mediator", "health", "sms_reminder", "systolic_bp", [
        ("age", lambda v, r, n: 60 + nz(r, n, 8)),
        ("sms_reminder", lambda v, r, n: bern(r, sig(0.06 * (v["age"] - 60)))),
        ("pills_taken_pct", lambda v, r, n: 70 + 12 * v["sms_reminder"] - 0.3 * (v["age"] - 60) + nz(r, n, 8)),
        ("systolic_bp", lambda v, r, n: 150 - 0.4 * v["pills_taken_pct"] - 2 * v["sms_reminder"] + 0.5 * (v["age"] - 60) + nz(r, n, 6)),
    ], ["age"], {"age": CONF, "sms_reminder": BT, "pills_taken_pct": MED, "systolic_bp": Y}, exact_ate=-0.4 * 12 - 2))
    add(S("discount_visits_revenue", "mediator", "retail", "discount_pct", "monthly_revenue", [
        ("customer_age", lambda v, r, n: 40 + nz(r, n, 12)),
        ("discount_pct", lambda v, r, n: 10 - 0.1 * (v["customer_age"] - 40) + nz(r, n, 3)),
        ("store_visits", lambda v, r, n: 4 + 0.3 * v["discount_pct"] + 0.05 * (v["customer_age"] - 40) + nz(r, n, 1)),
        ("monthly_revenue", lambda v, r, n: 100 + 12 * v["store_visits"] - 1.0 * v["discount_pct"] + 0.8 * (v["customer_age"] - 40) + nz(r, n, 12)),
    ], ["customer_age"], {"customer_age": CONF, "discount_pct": CT, "store_visits": MED, "monthly_revenue": Y}, exact_ate=12 * 0.3 - 1.0))

    # a collider of treatment and outcome
    add(S("mentoring_referrals", "collider", "HR", "mentoring", "job_satisfaction", [
        ("team_size", lambda v, r, n: 8 + nz(r, n, 3)),
        ("mentoring", lambda v, r, n: bern(r, sig(-0.2 * (v["team_size"] - 8)))),
        ("job_satisfaction", lambda v, r, n: 6 + 0.8 * v["mentoring"] - 0.15 * (v["team_size"] - 8) + nz(r, n, 1)),
        ("internal_referrals", lambda v, r, n: 2 + 1.5 * v["mentoring"] + 1.2 * v["job_satisfaction"] + nz(r, n, 1)),
    ], ["team_size"], {"team_size": CONF, "mentoring": BT, "job_satisfaction": Y, "internal_referrals": COLL}, exact_ate=0.8))
    add(S("homework_scholarship", "collider", "education", "homework_hours", "test_score", [
        ("family_income_k", lambda v, r, n: 60 + nz(r, n, 20)),
        ("homework_hours", lambda v, r, n: 6 + 0.04 * (v["family_income_k"] - 60) + nz(r, n, 2)),
        ("test_score", lambda v, r, n: 50 + 2.0 * v["homework_hours"] + 0.15 * (v["family_income_k"] - 60) + nz(r, n, 8)),
        ("scholarship_points", lambda v, r, n: 0.5 * v["homework_hours"] + 0.1 * v["test_score"] + nz(r, n, 1)),
    ], ["family_income_k"], {"family_income_k": CONF, "homework_hours": CT, "test_score": Y, "scholarship_points": COLL}, exact_ate=2.0))

    # a child of the outcome
    add(S("exercise_weight", "child of outcome", "health", "exercise_min_week", "weight_loss_kg", [
        ("age", lambda v, r, n: 45 + nz(r, n, 12)),
        ("exercise_min_week", lambda v, r, n: 150 - 1.5 * (v["age"] - 45) + nz(r, n, 40)),
        ("weight_loss_kg", lambda v, r, n: 0.02 * v["exercise_min_week"] - 0.05 * (v["age"] - 45) + nz(r, n, 1.5)),
        ("clothing_size_change", lambda v, r, n: 0.6 * v["weight_loss_kg"] + nz(r, n, 0.5)),
    ], ["age"], {"age": CONF, "exercise_min_week": CT, "weight_loss_kg": Y, "clothing_size_change": DESC}, exact_ate=0.02))
    add(S("shipping_orders", "child of outcome", "retail", "free_shipping", "orders_per_week", [
        ("town_population_k", lambda v, r, n: r.lognormal(3.5, 0.6, n)),
        ("free_shipping", lambda v, r, n: bern(r, sig(-1 + 0.02 * v["town_population_k"]))),
        ("orders_per_week", lambda v, r, n: 40 + 6 * v["free_shipping"] + 0.3 * v["town_population_k"] + nz(r, n, 5)),
        ("warehouse_hours", lambda v, r, n: 10 + 0.5 * v["orders_per_week"] + nz(r, n, 2)),
    ], ["town_population_k"], {"town_population_k": CONF, "free_shipping": BT, "orders_per_week": Y, "warehouse_hours": DESC}, exact_ate=6.0))

    # an instrument (every confounder observed, so the effect is identified by adjustment)
    add(S("college_distance", "instrument", "education", "attended_college", "earnings_k", [
        ("campus_distance_km", lambda v, r, n: r.exponential(30, n)),
        ("ability_test", lambda v, r, n: 100 + nz(r, n, 15)),
        ("attended_college", lambda v, r, n: bern(r, sig(0.5 - 0.03 * v["campus_distance_km"] + 0.06 * (v["ability_test"] - 100)))),
        ("earnings_k", lambda v, r, n: 35 + 9 * v["attended_college"] + 0.3 * (v["ability_test"] - 100) + nz(r, n, 8)),
    ], ["ability_test"], {"campus_distance_km": INSTR, "ability_test": CONF, "attended_college": BT, "earnings_k": Y}, exact_ate=9.0))
    add(S("fuel_delivery_fee", "instrument", "retail", "delivery_fee", "order_count", [
        ("fuel_cost_index", lambda v, r, n: 100 + nz(r, n, 10)),
        ("city_density", lambda v, r, n: nz(r, n, 1)),
        ("delivery_fee", lambda v, r, n: 4 + 0.05 * (v["fuel_cost_index"] - 100) - 0.8 * v["city_density"] + nz(r, n, 0.7)),
        ("order_count", lambda v, r, n: 200 - 9 * v["delivery_fee"] + 25 * v["city_density"] + nz(r, n, 12)),
    ], ["city_density"], {"fuel_cost_index": INSTR, "city_density": CONF, "delivery_fee": CT, "order_count": Y}, exact_ate=-9.0))

    # a categorical confounder with string levels
    regions = ["north", "south", "east", "west"]
    add(S("region_promo_email", "categorical confounder", "retail", "promo_email", "spend_next_month", [
        ("region", lambda v, r, n: pick(r, n, regions, [0.4, 0.3, 0.2, 0.1])),
        ("account_age_years", lambda v, r, n: r.gamma(2.0, 2.0, n)),
        ("promo_email", lambda v, r, n: bern(r, sig(lookup(v["region"], {"north": 1.2, "south": -0.8, "east": 0.3, "west": -1.5}) + 0.1 * v["account_age_years"]))),
        ("spend_next_month", lambda v, r, n: 80 + 7 * v["promo_email"] + lookup(v["region"], {"north": 25, "south": -10, "east": 5, "west": -20}) + 2 * v["account_age_years"] + nz(r, n, 12)),
    ], ["region", "account_age_years"], {"region": CONF, "account_age_years": CONF, "promo_email": BT, "spend_next_month": Y}, exact_ate=7.0))
    plans = ["basic", "silver", "gold", "platinum"]
    add(S("insurance_telehealth", "categorical confounder", "health", "telehealth_user", "er_visits_per_year", [
        ("insurance_plan", lambda v, r, n: pick(r, n, plans, [0.35, 0.3, 0.25, 0.1])),
        ("age", lambda v, r, n: 50 + nz(r, n, 14)),
        ("telehealth_user", lambda v, r, n: bern(r, sig(lookup(v["insurance_plan"], {"basic": -1.2, "silver": -0.2, "gold": 0.6, "platinum": 1.4}) - 0.03 * (v["age"] - 50)))),
        ("er_visits_per_year", lambda v, r, n: 1.5 - 0.4 * v["telehealth_user"] + lookup(v["insurance_plan"], {"basic": 0.9, "silver": 0.4, "gold": 0.0, "platinum": -0.3}) + 0.02 * (v["age"] - 50) + nz(r, n, 0.6)),
    ], ["insurance_plan", "age"], {"insurance_plan": CONF, "age": CONF, "telehealth_user": BT, "er_visits_per_year": Y}, exact_ate=-0.4))

    # binary outcome: the truth is a risk difference
    add(S("care_program_readmission", "binary outcome", "health", "care_program", "readmitted_30d", [
        ("age", lambda v, r, n: 68 + nz(r, n, 10)),
        ("comorbidities", lambda v, r, n: r.poisson(np.clip(1 + 0.05 * (v["age"] - 68), 0.1, None))),
        ("care_program", lambda v, r, n: bern(r, sig(-0.5 + 0.5 * v["comorbidities"] - 0.02 * (v["age"] - 68)))),
        ("readmitted_30d", lambda v, r, n: bern(r, sig(-1.6 - 0.7 * v["care_program"] + 0.4 * v["comorbidities"] + 0.03 * (v["age"] - 68)))),
    ], ["age", "comorbidities"], {"age": CONF, "comorbidities": CONF, "care_program": BT, "readmitted_30d": Y}, n=1000))
    add(S("support_call_churn", "binary outcome", "telecom", "proactive_call", "churned", [
        ("monthly_bill", lambda v, r, n: 60 + nz(r, n, 15)),
        ("contract_months", lambda v, r, n: r.integers(1, 37, n).astype(float)),
        ("proactive_call", lambda v, r, n: bern(r, np.clip(0.2 + 0.006 * (v["monthly_bill"] - 60) + 0.01 * v["contract_months"], 0.05, 0.95))),
        ("churned", lambda v, r, n: bern(r, np.clip(0.3 - 0.08 * v["proactive_call"] + 0.004 * (v["monthly_bill"] - 60) - 0.004 * v["contract_months"], 0.01, 0.99))),
    ], ["monthly_bill", "contract_months"], {"monthly_bill": CONF, "contract_months": CONF, "proactive_call": BT, "churned": Y}, n=1000))
    add(S("scholarship_graduation", "binary outcome", "education", "scholarship", "graduated", [
        ("hs_gpa", lambda v, r, n: 3.1 + nz(r, n, 0.45)),
        ("first_generation", lambda v, r, n: bern(r, np.full(n, 0.35))),
        ("scholarship", lambda v, r, n: bern(r, sig(-0.8 + 2.0 * (v["hs_gpa"] - 3.1) + 0.6 * v["first_generation"]))),
        ("graduated", lambda v, r, n: bern(r, sig(0.4 + 0.6 * v["scholarship"] + 1.8 * (v["hs_gpa"] - 3.1) - 0.7 * v["first_generation"]))),
    ], ["hs_gpa", "first_generation"], {"hs_gpa": CONF, "first_generation": CONF, "scholarship": BT, "graduated": Y}, n=1000))

    # many columns at n = 300
    add(_wide_hospital())
    add(_wide_store())
    add(_wide_school())

    # outcome-only causes
    add(S("loyalty_points_sales", "outcome-only causes", "retail", "loyalty_points_k", "annual_spend_k", [
        ("customer_age", lambda v, r, n: 42 + nz(r, n, 12)),
        ("store_size_m2", lambda v, r, n: 800 + nz(r, n, 200)),
        ("foot_traffic_k", lambda v, r, n: 20 + nz(r, n, 5)),
        ("season_index", lambda v, r, n: nz(r, n, 1)),
        ("loyalty_points_k", lambda v, r, n: 5 + 0.08 * (v["customer_age"] - 42) + nz(r, n, 1.5)),
        ("annual_spend_k", lambda v, r, n: 3 + 0.5 * v["loyalty_points_k"] + 0.05 * (v["customer_age"] - 42) + 0.004 * (v["store_size_m2"] - 800) + 0.1 * (v["foot_traffic_k"] - 20) + 0.8 * v["season_index"] + nz(r, n, 0.8)),
    ], ["customer_age"], {"customer_age": CONF, "store_size_m2": OCAUSE, "foot_traffic_k": OCAUSE, "season_index": OCAUSE, "loyalty_points_k": CT, "annual_spend_k": Y}, exact_ate=0.5))
    add(S("physio_recovery", "outcome-only causes", "health", "physiotherapy", "recovery_days", [
        ("injury_severity", lambda v, r, n: nz(r, n, 1)),
        ("sleep_hours", lambda v, r, n: 7 + nz(r, n, 1)),
        ("protein_g_day", lambda v, r, n: 80 + nz(r, n, 20)),
        ("physiotherapy", lambda v, r, n: bern(r, sig(0.9 * v["injury_severity"]))),
        ("recovery_days", lambda v, r, n: 30 - 5 * v["physiotherapy"] + 6 * v["injury_severity"] - 2.5 * (v["sleep_hours"] - 7) - 0.12 * (v["protein_g_day"] - 80) + nz(r, n, 3)),
    ], ["injury_severity"], {"injury_severity": CONF, "sleep_hours": OCAUSE, "protein_g_day": OCAUSE, "physiotherapy": BT, "recovery_days": Y}, exact_ate=-5.0))

    # unrelated columns
    badge = ["blue", "green", "red"]
    add(S("flexible_schedule_absence", "unrelated columns", "HR", "flexible_schedule", "absence_days", [
        ("commute_km", lambda v, r, n: r.gamma(2.0, 8.0, n)),
        ("desk_floor", lambda v, r, n: r.integers(1, 9, n)),
        ("badge_colour", lambda v, r, n: pick(r, n, badge, [0.5, 0.3, 0.2])),
        ("shoe_size", lambda v, r, n: 42 + nz(r, n, 2)),
        ("flexible_schedule", lambda v, r, n: bern(r, sig(-1 + 0.06 * v["commute_km"]))),
        ("absence_days", lambda v, r, n: 6 - 2 * v["flexible_schedule"] + 0.15 * v["commute_km"] + nz(r, n, 2)),
    ], ["commute_km"], {"commute_km": CONF, "desk_floor": NOISE, "badge_colour": NOISE, "shoe_size": NOISE, "flexible_schedule": BT, "absence_days": Y}, exact_ate=-2.0))
    add(S("class_size_reading", "unrelated columns", "education", "class_size", "reading_score", [
        ("school_funding_k", lambda v, r, n: 500 + nz(r, n, 100)),
        ("birth_month", lambda v, r, n: r.integers(1, 13, n)),
        ("bus_route_km", lambda v, r, n: r.gamma(3.0, 3.0, n)),
        ("locker_colour_code", lambda v, r, n: nz(r, n, 1)),
        ("class_size", lambda v, r, n: 28 - 0.02 * (v["school_funding_k"] - 500) + nz(r, n, 3)),
        ("reading_score", lambda v, r, n: 70 - 0.6 * v["class_size"] + 0.03 * (v["school_funding_k"] - 500) + nz(r, n, 5)),
    ], ["school_funding_k"], {"school_funding_k": CONF, "birth_month": NOISE, "bus_route_km": NOISE, "locker_colour_code": NOISE, "class_size": CT, "reading_score": Y}, exact_ate=-0.6))

    # weak and zero effects
    add(S("vitamin_d_fatigue", "weak effect", "health", "vitamin_d_supplement", "fatigue_score", [
        ("age", lambda v, r, n: 50 + nz(r, n, 15)),
        ("outdoor_hours_week", lambda v, r, n: 8 - 0.05 * (v["age"] - 50) + nz(r, n, 3)),
        ("vitamin_d_supplement", lambda v, r, n: bern(r, sig(0.04 * (v["age"] - 50) - 0.1 * (v["outdoor_hours_week"] - 8)))),
        ("fatigue_score", lambda v, r, n: 20 - 0.4 * v["vitamin_d_supplement"] + 0.1 * (v["age"] - 50) - 0.5 * (v["outdoor_hours_week"] - 8) + nz(r, n, 4)),
    ], ["age", "outdoor_hours_week"], {"age": CONF, "outdoor_hours_week": CONF, "vitamin_d_supplement": BT, "fatigue_score": Y}, exact_ate=-0.4))
    add(S("shelf_position_units", "weak effect", "retail", "eye_level_shelf_share", "units_sold", [
        ("brand_strength", lambda v, r, n: nz(r, n, 1)),
        ("eye_level_shelf_share", lambda v, r, n: 30 + 8 * v["brand_strength"] + nz(r, n, 8)),
        ("units_sold", lambda v, r, n: 120 + 0.15 * v["eye_level_shelf_share"] + 15 * v["brand_strength"] + nz(r, n, 15)),
    ], ["brand_strength"], {"brand_strength": CONF, "eye_level_shelf_share": CT, "units_sold": Y}, exact_ate=0.15))
    add(S("supplement_cholesterol", "zero effect", "health", "fish_oil", "cholesterol", [
        ("age", lambda v, r, n: 55 + nz(r, n, 10)),
        ("diet_score", lambda v, r, n: 5 + nz(r, n, 2)),
        ("fish_oil", lambda v, r, n: bern(r, sig(0.05 * (v["age"] - 55) + 0.4 * (v["diet_score"] - 5)))),
        ("cholesterol", lambda v, r, n: 200 + 0.9 * (v["age"] - 55) - 6 * (v["diet_score"] - 5) + nz(r, n, 20)),
    ], ["age", "diet_score"], {"age": CONF, "diet_score": CONF, "fish_oil": BT, "cholesterol": Y}, exact_ate=0.0))
    add(S("lunch_budget_productivity", "zero effect", "HR", "team_lunch_budget", "productivity_index", [
        ("department_headcount", lambda v, r, n: 30 + nz(r, n, 8)),
        ("team_lunch_budget", lambda v, r, n: 200 + 5 * (v["department_headcount"] - 30) + nz(r, n, 40)),
        ("productivity_index", lambda v, r, n: 100 - 0.6 * (v["department_headcount"] - 30) + nz(r, n, 6)),
    ], ["department_headcount"], {"department_headcount": CONF, "team_lunch_budget": CT, "productivity_index": Y}, exact_ate=0.0))

    # heteroskedastic noise
    add(S("job_training_earnings", "heteroskedastic noise", "economics", "job_training", "earnings_k", [
        ("years_schooling", lambda v, r, n: 12 + nz(r, n, 2)),
        ("prior_earnings_k", lambda v, r, n: np.maximum(0, 15 + 2 * (v["years_schooling"] - 12) + nz(r, n, 8))),
        ("job_training", lambda v, r, n: bern(r, sig(0.5 - 0.08 * v["prior_earnings_k"] + 0.1 * (v["years_schooling"] - 12)))),
        ("earnings_k", lambda v, r, n: 8 + 2.0 * v["job_training"] + 0.9 * v["prior_earnings_k"] + 0.5 * (v["years_schooling"] - 12) + nz(r, n, 1) * (1 + 0.25 * v["prior_earnings_k"] + 4 * v["job_training"])),
    ], ["years_schooling", "prior_earnings_k"], {"years_schooling": CONF, "prior_earnings_k": CONF, "job_training": BT, "earnings_k": Y}, exact_ate=2.0))
    add(S("price_cut_units", "heteroskedastic noise", "retail", "price_cut_pct", "units_sold", [
        ("store_size_k_m2", lambda v, r, n: r.lognormal(0.0, 0.5, n)),
        ("price_cut_pct", lambda v, r, n: 10 + 3 * v["store_size_k_m2"] + nz(r, n, 3)),
        ("units_sold", lambda v, r, n: 50 + 2.5 * v["price_cut_pct"] + 30 * v["store_size_k_m2"] + nz(r, n, 1) * 12 * v["store_size_k_m2"] ** 1.5),
    ], ["store_size_k_m2"], {"store_size_k_m2": CONF, "price_cut_pct": CT, "units_sold": Y}, exact_ate=2.5))

    # effect that varies with a confounder (the average is the target)
    add(S("online_course_gain", "heterogeneous effect", "education", "online_course", "score_gain", [
        ("prior_score_z", lambda v, r, n: nz(r, n, 1)),
        ("weekly_study_hours", lambda v, r, n: 10 + 2 * v["prior_score_z"] + nz(r, n, 3)),
        ("online_course", lambda v, r, n: bern(r, sig(0.8 * v["prior_score_z"] + 0.05 * (v["weekly_study_hours"] - 10)))),
        ("score_gain", lambda v, r, n: 5 + v["online_course"] * (3 + 2 * v["prior_score_z"]) + 2 * v["prior_score_z"] + 0.3 * v["weekly_study_hours"] + nz(r, n, 2)),
    ], ["prior_score_z", "weekly_study_hours"], {"prior_score_z": CONF, "weekly_study_hours": CONF, "online_course": BT, "score_gain": Y}, exact_ate=3.0))

    # the short names many users type
    add(S("letters_t_y", "short names", "generic", "t", "y", [
        ("x1", lambda v, r, n: nz(r, n, 1)),
        ("x2", lambda v, r, n: nz(r, n, 1)),
        ("x3", lambda v, r, n: nz(r, n, 1)),
        ("t", lambda v, r, n: bern(r, sig(0.8 * v["x1"] - 0.6 * v["x2"]))),
        ("y", lambda v, r, n: 0.5 * v["t"] + 0.7 * v["x1"] + 0.5 * v["x2"] + 0.6 * v["x3"] + nz(r, n, 1)),
    ], ["x1", "x2"], {"x1": CONF, "x2": CONF, "x3": OCAUSE, "t": BT, "y": Y}, exact_ate=0.5))

    # binary confounders
    add(S("beta_blocker_heart_rate", "binary confounders", "health", "beta_blocker", "resting_heart_rate", [
        ("smoker", lambda v, r, n: bern(r, np.full(n, 0.25))),
        ("male", lambda v, r, n: bern(r, np.full(n, 0.5))),
        ("diabetic", lambda v, r, n: bern(r, 0.08 + 0.1 * v["smoker"])),
        ("beta_blocker", lambda v, r, n: bern(r, 0.2 + 0.25 * v["smoker"] + 0.1 * v["male"] + 0.3 * v["diabetic"])),
        ("resting_heart_rate", lambda v, r, n: 72 - 8 * v["beta_blocker"] + 6 * v["smoker"] - 3 * v["male"] + 5 * v["diabetic"] + nz(r, n, 7)),
    ], ["smoker", "male", "diabetic"], {"smoker": CONF, "male": CONF, "diabetic": CONF, "beta_blocker": BT, "resting_heart_rate": Y}, exact_ate=-8.0))

    # a randomised experiment with pre-treatment covariates
    add(S("checkout_ab_test", "randomised", "retail", "new_checkout", "order_value", [
        ("past_orders", lambda v, r, n: r.poisson(4, n)),
        ("mobile_device", lambda v, r, n: bern(r, np.full(n, 0.6))),
        ("new_checkout", lambda v, r, n: bern(r, np.full(n, 0.5))),
        ("order_value", lambda v, r, n: 45 + 1.5 * v["new_checkout"] + 2 * v["past_orders"] - 6 * v["mobile_device"] + nz(r, n, 9)),
    ], [], {"past_orders": OCAUSE, "mobile_device": OCAUSE, "new_checkout": BT, "order_value": Y}, exact_ate=1.5))

    # several roles at once
    depts = ["sales", "engineering", "support"]
    add(S("training_performance_mixed", "mixed roles", "HR", "skills_training", "performance_score", [
        ("tenure_years", lambda v, r, n: r.gamma(2.0, 2.5, n)),
        ("department", lambda v, r, n: pick(r, n, depts, [0.4, 0.35, 0.25])),
        ("skills_training", lambda v, r, n: bern(r, sig(-0.5 + 0.15 * v["tenure_years"] + lookup(v["department"], {"sales": 0.8, "engineering": -0.3, "support": -0.8})))),
        ("certifications", lambda v, r, n: 1 + 1.5 * v["skills_training"] + 0.1 * v["tenure_years"] + nz(r, n, 0.7)),
        ("performance_score", lambda v, r, n: 60 + 2.0 * v["certifications"] + 1.5 * v["skills_training"] + 0.8 * v["tenure_years"] + lookup(v["department"], {"sales": 4, "engineering": 0, "support": -3}) + nz(r, n, 4)),
        ("peer_endorsements", lambda v, r, n: 3 * v["skills_training"] + 0.2 * v["performance_score"] + nz(r, n, 2)),
        ("annual_bonus_k", lambda v, r, n: 0.15 * v["performance_score"] + nz(r, n, 1)),
    ], ["tenure_years", "department"], {"tenure_years": CONF, "department": CONF, "skills_training": BT, "certifications": MED, "performance_score": Y, "peer_endorsements": COLL, "annual_bonus_k": DESC}, n=800, exact_ate=1.5 + 2.0 * 1.5))
    eyes = ["brown", "blue", "green", "grey"]
    add(S("dose_response_mixed", "mixed roles", "health", "dose_mg", "symptom_reduction", [
        ("weight_kg", lambda v, r, n: 75 + nz(r, n, 12)),
        ("age", lambda v, r, n: 50 + nz(r, n, 14)),
        ("pharmacy_distance_km", lambda v, r, n: r.exponential(5, n)),
        ("eye_colour", lambda v, r, n: pick(r, n, eyes, [0.45, 0.25, 0.15, 0.15])),
        ("dose_mg", lambda v, r, n: 50 + 0.5 * (v["weight_kg"] - 75) + 0.3 * (v["age"] - 50) - 1.0 * v["pharmacy_distance_km"] + nz(r, n, 8)),
        ("blood_level", lambda v, r, n: 0.1 * v["dose_mg"] - 0.05 * (v["weight_kg"] - 75) + nz(r, n, 0.8)),
        ("symptom_reduction", lambda v, r, n: 3 * v["blood_level"] - 0.1 * (v["age"] - 50) - 0.05 * (v["weight_kg"] - 75) + nz(r, n, 2)),
        ("follow_up_calls", lambda v, r, n: 5 - 0.3 * v["symptom_reduction"] + nz(r, n, 1)),
    ], ["weight_kg", "age"], {"weight_kg": CONF, "age": CONF, "pharmacy_distance_km": INSTR, "eye_colour": NOISE, "dose_mg": CT, "blood_level": MED, "symptom_reduction": Y, "follow_up_calls": DESC}, n=800, exact_ate=0.3))

    # count and skewed outcomes, non-Gaussian noise
    add(S("push_sessions_count", "count outcome", "marketing", "push_notifications", "app_sessions", [
        ("days_since_install", lambda v, r, n: r.exponential(60, n)),
        ("push_notifications", lambda v, r, n: bern(r, sig(0.5 - 0.015 * v["days_since_install"]))),
        ("app_sessions", lambda v, r, n: r.poisson(np.exp(1.5 + 0.3 * v["push_notifications"] - 0.006 * v["days_since_install"]))),
    ], ["days_since_install"], {"days_since_install": CONF, "push_notifications": BT, "app_sessions": Y}, n=800))
    add(S("flu_shot_sick_days", "count confounder", "health", "flu_shot", "sick_days", [
        ("prior_gp_visits", lambda v, r, n: r.poisson(3, n)),
        ("age", lambda v, r, n: 45 + nz(r, n, 15)),
        ("flu_shot", lambda v, r, n: bern(r, sig(-1.5 + 0.3 * v["prior_gp_visits"] + 0.03 * (v["age"] - 45)))),
        ("sick_days", lambda v, r, n: 4 - 1.5 * v["flu_shot"] + 0.6 * v["prior_gp_visits"] + 0.05 * (v["age"] - 45) + nz(r, n, 2)),
    ], ["prior_gp_visits", "age"], {"prior_gp_visits": CONF, "age": CONF, "flu_shot": BT, "sick_days": Y}, exact_ate=-1.5))
    add(S("skewed_noise_marketing", "non-Gaussian noise", "marketing", "coupon_value", "basket_size", [
        ("visit_frequency", lambda v, r, n: r.exponential(2, n)),
        ("coupon_value", lambda v, r, n: 2 + 0.8 * v["visit_frequency"] + r.exponential(1, n)),
        ("basket_size", lambda v, r, n: 10 + 1.3 * v["coupon_value"] + 2 * v["visit_frequency"] + r.exponential(3, n)),
    ], ["visit_frequency"], {"visit_frequency": CONF, "coupon_value": CT, "basket_size": Y}, exact_ate=1.3))
    add(S("uniform_noise_study", "non-Gaussian noise", "education", "study_group_hours", "final_grade", [
        ("motivation", lambda v, r, n: r.uniform(-2, 2, n)),
        ("sleep_quality", lambda v, r, n: r.uniform(-2, 2, n)),
        ("study_group_hours", lambda v, r, n: 4 + 1.2 * v["motivation"] - 0.4 * v["sleep_quality"] + r.uniform(-2, 2, n)),
        ("final_grade", lambda v, r, n: 70 + 0.9 * v["study_group_hours"] + 3 * v["motivation"] + 2 * v["sleep_quality"] + r.uniform(-4, 4, n)),
    ], ["motivation", "sleep_quality"], {"motivation": CONF, "sleep_quality": CONF, "study_group_hours": CT, "final_grade": Y}, exact_ate=0.9))

    # a pre-treatment collider (M-bias): adjusting for everything is wrong
    add(S("tutoring_m_bias", "M-bias", "education", "private_tutoring", "math_score", [
        ("_parent_ambition", lambda v, r, n: nz(r, n, 1)),
        ("_local_resources", lambda v, r, n: nz(r, n, 1)),
        ("neighbourhood_score", lambda v, r, n: v["_parent_ambition"] + v["_local_resources"] + nz(r, n, 0.5)),
        ("parent_income_k", lambda v, r, n: 50 + nz(r, n, 15)),
        ("private_tutoring", lambda v, r, n: bern(r, sig(1.2 * v["_parent_ambition"] + 0.04 * (v["parent_income_k"] - 50)))),
        ("math_score", lambda v, r, n: 60 + 4 * v["private_tutoring"] + 5 * v["_local_resources"] + 0.2 * (v["parent_income_k"] - 50) + nz(r, n, 5)),
    ], ["parent_income_k"], {"neighbourhood_score": "pre-treatment collider", "parent_income_k": CONF, "private_tutoring": BT, "math_score": Y}, exact_ate=4.0))

    # a descendant of the treatment that does not affect the outcome
    add(S("overtime_burnout", "other descendant of treatment", "HR", "overtime_hours", "burnout_score", [
        ("workload_index", lambda v, r, n: nz(r, n, 1)),
        ("overtime_hours", lambda v, r, n: 8 + 3 * v["workload_index"] + nz(r, n, 3)),
        ("overtime_pay_k", lambda v, r, n: 0.04 * v["overtime_hours"] + nz(r, n, 0.15)),
        ("burnout_score", lambda v, r, n: 30 + 0.8 * v["overtime_hours"] + 3 * v["workload_index"] + nz(r, n, 4)),
    ], ["workload_index"], {"workload_index": CONF, "overtime_hours": CT, "overtime_pay_k": "descendant of treatment", "burnout_score": Y}, exact_ate=0.8))

    # a yes/no text treatment
    add(S("remote_work_commits", "text treatment", "HR", "remote_work", "weekly_output", [
        ("commute_minutes", lambda v, r, n: r.gamma(3.0, 15.0, n)),
        ("has_children", lambda v, r, n: bern(r, np.full(n, 0.4))),
        ("remote_work", lambda v, r, n: np.where(bern(r, sig(-1.5 + 0.03 * v["commute_minutes"] + 0.7 * v["has_children"])) == 1, "yes", "no").astype(object)),
        ("weekly_output", lambda v, r, n: 40 + 3 * (v["remote_work"] == "yes") - 0.05 * v["commute_minutes"] - 2 * v["has_children"] + nz(r, n, 4)),
    ], ["commute_minutes", "has_children"], {"commute_minutes": CONF, "has_children": CONF, "remote_work": BT, "weekly_output": Y}, levels=("no", "yes"), exact_ate=3.0))

    # strong confounding, little overlap
    add(S("premium_plan_usage", "limited overlap", "telecom", "premium_plan", "data_usage_gb", [
        ("income_k", lambda v, r, n: 50 + nz(r, n, 18)),
        ("premium_plan", lambda v, r, n: bern(r, sig(-3 + 0.06 * v["income_k"]))),
        ("data_usage_gb", lambda v, r, n: 5 + 3 * v["premium_plan"] + 0.15 * v["income_k"] + nz(r, n, 2)),
    ], ["income_k"], {"income_k": CONF, "premium_plan": BT, "data_usage_gb": Y}, exact_ate=3.0))

    # a confounder that also drives an outcome-only path, larger n
    add(S("irrigation_yield_large", "continuous, linear confounders", "agriculture", "irrigation_mm", "harvest_kg", [
        ("farm_size_ha", lambda v, r, n: r.lognormal(2.0, 0.5, n)),
        ("soil_ph", lambda v, r, n: 6.5 + nz(r, n, 0.5)),
        ("sunshine_hours", lambda v, r, n: 1800 + nz(r, n, 150)),
        ("irrigation_mm", lambda v, r, n: 200 + 6 * v["farm_size_ha"] - 20 * (v["soil_ph"] - 6.5) + nz(r, n, 30)),
        ("harvest_kg", lambda v, r, n: 500 + 2.2 * v["irrigation_mm"] + 40 * v["farm_size_ha"] + 90 * (v["soil_ph"] - 6.5) + 0.5 * (v["sunshine_hours"] - 1800) + nz(r, n, 80)),
    ], ["farm_size_ha", "soil_ph"], {"farm_size_ha": CONF, "soil_ph": CONF, "sunshine_hours": OCAUSE, "irrigation_mm": CT, "harvest_kg": Y}, n=1500, exact_ate=2.2))

    # structures the first families lack: complete triangles, M-structures, non-Gaussian noise,
    # nonlinear links into a collider, a binary collider, many weak columns
    add(S("podcast_listens_triangle", "collider, complete triangle, Laplace noise", "media", "promo_budget_k", "weekly_listens_k", [
        ("host_popularity", lambda v, r, n: lap(r, n, 1)),
        ("promo_budget_k", lambda v, r, n: 10 + 1.2 * v["host_popularity"] + lap(r, n, 1.5)),
        ("weekly_listens_k", lambda v, r, n: 5 + 0.8 * v["promo_budget_k"] + 2.0 * v["host_popularity"] + lap(r, n, 1.5)),
        ("sponsor_offers", lambda v, r, n: 0.6 * v["promo_budget_k"] + 0.5 * v["weekly_listens_k"] + lap(r, n, 1.0)),
    ], ["host_popularity"], {"host_popularity": CONF, "promo_budget_k": CT, "weekly_listens_k": Y, "sponsor_offers": COLL}, n=800, exact_ate=0.8))
    add(S("festival_press_triangle", "collider, complete triangle, Gaussian noise", "tourism", "festival_ads_k", "visitor_count_k", [
        ("regional_temperature", lambda v, r, n: nz(r, n, 1)),
        ("festival_ads_k", lambda v, r, n: 20 + 2 * v["regional_temperature"] + nz(r, n, 2)),
        ("visitor_count_k", lambda v, r, n: 15 + 0.5 * v["festival_ads_k"] + 3 * v["regional_temperature"] + nz(r, n, 2)),
        ("press_mentions", lambda v, r, n: 0.3 * v["festival_ads_k"] + 0.4 * v["visitor_count_k"] + nz(r, n, 1.5)),
    ], ["regional_temperature"], {"regional_temperature": CONF, "festival_ads_k": CT, "visitor_count_k": Y, "press_mentions": COLL}, exact_ate=0.5))
    add(S("ferry_delay_complaints", "collider, no direct effect", "transport", "ferry_delayed", "onboard_spend_eur", [
        ("route_length_km", lambda v, r, n: r.gamma(3.0, 5.0, n)),
        ("wind_speed_kmh", lambda v, r, n: 15 + nz(r, n, 5)),
        ("ferry_delayed", lambda v, r, n: bern(r, sig(-2 + 0.08 * v["route_length_km"] + 0.1 * (v["wind_speed_kmh"] - 15)))),
        ("onboard_spend_eur", lambda v, r, n: 20 + 0.3 * v["route_length_km"] - 0.4 * (v["wind_speed_kmh"] - 15) + nz(r, n, 4)),
        ("complaints_filed", lambda v, r, n: 1.5 * v["ferry_delayed"] - 0.1 * (v["onboard_spend_eur"] - 20) + nz(r, n, 0.7)),
    ], ["route_length_km", "wind_speed_kmh"], {"route_length_km": CONF, "wind_speed_kmh": CONF, "ferry_delayed": BT, "onboard_spend_eur": Y, "complaints_filed": COLL}, exact_ate=0.0))
    add(S("uniform_sleep_app", "mediator, complete triangle, uniform noise", "health", "app_minutes_day", "daytime_alertness", [
        ("work_stress", lambda v, r, n: uni(r, n, 1)),
        ("app_minutes_day", lambda v, r, n: 20 + 4 * v["work_stress"] + uni(r, n, 5)),
        ("bedtime_regularity", lambda v, r, n: 0.5 * v["app_minutes_day"] + uni(r, n, 3)),
        ("daytime_alertness", lambda v, r, n: 50 + 0.4 * v["bedtime_regularity"] + 0.2 * v["app_minutes_day"] - 3 * v["work_stress"] + uni(r, n, 3)),
    ], ["work_stress"], {"work_stress": CONF, "app_minutes_day": CT, "bedtime_regularity": MED, "daytime_alertness": Y}, n=800, exact_ate=0.2 + 0.4 * 0.5))
    add(S("warehouse_robots_m_structure", "M-structure, parents observed", "logistics", "robot_hours", "parcels_per_hour", [
        ("automation_budget", lambda v, r, n: nz(r, n, 1)),
        ("staff_experience_years", lambda v, r, n: 8 + nz(r, n, 3)),
        ("safety_audit_score", lambda v, r, n: 50 + 5 * v["automation_budget"] + 1.5 * (v["staff_experience_years"] - 8) + nz(r, n, 3)),
        ("warehouse_size_k_m2", lambda v, r, n: 10 + nz(r, n, 3)),
        ("robot_hours", lambda v, r, n: 40 + 8 * v["automation_budget"] + 2 * (v["warehouse_size_k_m2"] - 10) + nz(r, n, 6)),
        ("parcels_per_hour", lambda v, r, n: 100 + 1.5 * v["robot_hours"] + 4 * (v["staff_experience_years"] - 8) + 3 * (v["warehouse_size_k_m2"] - 10) + nz(r, n, 10)),
    ], ["warehouse_size_k_m2"], {"automation_budget": INSTR, "staff_experience_years": OCAUSE, "safety_audit_score": "pre-treatment collider", "warehouse_size_k_m2": CONF, "robot_hours": CT, "parcels_per_hour": Y}, exact_ate=1.5))
    add(S("loan_branch_m_hidden", "M-structure, hidden parents", "finance", "loan_amount_k", "revenue_growth_pct", [
        ("_risk_appetite", lambda v, r, n: nz(r, n, 1)),
        ("_regional_growth", lambda v, r, n: nz(r, n, 1)),
        ("branch_rating", lambda v, r, n: v["_risk_appetite"] + v["_regional_growth"] + nz(r, n, 0.6)),
        ("firm_age_years", lambda v, r, n: r.gamma(2.0, 5.0, n)),
        ("loan_amount_k", lambda v, r, n: 100 + 25 * v["_risk_appetite"] + 3 * (v["firm_age_years"] - 10) + nz(r, n, 20)),
        ("revenue_growth_pct", lambda v, r, n: 2 + 0.03 * v["loan_amount_k"] + 2.5 * v["_regional_growth"] + 0.1 * (v["firm_age_years"] - 10) + nz(r, n, 2)),
    ], ["firm_age_years"], {"branch_rating": "pre-treatment collider", "firm_age_years": CONF, "loan_amount_k": CT, "revenue_growth_pct": Y}, exact_ate=0.03))
    add(S("courier_tip_tanh", "collider through a tanh link", "food delivery", "courier_speed_kmh", "customer_rating", [
        ("order_distance_km", lambda v, r, n: r.gamma(2.0, 2.0, n)),
        ("courier_speed_kmh", lambda v, r, n: 18 + 0.8 * (v["order_distance_km"] - 4) + nz(r, n, 3)),
        ("customer_rating", lambda v, r, n: 3 + 0.1 * (v["courier_speed_kmh"] - 18) - 0.1 * (v["order_distance_km"] - 4) + nz(r, n, 0.4)),
        ("tip_eur", lambda v, r, n: 2 + 1.5 * np.tanh((v["courier_speed_kmh"] - 18) / 3) + 2 * np.tanh(2 * (v["customer_rating"] - 3)) + nz(r, n, 0.3)),
    ], ["order_distance_km"], {"order_distance_km": CONF, "courier_speed_kmh": CT, "customer_rating": Y, "tip_eur": COLL}, n=800, exact_ate=0.1))
    add(S("ev_charger_square", "collider through a square link", "energy", "home_charger", "monthly_ev_km", [
        ("household_income_k", lambda v, r, n: 60 + nz(r, n, 15)),
        ("home_charger", lambda v, r, n: bern(r, sig(-1 + 0.05 * (v["household_income_k"] - 60)))),
        ("monthly_ev_km", lambda v, r, n: 800 + 300 * v["home_charger"] + 10 * (v["household_income_k"] - 60) + nz(r, n, 200)),
        ("grid_upgrade_requests", lambda v, r, n: 0.8 * v["home_charger"] + 0.6 * ((v["monthly_ev_km"] - 950) / 300) ** 2 + 0.5 * (v["monthly_ev_km"] - 950) / 300 + nz(r, n, 0.3)),
    ], ["household_income_k"], {"household_income_k": CONF, "home_charger": BT, "monthly_ev_km": Y, "grid_upgrade_requests": COLL}, n=800, exact_ate=300.0))
    add(S("bakery_sales_many_columns", "few strong confounders, many weak columns", "retail", "online_ordering", "daily_revenue_eur", [
        ("street_footfall_k", lambda v, r, n: 5 + nz(r, n, 1.5)),
        ("rent_eur_m2", lambda v, r, n: 30 + nz(r, n, 8)),
        ("oven_age_years", lambda v, r, n: r.integers(1, 15, n)),
        ("staff_birth_month", lambda v, r, n: r.integers(1, 13, n)),
        ("sign_colour_code", lambda v, r, n: nz(r, n, 1)),
        ("window_count", lambda v, r, n: r.poisson(4, n)),
        ("wifi_speed_mbps", lambda v, r, n: r.gamma(4.0, 20.0, n)),
        ("owner_height_cm", lambda v, r, n: 170 + nz(r, n, 8)),
        ("parking_spots", lambda v, r, n: r.poisson(6, n)),
        ("bus_stops_nearby", lambda v, r, n: r.poisson(2, n)),
        ("online_ordering", lambda v, r, n: bern(r, sig(-1 + 0.6 * (v["street_footfall_k"] - 5) + 0.08 * (v["rent_eur_m2"] - 30)))),
        ("daily_revenue_eur", lambda v, r, n: 800 + 120 * v["online_ordering"] + 90 * (v["street_footfall_k"] - 5) + 8 * (v["rent_eur_m2"] - 30) + 6 * (v["parking_spots"] - 6) + 10 * (v["bus_stops_nearby"] - 2) + nz(r, n, 80)),
    ], ["street_footfall_k", "rent_eur_m2"], {"street_footfall_k": CONF, "rent_eur_m2": CONF, "oven_age_years": NOISE, "staff_birth_month": NOISE, "sign_colour_code": NOISE, "window_count": NOISE, "wifi_speed_mbps": NOISE, "owner_height_cm": NOISE, "parking_spots": OCAUSE, "bus_stops_nearby": OCAUSE, "online_ordering": BT, "daily_revenue_eur": Y}, n=500, exact_ate=120.0))
    add(S("onboarding_review_binary", "binary collider", "software", "onboarding_minutes", "retention_days", [
        ("company_size_log", lambda v, r, n: nz(r, n, 1)),
        ("onboarding_minutes", lambda v, r, n: 60 + 10 * v["company_size_log"] + nz(r, n, 15)),
        ("retention_days", lambda v, r, n: 100 + 0.8 * v["onboarding_minutes"] + 15 * v["company_size_log"] + nz(r, n, 20)),
        ("left_review", lambda v, r, n: bern(r, sig(-1 + 0.05 * (v["onboarding_minutes"] - 60) + 0.04 * (v["retention_days"] - 148)))),
    ], ["company_size_log"], {"company_size_log": CONF, "onboarding_minutes": CT, "retention_days": Y, "left_review": COLL}, n=800, exact_ate=0.8))
    add(S("skewed_freight_fuel", "non-Gaussian noise, confounders only", "logistics", "truck_speed_kmh", "fuel_litres_100km", [
        ("cargo_weight_t", lambda v, r, n: 10 + skew(r, n, 3)),
        ("route_hilliness", lambda v, r, n: skew(r, n, 1)),
        ("truck_speed_kmh", lambda v, r, n: 70 - 0.8 * (v["cargo_weight_t"] - 10) - 4 * v["route_hilliness"] + skew(r, n, 5)),
        ("fuel_litres_100km", lambda v, r, n: 25 + 0.15 * v["truck_speed_kmh"] + 0.9 * (v["cargo_weight_t"] - 10) + 3 * v["route_hilliness"] + skew(r, n, 2)),
    ], ["cargo_weight_t", "route_hilliness"], {"cargo_weight_t": CONF, "route_hilliness": CONF, "truck_speed_kmh": CT, "fuel_litres_100km": Y}, exact_ate=0.15))
    add(S("laplace_irrigation_pumps", "collider, complete triangle, Laplace noise, binary treatment", "agriculture", "drip_irrigation", "water_saved_m3", [
        ("field_slope_pct", lambda v, r, n: 5 + lap(r, n, 3)),
        ("drip_irrigation", lambda v, r, n: bern(r, sig(0.3 * (v["field_slope_pct"] - 5)))),
        ("water_saved_m3", lambda v, r, n: 50 + 20 * v["drip_irrigation"] + 4 * (v["field_slope_pct"] - 5) + lap(r, n, 10)),
        ("subsidy_claims", lambda v, r, n: 1.0 * v["drip_irrigation"] + 0.05 * (v["water_saved_m3"] - 60) + lap(r, n, 0.6)),
    ], ["field_slope_pct"], {"field_slope_pct": CONF, "drip_irrigation": BT, "water_saved_m3": Y, "subsidy_claims": COLL}, n=800, exact_ate=20.0))
    return out


def _wide_hospital() -> Scenario:
    """14 columns at n = 300: four confounders, three outcome causes, two instruments, noise."""
    eqs = [
        ("age", lambda v, r, n: nz(r, n, 1)),
        ("bmi", lambda v, r, n: 0.3 * v["age"] + nz(r, n, 1)),
        ("creatinine", lambda v, r, n: nz(r, n, 1)),
        ("frailty_index", lambda v, r, n: 0.4 * v["age"] + nz(r, n, 1)),
        ("ward_distance_m", lambda v, r, n: nz(r, n, 1)),
        ("pharmacist_on_duty", lambda v, r, n: nz(r, n, 1)),
        ("sodium", lambda v, r, n: nz(r, n, 1)),
        ("haemoglobin", lambda v, r, n: nz(r, n, 1)),
        ("heart_rate", lambda v, r, n: nz(r, n, 1)),
        ("room_number", lambda v, r, n: nz(r, n, 1)),
        ("visitor_count", lambda v, r, n: nz(r, n, 1)),
        ("admission_weekday", lambda v, r, n: nz(r, n, 1)),
        ("iv_fluids_litres", lambda v, r, n: 0.5 * v["age"] + 0.4 * v["bmi"] - 0.4 * v["creatinine"] + 0.4 * v["frailty_index"] + 0.5 * v["ward_distance_m"] + 0.5 * v["pharmacist_on_duty"] + nz(r, n, 1)),
        ("length_of_stay", lambda v, r, n: 0.4 * v["iv_fluids_litres"] + 0.5 * v["age"] + 0.4 * v["bmi"] + 0.5 * v["creatinine"] + 0.4 * v["frailty_index"] + 0.5 * v["sodium"] + 0.5 * v["haemoglobin"] + 0.5 * v["heart_rate"] + nz(r, n, 1)),
    ]
    roles = {c: CONF for c in ("age", "bmi", "creatinine", "frailty_index")}
    roles |= {"ward_distance_m": INSTR, "pharmacist_on_duty": INSTR}
    roles |= {c: OCAUSE for c in ("sodium", "haemoglobin", "heart_rate")}
    roles |= {c: NOISE for c in ("room_number", "visitor_count", "admission_weekday")}
    roles |= {"iv_fluids_litres": CT, "length_of_stay": Y}
    return S("hospital_stay_wide", "many columns, n=300", "health", "iv_fluids_litres", "length_of_stay", eqs, ["age", "bmi", "creatinine", "frailty_index"], roles, n=300, exact_ate=0.4)


def _wide_store() -> Scenario:
    """16 columns at n = 300, binary treatment, with a mediator and a child of the outcome."""
    eqs = [
        ("store_age_years", lambda v, r, n: r.gamma(3.0, 3.0, n)),
        ("city_income_k", lambda v, r, n: 50 + nz(r, n, 10)),
        ("competitors_nearby", lambda v, r, n: r.poisson(3, n)),
        ("floor_area_k_m2", lambda v, r, n: 2 + 0.02 * (v["city_income_k"] - 50) + nz(r, n, 0.5)),
        ("parking_spaces", lambda v, r, n: 100 + nz(r, n, 25)),
        ("staff_turnover_pct", lambda v, r, n: 20 + nz(r, n, 5)),
        ("manager_tenure_years", lambda v, r, n: r.gamma(2.0, 2.0, n)),
        ("region_code_digit", lambda v, r, n: nz(r, n, 1)),
        ("paint_colour_score", lambda v, r, n: nz(r, n, 1)),
        ("loyalty_app_launch", lambda v, r, n: bern(r, sig(-1 + 0.08 * v["store_age_years"] + 0.05 * (v["city_income_k"] - 50) - 0.2 * (v["competitors_nearby"] - 3) + 0.6 * (v["floor_area_k_m2"] - 2)))),
        ("app_downloads_k", lambda v, r, n: 1 + 2 * v["loyalty_app_launch"] + 0.03 * (v["city_income_k"] - 50) + nz(r, n, 0.5)),
        ("monthly_sales_k", lambda v, r, n: 100 + 3 * v["loyalty_app_launch"] + 1.0 * v["app_downloads_k"] + 0.8 * v["store_age_years"] + 0.4 * (v["city_income_k"] - 50) - 2 * (v["competitors_nearby"] - 3) + 5 * (v["floor_area_k_m2"] - 2) + 0.05 * (v["parking_spaces"] - 100) - 0.3 * (v["staff_turnover_pct"] - 20) + nz(r, n, 4)),
        ("restock_orders", lambda v, r, n: 0.2 * v["monthly_sales_k"] + nz(r, n, 2)),
        ("card_payment_share", lambda v, r, n: nz(r, n, 1)),
        ("weekend_hours", lambda v, r, n: nz(r, n, 1)),
        ("window_displays", lambda v, r, n: nz(r, n, 1)),
    ]
    conf = ("store_age_years", "city_income_k", "competitors_nearby", "floor_area_k_m2")
    roles = {c: CONF for c in conf}
    roles |= {"parking_spaces": OCAUSE, "staff_turnover_pct": OCAUSE, "app_downloads_k": MED, "restock_orders": DESC}
    roles |= {c: NOISE for c in ("manager_tenure_years", "region_code_digit", "paint_colour_score", "card_payment_share", "weekend_hours", "window_displays")}
    roles |= {"loyalty_app_launch": BT, "monthly_sales_k": Y}
    return S("store_app_wide", "many columns, n=300", "retail", "loyalty_app_launch", "monthly_sales_k", eqs, list(conf), roles, n=300, exact_ate=3 + 2 * 1.0)


def _wide_school() -> Scenario:
    """15 columns at n = 300, continuous treatment, a collider and nonlinear confounding."""
    eqs = [
        ("prior_attainment", lambda v, r, n: nz(r, n, 1)),
        ("family_income_z", lambda v, r, n: 0.4 * v["prior_attainment"] + nz(r, n, 1)),
        ("special_needs", lambda v, r, n: bern(r, np.full(n, 0.15))),
        ("english_second_language", lambda v, r, n: bern(r, np.full(n, 0.2))),
        ("attendance_rate", lambda v, r, n: nz(r, n, 1)),
        ("sleep_hours", lambda v, r, n: nz(r, n, 1)),
        ("locker_number_z", lambda v, r, n: nz(r, n, 1)),
        ("birth_order", lambda v, r, n: r.integers(1, 5, n)),
        ("hair_length_cm", lambda v, r, n: nz(r, n, 1)),
        ("bus_minutes", lambda v, r, n: nz(r, n, 1)),
        ("lunch_choice_score", lambda v, r, n: nz(r, n, 1)),
        ("reading_program_hours", lambda v, r, n: 5 - 0.8 * v["prior_attainment"] - 0.3 * v["family_income_z"] ** 2 + 1.2 * v["special_needs"] + 0.8 * v["english_second_language"] + nz(r, n, 1)),
        ("reading_age_gain", lambda v, r, n: 0.3 * v["reading_program_hours"] + 0.8 * v["prior_attainment"] + 0.4 * v["family_income_z"] - 0.8 * v["special_needs"] - 0.6 * v["english_second_language"] + 0.5 * v["attendance_rate"] + 0.4 * v["sleep_hours"] + nz(r, n, 1)),
        ("teacher_praise_count", lambda v, r, n: 0.5 * v["reading_program_hours"] + 0.6 * v["reading_age_gain"] + nz(r, n, 1)),
        ("library_visits", lambda v, r, n: 0.6 * v["reading_age_gain"] + nz(r, n, 1)),
    ]
    conf = ("prior_attainment", "family_income_z", "special_needs", "english_second_language")
    roles = {c: CONF for c in conf}
    roles |= {"attendance_rate": OCAUSE, "sleep_hours": OCAUSE, "teacher_praise_count": COLL, "library_visits": DESC}
    roles |= {c: NOISE for c in ("locker_number_z", "birth_order", "hair_length_cm", "bus_minutes", "lunch_choice_score")}
    roles |= {"reading_program_hours": CT, "reading_age_gain": Y}
    return S("school_reading_wide", "many columns, n=300", "education", "reading_program_hours", "reading_age_gain", eqs, list(conf), roles, n=300, exact_ate=0.3)


# fmt: on


def heavy(r: np.random.Generator, n: int, sd: float = 1.0) -> np.ndarray:
    """Student-t noise with 3 degrees of freedom (heavy tails), scaled to standard deviation `sd`."""
    return r.standard_t(3, n) * sd / np.sqrt(3.0)


# Tables of the kinds users bring (mixed types, skewed and heavy-tailed columns, ordinal text,
# rare events, count mediators with a second cause), written at once in two groups: `dev` was
# scored before any change it prompted, `unseen` only afterwards.
# fmt: off
EDU = {"primary": 0, "secondary": 1, "bachelor": 2, "master": 3}
SEVERITY = {"mild": 0, "moderate": 1, "severe": 2}


def _user_tables_dev() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("diabetes_app_refills", "binary, count mediator with a second cause", "health", "coaching_app", "hba1c_pct", [
        ("age", lambda v, r, n: 58 + nz(r, n, 10)),
        ("years_diagnosed", lambda v, r, n: r.gamma(2.0, 4.0, n)),
        ("copay_usd", lambda v, r, n: r.gamma(2.0, 10.0, n)),
        ("coaching_app", lambda v, r, n: bern(r, sig(-0.5 + 0.05 * (v["age"] - 58) + 0.08 * (v["years_diagnosed"] - 8)))),
        ("refills_per_year", lambda v, r, n: r.poisson(np.exp(1.6 + 0.35 * v["coaching_app"] - 0.02 * (v["copay_usd"] - 20) + 0.02 * (v["years_diagnosed"] - 8)))),
        ("hba1c_pct", lambda v, r, n: 8 - 0.12 * v["refills_per_year"] - 0.2 * v["coaching_app"] + 0.02 * (v["age"] - 58) + 0.06 * (v["years_diagnosed"] - 8) + nz(r, n, 0.8)),
    ], ["age", "years_diagnosed"], {"age": CONF, "years_diagnosed": CONF, "copay_usd": OCAUSE, "coaching_app": BT, "refills_per_year": MED, "hba1c_pct": Y}, n=1500, group="dev"))
    add(S("wealth_lognormal_advisor", "binary, heavy-tailed confounder", "finance", "financial_advisor", "portfolio_return_pct", [
        ("net_worth_k", lambda v, r, n: r.lognormal(4.5, 1.0, n)),
        ("age", lambda v, r, n: 45 + nz(r, n, 12)),
        ("financial_advisor", lambda v, r, n: bern(r, sig(-0.5 + 0.9 * (np.log(v["net_worth_k"]) - 4.5) + 0.03 * (v["age"] - 45)))),
        ("portfolio_return_pct", lambda v, r, n: 4 + 1.2 * v["financial_advisor"] + 0.01 * (v["net_worth_k"] - 90) + 0.03 * (v["age"] - 45) + lap(r, n, 3)),
    ], ["net_worth_k", "age"], {"net_worth_k": CONF, "age": CONF, "financial_advisor": BT, "portfolio_return_pct": Y}, n=800, exact_ate=1.2, group="dev"))
    add(S("education_level_credit", "continuous, ordinal text confounder", "finance", "credit_limit_k", "monthly_savings", [
        ("education", lambda v, r, n: pick(r, n, list(EDU), [0.2, 0.4, 0.3, 0.1])),
        ("home_region", lambda v, r, n: pick(r, n, ["coast", "inland", "capital"], [0.3, 0.4, 0.3])),
        ("employment_years", lambda v, r, n: r.gamma(3.0, 3.0, n)),
        ("credit_limit_k", lambda v, r, n: 5 + 2 * lookup(v["education"], EDU) + 0.3 * v["employment_years"] + nz(r, n, 2)),
        ("monthly_savings", lambda v, r, n: 200 + 15 * v["credit_limit_k"] + 60 * lookup(v["education"], EDU) + 5 * v["employment_years"] + lookup(v["home_region"], {"coast": 20, "inland": -30, "capital": 40}) + nz(r, n, 80)),
    ], ["education", "employment_years"], {"education": CONF, "home_region": OCAUSE, "employment_years": CONF, "credit_limit_k": CT, "monthly_savings": Y}, n=1000, exact_ate=15.0, group="dev"))
    add(S("balance_class_falls", "binary outcome, rare event", "health", "balance_class", "hip_fracture", [
        ("age", lambda v, r, n: 75 + nz(r, n, 6)),
        ("prior_falls", lambda v, r, n: r.poisson(np.clip(0.3 + 0.05 * (v["age"] - 75), 0.05, None))),
        ("grip_strength_kg", lambda v, r, n: 28 - 0.3 * (v["age"] - 75) + nz(r, n, 5)),
        ("lives_alone", lambda v, r, n: bern(r, np.full(n, 0.35))),
        ("balance_class", lambda v, r, n: bern(r, sig(-1 + 0.6 * v["prior_falls"] + 0.05 * (v["age"] - 75) - 0.03 * (v["grip_strength_kg"] - 28)))),
        ("hip_fracture", lambda v, r, n: bern(r, sig(-3.6 - 0.6 * v["balance_class"] + 0.5 * v["prior_falls"] + 0.06 * (v["age"] - 75) - 0.05 * (v["grip_strength_kg"] - 28) + 0.3 * v["lives_alone"]))),
    ], ["age", "prior_falls", "grip_strength_kg"], {"age": CONF, "prior_falls": CONF, "grip_strength_kg": CONF, "lives_alone": OCAUSE, "balance_class": BT, "hip_fracture": Y}, n=5000, group="dev"))
    add(_mentoring_wide())
    add(S("heavy_tail_discount_units", "continuous, heavy-tailed confounder", "retail", "discount_depth_pct", "units_sold", [
        ("competitor_shock", lambda v, r, n: heavy(r, n, 1)),
        ("season_demand", lambda v, r, n: nz(r, n, 1)),
        ("discount_depth_pct", lambda v, r, n: 10 + 2 * v["competitor_shock"] + 1.5 * v["season_demand"] + nz(r, n, 2)),
        ("ad_impressions_k", lambda v, r, n: 3 + 0.5 * v["discount_depth_pct"] + nz(r, n, 1)),
        ("units_sold", lambda v, r, n: 100 + 3 * v["discount_depth_pct"] + 6 * v["competitor_shock"] + 5 * v["season_demand"] + lap(r, n, 6)),
    ], ["competitor_shock", "season_demand"], {"competitor_shock": CONF, "season_demand": CONF, "ad_impressions_k": "descendant of treatment", "discount_depth_pct": CT, "units_sold": Y}, exact_ate=3.0, group="dev"))
    add(S("clinic_followup_small", "mixed types, n=300", "health", "nurse_followup", "systolic_change", [
        ("smoker", lambda v, r, n: bern(r, np.full(n, 0.3))),
        ("insurance", lambda v, r, n: pick(r, n, ["public", "private", "none"], [0.5, 0.35, 0.15])),
        ("visits_last_year", lambda v, r, n: r.poisson(2, n)),
        ("bmi", lambda v, r, n: 27 + nz(r, n, 4)),
        ("shoe_size", lambda v, r, n: 41 + nz(r, n, 2)),
        ("blood_group", lambda v, r, n: pick(r, n, ["A", "B", "AB", "O"], [0.4, 0.1, 0.05, 0.45])),
        ("sleep_hours", lambda v, r, n: 7 + nz(r, n, 1)),
        ("nurse_followup", lambda v, r, n: bern(r, sig(-0.5 + 0.8 * v["smoker"] + lookup(v["insurance"], {"public": 0.0, "private": 0.7, "none": -1.0}) + 0.3 * (v["visits_last_year"] - 2)))),
        ("systolic_change", lambda v, r, n: -4 * v["nurse_followup"] + 3 * v["smoker"] + lookup(v["insurance"], {"public": 0.0, "private": -2.0, "none": 4.0}) + 1.2 * (v["visits_last_year"] - 2) + 0.4 * (v["bmi"] - 27) - 1.5 * (v["sleep_hours"] - 7) + nz(r, n, 5)),
    ], ["smoker", "insurance", "visits_last_year"], {"smoker": CONF, "insurance": CONF, "visits_last_year": CONF, "bmi": OCAUSE, "shoe_size": NOISE, "blood_group": NOISE, "sleep_hours": OCAUSE, "nurse_followup": BT, "systolic_change": Y}, n=300, exact_ate=-4.0, group="dev"))
    add(S("coaching_technique_race", "continuous, mediator with a second cause", "sport", "coaching_hours", "race_time_s", [
        ("athlete_age", lambda v, r, n: 25 + nz(r, n, 4)),
        ("home_gym_equipment", lambda v, r, n: nz(r, n, 1)),
        ("coaching_hours", lambda v, r, n: 10 - 0.3 * (v["athlete_age"] - 25) + nz(r, n, 3)),
        ("technique_score", lambda v, r, n: 50 + 1.5 * v["coaching_hours"] + 4 * v["home_gym_equipment"] + nz(r, n, 4)),
        ("race_time_s", lambda v, r, n: 300 - 0.8 * v["technique_score"] - 0.5 * v["coaching_hours"] + 1.2 * (v["athlete_age"] - 25) + nz(r, n, 6)),
    ], ["athlete_age"], {"athlete_age": CONF, "home_gym_equipment": OCAUSE, "coaching_hours": CT, "technique_score": MED, "race_time_s": Y}, n=700, exact_ate=-0.8 * 1.5 - 0.5, group="dev"))
    add(S("webinar_support_tickets", "count outcome, zero-inflated, skewed confounder", "software", "onboarding_webinar", "support_tickets", [
        ("monthly_active_users_k", lambda v, r, n: r.lognormal(1.0, 0.8, n)),
        ("plan_tier", lambda v, r, n: pick(r, n, ["free", "team", "enterprise"], [0.5, 0.35, 0.15])),
        ("account_age_months", lambda v, r, n: r.gamma(2.0, 6.0, n)),
        ("onboarding_webinar", lambda v, r, n: bern(r, sig(-1 + 0.15 * v["monthly_active_users_k"] + lookup(v["plan_tier"], {"free": -0.5, "team": 0.4, "enterprise": 1.2})))),
        ("support_tickets", lambda v, r, n: bern(r, np.full(n, 0.6)) * r.poisson(np.exp(0.5 - 0.4 * v["onboarding_webinar"] + 0.08 * v["monthly_active_users_k"] + lookup(v["plan_tier"], {"free": 0.0, "team": 0.3, "enterprise": 0.6})))),
    ], ["monthly_active_users_k", "plan_tier"], {"monthly_active_users_k": CONF, "plan_tier": CONF, "account_age_months": NOISE, "onboarding_webinar": BT, "support_tickets": Y}, n=1200, group="dev"))
    add(S("paywall_survey_common_effect", "binary, common effect with a second cause", "media", "paywall_trial", "articles_read", [
        ("reader_age", lambda v, r, n: 40 + nz(r, n, 12)),
        ("device_quality", lambda v, r, n: nz(r, n, 1)),
        ("paywall_trial", lambda v, r, n: bern(r, sig(0.04 * (v["reader_age"] - 40)))),
        ("articles_read", lambda v, r, n: 20 + 6 * v["paywall_trial"] + 0.2 * (v["reader_age"] - 40) + nz(r, n, 5)),
        ("survey_score", lambda v, r, n: 0.5 * v["paywall_trial"] + 0.08 * v["articles_read"] + 0.8 * v["device_quality"] + nz(r, n, 0.5)),
    ], ["reader_age"], {"reader_age": CONF, "device_quality": NOISE, "paywall_trial": BT, "articles_read": Y, "survey_score": COLL}, n=1000, exact_ate=6.0, group="dev"))
    return out


def _mentoring_wide() -> Scenario:
    """16 columns at n = 2,000 of mixed types: text, binary, ordinal integer, counts."""
    dept_t = {"ops": 0.0, "finance": -0.4, "it": 0.5, "sales": 0.9}
    dept_y = {"ops": 0.0, "finance": 1.5, "it": 3.0, "sales": -2.0}
    eqs = [
        ("tenure_years", lambda v, r, n: r.gamma(2.0, 3.0, n)),
        ("department", lambda v, r, n: pick(r, n, list(dept_t), [0.3, 0.2, 0.3, 0.2])),
        ("works_remotely", lambda v, r, n: bern(r, np.full(n, 0.3))),
        ("last_review_grade", lambda v, r, n: r.integers(1, 6, n)),
        ("age", lambda v, r, n: 38 + nz(r, n, 10)),
        ("team_size", lambda v, r, n: r.poisson(8, n)),
        ("desk_number", lambda v, r, n: r.integers(1, 400, n)),
        ("badge_scan_z", lambda v, r, n: nz(r, n, 1)),
        ("favourite_colour", lambda v, r, n: pick(r, n, ["blue", "green", "red", "black"], [0.4, 0.2, 0.2, 0.2])),
        ("manager_rating", lambda v, r, n: nz(r, n, 1)),
        ("learning_budget_k", lambda v, r, n: r.gamma(2.0, 1.5, n)),
        ("mentorship", lambda v, r, n: bern(r, sig(-0.8 + 0.1 * v["tenure_years"] + lookup(v["department"], dept_t) + 0.5 * v["works_remotely"] + 0.3 * (v["last_review_grade"] - 3)))),
        ("skill_assessment", lambda v, r, n: 50 + 6 * v["mentorship"] + 2 * (v["last_review_grade"] - 3) + nz(r, n, 5)),
        ("promotion_score", lambda v, r, n: 20 + 2 * v["mentorship"] + 0.4 * v["skill_assessment"] + 0.5 * v["tenure_years"] + lookup(v["department"], dept_y) + 1.5 * (v["last_review_grade"] - 3) - 1.0 * v["works_remotely"] + 1.0 * v["manager_rating"] + 0.2 * v["learning_budget_k"] + nz(r, n, 4)),
        ("bonus_k", lambda v, r, n: 0.3 * v["promotion_score"] + nz(r, n, 2)),
    ]
    conf = ("tenure_years", "department", "works_remotely", "last_review_grade")
    roles = {c: CONF for c in conf}
    roles |= {"manager_rating": OCAUSE, "learning_budget_k": OCAUSE, "skill_assessment": MED, "bonus_k": DESC}
    roles |= {c: NOISE for c in ("age", "team_size", "desk_number", "badge_scan_z", "favourite_colour")}
    roles |= {"mentorship": BT, "promotion_score": Y}
    return S("mentoring_promotion_wide", "many columns, mixed types", "HR", "mentorship", "promotion_score", eqs, list(conf), roles, n=2000, exact_ate=2 + 0.4 * 6, group="dev")


def _user_tables_unseen() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("therapy_severity_sessions", "binary, ordinal text confounder, count mediator with a second cause", "health", "group_therapy", "depression_score", [
        ("severity", lambda v, r, n: pick(r, n, list(SEVERITY), [0.45, 0.35, 0.2])),
        ("age", lambda v, r, n: 40 + nz(r, n, 13)),
        ("clinic_travel_min", lambda v, r, n: r.gamma(2.0, 15.0, n)),
        ("group_therapy", lambda v, r, n: bern(r, sig(-0.7 + 0.8 * lookup(v["severity"], SEVERITY) - 0.02 * (v["age"] - 40)))),
        ("sessions_attended", lambda v, r, n: r.poisson(np.exp(1.2 + 0.5 * v["group_therapy"] - 0.012 * (v["clinic_travel_min"] - 30)))),
        ("depression_score", lambda v, r, n: 18 - 0.6 * v["sessions_attended"] - 1.0 * v["group_therapy"] + 4 * lookup(v["severity"], SEVERITY) + 0.05 * (v["age"] - 40) + nz(r, n, 3)),
    ], ["severity", "age"], {"severity": CONF, "age": CONF, "clinic_travel_min": OCAUSE, "group_therapy": BT, "sessions_attended": MED, "depression_score": Y}, n=1200, group="unseen"))
    sectors = {"retail": 0.0, "farming": 0.5, "crafts": -0.3, "transport": 0.3}
    add(S("microloan_training_default", "binary outcome, rare event, skewed confounder", "finance", "finance_training", "defaulted_12m", [
        ("monthly_revenue_k", lambda v, r, n: r.lognormal(0.5, 0.9, n)),
        ("sector", lambda v, r, n: pick(r, n, list(sectors), [0.4, 0.25, 0.2, 0.15])),
        ("employees", lambda v, r, n: r.poisson(3, n)),
        ("owner_age", lambda v, r, n: 38 + nz(r, n, 10)),
        ("market_distance_km", lambda v, r, n: r.exponential(8, n)),
        ("phone_model_year", lambda v, r, n: r.integers(2012, 2024, n)),
        ("loan_size_k", lambda v, r, n: 2 + 0.8 * v["monthly_revenue_k"] + nz(r, n, 0.5)),
        ("finance_training", lambda v, r, n: bern(r, sig(-0.6 - 0.3 * np.log(v["monthly_revenue_k"]) + lookup(v["sector"], sectors) + 0.1 * (v["employees"] - 3)))),
        ("defaulted_12m", lambda v, r, n: bern(r, sig(-2.8 - 0.7 * v["finance_training"] - 0.5 * np.log(v["monthly_revenue_k"]) + 0.2 * v["loan_size_k"] - 0.8 * lookup(v["sector"], sectors) + 0.03 * v["market_distance_km"]))),
    ], ["monthly_revenue_k", "sector", "employees"], {"monthly_revenue_k": CONF, "sector": CONF, "employees": CONF, "owner_age": NOISE, "market_distance_km": OCAUSE, "phone_model_year": NOISE, "loan_size_k": OCAUSE, "finance_training": BT, "defaulted_12m": Y}, n=3000, group="unseen"))
    add(_insulation_wide())
    add(S("streaming_ads_sessions", "continuous, count mediator with a second cause, binary confounder", "media", "ad_minutes_week", "subscription_months", [
        ("student_account", lambda v, r, n: bern(r, np.full(n, 0.3))),
        ("catalogue_size_k", lambda v, r, n: r.gamma(3.0, 1.0, n)),
        ("ad_minutes_week", lambda v, r, n: r.gamma(2.0, 2.0, n) + 3 * v["student_account"]),
        ("binge_sessions", lambda v, r, n: r.poisson(0.5 + 0.3 * v["ad_minutes_week"] + 0.6 * v["catalogue_size_k"])),
        ("subscription_months", lambda v, r, n: 12 + 0.5 * v["binge_sessions"] - 0.4 * v["ad_minutes_week"] - 3 * v["student_account"] + nz(r, n, 2.5)),
    ], ["student_account"], {"student_account": CONF, "catalogue_size_k": OCAUSE, "ad_minutes_week": CT, "binge_sessions": MED, "subscription_months": Y}, n=400, exact_ate=0.5 * 0.3 - 0.4, group="unseen"))
    return out


def _insulation_wide() -> Scenario:
    """14 columns at n = 700: a heavy-tailed building age, an ordinal text label, a bill downstream."""
    label = {"A": 0, "B": 1, "C": 2, "D": 3}
    eqs = [
        ("building_age_years", lambda v, r, n: 5 + r.pareto(2.5, n) * 30),
        ("energy_label", lambda v, r, n: pick(r, n, list(label), [0.15, 0.35, 0.3, 0.2])),
        ("floor_area_m2", lambda v, r, n: r.lognormal(4.5, 0.3, n)),
        ("owner_occupied", lambda v, r, n: bern(r, np.full(n, 0.6))),
        ("heating_degree_days", lambda v, r, n: 2800 + nz(r, n, 300)),
        ("occupants", lambda v, r, n: 1 + r.poisson(1.5, n)),
        ("street_number", lambda v, r, n: r.integers(1, 200, n)),
        ("roof_colour_code", lambda v, r, n: nz(r, n, 1)),
        ("postcode_digit", lambda v, r, n: r.integers(0, 10, n)),
        ("window_orientation_deg", lambda v, r, n: r.uniform(0, 360, n)),
        ("insulation_cm", lambda v, r, n: 8 + 0.05 * v["building_age_years"] + 2 * lookup(v["energy_label"], label) + 3 * v["owner_occupied"] + nz(r, n, 3)),
        ("heating_kwh_m2", lambda v, r, n: 120 - 2.0 * v["insulation_cm"] + 0.3 * v["building_age_years"] + 12 * lookup(v["energy_label"], label) + 0.02 * (v["heating_degree_days"] - 2800) + 4 * (v["occupants"] - 2.5) + nz(r, n, 10)),
        ("annual_bill_eur", lambda v, r, n: 0.15 * v["heating_kwh_m2"] * v["floor_area_m2"] + nz(r, n, 150)),
        ("renovation_loans", lambda v, r, n: r.poisson(np.clip(0.5 + 0.05 * v["insulation_cm"], 0.05, None))),
    ]
    conf = ("building_age_years", "energy_label", "owner_occupied")
    roles = {c: CONF for c in conf}
    roles |= {"heating_degree_days": OCAUSE, "occupants": OCAUSE, "annual_bill_eur": DESC, "renovation_loans": "descendant of treatment"}
    roles |= {c: NOISE for c in ("floor_area_m2", "street_number", "roof_colour_code", "postcode_digit", "window_orientation_deg")}
    roles |= {"insulation_cm": CT, "heating_kwh_m2": Y}
    return S("insulation_heating_wide", "many columns, heavy-tailed confounder", "energy", "insulation_cm", "heating_kwh_m2", eqs, list(conf), roles, n=700, exact_ate=-2.0, group="unseen")


# Tables whose column names carry time: baseline, prior and demographic columns (confounders,
# outcome-only causes or unrelated), genuine post-treatment columns with neutral names, and a
# few columns whose cue word is irrelevant or misleading (a post-outcome price, a follow-up
# count that depends on the treatment). Written at once, scored at first sight with and without
# the name cues (`dev`).
# fmt: off
def _name_cue_scenarios() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("bp_coaching_baseline", "names: baseline and demographic confounders", "health", "bp_coaching", "sbp_12m", [
        ("age", lambda v, r, n: 62 + nz(r, n, 9)),
        ("sex", lambda v, r, n: pick(r, n, ["female", "male"], [0.52, 0.48])),
        ("baseline_sbp", lambda v, r, n: 145 + 0.4 * (v["age"] - 62) + 4 * (v["sex"] == "male") + nz(r, n, 10)),
        ("bp_coaching", lambda v, r, n: bern(r, sig(-0.3 + 0.05 * (v["baseline_sbp"] - 145) + 0.03 * (v["age"] - 62)))),
        ("home_readings", lambda v, r, n: r.poisson(np.exp(1.5 + 0.6 * v["bp_coaching"]))),
        ("sbp_12m", lambda v, r, n: 40 + 0.7 * v["baseline_sbp"] - 5 * v["bp_coaching"] + 0.2 * (v["age"] - 62) + 2 * (v["sex"] == "male") + nz(r, n, 8)),
    ], ["baseline_sbp", "age", "sex"], {"age": CONF, "sex": CONF, "baseline_sbp": CONF, "home_readings": "descendant of treatment", "bp_coaching": BT, "sbp_12m": Y}, n=900, exact_ate=-5.0, group="dev"))
    add(S("tutoring_pretest_homework", "names: pretest confounder, neutral mediator", "education", "tutoring_hours", "exam_score", [
        ("pretest_score", lambda v, r, n: 60 + nz(r, n, 12)),
        ("prior_gpa", lambda v, r, n: 2.8 + 0.02 * (v["pretest_score"] - 60) + nz(r, n, 0.4)),
        ("school_stage", lambda v, r, n: r.integers(1, 4, n)),
        ("tutoring_hours", lambda v, r, n: np.clip(12 - 0.15 * (v["pretest_score"] - 60) - 2 * (v["prior_gpa"] - 2.8) + nz(r, n, 3), 0, None)),
        ("homework_completed", lambda v, r, n: 20 + 1.2 * v["tutoring_hours"] + 0.1 * (v["pretest_score"] - 60) + nz(r, n, 4)),
        ("exam_score", lambda v, r, n: 30 + 0.6 * v["pretest_score"] + 4 * (v["prior_gpa"] - 2.8) + 0.5 * v["homework_completed"] + 0.4 * v["tutoring_hours"] + nz(r, n, 6)),
    ], ["pretest_score", "prior_gpa"], {"pretest_score": CONF, "prior_gpa": CONF, "school_stage": NOISE, "homework_completed": MED, "tutoring_hours": CT, "exam_score": Y}, n=800, exact_ate=0.4 + 0.5 * 1.2, group="dev"))
    add(S("training_wages_last_year", "names: last-year earnings, irrelevant prior column", "labour", "job_training", "wage_next_year", [
        ("age", lambda v, r, n: 35 + nz(r, n, 9)),
        ("earnings_last_year", lambda v, r, n: r.lognormal(3.3, 0.4, n) + 0.2 * (v["age"] - 35)),
        ("years_education", lambda v, r, n: 12 + r.poisson(2, n)),
        ("previous_employer_size", lambda v, r, n: r.lognormal(3, 1, n)),
        ("job_training", lambda v, r, n: bern(r, sig(1.0 - 0.05 * (v["earnings_last_year"] - 28) - 0.03 * (v["age"] - 35) + 0.1 * (v["years_education"] - 14)))),
        ("job_applications", lambda v, r, n: r.poisson(np.exp(1.0 + 0.5 * v["job_training"]))),
        ("wage_next_year", lambda v, r, n: 5 + 0.8 * v["earnings_last_year"] + 2.5 * v["job_training"] + 0.8 * (v["years_education"] - 14) + 0.05 * (v["age"] - 35) + nz(r, n, 4)),
    ], ["earnings_last_year", "age", "years_education"], {"age": CONF, "earnings_last_year": CONF, "years_education": CONF, "previous_employer_size": NOISE, "job_applications": "descendant of treatment", "job_training": BT, "wage_next_year": Y}, n=1200, exact_ate=2.5, group="dev"))
    add(S("loyalty_prior_spend_visits", "names: prior spend, outcome named 'after', neutral mediator", "retail", "loyalty_card", "spend_after", [
        ("customer_age", lambda v, r, n: 42 + nz(r, n, 13)),
        ("prior_spend", lambda v, r, n: r.gamma(3.0, 40.0, n) + 0.8 * (v["customer_age"] - 42)),
        ("loyalty_card", lambda v, r, n: bern(r, sig(-0.8 + 0.01 * (v["prior_spend"] - 120) + 0.02 * (v["customer_age"] - 42)))),
        ("store_visits", lambda v, r, n: r.poisson(np.exp(1.2 + 0.3 * v["loyalty_card"] + 0.002 * (v["prior_spend"] - 120)))),
        ("page_views", lambda v, r, n: 10 + 3 * v["loyalty_card"] + nz(r, n, 4)),
        ("spend_after", lambda v, r, n: 30 + 0.6 * v["prior_spend"] + 6 * v["store_visits"] + 5 * v["loyalty_card"] + 0.3 * (v["customer_age"] - 42) + nz(r, n, 20)),
    ], ["prior_spend", "customer_age"], {"customer_age": CONF, "prior_spend": CONF, "store_visits": MED, "page_views": "descendant of treatment", "loyalty_card": BT, "spend_after": Y}, n=1500, group="dev"))
    add(S("smart_meter_baseline_kwh", "names: baseline usage, storage irrelevant, app logins downstream", "energy", "smart_meter", "kwh_month", [
        ("baseline_kwh", lambda v, r, n: 300 + nz(r, n, 60)),
        ("household_size", lambda v, r, n: 1 + r.poisson(1.6, n)),
        ("storage_heater", lambda v, r, n: bern(r, np.full(n, 0.25))),
        ("smart_meter", lambda v, r, n: bern(r, sig(-0.5 + 0.01 * (v["baseline_kwh"] - 300) + 0.2 * (v["household_size"] - 2.6)))),
        ("app_logins", lambda v, r, n: r.poisson(np.exp(0.5 + 1.2 * v["smart_meter"]))),
        ("kwh_month", lambda v, r, n: 50 + 0.8 * v["baseline_kwh"] - 20 * v["smart_meter"] + 15 * (v["household_size"] - 2.6) + 25 * v["storage_heater"] + nz(r, n, 25)),
    ], ["baseline_kwh", "household_size"], {"baseline_kwh": CONF, "household_size": CONF, "storage_heater": OCAUSE, "app_logins": "descendant of treatment", "smart_meter": BT, "kwh_month": Y}, n=1000, exact_ate=-20.0, group="dev"))
    add(S("fertiliser_initial_soil", "names: initial soil confounder, post-harvest price after the outcome", "agriculture", "fertiliser_kg", "yield_t_ha", [
        ("initial_soil_n", lambda v, r, n: 40 + nz(r, n, 8)),
        ("rainfall_mm", lambda v, r, n: 600 + nz(r, n, 80)),
        ("fertiliser_kg", lambda v, r, n: 120 - 1.5 * (v["initial_soil_n"] - 40) + 0.05 * (v["rainfall_mm"] - 600) + nz(r, n, 15)),
        ("plant_height_cm", lambda v, r, n: 80 + 0.2 * v["fertiliser_kg"] + 0.5 * (v["initial_soil_n"] - 40) + nz(r, n, 6)),
        ("yield_t_ha", lambda v, r, n: 2 + 0.04 * v["plant_height_cm"] + 0.01 * v["fertiliser_kg"] + 0.05 * (v["initial_soil_n"] - 40) + 0.002 * (v["rainfall_mm"] - 600) + nz(r, n, 0.4)),
        ("post_harvest_price", lambda v, r, n: 200 - 8 * v["yield_t_ha"] + nz(r, n, 10)),
    ], ["initial_soil_n", "rainfall_mm"], {"initial_soil_n": CONF, "rainfall_mm": CONF, "plant_height_cm": MED, "post_harvest_price": DESC, "fertiliser_kg": CT, "yield_t_ha": Y}, n=800, exact_ate=0.01 + 0.04 * 0.2, group="dev"))
    add(S("email_campaign_followup", "names: account age and previous purchases, follow-up clicks a collider", "marketing", "email_campaign", "purchases_90d", [
        ("account_age_months", lambda v, r, n: r.gamma(2.0, 10.0, n)),
        ("previous_purchases", lambda v, r, n: r.poisson(np.exp(0.8 + 0.02 * v["account_age_months"]))),
        ("email_campaign", lambda v, r, n: bern(r, sig(-0.6 + 0.25 * (v["previous_purchases"] - 3) + 0.01 * (v["account_age_months"] - 20)))),
        ("purchases_90d", lambda v, r, n: 1 + 0.6 * v["previous_purchases"] + 0.8 * v["email_campaign"] + 0.02 * v["account_age_months"] + nz(r, n, 1.2)),
        ("followup_clicks", lambda v, r, n: r.poisson(np.exp(0.3 + 0.8 * v["email_campaign"] + 0.15 * v["purchases_90d"]))),
    ], ["previous_purchases", "account_age_months"], {"account_age_months": CONF, "previous_purchases": CONF, "followup_clicks": COLL, "email_campaign": BT, "purchases_90d": Y}, n=1500, exact_ate=0.8, group="dev"))
    add(S("vaccine_prior_admissions", "names: demographic and prior-admission confounders, blood type irrelevant, rare binary outcome", "health", "vaccinated", "hospitalised", [
        ("age", lambda v, r, n: 55 + nz(r, n, 15)),
        ("sex", lambda v, r, n: bern(r, np.full(n, 0.5))),
        ("prior_admissions", lambda v, r, n: r.poisson(np.clip(0.4 + 0.02 * (v["age"] - 55), 0.05, None))),
        ("blood_type", lambda v, r, n: pick(r, n, ["A", "B", "AB", "O"], [0.4, 0.1, 0.05, 0.45])),
        ("vaccinated", lambda v, r, n: bern(r, sig(-0.2 + 0.04 * (v["age"] - 55) + 0.4 * v["prior_admissions"] - 0.2 * v["sex"]))),
        ("antibody_titre", lambda v, r, n: 1 + 3 * v["vaccinated"] + nz(r, n, 1)),
        ("hospitalised", lambda v, r, n: bern(r, sig(-3.2 - 0.8 * v["vaccinated"] + 0.05 * (v["age"] - 55) + 0.5 * v["prior_admissions"] + 0.3 * v["sex"]))),
    ], ["age", "sex", "prior_admissions"], {"age": CONF, "sex": CONF, "prior_admissions": CONF, "blood_type": NOISE, "antibody_titre": "descendant of treatment", "vaccinated": BT, "hospitalised": Y}, n=4000, group="dev"))
    add(S("physio_baseline_pain_mobility", "names: baseline pain with a weak marginal link, mobility after a collider", "health", "physio_sessions", "pain_score_6w", [
        ("ethnicity", lambda v, r, n: pick(r, n, ["a", "b", "c"], [0.6, 0.25, 0.15])),
        ("baseline_pain", lambda v, r, n: 6 + nz(r, n, 1.5)),
        ("desk_job", lambda v, r, n: bern(r, np.full(n, 0.5))),
        ("physio_sessions", lambda v, r, n: np.clip(6 + 0.5 * (v["baseline_pain"] - 6) - 1.5 * v["desk_job"] + nz(r, n, 2), 0, None)),
        ("pain_score_6w", lambda v, r, n: 2 + 0.5 * v["baseline_pain"] - 0.3 * v["physio_sessions"] + 0.8 * v["desk_job"] + nz(r, n, 1)),
        ("mobility_after", lambda v, r, n: 50 + 2 * v["physio_sessions"] - 3 * v["pain_score_6w"] + nz(r, n, 4)),
    ], ["baseline_pain", "desk_job"], {"ethnicity": NOISE, "baseline_pain": CONF, "desk_job": CONF, "mobility_after": COLL, "physio_sessions": CT, "pain_score_6w": Y}, n=700, exact_ate=-0.3, group="dev"))
    return out


# Role classes the roles read wrongly (mediators of a binary treatment with Gaussian or count
# noise, binary and Gaussian common effects of the treatment and the outcome) in new domains,
# names, sizes and strengths, with three tables of classes that already work (an instrument with
# uniform noise, a child of the outcome, a mediator and a common effect together). Written at
# once and scored at first sight (`dev`).
# fmt: off
def _role_class_scenarios() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("fleet_telematics_braking", "binary, Gaussian mediator", "logistics", "telematics_installed", "fuel_cost_k", [
        ("fleet_size_log", lambda v, r, n: nz(r, n, 1)),
        ("driver_experience_yrs", lambda v, r, n: 10 + nz(r, n, 4)),
        ("telematics_installed", lambda v, r, n: bern(r, sig(0.8 * v["fleet_size_log"] - 0.08 * (v["driver_experience_yrs"] - 10)))),
        ("harsh_braking_per_100km", lambda v, r, n: 12 - 4 * v["telematics_installed"] - 0.3 * (v["driver_experience_yrs"] - 10) + nz(r, n, 2.5)),
        ("fuel_cost_k", lambda v, r, n: 50 + 1.5 * v["harsh_braking_per_100km"] + 3 * v["fleet_size_log"] - 1.0 * v["telematics_installed"] + nz(r, n, 4)),
    ], ["fleet_size_log", "driver_experience_yrs"], {"fleet_size_log": CONF, "driver_experience_yrs": CONF, "harsh_braking_per_100km": MED, "telematics_installed": BT, "fuel_cost_k": Y}, n=1000, exact_ate=1.5 * -4 - 1.0, group="dev"))
    add(S("heat_pump_service_calls", "binary, count mediator", "energy", "heat_pump_grant", "energy_bill_eur", [
        ("dwelling_area_m2", lambda v, r, n: 90 + nz(r, n, 25)),
        ("wall_u_value", lambda v, r, n: 1.2 + nz(r, n, 0.3)),
        ("heat_pump_grant", lambda v, r, n: bern(r, sig(0.03 * (v["dwelling_area_m2"] - 90) + 3.0 * (v["wall_u_value"] - 1.2)))),
        ("service_calls", lambda v, r, n: r.poisson(np.exp(0.4 + 0.7 * v["heat_pump_grant"]))),
        ("energy_bill_eur", lambda v, r, n: 900 + 6 * (v["dwelling_area_m2"] - 90) + 200 * (v["wall_u_value"] - 1.2) - 150 * v["heat_pump_grant"] + 25 * v["service_calls"] + nz(r, n, 80)),
    ], ["dwelling_area_m2", "wall_u_value"], {"dwelling_area_m2": CONF, "wall_u_value": CONF, "service_calls": MED, "heat_pump_grant": BT, "energy_bill_eur": Y}, n=700, exact_ate=-150 + 25 * (np.exp(1.1) - np.exp(0.4)), group="dev"))
    add(S("library_card_borrowing", "binary, weak Gaussian mediator, n=400", "education", "library_card", "reading_level", [
        ("parent_schooling_yrs", lambda v, r, n: 13 + nz(r, n, 2.5)),
        ("library_card", lambda v, r, n: bern(r, sig(-0.2 + 0.3 * (v["parent_schooling_yrs"] - 13)))),
        ("books_borrowed_term", lambda v, r, n: 6 + 3 * v["library_card"] + 0.4 * (v["parent_schooling_yrs"] - 13) + nz(r, n, 3)),
        ("reading_level", lambda v, r, n: 50 + 0.8 * v["books_borrowed_term"] + 2 * v["library_card"] + 1.5 * (v["parent_schooling_yrs"] - 13) + nz(r, n, 5)),
    ], ["parent_schooling_yrs"], {"parent_schooling_yrs": CONF, "books_borrowed_term": MED, "library_card": BT, "reading_level": Y}, n=400, exact_ate=0.8 * 3 + 2, group="dev"))
    add(S("sales_calls_award", "continuous, binary common effect", "sales", "sales_calls_week", "deal_value_k", [
        ("territory_size", lambda v, r, n: nz(r, n, 1)),
        ("sales_calls_week", lambda v, r, n: 20 + 4 * v["territory_size"] + nz(r, n, 5)),
        ("deal_value_k", lambda v, r, n: 30 + 0.6 * v["sales_calls_week"] + 5 * v["territory_size"] + nz(r, n, 6)),
        ("won_award", lambda v, r, n: bern(r, sig(-1 + 0.15 * (v["sales_calls_week"] - 20) + 0.12 * (v["deal_value_k"] - 42)))),
    ], ["territory_size"], {"territory_size": CONF, "won_award": COLL, "sales_calls_week": CT, "deal_value_k": Y}, n=1200, exact_ate=0.6, group="dev"))
    add(S("remote_work_promotion", "binary, binary common effect", "HR", "remote_work", "productivity_index", [
        ("commute_km", lambda v, r, n: r.gamma(2.0, 8.0, n)),
        ("team_size", lambda v, r, n: r.poisson(8, n)),
        ("remote_work", lambda v, r, n: bern(r, sig(-0.2 + 0.06 * (v["commute_km"] - 16) + 0.1 * (v["team_size"] - 8)))),
        ("productivity_index", lambda v, r, n: 100 + 5 * v["remote_work"] - 0.3 * (v["commute_km"] - 16) + 0.8 * (v["team_size"] - 8) + nz(r, n, 8)),
        ("promoted", lambda v, r, n: bern(r, sig(-1.5 + 1.0 * v["remote_work"] + 0.12 * (v["productivity_index"] - 100)))),
    ], ["commute_km", "team_size"], {"commute_km": CONF, "team_size": CONF, "promoted": COLL, "remote_work": BT, "productivity_index": Y}, n=900, exact_ate=5.0, group="dev"))
    add(S("flu_shot_wellbeing", "binary, Gaussian common effect", "workplace health", "flu_shot", "sick_days", [
        ("chronic_conditions", lambda v, r, n: r.poisson(1.0, n)),
        ("office_floor", lambda v, r, n: r.integers(1, 9, n)),
        ("flu_shot", lambda v, r, n: bern(r, sig(-0.5 + 0.6 * (v["chronic_conditions"] - 1)))),
        ("sick_days", lambda v, r, n: 6 - 2 * v["flu_shot"] + 1.5 * v["chronic_conditions"] + nz(r, n, 2.5)),
        ("wellbeing_score", lambda v, r, n: 50 + 4 * v["flu_shot"] - 1.2 * v["sick_days"] + nz(r, n, 3)),
    ], ["chronic_conditions"], {"chronic_conditions": CONF, "office_floor": NOISE, "wellbeing_score": COLL, "flu_shot": BT, "sick_days": Y}, n=800, exact_ate=-2.0, group="dev"))
    add(S("canal_water_revenue", "continuous, instrument, uniform noise", "agriculture", "water_allocation_ml", "crop_revenue_k", [
        ("canal_distance_km", lambda v, r, n: 5 + uni(r, n, 2)),
        ("soil_ph", lambda v, r, n: 6.5 + uni(r, n, 0.5)),
        ("sunshine_hours", lambda v, r, n: 2200 + uni(r, n, 150)),
        ("water_allocation_ml", lambda v, r, n: 40 - 3 * (v["canal_distance_km"] - 5) + 8 * (v["soil_ph"] - 6.5) + uni(r, n, 4)),
        ("crop_revenue_k", lambda v, r, n: 20 + 0.5 * v["water_allocation_ml"] - 6 * (v["soil_ph"] - 6.5) + 0.01 * (v["sunshine_hours"] - 2200) + uni(r, n, 3)),
    ], ["soil_ph"], {"canal_distance_km": INSTR, "soil_ph": CONF, "sunshine_hours": OCAUSE, "water_allocation_ml": CT, "crop_revenue_k": Y}, n=600, exact_ate=0.5, group="dev"))
    add(S("room_upgrade_minibar", "binary, child of outcome", "hospitality", "room_upgrade", "nights_booked", [
        ("stays_count_2y", lambda v, r, n: r.poisson(3, n)),
        ("booking_lead_days", lambda v, r, n: r.gamma(2.0, 15.0, n)),
        ("room_upgrade", lambda v, r, n: bern(r, sig(-0.5 + 0.3 * (v["stays_count_2y"] - 3) + 0.02 * (v["booking_lead_days"] - 30)))),
        ("nights_booked", lambda v, r, n: 3 + 1.2 * v["room_upgrade"] + 0.4 * (v["stays_count_2y"] - 3) + 0.03 * (v["booking_lead_days"] - 30) + nz(r, n, 1.5)),
        ("minibar_spend", lambda v, r, n: 8 * v["nights_booked"] + nz(r, n, 6)),
    ], ["stays_count_2y", "booking_lead_days"], {"stays_count_2y": CONF, "booking_lead_days": CONF, "minibar_spend": DESC, "room_upgrade": BT, "nights_booked": Y}, n=700, exact_ate=1.2, group="dev"))
    add(S("solar_panels_bill_mixed", "mixed roles, binary treatment", "energy", "solar_panels", "electricity_bill", [
        ("roof_area_m2", lambda v, r, n: 60 + nz(r, n, 15)),
        ("household_income_k", lambda v, r, n: r.lognormal(4.0, 0.4, n)),
        ("solar_panels", lambda v, r, n: bern(r, sig(-0.5 + 0.04 * (v["roof_area_m2"] - 60) + 0.02 * (v["household_income_k"] - 60)))),
        ("grid_import_kwh", lambda v, r, n: 300 - 120 * v["solar_panels"] + 1.5 * (v["household_income_k"] - 60) + nz(r, n, 40)),
        ("electricity_bill", lambda v, r, n: 20 + 0.25 * v["grid_import_kwh"] - 5 * v["solar_panels"] + 0.1 * (v["household_income_k"] - 60) + nz(r, n, 8)),
        ("satisfaction_rating", lambda v, r, n: 6 + 1.0 * v["solar_panels"] - 0.04 * v["electricity_bill"] + nz(r, n, 0.8)),
    ], ["roof_area_m2", "household_income_k"], {"roof_area_m2": CONF, "household_income_k": CONF, "grid_import_kwh": MED, "satisfaction_rating": COLL, "solar_panels": BT, "electricity_bill": Y}, n=1000, exact_ate=0.25 * -120 - 5, group="dev"))
    return out


# A second round of role classes (mediators of a binary treatment independent of its other
# causes, weak heavy-tailed confounders next to common effects, confounders that look
# downstream or instrument-like, children of the treatment and of the outcome), in new domains,
# names, sizes and noise families, with three of classes that already work. Written at once
# and scored at first sight (`dev`).
# fmt: off
def _role_class_scenarios_2() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("hearing_aid_conversation", "binary, mediator independent of the treatment's cause", "audiology", "hearing_aid", "memory_score", [
        ("age_years", lambda v, r, n: 70 + nz(r, n, 7)),
        ("hearing_aid", lambda v, r, n: bern(r, sig(-0.3 + 0.09 * (v["age_years"] - 70)))),
        ("conversation_hours_week", lambda v, r, n: 10 + 5 * v["hearing_aid"] + heavy(r, n, 3)),
        ("memory_score", lambda v, r, n: 60 + 0.6 * v["conversation_hours_week"] + 1.0 * v["hearing_aid"] - 0.4 * (v["age_years"] - 70) + nz(r, n, 4)),
    ], ["age_years"], {"age_years": CONF, "conversation_hours_week": MED, "hearing_aid": BT, "memory_score": Y}, n=800, exact_ate=0.6 * 5 + 1.0, group="dev"))
    add(S("bike_lane_trips_count", "binary, count mediator independent of the treatment's causes", "transport", "bike_lane", "commute_minutes", [
        ("district_density_k", lambda v, r, n: r.gamma(3.0, 2.0, n)),
        ("council_budget_m", lambda v, r, n: 20 + lap(r, n, 5)),
        ("bike_lane", lambda v, r, n: bern(r, sig(-0.5 + 0.25 * (v["district_density_k"] - 6) + 0.12 * (v["council_budget_m"] - 20)))),
        ("bike_trips_day", lambda v, r, n: r.poisson(np.exp(1.2 + 0.8 * v["bike_lane"]))),
        ("commute_minutes", lambda v, r, n: 35 - 0.5 * v["bike_trips_day"] - 1.0 * v["bike_lane"] + 1.2 * (v["district_density_k"] - 6) + 0.1 * (v["council_budget_m"] - 20) + lap(r, n, 4)),
    ], ["district_density_k", "council_budget_m"], {"district_density_k": CONF, "council_budget_m": CONF, "bike_trips_day": MED, "bike_lane": BT, "commute_minutes": Y}, n=1200, group="dev"))
    add(S("meal_kit_weight_mixed", "mixed roles, weak lognormal confounder", "nutrition", "meal_kit", "weight_change_kg", [
        ("household_income_k", lambda v, r, n: r.lognormal(3.9, 0.5, n)),
        ("cooking_skill", lambda v, r, n: 5 + nz(r, n, 1.5)),
        ("meal_kit", lambda v, r, n: bern(r, sig(-0.4 + 0.015 * (v["household_income_k"] - 55) - 0.3 * (v["cooking_skill"] - 5)))),
        ("vegetable_servings", lambda v, r, n: 3 + 1.5 * v["meal_kit"] + 0.2 * (v["cooking_skill"] - 5) + nz(r, n, 1)),
        ("weight_change_kg", lambda v, r, n: -0.5 * v["vegetable_servings"] - 0.4 * v["meal_kit"] - 0.02 * (v["household_income_k"] - 55) - 0.3 * (v["cooking_skill"] - 5) + nz(r, n, 1.5)),
        ("diet_app_rating", lambda v, r, n: 3.5 + 0.5 * v["meal_kit"] - 0.3 * v["weight_change_kg"] + nz(r, n, 0.6)),
    ], ["household_income_k", "cooking_skill"], {"household_income_k": CONF, "cooking_skill": CONF, "vegetable_servings": MED, "diet_app_rating": COLL, "meal_kit": BT, "weight_change_kg": Y}, n=900, exact_ate=-0.5 * 1.5 - 0.4, group="dev"))
    add(S("irrigation_moisture_collider", "continuous, Gaussian common effect, weak confounder", "agriculture", "irrigation_mm", "tomato_yield_kg", [
        ("greenhouse_age_yrs", lambda v, r, n: 8 + nz(r, n, 3)),
        ("irrigation_mm", lambda v, r, n: 30 + 0.8 * (v["greenhouse_age_yrs"] - 8) + nz(r, n, 6)),
        ("tomato_yield_kg", lambda v, r, n: 12 + 0.25 * v["irrigation_mm"] - 0.9 * (v["greenhouse_age_yrs"] - 8) + nz(r, n, 2.5)),
        ("leaf_wilting_index", lambda v, r, n: 40 - 0.6 * v["irrigation_mm"] - 1.5 * v["tomato_yield_kg"] + nz(r, n, 4)),
    ], ["greenhouse_age_yrs"], {"greenhouse_age_yrs": CONF, "leaf_wilting_index": COLL, "irrigation_mm": CT, "tomato_yield_kg": Y}, n=600, exact_ate=0.25, group="dev"))
    add(S("tutoring_app_streak_skew", "binary, mediator and child of the treatment, skewed noise", "education", "math_app", "test_score", [
        ("prior_grade", lambda v, r, n: 70 + skew(r, n, 8)),
        ("school_size_k", lambda v, r, n: 1 + r.gamma(2.0, 0.4, n)),
        ("math_app", lambda v, r, n: bern(r, sig(-0.2 + 0.05 * (v["prior_grade"] - 70) + 0.8 * (v["school_size_k"] - 1.8)))),
        ("practice_minutes", lambda v, r, n: 60 + 40 * v["math_app"] + skew(r, n, 20)),
        ("app_badges", lambda v, r, n: r.poisson(1 + 4 * v["math_app"])),
        ("test_score", lambda v, r, n: 50 + 0.05 * v["practice_minutes"] + 1.5 * v["math_app"] + 0.5 * (v["prior_grade"] - 70) + 1.0 * (v["school_size_k"] - 1.8) + skew(r, n, 5)),
    ], ["prior_grade", "school_size_k"], {"prior_grade": CONF, "school_size_k": CONF, "practice_minutes": MED, "app_badges": "descendant of treatment", "math_app": BT, "test_score": Y}, n=700, exact_ate=0.05 * 40 + 1.5, group="dev"))
    add(S("warehouse_robots_strong_conf", "continuous, confounder strong on the treatment, weak on the outcome", "logistics", "robots_per_shift", "picking_errors", [
        ("warehouse_area_k_m2", lambda v, r, n: 20 + uni(r, n, 6)),
        ("staff_turnover_pct", lambda v, r, n: 15 + nz(r, n, 5)),
        ("robots_per_shift", lambda v, r, n: 5 + 0.6 * (v["warehouse_area_k_m2"] - 20) + uni(r, n, 2)),
        ("picking_errors", lambda v, r, n: 40 - 1.5 * v["robots_per_shift"] + 0.5 * (v["warehouse_area_k_m2"] - 20) + 0.8 * (v["staff_turnover_pct"] - 15) + uni(r, n, 5)),
        ("customer_complaints", lambda v, r, n: 2 + 0.3 * v["picking_errors"] + uni(r, n, 2)),
    ], ["warehouse_area_k_m2"], {"warehouse_area_k_m2": CONF, "staff_turnover_pct": OCAUSE, "customer_complaints": DESC, "robots_per_shift": CT, "picking_errors": Y}, n=500, exact_ate=-1.5, group="dev"))
    add(S("gym_discount_binary_collider", "binary, binary common effect, Student t confounder", "fitness", "gym_discount", "visits_month", [
        ("distance_to_gym_km", lambda v, r, n: 4 + heavy(r, n, 1.5)),
        ("gym_discount", lambda v, r, n: bern(r, sig(-0.3 + 0.5 * (v["distance_to_gym_km"] - 4)))),
        ("visits_month", lambda v, r, n: 8 + 3 * v["gym_discount"] - 1.2 * (v["distance_to_gym_km"] - 4) + nz(r, n, 3)),
        ("renewed_membership", lambda v, r, n: bern(r, sig(-1.0 + 1.2 * v["gym_discount"] + 0.3 * (v["visits_month"] - 8)))),
    ], ["distance_to_gym_km"], {"distance_to_gym_km": CONF, "renewed_membership": COLL, "gym_discount": BT, "visits_month": Y}, n=1100, exact_ate=3.0, group="dev"))
    add(S("dental_sealant_randomised", "randomised binary, outcome cause and child of the outcome", "dentistry", "sealant", "cavities_2y", [
        ("sugar_drinks_week", lambda v, r, n: r.poisson(5, n)),
        ("sealant", lambda v, r, n: bern(r, np.full(n, 0.5))),
        ("cavities_2y", lambda v, r, n: r.poisson(np.exp(0.2 - 0.6 * v["sealant"] + 0.08 * (v["sugar_drinks_week"] - 5)))),
        ("dentist_visits", lambda v, r, n: 1 + v["cavities_2y"] + r.poisson(0.5, n)),
    ], [], {"sugar_drinks_week": OCAUSE, "dentist_visits": DESC, "sealant": BT, "cavities_2y": Y}, n=600, group="dev"))
    add(S("cold_chain_spoilage_instrument", "continuous, instrument and confounder, Laplace noise", "food logistics", "cooling_hours", "spoilage_pct", [
        ("grid_outages_month", lambda v, r, n: r.poisson(2, n)),
        ("ambient_temp_c", lambda v, r, n: 22 + lap(r, n, 4)),
        ("cooling_hours", lambda v, r, n: 10 + 0.5 * (v["ambient_temp_c"] - 22) - 1.2 * (v["grid_outages_month"] - 2) + lap(r, n, 2)),
        ("spoilage_pct", lambda v, r, n: 8 - 0.4 * v["cooling_hours"] + 0.35 * (v["ambient_temp_c"] - 22) + lap(r, n, 1)),
    ], ["ambient_temp_c"], {"grid_outages_month": INSTR, "ambient_temp_c": CONF, "cooling_hours": CT, "spoilage_pct": Y}, n=400, exact_ate=-0.4, group="dev"))
    return out


# Families where OLS with the right adjustment set undercovers or is biased (nonlinear
# confounding through thresholds, multiplicative effects on skewed or zero-inflated outcomes,
# effects that vary with a confounder, heteroskedastic noise with high-leverage rows, a rare
# binary outcome, few rows for many columns, a count outcome, strong but limited overlap), in
# new domains and sizes. Written at once and scored at first sight (`dev`).
# fmt: off
def _estimator_class_scenarios() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("solar_pump_harvest_threshold", "binary, threshold confounding", "agriculture", "solar_pump", "harvest_t", [
        ("elevation_m", lambda v, r, n: r.gamma(3.0, 100.0, n)),
        ("farm_area_ha", lambda v, r, n: r.lognormal(2.0, 0.6, n)),
        ("solar_pump", lambda v, r, n: bern(r, sig(-1.5 + 3.0 * (v["elevation_m"] > 350) + 0.5 * (np.log(v["farm_area_ha"]) - 2)))),
        ("harvest_t", lambda v, r, n: 20 + 2.5 * v["solar_pump"] + 8 * np.tanh((v["elevation_m"] - 330) / 40) + 1.5 * np.log(v["farm_area_ha"]) + nz(r, n, 2)),
    ], ["elevation_m", "farm_area_ha"], {"elevation_m": CONF, "farm_area_ha": CONF, "solar_pump": BT, "harvest_t": Y}, n=1000, exact_ate=2.5, group="dev", linear_oracle=False))
    add(S("cooling_vest_heat_strain", "binary, effect grows with a confounder", "occupational health", "cooling_vest", "heat_strain_index", [
        ("shift_temp_c", lambda v, r, n: 28 + nz(r, n, 4)),
        ("worker_age", lambda v, r, n: 40 + nz(r, n, 10)),
        ("cooling_vest", lambda v, r, n: bern(r, sig(-0.3 + 0.45 * (v["shift_temp_c"] - 28) + 0.02 * (v["worker_age"] - 40)))),
        ("heat_strain_index", lambda v, r, n: 30 + 1.2 * (v["shift_temp_c"] - 28) + 0.1 * (v["worker_age"] - 40) - v["cooling_vest"] * (1 + 2 * np.exp(0.25 * (v["shift_temp_c"] - 28))) + nz(r, n, 3)),
    ], ["shift_temp_c", "worker_age"], {"shift_temp_c": CONF, "worker_age": CONF, "cooling_vest": BT, "heat_strain_index": Y}, n=900, group="dev", linear_oracle=False))
    add(S("startup_mentoring_revenue", "binary, multiplicative effect, lognormal outcome", "entrepreneurship", "accelerator_mentoring", "revenue_year2_k", [
        ("founder_experience_yrs", lambda v, r, n: r.gamma(2.0, 4.0, n)),
        ("seed_funding_k", lambda v, r, n: r.lognormal(5.0, 0.8, n)),
        ("accelerator_mentoring", lambda v, r, n: bern(r, sig(-0.5 + 0.12 * (v["founder_experience_yrs"] - 8) + 0.7 * (np.log(v["seed_funding_k"]) - 5)))),
        ("revenue_year2_k", lambda v, r, n: np.exp(3 + 0.35 * v["accelerator_mentoring"] + 0.04 * v["founder_experience_yrs"] + 0.5 * (np.log(v["seed_funding_k"]) - 5) + nz(r, n, 0.9))),
    ], ["founder_experience_yrs", "seed_funding_k"], {"founder_experience_yrs": CONF, "seed_funding_k": CONF, "accelerator_mentoring": BT, "revenue_year2_k": Y}, n=600, group="dev"))
    add(S("dashcam_claim_cost", "binary, zero-inflated skewed outcome", "insurance", "dashcam_discount", "claim_cost_eur", [
        ("driver_age", lambda v, r, n: 18 + r.gamma(3.0, 8.0, n)),
        ("annual_km_k", lambda v, r, n: r.gamma(4.0, 3.0, n)),
        ("dashcam_discount", lambda v, r, n: bern(r, sig(-1 + 0.03 * (v["driver_age"] - 42) + 0.1 * (v["annual_km_k"] - 12)))),
        ("_claim", lambda v, r, n: bern(r, sig(-1.8 + 0.09 * (v["annual_km_k"] - 12) - 0.03 * (v["driver_age"] - 42) - 0.6 * v["dashcam_discount"]))),
        ("claim_cost_eur", lambda v, r, n: v["_claim"] * r.lognormal(7.3 + 0.01 * (v["annual_km_k"] - 12), 0.9, n)),
    ], ["driver_age", "annual_km_k"], {"driver_age": CONF, "annual_km_k": CONF, "dashcam_discount": BT, "claim_cost_eur": Y}, n=2000, group="dev"))
    add(S("overtime_backlog_errors_small", "continuous, heteroskedastic, high leverage, n=150", "software", "overtime_hours", "defects_found", [
        ("team_backlog_k", lambda v, r, n: r.lognormal(1.0, 0.7, n)),
        ("release_count", lambda v, r, n: r.poisson(4, n)),
        ("overtime_hours", lambda v, r, n: 6 + 1.5 * v["team_backlog_k"] + nz(r, n, 2)),
        ("defects_found", lambda v, r, n: 5 + (0.4 + 0.15 * (v["team_backlog_k"] - 3.5)) * v["overtime_hours"] + 0.8 * v["team_backlog_k"] + 0.3 * v["release_count"] + nz(r, n, 1) * (0.5 + 0.8 * v["team_backlog_k"])),
    ], ["team_backlog_k"], {"team_backlog_k": CONF, "release_count": OCAUSE, "overtime_hours": CT, "defects_found": Y}, n=150, group="dev"))
    add(S("ward_wash_infection_rare", "binary, rare binary outcome", "hospital", "chlorhexidine_wash", "bloodstream_infection", [
        ("patient_age", lambda v, r, n: 65 + nz(r, n, 12)),
        ("icu_days", lambda v, r, n: r.poisson(2.0, n)),
        ("central_line", lambda v, r, n: bern(r, sig(-1 + 0.5 * (v["icu_days"] - 2)))),
        ("chlorhexidine_wash", lambda v, r, n: bern(r, sig(-0.3 + 0.4 * (v["icu_days"] - 2) + 0.02 * (v["patient_age"] - 65) + 0.8 * v["central_line"]))),
        ("bloodstream_infection", lambda v, r, n: bern(r, sig(-4.3 + 0.35 * (v["icu_days"] - 2) + 0.03 * (v["patient_age"] - 65) + 1.2 * v["central_line"] - 0.7 * v["chlorhexidine_wash"]))),
    ], ["patient_age", "icu_days", "central_line"], {"patient_age": CONF, "icu_days": CONF, "central_line": CONF, "chlorhexidine_wash": BT, "bloodstream_infection": Y}, n=4000, group="dev"))
    add(_telehealth_small_wide())
    add(S("bike_lane_collisions_count", "binary, count outcome", "transport", "protected_bike_lane", "cyclist_collisions", [
        ("traffic_k_per_day", lambda v, r, n: r.lognormal(2.5, 0.5, n)),
        ("speed_limit_kmh", lambda v, r, n: r.choice(np.array([30, 50, 70]), n, p=[0.3, 0.5, 0.2])),
        ("protected_bike_lane", lambda v, r, n: bern(r, sig(-0.5 + 0.08 * (v["traffic_k_per_day"] - 13) - 0.03 * (v["speed_limit_kmh"] - 50)))),
        ("cyclist_collisions", lambda v, r, n: r.poisson(np.exp(0.3 + 0.06 * (v["traffic_k_per_day"] - 13) + 0.015 * (v["speed_limit_kmh"] - 50) - 0.5 * v["protected_bike_lane"]))),
    ], ["traffic_k_per_day", "speed_limit_kmh"], {"traffic_k_per_day": CONF, "speed_limit_kmh": CONF, "protected_bike_lane": BT, "cyclist_collisions": Y}, n=900, group="dev"))
    add(S("concierge_spend_overlap", "binary, strong confounding, limited overlap, varying effect", "retail banking", "concierge_service", "next_year_spend_k", [
        ("annual_spend_k", lambda v, r, n: r.lognormal(1.5, 0.7, n)),
        ("branch_visits", lambda v, r, n: r.poisson(3, n)),
        ("concierge_service", lambda v, r, n: bern(r, sig(4.0 * (np.log(v["annual_spend_k"]) - 1.5) + 0.1 * (v["branch_visits"] - 3)))),
        ("next_year_spend_k", lambda v, r, n: 5 + 0.9 * v["annual_spend_k"] + 0.4 * v["branch_visits"] + v["concierge_service"] * (1 + 0.3 * v["annual_spend_k"]) + nz(r, n, 2)),
    ], ["annual_spend_k", "branch_visits"], {"annual_spend_k": CONF, "branch_visits": CONF, "concierge_service": BT, "next_year_spend_k": Y}, n=1200, group="dev"))
    add(S("feed_supplement_pasture_step", "continuous, step confounding", "dairy", "supplement_kg_day", "milk_l_day", [
        ("pasture_quality", lambda v, r, n: r.uniform(0, 1, n)),
        ("herd_size", lambda v, r, n: r.gamma(4.0, 30.0, n)),
        ("supplement_kg_day", lambda v, r, n: 2 + 3 * (v["pasture_quality"] < 0.35) + 0.005 * (v["herd_size"] - 120) + nz(r, n, 0.8)),
        ("milk_l_day", lambda v, r, n: 22 + 1.5 * v["supplement_kg_day"] - 7 * (v["pasture_quality"] < 0.35) + 0.01 * (v["herd_size"] - 120) + nz(r, n, 2)),
    ], ["pasture_quality", "herd_size"], {"pasture_quality": CONF, "herd_size": CONF, "supplement_kg_day": CT, "milk_l_day": Y}, n=800, exact_ate=1.5, group="dev", linear_oracle=False))
    return out


def _telehealth_small_wide() -> Scenario:
    """160 patients, 4 confounders among 12 columns, an effect that varies with the load of
    chronic conditions."""
    eqs = [
        ("distance_to_clinic_km", lambda v, r, n: r.gamma(2.0, 15.0, n)),
        ("patient_age", lambda v, r, n: 55 + nz(r, n, 14)),
        ("chronic_conditions", lambda v, r, n: r.poisson(1.5, n)),
        ("broadband_mbps", lambda v, r, n: r.lognormal(3.0, 0.6, n)),
    ]
    extra = ["household_size", "pharmacy_visits", "shoe_size_eu", "blood_pressure_sys", "steps_per_day_k", "years_at_address", "dental_checkups"]
    for i, c in enumerate(extra):
        eqs.append((c, (lambda k: lambda v, r, n: 3 + k + nz(r, n, 1 + 0.3 * k))(i)))
    eqs += [
        ("telehealth_enrolled", lambda v, r, n: bern(r, sig(-0.5 + 0.04 * (v["distance_to_clinic_km"] - 30) - 0.03 * (v["patient_age"] - 55) + 0.4 * (v["chronic_conditions"] - 1.5) + 0.6 * (np.log(v["broadband_mbps"]) - 3)))),
        ("unplanned_visits_score", lambda v, r, n: 10 + 0.06 * (v["distance_to_clinic_km"] - 30) + 0.05 * (v["patient_age"] - 55) + 1.5 * v["chronic_conditions"] + 0.5 * (np.log(v["broadband_mbps"]) - 3) + 0.6 * (v["pharmacy_visits"] - 4) - v["telehealth_enrolled"] * (1 + 0.8 * v["chronic_conditions"]) + nz(r, n, 2.5)),
    ]
    conf = ["distance_to_clinic_km", "patient_age", "chronic_conditions", "broadband_mbps"]
    roles = {c: CONF for c in conf} | {c: NOISE for c in extra} | {"pharmacy_visits": OCAUSE, "telehealth_enrolled": BT, "unplanned_visits_score": Y}
    return S("telehealth_small_wide", "binary, n=160 with 12 columns, varying effect", "primary care", "telehealth_enrolled", "unplanned_visits_score", eqs, conf, roles, n=160, group="dev")


def _downstream_adjusted_scenarios() -> list[Scenario]:
    """Scenarios for the miss class where a mediator, a common effect of the treatment and the
    outcome, or another descendant is adjusted for (bias, not only imprecision): full and
    partial mediators, continuous and binary common effects, a child of the outcome, a child of
    the treatment alone, with skewed, Laplace, uniform and count noise, n from 300 to 3000; and
    two guards of classes that already work (confounders only; an instrument and an outcome
    cause)."""
    out: list[Scenario] = []
    add = out.append
    add(S("aphid_spray_yield_full", "continuous, mediator carrying the whole effect, gamma confounder", "agronomy", "spray_l_per_ha", "grain_yield_t_ha", [
        ("field_slope_deg", lambda v, r, n: r.gamma(2.0, 3.0, n)),
        ("rainfall_mm", lambda v, r, n: 600 + nz(r, n, 80)),
        ("spray_l_per_ha", lambda v, r, n: 2 + 0.15 * (v["field_slope_deg"] - 6) + 0.004 * (v["rainfall_mm"] - 600) + skew(r, n, 0.6)),
        ("aphid_density", lambda v, r, n: 30 - 5 * v["spray_l_per_ha"] - 0.015 * (v["rainfall_mm"] - 600) + skew(r, n, 4)),
        ("grain_yield_t_ha", lambda v, r, n: 8 - 0.08 * v["aphid_density"] - 0.06 * (v["field_slope_deg"] - 6) + 0.003 * (v["rainfall_mm"] - 600) + nz(r, n, 0.4)),
    ], ["field_slope_deg", "rainfall_mm"], {"field_slope_deg": CONF, "rainfall_mm": CONF, "aphid_density": MED, "spray_l_per_ha": CT, "grain_yield_t_ha": Y}, n=700, exact_ate=-5 * -0.08, group="dev"))
    add(S("standing_desk_back_pain", "binary, partial mediator, skewed noise", "workplace health", "standing_desk", "back_pain_score", [
        ("age_years", lambda v, r, n: 40 + nz(r, n, 10)),
        ("desk_hours", lambda v, r, n: r.gamma(4.0, 1.8, n)),
        ("standing_desk", lambda v, r, n: bern(r, sig(-0.3 + 0.03 * (v["age_years"] - 40) + 0.25 * (v["desk_hours"] - 7.2)))),
        ("daily_steps_k", lambda v, r, n: 6 + 1.5 * v["standing_desk"] - 0.2 * (v["desk_hours"] - 7.2) + skew(r, n, 1.5)),
        ("back_pain_score", lambda v, r, n: 5 - 0.4 * v["daily_steps_k"] - 0.8 * v["standing_desk"] + 0.04 * (v["age_years"] - 40) + 0.3 * (v["desk_hours"] - 7.2) + skew(r, n, 1.2)),
    ], ["age_years", "desk_hours"], {"age_years": CONF, "desk_hours": CONF, "daily_steps_k": MED, "standing_desk": BT, "back_pain_score": Y}, n=500, exact_ate=-0.8 - 0.4 * 1.5, group="dev"))
    add(S("hotel_app_room_service", "binary, count outcome, continuous common effect", "hospitality", "booking_app", "room_service_orders", [
        ("guest_nights", lambda v, r, n: 1 + r.poisson(2.5, n)),
        ("business_trip", lambda v, r, n: bern(r, np.full(n, 0.4))),
        ("booking_app", lambda v, r, n: bern(r, sig(-0.4 + 0.2 * (v["guest_nights"] - 3.5) + 0.8 * v["business_trip"]))),
        ("room_service_orders", lambda v, r, n: r.poisson(np.exp(0.2 + 0.15 * (v["guest_nights"] - 3.5) + 0.3 * v["business_trip"] + 0.35 * v["booking_app"]))),
        ("review_stars", lambda v, r, n: 3.5 + 0.4 * v["booking_app"] + 0.25 * v["room_service_orders"] + nz(r, n, 0.6)),
    ], ["guest_nights", "business_trip"], {"guest_nights": CONF, "business_trip": CONF, "review_stars": COLL, "booking_app": BT, "room_service_orders": Y}, n=2000, group="dev"))
    add(S("cache_latency_incident", "continuous, binary common effect, lognormal noise, n=300", "web operations", "cache_mb", "page_latency_ms", [
        ("traffic_k_rps", lambda v, r, n: r.lognormal(1.0, 0.4, n)),
        ("cache_mb", lambda v, r, n: 500 + 40 * (v["traffic_k_rps"] - 3) + nz(r, n, 60)),
        ("page_latency_ms", lambda v, r, n: 220 - 0.15 * v["cache_mb"] + 18 * (v["traffic_k_rps"] - 3) + 25 * (r.lognormal(0.0, 0.5, n) - np.exp(0.125))),
        ("incident_ticket", lambda v, r, n: bern(r, sig(-1 + 0.06 * (v["page_latency_ms"] - 145) - 0.015 * (v["cache_mb"] - 500)))),
    ], ["traffic_k_rps"], {"traffic_k_rps": CONF, "incident_ticket": COLL, "cache_mb": CT, "page_latency_ms": Y}, n=300, exact_ate=-0.15, group="dev"))
    add(S("greenhouse_co2_revenue", "continuous, child of the outcome, Laplace noise, n=3000", "horticulture", "co2_ppm", "tomato_yield_kg_m2", [
        ("greenhouse_age_yrs", lambda v, r, n: 11 + uni(r, n, 5)),
        ("light_hours", lambda v, r, n: 14 + lap(r, n, 1.5)),
        ("co2_ppm", lambda v, r, n: 800 - 10 * (v["greenhouse_age_yrs"] - 11) + 30 * (v["light_hours"] - 14) + lap(r, n, 80)),
        ("tomato_yield_kg_m2", lambda v, r, n: 40 + 0.02 * v["co2_ppm"] - 0.3 * (v["greenhouse_age_yrs"] - 11) + 0.8 * (v["light_hours"] - 14) + lap(r, n, 3)),
        ("market_revenue_k", lambda v, r, n: 5 + 0.6 * v["tomato_yield_kg_m2"] + lap(r, n, 2)),
    ], ["greenhouse_age_yrs", "light_hours"], {"greenhouse_age_yrs": CONF, "light_hours": CONF, "market_revenue_k": DESC, "co2_ppm": CT, "tomato_yield_kg_m2": Y}, n=3000, exact_ate=0.02, group="dev"))
    add(S("headphones_focus_charges", "binary, count child of the treatment alone, gamma noise", "workplace", "noise_cancelling", "focus_score", [
        ("open_office", lambda v, r, n: bern(r, np.full(n, 0.5))),
        ("commute_min", lambda v, r, n: r.gamma(3.0, 12.0, n)),
        ("noise_cancelling", lambda v, r, n: bern(r, sig(-0.8 + 1.2 * v["open_office"] + 0.02 * (v["commute_min"] - 36)))),
        ("battery_charges_week", lambda v, r, n: r.poisson(0.5 + 4.5 * v["noise_cancelling"])),
        ("focus_score", lambda v, r, n: 60 + 5 * v["noise_cancelling"] - 6 * v["open_office"] - 0.1 * (v["commute_min"] - 36) + r.gamma(2.0, 3.0, n) - 6),
    ], ["open_office", "commute_min"], {"open_office": CONF, "commute_min": CONF, "battery_charges_week": "descendant of treatment", "noise_cancelling": BT, "focus_score": Y}, n=1500, exact_ate=5.0, group="dev"))
    add(S("transit_subsidy_emissions", "continuous, mediator and child of the outcome, count confounder", "urban transport", "transit_subsidy_usd", "co2_kg_week", [
        ("household_cars", lambda v, r, n: r.poisson(1.2, n)),
        ("distance_to_station_km", lambda v, r, n: r.gamma(2.0, 1.5, n)),
        ("transit_subsidy_usd", lambda v, r, n: 40 - 5 * (v["distance_to_station_km"] - 3) - 6 * (v["household_cars"] - 1.2) + nz(r, n, 10)),
        ("car_trips_week", lambda v, r, n: 12 - 0.12 * v["transit_subsidy_usd"] + 3 * (v["household_cars"] - 1.2) + 0.8 * (v["distance_to_station_km"] - 3) + skew(r, n, 2)),
        ("co2_kg_week", lambda v, r, n: 30 + 2.2 * v["car_trips_week"] - 0.05 * v["transit_subsidy_usd"] + 4 * (v["household_cars"] - 1.2) + skew(r, n, 4)),
        ("air_quality_complaints", lambda v, r, n: r.poisson(np.exp(0.3 + 0.03 * (v["co2_kg_week"] - 44)))),
    ], ["household_cars", "distance_to_station_km"], {"household_cars": CONF, "distance_to_station_km": CONF, "car_trips_week": MED, "air_quality_complaints": DESC, "transit_subsidy_usd": CT, "co2_kg_week": Y}, n=800, exact_ate=-0.05 + 2.2 * -0.12, group="dev"))
    add(S("pet_insurance_vet_spend", "binary, gamma confounder, count outcome cause", "pet care", "pet_insurance", "vet_spend_usd", [
        ("pet_age_years", lambda v, r, n: r.gamma(2.0, 2.5, n)),
        ("breed_risk_index", lambda v, r, n: 1 + nz(r, n, 0.5)),
        ("household_pets", lambda v, r, n: 1 + r.poisson(1.5, n)),
        ("pet_insurance", lambda v, r, n: bern(r, sig(-0.6 + 0.2 * (v["pet_age_years"] - 5) + 0.8 * (v["breed_risk_index"] - 1)))),
        ("vet_spend_usd", lambda v, r, n: 300 + 120 * v["pet_insurance"] + 40 * (v["pet_age_years"] - 5) + 150 * (v["breed_risk_index"] - 1) + 20 * (v["household_pets"] - 2.5) + nz(r, n, 80)),
    ], ["pet_age_years", "breed_risk_index"], {"pet_age_years": CONF, "breed_risk_index": CONF, "household_pets": OCAUSE, "pet_insurance": BT, "vet_spend_usd": Y}, n=600, exact_ate=120.0, group="dev"))
    add(S("fishing_trips_catch", "continuous, instrument and outcome cause, uniform noise", "fisheries", "boat_trips_week", "catch_tonnes", [
        ("sea_temp_c", lambda v, r, n: 15 + uni(r, n, 2)),
        ("fuel_price", lambda v, r, n: 1.8 + uni(r, n, 0.3)),
        ("crew_experience_yrs", lambda v, r, n: r.gamma(3.0, 4.0, n)),
        ("boat_trips_week", lambda v, r, n: 4 + 0.4 * (v["sea_temp_c"] - 15) - 3 * (v["fuel_price"] - 1.8) + uni(r, n, 1)),
        ("catch_tonnes", lambda v, r, n: 10 + 1.2 * v["boat_trips_week"] + 0.8 * (v["sea_temp_c"] - 15) + 0.1 * (v["crew_experience_yrs"] - 12) + uni(r, n, 2)),
    ], ["sea_temp_c"], {"sea_temp_c": CONF, "fuel_price": INSTR, "crew_experience_yrs": OCAUSE, "boat_trips_week": CT, "catch_tonnes": Y}, n=2500, exact_ate=1.2, group="dev"))
    add(S("ebike_subsidy_fuel_mixed", "mixed roles, binary treatment, skewed mediator and common effect", "mobility", "ebike_subsidy", "fuel_spend_usd", [
        ("commute_km", lambda v, r, n: r.gamma(2.0, 6.0, n)),
        ("household_income_k", lambda v, r, n: r.lognormal(4.1, 0.35, n)),
        ("ebike_subsidy", lambda v, r, n: bern(r, sig(-0.3 + 0.08 * (v["commute_km"] - 12) + 0.015 * (v["household_income_k"] - 64)))),
        ("km_cycled_week", lambda v, r, n: 10 + 35 * v["ebike_subsidy"] + 0.8 * (v["commute_km"] - 12) + skew(r, n, 8)),
        ("fuel_spend_usd", lambda v, r, n: 60 - 0.6 * v["km_cycled_week"] - 6 * v["ebike_subsidy"] + 2.0 * (v["commute_km"] - 12) + 0.1 * (v["household_income_k"] - 64) + skew(r, n, 8)),
        ("commute_satisfaction", lambda v, r, n: 5 + 0.8 * v["ebike_subsidy"] - 0.03 * v["fuel_spend_usd"] + nz(r, n, 0.7)),
    ], ["commute_km", "household_income_k"], {"commute_km": CONF, "household_income_k": CONF, "km_cycled_week": MED, "commute_satisfaction": COLL, "ebike_subsidy": BT, "fuel_spend_usd": Y}, n=1000, exact_ate=-6 - 0.6 * 35, group="dev"))
    return out


# Confounders with varied marginals (gamma, lognormal, heavy tails, counts, binary, categorical
# and ordinal text) and strengths, next to a mediator, a collider or a descendant: the class where
# a confounder is left out of the adjustment set. Written and scored at once (group "dev").
# fmt: off
FRAILTY = {"fit": 0, "mild": 1, "moderate": 2, "severe": 3}
SCHOOLING = {"none": 0, "primary": 1, "secondary": 2, "tertiary": 3}


def _confounder_marginal_scenarios() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("vet_dental_gamma_plaque", "binary, gamma and count confounders, mediator", "veterinary", "dental_cleaning", "tooth_loss_score", [
        ("pet_age_years", lambda v, r, n: r.gamma(2.0, 2.5, n)),
        ("clinic_visits_2y", lambda v, r, n: r.poisson(3.0, n)),
        ("dental_cleaning", lambda v, r, n: bern(r, sig(-1.0 + 0.18 * v["pet_age_years"] + 0.25 * (v["clinic_visits_2y"] - 3)))),
        ("plaque_index", lambda v, r, n: 2.5 - 1.2 * v["dental_cleaning"] + 0.1 * v["pet_age_years"] + nz(r, n, 0.6)),
        ("tooth_loss_score", lambda v, r, n: 1 + 0.8 * v["plaque_index"] - 0.5 * v["dental_cleaning"] + 0.35 * v["pet_age_years"] + 0.3 * (v["clinic_visits_2y"] - 3) + nz(r, n, 1.2)),
    ], ["pet_age_years", "clinic_visits_2y"], {"pet_age_years": CONF, "clinic_visits_2y": CONF, "plaque_index": MED, "dental_cleaning": BT, "tooth_loss_score": Y}, n=700, exact_ate=-1.2 * 0.8 - 0.5, group="dev"))
    add(S("forklift_training_lognormal_site", "continuous, lognormal and 3-level categorical confounders, descendant of the outcome", "logistics", "operator_training_h", "incident_rate", [
        ("site_throughput_tph", lambda v, r, n: r.lognormal(3.0, 0.8, n)),
        ("shift_pattern", lambda v, r, n: pick(r, n, ["day", "rotating", "night"], [0.5, 0.3, 0.2])),
        ("operator_training_h", lambda v, r, n: 12 + 0.15 * (v["site_throughput_tph"] - 27) + lookup(v["shift_pattern"], {"day": 0.0, "rotating": 2.0, "night": 4.0}) + nz(r, n, 3)),
        ("incident_rate", lambda v, r, n: 8 - 0.25 * v["operator_training_h"] + 0.08 * (v["site_throughput_tph"] - 27) + lookup(v["shift_pattern"], {"day": 0.0, "rotating": 1.5, "night": 3.0}) + nz(r, n, 1.5)),
        ("insurance_premium_k", lambda v, r, n: 40 + 2.5 * v["incident_rate"] + nz(r, n, 3)),
    ], ["site_throughput_tph", "shift_pattern"], {"site_throughput_tph": CONF, "shift_pattern": CONF, "insurance_premium_k": DESC, "operator_training_h": CT, "incident_rate": Y}, n=1500, exact_ate=-0.25, group="dev"))
    add(S("microloan_mentoring_heavy_revenue", "binary, heavy-tailed and ordinal text confounders, collider", "microfinance", "business_mentoring", "profit_growth_pct", [
        ("monthly_revenue_k", lambda v, r, n: 6 + 2 * r.standard_t(2.5, n)),
        ("owner_schooling", lambda v, r, n: pick(r, n, list(SCHOOLING), [0.15, 0.35, 0.35, 0.15])),
        ("business_mentoring", lambda v, r, n: bern(r, sig(-0.6 + 0.12 * np.clip(v["monthly_revenue_k"] - 6, -15, 15) + 0.5 * (lookup(v["owner_schooling"], SCHOOLING) - 1.5)))),
        ("profit_growth_pct", lambda v, r, n: 5 + 3.0 * v["business_mentoring"] + 0.4 * np.clip(v["monthly_revenue_k"] - 6, -15, 15) + 1.2 * (lookup(v["owner_schooling"], SCHOOLING) - 1.5) + nz(r, n, 3)),
        ("loan_renewed", lambda v, r, n: bern(r, sig(-0.5 + 1.0 * v["business_mentoring"] + 0.25 * (v["profit_growth_pct"] - 6)))),
    ], ["monthly_revenue_k", "owner_schooling"], {"monthly_revenue_k": CONF, "owner_schooling": CONF, "loan_renewed": COLL, "business_mentoring": BT, "profit_growth_pct": Y}, n=600, exact_ate=3.0, group="dev"))
    add(S("ground_crew_departures_region", "continuous, count and weak 5-level categorical confounders, mediator", "aviation", "ground_crew_size", "avg_delay_min", [
        ("daily_departures", lambda v, r, n: r.poisson(40, n)),
        ("airport_region", lambda v, r, n: pick(r, n, ["north", "south", "east", "west", "islands"], [0.25, 0.25, 0.2, 0.2, 0.1])),
        ("ground_crew_size", lambda v, r, n: 20 + 0.5 * (v["daily_departures"] - 40) + lookup(v["airport_region"], {"north": 0.0, "south": 0.5, "east": -0.5, "west": 0.3, "islands": -1.0}) + nz(r, n, 3)),
        ("turnaround_min", lambda v, r, n: 45 - 0.8 * v["ground_crew_size"] + 0.3 * (v["daily_departures"] - 40) + nz(r, n, 3)),
        ("avg_delay_min", lambda v, r, n: 10 + 0.6 * v["turnaround_min"] - 0.1 * v["ground_crew_size"] + 0.4 * (v["daily_departures"] - 40) + lookup(v["airport_region"], {"north": 0.0, "south": 0.8, "east": -0.6, "west": 0.4, "islands": 1.5}) + nz(r, n, 2.5)),
    ], ["daily_departures", "airport_region"], {"daily_departures": CONF, "airport_region": CONF, "turnaround_min": MED, "ground_crew_size": CT, "avg_delay_min": Y}, n=2500, exact_ate=-0.8 * 0.6 - 0.1, group="dev"))
    add(S("crop_insurance_weak_confounders", "binary strong effect, weak binary and gamma confounders, collider", "agriculture", "crop_insurance", "income_stability", [
        ("irrigated", lambda v, r, n: bern(r, np.full(n, 0.4))),
        ("farm_debt_k", lambda v, r, n: r.gamma(1.5, 20.0, n)),
        ("crop_insurance", lambda v, r, n: bern(r, sig(-0.3 + 0.35 * v["irrigated"] + 0.008 * (v["farm_debt_k"] - 30)))),
        ("income_stability", lambda v, r, n: 50 + 8.0 * v["crop_insurance"] + 1.5 * v["irrigated"] - 0.05 * (v["farm_debt_k"] - 30) + nz(r, n, 5)),
        ("bank_rating", lambda v, r, n: 5 + 0.8 * v["crop_insurance"] + 0.1 * (v["income_stability"] - 54) + nz(r, n, 1)),
    ], ["irrigated", "farm_debt_k"], {"irrigated": CONF, "farm_debt_k": CONF, "bank_rating": COLL, "crop_insurance": BT, "income_stability": Y}, n=3000, exact_ate=8.0, group="dev"))
    add(S("home_nurse_frailty_small", "binary, ordinal text and lognormal confounders, instrument, n=300", "home care", "home_nurse_visits", "days_to_readmission", [
        ("frailty_grade", lambda v, r, n: pick(r, n, list(FRAILTY), [0.3, 0.3, 0.25, 0.15])),
        ("distance_to_hospital_km", lambda v, r, n: r.lognormal(2.3, 0.7, n)),
        ("nurse_roster_gap", lambda v, r, n: bern(r, np.full(n, 0.3))),
        ("home_nurse_visits", lambda v, r, n: bern(r, sig(-0.8 + 0.6 * lookup(v["frailty_grade"], FRAILTY) + 0.04 * (v["distance_to_hospital_km"] - 12) - 1.2 * v["nurse_roster_gap"]))),
        ("days_to_readmission", lambda v, r, n: 60 + 10 * v["home_nurse_visits"] - 8 * lookup(v["frailty_grade"], FRAILTY) - 0.4 * (v["distance_to_hospital_km"] - 12) + nz(r, n, 12)),
    ], ["frailty_grade", "distance_to_hospital_km"], {"frailty_grade": CONF, "distance_to_hospital_km": CONF, "nurse_roster_gap": INSTR, "home_nurse_visits": BT, "days_to_readmission": Y}, n=300, exact_ate=10.0, group="dev"))
    add(S("library_hours_gaussian_visits", "continuous, Gaussian confounders, mediator with a second cause", "public libraries", "opening_hours_week", "reading_score", [
        ("town_population_k", lambda v, r, n: 50 + nz(r, n, 12)),
        ("council_culture_budget", lambda v, r, n: 10 + nz(r, n, 2)),
        ("school_bus_routes", lambda v, r, n: 6 + nz(r, n, 2)),
        ("opening_hours_week", lambda v, r, n: 40 + 0.2 * (v["town_population_k"] - 50) + 1.5 * (v["council_culture_budget"] - 10) + nz(r, n, 4)),
        ("visits_per_week_k", lambda v, r, n: 2 + 0.05 * v["opening_hours_week"] + 0.3 * v["school_bus_routes"] + nz(r, n, 0.5)),
        ("reading_score", lambda v, r, n: 100 + 4 * v["visits_per_week_k"] + 0.1 * v["opening_hours_week"] + 0.15 * (v["town_population_k"] - 50) + 1.0 * (v["council_culture_budget"] - 10) + nz(r, n, 3)),
    ], ["town_population_k", "council_culture_budget"], {"town_population_k": CONF, "council_culture_budget": CONF, "school_bus_routes": OCAUSE, "visits_per_week_k": MED, "opening_hours_week": CT, "reading_score": Y}, n=1000, exact_ate=4 * 0.05 + 0.1, group="dev"))
    add(S("workplace_charger_commute_skew", "binary, lognormal and gamma confounders, descendant of the treatment", "electric vehicles", "workplace_charger", "ev_miles_share", [
        ("commute_km", lambda v, r, n: r.lognormal(2.8, 0.6, n)),
        ("salary_k", lambda v, r, n: r.gamma(3.0, 15.0, n)),
        ("workplace_charger", lambda v, r, n: bern(r, sig(-0.5 + 0.03 * (v["commute_km"] - 19) + 0.02 * (v["salary_k"] - 45)))),
        ("charger_app_sessions", lambda v, r, n: r.poisson(np.exp(0.5 + 1.2 * v["workplace_charger"]))),
        ("ev_miles_share", lambda v, r, n: 30 + 12 * v["workplace_charger"] + 0.4 * (v["commute_km"] - 19) + 0.15 * (v["salary_k"] - 45) + skew(r, n, 8)),
    ], ["commute_km", "salary_k"], {"commute_km": CONF, "salary_k": CONF, "charger_app_sessions": "descendant of treatment", "workplace_charger": BT, "ev_miles_share": Y}, n=1200, exact_ate=12.0, group="dev"))
    return out


# Estimator choice and interval honesty given easy-to-read roles: nonlinear confounding
# (a quadratic, an interaction, an exponential, a log), heteroskedastic heavy-tailed noise,
# zero-inflated and skewed outcomes, binary outcomes (common and rare, risk differences), an
# overdispersed count outcome, limited overlap, an effect varying around its average, few rows
# for many columns, continuous treatments with nonlinear confounders. Written at once in two
# groups: `dev` scored before any change it prompted, `unseen` only afterwards.
# fmt: off
def _estimator_tables_dev8() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("kiln_glaze_cracks_quadratic", "binary, quadratic confounding", "ceramics", "new_glaze", "crack_rate_pct", [
        ("kiln_temp_c", lambda v, r, n: 1200 + nz(r, n, 30)),
        ("clay_moisture_pct", lambda v, r, n: 8 + r.gamma(2.0, 1.0, n)),
        ("new_glaze", lambda v, r, n: bern(r, sig(-1.2 + 0.9 * ((v["kiln_temp_c"] - 1200) / 30) ** 2 + 0.2 * (v["clay_moisture_pct"] - 10)))),
        ("crack_rate_pct", lambda v, r, n: 6 - 1.5 * v["new_glaze"] + 2.0 * ((v["kiln_temp_c"] - 1200) / 30) ** 2 + 0.4 * (v["clay_moisture_pct"] - 10) + nz(r, n, 1.5)),
    ], ["kiln_temp_c", "clay_moisture_pct"], {"kiln_temp_c": CONF, "clay_moisture_pct": CONF, "new_glaze": BT, "crack_rate_pct": Y}, n=800, exact_ate=-1.5, group="dev"))
    add(S("orchard_netting_hail_interaction", "binary, interacting confounders", "fruit growing", "hail_netting", "marketable_fruit_t", [
        ("hail_days_year", lambda v, r, n: r.poisson(3.0, n)),
        ("orchard_altitude_km", lambda v, r, n: r.uniform(0.2, 1.2, n)),
        ("orchard_age_yrs", lambda v, r, n: r.integers(3, 30, n)),
        ("hail_netting", lambda v, r, n: bern(r, sig(-1.5 + 0.6 * v["hail_days_year"] * v["orchard_altitude_km"]))),
        ("marketable_fruit_t", lambda v, r, n: 40 + 4.0 * v["hail_netting"] - 3.0 * v["hail_days_year"] * v["orchard_altitude_km"] + 0.2 * (v["orchard_age_yrs"] - 16) + nz(r, n, 3)),
    ], ["hail_days_year", "orchard_altitude_km"], {"hail_days_year": CONF, "orchard_altitude_km": CONF, "orchard_age_yrs": OCAUSE, "hail_netting": BT, "marketable_fruit_t": Y}, n=900, exact_ate=4.0, group="dev", linear_oracle=False))
    add(S("datacentre_setpoint_exponential", "continuous, exponential confounder", "data centres", "chiller_setpoint_c", "power_draw_kw", [
        ("outside_temp_c", lambda v, r, n: 18 + nz(r, n, 6)),
        ("rack_count", lambda v, r, n: r.poisson(40, n)),
        ("chiller_setpoint_c", lambda v, r, n: 22 - 0.25 * (v["outside_temp_c"] - 18) + 0.03 * (v["rack_count"] - 40) + nz(r, n, 1.0)),
        ("power_draw_kw", lambda v, r, n: 300 - 6.0 * v["chiller_setpoint_c"] + 25 * np.exp(0.12 * (v["outside_temp_c"] - 18)) + 2.0 * (v["rack_count"] - 40) + nz(r, n, 10)),
    ], ["outside_temp_c", "rack_count"], {"outside_temp_c": CONF, "rack_count": CONF, "chiller_setpoint_c": CT, "power_draw_kw": Y}, n=700, exact_ate=-6.0, group="dev", linear_oracle=False))
    add(S("courier_bonus_heavy_tail", "binary, heavy-tailed heteroskedastic outcome", "delivery", "speed_bonus", "deliveries_per_day", [
        ("route_km", lambda v, r, n: r.gamma(3.0, 10.0, n)),
        ("courier_tenure_m", lambda v, r, n: r.gamma(2.0, 9.0, n)),
        ("speed_bonus", lambda v, r, n: bern(r, sig(-0.4 + 0.04 * (v["route_km"] - 30) + 0.03 * (v["courier_tenure_m"] - 18)))),
        ("deliveries_per_day", lambda v, r, n: 60 + 5.0 * v["speed_bonus"] - 0.5 * (v["route_km"] - 30) + 0.3 * (v["courier_tenure_m"] - 18) + r.standard_t(2.5, n) * (2 + 0.25 * v["route_km"])),
    ], ["route_km", "courier_tenure_m"], {"route_km": CONF, "courier_tenure_m": CONF, "speed_bonus": BT, "deliveries_per_day": Y}, n=1200, exact_ate=5.0, group="dev"))
    add(S("appliance_warranty_repair_cost", "binary, zero-inflated skewed outcome", "consumer electronics", "extended_warranty", "repair_cost_usd", [
        ("appliance_age_yrs", lambda v, r, n: r.gamma(2.0, 2.0, n)),
        ("purchase_price_usd", lambda v, r, n: r.lognormal(6.0, 0.5, n)),
        ("extended_warranty", lambda v, r, n: bern(r, sig(-0.6 + 0.2 * (v["appliance_age_yrs"] - 4) + 1.0 * (np.log(v["purchase_price_usd"]) - 6)))),
        ("_broke", lambda v, r, n: bern(r, sig(-1.2 + 0.3 * (v["appliance_age_yrs"] - 4) + 0.5 * (np.log(v["purchase_price_usd"]) - 6) - 0.5 * v["extended_warranty"]))),
        ("repair_cost_usd", lambda v, r, n: v["_broke"] * r.lognormal(4.5 + 0.6 * (np.log(v["purchase_price_usd"]) - 6) + 0.3 * v["extended_warranty"], 0.8, n)),
    ], ["appliance_age_yrs", "purchase_price_usd"], {"appliance_age_yrs": CONF, "purchase_price_usd": CONF, "extended_warranty": BT, "repair_cost_usd": Y}, n=2500, group="dev"))
    add(S("gym_onboarding_cancel_common", "binary, common binary outcome (risk difference)", "fitness clubs", "onboarding_call", "cancelled_6m", [
        ("member_age", lambda v, r, n: 35 + nz(r, n, 11)),
        ("visits_first_month", lambda v, r, n: r.poisson(6, n)),
        ("contract_type", lambda v, r, n: pick(r, n, ["monthly", "annual", "student"], [0.5, 0.3, 0.2])),
        ("onboarding_call", lambda v, r, n: bern(r, sig(-0.3 - 0.12 * (v["visits_first_month"] - 6) + 0.02 * (v["member_age"] - 35) + lookup(v["contract_type"], {"monthly": 0.0, "annual": 0.6, "student": -0.5})))),
        ("cancelled_6m", lambda v, r, n: bern(r, sig(-0.3 - 0.8 * v["onboarding_call"] - 0.2 * (v["visits_first_month"] - 6) - 0.01 * (v["member_age"] - 35) + lookup(v["contract_type"], {"monthly": 0.5, "annual": -1.0, "student": 0.3})))),
    ], ["member_age", "visits_first_month", "contract_type"], {"member_age": CONF, "visits_first_month": CONF, "contract_type": CONF, "onboarding_call": BT, "cancelled_6m": Y}, n=1500, group="dev"))
    add(S("smoke_alarm_fire_injury_rare", "binary, rare binary outcome (risk difference)", "fire safety", "alarm_subsidy", "fire_injury", [
        ("house_age_yrs", lambda v, r, n: r.gamma(3.0, 15.0, n)),
        ("occupants", lambda v, r, n: 1 + r.poisson(1.6, n)),
        ("alarm_subsidy", lambda v, r, n: bern(r, sig(-0.5 + 0.02 * (v["house_age_yrs"] - 45) + 0.2 * (v["occupants"] - 2.6)))),
        ("fire_injury", lambda v, r, n: bern(r, sig(-3.6 + 0.02 * (v["house_age_yrs"] - 45) + 0.25 * (v["occupants"] - 2.6) - 0.9 * v["alarm_subsidy"]))),
    ], ["house_age_yrs", "occupants"], {"house_age_yrs": CONF, "occupants": CONF, "alarm_subsidy": BT, "fire_injury": Y}, n=3000, group="dev"))
    add(S("street_sweeping_litter_counts", "binary, overdispersed count outcome", "municipal services", "night_sweeping", "litter_reports", [
        ("footfall_k_day", lambda v, r, n: r.lognormal(1.5, 0.6, n)),
        ("food_outlets", lambda v, r, n: r.poisson(5, n)),
        ("night_sweeping", lambda v, r, n: bern(r, sig(-0.6 + 0.15 * (v["footfall_k_day"] - 5) + 0.1 * (v["food_outlets"] - 5)))),
        ("litter_reports", lambda v, r, n: r.poisson(r.gamma(1.5, 1 / 1.5, n) * np.exp(1.2 + 0.08 * (v["footfall_k_day"] - 5) + 0.07 * (v["food_outlets"] - 5) - 0.4 * v["night_sweeping"]))),
    ], ["footfall_k_day", "food_outlets"], {"footfall_k_day": CONF, "food_outlets": CONF, "night_sweeping": BT, "litter_reports": Y}, n=1000, group="dev"))
    add(S("fibre_upgrade_overlap", "binary, limited overlap", "telecom", "fibre_upgrade", "monthly_data_gb", [
        ("household_devices", lambda v, r, n: r.poisson(5, n)),
        ("prior_usage_gb", lambda v, r, n: r.gamma(3.0, 40.0, n)),
        ("fibre_upgrade", lambda v, r, n: bern(r, sig(-4.0 + 0.035 * v["prior_usage_gb"] + 0.2 * (v["household_devices"] - 5)))),
        ("monthly_data_gb", lambda v, r, n: 50 + 30 * v["fibre_upgrade"] + 0.8 * v["prior_usage_gb"] + 4 * (v["household_devices"] - 5) + nz(r, n, 20)),
    ], ["household_devices", "prior_usage_gb"], {"household_devices": CONF, "prior_usage_gb": CONF, "fibre_upgrade": BT, "monthly_data_gb": Y}, n=1500, exact_ate=30.0, group="dev"))
    add(S("peer_tutoring_varying_effect", "binary, effect varies with confounders", "secondary school", "peer_tutoring", "maths_gain", [
        ("prior_maths", lambda v, r, n: 50 + nz(r, n, 10)),
        ("free_meals", lambda v, r, n: bern(r, np.full(n, 0.3))),
        ("peer_tutoring", lambda v, r, n: bern(r, sig(-0.5 - 0.06 * (v["prior_maths"] - 50) + 0.9 * v["free_meals"]))),
        ("maths_gain", lambda v, r, n: 5 + 0.1 * (v["prior_maths"] - 50) - 2.0 * v["free_meals"] + v["peer_tutoring"] * (2.0 + 3.0 * v["free_meals"] - 0.15 * (v["prior_maths"] - 50)) + nz(r, n, 3)),
    ], ["prior_maths", "free_meals"], {"prior_maths": CONF, "free_meals": CONF, "peer_tutoring": BT, "maths_gain": Y}, n=1000, exact_ate=2.0 + 3.0 * 0.3, group="dev"))
    add(_herd_vaccine_small_wide())
    add(S("drip_fertigation_log_confounder", "continuous, log and square-root confounding", "vineyards", "fertigation_kg_ha", "grape_sugar_brix", [
        ("vine_density_k_ha", lambda v, r, n: r.lognormal(1.2, 0.5, n)),
        ("slope_aspect_sun_h", lambda v, r, n: 6 + r.gamma(2.0, 1.0, n)),
        ("fertigation_kg_ha", lambda v, r, n: 20 + 8 * np.log(v["vine_density_k_ha"]) + 1.0 * (v["slope_aspect_sun_h"] - 8) + nz(r, n, 3)),
        ("grape_sugar_brix", lambda v, r, n: 24 - 0.05 * v["fertigation_kg_ha"] - 3.0 * np.sqrt(v["vine_density_k_ha"]) + 0.5 * (v["slope_aspect_sun_h"] - 8) + nz(r, n, 0.8)),
    ], ["vine_density_k_ha", "slope_aspect_sun_h"], {"vine_density_k_ha": CONF, "slope_aspect_sun_h": CONF, "fertigation_kg_ha": CT, "grape_sugar_brix": Y}, n=600, exact_ate=-0.05, group="dev", linear_oracle=False))
    return out


def _herd_vaccine_small_wide() -> Scenario:
    """240 herds, 3 confounders among 15 columns (counts, text, skewed), a binary treatment."""
    eqs = [
        ("herd_size", lambda v, r, n: r.gamma(3.0, 60.0, n)),
        ("housing", lambda v, r, n: pick(r, n, ["open", "barn", "mixed"], [0.4, 0.4, 0.2])),
        ("previous_outbreaks", lambda v, r, n: r.poisson(1.0, n)),
    ]
    extra = ["farmer_age", "tractor_hp", "milk_price_cents", "km_to_town", "silo_count", "fence_km", "dog_count", "rain_days", "soil_carbon_pct", "vet_phone_calls"]
    for i, c in enumerate(extra):
        eqs.append((c, (lambda k: lambda v, r, n: r.gamma(2.0 + k % 3, 1.0 + k, n))(i)))
    eqs += [
        ("herd_vaccine", lambda v, r, n: bern(r, sig(-0.3 + 0.004 * (v["herd_size"] - 180) + 0.5 * (v["previous_outbreaks"] - 1) + lookup(v["housing"], {"open": -0.4, "barn": 0.4, "mixed": 0.0})))),
        ("calf_losses_pct", lambda v, r, n: 6 - 1.8 * v["herd_vaccine"] + 0.006 * (v["herd_size"] - 180) + 1.2 * (v["previous_outbreaks"] - 1) + lookup(v["housing"], {"open": 1.0, "barn": -0.5, "mixed": 0.0}) + 0.1 * (v["rain_days"] - 24) + skew(r, n, 2)),
    ]
    conf = ["herd_size", "housing", "previous_outbreaks"]
    roles = {c: CONF for c in conf} | {c: NOISE for c in extra} | {"rain_days": OCAUSE, "herd_vaccine": BT, "calf_losses_pct": Y}
    return S("herd_vaccine_small_wide", "binary, n=240 with 15 columns", "livestock", "herd_vaccine", "calf_losses_pct", eqs, conf, roles, n=240, exact_ate=-1.8, group="dev")


def _estimator_tables_unseen8() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("aquarium_uv_filter_quadratic", "binary, quadratic confounding", "aquaculture", "uv_filter", "fish_mortality_pct", [
        ("water_ph", lambda v, r, n: 7.2 + nz(r, n, 0.4)),
        ("stocking_kg_m3", lambda v, r, n: r.gamma(4.0, 5.0, n)),
        ("uv_filter", lambda v, r, n: bern(r, sig(-1.0 + 1.1 * ((v["water_ph"] - 7.2) / 0.4) ** 2 + 0.04 * (v["stocking_kg_m3"] - 20)))),
        ("fish_mortality_pct", lambda v, r, n: 4 - 1.0 * v["uv_filter"] + 1.6 * ((v["water_ph"] - 7.2) / 0.4) ** 2 + 0.08 * (v["stocking_kg_m3"] - 20) + nz(r, n, 1.2)),
    ], ["water_ph", "stocking_kg_m3"], {"water_ph": CONF, "stocking_kg_m3": CONF, "uv_filter": BT, "fish_mortality_pct": Y}, n=700, exact_ate=-1.0, group="unseen"))
    add(S("shelf_sensor_returns_zero_inflated", "binary, zero-inflated skewed outcome", "grocery retail", "shelf_sensor", "spoiled_goods_eur", [
        ("store_area_m2", lambda v, r, n: r.lognormal(6.5, 0.4, n)),
        ("fresh_share_pct", lambda v, r, n: 20 + r.gamma(2.0, 5.0, n)),
        ("shelf_sensor", lambda v, r, n: bern(r, sig(-0.4 + 1.2 * (np.log(v["store_area_m2"]) - 6.5) + 0.05 * (v["fresh_share_pct"] - 30)))),
        ("_spoil", lambda v, r, n: bern(r, sig(-0.5 + 0.06 * (v["fresh_share_pct"] - 30) + 0.8 * (np.log(v["store_area_m2"]) - 6.5) - 0.7 * v["shelf_sensor"]))),
        ("spoiled_goods_eur", lambda v, r, n: v["_spoil"] * r.lognormal(5.0 + 0.02 * (v["fresh_share_pct"] - 30) - 0.2 * v["shelf_sensor"], 1.0, n)),
    ], ["store_area_m2", "fresh_share_pct"], {"store_area_m2": CONF, "fresh_share_pct": CONF, "shelf_sensor": BT, "spoiled_goods_eur": Y}, n=1800, group="unseen"))
    add(S("breakfast_club_absence_common", "binary, common binary outcome (risk difference)", "primary school", "breakfast_club", "persistent_absence", [
        ("household_income_k", lambda v, r, n: r.lognormal(3.4, 0.5, n)),
        ("distance_school_km", lambda v, r, n: r.gamma(2.0, 1.2, n)),
        ("breakfast_club", lambda v, r, n: bern(r, sig(0.2 - 0.03 * (v["household_income_k"] - 30) + 0.3 * (v["distance_school_km"] - 2.4)))),
        ("persistent_absence", lambda v, r, n: bern(r, sig(-0.6 - 0.6 * v["breakfast_club"] - 0.03 * (v["household_income_k"] - 30) + 0.35 * (v["distance_school_km"] - 2.4)))),
    ], ["household_income_k", "distance_school_km"], {"household_income_k": CONF, "distance_school_km": CONF, "breakfast_club": BT, "persistent_absence": Y}, n=1200, group="unseen"))
    add(S("raised_crossing_pedestrian_counts", "binary, overdispersed count outcome", "road safety", "raised_crossing", "pedestrian_incidents", [
        ("vehicles_k_day", lambda v, r, n: r.gamma(4.0, 3.0, n)),
        ("school_nearby", lambda v, r, n: bern(r, np.full(n, 0.35))),
        ("raised_crossing", lambda v, r, n: bern(r, sig(-0.8 + 0.1 * (v["vehicles_k_day"] - 12) + 1.0 * v["school_nearby"]))),
        ("pedestrian_incidents", lambda v, r, n: r.poisson(r.gamma(2.0, 0.5, n) * np.exp(0.6 + 0.05 * (v["vehicles_k_day"] - 12) + 0.5 * v["school_nearby"] - 0.35 * v["raised_crossing"]))),
    ], ["vehicles_k_day", "school_nearby"], {"vehicles_k_day": CONF, "school_nearby": CONF, "raised_crossing": BT, "pedestrian_incidents": Y}, n=1100, group="unseen"))
    add(S("mortgage_advice_overlap_varying", "binary, limited overlap, effect varies with a confounder", "consumer finance", "independent_advice", "rate_saving_bp", [
        ("loan_size_k", lambda v, r, n: r.lognormal(5.2, 0.4, n)),
        ("credit_score", lambda v, r, n: 700 + nz(r, n, 50)),
        ("independent_advice", lambda v, r, n: bern(r, sig(5.0 * (np.log(v["loan_size_k"]) - 5.2) + 0.01 * (v["credit_score"] - 700)))),
        ("rate_saving_bp", lambda v, r, n: 10 + 0.03 * (v["loan_size_k"] - 180) + 0.05 * (v["credit_score"] - 700) + v["independent_advice"] * (8 + 0.05 * (v["loan_size_k"] - 180)) + nz(r, n, 6)),
    ], ["loan_size_k", "credit_score"], {"loan_size_k": CONF, "credit_score": CONF, "independent_advice": BT, "rate_saving_bp": Y}, n=1400, group="unseen"))
    add(S("boiler_flow_temp_threshold", "continuous, threshold and exponential confounding", "district heating", "flow_temp_c", "heat_loss_mwh", [
        ("pipe_age_yrs", lambda v, r, n: r.uniform(0, 50, n)),
        ("network_km", lambda v, r, n: r.gamma(3.0, 4.0, n)),
        ("flow_temp_c", lambda v, r, n: 70 + 6 * (v["pipe_age_yrs"] > 30) + 0.3 * (v["network_km"] - 12) + nz(r, n, 3)),
        ("heat_loss_mwh", lambda v, r, n: 20 + 0.4 * v["flow_temp_c"] + 8 * (v["pipe_age_yrs"] > 30) + 3 * np.exp(0.06 * (v["network_km"] - 12)) + nz(r, n, 2)),
    ], ["pipe_age_yrs", "network_km"], {"pipe_age_yrs": CONF, "network_km": CONF, "flow_temp_c": CT, "heat_loss_mwh": Y}, n=800, exact_ate=0.4, group="unseen", linear_oracle=False))
    add(_clinic_small_wide_continuous())
    add(S("warehouse_lighting_heavy_interaction", "binary, interacting confounders, heavy-tailed noise", "logistics", "led_retrofit", "pick_errors_per_k", [
        ("night_shift_share", lambda v, r, n: r.uniform(0, 0.6, n)),
        ("aisle_count", lambda v, r, n: r.poisson(20, n)),
        ("led_retrofit", lambda v, r, n: bern(r, sig(-0.8 + 0.25 * v["night_shift_share"] * v["aisle_count"] - 0.5))),
        ("pick_errors_per_k", lambda v, r, n: 12 - 2.5 * v["led_retrofit"] + 0.6 * v["night_shift_share"] * v["aisle_count"] + r.standard_t(3, n) * 2.0),
    ], ["night_shift_share", "aisle_count"], {"night_shift_share": CONF, "aisle_count": CONF, "led_retrofit": BT, "pick_errors_per_k": Y}, n=1000, exact_ate=-2.5, group="unseen", linear_oracle=False))
    return out


def _clinic_small_wide_continuous() -> Scenario:
    """300 physiotherapy patients, 3 confounders among 14 columns, a continuous treatment."""
    eqs = [
        ("injury_severity", lambda v, r, n: r.integers(1, 6, n)),
        ("patient_bmi", lambda v, r, n: 26 + nz(r, n, 4)),
        ("weeks_since_injury", lambda v, r, n: r.gamma(2.0, 3.0, n)),
    ]
    extra = ["height_cm", "shoe_size", "insurer_code", "phone_minutes", "coffee_cups", "bus_stops_near", "pets_at_home", "commute_min", "sibling_count"]
    for i, c in enumerate(extra):
        eqs.append((c, (lambda k: lambda v, r, n: 10 * (k + 1) + nz(r, n, 1 + k))(i)))
    eqs += [
        ("physio_minutes_week", lambda v, r, n: 60 + 12 * (v["injury_severity"] - 3) + 1.5 * (v["patient_bmi"] - 26) - 2.0 * (v["weeks_since_injury"] - 6) + nz(r, n, 15)),
        ("mobility_gain", lambda v, r, n: 10 + 0.08 * v["physio_minutes_week"] - 2.0 * (v["injury_severity"] - 3) - 0.3 * (v["patient_bmi"] - 26) + 0.4 * (v["weeks_since_injury"] - 6) + nz(r, n, 3)),
    ]
    conf = ["injury_severity", "patient_bmi", "weeks_since_injury"]
    roles = {c: CONF for c in conf} | {c: NOISE for c in extra} | {"physio_minutes_week": CT, "mobility_gain": Y}
    return S("physio_minutes_small_wide", "continuous, n=300 with 14 columns", "physiotherapy", "physio_minutes_week", "mobility_gain", eqs, conf, roles, n=300, exact_ate=0.08, group="unseen")


# Role reading without a graph, a seventh round: mediators (Gaussian, count, binary, skewed) of
# binary and continuous treatments, full and partial; confounders binary, categorical text,
# skewed, weak and nonlinear; colliders; children of the outcome strongly tied to it;
# instruments; M-structures with hidden parents; outcome-only causes; mixes in tables of 6-13
# columns. The dev and unseen parts were written at the same time, before any change they
# prompted; the unseen part is scored only.
# fmt: off
PRODUCT_LINE = {"tiles": 0.0, "sanitaryware": 0.8, "tableware": -0.6}
STORE_FORMAT = {"hypermarket": 0.3, "supermarket": 0.0, "convenience": -0.7, "online": 1.0}
FRAIL_SCALE = {"robust": 0, "prefrail": 1, "frail": 2, "very_frail": 3}
AGE_BAND = {"18-39": 0, "40-64": 1, "65+": 2}


def _role_tables_dev7() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("kiln_retrofit_defects", "binary, Gaussian partial mediator, text and gamma confounders, count collider", "ceramics", "kiln_retrofit", "defect_rate_pct", [
        ("plant_age_yrs", lambda v, r, n: r.gamma(2.5, 6.0, n)),
        ("product_line", lambda v, r, n: pick(r, n, list(PRODUCT_LINE), [0.5, 0.3, 0.2])),
        ("clay_moisture_pct", lambda v, r, n: 8 + nz(r, n, 1.5)),
        ("kiln_retrofit", lambda v, r, n: bern(r, sig(-0.4 + 0.06 * (v["plant_age_yrs"] - 15) + lookup(v["product_line"], PRODUCT_LINE)))),
        ("firing_temp_sd_c", lambda v, r, n: 14 - 6 * v["kiln_retrofit"] + nz(r, n, 2.5)),
        ("defect_rate_pct", lambda v, r, n: 3 + 0.35 * v["firing_temp_sd_c"] - 0.6 * v["kiln_retrofit"] + 0.08 * (v["plant_age_yrs"] - 15) + lookup(v["product_line"], {"tiles": 0.0, "sanitaryware": 1.2, "tableware": 0.5}) + 0.3 * (v["clay_moisture_pct"] - 8) + nz(r, n, 1.0)),
        ("warranty_claims", lambda v, r, n: r.poisson(np.exp(0.5 + 0.12 * (v["defect_rate_pct"] - 6.5) - 0.4 * v["kiln_retrofit"]))),
    ], ["plant_age_yrs", "product_line"], {"plant_age_yrs": CONF, "product_line": CONF, "clay_moisture_pct": OCAUSE, "firing_temp_sd_c": MED, "warranty_claims": COLL, "kiln_retrofit": BT, "defect_rate_pct": Y}, n=900, exact_ate=-0.6 + 0.35 * -6, group="dev"))
    add(S("swim_coaching_sessions", "continuous, count full mediator, weak binary and quadratic confounders, instrument, child of outcome", "youth sport", "coaching_hours_month", "seconds_improved", [
        ("swimmer_age", lambda v, r, n: 14 + uni(r, n, 3)),
        ("club_member", lambda v, r, n: bern(r, np.full(n, 0.45))),
        ("pool_distance_km", lambda v, r, n: r.gamma(2.0, 3.0, n)),
        ("coaching_hours_month", lambda v, r, n: 10 + 0.4 * (v["swimmer_age"] - 14) + 1.0 * v["club_member"] - 0.5 * (v["pool_distance_km"] - 6) + nz(r, n, 2)),
        ("pool_sessions_month", lambda v, r, n: r.poisson(np.maximum(6 + 0.9 * v["coaching_hours_month"], 0.1))),
        ("seconds_improved", lambda v, r, n: 0.5 * v["pool_sessions_month"] + 0.8 * v["club_member"] + 0.3 * (v["swimmer_age"] - 14) - 0.15 * (v["swimmer_age"] - 14) ** 2 + nz(r, n, 2.0)),
        ("ranking_points", lambda v, r, n: 100 + 12 * v["seconds_improved"] + nz(r, n, 3)),
    ], ["swimmer_age", "club_member"], {"swimmer_age": CONF, "club_member": CONF, "pool_distance_km": INSTR, "pool_sessions_month": MED, "ranking_points": DESC, "coaching_hours_month": CT, "seconds_improved": Y}, n=1200, exact_ate=0.5 * 0.9, group="dev"))
    add(S("loyalty_app_coupon", "binary, binary partial mediator, text and lognormal confounders, strong child of outcome", "grocery retail", "loyalty_app", "monthly_basket_eur", [
        ("customer_age", lambda v, r, n: 45 + nz(r, n, 14)),
        ("store_format", lambda v, r, n: pick(r, n, list(STORE_FORMAT), [0.3, 0.35, 0.2, 0.15])),
        ("distance_to_store_km", lambda v, r, n: r.lognormal(1.2, 0.6, n)),
        ("loyalty_app", lambda v, r, n: bern(r, sig(1.0 - 0.03 * (v["customer_age"] - 45) + lookup(v["store_format"], STORE_FORMAT) - 0.15 * (v["distance_to_store_km"] - 4)))),
        ("redeemed_coupon", lambda v, r, n: bern(r, sig(-1.2 + 2.2 * v["loyalty_app"]))),
        ("monthly_basket_eur", lambda v, r, n: 180 + 25 * v["redeemed_coupon"] + 10 * v["loyalty_app"] + 0.8 * (v["customer_age"] - 45) + lookup(v["store_format"], {"hypermarket": 40.0, "supermarket": 0.0, "convenience": -50.0, "online": 15.0}) - 4 * (v["distance_to_store_km"] - 4) + nz(r, n, 35)),
        ("reward_points", lambda v, r, n: 10 * v["monthly_basket_eur"] + nz(r, n, 40)),
    ], ["customer_age", "store_format", "distance_to_store_km"], {"customer_age": CONF, "store_format": CONF, "distance_to_store_km": CONF, "redeemed_coupon": MED, "reward_points": DESC, "loyalty_app": BT, "monthly_basket_eur": Y}, n=1500, exact_ate=10 + 25 * float(sig(np.array(1.0)) - sig(np.array(-1.2))), group="dev"))
    add(S("robot_milking_frequency", "binary, skewed full mediator, lognormal, weak binary and text confounders, outcome cause", "dairy", "robot_milking", "milk_yield_l", [
        ("herd_size", lambda v, r, n: r.lognormal(4.5, 0.5, n)),
        ("organic_certified", lambda v, r, n: bern(r, np.full(n, 0.25))),
        ("farm_region", lambda v, r, n: pick(r, n, ["alpine", "lowland", "coastal"], [0.3, 0.5, 0.2])),
        ("feed_energy_mj", lambda v, r, n: 180 + nz(r, n, 20)),
        ("robot_milking", lambda v, r, n: bern(r, sig(-1.0 + 0.012 * (v["herd_size"] - 100) - 0.4 * v["organic_certified"] + lookup(v["farm_region"], {"alpine": -0.5, "lowland": 0.4, "coastal": 0.0})))),
        ("milkings_per_day", lambda v, r, n: 2.0 + 0.8 * v["robot_milking"] + r.gamma(2.0, 0.25, n) - 0.5),
        ("milk_yield_l", lambda v, r, n: 18 + 4.0 * v["milkings_per_day"] + 0.02 * (v["herd_size"] - 100) - 1.5 * v["organic_certified"] + lookup(v["farm_region"], {"alpine": -2.0, "lowland": 1.0, "coastal": 0.0}) + 0.05 * (v["feed_energy_mj"] - 180) + nz(r, n, 2.5)),
    ], ["herd_size", "organic_certified", "farm_region"], {"herd_size": CONF, "organic_certified": CONF, "farm_region": CONF, "feed_energy_mj": OCAUSE, "milkings_per_day": MED, "robot_milking": BT, "milk_yield_l": Y}, n=600, exact_ate=4.0 * 0.8, group="dev"))
    add(S("physio_referral_m_hidden", "continuous, M-structure with hidden parents, text confounder, child of outcome", "physiotherapy", "physio_sessions", "mobility_score", [
        ("_injury_severity", lambda v, r, n: nz(r, n, 1)),
        ("_baseline_fitness", lambda v, r, n: nz(r, n, 1)),
        ("referral_priority", lambda v, r, n: 5 + 1.2 * v["_injury_severity"] + 1.2 * v["_baseline_fitness"] + nz(r, n, 0.7)),
        ("patient_age", lambda v, r, n: 50 + nz(r, n, 12)),
        ("insurance_plan", lambda v, r, n: pick(r, n, ["public", "private", "none"], [0.55, 0.3, 0.15])),
        ("physio_sessions", lambda v, r, n: 8 + 2.5 * v["_injury_severity"] + 0.05 * (v["patient_age"] - 50) + lookup(v["insurance_plan"], {"public": 0.0, "private": 3.0, "none": -3.0}) + nz(r, n, 2)),
        ("mobility_score", lambda v, r, n: 50 + 1.2 * v["physio_sessions"] + 6 * v["_baseline_fitness"] - 0.3 * (v["patient_age"] - 50) + lookup(v["insurance_plan"], {"public": 0.0, "private": 2.0, "none": -2.0}) + nz(r, n, 4)),
        ("return_to_work_weeks", lambda v, r, n: 40 - 0.4 * v["mobility_score"] + nz(r, n, 1.5)),
    ], ["patient_age", "insurance_plan"], {"referral_priority": "pre-treatment collider", "patient_age": CONF, "insurance_plan": CONF, "return_to_work_weeks": DESC, "physio_sessions": CT, "mobility_score": Y}, n=800, exact_ate=1.2, group="dev"))
    add(S("winback_email_recency", "binary, skewed log-shaped and text confounders, instrument, binary collider", "e-commerce", "winback_email", "spend_next_30d", [
        ("days_since_purchase", lambda v, r, n: r.gamma(1.5, 40.0, n)),
        ("account_tier", lambda v, r, n: pick(r, n, ["basic", "plus", "premium"], [0.55, 0.3, 0.15])),
        ("send_batch_b", lambda v, r, n: bern(r, np.full(n, 0.5))),
        ("winback_email", lambda v, r, n: bern(r, sig(-3.3 + 0.8 * np.log1p(v["days_since_purchase"]) + lookup(v["account_tier"], {"basic": 0.0, "plus": 0.4, "premium": -0.5}) + 0.9 * v["send_batch_b"]))),
        ("spend_next_30d", lambda v, r, n: 90 + 12 * v["winback_email"] - 14 * (np.log1p(v["days_since_purchase"]) - 4) + lookup(v["account_tier"], {"basic": 0.0, "plus": 25.0, "premium": 60.0}) + skew(r, n, 20)),
        ("unsubscribed", lambda v, r, n: bern(r, sig(-2.0 + 1.2 * v["winback_email"] - 0.03 * (v["spend_next_30d"] - 90)))),
    ], ["days_since_purchase", "account_tier"], {"days_since_purchase": CONF, "account_tier": CONF, "send_batch_b": INSTR, "unsubscribed": COLL, "winback_email": BT, "spend_next_30d": Y}, n=1000, exact_ate=12.0, linear_oracle=False, group="dev"))
    add(S("early_mobilisation_ward_wide", "binary, 13 columns: five confounders (ordinal text, binary text, count, weak), mediator, collider, strong child of outcome, instrument, outcome cause, unrelated", "hospital wards", "early_mobilisation", "length_of_stay_days", [
        ("patient_age", lambda v, r, n: 68 + nz(r, n, 11)),
        ("frailty_scale", lambda v, r, n: pick(r, n, list(FRAIL_SCALE), [0.3, 0.35, 0.25, 0.1])),
        ("admission_route", lambda v, r, n: pick(r, n, ["elective", "emergency"], [0.45, 0.55])),
        ("comorbidities", lambda v, r, n: r.poisson(2.0, n)),
        ("bmi", lambda v, r, n: 27 + nz(r, n, 4.5)),
        ("surgery_minutes", lambda v, r, n: r.gamma(4.0, 30.0, n)),
        ("physio_on_shift", lambda v, r, n: bern(r, np.full(n, 0.6))),
        ("bed_number", lambda v, r, n: r.integers(1, 41, n)),
        ("early_mobilisation", lambda v, r, n: bern(r, sig(0.6 - 0.03 * (v["patient_age"] - 68) - 0.5 * lookup(v["frailty_scale"], FRAIL_SCALE) + lookup(v["admission_route"], {"elective": 0.5, "emergency": -0.3}) - 0.15 * (v["comorbidities"] - 2) - 0.03 * (v["bmi"] - 27) + 1.0 * v["physio_on_shift"]))),
        ("hours_to_first_walk", lambda v, r, n: 30 - 14 * v["early_mobilisation"] + 2.5 * lookup(v["frailty_scale"], FRAIL_SCALE) + nz(r, n, 6)),
        ("length_of_stay_days", lambda v, r, n: 6 + 0.08 * v["hours_to_first_walk"] - 0.8 * v["early_mobilisation"] + 0.05 * (v["patient_age"] - 68) + 0.9 * lookup(v["frailty_scale"], FRAIL_SCALE) + lookup(v["admission_route"], {"elective": 0.0, "emergency": 1.5}) + 0.4 * (v["comorbidities"] - 2) + 0.06 * (v["bmi"] - 27) + 0.01 * (v["surgery_minutes"] - 120) + skew(r, n, 1.5)),
        ("discharge_survey", lambda v, r, n: 7 + 0.8 * v["early_mobilisation"] - 0.25 * (v["length_of_stay_days"] - 8) + nz(r, n, 1.0)),
        ("ward_cost_k", lambda v, r, n: 1.2 * v["length_of_stay_days"] + nz(r, n, 0.6)),
    ], ["patient_age", "frailty_scale", "admission_route", "comorbidities", "bmi"], {"patient_age": CONF, "frailty_scale": CONF, "admission_route": CONF, "comorbidities": CONF, "bmi": CONF, "surgery_minutes": OCAUSE, "physio_on_shift": INSTR, "bed_number": NOISE, "hours_to_first_walk": MED, "discharge_survey": COLL, "ward_cost_k": DESC, "early_mobilisation": BT, "length_of_stay_days": Y}, n=2000, exact_ate=-0.8 + 0.08 * -14, group="dev"))
    add(S("thermostat_heating_hours", "continuous, Gaussian partial mediator, gamma and weak binary confounders, strong child of outcome, outcome cause", "home energy", "thermostat_setpoint_c", "gas_bill_eur", [
        ("house_age_years", lambda v, r, n: r.gamma(2.0, 20.0, n)),
        ("has_young_children", lambda v, r, n: bern(r, np.full(n, 0.3))),
        ("outdoor_temp_c", lambda v, r, n: 6 + nz(r, n, 4)),
        ("thermostat_setpoint_c", lambda v, r, n: 20 + 0.02 * (v["house_age_years"] - 40) + 0.6 * v["has_young_children"] + nz(r, n, 1.2)),
        ("heating_hours_day", lambda v, r, n: 6 + 0.9 * (v["thermostat_setpoint_c"] - 20) - 0.25 * (v["outdoor_temp_c"] - 6) + 0.02 * (v["house_age_years"] - 40) + nz(r, n, 1.0)),
        ("gas_bill_eur", lambda v, r, n: 110 + 9 * v["heating_hours_day"] + 3 * (v["thermostat_setpoint_c"] - 20) + 0.5 * (v["house_age_years"] - 40) + 6 * v["has_young_children"] - 1.5 * (v["outdoor_temp_c"] - 6) + nz(r, n, 12)),
        ("co2_kg_month", lambda v, r, n: 2.1 * v["gas_bill_eur"] + nz(r, n, 8)),
    ], ["house_age_years", "has_young_children"], {"house_age_years": CONF, "has_young_children": CONF, "outdoor_temp_c": OCAUSE, "heating_hours_day": MED, "co2_kg_month": DESC, "thermostat_setpoint_c": CT, "gas_bill_eur": Y}, n=700, exact_ate=3 + 9 * 0.9, group="dev"))
    add(S("flu_reminder_vaccinated", "binary, binary full mediator, binary outcome, text age band and binary confounders, child of outcome", "public health", "sms_reminder", "flu_admission", [
        ("age_band", lambda v, r, n: pick(r, n, list(AGE_BAND), [0.35, 0.4, 0.25])),
        ("chronic_condition", lambda v, r, n: bern(r, lookup(v["age_band"], {"18-39": 0.1, "40-64": 0.25, "65+": 0.45}))),
        ("household_size", lambda v, r, n: 1 + r.poisson(1.5, n)),
        ("sms_reminder", lambda v, r, n: bern(r, sig(-0.5 + lookup(v["age_band"], {"18-39": -0.5, "40-64": 0.0, "65+": 0.8}) + 0.6 * v["chronic_condition"]))),
        ("got_vaccinated", lambda v, r, n: bern(r, sig(-1.0 + 1.3 * v["sms_reminder"] + lookup(v["age_band"], {"18-39": -0.6, "40-64": 0.0, "65+": 1.0}) + 0.7 * v["chronic_condition"]))),
        ("flu_admission", lambda v, r, n: bern(r, sig(-2.2 - 1.2 * v["got_vaccinated"] + lookup(v["age_band"], {"18-39": 0.0, "40-64": 0.6, "65+": 1.6}) + 1.0 * v["chronic_condition"] + 0.15 * (v["household_size"] - 2.5)))),
        ("sick_leave_days", lambda v, r, n: 12 * v["flu_admission"] + r.poisson(1.5, n)),
    ], ["age_band", "chronic_condition"], {"age_band": CONF, "chronic_condition": CONF, "household_size": OCAUSE, "got_vaccinated": MED, "sick_leave_days": DESC, "sms_reminder": BT, "flu_admission": Y}, n=3000, group="dev"))
    add(S("review_bot_comments", "binary, count partial mediator, count, text and gamma confounders, instrument, n=500", "software teams", "review_bot", "incidents_per_quarter", [
        ("team_size", lambda v, r, n: 2 + r.poisson(5.0, n)),
        ("language", lambda v, r, n: pick(r, n, ["python", "java", "go", "javascript"], [0.35, 0.25, 0.15, 0.25])),
        ("repo_age_yrs", lambda v, r, n: r.gamma(1.8, 2.5, n)),
        ("pilot_org", lambda v, r, n: bern(r, np.full(n, 0.3))),
        ("review_bot", lambda v, r, n: bern(r, sig(-0.8 + 0.12 * (v["team_size"] - 7) + lookup(v["language"], {"python": 0.3, "java": 0.0, "go": 0.6, "javascript": -0.4}) - 0.15 * (v["repo_age_yrs"] - 4.5) + 1.1 * v["pilot_org"]))),
        ("review_comments", lambda v, r, n: r.poisson(3 + 9 * v["review_bot"])),
        ("incidents_per_quarter", lambda v, r, n: 9 - 0.25 * v["review_comments"] - 1.0 * v["review_bot"] + 0.3 * (v["team_size"] - 7) + lookup(v["language"], {"python": 0.0, "java": -0.8, "go": -1.5, "javascript": 1.2}) + 0.5 * (v["repo_age_yrs"] - 4.5) + nz(r, n, 1.6)),
    ], ["team_size", "language", "repo_age_yrs"], {"team_size": CONF, "language": CONF, "repo_age_yrs": CONF, "pilot_org": INSTR, "review_comments": MED, "review_bot": BT, "incidents_per_quarter": Y}, n=500, exact_ate=-1.0 - 0.25 * 9, group="dev"))
    add(S("store_ads_tax_collider", "continuous, lognormal and seasonal text confounders, instrument, collider, near-deterministic child of outcome, n=400", "retail marketing", "local_ad_spend_k", "weekly_sales_k", [
        ("store_area_m2", lambda v, r, n: r.lognormal(6.5, 0.4, n)),
        ("season", lambda v, r, n: pick(r, n, ["winter", "spring", "summer", "autumn"], [0.25, 0.25, 0.25, 0.25])),
        ("media_price_index", lambda v, r, n: 100 + nz(r, n, 10)),
        ("local_ad_spend_k", lambda v, r, n: 12 + 0.006 * (v["store_area_m2"] - 720) + lookup(v["season"], {"winter": 2.0, "spring": 0.0, "summer": -1.5, "autumn": 1.0}) - 0.12 * (v["media_price_index"] - 100) + nz(r, n, 2.5)),
        ("weekly_sales_k", lambda v, r, n: 60 + 1.8 * v["local_ad_spend_k"] + 0.03 * (v["store_area_m2"] - 720) + lookup(v["season"], {"winter": 10.0, "spring": 0.0, "summer": -4.0, "autumn": 3.0}) + nz(r, n, 8)),
        ("sales_tax_k", lambda v, r, n: 0.2 * v["weekly_sales_k"] + nz(r, n, 0.4)),
        ("brand_survey_score", lambda v, r, n: 50 + 1.5 * v["local_ad_spend_k"] + 0.3 * (v["weekly_sales_k"] - 83) + nz(r, n, 4)),
    ], ["store_area_m2", "season"], {"store_area_m2": CONF, "season": CONF, "media_price_index": INSTR, "sales_tax_k": DESC, "brand_survey_score": COLL, "local_ad_spend_k": CT, "weekly_sales_k": Y}, n=400, exact_ate=1.8, group="dev"))
    return out


SCHOOL_TYPE = {"public": 0.0, "charter": 0.5, "private": 1.0}
EMPLOYMENT = {"salaried": 0.0, "self_employed": 0.6, "unemployed": -0.8, "retired": -0.3}


def _role_tables_unseen7() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("peer_tutoring_homework", "binary, Gaussian partial mediator, text and Gaussian confounders, binary collider, outcome cause", "secondary school", "peer_tutoring", "exam_score", [
        ("prior_gpa", lambda v, r, n: 2.8 + nz(r, n, 0.5)),
        ("school_type", lambda v, r, n: pick(r, n, list(SCHOOL_TYPE), [0.6, 0.25, 0.15])),
        ("sleep_hours", lambda v, r, n: 7.5 + nz(r, n, 0.9)),
        ("peer_tutoring", lambda v, r, n: bern(r, sig(0.3 - 1.1 * (v["prior_gpa"] - 2.8) + lookup(v["school_type"], {"public": 0.0, "charter": 0.6, "private": -0.4})))),
        ("homework_completion_pct", lambda v, r, n: 62 + 15 * v["peer_tutoring"] + nz(r, n, 10)),
        ("exam_score", lambda v, r, n: 40 + 0.3 * v["homework_completion_pct"] + 2.0 * v["peer_tutoring"] + 9 * (v["prior_gpa"] - 2.8) + lookup(v["school_type"], {"public": 0.0, "charter": 2.0, "private": 5.0}) + 1.2 * (v["sleep_hours"] - 7.5) + nz(r, n, 5)),
        ("scholarship_awarded", lambda v, r, n: bern(r, sig(-1.5 + 0.9 * v["peer_tutoring"] + 0.15 * (v["exam_score"] - 62)))),
    ], ["prior_gpa", "school_type"], {"prior_gpa": CONF, "school_type": CONF, "sleep_hours": OCAUSE, "homework_completion_pct": MED, "scholarship_awarded": COLL, "peer_tutoring": BT, "exam_score": Y}, n=800, exact_ate=0.3 * 15 + 2.0, group="unseen"))
    add(S("nurse_staffing_rounds", "continuous, count full mediator, text and weak binary confounders, instrument, strong child of outcome", "hospital nursing", "nurses_per_10_beds", "falls_per_1000_days", [
        ("ward_type", lambda v, r, n: pick(r, n, ["surgical", "medical", "geriatric"], [0.4, 0.4, 0.2])),
        ("teaching_hospital", lambda v, r, n: bern(r, np.full(n, 0.35))),
        ("agency_budget_k", lambda v, r, n: r.gamma(3.0, 20.0, n)),
        ("nurses_per_10_beds", lambda v, r, n: 3 + lookup(v["ward_type"], {"surgical": 0.4, "medical": 0.0, "geriatric": -0.5}) + 0.25 * v["teaching_hospital"] + 0.01 * (v["agency_budget_k"] - 60) + nz(r, n, 0.6)),
        ("hourly_rounds_shift", lambda v, r, n: r.poisson(np.maximum(2 + 1.5 * v["nurses_per_10_beds"], 0.1))),
        ("falls_per_1000_days", lambda v, r, n: 9 - 0.6 * v["hourly_rounds_shift"] + lookup(v["ward_type"], {"surgical": -1.0, "medical": 0.0, "geriatric": 2.5}) - 0.5 * v["teaching_hospital"] + nz(r, n, 1.2)),
        ("incident_reports", lambda v, r, n: 3 * v["falls_per_1000_days"] + nz(r, n, 0.8)),
    ], ["ward_type", "teaching_hospital"], {"ward_type": CONF, "teaching_hospital": CONF, "agency_budget_k": INSTR, "hourly_rounds_shift": MED, "incident_reports": DESC, "nurses_per_10_beds": CT, "falls_per_1000_days": Y}, n=600, exact_ate=-0.6 * 1.5, group="unseen"))
    add(S("green_loan_battery", "binary, binary partial mediator, gamma and lognormal confounders, strong child of outcome", "household solar", "green_loan", "grid_export_kwh", [
        ("roof_kwp", lambda v, r, n: r.gamma(3.0, 2.0, n)),
        ("income_k", lambda v, r, n: r.lognormal(4.0, 0.45, n)),
        ("green_loan", lambda v, r, n: bern(r, sig(-0.7 + 0.2 * (v["roof_kwp"] - 6) + 0.015 * (v["income_k"] - 60)))),
        ("battery_installed", lambda v, r, n: bern(r, sig(-1.5 + 2.0 * v["green_loan"]))),
        ("grid_export_kwh", lambda v, r, n: 900 - 180 * v["battery_installed"] + 120 * v["green_loan"] + 110 * (v["roof_kwp"] - 6) + 2.0 * (v["income_k"] - 60) + nz(r, n, 120)),
        ("feed_in_credit_eur", lambda v, r, n: 0.08 * v["grid_export_kwh"] + nz(r, n, 3)),
    ], ["roof_kwp", "income_k"], {"roof_kwp": CONF, "income_k": CONF, "battery_installed": MED, "feed_in_credit_eur": DESC, "green_loan": BT, "grid_export_kwh": Y}, n=1000, exact_ate=120 - 180 * float(sig(np.array(0.5)) - sig(np.array(-1.5))), group="unseen"))
    add(S("bike_lanes_m_hidden", "continuous, M-structure with hidden parents, lognormal and text confounders, outcome cause", "urban cycling", "bike_lane_km", "commuter_cycling_pct", [
        ("_council_ambition", lambda v, r, n: nz(r, n, 1)),
        ("_cycling_culture", lambda v, r, n: nz(r, n, 1)),
        ("transport_award_score", lambda v, r, n: 10 + 2 * v["_council_ambition"] + 2 * v["_cycling_culture"] + nz(r, n, 1.2)),
        ("population_density_k", lambda v, r, n: r.lognormal(1.0, 0.5, n)),
        ("city_region", lambda v, r, n: pick(r, n, ["north", "centre", "south"], [0.3, 0.4, 0.3])),
        ("rain_days_year", lambda v, r, n: 120 + nz(r, n, 25)),
        ("bike_lane_km", lambda v, r, n: 30 + 8 * v["_council_ambition"] + 4 * (v["population_density_k"] - 3) + lookup(v["city_region"], {"north": 5.0, "centre": 0.0, "south": -4.0}) + nz(r, n, 6)),
        ("commuter_cycling_pct", lambda v, r, n: 4 + 0.15 * v["bike_lane_km"] + 3 * v["_cycling_culture"] + 0.8 * (v["population_density_k"] - 3) + lookup(v["city_region"], {"north": 2.0, "centre": 0.0, "south": -1.0}) - 0.02 * (v["rain_days_year"] - 120) + nz(r, n, 1.5)),
    ], ["population_density_k", "city_region"], {"transport_award_score": "pre-treatment collider", "population_density_k": CONF, "city_region": CONF, "rain_days_year": OCAUSE, "bike_lane_km": CT, "commuter_cycling_pct": Y}, n=700, exact_ate=0.15, group="unseen"))
    add(S("debt_coaching_wide", "binary, 12 columns: five confounders (lognormal, text, count, weak binary), count mediator, collider, child of outcome, instrument, unrelated", "consumer credit", "debt_coaching", "debt_reduction_k", [
        ("client_age", lambda v, r, n: 42 + nz(r, n, 12)),
        ("income_k", lambda v, r, n: r.lognormal(3.6, 0.5, n)),
        ("employment", lambda v, r, n: pick(r, n, list(EMPLOYMENT), [0.55, 0.2, 0.15, 0.1])),
        ("dependents", lambda v, r, n: r.poisson(1.3, n)),
        ("prior_default", lambda v, r, n: bern(r, np.full(n, 0.2))),
        ("branch_has_coach", lambda v, r, n: bern(r, np.full(n, 0.5))),
        ("account_digit", lambda v, r, n: r.integers(0, 10, n)),
        ("debt_coaching", lambda v, r, n: bern(r, sig(-0.8 + 0.02 * (v["client_age"] - 42) - 0.012 * (v["income_k"] - 41) + lookup(v["employment"], EMPLOYMENT) + 0.2 * (v["dependents"] - 1.3) + 0.3 * v["prior_default"] + 1.2 * v["branch_has_coach"]))),
        ("budget_app_logins", lambda v, r, n: r.poisson(2 + 6 * v["debt_coaching"])),
        ("debt_reduction_k", lambda v, r, n: 3 + 0.35 * v["budget_app_logins"] + 0.8 * v["debt_coaching"] + 0.03 * (v["client_age"] - 42) + 0.05 * (v["income_k"] - 41) + lookup(v["employment"], {"salaried": 0.0, "self_employed": -0.5, "unemployed": -2.0, "retired": 0.5}) - 0.4 * (v["dependents"] - 1.3) - 0.5 * v["prior_default"] + skew(r, n, 1.8)),
        ("credit_line_raised", lambda v, r, n: bern(r, sig(-1.0 + 0.7 * v["debt_coaching"] + 0.35 * (v["debt_reduction_k"] - 5)))),
        ("collection_letters", lambda v, r, n: r.poisson(np.exp(1.5 - 0.15 * v["debt_reduction_k"]))),
    ], ["client_age", "income_k", "employment", "dependents", "prior_default"], {"client_age": CONF, "income_k": CONF, "employment": CONF, "dependents": CONF, "prior_default": CONF, "branch_has_coach": INSTR, "account_digit": NOISE, "budget_app_logins": MED, "credit_line_raised": COLL, "collection_letters": DESC, "debt_coaching": BT, "debt_reduction_k": Y}, n=1500, exact_ate=0.35 * 6 + 0.8, group="unseen"))
    add(S("drip_irrigation_moisture", "continuous, skewed partial mediator, quadratic and binary confounders, outcome cause", "vineyards", "drip_hours_week", "grape_yield_t_ha", [
        ("field_slope_pct", lambda v, r, n: r.gamma(2.0, 4.0, n)),
        ("cooperative_member", lambda v, r, n: bern(r, np.full(n, 0.4))),
        ("vine_age_yrs", lambda v, r, n: 25 + nz(r, n, 8)),
        ("drip_hours_week", lambda v, r, n: 12 + 0.3 * (v["field_slope_pct"] - 8) + 1.5 * v["cooperative_member"] + nz(r, n, 3)),
        ("soil_moisture_pct", lambda v, r, n: 15 + 0.7 * v["drip_hours_week"] - 0.2 * (v["field_slope_pct"] - 8) + r.gamma(1.5, 2.0, n) - 3),
        ("grape_yield_t_ha", lambda v, r, n: 4 + 0.25 * v["soil_moisture_pct"] + 0.05 * v["drip_hours_week"] - 0.02 * (v["field_slope_pct"] - 8) ** 2 + 0.6 * v["cooperative_member"] - 0.03 * (v["vine_age_yrs"] - 25) + nz(r, n, 1.0)),
    ], ["field_slope_pct", "cooperative_member"], {"field_slope_pct": CONF, "cooperative_member": CONF, "vine_age_yrs": OCAUSE, "soil_moisture_pct": MED, "grape_yield_t_ha": Y, "drip_hours_week": CT}, n=900, exact_ate=0.25 * 0.7 + 0.05, group="unseen"))
    return out


# Estimators and their intervals given the right adjustment set: binary outcomes of a continuous
# or ordinal treatment, U-shaped and threshold confounders, heteroskedastic heavy-tailed noise,
# skewed and count outcomes, an effect varying with a covariate that differs between the arms,
# limited overlap, few rows for many columns, ordinal treatments. Written at once in two groups:
# `dev` scored before any change it prompted, `unseen` only afterwards.
# fmt: off
def _interval_tables_dev9() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("diuretic_dose_readmission_risk", "continuous, binary outcome (additive risk), curved confounder", "cardiology", "diuretic_mg_kg", "readmitted_30d", [
        ("patient_age_y", lambda v, r, n: 68 + nz(r, n, 9)),
        ("egfr_ml_min", lambda v, r, n: r.gamma(6.0, 10.0, n)),
        ("diuretic_mg_kg", lambda v, r, n: np.clip(1.2 + 0.002 * (v["patient_age_y"] - 68) ** 2 - 0.012 * (v["egfr_ml_min"] - 60) + nz(r, n, 0.5), 0.0, None)),
        ("readmitted_30d", lambda v, r, n: bern(r, 0.04 + 0.06 * v["diuretic_mg_kg"] + 0.45 * sig(-1.2 + 0.012 * (v["patient_age_y"] - 68) ** 2 - 0.04 * (v["egfr_ml_min"] - 60)))),
    ], ["patient_age_y", "egfr_ml_min"], {"patient_age_y": CONF, "egfr_ml_min": CONF, "diuretic_mg_kg": CT, "readmitted_30d": Y}, n=1800, exact_ate=0.06, group="dev", linear_oracle=False))
    add(S("booster_chlorination_water_temp", "binary, U-shaped confounder", "water utilities", "booster_chlorination", "coliform_index", [
        ("water_temp_c", lambda v, r, n: 15 + nz(r, n, 5)),
        ("pipe_age_yrs", lambda v, r, n: r.gamma(3.0, 12.0, n)),
        ("booster_chlorination", lambda v, r, n: bern(r, sig(-1.8 + 0.06 * (v["water_temp_c"] - 15) ** 2 + 0.02 * (v["pipe_age_yrs"] - 36)))),
        ("coliform_index", lambda v, r, n: 10 - 2.5 * v["booster_chlorination"] + 0.15 * (v["water_temp_c"] - 15) ** 2 + 0.05 * (v["pipe_age_yrs"] - 36) + nz(r, n, 2.0)),
    ], ["water_temp_c", "pipe_age_yrs"], {"water_temp_c": CONF, "pipe_age_yrs": CONF, "booster_chlorination": BT, "coliform_index": Y}, n=900, exact_ate=-2.5, group="dev"))
    add(S("callback_scheme_queue_threshold", "binary, threshold confounder", "call centres", "callback_scheme", "abandoned_calls_pct", [
        ("queue_length", lambda v, r, n: r.poisson(20, n)),
        ("agent_tenure_m", lambda v, r, n: r.gamma(2.0, 12.0, n)),
        ("callback_scheme", lambda v, r, n: bern(r, sig(-0.9 + 1.8 * (v["queue_length"] > 24) + 0.02 * (v["agent_tenure_m"] - 24)))),
        ("abandoned_calls_pct", lambda v, r, n: 12 - 3.0 * v["callback_scheme"] + 6.0 * (v["queue_length"] > 24) + 0.1 * (v["queue_length"] - 20) - 0.05 * (v["agent_tenure_m"] - 24) + nz(r, n, 2.5)),
    ], ["queue_length", "agent_tenure_m"], {"queue_length": CONF, "agent_tenure_m": CONF, "callback_scheme": BT, "abandoned_calls_pct": Y}, n=800, exact_ate=-3.0, group="dev", linear_oracle=False))
    add(S("greenhouse_co2_lettuce_heteroskedastic", "continuous, heteroskedastic heavy-tailed noise", "horticulture", "co2_ppm_hundreds", "lettuce_mass_g", [
        ("bench_light_klux", lambda v, r, n: r.gamma(4.0, 5.0, n)),
        ("plants_per_m2", lambda v, r, n: r.integers(8, 25, n)),
        ("co2_ppm_hundreds", lambda v, r, n: 4 + 0.1 * (v["bench_light_klux"] - 20) + 0.1 * (v["plants_per_m2"] - 16) + nz(r, n, 1.2)),
        ("lettuce_mass_g", lambda v, r, n: 200 + 6.0 * v["co2_ppm_hundreds"] + 4.0 * (v["bench_light_klux"] - 20) - 2.0 * (v["plants_per_m2"] - 16) + r.standard_t(3, n) * (4 + 1.0 * v["bench_light_klux"])),
    ], ["bench_light_klux", "plants_per_m2"], {"bench_light_klux": CONF, "plants_per_m2": CONF, "co2_ppm_hundreds": CT, "lettuce_mass_g": Y}, n=700, exact_ate=6.0, group="dev"))
    add(S("air_ambulance_episode_cost", "binary, skewed (lognormal) outcome, multiplicative effect", "emergency care", "air_ambulance", "episode_cost_k", [
        ("call_distance_km", lambda v, r, n: r.gamma(2.0, 12.0, n)),
        ("frailty_score", lambda v, r, n: 10 * r.beta(2.0, 5.0, n)),
        ("air_ambulance", lambda v, r, n: bern(r, sig(-1.5 + 0.05 * (v["call_distance_km"] - 24) + 0.3 * (v["frailty_score"] - 2.9)))),
        ("episode_cost_k", lambda v, r, n: np.exp(1.5 + 0.015 * v["call_distance_km"] + 0.12 * v["frailty_score"] + 0.25 * v["air_ambulance"] + nz(r, n, 0.7))),
    ], ["call_distance_km", "frailty_score"], {"call_distance_km": CONF, "frailty_score": CONF, "air_ambulance": BT, "episode_cost_k": Y}, n=1200, group="dev"))
    add(S("library_hours_book_loans", "continuous, overdispersed count outcome", "public libraries", "opening_hours_week", "book_loans_day", [
        ("town_population_k", lambda v, r, n: r.lognormal(3.0, 0.6, n)),
        ("student_share_pct", lambda v, r, n: r.uniform(5, 35, n)),
        ("opening_hours_week", lambda v, r, n: 40 + 5 * (np.log(v["town_population_k"]) - 3) + 0.2 * (v["student_share_pct"] - 20) + nz(r, n, 5)),
        ("book_loans_day", lambda v, r, n: r.poisson(r.gamma(2.0, 0.5, n) * (0.8 * v["opening_hours_week"] + 6 * np.log1p(v["town_population_k"]) + 0.5 * v["student_share_pct"]))),
    ], ["town_population_k", "student_share_pct"], {"town_population_k": CONF, "student_share_pct": CONF, "opening_hours_week": CT, "book_loans_day": Y}, n=600, exact_ate=0.8, group="dev"))
    add(S("preceptorship_errors_experience", "binary, effect varies with a covariate imbalanced between arms", "nursing", "preceptorship", "medication_errors_yr", [
        ("nursing_experience_yrs", lambda v, r, n: r.gamma(2.0, 3.0, n)),
        ("night_shift_share", lambda v, r, n: r.beta(2.0, 3.0, n)),
        ("preceptorship", lambda v, r, n: bern(r, sig(1.2 - 0.45 * v["nursing_experience_yrs"] + 2.0 * (v["night_shift_share"] - 0.4)))),
        ("medication_errors_yr", lambda v, r, n: 8 - 0.4 * v["nursing_experience_yrs"] + 3.0 * v["night_shift_share"] - v["preceptorship"] * (3.0 - 0.35 * v["nursing_experience_yrs"]) + nz(r, n, 1.5)),
    ], ["nursing_experience_yrs", "night_shift_share"], {"nursing_experience_yrs": CONF, "night_shift_share": CONF, "preceptorship": BT, "medication_errors_yr": Y}, n=1000, exact_ate=-3.0 + 0.35 * 6.0, group="dev"))
    add(S("crop_insurance_income_overlap", "binary, limited overlap, mildly varying effect", "agriculture", "crop_insurance", "farm_income_k", [
        ("farm_area_ha", lambda v, r, n: r.lognormal(4.0, 0.8, n)),
        ("past_claims", lambda v, r, n: r.poisson(1.0, n)),
        ("crop_insurance", lambda v, r, n: bern(r, sig(-5.6 + 1.6 * np.log(v["farm_area_ha"]) - 0.4 + 0.4 * v["past_claims"]))),
        ("farm_income_k", lambda v, r, n: 30 + v["crop_insurance"] * (8 + 1.5 * (np.log(v["farm_area_ha"]) - 4)) + 10 * (np.log(v["farm_area_ha"]) - 4) - 2 * v["past_claims"] + nz(r, n, 6)),
    ], ["farm_area_ha", "past_claims"], {"farm_area_ha": CONF, "past_claims": CONF, "crop_insurance": BT, "farm_income_k": Y}, n=1000, exact_ate=8.0, group="dev", linear_oracle=False))
    add(_rural_pharmacy_small_wide())
    add(S("physio_sessions_mobility_ordinal", "ordinal treatment (0-5 sessions)", "rehabilitation", "physio_sessions", "mobility_score", [
        ("baseline_pain", lambda v, r, n: np.clip(5 + nz(r, n, 1.8), 0, 10)),
        ("patient_age", lambda v, r, n: 62 + nz(r, n, 11)),
        ("physio_sessions", lambda v, r, n: r.binomial(5, sig(-0.3 + 0.35 * (v["baseline_pain"] - 5) - 0.03 * (v["patient_age"] - 62)))),
        ("mobility_score", lambda v, r, n: 40 + 2.5 * v["physio_sessions"] - 3.0 * (v["baseline_pain"] - 5) - 0.2 * (v["patient_age"] - 62) + nz(r, n, 5)),
    ], ["baseline_pain", "patient_age"], {"baseline_pain": CONF, "patient_age": CONF, "physio_sessions": CT, "mobility_score": Y}, n=500, exact_ate=2.5, group="dev"))
    add(S("reminder_letters_screening_uptake", "ordinal treatment (0-3 letters), binary outcome, threshold confounder", "cancer screening", "reminder_letters", "screened", [
        ("age_band_years", lambda v, r, n: r.integers(50, 75, n)),
        ("gp_distance_km", lambda v, r, n: r.gamma(2.0, 3.0, n)),
        ("reminder_letters", lambda v, r, n: r.binomial(3, sig(-0.4 + 1.2 * (v["age_band_years"] >= 65) + 0.08 * (v["gp_distance_km"] - 6)))),
        ("screened", lambda v, r, n: bern(r, np.clip(0.55 + 0.05 * v["reminder_letters"] - 0.25 * (v["age_band_years"] >= 65) - 0.015 * (v["gp_distance_km"] - 6), 0.02, 0.98))),
    ], ["age_band_years", "gp_distance_km"], {"age_band_years": CONF, "gp_distance_km": CONF, "reminder_letters": CT, "screened": Y}, n=1500, group="dev", linear_oracle=False))
    add(_bakery_small_wide_continuous())
    return out


def _rural_pharmacy_small_wide() -> Scenario:
    """280 pharmacies, 3 confounders (one a U-shape) among 14 columns, a binary treatment,
    heteroskedastic noise."""
    eqs = [
        ("catchment_pop_k", lambda v, r, n: r.lognormal(2.0, 0.5, n)),
        ("owner_region", lambda v, r, n: pick(r, n, ["north", "coast", "inland"], [0.3, 0.3, 0.4])),
        ("median_age_catchment", lambda v, r, n: 45 + nz(r, n, 6)),
    ]
    extra = ["shelf_metres", "staff_count", "parking_spaces", "opening_year", "fridge_litres", "delivery_vans", "website_visits_k", "card_terminals", "floor_area_m2"]
    for i, c in enumerate(extra):
        eqs.append((c, (lambda k: lambda v, r, n: r.gamma(2.0 + k % 4, 1.5 + 0.5 * k, n))(i)))
    eqs += [
        ("pharmacist_prescribing", lambda v, r, n: bern(r, sig(-0.6 + 0.1 * (v["catchment_pop_k"] - 8) + 0.03 * (v["median_age_catchment"] - 45) ** 2 - 0.6 + lookup(v["owner_region"], {"north": 0.5, "coast": -0.3, "inland": 0.0})))),
        ("gp_referrals_month", lambda v, r, n: 30 - 4.0 * v["pharmacist_prescribing"] + 0.8 * (v["catchment_pop_k"] - 8) + 0.12 * (v["median_age_catchment"] - 45) ** 2 + lookup(v["owner_region"], {"north": 3.0, "coast": -2.0, "inland": 0.0}) + 0.5 * (v["staff_count"] - 4) + nz(r, n, 1.0) * (2 + 0.3 * v["catchment_pop_k"])),
    ]
    conf = ["catchment_pop_k", "owner_region", "median_age_catchment"]
    roles = {c: CONF for c in conf} | {c: NOISE for c in extra} | {"staff_count": OCAUSE, "pharmacist_prescribing": BT, "gp_referrals_month": Y}
    return S("pharmacist_prescribing_small_wide", "binary, n=280 with 14 columns, U-shaped confounder", "community pharmacy", "pharmacist_prescribing", "gp_referrals_month", eqs, conf, roles, n=280, exact_ate=-4.0, group="dev")


def _bakery_small_wide_continuous() -> Scenario:
    """220 bakeries, 3 confounders among 12 columns, a continuous treatment, skewed noise."""
    eqs = [
        ("footfall_k_week", lambda v, r, n: r.gamma(3.0, 2.0, n)),
        ("rent_eur_m2", lambda v, r, n: 15 + nz(r, n, 4)),
        ("competitors_500m", lambda v, r, n: r.poisson(2.0, n)),
    ]
    extra = ["oven_count", "owner_years", "seating", "window_width_m", "instagram_posts", "bike_racks", "menu_items", "van_age_yrs"]
    for i, c in enumerate(extra):
        eqs.append((c, (lambda k: lambda v, r, n: 2 + k + nz(r, n, 0.5 + 0.4 * k))(i)))
    eqs += [
        ("promo_spend_k", lambda v, r, n: 3 + 0.3 * (v["footfall_k_week"] - 6) + 0.1 * (v["rent_eur_m2"] - 15) + 0.4 * (v["competitors_500m"] - 2) + nz(r, n, 1.0)),
        ("weekly_revenue_k", lambda v, r, n: 20 + 1.2 * v["promo_spend_k"] + 1.5 * (v["footfall_k_week"] - 6) + 0.2 * (v["rent_eur_m2"] - 15) - 1.2 * (v["competitors_500m"] - 2) + 0.6 * (v["seating"] - 4) + skew(r, n, 2.5)),
    ]
    conf = ["footfall_k_week", "rent_eur_m2", "competitors_500m"]
    roles = {c: CONF for c in conf} | {c: NOISE for c in extra} | {"seating": OCAUSE, "promo_spend_k": CT, "weekly_revenue_k": Y}
    return S("bakery_promo_small_wide", "continuous, n=220 with 13 columns, skewed noise", "bakeries", "promo_spend_k", "weekly_revenue_k", eqs, conf, roles, n=220, exact_ate=1.2, group="dev")


def _interval_tables_unseen9() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("street_lighting_burglary_risk", "continuous, binary outcome (additive risk), curved confounder", "urban safety", "lamp_lux", "burgled_12m", [
        ("household_income_k", lambda v, r, n: r.lognormal(3.5, 0.5, n)),
        ("distance_to_centre_km", lambda v, r, n: r.gamma(2.0, 2.5, n)),
        ("lamp_lux", lambda v, r, n: np.clip(3.0 - 0.4 * (np.log(v["household_income_k"]) - 3.5) - 0.25 * (v["distance_to_centre_km"] - 5) + 0.03 * (v["distance_to_centre_km"] - 5) ** 2 + nz(r, n, 1.0), 0.0, 8.0)),
        ("burgled_12m", lambda v, r, n: bern(r, 0.3 - 0.03 * v["lamp_lux"] + 0.3 * sig(-0.8 + 0.08 * (v["distance_to_centre_km"] - 5) ** 2 - 1.0 * (np.log(v["household_income_k"]) - 3.5)))),
    ], ["household_income_k", "distance_to_centre_km"], {"household_income_k": CONF, "distance_to_centre_km": CONF, "lamp_lux": CT, "burgled_12m": Y}, n=2000, exact_ate=-0.03, group="unseen", linear_oracle=False))
    add(S("cold_storage_spoilage_humidity", "binary, U-shaped confounder", "food logistics", "blast_chiller", "spoiled_kg_week", [
        ("relative_humidity_pct", lambda v, r, n: 60 + nz(r, n, 12)),
        ("throughput_t_week", lambda v, r, n: r.gamma(4.0, 5.0, n)),
        ("blast_chiller", lambda v, r, n: bern(r, sig(-1.5 + 0.012 * (v["relative_humidity_pct"] - 60) ** 2 + 0.04 * (v["throughput_t_week"] - 20)))),
        ("spoiled_kg_week", lambda v, r, n: 40 - 6.0 * v["blast_chiller"] + 0.05 * (v["relative_humidity_pct"] - 60) ** 2 + 0.8 * (v["throughput_t_week"] - 20) + nz(r, n, 5)),
    ], ["relative_humidity_pct", "throughput_t_week"], {"relative_humidity_pct": CONF, "throughput_t_week": CONF, "blast_chiller": BT, "spoiled_kg_week": Y}, n=700, exact_ate=-6.0, group="unseen"))
    add(S("port_crane_automation_heavy_noise", "binary, heteroskedastic heavy-tailed noise, threshold confounder", "container ports", "automated_crane", "moves_per_hour", [
        ("berth_depth_m", lambda v, r, n: 12 + nz(r, n, 2)),
        ("vessel_teu_k", lambda v, r, n: r.gamma(3.0, 3.0, n)),
        ("automated_crane", lambda v, r, n: bern(r, sig(-0.7 + 1.4 * (v["berth_depth_m"] > 13) + 0.08 * (v["vessel_teu_k"] - 9)))),
        ("moves_per_hour", lambda v, r, n: 25 + 4.0 * v["automated_crane"] + 5.0 * (v["berth_depth_m"] > 13) + 0.6 * (v["vessel_teu_k"] - 9) + r.standard_t(3, n) * (1.5 + 0.4 * v["vessel_teu_k"])),
    ], ["berth_depth_m", "vessel_teu_k"], {"berth_depth_m": CONF, "vessel_teu_k": CONF, "automated_crane": BT, "moves_per_hour": Y}, n=900, exact_ate=4.0, group="unseen", linear_oracle=False))
    add(S("fluoride_varnish_caries_counts", "binary, overdispersed count outcome, multiplicative effect", "child dentistry", "fluoride_varnish", "new_caries", [
        ("sugar_snacks_day", lambda v, r, n: r.poisson(2.5, n)),
        ("household_deprivation", lambda v, r, n: r.uniform(0, 10, n)),
        ("fluoride_varnish", lambda v, r, n: bern(r, sig(-0.2 + 0.25 * (v["household_deprivation"] - 5) - 0.2 * (v["sugar_snacks_day"] - 2.5)))),
        ("new_caries", lambda v, r, n: r.poisson(r.gamma(2.0, 0.5, n) * np.exp(0.2 + 0.2 * v["sugar_snacks_day"] + 0.08 * v["household_deprivation"] - 0.5 * v["fluoride_varnish"]))),
    ], ["sugar_snacks_day", "household_deprivation"], {"sugar_snacks_day": CONF, "household_deprivation": CONF, "fluoride_varnish": BT, "new_caries": Y}, n=1100, group="unseen"))
    add(S("apprenticeship_wage_overlap_varying", "binary, limited overlap, effect varies with an imbalanced covariate", "vocational training", "apprenticeship", "hourly_wage", [
        ("school_grade_avg", lambda v, r, n: 6 + nz(r, n, 1.5)),
        ("town_unemployment_pct", lambda v, r, n: r.gamma(4.0, 2.0, n)),
        ("apprenticeship", lambda v, r, n: bern(r, sig(0.2 - 1.3 * (v["school_grade_avg"] - 6) + 0.1 * (v["town_unemployment_pct"] - 8)))),
        ("hourly_wage", lambda v, r, n: 14 + 1.0 * (v["school_grade_avg"] - 6) - 0.2 * (v["town_unemployment_pct"] - 8) + v["apprenticeship"] * (2.0 - 0.8 * (v["school_grade_avg"] - 6)) + nz(r, n, 1.5)),
    ], ["school_grade_avg", "town_unemployment_pct"], {"school_grade_avg": CONF, "town_unemployment_pct": CONF, "apprenticeship": BT, "hourly_wage": Y}, n=900, exact_ate=2.0, group="unseen"))
    add(_school_meals_ordinal_small_wide())
    add(S("irrigation_rounds_bean_yield_skewed", "ordinal treatment (0-4 rounds), skewed outcome", "smallholder farming", "irrigation_rounds", "bean_yield_kg", [
        ("plot_slope_deg", lambda v, r, n: r.gamma(2.0, 3.0, n)),
        ("well_depth_m", lambda v, r, n: 20 + nz(r, n, 6)),
        ("irrigation_rounds", lambda v, r, n: r.binomial(4, sig(0.3 - 0.12 * (v["plot_slope_deg"] - 6) - 0.05 * (v["well_depth_m"] - 20)))),
        ("bean_yield_kg", lambda v, r, n: 120 + 15 * v["irrigation_rounds"] - 4 * (v["plot_slope_deg"] - 6) - 1.0 * (v["well_depth_m"] - 20) + r.lognormal(2.5, 0.9, n) - np.exp(2.5 + 0.405)),
    ], ["plot_slope_deg", "well_depth_m"], {"plot_slope_deg": CONF, "well_depth_m": CONF, "irrigation_rounds": CT, "bean_yield_kg": Y}, n=650, exact_ate=15.0, group="unseen"))
    return out


def _school_meals_ordinal_small_wide() -> Scenario:
    """320 schools, 3 confounders among 13 columns, an ordinal treatment (meals a week, 0-5)."""
    eqs = [
        ("pupils_on_benefits_pct", lambda v, r, n: r.beta(2.0, 5.0, n) * 100),
        ("school_roll", lambda v, r, n: r.gamma(4.0, 80.0, n)),
        ("rural_school", lambda v, r, n: bern(r, np.full(n, 0.35))),
    ]
    extra = ["teacher_count", "library_books_k", "playground_m2", "bus_routes", "founding_decade", "wifi_mbps", "sports_clubs", "parent_events"]
    for i, c in enumerate(extra):
        eqs.append((c, (lambda k: lambda v, r, n: r.gamma(1.5 + k % 3, 2.0 + k, n))(i)))
    eqs += [
        ("free_breakfasts_week", lambda v, r, n: r.binomial(5, sig(-0.8 + 0.04 * (v["pupils_on_benefits_pct"] - 28) + 0.6 * v["rural_school"] - 0.002 * (v["school_roll"] - 320)))),
        ("attendance_pct", lambda v, r, n: 92 + 0.6 * v["free_breakfasts_week"] - 0.08 * (v["pupils_on_benefits_pct"] - 28) - 1.0 * v["rural_school"] + 0.004 * (v["school_roll"] - 320) + 0.3 * (v["bus_routes"] - 5) + r.standard_t(4, n) * 1.2),
    ]
    conf = ["pupils_on_benefits_pct", "school_roll", "rural_school"]
    roles = {c: CONF for c in conf} | {c: NOISE for c in extra} | {"bus_routes": OCAUSE, "free_breakfasts_week": CT, "attendance_pct": Y}
    return S("school_breakfasts_ordinal_small_wide", "ordinal treatment, n=320 with 13 columns", "schools", "free_breakfasts_week", "attendance_pct", eqs, conf, roles, n=320, exact_ate=0.6, group="unseen")


# Role reading without a graph, an eighth round, tables as a stranger brings them: weak confounder
# edges into the treatment that discovery tends to drop next to a Gaussian mediator, mediators
# with Gaussian noise, count and binary colliders, descendants of the treatment that share a
# hidden cause with the outcome (so they predict it), several weak confounders at once, mixed
# column types (binary, categorical text, skewed), 8-14 columns. The dev and unseen parts were
# written at the same time, before any change they prompted; the unseen part is scored only.
# fmt: off
SHOP_REGION = {"urban": 0.3, "suburban": 0.0, "rural": -0.4}
DEPOT = {"north": 0.0, "harbour": 0.5, "inland": -0.3}
DISTRICT = {"east": 0.0, "west": -0.4, "central": 0.5}
CLIMATE = {"mild": 0.0, "cold": 0.5, "coastal": -0.3}
DEPARTMENT = {"sales": 0.0, "engineering": 0.4, "operations": -0.3, "finance": 0.2}
SEGMENT = {"bargain": -0.3, "family": 0.0, "premium": 0.6}
SCHOOL_KIND = {"community": 0.0, "academy": 0.4, "faith": -0.2}


def _role_tables_dev10() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("coupon_store_visits", "binary, weak confounder edge, Gaussian full mediator, binary collider, child of outcome", "grocery marketing", "got_coupon", "monthly_spend", [
        ("customer_age", lambda v, r, n: 45 + nz(r, n, 13)),
        ("shop_region", lambda v, r, n: pick(r, n, list(SHOP_REGION), [0.45, 0.35, 0.2])),
        ("household_size", lambda v, r, n: 1 + r.poisson(1.4, n)),
        ("card_colour", lambda v, r, n: pick(r, n, ["blue", "gold", "green"], [0.5, 0.2, 0.3])),
        ("got_coupon", lambda v, r, n: bern(r, sig(-0.2 + 0.015 * (v["customer_age"] - 45) + lookup(v["shop_region"], SHOP_REGION)))),
        ("store_visits", lambda v, r, n: 4 + 2.5 * v["got_coupon"] + nz(r, n, 1.5)),
        ("monthly_spend", lambda v, r, n: 150 + 12 * v["store_visits"] + 2.0 * (v["customer_age"] - 45) + 15 * (v["household_size"] - 2.4) + lookup(v["shop_region"], {"urban": 10.0, "suburban": 0.0, "rural": -15.0}) + nz(r, n, 30)),
        ("newsletter_opened", lambda v, r, n: bern(r, sig(-1.0 + 0.9 * v["got_coupon"] + 0.012 * (v["monthly_spend"] - 200)))),
        ("receipt_points", lambda v, r, n: 5 * v["monthly_spend"] + nz(r, n, 60)),
    ], ["customer_age", "shop_region"], {"customer_age": CONF, "shop_region": CONF, "household_size": OCAUSE, "card_colour": NOISE, "store_visits": MED, "newsletter_opened": COLL, "receipt_points": DESC, "got_coupon": BT, "monthly_spend": Y}, n=1200, exact_ate=12 * 2.5, group="dev"))
    add(S("driver_coaching_fuel", "continuous, Gaussian partial mediator, several weak confounders, count collider", "freight logistics", "eco_coaching_hours", "fuel_l_per_100km", [
        ("truck_age_yrs", lambda v, r, n: r.gamma(2.0, 3.0, n)),
        ("depot", lambda v, r, n: pick(r, n, list(DEPOT), [0.4, 0.3, 0.3])),
        ("driver_tenure_yrs", lambda v, r, n: r.gamma(1.5, 4.0, n)),
        ("refrigerated", lambda v, r, n: bern(r, np.full(n, 0.3))),
        ("payload_t", lambda v, r, n: 14 + nz(r, n, 3)),
        ("plate_last_digit", lambda v, r, n: r.integers(0, 10, n)),
        ("eco_coaching_hours", lambda v, r, n: 6 + 0.08 * (v["truck_age_yrs"] - 6) + lookup(v["depot"], DEPOT) - 0.05 * (v["driver_tenure_yrs"] - 6) + 0.4 * v["refrigerated"] + nz(r, n, 2)),
        ("harsh_braking_per_100km", lambda v, r, n: 9 - 0.6 * v["eco_coaching_hours"] + nz(r, n, 1.2)),
        ("fuel_l_per_100km", lambda v, r, n: 30 + 0.5 * v["harsh_braking_per_100km"] - 0.2 * v["eco_coaching_hours"] + 0.5 * (v["truck_age_yrs"] - 6) + lookup(v["depot"], {"north": 0.0, "harbour": 1.5, "inland": -1.0}) - 0.3 * (v["driver_tenure_yrs"] - 6) + 2.0 * v["refrigerated"] + 0.4 * (v["payload_t"] - 14) + nz(r, n, 1.5)),
        ("maintenance_tickets", lambda v, r, n: r.poisson(np.exp(0.6 + 0.08 * v["eco_coaching_hours"] + 0.08 * (v["fuel_l_per_100km"] - 30)))),
    ], ["truck_age_yrs", "depot", "driver_tenure_yrs", "refrigerated"], {"truck_age_yrs": CONF, "depot": CONF, "driver_tenure_yrs": CONF, "refrigerated": CONF, "payload_t": OCAUSE, "plate_last_digit": NOISE, "harsh_braking_per_100km": MED, "maintenance_tickets": COLL, "eco_coaching_hours": CT, "fuel_l_per_100km": Y}, n=900, exact_ate=-0.2 + 0.5 * -0.6, group="dev"))
    add(S("summer_school_badges", "binary, descendant of treatment sharing a hidden cause with the outcome, skewed outcome cause, child of outcome", "primary schools", "summer_school", "reading_score", [
        ("_motivation", lambda v, r, n: nz(r, n, 1)),
        ("prior_reading", lambda v, r, n: 100 + nz(r, n, 15)),
        ("free_lunch", lambda v, r, n: bern(r, np.full(n, 0.35))),
        ("school_district", lambda v, r, n: pick(r, n, list(DISTRICT), [0.4, 0.35, 0.25])),
        ("books_at_home", lambda v, r, n: r.gamma(1.5, 20.0, n)),
        ("birth_month", lambda v, r, n: r.integers(1, 13, n)),
        ("summer_school", lambda v, r, n: bern(r, sig(-0.4 - 0.03 * (v["prior_reading"] - 100) + 0.3 * v["free_lunch"] + lookup(v["school_district"], DISTRICT)))),
        ("reading_badges", lambda v, r, n: r.poisson(np.exp(0.8 + 0.9 * v["summer_school"] + 0.5 * v["_motivation"]))),
        ("reading_score", lambda v, r, n: 20 + 4.0 * v["summer_school"] + 0.8 * v["prior_reading"] - 3.0 * v["free_lunch"] + lookup(v["school_district"], {"east": 0.0, "west": -2.0, "central": 2.5}) + 0.06 * (v["books_at_home"] - 30) + 5.0 * v["_motivation"] + nz(r, n, 5)),
        ("teacher_rating", lambda v, r, n: 2 + 0.05 * v["reading_score"] + nz(r, n, 0.5)),
    ], ["prior_reading", "free_lunch", "school_district"], {"prior_reading": CONF, "free_lunch": CONF, "school_district": CONF, "books_at_home": OCAUSE, "birth_month": NOISE, "reading_badges": "descendant of treatment", "teacher_rating": DESC, "summer_school": BT, "reading_score": Y}, n=900, exact_ate=4.0, group="dev"))
    add(S("nitrogen_leaf_yield", "continuous, Gaussian partial mediator, weak skewed confounder, binary collider, text unrelated", "arable farming", "nitrogen_kg_ha", "wheat_yield_t_ha", [
        ("soil_organic_pct", lambda v, r, n: r.gamma(3.0, 1.0, n)),
        ("farm_area_ha", lambda v, r, n: r.lognormal(4.5, 0.6, n)),
        ("irrigated", lambda v, r, n: bern(r, np.full(n, 0.4))),
        ("tractor_brand", lambda v, r, n: pick(r, n, ["deere", "fendt", "claas", "other"], [0.4, 0.25, 0.2, 0.15])),
        ("nitrogen_kg_ha", lambda v, r, n: 150 - 3 * (v["soil_organic_pct"] - 3) + 0.05 * (v["farm_area_ha"] - 100) + 10 * v["irrigated"] + nz(r, n, 25)),
        ("leaf_nitrogen_pct", lambda v, r, n: 2.0 + 0.01 * v["nitrogen_kg_ha"] + nz(r, n, 0.3)),
        ("wheat_yield_t_ha", lambda v, r, n: 2 + 1.5 * v["leaf_nitrogen_pct"] + 0.005 * v["nitrogen_kg_ha"] + 0.5 * (v["soil_organic_pct"] - 3) + 0.004 * (v["farm_area_ha"] - 100) + 0.8 * v["irrigated"] + nz(r, n, 0.7)),
        ("subsidy_audit", lambda v, r, n: bern(r, sig(-1.0 + 0.015 * (v["nitrogen_kg_ha"] - 150) + 0.8 * (v["wheat_yield_t_ha"] - 6.5)))),
    ], ["soil_organic_pct", "farm_area_ha", "irrigated"], {"soil_organic_pct": CONF, "farm_area_ha": CONF, "irrigated": CONF, "tractor_brand": NOISE, "leaf_nitrogen_pct": MED, "subsidy_audit": COLL, "nitrogen_kg_ha": CT, "wheat_yield_t_ha": Y}, n=700, exact_ate=1.5 * 0.01 + 0.005, group="dev"))
    add(S("smart_thermostat_many_weak", "binary, five weak confounders (gamma, lognormal, binary, text, count), Gaussian partial mediator, child of outcome", "home energy", "smart_thermostat", "heating_kwh_month", [
        ("home_age_yrs", lambda v, r, n: r.gamma(2.0, 18.0, n)),
        ("income_k", lambda v, r, n: r.lognormal(3.9, 0.45, n)),
        ("owner_occupied", lambda v, r, n: bern(r, np.full(n, 0.6))),
        ("climate_zone", lambda v, r, n: pick(r, n, list(CLIMATE), [0.4, 0.35, 0.25])),
        ("occupants", lambda v, r, n: 1 + r.poisson(1.6, n)),
        ("floor_area_m2", lambda v, r, n: 95 + nz(r, n, 25)),
        ("smart_thermostat", lambda v, r, n: bern(r, sig(-0.5 - 0.008 * (v["home_age_yrs"] - 36) + 0.012 * (v["income_k"] - 55) + 0.3 * v["owner_occupied"] + lookup(v["climate_zone"], CLIMATE) + 0.1 * (v["occupants"] - 2.6)))),
        ("setback_hours_day", lambda v, r, n: 2 + 3.0 * v["smart_thermostat"] + nz(r, n, 1.2)),
        ("heating_kwh_month", lambda v, r, n: 900 - 25 * v["setback_hours_day"] - 20 * v["smart_thermostat"] + 4 * (v["home_age_yrs"] - 36) + 2.5 * (v["income_k"] - 55) - 40 * v["owner_occupied"] + lookup(v["climate_zone"], {"mild": 0.0, "cold": 120.0, "coastal": -50.0}) + 35 * (v["occupants"] - 2.6) + 3 * (v["floor_area_m2"] - 95) + nz(r, n, 70)),
        ("heating_co2_kg", lambda v, r, n: 0.2 * v["heating_kwh_month"] + nz(r, n, 6)),
    ], ["home_age_yrs", "income_k", "owner_occupied", "climate_zone", "occupants"], {"home_age_yrs": CONF, "income_k": CONF, "owner_occupied": CONF, "climate_zone": CONF, "occupants": CONF, "floor_area_m2": OCAUSE, "setback_hours_day": MED, "heating_co2_kg": DESC, "smart_thermostat": BT, "heating_kwh_month": Y}, n=1500, exact_ate=-25 * 3.0 - 20, group="dev"))
    add(S("mentoring_certificates", "binary, count descendant of treatment sharing a hidden cause with the outcome, text and skewed confounders, binary collider", "human resources", "mentoring_scheme", "performance_rating", [
        ("_ambition", lambda v, r, n: nz(r, n, 1)),
        ("tenure_yrs", lambda v, r, n: r.gamma(1.6, 3.5, n)),
        ("department", lambda v, r, n: pick(r, n, list(DEPARTMENT), [0.3, 0.3, 0.25, 0.15])),
        ("last_review", lambda v, r, n: 3 + nz(r, n, 0.6)),
        ("works_remote", lambda v, r, n: bern(r, np.full(n, 0.4))),
        ("desk_floor", lambda v, r, n: r.integers(1, 9, n)),
        ("mentoring_scheme", lambda v, r, n: bern(r, sig(-0.3 - 0.08 * (v["tenure_yrs"] - 5.6) + lookup(v["department"], DEPARTMENT) + 0.5 * (v["last_review"] - 3) - 0.2 * v["works_remote"]))),
        ("certificates_earned", lambda v, r, n: r.poisson(np.exp(0.3 + 0.8 * v["mentoring_scheme"] + 0.6 * v["_ambition"]))),
        ("performance_rating", lambda v, r, n: 50 + 3.0 * v["mentoring_scheme"] + 0.6 * (v["tenure_yrs"] - 5.6) + lookup(v["department"], {"sales": 0.0, "engineering": 2.0, "operations": -1.5, "finance": 1.0}) + 6 * (v["last_review"] - 3) - 1.0 * v["works_remote"] + 4.0 * v["_ambition"] + nz(r, n, 4)),
        ("left_within_year", lambda v, r, n: bern(r, sig(-1.2 - 0.8 * v["mentoring_scheme"] - 0.12 * (v["performance_rating"] - 52)))),
    ], ["tenure_yrs", "department", "last_review", "works_remote"], {"tenure_yrs": CONF, "department": CONF, "last_review": CONF, "works_remote": CONF, "desk_floor": NOISE, "certificates_earned": "descendant of treatment", "left_within_year": COLL, "mentoring_scheme": BT, "performance_rating": Y}, n=1100, exact_ate=3.0, group="dev"))
    add(S("route_optimiser_km", "binary, Gaussian full mediator, weak binary and text confounders, count collider, outcome cause", "parcel delivery", "route_optimiser", "fuel_cost_eur", [
        ("urban_depot", lambda v, r, n: bern(r, np.full(n, 0.5))),
        ("van_model", lambda v, r, n: pick(r, n, ["diesel_a", "diesel_b", "hybrid"], [0.45, 0.35, 0.2])),
        ("stops_per_route", lambda v, r, n: 80 + nz(r, n, 15)),
        ("driver_age", lambda v, r, n: 38 + nz(r, n, 10)),
        ("route_optimiser", lambda v, r, n: bern(r, sig(-0.2 + 0.35 * v["urban_depot"] + lookup(v["van_model"], {"diesel_a": 0.0, "diesel_b": 0.2, "hybrid": 0.4})))),
        ("km_driven", lambda v, r, n: 120 - 18 * v["route_optimiser"] - 25 * v["urban_depot"] + 0.5 * (v["stops_per_route"] - 80) + nz(r, n, 12)),
        ("fuel_cost_eur", lambda v, r, n: 10 + 0.35 * v["km_driven"] + 12 * v["urban_depot"] + lookup(v["van_model"], {"diesel_a": 0.0, "diesel_b": 3.0, "hybrid": -9.0}) + 0.1 * (v["stops_per_route"] - 80) + nz(r, n, 4)),
        ("customer_complaints", lambda v, r, n: r.poisson(np.exp(0.4 + 0.5 * v["route_optimiser"] + 0.03 * (v["fuel_cost_eur"] - 50)))),
    ], ["urban_depot", "van_model"], {"urban_depot": CONF, "van_model": CONF, "stops_per_route": OCAUSE, "driver_age": NOISE, "km_driven": MED, "customer_complaints": COLL, "route_optimiser": BT, "fuel_cost_eur": Y}, n=600, exact_ate=0.35 * -18, group="dev"))
    add(S("email_frequency_sessions", "continuous, count partial mediator, weak skewed and text confounders, descendant of treatment sharing a hidden cause with the outcome", "online retail", "emails_per_week", "revenue_90d", [
        ("_engagement", lambda v, r, n: nz(r, n, 1)),
        ("customer_tenure_m", lambda v, r, n: r.gamma(1.5, 12.0, n)),
        ("segment", lambda v, r, n: pick(r, n, list(SEGMENT), [0.35, 0.45, 0.2])),
        ("app_installed", lambda v, r, n: bern(r, np.full(n, 0.45))),
        ("postcode_digit", lambda v, r, n: r.integers(0, 10, n)),
        ("emails_per_week", lambda v, r, n: 3 + 0.02 * (v["customer_tenure_m"] - 18) + lookup(v["segment"], SEGMENT) + nz(r, n, 1.0)),
        ("site_sessions", lambda v, r, n: r.poisson(np.maximum(2 + 1.2 * v["emails_per_week"] + 0.5 * v["app_installed"], 0.1))),
        ("unsubscribe_clicks", lambda v, r, n: r.poisson(np.exp(-0.5 + 0.3 * v["emails_per_week"] - 0.6 * v["_engagement"]))),
        ("revenue_90d", lambda v, r, n: 60 + 6 * v["site_sessions"] + 4 * v["emails_per_week"] + 1.5 * (v["customer_tenure_m"] - 18) + lookup(v["segment"], {"bargain": -20.0, "family": 0.0, "premium": 45.0}) + 15 * v["_engagement"] + nz(r, n, 20)),
    ], ["customer_tenure_m", "segment"], {"customer_tenure_m": CONF, "segment": CONF, "app_installed": OCAUSE, "postcode_digit": NOISE, "site_sessions": MED, "unsubscribe_clicks": "descendant of treatment", "emails_per_week": CT, "revenue_90d": Y}, n=1000, exact_ate=6 * 1.2 + 4, group="dev"))
    add(S("teacher_cpd_progress", "continuous, four weak confounders (lognormal, binary, text, skewed), Gaussian partial mediator, binary collider, child of outcome, n=500", "secondary schools", "cpd_hours", "pupil_progress", [
        ("school_budget_k", lambda v, r, n: r.lognormal(6.5, 0.35, n)),
        ("rural_school", lambda v, r, n: bern(r, np.full(n, 0.3))),
        ("school_kind", lambda v, r, n: pick(r, n, list(SCHOOL_KIND), [0.5, 0.3, 0.2])),
        ("free_meals_pct", lambda v, r, n: r.gamma(2.0, 8.0, n)),
        ("staff_count", lambda v, r, n: 40 + r.poisson(20, n)),
        ("cpd_hours", lambda v, r, n: 20 + 0.004 * (v["school_budget_k"] - 700) - 1.2 * v["rural_school"] + 3 * lookup(v["school_kind"], SCHOOL_KIND) + 0.05 * (v["free_meals_pct"] - 16) + nz(r, n, 5)),
        ("lesson_observation", lambda v, r, n: 60 + 0.5 * v["cpd_hours"] + nz(r, n, 4)),
        ("pupil_progress", lambda v, r, n: 0.02 * v["lesson_observation"] + 0.01 * v["cpd_hours"] + 0.0012 * (v["school_budget_k"] - 700) - 0.25 * v["rural_school"] + lookup(v["school_kind"], {"community": 0.0, "academy": 0.2, "faith": 0.15}) - 0.02 * (v["free_meals_pct"] - 16) + nz(r, n, 0.25)),
        ("inspection_outstanding", lambda v, r, n: bern(r, sig(-1.0 + 0.05 * (v["cpd_hours"] - 20) + 2.5 * (v["pupil_progress"] - 1.5)))),
        ("exam_pass_pct", lambda v, r, n: 55 + 20 * v["pupil_progress"] + nz(r, n, 2)),
    ], ["school_budget_k", "rural_school", "school_kind", "free_meals_pct"], {"school_budget_k": CONF, "rural_school": CONF, "school_kind": CONF, "free_meals_pct": CONF, "staff_count": NOISE, "lesson_observation": MED, "inspection_outstanding": COLL, "exam_pass_pct": DESC, "cpd_hours": CT, "pupil_progress": Y}, n=500, exact_ate=0.02 * 0.5 + 0.01, group="dev"))
    add(S("cover_crop_earthworms", "binary, count partial mediator, weak lognormal confounder, descendant of treatment sharing a hidden cause with the outcome, count collider", "regenerative agriculture", "cover_crop", "soil_carbon_pct", [
        ("_diligence", lambda v, r, n: nz(r, n, 1)),
        ("farm_income_k", lambda v, r, n: r.lognormal(4.2, 0.5, n)),
        ("organic_farm", lambda v, r, n: bern(r, np.full(n, 0.25))),
        ("soil_texture", lambda v, r, n: pick(r, n, ["clay", "loam", "sand"], [0.3, 0.45, 0.25])),
        ("field_slope_deg", lambda v, r, n: r.gamma(2.0, 2.0, n)),
        ("cover_crop", lambda v, r, n: bern(r, sig(-0.6 + 0.006 * (v["farm_income_k"] - 75) + 0.9 * v["organic_farm"]))),
        ("seed_spend_eur_ha", lambda v, r, n: 20 + 45 * v["cover_crop"] + 10 * v["_diligence"] + nz(r, n, 8)),
        ("earthworms_m2", lambda v, r, n: r.poisson(np.exp(3.0 + 0.4 * v["cover_crop"] + lookup(v["soil_texture"], {"clay": 0.0, "loam": 0.2, "sand": -0.4})))),
        ("soil_carbon_pct", lambda v, r, n: 1.5 + 0.01 * v["earthworms_m2"] + 0.15 * v["cover_crop"] + 0.006 * (v["farm_income_k"] - 75) + 0.3 * v["organic_farm"] + lookup(v["soil_texture"], {"clay": 0.3, "loam": 0.0, "sand": -0.4}) - 0.03 * (v["field_slope_deg"] - 4) + 0.2 * v["_diligence"] + nz(r, n, 0.25)),
        ("advisor_visits", lambda v, r, n: r.poisson(np.exp(0.2 + 0.5 * v["cover_crop"] + 0.6 * (v["soil_carbon_pct"] - 2.1)))),
    ], ["farm_income_k", "organic_farm"], {"farm_income_k": CONF, "organic_farm": CONF, "soil_texture": OCAUSE, "field_slope_deg": OCAUSE, "seed_spend_eur_ha": "descendant of treatment", "earthworms_m2": MED, "advisor_visits": COLL, "cover_crop": BT, "soil_carbon_pct": Y}, group="dev", n=800))
    return out


PLAN = {"basic": 0.0, "plus": 0.4, "family": -0.3}
TERMINAL = {"quay_a": 0.0, "quay_b": 0.4, "river": -0.5}
REGION_HP = {"alpine": 0.5, "plains": 0.0, "lakes": -0.2, "coast": -0.4}


def _role_tables_unseen10() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("gym_challenge_workouts", "binary, weak confounder edge, Gaussian full mediator, binary collider, child of outcome", "fitness apps", "joined_challenge", "weight_change_kg", [
        ("member_age", lambda v, r, n: 38 + nz(r, n, 11)),
        ("plan", lambda v, r, n: pick(r, n, list(PLAN), [0.5, 0.3, 0.2])),
        ("commute_km", lambda v, r, n: r.gamma(2.0, 4.0, n)),
        ("phone_os", lambda v, r, n: pick(r, n, ["ios", "android"], [0.45, 0.55])),
        ("joined_challenge", lambda v, r, n: bern(r, sig(0.1 - 0.02 * (v["member_age"] - 38) + lookup(v["plan"], PLAN)))),
        ("workouts_month", lambda v, r, n: 8 + 4.0 * v["joined_challenge"] + nz(r, n, 2.5)),
        ("weight_change_kg", lambda v, r, n: 1.0 - 0.3 * v["workouts_month"] + 0.08 * (v["member_age"] - 38) + lookup(v["plan"], {"basic": 0.0, "plus": -0.5, "family": 0.6}) + 0.05 * (v["commute_km"] - 8) + nz(r, n, 1.5)),
        ("renewed", lambda v, r, n: bern(r, sig(0.2 + 0.7 * v["joined_challenge"] - 0.4 * v["weight_change_kg"]))),
        ("bmi_change", lambda v, r, n: 0.33 * v["weight_change_kg"] + nz(r, n, 0.15)),
    ], ["member_age", "plan"], {"member_age": CONF, "plan": CONF, "commute_km": OCAUSE, "phone_os": NOISE, "workouts_month": MED, "renewed": COLL, "bmi_change": DESC, "joined_challenge": BT, "weight_change_kg": Y}, n=1000, exact_ate=-0.3 * 4.0, group="unseen"))
    add(S("crane_training_moves", "continuous, Gaussian partial mediator, several weak confounders, count collider", "container port", "crane_training_h", "vessel_turnaround_h", [
        ("crane_age_yrs", lambda v, r, n: r.gamma(2.5, 4.0, n)),
        ("terminal", lambda v, r, n: pick(r, n, list(TERMINAL), [0.4, 0.35, 0.25])),
        ("operator_experience_yrs", lambda v, r, n: r.gamma(2.0, 4.0, n)),
        ("night_shift", lambda v, r, n: bern(r, np.full(n, 0.35))),
        ("containers_k", lambda v, r, n: 3 + nz(r, n, 0.8)),
        ("berth_number", lambda v, r, n: r.integers(1, 15, n)),
        ("crane_training_h", lambda v, r, n: 12 + 0.1 * (v["crane_age_yrs"] - 10) + 0.8 * lookup(v["terminal"], TERMINAL) - 0.08 * (v["operator_experience_yrs"] - 8) + 0.5 * v["night_shift"] + nz(r, n, 3)),
        ("moves_per_hour", lambda v, r, n: 22 + 0.5 * v["crane_training_h"] + nz(r, n, 2)),
        ("vessel_turnaround_h", lambda v, r, n: 40 - 0.6 * v["moves_per_hour"] - 0.1 * v["crane_training_h"] + 0.3 * (v["crane_age_yrs"] - 10) + lookup(v["terminal"], {"quay_a": 0.0, "quay_b": 2.0, "river": -1.5}) - 0.25 * (v["operator_experience_yrs"] - 8) + 1.5 * v["night_shift"] + 3 * (v["containers_k"] - 3) + nz(r, n, 1.8)),
        ("safety_incidents", lambda v, r, n: r.poisson(np.exp(0.3 + 0.05 * v["crane_training_h"] + 0.06 * (v["vessel_turnaround_h"] - 25)))),
    ], ["crane_age_yrs", "terminal", "operator_experience_yrs", "night_shift"], {"crane_age_yrs": CONF, "terminal": CONF, "operator_experience_yrs": CONF, "night_shift": CONF, "containers_k": OCAUSE, "berth_number": NOISE, "moves_per_hour": MED, "safety_incidents": COLL, "crane_training_h": CT, "vessel_turnaround_h": Y}, n=800, exact_ate=-0.6 * 0.5 - 0.1, group="unseen"))
    add(S("reading_buddies_stickers", "binary, count descendant of treatment sharing a hidden cause with the outcome, text and binary confounders, child of outcome", "infant schools", "reading_buddies", "phonics_score", [
        ("_curiosity", lambda v, r, n: nz(r, n, 1)),
        ("entry_phonics", lambda v, r, n: 30 + nz(r, n, 6)),
        ("english_additional", lambda v, r, n: bern(r, np.full(n, 0.25))),
        ("school_town", lambda v, r, n: pick(r, n, ["harbour", "hill", "valley"], [0.35, 0.35, 0.3])),
        ("siblings", lambda v, r, n: r.poisson(1.2, n)),
        ("reading_buddies", lambda v, r, n: bern(r, sig(0.2 - 0.06 * (v["entry_phonics"] - 30) + 0.5 * v["english_additional"] + lookup(v["school_town"], {"harbour": 0.0, "hill": 0.4, "valley": -0.3})))),
        ("stickers_earned", lambda v, r, n: r.poisson(np.exp(1.0 + 0.7 * v["reading_buddies"] + 0.45 * v["_curiosity"]))),
        ("phonics_score", lambda v, r, n: 8 + 2.5 * v["reading_buddies"] + 0.8 * v["entry_phonics"] - 2.0 * v["english_additional"] + lookup(v["school_town"], {"harbour": 0.0, "hill": 1.0, "valley": -1.0}) - 0.4 * v["siblings"] + 3.0 * v["_curiosity"] + nz(r, n, 3)),
        ("teacher_grade", lambda v, r, n: 1 + 0.1 * v["phonics_score"] + nz(r, n, 0.3)),
    ], ["entry_phonics", "english_additional", "school_town"], {"entry_phonics": CONF, "english_additional": CONF, "school_town": CONF, "siblings": OCAUSE, "stickers_earned": "descendant of treatment", "teacher_grade": DESC, "reading_buddies": BT, "phonics_score": Y}, n=1100, exact_ate=2.5, group="unseen"))
    add(S("orchard_pruning_light", "continuous, Gaussian partial mediator, weak skewed and binary confounders, binary collider, text unrelated", "fruit orchards", "pruning_hours_ha", "apple_yield_t_ha", [
        ("orchard_age_yrs", lambda v, r, n: r.gamma(3.0, 5.0, n)),
        ("hail_net", lambda v, r, n: bern(r, np.full(n, 0.35))),
        ("variety", lambda v, r, n: pick(r, n, ["gala", "braeburn", "jazz"], [0.4, 0.35, 0.25])),
        ("rain_mm", lambda v, r, n: 700 + nz(r, n, 90)),
        ("pruning_hours_ha", lambda v, r, n: 60 + 0.3 * (v["orchard_age_yrs"] - 15) + 4 * v["hail_net"] + nz(r, n, 10)),
        ("canopy_light_pct", lambda v, r, n: 40 + 0.3 * v["pruning_hours_ha"] + nz(r, n, 4)),
        ("apple_yield_t_ha", lambda v, r, n: 10 + 0.4 * v["canopy_light_pct"] + 0.02 * v["pruning_hours_ha"] - 0.35 * (v["orchard_age_yrs"] - 15) + 3.0 * v["hail_net"] + 0.01 * (v["rain_mm"] - 700) + nz(r, n, 3)),
        ("quality_bonus", lambda v, r, n: bern(r, sig(-0.5 + 0.03 * (v["pruning_hours_ha"] - 60) + 0.2 * (v["apple_yield_t_ha"] - 35)))),
    ], ["orchard_age_yrs", "hail_net"], {"orchard_age_yrs": CONF, "hail_net": CONF, "variety": NOISE, "rain_mm": OCAUSE, "canopy_light_pct": MED, "quality_bonus": COLL, "pruning_hours_ha": CT, "apple_yield_t_ha": Y}, n=600, exact_ate=0.4 * 0.3 + 0.02, group="unseen"))
    add(S("heat_pump_many_weak", "binary, five weak confounders (gamma, lognormal, binary, text, count), Gaussian partial mediator, child of outcome", "residential heating", "heat_pump", "energy_bill_eur", [
        ("building_age_yrs", lambda v, r, n: r.gamma(2.5, 15.0, n)),
        ("household_income_k", lambda v, r, n: r.lognormal(4.0, 0.4, n)),
        ("detached", lambda v, r, n: bern(r, np.full(n, 0.45))),
        ("region", lambda v, r, n: pick(r, n, list(REGION_HP), [0.2, 0.4, 0.2, 0.2])),
        ("residents", lambda v, r, n: 1 + r.poisson(1.8, n)),
        ("window_area_m2", lambda v, r, n: 18 + nz(r, n, 4)),
        ("heat_pump", lambda v, r, n: bern(r, sig(-0.6 - 0.006 * (v["building_age_yrs"] - 37) + 0.01 * (v["household_income_k"] - 59) + 0.35 * v["detached"] + lookup(v["region"], REGION_HP) + 0.08 * (v["residents"] - 2.8)))),
        ("gas_use_mwh", lambda v, r, n: 12 - 6.0 * v["heat_pump"] + nz(r, n, 1.5)),
        ("energy_bill_eur", lambda v, r, n: 1500 + 70 * v["gas_use_mwh"] + 120 * v["heat_pump"] + 8 * (v["building_age_yrs"] - 37) + 6 * (v["household_income_k"] - 59) + 150 * v["detached"] + lookup(v["region"], {"alpine": 250.0, "plains": 0.0, "lakes": 60.0, "coast": -120.0}) + 90 * (v["residents"] - 2.8) + 15 * (v["window_area_m2"] - 18) + nz(r, n, 160)),
        ("bill_vat_eur", lambda v, r, n: 0.2 * v["energy_bill_eur"] + nz(r, n, 10)),
    ], ["building_age_yrs", "household_income_k", "detached", "region", "residents"], {"building_age_yrs": CONF, "household_income_k": CONF, "detached": CONF, "region": CONF, "residents": CONF, "window_area_m2": OCAUSE, "gas_use_mwh": MED, "bill_vat_eur": DESC, "heat_pump": BT, "energy_bill_eur": Y}, n=1800, exact_ate=70 * -6.0 + 120, group="unseen"))
    add(S("sales_bonus_calls", "continuous, count partial mediator, weak text and skewed confounders, descendant of treatment sharing a hidden cause with the outcome", "sales teams", "bonus_rate_pct", "quarterly_sales_k", [
        ("_drive", lambda v, r, n: nz(r, n, 1)),
        ("territory", lambda v, r, n: pick(r, n, ["metro", "regional", "export"], [0.45, 0.35, 0.2])),
        ("rep_tenure_yrs", lambda v, r, n: r.gamma(1.8, 3.0, n)),
        ("has_company_car", lambda v, r, n: bern(r, np.full(n, 0.5))),
        ("office_floor", lambda v, r, n: r.integers(1, 7, n)),
        ("bonus_rate_pct", lambda v, r, n: 5 + lookup(v["territory"], {"metro": 0.0, "regional": 0.6, "export": -0.5}) + 0.05 * (v["rep_tenure_yrs"] - 5.4) + nz(r, n, 1.2)),
        ("client_calls_week", lambda v, r, n: r.poisson(np.maximum(10 + 2.0 * v["bonus_rate_pct"] + 1.0 * v["has_company_car"], 0.1))),
        ("expense_claims", lambda v, r, n: r.poisson(np.exp(0.3 + 0.15 * v["bonus_rate_pct"] + 0.4 * v["_drive"]))),
        ("quarterly_sales_k", lambda v, r, n: 80 + 3 * v["client_calls_week"] + 2 * v["bonus_rate_pct"] + lookup(v["territory"], {"metro": 15.0, "regional": 0.0, "export": 25.0}) + 2.5 * (v["rep_tenure_yrs"] - 5.4) + 12 * v["_drive"] + nz(r, n, 10)),
    ], ["territory", "rep_tenure_yrs"], {"territory": CONF, "rep_tenure_yrs": CONF, "has_company_car": OCAUSE, "office_floor": NOISE, "client_calls_week": MED, "expense_claims": "descendant of treatment", "bonus_rate_pct": CT, "quarterly_sales_k": Y}, n=1300, exact_ate=3 * 2.0 + 2, group="unseen"))
    return out


# Estimators and intervals on tables nobody tuned to, an eleventh round: a categorical confounder
# with many levels (some rare) or a high-cardinality integer code, two categorical confounders
# interacting in the propensity, small n with mostly irrelevant columns, large n with a weak
# effect, a rare treated arm, a mostly-zero dose, a count of sessions as the treatment, a bounded
# percentage with floor and ceiling pile-up, a count outcome with many zeros, a rare binary event,
# an effect varying with a curved confounder (its average differs from the effect at the mean),
# gross errors in the outcome. The dev and unseen parts were written at the same time, before any
# change they prompted; the unseen part is scored only.
HANDSET_PROP = {"aurora": 0.0, "basalt": 0.6, "cedar": -0.5, "delta": 0.9, "ember": -0.9, "fjord": 0.3, "garnet": 1.4, "helix": -1.2, "iris": 1.8, "jade": -1.6}
HANDSET_BILL = {"aurora": 0.0, "basalt": 5.0, "cedar": -3.0, "delta": 8.0, "ember": -6.0, "fjord": 2.0, "garnet": 10.0, "helix": -4.0, "iris": 14.0, "jade": -8.0}
HANDSETS = list(HANDSET_PROP)
GARDEN_FORMAT = {"superstore": 0.4, "high_street": -0.3, "retail_park": 0.2, "village": -0.6}
GARDEN_FORMAT_Y = {"superstore": 12.0, "high_street": -2.0, "retail_park": 5.0, "village": -8.0}
GARDEN_REGION = {"north": -0.4, "south": 0.3, "east": 0.1, "west": 0.0, "wales": -0.5}
GARDEN_REGION_Y = {"north": -3.0, "south": 4.0, "east": 2.0, "west": 0.0, "wales": -4.0}
SOIL = {"clay": 0.0, "loam": 0.5, "sand": -0.4}
DEPOT_FLEET = {"ridge": 0.0, "docks": 0.5, "airport": -0.4, "ringroad": 0.25}
DEPOT_FUEL = {"ridge": 0.0, "docks": 0.8, "airport": -0.6, "ringroad": 0.3}
SALES_TERRITORY = {"city": 0.3, "county": 0.0, "coastal": -0.4, "upland": -0.2}
_CODE_RNG = np.random.default_rng(20261206)
BRANCH_PROP = dict(enumerate(_CODE_RNG.normal(0.0, 0.7, 31)))
BRANCH_ORDERS = dict(enumerate(_CODE_RNG.normal(0.0, 5.0, 31) + 4.0 * np.array(list(BRANCH_PROP.values()))))
POSTCODE_PROP = dict(enumerate(_CODE_RNG.normal(0.0, 0.8, 41)))
POSTCODE_COST = dict(enumerate(_CODE_RNG.normal(0.0, 1.6, 41) + 0.8 * np.array(list(POSTCODE_PROP.values()))))
CORRIDOR = {"radial": 0.5, "orbital": -0.2, "suburban": -0.5, "inner": 0.3}
CORRIDOR_MIN = {"radial": 4.0, "orbital": 1.0, "suburban": -3.0, "inner": 2.0}
OPERATOR = {"metro_bus": 0.0, "citylink": 0.4, "greenline": -0.3}
OPERATOR_MIN = {"metro_bus": 0.0, "citylink": -1.5, "greenline": 1.0}


def _gross(r: np.random.Generator, n: int, share: float, size: float) -> np.ndarray:
    """Gross recording errors: in a `share` of rows, +-`size` to 2 x `size` (mean zero)."""
    hit = r.random(n) < share
    return hit * r.choice([-1.0, 1.0], n) * r.uniform(size, 2 * size, n)


def _interval_tables_dev11() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("roaming_bundle_handset_levels", "binary, categorical confounder with 10 levels (two rare)", "mobile telecom", "roaming_bundle", "monthly_bill_eur", [
        ("handset_model", lambda v, r, n: pick(r, n, HANDSETS, [0.2, 0.18, 0.15, 0.12, 0.1, 0.09, 0.07, 0.05, 0.025, 0.015])),
        ("contract_months", lambda v, r, n: r.integers(1, 37, n)),
        ("roaming_bundle", lambda v, r, n: bern(r, sig(-0.8 + lookup(v["handset_model"], HANDSET_PROP) + 0.03 * (v["contract_months"] - 18)))),
        ("monthly_bill_eur", lambda v, r, n: 35 + 6.0 * v["roaming_bundle"] + lookup(v["handset_model"], HANDSET_BILL) + 0.2 * (v["contract_months"] - 18) + nz(r, n, 6)),
    ], ["handset_model", "contract_months"], {"handset_model": CONF, "contract_months": CONF, "roaming_bundle": BT, "monthly_bill_eur": Y}, n=1200, exact_ate=6.0, group="dev"))
    add(S("app_push_branch_code", "binary, high-cardinality integer code (30 branches) as confounder", "restaurant chains", "app_push_offer", "orders_week", [
        ("branch_code", lambda v, r, n: r.integers(1, 31, n)),
        ("customer_age", lambda v, r, n: 38 + nz(r, n, 12)),
        ("app_push_offer", lambda v, r, n: bern(r, sig(-0.4 + lookup(v["branch_code"], BRANCH_PROP) - 0.02 * (v["customer_age"] - 38)))),
        ("orders_week", lambda v, r, n: 20 + 3.0 * v["app_push_offer"] + lookup(v["branch_code"], BRANCH_ORDERS) - 0.1 * (v["customer_age"] - 38) + nz(r, n, 4)),
    ], ["branch_code", "customer_age"], {"branch_code": CONF, "customer_age": CONF, "app_push_offer": BT, "orders_week": Y}, n=1800, exact_ate=3.0, group="dev", linear_oracle=False))
    add(S("garden_centre_sunday_format_region", "binary, two categorical confounders interacting in the propensity", "garden centres", "sunday_opening", "weekly_takings_k", [
        ("store_format", lambda v, r, n: pick(r, n, list(GARDEN_FORMAT), [0.25, 0.35, 0.25, 0.15])),
        ("sales_region", lambda v, r, n: pick(r, n, list(GARDEN_REGION), [0.25, 0.25, 0.2, 0.2, 0.1])),
        ("car_park_spaces", lambda v, r, n: r.poisson(60, n)),
        ("sunday_opening", lambda v, r, n: bern(r, sig(-0.9 + lookup(v["store_format"], GARDEN_FORMAT) + lookup(v["sales_region"], GARDEN_REGION) + 1.8 * ((v["store_format"] == "superstore") & np.isin(v["sales_region"], ["south", "east"]))))),
        ("weekly_takings_k", lambda v, r, n: 40 + 5.0 * v["sunday_opening"] + lookup(v["store_format"], GARDEN_FORMAT_Y) + lookup(v["sales_region"], GARDEN_REGION_Y) + 0.1 * (v["car_park_spaces"] - 60) + nz(r, n, 5)),
    ], ["store_format", "sales_region"], {"store_format": CONF, "sales_region": CONF, "car_park_spaces": OCAUSE, "sunday_opening": BT, "weekly_takings_k": Y}, n=1500, exact_ate=5.0, group="dev"))
    add(_allotment_compost_small_wide())
    add(S("van_telematics_fuel_weak_large", "binary, n=3000, weak effect, curved confounder", "delivery fleets", "telematics_box", "fuel_l_100km", [
        ("vehicle_age_yrs", lambda v, r, n: r.gamma(3.0, 2.0, n)),
        ("annual_km_k", lambda v, r, n: r.gamma(5.0, 6.0, n)),
        ("home_depot", lambda v, r, n: pick(r, n, list(DEPOT_FLEET), [0.3, 0.25, 0.25, 0.2])),
        ("telematics_box", lambda v, r, n: bern(r, sig(-0.3 - 0.15 * (v["vehicle_age_yrs"] - 6) + 0.03 * (v["annual_km_k"] - 30) + lookup(v["home_depot"], DEPOT_FLEET)))),
        ("fuel_l_100km", lambda v, r, n: 9 - 0.3 * v["telematics_box"] + 0.04 * (v["vehicle_age_yrs"] - 6) ** 2 + 0.1 * (v["vehicle_age_yrs"] - 6) - 0.02 * (v["annual_km_k"] - 30) + lookup(v["home_depot"], DEPOT_FUEL) + nz(r, n, 1.2)),
    ], ["vehicle_age_yrs", "annual_km_k", "home_depot"], {"vehicle_age_yrs": CONF, "annual_km_k": CONF, "home_depot": CONF, "telematics_box": BT, "fuel_l_100km": Y}, n=3000, exact_ate=-0.3, group="dev"))
    add(S("dietitian_referral_rare_arm", "binary, rare treated arm (about 10%)", "nephrology", "dietitian_referral", "egfr_change_12m", [
        ("baseline_egfr", lambda v, r, n: 45 + nz(r, n, 12)),
        ("diabetic", lambda v, r, n: bern(r, np.full(n, 0.35))),
        ("patient_age", lambda v, r, n: 66 + nz(r, n, 10)),
        ("dietitian_referral", lambda v, r, n: bern(r, sig(-2.6 - 0.04 * (v["baseline_egfr"] - 45) + 0.8 * v["diabetic"] - 0.02 * (v["patient_age"] - 66)))),
        ("egfr_change_12m", lambda v, r, n: -3 + 2.0 * v["dietitian_referral"] + 0.08 * (v["baseline_egfr"] - 45) - 1.5 * v["diabetic"] - 0.06 * (v["patient_age"] - 66) + nz(r, n, 3)),
    ], ["baseline_egfr", "diabetic", "patient_age"], {"baseline_egfr": CONF, "diabetic": CONF, "patient_age": CONF, "dietitian_referral": BT, "egfr_change_12m": Y}, n=1400, exact_ate=2.0, group="dev"))
    add(S("biochar_dose_mostly_zero", "continuous treatment mostly zero (zero-inflated dose)", "arable farming", "biochar_t_ha", "maize_t_ha", [
        ("soil_organic_pct", lambda v, r, n: r.gamma(4.0, 0.6, n)),
        ("rainfall_mm", lambda v, r, n: 650 + nz(r, n, 90)),
        ("biochar_t_ha", lambda v, r, n: bern(r, sig(-0.8 - 0.6 * (v["soil_organic_pct"] - 2.4) + 0.004 * (v["rainfall_mm"] - 650))) * r.gamma(2.0, 2.0 + 0.5 * np.clip(2.4 - v["soil_organic_pct"], 0, None), n)),
        ("maize_t_ha", lambda v, r, n: 8 + 0.25 * v["biochar_t_ha"] + 0.9 * (v["soil_organic_pct"] - 2.4) + 0.006 * (v["rainfall_mm"] - 650) + nz(r, n, 1.0)),
    ], ["soil_organic_pct", "rainfall_mm"], {"soil_organic_pct": CONF, "rainfall_mm": CONF, "biochar_t_ha": CT, "maize_t_ha": Y}, n=900, exact_ate=0.25, group="dev"))
    add(S("sales_coaching_sessions_count", "count treatment (0-6 sessions)", "field sales", "coaching_sessions", "client_nps", [
        ("rep_tenure_m", lambda v, r, n: r.gamma(2.0, 15.0, n)),
        ("sales_territory", lambda v, r, n: pick(r, n, list(SALES_TERRITORY), [0.3, 0.3, 0.2, 0.2])),
        ("coaching_sessions", lambda v, r, n: r.binomial(6, sig(-0.2 - 0.025 * (v["rep_tenure_m"] - 30) + lookup(v["sales_territory"], SALES_TERRITORY)))),
        ("client_nps", lambda v, r, n: 30 + 1.5 * v["coaching_sessions"] + 0.15 * (v["rep_tenure_m"] - 30) + 8 * lookup(v["sales_territory"], SALES_TERRITORY) + nz(r, n, 8)),
    ], ["rep_tenure_m", "sales_territory"], {"rep_tenure_m": CONF, "sales_territory": CONF, "coaching_sessions": CT, "client_nps": Y}, n=700, exact_ate=1.5, group="dev"))
    add(S("revision_bootcamp_score_pct_bounded", "binary, bounded percentage outcome with floor and ceiling pile-up", "higher education", "revision_bootcamp", "module_score_pct", [
        ("entry_points", lambda v, r, n: 120 + nz(r, n, 25)),
        ("job_hours_week", lambda v, r, n: r.gamma(1.5, 8.0, n)),
        ("revision_bootcamp", lambda v, r, n: bern(r, sig(-0.3 - 0.02 * (v["entry_points"] - 120) + 0.04 * (v["job_hours_week"] - 12)))),
        ("module_score_pct", lambda v, r, n: np.clip(62 + 9.0 * v["revision_bootcamp"] + 0.6 * (v["entry_points"] - 120) - 0.5 * (v["job_hours_week"] - 12) + nz(r, n, 16), 0, 100)),
    ], ["entry_points", "job_hours_week"], {"entry_points": CONF, "job_hours_week": CONF, "revision_bootcamp": BT, "module_score_pct": Y}, n=800, group="dev", linear_oracle=False))
    add(S("smart_meter_late_payments_zeros", "binary, count outcome with many zeros", "energy retail", "smart_meter", "late_payments_yr", [
        ("household_income_k", lambda v, r, n: r.lognormal(3.4, 0.45, n)),
        ("tenant", lambda v, r, n: bern(r, np.full(n, 0.4))),
        ("smart_meter", lambda v, r, n: bern(r, sig(-0.4 + 0.8 * (np.log(v["household_income_k"]) - 3.4) - 0.6 * v["tenant"]))),
        ("late_payments_yr", lambda v, r, n: bern(r, sig(-0.6 - 1.2 * (np.log(v["household_income_k"]) - 3.4) + 0.9 * v["tenant"])) * r.poisson(np.exp(0.8 - 0.4 * v["smart_meter"] - 0.5 * (np.log(v["household_income_k"]) - 3.4) + 0.3 * v["tenant"]))),
    ], ["household_income_k", "tenant"], {"household_income_k": CONF, "tenant": CONF, "smart_meter": BT, "late_payments_yr": Y}, n=1000, group="dev", linear_oracle=False))
    add(S("falls_programme_hip_fracture_rare", "binary, rare binary outcome (about 4%)", "geriatric care", "falls_programme", "hip_fracture_12m", [
        ("resident_age", lambda v, r, n: 82 + nz(r, n, 7)),
        ("prior_falls", lambda v, r, n: r.poisson(0.8, n)),
        ("lives_alone", lambda v, r, n: bern(r, np.full(n, 0.45))),
        ("falls_programme", lambda v, r, n: bern(r, sig(-1.2 + 0.05 * (v["resident_age"] - 82) + 0.6 * v["prior_falls"] + 0.3 * v["lives_alone"]))),
        ("hip_fracture_12m", lambda v, r, n: bern(r, sig(-3.6 - 0.6 * v["falls_programme"] + 0.07 * (v["resident_age"] - 82) + 0.45 * v["prior_falls"] + 0.3 * v["lives_alone"]))),
    ], ["resident_age", "prior_falls", "lives_alone"], {"resident_age": CONF, "prior_falls": CONF, "lives_alone": CONF, "falls_programme": BT, "hip_fracture_12m": Y}, n=3000, group="dev", linear_oracle=False))
    add(S("heat_pump_bill_curved_modifier", "binary, effect varies with a curved confounder (average differs from the effect at the mean)", "home energy", "heat_pump_retrofit", "winter_bill_eur", [
        ("floor_area_m2", lambda v, r, n: 120 + nz(r, n, 30)),
        ("insulation_grade", lambda v, r, n: r.integers(1, 6, n)),
        ("heat_pump_retrofit", lambda v, r, n: bern(r, sig(-0.5 + 0.0015 * (v["floor_area_m2"] - 120) ** 2 - 0.01 * (v["floor_area_m2"] - 120) + 0.2 * (v["insulation_grade"] - 3)))),
        ("winter_bill_eur", lambda v, r, n: 600 + 3.0 * (v["floor_area_m2"] - 120) - 25 * (v["insulation_grade"] - 3) - v["heat_pump_retrofit"] * (50 + 0.08 * (v["floor_area_m2"] - 120) ** 2) + nz(r, n, 40)),
    ], ["floor_area_m2", "insulation_grade"], {"floor_area_m2": CONF, "insulation_grade": CONF, "heat_pump_retrofit": BT, "winter_bill_eur": Y}, n=1200, exact_ate=-(50 + 0.08 * 900), group="dev", linear_oracle=False))
    add(S("drip_irrigation_tomato_gross_errors", "continuous, outcome with 1.5% gross recording errors", "greenhouse vegetables", "drip_water_l_m2", "tomato_kg_m2", [
        ("greenhouse_age_yrs", lambda v, r, n: r.gamma(3.0, 4.0, n)),
        ("sunshine_h_week", lambda v, r, n: 30 + nz(r, n, 6)),
        ("drip_water_l_m2", lambda v, r, n: 20 + 0.3 * (v["sunshine_h_week"] - 30) + 0.2 * (v["greenhouse_age_yrs"] - 12) + nz(r, n, 3)),
        ("tomato_kg_m2", lambda v, r, n: 40 + 0.5 * v["drip_water_l_m2"] + 0.6 * (v["sunshine_h_week"] - 30) - 0.3 * (v["greenhouse_age_yrs"] - 12) + nz(r, n, 2.5) + _gross(r, n, 0.015, 40.0)),
    ], ["greenhouse_age_yrs", "sunshine_h_week"], {"greenhouse_age_yrs": CONF, "sunshine_h_week": CONF, "drip_water_l_m2": CT, "tomato_kg_m2": Y}, n=600, exact_ate=0.5, group="dev"))
    return out


def _allotment_compost_small_wide() -> Scenario:
    """300 allotment plots, 3 confounders (binary, categorical, continuous) among 14 columns, a
    continuous treatment."""
    eqs = [
        ("plot_shade_pct", lambda v, r, n: r.uniform(0, 60, n)),
        ("soil_type", lambda v, r, n: pick(r, n, list(SOIL), [0.4, 0.35, 0.25])),
        ("raised_beds", lambda v, r, n: bern(r, np.full(n, 0.4))),
        ("holder_age", lambda v, r, n: 50 + nz(r, n, 14)),
        ("shed_present", lambda v, r, n: bern(r, np.full(n, 0.6))),
        ("water_butts", lambda v, r, n: r.poisson(1.5, n)),
        ("plot_number", lambda v, r, n: r.integers(1, 400, n)),
        ("hedge_length_m", lambda v, r, n: r.gamma(2.0, 5.0, n)),
        ("years_on_waitlist", lambda v, r, n: r.poisson(3.0, n)),
        ("site_name", lambda v, r, n: pick(r, n, ["meadow", "railside", "church"], [0.4, 0.35, 0.25])),
        ("path_width_cm", lambda v, r, n: 60 + nz(r, n, 10)),
        ("fruit_trees", lambda v, r, n: r.poisson(1.0, n)),
    ]
    eqs += [
        ("compost_kg_m2", lambda v, r, n: np.clip(4 - 0.04 * (v["plot_shade_pct"] - 30) + 2.0 * lookup(v["soil_type"], SOIL) + 1.2 * v["raised_beds"] + nz(r, n, 1.5), 0, None)),
        ("veg_yield_kg", lambda v, r, n: 60 + 2.5 * v["compost_kg_m2"] - 0.5 * (v["plot_shade_pct"] - 30) + 12 * lookup(v["soil_type"], SOIL) + 8 * v["raised_beds"] + 0.15 * (v["holder_age"] - 50) + nz(r, n, 9)),
    ]
    conf = ["plot_shade_pct", "soil_type", "raised_beds"]
    extra = ["shed_present", "water_butts", "plot_number", "hedge_length_m", "years_on_waitlist", "site_name", "path_width_cm", "fruit_trees"]
    roles = {c: CONF for c in conf} | {c: NOISE for c in extra} | {"holder_age": OCAUSE, "compost_kg_m2": CT, "veg_yield_kg": Y}
    return S("allotment_compost_small_wide", "continuous, n=300 with 14 columns, most irrelevant", "allotments", "compost_kg_m2", "veg_yield_kg", eqs, conf, roles, n=300, exact_ate=2.5, group="dev")


def _interval_tables_unseen11() -> list[Scenario]:
    out: list[Scenario] = []
    add = out.append
    add(S("alarm_rebate_postcode_code", "binary, high-cardinality integer code as confounder", "home insurance", "alarm_rebate", "claim_cost_k", [
        ("postcode_district", lambda v, r, n: r.integers(1, 41, n)),
        ("property_value_k", lambda v, r, n: r.lognormal(5.4, 0.4, n)),
        ("alarm_rebate", lambda v, r, n: bern(r, sig(-0.5 + lookup(v["postcode_district"], POSTCODE_PROP) + 0.8 * (np.log(v["property_value_k"]) - 5.4)))),
        ("claim_cost_k", lambda v, r, n: 6 - 1.2 * v["alarm_rebate"] + lookup(v["postcode_district"], POSTCODE_COST) + 2.0 * (np.log(v["property_value_k"]) - 5.4) + nz(r, n, 1.8)),
    ], ["postcode_district", "property_value_k"], {"postcode_district": CONF, "property_value_k": CONF, "alarm_rebate": BT, "claim_cost_k": Y}, n=1500, exact_ate=-1.2, group="unseen", linear_oracle=False))
    add(S("antibiotic_stewardship_cdiff_rare", "binary, rare treated arm (about 12%) and rare binary outcome (about 5%)", "hospital infection control", "stewardship_round", "c_diff_case", [
        ("ward_beds", lambda v, r, n: r.integers(12, 40, n)),
        ("patient_age", lambda v, r, n: 70 + nz(r, n, 12)),
        ("prior_admissions", lambda v, r, n: r.poisson(1.2, n)),
        ("stewardship_round", lambda v, r, n: bern(r, sig(-2.4 + 0.04 * (v["ward_beds"] - 26) + 0.4 * v["prior_admissions"] + 0.02 * (v["patient_age"] - 70)))),
        ("c_diff_case", lambda v, r, n: bern(r, sig(-3.2 - 0.7 * v["stewardship_round"] + 0.04 * (v["patient_age"] - 70) + 0.35 * v["prior_admissions"] + 0.02 * (v["ward_beds"] - 26)))),
    ], ["ward_beds", "patient_age", "prior_admissions"], {"ward_beds": CONF, "patient_age": CONF, "prior_admissions": CONF, "stewardship_round": BT, "c_diff_case": Y}, n=2500, group="unseen", linear_oracle=False))
    add(S("overtime_hours_satisfaction_pct", "continuous treatment mostly zero, bounded percentage outcome", "hospitality staff", "overtime_hours_month", "satisfaction_pct", [
        ("contract_hours_week", lambda v, r, n: r.uniform(16, 40, n)),
        ("staff_tenure_yrs", lambda v, r, n: r.gamma(2.0, 2.0, n)),
        ("overtime_hours_month", lambda v, r, n: bern(r, sig(-1.0 + 0.06 * (v["contract_hours_week"] - 28) + 0.15 * (v["staff_tenure_yrs"] - 4))) * r.gamma(2.0, 5.0, n)),
        ("satisfaction_pct", lambda v, r, n: np.clip(70 - 0.5 * v["overtime_hours_month"] + 0.4 * (v["contract_hours_week"] - 28) + 2.0 * (v["staff_tenure_yrs"] - 4) + nz(r, n, 15), 0, 100)),
    ], ["contract_hours_week", "staff_tenure_yrs"], {"contract_hours_week": CONF, "staff_tenure_yrs": CONF, "overtime_hours_month": CT, "satisfaction_pct": Y}, n=1000, group="unseen", linear_oracle=False))
    add(S("food_inspections_defects_gross_errors", "count treatment (0-6 visits), outcome with 2% gross recording errors", "food safety", "inspection_visits", "violations_score", [
        ("kitchen_staff", lambda v, r, n: r.poisson(8, n)),
        ("complaints_last_yr", lambda v, r, n: r.poisson(1.5, n)),
        ("inspection_visits", lambda v, r, n: r.binomial(6, sig(-1.0 + 0.5 * (v["complaints_last_yr"] - 1.5) + 0.05 * (v["kitchen_staff"] - 8)))),
        ("violations_score", lambda v, r, n: 20 - 1.2 * v["inspection_visits"] + 2.5 * (v["complaints_last_yr"] - 1.5) + 0.4 * (v["kitchen_staff"] - 8) + nz(r, n, 4) + _gross(r, n, 0.02, 50.0)),
    ], ["kitchen_staff", "complaints_last_yr"], {"kitchen_staff": CONF, "complaints_last_yr": CONF, "inspection_visits": CT, "violations_score": Y}, n=800, exact_ate=-1.2, group="unseen"))
    add(S("bus_lane_commute_weak_large", "binary, n=3000, weak effect, two categorical confounders interacting in the propensity", "urban transport", "bus_lane", "commute_min", [
        ("corridor_type", lambda v, r, n: pick(r, n, list(CORRIDOR), [0.3, 0.25, 0.3, 0.15])),
        ("bus_operator", lambda v, r, n: pick(r, n, list(OPERATOR), [0.5, 0.3, 0.2])),
        ("route_km", lambda v, r, n: r.gamma(4.0, 3.0, n)),
        ("bus_lane", lambda v, r, n: bern(r, sig(-0.6 + lookup(v["corridor_type"], CORRIDOR) + lookup(v["bus_operator"], OPERATOR) + 1.2 * ((v["corridor_type"] == "radial") & (v["bus_operator"] == "citylink")) + 0.03 * (v["route_km"] - 12)))),
        ("commute_min", lambda v, r, n: 35 - 1.0 * v["bus_lane"] + lookup(v["corridor_type"], CORRIDOR_MIN) + lookup(v["bus_operator"], OPERATOR_MIN) + 1.5 * (v["route_km"] - 12) + nz(r, n, 6)),
    ], ["corridor_type", "bus_operator", "route_km"], {"corridor_type": CONF, "bus_operator": CONF, "route_km": CONF, "bus_lane": BT, "commute_min": Y}, n=3000, exact_ate=-1.0, group="unseen"))
    add(_vet_clinic_small_wide_zero_counts())
    add(S("fertiliser_rate_curved_slope", "continuous, slope varies with a curved confounder (average differs from the slope at the mean)", "pasture management", "nitrogen_kg_ha", "grass_dm_t_ha", [
        ("soil_moisture_z", lambda v, r, n: nz(r, n, 1.0)),
        ("paddock_slope_deg", lambda v, r, n: r.gamma(2.0, 3.0, n)),
        ("nitrogen_kg_ha", lambda v, r, n: 5 + 0.8 * v["soil_moisture_z"] ** 2 - 0.1 * (v["paddock_slope_deg"] - 6) + nz(r, n, 1.5)),
        ("grass_dm_t_ha", lambda v, r, n: 8 + v["nitrogen_kg_ha"] * (0.3 + 0.2 * v["soil_moisture_z"] ** 2) + 0.5 * v["soil_moisture_z"] - 0.15 * (v["paddock_slope_deg"] - 6) + nz(r, n, 1.2)),
    ], ["soil_moisture_z", "paddock_slope_deg"], {"soil_moisture_z": CONF, "paddock_slope_deg": CONF, "nitrogen_kg_ha": CT, "grass_dm_t_ha": Y}, n=900, exact_ate=0.5, group="unseen", linear_oracle=False))
    return out


def _vet_clinic_small_wide_zero_counts() -> Scenario:
    """340 dogs, 3 confounders among 14 columns, a binary treatment, a count outcome with many
    zeros."""
    eqs = [
        ("dog_age_yrs", lambda v, r, n: r.gamma(3.0, 2.0, n)),
        ("breed_size", lambda v, r, n: pick(r, n, ["toy", "medium", "large", "giant"], [0.25, 0.4, 0.28, 0.07])),
        ("indoor_only", lambda v, r, n: bern(r, np.full(n, 0.3))),
    ]
    extra = ["owner_postcode_num", "microchipped", "walks_per_day", "coat_length_cm", "vaccinations_up_to_date", "litter_size", "kennel_nights_yr", "toy_count", "registration_year"]
    gens = [
        lambda v, r, n: r.integers(1000, 9999, n),
        lambda v, r, n: bern(r, np.full(n, 0.8)),
        lambda v, r, n: r.poisson(2.0, n),
        lambda v, r, n: r.gamma(2.0, 2.0, n),
        lambda v, r, n: bern(r, np.full(n, 0.7)),
        lambda v, r, n: r.poisson(5.0, n),
        lambda v, r, n: r.poisson(4.0, n),
        lambda v, r, n: r.poisson(6.0, n),
        lambda v, r, n: r.integers(2010, 2025, n),
    ]
    eqs += list(zip(extra, gens, strict=True))
    size = {"toy": -0.4, "medium": 0.0, "large": 0.3, "giant": 0.6}
    eqs += [
        ("flea_tick_plan", lambda v, r, n: bern(r, sig(-0.2 + 0.15 * (v["dog_age_yrs"] - 6) + lookup(v["breed_size"], size) - 0.9 * v["indoor_only"]))),
        ("skin_visits_yr", lambda v, r, n: bern(r, sig(0.2 - 1.0 * v["indoor_only"] + 0.1 * (v["dog_age_yrs"] - 6))) * r.poisson(np.exp(0.3 - 0.5 * v["flea_tick_plan"] + 0.08 * (v["dog_age_yrs"] - 6) + lookup(v["breed_size"], size) + 0.1 * (v["walks_per_day"] - 2)))),
    ]
    conf = ["dog_age_yrs", "breed_size", "indoor_only"]
    roles = {c: CONF for c in conf} | {c: NOISE for c in extra} | {"walks_per_day": OCAUSE, "flea_tick_plan": BT, "skin_visits_yr": Y}
    return S("flea_plan_skin_visits_small_wide", "binary, n=340 with 14 columns, count outcome with many zeros", "veterinary practice", "flea_tick_plan", "skin_visits_yr", eqs, conf, roles, n=340, group="unseen", linear_oracle=False)


# fmt: on
SCENARIOS: list[Scenario] = (
    _scenarios()
    + _user_tables_dev()
    + _name_cue_scenarios()
    + _role_class_scenarios()
    + _role_class_scenarios_2()
    + _estimator_class_scenarios()
    + _downstream_adjusted_scenarios()
    + _confounder_marginal_scenarios()
    + _estimator_tables_dev8()
    + _role_tables_dev7()
    + _interval_tables_dev9()
    + _role_tables_dev10()
    + _interval_tables_dev11()
)
UNSEEN: list[Scenario] = (
    _user_tables_unseen()
    + _estimator_tables_unseen8()
    + _role_tables_unseen7()
    + _interval_tables_unseen9()
    + _role_tables_unseen10()
    + _interval_tables_unseen11()
)
BY_NAME: dict[str, Scenario] = {s.name: s for s in SCENARIOS + UNSEEN}


SPLITS = ("dev", "aside", "all", "unseen", "random-dev", "random-test")


def select(split: str = "all", count: int = 40, start: int = 0) -> list[Scenario]:
    """The scenarios of one split: dev, aside, all (dev and aside), unseen, or `count` drawn
    tables of random-dev or random-test from index `start` on (`random_scenarios.py`)."""
    if split == "unseen":
        return list(UNSEEN)
    if split in ("random-dev", "random-test"):
        from random_scenarios import random_split

        return random_split(split, count, start)
    if split not in ("dev", "aside", "all"):
        raise ValueError(f"split must be one of {', '.join(SPLITS)}, not {split!r}")
    return [s for s in SCENARIOS if split == "all" or s.split == split]
