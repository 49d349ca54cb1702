"""The offline planner on what-if scenarios whose amount is said in words and in a unit other than
the column's: staying longer read as time with the organisation (converted to the column's own
unit), half of one unit read as an amount rather than a halving, an amount of time not folded into
a column name that abbreviates it, a noun phrase whose head comes before a preposition, and the
baseline of a comparison left out of the outcome. Planner only: no tool runs."""

from __future__ import annotations

import pytest

from copilot.agents.columns import match_column, tenure_column, time_change
from copilot.agents.intents import parse_question
from tests.planner_kit import col, plan, profile

#: Members of a climbing gym: an age in years, time as a member in months, a count over the last
#: six months, two durations in minutes and a yes/no renewal.
CLIMBERS = profile(
    "climbers",
    700,
    col("climber_id", "id", 700),
    col("age_yrs", "continuous"),
    col("membership_mo", "continuous"),
    col("visits_6m", "discrete", 40),
    col("wait_min", "continuous"),
    col("session_min", "continuous"),
    col("route_grade", "continuous"),
    col("renewed", "binary", 2),
)
#: Technicians of a repair firm: years of service, a rate per week, output.
TECHNICIANS = profile(
    "technicians",
    500,
    col("tech_id", "id", 500),
    col("service_yrs", "continuous"),
    col("jobs_per_wk", "continuous"),
    col("first_fix_pct", "continuous"),
)


def effect_call(question: str, ds: dict) -> dict:
    msg = plan(question, [ds])
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "estimate_effect"
    return msg.tool_calls[0]["args"]


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("if every climber stayed a year longer with us, how would the route grade change?", 12.0),
        ("Had every climber been with us six months longer, what would the grade have been?", 6.0),
        ("If the members remain two more months, how much changes the route grade?", 2.0),
    ],
)
def test_staying_longer_changes_the_time_with_the_organisation_in_its_own_unit(question, value):
    # ("a year" is the unit of `age_yrs`, "six months" abbreviated in `visits_6m`: staying longer
    # is the membership, and the amount is converted to its months)
    args = effect_call(question, CLIMBERS)
    assert args["treatment"] == "membership_mo"
    assert args["outcome"] == "route_grade"
    assert args["what_if"] == {"op": "add", "value": pytest.approx(value)}


def test_staying_months_longer_converts_to_a_column_in_years():
    args = effect_call(
        "If the technicians stay 6 months more in the company, how much changes the first fix?",
        TECHNICIANS,
    )
    assert args["treatment"] == "service_yrs"
    assert args["what_if"] == {"op": "add", "value": pytest.approx(0.5)}


def test_half_a_unit_shorter_is_an_amount_not_a_halving():
    # two columns in minutes: the one the words name changes by half a minute
    args = effect_call(
        "If the wait were half a minute shorter for everyone, how would the route grade change?",
        CLIMBERS,
    )
    assert args["treatment"] == "wait_min"
    assert args["what_if"] == {"op": "add", "value": -0.5}


def test_an_amount_of_time_and_the_tables_without_a_tenure_column():
    assert time_change("had they stayed two more weeks") == (2.0, "week")
    assert time_change("half a year shorter") == (-0.5, "year")
    assert time_change("a year ago, they stayed") is None  # no direction: no change said
    assert tenure_column(CLIMBERS) == "membership_mo"
    assert tenure_column(profile("t", 10, col("age_yrs", "continuous"))) is None


def test_the_head_of_a_noun_phrase_comes_before_between():
    names = ["wait_min", "bus_count", "fare"]
    assert match_column("wait between buses", names).column == "wait_min"


def test_the_baseline_of_a_comparison_is_no_part_of_the_outcome():
    it = parse_question(
        "Had every climber slept one hour more, what would the route grade have been on average "
        "compared with now?"
    )
    assert it.outcome == "route grade"
    assert it.what_if["op"] == "add" and it.what_if["value"] == 1.0
