"""The offline planner on questions about three tables it was not written against (logistics,
marketing, public health), in many styles per kind of question. Each item gives the call (or the
question back, or the words) a careful analyst would expect; the scoring is the planner
benchmark's own (strict about dropped, reversed and invented slots). No tool runs."""

from __future__ import annotations

import warnings
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest

from benchmarks import planner_accuracy as bench

MODEL = "demo"


# tables ------------------------------------------------------------------------------------------
def _deliveries(rng: np.random.Generator, n: int) -> dict[str, Any]:
    weather = rng.choice(["clear", "rain", "snow"], n, p=[0.6, 0.3, 0.1])
    route_km = rng.gamma(4.0, 12.0, n)
    exp = rng.uniform(0, 25, n)
    night = rng.binomial(1, 0.3, n)
    parcels = rng.poisson(20 + route_km / 5)
    delay = (
        0.05 * route_km + 1.5 * night - 0.1 * exp + (weather == "snow") * 3 + rng.normal(0, 1, n)
    )
    return {
        "route_km": route_km.round(1),
        "driver_exp_yrs": exp.round(1),
        "night_shift": night,
        "weather": weather,
        "depot": rng.choice(["north", "south", "east"], n),
        "parcel_count": parcels,
        "delivery_delay_h": delay.round(2),
        "on_time": (delay < 2).astype(int),
        "fuel_cost": (0.3 * route_km + rng.normal(0, 2, n)).round(2),
        "repair_cost": (0.1 * route_km + rng.gamma(2, 5, n)).round(2),
    }


def _campaign(rng: np.random.Generator, n: int) -> dict[str, Any]:
    age = rng.uniform(18, 75, n)
    opens = rng.poisson(3 + age / 20)
    promo = rng.binomial(1, 0.4, n)
    discount = rng.choice([0, 5, 10, 15, 20], n).astype(float)
    views = rng.poisson(5 + opens)
    basket = 40 + 5 * promo + 0.8 * discount + 0.5 * views + rng.normal(0, 5, n)
    return {
        "customer_age": age.round(0),
        "email_opens": opens,
        "promo_code": promo,
        "discount_pct": discount,
        "page_views": views,
        "channel": rng.choice(["web", "app", "store"], n),
        "loyalty_tier": rng.choice(["bronze", "silver", "gold"], n),
        "basket_value": basket.round(2),
        "lifetime_value": (basket * rng.uniform(2, 10, n)).round(2),
        "repeat_buyer": rng.binomial(1, 1 / (1 + np.exp(-(basket - 50) / 10))),
    }


def _clinics(rng: np.random.Generator, n: int) -> dict[str, Any]:
    band = rng.choice(["18-39", "40-64", "65+"], n)
    income = rng.gamma(5, 8, n)
    smoker = rng.binomial(1, 0.25, n)
    vacc = rng.binomial(1, 1 / (1 + np.exp(-(income - 40) / 20)))
    infection = rng.binomial(1, 0.3 - 0.15 * vacc + 0.1 * smoker)
    visits = rng.poisson(1 + 2 * infection)
    income = np.where(rng.uniform(size=n) < 0.08, np.nan, income)
    return {
        "age_band": band,
        "region": rng.choice(["coast", "inland", "mountain"], n),
        "income_k": income.round(1),
        "distance_km": rng.gamma(2, 6, n).round(1),
        "smoker": smoker,
        "vaccinated": vacc,
        "infection": infection,
        "clinic_visits": visits,
        "hospital_days": (infection * rng.gamma(2, 2, n)).round(1),
    }


TABLES = {"deliveries": _deliveries, "campaign": _campaign, "clinics": _clinics}


@cache
def profile(name: str) -> dict[str, Any]:
    from copilot.agents.inputs import dataset_record
    from copilot.tools.data import load_table
    from copilot.workspace import Workspace

    df = pd.DataFrame(TABLES[name](np.random.default_rng(7), 400))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        ds = load_table(df, name=name)
    Workspace("/nonexistent-fresh-questions").add_dataset(ds)
    return dataset_record(ds)


# items -------------------------------------------------------------------------------------------
def eff(ds: str, question: str, t: str, o: str, history=None, **args: Any) -> dict[str, Any]:
    allow = args.pop("allow", None)
    expect = {
        "tool": "estimate_effect",
        "args": {"dataset": ds, "treatment": t, "outcome": o, **args},
    }
    if allow:
        expect["allow"] = allow
    return {"datasets": [ds], "question": question, "expect": expect, "history": history}


def disc(ds: str, question: str, history=None, **args: Any) -> dict[str, Any]:
    expect = {"tool": "discover", "args": {"dataset": ds, **args}}
    return {"datasets": [ds], "question": question, "expect": expect, "history": history}


def desc(ds: str, question: str, history=None, **args: Any) -> dict[str, Any]:
    expect = {"tool": "describe", "args": {"dataset": ds, **args}}
    return {"datasets": [ds], "question": question, "expect": expect, "history": history}


def words(ds: str | None, question: str, groups: list, history=None) -> dict[str, Any]:
    return {
        "datasets": [ds] if ds else [],
        "question": question,
        "expect": {"words": groups},
        "history": history,
    }


def ask(
    ds: str, question: str, cands: list[str], reply: str, then: dict, history=None, **kw: Any
) -> dict[str, Any]:
    return {
        "datasets": [ds],
        "question": question,
        "expect": {"ask": cands, "reply": reply, "then": then, **kw},
        "history": history,
    }


def probe(question: str, tool: str, **args: Any) -> dict[str, Any]:
    return {
        "models": [MODEL],
        "question": question,
        "expect": {"tool": tool, "args": {"model": MODEL, **args}},
    }


def what_if(op: str, value: float) -> dict[str, Any]:
    return {"focus": "what_if", "what_if": {"op": op, "value": float(value)}}


RESULT = {
    "ate": 1.2,
    "ci": [0.9, 1.5],
    "method": "linear_regression",
    "method_reason": "continuous outcome",
    "estimand": "backdoor",
    "adjustment_set": [],
    "refutations": [{"name": "placebo", "passed": True, "detail": ""}],
    "verdict": "robust",
}


def after_effect(ask_: str, ds: str, t: str, o: str, **args: Any) -> list[dict[str, Any]]:
    call = {
        "tool": "estimate_effect",
        "args": {"dataset": ds, "treatment": t, "outcome": o, **args},
        "result": RESULT,
    }
    return [{"ask": ask_, "call": call}]


def after(ask_: str, tool: str, ds: str, error: dict | None = None, **args: Any) -> list[dict]:
    turn: dict[str, Any] = {"ask": ask_, "call": {"tool": tool, "args": {"dataset": ds, **args}}}
    if error:
        turn["error"] = error
    return [turn]


