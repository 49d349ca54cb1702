"""The offline planner on the less common analyses said in mixed voices, about a table its rules
were not written for (a public library's branches): questions about the last result itself ("is
that significant?", "how sure are you?", "which covariates did you control for?"), a bootstrap
count written as a multiple ("bootstrap 150x"), background knowledge stated in its own clause
after the request ("... - fyi X can't cause Y", "there can't be an arrow from X to Y"), a topic put
before the request without a comma, groups said as people with a level word before the noun
("help rural members ... as much as urban ones", "keep rural members as much as urban ones"), an
algorithm said with its test and no verb, a polite request to run an algorithm ("can you run GES
on the branches?"), who a scenario applies to ("every member's fines", "at every branch"), and a
reply to a question back with a split asked on top, people pushed to do something more in one
group, how many rows the gaps touch ("how many rows they affect"), a discovery option said with
the graph it is for, a mechanism named in a context sentence and pointed back to as "that
channel", an amount "per member", "how big is the impact on Y" without a treatment, a pathway
named by its variable, the indirect effect through a named mediator, one group against the rest,
a level said as what everyone has, percentage points, a verb inside a name said in full, IV in a
list of estimators, a treatment run "on" an outcome, a split instead of the mediation, a method
named after a refusal, and a share of the effect put down to a plain variable ("how much of the
effect is just the area?"), knowledge after "knowing that" with a modal ("have to affect") and
another verb ("can't change"), and "is this significant at all?"; confounding checks with the
relation after the confounder ("check confounding by Z for the effect of X on Y"), a difference
explained away, "real, or just Z", a claim reported in a time clause before the doubt, and
confounders declared to adjust for ("Z is a confounder of X and Y, so include it", "Z = common
cause"), which are controls, not checks; on a second table (e-scooter zones), a word one name
says as a modifier and another by a near-noun ("the trips") asked back, and "longer" or "more"
trips read as the duration or the count. No tool runs."""

from __future__ import annotations

import json
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import col

TOOLS = ["describe", "discover", "estimate_effect"]

LIBRARY = {
    "id": "library",
    "name": "library",
    "source": "library.csv",
    "n": 1200,
    "p": 10,
    "columns": [
        col("branch_id", "id", 1200),
        col("area", "categorical", 3),
        col("staff_n", "discrete", 12),
        col("late_opening", "binary", 2),
        col("reading_club", "binary", 2),
        col("events_mo", "discrete", 15),
        col("visits_k", "continuous"),
        col("loans_k", "continuous"),
        col("fines_gbp", "continuous"),
        col("member_sat", "continuous"),
    ],
    "notes": [
        "encoded categorical column 'area' as integer codes (urban=0, suburban=1, rural=2) for "
        "discovery; effect estimators use one indicator per level"
    ],
}
STATE = {"datasets": {"library": {**LIBRARY, "current": True}}, "models": {}}


def ask(question: str, history: list[Any] = ()) -> AIMessage:
    return next_message([system_message(STATE), *history, HumanMessage(question)], TOOLS)


def estimated(ci: list[float], adjusted: list[str]) -> list[Any]:
    """An earlier turn that estimated the reading club's effect on loans, with its result."""
    args = {"dataset": "library", "treatment": "reading_club", "outcome": "loans_k"}
    result = {
        "ate": 1.9,
        "ci": ci,
        "adjustment_set": adjusted,
        "estimand": "backdoor",
        "method": "matching",
        "method_reason": "binary treatment",
        "treatment_kind": "binary",
    }
    return [
        HumanMessage("effect of the reading club on loans"),
        AIMessage("", tool_calls=[{"name": "estimate_effect", "args": args, "id": "h0"}]),
        ToolMessage(json.dumps({"ok": True, "summary": "", "result": result}), tool_call_id="h0"),
        AIMessage("Done."),
    ]


@pytest.mark.parametrize(
    "question",
    [
        "is it statistically significant?",
        "hmm, is that estimate even significant",
        "could this just be chance?",
        "how confident are you in that number?",
    ],
)
def test_a_question_about_the_last_result_is_answered_from_it(question: str) -> None:
    msg = ask(question, estimated([1.2, 2.6], ["area", "staff_n"]))
    assert not msg.tool_calls
    assert "[1.20, 2.60] is the 95% confidence interval" in msg.content
    assert "excludes zero, so the effect is statistically significant" in msg.content


