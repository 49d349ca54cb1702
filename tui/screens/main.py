"""The main screen: chat on the left, side panel on the right, the question line, the footer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from copilot.tui.widgets.chat import ChatLog
from copilot.tui.widgets.prompt import PromptInput
from copilot.tui.widgets.side_panel import SidePanel


class MainScreen(Screen):
    """Where questions are asked and analyses watched."""

    # Below 100 columns the side panel narrows and the chat drops its indents (see app.tcss).
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def __init__(self, clock: Callable[[], float], **kwargs: Any):
        super().__init__(**kwargs)
        self._clock = clock

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="body"):
            yield ChatLog(self._clock, id="chat")
            yield SidePanel(id="side")
        yield Static(" new session · ready", id="status")
        yield PromptInput(placeholder="Ask a causal question, or /help", id="prompt")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(PromptInput).focus()
