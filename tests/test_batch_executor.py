"""The driver on interruption, the retry rule for lost workers, and atomic writes."""

from __future__ import annotations

import json
import multiprocessing

import numpy as np
import pandas as pd
import pytest

from copilot.batch import load_jobs, run_batch
from copilot.batch.executors import _Queue
from copilot.batch.results import atomic_write_json
from copilot.batch.spec import Job


def _job(i: str) -> Job:
    return Job(i, "discover", 1, {"data": "d.csv"})


def test_lost_jobs_are_retried_alone_once():
    q = _Queue([_job("a"), _job("b"), _job("c")])
    a, b = q.next_ready(0, 2), q.next_ready(1, 2)
    assert (a.id, b.id) == ("a", "b") and q.next_ready(2, 2) is None
    # the pool broke while a and b ran: both get another try, each alone
    assert q.lose(a) and q.lose(b)
    assert [j.id for j in q.waiting] == ["b", "a", "c"]
    first = q.next_ready(0, 2)
    assert first.id == "b" and q.alone({1: first}) and q.next_ready(1, 2) is None
    assert q.lose(first) is False  # lost twice: recorded as failed, not retried


def test_atomic_write_replaces_whole_files(tmp_path, monkeypatch):
    path = tmp_path / "r.json"
    atomic_write_json(path, {"value": float("nan"), "n": np.int64(3)})
    assert json.loads(path.read_text()) == {"value": None, "n": 3}

    def killed(*args):
        raise KeyboardInterrupt  # the moment between writing the temp file and renaming it

    monkeypatch.setattr("copilot.batch.results.os.replace", killed)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_json(path, {"value": 2.0})
    assert json.loads(path.read_text()) == {"value": None, "n": 3}  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temp file left


class _InterruptAfterFirst:
    """A display that presses Ctrl-C as soon as the first job has finished."""

    def begin(self, jobs, reused):
        pass

    def started(self, job):
        pass

    def finished(self, job, record):
        raise KeyboardInterrupt

    def end(self):
        pass


def test_interrupt_stops_workers_and_still_writes_the_summary(tmp_path):
    rng = np.random.default_rng(2)
    x = rng.normal(size=200)
    pd.DataFrame({"x": x, "y": x + rng.normal(size=200)}).to_csv(tmp_path / "d.csv", index=False)
    (tmp_path / "jobs.yaml").write_text(
        "defaults: {data: d.csv}\njobs:\n"
        "  - {id: first, kind: discover, algorithm: pc}\n"
        "  - {id: second, kind: discover, algorithm: pc, bootstrap: 200}\n"
        "  - {id: third, kind: discover, algorithm: ges}\n"
    )
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_batch(load_jobs(tmp_path / "jobs.yaml"), out, workers=1, display=_InterruptAfterFirst())
    assert multiprocessing.active_children() == []  # the pool's workers were stopped
    rows = [json.loads(line) for line in (out / "summary.jsonl").read_text().splitlines()]
    assert [(r["id"], r["status"]) for r in rows] == [
        ("first", "ok"),
        ("second", "not run"),
        ("third", "not run"),
    ]
    assert sorted(p.name for p in (out / "results").iterdir()) == ["first.json"]


class _KillWorkersOf:
    """A display that kills the pool's worker processes (SIGKILL) whenever `job_id` starts."""

    def __init__(self, job_id):
        self.job_id = job_id
        self.kills = 0

    def begin(self, jobs, reused):
        pass

    def started(self, job):
        import os
        import signal

        if job.id == self.job_id:
            for child in multiprocessing.active_children():
                os.kill(child.pid, signal.SIGKILL)
                self.kills += 1

    def finished(self, job, record):
        pass

    def end(self):
        pass


def test_a_job_that_kills_its_worker_twice_fails_alone(tmp_path):
    rng = np.random.default_rng(3)
    x = rng.normal(size=100)
    pd.DataFrame({"x": x, "y": x + rng.normal(size=100)}).to_csv(tmp_path / "d.csv", index=False)
    (tmp_path / "jobs.yaml").write_text(
        "defaults: {data: d.csv}\njobs:\n"
        "  - {id: crasher, kind: discover, algorithm: pc}\n"
        "  - {id: fine, kind: discover, algorithm: ges}\n"
    )
    display = _KillWorkersOf("crasher")
    summary = run_batch(
        load_jobs(tmp_path / "jobs.yaml"), tmp_path / "out", workers=1, display=display
    )
    assert display.kills == 2  # the first try and the retry
    assert summary.ok == ["fine"] and summary.failed == ["crasher"]
    record = json.loads((tmp_path / "out" / "results" / "crasher.json").read_text())
    assert record["error"]["error"] == "WorkerLost" and "died twice" in record["error"]["message"]
    assert multiprocessing.active_children() == []
