"""The tool registry: typed Python functions become tools the planner can call.

A tool is a plain function with typed parameters; its docstring is its description and its
signature (through pydantic) is its input schema, the same way for built-in tools, tools passed
as `Copilot(tools=[...])` and tools from the `copilot.tools` entry-point group. Parameters the
planner must not see are injected at call time:

- a parameter annotated `ToolEnv` (or named `env`) gets the run's environment (workspace,
  settings, loaded objects);
- a parameter named `progress` gets a progress callback;
- a parameter annotated `pandas.DataFrame` is shown to the planner as a dataset id and receives
  that dataset's frame.
"""

from __future__ import annotations

import copy
import inspect
import json
import logging
import math
import time
import typing
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from copilot.errors import CopilotError, InputError
from copilot.progress import ProgressCallback

ENTRY_POINT_GROUP = "copilot.tools"
log = logging.getLogger("copilot.agents")
#: Longest tool message the planner reads (about 2,500 tokens); longer results lose list items.
MAX_TOOL_MESSAGE_CHARS = 10000


@dataclass
class ToolEnv:
    """What a tool may use at run time besides its arguments. Never shown to the planner."""

    workspace: Any
    settings: Any
    progress: ProgressCallback | None = None
    objects: dict[str, Any] = field(default_factory=dict)
    """Live results of earlier calls by call id (a discovered graph, a loaded model)."""
    history: list[dict[str, Any]] = field(default_factory=list)
    """JSON records of earlier calls in the session (used when a live object is gone)."""

    user_text: str = ""
    """Everything the user wrote in this session: a file a tool reads must be named there."""

    def frame(self, dataset_id: str) -> Any:
        return self.workspace.dataset(dataset_id).frame

    def user_file(self, path: str, what: str = "file") -> str:
        """`path` when the user named that very file (or it lies in the workspace); the agent
        reads nothing else. Paths are compared resolved: `data/g.dot` is not the file the user
        named as `examples/data/g.dot`, while `./g.dot` is `g.dot`."""
        target = _resolved(str(path))
        inside = False
        if target is not None:
            try:
                inside = target.is_relative_to(Path(self.workspace.root).resolve())
            except (OSError, ValueError):
                inside = False
        if inside or (target is not None and target in named_paths(self.user_text)):
            return str(path)
        raise InputError(
            f"The {what} {str(path)!r} was not named in the question.",
            "name the file in your question (or pass it as an input) so the agent may read it",
        )


#: Characters around a path in prose: quotes, brackets, and sentence punctuation.
_PATH_EDGES = "\"'`()[]{}<>,;:!?"


def named_paths(text: str) -> set[Path]:
    """Every file path the text names, resolved (relative paths from the working directory).

    Quoted names may hold spaces; unquoted ones are whitespace-separated words, with the
    punctuation of the sentence around them taken off."""
    import re

    words = [q for pair in re.findall(r'"([^"]+)"|\'([^\']+)\'|`([^`]+)`', text) for q in pair if q]
    words += text.split()
    found: set[Path] = set()
    for w in words:
        for cand in {w.strip(_PATH_EDGES), w.strip(_PATH_EDGES).rstrip(".")}:
            p = _resolved(cand) if cand else None
            if p is not None:
                found.add(p)
    return found


def _resolved(path: str) -> Path | None:
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):
        return None


@dataclass
class ToolOutcome:
    """What one call produced, ready for the state and the event stream."""

    ok: bool
    summary: str
    result: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    artifacts: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0
    value: Any = None

    def message(self) -> str:
        """The tool message the planner reads: JSON with the summary and result, or the error."""
        if not self.ok:
            return json.dumps({"ok": False, **(self.error or {})})
        body = {
            "ok": True,
            "summary": self.summary,
            "result": self.result,
            "artifacts": self.artifacts,
        }
        body = jsonable(body)
        text = json.dumps(body, default=str)
        while len(text) > MAX_TOOL_MESSAGE_CHARS:
            # halve the longest list first, so that short ones (refutations, top heads) stay whole
            cut = _halve_longest(body["result"])
            if cut is None:
                break
            body["result"] = cut
            text = json.dumps(body, default=str)
        for limit in (400, 160, 60):
            if len(text) <= MAX_TOOL_MESSAGE_CHARS:
                break
            # then long texts (role evidence, check details), so the fields the planner acts
            # on (verdict, estimate, interval) survive
            body["result"] = _shorten_texts(body["result"], limit)
            text = json.dumps(body, default=str)
        if len(text) > MAX_TOOL_MESSAGE_CHARS:
            # last, the nested parts: the top-level numbers and words stay
            body["result"] = {
                "truncated": True,
                "keys": sorted((self.result or {}).keys()),
                **{
                    k: v
                    for k, v in (body["result"] or {}).items()
                    if v is None or isinstance(v, str | int | float | bool)
                },
            }
            text = json.dumps(jsonable(body), default=str)
        if len(text) > MAX_TOOL_MESSAGE_CHARS:
            body["result"] = {"truncated": True, "keys": sorted((self.result or {}).keys())}
            text = json.dumps(jsonable(body), default=str)
        return text


