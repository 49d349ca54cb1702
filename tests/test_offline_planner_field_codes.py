"""Column names written in a field's own codes (UPPER_SNAKE trial codes such as RX_GRP, DBP_W12,
N_SAE; long descriptive snake_case names such as finished_tutorial_flag) as the offline planner
reads them from the words people use: codes said in full, time points said in words, a thing
said without the word that says it was taken part in, a phrasal verb for a column's noun, and the
request around them. Planner only (no tool runs): each case checks the exact call."""

from __future__ import annotations

from typing import Any

from copilot.agents.columns import match_column
from tests.planner_kit import col, plan, profile, turn

#: A trial of a drug against relapse, its names in a trial's codes.
RELAPSE = profile(
    "relapse",
    900,
    col("PAT_ID", "id", 900),
    col("CENTRE_CD", "categorical", 5),
    col("AGE_Y", "continuous"),
    col("RX_GRP", "binary", 2),
    col("DBP_BL", "continuous"),
    col("DBP_W12", "continuous"),
    col("N_SAE", "discrete", 6),
    col("N_TIA", "discrete", 4),
    col("STROKE_EVT", "binary", 2),
    col("SMOKES", "binary", 2),
    col("RELAPSE_24W", "binary", 2),
)
#: Learners of a language app, with long descriptive names.
LEARNERS = profile(
    "learners",
    1200,
    col("learner_id", "id", 1200),
    col("tutorial_invite_emailed", "binary", 2),
    col("finished_tutorial_flag", "binary", 2),
    col("daily_lesson_minutes", "continuous"),
    col("lesson_completion_share_pct", "continuous"),
    col("withdrawn", "binary", 2),
    col("still_subscribed_after_a_year", "binary", 2),
)
#: Business accounts of a payroll service: the rows are accounts.
PAYROLL = profile(
    "payroll",
    700,
    col("account_id", "id", 700),
    col("region", "categorical", 4),
    col("has_addon", "binary", 2),
    col("monthly_spend_usd", "continuous"),
    col("headcount", "continuous"),
)


def call(question: str, ds: dict[str, Any], history: list[Any] = ()) -> dict[str, Any]:
    msg = plan(question, [ds], history=history)
    assert msg.tool_calls, msg.content
    c = msg.tool_calls[0]
    return {"tool": c["name"], **c["args"]}


def effect(ds: str, t: str, y: str, **kw: Any) -> dict[str, Any]:
    return {"tool": "estimate_effect", "dataset": ds, "treatment": t, "outcome": y, **kw}


def test_a_trial_code_is_named_by_the_words_it_stands_for_and_a_time_point_in_words():
    # rx: a prescription, the medication; dbp: diastolic blood pressure; w12: week 12
    assert call("does the medication lower diastolic pressure at week 12?", RELAPSE) == effect(
        "relapse", "RX_GRP", "DBP_W12"
    )
    assert call("what does the study medication do to 12-week diastolic BP?", RELAPSE) == (
        effect("relapse", "RX_GRP", "DBP_W12")
    )
    assert match_column("baseline diastolic", [c["name"] for c in RELAPSE["columns"]]).column == (
        "DBP_BL"
    )


def test_a_code_in_the_plural_and_a_word_two_codes_stand_for():
    assert call("effect of the medication on TIAs", RELAPSE) == effect("relapse", "RX_GRP", "N_TIA")
    # "events": N_SAE (serious adverse events) and STROKE_EVT both, so the planner asks
    msg = plan("effect of the medication on events", [RELAPSE])
    assert not msg.tool_calls
    assert "N_SAE" in msg.content and "STROKE_EVT" in msg.content and "?" in msg.content
    # ... and the word before it settles it in a yes/no question
    assert call("do smokers have more stroke events?", RELAPSE) == effect(
        "relapse", "SMOKES", "STROKE_EVT"
    )


def test_a_thing_said_without_the_words_that_say_it_was_taken_part_in():
    # the tutorial itself is finished_tutorial_flag; the invitation is a thing of its own
    assert call("does the tutorial keep learners subscribed?", LEARNERS) == effect(
        "learners", "finished_tutorial_flag", "still_subscribed_after_a_year"
    )
    assert call("effect of the tutorial invitation on lesson minutes", LEARNERS) == effect(
        "learners", "tutorial_invite_emailed", "daily_lesson_minutes"
    )


def test_a_phrasal_verb_names_the_noun_of_its_column():
    assert call("what makes learners drop out?", LEARNERS) == {
        "tool": "discover",
        "dataset": "learners",
        "algorithm": "auto",
        "target": "withdrawn",
    }


def test_percentage_points_of_a_share_are_added():
    assert call(
        "if lesson completion went up by 5 percentage points, what happens to withdrawals?",
        LEARNERS,
    ) == effect(
        "learners",
        "lesson_completion_share_pct",
        "withdrawn",
        focus="what_if",
        what_if={"op": "add", "value": 5.0},
    )


