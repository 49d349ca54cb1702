"""Steering along a difference-of-means direction, and directional ablation.

The direction is `mean(resid | positive) - mean(resid | negative)` at the input of one layer and
one position (by default each prompt's last token). Steering adds `alpha * direction` to the
residual at that layer (at every position, or from a position on); an alpha sweep reports the
behaviour metric with a bootstrap interval and the side-effect KL(unsteered || steered) of the
next-token distribution on neutral prompts. Directional ablation projects the direction out of
the residual stream at every layer.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field

from copilot.errors import ProbeError
from copilot.progress import ProgressCallback, report
from copilot.tools.probing.ablation import model_name
from copilot.tools.probing.behaviours import (
    Behaviour,
    _ids,
    _tokenizer,
    check_metric,
    get_behaviour,
    iter_jsonl,
    metric_per_prompt,
    model_limits,
)
from copilot.tools.probing.results import (
    Interval,
    ProbeResult,
    bootstrap_mean,
    check_boot,
    rounding_eps,
)

if TYPE_CHECKING:
    import torch

DEFAULT_ALPHAS: tuple[float, ...] = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0)


class AlphaPoint(BaseModel):
    """The behaviour metric and the side effect at one steering strength."""

    alpha: float
    metric: Interval
    side_effect_kl: Interval = Field(description="KL(unsteered || steered) on neutral prompts")


class SteeringResult(ProbeResult):
    """A difference-of-means direction, an alpha sweep along it, and its directional ablation."""

    model: str
    behaviour: str
    metric: str
    layer: int
    position: str
    start: int | None = Field(None, description="steering from this position on (None: all)")
    n_positive: int
    n_negative: int
    direction_norm: float
    sweep: list[AlphaPoint]
    ablation: Interval | None = Field(None, description="metric with the direction projected out")
    ablation_kl: Interval | None = None
    direction: list[float] = Field(default_factory=list, description="the direction itself")

    def summary(self) -> str:
        first, last = self.sweep[0], self.sweep[-1]
        parts = [
            f"Steering {self.model} at layer {self.layer} along positive-minus-negative "
            f"(norm {self.direction_norm:.2f}, {self.n_positive}+{self.n_negative} prompts): "
            f"{self.metric} on {self.behaviour} goes from {first.metric.fmt()} at alpha "
            f"{first.alpha:g} to {last.metric.fmt()} at alpha {last.alpha:g}, side-effect KL "
            f"{last.side_effect_kl.value:.3f}."
        ]
        if self.ablation is not None:
            parts.append(
                f"Projecting the direction out at every layer: {self.metric} {self.ablation.fmt()}."
            )
        return " ".join(parts)


# ---------------------------------------------------------------------------------------------
# prompt sets
# ---------------------------------------------------------------------------------------------
def prompt_set(
    src: Any, model: Any, tokenizer: Any = None, what: str = "prompts"
) -> tuple[torch.Tensor, torch.Tensor]:
    """(N, T) right-padded tokens and (N,) lengths from a Behaviour, a tensor, a list of id lists,
    or a JSONL file whose lines have a "prompt" (token ids or text)."""
    import torch

    if isinstance(src, Behaviour):
        return src.tokens, src.lengths
    if isinstance(src, torch.Tensor):
        t = src.long()
        if t.dim() != 2 or t.shape[0] == 0 or t.shape[1] == 0:
            raise ProbeError(
                f"The {what} are empty or not a (N, T) tensor.", "give at least one prompt"
            )
        return _fit(t, torch.full((t.shape[0],), t.shape[1]), model, what)
    if isinstance(src, str | Path):
        p = Path(src).expanduser()
        seqs, tok = [], None
        rows = iter_jsonl(p, "Prompt", ("prompt",), '{"prompt": [5, 9, 0]}')
        for lineno, obj in rows:
            if isinstance(obj["prompt"], str) and tok is None:
                tok = _tokenizer(tokenizer, model, p.name, lineno)
            seqs.append(_ids(obj["prompt"], tok, p.name, lineno, "prompt", bos=True))
        src = seqs
    seqs = [list(s) for s in src]
    if not seqs:
        raise ProbeError(f"The set of {what} is empty.", "give at least one prompt")
    if any(len(s) == 0 for s in seqs):
        raise ProbeError(f"One of the {what} is empty.", "give at least one token per prompt")
    T = max(len(s) for s in seqs)
    t = torch.zeros(len(seqs), T, dtype=torch.long)
    for i, s in enumerate(seqs):
        t[i, : len(s)] = torch.tensor(s, dtype=torch.long)
    return _fit(t, torch.tensor([len(s) for s in seqs]), model, what)


def _fit(
    tokens: torch.Tensor, lengths: torch.Tensor, model: Any, what: str
) -> tuple[torch.Tensor, torch.Tensor]:
    vocab, ctx = model_limits(model)
    if tokens.shape[1] > ctx:
        raise ProbeError(
            f"Some {what} are {tokens.shape[1]} tokens long; the model's context is {ctx}.",
            "use shorter prompts",
        )
    if int(tokens.min()) < 0 or int(tokens.max()) >= vocab:
        raise ProbeError(
            f"Token ids of the {what} lie outside the vocabulary [0, {vocab}).",
            "use token ids of this model's vocabulary",
        )
    return tokens, lengths


def read_positions(lengths: torch.Tensor, position: int | str, T: int) -> torch.Tensor:
    """Per-prompt read positions: "last" = each prompt's last real token, or a fixed index
    (negative counts from each prompt's end)."""
    import torch

    if position == "last":
        return lengths - 1
    try:
        p = int(position)
    except (TypeError, ValueError):
        raise ProbeError(
            f"Unknown position {position!r}.", "use 'last' or an integer index"
        ) from None
    pos = lengths + p if p < 0 else torch.full_like(lengths, p)
    if bool((pos < 0).any()) or bool((pos >= lengths).any()):
        raise ProbeError(
            f"Position {position} is outside some prompts (lengths {int(lengths.min())}.."
            f"{int(lengths.max())}).",
            "choose a position inside every prompt",
        )
    return pos


def residuals_at(
    model: Any, tokens: torch.Tensor, positions: torch.Tensor, layers: list[int] | None = None
) -> torch.Tensor:
    """(L+1 or len(layers), N, C) residuals at each layer input at one position per prompt."""
    import torch

    with torch.no_grad():
        res = model(tokens.to(model.device), cache=("resid",)).cache["resid"]
    idx = torch.arange(tokens.shape[0], device=res[0].device)
    layers = list(range(len(res))) if layers is None else layers
    return torch.stack([res[i][idx, positions.to(res[0].device)].float() for i in layers])


def diff_of_means(
    model: Any,
    positive: Any,
    negative: Any,
    layer: int,
    position: int | str = "last",
    tokenizer: Any = None,
) -> torch.Tensor:
    """The (d_model,) difference of mean residuals (positive - negative) at `layer` input."""
    return _diff_and_scale(model, positive, negative, layer, position, tokenizer)[0]


def _diff_and_scale(
    model: Any,
    positive: Any,
    negative: Any,
    layer: int,
    position: int | str = "last",
    tokenizer: Any = None,
) -> tuple[torch.Tensor, float]:
    """The difference of means and the residuals' scale there (mean norm over both sets)."""
    import torch

    _check_layer(model, layer)
    pt, pl = prompt_set(positive, model, tokenizer, "positive prompts")
    nt, nl = prompt_set(negative, model, tokenizer, "negative prompts")
    rp = residuals_at(model, pt, read_positions(pl, position, pt.shape[1]), [layer])[0]
    rn = residuals_at(model, nt, read_positions(nl, position, nt.shape[1]), [layer])[0]
    scale = float(torch.cat([rp, rn]).norm(dim=-1).mean())
    return rp.mean(0) - rn.mean(0), scale


# A direction shorter than this share of the residuals' mean norm (or 8 rounding units of the
# model's dtype, if more) is rounding: the two sets have the same mean there.
DIRECTION_RTOL = 1e-4


def _check_direction(direction: torch.Tensor, scale: float, layer: int, dtype: Any) -> None:
    """Refuse a direction that is rounding next to the residuals it would steer."""
    norm = float(direction.norm())
    eps = rounding_eps(dtype)
    if not math.isfinite(norm) or norm <= max(DIRECTION_RTOL, 8 * eps) * scale:
        raise ProbeError(
            f"The positive and negative prompts have the same mean residual at layer {layer} "
            f"(difference norm {norm:.2g} against residual norms of {scale:.3g}), so there is "
            "no direction to steer along.",
            "use positive and negative prompts that differ in the property, or another layer",
        )


def check_alphas(alphas: Any) -> list[float]:
    """The alpha sweep as floats: at least one, every one finite."""
    try:
        out = [float(a) for a in alphas]
    except (TypeError, ValueError):
        raise ProbeError(
            f"Alphas must be numbers, got {alphas!r}.", "give numbers, e.g. 0 1 2 4"
        ) from None
    if not out:
        raise ProbeError("The alpha sweep is empty.", "give at least one alpha, e.g. 0 1 2 4")
    bad = [a for a in out if not math.isfinite(a)]
    if bad:
        raise ProbeError(
            f"Steering strength alpha must be a finite number, got {bad[0]:g}.",
            "give finite alphas, e.g. --alpha 0 --alpha 2",
        )
    return out


def _check_layer(model: Any, layer: int) -> None:
    L = int(model.config.n_layers)
    if not isinstance(layer, int) or not 0 <= layer <= L:
        raise ProbeError(
            f"Layer {layer} is out of range.",
            f"residual layers are 0..{L} (input of each layer; {L} is the final one)",
        )


def _neutral(model: Any, T: int, n: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Random-token prompts: for the built-in models every token sequence is equally 'neutral'."""
    import torch

    vocab, _ = model_limits(model)
    g = torch.Generator().manual_seed(seed + 104729)
    t = torch.randint(0, vocab, (n, T), generator=g)
    return t, torch.full((n,), T)


def _kl_per_prompt(base: torch.Tensor, new: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """(N,) mean over masked positions of KL(base || new); logits (N, T, V), mask (N, T)."""
    lb = base.float().log_softmax(-1)
    ln = new.float().log_softmax(-1)
    kl = (lb.exp() * (lb - ln)).sum(-1).clamp_min(0.0)  # (N, T)
    m = mask.to(kl.dtype)
    return (kl * m).sum(1) / m.sum(1).clamp_min(1.0)


# ---------------------------------------------------------------------------------------------
# the tool
# ---------------------------------------------------------------------------------------------
def steer(
    model: Any,
    positive: Any,
    negative: Any,
    layer: int,
    *,
    behaviour: str | Behaviour | None = None,
    metric: str | None = None,
    alphas: tuple[float, ...] | list[float] = DEFAULT_ALPHAS,
    position: int | str = "last",
    start: int | None = None,
    neutral: Any = None,
    ablate: bool = True,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
    tokenizer: Any = None,
    name: str | None = None,
    progress: ProgressCallback | None = None,
) -> SteeringResult:
    """Difference-of-means steering at `layer`: an alpha sweep with the behaviour metric and the
    side-effect KL on neutral prompts, plus directional ablation of the same direction.

    `positive`/`negative`: prompt sets (JSONL with "prompt", lists of ids, tensors, Behaviours).
    `behaviour`: what to measure (default: the negative prompts, when they are a Behaviour with
    targets). `start`: steer from this position on (None: all positions)."""
    import torch

    from copilot.tools.probing.model import Interventions, Steering

    check_boot(n_boot, level)
    alphas = check_alphas(alphas)
    _check_layer(model, layer)
    if start is not None and start < 0:
        raise ProbeError(f"start must be >= 0, got {start}.", "steer from a position index >= 0")
    if behaviour is None:
        if not isinstance(negative, Behaviour):
            raise ProbeError(
                "Steering needs a behaviour to measure.",
                "pass --behaviour NAME|FILE (prompts with targets)",
            )
        behaviour = negative
    beh = get_behaviour(behaviour, model, seed=seed, metric=metric, tokenizer=tokenizer)
    metric = check_metric(metric or beh.metric)
    if metric == "kl":
        raise ProbeError("kl is reported as the side effect already.", "choose another metric")
    direction, scale = _diff_and_scale(model, positive, negative, layer, position, tokenizer)
    _check_direction(direction, scale, layer, getattr(model, "dtype", None))
    direction = direction.to(model.device)
    n_pos = prompt_set(positive, model, tokenizer)[0].shape[0]
    n_neg = prompt_set(negative, model, tokenizer)[0].shape[0]
    if neutral is None:
        nt, nl = _neutral(model, beh.seq_len, 64, seed)
    else:
        nt, nl = prompt_set(neutral, model, tokenizer, "neutral prompts")
    dev = model.device
    beh = beh.to(dev)
    nt = nt.to(dev)
    n_mask = torch.arange(nt.shape[1], device=dev)[None, :] < nl.to(dev)[:, None]
    if start is not None:
        n_mask &= torch.arange(nt.shape[1], device=dev)[None, :] >= start
        if not bool(n_mask.any(1).all()):
            raise ProbeError(
                f"Some neutral prompts end before start={start}.", "use a smaller start"
            )
    A, N, M = len(alphas), beh.n, nt.shape[0]
    alpha_b = torch.tensor(alphas, device=dev)
    report(progress, "steering", 0, 3)
    with torch.no_grad():
        base_neutral = model(nt).logits  # (M, T, V)
        # one batch per prompt set: each copy of the prompts gets its own alpha
        st = Steering(
            layer=layer, vector=direction, alpha=alpha_b.repeat_interleave(N), start=start or 0
        )
        logits = model(beh.tokens.repeat(A, 1), Interventions(steering=[st])).logits
        vals = metric_per_prompt(logits.view(A, N, beh.seq_len, -1), beh, metric)  # (A, N)
        report(progress, "steering", 1, 3)
        stn = Steering(
            layer=layer, vector=direction, alpha=alpha_b.repeat_interleave(M), start=start or 0
        )
        nlog = model(nt.repeat(A, 1), Interventions(steering=[stn])).logits
        kls = torch.stack(
            [_kl_per_prompt(base_neutral, nlog[i * M : (i + 1) * M], n_mask) for i in range(A)]
        )  # (A, M)
        report(progress, "steering", 2, 3)
        abl = abl_kl = None
        if ablate:
            iv = Interventions(ablate_direction=direction)
            av = metric_per_prompt(model(beh.tokens, iv).logits, beh, metric)
            ak = _kl_per_prompt(base_neutral, model(nt, iv).logits, n_mask)
            abl, abl_kl = _interval(av, n_boot, seed, level), _interval(ak, n_boot, seed, level)
    report(progress, "steering", 3, 3)
    v_stats = bootstrap_mean(vals.double().cpu().numpy().T, n_boot, seed, level)
    k_stats = bootstrap_mean(kls.double().cpu().numpy().T, n_boot, seed, level)
    sweep = [
        AlphaPoint(alpha=a, metric=Interval.of(v_stats, i), side_effect_kl=Interval.of(k_stats, i))
        for i, a in enumerate(alphas)
    ]
    return SteeringResult(
        model=model_name(model, name),
        behaviour=beh.name,
        metric=metric,
        layer=layer,
        position=str(position),
        start=start,
        n_positive=n_pos,
        n_negative=n_neg,
        direction_norm=float(direction.norm()),
        sweep=sweep,
        ablation=abl,
        ablation_kl=abl_kl,
        direction=[float(x) for x in direction.cpu()],
    )


def _interval(values: torch.Tensor, n_boot: int, seed: int, level: float) -> Interval:
    return Interval.of(bootstrap_mean(values.double().cpu().numpy(), n_boot, seed, level))
