"""Matching the words of a question to column names: case-, space- and underscore-insensitive,
tolerant of plurals, extra words and typos, and honest when two columns fit equally well."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache

_FILLER = {
    # a subject inside a phrase ("the weight they lose") names no column
    *("they", "we", "you", "he", "she", "them", "us"),
    "the",
    "a",
    "an",
    "our",
    "their",
    "my",
    "your",
    "its",
    "his",
    "her",
    "of",
    "column",
    "variable",
    "feature",
    "values",
    "value",
    "level",
    "levels",
    "amount",
    # "the monthly figure": a word for any measure names none
    "figure",
    "figures",
    "metric",
    # "the eligibility rule", "the chain flag": the word for how a yes/no is recorded
    "rule",
    "flag",
    "indicator",
    "dummy",
    "this",
    "that",
    "these",
    "those",
    "s",
    "on",
    "in",
    "to",
    "for",
    "and",
    "is",
    "are",
    "customer",
    "at",
    "from",
    "chance",
    "probability",
    "likelihood",
    "risk",
    "odds",
    "often",
    "how",
    "much",
    "many",
    "patients",
    "students",
    "employees",
    "customers",
    "people",
    "users",
    "stores",
    "shops",
    "store",
    "shop",
    "plots",
    "firms",
    "companies",
    "subjects",
    "participants",
    "individuals",
    "clients",
    "households",
    "patient",
    "student",
    "employee",
    "person",
    "user",
    "whether",
    # verbs around a variable's words ("how long patients take to recover")
    "take",
    "takes",
    "get",
    "gets",
    "have",
    "has",
    "do",
    "does",
    # comparatives and intensifiers around a variable ("grinding more in training")
    "heavy",
    "heavier",
    "intense",
    "so",
    "very",
    "too",
    "more",
    "less",
    "fewer",
}
#: Verbs in "-ing" that open a phrase about a variable without being part of its name.
_LEAD_VERBS = {
    "giving",
    "having",
    "getting",
    "receiving",
    "being",
    "working",
    "doing",
    "using",
    "going",
    "offering",
    "assigning",
    "clocking",
    "logging",
    "putting",
}
#: Units in column names ("rainfall_mm", "fert_kg_ha"): a phrase need not say them.
_UNITS = {
    "mm",
    "cm",
    "km",
    "m",
    "kg",
    "g",
    "mg",
    "ml",
    "l",
    "ha",
    "usd",
    "eur",
    "gbp",
    "pct",
    "t",
    "c",
    "f",
    "mw",
    "kw",
    "kwh",
    "ms",
    "lb",
    "lbs",
    "id",
    "m2",
    "m3",
    "km2",
    "gb",
    "mb",
    "tb",
    "mo",
    "sec",
    # "per day" in `milk_L_d`, `conc_kg_d`
    "d",
}
#: Units a phrase need not say when its words are scored against a name ("the time" for
#: runtime_min as for ontime_pct); "min" only here, since elsewhere it may be a word of its own.
_UNSAID_IN_SCORE = _UNITS | {"min"}
#: Units said in words, and how column names abbreviate them.
_UNIT_WORDS = {
    "tonne": "t",
    "ton": "t",
    "hectare": "ha",
    "kilogram": "kg",
    "kilo": "kg",
    "kilometre": "km",
    "kilometer": "km",
    "millimetre": "mm",
    "millimeter": "mm",
    "minute": "min",
    "euro": "eur",
    "dollar": "usd",
    "percent": "pct",
    "percentage": "pct",
    "megawatt": "mw",
    "millisecond": "ms",
    "month": "mo",
    "second": "sec",
    "day": "d",
    "megabyte": "mb",
    "terabyte": "tb",
    "gigabyte": "gb",
    "kilowatt": "kw",
    "milligram": "mg",
    "millilitre": "ml",
    "milliliter": "ml",
    "litre": "l",
    "liter": "l",
    "gram": "g",
    "pound": "lb",
}
#: Words that say a duration, and the time units a name measured in one ends with.
_DURATION_WORDS = {"length", "duration", "long"}
_DURATION_UNITS = {"min", "mins", "sec", "secs", "hr", "hrs"}
_SPLIT = re.compile(r"[^0-9a-zA-Z]+")
#: camelCase boundaries; a digit before a capital starts a new word only before a lower-case
#: letter ("Top5Items"), so "5G" stays one word as in the name "is_5g"
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[0-9])(?=[A-Z][a-z])")


def norm(text: str) -> str:
    """Lowercase letters and digits only: 'Ad Spend', 'ad_spend' and 'adSpend' agree."""
    return _norm(str(text))


@lru_cache(maxsize=65536)
def _norm(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


def tokens(text: str) -> list[str]:
    """Words of a name or phrase: splits on spaces, punctuation, underscores and camelCase."""
    return list(_tokens(str(text)))


@lru_cache(maxsize=65536)
def _tokens(text: str) -> tuple[str, ...]:
    parts = _SPLIT.split(_CAMEL.sub(" ", text))
    return tuple(p.lower() for p in parts if p)


@lru_cache(maxsize=1 << 17)
def _ratio(a: str, b: str) -> float:
    """difflib's similarity of two words or names (0 to 1)."""
    return difflib.SequenceMatcher(None, a, b).ratio()


@lru_cache(maxsize=65536)
def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass
class ColumnMatch:
    """The result of matching one phrase: a column, or the equally good candidates, or nothing."""

    phrase: str
    column: str | None = None
    candidates: list[str] = field(default_factory=list)
    how: str = ""

    @property
    def ambiguous(self) -> bool:
        return self.column is None and len(self.candidates) > 1


#: A noun phrase whose head comes before its complement ("the eligibility for the tax credit").
_HEAD_OF = re.compile(
    r"^(?:the\s+|its\s+|their\s+)?(?P<head>[a-z]{4,})\s+(?:to|for|of|towards)\s+\S"
)
#: Heads that only count, share or group what their complement names ("the number of calls").
_NOT_HEADS = frozenset(
    "number numbers share percentage percent proportion fraction count amount level levels rate "
    "rates total sum average mean size type kind group part".split()
)


#: Nouns that two kinds of measure fit ("more work", "change work": being employed, or the hours
#: worked; "into work", "in work" is only having a job): the phrases naming each kind. Where a
#: table has a column of each, the noun is a tie.
VAGUE_NOUNS: dict[str, tuple[str, ...]] = {
    "work": ("employed", "hours worked"),
}
_AMOUNT_WORDS = frozenset("more less extra fewer much".split())
#: Prepositions that make the noun a state one is in ("into work", "back to work", "out of work").
STATE_WORDS = frozenset("in into to back out".split())