D, C, H = "deliveries", "campaign", "clinics"
DELAY, KM, EXP, NIGHT = "delivery_delay_h", "route_km", "driver_exp_yrs", "night_shift"
PROMO, BASKET, REPEAT, OPENS = "promo_code", "basket_value", "repeat_buyer", "email_opens"
VACC, INF, DAYS, VISITS = "vaccinated", "infection", "hospital_days", "clinic_visits"

EFFECT = [
    eff(D, "how does route length affect delivery delay?", KM, DELAY),
    eff(D, "what's the impact of driver experience on on-time delivery?", EXP, "on_time"),
    eff(D, "Is delivery delay driven by the night shift?", NIGHT, DELAY),
    eff(D, "does delay go up with route km?", KM, DELAY),
    eff(D, "delivery_delay_h as a function of parcel_count", "parcel_count", DELAY),
    eff(D, "the night shift's effect on delays", NIGHT, DELAY),
    eff(D, "impact on fuel cost from the route length", KM, "fuel_cost"),
    eff(D, "how strongly does the number of parcels influence the delay?", "parcel_count", DELAY),
    eff(D, "do drivers with more experience have fewer delays?", EXP, DELAY),
    eff(D, "how much do delays depend on the weather?", "weather", DELAY),
    eff(C, "does a promo code increase basket value?", PROMO, BASKET),
    eff(C, "effect of email opens on repeat buying", OPENS, REPEAT),
    eff(C, "Is basket value affected by promo codes?", PROMO, BASKET),
    eff(C, "what happens to repeat purchases when customers use a promo code?", PROMO, REPEAT),
    eff(C, "How much does basket value rise per extra email open?", OPENS, BASKET),
    eff(
        C,
        "regress basket_value on discount_pct",
        "discount_pct",
        BASKET,
        allow={"method": ["linear_regression", "auto"]},
    ),
    eff(
        C,
        "basket_value ~ promo_code + customer_age",
        PROMO,
        BASKET,
        common_causes=["customer_age"],
        allow={"method": ["linear_regression", "auto"]},
    ),
    eff(C, "discount percentage -> basket value", "discount_pct", BASKET),
    eff(C, "do page views influence the basket value?", "page_views", BASKET),
    eff(C, "effcet of promo code on basket valu", PROMO, BASKET),
    eff(H, "does vaccination reduce infection?", VACC, INF),
    eff(H, "effect of being vaccinated on hospital days", VACC, DAYS),
    eff(H, "How does smoking influence infection risk?", "smoker", INF),
    eff(H, "are infections caused by smoking?", "smoker", INF),
    eff(
        H, "what is the causal effect of income on the number of clinic visits", "income_k", VISITS
    ),
    eff(H, "does distance reduce clinic visits?", "distance_km", VISITS),
    eff(H, "does smoking lead to more hospital days?", "smoker", DAYS),
    eff(
        H,
        "estimate how vaccination status changes the days in hospital, adjusting for age band "
        "and smoking",
        VACC,
        DAYS,
        common_causes=["age_band", "smoker"],
    ),
    eff(
        H,
        "effect of vaccinated on infection controlling for income_k",
        VACC,
        INF,
        common_causes=["income_k"],
    ),
    eff(H, "use IPW to estimate how vaccination affects infection", VACC, INF, method="ipw"),
    eff(
        C,
        "estimate the effect of promo_code on repeat_buyer with double machine learning",
        PROMO,
        REPEAT,
        method="dml",
    ),
    eff(C, "matching estimate: promo code -> repeat buyer", PROMO, REPEAT, method="matching"),
    eff(
        D,
        "use weather as an instrument for route km to get its effect on fuel cost",
        KM,
        "fuel_cost",
        instrument="weather",
        allow={"method": ["iv", "auto"]},
    ),
    eff(
        H,
        "with region and income as covariates, what does vaccination do to hospital days?",
        VACC,
        DAYS,
        common_causes=["region", "income_k"],
    ),
    eff(C, "does the discount cause customers to spend more per basket?", "discount_pct", BASKET),
    eff(H, "infection rate vs vaccination: what's the causal effect?", VACC, INF),
]

MEDIATION = [
    eff(
        D,
        "does route length affect fuel cost through delivery delay?",
        KM,
        "fuel_cost",
        mediator=DELAY,
    ),
    eff(
        D,
        "is the effect of night shift on on_time explained by delivery delay?",
        NIGHT,
        "on_time",
        mediator=DELAY,
    ),
    eff(
        C,
        "how much of the promo code's effect on repeat buying goes via basket value?",
        PROMO,
        REPEAT,
        mediator=BASKET,
    ),
    eff(
        C,
        "do email opens raise basket value because of more page views?",
        OPENS,
        BASKET,
        mediator="page_views",
    ),
    eff(
        H,
        "mediation analysis: vaccinated -> clinic_visits -> infection",
        VACC,
        INF,
        mediator=VISITS,
    ),
    eff(H, "Does vaccination lower hospital days via infection?", VACC, DAYS, mediator=INF),
    eff(
        H,
        "what share of the smoking effect on hospital days is mediated by infection?",
        "smoker",
        DAYS,
        mediator=INF,
    ),
    eff(
        C,
        "indirect effect of discount_pct on repeat_buyer through basket_value",
        "discount_pct",
        REPEAT,
        mediator=BASKET,
    ),
    eff(
        D,
        "Does experience cut delays by way of fewer parcels?",
        EXP,
        DELAY,
        mediator="parcel_count",
    ),
]

HETEROGENEITY = [
    eff(
        D,
        "does the effect of night shift on delay differ between depots?",
        NIGHT,
        DELAY,
        by="depot",
    ),
    eff(D, "effect of route km on delay by weather", KM, DELAY, by="weather"),
    eff(C, "promo code effect on basket value for each channel", PROMO, BASKET, by="channel"),
    eff(
        C,
        "does the promo work differently across loyalty tiers for repeat buying?",
        PROMO,
        REPEAT,
        by="loyalty_tier",
    ),
    eff(H, "vaccination's effect on infection among age bands", VACC, INF, by="age_band"),
    eff(H, "split the effect of vaccinated on infection by region", VACC, INF, by="region"),
    eff(
        H,
        "is vaccination more protective against infection in some age bands than others?",
        VACC,
        INF,
        by="age_band",
    ),
    eff(
        H,
        "heterogeneous effect of smoking on hospital days across regions",
        "smoker",
        DAYS,
        by="region",
    ),
    eff(
        C,
        "effect of email opens on basket value, separately per loyalty tier",
        OPENS,
        BASKET,
        by="loyalty_tier",
    ),
    eff(
        D,
        "for each depot, how much does the night shift change on-time rates?",
        NIGHT,
        "on_time",
        by="depot",
    ),
]

