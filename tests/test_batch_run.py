"""A mixed batch (ask + discover + estimate + a broken job) through the CLI, then the same jobs on
a local Ray instance: right results, summary and exit codes, and identical records."""

from __future__ import annotations

import csv
import json
import re

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from copilot.cli import app

TRUE_EFFECT = 2.0
#: Fields of a record that describe the run (where, when, how long), not the job's outcome.
RUN_FIELDS = {"started_at", "finished_at", "elapsed_s", "timings", "worker", "executor", "warnings"}

HEADER = "defaults:\n  data: data.csv\njobs:\n"
QUESTION = """\
  - id: question
    kind: ask
    question: What is the effect of x on y?
"""
GRAPH_AND_EFFECT = """\
  - id: graph
    kind: discover
    algorithm: pc
  - id: effect
    kind: estimate
    treatment: x
    outcome: y
    n_boot: 30
    n_refute: 5
"""
BROKEN = """\
  - id: broken
    kind: estimate
    treatment: x
    outcome: nope
"""
PROBE = """\
  - id: heads
    kind: probe
    experiment: heads
    model: demo
    n_prompts: 16
    n_boot: 100
"""
JOBS = HEADER + QUESTION + GRAPH_AND_EFFECT + BROKEN + PROBE
IDS = ["question", "graph", "effect", "broken", "heads"]


def write_data(folder):
    """x -> y <- z with a known effect of x on y; the seed fixes every number."""
    rng = np.random.default_rng(0)
    n = 400
    x, z = rng.normal(size=n), rng.normal(size=n)
    y = TRUE_EFFECT * x + z + rng.normal(size=n)
    pd.DataFrame({"x": x, "y": y, "z": z}).to_csv(folder / "data.csv", index=False)


def env_for(tmp):
    """Module-scoped runs happen before the per-test isolation, so they get their own."""
    config = tmp / "config.toml"
    config.write_text("")
    return {
        "COPILOT_WORKSPACE": str(tmp / "workspace"),
        "COPILOT_CONFIG": str(config),
        "MPLBACKEND": "Agg",
        "OPENAI_API_KEY": "",
        "RAY_ADDRESS": "",
    }


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mixed")
    write_data(folder)
    (folder / "jobs.yaml").write_text(JOBS)
    out = folder / "out"
    res = CliRunner().invoke(
        app,
        ["batch", str(folder / "jobs.yaml"), "--out-dir", str(out), "--workers", "2", "--reports"],
        env=env_for(folder),
    )
    return folder, out, res


def load(out, job_id):
    return json.loads((out / "results" / f"{job_id}.json").read_text())


def test_exit_code_and_summary_table(mixed):
    _, out, res = mixed
    assert res.exit_code == 1, res.output  # one job failed
    lines = res.stdout.strip().splitlines()
    assert [line.split()[0] for line in lines[:5]] == IDS
    assert [line.split()[2] for line in lines[:5]] == ["ok", "ok", "ok", "error", "ok"]
    assert lines[-1].startswith("5 job(s): 4 ok, 1 failed.")
    # one log line per finished job on stderr (no terminal here, so no progress bar)
    assert sum("/5] " in line for line in res.stderr.splitlines()) == 5


def test_results_hold_the_right_answers(mixed):
    _, out, _ = mixed
    effect = load(out, "effect")
    assert effect["status"] == "ok" and effect["error"] is None
    k = effect["key"]
    assert k["ci_low"] < TRUE_EFFECT < k["ci_high"] and abs(k["ate"] - TRUE_EFFECT) < 0.2
    assert effect["result"]["treatment"] == "x" and effect["result"]["n_rows"] == 400

    question = load(out, "question")
    assert question["status"] == "ok"
    qk = question["key"]
    assert qk["ci_low"] < TRUE_EFFECT < qk["ci_high"] and qk["steps"] >= 1 and qk["session"]
    assert question["result"]["text"].startswith(question["summary"][:40])

    graph = load(out, "graph")
    edges = {(e["source"], e["target"], e["type"]) for e in graph["result"]["edges"]}
    assert edges == {("x", "y", "directed"), ("z", "y", "directed")}
    assert graph["key"]["n_edges"] == 2 and graph["artifacts"] == ["artifacts/graph/graph.png"]
    assert (out / "artifacts" / "graph" / "graph.png").stat().st_size > 1000

    broken = load(out, "broken")
    assert broken["status"] == "error" and broken["result"] is None
    assert broken["error"]["error"] == "ColumnNotFoundError"
    assert broken["error"]["message"] == "Unknown outcome 'nope'."
    assert "'y'" in broken["error"]["hint"]

    heads = load(out, "heads")
    hk = heads["key"]
    assert heads["status"] == "ok" and hk["experiment"] == "heads" and hk["metric"] == "loss"
    # ablating the most damaging head of an induction model raises its loss, clearly
    assert hk["ci_low"] > 0 and re.fullmatch(r"L\d+H\d+", hk["top_head"])
    assert [h["effect"] for h in heads["result"]["heads"]][0] == hk["effect"]
    assert heads["artifacts"] and all(a.startswith("artifacts/heads/") for a in heads["artifacts"])


