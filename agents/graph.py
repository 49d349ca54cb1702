"""The agent graph: plan -> tools -> plan ... -> answer.

`builder` is the uncompiled StateGraph; `graph` is compiled without a checkpointer (for tests and
one-off runs) when first used; `copilot.api.Copilot` compiles its own with the session
checkpointer.
"""

from __future__ import annotations

from typing import Any

from langgraph.graph import END, START, StateGraph

from copilot.agents.context import Context
from copilot.agents.nodes import answer, plan, run_tool
from copilot.agents.router import route_after_plan, route_after_tools
from copilot.agents.state import AgentState


def build() -> StateGraph:
    g = StateGraph(AgentState, context_schema=Context)
    g.add_node("plan", plan)
    g.add_node("tools", run_tool)
    g.add_node("answer", answer)
    g.add_edge(START, "plan")
    g.add_conditional_edges("plan", route_after_plan, ["tools", "answer"])
    g.add_conditional_edges("tools", route_after_tools, ["tools", "plan", "answer"])
    g.add_edge("answer", END)
    return g


builder = build()


def compile_with(checkpointer: Any) -> Any:
    """The graph with a checkpointer (sessions)."""
    return builder.compile(checkpointer=checkpointer, name="causal-copilot")


def __getattr__(name: str) -> Any:
    # `graph` is compiled on first use: a session compiles its own with `compile_with`.
    if name == "graph":
        compiled = builder.compile(name="causal-copilot")
        globals()["graph"] = compiled
        return compiled
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
