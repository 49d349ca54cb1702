"""All-heads ablation sweep: the batched sweep against the one-forward-per-head hook loop.

The loop is what hook-based tools run: for every (layer, head), one forward pass with a hook that
zeroes that head's slice of the `o_proj` input, then the metric. The batched sweep
(`HeadAblator.evaluate`) runs many masks per forward pass and reuses the work no ablation can
change. Both start from the same model, prompts and metric, both include the clean run they
need, and the script checks that they give the same per-prompt metric (max |difference|).

Two workloads on the induction prompts (repeated random tokens), both with the loss metric:
`answer` scores one position per prompt (the final answer, as logit-difference and
next-token experiments do); `repeat` scores every position of the repeated half (the built-in
`induction` behaviour). Both sides run under the heap policy of the `copilot` command
(`copilot.heap`; `--heap default` leaves glibc's own).

    python benchmarks/ablation_sweep.py                      # demo model, CPU
    python benchmarks/ablation_sweep.py --prompts 16 64 256 --threads 1 --cpu-time
    python benchmarks/ablation_sweep.py --device cuda --synthetic 12x12   # random 12-layer model
    python benchmarks/ablation_sweep.py --prompts 256 --score repeat --flops  # arithmetic too
    python benchmarks/ablation_sweep.py --shape qwen3-0.6b --layers 2 --vocab 4096 --prompts 8
    python benchmarks/ablation_sweep.py --device cuda --shape qwen3-0.6b --dtype bfloat16

`--shape` builds a random-weight model of a real architecture (`model_shapes.SHAPES`: Qwen3 0.6B,
1.7B, 4B, the gated 0.6B, the synthetic 12x12); `--layers` and `--vocab` shrink it for a CPU.
`--dtype` is the compute dtype of both sides (the metric is taken in float32); `--engine` picks
the sweep engine (auto: the CPU engine for float32 on a CPU, else the dense one). The loop is
batched over prompts: one forward of all N prompts per head, as TransformerLens-style tools run.

`ablated tok/s` is the number of tokens in the loop's forwards (L*H + 1 passes over N prompts of
T tokens) divided by each side's time: the same work answered per second. With `--flops` (on
by default with `--shape`) the floating-point operations of matrix products and attention are
counted on both sides (torch's FlopCounterMode; attention at its full, unmasked cost) and shown
as achieved TFLOP/s next to the device's peak for the dtype (`model_shapes.PEAK_TFLOPS`;
"unknown" on a CPU). The equality check uses the dtype's tolerance (`dense_sweep.TOLERANCE`);
float32 runs on CUDA keep TF32 off, so that they compare at float32 precision.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import time


def _model(args):
    import torch

    from copilot.tools.probing.device import resolve_device, resolve_dtype

    dev = resolve_device(args.device)
    dtype = resolve_dtype(args.dtype, dev)
    if args.shape:
        from model_shapes import random_model, shape_config

        cfg = shape_config(args.shape, layers=args.layers, vocab=args.vocab)
        name = args.shape + (f" ({cfg.n_layers} layers)" if args.layers else "")
        return random_model(cfg, dev, dtype), name
    if args.synthetic:
        from copilot.tools.probing.model import GatedTransformer, ModelConfig

        layers, heads = (int(v) for v in args.synthetic.lower().split("x"))
        torch.manual_seed(0)
        cfg = ModelConfig(
            vocab_size=512,
            n_layers=layers,
            n_heads=heads,
            d_model=args.head_dim * heads,
            d_mlp=4 * args.head_dim * heads,
            max_seq_len=256,
            gate="headwise",
            attn_only=False,
            meta={"task": "induction", "task_length": 32, "name": f"random-{args.synthetic}"},
        )
        return GatedTransformer(cfg).to(dev, dtype).eval(), cfg.meta["name"]
    from copilot.tools.probing.checkpoints import load_demo_model

    return load_demo_model(device=str(dev)).to(dtype).eval(), "induction-demo"


def _sync(dev) -> None:
    import torch

    if dev.type == "cuda":
        torch.cuda.synchronize()


def _time(fns: dict, repeats: int, dev, clock=time.perf_counter) -> dict[str, tuple[float, object]]:
    """Median seconds and last result of each function; the functions take turns within each
    repeat, so a shared machine's slow spells fall on all of them alike."""
    for fn in fns.values():
        fn()  # warm-up
    times: dict[str, list[float]] = {k: [] for k in fns}
    out: dict[str, object] = {}
    for _ in range(repeats):
        for k, fn in fns.items():
            _sync(dev)
            t = clock()
            out[k] = fn()
            _sync(dev)
            times[k].append(clock() - t)
    return {k: (statistics.median(v), out[k]) for k, v in times.items()}


