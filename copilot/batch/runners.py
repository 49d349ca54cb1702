"""Running one job inside a worker process (a local pool worker or a Ray task).

`run_job` never raises for a job's own failure: the error (message and hint) becomes part of the
record it returns, so one broken job cannot stop the others. Records are plain JSON values, so
the same function serves both executors and its records compare equal across them.
"""

from __future__ import annotations

import os
import platform
import socket
import time
import traceback
import warnings
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from copilot.batch.results import RESULT_FORMAT, jsonable
from copilot.batch.spec import TOOL_KINDS, Job, tool_kind
from copilot.errors import CopilotError

#: Per-process state: settings and a Copilot built once and reused by every job of the worker.
_PROCESS: dict[str, Any] = {}


@dataclass
class JobContext:
    """What every job of one batch shares; sent to each worker with the job."""

    out: str
    settings: dict[str, Any]
    report: bool = False
    executor: str = "local"
    #: --resume: an ask job whose earlier run was killed continues that run's session.
    resume: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": self.out,
            "settings": self.settings,
            "report": self.report,
            "executor": self.executor,
            "resume": self.resume,
        }


@dataclass
class JobOutput:
    """What a runner produced for one job."""

    result: dict[str, Any]
    key: dict[str, Any] = field(default_factory=dict)
    summary: str = ""
    artifacts: list[str] = field(default_factory=list)
    report: str | None = None
    #: Set when the job produced output but did not reach its goal (an unanswered question).
    error: dict[str, Any] | None = None


def init_local_worker(driver_pid: int | None = None) -> None:
    """Pool-worker start-up: the batch's stdout carries only its summary, so worker output
    (a library printing progress, say) goes to stderr instead. The worker keeps freed memory
    for reuse as the `copilot` process does (see `copilot.heap`), and ends with its driver."""
    from copilot.heap import apply_from_env

    os.dup2(2, 1)
    apply_from_env()
    if driver_pid is not None:
        die_with_parent(driver_pid)


#: How often a worker checks that its driver is still there (where no parent-death signal exists).
WATCHDOG_S = 0.5


def die_with_parent(parent_pid: int) -> None:
    """End this process when `parent_pid` (its parent) ends, however it ends.

    On Linux the kernel sends SIGKILL at once (prctl PR_SET_PDEATHSIG). A daemon thread also
    watches the parent pid, for other systems and for a parent that died before this ran."""
    import signal
    import sys
    import threading

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, int(signal.SIGKILL), 0, 0, 0)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(WATCHDOG_S)
        os._exit(1)  # the driver is gone: its results could not be written anyway

    threading.Thread(target=watch, name="copilot-driver-watchdog", daemon=True).start()


def _settings(overrides: dict[str, Any]) -> Any:
    from copilot.settings import load_settings

    key = repr(sorted(overrides.items()))
    if _PROCESS.get("settings_key") != key:
        _PROCESS.clear()
        _PROCESS["settings_key"] = key
        _PROCESS["settings"] = load_settings(**overrides)
    return _PROCESS["settings"]


def run_job(job_dict: dict[str, Any], ctx_dict: dict[str, Any]) -> dict[str, Any]:
    """Run one job and return its result record (status ok or error; never raises for the job)."""
    job = Job.from_dict(job_dict)
    ctx = JobContext(**ctx_dict)
    started = datetime.now(UTC)
    t0 = time.perf_counter()
    output: JobOutput | None = None
    error: dict[str, Any] | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        try:
            settings = _settings(ctx.settings)
            output = RUNNERS[job.kind](job, ctx, settings)
            error = output.error
        except CopilotError as exc:
            error = exc.to_dict()
        except Exception as exc:  # a bug or a library failure: recorded with its traceback
            error = {
                "error": type(exc).__name__,
                "message": str(exc) or type(exc).__name__,
                "hint": "unexpected error; the traceback is in the job's result file",
                "traceback": traceback.format_exc(limit=20),
            }
    elapsed = time.perf_counter() - t0
    seen: list[str] = []
    for w in caught:
        text = f"{w.category.__name__}: {w.message}"
        if text not in seen:
            seen.append(text)
    return make_record(job, ctx, output, error, started, elapsed, warnings_seen=seen[:20])


