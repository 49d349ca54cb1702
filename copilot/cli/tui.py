"""`copilot tui`: the terminal UI. Textual is imported inside the command, so the rest of the CLI
(and `import copilot`) never loads it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from copilot.cli._common import handle_errors
from copilot.cli.vocabulary import CopilotCommand, workspace_option

EPILOG = """Examples:

  copilot tui

  copilot tui --data examples/data/sales.csv

  copilot tui --data a.csv --data b.parquet --model demo

  copilot tui --session 20250101-120000-ab12cd

Inside: type a question and press enter; /help lists commands and keys."""


@handle_errors
def tui(
    data: Annotated[
        list[Path] | None,
        typer.Option("--data", "-d", metavar="FILE", help="Data file to load (repeatable)."),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option("--model", "-m", metavar="MODEL", help="Model checkpoint to load, or 'demo'."),
    ] = None,
    session: Annotated[
        str | None,
        typer.Option("--session", "-s", metavar="ID", help="Open (and resume) this session."),
    ] = None,
    workspace: Annotated[
        Path | None,
        workspace_option("Workspace folder (datasets, artifacts, sessions)."),
    ] = None,
) -> None:
    """Ask questions, watch the analysis and explore the results in the terminal."""
    from copilot.settings import load_settings

    settings = load_settings(workspace=workspace)
    from copilot.tui.app import CopilotApp

    CopilotApp(
        data=[str(p) for p in data or ()], model=model, session=session, settings=settings
    ).run()


def register(app: typer.Typer) -> None:
    app.command("tui", epilog=EPILOG, cls=CopilotCommand)(tui)
