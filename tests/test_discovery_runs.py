"""Bootstrap confidences, time budgets, cost refusals, progress and argument checks."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from copilot.errors import BudgetError, ColumnNotFoundError, DiscoveryError, InputError
from copilot.tools.discovery import discover
from copilot.tools.graph import CausalGraph
from copilot.tools.simulate import simulate


@pytest.fixture(scope="module")
def chain_data():
    chain = CausalGraph.from_edges(None, [("a", "b"), ("b", "c"), ("c", "d")])
    return simulate(chain, 1000, "linear_gaussian", seed=0).data


def test_bootstrap_gives_confidences_high_on_true_edges(chain_data):
    r = discover(chain_data, "pc", bootstrap=20, seed=3)
    assert r.bootstrap is not None and (r.bootstrap.requested, r.bootstrap.completed) == (20, 20)
    assert {e.key for e in r.graph.edges} == {frozenset("ab"), frozenset("bc"), frozenset("cd")}
    for e in r.graph.edges:
        assert e.confidence is not None and 0.9 <= e.confidence <= 1.0
    assert all(0.0 < b.frequency <= 1.0 for b in r.bootstrap.edges)
    assert [e["confidence"] for e in r.to_json_dict()["edges"]] == [
        e.confidence for e in r.graph.edges
    ]


def test_bootstrap_is_reproducible_with_a_seed(chain_data):
    a = discover(chain_data, "ges", bootstrap=5, seed=1)
    b = discover(chain_data, "ges", bootstrap=5, seed=1)
    assert a.bootstrap == b.bootstrap


def test_time_budget_cuts_the_bootstrap_and_says_so(chain_data, budget_clock):
    budget_clock.step = 0.0  # only the resamples move the clock: 0.5 s each

    def slow(p):
        if p.task == "bootstrap":
            budget_clock.advance(0.5)

    r = discover(chain_data, "ges", bootstrap=50, time_budget_s=3.0, progress=slow)
    assert 1 <= r.bootstrap.completed <= 6
    assert f"bootstrap stopped after {r.bootstrap.completed} of 50 resamples" in r.cut[-1]
    assert all(e.confidence is not None for e in r.graph.edges)


def test_time_budget_stops_a_constraint_based_search(chain_data):
    with pytest.raises(BudgetError, match="PC \\(stable\\) did not finish within the time budget"):
        discover(chain_data, "pc", time_budget_s=1e-6)


def _random_dag_data(p: int, n: int, kind: str) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    names = [f"x{i}" for i in range(p)]
    edges = [
        (names[i], names[j]) for i in range(p) for j in range(i + 1, p) if rng.random() < 3 / p
    ]
    return simulate(CausalGraph.from_edges(names, edges), n, kind, seed=0).data


@pytest.mark.parametrize(
    "algo, p, kind, options, unit, budget",
    [
        ("ges", 40, "linear_gaussian", {}, "local scores", 0.05),
        ("grasp", 40, "linear_gaussian", {"restarts": 1}, "local scores", 0.05),
        ("boss", 40, "linear_gaussian", {"restarts": 1}, "local scores", 0.05),
        ("exact", 13, "linear_gaussian", {}, "local scores", 0.05),
        # DirectLiNGAM standardises and regresses for a while before its first comparison
        ("direct_lingam", 30, "linear_nongaussian", {}, "pair comparisons", 0.3),
    ],
)
def test_time_budget_stops_a_score_based_search_midway(
    algo, p, kind, options, unit, budget, budget_clock
):
    # Full runs take 1.5-16 s on these tables. The budget reads a clock that moves 1 ms per
    # reading, so it stops each search inside its loop after the same number of steps however
    # busy the machine is (a wall-clock 0.05 s could pass before the first score).
    data = _random_dag_data(p, 2000 if p > 13 else 1000, kind)
    seen = []
    with pytest.raises(BudgetError, match="did not finish within the time budget") as exc:
        discover(data, algo, time_budget_s=budget, progress=seen.append, **options)
    assert f" {unit}." in exc.value.message and "use PC with fisherz" in exc.value.hint
    assert any(p.message.endswith(unit) for p in seen)


def test_time_budget_keeps_the_best_restart_so_far():
    data = _random_dag_data(12, 500, "linear_gaussian")
    r = discover(data, "grasp", restarts=1000, time_budget_s=0.5)
    assert len(r.cut) == 1 and r.cut[0].startswith("restarts stopped after")
    ran = int(r.cut[0].split()[3])
    assert 1 <= ran < 1000 and (ran == 1 or f"best of {ran} restarts" in " ".join(r.notes))
    assert r.graph.edges


def test_score_budget_is_per_thread():
    """A search in one thread is not stopped by the budget of another thread's search."""
    import threading

    from causallearn.score.LocalScoreFunction import local_score_BIC_from_cov
    from causallearn.score.LocalScoreFunctionClass import LocalScoreClass

    from copilot.tools.discovery.budget import Budget, BudgetExceeded, TestCounter, counting

    X = np.random.default_rng(0).normal(size=(200, 3))
    scorer = LocalScoreClass(X, local_score_BIC_from_cov, {"lambda_value": 2.0})
    other: list[object] = []
    with counting(TestCounter("GES", None, Budget(1e-9), unit="local scores")):
        time.sleep(0.01)
        t = threading.Thread(target=lambda: other.append(scorer.score(0, [1])))
        t.start()
        t.join()
        with pytest.raises(BudgetExceeded):
            scorer.score(1, [2])
    assert isinstance(other[0], float)
    assert isinstance(scorer.score(2, [0]), float)  # outside the block: no budget


