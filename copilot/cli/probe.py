"""`copilot probe heads|patch|path|lens|scores|steer|probe MODEL ...`: causal experiments on a model's
internals. MODEL is a checkpoint directory, `demo` (the shipped induction model) or `planted`
(a small model trained once on the planted-class task of `copilot.tools.probing.planted` and
cached in the workspace)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from copilot.cli._common import ProgressDisplay, handle_errors, print_json, progress_bar
from copilot.cli.vocabulary import (
    HEAD_ABLATIONS,
    METRICS,
    PATCH_UNITS,
    PATH_ABLATIONS,
    PATH_INPUTS,
    CopilotCommand,
    CopilotGroup,
    bootstrap_option,
    choice_option,
    json_option,
    out_dir_option,
    quiet_option,
    workspace_option,
)
from copilot.errors import printable

probe_app = typer.Typer(
    name="probe",
    cls=CopilotGroup,
    help="Probe a model: head ablation, activation and path patching, logit lens, head scores, "
    "steering, linear probes.",
    no_args_is_help=True,
)

ModelArg = Annotated[
    str,
    typer.Argument(
        help="Checkpoint directory, 'demo' (shipped induction model) or 'planted'.",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, json_option()]
QuietOpt = Annotated[bool, quiet_option()]
WorkspaceOpt = Annotated[
    Path | None,
    workspace_option(
        "Workspace folder: its models (names, 'planted') and artifacts (default: settings, "
        "COPILOT_WORKSPACE)."
    ),
]
OutOpt = Annotated[
    Path | None,
    out_dir_option("Folder for PNG heatmaps (default: the workspace's artifacts folder)."),
]
SeedOpt = Annotated[int, typer.Option("--seed", help="Seed of prompts and bootstrap.")]
BootOpt = Annotated[
    int,
    bootstrap_option("Resamples for intervals: 0 (no intervals) or at least 10.", short=False),
]
PromptsOpt = Annotated[int, typer.Option("--n-prompts", help="Prompts of a built-in behaviour.")]
DeviceOpt = Annotated[
    str | None,
    typer.Option(
        "--device",
        metavar="[auto|cpu|cuda|cuda:N|mps]",
        help="Where the model runs (default: settings).",
        show_default=False,
    ),
]
MetricOpt = Annotated[
    str | None,
    choice_option(
        "--metric", choices=METRICS, help="What is measured (default: the behaviour's).",
        show_default=False,
    ),
]  # fmt: skip


def behaviour_option(
    help: str = "induction, recall, copy, or a JSONL file of prompt/target/foil.",
    show_default: bool = True,
) -> Any:
    return typer.Option("--behaviour", metavar="NAME|FILE", help=help, show_default=show_default)


TokOpt = Annotated[
    Path | None,
    typer.Option(
        "--tokenizer",
        help="Local Hugging Face tokenizer folder for text prompts.",
        show_default=False,
    ),
]


def load_probe_model(
    spec: str,
    device: str | None = None,
    workspace: Path | None = None,
    display: ProgressDisplay | None = None,
) -> tuple[Any, str]:
    """(model, display name) from a checkpoint folder, 'demo' or 'planted'; with a first line
    on stderr before torch loads (several seconds on a busy machine)."""
    from copilot.settings import load_settings

    if display is not None:
        display.stage(f"loading model {spec}")
    settings = load_settings(workspace=workspace)
    dev = device or settings.device
    ws = Path(settings.workspace)
    if spec == "planted":
        from copilot.tools.probing.planted import load_planted_model

        return load_planted_model(workspace=ws, device=dev), "planted"
    from copilot.tools.probing import checkpoints

    if spec == "demo":
        return checkpoints.load_demo_model(workspace=ws, device=dev), checkpoints.DEMO_NAME
    # a folder, or the name of a shipped or workspace-cached model
    return checkpoints.load_model(checkpoints.resolve_model_path(spec, ws), device=dev), spec


@contextmanager
def _model_run(
    spec: str, device: str | None, workspace: Path | None, tokenizer: Path | None, quiet: bool
) -> Iterator[tuple[Any, dict[str, Any]]]:
    """The model loaded under a progress display, and what every probing run is given besides
    it: the tokenizer folder, the model's display name and the progress callback."""
    with progress_bar(enabled=not quiet) as on_progress:
        m, name = load_probe_model(spec, device, workspace, on_progress)
        yield (
            m,
            {
                "tokenizer": str(tokenizer) if tokenizer else None,
                "name": name,
                "progress": on_progress,
            },
        )


