"""Category levels said without their column: "on mobile vs desktop" is the device column,
"in the south than in the north" the region, "Texas and California" the state (coded TX, CA).

The planner never sees rows, only the profile; the data layer's notes list the levels of every
text column it encoded ("encoded categorical column 'device' as integer codes (laptop=0,
mobile=1, tablet=2)"). This module reads them and:

- folds a comparison of two levels of one column ("more on mobile than on laptop", "forwards vs
  defenders", "night shift versus day shift") into "by <column>" when the column has more than
  two levels (a subgroup question), or into the column's name when the two levels are all it has
  ("yearly vs monthly contract" is the treatment `contract_type`);
- finds the columns a single level word belongs to ("among premium customers"), so that a word
  that is a level of two columns is asked about with both candidates instead of guessed.

Levels are matched as whole words, in the plural too ("forwards", "cities"), and a level written
as a short upper-case code (TX, CA, NY) by a capitalised name that starts with its first letter
and holds its other letters in order ("Texas", "California"). Levels that are everyday words of
no meaning alone (yes, no, none, other) or shorter than three letters are never read from text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from copilot.agents.lexicon import LEVEL_SYNONYMS

_LEVELS = re.compile(r"encoded categorical column '([^']+)' as integer codes \(([^)]*)\)")
#: Levels that are everyday words and name nothing alone.
_VAGUE = frozenset("yes no none other others unknown true false y n na missing all any".split())
#: Words that may follow a level as its noun ("premium customers", "night shift", "cold climates").
_GROUP_NOUNS = frozenset(
    "customers customer users user people players player patients patient students student "
    "members member clients client ones one group groups segment segments stores store shops "
    "plans plan subscribers subscriber workers staff employees households areas area zones "
    "buildings lines plots sites teams folks accounts borrowers applicants households homes "
    "farms fields shifts wards regions zones ones learners learner pupils pupil kids drivers "
    "driver policyholders riders routes route participants families patients".split()
)
_PREP = r"(?:(?:on|in|for|among|with|at|between|from|of)\s+)?(?:the\s+)?"
#: A comparison said after a subject of two groups ("... gain the same", "... equally"); a
#: subject "affected differently" is left as said (the subgroup reading takes it whole).
_SAME = re.compile(r"\b(?:the\s+same|equally|alike|as\s+much|similarly)\b", re.I)
_JOIN = r"(?:\s*(?:,\s*)?(?:than|vs\.?|versus|or|and|compared\s+(?:to|with)|against)\s+|\s*,\s*)"
_COMPARATIVE = re.compile(
    r"(?:\b(?:much\s+|any\s+|a\s+lot\s+)?(?:more|less|better|worse|bigger|smaller|larger|"
    r"stronger|weaker|differently|different)\s+)$",
    re.I,
)


def categorical_levels(ds: dict[str, Any]) -> dict[str, list[str]]:
    """Each text column's levels (categorical or yes/no), as the data layer's notes list them."""
    kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    out: dict[str, list[str]] = {}
    for note_text in ds.get("notes") or []:
        for name, codes in _LEVELS.findall(str(note_text)):
            if kinds.get(name) in ("categorical", "binary"):
                out[name] = [lv.rsplit("=", 1)[0].strip() for lv in codes.split(",")]
    return out


def _plural(word: str) -> str:
    w = re.escape(word)
    if re.search(r"[^aeiou]y$", word):
        return rf"(?:{w}|{re.escape(word[:-1])}ies)"
    return rf"{w}(?:e?s)?"


def level_pattern(level: str, siblings: Iterable[str] = ()) -> str | None:
    """A regex for a level as a question says it, or None for a level never read from text;
    `siblings`, the other levels of its column, keep their own words from its synonyms."""
    low = level.lower()
    if low in _VAGUE:
        return None
    own = _own_pattern(level, low)
    if own is None:
        return None
    others = {s.lower() for s in siblings} - {low}
    syn = sorted(
        w for group in LEVEL_SYNONYMS if low in group and not group & others for w in group - {low}
    )
    if not syn:
        return own
    # (a synonym only as the word before a noun: "the urban stores", not "the city's council")
    return rf"(?:{own}|(?<![\w-])(?:{'|'.join(map(re.escape, syn))})(?=\s+[a-z]))"


def _own_pattern(level: str, low: str) -> str | None:
    if re.fullmatch(r"[A-Z]{2,3}", level):
        # a code: a capitalised name starting with its first letter, holding the rest in order
        # ("Texas" for TX), or capitalised words with its letters as initials ("New York" for NY)
        rest = "".join(rf"[a-z]*{c.lower()}" for c in level[1:])
        initials = r"\s+".join(rf"{c}[a-z]+" for c in level)
        return rf"(?-i:\b{level}\b|\b{level[0]}{rest}[a-z]*(?:\s+[A-Z][a-z]+)?\b|\b{initials}\b)"
    if re.search(r"\d", low) and len(low) >= 3:
        return rf"(?<![\w.+-]){re.escape(low)}(?![\w+-])"  # "18-24", "35+"
    if len(low) < 3 or not re.search(r"[a-z]", low):
        return None
    if len(low) >= 5 and low.isalpha():
        # a longer level said as its adjective too: "suburban" (suburb), "southern" (south)
        return rf"(?<![\w-])(?:{_plural(low)}|{re.escape(low)}(?:an|ern|ian|ish))(?![\w-])"
    return rf"(?<![\w-]){_plural(low)}(?![\w-])"


def _pattern_of(levels: Iterable[str], loose: bool = False) -> str | None:
    levels = list(levels)
    pats = [
        p for p in ((_loose_code(lv) if loose else level_pattern(lv, levels)) for lv in levels) if p
    ]
    return "(?:" + "|".join(pats) + ")" if pats else None


def _code_of(word: str, levels: Iterable[str]) -> str | None:
    """The one code among `levels` a word names in any case, or None."""
    hits = [lv for lv in levels if (p := _loose_code(lv)) and re.fullmatch(p, word, re.I)]
    return hits[0] if len(hits) == 1 else None


def _loose_code(level: str) -> str | None:
    """A code's name in any case ("texas" or "TEXAS" for TX, "new york" for NY), read only in a
    comparison of two levels of one column, where no ordinary word passes for both."""
    if not re.fullmatch(r"[A-Z]{2,3}", level):
        return None
    rest = "".join(rf"[a-z]*{c.lower()}" for c in level[1:])
    initials = r"\s+".join(rf"{c.lower()}[a-z]+" for c in level)
    return rf"(?:\b{level[0].lower()}{rest}[a-z]*\b|\b{initials}\b)"


def _noun(column: str) -> str:
    """A word after a level that is part of it: a word of the column's name or a group noun."""
    words = [re.escape(w) for w in re.split(r"[^A-Za-z]+", column.lower()) if len(w) >= 3]
    nouns = "|".join([*words, *sorted(_GROUP_NOUNS)])
    return rf"(?:\s+(?:{nouns})(?:e?s)?\b){{0,2}}"