CONF = {"focus": "confounding"}
CONFOUNDING = [
    eff(D, "is the link between route length and delay confounded?", KM, DELAY, **CONF),
    eff(
        C,
        "is the association between promo code and basket value causal or just correlation?",
        PROMO,
        BASKET,
        **CONF,
    ),
    eff(H, "could the relation between vaccination and infection be spurious?", VACC, INF, **CONF),
    eff(
        H,
        "does age band confound the effect of vaccination on infection?",
        VACC,
        INF,
        common_causes=["age_band"],
        **CONF,
    ),
    eff(H, "naive vs adjusted estimate for smoker on hospital_days", "smoker", DAYS, **CONF),
    eff(
        D,
        "is the night shift effect on delays real, or confounded by weather?",
        NIGHT,
        DELAY,
        common_causes=["weather"],
        **CONF,
    ),
    eff(C, "is there confounding between email opens and basket value?", OPENS, BASKET, **CONF),
    eff(
        H,
        "vaccinated -> infection: is it confounded by income?",
        VACC,
        INF,
        common_causes=["income_k"],
        **CONF,
    ),
    eff(
        C,
        "How different is the raw promo-code gap in repeat buying from the adjusted one?",
        PROMO,
        REPEAT,
        **CONF,
    ),
]

WHAT_IF = [
    eff(
        D,
        "what if we double the route length, how much does delay change?",
        KM,
        DELAY,
        **what_if("scale", 2),
    ),
    eff(
        D,
        "what happens to fuel cost if route km is halved?",
        KM,
        "fuel_cost",
        **what_if("scale", 0.5),
    ),
    eff(
        C,
        "if discounts went up 10%, what would basket value be?",
        "discount_pct",
        BASKET,
        **what_if("scale", 1.1),
    ),
    eff(
        C,
        "set discount_pct to 20: predicted basket value?",
        "discount_pct",
        BASKET,
        **what_if("set", 20),
    ),
    eff(
        C,
        "increase email opens by 3, what happens to basket value?",
        OPENS,
        BASKET,
        **what_if("add", 3),
    ),
    eff(
        C,
        "what if every customer had a promo code, how would repeat buying change?",
        PROMO,
        REPEAT,
        **what_if("set", 1),
    ),
    eff(
        H,
        "if everyone were vaccinated, how would infections change?",
        VACC,
        INF,
        **what_if("set", 1),
    ),
    eff(
        D,
        "what if drivers had 5 more years of experience: delays?",
        EXP,
        DELAY,
        **what_if("add", 5),
    ),
    eff(
        H,
        "what would clinic visits be if income rose by 10?",
        "income_k",
        VISITS,
        **what_if("add", 10),
    ),
    eff(
        D,
        "cut the parcel count by 4: what happens to delay?",
        "parcel_count",
        DELAY,
        **what_if("add", -4),
    ),
    eff(D, "triple route_km -> fuel_cost?", KM, "fuel_cost", **what_if("scale", 3)),
]

METHODS = [
    eff(
        C,
        "compare matching and IPW for promo code on repeat buyer",
        PROMO,
        REPEAT,
        methods=["matching", "ipw"],
    ),
    eff(
        H,
        "estimate vaccination -> infection with linear regression, IPW and DML and compare",
        VACC,
        INF,
        methods=["linear_regression", "ipw", "dml"],
    ),
    eff(D, "dml vs forest for route km on delay", KM, DELAY, methods=["dml", "forest"]),
    eff(
        H,
        "do matching and weighting agree on smoking's effect on infection?",
        "smoker",
        INF,
        methods=["matching", "ipw"],
    ),
    eff(
        C,
        "is the promo effect on basket value sensitive to the estimator? regression vs DML",
        PROMO,
        BASKET,
        methods=["linear_regression", "dml"],
    ),
    eff(
        D,
        "night shift on on_time: run both matching and stratification side by side",
        NIGHT,
        "on_time",
        methods=["matching", "stratification"],
    ),
]

MISSING = [
    desc(H, "are there gaps in the data?", focus="missing"),
    desc(H, "how many NaNs per column?", focus="missing"),
    desc(H, "Is income missing for some people?", focus="missing"),
    desc(C, "which columns have missing values", focus="missing"),
    desc(D, "count the nulls", focus="missing"),
    desc(H, "how complete is this data?", focus="missing"),
]

DESCRIBE = [
    desc(D, "what's in this table?"),
    desc(C, "show me the columns"),
    desc(D, "give me an overview of the deliveries data"),
    desc(C, "summary stats please"),
    desc(C, "what does the campaign dataset look like?"),
    desc(H, "descibe"),
    desc(H, "list the variables and their types"),
]

GRAPH = [
    disc(D, "what drives delivery delay?", target=DELAY),
    disc(C, "which factors influence repeat buying?", target=REPEAT),
    disc(H, "what are the causes of infection?", target=INF),
    disc(D, "learn the causal structure with GES", algorithm="ges"),
    disc(H, "run FCI with the KCI test at alpha 0.01", algorithm="fci", ci_test="kci", alpha=0.01),
    disc(C, "causal discovery with 200 bootstrap resamples", bootstrap=200),
    disc(D, "draw the causal graph using DirectLiNGAM", algorithm="directlingam"),
    disc(
        C,
        "build a DAG of the marketing data with PC, significance level 0.1",
        algorithm="pc",
        alpha=0.1,
    ),
    disc(D, "what influences on-time delivery? use GRaSP", target="on_time", algorithm="grasp"),
    disc(
        C,
        "which variables cause basket value, with the g-square test",
        target=BASKET,
        ci_test="gsq",
    ),
    disc(H, "structure learning with BOSS please", algorithm="boss"),
    disc(D, "show me how the variables relate causally"),
    disc(H, "what determines the number of hospital days?", target=DAYS),
    disc(C, "PC, fisher z, alpha=0.02", algorithm="pc", ci_test="fisherz", alpha=0.02),
]

EST_PROMO = after_effect("effect of promo code on basket value", C, PROMO, BASKET)
EST_VACC = after_effect("does vaccination reduce infection?", H, VACC, INF)
EST_NIGHT_DEPOT = after_effect("night shift on delay by depot", D, NIGHT, DELAY, by="depot")
EST_DML = after_effect("promo code on repeat buyer with DML", C, PROMO, REPEAT, method="dml")
DISC_D = after("causal graph", "discover", D)
DESC_H = after("describe the data", "describe", H)
FAILED = after(
    "effect of region on infection",
    "estimate_effect",
    H,
    error={
        "message": "region has 3 values; a treatment must be binary or numeric",
        "hint": "pick a binary or numeric treatment",
    },
    treatment="region",
    outcome=INF,
)

