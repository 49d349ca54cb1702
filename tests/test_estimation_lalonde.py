"""Real data with a published experimental answer: the Lalonde NSW experiment.

The Dehejia-Wahba subsample of the National Supported Work experiment (185 treated, 260
controls) ships in the `causaldata` package (loaded offline). Treatment was randomised, so the
experimental benchmark is the difference in 1978 earnings: $1,794. Adjusting for the
pre-treatment covariates must agree with it.
"""

from __future__ import annotations

import pytest

from copilot.tools.estimation import estimate_effect
from copilot.tools.graph import CausalGraph

PUBLISHED = 1794.34  # Dehejia and Wahba (1999), NSW experimental estimate in 1978 dollars


@pytest.fixture(scope="module")
def nsw():
    causaldata = pytest.importorskip(
        "causaldata", reason="the test extra installs causaldata (ships the NSW data)"
    )
    df = causaldata.nsw_mixtape.load_pandas().data.drop(columns=["data_id"])
    covariates = [c for c in df.columns if c not in ("treat", "re78")]
    graph = CausalGraph.from_edges(
        None,
        [(c, "treat") for c in covariates]
        + [(c, "re78") for c in covariates]
        + [("treat", "re78")],
    )
    return df, graph, covariates


def test_lalonde_experimental_benchmark_is_recovered(nsw):
    df, graph, covariates = nsw
    r = estimate_effect(df, "treat", "re78", graph=graph, method="linear_regression", n_refute=5)
    assert len(df) == 445
    assert abs(r.naive_difference - PUBLISHED) < 1.0  # the experiment's difference in means
    assert sorted(r.adjustment_set) == sorted(covariates)
    assert r.ci[0] <= PUBLISHED <= r.ci[1]
    assert abs(r.ate - PUBLISHED) < 300
    assert r.p_value < 0.05
    assert r.verdict in ("robust", "fragile"), r.summary()


def test_lalonde_weighting_agrees(nsw):
    df, graph, _ = nsw
    r = estimate_effect(
        df, "treat", "re78", graph=graph, method="weighting", refute=False, n_boot=30
    )
    assert r.ci[0] <= PUBLISHED <= r.ci[1]
    assert r.overlap is not None and r.overlap.adequate