def _out_dir(out: Path | None, workspace: Path | None = None) -> Path:
    if out is not None:
        return out
    from copilot.settings import load_settings
    from copilot.workspace import Workspace

    return Workspace(load_settings(workspace=workspace).workspace).ensure().artifacts_dir


def _check_n_boot(n_boot: int) -> None:
    """Refuse a bad --n-boot before the model loads (or trains, for 'planted')."""
    from copilot.tools.probing.results import check_boot

    check_boot(n_boot, 0.95)


def _at_least(value: int, least: int, option: str, example: str) -> None:
    from copilot.errors import ProbeError

    if value < least:
        raise ProbeError(f"{option} must be at least {least}, got {value}.", f"e.g. {example}")


def _parse_heads(text: str | None) -> list[tuple[int, int]] | None:
    """'0.1,1.3' -> [(0, 1), (1, 3)]."""
    from copilot.errors import ProbeError

    if text is None:
        return None
    out = []
    for part in text.replace("+", ",").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            a, b = part.split(".")
            out.append((int(a), int(b)))
        except ValueError:
            raise ProbeError(
                f"Cannot read head {part!r}.", "write heads as layer.head, e.g. 0.1,1.3"
            ) from None
    return out


def _show(result: Any, json_out: bool, sections: list[str], extra: dict | None = None) -> None:
    """Print a probing result: its JSON (with `extra` results merged in), or its summary, each
    section after a blank line, and the files written."""
    if json_out:
        d = result.model_dump(mode="json")
        d.update({k: v.model_dump(mode="json") for k, v in (extra or {}).items() if v is not None})
        print_json(d)
        return
    typer.echo(printable(result.summary()))
    for section in sections:
        typer.echo("")
        typer.echo(section)
    for a in result.artifacts:
        typer.echo(f"wrote {a}")


def _rows(header: str, lines: list[str]) -> str:
    return "\n".join([header, *lines])


