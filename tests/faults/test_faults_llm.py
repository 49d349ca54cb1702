"""Faults of the language model endpoint (issue cases 4 and 5), through a scripted local server:
answers with wrong signs, swapped bounds or confused units are replaced by the answer written
from the results; malformed replies and a trickling stream fall back to the offline planner."""

from __future__ import annotations

import json
import time

import numpy as np
import pandas as pd
import pytest

from copilot import Copilot
from copilot.errors import LLMError
from copilot.settings import load_settings
from tests.fake_openai_server import FakeOpenAIServer
from tests.faults.adversarial_answers import ANSWERS, RESULT

NOTE = "numbers that no tool returned"


def churn_effect() -> dict:
    """The effect of the discount on churn (a fixed, known result)."""
    return dict(RESULT)


def settings_for(server: FakeOpenAIServer, tmp_path, **kw):
    base = {
        "llm_backend": "openai",
        "llm_base_url": server.base_url,
        "llm_api_key": "sk-test",
        "llm_model": "fake-model",
        "llm_timeout_s": 10.0,
        "llm_retries": 0,
        "workspace": tmp_path / "ws",
    }
    return load_settings(**{**base, **kw})


def test_there_are_enough_adversarial_answers():
    assert len(ANSWERS) >= 30
    assert sum(ok for _, ok in ANSWERS) >= 10 and sum(not ok for _, ok in ANSWERS) >= 20


@pytest.fixture(scope="module")
def answering(tmp_path_factory):
    """One server and one Copilot for every adversarial answer: the server calls the tool, then
    replies with the answer the test put in `reply["text"]`."""
    reply = {"text": ""}

    def step(body: dict) -> dict:
        if body["messages"][-1]["role"] == "tool":
            return {"content": reply["text"]}
        return {"tool_calls": [("churn_effect", "{}")]}

    tmp = tmp_path_factory.mktemp("adversarial")
    with FakeOpenAIServer([step]) as server:
        with Copilot(settings_for(server, tmp), tools=[churn_effect]) as cp:
            yield cp, reply


@pytest.mark.parametrize(("text", "supported"), ANSWERS, ids=[t for t, _ in ANSWERS])
def test_an_answer_is_kept_only_when_its_numbers_are_right(answering, text, supported):
    cp, reply = answering
    reply["text"] = text
    answer = cp.ask("what is the effect of the discount on churn?")
    assert [s.ok for s in answer.steps] == [True]
    if supported:
        assert answer.text == text
    else:
        assert NOTE in answer.text, answer.text
        assert not answer.text.startswith(text)


@pytest.fixture
def frame():
    rng = np.random.default_rng(5)
    x = rng.normal(size=200)
    return pd.DataFrame({"x": x, "y": 2 * x + rng.normal(size=200)})


@pytest.mark.parametrize(
    "step",
    [
        {"raw": ""},
        {"raw": "", "content_type": "application/json"},
        {"content": "hello", "tool_calls": [("describe", "{}")], "empty_choices": True},
        {
            "raw": json.dumps(
                {
                    "id": "c",
                    "object": "chat.completion",
                    "created": 0,
                    "model": "fake-model",
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": "hi"},
                            "finish_reason": "stop",
                        }
                    ],
                }
            ),
            "content_type": "application/json",
        },
        {"raw": "data: {not json\n\n"},
    ],
    ids=["empty body", "empty json body", "choices []", "not streamed", "garbage"],
)
def test_a_malformed_reply_continues_offline_with_a_note(tmp_path, frame, step):
    with FakeOpenAIServer([step]) as server:
        with Copilot(settings_for(server, tmp_path)) as cp:
            answer = cp.ask("describe the data", data={"shop": frame})
    assert answer.llm == "offline (fallback)"
    assert [s.tool for s in answer.steps] == ["describe"] and answer.steps[0].ok
    assert "offline planner" in answer.text.split("Note:")[-1]


def test_a_malformed_reply_without_fallback_is_a_one_line_llm_error(tmp_path):
    with FakeOpenAIServer([{"raw": ""}]) as server:
        settings = settings_for(server, tmp_path, llm_fallback_offline=False)
        with Copilot(settings) as cp, pytest.raises(LLMError, match="empty reply"):
            cp.ask("describe the data")


def test_a_trickling_stream_is_cut_at_the_timeout(tmp_path, frame):
    # one chunk every 0.5 s, 40 chunks: 20 s in all, each read well inside the 1.5 s limit
    slow = {"content": "x" * 40, "chunks": 40, "trickle": 0.5}
    with FakeOpenAIServer([slow]) as server:
        with Copilot(settings_for(server, tmp_path, llm_timeout_s=1.5)) as cp:
            t0 = time.monotonic()
            answer = cp.ask("describe the data", data={"shop": frame})
            took = time.monotonic() - t0
    assert "timed out after 1.5s" in answer.text
    assert answer.llm == "offline (fallback)" and answer.steps[0].tool == "describe"
    # the property: cut near its limit, not after the 20 s the stream would take
    assert took < 15
