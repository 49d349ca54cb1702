"""Causal Copilot: answers causal questions about data and about models.

`import copilot` is light: torch, dowhy, causal-learn and textual load when first used.
"""

from __future__ import annotations

from copilot.errors import CopilotError
from copilot.settings import Settings, load_settings

__version__ = "0.1.0"

__all__ = ["Copilot", "CopilotError", "Settings", "load_settings", "__version__"]


def __getattr__(name: str):
    if name == "Copilot":
        from copilot.api import Copilot

        return Copilot
    raise AttributeError(f"module 'copilot' has no attribute {name!r}")
