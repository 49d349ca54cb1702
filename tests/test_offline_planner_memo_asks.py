"""The offline planner on requests to the assistant that leave a role to the context: a
confounding check that names the treatment and the confounder but no outcome asks for the
outcome (never reads the confounder and the treatment as the pair), a treatment said only as
what is handed to some rows more than to others. Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.intents import parse_question
from tests.planner_kit import col, plan, profile

#: Apprentices of a training scheme: a mentoring programme, a prior test score, a region and
#: two results.
SCHEME = profile(
    "scheme",
    900,
    col("apprentice_id", "id", 900),
    col("entry_test", "continuous"),
    col("region", "categorical", 4),
    col("mentoring", "binary", 2),
    col("hours_logged", "continuous"),
    col("certified", "binary", 2),
    col("wage_after", "continuous"),
)


def _asks_then(question: str, reply: str) -> dict[str, Any]:
    first = plan(question, [SCHEME])
    assert not first.tool_calls, first.tool_calls
    assert "outcome" in first.content and "?" in first.content, first.content
    # (the confounder is offered as neither end of the effect)
    assert "entry_test" not in first.content.split("Columns")[-1]
    second = plan(reply, [SCHEME], history=[HumanMessage(question), AIMessage(first.content)])
    assert second.tool_calls, second.content
    return second.tool_calls[0]["args"]


@pytest.mark.parametrize(
    "question",
    [
        "Could the entry test confound the effect of mentoring?",
        "does the entry test confound mentoring's effect?",
        "I'd like you to check whether the entry test confounds the mentoring effect.",
    ],
)
def test_a_confounding_check_without_an_outcome_asks_for_it(question):
    args = _asks_then(question, "certified")
    assert args["treatment"] == "mentoring"
    assert args["outcome"] == "certified"
    assert args["focus"] == "confounding"
    assert args["common_causes"] == ["entry_test"]


@pytest.mark.parametrize(
    "context",
    [
        "Mentoring is offered mostly to apprentices with a low entry test.",
        "The mentoring went mostly to apprentices with a low entry test.",
    ],
)
def test_the_treatment_of_a_check_is_what_is_handed_out_in_the_context(context):
    args = _asks_then(
        context + " Could you check whether the entry test confounds the comparison?", "wage"
    )
    assert (args["treatment"], args["outcome"]) == ("mentoring", "wage_after")
    assert args["focus"] == "confounding"
    assert args["common_causes"] == ["entry_test"]


def test_an_effect_with_its_outcome_is_still_read_whole():
    msg = plan("Could the entry test confound the effect of mentoring on the wage?", [SCHEME])
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("mentoring", "wage_after")


#: Members of a rowing club: weekly training hours, the share of sessions attended, a rating
#: and a race time.
ROWERS = profile(
    "rowers",
    400,
    col("rower_id", "id", 400),
    col("age_yrs", "continuous"),
    col("erg_hrs_wk", "continuous"),
    col("attend_pct", "continuous"),
    col("race_time_sec", "continuous"),
    col("coach_rating", "continuous"),
)


@pytest.mark.parametrize(
    ("question", "treatment", "value"),
    [
        (
            "If every rower came to 80% of the sessions, how would the race time change?",
            "attend_pct",
            80.0,
        ),
        (
            "Suppose each rower trained 6 hours a week: what would the race time be?",
            "erg_hrs_wk",
            6.0,
        ),
    ],
)
def test_a_level_said_only_by_its_amount_sets_the_column_in_that_unit(question, treatment, value):
    # (no column is named: the unit of the amount says which one every rower is set to)
    msg = plan(question, [ROWERS])
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == (treatment, "race_time_sec")
    assert args["what_if"] == {"op": "set", "value": value}


def test_an_amount_more_is_still_a_change():
    # ("2 hours more": a change of the level, not the level itself)
    intent = parse_question(
        "If every rower trained 2 hours more a week, how would the race time change?"
    )
    assert intent.what_if is not None and intent.what_if["op"] == "add"
    assert intent.what_if["value"] == 2.0


#: Shifts of a warehouse: a picking robot (mostly in the big depots), a depot, a tenure and
#: the results.
DEPOTS = profile(
    "depots",
    600,
    col("shift_id", "id", 600),
    col("depot", "categorical", 3),
    col("floor_m2", "continuous"),
    col("robot_assist", "binary", 2),
    col("staff_tenure", "continuous"),
    col("picks_hr", "continuous"),
    col("error_cnt", "discrete", 20),
)
DEPOTS["notes"] = ["encoded categorical column 'depot' as integer codes (Hull=0, Leeds=1, York=2)"]


def _call(question: str, ds: dict[str, Any]) -> dict[str, Any]:
    msg = plan(question, [ds])
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["args"]


def test_the_alternatives_of_an_indirect_question_are_a_doubt():
    args = _call(
        "Could you check for me whether it's really the robot that raises picks per hour, or "
        "whether it's the floor area?",
        DEPOTS,
    )
    assert (args["treatment"], args["outcome"]) == ("robot_assist", "picks_hr")
    assert args["focus"] == "confounding"
    assert args["common_causes"] == ["floor_m2"]


def test_a_third_variable_said_by_its_level_is_its_column():
    args = _call(
        "Is it really the robot that raises picks per hour, or is it just that they're in Leeds?",
        DEPOTS,
    )
    assert args["focus"] == "confounding"
    assert args["common_causes"] == ["depot"]


def test_a_difference_in_the_outcome_explained_takes_the_treatment_from_the_context():
    args = _call(
        "Shifts with the robot make fewer errors, but the robot went to the shifts with "
        "experienced staff. Could the staff tenure explain the difference in errors?",
        DEPOTS,
    )
    assert (args["treatment"], args["outcome"]) == ("robot_assist", "error_cnt")
    assert args["focus"] == "confounding"
    assert args["common_causes"] == ["staff_tenure"]


def test_a_difference_explained_without_a_treatment_asks_for_it():
    msg = plan("Could the staff tenure explain the difference in errors?", [DEPOTS])
    assert not msg.tool_calls, msg.tool_calls
    assert "treatment" in msg.content and "?" in msg.content


def test_options_said_before_a_request_read_alone_reach_the_call():
    msg = plan(
        "The auditors distrust weak links in the depot data. So be strict this time, an alpha of "
        "0.01, and because little here is linear, take the kernel test instead of the default. "
        "Could you draw it with PC?",
        [DEPOTS],
    )
    assert msg.tool_calls, msg.content
    name, args = msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]
    assert name == "discover"
    assert args["algorithm"] == "pc"
    assert args["alpha"] == 0.01
    assert args["ci_test"] == "kci"


#: A trial of a coaching app: an invitation sent at random, the app used, a score.
COACHING = profile(
    "coaching",
    800,
    col("person_id", "id", 800),
    col("invite_sent", "binary", 2),
    col("app_used", "binary", 2),
    col("sleep_score", "continuous"),
)


def test_a_pronoun_for_the_instrument_is_what_the_clause_before_points_to():
    args = _call(
        "Only some invited people ever opened the app. You'll find the invitation in the file; "
        "please use it as the instrument. What does using the app do to the sleep score?",
        COACHING,
    )
    assert (args["treatment"], args["outcome"]) == ("app_used", "sleep_score")
    assert args["instrument"] == "invite_sent"


def test_units_compared_within_the_same_level_hold_it_fixed_and_a_pointer_adds_nothing():
    msg = plan(
        "We only ever compare shifts within the same depot. Could you, using matching, tell me "
        "whether the robot raises picks per hour? Match them on those things, please.",
        [DEPOTS],
    )
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert args["method"] == "matching"
    assert args["common_causes"] == ["depot"]
    assert "those things" not in msg.content


def test_a_fair_comparison_asked_is_a_confounding_check():
    args = _call(
        "Big depots get the robot more often, and they pick faster anyway. Is it a fair "
        "comparison of picks per hour between shifts with and without the robot, or do you need "
        "to account for the floor area?",
        DEPOTS,
    )
    assert (args["treatment"], args["outcome"]) == ("robot_assist", "picks_hr")
    assert args["focus"] == "confounding"
    assert args["common_causes"] == ["floor_m2"]


def test_a_hedged_saving_blamed_on_a_third_variable_keeps_its_roles():
    # ("apparent" hedges the saving; the context's claim about who gets the robot is no pair)
    args = _call(
        "Long-serving staff are more likely to work with the robot. Could the staff tenure be "
        "muddying the robot's apparent savings on errors?",
        DEPOTS,
    )
    assert (args["treatment"], args["outcome"]) == ("robot_assist", "error_cnt")
    assert args["focus"] == "confounding"
    assert args["common_causes"] == ["staff_tenure"]


def test_a_count_phrase_with_its_period_after_it_names_the_rate_column():
    # ("per day" ends a phrase elsewhere; here the phrase alone names no column)
    msg = plan(
        "Could you tell me what drives the number of errors each shift makes per hour?",
        [
            profile(
                "packing",
                500,
                col("shift_id", "id", 500),
                col("crew_size", "discrete", 10),
                col("belt_speed", "continuous"),
                col("errors_per_hour", "continuous"),
            )
        ],
    )
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "discover"
    assert msg.tool_calls[0]["args"]["target"] == "errors_per_hour"


def test_a_trait_measured_in_years_asks_which_measurement_of_the_outcome():
    # (an age is before both readings: the baseline is as much its outcome as the later one)
    msg = plan(
        "How much does a runner's age push up their resting heart rate?",
        [
            profile(
                "runners",
                300,
                col("runner_id", "id", 300),
                col("age_yrs", "continuous"),
                col("plan_b", "binary", 2),
                col("rest_hr_base", "continuous"),
                col("rest_hr_12w", "continuous"),
            )
        ],
    )
    assert not msg.tool_calls, msg.tool_calls
    assert "rest_hr_base" in msg.content and "rest_hr_12w" in msg.content
