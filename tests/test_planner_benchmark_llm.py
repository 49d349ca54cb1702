"""The OpenAI-compatible path against the planner benchmark's contract: a scripted server plays
an LLM that answers a sample of the benchmark's questions with exactly the expected tool calls;
the agent must send it the tools' schemas, accept each call, and run the tool with the same
arguments. Calls with arguments the tools do not have yet are expected to fail until they do."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from langchain_core.messages import AIMessage

from benchmarks import planner_accuracy as bench
from copilot import Copilot
from copilot.agents.registry import ToolSpec, build_registry
from tests.fake_openai_server import FakeOpenAIServer
from tests.test_openai_backend import settings_for


def sample() -> list[tuple[str, str, dict[str, Any]]]:
    """(item id, question, expected call): single-call items until every tool and every argument
    of each tool that the set uses is covered."""
    seen: set[tuple[str, str]] = set()
    out = []
    for item in bench.load_items("all"):
        exp = item["expect"]
        if item.get("history") or "tool" not in exp or exp.get("note"):
            continue
        keys = {(exp["tool"], k) for k in exp["args"]}
        if keys - seen:
            seen |= keys
            out.append((item["id"], item["question"], exp))
    return out


SAMPLE = sample()


@cache
def schema_fields() -> dict[str, set[str]]:
    return {s.name: set(s.args_model.model_fields) for s in build_registry(entry_points=False)}


def lacking(expect: dict[str, Any]) -> list[str]:
    return sorted(set(expect["args"]) - schema_fields()[expect["tool"]])


def recording_tools(log: list[tuple[str, dict[str, Any]]]) -> list[ToolSpec]:
    """The built-in tools with their own schemas, but recording their arguments instead of running."""

    def recorder(name: str):
        def run(**kwargs: Any) -> dict[str, Any]:
            log.append((name, {k: v for k, v in kwargs.items() if k not in ("env", "progress")}))
            return {"recorded": True}

        return run

    return [
        ToolSpec(
            name=s.name,
            description=s.description,
            func=recorder(s.name),
            args_model=s.args_model,
            injected=s.injected,
            origin="builtin",
        )
        for s in build_registry(entry_points=False)
    ]


@pytest.fixture(scope="module")
def llm_runs(tmp_path_factory):
    """Every sampled question asked once through the OpenAI path, in its own session. No table
    is loaded: the scripted LLM does not read the inputs and the recording tools take no data."""
    by_question = {q: exp for _, q, exp in SAMPLE}

    def step(body: dict[str, Any]) -> dict[str, Any]:
        last = body["messages"][-1]
        if last["role"] == "user":
            exp = by_question[last["content"]]
            return {"tool_calls": [(exp["tool"], json.dumps(exp["args"]))]}
        return {"content": "Done."}

    log: list[tuple[str, dict[str, Any]]] = []
    runs: dict[str, Any] = {}
    tmp = tmp_path_factory.mktemp("llm")
    with FakeOpenAIServer([step]) as server:
        with Copilot(settings_for(server, tmp), tools=recording_tools(log)) as cp:
            for item_id, question, _ in SAMPLE:
                before = len(log)
                answer = cp.ask(question)
                state = cp.graph.get_state(cp._config(answer.session_id)).values
                planned = [
                    m for m in state["messages"] if isinstance(m, AIMessage) and m.tool_calls
                ]
                runs[item_id] = (answer, log[before:], planned)
            schemas = cp.registry.schemas()
    return runs, server.requests, schemas


def test_the_sample_covers_every_tool_and_the_new_arguments():
    tools = {exp["tool"] for _, _, exp in SAMPLE}
    assert tools >= {"describe", "discover", "estimate_effect", "head_ablation", "head_scores"}
    assert {"activation_patching", "steer", "linear_probe"} <= tools
    used = {k for _, _, exp in SAMPLE for k in exp["args"]}
    assert {"focus", "what_if", "methods", "instrument", "common_causes"} <= used


def test_the_llm_is_shown_the_tools_schemas(llm_runs):
    _, requests, schemas = llm_runs
    assert requests and all(r["body"]["tools"] == schemas for r in requests)


@pytest.mark.parametrize("item_id,question,expect", SAMPLE, ids=[s[0] for s in SAMPLE])
def test_the_agent_runs_the_llms_call_with_the_same_arguments(llm_runs, item_id, question, expect):
    missing = lacking(expect)
    runs, _, _ = llm_runs
    answer, recorded, planned = runs[item_id]
    if missing:
        # Strict as soon as the schema has these arguments: then this branch is not taken.
        assert [s.ok for s in answer.steps] == [False]
        assert "Invalid argument" in (answer.steps[0].error or "")
        pytest.xfail(f"{expect['tool']} has no argument {', '.join(missing)} yet")
    # the call the OpenAI client parsed passes the benchmark's own scorer
    assert bench.score_call(expect, planned[0])[0]
    assert [(s.tool, s.args, s.ok) for s in answer.steps] == [
        (expect["tool"], expect["args"], True)
    ]
    # and the tool ran with these arguments (and the schema's defaults for the rest)
    [(name, kwargs)] = recorded
    defaults = bench.tool_defaults()[name]
    assert name == expect["tool"]
    assert kwargs == {**defaults, **expect["args"]}
