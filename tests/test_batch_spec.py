"""Job files are validated before anything runs; every problem names its line."""

from __future__ import annotations

import json
import socket
import textwrap

import pytest
from typer.testing import CliRunner

from copilot.batch import JobFileError, load_jobs
from copilot.cli import app
from copilot.errors import InputError


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "data.csv").write_text(
        "x,y,z\n" + "\n".join(f"{i},{2 * i + 1},{i % 3}" for i in range(20))
    )
    return tmp_path


def write(folder, text, name="jobs.yaml"):
    path = folder / name
    path.write_text(textwrap.dedent(text).lstrip())
    return path


def problems(path) -> list[str]:
    with pytest.raises(JobFileError) as info:
        load_jobs(path)
    return info.value.problems


def test_valid_yaml_with_defaults_and_relative_paths(folder):
    path = write(
        folder,
        """
        defaults:
          data: data.csv
        jobs:
          - id: q
            kind: ask
            question: What is the effect of x on y?
          - id: graph
            kind: discover
            algorithm: pc
            alpha: 0.01
          - kind: estimate
            treatment: x
            outcome: y
            report: true
    """,
    )
    jobs = load_jobs(path)
    assert [j.id for j in jobs] == ["q", "graph", "estimate-3"]
    assert [j.line for j in jobs] == [4, 7, 11]
    assert jobs[0].fields == {
        "question": "What is the effect of x on y?",
        "data": str(folder / "data.csv"),
    }
    assert jobs[1].args == {"algorithm": "pc", "alpha": 0.01}
    assert jobs[2].args == {"treatment": "x", "outcome": "y"} and jobs[2].report is True
    # the spec hash identifies a job's inputs: same inputs, same hash; any change, a new one
    again = load_jobs(path)
    assert [j.spec_hash for j in again] == [j.spec_hash for j in jobs]
    assert len({j.spec_hash for j in jobs}) == 3


def test_jsonl_jobs(folder):
    lines = [
        {"id": "a", "kind": "discover", "data": "data.csv"},
        {},
        {"id": "b", "kind": "estimate", "data": "data.csv", "treatment": "x", "outcome": "y"},
    ]
    path = folder / "jobs.jsonl"
    path.write_text("\n".join(json.dumps(x) if x else "" for x in lines) + "\n")
    jobs = load_jobs(path)
    assert [(j.id, j.line) for j in jobs] == [("a", 1), ("b", 3)]


def test_bad_yaml_names_the_line(folder):
    path = write(
        folder,
        """
        jobs:
          - id: a
            kind: discover
            data: [data.csv
          - id: b
    """,
    )
    (msg,) = problems(path)
    assert msg.startswith("line 5: not valid YAML")


def test_every_problem_is_listed_with_its_line(folder):
    path = write(
        folder,
        """
        jobs:
          - id: ok
            kind: discover
            data: data.csv
          - id: typo
            kind: discovr
            data: data.csv
          - id: no-outcome
            kind: estimate
            data: data.csv
            treatment: x
          - id: ok
            kind: discover
            data: data.csv
          - id: gone
            kind: discover
            data: missing.csv
          - id: bad-arg
            kind: estimate
            data: data.csv
            treatment: x
            outcome: y
            n_bot: 10
          - id: bad-type
            kind: discover
            data: data.csv
            alpha: lots
          - id: q
            kind: ask
          - id: "bad id!"
            kind: ask
            question: why?
          - just a string
    """,
    )
    got = problems(path)
    assert got == [
        "line 6 (job 'typo'): unknown job kind 'discovr'; did you mean 'discover'? use one of: ask, discover, estimate, probe",
        "line 8 (job 'no-outcome'): missing field 'outcome'",
        "line 12: duplicate job id 'ok' (already used by the job at line 2)",
        f"line 17 (job 'gone'): data file 'missing.csv' does not exist (looked for {folder / 'missing.csv'})",
        "line 23 (job 'bad-arg'): estimate has no argument 'n_bot'; did you mean 'n_boot'?",
        "line 27 (job 'bad-type'): field 'alpha': Input should be a valid number, unable to parse string as a number",
        "line 28 (job 'q'): missing field 'question'",
        "line 30 (job 'bad id!'): job ids use letters, digits, '_', '.' and '-' (up to 80 characters, starting with a letter or digit)",
        "line 33: a job must be a mapping of fields (got str)",
    ]


