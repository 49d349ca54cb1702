"""The chat: questions, the live analysis (plan, tool cards, result views) and answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Markdown, Static

from copilot.events import Answer, PlanEvent, ToolFinished, ToolProgress, ToolStarted
from copilot.tui.widgets.results import result_views
from copilot.tui.widgets.tool_card import ToolCard, tool_words

WELCOME = """\
**Causal Copilot.** Ask a causal question in plain language, e.g.
*what is the effect of discount on churn?* or *discover the graph*.
Load data with `/load PATH` (or ctrl+o), a model with `/model PATH`; `/help` lists everything."""


def _keep_line_breaks(state: Any) -> None:
    """A markdown-it core rule: a single newline stays a line break, as the CLI prints it
    (Markdown would join the lines of the answer's sections into one paragraph)."""
    for token in state.tokens:
        for child in token.children or ():
            if child.type == "softbreak":
                child.type = "hardbreak"


def answer_parser() -> Any:
    from markdown_it import MarkdownIt

    parser = MarkdownIt("gfm-like")
    parser.core.ruler.push("keep_line_breaks", _keep_line_breaks)
    return parser


def answer_markdown(text: str) -> Markdown:
    return Markdown(text, classes="answer", parser_factory=answer_parser)


class ChatLog(VerticalScroll):
    """Everything said and done in the current session, newest at the bottom."""

    def __init__(self, clock: Callable[[], float], **kwargs: Any):
        super().__init__(**kwargs)
        self._clock = clock
        self._cards: dict[str, ToolCard] = {}
        self._step_of: dict[str, int] = {}
        """Step number of each tool call of the session, so that an argument naming an earlier
        call's result (a graph) reads as that step, not as an internal id."""
        self._streaming: Markdown | None = None
        self._streamed = ""

    def on_mount(self) -> None:
        self.mount(Markdown(WELCOME, classes="welcome"))

    async def _add(self, *widgets: Widget) -> None:
        # Awaited, so that a progress event that follows a start finds the card composed.
        await self.mount_all(widgets)
        self.scroll_end(animate=False)

    async def clear(self) -> None:
        self._cards.clear()
        self._step_of.clear()
        self._streaming, self._streamed = None, ""
        await self.remove_children()

    async def add_question(self, text: str) -> None:
        await self._add(Static(Text("› " + text), classes="question"))

    def _end_stream(self) -> None:
        """Text streamed before a tool call is the planner thinking aloud: it stays where it is,
        and the final answer gets a widget of its own below the calls."""
        self._streaming, self._streamed = None, ""

    async def add_plan(self, event: PlanEvent) -> None:
        self._end_stream()
        words = [tool_words(step) for step in event.steps]
        if event.text.strip() == "Next: " + ", ".join(event.steps):
            # the planner named its next calls and said nothing else: the calls in words
            text = Text("Next: ", style="bold")
            text.append(", ".join(words))
        else:
            text = Text("Plan: ", style="bold")
            text.append(event.text)
            if not all(step in event.text for step in event.steps):
                for i, step in enumerate(words, 1):
                    text.append(f"\n  {i}. {step}")
        await self._add(Static(text, classes="plan"))

    def step_refs(self) -> dict[str, str]:
        """Call ids of this session's steps, as words ('the result of step 1')."""
        return {ident: f"the result of step {n}" for ident, n in self._step_of.items()}

    def _step_names(self, call_id: str) -> dict[str, str]:
        """Number a call as the session's next step; the words for the steps before it."""
        self._step_of.setdefault(call_id, len(self._step_of) + 1)
        refs = self.step_refs()
        refs.pop(call_id)
        return refs

    async def start_tool(self, event: ToolStarted) -> None:
        self._end_stream()
        card = ToolCard(event, self._clock, refs=self._step_names(event.call_id))
        self._cards[event.call_id] = card
        await self._add(card)

    def progress(self, event: ToolProgress) -> None:
        card = self._cards.get(event.call_id)
        if card is not None:
            card.progress(event)

    async def finish_tool(self, event: ToolFinished, args: dict[str, Any] | None = None) -> None:
        """Show a call's outcome; `args` for a call whose start was not seen (a reopened
        session, a resumed run)."""
        card = self._cards.pop(event.call_id, None)
        if card is None:
            started = ToolStarted(call_id=event.call_id, tool=event.tool, args=args or {})
            card = ToolCard(started, self._clock, refs=self._step_names(event.call_id))
            await self._add(card)
        card.finish(event)
        views = result_views(event.tool, event.result) if event.ok else []
        if views:
            await self._add(*views)

    def cancel_running(self) -> None:
        """Mark running calls as stopping; each still shows its real outcome when it ends."""
        for card in self._cards.values():
            card.cancel()

    async def stream_text(self, delta: str) -> None:
        self._streamed += delta
        if self._streaming is None:
            self._streaming = answer_markdown(self._streamed)
            await self._add(self._streaming)
        else:
            await self._streaming.update(self._streamed)
            self.scroll_end(animate=False)

    async def add_answer(self, answer: Answer) -> None:
        text = answer.text + ("\n\n*(partial answer)*" if answer.partial else "")
        if self._streaming is not None:
            await self._streaming.update(text)
            self.scroll_end(animate=False)
        else:
            await self._add(answer_markdown(text))
        self._streaming, self._streamed = None, ""

    async def add_notice(self, message: str, hint: str | None = None, error: bool = False) -> None:
        text = Text(message, style="bold red" if error else "italic")
        if hint:
            text.append(f"\nhint: {hint}", style="red" if error else "dim")
        await self._add(Static(text, classes="notice -error" if error else "notice"))
