"""Yes/no questions that compare groups of rows in everyday words.

"do older players take longer to come back?", "do borrowers who earn more miss fewer payments?",
"do routes with a bus lane run on time more often?", "are yearly-contract customers more
satisfied than monthly ones?": the subject is a group of rows (a plural noun for the table's
units) marked by an attribute, said as an adjective before the noun ("older", "single",
"EITC-eligible"), a relative clause after it ("who earn more", "that get preventive maintenance",
"whose calls drop more often") or a phrase with "with" or "on" ("with a bus lane", "on the new
drug"). That attribute is the cause; the predicate, a verb said with a comparative ("miss fewer
payments", "take longer", "more satisfied"), names the outcome. `as_effect_question` rewrites
such a question as "does <cause> affect <outcome>?" for the intent reader; the column words of
both are matched against the table later, as for any question.

Word lists, not phrasings: the nouns for groups of rows, the comparatives and degree words, the
light verbs that carry no column idea ("have", "take", "end up") and a handful of comparative
adjectives whose noun is what a column is named by ("longer routes" -> length).
"""

from __future__ import annotations

from copilot.agents import patterns as re

_AUX = r"(?:do|does|did|are|is|were|was|will|would|can|could)"

#: Plural nouns people use for the rows of a table (people, units, places, things).
GROUP_NOUNS = frozenset(
    (
        "people persons folks players athletes patients customers clients subscribers users "
        "borrowers applicants households families parents mothers fathers kids children students "
        "learners pupils employees staff workers drivers riders routes buses lines machines "
        "stores shops branches buildings offices plots fields farms cars vehicles policies "
        "policyholders lads men women guys teams sites homes houses members accounts loans "
        "participants subjects respondents ones"
    ).split()
)
#: Nouns for people: dropped from a cause said with an adjective ("older players" -> older),
#: while a thing keeps its noun ("older cars" -> the cars' age).
_PEOPLE = frozenset(
    (
        "people persons folks players athletes patients customers clients subscribers users "
        "borrowers applicants households families employees staff workers drivers riders "
        "students learners pupils lads men women guys members participants subjects "
        "respondents ones"
    ).split()
)

#: Comparatives and degree words: they say how the outcome differs, never which column it is.
COMPARATIVES = frozenset(
    (
        "more less fewer longer shorter sooner quicker faster slower higher lower better worse "
        "bigger smaller greater larger later earlier often oftener harder likely lot much any "
        "most least"
    ).split()
)
#: Adjectives that stand for the noun a column is named with ("longer routes": the length).
_ADJECTIVE_NOUN = {
    "longer": "length",
    "shorter": "length",
    "wider": "width",
    "narrower": "width",
    "taller": "height",
    "deeper": "depth",
}
#: Verbs that say the group gains from something: a subgroup question, not this reading.
_BENEFIT = frozenset(
    "benefit benefits gain gains profit profits help helps respond responds".split()
)
#: Verbs of a relative clause that only say who has the attribute ("who went through X").
_HAVING = frozenset(
    "get gets got have has had went go goes attend attended attends took take takes receive "
    "received receives use used uses join joined joins did do does are were is".split()
)
#: Verbs that say one thing changes another: a word before the group that is one makes the
#: group its object.
_CAUSING = frozenset(
    "raise raises lift lifts boost boosts increase increases reduce reduces cut cuts lower "
    "lowers affect affects change changes improve improves push pushes drive drives keep keeps "
    "bring brings".split()
)
#: Verbs that say money comes in: the money made is revenue ("make more money from fares").
_EARNING = frozenset(
    "make makes made bring brings earn earns generate generates take takes pull pulls".split()
)
#: Words of a predicate that carry no column idea.
_LIGHT = frozenset(
    (
        "a an the their its his her them they to do does did have has had get gets got take "
        "takes took make makes made see sees show shows end ends up tend tends than need needs "
        "of for at also really actually generally usually typically be go goes become becomes"
    ).split()
)
#: Words after "whether" that start no group of rows ("whether it", "whether the effect").
_NOT_SUBJECT = frozenset("it its this that they there we you i the a an every each all no".split())
#: Words ending like a comparative that are none ("whether older players ...").
_NOT_COMPARATIVE = frozenset(
    "whether never other however after under over either neither rather together ever "
    "answer consider remember number order matter power water paper".split()
)
#: A trailing hint that names the outcome: "... than monthly ones? (nps)", "...? yield".
_HINT = re.compile(r"(?:\?\s*;?\s*\(?|\s*\()\s*(?P<hint>[\w .\-]{1,30}?)\s*\)?\s*[?.!]*$")