FOLLOW_UP = [
    eff(C, "same but for repeat buyers", PROMO, REPEAT, history=EST_PROMO),
    eff(
        C,
        "now with customer age controlled",
        PROMO,
        BASKET,
        common_causes=["customer_age"],
        history=EST_PROMO,
    ),
    eff(C, "and by channel?", PROMO, BASKET, by="channel", history=EST_PROMO),
    eff(C, "try it with IPW", PROMO, BASKET, method="ipw", history=EST_PROMO),
    eff(C, "use email opens as the treatment instead", OPENS, BASKET, history=EST_PROMO),
    eff(D, "effect of night shift on delay", NIGHT, DELAY, history=DISC_D),
    disc(D, "run it again with FCI", algorithm="fci", history=DISC_D),
    disc(D, "now with alpha 0.01", alpha=0.01, history=DISC_D),
    eff(H, "effect of vaccination on infection", VACC, INF, history=DESC_H),
    desc(H, "any missing values?", focus="missing", history=DESC_H),
    eff(H, "try with smoker as the treatment", "smoker", INF, history=FAILED),
    eff(H, "and for hospital days?", VACC, DAYS, history=EST_VACC),
    eff(D, "and by weather?", NIGHT, DELAY, by="weather", history=EST_NIGHT_DEPOT),
    eff(
        H,
        "control for region and income too",
        VACC,
        INF,
        common_causes=["region", "income_k"],
        history=EST_VACC,
    ),
    eff(C, "switch to matching", PROMO, REPEAT, method="matching", history=EST_DML),
    disc(D, "what about on-time delivery, what drives it?", target="on_time", history=DISC_D),
    eff(H, "what about the vaccination effect on clinic visits?", VACC, VISITS, history=FAILED),
    eff(H, "is it confounded?", VACC, INF, focus="confounding", history=EST_VACC),
    eff(H, "what if everyone were vaccinated?", VACC, INF, history=EST_VACC, **what_if("set", 1)),
]

CLARIFY = [
    ask(
        D,
        "effect of night shift on cost",
        ["fuel_cost", "repair_cost"],
        "fuel",
        {
            "tool": "estimate_effect",
            "args": {"dataset": D, "treatment": NIGHT, "outcome": "fuel_cost"},
        },
    ),
    ask(
        C,
        "does the promo code increase value?",
        ["basket_value", "lifetime_value"],
        "lifetime",
        {
            "tool": "estimate_effect",
            "args": {"dataset": C, "treatment": PROMO, "outcome": "lifetime_value"},
        },
    ),
    ask(
        D,
        "what drives the cost?",
        ["fuel_cost", "repair_cost"],
        "repair",
        {"tool": "discover", "args": {"dataset": D, "target": "repair_cost"}},
    ),
    ask(
        H,
        "what's the effect of smoking?",
        [],
        "infection",
        {"tool": "estimate_effect", "args": {"dataset": H, "treatment": "smoker", "outcome": INF}},
        words=[["outcome"]],
    ),
    ask(
        D,
        "is the cost higher on night shifts?",
        ["fuel_cost", "repair_cost"],
        "repair cost",
        {
            "tool": "estimate_effect",
            "args": {"dataset": D, "treatment": NIGHT, "outcome": "repair_cost"},
        },
    ),
]

WORDS = [
    words(D, "help", [["effect"]]),
    words(C, "what can you do?", [["describe"], ["effect"]]),
    {
        **eff(C, "estimate promo code on basket value with a hyperbolic estimator", PROMO, BASKET),
        "expect": {
            "any_of": [
                {
                    "tool": "estimate_effect",
                    "args": {"dataset": C, "treatment": PROMO, "outcome": BASKET},
                    "note": ["hyperbolic"],
                },
                {"words": [["hyperbolic"]]},
            ]
        },
    },
    {
        **disc(D, "run PC with the omega test"),
        "expect": {
            "any_of": [
                {"tool": "discover", "args": {"dataset": D, "algorithm": "pc"}, "note": ["omega"]},
                {"words": [["omega"]]},
            ]
        },
    },
    words(D, "effect of temperature on delay", [["temperature"], ["column"]]),
    words(D, "what is the effect of on_time on on_time?", [["same"]]),
    words(D, "why?", [["no earlier", "nothing to explain", "no result"]]),
    words(
        None,
        "what's the effect of promo code on basket value?",
        [["no dataset", "not loaded", "load"]],
    ),
    words(C, "why that method?", [["linear_regression"]], history=EST_PROMO),
    {
        **disc(H, "learn the graph with the MegaSearch algorithm"),
        "expect": {
            "any_of": [
                {"tool": "discover", "args": {"dataset": H}, "note": ["megasearch"]},
                {"words": [["megasearch"]]},
            ]
        },
    },
]

PROBING = [
    probe(
        "which heads are needed for induction? ablate them", "head_ablation", behaviour="induction"
    ),
    probe(
        "knock out each attention head and see what breaks on the copy task",
        "head_ablation",
        behaviour="copy",
    ),
    probe("zero-ablate head 1.2 on recall", "head_ablation", heads=["1.2"], behaviour="recall"),
    probe("find the induction heads", "head_scores", score="induction"),
    probe("is there an attention sink?", "head_scores", score="attention_sink"),
    probe("which heads attend to the previous token?", "head_scores", score="previous_token"),
    probe("activation patching for induction", "activation_patching", behaviour="induction"),
    probe(
        "steer towards pos.jsonl and away from neg.jsonl at layer 1",
        "steer",
        positive="pos.jsonl",
        negative="neg.jsonl",
        layer=1,
    ),
    probe("logit lens on the copy task", "logit_lens", behaviour="copy"),
    probe("train a linear probe on facts.jsonl", "linear_probe", prompts="facts.jsonl"),
    probe(
        "what does removing L1H0 do to copying?", "head_ablation", heads=["1.0"], behaviour="copy"
    ),
    probe(
        "which heads write the answer directly into the logits for recall?",
        "logit_lens",
        behaviour="recall",
    ),
    # MLP outputs are not a unit the patching tool offers: patch and say so, or say so
    {
        "models": [MODEL],
        "question": "patch the MLPs only, induction task",
        "expect": {
            "any_of": [
                {
                    "tool": "activation_patching",
                    "args": {"model": MODEL, "behaviour": "induction"},
                    "note": ["mlp"],
                },
                {"words": [["mlp"]]},
            ]
        },
    },
]


