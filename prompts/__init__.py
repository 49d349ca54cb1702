"""Prompt texts as files, and a small loader.

Prompts are plain Markdown files next to this module. Placeholders are written `<<name>>` and
filled by plain string replacement (no format strings, no templates that evaluate anything), so
braces in data or in JSON blocks are never interpreted.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from copilot.errors import ConfigError

_PLACEHOLDER = re.compile(r"<<(\w+)>>")


@cache
def load_prompt(name: str) -> str:
    """The text of prompt `name` (a file `<name>.md` in this package)."""
    try:
        return resources.files(__name__).joinpath(f"{name}.md").read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"Prompt {name!r} does not exist.", "see the .md files in copilot/prompts"
        ) from None


def render_prompt(name: str, **values: str) -> str:
    """Prompt `name` with each `<<key>>` replaced by `values[key]` in one pass.

    Values are inserted as they are and never scanned again, so text from data that happens to
    look like a placeholder stays text."""
    text = load_prompt(name)
    missing = sorted(set(_PLACEHOLDER.findall(text)) - set(values))
    if missing:
        raise ConfigError(
            f"Prompt {name!r} needs a value for <<{missing[0]}>>.", "pass it to render_prompt"
        )
    return _PLACEHOLDER.sub(lambda m: str(values[m.group(1)]), text)
