"""The question's surface made plain before it is parsed: shouting, openers and fillers.

Analysts wrap the same request in many ways ("hi, quick one: ...", "so basically, ...",
"Background: we're reviewing last quarter. ...", "..., kind of?") or type it in capitals. None of
that changes what is asked, so it is removed here, once, before any reading of the question:
every later step (intent, slots, column matching) then sees the request itself. Only words that
never carry an analysis are removed, and only where they cannot belong to the request ("kind of"
stays in "what kind of effect").
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: Quoted text, file names and paths keep their case and words.
_VERBATIM = re.compile(r"\"[^\"]*\"|`[^`]*`|\u201c[^\u201d]*\u201d|[\w./~\-]+\.[A-Za-z]{2,5}\b")

#: Openers that greet, hedge or ask for attention; the request follows them.
_OPENER = re.compile(
    r"^\s*(?:"
    r"(?:hi|hello|hey)(?:\s+there)?\s*[!,.:\-]+|"
    r"(?:um+|uh+|erm+|hmm*|ah+)\b[,.!:]*|"
    # "Thanks, that helps.", "Great, that's clear.": a thanks for the last answer
    # ("Good.", "Very good.", "Fine.", "Excellent.": the same, said as a judgement)
    r"(?:thanks|thank\s+you|great|perfect|cool|nice|(?:very\s+)?good|fine|excellent|super|wonderful)"
    r"(?:\s*,?\s*(?:that|this|that's|this\s+is|that\s+is)\s+"
    r"(?:helps|helped|is\s+|was\s+)?(?:helpful|useful|clear|great|interesting|very\s+\w+)?)?\s*[.!]+|"
    r"(?:so\s+)?(?:basically|actually|honestly|anyway|ok(?:ay)?|alright|right|well|so)\s*[,:!]+|"
    r"(?:so\s+)?(?:basically|actually|honestly)\b|"
    r"(?:a\s+)?quick\s+(?:one|question)\s*[:,!\-]+|"
    r"(?:could|can|would)\s+you\s+help\s+me(?:\s+out)?(?:\s+(?:here|with\s+(?:this|something)))?"
    r"\s*[:\-]+|"
    r"(?:some\s+|for\s+|a\s+bit\s+of\s+)?(?:context|background)\s*[:\-]+"
    r")\s*",
    re.I,
)
#: Thanks or "please" after a finished question ("... goes via the setpoint? thanks!").
_CLOSER = re.compile(
    r"(?<=[?.!,])\s*(?:thanks?(?:\s+(?:a\s+lot|so\s+much|in\s+advance))?|thank\s+you|thx|cheers|"
    r"please|pls|ty)\s*[!.]*\s*$",
    re.I,
)
#: A sentence labelled as context ("Background: we're reviewing last quarter.") before the request.
_LABELLED = re.compile(
    r"^\s*(?:some\s+|for\s+|a\s+bit\s+of\s+)?(?:context|background)\s*[:\-]+\s*[^.!?]+[.!]\s+(?=\S)",
    re.I,
)
#: A first sentence that only introduces the data ("I have a table about hospital.", "I'm new
#: to this data."): it asks nothing, and what it names is dropped with it unless a column.
_DATA_INTRO = re.compile(
    r"^\s*(?:i\s+(?:have|got|am\s+looking\s+at|'m\s+looking\s+at)\s+(?:a|an|this|the|some)\s+"
    r"(?:table|dataset|data\s*set|data|spreadsheet|file|csv)(?:\s+(?:about|of|on|with|from)"
    r"\s+(?P<about>[\w\s\-]{1,40}?))?|i(?:'m|\s+am)\s+new\s+(?:to|with)\s+(?:this|the)\s+"
    r"(?:data|table|dataset|tool))\s*[.!]\s+(?=\S)",
    re.I,
)
#: Words that may point back into a context sentence: then it stays.
_POINTS_BACK = re.compile(r"\b(?:it|its|this|that|these|those|they|them|their)\b", re.I)
#: Hedging fillers inside the request ("is X kind of driving Y"), not "what kind of effect".
_FILLER = re.compile(
    r"(?<!\bwhat)(?<!\bwhich)(?<!\bthis)(?<!\bthat)(?<!\bthe)(?<!\bany)(?<!\bsome)(?<!\beach)"
    r"(?<!\bevery)(?<!\bsame)(?<!\bone)(?<!\ba)\s*,?\s+(?:kind\s+of|sort\s+of|basically|um+|uh+)"
    r"\b(?!\s+(?:effect|thing|analysis|test|method|model|question|data|variable|column))",
    re.I,
)


#: The short function words of a request ("same", "which", "the", "with"), whose misspellings
#: the analysis-word corrector leaves alone as too short to be sure of; two neighbouring letters
#: swapped in one of them ("smae", "whcih", "teh") is that word.
_FUNCTION_WORDS = (
    "the and are was not for but can did all our you your what which who why when where how "
    "same with that this than then them they their there these those from each every does have "
    "about after also been because before between across among much many more most only other "
    "over under into should would could whether kind sort"
).split()
#: Words of their own that are a function word with two neighbours swapped ("form", "dose").
_SWAPPED_WORDS = frozenset(
    "form fro dose odes mots nay bene own won saw tow ohm ton three aws ddi cna btu hwy fater".split()
)


def _swaps(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)} - {word}


_SWAPPED: dict[str, list[str]] = {}
for _w in _FUNCTION_WORDS:
    for _s in _swaps(_w):
        _SWAPPED.setdefault(_s, []).append(_w)
#: Each swapped spelling of one function word only ("hwo" is "how" or "who": left alone).
_FUNCTION_TYPOS = {
    k: v[0]
    for k, v in _SWAPPED.items()
    if len(set(v)) == 1 and k not in _SWAPPED_WORDS and k not in _FUNCTION_WORDS
}


def function_words_fixed(text: str, column_words: set[str] | frozenset[str] = frozenset()) -> str:
    """`text` with function words typed with two neighbouring letters swapped put right ("is it
    the smae for each site", "whcih kind of plots"), so that every later reading sees the word;
    words of the table's column names are left as typed."""

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        right = _FUNCTION_TYPOS.get(low)
        if right is None or low in column_words:
            return w
        return right.capitalize() if w[0].isupper() else right

    return outside_verbatim(text, lambda t: re.sub(r"(?<![\w\-'])[A-Za-z]{3,7}(?![\w\-'])", fix, t))


#: A frame verb before an indirect question of which group ("figure out for which shift the
#: effect is biggest", "work out on which route ..."): the question is what follows.
_FRAME_VERB = re.compile(
    r"^\s*(?:please\s+)?(?:(?:figure|find|work|sort|suss)\s+out|determine|establish|identify)\s+"
    r"(?=(?:for|in|on|at|among|across|from|with|by|within)\s+(?:which|what)\b)",
    re.I,
)


_INDIRECT_ORDER = re.compile(
    r"^(?P<wh>\s*\w+\s+(?:which|what)\s+[\w\-]+)\s+(?P<subj>(?:the|its|their)\s+[^,;?]+?)\s+"
    r"(?P<be>is|are|was|were)\s+(?=(?:the\s+)?(?:[\w\-]+(?:est|er)|most|more|less|least)\b)",
    re.I,
)


#: Contractions written out, so that one spelling of each is read ("what's X caused by?" is
#: "what is X caused by?"); "it's" is left alone (it is often written for "its"), and so are
#: negations ("don't"), which the readings of options know in both spellings.
_CONTRACTION = re.compile(
    r"\b(?:(what|how|where|who|which|that|there|here)'s|(i)'m|(we|they|you)'re|(i|we|they|you)'ve)\b",
    re.I,
)


def _written_out(m: re.Match[str]) -> str:
    word = next(g for g in m.groups() if g)
    tail = {"'s": "is", "'m": "am", "'re": "are", "'ve": "have"}
    for end, full in tail.items():
        if m.group(0).lower().endswith(end):
            return f"{word} {full}"
    return m.group(0)


def outside_verbatim(text: str, change: Callable[[str], str]) -> str:
    """`text` with `change` applied to all but its quoted text, file names and paths (a typo
    fix must not turn "casual.jsonl" into "causal.jsonl")."""
    out, at = [], 0
    for m in _VERBATIM.finditer(text):
        out += [change(text[at : m.start()]) if m.start() > at else "", m.group(0)]
        at = m.end()
    out.append(change(text[at:]) if at < len(text) else "")
    return "".join(out)


def _shouted(text: str) -> bool:
    letters = [c for c in _VERBATIM.sub("", text) if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _lower_outside_quotes(text: str) -> str:
    out, at = [], 0
    for m in re.finditer(r"\"[^\"]*\"|`[^`]*`|\u201c[^\u201d]*\u201d", text):
        out += [text[at : m.start()].lower(), m.group(0)]
        at = m.end()
    out.append(text[at:].lower())
    return "".join(out)


#: Words of a remark about the asking itself, not about the data ("not sure if this makes sense,
#: but", "maybe a dumb one:", "can you help me with this:", "... (if that's even a thing)",
#: "Could you work that out for me?"): pronouns, modal and helper verbs, hedges, and the words
#: people use for a question, its sense and its phrasing. A clause made only of these asks
#: nothing by itself; the question beside it is the request.
_ASKING_WORDS = frozenset(
    """
    i i'm im i'd i've me my we we're us our you your u it it's its this that that's these
    something anything one a an the is are am was be been being do does did doing can could
    would will might may must should shall not no sure certain if even but so or just really
    quite maybe perhaps possibly probably bit little kind sort of to for with at on in about out
    up please pls thanks thank sorry silly dumb stupid naive obvious basic simple quick make
    makes making sense guess think thinking overthinking overthink wonder wondering ask asking
    question questions thing things phrase phrasing put say way hope help helping work working
    figure find look looking take taking have has got get know want wanted need like let tell
    idea clear unclear here there again now mind right wrong correctly properly any
    """.split()
)
#: ... and, before the question only, an indefinite request about it ("would you mind checking
#: something for me?", "could you answer this for me?"); after it, "can you check that?" asks
#: for a check of what was said.
_ASKING_LEAD_WORDS = _ASKING_WORDS | {"check", "checking", "answer", "answering", "run"}
#: A trailing question about the truth of what was said ("is that right?", "am I wrong?") asks.
_ASKS_TRUTH = re.compile(r"^(?:is|isn't|was|are)\s+(?:that|it|this|there)\b|^am\s+i\b", re.I)
_LEAD_CLAUSE = re.compile(r"^\s*([^.?!:;()\"`]{2,90}?)(?:[.?!:;]+|,\s*but\b|\s+-\s+)\s+(?=\S)")
_TAIL_CLAUSE = re.compile(r"(?:(?<=[.?!])\s+|\s*\()([^.?!:;()\"`]{2,90}?)[.?!]*\)?[.?!]*\s*$")


#: The words among them that make a clause a remark on the asking (a clause of helper words
#: alone, "Did it?", "right.", asks or answers).
_ASKING_MARKS = frozenset(
    """
    sure certain silly dumb stupid naive obvious basic question questions thing things sense
    guess overthinking overthink wonder wondering ask asking phrase phrasing hope help helping
    work working figure find look looking mind idea clear unclear sorry thanks thank
    correctly properly wrong maybe perhaps possibly check checking answer answering run
    """.split()
)


def _about_asking(
    clause: str, words: frozenset[str], column_words: set[str] | frozenset[str]
) -> bool:
    said = re.findall(r"[a-z']+", clause.lower())
    return (
        len(said) >= 2
        and all(w in words and w not in column_words for w in said)
        and any(w in _ASKING_MARKS for w in said)
    )


#: A sentence about the asker's own circumstances: who asks, for whom, by when, what they tried
#: ("We ran this for 3 years and my manager wants it by Friday.", "It's for an internal report.").
_ASKER_SENTENCE = re.compile(
    r"(?:i|i'm|i've|i'll|i'd|we|we're|we've|we'll|we'd|my|our|it's\s+for|it\s+is\s+for|"
    r"this\s+is\s+for|this\s+will|thanks|happy\s+to)\b",
    re.I,
)
#: A label that says so ("Quick background: ...").
_CONTEXT_LABEL = re.compile(
    r"^(?:quick\s+|some\s+|a\s+bit\s+of\s+)?(?:background|context)\s*[:\-]\s*", re.I
)
#: ... unless it restricts or names something the request uses (a limit, a negation, a belief
#: about the data, a number with its share, quoted text or a file).
_ASKER_KEEPS = re.compile(
    r"\b(?:only|just|except|excluding|without|instead|not|no|never|unless|assume|assuming|"
    r"suspect\w*|think|believe\w*|guess|reckon|because|since|"
    # a request or a question of its own ("I'd like you to find which ..."), a goal ("less
    # negative")
    r"you|u|which|what|whether|how|why|who|where|when|less|more|fewer|lower|higher|better|worse)\b|"
    r"\b(?:want|wants|like|need|needs)\s+(?:you\s+)?to\b|n't\b|\?|%|\bpercent\b|[\"`]|"
    r"\w\.[a-z]{2,5}\b",
    re.I,
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)")


def _asker_context(sentence: str, column_words: set[str] | frozenset[str]) -> bool:
    from copilot.agents.phrasing import _CUE

    sentence = _CONTEXT_LABEL.sub("", sentence)
    words = set(re.findall(r"[a-z]+", sentence.lower()))
    # a column's word in any inflection ("coaches" for coaching) keeps the sentence
    stems = tuple(c[:5] for c in column_words if len(c) >= 4)
    return bool(
        _ASKER_SENTENCE.match(sentence)
        and not _ASKER_KEEPS.search(sentence)
        and not _CUE.search(sentence)
        and not words & set(column_words)
        and not any(w.startswith(stems) for w in words)
    )


def _context_off(q: str, column_words: set[str] | frozenset[str]) -> str:
    """`q` without the sentences at its start and end about the asker's circumstances (one
    sentence, the request, always remains)."""
    parts = _SENTENCE.split(q)
    if len(parts) < 2:
        return q
    # (a request that points back, "Could you try it on ...", keeps the sentence before it)
    while (
        len(parts) > 1
        and _asker_context(parts[0], column_words)
        and not _POINTS_BACK.search(parts[1])
    ):
        parts = parts[1:]
    while len(parts) > 1 and _asker_context(parts[-1], column_words):
        parts = parts[:-1]
    return " ".join(parts)


def _lead_remarks_off(q: str, column_words: set[str] | frozenset[str]) -> str:
    """`q` without the clauses at its start that only remark on the asking."""
    while True:
        lead = _LEAD_CLAUSE.match(q)
        rest = q[lead.end() :] if lead else ""
        if not lead or not _about_asking(lead.group(1), _ASKING_LEAD_WORDS, column_words):
            return q
        if _about_asking(rest, _ASKING_WORDS, column_words) or not rest.strip(" ?.!"):
            return q
        q = rest


def _inner_remarks_off(q: str, column_words: set[str] | frozenset[str]) -> str:
    """`q` without the remarks on the asking inside it, after its first sentence: a sentence
    between others that is one ("We ran it twice. Could you answer this for me? Did X ...?"),
    and one that opens a later sentence ("I've been on this all week. not sure if this makes
    sense, but does X ...?"), so that the sentences around them read as if said alone."""
    parts = _SENTENCE.split(q)
    if len(parts) < 2:
        return q
    kept = [parts[0]]
    for i, part in enumerate(parts[1:], 1):
        if i < len(parts) - 1 and _about_asking(part, _ASKING_LEAD_WORDS, column_words):
            continue
        kept.append(_lead_remarks_off(part, column_words))
    return " ".join(kept)


def remarks_off(question: str, column_words: set[str] | frozenset[str] = frozenset()) -> str:
    """`question` without the clauses before and after it that only remark on the asking
    (`_ASKING_WORDS`) or on the asker's circumstances (`_ASKER_SENTENCE`): what is left is the
    request, which must still say something."""
    q = _context_off(_inner_remarks_off(question.strip(), column_words), column_words)
    q = _lead_remarks_off(q, column_words)
    while True:
        tail = _TAIL_CLAUSE.search(q)
        before = q[: tail.start()].rstrip() if tail else ""
        if (
            not tail
            or not _about_asking(tail.group(1), _ASKING_WORDS, column_words)
            or _ASKS_TRUTH.match(tail.group(1).strip())
            or not before.strip(" ?.!")
            or _about_asking(before, _ASKING_WORDS, column_words)
        ):
            break
        q = before
    return q


#: A later sentence that corrects a slot said before: "Actually make it revenue, not units.",
#: "Actually, no, look at the repairs instead, not the rides.", "Sorry, I mean weighting rather
#: than matching.", "Actually use Y instead of X."
_CORRECTION = re.compile(
    r"^(?:(?:actually|sorry|wait|no|oops|correction|scratch\s+that|on\s+second\s+thought)\s*[,:;!-]?\s*)+"
    r"(?:(?:please\s+)?(?:make\s+(?:it|that)|look\s+at|use|do|take|i\s+mean|i\s+meant|we\s+need|"
    r"go\s+with|it\s+should\s+be|(?:change|switch)\s+(?:it\s+)?to)\s+)?"
    r"(?P<new>[\w'\- ]+?)(?:\s+instead)?\s*,?\s+(?:not|rather\s+than|instead\s+of)\s+"
    r"(?P<old>[\w'\- ]+?)\s*[.!?]*$",
    re.I,
)
_DETERMINER = re.compile(r"^(?:the|a|an|its|their|our|my)\s+", re.I)


def corrected(question: str) -> str:
    """`question` with a slot corrected in a later sentence put in its place: the words after
    "not" (or "rather than", "instead of") replaced by the words the correction names in every
    sentence before it, and the correction dropped ("Estimate the effect of price on units.
    Actually make it revenue, not units." is "Estimate the effect of price on revenue."); the
    question as said when no sentence before says the corrected words."""
    parts = [p for p in re.split(r"(?<=[.!?])\s+", question.strip()) if p.strip()]
    for k in range(len(parts) - 1, 0, -1):
        m = _CORRECTION.match(parts[k])
        if m is None:
            continue
        new = _DETERMINER.sub("", m.group("new").strip())
        old = _DETERMINER.sub("", m.group("old").strip())
        said = re.compile(rf"\b{re.escape(old)}\b", re.I)
        before = " ".join(parts[:k])
        if not new or not said.search(before):
            return question
        return " ".join([said.sub(new, before), *parts[k + 1 :]])
    return question


def plain(question: str, column_words: set[str] | frozenset[str] = frozenset()) -> str:
    """`question` with its case unshouted and its greetings, openers and fillers removed, and a
    slot corrected in a later sentence put in its place (`corrected`); `column_words`: the words
    of the table's column names (an introduction naming one stays)."""
    q = remarks_off(corrected(function_words_fixed(question, column_words)), column_words)
    intro = _DATA_INTRO.match(q)
    if intro and not set(re.findall(r"[a-z]+", (intro.group("about") or "").lower())) & set(
        column_words
    ):
        q = q[intro.end() :]
    if _shouted(q):
        q = _lower_outside_quotes(q)  # "WHAT DRIVES CHURN" is "what drives churn"
    labelled = _LABELLED.match(q)
    if labelled and not _POINTS_BACK.search(q[labelled.end() :]):
        q = q[labelled.end() :]  # the request names all it needs; the labelled sentence is context
    prev = None
    while prev != q:
        prev = q
        rest = _OPENER.sub("", q, count=1)
        if rest.strip(" ?.!"):
            q = rest
    closed = _CLOSER.search(q)
    if closed and len(q[: closed.start()].split()) >= 4:
        q = q[: closed.start()].rstrip(",")
    q = _FILLER.sub("", q)
    if _FRAME_VERB.match(q):
        # ... said in the order of an indirect question ("for which shift the effect is
        # biggest"): in the order of a direct one ("for which shift is the effect biggest")
        q = _INDIRECT_ORDER.sub(r"\g<wh> \g<be> \g<subj> ", _FRAME_VERB.sub("", q), count=1)
    # "put them side by side": a way to show results, no split "by side"
    q = re.sub(r"\bside[\s-]+by[\s-]+side\b", "next to each other", q, flags=re.I)
    # "by £50", "50€": an amount of money is its number (the column says the currency)
    q = re.sub(r"(?<![\w$])[£$€¥]\s?(?=\d)|(?<=\d)\s?[£€¥](?!\w)", "", q)
    q = outside_verbatim(
        q, lambda text: _CONTRACTION.sub(_written_out, text.replace("\u2019", "'"))
    )
    q = _CLEFT_ASKED.sub(r"\1\2 ", _CLEFT.sub(r"\1 ", q))
    q = _ASIDE_CLAUSE.sub(_aside_kept, _ASIDE_SENTENCE.sub(_aside_sentence_kept, q))
    # "confounded by being a chain and by the number of seats": the preposition said again
    # before the list's next item, which is one more confounder (no split "by")
    q = _BY_AGAIN.sub(r"\1 and ", q)
    q = _topic_as_subject(_TOPIC_COLON.sub(_topic_said_again, q))
    q = _REPORTED_CLAIM.sub("", q)
    # "what would you expect downtime to be", "what would weight loss look like": what Y would be
    q = _EXPECT_TO_BE.sub(r"\g<wh> would \g<y> be", q)
    q = _LOOK_LIKE.sub(r"\g<wh> would \g<y> be", q)
    q = re.sub(r"\s+,|,\s*(?=[?.!]*$)", lambda m: "" if m.group(0).strip() == "," else ",", q)
    if "impact" not in column_words:
        # "the income impact on attrition", "the impact of X via M": the noun is an effect
        q = outside_verbatim(q, lambda text: _IMPACT_NOUN.sub(_as_effect, text))
    return q.strip() or question


#: "impact(s)" before on/of/via/from/to/for/is ... or at a clause's end, a noun when a determiner opens its phrase (see
#: `_as_effect`); never "causal impact", the name of a method.
_IMPACT_NOUN = re.compile(
    r"(?<!\bcausal )(?<!-)\b(impact)(s?)(?=\s+(?:on|of|via|through|from|to|for|over|is|was|or|only)\b|\s*(?:[?.!,]|$))",
    re.I,
)
_NOUN_OPENERS = frozenset(
    "the a an its their this that these those any our my your his her whose total overall "
    "direct indirect average of for".split()
)
_VERB_BEFORE = frozenset(
    "do does did can could will would may might should must to not don't doesn't didn't "
    "won't can't it they he she we i you".split()
)


def _as_effect(m: re.Match[str]) -> str:
    """ "impact" read as "effect" where it is a noun ("the income impact on attrition", "the
    ad's impact on revenue", "Impact of X on Y"), left as it is where it may be the verb ("does
    advertising impact on revenue?")."""
    clause = re.split(r"[.!?:;,]", m.string[: m.start()])[-1]
    words = re.findall(r"[\w']+", clause.lower())
    # a phrase opening its clause ("counseling impact on missed payments") is a noun phrase
    noun = len(words) <= 3 and not _VERB_BEFORE & set(words)
    for w in reversed(words[-5:]):
        if w.endswith("'s") or w in _NOUN_OPENERS:
            noun = True
            break
        if w in _VERB_BEFORE:
            break
    if not noun:
        return m.group(0)
    word = "Effect" if m.group(1)[0].isupper() else "effect"
    return word + m.group(2)


#: A word of cause or link after a pseudo-cleft (see `_CLEFT`).
_CAUSE_AHEAD = (
    r"(?=(?:really\s+|actually\s+|truly\s+|mostly\s+|partly\s+)?(?:behind|driving|causing|"
    r"explaining|confounding|distorting|inflating|skewing|responsible)\b)"
)
#: A subject put in focus by a pseudo-cleft ("could Z be what is behind the link"): the same as
#: the plain predicate ("could Z be behind the link"); only before a word of cause or link, so
#: "is that what is asked" stays.
_CLEFT = re.compile(
    r"\b(be|is|was|are|were)\s+(?:the\s+(?:thing|one|factor)\s+)?(?:what|that|which)\s+"
    r"(?:is|was|are|were)\s+" + _CAUSE_AHEAD,
    re.I,
)
#: The same asked with the verb first ("is location what is really driving that?").
_CLEFT_ASKED = re.compile(
    r"((?:^|[.;:?!]\s+)(?:is|was|are|were)\s+)((?:the\s+|their\s+|its\s+)?[\w\-]+(?:\s+[\w\-]+){0,3}?)"
    r"\s+(?:what|that|which)\s+(?:is|was|are|were)\s+" + _CAUSE_AHEAD,
    re.I,
)
#: A clause of its own in parentheses, said of something by a pronoun ("(it went out by account
#: number)", "(it's the strongest predictor by far)", "(we'll do them properly next week)"): an
#: aside that explains, whose words are no slot of the request ("by account number" no split).
_ASIDE_CLAUSE = re.compile(
    r"\s*\((?:(?:it|it's|its|they|they're|we|we'll|we're|he|she|which|this|that's|those|these|"
    r"there|there's|i|i'm)\s+)[^()]*\)",
    re.I,
)
#: Words of an option that an aside may still give ("(we'll adjust for age)", "(use matching)").
_ASIDE_OPTION = re.compile(
    r"\b(?:control\w*|adjust\w*|account\w*\s+for|instrument\w*|iv|bootstrap\w*|alpha|significance|"
    r"test|matching|weighting|ipw|dml|regression|method|algorithm|pc|fci|ges|lingam|mediat\w*|through|"
    r"via|split|subgroups?|use|using|rather|instead|not|don'?t|never|leave|exclude|\d+\s*%)\b",
    re.I,
)


def _aside_kept(m: re.Match[str]) -> str:
    return m.group(0) if _ASIDE_OPTION.search(m.group(0)) else ""


#: A whole sentence in parentheses ("(Prices differ too, but leave that aside.)"), or a remark
#: about something with its own verb ("(the maintenance logs are patchy)"): an aside.
_ASIDE_SENTENCE = re.compile(
    r"\s*\((?:(?=[A-Z])[^()]*[.!]|(?:the|our|their|his|her)\s+[\w\-]+(?:\s+[\w\-]+){0,3}?\s+"
    r"(?:is|are|was|were|has|have|had|looks?|seems?)\s+[^()]*)\)"
)
#: Words by which an aside says what a column is or does in the question: it stays.
_ASIDE_ROLE = re.compile(
    r"\b(?:treatment|outcome|mediator|confound\w*|cause|effect|target|column|variable|coded|"
    r"file|table|data\s*set|instrument)\b",
    re.I,
)
#: An aside that says to leave what it names out of the question ("leave that aside", "ignore
#: that for now"): it gives no option.
_LEAVE_ASIDE = re.compile(
    r"\b(?:leave|set|put)\s+(?:that|this|it|them|those)\s+aside\b|\bignore\s+(?:that|this|it|them)\b",
    re.I,
)


#: A list of confounders with "by" said again before its next item.
_BY_AGAIN = re.compile(
    r"\b((?:confound\w*|explained|driven|biased|distorted)\s+(?:away\s+)?by\s+[^?.!;,]+?)\s+and\s+by\s+",
    re.I,
)


def _aside_sentence_kept(m: re.Match[str]) -> str:
    if _LEAVE_ASIDE.search(m.group(0)):
        return ""
    return m.group(0) if _ASIDE_ROLE.search(m.group(0)) else _aside_kept(m)


#: A topic announced before a colon at the start of a sentence ("The part I actually care about
#: is maintenance: the manager says preventive maintenance cut downtime, ..."): context when the
#: words after the colon name the topic again.
_TOPIC_COLON = re.compile(
    r"(?:^|(?<=[.!?]\s))(?:(?:the\s+)?(?:part|thing|bit|question|point|issue|topic|one)\s+(?:that\s+)?(?:i|we)\s+"
    r"(?:\w+\s+){0,2}?(?:care\s+about|am\s+interested\s+in|'m\s+interested\s+in|want\s+to\s+know\s+about|"
    r"need|want|worry\s+about)\s+(?:most\s+)?is|(?:what\s+)?(?:i|we)\s+(?:\w+\s+){0,2}?(?:care\s+about|want\s+to\s+know"
    r"\s+about)\s+(?:most\s+)?is|(?:my|our)\s+(?:real\s+|main\s+|actual\s+)?(?:question|concern|interest)\s+is\s+"
    r"(?:about|on))\s+"
    r"(?P<topic>(?:the\s+|our\s+)?[\w\-]+(?:\s+[\w\-]+){0,3}?)\s*:\s+(?=\S)",
    re.I,
)


def _topic_said_again(m: re.Match[str]) -> str:
    rest = m.string[m.end() :].lower()
    words = [w for w in re.findall(r"[a-z]+", m.group("topic").lower()) if w not in ("the", "our")]
    return "" if words and all(re.search(rf"\b{w}", rest) for w in words) else m.group(0)


def _topic_as_subject(q: str) -> str:
    """`q` with a topic announced before a colon put in place of the pronoun that stands for it
    after the colon ("My real question is about the supplement: the manager thinks it raised
    milk yield" -> "the manager thinks the supplement raised milk yield")."""
    m = _TOPIC_COLON.search(q)
    if not m:
        return q
    rest = q[m.end() :]
    it = re.search(
        r"\b(?:thinks?|says?|believes?|claims?|reckons?|suspects?|that)\s+(it|they)\s+(?=[a-z]+(?:ed|s)?\b)",
        rest,
        re.I,
    )
    if not it:
        return q
    topic = m.group("topic")
    topic = topic if re.match(r"(?:the|our)\s", topic, re.I) else f"the {topic}"
    return q[: m.start()] + rest[: it.start(1)] + topic + rest[it.end(1) :]


#: The outcome of a scenario asked as what the assistant expects it to be.
_EXPECT_TO_BE = re.compile(
    r"\b(?P<wh>what|how\s+much|how\s+many)\s+(?:would|do|did|will)\s+you\s+(?:expect|predict|guess)\s+"
    r"(?P<y>(?:the\s+|our\s+|their\s+)?[\w\-]+(?:\s+[\w\-]+){0,3}?)\s+to\s+(?:be|look\s+like|end\s+up(?:\s+at)?)\b",
    re.I,
)
#: "what would Y look like if ...": the outcome's value in a scenario, no description of the data.
_LOOK_LIKE = re.compile(
    r"\b(?P<wh>what)\s+would\s+(?P<y>(?:the\s+|our\s+|their\s+)?[\w\-]+(?:\s+[\w\-]+){0,3}?)\s+look\s+like"
    r"(?=\s+(?:if|then|when|after|under|with)\b|\s*[,?.!]|\s*$)",
    re.I,
)


#: Who holds a claim the same sentence then asks to check ("the farm manager thinks the
#: supplement raised milk yield, and I'd like you to find out by how much"): the claim is what
#: is checked, its holder no variable.
_REPORTED_CLAIM = re.compile(
    r"(?:^|(?<=[.!?:]\s))(?:the|our|my|a)\s+(?:[\w\-]+\s+){0,2}?[\w\-]+\s+(?:thinks|says|believes|claims|reckons|"
    r"insists|swears|is\s+convinced)\s+(?:that\s+)?(?=[^.?!]*,\s*(?:and|so|but)\s+(?:i'?d\s+like\s+you\s+to|i\s+would\s+"
    r"like\s+you\s+to|could\s+you|can\s+you|would\s+you|please|you\s+should)\s+(?:\w+\s+)?(?:check|find\s+out|confirm|"
    r"verify|see|test|tell\s+me|quantify|estimate|measure)\b)",
    re.I,
)