def test_the_fields_and_how_the_measures_cause_one_another():
    assert call("what fields are there in this file?", LEARNERS) == {
        "tool": "describe",
        "dataset": "learners",
    }
    assert call("how do all the learner measures influence one another?", LEARNERS) == {
        "tool": "discover",
        "dataset": "learners",
        "algorithm": "auto",
    }


def test_rows_that_are_accounts_are_no_option_to_account_for_something():
    question = "Accounts with the add-on spend more. Could headcount be confounding that?"
    assert call(question, PAYROLL) == effect(
        "payroll",
        "has_addon",
        "monthly_spend_usd",
        focus="confounding",
        common_causes=["headcount"],
    )


def test_a_word_of_the_owner_names_no_property_of_it():
    msg = plan("what's the effect of the account's payroll provider on spend?", [PAYROLL])
    assert not msg.tool_calls
    assert "payroll provider" in msg.content


def test_a_command_verb_before_an_arrow_is_no_word_of_the_treatment():
    history = turn("describe the data", "describe", {"dataset": "learners"})
    assert call("run tutorial -> withdrawn with matching", LEARNERS, history) == effect(
        "learners", "finished_tutorial_flag", "withdrawn", method="matching"
    )


#: A vaccine trial: an arm in a trial's code, antibody titres before and at day 28.
VACCINE = profile(
    "vaccine",
    800,
    col("SUBJ_ID", "id", 800),
    col("TRT_ARM", "binary", 2),
    col("AGE_Y", "continuous"),
    col("SEX", "binary", 2),
    col("TITER_BL", "continuous"),
    col("TITER_D28", "continuous"),
    col("INFECTED_M6", "binary", 2),
)


def test_a_trait_before_both_measurements_asks_which_one_a_treatment_does_not():
    msg = plan("does sex affect the antibody titer?", [VACCINE])
    assert not msg.tool_calls
    assert "TITER_BL" in msg.content and "TITER_D28" in msg.content
    assert call("does the vaccine raise the antibody titer?", VACCINE) == effect(
        "vaccine", "TRT_ARM", "TITER_D28"
    )


def test_the_arm_is_what_patients_were_randomised_to():
    assert call(
        "what if everyone had been randomised to the active arm - infections at 6 months?",
        VACCINE,
    ) == effect(
        "vaccine",
        "TRT_ARM",
        "INFECTED_M6",
        focus="what_if",
        what_if={"op": "set", "value": 1.0},
    )
    assert call("effect of randomised allocation on infection", VACCINE) == effect(
        "vaccine", "TRT_ARM", "INFECTED_M6"
    )


def test_a_change_noun_ends_a_phrase_about_the_variable():
    assert call(
        "how much of the arm's effect on infection goes through the titer rise?", VACCINE
    ) == effect("vaccine", "TRT_ARM", "INFECTED_M6", mediator="TITER_D28")


def test_volume_is_how_many():
    payroll = {
        **PAYROLL,
        "columns": [*PAYROLL["columns"], col("number_of_payroll_runs_per_month", "continuous")],
    }
    assert call("effect of the add-on on payroll run volume", payroll) == effect(
        "payroll", "has_addon", "number_of_payroll_runs_per_month"
    )


def test_a_yes_no_question_asked_indirectly():
    assert call("could you tell me whether smokers had more stroke events?", RELAPSE) == effect(
        "relapse", "SMOKES", "STROKE_EVT"
    )


def test_a_group_against_its_negation_splits_the_last_estimate():
    history = turn(
        "effect of the drug on relapse",
        "estimate_effect",
        {"dataset": "relapse", "treatment": "RX_GRP", "outcome": "RELAPSE_24W"},
    )
    assert call("what about smokers versus non-smokers?", RELAPSE, history) == effect(
        "relapse", "RX_GRP", "RELAPSE_24W", by="SMOKES"
    )


def test_tenure_is_the_time_since_signing_up():
    payroll = {**PAYROLL, "columns": [*PAYROLL["columns"], col("weeks_since_signup", "continuous")]}
    assert call("does tenure affect monthly spend?", payroll) == effect(
        "payroll", "weeks_since_signup", "monthly_spend_usd"
    )


def test_nobody_treated_with_the_verb_unagreed():
    assert call("if no learner get the tutorial, how many are withdrawn?", LEARNERS) == effect(
        "learners",
        "finished_tutorial_flag",
        "withdrawn",
        focus="what_if",
        what_if={"op": "set", "value": 0.0},
    )


def test_a_reply_in_words_names_the_column_a_question_back_asked_for():
    from langchain_core.messages import HumanMessage

    first = "does the medication help the patients?"
    back = plan(first, [RELAPSE])
    assert not back.tool_calls and "?" in back.content
    # every word of the reply names a word of one column ("tia" the code, "count" its N)
    msg = plan("tia count", [RELAPSE], history=[HumanMessage(first), back])
    assert msg.tool_calls, msg.content
    assert {"tool": msg.tool_calls[0]["name"], **msg.tool_calls[0]["args"]} == effect(
        "relapse", "RX_GRP", "N_TIA"
    )
