"""The offline planner on the field terms analysts bring (marketing's "incrementality",
economics' "treatment on the treated" and "control function") and on options of an effect
estimate that the tool does not have (a matching caliper, BCa intervals, a one-sided test):
the terms are read as the product's own slots, the options missing are said in the reply
rather than dropped in silence, a bootstrap count in thousands ("10k") is the count, and
"stratify by" a column asks for subgroups, not the stratification estimator. Planner only: no
tool runs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from copilot.agents.lexicon import unavailable_options
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message

TOOLS = ["describe", "discover", "estimate_effect"]


def col(name: str, kind: str, card: int = 500) -> dict[str, Any]:
    return {"name": name, "kind": kind, "missing_share": 0.0, "cardinality": card}


SHOPS = {
    "id": "shops",
    "name": "shops",
    "source": "shops.csv",
    "n": 1000,
    "p": 7,
    "columns": [
        col("shop_id", "id"),
        col("region", "categorical", 3),
        col("floor_m2", "continuous"),
        col("voucher_mail", "binary", 2),
        col("voucher_lottery", "binary", 2),
        col("weekly_orders", "continuous"),
        col("basket_gbp", "continuous"),
    ],
}


def ask(question: str, history: list[Any] = ()) -> AIMessage:
    state = {"datasets": {"shops": {**SHOPS, "current": True}}, "models": {}}
    return next_message([system_message(state), *history, HumanMessage(question)], TOOLS)


def call(question: str) -> tuple[dict[str, Any], str]:
    msg = ask(question)
    assert msg.tool_calls, f"{question!r}: no tool call; replied {msg.content!r}"
    assert msg.tool_calls[0]["name"] == "estimate_effect"
    return msg.tool_calls[0]["args"], msg.content


@pytest.mark.parametrize(
    "question, want, said",
    [
        # marketing: incrementality is the effect
        (
            "what's the incrementality of the voucher mail on weekly orders?",
            {"treatment": "voucher_mail", "outcome": "weekly_orders"},
            None,
        ),
        # economics: the effect on the treated is estimated as the average effect, and said so
        (
            "treatment on the treated of the voucher mail on basket size",
            {"treatment": "voucher_mail", "outcome": "basket_gbp"},
            "ATT",
        ),
        # a control function with an instrument is the instrumental-variable estimate
        (
            "control function approach for voucher mail on weekly orders, the lottery as instrument",
            {
                "treatment": "voucher_mail",
                "outcome": "weekly_orders",
                "instrument": "voucher_lottery",
            },
            "control function",
        ),
        # options the estimate does not have: named in the reply, the rest of the call kept
        (
            "PSM with a caliper of 0.1 for voucher mail on weekly orders",
            {"treatment": "voucher_mail", "outcome": "weekly_orders", "method": "matching"},
            "caliper",
        ),
        (
            "voucher mail -> basket gbp, bootstrap 2k BCa",
            {"treatment": "voucher_mail", "outcome": "basket_gbp", "n_boot": 2000},
            "BCa",
        ),
        (
            "voucher mail on weekly orders with 1.5k bootstrap draws, one-sided please",
            {"treatment": "voucher_mail", "outcome": "weekly_orders", "n_boot": 1500},
            "one-sided",
        ),
    ],
)
def test_field_terms_and_options_not_offered(question, want, said):
    args, content = call(question)
    for key, value in want.items():
        assert args.get(key) == value, (question, args)
    assert "caliper" not in json.dumps(args)
    if said:
        assert "Not used" in content and said in content, (question, content)
    else:
        assert "Not used" not in content, (question, content)


def test_options_not_offered_are_read_as_words():
    assert unavailable_options("a percentile bootstrap, two-sided") == []
    assert len(unavailable_options("bias-corrected and accelerated, with a caliper")) == 2
    # "attendance" holds the letters of "att" but names no estimand
    assert unavailable_options("effect on attendance") == []


def test_stratify_by_a_column_is_subgroups_not_the_estimator():
    first = {"dataset": "shops", "treatment": "voucher_mail", "outcome": "weekly_orders"}
    result = {"ate": 1.2, "ci": [0.9, 1.5], "method": "linear_regression", "estimand": "backdoor"}
    history = [
        HumanMessage("effect of voucher_mail on weekly_orders"),
        AIMessage("", tool_calls=[{"name": "estimate_effect", "args": first, "id": "c0"}]),
        ToolMessage(json.dumps({"ok": True, "result": result}), tool_call_id="c0"),
        AIMessage("Done."),
    ]
    msg = ask("now stratify by region", history)
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert args.get("by") == "region" and "method" not in args, args
    # the estimator itself is still read where the propensity score is what is stratified on
    args, _ = call("voucher mail on weekly orders, stratify on the propensity score")
    assert args.get("method") == "stratification", args


@pytest.mark.parametrize(
    "question, controls",
    [
        # "crude vs adjusted for Z": a confounding check with Z as the controls, the pair said
        # in the sentence before
        (
            "mailed shops order more. crude vs adjusted for region and floor area?",
            ["region", "floor_m2"],
        ),
        ("voucher mail on weekly orders, crude vs adjusted for region", ["region"]),
        # "Z as confounder" in a clause of its own names a control, as "with Z as ..." does
        ("voucher mail -> weekly orders, region as confounder", ["region"]),
        ("voucher mail on basket size, region and floor area as controls", ["region", "floor_m2"]),
    ],
)
def test_controls_said_with_field_words(question, controls):
    args, _ = call(question)
    assert args["treatment"] == "voucher_mail", args
    assert sorted(args.get("common_causes") or []) == sorted(controls), args
    if "crude" in question:
        assert args.get("focus") == "confounding", args


CLINICS = {
    "id": "clinics",
    "name": "clinics",
    "source": "clinics.csv",
    "n": 800,
    "p": 5,
    "columns": [
        col("clinic_id", "id"),
        col("mentor_offer", "binary", 2),
        col("mentoring", "binary", 2),
        col("wait_min", "continuous"),
        col("rating", "continuous"),
    ],
}


@pytest.mark.parametrize(
    "question",
    [
        # the word that is a column's whole name is that column, not one whose word it inflects
        "Some clinics actually got mentoring. What did it do to their rating?",
        # a question after a comma points back to the clause before it
        "for the clinics that got mentoring, what did it do to their rating?",
        "effect on the treated, for the clinics that got mentoring, what did it do to the rating?",
    ],
)
def test_pointer_back_finds_the_whole_name(question):
    state = {"datasets": {"clinics": {**CLINICS, "current": True}}, "models": {}}
    msg = next_message([system_message(state), HumanMessage(question)], TOOLS)
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("mentoring", "rating"), args
    assert ("ATT" in msg.content) == ("treated" in question), msg.content
