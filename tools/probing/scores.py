"""Head scores: what each attention head does, read off its attention pattern and gate.

All scores come from one forward pass over repeated random sequences `x1..xn x1..xn`:

- induction (prefix matching): mean attention from a second-half token to the token *after*
  its earlier copy (offset n - 1 back); an induction head puts its mass there.
- previous token: mean attention from every position t >= 1 to t - 1.
- duplicate token: mean attention from a second-half token to its earlier copy (offset n).
- attention sink: mean attention to the first position, over queries t >= 1.
- gates (gated models): mean gate value and share of gate values below 0.1, per layer and head.
- massive activations: the largest |value| in the residual stream at each layer input (and the
  final residual), next to the median |value| for scale.

Every attention score carries its uniform baseline (`baseline[score]`): the value a head that
spreads its attention evenly over the keys it can see gets, 1 / (t + 1) at query t, averaged
over the same queries. Early queries see few keys, so the baselines are not small: at 2 x 16
tokens the sink baseline is 0.099. A score means something only next to its baseline.
"""

from __future__ import annotations

import time
from typing import Any

from pydantic import BaseModel, Field

from copilot.errors import ProbeError
from copilot.progress import ProgressCallback, report
from copilot.tools.probing.ablation import model_name, model_shape
from copilot.tools.probing.behaviours import model_limits
from copilot.tools.probing.results import ProbeResult, fresh_path

SCORE_NAMES: tuple[str, ...] = ("induction", "previous_token", "duplicate_token", "attention_sink")
GATE_LOW = 0.1
# a head is said to do what a score measures only above this multiple of the uniform baseline
CLEAR_OF_UNIFORM = 2.0


def uniform_baselines(half_length: int) -> dict[str, float]:
    """Each attention score of uniform causal attention on 2 x `half_length` tokens: query t sees
    t + 1 keys, so it gives 1 / (t + 1) to any one of them; averaged over the score's queries."""
    n, T = half_length, 2 * half_length

    def mean_inv(queries: range) -> float:
        return sum(1.0 / (t + 1) for t in queries) / len(queries)

    second_half, all_but_first = range(n, T), range(1, T)
    return {
        "induction": mean_inv(second_half),
        "previous_token": mean_inv(all_but_first),
        "duplicate_token": mean_inv(second_half),
        "attention_sink": mean_inv(all_but_first),
    }


class LayerActivation(BaseModel):
    """Residual-stream magnitude at one layer input (index n_layers: the final residual)."""

    layer: int
    max_abs: float
    median_abs: float
    ratio: float = Field(description="max / median: large values flag massive activations")
    position: int
    dim: int


class HeadScores(ProbeResult):
    """Per-head scores (layer x head grids) and per-layer activation magnitudes."""

    model: str
    n_prompts: int
    half_length: int
    n_layers: int
    n_heads: int
    induction: list[list[float]]
    previous_token: list[list[float]]
    duplicate_token: list[list[float]]
    attention_sink: list[list[float]]
    gate_kind: str
    gate_mean: list[list[float]] | None = None
    gate_below_0_1: list[list[float]] | None = Field(None, description="share of gate values < 0.1")
    activations: list[LayerActivation] = Field(default_factory=list)
    baseline: dict[str, float] = Field(
        default_factory=dict,
        description="each attention score of uniform attention over the visible keys",
    )
    warnings: list[str] = Field(default_factory=list)
    seconds: float = 0.0

    def top(self, score: str = "induction", k: int = 3) -> list[tuple[int, int, float]]:
        """The k heads with the highest `score`, as (layer, head, value)."""
        grid = self.grid(score)
        flat = [(i, j, v) for i, row in enumerate(grid) for j, v in enumerate(row)]
        return sorted(flat, key=lambda t: -t[2])[:k]

    def grid(self, score: str) -> list[list[float]]:
        names = SCORE_NAMES + ("gate_mean", "gate_below_0_1")
        if score not in names:
            raise ProbeError(f"Unknown head score {score!r}.", f"choose one of: {', '.join(names)}")
        g = getattr(self, score)
        if g is None:
            raise ProbeError(
                f"The model has no attention gate, so there is no {score!r}.",
                "gate statistics need a gated model",
            )
        return g

    def text_heatmap(self, score: str = "induction") -> str:
        from copilot.tools.probing.heatmap import text_heatmap

        return text_heatmap(
            self.grid(score), title=f"{score} score", baseline=self.baseline.get(score)
        )

    def summary(self) -> str:
        parts = [
            f"Head scores of {self.model} on {self.n_prompts} repeated random sequences "
            f"(2 x {self.half_length})."
        ]
        for s in SCORE_NAMES:
            top = ", ".join(f"L{a}H{b} {v:.2f}" for a, b, v in self.top(s, 2))
            base = self.baseline.get(s)
            vs = "" if base is None else f" (uniform attention: {base:.2f})"
            parts.append(f"Top {s.replace('_', '-')}: {top}{vs}.")
        if self.gate_mean is not None:
            flat = [v for row in self.gate_mean for v in row]
            low = [v for row in self.gate_below_0_1 for v in row]
            parts.append(
                f"Gate mean {sum(flat) / len(flat):.2f} (heads {min(flat):.2f}..{max(flat):.2f}); "
                f"share below {GATE_LOW}: up to {max(low):.0%}."
            )
        if self.activations:
            big = max(self.activations, key=lambda a: a.ratio)
            parts.append(
                f"Largest residual |value| {big.max_abs:.1f} at layer {big.layer} "
                f"({big.ratio:.0f}x the median)."
            )
        parts.extend(f"Warning: {w}" for w in self.warnings)
        return " ".join(parts)


