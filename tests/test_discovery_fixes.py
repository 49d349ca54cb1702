"""Time-budget errors say how far the search got; knowledge never leaves a directed cycle;
exact search's parent limit is on the CLI."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from copilot.cli import app
from copilot.errors import BudgetError, DiscoveryError
from copilot.tools.discovery import api, discover
from copilot.tools.discovery.budget import Budget, BudgetExceeded
from copilot.tools.discovery.knowledge import build_knowledge, check_acyclic
from copilot.tools.graph import CausalGraph
from copilot.tools.simulate import simulate
from tests.test_discovery_runs import _random_dag_data

runner = CliRunner()


class _StopAfter(Budget):
    """A budget that runs out at the 25th step, whatever the clock says: deterministic."""

    STEPS = 25

    def check(self, tests: int = 0, unit: str = "CI tests") -> None:
        if tests >= self.STEPS:
            raise BudgetExceeded(tests, unit)


@pytest.fixture
def stop_after(monkeypatch):
    monkeypatch.setattr(api, "Budget", _StopAfter)
    return _StopAfter


# 1. time budgets --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "algo, kind, options, unit",
    [
        ("pc", "linear_gaussian", {"engine": "causal-learn"}, "CI tests"),
        ("fci", "linear_gaussian", {}, "CI tests"),
        ("direct_lingam", "linear_nongaussian", {}, "pair comparisons"),
        ("ges", "linear_gaussian", {}, "local scores"),
    ],
)
def test_budget_error_says_how_far_the_search_got(stop_after, algo, kind, options, unit):
    data = _random_dag_data(10, 500, kind)
    with pytest.raises(BudgetError) as exc:
        discover(data, algo, time_budget_s=60, **options)
    assert exc.value.message.endswith(f"within the time budget of 60 s after 25 {unit}.")


def test_torch_pc_engine_reports_progress_too(stop_after):
    pytest.importorskip("torch")
    data = _random_dag_data(12, 500, "linear_gaussian")
    with pytest.raises(BudgetError) as exc:
        discover(data, "pc", engine="torch", time_budget_s=60)
    done = int(re.search(r"after (\d+) CI tests\.$", exc.value.message).group(1))
    assert done >= 25  # checked after each depth level


def test_budget_hint_fits_the_test_that_ran(stop_after, monkeypatch):
    data = _random_dag_data(10, 500, "linear_gaussian")
    with pytest.raises(BudgetError) as exc:
        discover(data, "pc", ci_test="fisherz", engine="causal-learn")
    hint = exc.value.hint
    assert "faster test" not in hint and "lower --alpha" in hint and "--time-budget" in hint
    with pytest.raises(BudgetError) as exc:
        discover(data, "fci", ci_test="fisherz")
    assert "faster test" not in exc.value.hint and "lower --alpha" in exc.value.hint
    monkeypatch.setattr(stop_after, "STEPS", 2)  # KCI tests are slow: stop after two
    with pytest.raises(BudgetError) as exc:
        discover(data.iloc[:150, :4], "pc", ci_test="kci", time_budget_s=60)
    assert exc.value.message.endswith("after 2 CI tests.")
    assert "faster test than kci (--ci-test fisherz" in exc.value.hint


def test_real_budget_stops_pc_midway_with_progress():
    # causal-learn's PC search on 60 variables takes seconds on an idle machine (longer on a busy
    # one); the real clock stops it after its first tests
    data = _random_dag_data(60, 2000, "linear_gaussian")
    with pytest.raises(BudgetError) as exc:
        discover(data, "pc", engine="causal-learn", time_budget_s=0.5)
    m = re.search(
        r"PC \(stable\) did not finish within the time budget of 0.5 s after (\d+) CI",
        exc.value.message,
    )
    assert m and int(m.group(1)) > 0


def test_imports_do_not_count_against_the_budget(tmp_path):
    """In a fresh interpreter causal-learn's PC takes 1-2 s to import (more on a busy machine);
    the budget's clock starts only once the search's imports are done."""
    chain = CausalGraph.from_edges(None, [("a", "b"), ("b", "c"), ("c", "d")])
    path = tmp_path / "chain.csv"
    simulate(chain, 500, "linear_gaussian", seed=0).data.to_csv(path, index=False)
    code = (
        "import sys\n"
        "from copilot.tools.discovery import api, discover\n"
        "assert 'causallearn' not in sys.modules\n"
        "started = []\n"
        "class Watched(api.Budget):\n"
        "    def __init__(self, seconds):\n"
        "        started.append('causallearn.search.ConstraintBased.PC' in sys.modules)\n"
        "        super().__init__(seconds)\n"
        "api.Budget = Watched\n"
        f"r = discover({str(path)!r}, 'pc', engine='causal-learn', time_budget_s=60)\n"
        "assert started == [True], started\n"
        "assert not r.cut and len(r.graph.edges) == 3, r\n"
        "print('ok')\n"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, env=os.environ
    )
    assert res.returncode == 0 and res.stdout.strip() == "ok", res.stderr[-2000:]


# 2. background knowledge and cycles -------------------------------------------------------


@pytest.fixture(scope="module")
def loop_data() -> pd.DataFrame:
    """a -> e <- b, c -> e and a -> f -> g -> c: e is a collider, and the path a-f-g-c is
    oriented by any arrow e -> a (Meek rule 1 and FCI's R1 carry it around to c -> e)."""
    g = CausalGraph.from_edges(
        None, [("a", "e"), ("b", "e"), ("c", "e"), ("a", "f"), ("f", "g"), ("g", "c")]
    )
    return simulate(g, 2000, "linear_gaussian", seed=0).data


@pytest.mark.parametrize(
    "algo, knowledge, source",
    [
        ("fci", {"forbidden": ["a->e"]}, "forbidden a->e"),
        ("fci", {"tiers": "e;a"}, "tiers (e in tier 1, a in tier 2)"),
        ("fci", {"required": ["e->a"]}, "required e->a"),
        # enforced afterwards: re-orienting a -> e and Meek's rules close the loop
        ("ges", {"required": ["e->a"]}, "required e->a"),
        ("grasp", {"required": ["e->a"], "restarts": 1}, "required e->a"),
    ],
)
def test_knowledge_that_makes_a_cycle_is_refused(loop_data, algo, knowledge, source):
    # without the knowledge the search finds the collider at e and no cycle
    plain = discover(loop_data, algo, **({"restarts": 1} if algo == "grasp" else {}))
    assert plain.graph.edge("a", "e").mark_at("e") == "arrow" and plain.graph.find_cycle() is None
    with pytest.raises(DiscoveryError) as exc:
        discover(loop_data, algo, **knowledge)
    msg = exc.value.message
    assert f"with {source} gives a graph with the directed cycle" in msg
    cycle = msg.split("directed cycle ")[1].split(":")[0].split(" -> ")
    assert cycle[0] == cycle[-1] and set(cycle) == {"e", "a", "f", "g", "c"}
    assert "drop or revise" in exc.value.hint


def test_cli_refuses_the_cyclic_fci_output_in_one_line(examples_dir):
    res = runner.invoke(
        app,
        [
            "discover",
            str(examples_dir / "data" / "linear_gaussian.csv"),
            "--algo",
            "fci",
            "--require",
            "x5->x1",
            "--forbid",
            "x0->x5",
        ],
    )
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()[-1:]  # after the progress lines, one error line
    assert res.stderr.count("Error:") == 1
    assert lines[0].startswith("Error: FCI with forbidden x0->x5 gives")
    assert "x5 -> x0" in lines[0] and "Hint: drop or revise" in lines[0]


@pytest.mark.parametrize("algo", ["pc", "fci", "ges", "exact", "direct_lingam"])
def test_consistent_knowledge_gives_acyclic_outputs(loop_data, algo):
    r = discover(loop_data, algo, required=["a->f"], forbidden=["e->b"], tiers="a,b;f,g,c,e")
    assert r.graph.find_cycle() is None and not violations_of(r)


def violations_of(r) -> list[str]:
    from copilot.tools.discovery.knowledge import violations

    k = build_knowledge(r.graph.nodes, **{k: v for k, v in r.knowledge.items() if v})
    return violations(r.graph, k)


def test_check_acyclic_names_the_whole_knowledge_when_no_constraint_is_on_the_cycle():
    g = CausalGraph(
        nodes=list("abcd"),
        edges=CausalGraph.from_edges(None, [("a", "b"), ("b", "c"), ("c", "a")]).edges,
        kind="cpdag",
    )
    k = build_knowledge(list("abcd"), required=["d->a"])
    with pytest.raises(DiscoveryError, match="PC with required d->a gives a graph with"):
        check_acyclic(g, k, "PC")
    check_acyclic(CausalGraph.from_edges(None, [("a", "b")]), k, "PC")  # no cycle: no error


# 3. exact search's parent limit ---------------------------------------------------------------


def test_exact_refusal_hint_names_options_the_cli_has():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.normal(size=(100, 16)), columns=[f"v{i}" for i in range(16)])
    with pytest.raises(BudgetError) as exc:
        discover(frame, "exact")
    assert "--max-parents" in exc.value.hint and "--force" in exc.value.hint
    assert "524,288 parent sets" in exc.value.message  # 16 * 2^15
    with pytest.raises(BudgetError) as exc:
        discover(frame, "exact", max_parents=2)
    assert f"{16 * (1 + 15 + 105):,} parent sets" in exc.value.message


