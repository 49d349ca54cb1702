"""Make examples/data/sales.csv: a confounded discount -> churn question with a known answer.

Customers with short tenure and in the 'north' region are more likely to get a discount and
also more likely to churn, so the naive comparison overstates how much discounts help. The
true average effect of the discount on the churn probability is written to sales_truth.json
(computed from the structural model's potential outcomes on the same rows), and the true graph
to sales_graph.dot. Deterministic: the same files on every run.

    python examples/make_effect_data.py
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent / "data"
N = 4000
SEED = 7


def make(n: int = N, seed: int = SEED) -> tuple[pd.DataFrame, dict]:
    rng = np.random.default_rng(seed)
    region = rng.choice(["north", "south", "west"], size=n, p=[0.4, 0.35, 0.25])
    north = (region == "north").astype(float)
    tenure = np.round(np.minimum(rng.gamma(shape=2.0, scale=10.0, size=n), 60.0), 1)  # months
    spend = np.round(50 + 0.8 * tenure + rng.normal(0, 10, n), 2)
    # Discounts go to new customers and to the north.
    logit_d = 0.6 - 0.05 * tenure + 0.8 * north
    discount = (rng.random(n) < 1 / (1 + np.exp(-logit_d))).astype(int)
    # Churn: new customers and the north churn more; the discount lowers churn by 8 points.
    base = 0.40 - 0.004 * tenure + 0.10 * north - 0.001 * (spend - 70)
    effect = -0.08
    p0, p1 = np.clip(base, 0.0, 1.0), np.clip(base + effect, 0.0, 1.0)
    u = rng.random(n)
    churn = np.where(discount == 1, u < p1, u < p0).astype(int)
    df = pd.DataFrame(
        {
            "customer_id": np.arange(1, n + 1),
            "region": region,
            "tenure": tenure,
            "spend": spend,
            "discount": discount,
            "churn": churn,
        }
    )
    truth = {
        "treatment": "discount",
        "outcome": "churn",
        "ate": round(float(np.mean(p1 - p0)), 4),
        "naive_difference": round(
            float(churn[discount == 1].mean() - churn[discount == 0].mean()), 4
        ),
        "confounders": ["tenure", "region"],
        "n": n,
        "seed": seed,
    }
    return df, truth


GRAPH = """digraph sales {
  tenure -> spend;
  tenure -> discount;
  region -> discount;
  tenure -> churn;
  region -> churn;
  spend -> churn;
  discount -> churn;
}
"""


def main() -> None:
    HERE.mkdir(parents=True, exist_ok=True)
    df, truth = make()
    df.to_csv(HERE / "sales.csv", index=False)
    (HERE / "sales_truth.json").write_text(json.dumps(truth, indent=2) + "\n")
    (HERE / "sales_graph.dot").write_text(GRAPH)
    print(
        f"wrote {HERE / 'sales.csv'} ({len(df)} rows); true effect {truth['ate']}, naive {truth['naive_difference']}"
    )


if __name__ == "__main__":
    main()
