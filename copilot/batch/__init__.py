"""Batch jobs: many questions and tool calls from one file, run unattended, results on disk.

    from copilot.batch import load_jobs, run_batch
    summary = run_batch(load_jobs("jobs.yaml"), "out/", workers=2)
    summary.failed  # jobs whose result has status "error"

The driver validates everything first, hands jobs to an executor (a local process pool or
Ray), writes each result atomically as it arrives, and writes the summary table at the end,
also after Ctrl-C. With `resume`, jobs whose complete result is already in the folder are
not run again. A job that runs past its timeout (its own `timeout`, else the batch's) is
stopped and recorded as failed.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

from copilot.batch.results import OutputFolder, summary_row, write_summary
from copilot.batch.runners import JobContext
from copilot.batch.spec import Job, JobFileError, describe_jobs, known_kinds, load_jobs
from copilot.errors import InputError

__all__ = [
    "BatchSummary",
    "Job",
    "JobFileError",
    "describe_jobs",
    "known_kinds",
    "load_jobs",
    "run_batch",
]

Executor = Literal["local", "ray"]


class BatchDisplay(Protocol):
    """What the driver reports while it runs (the CLI shows a progress bar or log lines)."""

    def begin(self, jobs: list[Job], reused: dict[str, dict[str, Any]]) -> None: ...
    def started(self, job: Job) -> None: ...
    def finished(self, job: Job, record: dict[str, Any]) -> None: ...
    def end(self) -> None: ...


class _Silent:
    def begin(self, jobs: list[Job], reused: dict[str, dict[str, Any]]) -> None:
        pass

    def started(self, job: Job) -> None:
        pass

    def finished(self, job: Job, record: dict[str, Any]) -> None:
        pass

    def end(self) -> None:
        pass


@dataclass
class BatchSummary:
    """What a batch did: one summary row per job (in job-file order) and where things are."""

    out: Path
    rows: list[dict[str, Any]]
    ran: int = 0
    reused: int = 0
    not_run: list[str] = field(default_factory=list)
    summary_csv: Path | None = None
    summary_jsonl: Path | None = None

    @property
    def failed(self) -> list[str]:
        return [r["id"] for r in self.rows if r["status"] != "ok"]

    @property
    def ok(self) -> list[str]:
        return [r["id"] for r in self.rows if r["status"] == "ok"]


def worker_settings(settings: Any) -> dict[str, Any]:
    """The settings workers start from, as JSON values; the API key is left out on purpose:
    workers read it from their own environment, so it never travels with a task."""
    d = settings.model_dump(mode="json", exclude={"llm_api_key"})
    d["workspace"] = str(Path(settings.workspace).expanduser().absolute())
    return d


def run_batch(
    jobs: list[Job],
    out: str | Path,
    *,
    workers: int | None = None,
    executor: Executor = "local",
    ray_address: str | None = None,
    resume: bool = False,
    retry_failed: bool = False,
    report: bool = False,
    timeout: float | None = None,
    settings: Any = None,
    display: BatchDisplay | None = None,
) -> BatchSummary:
    """Run validated jobs; results go to `out/results/<id>.json`, the summary to `out/summary.*`.

    `timeout` is the time limit in seconds of jobs that set no `timeout` of their own (None: no
    limit). A job past its limit is stopped and recorded as failed with the error `Timeout`.
    """
    import math

    from copilot.settings import load_settings

    if not jobs:
        raise InputError("There are no jobs to run.", "add jobs to the job file")
    if executor not in ("local", "ray"):
        raise InputError(f"Unknown executor {executor!r}.", "use local or ray")
    if workers is not None and workers < 1:
        raise InputError(
            f"--workers must be at least 1 (got {workers}).", "pass --workers 1 or more"
        )
    if ray_address and executor != "ray":
        raise InputError("--ray-address needs --executor ray.", "add --executor ray")
    if retry_failed and not resume:
        raise InputError("--retry-failed needs --resume.", "add --resume")
    if timeout is not None and (
        isinstance(timeout, bool)
        or not isinstance(timeout, int | float)
        or not math.isfinite(timeout)
        or timeout <= 0
    ):
        raise InputError(
            f"--timeout must be a positive number of seconds (got {timeout!r}).",
            "pass e.g. --timeout 600, or leave it out for no time limit",
        )
    if executor == "ray":
        from copilot.batch.executors import _import_ray, check_ray_address

        _import_ray()
        if ray_address:
            check_ray_address(ray_address)
    display = display or _Silent()
    settings = settings or load_settings()
    folder = OutputFolder(out)
    lock = folder.lock()  # held until the summary is written
    try:
        return _run_locked(
            jobs,
            folder,
            settings,
            display,
            executor,
            workers,
            ray_address,
            resume,
            retry_failed,
            report,
            timeout,
        )
    finally:
        lock.release()


def _run_locked(
    jobs: list[Job],
    folder: OutputFolder,
    settings: Any,
    display: BatchDisplay,
    executor: Executor,
    workers: int | None,
    ray_address: str | None,
    resume: bool,
    retry_failed: bool,
    report: bool,
    timeout: float | None,
) -> BatchSummary:
    import os

    from copilot.batch.executors import run_local, run_ray

    folder.prepare(resume=resume)
    ctx = JobContext(
        out=str(folder.root),
        settings=worker_settings(settings),
        report=report,
        executor=executor,
        resume=resume,
    )

    records: dict[str, dict[str, Any]] = {}
    reused: dict[str, dict[str, Any]] = {}
    if resume:
        for job in jobs:
            done = folder.complete_result(job, retry_failed=retry_failed)
            if done is not None:
                reused[job.id] = done
    todo = [j for j in jobs if j.id not in reused]

    display.begin(jobs, reused)
    try:
        if todo:
            if executor == "ray":
                events = run_ray(todo, ctx, workers, ray_address, timeout)
            else:
                n = workers or min(len(todo), os.cpu_count() or 1)
                events = run_local(todo, ctx, n, timeout)
            # closing() stops the executor's workers at once when this loop is left by an exception
            with closing(events):
                for what, job, record in events:
                    if what == "started":
                        display.started(job)
                        continue
                    assert record is not None, "a finished event carries its record"
                    folder.write_result(record)
                    records[job.id] = record
                    display.finished(job, record)
    finally:
        display.end()
        summary = _summarise(folder, jobs, records, reused)
    return summary


def _summarise(
    folder: OutputFolder,
    jobs: list[Job],
    records: dict[str, dict[str, Any]],
    reused: dict[str, dict[str, Any]],
) -> BatchSummary:
    rows, not_run = [], []
    for job in jobs:
        if job.id in records:
            rows.append(summary_row(records[job.id]))
        elif job.id in reused:
            rows.append(summary_row(reused[job.id], reused=True))
        else:
            not_run.append(job.id)
            rows.append(
                {
                    "id": job.id,
                    "kind": job.kind,
                    "status": "not run",
                    "elapsed_s": None,
                    "summary": "",
                    "error": "the batch stopped before this job ran",
                    "reused": False,
                    "result": None,
                }
            )
    csv_path, jsonl_path = write_summary(folder, rows)
    return BatchSummary(
        out=folder.root,
        rows=rows,
        ran=len(records),
        reused=len(reused),
        not_run=not_run,
        summary_csv=csv_path,
        summary_jsonl=jsonl_path,
    )