def _vague_noun(phrase: str, cols: list[str]) -> ColumnMatch | None:
    """Both columns a vague noun fits ("more work": `employed` and `hrs_wk`), else None."""
    said = tokens(phrase)
    words = [w for w in said if w not in _FILLER and w not in _AMOUNT_WORDS | STATE_WORDS]
    kinds = VAGUE_NOUNS.get(words[0]) if len(words) == 1 else None
    if not kinds or (set(said) & STATE_WORDS and not set(said) & _AMOUNT_WORDS):
        return None
    found = []
    for kind in kinds:
        m = match_column(kind, cols)
        if not m.column or m.column in found or norm(m.column).endswith("id"):
            return None
        found.append(m.column)
    return ColumnMatch(phrase, None, found, "vague")


def match_column(phrase: str, columns: Sequence[str], exclude: Iterable[str] = ()) -> ColumnMatch:
    """The column `phrase` names, trying stricter rules first; ties are reported, never broken."""
    excluded = set(exclude)
    cols = [c for c in columns if c not in excluded]
    vague = _vague_noun(phrase, cols)
    if vague:
        return vague
    # "on-time performance": a hyphenated pair that a name writes as one word ("ontime_pct")
    named = {w for c in cols for w in tokens(c)}
    # ("drop-outs": a word of the lexicon, unless a name has both parts: "on-time" for `on_time`)
    phrase = re.sub(
        r"\b([A-Za-z]+)-([A-Za-z]+)\b",
        lambda m: (
            m.group(1) + m.group(2)
            if (m.group(1) + m.group(2)).lower() in named
            # ("e-bikes" for `ebike_pct`: the pair's plural)
            or _singular((m.group(1) + m.group(2)).lower()) in named
            or (
                _singular((m.group(1) + m.group(2)).lower()) in _SYN
                and not {m.group(1).lower(), m.group(2).lower()} <= named
            )
            else m.group(0)
        ),
        phrase,
    )
    # "dropping out", "signed up": a verb and its particle that a name or a near-synonym of its
    # words writes as one noun ("dropout", "signup")
    phrase = _PHRASAL.sub(lambda m: _phrasal_noun(m, named), phrase)
    words = [w for w in tokens(phrase) if w not in _FILLER] or tokens(phrase)
    if len(words) > 1 and words[0] in _LEAD_VERBS:
        # "giving students a personal tutor", "working extra hours": the variable follows the verb
        words = words[1:]
    if (
        len(words) > 1
        and words[-1] in _CHANGE_NOUNS
        and all(word_similarity(words[-1], t) < 0.75 for t in named)
    ):
        # "the BP drop", "the cost increase": the change of a variable is read as the variable
        # (not a word of a name: "calls drop" for `dropped_call_pct`)
        words = words[:-1]
    if (
        len(words) > 1
        and words[-1] in _COUNT_NOUNS
        and all(word_similarity(words[-1], t) < 0.75 for t in named)
    ):
        # "hypoglycaemia counts" for `hypo_events`: the tally word stands for the name's word
        # for what is counted (events, episodes), so only a column that has one is read so
        tallied = match_column(" ".join(words[:-1]), cols)
        if tallied.column and set(tokens(tallied.column)) & _TALLIED:
            return ColumnMatch(phrase, tallied.column, tallied.candidates, tallied.how)
    if not words or not cols:
        return ColumnMatch(phrase)
    words = _without_entity(_per_visit(words, tokens(phrase), named), cols)
    units = [_UNIT_WORDS.get(_singular(w)) for w in words if w != "per"]
    if units and all(units):
        # "tonnes per hectare" names the column measured in them ("yield_t_ha")
        found = [c for c in cols if set(units) <= set(tokens(c))]
        if len(found) == 1:
            return ColumnMatch(phrase, found[0], found, "units")
    said = {w for w in words if w in _UNITS and w != "id"}
    if len(said) >= 2:
        # "n kg/ha": two units as a column writes them name the one column measured in them
        found = [c for c in cols if said <= set(tokens(c))]
        if len(found) == 1:
            return ColumnMatch(phrase, found[0], found, "units")

    def decide(found: list[str], how: str) -> ColumnMatch | None:
        found = list(dict.fromkeys(found))
        if len(found) == 1:
            return ColumnMatch(phrase, found[0], found, how)
        if len(found) > 1:
            return ColumnMatch(phrase, None, found, how)
        return None

    # 1. the whole phrase equals a name (ignoring case, spaces, underscores)
    for key in (norm(phrase), "".join(words)):
        m = decide([c for c in cols if norm(c) == key], "exact")
        if m:
            # Exact equal names that differ only in case are a real tie: ask.
            return m
    # ... or a name without its unit ("on time" for ontime_pct, "head way" for headway_min)
    key = norm(phrase)
    m = decide(
        [
            c
            for c in cols
            if "".join(w for w in tokens(c) if w not in _UNSAID_IN_SCORE or w == "id") == key
        ],
        "exact",
    )
    if m:
        return m
    # ... or the initials of a name of two words or more ("PT" for personalTrainer, "ssw" for
    # sessions_per_week), units left out or kept
    # (only a group of letters that is no word: without a vowel, or typed in capitals)
    if (
        len(words) == 1
        and 2 <= len(words[0]) <= 4
        and words[0].isalpha()
        and (not re.search("[aeiou]", words[0]) or re.search(rf"\b{words[0].upper()}\b", phrase))
    ):
        m = decide([c for c in cols if words[0] in _initials(c)], "initials")
        if m:
            return m
    # 2. the same after singularising every word
    sing = "".join(_singular(w) for w in words)
    m = decide([c for c in cols if "".join(_singular(w) for w in tokens(c)) == sing], "plural")
    if m:
        return m
    # 3. every word of a column name appears in the phrase (the phrase adds words): longest wins
    pw = {_singular(w) for w in words}
    scored = []
    for c in cols:
        # a unit need not be said: "fare" names fare_eur (and not fare_rev_keur)
        cw = {_singular(w) for w in tokens(c) if w not in _UNITS or w == "id" or w in pw}
        if cw and cw <= pw:
            scored.append((len(cw), c))
    if scored:
        best = max(s for s, _ in scored)
        m = decide([c for s, c in scored if s == best], "words")
        head = _HEAD_OF.match(phrase.strip().lower())
        if m and m.column and head and head.group("head") not in _NOT_HEADS:
            # "the eligibility for the tax credit": a column the head noun names (`eitc_elig`)
            # rather than one only its complement names (`credit_usd`)
            h = head.group("head")
            own = [c for c in cols if max(word_similarity(h, t) for t in tokens(c)) >= 0.85]
            if (
                len(own) == 1
                and own[0] != m.column
                and max(word_similarity(h, t) for t in tokens(m.column)) < 0.85
            ):
                return ColumnMatch(phrase, own[0], own, "similar")
        if m and m.column and len(pw) > best:
            # the phrase adds words: a column that all of them name, by abbreviation or
            # near-synonym, fits better ("injured before" is `prev_inj`, not `injured`)
            rival = max(cols, key=lambda c: word_score(words, c))
            if rival != m.column and word_score(words, rival) >= word_score(words, m.column) + 0.1:
                return ColumnMatch(phrase, rival, [rival], "similar")
        if m:
            return m
    # 4. every word of the phrase appears in a column name (the name adds words); a name that
    # has them only after "to" or "per" is a ratio to them ("income" is not debt_to_income)
    found = [c for c in cols if pw <= {_singular(w) for w in tokens(c)}]
    if len(found) > 1:
        own = [c for c in found if not pw <= _denominator(c)]
        found = own or found
    if len(found) == 1 and len(words) == 1:
        # "events" alone, with hypo_events and adverse_evt: a name that abbreviates the word
        # fits as well as the one that spells it, so both are candidates
        found += [
            c
            for c in cols
            if c not in found
            and any(t != words[0] and is_abbreviation(t, words[0]) for t in tokens(c))
        ]
    if (
        len(found) == 1
        and len(words) == 1
        and _singular(tokens(found[0])[0]) != _singular(words[0])
    ):
        # "the trips" with `avg_trip_min` and `rides_per_day`: a name that says the word only
        # as a modifier (the length of trips) fits no better than one whose head word is its
        # near-synonym (the rides), so both are candidates
        from copilot.agents.lexicon import NEAR_NOUNS

        w = _singular(words[0])
        syn = {_singular(s) for g in NEAR_NOUNS if w in g for s in g} - {w}
        found += [c for c in cols if c not in found and _singular(tokens(c)[0]) in syn]
    if len(found) > 1:
        # "onboarding" between `completed_onboarding_program` and `onboarding_invite_sent`: the
        # name whose other words only say that the thing was taken part in (a programme, done,
        # a flag) is the thing itself; the other adds a thing of its own (the invitation)
        bare = [c for c in found if {_singular(w) for w in tokens(c)} - pw <= _PARTAKING]
        if len(bare) == 1:
            return ColumnMatch(phrase, bare[0], found, "subset")
    m = decide(found, "subset")
    if m:
        return m
    # 5. word by word against every column: inflections, near-synonyms and typos count as
    # partial matches; the best score wins, close scores are a tie to ask about
    total = bool(set(words) & _TOTAL) and bool(set(words) - _TOTAL)
    if total:
        words = [w for w in words if w not in _TOTAL]  # "total" is no word of a name
    scored = sorted(((word_score(words, c), c) for c in cols), reverse=True)
    if total:
        # "total kWh" is not a rate per unit ("kwh_per_sqft") when a total is there too
        scored = sorted(
            ((sc * (0.8 if set(tokens(c)) & _RATE else 1.0), c) for sc, c in scored), reverse=True
        )
    # ... and, as in step 4, a ratio named only by the words after its "to" or "per" is not
    # what they name ("earn more" says income, not debt_to_income)
    scored = sorted(((sc * _denominator_only(words, c, sc), c) for sc, c in scored), reverse=True)
    # 6. typos in a name written as one word: similarity of the normalised names
    key = "".join(words)
    for i, (sc, c) in enumerate(scored):
        if re.search(r"\d", norm(c)) and not re.search(r"\d", key):
            continue  # a digit is no typo of a letter ("cost" is no `co2_t`)
        ratio = _ratio(key, norm(c))
        if ratio >= 0.75:
            scored[i] = (max(sc, ratio), c)
    scored.sort(reverse=True)
    if (
        scored
        and scored[0][0] >= MIN_SCORE
        and len(words) > 1
        and not _PREPOSITION.search(phrase)
        and not re.search(r"(?:ed|ing)$", words[-1])  # "NPS dropped": a clause, not a noun phrase
    ):
        # "floor area" is an area: the last word of a noun phrase is its head, so a column named
        # by the head beats one named only by a modifier (n_floors) unless that scores clearly
        # better
        def has_head(c: str) -> bool:
            return any(_singular(words[-1]) == _singular(t) for t in tokens(c))

        top = scored[0][0]
        if not has_head(scored[0][1]):
            heads = [(sc, c) for sc, c in scored if sc >= top - 0.1 and has_head(c)]
            if len(heads) == 1:
                return ColumnMatch(phrase, heads[0][1], [heads[0][1]], "similar")
    if len(words) == 1 and scored and scored[0][0] >= MIN_SCORE:
        # "events" with `N_AE` (adverse events) and `CV_EVT_12M`: a word that two names write
        # only by a code or an abbreviation (none spells it) names both as well
        near = {c: max(word_similarity(words[0], t) for t in tokens(c)) for c in cols}
        if max(near.values()) == 0.85:
            found = [c for c in cols if near[c] == 0.85]
            if len(found) > 1:
                return ColumnMatch(phrase, None, found, "abbreviation")
        if max(near.values()) == 0.8:
            # ... and so does a word that names the same word of two names by a near-synonym
            # ("energy" with `kwh_per_sqft` and `kwh_used_k`): the rest of each name says which
            # (a ratio to the word is not what it names: "earn" is not `debt_to_income`)
            top = scored[0][0]
            shared = [
                c
                for sc, c in scored
                if near[c] == 0.8
                and sc >= top - 0.1
                and not any(word_similarity(words[0], t) == 0.8 for t in _denominator(c))
            ]
            said = {t for c in shared for t in tokens(c) if word_similarity(words[0], t) == 0.8}
            if len(shared) > 1 and len(said) == 1:
                return ColumnMatch(phrase, None, shared, "synonym")
    if scored and scored[0][0] >= MIN_SCORE:
        best = scored[0][0]
        tied = [c for r, c in scored if r >= best - TIE]
        if len(tied) > 1:
            # "the device arm": the last word of a noun phrase is its head; a tie between
            # rand_arm and device_used goes to the column that names the head
            head = [c for c in tied if any(word_similarity(words[-1], t) >= 0.9 for t in tokens(c))]
            if not head:
                # ... or names it by a near-synonym ("lactation yield": the yield is the milk,
                # the lactation a modifier, between milk_L_d and parity)
                head = [
                    c for c in tied if any(word_similarity(words[-1], t) >= 0.8 for t in tokens(c))
                ]
            if len(head) == 1 and len(words) > 1:
                return ColumnMatch(phrase, head[0], tied, "similar")
        return decide(tied, "similar") or ColumnMatch(phrase)
    # 7. a phrase with a prepositional part ("grinding more in training", "hours of sleep at
    # night"): the part after a preposition, then the part before it, each matched alone
    parts = [p for p in _PREPOSITION.split(phrase) if p.strip()]
    if len(parts) > 1:
        for part in [*reversed(parts[1:]), parts[0]]:
            m = match_column(part, cols)
            if m.column or m.ambiguous:
                return ColumnMatch(phrase, m.column, m.candidates, m.how + "+part")
    return ColumnMatch(phrase)


