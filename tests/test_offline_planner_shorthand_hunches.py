"""The offline planner on terse and hedged one-liners: a noun that two kinds of measure fit
("more work": employed, or the hours worked) is asked about, "go with more Y" asks for an effect,
and the time between two vehicles of a timetable is its headway. Planner only: no tool runs."""

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
    # with only one kind of measure in the table the noun names it as before
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
