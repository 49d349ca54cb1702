"""Locks between processes: one run per session, one batch per output folder.

A lock is a small file holding its owner (pid, host, start time). On POSIX the file is locked
with `fcntl.flock`, which the kernel releases when the owner dies however it dies (kill -9
included), so a lock left by a dead process is taken over at once. Where `fcntl` is missing the
file is created exclusively and a lock whose owner pid is gone (on this host) is taken over.
"""

from __future__ import annotations

import json
import os
import socket
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from copilot.errors import BusyError

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

#: How often a waiting process tries the lock again.
POLL_S = 0.1


def pid_alive(pid: int) -> bool:
    """True when a process with this pid exists on this host."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    except OSError:
        return False
    return True


class FileLock:
    """An exclusive lock on `path`; `acquire(wait_s)` raises BusyError when it stays taken."""

    def __init__(self, path: str | Path, what: str, hint: str):
        self.path = Path(path)
        self.what = what
        self.hint = hint
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, wait_s: float = 0.0) -> FileLock:
        deadline = time.monotonic() + max(0.0, wait_s)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        while True:
            if self._try():
                return self
            if time.monotonic() >= deadline:
                owner = self.owner()
                by = _describe(owner)
                waited = f" (waited {wait_s:g} s)" if wait_s > 0 else ""
                raise BusyError(f"{self.what} is in use by {by}{waited}.", self.hint)
            time.sleep(POLL_S)

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if fcntl is not None:
            # the file stays: removing it would let a waiter lock a file that is gone
            try:
                os.ftruncate(fd, 0)
            except OSError:
                pass
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        else:  # pragma: no cover - Windows
            os.close(fd)
            self.path.unlink(missing_ok=True)

    def is_taken(self) -> bool:
        """True when another holder has the lock now (does not take it)."""
        if self.held or not self.path.exists():
            return False
        try:
            if not self._try():
                return True
        except OSError:  # cannot open it (a read-only workspace): do not claim it is free
            return True
        self.release()
        return False

    def owner(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8") or "{}")
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def __enter__(self) -> FileLock:
        return self.acquire()

    def __exit__(self, *exc: Any) -> None:
        self.release()

    # internals --------------------------------------------------------------------------------
    def _try(self) -> bool:
        if fcntl is not None:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                return False
            self._fd = fd
            os.ftruncate(fd, 0)
            os.write(fd, _owner_record().encode())
            return True
        return self._try_exclusive()  # pragma: no cover - Windows

    def _try_exclusive(self) -> bool:  # pragma: no cover - Windows
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            owner = self.owner()
            if owner.get("host") == socket.gethostname() and not pid_alive(
                int(owner.get("pid") or 0)
            ):
                self.path.unlink(missing_ok=True)  # stale: its owner is gone
                return self._try_exclusive()
            return False
        os.write(fd, _owner_record().encode())
        self._fd = fd
        return True


def _owner_record() -> str:
    return json.dumps(
        {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
    )


def _describe(owner: dict[str, Any]) -> str:
    if not owner.get("pid"):
        return "another process"
    where = f" on {owner['host']}" if owner.get("host") else ""
    since = f" since {owner['since']}" if owner.get("since") else ""
    return f"process {owner['pid']}{where}{since}"
