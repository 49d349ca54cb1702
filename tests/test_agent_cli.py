"""`copilot ask` end to end on the bundled example data (offline planner, real tools)."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from copilot.cli import app

runner = CliRunner()


def test_ask_answers_the_effect_on_example_data_within_the_known_interval(examples_dir, tmp_path):
    truth = json.loads((examples_dir / "data" / "sales_truth.json").read_text())
    question = (
        f"What is the effect of {truth['treatment']} on {truth['outcome']}, "
        f"given the graph {examples_dir / 'data' / 'sales_graph.dot'}?"
    )
    report = tmp_path / "report.html"
    res = runner.invoke(
        app,
        [
            "ask",
            question,
            "--data",
            str(examples_dir / "data" / "sales.csv"),
            "--json",
            "--report",
            str(report),
        ],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert {"answer", "steps", "results", "artifacts", "session"} <= set(out)
    assert [(s["tool"], s["ok"]) for s in out["steps"]] == [("estimate_effect", True)]
    est = out["results"][0]["result"]
    low, high = est["ci"]
    assert low <= truth["ate"] <= high  # the interval covers the known effect
    assert est["ate"] < 0 and high < 0  # and it is clearly a reduction in churn
    assert set(est["adjustment_set"]) == set(truth["confounders"])
    assert f"{est['ate']:.3g}" in out["answer"] and "Refutations" in out["answer"]
    assert str(report) in out["artifacts"] and report.read_text().startswith("<!DOCTYPE html>")
    # The steps stream on stderr as plain lines.
    assert "-> estimate_effect(" in res.stderr and "<- estimate_effect ok" in res.stderr


def test_ask_errors_are_one_line_with_exit_2(tmp_path):
    res = runner.invoke(
        app, ["ask", "what is the effect of x on y?", "--data", str(tmp_path / "missing.csv")]
    )
    assert res.exit_code == 2 and res.stderr.strip().count("\n") == 0
    assert res.stderr.startswith("Error: Data file") and "Hint:" in res.stderr
    res = runner.invoke(app, ["ask", "hi", "--llm", "claude"])
    assert res.exit_code == 2 and "Unknown --llm value 'claude'" in res.stderr
    res = runner.invoke(app, ["ask", "hi", "--llm", "openai"])
    assert res.exit_code == 2 and "needs an API key or a base URL" in res.stderr
    res = runner.invoke(app, ["ask", "--resume"])
    assert res.exit_code == 2 and "--resume needs --session" in res.stderr


def test_ask_without_data_says_what_it_can_do_and_sessions_continue(examples_dir):
    res = runner.invoke(app, ["ask", "describe the data", "--json"])
    assert res.exit_code == 0
    out = json.loads(res.stdout)
    assert out["steps"] == [] and "No dataset is loaded" in out["answer"]
    res = runner.invoke(
        app,
        [
            "ask",
            "describe the data",
            "--data",
            str(examples_dir / "data" / "sales.csv"),
            "--session",
            out["session"],
            "--json",
            "--quiet",
        ],
    )
    again = json.loads(res.stdout)
    assert again["session"] == out["session"] and again["steps"][0]["tool"] == "describe"
    assert "tenure (continuous)" in again["answer"]


def test_ask_reads_the_data_file_the_question_names(examples_dir, monkeypatch):
    # the README's first example, asked from the folder that holds the file, without --data
    truth = json.loads((examples_dir / "data" / "sales_truth.json").read_text())
    monkeypatch.chdir(examples_dir / "data")
    res = runner.invoke(
        app, ["ask", "what is the effect of the discount on churn in sales.csv?", "--json"]
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert [(s["tool"], s["ok"]) for s in out["steps"]] == [("estimate_effect", True)]
    est = out["results"][0]["result"]
    assert (est["treatment"], est["outcome"]) == ("discount", "churn")
    assert est["ci"][0] <= truth["ate"] <= est["ci"][1]


def test_a_data_file_the_question_names_but_is_missing_is_one_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    res = runner.invoke(app, ["ask", "what is the effect of the discount on churn in sales.csv?"])
    assert res.exit_code == 2 and res.stderr.strip().count("\n") == 0
    assert "sales.csv, named in the question, does not exist" in res.stderr
    assert "--data PATH" in res.stderr


def test_file_names_are_found_in_questions_without_false_alarms(tmp_path, monkeypatch):
    from copilot.tools.datafile import files_named_in

    monkeypatch.chdir(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "visits.csv").write_text("a,b\n1,2\n")
    (tmp_path / "my data.parquet").write_text("x")
    q = "does x drive y in sub/visits.csv, or in 'my data.parquet', or in gone.tsv? (v1.2, a@b.com)"
    assert files_named_in(q) == (["sub/visits.csv", "my data.parquet"], ["gone.tsv"])
    assert files_named_in("what is the effect of x on y?") == ([], [])
    assert files_named_in("use sub/visits.csv and sub/visits.csv") == (["sub/visits.csv"], [])
    # prompt sets of a model question are not tables
    (tmp_path / "toxic.jsonl").write_text('{"text": "a"}\n')
    assert files_named_in("steer away from toxic.jsonl using clean.jsonl") == ([], [])


def test_an_analysis_whose_every_step_failed_exits_1(examples_dir, tmp_path):
    res = runner.invoke(
        app,
        [
            "ask",
            f"effect of discount on churn given the graph {tmp_path / 'missing.dot'}",
            "--data",
            str(examples_dir / "data" / "sales.csv"),
            "--json",
            "--quiet",
            "--workspace",
            str(tmp_path / "ws"),
        ],
    )
    assert res.exit_code == 1, res.output
    out = json.loads(res.stdout)
    assert out["failed"] is True and out["steps"] and not any(s["ok"] for s in out["steps"])
    assert out["steps"][0]["hint"], out["steps"][0]


def test_a_fault_of_copilot_is_one_line_with_exit_1(tmp_path, monkeypatch):
    import copilot.settings

    def broken(*args, **kwargs):
        raise KeyError("oops")

    monkeypatch.setattr(copilot.settings, "load_settings", broken)
    runner = CliRunner()
    res = runner.invoke(app, ["sessions", "list", "--workspace", str(tmp_path)])
    assert res.exit_code == 1
    assert res.output.strip().startswith("Error: internal error (KeyError: 'oops')")
    assert "COPILOT_DEBUG=1" in res.output and "Traceback" not in res.output
    monkeypatch.setenv("COPILOT_DEBUG", "1")
    res = runner.invoke(app, ["sessions", "list", "--workspace", str(tmp_path)])
    assert isinstance(res.exception, KeyError)
