"""Each figure rendered and checked: graph drawings (layout, labels, legend, roles), heatmaps
(colour scale, label contrast, titles in words) and forest plots."""

from __future__ import annotations

import math

import numpy as np
import pytest

from copilot.tools.graph import CausalGraph
from copilot.tools.graph_draw import ROLE_STYLE, dot_available, render, route_points

ENGINES = ["sugiyama"] + (["dot"] if dot_available() else [])


def thirty_nodes() -> CausalGraph:
    """30 nodes (some with long names), 43 edges of three kinds, all with bootstrap shares."""
    rng = np.random.default_rng(0)
    names = [f"x{i}" for i in range(26)] + [
        "customer_lifetime_value",
        "region",
        "treatment_dose",
        "very_long_variable_name",
    ]
    edges, seen = [], set()
    for _ in range(45):
        i, j = sorted(rng.choice(30, 2, replace=False))
        if (i, j) in seen:
            continue
        seen.add((i, j))
        kind = rng.choice(["directed", "directed", "undirected", "bidirected"])
        edges.append((names[i], names[j], str(kind)))
    g = CausalGraph.from_edges(names, edges)
    return CausalGraph(
        nodes=g.nodes,
        edges=[e.model_copy(update={"confidence": float(rng.uniform(0.3, 1))}) for e in g.edges],
    )


def extents(fig, prefix: str) -> dict[str, object]:
    """Window extents (pixels) of the artists whose gid starts with `prefix`, by name."""
    renderer = fig.canvas.get_renderer()
    out = {}
    for artist in fig.findobj(lambda a: (a.get_gid() or "").startswith(prefix)):
        out[artist.get_gid()[len(prefix) :]] = artist.get_window_extent(renderer)
    return out


def overlaps(a, b) -> bool:
    return a.x0 < b.x1 - 0.5 and b.x0 < a.x1 - 0.5 and a.y0 < b.y1 - 0.5 and b.y0 < a.y1 - 0.5


@pytest.mark.parametrize("engine", ENGINES)
def test_thirty_node_graph_labels_fit_nothing_clipped_no_label_on_a_node(engine):
    g = thirty_nodes()
    fig = render(g, title="30 nodes", engine=engine)
    fig.canvas.draw()
    nodes, labels, confs = extents(fig, "node:"), extents(fig, "label:"), extents(fig, "conf:")
    assert set(nodes) == set(labels) == set(g.nodes) and len(confs) == len(g.edges)
    page = fig.bbox
    for name, box in nodes.items():
        lab = labels[name]
        # the label lies inside its box; the box inside the figure (border nodes not clipped)
        assert box.x0 <= lab.x0 and lab.x1 <= box.x1 and box.y0 <= lab.y0 and lab.y1 <= box.y1, name
        assert page.x0 <= box.x0 and box.x1 <= page.x1 and page.y0 <= box.y0 and box.y1 <= page.y1
    # boxes never overlap, and no confidence label covers a node's name
    names = list(nodes)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            assert not overlaps(nodes[a], nodes[b]), (a, b)
    for edge, conf in confs.items():
        for name, box in nodes.items():
            assert not overlaps(conf, box), (edge, name)
    # edges run between rows, never through a box other than their own two ends
    lay = fig.graph_layout
    assert lay.engine == engine
    for i, e in enumerate(g.edges):
        pts = route_points(lay, i)
        for name, b in lay.boxes.items():
            if name in (e.source, e.target):
                continue
            x0, y0, x1, y1 = b.extent()
            for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
                for k in range(11):
                    x, y = ax + (bx - ax) * k / 10, ay + (by - ay) * k / 10
                    assert not (x0 < x < x1 and y0 < y < y1), f"{e} crosses {name}"
    # a legend names every edge kind drawn and what the numbers are
    legend = fig.axes[0].get_legend()
    texts = [t.get_text() for t in legend.get_texts()]
    assert any(t.startswith("directed") for t in texts)
    assert any(t.startswith("undirected") for t in texts)
    assert any(t.startswith("bidirected") for t in texts)
    assert any("bootstrap" in t for t in texts)
    lines = {
        t.get_text().split(":")[0]: h
        for t, h in zip(legend.get_texts(), legend.legend_handles, strict=True)
    }
    assert lines["directed"].get_linestyle() == "-" and lines["undirected"].get_linestyle() == "--"


