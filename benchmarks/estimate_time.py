"""Time to answer of `copilot estimate` without a graph on a 3,000-row, 12-column mixed table.

The table (seeded, written fresh to a temporary CSV) has a binary treatment chosen by four
confounders (two continuous, one binary, one five-level text category), a continuous outcome,
and the other columns a user's table has: an outcome-only cause, an instrument, a mediator, a
child of the outcome, a collider of treatment and outcome and a count.
True average effect 1.5.

Each interpreter given runs the same command in a fresh process on one core (BLAS and OpenMP
limited to one thread), `--runs` times, alternating, and the benchmark prints the median wall
time and CPU time (user + system of the process: about its wall time on an idle core, and
steadier than wall time on a busy machine), the command's own `elapsed_s` and stage timings, the answer (estimate and interval, which
must be the same for a change meant only to save time), and the ratio of each median to the
first interpreter's.

    python benchmarks/estimate_time.py                                  # this checkout, 1 run
    python benchmarks/estimate_time.py --python /old/.venv/bin/python --python .venv/bin/python --runs 2
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

TRUTH = 1.5


def mixed_table(n: int = 3000, seed: int = 0) -> pd.DataFrame:
    """The 12-column table described in the module doc."""
    r = np.random.default_rng(seed)
    age = r.normal(45, 12, n)
    income = r.lognormal(10.5, 0.5, n)
    smoker = (r.random(n) < 0.25).astype(int)
    region = r.choice(["north", "south", "east", "west", "centre"], n)
    shift = (
        pd.Series(region)
        .map({"north": 0.4, "south": -0.3, "east": 0.1, "west": -0.2, "centre": 0.0})
        .to_numpy()
    )
    distance = r.exponential(10, n)  # instrument: affects the treatment only
    z_age, z_inc = (age - 45) / 12, (np.log(income) - 10.5) / 0.5
    logit = -0.2 + 0.6 * z_age - 0.5 * z_inc + 0.7 * smoker + shift - 0.05 * (distance - 10)
    treated = (r.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    exercise = r.normal(size=n)  # outcome-only cause
    adherence = 0.8 * treated + r.normal(size=n)  # mediator
    visits = r.poisson(
        np.exp(0.5 + 0.3 * z_age)
    )  # a count caused by age, a cause of the outcome only
    outcome = (
        1.0 * treated
        + 0.625 * adherence
        + 0.8 * z_age
        - 0.6 * z_inc
        + 0.9 * smoker
        + 2 * shift
        + 0.5 * exercise
        + 0.2 * visits
        + r.normal(size=n)
    )
    readmission = 0.7 * outcome + r.normal(size=n)  # child of the outcome
    satisfaction = 0.5 * treated + 0.4 * outcome + r.normal(size=n)  # collider
    return pd.DataFrame(
        {
            "age": age.round(1),
            "income": income.round(0),
            "smoker": smoker,
            "region": region,
            "clinic_distance": distance.round(2),
            "exercise_hrs": exercise,
            "visits": visits,
            "enrolled": treated,
            "adherence": adherence,
            "recovery_score": outcome,
            "readmission_risk": readmission,
            "satisfaction": satisfaction,
        }
    )


def run_once(python: str, csv: Path, workspace: Path, refute: bool) -> dict:
    env = dict(os.environ)
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    cmd = [python, "-m", "copilot", "estimate", str(csv), "-t", "enrolled", "-y"]
    cmd += ["recovery_score", "--json", "-q", "--workspace", str(workspace)]
    if not refute:
        cmd.append("--no-refute")
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        raise SystemExit(f"{python}: exit {done.returncode}: {done.stderr.strip()[-500:]}")
    out = json.loads(done.stdout)
    return {
        "wall_s": wall,
        "cpu_s": cpu,
        "elapsed_s": out.get("elapsed_s"),
        "timings": out.get("timings", {}),
        "ate": out.get("ate"),
        "ci": out.get("ci"),
        "method": out.get("method"),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--python",
        action="append",
        default=None,
        help="interpreter whose installed copilot runs (repeat; the first is the baseline)",
    )
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--no-refute", action="store_true", help="time without the refutations")
    args = ap.parse_args(argv)
    pythons = args.python or [sys.executable]
    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "mixed.csv"
        mixed_table().to_csv(csv, index=False)
        results: dict[str, list[dict]] = {p: [] for p in pythons}
        for _ in range(args.runs):
            for i, p in enumerate(pythons):
                ws = Path(tmp) / f"ws{i}"
                results[p].append(run_once(p, csv, ws, not args.no_refute))
                last = results[p][-1]
                print(
                    f"{p}: wall {last['wall_s']:.1f} s, CPU {last['cpu_s']:.1f} s, "
                    f"{last['method']}, {last['ate']:.6f} {last['ci']}",
                    flush=True,
                )
    base = statistics.median(r["wall_s"] for r in results[pythons[0]])
    base_cpu = statistics.median(r["cpu_s"] for r in results[pythons[0]])
    print(
        f"\n3,000 rows x 12 columns, truth {TRUTH}, refute {not args.no_refute}, {args.runs} run(s)"
    )
    for p in pythons:
        rs = results[p]
        wall = statistics.median(r["wall_s"] for r in rs)
        cpu = statistics.median(r["cpu_s"] for r in rs)
        stages = ", ".join(f"{k} {v:.1f}" for k, v in rs[-1]["timings"].items())
        print(
            f"{p}\n  CPU {cpu:.1f} s (ratio to the first {cpu / base_cpu:.2f}), "
            f"wall {wall:.1f} s (ratio to the first {wall / base:.2f}), elapsed "
            f"{rs[-1]['elapsed_s']:.1f} s: {stages}\n  answer {rs[-1]['method']} "
            f"{rs[-1]['ate']:.4f} {rs[-1]['ci']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
