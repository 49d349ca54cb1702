"""The offline planner on questions about the last result told with context: which controls it
held fixed ("in this estimate" points to it), what the number says "in plain words", and whether
it is causal or a correlation, asked as what someone else will ask. Answered in words, no new
estimate. Planner only: no tool runs."""

from __future__ import annotations

import pytest

from tests.planner_kit import col, plan, profile, turn

#: Ferries of a harbour: a new timetable, delays and passengers.
FERRIES = profile(
    "ferries",
    400,
    col("ferry_id", "id", 400),
    col("new_timetable", "binary", 2),
    col("delay_min", "continuous"),
    col("passengers", "continuous"),
)
BEFORE = turn(
    "effect of the new timetable on passengers",
    "estimate_effect",
    {"dataset": "ferries", "treatment": "new_timetable", "outcome": "passengers"},
)


@pytest.mark.parametrize(
    "question",
    [
        "Which variables did you adjust for in this estimate?",
        "I'm presenting this to the harbour board tomorrow. In plain words, what does this "
        "number tell us?",
        "Our director will ask whether this is causal or only correlation. What should I tell her?",
    ],
)
def test_a_question_about_the_last_result_is_answered_in_words(question):
    msg = plan(question, [FERRIES], history=BEFORE)
    assert not msg.tool_calls, msg.tool_calls
    assert "could not tell" not in msg.content
    assert "Which treatment" not in msg.content


@pytest.mark.parametrize(
    "question", ["what does the -12.5 mean in plain english", "what does -12.5 mean?"]
)
def test_a_signed_number_asked_about_is_the_last_result(question):
    # the number itself pointed to, with its sign, and the words asked for after it
    result = {"adjustment_set": ["delay_min"], "ate": -12.5, "ci": [-15.0, -10.0], "p_value": 0.001}
    history = turn(
        "effect of the new timetable on passengers",
        "estimate_effect",
        {"dataset": "ferries", "treatment": "new_timetable", "outcome": "passengers"},
        result=result,
    )
    msg = plan(question, [FERRIES], history=history)
    assert not msg.tool_calls, msg.tool_calls
    assert "12.5" in msg.content and "passengers" in msg.content
    assert "No column" not in msg.content
