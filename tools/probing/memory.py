"""Checks before a model is built: its size against the memory there is, and its weights for
non-finite values. A config.json is a few bytes that can ask for any number of layers; it is
read as a claim to check, before anything is allocated."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

from copilot.errors import ModelError

#: Share of the available memory a model may take when it is built (the rest is for the run).
MEMORY_SHARE = 0.8


def available_memory_bytes() -> int | None:
    """Memory this process can still use: MemAvailable, capped by a cgroup limit; None when
    unknown (then nothing is refused)."""
    found: list[int] = []
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                found.append(int(line.split()[1]) * 1024)
                break
    except (OSError, ValueError, IndexError):
        try:
            found.append(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
        except (ValueError, OSError, AttributeError):
            pass
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        used = int(Path("/sys/fs/cgroup/memory.current").read_text().strip())
        if limit.isdigit():
            found.append(max(0, int(limit) - used))
    except (OSError, ValueError):
        pass
    return min(found) if found else None


def free_device_bytes(device: Any) -> int | None:
    """Memory free for new tensors on `device`: on CUDA what the driver reports free plus what
    torch's allocator holds unused; on a CPU the available RAM; None when unknown (MPS)."""
    import torch

    dev = torch.device(device)
    if dev.type == "cuda":
        free, _ = torch.cuda.mem_get_info(dev)
        cached = torch.cuda.memory_reserved(dev) - torch.cuda.memory_allocated(dev)
        return int(free + max(0, cached))
    if dev.type == "cpu":
        return available_memory_bytes()
    return None


def check_device_fits(params: int, bytes_per_param: int, device: Any, path: Path | str) -> None:
    """Refuse to move a model to an accelerator whose free memory cannot hold its weights (the
    CPU is checked by `check_fits` before the model is built)."""
    import torch

    dev = torch.device(device)
    if dev.type != "cuda":
        return
    need, free = params * bytes_per_param, free_device_bytes(dev)
    if free is None or need <= MEMORY_SHARE * free:
        return
    raise ModelError(
        f"{path}: the model's weights need about {_size(need)} on {dev}; {_size(free)} is free "
        "there.",
        "load it in bfloat16 (the default on CUDA; dtype='bfloat16' in Python), use a smaller "
        "model, or free device memory",
    )


def native_param_count(c: Any) -> int:
    """Parameters of a `GatedTransformer` with config `c`, from its sizes alone."""
    C, H, K, D, V = c.d_model, c.n_heads, c.n_kv_heads, c.head_dim, c.vocab_size
    attn = C * H * D + 2 * C * K * D + H * D * C + 2 * D + C  # projections, q/k norms, norm
    if c.gate == "headwise":
        attn += C * H
    elif c.gate == "elementwise":
        attn += C * H * D
    mlp = 0 if c.attn_only else 3 * C * c.d_mlp + C
    head = 0 if c.tie_embeddings else V * C
    return V * C + c.n_layers * (attn + mlp) + C + head


def hf_param_count(summary: dict[str, Any], raw: dict[str, Any]) -> int | None:
    """A rough parameter count of a transformers config (None when its sizes are missing)."""
    d, layers, vocab = summary.get("d_model"), summary.get("n_layers"), summary.get("vocab_size")
    if not all(isinstance(v, int) and v > 0 for v in (d, layers, vocab)):
        return None
    text = raw.get("text_config") if isinstance(raw.get("text_config"), dict) else raw
    inner = text.get("intermediate_size") or text.get("n_inner") or 4 * d
    experts = text.get("num_experts") or text.get("num_local_experts") or 1
    if not isinstance(inner, int) or not isinstance(experts, int):
        return None
    return 2 * vocab * d + layers * (4 * d * d + 3 * d * inner * max(1, experts))


def check_fits(params: int, bytes_per_param: int, path: Path | str, what: str) -> None:
    """Refuse a model whose parameters alone would not fit in the memory available."""
    need = params * bytes_per_param
    free = available_memory_bytes()
    if free is None or need <= MEMORY_SHARE * free:
        return
    raise ModelError(
        f"{path}/config.json describes a model of about {_count(params)} parameters "
        f"({what}), which needs about {_size(need)} to build; this machine has {_size(free)} "
        "available.",
        "check the sizes in config.json (layers, hidden size, vocabulary); a config that does "
        "not match its weights file is damaged",
    )


def check_finite(state: dict[str, Any], path: Path | str) -> None:
    """Refuse weights that hold NaN or infinite values: every result would be NaN."""
    import torch

    bad = [
        name
        for name, t in state.items()
        if torch.is_floating_point(t) and not bool(torch.isfinite(t).all())
    ]
    if bad:
        raise ModelError(
            f"{path}: {len(bad)} weight tensor(s) hold NaN or infinite values "
            f"(e.g. {', '.join(bad[:3])}).",
            "the checkpoint is damaged or was saved from a diverged training run; copy it "
            "again or retrain it",
        )


def _count(n: int) -> str:
    for unit, size in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
        if n >= size:
            return f"{n / size:.3g} {unit}"
    return f"{n:,}"


def _size(n: float) -> str:
    if n <= 0:
        return "0 B"
    units = ["B", "KB", "MB", "GB", "TB", "PB", "EB"]
    i = min(len(units) - 1, int(math.log(n, 1024)))
    return f"{n / 1024**i:.3g} {units[i]}"
