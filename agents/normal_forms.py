"""Normal forms of a question the planner could not read: whole classes of slips put right.

Learners of English and hurried writers slip in ways that leave the question's meaning whole
but break the readers' patterns. Rather than one rule per slip, each reading here puts right a
whole CLASS of slips at once, and the planner tries them only after the question as said found
no analysis or left a role it needs unnamed without offering candidates (`planner._rereadings`),
and never once another reading asked which column is meant; a question that reads as said is
not changed by them. No reading here names a column the question does not name: each only
reshapes the grammar around the question's own words (`protected` words, the column words of
the loaded tables, and quoted text are never touched).

- **Articles.** Articles added or left out anywhere ("the effect of the discount on the churn",
  "what is effect of discount"): the question without articles, except before an effect noun
  ("the effect of ...").
- **Prepositions after a head word.** Any preposition after an effect noun's cause is "on"
  ("the effect of X *to*/*for*/*at*/*over*/*in* Y"), and an effect noun says its cause with
  "of" ("any effect X on Y") and a share of it names it ("how much of X on Y goes through M":
  of the effect of X on Y); a word that governs a preposition takes its own (`GOVERNS`:
  "depend *of*/*from*", "responsible *of*", "influence *to*", "differ *among*", "explain me").
- **The verb's agreement.** A verb of relation after "do"/"does"/"did" and its subject is bare
  ("does the waste *depends* on ...").
- **An auxiliary left out** after a question word ("how much X drop per ...?", "what that
  number mean?", "what this table?"): "does" tried first, then "is"; and "it matter ...?" as
  "does it matter ...?"; a yes/no question in the progressive in the simple tense ("is X
  helping Y?" as "does X help Y?"); a progressive without its "is"/"are" ("the grant changing
  the fare", "which factors influencing it") gets it back.
- **A causative verb's object said with its direction but not its verb** ("make Y up", "get the
  costs down"): "make Y go up"; said with a change but no direction ("make Y move"): "change Y".
- **"be" said for "have" before an amount** ("when cows are more hours on pasture"): "have".
- **The order of a question.** A question word said last ("the effect of X on Y, how much
  is?", "..., what is?") is put first; "you can/could ...?" is "can/could you ...?"; "say
  me"/"tell to me" is "tell me", and "please to"/"can you to" lose their "to".
- **Terse questions.** The analysis word and the columns in their stated order: "effect X Y" is
  the effect of X on Y (two phrases that each name one column), "via"/"thru" M is "through" M,
  "Y drivers" asks what drives Y, "Y if we ..." asks what happens to Y, and "missing?"/"NAs?"
  alone asks for the missing values; a cause and an outcome stacked before the effect noun
  ("X Y effect", "X's Y impact") and an outcome with its cause after "from" or "per" ("Y from
  X?", "Y per extra X") are the effect of X on Y (also tried when a question left its
  outcome unnamed), and a change said as a factor or a share ("X x2 Y?", "X +10% Y") ends the
  changed variable.
- **A remark after the request.** A first-person clause after a comma, semicolon or dash about
  the asker's own situation ("..., I have to present it tomorrow") is left out when it names no
  column, no option and no "you".
- **Rows said to be without a value.** "have no X", "lack X", "are without X", where X names one
  column, is "are missing X".

Three classes are safe before any reading, and the planner applies them to every question
(`planner.plain_question`): the agreement after "does", the preposition a governing word
takes, and an effect said with its path ("the effect of X on Y via M", not a method after
"via") asked as the share that goes through M, so that the mediator is not dropped.

`readings(question, protected, columns)` gives the distinct normal forms, each class alone
first, then the auxiliary readings, then all classes together.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from copilot.agents import patterns as re

#: Effect nouns whose cause takes "of" and whose outcome takes "on".
EFFECT = r"(?:causal\s+)?(?:effects?|impacts?|influences?)"
#: Prepositions said after an effect noun's cause in place of "on".
_NOT_ON = r"to|for|at|over|in|into|onto|towards?|upon|about|with"
#: Words that govern one preposition, and the slips said for it (a small lexicon of heads).
GOVERNS = {
    r"depend(?:s|ed|ing|ent)?": ("on", r"of|from|to|at"),
    r"influence[sd]?": ("on", r"to|at|over"),
    r"responsible": ("for", r"of|to"),
    r"interested": ("in", r"for|about|on"),
    r"differ(?:s|ed|ent|ence|ences)?": ("across", r"among|amongst"),
    r"explain(?:s|ed)?": ("to me", r"me"),
}
#: Auxiliaries after which a verb is bare.
_AUX = r"do|does|did|can|could|will|would|should|may|might|must|to|doesn't|don't|didn't"
#: Words that cannot be part of the subject between "does" and its verb.
_NOT_SUBJECT = (
    _AUX + r"|whether|if|that|which|who|what|when|where|why|how|and|or|but|because|than|"
    r"check|see|know|tell|show|estimate|test"
)
#: Question words that a learner may say at the end ("..., how much is?").
_LAST_ASKED = r"how\s+much|how\s+many|how\s+big|how\s+large|how\s+strong|what|which"
#: What a missing-values question is said with when typed alone.
_MISSING = r"missing(?:\s+(?:values?|vals?|data|entries|cells))?|(?:any\s+)?(?:nas?|nans?|nulls?|blanks?|gaps?)"

_WORD = r"[A-Za-z][\w'\-]*"


def _free(question: str, protected: set[str]) -> Callable[[re.Match[str]], bool]:
    """A test of whether a match lies outside quoted text and touches no protected word."""
    quoted = [m.span() for m in re.finditer(r"\"[^\"]*\"|`[^`]*`|\u201c[^\u201d]*\u201d", question)]

    def ok(m: re.Match[str]) -> bool:
        if any(a <= m.start() < b or a < m.end() <= b for a, b in quoted):
            return False
        return not {w.lower() for w in re.findall(_WORD, m.group(0))} & protected

    return ok


def _sub(pattern: str, repl: Any, question: str, protected: set[str], flags: int = re.I) -> str:
    ok = _free(question, protected)
    return re.sub(
        pattern,
        lambda m: (m.expand(repl) if isinstance(repl, str) else repl(m)) if ok(m) else m.group(0),
        question,
        flags=flags,
    )


def articles(question: str, protected: set[str]) -> str:
    """Articles left out where a word is said: "the"/"a"/"an" before any word but an effect
    noun (whose pattern wants its article) are dropped, so added and missing articles read
    alike."""
    return re.sub(
        r"\s{2,}",
        " ",
        _sub(r"\b(?:the|an|a)\s+(?!" + EFFECT + r"\b)(?=[a-z])", "", question, protected),
    ).strip()


def prepositions(question: str, protected: set[str]) -> str:
    """Prepositions after a head word put as English says them."""
    q = question
    # "any effect X on Y" -> "any effect of X on Y" (an effect noun then a word and "on")
    q = re.sub(
        r"\b(" + EFFECT + r")\s+(?!of\b|on\b|in\b|for\b|to\b|at\b|is\b|are\b|was\b|size\b|"
        r"estimate\b|and\b|or\b|,)(?="
        + _WORD
        + r"(?:\s+"
        + _WORD
        + r"){0,3}\s+(?:on|to|for|at|over)\b)",
        r"\1 of ",
        q,
        flags=re.I,
    )
    # "how much of X on Y goes through M" -> "how much of the effect of X on Y ...": the effect
    # noun left out after a share of it
    q = re.sub(
        r"\b(how\s+much|what\s+(?:share|part|fraction|portion|percent(?:age)?)|which\s+part)\s+of\s+"
        r"(?!(?:the\s+|its\s+|this\s+|that\s+)?(?:" + EFFECT + r"|it|this|that|them)\b)"
        r"(?:the\s+)?(?=" + _WORD + r"(?:\s+" + _WORD + r"){0,3}\s+on\s+" + _WORD + r")",
        r"\1 of the effect of ",
        q,
        flags=re.I,
    )
    # "the effect of X to Y" -> "the effect of X on Y" (within five words of "of")
    q = re.sub(
        r"\b("
        + EFFECT
        + r"\s+of\s+(?:"
        + _WORD
        + r"\s+){1,5}?)(?:"
        + _NOT_ON
        + r")\b(?=\s+"
        + _WORD
        + r")",
        r"\1on",
        q,
        flags=re.I,
    )
    return governed(q)


def governed(question: str) -> str:
    """The preposition a governing word takes (`GOVERNS`) in place of the ones said for it."""
    q = question
    for head, (right, slips) in GOVERNS.items():
        q = re.sub(r"\b(" + head + r")\s+(?:" + slips + r")\b", r"\1 " + right, q, flags=re.I)
    return q


#: Verbs of a relation between variables, whose agreement a reader depends on.
RELATION_VERBS = (
    r"affect|influence|impact|drive|cause|change|depend|matter|vary|differ|explain|predict|"
    r"increase|reduce|lower|raise|improve|boost|hurt|help|work|lead|determine|shape|relate|"
    r"go|pass|run|flow|decrease|rise|fall|drop|grow"
)
#: The same verbs in the third person ("varies", "passes", "goes").
_THIRD_PERSON = "|".join(
    v[:-1] + "ies"
    if v.endswith("y")
    else v + "es"
    if v.endswith(("s", "sh", "ch", "o"))
    else v + "s"
    for v in RELATION_VERBS.split("|")
)


class _Verb:
    """The verb of a match, as a match of its own (what the test of protected words sees)."""

    def __init__(self, m: re.Match[str]):
        self._m = m

    def start(self) -> int:
        return self._m.start("verb")

    def end(self) -> int:
        return self._m.end("verb")

    def group(self, _: int = 0) -> str:
        return self._m.group("verb")


def paths(question: str) -> str:
    """An effect said with the path it takes ("the effect of X on Y via/through M") asked as
    the share that goes through it, so that the mediator is not left out."""
    from copilot.agents.lexicon import METHODS

    after = re.search(r"\b(?:via|thru|through)\b(.*)$", question, flags=re.I)
    if after and any(re.search(p, after.group(1), flags=re.I) for p in METHODS):
        return question  # "via propensity score stratification": a method, no path
    if re.search(
        r"\b(?:goes|go|going|passes|pass|mediat\w*|share|part|how\s+much\s+of)\b",
        question,
        flags=re.I,
    ):
        return question
    return re.sub(
        r"\b(?:(?:what(?:'s|\s+is)\s+)?the\s+)?("
        + EFFECT
        + r")\s+of\s+((?:"
        + _WORD
        + r"\s+){0,3}?"
        + _WORD
        + r")\s+on\s+((?:"
        + _WORD
        + r"\s+){0,3}?"
        + _WORD
        + r")\s+(?:via|thru|through)\s+",
        r"how much of the \1 of \2 on \3 goes through ",
        question,
        flags=re.I,
    )


def agreement(question: str, protected: set[str]) -> str:
    """A verb of relation after "do"/"does"/"did" and its subject bare ("does it depends",
    "does the flour waste depends on ..." -> "depend"); a verb after another clause's
    auxiliary ("should check whether X explains") keeps its agreement."""

    def bare(m: re.Match[str]) -> str:
        w = m.group("verb")
        stem = (
            w[:-3] + "y"
            if w.lower().endswith("ies")
            else w[:-2]
            if w.lower().endswith(("shes", "ches", "sses", "oes"))
            else w[:-1]
        )
        return m.group("head") + stem

    ok = _free(question, protected)
    return re.sub(
        r"(?P<head>\b(?:do|does|did|doesn't|don't|didn't)\s+(?:(?!(?:"
        + _NOT_SUBJECT
        + r")\b)"
        + _WORD
        + r"\s+){0,5}?)"
        r"(?P<verb>" + _THIRD_PERSON + r")\b",
        lambda m: bare(m) if ok(_Verb(m)) else m.group(0),
        question,
        flags=re.I,
    )


def order(question: str, protected: set[str]) -> str:
    """A question word said last put first, and a request said with its subject first put as
    a question."""
    q = question.strip()
    m = re.match(
        r"^(?P<body>.+?)\s*,?\s+(?P<ask>" + _LAST_ASKED + r")(?:\s+(?:it|this|that))?\s+"
        r"(?:is|are|it\s+is|they\s+are)\s*[?.!]*$",
        q,
        flags=re.I,
    )
    if m and not re.match(r"(?i)(?:" + _LAST_ASKED + r"|is|are|does|do)\b", m.group("body")):
        ask = m.group("ask").lower()
        ask = "how big" if ask.startswith(("how much", "how many")) else ask
        body = m.group("body").rstrip(" ,")
        q = f"{ask} is {body[0].lower() + body[1:] if not body[:2].isupper() else body}?"
    q = re.sub(r"^you\s+(can|could|would|will)\b", r"\1 you", q, flags=re.I)
    q = re.sub(r"\b(?:say|tell)\s+(?:to\s+)?me\b", "tell me", q, flags=re.I)
    q = re.sub(r"\b(please|(?:can|could|would|will)\s+you)\s+to\s+(?=[a-z])", r"\1 ", q, flags=re.I)
    return q[0].upper() + q[1:] if q and q[0].islower() and question[:1].isupper() else q


def _two_columns(words: list[str], columns: list[str]) -> tuple[str, str] | None:
    """The one way to split `words` into two phrases that each name one column, distinct, in
    the order said; None when there is none or more than one."""
    from copilot.agents.columns import match_column

    found = []
    for k in range(1, len(words)):
        left, right = (
            match_column(" ".join(words[:k]), columns),
            match_column(" ".join(words[k:]), columns),
        )
        if (
            left.column
            and right.column
            and not left.ambiguous
            and not right.ambiguous
            and left.column != right.column
            and _all_said(words[:k], left.column)
            and _all_said(words[k:], right.column)
        ):
            found.append((" ".join(words[:k]), " ".join(words[k:])))
    return found[0] if len(found) == 1 else None


def _all_said(words: list[str], column: str) -> bool:
    """Whether every word of a phrase begins like a word of the column's name (so that a
    phrase is not stretched over the next column's words)."""
    from copilot.agents.columns import tokens

    parts = tokens(column)
    plain = [re.sub(r"['\u2019]s$|-", "", w.lower()) for w in words]
    return all(any(p[:3] == w[:3] for p in parts) for w in plain)