# a second batch, written after the first had been fixed, to check that the fixes generalise
EFFECT += [
    eff(D, "Do longer routes lead to more delay?", KM, DELAY),
    eff(D, "how is fuel cost influenced by route length?", KM, "fuel_cost"),
    eff(C, "what difference does a promo code make to basket value?", PROMO, BASKET),
    eff(C, "does opening more emails make people buy again?", OPENS, REPEAT),
    eff(H, "quantify the effect of smoking on hospital days", "smoker", DAYS),
    eff(H, "does income affect how often people visit clinics?", "income_k", VISITS),
    eff(D, "how much longer are deliveries delayed on night shifts?", NIGHT, DELAY),
    eff(C, "is repeat buying driven by discounts?", "discount_pct", REPEAT),
    eff(
        H,
        "effect of distance_km on clinic_visits, adjusting for region",
        "distance_km",
        VISITS,
        common_causes=["region"],
    ),
    eff(
        D,
        "with weather and depot as controls, how does night shift affect on_time?",
        NIGHT,
        "on_time",
        common_causes=["weather", "depot"],
    ),
]
MEDIATION += [
    eff(
        H,
        "is smoking's effect on hospital days mediated by infection?",
        "smoker",
        DAYS,
        mediator=INF,
    ),
    eff(
        C,
        "does the promo code raise repeat buying through a bigger basket value?",
        PROMO,
        REPEAT,
        mediator=BASKET,
    ),
    eff(
        D,
        "night shift -> delivery delay -> on time, how much is indirect?",
        NIGHT,
        "on_time",
        mediator=DELAY,
    ),
]
HETEROGENEITY += [
    eff(
        C,
        "does the promo code's effect on basket value vary by channel?",
        PROMO,
        BASKET,
        by="channel",
    ),
    eff(H, "vaccination effect on infection, broken down by region", VACC, INF, by="region"),
    eff(D, "which depots see the biggest night-shift effect on delays?", NIGHT, DELAY, by="depot"),
]
CONFOUNDING += [
    eff(C, "is the promo code to repeat buyer link just confounding?", PROMO, REPEAT, **CONF),
    eff(
        H,
        "Could income confound the link between vaccination and hospital days?",
        VACC,
        DAYS,
        common_causes=["income_k"],
        **CONF,
    ),
    eff(
        D, "compare the naive and the adjusted effect of night shift on delay", NIGHT, DELAY, **CONF
    ),
]
WHAT_IF += [
    eff(
        C,
        "what would happen to basket value if email opens doubled?",
        OPENS,
        BASKET,
        **what_if("scale", 2),
    ),
    eff(
        D,
        "if route km were 50 for every delivery, what would the delay be?",
        KM,
        DELAY,
        **what_if("set", 50),
    ),
    eff(H, "how would hospital days change if nobody smoked?", "smoker", DAYS, **what_if("set", 0)),
    eff(
        C,
        "raise discount_pct by 5 points: effect on repeat_buyer?",
        "discount_pct",
        REPEAT,
        **what_if("add", 5),
    ),
]
METHODS += [
    eff(
        H,
        "IPW versus matching: vaccinated on hospital_days",
        VACC,
        DAYS,
        methods=["ipw", "matching"],
    ),
    eff(
        C,
        "estimate the promo effect on basket value with several methods and compare",
        PROMO,
        BASKET,
        allow=["methods"],
    ),
]
MISSING += [
    desc(D, "any empty cells?", focus="missing"),
    desc(C, "how much data is missing per variable?", focus="missing"),
]
DESCRIBE += [
    desc(H, "what kinds of columns does the clinics table have?"),
    desc(D, "give me a profile of the data"),
]
GRAPH += [
    disc(C, "what affects basket value?", target=BASKET),
    disc(
        H,
        "estimate the causal graph with GES and 50 bootstrap samples",
        algorithm="ges",
        bootstrap=50,
    ),
    disc(D, "which variables are the causes of fuel cost?", target="fuel_cost"),
    disc(C, "run PC at the 1% level", algorithm="pc", alpha=0.01),
]
FOLLOW_UP += [
    eff(C, "what about lifetime value?", PROMO, "lifetime_value", history=EST_PROMO),
    eff(H, "now adjust for age band", VACC, INF, common_causes=["age_band"], history=EST_VACC),
    eff(H, "by age band please", VACC, INF, by="age_band", history=EST_VACC),
    eff(C, "use DML instead", PROMO, BASKET, method="dml", history=EST_PROMO),
    disc(D, "same with GES", algorithm="ges", history=DISC_D),
]
PROBING += [
    probe("rank the heads by induction score", "head_scores", score="induction"),
    probe(
        "ablate each head and measure the copy accuracy",
        "head_ablation",
        behaviour="copy",
        metric="accuracy",
    ),
]


# a third batch: column words (synonyms, inflections, units left out) and more verbs
EFFECT += [
    eff(D, "does a more experienced driver deliver on time more often?", EXP, "on_time"),
    eff(D, "effect of the number of parcels on fuel costs", "parcel_count", "fuel_cost"),
    eff(C, "how do discounts impact the value of the basket?", "discount_pct", BASKET),
    eff(H, "does being a smoker raise the chance of infection?", "smoker", INF),
    eff(H, "impact of vaccination on the number of days in hospital", VACC, DAYS),
    eff(C, "does customer age influence how many emails get opened?", "customer_age", OPENS),
    eff(D, "effect of working nights on lateness, i.e. delivery delay", NIGHT, DELAY),
    eff(H, "do infections increase clinic visits?", INF, VISITS),
    eff(
        C,
        "estimate the causal effect of page views on repeat buyers using IPW",
        "page_views",
        REPEAT,
        method="ipw",
    ),
    eff(D, "does snow... sorry, does weather affect fuel cost?", "weather", "fuel_cost"),
]
CONFOUNDING += [
    eff(D, "is the effect of experience on delay biased by confounding?", EXP, DELAY, **CONF),
]
WHAT_IF += [
    eff(
        D,
        "suppose route_km went down by 20%: what happens to fuel_cost?",
        KM,
        "fuel_cost",
        **what_if("scale", 0.8),
    ),
    eff(
        C,
        "what if the discount were 0 for everyone, how would basket value change?",
        "discount_pct",
        BASKET,
        **what_if("set", 0),
    ),
]
HETEROGENEITY += [
    eff(
        H,
        "smoking and infection: is the effect different in each region?",
        "smoker",
        INF,
        by="region",
    ),
    eff(
        C,
        "does the promo code effect on basket value depend on the loyalty tier?",
        PROMO,
        BASKET,
        by="loyalty_tier",
    ),
]
GRAPH += [
    disc(H, "what are the main drivers of clinic visits?", target=VISITS),
    # "late" fits the delay and (negated) the on-time flag: either target answers it
    {
        **disc(D, "why are some deliveries late?"),
        "expect": {
            "any_of": [
                {"tool": "discover", "args": {"dataset": D, "target": "on_time"}},
                {"tool": "discover", "args": {"dataset": D, "target": DELAY}},
            ]
        },
    },
]