_WITH = frozenset("with on having getting taking receiving under in".split())

#: Verbs a predicate about the group begins with ("... stand still less", "... quit more").
_PREDICATE_VERBS = frozenset(
    (
        "take takes have has get gets make makes use uses see score scores miss misses work works "
        "quit quits stand stands run runs cost costs earn earns spend spends stay stays come "
        "comes go goes pay pays claim claims ring rings call calls end ends burn burns leave "
        "leaves churn churns default defaults buy buys sleep sleeps produce produces feel feels "
        "tend tends live lives recover recovers return returns sell sells lose loses gain gains "
        "need needs rate rates drop drops fail fails pass passes finish finishes complete "
        "renew renews last lasts break breaks wear wears are is were be become becomes sit sits "
        "file files travel travels drive drives visit visits watch watches post posts"
    ).split()
)
#: "customers whose calls drop more often, do they ring support more?": the group named first.
_NAMED_FIRST = re.compile(
    r"^(?P<np>[\w\- ]+?)\s*[,\-:;]\s*(?P<aux>do|does|did|are|is|were|will|would)\s+"
    r"(?:they|these|those|such\s+\w+)\s+(?P<rest>.+)$",
    re.I,
)


#: "how much more do X earn", "how many fewer hours do single parents work".
_HOW_MUCH_MORE = re.compile(
    r"^how\s+(?:much|many)\s+(?P<cmp>more|less|fewer|longer|shorter|higher|lower|bigger|smaller|"
    r"sooner|later)\s+(?P<what>(?:(?!do\b|does\b|did\b|are\b|is\b)[\w\-]+\s+){0,3})"
    r"(?P<aux>do|does|did|are|is|were|will|would)\s+(?P<rest>.+)$",
    re.I,
)


def _clean(words: list[str]) -> list[str]:
    """`words` without comparatives, degree words and words that carry no column idea."""
    return [w for w in words if w not in COMPARATIVES and w not in _LIGHT]


def _group_noun(word: str, after: list[str]) -> bool:
    """Whether `word` names a group of rows: a noun of GROUP_NOUNS, or any plural followed by a
    relative clause, a with-phrase or a predicate's verb ("older trucks stand idle more")."""
    if word in GROUP_NOUNS or word + "s" in _PEOPLE:
        return True  # (a singular for the group: "heavier patient cost more?")
    plural = re.fullmatch(r"[a-z]{3,}(?<!ss)(?<!us)(?<!is)s", word) is not None
    return (
        plural
        and bool(after)
        and (
            after[0] in ("who", "that", "whose")
            or after[0] in _WITH
            or after[0] in _PREDICATE_VERBS
        )
    )


def _starts_predicate(word: str) -> bool:
    # a verb, or a column's own name that a verb phrase was folded into ("run on time" ->
    # ontime_pct, see `copilot.agents.event_phrases`)
    return word in _PREDICATE_VERBS or "_" in word


