"""The `copilot` command line. Each command group lives in its own module; heavy libraries
are imported inside the commands so that `copilot --help` stays instant."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import Annotated

import typer

from copilot import __version__
from copilot.cli.vocabulary import CopilotGroup

# Command modules; each has `register(app)` and registers the command (or group) of its name.
# Listed here so that the order of --help is stable.
COMMAND_MODULES: tuple[str, ...] = (
    "ask",
    "batch",
    "discover",
    "doctor",
    "estimate",
    "model",
    "probe",
    "sessions",
    "tui",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"causal-copilot {__version__}")
        raise typer.Exit()


def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Causal Copilot: answers causal questions about data and about models."""


def make_app(commands: Sequence[str] = COMMAND_MODULES) -> typer.Typer:
    """The `copilot` app with the commands of these modules, in this order."""
    import importlib

    new = typer.Typer(
        name="copilot",
        help="Causal Copilot: answers causal questions about data and about models.",
        no_args_is_help=True,
        pretty_exceptions_show_locals=False,
        context_settings={"help_option_names": ["-h", "--help"]},
        cls=CopilotGroup,
    )
    new.callback()(_root)
    for name in commands:
        importlib.import_module(f"copilot.cli.{name}").register(new)
    return new


app = make_app()


def main() -> None:
    from copilot.heap import apply_from_env

    apply_from_env()  # see copilot.heap: batched model work reuses freed memory
    try:
        app_for(sys.argv[1:])()
    finally:
        _skip_collection_at_exit()


def _skip_collection_at_exit() -> None:
    """Leave the objects alive at exit out of the garbage collector's last passes.

    At shutdown the interpreter clears every module and runs the cyclic collector over the whole
    heap several times; after `ask` has loaded LangGraph and langchain that took 0.2 to 0.3 s of
    CPU, a fifth of the command, to find garbage the operating system takes back anyway.
    `gc.freeze()` moves the live objects out of the collector's reach: module globals are still
    cleared and objects freed by reference counting as usual (open files flushed, connections
    closed), `atexit` handlers and thread joins run as before; only reference cycles are left
    unfinalised, which Python does not promise to finalise at exit either."""
    import gc

    gc.freeze()


def app_for(args: Sequence[str]) -> typer.Typer:
    """The app a run with these arguments needs.

    Typer turns every registered command into a click command on each run, which took 0.05 to
    0.1 s for all of them (most of `copilot --version`); running one command needs only that
    one, so `copilot ask ...` gets an app that holds `ask` alone: same options, help, errors and
    exit codes. The top-level help, shell completion and anything that is not a command name
    get the whole app."""
    if args and args[0] in COMMAND_MODULES and "_COPILOT_COMPLETE" not in os.environ:
        return make_app((args[0],))
    return app
