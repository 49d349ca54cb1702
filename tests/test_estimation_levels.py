"""A categorical treatment of 3 to 8 levels: each level against a reference level, by its own
estimate on the rows with one of the two, with and without a graph, from Python, the CLI and
the agent's planner. Simulated tables with known effects per level."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from langchain_core.messages import HumanMessage
from typer.testing import CliRunner

from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from copilot.cli import app
from copilot.errors import DataError, InputError
from copilot.tools.data import load_table
from copilot.tools.estimation import estimate_effect
from tests.test_offline_planner import TOOLS, col

runner = CliRunner()
EFFECT = {"none": 0.0, "email": 1.5, "call": 3.0}
GRAPH = (
    "digraph { age -> channel; income_k -> channel; age -> spend; income_k -> spend; "
    "channel -> spend; }"
)


def _channels(n: int = 1500, seed: int = 2, levels: dict[str, float] = EFFECT) -> pd.DataFrame:
    """`channel` chosen by age and income (multinomial logit); spend = effect of the channel +
    age and income + noise."""
    rng = np.random.default_rng(seed)
    age = rng.normal(40, 10, n)
    income = rng.normal(50, 15, n)
    z, w = (age - 40) / 10, (income - 50) / 15
    names = list(levels)
    logits = np.stack([np.zeros(n)] + [0.7 * z + 0.5 * k * w for k in range(1, len(names))], 1)
    prob = np.exp(logits)
    prob /= prob.sum(1, keepdims=True)
    pick = (rng.random(n)[:, None] > np.cumsum(prob, 1)).sum(1)
    channel = np.array(names)[pick]
    effect = np.array([levels[c] for c in channel], dtype=float)
    spend = effect + 0.8 * z + 0.6 * w + rng.normal(0, 1, n)
    return pd.DataFrame({"age": age, "income_k": income, "channel": channel, "spend": spend})


@pytest.fixture(scope="module")
def channels(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("levels") / "channels.csv"
    _channels().to_csv(path, index=False)
    return path


def test_each_level_is_compared_with_the_level_named_like_a_control(channels: Path):
    est = estimate_effect(channels, "channel", "spend", refute=False)
    counts = pd.read_csv(channels)["channel"].value_counts()
    others = [lvl for lvl in counts.index if lvl != "none"]  # most common first
    assert [(c.level, c.reference) for c in est.contrasts] == [(lvl, "none") for lvl in others]
    for c in est.contrasts:
        assert c.ci[0] <= EFFECT[c.level] <= c.ci[1], c
        assert set(c.adjustment_set) <= {"age", "income_k"} and "age" in c.adjustment_set
    # the other fields are the first contrast's, with the levels as the table writes them
    assert est.ate == est.contrasts[0].ate and est.treatment_labels == ("none", others[0])
    assert est.treatment_kind == "categorical" and f"channel={others[0]}" in est.estimand
    assert est.n_rows == est.contrasts[0].n_rows < 1500
    assert any("each is compared with 'none' (named like a control)" in n for n in est.notes)
    assert not any(n.startswith("encoded categorical column 'channel'") for n in est.notes)
    text = est.summary()
    assert text.startswith("Effect of channel on spend, each level against 'none':")
    assert f"  {others[1]} vs none: " in text and f"In detail, {others[0]} vs none:" in text


def test_a_reference_level_as_asked_and_with_a_graph(channels: Path, tmp_path: Path):
    g = tmp_path / "g.dot"
    g.write_text(GRAPH)
    est = estimate_effect(channels, "channel", "spend", graph=g, reference="Call", refute=False)
    counts = pd.read_csv(channels)["channel"].value_counts()
    assert [c.level for c in est.contrasts] == [lvl for lvl in counts.index if lvl != "call"]
    truth = {lvl: EFFECT[lvl] - EFFECT["call"] for lvl in ("email", "none")}
    for c in est.contrasts:
        assert c.reference == "call" and c.adjustment_set == ["age", "income_k"]
        assert c.ci[0] <= truth[c.level] <= c.ci[1], c
    with pytest.raises(InputError, match="'post' is not a level of 'channel'"):
        estimate_effect(channels, "channel", "spend", graph=g, reference="post", refute=False)
    with pytest.raises(InputError, match="A reference level is for a categorical treatment"):
        estimate_effect(channels, "age", "spend", graph=g, reference="none", refute=False)


def test_the_most_common_level_is_the_reference_when_none_is_named_like_a_control(tmp_path):
    df = _channels(n=900, seed=4, levels={"north": 0.0, "south": 1.0, "west": -1.0})
    (tmp_path / "g.dot").write_text(GRAPH)
    est = estimate_effect(
        load_table(df), "channel", "spend", graph=tmp_path / "g.dot", refute=False
    )
    counts = df["channel"].value_counts()
    assert est.contrasts[0].reference == counts.index[0]
    assert any("(the most common)" in n for n in est.notes)


def test_too_many_levels_are_refused_with_a_hint():
    rng = np.random.default_rng(0)
    n = 500
    df = pd.DataFrame(
        {
            "store": rng.choice([f"store {i}" for i in range(12)], n),
            "x": rng.normal(size=n),
            "y": rng.normal(size=n),
        }
    )
    with pytest.raises(DataError, match="categorical with 12 levels") as exc:
        estimate_effect(load_table(df), "store", "y")
    assert "make a 0/1 column" in exc.value.hint


def test_cli_json_lists_the_contrasts(channels: Path, tmp_path: Path):
    (tmp_path / "g.dot").write_text(GRAPH)
    res = runner.invoke(
        app,
        ["estimate", str(channels), "-t", "channel", "-y", "spend", "--reference", "email"]
        + ["-g", str(tmp_path / "g.dot"), "--no-refute", "--json"],
    )
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    got = {c["level"]: c for c in out["contrasts"]}
    assert set(got) == {"none", "call"} and {c["reference"] for c in got.values()} == {"email"}
    assert got["call"]["ci"][0] <= 1.5 <= got["call"]["ci"][1]
    assert got["none"]["ci"][0] <= -1.5 <= got["none"]["ci"][1]
    res = runner.invoke(
        app, ["estimate", str(channels), "-t", "channel", "-y", "spend", "--reference", "fax"]
    )
    assert res.exit_code == 2 and "'fax' is not a level of 'channel'" in res.stderr


SHOP = {
    "id": "shop",
    "name": "shop",
    "source": "shop.csv",
    "n": 1500,
    "p": 4,
    "columns": [
        col("age", "continuous"),
        col("income_k", "continuous"),
        col("plan", "categorical", 3),
        col("spend", "continuous"),
    ],
    "notes": [
        "encoded categorical column 'plan' as integer codes (basic=0, enterprise=1, pro=2) for "
        "discovery; effect estimators use one indicator per level"
    ],
}


@pytest.mark.parametrize(
    "question, reference",
    [
        ("what is the effect of plan on spend, compared with basic?", "basic"),
        ("how much more do pro customers spend than basic ones?", "basic"),
        ("does the enterprise plan raise spend relative to the pro plan?", "pro"),
        ("effect of plan on spend vs enterprise", "enterprise"),
        ("what is the effect of plan on spend?", None),
        # "which <column> makes <outcome> most": the effect of the column, every level compared
        ("which plan makes people spend most?", None),
        ("which plan brings in the most spend?", None),
        # two levels of the cause compared on an outcome: the second is the reference
        ("is pro better than basic for spend?", "basic"),
        ("are enterprise customers more profitable than pro ones in terms of spend?", "pro"),
        # a switch from one level to another: the first is the reference
        ("what happens to spend if we switch everyone from basic to pro?", "basic"),
        ("how would spend change if we moved all customers from pro to enterprise?", "pro"),
    ],
)
def test_the_planner_reads_the_reference_level(question: str, reference: str | None):
    state = {"datasets": {"shop": SHOP}, "models": {}}
    msg = next_message([system_message(state), HumanMessage(question)], TOOLS)
    call = msg.tool_calls[0]
    assert call["name"] == "estimate_effect"
    assert (call["args"]["treatment"], call["args"]["outcome"]) == ("plan", "spend")
    assert call["args"].get("reference") == reference


def test_the_answer_gives_every_contrast(tmp_path: Path):
    from copilot.api import Copilot

    path = tmp_path / "channels.csv"
    _channels(n=600).to_csv(path, index=False)
    cp = Copilot(workspace=tmp_path)
    cp.load_data(path)
    answer = cp.ask("what is the effect of channel on spend?").text
    assert "channel has 3 levels; against 'none', the effect on spend of each other level is:" in (
        answer
    )
    assert "email " in answer and "call " in answer
    assert "Ranked by estimated spend, highest first: call, email, none (the reference)." in answer


def test_a_level_that_cannot_be_compared_leaves_the_others(tmp_path: Path):
    df = _channels(n=800)
    rare = df.sample(6, random_state=1).assign(channel="fax")
    (tmp_path / "g.dot").write_text(GRAPH)
    est = estimate_effect(
        load_table(pd.concat([df, rare])),
        "channel",
        "spend",
        graph=tmp_path / "g.dot",
        refute=False,
    )
    got = {c.level: c for c in est.contrasts}
    assert set(got) == {"email", "call", "fax"} and est.contrasts[-1].level == "fax"
    assert got["fax"].ate is None and "overlap" in got["fax"].error.lower()
    for lvl in ("email", "call"):
        assert got[lvl].error is None and got[lvl].ci[0] <= EFFECT[lvl] <= got[lvl].ci[1]
    assert "  fax vs none: not estimated (" in est.summary()
    assert any(n.startswith("fax vs none: not estimated: ") for n in est.notes)
    from copilot.report import _estimate_section

    section = _estimate_section({**est.to_json_dict(), "artifacts": []}, None, [])
    rows = {r[0]: r[1] for r in [b for b in section.blocks if b[0] == "table"][0][2]}
    assert rows["fax vs none"].startswith("not estimated (No overlap")
    assert rows["email vs none"].startswith(f"{got['email'].ate:.4g} (")


def test_which_level_questions_are_read_as_the_effect_of_the_column():
    from copilot.agents.group_comparison import other_comparison

    assert other_comparison("which plan makes people spend most?") == (
        "what is the effect of plan on spend?"
    )
    assert other_comparison("which channel brings in the most revenue?") == (
        "what is the effect of channel on revenue?"
    )
    assert other_comparison("which plan leads to the lowest churn?") == (
        "what is the effect of plan on churn?"
    )
    assert other_comparison("which is bigger?") is None


def test_a_level_contrast_needs_two_levels_of_one_column():
    from copilot.agents.levels import level_contrast

    assert level_contrast("is pro better than basic for spend?", SHOP) == (
        "what is the effect of plan on spend, compared with basic?"
    )
    assert level_contrast("is pro better than the weather for spend?", SHOP) is None
    assert level_contrast("is pro better than pro for spend?", SHOP) is None
    assert level_contrast("does pro raise spend?", SHOP) is None


def test_the_answer_gives_the_asked_contrast_next_to_the_others():
    from copilot.agents.answer import compose_answer

    contrast = dict(reference="call", method="linear_regression", verdict="robust")
    result = {
        "treatment": "channel",
        "outcome": "spend",
        "ate": -2.93,
        "ci": [-3.56, -2.79],
        "treatment_kind": "categorical",
        "treatment_labels": ["call", "none"],
        "contrasts": [
            {**contrast, "level": "none", "n_rows": 600, "ate": -2.93, "ci": [-3.56, -2.79]},
            {
                **contrast,
                "level": "email",
                "n_rows": 590,
                "ate": -1.45,
                "ci": [-1.59, -1.32],
                "adjustment_set": ["age", "income_k"],
            },
        ],
    }
    record = {"tool": "estimate_effect", "ok": True, "result": result}
    text = compose_answer("is email better than a call for spend?", [record], {})
    assert "email against call, as asked: -1.45 (95% CI [-1.59, -1.32]), adjusted for age," in text
    assert "Ranked by estimated spend, highest first: call (the reference), email, none." in text
    text = compose_answer("what is the effect of channel on spend?", [record], {})
    assert "as asked" not in text


def test_two_levels_compared_for_another_effect_stay_a_subgroup_question():
    shop = {**SHOP, "columns": [*SHOP["columns"], col("discount", "binary", 2)]}
    state = {"datasets": {"shop": shop}, "models": {}}
    question = "is pro better than basic for the discount effect on spend?"
    call = next_message([system_message(state), HumanMessage(question)], TOOLS).tool_calls[0]
    assert call["args"]["treatment"] == "discount" and call["args"]["by"] == "plan"
    assert "reference" not in call["args"]
