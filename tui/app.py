"""The Causal Copilot terminal UI.

The agent runs in a thread worker and reports through messages, so the UI never blocks; every
change to the screen happens in a message handler on the app's own loop.
"""

from __future__ import annotations

import shlex
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App
from textual.binding import Binding
from textual.widgets import Input, ListView, Static
from textual.worker import get_current_worker

from copilot.errors import CopilotError, InputError
from copilot.events import (
    Answer,
    AnswerEvent,
    ApprovalRequest,
    PlanEvent,
    TextDelta,
    ToolFinished,
    ToolProgress,
    ToolStarted,
)
from copilot.tui.commands import CopilotCommands
from copilot.tui.history import pending_state, session_history
from copilot.tui.messages import (
    ActionFailed,
    AgentDone,
    AgentEvent,
    Loaded,
    ReportWritten,
    SessionOpened,
    SessionsListed,
)
from copilot.tui.screens.main import MainScreen
from copilot.tui.screens.modals import ApprovalModal, HelpScreen, PathPrompt, SessionList
from copilot.tui.widgets.chat import ChatLog
from copilot.tui.widgets.prompt import PromptInput
from copilot.tui.widgets.side_panel import SidePanel

SLASH_COMMANDS = (
    "/load",
    "/model",
    "/report",
    "/sessions",
    "/new",
    "/resume",
    "/cancel",
    "/help",
    "/quit",
)


def stopped_text(answer: Answer) -> str:
    """What a run stopped by escape or /cancel says, with the TUI's way to go on."""
    done = sum(1 for s in answer.steps if s.ok)
    said = (
        "Stopped before any step was completed; the session is saved."
        if done == 0
        else f"Stopped after {done} completed step{'s' if done != 1 else ''}; the session keeps "
        f"{'them' if done != 1 else 'it'}."
    )
    return said + "\nType `/resume` to finish the analysis, or `/new` to start a new session."


def error_parts(exc: BaseException) -> tuple[str, str | None]:
    """(message, hint) of an error; unexpected errors keep their type name."""
    if isinstance(exc, CopilotError):
        return exc.message, exc.hint
    return f"{type(exc).__name__}: {exc}", "this is a bug in Causal Copilot; please report it"