#: Words of what a firm spends money on, not what its customers spend ("ad spend").
_FIRM_SPENDING = frozenset(
    "ad ads advert adverts advertising marketing media campaign campaigns promo promotion "
    "promotional sponsorship".split()
)


def _per_visit(words: list[str], said: list[str], named: set[str]) -> list[str]:
    """The phrase's words with a rate's denominator that no name writes ("spend per visit",
    "paid per trip", "spending per customer") read as what it says: an amount per visit is a
    basket (`basket_eur`), and the visits themselves (`footfall`) are not what is measured.
    `said` are all the phrase's words, `words` those kept for matching."""
    from copilot.agents.lexicon import PER_VISIT_UNITS

    at = [i for i, w in enumerate(said[:-1]) if w == "per" and i > 0]
    spend = {"spend", "spends", "spending", "spent"}
    if not at and set(words) & spend and not set(said) & _FIRM_SPENDING:
        # "customer spend", "how much each shopper spends": what one of them spends is the same
        # basket ("spend per customer"), not what the firm spends on ads (`AdSpend`)
        own = {_singular(n) for n in named}
        units = [w for w in said if _singular(w) in PER_VISIT_UNITS and _singular(w) not in own]
        if units:
            return [
                *(w for w in words if w not in spend and _singular(w) not in PER_VISIT_UNITS),
                "basket",
            ]
    if not at or "per" not in words:
        return words
    unit = _singular(said[at[0] + 1])
    if unit not in PER_VISIT_UNITS or unit in {_singular(n) for n in named}:
        return words  # "rides per day", a name's own "per", keeps its words
    i = words.index("per")
    rest = words[i + 1 :]
    if rest and _singular(rest[0]) == unit:
        rest = rest[1:]
    return [*words[:i], "basket", *rest]


