"""The offline planner on field experts' jargon: an instrument named by the verb ("instrumenting
with Z"), selection on observables, an interaction "A x B on Y" (the effect of A split by B),
"stratum-specific" said beside a named split, a control list that ends at ", then ...", a root
cause analysis on a variable, a required edge said after it ("A -> B has to be in it"), a
variable said with the word for its tally ("flu counts"), and methods the product does not have
(entropy balancing, Cox models) said plainly even when nothing else is read. Planner only: no
tool runs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.planner_kit import col, plan, profile

COHORT = profile(
    "cohort",
    4000,
    col("person_id", "id", 4000),
    col("region", "categorical", 4),
    col("age_y", "continuous"),
    col("vax_invite", "binary", 2),
    col("vaccinated", "binary", 2),
    col("clinic_visits", "continuous"),
    col("asth_evts", "continuous", 8),
    col("hosp_days", "continuous"),
)


def call(question: str) -> tuple[str, dict[str, Any]]:
    msg = plan(question, [COHORT])
    assert msg.tool_calls, f"{question!r}: no tool call; replied {msg.content!r}"
    # every phrase was read: nothing is reported as not used
    assert "Not used" not in msg.content, (question, msg.content)
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


@pytest.mark.parametrize(
    "question, want",
    [
        # the verb without its object names the instrument
        (
            "LATE of vaccination on hospital days, instrumenting with the invite",
            {"treatment": "vaccinated", "outcome": "hosp_days", "instrument": "vax_invite"},
        ),
        # selection on observables: every other measured column is a common cause
        (
            "ATE of vaccination on clinic visits under selection on observables",
            {"treatment": "vaccinated", "outcome": "clinic_visits", "adjust_for_all": True},
        ),
        (
            "vaccination on clinic visits, conditioning on every other measured covariate",
            {"treatment": "vaccinated", "outcome": "clinic_visits", "adjust_for_all": True},
        ),
        # "A x B interaction on Y": the effect of A on Y, split by B
        (
            "vaccination x region interaction on hospital days",
            {"treatment": "vaccinated", "outcome": "hosp_days", "by": "region"},
        ),
        # "stratum-specific" names no column: the split named before stays
        (
            "effect modification by region for vaccination on hospital days; stratum-specific "
            "estimates please",
            {"treatment": "vaccinated", "outcome": "hosp_days", "by": "region"},
        ),
        # ", then" ends the list of controls
        (
            "partial out age and region, then regress hospital days on vaccination",
            {
                "treatment": "vaccinated",
                "outcome": "hosp_days",
                "common_causes": ["age_y", "region"],
            },
        ),
        # a variable said with the word for its tally
        (
            "effect of vaccination on asthma counts",
            {"treatment": "vaccinated", "outcome": "asth_evts"},
        ),
    ],
)
def test_effect_slots_in_jargon(question: str, want: dict[str, Any]) -> None:
    tool, args = call(question)
    assert tool == "estimate_effect"
    for key, value in want.items():
        got = args.get(key)
        if isinstance(value, list):
            assert sorted(got or []) == sorted(value), (question, args)
        else:
            assert got == value, (question, args)
    for key in {"instrument", "by", "common_causes", "adjust_for_all"} - set(want):
        assert not args.get(key), (question, args)


@pytest.mark.parametrize(
    "question, target",
    [
        ("root cause analysis on hospital days", "hosp_days"),
        ("RCA of the clinic visits: which factors push them up?", "clinic_visits"),
    ],
)
def test_root_cause_analysis_on_a_variable(question: str, target: str) -> None:
    tool, args = call(question)
    assert tool == "discover"
    assert args["target"] == target


@pytest.mark.parametrize(
    "question",
    [
        "causal graph of the cohort. Hard constraint: age -> vaccinated has to be in it.",
        "learn the DAG; the edge age -> vaccinated must be present",
        "graph of the cohort with age -> vaccinated as a hard constraint",
    ],
)
def test_required_edge_said_after_it(question: str) -> None:
    tool, args = call(question)
    assert tool == "discover"
    assert args.get("required") == ["age_y->vaccinated"], args


def test_method_not_offered_is_said() -> None:
    msg = plan("entropy balancing for vaccination on hospital days", [COHORT])
    assert msg.tool_calls and msg.tool_calls[0]["args"]["treatment"] == "vaccinated"
    assert "entropy balancing" in msg.content.lower()
    # nothing else read: the reply still says the method is not there
    msg = plan("Cox proportional hazards for time to hospitalisation?", [COHORT])
    assert not msg.tool_calls
    assert "cox" in msg.content.lower() and "not an estimation method" in msg.content
