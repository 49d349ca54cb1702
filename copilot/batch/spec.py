"""Job files: parsing, validation and the `Job` records the executors run.

A job file is YAML (a list of jobs, or a mapping with `jobs:` and optional `defaults:`) or
JSON Lines (one job object per line). Every job has a `kind` and an `id`; the other fields are
the inputs of that kind. The whole file is validated before anything runs, and every problem
names its line.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from copilot.errors import InputError, nearest_names

#: Job ids become file names, so they are restricted to a portable alphabet.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$"
MissingPolicy = Literal["drop", "mean", "median", "mode", "error"]
JOB_SUFFIXES = {
    ".yaml": "yaml",
    ".yml": "yaml",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "yaml",
}


class JobFileError(InputError):
    """A job file cannot be run; `problems` lists every problem found, each with its line."""

    def __init__(self, path: Path, problems: list[str]):
        first = problems[0]
        more = f" ({len(problems) - 1} more problem(s))" if len(problems) > 1 else ""
        super().__init__(
            f"{path}: {first}{more}",
            "fix the job file; `copilot batch JOBS --check` lists every problem",
        )
        self.path = path
        self.problems = problems


# kinds --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ToolKind:
    """A job kind that calls one engine function directly on a table.

    `data_param` is the engine's parameter that receives the loaded `Dataset`; the engine's other
    parameters are the job's fields, checked against its signature before anything runs.
    """

    name: str
    module: str
    function: str
    data_param: str = "dataset"
    description: str = ""
    #: Arguments naming input files: resolved like `data` and required to exist. A value that
    #: does not look like a path (no folder, no suffix) is a name, e.g. a built-in behaviour.
    path_args: tuple[str, ...] = ()
    #: Parameters the runner fills in (besides the data/model parameter).
    injected: tuple[str, ...] = ()

    def engine(self) -> Callable[..., Any]:
        import importlib

        try:
            mod = importlib.import_module(self.module)
        except ImportError as exc:
            raise InputError(
                f"Job kind {self.name!r} is not available: {exc}.", "install the missing package"
            ) from None
        fn = getattr(mod, self.function, None)
        if fn is None:
            raise InputError(
                f"Job kind {self.name!r} is not available in this version "
                f"({self.module}.{self.function} is missing).",
                "use another kind",
            )
        return fn


TOOL_KINDS: dict[str, ToolKind] = {
    "discover": ToolKind(
        "discover", "copilot.tools.discovery", "discover", description="causal discovery on a table"
    ),
    "estimate": ToolKind(
        "estimate",
        "copilot.tools.estimation",
        "estimate_effect",
        description="the effect of a treatment on an outcome",
        path_args=("graph",),
    ),
}

#: Experiments of `probe` jobs: the same as the `copilot probe` subcommands.
PROBE_EXPERIMENTS: dict[str, ToolKind] = {
    "heads": ToolKind(
        "probe heads",
        "copilot.tools.probing.ablation",
        "ablate_heads",
        data_param="model",
        path_args=("behaviour",),
        injected=("out", "name"),
    ),
    "patch": ToolKind(
        "probe patch",
        "copilot.tools.probing.patching",
        "patch_activations",
        data_param="model",
        path_args=("behaviour", "tokenizer"),
        injected=("out", "name"),
    ),
    "scores": ToolKind(
        "probe scores",
        "copilot.tools.probing.scores",
        "head_scores",
        data_param="model",
        injected=("out", "name"),
    ),
    "steer": ToolKind(
        "probe steer",
        "copilot.tools.probing.steering",
        "steer",
        data_param="model",
        path_args=("positive", "negative", "neutral", "behaviour", "tokenizer"),
        injected=("name",),
    ),
    "probe": ToolKind(
        "probe probe",
        "copilot.tools.probing.probes",
        "train_probes",
        data_param="model",
        path_args=("prompts", "positive", "negative", "tokenizer"),
        injected=("out", "name"),
    ),
}
#: Model names that are not files: the shipped demo model and the planted-task model.
BUILTIN_MODELS = ("demo", "induction-demo", "planted")

#: Parameters the batch runner fills in itself; a job may not set them.
INJECTED = {"progress", "env", "workspace", "settings", "callback"}


def known_kinds() -> list[str]:
    return ["ask", *TOOL_KINDS, "probe"]


def tool_kind(job_kind: str, fields: dict[str, Any]) -> ToolKind:
    """The engine behind a tool job (for `probe`, its experiment's)."""
    if job_kind == "probe":
        return PROBE_EXPERIMENTS[fields["experiment"]]
    return TOOL_KINDS[job_kind]


# job models ---------------------------------------------------------------------------------

JobId = Annotated[str, Field(pattern=ID_PATTERN)]
Text = Annotated[str, Field(min_length=1)]
#: A per-job time limit: a positive, finite number of seconds (not a string, not a boolean).
Seconds = Annotated[float, Field(gt=0, allow_inf_nan=False, strict=True)]


class _JobFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: JobId
    kind: str
    report: bool | None = Field(
        None, description="Write a report for this job (default: --report)."
    )
    timeout: Seconds | None = Field(
        None, description="Seconds the job may run before it is stopped (default: --timeout)."
    )


class AskFields(_JobFields):
    """A question answered by the agent, with its inputs."""

    kind: Literal["ask"]
    question: Text
    data: Text | list[Text] | dict[str, Text] | None = None
    model: Text | None = None
    llm: Literal["offline", "openai"] | None = None
    seed: int | None = None
    max_steps: int | None = Field(None, ge=1)


class ProbeFields(_JobFields):
    """A causal experiment on a model; the experiment's own arguments are checked separately."""

    model_config = ConfigDict(extra="allow")

    kind: Literal["probe"]
    experiment: Literal["heads", "patch", "scores", "steer", "probe"]
    model: Text = Field(description="Checkpoint folder, 'demo' or 'planted'.")


class TableToolFields(_JobFields):
    """A direct tool call on one table; the tool's own arguments are checked separately."""

    model_config = ConfigDict(extra="allow")

    data: Text
    columns: list[Text] | None = None
    missing: MissingPolicy | None = None


@dataclass(frozen=True)
class Job:
    """One validated job: its id, kind, the line it starts on, and its fields (JSON-able)."""

    id: str
    kind: str
    line: int
    fields: dict[str, Any]
    report: bool | None = None
    #: Tool arguments (for tool kinds): the fields the engine function receives.
    args: dict[str, Any] = field(default_factory=dict)
    #: Seconds the job may run before it is stopped (None: the batch's default, if any).
    timeout: float | None = None

    def spec(self) -> dict[str, Any]:
        """What defines the job's result: kind, fields and tool arguments.

        `report` and `timeout` are left out: they change how a job runs, not its result, so
        editing them does not make `--resume` run a finished job again."""
        return {
            "id": self.id,
            "kind": self.kind,
            **self.fields,
            **({"args": self.args} if self.args else {}),
        }

    @property
    def spec_hash(self) -> str:
        text = json.dumps(self.spec(), sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "line": self.line,
            "fields": self.fields,
            "report": self.report,
            "args": self.args,
            "timeout": self.timeout,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Job:
        return cls(
            d["id"],
            d["kind"],
            d["line"],
            d["fields"],
            d.get("report"),
            d.get("args") or {},
            d.get("timeout"),
        )


# reading ------------------------------------------------------------------------------------


@dataclass
class _RawJob:
    index: int
    value: Any
    line: int
    field_lines: dict[str, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[str, int]] = field(default_factory=list)
    #: Fields that came from `defaults:` (not written in the job itself).
    defaulted: set[str] = field(default_factory=set)


def load_jobs(path: str | Path) -> list[Job]:
    """Parse and validate a job file; any problem raises JobFileError naming its line."""
    p = Path(path).expanduser()
    if not p.exists():
        raise InputError(f"Job file {p} does not exist.", "check the path")
    if p.is_dir():
        raise InputError(f"Job file {p} is a folder.", "name a .yaml or .jsonl file")
    fmt = JOB_SUFFIXES.get(p.suffix.lower())
    if fmt is None:
        raise InputError(
            f"Job file {p} has an unknown suffix {p.suffix!r}.",
            "use .yaml/.yml (YAML) or .jsonl (JSON Lines)",
        )
    try:
        text = p.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"Job file {p} cannot be read ({exc}).", "save it as UTF-8 text") from None
    raws, problems = _read_yaml(text) if fmt == "yaml" else _read_jsonl(text)
    if problems:
        raise JobFileError(p, problems)
    return validate_jobs(raws, base=p.parent.resolve(), source=p)


def _read_jsonl(text: str) -> tuple[list[_RawJob], list[str]]:
    raws, problems = [], []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {n}: not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        lines = {k: n for k in value} if isinstance(value, dict) else {}
        raws.append(_RawJob(len(raws), value, n, lines))
    if not raws and not problems:
        problems.append("line 1: the file holds no jobs")
    return raws, problems


def _read_yaml(text: str) -> tuple[list[_RawJob], list[str]]:
    import yaml

    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}" if mark else "somewhere"
        return [], [f"{where}: not valid YAML ({exc.problem or exc.context})"]
    except yaml.YAMLError as exc:
        return [], [f"not valid YAML ({exc})"]
    finally:
        loader.dispose()
    if root is None:
        return [], ["line 1: the file holds no jobs"]

    defaults: dict[str, Any] = {}
    default_lines: dict[str, int] = {}
    if isinstance(data, list):
        items_node, items = root, data
    elif isinstance(data, dict):
        unknown = [k for k in data if k not in ("jobs", "defaults")]
        if unknown:
            line = _key_line(root, unknown[0])
            return [], [
                f"line {line}: unknown top-level key {unknown[0]!r}; "
                "a job file has 'jobs:' and optionally 'defaults:'"
            ]
        if "jobs" not in data:
            return [], [f"line {root.start_mark.line + 1}: no 'jobs:' list"]
        items_node, items = _value_node(root, "jobs"), data["jobs"]
        if not isinstance(items, list):
            return [], [f"line {items_node.start_mark.line + 1}: 'jobs' must be a list of jobs"]
        if data.get("defaults") is not None:
            dnode = _value_node(root, "defaults")
            if not isinstance(data["defaults"], dict):
                return [], [
                    f"line {dnode.start_mark.line + 1}: 'defaults' must be a mapping of fields"
                ]
            defaults = data["defaults"]
            default_lines = {k.value: k.start_mark.line + 1 for k, _ in dnode.value}
            if "id" in defaults:
                return [], [f"line {default_lines['id']}: 'defaults' cannot set an id"]
    else:
        return [], [
            f"line {root.start_mark.line + 1}: a job file is a list of jobs or a mapping with 'jobs:'"
        ]
    if not items:
        return [], [f"line {items_node.start_mark.line + 1}: the file holds no jobs"]

    raws = []
    for i, (node, value) in enumerate(zip(items_node.value, items, strict=True)):
        line = node.start_mark.line + 1
        lines: dict[str, int] = {}
        dups: list[tuple[str, int]] = []
        if isinstance(value, dict):
            merged = {**defaults, **value}
            lines = {k: default_lines[k] for k in defaults}
            for k, _ in node.value:
                if str(k.value) in lines and str(k.value) not in defaults:
                    dups.append((str(k.value), k.start_mark.line + 1))
                lines[str(k.value)] = k.start_mark.line + 1
            defaulted = {k for k in defaults if k not in value}
            value = merged
        else:
            defaulted = set()
        raws.append(_RawJob(i, value, line, lines, dups, defaulted))
    return raws, []


