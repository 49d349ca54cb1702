"""Helpers for Pilot tests of the terminal UI: waiting, reading what is on screen, asking."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.tui_scripted import ScriptedCopilot, analysis_script


async def wait_until(pilot: Any, predicate: Any, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out; chat: {chat_text(pilot.app)}"
        await pilot.pause(0.05)


def chat_text(app: Any) -> str:
    """All text shown in the chat (Markdown answers, notices, cards)."""
    from textual.widgets import Markdown, Static

    parts = []
    for w in app.chat.query("*"):
        if isinstance(w, Markdown):
            parts.append(w.source)
        elif isinstance(w, Static):
            parts.append(str(w.render()))
    return "\n".join(parts)


def shown_lines(app: Any, widget: Any) -> list[str]:
    """The text of the screen rows a widget covers, as the terminal shows them."""
    strips = app.screen._compositor.render_strips()
    r = widget.region
    return [strips[y].crop(r.x, r.right).text for y in range(r.y, r.bottom)]


def status(app: Any) -> str:
    return str(app.main_screen.query_one("#status").render())


def scripted_app(tmp_path: Path, script: list[Any] | None = None, **kwargs: Any) -> Any:
    """The app over scripted events, with a frozen clock and a fixed session id."""
    from copilot.tui.app import CopilotApp

    copilot = ScriptedCopilot(analysis_script() if script is None else script, str(tmp_path))
    return CopilotApp(copilot, clock=lambda: 0.0, new_session_id=lambda: "s-0001", **kwargs)


async def ask(pilot: Any, text: str) -> None:
    from copilot.tui.widgets.prompt import PromptInput

    pilot.app.main_screen.query_one(PromptInput).value = text
    await pilot.press("enter")


async def answered(pilot: Any, n: int = 1) -> None:
    """Wait until the run is over and the chat holds `n` answers."""
    app = pilot.app
    await wait_until(pilot, lambda: not app.busy and len(app.chat.query(".answer")) >= n)
