"""The offline planner reads analysts' own styles: context sentences before a request that
points back, second person, hedges, non-native grammar ("effect the training have on Y", "3
reminder email more", "make the refutation tests") and terse chat. Planner only: no tool runs.
The tables here (bus routes, a trial, offices, staff) are written for these tests."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import MODEL
from tests.test_offline_planner import TOOLS, col
from tests.test_offline_planner_slots import table

BUSES = table(
    "buses",
    col("route_id", "id", 900),
    col("RouteKind", "categorical", 3),
    col("len_km", "continuous"),
    col("n_stops", "discrete"),
    col("headway_min", "continuous"),
    col("bus_lane", "binary", 2),
    col("fare_eur", "continuous"),
    col("fare_rev_keur", "continuous"),
    col("runtime_min", "continuous"),
    col("ontime_pct", "continuous"),
    col("DailyRiders", "discrete"),
    col("complaints", "discrete"),
)
TRIAL = table(
    "trial",
    col("subj_id", "id", 800),
    col("clinic", "categorical", 3),
    col("age_yrs", "continuous"),
    col("steps_k_day", "continuous"),
    col("monitor_used", "binary", 2),
    col("hba1c_base", "continuous"),
    col("hba1c_12m", "continuous"),
    col("hypo_events", "discrete"),
    col("qol_score", "continuous"),
)
OFFICES = table(
    "offices",
    col("smart_thermo", "binary", 2),
    col("setpoint_c", "continuous"),
    col("kwh_per_sqft", "continuous"),
    col("bill_usd_k", "continuous"),
    col("yr_built", "continuous"),
)
STAFF = table(
    "staff",
    col("training_hrs", "continuous"),
    col("promoted", "binary", 2),
    col("MonthlyIncome", "continuous"),
    col("MonthlyRate", "continuous"),
    col("Attrition", "binary", 2),
    col("single_parent", "binary", 2),
    col("childcare_sub", "binary", 2),
    col("hrs_wk", "continuous"),
)


def ask(question: str, data: dict[str, Any] = BUSES) -> AIMessage:
    state = {"datasets": {data["id"]: data}, "models": {"demo": MODEL}}
    return next_message([system_message(state), HumanMessage(question)], TOOLS)


def call(question: str, data: dict[str, Any] = BUSES) -> tuple[str, dict[str, Any], str]:
    msg = ask(question, data)
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"], str(msg.content)


def effect(question: str, data: dict[str, Any] = BUSES) -> dict[str, Any]:
    name, args, _ = call(question, data)
    assert name == "estimate_effect"
    return args


# column words -----------------------------------------------------------------------------------
def test_a_unit_need_not_be_said() -> None:
    # "fare" is fare_eur (fare + a unit), not fare_rev_keur (fare + more words)
    args = effect("efect of fare on daily riders")
    assert (args["treatment"], args["outcome"]) == ("fare_eur", "DailyRiders")


def test_two_words_a_name_writes_as_one() -> None:
    args = effect("estimate bus lane effect on the running time")
    assert args["outcome"] == "runtime_min"


def test_a_baseline_is_not_the_outcome_when_a_later_measurement_fits() -> None:
    name, args, content = call("how much the monitor effect on hba1c go via steps?", TRIAL)
    assert (args["treatment"], args["outcome"]) == ("monitor_used", "hba1c_12m")
    assert args["mediator"] == "steps_k_day"
    assert "hba1c_12m" in content  # the reading is said


# non-native grammar and context ----------------------------------------------------------------
def test_the_effect_a_cause_has_on_an_outcome() -> None:
    for q in (
        "what is effect the training have on promotion?",
        "what is the effect that training has on promotion?",
    ):
        args = effect(q, STAFF)
        assert (args["treatment"], args["outcome"]) == ("training_hrs", "promoted")


def test_what_a_cause_did_to_an_outcome_points_back_to_the_context() -> None:
    args = effect(
        "We installed smart thermostats in some offices over the last two years. Facilities "
        "wants to know what that did to the electricity bill.",
        OFFICES,
    )
    assert (args["treatment"], args["outcome"]) == ("smart_thermo", "bill_usd_k")


def test_the_verb_did_is_no_method_but_did_as_a_method_is_reported() -> None:
    _, args, content = call("did the thermostat lower the bill?", OFFICES)
    assert "difference" not in content.lower()
    _, args, content = call("estimate the thermostat effect on the bill using DiD", OFFICES)
    assert "difference-in-differences" in content


def test_refutation_turned_off_with_make() -> None:
    args = effect("estimate bus lane effect on ontime pct, no need to make the refutation tests")
    assert args["refute"] is False


def test_a_cause_before_the_word_effect_with_no_outcome_asks_for_one() -> None:
    msg = ask("How big is the bus lane effect?")
    assert not msg.tool_calls and "outcome" in str(msg.content)


def test_a_dash_before_a_request_and_its_pointer() -> None:
    args = effect(
        "I wonder if the monitor works differently at the clinics - maybe check its effect on "
        "quality of life per clinic?",
        TRIAL,
    )
    assert (args["treatment"], args["outcome"], args["by"]) == (
        "monitor_used",
        "qol_score",
        "clinic",
    )


def test_a_topic_before_a_dash_is_what_drives_them_asks_about() -> None:
    name, args, _ = call("hypo events - what drives them", TRIAL)
    assert name == "discover" and args["target"] == "hypo_events"


# subgroups and confounding ---------------------------------------------------------------------
def test_different_for_a_group_splits_by_its_column() -> None:
    for q in (
        "childcare subsidy effect on hours worked is different for the single parent or not?",
        "is the childcare subsidy effect on hours worked different for single parents?",
    ):
        args = effect(q, STAFF)
        assert args["by"] == "single_parent"


@pytest.mark.parametrize(
    "question",
    [
        "the relation between fare and riders, it is real or it is because of other thing?",
        "is the relation between fare and riders real or because of something else?",
    ],
)
def test_an_unnamed_third_variable_asks_the_confounding_question(question: str) -> None:
    args = effect(question)
    assert args["focus"] == "confounding"
    assert not args.get("mediator") and not args.get("common_causes")


def test_isnt_just_confounding_by_a_named_variable() -> None:
    args = effect(
        "I'm not sure the link between daily steps and HbA1c at twelve months isn't just "
        "confounding by age. Can you check?",
        TRIAL,
    )
    assert (args["treatment"], args["outcome"], args["focus"]) == (
        "steps_k_day",
        "hba1c_12m",
        "confounding",
    )


# what-if amounts ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "data", "treatment", "outcome", "value"),
    [
        # the amount before the thing counted, the comparative after it
        (
            "if headway become 2 minutes shorter, how many rider more we get?",
            BUSES,
            "headway_min",
            "DailyRiders",
            -2.0,
        ),
        # thousands of a column counted in thousands
        (
            "if patients walk 2 thousand steps more per day, what happen with the quality of life?",
            TRIAL,
            "steps_k_day",
            "qol_score",
            2.0,
        ),
        # cents of a price in euros
        (
            "If we lowered fares by 50 cents on every route, what would happen to daily riders?",
            BUSES,
            "fare_eur",
            "DailyRiders",
            -0.5,
        ),
        # a raise of an amount adds to the pay; it is not "everyone gets it"
        (
            "HR proposes giving everyone a raise of 500 a month. If we did that, how would "
            "attrition move?",
            STAFF,
            "MonthlyIncome",
            "Attrition",
            500.0,
        ),
    ],
)
def test_what_if_amounts(
    question: str, data: dict[str, Any], treatment: str, outcome: str, value: float
) -> None:
    args = effect(question, data)
    assert (args["treatment"], args["outcome"]) == (treatment, outcome)
    assert args["what_if"] == {"op": "add", "value": pytest.approx(value)}


def test_a_percent_raise_scales_the_pay() -> None:
    args = effect("what if we gave everyone a 10% raise, attrition?", STAFF)
    assert args["treatment"] == "MonthlyIncome"
    assert args["what_if"] == {"op": "scale", "value": pytest.approx(1.1)}


# probing --------------------------------------------------------------------------------------
def test_a_score_named_before_give_me_a_score() -> None:
    name, args, _ = call("which head are doing the induction? give me score for each head")
    assert (name, args["score"]) == ("head_scores", "induction")
    msg = ask("give me a foo score for each head")
    assert not msg.tool_calls and "foo" in str(msg.content)


# written after a second batch ------------------------------------------------------------------
def test_a_passive_or_made_set_scenario() -> None:
    args = effect("if fare is put to 2 euro for all routes, what is the daily riders?")
    assert (args["treatment"], args["outcome"]) == ("fare_eur", "DailyRiders")
    assert args["what_if"] == {"op": "set", "value": pytest.approx(2.0)}
    args = effect(
        "if all offices make the setpoint to 19 degree, how much the kwh per sqft change?", OFFICES
    )
    assert args["treatment"] == "setpoint_c"
    assert args["what_if"] == {"op": "set", "value": pytest.approx(19.0)}


def test_a_plus_amount_with_a_unit_per_unit() -> None:
    args = effect("headway +3 min/route -> daily riders?")
    assert args["treatment"] == "headway_min"
    assert args["what_if"] == {"op": "add", "value": pytest.approx(3.0)}


def test_a_modal_verb_ends_the_outcome_and_levels_name_the_subgroup() -> None:
    args = effect(
        "not sure, but the fare effect on riders might be bigger on some route kinds than others?"
    )
    assert (args["treatment"], args["outcome"], args["by"]) == (
        "fare_eur",
        "DailyRiders",
        "RouteKind",
    )


def test_related_but_is_it_causal() -> None:
    args = effect("number of stops and runtime are related, but it is true causal?")
    assert (args["treatment"], args["outcome"], args["focus"]) == (
        "n_stops",
        "runtime_min",
        "confounding",
    )


def test_what_might_be_behind_asks_for_causes() -> None:
    name, args, _ = call("I'm curious what might be behind the complaints")
    assert name == "discover" and args["target"] == "complaints"


def test_a_chart_over_time_is_said_not_done() -> None:
    msg = ask("Can you also plot the daily riders over time for me?")
    assert not msg.tool_calls and "cannot" in str(msg.content).lower()
    name, _, _ = call("plot the causal graph")
    assert name == "discover"


def test_the_last_part_of_joined_words_asks_which_is_meant() -> None:
    msg = ask("effect of the bus lane on the time")
    assert not msg.tool_calls
    assert "runtime_min" in str(msg.content) and "ontime_pct" in str(msg.content)


def test_describe_and_missing_said_plainly() -> None:
    name, args, _ = call("can you show me what is inside this data?")
    assert (name, args.get("focus")) == ("describe", None)
    name, args, _ = call("are some data lacking?")
    assert (name, args.get("focus")) == ("describe", "missing")


@pytest.mark.parametrize(
    ("question", "data", "want"),
    [
        # "is coming from better X": the mechanism
        (
            "how much of lane effect on riders is coming from better punctuality?",
            BUSES,
            ("bus_lane", "DailyRiders", "ontime_pct"),
        ),
        # "because they are less X, how much of it?": the words after the comparative
        (
            "monitor use lowers hba1c because patients get more steps per day, how much of it?",
            TRIAL,
            ("monitor_used", "hba1c_12m", "steps_k_day"),
        ),
    ],
)
def test_a_mechanism_said_as_a_cause(question: str, data: dict[str, Any], want: tuple) -> None:
    args = effect(question, data)
    assert (args["treatment"], args["outcome"], args.get("mediator")) == want


def test_a_name_said_without_its_unit_as_two_words() -> None:
    assert effect("effect of the lane on the on time percentage")["outcome"] == "ontime_pct"
    assert effect("effect of head way on riders")["treatment"] == "headway_min"


def test_an_instrument_said_like_iv() -> None:
    args = effect("estimate lane on riders, use the fare like IV and 500 bootstraps")
    assert (args["instrument"], args["n_boot"]) == ("fare_eur", 500)


@pytest.mark.parametrize(
    "question",
    [
        "does the lane help riders more for some route kinds?",
        "does the lane raise riders more for each route kind?",
        "does the lane raise riders more for the route kinds?",
    ],
)
def test_a_comparative_then_the_group(question: str) -> None:
    args = effect(question)
    assert (args["treatment"], args["outcome"], args.get("by")) == (
        "bus_lane",
        "DailyRiders",
        "RouteKind",
    )


def test_more_in_the_long_run_is_no_group() -> None:
    assert "by" not in effect("does the lane raise riders more in the long run?")


@pytest.mark.parametrize(
    ("question", "changed"),
    [
        ("can you make it again with the weighting?", {"method": "weighting"}),
        ("can you do it again with the weighting?", {"method": "weighting"}),
        ("please do same for the complaints", {"outcome": "complaints"}),
        ("make the same for complaints", {"outcome": "complaints"}),
    ],
)
def test_redo_requests_in_a_session(question: str, changed: dict[str, str]) -> None:
    from tests.test_offline_planner_slots import history

    before = {"dataset": "buses", "treatment": "bus_lane", "outcome": "DailyRiders"}
    state = {"datasets": {"buses": BUSES}, "models": {}}
    msg = next_message(
        [system_message(state), *history("estimate_effect", before), HumanMessage(question)],
        TOOLS,
    )
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"] == {**before, **changed}


def test_options_said_without_their_preposition() -> None:
    args = effect("I'd like you to estimate lane to riders controlling everything")
    assert (args["treatment"], args["outcome"], args["adjust_for_all"]) == (
        "bus_lane",
        "DailyRiders",
        True,
    )
    args = effect("effect of fare on riders adjusting the route length")
    assert args["common_causes"] == ["len_km"]
    args = effect("effect of fare on riders, please don't use the refutations, 300 bootstrap")
    assert (args["refute"], args["n_boot"]) == (False, 300)


@pytest.mark.parametrize(
    ("question", "word"),
    [
        ("what is a confounder?", "confounder"),
        ("please explain me what is mediation", "mediator"),
        ("what does ATE mean?", "average treatment effect"),
        ("define instrumental variable", "instrument"),
        ("what is an induction head?", "induction head"),
        ("what are colliders in simple words?", "collider"),
    ],
)
def test_a_concept_is_explained_in_words(question: str, word: str) -> None:
    msg = ask(question)
    assert not msg.tool_calls and word in str(msg.content).lower()


def test_a_question_that_names_variables_is_no_concept_question() -> None:
    assert call("what is the ATE of the bus lane on riders?")[0] == "estimate_effect"


@pytest.mark.parametrize(
    ("question", "treatment", "value"),
    [
        ("fare plus 0.3, riders?", "fare_eur", 0.3),
        ("headway minus 2 min -> riders?", "headway_min", -2.0),
    ],
)
def test_plus_and_minus_said_in_words(question: str, treatment: str, value: float) -> None:
    args = effect(question)
    assert (args["treatment"], args["outcome"]) == (treatment, "DailyRiders")
    assert args["what_if"] == {"op": "add", "value": pytest.approx(value)}


@pytest.mark.parametrize(
    "question",
    [
        "I am afraid that the route length confound the relation of fare and riders, can you verify?",
        "maybe the route length explains the link between fare and riders?",
    ],
)
def test_a_named_variable_said_to_confound_or_explain_a_link(question: str) -> None:
    args = effect(question)
    assert (args["treatment"], args["outcome"], args["focus"]) == (
        "fare_eur",
        "DailyRiders",
        "confounding",
    )
    assert args["common_causes"] == ["len_km"]


def test_a_group_said_by_its_level_and_the_effect_different_by_a_group() -> None:
    staff = table(
        "people",
        col("tutoring", "binary", 2),
        col("exam_score", "continuous"),
        col("age_band", "categorical", 3),
    )
    args = effect("Does tutoring work better for the young, on the exam score?", staff)
    assert (args["treatment"], args["outcome"], args["by"]) == (
        "tutoring",
        "exam_score",
        "age_band",
    )
    args = effect(
        "We gave tutoring to the weaker students. Is the effect on the exam score different by "
        "age band?",
        staff,
    )
    assert (args["treatment"], args["outcome"], args["by"]) == (
        "tutoring",
        "exam_score",
        "age_band",
    )


def test_the_causal_graph_is_the_data_s_not_a_definition() -> None:
    assert call("What is the causal graph?")[0] == "discover"


def test_discovery_with_a_reason_and_causes_said_responsible_for() -> None:
    name, args, _ = call("please make discovery with the FCI, I think there are hidden confounders")
    assert (name, args["algorithm"]) == ("discover", "fci")
    name, args, _ = call("what variables are responsible for the complaints?")
    assert (name, args["target"]) == ("discover", "complaints")
