"""The offline planner gives the same call for a question however it is wrapped, cased, typo'd
or reworded (the perturbations of benchmarks/planner_robustness.py, on a hand-made table)."""

from __future__ import annotations

import re

import pytest

from benchmarks.planner_robustness import KINDS, perturb
from copilot.agents.surface import plain
from tests.test_offline_planner import SHOP, ask

QUESTIONS = [
    ("what is the effect of discount on churn?", "estimate_effect"),
    ("estimate the effect of price on sales controlling for region and tenure", "estimate_effect"),
    ("does discount affect churn through satisfaction?", "estimate_effect"),
    ("Which variables drive churn?", "discover"),
    ("learn the causal graph with alpha 0.01", "discover"),
    ("Give me an overview of the data.", "describe"),
]
#: The words of the table's column names: perturbations never touch them.
PROTECTED = {w for c in SHOP["columns"] for w in re.findall(r"[a-z]+", c["name"].lower())}


def call(question: str) -> tuple[str, dict]:
    msg = ask(question)
    assert msg.tool_calls, f"no tool call for {question!r}: {msg.content[:120]!r}"
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


@pytest.mark.parametrize(("question", "tool"), QUESTIONS)
def test_every_perturbation_keeps_the_call(question, tool):
    want = call(question)
    assert want[0] == tool
    for kind in KINDS:
        for seed in (0, 1):
            item = {"id": question, "question": question, "expect": {}}
            text = perturb(kind, item, seed, protected=PROTECTED)
            if text is None:
                continue
            assert call(text) == want, f"{kind} (seed {seed}): {text!r}"


@pytest.mark.parametrize(
    ("question", "plain_text"),
    [
        ("hi, quick one: what drives churn?", "what drives churn?"),
        ("so basically, effect of discount on churn", "effect of discount on churn"),
        ("could you help me out here: sales ~ price", "sales ~ price"),
        ("is discount kind of driving churn?", "is discount driving churn?"),
        ("what kind of effect does discount have?", "what kind of effect does discount have?"),
        ("WHAT DRIVES CHURN?", "what drives churn?"),
        ('STEER TOWARD "Joy" AT LAYER 1', 'steer toward "Joy" at layer 1'),
        ("Background: we're reviewing last quarter. what drives churn?", "what drives churn?"),
        ("I have a table about shops. and if we doubled it?", "and if we doubled it?"),
        (
            "What part of the effect goes via satisfaction? thanks!",
            "What part of the effect goes via satisfaction?",
        ),
        ("great, thanks a lot", "great, thanks a lot"),
        ("I'm new to this data. what's the effect of x on y", "what is the effect of x on y"),
        # the context sentence stays when the request points back into it
        (
            "Background: we ran a discount. did it cut churn?",
            "we ran a discount. did it cut churn?",
        ),
    ],
)
def test_plain_removes_only_what_carries_no_analysis(question, plain_text):
    assert plain(question) == plain_text


def test_a_typo_in_an_analysis_word_keeps_the_call():
    want = call("what is the effect of discount on churn?")
    assert call("what is the efect of discount on churn?") == want
    assert call("what is the effcet of discount on churn?") == want
    assert call("what is the efect of discount on churn? basically") == want
