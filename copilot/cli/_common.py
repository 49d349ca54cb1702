"""Shared pieces of the CLI: error handling at the boundary, JSON output, progress bars."""

from __future__ import annotations

import functools
import json
import os
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
def progress_bar(enabled: bool = True) -> Iterator[Callable[[Any], None]]:
    """A rich progress bar on stderr fed by copilot.progress callbacks."""
    if not enabled or not sys.stderr.isatty():
        yield lambda p: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    bars = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def update(p: Any) -> None:
        if p.task not in tasks:
            tasks[p.task] = bars.add_task(p.task, total=p.total)
        bars.update(
            tasks[p.task],
            completed=p.done,
            total=p.total,
            description=f"{p.task} {p.message}".strip(),
        )

    with bars:
        yield update
