"""Built-in agent tools: thin wrappers that take ids (datasets, models, earlier results) instead
of objects, validate their arguments and call the engines in `copilot.tools`.

A wrapper is listed only when the engine it wraps is installed in this tree, so the planner is
never offered a tool that does not exist; new engines appear here without touching the graph.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import Any

from copilot.agents.registry import ToolEnv, ToolSpec, tool_spec
from copilot.errors import InputError


def _has(module: str, *attrs: str) -> bool:
    """True when `module` exists and defines every name in `attrs`."""
    try:
        if importlib.util.find_spec(module) is None:
            return False
        mod = importlib.import_module(module)
    except ImportError:
        return False
    return all(hasattr(mod, a) for a in attrs)


# data -----------------------------------------------------------------------------------------
def describe(dataset: str, *, env: ToolEnv) -> dict[str, Any]:
    """Describe a loaded dataset: rows, columns with their kind, missing share and cardinality, and
    the shape checks (linearity, Gaussianity, index column) that guide method choice.

    Args:
        dataset: id of a loaded dataset
    """
    ds = env.workspace.dataset(dataset)
    out = ds.describe()
    out["summary_text"] = ds.profile.summary()
    return _Described(out)


class _Described(dict):
    """A describe result with a one-line summary."""

    def summary(self) -> str:
        return f"{self['name']}: {self['summary_text']}"


# models ---------------------------------------------------------------------------------------
def load_model_into(workspace: Any, source: str, ident: str | None = None) -> str:
    """Load a model (a checkpoint path, or 'demo') into the workspace; returns its id."""
    if not _has("copilot.tools.probing", "load_model"):
        from copilot.errors import DependencyError

        raise DependencyError("copilot.tools.probing", purpose="loading models (the probing tools)")
    from copilot.tools import probing

    if source == "demo":
        if not hasattr(probing, "load_demo_model"):
            raise InputError("There is no demo model in this installation.", "pass a checkpoint path")
        model = probing.load_demo_model()
        name = "demo"
    else:
        model = probing.load_model(source)
        name = getattr(model, "name", None) or source.rstrip("/").split("/")[-1].split(".")[0]
    try:
        model.copilot_source = source
    except AttributeError:
        pass
    if ident is not None:
        workspace.models[ident] = model
        return ident
    return workspace.add_model(model, name)


# registry -------------------------------------------------------------------------------------
def builtin_tools() -> list[ToolSpec]:
    """Specs of the built-in tools whose engines exist in this install."""
    specs: list[ToolSpec] = []
    candidates: list[tuple[tuple[str, ...], Callable[[], list[ToolSpec]]]] = [
        (("copilot.tools.data", "load_table"), lambda: [tool_spec(describe, origin="builtin")]),
    ]
    for (module, *attrs), make in candidates:
        if _has(module, *attrs):
            specs.extend(make())
    return specs


def require_known(value: str, allowed: list[str], what: str) -> str:
    """Validate a choice case-insensitively; unknown values name the allowed ones."""
    low = {a.lower(): a for a in allowed}
    if value.lower() in low:
        return low[value.lower()]
    raise InputError(f"Unknown {what} {value!r}.", f"choose one of: {', '.join(allowed)}")