def test_an_interval_that_holds_zero_is_called_not_significant() -> None:
    msg = ask("is that significant?", estimated([-0.4, 2.1], ["area"]))
    assert not msg.tool_calls
    assert "not statistically significant" in msg.content


@pytest.mark.parametrize(
    "question",
    ["which covariates did you control for?", "what did you adjust for", "what were the controls?"],
)
def test_the_controls_of_the_last_estimate_are_named(question: str) -> None:
    msg = ask(question, estimated([1.2, 2.6], ["area", "staff_n"]))
    assert not msg.tool_calls
    assert "Adjusted for: area, staff_n." in msg.content


def test_the_assumption_of_an_adjusted_estimate_is_said() -> None:
    msg = ask("what assumptions does that rely on?", estimated([1.2, 2.6], ["area"]))
    assert not msg.tool_calls
    assert "no unmeasured common causes" in msg.content


def test_a_named_effect_asked_about_significance_is_estimated() -> None:
    msg = ask("is the effect of late opening on visits significant?", estimated([1.2, 2.6], []))
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("late_opening", "visits_k")


@pytest.mark.parametrize(
    ("question", "n"),
    [
        ("causal graph of the branches with pc, bootstrap 150x", 150),
        ("learn the structure, 80x bootstrapped, ges", 80),
    ],
)
def test_a_bootstrap_count_written_as_a_multiple(question: str, n: int) -> None:
    msg = ask(question)
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert msg.tool_calls[0]["name"] == "discover"
    assert args["bootstrap"] == n


@pytest.mark.parametrize(
    ("question", "required", "forbidden"),
    [
        (
            "draw the causal graph of the branches - btw fines can't cause staff numbers, and "
            "events definitely affect visits",
            ["events_mo->visits_k"],
            ["fines_gbp->staff_n"],
        ),
        (
            "could you learn the graph? there can't be an arrow from loans to late opening",
            [],
            ["loans_k->late_opening"],
        ),
        (
            "learn the dag; there must be an edge from visits to loans",
            ["visits_k->loans_k"],
            [],
        ),
        # "we know that A cannot cause B" forbids the edge; it requires nothing
        ("run pc. we know that fines cannot cause visits", [], ["fines_gbp->visits_k"]),
    ],
)
def test_knowledge_in_its_own_clause(question: str, required: list, forbidden: list) -> None:
    msg = ask(question)
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "discover"
    args = msg.tool_calls[0]["args"]
    assert sorted(args.get("required") or []) == required
    assert sorted(args.get("forbidden") or []) == forbidden


def test_a_topic_before_the_request_without_a_comma() -> None:
    msg = ask(
        "About the reading club's effect on loans I'd like to know whether matching and DML agree"
    )
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("reading_club", "loans_k")
    assert sorted(args["methods"]) == ["dml", "matching"]


@pytest.mark.parametrize(
    ("question", "treatment"),
    [
        (
            "does the reading club help rural members borrow loans as much as urban ones?",
            "reading_club",
        ),
        (
            "does the reading club help suburban members borrow more loans than rural members?",
            "reading_club",
        ),
        # people pushed to do something more in one group
        (
            "does late opening push urban members to borrow loans more than rural ones?",
            "late_opening",
        ),
    ],
)
def test_groups_said_as_people_with_a_level_word(question: str, treatment: str) -> None:
    msg = ask(question)
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args.get("by")) == (treatment, "loans_k", "area")


def test_two_questions_about_the_last_result_in_one() -> None:
    msg = ask("should we believe this or could it be a fluke?", estimated([1.2, 2.6], ["area"]))
    assert not msg.tool_calls
    assert "statistically significant" in msg.content


def test_an_algorithm_said_with_its_test_is_a_discovery() -> None:
    msg = ask("fci + fisher z test at the 5% level, branches")
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0] == {
        **msg.tool_calls[0],
        "name": "discover",
        "args": {"dataset": "library", "algorithm": "fci", "ci_test": "fisherz", "alpha": 0.05},
    }


