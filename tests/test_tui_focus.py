"""Pilot tests of the terminal UI's focus: the question line keeps it, and typed text is never
lost. The agent is replaced by scripted events (tests/tui_scripted.py)."""

from __future__ import annotations

import threading

import pytest

from tests.tui_pilot import answered, ask, scripted_app, wait_until
from tests.tui_scripted import (
    analysis_script,
)

textual = pytest.importorskip("textual")


from copilot.tui.screens.modals import HelpScreen, PathPrompt, SessionList  # noqa: E402
from copilot.tui.widgets.prompt import PromptInput  # noqa: E402
from copilot.tui.widgets.results import EstimateCard, GraphView  # noqa: E402
from copilot.tui.widgets.tool_card import ToolCard  # noqa: E402


# --- 2. the question line keeps the focus -------------------------------------------------------
async def test_focus_returns_to_the_prompt_and_typed_text_is_kept(tmp_path):
    app = scripted_app(tmp_path)
    async with app.run_test(size=(100, 32)) as pilot:
        prompt = app.main_screen.query_one(PromptInput)
        await ask(pilot, "what is the effect of discount on churn?")
        await answered(pilot)
        assert app.focused is prompt
        # ctrl+f twice: full view of the latest result, then back, with the focus on the prompt.
        await pilot.press("ctrl+f")
        assert app.main_screen.maximized is not None
        await pilot.press("ctrl+f")
        assert app.main_screen.maximized is None and app.focused is prompt
        # Typing while the full view is shown leaves it and types on the question line.
        await pilot.press("ctrl+f", "w", "h")
        assert app.main_screen.maximized is None
        assert app.focused is prompt and prompt.value == "wh"
        # A character typed while a result has the focus lands on the question line too.
        card = app.chat.query_one(EstimateCard)
        card.focus()
        await pilot.press("y", "?")
        assert app.focused is prompt and prompt.value == "why?"
        # ctrl+n with a result focused: the chat is cleared, the focus is on the prompt, and
        # the half-typed question is still there.
        app.chat.query_one(GraphView).focus()
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: not app.chat.query(ToolCard))
        assert app.focused is prompt and prompt.value == "why?"
        # A dialog opened from a focused result gives the focus to the prompt when it closes.
        await ask(pilot, "again")
        await answered(pilot)
        prompt.value = "draft"
        for key, modal in (("ctrl+o", PathPrompt), ("f1", HelpScreen), ("ctrl+s", SessionList)):
            app.chat.query_one(EstimateCard).focus()
            await pilot.press(key)
            await wait_until(pilot, lambda modal=modal: isinstance(app.screen, modal))
            await pilot.press("escape")
            await wait_until(pilot, lambda: app.screen is app.main_screen)
            assert app.focused is prompt, key
        assert prompt.value == "draft"
        # Escape (nothing running) takes the focus back; so does tab, in a few presses.
        app.chat.query_one(EstimateCard).focus()
        await pilot.press("escape")
        assert app.focused is prompt
        app.chat.query_one(EstimateCard).focus()
        for _ in range(len(app.main_screen.focus_chain)):
            await pilot.press("tab")
            if app.focused is prompt:
                break
        assert app.focused is prompt


async def test_a_refused_question_stays_on_the_line(tmp_path):
    """A question sent while an analysis runs is refused with a hint and kept, not lost."""
    release = threading.Event()
    app = scripted_app(tmp_path, [lambda copilot: release.wait(20), *analysis_script()])
    async with app.run_test(size=(100, 32)) as pilot:
        prompt = app.main_screen.query_one(PromptInput)
        await ask(pilot, "what is the effect of discount on churn?")
        assert app.busy and prompt.value == ""
        await ask(pilot, "and why?")
        assert any("still running" in n.message for n in app._notifications)
        assert prompt.value == "and why?" and app.copilot.questions == [
            "what is the effect of discount on churn?"
        ]
        release.set()
        await answered(pilot)
        await pilot.press("enter")
        await answered(pilot, 2)
        assert prompt.value == "" and app.copilot.questions[-1] == "and why?"
