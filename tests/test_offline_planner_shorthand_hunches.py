"""The offline planner on terse and hedged one-liners: a noun that two kinds of measure fit
("more work": employed, or the hours worked) is asked about, "go with more Y" asks for an effect,
the time between two vehicles of a timetable is its headway, a suspicion that a link "only looks
good because Z ..." is a confounding check by Z, a scenario said without its verb ("machines 3
yrs younger -> Y") is a what-if, a made-up test said with "ci test" after its name is said not
to be used, and "missingnes" typed short asks about missing values. Planner only: no tool runs."""

from __future__ import annotations

from copilot.agents.columns import match_column
from tests.planner_kit import col, plan, profile

JOBS = profile(
    "jobs",
    900,
    col("person_id", "id", 900),
    col("age", "continuous"),
    col("wage_voucher", "binary", 2),
    col("has_job", "binary", 2),
    col("employed", "binary", 2),
    col("weekly_hrs", "continuous"),
    col("sleep_hrs", "continuous"),
)
FERRIES = profile(
    "ferries",
    600,
    col("line_id", "id", 600),
    col("crossing_min", "continuous"),
    col("gap_min", "continuous"),
    col("new_pier", "binary", 2),
    col("headway_mins", "continuous"),
    col("passengers", "continuous"),
)


def test_more_work_fits_being_employed_and_the_hours_worked() -> None:
    cols = ["voucher", "employed", "hours_worked", "age"]
    m = match_column("more work", cols)
    assert m.column is None and set(m.candidates) == {"employed", "hours_worked"}
    # the noun not said as an amount is the job alone ("into work"); with only one kind of
    # measure in the table the noun names it as before
    assert match_column("into work", cols).column == "employed"
    assert match_column("work", ["voucher", "employed", "age"]).column == "employed"


def test_work_said_with_a_comparative_is_asked_about_not_read_as_a_count() -> None:
    cols = [c for c in JOBS["columns"] if c["name"] != "has_job"]
    ds = {**JOBS, "columns": cols}
    for q in (
        "does the wage voucher go with more work?",
        "did the voucher get people into more work",
    ):
        msg = plan(q, [ds])
        assert not msg.tool_calls, msg.tool_calls
        assert "employed" in msg.content and "weekly_hrs" in msg.content


def test_go_with_a_comparative_asks_for_the_effect() -> None:
    cols = [c for c in JOBS["columns"] if c["name"] != "has_job"]
    msg = plan("does the wage voucher go along with fewer weekly hrs?", [{**JOBS, "columns": cols}])
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("wage_voucher", "weekly_hrs")


def test_time_between_vehicles_is_the_headway() -> None:
    msg = plan("did the new pier change the time between ferries?", [FERRIES])
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("new_pier", "headway_mins")


CLINIC = profile(
    "clinic",
    800,
    col("visit_id", "id", 800),
    col("patient_age", "continuous"),
    col("ward", "categorical", 4),
    col("smart_inhaler", "binary", 2),
    col("attacks_yr", "continuous"),
    col("fev1_pct", "continuous"),
)


def test_a_suspicion_with_its_reason_is_a_confounding_check() -> None:
    for q in (
        "I suspect the smart inhaler only looks good on attacks because younger patients use it",
        "hunch: smart inhaler just seems to help on attacks bc the younger patients opt in. check?",
    ):
        args = plan(q, [CLINIC]).tool_calls[0]["args"]
        assert args["focus"] == "confounding"
        assert (args["treatment"], args["outcome"]) == ("smart_inhaler", "attacks_yr")
        assert args["common_causes"] == ["patient_age"]


def test_a_scenario_without_its_verb_is_a_what_if() -> None:
    for q in (
        "hypothetically, patients 5 yrs older -> attacks?",
        "attacks with patients 5 years older?",
    ):
        args = plan(q, [CLINIC]).tool_calls[0]["args"]
        assert (args["treatment"], args["outcome"]) == ("patient_age", "attacks_yr")
        assert args["focus"] == "what_if"
        assert args["what_if"] == {"op": "add", "value": 5.0}


def test_a_made_up_test_named_before_ci_test_is_said_not_used() -> None:
    msg = plan("graph of the clinic data w/ fci + the wobbleton ci test", [CLINIC])
    assert msg.tool_calls[0]["args"].get("ci_test") is None
    assert "wobbleton" in msg.content and "not used" in msg.content.lower()


def test_missingness_typed_short() -> None:
    for q in ("how bad is the missingnes here?", "check missigness pls"):
        msg = plan(q, [CLINIC])
        assert msg.tool_calls[0]["name"] == "describe"
        assert msg.tool_calls[0]["args"]["focus"] == "missing"