#: Words that end a terse pair of columns (what follows is another slot).
_PAIR_END = (
    r"via|through|thru|ctrl|control|controls|controlling|adj|adjust|adjusting|for|by|among|"
    r"in|with|w|using|if|when|across|per|and|but|vs|on|to"
)


def terse(question: str, protected: set[str], columns: list[str]) -> str:
    """A terse question's analysis word and columns put in a sentence: "effect X Y" as the
    effect of X on Y (two phrases that each name one column, in the order said), "via" as
    "through", "Y drivers" as what drives Y, "Y if ..." as what happens to Y, and a
    missing-values word alone as the question for them."""
    q = question.strip()
    if re.fullmatch(r"(?:" + _MISSING + r")\s*[?!.]*", q, flags=re.I):
        return "Are there missing values in the table?"
    m = re.search(r"\b(" + EFFECT + r")\s+(?!of\b)((?:" + _WORD + r"\s*){2,8})", q, flags=re.I)
    if m:
        words = re.findall(_WORD, m.group(2))
        cut = next(
            (i for i, w in enumerate(words) if re.fullmatch(_PAIR_END, w, flags=re.I)),
            len(words),
        )
        pair = _two_columns(words[:cut], columns) if cut >= 2 else None
        if pair:
            span = re.search(
                r"\s*".join(re.escape(w) for w in words[:cut]), q[m.start(2) :], flags=re.I
            )
            if span:
                at = m.start(2) + span.start()
                q = q[:at] + f"of {pair[0]} on {pair[1]}" + q[m.start(2) + span.end() :]
    q = stacked(q, columns)
    # "churn from promo sms?", "nps per extra support call": the outcome first, its cause after
    # "from" or after "per" (a unit of it), when each side names one column and nothing else
    # is said
    m = re.fullmatch(
        r"(?:the\s+)?(?P<y>" + _WORD + r"(?:\s+" + _WORD + r"){0,3}?)\s+(?:from|per)\s+"
        r"(?:(?:each|every|one|an?)\s+)?(?:(?:extra|additional|more)\s+)?(?:the\s+)?"
        r"(?P<x>" + _WORD + r"(?:\s+" + _WORD + r"){0,3}?)"
        # (the options after it: "Y from X, ctrl Z")
        r"(?P<rest>\s*(?:,|\b(?:" + _PAIR_END + r")\b)(?!\s*(?:from|per)\b).*?)?\s*[?!.]*",
        q,
        flags=re.I,
    )
    if m:
        y, x = _one_column(m.group("y"), columns), _one_column(m.group("x"), columns)
        if (
            not re.fullmatch(_PER_UNIT, m.group("x"), flags=re.I)
            and x
            and y
            and x != y
            and _all_said(m.group("y").split(), y)
            and _all_said(m.group("x").split(), x)
        ):
            return f"effect of {m.group('x')} on {m.group('y')}{m.group('rest') or ''}"
    # "if fare x2 riders?", "ad spend +10% revenue": a change said as a factor or a share ends
    # the changed variable, and the words after it name the outcome
    q = re.sub(
        r"(\w\s*(?:[x\u00d7*]\s*\d+(?:\.\d+)?|[+\-]\s*\d+(?:\.\d+)?\s*%))\s+(?=[a-z])",
        r"\1, ",
        q,
        flags=re.I,
    )
    q = re.sub(r"\b(?:via|thru)\b", "through", q, flags=re.I)
    m = re.fullmatch(r"(.+?)\s+(?:drivers|causes)\s*[?!.]*", q, flags=re.I)
    if m and len(m.group(1).split()) <= 4:
        hit = _one_column(m.group(1), columns)
        if hit:
            return f"What drives {m.group(1)}?"
    m = re.fullmatch(r"(.+?)\s+(if|when)\s+(we|you|they|i|the|a|an)\b(.+)", q, flags=re.I)
    if m and len(m.group(1).split()) <= 4 and _one_column(m.group(1), columns):
        return f"What happens to {m.group(1)} {m.group(2)} {m.group(3)}{m.group(4)}"
    return q


