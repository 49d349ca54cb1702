"""Data profiles cached per file in the workspace, so a second command on a file skips profiling.

A profile (column kinds, cardinalities, the linearity and Gaussianity checks, the encoding of
text columns and the loading notes) is a pure function of the file's bytes and the loading
options. `load_cached` keys it by a SHA-256 of the file's content, the options and the versions
of the code that computed it; a file that changes gets a new key, so a stale profile is never
used. On a hit the table itself is not read until a tool needs its rows: answering in words or
describing the data reads neither pandas nor the file's rows (only its bytes, for the hash).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import warnings
from pathlib import Path
from typing import Any

from copilot.errors import DataError
from copilot.tools.datafile import SUFFIXES
from copilot.tools.dataset import MIN_ROWS, Dataset, DatasetProfile

log = logging.getLogger(__name__)

#: Raise when what a profile holds, or how it is computed, changes: old entries are then ignored.
PROFILE_VERSION = 10
#: Entries kept per workspace; the least recently used go first.
MAX_ENTRIES = 256


def file_digest(path: str | Path) -> str:
    """SHA-256 of a file's content (hex)."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _library_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for dist in ("causal-copilot", "pandas", "numpy"):
        try:
            out.append(f"{dist}={version(dist)}")
        except PackageNotFoundError:
            out.append(f"{dist}=?")
    return ",".join(out)


class ProfileCache:
    """A folder of profile records (JSON), one per (file content, loading options)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def key(self, digest: str, options: dict[str, Any]) -> str:
        ident = json.dumps(
            {
                "digest": digest,
                "options": options,
                "version": PROFILE_VERSION,
                "libraries": _library_versions(),
            },
            sort_keys=True,
        )
        return hashlib.sha256(ident.encode()).hexdigest()[:40]

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        path = self._path(key)
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:  # a damaged entry is recomputed and rewritten
            log.debug("ignoring unreadable profile cache entry %s: %s", path, exc)
            return None
        try:
            os.utime(path)  # least recently used goes first when pruning
        except OSError:
            pass
        return record

    def put(self, key: str, record: dict[str, Any]) -> None:
        """Store a record; a workspace that cannot be written only loses the speed-up."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp = self.folder / f".{key}.{os.getpid()}.tmp"
            tmp.write_text(json.dumps(record), encoding="utf-8")
            os.replace(tmp, self._path(key))  # atomic: concurrent readers see all or nothing
            self._prune()
        except OSError as exc:
            log.debug("profile cache not written to %s: %s", self.folder, exc)

    def _prune(self) -> None:
        entries = sorted(self.folder.glob("*.json"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-MAX_ENTRIES]:
            old.unlink(missing_ok=True)


def load_cached(
    source: str | Path,
    cache: ProfileCache | str | Path,
    name: str | None = None,
    columns: list[str] | None = None,
    missing: str = "drop",
    min_rows: int = MIN_ROWS,
) -> Dataset:
    """`load_table` for a file, with its profile taken from (or written to) `cache`.

    On a hit the returned dataset reads its rows on first use, after checking that the file
    still has the content the profile was computed from. Warnings are the same as
    `load_table`'s (one per dropped column)."""
    from_dir = not isinstance(cache, ProfileCache)
    cache = ProfileCache(cache) if from_dir else cache
    path = Path(source).expanduser()
    if path.suffix.lower() not in SUFFIXES or not path.is_file():
        # unsupported or missing files: load_table raises the one-line error
        return _load_table(source, name, columns, missing, min_rows)
    options = {"columns": columns, "missing": missing, "min_rows": min_rows}
    digest = file_digest(path)
    key = cache.key(digest, options)
    record = cache.get(key)
    if record is not None:
        try:
            return _from_record(record, path, str(source), name, columns, missing, min_rows, digest)
        except (KeyError, TypeError, ValueError) as exc:
            log.debug("ignoring malformed profile cache entry %s: %s", key, exc)
    ds = _load_table(source, name, columns, missing, min_rows)
    cache.put(
        key,
        {
            "profile": ds.profile.model_dump(mode="json"),
            "encoding": ds.encoding,
            "notes": list(ds.notes),
        },
    )
    return ds


def _load_table(source, name, columns, missing, min_rows) -> Dataset:
    from copilot.tools.data import load_table

    return load_table(source, name=name, columns=columns, missing=missing, min_rows=min_rows)


def _from_record(
    record: dict[str, Any],
    path: Path,
    source: str,
    name: str | None,
    columns: list[str] | None,
    missing: str,
    min_rows: int,
    digest: str,
) -> Dataset:
    profile = DatasetProfile.model_validate(record["profile"])
    encoding = {
        str(c): {str(k): int(v) for k, v in m.items()} for c, m in record["encoding"].items()
    }
    notes = [str(n) for n in record["notes"]]

    def read_rows():
        from copilot.tools.data import encode_text_columns, prepare_frames

        if file_digest(path) != digest:
            raise DataError(
                f"{path.name} changed since it was loaded.",
                "load it again (a new question with --data, or load_data) to analyse the new content",
            )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # given when the profile was made
            _, _, raw, frame, _ = prepare_frames(source, name, columns, missing, min_rows)
        encode_text_columns(frame, encoding)
        return raw, frame

    for note in notes:  # the warnings load_table gives, from its notes
        if note.startswith("dropped column "):
            warnings.warn(note, stacklevel=3)
    return Dataset(
        name=name or path.stem,
        profile=profile,
        source=source,
        encoding=encoding,
        notes=notes,
        loader=read_rows,
    )


def workspace_cache(workspace: Path | None = None) -> ProfileCache:
    """The profile cache of `workspace`, or of the workspace the settings name (for commands
    without a session)."""
    from copilot.settings import load_settings
    from copilot.workspace import Workspace

    return ProfileCache(Workspace(load_settings(workspace=workspace).workspace).profiles_dir)
