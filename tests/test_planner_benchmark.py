"""The planner benchmark itself: its scorer (strict about dropped, reversed and invented slots),
its question set (size, split, coverage, columns that exist, true values from the generator) and
that every expected call is one the tools' schemas accept."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from typing import Any

import pytest
from langchain_core.messages import AIMessage, ToolMessage

from benchmarks import planner_accuracy as bench
from benchmarks.planner_data import DOMAINS, frame, truth_for


def reply(name: str | None = None, content: str = "", **args: Any) -> AIMessage:
    calls = [{"name": name, "args": args, "id": "c0", "type": "tool_call"}] if name else []
    return AIMessage(content=content, tool_calls=calls)


EFFECT = {
    "tool": "estimate_effect",
    "args": {"dataset": "hospital", "treatment": "new_drug", "outcome": "recovery_days"},
}


def score(expect: dict[str, Any], msg: AIMessage, graphs: set[str] = frozenset()) -> bool:
    return bench.score_call(expect, msg, graphs)[0]


# scorer -----------------------------------------------------------------------------------------
def test_the_right_call_passes_and_a_reversed_one_fails():
    assert score(EFFECT, reply("estimate_effect", **EFFECT["args"]))
    reversed_ = {**EFFECT["args"], "treatment": "recovery_days", "outcome": "new_drug"}
    ok, why = bench.score_call(EFFECT, reply("estimate_effect", **reversed_))
    assert not ok and "treatment='recovery_days'" in why
    assert not score(EFFECT, reply("discover", dataset="hospital"))
    assert not score(EFFECT, reply(content="Which outcome?"))


def test_a_dropped_or_moved_instrument_fails():
    want = {**EFFECT, "args": {**EFFECT["args"], "instrument": "trial_offer"}}
    ok, why = bench.score_call(want, reply("estimate_effect", **EFFECT["args"]))
    assert not ok and why == "dropped instrument='trial_offer'"
    # the instrument used as a covariate: dropped as instrument and an invented control
    moved = reply("estimate_effect", **EFFECT["args"], common_causes=["trial_offer"])
    assert not score(want, moved)
    assert not score(EFFECT, moved)  # a control nobody asked for is a failure too


def test_defaults_may_be_spelled_out_but_other_values_may_not():
    assert score(EFFECT, reply("estimate_effect", **EFFECT["args"], method="auto", refute=True))
    ok, why = bench.score_call(EFFECT, reply("estimate_effect", **EFFECT["args"], method="dml"))
    assert not ok and "added method='dml'" in why
    disc = {"tool": "discover", "args": {"dataset": "farm", "alpha": 0.01}}
    assert score(disc, reply("discover", dataset="farm", alpha=0.01, algorithm="auto"))
    assert not score(disc, reply("discover", dataset="farm", alpha=0.05))
    assert score(disc, reply("discover", dataset="farm", alpha=0.01 + 1e-12))
    assert not score(disc, reply("discover", dataset="farm", alpha=0.01, ci_test="kci"))
    # asking for the default value is met by leaving the argument out
    default = {"tool": "discover", "args": {"dataset": "farm", "alpha": 0.05}}
    assert score(default, reply("discover", dataset="farm"))
    assert not score(default, reply("discover", dataset="farm", alpha=0.1))


def test_names_are_compared_as_the_tools_canonicalise_them():
    want = {**EFFECT, "args": {**EFFECT["args"], "method": "weighting"}}
    assert score(want, reply("estimate_effect", **EFFECT["args"], method="ipw"))
    assert not score(want, reply("estimate_effect", **EFFECT["args"], method="matching"))
    disc = {"tool": "discover", "args": {"dataset": "farm", "algorithm": "direct_lingam"}}
    assert score(disc, reply("discover", dataset="farm", algorithm="DirectLiNGAM"))
    heads = {"tool": "head_ablation", "args": {"model": "demo", "heads": ["1.0", "0.3"]}}
    assert score(heads, reply("head_ablation", model="demo", heads=["L0H3", "1.0"]))
    assert not score(heads, reply("head_ablation", model="demo", heads=["1.0"]))


def test_lists_of_columns_are_sets_and_a_dropped_control_fails():
    want = {**EFFECT, "args": {**EFFECT["args"], "common_causes": ["age", "severity_score"]}}
    args = EFFECT["args"]
    assert score(want, reply("estimate_effect", **args, common_causes=["severity_score", "age"]))
    assert not score(want, reply("estimate_effect", **args, common_causes=["age"]))


def test_new_arguments_are_compared_exactly():
    what_if = {"op": "scale", "value": 2.0}
    want = {**EFFECT, "args": {**EFFECT["args"], "focus": "what_if", "what_if": what_if}}
    args = EFFECT["args"]
    assert score(want, reply("estimate_effect", **args, focus="what_if", what_if=what_if))
    halved = {"op": "scale", "value": 0.5}
    assert not score(want, reply("estimate_effect", **args, focus="what_if", what_if=halved))
    assert not score(want, reply("estimate_effect", **args))  # a plain effect is not the scenario


def test_an_argument_left_open_may_take_only_the_values_that_fit_the_question():
    want = {**EFFECT, "allow": {"method": ["linear_regression"]}}  # "regress Y on X"
    assert score(want, reply("estimate_effect", **EFFECT["args"], method="ols"))
    assert not score(want, reply("estimate_effect", **EFFECT["args"], method="matching"))
    anything = {**EFFECT, "allow": ["mediator"]}
    assert score(anything, reply("estimate_effect", **EFFECT["args"], mediator="crp_level"))


def test_a_graph_is_allowed_only_when_discovered_earlier_in_the_session():
    msg = reply("estimate_effect", **EFFECT["args"], graph="h0_0")
    assert score(EFFECT, msg, {"h0_0"})
    assert not score(EFFECT, msg)


def test_what_was_not_used_must_be_said():
    want = {**EFFECT, "note": ["quantum forest"]}
    assert not score(want, reply("estimate_effect", **EFFECT["args"]))
    said = "I do not know the method 'quantum forest'; I used the default."
    assert score(want, reply("estimate_effect", content=said, **EFFECT["args"]))


def test_questions_back_and_answers_in_words():
    ask = {"ask": ["pain_score", "severity_score"]}
    good = reply(content="Which column do you mean by 'score': 'pain_score' or 'severity_score'?")
    assert bench.score_ask(ask, good)[0]
    assert not bench.score_ask(ask, reply(content="Which column: 'pain_score'?"))[0]
    assert not bench.score_ask(ask, reply(content="pain_score or severity_score."))[0]
    assert not bench.score_ask(ask, reply("describe", dataset="hospital"))[0]
    words = {"words": [["cannot", "can't"], ["forecast"]]}
    assert bench.score_words(words, reply(content="I can't forecast."))[0]
    assert not bench.score_words(words, reply(content="I cannot do that."))[0]
    # the reply to a question not understood repeats the columns it recognised: no answer
    edge = {"words": [["dose_mg"], ["pain_score"], ["cause"]]}
    unread = (
        "I could not tell what analysis this question asks for. I recognised the columns "
        "dose_mg, pain_score; to estimate an effect ask e.g. 'what is the effect of dose_mg on "
        "pain_score?'. I can describe a dataset; discover its causal graph or the causes of a "
        "variable."
    )
    assert not bench.score_words(edge, reply(content=unread))[0]
    told = "The last graph has an arrow from dose_mg to pain_score: a direct cause."
    assert bench.score_words(edge, reply(content=told))[0]


def scripted(monkeypatch, replies: list[AIMessage]) -> list[list[Any]]:
    """Replace the planner by a script; returns the conversations it was shown."""
    seen: list[list[Any]] = []

    def fake(messages, tools):
        seen.append(list(messages))
        return replies[len(seen) - 1]

    monkeypatch.setattr("copilot.agents.planner.next_message", fake)
    monkeypatch.setattr(bench, "dataset_profile", lambda name: {"id": name, "columns": []})
    return seen


def test_a_question_back_is_answered_with_the_one_word_reply(monkeypatch):
    item = {
        "question": "effect of the new drug on the score",
        "datasets": ["hospital"],
        "expect": {
            "ask": ["pain_score", "severity_score"],
            "reply": "pain",
            "then": {**EFFECT, "args": {**EFFECT["args"], "outcome": "pain_score"}},
        },
    }
    back = reply(content="Which one: 'pain_score' or 'severity_score'?")
    call = reply("estimate_effect", **{**EFFECT["args"], "outcome": "pain_score"})
    seen = scripted(monkeypatch, [back, call])
    assert bench.run_item(item, ["estimate_effect"]).ok
    assert [m.content for m in seen[1][-3:]] == [item["question"], back.content, "pain"]
    seen = scripted(monkeypatch, [back, reply("estimate_effect", **EFFECT["args"])])
    verdict = bench.run_item(item, ["estimate_effect"])
    assert not verdict.ok and verdict.why.startswith("after the reply: outcome=")


def test_a_planner_crash_fails_the_item_and_the_run_goes_on(monkeypatch):
    def crash(messages, tools):
        raise KeyError("treatment")

    monkeypatch.setattr("copilot.agents.planner.next_message", crash)
    monkeypatch.setattr(bench, "dataset_profile", lambda name: {"id": name, "columns": []})
    verdict = bench.run_item({"question": "q", "datasets": ["x"], "expect": EFFECT}, [])
    assert not verdict.ok and "KeyError" in verdict.why


def test_history_and_later_steps_reach_the_planner_as_the_agent_records_them(monkeypatch):
    item = {
        "question": "find the induction heads",
        "models": ["demo"],
        "history": [
            {"ask": "earlier", "call": {"tool": "describe", "args": {"dataset": "x"}}},
            {
                "ask": "failed",
                "call": {"tool": "discover", "args": {"dataset": "x"}},
                "error": {"message": "bad", "hint": "fix"},
            },
        ],
        "expect": {
            "steps": [
                {"tool": "head_scores", "args": {"model": "demo"}, "result": {"top": [1]}},
                {"tool": "head_ablation", "args": {"model": "demo", "heads": ["1.0"]}},
            ]
        },
    }
    seen = scripted(
        monkeypatch,
        [reply("head_scores", model="demo"), reply("head_ablation", model="demo", heads=["1.0"])],
    )
    assert bench.run_item(item, ["head_scores", "head_ablation"]).ok
    tools = [json.loads(m.content) for m in seen[1] if isinstance(m, ToolMessage)]
    assert tools[0]["ok"] is True and tools[1] == {
        "ok": False,
        "error": "InputError",
        "message": "bad",
        "hint": "fix",
    }
    assert tools[2] == {"ok": True, "summary": "", "result": {"top": [1]}}
    assert bench.discover_ids(item["history"]) == set()  # the failed discovery is no graph


def test_held_aside_details_stay_out_of_the_report_unless_asked():
    rows = [
        {"id": "a-1", "split": "aside", "file": "aside.yaml", "category": "effect", "tags": ["t"], "ok": False,
         "why": "SECRET", "question": "Q?", "replies": [], "seconds": [0.001]},
        {"id": "d-1", "split": "dev", "file": "dev.yaml", "category": "effect", "tags": ["t"], "ok": True,
         "why": "", "question": "Q2", "replies": [], "seconds": [0.001]},
    ]  # fmt: skip
    text = bench.report(rows, ["dev", "aside"], {"dev"})
    assert "SECRET" not in text and "a-1" not in text
    assert "effect" in text and "1/1" in text and "0/1" in text
    assert "SECRET" in bench.report(rows, ["dev", "aside"], {"dev", "aside"})
    assert bench._without_detail(rows[0]).keys() == {
        "id",
        "split",
        "file",
        "category",
        "tags",
        "ok",
    }


# the question set ---------------------------------------------------------------------------------
ITEMS = bench.load_items("all")
CONTRACT_CATEGORIES = {
    "describe",
    "missing",
    "graph",
    "drivers",
    "effect",
    "effect_options",
    "mediation",
    "heterogeneity",
    "confounding",
    "what_if",
    "method_comparison",
    "probing",
    "follow_up",
    "clarify",
    "words",
}


def expected_calls(expect: dict[str, Any]) -> list[dict[str, Any]]:
    if "any_of" in expect:
        return [c for alt in expect["any_of"] for c in expected_calls(alt)]
    if "then" in expect:
        return [expect["then"]]
    if "steps" in expect:
        return list(expect["steps"])
    return [expect] if "tool" in expect else []


def test_the_set_is_large_split_a_third_aside_in_every_category():
    assert len(ITEMS) >= 300
    assert len({i["id"] for i in ITEMS}) == len(ITEMS)
    cats = Counter(i["category"] for i in ITEMS)
    assert CONTRACT_CATEGORIES <= set(cats)
    # the first set (dev.yaml + aside.yaml) keeps a third of each category aside
    first = [i for i in ITEMS if i["file"] in ("dev.yaml", "aside.yaml")]
    cats = Counter(i["category"] for i in first)
    aside = Counter(i["category"] for i in first if i["split"] == "aside")
    for cat, n in cats.items():
        assert aside[cat] == n // 3, cat  # every third question of each category is aside
    used = Counter(d for i in ITEMS for d in i.get("datasets") or [])
    assert len([d for d, n in used.items() if n >= 30]) >= 4


def test_follow_ups_questions_back_and_new_arguments_are_all_present():
    assert sum(bool(i.get("history")) for i in ITEMS) >= 30
    assert sum("reply" in i["expect"] for i in ITEMS) >= 10
    used = {k for i in ITEMS for c in expected_calls(i["expect"]) for k in c["args"]}
    assert {"focus", "what_if", "methods", "instrument", "common_causes", "mediator", "by"} <= used


def test_every_expected_column_exists_in_the_generated_tables():
    columns = {name: set(frame(name).columns) for name in DOMAINS}
    for item in ITEMS:
        for call in expected_calls(item["expect"]):
            args = call["args"]
            if "dataset" not in args:
                continue
            cols = columns[args["dataset"]]
            named = [args.get(k) for k in ("treatment", "outcome", "mediator", "instrument", "by")]
            named += [args.get(k) for k in ("target", "domain_col", "time_col")]
            named += list(args.get("common_causes") or [])
            for edge in [*(args.get("required") or []), *(args.get("forbidden") or [])]:
                named += edge.split("->")
            for c in filter(None, named):
                assert c in cols, (item["id"], c)


def test_true_values_come_from_the_generator():
    with_truth = [i for i in ITEMS if i.get("truth")]
    assert len(with_truth) >= 150
    # one item of each kind of truth (effect, mediation, subgroups, what-if, confounding)
    sample = {}
    for item in with_truth:
        sample.setdefault(tuple(sorted(item["truth"])), item)
    assert len(sample) == 5
    for item in sample.values():
        assert truth_for(bench.final_call(item["expect"])) == item["truth"], item["id"]
    hospital = next(i for i in with_truth if i["id"] == "effect-001")
    assert hospital["truth"]["effect"] == pytest.approx(-2.36, abs=0.01)  # -1.2 - 0.5*2 + wards


# the contract with the tools' schemas ---------------------------------------------------------------
@cache
def _specs():
    from copilot.agents.registry import build_registry

    return {s.name: s for s in build_registry(entry_points=False)}


CALLS = [(i["id"], c) for i in ITEMS for c in expected_calls(i["expect"])]
TOOLS = sorted({c["tool"] for _, c in CALLS})


def _call_problem(item_id: str, call: dict[str, Any]) -> str | None:
    """What is wrong with one expected call against the schema the LLM sees, or None."""
    spec = _specs()[call["tool"]]
    fields = spec.args_model.model_fields
    missing = sorted(k for k in call["args"] if k not in fields)
    if missing:
        # Arguments the planner branch adds; strict as soon as the schema has them.
        unknown = set(missing) - bench.NEW_ARGS - {"time_col", "max_lag"}
        return f"{item_id}: {unknown} is no argument of {call['tool']}" if unknown else None
    from copilot.agents.tools import SCORE_KEYS
    from copilot.tools.discovery import CI_TESTS
    from copilot.tools.estimation.estimators import canonical_method

    try:
        spec.validate(call["args"])
        # the names in the arguments are ones the tools know
        args = call["args"]
        if call["tool"] == "estimate_effect":
            for m in [args.get("method"), *(args.get("methods") or [])]:
                if m:
                    canonical_method(m)
    except Exception as exc:  # noqa: BLE001 - every item's failure is listed, not the first
        return f"{item_id}: {type(exc).__name__}: {exc}"
    if args.get("ci_test") and args["ci_test"] not in CI_TESTS:
        return f"{item_id}: ci_test {args['ci_test']!r} is no CI test"
    if call["tool"] == "head_scores" and "score" in args and args["score"] not in SCORE_KEYS:
        return f"{item_id}: score {args['score']!r} is no head score"
    return None


# one test per tool over all its expected calls (a test per call costs pytest's own setup 7,000
# times), listing every call that does not fit
@pytest.mark.parametrize("tool", TOOLS)
def test_every_expected_call_fits_the_schema_the_llm_sees(tool):
    calls = [(item_id, c) for item_id, c in CALLS if c["tool"] == tool]
    assert calls
    problems = [p for p in (_call_problem(i, c) for i, c in calls) if p]
    assert not problems, f"{len(problems)} of {len(calls)}:\n" + "\n".join(problems[:40])


def test_a_call_that_does_not_fit_is_reported():
    call = {**EFFECT, "args": {**EFFECT["args"], "method": "astrology"}}
    assert "astrology" in (_call_problem("x", call) or "")
    call = {**EFFECT, "args": {**EFFECT["args"], "colour": "red"}}
    assert "colour" in (_call_problem("x", call) or "")
    assert _call_problem("x", EFFECT) is None
