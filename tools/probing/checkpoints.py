"""Checkpoints on local disk: this project's format, Qwen3 (gated or not), and other HF layouts.

- Own format: a directory with `config.json` (a `ModelConfig` plus `"format"`) and
  `model.safetensors`. Never pickle: a directory with only `.bin`/`.pt`/`.pth`/`.ckpt`/`.pkl`
  weights is refused, because unpickling can run arbitrary code.
- Qwen3 (`model_type: "qwen3"`, HF layout: `config.json` + `model.safetensors` or shards with
  `model.safetensors.index.json`) loads natively into `GatedTransformer`, including the gated
  variants of Qiu et al. 2025 (`headwise_attn_output_gate` / `elementwise_attn_output_gate`), whose
  gate logits are packed into `q_proj` (see `split_gated_q_proj` for both packings).
- Llama, Qwen2, Qwen3, Qwen3-Next, Qwen3.5 and GPT-2 directories load through the transformers
  adapter (`hf_adapter.HFModel`), which offers the same forward/intervention interface.

`load_model(path)` picks the right one; `load_demo_model()` returns the shipped induction model.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch

from copilot.errors import ModelError
from copilot.progress import ProgressCallback
from copilot.tools.probing.device import resolve_device, resolve_dtype
from copilot.tools.probing.memory import (
    check_device_fits,
    check_finite,
    check_fits,
    native_param_count,
)
from copilot.tools.probing.model import GatedTransformer, ModelConfig

FORMAT = "copilot-gated-transformer"
FORMAT_VERSION = 1
WEIGHTS_FILE = "model.safetensors"
INDEX_FILE = "model.safetensors.index.json"
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle")
REPO_ROOT = Path(__file__).resolve().parents[2]
SHIPPED_MODELS_DIR = REPO_ROOT / "examples" / "models"
DEMO_NAME = "induction-demo"
DEMO_COMMAND = (
    "copilot model train --task induction --gate headwise --n-layers 2 --n-heads 4 --steps 600 "
    "--seed 0 --device cpu --out-dir examples/models/induction-demo"
)
HF_ADAPTER_TYPES = (
    "llama",
    "qwen2",
    "qwen3",
    "qwen3_moe",
    "qwen3_next",
    "qwen3_5",
    "qwen3_5_text",
    "qwen3_5_moe",
    "qwen3_5_moe_text",
    "gpt2",
)
GATE_LAYOUTS = ("kv_group", "per_head")


# --------------------------------------------------------------------------------------------
# own format
# --------------------------------------------------------------------------------------------
def save_model(model: GatedTransformer, path: str | Path) -> Path:
    """Write `config.json` and `model.safetensors` into the directory `path` (created if needed)."""
    from safetensors.torch import save_file

    path = Path(path).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(
            f"Cannot create {path} ({exc.strerror}).", "choose a writable folder"
        ) from None
    state = {
        k: v.detach().to("cpu", torch.float32).contiguous() for k, v in model.state_dict().items()
    }
    if model.config.tie_embeddings:
        state.pop("lm_head.weight", None)  # shared with embed.weight
    save_file(state, str(path / WEIGHTS_FILE), metadata={"format": FORMAT})
    (path / WEIGHTS_FILE).chmod(0o644)  # safetensors writes a private temporary file
    cfg = {"format": FORMAT, "format_version": FORMAT_VERSION, **model.config.to_dict()}
    (path / "config.json").write_text(json.dumps(cfg, indent=2, sort_keys=True) + "\n")
    return path


def _read_config(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise ModelError(
            f"Model directory {path} does not exist.",
            "give a folder with config.json and model.safetensors, or run `copilot model list`",
        )
    if not path.is_dir():
        raise ModelError(
            f"{path} is a file, not a model directory.",
            "give the folder that holds config.json and the weights",
        )
    cfg_path = path / "config.json"
    if not cfg_path.is_file():
        _refuse_pickle(path)
        raise ModelError(
            f"{path} has no config.json (a partial or foreign checkpoint).",
            "a model directory needs config.json plus model.safetensors (or shards)",
        )
    try:
        cfg = json.loads(cfg_path.read_text())
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelError(
            f"{cfg_path} is not valid JSON ({exc}).", "fix or regenerate the file"
        ) from None
    if not isinstance(cfg, dict):
        raise ModelError(f"{cfg_path} is not a JSON object.", "fix or regenerate the file")
    return cfg


def _refuse_pickle(path: Path) -> None:
    pickles = sorted(p.name for p in path.iterdir() if p.suffix in PICKLE_SUFFIXES)
    if pickles and not any(path.glob("*.safetensors")):
        raise ModelError(
            f"{path} holds only pickle weights ({', '.join(pickles[:3])}); they are refused because "
            "loading a pickle can execute arbitrary code.",
            "convert them to safetensors where you trust the file, e.g. "
            "`AutoModelForCausalLM.from_pretrained(dir).save_pretrained(dir, safe_serialization=True)`",
        )


def weight_files(path: Path) -> list[Path]:
    """The safetensors files of a checkpoint directory (single file or every shard of the index)."""
    index = path / INDEX_FILE
    if index.is_file():
        try:
            weight_map = json.loads(index.read_text())["weight_map"]
        except (json.JSONDecodeError, KeyError, TypeError):
            raise ModelError(
                f"{index} is not a valid safetensors index (no weight_map).",
                "regenerate the checkpoint",
            ) from None
        files = sorted(set(weight_map.values()))
        missing = [f for f in files if not (path / f).is_file()]
        if missing:
            raise ModelError(
                f"{path} is a partial checkpoint: {len(missing)} of {len(files)} shards are missing "
                f"({', '.join(missing[:3])}).",
                "copy the missing shards into the folder",
            )
        return [path / f for f in files]
    if (path / WEIGHTS_FILE).is_file():
        return [path / WEIGHTS_FILE]
    shards = sorted(path.glob("*.safetensors"))
    if shards:
        return shards
    _refuse_pickle(path)
    raise ModelError(
        f"{path} has config.json but no weights (a partial checkpoint).",
        f"add {WEIGHTS_FILE} or the shards listed in {INDEX_FILE}",
    )


def read_weights(path: Path) -> dict[str, torch.Tensor]:
    """Every tensor of the checkpoint at `path`, on CPU (safetensors only)."""
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    state: dict[str, torch.Tensor] = {}
    for f in weight_files(path):
        try:
            state.update(load_file(str(f), device="cpu"))
        except (SafetensorError, OSError) as exc:
            raise ModelError(
                f"Cannot read {f.name}: {exc}.", "the file is damaged; copy it again"
            ) from None
    check_finite(state, path)
    return state


def _shape(c: ModelConfig) -> str:
    return f"{c.n_layers} layers, d_model {c.d_model}, d_mlp {c.d_mlp}, vocabulary {c.vocab_size}"


def checkpoint_kind(path: str | Path) -> str:
    """ "native" (this project's format), "qwen3" (native load of a Qwen3 checkpoint) or the HF
    `model_type` handled by the adapter; unknown architectures raise ModelError."""
    cfg = _read_config(Path(path).expanduser())
    return _kind(cfg, Path(path))


def _kind(cfg: dict[str, Any], path: Path) -> str:
    if cfg.get("format") == FORMAT or "n_layers" in cfg:
        return "native"
    mt = cfg.get("model_type")
    if mt == "qwen3":
        return "qwen3"
    if mt in HF_ADAPTER_TYPES:
        return mt
    archs = cfg.get("architectures") or []
    raise ModelError(
        f"Unknown architecture in {path / 'config.json'}: model_type={mt!r}"
        + (f", architectures={archs}" if archs else "")
        + ".",
        f"supported: this project's format, qwen3 (native, gated or not), and through transformers: "
        f"{', '.join(HF_ADAPTER_TYPES)}",
    )


def load_model(
    path: str | Path,
    device: str | torch.device = "auto",
    dtype: str | torch.dtype = "auto",
    backend: str = "auto",
    gate_layout: str = "kv_group",
):
    """Load a model directory: this project's format or Qwen3 natively (`GatedTransformer`), other
    architectures through the transformers adapter (`HFModel`). `backend="hf"` forces the adapter
    (not for gated Qwen3, which transformers cannot read). `device` auto picks CUDA, MPS, then CPU;
    `dtype` auto is bfloat16/float16 on GPU and float32 on CPU."""
    path = resolve_model_path(path)
    cfg = _read_config(path)
    kind = _kind(cfg, path)
    if backend not in ("auto", "native", "hf"):
        raise ModelError(f"Unknown backend {backend!r}.", "use auto, native or hf")
    dev = resolve_device(device)
    dt = resolve_dtype(dtype, dev)
    if kind == "native":
        if backend == "hf":
            raise ModelError("This project's checkpoints load natively only.", "drop backend='hf'")
        config = ModelConfig.from_dict(cfg)
        check_fits(native_param_count(config), 4, path, _shape(config))
        check_device_fits(native_param_count(config), _bytes(dt), dev, path)
        model = GatedTransformer(config)
        _load_state(model, read_weights(path), path)
        if config.meta.get("task") == "text" and (path / "tokenizer.json").is_file():
            from copilot.tools.probing.text import TextTokenizer

            model.tokenizer = TextTokenizer.load(path)  # text prompts need no --tokenizer
        return model.to(dev, dt).eval()
    if kind == "qwen3" and backend != "hf":
        return load_qwen3(path, device=dev, dtype=dt, gate_layout=gate_layout)
    if backend == "native":
        raise ModelError(
            f"model_type {cfg.get('model_type')!r} has no native loader.",
            "use backend='auto' or 'hf' (needs transformers)",
        )
    from copilot.tools.probing.hf_adapter import load_hf_model

    return load_hf_model(path, device=dev, dtype=dt)


def _load_state(model: GatedTransformer, state: dict[str, torch.Tensor], path: Path) -> None:
    """Strict load with errors that name the tensor, the expected and the found shape."""
    expected = model.state_dict()
    tied = model.config.tie_embeddings
    if tied:
        state = {k: v for k, v in state.items() if k != "lm_head.weight"}
    missing = [k for k in expected if k not in state and not (tied and k == "lm_head.weight")]
    unexpected = [k for k in state if k not in expected]
    if missing:
        raise ModelError(
            f"{path}: {len(missing)} weight(s) missing for this config ({', '.join(missing[:4])}).",
            "config.json does not describe these weights (layers, gate, attn_only?)",
        )
    if unexpected:
        raise ModelError(
            f"{path}: {len(unexpected)} weight(s) the config does not know ({', '.join(unexpected[:4])}).",
            "config.json does not describe these weights (layers, gate, attn_only?)",
        )
    for k, v in state.items():
        if tuple(v.shape) != tuple(expected[k].shape):
            raise ModelError(
                f"{path}: shape mismatch for {k}: the config needs {tuple(expected[k].shape)}, the "
                f"file has {tuple(v.shape)}.",
                "check d_model, n_heads, n_kv_heads and head_dim in config.json",
            )
    model.load_state_dict(state, strict=False)


# --------------------------------------------------------------------------------------------
# Qwen3 (and the gated Qwen3 of Qiu et al.)
# --------------------------------------------------------------------------------------------
def split_gated_q_proj(
    w: torch.Tensor,
    n_heads: int,
    n_kv_heads: int,
    head_dim: int,
    gate: str,
    layout: str = "kv_group",
) -> tuple[torch.Tensor, torch.Tensor]:
    """Split a packed q_proj weight (out, in) or bias (out,) into (query, gate) parts.

    Rows are packed in one of two layouts (G = n_heads // n_kv_heads, g = 1 for a headwise gate,
    head_dim for an elementwise one):
    - "kv_group" (gated Qwen3 of Qiu et al.): for each KV group, the queries of its G heads
      (G * head_dim rows), then their gate logits (G * g rows).
    - "per_head" (Qwen3-Next, Qwen3.5): for each head, its query (head_dim rows), then its gate
      logits (g rows).
    Returns the query part (n_heads * head_dim, ...) and the gate part (n_heads * g, ...), both in
    the usual head order (head h uses KV head h // G)."""
    if gate not in ("headwise", "elementwise"):
        raise ModelError(
            f"Unknown gate kind {gate!r} for a packed q_proj.", "use headwise or elementwise"
        )
    if layout not in GATE_LAYOUTS:
        raise ModelError(
            f"Unknown gate layout {layout!r}.", f"use one of: {', '.join(GATE_LAYOUTS)}"
        )
    H, K, D = n_heads, n_kv_heads, head_dim
    g = 1 if gate == "headwise" else D
    rows = H * (D + g)
    if w.shape[0] != rows:
        raise ModelError(
            f"A {gate}-gated q_proj needs {rows} rows (n_heads * (head_dim + {g})); it has {w.shape[0]}.",
            "check num_attention_heads, head_dim and the gate flags in config.json",
        )
    rest = tuple(w.shape[1:])
    if layout == "kv_group":
        G = H // K
        packed = w.reshape(K, G * (D + g), *rest)
        q, gt = packed[:, : G * D], packed[:, G * D :]
    else:
        packed = w.reshape(H, D + g, *rest)
        q, gt = packed[:, :D], packed[:, D:]
    return q.reshape(H * D, *rest).contiguous(), gt.reshape(H * g, *rest).contiguous()


def qwen3_config(cfg: dict[str, Any], path: Path | str = "") -> ModelConfig:
    """A `ModelConfig` from a Hugging Face Qwen3 `config.json` dict."""

    def need(key: str) -> Any:
        if key not in cfg:
            raise ModelError(
                f"{path}/config.json lacks {key!r}.", "it is not a complete Qwen3 config"
            )
        return cfg[key]

    head = cfg.get("headwise_attn_output_gate", False)
    elem = cfg.get("elementwise_attn_output_gate", False)
    if head and elem:
        raise ModelError(
            "config.json sets both headwise and elementwise attention output gates.",
            "a checkpoint has one gate kind; fix the flags",
        )
    if cfg.get("hidden_act", "silu") != "silu":
        raise ModelError(
            f"hidden_act {cfg.get('hidden_act')!r} is not supported natively.", "use backend='hf'"
        )
    if cfg.get("use_sliding_window"):
        raise ModelError("Sliding-window attention is not supported natively.", "use backend='hf'")
    rope = cfg.get("rope_parameters") or {}
    scaling = cfg.get("rope_scaling") or {}
    rope_type = (
        rope.get("rope_type") or scaling.get("rope_type") or scaling.get("type") or "default"
    )
    if rope_type != "default":
        raise ModelError(
            f"RoPE scaling {rope_type!r} is not supported natively.", "use backend='hf'"
        )
    n_heads = need("num_attention_heads")
    d_model = need("hidden_size")
    return ModelConfig(
        vocab_size=need("vocab_size"),
        n_layers=need("num_hidden_layers"),
        n_heads=n_heads,
        n_kv_heads=cfg.get("num_key_value_heads") or n_heads,
        d_model=d_model,
        head_dim=cfg.get("head_dim") or d_model // n_heads,
        d_mlp=need("intermediate_size"),
        max_seq_len=int(cfg.get("max_position_embeddings") or 32768),
        gate="headwise" if head else "elementwise" if elem else "none",
        attn_only=False,
        qk_norm=True,
        rope_theta=float(cfg.get("rope_theta") or rope.get("rope_theta") or 10000.0),
        rms_eps=float(cfg.get("rms_norm_eps") or 1e-6),
        tie_embeddings=bool(cfg.get("tie_word_embeddings", False)),
        attn_bias=bool(cfg.get("attention_bias", False)),
        meta={"source": str(path), "hf_model_type": "qwen3"},
    )


_QWEN3_NAMES: list[tuple[str, str]] = [
    ("input_layernorm.weight", "attn_norm.weight"),
    ("post_attention_layernorm.weight", "mlp_norm.weight"),
    ("self_attn.k_proj.weight", "attn.k_proj.weight"),
    ("self_attn.k_proj.bias", "attn.k_proj.bias"),
    ("self_attn.v_proj.weight", "attn.v_proj.weight"),
    ("self_attn.v_proj.bias", "attn.v_proj.bias"),
    ("self_attn.o_proj.weight", "attn.o_proj.weight"),
    ("self_attn.o_proj.bias", "attn.o_proj.bias"),
    ("self_attn.q_norm.weight", "attn.q_norm.weight"),
    ("self_attn.k_norm.weight", "attn.k_norm.weight"),
    ("mlp.gate_proj.weight", "mlp.gate_proj.weight"),
    ("mlp.up_proj.weight", "mlp.up_proj.weight"),
    ("mlp.down_proj.weight", "mlp.down_proj.weight"),
]


def qwen3_state_dict(
    hf: dict[str, torch.Tensor], config: ModelConfig, gate_layout: str = "kv_group"
) -> dict[str, torch.Tensor]:
    """Rename (and for gated checkpoints, unpack) Qwen3 weights into this model's names."""
    ignored = ("rotary_emb.inv_freq",)
    hf = {k: v for k, v in hf.items() if not k.endswith(ignored)}
    out: dict[str, torch.Tensor] = {}
    used: set[str] = set()

    def take(src: str, dst: str) -> None:
        if src in hf:
            out[dst] = hf[src]
            used.add(src)

    take("model.embed_tokens.weight", "embed.weight")
    take("model.norm.weight", "norm.weight")
    if not config.tie_embeddings:
        take("lm_head.weight", "lm_head.weight")
    else:
        used.add("lm_head.weight")
    for i in range(config.n_layers):
        pre = f"model.layers.{i}."
        for src, dst in _QWEN3_NAMES:
            take(pre + src, f"layers.{i}.{dst}")
        for part in ("weight", "bias"):
            src = f"{pre}self_attn.q_proj.{part}"
            if src not in hf:
                continue
            used.add(src)
            if config.gate == "none":
                out[f"layers.{i}.attn.q_proj.{part}"] = hf[src]
            else:
                q, g = split_gated_q_proj(
                    hf[src],
                    config.n_heads,
                    config.n_kv_heads,
                    config.head_dim,
                    config.gate,
                    gate_layout,
                )
                out[f"layers.{i}.attn.q_proj.{part}"] = q
                out[f"layers.{i}.attn.g_proj.{part}"] = g
    leftover = sorted(k for k in hf if k not in used)
    if leftover:
        more = "" if len(leftover) <= 4 else f" and {len(leftover) - 4} more"
        raise ModelError(
            f"Weights that a Qwen3 model with {config.n_layers} layers does not have: "
            f"{', '.join(leftover[:4])}{more}.",
            "check num_hidden_layers in config.json, or load this architecture with backend='hf'",
        )
    return out


def load_qwen3(
    path: str | Path,
    device: str | torch.device = "auto",
    dtype: str | torch.dtype = "auto",
    gate_layout: str = "kv_group",
) -> GatedTransformer:
    """Load a local Qwen3 checkpoint (HF layout, gated or not) into a `GatedTransformer`."""
    path = Path(path).expanduser()
    raw = _read_config(path)
    config = qwen3_config(raw, path)
    dev = resolve_device(device)
    dt = resolve_dtype(dtype, dev)
    check_fits(native_param_count(config), 4, path, _shape(config))
    check_device_fits(native_param_count(config), _bytes(dt), dev, path)
    model = GatedTransformer(config)
    _load_state(model, qwen3_state_dict(read_weights(path), config, gate_layout), path)
    return model.to(dev, dt).eval()


def _bytes(dtype: torch.dtype) -> int:
    return torch.empty((), dtype=dtype).element_size()


# --------------------------------------------------------------------------------------------
# finding models: shipped, cached in the workspace, the demo
# --------------------------------------------------------------------------------------------
def _workspace_models_dir(workspace: Any = None) -> Path:
    if workspace is None:
        from copilot.settings import load_settings

        return Path(load_settings().workspace) / "models"
    if hasattr(workspace, "models_dir"):
        return Path(workspace.models_dir)
    return Path(workspace) / "models"


def resolve_model_path(name_or_path: str | Path, workspace: Any = None) -> Path:
    """A directory as given, or the name of a shipped or workspace-cached model."""
    p = Path(name_or_path).expanduser()
    if p.exists() or isinstance(name_or_path, Path) or "/" in str(name_or_path):
        return p
    for root in (SHIPPED_MODELS_DIR, _workspace_models_dir(workspace)):
        if (root / str(name_or_path) / "config.json").is_file():
            return root / str(name_or_path)
    known = [m["name"] for m in list_models(workspace)]
    raise ModelError(
        f"No model directory or known model named {str(name_or_path)!r}.",
        f"known models: {', '.join(known) or 'none'}; or give a folder path",
    )


def list_models(workspace: Any = None) -> list[dict[str, Any]]:
    """Shipped models (examples/models) and models cached in the workspace, without loading them."""
    found: list[dict[str, Any]] = []
    for source, root in (
        ("shipped", SHIPPED_MODELS_DIR),
        ("workspace", _workspace_models_dir(workspace)),
    ):
        if not root.is_dir():
            continue
        for d in sorted(p for p in root.iterdir() if (p / "config.json").is_file()):
            entry: dict[str, Any] = {"name": d.name, "source": source, "path": str(d)}
            try:
                entry.update(describe_checkpoint(d))
            except ModelError as exc:
                entry["error"] = exc.message
            found.append(entry)
    return found


def describe_checkpoint(path: str | Path) -> dict[str, Any]:
    """Layers, heads, gate and parameter count from config.json and safetensors headers (no load)."""
    path = Path(path).expanduser()
    raw = _read_config(path)
    kind = _kind(raw, path)
    if kind == "native":
        c = ModelConfig.from_dict(raw)
    elif kind == "qwen3":
        c = qwen3_config(raw, path)
    else:
        from copilot.tools.probing.hf_adapter import hf_config_summary

        return {"kind": kind, **hf_config_summary(raw), "params": _count_params(path)}
    return {
        "kind": kind,
        "n_layers": c.n_layers,
        "n_heads": c.n_heads,
        "n_kv_heads": c.n_kv_heads,
        "head_dim": c.head_dim,
        "d_model": c.d_model,
        "vocab_size": c.vocab_size,
        "gate": c.gate,
        "attn_only": c.attn_only,
        "params": _count_params(path),
        "task": c.meta.get("task"),
    }


def _count_params(path: Path) -> int | None:
    from safetensors import safe_open

    n = 0
    try:
        for f in weight_files(path):
            with safe_open(str(f), framework="pt") as fh:
                for k in fh.keys():
                    n += int(torch.Size(fh.get_slice(k).get_shape()).numel())
    except (ModelError, OSError, Exception):  # noqa: BLE001 - a count is best effort
        return None
    return n


def model_info(model: Any, path: str | Path | None = None) -> dict[str, Any]:
    """Layers, heads, gate kind, parameters, device and dtype of a loaded model."""
    c = model.config
    n_params = (
        model.num_params()
        if hasattr(model, "num_params")
        else sum(p.numel() for p in model.parameters())
    )
    return {
        "path": str(path) if path is not None else c.meta.get("source"),
        "kind": c.meta.get("hf_model_type", "native") if c.meta.get("hf_model_type") else "native",
        "n_layers": c.n_layers,
        "n_heads": c.n_heads,
        "n_kv_heads": c.n_kv_heads,
        "head_dim": c.head_dim,
        "d_model": c.d_model,
        "vocab_size": c.vocab_size,
        "gate": c.gate,
        "attn_only": c.attn_only,
        "params": n_params,
        "device": str(model.device),
        "dtype": str(model.dtype).replace("torch.", ""),
        "task": c.meta.get("task"),
        "metrics": c.meta.get("metrics"),
    }


def demo_model_path(workspace: Any = None) -> Path:
    """Where `load_demo_model` reads the demo model: the shipped folder, else the workspace
    cache (which it trains into when neither holds the model yet)."""
    shipped = SHIPPED_MODELS_DIR / DEMO_NAME
    if (shipped / "config.json").is_file() and (shipped / WEIGHTS_FILE).is_file():
        return shipped
    return _workspace_models_dir(workspace) / DEMO_NAME


def load_demo_model(
    workspace: Any = None,
    device: str | torch.device = "cpu",
    progress: ProgressCallback | None = None,
    train: Callable[..., Any] | None = None,
) -> GatedTransformer:
    """The induction demo model: the shipped one (examples/models/induction-demo), else the one
    cached in the workspace, else train it (under a minute on CPU) and cache it there."""
    shipped = SHIPPED_MODELS_DIR / DEMO_NAME
    if (shipped / "config.json").is_file() and (shipped / WEIGHTS_FILE).is_file():
        return load_model(shipped, device=device, dtype="float32")
    cached = _workspace_models_dir(workspace) / DEMO_NAME
    if (cached / "config.json").is_file() and (cached / WEIGHTS_FILE).is_file():
        return load_model(cached, device=device, dtype="float32")
    if train is None:
        from copilot.tools.probing.train import train_model as train
    result = train(
        "induction",
        gate="headwise",
        layers=2,
        heads=4,
        steps=400,
        seed=0,
        device="cpu",
        out=cached,
        progress=progress,
        command=DEMO_COMMAND,
        overwrite=True,  # our own cache folder (incomplete, or it would have loaded above)
    )
    return result.model.to(resolve_device(device)).eval()
