"""Messages the agent worker (a thread) posts to the app; all UI changes happen in handlers."""

from __future__ import annotations

from typing import Any

from textual.message import Message


class AgentEvent(Message):
    """One event from `Copilot.stream`: plan, tool started/progress/finished, approval, text, answer."""

    def __init__(self, event: Any) -> None:
        super().__init__()
        self.event = event


class AgentDone(Message):
    """The run ended: answered, stopped for approval, cancelled or failed (then `error` is set)."""

    def __init__(self, cancelled: bool = False, error: Exception | None = None) -> None:
        super().__init__()
        self.cancelled = cancelled
        self.error = error


class Loaded(Message):
    """A dataset or a model was registered; `info` is what the side panel shows."""

    def __init__(self, kind: str, ident: str, info: dict[str, Any], label: str = "") -> None:
        super().__init__()
        self.kind = kind
        self.ident = ident
        self.info = info
        self.label = label
        """The name the UI showed while loading (the file name)."""


class ActionFailed(Message):
    """A load, report or session action failed with a message and a hint."""

    def __init__(
        self, action: str, error: Exception, loading: tuple[str, str] | None = None
    ) -> None:
        super().__init__()
        self.action = action
        self.error = error
        self.loading = loading
        """(kind, label) of a failed load, so the UI stops showing it as loading."""


class ReportWritten(Message):
    def __init__(self, paths: list[str]) -> None:
        super().__init__()
        self.paths = paths


class SessionOpened(Message):
    """A session's history was read (None when it could not be); `pending` says what its last run
    still needs: an `ApprovalRequest`, True for a resume, False for nothing."""

    def __init__(self, ident: str, history: dict[str, Any] | None, pending: Any) -> None:
        super().__init__()
        self.ident = ident
        self.history = history
        self.pending = pending


class SessionsListed(Message):
    def __init__(self, sessions: list[Any]) -> None:
        super().__init__()
        self.sessions = sessions
