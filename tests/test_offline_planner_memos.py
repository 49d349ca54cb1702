"""The offline planner on verbose questions, about a table its rules were not written for (a
logistics firm's warehouses): a last question that names its whole analysis after statements of
context with scenario or analysis words of their own, everyday words a memo uses that are close
to an analysis word ("pitch", "heard", "introduction"), an amount "per region" that is a rate and
no subgroup, confounders declared in a sentence of their own ("A and B are the obvious
confounders, so please include them"), one estimator chosen with a verb after another one named
as a wish, a scenario in one sentence and its outcome asked "in that world" in the next, the
asker's gloss of a word ("by errors I mean ..."), a reply to a question back said as a clause
("whether an injury was reported"), one estimator asked for after a worry about methods, "what
influences what", someone's question put as a clause, a follow-up after a statement of context, a
declined time cue, knowledge said with a pronoun, a level said in passing, a meeting "last
month", an amount with a unit per unit ("2 days/yr more"), controls said as "the usual suspects"
and an estimator declined ("rather than plain regression"); options told in the story (controls
"taken into account" after a sentence that says they matter, a column left out because "it comes
after", a level in a sentence of its own, "break the X's effect down by Z", a mechanism and then
"how much goes that way", an estimator distrusted or trusted, "introducing the bonus" after
"incentive bonuses", a remark after a follow-up question) and, on a scholarship table, a lottery or
a coin toss used as the instrument. No tool runs."""

from __future__ import annotations

import pytest

from tests.planner_kit import TOOLS, col, plan, profile

WAREHOUSES = profile(
    "warehouses",
    900,
    col("site_id", "id", 900),
    col("region", "categorical", 4),
    col("shift_len_h", "continuous"),
    col("robot_assist", "binary", 2),
    col("training_days", "discrete", 10),
    col("staff_tenure_yrs", "continuous"),
    col("overtime", "binary", 2),
    col("incentive_pay", "binary", 2),
    col("picks_per_hr", "continuous"),
    col("error_rate_pct", "continuous"),
    col("injury_reported", "binary", 2),
    col("injury_cost_eur", "continuous"),
    col("absent_days", "discrete", 30),
)


def call(question: str, history: tuple = ()) -> tuple[str, dict]:
    msg = plan(question, [WAREHOUSES], history=list(history), tools=TOOLS)
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


def effect(t: str, y: str, **kw: object) -> dict:
    return {"dataset": "warehouses", "treatment": t, "outcome": y, **kw}


@pytest.mark.parametrize(
    "question, args",
    [
        (
            "Picking has been slow all year, and the ops director thinks halving the shifts would "
            "fix morale overnight. If shifts were 20% shorter, what would happen to the error rate?",
            effect(
                "shift_len_h",
                "error_rate_pct",
                focus="what_if",
                what_if={"op": "scale", "value": 0.8},
            ),
        ),
        (
            "The night team blames robots for everything and the union says they raise injuries "
            "because people rush. Is the relationship between robot assistance and picks per hour "
            "confounded by training days?",
            effect(
                "robot_assist", "picks_per_hr", focus="confounding", common_causes=["training_days"]
            ),
        ),
    ],
)
def test_a_last_question_that_names_its_analysis_leaves_the_context_out(
    question: str, args: dict
) -> None:
    assert call(question) == ("estimate_effect", args)


@pytest.mark.parametrize(
    "opener",
    [
        "We want to pitch robot assistance to the board next month.",
        "I have to prove to finance that robots pay off.",
    ],
)
def test_everyday_words_near_an_analysis_word_stay_words(opener: str) -> None:
    question = f"{opener} So what is the effect of robot assistance on picks per hour?"
    assert call(question) == ("estimate_effect", effect("robot_assist", "picks_per_hr"))


def test_typo_correction_leaves_everyday_words_alone() -> None:
    from copilot.agents.intents import correct_typos

    text = (
        "I've heard that since the introduction of the scheme we have been tracking the pitch "
        "of each proposal and the dose taken; a thorough clause in the estate's terms"
    )
    assert correct_typos(text) == text


def test_an_amount_per_group_is_a_rate_not_a_subgroup() -> None:
    question = (
        "The scheme costs about 2 million euros per region, so I need to be sure: what is the effect "
        "of incentive pay on absent days?"
    )
    assert call(question) == ("estimate_effect", effect("incentive_pay", "absent_days"))


