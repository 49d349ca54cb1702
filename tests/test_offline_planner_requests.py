"""The offline planner reads requests to the assistant written as long, polite messages: context
sentences about the asker's job or a disagreement before "could you tell me ...", a short name
for something said in full before ("the vest" after "an exoskeleton vest"), an indirect question
of confounding ("check whether Z confounds the X effect on Y"), a gerund after "would you mind",
"help me understand ...", "if that makes sense", a request after a colon or after the question
it points back to ("Could you estimate that for me?"), indirect "at which site X improves Y"
and "whether older patients wait longer", and a second request after the outcome ("... and skip
the refutation tests"). Planner only: no tool runs. The warehouse, clinic and ferry tables here
are made up for these tests."""

from __future__ import annotations

from typing import Any

import pytest

from tests.planner_kit import col, plan, profile, turn

WAREHOUSE = profile(
    "warehouse",
    3000,
    col("shift_id", "id", 3000),
    col("site", "categorical", 3),
    col("tenure_yrs", "continuous"),
    col("forklift_training", "binary", 2),
    col("exoskeleton", "binary", 2),
    col("overtime_hrs", "continuous"),
    col("fatigue_score", "continuous"),
    col("pick_rate", "continuous"),
    col("error_rate", "continuous"),
    col("injury", "binary", 2),
)
#: A clinic table and a ferry table, for wordings whose failure showed on their column names.
CLINIC = profile(
    "clinic",
    2500,
    col("patient_id", "id", 2500),
    col("clinic", "categorical", 4),
    col("age", "continuous"),
    col("telehealth", "binary", 2),
    col("reminder_sms", "binary", 2),
    col("wait_days", "continuous"),
    col("visit_min", "continuous"),
    col("no_show", "binary", 2),
    col("satisfaction", "continuous"),
    col("bill_usd", "continuous"),
)
FERRIES = profile(
    "ferries",
    800,
    col("sailing_id", "id", 800),
    col("season", "categorical", 4),
    col("online_checkin", "binary", 2),
    col("avg_trip_min", "continuous"),
    col("passengers", "continuous"),
    col("delay_min", "continuous"),
)


def call(question: str, history: list[Any] = ()) -> tuple[str, dict[str, Any]]:
    msg = plan(question, [WAREHOUSE], history=history)
    assert msg.tool_calls, f"no tool call; replied: {msg.content}"
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


def eff(t: str, y: str, **extra: Any) -> tuple[str, dict[str, Any]]:
    return "estimate_effect", {"dataset": "warehouse", "treatment": t, "outcome": y, **extra}


CASES = [
    # the context's people are no variables: the request to "you" alone names the analysis
    (
        "The union rep and the site lead argue about it: one says overtime wears people out, the "
        "other says it makes no difference. Could you tell me how much an extra hour of overtime "
        "changes the error rate?",
        eff("overtime_hrs", "error_rate"),
    ),
    # "the vest" is the exoskeleton vest of the sentence before
    (
        "Some pickers now wear an exoskeleton vest. Could you check how much of the vest's effect "
        "on injuries goes through fatigue?",
        eff("exoskeleton", "injury", mediator="fatigue_score"),
    ),
    # an indirect question of confounding: the suspected confounder's clause ends at its verb
    (
        "Could you check whether being at a bigger site confounds the forklift training effect "
        "on injuries?",
        eff("forklift_training", "injury", focus="confounding", common_causes=["site"]),
    ),
    (
        "Could you please check whether having a longer tenure confounds the overtime effect on "
        "errors?",
        eff("overtime_hrs", "error_rate", focus="confounding", common_causes=["tenure_yrs"]),
    ),
    # "help me understand why ...": the indirect "why" asks for the causes
    (
        "Help me understand why some shifts have more injuries, if that makes sense.",
        ("discover", {"dataset": "warehouse", "algorithm": "auto", "target": "injury"}),
    ),
]


@pytest.mark.parametrize(("question", "expected"), CASES, ids=[q[:60] for q, _ in CASES])
def test_request_gives_the_call(question: str, expected: tuple[str, dict[str, Any]]) -> None:
    assert call(question) == expected