def stacked(question: str, columns: list[str]) -> str:
    """A cause and an outcome stacked before the effect noun, with or without a possessive
    ("X Y effect", "the X's Y impact"), put as "effect of X on Y": the longest run of words
    before the noun that splits one way into two phrases each naming one column, the cause
    first; the question as it was when the noun states its own roles ("X effect on Y") or no
    run splits so."""
    for m in re.finditer(r"\b" + EFFECT + r"\b", question, flags=re.I):
        if re.match(r"\s+(?:of|on|from)\b", question[m.end() :], flags=re.I):
            continue
        words = list(re.finditer(_WORD, question[: m.start()]))[-6:]
        for k in range(len(words) - 1):
            run = words[k:]
            if question[run[-1].end() : m.start()].strip():
                break  # the run must end at the noun
            said = [re.sub(r"['\u2019]s$", "", w.group(0)) for w in run]
            pair = _two_columns(said, columns)
            if pair:
                return (
                    f"{question[: run[0].start()]}effect of {pair[0]} on {pair[1]}"
                    f"{question[m.end() :]}"
                )
    return question


#: What a rate is counted per ("data per month"): a unit, not a cause.
_PER_UNIT = (
    r"(?:second|minute|hour|day|week|month|year|km|kilometre|kilometer|mile|head|person|capita|"
    r"unit|item|visit|customer|user|member)s?"
)