@pytest.mark.parametrize(
    ("question", "args"),
    [
        ("can you run GES on the branches?", {"algorithm": "ges"}),
        ("could you run FCI with alpha 0.01?", {"algorithm": "fci", "alpha": 0.01}),
        (
            "can you run pc and please don't allow any edge from fines to staff numbers",
            {"algorithm": "pc", "forbidden": ["fines_gbp->staff_n"]},
        ),
    ],
)
def test_a_polite_request_to_run_an_algorithm_runs_it(question: str, args: dict) -> None:
    msg = ask(question)
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "discover"
    assert msg.tool_calls[0]["args"] == {"dataset": "library", **args}


def test_a_question_about_an_algorithm_alone_is_still_answered_in_words() -> None:
    msg = ask("can you run FCI?")
    assert not msg.tool_calls
    assert "fci" in msg.content.lower()


@pytest.mark.parametrize(
    ("question", "what_if"),
    [
        (
            "what happens to visits if we knock £2 off every member's fines?",
            {"op": "add", "value": -2.0},
        ),
        (
            "suppose we halved the fines at every branch - how would visits move?",
            {"op": "scale", "value": 0.5},
        ),
    ],
)
def test_who_a_scenario_applies_to_names_no_variable(question: str, what_if: dict) -> None:
    msg = ask(question)
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args["what_if"]) == (
        "fines_gbp",
        "visits_k",
        what_if,
    )


@pytest.mark.parametrize(
    ("question", "what_if"),
    [
        (
            "The fines: cut them by a third. What would that do to visits?",
            {"op": "scale", "value": 2 / 3},
        ),
        (
            "The fines look high to me. Say we doubled that. How would visits move?",
            {"op": "scale", "value": 2.0},
        ),
    ],
)
def test_a_scenario_on_a_pronoun_keeps_its_change(question: str, what_if: dict) -> None:
    msg = ask(question)
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args["focus"]) == (
        "fines_gbp",
        "visits_k",
        "what_if",
    )
    assert args["what_if"]["op"] == what_if["op"]
    assert args["what_if"]["value"] == pytest.approx(what_if["value"], abs=1e-3)


def test_people_with_a_level_word_and_no_verb_after_them() -> None:
    msg = ask("does late opening keep rural members as much as urban ones? visits")
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args.get("by")) == (
        "late_opening",
        "visits_k",
        "area",
    )


def test_a_reply_to_a_question_back_with_a_split_on_top() -> None:
    first = ask("effect of the weather on loans")
    assert not first.tool_calls and "?" in first.content
    history = [HumanMessage("effect of the weather on loans"), first]
    msg = ask("ok then the reading club instead, by area", history)
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args.get("by")) == (
        "reading_club",
        "loans_k",
        "area",
    )


def test_a_question_about_the_controls_with_a_word_after_a_comma() -> None:
    msg = ask("which covariates did you adjust for, in the end?", estimated([1.2, 2.6], ["area"]))
    assert not msg.tool_calls
    assert "Adjusted for: area." in msg.content


def test_how_many_rows_the_gaps_touch_is_no_causal_effect() -> None:
    msg = ask(
        "Before the board meeting I need to know which columns of the branch table have blanks "
        "and how many rows they affect."
    )
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"] == {"dataset": "library", "focus": "missing"}


def test_a_discovery_option_said_with_the_graph_it_is_for() -> None:
    msg = ask("perhaps a fisher z test at alpha 0.01 for the branches' graph?")
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "discover"
    args = msg.tool_calls[0]["args"]
    assert (args["ci_test"], args["alpha"]) == ("fisherz", 0.01)


def test_a_mechanism_in_a_context_sentence_named_as_that_channel() -> None:
    msg = ask(
        "Late opening seems to raise loans. My guess is it works mostly by getting members to make "
        "more visits. Could you split the effect into that channel and the rest?"
    )
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args.get("mediator")) == (
        "late_opening",
        "loans_k",
        "visits_k",
    )


