"""Pilot tests of what a user sees in the terminal UI: loads that are still running, content that
must not be cut off, and how answers and steps read (focus: test_tui_focus.py, cancel:
test_cancel.py).

Most tests play scripted events (tests/tui_scripted.py), so nothing depends on timing; the load
race uses the real agent with a loader held back by the test.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from langchain_core.messages import AIMessage

from copilot import Copilot
from copilot.events import Answer, AnswerEvent, PlanEvent, ToolFinished, ToolStarted
from tests.tui_pilot import answered, ask, chat_text, scripted_app, shown_lines, status, wait_until
from tests.tui_scripted import (
    ESTIMATE,
    GRAPH,
    ScriptedChatModel,
    analysis_script,
    call,
)

textual = pytest.importorskip("textual")

from textual.widgets import Footer  # noqa: E402
from textual.widgets._footer import FooterKey  # noqa: E402

from copilot.tui.app import CopilotApp  # noqa: E402
from copilot.tui.screens.modals import HelpScreen, SessionList  # noqa: E402
from copilot.tui.widgets.results import EstimateCard  # noqa: E402
from copilot.tui.widgets.side_panel import DatasetCard  # noqa: E402
from copilot.tui.widgets.tool_card import ToolCard  # noqa: E402


# --- 3. --data FILE does not race the first question -------------------------------------------
def confounded_csv(tmp_path: Path) -> Path:
    rng = np.random.default_rng(0)
    n = 300
    age = rng.normal(size=n)
    discount = 0.8 * age + rng.normal(size=n)
    churn = -0.5 * discount + 0.7 * age + rng.normal(size=n)
    path = tmp_path / "sales.csv"
    pd.DataFrame({"age": age, "discount": discount, "churn": churn}).to_csv(path, index=False)
    return path


async def test_question_asked_while_data_loads_waits_for_it(tmp_path, workspace_dir):
    release = threading.Event()
    copilot = Copilot(
        chat_model=ScriptedChatModel(
            replies=[call("describe", {"dataset": "sales"}, "c1"), AIMessage(content="Described.")]
        ),
        workspace=workspace_dir,
        interactive=True,
    )
    real_load = copilot.load_data

    def slow_load(*args, **kwargs):
        release.wait(20)
        return real_load(*args, **kwargs)

    copilot.load_data = slow_load
    app = CopilotApp(copilot, data=[confounded_csv(tmp_path)])
    async with app.run_test(size=(100, 32)) as pilot:
        side = app.main_screen.query_one("#datasets")
        await wait_until(pilot, lambda: side.query(".loading"))
        assert "loading sales.csv" in status(app) and "ready" not in status(app)
        assert "none loaded" not in str(side.query_one(".loading").render())
        assert not side.query(".empty")
        # A question asked now waits for the file instead of being told nothing is loaded.
        await ask(pilot, "describe the data")
        await wait_until(pilot, lambda: "Waiting for sales.csv" in chat_text(app))
        assert not app.busy and "your question runs when it is loaded" in status(app)
        # Escape drops the waiting question; asked again, it waits again.
        await pilot.press("escape")
        await wait_until(pilot, lambda: "waiting question was dropped" in chat_text(app))
        assert "your question runs" not in status(app) and "loading sales.csv" in status(app)
        await ask(pilot, "describe the data")
        assert "your question runs when it is loaded" in status(app)
        release.set()
        await wait_until(pilot, lambda: app.main_screen.query(DatasetCard))
        await answered(pilot)
        [card] = app.chat.query(ToolCard)
        assert card.tool == "describe" and card.has_class("-ok")
        assert "Described." in chat_text(app) and "ready" in status(app)
        assert not side.query(".loading")


async def test_failed_load_releases_the_waiting_question(tmp_path):
    release = threading.Event()
    app = scripted_app(tmp_path, data=[tmp_path / "missing.csv"])
    real_load = app.copilot.load_data

    def slow_load(*args, **kwargs):
        release.wait(20)
        return real_load(*args, **kwargs)

    app.copilot.load_data = slow_load
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_until(pilot, lambda: "loading missing.csv" in status(app))
        await ask(pilot, "what is the effect of discount on churn?")
        await ask(pilot, "a second question")
        assert app.copilot.questions == []
        release.set()
        await answered(pilot)
        # The load failed (shown with its hint), the waiting question ran, the second was refused.
        assert app.copilot.questions == ["what is the effect of discount on churn?"]
        side = app.main_screen.query_one("#datasets")
        assert "none loaded" in str(side.query_one(".empty").render())
        assert any("already waiting" in n.message for n in app._notifications)


# --- 4. nothing cut off --------------------------------------------------------------------------
async def test_refutations_wrap_help_scrolls_and_dialogs_keep_their_keys(tmp_path):
    long = "effect -0.120 after adding a random common cause; " * 4
    estimate = {
        **ESTIMATE,
        "refutations": [{"name": "random common cause", "passed": True, "detail": long.strip()}],
    }
    script = analysis_script()
    script[4] = ToolFinished(
        call_id="c2", tool="estimate_effect", ok=True, summary="ATE", result=estimate
    )
    app = scripted_app(tmp_path, script)
    async with app.run_test(size=(80, 24)) as pilot:
        await ask(pilot, "what is the effect of discount on churn?")
        await answered(pilot)
        # In the chat beside the side panel the card is narrow: the long detail wraps.
        card = app.chat.query_one(EstimateCard)
        app.chat.scroll_to_widget(card, animate=False, top=True)
        await pilot.pause()
        shown = "\n".join(line.strip(" │") for line in shown_lines(app, card))
        words = " ".join(shown.split())
        assert "…" not in shown and long.strip() in words, shown

        # F1: the key table is below the fold at 80x24; the keyboard scrolls to it.
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        help_text = app.screen.query_one("#help-text")
        await pilot.pause()
        assert help_text.max_scroll_y > 0 and help_text.scroll_y == 0
        await pilot.press("pagedown")
        await wait_until(pilot, lambda: help_text.scroll_y > 0)
        await pilot.press("end")
        await wait_until(pilot, lambda: help_text.scroll_y == help_text.max_scroll_y)
        # The footer shows the dialog's keys, not the main screen's.
        keys = {k.description for k in app.screen.query(FooterKey)}
        assert "Close" in keys and "Report" not in keys
        await pilot.press("escape")

        # The session list keeps its key line on screen at 80x24, and its footer its keys.
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionList))
        await pilot.pause()
        line = app.screen.query_one(".key-line")
        dialog = app.screen.query_one(".dialog")
        assert line.region.height == 1 and dialog.region.contains_region(line.region)
        assert line.region.bottom <= 24 - 1  # above the footer
        keys = {k.description for k in app.screen.query(FooterKey)}
        assert {"Close", "New session"} <= keys and "Report" not in keys
        assert app.screen.query_one(Footer).region.bottom == 24


# --- 6. answers and steps in the user's words -----------------------------------------------------
async def test_answer_lines_plan_words_step_references_and_estimate_card(tmp_path):
    script = [
        PlanEvent(text="Next: discover", steps=["discover"]),
        ToolStarted(call_id="offline_0_0", tool="discover", args={"dataset": "sales"}),
        ToolFinished(
            call_id="offline_0_0",
            tool="discover",
            ok=True,
            summary="5 nodes",
            result={"graph": GRAPH},
        ),
        PlanEvent(text="Next: estimate_effect", steps=["estimate_effect"]),
        ToolStarted(
            call_id="offline_0_1",
            tool="estimate_effect",
            args={"dataset": "sales", "graph": "offline_0_0"},
        ),
        ToolFinished(
            call_id="offline_0_1", tool="estimate_effect", ok=True, summary="ATE", result=ESTIMATE
        ),
        AnswerEvent(
            answer=Answer(
                text="The effect is -0.121.\nMethod: linear regression.\nAdjusted for: age, income.",
                session_id="s-0001",
            )
        ),
    ]
    app = scripted_app(tmp_path, script)
    async with app.run_test(size=(100, 32)) as pilot:
        await ask(pilot, "what is the effect of discount on churn?")
        await answered(pilot)
        plans = [str(p.render()) for p in app.chat.query(".plan")]
        assert plans == ["Next: find the causal graph", "Next: estimate the effect"]
        assert "estimate_effect" not in "".join(plans) and "Plan: Next" not in "".join(plans)
        title = str(app.chat.query(ToolCard).last().query_one(".tool-title").render())
        assert "graph=the result of step 1" in title and "offline_0_0" not in title
        # The answer keeps its three lines (Markdown would join them into one paragraph).
        answer = app.chat.query_one(".answer")
        await pilot.pause()
        assert answer.region.height >= 3
        lines = [line.strip(" ▌▐│") for line in shown_lines(app, answer)]
        rows = [line for line in lines if line]
        assert rows[:3] == [
            "The effect is -0.121.",
            "Method: linear regression.",
            "Adjusted for: age, income.",
        ], lines
        # The estimate card: adjustment set, p-value, and a labelled zero tick.
        card = app.chat.query_one(EstimateCard)
        app.chat.scroll_to_widget(card, animate=False, top=True)
        await pilot.pause()
        text = shown_lines(app, card)
        joined = "\n".join(text)
        assert "adjusted for age, income" in " ".join(joined.split())
        assert "p-value < 0.001" in " ".join(joined.split()), joined
        bar = next(i for i, line in enumerate(text) if "┆" in line)
        assert text[bar + 1][text[bar].index("┆")] == "0"
