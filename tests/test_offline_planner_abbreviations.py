"""Abbreviated column names (`tir_pct`, `qol_score`, `kwh_per_sqft`, `hba1c_12m`, `yr_built`)
said in full, controls that point back at an earlier list, options said in a sentence of their
own, and a subgroup phrase that only grazes a continuous column. Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.column_phrases import fold
from copilot.agents.columns import match_column, word_similarity
from tests.test_offline_planner import col
from tests.test_offline_planner_slots import ask, table

TRIAL = table(
    "trial",
    col("subj_id", "id", 1500),
    col("site", "categorical", 3),
    col("age_yrs", "continuous"),
    col("bmi_kgm2", "continuous"),
    col("hba1c_base", "continuous"),
    col("rand_arm", "binary", 2),
    col("device_used", "binary", 2),
    col("tir_pct", "continuous"),
    col("hba1c_12m", "continuous"),
    col("hypo_events", "continuous"),
    col("qol_score", "continuous"),
    col("adverse_evt", "binary", 2),
)
BUILDINGS = table(
    "buildings",
    col("bldg_id", "id", 1500),
    col("climate_zone", "categorical", 3),
    col("yr_built", "continuous"),
    col("n_floors", "continuous"),
    col("insul_grade", "continuous"),
    col("smart_thermo", "binary", 2),
    col("setpoint_c", "continuous"),
    col("kwh_per_sqft", "continuous"),
    col("kwh_used_k", "continuous"),
    col("line_speed", "continuous"),
)
COLUMNS = {
    t["id"]: [c["name"] for c in t["columns"] if c["kind"] != "id"] for t in (TRIAL, BUILDINGS)
}


def call(msg: AIMessage) -> dict[str, Any]:
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["args"]


# folding spelled-out words into the names' abbreviations ------------------------------------------
@pytest.mark.parametrize(
    ("text", "table_id", "folded"),
    [
        ("the time in range", "trial", "the tir"),
        ("quality of life", "trial", "qol"),
        ("time-in-range percentage", "trial", "tir_pct"),
        ("HbA1c at 12 months", "trial", "hba1c_12m"),
        ("HbA1c at twelve months", "trial", "hba1c_12m"),
        ("effect on kWh per square foot", "buildings", "effect on kwh_per_sqft"),
        ("insul grade -> kwh/sqft", "buildings", "insul grade -> kwh_per_sqft"),
        ("energy per square foot", "buildings", "kwh_per_sqft"),
        ("energy use per square foot", "buildings", "kwh_per_sqft"),
        ("the total energy use", "buildings", "the total kwh_used_k"),
        (
            "Does building age drive energy? By building age I mean the year built.",
            "buildings",
            "Does yr_built drive energy?",
        ),
    ],
)
def test_spelled_out_words_fold_into_the_column_names(text: str, table_id: str, folded: str):
    assert fold(text, COLUMNS[table_id]) == folded


@pytest.mark.parametrize(
    "text",
    [
        "Finance proposes cutting ad spend in half",  # "pct" is a unit, never folded
        "use DML to estimate it",  # a word in capitals is its own acronym
        "We have a board meeting tomorrow",
        "learn the graph assuming tir_pct -> qol_score",
        "their effect on the outcome",  # "tir" is no abbreviation of "their"
        # an analysis word inflected spells no name: "controls and rerun" is no `car`
        "add age and tenure as controls and rerun it",
        "keep them as controls and redo the estimate",
        "how many units per minute",
    ],
)
def test_ordinary_words_are_left_alone(text: str):
    cols = [
        *COLUMNS["trial"],
        *COLUMNS["buildings"],
        "discount_pct",
        "bmi",
        "units_per_day",
        "car_yrs",
    ]
    assert fold(text, cols) == text


def test_vowel_less_abbreviations_and_short_inflections_match_their_words():
    assert word_similarity("year", "yr") >= 0.85
    assert word_similarity("events", "evt") >= 0.85
    assert word_similarity("use", "used") >= 0.9
    assert word_similarity("age", "average") == 0.0  # vowels: a word, not an abbreviation
    assert match_column("adverse events", COLUMNS["trial"]).column == "adverse_evt"
    assert match_column("year built", COLUMNS["buildings"]).column == "yr_built"


# the planner with those names ---------------------------------------------------------------------
def test_a_word_without_digits_is_no_typo_of_a_name_with_one():
    # "cost" was read as a typo of `co2_t` (three letters in common); a digit is no typo
    assert match_column("cost", ["insul_grade", "co2_t", "peak_kw"]).column is None
    assert match_column("the cost", ["co2_t", "kwh_used_k", "bill_usd_k"]).column == "bill_usd_k"
    assert match_column("so2", ["plant_id", "so2_kg", "output_t"]).column == "so2_kg"
    assert match_column("co2_t", ["co2_t", "price"]).column == "co2_t"


def test_mediation_with_spelled_out_names():
    args = call(
        ask(
            "How much of the device's effect on HbA1c at 12 months is mediated by the "
            "time-in-range percentage?",
            TRIAL,
        )
    )
    assert (args["treatment"], args["outcome"], args["mediator"]) == (
        "device_used",
        "hba1c_12m",
        "tir_pct",
    )


def test_their_effect_is_the_effect_of_what_the_context_sentence_installed():
    args = call(
        ask(
            "We installed smart thermostats in a good part of the portfolio last year. Could you "
            "tell me how much of their effect on energy use per square foot runs through the "
            "lower heating setpoint?",
            BUILDINGS,
        )
    )
    assert (args["treatment"], args["outcome"], args["mediator"]) == (
        "smart_thermo",
        "kwh_per_sqft",
        "setpoint_c",
    )


def test_mostly_by_lowering_names_a_mediator_not_a_subgroup():
    args = call(
        ask("does the device cut HbA1c at 12 months mostly by raising time in range?", TRIAL)
    )
    assert args.get("mediator") == "tir_pct" and "by" not in args


def test_controls_that_point_back_at_an_earlier_list():
    args = call(
        ask(
            "In our trial, age, BMI and site were recorded at enrolment. I'd like you to "
            "estimate how using the device affects quality of life, adjusting for these three.",
            TRIAL,
        )
    )
    assert args["outcome"] == "qol_score"
    assert set(args["common_causes"]) == {"age_yrs", "bmi_kgm2", "site"}


def test_an_instrument_named_like_a_form_field():
    args = call(ask("device_used on hypo_events, instrument rand_arm", TRIAL))
    assert args["instrument"] == "rand_arm" and "common_causes" not in args


def test_an_option_in_a_sentence_of_its_own_reaches_the_call():
    args = call(
        ask("Which heads mostly attend to the previous token? Please use 50 prompts.", TRIAL)
    )
    assert args["score"] == "previous_token" and args["n_prompts"] == 50
    args = call(
        ask(
            "We think the model builds its induction circuit from a previous-token head. Could "
            "you compute the previous-token score of every head?",
            TRIAL,
        )
    )
    assert args["score"] == "previous_token"


def test_missing_values_asked_as_rows_without_a_value():
    for q in ("How many patients have no HbA1c value at twelve months?", "how complete is it?"):
        msg = ask(q, TRIAL)
        assert msg.tool_calls and msg.tool_calls[0]["name"] == "describe", q
        assert call(msg).get("focus") == "missing"


def test_a_subgroup_phrase_that_grazes_a_continuous_column_is_left_out_and_said():
    msg = ask(
        "Insulation varies a lot across our lines. What is the effect of the smart thermostat "
        "on kwh per sqft?",
        BUILDINGS,
    )
    args = call(msg)
    assert "by" not in args and args["outcome"] == "kwh_per_sqft"
    assert "line_speed" in str(msg.content)


# wordings of a thirteenth and fourteenth batch ------------------------------------------------------
@pytest.mark.parametrize(
    ("question", "data", "want"),
    [
        (
            "Can you work out what fraction of the smart thermostat's effect on total kWh goes via "
            "the heating setpoint?",
            BUILDINGS,
            ("smart_thermo", "kwh_used_k", "setpoint_c"),
        ),
        (
            "Would you kindly estimate the direct and indirect effect of the device on quality "
            "of life, treating time in range as the mediator?",
            TRIAL,
            ("device_used", "qol_score", "tir_pct"),
        ),
        (
            "does the device lower hba1c_12m because patients spend more time in range?",
            TRIAL,
            ("device_used", "hba1c_12m", "tir_pct"),
        ),
    ],
)
def test_mediation_wordings(question: str, data: dict[str, Any], want: tuple[str, str, str]):
    args = call(ask(question, data))
    assert (args["treatment"], args["outcome"], args.get("mediator")) == want


@pytest.mark.parametrize(
    ("question", "data", "want"),
    [
        ("is it the setpoint that raises kwh per sqft?", BUILDINGS, ("setpoint_c", "kwh_per_sqft")),
        (
            "you can tell me how much kwh used goes up per extra floor?",
            BUILDINGS,
            ("n_floors", "kwh_used_k"),
        ),
        (
            "does the smart thermostat save energy per square foot?",
            BUILDINGS,
            ("smart_thermo", "kwh_per_sqft"),
        ),
        (
            "Good morning! Did the patients who actually used the device end up with a better "
            "quality of life?",
            TRIAL,
            ("device_used", "qol_score"),
        ),
    ],
)
def test_effect_wordings(question: str, data: dict[str, Any], want: tuple[str, str]):
    args = call(ask(question, data))
    assert (args["treatment"], args["outcome"]) == want


def test_any_na_asks_for_missing_values():
    assert call(ask("any NA in trial?", TRIAL)).get("focus") == "missing"


def test_ordinal_heads_count_from_zero():
    args = call(
        ask(
            "Would you knock out the second head of the first layer and see whether copying breaks?",
            TRIAL,
        )
    )
    assert args["heads"] == ["0.1"] and args["behaviour"] == "copy"


@pytest.mark.parametrize(
    ("question", "want"),
    [
        (
            "med. analysis: rand arm / device used / hba1c 12m",
            ("rand_arm", "hba1c_12m", "device_used"),
        ),
        (
            "whether the device's benefit on quality of life comes mainly from reducing hypo events",
            ("device_used", "qol_score", "hypo_events"),
        ),
        (
            "could you see if rand arm lowers hba1c_12m mainly by causing more device use?",
            ("rand_arm", "hba1c_12m", "device_used"),
        ),
    ],
)
def test_more_mediation_wordings(question: str, want: tuple[str, str, str]):
    args = call(ask(question, TRIAL))
    assert (args["treatment"], args["outcome"], args.get("mediator")) == want


def test_form_like_controls_and_subgroups_at_some_sites():
    args = call(ask("device_used -> qol_score | adjust: age_yrs, bmi_kgm2", TRIAL))
    assert set(args["common_causes"]) == {"age_yrs", "bmi_kgm2"}
    args = call(ask("Is the device more effective on HbA1c at 12 months at some sites?", TRIAL))
    assert args["by"] == "site" and args["outcome"] == "hba1c_12m"


def test_a_one_word_reply_is_folded_like_the_question():
    # "HbA1c" as the outcome is the later measurement (a baseline is taken before treatment)
    first = ask("effect of device use on HbA1c", TRIAL)
    assert call(first)["outcome"] == "hba1c_12m" and "baseline" in first.content
    # as the treatment either fits: the planner asks, and "12 months" answers it
    first = ask("effect of HbA1c on qol_score", TRIAL)
    assert not first.tool_calls and "hba1c_12m" in first.content
    then = ask("12 months", TRIAL, history=[HumanMessage("effect of HbA1c on qol_score"), first])
    assert call(then)["treatment"] == "hba1c_12m"


def test_layers_in_words_and_both_patching_units():
    args = call(ask("train linear probes on layers zero and one using pets.jsonl", TRIAL))
    assert args["layers"] == [0, 1] and args["prompts"] == "pets.jsonl"
    args = call(ask("act patching, copy, units resid+heads", TRIAL))
    assert set(args["units"]) == {"resid", "heads"}


def test_a_tie_goes_to_the_column_naming_the_head_noun():
    assert match_column("device arm", COLUMNS["trial"]).column == "rand_arm"
    assert match_column("arm device", COLUMNS["trial"]).column == "device_used"


def test_a_mechanism_in_a_context_sentence_reaches_a_decomposition():
    args = call(
        ask(
            "Our facilities manager reckons the smart thermostats only save energy because they "
            "lower the heating setpoint. Could you test that by splitting their effect on total "
            "kwh into a direct and an indirect part?",
            BUILDINGS,
        )
    )
    assert (args["treatment"], args["outcome"], args.get("mediator")) == (
        "smart_thermo",
        "kwh_used_k",
        "setpoint_c",
    )
    args = call(
        ask(
            "I guess the device mostly works through time in range when it comes to quality of life?",
            TRIAL,
        )
    )
    assert (args["treatment"], args["outcome"], args.get("mediator")) == (
        "device_used",
        "qol_score",
        "tir_pct",
    )


def test_controls_with_an_exclusion_and_an_abbreviated_verb():
    args = call(
        ask("effect of tir_pct on qol_score, please adjust for age and bmi, not site", TRIAL)
    )
    assert set(args["common_causes"]) == {"age_yrs", "bmi_kgm2"}
    args = call(
        ask("effect of insul grade on kwh used, adj for climate zone & yr built", BUILDINGS)
    )
    assert set(args["common_causes"]) == {"climate_zone", "yr_built"}


def test_a_whole_layer_and_a_corrected_verb():
    args = call(ask("Would you mean-ablate all of layer 1 on induction?", TRIAL))
    assert args["heads"] == ["1.0", "1.1", "1.2", "1.3"] and args["method"] == "mean"
    args = call(ask("Does baseline HbA1c predict... sorry, affect hypo events?", TRIAL))
    assert (args["treatment"], args["outcome"]) == ("hba1c_base", "hypo_events")


def test_an_instrument_clause_before_a_name_with_a_cue_word():
    args = call(
        ask(
            "Would you use the randomisation arm as an IV to estimate device use on hypo events?",
            TRIAL,
        )
    )
    assert (args["treatment"], args["outcome"], args["instrument"]) == (
        "device_used",
        "hypo_events",
        "rand_arm",
    )


def test_missing_values_said_in_a_context_sentence():
    msg = ask("Some patients refused to state their BMI. How many rows are affected?", TRIAL)
    assert call(msg).get("focus") == "missing"


def test_mediation_by_increasing_and_as_a_pathway():
    args = call(ask("Does the device lower hba1c_12m by increasing time in range?", TRIAL))
    assert (args["treatment"], args["outcome"], args.get("mediator")) == (
        "device_used",
        "hba1c_12m",
        "tir_pct",
    )
    args = call(
        ask("Anyway: is time in range the pathway from device use to quality of life?", TRIAL)
    )
    assert (args["treatment"], args["outcome"], args.get("mediator")) == (
        "device_used",
        "qol_score",
        "tir_pct",
    )


def test_its_heads_are_the_heads_of_the_layer_named_before():
    args = call(
        ask("Layer 0 might do the copying. Please knock out each of its heads together.", TRIAL)
    )
    assert args["heads"] == ["0.0", "0.1", "0.2", "0.3"] and args["behaviour"] == "copy"
