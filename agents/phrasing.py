"""Bringing a question as analysts type it to the plain form the intent reader expects.

Questions arrive wrapped in context and courtesy ("We ran a promo last quarter. My boss wants to
know whether..."), hedged ("I was wondering whether...", "could you maybe tell me if..."),
as indirect questions ("what the main drivers of Y are") or in non-native grammar ("how much
effect have X to Y", "please make estimation of X effect for Y"). `normalise` rewrites them in
four general passes, none of which drops a word that names a variable or an option:

1. **Context sentences** that carry no analysis cue (no analysis word, no causal verb, no option)
   are left out when another sentence carries one; the sentences kept are joined with ";" so
   that no variable phrase runs across them.
2. **Courtesy and hedges** at the start of a clause ("could you maybe", "I was wondering",
   "would it be possible to", "please") and at its end ("for me", "if possible") are removed.
3. **Indirect questions** are turned back into direct ones ("what the drivers of Y are" ->
   "what are the drivers of Y", "what X does to Y" -> "what does X do to Y").
4. **Common non-native grammar** is mended: "effect have/to/for" -> "effect of/on", "make
   estimation of" -> "estimate", "is helping" -> "helps", "can to cause" -> "can cause",
   "make them to leave" -> "make them leave", "X like instrument" -> "X as instrument".

The rules are small regular expressions over word classes (modal verbs, courtesy verbs,
prepositions), not whole phrasings; they run in well under a millisecond.
"""

from __future__ import annotations

from copilot.agents import patterns as re

#: Comparatives after an effect ("the effect of X bigger for G" compares groups: no "for Y").
_COMPARATIVE = (
    r"(?:bigger|larger|smaller|stronger|weaker|higher|lower|greater|different|more|less|better|"
    r"worse)\b"
)

# -- 1. context sentences --------------------------------------------------------------------------
#: Words that show a sentence asks for (part of) an analysis or names one of its options.
_CUE = re.compile(
    r"\b(?:effects?|impacts?|influenc\w*|affect\w*|caus\w*|driv\w*|estimat\w*|determin\w*|"
    r"graph|dag|discover\w*|structure|confound\w*|spurious|bias\w*|misleading|instrument\w*|"
    r"control\w*|adjust\w*|account\w*|covariates?|mediat\w*|through|via|mechanism|"
    r"compar\w*|differ\w*|vary|varies|depend\w*|subgroups?|"
    r"what\s+if|would\s+happen|happens?|suppose|imagine|scenario|doubl\w*|halv\w*|tripl\w*|"
    # ("we want to know what the feed supplement does to milk yield": an effect said as a deed)
    r"(?:does|do|did)\s+(?:to|for)(?=\s+\w)|"
    # ("tell me what churn would be if we stopped it": a conditional asks a scenario)
    r"would\s+(?:\w+\s+){0,2}?be\s+if|"
    r"in\s+half|cutting|sav(?:e|es|ing)|"
    r"matching|weighting|ipw|dml|iv|regress\w*|forest|propensity|bootstrap\w*|refut\w*|placebo\w*|"
    r"robustness|alpha|test|pc|fci|ges|lingam|granger|pcmci|tiers?|forbid\w*|requir\w*|edges?|"
    r"arrows?|(?:comes?|go(?:es)?|are|is)\s+(?:first|last)|first\s*,?\s*then|time\s+order|"
    r"heads?|ablat\w*|patch\w*|steer\w*|prob(?:e|es|ing)|induction|recall|copy\w*|"
    r"describe|overview|summary|summari[sz]e|columns?|missing|redo|rerun|re-run|"
    r"help|helps|improv\w*|rais\w*|lower\w*|reduc\w*|increas\w*|decreas\w*|shorten\w*|cuts?|"
    r"lead\s+to|leads\s+to|result\s+in|make\s+a\s+difference|matter\w*|explain\w*|"
    r"split|break\s+\w+\s+down|broken\s+down|relationship|link|(?:hang|fit|tie|hold)s?\s+together|"
    r"associat\w*|relat\w*|connect\w*|treat\w*|outcome|method|algorithm|"
    # a request said as a wish: "I've been wondering whether ...", "wants to know if ..."
    r"wonder\w*|whether|know\s+if|"
    # a scenario said as a change: "running the lines 20 percent faster"
    r"\d+\s*(?:%|percent)|faster|slower|"
    # "Say fares rose by 50 cents.": a change with its amount
    r"(?:rose|rises|fell|falls|jumped|dropped|went\s+(?:up|down)|goes\s+(?:up|down))\s+(?:by\s+)?\d+|"
    # a claim the question then asks about: "X claims that A makes B. Is that true?"
    r"claim\w*|believ\w*|suspect\w*|hypothes\w*|argu\w*|due\s+to|because\s+of|thanks\s+to|"
    # an option of the request in a sentence of its own: "Please use 50 prompts."
    r"\d+\s+(?:prompts?|sequences|examples|pairs|samples|resamples|draws|replicates))\b|:|->|"
    # "be strict, 1% level", "at the 5% level": a significance level said in a sentence of its
    # own (the word boundary above never follows "%")
    r"(?<![\w.])\d+(?:\.\d+)?\s*%\s+(?:(?:significance\s+)?level|significance|alpha)\b|"
    r"\b(?:strict\w*|conservative|level\s+of)\s*,?\s+(?:at\s+)?(?:the\s+|a\s+)?\d+(?:\.\d+)?\s*%",
    re.I,
)
#: A sentence end: ".", "!" or "?" before a space and a letter (not "0.01", not "e.g.").
_SENTENCE_END = re.compile(
    r"(?<!\be\.g)(?<!\bi\.e)(?<=[.!?])\s+(?=[A-Za-z\"'])|"
    # "... at the three sites - maybe check its effect ...": a dash before a request
    r"\s+-\s+(?=(?:maybe|perhaps|could|can|would|please|so|now|check|estimate|tell|show)\b)|"
    # "HR asked me something I can't answer: would you mind estimating ...": the request after
    # a colon
    # (not "You're the expert here: would you say ...", an opinion asked of the same sentence)
    r"(?<=:)\s+(?=(?:could|can|would|will)\s+you\b(?!\s+(?:say|think|reckon|agree|know)\b)|"
    r"(?:please|i'd\s+like\s+you|help\s+me)\b)|"
    # "..., please - my boss keeps mixing them up": an aside about the asker after a dash
    # (after a request already closed by "please", "thanks" or a question mark)
    r"(?:(?<=please)|(?<=thanks)|(?<=[?!]))\s+-\s+(?=(?:my|our|i|i'm|i've|we|we're|we've)\s)",
    re.I,
)


def _sentences(q: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(q) if s.strip()]


#: A pronoun that may name a variable of the sentence before.
_PRONOUN = re.compile(
    r"\b(?:them|they|it|that|this)\s*[?.!]*$|\b(?:it|that|this)\s+as\s+(?:the\s+)?(?:new\s+)?"
    r"(?:outcome|treatment)\b|\b(?:causing|driving|affecting|explains?)\s+(?:them|it)\b",
    re.I,
)


#: A request that does what the sentence before says ("Can you break it down that way?").
#: (or asks what a scenario said before would do: "What would happen to Y in that world?")
_THAT_WAY = re.compile(
    r"\b(?:that|this)\s+way\b|\blike\s+(?:that|this)\b|\baccordingly\b|"
    r"\b(?:in|under)\s+(?:that|this|such\s+an?)\s+(?:world|case|scenario|situation|plan|policy)\b|"
    r"\bif\s+we\s+did\s+(?:that|this|so)\b",
    re.I,
)

#: A question about the claim just made: "Is that confounded ...?", "Could it be age?".
_ABOUT_CLAIM = re.compile(
    r"(?:(?:but|so|and|ok|okay)\s*,?\s+)?(?:is|was|are|were|could|can|might|would|does|did)\s+"
    r"(?:that|this|it|they)\b",
    re.I,
)
#: A sentence that asks "you" for something: the request after the context.
_REQUEST = re.compile(
    r"(?:(?:so|now|anyway)\s*,?\s*)?(?:(?:could|can|would|will)\s+you|(?:i'd|i\s+would|we'd|we\s+would)\s+"
    r"(?:like|love|want)\s+you|(?:i|we)\s+(?:want|need)\s+you|you\s+should|please)\b",
    re.I,
)
#: A request that names its whole analysis: an effect with its outcome, or a whole graph.
_WHOLE_REQUEST = re.compile(
    r"\b(?:effects?|impacts?)\s+(?:of\s+[\w' \-]+?\s+)?on\s+\w|\bcausal\s+(?:graph|structure|diagram)\b",
    re.I,
)
#: A direct question ("how much of ...?", "what would happen to ...?", "is the link between A
#: and B confounded by C?"); its mark may be gone (`intents.clean` drops the last one).
_DIRECT_QUESTION = re.compile(
    r"^(?:(?:so|and|but|now|then|ok|okay|specifically)\s*,?\s+)?"
    # ("in your view, is Z confounding ...": the asker's framing before the question)
    r"(?:in\s+your\s+(?:view|opinion|experience)\s*,?\s+)?(?:how|what|which|is|are|does|do|did|"
    r"would|will|if|suppose|supposing|were)\b[^?]*\??\s*$",
    re.I,
)
#: A question that names its whole analysis: an effect with its outcome, a scenario's outcome, a
#: share through a mediator, a check for a named confounder, missing values.
_WHOLE_QUESTION = re.compile(
    r"\b(?:effects?|impacts?)\s+(?:of\s+[\w' \-]+?\s+)?on\s+\w|"
    r"\b(?:effects?|impacts?)\b(?:\s+[\w\-]+){0,4}\s+(?:goes|go|runs?|passes|flows|works?|operates?)\s+(?:through|via)\s+\w|"
    r"\bbetween\s+[\w' \-]+?\s+and\s+[\w' \-]+?\s+confounded\s+by\s+\w|"
    # "is Z confounding (behind) the relationship between X and Y": the third column and the pair
    r"\b(?:confounding|behind|driving|explaining|distorting|skewing)\s+(?:the\s+)?(?:link|relationship|"
    r"relation|association|correlation|connection)\s+(?:between|of)\s+\w|"
    r"\b(?:missing|blank|empty)\b|"
    # "break the same estimate down by site": the session's analysis with one change
    r"\b(?:the\s+)?same\s+(?:estimate|analysis|effect|model|thing|numbers?)\b",
    re.I,
)
#: A scenario's outcome asked with the scenario in the same sentence ("if X were halved, what
#: would happen to Y?"; "How would attrition change?" alone asks about a scenario said before).
_SCENARIO_QUESTION = re.compile(
    r"^(?=.*\b(?:if|suppose|supposing|imagine|when)\b)(?=.*(?:\bwhat\s+would\s+happen\s+to\s+\w|"
    r"\bhow\s+(?:would|will|might)\s+[\w' \-]+?\s+change\b|"
    r"\bwhat\s+would\s+(?:the\s+)?[\w\-]+(?:\s+[\w\-]+){0,3}\s+do\b))",
    re.I,
)
#: A sentence that names an option of the analysis: kept with the question it precedes.
_OPTION_CUE = re.compile(
    r"\b(?:control\w*|adjust\w*|account(?:s|ed|ing)?\s+for|into\s+account|holding|hold\s+\w+\s+(?:fixed|constant)|"
    r"instrument\w*|confounders?|covariates?|bootstrap\w*|resamples?|alpha|significance|"
    r"matching|weighting|ipw|aipw|dml|regression|forest|propensity|refut\w*|placebo|"
    r"doubly[\s-]+robust|estimators?|"
    r"mediat\w*|through|via|forbid\w*|tiers?|edges?)\b|"
    # "Insulation varies a lot across our lines.": groups the effect may be split by
    r"\b(?:vary|varies|differ\w*)\b[^.;]*\b(?:across|by|between|among|per)\b",
    re.I,
)
#: A statement of background knowledge for a graph: "A can't cause B", "B must come after A".
_KNOWLEDGE_CUE = re.compile(
    r"\b(?:can't|cannot|can\s+not|could\s+not|couldn't|never|doesn't|does\s+not|must|has\s+to|have\s+to)\s+"
    r"(?:\w+\s+)?(?:cause|affect|influence|drive|precede|come\s+(?:before|after))\b|"
    r"\b(?:forbid\w*|no\s+(?:edge|arrow)s?)\b",
    re.I,
)
#: A heterogeneity question that leaves its groups to the sentences before it ("does it differ?").
_GROUPS_LEFT_OUT = re.compile(r"\b(?:differ\w*|vary|varies|heterogene\w*)\b", re.I)


def _self_contained_question(sentence: str) -> bool:
    """Whether `sentence` is a direct question that names its whole analysis and points back to
    nothing said before it."""
    return bool(
        (_DIRECT_QUESTION.match(sentence) or _REQUEST.match(sentence))
        and (_WHOLE_QUESTION.search(sentence) or _SCENARIO_QUESTION.search(sentence))
        and not _NEEDS_CONTEXT.search(_OBJECT_PRONOUN_END.sub("", sentence))
        and not _THAT_WAY.search(sentence)
        and not (
            _GROUPS_LEFT_OUT.search(sentence)
            and not re.search(r"\b(?:by|across|per|among|between)\b", sentence, re.I)
        )
    )


#: Words that point back to a sentence before ("use *it* as an instrument", "*that* would ...").
_NEEDS_CONTEXT = re.compile(
    r"\b(?:it|its|they|them|those|these|both|above)\b|\b(?:that|this)\s+(?:would|will|could|does|did|is|"
    r"was|has|claim|idea|change|policy|plan|programme|program)\b|\b(?:that|this)\s*[?.!]*$",
    re.I,
)
#: "draw the graph for it": the pronoun names the data, not a variable of the context.
_OBJECT_PRONOUN_END = re.compile(r"\b(?:for|on|of|in|with)\s+(?:it|them)\s*[?.!]*$", re.I)


#: What a context sentence is about: its subject ("The trial offer was handed out at random"),
#: or what "we" run or offer ("We run a credit counselling programme for new borrowers").
_ABOUT = [
    re.compile(
        r"^(?:the|our|this|that)\s+(?P<np>[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+(?:was|were|is|are|has|have|had|got|"
        # ("The SMS promo costs money every month.")
        r"gets|went|goes|costs?|takes|took|seems|seemed|looks|looked|needs|needed|came|comes|started|"
        r"brings|brought|makes|made|runs|ran)\b",
        re.I,
    ),
    re.compile(
        r"^(?:we|i)\s+(?:\w+ly\s+)?(?:run|ran|have|had|use|used|offer|offered|introduced|started(?:\s+\w+ing)?|"
        r"launched|give|gave|rolled\s+out|began(?:\s+\w+ing)?|piloted|tried|installed|deployed|fitted|adopted|"
        r"implemented|added|bought|send|sent)\s+(?:(?:a|an|the|our|some|new)\s+)?"
        r"(?P<np>[\w'\-]+(?:\s+[\w'\-]+){0,3}?)(?=\s+(?:for|to|in|on|at|with|since|last|this|two|three|"
        r"across|over)\b|\s*[,.;!]|$)",
        re.I,
    ),
]
_ABOUT.insert(
    0,
    # "I've heard the logit lens shows where the answer forms.": what was heard about
    re.compile(
        r"^(?:i|we)(?:'ve|\s+have)?\s+(?:heard|read|seen|learned|learnt)\s+(?:that\s+)?(?:the\s+|a\s+)?"
        r"(?P<np>[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+(?:shows?|is|does|can|helps?|works?|finds?|reveals?|tells?)\b",
        re.I,
    ),
)
_ABOUT.insert(
    0,
    # "The energy manager asked me about the smart thermostats.": what was asked about
    re.compile(
        r"^.{0,60}?\b(?:asked|asks|asking|wondered|wonders|wondering|worried|curious|told\s+(?:me|us))\s+"
        r"(?:(?:me|us)\s+)?about\s+(?:the\s+|our\s+|their\s+)?(?P<np>[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s*(?:[.,;!]|$)",
        re.I,
    ),
)
_ABOUT.insert(
    0,
    # "The patients who got the new drug were sicker": the units said by the treatment they got
    # (before "the patients who" is read as what the sentence is about)
    re.compile(
        r"^(?:the|our|those|these)?\s*(?:[\w'\-]+\s+){0,2}?(?:who|that)\s+(?:got|get|received|receive|took|take|"
        r"had|have|used|use|were\s+(?:given|on|offered)|are\s+(?:given|on))\s+(?:the|a|an|our)\s+"
        r"(?P<np>[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+(?:was|were|is|are|had|have|did|do|seem|seemed|tend|tended|"
        r"got|get|[a-z]+\s+(?:more|less|fewer|better|worse|longer|shorter|higher|lower|faster|slower)\b)\b",
        re.I,
    ),
)
_ABOUT.append(
    # "Counselling may work differently for ...": a bare subject the next sentence's "its" means
    re.compile(
        r"^(?!(?:it|this|that|we|i|you|they|there|he|she|one)\b)(?P<np>[a-z][\w'\-]+(?:\s+[\w'\-]+){0,2}?)"
        r"\s+(?:may|might|could|can|will|would|should|does|did|works?|seems?|appears?)\b",
        re.I,
    )
)
_ABOUT.append(
    # "Our manager reckons the smart thermostats only save money because ...": what the claim
    # is about
    re.compile(
        r"^.*?\b(?:reckons?|thinks?|believes?|says?|claims?|suspects?|argues?|feels?)\s+(?:that\s+)?"
        r"(?:the|our|these|those)\s+(?P<np>[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+(?:only|mostly|mainly|"
        r"really|just|actually|save|saves|work|works|help|helps|raise|raises|lower|lowers|cut|cuts|"
        r"reduce|reduces|increase|increases|improve|improves|affect|affects|matter|matters|pay|pays|"
        r"drive|drives|make|makes|do|does|are|is)\b",
        re.I,
    )
)
#: "it" where a variable goes: "use it as", "how it changes", "whether it helps".
_IT = re.compile(
    r"\b(?:(?<=use\s)|(?<=using\s)|(?<=how\s)|(?<=whether\s)|(?<=if\s)|(?<=of\s)|"
    # "the shorter recovery we see with it"
    r"(?<=see\swith\s)|(?<=saw\swith\s)|(?<=get\swith\s)|(?<=got\swith\s)|"
    # "if we stopped sending it": the object of a verb said as its gerund
    r"(?<=[a-z]{2}ing\s)|"
    # "Could you run it on the demo model?": the method said before
    r"(?<=run\s)|(?<=try\s)|(?<=apply\s)|"
    # "The e-bike share is about a third. If we doubled it, ...": the scenario's variable
    r"(?<=doubled\s)|(?<=double\s)|(?<=halved\s)|(?<=halve\s)|(?<=tripled\s)|(?<=triple\s)|"
    r"(?<=raised\s)|(?<=lowered\s)|(?<=reduced\s)|(?<=increased\s))it\b|"
    # "you could use that as the instrument": a demonstrative used as a role
    r"(?:(?<=use\s)|(?<=using\s))(?:that|this)(?=\s+as\b)",
    re.I,
)


def _resolved(sentence: str, before: str) -> str:
    """`sentence` with "it" (or "their effect") replaced by what the sentence `before` was about,
    if it says."""
    if not (_IT.search(sentence) or _THEIR_EFFECT.search(sentence) or _THEY.search(sentence)):
        return sentence
    plain = re.sub(r"^(?:if|whether)\s+", "", _courtesy_off(before), flags=re.I)
    for pat, text in ((p, t) for t in dict.fromkeys((before.strip(), plain)) for p in _ABOUT):
        # the context as said, then without its opener ("I wonder if the device works ...")
        m = pat.match(text)
        if m:
            np_ = re.sub(r"^(?:the|a|an|our|their)\s+", "", m.group("np"), flags=re.I)
            if _THEIR_EFFECT.search(sentence):
                return _THEIR_EFFECT.sub(rf"the \g<e> of the {np_}", sentence, count=1)
            if not _IT.search(sentence):
                # "... about the smart thermostats. Could you estimate what they do to Y?": a
                # plural subject stands for a plural thing
                if not np_.lower().endswith("s"):
                    continue
                return _THEY.sub("the " + np_, sentence, count=1)
            return _IT.sub("the " + np_, sentence, count=1)
    return sentence


