"""The offline planner on everyday readings, on tables its rules were not written for (a ferry
operator's crossings, a training provider's trainees): a follow-up after an effect that offers a
change the treatment brings as the reason ("is that because the boats leave more punctually? how
much of it?") measures that change as the mediator of the last effect, while "is that just
because ..." stays a doubt; one of a thing every N units ("if every pier sent a ferry every 20
minutes") sets the interval between two of them to N; a particle that closes a question (",
though?") asks nothing; "the steering committee" is a body of people, no steering of a model; a
learner's "can be the Z behind both?" is "can the Z be behind both?"; going through a course is
taking part in it, no mechanism; variables "we may be missing" are no missing values; and "since the letter was random, use it as the instrument"
names the letter. No tool runs."""

from __future__ import annotations

import pytest

from tests.planner_kit import col, plan, profile, turn

#: Crossings of a ferry operator: a new booking system, punctuality, the interval between
#: departures in minutes, passengers and a pre-existing pier size.
FERRIES = profile(
    "ferries",
    800,
    col("crossing_id", "id", 800),
    col("pier_size", "categorical", 3),
    col("interval_min", "continuous"),
    col("booking_system", "binary", 2),
    col("punctual_pct", "continuous"),
    col("cabin_clean_score", "continuous"),
    col("passengers", "continuous"),
)
ARGS = {"dataset": "ferries", "treatment": "booking_system", "outcome": "passengers"}
HISTORY = turn("effect of the booking system on passengers", "estimate_effect", ARGS)


def call(question: str, history=()) -> dict:
    msg = plan(question, [FERRIES], history=history)
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "estimate_effect"
    return msg.tool_calls[0]["args"]


@pytest.mark.parametrize(
    ("question", "mediator"),
    [
        ("is that because the boats leave more punctually? how much of it?", "punctual_pct"),
        (
            "ok, and is that mostly because more of the cabins are clean? how much goes that way?",
            "cabin_clean_score",
        ),
    ],
)
def test_a_reason_offered_for_the_last_effect_is_its_mediator(question, mediator):
    args = call(question, HISTORY)
    assert args["treatment"] == "booking_system"
    assert args["outcome"] == "passengers"
    assert args["mediator"] == mediator


def test_a_reason_said_as_a_doubt_is_no_mediator():
    args = call("is that just because the big piers got the system first?", HISTORY)
    assert "mediator" not in args


@pytest.mark.parametrize(
    "question",
    [
        "what would passengers look like if every pier sent a ferry every 20 minutes?",
        "if a boat left every twenty minutes, how would the passengers change?",
    ],
)
def test_one_of_a_thing_every_n_units_sets_the_interval(question):
    args = call(question)
    assert args["treatment"] == "interval_min"
    assert args["outcome"] == "passengers"
    assert args["what_if"] == {"op": "set", "value": pytest.approx(20.0)}


def test_a_closing_particle_leaves_the_doubt_a_confounding_check():
    args = call("Could the pier size explain that, though?", HISTORY)
    assert args["focus"] == "confounding"
    assert args["common_causes"] == ["pier_size"]
    assert args["treatment"] == "booking_system"


def test_a_steering_committee_is_no_steering():
    msg = plan(
        "The steering committee asked me. What would passengers be if every crossing had an "
        "interval of 30 minutes?",
        [FERRIES],
    )
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert args["treatment"] == "interval_min"
    assert args["what_if"] == {"op": "set", "value": pytest.approx(30.0)}


def test_modal_and_be_before_the_subject_of_a_doubt():
    args = call("Between the booking system and passengers, can be the pier size behind both?")
    assert args["focus"] == "confounding"
    assert args["common_causes"] == ["pier_size"]


#: Trainees of a training provider: a letter mailed at random, the course finished, wages.
TRAINEES = profile(
    "trainees",
    600,
    col("trainee_id", "id", 600),
    col("age_yrs", "continuous"),
    col("letter_sent", "binary", 2),
    col("finished_course", "binary", 2),
    col("wage_eur", "continuous"),
)


def test_going_through_a_course_is_taking_part_and_the_pronoun_is_the_random_thing():
    msg = plan(
        "We mailed a letter to a random third of the trainees, and only some of them went through "
        "the course. I'd like the effect of finishing the course on wages, and since the letter "
        "was random, please use it as the instrument.",
        [TRAINEES],
    )
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert args["treatment"] == "finished_course"
    assert args["outcome"] == "wage_eur"
    assert args["instrument"] == "letter_sent"
    assert "mediator" not in args


def test_variables_we_may_be_missing_are_no_missing_values():
    msg = plan(
        "I need a causal graph of the ferries for a slide. Keep it strict at alpha 0.01 and use "
        "FCI, since we may be missing variables.",
        [FERRIES],
    )
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "discover"
    assert msg.tool_calls[0]["args"]["algorithm"] == "fci"
    assert msg.tool_calls[0]["args"]["alpha"] == pytest.approx(0.01)