def test_probe_jobs(folder):
    (folder / "pos.jsonl").write_text('{"prompt": "a"}\n')
    path = write(
        folder,
        """
        - id: heads
          kind: probe
          experiment: heads
          model: demo
          n_prompts: 16
          heads: [[0, 1], [1, 0]]
        - id: steer
          kind: probe
          experiment: steer
          model: planted
          positive: pos.jsonl
          negative: pos.jsonl
          layer: 1
    """,
    )
    heads, steer = load_jobs(path)
    assert heads.fields == {"experiment": "heads", "model": "demo"}
    assert heads.args == {"n_prompts": 16, "heads": [[0, 1], [1, 0]]}
    assert steer.args["positive"] == str(folder / "pos.jsonl")
    bad = write(
        folder,
        """
        - id: a
          kind: probe
          experiment: hedas
          model: demo
        - id: b
          kind: probe
          experiment: scores
          model: ckpt/missing
          n_promts: 3
        - id: c
          kind: probe
          experiment: scores
          model: ckpt/missing
        - id: d
          kind: probe
          experiment: heads
          model: demo
          out: somewhere
    """,
        name="bad.yaml",
    )
    got = problems(bad)
    assert got[0].startswith("line 3 (job 'a'): field 'experiment': Input should be 'heads'")
    assert (
        got[1]
        == "line 9 (job 'b'): probe scores has no argument 'n_promts'; did you mean 'n_prompts'?"
    )
    assert got[2].startswith("line 13 (job 'c'): model file 'ckpt/missing' does not exist")
    assert got[3] == "line 18 (job 'd'): probe heads has no argument 'out'"  # the runner sets it


def test_file_level_problems(folder):
    assert problems(write(folder, "jobs: []\n"))[0] == "line 1: the file holds no jobs"
    assert "unknown top-level key 'job'" in problems(write(folder, "job:\n  - id: a\n"))[0]
    assert "'jobs' must be a list" in problems(write(folder, "jobs: {id: a}\n"))[0]
    assert (
        problems(write(folder, "- id: a\n  kind: ask\n  question: q\n  question: r\n"))[0]
        == "line 4: field 'question' is given twice in one job"
    )
    bad_json = folder / "jobs.jsonl"
    bad_json.write_text('{"id": "a", "kind": "ask", "question": "q"}\n{"id": b}\n')
    assert problems(bad_json)[0].startswith("line 2: not valid JSON")
    with pytest.raises(InputError, match="unknown suffix"):
        load_jobs(write(folder, "x", name="jobs.txt"))
    with pytest.raises(InputError, match="does not exist"):
        load_jobs(folder / "nope.yaml")


def test_invalid_file_runs_nothing(folder):
    path = write(
        folder,
        """
        - id: a
          kind: discover
          data: data.csv
        - id: a
          kind: discover
          data: data.csv
    """,
    )
    out = folder / "out"
    res = CliRunner().invoke(app, ["batch", str(path), "--out-dir", str(out)])
    assert res.exit_code == 2
    assert "line 4: duplicate job id 'a'" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_check_lists_jobs_or_every_problem(folder):
    good = write(
        folder,
        """
        - id: a
          kind: discover
          data: data.csv
          algorithm: pc
    """,
    )
    res = CliRunner().invoke(app, ["batch", str(good), "--check"])
    assert res.exit_code == 0
    assert (
        "line 1: a (discover) algorithm='pc'" in res.stdout and "1 job(s), all valid." in res.stdout
    )
    bad = write(
        folder,
        """
        - id: a
          kind: nope
        - id: b
          kind: ask
    """,
        name="bad.yaml",
    )
    res = CliRunner().invoke(app, ["batch", str(bad), "--check"])
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 2 and "line 2 (job 'a'): unknown job kind 'nope'" in lines[0]
    assert "line 3 (job 'b'): missing field 'question'" in lines[1]


def test_option_errors(folder):
    path = write(folder, "- {id: a, kind: discover, data: data.csv}\n")
    runner = CliRunner()
    res = runner.invoke(app, ["batch", str(path), "--ray-address", "127.0.0.1:1"])
    assert res.exit_code == 2 and "--ray-address needs --executor ray" in res.stderr
    res = runner.invoke(app, ["batch", str(path), "--retry-failed"])
    assert res.exit_code == 2 and "--retry-failed needs --resume" in res.stderr
    res = runner.invoke(app, ["batch", str(path), "--executor", "dask"])
    assert res.exit_code == 2
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    out = folder / "out"
    res = runner.invoke(
        app,
        [
            "batch",
            str(path),
            "--executor",
            "ray",
            "--ray-address",
            f"127.0.0.1:{port}",
            "--out-dir",
            str(out),
        ],
    )
    assert res.exit_code == 2 and f"Cannot reach the Ray cluster at 127.0.0.1:{port}" in res.stderr
    assert not out.exists()


def test_the_example_job_file_is_valid(examples_dir):
    jobs = load_jobs(examples_dir / "jobs.yaml")
    assert {j.kind for j in jobs} == {"ask", "discover", "estimate", "probe"}
    for j in jobs:
        data = j.fields.get("data")
        assert data is None or data.startswith(str(examples_dir / "data"))
