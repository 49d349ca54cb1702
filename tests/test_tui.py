"""Pilot tests of the terminal UI driving the real app and the real agent.

The agent plans with the offline planner on generated data, or with a scripted chat model that
calls small tools defined here (a slow one, an expensive one), so timing is under the test's
control and nothing depends on an LLM.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from langchain_core.messages import AIMessage

from copilot import Copilot
from copilot.agents.registry import tool_spec
from copilot.progress import report
from tests.tui_scripted import ScriptedChatModel, call

textual = pytest.importorskip("textual")

from copilot.tui.app import CopilotApp  # noqa: E402
from copilot.tui.screens.modals import ApprovalModal, HelpScreen, PathPrompt, SessionList  # noqa: E402
from copilot.tui.widgets.prompt import PromptInput  # noqa: E402
from copilot.tui.widgets.results import EstimateCard, GraphView  # noqa: E402
from copilot.tui.widgets.side_panel import DatasetCard, SidePanel  # noqa: E402
from copilot.tui.widgets.tool_card import ToolCard  # noqa: E402

SIZE = (100, 32)


@pytest.fixture
def sales_csv(tmp_path: Path) -> Path:
    """Confounded data with a known effect: discount lowers churn by 0.5 per unit."""
    rng = np.random.default_rng(0)
    n = 600
    age, income = rng.normal(size=n), rng.normal(size=n)
    discount = 0.8 * age + 0.5 * income + rng.normal(size=n)
    churn = -0.5 * discount + 0.7 * age + rng.normal(size=n)
    path = tmp_path / "sales.csv"
    pd.DataFrame({"age": age, "income": income, "discount": discount, "churn": churn}).to_csv(
        path, index=False
    )
    return path


async def wait_until(pilot, predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            app = pilot.app
            raise AssertionError(
                f"timed out; screen {app.screen!r}, busy {getattr(app, 'busy', None)}, "
                f"notifications: {notifications(app)}\nchat:\n{chat_text(app)}"
            )
        await pilot.pause(0.05)


async def ask(pilot, text: str) -> None:
    prompt = pilot.app.screen.query_one(PromptInput)
    prompt.value = text
    await pilot.press("enter")


def chat_text(app: CopilotApp) -> str:
    """All text shown in the chat (Markdown answers, notices, cards)."""
    from textual.widgets import Markdown, Static

    parts = []
    for w in app.chat.query("*"):
        if isinstance(w, Markdown):
            parts.append(w.source)
        elif isinstance(w, Static):
            parts.append(str(w.render()))
    return "\n".join(parts)


def notifications(app: CopilotApp) -> str:
    return "\n".join(f"{n.title}: {n.message}" for n in app._notifications)


class Gate:
    """A slow tool's brake: the tool runs until the test releases it (or 20 s pass)."""

    def __init__(self) -> None:
        self.started = threading.Event()
        self.release = threading.Event()
        self.runs: list[str] = []

    def tool(self):
        gate = self

        def slow_step(label: str, progress=None) -> dict:
            """Work for a while, reporting progress.

            Args:
                label: a name for this step
            """
            gate.runs.append(label)
            gate.started.set()
            k = 0
            while not gate.release.wait(0.05) and k < 400:
                k += 1
                report(progress, "working", k % 20, 20)
            return {"label": label, "ticks": k}

        return slow_step


# --- questions ----------------------------------------------------------------------------------
async def test_effect_question_on_data_shows_answer_with_number(workspace_dir, sales_csv):
    app = CopilotApp(Copilot(workspace=workspace_dir, interactive=True), data=[sales_csv])
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.screen.query(DatasetCard))
        await ask(pilot, "what is the effect of discount on churn?")
        await wait_until(pilot, lambda: not app.busy and app.chat.query(".answer"), timeout=60)
        cards = list(app.chat.query(ToolCard))
        assert [c.tool for c in cards] == ["estimate_effect"] and cards[0].has_class("-ok")
        card = app.chat.query_one(EstimateCard)
        answer = app.chat.query(".answer").last().source
        # The true effect is -0.5; the answer states the estimate and its interval.
        import re

        number = float(re.search(r"(-0\.\d+)", answer).group(1))
        assert -0.6 < number < -0.4, answer
        assert "CI" in answer and card is not None


