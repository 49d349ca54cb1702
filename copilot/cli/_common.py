"""Shared pieces of the CLI: error handling at the boundary, JSON output, progress bars."""

from __future__ import annotations

import functools
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import typer
from typer.exceptions import TyperException

from copilot.errors import CopilotError

F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(fn: F) -> F:
    """Turn CopilotError into one line on stderr and exit code 2, without a traceback; any
    other exception is a fault of copilot's own: one line and exit code 1 (the traceback with
    COPILOT_DEBUG=1)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except CopilotError as exc:
            typer.echo(f"Error: {exc}", err=True)
            raise typer.Exit(exc.exit_code) from None
        except KeyboardInterrupt:
            typer.echo("Interrupted.", err=True)
            raise typer.Exit(130) from None
        except (typer.Exit, typer.Abort, TyperException, SystemExit):
            raise  # usage errors (BadParameter etc.) and exits keep typer's own handling
        except Exception as exc:
            if os.environ.get("COPILOT_DEBUG"):
                raise
            typer.echo(
                f"Error: internal error ({type(exc).__name__}: {exc}). Hint: this is a fault in "
                "copilot, not in your input; run again with COPILOT_DEBUG=1 to see the traceback "
                "and report it",
                err=True,
            )
            raise typer.Exit(1) from None

    return wrapper  # type: ignore[return-value]


def print_json(obj: Any) -> None:
    """One JSON object on stdout (numbers as numbers, NaN as null)."""
    typer.echo(json.dumps(_clean(obj), indent=2, default=str))


def _clean(obj: Any) -> Any:
    import math

    if isinstance(obj, float):
        return None if math.isnan(obj) or math.isinf(obj) else obj
    if isinstance(obj, dict):
        return {str(k): _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    if hasattr(obj, "item") and callable(obj.item):  # numpy scalars
        try:
            return _clean(obj.item())
        except (ValueError, TypeError):
            return obj
    return obj


@contextmanager
def progress_bar(enabled: bool = True, live: bool | None = None) -> Iterator[ProgressDisplay]:
    """Progress on stderr fed by copilot.progress callbacks: in-place bars on a terminal, one
    line per stage otherwise (logs, pipes, CI). Disabled: a display that prints nothing."""
    display = ProgressDisplay(enabled=enabled, live=live)
    with display:
        yield display


_NUMBER = re.compile(r"\d+(?:\.\d+)?")


class ProgressDisplay:
    """One progress style for every command.

    Call it with `copilot.progress.Progress` updates; `stage(text)` announces work that sends
    no updates of its own (loading a file or a model), so a first line appears at once;
    `line(text)` prints a permanent line (above the bars on a terminal).

    On a terminal (`live`), each task is one bar redrawn in place: with a percentage when its
    total is known, a pulsing bar and its message when not. Otherwise a line is printed when a
    stage starts (a new task, or a message that differs in more than its numbers) and when a
    counted task completes, so a log shows "bootstrap (200/200)" once, not 200 times.
    """

    def __init__(self, enabled: bool = True, live: bool | None = None, console: Any = None):
        self.enabled = enabled
        self.live = sys.stderr.isatty() if live is None else live
        self._console = console
        self._bars: Any = None
        self._tasks: dict[str, Any] = {}
        self._stage_task: Any = None
        self._last: dict[str, str] = {}  # task -> shape of the last line printed for it
        self._finished: set[str] = set()

    # context ------------------------------------------------------------------------------
    def __enter__(self) -> ProgressDisplay:
        if self.enabled and self.live:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                Progress,
                SpinnerColumn,
                TextColumn,
                TimeElapsedColumn,
            )

            console = self._console or Console(stderr=True, highlight=False)
            self._bars = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[amount]}"),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )
            self._bars.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        if self._bars is not None:
            self._bars.stop()
            self._bars = None

    # feeding ------------------------------------------------------------------------------
    def stage(self, text: str) -> None:
        """Work without progress updates of its own starts now: 'loading sales.csv'."""
        if not self.enabled:
            return
        if self._bars is None:
            self._print(f"{text}...")
            return
        self._drop_stage()
        self._stage_task = self._bars.add_task(f"{text}...", total=None, amount="")

    def line(self, text: str) -> None:
        """A permanent line on stderr (above the bars on a terminal)."""
        if not self.enabled:
            return
        from copilot.errors import printable

        if self._bars is not None:
            self._bars.console.print(printable(text), markup=False, highlight=False, soft_wrap=True)
        else:
            self._print(text)

    def clear(self) -> None:
        """Remove every bar (a step finished); the next updates start new ones."""
        self._drop_stage()
        if self._bars is not None:
            for task in self._tasks.values():
                self._bars.remove_task(task)
        self._tasks.clear()
        self._last.clear()
        self._finished.clear()

    def __call__(self, p: Any) -> None:
        if not self.enabled:
            return
        if self._bars is None:
            self._plain(p)
            return
        from rich.markup import escape

        self._drop_stage()
        total = p.total if p.total else None
        description = escape(f"{p.task} {p.message}".strip())
        amount = f"{100 * min(p.done / total, 1):3.0f}%" if total else ""
        if p.task not in self._tasks:
            self._tasks[p.task] = self._bars.add_task(description, total=total, amount=amount)
        self._bars.update(
            self._tasks[p.task],
            completed=p.done if total else 0,
            total=total,
            description=description,
            amount=amount,
        )

    # internals ----------------------------------------------------------------------------
    def _plain(self, p: Any) -> None:
        counts = f" ({p.done:g}/{p.total:g})" if p.total else ""
        text = f"{p.task}: {p.message}" if p.message else p.task
        shape = _NUMBER.sub("#", text)
        complete = bool(p.total) and p.done >= p.total
        if self._last.get(p.task) != shape:
            self._last[p.task] = shape
            self._finished.discard(p.task)
            self._print(text + counts)
            if complete:
                self._finished.add(p.task)
        elif complete and p.task not in self._finished:
            self._finished.add(p.task)
            self._print(text + counts)

    def _drop_stage(self) -> None:
        if self._stage_task is not None and self._bars is not None:
            self._bars.remove_task(self._stage_task)
        self._stage_task = None

    @staticmethod
    def _print(text: str) -> None:
        from copilot.errors import printable

        print(printable(text), file=sys.stderr, flush=True)
