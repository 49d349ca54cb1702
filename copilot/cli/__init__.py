"""The `copilot` command line. Each command group lives in its own module; heavy libraries
are imported inside the commands so that `copilot --help` stays instant."""

from __future__ import annotations

from typing import Annotated

import typer

from copilot import __version__
from copilot.cli.vocabulary import CopilotGroup

app = typer.Typer(
    name="copilot",
    help="Causal Copilot: answers causal questions about data and about models.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=CopilotGroup,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"causal-copilot {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Causal Copilot: answers causal questions about data and about models."""


# Command modules; each has `register(app)`. Listed here so that the order of --help is stable.
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


def _register() -> None:
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"copilot.cli.{name}").register(app)


_register()


def main() -> None:
    from copilot.heap import apply_from_env

    apply_from_env()  # see copilot.heap: batched model work reuses freed memory
    app()
