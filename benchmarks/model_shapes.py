"""Shapes of real architectures for the probing benchmarks (random weights), and the peak
arithmetic rate of known devices, so that a benchmark can print its achieved TFLOP/s next to what
the device could do.

The shapes are those of the released configs (layers, heads, key-value heads, widths, vocabulary);
`--layers` and `--vocab` shrink a shape so that it runs on a CPU.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Shape:
    layers: int
    heads: int
    kv_heads: int
    d_model: int
    head_dim: int
    d_mlp: int
    vocab: int
    gate: str = "none"
    tie: bool = False
    rope_theta: float = 1_000_000.0


SHAPES: dict[str, Shape] = {
    # Qwen3 configs as released (tied embeddings up to 4B)
    "qwen3-0.6b": Shape(28, 16, 8, 1024, 128, 3072, 151_936, tie=True),
    "qwen3-1.7b": Shape(28, 16, 8, 2048, 128, 6144, 151_936, tie=True),
    "qwen3-4b": Shape(36, 32, 8, 2560, 128, 9728, 151_936, tie=True),
    # the gated attention of Qiu et al. on the 0.6B shape (one gate per head dimension)
    "qwen3-0.6b-gated": Shape(28, 16, 8, 1024, 128, 3072, 151_936, gate="elementwise", tie=True),
    # the random 12-layer model of the GPU goal (`--synthetic 12x12` with head width 64)
    "synthetic-12x12": Shape(12, 12, 12, 768, 64, 3072, 512, gate="headwise", rope_theta=1e4),
}

# Dense (no sparsity) peak TFLOP/s by device name and compute dtype, from the vendors' data
# sheets. float32 is the plain (non-tensor-core) rate: torch does not use TF32 for float32
# matrix products unless asked to (torch.backends.cuda.matmul.allow_tf32).
PEAK_TFLOPS: list[tuple[str, dict[str, float]]] = [
    ("H200", {"bfloat16": 989.0, "float16": 989.0, "tf32": 494.7, "float32": 66.9}),
    ("H100 PCIe", {"bfloat16": 756.0, "float16": 756.0, "tf32": 378.0, "float32": 51.2}),
    ("H100", {"bfloat16": 989.0, "float16": 989.0, "tf32": 494.7, "float32": 66.9}),
    ("A100", {"bfloat16": 312.0, "float16": 312.0, "tf32": 156.0, "float32": 19.5}),
    ("L40S", {"bfloat16": 362.0, "float16": 362.0, "tf32": 183.0, "float32": 91.6}),
    ("L4", {"bfloat16": 121.0, "float16": 121.0, "tf32": 60.0, "float32": 30.3}),
    ("RTX 4090", {"bfloat16": 165.2, "float16": 165.2, "tf32": 82.6, "float32": 82.6}),
]


def peak_tflops(device, dtype) -> float | None:
    """The device's peak for `dtype`, or None when unknown (every CPU, unlisted GPUs)."""
    import torch

    if device.type != "cuda":
        return None
    name = torch.cuda.get_device_name(device)
    key = str(dtype).replace("torch.", "")
    if key == "float32" and torch.backends.cuda.matmul.allow_tf32:
        key = "tf32"
    for part, peaks in PEAK_TFLOPS:
        if part in name:
            return peaks.get(key)
    return None


def fmt_peak(achieved: float, peak: float | None) -> str:
    """'12.3 TFLOP/s (4% of 312)' or '12.3 TFLOP/s (peak unknown)'."""
    if peak is None:
        return f"{achieved:.3g} TFLOP/s (peak unknown)"
    return f"{achieved:.3g} TFLOP/s ({100 * achieved / peak:.1f}% of {peak:g})"


def shape_config(name: str, layers: int | None = None, vocab: int | None = None, seq: int = 256):
    """A `ModelConfig` of a preset, with fewer layers or a smaller vocabulary when asked."""
    from copilot.tools.probing.model import ModelConfig

    s = SHAPES[name]
    return ModelConfig(
        vocab_size=vocab or s.vocab,
        n_layers=layers or s.layers,
        n_heads=s.heads,
        n_kv_heads=s.kv_heads,
        d_model=s.d_model,
        head_dim=s.head_dim,
        d_mlp=s.d_mlp,
        max_seq_len=seq,
        gate=s.gate,
        tie_embeddings=s.tie,
        rope_theta=s.rope_theta,
        meta={"task": "induction", "task_length": 32, "name": name},
    )


def random_model(cfg, device, dtype, seed: int = 0):
    """A random-weight `GatedTransformer` built in `dtype` on `device` (never float32 first on a
    GPU: a 4B shape would not need to fit twice)."""
    import torch

    from copilot.tools.probing.model import GatedTransformer

    torch.manual_seed(seed)
    old = torch.get_default_dtype()
    try:
        with torch.device(device):
            torch.set_default_dtype(dtype)
            model = GatedTransformer(cfg)
    finally:
        torch.set_default_dtype(old)
    return model.eval()
