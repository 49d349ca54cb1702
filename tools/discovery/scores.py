"""The BDeu local score in numpy, for causal-learn's GES, GRaSP and BOSS on discrete data.

causal-learn's `local_score_BDeu` builds a pandas frame and groups it on every call (about
10 ms at n = 5000), which made a permutation search on 8-12 discrete columns take a minute.
`local_score_bdeu` gives the same value (same priors, same counts over the parent
configurations seen) from integer codes and `np.bincount`, about 20 times faster, and
`install_fast_bdeu` makes those searches use it.
"""

from __future__ import annotations

import math
import threading
import weakref
from typing import Any

import numpy as np

#: Per live data array (by id, checked with a weak reference): each column's number of levels
#: and integer codes, computed once per search instead of once per score.
_codes: dict[int, tuple[weakref.ref, dict[int, tuple[int, np.ndarray]]]] = {}
_lock = threading.Lock()
_installed = False


def _column_codes(data: np.ndarray, k: int) -> tuple[int, np.ndarray]:
    key = id(data)
    with _lock:
        entry = _codes.get(key)
        if entry is None or entry[0]() is not data:
            entry = (weakref.ref(data, lambda _, key=key: _codes.pop(key, None)), {})
            _codes[key] = entry
    per_array = entry[1]
    if k not in per_array:
        levels, codes = np.unique(data[:, k], return_inverse=True)
        per_array[k] = (len(levels), codes.astype(np.int64))
    return per_array[k]


def local_score_bdeu(
    data: np.ndarray, i: int, parents: list[int], parameters: dict[str, Any] | None = None
) -> float:
    """BDeu score of column `i` given `parents` (higher is better), as causal-learn defines it:
    equivalent sample size `sample_prior` (1), a structure prior of `structure_prior` (1) over
    the other p - 1 columns, q_i the product of the parents' level counts."""
    from scipy.special import gammaln

    sample_prior = 1.0 if parameters is None else float(parameters["sample_prior"])
    structure_prior = 1.0 if parameters is None else float(parameters["structure_prior"])
    n, p = data.shape
    r, child = _column_codes(data, i)
    q, bound = 1.0, 1
    config = np.zeros(n, dtype=np.int64)
    for pa in parents:
        levels, codes = _column_codes(data, pa)
        q *= levels
        if bound * levels > 2**40:  # keep the mixed-radix code small: renumber those seen
            config = np.unique(config, return_inverse=True)[1].astype(np.int64)
            bound = n
        config = config * levels + codes
        bound *= levels
    if parents:
        config = np.unique(config, return_inverse=True)[1].astype(np.int64)
    m = int(config.max()) + 1
    n_ijk = np.bincount(config * r + child, minlength=m * r)
    n_ij = n_ijk.reshape(m, r).sum(axis=1)
    others = p - 1
    score = len(parents) * math.log(structure_prior / others) + (others - len(parents)) * math.log(
        1 - structure_prior / others
    )
    a_ij, a_ijk = sample_prior / q, sample_prior / (r * q)
    score += float(np.sum(gammaln(a_ij) - gammaln(n_ij + a_ij)))
    seen = n_ijk[n_ijk > 0].astype(float)
    score += float(np.sum(gammaln(seen + a_ijk) - gammaln(a_ijk)))
    return score


def install_fast_bdeu() -> None:
    """Point causal-learn's GES, GRaSP and BOSS at `local_score_bdeu` (once per process)."""
    global _installed
    if _installed:
        return
    import causallearn.search.PermutationBased.BOSS as boss_module
    import causallearn.search.PermutationBased.GRaSP as grasp_module
    import causallearn.search.ScoreBased.GES as ges_module

    for module in (ges_module, grasp_module, boss_module):
        module.local_score_BDeu = local_score_bdeu  # type: ignore[attr-defined]
    _installed = True