@handle_errors
def heads_command(
    model: ModelArg,
    behaviour: Annotated[str, behaviour_option()] = "induction",
    metric: MetricOpt = None,
    ablation: Annotated[
        str,
        choice_option(
            "--ablation",
            choices=HEAD_ABLATIONS,
            help="What replaces a head's output (gate: the gated models' own gate).",
        ),
    ] = "zero",
    heads: Annotated[
        str | None,
        typer.Option(
            "--heads", help="Only these heads, e.g. 0.1,1.3 (default: all).", show_default=False
        ),
    ] = None,
    head_set: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            help="Also ablate these heads together, e.g. 1.1+1.3 (repeatable).",
            show_default=False,
        ),
    ] = None,
    attribution: Annotated[
        int,
        typer.Option(
            "--attribution",
            help="Also screen by attribution patching and verify the top K (0: off).",
        ),
    ] = 0,
    attribution_steps: Annotated[
        int,
        typer.Option(
            "--attribution-steps",
            help="Gradient steps per layer for --attribution: 1 is plain attribution patching; "
            "more integrate along each layer's path (slower, follows saturating metrics).",
        ),
    ] = 1,
    gate_value: Annotated[
        float, typer.Option("--gate-value", help="Gate value for --ablation gate.")
    ] = 0.0,
    top: Annotated[int, typer.Option("--top", help="Rows of the ranked table.")] = 10,
    n_prompts: PromptsOpt = 64,
    n_boot: BootOpt = 1000,
    seed: SeedOpt = 0,
    json_out: JsonOpt = False,
    quiet: QuietOpt = False,
    workspace: WorkspaceOpt = None,
    out: OutOpt = None,
    device: DeviceOpt = None,
    tokenizer: TokOpt = None,
) -> None:
    """Ablate every head (or the ones named) and rank them by their effect on a behaviour."""
    from copilot.tools.probing.ablation import ablate_heads, attribution_screen, check_steps
    from copilot.tools.probing.behaviours import get_behaviour

    _check_n_boot(n_boot)
    _at_least(top, 1, "--top", "--top 10")
    _at_least(attribution, 0, "--attribution", "--attribution 8, or 0 for no screen")
    check_steps(attribution_steps)
    if attribution_steps != 1 and attribution < 1:
        from copilot.errors import ProbeError

        raise ProbeError(
            "--attribution-steps sets the steps of the attribution screen, which is off.",
            "add --attribution K to screen every head and verify the top K",
        )
    sets = [_parse_heads(s) for s in (head_set or [])]
    with _model_run(model, device, workspace, tokenizer, json_out or quiet) as (m, run):
        beh = get_behaviour(
            behaviour,
            m,
            n_prompts=n_prompts,
            seed=seed,
            metric=metric,
            tokenizer=run["tokenizer"],
        )
        result = ablate_heads(
            m,
            beh,
            heads=_parse_heads(heads),
            method=ablation,
            metric=metric,
            head_sets=sets or None,
            gate_value=gate_value,
            n_boot=n_boot,
            seed=seed,
            out=str(_out_dir(out, workspace)),
            name=run["name"],
            progress=run["progress"],
        )
        screen = None
        if attribution > 0:
            screen = attribution_screen(
                m,
                beh,
                method=ablation,
                metric=metric,
                top_k=attribution,
                steps=attribution_steps,
                n_boot=n_boot,
                seed=seed,
                name=run["name"],
                progress=run["progress"],
            )
    sections = [result.table(top), result.text_heatmap()]
    if screen is not None:
        sections.append(printable(screen.summary()))
    _show(result, json_out, sections, {"attribution": screen})


@handle_errors
def patch_command(
    model: ModelArg,
    behaviour: Annotated[
        str,
        behaviour_option(
            "induction, recall, copy, or a JSONL file of clean/corrupted/target/foil pairs."
        ),
    ] = "induction",
    metric: MetricOpt = None,
    units: Annotated[
        str,
        choice_option(
            "--units",
            choices=PATCH_UNITS,
            comma_list=True,
            help="heads, resid, inputs (each head's q, k, v input), positions (head x "
            "position), or a comma list of heads,resid.",
        ),
    ] = "heads,resid",
    heads: Annotated[
        str | None,
        typer.Option(
            "--heads",
            help="Heads for --units inputs|positions, e.g. 1.0,1.2 (default: all).",
            show_default=False,
        ),
    ] = None,
    attribution: Annotated[
        int,
        typer.Option(
            "--attribution",
            help="Also estimate every head's recovery by attribution patching and verify the "
            "top K by real patching (0: off).",
        ),
    ] = 0,
    n_prompts: PromptsOpt = 64,
    n_boot: BootOpt = 1000,
    seed: SeedOpt = 0,
    json_out: JsonOpt = False,
    quiet: QuietOpt = False,
    workspace: WorkspaceOpt = None,
    out: OutOpt = None,
    device: DeviceOpt = None,
    tokenizer: TokOpt = None,
) -> None:
    """Patch clean activations into corrupted runs: recovery per head and per residual position."""
    from copilot.tools.probing.heatmap import text_heatmap
    from copilot.tools.probing.patching import patch_activations

    _check_n_boot(n_boot)
    _at_least(attribution, 0, "--attribution", "--attribution 8, or 0 for no screen")
    unit_list = [u.strip() for u in units.split(",") if u.strip()]
    if unit_list in (["inputs"], ["positions"]):
        _fine_patch(model, unit_list[0], behaviour, metric, heads, n_prompts, n_boot, seed,
                    json_out, quiet, workspace, device, tokenizer)  # fmt: skip
        return
    with _model_run(model, device, workspace, tokenizer, json_out or quiet) as (m, run):
        result = patch_activations(
            m,
            behaviour,
            units=unit_list,
            metric=metric,
            n_prompts=n_prompts,
            n_boot=n_boot,
            seed=seed,
            out=str(_out_dir(out, workspace)),
            **run,
        )
        screen = None
        if attribution > 0:
            from copilot.tools.probing.patching import patch_attribution

            screen = patch_attribution(
                m,
                behaviour,
                top_k=attribution,
                metric=metric,
                n_prompts=n_prompts,
                n_boot=n_boot,
                seed=seed,
                **run,
            )
    sections = [printable(screen.summary())] if screen is not None else []
    if result.heads:
        sections.append(text_heatmap(result.head_grid(), title="recovery per head"))
    if result.resid:
        sections.append(
            text_heatmap(
                result.resid_grid(),
                title="recovery per layer input x position",
                col_label="P",
                digits=1,
            )
        )
    _show(result, json_out, sections, {"attribution": screen})