#: "what they do to Y", "whether they help": a plural subject pointing back.
_THEY = re.compile(r"\b(?:(?<=what\s)|(?<=how\s)|(?<=whether\s)|(?<=if\s))they\b", re.I)


#: "their effect on Y": the effect of what the sentence before was about.
_THEIR_EFFECT = re.compile(
    r"\b(?:their|its)\s+(?P<e>(?:causal\s+)?(?:effect|impact|influence))\b", re.I
)


#: Variables a sentence names as confounders ("income and credit score confound everything"), or
#: as mattering, for a later reference to take them into account ("we know credit score and
#: income matter for everything here, so take them into account").
_ITEM = r"[\w'\-]+(?:\s+[\w'\-]+)?"
_CONFOUNDER_PAIR = re.compile(
    rf"(?P<a>(?:{_ITEM},\s+){{0,3}}{_ITEM}),?\s+and\s+(?P<b>whether\s+[\w'\-]+(?:\s+[\w'\-]+){{1,4}}?|{_ITEM})\s+"
    r"(?:both\s+|also\s+|obviously\s+|"
    r"clearly\s+)?(?:confound\w*|are\s+(?:the\s+)?(?:real\s+|main\s+|obvious\s+|usual\s+|likely\s+|"
    r"biggest\s+|key\s+|two\s+)*(?:confounders|common\s+causes|suspects(?:\s+to\s+(?:control|adjust)\s+for)?|"
    r"(?:variables|ones|things)\s+to\s+(?:control|adjust)\s+for)|"
    r"(?P<matter>matter|play\s+(?:a|their|an?\s+\w+)\s+(?:role|part)|(?:are|were)\s+(?:(?:very|really|"
    r"quite|so|both)\s+)?(?:important|relevant|key|different|factors)|drive\s+(?:both|everything)|"
    r"affect\s+(?:both|everything)))\b",
    re.I,
)
#: A later reference to them: "controlling for those two", "adjusting for both", "take them
#: into account".
_PAIR_REFERENCE = re.compile(
    r"\b(for|on)\s+(?:(?:those|these|the)\s+(?:two|both)(?:\s+(?:variables|factors|confounders))?|both(?:\s+of\s+them)?|"
    r"them(?:\s+both)?)\b|"
    # "so please include them", "add both as controls": the pair put into the model
    r"\b(?P<verb>include|add|use|put\s+in|take|keep|leave|have)\s+(?:them|those|these|both)(?:\s+(?:two|both))?"
    r"(?:\s+(?:as\s+(?:controls|covariates|confounders)|in(?:\s+the\s+model|\s+there)?(?=\s*(?:[,;.!?]|$))|"
    r"into\s+account))?\b",
    re.I,
)
#: One variable a sentence names as mattering ("we know stations near the metro are different"),
#: and a later "take that into account" (or "adjust for it").
_ONE_MATTERS = re.compile(
    r"(?:^|[,;.:!?]\s*|\b(?:know|knew|think|suspect|sure)\s+(?:that\s+)?)(?:the\s+|our\s+)?"
    r"(?P<a>(?!(?:it|this|that|they|we|i|you|there|which|who)\b)[\w'\-]+(?:\s+(?!(?:is|are|was|were|"
    r"obviously|clearly|surely|certainly|definitely|really|also)\b)"
    r"[\w'\-]+){0,3}?)\s+(?:(?:obviously|clearly|surely|certainly|definitely|really|also)\s+)?"
    r"(?:(?:is|are|was|were)\s+(?:(?:very|really|quite|so|clearly|obviously)\s+)?"
    r"(?:different|important|relevant|key|a\s+factor)|matters|plays\s+a\s+(?:big\s+)?role|"
    # ("competitors nearby obviously matter, so ...")
    r"matter(?=\s*,?\s+so\b))\b",
    re.I,
)
_ONE_REFERENCE = re.compile(
    r"(?:\btake\s+(?:that|it|this)\s+into\s+account\b|"
    r"\b(?:adjust|control|account|correct)(?:ing)?\s+for\s+(?:that|it|this)(?=\s*(?:[,;.!?]|$|\s+(?:too|as\s+well|though)\b))|"
    # "region matters, so keep it in": the model keeps it
    r"\b(?:keep|leave|put|have)\s+(?:that|it|this)\s+in(?:\s+(?:there|the\s+model))?\b|"
    # ("competitors nearby obviously matter, so could you redo it with that in the model?")
    r"\bwith\s+(?:that|it|this)\s+in\s+(?:there|the\s+model|the\s+adjustment(?:\s+set)?)\b|"
    # ("education clearly matters, so it has to be in the model")
    r"\b(?:it|that|this)\s+(?:(?:has|needs|ought)\s+to|must|should)\s+(?:be|go|stay)\s+in(?:to)?\s+"
    r"(?:there|the\s+model|the\s+regression|the\s+adjustment(?:\s+set)?|the\s+controls)\b|"
    r"\binclude\s+(?:that|it|this)\b(?!\s+(?:as|in\s+the\s+(?:split|subgroups)))(?=\s*(?:[,;.!?]|$|\s+(?:too|as\s+well)\b)))"
    # ("..., so keep it in, and rainfall too": a second one added to it)
    r"(?:\s*,?\s+and\s+(?:the\s+|their\s+)?(?P<b>(?!(?:it|this|that|then|so)\b)[\w'\-]+(?:\s+[\w'\-]+){0,2}?)"
    r"\s+(?:too|as\s+well)\b)?",
    re.I,
)


_NOT_SUBJECT = (
    r"(?:is|are|was|were|does|do|did|could|can|might|may|would|will|should|must|needs?|whether|if|"
    r"what|how|which|why|who|i|we|you|it|this|that|they|there|these|those|maybe|perhaps|please|"
    r"check|see|verify|test|tell|know|wonder|think|ask|whatever)\b"
)
#: The subject of a statement about variables, at the start of a sentence or clause: a few words
#: that are not a question word, a pronoun or an auxiliary ("Climate zone", "Being a chain",
#: "credit score and income").
_DECL_SUBJECT = (
    r"(?:^|(?<=[.;:!?])\s*|(?<=[.;:!?]\s))(?:(?:also|and|but|so|obviously|clearly|of\s+course|note\s+that|"
    r"(?:i|we)\s+know(?:\s+that)?|remember(?:\s+that)?)\s*,?\s*)?"
    # "since Z is a confounder of X and Y, include it", "if Z is a confounder ..., adjust for it":
    # the claim given as the reason (or the condition) of the request that follows
    r"(?:(?P<cond>since|because|as|given\s+that|now\s+that|if)\s+)?"
    # (a subject names variables: no word of a request or a subordinate clause in it, "please
    # check if age is a confounder ..." asks)
    r"(?P<z>(?!" + _NOT_SUBJECT + r")[\w'\-]+(?:\s+(?!" + _NOT_SUBJECT + r"|confounds?\b)"
    r"(?:and\s+|,\s*)?[\w'\-]+){0,5}?)\s+"
)
#: Its claim that the subject is a confounder: "is a confounder of X and Y", "are the obvious
#: confounders here", "should be treated as a confounder", "confounds both X and Y".
_DECL_CLAIM = (
    r"(?:(?:is|are|'s)\s+(?:clearly\s+|obviously\s+|definitely\s+|also\s+|surely\s+)?"
    r"(?:(?:a|an|the|our|my|one|two)\s+)?(?:(?:obvious|main|real|known|usual|key|big|biggest|major|"
    r"important|clear|likely|other|only)\s+)*(?:confounders?|common\s+causes?)|"
    r"(?:should|must|needs?\s+to|has\s+to|have\s+to|is\s+to|are\s+to)\s+be\s+(?:treated|considered|"
    r"counted|handled|regarded)\s+as\s+(?:an?\s+)?confounders?|"
    # "prev injury = confounder": the same in notation
    r"=\s*(?:an?\s+)?(?:confounders?|common\s+causes?)|"
    r"confounds?(?=\s+(?:both\b|the\b|(?:[\w'\-]+\s+){1,3}(?:and|&)\b)))"
    # what it confounds, up to the end of the clause
    r"(?:\s+(?!(?:so|and\s+so)\b)[^.;:!?,\-\u2013]*)?"
)
#: A request to treat a variable as a confounder: "treat Z as a confounder", "consider Z a
#: confounder".
_DECL_TREAT = (
    # (the verb as a request: at the start of a clause or after "please", "so", "should", ...)
    r"(?P<lead>^|(?<=[.;:!?,])\s*|\b(?:please|and|so|then|should|must|to|also|just|let'?s|we|you)\s+)"
    r"(?:treat|consider|regard)\s+(?!(?:an?|the)\s+(?:confounders?|common)\b)"
    r"(?P<z2>(?:the\s+)?[\w'\-]+(?:\s+(?:and\s+|,\s*)?[\w'\-]+){0,5}?)"
    r"\s+(?:as\s+)?(?:an?\s+|the\s+)?(?:(?:possible|potential|likely)\s+)?(?:confounders?|common\s+causes?)\b"
)
#: What the asker wants done with it: "so include it", "keep it in the model", "adjust for them".
_DECL_DIRECTIVE = (
    r"(?:\s*[,;:.\-\u2013]\s*|\s+)(?:and\s+)?(?:so\s+)?(?:please\s+)?(?:(?:you\s+)?(?:should|must|need\s+to)\s+)?"
    r"(?:(?:include|keep|add|put|use|hold|leave|(?:adjust|control|account|correct)\s+for)\s+"
    r"(?:it|them|this|that|those|these|both)(?:\s+(?:two|both|too|fixed|constant))?"
    r"(?:\s+(?:in|into|to)\s+(?:the\s+|my\s+|your\s+)?(?:model|adjustment(?:\s+set)?|analysis|regression|"
    r"controls?|covariates?|estimate))?"
    # ("so leave it in")
    r"(?:\s+in\b(?!\s+\w))?"
    r"(?:\s+as\s+(?:an?\s+)?(?:controls?|covariates?|confounders?))?(?:\s+(?:too|as\s+well|please))?|"
    # "prev injury = confounder, adjust.": the verb alone
    r"(?:adjust|control|correct)(?=\s*(?:[.;:!?\-]|$)))"
)
_DECLARED = re.compile(_DECL_SUBJECT + _DECL_CLAIM + rf"(?P<d>{_DECL_DIRECTIVE})?", re.I)
_TREATED_AS = re.compile(_DECL_TREAT + rf"(?:{_DECL_DIRECTIVE})?", re.I)
#: A hedge before a claim: a suspicion is a question about confounding, not a declaration.
_HEDGED = re.compile(
    r"\b(?:think|suspect|worried|worry|afraid|fear|wonder\w*|maybe|perhaps|might|could|may|guess|"
    r"not\s+sure|possibly|probably)\b",
    re.I,
)


#: Words between a subject and its "has to be controlled for" ("obviously", "both").
_PASSIVE_ADVERBS = (
    r"(?:(?:obviously|clearly|surely|certainly|definitely|really|also|both|all|of\s+course|"
    r"absolutely|simply|still)\s+)*"
)
#: Being put into the model, said in the passive: "have to be controlled for", "need to be in
#: there as controls", "must be adjusted for", "should be included".
_PASSIVE_IN = (
    r"(?:has|have|need|needs|must|should|ought|got)\s+(?:to\s+)?(?:be|go|stay)\s+"
    r"(?:(?:controlled|adjusted|accounted|corrected)\s+for|taken\s+into\s+account|included|"
    r"(?:kept\s+)?in(?:\s+(?:there|the\s+model|the\s+regression|the\s+adjustment(?:\s+set)?))?"
    r"(?=\s*(?:[,;.!?]|$|as\b|too\b))(?:\s+as\s+(?:controls?|covariates?|confounders?))?)"
)
_PASSIVE_CONTROLS = re.compile(
    r"(?P<lead>^|(?<=[.;:!?])\s*|\b(?:know|knew)\s+(?:that\s+)?)(?:the\s+|our\s+)?"
    r"(?P<z>(?!"
    + _NOT_SUBJECT
    + r")[\w'\-]+(?:\s+(?!"
    + _NOT_SUBJECT
    + r")(?:and\s+|,\s*)?[\w'\-]+){0,5}?)\s+"
    + _PASSIVE_ADVERBS
    + r"(?:"
    + _PASSIVE_IN
    # "tenure is known to matter, so control for it": what is known to matter, then its request
    # ("age and the severity score matter a lot, so please keep both in the model")
    # (one column that "matters, so keep it in" is `_named_one`'s, with its "and Z too")
    + r"|(?:(?:is|are)\s+known\s+to\s+matter(?:\s+a\s+lot|\s+here)?\s*,?\s*(?:and\s+)?so\s+(?:please\s+)?"
    r"(?:(?:control|adjust|account|correct)\s+for|keep|include|leave|put|add|have)\s+(?:it|that|them|those)|"
    r"matter(?:\s+a\s+lot|\s+here|\s+too)?\s*,?\s*(?:and\s+)?so\s+(?:please\s+)?"
    r"(?:(?:control|adjust|account|correct)\s+for|keep|include|leave|put|add|have)\s+"
    r"(?:them|those|both|these))(?:\s+(?:two|both))?(?:\s+in(?:\s+the\s+model|\s+there)?)?"
    r"(?:\s+as\s+(?:controls?|covariates?))?"
    r"(?=\s*(?:[;.!?]|$|too\b|as\s+well\b|please\b|,(?!\s*and\s+[\w'\- ]+\s+(?:too|as\s+well)\b)))"
    # "rainfall and soil pH differ a lot between plots, so they need to be adjusted for"
    r"|(?:differ|differs|vary|varies|matter|matters|are|is)\b[^.;!?]*?,?\s*(?:and\s+)?so\s+"
    r"(?:they|it|both)\s+" + _PASSIVE_ADVERBS + _PASSIVE_IN + r")"
    # (a request joined after it is a clause of its own: "..., and don't bother with the checks")
    r"(?P<tail>\s*,?\s+(?:and|but)\s+(?=[a-z]))?",
    re.I,
)


def _passive_controls(q: str) -> str:
    """`q` with variables that "have to be controlled for", "need to be in there as controls",
    "are known to matter, so control for them" or "differ a lot, so they need to be adjusted
    for" said as the control they ask for ("control for Z"): the controls of a story."""
    return _PASSIVE_CONTROLS.sub(
        lambda m: (
            (m.group("lead") if m.group("lead").strip() == "" else "")
            + f"control for {m.group('z')}"
            + ("; " if m.group("tail") else "")
        ),
        q,
    )


def _declared_confounders(q: str) -> str:
    """`q` with a column declared a confounder ("Area is a confounder of X and Y, so include it",
    "Z confounds both X and Y; adjust for it", "treat Z as a confounder and ...") said as the
    control it asks for ("control for Area"): what to adjust for, not a doubt to check.

    A bare claim ("Shift is a confounder here.") is read so only as a statement of its own, not
    hedged and not asked; "Z confounds X and Y" only with the request to adjust that follows it."""
    m = _TREATED_AS.search(q)
    if m:
        rest = q[m.end() :]
        # "treat Z as a confounder and estimate ...": the request after it is a clause of its own
        rest = re.sub(r"^\s*(?:,\s*)?and\s+(?=[a-z])", "; ", rest, flags=re.I)
        return q[: m.start()] + m.group("lead") + f"control for {m.group('z2')}" + rest
    for m in _DECLARED.finditer(q):
        if m.group("cond") and m.group("d") is None:
            continue  # "if Z is a confounder, is the effect real?": no request to adjust
        claim = m.group(0)[len(m.group(0)) - len(m.group(0).lstrip()) :]
        verb = re.search(r"\bconfounds?\b", claim[len(m.group("z")) :], re.I)
        sentence_start = max(q.rfind(c, 0, m.start("z")) for c in ".;:!?") + 1
        said_before = q[sentence_start : m.start("z")]
        if m.group("d") is None:
            end = re.search(r"[.;!?]|$", q[m.end() :])
            sentence = q[sentence_start : m.end() + end.end()]
            if verb or "?" in sentence or _HEDGED.search(said_before):
                continue
            if _PAIR_REFERENCE.search(q, m.end()):
                continue  # "... are the confounders; adjust for those two": read by _named_list
        # "...; include it as a control and give me the effect": the request is a clause apart
        rest = re.sub(r"^\s*(?:,\s*)?and\s+(?=[a-z])", "; ", q[m.end() :], flags=re.I)
        start = m.start("cond") if m.group("cond") else m.start("z")
        return q[:start] + f"control for {m.group('z')}" + rest
    return q


#: A claim reported in a time clause before a question that points back to it ("Before I tell HR
#: that overtime drives people out, is that just job level?"): the claim is what "that" means.
_FRONTED_CLAIM = re.compile(
    r"^(?:before|until|so\s+before)\s+(?:i|we)\s+(?:(?:go\s+and\s+|can\s+)?(?:tell|say\s+to|report\s+to|write\s+to|"
    r"email|promise|assure)\s+(?:[\w'\-]+\s+){1,3}?|(?:conclude|claim|report|announce|assume|accept|say|"
    r"write|put\s+in\s+(?:the|my|our)\s+\w+)\s+)that\s+(?P<s>[^,;?]{5,120}?)\s*[,;:]\s*"
    r"(?P<q>(?:is|are|was|could|can|might|would|does|do|did)\b[^?]*\b(?:that|it|this)\b.*)$",
    re.I,
)


#: "a confounding check on X and Y": the check of the link between the two.
_CHECK_ON_PAIR = re.compile(
    r"\b((?:confounding|confounder|bias)\s+(?:check|test|analysis|assessment))\s+(?:on|of|for)\s+(?:the\s+)?"
    r"(?=(?:[\w'\-]+\s+){1,4}?(?:and|vs\.?|versus)\s)",
    re.I,
)


#: The credit the asker is about to give, as the claim: "before I credit X for Y, ...", "if we
#: attribute Y to X, ...", "should we give X the credit for Y, or ...".
_CREDITED_CLAIM = re.compile(
    r"^(?:(?:so|but|ok(?:ay)?|well)\s*,?\s*)?(?:before|if|when|until|should)\s+(?:i|we)\s+(?:\w+\s+)?"
    r"(?:(?:credit|thank|praise)\s+(?:the\s+)?(?P<x>[^,;:?]{2,60}?)\s+for|give\s+(?:the\s+)?(?P<x2>[^,;:?]{2,60}?)"
    r"\s+(?:the\s+)?credit\s+for|give\s+credit\s+to\s+(?:the\s+)?(?P<x3>[^,;:?]{2,60}?)\s+for|"
    r"(?:attribute|ascribe|put)\s+(?:the\s+)?(?P<y2>[^,;:?]{2,60}?)\s+(?:down\s+)?to)\s+(?:the\s+)?"
    r"(?P<rest>[^,;:?]{2,60}?)\s*(?:[,;:]|\s+[-\u2013\u2014]+)\s*(?:or\s+)?"
    r"(?P<q>(?:is|are|was|could|can|might|would|does|do|did|isn'?t|aren'?t)\b.*)$",
    re.I,
)


def _credited(m: re.Match[str]) -> str:
    x = m["x"] or m["x2"] or m["x3"]
    x, y = (x, m["rest"]) if x else (m["rest"], m["y2"])
    return f"{x} drives {y}. {m['q'][0].upper()}{m['q'][1:]}"