# a fourth batch: non-native and terse wordings, sessions, words-only answers, probing
EFFECT += [
    eff(D, "route km make delay bigger? how much?", KM, DELAY),
    eff(
        C,
        "promo code -> basket value, controlling for channel and customer age",
        PROMO,
        BASKET,
        common_causes=["channel", "customer_age"],
    ),
    eff(H, "I want know if the vaccine is reducing the infections", VACC, INF),
    eff(H, "to what extent is infection explained by smoking?", "smoker", INF),
    eff(C, "is there a causal link from email opens to repeat buying?", OPENS, REPEAT),
    eff(D, "fuel cost: how much is due to route length?", KM, "fuel_cost"),
]
WHAT_IF += [
    eff(H, "what if all patients were vaccinated? infection?", VACC, INF, **what_if("set", 1)),
    eff(
        D, "predict delay if parcel_count is set to 30", "parcel_count", DELAY, **what_if("set", 30)
    ),
]
CONFOUNDING += [
    eff(C, "Is the promo code effect on repeat buyers confounded or not?", PROMO, REPEAT, **CONF),
]
FOLLOW_UP += [
    eff(C, "and for lifetime_value?", PROMO, "lifetime_value", history=EST_PROMO),
    # "smokers" may replace either role: asking which is right, and the reply must then work
    ask(
        H,
        "ok now the same for smokers",
        ["treatment", "outcome"],
        "treatment",
        {"tool": "estimate_effect", "args": {"dataset": H, "treatment": "smoker", "outcome": INF}},
        history=EST_VACC,
    ),
    eff(
        D, "what about the effect on on_time", NIGHT, "on_time", by="depot", history=EST_NIGHT_DEPOT
    ),
    eff(H, "estimate it with matching", VACC, INF, method="matching", history=EST_VACC),
    disc(D, "use the kci test", ci_test="kci", history=DISC_D),
    eff(H, "vaccinated on infection then", VACC, INF, history=FAILED),
]
WORDS += [
    {
        **disc(H, "discover the graph with the psi-squared test"),
        "expect": {
            "any_of": [
                {"tool": "discover", "args": {"dataset": H}, "note": ["psi-squared"]},
                {"words": [["psi-squared"]]},
            ]
        },
    },
    words(C, "effect of weather on basket value", [["weather"], ["column"]]),
    words(H, "what is the effect of infection on infection?", [["same"]]),
]
CLARIFY += [
    ask(
        C,
        "what drives value?",
        ["basket_value", "lifetime_value"],
        "basket",
        {"tool": "discover", "args": {"dataset": C, "target": BASKET}},
    ),
]
PROBING += [
    probe(
        "zero out head 0.1 and check induction",
        "head_ablation",
        heads=["0.1"],
        behaviour="induction",
    ),
    probe("does this model have an attention sink?", "head_scores", score="attention_sink"),
    probe(
        "mean ablation of all heads on recall", "head_ablation", behaviour="recall", method="mean"
    ),
    probe(
        "steer the model toward happy.jsonl and away from sad.jsonl at layer 0",
        "steer",
        positive="happy.jsonl",
        negative="sad.jsonl",
        layer=0,
    ),
]


# a fifth batch, again written before the planner saw it
MEDIATION += [
    eff(
        C,
        "is basket value the channel through which promo codes affect repeat buying?",
        PROMO,
        REPEAT,
        mediator=BASKET,
    ),
    eff(
        H,
        "direct and indirect effects of smoking on hospital days, with infection as the mediator",
        "smoker",
        DAYS,
        mediator=INF,
    ),
    eff(
        D,
        "how much of the route length effect on fuel cost runs via delay?",
        KM,
        "fuel_cost",
        mediator=DELAY,
    ),
]
HETEROGENEITY += [
    eff(
        D,
        "is the route length effect on delay stronger in snow? compare across weather",
        KM,
        DELAY,
        by="weather",
    ),
    eff(C, "promo code on repeat buyer, per loyalty tier", PROMO, REPEAT, by="loyalty_tier"),
    eff(
        H,
        "does the vaccination effect on infection change with age band?",
        VACC,
        INF,
        by="age_band",
    ),
]
CONFOUNDING += [
    eff(
        D,
        "could the apparent effect of experience on on_time be due to confounding?",
        EXP,
        "on_time",
        **CONF,
    ),
    eff(
        H,
        "smoker vs infection: real effect or confounded by age band?",
        "smoker",
        INF,
        common_causes=["age_band"],
        **CONF,
    ),
    eff(
        C,
        "does loyalty tier confound promo_code -> basket_value?",
        PROMO,
        BASKET,
        common_causes=["loyalty_tier"],
        **CONF,
    ),
]
WHAT_IF += [
    eff(
        D,
        "what if route lengths were cut by a quarter? effect on delay",
        KM,
        DELAY,
        **what_if("scale", 0.75),
    ),
    eff(
        C,
        "if we gave everyone a promo code, what would basket value do?",
        PROMO,
        BASKET,
        **what_if("set", 1),
    ),
    eff(
        H,
        "what happens to infection if income goes up by 20?",
        "income_k",
        INF,
        **what_if("add", 20),
    ),
]
METHODS += [
    eff(
        D,
        "check the night shift effect on delay with regression and with matching",
        NIGHT,
        DELAY,
        methods=["linear_regression", "matching"],
    ),
]
MISSING += [
    desc(C, "do any columns have NA values?", focus="missing"),
]
DESCRIBE += [
    desc(C, "what's the data about?"),
]
GRAPH += [
    disc(D, "learn a causal graph, alpha 0.05, chi-square test", alpha=0.05, ci_test="chisq"),
    disc(
        H, "what are the direct causes of infection according to FCI?", target=INF, algorithm="fci"
    ),
    disc(C, "run LiNGAM", algorithm="directlingam"),
]
FOLLOW_UP += [
    eff(C, "and on repeat buying?", PROMO, REPEAT, history=EST_PROMO),
    eff(H, "now split it by region", VACC, INF, by="region", history=EST_VACC),
    eff(
        D,
        "same thing but controlling for weather",
        NIGHT,
        DELAY,
        by="depot",
        common_causes=["weather"],
        history=EST_NIGHT_DEPOT,
    ),
]


