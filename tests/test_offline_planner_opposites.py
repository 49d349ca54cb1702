"""The offline planner on outcomes said by their opposite ("churn" where a table records who
renewed, "failing" where it records who passed), by what people do ("what keeps readers from
cancelling?") or by the help wished for ("what helps people lose weight?"), and on an outcome
said before "effect" ("the churn effect of the reminder"). On made-up tables. Planner only: no
tool runs."""

from __future__ import annotations

from typing import Any

from copilot.agents.lexicon import ANTONYMS
from tests.planner_kit import col, plan, profile, turn

TOOLS = ["describe", "discover", "estimate_effect"]

LIBRARY = profile(
    "library",
    600,
    col("reader_id", "id", 600),
    col("branch", "categorical", 3),
    col("reminder_email", "binary", 2),
    col("loans_per_month", "continuous"),
    col("late_fees_eur", "continuous"),
    col("renewed_card", "binary", 2),
)
COURSE = profile(
    "course",
    400,
    col("learner_id", "id", 400),
    col("mentor", "binary", 2),
    col("study_hrs", "continuous"),
    col("body_mass_kg", "continuous"),
    col("passed_final", "binary", 2),
)
#: Two columns of the opposite side: the word must be asked back, not settled.
TWO = profile(
    "two",
    300,
    col("id", "id", 300),
    col("coupon", "binary", 2),
    col("renewed_card", "binary", 2),
    col("renewed_loan", "binary", 2),
)


def reply(question: str, table: dict[str, Any] = LIBRARY) -> Any:
    return plan(question, [table], tools=TOOLS)


def call(question: str, table: dict[str, Any] = LIBRARY) -> tuple[str, dict[str, Any], str]:
    msg = reply(question, table)
    assert msg.tool_calls, msg.content
    c = msg.tool_calls[0]
    return c["name"], {k: v for k, v in c["args"].items() if k != "dataset"}, str(msg.content)


def test_the_lexicon_pairs_are_disjoint() -> None:
    for one, other in ANTONYMS:
        assert one and other and not one & other


def test_an_outcome_said_by_its_opposite_is_read_and_said() -> None:
    name, args, said = call("does the reminder email reduce churn?")
    assert name == "estimate_effect"
    assert args == {"treatment": "reminder_email", "outcome": "renewed_card"}
    assert "opposite" in said and "renewed_card" in said  # never silently
    name, args, said = call("what are the churn drivers?")
    assert (name, args.get("target")) == ("discover", "renewed_card")
    assert "opposite" in said
    name, args, said = call("effect of the mentor on failing", COURSE)
    assert args == {"treatment": "mentor", "outcome": "passed_final"}
    assert "opposite" in said


def test_a_word_whose_opposite_two_columns_record_is_asked_back() -> None:
    msg = reply("effect of the coupon on churn", TWO)
    assert not msg.tool_calls
    assert "renewed_card" in msg.content and "renewed_loan" in msg.content


def test_a_word_a_column_records_itself_is_no_opposite() -> None:
    table = profile(
        "both",
        300,
        col("id", "id", 300),
        col("coupon", "binary", 2),
        col("churned", "binary", 2),
        col("renewed_card", "binary", 2),
    )
    name, args, said = call("effect of the coupon on churn", table)
    assert args["outcome"] == "churned" and "opposite" not in said


def test_an_event_said_by_what_people_do_is_read_through_its_opposite() -> None:
    name, args, said = call("what keeps readers from cancelling?")
    assert (name, args.get("target")) == ("discover", "renewed_card")
    assert "opposite" in said
    name, args, said = call("do late fees drive readers away?")
    assert args == {"treatment": "late_fees_eur", "outcome": "renewed_card"}
    assert "opposite" in said


def test_the_help_wished_names_the_variable_it_moves() -> None:
    for q in ("how can we help learners lose more body mass?", "what helps people gain body mass?"):
        name, args, _ = call(q, COURSE)
        assert (name, args.get("target")) == ("discover", "body_mass_kg"), q


def test_an_outcome_before_effect_and_the_cause_after_of() -> None:
    name, args, said = call("what's the churn effect of the reminder email?")
    assert args == {"treatment": "reminder_email", "outcome": "renewed_card"}
    assert "opposite" in said
    name, args, _ = call("the late fee impact of the reminder email")
    assert args == {"treatment": "reminder_email", "outcome": "late_fees_eur"}


#: A graph found on the library table: one arrow with its confidence, one unoriented link.
GRAPH = {
    "algorithm": "pc",
    "nodes": ["branch", "reminder_email", "loans_per_month", "late_fees_eur", "renewed_card"],
    "edges": [
        {
            "source": "loans_per_month",
            "target": "renewed_card",
            "type": "directed",
            "confidence": 0.71,
        },
        {"source": "late_fees_eur", "target": "renewed_card", "type": "undirected"},
    ],
}
AFTER_GRAPH = turn(
    "find the causal graph", "discover", {"dataset": "library", "algorithm": "pc"}, result=GRAPH
)


def words(question: str) -> str:
    msg = plan(question, [LIBRARY], tools=TOOLS, history=AFTER_GRAPH)
    assert not msg.tool_calls, msg.tool_calls  # no new estimate
    assert "could not tell" not in msg.content
    return msg.content


def test_an_edge_of_the_last_graph_asked_about_is_answered_in_words() -> None:
    said = words("the graph is saying loans per month drive the card renewal?")
    assert said.startswith("Yes") and "0.71" in said and "loans_per_month" in said
    said = words("so the graph says the card renewal is caused by loans per month?")
    assert said.startswith("Yes")
    said = words("does the graph say renewed card causes loans per month?")
    assert said.startswith("No") and "other way" in said
    said = words("what does the arrow from loans per month to renewed card mean?")
    assert "direct cause" in said and not said.startswith("Yes")
    said = words("what does the edge between late fees and renewed card mean?")
    assert "unknown" in said
    said = words("is the graph saying the reminder email causes renewal?")
    assert said.startswith("No") and "no edge" in said


def test_an_edge_question_without_a_graph_is_no_edge_answer() -> None:
    before = turn(
        "effect of the reminder on renewal",
        "estimate_effect",
        {"dataset": "library", "treatment": "reminder_email", "outcome": "renewed_card"},
    )
    msg = plan(
        "what does the arrow from loans per month to renewed card mean?",
        [LIBRARY],
        tools=TOOLS,
        history=before,
    )
    assert "last graph" not in str(msg.content)


def test_a_column_matched_by_its_other_words_that_records_the_opposite_is_said() -> None:
    table = profile(
        "gains",
        300,
        col("id", "id", 300),
        col("coach", "binary", 2),
        col("muscle_gain_kg", "continuous"),
    )
    name, args, said = call("effect of the coach on muscle loss", table)
    assert args == {"treatment": "coach", "outcome": "muscle_gain_kg"}
    assert "opposite" in said
    name, args, said = call("effect of the coach on muscle gain", table)
    assert args["outcome"] == "muscle_gain_kg" and "opposite" not in said