def _one_column(phrase: str, columns: list[str]) -> str | None:
    from copilot.agents.columns import match_column

    hit = match_column(phrase, columns)
    return hit.column if hit.column and not hit.ambiguous else None


#: Words that open a question and want an auxiliary after them.
_ASKING = r"how\s+much|how\s+many|how\s+far|how|why|what|where|when|which\s+" + _WORD
#: Words after which the auxiliary is there already.
_HAS_AUX = (
    r"does|do|did|is|are|was|were|can|could|will|would|should|has|have|had|may|might|must|"
    r"doesn't|don't|didn't|isn't|aren't|to|if|of|kind|sort|type|happens?|would"
)


def auxiliary(question: str, protected: set[str]) -> Iterator[str]:
    """The question with the "do"/"does" or the "is" that learners and hurried writers leave
    out after a question word ("how much chance of leaving drop ...?", "what that number
    mean?", "what this data set?"), or before a pronoun that opens a yes/no question ("it
    matter which ...?"): the "does" reading first, then the "is" one."""
    q = question.strip()
    m = re.match(
        r"(?P<ask>" + _ASKING + r")\s+(?!(?:" + _HAS_AUX + r")\b)(?=" + _WORD + r")", q, flags=re.I
    )
    if m and not {w.lower() for w in re.findall(_WORD, m.group("ask"))} & protected:
        rest = q[m.end() :]
        yield f"{m.group('ask')} does {rest}"
        yield f"{m.group('ask')} is {rest}"
    m = re.match(
        r"(?:it|this|that)\s+(?!(?:is|was|has|'s|does|did|can|will|would)\b)" + _WORD, q, flags=re.I
    )
    if m:
        yield "does " + q[0].lower() + q[1:]


