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

from copilot.agents import discourse, surface
from copilot.agents.intents import _what_if
from copilot.agents.phrasing import _self_contained_question, normalise
from tests.planner_kit import MODEL, col, plan, profile, turn

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


#: A delivery depot's vans, for long requests whose context comes first.
DEPOTS = profile(
    "depots",
    1500,
    col("van_id", "id", 1500),
    col("region", "categorical", 4),
    col("driver_age", "continuous"),
    col("van_age_yrs", "continuous"),
    col("route_km", "continuous"),
    col("coaching_offer", "binary", 2),
    col("coaching", "binary", 2),
    col("heated_cab", "binary", 2),
    col("cab_temp_c", "continuous"),
    col("sms_alerts", "binary", 2),
    col("fuel_l", "continuous"),
    col("late_pct", "continuous"),
    col("complaints", "continuous"),
    col("crash", "binary", 2),
)


def van(t: str, y: str, **extra: Any) -> tuple[str, dict[str, Any]]:
    return "estimate_effect", {"dataset": "depots", "treatment": t, "outcome": y, **extra}


def _depot_turn(kind: str) -> list[Any]:
    if kind == "describe":
        return turn("describe the depot data", "describe", {"dataset": "depots"})
    if kind == "discover":
        return turn("learn the causal graph", "discover", {"dataset": "depots"})
    return turn(
        "effect of coaching on crashes",
        "estimate_effect",
        {"dataset": "depots", "treatment": "coaching", "outcome": "crash"},
    )