def test_would_you_mind_doing_the_same_is_a_follow_up() -> None:
    history = turn(
        "what is the effect of forklift training on the pick rate?",
        "estimate_effect",
        {"dataset": "warehouse", "treatment": "forklift_training", "outcome": "pick_rate"},
    )
    got = call("Great, thanks. Would you mind doing the same for the error rate?", history)
    assert got == eff("forklift_training", "error_rate")


def test_what_analyses_you_can_run_is_answered_in_words() -> None:
    # the indirect question's word order: "what kinds of analyses you can run"
    msg = plan("I'd like to know what kinds of analyses you can run on this table.", [WAREHOUSE])
    assert not msg.tool_calls
    assert msg.content.startswith("I can describe a dataset")


SCENARIOS = [
    # a question, then a request that only points back to it ("Could you estimate that?")
    (
        "We're planning next year's safety budget. If we gave forklift training to every picker, "
        "how would injuries change? Could you estimate that for me?",
        eff("forklift_training", "injury", focus="what_if", what_if={"op": "set", "value": 1.0}),
    ),
    # a small amount in words after a verb of adding; the scope is no part of the treatment
    (
        "If we added two overtime hours everywhere, what happens to the error rate? I'd like you "
        "to estimate it.",
        eff("overtime_hrs", "error_rate", focus="what_if", what_if={"op": "add", "value": 2.0}),
    ),
    # taking everyone off something: nobody on it
    (
        "Could you tell me what would happen to injuries if we took every picker off the "
        "exoskeleton?",
        eff("exoskeleton", "injury", focus="what_if", what_if={"op": "set", "value": 0.0}),
    ),
]


@pytest.mark.parametrize(("question", "expected"), SCENARIOS, ids=[q[:60] for q, _ in SCENARIOS])
def test_scenario_request_gives_the_what_if(
    question: str, expected: tuple[str, dict[str, Any]]
) -> None:
    assert call(question) == expected


SLOTS = [
    # two suspected confounders: the plural verb ends their clause
    (
        "Could you check whether tenure and site confound the overtime effect on errors?",
        eff(
            "overtime_hrs",
            "error_rate",
            focus="confounding",
            common_causes=["tenure_yrs", "site"],
        ),
    ),
    # a refusal to adjust names no control
    (
        "Please estimate the exoskeleton effect on injuries, but don't adjust for anything, the "
        "safety board wants the raw comparison.",
        eff("exoskeleton", "injury"),
    ),
    # the indirect "how Y respond to X": what responds is the outcome
    (
        "Could you tell me how error rates respond to overtime?",
        eff("overtime_hrs", "error_rate"),
    ),
    # controls said first, the request's own clause after them
    (
        "Could you use tenure and site as controls when estimating the exoskeleton's effect on "
        "injuries?",
        eff("exoskeleton", "injury", common_causes=["tenure_yrs", "site"]),
    ),
    # the groups compared are no control besides
    (
        "Would you mind estimating the effect of overtime on errors using the three sites as "
        "subgroups?",
        eff("overtime_hrs", "error_rate", by="site"),
    ),
]


@pytest.mark.parametrize(("question", "expected"), SLOTS, ids=[q[:60] for q, _ in SLOTS])
def test_request_keeps_every_slot_in_its_role(
    question: str, expected: tuple[str, dict[str, Any]]
) -> None:
    assert call(question) == expected


def test_would_you_mind_describing_describes() -> None:
    got = call("Would you mind describing the warehouse table for me? I've never opened it.")
    assert got == ("describe", {"dataset": "warehouse"})


def test_a_second_request_ends_the_outcome_phrase() -> None:
    # (read to its end, the outcome phrase still matched its column and the option was lost)
    msg = plan(
        "Could you estimate the online check-in's effect on trip length and skip the refutation "
        "tests this time?",
        [FERRIES],
    )
    assert msg.tool_calls[0]["args"] == {
        "dataset": "ferries",
        "treatment": "online_checkin",
        "outcome": "avg_trip_min",
        "refute": False,
    }


