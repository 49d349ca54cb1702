"""The offline planner on options and follow-ups analysts type, asked about a table it was not
written against (a factory): refutations off, adjusting for everything, controls in parentheses
or as matching variables, steering strengths, patching units, capability questions, speakers
correcting themselves, follow-ups that drop a slot or change both roles, and which role a new
column takes. Planner only: no tool runs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import MODEL
from tests.test_offline_planner import TOOLS, col

TOOLS = [*TOOLS, "path_patching", "logit_lens"]

#: Columns listed causes first, as tables often are (the planner reads the order as a weak cue).
FACTORY = {
    "id": "factory",
    "name": "factory",
    "source": "factory.csv",
    "n": 1200,
    "p": 9,
    "columns": [
        col("machine_id", "id", 1200),
        col("machine_age", "continuous"),
        col("shift", "categorical", 3),
        col("operator_trained", "binary", 2),
        col("maintenance_hrs", "continuous"),
        col("line_speed", "continuous"),
        col("defect_rate", "continuous"),
        col("rework", "binary", 2),
        col("scrap_cost", "continuous"),
    ],
}


def ask(question: str, history: list[Any] = ()) -> AIMessage:
    state = {"datasets": {"factory": FACTORY}, "models": {"demo": MODEL}}
    return next_message([system_message(state), *history, HumanMessage(question)], TOOLS)


def call_of(msg: AIMessage) -> tuple[str, dict[str, Any]]:
    assert msg.tool_calls, f"no tool call; replied: {msg.content}"
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


def history(name: str, args: dict[str, Any], ok: bool = True) -> list[Any]:
    body = (
        {"ok": True, "summary": "", "result": {}}
        if ok
        else {"ok": False, "error": "EstimationError", "message": "failed", "hint": "retry"}
    )
    return [
        HumanMessage("earlier"),
        AIMessage("", tool_calls=[{"name": name, "args": args, "id": "h0", "type": "tool_call"}]),
        ToolMessage(json.dumps(body), tool_call_id="h0"),
        AIMessage("earlier answer"),
    ]


def eff(t: str, y: str, **extra: Any) -> dict[str, Any]:
    return {"dataset": "factory", "treatment": t, "outcome": y, **extra}


TRAINED = eff("operator_trained", "defect_rate")
EXACT = [
    (
        "effect of operator training on defect rate, no refutation tests",
        eff("operator_trained", "defect_rate", refute=False),
    ),
    (
        "maintenance hours -> defect rate adjusting for everything else",
        eff("maintenance_hrs", "defect_rate", adjust_for_all=True),
    ),
    (
        "effect of line speed on defects (controls: machine age, shift)",
        eff("line_speed", "defect_rate", common_causes=["machine_age", "shift"]),
    ),
    (
        "operator training on rework by matching on machine age and shift",
        eff(
            "operator_trained",
            "rework",
            method="matching",
            common_causes=["machine_age", "shift"],
        ),
    ),
    ("lm(defect_rate ~ line_speed + machine_age)", None),
    ("efect of line sped on scrap cost, n_boot=400", eff("line_speed", "scrap_cost", n_boot=400)),
    (
        "does shift confound the training effect on defect rate?",
        eff(
            "operator_trained",
            "defect_rate",
            focus="confounding",
            common_causes=["shift"],
        ),
    ),
    (
        "does the defect rate mediate the effect of line speed on scrap cost?",
        eff("line_speed", "scrap_cost", mediator="defect_rate"),
    ),
    (
        "if we halved the line speed... no wait, if we doubled the maintenance hours, what "
        "happens to the defect rate?",
        eff(
            "maintenance_hrs",
            "defect_rate",
            focus="what_if",
            what_if={"op": "scale", "value": 2.0},
        ),
    ),
    (
        "line speed +5 -> defect rate?",
        eff("line_speed", "defect_rate", focus="what_if", what_if={"op": "add", "value": 5.0}),
    ),
    (
        "twice as much maintenance: how much lower scrap cost?",
        eff(
            "maintenance_hrs",
            "scrap_cost",
            focus="what_if",
            what_if={"op": "scale", "value": 2.0},
        ),
    ),
    (
        "if we brought the line speed down to 40, what would the defect rate look like?",
        eff("line_speed", "defect_rate", focus="what_if", what_if={"op": "set", "value": 40.0}),
    ),
]


@pytest.mark.parametrize("question,args", EXACT, ids=[q[:40] for q, _ in EXACT])
def test_options_reach_the_call(question, args):
    if args is None:  # a formula inside a model call: the regression's first term is the treatment
        args = eff("line_speed", "defect_rate", common_causes=["machine_age"])
        name, got = call_of(ask(question))
        assert name == "estimate_effect" and {k: got[k] for k in args} == args
        return
    assert call_of(ask(question)) == ("estimate_effect", args)


@pytest.mark.parametrize(
    "question,tool,args",
    [
        (
            "steer from dull.jsonl toward vivid.jsonl at layer 1, alphas 1, 2 and 4",
            "steer",
            {
                "positive": "vivid.jsonl",
                "negative": "dull.jsonl",
                "layer": 1,
                "alphas": [1.0, 2.0, 4.0],
            },
        ),
        ("activation patching per position for recall", "activation_patching",
         {"behaviour": "recall", "units": ["positions"]}),
        ("attribution patching on induction, verify the top 4", "activation_patching",
         {"behaviour": "induction", "attribution": 4}),
        ("path patch 0.1 -> 1.2 through the values", "path_patching",
         {"sender": "0.1", "receivers": ["1.2"], "via": "v", "behaviour": "induction"}),
        ("what happens to copying when we knock out head 3 in layer 0?", "head_ablation",
         {"behaviour": "copy", "heads": ["0.3"]}),
        ("close the gates of every head, recall task", "head_ablation",
         {"behaviour": "recall", "method": "gate"}),
        ("heads that look back at the token before?", "head_scores", {"score": "previous_token"}),
        ("ablate all heads in layer 1 for recall", "head_ablation",
         {"behaviour": "recall", "heads": ["1.0", "1.1", "1.2", "1.3"]}),
        ("L0H2 ablation with 500 bootstrap resamples, metric: probability", "head_ablation",
         {"behaviour": "induction", "heads": ["0.2"], "metric": "prob", "n_boot": 500}),
        ("which heads matter for the task in my_task.jsonl?", "head_ablation",
         {"behaviour": "my_task.jsonl"}),
    ],
)  # fmt: skip
def test_model_experiments_get_their_arguments(question, tool, args):
    assert call_of(ask(question)) == (tool, {"model": "demo", **args})


@pytest.mark.parametrize(
    "question,words",
    [
        ("which estimation methods do you support?", ["matching", "weighting", "dml"]),
        ("what tests can you run for discovery?", ["kci", "fisherz"]),
        ("can you run difference in differences?", ["no", "difference-in-differences"]),
        ("do you support instrumental variables?", ["yes", "instrument"]),
    ],
)
def test_capability_questions_are_answered_in_words(question, words):
    msg = ask(question)
    assert not msg.tool_calls
    assert all(w in msg.content.lower() for w in words), msg.content


EST = (
    "estimate_effect",
    eff("operator_trained", "defect_rate", common_causes=["machine_age", "shift"]),
)


@pytest.mark.parametrize(
    "question,args",
    [
        ("drop machine age from the controls", eff("operator_trained", "defect_rate", common_causes=["shift"])),
        ("remove the controls", TRAINED),
        ("skip the refutations this time", {**EST[1], "refute": False}),
        ("keep training but make the outcome rework", eff("operator_trained", "rework", common_causes=["machine_age", "shift"])),
        ("with line speed as treatment and scrap cost as outcome",
         eff("line_speed", "scrap_cost", common_causes=["machine_age", "shift"])),
        ("does it differ by shift?", {**EST[1], "by": "shift"}),
        ("outcome: rework", eff("operator_trained", "rework", common_causes=["machine_age", "shift"])),
    ],
)  # fmt: skip
def test_follow_ups_change_or_drop_slots(question, args):
    assert call_of(ask(question, history(*EST))) == ("estimate_effect", args)


def test_dropping_the_subgroups_and_the_instrument():
    by = ("estimate_effect", {**TRAINED, "by": "shift"})
    assert call_of(ask("drop the subgroups", history(*by))) == ("estimate_effect", TRAINED)
    iv = ("estimate_effect", {**TRAINED, "instrument": "machine_age", "method": "iv"})
    assert call_of(ask("ok, do it without IV", history(*iv, ok=False))) == (
        "estimate_effect",
        TRAINED,
    )


def test_a_new_column_takes_the_role_its_place_and_kind_suggest_or_is_asked_about():
    est = history("estimate_effect", eff("maintenance_hrs", "defect_rate"))
    # listed after the outcome: another outcome, even though its kind is the treatment's
    assert call_of(ask("and scrap cost?", est))[1] == eff("maintenance_hrs", "scrap_cost")
    # binary like neither role, listed before the treatment: another cause
    binary = history("estimate_effect", eff("line_speed", "defect_rate"))
    assert call_of(ask("what about rework?", binary))[1] == eff("line_speed", "rework")
    assert call_of(ask("what about operator training?", binary))[1] == eff(
        "operator_trained", "defect_rate"
    )
    # continuous like both, listed between them: the planner asks, and takes the reply
    est2 = history("estimate_effect", eff("maintenance_hrs", "scrap_cost"))
    first = ask("what about line speed instead?", est2)
    assert not first.tool_calls and "treatment" in first.content and "outcome" in first.content
    msg = ask("treatment", [*est2, HumanMessage("what about line speed instead?"), first])
    assert call_of(msg)[1] == eff("line_speed", "scrap_cost")
