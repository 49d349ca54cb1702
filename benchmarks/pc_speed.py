"""PC-stable with Fisher-z: the torch engine against causal-learn on the same data.

For every (p, n) cell: simulate a linear Gaussian SEM on a random DAG with the given average
degree, run both engines, print their times and the ratio, and check that the results are
identical (skeleton, separating sets, oriented graph). causal-learn runs in a child process so
that a cell can be skipped honestly when it exceeds --max-reference-seconds.

    python benchmarks/pc_speed.py                      # p in {50, 100, 200}, n in {10k, 100k}
    python benchmarks/pc_speed.py --p 100 --n 10000    # one cell
    python benchmarks/pc_speed.py --max-reference-seconds 300 --markdown
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import platform
import queue
import time

import numpy as np


def simulate(p: int, n: int, avg_degree: float, seed: int) -> np.ndarray:
    """Linear Gaussian SEM on an Erdos-Renyi DAG, columns shuffled."""
    rng = np.random.default_rng(seed)
    prob = min(1.0, avg_degree / (p - 1))
    weights = rng.uniform(0.3, 1.0, (p, p)) * rng.choice([-1.0, 1.0], (p, p))
    weights = np.triu(weights, 1) * (rng.random((p, p)) < prob)
    x = np.zeros((n, p))
    noise = rng.standard_normal((n, p))
    for j in range(p):
        x[:, j] = x @ weights[:, j] + noise[:, j]
    return np.ascontiguousarray(x[:, rng.permutation(p)])


def summary(cg) -> tuple[np.ndarray, dict]:
    """What must be identical: the graph matrix and every recorded separating set."""
    p = cg.G.graph.shape[0]
    seps = {
        (i, j): [tuple(int(v) for v in s) for s in cg.sepset[i, j]]
        for i in range(p)
        for j in range(p)
        if cg.sepset[i, j] is not None
    }
    return cg.G.graph.copy(), seps


def _reference_worker(args, out) -> None:
    from causallearn.search.ConstraintBased.PC import pc
    from threadpoolctl import threadpool_limits

    p, n, degree, alpha, seed, threads = args
    x = simulate(p, n, degree, seed)
    # same BLAS thread count as the engine, so that neither side is timed with oversubscribed
    # BLAS threads spinning on a busy machine
    with threadpool_limits(limits=threads, user_api="blas"):
        start = time.perf_counter()
        cg = pc(x, alpha, "fisherz", True, show_progress=False)
        elapsed = time.perf_counter() - start
    out.put((elapsed, summary(cg)))


def run_reference(args, limit_s: float):
    """causal-learn in a child process; None when it runs past the limit."""
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    proc = ctx.Process(target=_reference_worker, args=(args, out), daemon=True)
    proc.start()
    try:
        result = out.get(timeout=limit_s + 60)  # the child needs time to start and load data
    except queue.Empty:
        result = None
    if proc.is_alive():
        proc.kill()
    proc.join()
    if result is not None and result[0] > limit_s:
        return None
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--p", type=int, nargs="+", default=[50, 100, 200])
    ap.add_argument("--n", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--degree", type=float, default=3.5, help="average degree of the true DAG")
    ap.add_argument("--alpha", type=float, default=0.05)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--repeats", type=int, default=3, help="torch runs per cell; the best is kept")
    ap.add_argument(
        "--max-reference-seconds",
        type=float,
        default=600.0,
        help="skip causal-learn in cells where it runs longer than this",
    )
    ap.add_argument("--no-reference", action="store_true", help="time the torch engine only")
    ap.add_argument("--device", default="auto")
    ap.add_argument("--float32", action="store_true", help="run the engine in float32")
    ap.add_argument(
        "--threads",
        type=int,
        default=1,
        help="torch and BLAS threads for both engines (0: leave as is)",
    )
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = ap.parse_args()

    import torch

    from copilot.tools.discovery.pc_torch import pc_torch

    dtype = torch.float32 if args.float32 else torch.float64
    threads = None if args.threads == 0 else args.threads
    device = "cuda" if args.device == "auto" and torch.cuda.is_available() else args.device
    device_name = (
        torch.cuda.get_device_name() if device.startswith("cuda") else platform.processor() or "cpu"
    )
    print(
        f"# device {device} ({device_name}), torch {torch.__version__}, "
        f"{torch.get_num_threads()} torch threads available, engine threads {threads or 'default'}, "
        f"dtype {str(dtype).removeprefix('torch.')}, average degree {args.degree}, alpha {args.alpha}"
    )
    pc_torch(simulate(10, 500, 3, 0), args.alpha, device=device, dtype=dtype, num_threads=threads)

    rows = []
    for p in args.p:
        for n in args.n:
            x = simulate(p, n, args.degree, args.seed + p)
            best, cg = float("inf"), None
            for _ in range(args.repeats):
                start = time.perf_counter()
                cg = pc_torch(x, args.alpha, device=device, dtype=dtype, num_threads=threads)
                if device.startswith("cuda"):
                    torch.cuda.synchronize()
                best = min(best, time.perf_counter() - start)
            edges = int((cg.G.graph != 0).sum()) // 2
            tests = cg.engine_stats["tests"]
            ref = (
                None
                if args.no_reference
                else run_reference(
                    (p, n, args.degree, args.alpha, args.seed + p, threads),
                    args.max_reference_seconds,
                )
            )
            if ref is None:
                ref_s = ratio = same = None
            else:
                ref_s, ref_summary = ref
                ratio = ref_s / best
                ours = summary(cg)
                same = bool(np.array_equal(ours[0], ref_summary[0]) and ours[1] == ref_summary[1])
            rows.append((p, n, edges, tests, best, ref_s, ratio, same))
            print(_line(rows[-1], args), flush=True)

    if args.markdown:
        print()
        print("| p | n | edges | CI tests | torch (s) | causal-learn (s) | speed-up | identical |")
        print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |")
        for p, n, edges, tests, best, ref_s, ratio, same in rows:
            ref_cell = (
                f"{ref_s:.1f}"
                if ref_s is not None
                else (
                    "not run"
                    if args.no_reference
                    else f"skipped (> {args.max_reference_seconds:g} s)"
                )
            )
            print(
                f"| {p} | {n:,} | {edges} | {tests:,} | {best:.2f} | {ref_cell} | "
                f"{f'{ratio:.0f}x' if ratio else '-'} | "
                f"{'-' if same is None else ('yes' if same else 'NO')} |"
            )
    if any(r[-1] is False for r in rows):
        raise SystemExit("results differ from causal-learn")


def _line(row, args) -> str:
    p, n, edges, tests, best, ref_s, ratio, same = row
    ref = (
        "not run"
        if args.no_reference
        else (
            f"{ref_s:8.2f} s"
            if ref_s is not None
            else f"skipped (> {args.max_reference_seconds:g} s)"
        )
    )
    extra = "" if ratio is None else f"  speed-up {ratio:6.1f}x  identical {same}"
    return f"p={p:4d} n={n:7d} edges={edges:4d} tests={tests:9d}  torch {best:7.3f} s  causal-learn {ref}{extra}"


if __name__ == "__main__":
    main()