def fold_levels(text: str, ds: dict[str, Any]) -> str:
    """`text` with comparisons of two levels of one column folded into the column (see above)."""
    pairs = [(c, lv, False) for c, lv in categorical_levels(ds).items()]
    # codes named in lower case ("in texas and california", a shouted question lowered)
    pairs += [(c, lv, True) for c, lv in categorical_levels(ds).items()]
    for column, levels, loose in pairs:
        lv = _pattern_of(levels, loose)
        if lv is None:
            continue
        noun = _noun(column)
        rx = re.compile(
            rf"\b(?P<p>{_PREP})(?P<a>{lv}){noun}(?:{_JOIN}{_PREP}(?P<b>{lv}){noun})+", re.I
        )
        for m in reversed(list(rx.finditer(text))):
            if m.group("a").lower() == m.group("b").lower():
                continue
            if loose and len({_code_of(m.group(k), levels) for k in ("a", "b")} - {None}) < 2:
                continue  # "nearby and newer" both hold N...E: two words, not two regions
            if len(levels) == 2:
                new = f" {column} "
                start = m.start()
            else:
                # "helps more on mobile than on laptop": the comparative belongs to the split
                cm = _COMPARATIVE.search(text[: m.start()])
                ends = re.match(r"\s*(?:[?.!:;,(]|$)", text[m.end() :])
                if not (m.group("p") or cm or ends):
                    rest = text[m.end() :]
                    same = _SAME.search(rest)
                    if same is None or re.search(r"[?.!;]", rest[: same.start()]):
                        continue  # "are night shifts and day shifts affected ...": the subject
                    # "do laptop and mobile learners gain the same from a tutor?": the subject
                    # compares the groups; the split goes to the end of the question
                    noun = (m.group(0).split() or [""])[-1]
                    head = (
                        noun
                        if noun.lower() in _GROUP_NOUNS
                        and not re.match(re.escape(column.lower()), noun.lower())
                        else "they"
                    )
                    tail = re.match(r"(?P<q>[^?.!;]*)(?P<e>.*)$", rest, re.S)
                    assert tail is not None
                    said = _SAME.sub(" ", tail.group("q"), count=1)  # the split says it
                    # "... by maintenance (defects)?": a closing bracket stays last
                    paren = re.search(r"\s*\([^()]*\)\s*$", said)
                    body, last = (
                        (said[: paren.start()], said[paren.start() :]) if paren else (said, "")
                    )
                    text = (
                        f"{text[: m.start()].rstrip()} {head} {' '.join(body.split())}, "
                        f"split by {column}{last}{tail.group('e')}"
                    ).strip()
                    continue
                start = cm.start() if cm else m.start()
                lead = "" if re.search(r"[,:;(]\s*$", text[:start]) else ","
                new = f"{lead} split by {column} "
            text = (text[:start].rstrip() + new + text[m.end() :].lstrip()).strip()
    return re.sub(r"\s+([?.!,])", r"\1", text)


