"""The graph's nodes: plan (the chat model with the tools bound), tools (one call per step, so
every finished call is checkpointed), and answer (the final text, checked against the results)."""

from __future__ import annotations

import json
import logging
from typing import Any

from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    ToolMessage,
)
from langgraph.runtime import Runtime
from langgraph.types import interrupt

from copilot.agents.context import Context, StepCancelled
from copilot.agents.conversation import final_answer, system_message
from copilot.agents.router import pending_calls
from copilot.agents.state import AgentState
from copilot.errors import CopilotError, LLMError
from copilot.events import (
    ApprovalRequest,
    PlanEvent,
    TextDelta,
    ToolFinished,
    ToolProgress,
    ToolStarted,
)


def _bind(model: Any, schemas: list[dict[str, Any]]) -> Any:
    try:
        return model.bind_tools(schemas)
    except NotImplementedError:
        return model


def _call_model(
    model: Any,
    messages: list[BaseMessage],
    schemas: list[dict[str, Any]],
    writer: Any,
    cancel: Any = None,
) -> tuple[AIMessage, bool]:
    """Stream the model's reply, forwarding text as it comes; returns (message, streamed_text).

    A cancel (`cancel` set) stops a long reply at its next chunk; the planning step then runs
    again on resume."""
    bound = _bind(model, schemas)
    total: AIMessageChunk | None = None
    whole: AIMessage | None = None
    streamed = False
    for chunk in bound.stream(messages):
        if cancel is not None and cancel.is_set():
            raise StepCancelled("plan")
        if isinstance(chunk, AIMessageChunk):
            if isinstance(chunk.content, str) and chunk.content:
                writer(TextDelta(text=chunk.content))
                streamed = True
            total = chunk if total is None else total + chunk
        elif isinstance(chunk, AIMessage):  # a model that does not stream
            whole = chunk
        else:
            raise LLMError(
                f"The chat model returned a {type(chunk).__name__}.", "use a langchain chat model"
            )
    if whole is not None:
        return whole, False
    if total is None:
        raise LLMError("The chat model returned nothing.", "check the endpoint and the model name")
    content = total.content if isinstance(total.content, str) else str(total.content)
    if total.tool_call_chunks:
        from copilot.llm import ai_message  # only a model that streams tool calls needs it

        # Parse the streamed arguments strictly: partial-JSON repair would hide a malformed call.
        raw = [(c.get("id"), c.get("name"), c.get("args")) for c in total.tool_call_chunks]
        msg = ai_message(content, raw)
        msg.id = total.id
        return msg, streamed
    return AIMessage(
        content=content,
        tool_calls=total.tool_calls,
        invalid_tool_calls=total.invalid_tool_calls,
        id=total.id,
    ), streamed


