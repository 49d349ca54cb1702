"""A small, readable Qwen3-style decoder with optional gated attention and first-class interventions.

Architecture (one block, pre-norm, as in Qwen3):

    x = x + o_proj( gate( attention( rope(q_norm(q)), rope(k_norm(k)), v ) ) )   # q, k, v, gate from RMSNorm(x)
    x = x + down( silu(gate_proj(h)) * up_proj(h) )                                # h = RMSNorm(x); absent if attn_only

The output gate is the one of "Gated Attention for Large Language Models" (Qiu et al. 2025):
`Y' = Y * sigmoid(X W_g)`, applied to the attention output Y (per head, before `o_proj`), where X is
the same normed hidden state that feeds q/k/v. `gate="headwise"` has one gate per head and token,
`gate="elementwise"` one per head dimension, `gate="none"` no gate (an implicit gate of 1).

Tokens are plain integer ids (no tokenizer for the built-in models).

Forward and interventions
-------------------------
`GatedTransformer.forward(tokens, interventions=None, cache=()) -> ModelOutput`

- `tokens`: LongTensor (B, T) of ids in [0, vocab_size). When B == 1 and the interventions carry a
  batch of N > 1 examples, the tokens are repeated N times (one prompt, many interventions).
- `cache`: names to record, any of CACHE_NAMES (or "all"); this list is the one place the
  names are defined. `ModelOutput.cache[name]` is a list over layers, and
  `ModelOutput.get("name.layer")` (e.g. "q.1", "resid.2") one entry of it:
    * "q":        per layer (B, H, T, D), queries after q_norm and rotary embedding.
    * "k", "v":   per layer (B, K, T, D), keys (after k_norm and rotary) and values, one per
      key-value head (before grouped-query heads share them).
    * "attn_scores": per layer (B, H, T, T), scaled pre-softmax scores, -inf above the diagonal.
    * "head_out": per layer (B, T, H, D), the per-head output that enters `o_proj`, after the
      gate and after any head mask/replacement (what the model actually used).
    * "attn":     per layer (B, H, T, T), attention probabilities (query x key). Requesting it
      switches attention from torch's fused `scaled_dot_product_attention` to an explicit softmax.
    * "gate":     per layer (B, T, H) for headwise or none (all ones unless overridden), or
      (B, T, H, D) for elementwise: gate values in [0, 1] after overrides.
    * "resid":    n_layers + 1 tensors (B, T, d_model): the residual stream at the input of each
      layer (index l, after the interventions at l), and the final one (index n_layers), before the
      final norm.
    * "mlp_out":  per layer (B, T, d_model), the MLP output added to the residual (attn_only: empty).
    * "mlp_hidden": per layer (B, T, d_mlp), `silu(gate_proj(h)) * up_proj(h)`, what `down_proj`
      reads (attn_only: empty).
  Requesting "attn" or "attn_scores" switches attention to an explicit softmax.
  Cached tensors are not detached (wrap the call in `torch.no_grad()` for inference).
- `interventions`: an `Interventions`; every field is optional and per example (batch dim B or 1):
    * `head_mask` (B|1, L, H): 1 keeps a head's output, 0 replaces it (fractions interpolate:
      `y = m * y + (1 - m) * replacement`). Acts on the per-head output before `o_proj`, after the gate.
    * `head_replacement`: what masked heads get. None: zeros. A tensor (L, H, D): one value per
      layer and head (e.g. a mean over a dataset); (L, T, H, D): per position; (B|1, L, T, H, D):
      full values (e.g. `torch.stack(clean.cache["head_out"], 1)`); or a list of L tensors of shape
      (B|1, T, H, D), (T, H, D) or (H, D) (e.g. `clean.cache["head_out"]` for resample ablation
      or activation patching of single heads); a None entry means zeros for that layer.
    * `gate_override` (B|1, L, H) or, for elementwise gates, (B|1, L, H, D): gate values in [0, 1]
      that replace the computed `sigmoid(X W_g)`; NaN means "no override". On a model with
      `gate="none"` the override multiplies the head output (its implicit gate is 1).
    * `resid_patches`: list of `ResidPatch(layer, value, mask=None)`: at the input of `layer`
      (0..L; L is the final residual) set the residual to `value` (B|1, T, d_model) where `mask`
      (B|1, T) is true (everywhere when None). Patching layer l+1 replaces layer l's output.
    * `steering`: list of `Steering(layer, vector, alpha=1.0, start=0, positions=None)`: add
      `alpha * vector` to the residual at the input of `layer` (0..L) at positions >= `start`
      (or where `positions` (B|1, T) is true). `vector` is (d_model,), (B|1, d_model) or
      (B|1, T, d_model); `alpha` a float or a (B,) tensor (one strength per example).
    * `ablate_direction` (d_model,), (k, d_model) or (B|1, k, d_model): directions projected out of
      the residual (`x -= (x . r) r`, r normalised; several directions are orthonormalised) at the
      input of every layer in `ablate_layers` (None: all layers and the final residual), after each
      attention output and after each MLP output.
    * `head_inputs`: list of `HeadInput(layer, which, value, heads)`: the heads `heads` of `layer`
      compute their query (`which="q"`), key ("k") or value ("v") from `value` (B|1, T, d_model),
      a residual stream taken before the layer's attention norm, instead of the real one; the
      other heads and inputs are untouched (path patching, q/k/v-input patching). With grouped
      -query attention a key or value patch applies to the named query heads only.
  Order at a layer input: patch, then steering, then directional ablation, then caching.
  Head-level order inside attention: gate (with overrides), then head mask/replacement, then `o_proj`.

An all-heads ablation sweep is one batched call: `head_mask = single_head_masks(cfg)` has shape
(L*H, L, H) with one head zeroed per example; there is no Python loop over heads in forward.

Layers and heads are 0-based; out-of-range indices and wrong shapes raise `ModelError`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

import torch
import torch.nn as nn
import torch.nn.functional as F

from copilot.errors import ModelError

GateKind = Literal["none", "headwise", "elementwise"]
GATE_KINDS: tuple[str, ...] = ("none", "headwise", "elementwise")
CACHE_NAMES: tuple[str, ...] = (
    "head_out",
    "attn",
    "attn_scores",
    "q",
    "k",
    "v",
    "gate",
    "resid",
    "mlp_out",
    "mlp_hidden",
)
HEAD_INPUTS: tuple[str, ...] = ("q", "k", "v")


# --------------------------------------------------------------------------------------------
# configuration
# --------------------------------------------------------------------------------------------
#: Longest context a config may claim (16.8 million tokens; released models stay far below).
MAX_SEQ_LEN = 1 << 24


@dataclass
class ModelConfig:
    """Hyper-parameters of a `GatedTransformer`; stored as `config.json` (data, never code)."""

    vocab_size: int = 64
    n_layers: int = 2
    n_heads: int = 4
    n_kv_heads: int | None = None  # None: = n_heads (no grouping)
    d_model: int = 64
    head_dim: int | None = None  # None: d_model // n_heads
    d_mlp: int = 256
    max_seq_len: int = 256
    gate: str = "none"  # "none" | "headwise" | "elementwise"
    attn_only: bool = False
    qk_norm: bool = True
    rope_theta: float = 10000.0
    rms_eps: float = 1e-6
    tie_embeddings: bool = False
    attn_bias: bool = False  # biases on q/k/v/o projections (Qwen2 style; Qwen3 has none)
    meta: dict[str, Any] = field(default_factory=dict)  # free-form: task, training command, source

    def __post_init__(self) -> None:
        if self.n_kv_heads is None:
            self.n_kv_heads = self.n_heads
        if self.head_dim is None:
            if self.n_heads <= 0 or self.d_model % self.n_heads:
                raise ModelError(
                    f"d_model={self.d_model} is not divisible by n_heads={self.n_heads}.",
                    "set head_dim explicitly or change d_model / n_heads",
                )
            self.head_dim = self.d_model // self.n_heads
        self.validate()

    def validate(self) -> None:
        for name in (
            "vocab_size",
            "n_layers",
            "n_heads",
            "n_kv_heads",
            "d_model",
            "head_dim",
            "max_seq_len",
        ):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
                raise ModelError(
                    f"Model config field {name}={v!r} must be a positive integer.",
                    "fix config.json",
                )
        if self.max_seq_len > MAX_SEQ_LEN:
            raise ModelError(
                f"Model config field max_seq_len={self.max_seq_len} is beyond {MAX_SEQ_LEN:,}.",
                "set the context length the model was trained for in config.json",
            )
        if not self.attn_only and (not isinstance(self.d_mlp, int) or self.d_mlp <= 0):
            raise ModelError(
                f"Model config field d_mlp={self.d_mlp!r} must be a positive integer.",
                "fix config.json or set attn_only=true",
            )
        if self.gate not in GATE_KINDS:
            raise ModelError(
                f"Unknown gate kind {self.gate!r}.", f"use one of: {', '.join(GATE_KINDS)}"
            )
        if self.n_heads % self.n_kv_heads:
            raise ModelError(
                f"n_heads={self.n_heads} is not a multiple of n_kv_heads={self.n_kv_heads}.",
                "grouped-query attention needs n_heads = k * n_kv_heads",
            )
        if self.head_dim % 2:
            raise ModelError(
                f"head_dim={self.head_dim} must be even for rotary positions.",
                "choose an even head_dim",
            )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, sort_keys=True)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ModelConfig:
        """Build from a dict; unknown keys are an error that names them."""
        if not isinstance(d, dict):
            raise ModelError("A model config must be a JSON object.", "fix config.json")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known - {"format", "format_version", "architecture"})
        if unknown:
            raise ModelError(
                f"Unknown model config keys: {', '.join(unknown)}.",
                f"known keys: {', '.join(sorted(known))}",
            )
        return cls(**{k: v for k, v in d.items() if k in known})


# --------------------------------------------------------------------------------------------
# interventions and outputs
# --------------------------------------------------------------------------------------------
@dataclass
class ResidPatch:
    """Set the residual at the input of `layer` (0..L) to `value` (B|1, T, d_model) where `mask`."""

    layer: int
    value: torch.Tensor
    mask: torch.Tensor | None = None  # (B|1, T) bool; None: every position


@dataclass
class Steering:
    """Add `alpha * vector` to the residual at the input of `layer` (0..L) from `start` on."""

    layer: int
    vector: torch.Tensor  # (d_model,) | (B|1, d_model) | (B|1, T, d_model)
    alpha: float | torch.Tensor = 1.0  # float or (B,) per example
    start: int = 0
    positions: torch.Tensor | None = None  # (B|1, T) bool; overrides `start` when given


@dataclass
class HeadInput:
    """Heads `heads` of `layer` read their `which` input (q, k or v) from `value` (B|1, T, C)."""

    layer: int
    which: str  # "q" | "k" | "v"
    value: torch.Tensor  # (B|1, T, d_model), a residual stream before the attention norm
    heads: Sequence[int]


@dataclass
class Interventions:
    """Per-example interventions for one forward pass; see the module docstring for semantics."""

    head_mask: torch.Tensor | None = None  # (B|1, L, H): 1 keeps, 0 replaces
    head_replacement: torch.Tensor | Sequence[torch.Tensor | None] | None = None
    gate_override: torch.Tensor | None = None  # (B|1, L, H) or (B|1, L, H, D); NaN = none
    resid_patches: list[ResidPatch] = field(default_factory=list)
    steering: list[Steering] = field(default_factory=list)
    ablate_direction: torch.Tensor | None = None  # (d_model,) | (k, d_model) | (B|1, k, d_model)
    ablate_layers: Sequence[int] | None = None  # None: every layer input and the final residual
    head_inputs: list[HeadInput] = field(default_factory=list)

    def is_empty(self) -> bool:
        return (
            not self.head_inputs
            and self.head_mask is None
            and self.head_replacement is None
            and self.gate_override is None
            and not self.resid_patches
            and not self.steering
            and self.ablate_direction is None
        )

    def batch_size(self) -> int:
        """The batch size the interventions ask for (1 when every tensor broadcasts)."""
        sizes: list[int] = []
        if self.head_mask is not None and self.head_mask.dim() == 3:
            sizes.append(self.head_mask.shape[0])
        if self.gate_override is not None and self.gate_override.dim() >= 3:
            sizes.append(self.gate_override.shape[0])
        for p in self.resid_patches:
            if p.value.dim() == 3:
                sizes.append(p.value.shape[0])
        for s in self.steering:
            if isinstance(s.alpha, torch.Tensor) and s.alpha.dim() == 1:
                sizes.append(s.alpha.shape[0])
            if s.vector.dim() >= 2:
                sizes.append(s.vector.shape[0])
        if self.ablate_direction is not None and self.ablate_direction.dim() == 3:
            sizes.append(self.ablate_direction.shape[0])
        for h in self.head_inputs:
            if h.value.dim() == 3:
                sizes.append(h.value.shape[0])
        big = {n for n in sizes if n != 1}
        if len(big) > 1:
            raise ModelError(
                f"Interventions disagree on the batch size: {sorted(big)}.",
                "give every per-example tensor the same first dimension (or 1)",
            )
        return big.pop() if big else 1


@dataclass
class ModelOutput:
    """Logits (B, T, V) and the requested caches (name -> list over layers)."""

    logits: torch.Tensor
    cache: dict[str, list[torch.Tensor]] = field(default_factory=dict)

    def get(self, name: str) -> torch.Tensor:
        """One cached tensor by its hook name, "NAME.LAYER" (e.g. "q.1", "resid.2")."""
        key, _, layer = name.rpartition(".")
        if key not in CACHE_NAMES or not layer.isdigit():
            raise ModelError(
                f"Unknown hook name {name!r}.",
                f"write NAME.LAYER with NAME one of {', '.join(CACHE_NAMES)}, e.g. 'q.1'",
            )
        if key not in self.cache:
            raise ModelError(f"{key!r} was not cached.", f"pass cache=({key!r},) to the forward")
        entries = self.cache[key]
        if int(layer) >= len(entries):
            raise ModelError(
                f"Layer {layer} is out of range for {key!r} ({len(entries)} entries).",
                f"use a layer below {len(entries)}",
            )
        return entries[int(layer)]


def head_mask(
    n_layers: int,
    n_heads: int,
    ablate: Iterable[tuple[int, int]] = (),
    batch: int = 1,
    device: torch.device | str | None = None,
) -> torch.Tensor:
    """A (batch, L, H) float mask of ones with zeros at the `(layer, head)` pairs in `ablate`."""
    m = torch.ones(batch, n_layers, n_heads, device=device)
    for layer, head in ablate:
        _check_index("layer", layer, n_layers)
        _check_index("head", head, n_heads)
        m[:, layer, head] = 0.0
    return m


def single_head_masks(
    config: ModelConfig, device: torch.device | str | None = None
) -> torch.Tensor:
    """(L*H, L, H): example `l*H + h` ablates head h of layer l and keeps every other head."""
    L, H = config.n_layers, config.n_heads
    eye = torch.eye(L * H, device=device)
    return (1.0 - eye).view(L * H, L, H)


def _check_index(what: str, i: int, n: int) -> None:
    if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < n:
        raise ModelError(
            f"{what.capitalize()} index {i!r} is out of range.",
            f"the model has {n} {what}s, numbered 0..{n - 1}",
        )


# --------------------------------------------------------------------------------------------
# modules
# --------------------------------------------------------------------------------------------
class RMSNorm(nn.Module):
    """x / rms(x) * weight, computed in float32 (as Qwen3)."""

    def __init__(self, dim: int, eps: float = 1e-6):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        dtype = x.dtype
        x = x.float()
        x = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps)
        return self.weight * x.to(dtype)


def rotate_half(x: torch.Tensor) -> torch.Tensor:
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


class Rotary(nn.Module):
    """Rotary position embedding (non-interleaved halves, as in Llama/Qwen)."""

    def __init__(self, head_dim: int, theta: float):
        super().__init__()
        inv_freq = 1.0 / (theta ** (torch.arange(0, head_dim, 2, dtype=torch.float32) / head_dim))
        self.register_buffer("inv_freq", inv_freq, persistent=False)

    def forward(self, T: int, device: torch.device, dtype: torch.dtype):
        pos = torch.arange(T, device=device, dtype=torch.float32)
        freqs = torch.outer(pos, self.inv_freq.to(device))  # (T, D/2)
        emb = torch.cat((freqs, freqs), dim=-1)  # (T, D)
        return emb.cos().to(dtype), emb.sin().to(dtype)


class Attention(nn.Module):
    """Grouped-query causal attention with optional q/k norm and an optional output gate."""

    def __init__(self, cfg: ModelConfig, layer: int):
        super().__init__()
        self.layer = layer
        self.n_heads, self.n_kv, self.head_dim = cfg.n_heads, cfg.n_kv_heads, cfg.head_dim
        self.gate_kind = cfg.gate
        H, K, D, C = cfg.n_heads, cfg.n_kv_heads, cfg.head_dim, cfg.d_model
        self.q_proj = nn.Linear(C, H * D, bias=cfg.attn_bias)
        self.k_proj = nn.Linear(C, K * D, bias=cfg.attn_bias)
        self.v_proj = nn.Linear(C, K * D, bias=cfg.attn_bias)
        self.o_proj = nn.Linear(H * D, C, bias=cfg.attn_bias)
        if cfg.gate == "headwise":
            self.g_proj = nn.Linear(C, H, bias=cfg.attn_bias)
        elif cfg.gate == "elementwise":
            self.g_proj = nn.Linear(C, H * D, bias=cfg.attn_bias)
        else:
            self.g_proj = None
        self.q_norm = RMSNorm(D, cfg.rms_eps) if cfg.qk_norm else nn.Identity()
        self.k_norm = RMSNorm(D, cfg.rms_eps) if cfg.qk_norm else nn.Identity()

    def forward(
        self,
        x: torch.Tensor,
        cos: torch.Tensor,
        sin: torch.Tensor,
        iv: _Resolved,
        cache: dict[str, list[torch.Tensor]],
        alt_inputs: Sequence[tuple[str, torch.Tensor, Sequence[int]]] = (),
    ) -> torch.Tensor:
        B, T, _ = x.shape
        H, K, D = self.n_heads, self.n_kv, self.head_dim
        q, k, v = self.qkv(x, cos, sin)  # (B, H, T, D), (B, K, T, D), (B, K, T, D)
        for name, t in (("q", q), ("k", k), ("v", v)):
            if name in cache:
                cache[name].append(t)
        if K != H:  # grouped-query: each kv head serves H // K consecutive query heads
            k = k.repeat_interleave(H // K, dim=1)  # (B, H, T, D)
            v = v.repeat_interleave(H // K, dim=1)  # (B, H, T, D)
        for which, xa, heads in alt_inputs:  # some heads read q, k or v from another stream
            qa, ka, va = self.qkv(xa, cos, sin)  # (B|1, H|K, T, D)
            new = {"q": qa, "k": ka, "v": va}[which]
            if which != "q" and K != H:
                new = new.repeat_interleave(H // K, dim=1)  # (B|1, H, T, D)
            sel = torch.zeros(H, dtype=torch.bool, device=x.device)
            sel[list(heads)] = True
            sel = sel[None, :, None, None]  # (1, H, 1, 1)
            if which == "q":
                q = torch.where(sel, new, q)
            elif which == "k":
                k = torch.where(sel, new, k)
            else:
                v = torch.where(sel, new, v)

        if "attn" in cache or "attn_scores" in cache:  # explicit path: the pattern is wanted
            scores = (q @ k.transpose(-2, -1)).float() * (1.0 / math.sqrt(D))  # (B, H, T, T)
            causal = torch.ones(T, T, dtype=torch.bool, device=x.device).tril()
            scores = scores.masked_fill(~causal, float("-inf"))
            if "attn_scores" in cache:
                cache["attn_scores"].append(scores)
            att = scores.softmax(dim=-1)  # (B, H, T, T)
            if "attn" in cache:
                cache["attn"].append(att)
            y = att.to(v.dtype) @ v  # (B, H, T, D)
        else:  # fused path
            y = F.scaled_dot_product_attention(q, k, v, is_causal=True)  # (B, H, T, D)
        y = y.transpose(1, 2)  # (B, T, H, D)

        # output gate: Y' = Y * sigmoid(X W_g), then overrides (NaN = keep computed value)
        if self.g_proj is not None:
            g = torch.sigmoid(self.g_proj(x).view(B, T, H, -1))  # (B, T, H, 1 | D)
        else:
            g = None
        ov = iv.gate_override(self.layer)  # (B|1, 1, H, 1 | D) or None
        if ov is not None:
            base = g if g is not None else torch.ones(1, 1, H, 1, device=y.device, dtype=y.dtype)
            g = torch.where(torch.isnan(ov), base, ov.to(base.dtype))
        if g is not None:
            y = y * g  # (B, T, H, D)
        if "gate" in cache:
            if g is None:
                gc = torch.ones(B, T, H, device=y.device, dtype=y.dtype)
            else:
                gc = g.expand(B, T, H, g.shape[-1])
                gc = gc.squeeze(-1) if self.gate_kind != "elementwise" else gc
            cache["gate"].append(gc)

        # head mask / replacement on the per-head output, before o_proj
        m = iv.head_mask(self.layer)  # (B|1, 1, H, 1) or None
        if m is not None:
            rep = iv.replacement(self.layer, T)
            m = m.to(y.dtype)
            y = y * m if rep is None else y * m + rep.to(y.dtype) * (1.0 - m)
        if "head_out" in cache:
            cache["head_out"].append(y)
        return self.o_proj(y.reshape(B, T, H * D))  # (B, T, C)

    def qkv(
        self, x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Queries, keys and values of the normed stream `x` (B, T, C), with rotary applied."""
        B, T, _ = x.shape
        H, K, D = self.n_heads, self.n_kv, self.head_dim
        q = self.q_norm(self.q_proj(x).view(B, T, H, D)).transpose(1, 2)  # (B, H, T, D)
        k = self.k_norm(self.k_proj(x).view(B, T, K, D)).transpose(1, 2)  # (B, K, T, D)
        v = self.v_proj(x).view(B, T, K, D).transpose(1, 2)  # (B, K, T, D)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        return q, k, v


