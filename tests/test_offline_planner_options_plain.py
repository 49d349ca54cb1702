"""The offline planner on effect options said in plain words: controls held alike ("among
members with the same plan"), controls to leave out ("don't adjust for X", "A but not B", "X is
a mediator, so leave it out"), an estimator said only as "propensity scores", instruments said
by what they do ("as good as randomly assigned by Z", "Z moves X and nothing else", "an
exogenous shifter"), options after a bare pair of variables, a list of controls ended by an
option, and a column named by the head of a noun phrase ("floor area"). Planner only: no tool
runs."""

from __future__ import annotations

from typing import Any

import pytest
from planner_kit import col, plan, profile, turn

CLINIC = profile(
    "clinic",
    900,
    col("patient_id", "id", 900),
    col("age_yrs", "continuous"),
    col("ward", "categorical", 3),
    col("severity_idx", "continuous"),
    col("statin", "binary", 2),
    col("ldl_mmol", "continuous"),
    col("stay_days", "continuous"),
    col("readmit", "binary", 2),
    col("lottery_slot", "binary", 2),
)
OFFICES = profile(
    "offices",
    400,
    col("site_id", "id", 400),
    col("n_floors", "continuous"),
    col("gross_area_sqft", "continuous"),
    col("heat_pump", "binary", 2),
    col("occupancy_pct", "continuous"),
    col("energy_bill_k", "continuous"),
)


def call(question: str, ds: dict[str, Any] = CLINIC, history: list[Any] = ()) -> tuple[Any, Any]:
    msg = plan(question, [ds], history=history)
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0], msg.content


@pytest.mark.parametrize(
    ("question", "controls"),
    [
        (
            "effect of statins on stay length, holding age and severity fixed",
            {"age_yrs", "severity_idx"},
        ),
        (
            "Among patients with the same ward and the same age, do statins shorten stays?",
            {"ward", "age_yrs"},
        ),
        ("statin effect on stay days net of severity", {"severity_idx"}),
        ("effect of statin on readmission adjusting for ward, matching, 99% CI please", {"ward"}),
    ],
)
def test_controls_said_in_words(question: str, controls: set[str]) -> None:
    c, _ = call(question)
    assert c["name"] == "estimate_effect"
    assert c["args"]["treatment"] == "statin"
    assert set(c["args"]["common_causes"]) == controls
    assert "by" not in c["args"]


def test_a_list_of_controls_ends_at_an_option_after_a_comma() -> None:
    c, content = call("statin -> readmission, adjust for ward and age, matching, 99% CI please")
    assert set(c["args"]["common_causes"]) == {"ward", "age_yrs"}
    assert c["args"]["method"] == "matching"
    assert "99%" in content  # the interval asked for is said not to be used


@pytest.mark.parametrize(
    ("question", "controls"),
    [
        (
            "effect of statins on readmission - don't adjust for LDL, it's downstream of the drug",
            None,
        ),
        (
            "statin effect on stay days controlling for age but not LDL (that's a mediator, leave it out)",
            ["age_yrs"],
        ),
        (
            "Impact of statins on stay days. LDL is a mediator so leave it out of the adjustment.",
            None,
        ),
        (
            "effect of statin on readmission adjusting for age and ward, not LDL",
            ["age_yrs", "ward"],
        ),
        (
            "statin effect on readmit; please do not control for ldl since it is a mediator, and use ipw",
            None,
        ),
    ],
)
def test_controls_to_leave_out(question: str, controls: list[str] | None) -> None:
    c, content = call(question)
    args = c["args"]
    assert args["treatment"] == "statin"
    assert args["outcome"] in ("readmit", "stay_days")
    assert args.get("common_causes") == controls
    assert "mediator" not in args and "by" not in args
    assert "ldl_mmol" in content  # the reply says what was kept out
    if "ipw" in question:
        assert args["method"] == "weighting"


def test_with_and_without_adjusting_is_no_exclusion() -> None:
    c, content = call("compare the statin effect on stay days with and without adjusting for age")
    assert c["args"].get("common_causes") == ["age_yrs"]
    assert "Left" not in content


@pytest.mark.parametrize(
    "question",
    [
        "same but don't adjust for ldl",
        "same, but leave ldl out",
        "now without adjusting for ldl",
        "redo it without controlling for ldl",
    ],
)
def test_a_follow_up_that_leaves_a_control_out(question: str) -> None:
    history = turn(
        "statin effect on stay days adjusting for age and ldl",
        "estimate_effect",
        {
            "dataset": "clinic",
            "treatment": "statin",
            "outcome": "stay_days",
            "common_causes": ["age_yrs", "ldl_mmol"],
        },
    )
    c, _ = call(question, history=history)
    assert c["args"]["treatment"] == "statin" and c["args"]["outcome"] == "stay_days"
    assert c["args"].get("common_causes") == ["age_yrs"]


