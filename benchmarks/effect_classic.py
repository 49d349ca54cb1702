"""Classic effect benchmarks without a graph: IHDP replications and the LaLonde NSW samples.

- IHDP (Hill 2011, response surface B, econml's loader `econml.data.dgps.ihdp_surface_B`):
  747 children, 25 pre-treatment covariates, a semi-synthetic outcome whose true average effect
  is known per replication (the mean of the true individual effects; about 4). Replications are
  random states 1..N.
- LaLonde NSW (`causaldata`): the Dehejia-Wahba experimental sample (185 treated, 260 controls)
  and the same treated men with 15,992 CPS controls; the target is the experimental difference
  of $1,794 in 1978 earnings.

Each table is written to CSV and passed to `estimate_effect(path, treatment, outcome)` as
`copilot estimate FILE -t T -y Y` does without `--graph`, next to the naive difference and OLS
on every covariate with HC1 intervals (every covariate here is pre-treatment, so that is the
textbook adjustment).

    python benchmarks/effect_classic.py                 # 10 IHDP replications + both LaLonde samples
    python benchmarks/effect_classic.py --ihdp 3 --no-lalonde --json out.json
    python benchmarks/effect_classic.py --ihdp 5 --first 6 --jobs 2 --lalonde experimental
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baselines  # noqa: E402
from effect_accuracy import _score, commit, one_thread, product_estimate  # noqa: E402

LALONDE_TARGET = 1794.0
IHDP_COLUMNS = [
    "bw", "b.head", "preterm", "birth.o", "nnhealth", "momage", "sex", "twin", "b.marr",
    "mom.lths", "mom.hs", "mom.scoll", "cig", "first", "booze", "drugs", "work.dur", "prenatal",
    "site1", "site2", "site3", "site4", "site5", "site6", "site7",
]  # fmt: skip


def ihdp(replication: int) -> tuple[pd.DataFrame, float]:
    """One IHDP replication (surface B) and its true average effect."""
    from econml.data.dgps import ihdp_surface_B

    y, t, x, te = ihdp_surface_B(random_state=replication)
    # econml prepends an intercept column; column names use _ where the original used dots
    df = pd.DataFrame(x[:, 1:], columns=[c.replace(".", "_") for c in IHDP_COLUMNS])
    df.insert(0, "treat", t.astype(int))
    df["iq_score"] = y
    return df, float(np.mean(te))


def lalonde(sample: str) -> pd.DataFrame:
    import causaldata

    nsw = causaldata.nsw_mixtape.load_pandas().data.drop(columns=["data_id"])
    if sample == "experimental":
        df = nsw
    else:
        cps = causaldata.cps_mixtape.load_pandas().data.drop(columns=["data_id"])
        df = pd.concat([nsw[nsw.treat == 1], cps], ignore_index=True)
    return df.astype(float).astype({"treat": int})


def run_table(name: str, df: pd.DataFrame, t: str, y: str, truth: float, timeout_s: int) -> dict:
    sd = float(df[y].std())
    rec = {"name": name, "n": len(df), "truth": truth, "outcome_sd": sd}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.csv"
        df.to_csv(path, index=False)
        rec["product"] = product_estimate(path, t, y, timeout_s)
    for key, fn in (("naive", baselines.naive), ("adjust_all", baselines.adjust_all)):
        e = fn(df, t, y)
        rec[key] = {"status": "ok", "ate": e.ate, "ci": list(e.ci)}
    for key in ("product", "naive", "adjust_all"):
        _score(rec[key], truth, sd)
    return rec


def _ihdp_row(rep: int, timeout_s: int) -> dict:
    df, truth = ihdp(rep)
    return run_table(f"IHDP replication {rep}", df, "treat", "iq_score", truth, timeout_s)


def _fmt(r: dict) -> str:
    if r.get("ate") is None:
        return (r.get("error") or f"not identified {r.get('effects_range')}")[:60]
    lo, hi = r["ci"]
    return f"{r['ate']:.4g} [{lo:.4g}, {hi:.4g}]{' *' if r['covered'] else ''}"


def print_rows(rows: list[dict]) -> None:
    print(f"{'data':24} {'truth':>8}  {'product (no graph)':42} {'naive':32} {'adjust for all':32}")
    for r in rows:
        print(
            f"{r['name']:24} {r['truth']:8.4g}  {_fmt(r['product']):42} {_fmt(r['naive']):32} "
            f"{_fmt(r['adjust_all']):32}"
        )
    for key in ("product", "naive", "adjust_all"):
        cov = sum(r[key]["covered"] for r in rows)
        print(f"  {key}: covered {cov}/{len(rows)}", end="")
    print("   (* = the interval covers the truth)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--ihdp", type=int, default=10, help="IHDP replications (default 10)")
    ap.add_argument("--first", type=int, default=1, help="first IHDP replication (default 1)")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--no-lalonde", action="store_true")
    ap.add_argument(
        "--lalonde",
        default="experimental,cps",
        help="comma-separated LaLonde samples (default experimental,cps)",
    )
    ap.add_argument("--timeout", type=int, default=600, help="seconds per product run")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    one_thread()
    start = time.perf_counter()
    print(f"classic effect benchmarks without a graph, commit {commit()}")
    out: dict = {"commit": commit()}
    if args.ihdp:
        reps = list(range(args.first, args.first + args.ihdp))
        timeouts = [args.timeout] * len(reps)
        if args.jobs > 1:
            with ProcessPoolExecutor(args.jobs, initializer=one_thread) as pool:
                rows = list(pool.map(_ihdp_row, reps, timeouts))
        else:
            rows = [_ihdp_row(rep, args.timeout) for rep in reps]
        print(f"\nIHDP (surface B), replications {reps[0]}-{reps[-1]}, n = {rows[0]['n']}:")
        print_rows(rows)
        out["ihdp"] = rows
    if not args.no_lalonde:
        rows = [
            run_table(
                f"LaLonde NSW {sample}",
                lalonde(sample),
                "treat",
                "re78",
                LALONDE_TARGET,
                args.timeout,
            )
            for sample in args.lalonde.split(",")
        ]
        print("\nLaLonde (target: the experimental $1,794):")
        print_rows(rows)
        out["lalonde"] = rows
    times = [r["product"]["elapsed_s"] for k in ("ihdp", "lalonde") for r in out.get(k, [])]
    print(
        f"\nproduct time per run: max {max(times):.0f} s; total {time.perf_counter() - start:.0f} s"
    )
    if args.json:
        args.json.write_text(json.dumps(out, indent=1, default=float))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
