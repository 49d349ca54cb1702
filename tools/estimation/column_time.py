"""Time order from what the columns are called: background knowledge an expert would use.

A column called `age`, `sex` or `baseline_weight` cannot have been changed by the treatment
under study, whatever a search over the data concludes; a column called `weight_after` or
`followup_score` likely was measured after it. Data alone often cannot settle these
orientations (a common cause and a common effect can fit equally well), so an analyst reads
the names. This module does the same, with a small word lexicon:

- fixed attributes, which nothing in a study can change: age, sex, gender, race, ethnicity,
  birth year / year / place / country of birth, native language, mother tongue, blood type or
  group, genotype;
- measured before the treatment: baseline, prior, pre, previous, initial, historic(al),
  pretest, "last year" (month, week, quarter, season, term), "at entry" (enrolment, intake,
  admission, screening, baseline), before;
- measured after the treatment: post, after, follow-up, subsequent, next, later, posttest.

Names are split into words (snake_case, kebab-case, spaces, camelCase, letters from digits)
and matched word by word, never as substrings: `page_views`, `stage` and `storage_gb` carry
no cue, and neither does `postcode` or `post_code` (post, the mail). A name with both a
before and an after cue carries none. The treatment and the outcome are never given a cue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Words of a fixed attribute (one word is enough).
FIXED_WORDS = frozenset(
    {
        "age",
        "sex",
        "gender",
        "ethnicity",
        "ethnic",
        "birthyear",
        "birthplace",
        "dob",
        "genotype",
        "nationality",
    }
)
#: Two-word phrases of a fixed attribute.
FIXED_PHRASES = frozenset(
    {
        ("birth", "year"),
        ("year", "born"),
        ("of", "birth"),  # year/place/country/date of birth
        ("birth", "country"),
        ("birth", "place"),
        ("birth", "date"),
        ("birth", "weight"),
        ("native", "language"),
        ("mother", "tongue"),
        ("first", "language"),
        ("blood", "type"),
        ("blood", "group"),
    }
)
#: `race` is also a sports race: a fixed attribute only when the name says nothing else.
RACE_ALONE = frozenset({"race", "ethnicity", "ethnic", "group", "category", "code", "self"})

#: Words of a measurement taken before the treatment.
BEFORE_WORDS = frozenset(
    {
        "baseline",
        "prior",
        "pre",
        "previous",
        "prev",
        "initial",
        "historic",
        "historical",
        "pretest",
        "pretreatment",
        "preop",
        "preoperative",
        "before",
    }
)
#: "last year", "at entry" and kin.
PERIODS = frozenset({"year", "month", "week", "quarter", "season", "term", "semester"})
ENTRY = frozenset({"entry", "enrolment", "enrollment", "intake", "admission", "screening"})

#: Words of a measurement taken after the treatment.
AFTER_WORDS = frozenset(
    {"post", "after", "followup", "subsequent", "next", "later", "posttest", "postop"}
)
#: `post` followed by one of these is the mail, not a time.
POST_MAIL = frozenset({"code", "office", "box", "man", "al", "card"})

FIXED, BEFORE, AFTER = "fixed", "before", "after"


@dataclass(frozen=True)
class TimeCue:
    """What a column's name says about when it was fixed, and the words that say it."""

    column: str
    kind: str  # FIXED, BEFORE or AFTER
    words: str

    @property
    def upstream(self) -> bool:
        """Fixed attributes and measurements before the treatment cannot be caused by it."""
        return self.kind in (FIXED, BEFORE)

    def phrase(self) -> str:
        """The cue in words, for evidence and notes."""
        return {
            FIXED: f"its name says it is a fixed attribute ({self.words}), set before the treatment",
            BEFORE: f"its name says it is fixed before the treatment ({self.words})",
            AFTER: f"its name says it is measured after the treatment ({self.words})",
        }[self.kind]


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_DIGITS = re.compile(r"(?<=[A-Za-z])(?=[0-9])|(?<=[0-9])(?=[A-Za-z])")


def name_words(name: str) -> list[str]:
    """The words of a column name, lowercased: `priorFalls_2y` -> prior, falls, 2, y."""
    parts = re.split(r"[^A-Za-z0-9]+", str(name))
    words = []
    for p in parts:
        for piece in _CAMEL.split(_DIGITS.sub(" ", p).replace(" ", "_")):
            words += [w.lower() for w in piece.split("_") if w]
    return words


def _pairs(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:], strict=False))


def _fixed(words: list[str]) -> str | None:
    hit = next((w for w in words if w in FIXED_WORDS), None)
    if hit:
        return hit
    for i, pair in enumerate(zip(words, words[1:], strict=False)):
        if pair in FIXED_PHRASES:
            # "year of birth", "country of birth": the word before "of" belongs to the phrase
            lead = [words[i - 1]] if pair[0] == "of" and i > 0 else []
            return " ".join([*lead, *pair])
    if "race" in words and set(words) <= RACE_ALONE:
        return "race"
    return None


def _before(words: list[str]) -> str | None:
    hit = next((w for w in words if w in BEFORE_WORDS), None)
    if hit:
        return hit
    for a, b in _pairs(words):
        if a == "last" and b in PERIODS:
            return f"{a} {b}"
        if a == "at" and (b in ENTRY or b == "baseline"):
            return f"{a} {b}"
    return None


def _after(words: list[str]) -> str | None:
    for i, w in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if w == "post" and nxt in POST_MAIL:
            continue
        if w in AFTER_WORDS:
            return w
        if w == "follow" and nxt == "up":
            return "follow up"
    return None


def time_cue(name: str) -> TimeCue | None:
    """What the name `name` says about its time, or None when it says nothing (or both)."""
    words = name_words(name)
    fixed, before, after = _fixed(words), _before(words), _after(words)
    if after and (fixed or before):
        return None  # e.g. age_at_followup, pre_post_change: no single time
    if fixed:
        return TimeCue(name, FIXED, fixed)
    if before:
        return TimeCue(name, BEFORE, before)
    if after:
        return TimeCue(name, AFTER, after)
    return None


def time_cues(columns: list[str], treatment: str, outcome: str) -> dict[str, TimeCue]:
    """The cue of each column whose name carries one; never the treatment or the outcome."""
    out = {}
    for c in columns:
        if c in (treatment, outcome):
            continue
        cue = time_cue(c)
        if cue is not None:
            out[c] = cue
    return out
