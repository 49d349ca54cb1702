"""The templated answer, built from tool results only (the check of an LLM's numbers is in
`copilot.agents.numbers`)."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

Composer = Callable[[dict[str, Any], str], str]
COMPOSERS: dict[str, Composer] = {}


def composer(*names: str) -> Callable[[Composer], Composer]:
    """Register how the answer speaks about the results of the tools `names`."""

    def deco(fn: Composer) -> Composer:
        for n in names:
            COMPOSERS[n] = fn
        return fn

    return deco


def fmt(x: Any, digits: int = 3) -> str:
    """A number with `digits` significant digits (plain notation for everyday magnitudes)."""
    if x is None:
        return "n/a"
    if isinstance(x, bool) or not isinstance(x, int | float):
        return str(x)
    if isinstance(x, int):
        return str(x)
    if math.isnan(x) or math.isinf(x):
        return "n/a"
    if x == 0:
        return "0"
    if float(x).is_integer() and abs(x) < 1e6:
        return str(int(x))
    mag = math.floor(math.log10(abs(x)))
    if -4 <= mag < 6:
        decimals = max(0, digits - 1 - mag)
        return f"{x:.{decimals}f}"
    return f"{x:.{digits - 1}e}"


def fmt_ci(ci: Any) -> str:
    if has_interval(ci):
        return f"[{fmt(ci[0])}, {fmt(ci[1])}]"
    return "no interval"


def has_interval(ci: Any) -> bool:
    """A (low, high) pair of finite numbers: results without one (a single prompt, no
    bootstrap) carry NaN or null bounds."""
    return (
        isinstance(ci, list | tuple)
        and len(ci) == 2
        and all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in ci
        )
    )


def excludes_zero(ci: Any) -> bool:
    return has_interval(ci) and not (ci[0] <= 0 <= ci[1])


def compose_answer(question: str, results: list[dict[str, Any]], state: dict[str, Any]) -> str:
    """The answer text from this question's tool results alone."""
    if not results:
        return "I did not run any analysis for this question. " + capabilities(state)
    parts: list[str] = []
    for i, rec in enumerate(results):
        if not rec.get("ok"):
            err = rec.get("error") or {}
            retried = any(
                r.get("ok") and r.get("tool") == rec.get("tool") for r in results[i + 1 :]
            )
            if retried:
                parts.append(
                    f"A first {rec.get('tool')} attempt failed: "
                    f"{err.get('message', rec.get('summary'))} So I estimated again under the "
                    "assumption named in the caveats below."
                )
                continue
            hint = f" ({err.get('hint')})" if err.get("hint") else ""
            parts.append(
                f"The {rec.get('tool')} step failed: {err.get('message', rec.get('summary'))}{hint}"
            )
            continue
        superseded = _superseded_estimate(rec, results[i + 1 :])
        if superseded:
            parts.append(superseded)
            continue
        fn = COMPOSERS.get(rec["tool"])
        text = fn(rec.get("result") or {}, question) if fn else _generic(rec)
        if text:
            parts.append(text)
    check = _induction_check(results)
    if check:
        parts.append(check)
    if results and all(not r.get("ok") for r in results):
        parts.append("No step succeeded, so I cannot answer yet.")
    arts = [a for r in results for a in r.get("artifacts") or []]
    if arts:
        parts.append("Files written: " + ", ".join(dict.fromkeys(arts)) + ".")
    return "\n\n".join(parts)


