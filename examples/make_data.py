"""Regenerate the example datasets in examples/data/ and their true graphs (deterministic).

    python examples/make_data.py

Each `NAME.csv` comes with `NAME.truth.json`: the DAG it was drawn from (readable with
`CausalGraph.load`), the mechanism, the seed and, for multi-domain data, the nodes whose
mechanism changes across domains. `var_timeseries.csv` is a VAR(2) time series (a `time`
column and 6 series); its `var_timeseries.truth.json` lists the true links with their lags.
"""

from __future__ import annotations

import json
from pathlib import Path

from copilot.tools.simulate import random_dag, simulate, simulate_var

DATA = Path(__file__).resolve().parent / "data"

#: name -> (nodes, average degree, mechanism, rows, seed, extra simulate arguments)
DATASETS = {
    "linear_gaussian": (8, 2.0, "linear_gaussian", 2000, 4, {}),
    "linear_nongaussian": (6, 2.0, "linear_nongaussian", 2000, 3, {}),
    "discrete": (6, 1.5, "discrete", 3000, 2, {}),
    "multidomain": (6, 1.5, "linear_gaussian", 3000, 1, {"n_domains": 3, "changing": ["x2", "x4"]}),
}


def make(name: str) -> tuple[Path, Path]:
    p, degree, mechanism, n, seed, extra = DATASETS[name]
    graph = random_dag(p, degree, seed=seed)
    sim = simulate(graph, n, mechanism, seed=seed, **extra)  # type: ignore[arg-type]
    data_path = DATA / f"{name}.csv"
    truth_path = DATA / f"{name}.truth.json"
    frame = sim.data.round(6) if mechanism != "discrete" else sim.data
    frame.to_csv(data_path, index=False)
    truth = json.loads(graph.model_copy(update={"kind": "dag"}).to_json())
    truth.update(
        {
            "mechanism": mechanism,
            "rows": n,
            "seed": seed,
            "changing": sim.changing,
            "domain_column": "domain" if extra.get("n_domains", 1) > 1 else None,
        }
    )
    truth_path.write_text(json.dumps(truth, indent=2) + "\n")
    return data_path, truth_path


def make_timeseries() -> tuple[Path, Path]:
    """A VAR(2) with 6 series, 1000 steps: every series depends on its last step, plus 6 links."""
    sim = simulate_var(p=6, n=1000, max_lag=2, seed=7)
    data_path, truth_path = DATA / "var_timeseries.csv", DATA / "var_timeseries.truth.json"
    sim.data.round(6).to_csv(data_path, index=False)
    truth = {
        "kind": "time_series",
        "time_column": "time",
        "max_lag": 2,
        "rows": 1000,
        "seed": 7,
        "links": [
            {"source": s, "target": t, "lag": lag, "coefficient": round(float(c), 4)}
            for s, t, lag in sorted(sim.links, key=lambda e: (e[2], e[1], e[0]))
            for c in [sim.coefficients[lag, int(t[1:]), int(s[1:])]]
        ],
    }
    truth_path.write_text(json.dumps(truth, indent=2) + "\n")
    return data_path, truth_path


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    for name in DATASETS:
        for path in make(name):
            print(path.relative_to(DATA.parent.parent))
    for path in make_timeseries():
        print(path.relative_to(DATA.parent.parent))


if __name__ == "__main__":
    main()