@pytest.mark.parametrize(
    "tail",
    [
        "Shift length and tenure are the obvious confounders, so please include them.",
        "Shift length and tenure are the confounders.",
    ],
)
def test_confounders_declared_in_a_sentence_of_their_own_are_the_controls(tail: str) -> None:
    question = f"Can you estimate the effect of overtime on absent days? {tail}"
    assert call(question) == (
        "estimate_effect",
        effect("overtime", "absent_days", common_causes=["shift_len_h", "staff_tenure_yrs"]),
    )


def test_the_estimator_chosen_with_a_verb_wins_over_one_named_as_a_wish() -> None:
    question = (
        "I'd prefer a doubly robust approach, so please use matching to estimate the effect of "
        "incentive pay on absent days."
    )
    assert call(question) == (
        "estimate_effect",
        effect("incentive_pay", "absent_days", method="matching"),
    )


def test_a_scenario_said_before_and_a_gloss_said_after() -> None:
    question = (
        "One idea is to put a robot assistant in every site on the network. Could we predict what "
        "would happen to the errors in that world? By errors I mean the error rate, not injuries."
    )
    assert call(question) == (
        "estimate_effect",
        effect(
            "robot_assist", "error_rate_pct", focus="what_if", what_if={"op": "set", "value": 1.0}
        ),
    )


def test_a_reply_said_as_a_clause_answers_the_question_back() -> None:
    from langchain_core.messages import HumanMessage

    first = plan("Does overtime have any causal effect on injury?", [WAREHOUSES], tools=TOOLS)
    assert not first.tool_calls and "injury_reported" in first.content
    history = [HumanMessage("Does overtime have any causal effect on injury?"), first]
    assert call("whether an injury was reported", history) == (
        "estimate_effect",
        effect("overtime", "injury_reported"),
    )


def test_one_estimator_asked_for_after_a_worry_about_methods_is_the_method() -> None:
    question = (
        "Earlier estimates of the overtime effect on absent days were not robust to the choice of "
        "method. This time I'd like it done with weighting, controlling for tenure."
    )
    assert call(question) == (
        "estimate_effect",
        effect("overtime", "absent_days", method="weighting", common_causes=["staff_tenure_yrs"]),
    )


def test_what_influences_what_asks_for_the_whole_graph() -> None:
    question = "The COO wants a one-page picture of what influences what in the warehouses."
    assert call(question) == ("discover", {"dataset": "warehouses", "algorithm": "auto"})


def _estimated(t: str, y: str) -> list:
    from tests.planner_kit import turn

    return turn(f"effect of {t} on {y}", "estimate_effect", effect(t, y))


def test_someones_question_put_as_a_clause_is_the_question() -> None:
    question = (
        "Useful. The COO's follow-up question, which I couldn't answer on the spot, is how much of "
        "that effect goes through picks per hour."
    )
    assert call(question, _estimated("robot_assist", "error_rate_pct")) == (
        "estimate_effect",
        effect("robot_assist", "error_rate_pct", mediator="picks_per_hr"),
    )


def test_a_follow_up_after_a_statement_of_context_changes_the_last_estimate() -> None:
    question = (
        "That's roughly what I expected. Now, the managers keep telling me that robots work "
        "differently at each of our sites. Could you break the same estimate down by region?"
    )
    assert call(question, _estimated("robot_assist", "error_rate_pct")) == (
        "estimate_effect",
        effect("robot_assist", "error_rate_pct", by="region"),
    )


def test_a_declined_time_cue_is_no_time_series() -> None:
    weekly = profile(
        "weekly",
        300,
        col("week", "discrete", 300),
        col("promo_spend", "continuous"),
        col("visits", "continuous"),
        col("orders", "continuous"),
    )
    question = (
        "The data are weekly, about 300 weeks. I don't need time lags for this one; just learn the "
        "causal structure between promo spend, visits and orders."
    )
    msg = plan(question, [weekly], tools=TOOLS)
    assert msg.tool_calls and msg.tool_calls[0]["name"] == "discover"
    args = msg.tool_calls[0]["args"]
    assert "time_col" not in args and args.get("algorithm") not in ("pcmci", "granger")