def _induction_check(results: list[dict[str, Any]]) -> str:
    """Whether ablation confirms the heads that induction scores point to (both results of this
    question, numbers from them only)."""
    ok = [r for r in results if r.get("ok")]
    scores = next(
        (
            r["result"]
            for r in ok
            if r.get("tool") == "head_scores"
            and ((r.get("result") or {}).get("focus") or {}).get("score") == "induction"
        ),
        None,
    )
    ablation = next(
        (
            r["result"]
            for r in ok
            if r.get("tool") == "head_ablation"
            and (r.get("result") or {}).get("behaviour") == "induction"
        ),
        None,
    )
    if scores is None or ablation is None:
        return ""
    value = {(t["layer"], t["head"]): t["value"] for t in scores["focus"].get("top") or []}
    checked = sorted(
        (h for h in ablation.get("heads") or [] if (h["layer"], h["head"]) in value),
        key=lambda h: -value[(h["layer"], h["head"])],
    )
    if not checked:
        return ""
    sign = -1.0 if ablation.get("higher_is_better") else 1.0
    hurt = [h for h in checked if excludes_zero(h["ci"]) and sign * h["ci"][0] > 0]
    names = ", ".join(f"{_head(h)} (score {fmt(value[(h['layer'], h['head'])])})" for h in checked)
    effects = sorted(h["effect"] for h in checked)
    if len(hurt) == len(checked):
        span = fmt(effects[0]) if len(effects) == 1 else f"{fmt(effects[0])} to {fmt(effects[-1])}"
        return (
            f"Check by ablation: each of the top-scoring heads, {names}, changes the induction "
            f"{ablation.get('metric')} by {span} when ablated, and every interval excludes zero: "
            "the scores and the ablation agree that these heads do induction."
        )
    idle = [_head(h) for h in checked if h not in hurt]
    which = (
        f"ablating {idle[0]} does not clearly hurt induction (its interval includes zero or "
        "points the other way)"
        if len(idle) == 1
        else f"ablating {', '.join(idle)} does not clearly hurt induction (each interval "
        "includes zero or points the other way)"
    )
    return (
        f"Check by ablation of the top-scoring heads, {names}: {which}, so an attention pattern "
        "alone does not show that a head matters; other heads may back it up."
    )


def _generic(rec: dict[str, Any]) -> str:
    return f"{rec['tool']}: {rec.get('summary') or ''}".strip()


def capabilities(state: dict[str, Any]) -> str:
    has_data = bool(state.get("datasets"))
    has_model = bool(state.get("models"))
    what = [
        "describe a dataset",
        "discover its causal graph or the causes of a variable",
        "estimate the effect of one column on another (with mediation, instruments or subgroups)",
        "probe a model's attention heads (ablation, induction scores, attention sinks, gate "
        "statistics, activation and path patching, the logit lens, steering, linear probes)",
    ]
    loaded = []
    if has_data:
        loaded.append("datasets: " + ", ".join(state["datasets"]))
    if has_model:
        loaded.append("models: " + ", ".join(state["models"]))
    return (
        "I can "
        + "; ".join(what)
        + ". Loaded "
        + ("; ".join(loaded) if loaded else "inputs: none")
        + "."
    )


@composer("describe")
def _describe(res: dict[str, Any], question: str) -> str:
    prof = res.get("profile") or {}
    cols = prof.get("columns") or []
    listed = ", ".join(
        f"{c['name']} ({c['kind']}"
        + (f", {c['missing_share']:.0%} missing" if c.get("missing_share") else "")
        + ")"
        for c in cols[:30]
    )
    more = f" and {len(cols) - 30} more" if len(cols) > 30 else ""
    text = f"Dataset {res.get('id')} ({res.get('source')}): {res.get('summary_text', '')}\nColumns: {listed}{more}."
    notes = res.get("notes") or []
    if res.get("missing"):
        return _missing(res) + "\n" + text
    if notes:
        text += "\nChanges made on loading: " + "; ".join(notes) + "."
    return text


def _missing(res: dict[str, Any]) -> str:
    """The answer to "are there missing values?": counts per column, then what loading did."""
    m = res["missing"]
    counts = {c: k for c, k in (m.get("counts") or {}).items() if k}
    lines: list[str] = []
    if not counts and not m.get("read_as_missing"):
        lines.append(
            f"No missing values: every one of the {m.get('rows')} rows of {res.get('id')} is complete."
        )
    else:
        shown = ", ".join(f"{c}: {k}" for c, k in sorted(counts.items(), key=lambda t: -t[1]))
        lines.append(
            f"Missing values in {res.get('id')}: {m.get('total')} in total, in "
            f"{m.get('rows_with_missing')} of {m.get('rows')} rows"
            + (f" ({shown}; every other column is complete)" if shown else "")
            + "."
        )
    extra = list(m.get("read_as_missing") or []) + list(m.get("handled") or [])
    if extra:
        lines.append("On loading: " + "; ".join(extra) + ".")
    lines.append(f"Rows analysed: {m.get('rows_analysed')}.")
    return " ".join(lines)


