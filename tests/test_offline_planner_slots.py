"""The offline planner reads what analysts type: slots instead of phrasings, columns by their
own words (inflections, synonyms, typos), direction cues, nothing dropped silently, questions back
that a one-word reply completes, and follow-ups whatever the previous step was. Planner only: no
tool runs. Tables and wordings here are new (a hospital, a course, a factory), not the README's."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import MODEL
from tests.test_offline_planner import TOOLS, col


def table(ident: str, *columns: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": ident,
        "name": ident,
        "source": f"{ident}.csv",
        "n": 1500,
        "p": len(columns),
        "columns": list(columns),
    }


HOSPITAL = table(
    "hospital",
    col("patient_id", "id", 1500),
    col("age", "continuous"),
    col("severity", "continuous"),
    col("new_drug", "binary", 2),
    col("dose_mg", "continuous"),
    col("recovery_days", "continuous"),
    col("readmitted", "binary", 2),
    col("ward", "categorical", 4),
    col("distance_km", "continuous"),
    col("insurance", "binary", 2),
)
COURSE = table(
    "course",
    col("hours_video", "continuous"),
    col("forum_posts", "continuous"),
    col("prior_gpa", "continuous"),
    col("exam_score", "continuous"),
    col("passed", "binary", 2),
    col("cohort", "categorical", 3),
    col("tutoring", "binary", 2),
)


def ask(question: str, data: dict[str, Any] = HOSPITAL, history: list[Any] = ()) -> AIMessage:
    state = {"datasets": {data["id"]: data}, "models": {"demo": MODEL}}
    return next_message([system_message(state), *history, HumanMessage(question)], TOOLS)


def call_of(msg: AIMessage) -> tuple[str, dict[str, Any]]:
    assert msg.tool_calls, f"no tool call; replied: {msg.content}"
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


def eff(t: str, y: str, **extra: Any) -> dict[str, Any]:
    return {"treatment": t, "outcome": y, **extra}


H, C = HOSPITAL, COURSE
#: (question, dataset, tool, exact arguments besides the dataset)
EXACT: list[tuple[str, dict[str, Any], str, dict[str, Any]]] = [
    # verbs with typos, "lead to", formulas, arrows, regressions
    ("efect of new drug on recovery time", H, "estimate_effect", eff("new_drug", "recovery_days")),
    (
        "whats the inpact of the dose on readmission?",
        H,
        "estimate_effect",
        eff("dose_mg", "readmitted"),
    ),
    (
        "does the new drug lead to fewer readmissions?",
        H,
        "estimate_effect",
        eff("new_drug", "readmitted"),
    ),
    (
        "Does tutoring result in higher exam scores",
        C,
        "estimate_effect",
        eff("tutoring", "exam_score"),
    ),
    (
        "regress exam_score on hours_video and prior_gpa",
        C,
        "estimate_effect",
        eff("hours_video", "exam_score", common_causes=["prior_gpa"]),
    ),
    (
        "exam_score ~ hours_video + prior_gpa + cohort",
        C,
        "estimate_effect",
        eff("hours_video", "exam_score", common_causes=["prior_gpa", "cohort"]),
    ),
    ("recovery_days ~ new_drug", H, "estimate_effect", eff("new_drug", "recovery_days")),
    ("new_drug -> recovery_days", H, "estimate_effect", eff("new_drug", "recovery_days")),
    (
        "dose_mg -> recovery_days, instrument: distance_km",
        H,
        "estimate_effect",
        eff("dose_mg", "recovery_days", instrument="distance_km"),
    ),
    # direction cues
    (
        "how much does the exam score improve per extra hour of video?",
        C,
        "estimate_effect",
        eff("hours_video", "exam_score"),
    ),
    (
        "by how much do recovery days change per additional mg of dose",
        H,
        "estimate_effect",
        eff("dose_mg", "recovery_days"),
    ),
    ("the drug's effect on recovery", H, "estimate_effect", eff("new_drug", "recovery_days")),
    (
        "are exam scores driven by video time?",
        C,
        "estimate_effect",
        eff("hours_video", "exam_score"),
    ),
    (
        "Is readmission reduced by the new drug?",
        H,
        "estimate_effect",
        eff("new_drug", "readmitted"),
    ),
    (
        "do students who watch more video score higher on the exam?",
        C,
        "estimate_effect",
        eff("hours_video", "exam_score"),
    ),
    (
        "compare those who got the new drug and those who did not on recovery days",
        H,
        "estimate_effect",
        eff("new_drug", "recovery_days"),
    ),
    (
        "use DML to estimate how the dose affects recovery time",
        H,
        "estimate_effect",
        eff("dose_mg", "recovery_days", method="dml"),
    ),
    (
        "estimate with inverse probability weighting whether tutoring improves passing",
        C,
        "estimate_effect",
        eff("tutoring", "passed", method="weighting"),
    ),
    # slots: covariates, instruments, confounders, alpha, tests, bootstrap
    (
        "effect of new drug on recovery days with age and severity as covariates",
        H,
        "estimate_effect",
        eff("new_drug", "recovery_days", common_causes=["age", "severity"]),
    ),
    (
        "estimate the effect of dose on recovery days using distance as an instrument",
        H,
        "estimate_effect",
        eff("dose_mg", "recovery_days", instrument="distance_km"),
    ),
    (
        "can distance serve as an instrument for dose in its effect on recovery days?",
        H,
        "estimate_effect",
        eff("dose_mg", "recovery_days", instrument="distance_km"),
    ),
    (
        "effect of the new drug on readmission, accounting for confounding by severity",
        H,
        "estimate_effect",
        eff("new_drug", "readmitted", common_causes=["severity"]),
    ),
    ("run PC at alpha 0.01", H, "discover", {"algorithm": "pc", "alpha": 0.01}),
    (
        "learn the causal graph with the KCI test",
        H,
        "discover",
        {"algorithm": "auto", "ci_test": "kci"},
    ),
    (
        "causal structure via FCI, fisher-z test, significance level 0.1",
        H,
        "discover",
        {"algorithm": "fci", "ci_test": "fisherz", "alpha": 0.1},
    ),
    (
        "discover the graph with 30 bootstrap samples",
        C,
        "discover",
        {"algorithm": "auto", "bootstrap": 30},
    ),
    ("what drives exam performance?", C, "discover", {"algorithm": "auto", "target": "exam_score"}),
    # focused effect questions
    (
        "is the relationship between the new drug and recovery days confounded?",
        H,
        "estimate_effect",
        eff("new_drug", "recovery_days", focus="confounding"),
    ),
    (
        "is the effect of video time on exam score confounded by prior GPA?",
        C,
        "estimate_effect",
        eff("hours_video", "exam_score", focus="confounding", common_causes=["prior_gpa"]),
    ),
    (
        "what if we double the video hours, what happens to exam scores?",
        C,
        "estimate_effect",
        eff("hours_video", "exam_score", focus="what_if", what_if={"op": "scale", "value": 2.0}),
    ),
    (
        "what would happen to recovery days if we raised the dose by 10?",
        H,
        "estimate_effect",
        eff("dose_mg", "recovery_days", focus="what_if", what_if={"op": "add", "value": 10.0}),
    ),
    (
        "what if dose were set to 50 mg, effect on recovery days?",
        H,
        "estimate_effect",
        eff("dose_mg", "recovery_days", focus="what_if", what_if={"op": "set", "value": 50.0}),
    ),
    (
        "if we cut the dose by 20%, how would recovery days change?",
        H,
        "estimate_effect",
        eff("dose_mg", "recovery_days", focus="what_if", what_if={"op": "scale", "value": 0.8}),
    ),
    (
        "compare matching and IPW for the effect of tutoring on passing",
        C,
        "estimate_effect",
        eff("tutoring", "passed", methods=["matching", "weighting"]),
    ),
    (
        "does the effect of the new drug on readmission depend on the method?",
        H,
        "estimate_effect",
        eff(
            "new_drug",
            "readmitted",
            methods=["linear_regression", "matching", "weighting", "dml"],
        ),
    ),
    # heterogeneity and mediation
    (
        "does the drug's effect on recovery days differ across wards?",
        H,
        "estimate_effect",
        eff("new_drug", "recovery_days", by="ward"),
    ),
    (
        "how much of tutoring's effect on passing goes through forum posts?",
        C,
        "estimate_effect",
        eff("tutoring", "passed", mediator="forum_posts"),
    ),
    # describe
    ("any missing values?", H, "describe", {"focus": "missing"}),
    ("how many NaNs are in each column", C, "describe", {"focus": "missing"}),
    ("give me a quick summary of the table", C, "describe", {}),
]


@pytest.mark.parametrize("question,data,tool,want", EXACT, ids=[e[0][:48] for e in EXACT])
def test_questions_become_exact_tool_calls(question, data, tool, want):
    name, args = call_of(ask(question, data))
    assert name == tool
    assert args == {"dataset": data["id"], **want}


#: Probing: which tool, and the arguments that must be there.
PROBES = [
    ("which heads dump attention on the first token?", "head_scores", {"score": "attention_sink"}),
    ("which heads look at the previous token", "head_scores", {"score": "previous_token"}),
    (
        "ablate heads 0.1 and 1.2 with mean ablation",
        "head_ablation",
        {"heads": ["0.1", "1.2"], "method": "mean"},
    ),
    (
        "which heads are essential for recall, on 32 prompts?",
        "head_ablation",
        {"behaviour": "recall", "n_prompts": 32},
    ),
    ("patch the residual stream for induction", "activation_patching", {"units": ["resid"]}),
    (
        "knock out L1H2 and L0H3 and measure the KL",
        "head_ablation",
        {"heads": ["1.2", "0.3"], "metric": "kl"},
    ),
    (
        "steer toward happy.jsonl away from sad.jsonl at layer 1",
        "steer",
        {"positive": "happy.jsonl", "negative": "sad.jsonl", "layer": 1},
    ),
    (
        "steer away from toxic.jsonl using clean.jsonl at layer 0, measured on eval.jsonl",
        "steer",
        {"positive": "clean.jsonl", "negative": "toxic.jsonl", "behaviour": "eval.jsonl"},
    ),
    ("probe layers 0 and 1 for the class in labelled.jsonl", "linear_probe", {"layers": [0, 1]}),
]


@pytest.mark.parametrize("question,tool,want", PROBES, ids=[p[0][:40] for p in PROBES])
def test_probing_questions_keep_their_arguments(question, tool, want):
    name, args = call_of(ask(question))
    assert name == tool
    for k, v in want.items():
        assert args.get(k) == v, (k, args)


# never drop silently ------------------------------------------------------------------------------
NOT_USED = [
    ("use BART to estimate the effect of the new drug on recovery days", "BART"),
    ("run PC with the Hoeffding test", "hoeffding"),
    ("learn the graph with NOTEARS", "NOTEARS"),
    ("effect of new drug on recovery days at alpha 0.01", "alpha"),
    ("effect of the new drug on recovery days controlling for weather and age", "weather"),
    ("run GES with the KCI test", "kci"),
    ("effect of the new drug on recovery days using a Bayesian network", "bayesian network"),
    ("effect of the new drug on recovery days with a 99% confidence interval", "99%"),
    ("learn the graph with alpha 2", "alpha 2"),
]


@pytest.mark.parametrize("question,word", NOT_USED, ids=[n[0][:40] for n in NOT_USED])
def test_what_cannot_be_used_is_said_with_the_call(question, word):
    msg = ask(question)
    assert msg.tool_calls, msg.content
    assert word.lower() in msg.content.lower() and "not used" in msg.content.lower()


def test_a_control_with_no_column_is_named_and_the_others_kept():
    msg = ask("effect of the new drug on recovery days controlling for weather and age")
    assert msg.tool_calls[0]["args"]["common_causes"] == ["age"]


def test_an_instrument_is_never_a_covariate():
    _, args = call_of(
        ask("effect of dose on recovery days controlling for age, with distance as instrument")
    )
    assert args["instrument"] == "distance_km" and args["common_causes"] == ["age"]


def test_confounding_by_is_not_a_subgroup():
    _, args = call_of(ask("is the effect of the drug on readmission confounded by severity?"))
    assert "by" not in args and args["common_causes"] == ["severity"]


# questions back ---------------------------------------------------------------------------------
def turn(question: str, reply: AIMessage) -> list[Any]:
    return [HumanMessage(question), reply]


def test_asks_for_the_outcome_with_candidates_and_takes_a_one_word_reply():
    first = ask("what if we double the dose?")
    assert not first.tool_calls and "?" in first.content and "recovery_days" in first.content
    msg = ask("recovery", history=turn("what if we double the dose?", first))
    assert call_of(msg) == (
        "estimate_effect",
        {
            "dataset": "hospital",
            "treatment": "dose_mg",
            "outcome": "recovery_days",
            "focus": "what_if",
            "what_if": {"op": "scale", "value": 2.0},
        },
    )


def test_a_tie_between_columns_is_asked_and_the_choice_accepted():
    data = {**COURSE, "columns": [*COURSE["columns"], col("exam_score_2", "continuous")]}
    q = "effect of tutoring on the exam"
    state = {"datasets": {"course": data}, "models": {}}
    first = next_message([system_message(state), HumanMessage(q)], TOOLS)
    assert "'exam_score' or 'exam_score_2'" in first.content
    msg = next_message(
        [system_message(state), HumanMessage(q), first, HumanMessage("exam_score_2")], TOOLS
    )
    assert call_of(msg)[1]["outcome"] == "exam_score_2"


def test_the_generic_treated_asks_which_binary_column():
    q = "compare treated and untreated on recovery days"
    first = ask(q)
    assert not first.tool_calls
    assert "'new_drug' or 'readmitted' or 'insurance'?" in first.content
    msg = ask("the new drug", history=turn(q, first))
    assert call_of(msg)[1] == {**eff("new_drug", "recovery_days"), "dataset": "hospital"}
    # with one binary column there is nothing to ask
    assert (
        call_of(ask("compare treated and untreated on the exam score", COURSE_ONE))[1]["treatment"]
        == "tutoring"
    )


COURSE_ONE = {**COURSE, "columns": [c for c in COURSE["columns"] if c["name"] != "passed"]}


# follow-ups whatever the previous step was -------------------------------------------------------
def history(name: str, args: dict[str, Any], ok: bool = True, q: str = "earlier") -> list[Any]:
    body = (
        {"ok": True, "summary": "", "result": {}}
        if ok
        else {"ok": False, "error": "EstimationError", "message": "failed", "hint": "retry"}
    )
    return [
        HumanMessage(q),
        AIMessage("", tool_calls=[{"name": name, "args": args, "id": "h0", "type": "tool_call"}]),
        ToolMessage(json.dumps(body), tool_call_id="h0"),
        AIMessage("earlier answer"),
    ]


DISC = ("discover", {"dataset": "hospital", "algorithm": "auto", "target": "recovery_days"})
EST = (
    "estimate_effect",
    {"dataset": "hospital", "treatment": "new_drug", "outcome": "recovery_days"},
)
DESC = ("describe", {"dataset": "hospital"})


def test_an_effect_after_a_discovery_reuses_its_graph():
    msg = ask("what is the effect of the new drug on recovery days?", history=history(*DISC))
    assert call_of(msg)[1] == {
        **eff("new_drug", "recovery_days"),
        "dataset": "hospital",
        "graph": "h0",
    }


def test_a_treatment_after_causes_of_takes_that_outcome():
    msg = ask("and the effect of the dose?", history=history(*DISC))
    assert (
        call_of(msg)[1]["treatment"] == "dose_mg" and call_of(msg)[1]["outcome"] == "recovery_days"
    )


@pytest.mark.parametrize(
    "question,change",
    [
        ("and on readmission?", {"outcome": "readmitted"}),
        ("what about the effect of dose?", {"treatment": "dose_mg"}),
        ("now add age as a covariate", {"common_causes": ["age"]}),
        ("try IPW instead", {"method": "weighting"}),
        ("split it by ward", {"by": "ward"}),
        ("is it confounded?", {"focus": "confounding"}),
    ],
)
@pytest.mark.parametrize("ok", [True, False], ids=["after-success", "after-failure"])
def test_follow_ups_change_an_estimate_even_a_failed_one(question, change, ok):
    name, args = call_of(ask(question, history=history(*EST, ok=ok)))
    assert name == "estimate_effect"
    for k, v in change.items():
        assert args[k] == v


def test_follow_ups_after_a_description():
    assert call_of(ask("run GES", history=history(*DESC)))[1]["algorithm"] == "ges"
    msg = ask("any missing values?", history=history(*DESC))
    assert call_of(msg) == ("describe", {"dataset": "hospital", "focus": "missing"})
    msg = ask("what is the effect of dose on recovery days?", history=history(*DESC))
    assert call_of(msg)[1] == {**eff("dose_mg", "recovery_days"), "dataset": "hospital"}


def test_a_discovery_follow_up_keeps_its_settings_and_changes_the_algorithm():
    base = ("discover", {"dataset": "hospital", "algorithm": "pc", "alpha": 0.01})
    assert call_of(ask("try FCI instead", history=history(*base)))[1] == {
        "dataset": "hospital",
        "algorithm": "fci",
        "alpha": 0.01,
    }


def test_no_path_in_an_earlier_discovered_graph_retries_under_observables():
    """After "what causes churn?", the effect question reuses that graph; when it has no path
    from treatment to outcome the plan retries as a fresh question would."""
    q = "what is the effect of the new drug on recovery days?"
    first = ask(q, history=history(*DISC))
    call = first.tool_calls[0]
    failed = ToolMessage(
        json.dumps(
            {
                "ok": False,
                "error": "EstimationError",
                "message": "The graph has no directed path from new_drug to recovery_days, so it "
                "implies no effect.",
                "hint": "",
            }
        ),
        tool_call_id=call["id"],
    )
    state = {"datasets": {"hospital": HOSPITAL}, "models": {}}
    msg = next_message(
        [system_message(state), *history(*DISC), HumanMessage(q), first, failed], TOOLS
    )
    assert msg.tool_calls[0]["args"] == {
        **eff("new_drug", "recovery_days"),
        "dataset": "hospital",
        "adjust_for_all": True,
    }


# background knowledge, model follow-ups, unknown scores, swapped columns ----------------------------
def test_discovery_takes_required_and_forbidden_edges_and_a_domain_column():
    _, args = call_of(ask("discover the graph assuming the new drug causes recovery days"))
    assert args["required"] == ["new_drug->recovery_days"]
    _, args = call_of(ask("learn the DAG but forbid an edge from recovery days to age"))
    assert args["forbidden"] == ["recovery_days->age"]
    _, args = call_of(ask("CD-NOD with ward as the domain index"))
    assert args == {"dataset": "hospital", "algorithm": "cdnod", "domain_col": "ward"}


def test_a_model_follow_up_changes_the_previous_experiment():
    base = ("head_ablation", {"model": "demo", "behaviour": "recall"})
    _, args = call_of(ask("now with mean ablation", history=history(*base)))
    assert args == {"model": "demo", "behaviour": "recall", "method": "mean"}
    _, args = call_of(
        ask("again on 128 prompts, measuring the logit difference", history=history(*base))
    )
    assert args["n_prompts"] == 128 and args["metric"] == "logit_diff"


def test_an_unknown_head_score_is_named():
    msg = ask("compute the wiggle score of every head")
    assert not msg.tool_calls and "no 'wiggle' head score" in msg.content
    assert "induction" in msg.content


def test_a_new_column_in_a_follow_up_takes_the_role_it_replaces_or_fits():
    # severity replaces the treatment it is said to replace
    _, args = call_of(ask("what about severity instead of the new drug?", history=history(*EST)))
    assert (args["treatment"], args["outcome"]) == ("severity", "recovery_days")
    # a continuous column after (binary treatment -> continuous outcome) is another outcome
    _, args = call_of(ask("what about age?", history=history(*EST)))
    assert (args["treatment"], args["outcome"]) == ("new_drug", "age")


def test_the_new_arguments_are_in_the_schemas_an_llm_sees():
    from copilot.agents.registry import build_registry

    specs = {s.name: s for s in build_registry(entry_points=False)}
    est = specs["estimate_effect"].args_model.model_json_schema()["properties"]
    assert {"focus", "what_if", "methods"} <= set(est)
    assert "scale" in est["what_if"]["description"]
    assert "focus" in specs["describe"].args_model.model_json_schema()["properties"]


def test_scaling_a_binary_treatment_is_explained_not_run():
    msg = ask("what if we doubled it?", history=history(*EST))
    assert not msg.tool_calls and "'new_drug' is binary" in msg.content


@pytest.mark.parametrize(
    "question,want",
    [
        # an intransitive "does Y change when X ..." never makes Y the treatment
        (
            "how much do recovery days change when the dose goes up by one mg?",
            eff("dose_mg", "recovery_days", focus="what_if", what_if={"op": "add", "value": 1.0}),
        ),
        ("readmission is driven by what?", None),
        (
            "by how much would readmissions drop if everyone got the new drug?",
            eff("new_drug", "readmitted", focus="what_if", what_if={"op": "set", "value": 1.0}),
        ),
    ],
)
def test_direction_cues_in_scenarios_and_reversed_wordings(question, want):
    name, args = call_of(ask(question))
    if want is None:
        assert (name, args["target"]) == ("discover", "readmitted")
    else:
        assert args == {"dataset": "hospital", **want}
