"""Tool messages the planner reads: a long result loses items of its longest lists first, and
keeps short lists (refutations, top heads) whole."""

from __future__ import annotations

import json

from copilot.agents.registry import MAX_TOOL_MESSAGE_CHARS, ToolOutcome


def test_long_results_cut_the_longest_list_first():
    refs = [{"name": f"check{i}", "passed": True, "detail": "d" * 150} for i in range(6)]
    rows = [{"group": i, "effect": 0.1 * i, "note": "x" * 40} for i in range(400)]
    out = ToolOutcome(ok=True, summary="s", result={"refutations": refs, "subgroups": rows})
    text = out.message()
    assert len(text) <= MAX_TOOL_MESSAGE_CHARS
    body = json.loads(text)["result"]
    assert body["refutations"] == refs  # short and whole
    kept = body["subgroups"]
    assert kept[-1] == f"... {400 - (len(kept) - 1)} more"
    assert kept[:-1] == rows[: len(kept) - 1]


def test_a_result_that_fits_is_left_alone():
    result = {"values": list(range(50)), "name": "x"}
    assert json.loads(ToolOutcome(ok=True, summary="s", result=result).message())["result"] == (
        result
    )


def test_answers_treat_missing_bounds_as_no_interval():
    from copilot.agents.answer import excludes_zero, fmt_ci, has_interval

    for ci in ([float("nan"), float("nan")], [None, None], None, [0.1]):
        assert not has_interval(ci) and not excludes_zero(ci) and fmt_ci(ci) == "no interval"
    assert excludes_zero([0.1, 0.3]) and not excludes_zero([-0.1, 0.3])
    assert fmt_ci([0.1, 0.3]) == "[0.100, 0.300]"