@composer("discover")
def _discover(res: dict[str, Any], question: str) -> str:
    edges = res.get("edges") or []
    if res.get("time_series") is not None:
        from copilot.agents.timeseries import lagged_answer

        return lagged_answer(res)
    directed = [e for e in edges if e.get("type") == "directed"]
    other = [e for e in edges if e.get("type") != "directed"]
    lines: list[str] = []
    focus = res.get("focus")
    name = res.get("algorithm_name") or res.get("algorithm")
    if focus:
        t = focus["target"]
        causes = focus.get("causes") or []
        lines.append(
            f"Direct causes of {t} found by {name}: "
            + (", ".join(causes) if causes else "none")
            + "."
        )
        if focus.get("unoriented"):
            lines.append(
                "Connected to "
                + t
                + " but not oriented (could be causes or effects): "
                + ", ".join(focus["unoriented"])
                + "."
            )
        if focus.get("effects"):
            lines.append(f"{t} itself affects: " + ", ".join(focus["effects"]) + ".")
    lines.append(
        f"{name} found {len(edges)} edge{'s' if len(edges) != 1 else ''} among {len(res.get('nodes') or [])} "
        f"variables ({len(directed)} directed, {len(other)} not fully oriented). Why {name}: {_s(res.get('reason'))}."
    )
    shown = [
        f"{e['source']} {_SYM.get(e['type'], '--')} {e['target']}"
        + (f" (confidence {fmt(e['confidence'], 2)})" if e.get("confidence") is not None else "")
        for e in edges[:40]
    ]
    if shown:
        lines.append("Edges: " + "; ".join(shown) + ("; ..." if len(edges) > 40 else "") + ".")
    caveats = (
        list(res.get("notes") or [])
        + list(res.get("cut") or [])
        + list(res.get("knowledge_violations") or [])
    )
    if other:
        caveats.append(
            f"{len(other)} edge(s) could not be oriented from this data; their direction is unknown"
        )
    caveats.append(
        "a discovered graph rests on the method's assumptions (no hidden confounders for PC/GES/LiNGAM, "
        "faithfulness) and is a hypothesis to check, not proof"
    )
    lines.append("Caveats: " + "; ".join(_s(c) for c in caveats) + ".")
    return "\n".join(lines)


_SYM = {
    "directed": "->",
    "undirected": "--",
    "bidirected": "<->",
    "partially_directed": "o->",
    "nondirected": "o-o",
    "partially_undirected": "o--",
}


def _superseded_estimate(rec: dict[str, Any], later: list[dict[str, Any]]) -> str:
    """A first estimate that failed its own checks and was redone: one line, as a note."""
    res = rec.get("result") or {}
    if rec.get("tool") != "estimate_effect":
        return ""
    redone = any(
        r.get("ok")
        and r.get("tool") == "estimate_effect"
        and (r.get("result") or {}).get("treatment") == res.get("treatment")
        and (r.get("result") or {}).get("outcome") == res.get("outcome")
        for r in later
    )
    failed = [r for r in res.get("refutations") or [] if not r.get("passed")]
    if not (redone and failed):
        return ""
    checks = "; ".join(f"{r['name']}: {_s(r['detail'])}" for r in failed)
    return (
        f"A first estimate, {fmt(res.get('ate'))} ({fmt_ci(res.get('ci'))}), failed its own "
        f"check ({checks}), so I "
        "estimated again with the remedy that check points to:"
    )