def _flops(fn) -> int:
    """Floating-point operations of the matrix products and attention that fn runs."""
    import torch
    from torch.utils.flop_counter import FlopCounterMode, sdpa_flop_count

    def sdpa(q, k, v, *args, out_shape=None, **kwargs) -> int:
        return sdpa_flop_count(q, k, v)

    # the CPU attention kernel has no formula of its own in torch's registry
    cpu_sdpa = {torch.ops.aten._scaled_dot_product_flash_attention_for_cpu: sdpa}
    with FlopCounterMode(display=False, custom_mapping=cpu_sdpa) as counter:
        fn()
    return counter.get_total_flops()


def main() -> None:
    import torch

    from copilot.tools.probing.ablation import ENGINES, HeadAblator, ablate_loop, all_heads
    from copilot.tools.probing.behaviours import get_behaviour, metric_per_prompt
    from copilot.tools.probing.dense_sweep import tolerance, within_tolerance

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prompts", type=int, nargs="+", default=[16, 64])
    ap.add_argument("--metric", default="loss")
    ap.add_argument(
        "--score",
        choices=("answer", "repeat", "both"),
        default="both",
        help="scored positions: the final answer, the whole repeated half, or both workloads",
    )
    ap.add_argument(
        "--heap",
        choices=("keep", "default"),
        default="keep",
        help="keep: the copilot command's heap policy (freed memory reused); default: glibc's",
    )
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--dtype", default="float32", help="float32, bfloat16 or float16")
    ap.add_argument("--engine", default="auto", choices=ENGINES)
    ap.add_argument(
        "--threads", type=int, default=None, help="torch CPU threads (default: torch's)"
    )
    ap.add_argument(
        "--synthetic", default=None, help="LxH: a random-weight model instead of the demo"
    )
    ap.add_argument("--head-dim", type=int, default=64, help="head width of the --synthetic model")
    ap.add_argument("--shape", default=None, help="a real architecture with random weights")
    ap.add_argument("--layers", type=int, default=None, help="fewer layers of the --shape")
    ap.add_argument("--vocab", type=int, default=None, help="a smaller vocabulary for --shape")
    ap.add_argument(
        "--no-plain", action="store_true", help="skip the plain batched sweep (long runs)"
    )
    ap.add_argument(
        "--flops",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="count the arithmetic (matrix products, attention) of the loop and the sweep "
        "(default: with --shape)",
    )
    ap.add_argument(
        "--cpu-time",
        action="store_true",
        help="time by the process's CPU time, not wall time (CPU only): on a shared machine it "
        "leaves out the time other jobs hold the core",
    )
    args = ap.parse_args()
    if args.shape:
        from model_shapes import SHAPES

        if args.shape not in SHAPES:
            raise SystemExit(f"unknown --shape {args.shape!r}; known: {', '.join(SHAPES)}")
    flops = bool(args.shape) if args.flops is None else args.flops
    if args.heap == "keep":
        from copilot.heap import DEFAULT_KEEP_MB, keep_freed_memory

        keep_freed_memory(DEFAULT_KEEP_MB)
    if args.threads:
        torch.set_num_threads(args.threads)
    # float32 compared at float32 precision on CUDA too: no TF32 matrix products
    torch.backends.cuda.matmul.allow_tf32 = False
    torch.backends.cudnn.allow_tf32 = False
    model, name = _model(args)
    dev, dtype = model.device, model.dtype
    if args.cpu_time and dev.type != "cpu":
        raise SystemExit("--cpu-time measures CPU runs only")
    clock = time.process_time if args.cpu_time else time.perf_counter
    heads = all_heads(model)
    cfg = model.config
    dname = torch.cuda.get_device_name(dev) if dev.type == "cuda" else "CPU"
    print(
        f"model {name}: {cfg.n_layers} layers x {cfg.n_heads} heads ({cfg.n_kv_heads} KV), "
        f"d_model {cfg.d_model}, vocabulary {cfg.vocab_size}, {model.num_params() / 1e6:.3g}M "
        f"parameters, {str(dtype).replace('torch.', '')}"
    )
    print(
        f"device {dev} ({dname}), torch {torch.__version__}, torch threads "
        f"{torch.get_num_threads()}, metric {args.metric}, {'CPU' if args.cpu_time else 'wall'} "
        f"time, heap {args.heap}, tolerance {tolerance(dtype)} (absolute, relative)"
    )
    print(
        f"{'scored':>7}  {'prompts':>7}  {'loop s':>8}  {'batched s':>9}  {'plain-batched s':>15}  "
        f"{'speed-up':>8}  {'max |diff|':>10}  {'loop tok/s':>11}  {'sweep tok/s':>11}"
    )
    all_ok, worst = True, 0.0
    rates: list[str] = []
    workloads = ("answer", "repeat") if args.score == "both" else (args.score,)
    for score, n in ((w, n) for w in workloads for n in args.prompts):
        beh = get_behaviour("induction", model, n_prompts=n, seed=0)
        if score == "answer":  # the last scored position of each prompt only
            mask = torch.zeros_like(beh.score_mask)
            last = beh.score_mask.shape[1] - 1 - beh.score_mask.flip(1).int().argmax(1)
            mask[torch.arange(n), last] = True
            beh = dataclasses.replace(beh, score_mask=mask)

        def clean(beh=beh):
            with torch.no_grad():  # the loop needs the clean metric too
                metric_per_prompt(model(beh.tokens.to(dev)).logits, beh.to(dev), args.metric)

        def loop(beh=beh):
            clean(beh)
            return ablate_loop(model, beh, heads, args.metric)

        def batched(beh=beh, fast=None):
            ab = HeadAblator(model, beh, args.metric, "zero", fast=fast, engine=args.engine)
            return ab.evaluate([[h] for h in heads])

        fns = {"loop": loop, "fast": batched}
        if not args.no_plain:
            fns["plain"] = lambda beh=beh: batched(beh, fast=False)
        res = _time(fns, args.repeats, dev, clock)
        (t_loop, v_loop), (t_fast, v_fast) = res["loop"], res["fast"]
        ok, diff = within_tolerance(v_fast, v_loop, dtype)
        t_plain = "-"
        if "plain" in res:
            ok_p, d_p = within_tolerance(res["plain"][1], v_loop, dtype)
            ok, diff = ok and ok_p, max(diff, d_p)
            t_plain = f"{res['plain'][0]:.4f}"
        all_ok, worst = all_ok and ok, max(worst, diff)
        tokens = (len(heads) + 1) * beh.n * beh.seq_len  # what the loop's forwards read
        print(
            f"{score:>7}  {n:>7}  {t_loop:>8.4f}  {t_fast:>9.4f}  {t_plain:>15}  "
            f"{t_loop / t_fast:>7.1f}x  {diff:>10.2e}  {tokens / t_loop:>11,.0f}  "
            f"{tokens / t_fast:>11,.0f}"
        )
        if flops:
            from model_shapes import fmt_peak, peak_tflops

            peak = peak_tflops(dev, dtype)
            # the loop is its forwards: count one and the clean pass, scale by the head count
            f_one = _flops(lambda beh=beh: ablate_loop(model, beh, heads[:1], args.metric))
            f_loop = f_one * (len(heads) + 1)
            f_fast = _flops(batched)
            rates.append(
                f"{score:>7}  {n:>7}  loop {f_loop / 1e12:.3g} TFLOP at "
                f"{fmt_peak(f_loop / t_loop / 1e12, peak)}; sweep {f_fast / 1e12:.3g} TFLOP "
                f"({f_loop / f_fast:.1f}x less) at {fmt_peak(f_fast / t_fast / 1e12, peak)}"
            )
    for line in rates:
        print(line)
    atol, rtol = tolerance(dtype)
    print(
        f"results equal within {atol:g} + {rtol:g} x |value| ({str(dtype).replace('torch.', '')})"
        f": {'yes' if all_ok else 'NO'} (max |diff| {worst:.2e})"
    )
    if not all_ok:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
