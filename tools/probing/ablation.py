"""Head ablation: which attention heads a behaviour depends on, with bootstrap intervals.

Methods (what an ablated head's output before `o_proj` is replaced with):

- `zero`: zeros.
- `mean`: its mean over a reference set of prompts (per position when the reference prompts are
  as long as the behaviour's, else over positions too).
- `resample`: its output on another prompt of the reference set (a derangement of the prompts).
- `gate`: for gated models, the head's attention output gate is clamped to `gate_value`.

The all-heads sweep is batched: many ablation masks share one forward pass, chunked to fit a
memory budget. On the built-in `GatedTransformer` it starts from one clean pass. Ablating heads
of layer l changes nothing before l's `o_proj`, and after it the residual by an exact delta,
(replacement - output) through those heads' columns of `o_proj`. For heads of the last layer
only the final norm and unembedding at the scored positions remain; for earlier layers the
later layers are recomputed (the next one from a rank-`head_dim` update of its clean
projections when no MLP comes between, the last one only for queries at scored positions, in
cache-sized blocks of prompts on a CPU). The engine keeps query and key rows with each rotary
pair side by side, so that rotating a head is one complex multiplication, folds norm weights
into the projections, and caches these derived weights per model while the parameters are
unchanged. Results equal the one-forward-per-head loop (`ablate_loop`) to float32 rounding;
tests check 1e-5.

The effect of an ablation is `metric(ablated) - metric(clean)`, averaged over prompts, with a
percentile bootstrap interval over prompts. "Harm" orders heads: the largest loss increase (or
logit-difference / probability / accuracy drop) first.

Attribution patching (`attribution_screen`) estimates every head's effect from one forward and
one backward pass, `(replacement - output) . d metric / d output`, then verifies the top k by
real ablation and reports how well the two rankings agree.
"""

from __future__ import annotations

import math
import time
import weakref
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from copilot.errors import ProbeError
from copilot.progress import ProgressCallback, report
from copilot.tools.probing.behaviours import (
    HIGHER_IS_BETTER,
    Behaviour,
    chance_level,
    chance_warning,
    check_fits,
    check_metric,
    get_behaviour,
    headline_warnings,
    interval_warning,
    model_limits,
    per_prompt,
    position_values,
    position_weights,
    reference_logprobs,
    scored_logits,
)
from copilot.tools.probing.results import (
    ProbeResult,
    bootstrap_mean,
    check_boot,
    fmt_interval,
    fresh_path,
)

if TYPE_CHECKING:
    import torch

Method = Literal["zero", "mean", "resample", "gate"]
METHODS: tuple[str, ...] = ("zero", "mean", "resample", "gate")
#: Sweep engines: "cpu" (cache-sized blocks, low-rank updates), "dense" (sets x prompts in the
#: batch dimension, `dense_sweep`), "auto" (cpu for float32 on a CPU, else dense).
ENGINES: tuple[str, ...] = ("auto", "cpu", "dense")
Head = tuple[int, int]

# Activation memory one sweep chunk may hold (float32 estimate); the chunk size follows from it.
DEFAULT_MEMORY_MB = {"cpu": 256, "cuda": 4096, "mps": 1024}
# On a CPU the recomputed layers run in blocks of prompts (rows = sets x prompts x positions):
# small enough for the activations to stay in cache, large enough that the fixed cost of the
# many small ops per block does not dominate (4096 measured best on the demo model, 1 thread).
CPU_BLOCK_ROWS = 4096
# Most gradient steps per layer path in attribution patching
MAX_STEPS = 64


# ---------------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------------
class HeadEffect(BaseModel):
    """The effect of ablating one head: metric change with its bootstrap interval."""

    layer: int
    head: int
    effect: float = Field(description="metric(ablated) - metric(clean), mean over prompts")
    ci: tuple[float, float] = Field(
        description="bootstrap interval of the effect (NaN, null in JSON: no interval)"
    )
    ablated: float = Field(description="metric with the head ablated")


class HeadSetEffect(BaseModel):
    """The effect of ablating a set of heads together."""

    heads: list[tuple[int, int]]
    effect: float
    ci: tuple[float, float]
    ablated: float


class HeadAblationResult(ProbeResult):
    """Per-head (and per-set) ablation effects on a behaviour's metric."""

    model: str
    behaviour: str
    metric: str
    method: str
    higher_is_better: bool
    n_prompts: int
    n_layers: int
    n_heads: int
    baseline: float = Field(description="metric of the unablated model")
    baseline_ci: tuple[float, float]
    heads: list[HeadEffect] = Field(description="sorted by harm: the most damaging ablation first")
    sets: list[HeadSetEffect] = Field(default_factory=list)
    chance: float | None = Field(None, description="the metric of uniform guessing")
    warnings: list[str] = Field(default_factory=list)
    level: float = 0.95
    n_boot: int = 1000
    elapsed_s: float = 0.0

    def harm(self, effect: float) -> float:
        """How much an effect hurts the behaviour (positive = worse)."""
        return -effect if self.higher_is_better else effect

    def grid(self) -> list[list[float]]:
        """Layer x head effects (NaN for heads not swept)."""
        g = [[math.nan] * self.n_heads for _ in range(self.n_layers)]
        for h in self.heads:
            g[h.layer][h.head] = h.effect
        return g

    def table(self, k: int | None = 10) -> str:
        """A ranked plain-text table of the k most damaging heads."""
        rows = self.heads if k is None else self.heads[:k]
        lines = [
            f"{'rank':>4}  {'layer':>5}  {'head':>4}  {'effect':>9}  {'interval':>21}  "
            f"{'ablated':>8}"
        ]
        for i, h in enumerate(rows, 1):
            lines.append(
                f"{i:>4}  {h.layer:>5}  {h.head:>4}  {h.effect:>+9.4f}  "
                f"{fmt_interval(h.ci[0], h.ci[1], '>+8.4f'):>21}  {h.ablated:>8.4f}"
            )
        return "\n".join(lines)

    def text_heatmap(self) -> str:
        from copilot.tools.probing.heatmap import text_heatmap

        return text_heatmap(self.grid(), title=f"{self.method}-ablation effect on {self.metric}")

    def summary(self) -> str:
        lvl = int(round(self.level * 100))
        lines = [
            f"{self.method} ablation of {len(self.heads)} heads of {self.model} on "
            f"{self.behaviour} ({self.n_prompts} prompts): baseline {self.metric} = "
            f"{self.baseline:.4f}"
            + ("." if self.chance is None else f" (chance {self.chance:.4f}).")
        ]
        none = self.n_boot == 0 or self.n_prompts < 2
        if self.heads:
            top = ", ".join(
                f"L{h.layer}H{h.head} {h.effect:+.3f}" + ("" if none else f" {fmt_interval(*h.ci)}")
                for h in self.heads[:3]
            )
            ci = "" if none else f", {lvl}% CI"
            lines.append(f"Most damaging (effect on {self.metric}{ci}): {top}.")
        for s in self.sets[:3]:
            names = "+".join(f"L{a}H{b}" for a, b in s.heads)
            lines.append(
                f"Set {names}: {s.effect:+.3f}" + ("" if none else f" {fmt_interval(*s.ci)}") + "."
            )
        if none:
            why = "n_boot is 0" if self.n_boot == 0 else "a single prompt has no spread"
            lines.append(f"No intervals: {why}.")
        lines.extend(f"Warning: {w}." for w in self.warnings)
        return " ".join(lines)


class AttributionResult(ProbeResult):
    """Attribution-patching estimates of every head's effect, the top k checked by ablation."""

    model: str
    behaviour: str
    metric: str
    method: str
    baseline: float
    estimates: list[HeadEffect] = Field(description="estimated effect of every head, by harm")
    verified: list[HeadEffect] = Field(description="real ablation of the top-k estimated heads")
    top_k: int
    steps: int = Field(1, description="gradient steps per layer path (1: plain attribution)")
    spearman: float | None = Field(None, description="rank correlation estimate vs real, top k")
    sign_agreement: float = Field(description="share of the top k whose estimate has the real sign")
    elapsed_estimate_s: float = 0.0
    elapsed_verify_s: float = 0.0
    verified_by: str = Field("ablation", description="'ablation', or 'patching' for probe patch")

    def summary(self) -> str:
        rho = "n/a" if self.spearman is None else f"{self.spearman:+.2f}"
        top = ", ".join(
            f"L{h.layer}H{h.head} est {e.effect:+.3f} / real {h.effect:+.3f}"
            for e, h in zip(self.estimates[: self.top_k], self.verified, strict=False)
        )
        how = "" if self.steps == 1 else f", {self.steps} steps per layer"
        return (
            f"Attribution patching ({self.method}{how}) on {self.behaviour}, {self.metric}: "
            f"top {self.top_k} verified by {self.verified_by}, Spearman {rho}, sign agreement "
            f"{self.sign_agreement:.0%}. {top}."
        )


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def model_name(model: Any, name: str | None = None) -> str:
    if name:
        return str(name)
    meta = getattr(getattr(model, "config", None), "meta", None) or {}
    for key in ("name", "path", "source"):
        if meta.get(key):
            return str(meta[key])
    path = getattr(model, "path", None) or getattr(model, "source_path", None)
    return str(path) if path else type(model).__name__