def _split_clause(words: list[str]) -> tuple[list[str], list[str]] | None:
    """The likeliest end of a relative clause or a with-phrase, and the predicate after it:
    the clause ends after a comparative or degree word that does not end the question ("earn
    more | miss fewer payments", "watch more of the videos | score higher"), or else before the
    first verb a predicate begins with ("get preventive maintenance | stand still less")."""
    for i, w in enumerate(words[:-1]):
        if w in COMPARATIVES and i > 0:
            j = i + 1
            while j < len(words) - 1 and words[j] in COMPARATIVES | {"a", "lot", "often"}:
                j += 1
            if "likely" in words[i:j]:
                return words[:i], words[i:]  # "more likely to be in work": the predicate's
            if words[j] == "of":  # "more of the videos": the clause goes on
                j += 1
                while j < len(words) - 1 and words[j] not in _PREDICATE_VERBS:
                    j += 1
            if j < len(words) and _starts_predicate(words[j]):
                return words[:j], words[j:]
            break
    for k in range(1, len(words) - 1):
        if not _clean(words[:k]):
            continue  # "with higher | ...": the clause has no word of its own yet
        if _starts_predicate(words[k]) and any(t in COMPARATIVES or "_" in t for t in words[k:]):
            return words[:k], words[k:]
    return None


def _clause_splits(words: list[str]) -> list[tuple[list[str], list[str]]]:
    """Every split of a clause and its predicate, the likeliest (`_split_clause`) first, then
    each later and earlier place whose predicate still says a comparison."""
    out = []
    best = _split_clause(words)
    if best:
        out.append(best)
    for k in range(1, len(words)):
        pair = (words[:k], words[k:])
        if pair != best and _clean(words[:k]) and any(t in COMPARATIVES for t in words[k:]):
            out.append(pair)
    return out


def as_effect_question(q: str) -> str | None:
    """`q` as "does <cause> affect <outcome>?" when it compares a group of rows marked by an
    attribute on an outcome said with a comparative; None for any other question. The first of
    `effect_readings`."""
    return next(iter(effect_readings(q)), None)


def effect_readings(q: str) -> list[str]:
    """The readings of `q` as "does <cause> affect <outcome>?", the likeliest first: where a
    relative clause ends and the predicate begins is tried at every word after the likeliest
    place, and an adjective's noun is added after the adjective alone ("single" and "single
    parents"); the caller keeps the first that names two columns of its table. Empty when `q`
    compares no group of rows."""
    text = q.strip()
    hint = None
    h = _HINT.search(text)
    if h and ("?" in text[: h.start() + 1] or text[h.start() :].lstrip().startswith("(")):
        cand = h.group("hint").strip()
        if cand and len(cand.split()) <= 3 and not re.search(r"\b(?:than|by|for|in)\b", cand):
            hint, text = cand, text[: h.start()].strip() + "?"
    how = _HOW_MUCH_MORE.match(text.rstrip("?!. "))
    if how:
        # "how much more do EITC-eligible households earn?" asks "do ... earn more?"
        what = how.group("what").strip()
        text = f"{how.group('aux')} {how.group('rest')} {how.group('cmp')} {what}".strip()
    first = _NAMED_FIRST.match(text.rstrip("?!. "))
    if first:
        text = f"{first.group('aux')} {first.group('np')} {first.group('rest')}"
    words = [w.lower() for w in re.findall(r"[\w\-]+", text)]
    if len(words) > 3 and words[0] == "whether" and words[1] not in _NOT_SUBJECT:
        # "(help me figure out) whether older members lose less weight": the yes/no question
        # asked indirectly
        words = ["do", *words[1:]]
    if (
        words
        and text.rstrip().endswith("?")
        and re.fullmatch(r"[a-z]{3,}(?:er|ier)", words[0])
        and words[0] not in _NOT_COMPARATIVE
    ):
        words = ["do", *words]  # "heavier patient cost more money?": the auxiliary left out
    if not words or not re.fullmatch(_AUX, words[0]):
        return []
    singular_verb = words[0] in ("does", "is", "was")
    words = words[1:]
    while words and words[0] in ("the", "our", "those", "these", "your", "all"):
        words = words[1:]
    at = next((i for i, w in enumerate(words[:3]) if _group_noun(w, words[i + 1 : i + 2])), None)
    if at is None or at + 1 >= len(words):
        return []
    if any(w in _PREDICATE_VERBS or w in _BENEFIT or w in _CAUSING for w in words[:at]) or (
        singular_verb and words[at] in GROUP_NOUNS
    ):
        # "does the subsidy help single parents more", "does the lane raise riders more for
        # each route kind?": the group is no subject
        return []
    attr, noun, rest = words[:at], words[at], words[at + 1 :]
    if any(
        w
        in ("if", "when", "by", "per", "than", "vs", "versus", "between", "among", "the", "a", "an")
        or w.endswith("ing")
        for w in attr
    ):
        return []  # "does running the lines faster ...": a verb phrase, not a group
    pairs: list[tuple[list[str], list[str]]] = []
    if rest[0] in ("who", "that", "which", "whose") or rest[0] in _WITH:
        if attr:
            return []  # "older players with ..." says two attributes: left to the parser
        for clause, pred in _clause_splits(rest[1:]):
            pairs.append((_clean(_without_clause_verb(clause)), pred))
    elif attr:
        cause = [w for w in attr if w not in ("better", "worse", "more", "less", "well", "badly")]
        cause = [_ADJECTIVE_NOUN.get(w, w) for w in cause]
        if noun not in _PEOPLE and cause in (["older"], ["newer"], ["younger"]):
            cause = [*cause, noun]  # "older cars": the cars' age, not the drivers'
        elif noun not in _PEOPLE and cause and cause[0] in _ADJECTIVE_NOUN.values():
            cause = [noun.rstrip("s"), *cause]  # "longer routes": route length
        pairs.append((cause, rest))
        if cause and noun not in cause:
            pairs.append(([*cause, noun], rest))  # "single parents": the noun is the attribute's
    out = []
    for cause, pred in pairs:
        reading = _reading(cause, pred, hint)
        if reading and reading not in out:
            out.append(reading)
    return out


