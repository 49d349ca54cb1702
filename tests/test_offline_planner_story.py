"""The offline planner on questions told as a story: an observation, then a short request about
it ("... Is that real?", "How much of that comes from Z?", "why?"), and a plan said in one
sentence with its question in the next. Asked about a table the planner's rules were not written
for (a chain of restaurants)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents import story
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import col

TOOLS = ["describe", "discover", "estimate_effect"]


DINERS = {
    "id": "diners",
    "name": "diners",
    "source": "diners.csv",
    "n": 900,
    "p": 10,
    "columns": [
        col("restaurant_id", "id", 900),
        col("region", "categorical", 3),
        col("seats_n", "continuous"),
        col("delivery_app", "binary", 2),
        col("menu_price_usd", "continuous"),
        col("wait_min", "continuous"),
        col("rating", "continuous"),
        col("orders_day", "continuous"),
        col("staff_turnover_pct", "continuous"),
        col("closed", "binary", 2),
    ],
    "notes": [
        "encoded categorical column 'region' as integer codes (coast=0, inland=1, mountain=2) "
        "for discovery; effect estimators use one indicator per level",
    ],
}


def ask(question: str) -> AIMessage:
    state = {"datasets": {"diners": {**DINERS, "current": True}}, "models": {}}
    return next_message([system_message(state), HumanMessage(question)], TOOLS)


def effect(**args: Any) -> dict[str, Any]:
    return {"dataset": "diners", **args}


CASES = [
    # an observation, then a doubt: a confounding check, with the column the doubt names
    (
        "Restaurants on the delivery app get more orders per day. Is that real?",
        effect(treatment="delivery_app", outcome="orders_day", focus="confounding"),
    ),
    (
        "Restaurants on the delivery app get more orders per day. I bet it's only the seats "
        "though. Who's right?",
        effect(
            treatment="delivery_app",
            outcome="orders_day",
            focus="confounding",
            common_causes=["seats_n"],
        ),
    ),
    # a doubt that sets the claim against its groups differing to begin with
    (
        "Restaurants on the delivery app get more orders per day - is it the app or just the "
        "coast places being different?",
        effect(
            treatment="delivery_app",
            outcome="orders_day",
            focus="confounding",
            common_causes=["region"],
        ),
    ),
    # a claim and its doubt in one sentence, after a comma
    (
        "restaurants on the delivery app get more orders per day, but is that real or just the "
        "seats?",
        effect(
            treatment="delivery_app",
            outcome="orders_day",
            focus="confounding",
            common_causes=["seats_n"],
        ),
    ),
    # a group said after "in": the group is the cause
    (
        "ratings are lower in the delivery app group. menu prices could be behind that. thoughts?",
        effect(
            treatment="delivery_app",
            outcome="rating",
            focus="confounding",
            common_causes=["menu_price_usd"],
        ),
    ),
    # a mechanism: the column said with its change is the mediator
    (
        "Places on the delivery app close less often. Is it mostly because they take more "
        "orders per day?",
        effect(treatment="delivery_app", outcome="closed", mediator="orders_day"),
    ),
    # a split by the group whose level is named
    (
        "The delivery app brings in orders. But I bet that's mostly the coast restaurants. "
        "Can you check?",
        effect(treatment="delivery_app", outcome="orders_day", by="region"),
    ),
    # a question of size about the claim: the effect
    (
        "Restaurants with longer waits get worse ratings. By how much, really?",
        effect(treatment="wait_min", outcome="rating"),
    ),
    # one column in the observation, the cause in the request
    (
        "Staff keep quitting at some of our places. Is it the waiting times?",
        effect(treatment="wait_min", outcome="staff_turnover_pct"),
    ),
    # what the treated do more of, after "because": the mechanism
    (
        "Restaurants on the delivery app get better ratings. Is that because they take more "
        "orders per day?",
        effect(treatment="delivery_app", outcome="rating", mediator="orders_day"),
    ),
    # two columns listed, then named by their order
    (
        "Columns we track: wait_min and rating. Does the former hurt the latter?",
        effect(treatment="wait_min", outcome="rating"),
    ),
    # a plan without an amount, then a pointer to it as the cause of an outcome
    (
        "Menu prices will go up next year. My fear is that it hurts our ratings. How much?",
        effect(treatment="menu_price_usd", outcome="rating"),
    ),
    # a yes/no column's own verb for everyone: set to 1
    (
        "Next month we put every restaurant on the delivery app. How many more orders per day "
        "should we expect?",
        effect(
            treatment="delivery_app",
            outcome="orders_day",
            focus="what_if",
            what_if={"op": "set", "value": 1.0},
        ),
    ),
    # the plan's pronoun is the column the sentence before names
    (
        "Waits are long everywhere. Suppose we cut them by a third. Ratings would rise by how "
        "much?",
        effect(
            treatment="wait_min",
            outcome="rating",
            focus="what_if",
            what_if={"op": "scale", "value": 2 / 3},
        ),
    ),
    # a claim about three columns, then the mechanism named by one of them
    (
        "Places on the delivery app take more orders per day and close less often. How much of "
        "the closure gap goes through the orders?",
        effect(treatment="delivery_app", outcome="closed", mediator="orders_day"),
    ),
    # a doubt said as fairness, the confounder said as what the treated are
    (
        "Restaurants on the delivery app get better ratings. Is that a fair comparison, given "
        "they have more seats?",
        effect(
            treatment="delivery_app",
            outcome="rating",
            focus="confounding",
            common_causes=["seats_n"],
        ),
    ),
    # a group named by its level, with a comparison
    (
        "The delivery app brings in more orders per day. Is the effect bigger for mountain "
        "restaurants?",
        effect(treatment="delivery_app", outcome="orders_day", by="region"),
    ),
    # who plans the change is no variable of the scenario (staff, not staff_turnover_pct)
    (
        "Our staff want to raise menu prices by 2 dollars across the board. Are ratings "
        "going to follow?",
        effect(
            treatment="menu_price_usd",
            outcome="rating",
            focus="what_if",
            what_if={"op": "add", "value": 2.0},
        ),
    ),
    # a change without its amount, the outcome in a sentence between, the amount asked last
    (
        "Menu prices will go up next year. Ratings are what I care about. What would a 10% "
        "increase do?",
        effect(
            treatment="menu_price_usd",
            outcome="rating",
            focus="what_if",
            what_if={"op": "scale", "value": 1.1},
        ),
    ),
    # a plan with its amount, then the question about an outcome
    (
        "Menu prices are going up 10% next month. I'm nervous about it. How much would our "
        "ratings drop?",
        effect(
            treatment="menu_price_usd",
            outcome="rating",
            focus="what_if",
            what_if={"op": "scale", "value": 1.1},
        ),
    ),
]


@pytest.mark.parametrize("question,args", CASES)
def test_story_reads_the_call(question: str, args: dict[str, Any]) -> None:
    msg = ask(question)
    assert msg.tool_calls, msg.content
    call = msg.tool_calls[0]
    assert call["name"] == "estimate_effect"
    got = {k: v for k, v in call["args"].items() if k in args or k in ("by", "mediator", "focus")}
    if "common_causes" in got:
        got["common_causes"] = sorted(got["common_causes"])
    if "what_if" in args:
        assert got.pop("what_if")["value"] == pytest.approx(args["what_if"]["value"])
        assert call["args"]["what_if"]["op"] == args["what_if"]["op"]
        args = {k: v for k, v in args.items() if k != "what_if"}
    assert got == args


def test_why_after_an_observation_asks_for_causes() -> None:
    msg = ask("Our ratings went through the roof this spring. why?")
    assert msg.tool_calls, msg.content
    call = msg.tool_calls[0]
    assert call["name"] == "discover"
    assert call["args"].get("target") == "rating"


@pytest.mark.parametrize(
    "question",
    [
        # the request names its own analysis: read as said, not as a story
        "Restaurants on the delivery app get more orders. Estimate the effect of wait_min on rating.",
        # a question, not an observation, comes first
        "Does the delivery app bring more orders? How much?",
        # a wish is no observation
        "We want shorter waits. If every place got the delivery app, what happens to ratings?",
    ],
)
def test_no_story_reading(question: str) -> None:
    assert story.story_reading(question, DINERS) is None


def test_a_change_already_seen_is_no_scenario() -> None:
    # "dropped two points" has an amount, but it was seen, not planned: its causes are asked
    told = story.story_reading("Ratings dropped two points last month. What's behind it?", DINERS)
    assert told is not None and told[0] == "what causes rating?"


def test_words_that_name_no_column_in_a_story() -> None:
    # a word for the rows' entity and a time unit after "a" name nothing
    assert story.named_columns("Restaurants add 2 tables a day", DINERS) == []
    # a level of a text column names its group, not a column by a near-synonym
    assert story.named_columns("Ratings are high on the coast", DINERS) == ["rating"]
