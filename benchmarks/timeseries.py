"""Time-series discovery on simulated VARs with known lagged graphs: accuracy and time.

For every (p, T) cell and seed: simulate a stable linear Gaussian VAR(2) with p variables, each
depending on its own last step, and p cross links X_i(t - tau) -> X_j(t) (tau in 1..2, at least
one at lag 2); run each algorithm through `discover` with --max-lag 3 (one lag more than the
truth); score precision, recall and F1 of the lagged links (source, target, lag), self-links
included (Granger, which cannot test a series' own past, is scored on cross links only), and
the F1 of cross links alone. Time is the algorithm's own (loading and profiling excluded).
PCMCI and PCMCI+ run on every torch device present (CPU, and CUDA when available).

    python benchmarks/timeseries.py                           # p 5 10 20, T 500 2000, 3 seeds
    python benchmarks/timeseries.py --p 10 --n 2000 --algos pcmci --seeds 5
    python benchmarks/timeseries.py --markdown                # a README table
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import warnings


def devices() -> list[str]:
    import torch

    return ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def run_cell(p: int, n: int, algo: str, device: str, seeds: int, max_lag: int) -> dict:
    from copilot.tools.discovery import discover
    from copilot.tools.simulate import lagged_edge_scores, simulate_var

    os.environ["COPILOT_DEVICE"] = device
    rows = []
    for seed in range(seeds):
        sim = simulate_var(p=p, n=n, max_lag=2, seed=seed)
        truth = sim.links
        if algo == "granger":
            truth = {e for e in truth if e[0] != e[1]}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = discover(sim.data, algo, time_col="time", max_lag=max_lag, time_budget_s=3600)
        found = {(e.source, e.target, e.lag) for e in r.lagged_edges}
        s = lagged_edge_scores(found, truth)
        cross = lagged_edge_scores(
            {e for e in found if e[0] != e[1]}, {e for e in truth if e[0] != e[1]}
        )
        rows.append({**s, "cross_f1": cross["f1"], "seconds": r.elapsed_s, "engine": r.engine})
    return {
        "p": p,
        "n": n,
        "algo": algo,
        "device": device if algo.startswith("pcmci") else "cpu",
        "engine": rows[0]["engine"],
        **{
            k: statistics.mean(row[k] for row in rows)
            for k in ("precision", "recall", "f1", "cross_f1", "seconds")
        },
        "min_f1": min(row["f1"] for row in rows),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--p", type=int, nargs="+", default=[5, 10, 20])
    ap.add_argument("--n", type=int, nargs="+", default=[500, 2000])
    ap.add_argument("--algos", nargs="+", default=["pcmci", "pcmciplus", "varlingam", "granger"])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--max-lag", type=int, default=3)
    ap.add_argument("--markdown", action="store_true", help="print a Markdown table")
    args = ap.parse_args()

    print(
        f"# {platform.processor() or platform.machine()}, python {platform.python_version()}, "
        f"devices {', '.join(devices())}, {args.seeds} seeds per cell, max lag {args.max_lag}"
    )
    header = [
        "p",
        "T",
        "algorithm",
        "device",
        "precision",
        "recall",
        "F1",
        "min F1",
        "cross F1",
        "s",
    ]
    if args.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
    else:
        print("  ".join(f"{h:>9}" for h in header))
    for p in args.p:
        for n in args.n:
            for algo in args.algos:
                for device in devices() if algo.startswith("pcmci") else ["cpu"]:
                    c = run_cell(p, n, algo, device, args.seeds, args.max_lag)
                    cells = [
                        str(p),
                        str(n),
                        algo,
                        c["device"],
                        f"{c['precision']:.3f}",
                        f"{c['recall']:.3f}",
                        f"{c['f1']:.3f}",
                        f"{c['min_f1']:.3f}",
                        f"{c['cross_f1']:.3f}",
                        f"{c['seconds']:.2f}",
                    ]
                    if args.markdown:
                        print("| " + " | ".join(cells) + " |", flush=True)
                    else:
                        print("  ".join(f"{x:>9}" for x in cells), flush=True)


if __name__ == "__main__":
    main()
