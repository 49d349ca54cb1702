"""Normal scores: the continuous columns behind the role searches with Gaussian marginals.

The BIC score of the role searches is Gaussian: a continuous column with a skewed or
heavy-tailed marginal (a lognormal traffic count, a gamma duration, Student-t shocks) fits every
Gaussian equation badly, its few extreme rows dominate the sample covariances, and the score
differences between graphs on which a role turns are then driven by those rows: a confounder
with such a marginal loses its edge to the treatment, or is read as a consequence of the
outcome. Under the Gaussian copula (nonparanormal) model each column is a monotone transform of
a variable of a linear-Gaussian DAG; replacing each column by its normal scores (the standard
normal quantile of its rescaled rank) recovers those variables and keeps the graph (Liu,
Lafferty and Wasserman 2009; Harris and Drton 2013 for the PC algorithm).

Columns with few distinct values (binary columns, a category's indicators, small counts,
ordinal codes) stay as they are: a rank transform only relabels their levels and cannot make
them Gaussian, and with many ties it would distort the spacing between levels.
"""

from __future__ import annotations

import numpy as np

#: Columns with at most this many distinct values are left as they are.
KEEP_LEVELS = 10


def normal_scores(X: np.ndarray, keep_levels: int = KEEP_LEVELS) -> np.ndarray:
    """X with each column of more than `keep_levels` distinct values replaced by its normal
    scores (average ranks for ties, rescaled to rank / (n + 1)), moved to the column's own mean
    and standard deviation, so that scales stay as the user's; missing values stay missing."""
    from scipy import stats

    X = np.asarray(X, dtype=float)
    out = X.copy()
    for j in range(X.shape[1]):
        col = X[:, j]
        ok = ~np.isnan(col)
        values = col[ok]
        if len(np.unique(values)) <= keep_levels:
            continue
        z = stats.norm.ppf(stats.rankdata(values) / (len(values) + 1))
        z = (z - z.mean()) / z.std()
        out[ok, j] = values.mean() + values.std() * z
    return out
