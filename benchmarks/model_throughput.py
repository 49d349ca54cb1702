"""Forward throughput (tokens/s) of `GatedTransformer` on CPU, and on CUDA when present.

For each model size it times three kinds of forward pass on random tokens:
- `fast`: no cache, fused `scaled_dot_product_attention`;
- `cache`: every cache asked for ("attn" switches attention to the explicit softmax path);
- `sweep`: an all-heads ablation sweep, one batched forward with a different head mask per example
  (the prompt is repeated L*H times; tokens/s counts every example).

    python benchmarks/model_throughput.py                    # demo and small sizes, CPU (+ CUDA)
    python benchmarks/model_throughput.py --sizes demo small medium --seq 256 --devices cuda
    python benchmarks/model_throughput.py --devices cpu --threads 2 --seq 128 --batch 8
    python benchmarks/model_throughput.py --shape qwen3-0.6b --layers 2 --vocab 4096 --devices cpu
    python benchmarks/model_throughput.py --shape qwen3-0.6b --devices cuda --batch 64

`--shape` times a random-weight model of a real architecture (`model_shapes.SHAPES`) instead of
`--sizes`; `--layers` and `--vocab` shrink it. The `sweep` pass then covers the first layer's
heads only (H examples), so that a real shape fits. Each kind of pass also prints its achieved
TFLOP/s (matrix products and attention, counted by torch's FlopCounterMode) next to the
device's peak for the dtype, "unknown" on a CPU. `--dtype` defaults to auto: bfloat16 on
CUDA, float32 on a CPU.
"""

from __future__ import annotations

import argparse
import statistics
import time

SIZES = {
    # name: (layers, heads, d_model, attn_only)
    "demo": (2, 4, 64, True),
    "small": (4, 8, 256, False),
    "medium": (8, 8, 512, False),
}


def _sync(dev) -> None:
    import torch

    if dev.type == "cuda":
        torch.cuda.synchronize()


def _time(fn, repeats: int, dev) -> float:
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        _sync(dev)
        t = time.perf_counter()
        fn()
        _sync(dev)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def _passes(model, tok, masks) -> dict:
    from copilot.tools.probing.model import Interventions

    one = tok[:1]
    return {
        "fast": lambda: model(tok),
        "cache": lambda: model(tok, cache="all"),
        "sweep": lambda: model(one, Interventions(head_mask=masks)),
    }


def _flops(fn) -> int:
    from torch.utils.flop_counter import FlopCounterMode

    with FlopCounterMode(display=False) as counter:
        fn()
    return counter.get_total_flops()


def main() -> None:
    import torch

    from copilot.tools.probing.device import resolve_device, resolve_dtype
    from copilot.tools.probing.model import (
        GatedTransformer,
        ModelConfig,
        single_head_masks,
    )

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--devices", nargs="+", default=None, help="default: cpu, and cuda if present")
    ap.add_argument("--sizes", nargs="+", default=["demo", "small"], choices=list(SIZES))
    ap.add_argument("--shape", default=None, help="a real architecture with random weights")
    ap.add_argument("--layers", type=int, default=None, help="fewer layers of the --shape")
    ap.add_argument("--vocab", type=int, default=None, help="a smaller vocabulary for --shape")
    ap.add_argument("--dtype", default="auto", help="auto, float32, bfloat16 or float16")
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument(
        "--threads", type=int, default=None, help="torch CPU threads (default: torch's)"
    )
    ap.add_argument("--gate", default="headwise", choices=["none", "headwise", "elementwise"])
    args = ap.parse_args()
    from model_shapes import SHAPES, fmt_peak, peak_tflops, random_model, shape_config

    if args.shape and args.shape not in SHAPES:
        raise SystemExit(f"unknown --shape {args.shape!r}; known: {', '.join(SHAPES)}")
    if args.threads:
        torch.set_num_threads(args.threads)
    torch.backends.cuda.matmul.allow_tf32 = False  # float32 is float32 (see model_shapes)
    devices = args.devices or (["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"])
    print(
        f"batch {args.batch}, seq {args.seq}, torch {torch.__version__}, "
        f"CPU threads {torch.get_num_threads()}" + ("" if args.shape else f", gate {args.gate}")
    )
    header = (
        f"{'device':<8} {'dtype':<9} {'model':<16} {'params':>13} {'fast tok/s':>12} "
        f"{'cache tok/s':>12} {'sweep tok/s':>12} {'sweep n':>8}"
    )
    print(header)
    print("-" * len(header))
    rates = []
    for name in [args.shape] if args.shape else args.sizes:
        for devname in devices:
            dev = resolve_device(devname)
            dtype = resolve_dtype(args.dtype, dev)
            seq_cap = max(256, args.seq)
            if args.shape:
                cfg = shape_config(name, layers=args.layers, vocab=args.vocab, seq=seq_cap)
                model = random_model(cfg, dev, dtype)
                masks = single_head_masks(cfg, device=dev)[: cfg.n_heads]  # layer 0's heads
                label = name + (f"/{cfg.n_layers}L" if args.layers else "")
            else:
                layers, heads, d_model, attn_only = SIZES[name]
                torch.manual_seed(0)
                cfg = ModelConfig(
                    vocab_size=512,
                    n_layers=layers,
                    n_heads=heads,
                    d_model=d_model,
                    d_mlp=4 * d_model,
                    max_seq_len=seq_cap,
                    gate=args.gate,
                    attn_only=attn_only,
                )
                model = GatedTransformer(cfg).to(dev, dtype).eval()
                masks = single_head_masks(cfg, device=dev)
                label = name
            tok = torch.randint(0, cfg.vocab_size, (args.batch, args.seq), device=dev)
            passes = _passes(model, tok, masks)
            with torch.no_grad():
                times = {k: _time(fn, args.repeats, dev) for k, fn in passes.items()}
                flops = {k: _flops(fn) for k, fn in passes.items()}
            n_tok = args.batch * args.seq
            n_sweep = masks.shape[0] * args.seq
            dt = str(dtype).replace("torch.", "")
            print(
                f"{dev.type:<8} {dt:<9} {label:<16} {model.num_params():>13,} "
                f"{n_tok / times['fast']:>12,.0f} {n_tok / times['cache']:>12,.0f} "
                f"{n_sweep / times['sweep']:>12,.0f} {masks.shape[0]:>8}"
            )
            peak = peak_tflops(dev, dtype)
            rates.append(
                f"{dev.type:<8} {dt:<9} {label:<16} "
                + "; ".join(f"{k} {fmt_peak(flops[k] / times[k] / 1e12, peak)}" for k in passes)
            )
    print("achieved rates (matrix products and attention):")
    for line in rates:
        print(line)


if __name__ == "__main__":
    main()
