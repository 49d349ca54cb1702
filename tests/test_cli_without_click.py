"""The CLI needs no `click`: typer (0.29 and later) carries its own, and a fresh install of the
project does not have click unless another package pulls it in. Errors are handled through
typer's own exception types."""

from __future__ import annotations

import json
import subprocess
import sys

import typer
from typer.testing import CliRunner

from copilot.cli._common import handle_errors
from copilot.errors import InputError

# Block `import click` in a fresh interpreter, then run the CLI with the given arguments.
PROBE = r"""
import json, sys
sys.modules["click"] = None  # any `import click` now raises ImportError
from copilot.cli import main
sys.argv = ["copilot", *json.loads(sys.argv[1])]
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
sys.stderr.write(f"\nEXIT={code}\n")
"""


def run_without_click(*args: str) -> tuple[int, str, str]:
    res = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(list(args))],
        capture_output=True,
        text=True,
        timeout=300,
    )
    err, _, code = res.stderr.rpartition("\nEXIT=")
    return int(code.strip() or 1), res.stdout, err


def test_help_and_commands_run_without_click(tmp_path):
    code, out, err = run_without_click("--help")
    assert code == 0 and "estimate" in out, err
    code, out, err = run_without_click("doctor", "--json")
    assert "ModuleNotFoundError" not in err and "Traceback" not in err
    assert json.loads(out)["checks"], err
    code, out, err = run_without_click(
        "estimate", str(tmp_path / "missing.csv"), "-t", "a", "-y", "b"
    )
    assert code == 2 and "Traceback" not in err
    assert err.strip().startswith("Error:") and "missing.csv" in err


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.command()
    @handle_errors
    def run(what: str) -> None:
        if what == "bad":
            raise typer.BadParameter("must be good", param_hint="'WHAT'")
        if what == "abort":
            raise typer.Abort()
        if what == "input":
            raise InputError("No such column 'x'.", "pick one of a, b")
        if what == "fault":
            raise ValueError("boom")
        raise typer.Exit(3)

    return app


def test_typer_errors_keep_their_own_handling():
    runner = CliRunner()
    res = runner.invoke(_app(), ["bad"])
    assert res.exit_code == 2 and "must be good" in res.output
    assert "internal error" not in res.output
    assert runner.invoke(_app(), ["abort"]).exit_code == 1
    assert runner.invoke(_app(), ["exit"]).exit_code == 3


def test_copilot_errors_and_faults_are_one_line():
    runner = CliRunner()
    res = runner.invoke(_app(), ["input"])
    assert res.exit_code == 2 and res.output.strip().splitlines() == [
        "Error: No such column 'x'. Hint: pick one of a, b"
    ]
    res = runner.invoke(_app(), ["fault"])
    assert res.exit_code == 1 and "internal error (ValueError: boom)" in res.output
