"""`copilot sessions`: list, show, export and delete the checkpointed sessions of a workspace."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from copilot.cli._common import handle_errors, print_json
from copilot.cli.vocabulary import (
    EXPORT_FORMATS,
    CopilotCommand,
    CopilotGroup,
    choice_option,
    json_option,
    workspace_option,
)
from copilot.errors import printable

sessions_app = typer.Typer(
    name="sessions",
    help="List, show, export and delete saved sessions (every `copilot ask` run is one).",
    no_args_is_help=True,
    cls=CopilotGroup,
)

WorkspaceOpt = Annotated[Path | None, workspace_option()]
SessionId = Annotated[
    str,
    typer.Argument(
        metavar="ID", help="Session id, as shown by `copilot sessions list`.", show_default=False
    ),
]


def _store(workspace: Path | None, must_exist: bool = True) -> Any:
    """The session store; None when the workspace has no sessions database yet."""
    from copilot.errors import SessionError
    from copilot.sessions import open_store
    from copilot.settings import load_settings
    from copilot.workspace import Workspace

    settings = load_settings(workspace=workspace)
    ws = Workspace(settings.workspace)
    if not ws.sessions_db.exists():
        if must_exist:
            raise SessionError(
                f"There are no sessions in {ws.root}.",
                "ask a question first (copilot ask ...) or pass --workspace",
            )
        return None
    return open_store(ws)


@sessions_app.command(
    "list",
    cls=CopilotCommand,
    epilog="Examples:\n\n  copilot sessions list\n\n"
    "  copilot sessions list --json | jq -r '.[].id'\n\n"
    "  copilot sessions list --workspace runs/batch/workspace --limit 5",
)
@handle_errors
def list_sessions(
    workspace: WorkspaceOpt = None,
    limit: Annotated[
        int | None,
        typer.Option(
            min=1, metavar="N", help="Show only the newest N sessions.", show_default=False
        ),
    ] = None,
    as_json: Annotated[bool, json_option("Print a JSON list.")] = False,
) -> None:
    """List sessions, newest first: id, last update, turns, planner, status, first question."""
    store = _store(workspace, must_exist=False)
    infos = [] if store is None else store.list()
    if store is not None:
        store.close()
    infos = infos[:limit] if limit else infos
    if as_json:
        print_json([i.model_dump() for i in infos])
        return
    if not infos:
        typer.echo("No sessions yet.", err=True)
        return
    width = max(len(i.id) for i in infos)
    # titles are questions as typed: no control character reaches the terminal
    typer.echo(f"{'id':<{width}}  {'updated':<25}  {'turns':>5}  {'llm':<8}  {'status':<9}  title")
    for i in infos:
        title = " ".join(printable(i.title).split())
        title = title if len(title) <= 60 else title[:57] + "..."
        typer.echo(
            f"{i.id:<{width}}  {i.updated:<25}  {i.turns:>5}  {i.llm or '-':<8}  "
            f"{i.status or '-':<9}  {title}"
        )


@sessions_app.command(
    "show",
    cls=CopilotCommand,
    epilog="Examples:\n\n  copilot sessions show 20250101-120000-ab12cd\n\n"
    "  copilot sessions show 20250101-120000-ab12cd --json",
)
@handle_errors
def show_session(
    session_id: SessionId,
    workspace: WorkspaceOpt = None,
    as_json: Annotated[bool, json_option("Print the session as one JSON object.")] = False,
) -> None:
    """Show one session: its questions, the steps taken for each, the answers and the files."""
    store = _store(workspace)
    try:
        data = store.show(session_id)
    finally:
        store.close()
    if as_json:
        print_json(data)
        return
    data = _printable(data)
    typer.echo(f"Session {session_id}: {data.get('title') or '(untitled)'}")
    typer.echo(
        f"created {data.get('created')}, updated {data.get('updated')}, "
        f"planner {data.get('llm') or 'offline'}, status {data.get('status') or '-'}"
    )
    if data.get("datasets"):
        typer.echo(f"datasets: {', '.join(data['datasets'])}")
    if data.get("models"):
        typer.echo(f"models: {', '.join(data['models'])}")
    for n, turn in enumerate(data.get("turns") or [], 1):
        typer.echo(f"\n{n}. {turn['question']}")
        for step in turn.get("steps") or []:
            mark = "ok" if step["ok"] else "failed"
            first = (step.get("summary") or "").strip().splitlines()[:1]
            typer.echo(f"   - {step['tool']} ({mark}): {first[0] if first else ''}")
        typer.echo("")
        typer.echo(turn.get("answer") or "(no answer)")
    if data.get("artifacts"):
        typer.echo("\nfiles:")
        for a in data["artifacts"]:
            typer.echo(f"  {a}")


@sessions_app.command(
    "export",
    cls=CopilotCommand,
    epilog="Examples:\n\n  copilot sessions export ID > session.md\n\n"
    "  copilot sessions export ID --format html --out session.html\n\n"
    "  copilot sessions export ID --format json --out session.json",
)
@handle_errors
def export_session(
    session_id: SessionId,
    format: Annotated[
        str,
        choice_option(
            "--format",
            "-f",
            choices=EXPORT_FORMATS,
            help="md or html: the session's report with its figures (html embeds them); "
            "json: everything.",
        ),
    ] = "md",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="Write to FILE (never overwritten) instead of stdout.",
            show_default=False,
        ),
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Export a session: its report (every question with its steps, results, figures and
    answer) as Markdown or self-contained HTML, or everything as JSON."""
    from copilot.workspace import safe_output_path

    target = safe_output_path(out) if out is not None else None
    store = _store(workspace)
    try:
        if format == "json":
            text = store.export(session_id, format=format)
        else:
            text = _report_text(store, session_id, format, workspace, target)
    finally:
        store.close()
    if target is None:
        typer.echo(text if format == "json" else printable(text))
        return
    with open(
        target, "x", encoding="utf-8"
    ) as fh:  # "x": a file created meanwhile is not overwritten
        fh.write(text if text.endswith("\n") else text + "\n")
    typer.echo(f"Wrote {target}", err=True)