def _key_line(mapping_node: Any, key: str) -> int:
    for k, _ in mapping_node.value:
        if k.value == key:
            return k.start_mark.line + 1
    return mapping_node.start_mark.line + 1


def _value_node(mapping_node: Any, key: str) -> Any:
    for k, v in mapping_node.value:
        if k.value == key:
            return v
    raise KeyError(key)


# validation ---------------------------------------------------------------------------------


def validate_jobs(raws: list[_RawJob], base: Path, source: Path) -> list[Job]:
    """Validate every job; collect all problems, then raise once or return the jobs."""
    problems: list[str] = []
    jobs: list[Job] = []
    seen: dict[str, tuple[str, int]] = {}
    for raw in raws:
        try:
            job = _validate_one(raw, base)
        except _Problems as exc:
            problems.extend(exc.problems)
            continue
        # ids differing only in case would share a result file on case-insensitive file systems
        folded = job.id.lower()
        if folded in seen:
            _, first_line = seen[folded]
            problems.append(
                f"line {raw.field_lines.get('id', raw.line)}: duplicate job id {job.id!r} "
                f"(already used by the job at line {first_line})"
            )
            continue
        seen[folded] = (job.id, raw.line)
        jobs.append(job)
    if problems:
        raise JobFileError(source, problems)
    return jobs


