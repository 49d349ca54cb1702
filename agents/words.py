"""An answer in words: a question the offline planner answers without running a tool.

Through the graph such a turn is plan -> answer, and loading LangGraph's runtime (with
langchain's tracing and the LangGraph SDK it imports) costs more than the answer: most of a
second. So when the offline planner plans, `answer_in_words` runs the same two steps as plain
functions (the planner's `next_message`, the answer node's `final_answer`) on the same state,
and the caller saves the turn as the session's next checkpoint (`SessionStore.save_update`),
the checkpoint LangGraph's own `update_state(..., as_node="answer")` writes. A later question in
the session runs through the graph and sees this turn like any other. When the planner asks for
a tool, or fails, nothing is saved and the graph runs the turn.
"""

from __future__ import annotations

import uuid
from typing import Any

from langchain_core.messages import BaseMessage

from copilot.agents.conversation import FinalAnswer, final_answer, system_message
from copilot.agents.planner import next_message

#: The keys of `copilot.agents.state.AgentState` (a test keeps them equal); the state module
#: itself imports LangGraph's graph package for its message reducer.
STATE_KEYS = (
    "messages",
    "datasets",
    "models",
    "results",
    "artifacts",
    "plan",
    "turn",
    "steps_taken",
    "max_steps",
    "llm",
    "notes",
    "answer",
    "partial",
)

#: The keys merged by id (`merge_dicts` in the state); `messages` is appended to.
_REGISTRIES = ("datasets", "models")


def state_values(channel_values: dict[str, Any]) -> dict[str, Any]:
    """The state of a checkpoint as the graph's `get_state` reads it: its channel values less
    the graph's own channels, with the lists the tools append to empty before any tool ran."""
    values = {k: channel_values[k] for k in STATE_KEYS if k in channel_values}
    return {"results": [], "artifacts": [], **values}


def _with_id(message: BaseMessage) -> BaseMessage:
    """The message with an id, as the graph's message reducer gives one to each new message."""
    if message.id is None:
        message = message.model_copy(update={"id": str(uuid.uuid4())})
    return message


def answer_in_words(
    values: dict[str, Any], inp: dict[str, Any], tools: list[str]
) -> tuple[dict[str, Any], FinalAnswer] | None:
    """The turn's update of the state and its answer when the offline planner answers the
    question in `inp` (the graph's input) without a tool; None when it plans a tool call.

    `values` is the session's state before the question. The update holds the new value of
    every key the graph's input, plan and answer steps write (never `results` or `artifacts`:
    no tool ran)."""
    update: dict[str, Any] = {}
    for key, value in inp.items():
        if key == "messages":
            value = [*(values.get(key) or []), *(_with_id(m) for m in value)]
        elif key in _REGISTRIES:
            value = {**(values.get(key) or {}), **(value or {})}
        update[key] = value
    state = {**values, **update}
    try:
        reply = next_message([system_message(state), *state["messages"]], tools)
    except Exception:
        # the graph's plan node turns a fault of the planner into an answer that says so
        return None
    if reply.tool_calls or reply.invalid_tool_calls:
        return None
    # what the plan step records: the reply (not streamed), an empty plan, the same notes
    reply = reply.model_copy(
        update={"additional_kwargs": {**reply.additional_kwargs, "copilot_streamed": False}}
    )
    state["messages"] = [*state["messages"], _with_id(reply)]
    state["plan"] = []
    state["notes"] = list(state.get("notes") or [])
    final = final_answer(state)  # its message keeps the reply's id: it replaces the reply
    update.update(
        messages=[*state["messages"][:-1], final.message],
        plan=[],
        llm=state.get("llm"),
        notes=final.notes,
        answer=final.text,
    )
    return update, final
