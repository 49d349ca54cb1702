"""Executors: where jobs run. Both yield the same events, so the driver does not care which.

- `local`: a pool of spawned processes (spawn, not fork: each worker starts clean and builds its
  own settings and Copilot, which is safe with threads, torch and SQLite in the parent).
- `ray`: Ray tasks on an existing cluster (`address`) or on a short-lived local instance.

Each yields `("started", job, None)` when a job is handed to a worker and
`("finished", job, record)` when its record is back. A worker that dies (a crash, the OOM
killer) is not a job's error until the job has died twice: the first time it is retried alone.

Local workers end with the driver: a driver killed with -9 takes its workers with it (a
parent-death signal on Linux, a watchdog on the driver's pid elsewhere), so nothing keeps
running or writing into the output folder; `--resume` continues from the results on disk.

A job that runs past its timeout is stopped and recorded as failed (error `Timeout`). Ray
cancels that one task. A process pool cannot stop one running task, so the local executor stops
the whole pool and starts the other jobs that were running again, from scratch, in a fresh pool:
they did nothing wrong, so this does not count as losing them.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from copilot.batch.runners import JobContext, init_local_worker, make_record, run_job
from copilot.batch.spec import Job
from copilot.errors import DependencyError, InputError

Event = tuple[str, Job, dict[str, Any] | None]
#: How many times a job may be lost with its worker before it is recorded as failed.
MAX_LOST = 2


def _lost_record(job: Job, ctx: JobContext, what: str) -> dict[str, Any]:
    error = {
        "error": "WorkerLost",
        "message": f"The worker running this job died twice ({what}).",
        "hint": "the second try ran alone, so the job itself ends its process: it may need more memory "
        "than the machine has (see the system log for the OOM killer) or crash a native library",
    }
    return make_record(job, ctx, None, error, datetime.now(UTC), 0.0)


def _timeout_record(
    job: Job, ctx: JobContext, limit: float, started: datetime, elapsed: float
) -> dict[str, Any]:
    error = {
        "error": "Timeout",
        "message": f"The job exceeded its timeout of {limit:g} s and was stopped "
        f"after {elapsed:.1f} s.",
        "hint": "raise `timeout` for this job (or --timeout), or split it into smaller jobs",
        "timeout_s": limit,
    }
    return make_record(job, ctx, None, error, started, elapsed)


class _Clock:
    """When each running job was handed to a worker, and when its time is up.

    `default` is the batch's timeout (--timeout) for jobs that set none; None means no limit.
    """

    def __init__(self, default: float | None):
        self.default = default
        self.running: dict[Any, tuple[datetime, float, float | None]] = {}

    def start(self, handle: Any, job: Job) -> None:
        limit = job.timeout if job.timeout is not None else self.default
        self.running[handle] = (datetime.now(UTC), time.monotonic(), limit)

    def forget(self, handle: Any) -> None:
        self.running.pop(handle, None)

    def clear(self) -> None:
        self.running.clear()

    def wait_s(self) -> float | None:
        """Seconds until the nearest deadline (0 when one has passed); None when none is set."""
        deadlines = [t0 + limit for _, t0, limit in self.running.values() if limit is not None]
        if not deadlines:
            return None
        return max(0.0, min(deadlines) - time.monotonic())

    def expired(self, handle: Any) -> bool:
        _, t0, limit = self.running[handle]
        return limit is not None and time.monotonic() - t0 >= limit

    def timed_out(self, handle: Any, job: Job, ctx: JobContext) -> dict[str, Any]:
        """The record of a job stopped at its timeout; forgets the job."""
        started, t0, limit = self.running.pop(handle)
        assert limit is not None, "only a job with a timeout times out"
        return _timeout_record(job, ctx, limit, started, time.monotonic() - t0)


class _Queue:
    """Jobs waiting to run; jobs that were lost with a worker run alone when retried."""

    def __init__(self, jobs: list[Job]):
        self.waiting = deque(jobs)
        self.lost: dict[str, int] = {}

    def next_ready(self, running: int, limit: int) -> Job | None:
        if not self.waiting or running >= limit:
            return None
        if self.lost.get(self.waiting[0].id) and running:
            return None  # a suspect runs alone, so it cannot take others down with it
        return self.waiting.popleft()

    def lose(self, job: Job) -> bool:
        """Count a loss; True when the job gets another try."""
        self.lost[job.id] = self.lost.get(job.id, 0) + 1
        if self.lost[job.id] < MAX_LOST:
            self.waiting.appendleft(job)
            return True
        return False

    def restart(self, jobs: list[Job]) -> None:
        """Put jobs stopped through no fault of their own back at the front, in order, without
        counting a loss."""
        self.waiting.extendleft(reversed(jobs))

    def alone(self, running: dict[Any, Job]) -> bool:
        return any(self.lost.get(j.id) for j in running.values())


def run_local(
    jobs: list[Job], ctx: JobContext, workers: int, timeout: float | None = None
) -> Iterator[Event]:
    """Run jobs in a pool of `workers` spawned processes; `timeout` is the default time limit.

    The driver submits at most `workers` jobs at once and the pool has `workers` processes, so
    a submitted job never waits in the pool's queue: its clock starts when it is submitted.
    """
    from concurrent.futures import FIRST_COMPLETED, wait
    from concurrent.futures.process import BrokenProcessPool

    workers = max(1, min(workers, len(jobs)))

    def new_pool() -> Any:
        return worker_pool(workers)

    queue = _Queue(jobs)
    running: dict[Any, Job] = {}
    clock = _Clock(timeout)
    pool = new_pool()
    try:
        while queue.waiting or running:
            while not queue.alone(running):
                job = queue.next_ready(len(running), workers)
                if job is None:
                    break
                fut = pool.submit(run_job, job.to_dict(), ctx.to_dict())
                running[fut] = job
                clock.start(fut, job)
                yield "started", job, None
            # wake up for the first finished job or the nearest deadline, whichever comes first
            done, _ = wait(running, timeout=clock.wait_s(), return_when=FIRST_COMPLETED)
            late = [f for f in running if not f.done() and clock.expired(f)]
            if late:
                # the pool is about to be stopped: results that are already in are kept
                done = {f for f in running if f.done() and f not in late}
            events: list[Event] = []
            broken = False
            for fut in done:
                job = running.pop(fut)
                clock.forget(fut)
                try:
                    events.append(("finished", job, fut.result()))
                except BrokenProcessPool:
                    broken = True
                    if not queue.lose(job):
                        events.append(
                            ("finished", job, _lost_record(job, ctx, "the process pool broke"))
                        )
            if broken or late:
                # a pool cannot stop one running task: it is stopped whole and started afresh
                _stop_pool(pool)
                for fut in late:
                    job = running.pop(fut)
                    events.append(("finished", job, clock.timed_out(fut, job, ctx)))
                if broken:
                    # every job still in flight went down with the pool; each gets another try
                    for job in running.values():
                        if not queue.lose(job):
                            events.append(
                                ("finished", job, _lost_record(job, ctx, "the process pool broke"))
                            )
                else:
                    # stopped because another job timed out: they start again, not counted as lost
                    queue.restart(list(running.values()))
                running.clear()
                clock.clear()
                pool = new_pool()
            yield from events
    except BaseException:
        _stop_pool(pool)  # Ctrl-C, SIGTERM, or the consumer stopped: running jobs are abandoned
        raise
    pool.shutdown(wait=True)


def worker_pool(workers: int) -> Any:
    """A pool of `workers` spawned processes that end when this process ends, kill -9 included
    (see `init_local_worker`)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_local_worker,
        initargs=(os.getpid(),),
    )


