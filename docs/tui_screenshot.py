"""Regenerate docs/tui.svg: the terminal UI answering questions on the example data.

    python docs/tui_screenshot.py [QUESTION ...]

Runs the real app and the offline agent headless in a temporary workspace.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ["what is the effect of discount on churn given the graph sales_graph.dot?"]


async def main(questions: list[str]) -> None:
    from copilot import Copilot
    from copilot.tui.app import CopilotApp
    from copilot.tui.widgets.prompt import PromptInput
    from copilot.tui.widgets.side_panel import DatasetCard

    with tempfile.TemporaryDirectory() as tmp:
        # A relative workspace, so that artifact paths on screen read .copilot/artifacts/...,
        # and the example's graph file next to it, so that the question can name it briefly.
        os.chdir(tmp)
        shutil.copy(ROOT / "examples/data/sales_graph.dot", "sales_graph.dot")
        app = CopilotApp(
            Copilot(workspace=".copilot", interactive=True), data=[ROOT / "examples/data/sales.csv"]
        )
        async with app.run_test(size=(120, 44)) as pilot:
            while not app.screen.query(DatasetCard):
                await pilot.pause(0.1)
            for q in questions:
                app.screen.query_one(PromptInput).value = q
                await pilot.press("enter")
                await pilot.pause(0.2)
                while app.busy:
                    await pilot.pause(0.1)
            # The last question at the top: its plan, tool card and result card (the answer
            # follows below them in the chat).
            app.chat.scroll_to_widget(app.chat.query(".question").last(), animate=False, top=True)
            prompt = app.screen.query_one(PromptInput)
            prompt.cursor_blink = False
            await pilot.pause(0.3)
            app.clear_notifications()
            await pilot.pause(0.1)
            app.save_screenshot("tui.svg", str(ROOT / "docs"))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:] or QUESTIONS))
