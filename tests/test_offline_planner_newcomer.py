"""The offline planner on questions a newcomer asks about a fresh table: a doubt that blames the
effect on another column in one sentence, a confounder said as a noun, everyone treated said
with the treatment's verb, groups compared by their participle, which units gain most, a counted
noun grown by an amount, a group and what it has less of. Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.intents import correct_typos
from tests.planner_kit import col, plan, profile, turn

TOOLS = ["describe", "discover", "estimate_effect"]


KITCHENS = profile(
    "kitchens",
    900,
    col("visit_id", "id", 900),
    col("Borough", "categorical", 4),
    col("Covers", "continuous"),
    col("franchise", "binary", 2),
    col("hygiene_course", "binary", 2),
    col("inspection_score", "continuous"),
    col("breaches", "continuous"),
    col("stars", "continuous"),
)


def ask(question: str) -> AIMessage:
    return plan(question, datasets=[KITCHENS], tools=TOOLS)


def call(msg: AIMessage) -> dict[str, Any]:
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "estimate_effect"
    return msg.tool_calls[0]["args"]


CASES: list[tuple[str, dict[str, Any]]] = [
    # a doubt in one sentence: the subject after "just because" is the suspected confounder
    (
        "is the hygiene course effect on breaches only because franchises take it more?",
        {
            "treatment": "hygiene_course",
            "outcome": "breaches",
            "focus": "confounding",
            "common_causes": ["franchise"],
        },
    ),
    # a confounder said as a noun, named by a word of its column
    (
        "is the covers count a confounder of the hygiene course and breaches?",
        {
            "treatment": "hygiene_course",
            "outcome": "breaches",
            "focus": "confounding",
            "common_causes": ["Covers"],
        },
    ),
    # everyone treated, said with the treatment's own verb and its object
    (
        "what would happen to breaches if all kitchens coursed their staff?",
        {
            "treatment": "hygiene_course",
            "outcome": "breaches",
            "focus": "what_if",
            "what_if": {"op": "set", "value": 1.0},
        },
    ),
    # groups compared by a participle and its negation, with any word for the units
    (
        "compare franchised and unfranchised venues on stars, adjusting for covers",
        {"treatment": "franchise", "outcome": "stars", "common_causes": ["Covers"]},
    ),
    # a counted noun that names a column, grown by an amount
    (
        "if every venue were 25 covers larger, what happens to breaches?",
        {
            "treatment": "Covers",
            "outcome": "breaches",
            "focus": "what_if",
            "what_if": {"op": "add", "value": 25.0},
        },
    ),
    # a group, a colon, and what it has less of
    (
        "franchise kitchens: fewer breaches?",
        {"treatment": "franchise", "outcome": "breaches"},
    ),
]


@pytest.mark.parametrize("question,expected", CASES, ids=[q[:40] for q, _ in CASES])
def test_newcomer_wordings(question: str, expected: dict[str, Any]) -> None:
    args = call(ask(question))
    for key, value in expected.items():
        got = args.get(key)
        if isinstance(value, list):
            assert sorted(got or []) == sorted(value), (key, args)
        else:
            assert got == value, (key, args)


def test_which_units_gain_most_names_the_groups_and_asks_the_outcome() -> None:
    """'which ... benefit most from T, A or B?' splits by the column of A and B; the outcome it
    leaves unsaid is asked back with every candidate (not the first six columns)."""
    asked = "which kitchens benefit the most from the hygiene course, franchises or independents?"
    msg = ask(asked)
    assert not msg.tool_calls
    assert "outcome" in msg.content
    for name in ("breaches", "stars", "inspection_score"):
        assert name in msg.content
    then = plan("breaches", datasets=[KITCHENS], history=[HumanMessage(asked), msg], tools=TOOLS)
    args = call(then)
    assert args["treatment"] == "hygiene_course"
    assert args["outcome"] == "breaches"
    assert args["by"] == "franchise"


def test_a_column_words_stem_said_as_a_verb_is_no_typo() -> None:
    """'train' is the stem of a column word (staff_training), not a misspelt analysis word."""
    out = correct_typos("because they train more", protected=["staff", "training"])
    assert out == "because they train more"
    assert correct_typos("because they train more") == "because they train more"


TUTORING = profile(
    "tutoring",
    800,
    col("studentId", "id", 800),
    col("studentAge", "continuous"),
    col("privateTutor", "binary", 2),
    col("hoursPerWeek", "continuous"),
    col("gradeGain", "continuous"),
    col("droppedOut", "binary", 2),
)


def ask_tutoring(question: str) -> AIMessage:
    return plan(question, datasets=[TUTORING], tools=TOOLS)


TUTORING_CASES: list[tuple[str, dict[str, Any]]] = [
    # initials of a camelCase name ("PT" for privateTutor), typed in capitals or without vowels
    ("effect of PT on droppedOut", {"treatment": "privateTutor", "outcome": "droppedOut"}),
    ("hpw effect on grade gain", {"treatment": "hoursPerWeek", "outcome": "gradeGain"}),
    # a subject inside a role phrase names no column
    (
        "if students studied 3 more hours per week, how much grade would they gain?",
        {"treatment": "hoursPerWeek", "outcome": "gradeGain", "focus": "what_if"},
    ),
    # the groups with and without the treatment, and 'adjusted' as an adjective of the result
    (
        "raw vs adjusted difference in dropping out between students with and without a tutor",
        {"treatment": "privateTutor", "outcome": "droppedOut", "focus": "confounding"},
    ),
]


@pytest.mark.parametrize(
    "question,expected", TUTORING_CASES, ids=[q[:40] for q, _ in TUTORING_CASES]
)
def test_newcomer_wordings_on_a_camel_case_table(question: str, expected: dict[str, Any]) -> None:
    args = call(ask_tutoring(question))
    for key, value in expected.items():
        assert args.get(key) == value, (key, args)
    assert not args.get("common_causes"), args  # nothing read as a control that was not asked


def test_the_rows_entity_names_no_column() -> None:
    """'Students with a PT drop out less' of a table keyed by studentId: 'students' are the rows,
    not studentAge; the treatment is the tutor."""
    args = call(ask_tutoring("Students with a PT drop out less. How big is that effect?"))
    assert args["treatment"] == "privateTutor"
    assert args["outcome"] == "droppedOut"


def test_common_words_near_an_analysis_word_are_no_typos() -> None:
    assert "signs" in correct_typos("just who signs up for one?")


BIKES = profile(
    "bikes",
    600,
    col("dock_id", "id", 600),
    col("zone", "categorical", 3),
    col("by_tram", "binary", 2),
    col("slot_cnt", "continuous"),
    col("voucher", "binary", 2),
    col("trips", "continuous"),
)


def test_what_responds_is_the_outcome() -> None:
    """'how do trips respond to the voucher?' asks the voucher's effect on trips (it was read
    the other way round)."""
    args = call(plan("how do trips respond to the voucher?", datasets=[BIKES], tools=TOOLS))
    assert (args["treatment"], args["outcome"]) == ("voucher", "trips")
    args = call(plan("trips response to the voucher?", datasets=[BIKES], tools=TOOLS))
    assert (args["treatment"], args["outcome"]) == ("voucher", "trips")


def test_a_level_said_as_the_confounder_names_its_column() -> None:
    """'only because they're in the centre' of a table whose zone has the level Centre: the
    confounder is zone, not a column whose abbreviation resembles the word (slot_cnt)."""
    state_notes = [
        "encoded categorical column 'zone' as integer codes (Centre=0, Edge=1, Outskirts=2) "
        "for discovery; effect estimators use one indicator per level"
    ]
    bikes = {**BIKES, "notes": state_notes}
    args = call(
        plan(
            "tram stops get more trips, but is that only because they're in the centre?",
            datasets=[bikes],
            tools=TOOLS,
        )
    )
    assert (args["treatment"], args["outcome"]) == ("by_tram", "trips")
    assert args.get("common_causes") == ["zone"]


def test_controls_said_before_the_request() -> None:
    """'adjust for A when estimating the X effect on Y': the request after its controls (the
    whole clause was read as the treatment)."""
    args = call(
        plan(
            "adjust for the covers when estimating the hygiene course effect on breaches",
            datasets=[KITCHENS],
            tools=TOOLS,
        )
    )
    assert (args["treatment"], args["outcome"]) == ("hygiene_course", "breaches")
    assert args["common_causes"] == ["Covers"]


@pytest.mark.parametrize(
    "question",
    ["how is the data coverage for breaches?", "some kitchens never got stars - how many?"],
)
def test_missing_values_in_other_words(question: str) -> None:
    msg = plan(question, datasets=[KITCHENS], tools=TOOLS)
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "describe"
    assert msg.tool_calls[0]["args"].get("focus") == "missing"


# a help-desk table: acronyms in capitals with units, a camelCase count of years, a random
# training slot; none of its names were in view when the rules below were written
HELPDESK = profile(
    "helpdesk",
    1200,
    col("ticket_id", "id", 1200),
    col("team", "categorical", 3),
    col("agentYears", "continuous"),
    col("training_slot", "binary", 2),
    col("macro_used", "binary", 2),
    col("FRT_min", "continuous"),
    col("TTR_hrs", "continuous"),
    col("hrs_open", "continuous"),
    col("reopened", "binary", 2),
    col("NPS", "continuous"),
)


def ask_helpdesk(question: str, history: list[Any] = ()) -> AIMessage:
    return plan(question, datasets=[HELPDESK], history=history, tools=TOOLS)


HELPDESK_CASES: list[tuple[str, dict[str, Any]]] = [
    # an acronym said by its words, all of them or without the first ("time to resolution",
    # "response time" for the first response time)
    (
        "does using macros shorten the first response time?",
        {"treatment": "macro_used", "outcome": "FRT_min"},
    ),
    (
        "effect of macro use on time to resolution",
        {"treatment": "macro_used", "outcome": "TTR_hrs"},
    ),
    ("does using macros shorten response time?", {"treatment": "macro_used", "outcome": "FRT_min"}),
    # time in the job said as having been there, with a comparative predicate
    (
        "do agents who've been here longer get fewer tickets reopened?",
        {"treatment": "agentYears", "outcome": "reopened"},
    ),
    # a doubt that blames the claim on experience: the column of years in the job
    (
        "macro users get fewer reopened tickets - is that just because they're more experienced?",
        {
            "treatment": "macro_used",
            "outcome": "reopened",
            "focus": "confounding",
            "common_causes": ["agentYears"],
        },
    ),
    # the outcome said after an instrument's clause, with a pronoun for the treatment
    (
        "use training_slot as an instrument for macro_used and tell me what it does to NPS",
        {"treatment": "macro_used", "outcome": "NPS", "instrument": "training_slot"},
    ),
]


@pytest.mark.parametrize(
    "question,expected", HELPDESK_CASES, ids=[q[:40] for q, _ in HELPDESK_CASES]
)
def test_newcomer_wordings_on_a_table_of_acronyms(question: str, expected: dict[str, Any]) -> None:
    args = call(ask_helpdesk(question))
    for key, value in expected.items():
        got = args.get(key)
        if isinstance(value, list):
            assert sorted(got or []) == sorted(value), (key, args)
        else:
            assert got == value, (key, args)


def test_an_everyday_word_is_no_acronym_and_a_degree_word_spells_none() -> None:
    """'factors' does not stand for an acronym's name (its letters only scatter over FRT), and
    'higher satisfaction' does not spell hrs_open (h...r + s): the drivers of the first response
    time, and a question about the NPS."""
    from copilot.agents.column_phrases import fold

    names = [c["name"] for c in HELPDESK["columns"]]
    assert "hrs" not in fold("do teams with higher satisfaction reopen less?", names)
    msg = ask_helpdesk("which factors move the first response time the most?")
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "discover"
    assert msg.tool_calls[0]["args"]["target"] == "FRT_min"


def test_a_column_named_after_no_column_matched_answers_the_question_back() -> None:
    """'customer loyalty' names no column: the planner says so and asks which one is meant
    (no id offered); the one-word reply completes the request. A new request after it is read
    as a new request."""
    asked = "how do macros affect customer loyalty?"
    msg = ask_helpdesk(asked)
    assert not msg.tool_calls
    assert "?" in msg.content and "ticket_id'" not in msg.content
    args = call(ask_helpdesk("NPS", history=[HumanMessage(asked), msg]))
    assert (args["treatment"], args["outcome"]) == ("macro_used", "NPS")
    again = ask_helpdesk("describe the data", history=[HumanMessage(asked), msg])
    assert again.tool_calls and again.tool_calls[0]["name"] == "describe"


HELPDESK_MORE: list[tuple[str, dict[str, Any]]] = [
    # a software label before a command
    (
        "Stata: reg NPS macro_used team",
        {"treatment": "macro_used", "outcome": "NPS", "common_causes": ["team"]},
    ),
    # an instrument question whose outcome is said as a topic
    (
        "can training_slot serve as an instrument for macro_used when looking at reopened tickets?",
        {"treatment": "macro_used", "outcome": "reopened", "instrument": "training_slot"},
    ),
    # everyone treated, said with the treatment's verb and "all <units>"
    (
        "if we trained all agents, what happens to NPS?",
        {
            "treatment": "training_slot",
            "outcome": "NPS",
            "focus": "what_if",
            "what_if": {"op": "set", "value": 1.0},
        },
    ),
    # "cut in half" is the size of the change, not the outcome
    (
        "what would NPS be if the first response time were cut in half",
        {
            "treatment": "FRT_min",
            "outcome": "NPS",
            "focus": "what_if",
            "what_if": {"op": "scale", "value": 0.5},
        },
    ),
]


@pytest.mark.parametrize("question,expected", HELPDESK_MORE, ids=[q[:40] for q, _ in HELPDESK_MORE])
def test_newcomer_notations_and_scenarios(question: str, expected: dict[str, Any]) -> None:
    args = call(ask_helpdesk(question))
    for key, value in expected.items():
        got = args.get(key)
        if isinstance(value, list):
            assert sorted(got or []) == sorted(value), (key, args)
        else:
            assert got == value, (key, args)


def test_follow_ups_said_as_the_same_but_and_which_of_these() -> None:
    """'the same, but on NPS' changes the outcome of the last estimate; 'which of these drive
    reopening?' after a description asks the drivers of one column."""
    done = turn(
        "effect of macros on reopened tickets",
        "estimate_effect",
        {"dataset": "helpdesk", "treatment": "macro_used", "outcome": "reopened"},
    )
    args = call(ask_helpdesk("the same, but on NPS", history=done))
    assert (args["treatment"], args["outcome"]) == ("macro_used", "NPS")
    described = turn("describe the tickets", "describe", {"dataset": "helpdesk"})
    msg = ask_helpdesk("ok, which of these drive reopening?", history=described)
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "discover"
    assert msg.tool_calls[0]["args"]["target"] == "reopened"


