"""One error hierarchy: every error carries a message (what is wrong) and a hint (how to fix it).

The library raises these; only the CLI and TUI boundaries turn them into exit codes and panels.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable


class CopilotError(Exception):
    """Base class: a one-line message and an optional one-line hint."""

    exit_code: int = 2

    def __init__(self, message: str, hint: str | None = None):
        # one line, and no terminal control characters from the input the message quotes
        self.message = " ".join(printable(str(message)).split())
        self.hint = " ".join(printable(str(hint)).split()) if hint else None
        super().__init__(self.message)

    def __str__(self) -> str:
        return f"{self.message} Hint: {self.hint}" if self.hint else self.message

    def to_dict(self) -> dict[str, str | None]:
        return {"error": type(self).__name__, "message": self.message, "hint": self.hint}


class ConfigError(CopilotError):
    """Settings or a config file are invalid."""


class InputError(CopilotError):
    """An argument given by the user is invalid."""


class DataError(CopilotError):
    """A data file or frame cannot be used as given."""


class ColumnNotFoundError(DataError):
    """A named column is not in the data; the hint lists the nearest names."""

    def __init__(self, name: str, available: Iterable[str], what: str = "column"):
        available = list(available)
        near = nearest_names(name, available)
        if near:
            hint = f"did you mean {', '.join(repr(n) for n in near)}?"
        else:
            shown = ", ".join(repr(a) for a in available[:12])
            more = f" (and {len(available) - 12} more)" if len(available) > 12 else ""
            hint = f"available columns: {shown}{more}"
        super().__init__(f"Unknown {what} {name!r}.", hint)
        self.name = name
        self.suggestions = near


class GraphError(CopilotError):
    """A causal graph is malformed or does not fit the data."""


class DiscoveryError(CopilotError):
    """Causal discovery could not run as asked."""


class EstimationError(CopilotError):
    """An effect could not be identified or estimated."""


class ModelError(CopilotError):
    """A model or checkpoint cannot be loaded or used as asked."""


class ProbeError(CopilotError):
    """A probing experiment is malformed (behaviour, prompts, layer/head)."""


class BudgetError(CopilotError):
    """Work would exceed a time or size budget unless forced."""


class LLMError(CopilotError):
    """The chat model endpoint failed or replied with something unusable."""


class SessionError(CopilotError):
    """A session id is unknown or its checkpoint cannot be read."""


class BusyError(CopilotError):
    """A session or an output folder is in use by another run."""


class DependencyError(CopilotError):
    """An optional dependency is not installed."""

    def __init__(self, package: str, extra: str | None = None, purpose: str = ""):
        what = f" for {purpose}" if purpose else ""
        fix = f"pip install 'causal-copilot[{extra}]'" if extra else f"pip install {package}"
        super().__init__(f"The optional package {package!r} is needed{what}.", f"install it: {fix}")


#: ANSI escape sequences (CSI, OSC and two-character escapes) and other control characters.
_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` without terminal control sequences or control characters (newlines and tabs
    stay): for anything printed that came from input (questions, titles, file contents), so it
    cannot move the cursor, recolour or retitle the terminal, or hide what is printed."""
    return _CONTROLS.sub("", _ESCAPES.sub("", text))


#: How similar (0-1, both ways) a name must be to another to be suggested for it.
NEAR_NAME_CUTOFF = 0.65


def name_key(name: str) -> str:
    """A name as compared loosely: lower case, letters and digits only ('Revenue ($)' -> 'revenue')."""
    return "".join(ch for ch in str(name).lower() if ch.isalnum())


def nearest_names(name: str, candidates: Iterable[str], n: int = 3) -> list[str]:
    """Candidates closest to `name`, comparing case-, space- and underscore-insensitively."""
    candidates = list(candidates)
    norm = name_key

    by_norm: dict[str, list[str]] = {}
    for c in candidates:
        by_norm.setdefault(norm(c), []).append(c)
    target = norm(name)
    if target in by_norm:
        return by_norm[target][:n]

    # difflib's ratio is not symmetric ('nothere' -> 'tenure' 0.62, the other way 0.46): a
    # name is close when it is close both ways
    def score(c: str) -> float:
        return min(
            difflib.SequenceMatcher(None, target, c).ratio(),
            difflib.SequenceMatcher(None, c, target).ratio(),
        )

    scored = sorted(((score(c), c) for c in by_norm), key=lambda sc: -sc[0])
    close = [c for sc, c in scored if sc >= NEAR_NAME_CUTOFF][:n]
    out: list[str] = []
    for c in close:
        out.extend(by_norm[c])
    return out[:n]