def causative(question: str, protected: set[str]) -> str:
    """A causative verb whose object is said with its direction but without its verb ("how much
    the tutor make final score up", "does X get the costs down?") with the "go" put back ("make
    final score go up"), the form the readers of relations know."""
    quoted = _free(question, set())  # the object is the column's words: only quotes are kept

    def put(m: re.Match[str]) -> str:
        if not quoted(m) or {m.group(1).lower(), m.group(3).lower()} & protected:
            return m.group(0)
        return f"{m.group(1)} {m.group(2)} go {m.group(3)}"

    # "how much does X make Y move?": a causative of a change without a direction is the change
    question = re.sub(
        r"\b(?:make|makes|made|making)\s+((?:the\s+|their\s+|our\s+)?(?!(?:it|them|sure)\b)"
        + _WORD
        + r"(?:\s+(?!(?:to|be|is)\b)"
        + _WORD
        + r"){0,3}?)\s+(?:move|change|vary|shift|budge)\b",
        lambda m: m.group(0) if not quoted(m) else f"change {m.group(1)}",
        question,
        flags=re.I,
    )
    return re.sub(
        r"\b(make|makes|made|making|get|gets|got|getting)\s+"
        r"((?:the\s+|their\s+|our\s+)?(?!(?:go|goes|it|them|sure|rid)\b)"
        + _WORD
        + r"(?:\s+(?!(?:go|goes|to|be|is)\b)"
        + _WORD
        + r"){0,3}?)\s+"
        r"(up|down|higher|lower)\b(?!\s+(?:to|by)\b)",
        put,
        question,
        flags=re.I,
    )