def _initials(column: str) -> set[str]:
    """The initials a name of two words or more is abbreviated by, with and without its units."""
    cw = tokens(column)
    if len(cw) < 2:
        return set()
    out = {"".join(w[0] for w in cw)}
    kept = [w for w in cw if w not in _UNITS]
    if len(kept) >= 2:
        out.add("".join(w[0] for w in kept))
    return out


def _denominator_only(words: Sequence[str], column: str, score: float) -> float:
    """0.8 when `column` is a ratio whose words before "to" or "per" `words` do not name
    (`debt_to_income` for "earn"), else 1."""
    names = tokens(column)
    cut = next((i for i, w in enumerate(names) if w in ("to", "per")), None)
    if cut is None or cut == 0 or score <= 0:
        return 1.0
    return 0.8 if word_score(words, "_".join(names[:cut])) < 0.25 else 1.0


def _denominator(column: str) -> set[str]:
    """The words of a ratio's name after its "to" or "per" (`debt_to_income`: income)."""
    words = tokens(column)
    cut = next((i for i, w in enumerate(words) if w in ("to", "per")), None)
    return {_singular(w) for w in words[cut + 1 :]} if cut is not None else set()


def names_entity(phrase: str, cols: Sequence[str]) -> bool:
    """Whether `phrase` only names the rows' entity ("among households" of a table keyed by
    `hh_id`): no subgroup, no variable."""
    words = [w for w in tokens(phrase) if w not in _FILLER] or tokens(phrase)
    entity = {w for c in cols if (ct := tokens(c))[-1:] == ["id"] and len(ct) > 1 for w in ct[:-1]}
    return bool(words) and all(
        any(word_similarity(w, e) >= 0.85 or is_abbreviation(e, w) for e in entity) for w in words
    )


#: Adjectives that make the rows' entity a group of them ("older subscribers", "new customers").
_GROUP_ADJECTIVES = frozenset(
    "older younger old young new newer bigger smaller larger richer poorer heavier lighter "
    "longer shorter busier senior junior".split()
)


#: Words for the setting the rows come from, which qualify a variable as the rows' entity does
#: ("the study drug", "trial participants"), unless a measured column has them (`trial_offer`).
_SETTING = frozenset({"study", "trial"})


def _without_entity(words: list[str], cols: Sequence[str]) -> list[str]:
    """The phrase without a word for the rows' entity when it only qualifies another word:
    "building size" is the size of each building (`bldg_id` names the entity), "patient age"
    the age; the word stays when a measured column has it ("loan amount": `LoanAmount_k`)."""
    if len(words) < 2 or "id" in words or set(words) & _GROUP_ADJECTIVES:
        return words  # "older subscribers" are a group of rows, not a variable of each
    entity = {w for c in cols if (ct := tokens(c))[-1:] == ["id"] and len(ct) > 1 for w in ct[:-1]}
    entity |= _SETTING
    measured = {w for c in cols if tokens(c)[-1:] != ["id"] for w in tokens(c)}
    kept = [
        w
        for w in words
        if not any(word_similarity(w, e) >= 0.85 for e in entity)
        or any(word_similarity(w, m) >= 0.85 for m in measured)
    ]
    return kept or words


#: Words of a name that only say a thing was taken part in or had ("completed_onboarding_program",
#: "used_app_flag", "is_member", "took_course_yn").
_PARTAKING = frozenset(
    "program programme scheme completed complete completion received attended enrolled "
    "participated participation took taken done finished flag status indicator yn used had has "
    "is was did got".split()
)
#: Nouns for a change of a variable, which end a phrase about it ("the BP drop").
_CHANGE_NOUNS = frozenset(
    "drop drops reduction reductions decline declines fall falls rise rises increase increases "
    "decrease decreases improvement improvements change changes jump jumps dip dips".split()
)
#: Nouns for how a variable is tallied, which end a phrase about it ("hypoglycaemia counts",
#: "the complaint tally"): a column of counts need not say so in its name.
_COUNT_NOUNS = frozenset("count counts tally tallies frequency frequencies totals".split())
#: Words of a column name for what is counted.
_TALLIED = frozenset("events evts evt episodes incidents occurrences cases".split())
#: A verb (inflected: "dropping", "dropped", "signs") and its particle.
_PHRASAL = re.compile(r"\b([a-z]{2,})[\s-]+(out|up|off|over|in)\b", re.I)


