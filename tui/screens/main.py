"""The main screen: chat on the left, side panel on the right, the question line, the footer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

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
        self.focus_prompt()

    def focus_prompt(self) -> None:
        """The question line is where the focus lives: typing always reaches it."""
        self.query_one(PromptInput).focus(scroll_visible=False)

    def on_screen_resume(self) -> None:
        # A dialog closed (or the screen came back): the focus goes back to the question line,
        # not to whatever widget had it before, which may since have been removed.
        self.focus_prompt()

    def minimize(self) -> None:
        """Leave the full view (ctrl+f, escape): the result scrolls into view, the focus goes
        back to the question line."""
        shown = self.maximized
        super().minimize()
        self.focus_prompt()
        if shown is not None:
            self.call_after_refresh(self.query_one(ChatLog).scroll_to_widget, shown, animate=False)

    def on_key(self, event: events.Key) -> None:
        """A character typed while a result or the side panel has the focus goes to the question
        line (with the focus), so typed text is never lost."""
        if event.is_printable and event.character and not isinstance(self.focused, Input):
            prompt = self.query_one(PromptInput)
            event.stop()
            event.prevent_default()
            if self.maximized is not None:
                self.minimize()
            prompt.focus(scroll_visible=False)
            prompt.insert_text_at_cursor(event.character)
