"""The offline planner reads yes/no questions said with verbs ("does X make Y go up", "would X
bring Y down", "is Y higher when pupils get X", "who went to X end up ...") and subgroup
wordings ("G-specific effects", "equally well in every G", "each G separately", "differently
depending on G", "X vs Y, split by G", "better for some G than others", "which G see the biggest
rise in Y from X"). Planner only: no tool runs. The schools table here is not the benchmark's."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.intents import parse_question
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.test_offline_planner import TOOLS, col

SCHOOLS = {
    "id": "schools",
    "name": "schools",
    "source": "schools.csv",
    "n": 1500,
    "p": 11,
    "columns": [
        col("school_id", "id", 1500),
        col("region", "categorical", 4),
        col("school_type", "categorical", 3),
        col("class_size", "continuous"),
        col("teacher_exp_yrs", "continuous"),
        col("free_meals", "binary", 2),
        col("mentoring", "binary", 2),
        col("attendance_pct", "continuous"),
        col("test_score", "continuous"),
        col("lunch_spend", "continuous"),
        col("trip_spend", "continuous"),
    ],
    "notes": [],
}


def ask(question: str) -> AIMessage:
    state = {"datasets": {"schools": SCHOOLS}, "models": {}}
    return next_message([system_message(state), HumanMessage(question)], TOOLS)


def eff(t: str, y: str, **extra: Any) -> dict[str, Any]:
    return {"dataset": "schools", "treatment": t, "outcome": y, **extra}


CASES = [
    # causatives that move the outcome
    ("does mentoring make test scores go up?", eff("mentoring", "test_score")),
    ("would free meals bring attendance up", eff("free_meals", "attendance_pct")),
    # the condition's verb only says who has the treatment
    ("Is attendance higher when pupils get free meals?", eff("free_meals", "attendance_pct")),
    # a condition that is only a verb names the treatment by the verb
    ("are test scores higher when teachers mentor?", eff("mentoring", "test_score")),
    (
        "do pupils who went to mentoring end up with higher test scores?",
        eff("mentoring", "test_score"),
    ),
    # "per lunch" after "more" is the rate the outcome is measured in, not a subgroup
    (
        "do free meals make families spend more per lunch?",
        eff("free_meals", "lunch_spend"),
    ),
    # a degree word after a relative clause's verb: the verb names the treatment
    ("do teachers who mentor more end up with higher test scores?", eff("mentoring", "test_score")),
    # subgroups
    (
        "does mentoring help some regions more than others for test scores?",
        eff("mentoring", "test_score", by="region"),
    ),
    (
        "mentoring and attendance, region-specific effects",
        eff("mentoring", "attendance_pct", by="region"),
    ),
    (
        "region-specific effects of mentoring on test scores",
        eff("mentoring", "test_score", by="region"),
    ),
    (
        "does mentoring work equally well in every school type for the test score?",
        eff("mentoring", "test_score", by="school_type"),
    ),
    (
        "mentoring effect on attendance, each region separately",
        eff("mentoring", "attendance_pct", by="region"),
    ),
    (
        "mentoring vs test score, split by school type",
        eff("mentoring", "test_score", by="school_type"),
    ),
    (
        "Is mentoring better for some regions than others, for test scores?",
        eff("mentoring", "test_score", by="region"),
    ),
    (
        "which regions see the biggest rise in test scores from mentoring?",
        eff("mentoring", "test_score", by="region"),
    ),
    (
        "Does mentoring change test scores differently depending on the school type?",
        eff("mentoring", "test_score", by="school_type"),
    ),
    (
        "does the effect of mentoring on test scores vary from one region to another?",
        eff("mentoring", "test_score", by="region"),
    ),
    (
        "does class size hit test scores harder in some regions?",
        eff("class_size", "test_score", by="region"),
    ),
    (
        "mentoring and attendance: any heterogeneity by school type?",
        eff("mentoring", "attendance_pct", by="school_type"),
    ),
]


@pytest.mark.parametrize(("question", "args"), CASES, ids=[q for q, _ in CASES])
def test_verbs_and_subgroups_reach_the_call(question: str, args: dict[str, Any]) -> None:
    msg = ask(question)
    assert msg.tool_calls, f"no tool call; replied: {msg.content}"
    call = msg.tool_calls[0]
    assert call["name"] == "estimate_effect"
    got = {k: v for k, v in call["args"].items() if k in args}
    assert got == args
    if "by" not in args:
        assert not call["args"].get("by")


def test_missing_fewer_is_an_outcome_said_with_a_verb_not_missing_values() -> None:
    it = parse_question("do pupils who got mentoring end up missing fewer classes?")
    assert it.kind == "effect" and not it.missing
    # a plain missing-values question still is one
    assert parse_question("any missing values in attendance?").missing


def test_an_outcome_said_with_work_more_names_no_subgroup() -> None:
    it = parse_question("does mentoring make teachers work more hours?")
    assert it.kind == "effect" and it.by is None and it.outcome == "work more hours"


def test_a_degree_word_after_a_relative_clause_verb_is_not_the_treatment() -> None:
    it = parse_question("do pupils who revise more end up failing less?")
    assert it.kind == "effect" and it.treatment == "revise"


def test_an_equal_effect_word_is_not_part_of_the_outcome() -> None:
    it = parse_question("does mentoring raise attendance equally at all schools types?")
    assert it.outcome == "attendance" and it.by == "schools types"


def test_an_equal_effect_word_without_groups_names_no_subgroup() -> None:
    # "equally" alone, with no group after "every/each/all", leaves the effect whole
    assert parse_question("does mentoring raise test scores equally?").by is None
