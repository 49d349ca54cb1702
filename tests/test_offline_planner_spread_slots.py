"""The offline planner on messages whose slots are spread over sentences: the sentence that
asks read with the sentences that give it slots (background, what was tried before and asides
in passing left out), a slot corrected in a later sentence, a slot restated after the ask, and
pointers to what the sentences before name. Asked about a table the planner's rules were not
written for (orchards)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from copilot.agents import discourse
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from copilot.agents.surface import corrected
from tests.planner_kit import col

TOOLS = ["describe", "discover", "estimate_effect"]

ORCHARDS = {
    "id": "orchards",
    "name": "orchards",
    "source": "orchards.csv",
    "n": 800,
    "p": 10,
    "columns": [
        col("orchard_id", "id", 800),
        col("region", "categorical", 3),
        col("is_certified", "binary", 2),
        col("tree_age_yrs", "continuous"),
        col("netting", "binary", 2),
        col("pest_count", "continuous"),
        col("fruit_t_ha", "continuous"),
        col("price_index", "continuous"),
        col("abandoned", "binary", 2),
    ],
}


def ask(question: str) -> Any:
    state = {"datasets": {"orchards": {**ORCHARDS, "current": True}}, "models": {}}
    return next_message([system_message(state), HumanMessage(question)], TOOLS)


CASES = [
    # a function word is no column ("is" of is_certified)
    (
        "Fruit is up this season. The owners want to know what drives it.",
        ("discover", {"target": "fruit_t_ha"}),
    ),
    # a slot corrected in a later sentence replaces the one said before
    (
        "What is the effect of netting on the pest count? Actually, no, look at the fruit "
        "instead, not the pest count.",
        ("estimate_effect", {"treatment": "netting", "outcome": "fruit_t_ha"}),
    ),
    (
        "Estimate the effect of netting on fruit. Use matching. Actually make it weighting, "
        "not matching.",
        (
            "estimate_effect",
            {"treatment": "netting", "outcome": "fruit_t_ha", "method": "weighting"},
        ),
    ),
    # background, what was tried before and an aside in passing give no slot
    (
        "Abandonment is up three points this year. The board has opinions. (We already "
        "checked its correlation with the price index.) Which factors matter most for it?",
        ("discover", {"target": "abandoned"}),
    ),
    # the causes of what the sentence before is about
    (
        "Abandonment rates are high in some regions. What are the main causes of that?",
        ("discover", {"target": "abandoned"}),
    ),
]


@pytest.mark.parametrize(("question", "expected"), CASES)
def test_spread_slots(question: str, expected: tuple[str, dict[str, Any]]) -> None:
    msg = ask(question)
    assert msg.tool_calls, msg.content
    call = msg.tool_calls[0]
    assert call["name"] == expected[0]
    for key, value in expected[1].items():
        assert call["args"].get(key) == value, (key, call["args"])


def test_a_sentence_whose_columns_the_others_name_gives_no_slot() -> None:
    # the middle sentence names only columns the others name again; the aside in parentheses
    # says to leave what it names aside
    q = (
        "Netted orchards have fewer pests. Netting went mostly to the orchards with old trees. "
        "(Prices differ too, but leave that aside.) Does the difference survive once tree age "
        "is accounted for?"
    )
    assert discourse.assembled(q, ORCHARDS) == (
        "Netted orchards have fewer pests. Does the difference survive once tree age is "
        "accounted for?"
    )


def test_corrected_keeps_a_question_without_the_corrected_words() -> None:
    q = "Effect of netting on fruit. Actually make it weighting, not matching."
    assert corrected(q) == q
    assert corrected("Is it actually not confounded?") == "Is it actually not confounded?"


def test_assembled_restatement_and_split_pointer() -> None:
    ds = ORCHARDS
    assert (
        discourse.assembled("Thanks. Can you run the same thing for that? Fruit, I mean.", ds)
        == "Can you run the same thing for Fruit?"
    )
    assert (
        discourse.assembled(
            "OK. The growers think it differs by region. Can you redo it split by that?", ds
        )
        == "Can you redo it split by region?"
    )
    # a single sentence, or nothing left out: no other reading
    assert discourse.assembled("What drives abandonment?", ds) is None


def test_confounding_story_asked_whether_it_survives_adjustment() -> None:
    # "went mostly to" tells who got the treatment (no mechanism); "survive once Z is accounted
    # for" asks whether the claim holds after adjusting
    msg = ask(
        "Netted orchards have fewer pests. Netting went mostly to the orchards with old trees. "
        "Does the difference survive once tree age is accounted for?"
    )
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args.get("focus")) == (
        "netting",
        "pest_count",
        "confounding",
    )
    assert args["common_causes"] == ["tree_age_yrs"]
    assert "mediator" not in args


def test_control_said_by_a_pointer_to_its_own_sentence() -> None:
    msg = ask(
        "Estimate the effect of netting on fruit. Use matching. Tree age differs a lot between "
        "orchards; include it."
    )
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args.get("method")) == (
        "netting",
        "fruit_t_ha",
        "matching",
    )
    assert args["common_causes"] == ["tree_age_yrs"]


def test_aside_remark_in_parentheses_gives_no_analysis() -> None:
    # a remark about something with its own verb, in parentheses, is no request (no missing
    # values because "the records are patchy")
    msg = ask(
        "Show me how everything in the orchard data hangs together. Some factors were never "
        "recorded (the pest records are patchy). So use FCI."
    )
    call = msg.tool_calls[0]
    assert (call["name"], call["args"].get("algorithm")) == ("discover", "fci")


def _after_estimate(question: str) -> str:
    from tests.planner_kit import turn

    state = {"datasets": {"orchards": {**ORCHARDS, "current": True}}, "models": {}}
    result = {
        "adjustment_set": ["tree_age_yrs"],
        "ate": -3.2,
        "ci": [-4.1, -2.3],
        "p_value": 0.001,
        "estimand": "backdoor",
        "method": "weighting",
        "method_reason": "binary treatment",
        "verdict": "robust",
    }
    args = {"dataset": "orchards", "treatment": "netting", "outcome": "pest_count"}
    history = turn("effect of netting on pests", "estimate_effect", args, result=result)
    msg = next_message([system_message(state), *history, HumanMessage(question)], TOOLS)
    assert not msg.tool_calls, msg.tool_calls
    return msg.content


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("That looks big. Is it adjusted for anything, or is it a raw comparison?", "tree_age_yrs"),
        ("What was it adjusted for?", "tree_age_yrs"),
        ("My boss asked how sure we can be. Is the range around that estimate wide?", "-4.1"),
        ("How wide is the interval?", "-4.1"),
    ],
)
def test_questions_about_the_last_result(question: str, word: str) -> None:
    assert word in _after_estimate(question)


def test_scenario_of_a_sentence_before_the_request_is_kept() -> None:
    msg = ask(
        "The price index sits around 100 at the moment. We are thinking of keeping every "
        "orchard at 120. What would that do to abandonment?"
    )
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("price_index", "abandoned")
    assert args.get("what_if") == {"op": "set", "value": 120.0}


def test_confounders_listed_with_by_said_again() -> None:
    msg = ask("Is the link between netting and pests confounded by the region and by the tree age?")
    args = msg.tool_calls[0]["args"]
    assert set(args["common_causes"]) == {"region", "tree_age_yrs"}
    assert "by" not in args
