"""The offline planner on hedged questions in learners' English whose slots are said by cues:
groups asked about without their column ("is it the same for everybody?", "for which kind of
branch is it bigger?"), an instrument said by what it alone moves or judged as a question ("I
have Z that pushes only X, use it", "is Z a valid instrument?", "with them as instrument"), the
outcome said first ("Y regressed on X", "Y as function of X", "Y, it is increased by X?"),
learners' word order ("estimate now the effect", "the second one, how much it make Y move?"), a
mediator asked as the channel with the effect's ends said after it, doubts about one edge of the
last graph ("the arrow A - B, is it sure?", "the arrow from A to B is not possible, redo
without it") and heads switched off or layers patched in plain words. Planner only: no tool
runs. The libraries table here is not the benchmark's."""

from __future__ import annotations

import pytest
from langchain_core.messages import HumanMessage

from tests.planner_kit import MODEL, col, plan, profile, turn

LIBRARIES = profile(
    "libraries",
    640,
    col("branch_id", "id", 640),
    col("district", "categorical", 3),
    col("weekend_open", "binary", 2),
    col("reading_club", "binary", 2),
    col("club_invite", "binary", 2),
    col("visits_wk", "continuous"),
    col("book_loans", "continuous"),
    col("member_sat", "continuous"),
    col("closed_next_yr", "binary", 2),
)
CLUB = {"dataset": "libraries", "treatment": "reading_club", "outcome": "book_loans"}


def reply(question: str, history: list = ()) -> object:
    return plan(question, [LIBRARIES], history=list(history))


def call(question: str, history: list = ()) -> dict:
    msg = reply(question, history)
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["args"]


@pytest.mark.parametrize(
    "question",
    [
        "the reading club make more book loans, but is the same for everybody?",
        "reading club and book loans - for which kind of branch is it bigger?",
        "does the reading club help the book loans the same in all branches or for some kind more?",
        "reading club push the book loans more for some type of branch? which one",
        "does the reading club raise the book loans equally for everyone?",
        "for what kind of branches is the reading club effect on book loans bigger?",
    ],
)
def test_groups_asked_without_their_column_are_asked_back_then_split(question: str) -> None:
    msg = reply(question)
    assert not msg.tool_calls, msg.tool_calls
    assert "?" in msg.content and "district" in msg.content and "weekend_open" in msg.content
    # the one-word reply names the column
    got = plan("district", [LIBRARIES], history=[HumanMessage(question), msg])
    assert got.tool_calls and got.tool_calls[0]["args"] == {**CLUB, "by": "district"}


def test_the_word_after_all_names_the_column_when_it_is_one() -> None:
    got = call("is the reading club effect on book loans the same for every district?")
    assert got == {**CLUB, "by": "district"}


def test_groups_asked_after_an_estimate_split_the_same_effect() -> None:
    history = turn("effect of reading club on book loans", "estimate_effect", CLUB, 0, {"ate": 3.1})
    msg = reply("ok.. and for which kind of branch it is bigger, if we can see it?", history)
    assert not msg.tool_calls, msg.tool_calls
    assert "district" in msg.content


@pytest.mark.parametrize(
    "question",
    [
        "I have club_invite that push only the reading club, nothing else. Use it please for the "
        "effect of reading club to the book loans",
        "Is the club invite a valid instrument? for the effect of the reading club on book loans",
        "club invites push the reading club but not the loans direct. With them as instrument, "
        "the effect of reading club to the book loans?",
        "maybe is possible to use club_invite like instrument, it move the reading club only. how "
        "much the book loans depend of reading club then?",
    ],
)
def test_an_instrument_said_in_learners_words_reaches_the_call(question: str) -> None:
    got = call(question)
    assert {k: got[k] for k in ("treatment", "outcome", "instrument")} == {
        "treatment": "reading_club",
        "outcome": "book_loans",
        "instrument": "club_invite",
    }
    assert got.get("method", "iv") in ("iv", "auto")


@pytest.mark.parametrize(
    "question",
    [
        "member satisfaction regressed on the visits, what is coming out?",
        "member satisfaction as function of the visits - how much it depend of them?",
        "The member satisfaction, it is increased by the visits? maybe I ask wrong",
    ],
)
def test_the_outcome_said_first_keeps_its_role(question: str) -> None:
    got = call(question)
    assert (got["treatment"], got["outcome"]) == ("visits_wk", "member_sat")


def test_is_m_the_channel_with_the_ends_said_after_it_is_a_mediation() -> None:
    got = call("is the visits the channel? I mean for the reading club to the book loans.")
    assert got == {**CLUB, "mediator": "visits_wk"}


DISCOVERY = turn(
    "what drives the book loans?",
    "discover",
    {"dataset": "libraries", "target": "book_loans"},
    0,
    {
        "algorithm": "pc",
        "nodes": [],
        "edges": [["visits_wk", "book_loans"], ["book_loans", "weekend_open"]],
        "focus": {
            "target": "book_loans",
            "causes": ["visits_wk", "reading_club"],
            "effects": [],
            "unoriented": [],
        },
    },
)


def test_an_adverb_before_the_object_and_a_fronted_topic_keep_the_pointer() -> None:
    got = call("ok. estimate now the effect of the first cause, please", DISCOVERY)
    assert (got["treatment"], got["outcome"]) == ("visits_wk", "book_loans")
    got = call("the second one, how much it make the book loans move?", DISCOVERY)
    assert (got["treatment"], got["outcome"]) == ("reading_club", "book_loans")


def test_a_doubt_about_one_edge_is_answered_with_how_to_measure_it() -> None:
    msg = reply("and the arrow visits_wk - book_loans, is it sure?", DISCOVERY)
    assert not msg.tool_calls, msg.tool_calls
    assert "visits_wk" in msg.content and "bootstrap" in msg.content


def test_an_edge_judged_impossible_is_forbidden_in_the_rerun() -> None:
    got = call(
        "the arrow from the loans to the weekend opening is not possible I think, it is decided "
        "before. redo without it",
        DISCOVERY,
    )
    assert got["forbidden"] == ["book_loans->weekend_open"]


SCORES = turn(
    "which heads look at the previous token?",
    "head_scores",
    {"model": "demo", "score": "previous_token"},
    0,
    {"focus": {"score": "previous_token", "top": [{"layer": 1, "head": 1, "value": 0.8}]}},
)


def test_switching_off_the_best_one_ablates_the_top_scored_head() -> None:
    msg = plan(
        "and if you switch off the best one, what happen to the induction?", [], [MODEL], SCORES
    )
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "head_ablation"
    assert msg.tool_calls[0]["args"]["heads"] == ["1.1"]


def test_patching_one_layer_patches_the_residual_stream_and_says_so() -> None:
    msg = plan("maybe patch the layer 1 from the clean run, for recall? is possible?", [], [MODEL])
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"]["units"] == ["resid"]
    assert "layer 1" in msg.content
