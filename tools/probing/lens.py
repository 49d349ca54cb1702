"""Logit lens and direct logit attribution: what the residual stream already predicts at each
layer, and how much each head and MLP writes directly into the answer's logit.

Logit lens (nostalgebraist 2020): the final norm and the unembedding applied to the residual at
the input of every layer (and the final residual, where it is the model's own output), scored
with the behaviour's metric, with a bootstrap interval over prompts.

Direct logit attribution: the final residual is a sum of the embedding, every head's output
through its columns of `o_proj`, the attention biases and every MLP output. With the final
RMSNorm's scale frozen at its value on the real residual, the unembedding is linear in that
sum, so each component's direct contribution to the answer logit (`target`, or target minus
foil when the behaviour has foils) is `component / rms * norm.weight @ W_U[answer]`, and the
contributions add up to the real logit exactly. Direct effects only: what a head does through
later layers is not counted here (ablation and path patching measure that).

Both need the built-in model (`GatedTransformer`).
"""

from __future__ import annotations

import time
from typing import Any

from pydantic import BaseModel, Field

from copilot.errors import ProbeError
from copilot.progress import ProgressCallback, report
from copilot.tools.probing.ablation import model_name
from copilot.tools.probing.behaviours import (
    Behaviour,
    chance_level,
    get_behaviour,
    metric_per_prompt,
    model_limits,
    per_prompt,
)
from copilot.tools.probing.results import ProbeResult, bootstrap_mean, check_boot, fmt_interval


class LensLayer(BaseModel):
    """The behaviour's metric read off the residual at one layer input (n_layers: the output)."""

    layer: int
    value: float
    ci: tuple[float, float]


class Contribution(BaseModel):
    """One component's direct contribution to the answer logit, mean over scored positions."""

    component: str = Field(description="'embed', 'L{l}H{h}', 'L{l} attn bias' or 'L{l} mlp'")
    layer: int | None = None
    head: int | None = None
    value: float
    ci: tuple[float, float]


class LensResult(ProbeResult):
    """Logit lens per layer input and direct logit attribution per component."""

    model: str
    behaviour: str
    metric: str
    n_prompts: int
    chance: float | None = None
    lens: list[LensLayer]
    answer: str = Field(description="what the attribution explains: 'logit' or 'logit_diff'")
    answer_value: float = Field(description="the model's real answer logit (or difference)")
    contributions: list[Contribution] = Field(description="sorted by value, largest first")
    level: float = 0.95
    n_boot: int = 1000
    elapsed_s: float = 0.0

    def table(self) -> str:
        lines = [f"{'layer input':>11}  {self.metric:>10}  {'interval':>19}"]
        for x in self.lens:
            lines.append(
                f"{x.layer:>11}  {x.value:>10.4f}  {fmt_interval(x.ci[0], x.ci[1], '>8.4f'):>19}"
            )
        return "\n".join(lines)

    def dla_table(self, k: int = 10) -> str:
        lines = [f"{'component':>14}  {self.answer:>10}  {'interval':>21}"]
        for c in self.contributions[:k]:
            lines.append(
                f"{c.component:>14}  {c.value:>+10.4f}  "
                f"{fmt_interval(c.ci[0], c.ci[1], '>+8.4f'):>21}"
            )
        return "\n".join(lines)

    def summary(self) -> str:
        first, last = self.lens[0], self.lens[-1]
        chance = "" if self.chance is None else f" (chance {self.chance:.3f})"
        top = ", ".join(f"{c.component} {c.value:+.2f}" for c in self.contributions[:3])
        return (
            f"Logit lens on {self.behaviour} ({self.n_prompts} prompts), {self.metric}{chance}: "
            f"{first.value:.3f} at layer input 0, {last.value:.3f} at the output "
            f"(layer input {last.layer}). Direct logit attribution of the {self.answer} "
            f"({self.answer_value:+.2f}): largest {top}."
        )


