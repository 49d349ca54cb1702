"""The offline planner on requests to the assistant in the English of non-native speakers, on a
table the rules were not written for: the asker said as a dative ("estimate me", "say me"),
"control if" for check whether, a variable said with its owner that the column is named by ("the
age of the driver"), verbs before their subjects ("how much reduces X the Y"), "does" left out,
"act on", "pass with", "passing from", "falsified by", "changes between", the joint before a
request ("and now could you"), a correction after a failed step ("I wanted say X") and a
confounder said as what the group "also" is. Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from copilot.agents.columns import match_column
from copilot.agents.learner_english import mended
from tests.planner_kit import col, plan, profile, turn

TOOLS = ["describe", "discover", "estimate_effect"]

CABS = profile(
    "cabs",
    1200,
    col("cab_id", "id", 1200),
    col("city", "categorical", 3),
    col("driver_age", "continuous"),
    col("car_age_yrs", "continuous"),
    col("night_shift", "binary", 2),
    col("dash_cam", "binary", 2),
    col("trips_per_day", "continuous"),
    col("fare_avg_eur", "continuous"),
    col("complaints_mo", "continuous"),
    col("accident", "binary", 2),
)
DASH_CAM_ON_ACCIDENTS = {"treatment": "dash_cam", "outcome": "accident"}


def after_dash_cam_estimate() -> list:
    """A session whose last step estimated the dash cam's effect on accidents."""
    return turn(
        "effect of the dash cam on accidents",
        "estimate_effect",
        {"dataset": "cabs", **DASH_CAM_ON_ACCIDENTS},
    )


def call(question: str, history: list[Any] = ()) -> tuple[str, dict[str, Any]]:
    msg = plan(question, [CABS], history=history, tools=TOOLS)
    assert msg.tool_calls, msg.content
    c = msg.tool_calls[0]
    return c["name"], {k: v for k, v in c["args"].items() if k != "dataset"}


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # the asker as a dative, a wrong preposition after the effect
        (
            "I need you estimate me the effect of the dash cam over the complaints",
            {"treatment": "dash_cam", "outcome": "complaints_mo"},
        ),
        # the owner is part of the column's name: "age of the driver" is driver_age, not "age"
        (
            "could you verify me if the relation of dash cam and accidents is confounded by age "
            "of the driver?",
            {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["driver_age"], "focus": "confounding"},
        ),
        # "control if" (check whether), "falsified by" (distorted by)
        (
            "I need you to control if the effect of dash cam on accidents is falsified by the "
            "car age",
            {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["car_age_yrs"], "focus": "confounding"},
        ),
        # the verb before its subject, the object after it
        ("help me figure out how much reduces the dash cam the accidents", DASH_CAM_ON_ACCIDENTS),
        # "act on" a verb of influence, in the progressive
        (
            "please help me to see how the night shift is acting on the trips per day",
            {"treatment": "night_shift", "outcome": "trips_per_day"},
        ),
        # "changes between" the levels of a column: a subgroup question
        (
            "the dash cam effect on the accidents, it changes between the cities? please check",
            {**DASH_CAM_ON_ACCIDENTS, "by": "city"},
        ),
        # "for which W" with the question's "does" left out and "reduce more the Y"
        (
            "help me figure out for which city the dash cam reduce more the accidents",
            {**DASH_CAM_ON_ACCIDENTS, "by": "city"},
        ),
        # a path "passing from" the mediator
        (
            "could you calculate which part of the night shift effect on accidents is passing "
            "from the trips per day?",
            {"treatment": "night_shift", "outcome": "accident", "mediator": "trips_per_day"},
        ),
        # "what would pass with Y", and a bare "please calculate" after the question
        (
            "what would pass with the complaints if we put the average fare 2 euros higher? "
            "please calculate",
            {
                "treatment": "fare_avg_eur",
                "outcome": "complaints_mo",
                "focus": "what_if",
                "what_if": {"op": "add", "value": 2.0},
            },
        ),
        # a confounder said as what the group "also" is, then "is this a confounder?"
        (
            "cabs with dash cam have less accidents, but they are also the ones with night shift. "
            "could you see if this is a confounder?",
            {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["night_shift"], "focus": "confounding"},
        ),
    ],
)
def test_requests_in_non_native_english(question: str, args: dict[str, Any]) -> None:
    assert call(question) == ("estimate_effect", args)


@pytest.mark.parametrize(
    "question",
    [
        "I need to know the actual number of missings for every column",
        "could you please control me if the cabs table has empty values?",
    ],
)
def test_missing_values_asked_in_non_native_english(question: str) -> None:
    assert call(question) == ("describe", {"focus": "missing"})


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # the joint before a request ("and now could you") and "separated for each"
        ("and now could you make it separated for each city?", {"by": "city"}),
        # "we give X to everybody" and "how much it changes" without its "does"
        (
            "and if we give the dash cam to everybody, how much it changes?",
            {"focus": "what_if", "what_if": {"op": "set", "value": 1.0}},
        ),
        # a split asked as what the effect depends on: "depending of", "according to", "in
        # function of" the column
        ("and depending of the city?", {"by": "city"}),
        ("does it vary according to the city?", {"by": "city"}),
        ("and in function of the city?", {"by": "city"}),
        ("it changes depending of the city?", {"by": "city"}),
        ("does it vary with the city?", {"by": "city"}),
    ],
)
def test_follow_ups_in_non_native_english(question: str, args: dict[str, Any]) -> None:
    history = after_dash_cam_estimate()
    assert call(question, history) == ("estimate_effect", {**DASH_CAM_ON_ACCIDENTS, **args})


