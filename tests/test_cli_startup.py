"""`copilot --help` and `--version` stay instant: heavy libraries are not imported at start-up.

A timing assertion would be flaky on a shared machine, so this checks the cause instead: which
modules a fresh process has loaded after the command (benchmarks/cli_startup.py prints times).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

HEAVY = (
    "torch",
    "dowhy",
    "causallearn",
    "sklearn",
    "ray",
    "textual",
    "pandas",
    "numpy",
    "scipy",
    "matplotlib",
    "statsmodels",
    "networkx",
    "langgraph",
    "langchain_core",
    "openai",
    "pydantic_settings",
)

PROBE = r"""
import json, sys
sys.argv = ["copilot", *json.loads(sys.argv[1])]
from copilot.cli import main
try:
    main()
except SystemExit:
    pass
print("\nMODULES=" + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def _loaded_after(args: list[str]) -> tuple[str, set[str]]:
    res = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "COLUMNS": "100"},
    )
    head, _, mods = res.stdout.rpartition("\nMODULES=")
    assert mods, res.stderr
    return head, set(json.loads(mods))


# the top-level --help imports every command module, so it covers their module-level imports
@pytest.mark.parametrize("args", [["--help"], ["--version"], ["batch", "--help"]])
def test_start_up_imports_no_heavy_module(args):
    out, loaded = _loaded_after(args)
    assert out.strip(), "the command printed nothing"
    heavy = sorted(m for m in HEAVY if m in loaded)
    assert heavy == [], f"`copilot {' '.join(args)}` imported {heavy}"


def test_version_and_completion_through_the_installed_script():
    exe = shutil.which("copilot")
    cmd = [exe] if exe else [sys.executable, "-m", "copilot"]
    version = subprocess.run([*cmd, "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("causal-copilot ")
    # Typer's completion is enabled: the script can be shown and it completes commands and choices
    # (the script is asked for by name: `--show-completion` detects the shell from the process
    # tree, which a test run started without a shell ancestor does not have)
    script = subprocess.run(
        cmd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "_COPILOT_COMPLETE": "source_bash"},
    )
    assert script.returncode == 0 and "_copilot_completion" in script.stdout
    env = {
        **os.environ,
        "_COPILOT_COMPLETE": "complete_bash",
        "COMP_WORDS": "copilot batch jobs.yaml --executor ",
        "COMP_CWORD": "4",
    }
    choices = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
    assert choices.stdout.split() == ["local", "ray"]
    env.update(COMP_WORDS="copilot ses", COMP_CWORD="1")
    assert subprocess.run(
        cmd, capture_output=True, text=True, timeout=60, env=env
    ).stdout.split() == ["sessions"]


def test_every_command_has_help_with_examples():
    from typer.testing import CliRunner

    from copilot.cli import app

    runner = CliRunner()
    top = runner.invoke(app, ["--help"], env={"COLUMNS": "120"})
    assert top.exit_code == 0
    for name in ("batch", "doctor", "sessions"):
        assert name in top.output
    commands = [
        ["batch"],
        ["doctor"],
        ["sessions", "list"],
        ["sessions", "show"],
        ["sessions", "export"],
        ["sessions", "delete"],
        ["ask"],
        ["discover"],
        ["estimate"],
        ["tui"],
    ]
    commands += [["probe", sub] for sub in ("heads", "patch", "scores", "steer", "probe")]
    for args in commands:
        res = runner.invoke(app, [*args, "--help"], env={"COLUMNS": "120"})
        assert res.exit_code == 0, res.output
        assert (
            "Examples:" in res.output and "copilot " + args[0] in res.output.split("Examples:")[1]
        )


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "--help"],
        ["ask"],
        ["ask", "--bogus"],
        ["discover", "--help"],
        ["discover", "no-such-file.csv"],
        ["estimate", "--help"],
        ["probe", "--help"],
        ["probe", "headz"],
        ["probe", "heads", "--help"],
        ["sessions", "lst"],
        ["model", "--help"],
        ["batch", "--help"],
        ["doctor", "--help"],
        ["tui", "--help"],
    ],
)
def test_a_command_runs_on_an_app_of_its_own_with_the_same_output(args):
    """`copilot CMD ...` builds only CMD's click command (typer builds every registered command
    on each run); help, usage errors and exit codes are those of the whole app."""
    from typer.testing import CliRunner

    from copilot.cli import app, app_for

    runner = CliRunner()
    narrow = app_for(args)
    assert narrow is not app
    whole = runner.invoke(app, args, env={"COLUMNS": "100"})
    alone = runner.invoke(narrow, args, env={"COLUMNS": "100"})
    assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)


def test_top_level_help_and_unknown_commands_get_the_whole_app():
    from copilot.cli import app, app_for

    for args in ([], ["--help"], ["--version"], ["asj", "x"]):
        assert app_for(args) is app


@pytest.mark.parametrize("args", [["--version"], ["sessions", "list"], ["nonsense-command"]])
def test_the_command_leaves_its_live_objects_out_of_the_last_collections(args):
    """After a command (also one that fails), the objects still alive are frozen
    (`gc.freeze`), so the interpreter's shutdown does not walk the whole heap again; the
    command's own output is unchanged."""
    code = (
        "import gc, json, sys\n"
        "sys.argv = ['copilot', *json.loads(sys.argv[1])]\n"
        "from copilot.cli import main\n"
        "assert gc.get_freeze_count() == 0\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "print('\\nFROZEN=' + str(gc.get_freeze_count()))\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    head, _, frozen = res.stdout.rpartition("\nFROZEN=")
    assert frozen.strip().isdigit(), res.stderr
    assert int(frozen) > 10_000
    if args == ["--version"]:
        assert head.startswith("causal-copilot ")