def _fine_patch(
    model: str,
    kind: str,
    behaviour: str,
    metric: str | None,
    heads: str | None,
    n_prompts: int,
    n_boot: int,
    seed: int,
    json_out: bool,
    quiet: bool,
    workspace: Path | None,
    device: str | None,
    tokenizer: Path | None,
) -> None:
    """`probe patch --units inputs|positions`: q/k/v-input or head x position patching."""
    from copilot.tools.probing.circuits import patch_head_inputs, patch_head_positions
    from copilot.tools.probing.heatmap import text_heatmap

    patch = patch_head_inputs if kind == "inputs" else patch_head_positions
    with _model_run(model, device, workspace, tokenizer, json_out or quiet) as (m, run):
        result = patch(
            m,
            behaviour,
            heads=_parse_heads(heads),
            metric=metric,
            n_prompts=n_prompts,
            n_boot=n_boot,
            seed=seed,
            **run,
        )
    if kind == "inputs":
        sections = [
            text_heatmap(result.grid(w), title=f"recovery from each head's {w} input")
            for w in ("q", "k", "v")
        ]
    else:
        sections = [
            text_heatmap(
                result.grid(), title="recovery per head (rows) x position", row_label="#",
                col_label="P", digits=1,
            )
        ]  # fmt: skip
    _show(result, json_out, sections)


@handle_errors
def path_command(
    model: ModelArg,
    sender: Annotated[
        str, typer.Option("--sender", help="The sending head, layer.head, e.g. 0.2.")
    ],
    receiver: Annotated[
        str,
        typer.Option("--receiver", help="Receiving heads of later layers, e.g. 1.0,1.2."),
    ],
    via: Annotated[
        str,
        choice_option(
            "--via",
            choices=PATH_INPUTS,
            comma_list=True,
            help="The receivers' input: q, k, v, resid, or a comma list.",
        ),
    ] = "k",
    behaviour: Annotated[
        str,
        behaviour_option(
            "induction, recall, copy, or a JSONL file (of pairs for --ablation corrupt)."
        ),
    ] = "induction",
    ablation: Annotated[
        str,
        choice_option(
            "--ablation",
            choices=PATH_ABLATIONS,
            help="What the sender sends instead (corrupt: its output on the corrupted prompt "
            "of each pair).",
        ),
    ] = "zero",
    metric: MetricOpt = None,
    n_prompts: PromptsOpt = 64,
    n_boot: BootOpt = 1000,
    seed: SeedOpt = 0,
    json_out: JsonOpt = False,
    quiet: QuietOpt = False,
    workspace: WorkspaceOpt = None,
    device: DeviceOpt = None,
    tokenizer: TokOpt = None,
) -> None:
    """Path patching: the sender's effect reaching only the receivers' chosen input."""
    from copilot.errors import ProbeError
    from copilot.tools.probing.circuits import path_patch

    _check_n_boot(n_boot)
    snd = _parse_heads(sender) or []
    if len(snd) != 1:
        raise ProbeError(f"--sender names {len(snd)} heads.", "name one head, e.g. --sender 0.2")
    with _model_run(model, device, workspace, tokenizer, json_out or quiet) as (m, run):
        result = path_patch(
            m,
            behaviour,
            snd[0],
            _parse_heads(receiver),
            via=[v.strip() for v in via.split(",") if v.strip()],
            method=ablation,
            metric=metric,
            n_prompts=n_prompts,
            n_boot=n_boot,
            seed=seed,
            **run,
        )
    _show(result, json_out, [result.table()])