def _stop_pool(pool: Any) -> None:
    """Stop a pool now, including jobs still running (on Ctrl-C or when the pool broke).

    `shutdown(cancel_futures=True)` only drops queued work; running workers are terminated
    through the pool's process table, which Python 3.11 exposes only as `_processes`.
    """
    procs = list((getattr(pool, "_processes", None) or {}).values())  # shutdown() forgets them
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in procs:
        if proc.is_alive():
            proc.terminate()
    for proc in procs:
        proc.join(timeout=5)


# ray ----------------------------------------------------------------------------------------


def _import_ray() -> Any:
    try:
        import ray
    except ImportError:
        raise DependencyError("ray", extra="ray", purpose="--executor ray") from None
    return ray


def run_ray(
    jobs: list[Job],
    ctx: JobContext,
    workers: int | None,
    address: str | None,
    timeout: float | None = None,
) -> Iterator[Event]:
    """Run jobs as Ray tasks: on the cluster at `address`, or on a local instance shut down at the end.

    Results travel back as task return values and are written by the driver, so the output
    folder only needs to be shared with the workers for reports and artifacts. A task that runs
    past its timeout (`timeout` is the default limit) is cancelled alone; the others keep
    running. Its clock starts when it is submitted (at most `workers` at a time).
    """
    ray = _import_ray()
    owns_connection = not ray.is_initialized()
    if owns_connection:
        _ray_connect(ray, address, workers)
    queue = _Queue(jobs)
    running: dict[Any, Job] = {}
    clock = _Clock(timeout)
    try:
        limit = workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        remote = ray.remote(num_cpus=1, max_retries=0)(run_job)
        while queue.waiting or running:
            while not queue.alone(running):
                job = queue.next_ready(len(running), limit)
                if job is None:
                    break
                ref = remote.remote(job.to_dict(), ctx.to_dict())
                running[ref] = job
                clock.start(ref, job)
                yield "started", job, None
            ready, _ = ray.wait(list(running), num_returns=1, timeout=clock.wait_s())
            late = [r for r in running if r not in ready and clock.expired(r)]
            if late:
                # a late task whose result is already in is not cancelled: its result counts
                finished, late = ray.wait(late, num_returns=len(late), timeout=0)
                ready = [*ready, *finished]
            for ref in late:
                ray.cancel(ref, force=True)  # this task only: the others keep running
                job = running.pop(ref)
                yield "finished", job, clock.timed_out(ref, job, ctx)
            for ref in ready:
                job = running.pop(ref)
                clock.forget(ref)
                try:
                    record = ray.get(ref)
                except (
                    ray.exceptions.WorkerCrashedError,
                    ray.exceptions.NodeDiedError,
                    ray.exceptions.OutOfMemoryError,
                ) as exc:
                    if not queue.lose(job):
                        yield "finished", job, _lost_record(job, ctx, type(exc).__name__)
                    continue
                except ray.exceptions.RayError as exc:
                    error = {
                        "error": type(exc).__name__,
                        "message": str(exc).splitlines()[0][:500],
                        "hint": "the Ray task failed outside the job; check the cluster's logs",
                    }
                    yield (
                        "finished",
                        job,
                        make_record(job, ctx, None, error, datetime.now(UTC), 0.0),
                    )
                    continue
                yield "finished", job, record
    except BaseException:
        for ref in running:
            ray.cancel(ref, force=True)
        raise
    finally:
        if owns_connection:
            ray.shutdown()


