"""Gated attention at small scale: does an output gate remove the attention sink and the
massive activations, as Qiu et al. ("Gated Attention for Large Language Models") report?

Trains the same small language model three times per seed, with gate none, headwise and
elementwise, on the same text (the interpreter's standard-library sources, see
`copilot.tools.probing.text`), the same tokenizer, the same batches and the same budget, and
prints per model, on held-out windows that start with a BOS token:

- validation loss (and the spread over seeds);
- first-token attention share: the mean attention every head gives position 0 (BOS) over
  queries 1..T-1, next to what uniform attention gives there (mean of 1/(t+1)), and the
  largest head's share;
- the largest residual |activation| at any layer input against the median |activation|;
- gate mean and the share of gate values below 0.1 (gated models);
- training stability: the largest rise of the training loss above its running minimum after
  warm-up, and the spread of the final loss over seeds.

    python benchmarks/gated_attention.py                    # CPU size: ~10 min on 2 cores
    python benchmarks/gated_attention.py --size gpu --device cuda   # larger, for a GPU
    python benchmarks/gated_attention.py --steps 100 --seeds 0      # a quick look
"""

from __future__ import annotations

import argparse
import statistics
import time

SIZES = {
    # layers, heads, d_model, vocab, length, steps, batch, corpus bytes, lr
    "cpu": dict(layers=2, heads=4, d_model=64, vocab_size=512, length=64, steps=400,
                batch_size=32, max_bytes=2_000_000, lr=3e-3),
    "gpu": dict(layers=6, heads=8, d_model=256, vocab_size=4096, length=256, steps=4000,
                batch_size=64, max_bytes=12_000_000, lr=1e-3),
}  # fmt: skip
GATES = ("none", "headwise", "elementwise")


def measure(model, val_ids, length: int, n: int = 64) -> dict[str, float]:
    """Sink share, activation ratio and gate statistics on `n` held-out BOS windows."""
    import torch

    from copilot.tools.probing.text import sample_windows, window_loss

    gen = torch.Generator().manual_seed(12345)
    win = sample_windows(val_ids, n, length, gen).to(model.device)  # (n, length + 1)
    with torch.no_grad():
        loss = float(window_loss(model, win))
        out = model(win[:, :-1], cache=("attn", "gate", "resid"))
    T = win.shape[1] - 1
    q = torch.arange(1, T, device=win.device)
    shares = torch.stack([a[:, :, q, 0].float().mean(dim=(0, 2)) for a in out.cache["attn"]])
    uniform = float((1.0 / (q.double() + 1)).mean())
    resid = torch.stack(out.cache["resid"][:-1]).float().abs()  # layer inputs, (L, n, T, C)
    res = {
        "val_loss": loss,
        "sink": float(shares.mean()),
        "sink_max_head": float(shares.max()),
        "uniform": uniform,
        "act_max": float(resid.max()),
        "act_median": float(resid.median()),
    }
    if model.config.gate != "none":
        g = torch.cat([x.float().flatten() for x in out.cache["gate"]])
        res["gate_mean"] = float(g.mean())
        res["gate_below_0_1"] = float((g < 0.1).float().mean())
    return res


def largest_spike(history: list[float], warmup: int) -> float:
    """The largest rise of the training loss above its running minimum after warm-up."""
    best, spike = float("inf"), 0.0
    for i, v in enumerate(history):
        if i >= warmup:
            spike = max(spike, v - best)
        best = min(best, v)
    return spike


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="cpu")
    ap.add_argument("--seeds", type=int, nargs="+", default=[0, 1])
    ap.add_argument("--steps", type=int, default=None, help="override the size's steps")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=1)
    args = ap.parse_args()

    from copilot.tools.probing.text import (
        encode_stream,
        stdlib_corpus,
        train_text_model,
        train_tokenizer,
    )

    size = dict(SIZES[args.size])
    if args.steps:
        size["steps"] = args.steps
    t0 = time.perf_counter()
    corpus = stdlib_corpus(size["max_bytes"])
    tok = train_tokenizer(corpus[0], size["vocab_size"])
    val_ids = encode_stream(tok, corpus[1])
    print(
        f"size {args.size}: {size['layers']} layers x {size['heads']} heads, d_model "
        f"{size['d_model']}, {tok.kind} tokenizer of {tok.vocab_size} ids, windows of "
        f"{size['length']} + BOS, {size['steps']} steps x {size['batch_size']}, seeds "
        f"{args.seeds} (corpus and tokenizer {time.perf_counter() - t0:.0f}s)"
    )
    rows: dict[str, list[dict[str, float]]] = {g: [] for g in GATES}
    for seed in args.seeds:
        for gate in GATES:
            t1 = time.perf_counter()
            r = train_text_model(
                gate=gate, seed=seed, device=args.device, threads=args.threads, corpus=corpus,
                tokenizer=tok, **size,
            )  # fmt: skip
            m = measure(r.model, val_ids, size["length"])
            m["spike"] = largest_spike(r.history, max(1, size["steps"] // 20))
            m["seconds"] = time.perf_counter() - t1
            rows[gate].append(m)
            print(
                f"  seed {seed} {gate:>11}: val loss {m['val_loss']:.3f}, BOS share "
                f"{m['sink']:.3f} (uniform {m['uniform']:.3f}), max act/median "
                f"{m['act_max'] / m['act_median']:.0f}, {m['seconds']:.0f}s",
                flush=True,
            )

    def mean(gate: str, key: str) -> float:
        return statistics.fmean(r[key] for r in rows[gate])

    def spread(gate: str, key: str) -> float:
        vals = [r[key] for r in rows[gate]]
        return statistics.stdev(vals) if len(vals) > 1 else float("nan")

    print()
    print(
        "| gate | val loss (sd over seeds) | BOS attention share (uniform) | largest head | "
        "max act / median | gate mean | gate < 0.1 | largest loss spike |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for g in GATES:
        gm = f"{mean(g, 'gate_mean'):.2f}" if g != "none" else "-"
        gl = f"{mean(g, 'gate_below_0_1'):.0%}" if g != "none" else "-"
        print(
            f"| {g} | {mean(g, 'val_loss'):.3f} ({spread(g, 'val_loss'):.3f}) | "
            f"{mean(g, 'sink'):.3f} ({mean(g, 'uniform'):.3f}) | {mean(g, 'sink_max_head'):.3f} | "
            f"{mean(g, 'act_max'):.1f} / {mean(g, 'act_median'):.2f} = "
            f"{mean(g, 'act_max') / mean(g, 'act_median'):.0f}x | {gm} | {gl} | "
            f"{mean(g, 'spike'):.3f} |"
        )
    print(f"\ntotal {time.perf_counter() - t0:.0f}s")


if __name__ == "__main__":
    main()
