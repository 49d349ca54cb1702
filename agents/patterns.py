"""The `re` functions the offline planner uses, over a larger cache of compiled patterns.

The planner reads a question with several hundred regular expressions, many built from shared
parts (`rf"... {_PH.format(name='y')} ..."`). That is more than the `re` module's own cache
holds (512 patterns), so with `re.search(pattern, text)` every question would compile most of
them again. The functions here take the same arguments and keep up to 4096 compiled patterns.
"""

from __future__ import annotations

import re
from functools import lru_cache
from re import IGNORECASE, Match, Pattern, escape
from typing import Any

I = IGNORECASE  # noqa: E741 - the name `re` gives the flag
S = re.S


@lru_cache(maxsize=4096)
def compile(pattern: str | Pattern[str], flags: int = 0) -> Pattern[str]:  # noqa: A001
    if isinstance(pattern, re.Pattern):
        return pattern
    return re.compile(pattern, flags)


def search(pattern: Any, string: str, flags: int = 0) -> Match[str] | None:
    return compile(pattern, flags).search(string)


def match(pattern: Any, string: str, flags: int = 0) -> Match[str] | None:
    return compile(pattern, flags).match(string)


def fullmatch(pattern: Any, string: str, flags: int = 0) -> Match[str] | None:
    return compile(pattern, flags).fullmatch(string)


def sub(pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0) -> str:
    return compile(pattern, flags).sub(repl, string, count)


def split(pattern: Any, string: str, maxsplit: int = 0, flags: int = 0) -> list[Any]:
    return compile(pattern, flags).split(string, maxsplit)


def findall(pattern: Any, string: str, flags: int = 0) -> list[Any]:
    return compile(pattern, flags).findall(string)


def finditer(pattern: Any, string: str, flags: int = 0) -> Any:
    return compile(pattern, flags).finditer(string)


__all__ = [
    "I",
    "IGNORECASE",
    "Match",
    "Pattern",
    "S",
    "compile",
    "escape",
    "findall",
    "finditer",
    "fullmatch",
    "match",
    "search",
    "split",
    "sub",
]
