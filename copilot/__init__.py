"""Causal Copilot: answers causal questions about data and about models.

`import copilot` is light: torch, dowhy, causal-learn and textual load when first used.
"""

from __future__ import annotations

from copilot.errors import CopilotError

__version__ = "0.1.0"

__all__ = ["Copilot", "CopilotError", "Settings", "load_settings", "__version__"]


def __getattr__(name: str):
    if name == "Copilot":
        from copilot.api import Copilot

        return Copilot
    # settings pull in pydantic-settings (a quarter of a second), which `copilot --version`
    # and `copilot --help` do not need
    if name in ("Settings", "load_settings"):
        from copilot import settings

        return getattr(settings, name)
    raise AttributeError(f"module 'copilot' has no attribute {name!r}")
