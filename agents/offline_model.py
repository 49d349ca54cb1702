"""The offline planner as a langchain chat model, the form the graph's plan node calls.

The planning itself is `copilot.agents.planner.next_message`; this wrapper is kept apart because
langchain's model classes (with their tracing) take a third of a second to import, which an
answer in words does without.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool

from copilot.agents.planner import next_message


class OfflinePlanner(BaseChatModel):
    """Deterministic planner for the common question forms; emits tool calls like an LLM."""

    plans_from_tool_names: ClassVar[bool] = True
    """It reads only the names of the tools it is bound to, so the graph binds it to
    `ToolRegistry.name_stubs()` instead of the full schemas."""

    @property
    def _llm_type(self) -> str:
        return "copilot-offline-planner"

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any):
        schemas = [t if isinstance(t, dict) else convert_to_openai_tool(t) for t in tools]
        return self.bind(tools=schemas, **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        tools = kwargs.get("tools") or []
        names = [t["function"]["name"] for t in tools if isinstance(t, dict) and "function" in t]
        msg = next_message(messages, names)
        return ChatResult(generations=[ChatGeneration(message=msg)])
