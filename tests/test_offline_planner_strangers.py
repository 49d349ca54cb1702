"""The offline planner reads long and second-person questions as strangers write them: context
sentences before the request, "you should ..."/"I'd like you to ..." requests, pronouns that point
back ("use it as an instrument", "controlling for those two", "what would that do"), options said
in words ("a thousand resamples", "one percent", "keeping age fixed", "weight by the inverse
propensity"), variables said in other words ("working extra hours" for OverTime), mechanisms and
probing said in plain words. Planner only: no tool runs. The gym table here is not the
benchmark's."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.columns import match_column
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import MODEL
from tests.test_offline_planner import TOOLS, col

GYM = {
    "id": "gym",
    "name": "gym",
    "source": "gym.csv",
    "n": 2000,
    "p": 10,
    "columns": [
        col("member_id", "id", 2000),
        col("Age", "continuous"),
        col("personal_trainer", "binary", 2),
        col("on_medication", "binary", 2),
        col("pain_level", "continuous"),
        col("weekly_visits", "continuous"),
        col("commute_km", "continuous"),
        col("satisfaction", "continuous"),
        col("branch", "categorical", 3),
        col("churned", "binary", 2),
    ],
    "notes": [
        "not analysed: column 'member_id' looks like an id (a different whole number in every row)",
    ],
}


def ask(question: str) -> AIMessage:
    state = {"datasets": {"gym": GYM}, "models": {"demo": MODEL}}
    return next_message([system_message(state), HumanMessage(question)], TOOLS)


def call_of(msg: AIMessage) -> tuple[str, dict[str, Any]]:
    assert msg.tool_calls, f"no tool call; replied: {msg.content}"
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


def eff(t: str, y: str, **extra: Any) -> tuple[str, dict[str, Any]]:
    return "estimate_effect", {"dataset": "gym", "treatment": t, "outcome": y, **extra}


def probe(tool: str, **args: Any) -> tuple[str, dict[str, Any]]:
    return tool, {"model": "demo", **args}


CASES = [
    # "medication" is a word of a column, not a misspelt "mediation"
    (
        "Could you tell me how much the medication changes the pain level?",
        eff("on_medication", "pain_level"),
    ),
    # "you should ...", a causative verb ("pushes members to cancel"), a leading verb
    (
        "you should estimate how much having a personal trainer pushes members to cancel",
        eff("personal_trainer", "churned"),
    ),
    # sizes of options in words
    (
        "the effect of the personal trainer on churn with a thousand bootstrap resamples",
        eff("personal_trainer", "churned", n_boot=1000),
    ),
    (
        "I'd like you to learn the causal graph at a significance level of five percent",
        ("discover", {"dataset": "gym", "algorithm": "auto", "alpha": 0.05}),
    ),
    # context sentences before a request to "you" that names its whole analysis
    (
        "Our branches differ a lot, and the manager of the north branch swears trainers work "
        "better there. I'd like you to check whether the trainer's effect on churn differs by "
        "branch.",
        eff("personal_trainer", "churned", by="branch"),
    ),
    # pronouns that point back
    (
        "Our analyst says age and commute distance confound everything. Could you estimate the "
        "effect of weekly visits on satisfaction, controlling for those two?",
        eff("weekly_visits", "satisfaction", common_causes=["Age", "commute_km"]),
    ),
    (
        "The city plans a new tram line that would cut commutes in half. Before we plan, could "
        "you tell me what that would do to weekly visits?",
        eff("commute_km", "weekly_visits", focus="what_if", what_if={"op": "scale", "value": 0.5}),
    ),
    (
        "you should tell me how many more visits a week we would get if every member had a "
        "personal trainer",
        eff(
            "personal_trainer",
            "weekly_visits",
            focus="what_if",
            what_if={"op": "set", "value": 1.0},
        ),
    ),
    # options in words
    (
        "the effect of commute distance on weekly visits, keeping age fixed",
        eff("commute_km", "weekly_visits", common_causes=["Age"]),
    ),
    (
        "Could you weight members by their inverse propensity to estimate the trainer effect on "
        "churn?",
        eff("personal_trainer", "churned", method="weighting"),
    ),
    (
        "I'd like you to check if the answer for the trainer's effect on churn changes when you "
        "use weighting instead of matching.",
        eff("personal_trainer", "churned", methods=["weighting", "matching"]),
    ),
    (
        "you should check whether something else explains the relation between weekly visits "
        "and churn",
        eff("weekly_visits", "churned", focus="confounding"),
    ),
    # mechanisms said in plain words
    (
        "Would you split how commute distance affects churn into the part through weekly visits "
        "and the rest?",
        eff("commute_km", "churned", mediator="weekly_visits"),
    ),
    (
        "Does the trainer cut churn because members like the gym more? Take satisfaction as the "
        "channel and tell me how much goes through it.",
        eff("personal_trainer", "churned", mediator="satisfaction"),
    ),
    # a subgroup said as "with and without", an effect said as "its effect" after "For X,"
    (
        "For the personal trainer, I'd want to see its effect on churn separately for members "
        "with and without medication.",
        eff("personal_trainer", "churned", by="on_medication"),
    ),
    # the outcome asked last, in the non-native order; an effect said as what X "saves"
    (
        "if we give to each member 2 visits more a week, the satisfaction goes up how much?",
        eff("weekly_visits", "satisfaction", focus="what_if", what_if={"op": "add", "value": 2.0}),
    ),
    (
        "Could you tell me how many points of pain level the medication saves?",
        eff("on_medication", "pain_level"),
    ),
    # probing said in plain words
    (
        "Could you score every head on how much it looks at the previous token?",
        probe("head_scores", score="previous_token"),
    ),
    (
        "Could you tell me which heads are induction heads from their attention patterns, "
        "without ablating anything?",
        probe("head_scores", score="induction"),
    ),
    (
        "Please replace each head's output by its mean, one at a time, and measure recall "
        "accuracy.",
        probe("head_ablation", behaviour="recall", method="mean", metric="accuracy"),
    ),
]


@pytest.mark.parametrize(("question", "expected"), CASES, ids=[q for q, _ in CASES])
def test_question_gives_the_call(question: str, expected: tuple[str, dict[str, Any]]) -> None:
    assert call_of(ask(question)) == expected


@pytest.mark.parametrize(
    ("phrase", "columns", "column"),
    [
        # a name of joined words said as one word, and a verb before the variable
        ("working extra hours", ["OverTime", "training_hrs", "Attrition"], "OverTime"),
        ("giving students a personal tutor", ["tutor_assigned", "final_score"], "tutor_assigned"),
        ("store size", ["floor_area_m2", "location", "staff_count"], "floor_area_m2"),
        # units said in words name the column measured in them
        ("tonnes per hectare", ["yield_t_ha", "rainfall_mm", "fert_kg_ha"], "yield_t_ha"),
        ("kilograms per hectare", ["yield_t_ha", "rainfall_mm", "fert_kg_ha"], "fert_kg_ha"),
    ],
)
def test_phrase_names_the_column(phrase: str, columns: list[str], column: str) -> None:
    assert match_column(phrase, columns).column == column


def test_a_joined_name_is_not_matched_by_a_prefix() -> None:
    m = match_column("machines vibrate", ["MachineAge", "vibration", "downtime_min"])
    assert m.column == "vibration"
