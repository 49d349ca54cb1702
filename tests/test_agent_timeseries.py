"""Time-series questions in the offline planner, and the answer to a lagged graph."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.answer import compose_answer
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message

TOOLS = ["describe", "discover", "estimate_effect"]


def col(name: str, kind: str, card: int = 500) -> dict[str, Any]:
    return {"name": name, "kind": kind, "missing_share": 0.0, "cardinality": card}


STORE = {
    "id": "store",
    "name": "store",
    "source": "store.csv",
    "n": 500,
    "p": 4,
    "columns": [
        col("week", "id"),
        col("temperature", "continuous"),
        col("demand", "continuous"),
        col("sales", "continuous"),
        col("ad_spend", "continuous"),
    ],
}


def ask(question: str, history: list[Any] = ()) -> AIMessage:
    state = {"datasets": {"store": STORE}, "models": {}}
    return next_message([system_message(state), *history, HumanMessage(question)], TOOLS)


@pytest.mark.parametrize(
    ("question", "args"),
    [
        (
            "what drives sales over time?",
            {"dataset": "store", "algorithm": "pcmci", "time_col": "week", "target": "sales"},
        ),
        (
            "does temperature Granger-cause demand?",
            {"dataset": "store", "algorithm": "granger", "time_col": "week", "target": "demand"},
        ),
        (
            "learn a lagged graph with PCMCI",
            {"dataset": "store", "algorithm": "pcmci", "time_col": "week"},
        ),
        (
            "learn a lagged graph with PCMCI+ up to 4 lags",
            {"dataset": "store", "algorithm": "pcmciplus", "time_col": "week", "max_lag": 4},
        ),
        (
            "run VAR-LiNGAM on the time series with max lag 2",
            {"dataset": "store", "algorithm": "varlingam", "time_col": "week", "max_lag": 2},
        ),
        # a lag said in words, in the rows' own time step
        (
            "what drives sales? lags of up to three weeks matter",
            {
                "dataset": "store",
                "algorithm": "pcmci",
                "time_col": "week",
                "max_lag": 3,
                "target": "sales",
            },
        ),
        (
            "find the causes of demand and look back five weeks",
            {
                "dataset": "store",
                "algorithm": "pcmci",
                "time_col": "week",
                "max_lag": 5,
                "target": "demand",
            },
        ),
    ],
)
def test_time_series_questions_plan_discover_with_lags(question, args):
    msg = ask(question)
    assert msg.tool_calls, msg.content
    call = msg.tool_calls[0]
    assert call["name"] == "discover" and call["args"] == args


def test_a_lag_longer_than_discovery_allows_is_said_not_dropped():
    msg = ask("what drives sales over time, with a max lag of 60?")
    assert not msg.tool_calls
    assert "maximum lag of 60 time steps is more than the 50" in msg.content


def test_lagged_effect_estimation_is_out_of_scope():
    msg = ask("what is the effect of ad_spend on sales two weeks later?")
    assert not msg.tool_calls
    assert "not supported yet" in msg.content and "lagged effect" in msg.content


def test_plain_questions_are_left_to_the_planner():
    msg = ask("what causes sales?")
    assert msg.tool_calls[0]["args"].get("algorithm") == "auto"
    assert "time_col" not in msg.tool_calls[0]["args"]


def test_answer_names_drivers_with_lags():
    result = {
        "algorithm": "pcmci",
        "algorithm_name": "PCMCI",
        "reason": "PCMCI was requested.",
        "nodes": ["temperature", "demand"],
        "edges": [
            {"source": "temperature", "target": "demand", "lag": 1, "type": "directed"},
            {"source": "demand", "target": "demand", "lag": 1, "type": "directed"},
        ],
        "time_series": {"max_lag": 2, "edge_meaning": "causal"},
        "focus": {"target": "demand", "lags": {"temperature": [1], "demand": [1]}},
        "notes": [],
    }
    text = compose_answer(
        "what drives demand over time?", [{"tool": "discover", "ok": True, "result": result}], {}
    )
    assert "Drivers of demand found by PCMCI: temperature (lag 1)" in text
    assert "temperature(t-1) -> demand(t)" in text and "not supported yet" in text