@pytest.mark.parametrize("reply", ["sorry, I wanted say the car age", "no, I meant the car age"])
def test_a_correction_after_a_failed_step_names_the_column(reply: str) -> None:
    first = "effect of the weather on trips per day"
    refused = plan(first, [CABS], tools=TOOLS)
    assert not refused.tool_calls and "matches 'weather'" in refused.content
    history = [HumanMessage(first), refused]
    assert call(reply, history) == (
        "estimate_effect",
        {"treatment": "car_age_yrs", "outcome": "trips_per_day"},
    )


def test_owner_stays_only_where_a_column_is_named_by_it() -> None:
    columns = ["driver_age", "car_age_yrs", "city"]
    assert mended("effect on the age of the driver", columns) == "effect on the driver age"
    # no column holds "player": the rows' owner is no part of the variable's name
    assert mended("effect on the position of the player", columns) == "effect on the position"


def test_a_hyphenated_plural_names_the_column_that_writes_it_as_one_word() -> None:
    columns = ["escooter_trips", "bike_trips", "station_id"]
    assert match_column("e-scooters", columns).column == "escooter_trips"
    assert match_column("the trips of e-scooters", columns).column == "escooter_trips"


CREWS = profile(
    "crews",
    500,
    col("crew_id", "id", 500),
    col("team", "categorical", 3),
    col("overtime", "binary", 2),
    col("quit", "binary", 2),
    col("shift_type", "categorical", 3),
    col("training", "binary", 2),
)
CLUB = profile(
    "club",
    800,
    col("member_id", "id", 800),
    col("member_age", "continuous"),
    col("coach", "binary", 2),
    col("dropout", "binary", 2),
)


def test_a_causative_graded_before_its_people_and_a_for_which_without_does() -> None:
    msg = plan(
        "help me figure out in which team the overtime make more people quit", [CREWS], tools=TOOLS
    )
    assert msg.tool_calls, msg.content
    args = {k: v for k, v in msg.tool_calls[0]["args"].items() if k != "dataset"}
    assert args == {"treatment": "overtime", "outcome": "quit", "by": "team"}


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # "distorted of" (by), the relation said "of X with Y"
        (
            "I need you check whether the relation of car age with accidents is distorted of the "
            "night shift",
            {
                "treatment": "car_age_yrs",
                "outcome": "accident",
                "common_causes": ["night_shift"],
                "focus": "confounding",
            },
        ),
        # a confounding check "by" a column: the confounder, not a split
        (
            "run me a check of confounding for the effect of dash cam over accidents, by the car age",
            {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["car_age_yrs"], "focus": "confounding"},
        ),
        # the outcome after the compared groups
        (
            "does the dash cam help more in some cities than in others for the complaints",
            {"treatment": "dash_cam", "outcome": "complaints_mo", "by": "city"},
        ),
    ],
)
def test_second_round_of_non_native_requests(question: str, args: dict[str, Any]) -> None:
    assert call(question) == ("estimate_effect", args)


@pytest.mark.parametrize(
    "question",
    [
        "could you say me how many empty there are in the cabs table?",
        # "control" for check, "the empties" for the empty values
        "could you control me the empties in the cabs table?",
    ],
)
def test_empty_said_as_a_noun_asks_for_missing_values(question: str) -> None:
    assert call(question) == ("describe", {"focus": "missing"})


def test_for_which_group_with_does_left_out_before_give() -> None:
    assert call("help me figure out for which city the dash cam give more trips per day") == (
        "estimate_effect",
        {"treatment": "dash_cam", "outcome": "trips_per_day", "by": "city"},
    )


@pytest.mark.parametrize(
    ("question", "args"),
    [
        ("now you should repeat it for the complaints also", {"outcome": "complaints_mo"}),
        ("separate it for city please", {"by": "city"}),
    ],
)
def test_more_follow_ups_in_non_native_english(question: str, args: dict[str, Any]) -> None:
    history = after_dash_cam_estimate()
    assert call(question, history) == ("estimate_effect", {**DASH_CAM_ON_ACCIDENTS, **args})


def test_a_reply_with_articles_and_an_owner_names_the_column() -> None:
    first = "effect of the weather on trips per day"
    refused = plan(first, [CABS], tools=TOOLS)
    history = [HumanMessage(first), refused]
    assert call("sorry, I wanted to say the age of the car", history) == (
        "estimate_effect",
        {"treatment": "car_age_yrs", "outcome": "trips_per_day"},
    )


def test_the_head_noun_names_the_column_before_its_complement() -> None:
    columns = ["bonus_elig", "bonus_eur", "tenure_yrs"]
    assert match_column("the eligibility for the bonus", columns).column == "bonus_elig"
    # a head that only counts what its complement names leaves the complement's column
    assert match_column("the amount of the bonus", columns).column == "bonus_eur"


