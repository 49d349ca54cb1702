"""Regenerate the example datasets in examples/data/ and their true graphs (deterministic).

    python examples/make_data.py

Each `NAME.csv` comes with `NAME.truth.json`: the DAG it was drawn from (readable with
`CausalGraph.load`), the mechanism, the seed and, for multi-domain data, the nodes whose
mechanism changes across domains.
"""

from __future__ import annotations

import json
from pathlib import Path

from copilot.tools.simulate import random_dag, simulate

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


def main() -> None:
    DATA.mkdir(parents=True, exist_ok=True)
    for name in DATASETS:
        for path in make(name):
            print(path.relative_to(DATA.parent.parent))


if __name__ == "__main__":
    main()
