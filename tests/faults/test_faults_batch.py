"""Batch runs that collide or lose their driver (issue cases 2 and 3): a second batch into a
busy --out is refused in one line, a stale lock is taken over, workers end with a driver
killed with -9, and an ask job killed mid-way is continued by --resume."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from copilot.batch import load_jobs, run_batch
from copilot.batch.results import OutputFolder
from copilot.batch.runners import JobContext, job_session_id
from copilot.cli import app
from copilot.settings import load_settings
from tests.test_batch_run import env_for
from tests.test_batch_timeout import SLOW, write_data

runner = CliRunner()


@pytest.fixture
def folder(tmp_path) -> Path:
    rng = np.random.default_rng(0)
    x, z = rng.normal(size=300), rng.normal(size=300)
    pd.DataFrame({"x": x, "z": z, "y": 2 * x + z + rng.normal(size=300)}).to_csv(
        tmp_path / "data.csv", index=False
    )
    (tmp_path / "g.dot").write_text("digraph { z -> x; z -> y; x -> y; }\n")
    (tmp_path / "jobs.yaml").write_text(
        "jobs:\n  - id: effect\n    kind: estimate\n    data: data.csv\n"
        "    treatment: x\n    outcome: y\n    graph: g.dot\n"
    )
    return tmp_path


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_second_batch_into_a_busy_folder_is_refused_and_a_stale_lock_taken_over(folder):
    """(The batch tests run every batch through this lock.)"""
    out = folder / "out"
    lock = OutputFolder(out).lock()  # a batch is writing here
    try:
        res = runner.invoke(app, ["batch", str(folder / "jobs.yaml"), "--out-dir", str(out), "-q"])
    finally:
        lock.release()
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and f"is in use by process {os.getpid()}" in lines[0]
    assert not (out / "results").exists()  # the refused batch wrote nothing
    # a lock file left by a batch that was killed: its pid is gone, its lock with it
    (out / ".lock").write_text(json.dumps({"pid": dead_pid(), "host": "x", "since": "then"}))
    lock = OutputFolder(out).lock()
    try:
        assert json.loads((out / ".lock").read_text())["pid"] == os.getpid()
    finally:
        lock.release()


def children(pid: int) -> list[int]:
    """Pool workers of `pid` (spawned processes; not its resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid and b"spawn_main" in cmd:
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads the process table from /proc")
def test_workers_end_when_their_driver_is_killed(tmp_path):
    write_data(tmp_path)
    (tmp_path / "jobs.yaml").write_text("jobs:\n" + SLOW)
    cmd = [sys.executable, "-m", "copilot", "batch", str(tmp_path / "jobs.yaml"), "-q"]
    cmd += ["--out-dir", str(tmp_path / "out"), "--workers", "1"]
    driver = subprocess.Popen(
        cmd, env={**os.environ, **env_for(tmp_path)}, stderr=subprocess.DEVNULL
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while not workers and time.monotonic() < deadline and driver.poll() is None:
            time.sleep(0.2)
            workers = children(driver.pid)
        assert workers, "the batch started no worker"
        driver.send_signal(signal.SIGKILL)
        driver.wait()
        # the property: every worker is gone soon after its driver, instead of running for
        # minutes (the slow job's length) and writing into the folder
        deadline = time.monotonic() + 60
        while any(alive(w) for w in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(alive(w) for w in workers)
    finally:
        for w in workers:
            if alive(w):
                os.kill(w, signal.SIGKILL)
        if driver.poll() is None:
            driver.kill()


def test_resume_continues_the_session_of_an_ask_job_killed_midway(folder, tmp_path):
    from copilot import Copilot

    (folder / "ask.yaml").write_text(
        "jobs:\n  - id: q\n    kind: ask\n    data: data.csv\n    question: Describe the data\n"
    )
    jobs = load_jobs(folder / "ask.yaml")
    out = (folder / "out").absolute()
    settings = load_settings(workspace=tmp_path / "ws")
    sid = job_session_id(jobs[0], JobContext(out=str(out), settings={}))
    # the run of that job in a worker that was killed: the plan is made, no tool has run
    with Copilot(settings) as cp:
        for event in cp.stream(
            jobs[0].fields["question"], data=jobs[0].fields["data"], session=sid
        ):
            if event.kind == "tool_started":
                break
        assert cp.unfinished(sid)
        config = {"configurable": {"thread_id": sid}}
        before = {
            c.config["configurable"]["checkpoint_id"] for c in cp.store.checkpointer.list(config)
        }
    summary = run_batch(jobs, out, resume=True, settings=settings, workers=1)
    record = json.loads((out / "results" / "q.json").read_text())
    assert summary.ok == ["q"] and record["key"]["session"] == sid
    assert [s["tool"] for s in record["result"]["steps"]] == ["describe"]
    with Copilot(settings) as cp:
        assert not cp.unfinished(sid)
        after = {
            c.config["configurable"]["checkpoint_id"] for c in cp.store.checkpointer.list(config)
        }
        assert before < after  # the same session went on: its earlier checkpoints are still there
        assert [t["question"] for t in cp.store.show(sid)["turns"]] == [jobs[0].fields["question"]]
