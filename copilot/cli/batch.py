"""`copilot batch JOBS`: run many questions and tool calls from a file, locally or on Ray."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from copilot.cli._common import handle_errors, print_json
from copilot.cli.vocabulary import (
    EXECUTORS,
    CopilotCommand,
    choice_option,
    json_option,
    out_dir_option,
)

EPILOG = """Job file (YAML; paths are relative to the job file):

  defaults:
    data: data/linear_gaussian.csv
  jobs:
    - id: effect
      kind: ask
      question: What is the effect of X on Y?
    - id: graph
      kind: discover
      algorithm: pc
    - id: x_on_y
      kind: estimate
      treatment: X
      outcome: Y
      timeout: 300     # seconds; then it is stopped and recorded as failed
    - id: heads
      kind: probe
      experiment: heads
      model: demo

Examples:

  copilot batch examples/jobs.yaml --out-dir runs/example

  copilot batch jobs.jsonl --out-dir runs/b --workers 4 --reports

  copilot batch jobs.yaml --out-dir runs/b --resume          (after a crash or Ctrl-C)

  copilot batch jobs.yaml --out-dir runs/b --timeout 600     (time limit per job)

  copilot batch jobs.yaml --executor ray --ray-address ray://head:10001

  copilot batch jobs.yaml --check                        (validate only)

  copilot batch jobs.yaml --out-dir runs/b --json | jq '.failed'  (for scripts)

Exit code: 0 when every job succeeded, 1 when a job failed, 2 when the job file or an option is
invalid (nothing runs), 130 when interrupted (the results written so far are kept)."""


class _LogLines:
    """One plain line per finished job on stderr: for --quiet, log files and pipes."""

    def __init__(self) -> None:
        self.total = 0
        self.done = 0

    def begin(self, jobs: list[Any], reused: dict[str, dict[str, Any]]) -> None:
        self.total = len(jobs)
        self.done = len(reused)
        if reused:
            typer.echo(
                f"resuming: {len(reused)} of {len(jobs)} job(s) already have complete results",
                err=True,
            )
        else:  # the first line at once, not when the first job finishes
            typer.echo(f"running {len(jobs)} job(s)...", err=True)

    def started(self, job: Any) -> None:
        pass

    def finished(self, job: Any, record: dict[str, Any]) -> None:
        self.done += 1
        typer.echo(f"[{self.done}/{self.total}] {_line(record)}", err=True)

    def end(self) -> None:
        pass


class _LiveBar:
    """A progress bar with one spinner line per running job; finished jobs scroll above it."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True, highlight=False)
        # job lines have no total: their bar pulses and the count column stays empty
        self.progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            TextColumn("{task.fields[count]}"),
            TimeElapsedColumn(),
            console=self.console,
            transient=True,
        )
        self.overall: Any = None
        self.tasks: dict[str, Any] = {}
        self.counts = {"ok": 0, "error": 0}

    def begin(self, jobs: list[Any], reused: dict[str, dict[str, Any]]) -> None:
        self.progress.start()
        self.overall = self.progress.add_task(
            "batch", total=len(jobs), completed=len(reused), count=f"{len(reused)}/{len(jobs)}"
        )
        if reused:
            self.console.print(f"resuming: {len(reused)} of {len(jobs)} job(s) already done")

    def started(self, job: Any) -> None:
        from rich.markup import escape

        earlier = self.tasks.pop(job.id, None)  # a job started again (its worker was stopped)
        if earlier is not None:
            self.progress.remove_task(earlier)
        self.tasks[job.id] = self.progress.add_task(
            f"  {escape(job.id)} [dim]({job.kind})[/] running", total=None, count=""
        )

    def finished(self, job: Any, record: dict[str, Any]) -> None:
        from rich.markup import escape

        task = self.tasks.pop(job.id, None)
        if task is not None:
            self.progress.remove_task(task)
        ok = record["status"] == "ok"
        self.counts["ok" if ok else "error"] += 1
        mark = "[green]ok   [/]" if ok else "[red]error[/]"
        self.console.print(f"{mark} {escape(_line(record, with_status=False))}")
        task = self.progress.tasks[self.overall]
        self.progress.update(
            self.overall,
            advance=1,
            count=f"{int(task.completed) + 1}/{int(task.total or 0)}",
            description=f"batch [green]{self.counts['ok']} ok[/] [red]{self.counts['error']} failed[/]",
        )

    def end(self) -> None:
        self.progress.stop()


def _line(record: dict[str, Any], with_status: bool = True) -> str:
    from copilot.errors import printable

    return printable(_raw_line(record, with_status))


def _raw_line(record: dict[str, Any], with_status: bool = True) -> str:
    status = f"{record['status']:<6}" if with_status else ""
    head = f"{status}{record['id']} ({record['kind']}, {record['elapsed_s']:.1f} s)"
    if record["status"] == "ok":
        return f"{head}: {record.get('summary') or ''}".rstrip(": ")
    err = record.get("error") or {}
    hint = f" Hint: {err['hint']}" if err.get("hint") else ""
    return f"{head}: {err.get('message', '')}{hint}"


