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


def test_long_texts_are_cut_before_the_result_is_dropped():
    """An estimate whose roles carry long evidence texts (no list left to halve) keeps its
    verdict and interval: the planner acts on the verdict (a failed graph check is re-run)."""
    roles = {
        f"column_{i}": {"role": "confounder", "confidence": 0.6, "evidence": "because " * 200}
        for i in range(12)
    }
    result = {
        "ate": 1.95,
        "ci": [0.87, 2.17],
        "verdict": "not robust",
        "verdict_reason": "failed: roles_graph; " + "the interval spans both readings " * 20,
        "roles": roles,
    }
    text = ToolOutcome(ok=True, summary="s", result=result).message()
    assert len(text) <= MAX_TOOL_MESSAGE_CHARS
    body = json.loads(text)["result"]
    assert body["ate"] == 1.95 and body["ci"] == [0.87, 2.17]
    assert body["verdict"] == "not robust"
    assert body["verdict_reason"].startswith("failed: roles_graph;")
    assert set(body["roles"]) == set(roles)
    assert all(r["role"] == "confounder" for r in body["roles"].values())


def test_a_result_too_big_even_with_short_texts_keeps_its_top_level_values():
    result = {
        "verdict": "robust",
        "ate": 0.5,
        "grid": {f"k{i}": {f"j{j}": j for j in range(30)} for i in range(200)},
    }
    body = json.loads(ToolOutcome(ok=True, summary="s", result=result).message())["result"]
    assert body["truncated"] is True and body["verdict"] == "robust" and body["ate"] == 0.5
    assert "grid" not in body and "grid" in body["keys"]