def plan(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Ask the chat model for the next tool calls, or for the final answer."""
    ctx = runtime.context
    writer = runtime.stream_writer
    llm = state.get("llm") or ctx.llm_name
    notes = list(state.get("notes") or [])
    model = ctx.chat_model
    if llm.startswith("offline") and not ctx.llm_name.startswith("offline"):
        from copilot.agents.offline_model import OfflinePlanner

        model = OfflinePlanner()
    messages = [system_message(state), *state.get("messages", [])]
    # The offline planner reads only the tools' names; building every tool's JSON schema for it
    # cost a hundredth of a second per step.
    schemas = (
        ctx.registry.name_stubs()
        if getattr(model, "plans_from_tool_names", False)
        else ctx.registry.schemas()
    )
    try:
        try:
            msg, streamed = _call_model(model, messages, schemas, writer, ctx.cancel)
        except CopilotError:
            raise
        except Exception as exc:
            if llm.startswith("offline"):
                raise
            # A reply the client could not make sense of is an endpoint fault, like an HTTP error.
            raise LLMError(
                f"The language model's reply could not be read ({type(exc).__name__}: "
                f"{str(exc)[:160]})",
                "check the endpoint and the model name",
            ) from None
    except LLMError as exc:
        if not ctx.fallback_offline or llm.startswith("offline"):
            raise
        from copilot.agents.offline_model import OfflinePlanner

        notes.append(
            f"The language model endpoint failed ({exc.message}); "
            "this answer was planned by the offline planner instead."
        )
        llm = "offline (fallback)"
        msg, streamed = _call_model(OfflinePlanner(), messages, schemas, writer, ctx.cancel)
    except CopilotError:
        raise
    except Exception as exc:
        # A fault in the offline planner's own code: answer with it instead of leaving the
        # session with a run that every resume would crash in again.
        logging.getLogger("copilot.agents").exception("offline planner failed")
        msg = AIMessage(
            content=f"Internal error in the offline planner ({type(exc).__name__}: {exc}); "
            "this question was not answered, and the session can go on. Please report it "
            "with the question."
        )
        streamed = False
    names = [c["name"] for c in msg.tool_calls] + [
        c.get("name") or "?" for c in msg.invalid_tool_calls
    ]
    if names:
        text = (
            msg.content
            if isinstance(msg.content, str) and msg.content
            else "Next: " + ", ".join(names)
        )
        writer(PlanEvent(text=text, steps=names))
    meta = dict(msg.additional_kwargs)
    meta["copilot_streamed"] = streamed
    msg.additional_kwargs = meta
    return {"messages": [msg], "plan": names or [], "llm": llm, "notes": notes}


def _record(
    state: AgentState,
    call: dict[str, Any],
    ok: bool,
    summary: str,
    *,
    result: dict | None = None,
    error: dict | None = None,
    artifacts: list[str] | None = None,
    elapsed: float = 0.0,
) -> dict[str, Any]:
    return {
        "turn": state.get("turn", 0),
        "call_id": call["id"],
        "tool": call["name"],
        "args": call["args"] if isinstance(call["args"], dict) else {"raw": str(call["args"])},
        "ok": ok,
        "summary": summary,
        "result": result,
        "error": error,
        "artifacts": artifacts or [],
        "elapsed_s": round(elapsed, 4),
    }


def _failed(
    state: AgentState,
    call: dict[str, Any],
    err: dict[str, Any],
    writer: Any,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    writer(
        ToolFinished(
            call_id=call["id"],
            tool=call["name"] or "?",
            ok=False,
            summary=err["message"],
            error=err,
        )
    )
    rec = _record(state, call, False, err["message"], error=err)
    return {
        "messages": [
            ToolMessage(
                json.dumps({"ok": False, **err}),
                tool_call_id=call["id"],
                name=call["name"] or "unknown",
                status="error",
            )
        ],
        "results": [rec],
        **(extra or {}),
    }


def run_tool(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Run the first pending tool call; errors become tool messages with the message and hint."""
    ctx = runtime.context
    writer = runtime.stream_writer
    call = pending_calls(state)[0]
    steps = state.get("steps_taken", 0)
    budget = state.get("max_steps", 12)
    if steps >= budget:
        notes = list(state.get("notes") or [])
        notes.append(
            f"The step budget of {budget} tool calls ran out before the analysis finished."
        )
        err = {
            "error": "BudgetError",
            "message": f"Not run: the step budget of {budget} tool calls is used up.",
            "hint": "ask a narrower question or raise max_steps",
        }
        out = _failed(state, call, err, writer, {"partial": True, "notes": notes})
        # Every remaining call gets its answer too, so the conversation stays well formed.
        for other in pending_calls(state)[1:]:
            out["messages"].append(
                ToolMessage(
                    json.dumps({"ok": False, **err}),
                    tool_call_id=other["id"],
                    name=other["name"] or "unknown",
                    status="error",
                )
            )
        return out
    counted = {"steps_taken": steps + 1}
    if call["malformed"]:
        err = {
            "error": "LLMError",
            "message": f"Malformed tool call {call['name'] or '?'}: "
            f"{call.get('error') or 'arguments are not valid JSON'}.",
            "hint": "send the arguments as one JSON object matching the tool's schema",
        }
        return _failed(state, call, err, writer, counted)
    try:
        spec = ctx.registry.get(call["name"])
        args = spec.validate(call["args"])
    except CopilotError as exc:
        return _failed(state, call, exc.to_dict(), writer, counted)

    if ctx.interactive and spec.expensive is not None:
        reason = spec.expensive(args, ctx.env)
        if reason:
            request = ApprovalRequest(
                call_id=call["id"], tool=spec.name, args=call["args"], reason=reason
            )
            decision = interrupt(request.model_dump(mode="json"))
            approved = decision.get("approved") if isinstance(decision, dict) else bool(decision)
            if not approved:
                notes = list(state.get("notes") or [])
                notes.append(f"You declined {spec.name} ({reason}).")
                err = {
                    "error": "Declined",
                    "message": f"The user declined {spec.name}: {reason}.",
                    "hint": "choose a cheaper method or answer with what is known",
                }
                return _failed(state, call, err, writer, {**counted, "notes": notes})
            if "force" in spec.args_model.model_fields:
                # Approving an action the budget would refuse is the user forcing it.
                call = {**call, "args": {**call["args"], "force": True}}

    writer(ToolStarted(call_id=call["id"], tool=spec.name, args=call["args"]))

    def progress(p: Any) -> None:
        # Every progress report is a cancellation point: a long loop (bootstrap, training,
        # sweeps) stops within one iteration of a cancel instead of at the end of the step.
        if ctx.cancel.is_set():
            raise StepCancelled(spec.name)
        writer(
            ToolProgress(
                call_id=call["id"], task=p.task, done=p.done, total=p.total, message=p.message
            )
        )

    ctx.env.progress = progress
    ctx.env.history = list(state.get("results") or [])
    ctx.env.user_text = "\n".join(
        str(m.content) for m in state.get("messages") or [] if isinstance(m, HumanMessage)
    )
    outcome = spec.run(call["args"], ctx.env)
    ctx.env.progress = None
    if outcome.value is not None:
        ctx.env.objects[call["id"]] = outcome.value
    writer(
        ToolFinished(
            call_id=call["id"],
            tool=spec.name,
            ok=outcome.ok,
            summary=outcome.summary,
            result=outcome.result,
            error=outcome.error,
            elapsed_s=outcome.elapsed_s,
            artifacts=outcome.artifacts,
        )
    )
    rec = _record(
        state,
        call,
        outcome.ok,
        outcome.summary,
        result=outcome.result,
        error=outcome.error,
        artifacts=outcome.artifacts,
        elapsed=outcome.elapsed_s,
    )
    update: dict[str, Any] = {
        "messages": [
            ToolMessage(
                outcome.message(),
                tool_call_id=call["id"],
                name=spec.name,
                status="success" if outcome.ok else "error",
            )
        ],
        "results": [rec],
        "artifacts": outcome.artifacts,
        **counted,
    }
    # A tool may register inputs (a loaded model, a derived dataset): show them to the planner.
    from copilot.agents.inputs import input_records

    datasets, models = input_records(ctx.env.workspace)
    new_d = {k: v for k, v in datasets.items() if k not in (state.get("datasets") or {})}
    new_m = {k: v for k, v in models.items() if k not in (state.get("models") or {})}
    if new_d:
        update["datasets"] = new_d
    if new_m:
        update["models"] = new_m
    return update


def answer(state: AgentState, runtime: Runtime[Context]) -> dict[str, Any]:
    """Write the final answer: the planner's text when it is grounded, else the templated one."""
    final = final_answer(state)
    if not final.streamed:
        runtime.stream_writer(TextDelta(text=final.text))
    return {"answer": final.text, "notes": final.notes, "messages": [final.message]}
