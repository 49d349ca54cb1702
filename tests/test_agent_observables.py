"""Without a graph the offline agent reads covariate roles from discovery, says which columns it
adjusted for and under which assumption, and never retries when the user gave the graph."""

from __future__ import annotations

import json

from copilot import Copilot


def test_effect_without_a_graph_on_cancelling_confounding(examples_dir, workspace_dir, tmp_path):
    truth = json.loads((examples_dir / "data" / "sales_truth.json").read_text())
    # The confounding in this example cancels the effect in the raw data (naive difference ~0),
    # so a discovered graph alone has no edge from discount to churn.
    assert abs(truth["naive_difference"]) < 0.01
    cp = Copilot(workspace=workspace_dir)
    ans = cp.ask(
        "what is the effect of the discount on churn?",
        data=examples_dir / "data" / "sales.csv",
        report=tmp_path / "r.md",
    )
    # When the discovered graph behind the first roles fails its implication test, the agent
    # acts on it with a second, visible step (as `copilot estimate` does in one; the retry rule
    # itself is tested in test_estimation_roles.py). With the role search on normal scores the
    # first graph of this table passes, and one step answers.
    assert all(s.tool == "estimate_effect" and s.ok for s in ans.steps)
    first = ans.results[0]["result"]
    if "roles_graph" in (first.get("verdict_reason") or ""):
        assert len(ans.steps) == 2 and ans.steps[1].args.get("act_on_checks") is True
    else:
        assert len(ans.steps) == 1
    est = ans.results[-1]["result"]
    assert sorted(est["adjustment_set"]) == ["region", "spend", "tenure"]
    assert {c: r["adjusted"] for c, r in est["roles"].items()} == {
        "region": True,
        "tenure": True,
        "spend": True,
    }
    lo, hi = est["ci"]
    assert lo <= truth["ate"] <= hi and hi < 0
    assert "Adjusted for region" in ans.text or "Adjusted for: region" in ans.text
    assert "selection on observables" in ans.text
    assert not ans.partial
    assert est["graph_source"].startswith("covariate roles from discovery")
    # the report's command redoes the same estimate: the CLI reads the same roles
    repro = (tmp_path / "r.md").read_text().split("## Reproduce")[1]
    commands = [line for line in repro.splitlines() if line.startswith("copilot estimate")]
    assert len(commands) == 1 and "--graph" not in commands[0], repro
    assert "--treatment discount --outcome churn" in commands[0]


def test_no_retry_when_the_user_gave_the_graph(examples_dir, workspace_dir, tmp_path):
    graph = tmp_path / "g.dot"
    # A graph with no path from discount to churn: the user's graph is final, no retry.
    graph.write_text("digraph { tenure -> discount; tenure -> churn; region -> churn; }\n")
    cp = Copilot(workspace=workspace_dir)
    ans = cp.ask(
        f"what is the effect of discount on churn given the graph {graph}?",
        data=examples_dir / "data" / "sales.csv",
    )
    assert [s.tool for s in ans.steps] == ["estimate_effect"]
    assert not any(s.args.get("adjust_for_all") for s in ans.steps)
