"""Sessions under concurrent runs, killed runs, poisoned checkpoints and terminal escapes
(issue cases 1, 8 and 9)."""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from copilot import Copilot
from copilot.cli import app
from copilot.errors import BusyError
from copilot.sessions import open_store
from copilot.workspace import Workspace

runner = CliRunner()


@pytest.fixture
def data(tmp_path) -> Path:
    import numpy as np

    rng = np.random.default_rng(0)
    price = rng.normal(10, 2, size=200)
    sales = 100 - 3 * price + rng.normal(size=200)
    path = tmp_path / "shop.csv"
    rows = [f"{p:.3f},{s:.3f}" for p, s in zip(price, sales, strict=True)]
    path.write_text("price,sales\n" + "\n".join(rows))
    return path


def turns_of(workspace_dir: Path, sid: str) -> list[dict]:
    store = open_store(Workspace(workspace_dir))
    try:
        return store.show(sid)["turns"]
    finally:
        store.close()


def test_two_runs_asking_in_one_session_both_keep_their_turn(workspace_dir, data, monkeypatch):
    """Two Copilots (as two processes would: each opens its own lock file) ask in one session
    at the same moment: the second waits for the first; both turns are kept, each with its own
    answer."""
    import threading

    # the second run waits as long as the first takes (the default 10 s wait can pass on a busy
    # machine, and then the refusal is the right behaviour, tested below)
    monkeypatch.setenv("COPILOT_SESSION_WAIT_S", "600")

    questions = ["Describe the data", "What is the effect of price on sales?"]
    answers: dict[str, object] = {}
    start = threading.Barrier(2)

    def ask(question: str) -> None:
        with Copilot() as cp:
            start.wait()
            answers[question] = cp.ask(question, data=str(data), session="shared")

    threads = [threading.Thread(target=ask, args=(q,)) for q in questions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=900)
    assert set(answers) == set(questions)
    assert all(a.session_id == "shared" and a.steps[-1].ok for a in answers.values())
    turns = turns_of(workspace_dir, "shared")
    assert sorted(t["question"] for t in turns) == sorted(questions)
    assert all(t["answer"] and t["steps"] for t in turns)
    by_question = {t["question"]: t for t in turns}
    assert by_question[questions[0]]["steps"][0]["tool"] == "describe"
    assert by_question[questions[1]]["steps"][-1]["tool"] == "estimate_effect"


def test_a_busy_session_is_refused_in_one_line_after_waiting(workspace_dir, data, monkeypatch):
    monkeypatch.setenv("COPILOT_SESSION_WAIT_S", "0.3")
    store = open_store(Workspace(workspace_dir))
    held = store.session_lock("busy").acquire()  # another run holds the session
    try:
        res = runner.invoke(app, ["ask", "Describe the data", "--data", str(data), "-s", "busy"])
    finally:
        held.release()
        store.close()
    assert res.exit_code == 2
    # after the progress line ("starting the offline planner..."), the error in one line
    lines = res.stderr.strip().splitlines()[-1:]
    assert res.stderr.count("Error") == 1
    assert lines[0].startswith("Error: Session 'busy' is in use by process")
    assert f"process {os.getpid()}" in lines[0] and "waited 0.3 s" in lines[0]
    assert "Traceback" not in res.output
    # nothing was written into the session by the refused run
    res = runner.invoke(app, ["ask", "Describe the data", "--data", str(data), "-s", "busy"])
    assert res.exit_code == 0
    assert [t["question"] for t in turns_of(workspace_dir, "busy")] == ["Describe the data"]


def test_the_python_api_refuses_a_busy_session_too(workspace_dir, data):
    with Copilot() as cp:
        cp.settings = cp.settings.model_copy(update={"session_wait_s": 0.0})
        held = cp.store.session_lock("s1").acquire()
        with pytest.raises(BusyError, match="in use"):
            cp.ask("Describe the data", data=str(data), session="s1")
        assert not cp.store.exists("s1")  # refused before anything was written
        held.release()
        assert cp.ask("Describe the data", data=str(data), session="s1").steps[0].ok
        held = cp.store.session_lock("s1").acquire()
        with pytest.raises(BusyError):  # a session in use is not deleted under its run
            cp.delete_session("s1")
        held.release()
        cp.delete_session("s1")
        assert not cp.store.exists("s1")


