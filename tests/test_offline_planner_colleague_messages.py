"""The offline planner on messages written to a colleague: two requests in one message are both
planned, one after the other; a rival cause left open and named after a comma ("could something
else explain that, say Z?") is the confounder checked; everyday words near an analysis word ("we're
weighing a policy", "she's missing that ...", "explains that gap") are not read as that analysis.
Planner only: no tool runs."""

from __future__ import annotations

import json

import pytest
from langchain_core.messages import HumanMessage, ToolMessage

from copilot.agents.discourse import named_rival, two_requests
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import TOOLS, col, plan, profile

#: Branches of a public library: size, a city-centre site, opening hours, a reading club, loans,
#: visits and a member rating with gaps.
LIBRARY = profile(
    "library",
    640,
    col("branch_id", "id", 640),
    col("branch_size", "continuous"),
    col("city_centre", "binary", 2),
    col("opening_hours", "continuous"),
    col("reading_club", "binary", 2),
    col("loans_per_member", "continuous"),
    col("visits_k", "continuous"),
    col("member_rating", "continuous"),
)


def _calls(question: str, n: int) -> list[dict]:
    """The first `n` calls the planner makes for `question`, each answered with an ok result."""
    state = {"datasets": {"library": LIBRARY}, "models": {}}
    messages = [system_message(state), HumanMessage(question)]
    calls = []
    for i in range(n):
        msg = next_message(messages, TOOLS)
        assert msg.tool_calls, (i, msg.content)
        call = msg.tool_calls[0]
        calls.append({"tool": call["name"], "args": call["args"]})
        body = {"ok": True, "summary": "", "result": {}}
        messages += [msg, ToolMessage(json.dumps(body), tool_call_id=call["id"])]
    last = next_message(messages, TOOLS)
    assert not last.tool_calls, last.tool_calls
    return calls


def test_two_requests_split_where_the_message_goes_on():
    first, second = two_requests(
        "Can you check how complete the member rating is, and while you're at it, estimate "
        "the effect of the reading club on loans per member?"
    )
    assert first.endswith("member rating is")
    assert second.startswith("estimate the effect")
    assert two_requests("What is the effect of the reading club on loans per member?") is None


@pytest.mark.parametrize(
    "question",
    [
        "I'm new here and the survey was patchy. Can you check how complete the member rating "
        "is, and while you're at it, estimate the effect of the reading club on loans per member?",
        "Could you tell me whether any member ratings are missing? Also, what's the effect of the "
        "reading club on loans per member?",
        "Could you tell me whether there are blanks in the member rating, and then estimate the "
        "effect of the reading club on loans per member?",
        "Could you tell me how complete the member rating is, and also whether the reading club "
        "raises loans per member?",
    ],
)
def test_a_missing_values_check_and_an_effect_in_one_message_are_both_run(question):
    calls = _calls(question, 2)
    assert calls[0] == {"tool": "describe", "args": {"dataset": "library", "focus": "missing"}}
    assert calls[1]["tool"] == "estimate_effect"
    assert calls[1]["args"]["treatment"] == "reading_club"
    assert calls[1]["args"]["outcome"] == "loans_per_member"


def test_two_effects_in_one_message_keep_their_own_options():
    calls = _calls(
        "I need you to estimate the effect of opening hours on visits by matching, controlling "
        "for branch size. Also, while you're at it, what's the effect of the reading club on "
        "loans per member?",
        2,
    )
    one, two = (c["args"] for c in calls)
    assert (one["treatment"], one["outcome"], one["method"]) == (
        "opening_hours",
        "visits_k",
        "matching",
    )
    assert one["common_causes"] == ["branch_size"]
    assert (two["treatment"], two["outcome"]) == ("reading_club", "loans_per_member")
    assert "method" not in two and "common_causes" not in two


def test_an_option_said_after_also_is_no_second_request():
    (call,) = _calls(
        "Estimate the effect of the reading club on loans per member. Also, use matching.", 1
    )
    assert call["args"]["method"] == "matching"


def test_a_rival_left_open_then_named_is_the_confounder():
    assert (
        named_rival("Could something else explain that, say the branch size?")
        == "Could the branch size explain that?"
    )
    msg = plan(
        "Branches with a reading club have more loans per member. Could something else explain "
        "that, say the branch size? You'd save me a meeting.",
        [LIBRARY],
    )
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("reading_club", "loans_per_member")
    assert args["focus"] == "confounding"
    assert args["common_causes"] == ["branch_size"]


@pytest.mark.parametrize(
    "question",
    [
        "My manager swears that branches with a reading club get more visits. Could the city "
        "centre explain that?",
        "The area librarian told our board that branches with a reading club get more visits. "
        "Could something else explain that, like the city centre?",
        "Branches with a reading club get more visits, but they are mostly in the city centre. "
        "Can you tell me if something else explains that gap, specifically the city centre?",
    ],
)
def test_a_claim_then_a_rival_that_explains_it(question):
    args = plan(question, [LIBRARY]).tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("reading_club", "visits_k")
    assert args["focus"] == "confounding"
    assert args["common_causes"] == ["city_centre"]


