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
from functools import lru_cache

from copilot.agents.columns import _stem_equal, tokens

#: Who does it: an optional subject between the verb and its particle ("drive customers away").
_WHO = (
    r"(?:(?:the|our|their|some)\s+)?(?:customers?|clients?|people|users?|"
    r"subscribers?|policy\s*holders?|policyholders?|members?|employees?|staff|workers?|patients?|"
    r"borrowers?|them|folks|buyers?|households?|"
    # (any other group said by what its people do: "readers", "tenants", "trainees")
    r"[a-z]{3,}(?:ers|ors|ants|ents|ees|ists))"
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
            # "pushes people out", "drives staff out the door"
            rf"\b(?P<cause3>(?:driv|push|forc)\w*|drove)\s+{_WHO}\s+out\b(?:\s+(?:of\s+)?the\s+door\b)?|"
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
            r"(?:competitors?|rivals?|competition)\b|"
            # "leaving the company", "quit their job": leaving an employer
            r"\b(?:leav(?:e|es|ing)|left|quit(?:s|ting)?)\s+(?:the|their|our|his|her|a|this)\s+"
            r"(?:company|firm|employer|job|organi[sz]ation|workplace)\b",
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
    # What units do over time, said with a verb ("stand still", "come back", "run on time"): the
    # same folding, for a measure rather than an event.
    (
        # being out of action: "machines that stand still", "lines sitting idle"
        re.compile(
            r"\b(?:stand|stands|standing|stood|sit|sits|sitting|sat)\s+(?:still|idle)\b|"
            r"\b(?:are|is|be|being|go|goes|going)\s+(?:idle|out\s+of\s+action)\b",
            re.I,
        ),
        ("downtime", "idle"),
    ),
    (
        # the time until one is back, said with a duration ("take longer to come back", "get
        # back on their feet sooner", "return to play quicker"); "come back" alone is a return
        # (a readmission), not a duration
        re.compile(
            r"\b(?:take|takes|took|taking)\s+(?:\w+\s+)?(?:longer|more\s+time|less\s+time)\s+to\s+"
            r"(?:come\s+back|get\s+back|return|recover)\b(?:\s+(?:to\s+(?:play|work|action)|from\s+\w+))?|"
            r"\b(?:come|comes|coming|came|get|gets|getting|got|are|is|be)\s+back\s+on\s+(?:their|his|her)\s+"
            r"feet(?:\s+(?:sooner|quicker|faster|later|more\s+slowly))?|"
            r"\b(?:come|comes|coming|came|get|gets|getting|got|return|returns|returning)\s+"
            r"(?:back\s+)?(?:to\s+(?:play|work|action)\s+)?(?:sooner|quicker|faster|later|more\s+slowly)\b",
            re.I,
        ),
        ("out", "recovery", "absence", "sidelined"),
    ),
    (
        # the same with the group named: "get forwards back quicker than goalkeepers" shortens
        # the time out more for one group than for another
        re.compile(
            r"\b(?:get|gets|getting|got)\s+(?P<who>(?!on\b|back\b|them\b|him\b|her\b)[\w\-]+)\s+back"
            r"(?:\s+on\s+(?:their|his|her)\s+feet)?\s+(?:quicker|sooner|faster)"
            r"(?:\s+than\s+(?:the\s+)?(?P<who2>[\w\-]+))?",
            re.I,
        ),
        ("out", "recovery", "absence", "sidelined"),
    ),
    (
        # people brought through the door: "bring more people into the stores", "draw shoppers in"
        re.compile(
            r"\b(?P<cause>bring|brings|brought|bringing|draw|draws|drew|drawing|pull|pulls|pulled|"
            r"pulling|get|gets|got|getting)\s+(?:more\s+|fewer\s+|extra\s+|new\s+)?(?:people|"
            r"customers|shoppers|visitors|punters|folks)\s+(?:in(?:to)?|through)\b"
            r"(?:\s+(?:the\s+|our\s+)?(?:stores?|shops?|doors?|branch(?:es)?|premises|mall))?",
            re.I,
        ),
        ("footfall", "visitors", "visits", "traffic"),
    ),
    (
        # punctuality said as running on time: "routes that run on time more often"
        re.compile(
            r"\b(?:run|runs|running|ran|arrive|arrives|arriving|arrived|are|is|be)\s+"
            # ("run late" is the same share, said from the other side)
            r"(?:on\s+time|late|behind\s+schedule)\b",
            re.I,
        ),
        ("ontime", "punctuality", "punctual"),
    ),
    (
        # contacts with support said as calling it: "ring support more", "call the helpdesk"
        re.compile(
            r"\b(?:ring|rings|ringing|rang|call|calls|calling|called|phone|phones|contact|contacts|"
            r"contacting)\s+(?:the\s+)?(?:support|helpdesk|help\s*desk|help\s*line|customer\s+service|"
            r"hotline|call\s+cent(?:re|er))\b",
            re.I,
        ),
        ("support", "help", "helpline", "helpdesk", "hotline"),
    ),
    (
        # time in the job or with the firm said as having been there: "agents who've been here
        # longer", "customers who have been with us longer", "longer-serving staff"
        re.compile(
            r"\b(?:who|that)?\s*(?:'ve|\s+have|\s+has)\s+been\s+(?:here|around|with\s+(?:us|the\s+"
            r"(?:company|firm|team|business|club|operator|bank))|on\s+the\s+(?:team|job|books)|in\s+"
            r"(?:the|their)\s+(?:job|role|post))\s+(?:for\s+)?(?:longer|a\s+long(?:er)?\s+time|the\s+"
            r"longest)\b|\blong(?:er)?[\s-]serving\b|\blong(?:er)?[\s-](?:standing|tenured)\b",
            re.I,
        ),
        ("tenure", "seniority", "service", "years"),
    ),
    (
        # first-contact resolution said with the verb: "resolve more on the first call", "fix
        # issues first time", "solve it at the first contact"
        re.compile(
            r"\b(?:resolv|solv|fix|sort)\w*\s+(?:(?:more|fewer|less|it|them|issues|problems|calls|"
            r"queries|tickets|cases)\s+){0,2}(?:(?:on|at|in)\s+(?:the\s+)?first\s+(?:call|contact|"
            r"attempt|try|go)|(?:the\s+)?first\s+time)\b",
            re.I,
        ),
        ("fcr", "resolution", "resolved"),
    ),
    (
        # filing a claim said with the verb: "end up claiming more often", "claim more"
        re.compile(
            r"\b(?:end\w*\s+up\s+)?claiming\b(?!\s+(?:costs?|amounts?|history|records?)\b)|"
            r"\bclaim(?=\s+(?:more|less)\s+often\b)|\bfil(?:e|es|ed|ing)\s+(?:a\s+)?claim\b",
            re.I,
        ),
        ("filed", "file", "filing"),
    ),
]


