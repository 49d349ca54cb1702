"""The agent's state: what one session remembers between steps (and what the checkpointer stores).

Only JSON-able values and langchain messages live here, so that checkpoints load under the
strict msgpack allowlist. Data frames, models and chat clients stay out of the state: the state
holds their ids, and the runtime context (`copilot.agents.context`) resolves them.
"""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from langchain_core.messages import AnyMessage
from langgraph.graph.message import add_messages


def merge_dicts(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any]:
    """Reducer for registries keyed by id: later entries replace earlier ones."""
    return {**(left or {}), **(right or {})}


class AgentState(TypedDict, total=False):
    """State of one session, checkpointed after every step."""

    messages: Annotated[list[AnyMessage], add_messages]
    """The conversation: questions, planner messages with tool calls, tool results."""

    datasets: Annotated[dict[str, dict[str, Any]], merge_dicts]
    """Registered datasets by id: name, source, n, p and column profiles (never rows)."""

    models: Annotated[dict[str, dict[str, Any]], merge_dicts]
    """Registered models by id: name, source, layers, heads, gate kind."""

    results: Annotated[list[dict[str, Any]], operator.add]
    """One record per tool call: turn, call id, tool, args, ok, summary, result or error, artifacts."""

    artifacts: Annotated[list[str], operator.add]
    """Paths of every file the tools wrote in this session."""

    plan: list[str]
    """The tool names the planner most recently asked for (shown as the plan)."""

    turn: int
    """Index of the current question in this session (0 for the first)."""

    steps_taken: int
    """Tool calls made for the current question; compared with `max_steps`."""

    max_steps: int
    """The tool-call budget of one question."""

    llm: str
    """Which chat model planned the current question: 'offline', 'openai:<model>', ..."""

    notes: list[str]
    """Things the answer to the current question must mention (fallback to offline, a declined step)."""

    answer: str
    """The final answer text of the current question."""

    partial: bool
    """True when the step budget or a declined/failed step cut the current question short."""
