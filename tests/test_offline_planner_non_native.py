"""The offline planner on requests to the assistant and the English of non-native speakers, on a
table the rules were not written for: a rate's time unit, "how much more Y does X give", causes
said as "the things that make Y", a doubt about a change the treatment makes, a group compared
with the others before the outcome, a change said as the state it leads to, and a request said as
the time of a second one. Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.planner_kit import col, plan, profile

TOOLS = ["describe", "discover", "estimate_effect"]

GARAGES = profile(
    "garages",
    900,
    col("garage_id", "id", 900),
    col("region", "categorical", 4),
    col("mechanics", "continuous", 12),
    col("online_booking", "binary", 2),
    col("labour_rate_gbp", "continuous"),
    col("wait_days", "continuous"),
    col("repeat_visit", "binary", 2),
    col("monthly_jobs", "continuous"),
    col("parts_markup_pct", "continuous"),
)


def call(question: str) -> tuple[str, dict[str, Any]]:
    msg = plan(question, [GARAGES], tools=TOOLS)
    assert msg.tool_calls, msg.content
    c = msg.tool_calls[0]
    return c["name"], {k: v for k, v in c["args"].items() if k != "dataset"}


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # a rate's time unit names no column ("per month" is not monthly_jobs)
        (
            "how much the online booking give more jobs to the garage per month?",
            {"treatment": "online_booking", "outcome": "monthly_jobs"},
        ),
        (
            "how much more jobs does online booking give per month?",
            {"treatment": "online_booking", "outcome": "monthly_jobs"},
        ),
        # a doubt about a change the treatment makes names the mechanism ...
        (
            "does online booking bring repeat visits only because of the shorter wait?",
            {"treatment": "online_booking", "outcome": "repeat_visit", "mediator": "wait_days"},
        ),
        # ... and one about a column as it is, a confounder
        (
            "does online booking bring repeat visits only because of the region?",
            {
                "treatment": "online_booking",
                "outcome": "repeat_visit",
                "common_causes": ["region"],
                "focus": "confounding",
            },
        ),
        # a group compared with the others, the outcome said last
        (
            "You can check if the online booking helps more in some regions than in others for "
            "the repeat visits?",
            {"treatment": "online_booking", "outcome": "repeat_visit", "by": "region"},
        ),
        # a change said as the state it leads to
        (
            "What will happen with the repeat visits if you make the labour rate 5 pounds more "
            "expensive?",
            {
                "treatment": "labour_rate_gbp",
                "outcome": "repeat_visit",
                "focus": "what_if",
                "what_if": {"op": "add", "value": 5.0},
            },
        ),
        (
            "if we make the wait 2 days shorter, what happens to repeat visits?",
            {
                "treatment": "wait_days",
                "outcome": "repeat_visit",
                "focus": "what_if",
                "what_if": {"op": "add", "value": -2.0},
            },
        ),
        # the request said as the time of a second one
        (
            "after you estimate the online booking effect on repeat visits, you make also a "
            "placebo test for check it",
            {"treatment": "online_booking", "outcome": "repeat_visit"},
        ),
    ],
)
def test_effect_requests(question: str, args: dict[str, Any]) -> None:
    name, got = call(question)
    assert name == "estimate_effect"
    assert {k: got.get(k) for k in args} == args
    assert not ({"mediator", "by", "common_causes"} - set(args)) & {k for k, v in got.items() if v}


@pytest.mark.parametrize(
    "question",
    [
        "tell me please what are the things that makes the repeat visits more likely",
        "what are the main factors that drive repeat visits?",
        "what are the reasons which lead customers to a repeat visit?",
    ],
)
def test_causes_said_as_the_things_that_make_the_outcome(question: str) -> None:
    assert call(question) == ("discover", {"algorithm": "auto", "target": "repeat_visit"})


def test_a_time_unit_that_is_a_fraction_stays_an_amount() -> None:
    name, got = call("what happens to repeat visits if we cut the labour rate by a quarter")
    assert name == "estimate_effect"
    assert got["treatment"] == "labour_rate_gbp" and got["focus"] == "what_if"
    assert got["what_if"] == {"op": "scale", "value": 0.75}