def test_a_two_word_group_after_an_article() -> None:
    msg = plan("effect of the overtime on quit by the shift type", [CREWS], tools=TOOLS)
    assert msg.tool_calls, msg.content
    args = {k: v for k, v in msg.tool_calls[0]["args"].items() if k != "dataset"}
    assert args == {"treatment": "overtime", "outcome": "quit", "by": "shift_type"}


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # "confounding is there?" before a request of its own, "verify me"
        (
            "effect of dash cam to accidents, confounding is there? verify me please",
            {**DASH_CAM_ON_ACCIDENTS, "focus": "confounding"},
        ),
        # "is same for all W or not": a subgroup question without its article
        (
            "kindly check effect of night shift on complaints is same for all city or not",
            {"treatment": "night_shift", "outcome": "complaints_mo", "by": "city"},
        ),
        # a split "for the W" at the end
        (
            "I need you split the effect of the dash cam on the accidents for the city",
            {**DASH_CAM_ON_ACCIDENTS, "by": "city"},
        ),
        # "whether Z is a confounder in the relation of X and Y"
        (
            "please check if car age is a confounder in the relation of night shift and accidents",
            {
                "treatment": "night_shift",
                "outcome": "accident",
                "common_causes": ["car_age_yrs"],
                "focus": "confounding",
            },
        ),
    ],
)
def test_fourth_round_of_non_native_requests(question: str, args: dict[str, Any]) -> None:
    assert call(question) == ("estimate_effect", args)


def test_make_the_thing_in_a_scenario_is_doing_it() -> None:
    msg = plan(
        "what will pass with the quit if all the crews make the training? calculate please",
        [CREWS],
        tools=TOOLS,
    )
    assert msg.tool_calls, msg.content
    args = {k: v for k, v in msg.tool_calls[0]["args"].items() if k != "dataset"}
    assert args == {
        "treatment": "training",
        "outcome": "quit",
        "focus": "what_if",
        "what_if": {"op": "set", "value": 1.0},
    }


def test_the_topic_first_with_how_much_effect_it_has() -> None:
    history = turn("what causes accidents?", "discover", {"dataset": "cabs", "target": "accident"})
    # (the effect uses the graph the session discovered)
    assert call("okay. and night shift, how much effect it has on accidents?", history) == (
        "estimate_effect",
        {"treatment": "night_shift", "outcome": "accident", "graph": "h0"},
    )


def test_the_rows_noun_names_no_column_in_a_claim_before_its_confounder() -> None:
    msg = plan(
        "members with a coach drop out less, but they are also older. is this a confounder?",
        [CLUB],
        tools=TOOLS,
    )
    assert msg.tool_calls, msg.content
    args = {k: v for k, v in msg.tool_calls[0]["args"].items() if k != "dataset"}
    assert args == {
        "treatment": "coach",
        "outcome": "dropout",
        "common_causes": ["member_age"],
        "focus": "confounding",
    }


def test_do_the_same_said_make_same_and_a_confounder_asked_with_you_can() -> None:
    history = after_dash_cam_estimate()
    assert call("please you make same for the complaints", history) == (
        "estimate_effect",
        {"treatment": "dash_cam", "outcome": "complaints_mo"},
    )
    assert call(
        "cabs with dash cam have less accidents, but they have also more night shift. you can "
        "check if this is a confounder?"
    ) == (
        "estimate_effect",
        {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["night_shift"], "focus": "confounding"},
    )


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        # "only for the Z" ("solo por"): only because of a column, a confounding check
        (
            "could you check if the dash cam effect over accidents is only for the driver age?",
            "estimate_effect",
            {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["driver_age"], "focus": "confounding"},
        ),
        # (but "only for the night shift" may name the binary column's level: left as said)
        (
            "could you check if the dash cam effect over accidents is only for the night shift?",
            "estimate_effect",
            DASH_CAM_ON_ACCIDENTS,
        ),
        # "whether Z explains away the link between X and Y", the indirect question
        (
            "I need you to check whether the car age explains away the link between the dash "
            "cam and accidents",
            "estimate_effect",
            {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["car_age_yrs"], "focus": "confounding"},
        ),
        # a clause of its own that calls a column a confounder, after the pair
        (
            "effect of dash cam on accidents, driver age is confounder or not?",
            "estimate_effect",
            {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["driver_age"], "focus": "confounding"},
        ),
        (
            "dash cam -> accidents, is car age a confounder?",
            "estimate_effect",
            {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["car_age_yrs"], "focus": "confounding"},
        ),
        # a pointer after a "what ... drives": the column the sentence before names
        (
            "The complaints figure worries our boss. Could you find what drives it?",
            "discover",
            {"algorithm": "auto", "target": "complaints_mo"},
        ),
        # "X's effect on it": what the effect is on is the column named before, not the order
        # the question names them in
        (
            "Accidents are all the insurer looks at. Can you estimate the dash cam's effect on it?",
            "estimate_effect",
            DASH_CAM_ON_ACCIDENTS,
        ),
    ],
)
def test_fifth_round_of_non_native_requests(question: str, tool: str, args: dict[str, Any]) -> None:
    assert call(question) == (tool, args)


ORCHARD = profile(
    "orchard",
    800,
    col("tree_id", "id", 800),
    col("variety", "categorical", 4),
    col("BCC_k", "continuous"),
    col("coppiced", "binary", 2),
    col("pest_cases", "continuous"),
    col("yield_kg", "continuous"),
)


def test_a_gerund_and_a_modal_spell_no_acronym_in_background_knowledge() -> None:
    # "coppicing can't" is no `BCC` (c + c): the gerund inflects `coppiced`, "can" is a modal
    msg = plan(
        "Coppicing can't cause pest cases. Please learn the causal graph of the trees.",
        [ORCHARD],
        tools=TOOLS,
    )
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"] == {
        "dataset": "orchard",
        "algorithm": "auto",
        "forbidden": ["coppiced->pest_cases"],
    }


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        # "from which things Y is depending of": the indirect question in a statement's order
        (
            "I need you to tell me from which things the complaints are depending of.",
            "discover",
            {"algorithm": "auto", "target": "complaints_mo"},
        ),
        # a split "for each W" said before the outcome is no treatment
        (
            "can you see whether the dash cam works differently for each city on accidents?",
            "estimate_effect",
            {**DASH_CAM_ON_ACCIDENTS, "by": "city"},
        ),
        # what a row makes per day is the variable, the row no part of its name
        (
            "help me figure out how much the night shift changes the number of trips a driver "
            "makes per day",
            "estimate_effect",
            {"treatment": "night_shift", "outcome": "trips_per_day"},
        ),
    ],
)
def test_sixth_round_of_non_native_requests(question: str, tool: str, args: dict[str, Any]) -> None:
    assert call(question) == (tool, args)


