"""The same table and question give the same estimate in every process.

DoWhy builds an estimand's variable lists from sets, whose order follows Python's string
hashing (a new random seed per process unless PYTHONHASHSEED is set); estimators take their
columns in that order, and boosted trees or cross-fitting then move the estimate (1.758 and
1.769 for one table, alternating between runs). Identification returns its lists sorted.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

SCRIPT = """
import json
from copilot.tools.graph import CausalGraph
from copilot.tools.estimation.identify import identify

names = ["region", "age", "income", "tenure", "visits"]
edges = [(c, "treat") for c in names] + [(c, "spend") for c in names] + [("treat", "spend")]
graph = CausalGraph.from_edges(None, edges, kind="dag")
observed = [*names, "treat", "spend"]
ident = identify(graph, "treat", "spend", observed)
est = ident.estimand
print(json.dumps({
    "backdoor": est.get_backdoor_variables(),
    "adjustment": est.get_adjustment_set(),
}))
"""


def test_identification_lists_columns_in_one_order_whatever_the_hash_seed():
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", SCRIPT],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in (1, 2)
    ]
    found = []
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        found.append(json.loads(out.strip().splitlines()[-1]))
    confounders = sorted(["region", "age", "income", "tenure", "visits"])
    for lists in found:
        assert lists == found[0]
        assert lists["backdoor"] == lists["adjustment"] == confounders
