"""A session as the UI shows it when reopened: its turns, steps, inputs and what its last run needs.

Read from the agent's saved state through `Copilot.store` and `Copilot.graph`; nothing here
changes a session.
"""

from __future__ import annotations

from typing import Any

from copilot.events import ApprovalRequest


def session_history(copilot: Any, ident: str) -> dict[str, Any]:
    """Questions, answers, steps and artifacts of a session, read from the agent's saved state.

    The graph's view of the state is used (not the raw checkpoint), so a step whose writes were
    saved just before a cancel is shown too."""
    from langchain_core.messages import AIMessage, HumanMessage

    copilot.store.require(ident)
    info = copilot.store.info(ident)
    values = copilot.graph.get_state({"configurable": {"thread_id": ident}}).values or {}
    turns: list[dict[str, Any]] = []
    for m in values.get("messages") or []:
        if isinstance(m, HumanMessage):
            turns.append({"question": str(m.content), "answer": ""})
        elif isinstance(m, AIMessage) and not m.tool_calls and turns:
            turns[-1]["answer"] = str(m.content)
    return {
        "title": info.title,
        "status": info.status,
        "turns": turns,
        "results": list(values.get("results") or []),
        "artifacts": list(dict.fromkeys(values.get("artifacts") or [])),
        "datasets": dict(values.get("datasets") or {}),
        "models": dict(values.get("models") or {}),
    }


def pending_state(copilot: Any, ident: str) -> ApprovalRequest | bool:
    """What a session's last run still needs: an approval (the request), a resume (True), or nothing.

    A run stopped by a cancel or a kill has work left in `next`, or a task whose writes were
    saved but whose step never closed; both are finished by `Copilot.stream_resume`."""
    snapshot = copilot.graph.get_state({"configurable": {"thread_id": ident}})
    for task in snapshot.tasks or ():
        for intr in getattr(task, "interrupts", None) or ():
            return ApprovalRequest.model_validate(intr.value)
    return bool(snapshot.next) or bool(snapshot.tasks)