_SINGLE_PREP = r"(?:for|among|in|on|at|with|within)\s+(?:the\s+|a\s+|an\s+|our\s+)?"


#: The asker saying where they work, just before a level's preposition ("I work in HR").
_ASKERS_PLACE = re.compile(
    r"\b(?:i|we)\s*(?:work|am|are|'m|'re|sit|sits)(?:\s+(?:mostly|mainly|currently|now))?\s*$",
    re.I,
)


def single_level_columns(
    text: str, ds: dict[str, Any], taken: Iterable[str] = ()
) -> tuple[list[str], str]:
    """The categorical columns (not in `taken`) one of whose levels `text` names after a
    preposition ("for cardiology patients", "in the north", "with budget phones"), and the words
    that named it: an effect for one group is estimated per group, so that the named group's
    effect is in the answer and no group is silently dropped. Yes/no text columns ("on the
    monthly contract"), levels that are words of a column name and levels compared with another
    ("in cold zones than in hot ones", read by `fold_levels`) are left out."""
    kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    name_words = {w for c in kinds for w in re.split(r"[^a-z0-9]+", c.lower()) if w}
    skip = set(taken)
    found: list[str] = []
    said = ""
    for column, levels in categorical_levels(ds).items():
        if kinds.get(column) != "categorical" or column in skip:
            continue
        # "for seed variety C": a level of any length, after its column's own words
        words = r"[\s_]+".join(
            re.escape(w) for w in re.split(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])", column) if w
        )
        named = re.search(
            rf"\b{_SINGLE_PREP}{words}\s+(?:{'|'.join(re.escape(lv) for lv in levels)})\b",
            text,
            re.I,
        )
        if words and named:
            found.append(column)
            said = said or named.group(0)
            continue
        pats = [
            p for lv in levels if lv.lower() not in name_words and (p := level_pattern(lv, levels))
        ]
        if not pats:
            continue
        rx = re.compile(rf"\b{_SINGLE_PREP}(?P<l>{'|'.join(pats)}){_noun(column)}", re.I)
        for m in rx.finditer(text):
            if re.match(rf"{_JOIN}{_PREP}(?:{'|'.join(pats)})", text[m.end() :], re.I):
                continue  # a comparison of levels: `fold_levels` reads it
            if _ASKERS_PLACE.search(text[: m.start()]):
                continue  # "I work in HR analytics": where the asker works, no group asked
            found.append(column)
            said = said or m.group(0)
            break
    return found, said


def columns_of_level_words(text: str, ds: dict[str, Any], taken: Iterable[str] = ()) -> list[str]:
    """The text columns (not in `taken`) one of whose levels `text` names, in table order."""
    skip = set(taken)
    out = []
    for column, levels in categorical_levels(ds).items():
        lv = _pattern_of(levels)
        if column not in skip and lv and re.search(lv, text, re.I):
            out.append(column)
    return out


