"""What the planner tests share: the tools the agent offers, a column and a profile as the data
layer describes them, and one turn of a conversation as the agent records it."""

from __future__ import annotations

import json
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message

#: Every tool the agent offers the planner.
TOOLS = [
    "describe",
    "discover",
    "estimate_effect",
    "head_ablation",
    "head_scores",
    "activation_patching",
    "path_patching",
    "logit_lens",
    "steer",
    "linear_probe",
    "load_demo_model",
]
#: The demo model as the agent lists it.
MODEL = {"id": "demo", "name": "demo", "n_layers": 2, "n_heads": 4}


def col(name: str, kind: str, card: int = 100) -> dict[str, Any]:
    """A column of a profile: its name, kind and number of distinct values."""
    return {"name": name, "kind": kind, "missing_share": 0.0, "cardinality": card}


def profile(name: str, n: int, *columns: dict[str, Any]) -> dict[str, Any]:
    """A dataset profile as the data layer gives it to the planner."""
    return {
        "id": name,
        "name": name,
        "source": f"{name}.csv",
        "n": n,
        "p": len(columns),
        "columns": list(columns),
    }


def turn(
    question: str,
    tool: str,
    args: dict[str, Any],
    i: int = 0,
    result: dict[str, Any] | None = None,
) -> list[Any]:
    """An earlier turn as the agent records it: question, tool call, ok result (`result`, empty
    unless given), answer."""
    cid = f"h{i}"
    body = {"ok": True, "summary": "", "result": result or {}}
    return [
        HumanMessage(question),
        AIMessage("", tool_calls=[{"name": tool, "args": args, "id": cid, "type": "tool_call"}]),
        ToolMessage(json.dumps(body), tool_call_id=cid),
        AIMessage("Done."),
    ]


def plan(
    question: str,
    datasets: list[dict[str, Any]] = (),
    models: list[dict[str, Any]] = (),
    history: list[Any] = (),
    tools: list[str] = TOOLS,
) -> AIMessage:
    """The planner's reply to `question` after `history`, with these datasets and models loaded."""
    state = {
        "datasets": {d["id"]: d for d in datasets},
        "models": {m["id"]: m for m in models},
    }
    return next_message([system_message(state), *history, HumanMessage(question)], tools)