CONTEXT_FIRST = [
    # a pseudo-cleft ("be what is behind") in the last sentence, which names the pair itself
    (
        "Vans whose drivers got coaching crash less and ops want to make it compulsory. Before "
        "they do, one thing: older drivers mostly skipped it. Could driver age be what's behind "
        "the link between the coaching and the crashes?",
        None,
        van("coaching", "crash", focus="confounding", common_causes=["driver_age"]),
    ),
    # the cleft asked with its verb first, pointing back at the claim
    (
        "Vans with SMS alerts get fewer complaints; the board quotes it every month. The alerts "
        "went to the newer vans first, though. Is van age what's really driving that?",
        None,
        van("sms_alerts", "complaints", focus="confounding", common_causes=["van_age_yrs"]),
    ),
    # "Z matters, so keep it in, and W too": two controls said in passing
    (
        "Route length obviously matters, so keep it in, and van age too. What does coaching do "
        "to lateness?",
        None,
        van("coaching", "late_pct", common_causes=["route_km", "van_age_yrs"]),
    ),
    # an estimator with a verdict against it is not asked for; the other one is
    (
        "We want the SMS alert effect on complaints. Someone ran weighting last month and the "
        "numbers looked odd, so not that one; go with matching instead.",
        None,
        van("sms_alerts", "complaints", method="matching"),
    ),
    # a judgement of an instrument reported by someone, after a clause with "though"
    (
        "Coaching was offered by a draw, though few took it up. My manager says the offer is a "
        "decent instrument. Could you use it to estimate the effect of coaching on lateness?",
        None,
        van("coaching", "late_pct", instrument="coaching_offer"),
    ),
    # said to be random, with an aside in parentheses whose "by" is no split, then leaned on
    (
        "The coaching offer is basically random (it went out by van number), so you can lean on "
        "it. I want the effect of coaching on crashes.",
        None,
        van("coaching", "crash", instrument="coaching_offer"),
    ),
    # a column said to belong in the adjustment set; the checks are no estimator
    (
        "You should estimate the effect of the heated cab on fuel use. Van age has to be in the "
        "adjustment set, and don't bother with the robustness checks.",
        None,
        van("heated_cab", "fuel_l", common_causes=["van_age_yrs"], refute=False),
    ),
    # stopping something for everyone, said on a pronoun of the sentence before
    (
        "The SMS alert service costs a fortune. Could you tell me what complaints would be if we "
        "stopped sending it to anyone?",
        None,
        van("sms_alerts", "complaints", focus="what_if", what_if={"op": "set", "value": 0.0}),
    ),
    # a yes/no column has no level 18: the column measured in degrees is the one set
    (
        "Winter is coming. Suppose we set every heated cab to 18 degrees; what would fuel use be?",
        None,
        van("cab_temp_c", "fuel_l", focus="what_if", what_if={"op": "set", "value": 18.0}),
    ),
    # a scenario's outcome asked as what the assistant expects it to be
    (
        "If we set route length to 40 everywhere, what would you expect lateness to be?",
        None,
        van("route_km", "late_pct", focus="what_if", what_if={"op": "set", "value": 40.0}),
    ),
    # "it has to be in the model" points back to the column said to matter
    (
        "Driver age clearly matters for crashes, so it has to be in the model. With that in, what "
        "does coaching do to crashes?",
        None,
        van("coaching", "crash", common_causes=["driver_age"]),
    ),
    # "it's a natural instrument": the pronoun is the subject of what people say
    (
        "People say the coaching offer only matters through the coaching, so it's a natural "
        "instrument. What did the coaching do to the crashes?",
        None,
        van("coaching", "crash", instrument="coaching_offer"),
    ),
    # the clean part of the story, said in a sentence of its own, is the instrument
    (
        "The coaching offer is what's clean here. Could you estimate what taking the coaching "
        "does to lateness?",
        None,
        van("coaching", "late_pct", instrument="coaching_offer"),
    ),
    # the first sentence asks what X does to Y; the second gives two controls said in passing
    (
        "We want to know what the heated cab does to fuel use. Route length obviously matters, so "
        "keep it in, and van age as well.",
        None,
        van("heated_cab", "fuel_l", common_causes=["route_km", "van_age_yrs"]),
    ),
    # one column said to belong in the adjustment set, and a second one added to it
    (
        "You should estimate what coaching does to lateness. Route length has to be in the "
        "adjustment set, and the region too.",
        None,
        van("coaching", "late_pct", common_causes=["route_km", "region"]),
    ),
    # a scenario on a pronoun whose sentence before says what it is
    (
        "The route length is about 30 km for most vans. If we doubled it, what would you expect "
        "fuel use to be?",
        None,
        van("route_km", "fuel_l", focus="what_if", what_if={"op": "scale", "value": 2.0}),
    ),
    # a follow-up: the column said to matter, then "redo it with that in the model"
    (
        "Hmm, that looks too big. Older vans obviously matter, so could you redo it with that in "
        "the model?",
        "effect",
        van("coaching", "crash", common_causes=["van_age_yrs"]),
    ),
    # follow-ups: the split others believe in, then "split it that way"
    (
        "OK. The dispatchers think it depends on route length, so could you split it that way?",
        "effect",
        van("coaching", "crash", by="route_km"),
    ),
    # a topic before a colon that a pronoun after it stands for, and a claim held by someone
    # that the same sentence asks to measure
    (
        "Thanks. My real question is about the SMS alerts: the ops lead thinks they cut "
        "complaints, and I'd like you to find out by how much.",
        "describe",
        van("sms_alerts", "complaints"),
    ),
    # follow-ups: a split the request names, after a clause of context that says it differs
    (
        "Nice. The managers think the coaching works differently up north, so could you break it "
        "down by region?",
        "effect",
        van("coaching", "crash", by="region"),
    ),
    # the option said in the sentence before "run it again with that" ("flag" names no column)
    (
        "Sorry, forgot to say: the offer flag is the instrument. Could you rerun it with that?",
        "effect",
        van("coaching", "crash", instrument="coaching_offer"),
    ),
    # the assistant's opinion wrapped round the embedded question, after a discovery
    (
        "OK, lots of arrows. From it, what would you say the heated cab does to fuel use?",
        "discover",
        van("heated_cab", "fuel_l"),
    ),
    # thanks, a topic before a colon said again after it, a claim and "check whether it did"
    (
        "Thanks, that helps. What I really care about is coaching: the trainers say coaching cut "
        "crashes, and I'd like you to check whether it did.",
        "describe",
        van("coaching", "crash"),
    ),
]


