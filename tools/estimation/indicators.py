"""Categorical covariates as one indicator per level for the linear searches behind the roles.

Integer codes (east=0, north=1, south=2) put an order on a category that has none: a region
that raises the outcome only in the north then has no linear relation to the outcome at all,
and a linear (BIC) search reads it as unrelated or as an instrument, leaving a confounder out
of the adjustment set. Searched as indicators, each level's relation is linear; the
indicators' edges are then merged back into one node per column, so that every later step
(roles, checks, adjustment) speaks of the user's columns.
"""

from __future__ import annotations

import pandas as pd

from copilot.tools.data import Dataset
from copilot.tools.graph import CausalGraph

#: Categories with more levels than this stay integer codes (indicators would swamp the search).
MAX_LEVELS = 8


def indicator_frame(
    ds: Dataset, columns: list[str], keep: tuple[str, ...]
) -> tuple[pd.DataFrame, dict[str, list[str]]]:
    """(the columns as floats with each categorical covariate of 3 to MAX_LEVELS levels
    replaced by indicators of its levels but the most frequent, the nodes of each column).
    Columns in `keep` (the treatment and the outcome) stay as they are."""
    frame = ds.numeric(columns).reset_index(drop=True)
    kinds = ds.profile.kinds()
    parts: dict[str, list[str]] = {}
    pieces: list[pd.Series] = []
    for c in columns:
        codes = frame[c]
        levels = codes.dropna().value_counts()
        if c in keep or kinds.get(c) != "categorical" or not 3 <= len(levels) <= MAX_LEVELS:
            parts[c] = [c]
            pieces.append(codes.rename(c))
            continue
        names = {code: label for label, code in ds.encoding.get(c, {}).items()}
        parts[c] = []
        for code in levels.index[1:]:  # the most frequent level is the baseline
            node = _free_name(f"{c}={names.get(code, code)}", columns, parts)
            parts[c].append(node)
            pieces.append((codes == code).astype(float).where(codes.notna()).rename(node))
    return pd.concat(pieces, axis=1), parts


def _free_name(name: str, columns: list[str], parts: dict[str, list[str]]) -> str:
    taken = set(columns) | {n for ns in parts.values() for n in ns}
    out, i = name, 1
    while out in taken:
        i += 1
        out = f"{name}#{i}"
    return out


def merge_indicators(graph: CausalGraph, parts: dict[str, list[str]]) -> CausalGraph:
    """The graph over the user's columns: each column's indicator nodes become one node. An
    edge keeps its direction when every indicator edge between the two columns agrees, and is
    left undirected when they disagree (a category cannot be both cause and effect)."""
    if all(len(ns) == 1 and ns[0] == c for c, ns in parts.items()):
        return graph
    owner = {n: c for c, ns in parts.items() for n in ns}
    found: dict[frozenset[str], set[tuple[str, str, str]]] = {}
    for e in graph.edges:
        a, b = owner[e.source], owner[e.target]
        if a != b:
            found.setdefault(frozenset((a, b)), set()).add((a, b, e.type))
    edges = []
    for seen in found.values():
        if len(seen) == 1:
            a, b, etype = next(iter(seen))
            edges.append((a, b, etype))
        else:
            a, b, _ = sorted(seen)[0]
            edges.append((a, b, "undirected"))
    return CausalGraph.from_edges(list(parts), edges, kind=graph.kind)
