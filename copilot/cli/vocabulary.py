"""The CLI's option vocabulary: one meaning per short flag, closed sets of choices with shell
completion and "did you mean" answers, old spellings kept as hidden deprecated aliases, and
help that shows choices instead of bare types.

Choice lists are plain tuples here (no tool is imported, so `copilot --help` stays instant);
tests/test_cli_vocabulary.py checks that they equal the lists the tools themselves accept.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

# choices ------------------------------------------------------------------------------------

ALGORITHMS: tuple[str, ...] = (
    "auto",
    "pc",
    "fci",
    "ges",
    "direct_lingam",
    "ica_lingam",
    "cdnod",
    "grasp",
    "boss",
    "exact",
    "pcmci",
    "pcmciplus",
    "varlingam",
    "granger",
)
#: spellings the discovery tool also accepts (compared without case, spaces, - and _)
ALGORITHM_ALIASES = {
    "pcstable": "pc",
    "lingam": "direct_lingam",
    "exactsearch": "exact",
    "astar": "exact",
    "pcmci+": "pcmciplus",
    "grangercausality": "granger",
}
CI_TESTS: tuple[str, ...] = ("fisherz", "chisq", "gsq", "kci")
CI_TEST_ALIASES = {"fisher": "fisherz", "chisquare": "chisq", "gsquare": "gsq", "g2": "gsq"}
MISSING: tuple[str, ...] = ("drop", "mean", "median", "mode")
PC_ENGINES: tuple[str, ...] = ("auto", "torch", "causal-learn")
ESTIMATION_METHODS: tuple[str, ...] = (
    "auto",
    "linear_regression",
    "glm",
    "matching",
    "weighting",
    "stratification",
    "dml",
    "aipw",
    "iv",
    "frontdoor",
)
ESTIMATION_METHOD_ALIASES = {
    "ols": "linear_regression",
    "linear": "linear_regression",
    "regression": "linear_regression",
    "logistic": "glm",
    "psm": "matching",
    "propensity_score_matching": "matching",
    "ipw": "weighting",
    "propensity_score_weighting": "weighting",
    "propensity_score_stratification": "stratification",
    "2sls": "iv",
    "wald": "iv",
    "instrumental_variable": "iv",
    "front_door": "frontdoor",
    "double_ml": "dml",
    "doubly_robust": "aipw",
    "dr": "aipw",
}
METRICS: tuple[str, ...] = ("loss", "logit_diff", "prob", "accuracy", "kl")
HEAD_ABLATIONS: tuple[str, ...] = ("zero", "mean", "resample", "gate")
PATH_ABLATIONS: tuple[str, ...] = ("zero", "mean", "resample", "corrupt")
PATCH_UNITS: tuple[str, ...] = ("heads", "resid", "inputs", "positions")
PATH_INPUTS: tuple[str, ...] = ("q", "k", "v", "resid")
GATES: tuple[str, ...] = ("headwise", "elementwise", "none")
TRAIN_TASKS: tuple[str, ...] = ("induction", "recall", "copy", "text")
LLM_BACKENDS: tuple[str, ...] = ("offline", "openai")
EXPORT_FORMATS: tuple[str, ...] = ("md", "html", "json")
EXECUTORS: tuple[str, ...] = ("local", "ray")


def _key(value: str) -> str:
    """Compare choices without case, spaces, '-' and '_' ('Direct-LiNGAM' is 'direct_lingam')."""
    return "".join(ch for ch in str(value).lower() if ch.isalnum() or ch == "+")


def resolve_choice(
    value: str, choices: Sequence[str], aliases: dict[str, str] | None = None
) -> str | None:
    """The canonical choice `value` names, or None."""
    table = {_key(c): c for c in choices}
    table.update({_key(a): c for a, c in (aliases or {}).items()})
    return table.get(_key(value))


def suggest(value: str, choices: Sequence[str]) -> str:
    """'did you mean 'matching'? (one of: ...)' or the list of choices when nothing is close."""
    from copilot.errors import nearest_names

    near = nearest_names(value, choices, n=1)
    listed = ", ".join(choices)
    return f"did you mean {near[0]!r}? (one of: {listed})" if near else f"use one of: {listed}"


def _fail(message: str, hint: str) -> None:
    """One line on stderr and exit code 2, like every other input error of the CLI."""
    from copilot.errors import InputError

    typer.echo(f"Error: {InputError(message, hint)}", err=True)
    raise typer.Exit(2)


#: Choices are listed in the metavar up to this many characters, in the help text beyond it.
LONGEST_METAVAR = 26


def choice_option(
    *decls: str,
    choices: Sequence[str],
    aliases: dict[str, str] | None = None,
    comma_list: bool = False,
    help: str,
    **kwargs: Any,
) -> Any:
    """A typer.Option for a closed set of values: the choices as its metavar and in shell
    completion; an unknown value is answered in one line with the nearest choice (exit 2).
    With `comma_list`, the value is a comma-separated list of choices."""
    choices = tuple(choices)

    def complete(incomplete: str) -> list[str]:
        head, _, last = incomplete.rpartition(",") if comma_list else ("", "", incomplete)
        prefix = f"{head}," if head else ""
        return [prefix + c for c in choices if c.startswith(last.lower())]

    def check(ctx, param, value):  # untyped: typer passes (context, parameter, value)
        if value is None or ctx.resilient_parsing:
            return value
        name = next((o for o in param.opts if o.startswith("--")), param.opts[0])
        many = isinstance(value, list | tuple)
        out = []
        for item in value if many else [value]:
            parts = [p.strip() for p in str(item).split(",")] if comma_list else [str(item)]
            resolved = []
            for part in parts:
                if comma_list and not part:
                    continue
                canon = resolve_choice(part, choices, aliases)
                if canon is None:
                    _fail(f"Unknown {name} value {part!r}.", suggest(part, choices))
                resolved.append(canon)
            out.append(",".join(resolved) if comma_list else resolved[0])
        return out if many else out[0]

    listed = "|".join(choices)
    if len(listed) <= LONGEST_METAVAR:
        metavar = f"[{listed}]" + (",..." if comma_list else "")
    else:  # a long list reads better in the help text than folded into the type column
        long_name = next(d for d in decls if d.startswith("--"))
        metavar = long_name.lstrip("-").upper().replace("-", "_")
        help = f"{help} One of: {', '.join(choices)}."
    return typer.Option(
        *decls,
        help=help,
        metavar=metavar,
        autocompletion=complete,
        callback=check,
        **kwargs,
    )


# deprecated spellings -----------------------------------------------------------------------

#: Options renamed for one vocabulary, per command: old spelling -> new one. They keep working
#: (hidden from --help and completion) with a one-line note on stderr.
_BOOT = {"--n-boot": "--bootstrap"}
_PROBE = {**_BOOT, "-m": "--metric", "-b": "--behaviour"}
_OUT_DIR = {"--out": "--out-dir", "-o": "--out-dir"}
DEPRECATED: dict[str, dict[str, str]] = {
    "estimate": {**_BOOT, "-m": "--method"},
    "batch": {**_OUT_DIR, "--report": "--reports"},
    # --layers and --heads of probe commands name layers and heads; these are counts
    "model train": {"--out": "--out-dir", "--layers": "--n-layers", "--heads": "--n-heads"},
    "probe heads": {**_PROBE, **_OUT_DIR, "-a": "--ablation"},
    "probe patch": {**_PROBE, **_OUT_DIR},
    "probe path": {**_PROBE, "--method": "--ablation"},
    "probe lens": _PROBE,
    "probe scores": _OUT_DIR,
    "probe steer": _PROBE,
    "probe probe": {**_BOOT, **_OUT_DIR},
    "sessions delete": {"-y": "--yes"},
}


def rewrite_deprecated(args: Sequence[str], table: dict[str, str]) -> tuple[list[str], list[str]]:
    """`args` with old option spellings replaced by the new ones, and a note for each."""
    out: list[str] = []
    notes: list[str] = []
    for i, arg in enumerate(args):
        if arg == "--":  # everything after it is a value
            out.extend(args[i:])
            break
        new = arg
        if arg.startswith("--"):
            name, eq, value = arg.partition("=")
            if name in table:
                new = table[name] + eq + value
        elif arg.startswith("-") and len(arg) >= 2 and arg[:2] in table:
            new = table[arg[:2]] + (f"={arg[2:]}" if len(arg) > 2 else "")
        if new != arg:
            old = arg.partition("=")[0] if arg.startswith("--") else arg[:2]
            new_name = new.partition("=")[0]
            note = f"Note: {old} is deprecated here; use {new_name}."
            if note not in notes:
                notes.append(note)
        out.append(new)
    return out, notes


# help and usage -----------------------------------------------------------------------------


_TYPE_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "Path": "PATH"}


def _tidy(params: Iterable[Any]) -> None:
    """Flags show no type (`<bool>` says nothing); arguments are named in capitals."""
    for p in params:
        if isinstance(p, TyperOption) and p.is_flag and p.metavar is None:
            p.metavar = ""
        elif isinstance(p, TyperOption) and p.metavar is None:
            bare = p.bare_type()
            bare = bare[5:-1] if bare.startswith("list[") else bare
            p.metavar = _TYPE_NAMES.get(bare, bare.upper())
        elif isinstance(p, TyperArgument) and p.metavar is None:
            p.metavar = p.name.upper()


class CopilotCommand(TyperCommand):
    """A command with the vocabulary's help and its deprecated spellings."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _tidy(params)
        return params

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for p in self.get_params(ctx):
            if isinstance(p, TyperArgument):
                name = p.metavar or p.name.upper()
                name = name if p.required else f"[{name}]"
                pieces.append(name + ("..." if p.nargs != 1 else ""))
        return pieces

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        path = " ".join((ctx.command_path or "").split()[1:])
        table = DEPRECATED.get(path, {})
        if table:
            args, notes = rewrite_deprecated(args, table)
            if not ctx.resilient_parsing:
                for note in notes:
                    typer.echo(note, err=True)
        return super().parse_args(ctx, args)


