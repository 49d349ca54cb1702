"""Spelled-out column words folded into the names the table uses, before a question is parsed.

Column names abbreviate: `qol_score` (quality of life), `tir_pct` (time in range), `kwh_per_sqft`
(per square foot), `hba1c_12m` (at twelve months), `yr_built` (year built), `adverse_evt`. A
question says the words in full, and some of them ("per", "in", "of") are also the cues the parser
reads roles from ("per unit of X", "by site"). Folding the spelled-out words into the name's own
abbreviation first lets the column matcher see them and keeps the cue words out of the parser's
way. Every rule is about the *dataset's own* column names, never about a fixed list of phrasings:

- a run of words whose letters spell a short abbreviation in a column name, each word giving its
  first letter, a prefix or its first and last letters ("time in range" -> `tir`, "square foot"
  -> `sqft`); units ("pct") and single words ("yr" for "year") are left to the column matcher;
- a number and a unit word that a column writes as one token ("12 months" -> `12m`);
- a column name whose words include a cue word ("kwh per sqft", "kwh/sqft") -> the name itself;
- "by X I mean Y" / "X means Y": the user's own definition replaces X by Y.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from copilot.agents.columns import _PHRASAL, _UNITS, _phrasal_noun, tokens, word_similarity
from copilot.agents.lexicon import NUMBER_WORDS

#: Words never folded into an abbreviation on their own, nor at the ends of a folded run.
_STOP = frozenset(
    "a an the of in on at to for by per and or with from into than that this these those their "
    "there they them then its it is are was were be been being do does did has have had not no "
    "any some each every our your my his her we you i me us what which who how why when where "
    "through via over under after before about use using used so but if even ever just only "
    "still also very quite again once".split()
)
#: Everyday verbs: never inside a run that spells an abbreviation ("assignment gives exogenous" is
#: no `age`).
_RUN_VERBS = frozenset(
    "give gives gave get gets got make makes made take takes took go goes went put puts keep "
    "keeps kept let lets see sees saw say says said come comes came bring brings brought help "
    "helps helped cause causes caused lead leads led raise raises lower lowers cut cuts "
    # modal verbs ("culling can't cause ..." is no `SCC`)
    "can could would should will may might must shall cannot".split()
)
#: Comparatives and degree words say how much, never which column: "higher somatic" is no
#: `hrs` (h...r + s), "more time" no `mt`.
_DEGREE = frozenset(
    "more less fewer most least higher lower bigger smaller greater larger longer shorter "
    "better worse faster slower extra".split()
)
#: Words of column names that the parser also reads as role cues.
_CUE_WORDS = frozenset("per by in on of to at for vs over from with and than via".split())
_VOWELS = set("aeiou")
_NUMBER_WORDS = {
    **NUMBER_WORDS,
    "eleven": "11",
    "twelve": "12",
    "eighteen": "18",
    "thirty": "30",
}
_WORD = re.compile(r"[A-Za-z0-9]+")
_DEFINITION = re.compile(
    r"(?:^|(?<=[.;!?])\s*)(?:and\s+)?(?:by\s+(?:the\s+)?(?P<a>[\w' -]{2,40}?),?\s+(?:i|we)\s+"
    r"mean\s+(?:the\s+)?(?P<b>[\w' -]{2,40}?)|(?:the\s+)?(?P<a2>[\w' -]{2,40}?)\s+(?:means|"
    r"stands\s+for|refers\s+to)\s+(?:the\s+)?(?P<b2>[\w' -]{2,40}?))\s*(?:[.;!?]+\s*|$)",
    re.I,
)


def _stem(word: str) -> str:
    """A word without its inflection ("culling", "culled" -> "cull")."""
    for end in ("ing", "ed", "es", "s"):
        if len(word) > len(end) + 3 and word.endswith(end):
            return word[: -len(end)]
    return word


def _subsequence(short: str, word: str) -> bool:
    it = iter(word)
    return all(ch in it for ch in short)


def _spells(abbr: str, words: Sequence[str]) -> bool:
    """Whether `abbr` splits into one piece per word, each piece the word's first letter, a
    prefix of the word, or its first and last letters ("t"+"i"+"r" from "time in range", "sq"+"ft"
    from "square foot"); looser pieces are what ordinary word pairs spell by chance."""
    if not words:
        return not abbr
    w = words[0]
    if not abbr or abbr[0] != w[0]:
        return False
    rest_words = words[1:]
    for k in range(len(abbr) - len(rest_words), 0, -1):
        piece = abbr[:k]
        if k > 1 and not (w.startswith(piece) or (k == 2 and piece == w[0] + w[-1])):
            continue
        if _spells(abbr[k:], rest_words):
            return True
    return False


def _fits(abbr: str, run: Sequence[str]) -> bool:
    """Initials, one letter a word ("time in range" -> tir), or, for an abbreviation without
    vowels after its first letter, pieces of the words ("square foot" -> sqft). Anything looser
    is what ordinary words spell by chance ("simple terms" is no `site`)."""
    if len(abbr) == len(run):
        return all(w[0] == ch for w, ch in zip(run, abbr, strict=True))
    return len(abbr) > len(run) and not set(abbr[1:]) & _VOWELS and _spells(abbr, run)


def abbreviations(columns: Iterable[str]) -> set[str]:
    """Tokens of column names that may abbreviate words: letters only, at least two of them."""
    return {t for c in columns for t in tokens(c) if t.isalpha() and len(t) >= 2}


def acronyms(columns: Iterable[str]) -> set[str]:
    """Tokens a column name writes in capitals, three to five letters (`AHT_sec`, `SCC_k`,
    `CSAT`): acronyms of a field's own terms, whose first word is often left unsaid ("handle
    time" for average handle time, "cell count" for somatic cell count)."""
    out = set()
    for c in columns:
        for part in re.split(r"[^0-9A-Za-z]+", str(c)):
            if 3 <= len(part) <= 5 and part.isalpha() and part.isupper():
                out.add(part.lower())
    return out