def _phrasal_noun(m: re.Match[str], named: set[str]) -> str:
    """The noun a verb and its particle make ("dropping out" -> "dropout") when a column name has
    it or a word of the lexicon that names a word of a column name; else the words as they were."""
    verb, particle = m.group(1).lower(), m.group(2).lower()
    roots = {verb}
    for end in ("ing", "ed", "s"):
        if verb.endswith(end) and len(verb) - len(end) >= 2:
            root = verb[: -len(end)]
            roots |= {root, root + "e"}
            if len(root) >= 3 and root[-1] == root[-2]:
                roots.add(root[:-1])  # "dropping" -> "drop"
    for root in roots:
        noun = root + particle
        if noun in named or (noun in _SYN and any(word_similarity(noun, t) >= 0.8 for t in named)):
            return noun
    return m.group(0)


_PREPOSITION = re.compile(r"\s+(?:in|of|at|during|for|with|from|among|between|on)\s+", re.I)


#: Words that ask for a total, and name words that make a column a rate or a share.
_TOTAL = {"total", "overall", "absolute", "aggregate"}
_RATE = {"per", "rate", "pct", "ratio", "share"}
#: Lowest word score that names a column, and the margin within which two columns tie.
MIN_SCORE = 0.45
TIE = 0.03


_SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ers", "er", "ed", "es", "s", "ly")


@lru_cache(maxsize=65536)
def _stem(w: str) -> str:
    for suf in _SUFFIXES:
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


_ROOT_SUFFIXES = re.compile(r"(?:ations?|ated|ates|ating|ate|ions?|ings?|ers?|ed|es|s|ly|ity)$")


def _root(w: str) -> str:
    """A word without its inflection or derivation ending ('irrigated' -> 'irrig')."""
    r = _ROOT_SUFFIXES.sub("", w)
    return r if len(r) >= 3 else w


@lru_cache(maxsize=1 << 18)
def _stem_equal(a: str, b: str) -> bool:
    """Inflections of one word: 'readmission' ~ 'readmitted', 'passing' ~ 'passed'."""
    if _singular(a) == _singular(b) or _stem(a) == _stem(b):
        return True
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 5 and n >= 0.6 * min(len(a), len(b))


def _synonyms() -> dict[str, set[str]]:
    from copilot.agents.lexicon import SYNONYMS

    out: dict[str, set[str]] = {}
    for group in SYNONYMS:
        for w in group:
            out.setdefault(w, set()).update(group)
    return out


_SYN = _synonyms()


@lru_cache(maxsize=8192)
def _inflected_synonyms(word: str) -> frozenset[str]:
    """The synonyms of the lexicon words that `word` inflects ("cancelling" -> cancel's group)."""
    if word in _SYN or _singular(word) in _SYN:
        return frozenset()
    out: set[str] = set()
    for w, group in _SYN.items():
        n = len(os.path.commonprefix([w, word]))
        if len(w) >= 6 and n >= 6 and n >= 0.6 * min(len(w), len(word)):
            out |= group  # a long shared stem only: "yearly" is no inflection of "years"
    return frozenset(out)


@lru_cache(maxsize=65536)
def word_similarity(a: str, b: str) -> float:
    """How well phrase word `a` names column word `b`: 1 same, 0.9 inflection, 0.85 an
    abbreviation ("fert" for "fertilizer"), 0.8 synonym, 0.75 a typo, else 0."""
    if a == b or _singular(a) == _singular(b):
        return 1.0
    if a.isdigit() or b.isdigit():
        return 0.0
    from copilot.agents.lexicon import SHORTHAND

    for short, word in ((a, b), (b, a)):
        if (
            short in SHORTHAND
            and word not in SHORTHAND
            and word_similarity(SHORTHAND[short], word) >= 0.9
        ):
            return 0.85  # analysts' shorthand: "rev" for revenue, "px" for price
    if 2 <= len(b) <= 3 and a == b + "s" and b.isalpha():
        return 0.9  # a short code in the plural: "AEs", "KPIs"
    code = _code_similarity(a, b)
    if code:
        return code
    if _UNIT_WORDS.get(_singular(a)) == b or _UNIT_WORDS.get(_singular(b)) == a:
        return 0.85  # a unit said in words: "months" for "mo", "euros" for "eur" (an abbreviation)
    if _stem_equal(a, b) or _inflects(a, b) or _inflects(b, a):
        return 0.9
    if (len(b) >= 3 and a.startswith(b)) or (len(a) >= 4 and b.startswith(a)):
        return 0.85
    # a unit abbreviates only its own name: "ms" (milliseconds) is no abbreviation of "miss"
    unit_clash = _unit_mismatch(a, b)
    if not unit_clash and (_abbreviates(b, a) or _abbreviates(a, b)):
        return 0.85  # "yr" for "year", "evt" for "events": the consonants kept in order
    if len(a) >= 3 and re.search(r"\d", a) and re.search(r"[a-z]", a) and b.endswith(a):
        return 0.85  # a code said without its prefix: "A1c" for "HbA1c"
    if len(a) >= 4 and len(b) >= len(a) + 2 and b.endswith(a):
        return 0.75  # the last part of a joined word: "time" of "runtime" as of "ontime"
    if b in _SYN.get(a, ()) or _singular(b) in _SYN.get(_singular(a), ()):
        return 0.8
    if _singular(a) in _DURATION_WORDS and b in _DURATION_UNITS:
        return 0.8  # a duration said as such: "length" for "min" (a name measured in minutes)
    if len(a) >= 6 and (b in _inflected_synonyms(a) or _singular(b) in _inflected_synonyms(a)):
        return 0.8  # an inflection of a synonym: "cancelling" ~ cancel ~ churn
    if not unit_clash and is_abbreviation(b, a):
        return 0.85  # "hrs" for "hours", "wk" for "weekly", "pct" for "percent"
    if len(a) >= 4 and not unit_clash and is_abbreviation(a, b):
        return 0.85  # the phrase abbreviates: "dept" for "department", "mgmt" for "management"
    group = _SYN.get(_singular(a)) or (_inflected_synonyms(a) if len(a) >= 6 else ())
    if len(b) >= 5 and any(_stem(b) == _stem(s) for s in group):
        return 0.8  # a synonym's inflection: "cancel" ~ churn ~ "churned"
    if min(len(a), len(b)) >= 4:
        ratio = _ratio(a, b)
        if ratio >= 0.8 or (min(len(a), len(b)) >= 6 and ratio >= 0.7 and a[:2] == b[:2]):
            return 0.75
        # a typo in an inflected word ("irigation" for "irrigated"): compare the roots
        ra, rb = _root(a), _root(b)
        if min(len(a), len(b)) >= 5 and max(len(a), len(b)) >= 6 and ra[0] == rb[0]:
            if _ratio(ra, rb) >= 0.8:
                return 0.75
    return 0.0