class _Problems(Exception):
    def __init__(self, problems: list[str]):
        self.problems = problems


def _validate_one(raw: _RawJob, base: Path) -> Job:
    where = f"line {raw.line}"
    if not isinstance(raw.value, dict):
        raise _Problems(
            [f"{where}: a job must be a mapping of fields (got {type(raw.value).__name__})"]
        )
    value = {str(k): v for k, v in raw.value.items()}
    if raw.duplicate_keys:
        key, line = raw.duplicate_keys[0]
        raise _Problems([f"line {line}: field {key!r} is given twice in one job"])
    ident = value.get("id")
    label = f" (job {ident!r})" if isinstance(ident, str) else ""
    kind = value.get("kind")
    if kind is None:
        raise _Problems(
            [f"{where}{label}: the job has no 'kind'; use one of: {', '.join(known_kinds())}"]
        )
    if not isinstance(kind, str) or kind not in known_kinds():
        near = nearest_names(str(kind), known_kinds(), n=1)
        tip = f"did you mean {near[0]!r}? " if near else ""
        raise _Problems(
            [
                f"line {raw.field_lines.get('kind', raw.line)}{label}: unknown job kind {kind!r}; "
                f"{tip}use one of: {', '.join(known_kinds())}"
            ]
        )
    value.setdefault("id", f"{kind}-{raw.index + 1}")
    label = f" (job {value['id']!r})"
    model: type[BaseModel] = {"ask": AskFields, "probe": ProbeFields}.get(kind, TableToolFields)
    # defaults apply to the jobs that take them: `data` is not an argument of a probe job
    for name in raw.defaulted - _accepted(kind, model, value):
        value.pop(name)
    try:
        parsed = model.model_validate(value)
    except ValidationError as exc:
        problems = [_pydantic_problem(e, raw, label) for e in exc.errors()]
        raise _Problems(list(dict.fromkeys(problems))) from None
    fields = parsed.model_dump(exclude={"id", "kind", "report", "timeout"}, exclude_none=True)
    args: dict[str, Any] = {}
    if kind != "ask":
        extra = dict(parsed.model_extra or {})
        for k in extra:
            fields.pop(k, None)
        args = _check_tool_args(tool_kind(kind, fields), extra, raw, label)
    problems = _resolve_paths(fields, base, raw, label)
    if kind != "ask":
        problems += _resolve_paths(args, base, raw, label, names=tool_kind(kind, fields).path_args)
    if problems:
        raise _Problems(problems)
    return Job(parsed.id, kind, raw.line, fields, parsed.report, args, parsed.timeout)


