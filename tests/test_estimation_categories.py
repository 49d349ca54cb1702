"""Categorical covariates in the searches behind the roles: one indicator per level, merged
back into one column, so a category whose levels act in no order of their codes is found."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copilot.tools.estimation import estimate_effect
from copilot.tools.estimation.indicators import merge_indicators
from copilot.tools.estimation.roles import column_roles
from copilot.tools.graph import CausalGraph


def test_a_category_whose_levels_act_out_of_code_order_is_adjusted_for():
    # region codes east=0, north=1, south=2 (alphabetical): the south is treated more often
    # and the north buys more, so region is a confounder; read as integer codes, its relation
    # to the outcome is not linear and a linear search takes it for an instrument (left out).
    rng = np.random.default_rng(4)
    n = 2000
    region = rng.choice(["east", "north", "south"], n)
    north, south = (region == "north").astype(float), (region == "south").astype(float)
    age = rng.normal(size=n)
    treated = rng.binomial(1, 1 / (1 + np.exp(-(1.5 * south + 0.5 * age - 0.5))))
    sales = 1.0 * treated + 2.0 * north + 0.8 * age + rng.normal(size=n)
    frame = pd.DataFrame({"region": region, "age": age, "treated": treated, "sales": sales})
    r = estimate_effect(frame, "treated", "sales", refute=False)
    assert r.roles["region"].role == "confounder" and r.roles["region"].adjusted
    assert set(r.adjustment_set) == {"age", "region"}
    assert r.ci[0] <= 1.0 <= r.ci[1]
    assert abs(r.ate - 1.0) < 0.15


def test_indicator_edges_merge_into_one_node_per_column():
    parts = {"region": ["region=north", "region=south"], "t": ["t"], "y": ["y"], "a": ["a"]}
    g = CausalGraph.from_edges(
        ["region=north", "region=south", "t", "y", "a"],
        [("region=north", "y"), ("t", "region=south"), ("region=north", "t"), ("a", "t"),
         ("t", "y")],
        kind="dag",
    )  # fmt: skip
    merged = merge_indicators(g, parts)
    assert set(merged.nodes) == {"region", "t", "y", "a"}
    kinds = {frozenset((e.source, e.target)): e.type for e in merged.edges}
    # the two levels disagree on the direction with t: left undecided
    assert kinds[frozenset(("region", "t"))] == "undirected"
    assert kinds[frozenset(("region", "y"))] == "directed"
    # roles are read per level, where paths are real: t -> south is no path to y through north
    roles = column_roles(g, "t", "y", ["region", "a"], parts)
    assert roles == {"region": "confounder", "a": "instrument"}
