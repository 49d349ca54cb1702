"""Worked example: does the discount reduce churn? (examples/data/sales.csv, known answer)

The discount was given mostly to new customers and to the north region, who churn more, so the
raw comparison hides the discount's benefit. Adjusting for tenure and region (the graph in
sales_graph.dot says why) recovers the true effect written in sales_truth.json.

    python examples/estimate_example.py
"""

from __future__ import annotations

import json
from pathlib import Path

from copilot.tools.estimation import estimate_effect

DATA = Path(__file__).parent / "data"


def main() -> None:
    truth = json.loads((DATA / "sales_truth.json").read_text())
    result = estimate_effect(
        DATA / "sales.csv",
        "discount",
        "churn",
        graph=DATA / "sales_graph.dot",
        method="linear_regression",
        by="region",
        n_refute=20,
    )
    print(result.summary())
    print()
    print(
        f"naive difference: {result.naive_difference:+.3f}   adjusted: {result.ate:+.3f} "
        f"[{result.ci[0]:+.3f}, {result.ci[1]:+.3f}]   true effect: {truth['ate']:+.3f}"
    )


if __name__ == "__main__":
    main()