def claim_first(q: str) -> str:
    """`q` with a claim reported in a time clause said as a sentence of its own before the
    question that points back to it ("Before I tell HR that X drives Y, is that just Z?" ->
    "X drives Y. Is that just Z?"; "Before I credit X for Y, could Z explain it?" -> "X drives
    Y. Could Z explain it?")."""
    q = _CREDITED_CLAIM.sub(_credited, q)
    return _FRONTED_CLAIM.sub(lambda m: f"{m['s']}. {m['q'][0].upper()}{m['q'][1:]}", q)


def _named_list(q: str) -> str:
    """`q` with "for those two" replaced by the variables named before as confounders (or as
    mattering), and "take that into account" by the one variable named before as mattering."""
    pair = _CONFOUNDER_PAIR.search(q)
    if not pair:
        return _named_one(q)
    ref = _PAIR_REFERENCE.search(q, pair.end())
    if not ref:
        if (
            not pair.group("matter")
            and re.search(r"(?:^|[.;!?:]\s*)$", q[: pair.start()])
            and re.search(r"\bare\b", pair.group(0), re.I)
        ):
            # "Department and job level are the confounders." said on its own: the controls
            return (
                q[: pair.start()]
                + f"control for {pair.group('a')} and {pair.group('b')}"
                + q[pair.end() :]
            )
        return _named_one(q)
    a = re.sub(
        r"^(?:says|said|thinks|believes|claims|that|whether|if|know|knew)\s+(?:that\s+)?",
        "",
        pair.group("a"),
        flags=re.I,
    )
    lead = "control for" if ref.group("verb") else ref.group(1)
    # ("Breed and parity both matter": the quantifier is no word of the second name)
    b = re.sub(r"\s+(?:both|also|too|all|each)$", "", pair.group("b"), flags=re.I)
    return q[: ref.start()] + f"{lead} {a} and {b}" + q[ref.end() :]


#: "for this kind of thing", "for questions like this one": the asker's vague object.
_KIND_OF_THING = re.compile(
    r"\s+for\s+(?:this|that|these|those)\s+(?:kinds?|sorts?|types?)\s+of\s+(?:things?|questions?|"
    r"analys[ie]s|data|problems?|work|stuff|studies|study)\b|\s+for\s+(?:questions|problems|analyses)\s+"
    r"like\s+(?:this|that)(?:\s+one)?\b",
    re.I,
)
#: A mechanism stated in passing: "I think it works through the support calls".
_WORKS_THROUGH = re.compile(
    r"\b(?:works?|worked|acts?|operates?|goes|runs|happens|flows)\s+(?:mostly\s+|mainly\s+|largely\s+|"
    r"partly\s+|only\s+)?(?:through|via)\s+(?P<m>(?:the\s+)?[\w'\-]+(?:\s+(?!and\b|but\b|so\b|or\b)[\w'\-]+){0,3}?)"
    r"(?=\s*[,;.!?]|\s*$|\s+(?:and|but|so|or|rather|not)\b)",
    re.I,
)
#: A later question about the share that goes "that way" ("how much of it goes that way?").
_GOES_THAT_WAY = re.compile(
    r"\b(?P<verb>goes|go|runs|run|flows|flow|passes|pass|works|work)\s+(?:that|this)\s+(?:way|route|channel|path)\b",
    re.I,
)


def _that_way(q: str) -> str:
    """`q` with "goes that way" replaced by "goes through M" when a sentence before says the
    mechanism ("I think it works through the support calls. How much of the effect goes that
    way?")."""
    way = _GOES_THAT_WAY.search(q)
    if not way:
        return q
    said = [m.group("m") for m in _WORKS_THROUGH.finditer(q, 0, way.start())]
    if not said:
        # "... lowers claim costs because people brake less harshly": the mechanism said as
        # what people do differently
        said = [
            m.group("obj") or f"{m.group('v')} {m.group('adv') or ''}".strip()
            for m in _BECAUSE_DO_LESS.finditer(q, 0, way.start())
        ]
    if not said:
        return q
    return q[: way.start()] + f"{way.group('verb')} through {said[-1]}" + q[way.end() :]


#: A mechanism said as what people do differently: "because people brake less harshly",
#: "because they visit more often".
_BECAUSE_DO_LESS = re.compile(
    r"\bbecause\s+(?:the\s+)?(?:people|they|customers|drivers|members|patients|students|users|staff|"
    r"players|households|agents|workers|[\w\-]+s)\s+(?P<v>[a-z]{3,})\s+"
    # ("they miss fewer payments after the counseling": the time after is no word of the object)
    r"(?:less|more|fewer|longer|shorter|bigger|smaller|higher|lower)(?:\s+(?:(?P<adv>[a-z]+ly)\b|(?P<obj>(?!(?:often|once|when|because|and|so|if|"
    r"than|now|since|after|before|following)\b)[a-z]+(?:\s+(?!(?:once|when|because|and|so|if|than|now|since|after|"
    r"before|following)\b)[a-z]+)?)))?",
    re.I,
)


#: Variables said one by one to belong in the model: "their prior GPA has to be in there, and the
#: device they study on probably matters as well".
_EACH_MATTERS = re.compile(
    r"(?:^|[,;.:!?]\s*|\b(?:and|so|also|know|knew|think|suspect|sure)\s+(?:that\s+)?)(?:the\s+|our\s+|their\s+|its\s+)?"
    r"(?P<a>(?!(?:it|this|that|they|we|i|you|there|which|who|those|these|so|and|but)\b)[\w'\-]+"
    r"(?:\s+(?!(?:is|are|was|were|has|have|probably|also|clearly|obviously|surely|certainly|definitely)\b)"
    r"[\w'\-]+){0,4}?)\s+(?:(?:probably|also|clearly|obviously|surely|certainly|definitely|likely)\s+)?"
    r"(?:(?:has|have|needs?|ought)\s+to\s+be\s+(?:in\s+(?:there|the\s+model)|included|controlled\s+for|"
    r"adjusted\s+for|accounted\s+for)|(?:must|should)\s+be\s+(?:in\s+(?:there|the\s+model)|included)|"
    r"matters?|(?:is|are)\s+(?:(?:very|really|quite|so|clearly|obviously)\s+)?(?:important|relevant|"
    r"key|different|a\s+factor)|plays?\s+a\s+(?:big\s+)?role|"
    # ("severity can't be left out, and age obviously goes in too")
    r"(?:can'?t|cannot|can\s+not|mustn'?t|shouldn'?t)\s+be\s+(?:left\s+out|ignored|dropped)|"
    r"(?:goes|go|has\s+to\s+go|must\s+go|should\s+go|stays?)\s+in(?:\s+(?:too|as\s+well))?)\b",
    re.I,
)
#: A later pointer to them by number: "with those two held fixed", "controlling for those three".
_COUNTED_REFERENCE = re.compile(
    r"\b(?P<lead>with|holding|keeping|for|on)\s+(?:(?:those|these|the)\s+(?P<n>two|three|both)"
    r"(?:\s+(?:variables|factors|things|of\s+them))?|(?P<n2>both)\s+of\s+(?:those|these|them))"
    r"(?P<held>\s+(?:held\s+|kept\s+)?(?:fixed|constant|equal))?\b",
    re.I,
)


def _named_each(q: str) -> str:
    """`q` with "those two" replaced by the variables that the sentences before say one by one
    belong in the model ("X has to be in there, and Y matters as well. With those two held
    fixed, ...")."""
    ref = _COUNTED_REFERENCE.search(q)
    if not ref:
        return q
    said = [m.group("a") for m in _EACH_MATTERS.finditer(q, 0, ref.start())]
    n = {"two": 2, "both": 2, "three": 3}[(ref.group("n") or ref.group("n2")).lower()]
    if len(said) != n:
        return q
    names = ", ".join(said[:-1]) + f" and {said[-1]}"
    if ref.group("held"):
        return q[: ref.start()] + f"{ref.group('lead')} {names}{ref.group('held')}" + q[ref.end() :]
    if ref.group("lead").lower() in ("for", "on"):
        return q[: ref.start()] + f"{ref.group('lead')} {names}" + q[ref.end() :]
    return q


def _named_one(q: str) -> str:
    """`q` with "take that into account" replaced by "control for X" when a sentence before
    names X as mattering ("we know stations near the metro are different, take that into
    account")."""
    q = _named_each(q)
    one = _ONE_MATTERS.search(q)
    if not one:
        return q
    ref = _ONE_REFERENCE.search(q, one.end())
    if not ref:
        return q
    both = f" and {ref.group('b')}" if ref.group("b") else ""
    verb = "controlling for" if ref.group(0).lower().startswith("with") else "control for"
    return q[: ref.start()] + f"{verb} {one.group('a')}{both}" + q[ref.end() :]


#: A remark after a question that still says something the question needs: a suspect ("I
#: suspect age"), a reason, an instruction, an amount.
_AFTERTHOUGHT_SLOT = re.compile(
    r"\b(?:suspect\w*|think|thinks|believe\w*|guess|reckon|maybe|perhaps|because|due\s+to|confound\w*|"
    r"use|using|run|try|please|only|just|also|instead|rather|\d+)\b|%",
    re.I,
)


#: A remark that describes something: "Metro drivers are a different crowd", "Jerseys are a
#: different animal" (a noun phrase and a verb of being, no analysis word).
_REMARK = re.compile(
    r"(?:the\s+|our\s+|these\s+|those\s+|their\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,3}?\s+(?:is|are|was|were|'s|'re)\s+"
    r"(?!.*\b(?:effects?|impacts?|caus\w*|affect\w*|confound\w*|arrows?|edges?|mediat\w*|instrument\w*)\b)",
    re.I,
)


#: A sentence that only asks the assistant's opinion of the question beside it ("What do you
#: think?", "Your thoughts?", "What's your take?", "Would you agree?"): it names no analysis.
_OPINION_ONLY = re.compile(
    r"(?:(?:so|and|but|ok|okay|well|honestly)\s*,?\s+)?(?:"
    r"what\s+(?:do|would)\s+you\s+(?:think|reckon|say|suggest|make\s+of\s+(?:it|that|this))|"
    r"what(?:'s|\s+is)\s+your\s+(?:take|view|opinion|guess|verdict|read|hunch|feeling|sense|gut\s+feeling)|"
    r"(?:(?:any|your)\s+)?(?:thoughts|views|opinions?|take|ideas?|verdict)|"
    r"(?:do|would)\s+you\s+agree|am\s+i\s+(?:right|wrong|onto\s+something)|what\s+say\s+you|"
    r"(?:i'?d|i\s+would)\s+(?:love|like|value|appreciate)\s+your\s+(?:opinion|view|take|thoughts|input)"
    r")(?:\s+(?:here|on\s+(?:this|that|it)))?\s*[?.!]*",
    re.I,
)


def _request_sentences(q: str) -> str:
    """The sentences that carry the request, without the context around them."""
    parts = _sentences(q)
    if len(parts) > 1:
        # "What do you think? Is overtime behind the errors?": the opinion asked is the
        # question beside it
        parts = [s for s in parts if not _OPINION_ONLY.fullmatch(s)] or parts
        if len(parts) == 1:
            return parts[0]
    if len(parts) < 2:
        return q
    # a question is kept too ("... twice as much X? how much more Y?"), and so is a fragment of
    # a few words ("use GRaSP", "(yield)"): context comes in whole sentences
    keep = [bool(_CUE.search(s) or s.endswith("?") or len(s.split()) <= 3) for s in parts]
    for i in range(1, len(parts)):
        # "Our defect rates are too high. What's causing them?": the pronoun's sentence stays
        if (
            keep[i]
            and not keep[i - 1]
            and (
                _PRONOUN.search(parts[i])
                and len(parts[i].split()) <= 6
                or _THAT_WAY.search(parts[i])
            )
        ):
            keep[i - 1] = True
        # "Patients on the drug end up back in hospital less often. Is that confounded by ...?":
        # a question about "that" asks about the claim before it
        if (
            keep[i]
            and not keep[i - 1]
            and _ABOUT_CLAIM.match(parts[i])
            and re.search(
                rf"\b(?:{_COMPARATIVE}|fewer\b|less\s+often\b|more\s+often\b)", parts[i - 1], re.I
            )
        ):
            keep[i - 1] = True
    for i in range(1, len(parts)):
        if keep[i] and (not keep[i - 1] or _THEIR_EFFECT.search(parts[i])):
            # "The trial offer was handed out at random. Use it as an instrument ...": the
            # pronoun stands for the thing the left-out sentence was about
            parts[i] = _resolved(parts[i], parts[i - 1])
    kept = [s for s, k in zip(parts, keep, strict=True) if k]
    if not kept:
        return q
    asked = [i for i, s in enumerate(kept) if s.rstrip().endswith("?")]
    if asked and asked[-1] < len(kept) - 1:
        # "... does it differ by territory? Metro drivers are a different crowd.": a remark
        # after the question that asks nothing and names no option is context
        tail = kept[asked[-1] + 1 :]
        if all(_REMARK.match(s) for s in tail) and not any(
            _OPTION_CUE.search(s)
            or _REQUEST.match(s)
            or _KNOWLEDGE_CUE.search(s)
            or _AFTERTHOUGHT_SLOT.search(s)
            or len(s.split()) <= 3
            for s in tail
        ):
            kept = kept[: asked[-1] + 1]
    if len(kept) > 1 and _self_contained_question(kept[-1]) and not kept[-2].rstrip().endswith("?"):
        # "At the moment first responses take 9 hours, and support thinks halving that would do
        # wonders. If response times were cut in half, what would happen to NPS?": a last
        # question that names its whole analysis is the question; statements before it are
        # context unless they name an option (a control, an estimator, an instrument)
        kept = [s for s in kept[:-1] if s.rstrip().endswith("?") or _OPTION_CUE.search(s)] + kept[
            -1:
        ]
        if len(kept) == 1:
            return kept[0]
    if (
        len(kept) > 1
        and _REQUEST.match(kept[-1])
        and _WHOLE_REQUEST.search(kept[-1])
        and not any(s.rstrip().endswith("?") for s in kept[:-1])
        and not _NEEDS_CONTEXT.search(_OBJECT_PRONOUN_END.sub("", kept[-1]))
    ):
        # "Our pilot ran on four wards and ... I'd like you to check whether the effect differs by
        # ward": a request to "you" that names all it needs is the question; the rest is context
        # (background knowledge stated before a request for the graph stays: "Culling can't cause
        # mastitis. Could you learn the causal graph?")
        known = [s.rstrip(" .!") for s in kept[:-1] if _KNOWLEDGE_CUE.search(s)]
        return "; ".join([*known, kept[-1].rstrip(" .!")])
    return "; ".join(s.rstrip(" .!") for s in kept)


