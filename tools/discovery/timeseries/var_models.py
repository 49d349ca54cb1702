"""VAR-LiNGAM (Hyvarinen et al. 2010) and conditional Granger causality on a pooled lagged design.

Both start from the vector autoregression X(t) = sum_tau M_tau X(t - tau) + e(t), fitted by
least squares on every series at once (lags never cross series). statsmodels supplies the
regressions and their tests; causal-learn's DirectLiNGAM supplies the causal order of the
residuals e(t).
"""

from __future__ import annotations

import numpy as np

from copilot.tools.discovery.timeseries.pcmci import Links, LinkTable, fdr_bh
from copilot.tools.discovery.timeseries.series import TimeSeries, lagged_design


def _ols(y: np.ndarray, x: np.ndarray):
    import statsmodels.api as sm

    return sm.OLS(y, x).fit()


def granger(ts: TimeSeries, max_lag: int, alpha: float, fdr: bool = True) -> Links:
    """X_i Granger-causes X_j when X_i's past improves the prediction of X_j(t) beyond the past of
    every series (an F-test of X_i's lag coefficients in X_j's VAR equation).

    A pair's p-value is that F-test (Benjamini-Hochberg adjusted over all ordered pairs); the
    lags reported for a significant pair are those whose own coefficient is significant at
    alpha / max_lag (or the strongest one when none is on its own).
    """
    p = ts.p
    design = lagged_design(ts, max_lag)
    y, x = design[:, :p], design[:, p:]  # x column (tau - 1) * p + i
    table = LinkTable(p, max_lag)
    pair_p = np.ones((p, p))
    fits = []
    for j in range(p):
        res = _ols(y[:, j], x)
        fits.append(res)
        for i in range(p):
            if i == j:
                continue
            cols = [(tau - 1) * p + i for tau in range(1, max_lag + 1)]
            r = np.zeros((max_lag, x.shape[1]))
            r[np.arange(max_lag), cols] = 1.0
            pair_p[i, j] = float(res.f_test(r).pvalue)
            for tau, c in zip(range(1, max_lag + 1), cols, strict=True):
                table.val[i, j, tau] = res.params[c]
                table.pval[i, j, tau] = res.pvalues[c]
    off = ~np.eye(p, dtype=bool)
    q = pair_p.copy()
    if fdr:
        q[off] = fdr_bh(pair_p[off])
    lagged = []
    for i, j in zip(*np.nonzero(off & (q <= alpha)), strict=True):
        own = table.pval[i, j, 1:]
        taus = np.flatnonzero(own <= alpha / max_lag) + 1  # Bonferroni over the pair's lags
        if not taus.size:
            taus = np.array([int(np.argmin(own)) + 1])
        for tau in taus.tolist():
            lagged.append((int(i), tau, int(j)))
    # the reported p-value of a Granger edge is its pair's (adjusted) F-test
    for i, tau, j in lagged:
        table.pval[i, j, tau] = q[i, j]
    return Links(sorted(lagged, key=lambda e: (e[2], e[1], e[0])), [], [], table)


def var_lingam(
    ts: TimeSeries, max_lag: int, alpha: float, seed: int = 0, fdr: bool = True
) -> tuple[Links, float]:
    """VAR-LiNGAM: a VAR fit, DirectLiNGAM's causal order of its residuals, then each variable
    regressed on the earlier variables of that order at time t and on every lagged variable;
    coefficients significant after Benjamini-Hochberg adjustment are the edges.

    Returns the links and the share of residuals that look Gaussian (where LiNGAM's
    contemporaneous orientations are not identifiable).
    """
    from causallearn.search.FCMBased.lingam import DirectLiNGAM
    from scipy.stats import normaltest

    p = ts.p
    design = lagged_design(ts, max_lag)
    y, x = design[:, :p], design[:, p:]
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    resid = y - x @ coef
    model = DirectLiNGAM(random_state=seed)
    model.fit(resid)
    order = [int(k) for k in model.causal_order_]
    gaussian_share = float(np.mean([normaltest(resid[:, k]).pvalue > 0.05 for k in range(p)]))

    table = LinkTable(p, max_lag)
    entries: list[tuple[int, int, int, float, float]] = []
    for pos, j in enumerate(order):
        earlier = order[:pos]
        z = np.hstack([y[:, earlier], x]) if earlier else x
        res = _ols(y[:, j], z)
        for k, i in enumerate(earlier):
            entries.append((i, 0, j, float(res.params[k]), float(res.pvalues[k])))
        off = len(earlier)
        for tau in range(1, max_lag + 1):
            for i in range(p):
                c = off + (tau - 1) * p + i
                entries.append((i, tau, j, float(res.params[c]), float(res.pvalues[c])))
    pv = np.array([e[4] for e in entries])
    q = fdr_bh(pv) if fdr else pv
    lagged, directed0 = [], []
    for (i, tau, j, b, _), qq in zip(entries, q, strict=True):
        table.val[i, j, tau], table.pval[i, j, tau] = b, qq
        if qq <= alpha:
            (lagged.append((i, tau, j)) if tau else directed0.append((i, j)))
    links = Links(sorted(lagged, key=lambda e: (e[2], e[1], e[0])), directed0, [], table)
    return links, gaussian_share
