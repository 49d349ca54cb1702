"""The planner reads the request inside the asker's voice: remarks on the asking itself before
or after the question ("not sure this is the right way to ask, but ...", "... could you figure
that out for me?") leave the call as the plain question gets it."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.agents import surface
from tests.planner_kit import col, plan, profile

LIBRARY = profile(
    "library",
    1800,
    col("member_id", "id", 1800),
    col("branch", "categorical", 5),
    col("age", "continuous"),
    col("reading_club", "binary", 2),
    col("late_fees", "continuous"),
    col("loans_per_month", "continuous"),
    col("renewed", "binary", 2),
)


def call(question: str) -> tuple[str, dict[str, Any]]:
    msg = plan(question, [LIBRARY])
    assert msg.tool_calls, f"no tool call; replied: {msg.content}"
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


#: A terse request, whose reading a remark around it could derail.
PLAIN = "reading club on renewals, by branch"
EXPECTED = (
    "estimate_effect",
    {"dataset": "library", "treatment": "reading_club", "outcome": "renewed", "by": "branch"},
)


@pytest.mark.parametrize(
    "said",
    [
        f"Might be a stupid one, but {PLAIN}",
        f"I'm not even sure this is the right way to ask: {PLAIN}",
        f"could you help me with something? {PLAIN}",
        f"{PLAIN}. Hope that makes any sense.",
        f"{PLAIN}? Could you figure that out for me?",
        f"{PLAIN} (if that is a thing to ask)",
        # the asker's circumstances around it: who wants it, by when, what was tried
        f"Our auditor wants this before the 15th, sorry for the rush. {PLAIN}",
        f"Background: we spent 9 days on this with pivot tables. {PLAIN}. I'll present it to "
        "12 colleagues on Monday.",
        f"{PLAIN}. My slides are due at 4pm.",
    ],
)
def test_a_remark_on_the_asking_leaves_the_call_as_it_is(said: str) -> None:
    assert call(PLAIN) == EXPECTED
    assert call(said) == EXPECTED


@pytest.mark.parametrize(
    ("said", "kept"),
    [
        # a question on the truth of what was said asks for a check of it
        ("The reading club keeps members. Is that right?", None),
        ("The reading club keeps members. Can you check that?", None),
        # a remark alone is the whole message
        ("can you help me with this?", None),
        ("sorry, silly question: late fees by branch", "late fees by branch"),
        (
            "late fees by branch, I guess. Maybe I'm overthinking it.",
            "late fees by branch, I guess.",
        ),
    ],
)
def test_only_remarks_on_the_asking_are_left_out(said: str, kept: str | None) -> None:
    assert surface.remarks_off(said, {"late", "fees", "branch"}) == (kept or said)


@pytest.mark.parametrize(
    "said",
    [
        # a limit or a belief the request uses stays with it
        "We only kept members who joined in 2021. reading club on renewals",
        "I suspect the young ones drop out. reading club on renewals",
        # a sentence that names a column or an analysis is part of the request
        "My branch manager asked about it. reading club on renewals",
        "We want to control for age too. reading club on renewals",
        "We started two more clubs in spring. Did renewals go up?",
    ],
)
def test_the_askers_context_that_the_request_uses_stays(said: str) -> None:
    assert surface.remarks_off(said, {"reading", "club", "renewed", "branch", "age"}) == said


def test_a_remark_that_names_a_column_stays() -> None:
    said = "effect of the reading club on renewals. Maybe by age?"
    assert surface.remarks_off(said, {"age", "reading", "club", "renewed"}) == said


@pytest.mark.parametrize(
    "said",
    [
        # a sentence of the asker's circumstances, then a remark that opens the request or is a
        # sentence of its own: both left out (the remark's "this" points at the question, not
        # at the sentence before it)
        f"Our auditor wants this before the 15th. no idea if this is the right way to ask, but "
        f"{PLAIN}",
        f"I spent 9 days on this with pivot tables. Would you mind answering this for me? {PLAIN}",
        f"I spent 9 days on this with pivot tables. this might be a dumb one, but {PLAIN}? My "
        "slides are due at 4pm.",
        f"My slides are due at 4pm. Can you answer this for me? Not sure I'm asking it "
        f"right. {PLAIN}",
    ],
)
def test_remarks_after_the_askers_circumstances_leave_the_call_as_it_is(said: str) -> None:
    words = {"reading", "club", "renewed", "branch"}
    assert surface.remarks_off(said, words).rstrip("?") == PLAIN
    assert call(said) == EXPECTED


def test_a_remark_inside_keeps_the_sentences_that_ask() -> None:
    words = {"late", "fees", "branch", "reading", "club"}
    said = "The reading club raised late fees. Could you help me with this? Is that right?"
    assert surface.remarks_off(said, words) == "The reading club raised late fees. Is that right?"
    # a later sentence that asks keeps its words
    said = "The reading club raised late fees. But is it the branch, maybe?"
    assert surface.remarks_off(said, words) == said
