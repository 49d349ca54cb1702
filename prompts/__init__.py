"""Prompt texts as files, and a small loader.

Prompts are plain Markdown files next to this module. Placeholders are written `<<name>>` and
filled by plain string replacement (no format strings, no templates that evaluate anything), so
braces in data or in JSON blocks are never interpreted.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from copilot.errors import ConfigError


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
    """Prompt `name` with each `<<key>>` replaced by `values[key]`; unknown placeholders raise."""
    text = load_prompt(name)
    for key, value in values.items():
        text = text.replace(f"<<{key}>>", str(value))
    if "<<" in text and ">>" in text.split("<<", 1)[1]:
        missing = text.split("<<", 1)[1].split(">>", 1)[0]
        raise ConfigError(
            f"Prompt {name!r} needs a value for <<{missing}>>.", "pass it to render_prompt"
        )
    return text
