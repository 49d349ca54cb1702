"""How often `copilot estimate FILE -t T -y Y` (no graph) covers the true effect.

Every scenario of `benchmarks/scenarios.py` (structural causal models with a known average
effect, no graph given) is simulated for several seeds, written to CSV and passed to
`estimate_effect(path, treatment, outcome)` exactly as the CLI does without `--graph`. Next to
it, three baselines on the same table (`benchmarks/baselines.py`): the naive difference,
OLS adjusting for every other column, and the oracle that adjusts for a valid set of the true
graph. A fourth column is a diagnostic: the product's own estimator choice and interval given
the oracle's adjustment set ("oracle set+est"), which separates estimator and interval errors
from role errors. Per scenario and overall (dev and aside printed separately): coverage of the 95%
intervals, median absolute bias in outcome standard deviations, and the share of answers that
were "not identified" or errors (an error counts as not covered and keeps its message).

`--split random-dev` and `--split random-test` score `--count` (default 40) tables drawn by
`benchmarks/random_scenarios.py` (random confounded SCMs nobody wrote for the product; the two
streams have disjoint seeds: diagnose on random-dev, only score random-test), indices `--start`
(default 0) to `--start` + `--count` - 1, so a later round can score tables no earlier round saw.
Each table is its own draw, so these splits run one seed per table unless `--seeds` says
otherwise.

Goals: product coverage >= 90%, product bias <= 1.5 x the oracle's.

    python benchmarks/effect_accuracy.py                    # all scenarios, 3 seeds
    python benchmarks/effect_accuracy.py --quick            # 1 seed
    python benchmarks/effect_accuracy.py --split random-dev --count 40 --quick --json out.json
    python benchmarks/effect_accuracy.py --split random-dev --start 40 --count 40  # tables 40-79
    python benchmarks/effect_accuracy.py --split aside --seeds 5 --jobs 2 --json out.json
    python benchmarks/effect_accuracy.py --quick --no-name-order  # column names not read
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

sys.path.insert(0, str(Path(__file__).resolve().parent))

import baselines  # noqa: E402
from scenarios import SPLITS, by_name, select  # noqa: E402

COVERAGE_GOAL = 0.90
BIAS_GOAL = 1.5  # times the oracle's median absolute bias


class RunTimeout(Exception):
    pass


def _alarm(signum, frame):
    raise RunTimeout()


def product_estimate(
    path: Path, treatment: str, outcome: str, timeout_s: int, name_order: bool = True
) -> dict:
    """`copilot estimate FILE -t T -y Y` through the library, with every failure recorded."""
    from copilot.tools.estimation import estimate_effect

    start = time.perf_counter()
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(timeout_s)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = estimate_effect(path, treatment, outcome, name_order=name_order)
        data = r.to_json_dict()
        out = {
            "status": "ok" if r.ate is not None and r.ci is not None else "not identified",
            "ate": r.ate,
            "ci": list(r.ci) if r.ci is not None else None,
            "method": r.method,
            "verdict": r.verdict,
            "adjustment_set": list(r.adjustment_set or []),
            "effects_range": list(r.effects_range) if r.effects_range else None,
            "graph_source": r.graph_source,
            "roles": data.get("roles"),
            "ci_kind": r.ci_kind,
            "alternative": data.get("alternative"),
        }
    except RunTimeout:
        out = {"status": "error", "error": f"timeout after {timeout_s} s"}
    except Exception as exc:  # the benchmark records every failure, whatever its type
        out = {"status": "error", "error": f"{type(exc).__name__}: {exc}"}
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    out["elapsed_s"] = round(time.perf_counter() - start, 2)
    return out


def run_case(name: str, seed: int, timeout_s: int, name_order: bool = True) -> dict:
    """One scenario and seed: the product and the three baselines on the same table."""
    s = by_name(name)
    df = s.simulate(seed)
    truth = s.true_ate
    sd = float(df[s.outcome].astype(float).std())
    level = s.levels[1] if s.binary_treatment else None
    rec = {
        "scenario": name,
        "family": s.family,
        "split": s.split,
        "seed": seed,
        "n": len(df),
        "p": df.shape[1],
        "truth": truth,
        "outcome_sd": sd,
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.csv"
        df.to_csv(path, index=False)
        rec["product"] = product_estimate(path, s.treatment, s.outcome, timeout_s, name_order)
        rec["oracle_set_copilot"] = _oracle_set_copilot(path, s)
    refs = {
        "naive": lambda: baselines.naive(df, s.treatment, s.outcome, level),
        "adjust_all": lambda: baselines.adjust_all(df, s.treatment, s.outcome, level),
        "oracle": lambda: baselines.oracle(
            df, s.treatment, s.outcome, list(s.adjust), s.binary_treatment, level
        ),
    }
    for key, fn in refs.items():
        try:
            e = fn()
            rec[key] = {"status": "ok", "ate": e.ate, "ci": list(e.ci)}
        except Exception as exc:
            rec[key] = {"status": "error", "error": f"{type(exc).__name__}: {exc}"}
    for key in ("product", "oracle_set_copilot", *refs):
        _score(rec[key], truth, sd)
    _judge_adjustment(rec["product"], s)
    return rec


DOWNSTREAM = {"mediator", "collider", "descendant of outcome", "descendant of treatment"}


def _oracle_set_copilot(path: Path, s) -> dict:
    """The product's estimator and interval on the oracle's adjustment set (a diagnostic)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            e, method = baselines.oracle_set_copilot(path, s.treatment, s.outcome, list(s.adjust))
        return {"status": "ok", "ate": e.ate, "ci": list(e.ci), "method": method}
    except Exception as exc:  # recorded, counted as not covered
        return {"status": "error", "error": f"{type(exc).__name__}: {exc}"}