# -- 2. courtesy and hedges -----------------------------------------------------------------------
#: Who holds the claim that follows, named with a determiner ("my site lead thinks", "the ward
#: sisters say that", "our store managers believe"): words that may be a column's ("site",
#: "ward") but name no variable of the claim.
BELIEF_HOLDER = (
    r"(?:my|our|the|some|his|her|their)\s+(?!(?:data|graph|model|table|results?|estimates?|analysis|"
    r"literature|paper|study|report|numbers|evidence|theory|idea|question|estimate)\b)[\w'\-]+"
    r"(?:\s+(?!(?:data|graph|model|table|results?|estimates?|analysis|numbers|evidence)\b)[\w'\-]+)?"
    r"\s+(?:thinks|think|believes|believe|says|say|suspects|suspect|feels|feel|argues|argue|claims|claim|"
    r"swears|swear|reckons|reckon|insists|insist|maintains|maintain|"
    r"told\s+(?:me|us|(?:our|the|my)\s+[\w'\-]+)|keeps?\s+(?:saying|telling\s+(?:me|us)))"
    r"(?:\s+that)?(?=\s+(?:the\s+|our\s+|an?\s+|their\s+)?(?!(?:it|so|not|otherwise|differently)\b)[\w'\-]+\s+\w)"
)
#: When the answer is needed, said before the question it dates ("Before the slide goes to the
#: VP, is that comparison confounded ...?", "before we present anything, could you ..."): no part
#: of the question.
DATING_CLAUSE = (
    r"(?:before|until)\s+(?:[\w'\-]+\s+){1,6}?[\w'\-]+\s*,(?=\s*(?:is|are|was|were|does|do|did|can|"
    r"could|would|will|should|what|how|which|why|please)\b)"
)
_SOFT = r"(?:maybe|perhaps|possibly|please|kindly|just|also|quickly|actually|really|briefly)"
#: Openers that only ask politely; what follows is the request itself.
_OPENERS = [
    r"(?:(?:hi|hello|hey)(?:\s+there)?|good\s+(?:morning|afternoon|evening)|ok|okay|thanks|thank\s+you|sorry)\b[!,.]*",
    r"(?:honestly|frankly|basically|quick\s+one|quick\s+question|picture\s+this|imagine\s+this)\b[!,.:]*",
    # a hedge before the question: "I'm not sure (it's a thing), but ..."
    r"(?:i'?m|i\s+am)\s+not\s+(?:sure|certain)(?:\s+[\w' ]{1,40}?)?\s*,\s*(?:but\s+)?(?:maybe\s+|perhaps\s+)?",
    # ... with the subject left out or a dash or "but" for the comma: "Not sure but could it be
    # that ...", "not sure I follow - what does ..."
    r"(?:(?:i'?m|i\s+am)\s+)?not\s+(?:sure|certain)(?:\s+[\w' ]{1,40}?)?\s*(?:[,\-\u2013\u2014]\s*(?:but\s+)?|"
    r"\s+but\s+)(?:maybe\s+|perhaps\s+)?",
    # ... or before the question it doubts: "not sure how much of it goes that way"
    r"(?:(?:i'?m|i\s+am)\s+)?not\s+(?:sure|certain)(?=\s+(?:how|what|whether|if|which|why)\b)",
    # "if it's not too much trouble, ...", "if you don't mind, ...": courtesy before the request
    r"if\s+(?:it'?s|it\s+is|that'?s|that\s+is)\s+not\s+(?:too\s+much\s+)?(?:trouble|bother|work|hassle|"
    r"a\s+(?:bother|problem|hassle))\s*,?",
    r"if\s+you\s+(?:don'?t|do\s+not)\s+mind\s*,?",
    DATING_CLAUSE,
    # "would it be fair to say (that) ...": the claim that follows is what is asked
    r"(?:would|is)\s+it\s+(?:be\s+)?(?:fair|right|correct|safe)\s+to\s+(?:say|conclude|assume|think)"
    r"(?:\s+that)?",
    # "(could you) say in simple words what ...": how the answer should be put, before the question
    r"(?:say|tell\s+(?:me|us)|explain|put|describe)(?:\s+(?:it|that|this))?\s+in\s+(?:plain|simple|easy|"
    r"layman'?s?|everyday)\s+(?:words|english|terms|language)(?=\s+(?:what|whether|if|how|why)\b)",
    r"i\s+(?:just\s+|really\s+|only\s+)?(?:want|need|would\s+like|'d\s+like)\s+to\s+(?:know|find\s+out|see|understand)",
    r"(?:if\s+possible|if\s+you\s+can)\s*,",
    # "if that's even possible, ...": the same with its subject
    r"if\s+(?:that|this|it)(?:'s|\s+is)\s+(?:even\s+|at\s+all\s+)?possible\s*,",
    # "(is there) any chance you could ...": a request asked as a chance
    r"(?:is\s+there\s+)?(?:any|some)\s+chance(?:\s+that)?\s+(?:you|u)\s+(?:could|can|would|might)"
    r"(?:\s+" + _SOFT + r")*",
    r"in\s+your\s+(?:view|opinion|experience)\s*,",
    # the assistant's opinion asked of the question after it: "Your take: ...", "what's your
    # view on whether ...", "I'd love your opinion on whether ...", "from where you sit, ..."
    r"(?:(?:what(?:'s|\s+is)|give\s+(?:me|us))\s+)?your\s+(?:take|view|opinion|thoughts|verdict|read|"
    r"honest\s+(?:opinion|take|view))\s*(?:[:,\-]|\?|(?:on|about|as\s+to)(?=\s+(?:whether|if|how|what|"
    r"which|why)\b))",
    r"(?:i'?d|i\s+would|we'?d|we\s+would)\s+(?:love|like|value|appreciate|welcome)\s+(?:to\s+(?:get|have|"
    r"hear)\s+)?your\s+(?:opinion|view|take|thoughts|input|read)\s+(?:on|about|as\s+to)(?=\s+(?:whether|"
    r"if|how|what|which|why)\b)",
    r"(?:from\s+where\s+you\s+(?:sit|stand)|as\s+(?:you|u)\s+see\s+it|the\s+way\s+you\s+see\s+it)\s*,",
    r"what\s+do\s+you\s+(?:think|reckon|say)\s*[:,\-]",
    r"(?:specifically|in\s+other\s+words|basically|first|firstly|so|also|anyway|now)\s*,",
    r"(?:i'm|i\s+am)\s+new(?:\s+here|\s+to\s+(?:this|the)(?:\s+\w+)?)?\s*[,.;:]",
    r"(?:would|could)\s+you\s+be\s+so\s+kind\s+(?:as\s+to|to|and)",
    r"(?:so\s+)?(?:basically\s+)?(?:my|our|the)\s+question\s+(?:is|of\s+my\s+\w+)(?:\s+simple)?\s*[:,]",
    # "The dean's follow-up question, which I couldn't answer, is how much ...": whose question
    # ("the question on the table is how much ...", "the question here is ...")
    r"(?:(?:my|our|the|his|her|their)\s+)?(?:[\w'\-]+\s+){0,3}?(?:question|worry|concern|point)\s*"
    r"(?:,[^,]{1,80},\s*|\s+(?:on\s+the\s+table|here|at\s+hand|for\s+(?:you|us|today|now))\s*)?"
    r"(?:is|was)\s*:?(?=\s+(?:how|what|whether|which|why|if)\b)",
    r"(?:please\s+)?simulate\s*:",
    r"(?:tell|show|ask)\s+(?:me|us)(?:\s+please)?\s*[,:]",
    r"(?:can|could|may)\s+(?:i|we)\s+(?:see|get|have|know)(?=\s+(?:the|an?|its|how|what|whether|if)\b)",
    r"i\s+(?:don't|do\s+not)\s+(?:understand|know|get\s+it)\s*[,.;:]",
    r"(?:one\s+more|another\s+one|another\s+question|quick\s+question|quick\s+one)(?:\s+question)?"
    r"\s*(?:[:,]|$)",
    r"you\s+(?:can|could|would)(?=\s+(?:tell|show|give|let|please)\b)",
    r"(?:give|get|send)\s+(?:me|us)(?=\s+(?:an?\s+|the\s+)?estimates?\b)",
    # "I was wondering whether X" -> "whether X"
    r"(?:i\s+was|i'm|i\s+am)\s+(?:just\s+)?wondering(?=\s+(?:whether|if|what|which|how|why)\b)",
    r"i\s+(?:just\s+)?wonder(?:ed)?(?=\s+(?:whether|if|what|which|how|why)\b)",
    # "I wonder, maybe X ...?": the hedge's own adverb stays with the question
    r"i\s+(?:just\s+)?wonder(?:ed)?\s*,(?=\s*(?:maybe|perhaps|possibly)\b)",
    # ("you think X ...?", "you reckon X ...?": the same with the auxiliary left out)
    r"(?:(?:would|do|did)\s+)?you\s+(?:say|think|reckon|agree|believe)(?:\s+that)?(?=\s+\w)",
    r"(?:would|could|will|can)\s+you\s+(?:" + _SOFT + r"\s+)*(?:be\s+able\s+to|mind)",
    r"(?:would|is)\s+it\s+(?:be\s+)?(?:possible|ok|okay|feasible)\s+(?:for\s+you\s+)?to",
    # "is it possible that X is confounded by Z?", "could it be that ...": a hedge of the question
    r"(?:is|was)\s+it\s+(?:possible|likely|plausible|conceivable|true|the\s+case)\s+that",
    r"(?:could|might|can)\s+it\s+be\s+that",
    r"(?:would|does)\s+it\s+make\s+sense\s+to",
    # "In plain words, what does this number tell us?": how the answer should be put
    r"in\s+(?:plain|simple|easy|layman'?s?|everyday)\s+(?:words|english|terms|language)\s*,",
    r"(?:are|were)\s+you\s+able\s+to",
    r"(?:i'd|i\s+would|we'd|we\s+would)\s+(?:" + _SOFT + r"\s+)*(?:like|love|want)\s+(?:you\s+)?to"
    r"(?:\s+(?:know|see|understand|find\s+out|learn|check)(?:\s+(?:about|that))?)?",
    r"(?:i|we)\s+(?:want|need)\s+(?:you\s+)?(?:to\s+)?(?:know|see|understand|find\s+out|learn)"
    r"(?:\s+(?:about|that))?",
    r"(?:i'm|i\s+am)\s+(?:curious|interested)(?:\s+(?:about|in|to\s+know|to\s+see))?",
    r"(?:i'm|i\s+am)\s+(?:a\s+bit\s+|quite\s+|rather\s+|somewhat\s+)?(?:worried|concerned|afraid)"
    r"(?:\s+that)?",
    r"(?:my|our|the)\s+(?:boss|manager|team|client|director|dean|board)\s+(?:wants|needs|asked|asks)"
    r"\s+(?:me\s+)?(?:to\s+)?(?:know|check|find\s+out|see)?",
    # anyone's request passed on: "Facilities wants to know", "policy people want to know"
    r"(?:(?:my|our|the|some)\s+)?(?:(?!(?:i|we|you|it|they|he|she|this|that|does|do|did)\b)[\w&'\-]+\s+)"
    r"{1,3}?(?:wants?|needs?|asked|asks|would\s+like|'d\s+like)\s+(?:me\s+|us\s+|you\s+)?to\s+"
    r"(?:know|check|find\s+out|understand|learn|see(?=\s+(?:whether|if|how|what|which)\b))",
    r"(?:could|can|would|will)\s+you\s+(?:" + _SOFT + r"\s+)*(?:please\s+)?",
    r"(?:please|kindly)(?:\s+to)?",
    r"(?:(?:could|can|shall|should)\s+we|let'?s)(?:\s+" + _SOFT + r")*",
    r"(?:look|looking)\s+(?:at|into)(?=\s+(?:the\s+|its\s+|their\s+)?(?:effects?|impacts?|"
    r"relationship|link)\b)",
    r"(?:(?:tell|show|let|remind)\s+(?:me|us)(?:\s+know)?|explain)(?=\s+(?:(?:at|in|for|on|among|across|with)\s+"
    r"(?=which|what))?(?:whether|if|what|which|how|why)\b)",
    # someone's claim: what follows "claims that" is the question
    r"(?:(?:my|our|the|some|a)\s+)?(?:\w+\s+)?(?:claims?|believes?|says?|argues?|thinks?|suspects?)"
    r"\s+that",
    # ... and after a verb that only ever reports a claim, without its "that": "Marketing swears
    # the promo texts are reducing calls"
    # (also "someone in payroll swears": who, with where they work)
    r"(?:(?:my|our|the|some|a)\s+)?(?:\w+\s+(?:(?:in|from|at|on)\s+(?:the\s+)?\w+\s+)?)?"
    r"(?:swears?|swore|insists?|reckons?|is\s+(?:convinced|adamant|sure)|"
    r"are\s+(?:convinced|adamant|sure)|keeps?\s+(?:saying|telling\s+(?:me|us)))(?:\s+that)?(?=\s+\w)",
    # ("I guess that's ...": the pronoun of "that's" is the question's; "I guess maybe if ...": the
    # hedge's adverb goes with it)
    r"i\s+(?:think|believe|suspect|feel|guess)(?:\s+that(?!'))?(?:\s+(?:maybe|perhaps|possibly))?",
    # ... and whose words may be a column's ("my site lead thinks", "the ward sisters say"): the
    # holder of a claim is no variable of it
    BELIEF_HOLDER,
    r"i\s+(?:have|had|get)\s+(?:a|the)\s+(?:feeling|hunch|sense|impression)(?:\s+that)?",
    r"(?:figure|find|work|check)\s+out(?=\s+(?:whether|if|what|which|how|why)\b)",
    # "help me understand why Y dropped", "help me figure out whether ...": a request to explain
    r"help\s+(?:me|us)\s+(?:to\s+)?(?:understand|see|figure\s+out|work\s+out|find\s+out|learn)"
    r"(?=\s+(?:(?:for|in|among|at|from)\s+(?:which|what)\b|whether|if|what|which|how|why|where|the|"
    r"its|their)\b)",
    # "and now could you ...", "so please ...": the joint before a request joins it to the turn
    # before; the request is what follows
    r"(?:(?:and|so|but)(?:\s+(?:now|then|also))?|now|then)(?=\s+(?:could|can|would|will|please|kindly|you\s+"
    r"(?:should|must|could|can)|i\s+(?:need|want|would)|help\s+(?:me|us))\b)",
    # "I need you to check whether ...", "I need you estimate ...": a request to "you"
    r"(?:i|we)\s+(?:really\s+|also\s+)?(?:need|want)\s+you(?:\s+to)?(?=\s+[a-z])",
    r"(?:check|see|verify|test|look|tell|say|judge|determine|establish|assess)(?=\s+(?:whether|if)\b)",
    # "take a look at whether ...", "having a quick look into how ...": a look asked for
    r"(?:(?:take|taking|took|have|having|had|give|giving)\s+(?:it\s+)?a\s+(?:\w+\s+)?look|"
    r"look(?:ing)?)\s+(?:at|into)(?=\s+(?:whether|if|how|what|which)\b)",
    r"(?:do\s+you\s+know|any\s+idea)",
    # a request to "you": "you should estimate X", "you could check whether X"
    r"you\s+(?:should|must|could|can|might|may|need\s+to|have\s+to)(?:\s+" + _SOFT + r")*(?=\s+\w)",
    # "tell me the effect of X on Y" asks for the effect
    r"(?:tell|show)\s+(?:me|us)(?=\s+(?:the|its|their)\b)",
    # a time clause before the request: "Before we sign off, could you tell me ..."
    r"(?:before|after|since|as|while|once|now\s+that)\s+[^,;?]{1,60},(?=\s*(?:could|can|would|will|"
    r"please|i'd|i\s+would|you|help)\b)",
]
_OPENER = re.compile(r"^(?:(?:" + "|".join(_OPENERS) + r")[\s,:]*)+", re.I)
#: Courtesy at the end of a clause.
_CLOSERS = re.compile(
    r"(?:,?\s+(?:for\s+me|for\s+us|if\s+possible|if\s+you\s+can|by\s+any\s+chance|please|"
    r"if\s+(?:that|this|it)(?:'s|\s+is)\s+(?:even\s+|at\s+all\s+)?possible|"
    r"thanks?|thank\s+you|if\s+(?:that|this|it)\s+makes\s+sense)|,?\s+but\s+i'?m\s+not\s+sure|,?\s+(?:-\s+)?(?:could|can)\s+you\s+check|"
    r",?\s+(?:do\s+you\s+think|you\s+think|would\s+you\s+say|right|i\s+(?:think|guess|suppose|believe)|"
    r"in\s+your\s+(?:opinion|view)|if\s+you\s+can)|"
    r";\s*(?:is\s+(?:that|it|this)\s+(?:true|right|correct|so)|(?:can|could)\s+you\s+(?:test|check)\s+(?:it|that|this)))"
    r"+\s*(?=[?.!;]*$)",
    re.I,
)


#: A clause that only asks for the check the clause before it describes.
_EMPTY_REQUEST = re.compile(
    r"(?:(?:check|test|verify|confirm|look\s+into|investigate)(?:\s+(?:it|that|this))?|"
    # "..., how much more milk would we get? Could you estimate that for me?"
    r"(?:estimate|compute|calculate|quantify|measure|work\s+out|figure\s+out|find\s+out|answer|do|run)\s+"
    r"(?:it|that|this)|(?:estimate|compute|calculate|quantify|measure)|is\s+(?:that|it|this)\s+(?:true|right|"
    r"correct|so|real)|what\s+do\s+you\s+think|help(?:\s+me)?)\s*[?.!]*",
    re.I,
)


def _courtesy_off(clause: str) -> str:
    prev = None
    while prev != clause:
        prev = clause
        clause = _OPENER.sub("", clause).strip()
        clause = _CLOSERS.sub("", clause).strip()
    return clause