def make_record(
    job: Job,
    ctx: JobContext,
    output: JobOutput | None,
    error: dict[str, Any] | None,
    started: datetime,
    elapsed: float,
    warnings_seen: list[str] | None = None,
) -> dict[str, Any]:
    """The result record of one job, as written to `results/<id>.json`."""
    return jsonable(
        {
            "format": RESULT_FORMAT,
            "id": job.id,
            "kind": job.kind,
            "status": "ok" if error is None else "error",
            "spec": job.spec(),
            "spec_hash": job.spec_hash,
            "summary": output.summary if output else "",
            "key": output.key if output else {},
            "result": output.result if output else None,
            "error": error,
            "artifacts": output.artifacts if output else [],
            "report": output.report if output else None,
            "started_at": started.isoformat(timespec="milliseconds"),
            "finished_at": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "elapsed_s": round(elapsed, 3),
            "executor": ctx.executor,
            "worker": f"{socket.gethostname()}:{os.getpid()}",
            "warnings": warnings_seen or [],
            "versions": _versions(),
        }
    )


def _versions() -> dict[str, str]:
    from copilot import __version__

    return {"causal-copilot": __version__, "python": platform.python_version()}


def _relative(path: str | Path, ctx: JobContext) -> str:
    """Paths inside the output folder are recorded relative to it (the folder can be moved)."""
    p = Path(path)
    try:
        return str(p.resolve().relative_to(Path(ctx.out).resolve()))
    except ValueError:
        return str(p)


def _wants_report(job: Job, ctx: JobContext) -> bool:
    return ctx.report if job.report is None else job.report


# tool jobs ----------------------------------------------------------------------------------


def _load(job: Job) -> Any:
    from copilot.tools.data import load_table

    kwargs: dict[str, Any] = {}
    if job.fields.get("columns"):
        kwargs["columns"] = job.fields["columns"]
    if job.fields.get("missing"):
        kwargs["missing"] = job.fields["missing"]
    return load_table(job.fields["data"], **kwargs)


def _run_tool(job: Job, ctx: JobContext, settings: Any) -> tuple[Any, Any]:
    kind = TOOL_KINDS[job.kind]
    fn = kind.engine()
    dataset = _load(job)
    return fn(**{kind.data_param: dataset}, **job.args), dataset


def run_discover(job: Job, ctx: JobContext, settings: Any) -> JobOutput:
    res, dataset = _run_tool(job, ctx, settings)
    graph = res.graph
    directed = len(graph.directed_edges())
    out = JobOutput(
        result=res.to_json_dict(),
        key={
            "algorithm": res.algorithm,
            "n_rows": res.n_rows,
            "n_nodes": len(graph.nodes),
            "n_edges": len(graph.edges),
            "n_directed": directed,
            "n_undirected": len(graph.edges) - directed,
        },
        summary=f"{res.method()}: {graph.summary()}",
    )
    art = Path(ctx.out) / "artifacts" / job.id
    if _wants_report(job, ctx):
        art.mkdir(parents=True, exist_ok=True)
        image = graph.draw(art / "graph.png", title=f"{job.id}: {res.algorithm_name}")
        out.artifacts.append(_relative(image, ctx))
        out.report = _write_tool_report(job, ctx, res.summary(), out, dataset)
    return out


def run_estimate(job: Job, ctx: JobContext, settings: Any) -> JobOutput:
    res, dataset = _run_tool(job, ctx, settings)
    ci = res.ci or (None, None)
    key = {
        "treatment": res.treatment,
        "outcome": res.outcome,
        "ate": res.ate,
        "ci_low": ci[0],
        "ci_high": ci[1],
        "p_value": res.p_value,
        "method": res.method,
        "verdict": res.verdict,
        "n_rows": res.n_rows,
    }
    if res.effects_range is not None:
        key["effects_low"], key["effects_high"] = res.effects_range
    out = JobOutput(result=res.to_json_dict(), key=key, summary=res.summary().splitlines()[0])
    if _wants_report(job, ctx):
        out.report = _write_tool_report(job, ctx, res.summary(), out, dataset)
    return out


def _write_tool_report(job: Job, ctx: JobContext, text: str, out: JobOutput, dataset: Any) -> str:
    """A Markdown report of one discover/estimate job."""
    summary = dataset.profile.summary() if hasattr(dataset.profile, "summary") else ""
    return _write_report(
        job,
        ctx,
        text,
        out,
        title=f"{job.id}: {job.kind}",
        subject=f"Data: `{job.fields['data']}` ({summary})",
        notes=("Data notes", list(dataset.notes)),
    )