@handle_errors
def lens_command(
    model: ModelArg,
    behaviour: Annotated[
        str, behaviour_option("induction, recall, copy, or a JSONL file.")
    ] = "induction",
    metric: MetricOpt = None,
    top: Annotated[int, typer.Option("--top", help="Rows of the attribution table.")] = 10,
    n_prompts: PromptsOpt = 64,
    n_boot: BootOpt = 1000,
    seed: SeedOpt = 0,
    json_out: JsonOpt = False,
    quiet: QuietOpt = False,
    workspace: WorkspaceOpt = None,
    device: DeviceOpt = None,
    tokenizer: TokOpt = None,
) -> None:
    """Logit lens per layer input and direct logit attribution per head and MLP."""
    from copilot.tools.probing.lens import logit_lens

    _check_n_boot(n_boot)
    _at_least(top, 1, "--top", "--top 10")
    with _model_run(model, device, workspace, tokenizer, json_out or quiet) as (m, run):
        result = logit_lens(
            m,
            behaviour,
            metric=metric,
            n_prompts=n_prompts,
            n_boot=n_boot,
            seed=seed,
            **run,
        )
    _show(result, json_out, [result.table(), result.dla_table(top)])


@handle_errors
def scores_command(
    model: ModelArg,
    n_prompts: PromptsOpt = 64,
    length: Annotated[
        int | None,
        typer.Option(
            "--length",
            help="Half length of the repeated sequences, at least 2, with 2 x length within the "
            "context (default: the model's task length).",
            show_default=False,
        ),
    ] = None,
    prompts: Annotated[
        Path | None,
        typer.Option(
            "--prompts",
            help='Score on these prompts instead: JSONL of {"prompt": text or ids}; text is '
            "tokenized with a BOS token first.",
            show_default=False,
        ),
    ] = None,
    seed: SeedOpt = 0,
    json_out: JsonOpt = False,
    quiet: QuietOpt = False,
    workspace: WorkspaceOpt = None,
    out: OutOpt = None,
    device: DeviceOpt = None,
    tokenizer: TokOpt = None,
) -> None:
    """Induction, previous-token, duplicate-token and sink scores, gate statistics, massive activations."""
    from copilot.tools.probing.scores import SCORE_NAMES, head_scores

    with _model_run(model, device, workspace, tokenizer, json_out or quiet) as (m, run):
        result = head_scores(
            m,
            n_prompts=n_prompts,
            half_length=length,
            seed=seed,
            prompts=prompts,
            out=str(_out_dir(out, workspace)),
            **run,
        )
    names = list(SCORE_NAMES) + (
        ["gate_mean", "gate_below_0_1"] if result.gate_mean is not None else []
    )
    activations = _rows(
        "layer input  max|x|  median|x|  ratio",
        [
            f"{a.layer:>11}  {a.max_abs:>6.2f}  {a.median_abs:>9.3f}  {a.ratio:>5.0f}"
            for a in result.activations
        ],
    )
    _show(result, json_out, [*(result.text_heatmap(n) for n in names), activations])