# a sixth batch, written before the planner saw it
EFFECT += [
    eff(D, "is there evidence that night shifts cause delays?", NIGHT, DELAY),
    eff(C, "how big is the promo code's influence on repeat buying?", PROMO, REPEAT),
    eff(H, "the number of clinic visits, is it affected by distance?", "distance_km", VISITS),
    eff(C, "do higher discounts translate into bigger baskets?", "discount_pct", BASKET),
    eff(D, "night_shift => on_time", NIGHT, "on_time"),
    eff(H, "ATE of vaccinated on infection", VACC, INF),
    eff(
        C,
        "average treatment effect of the promo code on lifetime value, via DML",
        PROMO,
        "lifetime_value",
        method="dml",
    ),
]
MEDIATION += [
    eff(
        D,
        "does night shift hurt on-time delivery mainly through longer delays?",
        NIGHT,
        "on_time",
        mediator=DELAY,
    ),
]
HETEROGENEITY += [
    eff(
        C,
        "for which channel is the promo code most effective on basket value?",
        PROMO,
        BASKET,
        by="channel",
    ),
    eff(H, "smoking's effect on infection within each age band", "smoker", INF, by="age_band"),
]
CONFOUNDING += [
    eff(
        D,
        "is route length really causing delays, or is it weather?",
        KM,
        DELAY,
        common_causes=["weather"],
        **CONF,
    ),
    eff(C, "email opens and repeat buyers are correlated; is that causal?", OPENS, REPEAT, **CONF),
]
WHAT_IF += [
    eff(D, "simulate doubling parcel_count: delay?", "parcel_count", DELAY, **what_if("scale", 2)),
    eff(
        H,
        "if distance fell by 5 km, how many more clinic visits?",
        "distance_km",
        VISITS,
        **what_if("add", -5),
    ),
]
MISSING += [
    desc(D, "which variables have gaps?", focus="missing"),
]
GRAPH += [
    disc(
        C,
        "discover the causal structure using GRaSP and 100 bootstraps",
        algorithm="grasp",
        bootstrap=100,
    ),
    disc(H, "what factors drive infection?", target=INF),
]
FOLLOW_UP += [
    eff(H, "what about hospital days instead?", VACC, DAYS, history=EST_VACC),
    eff(C, "make the outcome lifetime value", PROMO, "lifetime_value", history=EST_PROMO),
    eff(D, "drop the subgroups", NIGHT, DELAY, history=EST_NIGHT_DEPOT),
]
PROBING += [
    probe("which attention heads are induction heads?", "head_scores", score="induction"),
    probe(
        "how much does recall drop if I knock out head 1.3?",
        "head_ablation",
        heads=["1.3"],
        behaviour="recall",
    ),
]


# a seventh batch, written before the planner saw it
EFFECT += [
    eff(C, "Would giving out promo codes increase lifetime value?", PROMO, "lifetime_value"),
    eff(H, "measure how vaccination changes clinic visits", VACC, VISITS),
    eff(D, "I'd like to know whether more experienced drivers have shorter delays", EXP, DELAY),
    eff(C, "is page_views a cause of basket_value?", "page_views", BASKET),
    eff(H, "smoker status and infection, what's the causal link?", "smoker", INF),
]
MEDIATION += [
    eff(
        C,
        "what part of the discount effect on lifetime value is mediated by basket value?",
        "discount_pct",
        "lifetime_value",
        mediator=BASKET,
    ),
]
HETEROGENEITY += [
    eff(
        D,
        "does experience help more on night shifts? effect of experience on delay by night shift",
        EXP,
        DELAY,
        by=NIGHT,
    ),
]
CONFOUNDING += [
    eff(
        C,
        "is the page views effect on basket value confounded by email opens?",
        "page_views",
        BASKET,
        common_causes=[OPENS],
        **CONF,
    ),
]
WHAT_IF += [
    eff(
        H,
        "what if everybody lived 2 km closer to a clinic: clinic visits?",
        "distance_km",
        VISITS,
        **what_if("add", -2),
    ),
    eff(
        C,
        "set promo_code to 0 for everyone: what happens to lifetime_value?",
        PROMO,
        "lifetime_value",
        **what_if("set", 0),
    ),
]
GRAPH += [
    disc(D, "which columns influence fuel_cost?", target="fuel_cost"),
    disc(H, "find the causal DAG with DirectLiNGAM", algorithm="directlingam"),
]
FOLLOW_UP += [
    eff(H, "and what about smokers as the treatment?", "smoker", INF, history=EST_VACC),
    eff(C, "run that again with 500 bootstrap draws", PROMO, BASKET, n_boot=500, history=EST_PROMO),
]
PROBING += [
    probe("what do the gates look like? gate statistics please", "head_scores", score="gate"),
]

