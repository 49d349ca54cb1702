"""Time-series questions for the offline planner: lagged graphs, Granger causality, PCMCI.

"what drives sales over time?", "does temperature Granger-cause demand?", "learn a lagged graph
with PCMCI" become `discover(dataset, algorithm=..., time_col=..., max_lag=...)`. Estimating
the size of a lagged effect is not supported yet, and the reply says so. Kept apart from the
general question parser so that the planner needs only one hook.
"""

from __future__ import annotations

import re
from typing import Any

from copilot.agents import spelt_numbers

#: Words that make a question a time-series one, and the algorithm each implies (None: default).
_CUES: list[tuple[str, str | None]] = [
    (r"\bgranger[\s-]*caus\w*|\bgranger\b", "granger"),
    (r"\bpcmci\s*(?:\+|plus)", "pcmciplus"),
    (r"\bpcmci\b", "pcmci"),
    (r"\bvar[\s_-]*lingam\b", "varlingam"),
    (r"\bover\s+time\b|\btime[\s-]*series\b|\blagged\b|\blags?\b|\btime[\s-]*lag\w*", None),
    # "over the hours", "day by day", "from week to week": the rows' own time steps
    (
        r"\bover\s+the\s+(?:hours|days|weeks|months)\b|\b(?:hour|day|week|month)[\s-]+(?:by|to)[\s-]+"
        r"(?:hour|day|week|month)\b|\bfrom\s+(?:one\s+)?(hour|day|week|month)\s+to\s+(?:the\s+next\s+)?\1\b",
        None,
    ),
    # "does yesterday's X predict today's Y?", "the day before": values one time step apart
    (
        r"\byesterday'?s?\b(?!\s+(?:meeting|report|call|email|update|review|session|briefing|"
        r"presentation|workshop|standup|stand-up|memo)\b)|\bthe\s+(?:day|week|month|hour)\s+before\b|"
        # (not a date of the asker's own: "last month's leadership meeting")
        r"\b(?:previous|prior|last)\s+(?:day|week|month|hour)'s\b(?!\s+(?:\w+\s+)?(?:meeting|report|call|"
        r"email|update|review|session|briefing|presentation|workshop|standup|stand-up|memo|offsite|board)\b)",
        None,
    ),
    (r"\bwith\s+a\s+delay\b|\b(?:days?|weeks?|months?|steps?|hours?)\s+later\b", None),
    (r"\bleading\s+indicators?\b|\bautoregress\w*", None),
    # "look back two weeks", "going back up to 3 days": how far back in the series to look
    (
        r"\b(?:look(?:s|ing)?|go(?:es|ing)?|reach(?:es|ing)?)\s+back\s+(?:up\s+to\s+|at\s+most\s+)?"
        r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an)\s+(?:hours?|days?|weeks?|months?|"
        r"steps?|periods?)\b",
        None,
    ),
]
DEFAULT_ALGORITHM = "pcmci"
_EFFECT = re.compile(
    r"\b(?:effect|impact)\s+of\b|\bhow\s+much\b|\bestimate\b|\bwhat\s+if\b|\bincrease\s+by\b"
)
_MAX_LAG = [
    r"\b(?:max(?:imum)?|up\s+(?:to|until|till)|at\s+most|no\s+more\s+than|within)\s*(?:lag\s*(?:of\s*)?)?(\d+)\s*(?P<unit>lags?|steps?|periods?|days?|weeks?|months?|hours?)?\b",
    r"\blags?\s*(?:of\s*|=\s*|(?:up\s+)?(?:to|until|till)\s*)?(\d+)\s*(?P<unit>steps?|periods?|days?|weeks?|months?|hours?)?\b",
    r"\b(\d+)\s+lags?\b",
    r"\b(?:tau[\s_-]*max|tau|max[\s_-]*lag|maxlags?)\s*(?:=|:|of)?\s*(\d+)\b",
    # "look back two weeks", "going back 3 days": the span of the past looked at
    r"\b(?:look(?:s|ing)?|go(?:es|ing)?|reach(?:es|ing)?)\s+back\s+(?:up\s+to\s+|at\s+most\s+)?(\d+)\s*"
    r"(?P<unit>steps?|periods?|days?|weeks?|months?|hours?)\b",
]
#: How many of a smaller time step one larger unit holds (only the exact ones).
_STEPS_IN = {("hour", "day"): 24, ("hour", "week"): 168, ("day", "week"): 7, ("month", "year"): 12}
_TARGET = [
    r"\bwhat\s+(?:drives|causes|influences|affects|predicts)\s+(?P<y>[\w .\-]+?)(?:\s+over\s+time|\s+with|\s+in|\s+using|\s+and\s+(?:look|go|use|allow|let)|$)",
    r"\b(?:drivers|causes)\s+of\s+(?P<y>[\w .\-]+?)(?:\s+over\s+time|\s+with|\s+in|\s+using|\s+and\s+(?:look|go|use|allow|let)|$)",
]
_GRANGER_PAIR = r"\bdoes\s+(?P<x>[\w .\-]+?)\s+granger[\s-]*cause\s+(?P<y>[\w .\-]+?)(?:\s+with|\s+in|\s+using|$)"
#: Column names that count as time columns (as the discovery tool detects them).
_TIME_NAMES = ("time", "t", "timestamp", "step", "timestep", "time_step", "period", "tick")
_TIME_NAMES += ("date", "day", "week", "month", "year", "hour", "minute", "second")


