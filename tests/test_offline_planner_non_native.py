"""The offline planner on requests to the assistant and the English of non-native speakers, on a
table the rules were not written for: a rate's time unit, "how much more Y does X give", causes
said as "the things that make Y", a doubt about a change the treatment makes, a group compared
with the others before the outcome, a change said as the state it leads to, and a request said as
the time of a second one. Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.planner_kit import col, plan, profile, turn

TOOLS = ["describe", "discover", "estimate_effect"]

GARAGES = profile(
    "garages",
    900,
    col("garage_id", "id", 900),
    col("region", "categorical", 4),
    col("mechanics", "continuous", 12),
    col("online_booking", "binary", 2),
    col("labour_rate_gbp", "continuous"),
    col("wait_days", "continuous"),
    col("repeat_visit", "binary", 2),
    col("monthly_jobs", "continuous"),
    col("parts_markup_pct", "continuous"),
)


def call(question: str) -> tuple[str, dict[str, Any]]:
    msg = plan(question, [GARAGES], tools=TOOLS)
    assert msg.tool_calls, msg.content
    c = msg.tool_calls[0]
    return c["name"], {k: v for k, v in c["args"].items() if k != "dataset"}


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # a rate's time unit names no column ("per month" is not monthly_jobs)
        (
            "how much the online booking give more jobs to the garage per month?",
            {"treatment": "online_booking", "outcome": "monthly_jobs"},
        ),
        (
            "how much more jobs does online booking give per month?",
            {"treatment": "online_booking", "outcome": "monthly_jobs"},
        ),
        # a doubt about a change the treatment makes names the mechanism ...
        (
            "does online booking bring repeat visits only because of the shorter wait?",
            {"treatment": "online_booking", "outcome": "repeat_visit", "mediator": "wait_days"},
        ),
        # ... and one about a column as it is, a confounder
        (
            "does online booking bring repeat visits only because of the region?",
            {
                "treatment": "online_booking",
                "outcome": "repeat_visit",
                "common_causes": ["region"],
                "focus": "confounding",
            },
        ),
        # a group compared with the others, the outcome said last
        (
            "You can check if the online booking helps more in some regions than in others for "
            "the repeat visits?",
            {"treatment": "online_booking", "outcome": "repeat_visit", "by": "region"},
        ),
        # a change said as the state it leads to
        (
            "What will happen with the repeat visits if you make the labour rate 5 pounds more "
            "expensive?",
            {
                "treatment": "labour_rate_gbp",
                "outcome": "repeat_visit",
                "focus": "what_if",
                "what_if": {"op": "add", "value": 5.0},
            },
        ),
        (
            "if we make the wait 2 days shorter, what happens to repeat visits?",
            {
                "treatment": "wait_days",
                "outcome": "repeat_visit",
                "focus": "what_if",
                "what_if": {"op": "add", "value": -2.0},
            },
        ),
        # the request said as the time of a second one
        (
            "after you estimate the online booking effect on repeat visits, you make also a "
            "placebo test for check it",
            {"treatment": "online_booking", "outcome": "repeat_visit"},
        ),
    ],
)
def test_effect_requests(question: str, args: dict[str, Any]) -> None:
    name, got = call(question)
    assert name == "estimate_effect"
    assert {k: got.get(k) for k in args} == args
    assert not ({"mediator", "by", "common_causes"} - set(args)) & {k for k, v in got.items() if v}


@pytest.mark.parametrize(
    "question",
    [
        "tell me please what are the things that makes the repeat visits more likely",
        "what are the main factors that drive repeat visits?",
        "what are the reasons which lead customers to a repeat visit?",
    ],
)
def test_causes_said_as_the_things_that_make_the_outcome(question: str) -> None:
    assert call(question) == ("discover", {"algorithm": "auto", "target": "repeat_visit"})


def test_a_time_unit_that_is_a_fraction_stays_an_amount() -> None:
    name, got = call("what happens to repeat visits if we cut the labour rate by a quarter")
    assert name == "estimate_effect"
    assert got["treatment"] == "labour_rate_gbp" and got["focus"] == "what_if"
    assert got["what_if"] == {"op": "scale", "value": 0.75}


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # "over" for "on", as in the languages that say "sobre"
        (
            "calculate effect of online booking over the repeat visits, controlling the region",
            {"treatment": "online_booking", "outcome": "repeat_visit", "common_causes": ["region"]},
        ),
        (
            "can you separate the online booking effect over repeat visits for each region?",
            {"treatment": "online_booking", "outcome": "repeat_visit", "by": "region"},
        ),
        # "X give how much more Y", the perfect, "for me" and a polite opener
        ("online booking give how much more jobs?", {"treatment": "online_booking"}),
        (
            "We offer online booking since May. I would be grateful if you could estimate for me "
            "whether it has reduced the wait.",
            {"treatment": "online_booking", "outcome": "wait_days"},
        ),
        (
            "I want know from you: online booking is making less waiting or not?",
            {"treatment": "online_booking", "outcome": "wait_days"},
        ),
        # "more high" for "higher", "rise" for "raise", "passing by" for "through"
        (
            "if we put the labour rate 10 percent more high, what happen with the repeat visits?",
            {
                "treatment": "labour_rate_gbp",
                "outcome": "repeat_visit",
                "what_if": {"op": "scale", "value": 1.1},
            },
        ),
        (
            "the online booking rise the repeat visits passing by the wait days? how much part?",
            {"treatment": "online_booking", "outcome": "repeat_visit", "mediator": "wait_days"},
        ),
        # a topic taken up again by "it"
        (
            "the region we can use it as instrument? then estimate the mechanics effect on the "
            "monthly jobs",
            {"treatment": "mechanics", "outcome": "monthly_jobs", "instrument": "region"},
        ),
        # a request with what to show, or the two variables it is for, is no capability question
        (
            "Could you make a propensity score matching for the online booking and the repeat visit?",
            {"treatment": "online_booking", "outcome": "repeat_visit", "method": "matching"},
        ),
    ],
)
def test_turns_of_other_languages(question: str, args: dict[str, Any]) -> None:
    name, got = call(question)
    assert name == "estimate_effect"
    assert {k: got.get(k) for k in args} == args


def test_where_the_outcome_comes_from_asks_for_its_causes() -> None:
    assert call("you tell me from where comes the repeat visits") == (
        "discover",
        {"algorithm": "auto", "target": "repeat_visit"},
    )
    assert call("where do repeat visits come from?")[1]["target"] == "repeat_visit"


def test_a_discovery_request_that_shows_its_result_is_run() -> None:
    name, got = call("Could you run for me the GES algorithm on garages and show me the graph?")
    assert (name, got.get("algorithm")) == ("discover", "ges")


def test_what_the_data_contains_describes_it() -> None:
    assert call("what contains the garages data? explain me the columns")[0] == "describe"


@pytest.mark.parametrize(
    ("question", "args"),
    [
        (
            "I guess I'd like to compare garages that offer online booking against those that "
            "don't, in terms of repeat visits",
            {"treatment": "online_booking", "outcome": "repeat_visit"},
        ),
        (
            "garages with online booking vs garages without it: how different are the monthly "
            "jobs, causally?",
            {"treatment": "online_booking", "outcome": "monthly_jobs"},
        ),
        (
            "in which region does online booking work best for repeat visits?",
            {"treatment": "online_booking", "outcome": "repeat_visit", "by": "region"},
        ),
    ],
)
def test_groups_compared_and_where_it_works_best(question: str, args: dict[str, Any]) -> None:
    name, got = call(question)
    assert name == "estimate_effect"
    assert {k: got.get(k) for k in args} == args


def test_a_comparison_with_an_option_is_not_guessed() -> None:
    from copilot.agents.discourse import compared_groups

    assert (
        compared_groups("online booking vs the rest on repeat visits, with matching", GARAGES)
        is None
    )
    assert compared_groups("online booking vs the rest on repeat visits", GARAGES) == (
        "what is the effect of online_booking on repeat_visit?",
        ["online_booking", "repeat_visit"],
    )


def test_who_benefits_most_asks_by_which_column_and_takes_the_one_word_reply() -> None:
    from langchain_core.messages import HumanMessage

    table = {**GARAGES, "columns": [*GARAGES["columns"], col("franchise", "categorical", 3)]}
    question = "who benefits most from online booking in terms of repeat visits?"
    back = plan(question, [table], tools=TOOLS)
    assert not back.tool_calls and "region" in back.content and "franchise" in back.content
    msg = plan("region", [table], history=[HumanMessage(question), back], tools=TOOLS)
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args["by"]) == (
        "online_booking",
        "repeat_visit",
        "region",
    )


#: The garages with the names of their regions, as the data layer notes them.
GARAGES_REGIONS = {
    **GARAGES,
    "notes": [
        "encoded categorical column 'region' as integer codes (north=0, south=1, east=2, west=3)"
    ],
}


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # the verb "have" before its subject, and the same with "do"
        (
            "which influence has the online booking over the repeat visits?",
            {"treatment": "online_booking", "outcome": "repeat_visit"},
        ),
        (
            "what impact does the labour rate have on repeat visits?",
            {"treatment": "labour_rate_gbp", "outcome": "repeat_visit"},
        ),
        # another language's word for the effect, with its preposition
        (
            "calculate the Einfluss of online booking at the monthly jobs",
            {"treatment": "online_booking", "outcome": "monthly_jobs"},
        ),
        # "in" for "on", read so when the words after it name a column
        (
            "what is the effect of the online booking in the repeat visits?",
            {"treatment": "online_booking", "outcome": "repeat_visit"},
        ),
        # the analysis said as a noun after a light verb
        (
            "please make the estimation of the online booking effect in the wait days",
            {"treatment": "online_booking", "outcome": "wait_days"},
        ),
        # a verb of influence with a preposition before its object
        (
            "online booking influence in the repeat visits?",
            {"treatment": "online_booking", "outcome": "repeat_visit"},
        ),
        # the passive's agent said with "of", a dependence said "in function of"
        (
            "the link between online booking and repeat visits is confounded of the region?",
            {
                "treatment": "online_booking",
                "outcome": "repeat_visit",
                "common_causes": ["region"],
                "focus": "confounding",
            },
        ),
        (
            "the online booking effect on repeat visits changes in function of the region?",
            {"treatment": "online_booking", "outcome": "repeat_visit", "by": "region"},
        ),
        # a change's amount said with "of", in percent points of a percentage column
        (
            "what happens with the repeat visits if we reduce the parts markup of 3 percent points?",
            {
                "treatment": "parts_markup_pct",
                "outcome": "repeat_visit",
                "focus": "what_if",
                "what_if": {"op": "add", "value": -3.0},
            },
        ),
    ],
)
def test_grammar_of_other_languages(question: str, args: dict[str, Any]) -> None:
    name, got = call(question)
    assert name == "estimate_effect"
    assert got == args


def test_a_level_after_in_names_a_group_not_the_outcome() -> None:
    msg = plan("what is the effect of online booking in the north?", [GARAGES_REGIONS], tools=TOOLS)
    assert not msg.tool_calls and "outcome" in msg.content.lower()


@pytest.mark.parametrize(
    ("question", "target"),
    [
        ("from what depends the monthly jobs?", "monthly_jobs"),
        ("the wait days depends of what?", "wait_days"),
        ("what does the waiting time depend on?", "wait_days"),
        ("which are the factors that influence in the repeat visits?", "repeat_visit"),
    ],
)
def test_causes_asked_with_another_order_or_preposition(question: str, target: str) -> None:
    assert call(question) == ("discover", {"algorithm": "auto", "target": target})


def test_a_description_said_as_a_noun_after_a_light_verb() -> None:
    assert call("can you make a description of the garages table?") == ("describe", {})


def test_a_split_said_with_make_and_separate_is_a_follow_up() -> None:
    before = turn(
        "effect of online booking on repeat visits",
        "estimate_effect",
        {"dataset": "garages", "treatment": "online_booking", "outcome": "repeat_visit"},
    )
    msg = plan("now make it separate by region please", [GARAGES], history=before, tools=TOOLS)
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args["by"]) == (
        "online_booking",
        "repeat_visit",
        "region",
    )


def test_a_concept_asked_with_simple_words() -> None:
    msg = plan("explain me with simple words what is a collider", [GARAGES], tools=TOOLS)
    assert not msg.tool_calls and msg.content.startswith("A collider is")


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # "like" for "as" before a role, the role said in full
        (
            "estimate effect of online booking to repeat visits using region like instrumental "
            "variable",
            {"treatment": "online_booking", "outcome": "repeat_visit", "instrument": "region"},
        ),
        # "according" without its "to", and the variable said with the rows it belongs to
        (
            "the online booking effect on the repeat visits changes according the region of the "
            "customers?",
            {"treatment": "online_booking", "outcome": "repeat_visit", "by": "region"},
        ),
        # "put" a variable some units lower ("poner", "mettre"): set it so
        (
            "if we put the labour rate 4 pounds lower, what happen with the monthly jobs?",
            {
                "treatment": "labour_rate_gbp",
                "outcome": "monthly_jobs",
                "focus": "what_if",
                "what_if": {"op": "add", "value": -4.0},
            },
        ),
    ],
)
def test_roles_groups_and_changes_said_as_other_languages_say_them(
    question: str, args: dict[str, Any]
) -> None:
    name, got = call(question)
    assert name == "estimate_effect"
    assert got == args


def test_in_for_on_names_the_outcome_before_the_session_does() -> None:
    before = turn(
        "what causes repeat visits?",
        "discover",
        {"dataset": "garages", "target": "repeat_visit"},
    )
    msg = plan(
        "ok, which is the effect of mechanics in the monthly jobs?",
        [GARAGES],
        history=before,
        tools=TOOLS,
    )
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("mechanics", "monthly_jobs")


def test_a_concept_asked_in_the_first_of_two_sentences() -> None:
    msg = plan("what means confounder? explain with easy words please", [GARAGES], tools=TOOLS)
    assert not msg.tool_calls and msg.content.startswith("A confounder is")


#: A table of allotment plots, for amounts said with the place they are spent at.
ALLOTMENTS = profile(
    "allotments",
    400,
    col("plot_id", "id", 400),
    col("soil_type", "categorical", 3),
    col("watering_hrs", "continuous"),
    col("compost_kg", "continuous"),
    col("visits_per_week", "continuous"),
    col("tomato_kg", "continuous"),
)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # "have influence over": a noun after "have", its preposition mended
        (
            "which variables have influence over the repeat visits of the customers?",
            ("discover", {"algorithm": "auto", "target": "repeat_visit"}),
        ),
        # "which consequence has X on Y": an effect, the verb before its subject
        (
            "which consequence has the online booking on the wait?",
            ("estimate_effect", {"treatment": "online_booking", "outcome": "wait_days"}),
        ),
        # a yes/no question in the order of a statement, after the story it asks about
        (
            "garages with online booking get more repeat visits, but they are mostly in one "
            "region. the region is confounding this?",
            (
                "estimate_effect",
                {
                    "treatment": "online_booking",
                    "outcome": "repeat_visit",
                    "common_causes": ["region"],
                    "focus": "confounding",
                },
            ),
        ),
        # "do" said before the subject, an option's value said with a modal verb
        ("what data do we have about the garages?", ("describe", {})),
        (
            "please realise the causal graph of the garages, the alpha should be 0.01",
            ("discover", {"algorithm": "auto", "alpha": 0.01}),
        ),
    ],
)
def test_questions_in_the_order_of_other_languages(
    question: str, expected: tuple[str, dict[str, Any]]
) -> None:
    assert call(question) == expected


def test_for_what_reason_asks_why() -> None:
    assert call("for what reason the garages are losing repeat visits?") == (
        "discover",
        {"algorithm": "auto", "target": "repeat_visit"},
    )


def test_an_amount_said_with_where_it_is_spent() -> None:
    msg = plan(
        "if the plots get 3 hours more on watering, what is the change on the tomato kg?",
        [ALLOTMENTS],
        tools=TOOLS,
    )
    args = {k: v for k, v in msg.tool_calls[0]["args"].items() if k != "dataset"}
    assert args == {
        "treatment": "watering_hrs",
        "outcome": "tomato_kg",
        "focus": "what_if",
        "what_if": {"op": "add", "value": 3.0},
    }


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the progressive for the simple present, "what all" for "what"
        (
            "what is influencing the monthly jobs?",
            ("discover", {"algorithm": "auto", "target": "monthly_jobs"}),
        ),
        (
            "what all factors are driving repeat visits?",
            ("discover", {"algorithm": "auto", "target": "repeat_visit"}),
        ),
        # "confounded with" for "by"
        (
            "is the link between online booking and repeat visits confounded with region?",
            (
                "estimate_effect",
                {
                    "treatment": "online_booking",
                    "outcome": "repeat_visit",
                    "common_causes": ["region"],
                    "focus": "confounding",
                },
            ),
        ),
        # a preposition said again for each method, and "both" after them
        (
            "online booking effect on repeat visits, please estimate with matching and with "
            "weighting both",
            (
                "estimate_effect",
                {
                    "treatment": "online_booking",
                    "outcome": "repeat_visit",
                    "methods": ["matching", "weighting"],
                },
            ),
        ),
        # a value "is made" N more; "how much more Y we get" without "do"
        (
            "if the labour rate is made 5 pounds more, what happens to repeat visits?",
            (
                "estimate_effect",
                {
                    "treatment": "labour_rate_gbp",
                    "outcome": "repeat_visit",
                    "focus": "what_if",
                    "what_if": {"op": "add", "value": 5.0},
                },
            ),
        ),
        (
            "how much more jobs we get with online booking?",
            ("estimate_effect", {"treatment": "online_booking", "outcome": "monthly_jobs"}),
        ),
    ],
)
def test_progressive_repeated_prepositions_and_missing_do(
    question: str, expected: tuple[str, dict[str, Any]]
) -> None:
    assert call(question) == expected


def test_the_amount_before_more_is_read_before_column_words() -> None:
    # "one visit more per week" is one more visit per week, not the words of visits_per_week
    # with "more" lost among them
    msg = plan(
        "if the gardeners make one visit more per week, how much more tomato kg they get?",
        [ALLOTMENTS],
        tools=TOOLS,
    )
    args = {k: v for k, v in msg.tool_calls[0]["args"].items() if k != "dataset"}
    assert args == {
        "treatment": "visits_per_week",
        "outcome": "tomato_kg",
        "focus": "what_if",
        "what_if": {"op": "add", "value": 1.0},
    }


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # "of what it depends", the topic said first
        (
            "the monthly jobs, of what it depends?",
            ("discover", {"algorithm": "auto", "target": "monthly_jobs"}),
        ),
        # "passes for" a mediator: through it
        (
            "the effect of online booking over repeat visits passes for the wait days?",
            (
                "estimate_effect",
                {"treatment": "online_booking", "outcome": "repeat_visit", "mediator": "wait_days"},
            ),
        ),
        # "augmented of" an amount (not the augmented IPW estimator)
        (
            "if the labour rate is augmented of 5 pounds, what happens with the repeat visits?",
            (
                "estimate_effect",
                {
                    "treatment": "labour_rate_gbp",
                    "outcome": "repeat_visit",
                    "focus": "what_if",
                    "what_if": {"op": "add", "value": 5.0},
                },
            ),
        ),
        ("please show me general information of the garages table", ("describe", {})),
    ],
)
def test_dependence_paths_amounts_and_information(
    question: str, expected: tuple[str, dict[str, Any]]
) -> None:
    assert call(question) == expected


def test_the_difference_of_two_concepts_asked_after_a_request() -> None:
    msg = plan(
        "explain me please what is the difference of confounder and collider",
        [GARAGES],
        tools=TOOLS,
    )
    assert not msg.tool_calls
    assert "A confounder is" in msg.content and "A collider is" in msg.content


def test_a_control_with_its_adverb_first_is_a_follow_up() -> None:
    before = turn(
        "effect of online booking on repeat visits",
        "estimate_effect",
        {"dataset": "garages", "treatment": "online_booking", "outcome": "repeat_visit"},
    )
    msg = plan("now control also of region please", [GARAGES], history=before, tools=TOOLS)
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args["common_causes"]) == (
        "online_booking",
        "repeat_visit",
        ["region"],
    )


CLIMBING = profile(
    "climbing",
    700,
    col("climber_id", "id", 700),
    col("hall", "categorical", 3),
    col("coachAssigned", "binary", 2),
    col("climbsPerWeek", "discrete", 8),
    col("grade_gain", "continuous"),
    col("finger_injury", "binary", 2),
    col("thermostat_setpoint", "continuous"),
    col("chalk_spend_eur", "continuous"),
)


def climbing_call(question: str) -> tuple[str, dict[str, Any]]:
    msg = plan(question, [CLIMBING], tools=TOOLS)
    assert msg.tool_calls, msg.content
    c = msg.tool_calls[0]
    return c["name"], {k: v for k, v in c["args"].items() if k != "dataset"}


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # a frequency names the column counted per that unit of time, not a column whose name
        # shares a word with the phrase (the hall is where they climb)
        (
            "does going to the hall 3 times a week give more grade gain?",
            {"treatment": "climbsPerWeek", "outcome": "grade_gain"},
        ),
        (
            "does climbing twice a week cause finger injury?",
            {"treatment": "climbsPerWeek", "outcome": "finger_injury"},
        ),
        # an acronym typed in capitals after a verb names its column
        (
            "We track CA. Does it raise the grade gain?",
            {"treatment": "coachAssigned", "outcome": "grade_gain"},
        ),
        # a verb that a compound name begins with, before the thing it sets
        (
            "if we set the heating 2 degrees lower, what happens to the finger injuries?",
            {
                "treatment": "thermostat_setpoint",
                "outcome": "finger_injury",
                "focus": "what_if",
                "what_if": {"op": "add", "value": -2.0},
            },
        ),
    ],
)
def test_known_misreadings_on_another_table(question: str, args: dict[str, Any]) -> None:
    assert climbing_call(question) == ("estimate_effect", args)