async def test_discovery_shows_graph_view(workspace_dir, sales_csv):
    app = CopilotApp(Copilot(workspace=workspace_dir, interactive=True), data=[sales_csv])
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.screen.query(DatasetCard))
        await ask(pilot, "discover the causal graph")
        await wait_until(pilot, lambda: not app.busy and app.chat.query(".answer"), timeout=60)
        view = app.chat.query_one(GraphView)
        drawing = str(view.query_one(".graph-drawing").render())
        for name in ("age", "income", "discount", "churn"):
            assert name in drawing
        assert "▼" in drawing
        table = view.query_one(".edge-table")
        assert table.row_count == len(view.edges) >= 3
        # ctrl+f shows the graph full-screen; escape goes back.
        await pilot.press("ctrl+f")
        assert app.screen.maximized is view
        await pilot.press("escape")
        assert app.screen.maximized is None


# --- bad input ---------------------------------------------------------------------------------
async def test_bad_input_shows_notifications_with_hints(workspace_dir, tmp_path):
    bad = tmp_path / "broken.parquet"
    bad.write_text("this is not parquet\n")
    app = CopilotApp(Copilot(workspace=workspace_dir, interactive=True))
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, f"/load {tmp_path / 'missing.csv'}")
        await wait_until(pilot, lambda: "does not exist" in notifications(app))
        assert "Hint:" in notifications(app)
        app.clear_notifications()
        await ask(pilot, f"/load {bad}")
        await wait_until(pilot, lambda: "failed" in notifications(app))
        assert "Hint:" in notifications(app)
        app.clear_notifications()
        await ask(pilot, "/lod x.csv")
        await wait_until(pilot, lambda: "Unknown command /lod" in notifications(app))
        assert "did you mean /load" in notifications(app)
        app.clear_notifications()
        await ask(pilot, "/model")
        await wait_until(pilot, lambda: "needs one path" in notifications(app))
        assert not app.screen.query(DatasetCard) and app.is_running
        # Text from the user or the data is shown as it is, never read as markup.
        app.clear_notifications()
        await ask(pilot, f"/load '{tmp_path / '[red]x[/].csv'}'")
        await wait_until(pilot, lambda: "[red]x[/].csv" in notifications(app))
        odd = tmp_path / "odd.csv"
        pd.DataFrame({"[/bold]weird": np.arange(20.0), "y": np.arange(20.0) ** 2}).to_csv(
            odd, index=False
        )
        await ask(pilot, f"/load {odd}")
        await wait_until(pilot, lambda: app.screen.query(DatasetCard))
        table = app.screen.query_one(DatasetCard).query_one(".profile-table")
        assert str(table.get_cell_at((0, 0))) == "[/bold]weird"


# --- cancel, resume, responsiveness -------------------------------------------------------------
def two_step_copilot(workspace_dir: Path, gate: Gate) -> Copilot:
    chat = ScriptedChatModel(
        replies=[
            call("slow_step", {"label": "first"}, "c1"),
            call("slow_step", {"label": "second"}, "c2"),
            AIMessage(content="Both steps are done."),
        ]
    )
    return Copilot(chat_model=chat, tools=[gate.tool()], workspace=workspace_dir, interactive=True)


async def test_cancel_then_resume_session(workspace_dir):
    gate = Gate()
    copilot = two_step_copilot(workspace_dir, gate)
    app = CopilotApp(copilot)
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "run two slow steps")
        await wait_until(pilot, lambda: gate.started.is_set() and app.chat.query(ToolCard))
        session = app.session_id
        await pilot.press("escape")
        # The slow step reports progress, so it stops at its next report: the gate is never
        # released, yet the run ends.
        await wait_until(pilot, lambda: not app.busy and app.chat.query(".answer"))
        assert not gate.release.is_set() and gate.runs == ["first"]
        card = app.chat.query_one(ToolCard)
        assert card.has_class("-cancelled") and "/resume" in str(
            card.query_one(".tool-outcome").render()
        )
        answer = app.chat.query(".answer").last().source
        assert "Stopped before any step was completed" in answer and "/resume" in answer
        assert "Copilot.resume" not in answer
        assert {s.id: s.status for s in copilot.sessions()}[session] == "cancelled"
        # A new question in the cut-short session says how to go on.
        await ask(pilot, "something else")
        await wait_until(pilot, lambda: "cancelled before its end" in notifications(app))
        assert "/resume" in notifications(app) and len(app.chat.query(".answer")) == 1

        # A new session clears the chat; the session list reopens the cancelled one with its
        # question, and finishes the cut-short run: the stopped step runs again, then the next.
        gate.release.set()
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: not app.chat.query(ToolCard))
        assert app.session_id is None
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SessionList))
        await pilot.press("enter")
        await wait_until(pilot, lambda: not app.busy and "Both steps are done." in chat_text(app))
        assert app.session_id == session
        assert "run two slow steps" in chat_text(app)
        assert gate.runs == ["first", "first", "second"]
        assert [c.tool for c in app.chat.query(ToolCard)] == ["slow_step", "slow_step"]
        # The conversation goes on in the resumed session.
        await ask(pilot, "once more")
        await wait_until(pilot, lambda: not app.busy and len(app.chat.query(".answer")) == 2)
        assert gate.runs == ["first", "first", "second", "first", "second"]
        assert {s.id: s.turns for s in copilot.sessions()}[session] == 2