def test_kci_on_many_rows_is_refused_with_its_cost(monkeypatch, chain_data):
    monkeypatch.setenv("COPILOT_KCI_MAX_N", "500")
    with pytest.raises(BudgetError) as exc:
        discover(chain_data, "pc", ci_test="kci")
    assert "KCI test on 1000 rows is refused" in exc.value.message and "n^3" in exc.value.message
    assert "--force" in exc.value.hint


def test_progress_is_reported(chain_data):
    seen = []
    discover(chain_data, "pc", bootstrap=3, progress=seen.append)
    tasks = [(p.task, p.done, p.total) for p in seen]
    assert ("discover", 0, 1) in tasks and ("discover", 1, 1) in tasks
    assert [t for t in tasks if t[0] == "bootstrap"] == [
        ("bootstrap", 1, 3),
        ("bootstrap", 2, 3),
        ("bootstrap", 3, 3),
    ]


@pytest.mark.parametrize(
    "kwargs, error, text",
    [
        ({"alpha": 1.5}, InputError, "alpha must be between 0 and 1"),
        ({"bootstrap": 1}, InputError, "bootstrap=1 resamples"),
        ({"bootstrap": -2}, InputError, "whole number"),
        ({"ci_test": "pearson"}, InputError, "Unknown CI test 'pearson'"),
        (
            {"algorithm": "ges", "ci_test": "fisherz"},
            InputError,
            "A CI test applies to pc, fci and cdnod",
        ),
        ({"algorithm": "pc", "penalty": 2}, InputError, "Option 'penalty' does not apply to PC"),
        ({"algorithm": "pc", "domain_col": "a"}, InputError, "used by CD-NOD only"),
        ({"algorithm": "cdnod"}, DiscoveryError, "CD-NOD needs a domain or time index column"),
        ({"domain_col": "e"}, ColumnNotFoundError, "Unknown domain column 'e'"),
        ({"algorithm": "pc", "ci_test": "chisq"}, InputError, "chisq test needs discrete columns"),
        ({"algorithm": "ges", "score": "bdeu"}, InputError, "BDeu score needs discrete columns"),
        ({"time_budget_s": 0}, InputError, "time budget must be positive"),
        ({"algorithm": "pc", "engine": "gpu"}, InputError, "Unknown PC engine 'gpu'"),
        ({"algorithm": "ges", "engine": "torch"}, InputError, "The torch engine runs PC only"),
        (
            {"algorithm": "pc", "depth": -1},
            InputError,
            "Option depth=-1 must be a whole number >= 0",
        ),
        (
            {"algorithm": "ges", "penalty": "high"},
            InputError,
            "Option penalty='high' must be a number",
        ),
        ({"algorithm": "pc", "knowledge_policy": "ignore"}, InputError, "Unknown knowledge policy"),
    ],
)
def test_bad_arguments_raise_one_line_errors(chain_data, kwargs, error, text):
    with pytest.raises(error, match=text) as exc:
        discover(chain_data, **kwargs)
    assert "\n" not in str(exc.value)


def test_alpha_is_noted_as_unused_by_score_searches(chain_data):
    r = discover(chain_data, "ges", alpha=0.01)
    assert r.alpha is None and any("alpha=0.01 was ignored" in n for n in r.notes)


def test_one_column_is_not_enough():
    with pytest.raises(DiscoveryError, match="at least two analysable columns"):
        discover(pd.DataFrame({"a": np.arange(20) % 7, "id": np.arange(20)}))


def test_index_column_is_an_ordinary_variable_for_other_algorithms():
    chain = CausalGraph.from_edges(None, [("a", "b")])
    data = simulate(chain, 500, "linear_gaussian", seed=0, n_domains=2, changing=["b"]).data
    r = discover(data, "pc")
    assert "domain" in r.nodes and any("looks like a domain or time index" in n for n in r.notes)
