"""Routers: which node runs next. Each returns a node name and fails loudly on a state it does
not expect, so a wiring mistake surfaces as an error instead of a silent loop."""

from __future__ import annotations

from typing import Literal

from langchain_core.messages import AIMessage, ToolMessage

from copilot.agents.state import AgentState


class RoutingError(RuntimeError):
    """The state reached a router in a shape the graph never produces."""


def pending_calls(state: AgentState) -> list[dict]:
    """Tool calls (valid or malformed) of the last planner message that have no result yet."""
    messages = state.get("messages") or []
    for i in range(len(messages) - 1, -1, -1):
        m = messages[i]
        if isinstance(m, AIMessage):
            answered = {t.tool_call_id for t in messages[i + 1 :] if isinstance(t, ToolMessage)}
            calls = [{**c, "malformed": False} for c in m.tool_calls]
            calls += [
                {
                    "name": c.get("name") or "",
                    "args": c.get("args"),
                    "id": c.get("id") or "",
                    "error": c.get("error"),
                    "malformed": True,
                }
                for c in m.invalid_tool_calls
            ]
            return [c for c in calls if c["id"] not in answered]
    return []


def route_after_plan(state: AgentState) -> Literal["tools", "answer"]:
    """Tool calls go to the tools node; a message without tool calls is the final answer."""
    messages = state.get("messages") or []
    if not messages or not isinstance(messages[-1], AIMessage):
        raise RoutingError(
            f"planner produced {type(messages[-1]).__name__ if messages else 'nothing'}, "
            "expected an AIMessage"
        )
    last = messages[-1]
    return "tools" if (last.tool_calls or last.invalid_tool_calls) else "answer"


def route_after_tools(state: AgentState) -> Literal["tools", "plan", "answer"]:
    """Run the next pending call, stop at the budget, or go back to the planner."""
    if state.get("partial"):
        return "answer"
    messages = state.get("messages") or []
    if not messages or not isinstance(messages[-1], ToolMessage):
        raise RoutingError("tools node finished without a tool message")
    return "tools" if pending_calls(state) else "plan"
