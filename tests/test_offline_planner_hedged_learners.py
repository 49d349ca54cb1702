"""The offline planner on hedged questions and learners' English: hedges that open a question
("I guess that's ...", "not sure but ...", "if it's not too much trouble", "would it be fair to
say"), questions about the last result in those voices ("is it big, would you say?", "what means
this number?", "the interval is crossing the zero, so is no effect?"), mechanisms offered as the
reason ("is it because of the higher M?", "is it by more M?", "is it because of M that X makes
less Y?", "because they ... after the treatment"), confounding said as "making confusion in", "Z
drives both A and B, so ... confounded?" and "Z is muddying the picture, no?", "why <people>
<verb>?" without its "do", and heads pointed to by a pronoun after head scores. Planner only: no
tool runs. The orchards table here is not the benchmark's."""

from __future__ import annotations

import pytest

from copilot.agents.phrasing import normalise
from tests.planner_kit import MODEL, col, plan, profile, turn

ORCHARDS = profile(
    "orchards",
    900,
    col("tree_id", "id", 900),
    col("region", "categorical", 3),
    col("soil_ph", "continuous"),
    col("drip_irrigation", "binary", 2),
    col("leaf_nitrogen", "continuous"),
    col("pest_sprays", "discrete", 8),
    col("pest_damage", "continuous"),
    col("fruit_kg", "continuous"),
    col("tree_died", "binary", 2),
)
EFFECT = {"dataset": "orchards", "treatment": "drip_irrigation", "outcome": "fruit_kg"}
RESULT = {
    "adjustment_set": ["region"],
    "ate": 7.3,
    "ci": [6.1, 8.5],
    "p_value": 0.0001,
    "estimand": "backdoor",
    "method": "linear_regression",
    "method_reason": "binary treatment",
    "refutations": [{"name": "placebo", "passed": True, "detail": ""}],
    "verdict": "robust",
}
AFTER_EFFECT = turn("effect of drip irrigation on fruit", "estimate_effect", EFFECT, 0, RESULT)


def call(question: str, history: list = ()) -> dict:
    msg = plan(question, [ORCHARDS], history=list(history))
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["args"]


@pytest.mark.parametrize(
    ("said", "plain"),
    [
        ("I guess that's a big gain, right?", "that's a big gain"),
        ("Not sure, but could it be that pests cut the fruit?", "pests cut the fruit?"),
        ("not sure how much of it goes through nitrogen", "how much of it goes through nitrogen"),
        ("If it's not too much trouble, estimate the effect of sprays on damage.", "estimate"),
        ("Would it be fair to say the region drives the yield?", "region"),
    ],
)
def test_a_hedge_before_the_question_is_no_part_of_it(said: str, plain: str) -> None:
    got = normalise(said)
    assert got.lower().startswith(plain.lower()) or plain in got
    assert not got.lower().startswith(("i guess", "not sure", "if it's", "would it be fair"))


@pytest.mark.parametrize(
    "question",
    [
        "I guess that's a decent effect, but is it big, would you say?",
        "if it's not too much trouble, could you say in simple words what that result means for "
        "the growers?",
        "What means this number 7.3? Is in kilos per tree?",
        "The interval is crossing the zero, so is no effect?",
    ],
)
def test_a_hedged_or_learners_question_about_the_last_result_is_answered_in_words(
    question: str,
) -> None:
    msg = plan(question, [ORCHARDS], history=AFTER_EFFECT)
    assert not msg.tool_calls, msg.tool_calls
    assert "7.3" in msg.content and "fruit_kg" in msg.content


@pytest.mark.parametrize(
    "question",
    [
        "Through which way the drip irrigation raise the fruit - is it because of the higher leaf "
        "nitrogen?",
        "The irrigation help for the fruit, but through which way? Is it by more leaf nitrogen?",
        "Is it because of the leaf nitrogen that the drip irrigation make more fruit?",
    ],
)
def test_a_changed_variable_offered_as_the_reason_is_the_mediator(question: str) -> None:
    assert call(question) == {**EFFECT, "mediator": "leaf_nitrogen"}


