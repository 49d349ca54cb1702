"""The offline planner reads requests with a look asked for ("could you take a look at whether
..."), an aside on how to answer ("tell me, roughly, whether ..."), a link said to be "just
confounding by Z", and a claim whose outcome word names no column (the treatment is the claim's
subject; the outcome is asked back, and the one-word reply keeps the confounder). Planner only:
no tool runs. The kennels table here is not the benchmark's."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import TOOLS, col, plan, profile, turn

KENNELS = {
    **profile(
        "kennels",
        700,
        col("dog_id", "id", 700),
        col("breed", "categorical", 3),
        col("age_yrs", "continuous"),
        col("training_class", "binary", 2),
        col("bark_score", "continuous"),
        col("calm_score", "continuous"),
        col("vet_visits", "discrete", 9),
    ),
    "notes": ["encoded categorical column 'breed' as integer codes (collie=0, lab=1, terrier=2)"],
}


def call(question: str) -> dict:
    msg = plan(question, [KENNELS])
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["args"]


def test_a_look_asked_for_opens_the_question() -> None:
    got = call("Could you take a look at whether the age of a dog goes with a higher bark score?")
    assert got == {"dataset": "kennels", "treatment": "age_yrs", "outcome": "bark_score"}


def test_a_look_asked_for_keeps_a_question_back_about_a_word_of_two_columns() -> None:
    msg = plan(
        "Would you mind having a look at whether the training class goes with a different score?",
        [KENNELS],
    )
    assert not msg.tool_calls
    assert "bark_score" in msg.content and "calm_score" in msg.content


def test_an_aside_on_how_to_answer_is_no_part_of_the_question() -> None:
    got = call(
        "Can you tell me, in plain words, whether the training class goes with fewer vet visits?"
    )
    assert got == {"dataset": "kennels", "treatment": "training_class", "outcome": "vet_visits"}


def test_just_confounding_by_is_a_confounding_check_with_its_confounder() -> None:
    msg = plan(
        "I'd like you to test whether the apparent effect of the training class on vet visits "
        "is just confounding by breed and age.",
        [KENNELS],
    )
    assert msg.tool_calls[0]["args"] == {
        "dataset": "kennels",
        "treatment": "training_class",
        "outcome": "vet_visits",
        "focus": "confounding",
        "common_causes": ["breed", "age_yrs"],
    }
    # (and no word of the wording is reported as a control left out)
    assert "Not used" not in msg.content
    got = call(
        "could you check whether the training class effect on the calm score is mostly confounding by age?"
    )
    assert got["common_causes"] == ["age_yrs"]


def test_a_claim_whose_outcome_names_no_column_asks_the_outcome_and_keeps_the_confounder() -> None:
    state = {"datasets": {"kennels": KENNELS}, "models": {}}
    q = "Volunteers say the training class makes dogs happier. Is that confounded by breed?"
    first = [system_message(state), HumanMessage(q)]
    msg = next_message(first, TOOLS)
    assert not msg.tool_calls and "outcome" in msg.content and "calm_score" in msg.content
    assert "training_class," not in msg.content  # the treatment is no candidate outcome
    reply = next_message([*first, AIMessage(msg.content), HumanMessage("calm")], TOOLS)
    assert reply.tool_calls[0]["args"] == {
        "dataset": "kennels",
        "treatment": "training_class",
        "outcome": "calm_score",
        "focus": "confounding",
        "common_causes": ["breed"],
    }


def test_the_file_the_data_came_in_names_no_column() -> None:
    # ("the kennels file" says `file`, no word of a column: the visits stay asked about)
    table = {
        **KENNELS,
        "columns": [
            *KENNELS["columns"],
            col("visit_cost", "continuous"),
            col("visit_filed", "binary", 2),
        ],
    }
    msg = plan("You've got the kennels file - what does the training class do to visits?", [table])
    assert not msg.tool_calls
    assert "vet_visits" in msg.content and "visit_filed" in msg.content


def test_a_fronted_reason_is_what_the_request_s_pronoun_points_to() -> None:
    table = {**KENNELS, "columns": [*KENNELS["columns"], col("class_offer", "binary", 2)]}
    msg = plan(
        "I'd like you to estimate the effect of the training class on the calm score. Since the "
        "class offer was handed out at random, you could use that as the instrument.",
        [table],
    )
    assert msg.tool_calls[0]["args"]["instrument"] == "class_offer"


def test_controls_asked_about_indirectly_are_answered_in_words() -> None:
    state = {"datasets": {"kennels": KENNELS}, "models": {}}
    before = [
        HumanMessage("effect of the training class on the calm score"),
        AIMessage(
            "",
            tool_calls=[
                {
                    "name": "estimate_effect",
                    "args": {
                        "dataset": "kennels",
                        "treatment": "training_class",
                        "outcome": "calm_score",
                    },
                    "id": "h0",
                    "type": "tool_call",
                }
            ],
        ),
    ]
    result = {"ate": 2.0, "ci": [1.0, 3.0], "p_value": 0.01, "adjustment_set": ["age_yrs"]}
    before += [
        ToolMessage(json.dumps({"ok": True, "summary": "", "result": result}), tool_call_id="h0"),
        AIMessage("Done."),
    ]
    q = "Would you mind reminding me what you controlled for in that estimate?"
    msg = next_message([system_message(state), *before, HumanMessage(q)], TOOLS)
    assert not msg.tool_calls and "age_yrs" in msg.content


def test_an_aside_on_how_to_answer_without_commas_is_dropped_too() -> None:
    got = call("Can you tell me roughly whether the training class goes with fewer vet visits?")
    assert got == {"dataset": "kennels", "treatment": "training_class", "outcome": "vet_visits"}


@pytest.mark.parametrize(
    "question",
    [
        # a hedged request
        "Would you mind telling me if age might be confounding the link between the training "
        "class and the calm score?",
        # a wish said with "that you"
        "I would like that you check if the age is confounding the relation of the training "
        "class and the calm score.",
    ],
)
def test_a_request_about_a_confounder_keeps_it_and_reports_no_word_of_it_as_unused(
    question: str,
) -> None:
    msg = plan(question, [KENNELS])
    assert msg.tool_calls[0]["args"] == {
        "dataset": "kennels",
        "treatment": "training_class",
        "outcome": "calm_score",
        "focus": "confounding",
        "common_causes": ["age_yrs"],
    }
    assert "Not used" not in msg.content


WORKSHOP = profile(
    "workshop",
    400,
    col("job_id", "id", 400),
    col("MachineAge", "discrete", 30),
    col("operator_tenure", "continuous"),
    col("coolant_switch", "binary", 2),
    col("scrap_rate", "continuous"),
)


def test_a_doubt_said_as_a_clause_names_its_confounder_by_the_clause_s_subject() -> None:
    for q in (
        "The coolant switch cuts the scrap rate. Is that just because newer machines get it more "
        "often?",
        "The foremen swear the coolant switch cuts the scrap rate. Would you mind checking if that's "
        "just because the newer machines get it more often?",
    ):
        msg = plan(q, [WORKSHOP])
        assert msg.tool_calls, (q, msg.content)
        assert msg.tool_calls[0]["args"] == {
            "dataset": "workshop",
            "treatment": "coolant_switch",
            "outcome": "scrap_rate",
            "focus": "confounding",
            "common_causes": ["MachineAge"],
        }, q


def test_a_variable_that_explains_part_of_an_effect_is_its_mediator() -> None:
    for q in (
        "Can you see whether the calm score explains part of the training class effect on vet visits?",
        "does the calm score explain much of the effect of the training class on vet visits?",
    ):
        assert call(q) == {
            "dataset": "kennels",
            "treatment": "training_class",
            "outcome": "vet_visits",
            "mediator": "calm_score",
        }, q


def test_whether_the_last_result_is_big_enough_to_matter_is_answered_in_words() -> None:
    state = {"datasets": {"kennels": KENNELS}, "models": {}}
    args = {"dataset": "kennels", "treatment": "training_class", "outcome": "calm_score"}
    result = {"ate": 2.0, "ci": [1.0, 3.0], "p_value": 0.01, "adjustment_set": ["age_yrs"]}
    before = turn(
        "effect of the training class on the calm score", "estimate_effect", args, result=result
    )
    for q in ("What would you say, is that big enough to matter?", "is it important in practice?"):
        msg = next_message([system_message(state), *before, HumanMessage(q)], TOOLS)
        assert not msg.tool_calls and "calm_score by 2" in msg.content, q


FLEET = profile(
    "fleet",
    500,
    col("van_id", "id", 500),
    col("driver_age", "continuous"),
    col("dashcam", "binary", 2),
    col("crash_filed", "binary", 2),
    col("crash_cost", "continuous"),
)


def test_rows_with_the_treatment_doing_less_is_a_claim_whose_outcome_is_asked() -> None:
    state = {"datasets": {"fleet": FLEET}, "models": {}}
    q = "Drivers with a dashcam seem to crash less. Is that confounded by the driver's age?"
    first = [system_message(state), HumanMessage(q)]
    msg = next_message(first, TOOLS)
    # ("drivers with ..." are people, no question about what drives something)
    assert not msg.tool_calls and "outcome" in msg.content and "crash_cost" in msg.content
    reply = next_message([*first, AIMessage(msg.content), HumanMessage("cost")], TOOLS)
    assert reply.tool_calls[0]["args"] == {
        "dataset": "fleet",
        "treatment": "dashcam",
        "outcome": "crash_cost",
        "focus": "confounding",
        "common_causes": ["driver_age"],
    }
