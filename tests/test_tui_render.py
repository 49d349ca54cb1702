"""The terminal drawings and result readers of the TUI, without an app."""

from __future__ import annotations

import pytest

pytest.importorskip("textual")

from copilot.tools.graph import CausalGraph  # noqa: E402
from copilot.tui.widgets.graph_text import TextEdge, draw_graph, layout  # noqa: E402
from copilot.tui.widgets.heatmap_text import cell_colour, draw_heatmap  # noqa: E402
from copilot.tui.widgets.results import (  # noqa: E402
    EstimateCard,
    GraphView,
    HeatmapView,
    TableView,
    interval_bar,
    read_estimate,
    read_graph,
    read_grids,
    read_table,
    result_views,
)


def lines(text) -> list[str]:
    return text.plain.split("\n")


def test_graph_layers_put_causes_above_effects_and_route_long_edges_around_nodes():
    edges = [
        TextEdge("tenure", "discount"),
        TextEdge("tenure", "churn"),
        TextEdge("discount", "churn"),
        TextEdge("region", "churn"),
    ]
    rows, segments = layout(["churn", "discount", "region", "tenure"], edges)
    real = [[n for n in row if not n.startswith("\0")] for row in rows]
    assert real[0] == ["region", "tenure"] or sorted(real[0]) == ["region", "tenure"]
    assert real[1] == ["discount"] and real[2] == ["churn"]
    # tenure -> churn and region -> churn span two layers: each passes a waypoint of its own
    # beside "discount", never through it.
    assert sum(n.startswith("\0") for n in rows[1]) == 2
    assert len(segments) == 6
    out = lines(draw_graph(["churn", "discount", "region", "tenure"], edges))
    node_rows = [
        i for i, line in enumerate(out) if "churn" in line or "discount" in line or "tenure" in line
    ]
    assert (
        out.index(next(line for line in out if "tenure" in line))
        < out.index(next(line for line in out if "discount" in line))
        < out.index(next(line for line in out if "churn" in line))
    )
    assert sum(line.count("▼") for line in out) == 4
    assert node_rows


def test_graph_marks_show_pag_end_marks_and_cycles_still_draw():
    text = draw_graph(
        ["a", "b", "c"],
        [
            TextEdge("a", "b", "arrow", "arrow", "bidirected"),
            TextEdge("b", "c", "circle", "arrow", "partially_directed"),
            TextEdge("c", "a", "tail", "arrow", "directed"),
        ],
    )
    plain = text.plain
    assert plain.count("▲") >= 1 and "o" in plain.replace("a", "").replace("b", "").replace("c", "")
    assert all(n in plain for n in "abc")
    assert str(draw_graph([], [])) == "(empty graph)"


def test_read_graph_accepts_dumped_and_json_graphs():
    g = CausalGraph.from_edges(None, [("x", "y"), ("y", "z", "undirected")], kind="cpdag")
    for payload in (
        {"graph": g.model_dump(mode="json")},
        {"graph": {"nodes": g.nodes, "edges": g.edge_table()}},
    ):
        nodes, edges = read_graph(payload)
        assert nodes == ["x", "y", "z"]
        assert [e["type"] for e in edges] == ["directed", "undirected"]
    assert (
        read_graph({"graph": {"nodes": ["a"], "edges": [{"source": "a", "target": "a"}]}}) is None
    )
    assert read_graph({"ate": 1.0}) is None


def test_read_estimate_from_an_effect_estimate():
    from copilot.tools.estimation.result import EffectEstimate, Refutation

    est = EffectEstimate(
        treatment="t",
        outcome="y",
        ate=-0.08,
        ci=(-0.11, -0.05),
        method="linear_regression",
        method_reason="",
        estimand="",
        estimand_kind="backdoor",
        treatment_kind="binary",
        outcome_kind="binary",
        n_rows=100,
        graph_source="given",
        refutations=[
            Refutation(name="placebo", passed=True, detail="ok"),
            Refutation(name="subset", passed=False, detail="moved"),
        ],
        verdict="robust",
    )
    out = read_estimate(est.to_json_dict())
    assert out["value"] == -0.08 and out["ci"] == (-0.11, -0.05) and out["level"] == 0.95
    assert [r["passed"] for r in out["refutations"]] == [True, False]
    from rich.console import Console

    from copilot.tui.widgets.results import render_estimate

    console = Console(width=80)
    with console.capture() as cap:
        console.print(render_estimate(out))
    shown = cap.get()
    assert isinstance(EstimateCard(out), EstimateCard)
    assert "-0.08" in shown and "✓ placebo" in shown and "✗ subset" in shown and "robust" in shown