# -- 3. indirect questions ---------------------------------------------------------------------------
#: Verbs of one link of a causal chain ("X *lowers* M and thereby *shortens* Y").
_CHAIN_VERBS = (
    r"lower|lowers|raise|raises|increase|increases|reduce|reduces|improve|improves|change|"
    r"changes|affect|affects|boost|boosts|cut|cuts|shorten|shortens|cause|causes|drive|drives"
)
#: The verbs that blame a third variable for a number, and their gerunds.
_GERUNDS = {
    "distort": "distorting",
    "bias": "biasing",
    "skew": "skewing",
    "inflate": "inflating",
    "muddy": "muddying",
    "muddle": "muddling",
    "contaminate": "contaminating",
}
_INDIRECT = [
    # "(check) whether age is a confounder in the relation ..." -> "is age a confounder in ..."
    (
        r"^whether\s+((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+is\s+(?=(?:a|the)\s+(?:confounder|common\s+cause)\b)",
        r"is \1 ",
    ),
    # "what do you reckon Y would do if ...", "how much do you think Y would drop if ..." ->
    # "what would Y do if ...": the asker's opinion asked, the question inside it
    (
        r"^(what|how\s+much|how\s+many|how)\s+do\s+you\s+(?:reckon|think|expect|guess|suppose|believe|"
        r"figure|imagine)\s*,?\s+(?:that\s+)?(?!(?:is|are|was|were|does|do|did|would|will)\b)"
        r"((?:the\s+|our\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+(would|will|could|might)\s+",
        r"\1 \3 \2 ",
    ),
    # "(tell me) whether Z explains it away", "whether Z is behind the link between X and Y"
    # -> "does Z explain it away", "could Z be behind the link ...": the doubt asked directly
    (
        r"^whether\s+(?!(?:something|anything|someone|somebody|some\s+other|another|a\s+third|"
        r"confound\w*|bias|chance|selection|noise|luck)\b)"
        r"((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+(?:really\s+)?(explain|confound|account)s\b",
        r"does \1 \2",
    ),
    (
        r"^whether\s+((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+(?:is|are)\s+(?:really\s+)?"
        r"(behind|driving)\b",
        r"could \1 be \2",
    ),
    # "(figure out) the main reasons cows get culled" -> "why do cows get culled"
    (
        r"^(?:(?:what\s+are|what's|what\s+is|figure\s+out|find\s+out|work\s+out|explain|list)\s+)?"
        r"(?:the\s+)?(?:main\s+|biggest\s+|key\s+|top\s+|real\s+|most\s+common\s+|usual\s+)?reasons?\s+"
        r"(?:why\s+|that\s+)?(?!(?:for|behind|of|why|that|which|is|are|was|were|leading|causing|"
        r"driving|to)\b)(?=[a-z]+\s+\S)",
        "why do ",
    ),
    # "what the main drivers of Y are" -> "what are the main drivers of Y"
    (
        r"^(what|which)\s+((?:the|its|their)\s+[\w .'\-]+?)\s+(is|are|were|was)\s*([?.!]*)$",
        r"\1 \3 \2\4",
    ),
    # "would Y be faster if ...", "what would be Y if ..." -> "what happens to Y if ..."
    (
        r"^(?:would|will)\s+(?:the\s+)?([\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+be\s+(?:\w+er|more\s+\w+|"
        r"less\s+\w+|different)\s+(if|when)\b",
        r"what happens to \1 \2",
    ),
    (
        r"^what\s+(?:would|will)\s+be\s+(?:the\s+)?([\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+(if|when)\b",
        r"what happens to \1 \2",
    ),
    # "is X better for some W than others (in terms of Y)" -> "does X affect Y differently across W"
    (
        r"^(?:is|are)\s+((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+(?:better|worse|more\s+\w+|"
        r"less\s+\w+)\s+(?:for|in|on|among)\s+some\s+([\w'\-]+(?:\s+[\w'\-]+)?)\s+than\s+"
        r"(?:for\s+|in\s+|on\s+)?others?\s+(?:in\s+terms\s+of|for|on|regarding|when\s+it\s+comes\s+to)\s+"
        r"(.+?)\s*([?.!]*)$",
        r"does \1 affect \3 differently across \2\4",
    ),
    # "M is mediating the X effect on Y" -> "how much of the X effect on Y goes through M"
    (
        r"^(?:whether\s+|if\s+)?(?:the\s+)?([\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:is\s+mediating|mediates|"
        r"is\s+a\s+mediator\s+(?:of|for))\s+(?:the\s+)?(.+?\s(?:effect|impact)\s.+?)\s*([?.!]*)$",
        r"how much of the \2 goes through \1\3",
    ),
    # "tell me the algorithms you have" -> "which algorithms do you have"
    (
        r"^(?:(?:tell|show|give)\s+(?:me|us)|list)\s+(?:the\s+|all\s+|your\s+)?(\w+)\s+(?:that\s+)?you\s+"
        r"(have|support|offer|know)\b",
        r"which \1 do you \2",
    ),
    # "for which W is X most effective for Y" -> "does X affect Y differently across W"
    (
        r"^(?:for|in)\s+(?:which|what)\s+([\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:is\s+)?((?:the\s+)?[\w'\-]+"
        r"(?:\s+[\w'\-]+)?)\s+(?:is\s+)?(?:the\s+)?(?:most|least|more|less)\s+(?:effective|helpful|useful|"
        r"beneficial|harmful)\s+(?:for|on|in)\s+(.+?)\s*([?.!]*)$",
        r"does \2 affect \3 differently across \1\4",
    ),
    # "in what regions is the X effect on Y bigger" -> "the X effect on Y by regions"
    (
        r"^(?:in|for|among)\s+(?:which|what)\s+([\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:is\s+|are\s+)?((?:the\s+)?"
        r"[\w'\-]+(?:\s+[\w'\-]+)?\s+(?:effect|impact)\s+(?:on|for)\s+.+?)\s+(?:is\s+|are\s+)?"
        r"(?:the\s+)?(?:bigger|larger|stronger|higher|smaller|weaker|lower|biggest|largest|strongest|"
        r"highest|smallest|weakest|lowest)\s*([?.!]*)$",
        r"\2 by \1\3",
    ),
    # "M is the mediator between X and Y" -> "how much of the effect of X on Y goes through M"
    (
        r"^(?:the\s+)?([\w'\-]+(?:\s+[\w'\-]+)?)\s+is\s+(?:the|a|an)\s+mediator\s+(?:between|of|for)\s+"
        r"(?:the\s+)?([\w'\-]+(?:\s+[\w'\-]+)?)\s+and\s+(?:the\s+)?([\w'\-]+(?:\s+[\w'\-]+)?)(?=\s*(?:[,;]|[?.!]*$))",
        r"how much of the effect of \2 on \3 goes through \1",
    ),
    # "which tests exist" -> "which tests are available"
    (r"^(what|which)\s+([\w\s]+?)\s+(?:exist|are\s+there)\s*([?.!]*)$", r"\1 \2 are available\3"),
    # a chain: "does X lower M and by this make Y shorter" -> "how much of the effect of X on Y
    # goes through M"
    (
        r"^(?:does|do|did|whether)\s+((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:"
        + _CHAIN_VERBS
        + r")\s+"
        r"((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+and\s+(?:by\s+this|thereby|through\s+this|so|in\s+turn|"
        r"then|this\s+way|that\s+way)\s+(?:(?:"
        + _CHAIN_VERBS
        + r"|make|makes|lead\s+to|leads\s+to)\s+)?"
        r"(.+?)\s*([?.!]*)$",
        r"how much of the effect of \1 on \3 goes through \2\4",
    ),
    # "which methods you support" -> "which methods do you support"
    (
        r"^(what|which)\s+([\w\s]+?)(?<!\bdo)(?<!\bdoes)(?<!\bdid)\s+(you|we)\s+(support|have|offer|know)\b",
        r"\1 \2 do \3 \4",
    ),
    # "what you can do" -> "what can you do"
    (r"^(what|which|how)\s+(you|i|we)\s+(can|could|should|do)\b", r"\1 \3 \2"),
    # "whether X works better in some wards" -> "does X work better in some wards"
    (
        r"^whether\s+((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+(work|help|pay|matter)s\b",
        r"does \1 \2",
    ),
    # "split how X affects Y into the part through M" -> "split the effect of X on Y into ..."
    (
        r"\b(split|decompose|break\s+down|separate|divide)\s+how\s+((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+"
        r"(?:affects|influences|changes|drives|impacts)\s+((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+into\b",
        r"\1 the effect of \2 on \3 into",
    ),
    # "how many days of hospital stay the medication saves" -> "how much does the medication
    # affect days of hospital stay"
    (
        r"^how\s+(?:much|many)\s+((?!more\b|less\b|fewer\b)[\w'\-]+(?:\s+[\w'\-]+){0,4}?)\s+((?:the|our|a|an)\s+[\w'\-]+"
        r"(?:\s+[\w'\-]+)?)\s+(?:saves|adds|costs|brings(?:\s+in)?|gains|takes\s+off|cuts|buys)\s*([?.!]*)$",
        r"how much does \2 affect \1\3",
    ),
    # "how many more Y we would make if X" -> "what happens to Y if X"
    (
        r"^how\s+(?:much|many)\s+(?:more\s+|fewer\s+|less\s+|extra\s+)?((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+"
        r"(?:we|they|you|it|the\s+\w+)\s+(?:would|will|could|might)\s+(?:\w+\s+)?(?:make|get|have|sell|see|"
        r"produce|earn|save|lose|gain)\s+(if|when)\b",
        r"what happens to \1 \2",
    ),
    # "what Y would be if ...", "how much Y would change if ..." -> "what happens to Y if ..."
    (
        r"^(?:what|how\s+much|how)\s+(?!(?:it|that|this|there|we|you|they|i)\b)((?:the\s+)?[\w'\-]+"
        r"(?:\s+[\w'\-]+){0,3}?)\s+(?:would|will|could|might)\s+(?:be|look\s+like|change|move|shift|"
        r"go\s+(?:up|down)|rise|fall|drop|grow)\s+(if|when|with|after)\b",
        r"what happens to \1 \2",
    ),
    # "what that would do to Y" -> "what would that do to Y"
    (
        r"^what\s+(?!(?:does|do|did|would|will|could|might|can)\b)((?:the\s+)?[\w .'\-]+?)\s+(would|will|could|might)\s+do\s+(to|for)\b",
        r"what \2 \1 do \3",
    ),
    # "what X does to Y" -> "what does X do to Y" ("how much X does for Y" likewise)
    (
        r"^(what|how\s+much)\s+(?!(?:does|do|did|would|will|could|might|can)\b)((?:the\s+)?[\w .'\-]+?)\s+"
        r"(does|do|did)\s+(to|for)\b",
        r"\1 \3 \2 do \4",
    ),
    # "how much X is going down" -> "how much does X go down"
    (
        r"^how\s+much\s+((?:the\s+)?[\w .'\-]+?)\s+(?:is|are)\s+going\s+(up|down)\b",
        r"how much does \1 go \2",
    ),
    # "(what would you say) the effect is on Y" -> "what is the effect on Y"
    (
        r"^(what|how\s+(?:big|large|strong|much))\s+((?:the|its|their)\s+[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+"
        r"(is|was|are|were|would\s+be)\s+(?=(?:on|for|of)\b)",
        r"\1 \3 \2 ",
    ),
    # "do you see any sign that Z is behind ...", "is there evidence that ..." -> "whether ..."
    (
        r"^(?:(?:(?:do|can|could)\s+you\s+)?(?:see|find|spot)\s+|(?:is|are)\s+there\s+)?(?:any\s+)?(?:signs?|"
        r"evidence|indications?|hints?)\s+(?:that|of\s+whether|whether)\s+",
        "whether ",
    ),
    # "whether smoking distorts the X effect on Y", "does Z bias the estimate" -> "is Z distorting
    # the X effect on Y": a third variable blamed for a number
    (
        r"^(?:whether|if|does|do|did|could|might|can)\s+((?:the\s+|our\s+|their\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+"
        r"(?:really\s+|actually\s+)?(distort|bias|skew|inflate|muddy|muddle|contaminate)(?:s|es|d|ed)?\s+"
        r"(?=(?:the|this|that|our|its|their)\b)",
        lambda m: f"is {m.group(1)} {_GERUNDS[m.group(2).lower()]} ",
    ),
    # ... and said as a statement: "Z muddies the link between X and Y?", "Z distorts the ..."
    (
        r"^((?:the\s+|our\s+|their\s+)?(?!(?:it|this|that|what|which|who|something|anything)\b)[\w'\-]+"
        r"(?:\s+[\w'\-]+){0,2}?)\s+(?:really\s+|actually\s+)?(distort|bias|skew|inflat|mudd|muddl|"
        r"contaminat)(?:s|es|ies)\s+(?=(?:the|this|that|our|its|their)\b)",
        lambda m: (
            f"is {m.group(1)} {_GERUNDS[next(k for k in _GERUNDS if k.startswith(m.group(2).lower()) and len(k) - len(m.group(2)) <= 1)]} "
        ),
    ),
    # "(can you tell) whether the X effect on Y is just down to Z" -> "is the X effect on Y just
    # down to Z": an indirect yes/no question with "to be", asked directly
    (
        # (not across a clause: "whether the X effect survives once Z is taken into account"; nor
        # a progressive, read as its verb: "whether X is making Y faster")
        r"^whether\s+(?!(?:or|not|to|it|there|that|this|they|we|i|you|he|she)\b)((?:the\s+|our\s+|their\s+)?"
        r"[\w'\-]+(?:\s+(?!(?:is|are|was|were|if|whether|and|or|but|once|when|after|before|because|since|"
        r"while|that|which|who|where|until|unless)\b)[\w'\-]+){0,7}?)\s+(is|are|was|were)\s+"
        r"(?!\w+ing\b)(?=\S)",
        r"\2 \1 ",
    ),
    # "whether the supplement boosts milk more in some regions" -> "does the supplement boost
    # milk more in some regions": with a causal verb in the third person
    (
        r"^whether\s+(?!(?:it|there|that|this)\b)((?:the\s+|our\s+|their\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+"
        r"(boosts|raises|lowers|cuts|reduces|increases|decreases|improves|affects|changes|drives|causes|"
        r"helps|hurts|shortens|lengthens|lifts|keeps|pushes|influences|impacts|makes|leads)\b",
        lambda m: f"does {m.group(1)} {_base_verb(m.group(2).lower())}",
    ),
]


def _direct(clause: str) -> str:
    for pat, rep in _INDIRECT:
        clause = re.sub(pat, rep, clause, flags=re.I)
    return clause


# -- 4. non-native grammar ----------------------------------------------------------------------------
#: Causal verbs in the progressive, by stem, and their simple form ("is helping" -> "helps").
_PROGRESSIVE = {
    "help": "helps",
    "mak": "makes",
    "giv": "gives",
    "lead": "leads to",
    "keep": "keeps",
    "caus": "causes",
    "driv": "drives",
    "affect": "affects",
    "chang": "changes",
    "rais": "raises",
    "lower": "lowers",
    "reduc": "reduces",
    "influenc": "influences",
    "impact": "impacts",
    "determin": "determines",
    "improv": "improves",
    "increas": "increases",
    "decreas": "decreases",
    "shorten": "shortens",
    "hurt": "hurts",
    "boost": "boosts",
    "push": "pushes",
    "cutt": "cuts",
}
_MODAL = r"(?:can|cannot|can't|could|must|should|would|will|may|might|shall)"
#: Levels of common groupings ("for men and women", "for younger and older patients").
_GROUP_WORDS = r"(?:the\s+)?(?:men|women|males?|females?|boys|girls|younger|older|young|old)\b"
_SCENARIO = re.compile(r"\b(?:if|suppose|imagine|everybody|everyone|nobody|no\s+one)\b", re.I)
#: A group named by "which": "which department", "for which locations", "in which region".
_WHICH_G = r"(?P<g>(?!(?:one|ones|of|is|are|do|does|way|ways|extent|degree|method|methods|layers?|heads?|positions?|tokens?|steps?|algorithms?|tests?)\b)[\w'\-]+(?:\s+(?!(?:is|are|do|does|did|would|will|gets?|benefits?)\b)[\w'\-]+)?)"
#: A superlative after a verb of working: "work best", "pay off most", "helps the most".
_BEST = r"\s+(?:the\s+)?(?:best|most|more|least|less|worst|hardest|largest|biggest|strongest)\b"
_OUTCOME_PREP = (
    r"(?:when\s+it\s+comes\s+to|in\s+terms\s+of|with\s+(?:respect|regard)\s+to|regarding|for|on)"
)


def _which_group(m: re.Match[str]) -> str:
    """`for which G does X work best on Y?` -> `does X work on Y, by G?`."""
    rest = re.sub(
        r"\b(work|works|pay\s+off|pays\s+off|help|helps|matter|matters|save|saves)" + _BEST,
        r"\1",
        m.group("rest"),
        flags=re.I,
    )
    rest = re.sub(_BEST + r"\s*$", "", rest, flags=re.I)
    return f"{rest}, by {m.group('g')}{m.group('end')}"


def _most_affected(m: re.Match[str]) -> str:
    """`which G is most affected by X when it comes to Y?` -> `the effect of X on Y, by G`."""
    y = m.group("y")
    g = m.group("g")
    return (
        f"the effect of {m.group('x')}"
        + (f" on {y}" if y else "")
        + (f", by {g}" if g else "")
        + m.group("end")
    )


#: Verbs of a claim about a cause that an opinion asked of it turns into a yes/no question
#: ("you think overtime drives attrition?" asks "does overtime drive attrition?"), by their base.
_CLAIM_VERBS = frozenset(
    "make drive change affect matter help raise lower reduce increase decrease improve cause lead "
    "influence explain hurt boost push cut shorten lengthen pay work keep bring prevent determine "
    "impact".split()
    # a third variable blamed for a number: "do you think Z muddies the link between X and Y?"
    # asks "does Z muddy ...", then "is Z muddying ..." (below)
    + [*_GERUNDS, "confound"]
)


def _asked_yes_no(clause: str) -> str:
    """A statement whose subject (up to four words) is followed by a verb of `_CLAIM_VERBS` in
    the third person, asked as a yes/no question with "does" ("the soil makes a difference to
    the yield?" -> "does the soil make a difference to the yield?"); else the clause as it was."""
    m = re.match(
        r"^(?P<s>(?:the\s+|a\s+|an\s+|our\s+|their\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+"
        r"(?:(?:really|actually|also|still)\s+)?(?P<v>[a-z]+s)\b(?P<rest>.*)$",
        clause,
        re.I | re.S,
    )
    if m is None or _base_verb(m["v"].lower()) not in _CLAIM_VERBS:
        return clause
    if re.search(
        r"\b(?:is|are|was|were|does|do|did|has|have|had|will|would|can|could)\b", m["s"], re.I
    ):
        return clause
    return f"does {m['s']} {_base_verb(m['v'].lower())}{m['rest']}"


def _base_verb(verb: str) -> str:
    """A verb in the third person in its base form: "improves" -> "improve", "varies" ->
    "vary", "pushes" -> "push", "helps" -> "help"."""
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith(("shes", "ches", "xes", "sses", "zes")):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") else verb


#: Subgroup questions asked with "which"/"who": the group goes to a trailing "by G".
_SUBGROUP_WORDINGS = [
    # "which department is most affected by overtime when it comes to attrition?"
    (
        r"^(?:(?:which|what)\s+" + _WHICH_G + r"|who(?:m)?)\s+(?:is|are|was|were|gets?|get|got)\s+"
        r"(?:the\s+)?(?:most|more|least|hardest|worst)\s+(?:affected|helped|hurt|impacted|influenced|"
        r"hit|harmed)\s+by\s+(?P<x>.+?)(?:\s+"
        + _OUTCOME_PREP
        + r"\s+(?P<y>.+?))?\s*(?P<end>[?.!]*)$",
        _most_affected,
    ),
    # "(tell me) at which site coaching improves FCR the most": the indirect question asked
    # directly ("at which site does coaching improve ...")
    (
        r"^(?P<p>for|in|at|among|on|with|across)\s+(?P<w>which|what)\s+(?P<g>[\w'\-]+)\s+"
        r"(?P<s>(?!(?:do|does|did|would|will|is|are|can)\b)(?:the\s+|our\s+)?[\w'\-]+(?:\s+[\w'\-]+)??)\s+"
        r"(?P<v>(?!(?:is|was|has|does)\b)[a-z]{3,}?(?:ies|es|s))\s+(?P<rest>.+?)\s*(?P<end>[?.!]*)$",
        lambda m: (
            f"{m['p']} {m['w']} {m['g']} does {m['s']} {_base_verb(m['v'])} {m['rest']}{m['end']}"
        ),
    ),
    # "for which locations does the loyalty app work best on basket size?"
    (
        r"^(?:for|in|at|among|on|with|across)\s+(?:which|what)\s+"
        + _WHICH_G
        + r"\s+(?P<rest>(?:do|does|did|would|will|is|are|can)\s+.+?)\s*(?P<end>[?.!]*)$",
        _which_group,
    ),
    # "helps the self-employed more than the others, on defaults? split by employment": the
    # level is one of the groups the question splits by; the comparison is the subgroup effect
    (
        r"\b(helps?|works?|matters?|benefits?|hurts?|pays\s+off|pay\s+off)\s+(?:the\s+)?[\w'\-]+"
        r"(?:\s+[\w'\-]+)?\s+(?:more|less|better|worse)\s+than\s+(?:the\s+|all\s+)?(?:others|rest|"
        r"other\s+[\w'\-]+)\s*,?\s*(?=.*\b(?:by|per|across|between)\s+[\w'\-]+)",
        r"\1 ",
    ),
    # "is X better for some G than others, for Y?", "is X more effective in cold climate zones
    # than in hot ones, for Y?": X's effect on Y compared across G
    (
        r"^(?:is|are|was|were)\s+(?:the\s+|a\s+|an\s+)?(?P<x>[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+"
        r"(?:better|worse|(?:more|less)\s+[a-z]+)\s+(?:for|in|on|at|among|with)\s+(?:the\s+)?"
        r"(?:(?:some|certain)\s+(?P<g>[\w'\-]+(?:\s+[\w'\-]+)?)\s+than\s+(?:others|the\s+rest|"
        r"other\s+[\w'\-]+)|[\w'\-]+\s+(?P<g2>[\w'\-]+(?:\s+[\w'\-]+)?)\s+than\s+(?:for|in|on|at|"
        r"among|with)\s+(?:the\s+)?[\w'\-]+\s+ones)\s*,?\s*(?:for|on|in\s+terms\s+of|when\s+it\s+"
        r"comes\s+to|regarding)\s+(?:the\s+)?(?P<y>[^,;?!.]+?)\s*(?P<end>[?.!]*)$",
        lambda m: f"effect of {m['x']} on {m['y']} by {m['g'] or m['g2']}{m['end']}",
    ),
    # "which departments see the biggest drop in Y from X?": the change is X's effect on Y
    (
        r"^(?:which|what)\s+"
        + _WHICH_G
        + r"\s+(?:see|sees|saw|get|gets|got|show|shows|have|has|had)\s+"
        r"(?:the\s+)?(?:biggest|largest|smallest|most|least|strongest|weakest|greatest|sharpest)\s+"
        r"(?:drop|rise|gain|increase|decrease|fall|change|improvement|effect|impact|benefit|boost|"
        r"reduction|jump)\s+(?:in|on|of)\s+(?:the\s+|their\s+)?(?P<y>.+?)\s+(?:from|due\s+to|because\s+of|"
        r"with|after)\s+(?:the\s+)?(?P<x>[^,;?!.]+?)\s*(?P<end>[?.!]*)$",
        lambda m: f"effect of {m['x']} on {m['y']} by {m['g']}{m['end']}",
    ),
    # "..., in which ward?" at the end
    (
        r",?\s+(?:in|for|at|among|across)\s+(?:which|what)\s+" + _WHICH_G + r"\s*(?P<end>[?.!]*)$",
        r", by \g<g>\g<end>",
    ),
]


def _causative(m: re.Match[str]) -> str:
    """'make Y go up' -> 'raise Y', 'brings Y down' -> 'lowers Y' (the verb's person kept)."""
    up = m.group("dir") in ("up", "rise", "increase", "climb", "grow", "go up")
    verb = "raise" if up else "lower"
    return f"{verb}{'s' if m.group('v').endswith('s') else ''} {m.group('y')}"


#: Causatives that move the outcome: "does X make Y go up", "would X bring Y down".
_CAUSATIVES = [
    (
        r"\b(?P<v>make|makes)\s+(?P<y>(?:the\s+|their\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+"
        r"(?P<dir>go\s+up|go\s+down|rise|fall|increase|decrease|drop|climb|grow|shrink)\b",
        _causative,
    ),
    (
        r"\b(?P<v>bring|brings)\s+(?P<y>(?:the\s+|their\s+)?[\w'\-]+"
        r"(?:\s+[\w'\-]+){0,2}?)\s+(?P<dir>up|down)\b(?!\s+(?:to|by)\b)",
        _causative,
    ),
]

#: Words that are no cause in "the X effect" (an adjective of the effect, a pointer, a question).
_NOT_A_CAUSE = (
    r"(?:causal|real|true|total|average|overall|treatment|its|their|his|her|our|this|that|these|"
    r"those|same|whole|direct|indirect|net|main|actual|estimated|expected|there|an?|any|some|no|"
    r"what|which|how|big|large|small|much|side|the|is|was|such|mediated|marginal|"
    r"conditional|heterogeneous|full|combined|joint|interaction)\b"
)


def _third_person(verb: str) -> str:
    """A verb of the list above in the third person: "make" -> "makes", "push" -> "pushes";
    "makes" and the past "made" stay."""
    if verb.endswith(("s", "de")):
        return verb
    return verb + ("es" if verb.endswith("sh") else "s")


def _affect_as(verb: str) -> str:
    """ "affect" in the tense and person of `verb` ("helps" -> "affects", "worked" -> "affected")."""
    v = verb.split()[0].lower()
    return "affected" if v.endswith("ed") else "affects" if v.endswith("s") else "affect"


#: Small amounts in words, as digits.
_SPELT_SMALL = dict(
    zip(
        "one two three four five six seven eight nine ten".split(),
        map(str, range(1, 11)),
        strict=True,
    )
)

