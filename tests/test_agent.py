"""The agent graph driven by a scripted chat model: multi-step plans, errors fed back with hints,
the step budget, grounded answers, approval interrupts, cancel and resume, sessions, reports,
custom and entry-point tools, and kill-and-resume in a real subprocess."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from copilot import Copilot
from copilot.agents.registry import ToolEnv, tool_spec
from copilot.errors import ColumnNotFoundError, SessionError
from copilot.events import (
    AnswerEvent,
    ApprovalRequest,
    PlanEvent,
    ToolFinished,
    ToolStarted,
)

ROOT = Path(__file__).resolve().parents[1]
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def tc(name: str, call_id: str | None = None, **args: Any) -> AIMessage:
    """A planner message with one tool call."""
    return AIMessage(
        content="",
        tool_calls=[
            {
                "name": name,
                "args": args,
                "id": call_id or f"{name}_{sorted(args.items())}",
                "type": "tool_call",
            }
        ],
    )


class ScriptedChatModel(BaseChatModel):
    """Replies with the i-th scripted message, i = planner messages since the last question.

    Indexing by the conversation (not by a counter) makes the script replay correctly when a
    session is resumed in a fresh process. Items are AIMessages, strings (final answers) or
    functions of the messages seen.
    """

    script: list[Any]
    seen: list[list[BaseMessage]] = []

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Any, **kwargs: Any) -> ScriptedChatModel:
        return self

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        self.seen.append(list(messages))
        last_h = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
        i = sum(isinstance(m, AIMessage) for m in messages[last_h:])
        item = self.script[min(i, len(self.script) - 1)]
        if callable(item):
            item = item(messages)
        msg = AIMessage(content=item) if isinstance(item, str) else item.model_copy()
        return ChatResult(generations=[ChatGeneration(message=msg)])


def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


def column_mean(data: pd.DataFrame, column: str) -> float:
    """Mean of one column of a loaded dataset.

    Args:
        data: the dataset
        column: the column to average
    """
    if column not in data.columns:
        raise ColumnNotFoundError(column, data.columns)
    return float(data[column].mean())


@pytest.fixture
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"price": [float(i) for i in range(20)], "sales": [2.0 * i for i in range(20)]}
    )


def kinds(events: list[Any]) -> list[str]:
    return [e.kind for e in events]


def test_multi_step_plan_streams_the_events_in_order(tmp_path):
    model = ScriptedChatModel(
        script=[tc("add", "c1", a=2, b=3), tc("add", "c2", a=5, b=10), "The total is 15."]
    )
    with Copilot(chat_model=model, workspace=tmp_path, tools=[add]) as cp:
        events = list(cp.stream("add 2 and 3, then 10"))
    assert kinds(events) == [
        "plan",
        "tool_started",
        "tool_finished",
        "plan",
        "tool_started",
        "tool_finished",
        "text",
        "answer",
    ]
    assert isinstance(events[0], PlanEvent) and events[0].steps == ["add"]
    assert isinstance(events[1], ToolStarted) and events[1].args == {"a": 2, "b": 3}
    assert (
        isinstance(events[5], ToolFinished) and events[5].result == {"value": 15} and events[5].ok
    )
    answer = events[-1].answer
    assert answer.text == "The total is 15." and not answer.partial
    assert [(s.tool, s.args, s.ok) for s in answer.steps] == [
        ("add", {"a": 2, "b": 3}, True),
        ("add", {"a": 5, "b": 10}, True),
    ]
    assert [r["result"] for r in answer.results] == [{"value": 5}, {"value": 15}]
    assert answer.session_id and answer.llm == "scripted"


def count_to(n: int, progress: Any = None) -> int:
    """Count to n, reporting progress."""
    from copilot.progress import report

    for i in range(n):
        report(progress, "count", i + 1, n, f"at {i + 1}")
    return n


def test_tool_progress_is_streamed(tmp_path):
    model = ScriptedChatModel(script=[tc("count_to", "c1", n=3), "Counted to 3."])
    with Copilot(chat_model=model, workspace=tmp_path, tools=[count_to]) as cp:
        events = list(cp.stream("count to 3"))
        assert (
            "progress" not in cp.registry.get("count_to").args_model.model_fields
        )  # injected, not planned
    assert kinds(events) == [
        "plan",
        "tool_started",
        "progress",
        "progress",
        "progress",
        "tool_finished",
        "text",
        "answer",
    ]
    assert [(e.done, e.total, e.call_id) for e in events[2:5]] == [
        (1, 3, "c1"),
        (2, 3, "c1"),
        (3, 3, "c1"),
    ]


def test_tool_error_returns_message_and_hint_and_planner_corrects(tmp_path, frame):
    def fix(messages: list[BaseMessage]) -> AIMessage:
        err = json.loads(messages[-1].content)
        assert err["ok"] is False and "did you mean 'price'" in err["hint"]
        return tc("column_mean", "c2", data="shop", column="price")

    model = ScriptedChatModel(
        script=[tc("column_mean", "c1", data="shop", column="Prise"), fix, "The mean price is 9.5."]
    )
    with Copilot(chat_model=model, workspace=tmp_path, tools=[column_mean]) as cp:
        answer = cp.ask("mean price?", data={"shop": frame})
    assert [(s.ok, s.error) for s in answer.steps] == [
        (False, "Unknown column 'Prise'."),
        (True, None),
    ]
    assert answer.results[0]["result"] == {"value": 9.5}
    assert answer.text == "The mean price is 9.5."


def test_unknown_tool_and_bad_arguments_are_reported_to_the_planner(tmp_path):
    model = ScriptedChatModel(
        script=[
            tc("shell", "c1", cmd="rm -rf /"),
            tc("add", "c2", a="two", b=1),
            "I could not do it.",
        ]
    )
    with Copilot(chat_model=model, workspace=tmp_path, tools=[add]) as cp:
        answer = cp.ask("do it")
        seen = model.seen[-1]
    assert [s.ok for s in answer.steps] == [False, False]
    errors = [json.loads(m.content) for m in seen if isinstance(m, ToolMessage)]
    assert errors[0]["message"] == "Unknown tool 'shell'." and "add" in errors[0]["hint"]
    assert (
        errors[1]["message"].startswith("Invalid argument 'a' for add")
        and errors[1]["hint"] == "add takes: a, b"
    )
    assert "shell" not in cp.tools  # no shell or code tool exists


def test_step_budget_gives_an_honest_partial_answer(tmp_path):
    from copilot.settings import load_settings

    model = ScriptedChatModel(script=[tc("add", f"c{i}", a=i, b=1) for i in range(10)])
    with Copilot(
        load_settings(max_steps=3, workspace=tmp_path), chat_model=model, tools=[add]
    ) as cp:
        answer = cp.ask("loop forever")
    assert answer.partial
    assert [s.ok for s in answer.steps] == [True, True, True, False]
    assert "step budget of 3 tool calls ran out" in answer.text
    assert "add: " in answer.text  # what was done is still reported


def test_invented_numbers_fall_back_to_the_templated_answer(tmp_path):
    model = ScriptedChatModel(
        script=[tc("add", "c1", a=2, b=3), "The sum is 5, up 12.5% on last year."]
    )
    with Copilot(chat_model=model, workspace=tmp_path, tools=[add]) as cp:
        answer = cp.ask("2 + 3?")
    assert "12.5%" in answer.text.split("Note:")[1]
    assert answer.text.startswith("add: ")


def slow_sum(n: int) -> int:
    """Sum 1..n (expensive above 10)."""
    return n * (n + 1) // 2


def _expensive(args: Any, env: ToolEnv) -> str | None:
    return f"summing {args.n} numbers is slow" if args.n > 10 else None


@pytest.mark.parametrize("yes", [True, False])
def test_expensive_action_asks_for_approval_when_interactive(tmp_path, yes):
    spec = tool_spec(slow_sum, expensive=_expensive)
    model = ScriptedChatModel(script=[tc("slow_sum", "c1", n=100), "Done."])
    with Copilot(chat_model=model, workspace=tmp_path, tools=[spec], interactive=True) as cp:
        events = list(cp.stream("sum to 100"))
        assert kinds(events) == ["plan", "approval", "answer"]
        req = events[1]
        assert isinstance(req, ApprovalRequest) and req.tool == "slow_sum" and "slow" in req.reason
        sid = events[-1].answer.session_id
        assert events[-1].answer.partial
        with pytest.raises(SessionError, match="waiting for approval"):
            cp.resume(sid)
        answer = cp.approve(sid, yes)
    if yes:
        assert [(s.tool, s.ok) for s in answer.steps] == [("slow_sum", True)]
        assert answer.results[0]["result"] == {"value": 5050}
    else:
        assert answer.steps[0].ok is False and "declined" in answer.steps[0].error
        assert "You declined slow_sum" in answer.text
    # Not interactive: no approval is asked.
    with Copilot(
        chat_model=ScriptedChatModel(script=[tc("slow_sum", "c1", n=100), "Done."]),
        workspace=tmp_path,
        tools=[spec],
    ) as cp:
        assert cp.ask("sum to 100").steps[0].ok


def test_kci_on_large_data_asks_first_and_a_no_skips_it(tmp_path):
    import numpy as np

    rng = np.random.default_rng(0)
    big = pd.DataFrame(rng.normal(size=(2000, 3)), columns=["a", "b", "c"])
    model = ScriptedChatModel(
        script=[tc("discover", "c1", dataset="big", ci_test="kci"), "Skipped."]
    )
    with Copilot(chat_model=model, workspace=tmp_path, interactive=True) as cp:
        events = list(cp.stream("graph with KCI", data={"big": big}))
        req = next(e for e in events if isinstance(e, ApprovalRequest))
        assert req.tool == "discover" and "KCI on 2000 rows" in req.reason
        answer = cp.approve(events[-1].answer.session_id, False)
    assert answer.steps[0].ok is False and "declined" in answer.steps[0].error


def test_cancel_stops_between_steps_and_resume_finishes(tmp_path):
    holder: dict[str, Copilot] = {}

    def step(n: int) -> str:
        """One step; the first one presses cancel (as the UI would while it runs)."""
        if n == 1:
            holder["cp"].cancel()
        return f"step {n}"

    model = ScriptedChatModel(
        script=[tc("step", "c1", n=1), tc("step", "c2", n=2), "Both steps ran."]
    )
    with Copilot(chat_model=model, workspace=tmp_path, tools=[step]) as cp:
        holder["cp"] = cp
        first = cp.ask("run two steps")
        assert first.partial and first.text.startswith("Cancelled after 1 step")
        assert [s.args for s in first.steps] == [{"n": 1}]
        with pytest.raises(SessionError, match="unfinished run"):
            cp.ask("another question", session=first.session_id)
        done = cp.resume(first.session_id)
    assert [s.args["n"] for s in done.steps] == [1, 2] and done.text == "Both steps ran."
    assert not done.partial


def test_sessions_follow_ups_list_show_export_delete(tmp_path):
    model = ScriptedChatModel(script=[tc("add", "c1", a=1, b=1), "It is 2."])
    with Copilot(chat_model=model, workspace=tmp_path, tools=[add]) as cp:
        a1 = cp.ask("1 + 1?")
        a2 = cp.ask("and again?", session=a1.session_id)
        # The second question sees the first one's conversation.
        assert any(isinstance(m, HumanMessage) and m.content == "1 + 1?" for m in model.seen[-1])
        assert a2.session_id == a1.session_id
        [info] = cp.sessions()
        assert (
            info.id == a1.session_id
            and info.turns == 2
            and info.title == "1 + 1?"
            and info.status == "done"
        )
        shown = cp.store.show(a1.session_id)
        assert [t["question"] for t in shown["turns"]] == ["1 + 1?", "and again?"]
        assert shown["turns"][1]["steps"][0]["tool"] == "add"
        md = cp.store.export(a1.session_id, "md")
        assert "## 2. and again?" in md and "It is 2." in md
        assert json.loads(cp.store.export(a1.session_id, "json"))["session"] == a1.session_id
        cp.delete_session(a1.session_id)
        assert cp.sessions() == []
        with pytest.raises(SessionError, match="Unknown session"):
            cp.resume(a1.session_id)


def test_checkpoints_load_with_strict_msgpack(tmp_path):
    from dataclasses import dataclass

    from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

    from copilot.sessions import strict_serde

    @dataclass
    class Payload:
        x: int

    Payload.__module__ = __name__
    globals()["Payload"] = Payload
    blob = JsonPlusSerializer(allowed_msgpack_modules=True).dumps_typed(Payload(1))
    assert not isinstance(
        strict_serde().loads_typed(blob), Payload
    )  # an unknown type is never revived
    msgs = strict_serde().loads_typed(
        strict_serde().dumps_typed([HumanMessage("hi"), AIMessage("ok")])
    )
    assert isinstance(msgs[0], HumanMessage) and msgs[1].content == "ok"


def make_png(path: str, *, env: ToolEnv) -> dict[str, Any]:
    """Draw a figure into the workspace.

    Args:
        path: a name for the figure
    """
    out = env.workspace.new_artifact_path(path, ".png")
    out.write_bytes(PNG)
    return {"artifacts": [str(out)], "pixels": 1}


def test_reports_markdown_and_self_contained_html(tmp_path):
    model = ScriptedChatModel(script=[tc("make_png", "c1", path="fig"), "Drew one figure."])
    with Copilot(chat_model=model, workspace=tmp_path / "ws", tools=[make_png]) as cp:
        answer = cp.ask("draw <script>alert(1)</script>", report=tmp_path / "r.html")
        md = cp.report(answer.session_id, tmp_path / "r.md")
        with pytest.raises(Exception, match="already exists"):
            cp.report(answer.session_id, tmp_path / "r.md")
    html_text = (tmp_path / "r.html").read_text()
    assert str(tmp_path / "r.html") in answer.artifacts
    assert "data:image/png;base64," in html_text  # the figure is embedded
    assert (
        "<script>alert" not in html_text and "&lt;script&gt;" in html_text
    )  # text from users is escaped
    text = md.read_text()
    assert (
        "## Reproduce" in text
        and "copilot ask" in text
        and "langgraph" in text
        and "![fig.png]" in text
    )


def test_python_api_data_forms_custom_dataframe_tool_and_async(tmp_path, frame):
    csv = tmp_path / "shop.csv"
    frame.to_csv(csv, index=False)
    model = ScriptedChatModel(
        script=[tc("column_mean", "c1", data="shop", column="sales"), "Mean sales 19."]
    )
    with Copilot(chat_model=model, workspace=tmp_path / "ws", tools=[column_mean]) as cp:
        schema = next(s for s in cp.registry.schemas() if s["function"]["name"] == "column_mean")
        assert (
            schema["function"]["parameters"]["properties"]["data"]["type"] == "string"
        )  # an id, never a frame
        assert schema["function"]["description"] == "Mean of one column of a loaded dataset."
        a = cp.ask("mean sales?", data=str(csv))
        assert a.results[0]["result"] == {"value": 19.0}
        a = asyncio.run(cp.aask("mean sales?", data={"other": frame}))
        assert sorted(cp.workspace.datasets) == ["other", "shop"]
        cp.ask("mean sales?", data={"other": frame.copy()}, session=a.session_id)
        cp.ask("mean sales?", data=str(csv))
        assert sorted(cp.workspace.datasets) == [
            "other",
            "shop",
        ]  # the same inputs are not registered twice

        async def collect() -> list[Any]:
            return [ev async for ev in cp.astream("mean sales?", data=[frame])]

        events = asyncio.run(collect())
        assert isinstance(events[-1], AnswerEvent) and events[-1].answer.steps[0].ok


def test_entry_point_tools_are_registered(monkeypatch):
    import importlib.metadata as md

    from copilot.agents import registry

    class EP:
        name = "demo"
        value = "tests.test_agent:add"

        def load(self) -> Callable[..., Any]:
            return add

    real = md.entry_points
    monkeypatch.setattr(
        md,
        "entry_points",
        lambda **kw: [EP()] if kw.get("group") == "copilot.tools" else real(**kw),
    )
    reg = registry.build_registry(builtins=False)
    assert reg.names() == ["add"] and reg.get("add").origin == "entry point demo"


def test_graph_is_a_module_level_value_and_routers_fail_loudly():
    from copilot.agents.graph import graph
    from copilot.agents.router import RoutingError, route_after_plan, route_after_tools

    assert set(graph.get_graph().nodes) >= {"plan", "tools", "answer"}
    with pytest.raises(RoutingError):
        route_after_plan({"messages": [HumanMessage("hi")]})
    with pytest.raises(RoutingError):
        route_after_tools({"messages": [AIMessage("hi")]})


KILL_SCRIPT = """
import pathlib, sys, time
from copilot import Copilot
from tests.test_agent import ScriptedChatModel, tc
marks = pathlib.Path(sys.argv[1])