def test_an_amount_per_member_is_the_amount() -> None:
    msg = ask("if fines went up £3 per member, what happens to visits?")
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args["what_if"]) == (
        "fines_gbp",
        "visits_k",
        {"op": "add", "value": 3.0},
    )


def test_how_big_the_impact_is_asks_for_the_treatment() -> None:
    first = ask("how big is the impact on member satisfaction?")
    assert not first.tool_calls and "treatment" in first.content.lower()
    history = [HumanMessage("how big is the impact on member satisfaction?"), first]
    msg = ask("the reading club", history)
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("reading_club", "member_sat")


def effect_args(question: str, history: list[Any] = ()) -> dict[str, Any]:
    msg = ask(question, history)
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "estimate_effect"
    return msg.tool_calls[0]["args"]


def test_a_pathway_named_by_its_variable_is_the_mediator() -> None:
    args = effect_args(
        "the reading club makes members happier - is that just cause they borrow more? like the "
        "loans pathway"
    )
    assert (args["treatment"], args["outcome"], args.get("mediator"), args.get("focus")) == (
        "reading_club",
        "member_sat",
        "loans_k",
        None,
    )


def test_the_indirect_effect_through_a_named_mediator_beats_a_context_mechanism() -> None:
    args = effect_args(
        "Late opening raises loans, I think mainly because visits go up. Could you work out the "
        "indirect effect through events per month for me?"
    )
    assert (args["treatment"], args["outcome"], args.get("mediator")) == (
        "late_opening",
        "loans_k",
        "events_mo",
    )


def test_one_group_against_the_rest_is_the_split() -> None:
    args = effect_args(
        "can you check whether the reading club raises loans more in rural branches than in the "
        "other branches?"
    )
    assert args.get("by") == "area"


def test_places_with_a_level_word_compared() -> None:
    args = effect_args("does late opening help Rural branches lend loans as much as Urban ones?")
    assert (args["treatment"], args["outcome"], args.get("by")) == (
        "late_opening",
        "loans_k",
        "area",
    )


@pytest.mark.parametrize(
    ("question", "what_if"),
    [
        ("what if every branch had a staff of 8? visits", {"op": "set", "value": 8.0}),
        (
            "if branches had a 10 strong staff, what happens to visits?",
            {"op": "set", "value": 10.0},
        ),
    ],
)
def test_a_level_said_as_what_everyone_has(question: str, what_if: dict) -> None:
    args = effect_args(question)
    assert (args["treatment"], args["outcome"], args["what_if"]) == ("staff_n", "visits_k", what_if)


def test_percentage_points_are_an_absolute_change() -> None:
    lib = {**LIBRARY, "columns": [*LIBRARY["columns"], col("renewal_pct", "continuous")]}
    state = {"datasets": {"library": {**lib, "current": True}}, "models": {}}
    msg = next_message(
        [
            system_message(state),
            HumanMessage(
                "if the renewal rate rose by 2 percentage points, what happens to visits?"
            ),
        ],
        TOOLS,
    )
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"]["what_if"] == {"op": "add", "value": 2.0}


def test_a_verb_inside_a_name_said_in_full_is_no_change() -> None:
    lib = {**LIBRARY, "columns": [*LIBRARY["columns"], col("dropped_loans_pct", "continuous")]}
    state = {"datasets": {"library": {**lib, "current": True}}, "models": {}}
    msg = next_message(
        [
            system_message(state),
            HumanMessage("if dropped loans fell by 1 point, what happens to member satisfaction?"),
        ],
        TOOLS,
    )
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"], args["what_if"]) == (
        "dropped_loans_pct",
        "member_sat",
        {"op": "add", "value": -1.0},
    )


def test_iv_in_a_list_of_estimators_is_the_estimator() -> None:
    args = effect_args(
        "compare IV and OLS for late opening's effect on visits, with staff numbers as the instrument"
    )
    assert sorted(args["methods"]) == ["iv", "linear_regression"]
    assert args["instrument"] == "staff_n"


def test_a_polite_request_to_run_a_treatment_on_an_outcome() -> None:
    args = effect_args("can u run reading club on loans thru both matching and dml pls")
    assert (args["treatment"], args["outcome"], sorted(args["methods"])) == (
        "reading_club",
        "loans_k",
        ["dml", "matching"],
    )


