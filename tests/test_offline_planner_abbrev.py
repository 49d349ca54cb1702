"""The offline planner on tables whose column names are abbreviated (`hrs_wk`, `n_kg_ha`,
`sleep_hrs`): abbreviations, units and parts of a phrase matched against the names, and the
slots read for discovery (temporal tiers, lists of edges, passive "can't be caused by"),
confounding pairs, subgroups said as "do <group> get more out of X", and what-ifs said with
a unit ("one more hour"). Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from copilot.agents.columns import is_abbreviation, match_column
from copilot.agents.intents import parse_question
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import col

TOOLS = ["describe", "discover", "estimate_effect"]


HOUSEHOLDS = {
    "id": "hh",
    "name": "hh",
    "source": "hh.csv",
    "n": 1000,
    "p": 9,
    "columns": [
        col("educ_yrs", "discrete", 15),
        col("n_kids", "discrete", 4),
        col("single_parent", "binary", 2),
        col("state", "categorical", 4),
        col("unemp_rate_pct", "continuous"),
        col("credit_usd", "continuous"),
        col("childcare_sub", "binary", 2),
        col("hrs_wk", "continuous"),
        col("earn_k", "continuous"),
    ],
}
PLAYERS = {
    "id": "players",
    "name": "players",
    "source": "players.csv",
    "n": 800,
    "p": 7,
    "columns": [
        col("age_yrs", "continuous"),
        col("position", "categorical", 4),
        col("sleep_hrs", "continuous"),
        col("train_load_au", "continuous"),
        col("hrv_ms", "continuous"),
        col("physio_prog", "binary", 2),
        col("days_out", "continuous"),
    ],
}
FIELDS = {
    "id": "fields",
    "name": "fields",
    "source": "fields.csv",
    "n": 500,
    "p": 3,
    "columns": [
        col("fert_kg_ha", "continuous"),
        col("rainfall_mm", "continuous"),
        col("yield_t_ha", "continuous"),
    ],
}


def call(question: str, ds: dict[str, Any]) -> tuple[str, dict[str, Any], str]:
    state = {"datasets": {ds["id"]: ds}, "models": {}}
    msg = next_message([system_message(state), HumanMessage(question)], TOOLS)
    assert msg.tool_calls, msg.content
    c = msg.tool_calls[0]
    return c["name"], c["args"], str(msg.content)


@pytest.mark.parametrize(
    ("short", "word", "expected"),
    [
        ("hrs", "hours", True),
        ("wk", "weekly", True),
        ("wk", "worked", True),
        ("yrs", "years", True),
        ("pct", "percent", True),
        ("mins", "minutes", True),
        ("hrs", "hrs", False),  # the same word is no abbreviation of itself
        ("wk", "wok", False),  # too short to be abbreviated to two letters
        ("hrs", "shares", False),  # another first letter
        ("educ", "education", True),
        ("abc", "apple", False),
    ],
)
def test_abbreviations_drop_letters_in_order(short: str, word: str, expected: bool):
    assert is_abbreviation(short, word) is expected


def test_abbreviated_names_match_the_words_they_stand_for():
    cols = [c["name"] for c in HOUSEHOLDS["columns"]]
    assert match_column("hours worked", cols).column == "hrs_wk"
    assert match_column("weekly hours", cols).column == "hrs_wk"
    assert match_column("the unemployment rate", cols).column == "unemp_rate_pct"
    # a phrase with a prepositional part is matched by its parts
    players = [c["name"] for c in PLAYERS["columns"]]
    assert match_column("grinding more in training", players).column == "train_load_au"
    # two units as the name writes them
    fields = [c["name"] for c in FIELDS["columns"]]
    assert match_column("n kg/ha", fields).column == "fert_kg_ha"


def test_passive_question_over_abbreviated_columns():
    name, args, _ = call("Are hours worked affected by the size of the credit?", HOUSEHOLDS)
    assert name == "estimate_effect"
    assert (args["treatment"], args["outcome"]) == ("credit_usd", "hrs_wk")


def test_terse_effect_with_shorthand_controls_and_method():
    _, args, _ = call("effect physio->days_out, dml, ctrl age", PLAYERS)
    assert args["treatment"] == "physio_prog" and args["outcome"] == "days_out"
    assert args["method"] == "dml" and args["common_causes"] == ["age_yrs"]


@pytest.mark.parametrize(
    "question",
    [
        "confounded? childcare_sub -> hrs_wk",
        "is childcare_sub vs hrs_wk confounded",
        "is the childcare/hours thing just spurious or is it real",
    ],
)
def test_confounding_pairs(question: str):
    name, args, content = call(question, HOUSEHOLDS)
    assert name == "estimate_effect" and args.get("focus") == "confounding"
    assert (args["treatment"], args["outcome"]) == ("childcare_sub", "hrs_wk")
    assert "common_causes" not in args and "real" not in content


def test_temporal_tiers_reach_discovery_in_order():
    it = parse_question(
        "causal graph with tiers: age_yrs, position; then train_load_au; then days_out"
    )
    assert it.kind == "discover"
    assert it.tiers == [["age_yrs", "position"], ["train_load_au"], ["days_out"]]
    _, args, _ = call(
        "temporal order: age before training load before hrv before days out", PLAYERS
    )
    assert args["tiers"] == "age_yrs;train_load_au;hrv_ms;days_out"


def test_lists_of_edges_and_the_passive_forbidden_edge():
    _, args, _ = call(
        "discover the structure but forbid days_out -> age_yrs and hrv_ms -> sleep_hrs", PLAYERS
    )
    assert set(args["forbidden"]) == {"days_out->age_yrs", "hrv_ms->sleep_hrs"}
    _, args, _ = call(
        "map out what causes what, and education can't be caused by hours obviously", HOUSEHOLDS
    )
    assert args["forbidden"] == ["hrs_wk->educ_yrs"]


def test_a_group_that_gets_more_out_of_a_treatment_splits_the_effect():
    _, args, _ = call(
        "do single parents get more out of the childcare subsidy, hours-wise?", HOUSEHOLDS
    )
    assert (args["treatment"], args["outcome"], args["by"]) == (
        "childcare_sub",
        "hrs_wk",
        "single_parent",
    )


def test_passive_drivers_question():
    name, args, _ = call("By what are weekly hours determined?", HOUSEHOLDS)
    assert name == "discover" and args["target"] == "hrs_wk"


def test_what_if_said_with_a_unit_takes_the_variable_from_the_verb():
    _, args, _ = call("if players slept 1 more hour, what happens to their hrv?", PLAYERS)
    assert (args["treatment"], args["outcome"]) == ("sleep_hrs", "hrv_ms")
    assert args["what_if"] == {"op": "add", "value": 1.0}


def test_an_unknown_estimator_noun_is_named_as_not_used():
    name, args, content = call(
        "estimate childcare_sub on hrs_wk with a hyperbolic lasso", HOUSEHOLDS
    )
    assert name == "estimate_effect" and "method" not in args
    assert "hyperbolic lasso" in content


def test_a_change_said_as_verb_amount_unit_more_is_an_added_amount():
    _, args, _ = call(
        "players sprinting half a km more per game, how many extra days out?", PLAYERS_RUN
    )
    assert (args["treatment"], args["outcome"]) == ("sprint_km", "days_out")
    assert args["what_if"] == {"op": "add", "value": 0.5} and "by" not in args


def test_unknown_method_at_the_end_is_reported_but_a_column_is_not():
    _, args, content = call("effect of sleep on hrv using bayesian optimal transport", PLAYERS)
    assert "method" not in args and "optimal transport" in content
    _, args, content = call("effect of sleep on hrv using train load", PLAYERS)
    assert "not an estimation method" not in content


def test_drivers_said_as_a_noun_after_the_variable_and_arrows_into():
    name, args, _ = call("hrv_ms drivers?", PLAYERS)
    assert name == "discover" and args["target"] == "hrv_ms"
    _, args, _ = call("causal graph but no arrows from days_out into age_yrs pls", PLAYERS)
    assert args["forbidden"] == ["days_out->age_yrs"]


PLAYERS_RUN = {
    **PLAYERS,
    "id": "run",
    "columns": [*PLAYERS["columns"], col("sprint_km", "continuous")],
}


@pytest.mark.parametrize(
    ("question", "control"),
    [
        ("childcare_sub vs hrs_wk, legit or just confounded?", None),
        ("childcare_sub/hrs_wk confounding check", None),
        ("Is the apparent effect of the credit on hours distorted by education?", "educ_yrs"),
    ],
)
def test_more_ways_to_ask_about_confounding(question: str, control: str | None):
    _, args, _ = call(question, HOUSEHOLDS)
    assert args.get("focus") == "confounding" and "by" not in args
    assert args.get("common_causes", [None])[0] == control


def test_what_ifs_with_a_percent_without_by_and_a_value_for_everyone():
    _, args, _ = call("what if we upped the credit 25 pct, hours?", HOUSEHOLDS)
    assert args["treatment"] == "credit_usd" and args["what_if"] == {"op": "scale", "value": 1.25}
    _, args, _ = call("what if everyone slept 9 hrs, hrv?", PLAYERS)
    assert args["treatment"] == "sleep_hrs" and args["what_if"] == {"op": "set", "value": 9.0}


def test_discovery_options_said_tersely():
    _, args, _ = call("graph + edge confidence via 150 resamples", PLAYERS)
    assert args["bootstrap"] == 150
    _, args, _ = call("tiers = age_yrs ; train_load_au, sleep_hrs ; days_out. use fci", PLAYERS)
    assert args["algorithm"] == "fci"
    assert args["tiers"] == "age_yrs;train_load_au,sleep_hrs;days_out"
    _, args, _ = call("fisher-z at 1% significance with PC", PLAYERS)
    assert (args["ci_test"], args["alpha"]) == ("fisherz", 0.01)
    _, args, _ = call("learn the DAG; train_load_au -> hrv_ms is known", PLAYERS)
    assert args["required"] == ["train_load_au->hrv_ms"]


def test_units_with_more_of_one_thing_doing_less_of_another():
    _, args, _ = call("do households with more kids work fewer hours?", HOUSEHOLDS)
    assert (args["treatment"], args["outcome"]) == ("n_kids", "hrs_wk")


def test_tiers_said_as_first_then_and_a_follow_up_that_adds_them():
    _, args, _ = call(
        "learn the graph with sleep_hrs first, then hrv_ms, then days_out as tiers", PLAYERS
    )
    assert args["tiers"] == "sleep_hrs;hrv_ms;days_out"
    from langchain_core.messages import AIMessage, ToolMessage

    state = {"datasets": {"players": PLAYERS}, "models": {}}
    history = [
        HumanMessage("run pc"),
        AIMessage(
            "",
            tool_calls=[
                {
                    "name": "discover",
                    "args": {"dataset": "players", "algorithm": "pc"},
                    "id": "c1",
                    "type": "tool_call",
                }
            ],
        ),
        ToolMessage('{"ok": true, "result": {}}', tool_call_id="c1"),
        AIMessage("Done."),
    ]
    msg = next_message(
        [system_message(state), *history, HumanMessage("redo it with tiers: sleep_hrs; days_out")],
        TOOLS,
    )
    assert msg.tool_calls[0]["args"]["algorithm"] == "pc"
    assert msg.tool_calls[0]["args"]["tiers"] == "sleep_hrs;days_out"


def test_an_explained_association_names_a_confounder_not_a_mediator():
    _, args, _ = call(
        "Could the relation between sleep_hrs and days_out be explained by age?", PLAYERS
    )
    assert args["focus"] == "confounding" and args["common_causes"] == ["age_yrs"]
    assert "mediator" not in args


def test_a_variant_of_an_algorithm_name_is_reported_not_run():
    name, args, content = call("discover with LiNGAM-X", PLAYERS)
    assert name == "discover" and args["algorithm"] == "auto" and "lingam-x" in content
    _, args, _ = call("run pc-stable", PLAYERS)
    assert args["algorithm"] == "pc"


def test_subgroups_and_outcomes_said_around_the_question():
    _, args, _ = call(
        "train_load_au -> days_out, does it depend on the position people play?", PLAYERS
    )
    assert args["by"] == "position"
    _, args, _ = call(
        "is the physio stuff legit for keeping guys off the treatment table (days out)?", PLAYERS
    )
    assert (args["treatment"], args["outcome"]) == ("physio_prog", "days_out")
    name, args, _ = call("why so much time out?", PLAYERS)
    assert name == "discover" and args["target"] == "days_out"


def test_roles_left_open_are_the_columns_named_in_order():
    _, args, content = call(
        "I wonder whether confounding explains why physio players have fewer days out", PLAYERS
    )
    assert (args["treatment"], args["outcome"], args["focus"]) == (
        "physio_prog",
        "days_out",
        "confounding",
    )
    assert "in that order" in content
    _, args, _ = call("is there hidden confounding when we look at sleep hours and hrv?", PLAYERS)
    assert (args["treatment"], args["outcome"]) == ("sleep_hrs", "hrv_ms")
    assert "common_causes" not in args


#: Drivers of a delivery firm: tenure in years beside a flag whose name says "yr".
DRIVERS = {
    "id": "drivers",
    "name": "drivers",
    "source": "drivers.csv",
    "n": 900,
    "p": 5,
    "columns": [
        col("driver_id", "id", 900),
        col("tenure_years", "continuous"),
        col("bonus_last_yr", "binary", 2),
        col("pay_k", "continuous"),
        col("quit", "binary", 2),
    ],
}


@pytest.mark.parametrize(
    "question",
    [
        "how would quitting change if drivers stayed two years longer with us?",
        "what if they stayed 3 years more with the firm, would fewer quit?",
    ],
)
def test_a_scenario_whose_treatment_is_the_unit_changes_the_column_in_that_unit(question):
    # ("years" names `tenure_years` and the "yr" of `bonus_last_yr`: the amount's unit decides,
    # and "with us" names no estimator)
    name, args, content = call(question, DRIVERS)
    assert name == "estimate_effect"
    assert (args["treatment"], args["outcome"]) == ("tenure_years", "quit")
    assert args["focus"] == "what_if" and args["what_if"]["op"] == "add"
    assert "method" not in args and "Not used" not in content


#: Clinics: a rate of appointments and a slot length in minutes, a count of nurses, no column in
#: seconds.
CLINICS = {
    "id": "clinics",
    "name": "clinics",
    "source": "clinics.csv",
    "n": 400,
    "p": 5,
    "columns": [
        col("clinic_id", "id", 400),
        col("appointments_per_day", "continuous"),
        col("avg_slot_min", "continuous"),
        col("n_nurses", "continuous"),
        col("satisfaction", "continuous"),
    ],
}


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("if every appointment were 10 minutes longer, what would satisfaction be?", 10.0),
        ("how would satisfaction change if each appointment was 5 minutes shorter?", -5.0),
    ],
)
def test_a_noun_with_an_amount_of_time_changes_the_column_in_that_unit(question, value):
    # ("appointment" names only the rate `appointments_per_day`: a rate per day takes no amount
    # of minutes, the one column in minutes does)
    name, args, _ = call(question, CLINICS)
    assert (name, args) == (
        "estimate_effect",
        {
            "dataset": "clinics",
            "treatment": "avg_slot_min",
            "outcome": "satisfaction",
            "focus": "what_if",
            "what_if": {"op": "add", "value": value},
        },
    )


def test_a_count_given_an_amount_of_time_no_column_is_in_is_asked_back():
    state = {"datasets": {"clinics": CLINICS}, "models": {}}
    q = "if every nurse were 30 seconds quicker, how would satisfaction change?"
    msg = next_message([system_message(state), HumanMessage(q)], TOOLS)
    assert not msg.tool_calls and "which column" in msg.content


def test_a_change_by_an_hour_is_one_unit():
    _, args, _ = call("what if sleep went up by an hour - hrv?", PLAYERS)
    assert args["what_if"] == {"op": "add", "value": 1.0}


def test_a_time_amount_is_converted_to_the_columns_unit():
    _, args, content = call("sleeping 30 min more: effect on hrv?", PLAYERS)
    assert args["treatment"] == "sleep_hrs"
    assert args["what_if"] == {"op": "add", "value": 0.5}
    assert "0.5 hour" in content


def test_confounding_said_as_a_doubt_with_its_reason():
    _, args, _ = call(
        "physio guys have more days out lol, is that just bc they were injured before?",
        PLAYERS_INJ,
    )
    assert (args["treatment"], args["outcome"], args["focus"]) == (
        "physio_prog",
        "days_out",
        "confounding",
    )
    assert args["common_causes"] == ["prev_inj"]
    _, args, _ = call("sleep_hrs->hrv_ms confounded by age_yrs?", PLAYERS)
    assert args["focus"] == "confounding" and args["common_causes"] == ["age_yrs"]
    name, args, _ = call("which things push hrv_ms down?", PLAYERS)
    assert name == "discover" and args["target"] == "hrv_ms"


PLAYERS_INJ = {
    **PLAYERS,
    "id": "inj",
    "columns": [*PLAYERS["columns"], col("prev_inj", "discrete", 5), col("injured", "binary", 2)],
}


def test_time_series_questions_keep_alpha_and_say_what_does_not_apply():
    series = {
        "id": "series",
        "name": "series",
        "source": "series.csv",
        "n": 500,
        "p": 3,
        "columns": [
            col("day", "discrete", 500),
            col("visitors", "continuous"),
            col("signups", "continuous"),
        ],
    }
    _, args, _ = call("pcmci with max lag 4 and alpha 0.01", series)
    assert (args["algorithm"], args["max_lag"], args["alpha"]) == ("pcmci", 4, 0.01)
    _, args, content = call("pcmci with 100 bootstrap samples", series)
    assert "bootstrap" not in args and "bootstrap" in content


def test_knowledge_said_after_the_edges():
    _, args, _ = call(
        "graph with sleep_hrs -> hrv_ms required and hrv_ms -> age_yrs forbidden", PLAYERS
    )
    assert args["required"] == ["sleep_hrs->hrv_ms"]
    assert args["forbidden"] == ["hrv_ms->age_yrs"]


def test_a_required_edge_is_never_also_forbidden_by_the_next_edges_marker():
    # the word marking the second edge ("forbidden") must not be read as a postscript of the first
    _, args, _ = call(
        "discover with required edge sleep_hrs -> hrv_ms and forbidden hrv_ms -> age_yrs", PLAYERS
    )
    assert args["required"] == ["sleep_hrs->hrv_ms"]
    assert args["forbidden"] == ["hrv_ms->age_yrs"]
    _, args, _ = call(
        "discover the graph, days_out -> age_yrs forbidden and sleep_hrs -> hrv_ms required",
        PLAYERS,
    )
    assert args["required"] == ["sleep_hrs->hrv_ms"]
    assert args["forbidden"] == ["days_out->age_yrs"]
    # an edge's ends do not swallow the request before them
    it = parse_question("graph where sleep_hrs -> hrv_ms is required")
    assert it.required == [("sleep_hrs", "hrv_ms")]


def test_more_effect_wordings():
    _, args, _ = call("do players who sleep more have higher hrv?", PLAYERS)
    assert (args["treatment"], args["outcome"]) == ("sleep_hrs", "hrv_ms")
    _, args, _ = call("are hrv values lowered by heavy training?", PLAYERS)
    assert (args["treatment"], args["outcome"]) == ("train_load_au", "hrv_ms")
    name, args, _ = call("How is days_out determined?", PLAYERS)
    assert name == "discover" and args["target"] == "days_out"


def test_seventh_batch_mechanisms():
    _, args, _ = call("tiers: [age_yrs, position], [train_load_au], [days_out]", PLAYERS)
    assert args["tiers"] == "age_yrs,position;train_load_au;days_out"
    _, args, _ = call("learn the dag knowing that sleep_hrs affects hrv_ms", PLAYERS)
    assert args["required"] == ["sleep_hrs->hrv_ms"]
    _, args, _ = call("hrv_ms <- train_load_au, ctrl sleep_hrs", PLAYERS)
    assert (args["treatment"], args["outcome"]) == ("train_load_au", "hrv_ms")
    assert args["common_causes"] == ["sleep_hrs"]
    _, args, _ = call(
        "does the subsidy help single parents more when it comes to hours?", HOUSEHOLDS
    )
    assert (args["treatment"], args["outcome"], args["by"]) == (
        "childcare_sub",
        "hrs_wk",
        "single_parent",
    )
    _, args, content = call("fci using the distance-covariance test", PLAYERS)
    assert "ci_test" not in args and "distance-covariance" in content
    name, _, _ = call("how stable are the edges? bootstrap 60", PLAYERS)
    assert name == "discover"


def test_eighth_batch_mechanisms():
    _, args, _ = call(
        "is there a backdoor path messing up the childcare_sub -> hrs_wk estimate?", HOUSEHOLDS
    )
    assert args["focus"] == "confounding"
    _, args, _ = call("credit and hrs look related but idk if it's causal", HOUSEHOLDS)
    assert (args["treatment"], args["outcome"], args["focus"]) == (
        "credit_usd",
        "hrs_wk",
        "confounding",
    )
    _, args, _ = call("everyone does the physio programme -> days_out?", PLAYERS)
    assert args["what_if"] == {"op": "set", "value": 1.0}
    name, args, _ = call("which columns have a causal influence on hrv_ms?", PLAYERS)
    assert name == "discover" and args["target"] == "hrv_ms"
    _, args, _ = call("do pc but stricter, alpha .005", PLAYERS)
    assert (args["algorithm"], args["alpha"]) == ("pc", 0.005)
    _, args, content = call(
        "estimate sleep_hrs -> hrv_ms with gaussian process regression", PLAYERS
    )
    assert "method" not in args and "Gaussian process" in content


def test_ninth_batch_mechanisms():
    _, args, _ = call(
        "would controlling for age change the prev_inj -> days_out estimate a lot?", PLAYERS_INJ
    )
    assert args["focus"] == "confounding" and args["common_causes"] == ["age_yrs"]
    _, args, _ = call("scenario: sleep_hrs = 8. effect on hrv_ms?", PLAYERS)
    assert args["what_if"] == {"op": "set", "value": 8.0}
    _, args, _ = call("is the earnings effect of education bigger for single parents?", HOUSEHOLDS)
    assert (args["treatment"], args["outcome"], args["by"]) == (
        "educ_yrs",
        "earn_k",
        "single_parent",
    )
    _, args, _ = call(
        "learn the graph, must include educ_yrs -> earn_k, must exclude earn_k -> educ_yrs",
        HOUSEHOLDS,
    )
    assert args["required"] == ["educ_yrs->earn_k"] and args["forbidden"] == ["earn_k->educ_yrs"]
    _, args, _ = call("is the physio programme worth it or nah (days out)", PLAYERS)
    assert (args["treatment"], args["outcome"]) == ("physio_prog", "days_out")


def test_tenth_batch_mechanisms():
    minutes = {
        **PLAYERS,
        "id": "mins",
        "columns": [*PLAYERS["columns"], col("match_mins", "continuous")],
    }
    _, args, _ = call("what would happen to match minutes if days out dropped by a fifth?", minutes)
    assert "method" not in args and args["treatment"] == "days_out"
    _, args, _ = call("if sleep went up 1.5x, hrv?", PLAYERS)
    assert args["what_if"] == {"op": "scale", "value": 1.5}
    _, args, _ = call("state-by-state breakdown of the subsidy effect on hours", HOUSEHOLDS)
    assert (args["treatment"], args["outcome"], args["by"]) == ("childcare_sub", "hrs_wk", "state")
    _, args, _ = call("tiers educ_yrs | credit_usd | hrs_wk", HOUSEHOLDS)
    assert args["tiers"] == "educ_yrs;credit_usd;hrs_wk"
    _, args, _ = call("pc with the g-squre test", PLAYERS)
    assert args["ci_test"] == "gsq"
    name, args, _ = call("what messes with hrv?", PLAYERS)
    assert name == "discover" and args["target"] == "hrv_ms"


def test_eleventh_batch_mechanisms():
    _, args, _ = call("credit_usd on hrs_wk adj educ_yrs n_kids", HOUSEHOLDS)
    assert set(args["common_causes"]) == {"educ_yrs", "n_kids"}
    _, args, _ = call("physio_prog := 1, days_out?", PLAYERS)
    assert args["what_if"] == {"op": "set", "value": 1.0}
    _, args, _ = call("hours if the credit went up like 30%?", HOUSEHOLDS)
    assert args["what_if"] == {"op": "scale", "value": 1.3}
    _, args, _ = call("is what we see between sleep and days out just a correlation?", PLAYERS)
    assert (args["treatment"], args["outcome"], args["focus"]) == (
        "sleep_hrs",
        "days_out",
        "confounding",
    )
