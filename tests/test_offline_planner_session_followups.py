"""The offline planner on follow-ups in a session about a table its rules were not written for (a
warehouse's pickers): a rival explanation said as the other half of an either-or question ("is it
the course that cuts injuries, or do the certified pickers just take it more?", "is the course
really, or the night shift take it more?") is a confounding check by the rival's subject, while an
either-or about the direction or about another outcome names no confounder; "is that big?" about
the last result is answered from it; "same, per X" after a comma is the same split; and a
follow-up that says which role stays ("the outcome stays the same") gives the variable it names
the other role; a group asked about with the other group as an alternative ("for the chilled
pickers as well, or only for the frozen ones?") is the split by their column; on a model, steering
asked after a linear probe of two prompt sets steers with those sets at the probe's layer. No tool
runs."""

from __future__ import annotations

import pytest

from tests.planner_kit import MODEL, col, plan, profile, turn

WAREHOUSE_COLUMNS = (
    col("picker_id", "id", 900),
    col("tenure_yrs", "continuous"),
    col("night_shift", "binary", 2),
    col("certified", "binary", 2),
    col("safety_course", "binary", 2),
    col("picks_per_hr", "continuous"),
    col("injuries", "discrete", 6),
    col("shift_block", "categorical", 3),
    col("zone", "categorical", 3),
)
WAREHOUSE = {
    **profile("warehouse", 900, *WAREHOUSE_COLUMNS),
    "notes": [
        "encoded categorical column 'zone' as integer codes (chilled=0, frozen=1, ambient=2) for "
        "discovery; effect estimators use one indicator per level"
    ],
}
ARGS = {"dataset": "warehouse", "treatment": "safety_course", "outcome": "injuries"}
HISTORY = turn("effect of the safety course on injuries", "estimate_effect", ARGS)


def call(question: str) -> dict:
    msg = plan(question, [WAREHOUSE], history=HISTORY)
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["args"]


@pytest.mark.parametrize(
    ("question", "rival"),
    [
        (
            "is it the safety course that keeps injuries down, or do the certified pickers just "
            "take the course more?",
            "certified",
        ),
        ("Is the course really, or the night shift people take it more often?", "night_shift"),
        ("is it the course itself, or are certified ones simply more careful?", "certified"),
        # the rival said as its groups differing to begin with, by a level or by its column
        ("is it the course or just frozen zones being different?", "zone"),
        ("is it really the course, or is it just that certified ones are different?", "certified"),
    ],
)
def test_a_rival_said_as_the_other_half_of_a_question_is_a_confounding_check(
    question: str, rival: str
) -> None:
    got = call(question)
    assert got == {**ARGS, "focus": "confounding", "common_causes": [rival]}


def test_an_either_or_about_the_direction_names_no_confounder() -> None:
    got = call("is it the course that cuts injuries, or injuries that push people to the course?")
    assert "certified" not in (got.get("common_causes") or [])
    assert got.get("focus") != "confounding"


def test_an_either_or_about_another_outcome_names_no_confounder() -> None:
    got = call("is it the course that changes the injuries, or only the picks per hour?")
    assert not got.get("common_causes")
    assert got.get("focus") != "confounding"


def estimated() -> list:
    """An earlier turn that estimated the course's effect on injuries, with its result."""
    result = {
        "ate": -0.37,
        "ci": [-0.52, -0.22],
        "p_value": 0.001,
        "adjustment_set": ["tenure_yrs", "night_shift"],
        "estimand": "backdoor",
        "method": "linear_regression",
        "method_reason": "continuous outcome",
    }
    return turn("effect of the safety course on injuries", "estimate_effect", ARGS, result=result)


@pytest.mark.parametrize("question", ["is that big?", "hmm is it a lot", "how big is that really?"])
def test_whether_the_last_result_is_big_is_answered_from_it(question: str) -> None:
    msg = plan(question, [WAREHOUSE], history=estimated())
    assert not msg.tool_calls
    assert "-0.37" in msg.content and "injuries" in msg.content


@pytest.mark.parametrize("question", ["same, per shift block", "the same, by shift block"])
def test_the_same_before_a_comma_keeps_the_split(question: str) -> None:
    assert call(question) == {**ARGS, "by": "shift_block"}


@pytest.mark.parametrize(
    "question",
    [
        "now do the same for the night shift, the outcome it stays the same",
        "same for night shift, same outcome",
    ],
)
def test_a_role_said_to_stay_gives_the_named_variable_the_other_role(question: str) -> None:
    assert call(question) == {**ARGS, "treatment": "night_shift"}


def test_a_group_with_the_other_group_as_an_alternative_is_the_split() -> None:
    got = call("does that hold for the chilled pickers as well, or only for the frozen ones?")
    assert got == {**ARGS, "by": "zone"}


def test_a_method_asked_with_its_purpose_is_the_same_estimate_by_that_method() -> None:
    got = call(
        "could you try with matching in place of the regression, to check whether it changes?"
    )
    assert got == {**ARGS, "method": "matching"}


def test_the_direct_part_said_as_an_alternative_keeps_the_mediation() -> None:
    got = call("this all goes through the picks per hour, or there is also a direct way?")
    assert got == {**ARGS, "mediator": "picks_per_hr"}


def test_steering_after_a_probe_of_two_sets_uses_those_sets_at_its_layer() -> None:
    probe = {"model": "demo", "positive": "calm.jsonl", "negative": "angry.jsonl", "layers": [0]}
    history = turn("probe calm.jsonl against angry.jsonl at layer 0", "linear_probe", probe)
    msg = plan("nice. now steer with that direction, alpha 3", models=[MODEL], history=history)
    assert msg.tool_calls, msg.content
    call = msg.tool_calls[0]
    assert call["name"] == "steer"
    assert call["args"] == {
        "model": "demo",
        "positive": "calm.jsonl",
        "negative": "angry.jsonl",
        "layer": 0,
        "alphas": [3.0],
    }


def test_groups_asked_about_as_different_are_still_a_split() -> None:
    got = call("is the effect different by zone, or just the same?")
    assert got.get("by") == "zone"
    assert got.get("focus") != "confounding"