def test_propensity_scores_alone_read_as_weighting_and_said() -> None:
    c, content = call("estimate the statin effect on readmission with propensity scores")
    assert c["args"]["method"] == "weighting"
    assert "propensity" in content
    c, content = call("statin effect on readmission, matching on the propensity score")
    assert c["args"]["method"] == "matching"
    c, content = call("estimate statin on readmission using propensity trees")
    assert "method" not in c["args"] and "propensity trees" in content


@pytest.mark.parametrize(
    "question",
    [
        "Statin use is as good as randomly assigned by the lottery slot. What does it do to stay days?",
        "use the lottery slot as an exogenous shifter of statin use and estimate the statin effect on stay days",
        "The lottery slot moves statin use and nothing else, so use it to get the statin's effect on stay days",
        "The lottery slot is an instrument for statin use. What does it do to stay days?",
    ],
)
def test_instruments_said_by_what_they_do(question: str) -> None:
    c, _ = call(question)
    assert c["args"]["treatment"] == "statin"
    assert c["args"]["outcome"] == "stay_days"
    assert c["args"]["instrument"] == "lottery_slot"


@pytest.mark.parametrize(
    ("question", "key", "value", "said"),
    [
        ("statin and readmission, tested at the 1% level", None, None, "0.01"),
        ("statin and stay days, with 500 resamples for the CI", "n_boot", 500, ""),
        ("statin vs stay days, no need for refutation tests, just the number", "refute", False, ""),
    ],
)
def test_options_after_a_bare_pair(question: str, key: str | None, value: Any, said: str) -> None:
    c, content = call(question)
    assert c["args"]["treatment"] == "statin"
    assert c["args"]["outcome"] in ("readmit", "stay_days")
    if key:
        assert c["args"][key] == value
    assert said in content


def test_a_noun_phrase_names_the_column_of_its_head() -> None:
    c, _ = call(
        "heat pump effect on the energy bill, adjusting for floor area and number of floors",
        OFFICES,
    )
    assert c["args"]["treatment"] == "heat_pump"
    assert set(c["args"]["common_causes"]) == {"gross_area_sqft", "n_floors"}


@pytest.mark.parametrize(
    ("question", "controls"),
    [
        ("statin effect on stay days once you factor in the ward", ["ward"]),
        ("statin effect on readmission, but do not include LDL as a covariate", None),
        ("Estimate the statin effect on stay days. LDL is post-treatment, so exclude it.", None),
        ("statin and stay days. LDL is affected by the statin so don't control for it", None),
    ],
)
def test_more_controls_and_exclusions(question: str, controls: list[str] | None) -> None:
    c, content = call(question)
    assert c["args"]["treatment"] == "statin"
    assert c["args"].get("common_causes") == controls
    assert "mediator" not in c["args"]
    if controls is None:
        assert "ldl_mmol" in content


@pytest.mark.parametrize(
    ("question", "method"),
    [
        ("run an augmented IPW estimator: statin and readmission", "aipw"),
        ("debiased ML for statins and stay days", "dml"),
    ],
)
def test_a_longer_estimator_name_wins_over_the_name_inside_it(question: str, method: str) -> None:
    c, _ = call(question)
    assert c["args"]["method"] == method
    assert "methods" not in c["args"]


@pytest.mark.parametrize(
    "question",
    [
        "The lottery slot affects stay days only through whether patients take a statin. Use that to "
        "estimate the statin's effect on stay days.",
        "the lottery slot just encourages people to use statin; estimate the statin effect on stay "
        "days off that encouragement",
    ],
)
def test_instruments_by_their_exclusion_story(question: str) -> None:
    c, _ = call(question)
    assert (c["args"]["treatment"], c["args"]["instrument"]) == ("statin", "lottery_slot")


def test_only_through_without_a_request_to_use_it_asks_for_a_mediator() -> None:
    c, _ = call("does the statin affect stay days only through ldl?")
    assert c["args"].get("mediator") == "ldl_mmol"
    assert "instrument" not in c["args"]


def test_sanity_checks_off_and_no_controls_in_a_follow_up() -> None:
    c, _ = call("statin and readmission - skip the sanity checks, I only need the point estimate")
    assert c["args"]["refute"] is False
    history = turn(
        "statin effect on stay days adjusting for age",
        "estimate_effect",
        {
            "dataset": "clinic",
            "treatment": "statin",
            "outcome": "stay_days",
            "common_causes": ["age_yrs"],
        },
    )
    c, _ = call("and this time don't adjust for anything", history=history)
    assert c["args"]["outcome"] == "stay_days" and "common_causes" not in c["args"]


def test_a_list_left_out_names_each_column() -> None:
    c, content = call(
        "statin effect on readmission; leave LDL and stay days out of the model, they're outcomes too"
    )
    assert "common_causes" not in c["args"]
    assert "ldl_mmol" in content and "stay_days" in content