async def test_ui_stays_responsive_during_a_long_tool_call(workspace_dir):
    gate = Gate()
    now = [100.0]
    app = CopilotApp(two_step_copilot(workspace_dir, gate), clock=lambda: now[0])
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "run two slow steps")
        await wait_until(pilot, lambda: gate.started.is_set() and app.chat.query(ToolCard))
        # Key presses are handled while the tool is still working in the agent thread.
        side = app.screen.query_one(SidePanel)
        await pilot.press("ctrl+b")
        assert side.display is False
        await pilot.press(*"abc")
        assert app.screen.query_one(PromptInput).value == "abc"
        assert not gate.release.is_set() and app.busy
        card = app.chat.query_one(ToolCard)
        await wait_until(pilot, lambda: "working" in str(card.query_one(".tool-message").render()))
        # The card's elapsed time follows the clock while the tool runs.
        now[0] += 12.5
        elapsed = card.query_one(".tool-elapsed")
        await wait_until(pilot, lambda: str(elapsed.render()) == "12.5s")
        gate.release.set()
        await wait_until(pilot, lambda: not app.busy and "Both steps are done." in chat_text(app))


async def test_approval_modal_answers_the_agent(workspace_dir):
    ran: list[int] = []

    def big_sweep(size: int) -> dict:
        """An expensive sweep.

        Args:
            size: how many items
        """
        ran.append(size)
        return {"swept": size}

    spec = tool_spec(
        big_sweep, expensive=lambda args, env: f"A sweep over {args.size} items takes long."
    )
    chat = ScriptedChatModel(
        replies=[call("big_sweep", {"size": 5000}, "c1"), AIMessage(content="Swept 5000 items.")]
    )
    app = CopilotApp(
        Copilot(chat_model=chat, tools=[spec], workspace=workspace_dir, interactive=True)
    )
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "sweep everything")
        # the dialog is on screen once its body is mounted, not merely pushed
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, ApprovalModal) and app.screen.query(".dialog-body"),
        )
        assert "5000 items takes long" in str(app.screen.query_one(".dialog-body").render())
        assert ran == []
        await pilot.press("y")
        await wait_until(pilot, lambda: not app.busy and "Swept 5000 items." in chat_text(app))
        assert ran == [5000]
        # Declining skips the call; the run still ends with an answer.
        await ask(pilot, "sweep everything again")
        await wait_until(pilot, lambda: isinstance(app.screen, ApprovalModal))
        await pilot.press("n")
        await wait_until(pilot, lambda: not app.busy and len(app.chat.query(".answer")) == 2)
        assert ran == [5000]
        assert "Declined" in chat_text(app)
        # A question left waiting for approval when the app closed is asked again on reopening.
        await ask(pilot, "sweep once more")
        await wait_until(pilot, lambda: isinstance(app.screen, ApprovalModal))
        waiting = app.session_id
    reopened = CopilotApp(app.copilot, session=waiting)
    async with reopened.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(reopened.screen, ApprovalModal))
        assert "5000 items takes long" in str(reopened.screen.query_one(".dialog-body").render())
        await pilot.press("y")
        await wait_until(
            pilot, lambda: not reopened.busy and len(reopened.chat.query(".answer")) == 3
        )
        assert ran == [5000, 5000]