def test_knowledge_said_with_a_pronoun_before_a_request_for_the_graph() -> None:
    question = (
        "One rule from the safety team: an injury report comes after the shift, so it can't cause "
        "overtime. Could you learn the causal graph with that edge forbidden?"
    )
    name, args = call(question)
    assert name == "discover" and args["forbidden"] == ["injury_reported->overtime"]


def test_a_level_said_in_passing_is_no_split_of_a_column_adjusted_for() -> None:
    leveled = {
        **WAREHOUSES,
        "notes": [
            "encoded categorical column 'region' as integer codes (north=0, south=1, east=2, "
            "west=3) for discovery; effect estimators use one indicator per level"
        ],
    }
    question = (
        "About 40% of sites have robots now, mostly in north sites. I'd like the effect of robot "
        "assistance on picks per hour, adjusting for region."
    )
    msg = plan(question, [leveled], tools=TOOLS)
    assert msg.tool_calls and msg.tool_calls[0]["args"] == effect(
        "robot_assist", "picks_per_hr", common_causes=["region"]
    )


def test_a_meeting_last_month_is_no_time_lag() -> None:
    question = (
        "The theory presented at last month's leadership meeting is that overtime drives absence "
        "mainly because it wears people down. How much of the overtime effect on absent days is "
        "mediated through picks per hour?"
    )
    assert call(question) == (
        "estimate_effect",
        effect("overtime", "absent_days", mediator="picks_per_hr"),
    )


def test_an_amount_with_a_unit_per_unit_is_added() -> None:
    question = "If every site had 2 days/yr more training, what would the error rate be?"
    assert call(question) == (
        "estimate_effect",
        effect(
            "training_days", "error_rate_pct", focus="what_if", what_if={"op": "add", "value": 2.0}
        ),
    )


@pytest.mark.parametrize(
    "wish",
    [
        "I'd like a DML estimate rather than plain regression.",
        "I'd like a double machine learning estimate rather than ordinary regression.",
    ],
)
def test_controls_said_as_the_usual_suspects_and_an_estimator_declined(wish: str) -> None:
    question = (
        "A quick one: the effect of overtime on absent days. Region and tenure are the usual "
        "suspects to control for, and " + wish
    )
    assert call(question) == (
        "estimate_effect",
        effect(
            "overtime", "absent_days", common_causes=["region", "staff_tenure_yrs"], method="dml"
        ),
    )


@pytest.mark.parametrize(
    "question",
    [
        "Suppose training were 3 days longer for everyone. How would the error rate change?",
        "Imagine every site had 3 more training days. What would happen to the error rate?",
    ],
)
def test_a_scenario_said_before_a_question_without_one_is_kept(question: str) -> None:
    assert call(question) == (
        "estimate_effect",
        effect(
            "training_days", "error_rate_pct", focus="what_if", what_if={"op": "add", "value": 3.0}
        ),
    )


#: A table of a school scholarship scheme whose offer was drawn by lottery (an encouragement
#: design): no column name says "lottery".
SCHOOLS = profile(
    "schools",
    700,
    col("pupil_id", "id", 700),
    col("district", "categorical", 5),
    col("family_income_k", "continuous"),
    col("scholarship_offer", "binary", 2),
    col("enrolled", "binary", 2),
    col("exam_score", "continuous"),
)


