"""Reading a question told as a story: an observation, then a short request about it.

Analysts often say what they saw before they say what they want: "Patients who got the new
drug recover faster. My boss thinks that's only because of the severity score. Who's right?",
"The loyalty app bumped up basket sizes. I bet that's mostly the city stores.", "NPS dropped
five points last quarter. What's behind it?". The analysis is in how the sentences combine:

- the *claim* is the first sentence that names two columns (its subject the cause, its
  predicate the effect; a yes/no column said as a group after "in"/"among"/"for" is the cause:
  "readmissions are lower in the drug group"), or one column when the request names the other;
- the sentences after it say which analysis: a doubt ("is that real", "just", "only because",
  "confounded", "selection", "doing the work", "behind that") is a confounding check, with a
  column they name as the suspected common cause; a mechanism ("through", "comes from", "how much
  of that", or another column said with its change: "because they miss fewer payments") is a
  mediation through the column named; a split ("differs", "mostly the city stores", "the same in
  every territory", "who gains most") is the effect by the group column named or whose level is
  named; a question of size or cause ("how big", "by how much", "is X the reason", "is it the
  training load?") is the effect; "why?"/"what's behind it?" after a claim about one column asks
  for its causes.

A sentence that says a change by an amount ("Premiums are going up 10% next year.", "We're
doubling ad spend.") followed by a question about an outcome is read as one conditional question
("if premiums go up 10%, how many more lapses?"), which the what-if reading understands.

`story_reading` writes the question again in the planner's plain form ("is the effect of A on B
confounded by Z?"); the planner tries that reading before the question as said, keeps it only
when it plans, and says how it read the question.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from copilot.agents import patterns as re
from copilot.agents.columns import _ratio, match_column, tokens, word_similarity
from copilot.agents.phrasing import _sentences

#: A doubt about the claim: a confounding check.
_DOUBT = re.compile(
    # ("does the difference survive once Z is accounted for?": whether it holds after adjusting)
    r"\b(?:surviv\w*|"
    r"(?:is|was|are|were)\s+(?:that|this|it|the\s+\w+(?:\s+\w+)?)\s+(?:\w+\s+)?(?:real|true|genuine|"
    r"legit|causal)|(?:real|true|genuine)\s+or\b|misleading|selection|confound\w*|spurious|just|only|"
    r"simply|merely|purely|doing\s+the\s+work|behind\s+(?:that|this|it|the\s+\w+)|who'?s\s+right|"
    # ("is location really driving that?": a third column said to drive the claim)
    r"(?:really|actually|secretly)\s+(?:driving|causing|explaining)\s+(?:that|this|it|the\s+\w+)|"
    r"not\s+convinced|sceptic\w*|skeptic\w*|bias\w*|coincidence|fluke|artefact|artifact|naive|"
    r"raw|crude|unadjusted|or\s+causal|correlation|muddy\w*|distort\w*|skew\w*|inflat\w*|"
    r"overstat\w*|exaggerat\w*|could\s+(?:also\s+)?be\s+(?:the|their|its|that|because)|"
    r"couldn'?t\s+(?:that|this|it)\s+(?:just\s+)?be|real(?:\s+\w+)?\s+or\b|fair|given\s+(?:that\s+)?"
    r"(?:they|their|it)|previous\w*|prior|already|to\s+begin\s+with|in\s+the\s+first\s+place)\b",
    re.I,
)
#: A mechanism: how much of the effect goes through a column.
_MECHANISM = re.compile(
    r"\b(?:through|thru|via|thanks\s+to|comes?\s+from|because|due\s+to|down\s+to|explained\s+by|"
    r"mechanism|pathway|channel|how\s+much\s+of\s+(?:that|this|it|the)|what\s+(?:share|part|"
    r"fraction|proportion)|mostly|mainly|largely|"
    # "is it the higher soil nitrogen that does it?": a change offered as the explanation
    r"is\s+it\s+(?:really\s+|just\s+|mainly\s+|mostly\s+)?(?:the|their|its)\s+(?:extra|more|higher|lower|"
    r"fewer|less|better|worse|bigger|smaller|longer|shorter|added|increased|reduced)\s+[\w\s'\-]+?\s+that)\b",
    re.I,
)
#: A path named outright: how much of the effect goes through or via something.
_PATH = re.compile(
    r"\b(?:goes|going|go|runs?|running|passe?s?|flows?)\s+(?:through|thru|via)\b|\b(?:pathway|channel|"
    r"mediat\w*|indirect\w*)\b",
    re.I,
)
#: Doubt words that as often describe a path ("just by coming more often") as doubt a claim.
_WEAK_DOUBT = re.compile(r"just|only|simply|merely|purely", re.I)
#: "or just chains being different?": the groups said to differ to begin with, a rival
#: explanation of the claim (not a split of the effect by them).
_GROUPS_DIFFER = re.compile(
    r"\bor\s+(?:is\s+it\s+|it's\s+)?(?:just|only|simply|merely)\b[^?.!;]*?\b(?:being|are|is|were|was)\s+"
    r"(?:different|special|not\s+the\s+same)\b(?!\s+(?:for|by|across|among|in|between|depending)\b)",
    re.I,
)
#: A column said with its change ("the lower setpoint", "they miss fewer payments").
_CHANGE = re.compile(
    r"\b(?:lower|higher|fewer|more|less|bigger|smaller|better|worse|reduced|increased|"
    r"improved|shorter|longer|faster|slower|drop|fall|rise)\b",
    re.I,
)
#: A split of the effect by groups.
_SPLIT = re.compile(
    r"\b(?:split|break\w*\s+(?:it\s+|that\s+|this\s+)?down|breakdown|differ\w*|vary|varies|"
    r"same\s+(?:\w+\s+)?(?:in|for|across|everywhere)|(?:gain|benefit|help|profit)\w*\s+(?:the\s+)?"
    r"most|more\s+than\s+others|only\s+(?:really\s+)?(?:matters?|works?|helps?|counts?)|"
    r"mostly\s+(?:the|in|for|on|among)|especially|(?:in|for|across)\s+(?:every|each|all)|which\s+\w+\s+"
    r"(?:gain|benefit)|(?:every|each)\s+\w+|segment\w*|subgroups?)\b",
    re.I,
)
#: A comparison that, with a group named, asks how the effect differs between groups.
_COMPARED = re.compile(
    r"\b(?:most|least|more\s+than|less\s+than|better\s+than|worse\s+than|as\s+well|as\s+much|"
    r"break\w*\s+(?:it|that|this|them)\s+out|respond\w*|(?:bigger|smaller|larger|stronger|weaker|"
    r"higher|lower|better|worse)\s+(?:for|in|among|on|at))\b",
    re.I,
)
#: A question of size or cause about the claim: its effect.
_SIZE = re.compile(
    r"\b(?:how\s+(?:big|much|large|strong|sizeable)|by\s+how\s+much|causal\w*|caus\w+|the\s+reason|"
    r"to\s+blame|responsible|effect|impact|(?:real\s+)?link|make|makes|made|work|works|actually|"
    r"help|helps|helping|keep|keeps|stop|stops|doing\s+(?:that|this|it)|to\s+thank|"
    r"(?:is|was)\s+it\s+(?:really\s+)?(?:the|because\s+of)|the\s+reason)\b",
    re.I,
)
#: A request for the causes of what the claim describes.
_WHY = re.compile(
    r"^(?:(?:so|but|and|ok)\s*,?\s*)?(?:why|how\s+come|what(?:'s|s|\s+is|\s+are)\s+(?:behind|driving|"
    r"causing)\s+(?:it|that|this|them)|what\s+(?:drives|causes)\s+(?:it|that|this|them)|"
    r"what(?:'s|s|\s+is)\s+going\s+on|what\s+happened|what\s+explains\s+(?:it|that|this))\b",
    re.I,
)
#: "is it the X?", "could it be the X?": a cause named for a one-column claim, the whole request.
_IS_IT = re.compile(
    r"^(?:(?:so|but|and)\s*,?\s*)?(?:is|was|could|might)\s+(?:it|that|this)\s+(?:be\s+)?(?:just\s+)?"
    r"(?:the|because\s+of|down\s+to|due\s+to)\s+(?P<x>[\w'\- ]+?)\s*[?.!]*$",
    re.I,
)
#: A pointer to the claim as the cause of what the request names ("it drives customers away").
_CAUSE_POINTER = re.compile(
    r"\b(?:it|that|this|they)\s+(?:will\s+|would\s+|could\s+|might\s+|may\s+|can\s+)?(?:drive|push|cause|"
    r"hurt|affect|make|lead|reduce|raise|cut|lower|increase|keep|stop|send|scare|cost|lose|bring|help|"
    r"improve|worsen|damage|boost)\w*\b",
    re.I,
)
#: Words that say a change by an amount ("up 10%", "by 2 degrees", "doubling", "halves").
_AMOUNT = re.compile(
    r"\d|\bby\s+an?\s+(?!lot\b|bit\b|little\b|mile\b)\w+|\b(?:doubl\w*|halv\w*|half|triple\w*|tripling|twice|(?:a|one)\s+(?:third|quarter|fifth|tenth)|one|two|three|"
    r"four|five|six|seven|eight|nine|ten)\b",
    re.I,
)
_CHANGE_VERB = re.compile(
    r"\b(?:up|down|rais\w*|increas\w*|cut\w*|lower\w*|reduc\w*|doubl\w*|halv\w*|tripl\w*|"
    r"add\w*|more|less|fewer|extra|drop\w*|boost\w*|shift\w*|turn\w*|set\w*|bump\w*|hik\w*|"
    r"trim\w*|go\w*|went|get|gets|give\w*)\b",
    re.I,
)
#: A time phrase or an attribution before the words of a plan or a request.
_LEAD = re.compile(
    r"^(?:(?:next|this|last|from\s+next|starting\s+next)\s+(?:year|quarter|month|week|season|"
    r"winter|summer|spring|autumn|fall)\s*,?\s*)",
    re.I,
)
_ASKED_BY = re.compile(
    r"^(?:(?:the\s+)?\w+(?:\s+\w+)?\s+(?:wants?|needs?|would\s+like|asked|asks)\s+to\s+know\s+)",
    re.I,
)


def _entity(ds: dict[str, Any]) -> set[str]:
    """Words for the rows' entity, from an id column's name (`route_id`: "route")."""
    return {
        w
        for c in ds.get("columns") or []
        if (ct := tokens(c["name"]))[-1:] == ["id"] and len(ct) > 1
        for w in ct[:-1]
    }


#: Short words that are a word of a name ("is" of is_5g, "n" of n_kids) but name nothing alone.
_FUNCTION_WORDS = frozenset("is has n no yes per the a an of to in on at by it".split())


#: Words after the people a sentence is about ("Drivers with ...", "Players who ...").
_RELATIVE = frozenset("with who that on in at using whose without".split())
#: A plural noun for people ("drivers", "employees", "patients").
_PEOPLE = re.compile(r"(?:ers|ees|ants|ents|ists|ians|ors|people|folks|households|members)$")
#: Pronouns whose next word is their verb.
_SUBJECTS = frozenset("it that this they".split())
#: Words after which a word is a verb ("they can work more hours").
_VERB_LEAD = frozenset("they we you i can could will would to it".split())
#: Words of time that name a duration, never a rate's denominator by a near-synonym.
_TIME_WORDS = frozenset(
    "time times long longer short shorter duration day days hour hours week weeks".split()
)
_TIME_LEAD = frozenset("a per each every this last next that".split())
#: Nouns of a request that point at the claim ("that number", "the picture"), never a column.
_POINTER_NOUNS = frozenset(
    "number numbers figure figures gap difference effect result picture thing stuff link "
    "relationship association finding pattern story".split()
)
_TIME_UNIT = re.compile(r"(?:second|minute|hour|day|week|month|quarter|year|season)s?", re.I)


def named_columns(
    text: str, ds: dict[str, Any], least: int = 2, known: Sequence[str] = ()
) -> list[str]:
    """The columns `text` names, in order: by their names' words (see `discourse.mentions`); when
    fewer than `least` (besides the `known` ones) are found so, by a near-synonym of the lexicon
    too, then by a misspelt name ("yeilds"). A word for the rows' entity ("bus lane routes"), a word of a longer name used
    as the sentence's verb ("NPS dropped five points") and a function word ("is" of is_5g) name
    no column."""
    from copilot.agents.column_phrases import fold
    from copilot.agents.discourse import _names_column, mentions
    from copilot.agents.lexicon import VERB_WORDS

    names = [c["name"] for c in ds.get("columns") or [] if c.get("kind") != "id"]
    text = fold(text, names)  # "quality of life" -> qol, sentence by sentence
    words = tokens(text)
    entity = _entity(ds)
    found: list[tuple[int, str]] = []
    skipped: set[int] = set()
    for i in range(1, len(words)):
        if words[i - 1] in _TIME_LEAD and _TIME_UNIT.fullmatch(words[i]):
            # "10 more hours a year", "way up this year": a rate's unit or a time, no variable
            skipped.add(i)
    for col, i in mentions(text, ds, ()):
        if i in skipped:
            continue
        w = words[i] if i < len(words) else ""
        own = tokens(col)
        nxt = words[i + 1] if i + 1 < len(words) else ""
        # one word of a longer name ("dropped" of dropped_call_pct, not "dropped calls")
        alone = len(own) > 1 and not any(word_similarity(nxt, x) >= 0.85 for x in own)
        if (
            alone
            and (
                (w in own and w in _FUNCTION_WORDS)
                or any(word_similarity(w, e) >= 0.85 for e in entity)  # "routes" of RouteType
                or (w.endswith("ed") and found and w in own and w != own[-1])  # "NPS dropped"
                # "Drivers with the box ...": the people the sentence is about, not driver_age
                or (i == 0 and _PEOPLE.search(w) and nxt in _RELATIVE)
                # "it drives customers away": a verb, an inflection of the name's word
                or (
                    i
                    and words[i - 1] in _SUBJECTS
                    and w not in own
                    and any(_ratio(w, x) >= 0.75 for x in own)
                    # ("they attempt more quizzes": the object names the same column)
                    and not any(
                        word_similarity(v, x) >= 0.85 for v in words[i + 1 : i + 4] for x in own
                    )
                )
            )
        ):
            skipped.add(i)
            continue
        found.append((i, col))
        # the words of the name said ("kwh per sqft") name nothing else
        j = i + 1
        while j < len(words) and words[j] in own:
            skipped.add(j)
            j += 1

    from copilot.agents.levels import categorical_levels

    # a level of a text column ("in Sales") names its group, not a column by a near-synonym
    levels = {lv.lower() for lvs in categorical_levels(ds).values() for lv in lvs}

    def loose(hit_of: Any) -> None:
        taken = {c for _, c in found}
        for i, w in enumerate(words):
            if i in skipped or any(i == k for k, _ in found) or len(w) < 4 or w in levels:
                continue
            if w in _POINTER_NOUNS:
                continue
            if w in _FUNCTION_WORDS or any(word_similarity(w, e) >= 0.85 for e in entity):
                continue
            hit = hit_of(w)
            if (
                hit
                and w in _TIME_WORDS
                and any(
                    c != hit and set(tokens(c)) & (_TIME_WORDS | {"min", "hrs", "mo"})
                    for _, c in found
                )
            ):
                continue  # "waiting times", "long" after wait_min: not orders_day
            if hit and hit not in taken:
                found.append((i, hit))
                taken.add(hit)

    def new() -> int:
        return len({c for _, c in found} - set(known))

    if new() < least:
        loose(lambda w: _names_column(w, names, synonyms=True))
    if new() < least:
        loose(lambda w: _misspelt(w, names))
    found.sort()
    # "the device arm": a word that names one column before a word that, with it, names
    # another column the text names is a modifier of that other column's phrase
    cols_found = {c for _, c in found}
    kept = []
    for i, c in found:
        if i + 1 < len(words) and len(tokens(c)) > 1 and not re.search(r"[^s]s$", words[i]):
            pair = match_column(f"{words[i]} {words[i + 1]}", names)
            if pair.column and pair.column != c and pair.column in cols_found:
                continue
        kept.append((i, c))
    found = kept
    # "they can work more hours": a verb of one column right before another column's words
    found = [
        (i, c)
        for i, c in found
        if not (
            words[i] in VERB_WORDS
            and i
            and words[i - 1] in _VERB_LEAD
            and any(i < j <= i + 2 and d != c for j, d in found)
        )
    ]
    out: list[str] = []
    for _, c in found:
        if c not in out:
            out.append(c)
    return out


def _misspelt(word: str, names: Sequence[str]) -> str | None:
    """The one column a long word names only by a near spelling ("yeilds" ~ yield_t_ha)."""
    if len(word) < 5:
        return None
    m = match_column(word, names)
    return m.column if m.how == "similar" else None


def _claim(sentence: str, ds: dict[str, Any]) -> list[str]:
    """The claim's columns, cause first: "readmissions are lower in the drug group" has the
    group (a yes/no column after in/among/for) as its cause."""
    cols = named_columns(sentence, ds)
    if len(cols) < 2:
        return cols
    kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    t, y = cols[0], cols[1]
    words = tokens(sentence)
    where = {}
    for c in (t, y):
        ct = tokens(c)
        where[c] = next(
            (i for i, w in enumerate(words) if any(word_similarity(w, x) >= 0.85 for x in ct)), -1
        )
    before_y = words[max(0, where[t] + 1, where[y] - 6) : max(0, where[y])]
    before_t = set(words[max(0, where[t] - 3) : max(0, where[t])])
    group = {"with", "on", "in", "among", "using", "got", "get", "took", "received", "who", "that"}
    if (
        0 <= where[t] < where[y]
        and {"in", "among", "within", "for", "on"} & set(before_y)
        and (kinds.get(y) == "binary" or {"that", "who", "with"} & set(before_y))
        and not before_t & group
    ):
        # "Earnings are higher among households that received the credit": the group's
        # column is the cause
        t, y = y, t
    elif 0 <= where[t] < where[y] and {
        "after",
        "because",
        "following",
        "since",
        "thanks",
        "due",
    } & set(words[where[t] + 1 : where[y]]):
        # "the bills came down after the smart thermostats": what came after is the outcome
        t, y = y, t
    return [t, y, *cols[2:]]


def story_reading(question: str, ds: dict[str, Any]) -> tuple[str, list[str], str, str] | None:
    """The question told as a story written in the planner's plain form, the columns it reads,
    and how the reply says the reading; None when the question is no story."""
    # "irrigated plots yield more, but is that real ...?", "... baskets - is location
    # confounding that?": a claim and its question in one sentence
    parts = [
        p
        for text in _sentences(question.strip())
        for p in re.split(
            r"(?:,\s*(?:but|so|and)|\s+[-\u2013\u2014]+)\s+(?=(?:is|was|does|did|could|can|would|are)\b)|"
            # "5G users churn less, but they also sit on the higher plan tiers": what else the
            # group has is a sentence of its own (a third variable, not part of the claim)
            r",\s*but\s+(?=(?:they|these|those|such)\s+(?:also|too|often|usually|mostly|tend)\b)",
            text,
            flags=re.I,
        )
    ]
    if len(parts) < 2:
        return None
    from copilot.agents.discourse import _DRIVERS_BEFORE, _OF_POINTER

    of = _OF_POINTER.search(parts[-1])
    if of and _DRIVERS_BEFORE.search(parts[-1][: of.start()]):
        return None  # "What are the main causes of that?": one variable's causes, no pair
    ordinal = _ordinal_pointers(parts, ds)
    if ordinal is not None:
        return ordinal
    conditional = _plan_then_question(parts, ds) or _amount_asked_after(parts, ds)
    if conditional is not None:
        return conditional
    order = list(enumerate(parts[:-1]))
    if _DOES_IT.match(parts[-1].strip()):
        # "The vets kept cows out longer. The farmers think the extra grazing keeps mastitis
        # down. Did it?": the belief's claim is what is asked about, before any observation
        beliefs = [
            (k, p.strip()[lead.end() :])
            for k, p in order
            if (lead := _BELIEF_LEAD.match(p.strip()))
        ]
        order = beliefs[::-1] + [(k, p) for k, p in order if k not in dict(beliefs)]
    for k, sentence in order:
        if not _observation(sentence):
            continue
        claim = _claim(sentence, ds)
        if not claim:
            continue
        rest = " ".join(parts[k + 1 :])
        if len(claim) == 3:
            return _chain(claim, rest, ds)
        if len(claim) > 3:
            return None  # a claim about many variables says more than a pair
        if _SELF_CONTAINED.search(rest):
            return None  # the request names its own analysis: read as said
        named = named_columns(rest, ds, least=1, known=claim)
        said = [c for c in named if c not in claim]
        if len(said) > 1 or (said and len(named) - len(said) > 1):
            return None  # the request names its own variables
        last = parts[-1]
        if len(claim) == 2:
            # the last sentence says the analysis when it can ("What part of the effect goes via
            # the setpoint?" after "Some say it is only because of the setpoint")
            for text in dict.fromkeys((last, rest)):
                found = _about_pair(claim[0], claim[1], text, said, ds)
                if found is not None:
                    return found
            return None
        if _DOES_IT.match(last.strip()) and not said:
            # "Facilities claim the bills came down. Did they?": whether a change of one column
            # is real asks for the effect of what changed it, which the other sentences name
            # ("We fitted smart thermostats last year."); without it, the treatment is asked
            y = claim[0]
            context = list(
                dict.fromkeys(
                    c
                    for j, p in enumerate(parts[:-1])
                    if j != k
                    for c in named_columns(p, ds)
                    if c != y
                )
            )
            if len(context) == 1:
                t = context[0]
                return (
                    f"what is the effect of {t} on {y}?",
                    [t, y],
                    f"Read the question as the effect of {t!r} on {y!r}.",
                    "roles",
                )
            if not context:
                return f"what is the effect on {y}?", [y], "", "asked"
            return None
        # a one-column claim: every column the request names, loosely too, must be the one
        loose = [c for c in named_columns(rest, ds, least=2, known=claim) if c not in claim]
        return _about_one(claim[0], rest, said, ds) if loose == said else None
    return None


#: Words of a sentence that asks, wishes, supposes or explains rather than reports what was
#: seen: such a sentence is no observation to read a request against.
_NOT_OBSERVED = re.compile(
    r"\b(?:estimat\w*|effects?\s+(?:of|on)|impacts?\s+(?:of|on)|please|you|learn|discover\w*|graph|"
    r"dag|structure|through|via|mediat\w*|mainly|mostly|suspect\w*|believ\w*|think|thinks|reckon\w*|"
    r"guess|wonder\w*|whether|theory|hypothes\w*|claims?\s+that|claimed|want|wants|wish|hope|should|would|could|"
    r"might|may|if|because|tell\s+us|assume|control\w*|adjust\w*|instrument\w*|"
    r"by\s+\w+ing|difference|between|crude|raw|naive|association|correlation|relationship)\b|->|~",
    re.I,
)
#: How a question (not an observation) begins.
_ASKING = re.compile(
    r"^(?:if|what|how|why|which|who|whom|do|does|did|is|are|was|were|can|could|would|will|should|"
    r"may|might|please|let|estimate|learn|find|check|tell|show|give|compute|run|suppose|imagine)\b",
    re.I,
)
#: A request that names its own analysis ("estimate its effect on defaults", "learn the graph").
_SELF_CONTAINED = re.compile(
    # ("the thermostat's savings on energy use": the treatment's own effect on the outcome)
    r"'s\s+(?:[\w\-]+\s+)?(?:effect|impact|savings?|benefit|gain|lift|uplift|boost)\s+(?:on|in)\s+"
    r"(?!it\b|that\b|this\b)\w|"
    r"\b(?:estimat\w*|effects?\s+(?:of|on)\s+(?!it\b|that\b|this\b)|impacts?\s+(?:of|on)\s+"
    r"(?!it\b|that\b|this\b)|learn|discover\w*|graph|dag|structure|what\s+if|suppose|imagine|"
    r"instrument\w*|control(?:ling|\s+for)|adjust\w*|which\s+(?:factors?|variables?|things?|columns?)|"
    r"drivers?\s+of|what\s+(?:really\s+|actually\s+)?(?:drives|causes|affects|influences)\s+(?!it\b|that\b|"
    r"this\b|them\b)|make\s+(?:a|any)\s+(?:real\s+|big\s+)?difference\s+(?:to|for|on|in)\s+"
    r"(?!it\b|that\b|this\b|them\b))\b|^(?:if)\b|[.?!]\s+if\b",
    re.I,
)


#: Who holds a belief, before the claim they hold: "The farmers think (that)", "the consultants
#: swear", "my boss is convinced (that)". A belief reported is a claim like one seen, when the
#: request then asks whether it holds ("Did it?").
_BELIEF_LEAD = re.compile(
    r"^(?:(?:but|and|so)\s*,?\s*)?(?:the\s+|our\s+|my\s+|some\s+|a\s+lot\s+of\s+|many\s+)?"
    # ("someone in payroll", "a guy from finance": who, with where they work)
    r"(?!(?:i|we|you)\b)[\w'\-]+(?:\s+[\w'\-]+)?(?:\s+(?:in|from|at|on)\s+(?:the\s+)?[\w'\-]+)?\s+"
    r"(?:(?:all|really|firmly|strongly)\s+)?"
    r"(?:think|thinks|believe|believes|claim|claims|say|says|swear|swears|reckon|reckons|insist|insists|"
    r"are\s+convinced|is\s+convinced|are\s+sure|is\s+sure)\s+(?:that\s+)?(?:by\s+\w+|on\s+it|it)?",
    re.I,
)
#: A request that asks only whether the claim before holds: "Did it?", "Does it?", "Are they
#: right?", "Is that right?".
_DOES_IT = re.compile(
    r"^(?:(?:so|but|and|well)\s*,?\s*)?(?:(?:did|does|do|will|would)\s+(?:it|that|this|they)"
    r"(?:\s+(?:really|actually))?|(?:are|is)\s+(?:they|he|she|that)\s+right)\s*[?.!]*$",
    re.I,
)


def _observation(sentence: str) -> bool:
    """Whether a sentence reports what was seen ("Counselled borrowers default less often.")."""
    # "went through counselling", "went through the roof": a verb of its own, not a mechanism
    text = re.sub(
        r"\b(?:go|goes|went|gone|going|been|get|got)\s+through\b|\bthrough\s+the\s+roof\b",
        "passed",
        sentence.strip(),
    )
    return not (text.endswith("?") or _ASKING.match(text) or _NOT_OBSERVED.search(text))


def _about_pair(
    t: str, y: str, rest: str, said: list[str], ds: dict[str, Any]
) -> tuple[str, list[str], str, str] | None:
    pair = f"the effect of {t} on {y}"
    kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    # ("the member segment": a column's own words say no split)
    plain = rest
    for c in ds.get("columns") or []:
        words = tokens(c["name"])
        if len(words) > 1:
            name = r"[\s_]+".join(map(re.escape, words))
            plain = re.sub(rf"\b{name}\b", " ", plain, flags=re.I)
    if (
        (_SPLIT.search(plain) or _COMPARED.search(plain))
        and not _GROUPS_DIFFER.search(rest)
        # ("is that comparison confounded by the segment?": the group is the confounder asked
        # about, not a split)
        and not re.search(r"\b(?:confound\w*|biased)\b", rest, re.I)
    ):
        from copilot.agents.levels import columns_of_level_words

        groups = [c for c in said if kinds.get(c) in ("binary", "categorical")]
        groups += [
            c
            for c in columns_of_level_words(rest, ds, (t, y))
            if c not in groups and _level_said(rest, ds, c)
        ]
        if len(groups) == 1:
            g = groups[0]
            return (
                f"what is {pair} by {g}?",
                [t, y, g],
                f"Read the question as {pair!s} in each group of {g!r}.",
                "roles",
            )
    doubt = _DOUBT.search(rest)
    if (
        doubt
        and _PATH.search(rest)
        and all(_WEAK_DOUBT.fullmatch(d.group(0)) for d in _DOUBT.finditer(rest))
    ):
        # "how much of that goes thru them just coming more often?": a path asked for outranks
        # a "just" or "only" that describes it (a doubt said outright still reads as one)
        doubt = None
    if not doubt and len(said) == 1 and _MECHANISM.search(rest):
        m = said[0]
        return (
            f"how much of {pair} goes through {m}?",
            [t, y, m],
            f"Read the question as how much of {pair} goes through {m!r}.",
            "roles",
        )
    if (
        not doubt
        and len(said) == 1
        and _CHANGE.search(rest)
        and re.search(r"\b(?:because|due\s+to|down\s+to|explain\w*)\b", rest, re.I)
    ):
        m = said[0]
        return (
            f"how much of {pair} goes through {m}?",
            [t, y, m],
            f"Read the question as how much of {pair} goes through {m!r}.",
            "roles",
        )
    if doubt and not said:
        # "or is it just that they're in sales?": the doubt names the third variable by a level
        from copilot.agents.levels import columns_of_level_words

        by_level = columns_of_level_words(rest[doubt.start() :], ds, (t, y))
        said = by_level if len(by_level) == 1 else said
    if doubt and len(said) <= 1:
        by = f" by {said[0]}" if said else ""
        return (
            f"is {pair} confounded{by}?",
            [t, y, *said],
            f"Read the question as whether {pair} is confounded{by}.",
            "roles",
        )
    if not said and re.search(
        r"\b(?:through|via|because|due\s+to|comes?\s+from|down\s+to|explained)\b", rest, re.I
    ):
        return None  # a mechanism that names no column: not a plain effect
    if not said and (_SIZE.search(rest) or _DOES_IT.match(_sentences(rest)[-1].strip())):
        return f"what is {pair}?", [t, y], f"Read the question as {pair}.", "roles"
    return None


def _chain(claim: list[str], rest: str, ds: dict[str, Any]) -> Any:
    """A claim about three columns ("Counselled borrowers pay lower interest rates and default
    less.") and a request about the mechanism ("How much of the default gap goes through the
    rate?"): the column after "through"/"via" is the mediator, the first of the others the
    treatment, the last the outcome."""
    m = re.search(
        r"\b(?:through|via|because\s+of|due\s+to|down\s+to|explained\s+by)\s+(?P<m>[^?.!;,]+)",
        rest,
        re.I,
    )
    if not m or _SELF_CONTAINED.search(rest):
        return None
    said = [c for c in named_columns(m.group("m"), ds, least=1) if c in claim]
    if len(said) != 1:
        return None
    mediator = said[0]
    t, y = [c for c in claim if c != mediator]
    pair = f"the effect of {t} on {y}"
    return (
        f"how much of {pair} goes through {mediator}?",
        [t, y, mediator],
        f"Read the question as how much of {pair} goes through {mediator!r}.",
        "roles",
    )


def _level_said(text: str, ds: dict[str, Any], column: str) -> bool:
    """Whether `text` names a level of `column` as the level is written: a code in capitals
    ("CA") only in capitals, not as a word ("can")."""
    from copilot.agents.levels import categorical_levels, level_pattern

    levels = categorical_levels(ds).get(column, [])
    for lv in levels:
        p = level_pattern(lv, levels)
        flags = 0 if lv.isupper() and len(lv) <= 3 else re.I
        # a question's own word ("Can you ...") is no state code's spelled-out name
        if p and any(not _ASKING.fullmatch(m.group(0)) for m in re.finditer(p, text, flags)):
            return True
    return False


def _about_one(
    y: str, rest: str, said: list[str], ds: dict[str, Any]
) -> tuple[str, list[str], str, str] | None:
    if _SPLIT.search(rest) or _COMPARED.search(rest):
        return None  # "... and is it different for coastal customers?": a split, read as said
    last = _sentences(rest)[-1] if rest else ""
    if not said and _WHY.search(last):
        return f"what causes {y}?", [y], f"Read the question as what causes {y!r}.", "target"
    if len(said) == 1 and _CAUSE_POINTER.search(rest):
        # "Premiums will go up next year. My worry is that it drives customers away.": the
        # pointer is the claim's column, the column the request names is what it changes
        t = said[0]
        return (
            f"what is the effect of {y} on {t}?",
            [y, t],
            f"Read the question as the effect of {y!r} on {t!r}.",
            "roles",
        )
    m = _IS_IT.match(last)
    if len(said) == 1 and m and len(m.group("x").split()) <= 4:
        t = said[0]
        return (
            f"what is the effect of {t} on {y}?",
            [t, y],
            f"Read the question as the effect of {t!r} on {y!r}.",
            "roles",
        )
    return None


#: "the first (one)", "the former"; "the second (one)", "the latter".
_FIRST = re.compile(r"\bthe\s+(?:first(?:\s+one)?|former)\b", re.I)
_SECOND = re.compile(r"\bthe\s+(?:second(?:\s+one)?|latter)\b", re.I)


def _ordinal_pointers(parts: Sequence[str], ds: dict[str, Any]) -> Any:
    """A request that names two columns listed in a sentence before by their order ("Columns of
    interest: A and B. Does the first drive the second?"), with the pointers replaced."""
    request = parts[-1]
    if not (_FIRST.search(request) and _SECOND.search(request)):
        return None
    for sentence in reversed(parts[:-1]):
        cols = named_columns(sentence, ds, least=0)
        if len(cols) == 2:
            text = _SECOND.sub(cols[1], _FIRST.sub(cols[0], request, count=1), count=1)
            said = f"Read the first and the second as {cols[0]!r} and {cols[1]!r}."
            return text, cols, said, "pair"
        if cols:
            return None
    return None


def _plan_then_question(
    parts: Sequence[str], ds: dict[str, Any]
) -> tuple[str, list[str], str, str] | None:
    """A sentence that plans a change by an amount and a later question about an outcome, read as
    one scenario ("Premiums are going up 10% next year. How many lapses?" -> "what happens to
    lapsed if premiums are going up 10% next year?")."""
    if re.match(r"^(?:if|what\s+if)\b", parts[0], re.I):
        return None
    last = _ASKED_BY.sub("", parts[-1].strip())
    if _WHY.search(last):
        return None  # "NPS dropped five points. What's behind it?" asks for causes
    kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    for k, sentence in enumerate(parts[:-1]):
        plan = _LEAD.sub("", sentence.strip()).rstrip(" .!;")
        plan = re.sub(r"^(?:suppose|say|imagine|assume)\s+(?:that\s+)?", "", plan, flags=re.I)
        # "Marketing wants to raise discounts": who plans it is no variable of the scenario
        plan = _AGENT.sub("we ", plan)
        if plan.endswith("?") or not _PLANNED.search(sentence):
            continue  # a change already seen ("NPS dropped five points") is no scenario
        changed = named_columns(plan, ds)
        everyone = re.search(
            r"\b(?:every|all|everyone|everybody|nobody|no\s+one|none)\b", plan, re.I
        )
        if not (_AMOUNT.search(plan) and _CHANGE_VERB.search(plan)) and not (
            # "we irrigate every plot": a yes/no column's own verb, for everyone
            len(changed) == 1 and kinds.get(changed[0]) == "binary" and everyone
        ):
            continue
        pronoun = re.search(
            r"\b(?P<p>them|it)(?=\s+(?:down|up|by|to)\b)|\b(?:cut|raise|lower|reduce|halve|double|"
            r"increase|decrease|bring|push|set|get)\s+(?P<q>them|it)\b",
            plan,
            re.I,
        )
        if k and pronoun:
            # "Support calls are expensive. Suppose we cut them by a third.": the pronoun is the
            # column the sentence before names
            before = named_columns(parts[k - 1], ds)
            g = "p" if pronoun.group("p") else "q"
            if len(before) == 1:
                plan = plan[: pronoun.start(g)] + before[0] + plan[pronoun.end(g) :]
                changed = before
        if len(changed) != 1:
            continue
        asked = [c for c in named_columns(last, ds, least=1) if c not in changed]
        if not asked:
            # "My concern is CO2. How much more?": the outcome in a sentence between
            later = " ".join(parts[k + 1 :])
            asked = [c for c in named_columns(later, ds, least=1) if c not in changed]
        if len(asked) > 1:
            continue
        x = changed[0]
        plan = _NUMBER_WORD.sub(lambda m: _NUMBERS[m.group(0).lower()], plan)
        # "the council wants them down to 8": the change the plan wants
        plan = re.sub(
            r"\b(?:wants?|would\s+like|plans?|hopes?|aims?)\s+(?:to\s+(?:get|have|bring|see)\s+)?"
            r"(?P<x>[\w' ]+?)\s+(?P<d>down|up)\s+(?P<p>to|by)\b",
            lambda m: f"{m.group('x')} goes {m.group('d')} {m.group('p')}",
            plan,
            flags=re.I,
        )
        if kinds.get(x) == "binary" and not re.search(r"\d", plan) and everyone:
            # "we irrigate every plot": a yes/no column set for everyone
            value = 0 if re.search(r"\b(?:nobody|no\s+one|none)\b", plan, re.I) else 1
            plan = f"{x} were set to {value} everywhere"
        if asked:
            text = f"what happens to {asked[0]} if {plan[:1].lower() + plan[1:]}?"
        else:
            text = f"if {plan[:1].lower() + plan[1:]}, {last[:1].lower() + last[1:]}"
        said = "Read the question as what happens if " + plan + "."
        return text, [x, *asked], said, "what_if"
    return None


#: A change said as a noun with its amount ("a 10% increase", "a 5 point cut").
_CHANGE_NOUN = re.compile(
    r"\b(?:an?\s+)?(?P<v>\d+(?:\.\d+)?\s*(?:%|percent|points?|pounds|dollars|euros)?)\s+"
    r"(?P<d>increase|rise|hike|raise|jump|cut|drop|reduction|decrease|fall)\b",
    re.I,
)


def _amount_asked_after(parts: Sequence[str], ds: dict[str, Any]) -> Any:
    """A change said in one sentence without its amount and asked with it in the last ("Premiums
    will go up next year. I'm worried about lapses. What would a 10% increase do?"): what happens
    to the outcome the sentences between name when the changed column moves by that amount."""
    last = parts[-1]
    m = _CHANGE_NOUN.search(last)
    if not m or named_columns(last, ds, least=1):
        return None
    changed = named_columns(parts[0], ds, least=1)
    if len(changed) != 1 or not _CHANGE_VERB.search(parts[0]) or not _PLANNED.search(parts[0]):
        return None
    between = " ".join(parts[1:-1])
    asked = [c for c in named_columns(between, ds, least=1) if c not in changed]
    if len(asked) != 1:
        return None
    up = m.group("d").lower() in ("increase", "rise", "hike", "raise", "jump")
    x, y = changed[0], asked[0]
    # the amount in the column's own units, or a share of it ("10%")
    amount = re.sub(
        r"\s*(?:percent|%)$", "%", re.sub(r"\s*(?:points?|pounds|dollars|euros)$", "", m.group("v"))
    )
    move = f"goes {'up' if up else 'down'} by {amount}"
    text = f"what happens to {y} if {x} {move}?"
    said = f"Read the question as what happens to {y!r} if {x!r} {move}."
    return text, [x, y], said, "what_if"


#: Who plans a change, before what is planned ("Marketing wants to", "We're planning to").
_AGENT = re.compile(
    r"^(?:[\w'&\-]+\s+){1,3}?(?:wants?|plans?|planning|proposes?|proposing|intends?|intending|aims?|"
    r"would\s+like|is\s+thinking\s+about|are\s+thinking\s+about)\s+to\s+(?=[a-z])",
    re.I,
)
#: A plan or a scenario rather than a change already seen: a future, an intention, a supposition.
_PLANNED = re.compile(
    r"\b(?:will|'ll|going\s+to|going\s+up|going\s+down|plan\w*|wants?|propos\w*|thinking\s+about|"
    r"consider\w*|intend\w*|next|suppose|say|imagine|assume|could|would|if|we'?re\s+\w+ing|"
    r"we\s+are\s+\w+ing|we\s+(?!saw|see|noticed|found|had|got)\w+)\b",
    re.I,
)
_NUMBERS = {
    w: str(i) for i, w in enumerate("zero one two three four five six seven eight nine ten".split())
}
_NUMBER_WORD = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten)\b(?=\s+(?:more|extra|additional|fewer|"
    r"less|[a-z]+))",
    re.I,
)
