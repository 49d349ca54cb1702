"""The offline planner in a conversation and on structure questions: follow-ups that point into
the previous result ("the second one", "it"), correct the previous question ("no, I meant ..."),
restrict it to a group named by a level ("for the premium plan only"), or name the new variable
in a sentence before ("My manager only cares about churn. Redo it for that?"); questions about
which way a link runs, edge knowledge and time order said in words, drivers questions with a
typo in a short verb, and time series said with the rows' own time steps. Asked about tables the
planner's rules were not written for (a gym's members, a cafe's days)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from copilot.agents.intents import correct_typos
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import col

TOOLS = ["describe", "discover", "estimate_effect"]


GYM = {
    "id": "gym",
    "name": "gym",
    "source": "gym.csv",
    "n": 1200,
    "p": 11,
    "columns": [
        col("member_id", "id", 1200),
        col("plan_type", "categorical", 3),
        col("region", "categorical", 3),
        col("age_yrs", "continuous"),
        col("distance_km", "continuous"),
        col("coaching", "binary", 2),
        col("sessions_per_week", "continuous"),
        col("weight_loss_kg", "continuous"),
        col("monthly_fee", "continuous"),
        col("trainer_offer", "binary", 2),
        col("churned", "binary", 2),
    ],
    "notes": [
        "encoded categorical column 'plan_type' as integer codes (basic=0, plus=1, premium=2) "
        "for discovery; effect estimators use one indicator per level",
        "encoded categorical column 'region' as integer codes (NE=0, SW=1, MW=2) for discovery; "
        "effect estimators use one indicator per level",
    ],
}
CAFE = {
    "id": "cafe",
    "name": "cafe",
    "source": "cafe.csv",
    "n": 700,
    "p": 4,
    "columns": [
        col("day", "continuous", 700),
        col("temperature_c", "continuous"),
        col("promo_posts", "continuous"),
        col("sales", "continuous"),
    ],
}
ESTIMATE = {"ate": 1.2, "ci": [0.9, 1.5], "method": "linear_regression", "estimand": "backdoor"}


def ask(question: str, *turns: tuple[str, dict[str, Any] | None, dict[str, Any]], data=GYM):
    """`question` after earlier turns (question, the tool call made, its result or error)."""
    state = {"datasets": {data["id"]: {**data, "current": True}}, "models": {}}
    messages: list[Any] = [system_message(state)]
    for i, (said, call, body) in enumerate(turns):
        messages.append(HumanMessage(said))
        if call is None:
            messages.append(AIMessage(body["answer"]))
            continue
        tool, args = next(iter(call.items()))
        messages.append(
            AIMessage(
                "", tool_calls=[{"name": tool, "args": args, "id": f"c{i}", "type": "tool_call"}]
            )
        )
        messages.append(ToolMessage(json.dumps(body), tool_call_id=f"c{i}"))
        messages.append(AIMessage("Done."))
    messages.append(HumanMessage(question))
    return next_message(messages, TOOLS)


def estimated(**args: Any) -> tuple[str, dict[str, Any], dict[str, Any]]:
    return (
        "effect?",
        {"estimate_effect": {"dataset": "gym", **args}},
        {"ok": True, "result": ESTIMATE},
    )


DRIVERS = (
    "what drives churn?",
    {"discover": {"dataset": "gym", "target": "churned"}},
    {
        "ok": True,
        "result": {
            "algorithm": "pc",
            "nodes": [],
            "edges": [],
            "focus": {"target": "churned", "causes": ["monthly_fee", "distance_km"]},
        },
    },
)
COACHING = estimated(treatment="coaching", outcome="weight_loss_kg")


def call_of(msg: AIMessage) -> tuple[str, dict[str, Any]]:
    assert msg.tool_calls, msg.content
    call = msg.tool_calls[0]
    return call["name"], {k: v for k, v in call["args"].items() if k != "graph"}


FOLLOW_UPS = [
    # a place in the list of causes the last discovery found
    (DRIVERS, "ok how big is the efect of the second one on it", ("distance_km", "churned")),
    (DRIVERS, "and the first one?", ("monthly_fee", "churned")),
    (DRIVERS, "effect of the top driver on churn", ("monthly_fee", "churned")),
    # a correction of the previous question
    (COACHING, "no, I meant on sessions per week", ("coaching", "sessions_per_week")),
    (COACHING, "sorry, I meant the monthly fee", ("coaching", "monthly_fee")),
    # a measure listed between a yes/no treatment and its outcome is another outcome
    (COACHING, "WHAT ABOUT SESSIONS PER WEEK", ("coaching", "sessions_per_week")),
    # the new variable named in a sentence before a follow-up that points back
    (
        COACHING,
        "My manager only cares about churn. Can you redo it for that?",
        ("coaching", "churned"),
    ),
    (COACHING, "redo it for churn", ("coaching", "churned")),
]


@pytest.mark.parametrize(("before", "question", "roles"), FOLLOW_UPS)
def test_follow_up_reads_the_new_variable(before, question, roles) -> None:
    name, args = call_of(ask(question, before))
    assert name == "estimate_effect"
    assert (args["treatment"], args["outcome"]) == roles
    assert not args.get("by") and not args.get("common_causes")


def test_correction_after_a_failed_step_replaces_the_unknown_column() -> None:
    failed = (
        "coaching effect on revenue",
        {"estimate_effect": {"dataset": "gym", "treatment": "coaching", "outcome": "revenue"}},
        {"ok": False, "message": "Column 'revenue' is not in 'gym'.", "hint": "see the columns"},
    )
    _, args = call_of(ask("sorry I meant the monthly fee", failed))
    assert (args["treatment"], args["outcome"]) == ("coaching", "monthly_fee")


@pytest.mark.parametrize(
    ("question", "by"),
    [
        ("what about for the premium plan only", "plan_type"),
        ("and in SW only?", "region"),
        ("what about just premium members", "plan_type"),
        ("Do you see the same thing among the members with a trainer offer?", "trainer_offer"),
        ("same picture for the premium members?", "plan_type"),
        ("is it the same in SW?", "region"),
    ],
)
def test_follow_up_for_one_group_splits_the_estimate(question, by) -> None:
    _, args = call_of(ask(question, COACHING))
    assert args == {
        "dataset": "gym",
        "treatment": "coaching",
        "outcome": "weight_loss_kg",
        "by": by,
    }


def test_drop_the_split_and_change_the_method() -> None:
    before = estimated(treatment="coaching", outcome="weight_loss_kg", by="plan_type")
    _, args = call_of(ask("drop the split and use matching", before))
    assert args == {
        "dataset": "gym",
        "treatment": "coaching",
        "outcome": "weight_loss_kg",
        "method": "matching",
    }


@pytest.mark.parametrize(
    "question",
    [
        "is sessions per week caused by coaching or the other way round?",
        "does distance drive churn or vice versa",
        "which of coaching and weight loss causes the other?",
        "what comes first, sessions or weight loss?",
    ],
)
def test_which_way_a_link_runs_is_a_graph_question(question) -> None:
    name, args = call_of(ask(question))
    assert name == "discover"
    assert "treatment" not in args


def test_a_bare_reverse_after_an_estimate_still_swaps() -> None:
    _, args = call_of(ask("and the other way round?", COACHING))
    assert (args["treatment"], args["outcome"]) == ("weight_loss_kg", "coaching")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "learn the graph. age comes first, then distance and the plan, then coaching, churn last",
            {"tiers": "age_yrs;distance_km,plan_type;coaching;churned"},
        ),
        (
            "time order: age, distance, then coaching, churn last. run pc",
            {"algorithm": "pc", "tiers": "age_yrs,distance_km;coaching;churned"},
        ),
        (
            "GES, but there must be no edge from churn to age, and coaching must cause sessions",
            {
                "algorithm": "ges",
                "forbidden": ["churned->age_yrs"],
                "required": ["coaching->sessions_per_week"],
            },
        ),
        # a person, not the BOSS algorithm
        ("My boss wants the causal graph of this data", {"algorithm": "auto"}),
        ("wat hads the biggest influence on churn", {"target": "churned"}),
        ("WHICH FACTORS HVE THE STRONGEST EFFECT ON WEIGHT LOSS", {"target": "weight_loss_kg"}),
    ],
)
def test_structure_questions_in_words(question, expected) -> None:
    name, args = call_of(ask(question))
    assert name == "discover"
    for key, value in expected.items():
        assert args.get(key) == value, (key, args)


def test_time_series_said_with_the_rows_time_steps() -> None:
    name, args = call_of(ask("over the days, whats pushing sales up", data=CAFE))
    assert name == "discover"
    assert args["time_col"] == "day"
    assert args["target"] == "sales"
    assert args["algorithm"] == "pcmci"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("what hads the biggest effect", "what has the biggest effect"),
        ("which factors hve an effect", "which factors have an effect"),
        ("what wsa the effect", "what was the effect"),
        # words of their own are left alone
        ("which way does it go", "which way does it go"),
        ("which head matters", "which head matters"),
        ("what age group", "what age group"),
    ],
)
def test_a_short_verb_after_a_question_word_is_corrected(typed, read) -> None:
    assert correct_typos(typed) == read


def test_abbreviated_name_said_in_full_with_a_typo_is_no_analysis_word() -> None:
    # "satisfction" begins with the name word "sat": it is the column, not "stratification"
    assert correct_typos("and on job satisfction?", {"job", "sat"}) == "and on job satisfction?"


ASKED = (
    "what is the effect of coaching?",
    None,
    {"answer": "Which outcome do you mean? Columns of 'gym': sessions_per_week, weight_loss_kg."},
)


@pytest.mark.parametrize(
    "reply",
    [
        "weight loss",
        "hi, quick one: weight loss",
        "Some context: this is for a report to my team. weight loss",
        "weight loss thanks!",
        "weight loss, kind of?",
    ],
)
def test_a_wrapped_one_word_reply_answers_the_question_back(reply) -> None:
    _, args = call_of(ask(reply, ASKED))
    assert (args["treatment"], args["outcome"]) == ("coaching", "weight_loss_kg")


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "Background: we're reviewing last quarter. and if we doubled it?",
            {"focus": "what_if", "what_if": {"op": "scale", "value": 2.0}},
        ),
        ("I have a table about the gym. plus age as a covariate", {"common_causes": ["age_yrs"]}),
        ("We are in a hurry today. same question for churn", {"outcome": "churned"}),
    ],
)
def test_a_context_sentence_before_a_follow_up(question, expected) -> None:
    before = estimated(treatment="sessions_per_week", outcome="weight_loss_kg")
    _, args = call_of(ask(question, before))
    assert args["treatment"] == "sessions_per_week"
    for key, value in expected.items():
        assert args[key] == value, (key, args)


@pytest.mark.parametrize(
    ("question", "roles"),
    [
        ("oops, wrong one - I wanted sessions per week", ("coaching", "sessions_per_week")),
        # a programme replaces the treatment, a result the outcome
        ("no wait, I meant the trainer offer", ("trainer_offer", "churned")),
        (
            "Marketing says the fee is what counts now. Rerun with that as the outcome.",
            ("coaching", "monthly_fee"),
        ),
    ],
)
def test_corrections_and_pointers_name_the_role(question, roles) -> None:
    _, args = call_of(ask(question, estimated(treatment="coaching", outcome="churned")))
    assert (args["treatment"], args["outcome"]) == roles


def test_another_scenario_after_a_what_if() -> None:
    before = estimated(
        treatment="monthly_fee",
        outcome="churned",
        focus="what_if",
        what_if={"op": "scale", "value": 1.1},
    )
    for question, value in (("what about a 20% drop instead", 0.8), ("and a doubling?", 2.0)):
        _, args = call_of(ask(question, before))
        assert args["what_if"] == {"op": "scale", "value": value}
        assert (args["treatment"], args["outcome"]) == ("monthly_fee", "churned")


def test_knowledge_added_to_the_previous_discovery() -> None:
    before = (
        "GES on the gym data",
        {"discover": {"dataset": "gym", "algorithm": "ges"}},
        {"ok": True, "result": {"algorithm": "ges", "nodes": [], "edges": []}},
    )
    name, args = call_of(ask("same but forbid churn -> age", before))
    assert name == "discover"
    assert args["algorithm"] == "ges"
    assert args["forbidden"] == ["churned->age_yrs"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "do sessions per week drive weight loss, or does weight loss drive sessions per week?",
            {},
        ),
        ("Which comes first in time: coaching or the sessions?", {}),
        ("structure learning on gym pls, kci test, alpha 1%", {"ci_test": "kci", "alpha": 0.01}),
        ("can you show me how the columns of the gym file are related to each other", {}),
        ("what are the main factors behind churn", {"target": "churned"}),
        ("which vars matter most for weight loss?", {"target": "weight_loss_kg"}),
    ],
)
def test_more_structure_questions(question, expected) -> None:
    name, args = call_of(ask(question))
    assert name == "discover"
    assert "treatment" not in args
    for key, value in expected.items():
        assert args.get(key) == value, (key, args)


@pytest.mark.parametrize(
    "question",
    [
        "does coaching cut churn differently in the southwest and the midwest?",
        "DOES COACHING CUT CHURN MORE IN THE SOUTHWEST OR THE NORTHEAST?",
    ],
)
def test_coded_levels_named_in_any_case_in_a_comparison(question) -> None:
    _, args = call_of(ask(question))
    assert args["by"] == "region"
    assert (args["treatment"], args["outcome"]) == ("coaching", "churned")


def test_ordinary_words_are_no_coded_levels() -> None:
    from copilot.agents.levels import fold_levels

    # "nearby" and "newer" both hold N...E in order: two words, not two regions
    text = "does coaching work for nearby and newer members?"
    assert fold_levels(text, GYM) == text
    assert "split by region" in fold_levels("coaching in the northeast vs the midwest", GYM)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("sorry, meant sessions per week not weight loss", {"outcome": "sessions_per_week"}),
        ("What about churn? Same setup otherwise.", {"outcome": "churned"}),
        (
            "The owner wants this by plan type. Can you break it down that way?",
            {"by": "plan_type"},
        ),
        ("only the premium members?", {"by": "plan_type"}),
        ("can u do that with DML instead of regression", {"method": "dml"}),
    ],
)
def test_round_three_follow_ups(question, expected) -> None:
    _, args = call_of(ask(question, COACHING))
    assert args["treatment"] == "coaching"
    for key, value in expected.items():
        assert args[key] == value, (key, args)


def test_undo_the_controls() -> None:
    before = estimated(
        treatment="coaching", outcome="weight_loss_kg", common_causes=["age_yrs", "distance_km"]
    )
    _, args = call_of(ask("undo the controls", before))
    assert args == {"dataset": "gym", "treatment": "coaching", "outcome": "weight_loss_kg"}


def test_another_series_after_a_lagged_graph() -> None:
    before = (
        "pcmci on the cafe data",
        {"discover": {"dataset": "cafe", "algorithm": "pcmci", "time_col": "day"}},
        {"ok": True, "result": {"algorithm": "pcmci", "nodes": [], "edges": []}},
    )
    name, args = call_of(ask("and just for sales?", before, data=CAFE))
    assert name == "discover"
    assert args == {"dataset": "cafe", "algorithm": "pcmci", "time_col": "day", "target": "sales"}


@pytest.mark.parametrize(
    ("question", "expected", "data"),
    [
        ("markov blanket of churn", {"target": "churned"}, GYM),
        ("CPDAG for the gym data at alpha=0.001 w/ fisher-z", {"alpha": 0.001}, GYM),
        ("whats cuasing the high churn", {"target": "churned"}, GYM),
        ("does yesterday's promo posts predict today's sales", {"time_col": "day"}, CAFE),
    ],
)
def test_round_three_structure_questions(question, expected, data) -> None:
    name, args = call_of(ask(question, data=data))
    assert name == "discover"
    for key, value in expected.items():
        assert args[key] == value, (key, args)


def test_basics_of_the_data_is_a_description() -> None:
    name, _ = call_of(ask("Give me the basics on this dataset - rows, columns, what each one is"))
    assert name == "describe"


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        (
            "learn the gaph with 100 bootstrap resamples",
            "learn the graph with 100 bootstrap resamples",
        ),
        ("which hads matter for induction?", "which heads matter for induction?"),
        ("probe on lyer 1", "probe on layer 1"),
        ("pobe layers 0 and 1", "probe layers 0 and 1"),
        ("ster at layer 1", "steer at layer 1"),
        # the verb after a question word is read first
        ("wat hads the biggest influence", "wat has the biggest influence"),
        # words of their own, and column words, stay
        ("the head of the team in a robe", "the head of the team in a robe"),
    ],
)
def test_four_letter_misspellings_of_analysis_nouns(typed, read) -> None:
    assert correct_typos(typed) == read


def test_a_column_word_is_never_corrected_to_an_analysis_noun() -> None:
    assert correct_typos("effect of the lyer count", {"lyer"}) == "effect of the lyer count"


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("is that bigger for premium members?", {"by": "plan_type"}),
        ("Actually I meant sessions per week, sorry", {"outcome": "sessions_per_week"}),
        ("REDO WITH IPW", {"method": "weighting"}),
    ],
)
def test_round_four_follow_ups(question, expected) -> None:
    _, args = call_of(ask(question, COACHING))
    for key, value in expected.items():
        assert args[key] == value, (key, args)


def test_a_place_in_the_list_with_a_possessive_and_controls() -> None:
    name, args = call_of(ask("quantify the second one's effect", DRIVERS))
    assert (name, args["treatment"], args["outcome"]) == (
        "estimate_effect",
        "distance_km",
        "churned",
    )
    _, args = call_of(ask("effect of the top one on it, adjusting for age", DRIVERS))
    assert (args["treatment"], args["outcome"]) == ("monthly_fee", "churned")
    assert args["common_causes"] == ["age_yrs"]


@pytest.mark.parametrize(
    ("question", "expected", "data"),
    [
        ("What's upstream of churn?", {"target": "churned"}, GYM),
        ("Which levers actually move weight loss?", {"target": "weight_loss_kg"}, GYM),
        (
            "Could you sketch out the causal web behind churn for our board?",
            {"target": "churned"},
            GYM,
        ),
        ("does coaching come before or after the sessions in the causal order?", {}, GYM),
        ("What predicts sales a day later?", {"target": "sales", "time_col": "day"}, CAFE),
    ],
)
def test_round_four_structure_questions(question, expected, data) -> None:
    name, args = call_of(ask(question, data=data))
    assert name == "discover"
    assert "treatment" not in args
    for key, value in expected.items():
        assert args[key] == value, (key, args)


@pytest.mark.parametrize("question", ["df.info()", "summary(df)", "df.describe()"])
def test_code_like_requests_for_a_description(question) -> None:
    name, _ = call_of(ask(question))
    assert name == "describe"


def test_follow_ups_keep_the_kind_of_analysis() -> None:
    checked = estimated(treatment="coaching", outcome="churned", focus="confounding")
    _, args = call_of(ask("and for weight loss?", checked))
    assert (args["outcome"], args["focus"]) == ("weight_loss_kg", "confounding")
    compared = estimated(treatment="coaching", outcome="churned", methods=["matching", "ipw"])
    _, args = call_of(ask("same comparison for weight loss", compared))
    assert args["outcome"] == "weight_loss_kg"
    assert set(args["methods"]) == {"matching", "ipw"}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("ok cool, now do it for the premium plan only", {"by": "plan_type"}),
        ("The owner asked about the premium members. Same thing for them?", {"by": "plan_type"}),
        ("hmm, and does it work on the basic plan people?", {"by": "plan_type"}),
        ("adn on churn?", {"outcome": "churned"}),
    ],
)
def test_round_five_follow_ups(question, expected) -> None:
    _, args = call_of(ask(question, COACHING))
    assert args["treatment"] == "coaching"
    for key, value in expected.items():
        assert args[key] == value, (key, args)


def test_is_the_first_ones_effect_on_it_confounded() -> None:
    _, args = call_of(ask("is the first one's effect on it confounded?", DRIVERS))
    assert (args["treatment"], args["outcome"], args["focus"]) == (
        "monthly_fee",
        "churned",
        "confounding",
    )


def test_the_one_a_failed_step_could_not_tell_apart() -> None:
    failed = (
        "coaching effect on weight",
        {"estimate_effect": {"dataset": "gym", "treatment": "coaching", "outcome": "weight"}},
        {"ok": False, "message": "'weight' matches several columns", "hint": "name one"},
    )
    _, args = call_of(ask("the loss one", failed))
    assert (args["treatment"], args["outcome"]) == ("coaching", "weight_loss_kg")


@pytest.mark.parametrize(
    ("question", "expected", "data"),
    [
        ("Is there an arrow between coaching and churn, and which way does it point?", {}, GYM),
        ("what sits upstream of churn", {"target": "churned"}, GYM),
        (
            "Required: coaching -> sessions per week. Forbidden: churn -> age. Run PC.",
            {
                "required": ["coaching->sessions_per_week"],
                "forbidden": ["churned->age_yrs"],
                "algorithm": "pc",
            },
            GYM,
        ),
        ("what moves sales from day to day", {"target": "sales", "time_col": "day"}, CAFE),
    ],
)
def test_round_five_structure_questions(question, expected, data) -> None:
    name, args = call_of(ask(question, data=data))
    assert name == "discover"
    for key, value in expected.items():
        assert args[key] == value, (key, args)


def test_what_this_file_contains_is_a_description() -> None:
    name, _ = call_of(ask("Tell me what this gym file contains"))
    assert name == "describe"
