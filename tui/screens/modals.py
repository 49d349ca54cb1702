"""Modal screens: approval (yes/no), a path prompt, the session list, help."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, Markdown, OptionList, Static
from textual.widgets.option_list import Option

from copilot.events import ApprovalRequest
from copilot.tui.widgets.tool_card import format_args


class ApprovalModal(ModalScreen[bool]):
    """The agent asks before an expensive action; True runs it, False skips it."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, request: ApprovalRequest, refs: dict[str, str] | None = None):
        super().__init__()
        self.request = request
        self.refs = refs or {}
        """Earlier calls' ids as words, for arguments that name an earlier result."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Approval needed", style="bold"), classes="dialog-title")
            text = Text(self.request.reason)
            text.append(
                f"\n\n{self.request.tool}({format_args(self.request.args, refs=self.refs)})",
                style="dim",
            )
            yield Static(text, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Run it (y)", id="yes", variant="primary")
                yield Button("Skip (n)", id="no", variant="error")
        # Each dialog has its own footer, so the keys shown are the ones that work now.
        yield Footer(compact=True)

    @on(Button.Pressed, "#yes")
    def _yes(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#no")
    def _no(self) -> None:
        self.dismiss(False)

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class PathPrompt(ModalScreen[str | None]):
    """Asks for a path; returns it stripped, or None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, placeholder: str = "path/to/file.csv", value: str = ""):
        super().__init__()
        self.title_text, self.placeholder, self.value = title, placeholder, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(value=self.value, placeholder=self.placeholder, id="path")
            yield Static(Text("enter: confirm   escape: cancel", style="dim"))
        yield Footer(compact=True)

    @on(Input.Submitted, "#path")
    def _submit(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.dismiss(value or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _field(item: Any, *names: str) -> Any:
    for n in names:
        v = item.get(n) if isinstance(item, dict) else getattr(item, n, None)
        if v not in (None, ""):
            return v
    return None


class SessionList(ModalScreen[str | None]):
    """Earlier sessions: enter resumes one, n starts a new one (returns "")."""

    BINDINGS = [
        Binding("escape", "cancel", "Close"),
        Binding("n", "new", "New session"),
        Binding("enter", "resume", "Resume", show=True, priority=False),
    ]

    def __init__(self, sessions: list[Any], current: str | None = None):
        super().__init__()
        self.sessions, self.current = sessions, current

    def compose(self) -> ComposeResult:
        options = []
        for s in self.sessions:
            ident = str(_field(s, "session_id", "id") or "")
            if not ident:
                continue
            label = Text(ident, style="bold")
            title = _field(s, "title", "question", "first_question")
            if title:
                label.append(f"  {title}")
            if ident == self.current:
                label.append("  (current)", style="italic")
            when = _field(s, "updated", "updated_at", "created")
            turns = _field(s, "turns")
            details = [
                str(when)[:16].replace("T", " ") if when else "",
                f"{turns} question{'s' if turns != 1 else ''}" if isinstance(turns, int) else "",
                str(_field(s, "status", "state") or ""),
            ]
            label.append("\n  " + " · ".join(d for d in details if d), style="dim")
            options.append(Option(label, id=ident))
        with Vertical(classes="dialog sessions"):
            yield Label("Sessions", classes="dialog-title")
            if options:
                yield OptionList(*options, id="session-options")
            else:
                yield Static("No sessions yet.", classes="empty")
            # The list shrinks on small terminals (see app.tcss); this line always shows.
            yield Static(
                Text("enter: resume   n: new session   escape: close", style="dim"),
                classes="key-line",
            )
        yield Footer(compact=True)

    @on(OptionList.OptionSelected, "#session-options")
    def _pick(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_new(self) -> None:
        self.dismiss("")

    def action_resume(self) -> None:
        """Enter when the list has no focus (or is empty): resume the highlighted session."""
        found = self.query(OptionList)
        if found and found.first().highlighted_option is not None:
            self.dismiss(found.first().highlighted_option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


HELP = """\
# Causal Copilot

Ask a causal question in plain language and press **enter**. The analysis appears as it runs:
the plan, each tool call with its progress, and the results (graphs, estimates, heatmaps).

| command | what it does |
| --- | --- |
| `/load PATH [NAME]` | load a data file (CSV, TSV, Parquet, JSON lines) |
| `/model PATH` | load a model checkpoint for probing |
| `/report [PATH]` | write the report of this session |
| `/sessions` | list sessions, reopen one |
| `/resume [ID]` | reopen a session (this one without ID) and finish a run cut short |
| `/new` | start a new session |
| `/cancel` | stop the running analysis |
| `/help` | this help |
| `/quit` | leave |

| key | action |
| --- | --- |
| enter | ask / run a command |
| up, down | previous and next input |
| escape | cancel the running analysis (or a question waiting for data); otherwise focus the question line |
| ctrl+o | load a data file |
| ctrl+l | load a model |
| ctrl+r | write the report |
| ctrl+s | sessions |
| ctrl+n | new session |
| ctrl+b | show or hide the side panel |
| enter on an artifact | copy its full path |
| ctrl+f | show the latest (or focused) result full-screen; again or escape to go back |
| f1 | help |
| ctrl+p | command palette |
| ctrl+q | quit |
| tab | next widget (results, tables, side panel, question line) |

Typing a character anywhere on the main screen puts it on the question line; escape (with
nothing running) takes the focus back there. In this help, up/down, page up/down, home and
end scroll.
"""


class HelpScreen(ModalScreen[None]):
    """Commands and keys; it scrolls with the keyboard (up/down, page up/down, home, end)."""

    BINDINGS = [Binding("escape,q,f1", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help", id="help-text"):
            yield Markdown(HELP)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#help-text").focus()

    def action_close(self) -> None:
        self.dismiss(None)
