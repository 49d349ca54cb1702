"""SVG snapshots of the terminal UI (pytest-textual-snapshot).

The agent is replaced by a scripted event source (tests/tui_scripted.py) so that every number,
elapsed time and session id on screen is fixed; the clock is frozen and the cursor does not
blink. Update after an intended change with `pytest tests/test_tui_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.tui_scripted import ScriptedCopilot, analysis_script, approval_script, heads_script

pytest.importorskip("pytest_textual_snapshot")

from copilot.tui.app import CopilotApp  # noqa: E402
from copilot.tui.widgets.prompt import PromptInput  # noqa: E402
from copilot.tui.widgets.side_panel import DatasetCard  # noqa: E402


@pytest.fixture
def sales_csv(tmp_path: Path) -> Path:
    rng = np.random.default_rng(1)
    n = 200
    frame = pd.DataFrame(
        {
            "age": rng.normal(40, 10, n).round(1),
            "income": rng.normal(50, 8, n).round(2),
            "region": rng.choice(["north", "south", "east"], n),
            "discount": rng.integers(0, 2, n),
            "churn": rng.normal(0, 1, n),
        }
    )
    frame.loc[::20, "income"] = np.nan
    path = tmp_path / "sales.csv"
    frame.to_csv(path, index=False)
    return path


def make_app(script, workspace: Path, data=()) -> CopilotApp:
    return CopilotApp(
        ScriptedCopilot(script, workspace=str(workspace)),
        data=data,
        clock=lambda: 0.0,
        new_session_id=lambda: "s-0001",
    )


async def settle(pilot, predicate, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "the app did not settle"
        await pilot.pause(0.05)
    pilot.app.main_screen.query_one(PromptInput).cursor_blink = False
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


def asker(question: str, extra=lambda app: True):
    async def run_before(pilot) -> None:
        app = pilot.app
        await settle(pilot, lambda: app.screen.query(PromptInput) is not None)
        app.screen.query_one(PromptInput).value = question
        await pilot.press("enter")
        await settle(pilot, lambda: not app.busy and app.chat.query(".answer") and extra(app))
        app.chat.scroll_end(animate=False)
        await pilot.pause()

    return run_before


def test_main_screen(snap_compare, workspace_dir, sales_csv):
    """The main screen with a dataset loaded: welcome text, profile table in the side panel."""
    app = make_app([], workspace_dir, data=[sales_csv])

    async def run_before(pilot) -> None:
        await settle(pilot, lambda: pilot.app.screen.query(DatasetCard))

    assert snap_compare(app, terminal_size=(100, 32), run_before=run_before)


def test_main_screen_small_terminal(snap_compare, workspace_dir, sales_csv):
    """At 80x24 the chat, the side panel, the question line and the footer all fit."""
    app = make_app([], workspace_dir, data=[sales_csv])

    async def run_before(pilot) -> None:
        await settle(pilot, lambda: pilot.app.screen.query(DatasetCard))

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_finished_analysis(snap_compare, workspace_dir):
    """A finished effect analysis: tool cards, the estimate card and the answer."""
    app = make_app(analysis_script(), workspace_dir)
    assert snap_compare(
        app, terminal_size=(100, 32), run_before=asker("what is the effect of discount on churn?")
    )


def test_graph_view(snap_compare, workspace_dir):
    """The discovery part of the analysis: drawn graph and edge table."""
    app = make_app(analysis_script(), workspace_dir)
    base = asker("what is the effect of discount on churn?")

    async def run_before(pilot) -> None:
        await base(pilot)
        from copilot.tui.widgets.results import GraphView

        pilot.app.chat.scroll_to_widget(
            pilot.app.chat.query_one(GraphView), animate=False, top=True
        )
        await pilot.pause()

    assert snap_compare(app, terminal_size=(100, 40), run_before=run_before)


def test_heatmap_view(snap_compare, workspace_dir):
    """A layer x head ablation heatmap with colours."""
    app = make_app(heads_script(), workspace_dir)
    assert snap_compare(app, terminal_size=(100, 32), run_before=asker("which heads do induction?"))


def test_approval_dialog(snap_compare, workspace_dir):
    """The agent asks before an expensive step: a yes/no dialog over the chat, at 80x24."""
    app = make_app(approval_script(), workspace_dir)

    async def run_before(pilot) -> None:
        from copilot.tui.screens.modals import ApprovalModal

        pilot.app.screen.query_one(PromptInput).value = "discover the graph with KCI"
        await pilot.press("enter")
        await settle(pilot, lambda: isinstance(pilot.app.screen, ApprovalModal))

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_session_list(snap_compare, workspace_dir):
    """The session list (ctrl+s) over the chat."""
    app = make_app([], workspace_dir)

    async def run_before(pilot) -> None:
        from copilot.tui.screens.modals import SessionList

        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(pilot.app.screen, SessionList))

    assert snap_compare(app, terminal_size=(100, 32), run_before=run_before)


def test_answer_small_terminal(snap_compare, workspace_dir):
    """The main screen with an answer at 80x24: the estimate card (adjustment set, p-value,
    labelled zero tick) wraps in the narrow chat; the answer keeps its lines."""
    app = make_app(analysis_script(), workspace_dir)
    assert snap_compare(
        app, terminal_size=(80, 24), run_before=asker("what is the effect of discount on churn?")
    )


def test_answer_large_terminal(snap_compare, workspace_dir):
    """The main screen with an answer at 120x40."""
    app = make_app(analysis_script(), workspace_dir)
    assert snap_compare(
        app, terminal_size=(120, 40), run_before=asker("what is the effect of discount on churn?")
    )


def test_session_list_small_terminal(snap_compare, workspace_dir):
    """At 80x24 the session list keeps its key line, and the footer shows the dialog's keys."""
    app = make_app([], workspace_dir)

    async def run_before(pilot) -> None:
        from copilot.tui.screens.modals import SessionList

        await pilot.press("ctrl+s")
        await settle(pilot, lambda: isinstance(pilot.app.screen, SessionList))

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