def test_estimate_graph_highlights_treatment_outcome_and_adjustment_set(tmp_path):
    g = CausalGraph.from_edges(
        None,
        [
            ("tenure", "discount"),
            ("region", "discount"),
            ("tenure", "churn"),
            ("discount", "churn"),
            ("spend", "churn"),
            ("tenure", "spend", "undirected"),
        ],
    )
    roles = {
        "discount": "treatment",
        "churn": "outcome",
        "tenure": "adjusted",
        "region": "adjusted",
    }
    fig = render(g, title="graph used", roles=roles)
    boxes = {
        a.get_gid()[5:]: a for a in fig.findobj(lambda a: (a.get_gid() or "").startswith("node:"))
    }
    from matplotlib.colors import to_hex

    for name, role in roles.items():
        assert to_hex(boxes[name].get_facecolor()) == ROLE_STYLE[role][0], name
    plain = to_hex(boxes["spend"].get_facecolor())
    assert plain not in {s[0] for s in ROLE_STYLE.values()}
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert {"treatment", "outcome", "adjusted for"} <= set(texts)
    # causes above effects: the treatment's row is above the outcome's
    lay = fig.graph_layout
    assert lay.boxes["tenure"].y > lay.boxes["discount"].y > lay.boxes["churn"].y
    # the file forms keep the element ids (SVG) and open as images (PNG)
    svg = g.draw(tmp_path / "g.svg", roles=roles)
    assert 'id="node:discount"' in svg.read_text() and 'id="legend"' in svg.read_text()
    png = g.draw(tmp_path / "g.png", roles=roles)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_long_names_wrap_after_underscores_and_spaces():
    from copilot.tools.graph_draw import label_lines

    assert label_lines("customer_lifetime_value") == ["customer_", "lifetime_value"]
    assert label_lines("monthly spend in euros") == ["monthly spend", "in euros"]
    assert label_lines("x1") == ["x1"]
    assert all(len(line) <= 16 for line in label_lines("a" * 40))


def test_graph_without_edges_and_with_a_cycle_still_draws():
    lone = CausalGraph(nodes=["a", "b", "c"])
    fig = render(lone)
    assert len(fig.graph_layout.boxes) == 3 and fig.axes[0].get_legend() is None
    cyc = CausalGraph.from_edges(None, [("a", "b"), ("b", "c"), ("c", "a")])
    lay = render(cyc, engine="sugiyama").graph_layout
    assert len(lay.routes) == 3


# --- heatmaps ------------------------------------------------------------------------------------
def heatmap_axes(monkeypatch, **kwargs):
    """Render a heatmap and keep its figure for inspection."""
    import matplotlib.pyplot as plt

    from copilot.tools.probing import heatmap

    kept = {}
    real_close = plt.close

    def keep(fig):
        kept["fig"] = fig
        real_close(fig)  # the Figure object stays readable after pyplot lets go of it

    monkeypatch.setattr(plt, "close", keep)
    heatmap.png_heatmap(**kwargs)
    return kept["fig"].axes[0]


def test_heatmap_noise_stays_pale_on_a_symmetric_scale(monkeypatch, tmp_path):
    rng = np.random.default_rng(0)
    noise = (rng.uniform(-1e-3, 1e-3, size=(4, 4))).tolist()
    ax = heatmap_axes(monkeypatch, values=noise, path=tmp_path / "h.png", title="t", span=0.05)
    im = ax.images[0]
    lo, hi = im.get_clim()
    assert lo == pytest.approx(-hi) and hi == pytest.approx(0.05)
    # every cell is within 2% of the scale's white middle
    assert all(abs(im.norm(v) - 0.5) < 0.02 for row in noise for v in row)
    # without a floor the range is still symmetric around 0
    ax = heatmap_axes(monkeypatch, values=[[0.2, -0.5], [0.1, 0.0]], path=tmp_path / "s.png")
    lo, hi = ax.images[0].get_clim()
    assert lo == pytest.approx(-0.5) and hi == pytest.approx(0.5)


def test_heatmap_with_a_chance_level_is_white_at_chance(monkeypatch, tmp_path):
    values = [[0.05, 0.10, 0.90], [0.10, 0.30, 0.02]]
    ax = heatmap_axes(
        monkeypatch,
        values=values,
        path=tmp_path / "b.png",
        title="Induction score",
        baseline=0.1,
        value_range=(0.0, 1.0),
    )
    im = ax.images[0]
    assert im.norm(0.1) == pytest.approx(0.5) and im.get_clim() == (0.0, 1.0)
    assert "chance level 0.100" in ax.get_title()


