"""Cancel: a long tool stops at its next progress report and a long model reply at its next chunk
(not at the end of the step), the stopped step runs again on resume, and in the terminal UI the
partial answer says how to go on there (`/resume`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from langchain_core.messages import AIMessage

from copilot import Copilot
from copilot.events import ToolProgress
from tests.tui_pilot import answered, ask, wait_until
from tests.tui_scripted import ScriptedChatModel, call

textual = pytest.importorskip("textual")

from copilot.tui.app import CopilotApp  # noqa: E402
from copilot.tui.widgets.side_panel import DatasetCard  # noqa: E402
from copilot.tui.widgets.tool_card import ToolCard  # noqa: E402


async def test_cancel_stops_inside_a_long_estimate_and_hints_resume(workspace_dir, tmp_path):
    """A bootstrap of 20000 resamples stops within a few of them; the hint is /resume."""
    seen: list[ToolProgress] = []
    copilot = Copilot(
        chat_model=ScriptedChatModel(
            replies=[
                call(
                    "estimate_effect",
                    {
                        "dataset": "sales",
                        "treatment": "discount",
                        "outcome": "churn",
                        "method": "weighting",
                        "adjust_for_all": True,
                        "refute": False,
                        "n_boot": 20000,
                    },
                    "c1",
                ),
                AIMessage(content="Estimated."),
            ]
        ),
        workspace=workspace_dir,
        interactive=False,  # no approval dialog for the long bootstrap
    )
    stream = copilot.stream

    def watched(*args, **kwargs):
        for event in stream(*args, **kwargs):
            if isinstance(event, ToolProgress) and "bootstrap" in event.task:
                seen.append(event)
            yield event

    copilot.stream = watched
    rng = np.random.default_rng(1)
    n = 200
    age = rng.normal(size=n)
    discount = (age + rng.normal(size=n) > 0).astype(int)
    churn = -0.5 * discount + 0.7 * age + rng.normal(size=n)
    path = tmp_path / "sales.csv"
    pd.DataFrame({"age": age, "discount": discount, "churn": churn}).to_csv(path, index=False)
    app = CopilotApp(copilot, data=[path])
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_until(pilot, lambda: app.main_screen.query(DatasetCard))
        await ask(pilot, "estimate it")
        await wait_until(pilot, lambda: seen, timeout=60)
        await pilot.press("escape")
        await answered(pilot)
        card = app.chat.query_one(ToolCard)
        assert card.has_class("-cancelled")
        answer = app.chat.query(".answer").last().source
        assert "/resume" in answer and "Copilot.resume" not in answer
    # The bootstrap stopped at a progress report soon after the cancel: far fewer than 20000
    # resamples ran.
    assert max(p.done for p in seen) < 2000


def test_stopped_text_counts_completed_steps_and_names_the_tui_commands():
    from copilot.events import Answer, Step
    from copilot.tui.app import stopped_text

    steps = [Step(tool="discover"), Step(tool="estimate_effect", ok=False)]
    text = stopped_text(Answer(text="Cancelled after 2 steps", steps=steps, partial=True))
    assert text.startswith("Stopped after 1 completed step; the session keeps it.")
    assert "/resume" in text and "/new" in text and "Copilot" not in text


def test_cancel_stops_a_long_model_reply_and_resume_plans_again(workspace_dir):
    import itertools

    from langchain_core.language_models.fake_chat_models import GenericFakeChatModel

    from copilot.events import TextDelta

    reply = "word " * 5000  # streamed as 10000 chunks
    model = GenericFakeChatModel(messages=itertools.cycle([AIMessage(content=reply)]))
    copilot = Copilot(chat_model=model, workspace=workspace_dir)
    deltas = 0
    for event in copilot.stream("talk at length", session="long-1"):
        if isinstance(event, TextDelta):
            deltas += 1
            if deltas == 3:
                copilot.cancel()
        last = event
    assert last.answer.partial and last.answer.text.startswith("Cancelled after 0 steps")
    assert deltas < 5000 and copilot.unfinished("long-1")
    done = copilot.resume("long-1")
    assert not done.partial and done.text.split() == reply.split()


def test_refutations_stop_at_the_next_refit_when_cancelled():
    """Refutations are a place where cancel takes effect: each refit reports, so a cancelled
    run stops there instead of after every refuter has finished."""
    from copilot.agents.context import StepCancelled
    from copilot.tools.estimation import estimate_effect
    from copilot.tools.graph import CausalGraph

    rng = np.random.default_rng(3)
    n = 300
    z = rng.normal(size=n)
    t = (z + rng.normal(size=n) > 0).astype(int)
    y = 1.0 * t + z + rng.normal(size=n)
    frame = pd.DataFrame({"z": z, "t": t, "y": y})
    refits = []

    def progress(p):
        if p.message == "refute":
            refits.append(p)
            if len(refits) > 3:
                raise StepCancelled()

    with pytest.raises(StepCancelled):
        estimate_effect(
            frame,
            "t",
            "y",
            graph=CausalGraph.from_edges(None, [("z", "t"), ("z", "y"), ("t", "y")], kind="dag"),
            method="matching",
            n_boot=20,
            n_refute=500,
            progress=progress,
        )
    assert len(refits) == 4