def _event_column(words: Sequence[str], names: Sequence[str]) -> str | None:
    """The one column named by one of `words` (by a word of its name or an inflection)."""
    return _event_column_of(tuple(words), tuple(names))


@lru_cache(maxsize=4096)
def _event_column_of(words: tuple[str, ...], names: tuple[str, ...]) -> str | None:
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


#: Degree words said with a folded phrase, kept with the column ("resolve more on the first
#: call" -> "have higher fcr_pct", "have been here longer" -> "with longer tenure_mo").
_DEGREE_FOLDS = (
    (re.compile(r"^(?:who|that)?\s*(?:'ve|\s*have|\s*has)\s+been\b", re.I), "with longer {}"),
    (re.compile(r"^long(?:er)?[\s-]", re.I), "with longer {}"),
    (
        re.compile(r"^(?:resolv|solv|fix|sort)\w*\s+(?:\w+\s+)?(?:fewer|less)\b", re.I),
        "have lower {}",
    ),
    (re.compile(r"^(?:resolv|solv|fix|sort)\w*\s+(?:\w+\s+)?more\b", re.I), "have higher {}"),
)


def _folded(col: str, m: re.Match[str]) -> str:
    said = m.group(0).strip()
    for pat, form in _DEGREE_FOLDS:
        if pat.search(said):
            return (" " if m.group(0)[:1].isspace() else "") + form.format(col)
    who = m.groupdict().get("who")
    if who:
        other = m.groupdict().get("who2")
        verb = m.group(0).split()[0].lower()
        tense = {"gets": "shortens", "got": "shortened", "getting": "shortening"}.get(
            verb, "shorten"
        )
        return f"{tense} {col} more for {who}" + (f" than for {other}" if other else "")
    keep = m.groupdict().get("keep")
    if keep:
        return f"{next((v for pat, v in _CUT if pat.fullmatch(keep)), 'cut')} {col}"
    # "end up making people leave": the tense is the one of "end"
    cause = (
        m.groupdict().get("end")
        or m.groupdict().get("cause")
        or m.groupdict().get("cause2")
        or m.groupdict().get("cause3")
    )
    if not cause:
        return col
    # "it drives customers away", "what makes people leave": the cause drives the event
    verb = next((v for pat, v in _DRIVE if pat.fullmatch(cause)), "drive")
    return f"{verb} {col}"