#: Misreadings by class: each item says one kind of wording that was read wrongly before.
READINGS = [
    # a quantity said per visit is the basket, not the visits nor another money column
    eff(C, "does the promo code change how much customers spend per order?", PROMO, BASKET),
    eff(C, "what does the discount do to the spending per shopper?", "discount_pct", BASKET),
    # an edge said with a modifier after it, or with a clause for its quantity
    disc(
        D,
        "draw the graph: the delay cannot cause the driver experience in any way",
        algorithm="auto",
        forbidden=[f"{DELAY}->{EXP}"],
    ),
    disc(
        D,
        "learn the causal structure; the weather can't change how many parcels someone carries",
        algorithm="auto",
        forbidden=["weather->parcel_count"],
    ),
    # a scenario said without "what if": an inverted condition, "all of them", "what would Y be"
    eff(
        H,
        "what would the infection rate be if all of them were vaccinated?",
        VACC,
        INF,
        **what_if("set", 1),
    ),
    eff(
        C,
        "had we given every customer a promo code, what would the share of repeat buyers be?",
        PROMO,
        REPEAT,
        **what_if("set", 1),
    ),
    eff(
        D,
        "were all the drivers put on the night shift, what would the delay be?",
        NIGHT,
        DELAY,
        **what_if("set", 1),
    ),
    # a subgroup said as a level of a column after "different on/in/for", or fronted
    eff(H, "is the vaccine's effect on infection different on the coast?", VACC, INF, by="region"),
    eff(H, "does the vaccine's effect on infection differ for smokers?", VACC, INF, by="smoker"),
    eff(
        C,
        "depending on the channel, does the promo code work differently on the basket value?",
        PROMO,
        BASKET,
        by="channel",
    ),
    eff(
        H,
        "does vaccination change the hospital days differently, depending of the region?",
        VACC,
        DAYS,
        by="region",
    ),
    # a claim about one column asked whether it holds: the effect of what the context names
    # as its cause, or the cause asked back
    eff(
        H,
        "We ran a vaccination drive last winter. The regional office claims infections went "
        "down. Did they?",
        VACC,
        INF,
    ),
    ask(
        H,
        "The regional office claims infections went down. Did they?",
        [],
        "vaccinated",
        {"tool": "estimate_effect", "args": {"dataset": H, "treatment": VACC, "outcome": INF}},
        words=[["treatment"]],
    ),
    eff(C, "Marketing says the basket value went up after the promo code. Did it?", PROMO, BASKET),
    # a follow-up that changes only the outcome, said with the treatment as a pronoun
    eff(
        H,
        "and does it change the hospital days too?",
        VACC,
        DAYS,
        history=after_effect("effect of vaccination on infection", H, VACC, INF),
    ),
    eff(
        D,
        "does that also affect the fuel cost?",
        KM,
        "fuel_cost",
        history=after_effect("route length effect on delay", D, KM, DELAY),
    ),
    # heads that are people send no question to a model
    eff(D, "The depot heads want it fixed: does route length drive the delay?", KM, DELAY),
    eff(H, "Our clinic heads keep asking whether vaccination cuts infection.", VACC, INF),
    # non-native turns: an effect "only apparent, because of Z" doubts it as confounded; a
    # scenario said as the size it ends at; "make it again", "splitted", "it changes also Y"
    eff(
        H,
        "Is the effect of the vaccine on the infection only apparent, because of the income?",
        VACC,
        INF,
        focus="confounding",
        common_causes=["income_k"],
    ),
    eff(
        D,
        "If the route length would be the half, what would happen with the delay?",
        KM,
        DELAY,
        **what_if("scale", 0.5),
    ),
    eff(
        D,
        "Make it again but controlling of the weather.",
        KM,
        DELAY,
        common_causes=["weather"],
        history=after_effect("route length effect on delay", D, KM, DELAY),
    ),
    eff(
        D,
        "Same thing but splitted by depot.",
        KM,
        DELAY,
        by="depot",
        history=after_effect("route length effect on delay", D, KM, DELAY),
    ),
    eff(
        C,
        "And it changes also the lifetime value?",
        PROMO,
        "lifetime_value",
        history=after_effect("promo code effect on basket value", C, PROMO, BASKET),
    ),
    # doubts put down to a third column: "real or just due to Z", "maybe is because of Z",
    # "maybe Z influences both"
    eff(
        H,
        "Is the effect of the vaccine on infection real or just due to the income?",
        VACC,
        INF,
        focus="confounding",
        common_causes=["income_k"],
    ),
    eff(
        H,
        "The smokers have more infection, but maybe is because of the age band? Verify me if is "
        "confounded.",
        "smoker",
        INF,
        focus="confounding",
        common_causes=["age_band"],
    ),
    eff(
        C,
        "I doubt the promo code really raises the basket value, maybe the channel influences both.",
        PROMO,
        BASKET,
        focus="confounding",
        common_causes=["channel"],
    ),
    # scenarios in non-native conditionals: "would have" in the if-clause, "in case", "had the
    # company given", "how many Y we would have", "Y would increase of how much"
    eff(
        D,
        "If all the drivers would have the night shift, how much delay we would have?",
        NIGHT,
        DELAY,
        **what_if("set", 1),
    ),
    eff(
        D,
        "In case the route length is doubled, the fuel cost would increase of how much?",
        KM,
        "fuel_cost",
        **what_if("scale", 2),
    ),
    eff(
        C,
        "Had the company given a promo code to every customer, how much basket value there "
        "would be?",
        PROMO,
        BASKET,
        **what_if("set", 1),
    ),
    # a control dropped "without to control", an effect asked with "how much" last, a split in
    # the middle of the sentence
    eff(
        D,
        "Can you make the same but without to control the weather?",
        KM,
        DELAY,
        common_causes=[EXP],
        history=after_effect(
            "route length on delay adjusting for weather and experience",
            D,
            KM,
            DELAY,
            common_causes=["weather", EXP],
        ),
    ),
    eff(
        D,
        "from this graph, the route length influences on the delay how much?",
        KM,
        DELAY,
        history=after("learn the causal graph", "discover", D),
    ),
    eff(
        C,
        "The promo code works different in function of the channel for the basket value?",
        PROMO,
        BASKET,
        by="channel",
    ),
    # a confounder offered after the question that asks whether there is one
    eff(
        H,
        "Exists a confounder between the vaccination and the infection? For example the income.",
        VACC,
        INF,
        focus="confounding",
        common_causes=["income_k"],
    ),
]

CATEGORIES = {
    "readings": READINGS,
    "effect": EFFECT,
    "mediation": MEDIATION,
    "heterogeneity": HETEROGENEITY,
    "confounding": CONFOUNDING,
    "what_if": WHAT_IF,
    "method_comparison": METHODS,
    "missing": MISSING,
    "describe": DESCRIBE,
    "graph": GRAPH,
    "follow_up": FOLLOW_UP,
    "clarify": CLARIFY,
    "words": WORDS,
    "probing": PROBING,
}
ITEMS = [
    {**item, "id": f"{cat}-{i:02d}", "category": cat}
    for cat, items in CATEGORIES.items()
    for i, item in enumerate(items, 1)
]


# running -----------------------------------------------------------------------------------------
def run(item: dict[str, Any]) -> bench.Verdict:
    """One item through the planner, as `copilot ask` would see it, scored like the benchmark."""
    from langchain_core.messages import AIMessage, HumanMessage

    from copilot.agents.nodes import system_message

    state = {
        "datasets": {d: {**profile(d), "current": True} for d in item.get("datasets") or []},
        "models": {m: {**bench.MODEL, "id": m, "name": m} for m in item.get("models") or []},
    }
    history = item.get("history") or []
    base = [
        system_message(state),
        *bench.history_messages(history),
        HumanMessage(item["question"]),
    ]
    return bench._score_expect(
        item["expect"],
        base,
        bench.tool_names(),
        bench.Verdict(ok=False),
        bench.discover_ids(history),
        AIMessage,
        HumanMessage,
    )


def test_the_set_is_large_and_varied():
    assert len(ITEMS) >= 120
    assert len({i["question"] for i in ITEMS}) == len(ITEMS)
    assert all(len(items) >= 5 for items in CATEGORIES.values())


#: Questions the planner does not read yet, with why (strict: one that starts passing fails here).
KNOWN_GAPS = {
    "method_comparison-03": "a bare 'forest' is not read as the causal forest estimator",
}


@pytest.mark.parametrize(
    "item",
    [
        pytest.param(i, marks=pytest.mark.xfail(reason=KNOWN_GAPS[i["id"]], strict=True))
        if i["id"] in KNOWN_GAPS
        else i
        for i in ITEMS
    ],
    ids=[i["id"] for i in ITEMS],
)
def test_fresh_question(item):
    verdict = run(item)
    assert verdict.ok, f"{item['question']!r}: {verdict.why}; replies: {verdict.replies}"