def step(n: int) -> str:
    \"\"\"Record a step; step 2 hangs until the test kills the process.\"\"\"
    (marks / f"start_{n}_{time.time_ns()}").touch()
    if n == 2 and not (marks / "resume").exists():
        time.sleep(120)
    return f"step {n} done"

model = ScriptedChatModel(script=[tc("step", "c1", n=1), tc("step", "c2", n=2), tc("step", "c3", n=3), "All three steps ran."])
cp = Copilot(chat_model=model, tools=[step], workspace=sys.argv[2])
if sys.argv[3] == "ask":
    cp.ask("run three steps", session="killme")
else:
    print(cp.resume("killme").model_dump_json())
"""


def test_killed_process_resumes_without_losing_a_completed_step(tmp_path):
    marks = tmp_path / "marks"
    marks.mkdir()
    script = tmp_path / "run.py"
    script.write_text(KILL_SCRIPT)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, str(script), str(marks), str(tmp_path / "ws")]
    proc = subprocess.Popen(
        [*args, "ask"], env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.time() + 60
    while not list(marks.glob("start_2_*")):
        assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
        assert time.time() < deadline, "step 2 never started"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    (marks / "resume").touch()
    out = subprocess.run(
        [*args, "resume"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr[-2000:]
    answer = json.loads(out.stdout.strip().splitlines()[-1])
    assert len(list(marks.glob("start_1_*"))) == 1  # the completed step is not run again
    assert len(list(marks.glob("start_2_*"))) == 2  # the interrupted one is
    assert len(list(marks.glob("start_3_*"))) == 1
    assert [s["args"]["n"] for s in answer["steps"]] == [1, 2, 3] and all(
        s["ok"] for s in answer["steps"]
    )
    assert answer["text"] == "All three steps ran."


def test_tools_read_only_files_the_user_named(tmp_path):
    import numpy as np

    rng = np.random.default_rng(1)
    price = rng.normal(size=200)
    frame = pd.DataFrame({"price": price, "sales": 2 * price + rng.normal(size=200)})
    secret = tmp_path / "elsewhere" / "graph.json"
    secret.parent.mkdir()
    secret.write_text(
        '{"nodes": ["price", "sales"], "edges": [{"source": "price", "target": "sales"}]}'
    )
    call = tc(
        "estimate_effect",
        "c1",
        dataset="shop",
        treatment="price",
        outcome="sales",
        graph=str(secret),
        refute=False,
    )
    model = ScriptedChatModel(script=[call, "done"])
    with Copilot(chat_model=model, workspace=tmp_path / "ws") as cp:
        answer = cp.ask("effect of price on sales?", data={"shop": frame})
        assert answer.steps[0].error == f"The graph file '{secret}' was not named in the question."
        answer = cp.ask(f"effect of price on sales given {secret}?", data={"shop": frame})
    assert answer.steps[0].ok, answer.steps[0].error
    assert 1.8 < answer.results[0]["result"]["ate"] < 2.2


@pytest.fixture(params=["memory", "sqlite"])
def checkpointer(request, tmp_path):
    if request.param == "memory":
        from langgraph.checkpoint.memory import InMemorySaver

        yield InMemorySaver()
    else:
        from copilot.sessions import SessionStore

        store = SessionStore(tmp_path / "s.sqlite")
        yield store.checkpointer
        store.close()


def test_graph_runs_on_any_checkpointer_with_exact_updates(checkpointer, tmp_path):
    from copilot.agents.context import Context
    from copilot.agents.graph import compile_with
    from copilot.agents.registry import ToolEnv, build_registry
    from copilot.settings import load_settings
    from copilot.workspace import Workspace

    settings = load_settings(workspace=tmp_path)
    ctx = Context(
        chat_model=ScriptedChatModel(script=[tc("add", "c1", a=1, b=2), "It is 3."]),
        registry=build_registry([add], builtins=False, entry_points=False),
        env=ToolEnv(workspace=Workspace(tmp_path), settings=settings),
        llm_name="scripted",
    )
    g = compile_with(checkpointer)
    config = {"configurable": {"thread_id": "t1"}}
    inp = {
        "messages": [HumanMessage("1 + 2?")],
        "turn": 0,
        "steps_taken": 0,
        "max_steps": 5,
        "llm": "scripted",
    }
    updates = [list(u) for u in g.stream(inp, config, context=ctx, stream_mode="updates")]
    assert updates == [["plan"], ["tools"], ["plan"], ["answer"]]
    state = g.get_state(config).values
    assert state["answer"] == "It is 3." and state["steps_taken"] == 1
    assert state["results"][0]["result"] == {"value": 3}


def test_a_fault_in_the_offline_planner_is_answered_and_the_session_goes_on(
    tmp_path, frame, monkeypatch
):
    import copilot.agents.planner as planner

    real = planner.plan_steps

    def broken(question, *args, **kwargs):
        if question == "boom":
            raise RuntimeError("planner bug")
        return real(question, *args, **kwargs)

    monkeypatch.setattr(planner, "plan_steps", broken)
    with Copilot(workspace=tmp_path) as cp:
        a1 = cp.ask("boom", data=frame)
        assert "Internal error in the offline planner (RuntimeError: planner bug)" in a1.text
        a2 = cp.ask("describe the data", session=a1.session_id)  # not stuck on an unfinished run
        assert [s.tool for s in a2.steps] == ["describe"] and a2.steps[0].ok


def test_a_tool_schema_is_built_once_and_handed_out_as_a_copy():
    spec = tool_spec(column_mean)
    first = spec.schema()
    assert set(first["function"]["parameters"]["properties"]) == {"data", "column"}
    first["function"]["parameters"]["properties"].clear()  # a caller changing its copy
    assert set(spec.schema()["function"]["parameters"]["properties"]) == {"data", "column"}
    assert spec.schema() == spec.schema()


def test_the_offline_planner_is_bound_to_tool_names_only(tmp_path, examples_dir):
    """The offline planner reads the tools' names alone: a run through the graph builds no
    tool schema, and plans and answers as with the schemas."""
    with Copilot(workspace=tmp_path / "ws") as cp:
        a = cp.ask("describe the data", data=str(examples_dir / "data" / "sales.csv"))
        assert [s.tool for s in a.steps] == ["describe"] and a.steps[0].ok
        assert "4000 rows" in a.steps[0].summary
        assert all(spec._schema is None for spec in cp.registry)
    assert cp.registry.name_stubs()[0] == {
        "type": "function",
        "function": {"name": cp.registry.names()[0]},
    }