def test_cli_max_parents_limits_exact_search(tmp_path):
    # a node with three parents: with at most two, exact search cannot give it all three
    g = CausalGraph.from_edges(None, [("a", "d"), ("b", "d"), ("c", "d")])
    path = tmp_path / "three.csv"
    simulate(g, 1000, "linear_gaussian", seed=0).data.to_csv(path, index=False)
    full = runner.invoke(app, ["discover", str(path), "--algo", "exact", "--json"])
    assert full.exit_code == 0, full.output
    limited = runner.invoke(
        app, ["discover", str(path), "--algo", "exact", "--max-parents", "2", "--json"]
    )
    assert limited.exit_code == 0, limited.output
    import json

    def parents_of_d(out: str) -> int:
        edges = json.loads(out)["edges"]
        return sum(e["target"] == "d" and e["type"] == "directed" for e in edges)

    assert parents_of_d(full.stdout) == 3 and parents_of_d(limited.stdout) <= 2
    bad = runner.invoke(app, ["discover", str(path), "--algo", "pc", "--max-parents", "2"])
    assert bad.exit_code == 2 and "--max-parents applies to exact search only" in bad.stderr


def test_pc_repair_that_closes_a_loop_is_refused():
    """a - b - c - d from the data plus a required a->d: Meek's rules orient the loop all the way
    round, so the repaired graph would be cyclic."""
    chain = CausalGraph.from_edges(None, [("a", "b"), ("b", "c"), ("c", "d")])
    data = simulate(chain, 2000, "linear_gaussian", seed=0).data
    with pytest.raises(DiscoveryError, match="PC \\(stable\\) with required a->d gives a graph"):
        discover(data, "pc", required=["a->d"])
    r = discover(data, "pc", required=["a->d"], knowledge_policy="check")
    assert r.graph.edge("a", "d") is None and r.knowledge_violations  # nothing enforced


def test_a_cyclic_bootstrap_resample_counts_as_failed(monkeypatch):
    chain = CausalGraph.from_edges(None, [("a", "b"), ("b", "c"), ("c", "d")])
    data = simulate(chain, 500, "linear_gaussian", seed=0).data
    calls = []

    def flaky_check(graph, k, algorithm="the search"):
        calls.append(1)
        if len(calls) in (2, 4):  # the first call checks the main run
            raise DiscoveryError(f"{algorithm} with required a->b gives a graph with a cycle")

    monkeypatch.setattr(api, "check_acyclic", flaky_check)
    r = discover(data, "pc", required=["a->b"], bootstrap=4)
    assert (r.bootstrap.requested, r.bootstrap.completed) == (4, 2)
    assert any("2 bootstrap resample(s) failed" in n for n in r.notes)