def test_weighing_a_policy_is_no_weighting():
    msg = plan(
        "We're weighing a policy that would change the hours at every branch. I need you to tell "
        "me what happens to visits if opening hours doubled.",
        [LIBRARY],
    )
    args = msg.tool_calls[0]["args"]
    assert args["what_if"] == {"op": "scale", "value": 2.0}
    assert "method" not in args


def test_missing_a_point_is_no_missing_values_question():
    msg = plan(
        "My director concluded the reading club lowers visits. I think she's missing that city "
        "centre branches are the ones that run it. Could you check whether the city centre "
        "confounds the reading club and visits link?",
        [LIBRARY],
    )
    assert msg.tool_calls[0]["name"] == "estimate_effect"
    assert msg.tool_calls[0]["args"]["focus"] == "confounding"
    for question in ("is the member rating missing that often?", "are there gaps in the data?"):
        assert plan(question, [LIBRARY]).tool_calls[0]["args"].get("focus") == "missing"


@pytest.mark.parametrize(
    "question",
    [
        "Am I fooling myself that the reading club is what raises loans per member, or could the "
        "branch size explain it?",
        "Busy branches report far more loans per member this year. Am I fooling myself that the "
        "reading club is what raises it, or could the branch size explain it? Do check for me.",
    ],
)
def test_a_doubted_claim_or_a_rival_that_explains_it(question):
    args = plan(question, [LIBRARY]).tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("reading_club", "loans_per_member")
    assert args["focus"] == "confounding"
    assert args["common_causes"] == ["branch_size"]


@pytest.mark.parametrize(
    ("verb", "value"),
    [("doubled", 2.0), ("halved", 0.5)],
)
def test_an_amount_changed_for_everyone_is_the_column(verb, value):
    msg = plan(
        f"The trustees keep asking, so could you tell me what happens to visits if you {verb} "
        "every branch's opening hours?",
        [LIBRARY],
    )
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("opening_hours", "visits_k")
    assert args["what_if"] == {"op": "scale", "value": value}


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        (
            "The trustees asked me about this, so could you tell me whether the relationship "
            "between opening hours and visits is spurious? I suspect branch size drives both.",
            "confounding",
        ),
        (
            "What is the effect of opening hours on visits? My guess is that the branch size is "
            "behind both of them.",
            None,
        ),
    ],
)
def test_a_rival_said_in_a_sentence_of_its_own_is_adjusted_for(question, focus):
    msg = plan(question, [LIBRARY])
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("opening_hours", "visits_k")
    assert args.get("focus") == focus
    assert args["common_causes"] == ["branch_size"]
    assert "branch_size" in msg.content


def test_a_sentence_about_both_without_a_column_adds_nothing():
    args = plan(
        "What is the effect of opening hours on visits? Something drives both, I'm sure.",
        [LIBRARY],
    ).tool_calls[0]["args"]
    assert "common_causes" not in args


def test_a_request_that_does_not_plan_is_said_not_run():
    msg = plan(
        "The trustees keep saying the reading club brings money in. Could you look at whether "
        "that's spurious, and while you're at it, count the blanks in the member rating?",
        [LIBRARY],
    )
    assert msg.tool_calls[0]["args"] == {"dataset": "library", "focus": "missing"}
    assert "Not run: the other request" in msg.content
    assert "reading club" in msg.content


def test_a_made_up_option_of_one_of_two_requests_is_still_said():
    calls = _calls(
        "Could you tell me whether any member ratings are missing? Also, estimate the effect of "
        "the reading club on loans per member with the frobnicate test.",
        2,
    )
    assert calls[1]["args"]["treatment"] == "reading_club"
    state = {"datasets": {"library": LIBRARY}, "models": {}}
    msg = next_message(
        [
            system_message(state),
            HumanMessage(
                "Could you tell me whether any member ratings are missing? Also, estimate the "
                "effect of the reading club on loans per member with the frobnicate test."
            ),
        ],
        TOOLS,
    )
    assert "frobnicate" in msg.content


@pytest.mark.parametrize(
    "question",
    [
        "Estimate the effect of the reading club on loans per member, and then tell me if it's "
        "confounded by branch size.",
        "What's the effect of the reading club on loans per member? Also, could that be "
        "confounded by the branch size?",
    ],
)
def test_a_second_request_that_points_back_checks_the_first_requests_pair(question):
    (call,) = _calls(question, 1)
    args = call["args"]
    assert (args["treatment"], args["outcome"]) == ("reading_club", "loans_per_member")
    assert args["common_causes"] == ["branch_size"]
    assert args["focus"] == "confounding"


def test_a_second_request_that_points_back_with_other_options_runs_after_the_first():
    one, two = _calls(
        "Estimate the effect of opening hours on visits by matching. After that, does it hold "
        "up with weighting?",
        2,
    )
    assert (one["args"]["treatment"], one["args"]["outcome"]) == ("opening_hours", "visits_k")
    assert (two["args"]["treatment"], two["args"]["outcome"]) == ("opening_hours", "visits_k")
    assert one["args"]["method"] == "matching" and two["args"]["method"] != "matching"


def test_a_second_request_that_points_back_for_subgroups_keeps_the_first_options():
    (call,) = _calls(
        "Estimate the effect of opening hours on visits by matching. After that, is it the same "
        "for city centre branches?",
        1,
    )
    assert (call["args"]["method"], call["args"]["by"]) == ("matching", "city_centre")