def test_excluding_after_a_list_of_controls_but_not_after_everything() -> None:
    c, content = call(
        "statin effect on stay days, adjusting for age but excluding ldl since that's a mediator"
    )
    assert c["args"]["common_causes"] == ["age_yrs"] and "ldl_mmol" in content
    c, _ = call("statin effect on stay days, adjusting for everything except ldl")
    assert "ldl_mmol" not in c["args"]["common_causes"] and "age_yrs" in c["args"]["common_causes"]


@pytest.mark.parametrize(
    "question",
    [
        "the lottery slot is plausibly exogenous and only affects stay days through the statin; estimate "
        "the statin effect on stay days using it",
        "the lottery slot was drawn at random and nudges people onto statins, so use it to identify the "
        "effect of statins on stay days",
    ],
)
def test_instrument_stories_with_a_coordinated_subject(question: str) -> None:
    c, _ = call(question)
    assert (c["args"]["treatment"], c["args"]["instrument"]) == ("statin", "lottery_slot")
    assert c["args"]["outcome"] == "stay_days"


def test_a_follow_up_that_only_asks_for_another_interval_says_it_is_not_used() -> None:
    history = turn(
        "statin effect on readmission",
        "estimate_effect",
        {"dataset": "clinic", "treatment": "statin", "outcome": "readmit"},
    )
    c, content = call("and with 99% intervals?", history=history)
    assert (c["args"]["treatment"], c["args"]["outcome"]) == ("statin", "readmit")
    assert "99%" in content


def test_matching_of_a_pair_in_order_and_a_code_without_its_prefix() -> None:
    c, _ = call("nearest neighbor matching of statins vs readmission")
    assert (c["args"]["treatment"], c["args"]["outcome"], c["args"]["method"]) == (
        "statin",
        "readmit",
        "matching",
    )
    trial = profile(
        "trial",
        300,
        col("device_used", "binary", 2),
        col("hba1c_base", "continuous"),
        col("tir_pct", "continuous"),
    )
    c, _ = call("device effect on time in range, adjusting for baseline A1c", trial)
    assert c["args"]["common_causes"] == ["hba1c_base"]


LOANS = profile(
    "loans",
    500,
    col("loan_id", "id", 500),
    col("CreditScore", "continuous"),
    col("debt_to_income", "continuous"),
    col("counseling", "binary", 2),
    col("defaulted", "binary", 2),
)


def test_an_acronym_typed_in_capitals_names_a_column_by_its_initials() -> None:
    c, _ = call("effect of counseling on default rates w/ controls: credit score, DTI", LOANS)
    assert set(c["args"]["common_causes"]) == {"CreditScore", "debt_to_income"}


@pytest.mark.parametrize(
    ("question", "key", "value"),
    [
        ("statin effect on readmission, please use a DR estimator", "method", "aipw"),
        ("statin effect on stay days: IPW, controls age & ward, 1,000 resamples.", "n_boot", 1000),
    ],
)
def test_estimator_abbreviations_and_thousands_separators(
    question: str, key: str, value: Any
) -> None:
    c, _ = call(question)
    assert c["args"][key] == value


def test_uplift_from_x_and_like_for_like_controls() -> None:
    c, _ = call(
        "what's the uplift in stay days from statins, comparing like-for-like patients by ward and age"
    )
    assert (c["args"]["treatment"], c["args"]["outcome"]) == ("statin", "stay_days")
    assert set(c["args"]["common_causes"]) == {"ward", "age_yrs"} and "by" not in c["args"]


@pytest.mark.parametrize(
    "question",
    [
        "lottery slot assignment was random; use it to instrument statin use and get the effect on stay days",
        "the lottery slot is essentially a coin flip that pushes people to take a statin; what's the statin's "
        "effect on stay days using that?",
    ],
)
def test_instruments_said_with_a_pronoun_or_a_relative_clause(question: str) -> None:
    c, _ = call(question)
    assert (c["args"]["treatment"], c["args"]["instrument"]) == ("statin", "lottery_slot")


def test_follow_ups_take_back_a_control_reset_the_method_and_change_the_bootstrap() -> None:
    base = {"dataset": "clinic", "treatment": "statin", "outcome": "stay_days"}
    h = turn(
        "statin on stay days adjusting for age and ward",
        "estimate_effect",
        {**base, "common_causes": ["age_yrs", "ward"]},
    )
    c, _ = call("take ward back out", history=h)
    assert c["args"]["common_causes"] == ["age_yrs"]
    h = turn("statin on stay days with dml", "estimate_effect", {**base, "method": "dml"})
    c, _ = call("back to the default method", history=h)
    assert c["args"].get("method", "auto") == "auto"
    h = turn("statin on stay days, 500 bootstraps", "estimate_effect", {**base, "n_boot": 500})
    c, _ = call("fewer bootstraps, like 100", history=h)
    assert c["args"]["n_boot"] == 100