def _roles_lines(res: dict[str, Any]) -> list[str]:
    """Which columns were adjusted for and why, the assumption, and how the answer moves."""
    roles = res.get("roles") or {}
    lines: list[str] = []
    if roles:
        adjusted = [c for c, r in roles.items() if r.get("adjusted")]
        left = [c for c, r in roles.items() if not r.get("adjusted")]

        def why(c: str) -> str:
            r = roles[c]
            return (
                f"{c} ({r['role'].replace('_', ' ')}, {fmt(r['confidence'] * 100, 2)}% of graphs)"
            )

        said = [
            "Without a graph, I read each column's role from causal discovery on resampled data."
        ]
        if adjusted:
            said.append("Adjusted for " + ", ".join(why(c) for c in adjusted) + ".")
        if left:
            said.append("Not adjusted for " + ", ".join(why(c) for c in left) + ".")
        lines.append(" ".join(said))
    if res.get("assumption"):
        lines.append(f"Assumption: {_s(res['assumption'])}.")
    alt = res.get("alternative")
    if alt and alt.get("ate") is not None:
        lines.append(
            f"Under the alternative ({_s(alt.get('detail'))}) the estimate is {fmt(alt['ate'])} "
            f"({fmt_ci(alt.get('ci'))})."
        )
    for a in res.get("attempts") or []:
        lines.append(
            f"An earlier estimate ({_s(a.get('how'))}) was {fmt(a.get('ate'))} "
            f"({fmt_ci(a.get('ci'))}) but failed {', '.join(a.get('failed') or [])}; it is not "
            "the one reported."
        )
    return lines