def _shorten_texts(obj: Any, limit: int) -> Any:
    """`obj` with every string longer than `limit` characters cut to `limit`, ending in '...'."""
    if isinstance(obj, str):
        return obj if len(obj) <= limit else obj[: limit - 3] + "..."
    if isinstance(obj, dict):
        return {k: _shorten_texts(v, limit) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_shorten_texts(v, limit) for v in obj]
    return obj


#: Lists are cut to no fewer items than this when a tool message is too long.
MIN_LIST_ITEMS = 3


def _halve_longest(obj: Any) -> Any:
    """`obj` with its longest list (by JSON length, among lists of more than MIN_LIST_ITEMS
    items) cut to half its items, the last item saying how many were left out; None when no
    list can be cut. Readers of a cut result skip the trailing string."""
    best: tuple[int, tuple[Any, ...]] | None = None

    def walk(o: Any, path: tuple[Any, ...]) -> None:
        nonlocal best
        if isinstance(o, dict):
            for k, v in o.items():
                walk(v, (*path, k))
        elif isinstance(o, list):
            items = [v for v in o if not _is_more(v)]
            if len(items) > MIN_LIST_ITEMS:
                size = len(json.dumps(o, default=str))
                if best is None or size > best[0]:
                    best = (size, path)
            for i, v in enumerate(o):
                walk(v, (*path, i))

    walk(obj, ())
    if best is None:
        return None
    path = best[1]

    def rebuild(o: Any, depth: int) -> Any:
        if depth == len(path):
            items = [v for v in o if not _is_more(v)]
            dropped = sum(int(v.split()[1]) for v in o if _is_more(v))
            keep = max(MIN_LIST_ITEMS, len(items) // 2)
            return items[:keep] + [f"... {len(items) - keep + dropped} more"]
        key = path[depth]
        if isinstance(o, dict):
            return {k: rebuild(v, depth + 1) if k == key else v for k, v in o.items()}
        return [rebuild(v, depth + 1) if i == key else v for i, v in enumerate(o)]

    return rebuild(obj, 0)


def _is_more(v: Any) -> bool:
    return isinstance(v, str) and v.startswith("... ") and v.endswith(" more")


@dataclass
class ToolSpec:
    """One registered tool."""

    name: str
    description: str
    func: Callable[..., Any]
    args_model: type[BaseModel]
    injected: dict[str, str]
    """Parameter name -> 'env', 'progress' or 'frame'."""
    expensive: Callable[[BaseModel, ToolEnv], str | None] | None = None
    """Returns a reason when a call needs the user's approval (interactive runs only)."""
    origin: str = "builtin"
    _schema: dict[str, Any] | None = field(default=None, init=False, repr=False, compare=False)
    """The schema once built: the planner is bound to the tools at every step."""

    def schema(self) -> dict[str, Any]:
        """The OpenAI tool schema (a fresh copy: callers may change theirs)."""
        if self._schema is None:
            params = self.args_model.model_json_schema()
            params.pop("title", None)
            self._schema = {
                "type": "function",
                "function": {
                    "name": self.name,
                    "description": self.description,
                    "parameters": params,
                },
            }
        return copy.deepcopy(self._schema)

    def validate(self, raw: dict[str, Any]) -> BaseModel:
        if not isinstance(raw, dict):
            raise InputError(f"Arguments of {self.name} must be an object.", "pass named arguments")
        try:
            return self.args_model.model_validate(raw)
        except ValidationError as exc:
            err = exc.errors()[0]
            where = ".".join(str(p) for p in err.get("loc", ())) or "arguments"
            fields = ", ".join(self.args_model.model_fields)
            raise InputError(
                f"Invalid argument {where!r} for {self.name}: {err.get('msg')}.",
                f"{self.name} takes: {fields}",
            ) from None

    def run(self, raw: dict[str, Any], env: ToolEnv) -> ToolOutcome:
        """Validate and call; a CopilotError becomes a failed outcome with message and hint."""
        start = time.perf_counter()
        try:
            args = self.validate(raw)
            kwargs = args.model_dump()
            for pname, kind in self.injected.items():
                if kind == "env":
                    kwargs[pname] = env
                elif kind == "progress":
                    kwargs[pname] = env.progress
                elif kind == "frame":
                    kwargs[pname] = env.frame(kwargs[pname])
            value = self.func(**kwargs)
        except CopilotError as exc:
            return ToolOutcome(
                False, exc.message, error=exc.to_dict(), elapsed_s=time.perf_counter() - start
            )
        except Exception as exc:
            # A bug inside a tool must not take the session down: the step fails visibly, the
            # traceback goes to the log (tracebacks carry no local variables, so no keys).
            log.exception("tool %s raised", self.name)
            err = {
                "error": "ToolCrash",
                "message": f"{self.name} failed unexpectedly: {type(exc).__name__}: {str(exc)[:200]}",
                "hint": "this is a bug in the tool; try other arguments or another method",
            }
            return ToolOutcome(
                False, err["message"], error=err, elapsed_s=time.perf_counter() - start
            )
        elapsed = time.perf_counter() - start
        result, summary, artifacts = describe_value(value)
        live = value.obj if isinstance(value, Result) and value.obj is not None else value
        return ToolOutcome(
            True, summary, result=result, artifacts=artifacts, elapsed_s=elapsed, value=live
        )


class ToolRegistry:
    """Tools by name; later registrations of the same name replace earlier ones."""

    def __init__(self, specs: Iterable[ToolSpec] = ()):
        self._specs: dict[str, ToolSpec] = {}
        for s in specs:
            self.add(s)

    def add(self, spec_or_func: ToolSpec | Callable[..., Any], origin: str = "user") -> ToolSpec:
        spec = (
            spec_or_func
            if isinstance(spec_or_func, ToolSpec)
            else tool_spec(spec_or_func, origin=origin)
        )
        self._specs[spec.name] = spec
        return spec

    def get(self, name: str) -> ToolSpec:
        if name in self._specs:
            return self._specs[name]
        raise InputError(
            f"Unknown tool {name!r}.", f"available tools: {', '.join(self._specs) or 'none'}"
        )

    def __contains__(self, name: object) -> bool:
        return name in self._specs

    def __iter__(self):
        return iter(self._specs.values())

    def names(self) -> list[str]:
        return list(self._specs)

    def schemas(self) -> list[dict[str, Any]]:
        return [s.schema() for s in self._specs.values()]

    def name_stubs(self) -> list[dict[str, Any]]:
        """The tools in the OpenAI tool format with their names only, for a planner that reads
        nothing else (the offline planner)."""
        return [{"type": "function", "function": {"name": name}} for name in self._specs]


# ---------------------------------------------------------------------------------------------
def tool_spec(
    func: Callable[..., Any],
    *,
    name: str | None = None,
    description: str | None = None,
    expensive: Callable[[BaseModel, ToolEnv], str | None] | None = None,
    origin: str = "user",
) -> ToolSpec:
    """Build a ToolSpec from a typed function (docstring = description, signature = schema)."""
    if isinstance(func, ToolSpec):
        return func
    if not callable(func):
        raise InputError(f"Tool {func!r} is not callable.", "pass a typed Python function")
    name = name or getattr(func, "__name__", None)
    if not name or not name.isidentifier():
        raise InputError(
            f"Tool {func!r} has no usable name.", "define it with def and a valid name"
        )
    doc = inspect.getdoc(func) or ""
    desc = description or doc.split("\n\n")[0].strip()
    if not desc:
        raise InputError(
            f"Tool {name!r} has no docstring.",
            "its first docstring line is the description the planner reads",
        )
    param_docs = _param_docs(doc)
    try:
        hints = typing.get_type_hints(func, include_extras=True)
    except Exception as exc:  # unresolvable forward references
        raise InputError(
            f"Tool {name!r} has annotations that cannot be resolved ({exc}).",
            "import the annotated types at module level",
        ) from None
    fields: dict[str, Any] = {}
    injected: dict[str, str] = {}
    for pname, param in inspect.signature(func).parameters.items():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        ann = hints.get(pname, Any)
        if ann is ToolEnv or pname == "env":
            injected[pname] = "env"
            continue
        if pname == "progress":
            injected[pname] = "progress"
            continue
        if _is_dataframe(ann):
            injected[pname] = "frame"
            ann = str
            param_docs.setdefault(pname, "id of a loaded dataset")
        if param.annotation is inspect.Parameter.empty:
            raise InputError(
                f"Parameter {pname!r} of tool {name!r} has no type annotation.",
                "annotate every parameter so the planner gets a schema",
            )
        default = ... if param.default is inspect.Parameter.empty else param.default
        fields[pname] = (ann, Field(default, description=param_docs.get(pname)))
    model = create_model(f"{name}_args", __config__=ConfigDict(extra="forbid"), **fields)
    return ToolSpec(
        name=name,
        description=desc,
        func=func,
        args_model=model,
        injected=injected,
        expensive=expensive,
        origin=origin,
    )


def _is_dataframe(ann: Any) -> bool:
    return getattr(ann, "__name__", "") == "DataFrame" and "pandas" in getattr(
        ann, "__module__", ""
    )


def _param_docs(doc: str) -> dict[str, str]:
    """Parameter descriptions from a Google-style 'Args:' section."""
    out: dict[str, str] = {}
    lines = doc.splitlines()
    inside = False
    for line in lines:
        s = line.strip()
        if s.lower() in ("args:", "arguments:", "parameters:"):
            inside = True
            continue
        if inside:
            if not s or (s.endswith(":") and " " not in s):
                if out:
                    inside = False
                continue
            if ":" in s:
                key, _, text = s.partition(":")
                key = key.split("(")[0].strip()
                if key.isidentifier():
                    out[key] = text.strip()
    return out


def entry_point_tools() -> list[ToolSpec]:
    """Tools from installed packages (entry-point group `copilot.tools`)."""
    from importlib.metadata import entry_points

    specs: list[ToolSpec] = []
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        try:
            obj = ep.load()
        except Exception as exc:
            raise InputError(
                f"Tool entry point {ep.name!r} ({ep.value}) failed to load: {exc}.",
                "fix or uninstall the package that provides it",
            ) from None
        items = (
            obj() if (callable(obj) and getattr(obj, "__copilot_tool_factory__", False)) else obj
        )
        items = items if isinstance(items, list | tuple) else [items]
        specs.extend(tool_spec(f, origin=f"entry point {ep.name}") for f in items)
    return specs


def build_registry(
    extra: Sequence[Callable[..., Any] | ToolSpec] = (),
    *,
    builtins: bool = True,
    entry_points: bool = True,
) -> ToolRegistry:
    """Built-in tools that exist in this install, then entry-point tools, then `extra`."""
    reg = ToolRegistry()
    if builtins:
        from copilot.agents.tools import builtin_tools

        for s in builtin_tools():
            reg.add(s)
    if entry_points:
        for s in entry_point_tools():
            reg.add(s)
    for f in extra:
        reg.add(f, origin="user")
    return reg


@dataclass
class Result:
    """What a wrapper returns when its JSON view differs from the live object it keeps."""

    data: dict[str, Any]
    summary: str
    artifacts: list[str] = field(default_factory=list)
    obj: Any = None
    """The live object later calls may reuse (a discovered graph, a fitted estimate)."""


# ---------------------------------------------------------------------------------------------
def describe_value(value: Any) -> tuple[dict[str, Any], str, list[str]]:
    """A tool's return value as (JSON-able dict, one-line summary, artifact paths)."""
    if isinstance(value, Result):
        return jsonable(value.data), value.summary, [str(a) for a in value.artifacts]
    summary = ""
    if hasattr(value, "summary") and callable(value.summary):
        try:
            summary = str(value.summary())
        except Exception as exc:  # a broken summary must not hide the result
            summary = f"(summary unavailable: {exc})"
    if isinstance(value, BaseModel):
        result = value.model_dump(mode="json")
    elif isinstance(value, dict):
        result = dict(value)
    elif value is None:
        result = {}
    else:
        result = {"value": value}
    result = jsonable(result)
    artifacts = _artifact_paths(getattr(value, "artifacts", None))
    if isinstance(value, dict) and "artifacts" in value:
        artifacts += _artifact_paths(value["artifacts"])
    if not summary:
        summary = _short(result)
    return result, summary, list(dict.fromkeys(artifacts))


def _artifact_paths(obj: Any) -> list[str]:
    if obj is None:
        return []
    if isinstance(obj, str | Path):
        return [str(obj)]
    if isinstance(obj, dict):
        return [str(v) for v in obj.values() if isinstance(v, str | Path)]
    if isinstance(obj, list | tuple):
        return [str(v) for v in obj if isinstance(v, str | Path)]
    return []


def _short(result: dict[str, Any]) -> str:
    text = json.dumps(result, default=str)
    return text if len(text) <= 200 else text[:197] + "..."


def jsonable(obj: Any) -> Any:
    """Plain JSON types only (numpy scalars to Python, NaN to None, paths to strings)."""
    if obj is None or isinstance(obj, bool | int | str):
        return obj
    if isinstance(obj, float):
        return None if math.isnan(obj) or math.isinf(obj) else obj
    if isinstance(obj, dict):
        return {str(k): jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple | set):
        return [jsonable(v) for v in obj]
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, BaseModel):
        return jsonable(obj.model_dump(mode="json"))
    if hasattr(obj, "item") and callable(obj.item):
        try:
            return jsonable(obj.item())
        except (ValueError, TypeError):
            pass
    if hasattr(obj, "tolist"):
        return jsonable(obj.tolist())
    return str(obj)