_GRAMMAR = [
    # "check the effect is the same for all shifts or not": "or not" after the groups adds
    # nothing to the yes/no, and would hide where the group's phrase ends
    (
        r"(\b(?:for|in|across|among|at)\s+(?:all|every|each)\s+(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s*,?\s+"
        r"or\s+not\s*(?=[?.!]*\s*$)",
        r"\1",
    ),
    # "and if everybody got X, how much does it change?": the scenario asks what it changes; the
    # pronoun's question adds nothing (the outcome is the session's)
    (
        r"^((?:and\s+|so\s+|but\s+)?(?:what\s+)?if\b[^?;]+?),?\s+how\s+(?:much|far)\s+(?:does|do|did|would|will|could)\s+"
        r"(?:it|that|this|they)\s+change\s*(\?*)\s*$",
        r"\1\2",
    ),
    # "does overtime make more people quit (in some departments)": the causative's "more" after
    # the verb it grades ("make people quit more")
    (
        r"\b(make|makes|made|get|gets|got|cause|causes|caused)\s+more\s+((?:people|employees|workers|staff|"
        r"customers|clients|users|patients|students|members|players|agents|drivers|subscribers|"
        r"borrowers|households|cows|visitors)\b)\s+(?:to\s+)?([a-z]+)"
        r"(?=\s*[?.!,;]|\s*$|\s+(?:in|at|on|for|than|among|across|when|if|where|with)\b)",
        r"\1 \2 \3 more",
    ),
    # "does X help more on site B than site A for the time in range": the outcome after the
    # compared groups is a phrase of its own ("..., for the time in range")
    (
        r"(\bmore\b[^,;?.!]*?\bthan\s+(?:(?:in|on|at|for|among|with)\s+)?(?!\d)[\w'\-]+(?:\s+[A-Z0-9]\w*)?)"
        r"\s+(for|regarding|in\s+terms\s+of|when\s+it\s+comes\s+to)\s+(?=(?:the\s+)?[a-z])",
        r"\1, \2 ",
    ),
    # "make the fare 1 euro more expensive" -> "raise the fare by 1 euro", "make the trip 5 minutes
    # shorter" -> "cut the trip by 5 minutes": a change said as the state it leads to
    (
        r"\bmak(?:e|es|ing)\s+((?:the|our|their|its)\s+[\w'\-]+(?:\s+[\w'\-]+)?)\s+(\d[\d,.]*\s*[\w%$\u20ac\u00a3]*)\s+"
        r"(?:more\s+(?:expensive|costly|pricey)|dearer|higher|bigger|larger|longer|greater)\b",
        r"raise \1 by \2",
    ),
    (
        r"\bmak(?:e|es|ing)\s+((?:the|our|their|its)\s+[\w'\-]+(?:\s+[\w'\-]+)?)\s+(\d[\d,.]*\s*[\w%$\u20ac\u00a3]*)\s+"
        r"(?:less\s+(?:expensive|costly|pricey)|cheaper|lower|smaller|shorter)\b",
        r"cut \1 by \2",
    ),
    *_SUBGROUP_WORDINGS,
    *_CAUSATIVES,
    # "the thermostat's saving on kWh", "the app's lift in basket size": an effect said by
    # what it does -> "... effect on"
    (
        r"('s|s')\s+(?:savings?|benefits?|gains?|payoffs?|pay-offs?|boost|reductions?|lift|"
        r"improvements?)\s+(?:on|in|for|to)\s+",
        r"\1 effect on ",
    ),
    # "is confounded the relation of A and B by Z?" -> "is the relation of A and B confounded by Z?"
    (
        r"^(is|are)\s+confounded\s+(?P<rest>(?:the\s+)?(?:relation\w*|link|association|effect|correlation)\s+.+?)\s+"
        r"by\s+(?P<z>[\w .'\-]+?)\s*(?P<end>[?.!]*)$",
        r"\1 \g<rest> confounded by \g<z>\g<end>",
    ),
    # "how much part of", "how big part of" -> "what part of"
    (r"\bhow\s+(?:much|big|large)\s+(?:a\s+)?(?:part|share|portion)\s+of\b", "what part of"),
    # "is going over the vibration" -> "goes through the vibration"
    (r"\b(?:is|are)\s+going\s+(?:over|across|through|via)\b", "goes through"),
    # "gets the most out of X" -> "benefits most from X"
    (
        r"\b(get|gets|got|getting)\s+(?:the\s+)?(most|more|least|less)\s+out\s+of\b",
        lambda m: (
            {"get": "benefit", "gets": "benefits", "got": "benefited"}.get(
                m.group(1).lower(), "benefiting"
            )
            + f" {m.group(2)} from"
        ),
    ),
    # "yield wise", "revenue-wise" -> "in terms of yield"
    (
        r"[,;]?\s+(?P<w>(?!other|like|length|clock|this|that)[a-z]+)[\s-]wise\b",
        r" in terms of \g<w>",
    ),
    # "is attrition higher when people work overtime" -> "... higher with overtime": the
    # condition's verb only says who has the treatment
    (
        r"\b(higher|lower|bigger|smaller|better|worse|longer|shorter|greater|more|less)\s+"
        r"(?:when|if|whenever|where)\s+(?:the\s+)?(?:people|they|we|you|[a-z]{3,}s)\s+(?:work|get|got|"
        r"use|used|have|had|take|took|receive|received|attend|attended|go\s+to|went\s+to|are\s+on|"
        r"were\s+on)\s+(?!(?:more|less|fewer)\b)",
        r"\1 with ",
    ),
    # "is yield higher when farmers irrigate?" -> "... higher with irrigate": a condition that
    # is only a verb names the treatment by the verb
    (
        r"\b(higher|lower|bigger|smaller|better|worse|longer|shorter|greater|more|less)\s+"
        r"(?:when|if|whenever|where)\s+(?:the\s+)?(?:people|they|we|you|[a-z]{3,}s)\s+"
        r"(?P<v>(?!(?:are|were|do|did|have|had|get|got|work|use|take)\b)[a-z]{4,})\s*(?P<end>[?.!]*)$",
        r"\1 with \g<v>\g<end>",
    ),
    # "how much X is making Y" -> "how much X affects Y" ("making" a variable, not an estimate)
    (
        r"\b(?:is|are)\s+making\s+(?!(?:an?|the|some|any)\s|(?:estimat|analys|calculat|difference|effect|impact|influence|change)\w*)"
        r"(?=[\w'\-]+)",
        "affects ",
    ),
    # "with controlling credit score" -> "controlling for credit score"
    (r"\bwith\s+(controlling|adjusting)\s+(?!for\b)", r"\1 for "),
    # "controlling everything", "adjusting the age" -> "controlling for ..." ("for" left out)
    (
        r"\b(controlling|adjusting|accounting)\s+(?!for\b|of\b|to\b|with\b|by\b|on\b)(?=[a-z])",
        r"\1 for ",
    ),
    # "estimate lane to riders" -> "estimate lane on riders"
    (
        r"^((?:please\s+)?(?:estimate|regress|quantify)\s+(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+to\s+"
        r"(?!(?:see|check|know|find|get|be|learn|understand|measure|compare)\b)",
        r"\1 on ",
    ),
    # "is mediate by Z, the X effect to Y?" -> "the X effect to Y, mediated by Z?"
    (
        r"^(?:is|are|it\s+is)\s+(?:mediate|mediated|mediating)\s+(?:by|through|via)\s+"
        r"(?P<m>[\w'\-]+(?:\s+[\w'\-]+)?)\s*,\s*(?P<rest>.+?)\s*(?P<end>[?.!]*)$",
        r"\g<rest>, mediated by \g<m>\g<end>",
    ),
    # "how big is the bus lane effect?" -> "... the effect of bus lane?": a cause named before
    # the word for the effect, with no outcome after it (the planner then asks for one)
    (
        r"(?P<p>^|\b(?:the|is|was|of)\s+)(?P<x>(?:(?!" + _NOT_A_CAUSE + r")[a-z][\w'\-]*\s+){0,2}"
        r"(?!" + _NOT_A_CAUSE + r")[a-z][\w'\-]*)\s+(?P<e>effects?|impacts?)\s*(?P<end>[?.!]*)$",
        r"\g<p>the \g<e> of \g<x>\g<end>",
    ),
    # "what the tutor actually did to their final score" -> "the effect of the tutor on their
    # final score"; "what that did to the bill" points back to the context's cause
    (
        r"\bwhat\s+(?P<x>(?!(?:is|are|was|were|we|you|i|they|would|will|happens?|happened)\b)"
        r"[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+(?:really\s+|actually\s+|truly\s+)?(?:did|has\s+done|"
        r"have\s+done|will\s+do|would\s+do|could\s+do)\s+(?:to|for)\s+(?=\w)",
        r"the effect of \g<x> on ",
    ),
    # "the effect (that) the training has on promotion", "effect the training have on Y" ->
    # "effect of the training on Y": a relative clause names the cause before its verb
    (
        r"\b(effects?|impacts?|influence)\s+(?:that\s+|which\s+)?(?!(?:does|do|did|would|will|"
        r"could|can|might|may|is|are|was|were|has|have|had|of|on|to|for)\b)"
        r"(?P<x>[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+(?:has|have|had|(?:would|will|could|might|may|"
        r"does|did|do)\s+(?:really\s+|actually\s+)?have)\s+(?:on|to|for|upon)\s+",
        r"\1 of \g<x> on ",
    ),
    # "how much effect have X to Y" -> "how much effect of X to Y"
    (
        r"\b(effects?|impacts?|influence)\s+(?:have|has|does|do|is|are)\s+(?!(?:due|because|explained|"
        r"mediated|caused|driven|confounded|robust|real|significant|large|small|big|positive|negative|"
        r"the\s+same|different|stronger|weaker|bigger|smaller)\b)(?=\w)",
        r"\1 of ",
    ),
    # "make (the) estimation of", "do an estimate for" -> "estimate"
    (
        r"\b(?:make|makes|do|does|doing|making)\s+(?:an?\s+|the\s+)?(?:(\w+)\s+)?"
        r"(?:estimation|estimate|calculation|analysis)\s+(?=with\b)|"
        r"\b(?:make|makes|do|does|doing|making)\s+(?:an?\s+|the\s+)?(?:(\w+)\s+)?"
        r"(?:estimation|estimate|calculation|analysis)\s+(?:of|for|about|on)\b",
        lambda m: (
            (
                m.group(1) + " "
                if m.group(1) and m.group(1).lower() != "the"
                else m.group(2) + " "
                if m.group(2) and m.group(2).lower() != "the"
                else ""
            )
            + "estimate"
            + (" " if m.group(0).endswith(" ") else "")
        ),
    ),
    # "effect (have) X to/for Y" -> "effect of X on Y"; "X effect to Y" -> "X effect on Y"
    (
        r"\b((?:effects?|impacts?|influence)\s+of\s+(?:the\s+)?[\w'\-]+(?:\s+(?!"
        + _COMPARATIVE
        + r")[\w'\-]+){0,2}?)\s+"
        r"(?:to|for|towards?|at)\s+(?!(?:each|every|all|some|different|which|whom|who)\b)",
        r"\1 on ",
    ),
    (
        r"\b([\w'\-]+\s+(?:effects?|impacts?))\s+(?:to|for|towards?|at)\s+"
        r"(?!(?:each|every|all|some|different|which|whom|who|men|women)\b)",
        r"\1 on ",
    ),
    # "can to cause" -> "can cause", "please to use" -> "use"
    (rf"\b({_MODAL})\s+to\s+(?=\w)", r"\1 "),
    # "make the employees to leave" -> "make the employees leave"
    (
        r"\b(make|makes|making|let|lets|help|helps)\s+((?:the\s+)?[\w'\-]+)\s+to\s+(?=[a-z])",
        r"\1 \2 ",
    ),
    # progressive forms of the causal verbs: "is helping for Y" -> "helps Y"
    (
        r"\b(?:is|are)\s+(" + "|".join(_PROGRESSIVE) + r")ing\s+(?:for\s+|to\s+)?",
        lambda m: _PROGRESSIVE[m.group(1).lower()] + " ",
    ),
    (
        r"\b(?:is|are)\s+(go|com|pass|flow|runn?)ing\s+(through|via|by)\b",
        lambda m: (
            {
                "go": "goes",
                "com": "comes",
                "pass": "passes",
                "flow": "flows",
                "run": "runs",
                "runn": "runs",
            }[m.group(1).lower()]
            + " "
            + m.group(2)
        ),
    ),
    (r"\b(?:is|are)\s+having\b", "has"),
    # "X is acting on Y by M" -> "X affects Y through M"; "what is making effect to Y"
    (r"\b(?:is\s+|are\s+)?act(?:s|ing)?\s+on\s+(.+?)\s+(?:by|via)\s+", r"affects \1 through "),
    (
        # ("does X have an effect on Y": the bare verb after "does" stays bare)
        r"\b(?P<aux>is\s+|are\s+)?(?:mak|hav|giv)(?P<e>e|es|ing)\s+(?:an?\s+|the\s+)?effects?\s+(?:to|on|for)\b",
        lambda m: "affect" if m.group("e") == "e" and not m.group("aux") else "affects",
    ),
    (r"\s+any\s?more\b|\s+any\s+longer\b", ""),
    # "adjust for age and plan when estimating the trainer effect on weight loss" -> "the trainer
    # effect on weight loss, adjusting for age and plan": the request said after its controls
    (
        r"^(?:please\s+)?(?:adjust(?:ing)?|control(?:ling)?)\s+for\s+(.+?)\s+(?:when|while|in)\s+"
        r"(?:estimating|computing|calculating|measuring|looking\s+at|working\s+out)\s+(.+?)\s*([?.!]*)$",
        r"\2, adjusting for \1\3",
    ),
    # "trained kitchens: fewer violations by how much?" -> "trained kitchens -> fewer violations
    # by how much?": a group, then what it has more or less of, is the arrow said as a list
    (
        r"^((?:(?!(?:vs|versus|and|or|than|effects?|impacts?)\b)[\w'\-]+\s+){0,3}"
        r"(?!(?:vs|versus|and|or|than|effects?|impacts?)\b)[\w'\-]+)\s*[:,]\s+((?:more|fewer|less|higher|lower|better|worse|"
        r"shorter|longer|bigger|smaller)\s+)",
        r"\1 -> \2",
    ),
    # "the line speed we make it 10% less" -> "if the line speed were 10% less"
    (
        r"^(?:so\s+|and\s+)?(the\s+[\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:we|you|they)\s+(?:make|made|set|put|keep)\s+"
        r"(?:it|them)\s+",
        r"if \1 were ",
    ),
    # "defaults are reduced from counseling" -> "... reduced by counseling"
    (
        r"\b(reduced|increased|lowered|raised|affected|caused|improved|driven|influenced|impacted|"
        r"changed|shortened|lengthened|boosted|hurt)\s+from\s+(?!\d)",
        r"\1 by ",
    ),
    # "if every place were 20 seats bigger" -> "... had 20 more seats": a counted noun that is
    # not a unit of measure is what changes (a unit is read by the rule below)
    (
        r"\b(?:was|were|is|are)\s+(\d+(?:\.\d+)?)\s+(?!(?:mm|cm|m|km|metres?|meters?|miles?|kg|g|grams?|"
        r"pounds?|lbs?|dollars?|euros?|points?|pts|percent|degrees?|years?|yrs|months?|weeks?|days?|"
        r"hours?|hrs?|minutes?|mins?|seconds?|secs?|units?|square|sq|ft|feet|inch(?:es)?|k|thousand|"
        r"million|times)\b)([a-z]{3,}s)\s+(?:bigger|larger)\b",
        r"had \1 more \2",
    ),
    # "if X was 100 mm more" -> "if X went up by 100": a shift, not a level
    (
        # (a small amount in words too: "if every car were two years older")
        r"\b(?:was|were|is|are|went|goes|ran|runs|run|operated)\s+"
        r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)\s*"
        r"(%|\s*percent\b|\s*per\s*cent\b)?\s*"
        r"(?:(?!more|less|higher|lower)[a-z/]+\s+)?(more|higher|bigger|larger|greater|older|longer|"
        r"faster|heavier|warmer|hotter|less|lower|smaller|fewer|younger|shorter|slower|lighter|"
        r"colder|cooler)\b",
        lambda m: (
            ("age " if m.group(3).lower() in ("older", "younger") else "")
            + (
                "went up by "
                if m.group(3).lower()
                in ("more", "higher", "bigger", "larger", "greater", "older", "longer", "faster")
                + ("heavier", "warmer", "hotter")
                else "went down by "
            )
            + _SPELT_SMALL.get(m.group(1).lower(), m.group(1))
            + ("%" if m.group(2) else "")
        ),
    ),
    # "an estimate of the effect of X" -> "the effect of X"
    (
        r"\b(?:an?\s+|the\s+)?estimates?\s+(?:of|for)\s+(?=(?:the\s+)?(?:causal\s+)?(?:effect|impact|influence)\b)",
        "",
    ),
    # "X has (an) influence for Y", "X gives better Y" -> "X affects Y"
    (
        r"\b(?:has|have|had)\s+(?:an?\s+|any\s+|some\s+|much\s+)?(?:influence|effect|impact)\s+"
        r"(?:for|on|to|at|over)\b",
        "affect",
    ),
    (
        r"\b(?:give|gives|gave|giving|bring|brings)\s+(?:an?\s+)?(?:better|more|higher|bigger|larger|"
        r"greater|less|lower|worse|smaller)\s+",
        "affect ",
    ),
    # "for Y, X helps (or not)" -> "X helps Y": the outcome said first, as the topic
    (
        r"^(?:for|about|regarding|concerning)\s+((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?),\s+"
        r"((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+(helps|affects|improves|reduces|increases|"
        r"lowers|raises|changes|matters\s+for|works\s+for)\b",
        r"\2 \3 \1",
    ),
    # "more in the sales department than other departments" -> "by departments"
    (
        r"\s+(?:more|less|most|least)?\s*(?:in|for|among|on)\s+(?:the\s+)?[\w'\-]+\s+[\w'\-]+\s+than\s+"
        r"(?:in\s+|for\s+|on\s+)?(?:the\s+)?(?:other|remaining)\s+([\w'\-]+)",
        r" by \1",
    ),
    # "what I can ask" after a preamble -> "what can I ask"
    (r"(^|[,;]\s*)(what|which|how)\s+(you|i|we)\s+(can|could|should)\s+(?=\w)", r"\1\2 \4 \3 "),
    # "watched 2 hours more video" -> "watched 2 more hours of video"
    (
        r"\b(\d+(?:\.\d+)?)\s+([a-z]+)\s+more\s+(?!(?:than|per|each|every|on|at|in|for)\b)(?=[a-z])",
        r"\1 more \2 of ",
    ),
    # "how much better Y they get" -> "how would Y change"; "how the Y change" -> "how would Y change"
    (
        r"\bhow\s+much\s+(?:better|more|higher|worse|less|lower)\s+((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+"
        r"(?:they|we|you|it|he|she)\s+(?:get|gets|have|has|would\s+get|will\s+get)\b",
        r"how would \1 change",
    ),
    (
        # (not "how do rides respond to X": the auxiliary is no part of the variable)
        # (nor "how much Y changes for ...": an amount asked, read by the parser)
        r"\bhow\s+(?!(?:do|does|did|will|would|can|could|might|much|many|far|often)\b)((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+"
        r"(change|changes|move|moves|respond|react)\b(?!\s+to\b)",
        r"how would \1 change",
    ),
    # "how customer ratings respond to violations" -> "how do customer ratings respond to ..."
    (
        r"\bhow\s+(?!(?:do|does|did|will|would|can|could|might|much|many|far|often)\b)((?:the\s+)?[\w'\-]+"
        r"(?:\s+[\w'\-]+)?)\s+(?:respond|responds|react|reacts)\s+to\b",
        r"how do \1 respond to",
    ),
    # "the X, if we put 50% more, ..." -> "if we put 50% more X, ...": the topic said first
    (
        r"^((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?),\s+if\s+(we|you|they)\s+(put|use|give|add|apply|"
        r"had|have|get)\s+(\d+(?:\.\d+)?\s*(?:%|percent)\s+(?:more|less))\b",
        r"if \2 \3 \4 \1",
    ),
    # "how changes the Y" -> "how would the Y change"
    (
        r"\bhow\s+(?:changes|moves)\s+((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)(?=\s*[?.!]*$)",
        r"how would \1 change",
    ),
    # "give X to nobody" -> "nobody got X"; "X for everybody" -> "if everybody got X"
    (
        r"\b(?:(?:we|you|they|i)\s+(?:would\s+|will\s+|could\s+|should\s+)?)?(?:give|gave|giving|offer|"
        r"offered|assign|assigned)\s+(?:the\s+)?([\w'\-]+(?:\s+[\w'\-]+)?)\s+to\s+"
        r"(nobody|no\s+one|everyone|everybody|all\s+\w+)\b",
        r"\2 got \1",
    ),
    (
        r"^((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+for\s+(everybody|everyone|nobody|no\s+one)\b",
        r"if \2 got \1",
    ),
    # "what Y we get" -> "what happens to Y"
    (
        r"\bwhat\s+((?:the\s+)?[\w'\-]+(?:\s+(?!(?:do|does|did|can|could|would|will|should)\b)[\w'\-]+)?)"
        r"\s+(?:we|they|you)\s+(?:get|see|have)\b",
        lambda m: "what happens to " + m.group(1) if _SCENARIO.search(m.string) else m.group(0),
    ),
    # "how much X added to Y" -> "how much X contributes to Y"
    (r"\b(?:add|adds|added)\s+to\b", "contributes to"),
    # "once you account for Z" -> "accounting for Z"
    (
        r"\b(?:once|after|when|if|while)\s+(?:you|we|i)\s+(account|control|adjust|correct)(?:s|ed)?\s+for\b",
        lambda m: (
            {
                "account": "accounting",
                "control": "controlling",
                "adjust": "adjusting",
                "correct": "correcting",
            }[m.group(1).lower()]
            + " for"
        ),
    ),
    # "does X make Y worse" -> "does X affect Y"
    (
        r"\b(?:make|makes|made)\s+((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:worse|better|higher|lower|"
        r"bigger|smaller|longer|shorter)\b",
        r"affect \1",
    ),
    # "would Y drop, and by how much?": the size is what an effect reports anyway
    (r",?\s+and\s+(?:by\s+)?how\s+(?:much|many)(?:\s+\w+)?\s*(?=[?.!]*$)", ""),
    # "works better on some wards than others": "on" would read as the outcome's preposition
    (r"\b(better|worse|more|less)\s+on\s+some\b", r"\1 in some"),
    # a method "for X and Y" / "for X to Y" names the treatment and the outcome
    (
        r"(?<!controlling )(?<!control )(?<!adjusting )(?<!adjust )(?<!accounting )(?<!account )"
        r"(?<!correcting )\bfor\s+((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:and|to)\s+"
        r"((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?\s*[?.!]*)$",
        lambda m: (
            m.group(0)
            if re.search(r"\b(?:on|upon)\s", m.string[: m.start()])  # the outcome is named already
            or re.match(_GROUP_WORDS, m.group(1))  # "for men and women": subgroups
            # "set X to 15 for everyone and show Y": whom a scenario applies to
            or re.fullmatch(r"(?:everyone|everybody|all|every\s+\w+)", m.group(1), re.I)
            else f"for {m.group(1)} on {m.group(2)}"
        ),
    ),
    # "compare all the methods for X on Y" -> "X on Y across methods"
    (
        r"^compare\s+(?:all\s+)?(?:the\s+)?(?:different\s+|various\s+)?(?:estimation\s+)?(methods|estimators)\s+"
        r"(?:for|on)\s+(.+?)\s*([?.!]*)$",
        r"\2 across \1\3",
    ),
    # "Z confounds the X-Y relationship" -> "does Z confound the X-Y relationship"
    (r"^(?:whether\s+)?((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+confounds\s+", r"does \1 confound "),
    (r"\bwhat\s+(?:is\s+|are\s+)?happen(?:ing)?\s+(?:with|for|at)\b", "what happens to"),
    (r"\bwhat\s+(?:is\s+|are\s+)?happen(?:ing)?\b", "what happens"),
    # "X like instrument" -> "X as instrument"
    (
        r"\blike\s+(?:an?\s+|the\s+)?(instruments?|instrumental\s+variables?|ivs?|controls?|covariates?|"
        r"confounders?|mediators?)\b",
        lambda m: (
            "as " + m.group(1)
            if m.group(1).endswith("s") and m.group(1).lower() != "ivs"
            else ("as an " if m.group(1)[0].lower() in "aeiou" else "as a ") + m.group(1)
        ),
    ),
    # "adjust by Z" -> "adjust for Z" ("by" would read as subgroups)
    (r"\b(adjust\w*|control\w*|correct\w*)\s+(?:by|on|with)\b", r"\1 for"),
    # "taking into account Z", "if we consider also Z" -> "controlling for Z"
    (r"\btak(?:e|ing)\s+into\s+account\s+", "controlling for "),
    (r"\b(?:if|when|while)\s+(?:we|you)\s+(?:also\s+)?consider\s+(?:also\s+)?", "controlling for "),
    # "bootstrap 200" -> "200 bootstrap resamples"
    (
        r"\bbootstrap(?:s|ping)?\s+(?:of\s+)?(\d+)\b(?!\s*(?:resamples?|samples?|draws?|reps?|runs?))",
        r"\1 bootstrap resamples",
    ),
    # "helps more on some route types than on others for on-time" -> "helps on-time, by route
    # types": the group compared with the rest, and the outcome said last
    (
        r"\b(help|helps|helped|work|works|worked|matter|matters|pay\s+off|pays\s+off)\s+(?:more|better|less|worse)\s+"
        r"(?:in|on|for|at|among|with)\s+(?:some|certain|particular)\s+([\w'\-]+(?:\s+[\w'\-]+)?)\s+than\s+"
        r"(?:(?:in|on|for|at|among|with)\s+)?(?:others|the\s+rest|other\s+[\w'\-]+)\s+(?:for|on|in\s+terms\s+of|"
        r"regarding|with)\s+(?:the\s+)?([\w .'\-/]+?)\s*([?.!]*)$",
        lambda m: f"{_affect_as(m.group(1))} {m.group(3)}, by {m.group(2)}{m.group(4)}",
    ),
    # "what are the things that make customers churn" -> "what makes customers churn": a general
    # noun for the causes, asked with a relative clause
    (
        r"\bwhat\s+(?:are|is|were)\s+(?:all\s+)?(?:the\s+)?(?:main\s+|key\s+|biggest\s+|most\s+important\s+)?"
        r"(?:things?|factors?|reasons?|variables?|stuff|aspects?)\s+(?:that|which)\s+(make|makes|made|cause|causes|"
        r"lead|leads|drive|drives|push|pushes)\b",
        # (in the third person: "the things that lead" -> "what leads")
        lambda m: "what " + _third_person(m.group(1)),
    ),
    # "how much the Y would go up" -> "how much would Y go up" (not "how much more Y does X
    # give", already in question order)
    (
        r"\bhow\s+much\s+(?!(?:more|extra|less|fewer|additional)\b)((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+"
        r"(would|will|does|did|can|could)\s+",
        r"how much \2 \1 ",
    ),
    # "everybody is doing X" -> "everybody got X"
    (
        r"\b(everyone|everybody|nobody|no\s+one|all\s+\w+)\s+(?:is|are|was|were)\s+(?:doing|working|"
        r"getting|taking|using|having|receiving|on)\s+",
        r"\1 got ",
    ),
    # "the relationship of X and Y" -> "the relationship between X and Y"
    (
        r"\b(relationship|relation|link|association|connection)\s+of\s+(?=.+\s+and\s+)",
        r"\1 between ",
    ),
    # "X, good or not for Y?" -> "does X affect Y?"
    (
        r"^((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?),\s+(?:is\s+it\s+)?(?:good|bad|helpful|useful|effective|"
        r"working)(?:\s+or\s+(?:not|bad|good))?\s+(?:for|on)\s+",
        r"does \1 affect ",
    ),
    # "the X and Y association" -> "the X-Y association"
    (
        r"\b([\w'\-]+)\s+and\s+([\w'\-]+)\s+(association|relationship|correlation|link|relation)\b",
        r"\1-\2 \3",
    ),
    # "control the X" -> "controlling for the X"
    (
        r"(^|[,;]\s*|\b(?:and|but|with)\s+)(?:control|adjust)\s+(?!for\b|on\b|group\b|arm\b)(?=\w)",
        r"\1controlling for ",
    ),
    # "X is supposed to reduce Y" -> "X reduce Y": the hedge only reports the claim
    (
        r"\b(?:is|are|was|were)\s+(?:supposed|meant|expected|thought|believed|said|claimed)\s+to\s+"
        r"(?=(?:lower|raise|reduce|increase|decrease|cut|improve|boost|help|shorten|drive|cause|affect)\b)",
        "",
    ),
    # "For the loyalty app, I'd want to see its effect on Y" -> "the effect of the loyalty app on Y"
    (
        r"(^|;\s*)for\s+((?:the\s+|our\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,3}),\s*(?:(?:i'?d|i\s+would|we'?d)\s+"
        r"(?:want|like|love)\s+to\s+(?:see|know|get)\s+|(?:show|give|tell)\s+me\s+)?(?:its|their)\s+"
        r"(effects?|impacts?)\b",
        r"\1the \3 of \2",
    ),
    # "..., the satisfaction goes up how much?" -> "..., how much does the satisfaction go up?"
    (
        r",\s*((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:goes|go|will\s+go|would\s+go|is\s+going|are\s+going)\s+"
        r"(up|down)\s+(?:by\s+)?how\s+much\s*([?.!]*)$",
        r", how much does \1 go \2\3",
    ),
    # "how far employees live from the office" -> "the distance from office"
    (
        r"\bhow\s+far\s+(?:[\w'\-]+\s+){0,2}(?:live|lives|commute|commutes|travel|travels|are|is)\s+(from|to)\s+"
        r"(?:the\s+|their\s+|work\s+or\s+)?([\w'\-]+)",
        r"the distance \1 \2",
    ),
    # "does X go with more Y", "goes along with fewer Y": an association said with a comparative
    # asks for the effect ("go with weighting" chooses an estimator: no comparative follows)
    (
        r"\b(?:go|goes|went|going)\s+(?:together\s+|hand\s+in\s+hand\s+|along\s+)?with\s+"
        r"(?=(?:more|less|fewer|higher|lower|bigger|smaller|better|worse|longer|shorter)\b)",
        "lead to ",
    ),
    # "the time between buses", "the gap between two trains": a timetable's headway, not a run time
    (
        r"\b(?:the\s+)?(?:time|gap|wait|minutes|mins?|interval)\s+between\s+(?:two\s+|consecutive\s+|"
        r"successive\s+|the\s+)?(?:bus(?:es|ses)?|trains?|trams?|vehicles?|departures?|arrivals?|services?|"
        r"ferr(?:y|ies)|shuttles?)\b",
        "the headway",
    ),
    # "the confidence interval of the X effect on Y" asks for the effect (with its interval)
    (
        r"\b(?:the\s+)?(?:confidence\s+intervals?|standard\s+errors?|uncertainty|p[\s-]*values?)\s+"
        r"(?:of|for|on|around)\s+(?=(?:the\s+|an?\s+)?(?:[\w'\-]+\s+){0,3}(?:effects?|impacts?)\b)",
        "",
    ),
    # "make(s) any/much of a difference" -> "makes a difference"
    (
        r"\b(make|makes|made)\s+(?:any|much\s+of\s+a|a\s+real|some|a\s+big)\s+difference\b",
        r"\1 a difference",
    ),
    # "X does anything/much for Y" -> "X affects Y"
    (r"\b(?:does|do|did)\s+(?:anything|something|much)\s+(?:for|to)\b", "affects"),
    # "X might lead to Y" -> "X lead to Y": the modal only hedges the claim
    (
        r"\b(?:might|may)\s+(?:actually\s+|really\s+)?(?=(?:lead|cause|affect|improve|raise|lower|"
        r"reduce|increase|decrease|drive|change|help|hurt|influence)\b)",
        "",
    ),
    # "make X half/double" -> "halve/double X"
    (
        r"\b(?:make|makes|making)\s+((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+(half|double|twice|triple)\b"
        r"(?!\s+(?:machine|ml)\b)",
        lambda m: (
            {"half": "halve", "double": "double", "twice": "double", "triple": "triple"}[
                m.group(2).lower()
            ]
            + " "
            + m.group(1)
        ),
    ),
    # "what does the data say about X and Y" -> "the relationship between X and Y"
    (
        r"\b(?:say|says|tell\s+(?:us|me)|show)\s+about\s+(?:the\s+)?(?!relationship|link)"
        r"(?=[\w'\- ]+\s+and\s+[\w'\- ]+\s*[?.!]*$)",
        "say about the relationship between ",
    ),
    (
        r"\blook(?:ing)?\s+at\s+(?:the\s+)?(?=[\w'\-]+(?:\s+[\w'\-]+)?\s+and\s+[\w'\-]+(?:\s+[\w'\-]+)?"
        r"\s*(?:[,;]|[?.!]*$))",
        "look at the relationship between ",
    ),
    # "Z is (the) instrument" -> "using Z as an instrument"
    (
        r"(^|[,;]\s*)(?:the\s+)?([\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+is\s+(?:the\s+|an\s+|my\s+)?"
        r"instrument(?:al\s+variable)?\b",
        r"\1using \2 as an instrument",
    ),
    # "do matching and IPW agree about X and Y" -> "... agree on the effect of X on Y"
    (
        r"\b(agree|differ|disagree)\s+(?:about|on|for)\s+(?:the\s+)?([\w'\-]+(?:\s+[\w'\-]+)?)\s+and\s+"
        r"(?:the\s+)?([\w'\-]+(?:\s+[\w'\-]+)?)\s*([?.!]*)$",
        r"\1 on the effect of \2 on \3\4",
    ),
    # "physio programme work better for forwards, on days out?" -> "does physio programme work
    # ...": a question without its auxiliary
    (
        r"^(?!(?:does|do|did|is|are|was|were|can|could|would|will|should|which|what|how|why|when|"
        r"where|who|whom|whose|for|in|on|at|and|but|so|if|i|we|you|they|it|this|that)\b)"
        r"((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+works?\b(?=[^?.]*[?.]\s*$)",
        r"does \1 work",
    ),
]
_GRAMMAR_RE = [(re.compile(p, re.I), r) for p, r in _GRAMMAR]