@pytest.mark.parametrize(
    ("question", "before", "expected"), CONTEXT_FIRST, ids=[q[:60] for q, _, _ in CONTEXT_FIRST]
)
def test_context_first_request_gives_the_call(
    question: str, before: str | None, expected: tuple[str, dict[str, Any]]
) -> None:
    msg = plan(question, [DEPOTS], history=_depot_turn(before) if before else [])
    assert msg.tool_calls, f"no tool call; replied: {msg.content}"
    args = {k: v for k, v in msg.tool_calls[0]["args"].items() if k != "graph"}
    assert (msg.tool_calls[0]["name"], args) == expected
    assert "Not used" not in msg.content


def test_unmeasured_causes_then_an_algorithm_that_allows_for_them_is_fci() -> None:
    msg = plan(
        "Reviewers will ask how the depot variables relate. Hidden common causes are likely "
        "here, so please learn the causal graph with an algorithm that allows for them.",
        [DEPOTS],
    )
    assert msg.tool_calls[0]["args"] == {"dataset": "depots", "algorithm": "fci"}


@pytest.mark.parametrize(
    ("question", "asked"),
    [
        # a plural pointer to what the sentence before was asked about
        (
            "The fleet manager asked me about the heated cabs. Could you estimate what they do to "
            "the fuel?",
            "estimate what the heated cabs do to the fuel?",
        ),
    ],
)
def test_the_request_sentence_is_read_with_its_pointer_resolved(question: str, asked: str) -> None:
    assert normalise(question) == asked


def test_a_framed_question_of_confounding_names_its_whole_analysis() -> None:
    # the asker's framing before it, the third column and the pair in the sentence itself: the
    # sentences before it are context
    assert _self_contained_question(
        "In your view, is route length confounding the relationship between the coaching and "
        "lateness?"
    )


def test_the_claim_is_the_sentence_that_leaves_the_confounder_out() -> None:
    # the second sentence pairs the treatment with the confounder; the first one is the claim
    found = discourse.confounder_around(
        "Vans with coaching crash less. Coaching is mostly in the north region. Is region "
        "confounding this?",
        DEPOTS,
    )
    assert found == (
        "is the effect of coaching on crash confounded by region?",
        ["coaching", "crash", "region"],
    )


def test_a_word_that_ties_two_columns_is_asked_about_though_said_once() -> None:
    # "trips" is the number of rides or their length; its own mention is not another one
    scooters = profile(
        "scooters",
        900,
        col("zone_id", "id", 900),
        col("discount", "binary", 2),
        col("rides_day", "continuous"),
        col("avg_trip_min", "continuous"),
    )
    msg = plan("The discount went out in March. What did it do to trips?", [scooters])
    assert not msg.tool_calls
    assert "avg_trip_min" in msg.content and "rides_day" in msg.content


@pytest.mark.parametrize(
    ("said", "plain"),
    [
        (
            "What would weight loss look like if everyone trained more?",
            "What would weight loss be if everyone trained more?",
        ),
        (
            "How much would you expect the revenue to be then?",
            "How much would the revenue be then?",
        ),
    ],
)
def test_what_y_would_look_like_asks_what_y_would_be(said: str, plain: str) -> None:
    assert surface.plain(said) == plain


def test_a_time_that_comes_faster_is_shorter() -> None:
    wi = _what_if("what would the ratings be if orders arrived 5 minutes sooner")
    assert wi is not None and wi[0]["op"] == "add" and wi[0]["value"] == -5.0


