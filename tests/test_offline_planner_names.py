"""How users name things, as the offline planner reads them: columns said by idiom, unit or the
full word of an abbreviation, category levels said without their column, and effect options said
in many ways. Planner only (no tool runs): each case has the call an analyst would make."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.columns import match_column, tokens, word_similarity
from copilot.agents.levels import categorical_levels, columns_of_level_words, fold_levels
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import col

TOOLS = ["describe", "discover", "estimate_effect"]


def encoded(name: str, levels: list[str]) -> str:
    """The note the data layer writes for a text column it encodes."""
    codes = ", ".join(f"{lv}={i}" for i, lv in enumerate(sorted(levels)))
    return (
        f"encoded categorical column '{name}' as integer codes ({codes}) for discovery; effect "
        "estimators use one indicator per level"
    )


TELECOM = {
    "id": "telecom",
    "name": "telecom",
    "source": "telecom.csv",
    "n_rows": 2000,
    "p": 12,
    "columns": [
        col("cust_id", "id", 2000),
        col("plan_tier", "categorical", 3),
        col("handset", "categorical", 3),
        col("age_yrs", "continuous"),
        col("tenure_mo", "continuous"),
        col("contract_type", "binary", 2),
        col("is_5g", "binary", 2),
        col("data_gb_mo", "continuous"),
        col("dropped_call_pct", "continuous"),
        col("n_support_calls", "discrete", 9),
        col("promo_sms", "binary", 2),
        col("monthly_amt_eur", "continuous"),
        col("nps_score", "continuous"),
        col("churned", "binary", 2),
    ],
    "notes": [
        encoded("plan_tier", ["basic", "plus", "premium"]),
        encoded("contract_type", ["monthly", "yearly"]),
        encoded("handset", ["budget", "mid", "premium"]),
    ],
}
HOUSEHOLDS = {
    "id": "hh",
    "name": "hh",
    "source": "hh.csv",
    "n_rows": 2000,
    "p": 6,
    "columns": [
        col("state", "categorical", 4),
        col("age_group", "categorical", 3),
        col("childcare_sub", "binary", 2),
        col("hrs_wk", "continuous"),
        col("earn_k", "continuous"),
        col("educ_yrs", "continuous"),
    ],
    "notes": [
        encoded("state", ["CA", "TX", "NY", "FL"]),
        encoded("age_group", ["18-24", "25-34", "35+"]),
    ],
}
WARD = {
    "id": "ward",
    "name": "ward",
    "source": "ward.csv",
    "n_rows": 900,
    "p": 5,
    "columns": [
        col("age", "continuous"),
        col("new_drug", "binary", 2),
        col("trial_offer", "binary", 2),
        col("recovery_days", "continuous"),
        col("cost_usd", "continuous"),
        col("readmitted", "binary", 2),
    ],
    "notes": [],
}


def ask(question: str, ds: dict[str, Any], history: list[Any] = ()) -> AIMessage:
    state = {"datasets": {ds["id"]: {**ds, "current": True}}, "models": {}}
    return next_message([system_message(state), *history, HumanMessage(question)], TOOLS)


def call(question: str, ds: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    msg = ask(question, ds)
    assert msg.tool_calls, msg.content
    c = msg.tool_calls[0]
    return c["name"], {k: v for k, v in c["args"].items() if k != "dataset"}


# category levels --------------------------------------------------------------------------------
def test_levels_come_from_the_data_layer_notes():
    assert categorical_levels(TELECOM)["handset"] == ["budget", "mid", "premium"]
    assert columns_of_level_words("for premium customers", TELECOM) == ["plan_tier", "handset"]
    assert columns_of_level_words("on the budget phones", TELECOM) == ["handset"]


@pytest.mark.parametrize(
    "text, folded",
    [
        ("helps more on basic than on plus plans?", "helps, split by plan_tier?"),
        ("churn: yearly vs monthly contract", "churn: contract_type"),
        ("hours in Texas and California", "hours, split by state"),
        ("hours, New York or Florida?", "hours, split by state?"),
        ("passing: 18-24 vs 35+", "passing: split by age_group"),
    ],
)
def test_two_levels_of_one_column_fold_into_it(text, folded):
    ds = HOUSEHOLDS if "hours" in text or "passing" in text else TELECOM
    assert fold_levels(text, ds) == folded


def test_levels_as_the_subject_are_left_alone():
    text = "are basic plans and premium plans affected differently by the promo?"
    assert fold_levels(text, {**TELECOM, "notes": TELECOM["notes"][:1]}) == text


@pytest.mark.parametrize(
    "question, args",
    [
        (
            "does the promo text lower churn more on basic than on plus plans?",
            {"treatment": "promo_sms", "outcome": "churned", "by": "plan_tier"},
        ),
        (
            "does the childcare subsidy raise weekly hours differently in Texas and California?",
            {"treatment": "childcare_sub", "outcome": "hrs_wk", "by": "state"},
        ),
        (
            "is the 5G effect on data use bigger among budget handsets?",
            {"treatment": "is_5g", "outcome": "data_gb_mo", "by": "handset"},
        ),
    ],
)
def test_level_words_name_the_subgroup_column(question, args):
    ds = HOUSEHOLDS if "subsidy" in question else TELECOM
    assert call(question, ds) == ("estimate_effect", args)


def test_a_level_two_columns_share_is_asked_back_and_the_reply_is_used():
    question = "does the promo text lower churn among premium customers?"
    back = ask(question, TELECOM)
    assert not back.tool_calls and "?" in back.content
    assert "plan_tier" in back.content and "handset" in back.content
    reply = ask("handset", TELECOM, history=[HumanMessage(question), AIMessage(back.content)])
    assert reply.tool_calls[0]["args"]["by"] == "handset"
    assert reply.tool_calls[0]["args"]["treatment"] == "promo_sms"


def test_counting_the_levels_of_a_category_describes_the_table():
    assert call("how many customers are on basic vs premium plans?", TELECOM) == ("describe", {})


# columns by unit, abbreviation, idiom -----------------------------------------------------------
def test_units_said_in_words_and_units_as_false_abbreviations():
    assert word_similarity("months", "mo") >= 0.85
    assert word_similarity("euros", "eur") >= 0.85
    assert word_similarity("miss", "ms") == 0.0  # milliseconds, not "miss"
    assert tokens("5G users") == ["5g", "users"]
    cols = [c["name"] for c in TELECOM["columns"]]
    assert match_column("data use", cols).column == "data_gb_mo"
    assert match_column("number of support calls", cols).column == "n_support_calls"


@pytest.mark.parametrize(
    "question, args",
    [
        ("do yearly contracts keep customers around?", ("contract_type", "churned")),
        ("do 5G users consume more data per month?", ("is_5g", "data_gb_mo")),
        ("what does the yearly contract do to churn?", ("contract_type", "churned")),
        ("does 5G make people spend more?", ("is_5g", "monthly_amt_eur")),
        (
            "per extra percentage point of dropped calls, how much does NPS fall?",
            ("dropped_call_pct", "nps_score"),
        ),
    ],
)
def test_columns_said_by_idiom_unit_or_verb(question, args):
    name, got = call(question, TELECOM)
    assert name == "estimate_effect"
    assert (got["treatment"], got["outcome"]) == args


def test_a_duration_said_by_a_degree_word_is_the_one_duration_column():
    msg = ask("does the new drug get patients out of hospital faster?", WARD)
    assert msg.tool_calls[0]["args"]["outcome"] == "recovery_days"
    assert "recovery_days" in msg.content  # the reading is said, not silent


def test_the_untreated_contrast_is_no_outcome():
    name, got = call("do people on yearly contracts churn less than those who don't?", TELECOM)
    assert (got["treatment"], got["outcome"]) == ("contract_type", "churned")


# effect options ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "question, args",
    [
        (
            "treat the trial offer as exogenous variation in who gets the drug: effect on cost",
            {"treatment": "new_drug", "outcome": "cost_usd", "instrument": "trial_offer"},
        ),
        (
            "estimate the drug's effect on readmission with propensity weights",
            {"treatment": "new_drug", "outcome": "readmitted", "method": "weighting"},
        ),
        (
            "match on the propensity score: new drug vs readmission",
            {"treatment": "new_drug", "outcome": "readmitted", "method": "matching"},
        ),
        (
            # "the propensity score" is the estimator's, not a control named "score"
            "the drug's effect on cost by stratifying on the propensity score",
            {
                "treatment": "new_drug",
                "outcome": "cost_usd",
                "method": "stratification",
                "common_causes": None,
            },
        ),
        (
            "effect of the drug on readmission via a linear probability model",
            {"treatment": "new_drug", "outcome": "readmitted", "method": "linear_regression"},
        ),
        (
            "OLS of cost on age",  # the outcome first, as "regress Y on X"
            {"treatment": "age", "outcome": "cost_usd", "method": "linear_regression"},
        ),
        (
            "effect of the new drug on cost, net of age",
            {"treatment": "new_drug", "outcome": "cost_usd", "common_causes": ["age"]},
        ),
        (
            # "conditional on" was read as part of the outcome
            "effect of the new drug on cost conditional on age",
            {"treatment": "new_drug", "outcome": "cost_usd", "common_causes": ["age"]},
        ),
        (
            "effect of the new drug on cost, partialling out age",
            {"treatment": "new_drug", "outcome": "cost_usd", "common_causes": ["age"]},
        ),
    ],
)
def test_effect_options_said_in_many_ways(question, args):
    name, got = call(question, WARD)
    assert name == "estimate_effect"
    assert {k: got.get(k) for k in args} == args


def test_an_unknown_method_is_named_as_not_used():
    msg = ask("estimate the yearly contract's effect on churn with a causal forest", TELECOM)
    if msg.tool_calls:
        assert "causal forest" in msg.content.lower()
        assert "method" not in msg.tool_calls[0]["args"] or msg.tool_calls[0]["args"]["method"] in (
            None,
            "auto",
        )
    else:
        assert "causal forest" in msg.content.lower()


@pytest.mark.parametrize(
    "question, args",
    [
        (
            "does the promo sms reduce churn for basic plan customers?",
            {"treatment": "promo_sms", "outcome": "churned", "by": "plan_tier"},
        ),
        (
            "effect of yearly contracts on churn for people with budget phones",
            {"treatment": "contract_type", "outcome": "churned", "by": "handset"},
        ),
        # both levels of a yes/no text column: the column, not a subgroup
        ("is churn higher on the monthly contract?", {"treatment": "contract_type"}),
    ],
)
def test_one_level_named_is_never_dropped(question, args):
    msg = ask(question, TELECOM)
    got = msg.tool_calls[0]["args"]
    assert {k: got.get(k) for k in args} == args
    assert "budget" not in msg.content  # no "not an estimation method" note for a level
    if "by" not in args:
        assert "by" not in got


def test_one_shared_level_is_asked_back():
    msg = ask("does the promo sms reduce churn with premium phones?", TELECOM)
    assert not msg.tool_calls and "plan_tier" in msg.content and "handset" in msg.content


@pytest.mark.parametrize(
    "question, args",
    [
        ("yearly vs monthly contract: which churns less?", ("contract_type", "churned")),
        (
            "monthly or yearly contract - which one has happier customers (NPS)?",
            ("contract_type", "nps_score"),
        ),
        ("how many more gigabytes a month do 5G customers use?", ("is_5g", "data_gb_mo")),
    ],
)
def test_groups_of_a_yes_no_column_compared(question, args):
    msg = ask(question, TELECOM)
    got = msg.tool_calls[0]["args"]
    assert (got["treatment"], got["outcome"]) == args


def test_why_people_give_low_scores_asks_for_causes():
    assert call("why do some subscribers give low NPS?", TELECOM) == (
        "discover",
        {"algorithm": "auto", "target": "nps_score"},
    )


def test_a_whole_word_is_no_abbreviation_and_synonyms_inflect():
    cols = [c["name"] for c in TELECOM["columns"]]
    # "call" (in dropped_call_pct) is a word of its own, not an abbreviation of "cancelling";
    # "cancelling" inflects "cancel", a word for churn
    assert word_similarity("cancelling", "call") == 0.0
    assert match_column("cancelling", cols).column == "churned"
    assert word_similarity("minutes", "mins") >= 0.85  # the column abbreviates the word
    assert word_similarity("yearly", "tenure") == 0.0  # "yearly" is no inflection of "years"


def test_going_home_sooner_is_the_duration():
    msg = ask("do patients on the new drug go home sooner?", WARD)
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("new_drug", "recovery_days")
    assert "recovery_days" in msg.content


def test_how_long_customers_stay_is_the_tenure_not_a_rate_per_month():
    # `data_gb_mo` is per month (a rate), `tenure_mo` a duration in months
    msg = ask("which factors explain how long customers stay?", TELECOM)
    assert msg.tool_calls[0]["args"]["target"] == "tenure_mo"
    assert call("what drives how much people pay each month?", TELECOM)[1]["target"] == (
        "monthly_amt_eur"
    )


def test_help_said_of_a_variable_is_not_a_request_for_help():
    # an effect of the promo SMS compared across plans, whose outcome is asked for
    reply = ask("does the promo sms help more for basic plans?", TELECOM).content
    assert "I can describe" not in reply
    assert "Which outcome" in reply and "promo sms" in reply
    assert "I can describe" in ask("can you help me?", TELECOM).content