def test_a_split_for_each_group_without_an_outcome_asks_for_the_outcome() -> None:
    msg = plan("does the dash cam work differently for each city?", [CABS], tools=TOOLS)
    assert not msg.tool_calls
    assert "outcome" in msg.content


MENTORS = profile(
    "mentors",
    600,
    col("fellow_id", "id", 600),
    col("mentor_offer", "binary", 2),
    col("mentoring", "binary", 2),
    col("exam_pct", "continuous"),
    col("cohort", "categorical", 4),
)


def test_a_pointer_outcome_is_named_before_its_own_clause() -> None:
    # "mentoring" also inflects a word of `mentor_offer`; the pointer's column is the one the
    # sentence before names
    msg = plan(
        "Our dean only looks at the exam percentage. Could you estimate the mentoring's effect "
        "on it?",
        [MENTORS],
        tools=TOOLS,
    )
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"] == {
        "dataset": "mentors",
        "treatment": "mentoring",
        "outcome": "exam_pct",
    }


def test_leaving_the_company_can_never_cause_forbids_the_edge() -> None:
    msg = plan(
        "Leaving the company can never cause the shift type. Please learn the causal graph of "
        "the crews.",
        [CREWS],
        tools=TOOLS,
    )
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"] == {
        "dataset": "crews",
        "algorithm": "auto",
        "forbidden": ["quit->shift_type"],
    }


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        # the request's verb is no outcome before "the effect from X to Y"
        (
            "Please calculate for me the effect from the driver age to the complaints.",
            "estimate_effect",
            {"treatment": "driver_age", "outcome": "complaints_mo"},
        ),
        # a change "of" its amount right after the verb ("augment of 3")
        (
            "I need you to calculate what passes with the accidents if the trips per day augment "
            "of 3",
            "estimate_effect",
            {
                "treatment": "trips_per_day",
                "outcome": "accident",
                "focus": "what_if",
                "what_if": {"op": "add", "value": 3.0},
            },
        ),
        # which parts of a table are incomplete: the missing values, no effect between them
        (
            "would you mind checking which fields of the cabs table are incomplete?",
            "describe",
            {"focus": "missing"},
        ),
        # the confounding question asked inside a request ("see if Z is confounder for X and
        # Y"), the verb after its subject
        (
            "please see if the night shift is confounder for the dash cam and the accidents",
            "estimate_effect",
            {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["night_shift"], "focus": "confounding"},
        ),
        # "whether Z explains away the relation of X with Y": the pair said with "of ... with"
        (
            "I'd like you to check whether the city explains away the relation of the night shift "
            "with the complaints.",
            "estimate_effect",
            {
                "treatment": "night_shift",
                "outcome": "complaints_mo",
                "common_causes": ["city"],
                "focus": "confounding",
            },
        ),
        # the scenario said as a condition: "with double the X"
        (
            "what would the complaints look like with double the trips per day?",
            "estimate_effect",
            {
                "treatment": "trips_per_day",
                "outcome": "complaints_mo",
                "focus": "what_if",
                "what_if": {"op": "scale", "value": 2.0},
            },
        ),
        # a claim, then the doubt asked inside a request ("tell me if Z explains it away")
        (
            "The cabs with a dash cam have fewer accidents. Can you tell me if the car age explains "
            "it away?",
            "estimate_effect",
            {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["car_age_yrs"], "focus": "confounding"},
        ),
        (
            "You should check if the driver age is behind the relation between the night shift and "
            "the complaints.",
            "estimate_effect",
            {
                "treatment": "night_shift",
                "outcome": "complaints_mo",
                "common_causes": ["driver_age"],
                "focus": "confounding",
            },
        ),
        # an association put down to a third column: a confounder, not a mechanism
        (
            "I'd like you to tell me if the link between the dash cam and the complaints is real or "
            "it is because of the city.",
            "estimate_effect",
            {
                "treatment": "dash_cam",
                "outcome": "complaints_mo",
                "common_causes": ["city"],
                "focus": "confounding",
            },
        ),
        (
            "The correlation between the night shift and the accidents, it comes from the driver "
            "age?",
            "estimate_effect",
            {
                "treatment": "night_shift",
                "outcome": "accident",
                "common_causes": ["driver_age"],
                "focus": "confounding",
            },
        ),
        (
            "is the association between the dash cam and the complaints due to the car age?",
            "estimate_effect",
            {
                "treatment": "dash_cam",
                "outcome": "complaints_mo",
                "common_causes": ["car_age_yrs"],
                "focus": "confounding",
            },
        ),
        # ... but a change the treatment makes, given as the reason, is the mechanism
        (
            "does the night shift raise complaints because of the lower trips per day?",
            "estimate_effect",
            {"treatment": "night_shift", "outcome": "complaints_mo", "mediator": "trips_per_day"},
        ),
        # scenarios: "would be" in the condition, the amount before the thing changed ("reduce
        # of a half the X"), "put X to zero"
        (
            "how many accidents there would be if the trips per day would be 10 for all cabs?",
            "estimate_effect",
            {
                "treatment": "trips_per_day",
                "outcome": "accident",
                "focus": "what_if",
                "what_if": {"op": "set", "value": 10.0},
            },
        ),
        (
            "If we reduce of a half the trips per day, how much fare we lose?",
            "estimate_effect",
            {
                "treatment": "trips_per_day",
                "outcome": "fare_avg_eur",
                "focus": "what_if",
                "what_if": {"op": "scale", "value": 0.5},
            },
        ),
        (
            "I'd like you to predict the complaints if we put the trips per day to zero everywhere.",
            "estimate_effect",
            {
                "treatment": "trips_per_day",
                "outcome": "complaints_mo",
                "focus": "what_if",
                "what_if": {"op": "set", "value": 0.0},
            },
        ),
        # a doubt that the link survives a column taken into account, that a column makes it
        # look bigger, or that a column is "the responsible of" it
        (
            "I'd like you to verify whether the effect of the night shift on the accidents survives "
            "when you take the driver age into account.",
            "estimate_effect",
            {
                "treatment": "night_shift",
                "outcome": "accident",
                "common_causes": ["driver_age"],
                "focus": "confounding",
            },
        ),
        (
            "Could you look if the city is making the relation between the dash cam and the "
            "complaints look bigger than it is?",
            "estimate_effect",
            {
                "treatment": "dash_cam",
                "outcome": "complaints_mo",
                "common_causes": ["city"],
                "focus": "confounding",
            },
        ),
        (
            "Is the city the responsible of the link between the dash cam and the complaints?",
            "estimate_effect",
            {
                "treatment": "dash_cam",
                "outcome": "complaints_mo",
                "common_causes": ["city"],
                "focus": "confounding",
            },
        ),
        # the estimator said before the light verb's noun ("do a DML estimation of")
        (
            "Could you do a DML estimation of the dash cam effect on the complaints, adjusting the "
            "driver age?",
            "estimate_effect",
            {
                "treatment": "dash_cam",
                "outcome": "complaints_mo",
                "common_causes": ["driver_age"],
                "method": "dml",
            },
        ),
        # a level reached ("arrive to") and "which Y we would have"
        (
            "Suppose the trips per day arrive to 15, which fare we would have?",
            "estimate_effect",
            {
                "treatment": "trips_per_day",
                "outcome": "fare_avg_eur",
                "focus": "what_if",
                "what_if": {"op": "set", "value": 15.0},
            },
        ),
        # a third thing left unnamed: the check of the named link, without a column for it
        (
            "does something else explain the relation between the night shift and the accidents?",
            "estimate_effect",
            {"treatment": "night_shift", "outcome": "accident", "focus": "confounding"},
        ),
        (
            "could a third variable be behind the link between the dash cam and the complaints?",
            "estimate_effect",
            {**DASH_CAM_ON_ACCIDENTS, "outcome": "complaints_mo", "focus": "confounding"},
        ),
        # a confounder given as the condition or the reason of a request to adjust for it: the
        # effect with that control, not a check
        (
            "if the car age is a confounder of the dash cam and the accidents, adjust for it and "
            "estimate the effect of the dash cam on the accidents",
            "estimate_effect",
            {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["car_age_yrs"]},
        ),
        (
            "since the city is a confounder of the dash cam and the accidents, include it and "
            "estimate the effect of the dash cam on the accidents",
            "estimate_effect",
            {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["city"]},
        ),
        # a doubt that a column is behind "the relation of X with Y"
        (
            "could the city be behind the relation of the dash cam with the complaints?",
            "estimate_effect",
            {
                "treatment": "dash_cam",
                "outcome": "complaints_mo",
                "common_causes": ["city"],
                "focus": "confounding",
            },
        ),
    ],
)
def test_seventh_round_of_non_native_requests(
    question: str, tool: str, args: dict[str, Any]
) -> None:
    assert call(question) == (tool, args)


