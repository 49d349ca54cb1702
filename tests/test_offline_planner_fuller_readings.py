"""The offline planner on questions whose first reading is complete but uses less of the question
than one of its normal forms ("it matter which estimator I use ...?": an effect read as said, a
comparison of estimators read with its auxiliary), on progressive yes/no questions, on controls
said as a condition ("when Z is same"), on replies to a question back by their place ("the
second"), on lags said with "until" and on a column asked about alone. On a made-up table.
Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents import normal_forms
from copilot.agents.planner import _extends
from tests.planner_kit import col, plan, profile, turn

TOOLS = ["describe", "discover", "estimate_effect"]

HIVES = profile(
    "hives",
    800,
    col("hive_id", "id", 800),
    col("apiary", "categorical", 3),
    col("queen_age_mo", "continuous"),
    col("sugar_feed", "binary", 2),
    col("mite_load_pct", "continuous"),
    col("honey_kg_spring", "continuous"),
    col("honey_kg_autumn", "continuous"),
    col("swarmed", "binary", 2),
)
SERIES = profile(
    "pollen",
    400,
    col("week", "continuous", 400),
    col("forage_hours", "continuous"),
    col("pollen_g", "continuous"),
)


def call(question: str, history: list[Any] = ()) -> tuple[str, dict[str, Any]]:
    msg = plan(question, [HIVES], tools=TOOLS, history=list(history))
    assert msg.tool_calls, msg.content
    c = msg.tool_calls[0]
    return c["name"], {k: v for k, v in c["args"].items() if k != "dataset"}


def test_a_complete_reading_gives_way_to_a_normal_form_that_uses_more_of_the_question() -> None:
    name, got = call("it matter which estimator I use for the sugar feed on the mite load?")
    assert name == "estimate_effect"
    assert (got["treatment"], got["outcome"]) == ("sugar_feed", "mite_load_pct")
    assert len(got.get("methods") or []) >= 2  # the comparison asked for, not one estimate


def test_a_fuller_reading_keeps_every_argument_and_adds_only_columns_said() -> None:
    first = [("estimate_effect", {"treatment": "sugar_feed", "outcome": "swarmed"})]
    names = [c["name"] for c in HIVES["columns"]]
    said = "the sugar feed on swarming, through the mite load"
    more = [("estimate_effect", {**first[0][1], "mediator": "mite_load_pct"})]
    assert _extends(more, first, said, names)
    # a column only a loose match of a reshaped phrase found is no more of the question
    other = [("estimate_effect", {**first[0][1], "mediator": "queen_age_mo"})]
    assert not _extends(other, first, said, names)
    # an argument of the first reading changed is another reading, not a fuller one
    changed = [("estimate_effect", {"treatment": "sugar_feed", "outcome": "honey_kg_spring"})]
    assert not _extends(changed, first, said, names)
    assert not _extends(first, first, said, names)


@pytest.mark.parametrize(
    ("question", "form"),
    [
        ("is the sugar feed helping the swarming?", "does the sugar feed help the swarming?"),
        ("Are older queens driving the mite load up?", "Do older queens drive the mite load up?"),
    ],
)
def test_a_progressive_question_in_the_simple_tense(question: str, form: str) -> None:
    assert normal_forms.progressive(question, set()) == form
    assert normal_forms.progressive("is there any honey in autumn?", set()).startswith("is")


def test_a_progressive_yes_no_question_reads_as_an_effect() -> None:
    name, got = call("is the sugar feed lowering the mite load?")
    assert name == "estimate_effect"
    assert (got["treatment"], got["outcome"]) == ("sugar_feed", "mite_load_pct")


def test_a_condition_that_holds_a_column_alike_is_a_control() -> None:
    name, got = call(
        "is possible to know if sugar feed change the mite load when the apiary is same?"
    )
    assert name == "estimate_effect"
    assert got.get("common_causes") == ["apiary"]
    _, plain = call("does sugar feed change the mite load when the effect is the same?")
    assert not plain.get("common_causes")


@pytest.mark.parametrize(
    ("reply", "place"), [("the second", 1), ("first one", 0), ("the latter", -1)]
)
def test_a_reply_to_a_question_back_by_its_place(reply: str, place: int) -> None:
    asked = str(plan("does the sugar feed change the honey?", [HIVES], tools=TOOLS).content)
    # the candidates in the order the question back says them
    said = sorted(["honey_kg_spring", "honey_kg_autumn"], key=asked.find)
    assert all(c in asked for c in said), asked
    history = [HumanMessage("does the sugar feed change the honey?"), AIMessage(asked)]
    name, got = call(reply, history)
    assert name == "estimate_effect"
    assert (got["treatment"], got["outcome"]) == ("sugar_feed", said[place])


def test_a_lag_said_with_until() -> None:
    msg = plan("PCMCI on the pollen series with the lag until 4", [SERIES], tools=TOOLS)
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"].get("max_lag") == 4


@pytest.mark.parametrize(
    "question", ["the queen age column?", "mite load variable?", "The sugar feed have some empty?"]
)
def test_a_column_asked_about_alone_is_described(question: str) -> None:
    name, _ = call(question)
    assert name == "describe"


EFFECT = {"treatment": "sugar_feed", "outcome": "mite_load_pct"}


def estimated(ate: float = -2.4) -> list[Any]:
    return turn(
        "effect of sugar_feed on mite_load_pct",
        "estimate_effect",
        {"dataset": "hives", **EFFECT},
        result={"ate": ate, "ci": [-3.0, -1.8], "method": "linear_regression"},
    )


def test_what_a_column_does_in_a_session_is_its_effect_on_the_outcome_in_context() -> None:
    name, got = call("what the queen age do?", estimated())
    assert name == "estimate_effect"
    assert (got["treatment"], got["outcome"]) == ("queen_age_mo", "mite_load_pct")
    # with no outcome in context, which one is asked
    msg = plan("what the queen age do?", [HIVES], tools=TOOLS)
    assert not msg.tool_calls and "outcome" in str(msg.content)


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # a statement with its "does" left out, a hedge before it, the outcome after a comma
        (
            "I wonder, maybe sugar feed helps more in some apiaries than in other, for the mite load?",
            {**EFFECT, "by": "apiary"},
        ),
        # the path named against every other one
        (
            "the sugar feed lower the swarming because of less mite load, or by other way?",
            {"treatment": "sugar_feed", "outcome": "swarmed", "mediator": "mite_load_pct"},
        ),
        # a scenario for every unit said with "is"
        (
            "what happens to the mite load if every hive is sugar fed?",
            {**EFFECT, "focus": "what_if", "what_if": {"op": "set", "value": 1.0}},
        ),
        # the direction, then the amount with "of" for "by"
        (
            "If we put the queen age lower of 2 months, how much the mite load change?",
            {
                "treatment": "queen_age_mo",
                "outcome": "mite_load_pct",
                "focus": "what_if",
                "what_if": {"op": "add", "value": -2.0},
            },
        ),
    ],
)
def test_hedged_and_learner_questions_keep_their_slots(question: str, args: dict) -> None:
    name, got = call(question)
    assert name == "estimate_effect"
    assert {k: got.get(k) for k in args} == args


def test_whether_the_effect_is_big_said_in_the_order_of_a_statement() -> None:
    msg = plan("It's big or small, this effect?", [HIVES], tools=TOOLS, history=estimated())
    assert not msg.tool_calls
    assert "2.4" in str(msg.content)


def test_what_a_context_sentence_says_is_no_slot_of_a_fuller_reading() -> None:
    name, got = call(
        "Hives get a sugar feed through their apiary. What is the sugar feed's effect on mite load?"
    )
    assert name == "estimate_effect"
    assert (got["treatment"], got["outcome"]) == ("sugar_feed", "mite_load_pct")
    assert not got.get("mediator")
