"""Do the product's intervals reach their nominal coverage when the graph is right?

Simulations with a known effect and the CORRECT graph passed to `estimate_effect`, many seeds,
500 rows each, every estimator the product offers for that design (`--method` values), refutation off (this
measures the estimator's interval, not the checks):

| design | truth | methods |
| --- | --- | --- |
| confounded binary treatment, continuous outcome | 1.0 | linear_regression, matching, weighting, stratification, dml, aipw |
| confounded binary treatment whose effect varies (1 + x) | 1.0 (the ATE) | aipw, linear_regression |
| confounded continuous treatment | 0.5 per unit | linear_regression, dml |
| confounded binary treatment, binary outcome | risk difference (Monte Carlo) | glm |
| confounded dose, binary outcome with an additive risk | 0.08 per unit | dml, linear_regression |
| instrument with an unobserved confounder | 1.0 | iv |
| front-door mediator with an unobserved confounder | 0.8 x 1.5 = 1.2 | frontdoor |

For each, coverage of the 95% intervals with its Monte Carlo standard error
sqrt(c (1 - c) / seeds), the mean estimate, the empirical SD of the estimates against the mean
interval half-width / 1.96, and whether coverage is within 2 Monte Carlo SEs of 95%.
Bootstrap intervals use `--n-boot` resamples (default 100, the product's default is 200) to
keep the run short.

    python benchmarks/effect_calibration.py                     # 50 seeds, every design and method
    python benchmarks/effect_calibration.py --seeds 100 --jobs 2 --methods linear_regression,dml

With `--part dev|test|all` it scores instead the product's OWN choice of estimator (method
auto) given the true graph, on families of data-generating processes that stand for the hard
cases of practice, next to a reference estimator called directly (statsmodels OLS on the
treatment and the true adjustment set, HC3): coverage, mean bias and mean interval width.

| kind | dev family (n) | test family (n) |
| --- | --- | --- |
| limited overlap (propensity 0.02 to 0.98) | orchard overlap (1,200) | air overlap (2,500) |
| rare binary outcome (2-4%) | ward rare event (2,000) | fraud rare event (3,000) |
| heavy-tailed outcome (Student t, 2.2-2.5 df) | shop heavy tail (800) | ads heavy tail (400) |
| curved confounder | field curved (600) | bank curved (1,200) |
| many-level category (20 / 30 levels) | town levels (1,500) | farm levels (2,000) |
| effect varying with a confounder | school varying (700) | gym varying (900) |
| count treatment (Poisson / negative binomial) | clinic count (500) | app count (300) |

A third part, test2, only scored, has new kinds: limited overlap with a binary outcome (loan
overlap, 1,800), few rows for many covariates (trial small, 300 rows, 10 covariates), a skewed
log-normal cost outcome (clinic cost, 1,500), a continuous dose with a confounder acting through
a sine (kiln curved, 800), a count treatment with a 25-level category (store count, 1,500).

The estimator is fixed against the dev part only; the test and test2 parts are only scored.
Next to coverage, each row gives se/sd: the mean standard error read from the intervals
(half-width / 1.96) over the Monte Carlo SD of the estimates (below 1: intervals too narrow for
the estimates' spread; with 50 seeds the ratio itself is uncertain by about 10%, and a
heavy-tailed outcome makes the SD erratic), and each estimator the product chose gets its own
line of coverage, se and sd.

    python benchmarks/effect_calibration.py --part dev --seeds 40
    python benchmarks/effect_calibration.py --part test --seeds 40 --family "air overlap"
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from effect_accuracy import commit, one_thread  # noqa: E402

NOMINAL = 0.95
#: run order: cheap methods first
COST = {
    "linear_regression": 0,
    "aipw": 1,
    "dml": 1,
    "glm": 2,
    "iv": 2,
    "frontdoor": 2,
    "weighting": 3,
}


def _sig(x):
    return 1 / (1 + np.exp(-x))


@dataclass(frozen=True)
class Design:
    name: str
    methods: tuple[str, ...]
    edges: tuple[tuple[str, str], ...]
    n: int

    def simulate(self, seed: int, n: int | None = None) -> pd.DataFrame:
        return SIMULATORS[self.name](np.random.default_rng(seed), n or self.n)


def _binary(r, n):
    x1, x2, x3 = r.normal(size=(3, n))
    t = (r.random(n) < _sig(0.8 * x1 - 0.5 * x2 + 0.3 * x3)).astype(int)
    y = 1.0 * t + x1 + 0.5 * x2 - 0.5 * x3 + r.normal(size=n)
    return pd.DataFrame({"age_z": x1, "income_z": x2, "severity_z": x3, "program": t, "score": y})


def _varying(r, n):
    x1, x2 = r.normal(size=(2, n))
    t = (r.random(n) < _sig(0.8 * x1 - 0.5 * x2 + 0.5)).astype(int)
    y = t * (1.0 + x1) + x1 + 0.5 * x2 + r.normal(size=n)
    return pd.DataFrame({"age_z": x1, "income_z": x2, "program": t, "score": y})


def _continuous(r, n):
    x1, x2 = r.normal(size=(2, n))
    t = 0.6 * x1 - 0.4 * x2 + r.normal(size=n)
    y = 0.5 * t + x1 + x2 + r.normal(size=n)
    return pd.DataFrame({"age_z": x1, "income_z": x2, "dose": t, "score": y})


def _binary_outcome(r, n):
    x1, x2 = r.normal(size=(2, n))
    t = (r.random(n) < _sig(0.7 * x1 - 0.5 * x2)).astype(int)
    y = (r.random(n) < _sig(-0.5 + 0.8 * t + 0.7 * x1 - 0.5 * x2)).astype(int)
    return pd.DataFrame({"age_z": x1, "income_z": x2, "program": t, "recovered": y})


def _dose_binary_outcome(r, n):
    x1, x2 = r.normal(size=(2, n))
    t = np.clip(1.5 + 0.5 * x1 - 0.3 * x2 + 0.6 * r.normal(size=n), 0, 4)
    y = (r.random(n) < 0.1 + 0.08 * t + 0.25 * _sig(x1 - x2)).astype(int)
    return pd.DataFrame({"age_z": x1, "income_z": x2, "dose": t, "recovered": y})


def _iv(r, n):
    z, u = r.normal(size=(2, n))
    t = 0.8 * z + u + r.normal(size=n)
    y = 1.0 * t + 1.5 * u + r.normal(size=n)
    return pd.DataFrame({"lottery": z, "hours": t, "earnings": y})


def _frontdoor(r, n):
    u = r.normal(size=n)
    t = u + r.normal(size=n)
    m = 0.8 * t + r.normal(size=n)
    y = 1.5 * m + 2 * u + r.normal(size=n)
    return pd.DataFrame({"smoking": t, "tar": m, "cancer_index": y})


SIMULATORS = {
    "binary treatment": _binary,
    "varying effect": _varying,
    "continuous treatment": _continuous,
    "binary outcome": _binary_outcome,
    "dose with binary outcome": _dose_binary_outcome,
    "instrument": _iv,
    "front-door": _frontdoor,
}

DESIGNS = [
    Design(
        "binary treatment",
        ("linear_regression", "matching", "weighting", "stratification", "dml", "aipw"),
        tuple((c, d) for c in ("age_z", "income_z", "severity_z") for d in ("program", "score"))
        + (("program", "score"),),
        500,
    ),
    Design(
        "varying effect",
        ("aipw", "linear_regression"),
        tuple((c, d) for c in ("age_z", "income_z") for d in ("program", "score"))
        + (("program", "score"),),
        500,
    ),
    Design(
        "continuous treatment",
        ("linear_regression", "dml"),
        tuple((c, d) for c in ("age_z", "income_z") for d in ("dose", "score"))
        + (("dose", "score"),),
        500,
    ),
    Design(
        "binary outcome",
        ("glm",),
        tuple((c, d) for c in ("age_z", "income_z") for d in ("program", "recovered"))
        + (("program", "recovered"),),
        500,
    ),
    Design(
        "dose with binary outcome",
        ("dml", "linear_regression"),
        tuple((c, d) for c in ("age_z", "income_z") for d in ("dose", "recovered"))
        + (("dose", "recovered"),),
        500,
    ),
    Design(
        "instrument",
        ("iv",),
        (
            ("lottery", "hours"),
            ("hours", "earnings"),
            ("unobserved_u", "hours"),
            ("unobserved_u", "earnings"),
        ),
        500,
    ),
    Design(
        "front-door",
        ("frontdoor",),
        (
            ("smoking", "tar"),
            ("tar", "cancer_index"),
            ("unobserved_u", "smoking"),
            ("unobserved_u", "cancer_index"),
        ),
        500,
    ),
]
BY_NAME = {d.name: d for d in DESIGNS}
ROLES = {
    "binary treatment": ("program", "score"),
    "varying effect": ("program", "score"),
    "continuous treatment": ("dose", "score"),
    "binary outcome": ("program", "recovered"),
    "dose with binary outcome": ("dose", "recovered"),
    "instrument": ("hours", "earnings"),
    "front-door": ("smoking", "cancer_index"),
}


def truth(design: str) -> float:
    if design == "binary outcome":  # risk difference by Monte Carlo with common random numbers
        r = np.random.default_rng(7)
        x1, x2 = r.normal(size=(2, 2_000_000))
        return float(np.mean(_sig(0.3 + 0.7 * x1 - 0.5 * x2) - _sig(-0.5 + 0.7 * x1 - 0.5 * x2)))
    return {
        "binary treatment": 1.0,
        "varying effect": 1.0,  # effect 1 + x1 with E[x1] = 0
        "continuous treatment": 0.5,
        "dose with binary outcome": 0.08,  # the risk is linear in the dose
        "instrument": 1.0,
        "front-door": 1.2,
    }[design]


def run_one(design: str, method: str, seed: int, n_boot: int) -> dict:
    from copilot.tools.estimation import estimate_effect
    from copilot.tools.graph import CausalGraph

    d = BY_NAME[design]
    df = d.simulate(seed)
    t, y = ROLES[design]
    nodes = sorted({a for e in d.edges for a in e})
    graph = CausalGraph.from_edges(nodes, list(d.edges), kind="dag")
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = estimate_effect(
                df, t, y, graph=graph, method=method, refute=False, n_boot=n_boot, seed=seed
            )
        out = {"ate": r.ate, "ci": list(r.ci) if r.ci else None, "ci_kind": r.ci_kind}
    except Exception as exc:  # recorded, counted as not covered
        out = {"ate": None, "ci": None, "error": f"{type(exc).__name__}: {exc}"}
    out |= {"design": design, "method": method, "seed": seed}
    out["elapsed_s"] = round(time.perf_counter() - start, 2)
    return out


def summarise(runs: list[dict], true: float) -> dict:
    est = np.array([r["ate"] for r in runs if r["ate"] is not None], dtype=float)
    cis = [r["ci"] for r in runs if r["ci"] is not None]
    covered = sum(ci[0] <= true <= ci[1] for ci in cis)
    s = len(runs)
    cov = covered / s
    mcse = float(np.sqrt(max(cov * (1 - cov), NOMINAL * (1 - NOMINAL)) / s))
    half = np.array([(ci[1] - ci[0]) / 2 for ci in cis])
    return {
        "seeds": s,
        "covered": covered,
        "coverage": cov,
        "mcse": mcse,
        "mean_estimate": float(est.mean()) if len(est) else float("nan"),
        "empirical_sd": float(est.std(ddof=1)) if len(est) > 1 else float("nan"),
        "mean_se": float(half.mean() / 1.959964) if len(half) else float("nan"),
        "errors": sum("error" in r for r in runs),
        "nominal_within_2mcse": bool(abs(cov - NOMINAL) <= 2 * mcse),
        "seconds_per_run": float(np.mean([r["elapsed_s"] for r in runs])),
    }


# ------------------------------------------------------------------------------------------------
# Families: the product's own choice of estimator (method auto) given the true graph.
#
# Each family is a data-generating process with a known average effect; `estimate_effect` gets
# the true graph (so the adjustment set is right) and chooses its estimator itself, next to a
# reference estimator called directly (statsmodels OLS of the outcome on the treatment and the
# adjustment set, categories one-hot, HC3 standard errors). The families come in parts with
# the same kinds of difficulty: "dev" (the estimator is fixed against these) and "test" (only
# scored), and "test2" with new kinds (only scored).


@dataclass(frozen=True)
class Family:
    name: str
    part: str  # "dev", "test" or "test2"
    kind: str  # the difficulty it stands for
    treatment: str
    outcome: str
    confounders: tuple[str, ...]
    n: int
    simulate_fn: object  # (rng, n) -> DataFrame
    truth_fn: object  # () -> float

    def simulate(self, seed: int) -> pd.DataFrame:
        return self.simulate_fn(np.random.default_rng(seed), self.n)

    def edges(self) -> list[tuple[str, str]]:
        return [(c, d) for c in self.confounders for d in (self.treatment, self.outcome)] + [
            (self.treatment, self.outcome)
        ]


def _between(p, lo=0.02, hi=0.98):
    """A propensity squeezed into [lo, hi]: overlap limited down to lo but never lost."""
    return lo + (hi - lo) * p


def _mc(fn, n=2_000_000, seed=11):
    """A truth by Monte Carlo with common random numbers."""
    return float(fn(np.random.default_rng(seed), n))


# dev ---------------------------------------------------------------------------------------------


def _orchard_overlap(r, n):
    # limited overlap: propensity from 0.02 to 0.98, most units near the ends
    slope, frost = r.normal(size=(2, n))
    e = _between(_sig(2.2 * slope + 0.7 * frost))
    netting = (r.random(n) < e).astype(int)
    crop = 2.0 * netting + 1.5 * slope + frost + 0.4 * slope**2 + r.normal(size=n)
    return pd.DataFrame(
        {"slope_deg": slope, "frost_days": frost, "netting": netting, "crop_t": crop}
    )


def _ward_rare_logit(t, a, b):
    return _sig(-3.6 - 0.8 * t + 0.6 * a + 0.5 * b)


def _ward_rare(r, n):
    # a rare binary outcome (about 3%)
    age, frailty = r.normal(size=(2, n))
    t = (r.random(n) < _sig(-0.3 + 0.6 * age + 0.5 * frailty)).astype(int)
    y = (r.random(n) < _ward_rare_logit(t, age, frailty)).astype(int)
    return pd.DataFrame({"age_std": age, "frailty": frailty, "anticoag": t, "readmitted": y})


def _ward_rare_truth(r, n):
    a, b = r.normal(size=(2, n))
    return np.mean(_ward_rare_logit(1, a, b) - _ward_rare_logit(0, a, b))


def _shop_heavy(r, n):
    # a heavy-tailed outcome: Student t noise with 2.5 degrees of freedom
    tenure, visits = r.normal(size=(2, n))
    coupon = (r.random(n) < _sig(0.8 * tenure - 0.6 * visits)).astype(int)
    basket = 20 + 3.0 * coupon + 2.0 * tenure + visits + 2.0 * r.standard_t(2.5, size=n)
    return pd.DataFrame(
        {"tenure": tenure, "web_visits": visits, "coupon": coupon, "basket": basket}
    )


def _field_curved(r, n):
    # a curved confounder acting on a continuous treatment and the outcome
    ph, clay = r.normal(size=(2, n))
    kg = 3 + 0.9 * (ph**2 - 1) + 0.5 * clay + r.normal(size=n)
    yield_ = 0.7 * kg + 1.5 * ph**2 + clay + r.normal(size=n)
    return pd.DataFrame({"soil_ph": ph, "clay": clay, "fert_kg": kg, "harvest": yield_})


_DISTRICTS = [f"district_{chr(97 + k)}" for k in range(20)]


def _town_levels(r, n):
    # a categorical confounder with 20 levels acting on both sides
    k = r.integers(0, 20, size=n)
    a = np.random.default_rng(101).normal(size=20)  # fixed level effects
    b = np.random.default_rng(102).normal(size=20) * 1.5
    income = r.normal(size=n)
    t = (r.random(n) < _sig(1.2 * a[k] + 0.5 * income)).astype(int)
    y = 1.2 * t + b[k] + 0.8 * income + r.normal(size=n)
    return pd.DataFrame(
        {"district": np.array(_DISTRICTS)[k], "hh_income": income, "fibre": t, "earnings": y}
    )


def _school_varying(r, n):
    # the effect varies with a confounder: 1 + 0.8 x with E[x] = 0.5, so the ATE is 1.4
    prior = r.normal(0.5, 1.0, size=n)
    absences = r.normal(size=n)
    t = (r.random(n) < _sig(-0.5 + 1.0 * prior - 0.4 * absences)).astype(int)
    y = t * (1 + 0.8 * prior) + 1.2 * prior - 0.5 * absences + r.normal(size=n)
    return pd.DataFrame({"prior_gpa": prior, "absences": absences, "tutoring": t, "gpa": y})


def _clinic_count(r, n):
    # a count treatment (visits, Poisson) with an effect of 0.6 per visit
    need, distance = r.normal(size=(2, n))
    visits = r.poisson(np.exp(0.6 + 0.45 * need - 0.3 * distance))
    y = 0.6 * visits + need - 0.5 * distance + r.normal(size=n)
    return pd.DataFrame({"need": need, "distance_km": distance, "visits": visits, "wellbeing": y})


# test --------------------------------------------------------------------------------------------


def _air_overlap(r, n):
    humidity = r.normal(size=n)
    indoor = (r.random(n) < 0.4).astype(int)
    e = _between(_sig(-0.5 + 2.0 * humidity - 1.2 * indoor))
    t = (r.random(n) < e).astype(int)
    y = -1.0 * t + np.exp(0.5 * humidity) + 0.8 * indoor + r.normal(size=n)
    return pd.DataFrame({"humidity": humidity, "indoor": indoor, "purifier": t, "asthma": y})


def _fraud_rare_logit(t, a, b):
    return _sig(-4.2 + 0.9 * t + 0.5 * a + 0.7 * b)


def _fraud_rare(r, n):
    amount = r.normal(size=n)
    foreign = (r.random(n) < 0.3).astype(int)
    t = (r.random(n) < _sig(-0.8 + 0.7 * amount + 0.8 * foreign)).astype(int)
    y = (r.random(n) < _fraud_rare_logit(t, amount, foreign)).astype(int)
    return pd.DataFrame({"amount_z": amount, "foreign": foreign, "new_device": t, "chargeback": y})


def _fraud_rare_truth(r, n):
    a = r.normal(size=n)
    b = (r.random(n) < 0.3).astype(int)
    return np.mean(_fraud_rare_logit(1, a, b) - _fraud_rare_logit(0, a, b))


def _ads_heavy(r, n):
    season, reach = r.normal(size=(2, n))
    spend = 2 + 0.7 * season + 0.4 * reach + r.normal(size=n)
    sales = 0.4 * spend + season + 0.5 * reach + 1.5 * r.standard_t(2.2, size=n)
    return pd.DataFrame({"season": season, "reach": reach, "ad_spend": spend, "sales": sales})


def _bank_curved(r, n):
    score = r.normal(size=n)
    branch_age = r.normal(size=n)
    t = (r.random(n) < _sig(1.4 * np.abs(score) - 1.0 + 0.3 * branch_age)).astype(int)
    y = 1.5 * t + 2.0 * np.abs(score) + 0.5 * branch_age + r.normal(size=n)
    return pd.DataFrame(
        {"credit_score": score, "branch_age": branch_age, "advisor": t, "savings": y}
    )


_REGIONS = [f"region_{k:02d}" for k in range(30)]


def _farm_levels(r, n):
    k = r.integers(0, 30, size=n)
    a = np.random.default_rng(201).normal(size=30) * 1.2
    b = np.random.default_rng(202).normal(size=30) * 2.0
    rain = r.normal(size=n)
    water = a[k] + 0.4 * rain + r.normal(size=n)
    y = 0.3 * water + b[k] + 0.6 * rain + r.normal(size=n)
    return pd.DataFrame(
        {"region": np.array(_REGIONS)[k], "rainfall": rain, "water_ml": water, "growth": y}
    )


def _gym_varying(r, n):
    # a continuous treatment whose effect per unit varies with a confounder: 0.5 + 0.5 x,
    # E[x] = 0.4, so the average effect per unit is 0.7
    fitness = r.normal(0.4, 1.0, size=n)
    motivation = r.normal(size=n)
    hours = 1 + 0.6 * fitness + 0.3 * motivation + r.normal(size=n)
    y = (0.5 + 0.5 * fitness) * hours + fitness + motivation + r.normal(size=n)
    return pd.DataFrame(
        {"fitness": fitness, "motivation": motivation, "gym_hours": hours, "vo2": y}
    )


def _app_count(r, n):
    engagement, age = r.normal(size=(2, n))
    mu = np.exp(1.0 + 0.5 * engagement + 0.2 * age)
    sessions = r.negative_binomial(3, 3 / (3 + mu))
    y = 0.25 * sessions + 0.8 * engagement + 0.3 * age + r.normal(size=n)
    return pd.DataFrame(
        {"engagement": engagement, "user_age": age, "sessions": sessions, "retention": y}
    )


# test2 --------------------------------------------------------------------------------------------


def _loan_default_risk(t, debt, self_emp):
    return _sig(-1.3 - 0.7 * t + 0.9 * debt + 0.6 * self_emp + 0.3 * debt**2)


def _loan_overlap(r, n):
    # limited overlap (propensity 0.03 to 0.97) with a binary outcome
    debt = r.normal(size=n)
    self_emp = (r.random(n) < 0.25).astype(int)
    e = _between(_sig(0.3 + 2.5 * debt - 1.0 * self_emp), 0.03, 0.97)
    t = (r.random(n) < e).astype(int)
    y = (r.random(n) < _loan_default_risk(t, debt, self_emp)).astype(int)
    return pd.DataFrame(
        {"debt_ratio": debt, "self_employed": self_emp, "rate_cut": t, "defaulted": y}
    )


def _loan_overlap_truth(r, n):
    debt = r.normal(size=n)
    self_emp = (r.random(n) < 0.25).astype(int)
    return np.mean(_loan_default_risk(1, debt, self_emp) - _loan_default_risk(0, debt, self_emp))


_TRIAL_COLS = (
    "age10",
    "bmi",
    "smoker",
    "sbp",
    "ldl",
    "steps_k",
    "sleep_h",
    "alcohol",
    "female",
    "edu_yrs",
)


def _trial_small(r, n):
    # few rows (300) for many covariates (10, two of them binary); effect 0.8
    X = r.normal(size=(n, 10))
    X[:, 2] = (r.random(n) < 0.3).astype(float)  # smoker
    X[:, 8] = (r.random(n) < 0.5).astype(float)  # female
    g = np.random.default_rng(303)
    a = g.normal(scale=0.35, size=10)
    b = g.normal(scale=0.6, size=10)
    t = (r.random(n) < _sig(-0.2 + X @ a)).astype(int)
    y = 0.8 * t + X @ b + 1.5 * r.normal(size=n)
    df = pd.DataFrame(X, columns=list(_TRIAL_COLS))
    df["coaching"] = t
    df["hba1c_drop"] = y
    return df


def _cost_mean(t, comorbid, age):
    # E[cost | t, covariates] of a log-normal cost, in thousands (log-scale noise SD 0.9)
    return np.exp(0.5 + 0.35 * comorbid + 0.3 * age - 0.25 * t + 0.9**2 / 2)


def _clinic_cost(r, n):
    # a right-skewed cost outcome (log-normal, multiplicative effect of -22%)
    comorbid = r.poisson(1.5, size=n)
    age = r.normal(size=n)
    t = (r.random(n) < _sig(-0.8 + 0.4 * comorbid + 0.5 * age)).astype(int)
    cost = np.exp(0.5 + 0.35 * comorbid + 0.3 * age - 0.25 * t + 0.9 * r.normal(size=n))
    return pd.DataFrame(
        {"comorbidities": comorbid, "age_std": age, "case_manager": t, "cost_k": cost}
    )


def _clinic_cost_truth(r, n):
    comorbid = r.poisson(1.5, size=n)
    age = r.normal(size=n)
    return np.mean(_cost_mean(1, comorbid, age) - _cost_mean(0, comorbid, age))


def _kiln_curved(r, n):
    # a continuous dose with a confounder acting through a wave (sine) on both sides
    moisture, load = r.normal(size=(2, n))
    temp = 5 + 1.2 * np.sin(2 * moisture) + 0.5 * load + r.normal(size=n)
    strength = 0.4 * temp + 2.0 * np.sin(2 * moisture) + 0.8 * moisture + load + r.normal(size=n)
    return pd.DataFrame(
        {"moisture": moisture, "kiln_load": load, "kiln_temp": temp, "strength": strength}
    )


_STORES = [f"store_{k:02d}" for k in range(25)]


def _store_count(r, n):
    # a count treatment (e-mails sent) whose rate and the outcome both depend on a 25-level store
    k = r.integers(0, 25, size=n)
    a = np.random.default_rng(301).normal(size=25) * 0.6
    b = np.random.default_rng(302).normal(size=25) * 1.5
    footfall = r.normal(size=n)
    emails = r.poisson(np.exp(0.8 + a[k] + 0.3 * footfall))
    spend = 0.3 * emails + b[k] + 0.5 * footfall + r.normal(size=n)
    return pd.DataFrame(
        {"store": np.array(_STORES)[k], "footfall": footfall, "emails": emails, "spend": spend}
    )


def _const(v):
    return lambda: v


FAMILIES = [
    Family(
        "orchard overlap",
        "dev",
        "limited overlap",
        "netting",
        "crop_t",
        ("slope_deg", "frost_days"),
        1200,
        _orchard_overlap,
        _const(2.0),
    ),
    Family(
        "ward rare event",
        "dev",
        "rare binary outcome",
        "anticoag",
        "readmitted",
        ("age_std", "frailty"),
        2000,
        _ward_rare,
        lambda: _mc(_ward_rare_truth),
    ),
    Family(
        "shop heavy tail",
        "dev",
        "heavy-tailed outcome",
        "coupon",
        "basket",
        ("tenure", "web_visits"),
        800,
        _shop_heavy,
        _const(3.0),
    ),
    Family(
        "field curved",
        "dev",
        "curved confounder",
        "fert_kg",
        "harvest",
        ("soil_ph", "clay"),
        600,
        _field_curved,
        _const(0.7),
    ),
    Family(
        "town levels",
        "dev",
        "many-level category",
        "fibre",
        "earnings",
        ("district", "hh_income"),
        1500,
        _town_levels,
        _const(1.2),
    ),
    Family(
        "school varying",
        "dev",
        "effect varies with a confounder",
        "tutoring",
        "gpa",
        ("prior_gpa", "absences"),
        700,
        _school_varying,
        _const(1.4),
    ),
    Family(
        "clinic count",
        "dev",
        "count treatment",
        "visits",
        "wellbeing",
        ("need", "distance_km"),
        500,
        _clinic_count,
        _const(0.6),
    ),
    Family(
        "air overlap",
        "test",
        "limited overlap",
        "purifier",
        "asthma",
        ("humidity", "indoor"),
        2500,
        _air_overlap,
        _const(-1.0),
    ),
    Family(
        "fraud rare event",
        "test",
        "rare binary outcome",
        "new_device",
        "chargeback",
        ("amount_z", "foreign"),
        3000,
        _fraud_rare,
        lambda: _mc(_fraud_rare_truth),
    ),
    Family(
        "ads heavy tail",
        "test",
        "heavy-tailed outcome",
        "ad_spend",
        "sales",
        ("season", "reach"),
        400,
        _ads_heavy,
        _const(0.4),
    ),
    Family(
        "bank curved",
        "test",
        "curved confounder",
        "advisor",
        "savings",
        ("credit_score", "branch_age"),
        1200,
        _bank_curved,
        _const(1.5),
    ),
    Family(
        "farm levels",
        "test",
        "many-level category",
        "water_ml",
        "growth",
        ("region", "rainfall"),
        2000,
        _farm_levels,
        _const(0.3),
    ),
    Family(
        "gym varying",
        "test",
        "effect varies with a confounder",
        "gym_hours",
        "vo2",
        ("fitness", "motivation"),
        900,
        _gym_varying,
        _const(0.7),
    ),
    Family(
        "app count",
        "test",
        "count treatment",
        "sessions",
        "retention",
        ("engagement", "user_age"),
        300,
        _app_count,
        _const(0.25),
    ),
]
FAMILIES += [
    Family(
        "loan overlap",
        "test2",
        "limited overlap, binary outcome",
        "rate_cut",
        "defaulted",
        ("debt_ratio", "self_employed"),
        1800,
        _loan_overlap,
        lambda: _mc(_loan_overlap_truth),
    ),
    Family(
        "trial small",
        "test2",
        "few rows, many covariates",
        "coaching",
        "hba1c_drop",
        _TRIAL_COLS,
        300,
        _trial_small,
        _const(0.8),
    ),
    Family(
        "clinic cost",
        "test2",
        "skewed cost outcome",
        "case_manager",
        "cost_k",
        ("comorbidities", "age_std"),
        1500,
        _clinic_cost,
        lambda: _mc(_clinic_cost_truth),
    ),
    Family(
        "kiln curved",
        "test2",
        "continuous dose, curved confounder",
        "kiln_temp",
        "strength",
        ("moisture", "kiln_load"),
        800,
        _kiln_curved,
        _const(0.4),
    ),
    Family(
        "store count",
        "test2",
        "count treatment, many-level category",
        "emails",
        "spend",
        ("store", "footfall"),
        1500,
        _store_count,
        _const(0.3),
    ),
]
FAMILY_BY_NAME = {f.name: f for f in FAMILIES}


def reference_ols(df: pd.DataFrame, fam: Family, confidence: float = NOMINAL) -> tuple:
    """statsmodels OLS of the outcome on the treatment and the confounders (text columns
    one-hot), HC3 standard errors: (estimate, (lo, hi))."""
    import statsmodels.api as sm

    X = pd.get_dummies(df[[fam.treatment, *fam.confounders]], drop_first=True, dtype=float)
    fit = sm.OLS(df[fam.outcome].to_numpy(dtype=float), sm.add_constant(X)).fit(cov_type="HC3")
    lo, hi = fit.conf_int(alpha=1 - confidence).loc[fam.treatment]
    return float(fit.params[fam.treatment]), (float(lo), float(hi))


def run_family(name: str, seed: int, n_boot: int) -> dict:
    from copilot.tools.estimation import estimate_effect
    from copilot.tools.graph import CausalGraph

    fam = FAMILY_BY_NAME[name]
    df = fam.simulate(seed)
    graph = CausalGraph.from_edges(list(df.columns), fam.edges(), kind="dag")
    out: dict = {"family": name, "seed": seed}
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = estimate_effect(
                df, fam.treatment, fam.outcome, graph=graph, refute=False, n_boot=n_boot, seed=seed
            )
        out |= {"ate": r.ate, "ci": list(r.ci) if r.ci else None, "method": r.method}
    except Exception as exc:  # recorded, counted as not covered
        out |= {"ate": None, "ci": None, "method": None, "error": f"{type(exc).__name__}: {exc}"}
    out["elapsed_s"] = round(time.perf_counter() - start, 2)
    ref, ref_ci = reference_ols(df, fam)
    out |= {"ref": ref, "ref_ci": list(ref_ci)}
    return out


def _spread(runs: list[dict], est: str = "ate", ci: str = "ci") -> tuple[float, float]:
    """(mean standard error read from the intervals as half-width / 1.96, Monte Carlo SD of the
    estimates) over the runs: their ratio is below 1 when the intervals are too narrow."""
    vals = np.array([r[est] for r in runs if r[est] is not None], dtype=float)
    half = np.array([(r[ci][1] - r[ci][0]) / 2 for r in runs if r[ci] is not None], dtype=float)
    se = float(half.mean() / 1.959964) if len(half) else float("nan")
    sd = float(vals.std(ddof=1)) if len(vals) > 1 else float("nan")
    return se, sd


def _cover(runs: list[dict], true: float, est: str, ci: str) -> tuple[float, float, float]:
    """(coverage, mean bias, mean interval width) of one estimator over the runs."""
    covered = [r[ci] is not None and r[ci][0] <= true <= r[ci][1] for r in runs]
    vals = np.array([r[est] for r in runs if r[est] is not None], dtype=float)
    widths = np.array([r[ci][1] - r[ci][0] for r in runs if r[ci] is not None], dtype=float)
    bias = float(vals.mean() - true) if len(vals) else float("nan")
    width = float(widths.mean()) if len(widths) else float("nan")
    return float(np.mean(covered)), bias, width


def families_main(args) -> int:
    chosen = [
        f
        for f in FAMILIES
        if (args.part in ("all", f.part))
        and (args.family is None or f.name in args.family.split(","))
    ]
    if not chosen:
        raise SystemExit(f"no family matches; families: {', '.join(FAMILY_BY_NAME)}")
    print(
        f"estimator calibration with the true graph (method auto, refutation off): part "
        f"{args.part}, {args.seeds} seeds, n_boot {args.n_boot}, commit {commit()}"
    )
    one_thread()
    start = time.perf_counter()
    print(
        f"\n{'family':18} {'part':5} {'n':>5} {'truth':>7} | {'product':>7} {'bias':>7} "
        f"{'width':>7} {'se/sd':>5} {'methods':24} | {'OLS HC3':>7} {'bias':>7} {'width':>7} "
        f"{'se/sd':>5} {'err':>4} {'s/run':>6}",
        flush=True,
    )
    table, runs = [], []
    pool = ProcessPoolExecutor(args.jobs, initializer=one_thread) if args.jobs > 1 else None
    try:
        for fam in chosen:
            cases = [(fam.name, s, args.n_boot) for s in range(args.seeds)]
            if pool is not None:
                part = list(pool.map(run_family, *zip(*cases, strict=True)))
            else:
                part = [run_family(*c) for c in cases]
            runs += part
            true = fam.truth_fn()
            cov, bias, width = _cover(part, true, "ate", "ci")
            rcov, rbias, rwidth = _cover(part, true, "ref", "ref_ci")
            se, sd = _spread(part)
            rse, rsd = _spread(part, "ref", "ref_ci")
            # per estimator chosen: its runs' coverage and se/sd
            per_method = {}
            for m in dict.fromkeys(r["method"] for r in part):
                mine = [r for r in part if r["method"] == m]
                mse, msd = _spread(mine)
                per_method[str(m)] = {
                    "runs": len(mine),
                    "coverage": _cover(mine, true, "ate", "ci")[0],
                    "se": mse,
                    "sd": msd,
                }
            methods = ",".join(
                f"{m}:{c}" for m, c in pd.Series([r["method"] for r in part]).value_counts().items()
            )
            row = {
                "family": fam.name,
                "part": fam.part,
                "kind": fam.kind,
                "n": fam.n,
                "truth": true,
                "coverage": cov,
                "bias": bias,
                "width": width,
                "methods": methods,
                "se": se,
                "sd": sd,
                "per_method": per_method,
                "ref_coverage": rcov,
                "ref_se": rse,
                "ref_sd": rsd,
                "ref_bias": rbias,
                "ref_width": rwidth,
                "errors": sum("error" in r for r in part),
                "seconds_per_run": float(np.mean([r["elapsed_s"] for r in part])),
            }
            table.append(row)
            print(
                f"{fam.name:18} {fam.part:5} {fam.n:5d} {true:7.4f} | {cov:7.0%} {bias:7.4f} "
                f"{width:7.4f} {se / sd:5.2f} {methods[:24]:24} | {rcov:7.0%} {rbias:7.4f} "
                f"{rwidth:7.4f} {rse / rsd:5.2f} {row['errors']:4d} {row['seconds_per_run']:6.1f}",
                flush=True,
            )
            if len(per_method) > 1:
                for m, v in per_method.items():
                    print(
                        f"{'':18}   {m:>16} {v['runs']:3d} runs: coverage {v['coverage']:4.0%}, "
                        f"se {v['se']:.4f}, sd {v['sd']:.4f}",
                        flush=True,
                    )
    finally:
        if pool is not None:
            pool.shutdown()
    for r in [r for r in runs if "error" in r][:10]:
        print(f"  error: {r['family']} seed {r['seed']}: {r['error'][:150]}")
    print(f"\ntotal {time.perf_counter() - start:.0f} s")
    if args.json:
        args.json.write_text(
            json.dumps({"commit": commit(), "table": table, "runs": runs}, indent=1, default=float)
        )
        print(f"wrote {args.json}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seeds", type=int, default=50)
    ap.add_argument("--n-boot", type=int, default=100, help="bootstrap resamples (default 100)")
    ap.add_argument("--methods", default=None, help="comma-separated subset of methods")
    ap.add_argument("--designs", default=None, help="comma-separated subset of designs")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument(
        "--part",
        choices=("dev", "test", "test2", "all"),
        default=None,
        help="score the product's own estimator choice on the families of this part instead",
    )
    ap.add_argument("--family", default=None, help="comma-separated subset of families")
    args = ap.parse_args(argv)
    if args.part is not None or args.family is not None:
        args.part = args.part or "all"
        return families_main(args)
    methods = set(args.methods.split(",")) if args.methods else None
    designs = set(args.designs.split(",")) if args.designs else None
    cases = [
        (d.name, m, seed, args.n_boot)
        for d in DESIGNS
        if designs is None or d.name in designs
        for m in d.methods
        if methods is None or m in methods
        for seed in range(args.seeds)
    ]
    print(
        f"interval calibration with the correct graph: {args.seeds} seeds, n_boot {args.n_boot}, "
        f"commit {commit()}, jobs {args.jobs}"
    )
    one_thread()
    start = time.perf_counter()
    print(
        f"\n{'design':22} {'method':18} {'truth':>7} {'coverage':>9} {'+-MCSE':>7} {'mean est':>9} "
        f"{'emp. SD':>8} {'mean SE':>8} {'err':>4} {'nominal?':>9} {'s/run':>6}",
        flush=True,
    )
    # analytic intervals first, then the bootstrap ones (slow): a cut run still reports the first
    groups = sorted(dict.fromkeys((c[0], c[1]) for c in cases), key=lambda k: COST.get(k[1], 9))
    runs: list[dict] = []
    table = []
    pool = ProcessPoolExecutor(args.jobs, initializer=one_thread) if args.jobs > 1 else None
    try:
        for key in groups:  # one row as soon as its seeds are done
            mine = [c for c in cases if (c[0], c[1]) == key]
            if pool is not None:
                part = list(pool.map(run_one, *zip(*mine, strict=True)))
            else:
                part = [run_one(*c) for c in mine]
            runs += part
            true = truth(key[0])
            s = summarise(part, true)
            table.append({"design": key[0], "method": key[1], "truth": true, **s})
            print(
                f"{key[0]:22} {key[1]:18} {true:7.4f} {s['coverage']:9.1%} {s['mcse']:7.1%} "
                f"{s['mean_estimate']:9.4f} {s['empirical_sd']:8.4f} {s['mean_se']:8.4f} "
                f"{s['errors']:4d} {'yes' if s['nominal_within_2mcse'] else 'NO':>9} "
                f"{s['seconds_per_run']:6.1f}",
                flush=True,
            )
    finally:
        if pool is not None:
            pool.shutdown()
    errors = [r for r in runs if "error" in r]
    for r in errors[:10]:
        print(f"  error: {r['design']} {r['method']} seed {r['seed']}: {r['error'][:150]}")
    print(f"\ntotal {time.perf_counter() - start:.0f} s")
    if args.json:
        args.json.write_text(
            json.dumps({"commit": commit(), "table": table, "runs": runs}, indent=1, default=float)
        )
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
