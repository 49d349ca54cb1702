"""Columns an effect question says NOT to control for ("don't adjust for data usage", "controlling
for prior GPA but not video hours", "harsh braking is a mediator, so leave it out").

The clause that says so is taken out of the question before its slots are read, so that no other
reader takes the column for a control, a mediator or a subgroup; the phrases it names are returned
for the planner, which keeps those columns out of the controls and says so in the reply.
"""

from __future__ import annotations

from copilot.agents import patterns as re

#: A verb of adjustment with its preposition ("adjusting for", "control on").
_ADJUST = r"(?:adjust|control|condition|correct|account|stratif(?:y|ie))\w*\s+(?:for|on)"
#: A negation before it ("don't", "we should not", "without", "no need to").
_NOT = (
    r"(?:(?:please\s+)?(?:do\s+not|don'?t|dont|never|shouldn'?t|should\s+not|must\s+not|mustn'?t|"
    r"can'?t|cannot|won'?t|no\s+need\s+to|without|not)\s+(?:be\s+|bother\s+)?)"
)
#: Where a named phrase ends: a clause boundary, or the reason that follows it.
_END = (
    r"(?=\s*(?:[,;.()!?]|\s-+\s|$)|\s+(?:because|since|as\s+(?:it|they|that)|it'?s|it\s+is|they'?re|"
    r"which|though|but|and\s+(?:use|run|estimate|give|show|tell|check|do)|in\s+(?:the\s+)?(?:model|"
    r"estimate|adjustment|analysis|regression))\b)"
)
_PHRASE = r"(?:the\s+|their\s+|its\s+)?(?P<z>[\w'/&\- ]+?)"
#: A reason said after the phrase (", it's downstream of the network"): part of the clause.
_REASON = (
    r"(?:\s*,?\s*(?:because|since|as\s+(?:it|they|that)|it'?s|it\s+is|they'?re|they\s+are|that'?s|"
    # ", it comes after the e-bikes", ", they happen later": where it sits in time
    r"it\s+(?:comes|came|happens|happened|follows|occurs|sits|was|gets)|"
    r"they\s+(?:come|came|happen|happened|follow|occur|sit|were|get)|"
    r"which\s+(?:is|are))\b(?:(?!,\s*(?:and|but|then|so|use|using|with|please|also)\b)[^.;!?()])*)?"
)
_CLAUSES = [
    # "don't adjust for X", "without controlling for X", "- do not condition on X"
    rf"(?P<lead>[,;]?\s*(?:\b(?:but|and|so)\s+)?|\s-+\s|^)\b{_NOT}{_ADJUST}\s+{_PHRASE}{_END}{_REASON}",
    # "controlling for A but not B", "adjust for A and B, not C": the part after the list
    # ("adjusting for everything except X" is a list of controls, read with the question)
    rf"(?P<pre>\b{_ADJUST}\s(?!(?:the\s+)?(?:everything|all|every|rest)\b)[^.;!?()]{{1,80}}?)"
    r"(?P<lead>\s*,?\s*\bbut\s+|\s*,\s*)(?:not|excluding|except(?:\s+for)?|leaving\s+out|without)\s+(?:for\s+|on\s+)?"
    rf"(?!(?:the\s+)?(?:effect|outcome|treatment|only|just|sure|too|a|an)\b){_PHRASE}{_END}{_REASON}",
    # "do not include X as a covariate", "don't put X in the model"
    rf"(?P<lead>[,;]?\s*(?:\b(?:but|and|so)\s+)?|\s-+\s|^)\b{_NOT}(?:include|includ\w+|use|using|add|adding|"
    rf"put|putting|throw|throwing)\s+{_PHRASE}\s+(?:as\s+(?:an?\s+)?(?:covariates?|controls?|confounders?|"
    rf"adjustment\s+variables?)|in(?:to)?\s+(?:the\s+)?(?:controls|covariates|adjustment(?:\s+set)?|model|"
    rf"regression))\b{_REASON}",
    # "leave X out (of the adjustment)", "keep X out of the controls"
    rf"(?P<lead>[,;]?\s*(?:\b(?:but|and|so)\s+)?|^)\b(?:please\s+)?(?:leave|leaving|keep|keeping|take|taking)\s+"
    rf"(?!(?:it|them|this|that)\b){_PHRASE}\s+(?:back\s+)?out\b(?:\s+of\s+(?:the\s+)?(?:adjustment(?:\s+set)?|"
    rf"controls?|covariates?|model|regression|analysis))?{_REASON}",
    # "leave out X", "exclude X from the controls", "drop X from the adjustment set"
    rf"(?P<lead>[,;]?\s*(?:\b(?:but|and|so)\s+)?|^)\b(?:please\s+)?(?:leave|leaving)\s+out\s+{_PHRASE}"
    rf"\s+(?:of|from)\s+(?:the\s+)?(?:adjustment(?:\s+set)?|controls?|covariates?|model|regression)\b{_REASON}",
    rf"(?P<lead>[,;]?\s*(?:\b(?:but|and|so)\s+)?|^)\b(?:please\s+)?(?:exclude|excluding|omit|omitting)\s+"
    rf"{_PHRASE}\s+(?:from|of)\s+(?:the\s+)?(?:adjustment(?:\s+set)?|"
    rf"controls?|covariates?|confounders?|model|regression)\b{_REASON}",
]
#: "leave it out", "don't adjust for it": the column is the subject of the same sentence.
_PRONOUN_EXCLUSION = re.compile(
    rf"\b(?:(?:leave|keep)\s+(?:it|them|that|this)\s+out|{_NOT}{_ADJUST}\s+(?:it|them|that|this)\b|"
    r"(?:exclude|drop|omit|remove)\s+(?:it|them|that|this)\s+(?:from|of)\b|"
    # ("X is post-treatment, so exclude it": the sentence says what X is, and to leave it out)
    r"(?:exclude|omit)\s+(?:it|them)\s*(?:[.;!?]|$))",
    re.I,
)
_SUBJECT = re.compile(
    r"^\s*(?:but\s+|and\s+|so\s+|also\s+|note\s+that\s+|remember\s+(?:that\s+)?)?(?:the\s+|our\s+)?"
    r"(?P<s>[\w'/&\- ]+?)\s+(?:is|are|was|were|'s|'re)\s+(?:a|an|the|just|probably|likely|clearly|"
    r"really|only|on|downstream|post|after|caused|affected|itself|also|measured|determined)\b",
    re.I,
)
_PRONOUNS = frozenset(
    {"it", "that", "this", "they", "them", "those", "these", "which", "what", "who", "how", "there"}
)
#: Words that name no column ("don't adjust for anything": an unadjusted estimate, read elsewhere).
_NO_COLUMN = re.compile(
    r"(?:any|every|no|some)\s*(?:thing|one|body)(?:\s+else)?|(?:anything|everything|nothing)|"
    r"(?:all|any|the|other)?\s*(?:other\s+)?(?:covariates?|controls?|confounders?|variables?|columns?)|"
    r"it|them|that|this|those|these|confounding|now|yet|too\s+much",
    re.I,
)