def _fold_abbreviations(
    text: str, abbrs: set[str], names: set[str], caps: frozenset[str] = frozenset()
) -> str:
    """Runs of two to four words that spell a column's abbreviation letter by letter; for an
    acronym a name writes in capitals (`caps`), also a run of two words or more spelling all
    its letters but the first ("handle time" for `AHT`)."""
    from copilot.agents.lexicon import VOCABULARY

    analysis = set(VOCABULARY)
    # an analysis word inflected ("controls and rerun" is no `car`) is no piece of a name either
    analysis_stems = {_stem(v) for v in analysis}
    # a word that inflects a column's own word ("culling" for `culled`) names that column
    stems = {_stem(n) for n in names if len(n) >= 4}
    found = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
    words = [w for _, _, w in found]
    # a word written in capitals is an acronym of its own ("use DML"), not part of one
    upper = {i for i, m in enumerate(_WORD.finditer(text)) if len(m[0]) > 1 and m[0].isupper()}
    # a capitalised word inside a sentence is a name ("York restaurants"), not a spelled-out
    # piece of an abbreviation (`yrs`)
    proper = {
        i
        for i, m in enumerate(_WORD.finditer(text))
        if i > 0
        and m[0][:1].isupper()
        and m[0][1:].islower()
        and not re.search(r"[.!?:]\s*$", text[: m.start()])
    }
    # units ("pct", "kwh") are what ordinary word pairs spell by chance ("proposes cutting")
    short = sorted(
        (a for a in abbrs if 3 <= len(a) <= 4 and a not in words and a not in _UNITS), key=len
    )
    spans: list[tuple[int, int, str]] = []
    i = 0
    while i < len(found):
        hit = None
        for k in (4, 3, 2):
            run = words[i : i + k]
            if len(run) < k or not all(w.isalpha() for w in run) or upper & {*range(i, i + k)}:
                continue
            if (
                run[0] in _STOP
                or run[-1] in _STOP
                or any(
                    w in names
                    or _stem(w) in stems
                    or w in analysis
                    or _stem(w) in analysis_stems
                    or w in _RUN_VERBS
                    or w in _DEGREE
                    for w in run
                )
            ):
                continue
            if not all(
                re.fullmatch(r"[\s-]+", text[found[j][1] : found[j + 1][0]])
                for j in range(i, i + k - 1)
            ):
                continue  # a name is said in one breath: no comma or stop inside
            a = (
                None
                if proper & {*range(i, i + k)}
                else next((a for a in short if _fits(a, run)), None)
            )
            if a is None and k >= 2:
                # the acronym's first word left unsaid: initials of the rest, one a word
                a = next(
                    (
                        a
                        for a in sorted(caps, key=len)
                        if len(a) == k + 1
                        and a not in words
                        and all(w[0] == ch for w, ch in zip(run, a[1:], strict=True))
                    ),
                    None,
                )
            if a:
                hit = (found[i][0], found[i + k - 1][1], a)
                break
        if hit:
            spans.append(hit)
            i += len(_WORD.findall(text[hit[0] : hit[1]]))
        else:
            i += 1
    return _apply(text, spans)


