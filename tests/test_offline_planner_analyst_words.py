"""The offline planner on the less common analyses in analysts' own words, about a table its rules
were not written for (coworking memberships): amounts in words ("twelve percent", "an extra 3
hours"), a mechanism offered as the explanation ("is it the extra events that explains it?", "by
getting members to attend more events", a column glossed in brackets), a group asked about
before the request ("for which kinds of desk ..."), groups said as people with a level ("the
members in Lisbon as much as those in Berlin"), leaving said as "push members out", doubts said
as "explain that away", "just selection", "the raw gap between ... and the rest", results put
"side by side", an outcome said after the question ("...? nps"), and follow-ups that stand on
their own or drop the split. No tool runs."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.agents.spelt_numbers import digits
from tests.planner_kit import col, plan, profile, turn

#: The arguments that carry what the question asked: each must be exactly as expected.
SLOTS = ("treatment", "outcome", "mediator", "by", "common_causes", "focus", "what_if", "methods")

COWORK = {
    **profile(
        "cowork",
        1800,
        col("member_id", "id", 1800),
        col("city", "categorical", 3),
        col("desk_type", "categorical", 3),
        col("plan_level", "discrete", 4),
        col("onboarding_call", "binary", 2),
        col("events_attended", "discrete", 12),
        col("hours_on_site", "continuous"),
        col("monthly_fee_eur", "continuous"),
        col("nps", "continuous"),
        col("cancelled", "binary", 2),
    ),
    "current": True,
    "notes": [
        "encoded categorical column 'city' as integer codes (Berlin=0, Lisbon=1, Porto=2) for "
        "discovery; effect estimators use one indicator per level",
        "encoded categorical column 'desk_type' as integer codes (fixed=0, hot=1, office=2) for "
        "discovery; effect estimators use one indicator per level",
    ],
}


def effect(**args: Any) -> dict[str, Any]:
    return {"dataset": "cowork", **args}


CASES = [
    # amounts in words and "an extra N" before the unit
    (
        "what if the monthly fee went up twelve percent? cancellations?",
        effect(
            treatment="monthly_fee_eur",
            outcome="cancelled",
            focus="what_if",
            what_if={"op": "scale", "value": 1.12},
        ),
    ),
    (
        "an extra 3 hours on site per member - what does that do to nps?",
        effect(
            treatment="hours_on_site",
            outcome="nps",
            focus="what_if",
            what_if={"op": "add", "value": 3.0},
        ),
    ),
    # a mechanism offered as the explanation, said with what people are brought to do, glossed
    (
        "members with an onboarding call give a higher nps. is it the extra events attended that "
        "explains it?",
        effect(treatment="onboarding_call", outcome="nps", mediator="events_attended"),
    ),
    (
        "Does the onboarding call raise nps mainly by getting members to attend more events?",
        effect(treatment="onboarding_call", outcome="nps", mediator="events_attended"),
    ),
    (
        "members with an onboarding call give a higher nps. how much of that goes through them "
        "just showing up more (hours on site)?",
        effect(treatment="onboarding_call", outcome="nps", mediator="hours_on_site"),
    ),
    # groups asked about first, or said as people with a level
    (
        "For which kinds of desk does the onboarding call do the most for nps?",
        effect(treatment="onboarding_call", outcome="nps", by="desk_type"),
    ),
    (
        "Does the onboarding call help the members in Lisbon as much as those in Berlin? nps",
        effect(treatment="onboarding_call", outcome="nps", by="city"),
    ),
    (
        "Does the fee push members out more in Porto than in Berlin?",
        effect(treatment="monthly_fee_eur", outcome="cancelled", by="city"),
    ),
    # doubts about a claim
    (
        "Members with an onboarding call cancel less. Could the plan level explain that away?",
        effect(
            treatment="onboarding_call",
            outcome="cancelled",
            focus="confounding",
            common_causes=["plan_level"],
        ),
    ),
    (
        "is the onboarding/nps link just selection? check it against plan level",
        effect(
            treatment="onboarding_call",
            outcome="nps",
            focus="confounding",
            common_causes=["plan_level"],
        ),
    ),
    (
        "Is the raw nps gap between members with the onboarding call and the rest misleading?",
        effect(treatment="onboarding_call", outcome="nps", focus="confounding"),
    ),
    # results side by side (no split "by side"), an outcome said after the question
    (
        "estimate onboarding call on nps with ipw and matching and put them side by side",
        effect(treatment="onboarding_call", outcome="nps", methods=["ipw", "matching"]),
    ),
    (
        "does the onboarding call work differently by city? nps",
        effect(treatment="onboarding_call", outcome="nps", by="city"),
    ),
    (
        "onboarding call & nps: does it differ between Berlin, Lisbon and Porto?",
        effect(treatment="onboarding_call", outcome="nps", by="city"),
    ),
    (
        "who benefits most from the onboarding call, by desk type? nps",
        effect(treatment="onboarding_call", outcome="nps", by="desk_type"),
    ),
    # what else the group has, said after the claim, is the confounder; a doubt said as
    # surviving an adjustment
    (
        "Members with an onboarding call cancel less, but they also sit on higher plan levels. "
        "Is the raw cancellation gap misleading?",
        effect(
            treatment="onboarding_call",
            outcome="cancelled",
            focus="confounding",
            common_causes=["plan_level"],
        ),
    ),
    (
        "would the onboarding call / nps association survive controlling for city?",
        effect(
            treatment="onboarding_call", outcome="nps", focus="confounding", common_causes=["city"]
        ),
    ),
    # a change the treatment brings about is its mechanism, "only because" notwithstanding; a
    # possessive change of the outcome ("the call's nps lift")
    (
        "does the onboarding call raise nps only because the events attended end up higher?",
        effect(treatment="onboarding_call", outcome="nps", mediator="events_attended"),
    ),
    (
        "What portion of the onboarding call's nps lift is explained by more events attended?",
        effect(treatment="onboarding_call", outcome="nps", mediator="events_attended"),
    ),
    # amounts: "and a half", an extra half unit with its rate, the units a scenario covers
    (
        "fee up by two and a half euros - cancellations?",
        effect(
            treatment="monthly_fee_eur",
            outcome="cancelled",
            focus="what_if",
            what_if={"op": "add", "value": 2.5},
        ),
    ),
    (
        "members staying an extra half hour on site a day - what happens to nps?",
        effect(
            treatment="hours_on_site",
            outcome="nps",
            focus="what_if",
            what_if={"op": "add", "value": 0.5},
        ),
    ),
    (
        "shave a fifth off the monthly fee - cancellations?",
        effect(
            treatment="monthly_fee_eur",
            outcome="cancelled",
            focus="what_if",
            what_if={"op": "scale", "value": 0.8},
        ),
    ),
    (
        "members with an onboarding call give a higher nps. is it the higher events attended "
        "that does it, and how much?",
        effect(treatment="onboarding_call", outcome="nps", mediator="events_attended"),
    ),
    (
        "is the onboarding call worth more for some desk types than others? nps",
        effect(treatment="onboarding_call", outcome="nps", by="desk_type"),
    ),
    (
        "put fifteen more events in each city: nps?",
        effect(
            treatment="events_attended",
            outcome="nps",
            focus="what_if",
            what_if={"op": "add", "value": 15.0},
        ),
    ),
]


def _slots(args: dict[str, Any]) -> dict[str, Any]:
    out = {k: args.get(k) for k in SLOTS}
    for key in ("common_causes", "methods"):
        if out[key] is not None:
            out[key] = sorted(out[key])
    if out["methods"] is not None:
        out["methods"] = sorted(m.replace("weighting", "ipw") for m in out["methods"])
    return out


def _check(msg: Any, expected: dict[str, Any]) -> None:
    assert msg.tool_calls, msg.content
    call = msg.tool_calls[0]
    assert call["name"] == "estimate_effect", call
    assert call["args"]["dataset"] == expected["dataset"]
    assert _slots(call["args"]) == _slots(expected), call["args"]


@pytest.mark.parametrize(("question", "expected"), CASES, ids=[q[:50] for q, _ in CASES])
def test_less_common_analyses_in_analysts_words(question: str, expected: dict[str, Any]) -> None:
    _check(plan(question, [COWORK]), expected)


FOLLOW_UPS = [
    # a question that names its own treatment and outcome after a description stands alone
    (
        turn("describe the cowork table", "describe", {"dataset": "cowork"}),
        "ok. does the onboarding call work differently by desk type? nps",
        effect(treatment="onboarding_call", outcome="nps", by="desk_type"),
    ),
    # "drop the split - is it confounded by Z?": the split removed, the doubt checked
    (
        turn(
            "onboarding call effect on cancellations by city",
            "estimate_effect",
            effect(treatment="onboarding_call", outcome="cancelled", by="city"),
        ),
        "now drop the split - is it just confounded by plan level though?",
        effect(
            treatment="onboarding_call",
            outcome="cancelled",
            focus="confounding",
            common_causes=["plan_level"],
        ),
    ),
    # a role removed in a sentence of its own, beside the change asked for
    (
        turn(
            "does the onboarding call raise nps through events?",
            "estimate_effect",
            effect(treatment="onboarding_call", outcome="nps", mediator="events_attended"),
        ),
        "forget the mediator. is it different for each city?",
        effect(treatment="onboarding_call", outcome="nps", by="city"),
    ),
    # another kind of analysis after a comparison of methods: the estimator is the planner's
    (
        turn(
            "compare ipw and matching for the onboarding call on nps",
            "estimate_effect",
            effect(treatment="onboarding_call", outcome="nps", methods=["ipw", "matching"]),
        ),
        "fine. now just split it by city",
        effect(treatment="onboarding_call", outcome="nps", by="city"),
    ),
    # another amount for the scenario: a cut stays a cut
    (
        turn(
            "what if we cut the fee by 10%? cancellations",
            "estimate_effect",
            effect(
                treatment="monthly_fee_eur",
                outcome="cancelled",
                focus="what_if",
                what_if={"op": "scale", "value": 0.9},
            ),
        ),
        "make it 20%",
        effect(
            treatment="monthly_fee_eur",
            outcome="cancelled",
            focus="what_if",
            what_if={"op": "scale", "value": 0.8},
        ),
    ),
]


@pytest.mark.parametrize(
    ("history", "question", "expected"), FOLLOW_UPS, ids=[q[:50] for _, q, _ in FOLLOW_UPS]
)
def test_follow_ups_after_any_step(history: list[Any], question: str, expected: dict) -> None:
    _check(plan(question, [COWORK], history=history), expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("prices up fifteen percent", "prices up 15 percent"),
        ("twenty-five more minutes", "25 more minutes"),
        ("two hundred and fifty resamples", "250 resamples"),
        ("a thousand draws", "1000 draws"),
        ("up two and a half points", "up 2.5 points"),
        ("3 and a quarter hours", "3.25 hours"),
        # one to ten are pronouns and articles as often as numbers: left to the readers
        ("every policy had one", "every policy had one"),
        ("ten more staff", "ten more staff"),
    ],
)
def test_amounts_in_words_become_digits(text: str, expected: str) -> None:
    assert digits(text) == expected
