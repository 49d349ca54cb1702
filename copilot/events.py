"""Typed events streamed by `Copilot.stream` and shown by the CLI and the TUI.

Every event is a pydantic model with a `kind` tag, so a stream can be serialised as JSON lines
and parsed back with `EventAdapter.validate_python`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, TypeAdapter


class Step(BaseModel):
    """One tool call the agent made."""

    tool: str
    args: dict[str, Any] = Field(default_factory=dict)
    ok: bool = True
    summary: str = ""
    error: str | None = None
    hint: str | None = None
    """How to fix the error, when the step failed."""
    elapsed_s: float = 0.0


class Answer(BaseModel):
    """The final answer of one question."""

    text: str
    results: list[dict[str, Any]] = Field(
        default_factory=list, description="Tool results, JSON-able."
    )
    artifacts: list[str] = Field(default_factory=list, description="Paths of files written.")
    steps: list[Step] = Field(default_factory=list)
    session_id: str = ""
    partial: bool = Field(
        False, description="True when the step budget or an error cut the run short."
    )
    llm: str = Field("offline", description="Which chat model planned the run.")
    report: str | None = Field(
        None, description="Where the report of the session was written, when one was asked for."
    )


class PlanEvent(BaseModel):
    kind: Literal["plan"] = "plan"
    text: str
    steps: list[str] = Field(default_factory=list)


class ToolStarted(BaseModel):
    kind: Literal["tool_started"] = "tool_started"
    call_id: str
    tool: str
    args: dict[str, Any] = Field(default_factory=dict)


class ToolProgress(BaseModel):
    kind: Literal["progress"] = "progress"
    call_id: str
    task: str
    done: float
    total: float | None = None
    message: str = ""


class ToolFinished(BaseModel):
    kind: Literal["tool_finished"] = "tool_finished"
    call_id: str
    tool: str
    ok: bool
    summary: str = ""
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = Field(
        None, description="{'error', 'message', 'hint'} when ok is false."
    )
    elapsed_s: float = 0.0
    artifacts: list[str] = Field(default_factory=list)


class ApprovalRequest(BaseModel):
    kind: Literal["approval"] = "approval"
    call_id: str
    tool: str
    args: dict[str, Any] = Field(default_factory=dict)
    reason: str


class TextDelta(BaseModel):
    """A chunk of the final answer while it streams."""

    kind: Literal["text"] = "text"
    text: str


class AnswerEvent(BaseModel):
    kind: Literal["answer"] = "answer"
    answer: Answer


Event = Annotated[
    PlanEvent
    | ToolStarted
    | ToolProgress
    | ToolFinished
    | ApprovalRequest
    | TextDelta
    | AnswerEvent,
    Field(discriminator="kind"),
]
EventAdapter: TypeAdapter[Event] = TypeAdapter(Event)