def _without_clause_verb(clause: list[str]) -> list[str]:
    """A relative clause without the verb that only says who has the attribute ("who went
    through counselling", "that get more rain", "who have a tutor")."""
    if len(clause) > 1 and clause[0] in _HAVING:
        clause = clause[1:]
        while len(clause) > 1 and clause[0] in ("through", "to", "on", "into", "in", "for", "up"):
            clause = clause[1:]
    return clause


def _reading(cause: list[str], pred: list[str], hint: str | None) -> str | None:
    if any(w in _BENEFIT for w in pred) or re.search(
        r"\b(?:more|less)\s+out\s+of\b", " ".join(pred)
    ):
        return None  # "do single parents get more out of the subsidy": the group gains from it
    pred = re.sub(
        r"\b(?:turn|turns|churn|churns|pump|pumps|put|puts)\s+out\b", "", " ".join(pred)
    ).split()
    if not any(w in COMPARATIVES or "_" in w for w in pred):
        return None  # no comparison said: another wording, left to the parser
    if "than" in pred:
        pred = pred[: pred.index("than")]
    if pred and pred[0] in ("cost", "costs"):
        pred = ["cost", *pred[1:]]
        pred = ["cost", *(w for w in pred if w in COMPARATIVES)]  # "cost the hospital more"
    if "money" in pred and any(w in ("cost", "costs", "spend", "spends") for w in pred):
        pred = [
            "cost",
            *(w for w in pred if w in COMPARATIVES),
        ]  # "cost more money to the hospital"
    if "money" in pred and any(w in _EARNING for w in pred):
        # "make more money from fares", "bring in more money": the revenue
        pred = ["revenue" if w == "money" else w for w in pred if w not in _EARNING]
        pred = [w for i, w in enumerate(pred) if not (w == "in" and i == 0)]
    outcome = hint.split() if hint else _clean(pred)
    while outcome and outcome[0] in ("in", "on", "at", "of", "for", "from", "with", "into"):
        outcome = outcome[1:]  # "more likely to be in work": work
    cause = [w.replace("-", " ") for w in cause]
    if not cause or not outcome:
        return None
    return f"does {' '.join(cause)} affect {' '.join(outcome)}?"


