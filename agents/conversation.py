"""What the planner reads and what the answer says: the system message with the loaded inputs,
and the final answer of a question written from the planner's text and the tool results.

Shared by the graph's nodes and by an answer in words (`copilot.agents.words`), so this module
imports no LangGraph and no langchain model class: only langchain's message types.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

from copilot.agents.answer import compose_answer
from copilot.agents.numbers import check_numbers
from copilot.prompts import render_prompt


def planner_context(state: dict[str, Any]) -> dict[str, Any]:
    """What the planner may know about the inputs: ids, names, column profiles (never rows)."""
    return {"datasets": state.get("datasets") or {}, "models": state.get("models") or {}}


def system_message(state: dict[str, Any]) -> SystemMessage:
    """The system prompt with the inputs as a JSON block.

    Backticks are written as JSON escapes so that no name or value from the data can close
    the block and pose as instructions or as another block."""
    ctx = json.dumps(planner_context(state), indent=1, default=str).replace("`", "\\u0060")
    return SystemMessage(render_prompt("system", context=ctx))


def said_with_calls(messages: list[Any]) -> list[str]:
    """Text the planner sent along with this question's tool calls, in order, once each."""
    humans = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    start = humans[-1] + 1 if humans else 0
    said = [
        m.content.strip()
        for m in messages[start:]
        if isinstance(m, AIMessage) and m.tool_calls and isinstance(m.content, str)
    ]
    return list(dict.fromkeys(t for t in said if t))


@dataclass
class FinalAnswer:
    """The answer of one question: its text, the notes it carries, the message that ends the
    turn, and whether the planner already streamed exactly this text."""

    text: str
    notes: list[str]
    message: AIMessage
    streamed: bool


def final_answer(state: dict[str, Any]) -> FinalAnswer:
    """The planner's text when it is grounded, else the templated answer from the results."""
    turn = state.get("turn", 0)
    messages = state.get("messages") or []
    question = next((m.content for m in reversed(messages) if isinstance(m, HumanMessage)), "")
    results = [r for r in state.get("results") or [] if r.get("turn") == turn]
    last = messages[-1] if messages else None
    planner_text = (
        last.content
        if isinstance(last, AIMessage) and not last.tool_calls and isinstance(last.content, str)
        else ""
    )
    llm = state.get("llm") or "offline"
    notes = list(state.get("notes") or [])
    templated = compose_answer(str(question), results, state)
    streamed = bool(isinstance(last, AIMessage) and last.additional_kwargs.get("copilot_streamed"))
    if state.get("partial"):
        text = templated
    elif planner_text.strip() and llm.startswith("offline"):
        text = planner_text
    elif planner_text.strip():
        unsupported = check_numbers(planner_text, results, state, str(question))
        if unsupported:
            notes.append(
                "The language model's answer cited numbers that no tool returned "
                f"({', '.join(unsupported[:5])}); this answer was written from the results instead."
            )
            text = templated
        else:
            text = planner_text
    else:
        text = templated
    said = said_with_calls(messages) if llm.startswith("offline") else []
    if said and not state.get("partial"):
        # what the planner could not use (an unknown method, a column that does not exist)
        text = text.rstrip() + "\n\n" + "\n".join(said)
    if notes:
        text = text.rstrip() + "\n\n" + "\n".join(f"Note: {n}" for n in notes)
    if isinstance(last, AIMessage) and not last.tool_calls and not last.invalid_tool_calls:
        message = AIMessage(content=text, id=last.id)  # replaces the planner's message
    else:
        message = AIMessage(content=text)
    return FinalAnswer(
        text=text, notes=notes, message=message, streamed=streamed and text == planner_text
    )
