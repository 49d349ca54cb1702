"""The offline planner's shared reader on classes of wording that misread columns and scenarios:
people called heads (no model experiment without a model in play), a frequency said with a
number ("three times a week"), a quantity said per unit ("spending per customer"), a column
named by a possessive ("each shop's region"), and a scenario that shifts a column ("add 2
years", "knock 10% off"). Planner only: no tool runs. The tables are made up for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.planner_kit import MODEL, col, plan, profile, turn

SHOPS = profile(
    "shops",
    1500,
    col("shop_id", "id", 1500),
    col("region", "categorical", 4),
    col("department", "categorical", 5),
    col("store_format", "categorical", 3),
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
    col("plan", "categorical", 3),
    col("age_yrs", "continuous"),
    col("member_since_yrs", "continuous"),
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
    (
        "Heads up: does the loyalty card raise the basket value?",
        eff(SHOPS, "loyalty_card", "basket_value_eur"),
    ),
]


@pytest.mark.parametrize(
    ("question", "expected"), PEOPLE_HEADS, ids=[q[:50] for q, _ in PEOPLE_HEADS]
)
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


#: The club as the data layer gives it: its text column coded as integers for discovery.
CODED_CLUB = {
    **CLUB,
    "notes": [
        "encoded categorical column 'plan' as integer codes (basic=0, plus=1, premium=2) for "
        "discovery; effect estimators use one indicator per level",
        "not analysed: column 'member_id' looks like an id (a different whole number in every row)",
    ],
}

POSSESSIVES = [
    (
        "Does the loyalty card's effect on revenue differ by the shop's region?",
        SHOPS,
        eff(SHOPS, "loyalty_card", "revenue_k", by="region"),
    ),
    (
        "effect of ad spend on revenue, split by the shops' departments",
        SHOPS,
        eff(SHOPS, "ad_spend_k", "revenue_k", by="department"),
    ),
    (
        "effect of ad spend on revenue, split by the shop's store format",
        SHOPS,
        eff(SHOPS, "ad_spend_k", "revenue_k", by="store_format"),
    ),
    (
        "Does the coach's effect on kg lost vary with the member's tier?",
        CODED_CLUB,
        eff(CLUB, "coach", "kg_lost", by="membership_tier"),
    ),
    # a coded column is still in the table: named by a possessive it is no column left out
    ("Does the member's plan affect renewal?", CODED_CLUB, eff(CLUB, "plan", "renewed")),
    (
        "is the coach's effect on kg lost different by the member's plan?",
        CODED_CLUB,
        eff(CLUB, "coach", "kg_lost", by="plan"),
    ),
]


@pytest.mark.parametrize(
    ("question", "table", "expected"), POSSESSIVES, ids=[q[:50] for q, _, _ in POSSESSIVES]
)
def test_a_possessive_names_its_column(
    question: str, table: dict, expected: tuple[str, dict]
) -> None:
    assert only_call(question, table) == expected


#: Policies: two claims columns and the policy as the rows' unit.
POLICIES = profile(
    "policies",
    4000,
    col("policy_ref", "id", 4000),
    col("region", "categorical", 4),
    col("telematics", "binary", 2),
    col("prior_claims", "continuous"),
    col("claim_filed", "binary", 2),
    col("claim_cost_eur", "continuous"),
)
#: Shops without a basket column: what customers spend names no column there.
NO_BASKET = {**SHOPS, "columns": [c for c in SHOPS["columns"] if c["name"] != "basket_value_eur"]}

FREQUENCIES = [
    (
        "members who show up four times a month - do they lose more kg?",
        CLUB,
        eff(CLUB, "classes_per_month", "kg_lost"),
    ),
    (
        "What would happen to renewals if every member came in twice a month?",
        CLUB,
        eff(
            CLUB,
            "classes_per_month",
            "renewed",
            focus="what_if",
            what_if={"op": "set", "value": 2.0},
        ),
    ),
    (
        "if members came in two more times a month, how would kg lost change?",
        CLUB,
        eff(
            CLUB,
            "classes_per_month",
            "kg_lost",
            focus="what_if",
            what_if={"op": "add", "value": 2.0},
        ),
    ),
]
PER_UNIT = [
    (
        "effect of the loyalty card on customer spending",
        SHOPS,
        eff(SHOPS, "loyalty_card", "basket_value_eur"),
    ),
    (
        "does the loyalty card change how much each shopper spends?",
        SHOPS,
        eff(SHOPS, "loyalty_card", "basket_value_eur"),
    ),
    (
        "does the loyalty card raise revenue per shop?",
        SHOPS,
        eff(SHOPS, "loyalty_card", "revenue_k"),
    ),
    (
        "does telematics lower the cost per claim?",
        POLICIES,
        eff(POLICIES, "telematics", "claim_cost_eur"),
    ),
    (
        "does telematics lower the cost per policy?",
        POLICIES,
        eff(POLICIES, "telematics", "claim_cost_eur"),
    ),
    # a subgroup column said after "per" stays a subgroup
    (
        "effect of telematics on claim cost per region",
        POLICIES,
        eff(POLICIES, "telematics", "claim_cost_eur", by="region"),
    ),
]
SHIFTS = [
    (
        "add 5 years to the member age: what happens to kg lost?",
        CLUB,
        eff(CLUB, "age_yrs", "kg_lost", focus="what_if", what_if={"op": "add", "value": 5.0}),
    ),
    (
        "if every member were 3 years older, how would renewals change?",
        CLUB,
        eff(CLUB, "age_yrs", "renewed", focus="what_if", what_if={"op": "add", "value": 3.0}),
    ),
    (
        "knock 10% off the price - what happens to revenue?",
        SHOPS,
        eff(
            SHOPS, "price_eur", "revenue_k", focus="what_if", what_if={"op": "scale", "value": 0.9}
        ),
    ),
]


@pytest.mark.parametrize(
    ("question", "table", "expected"),
    FREQUENCIES + PER_UNIT + SHIFTS,
    ids=[q[:50] for q, _, _ in FREQUENCIES + PER_UNIT + SHIFTS],
)
def test_a_quantity_phrase_names_its_column(question: str, table: dict, expected: tuple) -> None:
    assert only_call(question, table) == expected


def test_what_customers_spend_is_no_ad_spend() -> None:
    # no column holds what customers spend: asked back, never the firm's ad spend
    msg = plan("effect of the loyalty card on customer spending", [NO_BASKET])
    assert not msg.tool_calls and "customer spending" in msg.content


STORY_OPTIONS = [
    # controls told in the story, in the passive or as what is known to matter
    (
        "Does the loyalty card raise revenue? Staff numbers and ad spend obviously have to be "
        "controlled for.",
        SHOPS,
        eff(SHOPS, "loyalty_card", "revenue_k", common_causes=["staff_n", "ad_spend_k"]),
    ),
    (
        "We run a fitness club. Age and membership tier both need to be in there as controls. "
        "What does the coach do for kg lost?",
        CLUB,
        eff(CLUB, "coach", "kg_lost", common_causes=["age_yrs", "membership_tier"]),
    ),
    (
        "Does telematics lower the claim cost? Prior claims are known to matter, so control for them.",
        POLICIES,
        eff(POLICIES, "telematics", "claim_cost_eur", common_causes=["prior_claims"]),
    ),
    (
        "We want to know whether the coach helps renewal. We already know age and the membership "
        "tier matter a lot, so please keep both in the model.",
        CLUB,
        eff(CLUB, "coach", "renewed", common_causes=["age_yrs", "membership_tier"]),
    ),
    (
        "How much does the loyalty card do for the basket value? Region and department differ a "
        "lot between shops, so they need to be adjusted for.",
        SHOPS,
        eff(SHOPS, "loyalty_card", "basket_value_eur", common_causes=["region", "department"]),
    ),
    (
        "We're the marketing team. The question on the table is how much ad spend does for revenue.",
        SHOPS,
        eff(SHOPS, "ad_spend_k", "revenue_k"),
    ),
    (
        "I'd like to know if the telematics effect on claim cost survives once prior claims are "
        "taken into account.",
        POLICIES,
        eff(
            POLICIES,
            "telematics",
            "claim_cost_eur",
            focus="confounding",
            common_causes=["prior_claims"],
        ),
    ),
    # a shift said in words, and an amount of a column counted in thousands
    (
        "how would kg lost change if every member were two years older?",
        CLUB,
        eff(CLUB, "age_yrs", "kg_lost", focus="what_if", what_if={"op": "add", "value": 2.0}),
    ),
    (
        "what would happen to revenue if ad spend went up by two thousand?",
        SHOPS,
        eff(SHOPS, "ad_spend_k", "revenue_k", focus="what_if", what_if={"op": "add", "value": 2.0}),
    ),
]


@pytest.mark.parametrize(
    ("question", "table", "expected"), STORY_OPTIONS, ids=[q[:50] for q, _, _ in STORY_OPTIONS]
)
def test_an_option_told_in_the_story_reaches_the_call(
    question: str, table: dict, expected: tuple
) -> None:
    assert only_call(question, table) == expected


FOLLOW_UPS = [
    (
        "OK. The managers will ask whether it's the same everywhere, because the northern shops "
        "are nothing like the rest. Could you please split that result by region?",
        {"by": "region"},
    ),
    (
        "Interesting. The finance lead thinks the card effect looks too big because bigger shops "
        "both have more staff and more card holders. I'd like you to add the staff numbers as a "
        "control and run it again.",
        {"common_causes": ["staff_n"]},
    ),
]


@pytest.mark.parametrize(("question", "extra"), FOLLOW_UPS, ids=[q[:50] for q, _ in FOLLOW_UPS])
def test_a_request_after_context_is_read_alone(question: str, extra: dict) -> None:
    earlier = eff(SHOPS, "loyalty_card", "revenue_k")[1]
    msg = plan(
        question, [SHOPS], history=turn("effect of the card on revenue", "estimate_effect", earlier)
    )
    assert msg.tool_calls, msg.content
    assert (msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]) == eff(
        SHOPS, "loyalty_card", "revenue_k", **extra
    )


def test_a_model_review_names_no_model_whose_heads_are_probed() -> None:
    # "our model review" is no model of the assistant's: the heads are people
    msg = plan(
        "We need you to look at the shop data before our model review. The regional heads "
        "suspect some revenue figures were never captured. Are there any missing values?",
        [SHOPS],
    )
    assert [(c["name"], c["args"]) for c in msg.tool_calls] == [
        ("describe", {"dataset": "shops", "focus": "missing"})
    ]


def test_an_outcome_said_as_a_yes_no_clause_in_a_follow_up() -> None:
    earlier = eff(POLICIES, "telematics", "claim_cost_eur")[1]
    msg = plan(
        "Could you run the same thing for whether a claim was filed?",
        [POLICIES],
        history=turn("effect of telematics on claim cost", "estimate_effect", earlier),
    )
    assert [(c["name"], c["args"]) for c in msg.tool_calls] == [
        eff(POLICIES, "telematics", "claim_filed")
    ]


#: Shops whose departments are coded, so their levels are known to the planner.
CODED_SHOPS = {
    **SHOPS,
    "notes": [
        "encoded categorical column 'department' as integer codes (Food=0, Garden=1, Toys=2) for "
        "discovery; effect estimators use one indicator per level"
    ],
}


def test_where_the_asker_works_is_no_subgroup() -> None:
    asked = "I work in Garden. I'd like you to estimate what the loyalty card does to revenue."
    assert only_call(asked, CODED_SHOPS) == eff(SHOPS, "loyalty_card", "revenue_k")
    # a level asked about after the request is still the effect per department
    for_one = "What does the loyalty card do to revenue in Garden?"
    assert only_call(for_one, CODED_SHOPS) == eff(
        SHOPS, "loyalty_card", "revenue_k", by="department"
    )


IMPACT_AS_EFFECT = [
    # "impact" as the noun of a mediation, a split, a comparison of methods, a doubt
    (SHOPS, "what share of the loyalty card impact on revenue goes through the basket value?"),
    (SHOPS, "is the loyalty card impact on revenue different in each region?"),
    (CLUB, "compare matching and IPW for the coach impact on kg lost"),
    (CLUB, "is the coach impact on kg lost real, or just confounding by age?"),
    (CLUB, "please give me the impact from the coach to the kilos lost"),
    (SHOPS, "learn the graph; revenue can't impact the staff count"),
]


@pytest.mark.parametrize(("table", "question"), IMPACT_AS_EFFECT)
def test_impact_is_read_as_effect(table: dict[str, Any], question: str) -> None:
    # before: mediations, splits and comparisons said with "impact" were not understood, or
    # lost their mediator or subgroup; a forbidden edge said with "impact" was dropped
    said = question.replace("impact", "effect" if "can't" not in question else "affect")
    assert only_call(question, table) == only_call(said, table)


def test_impact_as_a_verb_and_the_method_causal_impact_are_left_alone() -> None:
    assert only_call("does ad spend impact revenue?", SHOPS) == eff(
        SHOPS, "ad_spend_k", "revenue_k"
    )
    from copilot.agents.surface import plain

    assert plain("use causal impact on the sales series") == "use causal impact on the sales series"
    assert plain("does advertising impact on revenue?") == "does advertising impact on revenue?"


FLEET = profile(
    "fleet",
    1200,
    col("van_id", "id", 1200),
    col("depot", "categorical", 4),
    col("route_km", "continuous"),
    col("stops_n", "continuous"),
    col("driver_tenure_mo", "continuous"),
    col("fuel_eur", "continuous"),
    col("late_drops", "continuous"),
    col("parcels_per_day", "continuous"),
    col("avg_parcel_kg", "continuous"),
    col("delivery_time_min", "continuous"),
    col("on_time_pct", "continuous"),
    col("training", "binary", 2),
)


def _wi(t: str, y: str, op: str, v: float) -> tuple[str, dict[str, Any]]:
    return eff(FLEET, t, y, focus="what_if", what_if={"op": op, "value": v})


UNIT_SCENARIOS = [
    # a counterfactual in the past perfect, inverted; the amount's unit names the variable
    # when the words before it name the rows ("every delivery round")
    (
        "Had every delivery round been 5 km shorter, what would the fuel bill be?",
        _wi("route_km", "fuel_eur", "add", -5.0),
    ),
    # a verb and an amount of time ("stayed 6 months longer"): the column in months
    (
        "if drivers had stayed 6 months longer, what happens to the late drops?",
        _wi("driver_tenure_mo", "late_drops", "add", 6.0),
    ),
    # a category cannot move by 4 km: the column measured in km does
    (
        "if the depots were 4 km closer, how would fuel spend change?",
        _wi("route_km", "fuel_eur", "add", -4.0),
    ),
    # a hedge after the last variable is no word of it
    (
        "What would the fuel bill be if every route were 5 km shorter, roughly?",
        _wi("route_km", "fuel_eur", "add", -5.0),
    ),
    # a noun of two columns, said per day: the daily count
    (
        "what is the effect of the training on parcels a day?",
        eff(FLEET, "training", "parcels_per_day"),
    ),
    # ... said as a share: the column in percent
    (
        "what is the effect of the training on the share of vans on time?",
        eff(FLEET, "training", "on_time_pct"),
    ),
    # an option said in a sentence of its own
    (
        "Estimate the effect of the training on late drops. No need for the placebo checks.",
        eff(FLEET, "training", "late_drops", refute=False),
    ),
    # a graph asked as how the variables hang together; confounders said "hidden" after the noun
    (
        "How do route length, stops, fuel and late drops hang together? Use a kernel-based test.",
        ("discover", {"dataset": "fleet", "algorithm": "auto", "ci_test": "kci"}),
    ),
    (
        "Make me the causal graph of the fleet with FCI, because maybe there are confounders hidden.",
        ("discover", {"dataset": "fleet", "algorithm": "fci"}),
    ),
]


@pytest.mark.parametrize(
    ("question", "expected"), UNIT_SCENARIOS, ids=[q[:50] for q, _ in UNIT_SCENARIOS]
)
def test_scenarios_units_and_rates_name_the_column(question: str, expected: tuple) -> None:
    assert only_call(question, FLEET) == expected


def test_a_possession_after_had_is_no_counterfactual_verb() -> None:
    from copilot.agents.intents import _counterfactual

    said = "if every restaurant had trained staff, what would happen to violations?"
    assert _counterfactual(said) == said
    assert _counterfactual("had each driver slept 2 hours more, what about claims?") == (
        "if each driver slept 2 hours more, what about claims?"
    )


NON_NATIVE_AND_STORIES = [
    # "a confusion by" (confounding, as Romance languages say it)
    (
        FLEET,
        "Is the link between the training and the late drops a confusion by the depot?",
        eff(FLEET, "training", "late_drops", common_causes=["depot"], focus="confounding"),
    ),
    # a mechanism pointed back to ("goes by this way")
    (
        FLEET,
        "The training lowers the late drops by means of the stops. Which part of the effect goes by this way?",
        eff(FLEET, "training", "late_drops", mediator="stops_n"),
    ),
    # how a treatment was handed out is no mechanism of its effect
    (
        CLUB,
        "Quick background: the coach went out through the plan offices. What is the coach's effect on kg lost?",
        eff(CLUB, "coach", "kg_lost"),
    ),
    (
        CLUB,
        "Members get a coach through their plan. What is the coach's effect on kg lost?",
        eff(CLUB, "coach", "kg_lost"),
    ),
    # where a treatment was given is no split of its effect
    (
        SHOPS,
        "The chain funded the loyalty card in some regions, so we treat the ad spend as an "
        "instrument. How much does the loyalty card raise revenue?",
        eff(SHOPS, "loyalty_card", "revenue_k", instrument="ad_spend_k"),
    ),
]


@pytest.mark.parametrize(
    ("table", "question", "expected"),
    NON_NATIVE_AND_STORIES,
    ids=[q[:50] for _, q, _ in NON_NATIVE_AND_STORIES],
)
def test_non_native_wording_and_stories(
    table: dict[str, Any], question: str, expected: tuple
) -> None:
    assert only_call(question, table) == expected


def test_a_clause_with_its_own_subject_ends_the_controls_and_rows_are_no_control() -> None:
    msg = plan(
        "What is the effect of training on late drops, controlling for stops and the depot, "
        "and she wants it with matching.",
        [FLEET],
    )
    assert [(c["name"], c["args"]) for c in msg.tool_calls] == [
        eff(FLEET, "training", "late_drops", common_causes=["stops_n", "depot"], method="matching")
    ]
    assert "she wants" not in msg.content
    msg = plan(
        "Drivers say the training works because vans do fewer stops. What is the effect of the "
        "training on late drops, adjusting for vans?",
        [FLEET],
    )
    assert [(c["name"], c["args"]) for c in msg.tool_calls] == [
        eff(FLEET, "training", "late_drops")
    ]
    assert "names the rows" in msg.content


@pytest.mark.parametrize(
    "question",
    [
        "With which method you have calculated this?",
        "I'll have to defend this in front of the board, who will ask the obvious thing: did "
        "the checks pass, or could this be a fluke? Be honest.",
        "The director asked me which factors you held constant when you computed that. Can you "
        "list them for me so I can put them in the slide notes?",
    ],
)
def test_questions_about_the_last_result_told_at_length(question: str) -> None:
    from copilot.agents.intents import parse_question

    assert parse_question(question, has_history=True).kind == "why"


NON_NATIVE_OPTIONS = [
    # the role said before its variable ("using like instrument the X")
    (
        SHOPS,
        "Please estimate the loyalty card effect on revenue, using like instrument the ad spend "
        "which was random.",
        eff(SHOPS, "loyalty_card", "revenue_k", instrument="ad_spend_k"),
    ),
    # "and if is <column>" in a list of controls: whether it is, the column itself
    (
        CLUB,
        "Which is the effect of the classes per month over the kg lost, adjusting for the age and "
        "if is renewed?",
        eff(CLUB, "classes_per_month", "kg_lost", common_causes=["age_yrs", "renewed"]),
    ),
    # "is spurious the effect ... because of Z": the adjective before its subject; Z a confounder
    (
        CLUB,
        "Is spurious the effect of the coach on renewal because of the plan?",
        eff(CLUB, "coach", "renewed", common_causes=["plan"], focus="confounding"),
    ),
    # "with 5% of significance"
    (
        SHOPS,
        "Which are the causes of the revenue? Make it with 5% of significance.",
        (
            "discover",
            {"dataset": "shops", "algorithm": "auto", "target": "revenue_k", "alpha": 0.05},
        ),
    ),
    # the whole graph asked as a web of cause and effect
    (
        SHOPS,
        "Show me the web of cause and effect in the shops data.",
        ("discover", {"dataset": "shops", "algorithm": "auto"}),
    ),
]


@pytest.mark.parametrize(
    ("table", "question", "expected"),
    NON_NATIVE_OPTIONS,
    ids=[q[:50] for _, q, _ in NON_NATIVE_OPTIONS],
)
def test_non_native_options(table: dict[str, Any], question: str, expected: tuple) -> None:
    assert only_call(question, table) == expected


def test_controls_asked_with_the_relative_clause_first() -> None:
    from copilot.agents.intents import parse_question

    said = "The covariates on which you have conditioned, which are?"
    assert parse_question(said, has_history=True).kind == "why"


@pytest.mark.parametrize(
    "question",
    [
        "The coach and the renewal, there is a confounding of the plan between them?",
        "Is there confounding of the plan between the coach and the renewal?",
    ],
)
def test_confounding_of_z_between_the_pair(question: str) -> None:
    assert only_call(question, CLUB) == eff(
        CLUB, "coach", "renewed", common_causes=["plan"], focus="confounding"
    )


def test_a_request_that_names_its_pair_is_no_story_about_the_context() -> None:
    from copilot.agents.story import _SELF_CONTAINED

    assert _SELF_CONTAINED.search("Does the stop count make a difference to late drops?")
    assert not _SELF_CONTAINED.search("Does it make a difference to them?")