def level_subject(text: str, ds: dict[str, Any]) -> str:
    """A yes/no question whose subject is a level said in the plural ("do Holsteins produce more
    milk than Jerseys?") with the level as an adjective of a group noun ("do Holstein ones
    produce ..."), so that the group comparison reads the level as the cause; `text` as it was
    when its subject is no level of a text column of `ds`."""
    for levels in categorical_levels(ds).values():
        for lv in levels:
            if lv.lower() in _VAGUE or len(lv) < 3 or not lv.isalpha():
                continue
            m = re.match(
                rf"^(\s*(?:do|did|are|were|will|would|can|could)\s+(?:the\s+|our\s+)?)"
                rf"({re.escape(lv)}(?:e?s))\b(?!\s+(?:{'|'.join(sorted(_GROUP_NOUNS))})\b)",
                text,
                re.I,
            )
            if m:
                return f"{m.group(1)}{lv} ones{text[m.end() :]}"
    return text


#: "is email better than a call for spend?": two levels of one column compared on an outcome.
_BETTER = (
    r"(?:better|worse|more\s+effective|less\s+effective|more\s+profitable|less\s+profitable|"
    r"stronger|weaker)"
)
_ON = (
    r"(?:at\s+(?:raising|driving|lifting|cutting)|for|at|on|in\s+terms\s+of|when\s+it\s+comes\s+to)"
)
_SWITCH = r"(?:switch|switched|switching|move|moved|moving|change|changed|changing|shift|shifted)"
_WHO = (
    r"(?:(?:every(?:one|body)|all(?:\s+(?:of\s+)?(?:our|the)?\s*[a-z]+)?|customers|people|users|"
    r"patients|clients|members|students|them|us)\s+)?"
)


def level_contrast(text: str, ds: dict[str, Any]) -> str | None:
    """A comparison of two levels of one text column, the column the cause, as an effect
    question with the compared-with level named ("is email better than a call for spend?",
    "what happens to spend if we switch everyone from email to call?" -> "what is the effect of
    channel on spend, compared with call?"); None when the text is no such comparison."""
    kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    for column, levels in categorical_levels(ds).items():
        if kinds.get(column) != "categorical":
            continue
        pats = {lv: p for lv in levels if (p := level_pattern(lv, levels))}
        if len(pats) < 2:
            continue
        any_level = "(?:" + "|".join(f"(?:{p})" for p in pats.values()) + ")"
        art = r"(?:(?:the|an?|our)\s+)?"
        noun = r"(?:\s+[a-z]+)?"

        m = re.match(
            rf"^\s*(?:is|are|was|were|would|will)\s+{art}(?P<a>{any_level}){noun}\s+(?:really\s+)?"
            rf"{_BETTER}\s+than\s+{art}(?P<b>{any_level}){noun}\s*,?\s+{_ON}\s+(?P<y>[\w\s\-]+?)\s*[?.!]*$",
            text,
            re.I,
        )
        if m and (a := _level_of(m["a"], pats)) and (b := _level_of(m["b"], pats)) and a != b:
            return f"what is the effect of {column} on {m.group('y')}, compared with {b}?"
        m = re.search(
            rf"\b{_SWITCH}\s+{_WHO}from\s+{art}(?P<a>{any_level}){noun}\s+to\s+{art}"
            rf"(?P<b>{any_level})\b",
            text,
            re.I,
        )
        y = re.match(
            r"^\s*(?:what\s+(?:happens|would\s+happen|will\s+happen)\s+to|how\s+(?:much\s+)?"
            r"(?:would|will|does|do)|how\s+would)\s+(?:the\s+|our\s+)?(?P<y>[\w\-]+(?:\s+[\w\-]+)??)"
            r"\s+(?:if|when|change|move|shift)\b",
            text,
            re.I,
        )
        if m and y and (a := _level_of(m["a"], pats)) and (b := _level_of(m["b"], pats)) and a != b:
            return f"what is the effect of {column} on {y.group('y')}, compared with {a}?"
    return None


def _level_of(said: str, patterns: dict[str, str]) -> str | None:
    """The one level whose pattern matches `said` whole, else None."""
    hits = [lv for lv, p in patterns.items() if re.fullmatch(p, said.strip(), re.I)]
    return hits[0] if len(hits) == 1 else None
