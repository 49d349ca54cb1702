"""`copilot model train|list|info`: train small gated-attention models, list and describe them."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from copilot.cli._common import handle_errors, print_json, progress_bar
from copilot.cli.vocabulary import (
    GATES,
    TRAIN_TASKS,
    CopilotCommand,
    CopilotGroup,
    choice_option,
    json_option,
    out_dir_option,
    quiet_option,
    workspace_option,
)

model_app = typer.Typer(
    name="model",
    help="Train, list and describe local transformer models for probing.",
    no_args_is_help=True,
    cls=CopilotGroup,
)


def register(app: typer.Typer) -> None:
    app.add_typer(model_app, name="model")


def _workspace(workspace: Path | None) -> Path:
    from copilot.settings import load_settings

    return Path(workspace) if workspace else Path(load_settings().workspace)


@model_app.command("train", cls=CopilotCommand)
@handle_errors
def train(
    task: Annotated[
        str,
        choice_option(
            "--task",
            choices=TRAIN_TASKS,
            help="Synthetic task, or text (the standard library's sources, with a BPE "
            "tokenizer trained on them).",
        ),
    ] = "induction",
    gate: Annotated[
        str, choice_option("--gate", choices=GATES, help="Attention output gate.")
    ] = "headwise",
    layers: Annotated[
        int | None, typer.Option("--n-layers", metavar="N", help="Layers (task default: 2).")
    ] = None,
    heads: Annotated[
        int | None,
        typer.Option("--n-heads", metavar="N", help="Heads per layer (task default: 4)."),
    ] = None,
    d_model: Annotated[
        int | None, typer.Option("--d-model", help="Residual width (default 64).")
    ] = None,
    steps: Annotated[int | None, typer.Option(help="Training steps (task default).")] = None,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", help="Sequences per step.")
    ] = None,
    lr: Annotated[float | None, typer.Option(help="Peak learning rate.")] = None,
    mlp: Annotated[
        bool, typer.Option("--mlp/--attn-only", help="Add SwiGLU MLPs (default: attention only).")
    ] = False,
    seed: Annotated[int, typer.Option(help="Seed of initialisation and data.")] = 0,
    device: Annotated[
        str, typer.Option(metavar="[auto|cpu|cuda|cuda:N|mps]", help="Where the model runs.")
    ] = "cpu",
    out: Annotated[
        Path | None,
        out_dir_option("Folder of the model (default: <workspace>/models/<task>-<gate>)."),
    ] = None,
    overwrite: Annotated[
        bool,
        typer.Option(
            "--overwrite",
            help="Replace a model in --out-dir (or write into a non-empty folder).",
        ),
    ] = False,
    workspace: Annotated[Path | None, workspace_option()] = None,
    json_out: Annotated[bool, json_option("Print the summary as one JSON object.")] = False,
    quiet: Annotated[bool, quiet_option()] = False,
) -> None:
    """Train a model on a synthetic task and save it (config.json + model.safetensors)."""
    command = (
        "copilot model train " + " ".join(shlex.quote(a) for a in sys.argv[3:])
        if len(sys.argv) > 2 and sys.argv[1:3] == ["model", "train"]
        else None
    )
    with progress_bar(not (json_out or quiet)) as bar:
        bar.stage("loading torch")  # seconds on a busy machine, before any training update
        from copilot.tools.probing.train import check_out_dir, train_model

        target = out if out is not None else _workspace(workspace) / "models" / f"{task}-{gate}"
        check_out_dir(target, overwrite)  # before training (train_model checks again)
        if task == "text":
            given = dict(
                layers=layers, heads=heads, d_model=d_model, steps=steps, batch_size=batch_size,
                lr=lr,
            )  # fmt: skip
            result = _train_text(target, gate, mlp, seed, device, overwrite, bar, given)
        else:
            bar.stage(f"building the {task} model")
            result = train_model(
                task,
                gate=gate,
                layers=layers,
                heads=heads,
                d_model=d_model,
                steps=steps,
                batch_size=batch_size,
                lr=lr,
                attn_only=not mlp,
                seed=seed,
                device=device,
                out=target,
                progress=bar,
                command=command,
                overwrite=overwrite,
            )
    if task == "text":
        _print_text(result, gate, json_out)
        return
    summary = result.summary()
    if json_out:
        print_json(summary)
        return
    m = summary["metrics"]
    typer.echo(
        f"Trained {task} model ({summary['model']['params']:,} parameters, gate "
        f"{gate}) in {summary['elapsed_s']:.1f}s over {summary['steps']} steps."
    )
    if task == "induction":
        typer.echo(
            f"  loss on the first half  {m['first_half_loss']:.3f} (chance {m['uniform_loss']:.3f})"
        )
        typer.echo(f"  loss on the repeated half {m['second_half_loss']:.3f}")
    typer.echo(f"  task loss {m['loss']:.3f}, accuracy {m['accuracy']:.3f}")
    typer.echo(f"Saved to {result.path}")
    for w in result.warnings:
        typer.echo(f"Warning: {w}.", err=True)


def _train_text(
    target: Path,
    gate: str,
    mlp: bool,
    seed: int,
    device: str,
    overwrite: bool,
    bar: Any,
    given: dict[str, Any],
) -> Any:
    """`model train --task text`: a language model of the standard library's sources."""
    from copilot.tools.probing.text import train_text_model

    bar.stage("reading the text and training its tokenizer")
    return train_text_model(
        gate=gate,
        attn_only=not mlp,
        seed=seed,
        device=device,
        out=target,
        overwrite=overwrite,
        progress=bar,
        **{k: v for k, v in given.items() if v is not None},
    )


