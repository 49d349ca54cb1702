"""Questions as analysts type them: context sentences, courtesy and hedges, indirect questions,
non-native grammar and pronouns. `normalise` is checked pass by pass, then whole questions go
through the planner (no tool runs) on tables and wordings that are not the benchmark's."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.agents.phrasing import normalise
from tests.test_offline_planner_slots import COURSE, HOSPITAL, ask, call_of, eff

NORMALISED = [
    # context sentences without an analysis cue are left out; the rest joined with ";"
    (
        "We moved offices in May. Does the dose affect readmission?",
        "Does the dose affect readmission?",
    ),
    # courtesy and hedges
    ("I was wondering whether the dose affects recovery?", "does the dose affect recovery?"),
    ("could you maybe tell me if the dose helps?", "does the dose help?"),
    ("would it be possible to describe the table?", "describe the table?"),
    # indirect questions made direct
    ("I wonder what the main drivers of recovery are?", "what are the main drivers of recovery?"),
    ("can you figure out what the dose does to recovery?", "what does the dose do to recovery?"),
    # non-native grammar
    ("how much effect have dose to recovery", "how much effect of dose on recovery"),
    (
        "please make estimation of dose effect for the recovery",
        "estimate dose effect on the recovery",
    ),
    ("the tutoring is helping for passing or not?", "the tutoring helps passing or not?"),
    ("age cannot to cause the dose", "age cannot cause the dose"),
    ("use distance like instrument", "use distance as an instrument"),
    ("with age and level like controls", "with age and level as controls"),
    # a claim reported by a verb that only reports, without its "that"
    ("The dean swears the dose is raising recovery. Is it?", "the dose raises recovery; Is it?"),
    ("Ops insists the dose cuts readmission", "the dose cuts readmission"),
    # an opinion asked around the question, and a doubt or a scenario asked inside a request
    (
        "What do you reckon the recovery would do if we doubled the dose?",
        "What would the recovery do if we doubled the dose?",
    ),
    ("can you tell me if the ward explains it away?", "does the ward explain it away?"),
    (
        "check if the ward is behind the relation between the dose and recovery",
        "could the ward be behind the relation between the dose and recovery",
    ),
    (
        "tell me what the recovery would be if the dose were 5",
        "what happens to the recovery if the dose were 5",
    ),
]


@pytest.mark.parametrize("question,want", NORMALISED)
def test_normalise(question: str, want: str) -> None:
    assert normalise(question) == want


#: Questions whose words all stay: sentences that ask, option fragments, conditions.
KEPT = [
    "what if we doubled the dose? how much more recovery?",  # both sentences ask
    "use GRaSP. Causes of recovery?",  # a short fragment is an option, not context
    "If we raise the dose, what happens to recovery?",  # a condition keeps its "if"
]


@pytest.mark.parametrize("question", KEPT)
def test_normalise_keeps(question: str) -> None:
    got = normalise(question).replace(";", ".").lower().split()
    assert [w.strip(".?") for w in got] == [w.strip(".?") for w in question.lower().split()]


H, C = HOSPITAL, COURSE
#: (question, table, tool, exact arguments besides the dataset)
EXACT: list[tuple[str, dict[str, Any], str, dict[str, Any]]] = [
    (
        "We opened a new ward last year. My boss wants to know whether the new drug shortens "
        "recovery time. Can you check?",
        H,
        "estimate_effect",
        eff("new_drug", "recovery_days"),
    ),
    (
        "how much effect have the dose to readmission",
        H,
        "estimate_effect",
        eff("dose_mg", "readmitted"),
    ),
    (
        "I was wondering whether tutoring makes any difference to passing?",
        C,
        "estimate_effect",
        eff("tutoring", "passed"),
    ),
    (
        "would it be possible to do propensity score matching for tutoring and passing?",
        C,
        "estimate_effect",
        eff("tutoring", "passed", method="matching"),
    ),
    (
        "please estimate new drug on readmission, the insurance is instrument",
        H,
        "estimate_effect",
        eff("new_drug", "readmitted", instrument="insurance"),
    ),
    (
        "the severity is the mediator between the new drug and recovery days, please estimate",
        H,
        "estimate_effect",
        eff("new_drug", "recovery_days", mediator="severity"),
    ),
    (
        "Is the new drug better for some wards than others in terms of recovery days?",
        H,
        "estimate_effect",
        eff("new_drug", "recovery_days", by="ward"),
    ),
    (
        "if distance was 10 km more, how would readmission change?",
        H,
        "estimate_effect",
        eff("distance_km", "readmitted", focus="what_if", what_if={"op": "add", "value": 10.0}),
    ),
    (
        "suppose nobody got tutoring anymore - would passing drop, and by how much?",
        C,
        "estimate_effect",
        eff("tutoring", "passed", focus="what_if", what_if={"op": "set", "value": 0.0}),
    ),
    ("which things are making the readmission to happen?", H, "discover", {"target": "readmitted"}),
    (
        "could you perhaps use regression discontinuity for the dose on recovery days?",
        H,
        "estimate_effect",
        eff("dose_mg", "recovery_days"),
    ),
]


@pytest.mark.parametrize("question,data,tool,args", EXACT, ids=[e[0][:40] for e in EXACT])
def test_questions_as_typed(question: str, data: dict[str, Any], tool: str, args: dict) -> None:
    name, got = call_of(ask(question, data))
    assert name == tool
    assert {k: v for k, v in got.items() if k != "dataset" and v is not None} == {
        k: v for k, v in {**args}.items()
    } | ({"algorithm": "auto"} if tool == "discover" else {})


def test_a_pronoun_is_read_as_the_variable_named_before_and_said() -> None:
    msg = ask(
        "Some patients were given the new drug last spring. Does it shorten the recovery days?", H
    )
    name, args = call_of(msg)
    assert (name, args["treatment"], args["outcome"]) == (
        "estimate_effect",
        "new_drug",
        "recovery_days",
    )
    assert "new_drug" in msg.content and "Read the treatment" in msg.content
    msg = ask("The board keeps asking about readmissions. Does the new drug reduce them?", H)
    name, args = call_of(msg)
    assert (args["treatment"], args["outcome"]) == ("new_drug", "readmitted")
    assert "Read the outcome" in msg.content


def test_an_unknown_method_behind_a_known_word_is_not_used_silently() -> None:
    msg = ask("could you perhaps use regression discontinuity for the dose on recovery days?", H)
    name, args = call_of(msg)
    assert "method" not in args or args["method"] in (None, "auto")
    assert "regression discontinuity" in msg.content


def test_short_capability_questions_behind_courtesy_are_answered_in_words() -> None:
    msg = ask("is it possible for you to do instrumental variables?", H)
    assert not msg.tool_calls and "instrument" in msg.content.lower()
    msg = ask("would you be so kind to tell me which independence tests exist?", H)
    assert not msg.tool_calls and "kci" in msg.content.lower()


def test_a_chain_is_read_as_mediation() -> None:
    name, args = call_of(
        ask("Tell me, does the new drug lower severity and by this make recovery days shorter?", H)
    )
    assert args == {
        "dataset": "hospital",
        "treatment": "new_drug",
        "outcome": "recovery_days",
        "mediator": "severity",
    }


@pytest.mark.parametrize("question", ["thanks a lot, this was very helpful!", "ok thanks"])
def test_thanks_get_a_closing_answer(question: str) -> None:
    msg = ask(question, H)
    assert not msg.tool_calls and "welcome" in msg.content.lower()