@composer("estimate_effect")
def _estimate(res: dict[str, Any], question: str) -> str:
    t, y = res.get("treatment"), res.get("outcome")
    pct = int(round((res.get("confidence") or 0.95) * 100))
    lines: list[str] = _focus_lines(res, pct)
    ate, ci = res.get("ate"), res.get("ci")
    tv = res.get("treatment_labels") or res.get("treatment_values") or [0, 1]
    contrasts = res.get("contrasts") or []
    if contrasts:
        each = [
            f"{c['level']} {fmt(c['ate'])} ({pct}% CI {fmt_ci(c.get('ci'))})"
            if c.get("ate") is not None
            else f"{c['level']} not estimated"
            for c in contrasts
        ]
        lines.append(
            f"{t} has {len(contrasts) + 1} levels; against {contrasts[0]['reference']!r}, the "
            f"effect on {y} of each other level is: " + "; ".join(each) + ". Each comes from its "
            "own estimate on the rows with one of the two levels; the details below are for "
            f"{contrasts[0]['level']!r}."
        )
        asked = [
            c
            for c in contrasts
            if re.search(rf"(?<![\w-]){re.escape(str(c['level']))}(?![\w-])", question, re.I)
        ]
        if len(asked) == 1 and asked[0] is not contrasts[0] and asked[0].get("ate") is not None:
            c = asked[0]
            lines.append(
                f"{c['level']} against {c['reference']}, as asked: {fmt(c['ate'])} ({pct}% CI "
                f"{fmt_ci(c.get('ci'))}), adjusted for "
                f"{', '.join(c.get('adjustment_set') or []) or 'nothing'}; verdict {c.get('verdict')}."
            )
        known = [c for c in contrasts if c.get("ate") is not None]
        if known:
            ref = contrasts[0]["reference"]
            ranked = sorted([(0.0, ref), *((c["ate"], c["level"]) for c in known)], reverse=True)
            lines.append(
                f"Ranked by estimated {y}, highest first: "
                + ", ".join(lvl + (" (the reference)" if lvl == ref else "") for _, lvl in ranked)
                + "."
            )
    if ate is not None:
        change = (
            f"raising {t} by one unit"
            if res.get("treatment_kind") == "continuous"
            else f"changing {t} from {fmt(tv[0])} to {fmt(tv[1])}"
        )
        pv = res.get("p_value")
        p = "" if pv is None else ", p < 1e-15" if pv < 1e-15 else f", p = {fmt(pv)}"
        yl = res.get("outcome_labels")
        moved = f"the share of {y} = {yl[1]!r}" if yl else y
        lines.append(
            f"The estimated causal effect of {t} on {y} is {fmt(ate)} ({pct}% CI {fmt_ci(ci)}{p}): "
            f"{change} changes {moved} by {fmt(ate)} on average."
        )
        if ci and ci[0] is not None and ci[1] is not None:
            if ci[0] <= 0 <= ci[1]:
                lines.append("The interval includes zero, so the data do not rule out no effect.")
    elif res.get("effects_range"):
        lo, hi = res["effects_range"]
        lines.append(
            f"The effect of {t} on {y} is not unique: between {fmt(lo)} and {fmt(hi)} over the "
            "orientations consistent with the graph."
        )
        if res.get("undecided_edges"):
            lines.append(
                "Deciding these edges would pin it down: " + ", ".join(res["undecided_edges"]) + "."
            )
    else:
        lines.append(f"The effect of {t} on {y} could not be estimated.")
    med = res.get("mediation")
    if med:
        share = med.get("proportion_mediated")
        lines.append(
            f"Through {med['mediator']}: indirect effect {fmt(med['nie'])} ({pct}% CI {fmt_ci(med['nie_ci'])}), "
            f"direct effect {fmt(med['nde'])} ({pct}% CI {fmt_ci(med['nde_ci'])})"
            + (
                f", together {fmt(med['total'])} in the mediation model (a linear model of "
                f"{med['mediator']} and {y}, so it can differ from the estimate above)"
                if med.get("total") is not None
                else ""
            )
            + (
                f"; about {fmt(share * 100, 2)}% of that total goes through {med['mediator']}"
                if share is not None
                else ""
            )
            + "."
        )
    subs = res.get("subgroups") or []
    if subs:
        lines.append(
            f"By {res.get('subgroup_column')}: "
            + "; ".join(
                f"{s['group']}: {fmt(s['ate'])} ({pct}% CI {fmt_ci(s.get('ci'))}, n={s['n_rows']})"
                for s in subs
            )
            + "."
        )
    lines.append(
        f"Method: {res.get('method')} ({_s(res.get('method_reason'))}). Estimand: {_s(res.get('estimand'))}."
    )
    if res.get("estimand_kind") == "backdoor":
        adj = res.get("adjustment_set") or []
        lines.append(
            "Adjusted for: "
            + (", ".join(adj) if adj else "nothing (no confounders in the graph)")
            + "."
        )
    lines.extend(_roles_lines(res))
    refs = res.get("refutations") or []
    if refs:
        passed = [r for r in refs if r.get("passed")]
        failed = [r for r in refs if not r.get("passed")]
        lines.append(
            f"Refutations: {len(passed)} of {len(refs)} passed"
            + (
                "; failed: " + "; ".join(f"{r['name']} ({_s(r['detail'])})" for r in failed)
                if failed
                else ""
            )
            + "."
        )
    lines.append(
        f"Verdict: {res.get('verdict')}"
        + (f" ({res['verdict_reason']})" if res.get("verdict_reason") else "")
        + "."
    )
    caveats = list(res.get("notes") or [])
    if res.get("graph_source"):
        caveats.append(f"graph: {res['graph_source']}")
    ov = res.get("overlap")
    if ov and not ov.get("adequate"):
        caveats.append(ov.get("detail", "weak overlap"))
    if caveats:
        lines.append("Caveats: " + "; ".join(_s(c) for c in caveats) + ".")
    return "\n".join(lines)