def _judge_adjustment(r: dict, s) -> None:
    """Which downstream columns the product adjusted for, and which confounders it left out."""
    if r["status"] != "ok":
        return
    adjusted = set(r.get("adjustment_set") or [])
    r["adjusted_downstream"] = sorted(c for c in adjusted if s.roles.get(c) in DOWNSTREAM)
    r["missed_confounders"] = sorted(
        c for c in s.adjust if s.roles.get(c) == "confounder" and c not in adjusted
    )


def _score(r: dict, truth: float, sd: float) -> None:
    ci = r.get("ci")
    r["covered"] = bool(ci is not None and ci[0] <= truth <= ci[1])
    r["bias_sd"] = abs(r["ate"] - truth) / sd if r.get("ate") is not None else None


# summaries ------------------------------------------------------------------------------------

ESTIMATORS = ("product", "naive", "adjust_all", "oracle", "oracle_set_copilot")


def summarise(records: list[dict], key: str) -> dict:
    rs = [r[key] for r in records]
    biases = [r["bias_sd"] for r in rs if r["bias_sd"] is not None]
    # interval width in outcome SDs: coverage bought with width shows here
    widths = [
        (r[key]["ci"][1] - r[key]["ci"][0]) / r["outcome_sd"]
        for r in records
        if r[key].get("ci") is not None and r.get("outcome_sd")
    ]
    n = len(rs)
    return {
        "median_ci_width_sd": float(np.median(widths)) if widths else float("nan"),
        "widened": sum("widened" in (r.get("ci_kind") or "") for r in rs),
        "runs": n,
        "covered": sum(r["covered"] for r in rs),
        "coverage": sum(r["covered"] for r in rs) / n if n else float("nan"),
        "median_abs_bias_sd": float(np.median(biases)) if biases else float("nan"),
        "with_estimate": len(biases),
        "not_identified": sum(r["status"] == "not identified" for r in rs),
        "errors": sum(r["status"] == "error" for r in rs),
    }


def _cell(s: dict) -> str:
    return f"{s['covered']}/{s['runs']} {s['median_abs_bias_sd']:.3f}"


def print_scenarios(records: list[dict]) -> None:
    names = list(dict.fromkeys(r["scenario"] for r in records))
    print(
        f"{'scenario':28} {'split':5} {'family':31} {'truth':>9}  "
        f"{'product (cov bias)':>19} {'NI/err':>6} {'naive':>10} {'adjust-all':>10} {'oracle':>10} "
        f"{'oracle set+est':>14}  method (product / oracle set)"
    )
    for name in names:
        rs = [r for r in records if r["scenario"] == name]
        sm = {k: summarise(rs, k) for k in ESTIMATORS}
        p = sm["product"]
        print(
            f"{name:28} {rs[0]['split']:5} {rs[0]['family'][:31]:31} {rs[0]['truth']:9.4g}  "
            f"{_cell(p):>19} {p['not_identified']:>2}/{p['errors']:<3} "
            f"{_cell(sm['naive']):>10} {_cell(sm['adjust_all']):>10} {_cell(sm['oracle']):>10} "
            f"{_cell(sm['oracle_set_copilot']):>14}  {_methods(rs, 'product')} / "
            f"{_methods(rs, 'oracle_set_copilot')}"
        )


def _methods(rs: list[dict], key: str) -> str:
    ms = [r[key].get("method") or r[key]["status"] for r in rs]
    return ",".join(dict.fromkeys(ms))


