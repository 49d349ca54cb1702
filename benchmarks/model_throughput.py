"""Forward throughput (tokens/s) of `GatedTransformer` on CPU, and on CUDA when present.

For each model size it times three kinds of forward pass on random tokens:
- `fast`: no cache, fused `scaled_dot_product_attention`;
- `cache`: every cache asked for ("attn" switches attention to the explicit softmax path);
- `sweep`: an all-heads ablation sweep, one batched forward with a different head mask per example
  (the prompt is repeated L*H times; tokens/s counts every example).

    python benchmarks/model_throughput.py                    # demo and small sizes, CPU (+ CUDA)
    python benchmarks/model_throughput.py --sizes demo small medium --seq 256 --devices cuda
    python benchmarks/model_throughput.py --devices cpu --threads 2 --seq 128 --batch 8
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


def _bench(model, tok, masks, repeats: int, dev) -> tuple[float, float, float]:
    import torch

    from copilot.tools.probing.model import Interventions

    one = tok[:1]
    with torch.no_grad():
        t_fast = _time(lambda: model(tok), repeats, dev)
        t_cache = _time(lambda: model(tok, cache="all"), repeats, dev)
        t_sweep = _time(lambda: model(one, Interventions(head_mask=masks)), repeats, dev)
    return t_fast, t_cache, t_sweep


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
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--seq", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument(
        "--threads", type=int, default=None, help="torch CPU threads (default: torch's)"
    )
    ap.add_argument("--gate", default="headwise", choices=["none", "headwise", "elementwise"])
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    devices = args.devices or (["cpu", "cuda"] if torch.cuda.is_available() else ["cpu"])
    print(
        f"batch {args.batch}, seq {args.seq}, gate {args.gate}, torch {torch.__version__}, "
        f"CPU threads {torch.get_num_threads()}"
    )
    header = (
        f"{'device':<8} {'dtype':<9} {'model':<7} {'params':>10} {'fast tok/s':>12} "
        f"{'cache tok/s':>12} {'sweep tok/s':>12} {'sweep n':>8}"
    )
    print(header)
    print("-" * len(header))
    for name in args.sizes:
        layers, heads, d_model, attn_only = SIZES[name]
        for devname in devices:
            dev = resolve_device(devname)
            dtype = resolve_dtype("auto", dev)
            torch.manual_seed(0)
            cfg = ModelConfig(
                vocab_size=512,
                n_layers=layers,
                n_heads=heads,
                d_model=d_model,
                d_mlp=4 * d_model,
                max_seq_len=max(256, args.seq),
                gate=args.gate,
                attn_only=attn_only,
            )
            model = GatedTransformer(cfg).to(dev, dtype).eval()
            tok = torch.randint(0, 512, (args.batch, args.seq), device=dev)
            masks = single_head_masks(cfg, device=dev)

            t_fast, t_cache, t_sweep = _bench(model, tok, masks, args.repeats, dev)
            n_tok = args.batch * args.seq
            n_sweep = masks.shape[0] * args.seq
            print(
                f"{dev.type:<8} {str(dtype).replace('torch.', ''):<9} {name:<7} "
                f"{model.num_params():>10,} {n_tok / t_fast:>12,.0f} {n_tok / t_cache:>12,.0f} "
                f"{n_sweep / t_sweep:>12,.0f} {masks.shape[0]:>8}"
            )


if __name__ == "__main__":
    main()