def _fold_numbered_units(text: str, columns: Iterable[str]) -> str:
    """ "12 months" -> "12m" where a column writes `12m`."""
    units = {t for c in columns for t in tokens(c) if re.fullmatch(r"\d+[a-z]+", t)}
    for tok in units:
        num, unit = re.fullmatch(r"(\d+)([a-z]+)", tok).groups()  # type: ignore[union-attr]
        spelt = [w for w, n in _NUMBER_WORDS.items() if n == num]
        pat = rf"\b(?:{num}|{'|'.join(spelt) or num})[\s-]*({unit[0]}[a-z]*)\b"

        def sub(m: re.Match[str], unit: str = unit, tok: str = tok) -> str:
            w = m.group(1).lower()
            return tok if w == unit or (_subsequence(unit, w) and len(w) >= len(unit)) else m[0]

        text = re.sub(pat, sub, text, flags=re.I)
    return _fold_time_points(text, columns)


#: Time words by the letter a column's time-point code opens with (`SBP_M6`, `score_w12`).
_TIME_LETTERS = {
    "m": ("month", "months", "mo", "mos", "mth", "mths"),
    "w": ("week", "weeks", "wk", "wks"),
    "d": ("day", "days"),
    "y": ("year", "years", "yr", "yrs"),
    "q": ("quarter", "quarters"),
}


def _fold_time_points(text: str, columns: Iterable[str]) -> str:
    """ "month 6", "6 months", "6-month", "six months" -> "m6" where a column writes a time point
    as a letter and a number (`SBP_M6`, `score_w12`)."""
    points = {t for c in columns for t in tokens(c) if re.fullmatch(r"[mwdyq]\d+", t)}
    for tok in points:
        letter, num = tok[0], tok[1:]
        said = "|".join([num, *(w for w, n in _NUMBER_WORDS.items() if n == num)])
        unit = "|".join(_TIME_LETTERS[letter])
        pat = rf"\b(?:(?:{unit})[\s-]*(?:{said})|(?:{said})[\s-]*(?:{unit}))\b"
        text = re.sub(pat, tok, text, flags=re.I)
    return text


#: Words the parser reads as the end of a role or an option ("X on Y *using* matching").
_PARSER_CUES = _CUE_WORDS | {"use", "using", "as", "is", "are", "when", "if", "given", "after"}
#: Words the parser reads as the verb of a change ("if dropped calls fell by 1"): a name with
#: one of them, said in full, is joined so that the verb in it is not read as the change.
_CHANGE_VERBS = frozenset(
    "dropped drop drops cut cuts raised rose fell lost lowered increased reduced added used "
    "missed".split()
)
#: Name words that need not be said: units, and the thousands of "kwh_used_k".
_UNSAID = _UNITS | {"k"}
#: Words that may stand between the words of a name said in full ("hba1c at 12m").
_CONNECTORS = frozenset("at of in per a the".split())