def _mended(text: str) -> str:
    for pat, rep in _GRAMMAR_RE:
        text = pat.sub(rep, text)
    return text


#: Verbs of asking for an analysis, as gerunds after "would you mind", and their base form.
_GERUND_BASE = {
    "doing": "do",
    "redoing": "redo",
    "running": "run",
    "rerunning": "rerun",
    "repeating": "repeat",
    "trying": "try",
    "describing": "describe",
    "summarising": "summarise",
    "summarizing": "summarize",
    "estimating": "estimate",
    "computing": "compute",
    "calculating": "calculate",
    "checking": "check",
    "testing": "test",
    "comparing": "compare",
    "splitting": "split",
    "breaking": "break",
    "telling": "tell",
    "showing": "show",
    "giving": "give",
    "listing": "list",
    "explaining": "explain",
    "finding": "find",
    "figuring": "figure",
    "working": "work",
    "looking": "look",
    "learning": "learn",
    "drawing": "draw",
    "mapping": "map",
    "plotting": "plot",
    "using": "use",
    "fitting": "fit",
    "ablating": "ablate",
    "patching": "patch",
    "steering": "steer",
    "training": "train",
    "probing": "probe",
    "scoring": "score",
}
_GERUND = re.compile(r"^(?:" + "|".join(_GERUND_BASE) + r")\b", re.I)


#: A noun phrase that names an idea to explain: "the difference between A and B".
_CONCEPT = (
    r"(?:the|a|an)\s+(?:differences?|distinction|meaning|idea|concept|point|intuition|logic)\b"
)
_CONCEPT_NOUN = re.compile("^" + _CONCEPT, re.I)
#: "explain (to me) the difference between ...": a request to say what an idea is.
_WHAT_IT_IS = re.compile(r"^explain\s+(?:to\s+(?:me|us)\s+)?(?=" + _CONCEPT + ")", re.I)


#: A topic put before the request without a comma ("For the supplement's effect on milk yield
#: I'd like to see whether ...", "about churn and the promo can you ..."): the comma is added, so
#: the topic's last variable does not run on into the request.
_FRONTED_TOPIC = re.compile(
    r"^((?:for|about|regarding|concerning|as\s+(?:for|to|regards)|on)\s+[^,;:?.!]{3,80}?)\s+"
    r"(?=(?:i'd|i\s+would|we'd|we\s+would)\s+(?:\w+\s+)?(?:like|love|want)\b|(?:i|we)\s+(?:want|need)\b|"
    r"(?:can|could|would|will)\s+you\b|please\b|let'?s\b)",
    re.I,
)


#: A condition whose predicate is left out ("If none of them were, ..."), and the passive
#: predicate of a sentence before that it repeats ("half the plots are irrigated").
_ELIDED_IF = re.compile(
    r"\bif\s+(?P<who>(?:none|all|each|every\s+one|no\s+one|nobody|everyone|everybody|"
    r"every\s+\w+|all\s+the\s+\w+)(?:\s+of\s+(?:them|those|these|the\s+\w+))?|they|we)\s+"
    r"(?P<aux>were|was|are|is|got|get)\s*(?=[,;]|\s+(?:then|what|how)\b)",
    re.I,
)
_PASSIVE_PREDICATE = re.compile(
    r"\b(?:are|were|is|was|get|gets|got|being)\s+(?:(?:currently|already|now|still|all)\s+)?"
    # ("are irrigated", "are robot assisted": a participle, with the noun of a compound before it)
    r"(?P<p>(?!(?:used|supposed|based|located|going|asked)\b)(?:(?!(?:not|very|more|less|being)\b)"
    r"[a-z]+\s+(?=[a-z]{3,}(?:ed|en)\b))?[a-z]{3,}(?:ed|en))\b",
    re.I,
)


#: "If all of them had one": the thing had named by "have a X" before.
_ELIDED_ONE = re.compile(
    r"\bif\s+(?:none|all|each|every\s+one|no\s+one|nobody|everyone|everybody|every\s+\w+|"
    r"all\s+the\s+\w+)(?:\s+of\s+(?:them|those|these|the\s+\w+))?\s+(?P<v>had|got|used|took|gets|get)\s+"
    r"(?P<one>one)\b",
    re.I,
)
_HAVE_A = re.compile(
    r"\b(?:have|has|had|get|gets|got|use|uses|used|take|takes|took)\s+(?:a|an)\s+(?P<n>[a-z][\w\-]*)",
    re.I,
)


def elided_predicate(q: str) -> str:
    """`q` with an elided condition said in full: "Half the plots are irrigated. If none of them
    were, ..." -> "... If none of them were irrigated, ..."; "A quarter have a tutor. If all of
    them had one, ..." -> "... If all of them had a tutor, ..."."""
    one = _ELIDED_ONE.search(q)
    if one:
        said = list(_HAVE_A.finditer(q, 0, one.start()))
        if said:
            q = q[: one.start("one")] + f"a {said[-1].group('n')}" + q[one.end("one") :]
    m = _ELIDED_IF.search(q)
    if not m:
        return q
    said = list(_PASSIVE_PREDICATE.finditer(q, 0, m.start()))
    if not said:
        return q
    return q[: m.end("aux")] + " " + said[-1].group("p") + q[m.end("aux") :]


