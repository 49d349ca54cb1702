"""The offline planner reads subgroups said without their column: a level said by an everyday
synonym ("the urban cafes" when the level is `city`), groups said through a word for kinds ("the
kinds of area we have") and groups said only as groups, whose column a later sentence names or a
question back asks for. Planner only: no tool runs. The cafes table here is not the benchmark's."""

from __future__ import annotations

import re

from copilot.agents.levels import level_pattern
from tests.planner_kit import col, plan, profile, turn

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
