"""The checks on a data file's path that need no file reading (and no pandas): the CLI runs
them before its first progress line, so that a mistyped path gets only its one-line error."""

from __future__ import annotations

import re
from pathlib import Path

from copilot.errors import DataError

#: File suffix -> reader.
SUFFIXES = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".xlsx": "excel",
    ".xlsm": "excel",
}


def check_data_file(path: str | Path) -> tuple[Path, str]:
    """(path, reader) of an existing, non-empty data file of a known type; DataError if not."""
    p = Path(path).expanduser()
    if not p.exists():
        raise DataError(
            f"Data file {p} does not exist.",
            "check the path (relative paths start from the current folder)",
        )
    if p.is_dir():
        raise DataError(
            f"{p} is a folder, not a data file.",
            "name a .csv, .tsv, .xlsx, .parquet or .jsonl file",
        )
    fmt = SUFFIXES.get(p.suffix.lower())
    if fmt is None:
        raise DataError(
            f"Unsupported file type {p.suffix or '(none)'!r} for {p.name}.",
            f"use one of {', '.join(sorted(SUFFIXES))}",
        )
    if p.stat().st_size == 0:
        raise DataError(f"Data file {p} is empty.", "write a header line and at least 10 rows")
    return p, fmt


#: Suffixes of the tables a question can name as its data. JSON lines are left out: a
#: question names them as prompt sets ("steer away from toxic.jsonl using clean.jsonl").
TABLE_SUFFIXES = tuple(s for s, fmt in SUFFIXES.items() if fmt != "jsonl")
#: A file name in free text: quoted (spaces allowed) or a run of path characters, ending in a
#: table suffix.
_NAMED = re.compile(
    r"""["'`]([^"'`\n]+?\.(?:%s))["'`]|((?:[\w~.\-]|[/\\])+\.(?:%s))(?![\w])"""
    % (("|".join(s[1:] for s in TABLE_SUFFIXES),) * 2),
    re.IGNORECASE,
)


def files_named_in(text: str) -> tuple[list[str], list[str]]:
    """(existing tables, missing ones) that `text` names by path (.csv, .tsv, .xlsx, .parquet), in
    order and without repeats: "what is the effect of the discount on churn in sales.csv?"
    names sales.csv. Relative paths start from the current folder."""
    found: list[str] = []
    missing: list[str] = []
    for m in _NAMED.finditer(text or ""):
        name = (m.group(1) or m.group(2)).strip()
        if name in found or name in missing:
            continue
        p = Path(name).expanduser()
        (found if p.is_file() else missing).append(name)
    return found, missing


def missing_named_file(name: str) -> DataError:
    """The error for a data file a question names that does not exist."""
    return DataError(
        f"{name}, named in the question, does not exist.",
        "check the path (relative paths start from the current folder) or pass the file with "
        "--data PATH",
    )