def test_a_run_whose_process_died_is_listed_as_interrupted(workspace_dir, data):
    with Copilot() as cp:
        sid = cp.ask("Describe the data", data=str(data)).session_id
        # what a run killed with -9 leaves: status "running", and nobody holding the session
        cp.store.touch(sid, status="running")
        listed = json.loads(runner.invoke(app, ["sessions", "list", "--json"]).stdout)
        assert listed[0]["status"] == "interrupted"
        held = cp.store.session_lock(sid).acquire()  # a live run holds its session
        try:
            listed = json.loads(runner.invoke(app, ["sessions", "list", "--json"]).stdout)
            assert listed[0]["status"] == "running"
        finally:
            held.release()


def test_terminal_escapes_in_a_question_are_not_printed(workspace_dir, data):
    question = "Describe \x1b[2J\x1b]0;owned\x07the\x1b[31m data\x9b1m\r\x08"
    with Copilot() as cp:
        sid = cp.ask(question, data=str(data)).session_id
    for args in (["sessions", "list"], ["sessions", "show", sid], ["sessions", "export", sid]):
        res = runner.invoke(app, args)
        assert res.exit_code == 0
        assert not any(ch in res.stdout for ch in "\x1b\x07\x9b\r\x08"), args
        assert "Describe the data" in res.stdout
    res = runner.invoke(app, ["sessions", "show", "\x1b[31mnope"])
    assert res.exit_code == 2 and "\x1b" not in res.stderr


class Touch:
    """A pickle that would create a file when loaded."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return (Path.touch, (self.path,))


@pytest.mark.parametrize("kind", ["pickle", "json"])
def test_a_poisoned_checkpoint_is_refused_in_one_line(workspace_dir, data, tmp_path, kind):
    marker = tmp_path / "ran"
    with Copilot() as cp:
        sid = cp.ask("Describe the data", data=str(data)).session_id
    if kind == "pickle":
        blob = pickle.dumps(Touch(marker))
    else:
        blob = json.dumps(
            {"lc": 2, "type": "constructor", "id": ["pathlib", "Path", "touch"], "kwargs": {}}
        ).encode()
    con = sqlite3.connect(workspace_dir / "sessions.sqlite")
    con.execute("UPDATE checkpoints SET type=?, checkpoint=? WHERE thread_id=?", (kind, blob, sid))
    con.commit()
    con.close()
    for args in (
        ["sessions", "show", sid],
        ["ask", "--session", sid, "--resume"],
        ["ask", "Describe it again", "--session", sid],
    ):
        res = runner.invoke(app, args)
        assert res.exit_code == 2, (args, res.output)
        lines = res.stderr.strip().splitlines()[-1:]  # after the progress line, if any
        assert res.stderr.count("Error") == 1 and "checkpoint was refused" in lines[0], res.stderr
    assert not marker.exists()


def test_many_runs_opening_a_new_sessions_database_at_once_all_open_it(tmp_path):
    """Runs that open a workspace's new sessions database at the same moment all open it: the
    switch to WAL answers "database is locked" at once, without SQLite's busy wait, and the store
    waits and retries instead of failing."""
    import threading

    from copilot.sessions import SessionStore

    errors: list[BaseException] = []
    for attempt in range(40):
        path = tmp_path / f"try{attempt}" / "sessions.sqlite"
        start = threading.Barrier(6)

        def open_one(path: Path, start: threading.Barrier) -> None:
            start.wait()
            try:
                SessionStore(path).close()
            except BaseException as exc:  # noqa: BLE001 - collected and asserted below
                errors.append(exc)

        threads = [threading.Thread(target=open_one, args=(path, start)) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert errors == []
