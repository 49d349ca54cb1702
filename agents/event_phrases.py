"""Outcomes said as what people do: "drive customers away", "end up back in hospital".

An outcome column often records an event (`churned`, `Attrition`, `lapsed`, `readmitted`,
`defaulted`) that people name by what the person does rather than by the column's word:
customers "walk away", a premium "drives customers away", patients "end up back in hospital",
borrowers "stop paying". Each entry below is one such event: a pattern of the verb phrases that
say it and the words a column for it is named with. A phrase is folded into the column's own name
before the question is parsed, and only when exactly one column of the table is named by the
event's words (a table with both `churned` and `Attrition` keeps the phrase as said), so the rule
is about the loaded table, never a fixed reading of a whole question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from copilot.agents.columns import _stem_equal, tokens

#: Who does it: an optional subject between the verb and its particle ("drive customers away").
_WHO = (
    r"(?:(?:the|our|their|some)\s+)?(?:customers?|clients?|people|users?|"
    r"subscribers?|policy\s*holders?|policyholders?|members?|employees?|staff|workers?|patients?|"
    r"borrowers?|them|folks|buyers?|households?)"
)
#: (pattern of the verb phrases, words a column for the event is named with)
EVENTS: list[tuple[re.Pattern[str], tuple[str, ...]]] = [
    (
        # leaving a service or an employer: "drive customers away", "walk away", "stop being
        # customers", "don't renew", "cancel their policy", "switch to a competitor"
        re.compile(
            rf"\b(?:{_WHO}\s+(?:from\s+)?)?walk\w*\s+away\b|"
            # "keeps people from leaving", "stops customers cancelling": the cause lowers it
            rf"\b(?P<keep>keep\w*|kept|stop\w*|prevent\w*)\s+{_WHO}\s+(?:from\s+)?"
            r"(?:leaving|quitting|cancell?ing|churning|lapsing|walking\s+away|switching)\b|"
            rf"\b(?P<cause>(?:driv|push|scar|chas|send|turn)\w*|drove|sent)\s+(?:{_WHO}\s+)?away\b|"
            # "making people leave", "causes customers to cancel"
            rf"\b(?:(?P<end>end(?:s|ed|ing)?)\s+up\s+)?"
            rf"(?P<cause2>(?:mak|caus|push|lead)\w*|made|led|get|gets|got|getting)\s+{_WHO}\s+(?:to\s+)?"
            r"(?:leave|quit|cancel|churn|lapse|walk\s+away|switch|go\s+elsewhere)\b|"
            rf"\b(?:{_WHO}\s+)?(?:stop|stops|stopped|stopping|quit|quits)\s+being\s+"
            r"(?:customers?|clients?|subscribers?|members?|policyholders?)\b|"
            r"\b(?:don'?t|do\s+not|does\s+not|doesn'?t|didn'?t|did\s+not|not\s+to|fail\w*\s+to)\s+"
            r"renew\b|"
            r"\bcancel\w*\s+(?:their|the|a|his|her)\s+(?:subscriptions?|contracts?|polic(?:y|ies)|"
            r"plans?|memberships?)\b|"
            r"\b(?:switch\w*|mov\w+|go|goes|went|going|defect\w*)\s+to\s+(?:a\s+|the\s+)?"
            r"(?:competitors?|rivals?|competition)\b",
            re.I,
        ),
        (
            *("churn", "churned", "attrition", "lapse", "lapsed", "left", "leave", "quit", "exit"),
            *("cancel", "cancelled", "canceled", "cancellation"),
        ),
    ),
    (
        # coming back to hospital: "end up back in hospital", "come back to the ward"
        re.compile(
            r"\b(?:end\w*\s+up|come|comes|came|coming|go|goes|went|going|are|were|get|gets|got|"
            r"being|is|be|land\w*)\s+back\s+(?:in|to|into|at)\s+(?:the\s+)?(?:hospital|clinic|ward|"
            r"a\s+hospital\s+bed|a\s+bed|er|a\s&e)\b|\bbounc\w*\s+back\s+(?:in|to|into)\s+"
            r"(?:the\s+)?(?:hospital|clinic|ward)\b",
            re.I,
        ),
        ("readmitted", "readmission", "readmit", "rehospitalised"),
    ),
    (
        # not repaying a loan: "stop paying", "fail to repay", "can't pay back"
        re.compile(
            r"\b(?:stop|stops|stopped|stopping)\s+(?:re)?paying\b|"
            r"\b(?:fail\w*|unable)\s+to\s+(?:re)?pay(?:\s+back)?\b|"
            r"\b(?:can'?t|cannot|could\s*n[o']t|never)\s+(?:re)?pay\s+(?:\w+\s+)?back\b",
            re.I,
        ),
        ("default", "defaulted", "defaults"),
    ),
]


def _event_column(words: Sequence[str], names: Sequence[str]) -> str | None:
    """The one column named by one of `words` (by a word of its name or an inflection)."""
    hits = [n for n in names if any(_stem_equal(t, w) or t == w for t in tokens(n) for w in words)]
    return hits[0] if len(hits) == 1 else None


#: The tense of a causing verb, kept when "makes customers leave" becomes "drives churned".
_DRIVE = (
    (re.compile(r"driven$", re.I), "driven"),
    (re.compile(r"(?:drove|sent|made|led|got|\w+ed)$", re.I), "drove"),
    (re.compile(r"\w+ing$", re.I), "driving"),
    (re.compile(r"\w+s$", re.I), "drives"),
)


#: The tense of a preventing verb, kept when "keeps people from leaving" becomes "cuts churned".
_CUT = (
    (re.compile(r"(?:kept|\w+ed)$", re.I), "cut"),
    (re.compile(r"\w+ing$", re.I), "cutting"),
    (re.compile(r"\w+s$", re.I), "cuts"),
)


def _folded(col: str, m: re.Match[str]) -> str:
    keep = m.groupdict().get("keep")
    if keep:
        return f"{next((v for pat, v in _CUT if pat.fullmatch(keep)), 'cut')} {col}"
    # "end up making people leave": the tense is the one of "end"
    cause = m.groupdict().get("end") or m.groupdict().get("cause") or m.groupdict().get("cause2")
    if not cause:
        return col
    # "it drives customers away", "what makes people leave": the cause drives the event
    verb = next((v for pat, v in _DRIVE if pat.fullmatch(cause)), "drive")
    return f"{verb} {col}"


def fold_events(text: str, names: Sequence[str]) -> str:
    """`text` with each verb phrase of an event replaced by the one column that records it."""
    for pattern, words in EVENTS:
        col = _event_column(words, names)
        if col is not None:
            text = pattern.sub(lambda m, c=col: _folded(c, m), text)
    return text
