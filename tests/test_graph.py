"""CausalGraph: end marks, round-trips through networkx, DOT, GML and JSON, drawing, metrics."""

from __future__ import annotations

import pytest

from copilot.errors import GraphError, InputError
from copilot.tools.graph import CausalGraph, Edge, compare_graphs, dag_to_cpdag


@pytest.fixture
def mixed() -> CausalGraph:
    g = CausalGraph.from_edges(
        ["a", "b", "c", "d", "e f"],
        [
            ("a", "b"),
            ("b", "c", "undirected"),
            ("c", "d", "bidirected"),
            ("d", "e f", "partially_directed"),
            ("a", "e f", "nondirected"),
        ],
        kind="pag",
    )
    g.edges[0].confidence = 0.8
    return g


def marks(g: CausalGraph) -> set:
    return {(e.key, e.mark_at(min(e.key)), e.mark_at(max(e.key)), e.confidence) for e in g.edges}


def same(g1: CausalGraph, g2: CausalGraph) -> bool:
    return set(g1.nodes) == set(g2.nodes) and marks(g1) == marks(g2)


def test_edges_are_stored_canonically():
    e = Edge(source="b", target="a", source_mark="arrow", target_mark="tail")
    assert (e.source, e.target, e.type, str(e)) == ("a", "b", "directed", "a --> b")
    assert (
        Edge(source="x", target="y", source_mark="arrow", target_mark="circle").type
        == "partially_directed"
    )
    with pytest.raises(GraphError, match="Self-loop"):
        Edge(source="a", target="a")


def test_graph_validation():
    with pytest.raises(GraphError, match="unknown node 'z'"):
        CausalGraph.from_edges(["a", "b"], [("a", "z")])
    with pytest.raises(GraphError, match="More than one edge"):
        CausalGraph.from_edges(None, [("a", "b"), ("b", "a")])
    with pytest.raises(GraphError, match="has a cycle: a -> b -> c -> a"):
        CausalGraph.from_edges(None, [("a", "b"), ("b", "c"), ("c", "a")]).require_dag()


@pytest.mark.parametrize("fmt", ["json", "dot", "gml", "networkx"])
def test_round_trips_keep_nodes_marks_and_confidence(mixed, fmt):
    if fmt == "json":
        back = CausalGraph.from_json(mixed.to_json())
    elif fmt == "dot":
        back = CausalGraph.from_dot(mixed.to_dot())
    elif fmt == "gml":
        back = CausalGraph.from_gml(mixed.to_gml())
    else:
        back = CausalGraph.from_networkx(mixed.to_networkx())
    assert same(back, mixed)


def test_files_by_extension(tmp_path, mixed):
    for ext in ("json", "dot", "gml"):
        path = mixed.save(tmp_path / f"g.{ext}")
        assert same(CausalGraph.load(path), mixed)
    with pytest.raises(InputError, match="Unsupported graph file type '.txt'"):
        mixed.save(tmp_path / "g.txt")
    with pytest.raises(GraphError, match="does not exist"):
        CausalGraph.load(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    with pytest.raises(GraphError, match="not valid JSON"):
        CausalGraph.load(bad)


def test_hand_written_dot():
    g = CausalGraph.from_dot('digraph { a -> b -> c; "x y" -> c; }')
    assert sorted(map(str, g.edges)) == ["a --> b", "b --> c", "x y --> c"]


def test_drawing_writes_png_and_svg(tmp_path, mixed):
    png = mixed.draw(tmp_path / "g.png", title="mixed")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = mixed.save(tmp_path / "g.svg")
    assert "<svg" in svg.read_text()[:500]


def test_metrics_on_hand_made_graphs():
    truth = CausalGraph.from_edges(None, [("a", "b"), ("b", "c"), ("c", "d")])
    # One reversed edge, one missing edge, one extra edge.
    est = CausalGraph.from_edges(["a", "b", "c", "d"], [("b", "a"), ("b", "c"), ("a", "d")])
    m = compare_graphs(est, truth)
    assert m.shd == 3
    assert (m.skeleton_precision, m.skeleton_recall) == (pytest.approx(2 / 3), pytest.approx(2 / 3))
    assert m.skeleton_f1 == pytest.approx(2 / 3)
    # Arrowheads: estimated {a<-b, b->c, a->d}; true {a->b, b->c, c->d}; one shared.
    assert (m.arrowhead_precision, m.arrowhead_recall) == (
        pytest.approx(1 / 3),
        pytest.approx(1 / 3),
    )
    perfect = compare_graphs(truth, truth)
    assert perfect.shd == 0 and perfect.skeleton_f1 == 1.0 and perfect.arrowhead_precision == 1.0
    undirected = CausalGraph.from_edges(None, [("a", "b", "undirected"), ("b", "c"), ("c", "d")])
    assert compare_graphs(undirected, truth).shd == 1
    with pytest.raises(GraphError, match="different nodes"):
        compare_graphs(CausalGraph(nodes=["a"]), truth)


def test_dag_to_cpdag_keeps_compelled_edges_only():
    collider = CausalGraph.from_edges(None, [("a", "c"), ("b", "c"), ("c", "d")])
    cp = dag_to_cpdag(collider)
    assert sorted(map(str, cp.edges)) == ["a --> c", "b --> c", "c --> d"]
    chain = dag_to_cpdag(CausalGraph.from_edges(None, [("a", "b"), ("b", "c")]))
    assert {e.type for e in chain.edges} == {"undirected"} and chain.kind == "cpdag"


def test_from_causallearn_reads_end_marks():
    import numpy as np

    class G:  # causal-learn's convention: graph[i, j] is the mark at i (-1 tail, 1 arrow, 2 circle)
        graph = np.array([[0, -1, 2], [1, 0, 0], [1, 0, 0]])

    g = CausalGraph.from_causallearn(G(), ["a", "b", "c"], kind="pag")
    assert sorted(map(str, g.edges)) == ["a --> b", "a o-> c"]
