"""The offline planner on scenarios said as a plan or as a share of the units, about a table its
rules were not written for (delivery depots): a plan for every unit said as a decision, then a
question about it ("we're putting the route app in every depot - what happens to late
deliveries?"), is the scenario that sets the plan's yes/no column to 1 for all; a share of the
units having a property ("if half of the vans at every depot were electric") sets the column that
holds that share to the percentage; an amount had before its noun ("had a $300 driver bonus")
is the level set; "how old the vehicles are" is their age; a setting by a name no option has ("damping 0.4") is
said not to be used. A plan that is an analysis ("we're looking at every depot")
is no scenario. On a members' table, a claim that "the fee is what makes members leave" is the
fee's effect on leaving (asked back when "fee" fits two columns), also when someone else's, and
"whether they got upgraded" in a follow-up is the yes/no column it names. No tool runs."""

from __future__ import annotations

import pytest

from tests.planner_kit import col, plan, profile, turn

DEPOTS = profile(
    "depots",
    700,
    col("depot_id", "id", 700),
    col("region", "categorical", 3),
    col("vans_n", "discrete", 40),
    col("electric_van_pct", "continuous"),
    col("route_app", "binary", 2),
    col("driver_bonus_usd", "continuous"),
    col("fleet_age_yrs", "continuous"),
    col("fuel_cost_k", "continuous"),
    col("late_deliveries", "discrete", 30),
)


def call(question: str) -> dict:
    msg = plan(question, [DEPOTS])
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["args"]


@pytest.mark.parametrize(
    "question",
    [
        "we're putting the route app in every depot - what happens to late deliveries?",
        "we will give all depots the route app. effect on late deliveries?",
        "heads up: we're going to roll the route app out to every depot. what will that do to "
        "late deliveries?",
    ],
)
def test_a_plan_for_every_unit_is_the_scenario_of_all_on_it(question: str) -> None:
    got = call(question)
    assert got["treatment"] == "route_app"
    assert got["outcome"] == "late_deliveries"
    assert got.get("focus") == "what_if"
    assert got.get("what_if") == {"op": "set", "value": 1.0}


@pytest.mark.parametrize(
    ("question", "share"),
    [
        ("what would fuel costs be if half of the vans at every depot were electric?", 50.0),
        ("what if a quarter of the vans were electric - fuel cost?", 25.0),
        ("suppose 40% of each depot's vans were electric: what happens to fuel costs?", 40.0),
    ],
)
def test_a_share_of_the_units_sets_the_share_column(question: str, share: float) -> None:
    got = call(question)
    assert got["treatment"] == "electric_van_pct"
    assert got["outcome"] == "fuel_cost_k"
    assert got.get("focus") == "what_if"
    assert got.get("what_if") == {"op": "set", "value": share}


@pytest.mark.parametrize(
    "question",
    [
        "what if every depot had a $300 driver bonus - late deliveries?",
        "what if each depot had a 300 driver bonus? late deliveries",
    ],
)
def test_an_amount_had_before_its_noun_is_the_level_set(question: str) -> None:
    got = call(question)
    assert got["treatment"] == "driver_bonus_usd"
    assert got.get("what_if") == {"op": "set", "value": 300.0}


def test_a_quantity_said_as_an_indirect_question_is_its_column() -> None:
    got = call(
        "effect of the route app on late deliveries, controlling for how old the vehicles are"
    )
    assert got["treatment"] == "route_app"
    assert got.get("common_causes") == ["fleet_age_yrs"]


def test_a_setting_no_option_has_is_said_not_used() -> None:
    msg = plan("effect of the route app on late deliveries, damping 0.4", [DEPOTS])
    assert msg.tool_calls and msg.tool_calls[0]["args"]["treatment"] == "route_app"
    assert "damping" in msg.content and "Not used" in msg.content
    kept = plan("effect of the route app on late deliveries, bootstrap 300", [DEPOTS])
    assert kept.tool_calls[0]["args"].get("n_boot") == 300
    assert "Not used" not in kept.content


def test_an_analysis_planned_for_every_unit_is_no_scenario() -> None:
    msg = plan("we're looking at every depot - what drives late deliveries?", [DEPOTS])
    assert not any(c["args"].get("focus") == "what_if" for c in msg.tool_calls)


CLUBS = profile(
    "clubs",
    800,
    col("member_id", "id", 800),
    col("age_yrs", "continuous"),
    col("monthly_fee", "continuous"),
    col("joining_fee", "continuous"),
    col("visits_wk", "continuous"),
    col("left_club", "binary", 2),
    col("upgraded", "binary", 2),
)


@pytest.mark.parametrize(
    "question",
    [
        "the fee is what makes members leave",
        "Someone in finance swears the fee is what makes members leave. Can you check whether the "
        "fee has anything to do with members leaving?",
    ],
)
def test_a_claim_that_x_is_what_makes_y_asks_which_x(question: str) -> None:
    msg = plan(question, [CLUBS])
    assert not msg.tool_calls, msg.tool_calls
    assert "monthly_fee" in msg.content and "joining_fee" in msg.content
    assert "?" in msg.content


def test_a_claim_that_x_is_what_keeps_y_is_its_effect() -> None:
    msg = plan("weekly visits are what keep members from leaving, right?", [CLUBS])
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args.get("treatment"), args.get("outcome")) == ("visits_wk", "left_club")


def test_a_yes_no_outcome_said_as_a_clause_is_its_column() -> None:
    before = turn(
        "effect of weekly visits on leaving",
        "estimate_effect",
        {"dataset": "clubs", "treatment": "visits_wk", "outcome": "left_club"},
    )
    msg = plan("hm. try whether they got upgraded at all then", [CLUBS], history=before)
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("visits_wk", "upgraded")