@handle_errors
def steer_command(
    model: ModelArg,
    positive: Annotated[
        Path,
        typer.Option("--positive", help="JSONL prompts of the positive set.", show_default=False),
    ],
    negative: Annotated[
        Path,
        typer.Option("--negative", help="JSONL prompts of the negative set.", show_default=False),
    ],
    layer: Annotated[
        int,
        typer.Option(
            "--layer", "-l", help="Residual layer input (0..n_layers).", show_default=False
        ),
    ],
    behaviour: Annotated[
        str | None,
        behaviour_option(
            "Prompts with targets to measure (default: the negative file).", show_default=False
        ),
    ] = None,
    metric: MetricOpt = None,
    alpha: Annotated[
        list[float] | None,
        typer.Option(
            "--alpha",
            help="Steering strength (repeatable; default 0 0.25 0.5 1 2 4).",
            show_default=False,
        ),
    ] = None,
    position: Annotated[
        str,
        typer.Option("--position", help="Where the direction is read: 'last' or a token index."),
    ] = "last",
    start: Annotated[
        int | None,
        typer.Option(
            "--from",
            help="Steer from this position on (default: all positions).",
            show_default=False,
        ),
    ] = None,
    neutral: Annotated[
        Path | None,
        typer.Option(
            "--neutral",
            help="JSONL prompts for the side-effect KL (default: random tokens).",
            show_default=False,
        ),
    ] = None,
    n_boot: BootOpt = 1000,
    seed: SeedOpt = 0,
    json_out: JsonOpt = False,
    quiet: QuietOpt = False,
    workspace: WorkspaceOpt = None,
    device: DeviceOpt = None,
    tokenizer: TokOpt = None,
) -> None:
    """Steer along the positive-minus-negative direction at a layer; sweep alpha; ablate it."""
    from copilot.tools.probing.results import fmt_interval
    from copilot.tools.probing.steering import DEFAULT_ALPHAS, check_alphas, steer

    _check_n_boot(n_boot)
    alphas = check_alphas(alpha or DEFAULT_ALPHAS)
    with _model_run(model, device, workspace, tokenizer, json_out or quiet) as (m, run):
        result = steer(
            m,
            positive,
            negative,
            layer,
            behaviour=behaviour or str(negative),
            metric=metric,
            alphas=alphas,
            position=position,
            start=start,
            neutral=neutral,
            n_boot=n_boot,
            seed=seed,
            **run,
        )
    sweep = _rows(
        f"{'alpha':>6}  {result.metric:>10}  {'interval':>19}  {'side-effect KL':>14}",
        [
            f"{p.alpha:>6g}  {p.metric.value:>10.4f}  "
            f"{fmt_interval(p.metric.lo, p.metric.hi, '>7.3f'):>19}  "
            f"{p.side_effect_kl.value:>14.4f}"
            for p in result.sweep
        ],
    )
    _show(result, json_out, [sweep])