def _code_similarity(a: str, b: str) -> float:
    """0.85 when one word is a field's code (see `copilot.agents.lexicon.CODES`) and the other
    one of the words it stands for or their inflection ("events" for `ae`, "treatment" for
    `tx`); 0.8 for a near-synonym of such a word ("drug" for `tx`); else 0."""
    from copilot.agents.lexicon import CODES

    best = 0.0
    if a in CODES and b in CODES and a != b and set(CODES[a]) < set(CODES[b]):
        return 0.85  # "BP" for `sbp` (systolic blood pressure)
    for code, word in ((b, a), (a, b)):
        meant = CODES.get(code)
        if not meant or word in CODES or len(word) < 3:
            continue
        for m in meant:
            sim = word_similarity(word, m)
            if sim >= 0.9:
                best = max(best, 0.85)
            elif (
                sim >= 0.8
                and code is b
                and (m in _SYN.get(word, ()) or m in _SYN.get(_singular(word), ()))
            ):
                best = max(best, 0.8)
    return best


def _unit_mismatch(a: str, b: str) -> bool:
    """Whether one word is a unit of a column name and the other is not that unit said in words:
    a unit abbreviates only its own name ("ms" is not "miss", "kg" is not "king")."""
    for short, word in ((a, b), (b, a)):
        if short in _UNITS and len(word) > len(short) and short not in word:
            return _UNIT_WORDS.get(_singular(word)) != short
    return False


#: Short words of their own that are never read as an abbreviation of a longer one.
_SMALL_WORDS = frozenset(
    "in on at by to of or an as is it if no so up we us my me do be go per via vs not nor yet "
    "all any few".split()
)


def _inflects(short: str, long: str) -> bool:
    """A short word and its inflection: "use" ~ "used", "fee" ~ "fees"."""
    return len(short) >= 3 and long in (short + "d", short + "s", short + "ed", short + "ing")


def _abbreviates(short: str, word: str) -> bool:
    """Whether `short` is a vowel-less abbreviation of `word` ("yr" of "year", "bldg" of
    "building"): same first letter, its other letters consonants found in `word` in order."""
    if len(short) < 2 or len(word) < len(short) + 2 or short[0] != word[0] or not short.isalpha():
        return False
    if short in _FILLER or short in _SMALL_WORDS:
        return False  # "in" is a word, not an abbreviation of "income"
    if set(short[1:]) & set("aeiou"):
        return False
    it = iter(word)
    return all(ch in it for ch in short)


_VOWELS = frozenset("aeiou")


def is_abbreviation(short: str, word: str) -> bool:
    """`short` abbreviates `word` by dropping letters, mostly vowels: "hrs" hours, "wk" week(ly)
    or worked, "yrs" years, "pct" percent, "mins" minutes, "qty" quantity. Same first letter,
    the rest in order, a vowel kept only in a name word of four letters or more, and the word
    longer by two letters at least and three times at most."""
    if not (2 <= len(short) <= 5 and short.isalpha() and word.isalpha()):
        return False
    if short[0] != word[0] or len(word) < len(short) + 2:
        return False
    vowels = sum(ch in _VOWELS for ch in short[1:])
    if vowels > (1 if len(short) >= 4 else 0):
        return False  # "min" is no abbreviation of "misleading"; "mins" of "minutes" is
    if vowels and not word.startswith(short[:-1]):
        return False  # a word with a vowel kept cuts the end off: "mins", "educ", not "call"
    if len(word) > 3 * len(short):
        return False
    rest = iter(word[1:])
    return all(ch in rest for ch in short[1:])


def word_score(words: Sequence[str], column: str) -> float:
    """How well the phrase's words name `column`: the mean over the column's words of their best
    match, and over the phrase's words of theirs (a column needs every word covered to score 1)."""
    # units need not be said ("rainfall" names rainfall_mm), but one the phrase does say (or a
    # word for it: "energy" for kwh) counts like any other word of the name
    cw = [
        w
        for w in tokens(column)
        if w not in _FILLER
        and w != "per"
        and (w not in _UNSAID_IN_SCORE or any(word_similarity(p, w) >= 0.8 for p in words))
    ] or tokens(column)
    if not cw or not words:
        return 0.0
    words = _acronym_tails(words, column, cw)
    best = _word_score(words, cw)
    if len(cw) > 1:
        # a name of joined words ("OverTime") may be one word to the speaker ("overtime")
        # (only the word itself or a near-synonym counts: "machines" is no "machineage")
        best = max(best, _word_score(words, ["".join(cw)], _joined_similarity))
    joined = _compounds(words, cw)
    return max(best, _word_score(joined, cw)) if joined != list(words) else best


@lru_cache(maxsize=4096)
def _column_acronyms(column: str) -> tuple[str, ...]:
    from copilot.agents.column_phrases import acronyms

    return tuple(acronyms([column]))


def _acronym_tails(words: Sequence[str], column: str, cw: Sequence[str]) -> list[str]:
    """The phrase with a word read as an acronym the name writes in capitals when the acronym
    after its first letter opens the word: "satisfaction" for `CSAT` (customer satisfaction),
    the qualifier left unsaid as in "handle time" for `AHT` (see
    `copilot.agents.column_phrases.acronyms`)."""
    caps = [a for a in _column_acronyms(column) if a in cw]
    if not caps:
        return list(words)
    out = list(words)
    for a in caps:
        # "handle time", "average handle time": the initials of a run, the first one unsaid
        for k in (len(a), len(a) - 1):
            for i in range(len(out) - k + 1):
                if k >= 2 and "".join(w[0] for w in out[i : i + k]) == a[len(a) - k :]:
                    out[i : i + k] = [a]
                    break
    return [
        next((a for a in caps if len(a) >= 4 and w.startswith(a[1:]) and w != a), w) for w in out
    ]


def _compounds(words: Sequence[str], cw: Sequence[str]) -> list[str]:
    """The phrase with two adjacent words read as one where a name writes them as one word:
    "running time" for `runtime_min`, "head way" for `headway` (the first word may be
    inflected: its start, three letters at least, opens the name's word)."""
    out = list(words)
    i = 0
    while i < len(out) - 1:
        a, b = out[i], out[i + 1]
        hit = next(
            (
                c
                for c in cw
                if len(c) > len(b)
                and c.endswith(b)
                and (c == a + b or (len(c) - len(b) >= 3 and a.startswith(c[: -len(b)])))
            ),
            None,
        )
        if hit:
            out[i : i + 2] = [hit]
        i += 1
    return out


