"""The probing benchmarks' real-architecture presets: released sizes, known peaks, and both
benchmarks running with --shape at a reduced size on CPU."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import torch

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
sys.path.insert(0, str(BENCH))

import model_shapes  # noqa: E402

from copilot.tools.probing.memory import native_param_count  # noqa: E402


@pytest.mark.parametrize(
    "name,billions", [("qwen3-0.6b", 0.596), ("qwen3-1.7b", 1.721), ("qwen3-4b", 4.022)]
)
def test_presets_have_the_released_sizes(name, billions):
    cfg = model_shapes.shape_config(name)
    assert abs(native_param_count(cfg) / 1e9 - billions) < 0.001
    small = model_shapes.shape_config(name, layers=2, vocab=128)
    assert (small.n_layers, small.vocab_size, small.n_heads) == (2, 128, cfg.n_heads)
    assert cfg.n_kv_heads == 8 and cfg.head_dim == 128


def test_peaks_by_device_name_and_dtype(monkeypatch):
    assert model_shapes.peak_tflops(torch.device("cpu"), torch.bfloat16) is None
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda dev=None: "NVIDIA H200")
    cuda = torch.device("cuda")
    assert model_shapes.peak_tflops(cuda, torch.bfloat16) == 989.0
    monkeypatch.setattr(torch.backends.cuda.matmul, "allow_tf32", False)
    assert model_shapes.peak_tflops(cuda, torch.float32) == 66.9
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda dev=None: "NVIDIA H100 PCIe")
    assert model_shapes.peak_tflops(cuda, torch.bfloat16) == 756.0
    monkeypatch.setattr(torch.cuda, "get_device_name", lambda dev=None: "Some GPU")
    assert model_shapes.peak_tflops(cuda, torch.bfloat16) is None
    assert model_shapes.fmt_peak(10.0, 100.0) == "10 TFLOP/s (10.0% of 100)"
    assert model_shapes.fmt_peak(0.5, None) == "0.5 TFLOP/s (peak unknown)"


def _run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def test_both_benchmarks_run_a_reduced_real_shape_on_cpu():
    small = ["--shape", "qwen3-0.6b", "--layers", "1", "--vocab", "64", "--threads", "1"]
    out = _run(
        str(BENCH / "ablation_sweep.py"),
        *small,
        *("--prompts", "2", "--score", "answer", "--repeats", "1", "--no-plain"),
    )
    assert "1 layers x 16 heads (8 KV), d_model 1024" in out
    assert "TFLOP/s (peak unknown)" in out
    assert "(float32): yes" in out
    out = _run(
        str(BENCH / "model_throughput.py"),
        *small,
        *("--devices", "cpu", "--batch", "1", "--seq", "16", "--repeats", "1"),
    )
    assert "qwen3-0.6b/1L" in out and "fast" in out and "peak unknown" in out
