"""The drawn tables of the effect benchmark: deterministic, roles present, truth recovered."""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

import baselines  # noqa: E402
from random_scenarios import random_scenario  # noqa: E402
from scenarios import CONF, by_name, select  # noqa: E402

from copilot.tools.estimation.column_time import time_cue  # noqa: E402

ROLE_WORDS = ("treat", "outcome", "confound", "mediat", "collider", "instrument", "baseline")


def test_the_same_index_draws_the_same_table_and_the_streams_differ():
    fresh = random_scenario.__wrapped__  # past the cache: drawn again from its seed
    a, b = fresh(2, "dev"), fresh(2, "dev")
    assert (a.name, a.family, a.treatment, a.outcome, a.adjust) == (
        b.name,
        b.family,
        b.treatment,
        b.outcome,
        b.adjust,
    )
    pd.testing.assert_frame_equal(a.simulate(0), b.simulate(0))
    assert a.exact_ate == b.exact_ate and a.n == b.n
    other = random_scenario(2, "test")
    assert other.name == "random_test_002" and other.family != a.family
    assert [s.name for s in select("random-test", count=3)] == [
        "random_test_000",
        "random_test_001",
        "random_test_002",
    ]
    assert [s.name for s in select("random-dev", count=2, start=40)] == [
        "random_dev_040",
        "random_dev_041",
    ]
    assert by_name("random_dev_002").family == a.family


@pytest.mark.parametrize("stream", ["dev", "test"])
def test_every_role_is_a_column_and_names_say_nothing(stream):
    for i in range(3):
        s = random_scenario(i, stream)
        df = s.simulate(0)
        assert set(df.columns) == set(s.roles), s.name
        assert list(df.columns) == list(s.column_order)
        assert 300 <= len(df) <= 3000
        assert s.adjust and all(s.roles[c] == CONF for c in s.adjust)
        assert s.roles[s.treatment] in ("binary treatment", "continuous treatment")
        assert not df.isna().any().any(), s.name
        for c in df.columns:
            assert not any(w in c for w in ROLE_WORDS), c
            assert time_cue(c) is None, c


def test_the_confounders_recover_the_closed_form_truth_on_a_big_sample():
    # binary treatment, two confounders, an instrument, two mediators, a continuous outcome
    s = random_scenario(2, "dev")
    assert s.binary_treatment and s.exact_ate is not None and s.linear_oracle
    assert sum(r == "mediator" for r in s.roles.values()) == 2
    # common random numbers: the Monte Carlo of a linear model equals its closed form
    assert s.monte_carlo_ate(units=2_000) == pytest.approx(s.exact_ate, rel=1e-9, abs=1e-9)
    df = s.simulate(seed=1, n=20_000)
    sd = float(df[s.outcome].std())
    est = baselines.oracle(df, s.treatment, s.outcome, list(s.adjust), True, 1)
    half = (est.ci[1] - est.ci[0]) / 2
    assert abs(est.ate - s.exact_ate) <= 2 * half + 0.02 * sd
    # and leaving the confounders out does not
    naive = baselines.naive(df, s.treatment, s.outcome, 1)
    assert abs(naive.ate - s.exact_ate) > 4 * half


def test_bad_requests_get_a_one_line_error():
    with pytest.raises(ValueError, match="stream must be"):
        random_scenario(0, "aside")
    with pytest.raises(ValueError, match="index must be"):
        random_scenario(-1, "dev")
    with pytest.raises(ValueError, match="split must be"):
        select("random-other")
    with pytest.raises(ValueError, match="count must be"):
        select("random-dev", count=0)
    with pytest.raises(ValueError, match="start must be"):
        select("random-dev", start=-1)