def _joined_similarity(a: str, b: str) -> float:
    if a == b or _singular(a) == _singular(b):
        return 1.0
    return 0.8 if b in _SYN.get(a, ()) or _singular(b) in _SYN.get(_singular(a), ()) else 0.0


def _word_score(
    words: Sequence[str], cw: Sequence[str], similarity: Callable[[str, str], float] | None = None
) -> float:
    word_similarity_ = similarity or word_similarity
    sims = [[word_similarity_(p, c) for c in cw] for p in words]
    if max(max(row) for row in sims) < 0.75:
        return 0.0
    col_cov = sum(max(sims[i][j] for i in range(len(words))) for j in range(len(cw))) / len(cw)
    phr_cov = sum(max(row) for row in sims) / len(words)
    return 0.4 * col_cov + 0.6 * phr_cov


def mentioned_columns(text: str, columns: Sequence[str]) -> list[str]:
    """Columns whose name appears in `text` as whole words, in order of appearance."""
    words = [_singular(w) for w in tokens(text)]
    joined = " " + " ".join(words) + " "
    hits: list[tuple[int, int, str]] = []
    for c in columns:
        cw = [_singular(w) for w in tokens(c)]
        if not cw:
            continue
        pos = joined.find(" " + " ".join(cw) + " ")
        if pos < 0 and len(cw) > 1:
            pos = joined.find(" " + "".join(cw) + " ")
        if pos >= 0:
            hits.append((pos, -len(cw), c))
    hits.sort()
    out: list[str] = []
    covered: list[tuple[int, int]] = []
    for pos, _neg_len, c in hits:
        end = pos + len(" ".join(tokens(c)))
        if any(a <= pos < b for a, b in covered):
            continue
        covered.append((pos, end))
        out.append(c)
    return out


#: Units of time that names add to a variable ("veh_age_yrs", "sleep_hrs"): a phrase need not
#: say them to name the whole variable.
_TIME_UNITS = frozenset(
    "yrs yr years hrs hr hours mins minutes days wk wks weeks mos months secs".split()
)


def _compound_unit(word: str) -> bool:
    """A unit written as two units run together ("kgm2" in `bmi_kgm2`, "kmh")."""
    return any(word[:i] in _UNITS and word[i:] in _UNITS for i in range(1, len(word)))


#: Words that join names typed one after another without a comma ("headway n stops", "age w
#: income"); a name's own word stays part of the name when the split needs it.
_RUN_JOINERS = frozenset({"n", "and", "plus", "w", "also"})


def segment_columns(phrase: str, columns: Sequence[str], exclude: Iterable[str] = ()) -> list[str]:
    """The columns a phrase names when it is several names said one after another without a
    comma ("credit score income", "drvr age veh age prior claims", "headway n stops"): the split
    into the fewest runs of words, each naming one column of its own by its words, its
    abbreviations or near-synonyms; [] when the phrase reads as one name, or no split fits.
    A phrase whose words one column covers is one name ("prior gpa", "the driver's age")."""
    excluded = set(exclude)
    cols = [c for c in columns if c not in excluded]
    words = [w for w in tokens(phrase) if w not in _FILLER or w in _RUN_JOINERS]
    if not 2 <= len(words) <= 10 or not cols:
        return []
    whole = match_column(phrase, cols)
    if whole.column and all(
        w in _RUN_JOINERS or max(word_similarity(w, t) for t in tokens(whole.column)) >= 0.75
        for w in words
    ):
        return []  # every word is a word of the one column's name

    @cache
    def run(i: int, j: int) -> str | None:
        span = words[i:j]
        if span[0] in _RUN_JOINERS or span[-1] in _RUN_JOINERS and len(span) > 1:
            return None
        m = match_column(" ".join(span), cols)
        if not m.column:
            return None
        # each word of the run names a word of the column, by more than a likeness of spelling
        # ("status" is no "state"), and no word is carried along
        if any(max(word_similarity(w, t) for t in tokens(m.column)) < 0.8 for w in span):
            return None
        return m.column

    def full(i: int, j: int, col: str) -> bool:
        """Whether words i..j say every word of the column's name (its units aside)."""
        unsaid = _UNSAID_IN_SCORE | _TIME_UNITS | _FILLER
        own = [t for t in tokens(col) if t not in unsaid and not _compound_unit(t)]
        return all(any(word_similarity(w, t) >= 0.8 for w in words[i:j]) for t in own)

    Runs = list[tuple[int, int, str]]
    best: dict[int, Runs | None] = {len(words): []}
    for i in range(len(words) - 1, -1, -1):
        options: list[Runs] = []
        if words[i] in _RUN_JOINERS and i > 0 and best.get(i + 1):
            options.append(best[i + 1])  # a joining word between two names
        for j in range(i + 1, min(len(words), i + 4) + 1):
            col, rest = run(i, j), best.get(j)
            if col and rest is not None and col not in [c for *_, c in rest]:
                options.append([(i, j, col), *rest])
        # the fewest names, then the most of them said in full
        best[i] = (
            min(options, key=lambda o: (len(o), sum(not full(a, b, c) for a, b, c in o)))
            if options
            else None
        )
    found = best.get(0) or []
    if len(found) < 2:
        return []
    if whole.column and whole.how != "words" and not all(full(i, j, c) for i, j, c in found):
        # one column's name read from all the words by likeness ("floor area" is the gross
        # area, not the floors and the area), unless each run says a whole name of its own
        # ("age bmi base a1c")
        return []
    head = next((k for k, (*_, c) in enumerate(found) if c == whole.column), None)
    if head is not None and not all(full(i, j, c) for i, j, c in found[:head]):
        return []  # "route length": a word before the name that only modifies it
    return [c for *_, c in found]


def suggest(phrase: str, columns: Sequence[str], n: int = 3) -> list[str]:
    """Nearest column names for a phrase that matched nothing."""
    from copilot.errors import nearest_names

    near = nearest_names(phrase, columns, n=n)
    if near:
        return near
    key = "".join(w for w in tokens(phrase) if w not in _FILLER)
    close = set(difflib.get_close_matches(key, [norm(c) for c in columns], n=n, cutoff=0.4))
    return [c for c in columns if norm(c) in close][:n]


