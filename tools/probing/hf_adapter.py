"""Models of other architectures from a local directory, through `transformers`, with the same
forward/intervention interface as `GatedTransformer`.

`HFModel.forward(tokens, interventions=None, cache=()) -> ModelOutput` accepts the same
`Interventions` and cache names. It works with forward hooks on the unchanged transformers model:

- per-head outputs: a forward *pre*-hook on each attention output projection (`o_proj`; GPT-2's
  `attn.c_proj`) reads and rewrites its input (B, T, H*D) viewed as (B, T, H, D): head masks,
  replacements and the "head_out" cache act there, never on a slice of the projection's output;
- residual stream: pre-hooks on each decoder block and on the final norm (patches, steering,
  directional ablation, "resid" cache); forward hooks on `o_proj` and the MLP project ablated
  directions out of what they write;
- gates: Qwen3-Next and Qwen3.5 pack an elementwise output gate into `q_proj` per head (query then
  gate for each head, `split_gated_q_proj(layout="per_head")`). A forward hook on `q_proj` reads
  the gate logits ("gate" cache) and writes `logit(override)` where `gate_override` is set. On
  architectures without a gate, an override multiplies the head output (an implicit gate of 1),
  as in `GatedTransformer`;
- attention patterns ("attn") switch the model to eager attention for that call.

Layers are the decoder blocks; in hybrid models (Qwen3-Next, Qwen3.5) the linear-attention blocks
have no heads: their head-mask entries must stay 1 and their "head_out"/"attn"/"gate" cache entries
are None.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Any

import torch
import torch.nn as nn

from copilot.errors import DependencyError, ModelError
from copilot.tools.probing.checkpoints import (
    HF_ADAPTER_TYPES,
    _read_config,
    split_gated_q_proj,
    weight_files,
)
from copilot.tools.probing.device import resolve_device, resolve_dtype
from copilot.tools.probing.memory import (
    check_device_fits,
    check_finite,
    check_fits,
    hf_param_count,
)
from copilot.tools.probing.model import (
    GatedTransformer,
    Interventions,
    ModelConfig,
    ModelOutput,
    _cache_names,
    _Resolved,
)

PER_HEAD_GATED = ("qwen3_next", "qwen3_5", "qwen3_5_text", "qwen3_5_moe", "qwen3_5_moe_text")


def _text_config(raw: dict[str, Any]) -> dict[str, Any]:
    return raw.get("text_config") or raw


def hf_config_summary(raw: dict[str, Any]) -> dict[str, Any]:
    """Sizes from a transformers config.json dict (Llama/Qwen names or GPT-2 names)."""
    c = _text_config(raw)
    mt = raw.get("model_type")
    d = c.get("hidden_size") or c.get("n_embd")
    h = c.get("num_attention_heads") or c.get("n_head")
    return {
        "hf_model_type": mt,
        "n_layers": c.get("num_hidden_layers") or c.get("n_layer"),
        "n_heads": h,
        "n_kv_heads": c.get("num_key_value_heads") or h,
        "head_dim": c.get("head_dim") or (d // h if d and h else None),
        "d_model": d,
        "vocab_size": c.get("vocab_size"),
        "gate": "elementwise" if mt in PER_HEAD_GATED else "none",
        "attn_only": False,
    }


def _hf():
    try:
        import transformers
    except ImportError:  # pragma: no cover - the test extra has it
        raise DependencyError("transformers", "hf", "loading this architecture") from None
    return transformers


# what hooks on an unchanged transformers model can record
HF_CACHE_NAMES: tuple[str, ...] = ("head_out", "attn", "gate", "resid", "mlp_out")


class _Parts:
    """Where the blocks, attention output projections, MLPs and final norm of a model live."""

    def __init__(self, hf: nn.Module, model_type: str):
        if model_type == "gpt2":
            base = hf.transformer
            self.blocks = list(base.h)
            self.attn = [b.attn for b in self.blocks]
            self.o_proj = [b.attn.c_proj for b in self.blocks]
            self.q_proj = [None for _ in self.blocks]
            self.mlp = [b.mlp for b in self.blocks]
            self.final_norm = base.ln_f
            return
        base = hf.model
        if not hasattr(base, "layers") and hasattr(base, "language_model"):
            base = base.language_model
        if not hasattr(base, "layers"):
            raise ModelError(
                f"Cannot find the decoder layers of this {model_type} model.",
                f"supported: {', '.join(HF_ADAPTER_TYPES)}",
            )
        self.blocks = list(base.layers)
        self.attn = [getattr(b, "self_attn", None) for b in self.blocks]
        self.o_proj = [getattr(a, "o_proj", None) for a in self.attn]
        gated = model_type in PER_HEAD_GATED
        self.q_proj = [getattr(a, "q_proj", None) if gated else None for a in self.attn]
        self.mlp = [getattr(b, "mlp", None) for b in self.blocks]
        self.final_norm = base.norm


class HFModel(nn.Module):
    """A transformers causal LM with the `GatedTransformer` forward/intervention interface."""

    def __init__(self, hf_model: nn.Module, source: str | Path | None = None):
        super().__init__()
        self.hf = hf_model
        raw = hf_model.config.to_dict()
        self.model_type = raw.get("model_type")
        s = hf_config_summary(raw)
        self.parts = _Parts(hf_model, self.model_type)
        n_layers = len(self.parts.blocks)
        c = _text_config(raw)
        self.config = ModelConfig(
            vocab_size=s["vocab_size"],
            n_layers=n_layers,
            n_heads=s["n_heads"],
            n_kv_heads=s["n_kv_heads"],
            d_model=s["d_model"],
            head_dim=s["head_dim"],
            d_mlp=c.get("intermediate_size") or c.get("n_inner") or 4 * s["d_model"],
            max_seq_len=int(c.get("max_position_embeddings") or c.get("n_positions") or 2048),
            gate=s["gate"],
            attn_only=False,
            qk_norm=self.model_type not in ("gpt2", "llama", "qwen2"),
            meta={"hf_model_type": self.model_type, "source": str(source) if source else None},
        )
        self.gated = self.model_type in PER_HEAD_GATED
        self.attention_layers = [i for i, o in enumerate(self.parts.o_proj) if o is not None]

    # same facts as GatedTransformer --------------------------------------------------------------
    n_layers = GatedTransformer.n_layers
    n_heads = GatedTransformer.n_heads
    n_kv_heads = GatedTransformer.n_kv_heads
    head_dim = GatedTransformer.head_dim
    d_model = GatedTransformer.d_model
    gate = GatedTransformer.gate
    check_layer = GatedTransformer.check_layer
    check_head = GatedTransformer.check_head
    _check_tokens = GatedTransformer._check_tokens

    @property
    def device(self) -> torch.device:
        return next(self.hf.parameters()).device

    @property
    def dtype(self) -> torch.dtype:
        return next(self.hf.parameters()).dtype

    def num_params(self) -> int:
        return sum(p.numel() for p in self.hf.parameters())

    # forward ---------------------------------------------------------------------------------
    def forward(
        self, tokens: torch.Tensor, interventions: Interventions | None = None, cache: Any = ()
    ) -> ModelOutput:
        # "all" means all that hooks can record here
        names = _cache_names(HF_CACHE_NAMES if cache == "all" else cache)
        native_only = [n for n in names if n not in HF_CACHE_NAMES]
        if native_only:
            raise ModelError(
                f"Cache name(s) {', '.join(map(repr, native_only))} need the built-in model.",
                f"on a Hugging Face model cache {', '.join(HF_CACHE_NAMES)}",
            )
        if interventions is not None and interventions.head_inputs:
            raise ModelError(
                "q/k/v head-input patches need the built-in model.",
                "load a checkpoint in this project's format, or patch heads' outputs instead",
            )
        iv = _Resolved(self, interventions)
        tokens = self._check_tokens(tokens, iv.batch)
        B, T = tokens.shape
        iv.bind(B, T)
        self._check_head_layers(iv)
        store: dict[str, list[Any]] = {n: [] for n in names}
        per_layer = {n: [None] * self.n_layers for n in ("head_out", "gate", "mlp_out")}
        H, D = self.n_heads, self.head_dim
        handles = []

        def block_hook(i: int):
            def hook(mod, args, kwargs):
                if args:
                    x = iv.at_layer_input(i, args[0])
                    args = (x, *args[1:])
                else:
                    x = iv.at_layer_input(i, kwargs["hidden_states"])
                    kwargs = {**kwargs, "hidden_states": x}
                if "resid" in store:
                    store["resid"].append(x)
                return args, kwargs

            return hook

        def final_hook(mod, args):
            x = iv.at_layer_input(self.n_layers, args[0])
            if "resid" in store:
                store["resid"].append(x)
            return (x, *args[1:])

        def o_pre_hook(i: int):
            def hook(mod, args):
                y = args[0].reshape(B, T, H, D)  # (B, T, H, D): per-head output, after any gate
                ov = iv.gate_override(i) if not self.gated else None
                if ov is not None:  # no gate of its own: the override multiplies (implicit gate 1)
                    y = y * torch.where(torch.isnan(ov), torch.ones_like(ov), ov).to(y.dtype)
                if "gate" in store and not self.gated:
                    g = torch.ones(B, T, H, device=y.device, dtype=y.dtype)
                    if ov is not None:
                        g = g * torch.where(torch.isnan(ov), torch.ones_like(ov), ov)[..., 0].to(
                            y.dtype
                        )
                    per_layer["gate"][i] = g
                m = iv.head_mask(i)
                if m is not None:
                    rep = iv.replacement(i, T)
                    m = m.to(y.dtype)
                    y = y * m if rep is None else y * m + rep.to(y.dtype) * (1.0 - m)
                if "head_out" in store:
                    per_layer["head_out"][i] = y
                return (y.reshape(B, T, H * D), *args[1:])

            return hook

        def q_hook(i: int):
            def hook(mod, args, out):  # out: (B, T, H * 2D), per head [query, gate]
                ov = iv.gate_override(i)
                if ov is None and "gate" not in store:
                    return None
                packed = out.view(B, T, H, 2 * D)
                q, logits = packed[..., :D], packed[..., D:]  # (B, T, H, D) each
                if ov is not None:
                    want = torch.logit(ov.clamp(0.0, 1.0)).to(logits.dtype)  # sigmoid(logit(p)) = p
                    logits = torch.where(torch.isnan(ov), logits, want)
                if "gate" in store:
                    per_layer["gate"][i] = torch.sigmoid(logits)
                return torch.cat([q, logits], dim=-1).reshape(out.shape)

            return hook

        def project_hook(i: int):
            def hook(mod, args, out):
                if isinstance(out, tuple):
                    return (iv.project_out(i, out[0]), *out[1:])
                return iv.project_out(i, out)

            return hook

        def mlp_hook(i: int):
            def hook(mod, args, out):
                t = out[0] if isinstance(out, tuple) else out
                per_layer["mlp_out"][i] = t
                return None

            return hook

        p = self.parts
        try:
            for i, blk in enumerate(p.blocks):
                handles.append(blk.register_forward_pre_hook(block_hook(i), with_kwargs=True))
                if p.o_proj[i] is not None:
                    handles.append(p.o_proj[i].register_forward_pre_hook(o_pre_hook(i)))
                    if iv.directions is not None:
                        handles.append(p.o_proj[i].register_forward_hook(project_hook(i)))
                if p.q_proj[i] is not None:
                    handles.append(p.q_proj[i].register_forward_hook(q_hook(i)))
                if p.mlp[i] is not None:
                    if "mlp_out" in store:
                        handles.append(p.mlp[i].register_forward_hook(mlp_hook(i)))
                    if iv.directions is not None:
                        handles.append(p.mlp[i].register_forward_hook(project_hook(i)))
            handles.append(p.final_norm.register_forward_pre_hook(final_hook))
            with self._attention_impl("eager" if "attn" in store else None):
                out = self.hf(input_ids=tokens, output_attentions="attn" in store, use_cache=False)
        finally:
            for h in handles:
                h.remove()
        for n in ("head_out", "gate", "mlp_out"):
            if n in store:
                store[n] = per_layer[n]
        if "attn" in store:
            att = list(out.attentions or [])
            if len(att) == len(self.attention_layers) and len(att) != self.n_layers:
                full: list[Any] = [None] * self.n_layers
                for i, a in zip(self.attention_layers, att, strict=True):
                    full[i] = a
                att = full
            store["attn"] = att
        return ModelOutput(logits=out.logits, cache=store)

    def _check_head_layers(self, iv: _Resolved) -> None:
        if iv._mask is None:
            return
        no_heads = [i for i in range(self.n_layers) if self.parts.o_proj[i] is None]
        if no_heads and bool((iv._mask[:, no_heads] != 1).any()):
            raise ModelError(
                f"Layers {no_heads} are linear-attention layers without heads.",
                "keep head_mask at 1 there; only full-attention layers have heads",
            )

    @contextmanager
    def _attention_impl(self, impl: str | None):
        cfg = self.hf.config
        old = getattr(cfg, "_attn_implementation", None)
        if impl is None or impl == old:
            yield
            return
        setter = getattr(self.hf, "set_attn_implementation", None)
        try:
            if setter is not None:
                setter(impl)
            else:  # older transformers
                cfg._attn_implementation = impl
            yield
        finally:
            if setter is not None:
                setter(old)
            else:
                cfg._attn_implementation = old

    @torch.no_grad()
    def generate(
        self, tokens: torch.Tensor, max_new_tokens: int, interventions: Interventions | None = None
    ) -> torch.Tensor:
        return GatedTransformer.generate(self, tokens, max_new_tokens, interventions)


def load_hf_model(
    path: str | Path, device: str | torch.device = "auto", dtype: str | torch.dtype = "auto"
) -> HFModel:
    """Load a local transformers checkpoint (safetensors only, never a hub download)."""
    path = Path(path).expanduser()
    raw = _read_config(path)
    mt = raw.get("model_type")
    if mt not in HF_ADAPTER_TYPES:
        raise ModelError(
            f"model_type {mt!r} is not supported by the transformers adapter.",
            f"supported: {', '.join(HF_ADAPTER_TYPES)}",
        )
    if mt == "qwen3" and (
        raw.get("headwise_attn_output_gate") or raw.get("elementwise_attn_output_gate")
    ):
        raise ModelError(
            "transformers cannot read the gated Qwen3 layout (gate packed into q_proj).",
            "load it natively: load_model(path) with backend='auto'",
        )
    weight_files(path)  # refuses pickle-only and partial directories with a clear message
    transformers = _hf()
    dev = resolve_device(device)
    dt = resolve_dtype(dtype, dev)
    summary = hf_config_summary(raw)
    params = hf_param_count(summary, raw)
    if params is not None:
        shape = f"{summary['n_layers']} layers, hidden size {summary['d_model']}"
        check_fits(params, torch.empty((), dtype=dt).element_size(), path, shape)
        check_device_fits(params, torch.empty((), dtype=dt).element_size(), dev, path)
    kwargs = dict(local_files_only=True, use_safetensors=True, trust_remote_code=False)
    tf_logging = transformers.utils.logging
    bar_was_on = tf_logging.is_progress_bar_enabled()
    verbosity = tf_logging.get_verbosity()
    tf_logging.disable_progress_bar()  # stdout/stderr stay clean for --json and the TUI;
    tf_logging.set_verbosity_error()  # problems become ModelErrors below instead of reports
    try:
        try:
            hf, info = transformers.AutoModelForCausalLM.from_pretrained(
                str(path), dtype=dt, output_loading_info=True, **kwargs
            )
        except TypeError:  # transformers < 4.56 names it torch_dtype
            hf, info = transformers.AutoModelForCausalLM.from_pretrained(
                str(path), torch_dtype=dt, output_loading_info=True, **kwargs
            )
    except (OSError, ValueError, RuntimeError) as exc:
        msg = str(exc).splitlines()[0][:300]
        raise ModelError(
            f"transformers could not load {path}: {msg}",
            "check that config.json matches the weights (sizes, layer count)",
        ) from None
    finally:
        tf_logging.set_verbosity(verbosity)
        if bar_was_on:
            tf_logging.enable_progress_bar()
    _check_loading_info(info, path)
    check_finite(dict(hf.named_parameters()), path)
    return HFModel(hf.to(dev).eval(), source=path)


def _check_loading_info(info: dict[str, Any], path: Path) -> None:
    """transformers fills missing or mismatched weights with random values and only warns: refuse."""
    missing = [k for k in info.get("missing_keys") or [] if not k.endswith("lm_head.weight")]
    mismatched = list(info.get("mismatched_keys") or [])
    if mismatched:
        first = mismatched[0]
        name = first[0] if isinstance(first, tuple | list) else first
        raise ModelError(
            f"{path}: {len(mismatched)} weight(s) do not match config.json in shape (e.g. {name}).",
            "check hidden_size, heads and head_dim in config.json",
        )
    if missing:
        raise ModelError(
            f"{path}: {len(missing)} weight(s) missing from the checkpoint "
            f"({', '.join(sorted(missing)[:3])}); they would be random.",
            "the checkpoint is partial or config.json describes another model",
        )


def gate_split_for(model_type: str) -> str:
    """The q_proj gate packing of an architecture: "per_head" (Qwen3-Next/3.5) or "kv_group"."""
    return "per_head" if model_type in PER_HEAD_GATED else "kv_group"


__all__ = ["HFModel", "load_hf_model", "hf_config_summary", "split_gated_q_proj", "gate_split_for"]