class MLP(nn.Module):
    """SwiGLU: down(silu(gate(x)) * up(x))."""

    def __init__(self, cfg: ModelConfig):
        super().__init__()
        self.gate_proj = nn.Linear(cfg.d_model, cfg.d_mlp, bias=False)
        self.up_proj = nn.Linear(cfg.d_model, cfg.d_mlp, bias=False)
        self.down_proj = nn.Linear(cfg.d_mlp, cfg.d_model, bias=False)

    def forward(
        self, x: torch.Tensor, cache: dict[str, list[torch.Tensor]] | None = None
    ) -> torch.Tensor:
        h = F.silu(self.gate_proj(x)) * self.up_proj(x)  # (B, T, d_mlp)
        if cache is not None and "mlp_hidden" in cache:
            cache["mlp_hidden"].append(h)
        return self.down_proj(h)  # (B, T, C)


class Block(nn.Module):
    def __init__(self, cfg: ModelConfig, layer: int):
        super().__init__()
        self.attn_norm = RMSNorm(cfg.d_model, cfg.rms_eps)
        self.attn = Attention(cfg, layer)
        if cfg.attn_only:
            self.mlp_norm, self.mlp = None, None
        else:
            self.mlp_norm = RMSNorm(cfg.d_model, cfg.rms_eps)
            self.mlp = MLP(cfg)