def test_interval_bar_marks_zero_and_estimate():
    bar = interval_bar(-0.08, (-0.11, -0.05)).plain
    assert bar.index("├") < bar.index("●") < bar.index("┤") < bar.index("┆")
    assert (
        "┼" in interval_bar(0.1, (-0.2, 0.4)).plain or "●" in interval_bar(0.0, (-0.2, 0.4)).plain
    )


def test_heatmap_colours_follow_sign_and_size():
    grid = [[0.0, -0.5], [0.5, 0.1]]
    text = draw_heatmap(grid)
    assert "L1" in text.plain and "H1" in text.plain and "+0.50" in text.plain
    neg, pos = cell_colour(-0.5, 0.5, True), cell_colour(0.5, 0.5, True)
    assert neg.get_truecolor().blue > neg.get_truecolor().red
    assert pos.get_truecolor().red > pos.get_truecolor().blue
    assert cell_colour(0.1, 1.0, False) != cell_colour(0.9, 1.0, False)


def test_read_grids_from_probing_results():
    from copilot.tools.probing.ablation import HeadAblationResult, HeadEffect

    abl = HeadAblationResult(
        model="m",
        behaviour="induction",
        metric="loss",
        method="zero",
        higher_is_better=False,
        n_prompts=8,
        n_layers=2,
        n_heads=3,
        baseline=1.0,
        baseline_ci=(0.9, 1.1),
        heads=[
            HeadEffect(layer=1, head=2, effect=0.4, ci=(0.3, 0.5), ablated=1.4),
            HeadEffect(layer=0, head=0, effect=-0.1, ci=(-0.2, 0.0), ablated=0.9),
        ],
    )
    ((name, label, grid),) = read_grids(abl.model_dump(mode="json"))
    assert name == "heads: effect" and label == "H" and grid[1][2] == 0.4 and grid[0][0] == -0.1
    assert len(grid) == 2 and len(grid[0]) == 3 and str(grid[0][1]) == "nan"
    scores = {
        "induction": [[0.1, 0.9], [0.0, 0.2]],
        "attention_sink": [[0.5, 0.5], [0.7, 0.1]],
        "n_layers": 2,
    }
    assert [g[0] for g in read_grids(scores)] == ["induction", "attention_sink"]
    resid = {
        "resid": [{"layer": 0, "position": 1, "recovery": 0.5, "ci": [0.4, 0.6]}],
        "n_layers": 2,
    }
    assert read_grids(resid)[0][1] == "P"
    assert read_grids({"effects": [[1, 2], [3]]}) == []
    steering = {
        "sweep": [{"alpha": 1.0, "metric": {"value": 0.5, "lo": 0.4, "hi": 0.6}, "side": [1, 2, 3]}]
    }
    assert read_table(steering) == ("sweep", ["alpha", "metric"], [[1.0, "0.500 [0.400, 0.600]"]])


def test_views_by_result_shape():
    assert isinstance(result_views("ablate", {"effects": [[0.1, 0.2], [0.3, 0.4]]})[0], HeatmapView)
    assert isinstance(
        result_views("discover", {"graph": {"nodes": ["a", "b"], "edges": [["a", "b"]]}})[0],
        GraphView,
    )
    assert isinstance(result_views("anything", {"rows": [{"a": 1, "b": 2.5}]})[0], TableView)
    assert result_views("describe", {"n": 3}) == [] and result_views("x", None) == []


def test_estimate_card_shows_mediation_range_and_subgroups():
    from rich.console import Console

    from copilot.tui.widgets.results import render_estimate

    result = {
        "treatment": "t",
        "outcome": "y",
        "ate": -0.5,
        "ci": [-0.6, -0.4],
        "mediation": {
            "mediator": "m",
            "nde": -0.3,
            "nde_ci": [-0.4, -0.2],
            "nie": -0.2,
            "nie_ci": [-0.25, -0.15],
            "proportion_mediated": 0.4,
        },
        "subgroups": [{"group": "young", "n": 10, "ate": -0.4, "ci": [-0.5, -0.3]}],
        "subgroup_column": "age",
    }
    console = Console(width=100)
    with console.capture() as cap:
        console.print(render_estimate(read_estimate(result)))
    shown = cap.get()
    assert "direct   -0.3" in shown and "via m" in shown and "40% of the total effect" in shown
    card, table = result_views("estimate_effect", result)
    assert isinstance(card, EstimateCard) and isinstance(table, TableView)
    assert table._columns == ["age", "n", "effect", "interval"]
    ida = {"treatment": "t", "outcome": "y", "ate": None, "effects_range": [-0.5, -0.1]}
    with console.capture() as cap:
        console.print(render_estimate(read_estimate(ida)))
    assert "[-0.5, -0.1] over the orientations" in cap.get()
