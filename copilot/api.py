"""The Python API: `Copilot` asks questions, streams typed events, and manages sessions.

    from copilot import Copilot
    cp = Copilot()
    answer = cp.ask("what is the effect of price on sales?", data="sales.csv")
    print(answer.text)

The CLI and the UI are thin layers over this class.
"""

from __future__ import annotations

import asyncio
import threading
import warnings
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from copilot.errors import DependencyError, InputError, SessionError
from copilot.events import (
    Answer,
    AnswerEvent,
    ApprovalRequest,
    Step,
    TextDelta,
    ToolFinished,
    ToolStarted,
)
from copilot.settings import Settings, load_settings
from copilot.workspace import Workspace

DataArg = Any  # path | DataFrame | {name: path or frame} | list of those


class Copilot:
    """An assistant that answers causal questions about data and models.

    Args:
        settings: runtime settings (default: environment and config file).
        chat_model: a langchain chat model to plan with (default: from settings; offline planner).
        workspace: folder for datasets, artifacts and sessions (default: settings.workspace).
        tools: extra typed functions offered to the planner as tools.
        interactive: ask for approval (an `ApprovalRequest` event) before expensive actions.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        chat_model: Any = None,
        workspace: str | Path | None = None,
        tools: Sequence[Callable[..., Any]] = (),
        interactive: bool = False,
    ):
        from copilot.agents.registry import ToolEnv, build_registry

        self.settings = settings or load_settings()
        if workspace is not None:
            self.settings = self.settings.model_copy(update={"workspace": Path(workspace)})
        self.workspace = Workspace(self.settings.workspace)
        self.registry = build_registry(tools)
        self._chat_model: Any = chat_model
        # `_offline`: the offline planner plans, so a question it answers in words needs no graph
        if chat_model is None and self.settings.llm_backend == "offline":
            # The offline planner's chat model is made when the graph first runs: a question it
            # answers in words is planned without langchain's model classes.
            self.llm_name = "offline"
            self._offline = True
        elif chat_model is None:
            from copilot.llm import make_chat_model

            self._chat_model, self.llm_name = make_chat_model(self.settings)
            self._offline = False
        else:
            from copilot.agents.offline_model import OfflinePlanner

            self.llm_name = (
                "offline"
                if isinstance(chat_model, OfflinePlanner)
                else getattr(chat_model, "_llm_type", type(chat_model).__name__)
            )
            self._offline = type(chat_model) is OfflinePlanner
        self.interactive = interactive
        self.env = ToolEnv(workspace=self.workspace, settings=self.settings)
        self._store: Any = None
        self._graph: Any = None
        self._cancel = threading.Event()
        self._busy = threading.Lock()
        self._opening = threading.Lock()  # threads sharing this Copilot open one store and graph

    # resources --------------------------------------------------------------------------------
    @property
    def chat_model(self) -> Any:
        """The langchain chat model the graph plans with."""
        if self._chat_model is None:
            # Only the offline backend leaves it unset in __init__: this is what
            # `make_chat_model` returns for it, without loading the OpenAI-compatible model's
            # module.
            from copilot.agents.offline_model import OfflinePlanner

            self._chat_model = OfflinePlanner()
        return self._chat_model

    @property
    def store(self) -> Any:
        with self._opening:
            if self._store is None:
                from copilot.sessions import open_store

                self._store = open_store(self.workspace)
        return self._store

    @property
    def graph(self) -> Any:
        store = self.store
        with self._opening:
            if self._graph is None:
                from copilot.agents.graph import compile_with

                self._graph = compile_with(store.checkpointer)
        return self._graph

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
            self._graph = None

    def __enter__(self) -> Copilot:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    @property
    def tools(self) -> list[str]:
        """Names of the tools the planner can call."""
        return self.registry.names()

    # inputs -----------------------------------------------------------------------------------
    def load_data(self, source: Any, name: str | None = None) -> str:
        """Register a table (a path or a DataFrame); returns its dataset id."""
        try:
            from copilot.tools.profile_cache import load_cached
        except ImportError:
            raise DependencyError("copilot.tools.data", purpose="loading data") from None
        with warnings.catch_warnings():
            # what the data layer changed is in the dataset's notes, which every answer reports
            warnings.simplefilter("ignore", UserWarning)
            if isinstance(source, str | Path):
                # the profile is cached per file content; rows are read when a tool needs them
                ds = load_cached(source, self.workspace.profiles_dir, name=name)
            else:
                from copilot.tools.data import load_table

                ds = load_table(source, name=name)
        ident = self.workspace.add_dataset(ds)
        if ds.source == "<DataFrame>":
            # Keep a copy in the workspace so a resumed session can reload it.
            folder = self.workspace.root / "datasets"
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{ident}.parquet"
            n = 2
            while path.exists():
                path = folder / f"{ident}_{n}.parquet"
                n += 1
            ds.raw.to_parquet(path)
            ds.stored_path = str(path)
        return ident

    def load_model(self, path: str | Path) -> str:
        """Load a model checkpoint (or 'demo' for the shipped demo model); returns its model id."""
        from copilot.agents.tools import load_model_into

        return load_model_into(self.workspace, str(path))

    def _files_in_question(self, question: str) -> list[str] | None:
        """The tables a question names by path ("... in sales.csv?") when neither data nor a
        model is passed with it: the question is about them. A named table that does not exist
        is an error when no dataset or model is loaded at all (else the name may be a loaded
        dataset's, or a model question's file)."""
        from copilot.tools.datafile import files_named_in, missing_named_file

        found, missing = files_named_in(question)
        if found:
            return found
        if missing and not self.workspace.datasets and not self.workspace.models:
            raise missing_named_file(missing[0])
        return None

    def _register_inputs(self, data: DataArg, model: Any) -> tuple[list[str], list[str]]:
        """Register the inputs of one question; returns the dataset and model ids it names.

        An input already registered (the same file, or an equal frame under the same name) is
        reused, so asking again with the same data does not create a second dataset."""
        ds_ids: list[str] = []
        model_ids: list[str] = []
        if data is not None:
            items: list[tuple[str | None, Any]]
            if isinstance(data, Mapping):
                items = [(str(k), v) for k, v in data.items()]
            elif isinstance(data, list | tuple):
                items = [(None, v) for v in data]
            else:
                items = [(None, data)]
            for name, src in items:
                known = self._known_dataset(src, name)
                ds_ids.append(known if known is not None else self.load_data(src, name=name))
        if model is not None:
            for m in model if isinstance(model, list | tuple) else [model]:
                known = next(
                    (
                        k
                        for k, v in self.workspace.models.items()
                        if getattr(v, "copilot_source", None) == str(m)
                    ),
                    None,
                )
                model_ids.append(known if known is not None else self.load_model(m))
        return ds_ids, model_ids

    def _known_dataset(self, src: Any, name: str | None) -> str | None:
        for ident, ds in self.workspace.datasets.items():
            if name is not None and ds.name != name:
                continue
            if isinstance(src, str | Path):
                if ds.source == str(src):
                    return ident
            elif hasattr(src, "equals") and ds.source == "<DataFrame>":
                frame = src.copy()
                frame.columns = [str(c) for c in frame.columns]
                if ds.raw.shape == frame.shape and ds.raw.equals(frame):
                    return ident
        return None

    def _restore_inputs(self, values: dict[str, Any]) -> None:
        """Reload the inputs a checkpointed session used (a resumed session in a new process)."""
        from copilot.tools.profile_cache import load_cached

        for ident, rec in (values.get("datasets") or {}).items():
            if ident in self.workspace.datasets:
                continue
            src = rec.get("stored") or rec.get("source")
            if not src or src == "<DataFrame>" or not Path(src).exists():
                raise SessionError(
                    f"Dataset {ident!r} of this session cannot be reloaded from {src!r}.",
                    "load it again with load_data / --data and start a new session",
                )
            ds = load_cached(src, self.workspace.profiles_dir, name=rec.get("name"))
            ds.id = ident
            if rec.get("stored"):
                ds.stored_path = rec["stored"]
            self.workspace.datasets[ident] = ds
        for ident, rec in (values.get("models") or {}).items():
            if ident in self.workspace.models:
                continue
            from copilot.agents.tools import load_model_into

            src = rec.get("source")
            if not src:
                raise SessionError(
                    f"Model {ident!r} of this session cannot be reloaded.",
                    "load it again with --model and start a new session",
                )
            load_model_into(self.workspace, src, ident=ident)

    # asking -----------------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        data: DataArg = None,
        model: Any = None,
        session: str | None = None,
        report: str | Path | None = None,
    ) -> Answer:
        """Answer one question; returns the `Answer` (text, results, artifacts, steps, session id)."""
        return _last_answer(
            self.stream(question, data=data, model=model, session=session, report=report)
        )

    def stream(
        self,
        question: str,
        data: DataArg = None,
        model: Any = None,
        session: str | None = None,
        report: str | Path | None = None,
    ) -> Iterator[Any]:
        """Answer one question, yielding events (copilot.events) as the analysis runs."""
        from copilot.sessions import new_session_id

        if not isinstance(question, str) or not question.strip():
            raise InputError(
                "The question is empty.", "ask something, e.g. 'what is the effect of X on Y?'"
            )
        report_path = _check_report(report)
        sid = session or new_session_id()
        if session is not None and not _valid_id(session):
            raise InputError(f"Invalid session id {session!r}.", "use letters, digits, '-' and '_'")
        with self._session_held(sid):
            yield from self._ask(sid, question, data, model, report_path)

    def _ask(
        self, sid: str, question: str, data: DataArg, model: Any, report_path: Path | None
    ) -> Iterator[Any]:
        from langchain_core.messages import HumanMessage

        from copilot.agents.inputs import input_records
        from copilot.sessions import GRAPH_CHECKPOINT_LAYOUT

        config = self._config(sid)
        # An answer in words is saved without the graph when the offline planner plans and the
        # session's last checkpoint, if any, is in the layout `save_update` writes (the graph
        # migrates an older one when it loads it). The state is then read without the graph too
        # when the session's last run finished; else the graph looks (and refuses a run that
        # was killed, cancelled or waits for approval).
        saved = self.store.last_checkpoint(sid) if self._offline else None
        in_words = self._offline and (
            saved is None or saved.checkpoint.get("v") == GRAPH_CHECKPOINT_LAYOUT
        )
        values = None
        if in_words and saved is None:
            values = {}
        elif in_words and self.store.last_status(sid) in ("done", "partial"):
            from copilot.agents.words import state_values

            values = state_values(saved.checkpoint["channel_values"])
        if values is None:
            snapshot = self.graph.get_state(config)
            if _unfinished(snapshot):
                raise SessionError(
                    f"Session {sid!r} has an unfinished run.",
                    "resume it first (Copilot.resume / copilot ask --session ID --resume) or start a new session",
                )
            values = snapshot.values or {}
        if values:
            self._restore_inputs(values)
        if data is None and model is None:
            data = self._files_in_question(question)
        current, _ = self._register_inputs(data, model)
        datasets, models = input_records(self.workspace)
        for ident, rec in datasets.items():
            # The data passed with this question is what it is about when it names no dataset.
            rec["current"] = ident in current
        turn = values.get("turn", -1) + 1 if values else 0
        self.store.touch(
            sid, title=question.strip() if turn == 0 else None, llm=self.llm_name, status="running"
        )
        inp = {
            "messages": [HumanMessage(question.strip())],
            "turn": turn,
            "steps_taken": 0,
            "max_steps": self.settings.max_steps,
            "llm": self.llm_name,
            "partial": False,
            "notes": [],
            "answer": "",
            "plan": [],
            "datasets": datasets,
            "models": models,
        }
        if in_words:
            from copilot.agents.words import answer_in_words

            words = answer_in_words(values, inp, self.registry.names())
            if words is not None:
                yield from self._save_words(sid, values, *words, report_path)
                return
        yield from self._run(inp, config, sid, report_path, question.strip())

    def _save_words(
        self,
        sid: str,
        values: dict[str, Any],
        update: dict[str, Any],
        final: Any,
        report: Path | None,
    ) -> Iterator[Any]:
        """Save a turn the offline planner answered in words, and yield the events the graph
        yields for it: the answer's text, then the answer."""
        if not self._busy.acquire(blocking=False):
            raise InputError(
                "This Copilot is already running a question.", "wait for it or call cancel()"
            )
        try:
            self.store.save_update(sid, update, as_node="answer")
        except BaseException:
            self.store.touch(sid, status="failed")
            raise
        finally:
            self._busy.release()
        values = {**values, **update}
        answer = self._answer_of(sid, values, unfinished=False, cancelled=False)
        self._finish(sid, values, answer, report)
        if not final.streamed:
            yield TextDelta(text=final.text)
        yield AnswerEvent(answer=answer)

    def resume(self, session_id: str, report: str | Path | None = None) -> Answer:
        """Finish a session's interrupted or killed run (or return its last answer)."""
        return _last_answer(self.stream_resume(session_id, report=report))

    def stream_resume(self, session_id: str, report: str | Path | None = None) -> Iterator[Any]:
        self.store.require(session_id)
        with self._session_held(session_id):
            yield from self._resume(session_id, report)

    def _resume(self, session_id: str, report: str | Path | None) -> Iterator[Any]:
        config = self._config(session_id)
        snapshot = self.graph.get_state(config)
        self._restore_inputs(snapshot.values or {})
        question = _question_of(snapshot.values or {})
        if not _unfinished(snapshot):
            yield AnswerEvent(answer=self._answer(session_id, cancelled=False))
            return
        if _pending_interrupts(snapshot):
            raise SessionError(
                f"Session {session_id!r} is waiting for approval.",
                "answer it with Copilot.approve(session_id, yes=True/False)",
            )
        yield from self._run(None, config, session_id, _check_report(report), question)

    def approve(self, session_id: str, yes: bool) -> Answer:
        """Answer a pending approval request and finish the run."""
        return _last_answer(self.stream_approve(session_id, yes))

    def stream_approve(
        self, session_id: str, yes: bool, report: str | Path | None = None
    ) -> Iterator[Any]:
        self.store.require(session_id)
        with self._session_held(session_id):
            yield from self._approve(session_id, yes, report)

    def _approve(self, session_id: str, yes: bool, report: str | Path | None) -> Iterator[Any]:
        from langgraph.types import Command

        config = self._config(session_id)
        snapshot = self.graph.get_state(config)
        if not _pending_interrupts(snapshot):
            raise SessionError(
                f"Session {session_id!r} is not waiting for approval.", "nothing to approve"
            )
        self._restore_inputs(snapshot.values or {})
        yield from self._run(
            Command(resume={"approved": bool(yes)}),
            config,
            session_id,
            _check_report(report),
            _question_of(snapshot.values or {}),
        )

    def unfinished(self, session_id: str) -> bool:
        """True when the session's last run stopped before its end (killed, cancelled, or
        waiting for approval): `resume` continues it."""
        self.store.require(session_id)
        return _unfinished(self.graph.get_state(self._config(session_id)))

    def cancel(self) -> None:
        """Stop the running analysis before its next step; the session stays resumable."""
        self._cancel.set()

    def sessions(self) -> list[Any]:
        """The sessions in this workspace, newest first."""
        return self.store.list()

    def delete_session(self, session_id: str) -> None:
        self.store.delete(session_id)

    def report(self, session_id: str, path: str | Path) -> Path:
        """Write the report of a whole session, every question in order with its steps, results,
        figures and answer (Markdown or HTML by extension)."""
        from copilot.report import write_report

        self.store.require(session_id)
        values = self.graph.get_state(self._config(session_id)).values or {}
        return write_report(
            path, values, self._answer(session_id, cancelled=False), self.settings, self.workspace
        )

    # async ------------------------------------------------------------------------------------
    async def aask(self, question: str, **kwargs: Any) -> Answer:
        return await asyncio.to_thread(self.ask, question, **kwargs)

    async def astream(self, question: str, **kwargs: Any) -> AsyncIterator[Any]:
        """Like `stream`, from async code: the run happens in a worker thread."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue()
        done = object()

        def put(item: Any) -> None:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, item)
            except RuntimeError:  # the consumer's loop is gone; the run stops at its next step
                self.cancel()

        def work() -> None:
            try:
                for ev in self.stream(question, **kwargs):
                    put(ev)
            except BaseException as exc:  # delivered to the consumer, raised there
                put(exc)
            finally:
                put(done)

        thread = threading.Thread(target=work, daemon=True)
        thread.start()
        finished = False
        try:
            while True:
                item = await queue.get()
                if item is done:
                    finished = True
                    break
                if isinstance(item, BaseException):
                    finished = True
                    raise item
                yield item
        finally:
            if not finished:
                # The consumer stopped early: stop the analysis cleanly between steps.
                self.cancel()

    # internals --------------------------------------------------------------------------------
    @contextmanager
    def _session_held(self, sid: str) -> Iterator[None]:
        """Hold the session's lock for a whole run: a second process asking in the same session
        waits up to `session_wait_s`, then gets a BusyError; no turn is lost or mixed."""
        lock = self.store.session_lock(sid).acquire(self.settings.session_wait_s)
        try:
            yield
        finally:
            lock.release()

    def _config(self, sid: str) -> dict[str, Any]:
        return {
            "configurable": {"thread_id": sid},
            "recursion_limit": 4 * self.settings.max_steps + 40,
        }

    def _context(self) -> Any:
        from copilot.agents.context import Context

        return Context(
            chat_model=self.chat_model,
            registry=self.registry,
            env=self.env,
            interactive=self.interactive,
            fallback_offline=self.settings.llm_fallback_offline,
            llm_name=self.llm_name,
            cancel=self._cancel,
        )

    def _run(
        self, inp: Any, config: dict[str, Any], sid: str, report: Path | None, question: str
    ) -> Iterator[Any]:
        from copilot.agents.context import StepCancelled

        if not self._busy.acquire(blocking=False):
            raise InputError(
                "This Copilot is already running a question.", "wait for it or call cancel()"
            )
        self._cancel.clear()
        cancelled = False
        waiting = False
        running: ToolStarted | None = None
        """The tool call under way, closed with a 'stopped' event when a cancel stops it."""
        try:
            stream = self.graph.stream(
                inp,
                config,
                context=self._context(),
                stream_mode=["custom", "updates"],
                durability="sync",
            )
            try:
                for mode, chunk in stream:
                    if mode == "custom":
                        if isinstance(chunk, ToolStarted):
                            running = chunk
                        elif isinstance(chunk, ToolFinished):
                            running = None
                        yield chunk
                        continue
                    if isinstance(chunk, dict) and "__interrupt__" in chunk:
                        for intr in chunk["__interrupt__"]:
                            waiting = True
                            yield ApprovalRequest.model_validate(intr.value)
                    if self._cancel.is_set():
                        cancelled = True
                        break
            finally:
                stream.close()
        except StepCancelled:
            # A tool stopped inside its work: the steps before it are saved, it runs again on
            # resume.
            cancelled = True
            if running is not None:
                yield ToolFinished(
                    call_id=running.call_id,
                    tool=running.tool,
                    ok=False,
                    summary="stopped by a cancel",
                    error={
                        "error": "Cancelled",
                        "message": "Stopped by a cancel before it finished.",
                        "hint": "resume the session to run this step again",
                    },
                )
        except GeneratorExit:
            # The caller stopped reading: the checkpoint keeps every finished step.
            self.store.touch(sid, status="cancelled")
            raise
        except BaseException:
            self.store.touch(sid, status="failed")
            raise
        finally:
            self._busy.release()
        snapshot = self.graph.get_state(config)
        values = snapshot.values or {}
        answer = self._answer_of(
            sid, values, unfinished=_unfinished(snapshot), cancelled=cancelled, waiting=waiting
        )
        self._finish(sid, values, answer, report, cancelled=cancelled, waiting=waiting)
        yield AnswerEvent(answer=answer)

    def _finish(
        self,
        sid: str,
        values: dict[str, Any],
        answer: Answer,
        report: Path | None,
        *,
        cancelled: bool = False,
        waiting: bool = False,
    ) -> None:
        """Mark how the run ended in the session index, and write the report asked for."""
        status = (
            "waiting"
            if waiting
            else "cancelled"
            if cancelled
            else ("partial" if answer.partial else "done")
        )
        self.store.touch(sid, turns=values.get("turn", 0) + 1, status=status)
        if report is not None and not waiting:
            from copilot.report import write_report

            written = write_report(report, values, answer, self.settings, self.workspace)
            answer.artifacts.append(str(written))
            answer.report = str(written)

    def _answer(self, sid: str, *, cancelled: bool, waiting: bool = False) -> Answer:
        snapshot = self.graph.get_state(self._config(sid))
        return self._answer_of(
            sid,
            snapshot.values or {},
            unfinished=_unfinished(snapshot),
            cancelled=cancelled,
            waiting=waiting,
        )

    def _answer_of(
        self,
        sid: str,
        values: dict[str, Any],
        *,
        unfinished: bool,
        cancelled: bool,
        waiting: bool = False,
    ) -> Answer:
        """The `Answer` of the session's current question from its state values."""
        turn = values.get("turn", 0)
        recs = [r for r in values.get("results") or [] if r.get("turn") == turn]
        steps = [
            Step(
                tool=r["tool"],
                args=r["args"],
                ok=r["ok"],
                summary=r["summary"],
                error=(r.get("error") or {}).get("message"),
                hint=(r.get("error") or {}).get("hint"),
                elapsed_s=r.get("elapsed_s", 0.0),
            )
            for r in recs
        ]
        results = [
            {"tool": r["tool"], "call_id": r["call_id"], "args": r["args"], "result": r["result"]}
            for r in recs
            if r["ok"]
        ]
        artifacts = list(dict.fromkeys(a for r in recs for a in r.get("artifacts") or []))
        text = values.get("answer") or ""
        partial = bool(values.get("partial"))
        if waiting:
            text = "Waiting for your approval before the next step."
            partial = True
        elif cancelled or (unfinished and not text):
            done = len(steps)
            text = (
                f"Cancelled after {done} step{'s' if done != 1 else ''}; the session is saved and can be "
                f"resumed (Copilot.resume({sid!r}))."
            )
            partial = True
        return Answer(
            text=text,
            results=results,
            artifacts=artifacts,
            steps=steps,
            session_id=sid,
            partial=partial,
            llm=values.get("llm") or self.llm_name,
        )


