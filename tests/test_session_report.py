"""Reports of a whole session: three questions asked with the offline planner on generated data
(an effect by subgroup, "why?", a discovery), exported as HTML and Markdown, and written by
`ask --report --session`."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from copilot import Copilot
from copilot.cli import app

runner = CliRunner()
QUESTIONS = ("what is the effect of t on y by g given the graph {graph}?", "why?", "what causes y?")


@pytest.fixture(scope="module")
def session(tmp_path_factory):
    """A three-question session; the effect of t on y is 1 where g = 0 and 3 where g = 1."""
    root = tmp_path_factory.mktemp("session")
    rng = np.random.default_rng(0)
    n = 500
    z, g = rng.normal(size=n), rng.integers(0, 2, n)
    t = (0.8 * z + rng.normal(size=n) > 0).astype(int)
    y = (1.0 + 2.0 * g) * t + 1.5 * z + rng.normal(size=n)
    data = root / "shop.csv"
    pd.DataFrame({"z": z, "g": g, "t": t, "y": y}).to_csv(data, index=False)
    graph = root / "shop.dot"
    graph.write_text("digraph { z -> t; z -> y; t -> y; g -> y; }\n")
    ws = root / "ws"
    with Copilot(workspace=ws) as cp:
        first = cp.ask(QUESTIONS[0].format(graph=graph), data=str(data))
        sid = first.session_id
        why = cp.ask(QUESTIONS[1], session=sid)
        disc = cp.ask(QUESTIONS[2], session=sid)
    assert [s.tool for s in first.steps] == ["estimate_effect"] and first.steps[0].ok
    assert why.steps == [] and [s.tool for s in disc.steps] == ["discover"]
    est = first.results[0]["result"]
    by = {s["group"]: s for s in est["subgroups"]}
    assert by["0"]["ci"][0] < 1.0 < by["0"]["ci"][1] and by["1"]["ci"][0] < 3.0 < by["1"]["ci"][1]
    return {"root": root, "ws": ws, "sid": sid, "graph": graph, "estimate": est}


def _question_slices(page: str) -> list[str]:
    starts = [m.start() for m in re.finditer(r"<h2>Question \d+: ", page)]
    ends = starts[1:] + [page.index("<h2>Files written</h2>")]
    return [page[a:b] for a, b in zip(starts, ends, strict=True)]


def test_html_export_holds_every_question_with_its_figures(session, tmp_path):
    out = tmp_path / "out" / "session.html"
    out.parent.mkdir()
    res = runner.invoke(
        app,
        [
            "sessions",
            "export",
            session["sid"],
            "--format",
            "html",
            "--out",
            str(out),
            "--workspace",
            str(session["ws"]),
        ],
    )
    assert res.exit_code == 0, res.output
    page = out.read_text()
    q1, q2, q3 = _question_slices(page)
    assert "Question 1: what is the effect of t on y by g" in q1
    assert "Question 2: why?" in q2 and "Question 3: what causes y?" in q3
    # each question: its answer as formatted text, its steps with their arguments
    for q in (q1, q2, q3):
        assert "<div class='answer'>" in q and "<h3>Steps</h3>" in q
    assert "dataset=shop, treatment=t, outcome=y, by=g" in q1
    assert "No new analysis" in q2 and "dataset=shop" in q3
    # figures: forest plots of the estimates (adjusted and unadjusted) and of the subgroups, and
    # the graph with roles for the estimate; the discovered graph for the discovery question
    assert q1.count("data:image/png;base64,") == 3 and "Effect in each subgroup" in q1
    assert "Every estimate of this effect" in q1
    assert "treatment, outcome and adjustment set marked" in q1
    assert q3.count("data:image/png;base64,") == 1 and "graph_shop_" in q3
    # the answer is text, not a monospace block
    assert not re.search(r"<pre>[^<]*estimated causal effect", page)
    assert "<p>The estimated causal effect of t on y is" in q1


def test_one_estimate_block_and_no_stray_line(session, tmp_path):
    page = (tmp_path / "r.html").as_posix()
    with Copilot(workspace=session["ws"]) as cp:
        cp.report(session["sid"], page)
    text = Path(page).read_text()
    q1 = _question_slices(text)[0]
    est = session["estimate"]
    block = q1[q1.index("<h3>Estimate: effect of t on y</h3>") :]
    rows = dict(re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td></tr>", block))
    assert rows["effect"].startswith(f"{est['ate']:.4g} (change in y when t goes from 0 to 1)")
    lo, hi = est["ci"]
    assert rows["95% interval"].startswith(f"{lo:.4g} to {hi:.4g}")
    assert rows["adjustment set"] == "z" and rows["method"].startswith(est["method"])
    assert rows["verdict"].startswith(est["verdict"]) and "p-value" in rows
    # the number appears once outside the refutations' own details: not in the steps table,
    # not in a repeated summary
    refs = block[block.index("<h4>Refutation checks</h4>") :]
    refs = refs[: refs.index("</table>")]
    assert q1.replace(refs, "").count(f"{est['ate']:.4g}") == 1
    assert "ok: the estimate is below" in q1 and "Effect of t on y:" not in q1
    # after the refutation table comes a heading or a figure, never an unlabelled line
    after = block[block.index("<h4>Refutation checks</h4>") :]
    after = after[after.index("</table>") + len("</table>") :].lstrip()
    assert after.startswith(("<h", "<figure")), after[:80]


def test_markdown_report_links_are_relative(session, tmp_path):
    out = tmp_path / "reports" / "r.md"
    out.parent.mkdir()
    with Copilot(workspace=session["ws"]) as cp:
        cp.report(session["sid"], out)
    text = out.read_text()
    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", text)
    assert len(links) == 4
    for link in links:
        assert not Path(link).is_absolute() and (out.parent / link).is_file()
    files = text.split("## Files written")[1].split("## Reproduce")[0]
    listed = re.findall(r"^- \[([^\]]+)\]", files, flags=re.M)
    assert listed and all(not Path(f).is_absolute() for f in listed)
    assert str(session["ws"]) not in files
    assert "Files written: /" not in text  # the answers' absolute list is left out
    assert "copilot ask 'why?' --session SESSION" in text  # later questions continue the session


def test_ask_report_with_session_covers_every_turn_and_says_where(session, tmp_path):
    out = tmp_path / "again.md"
    res = runner.invoke(
        app,
        [
            "ask",
            "why?",
            "--session",
            session["sid"],
            "--report",
            str(out),
            "--workspace",
            str(session["ws"]),
            "--quiet",
        ],
    )
    assert res.exit_code == 0, res.output
    assert f"report: {out}" in res.stderr
    text = out.read_text()
    for n, q in enumerate(
        ("what is the effect of t on y by g", "why?", "what causes y?", "why?"), 1
    ):
        assert f"## Question {n}: {q}" in text