# --------------------------------------------------------------------------------------------
# the model
# --------------------------------------------------------------------------------------------
class GatedTransformer(nn.Module):
    """Qwen3-style decoder with an optional attention output gate; see the module docstring."""

    def __init__(self, config: ModelConfig):
        super().__init__()
        config.validate()
        self.config = config
        self.embed = nn.Embedding(config.vocab_size, config.d_model)
        self.layers = nn.ModuleList(Block(config, i) for i in range(config.n_layers))
        self.norm = RMSNorm(config.d_model, config.rms_eps)
        self.lm_head = nn.Linear(config.d_model, config.vocab_size, bias=False)
        if config.tie_embeddings:
            self.lm_head.weight = self.embed.weight
        self.rotary = Rotary(config.head_dim, config.rope_theta)
        self.apply(self._init_weights)

    @staticmethod
    def _init_weights(m: nn.Module) -> None:
        if isinstance(m, nn.Linear):
            nn.init.normal_(m.weight, std=0.02)
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Embedding):
            nn.init.normal_(m.weight, std=0.02)

    # shape facts used by the probing tools ----------------------------------------------------
    @property
    def n_layers(self) -> int:
        return self.config.n_layers

    @property
    def n_heads(self) -> int:
        return self.config.n_heads

    @property
    def n_kv_heads(self) -> int:
        return self.config.n_kv_heads

    @property
    def head_dim(self) -> int:
        return self.config.head_dim

    @property
    def d_model(self) -> int:
        return self.config.d_model

    @property
    def gate(self) -> str:
        return self.config.gate

    @property
    def device(self) -> torch.device:
        return self.embed.weight.device

    @property
    def dtype(self) -> torch.dtype:
        return self.embed.weight.dtype

    def num_params(self) -> int:
        seen: set[int] = set()
        n = 0
        for p in self.parameters():
            if id(p) not in seen:
                seen.add(id(p))
                n += p.numel()
        return n

    def check_layer(self, layer: int, allow_final: bool = False) -> None:
        """Raise ModelError unless `layer` is a valid layer index (or L for the final residual)."""
        if not allow_final:
            _check_index("layer", layer, self.n_layers)
        elif (
            not isinstance(layer, int) or isinstance(layer, bool) or not 0 <= layer <= self.n_layers
        ):
            raise ModelError(
                f"Residual layer index {layer!r} is out of range.",
                f"residual positions are 0..{self.n_layers}: the input of each of the "
                f"{self.n_layers} layers, and {self.n_layers} for the final residual",
            )

    def check_head(self, layer: int, head: int) -> None:
        self.check_layer(layer)
        _check_index("head", head, self.n_heads)

    # forward -----------------------------------------------------------------------------------
    def forward(
        self,
        tokens: torch.Tensor,
        interventions: Interventions | None = None,
        cache: Iterable[str] | str = (),
    ) -> ModelOutput:
        names = _cache_names(cache)
        iv = _Resolved(self, interventions)
        tokens = self._check_tokens(tokens, iv.batch)
        B, T = tokens.shape
        iv.bind(B, T)
        store: dict[str, list[torch.Tensor]] = {n: [] for n in names}
        cos, sin = self.rotary(T, tokens.device, self.dtype)  # (T, D)

        x = self.embed(tokens)  # (B, T, C)
        for i, block in enumerate(self.layers):
            x = iv.at_layer_input(i, x)
            if "resid" in store:
                store["resid"].append(x)
            alt = [(w, block.attn_norm(v), hs) for w, v, hs in iv.head_inputs(i)]
            a = block.attn(block.attn_norm(x), cos, sin, iv, store, alt)  # (B, T, C)
            x = iv.project_out(i, x + a)
            if block.mlp is not None:
                mo = block.mlp(block.mlp_norm(x), store)  # (B, T, C)
                if "mlp_out" in store:
                    store["mlp_out"].append(mo)
                x = iv.project_out(i, x + mo)
        x = iv.at_layer_input(self.n_layers, x)
        if "resid" in store:
            store["resid"].append(x)
        logits = self.lm_head(self.norm(x))  # (B, T, V)
        return ModelOutput(logits=logits, cache=store)

    def _check_tokens(self, tokens: torch.Tensor, want_batch: int) -> torch.Tensor:
        if not isinstance(tokens, torch.Tensor):
            tokens = torch.as_tensor(tokens)
        if tokens.dim() == 1:
            tokens = tokens.unsqueeze(0)
        if tokens.dim() != 2:
            raise ModelError(
                f"tokens must have shape (B, T); got {tuple(tokens.shape)}.",
                "pass a 2-d LongTensor of token ids",
            )
        if tokens.dtype not in (torch.long, torch.int, torch.int32, torch.int16, torch.uint8):
            raise ModelError(
                f"tokens must be integer ids; got dtype {tokens.dtype}.",
                "convert with tokens.long()",
            )
        tokens = tokens.long().to(self.device)
        if tokens.numel() and (
            int(tokens.min()) < 0 or int(tokens.max()) >= self.config.vocab_size
        ):
            raise ModelError(
                f"Token ids must lie in [0, {self.config.vocab_size}); got "
                f"[{int(tokens.min())}, {int(tokens.max())}].",
                "check the vocabulary of the model",
            )
        if tokens.shape[1] > self.config.max_seq_len:
            raise ModelError(
                f"Sequence length {tokens.shape[1]} exceeds max_seq_len={self.config.max_seq_len}.",
                "use shorter prompts",
            )
        if want_batch > 1 and tokens.shape[0] != want_batch:
            if tokens.shape[0] == 1:
                tokens = tokens.expand(want_batch, -1)
            else:
                raise ModelError(
                    f"Interventions are for a batch of {want_batch} but tokens have batch "
                    f"{tokens.shape[0]}.",
                    "give tokens the same batch size (or a batch of 1)",
                )
        return tokens

    @torch.no_grad()
    def generate(
        self, tokens: torch.Tensor, max_new_tokens: int, interventions: Interventions | None = None
    ) -> torch.Tensor:
        """Greedy continuation (no KV cache; fine for small models). Interventions whose tensors
        depend on T (per-position replacements, resid patches) are not supported here."""
        out = tokens if isinstance(tokens, torch.Tensor) else torch.as_tensor(tokens)
        if out.dim() == 1:
            out = out.unsqueeze(0)
        for _ in range(max_new_tokens):
            logits = self(out[:, -self.config.max_seq_len :], interventions).logits
            out = torch.cat(
                [
                    out.to(logits.device).expand(logits.shape[0], -1),
                    logits[:, -1].argmax(-1, keepdim=True),
                ],
                dim=1,
            )
        return out


