"""Do the product's intervals reach their nominal coverage when the graph is right?

Simulations with a known effect and the CORRECT graph passed to `estimate_effect`, many seeds,
500 rows each, every estimator the product offers for that design (`--method` values), refutation off (this
measures the estimator's interval, not the checks):

| design | truth | methods |
| --- | --- | --- |
| confounded binary treatment, continuous outcome | 1.0 | linear_regression, matching, weighting, stratification, dml, aipw |
| confounded binary treatment whose effect varies (1 + x) | 1.0 (the ATE) | aipw, linear_regression |
| confounded continuous treatment | 0.5 per unit | linear_regression, dml |
| confounded binary treatment, binary outcome | risk difference (Monte Carlo) | glm |
| confounded dose, binary outcome with an additive risk | 0.08 per unit | dml, linear_regression |
| instrument with an unobserved confounder | 1.0 | iv |
| front-door mediator with an unobserved confounder | 0.8 x 1.5 = 1.2 | frontdoor |

For each, coverage of the 95% intervals with its Monte Carlo standard error
sqrt(c (1 - c) / seeds), the mean estimate, the empirical SD of the estimates against the mean
interval half-width / 1.96, and whether coverage is within 2 Monte Carlo SEs of 95%.
Bootstrap intervals use `--n-boot` resamples (default 100, the product's default is 200) to
keep the run short.

    python benchmarks/effect_calibration.py                     # 50 seeds, every design and method
    python benchmarks/effect_calibration.py --seeds 100 --jobs 2 --methods linear_regression,dml
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

from effect_accuracy import commit, one_thread  # noqa: E402

NOMINAL = 0.95
#: run order: cheap methods first
COST = {
    "linear_regression": 0,
    "aipw": 1,
    "dml": 1,
    "glm": 2,
    "iv": 2,
    "frontdoor": 2,
    "weighting": 3,
}


def _sig(x):
    return 1 / (1 + np.exp(-x))


@dataclass(frozen=True)
class Design:
    name: str
    methods: tuple[str, ...]
    edges: tuple[tuple[str, str], ...]
    n: int

    def simulate(self, seed: int, n: int | None = None) -> pd.DataFrame:
        return SIMULATORS[self.name](np.random.default_rng(seed), n or self.n)


def _binary(r, n):
    x1, x2, x3 = r.normal(size=(3, n))
    t = (r.random(n) < _sig(0.8 * x1 - 0.5 * x2 + 0.3 * x3)).astype(int)
    y = 1.0 * t + x1 + 0.5 * x2 - 0.5 * x3 + r.normal(size=n)
    return pd.DataFrame({"age_z": x1, "income_z": x2, "severity_z": x3, "program": t, "score": y})


def _varying(r, n):
    x1, x2 = r.normal(size=(2, n))
    t = (r.random(n) < _sig(0.8 * x1 - 0.5 * x2 + 0.5)).astype(int)
    y = t * (1.0 + x1) + x1 + 0.5 * x2 + r.normal(size=n)
    return pd.DataFrame({"age_z": x1, "income_z": x2, "program": t, "score": y})


def _continuous(r, n):
    x1, x2 = r.normal(size=(2, n))
    t = 0.6 * x1 - 0.4 * x2 + r.normal(size=n)
    y = 0.5 * t + x1 + x2 + r.normal(size=n)
    return pd.DataFrame({"age_z": x1, "income_z": x2, "dose": t, "score": y})


def _binary_outcome(r, n):
    x1, x2 = r.normal(size=(2, n))
    t = (r.random(n) < _sig(0.7 * x1 - 0.5 * x2)).astype(int)
    y = (r.random(n) < _sig(-0.5 + 0.8 * t + 0.7 * x1 - 0.5 * x2)).astype(int)
    return pd.DataFrame({"age_z": x1, "income_z": x2, "program": t, "recovered": y})


def _dose_binary_outcome(r, n):
    x1, x2 = r.normal(size=(2, n))
    t = np.clip(1.5 + 0.5 * x1 - 0.3 * x2 + 0.6 * r.normal(size=n), 0, 4)
    y = (r.random(n) < 0.1 + 0.08 * t + 0.25 * _sig(x1 - x2)).astype(int)
    return pd.DataFrame({"age_z": x1, "income_z": x2, "dose": t, "recovered": y})


def _iv(r, n):
    z, u = r.normal(size=(2, n))
    t = 0.8 * z + u + r.normal(size=n)
    y = 1.0 * t + 1.5 * u + r.normal(size=n)
    return pd.DataFrame({"lottery": z, "hours": t, "earnings": y})


def _frontdoor(r, n):
    u = r.normal(size=n)
    t = u + r.normal(size=n)
    m = 0.8 * t + r.normal(size=n)
    y = 1.5 * m + 2 * u + r.normal(size=n)
    return pd.DataFrame({"smoking": t, "tar": m, "cancer_index": y})


SIMULATORS = {
    "binary treatment": _binary,
    "varying effect": _varying,
    "continuous treatment": _continuous,
    "binary outcome": _binary_outcome,
    "dose with binary outcome": _dose_binary_outcome,
    "instrument": _iv,
    "front-door": _frontdoor,
}

DESIGNS = [
    Design(
        "binary treatment",
        ("linear_regression", "matching", "weighting", "stratification", "dml", "aipw"),
        tuple((c, d) for c in ("age_z", "income_z", "severity_z") for d in ("program", "score"))
        + (("program", "score"),),
        500,
    ),
    Design(
        "varying effect",
        ("aipw", "linear_regression"),
        tuple((c, d) for c in ("age_z", "income_z") for d in ("program", "score"))
        + (("program", "score"),),
        500,
    ),
    Design(
        "continuous treatment",
        ("linear_regression", "dml"),
        tuple((c, d) for c in ("age_z", "income_z") for d in ("dose", "score"))
        + (("dose", "score"),),
        500,
    ),
    Design(
        "binary outcome",
        ("glm",),
        tuple((c, d) for c in ("age_z", "income_z") for d in ("program", "recovered"))
        + (("program", "recovered"),),
        500,
    ),
    Design(
        "dose with binary outcome",
        ("dml", "linear_regression"),
        tuple((c, d) for c in ("age_z", "income_z") for d in ("dose", "recovered"))
        + (("dose", "recovered"),),
        500,
    ),
    Design(
        "instrument",
        ("iv",),
        (
            ("lottery", "hours"),
            ("hours", "earnings"),
            ("unobserved_u", "hours"),
            ("unobserved_u", "earnings"),
        ),
        500,
    ),
    Design(
        "front-door",
        ("frontdoor",),
        (
            ("smoking", "tar"),
            ("tar", "cancer_index"),
            ("unobserved_u", "smoking"),
            ("unobserved_u", "cancer_index"),
        ),
        500,
    ),
]
BY_NAME = {d.name: d for d in DESIGNS}
ROLES = {
    "binary treatment": ("program", "score"),
    "varying effect": ("program", "score"),
    "continuous treatment": ("dose", "score"),
    "binary outcome": ("program", "recovered"),
    "dose with binary outcome": ("dose", "recovered"),
    "instrument": ("hours", "earnings"),
    "front-door": ("smoking", "cancer_index"),
}


def truth(design: str) -> float:
    if design == "binary outcome":  # risk difference by Monte Carlo with common random numbers
        r = np.random.default_rng(7)
        x1, x2 = r.normal(size=(2, 2_000_000))
        return float(np.mean(_sig(0.3 + 0.7 * x1 - 0.5 * x2) - _sig(-0.5 + 0.7 * x1 - 0.5 * x2)))
    return {
        "binary treatment": 1.0,
        "varying effect": 1.0,  # effect 1 + x1 with E[x1] = 0
        "continuous treatment": 0.5,
        "dose with binary outcome": 0.08,  # the risk is linear in the dose
        "instrument": 1.0,
        "front-door": 1.2,
    }[design]


def run_one(design: str, method: str, seed: int, n_boot: int) -> dict:
    from copilot.tools.estimation import estimate_effect
    from copilot.tools.graph import CausalGraph

    d = BY_NAME[design]
    df = d.simulate(seed)
    t, y = ROLES[design]
    nodes = sorted({a for e in d.edges for a in e})
    graph = CausalGraph.from_edges(nodes, list(d.edges), kind="dag")
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            r = estimate_effect(
                df, t, y, graph=graph, method=method, refute=False, n_boot=n_boot, seed=seed
            )
        out = {"ate": r.ate, "ci": list(r.ci) if r.ci else None, "ci_kind": r.ci_kind}
    except Exception as exc:  # recorded, counted as not covered
        out = {"ate": None, "ci": None, "error": f"{type(exc).__name__}: {exc}"}
    out |= {"design": design, "method": method, "seed": seed}
    out["elapsed_s"] = round(time.perf_counter() - start, 2)
    return out


def summarise(runs: list[dict], true: float) -> dict:
    est = np.array([r["ate"] for r in runs if r["ate"] is not None], dtype=float)
    cis = [r["ci"] for r in runs if r["ci"] is not None]
    covered = sum(ci[0] <= true <= ci[1] for ci in cis)
    s = len(runs)
    cov = covered / s
    mcse = float(np.sqrt(max(cov * (1 - cov), NOMINAL * (1 - NOMINAL)) / s))
    half = np.array([(ci[1] - ci[0]) / 2 for ci in cis])
    return {
        "seeds": s,
        "covered": covered,
        "coverage": cov,
        "mcse": mcse,
        "mean_estimate": float(est.mean()) if len(est) else float("nan"),
        "empirical_sd": float(est.std(ddof=1)) if len(est) > 1 else float("nan"),
        "mean_se": float(half.mean() / 1.959964) if len(half) else float("nan"),
        "errors": sum("error" in r for r in runs),
        "nominal_within_2mcse": bool(abs(cov - NOMINAL) <= 2 * mcse),
        "seconds_per_run": float(np.mean([r["elapsed_s"] for r in runs])),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--seeds", type=int, default=50)
    ap.add_argument("--n-boot", type=int, default=100, help="bootstrap resamples (default 100)")
    ap.add_argument("--methods", default=None, help="comma-separated subset of methods")
    ap.add_argument("--designs", default=None, help="comma-separated subset of designs")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args(argv)
    methods = set(args.methods.split(",")) if args.methods else None
    designs = set(args.designs.split(",")) if args.designs else None
    cases = [
        (d.name, m, seed, args.n_boot)
        for d in DESIGNS
        if designs is None or d.name in designs
        for m in d.methods
        if methods is None or m in methods
        for seed in range(args.seeds)
    ]
    print(
        f"interval calibration with the correct graph: {args.seeds} seeds, n_boot {args.n_boot}, "
        f"commit {commit()}, jobs {args.jobs}"
    )
    one_thread()
    start = time.perf_counter()
    print(
        f"\n{'design':22} {'method':18} {'truth':>7} {'coverage':>9} {'+-MCSE':>7} {'mean est':>9} "
        f"{'emp. SD':>8} {'mean SE':>8} {'err':>4} {'nominal?':>9} {'s/run':>6}",
        flush=True,
    )
    # analytic intervals first, then the bootstrap ones (slow): a cut run still reports the first
    groups = sorted(dict.fromkeys((c[0], c[1]) for c in cases), key=lambda k: COST.get(k[1], 9))
    runs: list[dict] = []
    table = []
    pool = ProcessPoolExecutor(args.jobs, initializer=one_thread) if args.jobs > 1 else None
    try:
        for key in groups:  # one row as soon as its seeds are done
            mine = [c for c in cases if (c[0], c[1]) == key]
            if pool is not None:
                part = list(pool.map(run_one, *zip(*mine, strict=True)))
            else:
                part = [run_one(*c) for c in mine]
            runs += part
            true = truth(key[0])
            s = summarise(part, true)
            table.append({"design": key[0], "method": key[1], "truth": true, **s})
            print(
                f"{key[0]:22} {key[1]:18} {true:7.4f} {s['coverage']:9.1%} {s['mcse']:7.1%} "
                f"{s['mean_estimate']:9.4f} {s['empirical_sd']:8.4f} {s['mean_se']:8.4f} "
                f"{s['errors']:4d} {'yes' if s['nominal_within_2mcse'] else 'NO':>9} "
                f"{s['seconds_per_run']:6.1f}",
                flush=True,
            )
    finally:
        if pool is not None:
            pool.shutdown()
    errors = [r for r in runs if "error" in r]
    for r in errors[:10]:
        print(f"  error: {r['design']} {r['method']} seed {r['seed']}: {r['error'][:150]}")
    print(f"\ntotal {time.perf_counter() - start:.0f} s")
    if args.json:
        args.json.write_text(
            json.dumps({"commit": commit(), "table": table, "runs": runs}, indent=1, default=float)
        )
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
