"""The command palette entries (ctrl+p): the app's actions, searchable by name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

# (title, help, app action)
COMMANDS: tuple[tuple[str, str, str], ...] = (
    ("Load data", "Load a data file (CSV, TSV, Parquet, JSON lines): /load PATH", "load_data"),
    ("Load model", "Load a model checkpoint for probing: /model PATH", "load_model"),
    ("Write report", "Write the Markdown and HTML report of this session: /report", "report"),
    ("Sessions", "List earlier sessions and resume one: /sessions", "sessions"),
    ("New session", "Start a new session: /new", "new_session"),
    ("Cancel analysis", "Stop the running analysis: /cancel", "cancel"),
    ("Toggle side panel", "Show or hide datasets, models and artifacts", "toggle_panel"),
    (
        "Full view of a result",
        "Show the latest (or focused) graph, estimate or heatmap full-screen",
        "maximize_result",
    ),
    ("Help", "Commands and keys: /help", "help"),
)


class CopilotCommands(Provider):
    """Lists the Causal Copilot actions in the command palette."""

    async def discover(self) -> Hits:
        for title, help_text, action in COMMANDS:
            yield DiscoveryHit(title, partial(self.app.run_action, action), help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, action in COMMANDS:
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score,
                    matcher.highlight(title),
                    partial(self.app.run_action, action),
                    help=help_text,
                )
