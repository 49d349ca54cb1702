"""Train a `GatedTransformer` on a synthetic task (see `tasks.py`), on CPU in well under a minute
for the default induction model.

    from copilot.tools.probing.train import train_model
    result = train_model("induction", gate="headwise", out="models/induction")
    result.metrics["second_half_loss"]  # far below result.metrics["first_half_loss"]
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import torch

from copilot.errors import InputError
from copilot.progress import ProgressCallback, report
from copilot.tools.probing.device import resolve_device, seed_everything
from copilot.tools.probing.model import GATE_KINDS, GatedTransformer, ModelConfig
from copilot.tools.probing.tasks import TASKS, TaskSpec, evaluate, masked_loss


@dataclass(frozen=True)
class TaskDefaults:
    """The default model and schedule of one task (each fits a CPU in under a minute)."""

    vocab_size: int
    length: int
    layers: int
    heads: int
    d_model: int
    attn_only: bool
    steps: int
    lr: float
    batch_size: int = 64


TASK_DEFAULTS: dict[str, TaskDefaults] = {
    "induction": TaskDefaults(
        vocab_size=64, length=16, layers=2, heads=4, d_model=64, attn_only=True, steps=600, lr=3e-3
    ),
    "recall": TaskDefaults(
        vocab_size=64, length=8, layers=2, heads=4, d_model=64, attn_only=True, steps=1500, lr=3e-3
    ),
    "copy": TaskDefaults(
        vocab_size=32, length=12, layers=2, heads=4, d_model=64, attn_only=True, steps=600, lr=3e-3
    ),
}


@dataclass
class TrainResult:
    """A trained model, its task, and what training measured."""

    model: GatedTransformer
    task: TaskSpec
    steps: int
    seconds: float
    final_loss: float
    metrics: dict[str, float] = field(default_factory=dict)
    history: list[tuple[int, float]] = field(default_factory=list)  # (step, training loss)
    path: Path | None = None
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """JSON-able summary (no tensors)."""
        cfg = self.model.config
        return {
            "task": self.task.name,
            "steps": self.steps,
            "elapsed_s": round(self.seconds, 2),
            "final_loss": self.final_loss,
            "metrics": self.metrics,
            "warnings": self.warnings,
            "path": str(self.path) if self.path else None,
            "model": {
                "n_layers": cfg.n_layers,
                "n_heads": cfg.n_heads,
                "d_model": cfg.d_model,
                "gate": cfg.gate,
                "attn_only": cfg.attn_only,
                "vocab_size": cfg.vocab_size,
                "params": self.model.num_params(),
            },
        }


def train_model(
    task: str = "induction",
    *,
    gate: str = "headwise",
    layers: int | None = None,
    heads: int | None = None,
    d_model: int | None = None,
    vocab_size: int | None = None,
    length: int | None = None,
    attn_only: bool | None = None,
    steps: int | None = None,
    batch_size: int | None = None,
    lr: float | None = None,
    seed: int = 0,
    device: str = "cpu",
    out: str | Path | None = None,
    progress: ProgressCallback | None = None,
    command: str | None = None,
    threads: int | None = 1,
    overwrite: bool = False,
) -> TrainResult:
    """Train a fresh model on `task` ("induction" | "recall" | "copy"); save it to `out` if given.

    Unset sizes come from `TASK_DEFAULTS[task]`. Training is float32 with AdamW and a cosine
    schedule; on CPU, the same seed gives the same model. `command` is stored in the config's
    `meta` (how the model was made). `threads` caps torch's CPU threads while training (1 is
    fastest for these tiny models, and far faster on a busy machine); None leaves it as is.
    `out` must be a new or empty folder unless `overwrite` (checked before training)."""
    if task not in TASKS:
        raise InputError(f"Unknown task {task!r}.", f"choose one of: {', '.join(TASKS)}")
    if gate not in GATE_KINDS:
        raise InputError(f"Unknown gate {gate!r}.", f"choose one of: {', '.join(GATE_KINDS)}")
    d = TASK_DEFAULTS[task]
    d = replace(
        d,
        **{
            k: v
            for k, v in dict(
                vocab_size=vocab_size,
                length=length,
                layers=layers,
                heads=heads,
                d_model=d_model,
                attn_only=attn_only,
                steps=steps,
                lr=lr,
                batch_size=batch_size,
            ).items()
            if v is not None
        },
    )
    for name in ("layers", "heads", "d_model", "steps", "batch_size"):
        if getattr(d, name) <= 0:
            raise InputError(
                f"--{name.replace('_', '-')} must be positive; got {getattr(d, name)}.",
                "use a positive integer",
            )
    if d.d_model % d.heads or (d.d_model // d.heads) % 2:
        raise InputError(
            f"d_model={d.d_model} must split into {d.heads} heads of even width.",
            "choose d_model as a multiple of 2 * heads",
        )
    if out is not None:
        check_out_dir(out, overwrite)
    spec = TaskSpec(task, d.vocab_size, d.length)
    dev = resolve_device(device)
    gen = seed_everything(seed)
    cfg = ModelConfig(
        vocab_size=d.vocab_size,
        n_layers=d.layers,
        n_heads=d.heads,
        d_model=d.d_model,
        d_mlp=4 * d.d_model,
        max_seq_len=max(64, spec.seq_len),
        gate=gate,
        attn_only=d.attn_only,
        qk_norm=True,
        meta={
            "task": task,
            "task_length": d.length,
            "seed": seed,
            "steps": d.steps,
            **({"command": command} if command else {}),
        },
    )
    old_threads = torch.get_num_threads()
    if threads is not None and dev.type == "cpu":
        torch.set_num_threads(max(1, threads))
    try:
        return _train(spec, d, cfg, dev, gen, out, progress)
    finally:
        torch.set_num_threads(old_threads)


def check_out_dir(out: str | Path, overwrite: bool = False) -> Path:
    """Refuse an output folder that is a file, or (unless `overwrite`) one that already holds
    a model or anything else: saving would replace or mix with what is there."""
    path = Path(out).expanduser()
    if path.exists() and not path.is_dir():
        raise InputError(
            f"--out-dir {path} is a file, not a folder.", "name a new folder with --out-dir"
        )
    if overwrite or not path.is_dir():
        return path
    entries = sorted(p.name for p in path.iterdir())
    if not entries:
        return path
    model_files = [n for n in entries if n in ("config.json", "model.safetensors")]
    if model_files:
        raise InputError(
            f"Folder {path} already holds a model ({', '.join(model_files)}).",
            "pass --overwrite to replace it, or choose another folder with --out-dir",
        )
    shown = ", ".join(entries[:3]) + (f" and {len(entries) - 3} more" if len(entries) > 3 else "")
    raise InputError(
        f"Folder {path} is not empty ({shown}).",
        "choose a new or empty folder with --out-dir, or pass --overwrite to write into it",
    )


def _train(
    spec: TaskSpec,
    d: TaskDefaults,
    cfg: ModelConfig,
    dev: torch.device,
    gen: torch.Generator,
    out: str | Path | None,
    progress: ProgressCallback | None,
) -> TrainResult:
    task = spec.name
    model = GatedTransformer(cfg).to(dev)
    opt = torch.optim.AdamW(model.parameters(), lr=d.lr, weight_decay=0.01, betas=(0.9, 0.98))
    warmup = max(1, d.steps // 20)

    def lr_at(step: int) -> float:
        if step < warmup:
            return d.lr * (step + 1) / warmup
        t = (step - warmup) / max(1, d.steps - warmup)
        return d.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * t)))

    history: list[tuple[int, float]] = []
    t0 = time.perf_counter()
    model.train()
    ema = None
    every = max(1, d.steps // 100)
    for step in range(d.steps):
        for group in opt.param_groups:
            group["lr"] = lr_at(step)
        batch = spec.sample_train(d.batch_size, gen)
        loss = masked_loss(model(batch.tokens.to(dev)).logits, batch)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        value = loss.item()
        ema = value if ema is None else 0.95 * ema + 0.05 * value
        if step % every == 0 or step == d.steps - 1:
            history.append((step, value))
            report(progress, f"train {task}", step + 1, d.steps, f"loss {ema:.3f}")
    model.eval()
    seconds = time.perf_counter() - t0
    metrics = evaluate(model, spec)
    path = None
    if out is not None:
        from copilot.tools.probing.checkpoints import save_model

        model.config.meta["metrics"] = {k: round(v, 4) for k, v in metrics.items()}
        path = save_model(model, out)
    return TrainResult(
        model,
        spec,
        d.steps,
        seconds,
        float(ema or float("nan")),
        metrics,
        history,
        path,
        chance_warnings(task, metrics, cfg.vocab_size),
    )


def chance_warnings(task: str, metrics: dict[str, float], vocab_size: int) -> list[str]:
    """A warning when the trained model is at chance on its task: its loss on what the task
    makes predictable (the repeated half for induction) is within AT_CHANCE_SHARE of ln V."""
    from copilot.tools.probing.behaviours import AT_CHANCE_SHARE

    chance = math.log(vocab_size)
    key = "second_half_loss" if task == "induction" else "loss"
    loss = metrics.get(key)
    if loss is None or loss < (1 - AT_CHANCE_SHARE) * chance:
        return []
    what = "repeated-half loss" if task == "induction" else "task loss"
    return [
        f"the model is at chance on {task}: {what} {loss:.3f} against {chance:.3f} for uniform "
        f"guessing; it has not learnt the task, so probing it will find nothing. Train longer "
        "(--steps) or with another learning rate (--lr)"
    ]