def head_scores(
    model: Any,
    *,
    n_prompts: int = 64,
    half_length: int | None = None,
    seed: int = 0,
    out: str | None = None,
    name: str | None = None,
    progress: ProgressCallback | None = None,
) -> HeadScores:
    """Induction, previous-token, duplicate-token and attention-sink scores of every head,
    gate statistics (gated models) and the largest residual activation per layer."""
    import torch

    t0 = time.perf_counter()
    if n_prompts < 1:
        raise ProbeError(f"n_prompts must be at least 1, got {n_prompts}.", "use e.g. 64")
    vocab, ctx = model_limits(model)
    longest = min(ctx // 2, vocab)  # 2 x n tokens in the context, n distinct ids
    if longest < 2:
        raise ProbeError(
            f"The model's context ({ctx}) or vocabulary ({vocab}) is too small for head scores.",
            "head scores need a context of at least 4 tokens and 2 token ids",
        )
    if half_length is None:
        # the model's task length, within what the model allows
        meta = getattr(model.config, "meta", None) or {}
        n = min(int(meta.get("task_length") or 16), longest)
    else:
        n = int(half_length)
        if n < 2:
            raise ProbeError(
                f"The half length must be at least 2, got {n}.",
                f"use e.g. --length {min(16, longest)} (at most {longest} for this model)",
            )
        if n > longest:
            why = (
                f"2 x {n} tokens exceed the model's context of {ctx}"
                if 2 * n > ctx
                else f"the vocabulary has only {vocab} distinct tokens"
            )
            raise ProbeError(
                f"The half length {n} is too long for this model: {why}.",
                f"use --length {longest} or less",
            )
    gen = torch.Generator().manual_seed(seed)
    first = torch.rand(n_prompts, vocab, generator=gen).argsort(-1)[:, :n]  # (N, n) distinct ids
    tokens = torch.cat([first, first], 1).to(model.device)  # (N, 2n)
    L, H, _ = model_shape(model)
    report(progress, "head scores", 0, 2)
    with torch.no_grad():
        out_ = model(tokens, cache=("attn", "gate", "resid"))
    report(progress, "head scores", 1, 2)
    T = 2 * n
    q2 = torch.arange(n, T, device=tokens.device)  # second-half queries
    q1 = torch.arange(1, T, device=tokens.device)
    ind, prev, dup, sink = [], [], [], []
    for att in out_.cache["attn"]:  # (N, H, T, T)
        a = att.float()
        ind.append(a[:, :, q2, q2 - n + 1].mean(dim=(0, 2)))
        dup.append(a[:, :, q2, q2 - n].mean(dim=(0, 2)))
        prev.append(a[:, :, q1, q1 - 1].mean(dim=(0, 2)))
        sink.append(a[:, :, q1, 0].mean(dim=(0, 2)))

    def grid(xs: list) -> list[list[float]]:
        return torch.stack(xs).double().cpu().tolist()

    gate_kind = str(getattr(model.config, "gate", "none"))
    gate_mean = gate_low = None
    if gate_kind != "none" and out_.cache.get("gate"):
        gm, gl = [], []
        for g in out_.cache["gate"]:  # (N, T, H) or (N, T, H, D)
            g = g.float()
            dims = (0, 1) if g.dim() == 3 else (0, 1, 3)
            gm.append(g.mean(dim=dims))
            gl.append((g < GATE_LOW).float().mean(dim=dims))
        gate_mean, gate_low = grid(gm), grid(gl)
    acts = []
    for i, r in enumerate(out_.cache["resid"]):  # (N, T, C)
        a = r.float().abs()
        flat_idx = int(a.reshape(-1).argmax())
        _, pos, dim = (int(v) for v in torch.unravel_index(torch.tensor(flat_idx), a.shape))
        mx, med = float(a.max()), float(a.median())
        acts.append(
            LayerActivation(
                layer=i,
                max_abs=mx,
                median_abs=med,
                ratio=mx / med if med > 0 else float("inf"),
                position=pos,
                dim=dim,
            )
        )
    report(progress, "head scores", 2, 2)
    base = uniform_baselines(n)
    result = HeadScores(
        model=model_name(model, name),
        n_prompts=n_prompts,
        half_length=n,
        n_layers=L,
        n_heads=H,
        induction=grid(ind),
        previous_token=grid(prev),
        duplicate_token=grid(dup),
        attention_sink=grid(sink),
        gate_kind=gate_kind,
        gate_mean=gate_mean,
        gate_below_0_1=gate_low,
        activations=acts,
        baseline=base,
        seconds=time.perf_counter() - t0,
    )
    result.warnings = score_warnings(result)
    if out is not None:
        from copilot.tools.probing.heatmap import png_heatmap

        names = list(SCORE_NAMES) + (
            ["gate_mean", "gate_below_0_1"] if gate_mean is not None else []
        )
        for s in names:
            path = fresh_path(out, f"scores_{s}", ".png")
            png_heatmap(
                result.grid(s),
                path,
                title=f"{s.replace('_', ' ')} score",
                cbar_label=s,
                baseline=result.baseline.get(s),
            )
            result.artifacts.append(str(path))
    return result


def score_warnings(scores: HeadScores) -> list[str]:
    """One line per attention score on which no head clears CLEAR_OF_UNIFORM x its baseline."""
    out = []
    for s in SCORE_NAMES:
        base = scores.baseline.get(s)
        if not base:
            continue
        _, _, best = scores.top(s, 1)[0]
        if best < CLEAR_OF_UNIFORM * base:
            out.append(
                f"no head's {s.replace('_', '-')} score ({best:.3f} at most) reaches "
                f"{CLEAR_OF_UNIFORM:g}x what uniform attention gives ({base:.3f})."
            )
    return out
