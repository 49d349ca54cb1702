"""The offline planner on the slips of learners and hurried writers that leave the question's
meaning whole: a yes/no question said in the order of a statement without its "do", an effect
counted in the plural ("the card's effects on ..."), and "+" said for "and" between words. On a
table the rules were not written for. Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.agents.learner_english import with_auxiliary
from tests.planner_kit import col, plan, profile

TOOLS = ["describe", "discover", "estimate_effect"]

BAKERIES = profile(
    "bakeries",
    700,
    col("bakery_id", "id", 700),
    col("district", "categorical", 5),
    col("oven_age_yrs", "continuous"),
    col("loyalty_card", "binary", 2),
    col("repeat_buyers", "continuous"),
    col("loaves_sold", "continuous"),
    col("flour_waste_kg", "continuous"),
)


def call(question: str) -> tuple[str, dict[str, Any]]:
    msg = plan(question, [BAKERIES], tools=TOOLS)
    assert msg.tool_calls, msg.content
    c = msg.tool_calls[0]
    return c["name"], {k: v for k, v in c["args"].items() if k != "dataset"}


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # a yes/no question without its "do"/"does", with and without its question mark
        (
            "bakeries with a loyalty card sell more loaves?",
            {"treatment": "loyalty_card", "outcome": "loaves_sold"},
        ),
        (
            "bakeries with old ovens waste more flour",
            {"treatment": "oven_age_yrs", "outcome": "flour_waste_kg"},
        ),
        # (one whose "do" reading is itself read again: "older ovens" as the oven age; "do
        # worse" is the verb, not its auxiliary)
        (
            "older ovens waste more flour?",
            {"treatment": "oven_age_yrs", "outcome": "flour_waste_kg"},
        ),
        (
            "bakeries with older ovens do worse on loaves sold?",
            {"treatment": "oven_age_yrs", "outcome": "loaves_sold"},
        ),
        # an effect in the plural, of one treatment on one outcome
        (
            "what share of the loyalty card's effects on loaves sold goes through repeat buyers?",
            {"treatment": "loyalty_card", "outcome": "loaves_sold", "mediator": "repeat_buyers"},
        ),
        (
            "is the loyalty card effects on loaves sold different in each district?",
            {"treatment": "loyalty_card", "outcome": "loaves_sold", "by": "district"},
        ),
        # "+" for "and" between the names of a list
        (
            "split the loyalty card effect on loaves sold into the part via repeat buyers + the rest",
            {"treatment": "loyalty_card", "outcome": "loaves_sold", "mediator": "repeat_buyers"},
        ),
        (
            "loyalty card + loaves sold: is the effect the same in every district?",
            {"treatment": "loyalty_card", "outcome": "loaves_sold", "by": "district"},
        ),
    ],
)
def test_slips_keep_the_question(question, args):
    name, got = call(question)
    assert name == "estimate_effect"
    assert {k: got.get(k) for k in args} == args


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        ("ovens older than ten years waste more flour?", "do ovens older"),
        ("the new recipe really sell better", "does the new recipe"),
        ("Sales fell in May. the bakers leave earlier?", "Sales fell in May. do the bakers"),
    ],
)
def test_a_statement_asked_gets_its_do(question, asked):
    assert with_auxiliary(question).startswith(asked)


@pytest.mark.parametrize(
    "question",
    [
        "what drives waste?",  # a question word first
        "does the card sell more loaves?",  # its auxiliary said
        "Bakeries with cards sell more loaves.",  # a statement
        "the card is popular?",  # its own verb of being
        "waste?",  # no verb
    ],
)
def test_questions_and_statements_stay(question):
    assert with_auxiliary(question) is None


def test_an_amount_without_its_article_keeps_its_size():
    name, got = call("what would happen to loaves sold if flour waste were cut by third?")
    assert name == "estimate_effect"
    assert got["treatment"] == "flour_waste_kg" and got["outcome"] == "loaves_sold"
    assert got["focus"] == "what_if"
    assert got["what_if"]["op"] == "scale"
    assert got["what_if"]["value"] == pytest.approx(2 / 3)


def test_a_summary_without_its_article_is_a_description():
    assert call("what's average oven age?")[0] == "describe"


@pytest.mark.parametrize(
    ("said", "read"),
    [
        ("the bakers stayed extra hour", "the bakers stayed an extra hour"),
        ("if they opened hour earlier", "if they opened an hour earlier"),
        ("deliveries come twice week", "deliveries come twice a week"),
        ("one hour more, per hour more, extra hours", "one hour more, per hour more, extra hours"),
    ],
)
def test_amount_articles(said, read):
    from copilot.agents.learner_english import mended

    assert mended(said) == read


@pytest.mark.parametrize(
    ("question", "treatment", "outcome", "z"),
    [
        ("Could district be skewing loyalty card effect on loaves sold?", "loyalty_card",
         "loaves_sold", "district"),
        ("could oven age be distorting card's effect on flour waste", "loyalty_card",
         "flour_waste_kg", "oven_age_yrs"),
    ],
)  # fmt: skip
def test_a_third_variable_blamed_without_the_article(question, treatment, outcome, z):
    name, got = call(question)
    assert name == "estimate_effect"
    assert (got["treatment"], got["outcome"], got.get("focus")) == (
        treatment,
        outcome,
        "confounding",
    )
    assert got.get("common_causes") == [z]


@pytest.mark.parametrize(
    ("question", "target"),
    [
        ("what loaves sold driven by?", "loaves_sold"),
        ("By what flour waste determined?", "flour_waste_kg"),
        ("which the factors that influence in the loaves sold?", "loaves_sold"),
    ],
)
def test_a_question_about_causes_without_its_copula(question, target):
    name, got = call(question)
    assert name == "discover"
    assert got.get("target") == target


def test_a_request_with_to_before_its_verb():
    from copilot.agents.learner_english import mended

    assert mended("Can you to compare it?") == "Can you compare it?"
    assert mended("please to estimate it") == "please estimate it"
    assert mended("I want you to compare it") == "I want you to compare it"
    name, got = call("Can you to compare the loyalty card's effects on loaves sold?")
    assert name == "estimate_effect"
    assert (got["treatment"], got["outcome"]) == ("loyalty_card", "loaves_sold")


def test_plus_between_amounts_joins_them():
    from tests.planner_kit import MODEL

    msg = plan(
        "steer from calm.jsonl toward angry.jsonl at layer 0, strengths 1 + 3, judge on chats.jsonl",
        models=[MODEL],
    )
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"]["alphas"] == [1.0, 3.0]


def test_plus_and_ampersand_read_as_and_outside_formulas():
    from copilot.agents.planner import plain_question

    inputs = {"datasets": {"bakeries": BAKERIES}}
    assert " and " in plain_question("oven age + district", inputs)
    assert " and " in plain_question("inner & outer districts", inputs)
    # a formula's terms stay
    assert "+" in plain_question("loaves_sold ~ oven_age_yrs + district", inputs)
