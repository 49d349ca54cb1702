"""The offline planner on the less common analyses as users say them, about a table its rules
were not written for (a subscription-box company): outcomes said as what people do ("drive
customers away", "walking away"), a claim followed by a question that points back to it ("is that
number misleading?", "could Z be confounding this?"), a mediator said as its change ("the rise in
satisfaction"), a control said as a clause ("how intense their usage was"), amounts in money and
in words ("by $3", "half a dollar"), phrasal verbs of a change ("turn the price down"), subgroups
named by their levels, and missing values said as never recorded. No tool runs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from copilot.agents.event_phrases import fold_events
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import col

TOOLS = ["describe", "discover", "estimate_effect"]
#: The arguments that carry what the question asked: each must be exactly as expected.
SLOTS = ("treatment", "outcome", "mediator", "by", "common_causes", "focus", "what_if")


BOXES = {
    "id": "boxes",
    "name": "boxes",
    "source": "boxes.csv",
    "n": 1500,
    "p": 12,
    "columns": [
        col("sub_id", "id", 1500),
        col("region", "categorical", 3),
        col("age_yrs", "continuous"),
        col("referral", "binary", 2),
        col("welcome_call", "binary", 2),
        col("usage_intensity", "continuous"),
        col("support_tickets", "discrete", 8),
        col("support_cost_usd", "continuous"),
        col("monthly_price_usd", "continuous"),
        col("sat_score", "continuous"),
        col("cancelled", "binary", 2),
    ],
    "notes": [
        "encoded categorical column 'region' as integer codes (coastal=0, north=1, south=2) for "
        "discovery; effect estimators use one indicator per level"
    ],
}


def ask(question: str) -> AIMessage:
    state = {"datasets": {"boxes": {**BOXES, "current": True}}, "models": {}}
    return next_message([system_message(state), HumanMessage(question)], TOOLS)


def effect(**args: Any) -> dict[str, Any]:
    return {"dataset": "boxes", **args}


CASES = [
    # an outcome said as what people do, the cause in the sentence before, a subgroup by level
    (
        "We give some new subscribers a welcome call in their first week. Does that stop customers "
        "walking away, and is it different for coastal customers?",
        effect(treatment="welcome_call", outcome="cancelled", by="region"),
    ),
    (
        "If we raised every monthly price by $3, would it drive customers away?",
        effect(
            treatment="monthly_price_usd",
            outcome="cancelled",
            focus="what_if",
            what_if={"op": "add", "value": 3.0},
        ),
    ),
    # a claim, then a question that points back to it
    (
        "Customers with a welcome call raise fewer support tickets. Is that number misleading?",
        effect(treatment="welcome_call", outcome="support_tickets", focus="confounding"),
    ),
    (
        "Subscribers with a welcome call seem to score higher on satisfaction. Could age be "
        "confounding this?",
        effect(
            treatment="welcome_call",
            outcome="sat_score",
            focus="confounding",
            common_causes=["age_yrs"],
        ),
    ),
    # a control said as a clause: the one column a word of it names
    (
        "Is the effect of the welcome call on cancellations confounded by how intense their "
        "usage was?",
        effect(
            treatment="welcome_call",
            outcome="cancelled",
            focus="confounding",
            common_causes=["usage_intensity"],
        ),
    ),
    # a mediator said as its change
    (
        "how much of the welcome call's effect on cancellations is explained by the rise in "
        "satisfaction?",
        effect(treatment="welcome_call", outcome="cancelled", mediator="sat_score"),
    ),
    # an amount in words and a phrasal verb of the change
    (
        "what if we turned the monthly price down by half a dollar, how many cancellations?",
        effect(
            treatment="monthly_price_usd",
            outcome="cancelled",
            focus="what_if",
            what_if={"op": "add", "value": -0.5},
        ),
    ),
    # "which customer segment": the rows, not a column; the levels name the column
    (
        "which customer segment benefits most from a referral in terms of cancellations - north, "
        "south or coastal?",
        effect(treatment="referral", outcome="cancelled", by="region"),
    ),
    # a mediator asked for with "something else going on" is no confounding check
    (
        "The welcome call seems to cut cancellations. Is that mostly because people get more "
        "satisfied, or is something else going on? How much goes through satisfaction?",
        effect(treatment="welcome_call", outcome="cancelled", mediator="sat_score"),
    ),
]


CASES += [
    # a subject of two groups compared ("... gain the same"), a question without its auxiliary
    (
        "do north and south subscribers gain the same from a referral on their satisfaction?",
        effect(treatment="referral", outcome="sat_score", by="region"),
    ),
    (
        "referral work better for the coastal customers than for the north ones, on cancellations?",
        effect(treatment="referral", outcome="cancelled", by="region"),
    ),
    # a doubt before the confounder; crude vs adjusted "for" the treatment
    (
        "People who get a welcome call cancel less. Is that real, or does age explain it?",
        effect(
            treatment="welcome_call",
            outcome="cancelled",
            focus="confounding",
            common_causes=["age_yrs"],
        ),
    ),
    (
        "I'm worried the referral analysis is biased: compare crude vs adjusted for referral on "
        "satisfaction",
        effect(treatment="referral", outcome="sat_score", focus="confounding"),
    ),
    # a tied word settled by the column the claim names
    (
        "Subscribers with a welcome call raise fewer support tickets - but they are also older. "
        "Is the call/support association confounded by age?",
        effect(
            treatment="welcome_call",
            outcome="support_tickets",
            focus="confounding",
            common_causes=["age_yrs"],
        ),
    ),
    # a count for everyone, a scope that is no outcome
    (
        "if every subscriber had 2 support tickets, what would satisfaction be?",
        effect(
            treatment="support_tickets",
            outcome="sat_score",
            focus="what_if",
            what_if={"op": "set", "value": 2.0},
        ),
    ),
    (
        "monthly price set to 20 on all plans: cancellations?",
        effect(
            treatment="monthly_price_usd",
            outcome="cancelled",
            focus="what_if",
            what_if={"op": "set", "value": 20.0},
        ),
    ),
    # a mediator after a hedge or an arrow effect; the event said with a causative
    (
        "what fraction of the referral effect on cancellations is explained by actually getting "
        "a welcome call",
        effect(treatment="referral", outcome="cancelled", mediator="welcome_call"),
    ),
    (
        "how much of the welcome call → cancellation effect is just higher satisfaction?",
        effect(treatment="welcome_call", outcome="cancelled", mediator="sat_score"),
    ),
    (
        "Prices went up in spring. Do they end up making subscribers cancel, and how much of "
        "that goes through satisfaction?",
        effect(treatment="monthly_price_usd", outcome="cancelled", mediator="sat_score"),
    ),
]


CASES += [
    # a mediator before ", or also directly"; a confounder said as inflating, behind both, or
    # after "only correlation because of"
    (
        "does the welcome call cut cancellations only through more satisfaction, or also directly?",
        effect(treatment="welcome_call", outcome="cancelled", mediator="sat_score"),
    ),
    (
        "Subscribers with a referral raise fewer support tickets. Is that number inflated by the "
        "region?",
        effect(
            treatment="referral",
            outcome="support_tickets",
            focus="confounding",
            common_causes=["region"],
        ),
    ),
    (
        "referral vs cancellations - could age be behind both?",
        effect(
            treatment="referral",
            outcome="cancelled",
            focus="confounding",
            common_causes=["age_yrs"],
        ),
    ),
    (
        "the welcome call and satisfaction, it is causal or only correlation because of age?",
        effect(
            treatment="welcome_call",
            outcome="sat_score",
            focus="confounding",
            common_causes=["age_yrs"],
        ),
    ),
    # a scenario in a sentence of its own; "ease" lowers
    (
        "Say prices rose by 2 dollars. Cancellations?",
        effect(
            treatment="monthly_price_usd",
            outcome="cancelled",
            focus="what_if",
            what_if={"op": "add", "value": 2.0},
        ),
    ),
    (
        "What happens to satisfaction if we ease the monthly price by 10%?",
        effect(
            treatment="monthly_price_usd",
            outcome="sat_score",
            focus="what_if",
            what_if={"op": "scale", "value": 0.9},
        ),
    ),
    # the event said before, pointed to after; a claim about keeping people, then a subgroup
    (
        "Some subscribers just walk away. Does the welcome call prevent that?",
        effect(treatment="welcome_call", outcome="cancelled"),
    ),
    (
        "Our team says the welcome call keeps people from leaving. Is that true in every region?",
        effect(treatment="welcome_call", outcome="cancelled", by="region"),
    ),
]


CASES += [
    # a claim, then "some of that is just Z" or "is Z a confounder here"
    (
        "Referred subscribers cancel less. Surely some of that is just age? naive vs adjusted pls",
        effect(
            treatment="referral",
            outcome="cancelled",
            focus="confounding",
            common_causes=["age_yrs"],
        ),
    ),
    (
        "referred subscribers are more satisfied, but they also live in the south?? is the "
        "region a confounder here",
        effect(
            treatment="referral",
            outcome="sat_score",
            focus="confounding",
            common_causes=["region"],
        ),
    ),
    # the pointer to the sentence before is its predicate, named last
    (
        "Older subscribers raise many support tickets. Does the welcome call change that, and is "
        "it different by region?",
        effect(treatment="welcome_call", outcome="support_tickets", by="region"),
    ),
    # a duration changed by an amount; a level everyone runs at
    (
        "If usage intensity were 2 points less, would fewer subscribers cancel?",
        effect(
            treatment="usage_intensity",
            outcome="cancelled",
            focus="what_if",
            what_if={"op": "add", "value": -2.0},
        ),
    ),
]


@pytest.mark.parametrize(("question", "args"), CASES)
def test_reads_the_question(question: str, args: dict[str, Any]) -> None:
    msg = ask(question)
    assert msg.tool_calls, msg.content
    call = msg.tool_calls[0]
    assert call["name"] == "estimate_effect"
    assert call["args"]["dataset"] == "boxes"
    for key in SLOTS:
        assert call["args"].get(key) == args.get(key), key


def test_never_recorded_values_are_a_missing_values_question() -> None:
    msg = ask(
        "Some of our subscribers never had their age recorded. How many are we talking about?"
    )
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "describe"
    assert msg.tool_calls[0]["args"] == {"dataset": "boxes", "focus": "missing"}


@pytest.mark.parametrize(
    "question",
    [
        "Which variables have nonresponse, and how many subscribers does it affect?",
        "age data: did every subscriber log it?",
        "it miss some age values in the data? please count",
        "What share of subscribers don't have their age filled in?",
    ],
)
def test_missing_values_said_in_other_words(question: str) -> None:
    msg = ask(question)
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"] == {"dataset": "boxes", "focus": "missing"}


def test_event_phrases_fold_into_the_one_column_that_records_them() -> None:
    names = ["welcome_call", "cancelled", "sat_score"]
    assert fold_events("does it drive customers away?", names) == "does it drive cancelled?"
    assert fold_events("it drove people away", names) == "it drove cancelled"
    assert fold_events("do fewer members walk away?", names) == "do fewer cancelled?"
    assert fold_events("it keeps people from leaving", names) == "it cuts cancelled"
    assert fold_events("does it end up making people leave?", names) == "does it drive cancelled?"
    # two columns for the event: the phrase stays as said (the planner asks)
    assert fold_events("walk away", ["cancelled", "churned"]) == "walk away"
    # no column for it: nothing changes
    assert fold_events("end up back in hospital", names) == "end up back in hospital"
    assert fold_events("end up back in hospital", ["readmitted"]) == "readmitted"


def test_one_in_a_what_if_follow_up_is_the_treatment_just_estimated() -> None:
    state = {"datasets": {"boxes": {**BOXES, "current": True}}, "models": {}}
    before = {"dataset": "boxes", "treatment": "welcome_call", "outcome": "cancelled"}
    history = [
        HumanMessage("effect of the welcome call on cancellations"),
        AIMessage("", tool_calls=[{"name": "estimate_effect", "args": before, "id": "h0"}]),
        ToolMessage(json.dumps({"ok": True, "summary": "", "result": {}}), tool_call_id="h0"),
        AIMessage("Done."),
    ]
    msg = next_message(
        [system_message(state), *history, HumanMessage("what if every subscriber had one?")], TOOLS
    )
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert {k: args.get(k) for k in SLOTS} == {
        **dict.fromkeys(SLOTS),
        "treatment": "welcome_call",
        "outcome": "cancelled",
        "focus": "what_if",
        "what_if": {"op": "set", "value": 1.0},
    }


def test_a_percent_change_after_a_what_if_is_the_same_scenario_scaled() -> None:
    state = {"datasets": {"boxes": {**BOXES, "current": True}}, "models": {}}
    before = {
        "dataset": "boxes",
        "treatment": "monthly_price_usd",
        "outcome": "cancelled",
        "focus": "what_if",
        "what_if": {"op": "scale", "value": 1.1},
    }
    history = [
        HumanMessage("what if prices rose 10%, cancellations?"),
        AIMessage("", tool_calls=[{"name": "estimate_effect", "args": before, "id": "h0"}]),
        ToolMessage(json.dumps({"ok": True, "summary": "", "result": {}}), tool_call_id="h0"),
        AIMessage("Done."),
    ]
    msg = next_message(
        [system_message(state), *history, HumanMessage("and with a 20% increase?")], TOOLS
    )
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args["what_if"]) == (
        "monthly_price_usd",
        "cancelled",
        {"op": "scale", "value": 1.2},
    )