def test_summary_files_and_reports(mixed):
    _, out, _ = mixed
    with open(out / "summary.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["id"] for r in rows] == IDS
    assert [r["status"] for r in rows] == ["ok", "ok", "ok", "error", "ok"]
    assert list(rows[0])[:5] == ["id", "kind", "status", "elapsed_s", "summary"]
    assert all(float(r["elapsed_s"]) >= 0 for r in rows)
    assert abs(float(rows[2]["ate"]) - TRUE_EFFECT) < 0.2 and rows[1]["n_edges"] == "2"
    assert rows[3]["error"].startswith("Unknown outcome 'nope'. Hint:") and rows[2]["error"] == ""
    jsonl = [json.loads(line) for line in (out / "summary.jsonl").read_text().splitlines()]
    assert [r["id"] for r in jsonl] == [r["id"] for r in rows]
    assert jsonl[2]["ate"] == pytest.approx(float(rows[2]["ate"]))
    assert sorted(p.name for p in (out / "reports").iterdir()) == [
        "effect.md",
        "graph.md",
        "heads.md",
        "question.md",
    ]
    assert "![graph](../artifacts/graph/graph.png)" in (out / "reports" / "graph.md").read_text()
    assert not [p for p in (out / "results").iterdir() if p.name.startswith(".tmp-")]


def test_earlier_results_are_never_overwritten_and_resume_reuses_them(mixed):
    folder, out, _ = mixed
    before = {p.name: p.read_bytes() for p in (out / "results").iterdir()}
    runner = CliRunner()
    again = runner.invoke(
        app, ["batch", str(folder / "jobs.yaml"), "--out-dir", str(out)], env=env_for(folder)
    )
    assert (
        again.exit_code == 2
        and "already holds 5 result(s)" in again.stderr
        and "--resume" in again.stderr
    )
    resumed = runner.invoke(
        app,
        ["batch", str(folder / "jobs.yaml"), "--out-dir", str(out), "--resume"],
        env=env_for(folder),
    )
    assert resumed.exit_code == 1  # the broken job's complete result still says it failed
    assert "5 from an earlier run" in resumed.stdout
    as_json = runner.invoke(
        app,
        ["batch", str(folder / "jobs.yaml"), "--out-dir", str(out), "--resume", "--json"],
        env=env_for(folder),
    )
    summary = json.loads(as_json.stdout)
    assert as_json.exit_code == 1 and summary["failed"] == ["broken"] and summary["reused"] == 5
    assert [r["id"] for r in summary["rows"]] == IDS and summary["out"] == str(out)
    assert {p.name: p.read_bytes() for p in (out / "results").iterdir()} == before
    jsonl = [json.loads(line) for line in (out / "summary.jsonl").read_text().splitlines()]
    assert all(r["reused"] for r in jsonl)


def _outcome(record):
    """A record without the fields that say where and when it ran."""

    def strip(o):
        if isinstance(o, dict):
            return {k: strip(v) for k, v in o.items() if k not in RUN_FIELDS}
        if isinstance(o, list):
            return [strip(v) for v in o]
        return o

    return strip(record)


@pytest.mark.slow
def test_ray_executor_gives_the_same_results_as_local(mixed):
    pytest.importorskip("ray")
    folder, local_out, _ = mixed
    # the same two jobs as in the mixed batch (same inputs, so the same spec hashes)
    (folder / "ray_jobs.yaml").write_text(HEADER + GRAPH_AND_EFFECT)
    out = folder / "ray_out"
    res = CliRunner().invoke(
        app,
        [
            "batch",
            str(folder / "ray_jobs.yaml"),
            "--out-dir",
            str(out),
            "--executor",
            "ray",
            "--workers",
            "2",
            "--reports",
        ],
        env=env_for(folder),
    )
    assert res.exit_code == 0, res.output
    for job_id in ("graph", "effect"):
        ray_record, local_record = load(out, job_id), load(local_out, job_id)
        assert ray_record["executor"] == "ray" and local_record["executor"] == "local"
        assert _outcome(ray_record) == _outcome(local_record)
    import ray

    assert not ray.is_initialized()  # the local instance was shut down
