"""The output folder of a batch: one JSON result per job, reports, and the summary table.

Layout of `OUT/`:

    results/<id>.json     one result per job (written atomically, so it is whole or absent)
    reports/<id>.md       per-job reports, when asked
    artifacts/<id>/       files a job wrote (graph images, tables)
    summary.csv           one row per job: id, kind, status, key numbers, elapsed time, error
    summary.jsonl         the same rows as JSON objects
    .lock                 held by the batch writing here (its pid inside); one batch at a time
"""

from __future__ import annotations

import csv
import io
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from copilot.batch.spec import Job
from copilot.errors import InputError
from copilot.locks import FileLock

RESULT_FORMAT = "copilot-batch-result/1"
TMP_PREFIX = ".tmp-"
LOCK_FILE = ".lock"
#: Fields of a result that describe the run rather than the job's outcome.
RUN_FIELDS = ("started_at", "finished_at", "elapsed_s", "worker", "executor", "warnings")
SUMMARY_FIRST = ("id", "kind", "status", "elapsed_s", "summary")


def jsonable(obj: Any) -> Any:
    """Plain JSON values: NaN and infinities become null, numpy scalars become Python numbers."""
    if isinstance(obj, float):
        return None if math.isnan(obj) or math.isinf(obj) else obj
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set):
        return [jsonable(v) for v in obj]
    if isinstance(obj, Path):
        return str(obj)
    if hasattr(obj, "item") and callable(obj.item) and not isinstance(obj, str | bytes):
        try:
            return jsonable(obj.item())
        except (ValueError, TypeError):
            pass
    if hasattr(obj, "tolist") and callable(obj.tolist):
        return jsonable(obj.tolist())
    if isinstance(obj, str | int | bool) or obj is None:
        return obj
    return str(obj)


def atomic_write_text(path: Path, text: str) -> None:
    """Write to a temp file in the same folder, flush it to disk, then rename over `path`.

    A run killed at any moment leaves either the old file, the new file, or a stray temp file
    (ignored and cleaned up by the next run), never a half-written result.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f"{TMP_PREFIX}{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def atomic_write_json(path: Path, obj: Any) -> None:
    atomic_write_text(path, json.dumps(jsonable(obj), indent=2, allow_nan=False) + "\n")


class OutputFolder:
    """Paths inside one batch output folder, and the checks that protect earlier results."""

    def __init__(self, root: str | Path):
        self.root = Path(root).expanduser().absolute()

    @property
    def results_dir(self) -> Path:
        return self.root / "results"

    def result_path(self, job_id: str) -> Path:
        return self.results_dir / f"{job_id}.json"

    def report_path(self, job_id: str) -> Path:
        return self.root / "reports" / f"{job_id}.md"

    def artifacts_dir(self, job_id: str) -> Path:
        return self.root / "artifacts" / job_id

    def lock(self) -> FileLock:
        """Take the folder for this batch (`OUT/.lock`, with the owner's pid): a second batch
        into the same folder is refused at once. A lock left by a killed batch is taken over."""
        if self.root.exists() and not self.root.is_dir():
            raise InputError(
                f"Output path {self.root} is a file.", "choose a folder with --out-dir"
            )
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"Output folder {self.root} cannot be created ({exc.strerror}).",
                "choose another folder with --out-dir",
            ) from None
        return FileLock(
            self.root / LOCK_FILE,
            f"Output folder {self.root}",
            "wait for that batch to finish, or choose another folder with --out-dir",
        ).acquire()

    def prepare(self, resume: bool) -> None:
        """Create the folder; without `resume`, refuse to mix with results of an earlier run."""
        if self.root.exists() and not self.root.is_dir():
            raise InputError(
                f"Output path {self.root} is a file.", "choose a folder with --out-dir"
            )
        existing = sorted(self.results_dir.glob("*.json")) if self.results_dir.is_dir() else []
        if existing and not resume:
            raise InputError(
                f"Output folder {self.root} already holds {len(existing)} result(s) of an earlier run.",
                "pass --resume to continue that run, or choose another folder with --out-dir",
            )
        try:
            self.results_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"Output folder {self.root} cannot be created ({exc.strerror}).",
                "choose another folder with --out-dir",
            ) from None
        for stray in self.results_dir.glob(f"{TMP_PREFIX}*"):
            stray.unlink(missing_ok=True)

    def read_result(self, job_id: str) -> dict[str, Any] | None:
        """The stored result of a job, or None when it is absent or unreadable."""
        try:
            data = json.loads(self.result_path(job_id).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def complete_result(self, job: Job, retry_failed: bool = False) -> dict[str, Any] | None:
        """The stored result when it is complete and belongs to this very job (same spec)."""
        data = self.read_result(job.id)
        if not data or data.get("format") != RESULT_FORMAT or data.get("id") != job.id:
            return None
        if data.get("spec_hash") != job.spec_hash:
            return None
        if data.get("status") not in ("ok", "error"):
            return None
        if retry_failed and data["status"] == "error":
            return None
        return data

    def write_result(self, record: dict[str, Any]) -> Path:
        path = self.result_path(record["id"])
        atomic_write_json(path, record)
        return path


# summary ------------------------------------------------------------------------------------


def summary_row(record: dict[str, Any], reused: bool = False) -> dict[str, Any]:
    """One flat row: id, kind, status, elapsed, summary, key numbers, error."""
    row: dict[str, Any] = {k: record.get(k) for k in SUMMARY_FIRST}
    for k, v in (record.get("key") or {}).items():
        row[k] = v
    err = record.get("error") or {}
    row["error"] = (
        (err.get("message", "") + (f" Hint: {err['hint']}" if err.get("hint") else ""))
        if err
        else None
    )
    row["reused"] = reused
    row["result"] = f"results/{record['id']}.json"
    return row


def write_summary(out: OutputFolder, rows: list[dict[str, Any]]) -> tuple[Path, Path]:
    """summary.csv and summary.jsonl, in job-file order, written atomically."""
    columns: list[str] = []
    for row in rows:
        for k in row:
            if k not in columns:
                columns.append(k)
    # key numbers between the fixed first columns and the error/bookkeeping columns
    tail = [c for c in ("error", "reused", "result") if c in columns]
    columns = [c for c in columns if c not in tail] + tail
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _csv_value(row.get(k)) for k in columns})
    csv_path, jsonl_path = out.root / "summary.csv", out.root / "summary.jsonl"
    atomic_write_text(csv_path, buf.getvalue())
    atomic_write_text(
        jsonl_path, "".join(json.dumps(jsonable(r), allow_nan=False) + "\n" for r in rows)
    )
    return csv_path, jsonl_path


def _csv_value(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, float):
        return "" if math.isnan(v) or math.isinf(v) else repr(v)
    if isinstance(v, list | dict):
        return json.dumps(jsonable(v))
    return v