# --- keys, commands, loading -------------------------------------------------------------------
async def test_keys_commands_history_and_loading(workspace_dir, sales_csv):
    app = CopilotApp(Copilot(workspace=workspace_dir, interactive=True))
    async with app.run_test(size=SIZE) as pilot:
        # ctrl+o opens the path prompt; the dataset appears with its profile.
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, PathPrompt))
        app.screen.query_one("#path").value = str(sales_csv)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen.query(DatasetCard))
        table = app.screen.query_one(DatasetCard).query_one(".profile-table")
        assert table.row_count == 4
        # /help, then the input history.
        await ask(pilot, "/help")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        await pilot.press("escape")
        await ask(pilot, "/lod")
        prompt = app.screen.query_one(PromptInput)
        await pilot.press("up")
        assert prompt.value == "/lod"
        await pilot.press("up")
        assert prompt.value == "/help"
        await pilot.press("down", "down")
        assert prompt.value == ""
        # The command palette lists the app's actions.
        await pilot.press("ctrl+p")
        await pilot.press(*"load")
        from textual.command import CommandList

        await wait_until(
            pilot,
            lambda: (
                app.screen.query(CommandList) and app.screen.query_one(CommandList).option_count
            ),
        )
        titles = [str(o.prompt) for o in app.screen.query_one(CommandList).options]
        assert any("Load data" in t for t in titles) and any("Load model" in t for t in titles)
        await pilot.press("escape")


async def test_report_is_written_after_an_answer(workspace_dir, tmp_path):
    chat = ScriptedChatModel(replies=[AIMessage(content="Nothing to compute.")])
    app = CopilotApp(Copilot(chat_model=chat, workspace=workspace_dir, interactive=True))
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, "hello")
        await wait_until(pilot, lambda: not app.busy and app.chat.query(".answer"))
        out = tmp_path / "report.md"
        await ask(pilot, f"/report {out}")
        await wait_until(
            pilot, lambda: "Report written" in notifications(app) or "failed" in notifications(app)
        )
        assert "Report written" in notifications(app), notifications(app)
        assert out.exists() and "hello" in out.read_text()
        # The report is listed with the session's artifacts; enter copies its path.
        artifacts = app.screen.query_one("#artifacts")
        await wait_until(pilot, lambda: len(artifacts.children) == 1)
        artifacts.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: f"Path copied: {out}" in notifications(app))


# --- the command -------------------------------------------------------------------------------
def test_tui_command_is_registered_and_textual_loads_only_inside_it():
    import subprocess
    import sys

    from typer.testing import CliRunner

    from copilot.cli import app as cli

    result = CliRunner().invoke(cli, ["tui", "--help"])
    assert result.exit_code == 0
    for option in ("--data", "--model", "--session"):
        assert option in result.output
    code = (
        "import sys, copilot, copilot.cli; print(any(m.startswith('textual') for m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


async def test_session_option_opens_the_session(workspace_dir, sales_csv):
    gate = Gate()
    gate.release.set()
    copilot = two_step_copilot(workspace_dir, gate)
    answer = copilot.ask("run two slow steps", data=str(sales_csv), session="earlier-1")
    assert answer.text == "Both steps are done."
    app = CopilotApp(copilot, session="earlier-1")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: not app.busy and "Both steps are done." in chat_text(app))
        cards = list(app.chat.query(ToolCard))
        assert [c.tool for c in cards] == ["slow_step", "slow_step"]
        # Each reopened step shows the arguments it was called with.
        titles = [str(c.query_one(".tool-title").render()) for c in cards]
        assert "label=first" in titles[0] and "label=second" in titles[1], titles
        assert "earlier-1" in str(app.screen.query_one("#status").render())
        # The session's dataset is listed with its profile.
        await wait_until(pilot, lambda: app.screen.query(DatasetCard))
        assert app.screen.query_one(DatasetCard).ident == "sales"
    missing = CopilotApp(copilot, session="no-such-session")
    async with missing.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: "Unknown session" in notifications(missing))
        assert missing.session_id is None


async def test_model_loading_and_head_scores_heatmap(workspace_dir, tmp_path):
    import torch

    from copilot.tools.probing.checkpoints import save_model
    from copilot.tools.probing.model import GatedTransformer, ModelConfig
    from copilot.tui.widgets.results import HeatmapView

    torch.manual_seed(0)
    config = ModelConfig(
        gate="headwise", n_layers=2, n_heads=4, d_model=32, d_mlp=64, vocab_size=32, max_seq_len=64
    )
    path = save_model(GatedTransformer(config), tmp_path / "tiny")
    app = CopilotApp(Copilot(workspace=workspace_dir, interactive=True))
    async with app.run_test(size=SIZE) as pilot:
        await ask(pilot, f"/model {path}")
        await wait_until(pilot, lambda: app.screen.query(".model-card"))
        card = str(app.screen.query_one(".model-card").render())
        assert "2 layers × 4 heads" in card and "headwise" in card
        await ask(pilot, "find induction heads")
        await wait_until(pilot, lambda: not app.busy and app.chat.query(".answer"), timeout=60)
        names = [str(v.text).split(" (")[0] for v in app.chat.query(HeatmapView)]
        assert "induction" in names, names
