"""The offline planner on roles told in ways other than "the effect of X on Y": a mediator said
as the middle step or as the first link of a chain ("more M and then more Y"), a subject said
first and taken up by a pronoun ("Z, it is a confounder for X and Y?"), a confounding check
asked with the adjective first ("is confounded this by Z"), a reason told in a context sentence
that is no mechanism, and a clause after a control that is no part of it. Planner only: no tool
runs."""

from __future__ import annotations

import pytest

from copilot.agents.intents import parse_question
from tests.planner_kit import col, plan, profile

#: Libraries of a city: a reading programme, visits, loans, a branch size and its district.
LIBRARIES = profile(
    "libraries",
    600,
    col("branch_id", "id", 600),
    col("district", "categorical", 4),
    col("number_of_desks", "continuous"),
    col("number_of_complaints_last_month", "continuous"),
    col("reading_club", "binary", 2),
    col("visits_wk", "continuous"),
    col("loans_wk", "continuous"),
    col("staff_age", "continuous"),
)


def effect_call(question: str) -> dict:
    msg = plan(question, [LIBRARIES])
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["name"] == "estimate_effect"
    return msg.tool_calls[0]["args"]


@pytest.mark.parametrize(
    "question",
    [
        "The reading club brings more visits and then more loans? Split it in direct and indirect.",
        "Does the reading club bring more visits and then more loans?",
    ],
)
def test_a_chain_of_outcomes_is_a_mediator_then_the_outcome(question):
    args = effect_call(question)
    assert (args["treatment"], args["mediator"], args["outcome"]) == (
        "reading_club",
        "visits_wk",
        "loans_wk",
    )


def test_the_middle_step_declared_after_the_outcome():
    args = effect_call(
        "We think the reading club works through visits. Split it into direct and indirect "
        "parts. The treatment is the reading club, the outcome is loans and the middle step is "
        "the visits."
    )
    assert (args["treatment"], args["mediator"], args["outcome"]) == (
        "reading_club",
        "visits_wk",
        "loans_wk",
    )


def test_a_subject_said_first_and_taken_up_by_it():
    it = parse_question("The district, it is a confounder for the reading club and the loans?")
    assert it.focus == "confounding"
    assert it.controls == ["district"]
    assert (it.treatment, it.outcome) == ("reading club", "loans")


def test_is_confounded_this_by_points_back():
    it = parse_question("Is confounded this by the district?")
    assert it.focus == "confounding" and it.controls == ["district"]


def test_a_reason_told_before_is_no_mechanism_and_a_clause_after_a_control_is_cut():
    # ("because they had more desks to fill" tells why branches got the club; the request names
    # the number of desks as the confounder to check, followed by a clause of its own)
    args = effect_call(
        "The city gave the reading club to the big branches first, simply because they had more "
        "desks to fill. I'd like to check whether the link between the club and loans is "
        "confounded by the number of desks before anyone claims success."
    )
    assert args["focus"] == "confounding"
    assert "mediator" not in args
    assert args["common_causes"] == ["number_of_desks"]


def test_onto_is_said_for_on_in_a_comparison_of_estimators():
    args = effect_call(
        "Compare me the matching with the weighting for the reading club onto loans."
    )
    assert (args["treatment"], args["outcome"]) == ("reading_club", "loans_wk")
    assert args["methods"] == ["matching", "weighting"]


def test_more_of_one_is_one_unit_more():
    args = effect_call("How much the loans grow if the visits are more of one?")
    assert (args["treatment"], args["outcome"]) == ("visits_wk", "loans_wk")
    assert args["what_if"] == {"op": "add", "value": 1.0}


def test_the_confounder_asked_about_is_no_end_of_the_link():
    # ("the big branches" said first reads as the treatment; the request names it as the
    # confounder, so the link is between the two other columns the question names)
    args = effect_call(
        "The reading club branches have more visits and they have more loans. Is this "
        "confounded by the reading club?"
    )
    assert args["focus"] == "confounding"
    assert (args["treatment"], args["outcome"]) == ("visits_wk", "loans_wk")
    assert args["common_causes"] == ["reading_club"]