def model_shape(model: Any) -> tuple[int, int, int]:
    cfg = model.config
    return int(cfg.n_layers), int(cfg.n_heads), int(cfg.head_dim)


def check_heads(model: Any, heads: Iterable[Sequence[int]], what: str = "head") -> list[Head]:
    """Validate (layer, head) pairs against the model; ProbeError names the bad one."""
    L, H, _ = model_shape(model)
    out: list[Head] = []
    for item in heads:
        try:
            layer, head = (int(item[0]), int(item[1]))
            if len(item) != 2:
                raise ValueError
        except (TypeError, ValueError, IndexError):
            raise ProbeError(
                f"A {what} must be a (layer, head) pair; got {item!r}.",
                "write heads as layer.head, e.g. 1.3",
            ) from None
        if not 0 <= layer < L:
            raise ProbeError(
                f"Layer {layer} is out of range.", f"the model has {L} layers, numbered 0..{L - 1}"
            )
        if not 0 <= head < H:
            raise ProbeError(
                f"Head {head} is out of range.",
                f"the model has {H} heads per layer, numbered 0..{H - 1}",
            )
        out.append((layer, head))
    return out


def _check_no_repeats(singles: Sequence[Head], sets: Sequence[Sequence[Head]]) -> None:
    """A head named twice would be ablated (and reported) twice, a set naming a head twice
    would be reported under a name it does not measure: refuse both, and repeated sets."""

    def name(hs: Iterable[Head]) -> str:
        return "+".join(f"L{a}H{b}" for a, b in hs)

    seen: set[Head] = set()
    for h in singles:
        if h in seen:
            raise ProbeError(
                f"Head {name([h])} is named twice among the heads to ablate.",
                "name each head once",
            )
        seen.add(h)
    seen_sets: set[frozenset[Head]] = set()
    for s in sets:
        if len(set(s)) != len(s):
            twice = next(h for h in s if list(s).count(h) > 1)
            raise ProbeError(
                f"Head set {name(s)} names {name([twice])} twice.",
                "name each head of a set once, e.g. --set 1.0+1.1",
            )
        key = frozenset(s)
        if key in seen_sets:
            raise ProbeError(f"Head set {name(s)} is given twice.", "give each set once")
        seen_sets.add(key)


def all_heads(model: Any) -> list[Head]:
    """Every (layer, head) with attention heads (adapted models may have layers without)."""
    L, H, _ = model_shape(model)
    layers = getattr(model, "attention_layers", None) or range(L)
    return [(layer, h) for layer in layers for h in range(H)]


def _check_method(method: str, model: Any) -> None:
    if method not in METHODS:
        raise ProbeError(
            f"Unknown ablation method {method!r}.", f"choose one of: {', '.join(METHODS)}"
        )
    if method == "gate" and getattr(model.config, "gate", "none") == "none":
        raise ProbeError(
            "Gate clamping needs a gated model; this model has no attention gate.",
            "use --ablation zero, mean or resample",
        )


def _is_native(model: Any) -> bool:
    from copilot.tools.probing.model import GatedTransformer

    return isinstance(model, GatedTransformer)


def _interleave(D: int) -> list[int]:
    """Order of a head's D query/key rows that puts each rotary pair (i, i + D/2) side by side,
    so that rotating a head is one complex multiplication. A dot product is unchanged when both
    of its vectors are permuted alike, and RMS norms are unchanged by any permutation."""
    h = D // 2
    return [j for i in range(h) for j in (i, i + h)]