@pytest.mark.parametrize(
    "question",
    ["Could you do the same for the complaints?", "can you do the same for complaints please"],
)
def test_do_the_same_asked_with_can_you(question: str) -> None:
    history = after_dash_cam_estimate()
    assert call(question, history) == (
        "estimate_effect",
        {"treatment": "dash_cam", "outcome": "complaints_mo"},
    )


SHOPS = profile(
    "shops",
    600,
    col("shop_id", "id", 600),
    col("region", "categorical", 4),
    col("self_checkout", "binary", 2),
    col("queue_min", "continuous"),
    col("csat_score", "continuous"),
    col("staff_n", "continuous"),
)


def test_a_what_if_asked_inside_a_request_is_read_in_its_own_order() -> None:
    # "work out what Y would be if ...": the outcome before its verb, read as the scenario's
    # outcome, not guessed from the order the columns are named in
    msg = plan(
        "I'd like you to work out what the CSAT would be if every shop had self checkout.",
        [SHOPS],
        tools=TOOLS,
    )
    assert msg.tool_calls, msg.content
    assert "in that order" not in msg.content
    args = {k: v for k, v in msg.tool_calls[0]["args"].items() if k != "dataset"}
    assert args == {
        "treatment": "self_checkout",
        "outcome": "csat_score",
        "focus": "what_if",
        "what_if": {"op": "set", "value": 1.0},
    }


MARKETS = profile(
    "markets",
    400,
    col("stall_id", "id", 400),
    col("region", "categorical", 3),
    col("floor_area_m2", "continuous"),
    col("loyalty_card", "binary", 2),
    col("basket_eur", "continuous"),
    col("footfall", "continuous"),
)


