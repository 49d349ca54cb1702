"""An answer in words (the offline planner runs no tool) is planned and saved without the graph:
the same events, answer and session state as through the graph, in the checkpoint LangGraph's
own `update_state` writes, so that a later question in the session sees the turn."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot import Copilot
from copilot.agents import words
from copilot.agents.graph import compile_with
from copilot.agents.state import AgentState
from copilot.errors import SessionError
from copilot.settings import load_settings

HELLO = "hello, what can you do?"


def _copilot(tmp_path) -> Copilot:
    return Copilot(load_settings(llm_backend="offline", workspace=tmp_path / "ws"))


def _kinds_and_text(events: list[Any]) -> tuple[list[str], str]:
    return [e.kind for e in events], events[-1].answer.text


def _without_ids(values: dict[str, Any]) -> dict[str, Any]:
    """State values with the messages as (type, content, tool calls): ids are random."""
    out = dict(values)
    out["messages"] = [
        (m.type, m.content, getattr(m, "tool_calls", None)) for m in values.get("messages") or []
    ]
    return out


def _version_number(v: Any) -> int:
    return int(str(v).split(".")[0])


def _shape(tup: Any) -> dict[str, Any]:
    """What of a saved checkpoint the graph reads, with random parts (ids, the random fraction of
    a version, time stamps) left out."""
    cp = tup.checkpoint
    return {
        "layout": cp["v"],
        "fields": sorted(cp),
        "values": _without_ids(cp["channel_values"]),
        "versions": {k: _version_number(v) for k, v in cp["channel_versions"].items()},
        "seen": {
            node: {k: _version_number(v) for k, v in seen.items()}
            for node, seen in cp["versions_seen"].items()
        },
        "updated": cp.get("updated_channels"),
        "metadata": {k: tup.metadata.get(k) for k in ("source", "step", "parents")},
        "parent": tup.parent_config is not None,
    }


def test_state_keys_are_the_agent_states():
    assert set(words.STATE_KEYS) == set(AgentState.__annotations__)


def test_a_saved_update_is_the_checkpoint_update_state_writes(tmp_path):
    """Through the checkpointer alone, the same checkpoint as `graph.update_state(...,
    as_node="answer")`, on a new session and on top of an earlier turn."""
    cp = _copilot(tmp_path)
    store = cp.store
    graph = compile_with(store.checkpointer)
    first = {
        "messages": [HumanMessage("hi", id="h0"), AIMessage("I can describe data.", id="a0")],
        "datasets": {"d": {"id": "d", "name": "d"}},
        "models": {},
        "turn": 0,
        "steps_taken": 0,
        "max_steps": 12,
        "llm": "offline",
        "partial": False,
        "notes": [],
        "answer": "I can describe data.",
        "plan": [],
    }
    second = {
        **first,
        "messages": [*first["messages"], HumanMessage("and?", id="h1"), AIMessage("ok", id="a1")],
        "datasets": {**first["datasets"], "e": {"id": "e", "name": "e"}},
        "turn": 1,
        "answer": "ok",
    }
    for update in (first, second):
        store.save_update("ours", update, as_node="answer")
        graph.update_state({"configurable": {"thread_id": "langgraphs"}}, update, as_node="answer")
        ours = store.last_checkpoint("ours")
        theirs = store.last_checkpoint("langgraphs")
        assert _shape(ours) == _shape(theirs)
        for sid in ("ours", "langgraphs"):
            snap = graph.get_state({"configurable": {"thread_id": sid}})
            assert snap.next == () and snap.tasks == ()
            # (the lists tools append to read as empty before any tool ran)
            expected = {"results": [], "artifacts": [], **update}
            assert _without_ids(snap.values) == _without_ids(expected)
    cp.close()


def test_an_answer_in_words_is_the_graphs_and_a_follow_up_sees_it(
    tmp_path, examples_dir, monkeypatch
):
    data = str(examples_dir / "data" / "sales.csv")
    cp = _copilot(tmp_path)
    quick = list(cp.stream(HELLO, data=data, session="quick"))
    assert cp._graph is None  # planned and saved without compiling the graph
    with monkeypatch.context() as m:
        # the same question through the graph, for comparison
        m.setattr(words, "answer_in_words", lambda *a: None)
        slow = list(cp.stream(HELLO, data=data, session="graph"))
    assert _kinds_and_text(quick) == _kinds_and_text(slow)
    assert _kinds_and_text(quick)[0] == ["text", "answer"]
    assert quick[0].text == quick[-1].answer.text.strip()
    a, b = quick[-1].answer, slow[-1].answer
    assert (a.steps, a.results, a.partial) == ([], [], False)
    assert (a.llm, a.session_id) == ("offline", "quick")
    assert a.model_dump(exclude={"session_id"}) == b.model_dump(exclude={"session_id"})
    config = {"configurable": {"thread_id": "quick"}}
    assert _without_ids(cp.graph.get_state(config).values) == _without_ids(
        cp.graph.get_state({"configurable": {"thread_id": "graph"}}).values
    )
    assert [(s.id, s.turns, s.status) for s in sorted(cp.sessions(), key=lambda s: s.id)] == [
        ("graph", 1, "done"),
        ("quick", 1, "done"),
    ]
    assert not cp.unfinished("quick")
    saved = cp.store.last_checkpoint("quick").checkpoint["channel_values"]
    assert words.state_values(saved) == cp.graph.get_state(config).values

    # a follow-up in the same session runs through the graph and continues the conversation
    follow = cp.ask("describe the data", session="quick")
    assert [s.tool for s in follow.steps] == ["describe"] and follow.steps[0].ok
    values = cp.graph.get_state(config).values
    assert values["turn"] == 1
    humans = [m.content for m in values["messages"] if isinstance(m, HumanMessage)]
    assert humans == [HELLO, "describe the data"]
    # and another answer in words after it, saved on top of the graph's checkpoints
    saved = cp.store.last_checkpoint("quick").checkpoint["channel_values"]
    assert words.state_values(saved) == cp.graph.get_state(config).values
    again = cp.ask(HELLO, session="quick")
    assert again.text == a.text
    shown = cp.store.show("quick")
    assert [(t["question"], len(t["steps"])) for t in shown["turns"]] == [
        (HELLO, 0),
        ("describe the data", 1),
        (HELLO, 0),
    ]
    assert [t["answer"] for t in shown["turns"]][::2] == [a.text, a.text]
    assert cp.sessions()[0].turns == 3
    cp.close()


def test_a_session_left_unfinished_is_still_refused(tmp_path, examples_dir):
    """The state is read without the graph only after a finished run: a session whose last run
    stopped still gets the graph's refusal."""
    data = str(examples_dir / "data" / "sales.csv")
    cp = _copilot(tmp_path)
    cp.ask(HELLO, data=data, session="s")
    for event in cp.stream("describe the data", session="s"):
        if event.kind == "tool_started":
            break  # the caller stops reading: the run is cancelled before its tool
    assert cp.unfinished("s")
    with pytest.raises(SessionError, match="unfinished run"):
        cp.ask(HELLO, session="s")
    cp.close()


