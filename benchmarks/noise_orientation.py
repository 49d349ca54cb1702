"""How often the noise orientation places a column on the right side of the treatment.

Random three-variable models (a column C, a treatment T, an outcome Y with T -> Y) in which C
is a confounder, a mediator or a common effect of T and Y, with Gaussian, Laplace, uniform,
exponential or heteroskedastic noise, linear, tanh or square links, a binary treatment in about
a third of them, and n = 300 or 800. Each model goes through `orient_column` (no other
columns), and the decision is scored: right side, wrong side, or undecided (the default
assumption then stands). Wrong decisions are listed with the model that produced them.

    python benchmarks/noise_orientation.py                # 160 models
    python benchmarks/noise_orientation.py --models 400 --seed 7
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

import numpy as np
import pandas as pd

NOISES = ("gaussian", "laplace", "uniform", "exponential", "heteroskedastic")
LINKS = ("linear", "linear", "tanh", "square")  # linear twice: the common case


def _noise(r: np.random.Generator, kind: str, n: int) -> np.ndarray:
    if kind == "laplace":
        return r.laplace(0, 1 / np.sqrt(2), n)
    if kind == "uniform":
        return r.uniform(-np.sqrt(3), np.sqrt(3), n)
    if kind == "exponential":
        return r.exponential(1.0, n) - 1.0
    return r.normal(0, 1, n)


def _link(kind: str, x: np.ndarray) -> np.ndarray:
    return {"linear": x, "tanh": 2 * np.tanh(x), "square": 0.5 * x**2 + x}[kind]


def model(seed: int) -> tuple[pd.DataFrame, dict]:
    """One random model's table and its description (role, noise, link, binary, n)."""
    r = np.random.default_rng(seed)
    role = str(r.choice(["confounder", "mediator", "collider"]))
    noise = str(r.choice(NOISES))
    link = str(r.choice(LINKS))
    binary = bool(r.random() < 0.35)
    n = int(r.choice([300, 800]))
    a, b, c = r.uniform(0.5, 1.5, 3) * r.choice([-1, 1], 3)

    def e(parent: np.ndarray | None = None) -> np.ndarray:
        x = _noise(r, noise, n)
        if noise == "heteroskedastic" and parent is not None:
            x = x * (1 + 0.8 * np.abs(parent))
        return x

    def treat(x: np.ndarray) -> np.ndarray:
        if binary:
            return (r.random(n) < 1 / (1 + np.exp(-x))).astype(float)
        return x + e()

    if role == "confounder":
        C = e()
        T = treat(a * _link(link, C))
        Y = b * T + c * _link(link, C) + e(C)
    elif role == "mediator":
        T = treat(np.zeros(n))
        C = a * _link(link, T) + e(T)
        Y = b * T + c * _link(link, C) + e(C)
    else:
        T = treat(np.zeros(n))
        Y = b * T + e(T)
        C = a * _link(link, T) + c * _link(link, Y) + e(Y)
    info = {"role": role, "noise": noise, "link": link, "binary": binary, "n": n}
    return pd.DataFrame({"c": C, "t": T, "y": Y}), info


def main(argv: list[str] | None = None) -> int:
    from copilot.tools.estimation.noise_orientation import orient_column

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--models", type=int, default=160)
    ap.add_argument("--seed", type=int, default=1000)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    total: Counter = Counter()
    by: dict[str, Counter] = {}
    wrong = []
    for i in range(args.models):
        df, info = model(args.seed + i)
        o = orient_column(df, "t", "y", "c", [], {"t"} if info["binary"] else set())
        truth = "upstream" if info["role"] == "confounder" else "downstream"
        if o.decision == "undecided":
            result = "undecided"
        else:
            result = "right" if o.decision == truth else "wrong"
        total[result] += 1
        for key in ("noise", "link", "role"):
            by.setdefault(f"{key}={info[key]}", Counter())[result] += 1
        if result == "wrong":
            wrong.append((args.seed + i, info, o.model, o.p_values, o.likelihood))
    print(f"noise orientation on {args.models} random three-variable models")
    print(f"{'':24} {'right':>6} {'wrong':>6} {'undecided':>10}")
    for key in sorted(by):
        c = by[key]
        print(f"{key:24} {c['right']:>6} {c['wrong']:>6} {c['undecided']:>10}")
    print(f"{'all':24} {total['right']:>6} {total['wrong']:>6} {total['undecided']:>10}")
    decided = total["right"] + total["wrong"]
    if decided:
        print(f"wrong side in {total['wrong']} of {decided} decisions")
    for w in wrong:
        print("wrong:", w)
    print(f"{time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
