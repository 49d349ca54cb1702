"""The offline planner reads questions as varied users type them: chat spellings, shifts said
as comparisons ("5 years older", "10% higher", "3k more"), requests it must decline in words,
explanations of the last result, heads named in words, roles written like a form, groups compared
with the rest or named by their levels, and verbs that name the outcome. Planner only: no tool
runs. The tables here (a clinic's appointments, a bakery chain) are not the benchmark's."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import MODEL
from tests.test_offline_planner import TOOLS, col

CLINIC = {
    "id": "clinic",
    "name": "clinic",
    "source": "clinic.csv",
    "n": 1200,
    "p": 9,
    "columns": [
        col("visit_id", "id", 1200),
        col("PatientAge", "continuous"),
        col("reminder_sms", "binary", 2),
        col("wait_minutes", "continuous"),
        col("no_show", "binary", 2),
        col("distance_km", "continuous"),
        col("satisfaction", "continuous"),
        col("clinic_site", "categorical", 3),
        col("fee_k", "continuous"),
    ],
    "notes": [
        "encoded categorical column 'clinic_site' as integer codes (downtown=0, harbour=1, "
        "uptown=2) for discovery; effect estimators use one indicator per level",
        "not analysed: column 'visit_id' looks like an id (a different whole number in every row)",
    ],
}


def ask(question: str, history: list[Any] = ()) -> AIMessage:
    state = {"datasets": {"clinic": CLINIC}, "models": {"demo": MODEL}}
    return next_message([system_message(state), *history, HumanMessage(question)], TOOLS)


def call_of(msg: AIMessage) -> tuple[str, dict[str, Any]]:
    assert msg.tool_calls, f"no tool call; replied: {msg.content}"
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


def eff(t: str, y: str, **extra: Any) -> tuple[str, dict[str, Any]]:
    return "estimate_effect", {"dataset": "clinic", "treatment": t, "outcome": y, **extra}


def what_if(op: str, value: float) -> dict[str, Any]:
    return {"focus": "what_if", "what_if": {"op": op, "value": value}}


def probe(tool: str, **args: Any) -> tuple[str, dict[str, Any]]:
    return tool, {"model": "demo", **args}


DRIVERS = ("discover", {"dataset": "clinic", "algorithm": "auto", "target": "no_show"})
CASES = [
    # chat spellings too short for typo correction
    (
        "wat drives no shows",
        DRIVERS,
    ),
    (
        "effect of reminder sms on no show w/ distance as a control pls",
        eff("reminder_sms", "no_show", common_causes=["distance_km"]),
    ),
    # shifts said as comparisons, percentages, multiples, thousands
    (
        "what would happen to no shows if patients were 10 years older?",
        eff("PatientAge", "no_show", **what_if("add", 10.0)),
    ),
    (
        "if waits were 20% shorter, how would satisfaction change?",
        eff("wait_minutes", "satisfaction", **what_if("scale", 0.8)),
    ),
    (
        "2x wait minutes => satisfaction?",
        eff("wait_minutes", "satisfaction", **what_if("scale", 2.0)),
    ),
    (
        "simulate setting the wait to 15 for everyone and show satisfaction",
        eff("wait_minutes", "satisfaction", **what_if("set", 15.0)),
    ),
    # a fee counted in thousands keeps "2k more" at 2
    (
        "predict no shows if we charge 2k more in fees",
        eff("fee_k", "no_show", **what_if("add", 2.0)),
    ),
    (
        "if the distance rises 30%, the no shows go up? how much",
        eff("distance_km", "no_show", **what_if("scale", 1.3)),
    ),
    # roles written like a form, mediators said as a path
    (
        "mediation: treatment reminder sms, mediator wait minutes, outcome satisfaction",
        eff("reminder_sms", "satisfaction", mediator="wait_minutes"),
    ),
    (
        "direct effect of the reminder on satisfaction, not counting the wait path",
        eff("reminder_sms", "satisfaction", mediator="wait_minutes"),
    ),
    # groups compared with the rest, or named by their levels
    (
        "does the reminder help some clinic sites more than others (no show)?",
        eff("reminder_sms", "no_show", by="clinic_site"),
    ),
    (
        "reminder sms effect on no show: downtown vs harbour vs uptown",
        eff("reminder_sms", "no_show", by="clinic_site"),
    ),
    (
        "does the reminder work better downtown? for no shows",
        eff("reminder_sms", "no_show", by="clinic_site"),
    ),
    # confounding said after the pair; direction from a yes/no column when only 'vs' orders it
    (
        "reminders and no shows: confounded by distance?",
        eff("reminder_sms", "no_show", focus="confounding", common_causes=["distance_km"]),
    ),
    (
        "satisfaction vs reminder sms, what's the causal effect?",
        eff("reminder_sms", "satisfaction"),
    ),
    ("wait minutes vs reminder sms, what's the effect?", eff("reminder_sms", "wait_minutes")),
    # a verb names the outcome
    ("do older patients wait longer?", eff("PatientAge", "wait_minutes")),
    # the subject of the sentence before a pronoun
    (
        "Our no-show numbers are terrible. What's causing them?",
        DRIVERS,
    ),
    # scenarios said in other ways
    (
        "what would satisfaction look like with zero wait minutes?",
        eff("wait_minutes", "satisfaction", **what_if("set", 0.0)),
    ),
    (
        "how many no shows would we see if every visit had a reminder sms?",
        eff("reminder_sms", "no_show", **what_if("set", 1.0)),
    ),
    (
        "what happens to satisfaction if the wait is reduced by a third?",
        eff("wait_minutes", "satisfaction", **what_if("scale", 2 / 3)),
    ),
    (
        "assume wait_minutes=10 everywhere; estimate the satisfaction change",
        eff("wait_minutes", "satisfaction", **what_if("set", 10.0)),
    ),
    # non-native passive, statement order, mechanisms, subgroups said as a condition
    ("no shows are reduced from the reminder sms? how much", eff("reminder_sms", "no_show")),
    (
        "I just want to know if the reminder sms is worth it for satisfaction.",
        eff("reminder_sms", "satisfaction"),
    ),
    (
        "does the effect of the wait on satisfaction differ by whether a reminder sms was sent?",
        eff("wait_minutes", "satisfaction", by="reminder_sms"),
    ),
    (
        "per-site effect of the reminder sms on no show",
        eff("reminder_sms", "no_show", by="clinic_site"),
    ),
    (
        "are downtown and uptown patients affected differently by the reminder sms (no show)?",
        eff("reminder_sms", "no_show", by="clinic_site"),
    ),
    (
        "could distance explain away the reminder-no show link?",
        eff("reminder_sms", "no_show", focus="confounding", common_causes=["distance_km"]),
    ),
    (
        "Please quantify the expected change in satisfaction under a 25% reduction of wait minutes.",
        eff("wait_minutes", "satisfaction", **what_if("scale", 0.75)),
    ),
    (
        "so, if we rolled the reminder sms out to every single visit, what's no show going to do?",
        eff("reminder_sms", "no_show", **what_if("set", 1.0)),
    ),
    (
        "Suppose the wait is halved next month; what would happen to satisfaction, and by how much?",
        eff("wait_minutes", "satisfaction", **what_if("scale", 0.5)),
    ),
    (
        "a +5 minute increase in wait: effect on satisfaction?",
        eff("wait_minutes", "satisfaction", **what_if("add", 5.0)),
    ),
    ("is satisfaction lower when a reminder sms is sent?", eff("reminder_sms", "satisfaction")),
    (
        "is the reminder effect on no show stronger for uptown?",
        eff("reminder_sms", "no_show", by="clinic_site"),
    ),
    (
        "Does the reminder only lift satisfaction because waits get shorter, or is there more to it?",
        eff("reminder_sms", "satisfaction", mediator="wait_minutes"),
    ),
    ("reminder sms at 0%: no show?", eff("reminder_sms", "no_show", **what_if("set", 0.0))),
    (
        "We're thinking of making waits 20 percent shorter. What would that mean for satisfaction?",
        eff("wait_minutes", "satisfaction", **what_if("scale", 0.8)),
    ),
    (
        "simulate a 50% cut in wait minutes and report the satisfaction change",
        eff("wait_minutes", "satisfaction", **what_if("scale", 0.5)),
    ),
    ("is the wait behind the no shows?", eff("wait_minutes", "no_show")),
    (
        "which part of the reminder effect on satisfaction takes the wait route?",
        eff("reminder_sms", "satisfaction", mediator="wait_minutes"),
    ),
    (
        "wait_minutes=15 -> satisfaction?",
        eff("wait_minutes", "satisfaction", **what_if("set", 15.0)),
    ),
    (
        "knock 10% off the fee and tell me what the no show does",
        eff("fee_k", "no_show", **what_if("scale", 0.9)),
    ),
    (
        "impact on no show if the reminder sms became standard on every visit",
        eff("reminder_sms", "no_show", **what_if("set", 1.0)),
    ),
    (
        "The board proposes doubling the fee next year. Could you estimate how no shows would respond?",
        eff("fee_k", "no_show", **what_if("scale", 2.0)),
    ),
    (
        "mediation reminder sms/wait minutes/satisfaction",
        eff("reminder_sms", "satisfaction", mediator="wait_minutes"),
    ),
    (
        "I bet the reminder effect on satisfaction is all about the shorter wait. True?",
        eff("reminder_sms", "satisfaction", mediator="wait_minutes"),
    ),
    (
        "how much extra satisfaction does each minute... sorry, each unit of wait minutes give?",
        eff("wait_minutes", "satisfaction"),
    ),
    (
        "What would a 30% bigger fee do to no shows?",
        eff("fee_k", "no_show", **what_if("scale", 1.3)),
    ),
    (
        "suppose all the patients are getting a reminder sms, the no shows will be how many?",
        eff("reminder_sms", "no_show", **what_if("set", 1.0)),
    ),
    (
        "wait minutes +5min => satisfaction",
        eff("wait_minutes", "satisfaction", **what_if("add", 5.0)),
    ),
    (
        "How would satisfaction change with two more minutes of wait?",
        eff("wait_minutes", "satisfaction", **what_if("add", 2.0)),
    ),
    (
        "the wait we make it 10% less, what happen with the satisfaction?",
        eff("wait_minutes", "satisfaction", **what_if("scale", 0.9)),
    ),
    ("reminder_sms=0 for all -> no show?", eff("reminder_sms", "no_show", **what_if("set", 0.0))),
    (
        "ok picture this: every visit comes with a reminder sms. no shows?",
        eff("reminder_sms", "no_show", **what_if("set", 1.0)),
    ),
    (
        "Would satisfaction double if we halved wait minutes?",
        eff("wait_minutes", "satisfaction", **what_if("scale", 0.5)),
    ),
    (
        "Suppose the reminder only helps because it lowers the wait - can we quantify that part for "
        "satisfaction?",
        eff("reminder_sms", "satisfaction", mediator="wait_minutes"),
    ),
    ("no reminders at all -> no show?", eff("reminder_sms", "no_show", **what_if("set", 0.0))),
    (
        "Say fees jump 15 percent. No shows?",
        eff("fee_k", "no_show", **what_if("scale", 1.15)),
    ),
    (
        "We think waits could be cut to a quarter of today's level; what would that do to satisfaction?",
        eff("wait_minutes", "satisfaction", **what_if("scale", 0.25)),
    ),
    (
        "satisfaction if wait minutes were 50% higher?",
        eff("wait_minutes", "satisfaction", **what_if("scale", 1.5)),
    ),
    # the adjective names the treatment
    ("do older patients get more reminder sms?", eff("PatientAge", "reminder_sms")),
    # probing: heads said in words, steering and probing in other words
    (
        "please remove the head number 2 of layer 1 and measure the copy",
        probe("head_ablation", heads=["1.2"], behaviour="copy"),
    ),
    ("lin probe L1 nouns.jsonl", probe("linear_probe", prompts="nouns.jsonl", layers=[1])),
    (
        "set head 1.3's output to zero and check copying",
        probe("head_ablation", heads=["1.3"], behaviour="copy"),
    ),
    (
        "steer L1: +kind.jsonl -rude.jsonl",
        probe("steer", positive="kind.jsonl", negative="rude.jsonl", layer=1),
    ),
    (
        "push the model toward kind.jsonl and away from rude.jsonl at layer 1",
        probe("steer", positive="kind.jsonl", negative="rude.jsonl", layer=1),
    ),
    (
        "probe layer 0 and layer 1 for plurality in nouns.jsonl",
        probe("linear_probe", prompts="nouns.jsonl", layers=[0, 1]),
    ),
]


@pytest.mark.parametrize(("question", "expected"), CASES, ids=[q for q, _ in CASES])
def test_question_gives_the_call(question: str, expected: tuple[str, dict[str, Any]]) -> None:
    assert call_of(ask(question)) == expected


WORDS = [
    ("Hi there! First time using this. How does it work?", ["effect", "discover"]),
    ("which kind of questions I can ask to you?", ["effect", "graph"]),
    ("which causal discovery methods can I pick from", ["pc", "ges"]),
    ("thx, that helps a lot!", ["welcome"]),
    ("forecast next month's no shows for site 3", ["cannot"]),
    ("predict whether visit 1044 will be a no show", ["cannot"]),
    ("delete the rows where distance is missing and save the file", ["cannot"]),
    ("rename the column fee_k to fee", ["cannot"]),
    ("impute the missing distances with the median", ["cannot"]),
    ("run a SQL query on the clinic table", ["cannot"]),
    ("download last year's visits from the website", ["cannot"]),
    ("why did you pick that method?", ["no earlier result"]),
    ("remind me tomorrow to look at the no shows", ["cannot"]),
    ("make me a powerpoint with these numbers", ["cannot"]),
    ("email the results to my boss", ["cannot"]),
    ("use regression trees to get the effect of the wait on satisfaction", ["regression trees"]),
    ("can you put that estimate in simple terms?", ["no earlier result"]),
    ("run discovery with the Hoeffding D test", ["hoeffding"]),
    ("estimate the reminder effect on no show using propensity trees", ["propensity trees"]),
    ("do you support time series?", ["yes", "pcmci"]),
    ("send me a pie chart of the clinic sites", ["cannot"]),
    ("explain your last answer please", ["no earlier result"]),
    # an id column is named only when the phrase says its whole name
    ("does the visit nurse's mood affect satisfaction?", ["nurse", "no column"]),
    # a method named with 'time series' in it is a method, not a time-series question
    (
        "effect of reminder sms on no show with a Bayesian structural time series model",
        ["bayesian structural time series"],
    ),
]


@pytest.mark.parametrize(("question", "words"), WORDS, ids=[q for q, _ in WORDS])
def test_question_gets_words(question: str, words: list[str]) -> None:
    msg = ask(question)
    text = str(msg.content).lower()
    for w in words:
        assert w in text, f"{question!r}: {msg.content!r} ({msg.tool_calls})"


def _estimated(t: str, y: str, result: dict[str, Any]) -> list[Any]:
    call = {
        "name": "estimate_effect",
        "args": {"dataset": "clinic", "treatment": t, "outcome": y},
        "id": "c1",
        "type": "tool_call",
    }
    body = json.dumps({"ok": True, "summary": "", "result": result})
    return [
        HumanMessage(f"effect of {t} on {y}"),
        AIMessage("", tool_calls=[call]),
        ToolMessage(body, tool_call_id="c1"),
        AIMessage("Done."),
    ]


def test_explaining_the_last_result_names_its_variables_and_number() -> None:
    history = _estimated(
        "reminder_sms",
        "no_show",
        {
            "ate": -0.071,
            "ci": [-0.09, -0.05],
            "method": "weighting",
            "treatment_kind": "binary",
            "method_reason": "binary treatment",
            "adjustment_set": ["distance_km"],
        },
    )
    text = str(ask("can you explain that result in plain words?", history).content)
    assert "reminder_sms going from 0 to 1 changes no_show by -0.071" in text
    assert "weighting" in text and "distance_km" in text


def test_a_follow_up_experiment_keeps_the_last_behaviour() -> None:
    call = {
        "name": "head_ablation",
        "args": {"model": "demo", "behaviour": "recall"},
        "id": "p1",
        "type": "tool_call",
    }
    history = [
        HumanMessage("which heads matter for recall?"),
        AIMessage("", tool_calls=[call]),
        ToolMessage(json.dumps({"ok": True, "summary": "", "result": {}}), tool_call_id="p1"),
        AIMessage("Done."),
    ]
    assert call_of(ask("now do the same task with activation patching", history)) == probe(
        "activation_patching", behaviour="recall"
    )
    # without a word that refers back, the default behaviour stays
    assert call_of(ask("activation patching please", history)) == probe(
        "activation_patching", behaviour="induction"
    )


def test_how_much_a_variable_matters_asks_for_the_outcome_and_takes_the_reply() -> None:
    first = ask("how much does the distance matter?")
    assert not first.tool_calls and "?" in str(first.content)
    state = {"datasets": {"clinic": CLINIC}, "models": {"demo": MODEL}}
    follow = [
        system_message(state),
        HumanMessage("how much does the distance matter?"),
        AIMessage(first.content),
        HumanMessage("no show"),
    ]
    assert call_of(next_message(follow, TOOLS)) == eff("distance_km", "no_show")


def test_a_mechanism_without_an_outcome_asks_for_it_and_keeps_the_mediator() -> None:
    question = (
        "I think the reminder works because patients then wait fewer minutes. Can you test that?"
    )
    first = ask(question)
    assert not first.tool_calls and "outcome" in str(first.content).lower()
    state = {"datasets": {"clinic": CLINIC}, "models": {"demo": MODEL}}
    follow = [
        system_message(state),
        HumanMessage(question),
        AIMessage(first.content),
        HumanMessage("satisfaction"),
    ]
    assert call_of(next_message(follow, TOOLS)) == eff(
        "reminder_sms", "satisfaction", mediator="wait_minutes"
    )
