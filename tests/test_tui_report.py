"""ctrl+r in the terminal UI writes the report of the whole session, not only its last turn."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copilot import Copilot
from tests.test_tui import ask, notifications, wait_until

textual = pytest.importorskip("textual")

from copilot.tui.app import CopilotApp  # noqa: E402
from copilot.tui.screens.modals import PathPrompt  # noqa: E402
from copilot.tui.widgets.side_panel import DatasetCard  # noqa: E402


async def test_ctrl_r_writes_the_whole_session_report(workspace_dir, tmp_path):
    rng = np.random.default_rng(1)
    n = 400
    z = rng.normal(size=n)
    t = 0.8 * z + rng.normal(size=n)
    y = 2.0 * t + 1.5 * z + rng.normal(size=n)
    data = tmp_path / "d.csv"
    pd.DataFrame({"z": z, "t": t, "y": y}).to_csv(data, index=False)
    graph = tmp_path / "g.dot"
    graph.write_text("digraph { z -> t; z -> y; t -> y; }\n")
    app = CopilotApp(Copilot(workspace=workspace_dir, interactive=True), data=[str(data)])
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_until(pilot, lambda: app.screen.query(DatasetCard))
        await ask(pilot, f"what is the effect of t on y given the graph {graph}?")
        await wait_until(pilot, lambda: not app.busy and len(app.chat.query(".answer")) == 1, 60)
        await ask(pilot, "why?")
        await wait_until(pilot, lambda: not app.busy and len(app.chat.query(".answer")) == 2, 60)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, PathPrompt))
        out = tmp_path / "session.html"
        app.screen.query_one("#path").value = str(out)
        await pilot.press("enter")
        await wait_until(
            pilot, lambda: "Report written" in notifications(app) or "failed" in notifications(app)
        )
        assert "Report written" in notifications(app), notifications(app)
    page = out.read_text()
    first = page.index("<h2>Question 1: what is the effect of t on y given the graph")
    second = page.index("<h2>Question 2: why?</h2>")
    assert first < second
    q1 = page[first:second]
    # the first turn keeps its steps, its estimate block and its figures
    assert "estimate_effect" in q1 and "<h3>Estimate: effect of t on y</h3>" in q1
    assert "data:image/png;base64," in q1
    assert "Session " in page and "2 questions" in page
