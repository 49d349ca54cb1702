"""The offline planner on follow-ups that point back to what the step before found, on a table its
rules were not written for (a chain of bakeries): a cause picked from the drivers found by its
place in a longer phrase ("how big the second one's effect on it is"), the adjustment a
confounding check found pointed to by a pronoun ("so adjust for them"), a bare correction of the
word a failed step could not use ("I meant waste"), and on a model a head picked from the head
scores ("knock out the top one") or the scored head other than the one just ablated ("ablate the
other head"). No tool runs."""

from __future__ import annotations

import json

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from tests.planner_kit import MODEL, col, plan, profile, turn

BAKERY = profile(
    "bakery",
    700,
    col("shop_id", "id", 700),
    col("oven_age", "continuous"),
    col("sourdough", "binary", 2),
    col("staff_hours", "continuous"),
    col("footfall", "continuous"),
    col("waste_kg", "continuous"),
    col("takings", "continuous"),
)


def test_a_driver_picked_by_place_inside_a_longer_phrase() -> None:
    found = {
        "algorithm": "pc",
        "focus": {"target": "takings", "causes": ["footfall", "staff_hours"], "effects": []},
    }
    history = turn(
        "what drives takings?", "discover", {"dataset": "bakery", "target": "takings"}, result=found
    )
    msg = plan("could you say how big the second one's effect on it is?", [BAKERY], history=history)
    assert msg.tool_calls, msg.content
    got = msg.tool_calls[0]["args"]
    assert (got["treatment"], got["outcome"]) == ("staff_hours", "takings")


def test_adjusting_for_what_a_confounding_check_found() -> None:
    args = {
        "dataset": "bakery",
        "treatment": "sourdough",
        "outcome": "waste_kg",
        "focus": "confounding",
    }
    history = turn(
        "is sourdough vs waste confounded?",
        "estimate_effect",
        args,
        result={"naive": 1.0, "effect": 0.4, "adjustment_set": ["oven_age"]},
    )
    msg = plan("right, so adjust for them then", [BAKERY], history=history)
    assert msg.tool_calls, msg.content
    got = msg.tool_calls[0]["args"]
    assert got["common_causes"] == ["oven_age"]
    assert "focus" not in got
    assert (got["treatment"], got["outcome"]) == ("sourdough", "waste_kg")


def test_a_bare_correction_replaces_the_word_the_failed_step_named() -> None:
    cid = "h0"
    history = [
        HumanMessage("what drives spoilage?"),
        AIMessage(
            "",
            tool_calls=[
                {
                    "name": "discover",
                    "id": cid,
                    "type": "tool_call",
                    "args": {"dataset": "bakery", "target": "spoilage"},
                }
            ],
        ),
        ToolMessage(
            json.dumps(
                {"ok": False, "error": "InputError", "message": "Column 'spoilage' not found."}
            ),
            tool_call_id=cid,
        ),
        AIMessage("That failed."),
    ]
    msg = plan("sorry, I meant waste", [BAKERY], history=history)
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "discover"
    assert msg.tool_calls[0]["args"] == {"dataset": "bakery", "target": "waste_kg"}


SCORES = {
    "focus": {
        "score": "induction",
        "top": [{"layer": 0, "head": 3, "value": 0.8}, {"layer": 1, "head": 1, "value": 0.5}],
    }
}


def test_a_head_picked_from_the_scores() -> None:
    history = turn(
        "score the heads for induction",
        "head_scores",
        {"model": MODEL["id"], "score": "induction"},
        result=SCORES,
    )
    msg = plan("zero out the second one", models=[MODEL], history=history)
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "head_ablation"
    assert msg.tool_calls[0]["args"]["heads"] == ["1.1"]


def test_the_other_head_after_an_ablation() -> None:
    history = [
        *turn(
            "score the heads for induction",
            "head_scores",
            {"model": MODEL["id"], "score": "induction"},
            result=SCORES,
        ),
        *turn("ablate head 0.3", "head_ablation", {"model": MODEL["id"], "heads": ["0.3"]}, i=1),
    ]
    msg = plan("now knock out the other one", models=[MODEL], history=history)
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"]["heads"] == ["1.1"]


def test_a_column_offered_as_a_better_mediator() -> None:
    args = {
        "dataset": "bakery",
        "treatment": "sourdough",
        "outcome": "takings",
        "mediator": "footfall",
    }
    history = turn(
        "does sourdough lift takings through footfall?",
        "estimate_effect",
        args,
        result={"total": 2.0, "direct": 1.0, "indirect": 1.0},
    )
    msg = plan(
        "hmm, maybe staff hours might be the better pathway? try it", [BAKERY], history=history
    )
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"] == {**args, "mediator": "staff_hours"}