def check_ray_address(address: str) -> None:
    """Fail fast on an unreachable cluster: Ray itself retries a bad address for minutes."""
    import socket
    from urllib.parse import urlsplit

    if address in ("auto", "local"):
        return
    parts = urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        host, port = parts.hostname, parts.port
    except ValueError:
        host = port = None
    if not host or not port:
        raise InputError(
            f"Cannot read the Ray address {address!r}.",
            "use HOST:PORT (e.g. head:6379) or ray://HOST:PORT (e.g. ray://head:10001)",
        )
    try:
        with socket.create_connection((host, port), timeout=5):
            pass
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InputError(
            f"Cannot reach the Ray cluster at {address} ({reason}).",
            "start it (ray start --head) or fix --ray-address; leave it out for a local instance",
        ) from None


def _ray_connect(ray: Any, address: str | None, workers: int | None) -> None:
    quiet = {"log_to_driver": False, "logging_level": logging.ERROR}
    try:
        if address:
            ray.init(address=address, **quiet)
        else:
            # a private local instance: no dashboard, no usage report, as many CPUs as workers
            os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
            ray.init(
                address="local",
                num_cpus=workers or 2,
                include_dashboard=False,
                object_store_memory=200 * 1024**2,
                **quiet,
            )
    except (ConnectionError, ValueError, RuntimeError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise InputError(
            f"Cannot start or reach {where}: {str(exc).splitlines()[0]}",
            "check --ray-address (e.g. ray://HOST:10001 or HOST:6379), or leave it out "
            "for a local instance",
        ) from None