#: "when it is windier, does the spot price come down?": a condition said with a comparative
#: adjective names the cause (wind), the question after it the outcome.
_WHEN_MORE = re.compile(
    r"^(?:on\s+days\s+)?(?:when|whenever|if)\s+(?:it\s+is|it's|it\s+gets|it\s+was|things\s+are)\s+"
    r"(?P<adj>[a-z]+(?:ier|er)|[a-z]+_[\w]+)\s*,?\s*(?P<aux>does|do|did|is|are|will|would)\s+(?:the\s+)?"
    r"(?P<y>[\w\- ]+?)\s+(?:come|go|goes|get|gets|tend\s+to\s+(?:come|go))?\s*"
    r"(?P<move>down|up|fall|rise|drop|climb|lower|higher|dip|jump|increase|decrease)\b.*$",
    re.I,
)
#: "per extra degree on the setpoint, how much bigger does the bill get?", "each additional
#: child: how many fewer hours worked per week?": the unit added names the cause.
_PER_EXTRA_FIRST = re.compile(
    r"^(?:per|for\s+(?:each|every|an?)|with\s+(?:each|every|an?)|each|every|one)\s+"
    r"(?:extra|additional|more|added|further)\s+(?P<x>[\w\- ]+?)\s*[,:;\-]+\s*"
    r"how\s+(?:much|many)\s+(?:(?:more|less|fewer|bigger|smaller|higher|lower|longer|shorter)\s+)?"
    r"(?P<y>.+?)\s*[?.!]*$",
    re.I,
)
#: "which plan makes people spend most?", "which channel brings in the most revenue?": the
#: column the levels belong to is the cause, what is most or least the outcome.
_WHICH_MOST = re.compile(
    r"^(?:so\s+|and\s+|but\s+)?which\s+(?P<x>[\w\-]+(?:\s+[\w\-]+)?)\s+(?:of\s+ours\s+)?"
    r"(?:makes?|gets?|brings?(?:\s+in)?|gives?|yields?|drives?|produces?|leads?\s+to|raises?|"
    r"increases?|boosts?|lowers?|reduces?|cuts?|generates?|results?\s+in)\s+"
    r"(?:(?:people|customers|users|clients|members|patients|students|buyers|shoppers|visitors|"
    r"them|us)\s+)?"
    r"(?:(?P<y1>[\w\-]+(?:\s+[\w\-]+)?)\s+(?:the\s+)?(?:most|more|least|less|best|highest|lowest)"
    r"|(?:the\s+)?(?:most|least|highest|lowest|biggest|largest|smallest|best|worst|greatest|"
    r"fewest)\s+(?P<y2>[\w\-]+(?:\s+[\w\-]+)?))\s*[?.!]*$",
    re.I,
)
#: "is irrigation worth more in the south than in the north? yield": a cause worth more in one
#: group than in another, with the outcome said after the question.
_WORTH_MORE = re.compile(
    r"^(?:is|are|was|were)\s+(?P<x>[\w\- ]+?)\s+worth\s+(?:more|less)\s+"
    r"(?P<g>(?:in|for|among|on|at)\s+[\w\- ]+?\s+than\s+(?:in|for|among|on|at)?\s*[\w\- ]+?)\s*[?.!]*$",
    re.I,
)

#: "how much bigger does the bill get per extra degree?": the comparative says the change.
_HOW_MUCH_PER = re.compile(
    r"^how\s+(?:much|many)\s+(?:(?P<c1>bigger|smaller|higher|lower|longer|shorter|more|less|fewer|"
    r"larger|greater|cheaper|dearer)\s+)?(?:does|do|is|are|would|will|did)\s+"
    # (the comparative may follow the verb: "how much does bigger the bill get")
    r"(?(c1)|(?:bigger|smaller|higher|lower|longer|shorter|more|less|fewer|larger|greater)\s+)(?:the\s+)?"
    r"(?P<y>[\w\- ]+?)\s+(?:get|gets|become|becomes|go|goes|grow|grows|turn\s+out)?\s*"
    r"(?P<per>(?:per|for\s+(?:each|every|an?)|with\s+(?:each|every|an?))\s+.+)$",
    re.I,
)

