"""The offline planner reads requests to the assistant written as long, polite messages: context
sentences about the asker's job or a disagreement before "could you tell me ...", a short name
for something said in full before ("the vest" after "an exoskeleton vest"), an indirect question
of confounding ("check whether Z confounds the X effect on Y"), a gerund after "would you mind",
"help me understand ..." and "if that makes sense". Planner only: no tool runs. The warehouse
table here is made up for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.planner_kit import col, plan, profile, turn

WAREHOUSE = profile(
    "warehouse",
    3000,
    col("shift_id", "id", 3000),
    col("site", "categorical", 3),
    col("tenure_yrs", "continuous"),
    col("forklift_training", "binary", 2),
    col("exoskeleton", "binary", 2),
    col("overtime_hrs", "continuous"),
    col("fatigue_score", "continuous"),
    col("pick_rate", "continuous"),
    col("error_rate", "continuous"),
    col("injury", "binary", 2),
)


def call(question: str, history: list[Any] = ()) -> tuple[str, dict[str, Any]]:
    msg = plan(question, [WAREHOUSE], history=history)
    assert msg.tool_calls, f"no tool call; replied: {msg.content}"
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


def eff(t: str, y: str, **extra: Any) -> tuple[str, dict[str, Any]]:
    return "estimate_effect", {"dataset": "warehouse", "treatment": t, "outcome": y, **extra}


CASES = [
    # the context's people are no variables: the request to "you" alone names the analysis
    (
        "The union rep and the site lead argue about it: one says overtime wears people out, the "
        "other says it makes no difference. Could you tell me how much an extra hour of overtime "
        "changes the error rate?",
        eff("overtime_hrs", "error_rate"),
    ),
    # "the vest" is the exoskeleton vest of the sentence before
    (
        "Some pickers now wear an exoskeleton vest. Could you check how much of the vest's effect "
        "on injuries goes through fatigue?",
        eff("exoskeleton", "injury", mediator="fatigue_score"),
    ),
    # an indirect question of confounding: the suspected confounder's clause ends at its verb
    (
        "Could you check whether being at a bigger site confounds the forklift training effect "
        "on injuries?",
        eff("forklift_training", "injury", focus="confounding", common_causes=["site"]),
    ),
    (
        "Could you please check whether having a longer tenure confounds the overtime effect on "
        "errors?",
        eff("overtime_hrs", "error_rate", focus="confounding", common_causes=["tenure_yrs"]),
    ),
    # "help me understand why ...": the indirect "why" asks for the causes
    (
        "Help me understand why some shifts have more injuries, if that makes sense.",
        ("discover", {"dataset": "warehouse", "algorithm": "auto", "target": "injury"}),
    ),
]


@pytest.mark.parametrize(("question", "expected"), CASES, ids=[q[:60] for q, _ in CASES])
def test_request_gives_the_call(question: str, expected: tuple[str, dict[str, Any]]) -> None:
    assert call(question) == expected


def test_would_you_mind_doing_the_same_is_a_follow_up() -> None:
    history = turn(
        "what is the effect of forklift training on the pick rate?",
        "estimate_effect",
        {"dataset": "warehouse", "treatment": "forklift_training", "outcome": "pick_rate"},
    )
    got = call("Great, thanks. Would you mind doing the same for the error rate?", history)
    assert got == eff("forklift_training", "error_rate")


def test_what_analyses_you_can_run_is_answered_in_words() -> None:
    # the indirect question's word order: "what kinds of analyses you can run"
    msg = plan("I'd like to know what kinds of analyses you can run on this table.", [WAREHOUSE])
    assert not msg.tool_calls
    assert msg.content.startswith("I can describe a dataset")


SCENARIOS = [
    # a question, then a request that only points back to it ("Could you estimate that?")
    (
        "We're planning next year's safety budget. If we gave forklift training to every picker, "
        "how would injuries change? Could you estimate that for me?",
        eff("forklift_training", "injury", focus="what_if", what_if={"op": "set", "value": 1.0}),
    ),
    # a small amount in words after a verb of adding; the scope is no part of the treatment
    (
        "If we added two overtime hours everywhere, what happens to the error rate? I'd like you "
        "to estimate it.",
        eff("overtime_hrs", "error_rate", focus="what_if", what_if={"op": "add", "value": 2.0}),
    ),
    # taking everyone off something: nobody on it
    (
        "Could you tell me what would happen to injuries if we took every picker off the "
        "exoskeleton?",
        eff("exoskeleton", "injury", focus="what_if", what_if={"op": "set", "value": 0.0}),
    ),
]


@pytest.mark.parametrize(("question", "expected"), SCENARIOS, ids=[q[:60] for q, _ in SCENARIOS])
def test_scenario_request_gives_the_what_if(
    question: str, expected: tuple[str, dict[str, Any]]
) -> None:
    assert call(question) == expected


SLOTS = [
    # two suspected confounders: the plural verb ends their clause
    (
        "Could you check whether tenure and site confound the overtime effect on errors?",
        eff(
            "overtime_hrs",
            "error_rate",
            focus="confounding",
            common_causes=["tenure_yrs", "site"],
        ),
    ),
    # a refusal to adjust names no control
    (
        "Please estimate the exoskeleton effect on injuries, but don't adjust for anything, the "
        "safety board wants the raw comparison.",
        eff("exoskeleton", "injury"),
    ),
    # the indirect "how Y respond to X": what responds is the outcome
    (
        "Could you tell me how error rates respond to overtime?",
        eff("overtime_hrs", "error_rate"),
    ),
    # controls said first, the request's own clause after them
    (
        "Could you use tenure and site as controls when estimating the exoskeleton's effect on "
        "injuries?",
        eff("exoskeleton", "injury", common_causes=["tenure_yrs", "site"]),
    ),
    # the groups compared are no control besides
    (
        "Would you mind estimating the effect of overtime on errors using the three sites as "
        "subgroups?",
        eff("overtime_hrs", "error_rate", by="site"),
    ),
]


@pytest.mark.parametrize(("question", "expected"), SLOTS, ids=[q[:60] for q, _ in SLOTS])
def test_request_keeps_every_slot_in_its_role(
    question: str, expected: tuple[str, dict[str, Any]]
) -> None:
    assert call(question) == expected


def test_would_you_mind_describing_describes() -> None:
    got = call("Would you mind describing the warehouse table for me? I've never opened it.")
    assert got == ("describe", {"dataset": "warehouse"})