@pytest.mark.parametrize(
    "question, want",
    [
        # the controls named in a sentence that says they matter, then "take them into account"
        (
            "Our analysts know region and staff tenure matter for everything in the warehouses, so "
            "take them into account. Does robot assistance raise picks per hour?",
            (
                "estimate_effect",
                effect(
                    "robot_assist", "picks_per_hr", common_causes=["region", "staff_tenure_yrs"]
                ),
            ),
        ),
        (
            "We know overtime matters a lot here, take it into account. What's the effect of "
            "incentive pay on the error rate?",
            (
                "estimate_effect",
                effect("incentive_pay", "error_rate_pct", common_causes=["overtime"]),
            ),
        ),
        # a column left out with its reason said as "it comes after ..."
        (
            "What is the effect of robot assistance on injuries reported? Account for training "
            "days, but don't adjust for picks per hour, it comes after the robots.",
            (
                "estimate_effect",
                effect("robot_assist", "injury_reported", common_causes=["training_days"]),
            ),
        ),
        # a level said in a sentence of its own
        (
            "The logs are noisy and we have 900 sites. Be strict, 1% level. Learn the causal "
            "graph of the warehouse data.",
            ("discover", {"dataset": "warehouses", "algorithm": "auto", "alpha": 0.01}),
        ),
        # the verb of splitting or comparing before the effect's possessive
        (
            "Can you break the robots' effect on picks per hour down by region?",
            ("estimate_effect", effect("robot_assist", "picks_per_hr", by="region")),
        ),
        (
            "Please compare incentive pay's effect on the error rate between overtime workers and "
            "everyone else.",
            ("estimate_effect", effect("incentive_pay", "error_rate_pct", by="overtime")),
        ),
        # a mechanism said in passing, then "how much goes that way"
        (
            "The union thinks overtime works mainly through the shift length. How much of the "
            "overtime effect on errors goes that way?",
            ("estimate_effect", effect("overtime", "error_rate_pct", mediator="shift_len_h")),
        ),
        # an estimator distrusted is not the one used; one named "with a ... estimator" is no control
        (
            "The ops director doesn't trust matching for this. Estimate the effect of incentive "
            "pay on picks per hour with a doubly robust estimator, with region as a control.",
            (
                "estimate_effect",
                effect("incentive_pay", "picks_per_hr", method="aipw", common_causes=["region"]),
            ),
        ),
        (
            "The consultant used a plain regression, but I trust IPW more. What does robot "
            "assistance do to injuries reported?",
            ("estimate_effect", effect("robot_assist", "injury_reported", method="weighting")),
        ),
        # "introducing the bonus" after "incentive bonuses": the fuller mention names the column
        (
            "We've been testing incentive bonuses at some sites. What does introducing the bonus "
            "do to picks per hour?",
            ("estimate_effect", effect("incentive_pay", "picks_per_hr")),
        ),
        # "bring in more", and the days people "lose" (to absence)
        (
            "Do incentive bonuses bring in more picks per hour?",
            ("estimate_effect", effect("incentive_pay", "picks_per_hr")),
        ),
        (
            "Does overtime raise the days staff lose?",
            ("estimate_effect", effect("overtime", "absent_days")),
        ),
        # controls to "keep in mind"; a second one said as a "whether" clause
        (
            "Bigger regions run longer shifts. Keep region and tenure in mind when you estimate "
            "this. Does incentive pay cut the error rate?",
            (
                "estimate_effect",
                effect(
                    "incentive_pay", "error_rate_pct", common_causes=["region", "staff_tenure_yrs"]
                ),
            ),
        ),
        (
            "Tenure and whether a site works overtime both matter here, so account for them. What "
            "did robot assistance do to the error rate?",
            (
                "estimate_effect",
                effect(
                    "robot_assist", "error_rate_pct", common_causes=["staff_tenure_yrs", "overtime"]
                ),
            ),
        ),
        # an estimator asked for in a sentence of its own; "and let me see" ends the outcome
        (
            "We're looking at robots and injuries. A doubly robust estimator please. What's the "
            "effect of robot assistance on injuries reported?",
            ("estimate_effect", effect("robot_assist", "injury_reported", method="aipw")),
        ),
        (
            "Run matching and weighting for the robot effect on the error rate and let me see "
            "whether they agree.",
            (
                "estimate_effect",
                effect("robot_assist", "error_rate_pct", methods=["matching", "weighting"]),
            ),
        ),
        # a change said in percent is no significance level
        (
            "Errors went up 12% this year. What actually drives the error rate?",
            (
                "discover",
                {"dataset": "warehouses", "algorithm": "auto", "target": "error_rate_pct"},
            ),
        ),
    ],
)
def test_options_told_in_the_story_reach_the_call(question: str, want: tuple) -> None:
    assert call(question) == want


def test_a_remark_after_a_follow_up_question_is_context() -> None:
    history = _estimated("robot_assist", "picks_per_hr")
    question = "Thanks. Does it differ by region? The northern sites are a different world."
    assert call(question, history) == (
        "estimate_effect",
        effect("robot_assist", "picks_per_hr", by="region"),
    )