#: "on days with more ad clicks, do more people sign up?": the rows with more of X, then Y.
_UNITS_WITH_MORE = re.compile(
    r"^(?:on|in|at|for)\s+(?:the\s+)?(?:days|weeks|months|hours|shifts|times|sites|places|stores|"
    r"routes|plots)\s+(?:with|when\s+there\s+(?:are|is|were))\s+(?:more|less|fewer|higher|lower|"
    r"bigger|smaller)\s+(?P<x>[\w\- ]+?)\s*,\s*(?:do|does|did|is|are|will)\s+(?:more\s+|fewer\s+|"
    r"less\s+|the\s+)?(?P<y>[\w\- ]+?)(?:\s+(?:more|less|go\s+up|go\s+down|rise|fall))?\s*[?.!]*$",
    re.I,
)
#: "how many more minutes does the trip take for every extra stop?": the unit names the outcome
#: with the thing measured.
_HOW_MANY_UNITS_PER = re.compile(
    r"^how\s+(?:much|many)\s+(?:more|less|fewer|extra)\s+(?P<unit>[a-z]+)\s+(?:does|do|would|will)\s+"
    r"(?:the\s+|a\s+)?(?P<y>[\w\-]+)\s+(?:take|last|cost|need|run)\s+"
    r"(?P<per>(?:per|for\s+(?:each|every|an?)|with\s+(?:each|every|an?))\s+.+)$",
    re.I,
)


def _noun_of(adjective: str) -> str:
    """The noun of a comparative adjective made from it: windier -> wind, rainier -> rain."""
    if adjective.endswith("ier") and len(adjective) > 5:
        return adjective[:-3]
    return adjective


def other_comparison(q: str) -> str | None:
    """A comparison said around a condition, a unit added or a group: "when it is windier, does
    Y come down?", "per extra X, how much bigger is Y?", "is X worth more in A than in B? Y"."""
    text = q.strip()
    m = _WHICH_MOST.match(text)
    if m:
        return f"what is the effect of {m.group('x')} on {m.group('y1') or m.group('y2')}?"
    m = _WHEN_MORE.match(text)
    if m:
        return f"does {_noun_of(m.group('adj').lower())} affect {m.group('y')}?"
    m = _PER_EXTRA_FIRST.match(text)
    if m:
        x = m.group("x")
        if re.fullmatch(r"[a-z]+", x, re.I):
            x = f"number of {x}"  # "each additional child": one more counted (n_kids)
        else:  # "degree on the setpoint", "kg of fertiliser": a unit of the cause
            x = re.sub(r"^[\w\-]+\s+(?:on|of|in)\s+(?:the\s+)?", "", x)
        y = re.sub(
            r"^(?:(?:does|do|did|is|are|would|will)\s+)?(?:the\s+)?|\s+(?:get|gets|go|goes|become|be)$",
            "",
            m.group("y"),
        )
        y = re.sub(r"\s+(?:does|do|did|is|are|would|will)\s+(?:the\s+)?", " ", y).strip()
        return f"what is the effect of {x} on {y}?"
    m = _HOW_MUCH_PER.match(text)
    if m:
        return f"how much does {m.group('y')} change {m.group('per')}"
    m = _UNITS_WITH_MORE.match(text)
    if m:
        y = re.sub(r"^(?:people|customers|users|visitors|folks)\s+", "", m.group("y"))
        return f"does {m.group('x')} affect {y}?"
    m = _HOW_MANY_UNITS_PER.match(text)
    if m:
        # ("for every extra stop on a route": the route is where the stop is, not the cause)
        per = re.sub(
            r"\s+(?:on|in|at|of)\s+(?:a|an|the|each|every)\s+[a-z]+\s*[?.!]*$", "", m.group("per")
        )
        return f"how much does {m.group('unit')} {m.group('y')} change {per}?"
    h = _HINT.search(text)
    if h and "?" in text[: h.start() + 1]:
        m = _WORTH_MORE.match(text[: h.start()].strip() + "?")
        if m:
            return f"does {m.group('x')} help {h.group('hint').strip()} more {m.group('g')}?"
    return None
