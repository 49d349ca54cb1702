"""Progress reporting shared by tools, the CLI, the agent stream and the TUI."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Progress:
    """One progress update: `done` of `total` units of the task `task`."""

    task: str
    done: float
    total: float | None = None
    message: str = ""

    @property
    def fraction(self) -> float | None:
        if not self.total:
            return None
        return max(0.0, min(1.0, self.done / self.total))


ProgressCallback = Callable[[Progress], None]


def report(
    callback: ProgressCallback | None,
    task: str,
    done: float,
    total: float | None = None,
    message: str = "",
) -> None:
    """Send an update when a callback is set; a broken callback never breaks the work."""
    if callback is not None:
        callback(Progress(task, done, total, message))
