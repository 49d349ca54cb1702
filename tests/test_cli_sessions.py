"""`copilot sessions list|show|export|delete` on a real session made by the agent."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from copilot.cli import app

runner = CliRunner()


@pytest.fixture
def session(workspace_dir, tmp_path):
    """One real session in the test workspace: the offline planner describes a small table."""
    from copilot import Copilot

    data = tmp_path / "shop.csv"
    data.write_text(
        "price,sales\n" + "\n".join(f"{p},{100 - 3 * p + (p % 4)}" for p in range(1, 31))
    )
    with Copilot() as cp:
        answer = cp.ask("Describe the data", data=str(data))
    assert answer.steps and answer.steps[0].ok
    return answer


def test_empty_workspace(workspace_dir):
    res = runner.invoke(app, ["sessions", "list"])
    assert res.exit_code == 0 and "No sessions yet." in res.stderr
    assert not (workspace_dir / "sessions.sqlite").exists()  # listing creates nothing
    assert json.loads(runner.invoke(app, ["sessions", "list", "--json"]).stdout) == []
    res = runner.invoke(app, ["sessions", "show", "abc"])
    assert res.exit_code == 2 and res.stderr.startswith("Error: There are no sessions in")


def test_list_show_export_delete(session, tmp_path):
    sid = session.session_id
    listed = runner.invoke(app, ["sessions", "list"])
    assert listed.exit_code == 0
    assert sid in listed.stdout and "Describe the data" in listed.stdout
    rows = json.loads(runner.invoke(app, ["sessions", "list", "--json"]).stdout)
    assert [r["id"] for r in rows] == [sid] and rows[0]["turns"] >= 1

    shown = runner.invoke(app, ["sessions", "show", sid])
    assert shown.exit_code == 0
    assert "1. Describe the data" in shown.stdout and "describe (ok)" in shown.stdout
    assert session.text.splitlines()[0] in shown.stdout
    data = json.loads(runner.invoke(app, ["sessions", "show", sid, "--json"]).stdout)
    assert data["session"] == sid and data["turns"][0]["steps"][0]["tool"] == "describe"

    md = runner.invoke(app, ["sessions", "export", sid])
    assert md.exit_code == 0 and md.stdout.startswith("# Causal Copilot report: Describe the data")
    assert (
        f"Session {sid}: 1 question" in md.stdout
        and "## Question 1: Describe the data" in md.stdout
    )
    page = tmp_path / "s.html"
    res = runner.invoke(app, ["sessions", "export", sid, "--format", "html", "--out", str(page)])
    assert res.exit_code == 0 and page.read_text().startswith("<!DOCTYPE html>")
    target = tmp_path / "s.json"
    res = runner.invoke(app, ["sessions", "export", sid, "--format", "json", "--out", str(target)])
    assert res.exit_code == 0 and json.loads(target.read_text())["session"] == sid
    again = runner.invoke(
        app, ["sessions", "export", sid, "--format", "json", "--out", str(target)]
    )
    assert again.exit_code == 2 and "already exists" in again.stderr  # never overwritten
    bad = runner.invoke(app, ["sessions", "export", sid, "--format", "pdf"])
    assert bad.exit_code == 2

    refused = runner.invoke(app, ["sessions", "delete", sid])  # no terminal to confirm on
    assert refused.exit_code == 2 and "--yes" in refused.stderr
    assert runner.invoke(app, ["sessions", "delete", sid, "--yes"]).exit_code == 0
    gone = runner.invoke(app, ["sessions", "show", sid])
    assert gone.exit_code == 2 and f"Unknown session {sid!r}" in gone.stderr
    assert len(gone.stderr.strip().splitlines()) == 1
    assert json.loads(runner.invoke(app, ["sessions", "list", "--json"]).stdout) == []


def test_workspace_option(session, tmp_path):
    other = tmp_path / "elsewhere"
    res = runner.invoke(app, ["sessions", "list", "--workspace", str(other), "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout) == []
