"""The offline planner on the ask inside long or second-person messages: the assistant's opinion
asked around a yes/no question ("you think X changes Y?"), a clause that only dates the question
("Before the slide goes to the board, ..."), a file or a slide named as context of an analysis,
an instrument someone "wants used", a follow-up request after sentences of context, a device
said as worn, a name that starts with "net", and a measurement at baseline that a covariate
listed before it may change. Asked about a table the planner's rules were not written for (a
sleep clinic's members)."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.agents.phrasing import normalise
from tests.planner_kit import col, plan, profile, turn

CLINIC = profile(
    "clinic",
    900,
    col("member_id", "id", 900),
    col("member_segment", "categorical", 3),
    col("weight_kg", "continuous"),
    col("ahi_base", "continuous"),
    col("lottery_offer", "binary", 2),
    col("mask_used", "binary", 2),
    col("nightly_hours", "continuous"),
    col("ahi_6m", "continuous"),
    col("net_satisfaction_score", "continuous"),
    col("renewed", "binary", 2),
    col("upgrade_revenue_usd", "continuous"),
)


def call(question: str, history: list[Any] = ()) -> tuple[str | None, dict[str, Any]]:
    reply = plan(question, [{**CLINIC, "current": True}], history=history)
    if not reply.tool_calls:
        return None, {"reply": reply.content}
    return reply.tool_calls[0]["name"], reply.tool_calls[0]["args"]


@pytest.mark.parametrize(
    ("question", "plain"),
    [
        (
            "you think the lottery offer changes nightly hours?",
            "does the lottery offer change nightly hours?",
        ),
        (
            "Do you reckon the mask really makes a difference to renewals?",
            "does the mask make a difference to renewals?",
        ),
        # a subject the verb cannot be found after is left as it was
        ("you think sales figures rise with ads?", "sales figures rise with ads?"),
    ],
)
def test_an_opinion_asked_of_a_claim_is_its_yes_no_question(question: str, plain: str) -> None:
    assert normalise(question) == plain


def test_a_clause_that_dates_the_question_is_no_part_of_it() -> None:
    assert normalise("Before the numbers go to the board, is the mask worth it for renewals?") == (
        "is the mask worth it for renewals?"
    )


def test_an_opinion_wrapped_yes_no_question_plans_its_effect() -> None:
    tool, args = call("you think the lottery offer changes nightly hours?")
    assert tool == "estimate_effect"
    assert (args["treatment"], args["outcome"]) == ("lottery_offer", "nightly_hours")


def test_a_slide_named_as_context_of_a_confounding_check_is_no_refusal() -> None:
    tool, args = call(
        "Our ops lead has a slide showing that members who used the mask sleep more nightly "
        "hours. Before the slide goes to the board, is that comparison confounded by the member "
        "segment?"
    )
    assert tool == "estimate_effect", args
    assert args["treatment"] == "mask_used"
    assert args["outcome"] == "nightly_hours"
    assert args["focus"] == "confounding"
    assert args["common_causes"] == ["member_segment"]
    assert "by" not in args  # the segment is the confounder asked about, not a split


def test_a_name_that_starts_with_net_is_read_whole() -> None:
    tool, args = call("what is the effect of the lottery offer on the net satisfaction score?")
    assert tool == "estimate_effect"
    assert args["outcome"] == "net_satisfaction_score"


def test_an_instrument_someone_wants_used_reaches_the_call() -> None:
    tool, args = call(
        "The lottery was fair, so my supervisor wants it used as the instrument. What does "
        "using the mask do to nightly hours?"
    )
    assert tool == "estimate_effect"
    assert args["instrument"] == "lottery_offer"
    assert (args["treatment"], args["outcome"]) == ("mask_used", "nightly_hours")


def test_a_device_said_as_worn_is_its_used_column() -> None:
    # (every word of the phrase must name the column: "wearing" names "used")
    tool, args = call("does wearing the mask every night change nightly hours?")
    assert tool == "estimate_effect"
    assert args["treatment"] == "mask_used"


def test_a_body_measure_of_the_rows_asks_which_measurement() -> None:
    # weight is a trait the members bring, like ahi_base: both measurements are candidates
    tool, args = call("How much does a member's weight push up their AHI?")
    assert tool is None
    assert "ahi_base" in args["reply"] and "ahi_6m" in args["reply"]
    # something done after enrolment cannot change the baseline: the later one is read
    tool, args = call("How much does using the mask lower the AHI?")
    assert tool == "estimate_effect"
    assert args["outcome"] == "ahi_6m"


LAST = {"dataset": "clinic", "treatment": "mask_used", "outcome": "renewed"}


def test_a_follow_up_request_after_context_sentences_changes_the_outcome() -> None:
    tool, args = call(
        "OK, so the mask helps renewals. Finance's question is different though: they care about "
        "money, not just whether people stay. Could you look at the same thing for upgrade "
        "revenue?",
        turn("effect of the mask on renewal", "estimate_effect", LAST),
    )
    assert tool == "estimate_effect"
    assert (args["treatment"], args["outcome"]) == ("mask_used", "upgrade_revenue_usd")


def test_do_the_effect_again_with_bootstrap_keeps_the_last_estimate() -> None:
    tool, args = call(
        "can you do the effect again but with bootstrap this time, 200 resamples?",
        turn("effect of the mask on renewal", "estimate_effect", LAST),
    )
    assert tool == "estimate_effect"
    assert (args["treatment"], args["outcome"], args["n_boot"]) == ("mask_used", "renewed", 200)


def test_an_aside_after_the_request_verb_is_no_part_of_the_question() -> None:
    tool, args = call("Could you find out, for the annual report, whether the mask lowers the AHI?")
    assert tool == "estimate_effect"
    assert (args["treatment"], args["outcome"]) == ("mask_used", "ahi_6m")


def test_a_request_for_an_effect_said_with_its_outcome_first_is_no_capability_question() -> None:
    # "can you do the renewal effect of the mask ...": a request, not "can you do weighting?"
    tool, args = call("can you do the renewal effect of the mask but with weighting this time")
    assert not str(args.get("reply", "")).startswith("Yes")
    tool, args = call("can you do the mask's effect on renewal with matching?")
    assert tool == "estimate_effect"
    assert (args["treatment"], args["outcome"], args["method"]) == (
        "mask_used",
        "renewed",
        "matching",
    )


def test_whether_that_holds_once_adjusted_is_the_claim_before_adjusted() -> None:
    tool, args = call(
        "Members who used the mask renew more often. Could you check whether that holds once you "
        "account for the member segment?"
    )
    assert tool == "estimate_effect"
    assert (args["treatment"], args["outcome"]) == ("mask_used", "renewed")
    assert args["common_causes"] == ["member_segment"]  # (a confounder, not a split)


def test_controls_someone_wants_held_fixed_reach_the_call() -> None:
    tool, args = call(
        "I'd like you to estimate the mask's effect on nightly hours; the sleep physician wants "
        "weight and the member segment held fixed, and she prefers matching."
    )
    assert tool == "estimate_effect"
    assert set(args["common_causes"]) == {"weight_kg", "member_segment"}
    assert args["method"] == "matching"


def test_groups_said_before_differently_are_the_split() -> None:
    assert normalise("does the mask change renewals for the members differently?") == (
        "does the mask change renewals differently for the members?"
    )
