"""The OpenAI-compatible backend against a local scripted server: tool calls, streaming, a
malformed tool call, an unknown column, HTTP 500, a timeout, and keys kept out of every record."""

from __future__ import annotations

import json
import logging

import numpy as np
import pandas as pd
import pytest

from copilot import Copilot
from copilot.errors import LLMError
from copilot.events import TextDelta
from copilot.settings import load_settings
from tests.fake_openai_server import FakeOpenAIServer

KEY = "sk-test-DO-NOT-LEAK-4f9a2c"


def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


def settings_for(server: FakeOpenAIServer, tmp_path, **kw):
    base = {
        "llm_backend": "openai",
        "llm_base_url": server.base_url,
        "llm_api_key": KEY,
        "llm_model": "fake-model",
        "llm_timeout_s": 5.0,
        "llm_retries": 0,
        "workspace": tmp_path / "ws",
    }
    return load_settings(**{**base, **kw})


def tool_messages(request: dict) -> list[str]:
    return [m["content"] for m in request["body"]["messages"] if m["role"] == "tool"]


def test_tool_call_then_streamed_answer_and_no_key_anywhere(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    script = [
        {"tool_calls": [("add", '{"a": 2, "b": 3}')]},
        {"content": "The sum of 2 and 3 is 5.", "chunks": 4},
    ]
    with FakeOpenAIServer(script) as server:
        cp = Copilot(settings_for(server, tmp_path), tools=[add])
        events = list(cp.stream("what is 2 + 3?"))
        answer = events[-1].answer
        report = cp.report(answer.session_id, tmp_path / "report.html")
        cp.close()
    deltas = [e.text for e in events if isinstance(e, TextDelta)]
    assert len(deltas) >= 3 and "".join(deltas) == "The sum of 2 and 3 is 5."
    assert answer.text == "The sum of 2 and 3 is 5."
    assert [(s.tool, s.args, s.ok) for s in answer.steps] == [("add", {"a": 2, "b": 3}, True)]
    assert answer.llm == "openai:fake-model"
    first, second = server.requests
    assert first["headers"]["authorization"] == f"Bearer {KEY}"  # the key goes to the endpoint only
    assert first["body"]["stream"] is True
    assert [t["function"]["name"] for t in first["body"]["tools"]] == cp.tools
    assert json.loads(tool_messages(second)[0])["result"] == {"value": 5}
    # Keys never appear in checkpoints, reports or logs.
    stored = b"".join(p.read_bytes() for p in (tmp_path / "ws").glob("sessions.sqlite*"))
    assert stored and KEY.encode() not in stored
    assert KEY not in report.read_text()
    assert KEY not in caplog.text
    for rec in caplog.records:
        assert KEY not in str(rec.args)


def test_malformed_tool_call_goes_back_to_the_model(tmp_path):
    script = [
        {"tool_calls": [("add", '{"a": 2, "b":')]},
        {"tool_calls": [("add", '{"a": 2, "b": 3}')]},
        {"content": "It is 5."},
    ]
    with FakeOpenAIServer(script) as server:
        with Copilot(settings_for(server, tmp_path), tools=[add]) as cp:
            answer = cp.ask("what is 2 + 3?")
    assert [(s.tool, s.ok) for s in answer.steps] == [("add", False), ("add", True)]
    assert "Malformed tool call add" in answer.steps[0].error
    err = json.loads(tool_messages(server.requests[1])[0])
    assert err["ok"] is False and "JSON" in err["hint"]
    # The malformed call is sent back as the model wrote it, followed by its error.
    assistant = [m for m in server.requests[1]["body"]["messages"] if m["role"] == "assistant"][0]
    assert assistant["tool_calls"][0]["function"]["arguments"] == '{"a": 2, "b":'
    assert answer.text == "It is 5."


@pytest.fixture
def small_frame():
    rng = np.random.default_rng(3)
    n = 300
    z = rng.normal(size=n)
    price = z + rng.normal(size=n)
    sales = 2.0 * price + z + rng.normal(size=n)
    return pd.DataFrame({"price": price, "z": z, "sales": sales})


def test_unknown_column_gets_a_hint_and_is_corrected(tmp_path, small_frame):
    bad = json.dumps({"dataset": "shop", "treatment": "prce", "outcome": "sales", "refute": False})
    good = json.dumps(
        {
            "dataset": "shop",
            "treatment": "price",
            "outcome": "sales",
            "refute": False,
            "common_causes": ["z"],
        }
    )
    script = [
        {"tool_calls": [("estimate_effect", bad)]},
        {"tool_calls": [("estimate_effect", good)]},
        {"content": "The effect of price on sales is 42.7 per unit."},
    ]
    with FakeOpenAIServer(script) as server:
        with Copilot(settings_for(server, tmp_path)) as cp:
            answer = cp.ask("effect of price on sales?", data={"shop": small_frame})
    msg = json.loads(tool_messages(server.requests[1])[0])
    assert msg["message"] == "Unknown column 'prce'." and "did you mean 'price'" in msg["hint"]
    assert [s.ok for s in answer.steps] == [False, True]
    ate = answer.results[0]["result"]["ate"]
    assert 1.8 < ate < 2.2
    # 42.7 came from no tool: the answer falls back to the one written from the results.
    assert "42.7" not in answer.text.split("Note:")[0]
    assert "numbers that no tool returned (42.7)" in answer.text
    assert "The estimated causal effect of price on sales is" in answer.text


def test_an_answer_citing_tool_numbers_is_kept(tmp_path, small_frame):
    call = json.dumps(
        {
            "dataset": "shop",
            "treatment": "price",
            "outcome": "sales",
            "refute": False,
            "common_causes": ["z"],
        }
    )

    def grounded(body: dict) -> dict:
        res = json.loads(tool_messages({"body": body})[-1])["result"]
        lo, hi = res["ci"]
        return {
            "content": f"Raising price by one unit raises sales by {res['ate']:.2f} "
            f"(95% CI {lo:.2f} to {hi:.2f}), adjusting for {res['adjustment_set'][0]}."
        }

    with FakeOpenAIServer([{"tool_calls": [("estimate_effect", call)]}, grounded]) as server:
        with Copilot(settings_for(server, tmp_path)) as cp:
            answer = cp.ask("effect of price on sales?", data={"shop": small_frame})
    assert (
        answer.text.startswith("Raising price by one unit raises sales by ")
        and "Note:" not in answer.text
    )


def test_http_500_continues_offline_and_says_so(tmp_path, small_frame):
    with FakeOpenAIServer([{"status": 500}]) as server:
        with Copilot(settings_for(server, tmp_path, llm_retries=1)) as cp:
            answer = cp.ask("describe the data", data={"shop": small_frame})
    assert len(server.requests) == 2  # one try, one retry
    assert answer.llm == "offline (fallback)"
    assert [s.tool for s in answer.steps] == ["describe"]
    assert "returned HTTP 500" in answer.text and "offline planner" in answer.text


def test_http_500_without_fallback_is_an_error(tmp_path):
    with FakeOpenAIServer([{"status": 500}]) as server:
        with Copilot(settings_for(server, tmp_path, llm_fallback_offline=False), tools=[add]) as cp:
            with pytest.raises(LLMError, match="HTTP 500"):
                cp.ask("what is 2 + 3?")
            assert cp.sessions()[0].status == "failed"


def test_timeout_continues_offline(tmp_path, small_frame):
    with FakeOpenAIServer([{"sleep": 1.5, "content": "too late"}]) as server:
        with Copilot(settings_for(server, tmp_path, llm_timeout_s=0.3)) as cp:
            answer = cp.ask("describe the data", data={"shop": small_frame})
    assert "timed out after 0.3s" in answer.text
    assert answer.llm == "offline (fallback)" and answer.steps[0].tool == "describe"


def test_non_streaming_reply_is_parsed(tmp_path):
    from langchain_core.messages import HumanMessage

    from copilot.llm import OpenAIChatModel

    with FakeOpenAIServer(
        [{"tool_calls": [("add", '{"a": 1, "b": 2}'), ("add", "not json")]}]
    ) as server:
        model = OpenAIChatModel(
            model_name="m", base_url=server.base_url, api_key=KEY, timeout=5, max_retries=0
        )
        msg = model.bind_tools([add]).invoke([HumanMessage("hi")])
    assert msg.tool_calls[0]["args"] == {"a": 1, "b": 2}
    assert msg.invalid_tool_calls[0]["name"] == "add"
    assert server.requests[0]["body"]["tools"][0]["function"]["name"] == "add"