class CopilotApp(App[None]):
    """Ask causal questions, watch the analysis, explore the results."""

    CSS_PATH = "app.tcss"
    TITLE = "Causal Copilot"
    COMMANDS = App.COMMANDS | {CopilotCommands}
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+o", "load_data", "Data"),
        Binding("ctrl+l", "load_model", "Model"),
        Binding("ctrl+r", "report", "Report"),
        Binding("ctrl+s", "sessions", "Sessions"),
        Binding("ctrl+n", "new_session", "New"),
        Binding("ctrl+b", "toggle_panel", "Panel", show=False),
        Binding("ctrl+f", "maximize_result", "Full view", show=False),
        Binding("f1", "help", "Help"),
    ]

    def __init__(
        self,
        copilot: Any = None,
        *,
        data: Sequence[str | Path] = (),
        model: str | Path | None = None,
        session: str | None = None,
        settings: Any = None,
        clock: Callable[[], float] = time.monotonic,
        new_session_id: Callable[[], str] | None = None,
    ):
        super().__init__()
        self._copilot = copilot
        self._settings = settings
        self._initial_data = [str(p) for p in data]
        self._initial_model = str(model) if model else None
        self._initial_session = session
        self.session_id: str | None = None
        """The session questions go to; set once a session is opened or the first question asked."""
        self.clock = clock
        self._cancelling = False
        self._status_line = " new session · ready"
        self.busy = False
        """True while an agent thread runs, until it has really returned (also after a cancel)."""
        self._pending_approval: ApprovalRequest | None = None
        self._maybe_unfinished = False
        """Set when a run ended after a cancel: its session may need a resume before a new question."""
        self._copilot_lock = threading.Lock()
        self._loading: list[str] = []
        """Files being loaded (a name each); questions asked meanwhile wait for them."""
        self._waiting_question: str | None = None
        """A question asked while files were loading, asked once they are loaded."""
        if new_session_id is None:
            from copilot.sessions import new_session_id as default_ids

            new_session_id = default_ids
        self._new_session_id = new_session_id

    # the agent object -------------------------------------------------------------------------
    @property
    def copilot(self) -> Any:
        """The agent, built on first use (in a worker: building it imports the agent's libraries)."""
        with self._copilot_lock:
            if self._copilot is None:
                from copilot.api import Copilot

                self._copilot = Copilot(self._settings, interactive=True)
            return self._copilot

    # setup ------------------------------------------------------------------------------------
    @work(thread=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        """Build the agent off the UI thread, so the first key that needs it does not wait."""
        try:
            self.copilot.workspace.ensure()
        except Exception as exc:  # noqa: BLE001 - e.g. an unwritable workspace, shown with its hint
            self.post_message(ActionFailed("Opening the workspace", exc))

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.clock))
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        self._warm_up()
        for path in self._initial_data:
            self.load_data(path)
        if self._initial_model:
            self.load_model(self._initial_model)
        if self._initial_session:
            self.resume_session(self._initial_session)

    @property
    def chat(self) -> ChatLog:
        return self.main_screen.query_one(ChatLog)

    @property
    def side(self) -> SidePanel:
        return self.main_screen.query_one(SidePanel)

    @property
    def main_screen(self) -> MainScreen:
        """The chat screen, also while a dialog is open over it."""
        for screen in reversed(self.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        raise RuntimeError("the main screen is not installed")

    def _set_status(self, text: str = "") -> None:
        session = f"session {self.session_id}" if self.session_id else "new session"
        if self.busy and not text:
            text = "stopping…" if self._cancelling else "running… (escape cancels)"
        if not text and self._loading:
            loading = ", ".join(self._loading)
            text = (
                f"loading {loading}… (your question runs when it is loaded)"
                if self._waiting_question
                else f"loading {loading}…"
            )
        self._status_line = f" {session} · {text or 'ready'}"
        self._show_status()

    def _show_status(self, waits: int = 0) -> None:
        found = self.main_screen.query("#status")
        if not found and waits < 100:
            # the screen is still mounting its widgets (a session opened at start-up can get
            # here first): show the latest status once they are there
            self.call_after_refresh(self._show_status, waits + 1)
            return
        found.first(Static).update(Text(self._status_line))

    def show_error(self, exc: BaseException, title: str = "Error") -> None:
        message, hint = error_parts(exc)
        self.notify(
            f"{message}\nHint: {hint}" if hint else message,
            title=title,
            severity="error",
            timeout=8,
            markup=False,
        )

    # input --------------------------------------------------------------------------------------
    @on(Input.Submitted, "#prompt")
    async def _submitted(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        prompt = self.main_screen.query_one(PromptInput)
        prompt.remember(text)
        if not text or text.startswith("/"):
            prompt.value = ""
            if text:
                await self.run_command(text)
        elif await self.ask(text):
            prompt.value = ""
        # else: refused (a run is going on, ...): the question stays on the line to send later

    async def run_command(self, line: str) -> None:
        """Run a slash command; unknown ones and bad arguments show a notification."""
        try:
            parts = shlex.split(line)
        except ValueError as exc:
            self.show_error(
                InputError(f"Cannot parse {line!r}: {exc}.", "close the quotes around the path")
            )
            return
        name, args = parts[0].lower(), parts[1:]
        if name == "/load":
            if not args or len(args) > 2:
                self.show_error(
                    InputError("/load needs a path.", "e.g. /load examples/data/sales.csv [NAME]")
                )
            else:
                self.load_data(args[0], args[1] if len(args) > 1 else None)
        elif name == "/model":
            if len(args) != 1:
                self.show_error(
                    InputError("/model needs one path.", "e.g. /model .copilot/models/induction")
                )
            else:
                self.load_model(args[0])
        elif name == "/report":
            self.write_report(args[0] if args else None)
        elif name == "/sessions":
            await self.action_sessions()
        elif name == "/new":
            await self.action_new_session()
        elif name == "/resume":
            target = args[0] if len(args) == 1 else self.session_id
            if len(args) > 1 or not target:
                self.show_error(
                    InputError("/resume needs a session id.", "list them with /sessions")
                )
            else:
                self.resume_session(target)
        elif name == "/cancel":
            self.action_cancel()
        elif name == "/help":
            self.action_help()
        elif name == "/quit":
            self.exit()
        else:
            from copilot.errors import nearest_names

            near = nearest_names(name, SLASH_COMMANDS, n=1)
            hint = (
                f"did you mean {near[0]}? /help lists the commands"
                if near
                else "/help lists the commands"
            )
            self.show_error(InputError(f"Unknown command {name}.", hint))

    # asking -------------------------------------------------------------------------------------
    async def ask(self, question: str, shown: bool = False) -> bool:
        """Ask a question in this session (`shown`: it is already in the chat, it waited).

        False when it was refused (with a notification): the question line keeps the text."""
        if self.busy:
            self.show_error(
                InputError(
                    "An analysis is still running.", "wait for it or press escape to cancel it"
                )
            )
            return False
        if self._loading:
            return await self._wait_for_loads(question)
        if self._maybe_unfinished and self.session_id:
            self._maybe_unfinished = False
            if pending_state(self.copilot, self.session_id):
                self._maybe_unfinished = True
                self.show_error(
                    InputError(
                        "The last run of this session was cancelled before its end.",
                        "type /resume to finish it, or /new to start a new session",
                    )
                )
                return False
        # The id is chosen here, not by the agent, so that an approval or a cancel during the
        # first run already knows which session it belongs to.
        if not self.session_id:
            self.session_id = self._new_session_id()
        session = self.session_id
        if not shown:
            await self.chat.add_question(question)
        self._begin(lambda c: c.stream(question, session=session))
        return True

    async def _wait_for_loads(self, question: str) -> bool:
        """Hold a question asked while files load; it is asked when the last one is in."""
        if self._waiting_question is not None:
            self.show_error(
                InputError(
                    "A question is already waiting for the data to load.",
                    "ask this one when the first has its answer",
                )
            )
            return False
        self._waiting_question = question
        await self.chat.add_question(question)
        await self.chat.add_notice(
            f"Waiting for {', '.join(self._loading)} to load; the question runs as soon as it is in."
        )
        self._set_status()
        return True

    def _begin(self, events: Callable[[Any], Iterable[Any]]) -> None:
        self.busy = True
        self._set_status()
        self._run_agent(events)

    @work(exclusive=True, thread=True, group="agent", exit_on_error=False)
    def _run_agent(self, events: Callable[[Any], Iterable[Any]]) -> None:
        """Iterate the agent's events in this thread and post each to the app.

        A cancel asks the agent to stop (`Copilot.cancel`): it finishes the current step, saves
        it, and ends with a partial answer, so the worker itself is only cancelled on exit."""
        worker = get_current_worker()
        try:
            for event in events(self.copilot):
                if worker.is_cancelled:
                    break
                self.post_message(AgentEvent(event))
        except Exception as exc:  # noqa: BLE001 - shown to the user, the app keeps running
            self.post_message(AgentDone(cancelled=worker.is_cancelled, error=exc))
        else:
            self.post_message(AgentDone(cancelled=worker.is_cancelled))

    async def on_agent_event(self, message: AgentEvent) -> None:
        event = message.event
        chat = self.chat
        if isinstance(event, PlanEvent):
            await chat.add_plan(event)
        elif isinstance(event, ToolStarted):
            await chat.start_tool(event)
            if not self._cancelling:
                self._set_status(f"running {event.tool}… (escape cancels)")
        elif isinstance(event, ToolProgress):
            chat.progress(event)
        elif isinstance(event, ToolFinished):
            await chat.finish_tool(event)
            self._set_status()
            if event.artifacts:
                await self.side.add_artifacts(event.artifacts)
        elif isinstance(event, TextDelta):
            await chat.stream_text(event.text)
        elif isinstance(event, AnswerEvent):
            if event.answer.session_id:
                self.session_id = event.answer.session_id
            if self._pending_approval is not None:
                await chat.add_notice("Waiting for your approval before the next step.")
            elif self._cancelling and event.answer.partial:
                await chat.add_answer(
                    event.answer.model_copy(update={"text": stopped_text(event.answer)})
                )
            else:
                await chat.add_answer(event.answer)
            if event.answer.artifacts:
                await self.side.add_artifacts(event.answer.artifacts)
        elif isinstance(event, ApprovalRequest):
            # Asked once the run has stopped at the interrupt, so the answer resumes a saved state.
            self._pending_approval = event

    async def on_agent_done(self, message: AgentDone) -> None:
        self.busy = False
        self._maybe_unfinished = self._cancelling
        self._cancelling = False
        if message.error is not None:
            msg, hint = error_parts(message.error)
            await self.chat.add_notice(msg, hint, error=True)
            self.show_error(message.error, title="Analysis failed")
        if self._pending_approval is not None and message.error is None:
            self._set_status("waiting for your approval (y/n)")
            self.push_screen(
                ApprovalModal(self._pending_approval, self.chat.step_refs()), self._approved
            )
        else:
            self._set_status()

    def _approved(self, yes: bool | None) -> None:
        self._pending_approval = None
        session = self.session_id
        self.main_screen.focus_prompt()
        self.call_later(
            self.chat.add_notice,
            "Approved; continuing." if yes else "Declined; continuing without it.",
        )
        self._begin(lambda c: c.stream_approve(session, bool(yes)))

    def action_cancel(self) -> None:
        """Stop the running analysis: a tool that reports progress stops at its next report, any
        other step at its end; every completed step is saved, so the session can be resumed.

        With nothing running, escape takes the focus back to the question line."""
        if not self.busy and self._waiting_question is not None:
            self._waiting_question = None
            self.call_later(self.chat.add_notice, "The waiting question was dropped.")
            self._set_status()
            return
        if not self.busy:
            prompt = self.main_screen.query_one(PromptInput)
            if self.screen is self.main_screen and self.focused is not prompt:
                prompt.focus()
            else:
                self.notify("Nothing is running.", timeout=3, markup=False)
            return
        self.copilot.cancel()
        self._cancelling = True
        self.chat.cancel_running()
        self._set_status("stopping…")

    def on_unmount(self) -> None:
        if self.busy and self._copilot is not None:
            self._copilot.cancel()

    # loading ------------------------------------------------------------------------------------
    def load_data(self, path: str, name: str | None = None) -> None:
        """Load a data file in a worker; until it is in, the UI says so and questions wait."""
        label = self._start_loading(path)
        self.call_later(self.side.show_loading, "data", label)
        self._load_data(path, name, label)

    def load_model(self, path: str) -> None:
        label = self._start_loading(path)
        self.call_later(self.side.show_loading, "model", label)
        self._load_model(path, label)

    def _start_loading(self, path: str) -> str:
        label = Path(path).name or path
        self._loading.append(label)
        self._set_status()
        return label

    @work(thread=True, group="load", exit_on_error=False)
    def _load_data(self, path: str, name: str | None, label: str) -> None:
        try:
            ident = self.copilot.load_data(path, name=name)
            self.post_message(Loaded("data", ident, self._dataset_info(ident), label))
        except Exception as exc:  # noqa: BLE001 - shown to the user, the app keeps running
            self.post_message(ActionFailed(f"Loading {path}", exc, loading=("data", label)))

    @work(thread=True, group="load", exit_on_error=False)
    def _load_model(self, path: str, label: str) -> None:
        try:
            ident = self.copilot.load_model(path)
            self.post_message(Loaded("model", ident, self._model_info(ident), label))
        except Exception as exc:  # noqa: BLE001
            self.post_message(ActionFailed(f"Loading {path}", exc, loading=("model", label)))

    async def _load_ended(self, kind: str, label: str) -> None:
        """One load is over (loaded or failed); the last one releases a waiting question."""
        if label in self._loading:
            self._loading.remove(label)
        await self.side.loading_done(kind, label)
        self._set_status()
        if not self._loading and self._waiting_question is not None:
            question, self._waiting_question = self._waiting_question, None
            await self.ask(question, shown=True)

    def _dataset_info(self, ident: str) -> dict[str, Any]:
        from copilot.agents.inputs import dataset_record

        return dataset_record(self.copilot.workspace.dataset(ident))

    def _model_info(self, ident: str) -> dict[str, Any]:
        from copilot.agents.inputs import model_record

        return model_record(ident, self.copilot.workspace.model(ident))

    async def on_loaded(self, message: Loaded) -> None:
        if message.kind == "data":
            await self.side.add_dataset(message.ident, message.info)
            columns = message.info.get("columns") or []
            self.notify(
                f"{message.ident}: {message.info.get('n_rows', message.info.get('n', '?'))} rows, {len(columns)} columns",
                title="Data loaded",
                timeout=4,
                markup=False,
            )
        else:
            await self.side.add_model(message.ident, message.info)
            self.notify(message.ident, title="Model loaded", timeout=4, markup=False)
        await self._load_ended(message.kind, message.label)

    async def on_action_failed(self, message: ActionFailed) -> None:
        self.show_error(message.error, title=f"{message.action} failed")
        if message.loading is not None:
            await self._load_ended(*message.loading)

    # report -------------------------------------------------------------------------------------
    def _default_report_path(self) -> str:
        return str(
            self.copilot.workspace.new_artifact_path(
                f"report_{self.session_id or 'session'}", ".html", reserve=False
            )
        )

    @work(thread=True, group="report", exit_on_error=False)
    def write_report(self, path: str | None = None) -> None:
        try:
            if not self.session_id:
                raise InputError("There is nothing to report yet.", "ask a question first")
            if self.busy:
                raise InputError(
                    "An analysis is still running.", "write the report when it has answered"
                )
            written = self.copilot.report(self.session_id, path or self._default_report_path())
            self.post_message(ReportWritten([str(written)]))
        except Exception as exc:  # noqa: BLE001
            self.post_message(ActionFailed("Writing the report", exc))

    async def on_report_written(self, message: ReportWritten) -> None:
        await self.side.add_artifacts(message.paths)
        self.notify("\n".join(message.paths), title="Report written", timeout=6, markup=False)

    # sessions -----------------------------------------------------------------------------------
    async def action_sessions(self) -> None:
        self._list_sessions()

    @work(thread=True, group="sessions", exclusive=True, exit_on_error=False)
    def _list_sessions(self) -> None:
        try:
            sessions = list(self.copilot.sessions())
        except Exception as exc:  # noqa: BLE001
            self.post_message(ActionFailed("Listing sessions", exc))
            return
        self.post_message(SessionsListed(sessions))

    def on_sessions_listed(self, message: SessionsListed) -> None:
        self.push_screen(SessionList(message.sessions, self.session_id), self._session_picked)

    async def _session_picked(self, ident: str | None) -> None:
        if ident is None:
            return
        if ident == "":
            await self.action_new_session()
        else:
            self.resume_session(ident)

    async def action_new_session(self) -> None:
        if self.busy:
            self.show_error(
                InputError("An analysis is still running.", "press escape to cancel it first")
            )
            return
        self.session_id = None
        self._maybe_unfinished = False
        self._waiting_question = None
        await self.chat.clear()
        await self.side.clear_artifacts()
        self._set_status()
        self.main_screen.focus_prompt()

    def resume_session(self, ident: str) -> None:
        """Show a session's questions, steps and answers; finish its run if one was cut short."""
        if self.busy:
            self.show_error(
                InputError("An analysis is still running.", "press escape to cancel it first")
            )
            return
        self.busy = True  # until the history is read: no question may start on a half-shown session
        self._set_status(f"opening session {ident}…")
        self._read_session(ident)

    @work(thread=True, group="agent", exit_on_error=False)
    def _read_session(self, ident: str) -> None:
        try:
            history = session_history(self.copilot, ident)
            pending = pending_state(self.copilot, ident)
        except Exception as exc:  # noqa: BLE001
            self.post_message(ActionFailed(f"Opening session {ident}", exc))
            self.post_message(SessionOpened(ident, None, None))
            return
        self.post_message(SessionOpened(ident, history, pending))

    async def on_session_opened(self, message: SessionOpened) -> None:
        self.busy = False
        self._cancelling = False
        self._maybe_unfinished = False
        if message.history is None:
            self._set_status()
            return
        self.session_id = message.ident
        chat = self.chat
        await chat.clear()
        await self.side.clear_artifacts()
        await chat.add_notice(
            f"Session {message.ident}: {message.history.get('title') or ''}".strip()
        )
        results = message.history.get("results") or []
        for turn, t in enumerate(message.history.get("turns") or []):
            await chat.add_question(t["question"])
            for r in (r for r in results if r.get("turn") == turn):
                await chat.finish_tool(
                    ToolFinished(
                        call_id=str(r.get("call_id") or f"{turn}-{r['tool']}"),
                        tool=r["tool"],
                        ok=bool(r.get("ok")),
                        summary=str(r.get("summary") or ""),
                        result=r.get("result") if r.get("ok") else None,
                        error=r.get("error"),
                        elapsed_s=float(r.get("elapsed_s") or 0.0),
                        artifacts=list(r.get("artifacts") or []),
                    ),
                    args=r.get("args") if isinstance(r.get("args"), dict) else {},
                )
            if t.get("answer"):
                await chat.add_answer(Answer(text=t["answer"], session_id=message.ident))
            elif (
                turn == len(message.history["turns"]) - 1
                and not message.pending
                and message.history.get("status")
            ):
                await chat.add_notice(f"(no answer: the run ended {message.history['status']})")
        await self.side.add_artifacts(list(message.history.get("artifacts") or []))
        await self.side.show_inputs(
            message.history.get("datasets") or {}, message.history.get("models") or {}
        )
        self._set_status()
        self.main_screen.focus_prompt()
        if isinstance(message.pending, ApprovalRequest):
            self._pending_approval = message.pending
            self.push_screen(ApprovalModal(message.pending, self.chat.step_refs()), self._approved)
        elif message.pending:
            await chat.add_notice("This session's last run was cut short; finishing it.")
            self._begin(lambda c: c.stream_resume(message.ident))

    @on(ListView.Selected, "#artifacts")
    def _artifact_selected(self, event: ListView.Selected) -> None:
        """Enter on an artifact copies its full path, to open it outside the terminal."""
        path = event.item.name or ""
        self.copy_to_clipboard(path)
        self.notify(path, title="Path copied", timeout=5, markup=False)

    # other actions ------------------------------------------------------------------------------
    def action_load_data(self) -> None:
        self.push_screen(
            PathPrompt("Load a data file", "path/to/data.csv"),
            lambda p: self.load_data(p) if p else None,
        )

    def action_load_model(self) -> None:
        self.push_screen(
            PathPrompt("Load a model", "path/to/model"), lambda p: self.load_model(p) if p else None
        )

    def action_report(self) -> None:
        if not self.session_id:
            self.show_error(InputError("There is nothing to report yet.", "ask a question first"))
            return
        self.push_screen(
            PathPrompt(
                "Write the report to (.html or .md)", "report.html", self._default_report_path()
            ),
            lambda p: self.write_report(p) if p else None,
        )

    def action_toggle_panel(self) -> None:
        side = self.side
        side.display = not side.display

    def action_maximize_result(self) -> None:
        """Show the focused result view (else the latest one) full-screen; again to go back."""
        screen = self.main_screen
        if screen.maximized is not None:
            screen.minimize()  # gives the focus back to the question line
            return
        focused = self.focused
        views = list(self.chat.query(".result-view"))
        target = focused if focused in views else (views[-1] if views else None)
        if target is None:
            self.notify("There is no result to show yet.", timeout=3, markup=False)
            return
        screen.maximize(target, container=False)
        target.focus()

    def action_help(self) -> None:
        self.push_screen(HelpScreen())