def print_overall(records: list[dict], label: str) -> dict:
    sm = {k: summarise(records, k) for k in ESTIMATORS}
    print(f"\n{label}: {len({r['scenario'] for r in records})} scenarios, {len(records)} runs")
    print(
        f"  {'estimator':18} {'coverage':>16} {'median |bias|/sd':>17} {'CI width/sd':>12} "
        f"{'not identified':>15} {'errors':>7}"
    )
    for k in ESTIMATORS:
        s = sm[k]
        print(
            f"  {k:18} {s['coverage']:7.1%} ({s['covered']:>3}/{s['runs']:<3}) "
            f"{s['median_abs_bias_sd']:17.3f} {s['median_ci_width_sd']:12.3f} "
            f"{s['not_identified'] / s['runs']:15.1%} {s['errors'] / s['runs']:7.1%}"
        )
    answered = [r["product"] for r in records if r["product"]["status"] == "ok"]
    down = sum(bool(r["adjusted_downstream"]) for r in answered)
    missed = sum(bool(r["missed_confounders"]) for r in answered)
    print(
        f"  product adjustment, of {len(answered)} answers with an interval: a mediator, collider "
        f"or descendant adjusted for in {down}; a confounder left out in {missed}; interval "
        f"widened to span an undecided column's other reading in {sm['product']['widened']}"
    )
    p, o = sm["product"], sm["oracle"]
    ratio = (
        p["median_abs_bias_sd"] / o["median_abs_bias_sd"]
        if o["median_abs_bias_sd"]
        else float("inf")
    )
    cov_ok = p["coverage"] >= COVERAGE_GOAL
    bias_ok = ratio <= BIAS_GOAL
    print(
        f"  goal coverage >= {COVERAGE_GOAL:.0%}: {'PASS' if cov_ok else 'FAIL'} ({p['coverage']:.1%}); "
        f"goal bias <= {BIAS_GOAL}x oracle: {'PASS' if bias_ok else 'FAIL'} ({ratio:.2f}x; "
        f"over the {p['with_estimate']} runs with an estimate)"
    )
    return {
        "summary": sm,
        "bias_ratio": ratio,
        "coverage_goal_met": cov_ok,
        "bias_goal_met": bias_ok,
    }


def print_errors(records: list[dict]) -> None:
    failed = [r for r in records if r["product"]["status"] != "ok"]
    if not failed:
        return
    print("\nProduct answers without an interval:")
    for r in failed:
        p = r["product"]
        what = p.get("error") or f"not identified, range {p.get('effects_range')}"
        print(f"  {r['scenario']} seed {r['seed']}: {what[:160]}")


def commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def one_thread() -> None:
    """One BLAS thread per run: --jobs decides the parallelism."""
    threadpool_limits(1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--split", choices=SPLITS, default="all")
    ap.add_argument("--count", type=int, default=40, help="tables of a random-* split (default 40)")
    ap.add_argument(
        "--start",
        type=int,
        default=0,
        help="index of the first table of a random-* split (default 0)",
    )
    ap.add_argument(
        "--seeds",
        type=int,
        default=None,
        help="seeds per scenario (default 3; 1 for a random-* split, whose tables are each a draw)",
    )
    ap.add_argument("--quick", action="store_true", help="one seed per scenario")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    ap.add_argument("--timeout", type=int, default=240, help="seconds per product run")
    ap.add_argument("--only", default=None, help="comma-separated scenario names")
    ap.add_argument("--json", type=Path, default=None, help="write every run and summary here")
    ap.add_argument(
        "--no-name-order",
        action="store_true",
        help="the product without reading column names for time order",
    )
    args = ap.parse_args(argv)
    seeds = 1 if args.quick else args.seeds
    if seeds is None:
        seeds = 1 if args.split.startswith("random-") else 3
    if args.count < 1:
        ap.error(f"--count must be >= 1, not {args.count}")
    if args.start < 0:
        ap.error(f"--start must be >= 0, not {args.start}")
    if args.start and not args.split.startswith("random-"):
        ap.error("--start applies to the random-dev and random-test splits only")
    scenarios = select(args.split, args.count, args.start)
    if args.only:
        wanted = set(args.only.split(","))
        scenarios = [s for s in scenarios if s.name in wanted]
    for s in scenarios:
        s.true_ate  # noqa: B018 -- Monte Carlo truths once, in the parent
    cases = [
        (s.name, seed, args.timeout, not args.no_name_order)
        for s in scenarios
        for seed in range(seeds)
    ]
    print(
        f"effect accuracy: {len(scenarios)} scenarios x {seeds} seeds, split {args.split}, "
        f"commit {commit()}, jobs {args.jobs}"
        + (", column names not read (--no-name-order)" if args.no_name_order else "")
    )
    start = time.perf_counter()
    one_thread()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs, initializer=one_thread) as pool:
            records = list(pool.map(run_case, *zip(*cases, strict=True)))
    else:
        records = [run_case(*c) for c in cases]
    elapsed = time.perf_counter() - start
    print()
    print_scenarios(records)
    result = {"commit": commit(), "seeds": seeds, "split": args.split, "elapsed_s": elapsed}
    for label in ("dev", "aside", "unseen", "random-dev", "random-test"):
        part = [r for r in records if r["split"] == label]
        if part:
            result[label] = print_overall(part, label)
    if args.split == "all":
        result["all"] = print_overall(records, "all")
    print_errors(records)
    times = [r["product"]["elapsed_s"] for r in records]
    print(
        f"\nproduct time per run: median {np.median(times):.1f} s, max {max(times):.1f} s; total {elapsed:.0f} s"
    )
    if args.json:
        result["runs"] = records
        args.json.write_text(json.dumps(result, indent=1, default=float))
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
