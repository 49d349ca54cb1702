"""The offline planner on questions typed in a hurry or in learners' English, where the role of
each column word comes from its position, not a verb: a cause and an outcome stacked before the
effect noun ("X's Y impact"), a share of an effect said without the noun, a causative verb's
object with its direction but no verb ("make Y up"), "be" for "have" before an amount, a change
said as a factor right before the outcome ("X x2 Y?"), a scenario's or a split's missing word,
"confound by" with a hedge after it, and outcomes said by their opposite ("stay", "keep"). On
made-up tables. Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.agents import normal_forms
from tests.planner_kit import col, plan, profile, turn
from tests.test_offline_planner_normal_forms import KILNS

TOOLS = ["describe", "discover", "estimate_effect"]

CHOIR = profile(
    "choir",
    300,
    col("singer_id", "id", 300),
    col("voice_part", "categorical", 4),
    col("mentor", "binary", 2),
    col("soloist", "binary", 2),
    col("rehearsals_mo", "continuous"),
    col("quit_choir", "binary", 2),
)

PAIR = {"treatment": "glaze_thickness_mm", "outcome": "cracked_pieces"}


def call(question: str, table: dict[str, Any] = KILNS, history: list[Any] = ()) -> tuple:
    msg = plan(question, [table], history=list(history), tools=TOOLS)
    assert msg.tool_calls, msg.content
    c = msg.tool_calls[0]
    return c["name"], {k: v for k, v in c["args"].items() if k != "dataset"}, msg.content


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # a cause and an outcome stacked before the effect noun, with or without a possessive
        ("the glaze thickness's cracked pieces impact?", PAIR),
        ("glaze thickness cracked pieces effect", PAIR),
        # the outcome first, its cause after "from" or "per"
        ("cracked pieces from glaze thickness?", PAIR),
        ("cracked pieces per extra glaze thickness", PAIR),
        ("cracked pieces from glaze thickness, ctrl studio", {**PAIR, "common_causes": ["studio"]}),
        # (an estimator said with it: the direction still from "per")
        ("cracked pieces per extra glaze thickness w/ matching", {**PAIR, "method": "matching"}),
        # a share of the effect said without the effect noun
        (
            "the mediator is clay moisture, how much of glaze thickness on cracked pieces go thru it",
            {**PAIR, "mediator": "clay_moisture_pct"},
        ),
        # a causative verb's object said with its direction, the auxiliary left out too
        ("how much the glaze thickness make cracked pieces up", PAIR),
        # "be" for "have" before an amount, the rows (kilns) as the subject
        (
            "what happen to cracked pieces when kilns are more firing temp?",
            {"treatment": "firing_temp_c", "outcome": "cracked_pieces"},
        ),
        # a change said as a factor right before the outcome
        (
            "if glaze thickness x2 cracked pieces?",
            {**PAIR, "focus": "what_if", "what_if": {"op": "scale", "value": 2.0}},
        ),
        # the bare verb for "confounded", a hedge said after the confounder
        (
            "glaze thickness and cracked pieces, is confound by studio maybe?",
            {**PAIR, "focus": "confounding", "common_causes": ["studio"]},
        ),
    ],
)
def test_roles_read_from_position(question: str, args: dict[str, Any]) -> None:
    name, got, _ = call(question)
    assert name == "estimate_effect"
    assert {k: got.get(k) for k in args} == args
    assert set(got) <= {*args, "method"}


def test_a_stated_role_is_not_restacked() -> None:
    names = ["glaze_thickness_mm", "cracked_pieces", "studio"]
    # the noun states its own outcome: left as said
    said = "glaze thickness effect on cracked pieces"
    assert normal_forms.stacked(said, names) == said
    # one column said twice over is no pair
    assert normal_forms.stacked("glaze thickness effect", names) == "glaze thickness effect"
    # a rate's unit after "per" is no cause
    assert normal_forms.terse("cracked pieces per day", set(), names) == "cracked pieces per day"
    # "x2" read as a test only where a test is meant
    name, got, content = call("if glaze thickness x2 cracked pieces?")
    assert "chisq" not in content and "ci_test" not in got


def test_outcome_said_by_its_opposite_is_read_and_said() -> None:
    name, got, content = call("what makes singers stay?", CHOIR)
    assert (name, got.get("target")) == ("discover", "quit_choir")
    assert "opposite" in content
    name, got, content = call("the mentor help to keep singers or no?", CHOIR)
    assert (name, got["treatment"], got["outcome"]) == ("estimate_effect", "mentor", "quit_choir")
    assert "opposite" in content


def test_follow_ups_with_a_word_left_out() -> None:
    before = turn(
        "glaze thickness effect on cracked pieces",
        "estimate_effect",
        {"dataset": "kilns", **PAIR},
    )
    # the scenario's "were" left out
    name, got, _ = call("and if glaze thickness 3 for all kilns?", history=before)
    assert got == {**PAIR, "focus": "what_if", "what_if": {"op": "set", "value": 3.0}}
    # the split's "by" left out
    name, got, _ = call("now split studio", history=before)
    assert got == {**PAIR, "by": "studio"}
    mentored = turn(
        "mentor effect on rehearsals",
        "estimate_effect",
        {"dataset": "choir", "treatment": "mentor", "outcome": "rehearsals_mo"},
    )
    name, got, _ = call("now split soloist or not", CHOIR, history=mentored)
    assert got == {"treatment": "mentor", "outcome": "rehearsals_mo", "by": "soloist"}


@pytest.mark.parametrize(
    "question",
    [
        "mentor on rehearsals (by coin flip)",
        "mentor effect on rehearsals, assigned by lottery",
        "mentor on rehearsals (mentors were randomised by voice part)",
    ],
)
def test_a_remark_on_how_the_treatment_was_given_is_no_slot(question: str) -> None:
    name, got, content = call(question, CHOIR)
    assert (name, got) == ("estimate_effect", {"treatment": "mentor", "outcome": "rehearsals_mo"})
    assert "Not used" not in content


def test_a_short_yes_no_question_without_its_it_is_answered_as_with_it() -> None:
    before = turn(
        "glaze thickness effect on cracked pieces",
        "estimate_effect",
        {"dataset": "kilns", **PAIR},
        result={"ate": -0.4, "ci": [-0.6, -0.2], "p_value": 0.001, "method": "linear_regression"},
    )
    for said, full in (("is big?", "is it big?"), ("is significant?", "is it significant?")):
        got = plan(said, [KILNS], history=before, tools=TOOLS)
        want = plan(full, [KILNS], history=before, tools=TOOLS)
        assert not got.tool_calls and got.content == want.content
        assert "0.4" in got.content


def test_a_word_loosely_like_several_columns_but_the_opposite_of_one() -> None:
    band = profile(
        "band",
        200,
        col("band_id", "id", 200),
        col("genre", "categorical", 5),
        col("practice_hrs", "continuous"),
        col("gig_hrs", "continuous"),
        col("left_band", "binary", 2),
    )
    # "stay" is like both durations (a length of stay) and the opposite of leaving the band
    name, got, content = call("what makes members stay?", band)
    assert (name, got.get("target")) == ("discover", "left_band")
    assert "opposite" in content


def test_how_long_they_stay_is_a_duration_not_an_opposite() -> None:
    gym = profile(
        "gym",
        300,
        col("member_id", "id", 300),
        col("personal_trainer", "binary", 2),
        col("membership_months", "continuous"),
        col("cancelled", "binary", 2),
    )
    # "stay" alone is the opposite of cancelling; "how long they stay" is the membership's length
    name, got, content = call("what makes people stay?", gym)
    assert (name, got.get("target")) == ("discover", "cancelled")
    name, got, content = call("which factors explain how long members stay?", gym)
    assert got.get("target") == "membership_months" and "opposite" not in content


def test_causal_or_confounded_with_slang_after_it_asks_for_confounding() -> None:
    name, got, _ = call("glaze thickness vs cracked pieces, legit or confounded af")
    assert name == "estimate_effect"
    assert {k: got.get(k) for k in PAIR} == PAIR
    assert got.get("focus") == "confounding"