def _accepted(kind: str, model: type[BaseModel], value: dict[str, Any]) -> set[str]:
    """The fields a job of this kind takes: its model's, and for tool kinds the engine's arguments."""
    names = set(model.model_fields)
    if kind == "ask":
        return names
    try:
        engine = (
            tool_kind(kind, value).engine()
            if kind != "probe" or value.get("experiment") in PROBE_EXPERIMENTS
            else None
        )
    except InputError:
        engine = None  # reported when the job's arguments are checked
    if engine is not None:
        names |= set(inspect.signature(engine).parameters)
    return names


def _pydantic_problem(err: dict[str, Any], raw: _RawJob, label: str) -> str:
    loc = [str(p) for p in err.get("loc", ())]
    name = loc[0] if loc else ""
    line = raw.field_lines.get(name, raw.line)
    where = ".".join(loc) or "job"
    kind = err.get("type", "")
    if kind == "missing":
        return f"line {line}{label}: missing field {name!r}"
    if kind == "extra_forbidden":
        return f"line {line}{label}: unknown field {name!r}"
    if name == "timeout":
        return (
            f"line {line}{label}: timeout must be a positive number of seconds "
            f"(got {err.get('input')!r}); e.g. timeout: 600, or leave it out for no limit"
        )
    if kind == "string_pattern_mismatch" and name == "id":
        return (
            f"line {line}{label}: job ids use letters, digits, '_', '.' and '-' "
            "(up to 80 characters, starting with a letter or digit)"
        )
    return f"line {line}{label}: field {where!r}: {err.get('msg', 'invalid value')}"


#: The command line's option names, accepted in job files too: a field named like the option
#: (`bootstrap: 200` in an estimate job) sets the engine argument behind it (`n_boot`).
CLI_NAMES: dict[str, dict[str, str]] = {
    "discover": {"algo": "algorithm"},
    "estimate": {"bootstrap": "n_boot"},
    "probe heads": {"bootstrap": "n_boot", "ablation": "method"},
    "probe patch": {"bootstrap": "n_boot"},
    "probe steer": {"bootstrap": "n_boot"},
    "probe probe": {"bootstrap": "n_boot"},
}