def exclusions(question: str) -> tuple[str, list[str]]:
    """`question` without its clauses that keep columns out of the controls, and the phrases those
    clauses name (in order, without repeats)."""
    out: list[str] = []
    q = question

    def keep(z: str) -> None:
        # "leave hours worked and earnings out": each column of the list
        for p in re.split(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|&|nor)\s+", z):
            p = re.sub(r"^(?:the|their|its)\s+", "", p.strip(" ,'"), flags=re.I)
            if p and not _NO_COLUMN.fullmatch(p) and p.lower() not in (o.lower() for o in out):
                out.append(p)

    # a sentence or an aside that excludes a pronoun: the sentence's subject, unless a pronoun
    # itself ("(that's a mediator, leave it out)" points back to the column just named)
    parts = re.split(r"(\([^()]*\)|(?<=[.;!?])\s+)", q)
    kept = []
    for part in parts:
        inner = part.strip("() ")
        if inner and _PRONOUN_EXCLUSION.search(inner):
            m = _SUBJECT.match(inner)
            s = m.group("s").strip() if m else ""
            if s and s.lower() not in _PRONOUNS and len(s.split()) <= 4:
                keep(s.strip(" ,'"))
                kept.append(" ")
                continue
            if m or part.startswith("("):
                kept.append(" ")
                continue
        kept.append(part)
    q = "".join(kept)
    both = re.search(r"\bwith\s+(?:and|or|vs\.?|versus)\s+without\b", q, re.I)
    for pat in _CLAUSES:
        pieces, at = [], 0
        for m in re.finditer(pat, q, re.I):
            z = (m.group("z") or "").strip(" ,'")
            if _NO_COLUMN.fullmatch(z) or (both and "without" in m.group(0).lower()):
                continue  # "without adjusting for anything", "with and without adjusting for X"
            keep(z)
            lead = (m.group("lead") or "").strip()
            pre = m.groupdict().get("pre") or ""
            pieces += [q[at : m.start()], pre, " " if lead in ("", "-", "--", "but") else ","]
            at = m.end()
        q = "".join([*pieces, q[at:]])
    q = re.sub(r"\s+([,.;?!])", r"\1", re.sub(r"\s{2,}", " ", q)).strip()
    q = re.sub(r"^[,;\s]+|[,;]\s*(?=[.?!]?$)", "", re.sub(r"(?:,\s*){2,}", ", ", q))
    # ("... account for them. Leave X out, though, since ...": what is left of the removed
    # sentence starts no clause of the one before)
    q = re.sub(r"([.;!?])\s*,\s*(?:though|however|too|then)?\s*,?\s*", r"\1 ", q).strip()
    return q, out