def test_a_split_instead_of_the_mediation() -> None:
    history = [
        HumanMessage("how much of the reading club's effect on loans goes through visits?"),
        AIMessage(
            "",
            tool_calls=[
                {
                    "name": "estimate_effect",
                    "args": {
                        "dataset": "library",
                        "treatment": "reading_club",
                        "outcome": "loans_k",
                        "mediator": "visits_k",
                    },
                    "id": "h0",
                }
            ],
        ),
        ToolMessage(json.dumps({"ok": True, "summary": "", "result": {}}), tool_call_id="h0"),
        AIMessage("Done."),
    ]
    args = effect_args("now by area instead of the mediation", history)
    assert (args["treatment"], args["outcome"], args.get("by"), args.get("mediator")) == (
        "reading_club",
        "loans_k",
        "area",
        None,
    )


def test_a_method_named_after_a_refusal_redoes_the_question_with_it() -> None:
    history = [
        HumanMessage("can you do TMLE for the reading club and loans?"),
        AIMessage(
            "No: TMLE is not an estimation method of this installation (available: aipw, dml, "
            "matching, weighting, stratification, glm, iv, frontdoor, linear_regression)."
        ),
    ]
    args = effect_args("fine, use dml then", history)
    assert (args["treatment"], args["outcome"], args.get("method")) == (
        "reading_club",
        "loans_k",
        "dml",
    )


def test_a_share_of_the_effect_put_down_to_a_plain_variable_is_a_confounding_check() -> None:
    args = effect_args("how much of the late opening effect on visits is just the area though?")
    assert (args["treatment"], args["outcome"], args.get("focus"), args.get("common_causes")) == (
        "late_opening",
        "visits_k",
        "confounding",
        ["area"],
    )


def test_knowledge_after_knowing_that_with_a_modal_and_another_verb() -> None:
    msg = ask(
        "please learn the graph for the branches, knowing that fines can't change someone's "
        "staff numbers and that events have to affect visits"
    )
    assert msg.tool_calls, msg.content
    args = msg.tool_calls[0]["args"]
    assert (args.get("required"), args.get("forbidden")) == (
        ["events_mo->visits_k"],
        ["fines_gbp->staff_n"],
    )


def test_is_this_significant_at_all() -> None:
    msg = ask("is this significant at all?", estimated([1.2, 2.6], ["area"]))
    assert not msg.tool_calls
    assert "statistically significant" in msg.content


def _confounding(t: str, y: str, z: list[str]) -> dict[str, Any]:
    return {
        "dataset": "library",
        "treatment": t,
        "outcome": y,
        "common_causes": z,
        "focus": "confounding",
    }


