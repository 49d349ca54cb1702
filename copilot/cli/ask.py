"""`copilot ask`: one question, answered by the agent, with its steps streamed on stderr."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from copilot.cli._common import ProgressDisplay, handle_errors, print_json
from copilot.cli.vocabulary import LLM_BACKENDS, CopilotCommand, choice_option
from copilot.errors import InputError, printable
from copilot.progress import Progress

EPILOG = """Examples:

  copilot ask "what is the effect of price on sales?" --data sales.csv

  copilot ask "what causes churn?" --data churn.parquet --report churn.html

  copilot ask "which heads matter for induction?" --model demo

  copilot ask "now control for age" --session 20260101-120000-ab12cd

  copilot ask --session 20260101-120000-ab12cd --resume

  copilot ask "does ad spend cause revenue?" --data shop.csv --json | jq .answer

The planner is offline unless --llm openai (or COPILOT_LLM_BACKEND=openai) is set."""


class StepPrinter:
    """The agent's steps on stderr: a line for the plan and for each tool start and finish;
    a tool's progress as in-place bars on a terminal, one line per stage otherwise."""

    def __init__(self, enabled: bool = True, display: ProgressDisplay | None = None):
        self.enabled = enabled
        self.display = display or ProgressDisplay(enabled=enabled)

    def __enter__(self) -> StepPrinter:
        self.display.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.display.close()

    def __call__(self, ev: Any) -> None:
        if not self.enabled:
            return
        kind = getattr(ev, "kind", "")
        line = None
        if kind == "plan":
            line = f"plan: {', '.join(ev.steps)}"
        elif kind == "tool_started":
            args = ", ".join(f"{k}={v!r}" for k, v in ev.args.items())
            line = f"-> {ev.tool}({args})"
        elif kind == "progress":
            self.display(Progress(ev.task, ev.done, ev.total, ev.message))
        elif kind == "tool_finished":
            self.display.clear()
            if ev.ok:
                first = (ev.summary or "").splitlines()[0] if ev.summary else ""
                line = f"<- {ev.tool} ok ({ev.elapsed_s:.1f}s) {first}".rstrip()
            else:
                err = ev.error or {}
                hint = f" Hint: {err.get('hint')}" if err.get("hint") else ""
                line = f"<- {ev.tool} failed: {err.get('message', ev.summary)}{hint}"
        elif kind == "approval":
            line = f"?? {ev.tool} needs approval: {ev.reason}"
        if line:
            self.display.line(printable(line))


def answer_json(answer: Any) -> dict[str, Any]:
    """The object `copilot ask --json` prints."""
    return {
        "answer": answer.text,
        "steps": [s.model_dump(mode="json") for s in answer.steps],
        "results": answer.results,
        "artifacts": answer.artifacts,
        "session": answer.session_id,
        "partial": answer.partial,
        "failed": failed(answer),
        "llm": answer.llm,
        "report": answer.report,
    }


def failed(answer: Any) -> bool:
    """True when the analysis ran tools and none of them succeeded (exit code 1)."""
    return bool(answer.steps) and not any(s.ok for s in answer.steps)


@handle_errors
def ask(
    question: Annotated[str | None, typer.Argument(help="The question, in plain language.")] = None,
    data: Annotated[
        list[Path] | None,
        typer.Option(
            "--data",
            "-d",
            metavar="FILE",
            help="A data file (CSV, TSV, Parquet, JSONL); repeatable.",
        ),
    ] = None,
    model: Annotated[
        list[str] | None,
        typer.Option(
            "--model", "-m", metavar="MODEL", help="A model checkpoint, or 'demo'; repeatable."
        ),
    ] = None,
    session: Annotated[
        str | None,
        typer.Option(
            "--session", "-s", metavar="ID", help="Continue this session (created when new)."
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Finish the session's interrupted run instead of asking."),
    ] = False,
    llm: Annotated[
        str | None,
        choice_option(
            "--llm", choices=LLM_BACKENDS, help="Planner (default: settings).", show_default=False
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            "-r",
            metavar="FILE",
            help="Write the report of the whole session to FILE (.md or .html); never overwrites.",
        ),
    ] = None,
    workspace: Annotated[
        Path | None,
        typer.Option(
            "--workspace",
            metavar="DIR",
            help="Workspace folder (datasets, artifacts, sessions).",
            envvar="COPILOT_WORKSPACE",
            show_default=False,
        ),
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print one JSON object instead of text.")
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Do not print the steps on stderr.")
    ] = False,
) -> None:
    """Ask a causal question about data or a model; the agent plans, runs the tools and answers."""
    if resume and not session:
        raise InputError("--resume needs --session ID.", "name the session to resume")
    if not resume and not (question or "").strip():
        raise InputError(
            "No question given.", 'ask e.g. copilot ask "what is the effect of X on Y?" --data FILE'
        )
    if resume and (question or data or model):
        raise InputError(
            "--resume takes no question, --data or --model.", "the session already has its inputs"
        )
    for p in data or []:
        if not p.exists():
            raise InputError(f"Data file {p} does not exist.", "check the path")
    if not resume and not data and not model and not session:
        # a file the question names ("... in sales.csv?") is its data: a wrong path gets its
        # one-line error before any progress line (the Copilot loads the files it finds)
        from copilot.tools.datafile import files_named_in, missing_named_file

        found, missing = files_named_in(question or "")
        if missing and not found:
            raise missing_named_file(missing[0])
    printer = StepPrinter(enabled=not quiet)
    with printer, _copilot(printer, llm, workspace) as cp:
        if resume:
            events = cp.stream_resume(session, report=report)
        else:
            events = cp.stream(
                question,
                data=[str(p) for p in data or []] or None,
                model=list(model) if model else None,
                session=session,
                report=report,
            )
        answer = None
        for ev in events:
            if ev.kind == "answer":
                answer = ev.answer
            else:
                printer(ev)
    if answer is None:  # pragma: no cover - the stream always ends with an answer
        raise InputError("The run ended without an answer.", "resume the session with --resume")
    if json_out:
        print_json(answer_json(answer))
    else:
        typer.echo(printable(answer.text))
        if not quiet:
            print(f"session: {answer.session_id}", file=sys.stderr)
    if answer.report:
        # said even with --quiet and --json: the file is what was asked for
        print(printable(f"report: {answer.report}"), file=sys.stderr)
    if failed(answer):
        raise typer.Exit(1)


def _copilot(printer: StepPrinter, llm: str | None, workspace: Path | None) -> Any:
    """The Copilot, with a first line on stderr before the agent's libraries load."""
    from copilot.settings import load_settings

    settings = load_settings(llm_backend=llm, workspace=workspace)
    printer.display.stage(f"starting the {settings.llm_backend} planner")
    from copilot.api import Copilot

    return Copilot(settings)


def register(app: typer.Typer) -> None:
    app.command("ask", epilog=EPILOG, cls=CopilotCommand)(ask)