@pytest.mark.parametrize(
    "question",
    [
        "could the region be behind the link between the loyalty card and the basket size?",
        "is the region behind the link between the loyalty card and the basket size?",
    ],
)
def test_the_second_word_of_a_column_phrase_names_no_other_column(question: str) -> None:
    # "basket size": "size" alone would name the floor area, but here it ends the phrase that
    # "basket" began, so the link names two columns and the doubt is a confounding check
    msg = plan(question, [MARKETS], tools=TOOLS)
    assert msg.tool_calls, msg.content
    args = {k: v for k, v in msg.tool_calls[0]["args"].items() if k != "dataset"}
    assert args == {
        "treatment": "loyalty_card",
        "outcome": "basket_eur",
        "common_causes": ["region"],
        "focus": "confounding",
    }


@pytest.mark.parametrize(
    ("question", "kept"),
    [
        ("Can you do the same but without controlling for the night shift?", ["car_age_yrs"]),
        ("could you do the same without controlling for the age of the car", ["night_shift"]),
        ("Would you redo it without adjusting for night shift, please?", ["car_age_yrs"]),
        ("Can you do the same but don't adjust for anything?", None),
        # a column word that is also a verb ("shift") before "from the controls"
        ("drop night shift from the controls", ["car_age_yrs"]),
    ],
)
def test_a_control_dropped_in_a_request_to_the_assistant(question: str, kept: Any) -> None:
    history = turn(
        "effect of the dash cam on accidents controlling for night shift and car age",
        "estimate_effect",
        {
            "dataset": "cabs",
            **DASH_CAM_ON_ACCIDENTS,
            "common_causes": ["night_shift", "car_age_yrs"],
        },
    )
    want = {**DASH_CAM_ON_ACCIDENTS, **({"common_causes": kept} if kept else {})}
    assert call(question, history) == ("estimate_effect", want)


@pytest.mark.parametrize(
    "question",
    [
        "add city",
        "could you add the city as well?",
        "can you also include the city?",
        "Also add the city too, please.",
    ],
)
def test_a_column_added_after_an_estimate_joins_the_controls(question: str) -> None:
    # before, "add city" was read as a new treatment (a silently different question)
    history = turn(
        "effect of the dash cam on accidents controlling for night shift",
        "estimate_effect",
        {"dataset": "cabs", **DASH_CAM_ON_ACCIDENTS, "common_causes": ["night_shift"]},
    )
    assert call(question, history) == (
        "estimate_effect",
        {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["night_shift", "city"]},
    )


def test_a_bootstrap_added_after_an_estimate_is_no_control() -> None:
    history = after_dash_cam_estimate()
    assert call("add a bootstrap of 300", history) == (
        "estimate_effect",
        {**DASH_CAM_ON_ACCIDENTS, "n_boot": 300},
    )


@pytest.mark.parametrize(
    ("question", "z"),
    [
        ("is car age behind it?", "car_age_yrs"),
        ("could it be the car age behind this?", "car_age_yrs"),
        ("is it just the city driving this?", "city"),
        ("maybe it's just car age", "car_age_yrs"),
        ("Could you check it's not just the night shift driving this?", "night_shift"),
        ("could the city explain this away?", "city"),
        # a request to check a third column, right after a claim was estimated
        ("could you check whether car age is behind that?", "car_age_yrs"),
        ("see if the city explains it", "city"),
        ("please check if this is due to the night shift", "night_shift"),
        ("find out whether driver age is driving this", "driver_age"),
        ("Perhaps the car age explains all of this, can you check it?", "car_age_yrs"),
        (
            "Is this difference only because the night shifts are more in one group?",
            "night_shift",
        ),
        ("I suspect is the driver age behind, please check it", "driver_age"),
        (
            "My boss is saying it is because of the city. You can check if the city is behind of it?",
            "city",
        ),
    ],
)
def test_a_third_column_doubted_after_an_estimate_is_a_confounding_check(
    question: str, z: str
) -> None:
    # before: not understood, or (with "night shift") an effect of night shift on driver age
    history = after_dash_cam_estimate()
    assert call(question, history) == (
        "estimate_effect",
        {**DASH_CAM_ON_ACCIDENTS, "common_causes": [z], "focus": "confounding"},
    )


@pytest.mark.parametrize(
    "path", ["/tmp/tl.5Cay/repo/cabs_graph.dot", "/data/run.3ab/out/g.dot", "graphs/v2.1kg/x/g.dot"]
)
def test_a_graph_path_with_a_number_and_letters_in_a_folder_is_kept_whole(path: str) -> None:
    # "5Cay/repo" once lost its "/repo" as if it were a unit per unit ("30 kg/ha")
    name, args = call(f"effect of the dash cam on accidents, given the graph {path}")
    assert (name, args["graph"]) == ("estimate_effect", path)


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # the outcome named in the sentence before, a pointer (or nothing) in the request
        (
            "Accidents went up this year. Did the night shift do it?",
            {"treatment": "night_shift", "outcome": "accident"},
        ),
        (
            "Complaints are our problem. Is the fare the reason?",
            {"treatment": "fare_avg_eur", "outcome": "complaints_mo"},
        ),
        (
            "We count the complaints. Does the dash cam have an effect on them?",
            {"treatment": "dash_cam", "outcome": "complaints_mo"},
        ),
        (
            "Complaints keep rising. Could the car age explain it?",
            {"treatment": "car_age_yrs", "outcome": "complaints_mo"},
        ),
        (
            "The accidents worry us. Is the night shift to blame?",
            {"treatment": "night_shift", "outcome": "accident"},
        ),
        (
            "Complaints are our KPI. The dash cam lowers them or not?",
            {"treatment": "dash_cam", "outcome": "complaints_mo"},
        ),
        # ("does X have an effect on Y": the bare verb after "does" stays bare)
        (
            "does the dash cam have an effect on complaints?",
            {"treatment": "dash_cam", "outcome": "complaints_mo"},
        ),
    ],
)
def test_a_pointer_outcome_named_in_the_sentence_before(
    question: str, args: dict[str, Any]
) -> None:
    # before: not understood, or the pointer's column read as the treatment
    assert call(question) == ("estimate_effect", args)


