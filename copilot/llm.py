"""Chat models: the offline planner, or any OpenAI-compatible endpoint through the `openai` client.

`OpenAIChatModel` is a small langchain-core chat model over `openai.OpenAI`: tool calling,
streaming, timeouts and retries with backoff (the client's own), and errors turned into
`LLMError` with a hint. The key is a `SecretStr`: it goes to the client and nowhere else (not
into messages, checkpoints, errors or logs).
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    BaseMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import PrivateAttr, SecretStr

from copilot.errors import ConfigError, LLMError
from copilot.settings import Settings


class OpenAIChatModel(BaseChatModel):
    """A chat model served by an OpenAI-compatible endpoint (OpenAI, vLLM, Ollama, llama.cpp)."""

    model_name: str = "gpt-4o-mini"
    base_url: str | None = None
    api_key: SecretStr | None = None
    timeout: float = 60.0
    max_retries: int = 2
    temperature: float = 0.0
    _client: Any = PrivateAttr(default=None)

    @property
    def _llm_type(self) -> str:
        return "openai-compatible"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name, "base_url": self.base_url}

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any):
        schemas = [t if isinstance(t, dict) else convert_to_openai_tool(t) for t in tools]
        if tool_choice:
            kwargs["tool_choice"] = tool_choice
        return self.bind(tools=schemas, **kwargs)

    # client -----------------------------------------------------------------------------------
    def client(self) -> Any:
        if self._client is None:
            import openai

            key = self.api_key.get_secret_value() if self.api_key else "not-needed"
            self._client = openai.OpenAI(
                api_key=key,
                base_url=self.base_url,
                timeout=self.timeout,
                max_retries=self.max_retries,
            )
        return self._client

    def _request(
        self, messages: list[BaseMessage], stop: list[str] | None, **kwargs: Any
    ) -> dict[str, Any]:
        req: dict[str, Any] = {
            "model": self.model_name,
            "messages": to_openai_messages(messages),
            "temperature": self.temperature,
        }
        if kwargs.get("tools"):
            req["tools"] = kwargs["tools"]
            if kwargs.get("tool_choice"):
                req["tool_choice"] = kwargs["tool_choice"]
        if stop:
            req["stop"] = stop
        return req

    # langchain interface ---------------------------------------------------------------------
    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        req = self._request(messages, stop, **kwargs)
        items = _within(
            lambda: [self.client().chat.completions.create(**req)], self._deadline_s(), self
        )
        resp = next(items)
        if not getattr(resp, "choices", None):
            raise LLMError(
                f"The LLM endpoint {self._where()} replied without choices.",
                "check the model name and the server",
            )
        msg = resp.choices[0].message
        calls = [(c.id, c.function.name, c.function.arguments) for c in (msg.tool_calls or [])]
        return ChatResult(
            generations=[ChatGeneration(message=ai_message(msg.content or "", calls))]
        )

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        req = self._request(messages, stop, **kwargs)
        chunks = _within(
            lambda: self.client().chat.completions.create(stream=True, **req),
            self._deadline_s(),
            self,
        )
        sent = 0
        for chunk in chunks:
            if not getattr(chunk, "choices", None):
                continue
            delta = chunk.choices[0].delta
            if delta is None:
                continue
            tcc = [
                {
                    "name": (t.function.name if t.function else None),
                    "args": (t.function.arguments if t.function else None),
                    "id": t.id,
                    "index": t.index,
                    "type": "tool_call_chunk",
                }
                for t in (delta.tool_calls or [])
            ]
            text = delta.content or ""
            if not text and not tcc:
                continue
            gen = ChatGenerationChunk(message=AIMessageChunk(content=text, tool_call_chunks=tcc))
            if run_manager is not None and text:
                run_manager.on_llm_new_token(text, chunk=gen)
            sent += 1
            yield gen
        if not sent:
            raise LLMError(
                f"The LLM endpoint {self._where()} sent an empty reply (no streamed text or tool "
                "call: an empty body, chunks without choices, or a reply that was not streamed).",
                "check that the server supports streaming chat completions for this model",
            )

    def _deadline_s(self) -> float:
        """A whole call, every retry and a slowly trickling stream included, ends within this."""
        return self.timeout * (self.max_retries + 1)

    def _where(self) -> str:
        return self.base_url or "the OpenAI API"


def _within(start: Callable[[], Iterable[Any]], limit_s: float, model: Any) -> Iterator[Any]:
    """The items of `start()` (a request and its reply), read in a helper thread so that the
    whole call ends after `limit_s` seconds: the client's own timeout applies to each read
    alone, and a server sending one byte every few seconds would never trip it."""
    box: queue.Queue[tuple[str, Any]] = queue.Queue()
    stop = threading.Event()

    def pump() -> None:
        reply: Any = None
        try:
            reply = start()
            for item in reply:
                if stop.is_set():
                    break
                box.put(("item", item))
            box.put(("end", None))
        except BaseException as exc:  # handed to the caller's thread
            box.put(("error", exc))
        finally:
            if stop.is_set() and hasattr(reply, "close"):
                reply.close()  # the caller gave up: free the connection

    deadline = time.monotonic() + limit_s
    threading.Thread(target=pump, name="copilot-llm-request", daemon=True).start()
    try:
        while True:
            try:
                kind, item = box.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise LLMError(
                    f"The LLM endpoint {model._where()} timed out after {limit_s:g}s (no "
                    "complete reply).",
                    "raise COPILOT_LLM_TIMEOUT_S or check that the server is up",
                ) from None
            if kind == "end":
                return
            if kind == "error":
                if isinstance(item, LLMError):
                    raise item
                raise as_llm_error(item, model) from None
            yield item
    finally:
        stop.set()


def ai_message(content: str, calls: list[tuple[str | None, str | None, str | None]]) -> AIMessage:
    """An AIMessage from raw tool calls; arguments that are not a JSON object become invalid calls."""
    good, bad = [], []
    for i, (cid, name, raw) in enumerate(calls):
        cid = cid or f"call_{i}"
        try:
            args = json.loads(raw or "{}")
            if not isinstance(args, dict):
                raise ValueError("arguments are not a JSON object")
            good.append({"name": name or "", "args": args, "id": cid, "type": "tool_call"})
        except (ValueError, json.JSONDecodeError) as exc:
            bad.append(
                {
                    "name": name,
                    "args": raw,
                    "id": cid,
                    "error": f"invalid JSON arguments ({exc})",
                    "type": "invalid_tool_call",
                }
            )
    return AIMessage(content=content, tool_calls=good, invalid_tool_calls=bad)


def to_openai_messages(messages: list[BaseMessage]) -> list[dict[str, Any]]:
    """langchain messages as OpenAI chat messages (tool calls and tool results included)."""
    out: list[dict[str, Any]] = []
    for m in messages:
        content = m.content if isinstance(m.content, str) else json.dumps(m.content)
        if isinstance(m, SystemMessage):
            out.append({"role": "system", "content": content})
        elif isinstance(m, HumanMessage):
            out.append({"role": "user", "content": content})
        elif isinstance(m, AIMessage):
            d: dict[str, Any] = {"role": "assistant", "content": content or None}
            calls = [
                {
                    "id": c["id"],
                    "type": "function",
                    "function": {"name": c["name"], "arguments": json.dumps(c["args"])},
                }
                for c in m.tool_calls
            ]
            calls += [
                {
                    "id": c.get("id"),
                    "type": "function",
                    "function": {
                        "name": c.get("name") or "",
                        "arguments": str(c.get("args") or ""),
                    },
                }
                for c in m.invalid_tool_calls
            ]
            if calls:
                d["tool_calls"] = calls
            out.append(d)
        elif isinstance(m, ToolMessage):
            out.append({"role": "tool", "tool_call_id": m.tool_call_id, "content": content})
        else:
            out.append({"role": "user", "content": content})
    return out


def as_llm_error(exc: Exception, model: OpenAIChatModel) -> LLMError:
    """An endpoint failure as a one-line LLMError (never with the key, never with the body)."""
    import openai

    where = model.base_url or "the OpenAI API"
    if isinstance(exc, openai.APITimeoutError):
        return LLMError(
            f"The LLM endpoint {where} timed out after {model.timeout:g}s.",
            "raise COPILOT_LLM_TIMEOUT_S or check that the server is up",
        )
    if isinstance(exc, openai.APIConnectionError):
        return LLMError(
            f"Could not connect to the LLM endpoint {where}.",
            "check COPILOT_LLM_BASE_URL and that the server is running",
        )
    if isinstance(exc, openai.AuthenticationError):
        return LLMError(
            f"The LLM endpoint {where} rejected the API key.",
            "set COPILOT_LLM_API_KEY or OPENAI_API_KEY to a valid key",
        )
    if isinstance(exc, openai.NotFoundError):
        return LLMError(
            f"The LLM endpoint {where} does not serve model {model.model_name!r}.",
            "set COPILOT_LLM_MODEL to a model the server has",
        )
    if isinstance(exc, openai.APIStatusError):
        return LLMError(
            f"The LLM endpoint {where} returned HTTP {exc.status_code}.",
            "check the server's log; retries were exhausted",
        )
    if isinstance(exc, openai.APIError):
        return LLMError(
            f"The LLM endpoint {where} failed: {type(exc).__name__}.", "check the server"
        )
    return LLMError(
        f"The LLM call failed: {type(exc).__name__}: {str(exc)[:160]}.", "check the endpoint"
    )


def make_chat_model(settings: Settings) -> tuple[BaseChatModel, str]:
    """The chat model the settings ask for, with a short name for answers and logs."""
    if settings.llm_backend == "offline":
        from copilot.agents.offline_model import OfflinePlanner

        return OfflinePlanner(), "offline"
    if settings.llm_backend == "openai":
        if not settings.llm_base_url and not settings.llm_api_key:
            raise ConfigError(
                "The openai backend needs an API key or a base URL.",
                "set OPENAI_API_KEY (or COPILOT_LLM_API_KEY), or COPILOT_LLM_BASE_URL for a local server",
            )
        model = OpenAIChatModel(
            model_name=settings.llm_model,
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key,
            timeout=settings.llm_timeout_s,
            max_retries=settings.llm_retries,
        )
        return model, f"openai:{settings.llm_model}"
    raise ConfigError(f"Unknown LLM backend {settings.llm_backend!r}.", "use offline or openai")
