"""Embedding Causal Copilot in a small application.

Shows the Python API: a `Copilot` with its own workspace, a custom typed tool, a DataFrame as
input, streamed events rendered by the application, a follow-up in the same session, and a
report. Runs offline on the bundled example data:

    python examples/embed_app.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import pandas as pd

from copilot import Copilot
from copilot.errors import ColumnNotFoundError

DATA = Path(__file__).parent / "data" / "sales.csv"


def segment_sizes(data: pd.DataFrame, column: str) -> dict[str, int]:
    """Count the rows in each group of a categorical column of a loaded dataset.

    Args:
        data: the dataset (the planner passes its id)
        column: the column to group by
    """
    if column not in data.columns:
        raise ColumnNotFoundError(column, data.columns)
    return {str(k): int(v) for k, v in data[column].value_counts().sort_index().items()}


def render(event) -> None:
    """How this application shows the agent's progress: one line per event."""
    if event.kind == "plan":
        print(f"[plan] {', '.join(event.steps)}")
    elif event.kind == "tool_started":
        print(f"[run ] {event.tool} {event.args}")
    elif event.kind == "tool_finished":
        status = "ok" if event.ok else f"failed: {event.error['message']}"
        print(f"[done] {event.tool} {status} ({event.elapsed_s:.1f}s)")
    elif event.kind == "answer":
        print("\n" + event.answer.text + "\n")


def main() -> int:
    frame = pd.read_csv(DATA)
    with tempfile.TemporaryDirectory() as tmp, Copilot(workspace=tmp, tools=[segment_sizes]) as cp:
        print("tools:", ", ".join(cp.tools))
        question = f"what is the effect of discount on churn given the graph {DATA.with_name('sales_graph.dot')}?"
        answer = None
        for event in cp.stream(question, data={"sales": frame}):
            render(event)
            if event.kind == "answer":
                answer = event.answer
        for event in cp.stream("why?", session=answer.session_id):
            render(event)
        report = cp.report(answer.session_id, Path(tmp) / "report.html")
        print(f"report: {report.stat().st_size} bytes; session {answer.session_id}")
        est = next((r["result"] for r in answer.results if r["tool"] == "estimate_effect"), None)
        if est is not None:
            print(f"effect {est['ate']:.3f}, {int(est['confidence'] * 100)}% CI {est['ci']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