def _estimated(result: dict[str, Any]) -> list[Any]:
    import json

    from langchain_core.messages import AIMessage, ToolMessage

    args = {"dataset": "cabs", **DASH_CAM_ON_ACCIDENTS}
    return [
        HumanMessage("effect of the dash cam on accidents"),
        AIMessage(
            "",
            tool_calls=[{"name": "estimate_effect", "args": args, "id": "h0", "type": "tool_call"}],
        ),
        ToolMessage(json.dumps({"ok": True, "summary": "", "result": result}), tool_call_id="h0"),
        AIMessage("Done."),
    ]


@pytest.mark.parametrize(
    "question",
    [
        "is it just chance?",
        "can you show me how sure you are about that number?",
        "how confident should I be?",
        "could that happen by accident?",
        "it can be only random, no?",
        "how much confidence we can have in this?",
        "could the effect actually be zero?",
        "did it pass the checks?",
        "is possible that it is only luck?",
        "This number can be a casuality?",
        "the effect is different from zero or not?",
        "which method you have used here?",
        "these numbers, they are reliable?",
    ],
)
def test_doubts_about_chance_after_an_estimate_are_answered_from_its_result(question: str) -> None:
    # before: a new analysis, a subgroup 'accident', or "I could not tell"
    result = {
        "ate": -0.04,
        "ci": [-0.07, -0.01],
        "p_value": 0.01,
        "refutations": [{"name": "placebo", "passed": True, "detail": ""}],
        "verdict": "robust",
    }
    msg = plan(question, [CABS], history=_estimated(result), tools=TOOLS)
    assert not msg.tool_calls
    assert "[-0.0700, -0.0100]" in msg.content or "-0.07" in msg.content
    assert "statistically significant at the 5% level (p = " in msg.content
    assert "1 of 1 refutation tests passed; verdict: robust" in msg.content


@pytest.mark.parametrize("question", ["and with 99% intervals?", "what if it were zero?"])
def test_a_setting_or_a_scenario_is_no_doubt_about_chance(question: str) -> None:
    msg = plan(
        question, [CABS], history=_estimated({"ate": -0.04, "ci": [-0.07, -0.01]}), tools=TOOLS
    )
    assert "statistically significant" not in (msg.content or "")


@pytest.mark.parametrize(
    ("question", "by"),
    [
        ("what about for cabs with a dash cam?", "dash_cam"),
        ("and for the drivers without a dash cam?", "dash_cam"),
        ("what about for night shift drivers?", "night_shift"),
    ],
)
def test_a_yes_no_group_after_an_estimate_is_its_subgroup(question: str, by: str) -> None:
    # before: the group's column read as the new outcome, or 'with a dash cam' dropped
    history = turn(
        "effect of car age on complaints",
        "estimate_effect",
        {"dataset": "cabs", "treatment": "car_age_yrs", "outcome": "complaints_mo"},
    )
    assert call(question, history) == (
        "estimate_effect",
        {"treatment": "car_age_yrs", "outcome": "complaints_mo", "by": by},
    )


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # "same but for <a yes/no column in the plural>": the idiom that swaps the outcome
        ("same but for accidents", {"outcome": "accident"}),
        ("do the same but for the accidents", {"outcome": "accident"}),
        # ... unless "only" makes it a group of rows
        ("do the same for the night shifts only", {"by": "night_shift"}),
        ("and for the night shifts only?", {"by": "night_shift"}),
    ],
)
def test_same_but_for_a_yes_no_column_is_a_new_outcome(question: str, args: dict) -> None:
    history = turn(
        "effect of car age on complaints",
        "estimate_effect",
        {"dataset": "cabs", "treatment": "car_age_yrs", "outcome": "complaints_mo"},
    )
    assert call(question, history) == (
        "estimate_effect",
        {"treatment": "car_age_yrs", "outcome": "complaints_mo", **args},
    )


def test_a_reverse_after_an_estimate_with_an_instrument_or_mediator_is_asked_back() -> None:
    for extra in ({"instrument": "city", "method": "iv"}, {"mediator": "trips_per_day"}):
        history = turn(
            "effect of night shift on complaints",
            "estimate_effect",
            {"dataset": "cabs", "treatment": "night_shift", "outcome": "complaints_mo", **extra},
        )
        msg = plan("and the other way round?", [CABS], history=history, tools=TOOLS)
        assert not msg.tool_calls
        assert "?" in msg.content and "'complaints_mo' on 'night_shift'" in msg.content
    plain = turn(
        "effect of night shift on complaints",
        "estimate_effect",
        {"dataset": "cabs", "treatment": "night_shift", "outcome": "complaints_mo"},
    )
    assert call("and the other way round?", plain) == (
        "estimate_effect",
        {"treatment": "complaints_mo", "outcome": "night_shift"},
    )


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # "Y in function of X": X the cause, as "Y as a function of X"; "controlling of" is "for"
        (
            "Make an estimation of the complaints in function of the car age, controlling of the city.",
            {"treatment": "car_age_yrs", "outcome": "complaints_mo", "common_causes": ["city"]},
        ),
        # "how much makes X on Y": how much does X change Y
        (
            "how much makes the dash cam on the complaints?",
            {"treatment": "dash_cam", "outcome": "complaints_mo"},
        ),
        # the outcome named before, with the claim asked back in a second sentence
        (
            "The boss says the dash cam lowers the accidents. I think is the car age behind, can you check it?",
            {
                "treatment": "dash_cam",
                "outcome": "accident",
                "common_causes": ["car_age_yrs"],
                "focus": "confounding",
            },
        ),
    ],
)
def test_first_questions_in_a_second_round_of_non_native_english(
    question: str, args: dict[str, Any]
) -> None:
    # before: the effect of complaints on car age (reversed), not understood, or the vet's
    # words read as the treatment
    assert call(question) == ("estimate_effect", args)