#: Units an amount is said in ("60 seconds", "2 km", "6 more months"), and the words of column
#: names measured in each. "d" is left out: in names it is a rate's "per day" (`milk_L_d`).
AMOUNT_UNITS: dict[str, tuple[str, frozenset[str]]] = {
    "sec": (r"seconds?|secs?", frozenset({"sec", "secs", "seconds"})),
    "min": (r"minutes?|mins?", frozenset({"min", "mins", "minutes"})),
    "hour": (r"hours?|hrs?", frozenset({"h", "hr", "hrs", "hours"})),
    "day": (r"days?", frozenset({"day", "days"})),
    "week": (r"weeks?|wks?", frozenset({"wk", "wks", "week", "weeks"})),
    "month": (r"months?", frozenset({"mo", "mos", "month", "months"})),
    "year": (r"years?|yrs?", frozenset({"yr", "yrs", "year", "years"})),
    "km": (r"km|kilomet(?:er|re)s?", frozenset({"km"})),
    "mile": (r"miles?", frozenset({"mi", "mile", "miles"})),
    "kg": (r"kg|kilos?|kilograms?", frozenset({"kg"})),
    "gb": (r"gb|gigs?|gigabytes?", frozenset({"gb"})),
    "eur": (r"euros?|eur", frozenset({"eur"})),
    "usd": (r"dollars?|usd|bucks", frozenset({"usd"})),
    "gbp": (r"pounds?|gbp|quid", frozenset({"gbp"})),
}
#: Units of time: an amount in one converts to a column measured in another.
TIME_AMOUNT_UNITS = frozenset({"sec", "min", "hour", "day", "week", "month", "year"})
_AMOUNT_WORD = {w: u for u, (_, words) in AMOUNT_UNITS.items() for w in words}
_SAID_AMOUNT = re.compile(
    r"(?<![\w.])(?:\d+(?:[.,]\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|twenty|"
    r"thirty|forty|fifty|sixty|ninety|a\s+hundred|half\s+an?)\s*(?:(?:more|extra|fewer|less|additional)\s+)?"
    r"(?:" + "|".join(f"(?P<{u}>{p})" for u, (p, _) in AMOUNT_UNITS.items()) + r")(?!\w)",
    re.I,
)


def own_unit(name: str) -> str | None:
    """The unit a column is measured in, from its name (`len_km` -> "km", `tenureMonths` ->
    "month", `AHT_sec` -> "sec"); None when the name says none. A unit after another unit,
    "per" or "k" is a rate's denominator (`data_gb_mo` is in GB, `steps_k_day` in none)."""
    words = tokens(name)
    for i, w in enumerate(words):
        if w not in _AMOUNT_WORD:
            continue
        before = words[i - 1] if i else ""
        if before in ("per", "k") or before in _UNITS or before in _AMOUNT_WORD:
            continue
        return _AMOUNT_WORD[w]
    return None


def amount_units(text: str) -> list[str]:
    """The units the amounts of a text are said in, in order, once each ("if every call were
    60 seconds shorter" -> ["sec"])."""
    out: list[str] = []
    for m in _SAID_AMOUNT.finditer(text):
        unit = next(u for u, v in m.groupdict().items() if v)
        if unit not in out:
            out.append(unit)
    return out


#: Words of a column name that say how long a unit has been with the organisation (`tenure_mo`,
#: `YearsAtCompany`, `months_since_signup`, `seniority_yrs`).
TENURE_WORDS = frozenset(
    {"tenure", "seniority", "signup", "joined", "joining", "company", "membership", "service"}
)
#: A scenario of staying longer said with a verb ("if customers stayed a year longer", "had every
#: agent been on the job six months longer", "stay 6 months more in the company").
STAY_SCENARIO = re.compile(
    r"\b(?:stay(?:s|ed|ing)?|remain(?:s|ed|ing)?|kept|keep|retain(?:s|ed)?|"
    r"been\s+(?:with\s+(?:us|the\s+\w+)|on\s+the\s+job|here|in\s+the\s+(?:company|firm|job|team))|"
    r"work(?:s|ed)?\s+(?:here|for\s+us))\b",
    re.I,
)
#: An amount of time said with its direction ("6 months more", "a year longer", "two more weeks").
TIME_CHANGE = re.compile(
    r"(?<![\w.])(?P<v>\d+(?:[.,]\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|eighteen|twenty|half\s+an?)\s+(?:(?P<d1>more|extra|additional|fewer|less)\s+)?"
    r"(?P<u>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?|months?|years?|yrs?)"
    r"(?:\s+(?P<d2>more|longer|extra|less|shorter|fewer|earlier|later))?\b",
    re.I,
)
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty": 20,
}  # fmt: skip


def time_change(text: str) -> tuple[float, str] | None:
    """The one amount of time a text changes something by, signed, and its unit ("stayed 6
    months more" -> (6.0, "month"), "half a year shorter" -> (-0.5, "year")); None unless
    exactly one amount of time is said with a direction."""
    found = []
    for m in TIME_CHANGE.finditer(text):
        d = (m.group("d1") or m.group("d2") or "").lower()
        if not d:
            continue
        v = m.group("v").lower()
        value = 0.5 if v.startswith("half") else _SMALL_NUMBERS.get(v) or float(v.replace(",", "."))
        unit = _AMOUNT_WORD.get(m.group("u").lower()) or next(
            u for u, (pat, _) in AMOUNT_UNITS.items() if re.fullmatch(pat, m.group("u"), re.I)
        )
        found.append(
            (-float(value) if d in ("fewer", "less", "shorter", "earlier") else float(value), unit)
        )
    return found[0] if len(found) == 1 else None


def tenure_column(ds: dict, exclude: Sequence[str] = ()) -> str | None:
    """The one numeric column measured in a unit of time whose name says time with the
    organisation (`tenure_mo`, `YearsAtCompany`); None when none or several are."""
    fit = [
        c["name"]
        for c in ds.get("columns") or []
        if c.get("kind") not in ("binary", "id", "categorical")
        and c["name"] not in exclude
        and own_unit(c["name"]) in TIME_AMOUNT_UNITS
        and set(tokens(c["name"])) & TENURE_WORDS
    ]
    return fit[0] if len(fit) == 1 else None


def column_in_unit(unit: str, ds: dict, exclude: Sequence[str] = ()) -> str | None:
    """The one numeric column of `ds` measured in `unit` (its name's own unit); None when none
    or several are."""
    fit = [
        c["name"]
        for c in ds.get("columns") or []
        if c.get("kind") not in ("binary", "id", "categorical")
        and c["name"] not in exclude
        and own_unit(c["name"]) == unit
    ]
    return fit[0] if len(fit) == 1 else None