def amount_had(question: str, protected: set[str]) -> str:
    """ "be" said for "have" before an amount of something ("when cows are more hours on
    pasture", "if the agent is 3 years more tenure"): the rows have the amount."""
    return _sub(
        r"\b(?:(is|was)|are|were)\s+(?=(?:more|fewer|less|extra|\d+(?:\.\d+)?\s+more)\s+"
        r"(?!than\b)[a-z])",
        lambda m: "has " if m.group(1) else "have ",
        question,
        protected,
    )


def _ing(verb: str) -> str:
    if verb.endswith("e") and not verb.endswith(("ee", "ye")):
        return verb[:-1] + "ing"
    if re.fullmatch(r"[^aeiou]*[aeiou][bdgmnprt]", verb) and verb not in ("help",):
        return verb + verb[-1] + "ing"  # "run" -> "running"
    return verb + "ing"


#: The verbs of relation in their "-ing" form ("helping", "driving", "running"): the stem of each.
_PROGRESSIVE = {_ing(v): v for v in RELATION_VERBS.split("|")}


def progressive(question: str, protected: set[str]) -> str:
    """A yes/no question said in the progressive ("is the device helping the hba1c?", "are the
    tickets driving the score down?") said in the simple tense ("does the device help ..."),
    the form the readers of relations know."""
    m = re.match(
        r"(?P<aux>is|are|was|were)\s+(?P<subj>(?:(?!(?:there|it|this|that)\b)"
        + _WORD
        + r"\s+){1,5}?)(?P<verb>"
        + "|".join(_PROGRESSIVE)
        + r")\b",
        question.strip(),
        flags=re.I,
    )
    if m is None or m.group("verb").lower() in protected:
        return question
    aux = {"is": "does", "are": "do", "was": "did", "were": "did"}[m.group("aux").lower()]
    if question.strip()[:1].isupper():
        aux = aux.capitalize()
    stem = _PROGRESSIVE[m.group("verb").lower()]
    return f"{aux} {m.group('subj')}{stem}{question.strip()[m.end() :]}"