def _print_text(result: Any, gate: str, json_out: bool) -> None:
    summary = result.summary()
    if json_out:
        print_json(summary)
        return
    m = summary["metrics"]
    typer.echo(
        f"Trained text model ({summary['model']['params']:,} parameters, gate {gate}, "
        f"{summary['tokenizer']} tokenizer of {summary['model']['vocab_size']} ids) in "
        f"{summary['elapsed_s']:.1f}s over {summary['steps']} steps on {m['train_tokens']:,} tokens."
    )
    typer.echo(
        f"  validation loss {m['val_loss']:.3f} (chance {m['uniform_loss']:.3f}), "
        f"training loss {m['train_loss']:.3f}"
    )
    typer.echo(f"Saved to {result.path}")
    for w in result.warnings:
        typer.echo(f"Warning: {w}.", err=True)


@model_app.command("list", cls=CopilotCommand)
@handle_errors
def list_cmd(
    workspace: Annotated[Path | None, workspace_option()] = None,
    json_out: Annotated[bool, json_option()] = False,
) -> None:
    """Models shipped with Causal Copilot and models cached in the workspace."""
    from copilot.tools.probing.checkpoints import list_models

    models = list_models(_workspace(workspace))
    if json_out:
        print_json({"models": models})
        return
    if not models:
        typer.echo("No models yet. Train one: copilot model train --task induction")
        return
    from rich.console import Console
    from rich.table import Table

    table = Table("name", "source", "kind", "layers", "heads", "gate", "params", "task", "path")
    for m in models:
        table.add_row(
            m["name"],
            m["source"],
            str(m.get("kind", "?")),
            str(m.get("n_layers", "")),
            str(m.get("n_heads", "")),
            str(m.get("gate", "")),
            f"{m['params']:,}" if m.get("params") else "",
            str(m.get("task") or ""),
            m["path"],
        )
    Console(width=160).print(table)


@model_app.command("info", cls=CopilotCommand)
@handle_errors
def info(
    path: Annotated[
        str,
        typer.Argument(
            help="A model folder, the name of a listed model, 'demo' (the shipped induction "
            "model) or 'planted' (trained in seconds), as for `copilot probe`."
        ),
    ],
    device: Annotated[
        str, typer.Option(metavar="[auto|cpu|cuda|cuda:N|mps]", help="Where the model runs.")
    ] = "cpu",
    workspace: Annotated[Path | None, workspace_option()] = None,
    json_out: Annotated[bool, json_option()] = False,
) -> None:
    """Layers, heads, gate kind, parameters and device of a model (loads it)."""
    from copilot.tools.probing import checkpoints

    ws = _workspace(workspace)
    where: Path | None
    if path == "demo":  # the names `copilot probe` accepts, resolved the same way
        model = checkpoints.load_demo_model(workspace=ws, device=device)
        where = checkpoints.demo_model_path(ws)
    elif path == "planted":
        from copilot.tools.probing.planted import load_planted_model, planted_model_path

        model = load_planted_model(workspace=ws, device=device)
        where = planted_model_path(ws)
    else:
        where = checkpoints.resolve_model_path(path, ws)
        model = checkpoints.load_model(where, device=device)
    data = checkpoints.model_info(model, where)
    if json_out:
        print_json(data)
        return
    width = max(len(k) for k in data)
    for k, v in data.items():
        if v is None:
            continue
        if isinstance(v, int) and not isinstance(v, bool) and k == "params":
            v = f"{v:,}"
        typer.echo(f"{k:<{width}}  {v}")
