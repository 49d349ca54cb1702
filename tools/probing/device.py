"""Device and precision choice: auto picks CUDA, then MPS, then CPU; half precision only on GPU."""

from __future__ import annotations

import random

import torch

from copilot.errors import ModelError

DTYPES = {
    "float32": torch.float32,
    "fp32": torch.float32,
    "bfloat16": torch.bfloat16,
    "bf16": torch.bfloat16,
    "float16": torch.float16,
    "fp16": torch.float16,
}


def resolve_device(name: str | torch.device | None = "auto") -> torch.device:
    """`auto` (CUDA, then MPS, then CPU), `cpu`, `cuda`, `cuda:N` or `mps`; unavailable ones fail."""
    if isinstance(name, torch.device):
        return name
    name = (name or "auto").strip().lower()
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        mps = getattr(torch.backends, "mps", None)
        if mps is not None and mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        dev = torch.device(name)
    except (RuntimeError, ValueError):
        raise ModelError(
            f"Unknown device {name!r}.", "use auto, cpu, cuda, cuda:N or mps"
        ) from None
    if dev.type == "cuda" and not torch.cuda.is_available():
        raise ModelError("CUDA was asked for but is not available.", "use --device cpu or auto")
    if dev.type == "cuda" and dev.index is not None and dev.index >= torch.cuda.device_count():
        raise ModelError(
            f"There is no {dev}; {torch.cuda.device_count()} CUDA device(s) found.",
            "use cuda:0 or auto",
        )
    if dev.type == "mps":
        mps = getattr(torch.backends, "mps", None)
        if mps is None or not mps.is_available():
            raise ModelError("MPS was asked for but is not available.", "use --device cpu or auto")
    return dev


def resolve_dtype(dtype: str | torch.dtype | None, device: torch.device) -> torch.dtype:
    """`auto`: bfloat16 on CUDA when supported (else float16), float16 on MPS, float32 on CPU."""
    if isinstance(dtype, torch.dtype):
        return dtype
    name = (dtype or "auto").strip().lower()
    if name == "auto":
        if device.type == "cuda":
            return torch.bfloat16 if torch.cuda.is_bf16_supported() else torch.float16
        if device.type == "mps":
            return torch.float16
        return torch.float32
    if name not in DTYPES:
        raise ModelError(f"Unknown dtype {dtype!r}.", f"use auto or one of: {', '.join(DTYPES)}")
    return DTYPES[name]


def seed_everything(seed: int, deterministic: bool = False) -> torch.Generator:
    """Seed Python and torch; with `deterministic`, ask torch for deterministic kernels (CPU runs
    are then bit-reproducible). Returns a CPU generator seeded with `seed` for data sampling."""
    random.seed(seed)
    torch.manual_seed(seed)
    if deterministic:
        torch.use_deterministic_algorithms(True, warn_only=True)
    g = torch.Generator()
    g.manual_seed(seed)
    return g