def test_a_phrase_that_names_a_column_only_by_a_modifier_is_said_unmatched() -> None:
    """'reopening speed' shares only a modifier with `reopened`, which the outcome names in
    full: no column is the speed, and the reply says so rather than 'the same column'."""
    msg = ask_helpdesk("what's the effect of reopening speed on reopened tickets?")
    assert not msg.tool_calls
    assert "reopening speed" in msg.content and "?" in msg.content


# a vineyard table: a text variety whose levels are grape names, units in the names
VINES = {
    **profile(
        "vines",
        700,
        col("vine_id", "id", 700),
        col("variety", "categorical", 3),
        col("irrigation_mm", "continuous"),
        col("organic", "binary", 2),
        col("yield_t_ha", "continuous"),
        col("price_eur", "continuous"),
    ),
    "notes": [
        "encoded categorical column 'variety' as integer codes (Merlot=0, Riesling=1, Syrah=2) "
        "for discovery; effect estimators use one indicator per level",
        "not analysed: column 'vine_id' looks like an id (a different whole number in every row)",
    ],
}


def ask_vines(question: str, history: list[Any] = ()) -> AIMessage:
    return plan(question, datasets=[VINES], history=history, tools=TOOLS)


VINES_CASES: list[tuple[str, dict[str, Any]]] = [
    # a level said in the plural as the subject, or as an adjective of the rows: its column
    (
        "do Merlots fetch a higher price than Rieslings?",
        {"treatment": "variety", "outcome": "price_eur"},
    ),
    ("do Syrah vines yield more?", {"treatment": "variety", "outcome": "yield_t_ha"}),
    # what explains an association confounds it
    (
        "could the variety explain the link between irrigation and yield?",
        {
            "treatment": "irrigation_mm",
            "outcome": "yield_t_ha",
            "focus": "confounding",
            "common_causes": ["variety"],
        },
    ),
    # an amount more of something received
    (
        "if every vine got an extra 50 mm of irrigation, how much more yield?",
        {
            "treatment": "irrigation_mm",
            "outcome": "yield_t_ha",
            "focus": "what_if",
            "what_if": {"op": "add", "value": 50.0},
        },
    ),
    # how much the outcome changes for the units that have the treatment
    (
        "please estimate how much the price changes for vines on organic plots",
        {"treatment": "organic", "outcome": "price_eur"},
    ),
    # a verb of decomposing before the treatment's effect
    (
        "can you split irrigation's effect on price into direct and via yield?",
        {"treatment": "irrigation_mm", "outcome": "price_eur", "mediator": "yield_t_ha"},
    ),
]


