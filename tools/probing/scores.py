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
from pathlib import Path
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
    half_length: int = Field(description="half length of the repeated sequences (0: prompts)")
    prompts: str | None = Field(None, description="the prompt file, if scored on one")
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
    elapsed_s: float = 0.0

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
        on = (
            f"{self.n_prompts} prompts of {Path(self.prompts).name}"
            if self.prompts
            else f"{self.n_prompts} repeated random sequences (2 x {self.half_length})"
        )
        parts = [f"Head scores of {self.model} on {on}."]
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
    prompts: str | Path | None = None,
    tokenizer: Any = None,
    out: str | None = None,
    name: str | None = None,
    progress: ProgressCallback | None = None,
) -> HeadScores:
    """Induction, previous-token, duplicate-token and attention-sink scores of every head,
    gate statistics (gated models) and the largest residual activation per layer; on repeated
    random sequences, or on `prompts` (a JSONL file of {"prompt": text or ids}, text tokenized
    with a BOS token first)."""
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
    if prompts is not None:
        tokens, lengths = _prompt_tokens(model, prompts, tokenizer)
        n = 0
    else:
        gen = torch.Generator().manual_seed(seed)
        first = torch.rand(n_prompts, vocab, generator=gen).argsort(-1)[:, :n]  # (N, n) distinct
        tokens = torch.cat([first, first], 1)  # (N, 2n)
        lengths = torch.full((n_prompts,), 2 * n)
    tokens = tokens.to(model.device)
    N, T = tokens.shape
    valid = torch.arange(T)[None, :] < lengths[:, None]  # (N, T) real, unpadded positions
    valid = valid.to(tokens.device)
    L, H, _ = model_shape(model)
    report(progress, "head scores", 0, 2)
    with torch.no_grad():
        out_ = model(tokens, cache=("attn", "gate", "resid"))
    report(progress, "head scores", 1, 2)
    targets = score_targets(tokens, valid)  # score -> (N, T, T) bool: query x key
    eligible = {k: m.any(-1) for k, m in targets.items()}  # (N, T): queries the score reads
    for k, e in eligible.items():
        if not bool(e.any()):
            raise ProbeError(
                f"No query of these prompts has a {k.replace('_', '-')} target.",
                "give longer prompts, with repeated tokens for the induction and duplicate scores",
            )
    grids: dict[str, list] = {k: [] for k in SCORE_NAMES}
    for att in out_.cache["attn"]:  # (N, H, T, T)
        a = att.float()
        for k in SCORE_NAMES:
            mass = (a * targets[k][:, None].float()).sum(-1)  # (N, H, T): attention on targets
            e = eligible[k][:, None].float()  # (N, 1, T)
            grids[k].append((mass * e).sum(dim=(0, 2)) / e.sum(dim=(0, 2)))
    seen = torch.arange(1, T + 1, device=tokens.device).double()  # keys visible to each query
    base = {k: float((targets[k].sum(-1).double() / seen)[eligible[k]].mean()) for k in SCORE_NAMES}
    ind, prev, dup, sink = (
        grids["induction"],
        grids["previous_token"],
        grids["duplicate_token"],
        grids["attention_sink"],
    )

    def grid(xs: list) -> list[list[float]]:
        return torch.stack(xs).double().cpu().tolist()

    gate_kind = str(getattr(model.config, "gate", "none"))
    gate_mean = gate_low = None
    if gate_kind != "none" and out_.cache.get("gate"):
        gm, gl = [], []
        for g in out_.cache["gate"]:  # (N, T, H) or (N, T, H, D)
            g = g.float()[valid]  # (P, H) or (P, H, D): real positions only
            dims = (0,) if g.dim() == 2 else (0, 2)
            gm.append(g.mean(dim=dims))
            gl.append((g < GATE_LOW).float().mean(dim=dims))
        gate_mean, gate_low = grid(gm), grid(gl)
    acts = []
    for i, r in enumerate(out_.cache["resid"]):  # (N, T, C)
        a = r.float().abs() * valid[..., None]  # padding reads 0
        flat_idx = int(a.reshape(-1).argmax())
        _, pos, dim = (int(v) for v in torch.unravel_index(torch.tensor(flat_idx), a.shape))
        mx, med = float(a.max()), float(r.float().abs()[valid].median())
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
    result = HeadScores(
        model=model_name(model, name),
        n_prompts=N,
        half_length=n,
        prompts=None if prompts is None else str(prompts),
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
        elapsed_s=time.perf_counter() - t0,
    )
    result.warnings = score_warnings(result)
    if out is not None:
        from copilot.tools.probing.heatmap import png_heatmap, words

        names = list(SCORE_NAMES) + (
            ["gate_mean", "gate_below_0_1"] if gate_mean is not None else []
        )
        for s in names:
            path = fresh_path(out, f"scores_{s}", ".png")
            png_heatmap(
                result.grid(s),
                path,
                title=words(s)[0].upper() + words(s)[1:],
                cbar_label=words(s).split(" (")[0],
                baseline=result.baseline.get(s),
                value_range=(0.0, 1.0),  # shares of attention or of gate values
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


def score_targets(tokens: Any, valid: Any) -> dict[str, Any]:
    """For each attention score, the (N, T, T) query x key set whose attention it sums:
    previous token {t-1}; sink {0}; duplicate token: earlier positions with the query's token;
    induction: positions right after an earlier copy of the query's token (not the query
    itself). Queries and keys are real positions only; a query with an empty set is not read."""
    import torch

    N, T = tokens.shape
    q = torch.arange(T, device=tokens.device)
    before = q[None, :] < q[:, None]  # (T, T): key strictly before query
    pair = valid[:, :, None] & valid[:, None, :]  # (N, T, T)
    same = tokens[:, :, None] == tokens[:, None, :]  # (N, T, T): tok[q] == tok[k]
    prev = (q[None, :] == q[:, None] - 1).expand(N, T, T)
    sink = ((q[None, :] == 0) & (q[:, None] >= 1)).expand(N, T, T)
    dup = same & before
    # key k follows an earlier copy of the query's token: tok[k - 1] == tok[q], 1 <= k < q
    shifted = torch.zeros_like(same)
    shifted[:, :, 1:] = same[:, :, :-1]
    ind = shifted & before
    return {
        "induction": ind & pair,
        "previous_token": prev & pair,
        "duplicate_token": dup & pair,
        "attention_sink": sink & pair,
    }


def _prompt_tokens(model: Any, prompts: str | Path, tokenizer: Any) -> tuple[Any, Any]:
    """(N, T) right-padded token ids and (N,) lengths of a JSONL prompt file; text gets BOS."""
    import torch

    from copilot.tools.probing.behaviours import _ids, _tokenizer, iter_jsonl

    p = Path(prompts).expanduser()
    _, ctx = model_limits(model)
    vocab, _ = model_limits(model)
    seqs, tok = [], None
    for lineno, obj in iter_jsonl(p, "Prompts", ("prompt",), '{"prompt": "def f(x):"}'):
        if isinstance(obj["prompt"], str) and tok is None:
            tok = _tokenizer(tokenizer, model, p.name, lineno)
        ids = _ids(obj["prompt"], tok, p.name, lineno, "prompt", bos=True)[:ctx]
        if min(ids) < 0 or max(ids) >= vocab:
            raise ProbeError(
                f"{p.name} line {lineno}: token ids outside the vocabulary [0, {vocab}).",
                "use this model's token ids, or text",
            )
        if len(ids) < 2:
            raise ProbeError(
                f"{p.name} line {lineno}: a prompt needs at least 2 tokens.", "give longer text"
            )
        seqs.append(ids)
    if not seqs:
        raise ProbeError(f"Prompt file {p} has no prompts.", "add one JSON object per line")
    T = max(len(x) for x in seqs)
    tokens = torch.zeros(len(seqs), T, dtype=torch.long)
    for i, x in enumerate(seqs):
        tokens[i, : len(x)] = torch.tensor(x)
    return tokens, torch.tensor([len(x) for x in seqs])
