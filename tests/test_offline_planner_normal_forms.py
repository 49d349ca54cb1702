"""The offline planner on learners' slips and terse questions put right by whole classes
(`copilot.agents.normal_forms`): articles added or left out, the preposition after an effect
noun or a governing word, a verb's agreement after its auxiliary, a question word said last,
a request said with its subject first, and a terse question's analysis word and columns in
their stated order. On a made-up table. Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.agents import normal_forms
from tests.planner_kit import col, plan, profile

TOOLS = ["describe", "discover", "estimate_effect"]

KILNS = profile(
    "kilns",
    640,
    col("kiln_id", "id", 640),
    col("studio", "categorical", 4),
    col("firing_temp_c", "continuous"),
    col("glaze_thickness_mm", "continuous"),
    col("cracked_pieces", "continuous"),
    col("apprentice_shift", "binary", 2),
    col("clay_moisture_pct", "continuous"),
)


def call(question: str) -> tuple[str, dict[str, Any]]:
    msg = plan(question, [KILNS], tools=TOOLS)
    assert msg.tool_calls, msg.content
    c = msg.tool_calls[0]
    return c["name"], {k: v for k, v in c["args"].items() if k != "dataset"}


PAIR = {"treatment": "glaze_thickness_mm", "outcome": "cracked_pieces"}


@pytest.mark.parametrize(
    ("question", "args"),
    [
        # any preposition after the effect noun's cause read as "on"
        ("the effect of glaze thickness over the cracked pieces, how much is?", PAIR),
        ("estimate influence of the glaze thickness towards cracked pieces", PAIR),
        # an effect noun without its "of"
        ("is there some impact glaze thickness on cracked pieces?", PAIR),
        # a verb of relation after its auxiliary and subject, in the third person
        (
            "does the cracked pieces depends of the firing temp?",
            {"treatment": "firing_temp_c", "outcome": "cracked_pieces"},
        ),
        # a request said with its subject first
        ("you could estimate the effect of the glaze thickness on the cracked pieces?", PAIR),
        # terse: the effect word and the two columns in the order said
        ("effect glaze thickness cracked pieces", PAIR),
        (
            "impact glaze thickness cracked pieces ctrl studio",
            {**PAIR, "common_causes": ["studio"]},
        ),
        # terse: the path said with "via"
        (
            "effect glaze thickness cracked pieces via clay moisture",
            {**PAIR, "mediator": "clay_moisture_pct"},
        ),
    ],
)
def test_slips_of_a_class_read_as_the_question(question: str, args: dict[str, Any]) -> None:
    name, got = call(question)
    assert name == "estimate_effect"
    assert {k: got.get(k) for k in args} == args


def test_an_auxiliary_left_out_after_a_question_word() -> None:
    name, got = call("how much cracked pieces drop per extra degree of firing temp?")
    assert name == "estimate_effect"
    assert (got["treatment"], got["outcome"]) == ("firing_temp_c", "cracked_pieces")


def test_a_method_after_via_is_no_path() -> None:
    name, got = call("effect of glaze thickness on cracked pieces via propensity score matching")
    assert name == "estimate_effect" and got.get("method") == "matching"
    assert "mediator" not in got


def test_terse_drivers_and_missing() -> None:
    name, got = call("cracked pieces drivers?")
    assert name == "discover" and got.get("target") == "cracked_pieces"
    name, got = call("nulls?")
    assert name == "describe" and got.get("focus") == "missing"


def test_normal_forms_never_touch_protected_words_or_add_columns() -> None:
    words = {"glaze", "thickness", "cracked", "pieces"}
    # an article inside quoted text stays; the agreement of a column word is never changed
    assert normal_forms.articles('compare "the one" and a glaze', words) == (
        'compare "the one" and glaze'
    )
    assert normal_forms.agreement("does it depends on glaze", words) == "does it depend on glaze"
    assert normal_forms.agreement("do the pieces cracks", {"cracks"}) == "do the pieces cracks"
    # a verb after another clause's auxiliary keeps its agreement
    said = "you should check whether the kiln explains the cracks"
    assert normal_forms.agreement(said, set()) == said
    # two phrases that do not each name one column are no terse pair
    names = ["glaze_thickness_mm", "cracked_pieces", "studio"]
    assert normal_forms.terse("effect glaze pieces thickness", words, names) == (
        "effect glaze pieces thickness"
    )


def test_a_needed_question_back_stays_one() -> None:
    # no treatment named: the planner asks, no normal form guesses one
    msg = plan("what is the effect on cracked pieces?", [KILNS], tools=TOOLS)
    assert not msg.tool_calls
    assert "treatment" in msg.content.lower()
    # no analysis words at all: still not read as an analysis
    msg = plan("glaze thickness cracked pieces", [KILNS], tools=TOOLS)
    assert not msg.tool_calls


@pytest.mark.parametrize(
    "question",
    [
        "tell me how the firing temp affecting cracked pieces",
        "the firing temp changing the cracked pieces?",
    ],
)
def test_a_progressive_without_its_auxiliary(question: str) -> None:
    name, got = call(question)
    assert name == "estimate_effect"
    assert (got["treatment"], got["outcome"]) == ("firing_temp_c", "cracked_pieces")


def test_the_auxiliary_of_a_progressive_only_where_it_is_missing() -> None:
    words = {"glaze", "thickness", "cracked", "pieces", "firing", "temp"}
    assert normal_forms.progressive_aux("which studios driving the cracks", words) == (
        "which studios are driving the cracks"
    )
    for said in (
        "is the glaze helping the pieces?",  # its auxiliary said
        "we should stop changing the glaze",  # an "-ing" after a verb that takes one
        "the cost of making kilns",  # after a preposition
    ):
        assert normal_forms.progressive_aux(said, words) == said


@pytest.mark.parametrize(
    ("question", "word"),
    [("what a collider?", "collider"), ("what a mediator in simple terms?", "mediator")],
)
def test_a_word_asked_without_its_is_is_explained(question: str, word: str) -> None:
    msg = plan(question, [KILNS], tools=TOOLS)
    assert not msg.tool_calls
    assert msg.content.lower().startswith(f"a {word} is")


@pytest.mark.parametrize(
    "question",
    [
        "could you count how many kilns have no clay moisture at all?",
        "which kilns lack a clay moisture?",
        "tell me how many kilns are without a clay moisture",
    ],
)
def test_rows_without_a_columns_value_ask_for_missing_values(question: str) -> None:
    assert call(question) == ("describe", {"focus": "missing"})


def test_rows_without_a_word_that_names_no_column_are_left_alone() -> None:
    cols = ["clay_moisture_pct", "studio", "firing_temp_c"]
    said = "how many kilns have no chimney?"
    assert normal_forms.have_no(said, cols) == said
    assert normal_forms.have_no("how many kilns have no clay moisture?", cols) == (
        "how many kilns are missing clay moisture?"
    )


def test_a_remark_about_the_asker_after_the_request_is_left_out() -> None:
    cols = ["glaze_thickness_mm", "cracked_pieces", "studio"]
    assert normal_forms.remark_after(
        "I need you to explain what a mediator is, I have to teach it tomorrow.", cols
    ) == ("I need you to explain what a mediator is.")
    for kept in (
        "estimate the effect of glaze thickness on cracked pieces, we control for studio",
        "estimate the effect of glaze thickness, I mean on the cracked pieces",
        "can you do that, I need you to be quick",
    ):
        assert normal_forms.remark_after(kept, cols) == kept
    msg = plan(
        "I need you to explain what a collider is, I have a meeting in an hour.",
        [KILNS],
        tools=TOOLS,
    )
    assert not msg.tool_calls
    assert msg.content.lower().startswith("a collider is")