#: "keeps patients in range for longer": the time spent in a state, which a column names
#: ("time in range" is tir_pct once its abbreviation is folded).
_KEPT_IN = re.compile(
    r"\bkeep(?P<s>s|ing)?\s+(?:\w+\s+)?(?P<state>in\s+(?:range|target|remission|work|employment|school))"
    r"\s+(?:for\s+)?longer\b",
    re.I,
)


def fold_events(text: str, names: Sequence[str]) -> str:
    """`text` with each verb phrase of an event replaced by the one column that records it."""
    text = _KEPT_IN.sub(lambda m: f"lengthen{m.group('s') or ''} the time {m.group('state')}", text)
    for pattern, words in EVENTS:
        col = _event_column(words, names)
        if col is not None:
            text = pattern.sub(lambda m, c=col: _folded(c, m), text)
        elif (other := _opposite_column(words, names)) is not None:
            # "what keeps members from cancelling?" on a table that records who renewed: the
            # event's opposite, with the verb turned round, and said
            found = pattern.search(text)
            text = pattern.sub(lambda m, c=other: _folded_opposite(c, m), text)
            if found:
                from copilot.agents.planner import reading

                reading(
                    f"No column records what {found.group(0).strip()!r} says: read through "
                    f"{other!r}, which records the opposite (what lowers one raises the other)."
                )
    return text


def _opposite_column(words: Sequence[str], names: Sequence[str]) -> str | None:
    """The one column that records the opposite of an event said by `words` (`renewed` for
    leaving), from the lexicon's antonym pairs; None when none or several do."""
    from copilot.agents.lexicon import ANTONYMS

    for one, other in ANTONYMS:
        for side, opposite in ((one, other), (other, one)):
            if side & set(words):
                return _event_column(sorted(opposite), names)
    return None


def _folded_opposite(col: str, m: re.Match[str]) -> str:
    """A verb phrase of an event folded into the column of its opposite: what keeps people from
    leaving drives the column of those who stay, what drives them away drives it down."""
    keep = m.groupdict().get("keep")
    if keep:
        return f"{next((v for pat, v in _DRIVE if pat.fullmatch(keep)), 'drive')} {col}"
    cause = m.groupdict().get("cause") or m.groupdict().get("cause2") or m.groupdict().get("cause3")
    if cause:
        return f"{next((v for pat, v in _DRIVE if pat.fullmatch(cause)), 'drive')} {col} down"
    return f"not {col}"