#: Verbs a progressive said without its "is"/"are" is made of: the verbs of relation and the
#: everyday verbs said for them ("making customers leave", "killing us", "acting on").
_BARE_PROGRESSIVE = {
    *_PROGRESSIVE,
    *(
        _ing(v)
        for v in ("make", "act", "confound", "kill", "push", "send", "keep", "bring", "pull")
    ),
}
#: Words after which an "-ing" verb is not a progressive left without its auxiliary.
_NOT_BEFORE_ING = (
    r"is|are|was|were|be|been|being|am|'s|'re|not|by|for|of|on|in|at|to|from|with|without|about|"
    r"after|before|while|when|than|the|a|an|its|their|our|my|keep|keeps|kept|stop|stops|start|"
    r"starts|avoid|how|what|why|and|or|but|if|whether|that|this|who|which|where"
)


def progressive_aux(question: str, protected: set[str]) -> str:
    """A progressive said without its "is"/"are" ("telematics making fewer claims or not?",
    "which factors influencing it", "the grant changing the fare") with it put back before the
    first such verb ("are" after a plural word): a subject, then the "-ing" form of a verb of
    relation, with no verb of being before it."""
    m = re.search(
        r"\b(?P<before>" + _WORD + r")\s+(?P<verb>" + "|".join(sorted(_BARE_PROGRESSIVE)) + r")\b",
        question,
        flags=re.I,
    )
    if m is None or not _free(question, protected)(_Verb(m)):  # type: ignore[arg-type]
        return question
    before = m.group("before").lower()
    if re.fullmatch(_NOT_BEFORE_ING + "|" + _AUX, before, flags=re.I):
        return question
    if re.search(
        r"\b(?:is|are|was|were|am)\s+(?:\w+\s+){0,2}$", question[: m.start("verb")], flags=re.I
    ):
        return question
    plural = re.fullmatch(r"[a-z]{2,}(?<![su])s|people|things|factors", before)
    at = m.start("verb")
    return f"{question[:at]}{'are' if plural else 'is'} {question[at:]}"