@sessions_app.command(
    "delete",
    cls=CopilotCommand,
    epilog="Examples:\n\n  copilot sessions delete ID\n\n"
    "  copilot sessions delete ID --yes        (no question; for scripts)",
)
@handle_errors
def delete_session(
    session_id: SessionId,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Delete a session and all its checkpoints."""
    from copilot.errors import InputError

    store = _store(workspace)
    try:
        info = store.info(session_id)
        if not yes:
            if not sys.stdin.isatty():
                raise InputError(
                    f"Deleting session {session_id!r} needs confirmation.",
                    "pass --yes when running without a terminal",
                )
            if not typer.confirm(
                f"Delete session {session_id} ({info.title!r}, {info.turns} turn(s))?"
            ):
                typer.echo("Nothing deleted.", err=True)
                raise typer.Exit(1)
        store.delete(session_id)
    finally:
        store.close()
    typer.echo(f"Deleted session {session_id}.", err=True)


def _report_text(
    store: Any, session_id: str, fmt: str, workspace: Path | None, target: Path | None
) -> str:
    """The session's report; figure links and file paths relative to where it is written."""
    from copilot.report import render_report
    from copilot.settings import load_settings
    from copilot.workspace import Workspace

    settings = load_settings(workspace=workspace)
    values = store.state(session_id)
    base = target.parent if target is not None else Path.cwd()
    return render_report(
        fmt, values, None, settings, Workspace(settings.workspace), session_id, base
    )


def _printable(obj: Any) -> Any:
    """Every string inside `obj` without terminal control characters."""
    if isinstance(obj, str):
        return printable(obj)
    if isinstance(obj, dict):
        return {k: _printable(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_printable(v) for v in obj]
    return obj


def register(app: typer.Typer) -> None:
    app.add_typer(sessions_app, name="sessions")
