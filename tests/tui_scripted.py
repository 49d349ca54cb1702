"""A scripted stand-in for `Copilot` used by the TUI tests: it yields copilot.events events from a
script instead of running the agent, so widget tests control timing and content exactly."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from copilot.events import (
    Answer,
    AnswerEvent,
    ApprovalRequest,
    PlanEvent,
    Step,
    ToolFinished,
    ToolProgress,
    ToolStarted,
)
from copilot.workspace import Workspace


class ScriptedCopilot:
    """Plays `script` (a list of events, or of callables run in the agent thread) per question."""

    def __init__(
        self,
        script: list[Any],
        workspace: str = ".copilot",
        session_id: str = "s-0001",
        after_approval: list[Any] | None = None,
    ):
        self.script = script
        self.after_approval = after_approval or []
        self.workspace = Workspace(workspace)
        self.session_id = session_id
        self.cancelled = threading.Event()
        self.questions: list[str] = []
        self.approvals: list[bool] = []
        self.finished = threading.Event()

    def _play(self, items: list[Any]) -> Iterator[Any]:
        try:
            for item in items:
                if self.cancelled.is_set():
                    return
                if callable(item):
                    item(self)
                    continue
                yield item
        finally:
            self.finished.set()

    def stream(self, question: str, session: str | None = None, **_: Any) -> Iterator[Any]:
        self.questions.append(question)
        self.cancelled.clear()
        self.finished.clear()
        return self._play(self.script)

    def stream_approve(self, session_id: str, yes: bool) -> Iterator[Any]:
        self.approvals.append(yes)
        self.finished.clear()
        return self._play(self.after_approval)

    def cancel(self) -> None:
        self.cancelled.set()

    def sessions(self) -> list[Any]:
        """Two earlier sessions with fixed times, newest first."""
        from copilot.sessions import SessionInfo

        return [
            SessionInfo(
                id="s-0002",
                created="2026-01-02T10:00:00+00:00",
                updated="2026-01-02T10:05:00+00:00",
                title="which heads do induction?",
                turns=1,
                llm="offline",
                status="done",
            ),
            SessionInfo(
                id="s-0001",
                created="2026-01-01T09:00:00+00:00",
                updated="2026-01-01T09:12:00+00:00",
                title="what is the effect of discount on churn?",
                turns=3,
                llm="offline",
                status="cancelled",
            ),
        ]

    def load_data(self, source: str, name: str | None = None) -> str:
        from copilot.tools.data import load_table

        return self.workspace.add_dataset(load_table(source, name=name))


GRAPH = {
    "kind": "cpdag",
    "nodes": ["age", "income", "discount", "ad_spend", "churn"],
    "edges": [
        {"source": "age", "target": "discount", "type": "directed", "confidence": 0.92},
        {"source": "income", "target": "discount", "type": "directed", "confidence": 0.88},
        {"source": "discount", "target": "churn", "type": "directed", "confidence": 0.97},
        {"source": "age", "target": "churn", "type": "directed", "confidence": 0.81},
        {"source": "income", "target": "ad_spend", "type": "undirected", "confidence": 0.64},
    ],
}

ESTIMATE = {
    "treatment": "discount",
    "outcome": "churn",
    "ate": -0.121,
    "ci": [-0.158, -0.084],
    "p_value": 0.0002,
    "estimand_kind": "backdoor",
    "adjustment_set": ["age", "income"],
    "method": "backdoor.linear_regression",
    "refutations": [
        {"name": "placebo treatment", "passed": True, "detail": "effect 0.003, p=0.81"},
        {"name": "random common cause", "passed": True, "detail": "effect -0.120"},
        {"name": "data subset", "passed": False, "detail": "effect -0.095"},
    ],
    "verdict": "A 1-unit discount lowers churn by 0.12 (95% CI -0.16 to -0.08).",
}

# The shape of a HeadAblationResult: per-head records, most damaging first.
HEADS = {
    "model": "induction",
    "behaviour": "induction",
    "metric": "loss",
    "method": "mean",
    "higher_is_better": False,
    "n_prompts": 64,
    "n_layers": 2,
    "n_heads": 4,
    "baseline": 0.62,
    "baseline_ci": [0.58, 0.66],
    "heads": [
        {
            "layer": layer,
            "head": head,
            "effect": effect,
            "ci": [effect - 0.03, effect + 0.03],
            "ablated": 0.62 + effect,
        }
        for layer, head, effect in [
            (1, 0, 0.41),
            (1, 3, 0.22),
            (0, 3, 0.03),
            (1, 1, 0.02),
            (0, 2, 0.0),
            (0, 0, -0.01),
            (0, 1, -0.02),
            (1, 2, -0.05),
        ]
    ],
}


def analysis_script() -> list[Any]:
    """A finished effect analysis: plan, discovery, estimate, answer."""
    return [
        PlanEvent(
            text="Find the graph, then estimate the effect of discount on churn.",
            steps=["discover the graph", "estimate discount -> churn"],
        ),
        ToolStarted(call_id="c1", tool="discover", args={"dataset": "sales", "method": "pc"}),
        ToolProgress(call_id="c1", task="pc", done=3, total=5, message="depth 1"),
        ToolFinished(
            call_id="c1",
            tool="discover",
            ok=True,
            summary="5 nodes, 5 edges (4 directed)",
            result={"graph": GRAPH},
            elapsed_s=1.4,
        ),
        ToolStarted(
            call_id="c2",
            tool="estimate_effect",
            args={"dataset": "sales", "treatment": "discount", "outcome": "churn"},
        ),
        ToolFinished(
            call_id="c2",
            tool="estimate_effect",
            ok=True,
            summary="ATE -0.121 [-0.158, -0.084]",
            result=ESTIMATE,
            elapsed_s=2.25,
        ),
        AnswerEvent(
            answer=Answer(
                text="**Discount lowers churn.** The effect is **-0.121** (95% CI -0.158 to -0.084), "
                "estimated by linear regression adjusting for age and income.",
                steps=[Step(tool="discover"), Step(tool="estimate_effect")],
                session_id="s-0001",
            )
        ),
    ]


def heads_script() -> list[Any]:
    return [
        ToolStarted(
            call_id="h1", tool="ablate_heads", args={"model": "induction", "behaviour": "induction"}
        ),
        ToolFinished(
            call_id="h1",
            tool="ablate_heads",
            ok=True,
            summary="head 1.0 matters most (+0.41)",
            result=HEADS,
            elapsed_s=3.0,
        ),
        AnswerEvent(
            answer=Answer(
                text="Head **1.0** carries induction: ablating it raises the loss by 0.41.",
                session_id="s-0001",
            )
        ),
    ]


def approval_script() -> list[Any]:
    return [
        ApprovalRequest(
            call_id="a1",
            tool="discover",
            args={"method": "kci"},
            reason="KCI on 5000 rows may take several minutes.",
        )
    ]


# A scripted chat model for the real agent ---------------------------------------------------------
from langchain_core.language_models.chat_models import BaseChatModel  # noqa: E402
from langchain_core.messages import AIMessage, HumanMessage  # noqa: E402
from langchain_core.outputs import ChatGeneration, ChatResult  # noqa: E402


class ScriptedChatModel(BaseChatModel):
    """Plays the same replies every turn: reply k answers the k-th planning call after a question,
    so a resumed run continues the script where it stopped."""

    replies: list[Any]

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _generate(
        self, messages: list[Any], stop: Any = None, run_manager: Any = None, **kwargs: Any
    ) -> ChatResult:
        last_question = max(i for i, m in enumerate(messages) if isinstance(m, HumanMessage))
        k = sum(isinstance(m, AIMessage) for m in messages[last_question:])
        reply = self.replies[min(k, len(self.replies) - 1)]
        return ChatResult(generations=[ChatGeneration(message=reply.model_copy())])


def call(name: str, args: dict[str, Any], ident: str) -> AIMessage:
    return AIMessage(
        content="", tool_calls=[{"name": name, "args": args, "id": ident, "type": "tool_call"}]
    )
