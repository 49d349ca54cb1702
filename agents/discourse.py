"""Reading a request that only points back to the variables of the sentences before it.

Analysts often name the variables in context sentences and then ask a short request that only
points back: "We see better quality of life among device users. How much of *that* runs through
time in range?", "Overtime is common in Sales. How big is *its* effect on attrition?",
"Buildings with a smart thermostat use less energy per square foot. What part of *the effect*
goes via the setpoint?". When the request read on its own names no treatment (or no outcome),
`carried` writes the request again with the context's variables in place of the pointer: the
first column the context names that the request does not is the treatment, the next one the
outcome (context sentences say "X users have better Y", "stores with X report higher Y"),
unless only the second is a yes/no column said as a group ("better Y among X users": the
group is the treatment).

Only whole column names, their plurals, their words and inflections of their words count as a
column named in context (not a similarity), so a sentence of background with no variable in it
carries nothing. The planner tries this reading only when the request alone could not be planned,
and says how it read the pointer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from copilot.agents import patterns as re
from copilot.agents.columns import (
    _UNITS,
    _ratio,
    match_column,
    names_entity,
    tokens,
    word_similarity,
)
from copilot.agents.phrasing import BELIEF_HOLDER, DATING_CLAUSE, _sentences

#: A pointer to an effect described before: "its effect", "the effect" (not "the effect of X"),
#: "how much of that", "the causal effect of it".
_EFFECT_POINTER = re.compile(
    r"\b(?:its|their|this|that|the|such\s+an?|an?)\s+(?P<e>(?:causal\s+|real\s+|true\s+|actual\s+|"
    r"raw\s+|naive\s+|crude\s+|simple\s+|plain\s+|unadjusted\s+|observed\s+)?"
    r"(?:effect|impact|influence|benefit|difference|gap|association|link|relationship))\b"
    r"(?!\s+(?:of|from)\s+(?!it\b|that\b|this\b|them\b))",
    re.I,
)
#: "of it", "of that": the thing described before (after "effect": its cause, else the effect).
_OF_POINTER = re.compile(r"\b(?P<p>of|from|behind)\s+(?:it|that|this|them)\b(?!\s*\w+ing\b)", re.I)
#: A pointer that only names the thing: "does it hold", "is that real", "is it causal".
_BARE_POINTER = re.compile(
    # ("could you check whether that holds once ...": the same asked indirectly)
    r"(?P<lead>^(?:is|does|did|was|can)\s+|\b(?:whether|if)\s+)(?:it|that|this)(?:\s+(?:number|gap|difference|figure|"
    r"finding|result|pattern|comparison|correlation|association|link|relationship|estimate))?\b"
    r"(?=\s+(?:just\s+|really\s+|actually\s+|all\s+)?(?:hold|real|causal|true|survive|stand|"
    r"remain|persist|go\s+away|still|misleading|confounded|biased|spurious|legit|trustworthy|fair|"
    r"right|correct|accurate|inflated|overstated|exaggerated))",
    re.I,
)
#: A pointer as the subject of the request: "how it changes Y", "whether they help Y",
#: "what that did to Y".
_SUBJECT_POINTER = re.compile(
    r"\b(?P<lead>how|whether|if|does|did|do|would|will|can|could|what)\s+(?:it|they|this|that)\b"
    r"(?=\s+(?:really\s+|actually\s+)?\w+s?\b)(?!\s+(?:is|was|be|been|has|had|for|with|on)\b)",
    re.I,
)
#: A pointer as the object of a verb of change: "does the programme prevent that?".
_OBJECT_POINTER = re.compile(
    r"\b(?:prevent|stop|reduce|cut|lower|raise|increase|cause|affect|change|fix|drive|curb|avoid|"
    r"improve|worsen|help\s+with)s?\s+(?P<p>that|this|it|them)\s*(?=[?.!,;]|$)",
    re.I,
)
#: A pointer as what an effect is on: "the new drug's effect on it", "the impact of X on that".
_ON_POINTER = re.compile(
    r"\b(?:effects?|impacts?|influences?|influence)\b(?:\s+(?:of\s+)?(?!(?:it|that|this|them)\b)[\w'\-]+){0,4}?"
    r"\s+(?:on|upon)\s+(?P<p>it|that|this|them)\s*(?=[?.!,;]|$)",
    re.I,
)
#: A last sentence that only asks for what the sentence before describes ("Could you estimate
#: that for me?"): the sentence before is the request.
_EMPTY_ASK = re.compile(
    r"^(?:(?:so|now|anyway)\s*,?\s*)?(?:(?:could|can|would|will)\s+you\s+)?(?:please\s+)?"
    r"(?:estimate|check|compute|measure|quantify|calculate|test|work\s+out|find\s+out)\s+"
    r"(?:that|it|this)(?:\s+for\s+(?:me|us))?(?:\s+please)?\s*[?.!]*$",
    re.I,
)
#: Words that ask for the causes of what a pointer after them names ("the main causes of that").
_DRIVERS_BEFORE = re.compile(
    r"\b(?:causes?|drivers?|reasons?|determinants?|factors?|predictors?)\s*$", re.I
)
#: Words after the pointer that already name the outcome.
_ON_NEXT = re.compile(r"^\s*(?:on|upon|for)\s+\w", re.I)
#: What an effect is on, said by a pointer ("does X have an effect on them?"): the outcome.
_ON_IT_NEXT = re.compile(r"^\s*(?:on|upon)\s+(?:it|that|this|them)\s*(?=[?.!,;]|$)", re.I)
#: A pointer as the object of any verb at the end of a request that names its cause ("did the
#: discount do it?", "can the new drug shorten it?", "could the pests explain it?", "what does
#: the maintenance do to it?"): what the sentences before name.
_END_POINTER = re.compile(
    r"\b(?!(?:is|was|are|were|be|been|being|am|and|or|but|than|of|from)\b)(?P<v>[a-z]+)\s+"
    r"(?P<to>(?:to|for|with|about|behind)\s+)?(?P<p>that|this|it|them)\s*(?=[?.!,;]|$)",
    re.I,
)
#: A request that names its cause as what is to blame, with no object ("Is overtime the reason?",
#: "is training load to blame?", "was the heat responsible?"): for what the sentences before name.
_BLAME_NO_OBJECT = re.compile(
    r"\b(?:the\s+(?:main\s+|real\s+)?(?:reason|cause|culprit|explanation|driver)|to\s+blame|"
    r"responsible|behind|guilty)(?P<end>\s*[?.!]*)$",
    re.I,
)


def context_columns(text: str, ds: dict[str, Any], exclude: Sequence[str]) -> list[str]:
    """The columns of `mentions`, in order."""
    return [c for c, _ in mentions(text, ds, exclude)]


def mentions(text: str, ds: dict[str, Any], exclude: Sequence[str]) -> list[tuple[str, int]]:
    """Columns that `text` names by a column's whole name, its plural, its words, an inflection
    of a word of it ("Tutors" ~ tutor_assigned, "default" ~ defaulted) or a verb of the
    lexicon's VERB_SYNONYMS ("further away" ~ distance), in order of mention. A function word
    alone ("is" of is_5g) names none."""
    from copilot.agents.columns import _stem_equal
    from copilot.agents.story import _FUNCTION_WORDS

    names = [
        c["name"]
        for c in ds.get("columns") or []
        if c.get("kind") != "id" and c["name"] not in exclude
    ]
    every = [c["name"] for c in ds.get("columns") or []]
    words = tokens(text)
    out: list[str] = []
    at: list[int] = []
    span: list[int] = []
    i = 0
    while i < len(words):
        step = 1
        for k in (3, 2, 1):
            run = words[i : i + k]
            if len(run) < k:
                continue
            if k == 1 and names_entity(run[0], every):
                continue  # "Members ..." of a table keyed by memberId: the rows, not memberAge
            if k == 1 and run[0] in _FUNCTION_WORDS:
                continue  # "Churn is up": "is" of is_5g names no column alone
            m = match_column(" ".join(run), names)
            # a run of words counts when it is the name; one word, when it is a word of it
            strong = (
                ("exact", "plural", "units")
                if k > 1
                else ("exact", "plural", "words", "subset", "initials")
            )
            if m.how == "units" and set(run) & (_FUNCTION_WORDS - {"per"}):
                continue  # "the board has opinions": "has" is no unit (ha) of fruit_t_ha
            if m.column and m.how in strong:
                if m.column in out:  # named again ("the app ... the app's effect")
                    step = k
                    break
                out.append(m.column)
                at.append(i)
                # a part of a longer name ("credit" of CreditScore) may only modify the next word
                span.append(k if m.how == "subset" else 0)
                step = k
                break
        else:
            w = words[i]
            verb = None if names_entity(w, every) else _names_column(w, names)
            if names_entity(w, every) or w in _FUNCTION_WORDS:
                pass  # the rows' entity names no column, nor does a function word
            elif verb and verb not in out:
                out.append(verb)  # "members further away" ~ distance_km
                at.append(i)
                span.append(0)
            elif len(w) >= 4:
                fits = [
                    c
                    for c in names
                    if any(
                        len(cw) >= 4 and (w.startswith(cw) or _stem_equal(w, cw))
                        for cw in tokens(c)
                    )
                ]
                if len(fits) == 1 and fits[0] not in out:
                    out.append(fits[0])
                    at.append(i)
                    span.append(0)
        i += step

    # "a credit counselling programme": a part of a name right before another column's word
    # modifies it when the two words together name only the other column
    def modifies(j: int) -> bool:
        if not (span[j] and j + 1 < len(at) and at[j + 1] == at[j] + span[j]):
            return False
        pair = match_column(" ".join(words[at[j] : at[j + 1] + 1]), names)
        return pair.candidates == [out[j + 1]]

    return [(c, a) for j, (c, a) in enumerate(zip(out, at, strict=True)) if not modifies(j)]


#: A pronoun that a scenario's verb acts on ("cut it by a quarter", "double that").
_SCENARIO_PRONOUN = re.compile(r"\b(?:it|that|this|them)\b", re.I)


def _scenario_pointer(parts: list[str], ds: dict[str, Any]) -> tuple[str, list[str]] | None:
    """The whole question with the pronoun of a scenario sentence ("Line speed: cut it by a
    quarter. What would that do to the defect rate?") replaced by the column the sentences
    before it name, so that the scenario is kept; None when no sentence before the request is
    a scenario on a pronoun, or the request states its own."""
    from copilot.agents.intents import _what_if

    if _what_if(parts[-1].lower()) is not None:
        return None
    for k, sentence in enumerate(parts[:-1]):
        wi = _what_if(sentence.lower())
        if wi is None or (wi[1] is not None and not _SCENARIO_PRONOUN.fullmatch(wi[1])):
            continue
        # the column is named before the scenario's pronoun, in its sentence or the ones before
        m = _SCENARIO_PRONOUN.search(sentence)
        if m is None and wi[1] is None and wi[0].get("op") == "set":
            # "Line speed is set around 120. We are thinking of running every line at 140.": a
            # level said without its column, the one column the sentences before name
            # (the first the sentence before names: its subject, "set by the shift supervisor"
            # says who sets it)
            named = [c for c, _ in mentions(parts[k - 1], ds, ())] if k else []
            if not named:
                return None
            told = f"if {named[0]} were set to {wi[0]['value']:g},"
            return " ".join([*parts[:k], told, *parts[k + 1 :]]), named
        if m is None:
            return None
        before = " ".join([*parts[:k], sentence[: m.start()]])
        named = list(dict.fromkeys(c for c, _ in mentions(before, ds, ())))
        if len(named) != 1:
            return None
        told = sentence[: m.start()] + named[0] + sentence[m.end() :]
        return " ".join([*parts[:k], told, *parts[k + 1 :]]), named
    return None


def carried(question: str, ds: dict[str, Any]) -> tuple[str, list[str]] | None:
    """The request of `question` with its pointer replaced by the variables of the sentences
    before it, and the columns carried; None when the request points back to nothing named."""
    parts = _sentences(question.strip())
    if len(parts) < 2:
        return None
    if len(parts) >= 3 and _EMPTY_ASK.match(parts[-1]):
        parts = parts[:-1]
    request, context = parts[-1], " ".join(parts[:-1])
    # "Before the slide goes to the VP, is that comparison confounded ...?": the question without
    # the clause that dates it
    request = re.sub(rf"^{DATING_CLAUSE}\s*", "", request, flags=re.I)
    # "The coaching reduces them or not?": the yes/no tag after the pointer adds nothing
    request = re.sub(r"[\s,]+or\s+(?:not|no)(?=\s*[?.!]*\s*$)", "", request, flags=re.I)
    if _names_setting(context):
        return None  # "We prefer matching. How big is its effect?": the option would be lost
    scenario = _scenario_pointer(parts, ds)
    if scenario is not None:
        return scenario
    in_request = context_columns(request, ds, ())
    named = [(c, i) for c, i in mentions(context, ds, ()) if c not in in_request]
    if not named:
        return None
    for sentence in reversed(parts[:-1]):
        # "Our churn dashboard shows promo SMS customers churn less.": the sentence that names
        # two columns is the claim, and its order says which is the cause
        inner = [(c, i) for c, i in mentions(sentence, ds, ()) if c not in in_request]
        if len({c for c, _ in inner}) >= 2:
            context, named = sentence, inner
            break
    fresh = [c for c, _ in named]
    t = fresh[0]
    y = fresh[1] if len(fresh) > 1 else None
    kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    words = tokens(context)
    if y and kinds.get(y) == "binary" and kinds.get(t) != "binary":
        before = set(words[max(0, named[1][1] - 2) : named[1][1]])
        if before & {"among", "for", "with", "in"}:
            # "better quality of life among device users": the group is the treatment
            t, y = y, t
    m = _EFFECT_POINTER.search(request)
    if m and in_request and _ON_IT_NEXT.match(request[m.end() :]):
        m = None  # "does X have an effect on them?": the pointer is the outcome (below)
    if m:
        after = request[m.end() :]
        if re.match(r"\s+(?:of|from)\s+(?:it|that|this|them)\b", after, re.I):
            # "the causal effect of it on passing": the pointer is the cause
            of = re.match(r"\s+(?:of|from)\s+(?:it|that|this|them)\b", after, re.I)
            assert of is not None
            tail = request[m.end() + of.end() :]
            target = f"the {m.group('e')} of {t}"
            if not _ON_NEXT.match(tail) and y:
                target += f" on {y}"
            return request[: m.start()] + target + tail, [t] + ([y] if y else [])
        target = f"the {m.group('e')} of {t}"
        used = [t]
        if not _ON_NEXT.match(after) and y:
            target += f" on {y}"
            used.append(y)
        return request[: m.start()] + target + after, used
    m = _ON_POINTER.search(request)
    if m and (in_request or not re.match(r"\w+\s+(?:on|upon)\b", request[m.start() :])):
        # (a cause said in words that name no one column, "the calls", is asked about after)
        # "The board looks at readmissions. Can you estimate the new drug's effect on it?": what
        # an effect is on is the outcome, the column the sentences before name
        last = fresh[-1]
        return request[: m.start("p")] + last + request[m.end("p") :], [last]
    m = _OBJECT_POINTER.search(request)
    asks_what = m is not None and re.search(
        r"\b(?:what|which)(?:\s+[\w'\-]+){0,3}\s+$", request[: m.start()], re.I
    )
    if m and (in_request or asks_what):
        # ("Our concern is soil nitrogen. Can you find what drives it?": the drivers of the
        # column named before)
        # "Some borrowers just stop paying. Does the programme prevent that?": the pointer is
        # what the sentence before describes, the outcome: its predicate, named last ("Young
        # drivers brake hard": the braking, not the age)
        last = fresh[-1]
        return request[: m.start("p")] + last + request[m.end("p") :], [last]
    m = _END_POINTER.search(request)
    if m and in_request and fresh[-1] not in in_request:
        # "Sales dropped. Did the discount do it?": the request names the cause; its pointer,
        # the object of its verb, is the outcome the sentences before name
        last = fresh[-1]
        if m.group("v").lower() in ("do", "does", "did") and not m.group("to"):
            # "did the discount do it?": "do" it is cause it
            return request[: m.start("v")] + f"cause {last}" + request[m.end("p") :], [last]
        return request[: m.start("p")] + last + request[m.end("p") :], [last]
    m = _BLAME_NO_OBJECT.search(request)
    if m and in_request and not re.search(r"\b(?:it|that|this|them)\b", request, re.I):
        # "Attrition is high. Is overtime the reason?": the reason for what was named before
        last = fresh[-1]
        return request[: m.start("end")] + f" for {last}" + request[m.start("end") :], [last]
    m = _BARE_POINTER.search(request)
    if m and y:
        # "Does that hold once you account for chains?": "that" is the effect the sentences
        # before describe, whatever else the request names (not the cause of "holds")
        return (
            request[: m.start()]
            + m.group("lead")
            + f"the effect of {t} on {y}"
            + request[m.end() :],
            [t, y],
        )
    m = _SUBJECT_POINTER.search(request)
    if m and in_request:
        # "how it changes the number of late payments": the pointer is the cause
        return request[: m.start()] + f"{m.group('lead')} {t}" + request[m.end() :], [t]
    m = _OF_POINTER.search(request)
    if not y and not (m and _DRIVERS_BEFORE.search(request[: m.start()])):
        return None
    if m and _DRIVERS_BEFORE.search(request[: m.start()]):
        # "Culling rates are high. What are the main causes of that?": the pointer is the
        # variable the sentences before are about, whose causes are asked
        return request[: m.end("p")] + " " + t + request[m.end() :], [t]
    if m:
        # "how much of that runs through M": that = the effect described before
        text = f"{m.group('p')} the effect of {t} on {y}"
        return request[: m.start()] + text + request[m.end() :], [t, y]
    return None


#: A sentence that asks the assistant for something: "Could you ...", "I'd like you to ...",
#: "Help me understand ...", "Please ...".
_ASKS_YOU = re.compile(
    r"^(?:(?:so|now|anyway|ok|okay|thanks)\s*[,!.]?\s*)?(?:(?:could|can|would|will)\s+you|(?:i'd|i\s+would|"
    r"we'd|we\s+would)\s+(?:like|love|want)\s+you|(?:i|we)\s+(?:want|need)\s+you|help\s+(?:me|us)|"
    r"please|you\s+(?:could|can|should))\b",
    re.I,
)


def request_alone(question: str, phrase: str) -> tuple[str, list[str]] | None:
    """The last sentence of `question` that asks "you" for something, on its own, when `phrase`
    (read from the question, naming no column) lies outside it and the request points back to
    nothing before it: the words that named nothing were the context's, before the request ("The
    vet and the farm manager disagree ... Can you tell me how much an extra hour of pasture
    changes the cell count?") or after it ("Could you ...? Our agronomists don't trust arrows
    that only show up once."); None otherwise."""
    from copilot.agents.phrasing import _NEEDS_CONTEXT, _OBJECT_PRONOUN_END

    parts = _sentences(question.strip())
    if len(parts) < 2 or not phrase.strip():
        return None
    for i in reversed(range(len(parts))):
        sentence = parts[i]
        if not _ASKS_YOU.match(sentence):
            continue
        said = " ".join(tokens(sentence))
        if re.search(rf"\b{re.escape(' '.join(tokens(phrase)))}\b", said):
            return None  # the phrase is the request's own
        if i and _NEEDS_CONTEXT.search(_OBJECT_PRONOUN_END.sub("", sentence)):
            return None  # (a first sentence has nothing before it to point back to)
        return sentence, []
    return None


#: A yes/no question about two variables said with verbs: "Do borrowers who earn more miss
#: fewer payments?", "Does advertising bring people in the door?".
#: (or the same question asked indirectly: "(can you tell me) whether smokers had more events")
_YES_NO = re.compile(
    r"^(?:do|does|did|will|would|can|could|whether)\s+(?P<rest>.+?)\s*[?.!]*$", re.I
)
#: Words of a yes/no question that name no variable (people, verbs of doing, degree words).
_NOT_A_VARIABLE = frozenset(
    "people person someone anyone borrowers patients students employees customers users staff "
    "workers buildings machines stores shops plots lines subjects loans loan office parts more "
    "less fewer often longer shorter higher lower bigger smaller better worse really actually "
    "use used get gets make makes bring brings keep keeps have having produce turn out".split()
)


def _names_column(word: str, names: Sequence[str], synonyms: bool = False) -> str | None:
    """The column one word names by the column's own words (or their plurals, inflections), or
    through a verb of the lexicon's VERB_SYNONYMS ("earn" ~ income); with `synonyms`, through
    any near-synonym of the lexicon ("advertising" ~ AdSpend) too; not by a looser similarity."""
    from copilot.agents.lexicon import VERB_WORDS

    if word in _NOT_A_VARIABLE or (len(word) < 3 and not re.search(r"\d", word)):
        return None  # (a short name with a digit, "5g", is a word of its own)
    hit = match_column(word, names)
    floor = 0.8 if synonyms else 0.9
    if hit.column and (
        hit.how in ("exact", "plural", "words", "subset")
        or word in VERB_WORDS
        or any(
            word_similarity(word, w) >= floor
            for w in (*tokens(hit.column), "".join(tokens(hit.column)))  # "extra" ~ OverTime
        )  # "churn" ~ churned
        # a long word spelt another way ("counselling" ~ counseling)
        or (len(word) >= 8 and any(_ratio(word, w) >= 0.9 for w in tokens(hit.column)))
    ):
        return hit.column
    stem = re.sub(r"(?:ed|ing)$", "", word)
    if stem != word and len(stem) >= 5:
        # "maintained lines" ~ preventive_maintenance: the verb's stem names the column
        return _names_column(stem, names, synonyms)
    return None


def _names_setting(text: str) -> bool:
    """Whether a context sentence names a setting of the analysis (a method, controls, an
    instrument, a bootstrap, a level) that a request read without it would silently drop."""
    from copilot.agents.lexicon import METHODS, UNAVAILABLE_METHODS

    if re.search(
        r"\b(?:control\w*|adjust\w*|instrument\w*|bootstrap\w*|alpha|significance)\b", text, re.I
    ):
        return True
    return any(re.search(p, text, re.I) for p in (*METHODS, *UNAVAILABLE_METHODS))


#: What a rate is counted per ("more data per month"): a unit, not subgroups ("per ward").
_RATE_UNITS = (
    r"(?:second|minute|hour|day|week|month|quarter|year|visit|trip|order|person|head|capita|"
    r"customer|user|patient|unit)s?\b"
)


def _has_option(text: str) -> bool:
    """Whether `text` names an option (a method, a number, a control, a subgroup) that the plain
    "effect of A on B" reading would leave out: then the reading is not offered."""
    from copilot.agents.lexicon import METHODS, UNAVAILABLE_METHODS

    if re.search(
        r"(?<![\w.])\d+(?:\.\d+)?(?![\w.])|\b(?:control\w*|adjust\w*|account(?:s|ed|ing)?\s+for|holding|fixed|instrument\w*|"
        rf"bootstrap\w*|alpha|through|via|mediat\w*|by|per(?!\s+{_RATE_UNITS})|across|among|using)\b",
        text,
        re.I,
    ):
        return True
    return any(re.search(p, text, re.I) for p in (*METHODS, *UNAVAILABLE_METHODS))


def two_column_question(question: str, ds: dict[str, Any]) -> tuple[str, list[str]] | None:
    """A yes/no question whose subject and predicate each name one column (by a word of it, an
    inflection or a word of the lexicon's verb groups: "earn" ~ income, "walking" ~ steps,
    "live far" ~ distance) read as "the effect of <subject's column> on <predicate's column>";
    None unless exactly two columns are named."""
    m = _YES_NO.match(question.strip())
    if not m or _has_option(m.group("rest")):
        return None
    rest = re.sub(r"\bco-(?=[a-z])", "co", m.group("rest"), flags=re.I)  # "co-sign" ~ cosigner
    from copilot.agents.levels import single_level_columns

    _, group = single_level_columns(rest, ds)
    if group:
        rest = rest.replace(group, " ")  # "for basic plans" names a group, not the outcome
    found = _columns_said(rest, ds)
    if len(found) == 1 and (d := _DURATION_DEGREE.search(rest)):
        # "do patients on the new drug go home sooner?": the degree word names the duration
        duration = _duration_columns(ds)
        if len(duration) == 1 and duration[0] not in found and d.start() > rest.find(" "):
            found.append(duration[0])
    if len(found) != 2:
        return None
    return f"what is the effect of {found[0]} on {found[1]}?", found


#: Words that compare a group with the others ("vs the rest", "against those who didn't").
_COMPARED = re.compile(
    r"\b(?:compare[sd]?|comparing|contrast\w*|vs\.?|versus|against|with\s+and\s+without|"
    r"the\s+rest|the\s+others|non[\s-]?[a-z0-9]+|without\s+(?:it|them|one|any))(?=\W|$)",
    re.I,
)


def compared_groups(question: str, ds: dict[str, Any]) -> tuple[str, list[str]] | None:
    """A yes/no column's groups compared on another column ("stores with the app vs stores
    without it: the weekly revenue", "contrast 5G customers with the non-5G ones on churn") read
    as the effect of the yes/no column on the other; None unless the question compares and names
    exactly two columns, one of them yes/no, and no option."""
    if not _COMPARED.search(question) or _has_option(question):
        return None
    columns = ds.get("columns") or []
    # the comparison's own words and the rows' noun ("routes" of route_id) name no column
    entity = {w for c in columns if c.get("kind") == "id" for w in tokens(c["name"]) if w != "id"}
    rest = _COMPARED.sub(" ", re.sub(r"\bco-(?=[a-z])", "co", question, flags=re.I))
    rest = " ".join(
        w for w in rest.split() if re.sub(r"s$", "", w.lower().strip(",.?!:;")) not in entity
    )
    kinds = {c["name"]: c.get("kind") for c in columns}
    found = [w for w in _columns_said(rest, ds) if w in kinds]
    binary = [c for c in found if kinds.get(c) == "binary"]
    if len(found) != 2 or not binary:
        return None
    # (two yes/no columns: the groups compared are said first, what they differ on after)
    other = next(c for c in found if c != binary[0])
    return f"what is the effect of {binary[0]} on {other}?", [binary[0], other]


def _columns_said(rest: str, ds: dict[str, Any]) -> list[str]:
    """The columns a text names word by word, in order; a word that names two columns equally
    well is kept as said (unless a later word settles it), so that the planner asks."""
    names = [c["name"] for c in ds.get("columns") or [] if c.get("kind") != "id"]
    # the rows' own noun, as the id column says it ("memberId": members)
    ids = [c["name"] for c in ds.get("columns") or [] if c.get("kind") == "id"]
    found: list[str] = []
    # word by word: a name of several words is named again by each of them ("interest rate")
    words = tokens(rest)
    prev: str | None = None
    for i, w in enumerate(words):
        if i and words[i - 1] == "per":
            continue  # "more data per month": the unit of a measure, not a variable
        if prev and match_column(f"{words[i - 1]} {w}", names).column == prev:
            continue  # "basket size": the second word is part of the name the first one began
        prev = None
        if ids and len(words) > 1 and names_entity(w, ids):
            continue  # "members with a trainer cancel less": the rows, not `memberAge`
        hit = _names_column(w, names, synonyms=True)
        tie = match_column(w, names) if hit is None and len(w) >= 4 else None
        if tie is not None and tie.ambiguous and i:
            # "CV events": the word before settles a word that names two columns
            pair = match_column(f"{words[i - 1]} {w}", names)
            hit = pair.column if pair.column in tie.candidates else None
        prev = hit
        if hit and hit not in found:
            found.append(hit)
        elif hit is None and tie is not None and w not in _NOT_A_VARIABLE:
            # "do 5g users make more calls?": a word that names two columns equally well stays
            # as said, so that the planner asks which one is meant
            if (
                tie.ambiguous
                and tie.how in ("exact", "plural", "words", "subset", "abbreviation")
                and not set(tie.candidates) & set(found)
                and w not in found
            ):
                found.append(w)
    names_set = set(names)
    ties = {w: match_column(w, names).candidates for w in found if w not in names_set}
    # "score lower on the final": a word that names two columns is settled by a later word that
    # names one of them
    return [w for w in found if w in names_set or not set(ties[w]) & set(found)]


def inner_column(question: str, phrase: str, ds: dict[str, Any]) -> tuple[str, list[str]] | None:
    """The question with an unmatched role phrase ("someone co-sign the loan", "people who live
    far from the office") replaced by the one column a word of it names; None unless exactly
    one column is named inside it."""
    if len(tokens(phrase)) < 3 or phrase.lower() not in question.lower():
        return None
    inner = two_column_question("do " + phrase, ds)
    names = [c["name"] for c in ds.get("columns") or [] if c.get("kind") != "id"]
    text = re.sub(r"\bco-(?=[a-z])", "co", phrase, flags=re.I)
    hits = {_names_column(w, names) for w in tokens(text)} - {None}
    if inner is not None or len(hits) != 1:
        return None
    col = str(next(iter(hits)))
    owned = re.split(r"(?<=\w)['\u2019]s\s+", text, maxsplit=1)
    if len(owned) == 2 and col not in {_names_column(w, names) for w in tokens(owned[1])}:
        return None  # "the customer's industry": a word of the owner names no property of it
    at = question.lower().index(phrase.lower())
    return question[:at] + col + question[at + len(phrase) :], [col]


#: A confounder said around a claim instead of in it: "could Z explain why <claim>", "<claim>;
#: could that be down to Z (rather than X)", "<claim> and it's not just Z behind both",
#: "<claim>. Is that just because Z ...".
_CONFOUNDER_AROUND = (
    re.compile(
        r"^(?:could|can|might|would|does|do|is)\s+(?:the\s+)?(?P<z>.+?)\s+(?:explain|account\s+for|"
        r"be\s+(?:the\s+reason|behind))\s+why\s+(?P<s>.+?)\s*[?.!]*$",
        re.I,
    ),
    re.compile(
        r"^(?:(?:are\s+)?(?:you|u)\s+sure\s+(?:that\s+)?)?(?P<s>.+?)\s*(?:[,;]\s*|\s+)(?:and|but|or)\s+"
        r"(?:it'?s|its|that'?s|thats|is\s+it|isn'?t\s+it|is|are)\s+(?:not\s+)?(?:just\s+|only\s+|simply\s+)?"
        r"(?:the\s+)?(?P<z>.+?)\s+(?:behind|driving|causing|explaining)\s+(?:both|them|the\s+two)\s*[?.!]*$",
        re.I,
    ),
    re.compile(
        r"^(?:could|can|might|would|is|are)\s+(?:the\s+)?(?P<z>.+?)\s+(?:be\s+)?(?:behind|driving|causing|"
        r"explaining)\s+both\s+(?P<s>.+?)\s*[?.!]*$",
        re.I,
    ),
    re.compile(
        r"^(?:could|can|might|would|is|are)\s+(?:the\s+)?(?P<z>.+?)\s+(?:be\s+)?(?:what'?s|what\s+is)\s+"
        r"(?:really\s+|actually\s+)?(?:behind|driving|causing|explaining)\s+(?:the\s+)?(?P<s>.+?)\s+(?:link|"
        r"relationship|association|correlation|connection|effect|gap|difference)\s*[?.!]*$",
        re.I,
    ),
    re.compile(
        r"^(?P<s>.+?)\s*(?:[.;?!]|,?\s+but|\s+[-\u2013\u2014]+)\s*(?:could|can|might|would|is|are)\s+(?:the\s+)?"
        r"(?P<z>.+?)\s+(?:be\s+)?confounding\s+(?:this|that|it|them|the\s+\w+)\s*[?.!]*$",
        re.I,
    ),
    re.compile(
        # ("am I fooling myself that X lowers it, or could Z explain it?": the rival after "or")
        r"^(?P<s>.+?)\s*(?:[.;?!]|,?\s+but|,\s*or)\s*"
        # "Is that real, or does department explain it?": the doubt before the confounder
        r"(?:(?:is|was)\s+(?:that|this|it)\s+(?:real|true|causal|genuine|legit|right)\s*,?\s*(?:or\s+)?)?"
        # ("could age be explaining that away?": the progressive says the same)
        # ("is tenure behind it?", "could age be driving that?": Z behind the claim)
        r"(?:could|can|might|would|does|do|is|are)\s+(?:the\s+)?(?P<z>.+?)\s+(?:(?:really|actually|just)\s+)?"
        r"(?:be\s+)?(?:explain(?:ing)?|account(?:ing)?\s+for|behind|driving|causing)\s+"
        r"(?:that|this|it|(?:the|that|this)\s+(?:difference|gap|link))(?:\s+away)?\s*[?.!]*$",
        re.I,
    ),
    re.compile(
        # ("... whether that's just because Z": the question made indirect by a request)
        r"^(?P<s>.+?)\s*(?:[.;?!]|,?\s+but|\s+[-\u2013\u2014]+)\s*(?:(?:could|can|might|would|is)\s+(?:that|this|it)|"
        r"(?:whether|if)\s+(?:that|this|it)(?:'s|\s+is|\s+was))\s+(?:just\s+|only\s+|"
        r"simply\s+|really\s+)?(?:(?:be\s+)?(?:down\s+to|due\s+to|because(?:\s+of)?|explained\s+by)|be)\s+"
        r"(?P<z>.+?)(?:\s+rather\s+than\b.*)?\s*[?.!]*$",
        re.I,
    ),
    # "<claim>, but maybe because their credit score is different. confounding is there?": a
    # trait in which the treated differ, offered as the reason (a sentence after it that only
    # names the doubt adds nothing)
    re.compile(
        r"^(?P<s>.+?)\s*(?:[.;?!]|,?\s+but|\s+[-\u2013\u2014]+)\s*(?:(?:maybe|perhaps|probably|possibly)\s+)?"
        r"(?:(?:it'?s|it\s+is|is\s+it|that'?s|is)\s+)?(?:just\s+|only\s+|simply\s+|all\s+)?because\s+"
        r"(?P<z>(?:their|its|his|her|the)\s+[^.;?!,]+?)\s+(?:is|are|was|were)\s+(?:also\s+|just\s+|very\s+|so\s+)?"
        r"(?:different|not\s+the\s+same)\b[^.;?!]*?"
        r"(?:\s*[.;?!]+\s*[^.;?!]*\bconfound\w*[^.;?!]*)?\s*[?.!]*$",
        re.I,
    ),
)


#: A variable said with its change ("the braking goes down", "baskets get bigger").
_CHANGED = re.compile(
    r"\b(?:goes|go|went|gone|gets?|got|becomes?|became|grows?|grew)\s+(?:down|up|bigger|smaller|"
    r"higher|lower|larger|longer|shorter|more|less|better|worse)\b",
    re.I,
)


_CONFOUNDER_AROUND += (
    # "The vet says the supplement increases mastitis. I think is the herd size behind, can you
    # control it?": Z said behind the claim with the pointer (and the subject) left out, and a
    # request to check after it
    re.compile(
        r"^(?P<s>.+?)\s*[.;?!]+\s*(?:(?:i\s+think|i\s+suspect|maybe|perhaps|probably)\s+)?(?:it\s+)?is\s+"
        r"(?:just\s+|really\s+|actually\s+)?(?:the\s+)?(?P<z>[^?.!;,]+?)\s+behind(?:\s+(?:of\s+)?(?:it|this|that))?"
        r"(?:\s*,?\s*(?:(?:can|could)\s+you\s+|please\s+)?(?:check|control|verify|test|confirm)"
        r"(?:\s+(?:it|that|this))?)?\s*[?.!]*$",
        re.I,
    ),
    # "The coach says more load gives more injuries. Is not the age behind both?": Z behind
    # both sides of the claim, asked after it
    re.compile(
        r"^(?P<s>.+?)\s*[.;?!]+\s*(?:is|isn'?t|could|couldn'?t|might|can|may)\s+(?:not\s+)?(?:it\s+)?"
        r"(?:just\s+|really\s+|actually\s+)?(?:the\s+)?(?P<z>[^?.!;,]+?)\s+(?:be\s+)?(?:behind|driving|causing|"
        r"explaining)\s+(?:both|them\s+both|the\s+two|them\s+all)\s*[?.!]*$",
        re.I,
    ),
    # "Annual contracts churn less. Surely some of that is just tenure?"
    re.compile(
        r"^(?P<s>.+?)\s*[.;?!]+\s*(?:surely\s+|maybe\s+|perhaps\s+|i\s+bet\s+)?(?:some|part|much|most|all|a\s+lot)"
        r"\s+of\s+(?:that|this|it)\s+(?:is|was|could\s+be|might\s+be|may\s+be)\s+(?:just\s+|only\s+|simply\s+|"
        r"really\s+)?(?:down\s+to\s+|due\s+to\s+|because\s+of\s+)?(?:the\s+)?(?P<z>[^?.!;]+?)\s*[?.!]*$",
        re.I,
    ),
    # "irrigated plots have higher yields, but they also get more rain?? is rainfall a
    # confounder here"
    re.compile(
        r"^(?P<s>.+?)\s*(?:[.;?!]+|,?\s+but\b[^.;?!]*[.;?!]+)\s*(?:is|could|might|would|isn'?t)\s+(?:the\s+)?"
        r"(?P<z>.+?)\s+(?:be\s+)?(?:a|the)\s+(?:confounder|common\s+cause)(?:\s+here)?\s*[?.!]*$",
        re.I,
    ),
)


_CONFOUNDER_AROUND += (
    # "players in the programme have fewer days out, but they are also the ones with previous
    # injuries. could you see if this is a confounder?": what the group "also" is or has, then a
    # question whose "this" points back to it
    re.compile(
        r"^(?P<s>.+?)\s*,?\s+but\s+(?:they|these|those|them|the\s+\w+)\s+(?:are|were|have|had|get|got)?\s*"
        r"also\s+(?:are\s+|were\s+|have\s+|had\s+)?(?P<z>[^.;?!]+?)\s*[.;?!]+\s*"
        r"(?:(?:(?:could|can|would|will)\s+you|you\s+(?:can|could|should|must))\s+(?:please\s+)?"
        r"(?:see|check|tell(?:\s+me)?|verify|test)\s+)?"
        r"(?:whether\s+|if\s+)?(?:(?:is|could|might|would)\s+)?(?:this|that|it)\s+(?:is\s+|be\s+|could\s+be\s+|"
        r"might\s+be\s+)?(?:a|the)\s+(?:confounder|common\s+cause)(?:\s+here)?\s*[?.!]*$",
        re.I,
    ),
)


_CONFOUNDER_AROUND += (
    # "I'm worried that location drives both the ad budget and the revenue", "I suspect the
    # segment drives both onboarding and renewal": a worry or suspicion that one column drives
    # both of a pair (a trailing question that names no column, "can you check?", is cut)
    re.compile(
        r"^(?:(?:(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:a\s+bit\s+|quite\s+|rather\s+|really\s+|a\s+little\s+)?"
        r"(?:worried|concerned|afraid)|i\s+(?:suspect|think|fear|guess|bet|believe|wonder\s+if)|"
        r"we\s+(?:suspect|think|fear)|(?:my\s+)?(?:guess|suspicion|worry|hunch|concern)\s+is|maybe|perhaps|"
        r"probably|possibly)\s*,?\s*(?:that\s+)?)?(?:the\s+|their\s+|its\s+)?(?P<z>[^.;?!,:]+?)\s+"
        r"(?:(?:could|might|may|would|can)\s+(?:also\s+)?(?:be\s+)?)?(?:drives?|driving|causes?|causing|"
        r"affects?|affecting|influences?|influencing|explains?|explaining|is\s+behind|is\s+driving)\s+both\s+"
        # ("..., so the raw comparison is confounded?": the conclusion drawn from it, asked)
        r"(?P<s>[^.;?!,:]+?)(?:\s*,\s*(?:so|and\s+so|hence|thus|which\s+means|meaning)\s+[^.;?!]*?\b(?:confound\w*|"
        r"spurious|biased|misleading)\b[^.;?!]*?)?\s*[?.!]*$",
        re.I,
    ),
    # "credit score could be the real story behind counseling and default"
    re.compile(
        r"^(?:i\s+(?:suspect|think|guess|bet)\s+(?:that\s+)?|maybe\s+|perhaps\s+)?(?:the\s+)?(?P<z>[^.;?!,:]+?)\s+"
        r"(?:(?:could|might|may|would)\s+(?:also\s+)?be|is)\s+(?:the\s+)?(?:real\s+|true\s+|whole\s+|hidden\s+)?"
        r"(?:story|reason|explanation|driver|cause)\s+behind\s+(?:both\s+)?(?P<s>[^.;?!,:]+?)\s*[?.!]*$",
        re.I,
    ),
    # "Chains train more, but they are also bigger. Is size the real story?": the claim first,
    # the confounder asked as its real reason after it
    re.compile(
        r"^(?P<s>.+?)\s*[.;?!]\s*(?:(?:is|are|could|might|would|isn'?t|aren'?t)\s+(?:the\s+)?(?P<z>[^.;?!,:]+?)\s+(?:be\s+)?"
        r"(?:the\s+)?(?:real|true|whole|hidden)\s+(?:story|reason|explanation|driver|cause)(?:\s+here)?)"
        r"\s*[?.!]*$",
        re.I,
    ),
    # "could it just be that older members both hire a trainer and cancel less?"
    re.compile(
        r"^(?:could|can|might|may|is)\s+(?:it|this|that)\s+(?:just\s+|only\s+|simply\s+|really\s+)?(?:be\s+)?"
        r"(?:that|because)\s+(?:the\s+)?(?P<z>[^.;?!,:]+?)\s+both\s+(?P<s>[^.;?!,:]+?)\s*[?.!]*$",
        re.I,
    ),
)


_CONFOUNDER_AROUND += tuple(
    # "could severity be behind the link between the new drug and recovery time?", "might region
    # be driving the relationship between X and Y?", "could age explain the X and Y link?", "is
    # Z really behind the X - Y correlation?": a doubt that Z is behind a named link (a plain
    # "does Z explain the link" may ask for a mechanism and is left to the mediation reading)
    re.compile(head + r"\s+(?:the\s+|this\s+|that\s+)?" + link + r"\s*[?.!]*$", re.I)
    for head in (
        r"^(?:could|can|might|would|may)\s+(?:the\s+)?(?P<z>.+?)\s+(?:(?:really|actually|just|also)\s+)?"
        r"(?:be\s+(?:(?:really|actually|just|also)\s+)?(?:behind|driving|causing|explaining)|explain|"
        r"account\s+for)",
        r"^(?:is|are)\s+(?:the\s+)?(?P<z>.+?)\s+(?:(?:really|actually|just)\s+)?(?:behind|driving)",
    )
    for link in (
        r"(?:link|relationship|relation|association|correlation|connection)\s+between\s+(?P<s>.+?)",
        # "the relation of X with Y"
        r"(?:link|relationship|relation|association|correlation|connection)\s+of\s+"
        r"(?P<s>.+?\s(?:with|to)\s.+?)",
        r"(?P<s>.+?)\s+(?:link|relationship|relation|association|correlation|connection)",
    )
)


#: Something the treated do or have more or less of ("they attempt more quizzes").
_MORE_OF = re.compile(
    r"\b(?:they|it|he|she|we|you|people|users|customers)\s+(?:\w+\s+)?(?:more|fewer|less)\s+\w+",
    re.I,
)
#: A variable said with the change the treatment makes to it ("the lower setpoint", "their
#: higher usage"): the mechanism, not a confounder.
_CHANGED_VARIABLE = re.compile(
    r"^(?:the|their|its|his|her)\s+(?:lower|higher|reduced|increased|decreased|raised|lowered|"
    r"shorter|longer|bigger|smaller|larger|extra|added|better|worse)\s+[\w'\-]",
    re.I,
)
#: What the treated had before ("they had fewer previous injuries"): a confounder, not a path.
_BEFORE = re.compile(r"\b(?:had|was|were|previous\w*|prior|earlier|already|before)\b", re.I)
#: A doubt that says the claim is nothing but the confounder.
_ONLY = re.compile(r"\b(?:just|only|simply|merely|purely)\b", re.I)


def _claimed_effect(claim: str, names: list[str]) -> tuple[str, list[str]] | None:
    """A claim read by the effect reader ("5G plans lower churn": the phrases of its cause and
    its effect) when each phrase names one column (a word that names two columns, "plans" in
    `is_5g` and `plan_tier`, is decided by the whole phrase); None otherwise."""
    from copilot.agents.intents import _effect

    found = _effect(claim.strip().lower())
    if not found or not found.get("t") or not found.get("y") or found.get("m"):
        return None
    hits = [match_column(found[k], names) for k in ("t", "y")]
    if any(h.column is None or len(h.candidates) != 1 for h in hits):
        return None
    a, b = hits[0].column, hits[1].column
    if a == b:
        return None
    return f"what is the effect of {a} on {b}?", [a, b]


#: A rival cause left open, then named after a comma ("could something else explain that, say
#: the customer segment?", "does anything else account for it, specifically the year built?"):
#: the named one is the rival asked about.
_OPEN_RIVAL = re.compile(
    r"\b(?:something|anything|someone|some\s+other\s+(?:factor|variable|thing)|another\s+(?:factor|"
    r"variable|thing))(?:\s+else)?(?P<v>\s+(?:(?:really|actually|just)\s+)?(?:be\s+)?(?:explain\w*|"
    r"account\w*\s+for|behind|driving|drives|causing|causes)\s+(?:(?:that|this|the)\s+)?[\w'\-]*?)"
    r"\s*,\s*(?:say|specifically|like|such\s+as|e\.?\s?g\.?,?|for\s+(?:example|instance),?|maybe|perhaps|"
    r"namely|in\s+particular|i\.?\s?e\.?,?)\s+(?P<z>[^?.!;,]+)",
    re.I,
)


#: The asker's doubt about their own belief before the claim ("am I fooling myself that",
#: "am I wrong to think that", "are we kidding ourselves that").
_DOUBTED = re.compile(
    r"(?:^|(?<=[.?!;]\s))(?:am\s+i|are\s+we)\s+(?:just\s+)?(?:fooling|kidding|deceiving)\s+"
    r"(?:myself|ourselves)\s+(?:that|in\s+thinking\s+(?:that\s+)?)\s*|"
    r"(?:^|(?<=[.?!;]\s))(?:am\s+i|are\s+we)\s+wrong\s+(?:to\s+think|in\s+thinking)\s+(?:that\s+)?",
    re.I,
)


def named_rival(question: str) -> str:
    """`question` with a rival cause left open and named after a comma said as the named one
    ("could something else explain that, say the segment?" -> "could the segment explain
    that?")."""
    # (the verb as after "could": "if something else explains it" asks "could Z explain it")
    return _OPEN_RIVAL.sub(
        lambda m: (
            m.group("z").strip()
            + re.sub(r"\b(explain|account|drive|cause)s\b", r"\1", m.group("v"), flags=re.I)
        ),
        question,
    )


def confounder_around(question: str, ds: dict[str, Any]) -> tuple[str, list[str]] | None:
    """A claim with the confounder said around it ("could the year built explain why buildings
    with a smart thermostat use less kWh per sqft?") read as "is the effect of <the claim's
    first column> on <its second> confounded by <Z>?"; None unless the claim names exactly two
    columns (as `two_column_question` reads them) and the confounder phrase one other."""
    names = [c["name"] for c in ds.get("columns") or [] if c.get("kind") != "id"]
    question = named_rival(question)
    parts = _sentences(question.strip())
    # "<claim>. <Z could explain it>? Is the naive comparison misleading?": a last question that
    # names no column only repeats the doubt
    texts = [question.strip()] + [
        " ".join(parts[:cut])
        for cut in range(len(parts) - 1, 0, -1)
        if not any(mentions(p, ds, ()) for p in parts[cut:])
    ][:1]
    if parts:
        from copilot.agents.phrasing import normalise

        # "<claim>. Can you tell me if Z explains it away?", "you should check if Z is behind the
        # link between X and Y": the request's question asked directly
        direct = " ".join([*parts[:-1], normalise(parts[-1])])
        # "<context>. <context>. Could Z be behind the link between X and Y?": the last
        # sentence names the link and the confounder on its own (the sentences before are why
        # it is asked)
        for text in (direct, parts[-1], normalise(parts[-1])):
            if text not in texts:
                texts.append(text)
    for pat, text in ((p, t) for t in texts for p in _CONFOUNDER_AROUND):
        m = pat.match(text)
        if not m or _CHANGED.search(m.group("z")) or _CHANGED_VARIABLE.match(m.group("z").strip()):
            # "is it because the harsh braking goes down?": a change the treatment brings about
            # is its mechanism (a mediator), not a confounder
            continue
        if (
            _MORE_OF.search(m.group("z"))
            and not _ONLY.search(m.group(0))
            and not _BEFORE.search(m.group("z"))
        ):
            # "Is that because they attempt more quizzes?": what the treated do more of is the
            # mechanism; "isn't that just because they're paid more?" stays a doubt
            continue
        pair = None
        said = _sentences(m.group("s").strip())
        # the claim is the whole part before, or one sentence of it ("... fewer claims. But
        # they're also younger on average... could driver age explain it?")
        # (and without an aside about the treated after it: "X customers file fewer claims,
        # but they also tend to be older drivers")
        aside = re.split(
            r",?\s+but\s+(?:they|these|those|it|he|she)\b", m.group("s").strip(), flags=re.I
        )[0]
        from copilot.agents.levels import categorical_levels

        # "because they're in the centre": a level names its column (before any abbreviation)
        level_of = {v.lower(): c for c, lv in categorical_levels(ds).items() for v in lv}
        named_z = {
            level_of.get(w) or _names_column(w, names, synonyms=True) for w in tokens(m.group("z"))
        }
        pairs = []
        # ("<pills taken and the pressure at month six>. Am I fooling myself that adherence is
        # what lowers it": the claim's pointer is the column the sentence before names)
        pointed = carried(_DOUBTED.sub("", m.group("s").strip()), ds)
        claims = [*([pointed[0]] if pointed else []), m.group("s").strip(), *reversed(said), aside]
        for claim_text in dict.fromkeys(claims):
            # ("my site lead thinks overtime causes the errors": who holds it names no column)
            claim_text = re.sub(rf"^{BELIEF_HOLDER}\s*", "", claim_text, flags=re.I) or claim_text
            claim_text = _DOUBTED.sub("", claim_text) or claim_text
            claim = re.sub(r"^(?:(?:do|does|did|is|are)\s+)?", "do ", claim_text, flags=re.I)
            found = two_column_question(claim, ds) or _claimed_effect(claim_text, names)
            if found is not None:
                pairs.append(found)
        # ("Organic plots yield less. Organic farming is mostly in the dry region. Is region
        # confounding this?": the claim is the sentence whose pair leaves the confounder out)
        pair = next((p for p in pairs if not set(p[1]) & named_z), pairs[0] if pairs else None)
        if pair is None:
            continue
        zs = []
        # "because the newer machines get it more often": the subject of the clause, matched as
        # one phrase, names the confounder ("newer machines" is MachineAge, not the tenure that
        # "newer" alone would say)
        subject = re.match(
            r"(?:the\s+|their\s+|our\s+)?(?P<np>[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+(?:get|gets|got|are|is|"
            r"were|was|have|has|had|take|takes|took|use|uses|used|receive|receives|received)\b",
            m.group("z").strip(),
            re.I,
        )
        whole = match_column(subject.group("np"), names) if subject else None
        if whole is not None and whole.column and whole.column not in pair[1]:
            zs.append(whole.column)
        for w in tokens(m.group("z")) if not zs else ():
            hit = level_of.get(w) or _names_column(w, names, synonyms=True)
            if hit and hit not in pair[1] and hit not in zs:
                zs.append(hit)
        if len(zs) != 1:
            continue
        a, b = pair[1]
        return f"is the effect of {a} on {b} confounded by {zs[0]}?", [a, b, zs[0]]
    return None


#: Degree words that say a duration changes ("out of hospital faster", "in hospital longer").
_DURATION_DEGREE = re.compile(
    r"\b(?:longer|shorter|faster|sooner|quicker|quickly|slower|earlier|how\s+long)\b", re.I
)
#: Words of column names that measure a duration.
_DURATION_WORDS = frozenset(
    "days day hours hrs hr minutes mins min weeks wks wk months mo time duration length stay".split()
)


def duration_column(question: str, phrase: str, ds: dict[str, Any]) -> tuple[str, list[str]] | None:
    """The question with an unmatched role phrase replaced by the table's one duration column
    (a name with a word of time: `recovery_days`, `downtime_min`) when the question says the
    duration changes with a degree word ("get patients out of hospital faster", "keeps patients
    in hospital longer"); None unless the table has exactly one such column."""
    if (
        not phrase
        or phrase.lower() not in question.lower()
        or not _DURATION_DEGREE.search(question)
    ):
        return None
    names = _duration_columns(ds)
    if len(names) != 1 or names[0] in question:
        return None
    at = question.lower().index(phrase.lower())
    return question[:at] + names[0] + question[at + len(phrase) :], names


def unit_column(question: str, phrase: str, ds: dict[str, Any]) -> tuple[str, list[str]] | None:
    """The question with an unmatched role phrase replaced by the table's one column measured in
    the unit the question's amount is said in ("if every call were 60 seconds shorter" with
    `AHT_sec`, "if patients stayed 2 days less" with `recovery_days`): the amount's unit says
    which variable changes when the words before it name the rows or a verb; None unless the
    question says amounts in one unit and exactly one numeric column is measured in it."""
    from copilot.agents.columns import amount_units, column_in_unit

    if not phrase:
        return None
    units = amount_units(question)
    if len(units) != 1:
        return None
    name = column_in_unit(units[0], ds)
    if name is None or name.lower() in question.lower():
        return None
    if phrase.lower() in question.lower():
        at = question.lower().index(phrase.lower())
        return question[:at] + name + question[at + len(phrase) :], [name]
    words = phrase.split()
    verb = re.search(rf"\b{re.escape(words[0])}\b", question, re.I) if len(words) == 2 else None
    if verb is None or not amount_units(f"1 {words[1]}"):
        return None
    # "if drivers stayed 6 months longer" read as "stayed months": the verb's variable is
    # the column in that unit ("if drivers' tenure_mo were 6 months longer")
    return question[: verb.start()] + f"{name} were" + question[verb.end() :], [name]


def method_pair(question: str, ds: dict[str, Any]) -> tuple[str, list[str]] | None:
    """A request that names an estimator and two columns and nothing else ("inverse probability
    weighting: physio programme and injury", "match on the propensity score: new drug vs
    readmission") read as "the effect of the first on the second using <estimator>"; None unless
    the words left after the estimator name exactly two columns."""
    from copilot.agents.lexicon import METHODS

    hits = [(m.span(), name) for p, name in METHODS.items() for m in re.finditer(p, question, re.I)]
    if not hits or len({name for _, name in hits}) > 1:
        return None  # several estimators: a comparison, read elsewhere
    start, end = min(a for (a, _), _ in hits), max(b for (_, b), _ in hits)
    said = hits[0][1]  # the estimator's own name ("matching" for "match on the propensity")
    rest = question[:start] + " " + question[end:]
    if re.search(r"\b(?:on|from|per)\b", rest, re.I) or (
        re.search(r"\bof\b", rest, re.I)
        and not re.search(r"\bof\s+[^,;]+?\s+(?:vs\.?|versus|and|against)\s+", rest, re.I)
    ):
        # "regression of Y on X", "X on Y", "Y per X": the direction words are read elsewhere ("matching of
        # A vs B" names the pair in order)
        return None
    names = [c["name"] for c in ds.get("columns") or [] if c.get("kind") != "id"]
    found: list[str] = []
    for w in tokens(rest):
        hit = _names_column(w, names, synonyms=True)
        if hit and hit not in found:
            found.append(hit)
    if len(found) != 2:
        return None
    return f"what is the effect of {found[0]} on {found[1]} using {said}?", found


#: Options of an effect estimate said after a bare pair of variables ("X and Y, tested at the 1%
#: level", "X vs Y, 500 bootstrap draws", "X and Y, no refutations please").
_EFFECT_OPTION = re.compile(
    r"\b(?:bootstrap\w*|resampl\w*|draws|reps|replicat\w*|refut\w*|placebo\w*|sensitivity|"
    r"robustness|significan\w*|confidence|intervals?|ci|alpha|p[\s-]?values?|level|control\w*|"
    r"adjust\w*|holding|net\s+of|accounting\s+for|instrument\w*|estimator|method|sanity\s+checks?|"
    r"point\s+estimate|forest|learner)\b",
    re.I,
)
#: Words of a bare pair that join the two variables.
_PAIR_JOINS = frozenset("and vs versus v x & with to the a an its their per".split())
#: Measure words a pair may add to a variable's name ("lapse rate" for `lapsed`).
_MEASURE_WORDS = frozenset("rate rates level levels count number amount share score".split())


def option_pair(question: str, ds: dict[str, Any]) -> tuple[str, list[str]] | None:
    """A request that is a bare pair of variables followed by options of the estimate ("new drug
    and readmission, tested at the 1% level", "organic vs yield, no refutations") read as "the
    effect of the first on the second, <options>"; None unless the words before the first
    comma, colon or dash name exactly two columns and nothing else, and the rest names an
    option."""
    from copilot.agents.lexicon import METHODS, UNAVAILABLE_METHODS

    m = re.match(
        r"\s*(?P<head>[^,:;().]+?)\s*(?P<sep>[,:;(]|\.\s+|\s-+\s|\s(?=(?:with|using|via|at|under)\s))\s*(?P<tail>.+)$",
        question,
    )
    if m is None:
        return None
    head, tail = m.group("head"), m.group("tail")
    if not (
        _EFFECT_OPTION.search(tail)
        or any(re.search(p, tail, re.I) for p in (*METHODS, *UNAVAILABLE_METHODS))
    ):
        return None
    names = [c["name"] for c in ds.get("columns") or [] if c.get("kind") != "id"]
    sides = re.split(r"\s+(?:and|vs\.?|versus|v|x|&|->|→)\s+", head.strip(), flags=re.I)
    if len(sides) == 2:
        # each side a phrase of one column ("device_used and qol")
        a, b = (match_column(side, names).column for side in sides)
        if a and b and a != b:
            return _pair_reading([a, b], m)
    found: list[str] = []
    for w in tokens(head):
        if w in _PAIR_JOINS:
            continue
        hit = _names_column(w, names, synonyms=True)
        if hit is None and w in _MEASURE_WORDS:
            continue
        if hit is None:
            return None  # a word of something else: not a bare pair
        if hit not in found:
            found.append(hit)
    if len(found) != 2:
        return None
    return _pair_reading(found, m)


def _pair_reading(found: list[str], m: Any) -> tuple[str, list[str]]:
    """The effect of the first of a bare pair on the second, with the options said after it (a
    sentence of its own stays one: "X and Y. Z is a mediator, so leave it out.")."""
    sep = ". " if m.group("sep").startswith(".") else ", "
    return (
        f"what is the effect of {found[0]} on {found[1]}{sep}{m.group('tail').rstrip(' ?.!')}?",
        found,
    )


#: "which (one) ...": a question that asks which group of a yes/no column does better.
_WHICH = re.compile(
    r"\bwhich(?:\s+(?:one|ones|group|groups|kind|type|option|of\s+(?:the\s+)?(?:two|them)))?\b",
    re.I,
)


def which_group_question(question: str, ds: dict[str, Any]) -> tuple[str, list[str]] | None:
    """A question that compares the two groups of a yes/no column on another column ("yearly vs
    monthly contract: which churns less?", after the levels were folded into `contract_type`)
    read as the effect of the yes/no column on the other; None unless exactly two columns are
    named and the first is yes/no."""
    if not _WHICH.search(question) or _has_option(question):
        return None
    kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    names = [n for n, k in kinds.items() if k != "id"]
    found: list[str] = []
    for w in tokens(question):
        hit = _names_column(w, names, synonyms=True)
        if hit and hit not in found:
            found.append(hit)
    if len(found) != 2 or kinds.get(found[0]) != "binary":
        return None  # the groups compared are named first, the measure after "which"
    return f"what is the effect of {found[0]} on {found[1]}?", found


def _duration_columns(ds: dict[str, Any]) -> list[str]:
    """Numeric columns whose name has a word of time (`recovery_days`, `downtime_min`)."""
    out = []
    for c in ds.get("columns") or []:
        words = tokens(c["name"])
        if c.get("kind") not in ("continuous", "discrete"):
            continue
        at = [i for i, w in enumerate(words) if w in _DURATION_WORDS]
        # a time word after a unit or "per" is a rate's denominator (`data_gb_mo`, `steps_k_day`)
        if at and not any(i and words[i - 1] in (*_UNITS, "per", "k") for i in at):
            out.append(c["name"])
    return out


#: A sentence that tells what was tried before ("We already looked at the raw correlation.",
#: "I've compared the averages before."): history, no slot of the request.
_TRIED_BEFORE = re.compile(
    r"^(?:(?:so|and|but)\s*,?\s+)?(?:we|i|they|the\s+\w+\s+team)(?:'ve|\s+have|\s+had)?\s+"
    r"(?:already|previously|first|once)\s+(?:\w+\s+){0,2}?(?:looked|compared|tried|checked|ran|run|"
    r"did|done|saw|seen|plotted|computed|calculated|fitted|fit|eyeballed)\b",
    re.I,
)
#: A parenthesised aside: a clause of its own that may name a column in passing.
_PARENTHESES = re.compile(r"\s*\([^()]*\)")
#: A sentence that restates a slot of the request: "Satisfaction, I mean.", "I mean the
#: satisfaction score.", "The repairs, that is."
_RESTATED = re.compile(
    r"^(?:(?:i\s+mean|i\s+meant|that\s+is|i\.e\.)\s*,?\s*(?P<a>[\w'\- ]+?)|(?P<b>[\w'\- ]+?)\s*,\s*"
    r"(?:i\s+mean|i\s+meant|that\s+is))\s*[.!]*$",
    re.I,
)
#: The pointer a restatement replaces: the last "that", "it", "this" or "them" of the request.
_LAST_POINTER = re.compile(r"\b(?:that|it|this|them)\b(?!.*\b(?:that|it|this|them)\b)", re.I)


#: A pointer as the column results are split by: "split by that", "broken down by it".
_SPLIT_POINTER = re.compile(
    r"\b(?:by|across)\s+(?P<p>that|it|this|them)\b(?!\s+(?:way|means)\b)", re.I
)


def assembled(question: str, ds: dict[str, Any]) -> str | None:
    """One reading of a message of several sentences: the sentence that asks (the last question,
    else the last sentence) with the sentences that give it slots, in order. A sentence that
    names a column or an option of the analysis gives slots; a sentence that only tells what
    was tried before ("We already compared the raw averages."), background with no column and
    no option ("The vets have opinions.", "Thanks.") and an aside in parentheses without an
    option ("(their bill is in the table too)") give none and are left out. A sentence after
    the ask that restates a slot ("Satisfaction, I mean.") takes the place of the ask's last
    pointer. None when nothing is left out or restated."""
    text = _PARENTHESES.sub(lambda m: m.group(0) if _names_setting(m.group(0)) else "", question)
    parts = _sentences(text.strip())
    if len(parts) < 2:
        return None
    asks = [k for k, p in enumerate(parts) if p.rstrip().endswith("?")]
    ask = asks[-1] if asks else len(parts) - 1
    request = parts[ask]
    for later in parts[ask + 1 :]:
        m = _RESTATED.match(later)
        pointer = _LAST_POINTER.search(request)
        if m and pointer:
            said = m.group("a") or m.group("b")
            request = request[: pointer.start()] + said + request[pointer.end() :]
    split = _SPLIT_POINTER.search(request)
    if split and not context_columns(request[split.start() :], ds, ()):
        # "The team thinks it differs by plan tier. Can you split it by that?": the column the
        # sentences before name last
        named = [c for c, _ in mentions(" ".join(parts[:ask]), ds, ())]
        if named:
            request = request[: split.start("p")] + named[-1] + request[split.end("p") :]
    kept: dict[int, str] = {}
    for k, sentence in enumerate(parts):
        if k == ask:
            kept[k] = request
        elif k > ask:
            if not _RESTATED.match(sentence) and _names_setting(sentence):
                kept[k] = sentence
        elif not _TRIED_BEFORE.match(sentence) and (
            _names_setting(sentence) or mentions(sentence, ds, ())
        ):
            kept[k] = sentence
    for k in sorted(kept, reverse=True):
        if k >= ask or _names_setting(kept[k]):
            continue
        # a sentence whose every column the others name again gives no slot of its own
        # ("Counseling was offered mainly to people with low credit scores.", before a request
        # that accounts for the credit score)
        own = {c for c, _ in mentions(kept[k], ds, ())}
        others = {c for j, t in kept.items() if j != k for c, _ in mentions(t, ds, ())}
        if own <= others:
            del kept[k]
    out = " ".join(kept[k] for k in sorted(kept))
    return out if out != question.strip() else None


#: An option whose column is a pointer to what its own sentence names ("The plan they are on
#: matters too; include it.", "Age differs a lot, so adjust for that."): a control.
_CONTROL_POINTER = re.compile(
    r"\b(?:include|adjust\s+for|control\s+for|account\s+for|correct\s+for|hold|keep)\s+"
    r"(?P<p>it|them|that|this)(?:\s+(?:fixed|constant|equal|as\s+well|too))?\b(?!\s+(?:way|means)\b)",
    re.I,
)


def pointed_controls(question: str, ds: dict[str, Any]) -> str | None:
    """`question` with a control said by a pointer to the one column its own sentence names
    before it written as "adjust for <column>" ("The plan they are on matters too; include it."
    is "...; adjust for plan."); None when no sentence says one so."""
    # (sentences end at their stop, not at a semicolon: "...matters too; include it.")
    parts = [p for p in re.split(r"(?<=[.!?])\s+", question.strip()) if p]
    out, changed = [], False
    for sentence in parts:
        m = _CONTROL_POINTER.search(sentence)
        named = (
            list(dict.fromkeys(c for c, _ in mentions(sentence[: m.start()], ds, ()))) if m else []
        )
        if m and len(named) == 1:
            sentence = sentence[: m.start()] + f"adjust for {named[0]}" + sentence[m.end() :]
            changed = True
        out.append(sentence)
    return " ".join(out) if changed else None


#: Where a message goes on to a second request of its own ("..., and while you're at it,
#: estimate ...", "... . Also, what's the effect of ...?", "...; and then draw the graph").
_NEXT_REQUEST = re.compile(
    r"(?:,?\s+and\s+while\s+you(?:'?re|\s+are)\s+(?:at\s+it|there)\s*,?|"
    r"(?<=[.?!;])\s+(?:and\s+)?(?:also|additionally|separately|on\s+top\s+of\s+that|"
    r"(?:then|after\s+that)(?=\s*,))\s*,?(?:\s+while\s+you(?:'?re|\s+are)\s+(?:at\s+it|there)\s*,?)?|"
    r"(?<=[.?!;])\s+while\s+you(?:'?re|\s+are)\s+(?:at\s+it|there)\s*,?|"
    # ("..., and then estimate ...": a request verb after "and then" / "and also")
    r",?\s+and\s+(?:then|after\s+that|also)\s*,?(?=\s+(?:estimate|check|tell|describe|draw|run|count|"
    r"find|show|give|compute|see|look|what|how|whether|if|is|are|does|do|could|can|would|please)\b))\s+",
    re.I,
)


def two_requests(question: str) -> tuple[str, str] | None:
    """The two requests of a message that asks for two things, split where it goes on to the
    second ("check how complete the audit score is, and while you're at it, estimate the effect
    of training on violations"); None when it makes one request."""
    found = list(_NEXT_REQUEST.finditer(question))
    if len(found) != 1:
        return None
    m = found[0]
    first, second = question[: m.start()].strip(), question[m.end() :].strip()
    if len(first.split()) < 3 or len(second.split()) < 3:
        return None
    return first, second


#: A sentence of its own that names a third variable as the cause of both ends ("I suspect
#: overtime drives both.", "My guess is that age is behind the two of them."): a confounder.
_BEHIND_BOTH = re.compile(
    r"^(?:(?:i|we)\s+(?:suspect|think|guess|bet|reckon|believe|worry)\s+(?:that\s+)?|"
    r"(?:my|our)\s+(?:guess|hunch|suspicion|worry)\s+is\s+(?:that\s+)?|(?:maybe|perhaps|probably)\s+)?"
    r"(?:the\s+|their\s+|its\s+)?(?P<z>[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+(?:(?:might|may|could|must)\s+be\s+|"
    r"is\s+|are\s+)?(?:drives?|driving|is\s+behind|are\s+behind|behind|causes?|causing|affects?|"
    r"affecting|explains?|explaining|influences?|influencing)\s+(?:both|them\s+both|both\s+of\s+them|"
    r"the\s+two(?:\s+of\s+them)?)\s*[.!]*$",
    re.I,
)


def rival_of_both(question: str, ds: dict[str, Any], pair: Sequence[str]) -> str | None:
    """The column a sentence of `question` names as the cause of both ends of `pair` ("... is
    that spurious? I suspect overtime drives both."); None unless exactly one such column."""
    names = [c["name"] for c in ds.get("columns") or [] if c.get("kind") != "id"]
    found = []
    for sentence in _sentences(question.strip()):
        m = _BEHIND_BOTH.match(sentence.strip())
        if not m:
            continue
        hit = match_column(m.group("z"), names)
        if hit.column and hit.column not in pair and hit.column not in found:
            found.append(hit.column)
    return found[0] if len(found) == 1 else None