def _write_report(
    job: Job,
    ctx: JobContext,
    text: str,
    out: JobOutput,
    *,
    title: str,
    subject: str,
    notes: tuple[str, list[str]] | None = None,
) -> str:
    """A Markdown report of one tool job: inputs, findings, key numbers, files, how to rerun."""
    from copilot.batch.results import atomic_write_text

    path = Path(ctx.out) / "reports" / f"{job.id}.md"
    lines = [f"# {title}", "", subject, ""]
    if job.args:
        lines += ["Arguments: " + ", ".join(f"`{k}={v!r}`" for k, v in job.args.items()), ""]
    lines += [
        "## Findings",
        "",
        "```",
        text,
        "```",
        "",
        "## Key numbers",
        "",
        "| name | value |",
        "| --- | --- |",
    ]
    lines += [f"| {k} | {_fmt(v)} |" for k, v in out.key.items()]
    for a in out.artifacts:
        if a.endswith((".png", ".svg")):
            lines += ["", f"![{job.id}](../{a})"]
    if notes and notes[1]:
        lines += ["", f"## {notes[0]}", ""] + [f"- {n}" for n in notes[1]]
    lines += [
        "",
        "## Reproduce",
        "",
        "Save this line as `job.jsonl` and run `copilot batch job.jsonl`:",
        "",
        "```json",
        _job_line(job),
        "```",
        "",
    ]
    atomic_write_text(path, "\n".join(lines))
    return _relative(path, ctx)


def _fmt(value: Any) -> str:
    """Numbers in reports: four significant digits (the result file keeps every digit)."""
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _job_line(job: Job) -> str:
    """The job as one JSON line: saved as `job.jsonl`, `copilot batch job.jsonl` reruns it."""
    import json

    return json.dumps({"id": job.id, "kind": job.kind, **job.fields, **job.args}, default=str)


# model experiments ----------------------------------------------------------------------------


def run_probe(job: Job, ctx: JobContext, settings: Any) -> JobOutput:
    """A `copilot probe` experiment; heatmaps go to OUT/artifacts/<id>/."""
    import inspect

    from copilot.cli.probe import load_probe_model

    kind = tool_kind("probe", job.fields)
    fn = kind.engine()
    model, name = load_probe_model(job.fields["model"], settings.device)
    kwargs = dict(job.args)
    params = inspect.signature(fn).parameters
    if "out" in params:
        art = Path(ctx.out) / "artifacts" / job.id
        art.mkdir(parents=True, exist_ok=True)
        kwargs["out"] = str(art)
    if "name" in params:
        kwargs["name"] = name
    res = fn(model, **kwargs)
    text = res.summary()
    out = JobOutput(
        result=res.model_dump(mode="json"),
        key=_probe_key(job.fields["experiment"], res),
        summary=text.splitlines()[0] if text else "",
        artifacts=[_relative(a, ctx) for a in res.artifacts],
    )
    if _wants_report(job, ctx):
        out.report = _write_probe_report(job, ctx, text, out)
    return out


def _probe_key(experiment: str, res: Any) -> dict[str, Any]:
    """The headline numbers of each experiment (the full result is in the record)."""
    key: dict[str, Any] = {"model": res.model, "experiment": experiment}
    if experiment == "heads" and res.heads:
        top = res.heads[0]
        key.update(
            metric=res.metric,
            baseline=res.baseline,
            top_head=f"L{top.layer}H{top.head}",
            effect=top.effect,
            ci_low=top.ci[0],
            ci_high=top.ci[1],
        )
    elif experiment == "patch":
        key.update(metric=res.metric, clean=res.clean.value, corrupted=res.corrupted.value)
        if res.heads:
            top = res.heads[0]
            key.update(
                top_head=f"L{top.layer}H{top.head}",
                recovery=top.recovery,
                ci_low=top.ci[0],
                ci_high=top.ci[1],
            )
    elif experiment == "scores":
        for score in ("induction", "attention_sink"):
            grid = getattr(res, score)
            layer, head = max(
                ((li, hi) for li, row in enumerate(grid) for hi in range(len(row))),
                key=lambda lh: grid[lh[0]][lh[1]],
            )
            key[f"top_{score}_head"] = f"L{layer}H{head}"
            key[f"top_{score}"] = grid[layer][head]
    elif experiment == "steer" and res.sweep:
        last = res.sweep[-1]
        key.update(
            metric=res.metric,
            layer=res.layer,
            alpha=last.alpha,
            value=last.metric.value,
            ci_low=last.metric.lo,
            ci_high=last.metric.hi,
            side_effect_kl=last.side_effect_kl.value,
        )
    elif experiment == "probe":
        best = max(res.layers, key=lambda lp: lp.test_accuracy.value, default=None)
        key.update(first_readable_layer=res.first_readable_layer, chance=res.chance)
        if best is not None:
            key.update(
                best_layer=best.layer,
                test_accuracy=best.test_accuracy.value,
                ci_low=best.test_accuracy.lo,
                ci_high=best.test_accuracy.hi,
            )
    return key