class CopilotGroup(TyperGroup):
    """A command group whose flags show no `<bool>` type either."""

    def get_params(self, ctx: Any) -> list[Any]:
        params = super().get_params(ctx)
        _tidy(params)
        return params


def all_commands(group: Any, path: tuple[str, ...] = ()) -> Iterable[tuple[str, Any]]:
    """(`probe heads`, command) for every command under a click group."""
    for name, cmd in sorted(group.commands.items()):
        if hasattr(cmd, "commands"):
            yield from all_commands(cmd, (*path, name))
        else:
            yield " ".join((*path, name)), cmd


# options shared by many commands ------------------------------------------------------------


def workspace_option(help: str = "Workspace folder (default: settings, COPILOT_WORKSPACE).") -> Any:
    return typer.Option(
        "--workspace", metavar="DIR", envvar="COPILOT_WORKSPACE", help=help, show_default=False
    )


#: `--workspace` of the table commands (discover, estimate): where their data profiles are cached.
ProfilesWorkspaceOpt = Annotated[
    Path | None,
    workspace_option(
        "Workspace whose cache of data profiles is used (default: settings, COPILOT_WORKSPACE)."
    ),
]


def quiet_option(help: str = "No progress on stderr.") -> Any:
    return typer.Option("--quiet", "-q", help=help)


def json_option(help: str = "Print one JSON object instead of text.") -> Any:
    return typer.Option("--json", help=help)


def bootstrap_option(help: str, short: bool = True) -> Any:
    """--bootstrap N: resamples for intervals or confidences. Probe commands take no -b while
    their old -b (--behaviour) is still accepted."""
    decls = ("--bootstrap", "-b") if short else ("--bootstrap",)
    return typer.Option(*decls, metavar="N", help=help)


def out_dir_option(help: str) -> Any:
    return typer.Option("--out-dir", metavar="DIR", help=help, show_default=False)
