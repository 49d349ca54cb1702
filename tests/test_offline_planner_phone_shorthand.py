"""The offline planner on messages typed on a phone between meetings, about a table its rules were
not written for (a ferry operator's crossings): "#" before a word counted ("# crew", "# of
stops") is the number of it; contractions typed without their apostrophe ("cant", "doesnt") keep
their meaning in background knowledge; "dag on the ferry data" asks for the graph, not the effect
of a column called "dag"; "X on Y - confounding by Z?" asks whether Z confounds, as "confounded
by" does; "A should point into B" is a required edge; and a follow-up "Z2 instead of Z1" where Z1
was a control (or the instrument) puts Z2 in that role, leaving the treatment and the outcome as
they were, also where Z1 is named like the rows ("instead of route"). Planner only: no tool
runs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.planner_kit import col, plan, profile, turn

FERRY = profile(
    "ferry",
    2500,
    col("crossing_id", "id", 2500),
    col("route", "categorical", 4),
    col("n_crew", "discrete", 12),
    col("wind_kts", "continuous"),
    col("vessel_age_yrs", "continuous"),
    col("new_booking_app", "binary", 2),
    col("port_fee_eur", "continuous"),
    col("delay_min", "continuous"),
    col("passengers", "continuous"),
    col("refund_claims", "discrete", 15),
)


def call(question: str, history: list[Any] = ()) -> tuple[str, dict[str, Any]]:
    msg = plan(question, [FERRY], history=history)
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


@pytest.mark.parametrize(
    ("question", "treatment"),
    [("eff of # crew on delay", "n_crew"), ("# of crew -> delay min pls", "n_crew")],
)
def test_hash_before_a_word_is_the_number_of_it(question: str, treatment: str) -> None:
    tool, args = call(question)
    assert tool == "estimate_effect"
    assert (args["treatment"], args["outcome"]) == (treatment, "delay_min")


@pytest.mark.parametrize(
    "question",
    [
        "pc on ferry alpha .01, port fee cant cause vessel age",
        "pc on ferry alpha .01, port fee doesnt cause vessel age",
    ],
)
def test_a_contraction_without_its_apostrophe_still_forbids(question: str) -> None:
    tool, args = call(question)
    assert tool == "discover"
    assert args["forbidden"] == ["port_fee_eur->vessel_age_yrs"]
    assert args["alpha"] == 0.01


def test_dag_on_the_table_asks_for_the_graph() -> None:
    tool, args = call("dag on ferry data, fisherz, a=0.1")
    assert tool == "discover"
    assert args["ci_test"] == "fisherz" and args["alpha"] == 0.1
    assert "treatment" not in args


@pytest.mark.parametrize(
    "question",
    [
        "booking app on refund claims - confounding by # crew?",
        "booking app on refund claims, any confounding by route?",
    ],
)
def test_confounding_by_z_said_as_a_noun_is_the_check(question: str) -> None:
    tool, args = call(question)
    assert tool == "estimate_effect"
    assert args["focus"] == "confounding"
    assert (args["treatment"], args["outcome"]) == ("new_booking_app", "refund_claims")
    assert len(args["common_causes"]) == 1


def test_should_point_into_is_a_required_edge() -> None:
    tool, args = call("graph of the crossings w/ fci, and wind should point into delay")
    assert tool == "discover"
    assert args["required"] == ["wind_kts->delay_min"]


def test_a_control_replaced_in_a_follow_up_keeps_treatment_and_outcome() -> None:
    first = {
        "dataset": "ferry",
        "treatment": "new_booking_app",
        "outcome": "refund_claims",
        "focus": "confounding",
        "common_causes": ["n_crew"],
    }
    history = turn("booking app vs refunds confounded by crew size?", "estimate_effect", first)
    tool, args = call("same but wind instead of crew", history)
    assert tool == "estimate_effect"
    assert (args["treatment"], args["outcome"]) == ("new_booking_app", "refund_claims")
    assert args["common_causes"] == ["wind_kts"]
    assert args.get("focus") == "confounding"


def test_the_treatment_replaced_in_a_follow_up_is_still_the_treatment() -> None:
    first = {"dataset": "ferry", "treatment": "new_booking_app", "outcome": "refund_claims"}
    history = turn("booking app on refunds", "estimate_effect", first)
    tool, args = call("same but delay instead of booking app", history)
    assert tool == "estimate_effect"
    assert (args["treatment"], args["outcome"]) == ("delay_min", "refund_claims")


def test_an_instrument_replaced_in_a_follow_up_is_still_the_instrument() -> None:
    first = {
        "dataset": "ferry",
        "treatment": "delay_min",
        "outcome": "refund_claims",
        "instrument": "wind_kts",
    }
    history = turn("delay on refunds, iv = wind", "estimate_effect", first)
    tool, args = call("same but port fee instead of wind", history)
    assert tool == "estimate_effect"
    assert (args["treatment"], args["outcome"]) == ("delay_min", "refund_claims")
    assert args["instrument"] == "port_fee_eur"


def test_a_control_named_like_the_rows_is_replaced_not_read_as_their_owner() -> None:
    first = {
        "dataset": "ferry",
        "treatment": "new_booking_app",
        "outcome": "refund_claims",
        "common_causes": ["route"],
    }
    history = turn("booking app on refunds ctrl route", "estimate_effect", first)
    tool, args = call("same but wind instead of route", history)
    assert tool == "estimate_effect"
    assert (args["treatment"], args["outcome"]) == ("new_booking_app", "refund_claims")
    assert args["common_causes"] == ["wind_kts"]
