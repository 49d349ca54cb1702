"""The offline planner on effect options, questions back and confounding checks said as
strangers say them: a confidence level for discovery, controls "kept fixed", roles declared
with "as", signs said as words, a one-word reply that picks a column by contrast ("total"),
a yes/no question whose word names two columns, and confounding checks said with "real",
"could Z explain the gap" or "a common cause behind". Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.nodes import system_message
from copilot.agents.planner import contrast_pick, next_message

TOOLS = ["describe", "discover", "estimate_effect"]


def col(name: str, kind: str, card: int = 500) -> dict[str, Any]:
    return {"name": name, "kind": kind, "missing_share": 0.0, "cardinality": card}


def table(name: str, *columns: tuple[str, str]) -> dict[str, Any]:
    cols = [col(n, k, 2 if k == "binary" else 3 if k == "categorical" else 500) for n, k in columns]
    return {
        "id": name,
        "name": name,
        "source": f"{name}.csv",
        "n": 1000,
        "p": len(cols),
        "columns": cols,
    }


ROUTES = table(
    "routes",
    ("route_id", "id"),
    ("len_km", "continuous"),
    ("n_stops", "continuous"),
    ("bus_lane", "binary"),
    ("ontime_pct", "continuous"),
    ("fare_rev_keur", "continuous"),
)
PHONES = table(
    "phones",
    ("cust_id", "id"),
    ("age_yrs", "continuous"),
    ("tenure_mo", "continuous"),
    ("contract_type", "binary"),
    ("is_5g", "binary"),
    ("promo_sms", "binary"),
    ("dropped_call_pct", "continuous"),
    ("n_support_calls", "continuous"),
    ("churned", "binary"),
)
HOMES = table(
    "homes",
    ("bldg_id", "id"),
    ("insul_grade", "continuous"),
    ("smart_thermo", "binary"),
    ("kwh_per_sqft", "continuous"),
    ("kwh_used_k", "continuous"),
    ("co2_t", "continuous"),
)
FAMILIES = table(
    "families",
    ("hh_id", "id"),
    ("n_kids", "continuous"),
    ("single_parent", "binary"),
    ("state", "categorical"),
    ("childcare_sub", "binary"),
    ("employed", "binary"),
    ("earn_k", "continuous"),
)
GRID = table(
    "grid",
    ("hour", "id"),
    ("temp_c", "continuous"),
    ("load_mw", "continuous"),
    ("price", "continuous"),
)


def ask(question: str, ds: dict[str, Any], history: list[Any] = ()) -> AIMessage:
    state = {"datasets": {ds["id"]: {**ds, "current": True}}, "models": {}}
    return next_message([system_message(state), *history, HumanMessage(question)], TOOLS)


def call(question: str, ds: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    msg = ask(question, ds)
    assert msg.tool_calls, f"{question!r}: no tool call; replied {msg.content!r}"
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


OPTIONS = [
    # a confidence level is the complement of the tests' significance level
    (GRID, "learn the graph with pc at the 99% confidence level", "discover", {"alpha": 0.01}),
    (GRID, "discover the graph at 90% confidence", "discover", {"alpha": 0.1}),
    (PHONES, "logistic model for promo_sms on churned", "estimate_effect", {"method": "glm"}),
    (GRID, "temp_c -> load_mw, 500 boots", "estimate_effect", {"n_boot": 500}),
    (
        GRID,
        "temp to price effect, without to do the refutations",
        "estimate_effect",
        {"refute": False},
    ),
    (
        PHONES,
        "how much tenure is changing churn when we are keeping fixed the age and the contract type",
        "estimate_effect",
        {
            "treatment": "tenure_mo",
            "outcome": "churned",
            "common_causes": ["age_yrs", "contract_type"],
        },
    ),
    (
        ROUTES,
        "hey can u get bus lane -> ontime % but hold route length and # of stops fixed",
        "estimate_effect",
        {"treatment": "bus_lane", "outcome": "ontime_pct", "common_causes": ["len_km", "n_stops"]},
    ),
    (
        FAMILIES,
        "Take childcare subsidy as the treatment and employment as the outcome. Adjust for number "
        "of kids, use IPW, and don't bother with refuters.",
        "estimate_effect",
        {
            "treatment": "childcare_sub",
            "outcome": "employed",
            "common_causes": ["n_kids"],
            "method": "weighting",
            "refute": False,
        },
    ),
]


@pytest.mark.parametrize(("ds", "question", "tool", "want"), OPTIONS)
def test_options_reach_the_call(ds, question, tool, want):
    name, args = call(question, ds)
    assert name == tool
    for key, value in want.items():
        got = args.get(key)
        if isinstance(value, list):
            assert sorted(got or []) == sorted(value), (key, args)
        elif isinstance(value, float):
            assert got == pytest.approx(value), (key, args)
        else:
            assert got == value, (key, args)


CONFOUNDING = [
    (
        FAMILIES,
        "is childcare_sub -> earn_k confounded by single parent status?",
        "childcare_sub",
        "earn_k",
        ["single_parent"],
    ),
    (
        PHONES,
        "Do you think contract type could explain the gap in churn between 5G and non-5G customers?",
        "is_5g",
        "churned",
        ["contract_type"],
    ),
    (
        GRID,
        "is there a hidden common cause behind temperature and load?",
        "temp_c",
        "load_mw",
        None,
    ),
    (PHONES, "is the promo sms benefit on churn real?", "promo_sms", "churned", None),
]


@pytest.mark.parametrize(("ds", "question", "t", "y", "controls"), CONFOUNDING)
def test_confounding_checks(ds, question, t, y, controls):
    name, args = call(question, ds)
    assert name == "estimate_effect"
    assert (args["treatment"], args["outcome"], args.get("focus")) == (t, y, "confounding")
    assert sorted(args.get("common_causes") or []) == sorted(controls or [])


def test_the_sentence_that_names_two_columns_orders_the_pair():
    # the first sentence names churn alone; the claim's sentence says which is the cause
    name, args = call(
        "Churn is our main worry this year. Customers who got a promo SMS churned less. How big "
        "is its effect?",
        PHONES,
    )
    assert (name, args["treatment"], args["outcome"]) == ("estimate_effect", "promo_sms", "churned")


def _ask_then_reply(question: str, ds: dict[str, Any], reply: str, names: list[str]) -> dict:
    first = ask(question, ds)
    assert not first.tool_calls and "?" in first.content, first.content
    for n in names:
        assert n in first.content
    second = ask(reply, ds, [HumanMessage(question), AIMessage(first.content)])
    assert second.tool_calls, second.content
    return second.tool_calls[0]["args"]


def test_reply_picks_a_column_by_contrast():
    args = _ask_then_reply(
        "smart thermostat effect on kwh", HOMES, "total", ["kwh_per_sqft", "kwh_used_k"]
    )
    assert (args["treatment"], args["outcome"]) == ("smart_thermo", "kwh_used_k")
    args = _ask_then_reply("smart thermostat effect on kwh", HOMES, "the rate", [])
    assert args["outcome"] == "kwh_per_sqft"


def test_contrast_words():
    assert contrast_pick("total", ["kwh_per_sqft", "kwh_used_k"]) == "kwh_used_k"
    assert contrast_pick("baseline", ["hba1c_base", "hba1c_12m"]) == "hba1c_base"
    assert contrast_pick("after", ["hba1c_base", "hba1c_12m"]) == "hba1c_12m"
    assert contrast_pick("blue", ["kwh_per_sqft", "kwh_used_k"]) is None


def test_yes_no_question_with_a_word_of_two_columns_asks():
    args = _ask_then_reply(
        "do 5g users make more calls?", PHONES, "support", ["dropped_call_pct", "n_support_calls"]
    )
    assert (args["treatment"], args["outcome"]) == ("is_5g", "n_support_calls")


def test_effect_of_one_named_thing_asks_for_the_outcome():
    args = _ask_then_reply(
        "Can you estimate the effect of the childcare subsidy?", FAMILIES, "employment", []
    )
    assert (args["treatment"], args["outcome"]) == ("childcare_sub", "employed")
    args = _ask_then_reply(
        "We are evaluating the childcare subsidy programme and want to know what it does. Can you "
        "estimate its effect?",
        FAMILIES,
        "employment",
        [],
    )
    assert (args["treatment"], args["outcome"]) == ("childcare_sub", "employed")