#: "Add the number of stops and the route length and run it again": columns added to the last
#: estimate before it is run again are its controls.
_ADD_AND_RERUN = re.compile(
    r"\b(?:add|include|throw\s+in|put\s+in)\s+(?P<z>(?!(?:it|that|this|them|more|another|some)\b)"
    r"[^.;!?]+?)(?:\s+(?:as\s+(?:an?\s+)?(?:controls?|covariates?|confounders?)|to\s+the\s+(?:model|"
    r"controls|covariates|adjustment(?:\s+set)?)))?\s+and\s+(?:then\s+)?(?:run|redo|rerun|re-run|repeat|"
    r"do|estimate)\s+(?:it|that|this|the\s+(?:analysis|estimate|model))(?:\s+(?:again|once\s+more))?\b",
    re.I,
)


#: "How many extra kilos does someone lose for each additional session a week?": an amount per
#: unit said with a person as the verb's subject (who names no variable).
_PER_UNIT_PERSON = re.compile(
    r"\bhow\s+(?P<hm>much|many)\s+(?P<more>(?:extra|more|additional|fewer|less)\s+)?"
    r"(?P<u>[\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:does|do|did|would|will|can|could)\s+"
    r"(?:someone|somebody|anyone|anybody|one|people|a\s+person|they|we|you|(?:the\s+)?average\s+[\w\-]+|"
    r"(?:an?|each|every|the|our|your|their)\s+[\w\-]+|[\w\-]+s)\s+"
    # (what a person or a unit does: not "how many minutes does the trip take for each stop")
    r"(?P<v>lose|gain|spend|earn|get|make|manage|see|save|pay|sell|buy|use|score|handle|produce|win|"
    r"achieve|book|attend|shed|burn|complete|close|resolve|pick|ship|sleep|drink|eat|walk|run)\s+"
    r"(?:for|with|per|from)\s+"
    r"(?:each|every|one|an?)\s+(?:(?:extra|more|additional)\s+)?(?=[\w'\-])",
    re.I,
)


def per_unit_person(q: str) -> str:
    """`q` with "how many X does someone lose for each extra Y" said as "how many X lost per
    additional Y"."""
    return _PER_UNIT_PERSON.sub(
        lambda m: (
            f"how {m.group('hm')} {m.group('more') or ''}{m.group('u')} {m.group('v')} per "
            "additional "
        ),
        q,
    )


def added_and_rerun(q: str) -> str:
    """`q` with "add X and Y and run it again" said as "rerun it controlling for X and Y"."""
    return _ADD_AND_RERUN.sub(lambda m: f"rerun it controlling for {m.group('z')}", q)


#: An embedded question wrapped in the assistant's opinion: "what would you say the box does to
#: braking", "how much do you think X lowers Y" (not "what do you think of X", "what would you
#: say is the effect", whose verb follows).
_OPINION_WRAP = re.compile(
    r"(?P<lead>^\s*(?:(?:so|and|but|now|then|ok|okay)\s*,?\s+)?(?:from\s+(?:it|that|this|the\s+graph)\s*,\s*)?)"
    r"(?P<wh>what|how\s+much|how\s+many|how|which\s+\w+|whether)\s+(?:would|do|did|will)\s+you\s+"
    r"(?:say|think|reckon|guess|expect|estimate|figure|suppose)\s+(?!(?:is|are|was|were|would|will|could|"
    r"of|about|that)\b)(?=\S+\s+\S)"
    # ("what do you reckon the recovery would do if ...": a scenario, read as its own)
    r"(?![^?.!]*\b(?:would|will|could|might)\b)",
    re.I,
)


#: How the answer should be given, said as an aside after the request's verb ("tell me,
#: roughly, whether ...", "can you say, in plain words, if ..."): no part of the question.
_MANNER_ASIDE = re.compile(
    r"\b(?P<verb>me|us|tell|say|estimate|check|explain|see)(?:\s*,\s*|\s+(?=(?:roughly|approximately|"
    r"briefly|quickly|more\s+or\s+less)\s+(?:how|what|whether|if|which|the)\b))(?:roughly|approximately|briefly|"
    r"quickly|honestly|simply|in\s+(?:plain|simple|everyday)\s+(?:words|english|terms)|"
    r"in\s+(?:short|brief|a\s+nutshell|a\s+word)|more\s+or\s+less|ballpark)(?:\s*,\s*|\s+)",
    re.I,
)


#: An aside between a request's verb and the question it asks ("find out, for the board pack,
#: whether ...", "check, before Friday, if ...", "tell me, if you can, how much ..."): who or
#: when the answer is for, no part of the question.
_REQUEST_ASIDE = re.compile(
    r"\b(?P<verb>(?:find|figure|work|sort)\s+out|check|tell\s+(?:me|us)|let\s+(?:me|us)\s+know|see|"
    r"confirm|verify|estimate|explain|look\s+into|establish|assess|say)\s*,\s*"
    r"(?:[\w'\-]+\s+){0,7}?[\w'\-]+\s*,\s*(?=(?:whether|if|how|what|which|why)\b)",
    re.I,
)
#: "is just confounding by Z": the link said to be confounding, asked as "is confounded by Z".
_IS_CONFOUNDING_BY = re.compile(
    r"\b(?:(?P<be>is|are|was|were)\s+)?(?P<how>(?:just|only|merely|simply|mostly|largely|mainly|all|"
    r"really|partly)\s+)?(?:(?:due|down)\s+to\s+)?confounding\s+(?:by|from|through)\b",
    re.I,
)


def _confounded_by(m: re.Match[str]) -> str:
    if not (m.group("be") or m.group("how")):
        return m.group(0)  # "check for confounding by Z": a noun, asked as it is
    return (m.group("be") + " " if m.group("be") else "") + "confounded by"


#: A reason clause fronted before a request ("Since the offer was random, you could use it as
#: the instrument"): said as a sentence of its own, so that the request's pronoun can point to it.
_FRONTED_REASON = re.compile(
    r"(?:^|(?<=[.!?]\s))(?:since|because|as|given\s+that|seeing\s+that)\s+(?P<c>[^,.;?!]{8,}?),\s*"
    r"(?=(?:you|could|can|would|please|i'd|i\s+would|we|i)\b[^.;?!]*\b(?:it|that|this)\b)",
    re.I,
)


#: A suspicion that a link is spurious, with its reason ("the device only looks good because
#: younger patients use it", "X just seems to help on Y bc Z opt in"): a confounding check of
#: the link by the reason's subject.
_ONLY_LOOKS_GOOD = re.compile(
    r"(?:(?:^|(?<=[:;.!?])\s*)(?:(?:i|we)\s+(?:[\w']+\s+){0,2}?(?:suspect|think|guess|bet|feel|reckon|"
    r"worry)\s+(?:that\s+)?)?|\b(?:suspect|think|guess|bet|feel|reckon|worry|worried|hunch|wonder\s+if|"
    r"wonder\s+whether|maybe|perhaps|probably|prob)\s+(?:that\s+)?)"
    r"(?P<x>(?:the\s+|our\s+|this\s+|that\s+)?[\w\-]+(?:\s+[\w\-]+){0,3}?)\s+"
    r"(?:only|just|merely|simply|mostly|largely)\s+(?:looks?|seems?|appears?)\s+(?:to\s+)?"
    r"(?:good|better|great|effective|strong|work|works|help|helps|be\s+working|be\s+helping)"
    r"(?P<y>\s+(?:on|for|in|against|at)\s+[^,.;?!]+?)?\s*,?\s+(?:because|bc|b/c|cuz|cos|coz|since|as)\s+"
    r"(?P<z>(?:[\w\-]+\s+){0,2}?[\w\-]+)\s+(?:(?:tend|happen)\s+to\s+)?(?P<v>use|uses|used|opt|opts|"
    r"opted|get|gets|got|choose|chooses|chose|pick|picks|sign|signs|signed|take|takes|took|buy|buys|"
    r"have|has|had|are|is|were|join|joins|joined|enrol\w*|enroll\w*|book|books|booked|go|goes|went|"
    r"receive|receives|received|ask|asks|asked|want|wants|wanted)\b(?P<rest>[^.;?!]*)[.;?!]*",
    re.I,
)


#: A scenario said without its verb ("machines 3 yrs younger -> defect rate?", "what if
#: stations 10 docks bigger", "with staff 2 years longer"): said as "if X were N units more".
_VERBLESS_SCENARIO = re.compile(
    r"(?P<lead>^|(?<=[,:;.!?])\s*|\b(?:what\s+if|hypothetically,?|say|suppose|imagine|with)\s+)"
    r"(?P<x>(?:the\s+|our\s+|all\s+(?:the\s+)?|every\s+)?[a-z][\w\-]*(?:\s+[a-z][\w\-]*)?)\s+"
    r"(?P<amt>\d+(?:\.\d+)?\s*[a-z%]*\s+(?:younger|older|longer|shorter|bigger|smaller|higher|lower|"
    r"cheaper|dearer|faster|slower|newer|heavier|lighter|earlier|later))\b"
    # (the comparative ends the scenario: "10 hrs more training" is an amount of a noun)
    r"(?=\s*(?:[-=]+>|[,:;?!.]|$|\s-+\s))",
    re.I,
)


def _scenario(m: re.Match[str]) -> str:
    x = m.group("x")
    if re.fullmatch(
        r"(?:if|were|was|are|is|be|had|have|got)(?:\s+.*)?|.*\s(?:were|was|are|is|be|had|got|get)|"
        r".*ing",
        x,
        re.I,
    ):
        # a verb is said already ("if machines were 3 yrs younger", "staying 2 yrs longer")
        return m.group(0)
    lead = m.group("lead")
    lead = "what " if re.match(r"\s*what\s+if", lead, re.I) else lead
    lead = "" if re.match(r"\s*with\b", lead, re.I) else lead
    return f"{lead}if {x} were {m.group('amt')}"


def _suspicion(m: re.Match[str]) -> str:
    # ("looks good against cancellations": the outcome it is judged on)
    y = re.sub(r"^\s+(?:against|at)\b", " on", m.group("y") or "", flags=re.I)
    x = re.sub(r"^(?:maybe|perhaps|probably|prob)\s+", "", m.group("x").strip(), flags=re.I)
    z = m.group("z").strip()
    said = re.match(r"\s*(?:(?:a\s+lot|much|far|way)\s+)?([\w\-]+)", m.group("rest") or "")
    if (
        m.group("v").lower() in ("are", "is", "were")
        and re.fullmatch(r"(?:they|those|these|such|the\s+ones)(?:\s+[\w\-]+)?", z, re.I)
        and said
    ):
        # "because those members are older": what they are is the common cause (their age)
        z = said.group(1)
    return f"is the effect of {x}{y} confounded by {z}?"


#: A result pointed to by who gave it: "the interval you gave", "the 1.6 you found", "the number
#: that you just reported": the last result's own words, said as "the interval", "the 1.6".
_RESULT_BY_YOU = re.compile(
    r"\b(?P<n>(?:the|that|this|those|these)\s+(?:[\w.%\-]+\s+){0,2}?[\w.%\-]+)\s+(?:that\s+|which\s+)?"
    r"(?:you|u)\s+(?:just\s+|have\s+|'ve\s+|had\s+)?(?:gave|given|found|got|gotten|reported|estimated|"
    r"computed|calculated|showed|shown|returned|printed|quoted|mentioned|came\s+up\s+with|"
    r"ended\s+up\s+with)(?:\s+(?:me|us))?(?:\s+(?:earlier|before|above|just\s+now))?\b",
    re.I,
)
#: A thing to be explained, said as putting it into plain words: "put the 1.6 into plain words",
#: "say that in simple terms for the board" -> "explain the 1.6 in plain words", "explain that in
#: simple terms for the board".
_INTO_PLAIN_WORDS = re.compile(
    r"\b(?:put|say|phrase|word|translate|turn|rephrase|spell\s+out)\s+(?P<x>(?!(?:in|into)\b)[^,;?!]+?)\s+"
    r"in(?:to)?\s+(?P<w>(?:plain|simple|everyday|easy|layman'?s?|normal)\s+(?:words|english|terms|language))\b"
    r"(?!\s*,?\s*(?:what|whether|if|how|why)\b)",
    re.I,
)
#: A forecast asked of the assistant: "what would you expect revenue to do if ...", "how would
#: you expect sales to change" -> "what would revenue do if ...", "how would sales change".
_EXPECT_TO = re.compile(
    r"\b(?:would|do|did|will)\s+(?:you|u)\s+(?:expect|predict|imagine|guess)\s+"
    r"(?P<y>(?!(?:that|it|to|of|from)\b)(?:the\s+|our\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+to\s+"
    r"(?P<v>do|be|change|look\s+like|move|go|end\s+up|react|respond)\b",
    re.I,
)


def asides_off(question: str) -> str:
    """`question` without an aside on how to answer ("tell me, roughly, whether"), with a link
    said to be "just confounding by Z" asked as "confounded by Z", a fronted reason clause said
    as a sentence before its request, and "would you mind doing" as "would you do"."""
    question = _FRONTED_REASON.sub(lambda m: m.group("c") + ". ", question)
    question = _RESULT_BY_YOU.sub(r"\g<n>", question)
    question = _EXPECT_TO.sub(r"would \g<y> \g<v>", question)
    question = _INTO_PLAIN_WORDS.sub(r"explain \g<x> in \g<w>", question)
    question = _ONLY_LOOKS_GOOD.sub(_suspicion, question)
    question = _VERBLESS_SCENARIO.sub(_scenario, question)
    # "would you mind telling me if Z is confounding ...": the request's verb said as a gerund
    # after "mind" is the request itself ("would you tell me if ...")
    question = re.sub(
        r"\b(you\s+)mind\s+(" + "|".join(_GERUND_BASE) + r")\b",
        lambda m: m.group(1) + _GERUND_BASE[m.group(2).lower()],
        question,
        flags=re.I,
    )
    question = _MANNER_ASIDE.sub(r"\g<verb> ", question)
    question = _REQUEST_ASIDE.sub(r"\g<verb> ", question)
    # "does X change Y for single parents differently?": the groups said before "differently",
    # as "differently for single parents"
    question = re.sub(
        r"\b(?P<p>for|among|in|across|between)\s+(?P<g>(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+"
        r"(?P<d>differently|in\s+different\s+ways)\b",
        r"\g<d> \g<p> \g<g>",
        question,
        flags=re.I,
    )
    # "I would like that you check ...", "we want that you estimate ...": a wish for what "you"
    # do, said with "that" as other languages say it
    question = re.sub(
        r"\b(would\s+like|'d\s+like|want|wish|prefer)\s+that\s+you\s+(?=[a-z]+\b)",
        r"\1 you to ",
        question,
        flags=re.I,
    )
    # "stores that have a competitor close by": rows said by what they have, as "stores with a
    # competitor nearby"
    question = re.sub(
        r"\b(?:that|which|who)\s+(?:have|has|had)\s+(?:got\s+)?(?=(?:an?|one|two|\d+)\s+\w)",
        "with ",
        question,
        flags=re.I,
    )
    question = re.sub(r"\bclose\s+by\b", "nearby", question, flags=re.I)
    # ("whether age might be confounding X": the hedge's modal is no part of the control)
    question = re.sub(
        r"\b(?:might|may|could|would)\s+(?:also\s+|still\s+|possibly\s+)?be\s+(?=confounding\b)",
        "is ",
        question,
        flags=re.I,
    )
    return _IS_CONFOUNDING_BY.sub(_confounded_by, question)


def normalise(question: str) -> str:
    """`question` without context sentences, courtesy and hedges, with indirect questions made
    direct and common non-native grammar mended (see the module docstring)."""
    question = asides_off(question)
    question = per_unit_person(added_and_rerun(elided_predicate(question)))
    question = _CHECK_ON_PAIR.sub(r"\1 of the link between ", claim_first(question))
    # ("doesn't like regression for this kind of thing": a vague object names no variable)
    question = _KIND_OF_THING.sub("", question)
    # (the variables a reference points to are named first: their sentence may be context)
    q = _named_list(
        _request_sentences(
            _that_way(
                _named_list(
                    _FRONTED_TOPIC.sub(r"\1, ", _declared_confounders(_passive_controls(question)))
                )
            )
        )
    )
    clauses = re.split(r"(\s*;\s*|\s+-\s+(?=(?:could|can|would|will|please|i)\b))", q)
    out = []
    for part in clauses:
        if re.fullmatch(r"\s*;\s*|\s+-\s+", part or ""):
            out.append("; ")
            continue
        # "what would you say X does to Y", "how much do you think X changes Y": the asker's
        # opinion wrapped round an embedded question, asked as that question
        plain = _courtesy_off(_OPINION_WRAP.sub(r"\g<lead>tell me \g<wh> ", part))
        if len(clauses) > 1 and _EMPTY_REQUEST.fullmatch(plain):
            continue  # "...; is that true?", "...; can you check?": the clause before asks
        if plain != part.strip() and re.match(
            r"(?:(?:would|do|did)\s+)?you\s+(?:say|think|reckon|agree|believe)|i\s+(?:think|believe|suspect)|"
            r"(?:\w+\s+){0,2}(?:claims?|believes?|says?|argues?|thinks?|suspects?)\s+that",
            part.strip(),
            re.I,
        ):
            # "would you say X is worth it for Y" asks "is X worth it for Y"
            swapped = re.sub(
                # ("do you think Z is confounding X and Y" asks "is Z confounding X and Y")
                r"^((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+(is|are)\s+"
                r"(?!(?!(?:confounding|" + "|".join(_GERUNDS.values()) + r")\b)\w+ing\b)",
                r"\2 \1 ",
                plain,
                flags=re.I,
            )
            # ... and "do you reckon the soil makes a difference to Y" asks "does the soil make
            # a difference to Y"
            # (the asker's own belief, "I think X works because ...", stays a claim)
            asked = re.match(r"(?:(?:would|do|did)\s+)?you\s+", part.strip(), re.I)
            plain = swapped if swapped != plain or not asked else _asked_yes_no(plain)
        if plain != part.strip() and not part.strip().lower().startswith(plain.lower()[:15]):
            # "tell me if X", "I wonder if X": after a removed opener "if" asks, it sets no
            # condition ("if we double X, ..." keeps its "if", and so does "if X, how would Y
            # change, please?", whose courtesy closes it)
            plain = re.sub(r"^if\s+(?=\S)", "whether ", plain, flags=re.I)
            # "help me understand why some shifts have more injuries": the indirect "why" asked
            # directly
            plain = re.sub(
                r"^why\s+(?!(?:do|does|did|is|are|was|were|would|will|can|could|should|has|have|had|"
                r"not|so)\b)(?=\S+\s+\S)",
                "why do ",
                plain,
                flags=re.I,
            )
        first = (plain.split() or [""])[0]
        if first.lower() in _GERUND_BASE and re.search(
            rf"\bmind\s+{re.escape(first)}\b", part, re.I
        ):
            # "would you mind doing the same for Y", "describing the data": the request's verb
            # after "mind" is a gerund
            plain = _GERUND.sub(lambda m: _GERUND_BASE[m.group(0).lower()], plain, count=1)
        # "help me understand the difference between A and B", "explain the idea of X": what
        # the difference (the idea) is
        plain = _WHAT_IT_IS.sub("what is ", plain, count=1)
        if plain != part.strip() and re.search(
            r"\bhelp\s+(?:me|us)\s+(?:to\s+)?(?:understand|see)\s+" + re.escape(plain[:20]),
            part,
            re.I,
        ):
            plain = _CONCEPT_NOUN.sub(lambda m: "what is " + m.group(0), plain, count=1)
        out.append(_direct(plain))
    q = "".join(out).strip(" ;")
    return _mended(q) or question