def _focus_lines(res: dict[str, Any], pct: int) -> list[str]:
    """The direct answer to a focused effect question, before the estimate's own report."""
    t, y = res.get("treatment"), res.get("outcome")
    lines: list[str] = []
    conf = res.get("confounding")
    if conf:
        adj = conf.get("adjustment_set") or []
        after = f" after adjusting for {', '.join(adj)}" if adj else ""
        word = {True: "Yes", False: "No", None: "Cannot tell"}[conf.get("confounded")]
        lines.append(
            f"{word}, the relationship between {t} and {y} "
            + {True: "is", False: "is not", None: "may or may not be"}[conf.get("confounded")]
            + f" confounded: naive (unadjusted) {fmt(conf.get('naive'))} vs adjusted "
            f"{fmt(conf.get('adjusted'))} ({pct}% CI {fmt_ci(conf.get('adjusted_ci'))}){after}; "
            f"{_s(conf.get('detail'))}."
        )
    wi = res.get("what_if")
    if wi:
        if wi.get("change") is None:
            lines.append(f"What if: {wi.get('scenario')}: {_s(wi.get('detail'))}.")
        else:
            mean = (
                f"; the average {y} would go from {fmt(wi['outcome_mean'])} to "
                f"{fmt(wi['predicted_outcome_mean'])}"
                if wi.get("predicted_outcome_mean") is not None
                else ""
            )
            lines.append(
                f"What if: {wi.get('scenario')} changes {y} by {fmt(wi['change'])} on average "
                f"({pct}% CI {fmt_ci(wi.get('ci'))}){mean}. How: {_s(wi.get('detail'))}."
            )
        if wi.get("extrapolated"):
            lo, hi = wi.get("observed_range") or [None, None]
            lines.append(
                f"This scenario takes {t} outside its observed range ({fmt(lo)} to {fmt(hi)}), "
                "so the prediction is an extrapolation."
            )
    comp = res.get("comparison")
    if comp:
        parts = []
        for row in comp:
            if row.get("ate") is None:
                parts.append(f"{row['method']}: not applicable ({_s(row.get('error'))})")
            else:
                parts.append(
                    f"{row['method']} {fmt(row['ate'])} ({pct}% CI {fmt_ci(row.get('ci'))})"
                )
        lines.append(f"The effect of {t} on {y} by method: " + "; ".join(parts) + ".")
        cis = [r["ci"] for r in comp if r.get("ate") is not None and has_interval(r.get("ci"))]
        if len(cis) >= 2:
            overlap = max(c[0] for c in cis) <= min(c[1] for c in cis)
            lines.append(
                "The methods agree: their intervals overlap."
                if overlap
                else "The methods disagree: not all intervals overlap, so the answer depends on "
                "the method's assumptions."
            )
    return lines


def _s(text: Any) -> str:
    """A sentence fragment without its final full stop (the caller adds punctuation)."""
    return str(text or "").strip().rstrip(".")


def _head(h: dict[str, Any]) -> str:
    return f"L{h['layer']}H{h['head']}"


@composer("head_ablation")
def _ablation(res: dict[str, Any], question: str) -> str:
    heads = res.get("heads") or []
    lvl = int(round((res.get("level") or 0.95) * 100))
    metric = res.get("metric")
    worse = "lower" if res.get("higher_is_better") else "higher"
    lines = [
        f"{res.get('method')} ablation on {res.get('behaviour')} ({res.get('n_prompts')} prompts) of model "
        f"{res.get('model')}: baseline {metric} {fmt(res.get('baseline'))} ({lvl}% CI {fmt_ci(res.get('baseline_ci'))})."
    ]
    if len(heads) == 1:
        h = heads[0]
        clear = excludes_zero(h["ci"])
        ci_text = f"{lvl}% CI {fmt_ci(h['ci'])}" if has_interval(h["ci"]) else "no interval"
        lines.append(
            f"Ablating head {_head(h)} changes {metric} by {fmt(h['effect'])} ({ci_text}) "
            f"to {fmt(h['ablated'])}"
            + (
                "."
                if clear
                else "; the interval includes zero, so no clear effect."
                if has_interval(h["ci"])
                else "; without an interval (one prompt, or no bootstrap) it is not a test."
            )
        )
    elif heads:
        top = heads[:5]
        lines.append(
            f"The heads that matter most ({worse} {metric} is worse when ablated): "
            + "; ".join(f"{_head(h)} {fmt(h['effect'])} ({lvl}% CI {fmt_ci(h['ci'])})" for h in top)
            + "."
        )
        if any(has_interval(h["ci"]) for h in heads):
            clear = [h for h in heads if excludes_zero(h["ci"])]
            lines.append(
                f"{len(clear)} of {len(heads)} heads have an effect whose interval excludes zero."
            )
        else:
            lines.append("There are no intervals (one prompt, or no bootstrap).")
    for s in (res.get("sets") or [])[:3]:
        names = "+".join(f"L{a}H{b}" for a, b in s["heads"])
        lines.append(
            f"Ablating {names} together: {fmt(s['effect'])} ({lvl}% CI {fmt_ci(s['ci'])})."
        )
    lines.append(
        "Caveats: ablation measures what the model loses without a head on these prompts; other heads "
        "may compensate (backup heads), and effects on other inputs can differ."
    )
    return "\n".join(lines)