def logit_lens(
    model: Any,
    behaviour: str | Behaviour = "induction",
    *,
    metric: str | None = None,
    n_prompts: int = 64,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
    tokenizer: Any = None,
    name: str | None = None,
    progress: ProgressCallback | None = None,
) -> LensResult:
    """The behaviour's metric read off every layer input through the final norm and unembedding,
    and the direct contribution of the embedding, every head and every MLP to the answer logit."""
    import torch

    from copilot.tools.probing.model import GatedTransformer

    t0 = time.perf_counter()
    check_boot(n_boot, level)
    if not isinstance(model, GatedTransformer):
        raise ProbeError(
            f"The logit lens needs the built-in model; this is a {type(model).__name__}.",
            "load a checkpoint in this project's format (copilot model train, or 'demo')",
        )
    beh = get_behaviour(
        behaviour, model, n_prompts=n_prompts, seed=seed, metric=metric, tokenizer=tokenizer
    ).to(model.device)
    metric = metric or beh.metric
    if metric == "kl":
        raise ProbeError(
            "The logit lens reads the answer; kl compares a run with itself at the output.",
            "use --metric loss, logit_diff, prob or accuracy",
        )
    report(progress, "logit lens", 0, 2)
    with torch.no_grad():
        out = model(beh.tokens, cache=("resid", "head_out", "mlp_out"))
        lens_vals = [
            metric_per_prompt(model.lm_head(model.norm(r)), beh, metric) for r in out.cache["resid"]
        ]  # n_layers + 1 of (N,)
        report(progress, "logit lens", 1, 2)
        comps, names = _direct_contributions(model, beh, out)  # (K, N), K names
    report(progress, "logit lens", 2, 2)
    lv = torch.stack(lens_vals).double().cpu().numpy().T  # (N, L+1)
    m, lo, hi = bootstrap_mean(lv, n_boot, seed, level)
    lens = [
        LensLayer(layer=i, value=float(m[i]), ci=(float(lo[i]), float(hi[i])))
        for i in range(lv.shape[1])
    ]
    cv = comps.double().cpu().numpy().T  # (N, K)
    cm, clo, chi = bootstrap_mean(cv, n_boot, seed, level)
    contributions = sorted(
        (
            Contribution(
                component=nm,
                layer=ly,
                head=hd,
                value=float(cm[i]),
                ci=(float(clo[i]), float(chi[i])),
            )
            for i, (nm, ly, hd) in enumerate(names)
        ),
        key=lambda c: -c.value,
    )
    vocab, _ = model_limits(model)
    return LensResult(
        model=model_name(model, name),
        behaviour=beh.name,
        metric=metric,
        n_prompts=beh.n,
        chance=chance_level(metric, vocab),
        lens=lens,
        answer="logit_diff" if beh.has_foils else "logit",
        answer_value=float(cv.sum(1).mean()),
        contributions=contributions,
        level=level,
        n_boot=n_boot,
        elapsed_s=time.perf_counter() - t0,
    )


def _direct_contributions(
    model: Any, beh: Behaviour, out: Any
) -> tuple[Any, list[tuple[str, int | None, int | None]]]:
    """(K, N) per-prompt direct contributions to the answer logit and the K component names."""
    import torch

    rows, cols = beh.scored()
    final = out.cache["resid"][-1][rows, cols]  # (P, C)
    eps = model.norm.eps
    scale = torch.rsqrt(final.float().pow(2).mean(-1, keepdim=True) + eps)  # (P, 1) frozen
    tgt = beh.targets[rows, cols]
    u = model.lm_head.weight[tgt]  # (P, C)
    if beh.has_foils:
        u = u - model.lm_head.weight[beh.foils[rows, cols].clamp_min(0)]
    direction = (u * model.norm.weight).float() * scale  # (P, C): d logit / d component

    def read(x: torch.Tensor) -> torch.Tensor:  # (P, C) -> (P,)
        return (x.float() * direction).sum(-1)

    parts: list[torch.Tensor] = [read(model.embed(beh.tokens)[rows, cols])]
    names: list[tuple[str, int | None, int | None]] = [("embed", None, None)]
    H, D = model.n_heads, model.head_dim
    for i, block in enumerate(model.layers):
        y = out.cache["head_out"][i][rows, cols]  # (P, H, D)
        w = block.attn.o_proj.weight.view(-1, H, D)  # (C, H, D)
        per_head = torch.einsum("phd,chd->phc", y.float(), w.float())  # (P, H, C)
        for h in range(H):
            parts.append(read(per_head[:, h]))
            names.append((f"L{i}H{h}", i, h))
        if block.attn.o_proj.bias is not None:
            b = block.attn.o_proj.bias.expand(len(rows), -1)
            parts.append(read(b))
            names.append((f"L{i} attn bias", i, None))
        if block.mlp is not None:
            parts.append(read(out.cache["mlp_out"][i][rows, cols]))
            names.append((f"L{i} mlp", i, None))
    per_pos = torch.stack(parts)  # (K, P)
    metric = "logit_diff" if beh.has_foils else "loss"  # position weights: foil-less drop out
    return per_prompt(per_pos, beh, metric), names