def _check_tool_args(
    kind: ToolKind, extra: dict[str, Any], raw: _RawJob, label: str
) -> dict[str, Any]:
    """Check a tool job's own arguments against its engine's signature; returns them with the
    command line's names (CLI_NAMES) turned into the engine's."""
    try:
        fn = kind.engine()
    except InputError as exc:
        raise _Problems(
            [f"line {raw.field_lines.get('kind', raw.line)}{label}: {exc.message}"]
        ) from None
    extra = dict(extra)
    for cli, arg in CLI_NAMES.get(kind.name, {}).items():
        if cli in extra:
            if arg in extra:
                line = raw.field_lines.get(cli, raw.line)
                raise _Problems(
                    [f"line {line}{label}: {cli!r} and {arg!r} name the same argument; keep one"]
                )
            extra[arg] = extra.pop(cli)
            raw.field_lines.setdefault(arg, raw.field_lines.get(cli, raw.line))
    model = _args_model(fn, skip={kind.data_param, *INJECTED, *kind.injected})
    try:
        model.model_validate(extra)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            name = str(e["loc"][0]) if e.get("loc") else ""
            if e.get("type") == "extra_forbidden":
                near = nearest_names(name, model.model_fields, n=1)
                tip = f"; did you mean {near[0]!r}?" if near else ""
                line = raw.field_lines.get(name, raw.line)
                problems.append(f"line {line}{label}: {kind.name} has no argument {name!r}{tip}")
            else:
                problems.append(_pydantic_problem(e, raw, label))
        raise _Problems(problems) from None
    return extra


def _args_model(fn: Callable[..., Any], skip: set[str]) -> type[BaseModel]:
    """A pydantic model of `fn`'s keyword arguments, for checking job fields before running."""
    sig = inspect.signature(fn)
    try:
        hints = typing.get_type_hints(fn)
    except Exception:  # annotations naming types only importable for type checkers
        hints = {}
    fields: dict[str, Any] = {}
    for i, (name, p) in enumerate(sig.parameters.items()):
        if i == 0 or name in skip or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        fields[name] = (
            _checkable(hints.get(name, Any)),
            ... if p.default is p.empty else p.default,
        )
    # an engine taking **options checks those itself; only the named arguments are checked here
    extra = "allow" if any(p.kind == p.VAR_KEYWORD for p in sig.parameters.values()) else "forbid"
    return create_model(
        f"{fn.__name__}_job_args",
        __config__=ConfigDict(extra=extra, arbitrary_types_allowed=True),
        **fields,
    )


def _checkable(annotation: Any) -> Any:
    """The annotation when pydantic can check values against it, else Any (an engine type that
    refers to torch classes, say): such an argument is checked by the engine when the job runs."""
    from pydantic import TypeAdapter
    from pydantic.errors import PydanticUserError

    try:
        # building is deferred for names it cannot resolve yet; rebuilding raises for them now
        TypeAdapter(annotation, config=ConfigDict(arbitrary_types_allowed=True)).rebuild(
            raise_errors=True
        )
    except (PydanticUserError, TypeError, NameError):
        return Any
    return annotation


def _resolve_paths(
    fields: dict[str, Any],
    base: Path,
    raw: _RawJob,
    label: str,
    names: tuple[str, ...] = ("data", "model"),
) -> list[str]:
    """Input paths are relative to the job file's folder; they must exist before anything runs."""
    problems: list[str] = []

    def resolve(name: str, value: str) -> str:
        p = Path(value).expanduser()
        p = p if p.is_absolute() else base / p
        if not p.exists():
            problems.append(
                f"line {raw.field_lines.get(name, raw.line)}{label}: "
                f"{name} file {value!r} does not exist (looked for {p})"
            )
        return str(p)

    for name in names:
        value = fields.get(name)
        if name not in ("data", "model") and isinstance(value, str) and _looks_like_path(value):
            fields[name] = resolve(name, value)
    data = fields.get("data") if "data" in names else None
    if isinstance(data, str):
        fields["data"] = resolve("data", data)
    elif isinstance(data, list):
        fields["data"] = [resolve("data", d) for d in data]
    elif isinstance(data, dict):
        fields["data"] = {k: resolve("data", v) for k, v in data.items()}
    if (
        "model" in names
        and isinstance(fields.get("model"), str)
        and fields["model"] not in BUILTIN_MODELS
    ):
        fields["model"] = resolve("model", fields["model"])
    return problems


def _looks_like_path(value: str) -> bool:
    return "/" in value or "\\" in value or bool(Path(value).suffix)


def describe_jobs(jobs: list[Job]) -> list[str]:
    """One line per job, for `--check`."""
    out = []
    for j in jobs:
        what = j.fields.get("question") or ", ".join(f"{k}={v!r}" for k, v in j.args.items())
        if j.kind == "probe":
            what = f"{j.fields['experiment']} on {j.fields['model']} {what}"
        limit = f" [timeout {j.timeout:g} s]" if j.timeout is not None else ""
        out.append(f"line {j.line}: {j.id} ({j.kind}) {what}".rstrip() + limit)
    return out