#: A clause after the request about the asker's own situation ("..., I have to present it
#: tomorrow", "- we need it for the board"): first person, asking nothing of "you".
_REMARK_AFTER = re.compile(
    r"(?:\s*[,;]|\s+-{1,2}|\s*\u2014)\s*(?:(?:and|as|because|since|but|cause)\s+)?"
    r"(?:i|we)(?:'m|'ve|'ll|'d|\s+am|\s+are|\s+have|\s+had|\s+must|\s+need|\s+want|\s+got|"
    r"\s+should|\s+will|\s+would|\s+was|\s+were)\b(?P<rest>[^,;?]*?)[.!]*\s*$",
    re.I,
)
#: Words of a remark that make it part of the request (an option, "you", a question).
_NOT_A_REMARK = re.compile(
    r"\b(?:you|your|control\w*|adjust\w*|using|use|method|instrument|via|through|"
    r"effect|impact|cause\w*|if|whether)\b",
    re.I,
)


def remark_after(question: str, columns: list[str]) -> str:
    """A remark after the request about the asker's own situation, in the first person after a
    comma, semicolon or dash ("I need you to explain X, I have to present it tomorrow"), left
    out: it asks nothing and names no column or option."""
    from copilot.agents.columns import tokens

    m = _REMARK_AFTER.search(question)
    if not m or m.start() == 0 or _NOT_A_REMARK.search(m.group(0).split(None, 1)[-1]):
        return question
    said = {w.lower() for w in re.findall(_WORD, m.group("rest"))}
    if any(set(tokens(c)) & said for c in columns):
        return question
    return question[: m.start()].rstrip() + "."


#: Rows said to be without a value ("how many stations have no user rating", "which
#: policies lack a mileage"): the column's values missing, when the words name a column.
_HAVE_NO = re.compile(
    r"\b(?:(?:have|has|had)\s+no|lacks?|lacking|(?:are|is|were|was)\s+without)\s+(?:an?\s+|any\s+)?"
    r"(?P<rest>(?:[\w-]+\s+){0,3}?[\w-]+)(?=\s*(?:at\s+all|value|figure|entry|recorded)?\s*[?.!,]|\s*$)",
    re.I,
)


def have_no(question: str, columns: list[str]) -> str:
    """Rows said to have no value of a column ("have no X", "lack X", "are without X") as X
    missing ("are missing X"), when the words after name one column of the table."""
    m = _HAVE_NO.search(question)
    if not m or not _one_column(m.group("rest"), columns):
        return question
    return question[: m.start()] + "are missing " + question[m.start("rest") :]


def readings(question: str, protected: set[str], columns: list[str]) -> Iterator[str]:
    """The distinct normal forms of `question`, each class alone first, then all together
    (never the question itself)."""
    seen = {question}
    steps = (
        lambda q: terse(q, protected, columns),
        lambda q: prepositions(q, protected),
        lambda q: order(q, protected),
        lambda q: agreement(q, protected),
        lambda q: causative(q, protected),
        lambda q: amount_had(q, protected),
        lambda q: articles(q, protected),
        lambda q: remark_after(q, columns),
        lambda q: have_no(q, columns),
    )
    for step in steps:
        new = paths(step(question))
        if new not in seen:
            seen.add(new)
            yield new
    for new in (
        *auxiliary(question, protected),
        progressive(question, protected),
        progressive_aux(question, protected),
    ):
        if new not in seen:
            seen.add(new)
            yield new
    whole = question
    for step in steps:
        whole = step(whole)
    whole = paths(whole)
    if whole not in seen:
        yield whole