@pytest.mark.parametrize("question,expected", VINES_CASES, ids=[q[:40] for q, _ in VINES_CASES])
def test_newcomer_wordings_on_a_table_with_named_levels(
    question: str, expected: dict[str, Any]
) -> None:
    args = call(ask_vines(question))
    for key, value in expected.items():
        got = args.get(key)
        if isinstance(value, list):
            assert sorted(got or []) == sorted(value), (key, args)
        else:
            assert got == value, (key, args)


def test_a_topic_before_a_dash_is_what_the_drivers_question_asks_about() -> None:
    msg = ask_vines("price is dropping this year - what are the main causes?")
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "discover"
    assert msg.tool_calls[0]["args"]["target"] == "price_eur"


def test_the_rows_as_an_outcome_get_a_question_back_not_the_id() -> None:
    """'good for the vines': the vines are the rows (vine_id), so the outcome is asked for and
    the reply completes the request; the id column is not blamed."""
    asked = "is irrigation good for the vines?"
    msg = ask_vines(asked)
    assert not msg.tool_calls
    assert "?" in msg.content and "looks like an id" not in msg.content
    args = call(ask_vines("yield", history=[HumanMessage(asked), msg]))
    assert (args["treatment"], args["outcome"]) == ("irrigation_mm", "yield_t_ha")
