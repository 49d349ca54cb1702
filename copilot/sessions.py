"""Sessions: every run is checkpointed with LangGraph's SQLite checkpointer in the workspace.

Checkpoints are read with a strict msgpack serializer (only LangGraph's built-in safe types and
langchain messages are revived; nothing is imported or called on load). A small table next to
LangGraph's own keeps a title and timestamps per session for `list`. The helpers here are what the
CLI (`copilot sessions ...`) and the UI use.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from copilot.errors import ConfigError, InputError, SessionError
from copilot.locks import FileLock

_TABLE = """CREATE TABLE IF NOT EXISTS copilot_sessions (
    id TEXT PRIMARY KEY, created TEXT NOT NULL, updated TEXT NOT NULL, title TEXT NOT NULL,
    turns INTEGER NOT NULL DEFAULT 0, llm TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT '')"""


class SessionInfo(BaseModel):
    """One row of `copilot sessions list`."""

    id: str
    created: str
    updated: str
    title: str
    turns: int
    llm: str
    status: str


def strict_serde() -> Any:
    """The checkpoint serializer with the strict msgpack allowlist (no arbitrary types on load).

    A checkpoint it refuses (a pickle, a constructor outside the allowlist, bytes that do not
    decode) is a SessionError: one line, exit code 2, nothing run."""
    from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer

    class StrictSerializer(JsonPlusSerializer):
        def loads_typed(self, data: tuple[str, bytes]) -> Any:
            kind = data[0] if isinstance(data, tuple) and data else "?"
            try:
                value = super().loads_typed(data)
                if kind == "json" and _refused_constructor(value):
                    # the reviver leaves a refused constructor in place silently: say so instead
                    raise ValueError("a constructor outside the allowlist")
                return value
            except Exception as exc:
                raise SessionError(
                    f"A saved checkpoint was refused ({kind!s} data: "
                    f"{str(exc).splitlines()[0][:120] or type(exc).__name__}); nothing in it was "
                    "loaded or run.",
                    "the sessions database was changed outside copilot: delete this session "
                    "(copilot sessions delete ID --yes) or use another --workspace",
                ) from None

    return StrictSerializer(pickle_fallback=False, allowed_msgpack_modules=None)


def _refused_constructor(value: Any) -> bool:
    """True when a revived JSON checkpoint still holds a constructor record (one the
    allowlist refused to build)."""
    if isinstance(value, dict):
        if value.get("lc") is not None and value.get("type") == "constructor":
            return True
        return any(_refused_constructor(v) for v in value.values())
    if isinstance(value, list):
        return any(_refused_constructor(v) for v in value)
    return False


#: The layout (channel names and versions, `Checkpoint["v"]`) of the checkpoints LangGraph 1.x's
#: graphs write, which `SessionStore.save_update` follows. LangGraph migrates a checkpoint of an
#: older layout when it loads one; a test compares `save_update` with the graph's `update_state`.
GRAPH_CHECKPOINT_LAYOUT = 4


def new_session_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _retry_locked(step: Any, wait_s: float = 30.0) -> Any:
    """Run one SQLite statement, retrying while another connection holds the database.

    SQLite answers "database is locked" at once, without calling the busy handler, when two
    connections open a new file together (switching it to WAL needs the only lock), so the
    connection's own timeout does not cover this case."""
    deadline = time.monotonic() + wait_s
    pause = 0.005
    while True:
        try:
            return step()
        except sqlite3.OperationalError as exc:
            text = str(exc).lower()
            if ("locked" not in text and "busy" not in text) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)