@pytest.mark.parametrize(
    "question,want",
    [
        # a worry or suspicion that one column drives both of a pair, then a question that
        # names no column
        (
            "I'm worried that the area drives both the late opening and the visits. Can you check?",
            _confounding("late_opening", "visits_k", ["area"]),
        ),
        (
            "We suspect staff numbers drive both events per month and member satisfaction. "
            "Is that link confounded?",
            _confounding("events_mo", "member_sat", ["staff_n"]),
        ),
        # "could it just be that <the people of a level> both ...": the level names its column
        (
            "Could it just be that urban branches both run a reading club and get more visits?",
            _confounding("reading_club", "visits_k", ["area"]),
        ),
        # "Z could be the real story behind X and Y": the confounder said as the story
        (
            "Staff numbers could be the real story behind the reading club and satisfaction. "
            "Is it?",
            _confounding("reading_club", "member_sat", ["staff_n"]),
        ),
        # a question about a confounder said in the order of a statement
        (
            "staff numbers maybe is confounder between the reading club and satisfaction? "
            "please check",
            _confounding("reading_club", "member_sat", ["staff_n"]),
        ),
        # the relation doubted and put down to a third column
        (
            "is the link between the reading club and loans really about the area?",
            _confounding("reading_club", "loans_k", ["area"]),
        ),
        (
            "Could the late-opening effect on visits be just an area thing?",
            _confounding("late_opening", "visits_k", ["area"]),
        ),
        # the check asked for with the relation after the confounder
        (
            "check confounding by area for the effect of late opening on visits",
            _confounding("late_opening", "visits_k", ["area"]),
        ),
        (
            "check for confounding by staff numbers in reading club -> loans",
            _confounding("reading_club", "loans_k", ["staff_n"]),
        ),
        (
            "would adjusting for area change how the reading club affects loans?",
            _confounding("reading_club", "loans_k", ["area"]),
        ),
        (
            "is the effect of late opening on visits confounded by area and staff numbers?",
            _confounding("late_opening", "visits_k", ["area", "staff_n"]),
        ),
        # a difference explained away, said before or after
        (
            "Branches with late opening get more visits, but could the area be explaining that away?",
            _confounding("late_opening", "visits_k", ["area"]),
        ),
        (
            "Branches that had the reading club lent more, I think. Could area explain away the "
            "higher loans we see with it?",
            _confounding("reading_club", "loans_k", ["area"]),
        ),
        (
            "could the area explain away the higher loans with the reading club?",
            _confounding("reading_club", "loans_k", ["area"]),
        ),
        # "real, or just Z" without its verb; a claim reported in a time clause before the doubt
        (
            "Is late opening's association with visits real, or just the area?",
            _confounding("late_opening", "visits_k", ["area"]),
        ),
        (
            "Is the link between late opening and visits real or mostly staff numbers?",
            _confounding("late_opening", "visits_k", ["staff_n"]),
        ),
        (
            "Before I tell the board that late opening brings in visitors, is that just the area?",
            _confounding("late_opening", "visits_k", ["area"]),
        ),
        # a check named with its pair and suspect; a groups' gap explained away; the real story
        (
            "I'd like a confounding check on late opening and visits, with area as the suspected "
            "confounder.",
            _confounding("late_opening", "visits_k", ["area"]),
        ),
        (
            "could the area be explaining away the visits gap between late-opening and "
            "non-late-opening branches?",
            _confounding("late_opening", "visits_k", ["area"]),
        ),
        (
            "Late-opening branches get more visits, but they are also in bigger towns with more "
            "staff. Are staff numbers the real story?",
            _confounding("late_opening", "visits_k", ["staff_n"]),
        ),
        (
            "is area a confounder of the reading club and loans?",
            _confounding("reading_club", "loans_k", ["area"]),
        ),
        # a doubt that Z is behind a named link
        (
            "Could the area be behind the link between late opening and visits?",
            _confounding("late_opening", "visits_k", ["area"]),
        ),
        (
            "might staff numbers explain the late opening and visits relationship?",
            _confounding("late_opening", "visits_k", ["staff_n"]),
        ),
        (
            "is area really driving the correlation between late opening and visits?",
            _confounding("late_opening", "visits_k", ["area"]),
        ),
        # the claim said as the credit the asker is about to give
        (
            "Before I credit the late opening for the extra visits, could area be explaining it "
            "away?",
            _confounding("late_opening", "visits_k", ["area"]),
        ),
        (
            "If we attribute the higher loans to the reading club, are staff numbers behind it?",
            _confounding("reading_club", "loans_k", ["staff_n"]),
        ),
        (
            "Should we give the reading club the credit for more loans, or could area explain it?",
            _confounding("reading_club", "loans_k", ["area"]),
        ),
        # "is Z behind it" after the claim
        (
            "Late opening brings more visits. Is area behind that?",
            _confounding("late_opening", "visits_k", ["area"]),
        ),
    ],
)
def test_a_confounder_said_as_a_worry_a_statement_or_a_doubt(question: str, want: dict) -> None:
    msg = ask(question)
    assert msg.tool_calls, msg.content
    assert (msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]) == ("estimate_effect", want)


def test_account_for_said_as_a_request_before_the_question_gives_the_controls() -> None:
    msg = ask(
        "So account for area and staff numbers. What's the effect of the late opening on visits?"
    )
    assert msg.tool_calls, msg.content
    assert (msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]) == (
        "estimate_effect",
        {
            "dataset": "library",
            "treatment": "late_opening",
            "outcome": "visits_k",
            "common_causes": ["area", "staff_n"],
        },
    )