def is_timeseries_question(question: str) -> str | None:
    """The algorithm a time-series question implies ('' for the default), or None."""
    from copilot.agents.lexicon import UNAVAILABLE_METHODS

    ql = question.lower()
    for pattern in UNAVAILABLE_METHODS:
        # "Bayesian structural time series" names a method (not available), not a time series
        ql = re.sub(pattern, " ", ql)
    # "I don't need time lags for this one", "no lags", "ignore the time order": a time cue
    # declined
    ql = re.sub(
        r"\b(?:(?:do\s+not|don't|dont|won't|doesn't|no\s+need\s+to)\s+(?:need|want|care\s+about|use|"
        r"look\s+at|bother\s+with|model|consider)|without|ignor\w*|skip\w*|no)\s+(?:any\s+|the\s+)?"
        r"(?:time[\s-]*lag\w*|lag(?:ged|s)?(?:\s+effects?)?|time[\s-]*series(?:\s+\w+)?|time\s+order|"
        r"(?:the\s+)?time\s+dimension)\b",
        " ",
        ql,
    )
    for pattern, algo in _CUES:
        if re.search(pattern, ql):
            return algo or ""
    return None


def timeseries_plan(
    question: str, datasets: list[dict[str, Any]], match_column
) -> tuple[str, dict[str, Any]] | str | None:
    """A discover call for a time-series question, a reply in words, or None (not one).

    `datasets` are the candidate dataset profiles (the first is used); `match_column(phrase,
    columns)` is the planner's column matcher (returning an object with `.column`).
    """
    algo = is_timeseries_question(question)
    if algo is None:
        return None
    ql = question.lower().rstrip(" ?.!")
    if _EFFECT.search(ql) and not re.search(r"granger|pcmci|lingam|graph", ql):
        return (
            "Estimating the size of a lagged effect (how much X at t-k changes Y at t) is not "
            "supported yet: effect estimation here works on tables without time order. I can "
            "find which series drive which, and at what lags, with time-series causal discovery "
            "(PCMCI, PCMCI+, VAR-LiNGAM or Granger causality): ask e.g. 'what drives Y over "
            "time?'."
        )
    if not datasets:
        return None  # the planner's own dataset handling replies
    ds = datasets[0]
    names = [c["name"] for c in ds.get("columns") or []]
    args: dict[str, Any] = {"dataset": ds["id"], "algorithm": algo or DEFAULT_ALGORITHM}
    time_col = _time_column(ds)
    if time_col:
        args["time_col"] = time_col
    step = re.sub(r"s$", "", time_col.lower()) if time_col else None
    lag = _max_lag(ql, step if step in ("hour", "day", "week", "month") else None)
    from copilot.tools.discovery.timeseries.series import MAX_LAG_LIMIT as MAX_LAG

    if lag is not None and lag > MAX_LAG:
        return (
            f"A maximum lag of {lag} time steps is more than the {MAX_LAG} that time-series "
            f"discovery here allows; ask again with a lag of {MAX_LAG} steps or fewer."
        )
    if lag is not None:
        args["max_lag"] = lag
    from copilot.agents.intents import drivers_target

    m = re.search(_GRANGER_PAIR, ql)
    said = [m.group("y")] if m else []
    said += [t.group("y") for t in (re.search(p, ql) for p in _TARGET) if t]
    # "over the hours, what's pushing the load up?", "what predicts load an hour later?": any
    # wording of a drivers question, without its time step
    said.append(drivers_target(ql) or "")
    for target in (t.strip() for t in said if t and t.strip()):
        hit = match_column(target, names)
        if hit.column and hit.column != time_col:
            args["target"] = hit.column
            break
    return "discover", args


