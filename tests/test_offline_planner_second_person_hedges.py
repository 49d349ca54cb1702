"""The offline planner on requests to the assistant, hedged: "any chance you could ...", "..., if
that's even possible", "what would you expect Y to do if ...", a result pointed to by who gave
it ("the interval you gave", "the 2.4 you found"), "put the 2.4 into plain words", "X only looks
good against Y because those members are older", and "what a confounder is here" after an
estimate (the concept explained with the columns that played that role in it). Planner only: no
tool runs. The bakeries table here is not the benchmark's."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.phrasing import normalise
from tests.planner_kit import col, plan, profile, turn

BAKERIES = profile(
    "bakeries",
    700,
    col("shop_id", "id", 700),
    col("town", "categorical", 3),
    col("owner_age", "continuous"),
    col("night_shift", "binary", 2),
    col("oven_temp_c", "continuous"),
    col("flour_kg_d", "continuous"),
    col("loaves_sold", "continuous"),
    col("waste_pct", "continuous"),
    col("closed_down", "binary", 2),
)
EFFECT = {"dataset": "bakeries", "treatment": "night_shift", "outcome": "loaves_sold"}
RESULT = {
    "adjustment_set": ["town", "owner_age"],
    "ate": 2.4,
    "ci": [1.7, 3.1],
    "p_value": 0.0001,
    "estimand": "backdoor",
    "method": "weighting",
    "method_reason": "binary treatment",
    "verdict": "robust",
}
AFTER_EFFECT = turn(
    "effect of the night shift on loaves sold", "estimate_effect", EFFECT, 0, RESULT
)


def call(question: str, history: list = ()) -> dict:
    msg = plan(question, [BAKERIES], history=list(history))
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["args"]


@pytest.mark.parametrize(
    "said",
    [
        "any chance you could estimate the effect of the night shift on loaves sold?",
        "Is there any chance you could check the effect of the night shift on loaves sold",
        "estimate the effect of the night shift on loaves sold, if that's even possible",
        "if it's possible, estimate the effect of the night shift on loaves sold",
    ],
)
def test_a_request_asked_as_a_chance_or_if_possible_is_the_request(said: str) -> None:
    got = normalise(said).lower()
    assert "chance" not in got and "possible" not in got
    assert call(said) == EFFECT


@pytest.mark.parametrize(
    ("question", "op", "value"),
    [
        ("what would you expect loaves sold to do if we halved the flour?", "scale", 0.5),
        (
            "how would you expect the waste to change if the ovens ran 10 degrees hotter?",
            "add",
            10.0,
        ),
    ],
)
def test_a_forecast_asked_of_the_assistant_is_the_scenario(
    question: str, op: str, value: float
) -> None:
    got = call(question)
    assert got["focus"] == "what_if" and got["what_if"] == {"op": op, "value": value}
    assert got["outcome"] in ("loaves_sold", "waste_pct")


@pytest.mark.parametrize(
    "question",
    [
        "what does the interval you gave mean?",
        "could you put the 2.4 you found into plain words for the shop owners?",
        "is the number that you just reported significant?",
    ],
)
def test_the_result_pointed_to_by_who_gave_it_is_answered_in_words(question: str) -> None:
    msg = plan(question, [BAKERIES], history=AFTER_EFFECT)
    assert not msg.tool_calls, msg.tool_calls
    assert "2.4" in msg.content or "p" in msg.content.lower()


def test_put_with_an_amount_still_sets_the_column() -> None:
    got = call("what if we put the oven temperature 10 degrees higher - waste?")
    assert got["treatment"] == "oven_temp_c" and got["focus"] == "what_if"


def test_looking_good_against_an_outcome_because_of_what_they_are_is_a_confounding_check() -> None:
    got = call(
        "perhaps the night shift only looks good against closures because those owners are older?"
    )
    assert got == {
        "dataset": "bakeries",
        "treatment": "night_shift",
        "outcome": "closed_down",
        "focus": "confounding",
        "common_causes": ["owner_age"],
    }


def test_a_concept_asked_about_here_names_its_columns_in_the_last_estimate() -> None:
    msg = plan(
        "could you explain in plain words what a confounder is here?",
        [BAKERIES],
        history=AFTER_EFFECT,
    )
    assert not msg.tool_calls, msg.tool_calls
    assert "confounder" in msg.content.lower()
    assert "town" in msg.content and "owner_age" in msg.content
    # without a session the concept alone
    alone = plan("explain in plain words what a confounder is", [BAKERIES])
    assert not alone.tool_calls and "town" not in alone.content


@pytest.mark.parametrize(
    "question",
    [
        "do you think the owner's age is confounding the night shift and loaves sold?",
        "would you say owner age muddies the link between the night shift and loaves sold?",
        "owner age distorts the effect of the night shift on loaves sold?",
    ],
)
def test_a_third_column_blamed_in_a_statement_or_an_opinion_is_a_confounding_check(
    question: str,
) -> None:
    assert call(question) == {**EFFECT, "focus": "confounding", "common_causes": ["owner_age"]}


def test_a_count_of_resamples_after_the_outcome_is_the_bootstrap_not_the_outcome() -> None:
    got = call("I'd want you to bootstrap the effect of the night shift on loaves sold 300 times")
    assert got == {**EFFECT, "n_boot": 300}


def _after_question_back(question: str, reply: str, datasets: list) -> AIMessage:
    first = plan(question, datasets)
    assert not first.tool_calls and "?" in first.content
    return plan(reply, datasets, history=[HumanMessage(question), AIMessage(first.content)])


@pytest.mark.parametrize(
    "reply", ["loaves, I think", "I think the loaves one", "let's say loaves", "I'd go with loaves"]
)
def test_a_hedged_reply_to_a_question_back_picks_the_column(reply: str) -> None:
    two = profile(
        "bakeries2",
        500,
        col("night_shift", "binary", 2),
        col("loaves_sold", "continuous"),
        col("cakes_sold", "continuous"),
    )
    msg = _after_question_back("what does the night shift do to sales?", reply, [two])
    assert msg.tool_calls and msg.tool_calls[0]["args"]["outcome"] == "loaves_sold"


def test_a_table_picked_by_its_place_in_the_question_back() -> None:
    other = profile("mills", 300, col("mill_id", "id", 300), col("wheat_t", "continuous"))
    msg = _after_question_back(
        "would you mind drawing the causal graph?", "I guess the second", [BAKERIES, other]
    )
    assert msg.tool_calls and msg.tool_calls[0]["args"]["dataset"] == "mills"


@pytest.mark.parametrize(
    "question",
    [
        "what does the estimate mean?",
        "not sure I follow - what does the estimate you gave mean?",
        "in plain words, what did you find?",
    ],
)
def test_the_last_estimate_asked_about_is_explained(question: str) -> None:
    msg = plan(question, [BAKERIES], history=AFTER_EFFECT)
    assert not msg.tool_calls, msg.tool_calls
    assert "2.4" in msg.content and "loaves_sold" in msg.content


def test_a_concept_asked_about_in_this_analysis_names_its_columns() -> None:
    msg = plan(
        "can you say in plain words what a confounder is, in this analysis?",
        [BAKERIES],
        history=AFTER_EFFECT,
    )
    assert not msg.tool_calls, msg.tool_calls
    assert "confounder" in msg.content.lower() and "owner_age" in msg.content


def test_rows_said_to_lack_a_value_ask_for_the_missing_values() -> None:
    assert call(
        "not sure, but maybe some rows lack the waste percentage? could you count them"
    ) == {
        "dataset": "bakeries",
        "focus": "missing",
    }


def test_a_control_word_two_columns_fit_is_the_one_the_list_does_not_name_otherwise() -> None:
    shops = profile(
        "shops",
        400,
        col("owner_age", "continuous"),
        col("oven_age_yrs", "continuous"),
        col("night_shift", "binary", 2),
        col("loaves_sold", "continuous"),
    )
    msg = plan(
        "perhaps use regression, controlling for age and oven age, for the night shift on loaves?",
        [shops],
    )
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert sorted(args["common_causes"]) == ["oven_age_yrs", "owner_age"]
    assert (args["treatment"], args["outcome"]) == ("night_shift", "loaves_sold")
    # alone, the word still asks which one
    alone = plan("effect of the night shift on loaves controlling for age", [shops])
    assert not alone.tool_calls and "owner_age" in alone.content and "oven_age_yrs" in alone.content


def test_a_count_everyone_did_sets_the_scenario() -> None:
    gym = profile(
        "studio",
        400,
        col("classesPerWeek", "continuous"),
        col("fitnessScore", "continuous"),
    )
    msg = plan("I'd like you to simulate the fitness score if everyone did 3 classes a week", [gym])
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("classesPerWeek", "fitnessScore")
    assert args["what_if"] == {"op": "set", "value": 3.0}


def test_a_scenario_done_to_every_units_own_thing_applies_to_all() -> None:
    clinics = profile(
        "clinics",
        300,
        col("clinic_id", "id", 300),
        col("mentoring", "binary", 2),
        col("med_errors", "continuous"),
    )
    msg = plan("what would happen to med errors if we mentored every clinic's nurses?", [clinics])
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("mentoring", "med_errors")
    assert args.get("what_if") == {"op": "set", "value": 1.0}
