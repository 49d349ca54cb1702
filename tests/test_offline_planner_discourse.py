"""The offline planner on requests that lean on their context or say variables with verbs: a
request that only points back to the sentences before it, subgroup questions asked with
"which"/"who", yes/no questions whose variables are said with verbs, and non-native grammar.
Asked about a table the planner's rules were not written for (a gym's members)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents import discourse
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import col

TOOLS = ["describe", "discover", "estimate_effect"]


GYM = {
    "id": "gym",
    "name": "gym",
    "source": "gym.csv",
    "n": 1200,
    "p": 9,
    "columns": [
        col("member_id", "id", 1200),
        col("plan_type", "categorical", 3),
        col("age_yrs", "continuous"),
        col("distance_km", "continuous"),
        col("coaching", "binary", 2),
        col("sessions_per_week", "continuous"),
        col("weight_loss_kg", "continuous"),
        col("monthly_fee", "continuous"),
        col("churned", "binary", 2),
    ],
}


def ask(question: str) -> AIMessage:
    state = {"datasets": {"gym": {**GYM, "current": True}}, "models": {}}
    return next_message([system_message(state), HumanMessage(question)], TOOLS)


def effect(**args: Any) -> dict[str, Any]:
    return {"dataset": "gym", **args}


CASES = [
    # a request that only points back to the variables of the sentences before it
    (
        "Members who took coaching lost more weight. How big is its effect on weight loss?",
        effect(treatment="coaching", outcome="weight_loss_kg"),
    ),
    (
        "Coached members lose more weight, and they also come more often. How much of that runs "
        "through sessions per week?",
        effect(treatment="coaching", outcome="weight_loss_kg", mediator="sessions_per_week"),
    ),
    (
        "Members further away churn more, we think. What is the effect, really?",
        effect(treatment="distance_km", outcome="churned"),
    ),
    (
        # the last sentence only asks for what the one before describes; "it" is its subject
        "We run a personal coaching programme for new members. I need to know how it changes "
        "the weight loss. Could you estimate that for me?",
        effect(treatment="coaching", outcome="weight_loss_kg"),
    ),
    # subgroup questions asked with "which" / "who"
    (
        "for which plan types does coaching work best on weight loss?",
        effect(treatment="coaching", outcome="weight_loss_kg", by="plan_type"),
    ),
    (
        "Which plan type is most affected by coaching when it comes to weight loss?",
        effect(treatment="coaching", outcome="weight_loss_kg", by="plan_type"),
    ),
    (
        "does coaching help weight loss, in which plan type?",
        effect(treatment="coaching", outcome="weight_loss_kg", by="plan_type"),
    ),
    # variables said with verbs
    (
        "Do members who live far from the gym cancel more often?",
        effect(treatment="distance_km", outcome="churned"),
    ),
    # non-native grammar
    (
        "how much the coaching is making weight loss, estimate with controlling age",
        effect(treatment="coaching", outcome="weight_loss_kg", common_causes=["age_yrs"]),
    ),
    (
        "is mediate by sessions per week, the coaching effect to weight loss?",
        effect(treatment="coaching", outcome="weight_loss_kg", mediator="sessions_per_week"),
    ),
]


@pytest.mark.parametrize(("question", "args"), CASES)
def test_reads_the_question(question: str, args: dict[str, Any]) -> None:
    msg = ask(question)
    assert msg.tool_calls, msg.content
    call = msg.tool_calls[0]
    assert call["name"] == "estimate_effect"
    got = {k: v for k, v in call["args"].items() if k in args}
    assert got == args


def test_the_reply_says_how_the_pointer_was_read() -> None:
    msg = ask("Members who took coaching lost more weight. How big is its effect on weight loss?")
    assert "'coaching'" in msg.content and "before" in msg.content


def test_a_pointer_to_nothing_named_carries_nothing() -> None:
    # the context names no column: the request is read (and answered) on its own
    msg = ask("It was a long year for the whole team. What is its effect?")
    assert not msg.tool_calls


def test_carried_needs_a_context_sentence_and_a_pointer() -> None:
    assert discourse.carried("What is the effect of coaching on churned?", GYM) is None
    assert discourse.carried("Coaching is popular. Describe the data.", GYM) is None
    # a setting said in the context would be lost with it: no carried reading
    said = "Coaching is popular, and we prefer matching. How big is its effect on churn?"
    assert discourse.carried(said, GYM) is None
    text, cols = discourse.carried("Coaching is popular. How big is its effect on churn?", GYM)
    assert cols == ["coaching"] and "the effect of coaching" in text


def test_context_columns_skip_a_word_that_only_modifies_the_next() -> None:
    # "personal coaching": no column; "plan coaching" names coaching only, not plan_type
    assert discourse.context_columns("We sell a plan coaching package.", GYM, ()) == ["coaching"]
    # two columns side by side, each named: both are kept, in order
    got = discourse.context_columns("Members with coaching churn less.", GYM, ())
    assert got == ["coaching", "churned"]


def test_a_subject_pointer_takes_the_context_variable() -> None:
    text, cols = discourse.carried(
        "Coaching was offered to everyone. I need to know how it changes weight loss. "
        "Could you estimate that for me?",
        GYM,
    )
    assert cols == ["coaching"] and text.startswith("I need to know how coaching changes")


def test_two_column_question_needs_exactly_two_columns() -> None:
    assert discourse.two_column_question("Do members who earn more come more often?", GYM) is None
    text, cols = discourse.two_column_question("Do older members churn more?", GYM)
    assert cols == ["age_yrs", "churned"]
    # words that only resemble a column loosely do not count ("volume" is no size column)
    assert discourse.two_column_question("does the music volume matter?", GYM) is None
    # an option the plain reading would leave out: no reading (the question is not understood,
    # and the answer says so, rather than an estimate without the option)
    assert (
        discourse.two_column_question("Do older members churn more, using matching?", GYM) is None
    )
    assert discourse.two_column_question("Do older members churn more by plan?", GYM) is None