def test_a_checkpoint_in_another_layout_goes_through_the_graph(tmp_path, examples_dir, monkeypatch):
    """A session last saved in a layout other than the one `save_update` writes (an older
    LangGraph's) is continued by the graph, which migrates it; nothing is saved beside it."""
    import copilot.sessions

    data = str(examples_dir / "data" / "sales.csv")
    cp = _copilot(tmp_path)
    first = cp.ask(HELLO, data=data, session="s")
    assert cp._graph is None
    monkeypatch.setattr(copilot.sessions, "GRAPH_CHECKPOINT_LAYOUT", 99)
    with pytest.raises(SessionError, match="another checkpoint layout"):
        cp.store.save_update("s", {"answer": "x"}, as_node="answer")
    again = cp.ask(HELLO, session="s")
    assert cp._graph is not None and again.text == first.text
    assert cp.store.last_checkpoint("s").metadata["source"] == "loop"  # written by the graph
    assert [t["question"] for t in cp.store.show("s")["turns"]] == [HELLO, HELLO]
    cp.close()


PROBE = r"""
import json, sys
sys.argv = ["copilot", *json.loads(sys.argv[1])]
from copilot.cli import main
try:
    main()
except SystemExit:
    pass
print("\nMODULES=" + json.dumps(sorted(sys.modules)))
"""

#: What running the graph loads; an answer in words loads none of it.
GRAPH_MODULES = (
    "langgraph.graph",
    "langgraph.pregel",
    "langgraph_sdk",
    "langsmith.run_trees",
    "langchain_core.language_models.chat_models",
    "langchain_core.tracers",
)


def _modules_after(args: list[str], cwd) -> set[str]:
    res = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "100"},
    )
    _, _, mods = res.stdout.rpartition("\nMODULES=")
    assert mods, res.stderr
    return set(json.loads(mods))


def test_an_answer_in_words_loads_no_graph_runtime(tmp_path, examples_dir):
    data = str(examples_dir / "data" / "sales.csv")
    words_only = _modules_after(["ask", HELLO, "--data", data, "--session", "s"], tmp_path)
    assert "langgraph.checkpoint.sqlite" in words_only  # the turn was saved
    assert not {m for m in words_only if m.startswith(GRAPH_MODULES)}
    # a question that runs a tool, in the same session, runs the graph
    with_tool = _modules_after(["ask", "describe the data", "--session", "s"], tmp_path)
    assert {"langgraph.pregel", "langchain_core.language_models.chat_models"} <= with_tool
