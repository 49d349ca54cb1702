"""`import copilot` and `copilot --help` load no heavy library (checked in a fresh process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

HEAVY = ("torch", "dowhy", "causallearn", "sklearn", "textual", "transformers")

PROBE = r"""
import json, sys
args = json.loads(sys.argv[1])
if args is None:
    import copilot
else:
    sys.argv = ["copilot", *args]
    from copilot.cli import main
    try:
        main()
    except SystemExit:
        pass
print("\nMODULES=" + json.dumps(sorted(sys.modules)))
"""


def loaded(args: list[str] | None) -> set[str]:
    """The top-level packages a fresh process has imported after `copilot ARGS`."""
    return {m.split(".")[0] for m in modules(args)}


def modules(args: list[str] | None) -> set[str]:
    """Every module a fresh process has imported after `copilot ARGS`."""
    res = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "100"},
    )
    _, _, mods = res.stdout.rpartition("\nMODULES=")
    assert mods, res.stderr
    return set(json.loads(mods))


@pytest.mark.parametrize(
    "args",
    [None, ["--help"], ["discover", "--help"]],
    ids=["import copilot", "copilot --help", "copilot discover --help"],
)
def test_no_heavy_imports(args):
    assert not loaded(args) & set(HEAVY)


def test_an_answer_in_words_loads_no_engine(examples_dir):
    """A question that runs no tool registers the data and plans: no torch (the demo model's
    loader is imported only when a model is loaded), no DoWhy, causal-learn, scikit-learn,
    SciPy (the data profile's normality test is written in numpy), matplotlib or networkx."""
    data = str(examples_dir / "data" / "sales.csv")
    mods = loaded(["ask", "hello, what can you do?", "--data", data])
    assert "langgraph" in mods  # the turn was saved with LangGraph's checkpointer
    assert not mods & {
        "torch",
        "dowhy",
        "causallearn",
        "sklearn",
        "statsmodels",
        "scipy",
        "matplotlib",
        "networkx",
        "textual",
    }
    # Asked again in the same workspace, the file's profile comes from the workspace's cache and
    # the answer reads no rows: no pandas or numpy either.
    again = loaded(["ask", "hello, what can you do?", "--data", data])
    assert "langgraph" in again
    assert not again & {"pandas", "numpy", "torch", "scipy"}


def test_describe_through_the_graph_loads_no_engine_and_no_llm_client(examples_dir):
    """`ask "describe the data"` runs the describe tool through the graph with the offline
    planner: LangGraph's runtime and langchain's chat model class load, the OpenAI-compatible
    model's module does not; with the file's profile cached, no rows are read (no pandas)."""
    data = str(examples_dir / "data" / "sales.csv")
    first = modules(["ask", "describe the data", "--data", data])
    assert {"langgraph.pregel", "copilot.agents.graph", "copilot.agents.offline_model"} <= first
    assert "copilot.llm" not in first
    assert not {m.split(".")[0] for m in first} & {
        "torch",
        "dowhy",
        "causallearn",
        "sklearn",
        "scipy",
        "matplotlib",
        "networkx",
        "openai",
        "textual",
    }
    again = modules(["ask", "describe the data", "--data", data])
    assert "langgraph.pregel" in again
    assert not {m.split(".")[0] for m in again} & {"pandas", "numpy", "torch", "scipy"}
    assert "copilot.llm" not in again


def test_discover_with_the_torch_engine_loads_no_causal_learn(examples_dir):
    """PC on the torch engine orients on arrays (causal-learn's graph module alone loads
    matplotlib, networkx, scikit-learn and SciPy); with background knowledge, causal-learn's
    rules orient, so it is loaded then."""
    data = str(examples_dir / "data" / "linear_gaussian.csv")
    mods = loaded(["discover", data, "--algo", "pc", "--engine", "torch", "--json"])
    assert "torch" in mods  # the engine did run
    assert not mods & {"causallearn", "sklearn", "scipy", "matplotlib", "networkx", "dowhy"}
    with_knowledge = loaded(
        ["discover", data, "--algo", "pc", "--engine", "torch", "--forbid", "x2->x1", "--json"]
    )
    assert {"torch", "causallearn"} <= with_knowledge


def test_discovery_package_imports_causal_learn_only_when_used():
    assert "causallearn" not in loaded(None)
    code = (
        "import sys, copilot.tools.discovery as d; "
        "print(sorted(m for m in ('causallearn', 'torch', 'sklearn') if m in sys.modules))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert res.stdout.strip() == "[]", res.stderr