def _valid_id(s: str) -> bool:
    return bool(s) and all(ch.isalnum() or ch in "-_." for ch in s) and len(s) <= 128


def _check_report(report: str | Path | None) -> Path | None:
    if report is None:
        return None
    from copilot.workspace import safe_output_path

    p = safe_output_path(report)
    if p.suffix.lower() not in (".md", ".html", ".htm"):
        raise InputError(f"Report {p} must end in .md or .html.", "e.g. --report report.html")
    return p


def _unfinished(snapshot: Any) -> bool:
    """True when the run stopped before its end (killed, cancelled, or waiting for approval).

    A task whose writes were saved is not listed in `next`, yet the run still has to go on."""
    return bool(snapshot.next) or bool(snapshot.tasks)


def _pending_interrupts(snapshot: Any) -> bool:
    return any(getattr(t, "interrupts", None) for t in (snapshot.tasks or ()))


def _question_of(values: dict[str, Any]) -> str:
    from langchain_core.messages import HumanMessage

    for m in reversed(values.get("messages") or []):
        if isinstance(m, HumanMessage):
            return str(m.content)
    return ""


def _last_answer(events: Iterator[Any]) -> Answer:
    answer = None
    for ev in events:
        if isinstance(ev, AnswerEvent):
            answer = ev.answer
    if answer is None:  # pragma: no cover - _run always ends with an AnswerEvent
        raise SessionError("The run ended without an answer.", "resume the session")
    return answer