def test_the_treatment_said_again_as_a_time_is_no_part_of_the_mediator() -> None:
    history = turn(
        "effect of sprays on the damage",
        "estimate_effect",
        {"dataset": "orchards", "treatment": "pest_sprays", "outcome": "tree_died"},
        0,
        {**RESULT, "ate": -0.04, "ci": [-0.06, -0.02]},
    )
    got = call(
        "I guess maybe it's because they get less pest damage after the spraying? Not sure how "
        "much of the effect goes that way.",
        history,
    )
    assert got == {
        "dataset": "orchards",
        "treatment": "pest_sprays",
        "outcome": "tree_died",
        "mediator": "pest_damage",
    }


@pytest.mark.parametrize(
    "question",
    [
        "Is the region making confusion in the effect of drip irrigation on fruit, or no?",
        "Would it be fair to say the region drives both who gets drip irrigation and the fruit, "
        "so the raw comparison is confounded? Could you check that?",
    ],
)
def test_confounding_said_as_confusion_or_as_a_common_driver(question: str) -> None:
    assert call(question) == {**EFFECT, "focus": "confounding", "common_causes": ["region"]}


@pytest.mark.parametrize(
    "question",
    ["is the soil ph muddying the picture?", "the soil ph is muddying the comparison, no?"],
)
def test_a_variable_blamed_for_muddying_the_last_effect_is_a_confounding_check(
    question: str,
) -> None:
    got = call(question, AFTER_EFFECT)
    assert got == {**EFFECT, "focus": "confounding", "common_causes": ["soil_ph"]}


def test_why_people_verb_without_do_asks_for_the_drivers() -> None:
    assert call("Why trees die in this orchard?") == {
        "dataset": "orchards",
        "algorithm": "auto",
        "target": "tree_died",
    }


@pytest.mark.parametrize(
    "question",
    ["which of them matter if you knock them out?", "ablate them", "do they matter if ablated?"],
)
def test_a_pronoun_after_head_scores_points_to_the_heads_to_knock_out(question: str) -> None:
    history = turn(
        "which heads look like induction heads",
        "head_scores",
        {"model": "demo", "score": "induction"},
    )
    msg = plan(question, models=[MODEL], history=history)
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "head_ablation"
    assert msg.tool_calls[0]["args"] == {"model": "demo", "behaviour": "induction"}


CLIMBING = profile(
    "climbing",
    500,
    col("member_id", "id", 500),
    col("coached", "binary", 2),
    col("visits_per_month", "continuous"),
    col("grade_gain", "continuous"),
    col("quit", "binary", 2),
)


@pytest.mark.parametrize(
    "question",
    [
        "is the coaching effect on quitting mostly because people come more often?",
        "The owners believe coaching works mainly by getting people to come in more often. How "
        "much of the coaching effect on quitting goes that way?",
    ],
)
def test_coming_more_often_names_the_one_count_per_unit_of_time_as_the_mediator(
    question: str,
) -> None:
    msg = plan(question, [CLIMBING])
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"] == {
        "dataset": "climbing",
        "treatment": "coached",
        "outcome": "quit",
        "mediator": "visits_per_month",
    }


@pytest.mark.parametrize(
    "question",
    [
        "drip irrigation trees give more fruit, but maybe because their soil ph is different. "
        "confounding is there?",
        "drip irrigation trees give more fruit, but maybe because their soil ph is different?",
    ],
)
def test_a_trait_the_treated_differ_in_offered_as_the_reason_is_a_confounder(
    question: str,
) -> None:
    assert call(question) == {**EFFECT, "focus": "confounding", "common_causes": ["soil_ph"]}


@pytest.mark.parametrize("dash", ["-", "\u2014"])
def test_the_outcome_of_a_scenario_after_a_dash_is_read_as_after_a_colon(dash: str) -> None:
    got = call(f"what if every tree got 2 more pest sprays {dash} fruit?")
    assert got == {
        "dataset": "orchards",
        "treatment": "pest_sprays",
        "outcome": "fruit_kg",
        "focus": "what_if",
        "what_if": {"op": "add", "value": 2.0},
    }