def _time_column(ds: dict[str, Any]) -> str | None:
    columns = ds.get("columns") or []
    for c in columns:
        if c.get("kind") == "datetime":
            return c["name"]
    for c in columns:
        if c["name"].lower().strip() in _TIME_NAMES:
            return c["name"]
    return None


def _max_lag(ql: str, step: str | None = None) -> int | None:
    """The longest lag a question allows, in the series' time steps: a number of lags or steps,
    or a span in a unit of time ("up to three hours", "look back two weeks") counted in the
    steps the time column `step` names ("hour", "day"); None when none is said, or when a span
    cannot be counted in steps (a week of monthly rows)."""
    ql = spelt_numbers.before(ql, r"lags?|steps?|periods?|hours?|days?|weeks?|months?")
    for pattern in _MAX_LAG:
        m = re.search(pattern, ql)
        if not m:
            continue
        n = int(m.group(1))
        unit = re.sub(r"s$", "", (m.groupdict().get("unit") or ""))
        if unit in ("hour", "day", "week", "month") and step and unit != step:
            per = _STEPS_IN.get((step, unit))
            if per is None:
                return None
            n *= per
        if n >= 1:
            return n
    return None


def lagged_answer(res: dict[str, Any]) -> str:
    """The answer for a time-series discovery result: drivers with their lags, then caveats."""
    edges = res.get("edges") or []
    name = res.get("algorithm_name") or res.get("algorithm")
    info = res.get("time_series") or {}
    lines: list[str] = []
    focus = res.get("focus") or {}
    if focus.get("target"):
        t = focus["target"]
        lags = focus.get("lags") or {}
        drivers = [f"{s} (lag {', '.join(map(str, v))})" for s, v in lags.items() if s != t]
        verb = (
            "Series whose past predicts"
            if info.get("edge_meaning", "").startswith("predictive")
            else "Drivers of"
        )
        lines.append(
            f"{verb} {t} found by {name}: " + (", ".join(drivers) if drivers else "none") + "."
        )
        if t in lags:
            lines.append(f"{t} also depends on its own past (lag {', '.join(map(str, lags[t]))}).")
    lagged = [e for e in edges if e.get("lag")]
    same = [e for e in edges if e.get("lag") == 0]
    lines.append(
        f"{name} found {len(edges)} link{'s' if len(edges) != 1 else ''} among "
        f"{len(res.get('nodes') or [])} series ({len(lagged)} lagged, {len(same)} same-step), "
        f"max lag {info.get('max_lag')}. Why {name}: {str(res.get('reason', '')).rstrip('.')}."
    )
    shown = [
        f"{e['source']}(t-{e['lag']}) -> {e['target']}(t)"
        if e.get("lag")
        else f"{e['source']}(t) {'->' if e.get('type') == 'directed' else '--'} {e['target']}(t)"
        for e in edges[:40]
        if e["source"] != e["target"]
    ]
    if shown:
        lines.append("Links: " + "; ".join(shown) + ("; ..." if len(edges) > 40 else "") + ".")
    caveats = list(res.get("notes") or [])
    caveats.append(
        "lagged links assume every common driver is measured and the sampling is fine enough to "
        "see the order of events; estimating the size of lagged effects is not supported yet"
    )
    lines.append("Caveats: " + "; ".join(str(c).rstrip(".") for c in caveats) + ".")
    return "\n".join(lines)