def _cache_names(cache: Iterable[str] | str) -> tuple[str, ...]:
    if isinstance(cache, str):
        cache = CACHE_NAMES if cache == "all" else (cache,)
    names = tuple(dict.fromkeys(cache))
    if "all" in names:
        return CACHE_NAMES
    bad = [n for n in names if n not in CACHE_NAMES]
    if bad:
        raise ModelError(
            f"Unknown cache name(s): {', '.join(map(repr, bad))}.",
            f"choose from: {', '.join(CACHE_NAMES)}, all",
        )
    return names


class _Resolved:
    """Interventions checked against the model and the batch, looked up per layer in forward."""

    def __init__(self, model: GatedTransformer, iv: Interventions | None):
        self.model = model
        self.iv = iv if iv is not None and not iv.is_empty() else None
        cfg = model.config
        self.L, self.H, self.D, self.C = cfg.n_layers, cfg.n_heads, cfg.head_dim, cfg.d_model
        self.batch = self.iv.batch_size() if self.iv is not None else 1
        self.patches: dict[int, list[ResidPatch]] = {}
        self.steers: dict[int, list[Steering]] = {}
        self.directions: torch.Tensor | None = None
        self.dir_layers: set[int] = set()
        self._mask = self._gate = self._rep = None
        self._rep_list = None
        self._inputs: dict[int, list[tuple[str, torch.Tensor, list[int]]]] = {}
        if self.iv is not None:
            self._validate()

    # validation -------------------------------------------------------------------------------
    def _validate(self) -> None:
        iv, L, H, D, dev = self.iv, self.L, self.H, self.D, self.model.device
        self._validate_inputs()
        if iv.head_mask is not None:
            m = torch.as_tensor(iv.head_mask, device=dev)
            if m.dim() == 2:
                m = m.unsqueeze(0)
            if m.dim() != 3 or tuple(m.shape[1:]) != (L, H):
                raise ModelError(
                    f"head_mask must have shape (B, {L}, {H}); got {tuple(m.shape)}.",
                    "one row of (n_layers, n_heads) per example",
                )
            self._mask = m.float()
        if iv.head_replacement is not None:
            if iv.head_mask is None:
                raise ModelError(
                    "head_replacement is given without head_mask.",
                    "set head_mask to 0 where the replacement should be used",
                )
            r = iv.head_replacement
            if isinstance(r, torch.Tensor):
                r = r.to(dev)
                ok = (
                    (r.dim() == 3 and tuple(r.shape) == (L, H, D))
                    or (r.dim() == 4 and r.shape[0] == L and tuple(r.shape[2:]) == (H, D))
                    or (
                        r.dim() == 5
                        and tuple(r.shape[1:2]) == (L,)
                        and tuple(r.shape[3:]) == (H, D)
                    )
                )
                if not ok:
                    raise ModelError(
                        f"head_replacement has shape {tuple(r.shape)}.",
                        f"use (L, H, D)=({L}, {H}, {D}), (L, T, H, D), (B, L, T, H, D) or a list "
                        f"of {L} tensors (B, T, H, D)",
                    )
                self._rep = r
            else:
                r = list(r)
                if len(r) != L:
                    raise ModelError(
                        f"head_replacement list has {len(r)} entries; the model has {L} layers.",
                        "give one tensor (or None) per layer, e.g. cache['head_out']",
                    )
                for i, t in enumerate(r):
                    if t is not None and tuple(t.shape[-2:]) != (H, D):
                        raise ModelError(
                            f"head_replacement[{i}] has shape {tuple(t.shape)}; its last two "
                            f"dimensions must be (H, D)=({H}, {D}).",
                            "use per-head outputs (B, T, H, D)",
                        )
                self._rep_list = [None if t is None else t.to(dev) for t in r]
        if iv.gate_override is not None:
            g = torch.as_tensor(iv.gate_override, device=dev).float()
            if g.dim() == 2:
                g = g.unsqueeze(0)
            elementwise_ok = g.dim() == 4 and tuple(g.shape[1:]) == (L, H, D)
            if not ((g.dim() == 3 and tuple(g.shape[1:]) == (L, H)) or elementwise_ok):
                raise ModelError(
                    f"gate_override must have shape (B, {L}, {H}); got {tuple(g.shape)}.",
                    "use NaN where no override is wanted",
                )
            if elementwise_ok and self.model.config.gate != "elementwise":
                raise ModelError(
                    "A per-dimension gate_override needs an elementwise-gated model.",
                    f"this model's gate is {self.model.config.gate!r}; use (B, L, H)",
                )
            self._gate = g
        for p in iv.resid_patches:
            self.model.check_layer(p.layer, allow_final=True)
            self.patches.setdefault(p.layer, []).append(p)
        for s in iv.steering:
            self.model.check_layer(s.layer, allow_final=True)
            if s.vector.shape[-1] != self.C:
                raise ModelError(
                    f"Steering vector has width {s.vector.shape[-1]}; d_model is {self.C}.",
                    "use a vector in the residual space of this model",
                )
            self.steers.setdefault(s.layer, []).append(s)
        if iv.ablate_direction is not None:
            r = torch.as_tensor(iv.ablate_direction, device=dev).float()
            if r.dim() == 1:
                r = r.unsqueeze(0)
            if r.dim() == 2:
                r = r.unsqueeze(0)  # (1, k, C)
            if r.dim() != 3 or r.shape[-1] != self.C:
                raise ModelError(
                    f"ablate_direction has shape {tuple(r.shape)}; expected (k, {self.C}).",
                    "directions live in the residual stream",
                )
            # orthonormal basis of the span of the directions (per example)
            q, _ = torch.linalg.qr(r.transpose(1, 2))  # (B|1, C, k)
            self.directions = q.transpose(1, 2)  # (B|1, k, C)
            layers = range(self.L + 1) if iv.ablate_layers is None else iv.ablate_layers
            for i in layers:
                self.model.check_layer(i, allow_final=True)
            self.dir_layers = set(layers)

    def _validate_inputs(self) -> None:
        for h in self.iv.head_inputs:
            self.model.check_layer(h.layer)
            if h.which not in HEAD_INPUTS:
                raise ModelError(
                    f"Unknown head input {h.which!r}.", f"choose one of: {', '.join(HEAD_INPUTS)}"
                )
            heads = [int(j) for j in h.heads]
            if not heads:
                raise ModelError("A head input names no heads.", "give at least one head index")
            for j in heads:
                self.model.check_head(h.layer, j)
            v = torch.as_tensor(h.value, device=self.model.device)
            if v.dim() == 2:
                v = v.unsqueeze(0)
            if v.dim() != 3 or v.shape[-1] != self.C:
                raise ModelError(
                    f"Head input value at layer {h.layer} has shape {tuple(v.shape)}; "
                    f"expected (B, T, {self.C}).",
                    "pass a residual stream, e.g. a cached resid[layer]",
                )
            self._inputs.setdefault(h.layer, []).append((h.which, v, heads))

    def head_inputs(self, layer: int) -> list[tuple[str, torch.Tensor, list[int]]]:
        return self._inputs.get(layer, [])

    def bind(self, B: int, T: int) -> None:
        self.B, self.T = B, T
        if self.iv is None:
            return
        for entries in self._inputs.values():
            for which, v, _ in entries:
                if v.shape[1] != T:
                    raise ModelError(
                        f"A {which} head input covers {v.shape[1]} positions; the tokens have {T}.",
                        "take the value from prompts of the same length",
                    )
        for plist in self.patches.values():
            for p in plist:
                if p.value.dim() != 3 or p.value.shape[1] != T or p.value.shape[2] != self.C:
                    raise ModelError(
                        f"Residual patch at layer {p.layer} has shape {tuple(p.value.shape)}; "
                        f"expected (B, {T}, {self.C}).",
                        "patch with a cached residual of the same prompt length",
                    )
        if self._rep is not None and self._rep.dim() >= 4:
            t_axis = 1 if self._rep.dim() == 4 else 2
            if self._rep.shape[t_axis] != T:
                raise ModelError(
                    f"head_replacement covers {self._rep.shape[t_axis]} positions; "
                    f"the tokens have {T}.",
                    "cache the replacement on prompts of the same length",
                )

    # lookups used by the forward pass -----------------------------------------------------------
    def head_mask(self, layer: int) -> torch.Tensor | None:
        if self._mask is None:
            return None
        return self._mask[:, layer][:, None, :, None]  # (B|1, 1, H, 1)

    def replacement(self, layer: int, T: int) -> torch.Tensor | None:
        if self._rep is not None:
            r = self._rep
            if r.dim() == 3:
                return r[layer]  # (H, D)
            if r.dim() == 4:
                return r[layer]  # (T, H, D)
            return r[:, layer]  # (B|1, T, H, D)
        if self._rep_list is not None:
            r = self._rep_list[layer]
            if r is not None and r.dim() >= 3 and r.shape[-3] != T:
                raise ModelError(
                    f"head_replacement[{layer}] covers {r.shape[-3]} positions; the tokens "
                    f"have {T}.",
                    "cache the replacement on prompts of the same length",
                )
            return r
        return None

    def gate_override(self, layer: int) -> torch.Tensor | None:
        if self._gate is None:
            return None
        g = self._gate[:, layer]  # (B|1, H) or (B|1, H, D)
        return g[:, None, :, None] if g.dim() == 2 else g[:, None]  # (B|1, 1, H, 1 | D)

    def at_layer_input(self, layer: int, x: torch.Tensor) -> torch.Tensor:
        if self.iv is None:
            return x
        for p in self.patches.get(layer, ()):
            v = p.value.to(x.device, x.dtype)
            if p.mask is None:
                x = v.expand_as(x)
            else:
                m = torch.as_tensor(p.mask, device=x.device).bool()
                if m.dim() == 1:
                    m = m.unsqueeze(0)
                x = torch.where(m[..., None], v, x)
        for s in self.steers.get(layer, ()):
            x = x + self._steer_delta(s, x)
        if layer in self.dir_layers:
            x = self._project(x)
        return x

    def project_out(self, layer: int, x: torch.Tensor) -> torch.Tensor:
        """Directional ablation after a sub-layer of `layer` writes to the residual."""
        if self.directions is None or layer not in self.dir_layers:
            return x
        return self._project(x)

    def _project(self, x: torch.Tensor) -> torch.Tensor:
        r = self.directions.to(x.device)  # (B|1, k, C)
        coef = torch.einsum("btc,bkc->btk", x.float(), r)  # (B, T, k)
        return (x.float() - torch.einsum("btk,bkc->btc", coef, r)).to(x.dtype)

    def _steer_delta(self, s: Steering, x: torch.Tensor) -> torch.Tensor:
        B, T, C = x.shape
        v = s.vector.to(x.device, x.dtype)
        if v.dim() == 1:
            v = v.view(1, 1, C)
        elif v.dim() == 2:
            v = v[:, None, :]  # (B|1, 1, C)
        elif v.shape[1] != T:
            raise ModelError(
                f"Steering vector covers {v.shape[1]} positions; the tokens have {T}.",
                "use a (d_model,) vector or one per position",
            )
        a = s.alpha
        if isinstance(a, torch.Tensor):
            a = a.to(x.device, x.dtype).reshape(-1, 1, 1)  # (B|1, 1, 1)
        if s.positions is not None:
            pos = torch.as_tensor(s.positions, device=x.device).bool()
            if pos.dim() == 1:
                pos = pos.unsqueeze(0)
        else:
            pos = (torch.arange(T, device=x.device) >= s.start).unsqueeze(0)  # (1, T)
        return a * v * pos[..., None].to(x.dtype)  # (B|1, T, C)