@pytest.mark.parametrize(
    "question",
    [
        "Could you tell me at which site the forklift training cuts injuries the most?",
        "I'd like to know in which site forklift training reduces injuries most.",
    ],
)
def test_the_indirect_which_group_question_splits_by_the_group(question: str) -> None:
    assert call(question) == eff("forklift_training", "injury", by="site")


@pytest.mark.parametrize(
    ("question", "word"),
    [
        (
            "Before the audit, help me understand the difference between an instrument and a "
            "confounder, please - my manager keeps asking.",
            "instrument",
        ),
        ("Could you explain the difference between matching and weighting?", "Matching"),
    ],
)
def test_a_request_to_explain_an_idea_is_answered_in_words(question: str, word: str) -> None:
    msg = plan(question, [WAREHOUSE])
    assert not msg.tool_calls
    assert word in msg.content and "could not tell" not in msg.content


def clinic_call(question: str) -> dict[str, Any]:
    msg = plan(question, [CLINIC])
    assert msg.tool_calls, f"no tool call; replied: {msg.content}"
    return msg.tool_calls[0]["args"]


def test_at_all_names_no_scenario() -> None:
    got = clinic_call(
        "Would you mind telling me whether the telehealth offer affects no-shows at all?"
    )
    assert got == {"dataset": "clinic", "treatment": "telehealth", "outcome": "no_show"}


def test_the_request_after_a_colon_is_read_on_its_own() -> None:
    got = clinic_call(
        "Our front desk asked me something I can't answer: would you mind estimating how much the "
        "reminders cut no-shows, separately by clinic?"
    )
    assert got == {
        "dataset": "clinic",
        "treatment": "reminder_sms",
        "outcome": "no_show",
        "by": "clinic",
    }


def test_an_indirect_yes_no_question_about_a_group_of_rows() -> None:
    got = clinic_call("Could you help me figure out whether older patients wait longer?")
    assert got == {"dataset": "clinic", "treatment": "age", "outcome": "wait_days"}


@pytest.mark.parametrize(
    "question",
    [
        "The safety board keeps asking. Would you mind figuring out the main reasons pickers get "
        "injured?",
        "What are the main reasons injuries happen?",
    ],
)
def test_the_reasons_for_an_outcome_are_its_causes(question: str) -> None:
    assert call(question) == (
        "discover",
        {"dataset": "warehouse", "algorithm": "auto", "target": "injury"},
    )


def test_a_request_first_is_read_without_the_context_after_it() -> None:
    msg = plan(
        "Could you learn the causal graph of the clinic data and bootstrap it 100 times? Our "
        "doctors don't trust arrows that only show up once.",
        [CLINIC],
    )
    assert msg.tool_calls[0]["args"] == {"dataset": "clinic", "algorithm": "auto", "bootstrap": 100}


def test_walk_me_through_the_data_describes_it() -> None:
    msg = plan(
        "I'm new on the front desk team. Could you walk me through the clinic data - what each "
        "column holds and how it's distributed?",
        [CLINIC],
    )
    assert msg.tool_calls[0]["name"] == "describe"
    assert msg.tool_calls[0]["args"] == {"dataset": "clinic"}


def test_the_nearest_whether_names_the_confounder() -> None:
    msg = plan(
        "Would you be able to check whether telehealth affects satisfaction, and whether age "
        "confounds it?",
        [CLINIC],
    )
    assert "Not used" not in msg.content
    assert msg.tool_calls[0]["args"] == {
        "dataset": "clinic",
        "treatment": "telehealth",
        "outcome": "satisfaction",
        "common_causes": ["age"],
        "focus": "confounding",
    }


def test_remind_me_only_asks_politely() -> None:
    msg = plan(
        "Could you remind me which columns the clinic table has and whether any of them have "
        "missing values?",
        [CLINIC],
    )
    assert msg.tool_calls[0]["args"] == {"dataset": "clinic", "focus": "missing"}