def _write_probe_report(job: Job, ctx: JobContext, text: str, out: JobOutput) -> str:
    """A Markdown report of one probe job."""
    return _write_report(
        job,
        ctx,
        text,
        out,
        title=f"{job.id}: probe {job.fields['experiment']}",
        subject=f"Model: `{job.fields['model']}`",
    )


# questions ----------------------------------------------------------------------------------


def run_ask(job: Job, ctx: JobContext, settings: Any) -> JobOutput:
    """A question for the agent. A fresh Copilot per job, so that what one job loaded cannot
    change another job's answer (results do not depend on which worker ran what before)."""
    from copilot.api import Copilot

    update = {
        k: v
        for k, v in (
            ("llm_backend", job.fields.get("llm")),
            ("seed", job.fields.get("seed")),
            ("max_steps", job.fields.get("max_steps")),
        )
        if v is not None
    }
    if update:
        settings = settings.model_copy(update=update)
    report = None
    if _wants_report(job, ctx):
        report = Path(ctx.out) / "reports" / f"{job.id}.md"
        report.parent.mkdir(parents=True, exist_ok=True)
        # a report without a result is left from a run killed mid-job: it is this job's, and stale
        report.unlink(missing_ok=True)
    sid = job_session_id(job, ctx)
    with Copilot(settings) as cp:
        if ctx.resume and cp.store.exists(sid) and cp.unfinished(sid):
            # an earlier run of this job was killed mid-way: go on from its last finished step
            answer = cp.resume(sid, report=report)
        else:
            if cp.store.exists(sid):
                cp.delete_session(sid)  # a finished earlier run of this job: ask afresh
            answer = cp.ask(
                job.fields["question"],
                data=job.fields.get("data"),
                model=job.fields.get("model"),
                session=sid,
                report=report,
            )
    key = _answer_key(answer)
    first = next((line for line in answer.text.splitlines() if line.strip()), "")
    out = JobOutput(
        result=answer.model_dump(mode="json"),
        key=key,
        summary=first[:300],
        artifacts=list(answer.artifacts),
        report=_relative(report, ctx) if report is not None and report.exists() else None,
    )
    # a script reading the summary must see an unanswered question as a failure, not as "ok"
    if answer.partial or not any(s.ok for s in answer.steps):
        why = "the run was cut short" if answer.partial else "no analysis step succeeded"
        out.error = {
            "error": "Unanswered",
            "message": f"The question was not answered ({why}): {first[:300]}",
            "hint": "the answer and every step are in the job's result file",
        }
    return out


def job_session_id(job: Job, ctx: JobContext) -> str:
    """The session of an ask job: fixed by the output folder, the job id and its spec, so a
    batch run again with --resume finds the session a killed run left unfinished."""
    import hashlib
    import re

    digest = hashlib.sha256(
        f"{Path(ctx.out).resolve()}\0{job.id}\0{job.spec_hash}".encode()
    ).hexdigest()
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", job.id)[:40]
    return f"batch-{slug}-{digest[:12]}"


def _answer_key(answer: Any) -> dict[str, Any]:
    """Key numbers of an answer: the last effect and graph it found, and how the run went."""
    key: dict[str, Any] = {
        "session": answer.session_id,
        "llm": answer.llm,
        "partial": answer.partial,
        "steps": len(answer.steps),
        "failed_steps": sum(not s.ok for s in answer.steps),
    }
    for r in answer.results:
        res = r.get("result") or {}
        if not isinstance(res, dict):
            continue
        if res.get("ate") is not None:
            ci = res.get("ci") or (None, None)
            key.update(
                treatment=res.get("treatment"),
                outcome=res.get("outcome"),
                ate=res["ate"],
                ci_low=ci[0],
                ci_high=ci[1],
                method=res.get("method"),
            )
        if isinstance(res.get("edges"), list) and isinstance(res.get("nodes"), list):
            key.update(algorithm=res.get("algorithm"), n_edges=len(res["edges"]))
    return key


RUNNERS = {"ask": run_ask, "discover": run_discover, "estimate": run_estimate, "probe": run_probe}