#: Cafes: a loyalty card, what the cafe spends on promotion and what a customer's ticket comes
#: to, two measures of the energy used, a count of stops of a delivery round.
CAFES = profile(
    "cafes",
    300,
    col("cafe_id", "id", 300),
    col("loyalty_card", "binary", 2),
    col("PromoSpend", "continuous"),
    col("ticket_eur", "continuous"),
    col("kwh_per_seat", "continuous"),
    col("kwh_total_k", "continuous"),
    col("n_stops", "discrete", 20),
    col("delivery_min", "continuous"),
)


def test_spending_raised_by_a_programme_is_what_customers_spend():
    msg = plan("Does the loyalty card raise spending?", [CAFES])
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"]["outcome"] == "ticket_eur"


def test_a_word_naming_the_same_unit_of_two_columns_is_asked_about():
    msg = plan("What is the effect of the loyalty card on energy?", [CAFES])
    assert not msg.tool_calls
    assert "kwh_per_seat" in msg.content and "kwh_total_k" in msg.content


def test_a_noun_after_every_is_no_verb_of_the_question():
    # ("stop" is a verb of effect; after "every" it is the stops, a count that takes no seconds)
    msg = plan(
        "If every stop were 20 seconds shorter, how would the delivery time change?", [CAFES]
    )
    assert not msg.tool_calls
    assert "n_stops" in msg.content and "count" in msg.content


@pytest.mark.parametrize(
    "question",
    [
        "Is it possible that the reading club effect on loans is confounded by the district?",
        "Is the reading club effect on loans spurious, maybe due to the district?",
    ],
)
def test_a_hedged_confounding_check_keeps_its_confounder(question):
    args = effect_call(question)
    assert (args["treatment"], args["outcome"]) == ("reading_club", "loans_wk")
    assert args["focus"] == "confounding" and args["common_causes"] == ["district"]
    assert "mediator" not in args


def test_those_who_get_more_of_the_treatment_are_a_common_cause():
    args = effect_call(
        "It might be that the reading club raises loans only because big districts get more of "
        "it. Can you check for that?"
    )
    assert args["focus"] == "confounding" and args["common_causes"] == ["district"]
    assert "mediator" not in args


def test_a_variable_had_one_unit_better_is_an_amount_added():
    args = effect_call("What would happen to loans if every branch had visits one point higher?")
    assert args["treatment"] == "visits_wk"
    assert args["what_if"] == {"op": "add", "value": 1.0}


@pytest.mark.parametrize(
    "question",
    [
        "does the reading club work better for some districts than for others on loans?",
        "does the reading club help more for some districts on loans?",
    ],
)
def test_works_better_for_a_group_on_an_outcome(question):
    args = effect_call(question)
    assert (args["treatment"], args["outcome"]) == ("reading_club", "loans_wk")
    assert args["by"] == "district"


def test_works_on_an_outcome_is_an_effect_on_it():
    args = effect_call("Tell me if the reading club works on loans, using the district as control.")
    assert (args["treatment"], args["outcome"]) == ("reading_club", "loans_wk")
    assert args["common_causes"] == ["district"]


def test_a_confounder_said_before_the_link_it_confounds():
    args = effect_call(
        "Is there confusion by the district in the influence from the reading club onto loans?"
    )
    assert (args["treatment"], args["outcome"]) == ("reading_club", "loans_wk")
    assert args["focus"] == "confounding" and args["common_causes"] == ["district"]


def test_doing_anything_to_an_outcome_asks_the_effect_on_it():
    args = effect_call(
        "Is the reading club doing anything to loans, or is that confounded by the district?"
    )
    assert (args["treatment"], args["outcome"]) == ("reading_club", "loans_wk")
    assert args["focus"] == "confounding" and args["common_causes"] == ["district"]


def test_a_story_pair_does_not_replace_the_requests_own_ambiguous_pair():
    # ("energy" fits both kWh columns; the first sentence's pair, the club and the visits, is no
    # answer to a question about the club and energy)
    msg = plan(
        "Clubs bring more visits and the club branches also use less energy. Is the club-energy "
        "relationship confounded by the district?",
        [CAFES_AND_CLUBS],
    )
    assert not msg.tool_calls, msg.tool_calls
    assert "kwh_per_seat" in msg.content and "kwh_total_k" in msg.content


CAFES_AND_CLUBS = profile(
    "clubs",
    300,
    col("branch_id", "id", 300),
    col("district", "categorical", 4),
    col("reading_club", "binary", 2),
    col("visits_wk", "continuous"),
    col("kwh_per_seat", "continuous"),
    col("kwh_total_k", "continuous"),
)