def _join_names(text: str, columns: Iterable[str]) -> str:
    """A name of several words said word by word, in order, perhaps with a connector between
    them ("kwh per sqft", "kwh/sqft", "HbA1c at 12m", "steps per day"), becomes the name itself;
    units in the name may go unsaid. The first word of a name of three or more words may be a
    near-synonym ("energy per sqft"); the others must be the word, an inflection or an
    abbreviation of it."""
    found = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
    spans = []
    for col in columns:
        cw = tokens(col)
        if len(cw) < 2 or cw[0] in _CUE_WORDS or cw[-1] in _CUE_WORDS:
            continue  # "on_time": "deliver on time" reads better as words
        for i in range(len(found)):
            m = _match_name(text, found, i, cw)
            # a name said in its own words, spaced, is read by the column matcher as it is; only
            # a name with a cue word in it or one said with other words or connectors is joined
            if m is None or (m[0] == i and found[i][2] in _STOP):
                continue  # ("is that even significant": an everyday word, no cut `events_mo`)
            said = {w for _, _, w in found[i : m[0] + 1]}
            own = [c for c in cw if c not in _UNSAID]
            if m[0] == i and m[1] and len(own) == 1 and not found[i][2].startswith(own[0][:3]):
                continue  # one word whose letters only scatter over an acronym ("factors" is no
                # `fcr_pct`), unlike a cut word ("fertiliser" for `fert_kg_ha`): the matcher's call
            # "device use": a word the parser reads as a cue ("use matching") is kept in the name
            if m[1] or set(cw[1:-1]) & _CUE_WORDS or said & (_PARSER_CUES | _CHANGE_VERBS):
                spans.append((found[i][0], found[m[0]][1], col))
    return _apply(text, spans)  # where two names overlap, the longer span wins


def _match_name(
    text: str, found: list[tuple[int, int, str]], i: int, cw: list[str]
) -> tuple[int, bool] | None:
    """Where the name `cw` said from word `i` on ends, and whether it was said with other words
    than its own (a synonym, an abbreviation, a connector, a slash, an extra word)."""
    j, last, other = i, None, False
    for n, c in enumerate(cw):
        if j >= len(found):
            return None if c not in _UNSAID or n == 0 or last is None else (last, other)
        w = found[j][2]
        least = 0.8 if n == 0 and len(cw) >= 3 else 0.85
        sim = 1.0 if w == c else (0.0 if c in _CUE_WORDS else word_similarity(w, c))
        if sim >= least:
            last, j, other = j, j + 1, other or sim < 0.9
            continue
        if c in _CUE_WORDS and last is not None:
            sep = text[found[last][1] : found[j][0]].strip()
            if c == "per" and sep == "/":
                other = True
                continue  # "kwh/sqft": the slash says "per"
        if n == 1 and len(cw) >= 3 and cw[1] in _CUE_WORDS and j + 1 < len(found):
            if found[j + 1][2] == cw[1]:
                last, j, other = j, j + 1, True  # "energy use per sqft": a word before the cue
                continue
        if n > 0 and w in _CONNECTORS and j + 1 < len(found):
            nxt = found[j + 1][2]
            if nxt == c or word_similarity(nxt, c) >= 0.85:
                last, j, other = j + 1, j + 2, True
                continue
        if c in _UNSAID and n > 0:
            continue  # a unit in the name need not be said
        return None
    return (last, other) if last is not None else None


def _definitions(text: str) -> str:
    """ "By building age I mean the year built": the definition leaves the question and its
    words replace the defined ones."""
    for m in list(_DEFINITION.finditer(text)):
        a = (m.group("a") or m.group("a2") or "").strip()
        b = (m.group("b") or m.group("b2") or "").strip()
        if not a or not b or len(a.split()) > 5:
            continue
        rest = (text[: m.start()] + " " + text[m.end() :]).strip()
        replaced = re.sub(rf"\b{re.escape(a)}\b", b, rest, flags=re.I)
        if replaced != rest:
            text = replaced
    return text


def _apply(text: str, spans: list[tuple[int, int, str]]) -> str:
    taken: list[tuple[int, int]] = []
    for start, end, _new in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if any(a < end and start < b for a, b in taken):
            continue
        taken.append((start, end))
    keep = [s for s in spans if (s[0], s[1]) in taken]
    for start, end, new in sorted(keep, reverse=True):
        text = text[:start] + new + text[end:]
    return text


def fold(text: str, columns: Sequence[str]) -> str:
    """`text` with spelled-out words of `columns` folded into the names' own forms."""
    if not columns:
        return text
    text = _definitions(text)
    text = _fold_numbered_units(text, columns)
    names = {t for c in columns for t in tokens(c)}
    # "why do learners drop out?": a verb and its particle as the noun a name or the lexicon has
    text = _PHRASAL.sub(lambda m: _phrasal_noun(m, names), text)
    text = _fold_abbreviations(text, abbreviations(columns), names, frozenset(acronyms(columns)))
    return _join_names(text, columns)