@handle_errors
def probe_command(
    model: ModelArg,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="JSONL prompts with a 'label'.", show_default=False),
    ] = None,
    positive: Annotated[
        Path | None,
        typer.Option("--positive", help="JSONL prompts labelled 1.", show_default=False),
    ] = None,
    negative: Annotated[
        Path | None,
        typer.Option("--negative", help="JSONL prompts labelled 0.", show_default=False),
    ] = None,
    layers: Annotated[
        str | None,
        typer.Option(
            "--layers", help="Layer inputs, e.g. 0,1,2 (default: all).", show_default=False
        ),
    ] = None,
    position: Annotated[str, typer.Option("--position", help="'last' or a token index.")] = "last",
    test_size: Annotated[
        float, typer.Option("--test-size", help="Held-out share of prompts.")
    ] = 0.3,
    n_boot: BootOpt = 1000,
    seed: SeedOpt = 0,
    json_out: JsonOpt = False,
    quiet: QuietOpt = False,
    workspace: WorkspaceOpt = None,
    out: OutOpt = None,
    device: DeviceOpt = None,
    tokenizer: TokOpt = None,
) -> None:
    """Linear probes on the residual stream: held-out accuracy per layer input."""
    from copilot.errors import ProbeError
    from copilot.tools.probing.probes import train_probes
    from copilot.tools.probing.results import fmt_interval

    _check_n_boot(n_boot)
    if data is None and (positive is None or negative is None):
        raise ProbeError(
            "No probe data.", "pass --data FILE, or --positive FILE and --negative FILE"
        )
    try:
        layer_list = [int(v) for v in layers.split(",")] if layers else None
    except ValueError:
        raise ProbeError(f"Cannot read --layers {layers!r}.", "e.g. --layers 0,1,2") from None
    with _model_run(model, device, workspace, tokenizer, json_out or quiet) as (m, run):
        result = train_probes(
            m,
            data,
            positive=positive,
            negative=negative,
            layers=layer_list,
            position=position,
            test_size=test_size,
            n_boot=n_boot,
            seed=seed,
            out=str(_out_dir(out, workspace)),
            **run,
        )
    layers = _rows(
        f"{'layer':>5}  {'test acc':>8}  {'interval':>15}  {'train':>5}  readable",
        [
            f"{p.layer:>5}  {p.test_accuracy.value:>8.3f}  "
            f"{fmt_interval(p.test_accuracy.lo, p.test_accuracy.hi, '.3f'):>15}  "
            f"{p.train_accuracy:>5.2f}  {'yes' if p.readable else 'no'}"
            for p in result.layers
        ],
    )
    _show(result, json_out, [layers])


EXAMPLES = {
    "heads": "Examples:\n\n  copilot probe heads demo --top 5\n\n  copilot probe heads demo --set 1.0+1.1 --json",
    "patch": "Examples:\n\n  copilot probe patch demo --units heads\n\n  copilot probe patch demo --json",
    "path": "Examples:\n\n  copilot probe path demo --sender 0.2 --receiver 1.0,1.1,1.2,1.3 --via q,k,v\n\n"
    "  copilot probe path demo --sender 0.2 --receiver 1.0 --via k --ablation corrupt --json",
    "lens": "Examples:\n\n  copilot probe lens demo\n\n  copilot probe lens demo --behaviour recall --json",
    "scores": "Examples:\n\n  copilot probe scores demo\n\n  copilot probe scores demo --n-prompts 16 --json",
    "steer": "Examples:\n\n  copilot probe steer MODEL --positive pos.jsonl --negative neg.jsonl --layer 1\n\n"
    "  copilot probe steer MODEL --positive pos.jsonl --negative neg.jsonl -l 1 --alpha 0 --alpha 2",
    "probe": "Examples:\n\n  copilot probe probe MODEL --data labelled.jsonl\n\n"
    "  copilot probe probe MODEL --positive pos.jsonl --negative neg.jsonl --layers 0,1,2",
}
COMMANDS = {
    "heads": (heads_command, "Ablate heads; rank them by effect with intervals; heatmap."),
    "patch": (patch_command, "Activation patching: recovery per head and residual position."),
    "path": (path_command, "Path patching: sender head -> receivers' q, k, v or whole input."),
    "lens": (lens_command, "Logit lens per layer and direct logit attribution per head and MLP."),
    "scores": (scores_command, "Head scores: induction, previous/duplicate token, sink, gates."),
    "steer": (steer_command, "Difference-of-means steering with an alpha sweep and side effects."),
    "probe": (probe_command, "Linear probes: where a property becomes linearly readable."),
}
for _name, (_command, _help) in COMMANDS.items():
    probe_app.command(_name, cls=CopilotCommand, help=_help, epilog=EXAMPLES[_name])(_command)


def register(app: typer.Typer) -> None:
    app.add_typer(probe_app, name="probe")