def test_a_method_heard_about_before_is_what_run_it_runs() -> None:
    msg = plan(
        "I've read that the logit lens reveals where predictions form. Could you try it on the "
        "demo model for copying?",
        models=[MODEL],
    )
    assert msg.tool_calls[0]["name"] == "logit_lens"
    assert msg.tool_calls[0]["args"] == {"model": "demo", "behaviour": "copy"}


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the assistant's opinion asked in a sentence of its own, before or after the question
        ("What do you think? Is overtime causing more errors?", eff("overtime_hrs", "error_rate")),
        ("Is overtime causing more errors? Your thoughts?", eff("overtime_hrs", "error_rate")),
        # ... or as a frame around it
        (
            "I'd love your opinion on whether the exoskeleton cuts injuries.",
            eff("exoskeleton", "injury"),
        ),
        (
            "What's your take on whether forklift training lowers the error rate?",
            eff("forklift_training", "error_rate"),
        ),
        # two rival causes of one variable: the causes of that variable
        (
            "Your take: overtime or fatigue behind the injuries?",
            ("discover", {"dataset": "warehouse", "algorithm": "auto", "target": "injury"}),
        ),
        (
            "Which matters more for the pick rate, tenure or forklift training?",
            ("discover", {"dataset": "warehouse", "algorithm": "auto", "target": "pick_rate"}),
        ),
        (
            "Is the error rate driven more by overtime or by fatigue?",
            ("discover", {"dataset": "warehouse", "algorithm": "auto", "target": "error_rate"}),
        ),
    ],
    ids=lambda v: v[:50] if isinstance(v, str) else "",
)
def test_an_opinion_asked_keeps_the_question_inside(
    question: str, expected: tuple[str, dict[str, Any]]
) -> None:
    assert call(question) == expected


def _words_turn(question: str, answer: str) -> list[Any]:
    from langchain_core.messages import AIMessage, HumanMessage

    return [HumanMessage(question), AIMessage(answer)]


def test_that_points_to_a_claim_answered_in_words() -> None:
    # the turn before got no tool call: "that" is its claim, not nothing (nor an older estimate)
    history = [
        *turn(
            "effect of forklift training on the pick rate",
            "estimate_effect",
            {"dataset": "warehouse", "treatment": "forklift_training", "outcome": "pick_rate"},
        ),
        *_words_turn("my site lead thinks overtime causes the errors", "Noted."),
    ]
    assert call("can you check whether tenure is behind that?", history) == eff(
        "overtime_hrs", "error_rate", common_causes=["tenure_yrs"], focus="confounding"
    )


@pytest.mark.parametrize("reply", ["yes", "yep, do that", "sure, go ahead", "the plain one"])
def test_consent_after_the_swap_asked_back_runs_the_reversed_effect(reply: str) -> None:
    from langchain_core.messages import AIMessage, HumanMessage

    history = turn(
        "how much of the overtime effect on errors goes through fatigue?",
        "estimate_effect",
        {
            "dataset": "warehouse",
            "treatment": "overtime_hrs",
            "outcome": "error_rate",
            "mediator": "fatigue_score",
        },
    )
    asked = plan("the other way round?", [WAREHOUSE], history=history)
    assert not asked.tool_calls and "plain effect" in asked.content
    history = [*history, HumanMessage("the other way round?"), AIMessage(asked.content)]
    assert call(reply, history) == eff("error_rate", "overtime_hrs")