@pytest.mark.parametrize(
    ("question", "args"),
    [
        (
            "and only for the cabs with a dash cam, how does it look?",
            {"treatment": "night_shift", "outcome": "accident", "by": "dash_cam"},
        ),
        (
            "redo it with 300 of bootstrap",
            {"treatment": "night_shift", "outcome": "accident", "n_boot": 300},
        ),
        (
            "what if the drivers get 5 more euros of fare?",
            {
                "treatment": "fare_avg_eur",
                "outcome": "accident",
                "focus": "what_if",
                "what_if": {"op": "add", "value": 5.0},
            },
        ),
        (
            "Instead of the night shift, I want to see if the cabs with a dash cam have more accidents.",
            {"treatment": "dash_cam", "outcome": "accident"},
        ),
    ],
)
def test_follow_ups_in_a_second_round_of_non_native_english(
    question: str, args: dict[str, Any]
) -> None:
    # before: not understood, the bootstrap count dropped, or "get 5 more" read as a yes/no
    history = turn(
        "effect of the night shift on accidents",
        "estimate_effect",
        {"dataset": "cabs", "treatment": "night_shift", "outcome": "accident"},
    )
    assert call(question, history) == ("estimate_effect", args)


def test_gaps_asked_after_a_description_with_a_which_question() -> None:
    history = turn("describe the cabs data", "describe", {"dataset": "cabs"})
    assert call("Are there some blank values? In which columns?", history) == (
        "describe",
        {"focus": "missing"},
    )


@pytest.mark.parametrize(
    ("question", "args"),
    [
        (
            "Put also the fare and the trips per day like controls and redo it.",
            {
                "treatment": "car_age_yrs",
                "outcome": "complaints_mo",
                "common_causes": ["fare_avg_eur", "trips_per_day"],
            },
        ),
        ("and in the inverse sense?", {"treatment": "complaints_mo", "outcome": "car_age_yrs"}),
        (
            "This estimate it changes with the city?",
            {"treatment": "car_age_yrs", "outcome": "complaints_mo", "by": "city"},
        ),
        (
            "And only for the dash cams, how much it is?",
            {"treatment": "car_age_yrs", "outcome": "complaints_mo", "by": "dash_cam"},
        ),
        (
            "Very good. Now the same thing but for the accidents, not the complaints.",
            {"treatment": "car_age_yrs", "outcome": "accident"},
        ),
        (
            "But maybe is only because the night shifts have the older cars. Can you verify?",
            {
                "treatment": "car_age_yrs",
                "outcome": "complaints_mo",
                "common_causes": ["night_shift"],
                "focus": "confounding",
            },
        ),
    ],
)
def test_follow_ups_in_a_third_round_of_non_native_english(
    question: str, args: dict[str, Any]
) -> None:
    # before: not understood, a control dropped ('also the fare'), or the group read as the
    # treatment
    history = turn(
        "effect of car age on complaints",
        "estimate_effect",
        {"dataset": "cabs", "treatment": "car_age_yrs", "outcome": "complaints_mo"},
    )
    assert call(question, history) == ("estimate_effect", args)


def test_a_correction_said_with_the_word_it_corrects() -> None:
    history = [
        *turn(
            "effect of the dash cam on crashes",
            "estimate_effect",
            {"dataset": "cabs", "treatment": "dash_cam", "outcome": "crashes"},
        ),
    ]
    assert call("Sorry, with crashes I mean the accidents.", history) == (
        "estimate_effect",
        {"treatment": "dash_cam", "outcome": "accident"},
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "The boss says the dash cam lowers the accidents. Is not the car age behind both?",
            (
                "estimate_effect",
                {**DASH_CAM_ON_ACCIDENTS, "common_causes": ["car_age_yrs"], "focus": "confounding"},
            ),
        ),
        (
            "The board looks at the complaints. The dash cam, it reduces them?",
            ("estimate_effect", {"treatment": "dash_cam", "outcome": "complaints_mo"}),
        ),
        (
            "What are the things that influence more the complaints?",
            ("discover", {"target": "complaints_mo"}),
        ),
        # an apposition that says which of the thing is meant ("the age, the car one,": not the
        # driver's)
        (
            "how much makes the age, the car one, on the complaints?",
            ("estimate_effect", {"treatment": "car_age_yrs", "outcome": "complaints_mo"}),
        ),
    ],
)
def test_first_questions_in_a_third_round_of_non_native_english(
    question: str, expected: Any
) -> None:
    name, args = call(question)
    assert (name, {k: v for k, v in args.items() if k != "algorithm"}) == expected