def _norm_rope(
    x: torch.Tensor, weight: torch.Tensor | None, eps: float, rot: torch.Tensor
) -> torch.Tensor:
    """RMS-normed (when `weight` is given) and rotated heads: x (B, T, n, D) in the interleaved
    row order (may be a strided view), `rot` (T, n, D/2) the complex rotations, expanded over
    the heads so that only the leading dimension broadcasts. Returns (B, n, T, D), contiguous.

    Broadcasting a (T, 1, D) table or slicing the halves of 16-wide heads leaves element-wise
    kernels an inner loop of 8 or 16 elements; these forms keep it at T * n * D."""
    import torch

    B, T, n, D = x.shape
    if weight is not None:
        x = x * _rms_scale(x, eps)
        x.mul_(weight)
    else:
        x = x.contiguous()
    if rot.is_complex():
        # the product written straight into the head-major layout: no separate transpose
        out = torch.empty(B, n, T, D // 2, dtype=rot.dtype, device=x.device)
        torch.mul(torch.view_as_complex(x.view(B, T, n, D // 2, 2)), rot, out=out.transpose(1, 2))
        return torch.view_as_real(out).view(B, n, T, D)
    # half precision has no complex type: (cos, sin) stacked on the last axis
    c, s = rot[..., 0], rot[..., 1]
    xe, xo = x[..., 0::2], x[..., 1::2]
    out = torch.empty_like(x)
    out[..., 0::2] = xe * c - xo * s
    out[..., 1::2] = xo * c + xe * s
    return out.transpose(1, 2).contiguous()


def _rot_table(cos: torch.Tensor, sin: torch.Tensor, n: int) -> torch.Tensor:
    """The rotary rotations of the model's (T, D) cos/sin tables (whose halves repeat) as
    (T, n, D/2) complex numbers, or (T, n, D/2, 2) real pairs in half precision."""
    import torch

    h = cos.shape[-1] // 2
    c, s = cos[:, :h], sin[:, :h]
    t = (
        torch.complex(c, s)
        if c.dtype in (torch.float32, torch.float64)
        else torch.stack((c, s), -1)
    )
    return t.unsqueeze(1).expand(t.shape[0], n, *t.shape[1:]).contiguous()


# per model: weights the engine derives from the model's own (fused, permuted, folded), kept
# while the parameters they come from are unchanged (same storage, no in-place update)
_DERIVED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _derived(model: Any, key: Any, params: Sequence[Any], build: Any) -> Any:
    """`build()` once per model and key, again when one of `params` is replaced or edited."""
    stamp = tuple((p.data_ptr(), p._version, p.dtype) for p in params)
    store = _DERIVED.setdefault(model, {})
    got = store.get(key)
    if got is None or got[0] != stamp:
        import torch

        with torch.no_grad():
            got = store[key] = (stamp, build())
    return got[1]


def _padded(n: int, cap: int, multiple: int = 8) -> int:
    """n rounded up to a multiple of `multiple`, at most `cap`."""
    return min(cap, -(-n // multiple) * multiple)


def _rms_scale(x: torch.Tensor, eps: float) -> torch.Tensor:
    """1 / rms(x) over the last axis, (..., 1), computed in float32 as the model's RMSNorm."""
    import torch

    C = x.shape[-1]
    r = torch.linalg.vector_norm(x, dim=-1, keepdim=True, dtype=torch.float32)
    r = torch.rsqrt(r.square_().div_(C).add_(eps))
    return r if r.dtype == x.dtype else r.to(x.dtype)


def check_steps(steps: Any) -> None:
    """Gradient steps of attribution patching: a whole number from 1 to MAX_STEPS."""
    if isinstance(steps, bool) or not isinstance(steps, int) or not 1 <= steps <= MAX_STEPS:
        raise ProbeError(
            f"Attribution steps must be a whole number from 1 to {MAX_STEPS}, got {steps!r}.",
            "use 1 for plain attribution patching, or e.g. 8 to integrate along each layer",
        )


def _derangement(n: int, gen: torch.Generator) -> torch.Tensor:
    """A random permutation with no fixed point (identity when n == 1)."""
    import torch

    if n < 2:
        return torch.zeros(n, dtype=torch.long)
    perm = torch.randperm(n, generator=gen)
    out = torch.empty(n, dtype=torch.long)
    out[perm] = perm.roll(-1)  # each prompt takes the next one in a random cycle
    return out


# ---------------------------------------------------------------------------------------------
# the engine
# ---------------------------------------------------------------------------------------------
class HeadAblator:
    """Clean run of a behaviour plus the replacements of one ablation method; evaluates the
    metric per prompt for any list of head sets, batched and chunked."""

    def __init__(
        self,
        model: Any,
        behaviour: Behaviour,
        metric: str,
        method: str = "zero",
        reference: Behaviour | None = None,
        gate_value: float = 0.0,
        seed: int = 0,
        memory_mb: float | None = None,
        fast: bool | None = None,
        replacement: Any = None,
        engine: str = "auto",
    ):
        import torch

        check_metric(metric)
        if engine not in ENGINES:
            raise ProbeError(f"Unknown sweep engine {engine!r}.", f"use {', '.join(ENGINES)}")
        _check_method(method, model)
        if not 0.0 <= gate_value <= 1.0:
            raise ProbeError(f"gate_value must be in [0, 1], got {gate_value}.", "use e.g. 0.0")
        self.model, self.metric, self.method, self.gate_value = model, metric, method, gate_value
        self.L, self.H, self.D = model_shape(model)
        self.device = getattr(model, "device", torch.device("cpu"))
        self.beh = check_fits(behaviour, model).to(self.device)
        self.N, self.T = self.beh.n, self.beh.seq_len
        self.memory_mb = memory_mb or DEFAULT_MEMORY_MB.get(self.device.type, 1024)
        self.memory_mb_given = memory_mb
        native = _is_native(model)
        self.fast = native if fast is None else bool(fast) and native
        if engine == "auto":
            dtype = getattr(model, "dtype", torch.float32)
            cpu32 = self.device.type == "cpu" and dtype == torch.float32
            engine = "cpu" if cpu32 else "dense"
        self.engine = engine
        rows, cols = self.beh.scored()
        self.rows, self.cols = rows, cols
        # causal model: positions after the last scored one never change a scored prediction
        # (rounded up to a multiple of 8 within the prompts: rows of attention scores of such
        # lengths vectorise fully, which outweighs the few extra keys)
        self.T_eff = _padded(int(cols.max()) + 1, self.T)
        if engine == "dense":
            from copilot.tools.probing.dense_sweep import check_dense_fits

            check_dense_fits(self)  # before the clean pass takes its share
        self._clean_logits = None
        # the last layer's clean outputs are needed at every position only where they are the
        # replacement (mean or resample over the behaviour's own prompts)
        self._own_ref = method in ("mean", "resample") and reference is None and replacement is None
        self._last_q: torch.Tensor | None = None
        self._qcols = cols
        with torch.no_grad():
            if native:
                sel = self._clean_native()  # (P, V): logits at the scored positions only
            else:
                out = model(self.beh.tokens, cache=("head_out", "resid"))
                self._clean_logits = out.logits
                # L x (N, T, H, D); None for layers without attention heads (adapted models)
                self.head_out = [None if t is None else t.detach() for t in out.cache["head_out"]]
                self.resid = [t.detach() for t in out.cache["resid"]]  # L+1 x (N, T, C)
                sel = scored_logits(out.logits, self.beh)
        self.ref_lp = sel.float().log_softmax(-1) if metric == "kl" else None
        self.base = self._metric(sel.unsqueeze(0))[0]  # (N,)
        # an explicit replacement (a list of L (N, T, H, D) tensors) is how activation patching
        # puts clean head outputs into corrupted runs
        self.replacement = (
            replacement if replacement is not None else self._replacement(reference, seed)
        )

    def _clean_native(self) -> torch.Tensor:
        """The clean forward of a built-in model, keeping what the fast sweep starts from;
        returns the logits at the scored positions."""
        import torch

        model, tok = self.model, self.beh.tokens
        N, T = tok.shape
        H, D, L = self.H, self.D, self.L
        K = model.layers[0].attn.n_kv

        def rot() -> dict[int, torch.Tensor]:
            cos, sin = model.rotary(T, tok.device, model.dtype)
            return {n: _rot_table(cos, sin, n) for n in {H, K}}

        # (T, n, D/2) rotations per head count
        key = ("rot", T, model.dtype, str(tok.device))
        self._rot = _derived(model, key, [model.rotary.inv_freq], rot)
        self._w: dict[Any, Any] = {}
        self._blk: dict[tuple[int, int], Any] = {}
        # scored positions are sorted by prompt: those of prompts [n0, n1) are one slice
        self._pstart = torch.searchsorted(
            self.rows, torch.arange(N + 1, device=self.rows.device)
        ).tolist()
        # per layer: input, head output, pre-gate output, projections, residual after attention
        keep: list[list[list[torch.Tensor]]] = [[[] for _ in range(L)] for _ in range(6)]
        final = []
        clamp, low = self.method == "gate", bool(model.config.attn_only)
        # the last layer only at the scored positions Q (stored as (N, |Q|, ...); `_qcols` maps
        # each scored position to its index in Q)
        q_last, q_bias = None, None
        if not self._own_ref:
            q_all = torch.unique(self.cols)
            if len(q_all) < T:
                q_last = self._last_q = q_all
                self._qcols = torch.searchsorted(q_all, self.cols)
                causal = torch.arange(T, device=q_all.device)[None, :] <= q_all[:, None]
                q_bias = torch.zeros(causal.shape, dtype=model.dtype, device=q_all.device)
                q_bias = q_bias.masked_fill(~causal, float("-inf"))
        # on a CPU one block: what the pass keeps covers all prompts anyway, and joining the
        # blocks' parts afterwards cost more than their cache locality saved
        b = N if self.device.type == "cpu" else self._block_prompts(1, T, cache_sized=False)
        for n0 in range(0, N, b):
            x = model.embed(tok[n0 : n0 + b])
            nb = x.shape[0]
            for li, blk in enumerate(model.layers):
                q_at = q_last if li == L - 1 else None
                a, g, (kv, qg) = self._attend(li, x, q_at, None, q_bias)
                y = a if g is None else a * g
                xq = x if q_at is None else x[:, q_at]
                mid = xq + blk.attn.o_proj(y.reshape(nb, y.shape[1], H * D))
                # pre-gate outputs serve gate clamping only, projections the low-rank update
                for i, t in enumerate((x, y, a if clamp else None, kv, qg, mid)):
                    keep[i][li].append(t if (i not in (3, 4) or low) else None)
                x = mid if blk.mlp is None else mid + blk.mlp(blk.mlp_norm(mid))
            final.append(x)

        def cat(parts: list[Any]) -> Any:
            if len(parts) == 1 or parts[0] is None:
                return parts[0]
            if isinstance(parts[0], tuple):  # projections: join each part
                return tuple(cat(list(p)) for p in zip(*parts, strict=True))
            return torch.cat(parts)

        resid, self.head_out, self._pre_gate, kv, qg, self._mid = (
            [cat(t) for t in per_layer] for per_layer in keep
        )
        self.resid = resid + [cat(final)]
        self._proj = list(zip(kv, qg, strict=True))
        self._xa: dict[int, tuple[torch.Tensor, torch.Tensor]] = {}
        return self._unembed(self.resid[L][self.rows, self._qcols])

    def _unembed(self, x: torch.Tensor) -> torch.Tensor:
        """Logits of final residuals: the final norm's weight folded into the unembedding."""
        import torch.nn.functional as F

        w = self._w.get("unembed")
        if w is None:
            head, norm = self.model.lm_head, self.model.norm
            w = self._w["unembed"] = _derived(
                self.model,
                "unembed",
                [*head.parameters(), norm.weight],
                lambda: (head.weight * norm.weight, head.bias, norm.eps),
            )
        return F.linear(x * _rms_scale(x, w[2]), w[0], w[1])

    def _block_prompts(self, k: int, T: int, cache_sized: bool = True) -> int:
        """Prompts per block when k sets are evaluated together: on a CPU, blocks small enough
        for their activations to stay in cache; elsewhere as many as the memory budget holds."""
        if cache_sized and self.device.type == "cpu":
            return max(1, CPU_BLOCK_ROWS // (k * T))
        cfg = self.model.config
        C, proj = int(cfg.d_model), 3 * self.H * self.D + self.H
        mlp = 0 if cfg.attn_only else int(cfg.d_mlp)
        per_row = 4 * T * (6 * C + 3 * proj + 3 * mlp + 2 * self.H * T)  # bytes per prompt, set
        return max(1, int(self.memory_mb * 2**20 // (per_row * k)))

    def _weights(self, layer: int) -> dict[str, Any]:
        """Fused projections of `layer` with its input norm's weight folded in, so that
        `proj(norm(x)) = rms_scale(x) * (x @ A.T) + b`: keys and values for every position,
        queries and gate only where they are needed. Query and key rows are in the interleaved
        order of `_interleave`, with their q/k norm weights alike."""
        import torch

        w = self._w.get(layer)
        if w is not None:
            return w
        blk = self.model.layers[layer]
        params = [*blk.attn.parameters(), *blk.attn_norm.parameters()]
        if layer > 0:
            params.append(self.model.layers[layer - 1].attn.o_proj.weight)

        def build() -> dict[str, Any]:
            blk = self.model.layers[layer]
            at, nw = blk.attn, blk.attn_norm.weight
            H, K, D = self.H, at.n_kv, self.D
            order = torch.tensor(_interleave(D), device=nw.device)

            def rows(t: torch.Tensor | None, n: int) -> torch.Tensor | None:
                return None if t is None else t.view(n, D, *t.shape[1:])[:, order].reshape(t.shape)

            g = at.g_proj
            w: dict[str, Any] = {"eps": blk.attn_norm.eps}
            for name, mod, n in (("k", at.k_proj, K), ("v", at.v_proj, 0), ("q", at.q_proj, H)):
                w[name] = (mod.weight if n == 0 else rows(mod.weight, n)) * nw
                w[f"b_{name}"] = mod.bias if n == 0 else rows(mod.bias, n)
            w["g"] = None if g is None else g.weight * nw
            w["b_g"] = None if g is None else g.bias
            for name, norm in (("q", at.q_norm), ("k", at.k_norm)):
                weight = getattr(norm, "weight", None)
                w[f"{name}n"] = None if weight is None else weight[order]
                w[f"{name}_eps"] = getattr(norm, "eps", 0.0)
            if layer > 0:
                # what one head of the previous layer adds to each unscaled projection: rank D
                wo = self.model.layers[layer - 1].attn.o_proj.weight  # (C, H*D)
                for name in "kvqg":
                    a = w[name]
                    w[f"{name}_o"] = None if a is None else (a @ wo).view(-1, self.H, self.D)
            return w

        w = self._w[layer] = _derived(self.model, ("attn", layer), params, build)
        return w

    def _unscaled(self, layer: int) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        """The clean projections of `layer` before its input's RMS scale and bias, `x @ A.T` with
        the norm's weight folded into A: a change of rank D to x changes them by rank D.
        ((k, v), (q, g or None)), each contiguous."""
        got = self._xa.get(layer)
        if got is None:
            w = self._weights(layer)
            s = _rms_scale(self.resid[layer], w["eps"])
            kv, qg = self._proj[layer]
            sq = s if layer < self.L - 1 or self._last_q is None else s[:, self._last_q]

            def unscale(t: Any, bias: Any, scale: torch.Tensor) -> Any:
                if t is None:
                    return None
                return (t if bias is None else t - bias) / scale

            got = self._xa[layer] = (
                tuple(unscale(t, w[f"b_{n}"], s) for t, n in zip(kv, "kv", strict=True)),
                tuple(unscale(t, w[f"b_{n}"], sq) for t, n in zip(qg, "qg", strict=True)),
            )
        return got

    def _attend(
        self,
        layer: int,
        x: torch.Tensor,
        q_at: torch.Tensor | None = None,
        dxa: tuple[torch.Tensor, ...] | None = None,
        bias: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor | None, tuple[tuple[Any, ...], tuple[Any, ...]]]:
        """Attention of `layer` on the residual x (B, T, C), as `Attention.forward` computes it
        without interventions, split before the gate: the output (B, Tq, H, D), the gate
        (B, Tq, H, 1 | D) or None, and the projections ((k, v), (q, g or None)), each
        contiguous, queries and keys in the interleaved row order. With `q_at` (Tq,), only the
        queries at those sorted positions (keys and values cover all T) and `bias` (Tq, T)
        their causal mask. `dxa`: when x is a clean residual plus a rank-D change per set (k sets
        of nb prompts, B = k * nb), the clean projections before the RMS scale and bias
        (see `_unscaled`) and the change: (xa_kv (nb, T, c), u (k, nb*T, D), B_kv (k, D, c),
        xa_qg (nb, Tq, c'), u at the queries (k, nb*Tq, D), B_qg (k, D, c'))."""
        import torch
        import torch.nn.functional as F

        at = self.model.layers[layer].attn
        w = self._weights(layer)
        B, T, _ = x.shape
        H, K, D = self.H, at.n_kv, self.D
        s = _rms_scale(x, w["eps"])  # (B, T, 1)
        if dxa is None:
            xs = x * s
            xq = xs if q_at is None else xs[:, q_at]
            kv = tuple(F.linear(xs, w[n], w[f"b_{n}"]) for n in "kv")
            qg = tuple(None if w[n] is None else F.linear(xq, w[n], w[f"b_{n}"]) for n in "qg")
        else:
            # (A x') s = (A x) s + (u s) B: the clean projections and the rank-D change, both
            # scaled by the new RMS scale, the latter added inside the batched product
            xa_kv, u, bk, xa_qg, uq, bq = dxa
            n_sets = u.shape[0]
            s4 = s.view(n_sets, -1, T, 1)  # (k, nb, T, 1)
            sq = s4 if q_at is None else s4[:, :, q_at]

            def low_rank(xa: Any, us: torch.Tensor, b: Any, s: torch.Tensor, n: str) -> Any:
                if xa is None:
                    return None
                out = (xa * s).view(n_sets, -1, xa.shape[-1]).baddbmm_(us, b)
                out = out.view(B, s.shape[2], -1)
                return out if w[f"b_{n}"] is None else out.add_(w[f"b_{n}"])

            us = (u.view(*s4.shape[:3], -1) * s4).view(u.shape)
            kv = tuple(low_rank(xa, us, b, s4, n) for xa, b, n in zip(xa_kv, bk, "kv", strict=True))
            us = (uq.view(*sq.shape[:3], -1) * sq).view(uq.shape)
            qg = tuple(low_rank(xa, us, b, sq, n) for xa, b, n in zip(xa_qg, bq, "qg", strict=True))
        Tq = qg[0].shape[1]
        rot_q, rot_k = self._rot[H][:T], self._rot[K][:T]
        if q_at is not None:
            rot_q = rot_q[q_at]
        q = _norm_rope(qg[0].view(B, Tq, H, D), w["qn"], w["q_eps"], rot_q)
        k = _norm_rope(kv[0].view(B, T, K, D), w["kn"], w["k_eps"], rot_k)
        v = kv[1].view(B, T, K, D).transpose(1, 2)  # (B, K, T, D)
        if K != H:
            k = k.repeat_interleave(H // K, dim=1)
            v = v.repeat_interleave(H // K, dim=1)
        if q_at is None:
            a = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        elif x.device.type == "cpu" and x.dtype == torch.float32:
            # a few queries against all keys: the plain product beats the fused CPU kernel
            sc = torch.baddbmm(
                bias,
                q.view(B * H, Tq, D),
                k.reshape(B * H, T, D).transpose(1, 2),
                alpha=D**-0.5,
            )
            a = torch.bmm(sc.softmax(-1), v.reshape(B * H, T, D)).view(B, H, Tq, D)
        else:
            a = F.scaled_dot_product_attention(q, k, v, attn_mask=bias == 0)
        a = a.transpose(1, 2)  # (B, Tq, H, D)
        g = None if qg[1] is None else torch.sigmoid(qg[1].view(B, Tq, H, -1))
        return a, g, (kv, qg)

    def _block(self, n0: int, n1: int) -> tuple[Any, ...]:
        """Scored positions of prompts [n0, n1): their slice p0:p1 of the P positions, the
        positions that matter (T), the sorted query positions, each scored position's query
        index and prompt within the block, and the queries' causal mask."""
        import torch

        got = self._blk.get((n0, n1))
        if got is None:
            p0, p1 = self._pstart[n0], self._pstart[n1]
            if p0 == p1:  # no scored position in these prompts
                return (p0, p1) + (None,) * 5
            cols = self.cols[p0:p1]
            q_at = torch.unique(cols)  # sorted
            T = _padded(int(q_at[-1]) + 1, self.T_eff)
            causal = torch.arange(T, device=cols.device)[None, :] <= q_at[:, None]
            bias = torch.zeros(causal.shape, dtype=self.model.dtype, device=cols.device)
            bias = bias.masked_fill(~causal, float("-inf"))
            got = (p0, p1, T, q_at, torch.searchsorted(q_at, cols), self.rows[p0:p1] - n0, bias)
            self._blk[(n0, n1)] = got
        return got

    @property
    def clean_logits(self) -> torch.Tensor:
        """(N, T, V) logits of the unablated model (computed on first use on built-in models)."""
        if self._clean_logits is None:
            import torch

            with torch.no_grad():
                if self._last_q is None:
                    self._clean_logits = self.model.lm_head(self.model.norm(self.resid[-1]))
                else:  # the clean pass kept the last layer at scored positions only
                    self._clean_logits = self.model(self.beh.tokens).logits
        return self._clean_logits

    # replacements ---------------------------------------------------------------------------
    def _replacement(self, reference: Behaviour | None, seed: int) -> Any:
        """None (zeros), a (L, T, H, D) / (L, H, D) mean, or a list of L (N, T, H, D) tensors."""
        import torch

        if self.method in ("zero", "gate"):
            return None
        if reference is None:
            ref_out = self.head_out
            ref_n, ref_t = self.N, self.T
        else:
            ref = check_fits(reference, self.model).to(self.device)
            with torch.no_grad():
                ref_out = [
                    None if t is None else t.detach()
                    for t in self.model(ref.tokens, cache=("head_out",)).cache["head_out"]
                ]
            ref_n, ref_t = ref.n, ref.seq_len
        if self.method == "mean":
            some = next(t for t in ref_out if t is not None)
            means = [
                torch.zeros_like(some[0], dtype=torch.float32) if t is None else t.float().mean(0)
                for t in ref_out
            ]
            stacked = torch.stack(means)  # (L, T_ref, H, D); zeros where a layer has no heads
            if ref_t >= self.T:
                return stacked[:, : self.T].to(some.dtype)
            return stacked.mean(1).to(some.dtype)  # (L, H, D)
        # resample
        if ref_t != self.T:
            raise ProbeError(
                f"Resample ablation needs reference prompts of the behaviour's length "
                f"({self.T}); they have {ref_t}.",
                "use reference prompts of equal length",
            )
        gen = torch.Generator().manual_seed(seed)
        if reference is None:
            idx = _derangement(self.N, gen)
        else:
            idx = torch.randint(0, ref_n, (self.N,), generator=gen)
        idx = idx.to(self.device)
        return [None if t is None else t[idx] for t in ref_out]

    def _rep_slice(self, layer: int, T: int, k: int) -> torch.Tensor | None:
        """The replacement of `layer` for a chunk of k sets over the first T positions."""
        r = self.replacement
        if r is None:
            return None
        if isinstance(r, list):
            return r[layer][:, :T].repeat(k, 1, 1, 1)  # (k*N, T, H, D)
        return r[layer] if r.dim() == 3 else r[layer, :T]  # (H, D) | (T, H, D)

    def _rep_for_interventions(self, T: int, k: int) -> Any:
        r = self.replacement
        if r is None:
            return None
        if isinstance(r, list):
            return [None if t is None else t[:, :T].repeat(k, 1, 1, 1) for t in r]
        return r if r.dim() == 3 else r[:, :T]

    # metric ---------------------------------------------------------------------------------
    def _metric(self, sel: torch.Tensor) -> torch.Tensor:
        """(G, P, V) logits at the scored positions -> (G, N) metric per prompt."""
        import torch

        vals = position_values(sel, self.beh, self.metric, self.ref_lp)
        avg = getattr(self, "_avg", None)
        if avg is None or avg.dtype != vals.dtype:
            # per_prompt's (P, N) averaging matrix, built once instead of once per chunk
            rows = self.rows.cpu()
            w = position_weights(self.beh, self.metric).cpu()
            counts = torch.zeros(self.N).index_add_(0, rows, w)
            avg = torch.zeros(len(w), self.N)
            avg[torch.arange(len(w)), rows] = w / counts[rows]
            avg = self._avg = avg.to(vals.device, vals.dtype)
        return vals @ avg

    def masks(self, sets: Sequence[Sequence[Head]]) -> torch.Tensor:
        import torch

        m = torch.ones(len(sets), self.L, self.H, device=self.device)
        for i, s in enumerate(sets):
            for layer, head in s:
                m[i, layer, head] = 0.0
        return m

    def _chunk_size(self, T: int) -> int:
        cfg = self.model.config
        C = int(getattr(cfg, "d_model", self.H * self.D))
        mlp = 0 if getattr(cfg, "attn_only", False) else int(getattr(cfg, "d_mlp", 4 * C) or 0)
        V = int(cfg.vocab_size)
        per_row = 4 * T * (10 * C + 4 * self.H * self.D + 3 * mlp + V + self.H * T)
        return max(1, int(self.memory_mb * 2**20 // (per_row * self.N)))

    # evaluation -------------------------------------------------------------------------------
    def evaluate(
        self,
        sets: Sequence[Sequence[Head]],
        progress: ProgressCallback | None = None,
        task: str = "ablation sweep",
    ) -> torch.Tensor:
        """(K, N) metric per prompt with each set of heads ablated together."""
        import torch

        K = len(sets)
        out = torch.empty(K, self.N, device=self.device)
        if K == 0:
            return out
        # sets that can share a batch: the work they skip (and so their batch shape) is the same
        groups: dict[tuple[int, int, int], list[int]] = {}
        for i, s in enumerate(sets):
            groups.setdefault(self._plan(s), []).append(i)
        done = 0
        report(progress, task, 0, K)
        with torch.no_grad():
            for plan in sorted(groups):
                idx_all = groups[plan]
                chunk = self._plan_chunk(plan)
                for c in range(0, len(idx_all), chunk):
                    idx = idx_all[c : c + chunk]
                    out[idx] = self._run(plan, [sets[j] for j in idx])
                    done += len(idx)
                    report(progress, task, done, K)
        return out

    def _plan(self, s: Sequence[Head]) -> tuple[int, int, int]:
        """(kind, layer, heads per set): 0 no head; 1 heads of one layer only; 2 heads of
        several layers (replacements); 3 a plain batched forward; 4 the dense engine from the
        first ablated layer on (third entry: 1 when later layers are masked too)."""
        if not self.fast:
            return (3, 0, 0)
        layers = {layer for layer, _ in s}
        if not layers:
            return (0, self.L, 0)
        if self.engine == "dense":
            first = min(layers)
            if len(layers) == 1 and first == self.L - 1:
                return (1, first, min(len(set(s)), 2))
            if len(layers) > 1 and self.method == "gate":
                return (3, 0, 0)
            return (4, first, int(len(layers) > 1))
        if len(layers) == 1:
            return (1, layers.pop(), min(len(set(s)), 2))
        if self.method == "gate":
            return (3, 0, 0)
        return (2, min(layers), 0)

    def _plan_chunk(self, plan: tuple[int, int, int]) -> int:
        kind, layer = plan[0], plan[1]
        if kind == 1 and layer == self.L - 1:
            # only the scored positions of the final residual change
            cfg = self.model.config
            C, V = int(cfg.d_model), int(cfg.vocab_size)
            mlp = 0 if cfg.attn_only else int(cfg.d_mlp)
            per_set = 4 * len(self.rows) * (6 * C + 3 * V + 3 * mlp + 2 * self.H * self.D)
            return max(1, int(self.memory_mb * 2**20 // per_set))
        if kind == 0:
            return 1 << 30
        if self.engine == "dense" and kind in (3, 4):
            from copilot.tools.probing.dense_sweep import sets_per_batch

            return sets_per_batch(self, self.T if kind == 3 else self.T_eff, full=kind == 3)
        return self._chunk_size(self.T if kind == 3 else self.T_eff)

    def _run(self, plan: tuple[int, int, int], sets: Sequence[Sequence[Head]]) -> torch.Tensor:
        kind, layer = plan[0], plan[1]
        if kind == 0:
            return self.base.unsqueeze(0).expand(len(sets), -1)
        if kind == 1:
            return self._eval_layer(sets, layer)
        if kind == 2:
            return self._eval_fast(sets, layer)
        if kind == 4:
            from copilot.tools.probing.dense_sweep import eval_from_layer

            return eval_from_layer(self, sets, layer)
        return self._eval_full(sets)

    def _ablated_out(self, layer: int, scored: bool) -> torch.Tensor | None:
        """What the ablated heads of `layer` output instead (all heads; None means zeros), at
        the scored positions (P, H, D) or at every position up to T_eff (N, T_eff, H, D);
        broadcastable shapes where the replacement does not vary."""
        rows, cols, T = self.rows, self.cols, self.T_eff
        if self.method == "gate":
            a = self._pre_gate[layer]
            return (a[rows, self._qcols] if scored else a[:, :T]) * self.gate_value
        r = self.replacement
        if r is None:
            return None
        t = r[layer] if isinstance(r, list) else r[layer]
        if t is None:
            return None
        if t.dim() == 4 and t.shape[0] == 1:
            t = t[0]
        if t.dim() == 4:  # (N, T, H, D)
            return t[rows, cols] if scored else t[:, :T]
        if t.dim() == 3:  # (T, H, D)
            return t[cols] if scored else t[:T]
        return t  # (H, D)

    def _delta(
        self, layer: int, sets: Sequence[Sequence[Head]], y: torch.Tensor, new: Any
    ) -> torch.Tensor:
        """Change of the residual stream when each set's heads of `layer` output `new` instead
        of `y` (..., H, D): (k, ..., C). o_proj is linear, so only the ablated heads' columns of
        its weight are needed."""
        import torch

        H, D = self.H, self.D
        w = self.model.layers[layer].attn.o_proj.weight  # (C, H*D)
        C = w.shape[0]
        lead = y.shape[:-2]
        k = len(sets)
        heads = [sorted({h for _, h in s}) for s in sets]
        if all(len(hs) == 1 for hs in heads):
            hi = torch.tensor([hs[0] for hs in heads], device=y.device)
            ys = y.index_select(-2, hi)  # (..., k, D)
            u = -ys if new is None else new.index_select(-2, hi) - ys
            u = u.movedim(-2, 0).reshape(k, -1, D)
            wk = w.view(C, H, D).index_select(1, hi).permute(1, 2, 0)  # (k, D, C)
            return torch.bmm(u, wk).view(k, *lead, C)
        m = torch.zeros(k, H, device=y.device, dtype=y.dtype)
        for i, hs in enumerate(heads):
            m[i, hs] = 1.0
        u = -y if new is None else new - y  # (..., H, D)
        u = u.unsqueeze(0) * m.view(k, *([1] * len(lead)), H, 1)
        return (u.reshape(k, -1, H * D) @ w.t()).view(k, *lead, C)

    def _eval_layer(self, sets: Sequence[Sequence[Head]], layer: int) -> torch.Tensor:
        """Sets whose heads all lie in `layer`. Everything up to that layer's o_proj input is
        the clean run's, and the ablation adds an exact delta to the residual after it; later
        layers are recomputed (in blocks of prompts), the last one only for the queries at
        scored positions."""
        import torch

        model, k, N = self.model, len(sets), self.N
        H, D = self.H, self.D
        blk0 = model.layers[layer]
        if layer == self.L - 1:
            rows, qc = self.rows, self._qcols  # the last layer is kept at scored positions
            y = self.head_out[layer][rows, qc]  # (P, H, D)
            new = self._ablated_out(layer, True)
            x = self._mid[layer][rows, qc] + self._delta(layer, sets, y, new)  # (k, P, C)
            if blk0.mlp is not None:
                x = x + blk0.mlp(blk0.mlp_norm(x))
            return self._metric(self._unembed(x))
        y_all = self.head_out[layer]
        new_all = self._ablated_out(layer, False)
        heads = [{h for _, h in s} for s in sets]
        single = all(len(hs) == 1 for hs in heads)
        if single:
            hi = torch.tensor([min(hs) for hs in heads], device=y_all.device)
            wo = blk0.attn.o_proj.weight.view(-1, H, D).index_select(1, hi).permute(1, 2, 0)
        # the change to the next layer's input has rank D per set unless an MLP comes between
        low_rank = single and blk0.mlp is None
        if low_rank:
            w = self._weights(layer + 1)
            bk, bq = (
                tuple(
                    None
                    if w[f"{n}_o"] is None
                    else w[f"{n}_o"].index_select(1, hi).permute(1, 2, 0)
                    for n in names
                )  # (k, D, width) per projection
                for names in ("kv", "qg")
            )
        logits = None
        b = self._block_prompts(k, self.T_eff)
        for n0 in range(0, N, b):
            n1 = min(N, n0 + b)
            p0, p1, T, q_at, qpos, rows, bias = self._block(n0, n1)
            if p0 == p1:
                continue
            nb = n1 - n0
            y = y_all[n0:n1, :T]
            new = new_all
            if new is not None:
                new = new[n0:n1, :T] if new.dim() == 4 else new[:T] if new.dim() == 3 else new
            if single:
                ys = y.index_select(-2, hi)  # (nb, T, k, D)
                u = -ys if new is None else new.index_select(-2, hi) - ys
                u = u.movedim(-2, 0).reshape(k, nb * T, D)
                delta = torch.bmm(u, wo)
            else:
                delta = self._delta(layer, sets, y, new)
            x = (self._mid[layer][n0:n1, :T] + delta.view(k, nb, T, -1)).view(k * nb, T, -1)
            if blk0.mlp is not None:
                x = x + blk0.mlp(blk0.mlp_norm(x))
            for li in range(layer + 1, self.L):
                blk = model.layers[li]
                last = li == self.L - 1
                dxa = None
                if li == layer + 1 and low_rank:
                    xa_kv, xa_qg = self._unscaled(li)
                    xa_kv = tuple(t[n0:n1, :T] for t in xa_kv)  # (nb, T, width) each
                    uq = u
                    qi = slice(None)
                    if last:
                        lq = self._last_q
                        qi = q_at if lq is None else torch.searchsorted(lq, q_at)
                        uq = u.view(k, nb, T, D)[:, :, q_at].reshape(k, -1, D)
                    xa_qg = tuple(None if t is None else t[n0:n1, :T][:, qi] for t in xa_qg)
                    dxa = (xa_kv, u, bk, xa_qg, uq, bq)
                if last:
                    a, g, _ = self._attend(li, x, q_at, dxa, bias)
                    x = x[:, q_at]
                else:
                    a, g, _ = self._attend(li, x, None, dxa)
                y = a if g is None else a * g
                x = x + blk.attn.o_proj(y.reshape(k * nb, y.shape[1], H * D))
                if blk.mlp is not None:
                    x = x + blk.mlp(blk.mlp_norm(x))
            out = self._unembed(x.view(k, nb, len(q_at), -1)[:, rows, qpos])  # (k, p, V)
            if logits is None:
                logits = out.new_empty(k, len(self.rows), out.shape[-1])
            logits[:, p0:p1] = out
        return self._metric(logits)

    def _eval_full(self, sets: Sequence[Sequence[Head]]) -> torch.Tensor:
        """Plain batched forward: k copies of the prompts, one ablation mask per copy."""
        from copilot.tools.probing.model import Interventions

        k, N = len(sets), self.N
        masks = self.masks(sets).repeat_interleave(N, 0)  # (k*N, L, H)
        tokens = self.beh.tokens.repeat(k, 1)  # (k*N, T)
        if self.method == "gate":
            import torch

            override = torch.where(
                masks == 0,
                torch.full_like(masks, self.gate_value),
                torch.full_like(masks, float("nan")),
            )
            iv = Interventions(gate_override=override)
        else:
            iv = Interventions(
                head_mask=masks, head_replacement=self._rep_for_interventions(self.T, k)
            )
        logits = self.model(tokens, iv).logits  # (k*N, T, V)
        sel = scored_logits(logits.view(k, N, self.T, -1), self.beh)  # (k, P, V)
        return self._metric(sel)

    def _eval_fast(self, sets: Sequence[Sequence[Head]], start: int) -> torch.Tensor:
        """Sets whose first ablated layer is `start`, from the clean residual at `start` on."""

        from copilot.tools.probing import model as gm

        model, k, N, T = self.model, len(sets), self.N, self.T_eff
        H, D = self.H, self.D
        masks = self.masks(sets)  # (k, L, H)
        x = self.resid[start][:, :T].repeat(k, 1, 1)  # (k*N, T, C)
        if start < self.L:
            # layer `start`: attention is unchanged by its own head masks; reuse its clean output
            blk = model.layers[start]
            y = self.head_out[start][:, :T]  # (N, T, H, D)
            m = masks[:, start][:, None, None, :, None].to(y.dtype)  # (k, 1, 1, H, 1)
            rep = self.replacement
            if rep is None:
                yk = y.unsqueeze(0) * m
            else:
                if isinstance(rep, list):
                    r = rep[start][:, :T].unsqueeze(0)  # (1, N, T, H, D)
                else:
                    r = rep[start] if rep.dim() == 3 else rep[start, :T]  # (H, D) | (T, H, D)
                yk = y.unsqueeze(0) * m + r.to(y.dtype) * (1.0 - m)  # (k, N, T, H, D)
            x = x + blk.attn.o_proj(yk.reshape(k * N, T, H * D))
            if blk.mlp is not None:
                x = x + blk.mlp(blk.mlp_norm(x))
            if start + 1 < self.L:
                iv = gm.Interventions(
                    head_mask=masks.repeat_interleave(N, 0),
                    head_replacement=self._rep_for_interventions(T, k),
                )
                res = gm._Resolved(model, iv)
                res.bind(k * N, T)
                cos, sin = model.rotary(T, x.device, model.dtype)
                for li in range(start + 1, self.L):
                    blk = model.layers[li]
                    x = x + blk.attn(blk.attn_norm(x), cos, sin, res, {})
                    if blk.mlp is not None:
                        x = x + blk.mlp(blk.mlp_norm(x))
        xs = x.view(k, N, T, -1)[:, self.rows, self.cols]  # (k, P, C): only scored positions
        logits = model.lm_head(model.norm(xs))  # (k, P, V)
        return self._metric(logits)


def _effects(
    values: torch.Tensor, base: torch.Tensor, n_boot: int, seed: int, level: float
) -> tuple[Any, Any, Any, Any]:
    """Mean effect and interval per set from (K, N) ablated values and (N,) clean values."""
    import numpy as np

    diffs = (values - base[None, :]).double().cpu().numpy().T  # (N, K)
    mean, lo, hi = bootstrap_mean(diffs, n_boot=n_boot, seed=seed, level=level)
    ablated = values.double().mean(1).cpu().numpy()
    return np.atleast_1d(mean), np.atleast_1d(lo), np.atleast_1d(hi), ablated


def default_reference(model: Any, beh: Behaviour, method: str, seed: int) -> Behaviour | None:
    """Reference prompts for mean/resample ablation: a fresh sample of a built-in task (so the
    replacement comes from prompts the effect is not measured on), else None (the behaviour's
    own prompts). A fresh sample of another length than the behaviour's is not used."""
    if method not in ("mean", "resample") or beh.source != "builtin":
        return None
    ref = get_behaviour(beh.name, model, n_prompts=max(beh.n, 64), seed=seed + 1)
    return ref if ref.seq_len == beh.seq_len else None


def _sort_by_harm(items: list, higher_is_better: bool) -> list:
    return sorted(items, key=lambda h: h.effect if higher_is_better else -h.effect)


# ---------------------------------------------------------------------------------------------
# public tools
# ---------------------------------------------------------------------------------------------
def ablate_heads(
    model: Any,
    behaviour: str | Behaviour = "induction",
    heads: Iterable[Sequence[int]] | None = None,
    method: Method = "zero",
    *,
    metric: str | None = None,
    head_sets: Iterable[Iterable[Sequence[int]]] | None = None,
    reference: Behaviour | None = None,
    gate_value: float = 0.0,
    n_prompts: int = 64,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
    memory_mb: float | None = None,
    engine: str = "auto",
    out: str | None = None,
    name: str | None = None,
    progress: ProgressCallback | None = None,
) -> HeadAblationResult:
    """Ablate attention heads one at a time (all heads when `heads` is None) and sets of heads
    together (`head_sets`); report each metric change with a bootstrap interval over prompts.

    `behaviour` is a built-in name (induction, recall, copy), a JSONL path or a Behaviour;
    `metric` defaults to the behaviour's. With `out` (a folder) a layer x head heatmap PNG is
    written there (never over an existing file). `engine`: see `ENGINES` (auto: by device and
    dtype); `memory_mb` caps a sweep batch (default: from the device's free memory)."""
    t0 = time.perf_counter()
    check_boot(n_boot, level)
    beh = get_behaviour(behaviour, model, n_prompts=n_prompts, seed=seed, metric=metric)
    metric = metric or beh.metric
    _check_method(method, model)
    if reference is None:
        reference = default_reference(model, beh, method, seed)
    singles = all_heads(model) if heads is None else check_heads(model, heads)
    sets = [check_heads(model, s, "head in a set") for s in (head_sets or [])]
    if heads is not None and not singles and not sets:
        raise ProbeError(
            "No heads to ablate.", "name heads as layer.head, or leave heads unset for all"
        )
    for s in sets:
        if not s:
            raise ProbeError("A head set is empty.", "give at least one head per set")
    _check_no_repeats(singles, sets)
    ab = HeadAblator(
        model,
        beh,
        metric,
        method,
        reference=reference,
        gate_value=gate_value,
        seed=seed,
        memory_mb=memory_mb,
        engine=engine,
    )
    units = [[h] for h in singles] + sets
    values = ab.evaluate(units, progress)
    mean, lo, hi, abl = _effects(values, ab.base, n_boot, seed, level)
    base_m, base_lo, base_hi = bootstrap_mean(ab.base.double().cpu().numpy(), n_boot, seed, level)
    hib = HIGHER_IS_BETTER[metric]
    head_rows = [
        HeadEffect(
            layer=l_,
            head=h_,
            effect=float(mean[i]),
            ci=(float(lo[i]), float(hi[i])),
            ablated=float(abl[i]),
        )
        for i, (l_, h_) in enumerate(singles)
    ]
    set_rows = [
        HeadSetEffect(
            heads=list(s),
            effect=float(mean[len(singles) + j]),
            ci=(float(lo[len(singles) + j]), float(hi[len(singles) + j])),
            ablated=float(abl[len(singles) + j]),
        )
        for j, s in enumerate(sets)
    ]
    L, H, _ = model_shape(model)
    vocab, _ = model_limits(model)
    ranked = _sort_by_harm(head_rows, hib)
    chance = chance_warning(metric, float(base_m[0]), (float(base_lo[0]), float(base_hi[0])), vocab)
    warnings = ([chance] if chance else []) + (
        headline_warnings(
            [(f"head L{r.layer}H{r.head}", r.ci) for r in ranked]
            + [("set " + "+".join(f"L{a}H{b}" for a, b in r.heads), r.ci) for r in set_rows],
            "ablation effect",
        )
        if ranked
        else [w for w in [interval_warning([r.ci for r in set_rows], "ablation effect")] if w]
    )
    result = HeadAblationResult(
        model=model_name(model, name),
        behaviour=beh.name,
        metric=metric,
        method=method,
        higher_is_better=hib,
        n_prompts=beh.n,
        n_layers=L,
        n_heads=H,
        baseline=float(base_m[0]),
        baseline_ci=(float(base_lo[0]), float(base_hi[0])),
        heads=ranked,
        sets=set_rows,
        chance=chance_level(metric, vocab),
        warnings=warnings,
        level=level,
        n_boot=n_boot,
        elapsed_s=time.perf_counter() - t0,
    )
    if out is not None and head_rows:
        from copilot.tools.probing.heatmap import NOISE_FLOOR, png_heatmap, words

        path = fresh_path(out, f"ablation_{beh.name}_{method}_{metric}", ".png")
        gap = abs(result.baseline - (result.chance or 0.0))
        png_heatmap(
            result.grid(),
            path,
            title=f"Change in {words(metric)} when one head is removed\n"
            f"({method} ablation, {beh.name.replace('_', ' ')} prompts)",
            cbar_label=f"change in {metric.replace('_', ' ')}",
            # full colour = the model's whole gain over chance; noise stays pale
            span=max(gap, NOISE_FLOOR),
        )
        result.artifacts.append(str(path))
    return result


def _o_proj(model: Any, layer: int) -> Any:
    """The attention output projection of `layer`, built-in or transformers model."""
    parts = getattr(model, "parts", None)
    return model.layers[layer].attn.o_proj if parts is None else parts.o_proj[layer]


def ablate_loop(
    model: Any,
    behaviour: Behaviour,
    heads: Sequence[Head],
    metric: str,
    method: str = "zero",
    replacement: Any = None,
) -> torch.Tensor:
    """Reference implementation: one forward per head with a hook that zeroes (or replaces) the
    head's slice of the `o_proj` input, as hook-based tools do. Returns (K, N) metric values.

    `replacement` as in `HeadAblator.replacement`. Used by the equality test and the benchmark."""
    import torch

    beh = behaviour.to(model.device)
    D = model.config.head_dim
    ref_lp = None
    with torch.no_grad():
        if metric == "kl":
            ref_lp = reference_logprobs(model(beh.tokens).logits, beh)
        out = []
        for layer, head in heads:
            sl = slice(head * D, (head + 1) * D)

            def hook(mod, args, layer=layer, head=head, sl=sl):
                (z,) = args  # (B, T, H*D)
                z = z.clone()
                if replacement is None:
                    z[..., sl] = 0.0
                elif isinstance(replacement, list):
                    z[..., sl] = replacement[layer][:, : z.shape[1], head]
                else:
                    r = (
                        replacement[layer]
                        if replacement.dim() == 3
                        else replacement[layer, : z.shape[1]]
                    )
                    z[..., sl] = r[..., head, :]
                return (z,)

            handle = _o_proj(model, layer).register_forward_pre_hook(hook)
            try:
                logits = model(beh.tokens).logits
            finally:
                handle.remove()
            vals = position_values(scored_logits(logits, beh), beh, metric, ref_lp)
            out.append(per_prompt(vals, beh, metric))
    return torch.stack(out)


def attribution_screen(
    model: Any,
    behaviour: str | Behaviour = "induction",
    method: Method = "zero",
    *,
    metric: str | None = None,
    top_k: int = 10,
    steps: int = 1,
    reference: Behaviour | None = None,
    n_prompts: int = 64,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
    name: str | None = None,
    progress: ProgressCallback | None = None,
) -> AttributionResult:
    """Estimate every head's ablation effect by attribution patching, then ablate the top-k
    estimated heads for real and report the rank agreement.

    `steps=1` is plain attribution patching: the gradient at the clean run, from one forward
    and one backward pass. More steps integrate the gradient along each layer's path from clean
    to ablated (`layers * steps` forward and backward passes, batched): slower, but it follows
    the metric where it saturates, as a loss near its floor does."""
    import numpy as np
    import torch

    check_boot(n_boot, level)
    beh = get_behaviour(behaviour, model, n_prompts=n_prompts, seed=seed, metric=metric)
    metric = metric or beh.metric
    if metric in ("accuracy", "kl"):
        raise ProbeError(
            f"Attribution patching needs a metric with a useful gradient; {metric!r} "
            "has none at the clean run.",
            "use --metric loss, logit_diff or prob",
        )
    if method == "gate":
        raise ProbeError(
            "Attribution patching estimates replacement ablations, not gate clamps.",
            "use method zero, mean or resample",
        )
    if top_k < 1:
        raise ProbeError(f"top_k must be at least 1, got {top_k}.", "use e.g. 10")
    check_steps(steps)
    _check_method(method, model)
    if reference is None:
        reference = default_reference(model, beh, method, seed)
    t0 = time.perf_counter()
    ab = HeadAblator(model, beh, metric, method, reference=reference, seed=seed)
    est = _attribution(ab, steps, progress)  # (N, L, H)
    heads = all_heads(model)
    flat = torch.stack([est[:, a, b] for a, b in heads], 1).double().cpu().numpy()  # (N, K)
    mean, lo, hi = bootstrap_mean(flat, n_boot, seed, level)
    hib = HIGHER_IS_BETTER[metric]
    base = float(ab.base.double().mean())
    estimates = _sort_by_harm(
        [
            HeadEffect(
                layer=l_,
                head=h_,
                effect=float(mean[i]),
                ci=(float(lo[i]), float(hi[i])),
                ablated=base + float(mean[i]),
            )
            for i, (l_, h_) in enumerate(heads)
        ],
        hib,
    )
    t1 = time.perf_counter()
    k = min(top_k, len(heads))
    chosen = [(e.layer, e.head) for e in estimates[:k]]
    values = ab.evaluate([[h] for h in chosen], progress, task="verify top-k")
    vm, vlo, vhi, vab = _effects(values, ab.base, n_boot, seed, level)
    verified = [
        HeadEffect(
            layer=l_,
            head=h_,
            effect=float(vm[i]),
            ci=(float(vlo[i]), float(vhi[i])),
            ablated=float(vab[i]),
        )
        for i, (l_, h_) in enumerate(chosen)
    ]
    est_k = np.array([e.effect for e in estimates[:k]])
    real_k = np.array([v.effect for v in verified])
    rho = _spearman(est_k, real_k) if k >= 3 else None
    sign = float(np.mean(np.sign(est_k) == np.sign(real_k)))
    return AttributionResult(
        model=model_name(model, name),
        behaviour=beh.name,
        metric=metric,
        method=method,
        baseline=base,
        estimates=estimates,
        verified=verified,
        top_k=k,
        steps=steps,
        spearman=rho,
        sign_agreement=sign,
        elapsed_estimate_s=t1 - t0,
        elapsed_verify_s=time.perf_counter() - t1,
    )


def _attribution(
    ab: HeadAblator, steps: int, progress: ProgressCallback | None = None
) -> torch.Tensor:
    """(N, L, H) per-prompt estimates of every head's ablation effect.

    A head's output is `r + m (y - r)` under a mask m (1 keeps it, 0 ablates it), so the effect
    of ablating it is `M(0) - M(1) = -integral of dM/dm over m in [0, 1]`. With one step the
    integral is taken as `dM/dm` at the clean run: attribution patching, one forward and one
    backward pass. With S steps it is S-point Gauss-Legendre quadrature, the gradients taken
    with the masks of the head's whole layer at each node (integrated gradients along the
    layer's path, as in EAP-IG): the estimates of a layer's heads then add up to the effect of
    ablating that layer, closely from a few steps on. The gradients are taken with respect to
    the masks only; the model's own `.grad` is left alone."""
    import torch

    from copilot.tools.probing.model import Interventions

    model, beh = ab.model, ab.beh
    N, T, L, H = beh.n, beh.seq_len, ab.L, ab.H
    layers = sorted({layer for layer, _ in all_heads(model)})
    if steps == 1:  # the clean run (all masks 1) serves every layer
        rows: list[tuple[int | None, float, float]] = [(None, 1.0, 1.0)]
    else:  # Gauss-Legendre nodes and weights on [0, 1], per layer
        import numpy as np

        x, w = np.polynomial.legendre.leggauss(steps)
        rows = [(li, (a + 1) / 2, wt / 2) for li in layers for a, wt in zip(x, w, strict=True)]
    masks = torch.ones(len(rows), L, H, device=ab.device)
    for i, (li, a, _) in enumerate(rows):
        if li is not None:
            masks[i, li] = a
    # a backward pass keeps about three times what a forward pass needs
    chunk = max(1, ab._chunk_size(T) // 3)
    acc = torch.zeros(N, L, H, device=ab.device)
    report(progress, "attribution", 0, len(rows))
    for c0 in range(0, len(rows), chunk):
        part = rows[c0 : c0 + chunk]
        k = len(part)
        with torch.enable_grad():
            mk = masks[c0 : c0 + k].repeat_interleave(N, 0).requires_grad_(True)  # (k*N, L, H)
            iv = Interventions(head_mask=mk, head_replacement=ab._rep_for_interventions(T, k))
            logits = model(beh.tokens.repeat(k, 1), iv).logits
            metric = ab._metric(scored_logits(logits.view(k, N, T, -1), beh))  # (k, N)
            (grad,) = torch.autograd.grad(metric.sum(), mk)
        grad = grad.view(k, N, L, H)
        for j, (li, _, wt) in enumerate(part):
            if li is None:
                acc -= grad[j]
            else:
                acc[:, li] -= wt * grad[j, :, li]
        report(progress, "attribution", c0 + k, len(rows))
    return acc


def _spearman(a: Any, b: Any) -> float | None:
    """Rank correlation; None when it is undefined (under 3 heads, or a constant ranking)."""
    import numpy as np
    from scipy.stats import spearmanr

    if len(a) < 3 or float(np.std(a)) == 0.0 or float(np.std(b)) == 0.0:
        return None
    return float(spearmanr(a, b).statistic)