@pytest.mark.parametrize(
    "story",
    [
        "Scholarship places were offered at random, and not every family took one up. The lottery "
        "decided who got an offer, so use that.",
        "A coin toss decided which families got a scholarship offer, so use it.",
        # the pronoun's own sentence names what is used
        "Last year we ran the scheme in five districts. The random offer is our cleanest "
        "comparison, so treat it as the instrument.",
        # what is said to be the clean part, then leaned on
        "Places were handed out by the council, and not every family took one up. The assignment "
        "is the clean part, so lean on that.",
        "Not every family took a place up. The allocation is the clean part, so rely on it.",
        "Not every family took a place up. The draw is what's clean here, so build on it.",
    ],
)
def test_a_random_act_said_as_the_instrument_is_the_column_of_the_assignment(story: str) -> None:
    msg = plan(story + " What does enrolling do to exam scores?", [SCHOOLS], tools=TOOLS)
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"] == {
        "dataset": "schools",
        "treatment": "enrolled",
        "outcome": "exam_score",
        "instrument": "scholarship_offer",
    }


def test_a_vague_object_and_a_finished_programme_name_nothing_else() -> None:
    history = _estimated("robot_assist", "picks_per_hr")
    question = (
        "My boss doesn't like regression for this kind of thing. Could you redo it with weighting?"
    )
    assert call(question, history) == (
        "estimate_effect",
        effect("robot_assist", "picks_per_hr", method="weighting"),
    )
    clinics = profile(
        "clinics",
        500,
        col("patient_no", "id", 500),
        col("age", "continuous"),
        col("rehab_referral", "binary", 2),
        col("completed_rehab", "binary", 2),
        col("readmitted", "binary", 2),
    )
    msg = plan("Did finishing rehab cut readmissions?", [clinics], tools=TOOLS)
    assert msg.tool_calls, msg.content
    assert msg.tool_calls[0]["args"] == {
        "dataset": "clinics",
        "treatment": "completed_rehab",
        "outcome": "readmitted",
    }


