"""The offline planner reads effect questions said with everyday verbs, comparatives and group
nouns ("do older trucks stand idle more?", "do drivers who got eco training run on time more
often?", "each extra stop: how many more minutes idle?"): the group's attribute is the cause,
the predicate's verb phrase names the outcome, and a ratio is not named by its denominator.
Planner only: no tool runs. The tables here are not the benchmark's."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.columns import match_column
from copilot.agents.group_comparison import as_effect_question, other_comparison
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.test_offline_planner import TOOLS, col

FLEET = {
    "id": "fleet",
    "name": "fleet",
    "source": "fleet.csv",
    "n": 1200,
    "p": 10,
    "columns": [
        col("truck_id", "id", 1200),
        col("depot", "categorical", 3),
        col("truck_age_yrs", "continuous"),
        col("driver_exp_yrs", "continuous"),
        col("eco_training", "binary", 2),
        col("n_stops", "discrete", 30),
        col("idle_min", "continuous"),
        col("ontime_pct", "continuous"),
        col("breakdowns", "discrete", 8),
        col("fuel_cost_usd", "continuous"),
    ],
    "notes": [],
}
LENDERS = {
    "id": "lend",
    "name": "lend",
    "source": "lend.csv",
    "n": 900,
    "p": 5,
    "columns": [
        col("annual_income_k", "continuous"),
        col("debt_to_income", "continuous"),
        col("help_line_calls", "discrete", 10),
        col("late_fee_usd", "continuous"),
        col("autopay", "binary", 2),
    ],
    "notes": [],
}


def ask(question: str, table: dict[str, Any] = FLEET) -> AIMessage:
    state = {"datasets": {table["id"]: table}, "models": {}}
    return next_message([system_message(state), HumanMessage(question)], TOOLS)


CASES = [
    # an adjective before a group noun names the cause, a verb phrase the outcome
    ("do older trucks stand idle more?", FLEET, "truck_age_yrs", "idle_min"),
    # a relative clause names the cause, "run on time" the share on time
    (
        "do drivers who got eco training run on time more often?",
        FLEET,
        "eco_training",
        "ontime_pct",
    ),
    # "how many more Y do <group> have"
    ("how many more breakdowns do older trucks have?", FLEET, "truck_age_yrs", "breakdowns"),
    # a unit added first: a count of it is the cause
    ("each extra stop: how many more minutes idle?", FLEET, "n_stops", "idle_min"),
    # the group named first, then "do they"
    (
        "borrowers who earn more, do they ring the helpline less?",
        LENDERS,
        "annual_income_k",
        "help_line_calls",
    ),
    # a clause whose verb only says who has the attribute
    (
        "do drivers who went through eco training break down less?",
        FLEET,
        "eco_training",
        "breakdowns",
    ),
    # a with-phrase whose end no verb list knows ("idle" is no verb): every split is tried
    ("do trucks with more stops idle longer?", FLEET, "n_stops", "idle_min"),
    # "running late" is the on-time share said from the other side
    ("do drivers with more experience run late less often?", FLEET, "driver_exp_yrs", "ontime_pct"),
    # the rows with more of X, then a question on Y
    ("on days with more stops, do the trucks idle longer?", FLEET, "n_stops", "idle_min"),
    # what a group pays, said with the amount's word
    ("do borrowers on autopay pay less in late fees?", LENDERS, "autopay", "late_fee_usd"),
]


@pytest.mark.parametrize(("question", "table", "treatment", "outcome"), CASES)
def test_comparative_questions_name_cause_and_outcome(
    question: str, table: dict[str, Any], treatment: str, outcome: str
) -> None:
    msg = ask(question, table)
    assert msg.tool_calls, msg.content
    call = msg.tool_calls[0]
    assert call["name"] == "estimate_effect"
    assert call["args"]["treatment"] == treatment
    assert call["args"]["outcome"] == outcome


@pytest.mark.parametrize(
    "question",
    [
        # the group gains from something: a subgroup question, not a group compared
        "do single parents get more out of the childcare subsidy?",
        "does the subsidy help single parents more when it comes to employment?",
        # a verb phrase before the noun is no attribute of a group
        "does running the lines faster screw up the defect rate",
        # no comparison said
        "do customers churn?",
    ],
)
def test_other_questions_are_not_read_as_group_comparisons(question: str) -> None:
    assert as_effect_question(question.lower()) is None


def test_condition_with_comparative_adjective_names_the_cause() -> None:
    assert other_comparison("when it is windier, does the spot price come down?") == (
        "does wind affect spot price?"
    )


def test_ratio_is_not_named_by_its_denominator() -> None:
    # "earn" says income: annual_income_k, not the ratio debt_to_income
    assert match_column("earn", [c["name"] for c in LENDERS["columns"]]).column == "annual_income_k"
    # the ratio's own word still names it
    assert match_column("debt", [c["name"] for c in LENDERS["columns"]]).column == "debt_to_income"


TRIAL = {
    "id": "trial",
    "name": "trial",
    "source": "trial.csv",
    "n": 600,
    "p": 4,
    "columns": [
        col("age_yrs", "continuous"),
        col("device_used", "binary", 2),
        col("fall_events", "discrete", 6),
        col("adverse_evt", "binary", 2),
    ],
    "notes": [],
}


def test_word_spelt_by_one_name_and_abbreviated_by_another_is_asked_about() -> None:
    msg = ask("do older patients have more events?", TRIAL)
    assert not msg.tool_calls
    assert "fall_events" in msg.content and "adverse_evt" in msg.content and "?" in msg.content


def test_group_compared_after_a_context_sentence() -> None:
    msg = ask("We ran the fleet for a year. do drivers who got eco training idle less?")
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("eco_training", "idle_min")


def test_comparative_without_auxiliary_is_read_as_a_question() -> None:
    msg = ask("older patient fall more often?", TRIAL)
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("age_yrs", "fall_events")


SHOPS = {
    "id": "shops",
    "name": "shops",
    "source": "shops.csv",
    "n": 400,
    "p": 4,
    "columns": [
        col("staff_count", "discrete", 20),
        col("weekly_revenue_k", "continuous"),
        col("severity_score", "continuous"),
        col("cost_usd", "continuous"),
    ],
    "notes": [],
}


@pytest.mark.parametrize(
    ("question", "treatment", "outcome"),
    [
        # selling is the revenue
        ("do shops with more staff sell more per week?", "staff_count", "weekly_revenue_k"),
        # "cost <the payer> more" is the cost
        ("do more severe cases cost the clinic more?", "severity_score", "cost_usd"),
    ],
)
def test_verbs_for_money_and_comparative_adjectives(
    question: str, treatment: str, outcome: str
) -> None:
    msg = ask(question, SHOPS)
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == (treatment, outcome)
