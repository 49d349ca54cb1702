"""A tool call in the chat: name and arguments, progress bar, elapsed time, then its outcome."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import ProgressBar, Static

from copilot.events import ToolFinished, ToolProgress, ToolStarted

# What each built-in tool does, in the words a plan line uses; other tools read their name.
TOOL_WORDS = {
    "describe": "describe the data",
    "discover": "find the causal graph",
    "estimate_effect": "estimate the effect",
    "head_ablation": "ablate attention heads",
    "head_scores": "score attention heads",
    "activation_patching": "patch activations",
    "path_patching": "patch paths between heads",
    "logit_lens": "read the logit lens",
    "steer": "steer the model",
    "linear_probe": "train linear probes",
    "load_demo_model": "load the demo model",
}


def tool_words(name: str) -> str:
    return TOOL_WORDS.get(name) or name.replace("_", " ")


def format_args(args: dict[str, Any], limit: int = 120, refs: dict[str, str] | None = None) -> str:
    """`k=v, ...` of a call; a value that names an earlier call's result reads as `refs` says."""
    parts = []
    for k, v in args.items():
        if isinstance(v, str) and refs and v in refs:
            shown = refs[v]
        else:
            shown = v if isinstance(v, str) else json.dumps(v, default=str)
        parts.append(f"{k}={shown}")
    text = ", ".join(parts)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def format_elapsed(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f}s"
    m, s = divmod(int(seconds), 60)
    return f"{m}m{s:02d}s"


class ToolCard(Vertical):
    """One tool call; `clock` (seconds) drives the running elapsed time."""

    def __init__(
        self,
        event: ToolStarted,
        clock: Callable[[], float],
        refs: dict[str, str] | None = None,
        **kwargs: Any,
    ):
        super().__init__(classes="tool-card -running", **kwargs)
        self.call_id = event.call_id
        self.tool = event.tool
        self.args = event.args
        self.refs = refs or {}
        self._clock = clock
        self._started = clock()
        self._timer = None

    def compose(self) -> ComposeResult:
        head = Text("⚙ ", style="bold")
        head.append(self.tool, style="bold")
        head.append(f"({format_args(self.args, refs=self.refs)})", style="dim")
        with Horizontal(classes="tool-head"):
            yield Static(head, classes="tool-title")
            yield Static(format_elapsed(0.0), classes="tool-elapsed")
        with Horizontal(classes="tool-status"):
            yield ProgressBar(total=None, show_eta=False, classes="tool-progress")
            yield Static("", classes="tool-message")
        yield Static("", classes="tool-outcome")

    def on_mount(self) -> None:
        self._timer = self.set_interval(0.5, self._tick)

    def _tick(self) -> None:
        self.query_one(".tool-elapsed", Static).update(
            format_elapsed(self._clock() - self._started)
        )

    def _stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.remove_class("-running")

    def progress(self, event: ToolProgress) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=event.total, progress=event.done)
        label = f"{event.task} {event.message}".strip()
        self.query_one(".tool-message", Static).update(Text(label, style="dim"))
        self._tick()

    def finish(self, event: ToolFinished) -> None:
        self._stop()
        self.remove_class("-cancelled", "-running")
        self.query_one(".tool-elapsed", Static).update(format_elapsed(event.elapsed_s))
        self.query_one(".tool-message", Static).update("")
        outcome = self.query_one(".tool-outcome", Static)
        if event.ok:
            self.add_class("-ok")
            # The first line of a summary is its headline; the result view and the answer
            # below the card carry the rest.
            lines = (event.summary or "done").strip().splitlines() or ["done"]
            more = " …" if len(lines) > 1 else ""
            outcome.update(Text("✓ " + lines[0] + more, style="green"))
        elif (event.error or {}).get("error") == "Cancelled":
            # stopped by escape: not an error; /resume runs it again
            self.add_class("-cancelled", "-stopped")
            outcome.update(Text("■ stopped; /resume runs this step again", style="yellow"))
        else:
            self.add_class("-error")
            err = event.error or {}
            text = Text(
                "✗ " + str(err.get("message") or event.summary or "failed"), style="bold red"
            )
            if err.get("hint"):
                text.append(f"\n  hint: {err['hint']}", style="red")
            outcome.update(text)

    def cancel(self) -> None:
        """The run was asked to stop: a tool that reports progress stops at its next report,
        any other finishes first (and is kept in the session)."""
        self.add_class("-cancelled")
        self.query_one(".tool-outcome", Static).update(Text("■ stopping…", style="yellow"))