def _print_summary(summary: Any) -> None:
    """The summary table on stdout: one row per job, then the totals and where the files are."""
    from copilot.errors import printable

    rows = summary.rows
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        elapsed = f"{r['elapsed_s']:.1f}s" if isinstance(r.get("elapsed_s"), int | float) else "-"
        text = r.get("summary") if r["status"] == "ok" else r.get("error")
        reused = " (earlier run)" if r.get("reused") else ""
        typer.echo(
            printable(
                f"{r['id']:<{width}}  {r['kind']:<8}  {r['status']:<7}  {elapsed:>7}  "
                f"{text or ''}{reused}"
            )
        )
    failed = len(summary.failed)
    typer.echo(
        f"{len(rows)} job(s): {len(summary.ok)} ok, {failed} failed"
        + (f", {summary.reused} from an earlier run" if summary.reused else "")
        + f". Results in {summary.out}/results, summary in {summary.summary_csv.name} and "
        f"{summary.summary_jsonl.name}."
    )


@handle_errors
def batch(
    jobs: Annotated[
        Path,
        typer.Argument(
            help="Job file: YAML (.yaml/.yml) or JSON Lines (.jsonl).", show_default=False
        ),
    ],
    out: Annotated[
        Path | None,
        out_dir_option("Folder of the run (default: ./NAME_results for a job file NAME.yaml)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            "-w",
            metavar="N",
            min=1,
            help="Jobs run at the same time (default: CPU count; on Ray: the cluster's CPUs).",
            show_default=False,
        ),
    ] = None,
    executor: Annotated[
        str,
        choice_option(
            "--executor",
            choices=EXECUTORS,
            help="local: a pool of processes on this machine; ray: Ray tasks (needs the ray "
            "extra: causal-copilot\\[ray]).",
        ),
    ] = "local",
    ray_address: Annotated[
        str | None,
        typer.Option(
            metavar="ADDRESS",
            help="Ray cluster to use (e.g. ray://HOST:10001); default: a local instance started and stopped here.",
            show_default=False,
        ),
    ] = None,
    resume: Annotated[
        bool,
        typer.Option("--resume", help="Skip jobs whose complete result is already in --out-dir."),
    ] = False,
    retry_failed: Annotated[
        bool, typer.Option("--retry-failed", help="With --resume, also run failed jobs again.")
    ] = False,
    report: Annotated[
        bool,
        typer.Option(
            "--reports",
            help="Write a report per job to OUT_DIR/reports (jobs can set report: true).",
        ),
    ] = False,
    timeout: Annotated[
        str | None,
        typer.Option(
            "--timeout",
            metavar="SECONDS",
            help="Time limit of each job that sets no timeout of its own; a job past it is "
            "stopped and recorded as failed (default: no limit).",
            show_default=False,
        ),
    ] = None,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet", "-q", help="No progress bar: one plain line per finished job (for logs)."
        ),
    ] = False,
    as_json: Annotated[
        bool, json_option("Print the summary as one JSON object instead of the table.")
    ] = False,
    check: Annotated[
        bool,
        typer.Option("--check", help="Only validate the job file and list the jobs; run nothing."),
    ] = False,
) -> None:
    """Run the jobs of a file (questions and tool calls) and write one JSON result per job."""
    from copilot.batch import JobFileError, describe_jobs, load_jobs, run_batch

    if check:
        try:
            parsed = load_jobs(jobs)
        except JobFileError as exc:
            for problem in exc.problems:
                typer.echo(f"{exc.path}: {problem}", err=True)
            raise typer.Exit(2) from None
        for line in describe_jobs(parsed):
            typer.echo(line)
        typer.echo(f"{len(parsed)} job(s), all valid.")
        return
    limit = _seconds(timeout)
    parsed = load_jobs(jobs)
    out = out if out is not None else Path(f"{jobs.stem}_results")
    display = _LogLines() if quiet or not sys.stderr.isatty() else _LiveBar()
    t0 = time.perf_counter()
    with _sigterm_as_interrupt():
        summary = run_batch(
            parsed,
            out,
            workers=workers,
            executor=executor,
            ray_address=ray_address,
            resume=resume,
            retry_failed=retry_failed,
            report=report,
            timeout=limit,
            display=display,
        )
    if as_json:
        print_json(
            {
                "out": str(summary.out),
                "ok": summary.ok,
                "failed": summary.failed,
                "reused": summary.reused,
                "rows": summary.rows,
            }
        )
    else:
        _print_summary(summary)
    typer.echo(f"Finished in {time.perf_counter() - t0:.1f} s.", err=True)
    if summary.failed:
        raise typer.Exit(1)


def _seconds(value: str | None) -> float | None:
    """--timeout as a positive, finite number of seconds; one-line error otherwise."""
    import math

    from copilot.errors import InputError

    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise InputError(
            f"--timeout must be a positive number of seconds (got {value!r}).",
            "pass e.g. --timeout 600, or leave it out for no time limit",
        )
    return seconds


class _sigterm_as_interrupt:
    """SIGTERM (a scheduler stopping the run) ends the batch like Ctrl-C: workers are stopped
    and the summary of what finished is written."""

    def __enter__(self) -> None:
        import signal
        import threading

        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGTERM, self._raise)

    @staticmethod
    def _raise(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    def __exit__(self, *exc: Any) -> None:
        import signal

        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)


def register(app: typer.Typer) -> None:
    app.command("batch", epilog=EPILOG, cls=CopilotCommand)(batch)
