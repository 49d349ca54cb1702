"""The offline planner on analysts' shorthand (Slack messages, clipped words, Stata typed with the
variables in words): names typed one after another without a comma, clipped words ("rev",
"px", "inst", "fx", "conf by"), levels and bootstrap counts in symbols ("a=.05", "@ 5%", a bare
"1%" in a discovery, "300 bs reps"), an estimator's name straight after the variables, a
crossing "x region" or a last "split <column>" as the split, a slot corrected in the same
message ("no wait"), "naive vs adj" with a labelled confounder, estimators listed with slashes,
"v", "+", pipes and a clipped "reg", Stata's ivregress and teffects with their variables in
words, an estimator leading "X on Y", roles labelled "endog =", "y =", "conf:", "cov:", a Python
call with `ctrl=` and `method=`, levels as "1e-2" or a lone ".1", "w/ A + B" as controls, and
the model's steering, gate and path-patching options in shorthand. Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.agents.columns import segment_columns
from tests.planner_kit import col, plan, profile, turn

ORDERS = profile(
    "orders",
    3000,
    col("order_id", "id", 3000),
    col("region", "categorical", 4),
    col("customer_age", "continuous"),
    col("prior_orders", "discrete", 20),
    col("store_type", "categorical", 3),
    col("distance_km", "continuous"),
    col("express_ship", "binary", 2),
    col("free_returns", "binary", 2),
    col("coupon_mailed", "binary", 2),
    col("unit_price", "continuous"),
    col("unit_cost", "continuous"),
    col("basket_items", "discrete", 30),
    col("delivery_days", "continuous"),
    col("basket_revenue_usd", "continuous"),
    col("repeat_purchase", "binary", 2),
)
CLINIC = profile(
    "clinic",
    1200,
    col("visit_id", "id", 1200),
    col("clinic_site", "categorical", 5),
    col("patient_age", "continuous"),
    col("bmi_kgm2", "continuous"),
    col("lottery_slot", "binary", 2),
    col("telehealth", "binary", 2),
    col("wait_wks", "continuous"),
    col("baseline_pain", "continuous"),
    col("pain_6wk", "continuous"),
)


def call(question: str, ds: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    msg = plan(question, [ds])
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


@pytest.mark.parametrize(
    ("question", "controls"),
    [
        # two names said in words one after the other, then a third after a joining "n"
        (
            "express ship -> repeat purchase, ctrl cust age prior orders",
            ["customer_age", "prior_orders"],
        ),
        (
            "free returns on repeat purchase w/ distance n store type as covariates",
            ["distance_km", "store_type"],
        ),
        # a word before a name that only modifies it is no name of its own
        ("express ship -> repeat purchase, ctrl store distance", ["distance_km"]),
    ],
)
def test_controls_said_one_after_another(question: str, controls: list[str]) -> None:
    tool, args = call(question, ORDERS)
    assert tool == "estimate_effect"
    assert args["treatment"] in ("express_ship", "free_returns")
    assert args["outcome"] == "repeat_purchase"
    assert args["common_causes"] == controls


def test_segment_columns_reads_runs_and_leaves_one_name_whole() -> None:
    names = [c["name"] for c in ORDERS["columns"] if c["kind"] != "id"]
    assert segment_columns("customer age prior orders region", names) == [
        "customer_age",
        "prior_orders",
        "region",
    ]
    assert segment_columns("delivery days", names) == []
    assert segment_columns("store distance", names) == []


def test_clipped_words_name_columns() -> None:
    # "rev" for revenue, "px" for price: clipped words the abbreviation rules cannot read
    tool, args = call("coupon mailed -> avg basket rev", ORDERS)
    assert (tool, args) == (
        "estimate_effect",
        {"dataset": "orders", "treatment": "coupon_mailed", "outcome": "basket_revenue_usd"},
    )
    tool, args = call("what if unit px +2, basket rev?", ORDERS)
    assert args["treatment"] == "unit_price" and args["outcome"] == "basket_revenue_usd"
    assert args["what_if"] == {"op": "add", "value": 2.0}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("fci orders w/ fisherz a=.05", {"algorithm": "fci", "ci_test": "fisherz", "alpha": 0.05}),
        ("causal graph orders, kci @ 5%", {"ci_test": "kci", "alpha": 0.05}),
        ("grasp on orders 300 bs reps", {"algorithm": "grasp", "bootstrap": 300}),
    ],
)
def test_discovery_levels_and_bootstrap_in_symbols(question: str, expected: dict[str, Any]) -> None:
    tool, args = call(question, ORDERS)
    assert tool == "discover"
    assert {k: v for k, v in args.items() if k not in ("dataset", "algorithm")} == {
        k: v for k, v in expected.items() if k != "algorithm"
    }
    assert args.get("algorithm", "auto") == expected.get("algorithm", "auto")


def test_estimator_typed_after_the_variables() -> None:
    tool, args = call("free returns on delivery days ipw adj region", ORDERS)
    assert (tool, args) == (
        "estimate_effect",
        {
            "dataset": "orders",
            "treatment": "free_returns",
            "outcome": "delivery_days",
            "method": "weighting",
            "common_causes": ["region"],
        },
    )
    tool, args = call("express ship on repeat purchase, 400 boot", ORDERS)
    assert args["n_boot"] == 400


def test_stata_iv_with_variables_in_words() -> None:
    tool, args = call("ivregress 2sls pain 6wk (telehealth = lottery slot) baseline pain", CLINIC)
    assert tool == "estimate_effect"
    assert {k: v for k, v in args.items() if k != "method"} == {
        "dataset": "clinic",
        "treatment": "telehealth",
        "outcome": "pain_6wk",
        "instrument": "lottery_slot",
        "common_causes": ["baseline_pain"],
    }
    assert args.get("method", "iv") in ("iv", "auto")


def test_crossing_with_a_column_is_the_split() -> None:
    tool, args = call("telehealth -> pain 6wk x clinic site", CLINIC)
    assert (tool, args) == (
        "estimate_effect",
        {
            "dataset": "clinic",
            "treatment": "telehealth",
            "outcome": "pain_6wk",
            "by": "clinic_site",
        },
    )


def test_slot_corrected_in_the_same_message() -> None:
    tool, args = call(
        "telehealth -> pain 6wk, ctrl patient age.. no wait ctrl baseline pain", CLINIC
    )
    assert args["common_causes"] == ["baseline_pain"]


def test_estimators_listed_with_slashes_are_compared() -> None:
    tool, args = call("telehealth -> pain 6wk, ipw/aipw/strat side by side", CLINIC)
    assert args["methods"] == ["weighting", "aipw", "stratification"]
    assert "method" not in args


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # a small percent in a discovery request is the level
        ("pc orders kci 5%", {"algorithm": "pc", "ci_test": "kci", "alpha": 0.05}),
        ("dag of orders, chisq 1%", {"ci_test": "chisq", "alpha": 0.01}),
    ],
)
def test_discovery_level_as_a_bare_percent(question: str, expected: dict[str, Any]) -> None:
    tool, args = call(question, ORDERS)
    assert tool == "discover"
    assert {k: v for k, v in args.items() if k not in ("dataset", "algorithm")} == {
        k: v for k, v in expected.items() if k != "algorithm"
    }
    assert args.get("algorithm", "auto") == expected.get("algorithm", "auto")


def test_clipped_slot_words() -> None:
    # "inst" the instrument, "fx" the effects, "conf by" confounded by
    tool, args = call("telehealth -> pain 6wk, inst lottery slot", CLINIC)
    assert args["instrument"] == "lottery_slot" and args["treatment"] == "telehealth"
    tool, args = call("indirect fx of telehealth via wait wks on pain 6wk", CLINIC)
    assert (args["treatment"], args["mediator"], args["outcome"]) == (
        "telehealth",
        "wait_wks",
        "pain_6wk",
    )
    tool, args = call("free returns -> repeat purchase conf by distance?", ORDERS)
    assert args["focus"] == "confounding" and args["common_causes"] == ["distance_km"]


def test_naive_vs_adjusted_with_a_labelled_confounder() -> None:
    tool, args = call(
        "naive vs adj: coupon mailed -> repeat purchase, confounder prior orders", ORDERS
    )
    assert (tool, args) == (
        "estimate_effect",
        {
            "dataset": "orders",
            "treatment": "coupon_mailed",
            "outcome": "repeat_purchase",
            "focus": "confounding",
            "common_causes": ["prior_orders"],
        },
    )


def test_split_named_as_the_last_words() -> None:
    tool, args = call("express ship -> delivery days, split store type", ORDERS)
    assert args["by"] == "store_type" and args["outcome"] == "delivery_days"


@pytest.mark.parametrize(
    ("question", "methods"),
    [
        ("ols v ipw v aipw: telehealth -> pain 6wk", ["linear_regression", "weighting", "aipw"]),
        (
            "telehealth -> pain 6wk: reg + psm + dml side-by-side",
            ["linear_regression", "matching", "dml"],
        ),
    ],
)
def test_estimators_listed_in_shorthand(question: str, methods: list[str]) -> None:
    tool, args = call(question, CLINIC)
    assert args["methods"] == methods and "by" not in args


def test_teffects_with_variables_in_words() -> None:
    tool, args = call("teffects ipw (pain 6wk) (telehealth patient age baseline pain)", CLINIC)
    assert (tool, args) == (
        "estimate_effect",
        {
            "dataset": "clinic",
            "treatment": "telehealth",
            "outcome": "pain_6wk",
            "method": "weighting",
            "common_causes": ["patient_age", "baseline_pain"],
        },
    )


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("pc orders alpha=1e-2 chisq", {"algorithm": "pc", "ci_test": "chisq", "alpha": 0.01}),
        ("fci orders fisherz .1", {"algorithm": "fci", "ci_test": "fisherz", "alpha": 0.1}),
    ],
)
def test_discovery_level_in_scientific_and_bare_decimal(
    question: str, expected: dict[str, Any]
) -> None:
    tool, args = call(question, ORDERS)
    assert (tool, {k: v for k, v in args.items() if k != "dataset"}) == ("discover", expected)


def test_leading_estimator_labels_and_python_call() -> None:
    tool, args = call("ipw coupon mailed on repeat purchase, cov: region prior orders", ORDERS)
    assert (tool, args) == (
        "estimate_effect",
        {
            "dataset": "orders",
            "treatment": "coupon_mailed",
            "outcome": "repeat_purchase",
            "method": "weighting",
            "common_causes": ["region", "prior_orders"],
        },
    )
    tool, args = call("iv est, endog = telehealth, inst = lottery slot, y = pain 6wk", CLINIC)
    assert (args["treatment"], args["outcome"], args["instrument"]) == (
        "telehealth",
        "pain_6wk",
        "lottery_slot",
    )
    tool, args = call(
        "est(t='telehealth', y='pain 6wk', ctrl=['patient age'], method='aipw')", CLINIC
    )
    assert (args["treatment"], args["outcome"], args["method"], args["common_causes"]) == (
        "telehealth",
        "pain_6wk",
        "aipw",
        ["patient_age"],
    )


def test_piped_estimators_confounder_label_and_plus_controls() -> None:
    tool, args = call("free returns -> repeat purchase: ipw|aipw|dml", ORDERS)
    assert args["methods"] == ["weighting", "aipw", "dml"]
    tool, args = call("raw vs adjusted: coupon mailed -> repeat purchase, conf: region", ORDERS)
    assert args["focus"] == "confounding" and args["common_causes"] == ["region"]
    tool, args = call("express ship -> delivery days w/ distance + store type", ORDERS)
    assert args["common_causes"] == ["distance_km", "store_type"]
    tool, args = call("express ship -> delivery days w/ ipw + aipw", ORDERS)
    assert args["methods"] == ["weighting", "aipw"] and "common_causes" not in args


def test_names_said_whole_beat_one_name_read_by_likeness() -> None:
    # "base pain" alone would be read as baseline_pain from all four words by likeness; each
    # run says a whole name of its own, the unit "kgm2" aside
    tool, args = call("telehealth -> pain 6wk, adj age bmi base pain", CLINIC)
    assert args["common_causes"] == ["patient_age", "bmi_kgm2", "baseline_pain"]


def test_model_shorthand() -> None:
    model = {"id": "demo", "name": "demo", "n_layers": 2, "n_heads": 4}

    def mcall(q: str) -> tuple[str, dict[str, Any]]:
        msg = plan(q, models=[model])
        assert msg.tool_calls, msg.content
        return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]

    assert mcall("steer L1 \u03b1 1,2 up.jsonl/down.jsonl") == (
        "steer",
        {
            "model": "demo",
            "layer": 1,
            "alphas": [1.0, 2.0],
            "positive": "up.jsonl",
            "negative": "down.jsonl",
        },
    )
    assert mcall("gate scores, heads w/ gate < .1")[1]["score"] == "gate_below_0_1"
    tool, args = mcall("path patch L0H1 -> L1H0,L1H3 mean")
    assert (tool, args["sender"], args["receivers"], args["method"]) == (
        "path_patching",
        "0.1",
        ["1.0", "1.3"],
        "mean",
    )


def test_bootstrap_count_as_boots_in_a_follow_up() -> None:
    first = "coupon mailed -> repeat purchase"
    args0 = {"dataset": "orders", "treatment": "coupon_mailed", "outcome": "repeat_purchase"}
    msg = plan("again w/ 800 boot", [ORDERS], history=turn(first, "estimate_effect", args0))
    assert msg.tool_calls and msg.tool_calls[0]["args"] == {**args0, "n_boot": 800}


def test_letters_for_roles_and_an_estimator_after_a_formulas_bar() -> None:
    tool, args = call("tx: telehealth, y: pain 6wk, z: lottery slot", CLINIC)
    assert (args["treatment"], args["outcome"], args["instrument"]) == (
        "telehealth",
        "pain_6wk",
        "lottery_slot",
    )
    tool, args = call("x = telehealth, m = wait wks, y = pain 6wk", CLINIC)
    assert (args["treatment"], args["mediator"], args["outcome"]) == (
        "telehealth",
        "wait_wks",
        "pain_6wk",
    )
    tool, args = call("pain 6wk ~ telehealth + patient age | aipw", CLINIC)
    assert (tool, args) == (
        "estimate_effect",
        {
            "dataset": "clinic",
            "treatment": "telehealth",
            "outcome": "pain_6wk",
            "common_causes": ["patient_age"],
            "method": "aipw",
        },
    )
    tool, args = call("naive v adj, coupon mailed -> repeat purchase, conf: region", ORDERS)
    assert args["focus"] == "confounding" and args["common_causes"] == ["region"]


def test_amount_per_unit_of_time_and_clipped_model_options() -> None:
    tool, args = call("prior orders +2/mo -> repeat purchase", ORDERS)
    assert (args["treatment"], args["what_if"]) == ("prior_orders", {"op": "add", "value": 2.0})
    model = {"id": "demo", "name": "demo", "n_layers": 2, "n_heads": 4}
    msg = plan("abl L1H2 gate, copy, acc", models=[model])
    assert msg.tool_calls[0]["args"] == {
        "model": "demo",
        "heads": ["1.2"],
        "method": "gate",
        "behaviour": "copy",
        "metric": "accuracy",
    }
    msg = plan("patch resid+heads, copy, attr top 2", models=[model])
    assert msg.tool_calls[0]["name"] == "activation_patching"
    assert msg.tool_calls[0]["args"]["attribution"] == 2


@pytest.mark.parametrize(
    ("said", "method"),
    [("lin reg", "linear_regression"), ("linreg", "linear_regression"), ("log reg", "glm")],
)
def test_clipped_regression_names(said: str, method: str) -> None:
    tool, args = call(f"express ship -> delivery days. {said}, ctrl distance + region", ORDERS)
    assert tool == "estimate_effect"
    assert args["method"] == method
    assert set(args["common_causes"]) == {"distance_km", "region"}
