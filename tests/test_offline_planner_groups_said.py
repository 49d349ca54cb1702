"""The offline planner reads subgroups said without their column: a level said by an everyday
synonym ("the urban cafes" when the level is `city`), groups said through a word for kinds ("the
kinds of area we have") and groups said only as groups, whose column a later sentence names or a
question back asks for. Planner only: no tool runs. The cafes table here is not the benchmark's."""

from __future__ import annotations

import re

from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.levels import level_pattern
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import TOOLS, col, plan, profile, turn

CAFES = {
    **profile(
        "cafes",
        900,
        col("cafe_id", "id", 900),
        col("area", "categorical", 3),
        col("membership", "categorical", 3),
        col("seats", "discrete", 40),
        col("loyalty_card", "binary", 2),
        col("spend_eur", "continuous"),
        col("visits_wk", "continuous"),
    ),
    "notes": [
        "encoded categorical column 'area' as integer codes (city=0, coast=1, rural=2)",
        "encoded categorical column 'membership' as integer codes (basic=0, gold=1, silver=2)",
    ],
}
EFFECT = {"dataset": "cafes", "treatment": "loyalty_card", "outcome": "spend_eur"}


def call(question: str, history: list = ()) -> dict:
    msg = plan(question, [CAFES], history=history)
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["args"]


def test_a_level_said_by_a_synonym_in_a_follow_up_splits_by_its_column() -> None:
    before = turn("effect of the loyalty card on spend", "estimate_effect", EFFECT)
    assert call("Does this hold in the urban cafes too?", before) == {**EFFECT, "by": "area"}


def test_a_level_said_by_a_synonym_in_a_first_question() -> None:
    got = call("does the loyalty card raise spend in metropolitan cafes?")
    assert got == {**EFFECT, "by": "area"}


def test_a_synonym_said_as_a_possessive_names_no_group() -> None:
    got = call("I work for the city's tourism office. What does the loyalty card do to spend?")
    assert got == EFFECT


def test_a_synonym_that_another_level_of_the_column_spells_is_not_read() -> None:
    pat = level_pattern("city", ["city", "metro", "rural"])
    assert not re.search(pat, "the metro cafes", re.I)
    assert re.search(level_pattern("city", ["city", "rural"]), "the metro cafes", re.I)


def test_kinds_of_a_column_name_the_column() -> None:
    got = call("Is the loyalty card's effect on spend different across the kinds of area we have?")
    assert got == {**EFFECT, "by": "area"}


def test_groups_said_only_as_groups_take_the_column_a_later_sentence_names() -> None:
    got = call(
        "Is the effect of the loyalty card on spend different across groups of customers? "
        "I'm thinking of their membership."
    )
    assert got == {**EFFECT, "by": "membership"}


def test_groups_said_only_as_groups_are_asked_back_with_the_candidates() -> None:
    msg = plan(
        "Is the effect of the loyalty card on spend different across groups of customers?", [CAFES]
    )
    assert not msg.tool_calls
    assert "area" in msg.content and "membership" in msg.content and "?" in msg.content


def test_a_level_compared_with_the_others_splits_by_its_column() -> None:
    got = call("does the loyalty card raise the spend of gold members as much as the others?")
    assert got == {**EFFECT, "by": "membership"}
    got = call(
        "I'd like you to check whether the loyalty card helps rural cafes' spend more than the rest."
    )
    assert got == {**EFFECT, "by": "area"}


def test_kinds_of_the_rows_are_asked_back_with_the_candidates() -> None:
    msg = plan("does the loyalty card's effect on spend differ across kinds of cafe?", [CAFES])
    assert not msg.tool_calls
    assert "area" in msg.content and "membership" in msg.content and "?" in msg.content


def test_groups_in_a_follow_up_are_asked_back_and_a_word_of_a_name_answers() -> None:
    table = {
        **CAFES,
        "columns": [
            c if c["name"] != "membership" else col("member_tier", "categorical", 3)
            for c in CAFES["columns"]
        ],
        "notes": [n.replace("'membership'", "'member_tier'") for n in CAFES["notes"]],
    }
    state = {"datasets": {"cafes": table}, "models": {}}
    first = [
        system_message(state),
        *turn("effect of the loyalty card on spend", "estimate_effect", EFFECT),
        HumanMessage("Is it different across groups of customers?"),
    ]
    msg = next_message(first, TOOLS)
    assert not msg.tool_calls and "member_tier" in msg.content and "area" in msg.content
    reply = next_message([*first, AIMessage(msg.content), HumanMessage("tier")], TOOLS)
    assert reply.tool_calls[0]["args"] == {**EFFECT, "by": "member_tier"}


def test_working_differently_in_one_group_asks_the_outcome_and_keeps_the_group() -> None:
    state = {"datasets": {"cafes": CAFES}, "models": {}}
    first = [
        system_message(state),
        HumanMessage("does the loyalty card work differently in the rural area?"),
    ]
    msg = next_message(first, TOOLS)
    assert not msg.tool_calls and "outcome" in msg.content
    reply = next_message([*first, AIMessage(msg.content), HumanMessage("spend")], TOOLS)
    assert reply.tool_calls[0]["args"] == {**EFFECT, "by": "area"}


def test_a_group_said_after_the_outcome_is_the_subgroups_not_the_outcome() -> None:
    got = call(
        "Could you take a look at whether the loyalty card works differently on spend in the "
        "rural area?"
    )
    assert got == {**EFFECT, "by": "area"}


def test_rows_said_by_what_they_have_in_a_follow_up_split_by_that_yes_no_column() -> None:
    table = {**CAFES, "columns": [*CAFES["columns"], col("rival_nearby", "binary", 2)]}
    state = {"datasets": {"cafes": table}, "models": {}}
    for q in (
        "Do you see the same in cafes that have a rival nearby?",
        "Is it the same for cafes with a rival close by?",
    ):
        msgs = [
            system_message(state),
            *turn("effect of the loyalty card on spend", "estimate_effect", EFFECT),
            HumanMessage(q),
        ]
        msg = next_message(msgs, TOOLS)
        assert msg.tool_calls and msg.tool_calls[0]["args"] == {**EFFECT, "by": "rival_nearby"}, q