class SessionStore:
    """The sessions database of one workspace: LangGraph's checkpointer plus the session index."""

    def __init__(self, db_path: str | Path):
        self.path = Path(db_path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # batch workers and parallel runs share the file: wait for a writer, do not fail
            self.conn = sqlite3.connect(
                str(self.path), check_same_thread=False, isolation_level=None, timeout=30
            )
            _retry_locked(lambda: self.conn.execute("PRAGMA journal_mode=WAL"))
            # A commit per checkpoint (dozens per question) each waited for the disk (fdatasync);
            # with WAL, NORMAL syncs at WAL checkpoints only. A killed process loses nothing
            # committed; a power cut may lose the last steps, never the database's consistency.
            self.conn.execute("PRAGMA synchronous=NORMAL")
            _retry_locked(lambda: self.conn.execute(_TABLE))
        except sqlite3.Error as exc:
            raise ConfigError(
                f"Cannot open the sessions database {self.path}: {exc}.",
                "choose another workspace with --workspace or COPILOT_WORKSPACE",
            ) from None
        self._lock = threading.Lock()
        from langgraph.checkpoint.sqlite import SqliteSaver

        self.checkpointer = SqliteSaver(self.conn, serde=strict_serde())
        _retry_locked(self.checkpointer.setup)

    def close(self) -> None:
        self.conn.close()

    # index ------------------------------------------------------------------------------------
    def touch(
        self,
        session_id: str,
        *,
        title: str | None = None,
        turns: int | None = None,
        llm: str | None = None,
        status: str | None = None,
    ) -> None:
        with self._lock:
            # one statement decides, so two processes creating the same session cannot collide
            added = self.conn.execute(
                "INSERT OR IGNORE INTO copilot_sessions(id, created, updated, title, turns, llm, status) VALUES (?,?,?,?,?,?,?)",
                (
                    session_id,
                    _now(),
                    _now(),
                    (title or "")[:200],
                    turns or 0,
                    llm or "",
                    status or "",
                ),
            ).rowcount
            if added:
                return
            sets, vals = ["updated=?"], [_now()]
            for col, val in (("title", title), ("turns", turns), ("llm", llm), ("status", status)):
                if val is not None:
                    sets.append(f"{col}=?")
                    vals.append(val[:200] if isinstance(val, str) else val)
            self.conn.execute(
                f"UPDATE copilot_sessions SET {', '.join(sets)} WHERE id=?", (*vals, session_id)
            )

    def exists(self, session_id: str) -> bool:
        if self.conn.execute("SELECT 1 FROM copilot_sessions WHERE id=?", (session_id,)).fetchone():
            return True
        return self.checkpointer.get_tuple({"configurable": {"thread_id": session_id}}) is not None

    def require(self, session_id: str) -> None:
        if not self.exists(session_id):
            ids = [s.id for s in self.list()[:5]]
            hint = (
                f"recent sessions: {', '.join(ids)}"
                if ids
                else "no sessions yet; ask a question first"
            )
            raise SessionError(f"Unknown session {session_id!r}.", hint)

    # locks ------------------------------------------------------------------------------------
    def session_lock(self, session_id: str) -> FileLock:
        """The lock a run holds on its session, so two runs never write one session at once."""
        return FileLock(
            self.path.parent / "locks" / f"session-{session_id}.lock",
            f"Session {session_id!r}",
            "wait for the other run to finish (or stop it), or leave out --session to start a "
            "new session",
        )

    def last_status(self, session_id: str) -> str | None:
        """The status the session's last run left ('done', 'partial', 'running', ...), or None
        for a session not in the index."""
        row = self.conn.execute(
            "SELECT status FROM copilot_sessions WHERE id=?", (session_id,)
        ).fetchone()
        return row[0] if row else None

    def _status(self, session_id: str, status: str) -> str:
        """A run marked running whose process no longer holds the session was killed."""
        if status == "running" and not self.session_lock(session_id).is_taken():
            return "interrupted"
        return status

    def list(self) -> list[SessionInfo]:
        rows = self.conn.execute(
            "SELECT id, created, updated, title, turns, llm, status FROM copilot_sessions ORDER BY updated DESC, id DESC"
        ).fetchall()
        return [
            SessionInfo(
                id=r[0],
                created=r[1],
                updated=r[2],
                title=r[3],
                turns=r[4],
                llm=r[5],
                status=self._status(r[0], r[6]),
            )
            for r in rows
        ]

    def info(self, session_id: str) -> SessionInfo:
        self.require(session_id)
        for s in self.list():
            if s.id == session_id:
                return s
        return SessionInfo(
            id=session_id, created="", updated="", title="", turns=0, llm="", status=""
        )

    def delete(self, session_id: str) -> None:
        self.require(session_id)
        lock = self.session_lock(session_id).acquire()  # never under a running question
        try:
            self._delete(session_id)
        finally:
            lock.release()

    def _delete(self, session_id: str) -> None:
        self.checkpointer.delete_thread(session_id)
        with self._lock:
            self.conn.execute("DELETE FROM copilot_sessions WHERE id=?", (session_id,))

    # contents ---------------------------------------------------------------------------------
    def last_checkpoint(self, session_id: str) -> Any:
        """The session's latest checkpoint tuple (LangGraph's), or None for a new session."""
        return self.checkpointer.get_tuple(
            {"configurable": {"thread_id": session_id, "checkpoint_ns": ""}}
        )

    def save_update(self, session_id: str, update: dict[str, Any], *, as_node: str) -> None:
        """Save `update` (the new values of some state keys) as the session's next checkpoint,
        the one the graph's `update_state(config, update, as_node=as_node)` writes, without
        loading the graph: only the checkpointer's own API.

        Every key of `update` gets the next channel version; no trigger channel moves, so no
        node is left to run and the next run of the graph starts from this state. Only for
        plain values and values already merged with the state (the caller applies the
        reducers); a test compares the result with `update_state`'s."""
        from langgraph.checkpoint.base import copy_checkpoint, create_checkpoint, empty_checkpoint

        saved = self.last_checkpoint(session_id)
        if saved is not None and saved.checkpoint.get("v") != GRAPH_CHECKPOINT_LAYOUT:
            raise SessionError(
                f"Session {session_id!r} was saved in another checkpoint layout "
                f"({saved.checkpoint.get('v')!r}).",
                "ask through the graph (it migrates the layout), or start a new session",
            )
        base = copy_checkpoint(saved.checkpoint) if saved else empty_checkpoint()
        step = saved.metadata.get("step", -1) + 1 if saved else 0
        version = self.checkpointer.get_next_version(
            max(base["channel_versions"].values(), default=None), None
        )
        checkpoint = create_checkpoint(base, None, step)
        # the checkpoint library's helpers stamp their own format number; the channels here are
        # laid out as the graph lays them out, and a lower number would make LangGraph migrate
        # them as an older layout (it would read the `plan` and `answer` channels as nodes')
        checkpoint["v"] = GRAPH_CHECKPOINT_LAYOUT
        if not checkpoint.get("pending_sends"):
            checkpoint.pop("pending_sends", None)  # a field of older layouts only
        checkpoint["channel_values"] = {**base["channel_values"], **update}
        checkpoint["channel_versions"] = {
            **base["channel_versions"],
            **dict.fromkeys(update, version),
        }
        checkpoint["versions_seen"].setdefault(as_node, {})
        metadata = {
            "source": "update",
            "step": step,
            "parents": saved.metadata.get("parents", {}) if saved else {},
        }
        config = (
            saved.config
            if saved
            else {"configurable": {"thread_id": session_id, "checkpoint_ns": ""}}
        )
        self.checkpointer.put(config, checkpoint, metadata, dict.fromkeys(update, version))

    def state(self, session_id: str) -> dict[str, Any]:
        """The latest checkpointed state values of a session."""
        self.require(session_id)
        tup = self.checkpointer.get_tuple({"configurable": {"thread_id": session_id}})
        if tup is None:
            return {}
        return dict(tup.checkpoint.get("channel_values") or {})

    def show(self, session_id: str) -> dict[str, Any]:
        """A JSON-able view of a session: the questions and answers, every step, the artifacts."""
        from langchain_core.messages import AIMessage, HumanMessage

        state = self.state(session_id)
        info = self.info(session_id)
        turns: list[dict[str, Any]] = []
        for m in state.get("messages") or []:
            if isinstance(m, HumanMessage):
                turns.append({"question": m.content, "answer": ""})
            elif isinstance(m, AIMessage) and not m.tool_calls and turns:
                turns[-1]["answer"] = m.content
        results = state.get("results") or []
        for i, t in enumerate(turns):
            t["steps"] = [
                {"tool": r["tool"], "args": r["args"], "ok": r["ok"], "summary": r["summary"]}
                for r in results
                if r.get("turn") == i
            ]
        return {
            "session": session_id,
            **info.model_dump(exclude={"id"}),
            "turns": turns,
            "datasets": list((state.get("datasets") or {}).keys()),
            "models": list((state.get("models") or {}).keys()),
            "results": results,
            "artifacts": list(dict.fromkeys(state.get("artifacts") or [])),
        }

    def export(self, session_id: str, format: str = "md") -> str:
        """A session as Markdown (a readable transcript) or JSON."""
        data = self.show(session_id)
        if format == "json":
            return json.dumps(data, indent=2, default=str)
        if format != "md":
            raise InputError(f"Unknown export format {format!r}.", "use md or json")
        lines = [
            f"# Session {session_id}",
            "",
            f"Created {data['created']}, updated {data['updated']}, "
            f"planner {data['llm'] or 'offline'}.",
            "",
        ]
        for i, t in enumerate(data["turns"], 1):
            lines += [f"## {i}. {t['question']}", ""]
            for s in t["steps"]:
                mark = "ok" if s["ok"] else "failed"
                first = (s["summary"] or "").splitlines()[0] if s["summary"] else ""
                lines.append(f"- `{s['tool']}` {json.dumps(s['args'])}: {mark}, {first}")
            lines += ["", t["answer"] or "(no answer)", ""]
        if data["artifacts"]:
            lines += ["## Files", ""] + [f"- {a}" for a in data["artifacts"]] + [""]
        return "\n".join(lines)


def open_store(workspace: Any) -> SessionStore:
    """The session store of a `copilot.workspace.Workspace`."""
    workspace.ensure()
    return SessionStore(workspace.sessions_db)
