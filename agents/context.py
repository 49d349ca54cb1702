"""Runtime context of one run: the chat model, the tools and the resources they use.

None of this is checkpointed (chat clients hold keys, frames are large); a resumed session gets a
fresh context from `copilot.api.Copilot`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from copilot.agents.registry import ToolEnv, ToolRegistry


class StepCancelled(BaseException):
    """Raised inside a running tool (by its progress callback) once the run is cancelled.

    The step stops at once and is not saved, so a resume runs it again. A BaseException, like
    KeyboardInterrupt, so that a tool's `except Exception` around its own work cannot swallow it."""


@dataclass
class Context:
    """What the nodes need besides the state."""

    chat_model: Any
    """The planner: a langchain chat model (the offline planner, an OpenAI-compatible model, a fake)."""
    registry: ToolRegistry
    env: ToolEnv
    interactive: bool = False
    """Ask for approval (a LangGraph interrupt) before expensive actions."""
    fallback_offline: bool = True
    """Continue with the offline planner when the endpoint keeps failing."""
    llm_name: str = "offline"
    cancel: threading.Event = field(default_factory=threading.Event)
    """Set by `Copilot.cancel()`: the run stops before its next step, and a tool that reports
    progress stops at its next report (`StepCancelled`)."""
