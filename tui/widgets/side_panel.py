"""The side panel: loaded datasets (profile tables), loaded models, artifacts of the session."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Label, ListItem, ListView, Static


class DatasetCard(Vertical):
    """One dataset: name and shape, then columns with kind and missing share.

    `info` is the record the planner sees (`copilot.agents.inputs.dataset_record`)."""

    def __init__(self, ident: str, info: dict[str, Any], **kwargs: Any):
        super().__init__(classes="dataset-card", **kwargs)
        self.ident, self.info = ident, info

    def compose(self) -> ComposeResult:
        columns = self.info.get("columns") or []
        title = Text(self.ident, style="bold")
        title.append(
            f"  {self.info.get('n_rows', self.info.get('n', '?'))} rows × {len(columns)} cols",
            style="dim",
        )
        yield Static(title, classes="dataset-title")
        table: DataTable = DataTable(cursor_type="row", zebra_stripes=True, classes="profile-table")
        table.add_columns("column", "kind", "miss")
        for c in columns:
            share = c.get("missing_share") or 0.0
            # Column names are data: shown as plain text, never read as markup.
            table.add_row(
                Text(str(c.get("name"))), str(c.get("kind", "")), f"{share:.0%}" if share else "-"
            )
        yield table


EMPTY = {"data": "none loaded  (ctrl+o)", "model": "none loaded  (/model PATH)"}


class SidePanel(VerticalScroll):
    """Datasets, models and artifacts; updated by the app as things are loaded and written."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        self._loading: dict[tuple[str, str], Static] = {}

    def compose(self) -> ComposeResult:
        yield Static("Datasets", classes="panel-title")
        yield Vertical(Static(EMPTY["data"], classes="empty"), id="datasets")
        yield Static("Models", classes="panel-title")
        yield Vertical(Static(EMPTY["model"], classes="empty"), id="models")
        yield Static("Artifacts", classes="panel-title")
        yield ListView(id="artifacts")

    def _box(self, kind: str) -> Vertical:
        return self.query_one("#datasets" if kind == "data" else "#models", Vertical)

    async def show_loading(self, kind: str, label: str) -> None:
        """A file being loaded: shown as loading, not as 'none loaded', until it is in."""
        if (kind, label) in self._loading:
            return
        box = self._box(kind)
        await box.query(".empty").remove()
        line = Static(Text(f"loading {label}…", style="italic"), classes="loading")
        self._loading[(kind, label)] = line
        await box.mount(line)

    async def loading_done(self, kind: str, label: str) -> None:
        line = self._loading.pop((kind, label), None)
        if line is not None:
            await line.remove()
        box = self._box(kind)
        if not box.children:
            await box.mount(Static(EMPTY[kind], classes="empty"))

    async def add_dataset(self, ident: str, info: dict[str, Any]) -> None:
        box = self.query_one("#datasets", Vertical)
        await box.query(".empty").remove()
        await box.query(f"#ds-{ident}").remove()
        await box.mount(DatasetCard(ident, info, id=f"ds-{ident}"))

    async def add_model(self, ident: str, info: dict[str, Any]) -> None:
        """`info` is the record the planner sees (`copilot.agents.inputs.model_record`)."""
        box = self.query_one("#models", Vertical)
        await box.query(".empty").remove()
        await box.query(f"#model-{ident}").remove()
        text = Text(ident, style="bold")
        parts = []
        if info.get("n_layers") is not None:
            parts.append(f"{info['n_layers']} layers × {info.get('n_heads', '?')} heads")
        if info.get("gate"):
            parts.append(f"gate {info['gate']}")
        if parts:
            text.append("\n  " + ", ".join(parts), style="dim")
        await box.mount(Static(text, classes="model-card", id=f"model-{ident}"))

    async def add_artifacts(self, paths: list[str]) -> None:
        view = self.query_one("#artifacts", ListView)
        known = {item.name for item in view.query(ListItem)}
        for p in paths:
            if p not in known:
                known.add(p)
                await view.append(ListItem(Label(Text(Path(p).name)), name=p))
        if view.index is None and view.children:
            view.index = 0

    async def clear_artifacts(self) -> None:
        await self.query_one("#artifacts", ListView).clear()

    async def show_inputs(self, datasets: dict[str, Any], models: dict[str, Any]) -> None:
        """Add the inputs of a reopened session (records as the planner saw them)."""
        for ident, rec in datasets.items():
            if isinstance(rec, dict):
                await self.add_dataset(ident, rec)
        for ident, rec in models.items():
            if isinstance(rec, dict):
                await self.add_model(ident, rec)
