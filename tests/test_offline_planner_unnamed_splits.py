"""The offline planner on estimates asked per group without naming the group's column
("stratum-specific estimates", "per-subgroup effects"): the column is asked back, with the
candidates, rather than a plain effect given; short words typed with two letters swapped ("smae",
"whcih") and questions about a word with its articles dropped ("explain what confounder is").
Planner only: no tool runs."""

from __future__ import annotations

import pytest

from tests.planner_kit import col, plan, profile

#: Ferry crossings: a crew-training programme, delays, and several ways to group the crossings.
FERRIES = profile(
    "ferries",
    900,
    col("crossing_id", "id", 900),
    col("route", "categorical", 5),
    col("season", "categorical", 4),
    col("weekend", "binary", 2),
    col("crew_training", "binary", 2),
    col("wind_knots", "continuous"),
    col("delay_min", "continuous"),
)


@pytest.mark.parametrize(
    "question",
    [
        "Give me stratum-specific estimates of the effect of crew training on delay minutes.",
        "What are the per-subgroup effects of crew training on the delays?",
        "Can you do the crew training effect on delay by subgroup?",
        "I'd like stratified estimates of crew training's effect on delay.",
    ],
)
def test_an_estimate_per_unnamed_group_asks_which_column(question):
    msg = plan(question, [FERRIES])
    assert not msg.tool_calls, msg.tool_calls
    assert "By which column" in msg.content
    for name in ("route", "season", "weekend"):
        assert name in msg.content


def test_an_estimate_per_named_group_is_split_by_it():
    msg = plan(
        "Stratified estimates of crew training's effect on delay by season, please.", [FERRIES]
    )
    assert msg.tool_calls[0]["args"]["by"] == "season"


def test_function_words_with_two_letters_swapped_are_put_right():
    from copilot.agents.surface import function_words_fixed, plain

    assert (
        function_words_fixed("Is it teh smae for Whcih crews?") == "Is it the same for Which crews?"
    )
    # words of their own, words that could be two function words, and column words stay
    assert (
        function_words_fixed("the form of the dose; hwo; three")
        == "the form of the dose; hwo; three"
    )
    assert function_words_fixed("effect on saem", {"saem"}) == "effect on saem"
    # the hedge remover keeps "kind of" after the corrected question word
    assert "which kind of route" in plain("whcih kind of route gains most from crew training?")


def test_a_split_asked_with_misspelt_function_words_is_read():
    msg = plan("Does crew training cut delay teh smae on every route?", [FERRIES])
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args["by"]) == (
        "crew_training",
        "delay_min",
        "route",
    )


@pytest.mark.parametrize(
    ("question", "start"),
    [
        ("what does undirected edge in graph mean", "An undirected edge"),
        ("explain what confounder is", "A confounder"),
        ("explain me what collider is please", "A collider"),
    ],
)
def test_a_question_about_a_word_with_its_articles_dropped_is_answered(question, start):
    msg = plan(question, [FERRIES])
    assert not msg.tool_calls
    assert msg.content.startswith(start), msg.content


@pytest.mark.parametrize(
    ("question", "by"),
    [
        ("figure out for which route the effect of crew training on delay is biggest", "route"),
        ("Work out on which route crew training cuts delay the most", "route"),
        ("please determine in which season crew training helps delay most", "season"),
    ],
)
def test_a_frame_verb_before_an_indirect_question_of_which_group_is_dropped(question, by):
    msg = plan(question, [FERRIES])
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args["by"]) == ("crew_training", "delay_min", by)


#: Orchard plots: organic farming, slope, rain, yield and revenue.
ORCHARDS = profile(
    "orchards",
    500,
    col("plot_id", "id", 500),
    col("organic", "binary", 2),
    col("slope_deg", "continuous"),
    col("rain_mm", "continuous"),
    col("yield_kg", "continuous"),
    col("revenue_usd", "continuous"),
)


@pytest.mark.parametrize(
    "question", ["Do organic plots earn less?", "organic plots earn less. Is that causal?"]
)
def test_an_outcome_said_as_a_verb_names_its_column(question):
    args = plan(question, [ORCHARDS]).tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("organic", "revenue_usd")