@pytest.mark.parametrize(
    "question, want",
    [
        # a figure of the data in a sentence of its own is no significance level
        (
            "Error rates crept up to around twelve percent this spring and nobody agrees why. "
            "What's driving the error rate?",
            (
                "discover",
                {"dataset": "warehouses", "algorithm": "auto", "target": "error_rate_pct"},
            ),
        ),
        # an algorithm and a test said by what they allow
        (
            "We can't rule out hidden common causes, so use an algorithm that allows for latent "
            "confounders. What's the causal graph of the warehouse data?",
            ("discover", {"dataset": "warehouses", "algorithm": "fci"}),
        ),
        (
            "The error rates are badly skewed, so please use a nonparametric independence test. "
            "What's the causal graph of the warehouse data?",
            ("discover", {"dataset": "warehouses", "algorithm": "auto", "ci_test": "kci"}),
        ),
        # an instrument said as a judgement of a column
        (
            "Incentive pay was handed out by head office on a whim, not on how the sites were "
            "doing. So incentive pay is a decent instrument, I think. What did overtime do to the "
            "error rate?",
            (
                "estimate_effect",
                effect("overtime", "error_rate_pct", instrument="incentive_pay"),
            ),
        ),
        # an effect put down wholly to a plain variable: a confounding check by it
        (
            "Is the robot effect on picks per hour just their tenure talking?",
            (
                "estimate_effect",
                effect(
                    "robot_assist",
                    "picks_per_hr",
                    common_causes=["staff_tenure_yrs"],
                    focus="confounding",
                ),
            ),
        ),
        # controls said one by one to belong in the model, then "those two"
        (
            "Tenure has to be in there, and the region probably matters as well. With those two "
            "held fixed, what does robot assistance do to the error rate?",
            (
                "estimate_effect",
                effect(
                    "robot_assist", "error_rate_pct", common_causes=["staff_tenure_yrs", "region"]
                ),
            ),
        ),
        (
            "The busier sites were more likely to get robots, so tenure can't be left out, and the "
            "region obviously goes in too. Holding both of those constant, what does robot "
            "assistance do to the error rate?",
            (
                "estimate_effect",
                effect(
                    "robot_assist", "error_rate_pct", common_causes=["staff_tenure_yrs", "region"]
                ),
            ),
        ),
        # a sentence that leaves a column out ends with its own reason: the controls before stay
        (
            "We need the effect of robot assistance on picks per hour. Tenure and region both "
            "matter a lot, so account for them. Leave the error rate out, though, since the robots "
            "change it.",
            (
                "estimate_effect",
                effect(
                    "robot_assist", "picks_per_hr", common_causes=["staff_tenure_yrs", "region"]
                ),
            ),
        ),
        # a third variable said to distort the effect; "seeing" is no misspelt steering
        (
            "The robot sites also happen to have the long-serving staff. I'm a bit worried that's "
            "what we're really seeing. Could tenure be distorting the robots' effect on picks per "
            "hour?",
            (
                "estimate_effect",
                effect(
                    "robot_assist",
                    "picks_per_hr",
                    common_causes=["staff_tenure_yrs"],
                    focus="confounding",
                ),
            ),
        ),
        # "if none of them had one": the thing had is the one named before
        (
            "About a third of the sites have an incentive scheme. If none of them had one, what "
            "would happen to absent days?",
            (
                "estimate_effect",
                effect(
                    "incentive_pay",
                    "absent_days",
                    focus="what_if",
                    what_if={"op": "set", "value": 0.0},
                ),
            ),
        ),
        # a discovery option in a sentence of its own
        (
            "We want the causal structure of the warehouse data. Use FCI. A strict level, say one "
            "percent.",
            ("discover", {"dataset": "warehouses", "algorithm": "fci", "alpha": 0.01}),
        ),
        # controls said one by one after a clause about who got the treatment ("the ones with
        # long-serving staff ..., so the region has to be accounted for")
        (
            "The busier sites and the ones with long-serving staff get robots first, so the region "
            "has to be accounted for, and tenure matters as well. With both of those held "
            "constant, what do robots do to the error rate?",
            (
                "estimate_effect",
                effect(
                    "robot_assist", "error_rate_pct", common_causes=["region", "staff_tenure_yrs"]
                ),
            ),
        ),
        # a mechanism said as what people do differently, then "how much goes that way"
        (
            "Overtime raises the error rate mainly because people work longer shifts. How much of "
            "the overtime effect on errors goes that way?",
            ("estimate_effect", effect("overtime", "error_rate_pct", mediator="shift_len_h")),
        ),
        # a belief reported, then asked whether it holds
        (
            "Some sites got robots last year. The floor managers think the robots cut the error "
            "rate. Did they?",
            ("estimate_effect", effect("robot_assist", "error_rate_pct")),
        ),
        # "what did that do to Y": the pointer names the treatment of the sentence before
        (
            "We put robot assistance into some sites this year. What did that do to their error "
            "rate?",
            ("estimate_effect", effect("robot_assist", "error_rate_pct")),
        ),
        # a condition whose predicate is left out repeats the one said before
        (
            "About half the sites are robot assisted at the moment. If none of them were, what "
            "would happen to picks per hour?",
            (
                "estimate_effect",
                effect(
                    "robot_assist",
                    "picks_per_hr",
                    focus="what_if",
                    what_if={"op": "set", "value": 0.0},
                ),
            ),
        ),
    ],
)
def test_verbose_stories_with_options_said_in_passing(question: str, want: tuple) -> None:
    assert call(question) == want


@pytest.mark.parametrize(
    "question, args",
    [
        # the way to redo it is said in the sentence just before, after a sentence of context
        (
            "Head office will ask whether this holds up with another estimator. They tend to like "
            "doubly robust methods. Can you redo it that way?",
            effect("robot_assist", "picks_per_hr", method="aipw"),
        ),
        # an estimator distrusted with its reason is context for the one asked for
        (
            "Our ops director distrusts regression for a yes/no outcome (she's been burned "
            "before). Could you try weighting instead?",
            effect("robot_assist", "picks_per_hr", method="weighting"),
        ),
        # columns added before the estimate is run again are its controls
        (
            "Hmm. The robots went mostly to the sites with long-serving staff. Add tenure and the "
            "region and run it again.",
            effect("robot_assist", "picks_per_hr", common_causes=["staff_tenure_yrs", "region"]),
        ),
    ],
)
def test_a_follow_up_told_with_its_reason(question: str, args: dict) -> None:
    history = _estimated("robot_assist", "picks_per_hr")
    assert call(question, history) == ("estimate_effect", args)


def test_an_amount_per_unit_said_of_a_person_names_no_variable() -> None:
    question = "How many more picks per hour does a site get for each extra training day?"
    assert call(question) == ("estimate_effect", effect("training_days", "picks_per_hr"))