@pytest.mark.parametrize(
    ("question", "want"),
    [
        (
            "Area is a confounder of the reading club and loans, so include it: what does the club "
            "do to loans?",
            ("reading_club", "loans_k", ["area"]),
        ),
        (
            "staff numbers confound both late opening and visits; adjust for them and estimate "
            "late opening's effect on visits",
            ("late_opening", "visits_k", ["staff_n"]),
        ),
        (
            "treat the area as a confounder and estimate the effect of late opening on fines",
            ("late_opening", "fines_gbp", ["area"]),
        ),
        (
            "Events per month are the main confounder here, so keep them in the model. How much "
            "does the reading club change member satisfaction?",
            ("reading_club", "member_sat", ["events_mo"]),
        ),
        (
            "Staff numbers are a confounder. What's the effect of late opening on visits?",
            ("late_opening", "visits_k", ["staff_n"]),
        ),
        (
            "staff n = confounder, adjust. late opening -> visits?",
            ("late_opening", "visits_k", ["staff_n"]),
        ),
        (
            "staff n = common cause. effect of late opening on visits?",
            ("late_opening", "visits_k", ["staff_n"]),
        ),
        (
            "Events per month confound the reading club and member satisfaction, so control for "
            "them. Effect of the reading club on member satisfaction?",
            ("reading_club", "member_sat", ["events_mo"]),
        ),
        (
            "The area is the big confounder between late opening and visits, so leave it in. "
            "What's the effect of late opening on visits?",
            ("late_opening", "visits_k", ["area"]),
        ),
    ],
)
def test_a_confounder_declared_is_adjusted_for_not_checked(question: str, want: tuple) -> None:
    # "Z is a confounder of X and Y, so include it": what to adjust for, no doubt to check
    msg = ask(question)
    assert msg.tool_calls, msg.content
    t, y, z = want
    assert (msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]) == (
        "estimate_effect",
        {"dataset": "library", "treatment": t, "outcome": y, "common_causes": z},
    )


SCOOTERS = {
    "id": "scooters",
    "name": "scooters",
    "source": "scooters.csv",
    "n": 800,
    "p": 5,
    "columns": [
        col("zone_id", "id", 800),
        col("free_unlock", "binary", 2),
        col("rides_wk", "continuous"),
        col("mean_trip_min", "continuous"),
        col("battery_swaps", "discrete", 20),
        col("swap_wait_min", "continuous"),
    ],
}
SCOOTER_STATE = {"datasets": {"scooters": {**SCOOTERS, "current": True}}, "models": {}}


def test_a_word_a_name_says_as_a_modifier_and_another_by_a_near_noun_is_asked_back() -> None:
    # "the trips": the rides themselves or their mean length; the reply "length" is the
    # duration in minutes
    state = SCOOTER_STATE
    q = "does the free unlock change the trips?"
    msg = next_message([system_message(state), HumanMessage(q)], TOOLS)
    assert not msg.tool_calls
    assert "'mean_trip_min'" in msg.content and "'rides_wk'" in msg.content
    history = [HumanMessage(q), msg]
    reply = next_message([system_message(state), *history, HumanMessage("length")], TOOLS)
    assert reply.tool_calls, reply.content
    assert (reply.tool_calls[0]["name"], reply.tool_calls[0]["args"]) == (
        "estimate_effect",
        {"dataset": "scooters", "treatment": "free_unlock", "outcome": "mean_trip_min"},
    )


@pytest.mark.parametrize(
    ("question", "outcome"),
    [
        ("does the free unlock lead to longer trips?", "mean_trip_min"),
        ("does the free unlock lead to more trips?", "rides_wk"),
    ],
)
def test_a_degree_word_picks_the_duration_or_the_count(question: str, outcome: str) -> None:
    # "longer trips" is a duration (minutes), "more trips" a count (the rides)
    msg = next_message([system_message(SCOOTER_STATE), HumanMessage(question)], TOOLS)
    assert msg.tool_calls, msg.content
    assert (msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]) == (
        "estimate_effect",
        {"dataset": "scooters", "treatment": "free_unlock", "outcome": outcome},
    )