def contrast(c1, c2) -> float:
    def lum(c):
        def lin(x):
            return x / 12.92 if x <= 0.04045 else ((x + 0.055) / 1.055) ** 2.4

        r, g, b = (lin(x) for x in c[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    a, b = sorted((lum(c1), lum(c2)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_heatmap_labels_are_readable_on_every_cell(monkeypatch, tmp_path):
    from matplotlib.colors import to_rgba

    values = np.linspace(-1, 1, 25).reshape(5, 5).tolist()
    ax = heatmap_axes(monkeypatch, values=values, path=tmp_path / "c.png")
    im = ax.images[0]
    texts = ax.texts
    assert len(texts) == 25
    for t in texts:
        x, y = t.get_position()
        cell = im.cmap(im.norm(values[int(y)][int(x)]))
        # the better of black and white: at least 4.5:1 (WCAG AA) on this diverging map
        assert contrast(to_rgba(t.get_color()), cell) >= 4.5, (t.get_text(), t.get_color())


def test_heatmap_titles_and_axes_are_words(monkeypatch, tmp_path):
    from copilot.tools.probing.heatmap import words

    assert words("gate_below_0_1") == "share of gate values below 0.1"
    assert "_" not in words("previous_token") and words("some_new_field") == "some new field"


def test_score_heatmaps_name_their_score_in_words(monkeypatch, tmp_path, one_torch_thread):
    import matplotlib.pyplot as plt
    import torch

    from copilot.tools.probing.model import GatedTransformer, ModelConfig
    from copilot.tools.probing.scores import head_scores

    titles = []
    real_close = plt.close

    def keep(fig):
        titles.append(
            (fig.axes[0].get_title(), fig.axes[0].get_xlabel(), fig.axes[0].images[0].get_clim())
        )
        real_close(fig)

    monkeypatch.setattr(plt, "close", keep)
    torch.manual_seed(0)
    model = GatedTransformer(
        ModelConfig(vocab_size=16, n_layers=1, n_heads=2, d_model=16, d_mlp=32, gate="headwise")
    )
    head_scores(model, n_prompts=4, seed=0, out=str(tmp_path))
    joined = " ".join(t for t, _, _ in titles)
    assert "gate below 0 1" not in joined and "Share of gate values below 0.1" in joined
    assert all(x == "head" and clim == (0.0, 1.0) for _, x, clim in titles)


# --- forest plots --------------------------------------------------------------------------------
def test_forest_plot_of_subgroups_and_alternatives(tmp_path):
    from copilot.report_figures import draw_forest, estimate_rows, forest_figure, subgroup_rows

    res = {
        "treatment": "t",
        "outcome": "y",
        "ate": -0.055,
        "ci": [-0.082, -0.026],
        "method": "glm",
        "adjustment_set": ["region", "tenure"],
        "alternative": {"ate": -0.017, "ci": [-0.045, 0.011], "detail": "not adjusting for tenure"},
        "naive_difference": -0.002,
        "subgroup_column": "region",
        "subgroups": [
            {"group": "north", "n": 100, "ate": -0.1, "ci": [-0.2, 0.0]},
            {"group": "south", "n": 90, "ate": None, "ci": None},
        ],
    }
    rows = estimate_rows(res)
    assert [r[4] for r in rows] == ["main", "other", "naive"]
    assert rows[1][1:4] == (-0.017, -0.045, 0.011)
    groups = subgroup_rows(res)
    assert [r[0] for r in groups] == ["region = north (n=100)"]  # no estimate, no row
    import matplotlib.pyplot as plt

    fig = forest_figure(rows + groups, "Estimates", "effect on y")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1].startswith("reported: glm") and labels[0] == "region = north (n=100)"
    intervals = {
        a.get_gid(): a.get_xdata() for a in ax.lines if (a.get_gid() or "").startswith("interval:")
    }
    assert list(intervals["interval:1"]) == [-0.045, 0.011] and "interval:2" not in intervals
    zero = [a for a in ax.lines if list(a.get_xdata()) == [0, 0]]
    assert zero and zero[0].get_linestyle() == "--"  # the line of no effect
    lo, hi = ax.get_xlim()
    assert lo < -0.2 and hi > 0.011
    p = draw_forest(rows, tmp_path / "f.png", "Estimates", "effect on y")
    assert p.read_bytes()[:4] == b"\x89PNG"
    assert not plt.get_fignums()  # nothing left open
    with pytest.raises(Exception, match="at least one"):
        draw_forest([], tmp_path / "e.png", "x", "y")
    assert math.isfinite(rows[0][1])


def test_time_series_drawing_keeps_both_directions_apart_and_names_own_lags():
    from copilot.tools.graph_draw import Drawing, DrawnEdge

    drawing = Drawing(
        ["sales", "ads", "price"],
        [
            DrawnEdge("ads", "sales", label="lag 1"),
            DrawnEdge("sales", "ads", label="lag 2"),
            DrawnEdge("price", "sales", "undirected", "tail", "tail", "lag 0"),
        ],
        notes={"sales": "own past: lag 1"},
        label_meaning="lag: steps",
    )
    fig = render(drawing, engine="sugiyama")
    fig.canvas.draw()
    lay = fig.graph_layout
    assert lay.boxes["sales"].lines == ["sales", "own past: lag 1"]
    there, back = route_points(lay, 0), route_points(lay, 1)
    # the two directions are drawn side by side: their middles are apart
    mid = len(there) // 2
    gap = min(math.dist(there[mid], q) for q in back)
    assert gap >= 5.0
    nodes, labels = extents(fig, "node:"), extents(fig, "label:")
    for name, box in nodes.items():
        lab = labels[name]
        assert box.x0 <= lab.x0 and lab.x1 <= box.x1 and box.y0 <= lab.y0 and lab.y1 <= box.y1
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "lag: steps" in texts
