"""A batch killed mid-run (SIGKILL to its whole process group) leaves only whole results, and
`--resume` runs exactly the jobs whose results are missing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd

JOBS = """\
defaults:
  data: data.csv
jobs:
  - id: first
    kind: discover
    algorithm: pc
  - id: slow
    kind: discover
    algorithm: pc
    bootstrap: 60
  - id: last
    kind: discover
    algorithm: ges
"""


def test_resume_after_a_killed_run_reruns_only_what_was_missing(tmp_path):
    rng = np.random.default_rng(1)
    x = rng.normal(size=300)
    y = 1.5 * x + rng.normal(size=300)
    pd.DataFrame({"x": x, "y": y, "z": y - x + rng.normal(size=300)}).to_csv(
        tmp_path / "data.csv", index=False
    )
    (tmp_path / "jobs.yaml").write_text(JOBS)
    out = tmp_path / "out"
    cmd = [
        sys.executable,
        "-m",
        "copilot",
        "batch",
        str(tmp_path / "jobs.yaml"),
        "--out-dir",
        str(out),
        "--workers",
        "1",
        "--quiet",
    ]
    env = {**os.environ, "MPLBACKEND": "Agg"}

    proc = subprocess.Popen(
        cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )
    first = out / "results" / "first.json"
    try:
        deadline = time.monotonic() + 90
        while not first.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the first result never landed"
            time.sleep(0.02)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # the driver and its pool workers, without warning
        proc.communicate(timeout=30)

    present = {p.stem for p in (out / "results").glob("*.json")}
    assert "first" in present and present < {"first", "slow", "last"}, present
    for p in (out / "results").glob("*.json"):
        assert json.loads(p.read_text())["status"] == "ok"  # whole files only
    assert not (out / "summary.csv").exists()  # a SIGKILL gives no chance to write it
    kept = {name: (out / "results" / f"{name}.json").read_bytes() for name in present}

    res = subprocess.run([*cmd, "--resume"], env=env, capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert f"resuming: {len(present)} of 3 job(s)" in res.stderr
    rows = {r["id"]: r for r in map(json.loads, (out / "summary.jsonl").read_text().splitlines())}
    assert {i for i, r in rows.items() if r["reused"]} == present
    assert all(r["status"] == "ok" for r in rows.values())
    for name, data in kept.items():
        assert (out / "results" / f"{name}.json").read_bytes() == data  # not run again
    slow = json.loads((out / "results" / "slow.json").read_text())
    assert slow["result"]["bootstrap"]["completed"] == 60
    assert not list((out / "results").glob(".tmp-*"))