@pytest.mark.parametrize(
    ("question", "extra"),
    [
        ("The clinic managers say reminder texts cut no-shows.", {}),
        (
            "Our clinic leads think that the reminder texts cut no-shows. Could age be behind that?",
            {"common_causes": ["age"], "focus": "confounding"},
        ),
    ],
)
def test_who_holds_a_claim_names_no_column(question: str, extra: dict[str, Any]) -> None:
    # ("clinic" is a column: the people who hold the claim are not its treatment)
    msg = plan(question, [CLINIC])
    assert msg.tool_calls[0]["args"] == {
        "dataset": "clinic",
        "treatment": "reminder_sms",
        "outcome": "no_show",
        **extra,
    }


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # "can you tell whether ...": the indirect yes/no question asked directly
        (
            "Can you tell whether the exoskeleton effect on injuries is just down to tenure?",
            eff("exoskeleton", "injury", common_causes=["tenure_yrs"], focus="confounding"),
        ),
        # "is there any evidence that ...", "do you see any sign that ...": whether it is so
        (
            "Do you see any sign that the site is behind the link between overtime and errors?",
            eff("overtime_hrs", "error_rate", common_causes=["site"], focus="confounding"),
        ),
        # a third variable said to distort (bias, skew) the effect: a confounding check
        (
            "Could you tell me whether tenure biases the exoskeleton's effect on injuries?",
            eff("exoskeleton", "injury", common_causes=["tenure_yrs"], focus="confounding"),
        ),
        # ("boosts" is no misspelt algorithm name)
        (
            "Could you tell whether forklift training boosts the pick rate?",
            eff("forklift_training", "pick_rate"),
        ),
    ],
    ids=lambda v: v[:50] if isinstance(v, str) else "",
)
def test_a_request_to_tell_keeps_its_question_and_options(
    question: str, expected: tuple[str, dict[str, Any]]
) -> None:
    assert call(question) == expected


def test_controls_end_at_the_nearest_with_and_before_a_request() -> None:
    # ("weighting myself" is no control, and no body-mass column by its "weight")
    patients = profile(
        "patients",
        1200,
        col("statin", "binary", 2),
        col("ldl", "continuous"),
        col("bmi", "continuous"),
        col("age", "continuous"),
        col("smoker", "binary", 2),
    )
    msg = plan(
        "What does the statin do to LDL? I'd go with inverse probability weighting myself, with "
        "age and smoking as controls - can you run that?",
        [patients],
    )
    assert msg.tool_calls[0]["args"] == {
        "dataset": "patients",
        "treatment": "statin",
        "outcome": "ldl",
        "method": "weighting",
        "common_causes": ["age", "smoker"],
    }


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # an effect on another outcome with no treatment named: the last estimate's treatment
        ("What is the effect on the error rate?", eff("exoskeleton", "error_rate")),
        ("What would you say the effect is on errors instead?", eff("exoskeleton", "error_rate")),
        # "do you see the same thing for Y?": the same estimate for another outcome
        ("Do you see the same thing for the error rate?", eff("exoskeleton", "error_rate")),
        ("the same thing for the pick rate?", eff("exoskeleton", "pick_rate")),
        # the request after the added control is no control
        (
            "Would you mind adding tenure as a control and running it again?",
            eff("exoskeleton", "injury", common_causes=["tenure_yrs"]),
        ),
    ],
    ids=lambda v: v[:50] if isinstance(v, str) else "",
)
def test_a_request_after_an_estimate_keeps_its_pair(
    question: str, expected: tuple[str, dict[str, Any]]
) -> None:
    history = turn(
        "effect of the exoskeleton on injuries",
        "estimate_effect",
        {"dataset": "warehouse", "treatment": "exoskeleton", "outcome": "injury"},
    )
    msg = plan(question, [WAREHOUSE], history=history)
    assert (msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]) == expected
    assert "Not used" not in msg.content  # (no words of the request read as a column)


@pytest.mark.parametrize("reply", ["no", "nope, leave it", "No thanks.", "never mind"])
def test_a_refusal_after_the_swap_asked_back_runs_nothing(reply: str) -> None:
    from langchain_core.messages import AIMessage, HumanMessage

    history = turn(
        "what does the pick rate gain from forklift training, instrumented by the tenure?",
        "estimate_effect",
        {
            "dataset": "warehouse",
            "treatment": "forklift_training",
            "outcome": "pick_rate",
            "instrument": "tenure_yrs",
        },
    )
    asked = plan("and reversed?", [WAREHOUSE], history=history)
    assert not asked.tool_calls and "plain effect" in asked.content
    history = [*history, HumanMessage("and reversed?"), AIMessage(asked.content)]
    msg = plan(reply, [WAREHOUSE], history=history)
    assert not msg.tool_calls and msg.content.startswith("Fine: nothing is run.")
