"""The offline planner on the less common analyses: model experiments said in other words and
with their arguments, mediation, subgroups, confounding checks, what-if scenarios, method
comparisons and follow-ups after every kind of step. Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import MODEL, TOOLS, col, turn

SHOP = {
    "id": "shop",
    "name": "shop",
    "source": "shop.csv",
    "n": 2000,
    "p": 10,
    "columns": [
        col("customer_id", "id", 2000),
        col("region", "categorical", 4),
        col("tenure", "continuous"),
        col("discount", "binary", 2),
        col("churn", "binary", 2),
        col("sales", "continuous"),
        col("price", "continuous"),
        col("satisfaction_pct", "continuous"),
        col("visits", "continuous"),
        col("distance", "continuous"),
    ],
}
CLINIC = {
    "id": "clinic",
    "name": "clinic",
    "source": "clinic.csv",
    "n": 900,
    "p": 6,
    "columns": [
        col("pid", "id", 900),
        col("age", "continuous"),
        col("drug", "binary", 2),
        col("hba1c_base", "continuous"),
        col("hba1c_6m", "continuous"),
        col("clinic_site", "categorical", 3),
        col("sex", "categorical", 2),
    ],
}


def ask(question: str, *, data: list[dict] | None = None, history: list[Any] = ()) -> AIMessage:
    state = {
        "datasets": {d["id"]: d for d in (data or [])},
        "models": {"demo": MODEL},
    }
    return next_message([system_message(state), *history, HumanMessage(question)], TOOLS)


def call(msg: AIMessage) -> tuple[str, dict[str, Any]]:
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


# model experiments ---------------------------------------------------------------------------
PROBING: list[tuple[str, str, dict[str, Any]]] = [
    (
        "lesion head 1.2 and look at recall",
        "head_ablation",
        {"behaviour": "recall", "heads": ["1.2"]},
    ),
    (
        "which heads does recall lean on? knock each one out",
        "head_ablation",
        {"behaviour": "recall"},
    ),
    (
        "turn off all heads of layer 1 on the copy task",
        "head_ablation",
        {"behaviour": "copy", "heads": ["1.0", "1.1", "1.2", "1.3"]},
    ),
    ("which heads attend one position back?", "head_scores", {"score": "previous_token"}),
    (
        "heads that look at earlier occurrences of the current token",
        "head_scores",
        {"score": "duplicate_token"},
    ),
    (
        "does layer 0 represent tense? tense.jsonl",
        "linear_probe",
        {"layers": [0], "prompts": "tense.jsonl"},
    ),
    (
        "is past vs present linearly separable? past.jsonl and present.jsonl",
        "linear_probe",
        {"positive": "past.jsonl", "negative": "present.jsonl"},
    ),
    (
        "is head 0.3 feeding 1.1 via the values?",
        "path_patching",
        {"sender": "0.3", "receivers": ["1.1"], "via": "v", "behaviour": "induction"},
    ),
    (
        "steer layer 0 toward a.jsonl and away from b.jsonl, strengths 1 2 5, direction at "
        "position 2",
        "steer",
        {
            "layer": 0,
            "positive": "a.jsonl",
            "negative": "b.jsonl",
            "alphas": [1.0, 2.0, 5.0],
            "position": "2",
        },
    ),
    (
        "what breaks when L1H0 is silenced? recall",
        "head_ablation",
        {"behaviour": "recall", "heads": ["1.0"]},
    ),
    (
        "ablate every head on copy using mean replacement",
        "head_ablation",
        {"behaviour": "copy", "method": "mean"},
    ),
    (
        "add the calm-minus-angry direction (calm.jsonl, angry.jsonl) at layer 0 with scale 2",
        "steer",
        {"layer": 0, "positive": "calm.jsonl", "negative": "angry.jsonl", "alphas": [2.0]},
    ),
    (
        "Which heads carry recall? Zero each out and report accuracy.",
        "head_ablation",
        {"behaviour": "recall", "metric": "accuracy"},
    ),
    (
        "head 0.3 - is it a previous-token head? check the score",
        "head_scores",
        {"score": "previous_token"},
    ),
    ("compute induction scores, then ablate the top heads", "head_scores", {"score": "induction"}),
    (
        "I want the previous-token heads. Use 40 prompts.",
        "head_scores",
        {"score": "previous_token", "n_prompts": 40},
    ),
]


@pytest.mark.parametrize("question,tool,args", PROBING)
def test_model_experiments_in_other_words(question: str, tool: str, args: dict) -> None:
    name, got = call(ask(question))
    assert name == tool
    assert got == {"model": "demo", **args}


@pytest.mark.parametrize(
    "question,missing",
    [("probe layer 3 with x.jsonl", "no layer 3"), ("ablate head 0.7 on copy", "no head 0.7")],
)
def test_layers_and_heads_the_model_lacks_are_said(question: str, missing: str) -> None:
    msg = ask(question)
    assert not msg.tool_calls
    assert missing in msg.content and "0 to" in msg.content


@pytest.mark.parametrize(
    "before,question,tool,args",
    [
        (
            ("head_ablation", {"model": "demo", "behaviour": "copy", "heads": ["1.0"]}),
            "same for 0.2",
            "head_ablation",
            {"model": "demo", "behaviour": "copy", "heads": ["0.2"]},
        ),
        (
            ("steer", {"model": "demo", "positive": "p.jsonl", "negative": "n.jsonl", "layer": 1}),
            "again at layer 0 with alpha 3",
            "steer",
            {
                "model": "demo",
                "positive": "p.jsonl",
                "negative": "n.jsonl",
                "layer": 0,
                "alphas": [3.0],
            },
        ),
        (
            ("activation_patching", {"model": "demo", "behaviour": "recall"}),
            "now position by position",
            "activation_patching",
            {"model": "demo", "behaviour": "recall", "units": ["positions"]},
        ),
        (
            ("steer", {"model": "demo", "positive": "p.jsonl", "negative": "n.jsonl", "layer": 1}),
            "stronger: 6 and 12",
            "steer",
            {
                "model": "demo",
                "positive": "p.jsonl",
                "negative": "n.jsonl",
                "layer": 1,
                "alphas": [6.0, 12.0],
            },
        ),
        (
            ("path_patching", {"model": "demo", "sender": "0.1", "receivers": ["1.2"], "via": "k"}),
            "and through the values?",
            "path_patching",
            {"model": "demo", "sender": "0.1", "receivers": ["1.2"], "via": "v"},
        ),
        (
            ("head_ablation", {"model": "demo", "behaviour": "recall", "heads": ["1.1"]}),
            "again with the mean method",
            "head_ablation",
            {"model": "demo", "behaviour": "recall", "heads": ["1.1"], "method": "mean"},
        ),
        (
            ("head_scores", {"model": "demo", "score": "attention_sink"}),
            "same on my own text: chat.jsonl",
            "head_scores",
            {"model": "demo", "score": "attention_sink", "prompts": "chat.jsonl"},
        ),
        (
            ("head_ablation", {"model": "demo", "behaviour": "copy"}),
            "now only layer 0 heads",
            "head_ablation",
            {"model": "demo", "behaviour": "copy", "heads": ["0.0", "0.1", "0.2", "0.3"]},
        ),
        (
            ("linear_probe", {"model": "demo", "prompts": "f.jsonl", "layers": [0]}),
            "and layer 1?",
            "linear_probe",
            {"model": "demo", "prompts": "f.jsonl", "layers": [1]},
        ),
    ],
)
def test_follow_ups_to_a_model_experiment(before, question, tool, args) -> None:
    name, got = call(ask(question, history=turn("first", *before)))
    assert (name, got) == (tool, args)


# data analyses ---------------------------------------------------------------------------------
def effect(**args: Any) -> tuple[str, dict[str, Any]]:
    return "estimate_effect", args


@pytest.mark.parametrize(
    "question,want",
    [
        # confounders said around the claim
        (
            "could tenure explain why customers with a discount churn less?",
            effect(
                dataset="shop",
                treatment="discount",
                outcome="churn",
                common_causes=["tenure"],
                focus="confounding",
            ),
        ),
        (
            "is the discount-churn link just tenure in disguise?",
            effect(
                dataset="shop",
                treatment="discount",
                outcome="churn",
                common_causes=["tenure"],
                focus="confounding",
            ),
        ),
        (
            "could distance be behind both the visits and the sales?",
            effect(
                dataset="shop",
                treatment="visits",
                outcome="sales",
                common_causes=["distance"],
                focus="confounding",
            ),
        ),
        (
            "discount and churn - spurious because of tenure?",
            effect(
                dataset="shop",
                treatment="discount",
                outcome="churn",
                common_causes=["tenure"],
                focus="confounding",
            ),
        ),
        (
            "discounted customers churn less - is that just because of tenure?",
            effect(
                dataset="shop",
                treatment="discount",
                outcome="churn",
                common_causes=["tenure"],
                focus="confounding",
            ),
        ),
        (
            "customers with a discount churn less, but tenure could drive both. check?",
            effect(
                dataset="shop",
                treatment="discount",
                outcome="churn",
                common_causes=["tenure"],
                focus="confounding",
            ),
        ),
        (
            "how biased is the raw discount-churn comparison?",
            effect(dataset="shop", treatment="discount", outcome="churn", focus="confounding"),
        ),
        (
            "is confounded the relation of discount and churn by tenure?",
            effect(
                dataset="shop",
                treatment="discount",
                outcome="churn",
                common_causes=["tenure"],
                focus="confounding",
            ),
        ),
        (
            "discounted customers churn less - could tenure be confounding this?",
            effect(
                dataset="shop",
                treatment="discount",
                outcome="churn",
                common_causes=["tenure"],
                focus="confounding",
            ),
        ),
        # what-if scenarios
        (
            "what will be the sales if visits reduce by 2?",
            effect(
                dataset="shop",
                treatment="visits",
                outcome="sales",
                focus="what_if",
                what_if={"op": "add", "value": -2.0},
            ),
        ),
        (
            "make the price 20 everywhere - sales?",
            effect(
                dataset="shop",
                treatment="price",
                outcome="sales",
                focus="what_if",
                what_if={"op": "set", "value": 20.0},
            ),
        ),
        (
            "if visits increased to 12, sales?",
            effect(
                dataset="shop",
                treatment="visits",
                outcome="sales",
                focus="what_if",
                what_if={"op": "set", "value": 12.0},
            ),
        ),
        (
            "if visits went from 3 to 5, what does sales do?",
            effect(
                dataset="shop",
                treatment="visits",
                outcome="sales",
                focus="what_if",
                what_if={"op": "add", "value": 2.0},
            ),
        ),
        (
            "what happens to visits if we shorten the distance by 2?",
            effect(
                dataset="shop",
                treatment="distance",
                outcome="visits",
                focus="what_if",
                what_if={"op": "add", "value": -2.0},
            ),
        ),
        (
            "price 3 points higher for everyone: sales?",
            effect(
                dataset="shop",
                treatment="price",
                outcome="sales",
                focus="what_if",
                what_if={"op": "add", "value": 3.0},
            ),
        ),
        (
            "set satisfaction to 80% everywhere, what would sales be?",
            effect(
                dataset="shop",
                treatment="satisfaction_pct",
                outcome="sales",
                focus="what_if",
                what_if={"op": "set", "value": 80.0},
            ),
        ),
        (
            "suppose the price dropped to zero; sales?",
            effect(
                dataset="shop",
                treatment="price",
                outcome="sales",
                focus="what_if",
                what_if={"op": "set", "value": 0.0},
            ),
        ),
        (
            "what if every customer visited 2 more times, what happens to sales?",
            effect(
                dataset="shop",
                treatment="visits",
                outcome="sales",
                focus="what_if",
                what_if={"op": "add", "value": 2.0},
            ),
        ),
        # mediation and subgroups
        (
            "is price's link to sales explained by fewer visits?",
            effect(dataset="shop", treatment="price", outcome="sales", mediator="visits"),
        ),
        (
            "does the discount lower churn more for some region?",
            effect(dataset="shop", treatment="discount", outcome="churn", by="region"),
        ),
        (
            "how much of the discount's saving on churn goes through visits?",
            effect(dataset="shop", treatment="discount", outcome="churn", mediator="visits"),
        ),
        (
            "effect of price on sales, visits as mediator",
            effect(dataset="shop", treatment="price", outcome="sales", mediator="visits"),
        ),
        (
            "does the efect of price on sales change by regoin?",
            effect(dataset="shop", treatment="price", outcome="sales", by="region"),
        ),
        (
            "for whom does the discount cut churn most - which region?",
            effect(dataset="shop", treatment="discount", outcome="churn", by="region"),
        ),
        (
            "is the price worse for sales among some regions than others?",
            effect(dataset="shop", treatment="price", outcome="sales", by="region"),
        ),
    ],
)
def test_data_analyses(question: str, want: tuple[str, dict]) -> None:
    assert call(ask(question, data=[SHOP])) == want


def test_which_estimator_matters_compares_methods() -> None:
    name, got = call(
        ask("does it matter which estimator I use for discount on churn?", data=[SHOP])
    )
    assert name == "estimate_effect" and len(got["methods"]) >= 2


def test_groups_said_by_their_levels() -> None:
    got = call(
        ask("do men and women respond differently to the drug (hba1c at 6 months)?", data=[CLINIC])
    )
    assert got == effect(dataset="clinic", treatment="drug", outcome="hba1c_6m", by="sex")


def test_a_baseline_measurement_is_not_read_as_the_outcome() -> None:
    msg = ask("effect of the drug on hba1c", data=[CLINIC])
    assert call(msg) == effect(dataset="clinic", treatment="drug", outcome="hba1c_6m")
    assert "baseline" in msg.content  # the reply says how the word was read


@pytest.mark.parametrize(
    "question,want",
    [
        (
            "and the other way round?",
            effect(dataset="shop", treatment="churn", outcome="discount"),
        ),
        (
            "only the direct part, not what goes through visits?",
            effect(dataset="shop", treatment="discount", outcome="churn", mediator="visits"),
        ),
        (
            "add tenure to the adjustment too",
            effect(dataset="shop", treatment="discount", outcome="churn", common_causes=["tenure"]),
        ),
    ],
)
def test_follow_ups_to_an_estimate(question: str, want: tuple[str, dict]) -> None:
    before = turn(
        "effect of discount on churn",
        "estimate_effect",
        {"dataset": "shop", "treatment": "discount", "outcome": "churn"},
    )
    assert call(ask(question, data=[SHOP], history=before)) == want


def test_follow_ups_to_a_what_if_and_a_mediation() -> None:
    before = turn(
        "what if we cut the price by 1, sales?",
        "estimate_effect",
        {
            "dataset": "shop",
            "treatment": "price",
            "outcome": "sales",
            "focus": "what_if",
            "what_if": {"op": "add", "value": -1.0},
        },
    )
    got = call(ask("and -3?", data=[SHOP], history=before))[1]
    assert got["what_if"] == {"op": "add", "value": -3.0} and got["treatment"] == "price"
    before = turn(
        "discount on churn through visits",
        "estimate_effect",
        {"dataset": "shop", "treatment": "discount", "outcome": "churn", "mediator": "visits"},
    )
    got = call(ask("without the mediator now", data=[SHOP], history=before))[1]
    assert got == {"dataset": "shop", "treatment": "discount", "outcome": "churn"}