@composer("head_scores")
def _scores(res: dict[str, Any], question: str) -> str:
    focus = res.get("focus") or {}
    score = focus.get("score", "induction")
    lines = []
    if score == "massive_activation" or (focus.get("top") and "ratio" in focus["top"][0]):
        lines.append(
            "Largest residual activations per layer: "
            + "; ".join(
                f"layer {a['layer']}: max |value| {fmt(a['max_abs'])} ({fmt(a['ratio'])}x the median, position {a['position']}, "
                f"dim {a['dim']})"
                for a in focus.get("top") or []
            )
            + "."
        )
    else:
        lines.append(
            f"Heads with the highest {score.replace('_', ' ')} score on {res.get('n_prompts')} repeated random "
            f"sequences: "
            + ", ".join(f"{_head(t)} {fmt(t['value'])}" for t in focus.get("top") or [])
            + "."
        )
    gm = res.get("gate_mean")
    if gm:
        flat = [v for row in gm for v in row]
        low = [v for row in res.get("gate_below_0_1") or [] for v in row]
        lines.append(
            f"Gate statistics ({res.get('gate_kind')} gating): mean gate {fmt(sum(flat) / len(flat))} "
            f"(heads from {fmt(min(flat))} to {fmt(max(flat))}); largest share of gate values below 0.1: "
            f"{fmt(max(low) * 100 if low else 0, 2)}%."
        )
    elif score.startswith("gate"):
        lines.append("The model has no attention gate, so there are no gate statistics.")
    sink = res.get("attention_sink")
    if sink and score == "attention_sink":
        flat = [v for row in sink for v in row]
        lines.append(
            f"Mean attention to the first position over all heads: {fmt(sum(flat) / len(flat))}."
        )
    lines.append(
        "Caveats: scores describe attention patterns on synthetic repeated sequences; they suggest a head's "
        "role, and ablation or patching tests whether the head matters."
    )
    return "\n".join(lines)


@composer("activation_patching")
def _patching(res: dict[str, Any], question: str) -> str:
    lvl = int(round((res.get("level") or 0.95) * 100))
    clean, corr = res.get("clean") or {}, res.get("corrupted") or {}
    lines = [
        f"Activation patching on {res.get('behaviour')} ({res.get('n_pairs')} prompt pairs), {res.get('metric')}: "
        f"clean {fmt(clean.get('value'))}, corrupted {fmt(corr.get('value'))}."
    ]
    heads = res.get("heads") or []
    if heads:
        lines.append(
            "Heads whose clean activation recovers the most: "
            + "; ".join(
                f"{_head(h)} {fmt(h['recovery'])} ({lvl}% CI {fmt_ci(h['ci'])})" for h in heads[:5]
            )
            + "."
        )
    resid = sorted(res.get("resid") or [], key=lambda e: -(e.get("recovery") or 0))[:3]
    if resid:
        lines.append(
            "Residual stream patches recovering the most: "
            + "; ".join(
                f"layer {e['layer']} position {e['position']}: {fmt(e['recovery'])}" for e in resid
            )
            + "."
        )
    lines.append(
        "Recovery is (patched - corrupted) / (clean - corrupted): 1 means the unit carries all the "
        "information that separates clean from corrupted runs."
    )
    return "\n".join(lines)


@composer("load_demo_model")
def _demo(res: dict[str, Any], question: str) -> str:
    gate = res.get("gate")
    gating = f", {gate} attention gates" if gate and gate != "none" else ""
    return (
        f"Loaded the demo model as {res.get('id')!r} ({res.get('n_layers')} layers x {res.get('n_heads')} heads"
        f"{gating}), trained on the induction task."
    )
