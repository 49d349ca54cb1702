"""The offline planner's shared reader on classes of wording that misread columns and scenarios:
people called heads (no model experiment without a model in play), a frequency said with a
number ("three times a week"), a quantity said per unit ("spending per customer"), a column
named by a possessive ("each shop's region"), and a scenario that shifts a column ("add 2
years", "knock 10% off"). Planner only: no tool runs. The tables are made up for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.planner_kit import MODEL, col, plan, profile

SHOPS = profile(
    "shops",
    1500,
    col("shop_id", "id", 1500),
    col("region", "categorical", 4),
    col("department", "categorical", 5),
    col("staff_n", "continuous"),
    col("ad_spend_k", "continuous"),
    col("price_eur", "continuous"),
    col("loyalty_card", "binary", 2),
    col("basket_value_eur", "continuous"),
    col("revenue_k", "continuous"),
)
CLUB = profile(
    "club",
    2000,
    col("member_id", "id", 2000),
    col("membership_tier", "categorical", 3),
    col("age_yrs", "continuous"),
    col("coach", "binary", 2),
    col("classes_per_month", "continuous"),
    col("kg_lost", "continuous"),
    col("renewed", "binary", 2),
)


def only_call(question: str, table: dict[str, Any], models: list[Any] = ()) -> tuple[str, dict]:
    msg = plan(question, [table], models)
    assert msg.tool_calls, f"no tool call; replied: {msg.content}"
    assert len(msg.tool_calls) == 1, msg.tool_calls
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


def eff(table: dict[str, Any], t: str, y: str, **extra: Any) -> tuple[str, dict[str, Any]]:
    return "estimate_effect", {"dataset": table["id"], "treatment": t, "outcome": y, **extra}


PEOPLE_HEADS = [
    (
        "The regional heads want to know whether ad spend actually raises revenue.",
        eff(SHOPS, "ad_spend_k", "revenue_k"),
    ),
    (
        "Department heads keep saying more staff means more revenue. What is the effect of staff on revenue?",
        eff(SHOPS, "staff_n", "revenue_k"),
    ),
    (
        "Our heads of sales believe the loyalty card drives revenue; can you check?",
        eff(SHOPS, "loyalty_card", "revenue_k"),
    ),
    ("Heads up: does the loyalty card raise the basket value?", eff(SHOPS, "loyalty_card", "basket_value_eur")),
]


@pytest.mark.parametrize(("question", "expected"), PEOPLE_HEADS, ids=[q[:50] for q, _ in PEOPLE_HEADS])
def test_heads_without_a_model_are_people(question: str, expected: tuple[str, dict]) -> None:
    assert only_call(question, SHOPS) == expected


def test_heads_with_a_model_words_are_the_models() -> None:
    # a model loaded, or a model's word, keeps heads the model's
    name, args = only_call("which heads matter for induction?", SHOPS, [MODEL])
    assert (name, args["behaviour"]) == ("head_ablation", "induction")
    msg = plan("the regional heads want to know whether ad spend raises revenue", [SHOPS], [MODEL])
    assert msg.tool_calls[0]["name"] == "estimate_effect"
    assert msg.tool_calls[0]["args"]["treatment"] == "ad_spend_k"


def test_heads_without_a_model_send_nothing_to_a_model_tool() -> None:
    msg = plan("which heads matter for revenue?", [SHOPS])
    assert not any(c["name"] in ("head_ablation", "load_demo_model") for c in msg.tool_calls)
