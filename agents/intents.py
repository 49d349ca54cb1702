"""Reading a question: what is asked (the intent) and its slots (the phrases that name its
variables, and the method, algorithm, test and numbers it asks for).

Pure text work, no data: the planner (`copilot.agents.planner`) maps the phrases to columns,
datasets and models. The intent comes from analysis words and direction cues ("effect of X on
Y", "Y on X", "Y ~ X + Z", "X -> Y", "per unit of X", passive voice); the slots are read
wherever they appear, from the vocabulary in `copilot.agents.lexicon`. A slot that is read but
cannot be used is recorded in `Intent.unused` with the reason, so that nothing is dropped
silently.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import lru_cache

from copilot.agents import learner_english, lexicon
from copilot.agents import patterns as re
from copilot.agents.exclusions import exclusions
from copilot.agents.phrasing import added_and_rerun, asides_off, normalise

# Words that end a variable phrase ("effect of price on sales *in* shop.csv ...").
_STOP = (
    # ("use" ends a phrase before what is used, not as its last word: "energy use", "data use
    # bigger for ...")
    r"(?=\s+(?:in|conditional|partial+(?:ing|ed)?\s+out|residuali[sz]\w*|removing|using|use(?!\s*$|\s*[?.!,;:]|\s+(?:bigger|smaller|larger|higher|lower|greater|more|"
    r"less|differ\w*|var\w+|depend\w*)\b)|with|controlling|controlled|adjusting|adjusted|conditioning|via|"
    r"through|mediated|explained|carried|transmitted|by|across|for|among|per|within|when|if|given|holding|instrumented|while|"
    # "keeping fixed the age", "keeping age and tenure constant": controls, not the outcome
    r"keep(?:s|ing)\s+(?:fixed|constant|steady|equal)\b|keep(?:s|ing)(?=[\w\s,'&#/]{1,60}?\b(?:fixed|constant|steady)\b)|"
    r"hold(?=[\w\s,'&#/]{1,60}?\b(?:fixed|constant|steady)\b)|"
    # ("net of Z" sets controls; "the net promoter score" is a name)
    r"after|from|at|as|accounting|taking|net(?=\s+of\b)|instrument|treating|vs|versus|compared|among|once|"
    r"and\s+how|and\s+what|and\s+is|and\s+does|and\s+are|split|broken|is|are|was|were|into|"
    r"needs\s+to|must|should|has\s+to|have\s+to|might|may|could|would|will|"
    r"confounded|confounding|biased|distorted|inflated|overstated|understated|misleading|spurious|assuming|without|alpha|significance|bootstrap\w*|differ\w*|vary|estimates?|just|"
    # "bootstrap the effect of X on Y 300 times": a count of resamples after the outcome
    r"\d+\s*(?:times|resamples|bootstraps?|draws|reps|replicates|replications|iterations|repetitions)\b|"
    # "the link between X and Y really about Z": the doubt after the pair
    r"(?:really|actually|all|only|simply)\s+(?:about|down\s+to)\b|"
    r"varies|depends?|depending|outcome|treatment|because|due\s+to|thanks\s+to|owing\s+to|by\s+way\s+of|"
    r"instead|takes|taking|and\s+(?:report|show|tell|give|compute|estimate|plot|list|let\s+me|see)\b|that\s+(?:pass|goes|go|runs|flows)|"
    # "... on trip length and skip the refutation tests": a second request ends the phrase
    r"and\s+(?:then\s+|also\s+|please\s+)?(?:skip|run|check|use|include|drop|leave|test|bootstrap|try|"
    r"repeat|compare|refute|don'?t|do\s+not)\b|"
    # "how much the effect on Y go via M": the verb of a path ends the outcome's phrase
    r"(?:go(?:es)?|went|runs?|pass(?:es)?|flows?)\s+(?:via|through|thru)|"
    r"(?:really\s+|actually\s+|truly\s+)?causal(?=\s+or\b|\s*[?.!]*$)|"
    # "the link between X and Y real, or mostly Z": the verdict asked ends the pair
    r"(?:real|genuine|legit)(?=\s*,?\s+or\b)|"
    # "the effect on weekly hours between single parents and the rest": two groups compared
    r"between(?=\s+(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?\s+(?:and|vs\.?|versus)\s))\b"
    # (a full stop before the next sentence ends a phrase too: "an instrument for device use.
    # What does it do to ...")
    r"|\s*[,;?!:(~]|\s*->|\s+-\s|\.\s+(?=[a-z])|\s*$)"
)
_PH = r"(?P<{name}>[\w .'\-/]+?)"

#: Verbs that say one variable changes another, in question form ("does X *affect* Y").
_VERBS = (
    # causatives first: "does X make people buy again", "cause customers to spend more"
    r"(?:make|get|cause|push|drive|lead|encourage|force|motivate|prompt|tempt)\s+"
    r"(?:people|them|us|\w+s)(?:\s+to)?(?=\s+\w)|"
    r"cause|affect|influence|impact|change|increase|decrease|reduce|raise|lower|drive|improve|"
    r"hurt|harm|matter\s+for|make\s+a\s+difference\s+(?:to|for|in)|lead\s+to|result\s+in|"
    r"contribute\s+to|translate\s+into|help(?:\s+with)?|boost|shorten|lengthen|prevent|cut|"
    r"alter|shift|move|determine|explain|predict|promote|speed\s+up|slow\s+down|worsen|mean|"
    r"keep(?:\s+\w+)?\s+from|stop(?:\s+\w+)?\s+from|push\s+up|drive\s+up|bring\s+down|blow\s+up|"
    r"push\s+down|drive\s+down|pull\s+down|bring\s+up|pull\s+up|"
    r"bump\s+up|send\s+up|knock\s+down|lift|dent|save|wreck|ruin|tank|kill|mess\s+up|screw\s+up|"
    r"destroy|crush|hammer|stop|curb|deter|grow|expand|"
    # "do bus lanes bring in more riders?": what X brings in (more or fewer of)
    r"bring\s+in(?=\s+(?:more|less|fewer|extra|additional|any)\b)|"
    # "hit attrition harder": "hit" alone is too common ("to hit our targets")
    r"hit(?=\s+[\w'\-]+(?:\s+[\w'\-]+)?\s+hard(?:er|est)?\b)"
)
#: A verb's word right after a determiner is a noun ("if every stop went down by 20 seconds",
#: "whether the cut helps"), not the verb between two variables.
_NOUN_AFTER = r"(?<!\bevery )(?<!\beach )(?<!\bthe )(?<!\ball )(?<!\bper )(?<!\ban )(?<!\ba )"
#: The same verbs in the third person ("whether X *affects* Y", "X -> Y *leads to*").
_VERBS_S = (
    r"(?:makes|gets|causes|pushes|drives|leads|encourages|forces|motivates|prompts|tempts)\s+"
    r"(?:people|them|us|\w+s)(?:\s+to)?(?=\s+\w)|"
    r"causes|affects|influences|impacts|changes|increases|decreases|reduces|raises|lowers|"
    r"drives|improves|hurts|harms|matters\s+for|makes\s+a\s+difference\s+(?:to|for|in)|"
    r"leads\s+to|results\s+in|contributes\s+to|translates\s+into|helps(?:\s+with)?|boosts|"
    r"shortens|lengthens|prevents|cuts|alters|shifts|moves|determines|promotes|speeds\s+up|"
    r"slows\s+down|worsens|changed|affected|influenced|impacted|increased|decreased|reduced|"
    r"raised|lowered|improved|shortened|boosted|helped|hurt|drove|made|keeps(?:\s+\w+)?\s+from|"
    r"blows\s+up|bumps\s+up|lifts|dents|saves|saved|pushes\s+up|pushed\s+up|drives\s+up|"
    r"pushes\s+down|pushed\s+down|drives\s+down|drove\s+down|pulls\s+up|brings\s+up|"
    r"drove\s+up|brings\s+down|brought\s+down|pulls\s+down|wrecks|ruins|tanks|kills|messes\s+up|"
    r"screws\s+up|destroys|crushes|hammers|curbs|deters|grows|grew|expands|"
    r"(?:brings|brought)\s+in(?=\s+(?:more|less|fewer|extra|additional|any)\b)|hits(?=\s+[\w'\-]+(?:\s+[\w'\-]+)?\s+hard(?:er|est)?\b)|wrecked|ruined|tanked|killed|destroyed|crushed|hammered"
)
#: The same verbs in the progressive ("if the vaccine *is reducing* infections").
_GERUNDS = (
    r"causing|affecting|influencing|impacting|changing|increasing|decreasing|reducing|raising|"
    r"lowering|driving|improving|hurting|harming|boosting|shortening|lengthening|preventing|"
    r"cutting|worsening|pushing\s+up|bringing\s+down|saving|stopping|curbing|deterring"
)
_VERBS_ING = rf"(?:is|are|was|were)\s+(?:really\s+|actually\s+)?(?:{_GERUNDS})"
#: Participles of the passive voice ("is Y *affected* by X").
_PASSIVE = (
    r"caused|affected|driven|influenced|impacted|changed|raised|lowered|reduced|increased|"
    r"decreased|improved|shortened|lengthened|boosted|hurt|harmed|determined|explained|"
    r"shaped|altered|moved|pushed|cut|helped|wrecked|ruined|hammered|hit|prevented|avoided|worsened|"
    r"curbed|limited|hampered|delayed"
)


#: A role declared with "as": "take X as the treatment", "and Y as the outcome".
_DECLARED_ROLE = re.compile(
    r"(?:\b(?:take|taking|use|using|set|pick|consider|with)\s+|^|(?P<lead>[.;,:]\s+|\band\s+))"
    r"(?!(?:it|this|that|them|take|taking|use|using|set|pick|consider|with)\s)(?P<x>[\w'\-]+(?:\s+(?!as\b)[\w'\-]+){0,3}?)\s+as\s+"
    r"(?:the\s+|my\s+|our\s+|a\s+)?(?:(?:endogenous|main|primary|binary|continuous)\s+)?(?P<r>treatment|outcome)\b"
    r"(?!\s+(?:of|for)\b)",
    re.I,
)


#: One-syllable adjectives whose comparative a non-native speaker may say with "more".
_SHORT_ADJECTIVES = {
    "high": "higher", "low": "lower", "big": "bigger", "small": "smaller", "long": "longer",
    "short": "shorter", "fast": "faster", "slow": "slower", "cheap": "cheaper", "large": "larger",
    "quick": "quicker", "strong": "stronger", "weak": "weaker", "few": "fewer",
}  # fmt: skip


#: Words of settings the tools have, said before a number ("alpha 0.01", "bootstrap 300",
#: "max lag 3"): a number after any other word is a setting no tool has.
_OPTION_WORDS = frozenset(
    "alpha level significance bootstrap bootstraps boot boots nboot n_boot resamples resampling "
    "draws samples replicates reps repetitions iterations seed lag lags layer layers head heads "
    "prompts prompt alphas strength scale top times percent pct points confidence ci interval "
    "bins folds".split()
)
#: The quantity an adjective of size asks about ("how old the car is": its age).
_QUANTITY_NOUN = {
    "old": "age", "big": "size", "large": "size", "long": "length", "far": "distance",
    "heavy": "weight",
}  # fmt: skip
#: Shares of the units said as fractions, in percent.
_FRACTION_PCT = {
    "half": 50.0, "a third": 100 / 3, "one third": 100 / 3, "two thirds": 200 / 3,
    "a quarter": 25.0, "one quarter": 25.0, "three quarters": 75.0, "a fifth": 20.0,
    "a tenth": 10.0,
}  # fmt: skip
#: A scenario said as a share of the units having a property: "if half of the bikes at every
#: station were electric", "if 30% of each account's users were active every week".
_SHARE_OF_UNITS = re.compile(
    r"\b(?P<pre>(?:if|suppose|supposing|imagine|assuming)\s+(?:that\s+)?)"
    r"(?P<f>half|(?:a|one)\s+third|two\s+thirds|(?:a|one)\s+quarter|three\s+quarters|a\s+fifth|"
    r"a\s+tenth|\d+(?:\.\d+)?\s*(?:%|percent|per\s+cent))\s+(?:of\s+)?(?:the\s+|our\s+|their\s+|its\s+|"
    r"all\s+(?:the\s+)?|(?:each|every)\s+[a-z]+'s\s+)?(?P<u>[a-z]+s)"
    r"(?:\s+(?:at|in|on|of|across|for)\s+(?:each|every|all|the)\s+[a-z]+)?\s+(?:were|was|became|got)\s+"
    r"(?P<adj>(?!(?:more|less|fewer|higher|lower|bigger|smaller|given|sent|offered|on|in|at|to|a|an|the)\b)"
    r"[a-z][a-z\-]*)(?P<when>\s+(?:every|each|per|a)\s+(?:day|week|month|year))?\b",
    re.I,
)


def _share_of_units(q: str) -> str:
    """ "if half of the bikes at every station were electric" -> "if the share of electric bikes
    were 50 percent": a what-if on the column that holds the share (a binary column named by
    the property is refused with its own reason)."""

    def share(m: re.Match[str]) -> str:
        f = re.sub(r"\s+", " ", m.group("f").lower())
        num = re.match(r"\d+(?:\.\d+)?", f)
        pct = float(num.group(0)) if num else _FRACTION_PCT[f]
        text = f"{pct:.4g}" if pct != int(pct) else str(int(pct))
        units = f"{m.group('adj')} {m.group('u')}{m.group('when') or ''}"
        return f"{m.group('pre')}the share of {units} were {text} percent"

    return _SHARE_OF_UNITS.sub(share, q)


#: The base form of verbs of a plan said in the progressive ("we're putting ..."); others lose
#: their "-ing".
_PLAN_VERB_BASE = {
    "putting": "put", "giving": "give", "getting": "get", "fitting": "fit", "setting": "set",
    "cutting": "cut", "making": "make", "moving": "move", "taking": "take", "providing": "provide",
    "introducing": "introduce", "raising": "raise", "reducing": "reduce", "increasing": "increase",
    "equipping": "equip", "enrolling": "enrol", "using": "use", "doubling": "double",
    "halving": "halve", "scrapping": "scrap", "stopping": "stop", "dropping": "drop",
}  # fmt: skip
#: A plan said as a decision, for every unit, then the question about it: "we're putting a box in
#: every car - what happens to claims?", "we will give all stores the app. effect on revenue?"
_PLAN_THEN_ASK = re.compile(
    r"^(?:(?:so|ok|okay|right|fyi|heads\s+up)\s*[,:]?\s+)?(?:we|management|the\s+board|head\s+office)\s*"
    r"(?:'re|\s+are|\s+is|'ll|\s+will|\s+(?:are|is)\s+going\s+to|'re\s+going\s+to|\s+plan\s+to|"
    r"\s+plans\s+to|\s+intend\s+to|\s+want\s+to|\s+wants\s+to|\s+decided\s+to|\s+have\s+decided\s+to)\s+"
    r"(?!(?:look|check|review|analy[sz]|study|examin|compar|test|ask|see|try|trying|wonder|think|"
    r"run|running|estimat|measur|model|present|report)\w*\b)(?P<v>[a-z]+)\s+(?P<rest>[^.?!;:]*?\b(?:every|all|each|everyone|everybody|everywhere)\b[^.?!;:]*?)"
    r"\s*(?:[.;:!,]|\s[-\u2013\u2014]+)\s*(?P<ask>(?:so\s+|and\s+|but\s+)?(?:what|how|will|would|does|do|is|"
    r"are|any|effect|impact)\b[^?]*\??)\s*$",
    re.I,
)


def _plan_as_scenario(q: str) -> str:
    """ "we're putting the staff of every restaurant through the training - what happens to
    ratings?" -> "if we give every restaurant the training, what happens to ratings?": a plan
    for every unit, then a question about it, is the scenario of that plan."""
    m = _PLAN_THEN_ASK.match(q.strip())
    if not m:
        return q
    verb = m.group("v").lower()
    if verb.endswith("ing"):
        verb = _PLAN_VERB_BASE.get(verb, verb[:-3])
    rest = m.group("rest")
    # "the staff of every restaurant": the people of a unit stand for the unit
    rest = re.sub(
        r"\b(?:the\s+)?(?:staff|employees|workers|people|crews?|teams?|members|customers|users|"
        r"drivers|agents|patients|players|students|managers)\s+(?:of|in|at)\s+(?=(?:every|each|all)\s)",
        "",
        rest,
        flags=re.I,
    )
    # "put every restaurant through the training": give them the training
    if verb == "put":
        through = re.match(r"(?P<o>.+?)\s+through\s+(?P<x>(?:the|a|an|our)\s.+)$", rest, re.I)
        if through:
            verb, rest = "give", f"{through.group('o')} {through.group('x')}"
    ask = re.sub(r"^(?:so|and|but)\s+", "", m.group("ask"), flags=re.I)
    return f"if we {verb} {rest}, {ask}"


#: "is it the app, or just the city stores being different?": one explanation against another,
#: the second said as the groups themselves differing.
_EITHER_OR_DOUBT = re.compile(
    r"(?P<lead>^|[.!?;:]\s+|\s[-\u2013\u2014]+\s+)is\s+it\s+(?:really\s+|actually\s+|truly\s+)?"
    r"(?:the\s+)?(?P<a>(?!(?:just|only|that|this|because|due)\b)[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s*,?\s+or\s+"
    r"(?:is\s+it\s+|it's\s+)?(?:(?:just|only|simply|merely)\s+(?:that\s+|because\s+(?:of\s+)?)?"
    r"(?:the\s+)?(?P<b>[\w'\-]+(?:\s+[\w'\-]+){0,3}?)(?:\s+(?:being|are|is|were|was)\s+"
    r"(?:different|special|not\s+the\s+same))?|(?:that\s+)?(?:the\s+)?(?P<b2>[\w'\-]+"
    r"(?:\s+[\w'\-]+){0,3}?)\s+(?:being|are|is|were|was)\s+(?:different|special|not\s+the\s+same))"
    r"\s*(?P<end>[?.!]*)\s*$",
    re.I,
)


def _either_or_doubt(q: str) -> str:
    """ "is it the lanes or just urban routes being different?" -> "is the effect of the lanes
    real, or just urban routes?": a rival explanation named against the treatment is a doubt
    about its effect (a confounding check by what the rival names)."""
    return _EITHER_OR_DOUBT.sub(
        lambda m: (
            f"{m.group('lead')}is the effect of {m.group('a')} real, or just "
            f"{m.group('b') or m.group('b2')}{m.group('end') or '?'}"
        ),
        q,
    )


def _mended_non_native(q: str) -> str:
    """Turns of other languages said in English, put as the patterns read them: prepositions,
    question order, light verbs and foreign words by class (`copilot.agents.learner_english`),
    then "10 percent more high" (higher), "X has reduced Y" (reduced), "from where comes Y"
    (where does Y come from), "X give how much more Y" (how much more Y does X give), "the arm,
    we can use it as instrument" (use the arm as the instrument)."""
    q = learner_english.mended(q)
    # "10 percent more high", "more cheap": the comparative said with "more"
    q = re.sub(
        r"\bmore\s+(" + "|".join(_SHORT_ADJECTIVES) + r")\b",
        lambda m: _SHORT_ADJECTIVES[m.group(1).lower()],
        q,
        flags=re.I,
    )
    # "whether it has reduced the defect rate": the perfect says what the past tense says
    q = re.sub(
        rf"\b(?:has|have|had)\s+(?:really\s+|actually\s+)?(?=(?:{_PASSIVE})\b)", "", q, flags=re.I
    )
    # "from where comes the cancellations", "where do cancellations come from": what drives them
    q = re.sub(
        r"\bfrom\s+where\s+(?:comes?|come)\s+(?:from\s+)?(.+?)\s*([?.!]*)$",
        r"what drives \1\2",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"\bwhere\s+(?:do|does|did)\s+(.+?)\s+(?:come|stem|arise)\s+from\s*([?.!]*)$",
        r"what drives \1\2",
        q,
        flags=re.I,
    )
    # "I want know from you: ...": the verb's "to", and whom it is asked of, left out
    q = re.sub(r"\b(want|need|like)\s+know\b", r"\1 to know", q, flags=re.I)
    q = re.sub(r"\b(know|ask|learn)\s+from\s+you\b", r"\1", q, flags=re.I)
    # "the tutor rise the final score": "rise" with an object is "raise"
    q = re.sub(r"\brise(s)?\s+(?=(?:the|a|an|their|its|our)\s)", r"raise\1 ", q, flags=re.I)
    # "passing by the hours of video" (through them)
    q = re.sub(r"\b(?:passing|going)\s+(?:by|through|via)\s+", "through ", q, flags=re.I)
    # "... because of more time in range, or by other way?": the path named against every
    # other one is the share of the effect that goes through it (the other way is the rest)
    q = re.sub(
        r"\s*,?\s+or\s+(?:is\s+it\s+|it\s+is\s+)?(?:(?:by|in|through|via|from)\s+)?(?:some|any|an|the|a)?\s*"
        r"(?:other|another|different)\s+(?:ways?|routes?|paths?|mechanisms?|channels?|reasons?)"
        r"(?=\s*[?.!]*\s*$)",
        "",
        q,
        flags=re.I,
    )
    # "what contains the data? explain me the columns": what it holds, its description
    q = re.sub(
        r"\bwhat\s+contains?\s+(the\s+[\w'\- ]+?)\s*\?", r"what does \1 contain?", q, flags=re.I
    )
    q = re.sub(
        r"\bexplain\s+(?:to\s+)?me\s+(?=(?:the\s+|all\s+the\s+)?(?:columns|variables|data|dataset|table|fields)\b)",
        "describe ",
        q,
        flags=re.I,
    )
    # "estimate for me whether ...", "run for me the GES algorithm": who it is for names nothing
    q = re.sub(
        r"\b(estimate|calculate|compute|check|find\s+out|measure|run|make|do|show|quantify|test)\s+"
        r"for\s+(?:me|us)\b\s*",
        r"\1 ",
        q,
        flags=re.I,
    )
    # "a confusion by the breed", "confusion factor", "confusor": confounding, as Romance
    # languages say it
    q = re.sub(
        r"\b(?:(?:an?|some)\s+)?confusion\s+(?:by|from|of|with|due\s+to|because\s+of)\b",
        "confounded by",
        q,
        flags=re.I,
    )
    # "is Z making confusion in the effect of X on Y?": Z confounding it
    q = re.sub(
        r"\b(?:mak|creat|caus|produc|introduc|bring|giv)(?:e|es|ing|ed|s)?\s+(?:an?\s+|some\s+|the\s+)?"
        r"confusion\s+(?:in|into|to|for|on|of|at)\s+(?=(?:the|this|that|their|its)\b)",
        "confounding ",
        q,
        flags=re.I,
    )
    q = re.sub(r"\bconfus(?:ion|ing)\s+(factors?|variables?)\b", r"confounding \1", q, flags=re.I)
    q = re.sub(r"\bconfus(?:or|er)(s?)\b", r"confounder\1", q, flags=re.I)
    # "the adherence and the pressure - it is confounded from the age?": the pair said first as
    # the topic, then the doubt about it
    q = re.sub(
        r"^(?:(?:and|so|but|ok|okay)\s*,?\s+)?(?P<x>(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,4}?)\s+and\s+"
        r"(?P<y>(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,5}?)\s*(?:-+|\u2013|\u2014|,|:)\s*(?:it\s+|this\s+|that\s+)?"
        r"(?:is|are)\s+(?:it\s+|this\s+|that\s+|they\s+)?confounded\s+(?:by|from|of|through|with)\s+",
        r"is the relationship between \g<x> and \g<y> confounded by ",
        q,
        flags=re.I,
    )
    # "the cosigner and the default, there is a confounding of the credit score between them?",
    # "is there confounding of Z between X and Y?": the pair, then the confounder said with "of"
    q = re.sub(
        r"^(?:(?:and|so|but)\s*,?\s+)?(?P<x>(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+and\s+"
        r"(?P<y>(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,4}?)\s*(?:,|-+|:)\s*(?:is\s+there|there\s+is|exists?)\s+"
        r"(?:an?\s+|some\s+)?(?:confounding|confusion)\s+(?:of|by|from|with)\s+(?P<z>[^,;?]+?)\s+between\s+"
        r"(?:them|the\s+two|both)\s*(?=[?.!]*\s*$)",
        r"is the relationship between \g<x> and \g<y> confounded by \g<z>",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"^(?:is\s+there|there\s+is)\s+(?:an?\s+|some\s+)?(?:confounding|confusion)\s+(?:of|by|from|with)\s+"
        r"(?P<z>[^,;?]+?)\s+between\s+(?P<x>(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+and\s+"
        r"(?P<y>(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,4}?)\s*(?=[?.!]*\s*$)",
        r"is the relationship between \g<x> and \g<y> confounded by \g<z>",
        q,
        flags=re.I,
    )
    # "make a difference on the calls", "makes any difference in the churn": "to", as other
    # languages say it with their own preposition
    q = re.sub(
        r"\b(make|makes|made|making)\s+(a|any|some|no|the)\s+((?:real\s+|big\s+|significant\s+)?difference)\s+"
        r"(?:on|in|at|over|about|into)\b",
        r"\1 \2 \3 to",
        q,
        flags=re.I,
    )
    # "I'd like the programme's effect on injuries": the wish is a request for the estimate
    q = re.sub(
        r"\b(?:i'?d|i\s+would|we'?d|we\s+would)\s+(?:like|love|want|need)\s+(?=(?:the|a|an|your)\s+"
        r"[\w\-]+(?:\s+[\w\-]+){0,3}?'s?\s+(?:causal\s+)?(?:effect|impact)s?\b)",
        "estimate ",
        q,
        flags=re.I,
    )
    # "using like instrument the offer", "with as controls the age and the income": the role
    # said before the variables, as other languages order it
    q = re.sub(
        r"\b(using|use|with|taking|take)\s+(?:like|as)\s+(?:an?\s+|the\s+)?(instrument|controls?|covariates?|"
        r"mediator|confounders?)\s+((?:the\s+|our\s+)?[\w'\-]+(?:\s+(?!which\b|that\b|who\b)[\w'\-]+){0,3}?)"
        r"(?=\s*(?:[,;.?!]|$|\s+(?:which|that|who)\b))",
        r"\1 \3 as \2",
        q,
        flags=re.I,
    )
    # "with 1% of significance": the level
    q = re.sub(
        r"(\d+(?:\.\d+)?\s*(?:%|percent))\s+of\s+(significance|confidence|alpha)\b",
        r"\1 \2",
        q,
        flags=re.I,
    )
    # "adjusting for the kids and if is single parent": whether it is, said as a column
    q = re.sub(
        r"\b(and|or)\s+(?:if|whether)\s+(?:(?:it|he|she|they|the\s+\w+)\s+)?(?:is|are|was|were)\s+(?:an?\s+)?"
        r"(?=[a-z][\w\-]*(?:\s+[a-z][\w\-]*)?\s*(?:[?.!,;]|$))",
        r"\1 ",
        q,
        flags=re.I,
    )
    # "is spurious the effect of X on Y because of Z?": the adjective before its subject
    q = re.sub(
        r"(?:^|(?<=[.!?]\s))(is|are)\s+(spurious|confounded|biased|misleading)\s+"
        r"(the\s+[^,?;]+?|this|that|it|these|those)(?=\s+(?:because|due|by|from)\b)",
        r"\1 \3 \2",
        q,
        flags=re.I,
    )
    # "confounders hidden", "variables not measured": the adjective after its noun, as other
    # languages place it
    q = re.sub(
        r"\b(confounders?|confounding|variables?|common\s+causes?|factors?)\s+(hidden|latent|unobserved|"
        r"unmeasured|not\s+(?:measured|observed))\b",
        lambda m: (
            ("unmeasured" if m.group(2).lower().startswith("not") else m.group(2))
            + " "
            + m.group(1)
        ),
        q,
        flags=re.I,
    )
    # "what would that do to satisfaction, roughly?", "..., in your view?": a hedge after the
    # question's last variable is no word of it
    q = re.sub(
        r"\s*,\s*(?:roughly|approximately|approx\.?|more\s+or\s+less|ballpark|broadly|in\s+your\s+"
        r"(?:view|opinion)|do\s+you\s+think|you\s+think|if\s+you\s+can|if\s+possible|at\s+least\s+roughly)"
        r"\s*(?=[?.!]*\s*$)",
        "",
        q,
        flags=re.I,
    )
    # "I would be grateful if you could estimate ...", "it would be great if you could ...": a
    # polite opener, i.e. "please"
    q = re.sub(
        r"(^|[.!?]\s+)(?:i\s+would\s+be\s+(?:very\s+|really\s+|most\s+)?(?:grateful|thankful|glad|happy)|"
        r"it\s+would\s+be\s+(?:very\s+|really\s+)?(?:great|nice|helpful|good|kind))\s+if\s+you\s+"
        r"(?:could|would|can|will)\s+",
        r"\1please ",
        q,
        flags=re.I,
    )
    # "maybe is because of the region", "verify if is confounded": the subject "it" left out
    q = re.sub(
        r"\b(maybe|perhaps|but|or|if|whether|that|so)\s+is\s+(?=(?:because|due|confounded|real|spurious|"
        r"true|caused|only|just|really|biased)\b)",
        r"\1 it is ",
        q,
        flags=re.I,
    )
    # "is big?", "is significant or no?", "was robust?": the same "it" left out of a short
    # yes/no question about the last result
    q = re.sub(
        r"^(is|was)\s+(?=(?:big|large|huge|small|tiny|significant|real|robust|reliable|trustworthy|"
        r"credible|strong|weak|meaningful|relevant|important|causal|spurious|confounded|biased|"
        r"positive|negative|good|bad|enough)\b(?:\s+(?:or\s+\w+|enough|effect))?\s*[?.!]*\s*$)",
        r"\1 it ",
        q,
        flags=re.I,
    )
    # "is real the effect of X on Y, or ...": the adjective said before its subject
    q = re.sub(
        r"^(is|are)\s+(real|true|genuine|causal)\s+(the\s+[^,?;]+?)(?=\s*,|\s+or\b|\s*\?|\s*$)",
        r"\1 \3 \2",
        q,
        flags=re.I,
    )
    # "real, or it depends of the segment?": a doubt that puts the effect down to the segment
    q = re.sub(
        r"\b(real|true|genuine|causal)\s*,?\s+or\s+(?:it\s+|does\s+it\s+|is\s+it\s+)?depends?\s+(?:on|of|from)\s+",
        r"\1, or is it due to ",
        q,
        flags=re.I,
    )
    # "exists a confounder between X and Y?": "is there"
    q = re.sub(r"^(?:it\s+)?exists?\s+(?=(?:a|an|any|some)\s)", "is there ", q, flags=re.I)
    # "is there a confounder between X and Y? For example the job level.": the candidate said
    # after the question is the confounder asked about
    q = re.sub(
        r"^is\s+there\s+(?:a|an|any|some)\s+(?:confounder|confounding(?:\s+(?:factor|variable))?|common\s+cause)\s+"
        r"(?:between|of|for|in)\s+(?P<r>[^?.;]+?)\s*[?.;,]\s*(?:for\s+example|for\s+instance|e\.g\.|like|maybe|perhaps)"
        r"\s*,?\s+(?P<z>[^?.;]+?)\s*[?.!]*$",
        lambda m: f"is the relation between {m.group('r')} confounded by {m.group('z')}?",
        q,
        flags=re.I,
    )
    # "the bus lane influences on the complaints how much?": the question word said last
    q = re.sub(
        r"^(?P<lead>(?:[^,;:?]*[,;:]\s*)?)(?P<s>(?!how\b|what\b|which\b|why\b)[^,;:?]+?\s+(?:influences?|affects?|"
        r"changes?|impacts?|increases?|decreases?|reduces?|raises?|lowers?|improves?|helps?|cuts?)\b[^,;:?]*?)"
        r"\s+(?:by\s+)?how\s+(?P<k>much|many)\s*(?P<end>[?.!]*)\s*$",
        lambda m: f"{m.group('lead')}how {m.group('k')} {m.group('s')}{m.group('end') or '?'}",
        q,
        flags=re.I,
    )
    # "irrigation give how much more yield?" -> "how much more yield does irrigation give?"
    q = re.sub(
        r"^(?:the\s+)?([\w'\-]+(?:\s+[\w'\-]+)?)\s+(give|gives|bring|brings|add|adds|produce|produces|"
        r"generate|generates|make|makes)\s+(how\s+(?:much|many)\s+(?:more|less|fewer|extra)\s+[\w'\-]+(?:\s+[\w'\-]+)?)"
        r"\s*([?.!]*)",
        lambda m: (
            f"{m.group(3)} does {m.group(1)} {m.group(2).lower().removesuffix('s')}{m.group(4)}"
        ),
        q,
        flags=re.I,
    )
    # "the randomisation arm we can use it as instrument?" -> "we can use the randomisation arm as
    # instrument?": a topic taken up again by "it"
    q = re.sub(
        r"^((?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,3}?),?\s+(we|i|you)\s+(can|could|should|may|might)\s+"
        r"(use|take|treat)\s+it\s+as\b",
        r"\2 \3 \4 \1 as",
        q,
        flags=re.I,
    )
    return q


#: Words after which an estimator's name is what they govern ("with ipw", "compare dml"), not
#: the end of a variable's phrase.
_BEFORE_METHOD = frozenset(
    "with using use via by through run do try and or vs versus compare the a an of plus then "
    "also same but now redo rerun trying doing running just only not no nor than from ols "
    "score scores propensity logistic linear double nearest neighbour neighbor plain simple "
    "ordinary standard naive basic usual".split()
)
_METHOD_AFTER = re.compile(
    r"(?<=\s)(?:" + "|".join(lexicon.METHODS) + r")(?=\s*(?:[,;?!.]|$)|\s+(?:adj\w*|ctrl\w*|"
    r"control\w*|with|w/|on|for|please|pls|est\w*)\b)",
    re.I,
)


#: The asker's gloss of a word of the question: "By claim rate I mean whether a claim is filed at
#: all, not its cost." (the sentence, and the words the gloss stands for).
_GLOSS = re.compile(
    r"(?:^|(?<=[.;!?])\s+)(?:and\s+)?by\s+['\"]?(?P<a>[a-z][\w'\- ]{1,30}?)['\"]?\s*,?\s+i\s+mean\s+"
    r"(?:whether\s+|if\s+|that\s+)?(?:an?\s+|the\s+)?(?P<b>[a-z][\w'\- ]{1,40}?)"
    r"(?:\s+at\s+all)?(?:\s*,?\s*(?:and\s+)?not\s+[^.;!?]*)?\s*(?:[.;!]|$)",
    re.I,
)


def _method_after_phrase(q: str) -> str:
    """A comma before an estimator's name typed straight after a variable's words ("telematics on
    claim cost aipw adj age" -> "... claim cost, aipw adj age")."""
    out, last = [], 0
    # ("gaussian process regression", "coarsened exact matching": the last word of a name of
    # an estimator this installation lacks, which the answer must name whole)
    lacking = [
        (u.start(), u.end()) for p in lexicon.UNAVAILABLE_METHODS for u in re.finditer(p, q, re.I)
    ]
    for m in _METHOD_AFTER.finditer(q):
        if any(a < m.start() < b for a, b in lacking):
            continue
        before = q[: m.start()].rstrip()
        prev = re.search(r"([A-Za-z0-9/]+)$", before)
        if (
            not prev
            or prev.group(1).lower() in _BEFORE_METHOD
            or re.match(r"match(?:ed)?$", m.group(0), re.I)
        ):
            continue
        out.append(q[last : len(before)] + ",")
        last = len(before)
    return "".join(out) + q[last:]


#: Words that never label a slot, so a self-correction before them ("sorry, the outcome is...",
#: "I mean it would help") replaces nothing said earlier.
_NOT_A_SLOT_KEY = frozenset(
    "the a an i it to for if is are was were this that these those we you my our your what how "
    "which why when where who can could would should do does did please just so and or but of "
    "in on at by with be been not no yes there here they he she me us them let".split()
)


def _glossed(q: str) -> str:
    """`q` with a word the asker glosses ("By claim rate I mean whether a claim is filed") read as
    the gloss says ("claim filed"), and the gloss sentence taken out."""
    m = _GLOSS.search(q)
    if not m:
        return q
    said = m.group("a").strip()
    meant = re.sub(r"\s+(?:is|are|was|were|gets?|got)\s+", " ", m.group("b").strip(), flags=re.I)
    rest = (q[: m.start()] + q[m.end() :]).strip()
    if not re.search(rf"\b{re.escape(said)}\b", rest, re.I):
        return q
    return re.sub(rf"\b{re.escape(said)}\b", meant, rest, flags=re.I)


#: The means by which a treatment is given out at random ("by coin flip", "by lottery").
_BY_CHANCE = (
    r"coin[\s-]*(?:flips?|toss(?:es)?)|(?:a\s+)?lottery|lotteries|(?:a\s+)?(?:dice|die)(?:\s+rolls?)?|"
    r"random\s+(?:draws?|numbers?|assignment|allocation)|randomi[sz]ation|rng"
)


def clean(question: str) -> str:
    q = question.replace("’", "'").replace("“", '"').replace("”", '"').strip()
    q = (
        q.replace("–", "-")
        .replace("—", " - ")
        .replace("→", " -> ")
        .replace("⟶", " -> ")
        .replace("=>", " -> ")
        .replace("-->", " -> ")
        .replace("…", "...")
    )
    q = re.sub(r"\s+", " ", q)
    q = asides_off(_glossed(q))
    # "check whether it's really the app that lifts the basket, or whether it's the location":
    # the alternatives of an indirect question put as the direct one
    if re.search(r"\bor\s+(?:whether|if)\s+(?:it's|it\s+is|that's|that\s+is)\b", q, re.I):
        q = re.sub(
            r"\b(?:whether|if)\s+(?:it's|it\s+is)\s+(?=(?:really|actually|truly|just|only)\b)",
            "is it ",
            q,
            flags=re.I,
        )
        q = re.sub(
            r"\bor\s+(?:whether|if)\s+(?:it's|it\s+is|that's|that\s+is)\b",
            "or is it",
            q,
            flags=re.I,
        )
    # "does the drug work better for women than for men on recovery?": what it works on comes
    # first, then the groups it is compared across
    q = re.sub(
        r"\b(?:work|help)(?:s|ed)?\s+(?:better|more|best|worse|less)\s+"
        r"(?P<g>for\s+[\w'\-]+(?:\s+[\w'\-]+)?(?:\s+than\s+(?:for\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)?)\s+"
        r"(?:on|in)\s+(?P<y>(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,2})(?=\s*[?.!]?\s*$)",
        lambda m: f"change {m.group('y')} more {m.group('g')}",
        q,
        flags=re.I,
    )
    # "30 kg/ha more fertiliser", "2 mg/dl lower": the amount's unit, per unit of area or volume
    # (a number standing alone, not a path's "tmp.5ab/repo/...")
    q = re.sub(
        r"(?<![\w./~\-])(\d+(?:[.,]\d+)?)(\s*[a-z]{1,4})/[a-z]{1,4}\b(?![/.\w])",
        r"\1\2",
        q,
        flags=re.I,
    )
    # "culling happens at the end, so it can't cause mastitis": "it" is the clause's subject
    q = re.sub(
        r"\b(?P<np>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,2}?)\s+(?P<mid>(?:happens|happened|comes|came|occurs|"
        r"occurred|is|was|gets|got)\b[^,;.:?!]*,\s*(?:so|and|hence|therefore|which\s+means)\s+)it\s+"
        r"(?=(?:can't|cannot|can\s+not|couldn't|could\s+not|doesn't|does\s+not|won't|will\s+not|never|"
        r"must|has\s+to|can|could|should|may|might)\s+(?:\w+\s+)?(?:cause|affect|influence|drive|change)\b)",
        lambda m: f"{m.group('np')} {m.group('mid')}{m.group('np')} ",
        q,
        flags=re.I,
    )
    # "1,000 resamples": a thousands separator is no list of numbers
    q = re.sub(r"(?<![\d.,])(\d{1,3}),(\d{3})(?![\d,])", r"\1\2", q)
    q = _CHAT.sub(lambda m: _CHAT_WORDS[m.group(0).lower()], q)
    # "# kids", "# of stops": the hash of a count before the word counted
    q = re.sub(r"(?<![\w#])#\s*(?:of\s+)?(?=[a-z])", "number of ", q, flags=re.I)
    q = re.sub(r"\s{2,}", " ", q).strip()
    # "after you estimate X on Y, you make also a placebo test" -> "estimate X on Y, and also run a
    # placebo test": the request said as the time of a second one
    q = re.sub(
        r"^(?:after|once|when)\s+(?:you|we|u)\s+(?:have\s+)?(estimate|compute|calculate|measure|get|find)"
        r"(?:d|ed)?\s+(.+?),\s+(?:then\s+)?(?:(?:you|please|pls)\s+)*(?:make|do|run|add)\s+(?:also\s+)?(?=\w)",
        r"\1 \2, and also run ",
        q,
        flags=re.I,
    )
    q = _mended_non_native(q)
    q = _either_or_doubt(q)
    q = _plan_as_scenario(q)
    q = _share_of_units(q)
    # "and on whether they got injured (at all)": a yes/no outcome said as a clause about the
    # rows is the state it names
    q = re.sub(
        r"\bwhether\s+(?:they|he|she|people)\s+(?:ever\s+)?(?:got|get|gets|were|was|are|is|"
        r"ended\s+up|became|had\s+been|have\s+been)\s+(?!(?:confounded|biased|related|correlated|affected|"
        r"driven|caused|explained|treated|randomi[sz]ed|assigned|matched|adjusted|used|included)\b)"
        r"(?P<w>[a-z]{3,}ed)\b(?:\s+at\s+all)?",
        r"\g<w>",
        q,
        flags=re.I,
    )
    # "control for how old the car is", "how big the store is": a quantity said as an indirect
    # question is the noun of that quantity ("the age of the car")
    q = re.sub(
        r"\bhow\s+(?P<a>old|big|large|long|far\s+away|far|heavy)\s+(?:the|their|its|his|her|our|your)\s+"
        r"(?P<x>(?!(?:is|are|was|were|it|they|that|this)\b)[\w'\-]+(?:\s+(?!(?:is|are|was|were)\b)[\w'\-]+)?)"
        r"\s+(?:is|are|was|were)\b",
        lambda m: f"the {_QUANTITY_NOUN[m.group('a').split()[0].lower()]} of the {m.group('x')}",
        q,
        flags=re.I,
    )
    # "the rate is what makes people quit": a claim that the rate makes them quit (the subject
    # named is the cause, not a question about what causes it)
    q = re.sub(
        r"\b(?P<x>(?:(?:the|our|their|its|this|that)\s+)?(?!(?:it|this|that|what|which|who|nothing|something|"
        r"everything|anything|there|here)\b)[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+(?:is|are|was|were)\s+"
        r"(?:really\s+|just\s+|actually\s+|simply\s+)?what\s+(?P<v>(?:make|drive|cause|keep|push|get|lead|"
        r"bring|put|cut|reduce|lower|raise|increase|boost|improve|stop|prevent|affect|change|"
        r"influence|determine)s?)\s+(?=[a-z])",
        r"\g<x> \g<v> ",
        q,
        flags=re.I,
    )
    # "for whom does the drug work best on recovery?": with the group asked for, what the
    # treatment works on is the outcome
    q = re.sub(
        r"\b(for\s+whom|for\s+which\s+\w+|in\s+which\s+\w+|where)\s+(does|do|did|would|will)\s+(.+?)\s+work\s+"
        r"(?:best|better|most|well|the\s+best)\s+(?:on|for|in\s+terms\s+of|when\s+it\s+comes\s+to|regarding)\s+",
        r"\1 \2 \3 affect ",
        q,
        flags=re.I,
    )
    # "plus age as a control" (also after a sentence of context)
    q = re.sub(r"(^|[.;!?]\s+)(?:and\s+)?plus\s+", r"\1add ", q, flags=re.I)
    # "fare plus 0.3", "headway minus 2": an amount added or taken away
    q = re.sub(r"(?<=[a-z])\s+plus\s+(?=\d)", " +", q, flags=re.I)
    q = re.sub(r"(?<=[a-z])\s+minus\s+(?=\d)", " -", q, flags=re.I)
    q = q.replace(":=", "=")
    q = re.sub(r"\s+&\s+", " and ", q)  # "telematics & claims" ("R&D" keeps its name)
    if "~" not in q and not re.search(r"\bwith\b[^.;:?]*\+", q, flags=re.I):
        # "rainfall + region matter", "split X into the part via M + the rest": "+" said for
        # "and" between words (a formula's terms, and names joined after "with", stay)
        q = re.sub(r"(?<=[a-z])\s+\+\s+(?=[a-z])", " and ", q, flags=re.I)
    # "soil pH + rainfall as W": EconML's W are the controls
    q = re.sub(r"\bas\s+(?:the\s+)?W\b", "as covariates", q)
    # "how strongly does solar push the price down": the question of an effect's size
    q = re.sub(
        r"\b(?:how\s+(?:strongly|heavily|hard|greatly|powerfully)|to\s+what\s+(?:extent|degree))\s+"
        r"(?=(?:does|do|did|would|will|can|could)\b)",
        "",
        q,
        flags=re.I,
    )
    # "worth keeping, judging by NPS": whether X pays off, measured on Y
    q = re.sub(
        r"\bworth\s+(?:keeping|continuing|running|doing|paying\s+for|the\s+(?:money|cost|effort))\b",
        "worth it",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"\b(?:judging|judged)\s+by\b|\b(?:as\s+)?measured\s+by\b", "in terms of", q, flags=re.I
    )
    # "how many MW more load": the unit said before "more" measures the variable after it
    q = re.sub(
        r"\bhow\s+(much|many)\s+(?:[A-Z]{1,4}|(?i:kg|km|mw|kw|kwh|mm|ml|usd|eur|gb|mb|pct|tonnes?|kilos?|"
        r"euros?|dollars?|percent|points?))\s+((?i:more|less|fewer|extra))\s+(?=[a-zA-Z])",
        r"how \1 \2 ",
        q,
    )
    # "the uplift from the promo on NPS", "the causal lift of X": other words for an effect
    q = re.sub(
        r"\b(?:causal\s+|incremental\s+)?(?:up)?lift\s+(?=(?:from|of|on)\b)",
        "effect ",
        q,
        flags=re.I,
    )
    # "the incrementality of X", "treatment-on-the-treated": field terms for an effect
    for pattern, word in lexicon.FIELD_TERMS.items():
        q = re.sub(pattern, word, q, flags=re.I)
    # "(1:1 nearest neighbour)", "(stabilised weights)": an estimator's settings in brackets
    q = re.sub(
        r"\s*\((?=[^()]*\b(?:\d+\s*:\s*\d+|nearest[\s-]+neighbou?rs?|caliper|with(?:out)?\s+replacement|"
        r"stabili[sz]ed|trimm\w*|k\s*=\s*\d+|hc[0-3]|robust\s+(?:ses?|standard\s+errors)|clustered)\b)[^()]*\)",
        " ",
        q,
        flags=re.I,
    )
    # "X vs no X", "cosigner versus no cosigner": the contrast of a yes/no treatment
    q = re.sub(
        r"\b([a-z][\w\-]*(?:\s+[\w\-]+)?)\s+(?:vs\.?|versus)\s+(?:no|without)\s+\1\b",
        r"\1",
        q,
        flags=re.I,
    )
    # "under both IPW and stratification", "under DML": the estimators the effect is taken with
    q = re.sub(
        r"\bunder\s+(?=(?:both\s+|each\s+of\s+|either\s+)?(?:[\w\-]+\s+){0,3}?(?:"
        + "|".join(lexicon.METHODS)
        + r"))",
        "using ",
        q,
        flags=re.I,
    )
    # "psm new drug on readmit", "ipw X -> Y": an estimator's name leading the variables is the
    # method they are estimated with (said after them, where the readers of options look)
    lead = re.match(
        # (not "logit lens on copy": the model experiment, whose first word is an estimator's)
        r"\s*(?P<m>(?:" + "|".join(lexicon.METHODS) + r"))\s+"
        # (nor "regression adjustment for X": the estimator's own name)
        r"(?!(?:on|of|for|to|with|by|the\s+effect|estimat\w*|effect|impact|and|or|vs|versus|v|lens|"
        r"adjust\w*|analysis|model\w*|approach|method)\b)"
        r"(?P<rest>[^,;?]*?(?:\s+on\s+|\s*->\s*)[^?]+)$",
        q,
        re.I,
    )
    if lead and not re.match(r"match(?:ed)?\b|matching\s+on\b", lead.group("m"), re.I):
        q = f"{lead.group('rest')}, using {lead.group('m')}"
    # "telematics on claim cost aipw adj ...", "X -> Y dml": an estimator's name typed straight
    # after the variables ends their phrase, as a comma would
    q = _method_after_phrase(q)
    # "so I know which edges are stable": the purpose of a request, naming no variable
    q = re.sub(
        r"\s*,?\s*so\s+(?:that\s+)?(?:i|we|you)\s+(?:can\s+)?(?:know|see|tell|judge|check)\s+(?:which|how|whether|if)\s+"
        r"(?:the\s+)?(?:edges?|links?|arrows?|parts?|results?|estimates?|findings?)\b[^.?!;]*",
        "",
        q,
        flags=re.I,
    )
    # "arm x smoking interaction on SBP", "the drug-by-ward interaction for recovery": the effect
    # of the first on the outcome, split by the second (the modifier)
    q = re.sub(
        r"\b(?:an?\s+|the\s+)?(?P<t>[\w\-]+(?:\s+[\w\-]+)?)\s*(?:\s[x\u00d7*]\s|\s*[\u00d7*]\s*|-by-|\s+by\s+)"
        r"\s*(?P<z>[\w\-]+(?:\s+[\w\-]+)?)\s+interactions?(?:\s+(?:term|effect))?\s+(?:on|for|in)\s+"
        r"(?P<y>[^,;:.?!]+?)(?=\s*(?:[,;:?!]|\.\s|\.?$))",
        lambda m: f"the effect of {m.group('t')} on {m.group('y')} by {m.group('z')}",
        q,
        flags=re.I,
    )
    # "identify the X effect on Y off Z", "identified by exploiting Z": Z is the instrument
    q = re.sub(
        r"\b(identif(?:y|ied|ies|ying|ication)\b[^.?!;]*?)\s+(?:off(?:\s+of)?|by\s+exploiting|exploiting|"
        r"leveraging|from\s+(?:the\s+)?variation\s+in)\s+",
        r"\1, instrument ",
        q,
        flags=re.I,
    )
    # "per +1pt", "per 1 pp": one unit more
    q = re.sub(
        r"\bper\s+\+?1\s*(?:pts?|pp|points?|units?)\b\s*(?:of\s+|in\s+)?",
        "per unit of ",
        q,
        flags=re.I,
    )
    # "bootstrap 10k", "2.5k draws": a count of resamples in thousands
    q = re.sub(
        r"\b(\d+(?:\.\d+)?)\s*k\b(?=\s*(?:bootstrap|boots?\b|bs\b|resampl|draws|reps|replicat|"
        r"iterations))",
        lambda m: str(round(float(m.group(1)) * 1000)),
        q,
        flags=re.I,
    )
    q = re.sub(
        r"\b(bootstrap\w*\s*(?:=|:|of|with)?\s*)(\d+(?:\.\d+)?)\s*k\b",
        lambda m: m.group(1) + str(round(float(m.group(2)) * 1000)),
        q,
        flags=re.I,
    )
    # "1000 boot", "again w/ 500 boots": a count of boots is the bootstrap
    q = re.sub(r"\b(\d+)\s*boots?\b", r"\1 bootstrap resamples", q, flags=re.I)
    # "α 0.5,1,3", "α=.05": the letter said as its name
    q = q.replace("\u03b1", " alpha ")
    # "pos.jsonl/neg.jsonl": two prompt files written as a pair
    q = re.sub(r"(\.jsonl)\s*/\s*(?=[\w.~\-]+\.jsonl\b)", r"\1 and ", q)
    # "+500/day": an amount per a unit of time is the amount (the name says the rate)
    q = re.sub(r"(?<=\d)\s*/\s*(?:day|d|wk|week|mo|month|yr|year|hr|hour)\b", "", q, flags=re.I)
    # "qol ~ device used + age | dml": an estimator after a formula's bar is an option, not an
    # instrument
    q = re.sub(
        r"(~[^|]*?)\s*\|\s*(?=(?:" + "|".join(lexicon.METHODS) + r")\s*(?:[,;?!.]|$))",
        r"\1, using ",
        q,
        flags=re.I,
    )
    # "repairs/mo", "calls/wk": a count per a unit of time, as the names write it ("repairs_mo")
    q = re.sub(r"(?<=[a-z])/(?=(?:mo|wk|yr|hr|d)\b)", " ", q, flags=re.I)
    # "250 bs reps", "bs=200": "bs" with a count is the bootstrap
    q = re.sub(r"\b(\d+)\s*bs\b", r"\1 bootstrap", q, flags=re.I)
    q = re.sub(
        r"\bbs\b(?=\s*[=:]?\s*\d|\s+(?:reps|samples|resamples|replicates|replications|draws|"
        r"iterations|runs)\b)",
        "bootstrap",
        q,
        flags=re.I,
    )
    # "indirect effect of X via M on Y": the mediator said between the treatment and the outcome
    # goes after them, where the readers of a mechanism look for it ("effect of X on Y via M")
    q = re.sub(
        r"\b((?:effects?|impacts?|fx)\s+of\s+(?:(?!\b(?:via|through|thru|on)\b)[\w'\-]+\s+){1,4}?)"
        r"((?:via|through|thru)\s+(?:(?!\bon\b)[\w'\-]+\s+){1,4}?)"
        r"on\s+([\w'\-]+(?:\s+[\w'\-]+){0,3}?)"
        r"(?=\s*(?:[?.!,;]|$))",
        lambda m: f"{m.group(1)}on {m.group(3)} {m.group(2).strip()}",
        q,
        flags=re.I,
    )
    # "endog = overtime, inst = distance, y = attrition": roles labelled as in a model's call
    if re.search(r"\b(?:endog\w*|treat\w*|tx|x)\s*[:=]", q, re.I) and re.search(
        r"\b(?:y|outcome|dep\s*var|dv|target)\s*[:=]", q, re.I
    ):
        q = re.sub(r"\b(?:endog\w*|tx|x)\s*[:=]\s*", "treatment: ", q, flags=re.I)
        q = re.sub(r"\b(?:y|dep\s*var|dv|target)\s*[:=]\s*", "outcome: ", q, flags=re.I)
        # "z: coach offer", "m = trip len": the instrument's and the mediator's usual letters
        q = re.sub(r"(?<![\w.])z\s*[:=]\s*", "instrument: ", q, flags=re.I)
        q = re.sub(r"(?<![\w.])m\s*[:=]\s*", "mediator: ", q, flags=re.I)
    # "conf: income", "cov: age sex": clipped labels of a list of confounders or covariates
    q = re.sub(r"\bconf\s*[:=]", "confounders:", q, flags=re.I)
    q = re.sub(r"\bcovs?\s*[:=]", "covariates:", q, flags=re.I)
    # "(by coin flip)", "assigned by lottery", "(the arm was randomised by site)": how the
    # treatment was given out, a remark about the design, never a subgroup or another slot
    q = re.sub(
        r"\s*\((?![^()]*\b(?:instrument\w*|iv|control\w*|adjust\w*|method|use|using|via|through|"
        r"mediat\w*|split|subgroups?|separately)\b)[^()]*\b(?:" + _BY_CHANCE + r"|randomi[sz]ed|"
        r"randomly|random|at\s+random|rct)\b[^()]*\)",
        "",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"\s*,?\s*\b(?P<be>(?:was|were|is|are)\s+)?(?:(?:randomly\s+)?(?:assigned|allocated|given|"
        r"handed\s+out|sent|decided|chosen|picked)\s+)?by\s+(?:a\s+|the\s+)?(?:"
        + _BY_CHANCE
        # (the remark ends its clause: "by the lottery slot" names a column)
        + r")\b(?=\s*(?:[).,;:!?]|$|(?:and|but|so|then|in|at|for|last|this|since|when)\b))",
        lambda m: f" {m.group('be')}random" if m.group("be") else "",
        q,
        flags=re.I,
    )
    # "chain -> rating conf by seats?", "is confound by region?": the clipped "confounded", and
    # the bare verb that learners say for it
    q = re.sub(r"\bconf(?:'?d|ounds?)?\.?\s+(?=by\b)", "confounded ", q, flags=re.I)
    # "reg + psm + dml", "ols/reg v ipw": "reg" among estimators is the regression
    if re.search(r"\breg\b", q, re.I) and re.search(
        r"\breg\s*(?:[+/,&]|\bv\b|\bvs\.?|\band\b)\s*\w|"
        r"\w\s*(?:[+/,&]|\bv\b|\bvs\.?|\band\b)\s*reg\b",
        q,
        re.I,
    ):
        listed = re.sub(r"\breg\b", "regression", q, flags=re.I)
        if len(_find_all(lexicon.METHODS, listed.lower())) >= 2:
            q = listed
    # "B = 500" (bootstrap replications, as Stata and R's boot write them)
    if re.search(r"\bboot", q, re.I):
        q = re.sub(
            r"\(?\b(?:b|r|reps)\s*=\s*(\d+)\)?", r"with \1 bootstrap resamples", q, flags=re.I
        )
    # "the return on ad spend in terms of revenue": the effect of the spend on revenue
    q = re.sub(
        r"\b(?:the\s+)?(?:returns?|roi|pay-?off)\s+(?:on|of|from)\s+(?=.+?\s+(?:in\s+terms\s+of|measured\s+in|on|for)\s)",
        "the effect of ",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"(\beffect\s+of\s+[^?.!;]+?)\s+(?:in\s+terms\s+of|measured\s+in)\s+",
        r"\1 on ",
        q,
        flags=re.I,
    )
    # "IPTW: device use and hypo events, ...": an estimator's name, then the pair it is run on
    pair = re.search(
        r"(?:^|(?<=[.!?])\s+)(?P<label>[^:.!?]{2,60}):\s*(?P<a>[\w .'\-]+?)\s+(?:and|&|vs\.?|with)\s+(?P<b>[\w .'\-]+?)"
        r"(?P<rest>\s*(?:[,;.?]|$).*)$",
        q,
    )
    if (
        pair
        and _find(METHODS, pair.group("label").lower())
        and not re.search(
            r"\b(?:effect|impact|on|of)\b", pair.group("a") + " " + pair.group("b"), re.I
        )
    ):
        q = (
            f"{q[: pair.start('label')]}{pair.group('label')}: effect of {pair.group('a')} on "
            f"{pair.group('b')}{pair.group('rest')}"
        )
    # "the effect of exposure to the subsidy on Y": the exposure is the treatment itself
    q = re.sub(
        r"\b(of|does|do|did|is|was)\s+(?:the\s+)?(?:exposure|being\s+exposed|assignment|access)\s+to\s+",
        r"\1 ",
        q,
        flags=re.I,
    )
    # "take X as the treatment and Y as the outcome": both roles declared, as "treatment: X"
    # (one role alone is a follow-up's change, "use n_kids as the treatment", read as it is)
    if {m.group("r").lower() for m in _DECLARED_ROLE.finditer(q)} == {"treatment", "outcome"}:
        q = _DECLARED_ROLE.sub(
            lambda m: f"{m.group('lead') or ''}{m.group('r').lower()}: {m.group('x')}", q
        )
    # "ontime %", "# of stops": the signs said as words (a % after a number stays a share)
    q = re.sub(r"(?<=[A-Za-z])\s*%", " percent", q)
    # "10 percentage points", "5 pp": points of a share, added (not a percent of it)
    q = re.sub(
        r"(?<=\d)\s*(?:percentage[\s-]+points?|pct\.?\s+points?|pp|ppts?)\b",
        " points",
        q,
        flags=re.I,
    )
    q = re.sub(r"(?<![\w#])#\s*of\b", "number of", q)
    # "difference in differences": one method's name, whose "in" would split a variable's phrase
    q = re.sub(
        r"\bdiff(?:erence)?s?\s+in\s+diff(?:erence)?s?\b",
        "difference-in-differences",
        q,
        flags=re.I,
    )
    q = re.sub(r"\b(?:like|about|around|roughly|approx\.?)\s+(?=\d)", "", q)  # "up like 30%"
    # "a state-by-state breakdown of the X effect on Y" -> "the X effect on Y by state"
    sm = re.search(
        r"\b(?:an?\s+|the\s+)?([a-z]+)[\s-]by[\s-]\1\b(?:\s+(?:breakdown|split|comparison|look))?(?:\s+(?:of|for|at))?\s*",
        q,
        re.I,
    )
    if sm:
        q = (q[: sm.start()] + q[sm.end() :]).rstrip(" ?.!") + f" by {sm.group(1)}"
    # "irrig -> yield x region", "X on Y x site": a crossing with a last word or two is the split
    # by that variable (not "x2", a multiple, nor "effect of x on y", a letter for a variable)
    q = (
        re.sub(
            r"(?<=\w)\s+x\s+(?!(?:on|of|to|and|or|vs|versus|the|in|for|by|with)\b)"
            r"(?=[a-z][\w]*(?:\s+[a-z]\w*)?\s*[?.!]*$)",
            " by ",
            q,
        )
        if re.search(r"->|\bon\b", q)
        else q
    )
    # "iv: prev inj?? no wait iv = sleep hrs", "alpha .05 sorry alpha .01": a slot said again
    # after a self-correction replaces what was said first
    fix = re.search(
        r"[?!.,;]*\s*\b(?:no\s+wait|wait\s+no|scratch\s+that|sorry|i\s+mean|correction|"
        r"actually\s+no|"
        r"make\s+that)\s*[,:]?\s+(?P<key>[a-z][\w/]*)\b",
        q,
        re.I,
    )
    if fix and fix.group("key").lower() not in _NOT_A_SLOT_KEY:
        first = re.search(rf"\b{re.escape(fix.group('key'))}\b", q[: fix.start()], re.I)
        if first:
            q = q[: first.start()] + q[fix.start("key") :]
    # "Y <- X" is "X -> Y"
    q = re.sub(r"^\s*([\w .'/]+?)\s*<-\s*([\w .'/]+?)(?=\s*(?:[,;|?]|$))", r"\2 -> \1", q)
    q = re.sub(r"\b(per|by)-(?=[A-Za-z])", r"\1 ", q)  # "per-location effect"
    if "~" not in q and not re.search(r"\btiers?\b", q, re.I):
        q = re.sub(r"\s*\|\s*", ", ", q)  # "X -> Y | ipw": the bar separates options
    # "med. analysis", "X's benefit on Y": an abbreviation and a word for the effect
    q = re.sub(r"\bmed\.?\s+(?=analysis\b)", "mediation ", q, flags=re.I)
    q = re.sub(r"\bbenefits?\s+(?=(?:on|for)\s)", "effect ", q, flags=re.I)
    # "every car on the book", "all patients in the sample": the population the scenario covers
    # names no variable
    q = re.sub(
        r"\b((?:every|each|all(?:\s+(?:the|our))?)\s+[a-z]+)\s+(?:on|in)\s+(?:the|our)\s+(?:books?|portfolio|"
        r"sample|data(?:set)?|network|fleet|herd|roster|list|system|register|programme|program|panel|trial|"
        r"study|estate|chain)\b",
        r"\1",
        q,
        flags=re.I,
    )
    # "more revenue per week", "signups a day": a rate's time unit is no variable (the word would
    # otherwise name a column such as weekly_revenue_k as the "per unit of X" treatment)
    # (not a frequency's unit, "came 3 times a week", which names a count per week)
    q = re.sub(
        r"(?<!\btimes)(?<!\btime)(?<!\bonce)(?<!\btwice)"
        r"\s+(?:per|a|an|each|every)\s+(?:day|week|month|year|hour)\b(?!\s*(?:of|in|on|-|')\b)"
        r"(?=\s*(?:[?.!,;]|$|(?:and|or|but|if|when|with|for|than|compared)\b))",
        "",
        q,
        flags=re.I,
    )
    # "daily steps (thousands)", "revenue (in euros)": a scale or unit in brackets is no variable
    q = re.sub(
        r"\s*\((?:in\s+)?(?:thousands?|millions?|k|%|percent|per\s*cent|units?|euros?|dollars?|usd|eur)\)",
        "",
        q,
        flags=re.I,
    )
    # "per extra point of X, how much does Y fall?": the rate named first goes after the question
    q = re.sub(
        # (only a unit of change: "for each depot, how much ..." names subgroups)
        r"(?:^|(?<=[.!?]\s))(?:(?:please|pls|so|ok|okay|and|now)\s*,?\s+)?((?:per|(?:for\s+|with\s+)?each|(?:for\s+|with\s+)?every)\s+(?:extra|additional|added|"
        r"single|one|more|unit|point|percentage)\b[^,;?]*?)\s*,\s*"
        r"((?:how\s+much|by\s+how\s+much|how\s+many)\b[^?]*?)\s*([?.!]*)$",
        # ("each extra degree" is "for each extra degree")
        lambda m: m.group(2) + " " + re.sub(r"^(each|every)", r"for \1", m.group(1)) + m.group(3),
        q,
        flags=re.I,
    )
    # "... leave more than those who don't": the comparison with the untreated is the effect's
    # own contrast, not a variable
    q = re.sub(
        r"\s+(?:than|compared\s+(?:to|with))\s+(?:those|the\s+ones|people|colleagues|peers)"
        r"(?:\s+(?:who|that)\s+(?:do|does|did|are|were|have|has|had|can)(?:\s*n[o']t|\s+not)"
        r"(?:\s+[a-z]+)?|\s+without(?:\s+(?:one|it|them|any))?)"
        r"(?=\s*(?:[?.!,;]|$))",
        "",
        q,
        flags=re.I,
    )
    # "X is as good as randomly assigned by Z", "Z moves X and nothing else": an instrument said
    # by what it does (the assignment it makes random, the one variable it moves)
    # (a noun phrase of up to four words, none a verb of being, a conjunction or a pronoun)
    _w = (
        r"(?!(?:is|are|was|were|be|been|and|or|but|so|as|that|which|who|it|its|only|just|then|if|"
        r"when|because|since|random|not)\b)[\w\-]+"
    )
    _np = rf"(?:the\s+|our\s+|a\s+)?{_w}(?:\s+{_w}){{0,3}}?"
    q = re.sub(
        rf"\b(?P<t>{_np})\s+(?:is|was|are|were|gets|got)\s+(?:as[\s-]+good[\s-]+as\s+|effectively\s+|"
        r"essentially\s+|basically\s+|in\s+effect\s+)(?:randomly|random(?:ised|ized)?|at\s+random)\s*"
        r"(?:assigned|allocated|set|decided|determined|given|handed\s+out)?\s+(?:by|through|via|thanks\s+to|"
        rf"because\s+of|with)\s+(?P<z>{_np})(?=\s*[,;.?!]|\s*$|\s+(?:and|so|but)\b)",
        lambda m: f"use {m.group('z')} as an instrument for {m.group('t')}",
        q,
        flags=re.I,
    )
    q = re.sub(
        rf"\b(?P<z>{_np})\s+(?:only\s+|just\s+)?(?:moves|shifts|affects|changes|drives|influences|"
        rf"determines|raises|lowers|pushes)\s+(?P<t>{_np})\s+(?:and|but)\s+(?:has\s+)?(?:nothing|no\s+"
        r"other\s+(?:effect|path|channel))(?:\s+else)?\b",
        lambda m: f"use {m.group('z')} as an instrument for {m.group('t')}",
        q,
        flags=re.I,
    )
    # "The lottery decided who got invited, so use that": what decided who got the treatment
    # (or its offer) at random, then used, is the instrument
    q = re.sub(
        rf"\b(?P<z>{_np})\s+(?:decided|determined|chose|picked|settled|governed)\s+(?:who|which\s+[\w\-]+)\s+"
        r"(?:got|gets|received|was|were|would\s+get|had)\b[^.;!?]*?[,;.]\s*(?:(?:and\s+)?so\s+|and\s+)?"
        r"(?:(?:you|we)\s+(?:can|could|should)\s+|please\s+)?(?P<use>use|exploit)\s+(?:that|it|this)\b"
        r"(?!\s+(?:as|to)\b)",
        lambda m: f"{m.group(0)[: m.start('use') - m.start(0)]}use {m.group('z')} as an instrument",
        q,
        flags=re.I,
    )
    if re.search(
        r"\b(?:(?:use|using|exploit\w*)\s+(?:it|that|this|them)\b|instrument\w*|\biv\b)", q, re.I
    ):
        # "Z affects Y only through X. Use that to ...": the exclusion restriction of an instrument
        # (without a request to use it, "only through" asks about a mediator)
        q = re.sub(
            rf"\b(?P<z>{_np})(?:\s+(?:is|are|was|were)\s+(?:[\w\-]+\s+){{0,3}}?[\w\-]+,?\s+and)?\s+(?:only\s+)?"
            r"(?:affects|influences|changes|moves|reaches|impacts|acts\s+on)\s+"
            rf"(?P<y>{_np})\s+(?:only\s+)?(?:through|via)\s+(?:whether\s+(?:[\w\-]+\s+){{0,2}}?"
            rf"(?:take|takes|get|gets|use|uses|have|has|receive|receives)\s+)?(?P<t>{_np})"
            r"(?=\s*[,;.?!]|\s*$|\s+(?:and|so|but)\b)",
            lambda m: f"use {m.group('z')} as an instrument for {m.group('t')}",
            q,
            flags=re.I,
        )
    if re.search(
        r"\b(?:off|from|using|use|exploit\w*|via|through|with)\s+(?:that|this|the|it|its)\s+"
        r"(?:encouragement|nudge|invitation|assignment|randomi[sz]ation|offer)\b|instrument\w*|\biv\b|"
        r"encouragement\s+design|\b(?:use|using|exploit\w*)\s+(?:it|that|this|them)\b",
        q,
        re.I,
    ):
        # "the arm just encourages people to use the device; ... off that encouragement": an
        # encouragement design, whose encouragement is the instrument for the uptake
        q = re.sub(
            rf"\b(?P<z>{_np})(?:\s+(?:is|are|was|were)\s+(?:[\w\-]+\s+){{0,3}}?[\w\-]+,?\s+(?:and|that|which))?\s+(?:just\s+|"
            r"only\s+|merely\s+|simply\s+)?(?:encourages|nudges|pushes|invites|prompts|reminds|steers)\s+"
            rf"(?:[\w\-]+\s+)?(?:to\s+(?:use|take|get|join|adopt|try|start|switch\s+to)|onto|into|towards?)\s+"
            rf"(?P<t>{_np})"
            r"(?=\s*[,;.?!]|\s*$|\s+(?:and|so|but)\b)",
            lambda m: f"use {m.group('z')} as an instrument for {m.group('t')}",
            q,
            flags=re.I,
        )
    # "The assignment is the clean part, so lean on that": what is said to be the clean (random,
    # exogenous) part of a story, then leaned on, is the instrument
    q = re.sub(
        rf"\b(?P<z>{_np})\s+(?:is|was|are|were)\s+(?:(?:the\s+|our\s+)?(?:only\s+|one\s+)?"
        r"(?:clean|random|exogenous|unconfounded|fair|as[\s-]+good[\s-]+as[\s-]+random)\s+"
        r"(?:part|bit|piece|comparison|variation|source|thing|element|step)|what(?:'?s|\s+is)\s+(?:clean|random|"
        r"exogenous)(?:\s+here)?|"
        # ("the invite is basically random (it went out by account number), so lean on it")
        r"(?:(?:basically|essentially|effectively|pretty\s+much|more\s+or\s+less)\s+)?(?:random|"
        r"randomi[sz]ed|(?:assigned|allocated|sent|handed\s+out)\s+at\s+random|as[\s-]+good[\s-]+as[\s-]+random|"
        r"exogenous))\b[^.;!?]*?[,;.]\s*"
        r"(?:(?:and\s+)?so\s+|and\s+)?(?:(?:you|we)\s+(?:can|could|should)\s+|please\s+)?"
        r"(?P<use>use|exploit|lean\s+on|rely\s+on|build\s+on|work\s+(?:off|from)|go\s+with)\s+"
        r"(?:that|it|this)\b(?!\s+(?:as|to)\b)",
        lambda m: f"{m.group(0)[: m.start('use') - m.start(0)]}use {m.group('z')} as an instrument",
        q,
        flags=re.I,
    )
    # "The randomisation is what's clean here. Could you estimate what using the device does
    # to Y?": the clean part of a story, said in a sentence of its own, is the instrument too
    q = re.sub(
        rf"\b(?P<z>{_np})\s+(?:is|was)\s+(?:(?:the\s+|our\s+)?(?:only\s+)?clean\s+(?:part|bit|piece|comparison|"
        r"variation|source)|what(?:'?s|\s+is)\s+clean)(?:\s+here)?(?=\s*[.;!]\s+\S)",
        lambda m: f"use {m.group('z')} as an instrument",
        q,
        flags=re.I,
    )
    # "use it to instrument device use and get the effect on Y": the verb said as the noun
    q = re.sub(
        rf"\b(use|using)\s+(?P<z>it|that|this|{_np})\s+to\s+instrument\s+(?:for\s+)?(?P<t>{_np})\s+and\s+"
        r"(?:then\s+)?(?:get|give\s+me|estimate|find|compute|show\s+me)\s+(?:the\s+)?(?=effect|impact)",
        lambda m: f"{m.group(1)} {m.group('z')} as an instrument for {m.group('t')}: the ",
        q,
        flags=re.I,
    )
    # "Z as exogenous variation in X", "Z is a natural experiment for X": other names of an instrument
    q = re.sub(
        rf"\b(?:{lexicon.INSTRUMENT_WORDS})(?:\s+(?:in|for|of|on)\b)?",
        lambda m: (
            "instrument for" if re.search(r"\s(?:in|for|of|on)$", m.group(0)) else "instrument"
        ),
        q,
        flags=re.I,
    )
    # "layers zero and one": small numbers of layers and heads said in words
    small = r"zero|one|two|three|four|five|six|seven|eight"
    q = re.sub(
        rf"\b(layers?|heads?)\s+((?:{small})(?:\s*(?:,|and|&|to)\s*(?:{small}))*)\b",
        lambda m: (
            m.group(1)
            + " "
            + re.sub(small, lambda w: str(_SMALL.index(w.group(0).lower())), m.group(2), flags=re.I)
        ),
        q,
        flags=re.I,
    )
    # "the second head of the first layer": heads and layers count from 0
    q = re.sub(
        r"\b(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth)\s+(head|layer)\b",
        lambda m: f"{m.group(2)} {_ORDINALS.index(m.group(1).lower())}",
        q,
        flags=re.I,
    )
    return _corrected(q)


_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight"]
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
#: Chat spellings too short for typo correction, and what they stand for.
_CHAT_WORDS = {
    "wat": "what",
    "waht": "what",
    "whta": "what",
    "hwo": "how",
    "wht": "what",
    "wich": "which",
    "adn": "and",
    "vars": "variables",
    "var": "variable",
    "whcih": "which",
    "whihc": "which",
    "teh": "the",
    "hte": "the",
    "wuld": "would",
    "woud": "would",
    "coud": "could",
    "shoud": "should",
    "whats": "what's",
    "u": "you",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "thnx": "thanks",
    "ty": "thank you",
    "w/": "with",
    "w/o": "without",
    "b/c": "because",
    "bc": "because",
    "abt": "about",
    "thru": "through",
    "every1": "everyone",
    "evry1": "everyone",
    "idk": "I do not know",
    "ppl": "people",
    "evry": "every",
    "evryone": "everyone",
    "gimme": "give me",
    "wanna": "want to",
    "ctrl": "controlling",
    "ctrling": "controlling",
    "adj": "adjusting",
    "covs": "covariates",
    "inst": "instrument",
    "instr": "instrument",
    "fx": "effects",
    "abl": "ablate",
    "attr": "attribution",
    "wrt": "with respect to",
    "col": "column",
    "cols": "columns",
    # interpretability shorthand ("heads attending to the previous tok", "send info to 1.0")
    "tok": "token",
    "toks": "tokens",
    "attn": "attention",
    "info": "information",
    "prev": "previous",
    "or nah": "or not",
    # contractions typed without their apostrophe ("fare cant cause route length")
    "cant": "can't",
    "dont": "don't",
    "doesnt": "doesn't",
    "didnt": "didn't",
    "isnt": "isn't",
    "arent": "aren't",
    "wasnt": "wasn't",
    "shouldnt": "shouldn't",
    "couldnt": "couldn't",
    "wouldnt": "wouldn't",
    "mustnt": "mustn't",
    "wont": "won't",
    # laughter, stance and hedge markers carry no analysis
    "lowkey": "",
    "highkey": "",
    "kinda": "",
    "sorta": "",
    "lol": "",
    "lmao": "",
    "tbh": "",
    "ngl": "",
    "imo": "",
    "imho": "",
}
# (a word before a file extension is a file name: "prev.jsonl" stays)
_CHAT = re.compile(
    r"(?<![\w/.])(?:" + "|".join(map(re.escape, _CHAT_WORDS)) + r")(?![\w/]|\.\w)", re.I
)


#: A speaker correcting themselves mid-question ("if we halved X... no wait, if we doubled Y").
_CORRECTION = re.compile(
    r"(?:\.\.\.|\s-\s|[,;])\s*(?:no,?\s+wait|wait,?\s+no|no|wait|sorry|actually|i\s+mean|ok(?:ay)?,?\s+(?=just\b)|"
    r"scratch\s+that)\b[,:]?\s*(?:,\s*)?(?:just\s+)?",
    re.I,
)


def _corrected(q: str) -> str:
    """The question with a clause the speaker took back replaced by its correction: the words
    from the clause's start (the last comma or the start) to the correction mark are dropped."""
    m = next(reversed(list(_CORRECTION.finditer(q))), None)
    if (
        m is None
        or not q[m.end() :].strip()
        or "..." not in q[: m.end()]
        and not re.search(r"no,?\s+wait|wait,?\s+no|scratch\s+that", m.group(0), re.I)
    ):
        return q
    head = q[: m.start()]
    swap = re.match(rf"\s*({_VERBS})\b", q[m.end() :], re.I)
    last = re.search(rf"\b({_VERBS})\s*(?:\.\.\.)?\s*$", head, re.I)
    if swap and last:
        # "does X predict... sorry, affect Y": one verb replaces the other
        return (head[: last.start()] + q[m.end() :].lstrip()).strip()
    cut = max(head.rfind(", "), head.rfind("; "))
    keep = head[: cut + 2] if cut >= 0 else ""
    first = re.match(r"\s*(\w+)", q[m.end() :])
    again = list(re.finditer(rf"\b{re.escape(first.group(1))}\b", head, re.I)) if first else []
    if again and again[-1].start() > cut:
        # "does each km/h... sorry, each unit of X": the repair restarts at the repeated word
        keep = head[: again[-1].start()]
    return (keep + q[m.end() :]).strip()


def _word_root(w: str) -> str:
    return re.sub(r"(?:ers|er|ions|ion|ing|ed|es|s|e)$", "", w)


#: Words the lexicon knows as words of column names ("medication"): never a misspelt analysis
#: word, however close ("mediation").
_KNOWN = (
    frozenset(w for group in lexicon.SYNONYMS for w in group)
    | frozenset(
        # words of their own that are one letter from an analysis word
        ("messing", "messed", "massing", "clocking", "causing", "effort", "affair", "chance")
        + ("chances", "charge", "charges", "whilst", "witch", "later", "lawyer", "world", "wound")
        + ("weather", "whither", "layered", "changer", "really", "recalls", "train", "trains")
        # ("staring at token zero" is no steering)
        + ("staring", "stared", "stare", "stares", "string", "strings", "probably")
        + ("sign", "signs", "signed", "signing")
        + ("thought", "thoughts")
        + ("although",)
        # ("impute with the median" asks for no mediation)
        + ("median", "medians")
        # ("is that significant?" asks about the result, not for a significance level)
        + ("significant", "significantly", "insignificant")
        # ("forget the mediator" is no forest)
        + ("forget", "forgets", "forgot", "forgotten", "forgetting")
        # everyday words a memo uses that are close to an analysis word ("pitch a programme"
        # is no patching, "I've heard" no heads, "the introduction of" no induction, "prove"
        # no probe, "we've been tracking" no tracing, "the drug taken" no token)
        + ("pitch", "pitches", "pitched", "pitching", "parch", "peach", "clause", "clauses")
        + ("store", "stores", "storing", "scope", "scopes", "scones", "snore", "shore")
        + ("heady", "hears", "heard", "heaps", "stern", "sheer", "steel", "steep", "steeper")
        + ("sneer", "prose", "prove", "proves", "proving", "meditation", "meditate")
        + ("meditating", "tracking", "threat", "threats", "threaten", "threatened", "stricture")
        + ("slinks", "summery", "impotent", "compere", "contrail", "thorough", "tough")
        + ("estate", "estates", "diver", "divers", "delivers", "ransom", "gasp", "grape")
        + ("exempt", "excerpt", "excerpts", "marching", "mashing", "coping", "choppy", "taken")
        + ("talking", "tacking", "sport", "sports", "introduction", "introductions", "inducing")
        + ("lawyers", "laser", "lager", "instrumentation", "notes", "note", "noted")
        # ("that's what we're really seeing" is no steering)
        + ("seeing", "seeming", "sharing", "hearing", "bearing", "fearing", "nearing", "wearing")
        + ("steaming", "sneering", "sheering", "stewing", "sewing")
        # ("whether the supplement boosts milk" is no BOSS search)
        + ("boost", "boosts", "boosted", "boosting", "boots", "bosses", "bossy")
        # ("we're weighing a policy" is no inverse-probability weighting)
        + ("weigh", "weighs", "weighed", "weighing")
    )
    | frozenset(
        # the glossary's own words ("estimand" is no misspelt "estimate")
        v
        for pat in lexicon.CONCEPTS
        for w in re.findall(r"[a-z]{5,}", pat)
        for v in (w, w.removesuffix("s"))
    )
)


#: The nouns of an analysis request short enough that a four-letter misspelling of them keeps
#: only one letter out: each of them with one letter dropped, except where that is a word of its
#: own ("robe", "seer", "head", "prob").
_SHORT_NOUNS = ("graph", "probe", "steer", "heads", "layer")
_SHORT_NOUN_TYPOS = {n[:i] + n[i + 1 :]: n for n in _SHORT_NOUNS for i in range(len(n))}
for _word in ("robe", "seer", "head", "prob", "raph"):
    _SHORT_NOUN_TYPOS.pop(_word, None)


def correct_typos(q: str, protected: Iterable[str] = ()) -> str:
    """`q` with misspelt analysis words corrected ("efect" -> "effect"); words of column names
    (`protected`) and short words are left alone."""
    keep = {w.lower() for w in protected}
    # an abbreviated name word said in full, however spelt ("satisfction" for `job_sat`)
    heads = tuple(w for w in keep if len(w) >= 3 and w.isalpha())
    vocab = lexicon.VOCABULARY

    def fix(m: re.Match[str]) -> str:
        w = m.group(0)
        low = w.lower()
        forms = {low, low.rstrip("s"), low + "s", low.removesuffix("es")}
        # a shorter word is corrected only when it has no vowel and so is no word ("whch")
        short = len(low) < 5 and not (len(low) == 4 and not re.search("[aeiouy]", low))
        if short and len(low) == 4 and not forms & keep and low in _SHORT_NOUN_TYPOS:
            return _SHORT_NOUN_TYPOS[low]  # "gaph", "hads", "lyer", "pobe", "ster"
        if short or forms & keep or low in vocab or low in _KNOWN or not low.isalpha():
            return w
        if (
            low in ("though", "tho")
            and (
                # ("different though: they care about money": before a colon or a dash too)
                re.match(r"\s*(?:[,.;:!?)\u2013\u2014]|\s-\s|$)", m.string[m.end() :])
                # ("..., though not everyone took it up", "even though they ...": the conjunction)
                or re.search(r"(?:[,;:(]|\b(?:even|as|and|but))\s*$", m.string[: m.start()], re.I)
                or re.match(
                    r"\s+(?:not|no|never|i|we|you|they|he|she|it|this|that|there|some|many|most|few)\b",
                    m.string[m.end() :],
                    re.I,
                )
            )
        ):
            return w  # "could be the training load though, ...": the word, not "through"
        if low.startswith(heads) or (len(low) >= 4 and any(h.startswith(low) for h in heads)):
            return w  # a column word, or its stem said as a verb ("train" for staff_training)
        return _analysis_word(low) or w

    # whole words only: a name written with underscores or digits ("train_load_au") is typed
    # as the table spells it, not misspelt
    # (a verb after a question word first: "what hads the biggest ..." is "has", not "heads")
    q = _AUX_SLOT.sub(lambda m: _aux_fixed(m, keep), q)
    return re.sub(r"(?<![\w\-])[A-Za-z]+(?![\w\-])", fix, q)


#: The verbs that follow a question word ("what has", "which factors do"), where a short typo
#: ("what hads the biggest influence", "how dose X affect Y") can only be one of them.
_AUXILIARIES = (
    "has have had does did do is are was were can could would will should may might"
).split()
_AUX_SLOT = re.compile(
    r"\b(?P<wh>what|which|who|wat|waht|whta|wht|wich|whcih)(?P<mid>(?:\s+(?:factors?|variables?|things?|columns?|features?))?\s+)"
    r"(?P<w>[A-Za-z]{3,6})\b"
    # (the verb's object follows: "what hads the biggest ...", not "what hads are important")
    r"(?=\s+(?:the|a|an|this|that|these|those|it|its|their|they|we|you|most|more|any|some|no|"
    r"been|to)\b)",
    re.I,
)
#: Words of their own one letter from an auxiliary ("which head", "what area").
_NOT_AUX_TYPOS = frozenset(
    "head heads hand hard hash hats hast heave halve shave haves dose doses died dido area care "
    "bare rare ware where many mary mayo cant scan clan cane cans wash wasp wise wills".split()
)


def _one_edit(a: str, b: str) -> bool:
    """Whether `a` is `b` with one letter added or dropped, or two neighbours swapped (not a
    letter changed: "way" is a word, not "was" misspelt)."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


def _aux_fixed(m: re.Match[str], keep: set[str]) -> str:
    w = m.group("w")
    low = w.lower()
    if (
        low in _AUXILIARIES
        or low in keep
        or low in lexicon.VOCABULARY
        or low in _KNOWN
        or low in _NOT_AUX_TYPOS
    ):
        return m.group(0)
    near = next((a for a in _AUXILIARIES if len(a) >= 3 and _one_edit(low, a)), None)
    return m.group(0) if near is None else m.group("wh") + m.group("mid") + near


@lru_cache(maxsize=8192)
def _analysis_word(low: str) -> str | None:
    """The analysis word `low` misspells, or None (cached: the vocabulary does not change)."""
    near = difflib.get_close_matches(low, lexicon.VOCABULARY, n=1, cutoff=0.8)
    # a misspelling keeps its first letter ("efect", "inpact"); "watch" is not "patch"
    if (
        not near
        or near[0][0] != low[0]
        or low.startswith(near[0].rstrip("e"))  # an inflection: "influencing", "caused"
        or _word_root(low) == _word_root(near[0])  # "mediating" is not "mediation"
        or near[0].startswith(low)
    ):
        return None  # a longer word ("effective") is a word of its own, not a misspelling
    return near[0]


def _find(table: dict[str, str], text: str) -> str | None:
    for pat, name in table.items():
        if re.search(rf"\b(?:{pat})\b" if not pat.startswith(r"\b") else pat, text):
            return name
    return None


def _find_all(table: dict[str, str], text: str) -> list[str]:
    """Every name of `table` the text mentions, in order of appearance."""
    spans: list[tuple[int, int, str]] = []
    for pat, name in table.items():
        for m in re.finditer(rf"\b(?:{pat})\b" if not pat.startswith(r"\b") else pat, text):
            spans.append((m.start(), m.end(), name))
    # "augmented IPW": a name inside a longer one's words is that one's part, not a second name
    hits = [
        (a, n)
        for a, b, n in spans
        if not any(x <= a and b <= y and (y - x) > (b - a) and o != n for x, y, o in spans)
    ]
    return list(dict.fromkeys(n for _, n in sorted(hits)))


_LEADING = re.compile(
    r"^(?:the|a|an|its|their|our|his|her|does|do|did|is|are|was|were|what|whats|what's|how|whether|but|"
    r"if|and|so|then|estimate|check|test|tell\s+me|show\s+me|having|getting|taking|receiving|"
    # "split the supplement's effect into ...": a verb of decomposing before the treatment
    r"split|decompose|partition|separate|break\s+down|break\s+up|"
    # "break the supplement's effect ... down by Z", "compare the subsidy's effect ... between A
    # and B": the verb whose object is the effect
    r"break|compare|contrast|"
    # "exposure to the subsidy", "uptake of the app": the treatment said as its receipt
    r"uptake\s+of|receipt\s+of|participation\s+in|"
    r"being|i\s+think|i\s+wonder|i\s+suspect|we|i|you|please|more|less|fewer|extra|additional|added|higher|lower|"
    r"better|worse|faster|slower|longer|shorter|greater|bigger|smaller|one|each|every|maybe|perhaps|possibly|"
    # ("a single unit of X", but "single parent status" names a column)
    r"single(?=\s+(?:unit|units|point|points|extra|additional|more|added)\b)|"
    r"(?:unit|units|point|points)(?=\s+(?:of|in)\b)|on|in|at|with|for|regarding|about|concerning|amount|level|of|some|any|"
    r"naive|raw|crude|unadjusted|observed|much|many)\s+"
)


def _strip(p: str | None) -> str | None:
    if p is None:
        return None
    p = p.strip(" .'\"-")
    prev = None
    while prev != p:
        prev = p
        p = _LEADING.sub("", p).strip()
    if re.fullmatch(
        r"(?:the|a|an|its|their|our|and|so|then|it|this|that|of|on|in|for|with|by|to|we|i|you|they|us|"
        r"he|she|them)",
        p,
    ):
        return None
    # "confusion by the location in the influence from the app on the basket": the link the
    # phrase is said of comes after it
    p = re.sub(
        r"\s+(?:in|on)\s+(?:the\s+|this\s+|that\s+)?(?:influence|effect|impact|relation\w*|link|"
        r"association)\s+(?:from|between)\b.*$",
        "",
        p,
    )
    # "the number of seats before anyone claims success": a clause of its own after the phrase
    p = re.sub(
        r"\s+(?:before|after|until|unless|so\s+that|in\s+case)\s+(?:anyone|anybody|someone|somebody|"
        r"we|they|you|i|he|she|people|everyone|everybody)\s+[a-z]+\b.*$",
        "",
        p,
    )
    # "the HRV on average compared with now", "riders than today": the baseline of a comparison
    p = re.sub(
        r"\s+(?:(?:compared|relative)\s+(?:with|to)|than|versus|vs\.?)\s+(?:now|today|before|"
        r"currently|at\s+present|the\s+(?:current|actual|present)\s+(?:one|ones|level|levels|value|"
        r"values|situation|state)|what\s+(?:it|they)\s+(?:is|are)(?:\s+now)?)$",
        "",
        p,
    )
    p = re.sub(
        r"(?:\s+(?:less|more|faster|slower|longer|shorter|better|worse|higher|lower|bigger|smaller|larger|greater|stronger|weaker|short|quick|fast|slow|big|small)(?:\s+often)?"
        r"|\s+(?:causally|really|at all|or not|overall|on average|real|genuine|true|change|changes|apparent|"
        r"spurious|"
        r"mostly|mainly|largely|partly|primarily|only)"
        r"|\s+(?:obviously|clearly|of course|surely|naturally|anyway|though|just|please|thing)"
        r"|\s+(?:goes|go|went|gone|going)\s+(?:up|down)"
        r"|\s+(?:equal+y|alike|uniformly|differently|separately)"
        r"|\s+(?:the\s+)?(?:most|least|same)|\s+be|\s+or|')+$",
        "",
        p,
    )
    # "the claim rate in that world", "footfall in that case": the scenario said before
    p = re.sub(
        r"\s+(?:in|under)\s+(?:that|this|such\s+an?)\s+(?:world|case|scenario|situation)$|\s+then$",
        "",
        p,
    )
    # "the ad spend -> revenue effect": the outcome, before the word for its effect
    p = re.sub(r"(?<=\w)\s+(?:effects?|impacts?)(?:\s+(?:of|is))?$", "", p)
    # "(how many) miles someone drives", "(how much) money they make": the quantity, before a
    # clause of a pronoun and its verb
    p = re.sub(
        r"^([a-z][\w\-]*(?:\s+(?!that\b|which\b|who\b|would\b|will\b|do\b|does\b|did\b|can\b|could\b|"
        r"should\b|might\b|may\b)[a-z][\w\-]*)?)\s+(?:someone|somebody|anyone|everyone|a\s+person|"
        r"people|they|he|she|one|you|we)\s+[a-z]+(?:\s+(?:per|a|each|every)\s+[a-z]+)?$",
        r"\1",
        p,
    )
    return p.strip() or None


def _split_list(text: str) -> list[str]:
    parts = re.split(r"\s*,\s*|\s+and\s+|\s*&\s*|\s*\+\s*|\s+plus\s+", text)
    return [p for p in (_strip(x) for x in parts) if p]


# Words that end a list of controls, an instrument or a mediator named mid-sentence.
#: What a third variable is blamed for distorting ("muddying the comparison", "skewing the
#: picture"): the effect or the comparison behind it.
_BLAMED_OBJECT = (
    r"(?:effect|impact|link|relation\w*|association|correlation|estimate|result|comparison|"
    r"difference|gap|picture|numbers|findings?|analysis|contrast|savings?|benefit|gain|lift|uplift|"
    r"boost)"
)
#: "could store size be distorting the app's effect on revenue?", "the district is muddying the
#: comparison, no?": a third variable blamed for the effect (asked, or said with a question tag).
_BLAMED = re.compile(
    r"\b(?:is|are|could|might|would|can)\s+(?:the\s+)?[\w ,'&+\-/]+?\s+(?:be\s+)?(?:distorting|"
    r"biasing|skewing|inflating|muddying|muddling|contaminating)\s+(?:(?:the|this|that|our|its|their)\b)?"
    r"[^?]*\b" + _BLAMED_OBJECT + r"\b|"
    r"\b(?:is|are|could\s+be|might\s+be|may\s+be)\s+(?:really\s+|maybe\s+|also\s+)?(?:distorting|biasing|"
    r"skewing|inflating|muddying|muddling|contaminating)\s+(?:(?:the|this|that|our|its|their)\s+)?"
    + _BLAMED_OBJECT
    + r"\b(?=[^.;]*(?:\?|$|,\s*(?:no|right|isn'?t\s+it)\b))"
)
_SLOT_END = (
    r"(?=\s*[;?!():]|\s*$|\.\s|\s*,\s*(?:and\s+)?(?:the\s+)?(?:outcome|treatment|mediator|instrument|"
    r"subgroups?)\b|"
    # "confounded by income maybe?", "ctrl age pls": a hedge or a courtesy said last
    r"\s*,?\s+(?:maybe|perhaps|probably|possibly|pls|plz|please|or\s+not|or\s+no|i\s+think|"
    r"i\s+guess)\s*[?.!]*\s*$|\s*,\s*(?:and\s+)?(?:how|what|can|could|please)\b|"
    # "controlling for A and B, and she wants it from ...": a new clause with its own subject
    r"\s*,\s*(?:and|but|so)\s+(?:she|he|they|we|i|my|our|his|her|their)\s+|"
    # "partial out A and B, then regress Y on X": the next step of the request
    r"\s*,\s*(?:and\s+)?then\s+|"
    # "controlling for A and B, for X on Y?": the pair the options are for, after a comma
    r"\s*,\s*for\s+(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,3}?\s+on\s+|"
    # "adjust for premium and driver age, matching, 99% CI": an option after a comma ends a list
    r"\s*,\s*(?:and\s+)?(?:(?:\d+(?:\.\d+)?\s*%|\d+\s+(?:bootstrap|resampl|draws|reps))|"
    + "|".join(f"(?:{p})" for p in lexicon.METHODS)
    + r")|\s*,\s*(?:or|but)\s+(?:also|is|are|does|do|just|only|directly|indirectly|not|something|both)\b|"
    r"\s+(?:as\s+(?:covariates?|controls?|confounders?)\b|using|use|with|"
    r"(?:and|,)\s+(?:then\s+)?(?:use|try|switch|run|redo|rerun|swap|change|add)|"
    r"via|through|by|across|per|within|instrument\w*|mediat\w*|at|alpha|significance|"
    r"bootstrap\w*|on\s+(?:the\s+)?(?:effect|outcome)|to\s+(?:estimate|see|check|find)|"
    r"is\s+(?:the\s+)?(?:effect|relationship)|what|how|does|do|constant|fixed|instead|too|change\s+the|"
    r"as\s+well|also|when|if|given|because|due\s+to|thanks\s+to|for\s+(?:the\s+)?effect|"
    r"in\s+(?:the\s+)?(?:estimate|model)|controlled|adjusted|held)\b)"
)


#: The relation a confounder is said of, after it: " in the effect of X on Y", " in the X-Y
#: link", " for irrigation -> yield", " for X on Y".
_OF_RELATION = (
    r"\s+(?:in|for|on|behind|within|of)\s+(?:the\s+|this\s+|that\s+|its\s+|their\s+)?"
    r"(?:(?:estimated\s+|causal\s+|apparent\s+)?(?:effects?|impacts?|links?|relation\w*|associations?|"
    r"correlations?|estimates?)\b|"
    r"[\w'\-]+(?:\s+[\w'\-]+){0,2}?\s*(?:->|\bon\b|[-/]\s*[\w'\-]+(?:\s+[\w'\-]+)?\s+"
    r"(?:link|relation\w*|association|correlation|effect|gap)\b))"
)

#: "real, or just Z": a verdict asked against a third variable, the verb left out (not "real or
#: just chance": noise, not a confounder).
_REAL_OR_JUST = (
    r"\b(?:real|genuine|causal|true|legit)\s*,?\s+or\s+"
    # ("real or it is because of Z", "real or is it due to Z")
    r"(?:(?:is\s+it|it\s+is|it's|is\s+that|that\s+is|that's)\s+)?"
    r"(?:(?:just|only|simply|merely|mostly|all)\s+|(?=(?:because\s+of|due\s+to)\s))"
    r"(?!(?:an?\s+)?(?:chance|noise|luck|coincidence|correlation|fluke|random)\b)"
)
#: An association put down to a third variable: "the correlation between X and Y is due to Z",
#: "the link of X with Y, it comes from Z?" (a change named there is a mechanism: not this).
_ASSOC_PUT_DOWN = (
    r"\b(?:correlation|association|link|relation(?:ship)?|connection)\b[^?.;!]*?\b"
    r"(?P<put>because\s+of|due\s+to|down\s+to|driven\s+by|caused\s+by|com(?:es|e|ing)\s+from)\s+"
    r"(?!(?:the\s+|their\s+|its\s+)?(?:lower|higher|reduced|increased|more|less|fewer|better|worse|"
    r"shorter|longer|bigger|smaller|larger|chance|noise|luck|coincidence|random\w*|selection)\b)"
)
#: A confounder's phrase up to the end of its slot or the relation said after it.
_Z_BEFORE_RELATION = (
    rf"(?P<z>(?:(?!{_OF_RELATION})[\w ,'&+\-/])+?)(?:{_SLOT_END}|(?={_OF_RELATION}))"
)


#: "just because <subject> ...": a doubt that blames the effect on what the subject names.
_JUST_BECAUSE = re.compile(
    r"\b(?:just|only|simply|merely)\s+(?:because|bc)\s+(?:the\s+|their\s+)?"
    r"(?!(?:it|they|he|she|we|you|i|those|these|there|of|this|that|its|their|them|people|"
    r"everyone|some|more|less|most)\b)(?P<z>[\w'\-]+(?:\s+[\w'\-]+){0,2})"
)


#: A variable said with the change it undergoes ("the setpoint ends up lower", "baskets get
#: bigger", "the braking goes down"): what a treatment brings about, its mechanism.
_CHANGE_AFTER = (
    r"[\w'\-]+(?:\s+[\w'\-]+){0,2}?\s+(?:ends?\s+up|ended\s+up|goes|go|went|gets?|got|becomes?|"
    r"became|grows?|grew|drops?|dropped|falls?|fell|rises?|rose|is|are|was|were)\s+(?:\w+\s+)?"
    r"(?:down|up|lower|higher|bigger|smaller|larger|longer|shorter|fewer|less|more|better|worse|"
    r"reduced|increased)\b"
    # ("only because single parents get more of it": they get more of the treatment, a selection)
    r"(?!\s+of\s+(?:it|them|this|that)\b)"
)


#: A rival explanation said as the second half of an either-or question: "is it the training
#: that keeps people, or do the promoted ones just train more?", "is the training really, or the
#: chains train more?": the first half names the treatment, the second a group that gets more of
#: it (or does more of something) anyway, a common cause. The rival's subject is a noun (not a
#: pronoun, not a preposition: "or on the cost?"), followed by "just/only/simply ..." or by a
#: verb and "more/less/often" (a selection), not by "that" (the direction turned round).
_RIVAL_OR = re.compile(
    r"\b(?:is|was|are)\s+(?:it\s+)?(?:really\s+|actually\s+|truly\s+)?(?:the\s+|their\s+)?"
    r"[\w'\-]+(?:\s+[\w'\-]+){0,3}?(?:\s+(?:that|which|who)\s+[^?;,]*?|\s+(?:really|actually|truly|"
    r"real|itself))\s*,?\s+or\s+(?:(?:is|was)\s+it\s+(?:that\s+|because\s+)?|do\s+|does\s+|did\s+|"
    r"are\s+|were\s+|is\s+)?(?:the\s+|their\s+|just\s+)?"
    r"(?!(?:it|they|he|she|we|you|i|those|these|there|this|that|its|their|them|people|everyone|"
    r"some|more|less|most|on|for|in|with|by|to|of|not|no|just|only|simply|merely)\b)"
    r"(?P<z>[\w'\-]+(?:\s+(?!(?:just|only|simply|merely|that|which|who)\b)[\w'\-]+){0,2}?)\s+"
    r"(?:(?:just|only|simply|merely|naturally|already)\s+[\w'\-]+|"
    r"(?!(?:that|which|who)\b)[\w'\-]+\s+(?:[\w'\-]+\s+){0,3}?(?:more|less|fewer|often|both)\b)"
)


def _doubted_subject(ql: str) -> str | None:
    """The subject of "just because <subject> <verb> ..." when it is a noun (a pronoun's doubt
    is read elsewhere), or of a rival explanation said as the other half of an either-or
    question: its first word, with the column words that follow it ("prior gpa")."""
    m = _JUST_BECAUSE.search(ql) or _RIVAL_OR.search(ql)
    if m is None:
        return None
    if re.match(_CHANGE_AFTER, ql[m.start("z") :]):
        return None  # "only because the setpoint ends up lower": a change it brings, a mechanism
    words = m.group("z").split()
    cw = _COLUMN_WORDS.get()
    keep = [words[0]]
    for w in words[1:]:
        if w not in cw:
            break
        keep.append(w)
    return " ".join(keep)


#: A request to adjust for nothing: "don't adjust for anything", "without controlling for
#: anything".
_NO_ADJUSTMENT = re.compile(
    r"\b(?:don'?t|do\s+not|never|no\s+need\s+to|without)\s+(?:\w+\s+)?(?:adjust\w*|control\w*|"
    r"condition\w*|correct\w*)\s+(?:for|on)\s+(?:anything|any\s*thing|any\s+(?:covariates?|controls?|"
    r"variables?|confounders?))\b"
)


#: A column named as a confounder in a clause of its own: one to three words, none of them an
#: adjective of the noun ("the obvious confounders") or a pronoun.
_CONFOUNDER_NOUN_Z = (
    r"(?!(?:obvious|usual|main|potential|possible|real|only|other|any|some|likely|hidden|important|"
    r"key|big|major|unmeasured|these|those|there|it|this|that|they|which|what)\b)[a-z][\w'\-/&+]*"
    r"(?:\s+(?!(?:is|are|a|an|the|maybe|perhaps|also|really)\b)[\w'\-/&+]+){0,2}"
)


def _controls(ql: str) -> list[str]:
    """Columns to control for, wherever the question names them."""
    out: list[str] = []
    # "please don't adjust for anything, my boss wants ...": a refusal names no control
    ql = _NO_ADJUSTMENT.sub(" ", ql)
    pats = [
        # "keep age and plan in mind when you estimate this", "bearing region in mind"
        r"\b(?:keep(?:s|ing)?|bear(?:s|ing)?)\s+(?:the\s+)?(?P<z>[\w ,'&+\-/#]+?)\s+in\s+mind\b",
        # "keeping age fixed", "holding income constant"
        r"\b(?:keep(?:s|ing)?|hold(?:s|ing)?)\s+(?:the\s+)?(?P<z>[\w ,'&+\-/#]+?)\s+(?:fixed|constant|equal|"
        r"the\s+same|steady)\b",
        # "keeping fixed the age and the contract type"
        r"\b(?:keep(?:s|ing)?|hold(?:s|ing)?)\s+(?:fixed|constant|steady|equal)\s+(?:the\s+)?"
        r"(?P<z>[\w ,'&+\-/#]+?)" + _SLOT_END,
        # (not "without controlling the income": what is dropped; "with and without adjusting
        # for age" compares both)
        r"(?:(?<=\bwith\sand\swithout\s)|(?<!\bwithout\s)(?<!\bwithout\sto\s))"
        r"\b(?:control(?:ling|led|s)?|adjust(?:ing|ed|ment)?|adj\.?|condition(?:ing|ed)?|"
        r"holding|accounting|correcting|stratifying|"
        # "so account for plan tier and age: ...": the imperative, said as a request ("does
        # income account for the gap?" names no controls)
        r"(?:^|(?<=[,;:.!?]\s)|(?<=\bso\s)|(?<=please\s)|(?<=\band\s)|(?<=\bto\s))(?:account|correct)(?=\s+for\b))"
        r"\s+(?:(?:for|on)\b)?\s*(?:the\s+)?"
        # ("the raw vs adjusted difference in Y": a result, not a list of controls)
        r"(?!(?:difference|differences|estimates?|effects?|comparisons?|numbers?|gaps?|figures?|"
        r"association|version|results?|ones?|one|set|sets)\b)"
        r"(?:confound(?:ing|ers?)?\s+(?:by|from|of|due\s+to)?\s*)?(?P<z>[\w ,'&+\-/]+?)"
        + _SLOT_END,
        # "X -> Y w/ district + dock cnt": names joined by "+" after "with" are the controls
        r"\bwith\s+(?P<z>[\w' \-]+?\s*\+\s*[\w ,'&+\-]+?)" + _SLOT_END,
        # (the nearest "with": "go with weighting myself, with A and B as controls")
        r"\b(?:with|using|taking|treating|include|including|add|adding|put|use)\s+"
        r"(?P<z>(?:(?!\b(?:with|using)\s)[\w ,'&+\-/])+?)\s+as\s+"
        r"(?:the\s+|my\s+|an?\s+|another\s+|extra\s+|additional\s+)?"
        # ("with severity as the suspected confounder")
        r"(?:(?:suspected|possible|potential|likely|main|obvious|prime)\s+)?(?:covariates?|controls?|confounders?|control\s+variables?|"
        r"adjustment\s+set|common\s+causes?)\b",
        # "X -> Y, region as confounder": a clause of its own that gives columns the role
        r"(?:^|[,;:(]\s*)(?:and\s+|plus\s+)?(?:the\s+)?(?P<z>(?!(?:with|using|it|this|that)\b)[\w '&+\-/]+?)"
        r"\s+as\s+(?:the\s+|my\s+|an?\s+|extra\s+|additional\s+)?(?:(?:suspected|possible|potential|likely|"
        r"main|obvious|prime)\s+)?(?:covariates?|controls?|confounders?|control\s+variables?|common\s+causes?)"
        r"(?=\s*(?:[,;.?!)]|$))",
        r"\b(?:covariates?|controls?|confounders?|adjustment\s+set|common\s+causes?|adjust(?:ing)?(?:\s+for)?)\s*"
        r"(?::|=|are|is|being|include|including)\s*(?P<z>[\w ,'&+\-/]+?)" + _SLOT_END,
        # ", confounders age and baseline HbA1c": a labelled list without a colon
        r"(?:^|[,;(]\s*)(?:the\s+|my\s+)?(?:covariates?|controls|confounders?)\s+(?!(?:are|is|of|for|in|to|as|and|"
        r"were|would|should|could|might|will|can|like|such|that|which)\b)(?P<z>[\w ,'&+\-/]+?)"
        + _SLOT_END,
        # (the confounder ends before the relation it is said of: "confounding by rainfall in
        # the effect of X on Y", "... by Z in irrigation -> yield", "... by Z for X on Y")
        r"\b(?:confound(?:ed|ing)?|distorted|biased|skewed|inflated|deflated|exaggerated|overstated|"
        r"understated)\s+(?:by|from|due\s+to|through)\s+" + _Z_BEFORE_RELATION,
        r"\b(?:taking|take)\s+(?P<z>[\w ,'&+\-/]+?)\s+into\s+account\b",
        # "once you factor in the district", "after allowing for age"
        r"\b(?:factor(?:s|ed|ing)?\s+in|allow(?:s|ed|ing)?\s+for)\s+(?:the\s+)?(?P<z>[\w ,'&+\-/]+?)"
        + _SLOT_END,
        # "baseline HbA1c has to be in the adjustment set", "tenure must go in the model": a
        # column said to belong among the controls
        r"(?:^|[,;:.!?]\s*|\b(?:and|so|but|also)\s+)(?:the\s+|their\s+|its\s+)?(?P<z>(?!(?:it|this|that|they|we|i|"
        r"you|there|which)\b)[\w'\-]+(?:\s+(?!(?:has|have|needs?|must|should|ought)\b)[\w'\-]+){0,3}?)\s+"
        r"(?:(?:has|have|needs?|ought)\s+to|must|should)\s+(?:be|go|stay)\s+(?:in|into)\s+(?:the\s+)?"
        r"(?:adjustment(?:\s+set)?|model|controls?|covariates?|regression)\b"
        # ("..., and the shift too": a second one added to it)
        r"(?:\s*,?\s+and\s+(?:the\s+|their\s+)?(?P<z2>(?!(?:it|this|that|then|so|don'?t)\b)[\w'\-]+"
        r"(?:\s+[\w'\-]+){0,2}?)\s+(?:too|as\s+well)\b)?",
        # "add Z to the adjustment (set)", "put Z in the controls"
        r"\b(?:add|adding|include|including|put|throw)\s+(?:in\s+)?(?P<z>[\w ,'&+\-/]+?)\s+(?:to|in|into)\s+"
        r"(?:the\s+)?(?:adjustment(?:\s+set)?|controls?|covariates?|confounders?|common\s+causes)\b",
        # "rainfall could drive both"
        r"\b(?P<z>(?!(?:but|and|so|or|yet|that|this|it)\b)[\w'\-]+(?:\s+(?!could|might|may)[\w'\-]+)?)\s+(?:could|might|may|would|can)\s+"
        r"(?:also\s+)?(?:be\s+)?(?:drive|driving|cause|causing|explain|explaining|affect|affecting|influence|"
        r"influencing)\s+both\b",
        # "maybe the prior GPA influences both": the same said without the modal
        r"\b(?:maybe|perhaps|probably|possibly)\s*,?\s+(?:the\s+|their\s+)?(?P<z>(?!(?:it|that|this|they)\b)"
        r"[\w'\-]+(?:\s+(?!influences?\b|affects?\b|drives?\b|causes?\b|explains?\b)[\w'\-]+)?)\s+(?:also\s+)?"
        r"(?:drives?|causes?|explains?|affects?|influences?|impacts?)\s+(?:them\s+)?both\b",
        # "could income be behind both?"
        r"\b(?:could|might|may|would|can|is|are)\s+(?:the\s+)?(?P<z>(?!(?:it|that|this|they)\b)[\w'\-]+(?:\s+[\w'\-]+)?)\s+"
        r"(?:also\s+)?(?:be\s+)?(?:behind|driving|causing)\s+both\b",
        # "the correlation between X and Y is due to Z", "..., it comes from Z?"
        _ASSOC_PUT_DOWN + r"(?:the\s+|their\s+|its\s+)?(?P<z>[\w ,'&+\-/]+?)" + _SLOT_END,
        # "only correlation because of single parents"
        r"\b(?:correlation|correlated|association|coincidence)\s+(?:because\s+of|due\s+to)\s+(?:the\s+)?"
        r"(?P<z>[\w ,'&+\-/]+?)" + _SLOT_END,
        # "spurious because of region?"
        r"\b(?:spurious|confounded|biased|misleading)\s+(?:because\s+of|due\s+to|thanks\s+to)\s+(?:the\s+)?"
        r"(?P<z>[\w ,'&+\-/]+?)" + _SLOT_END,
        # "is the maintenance-downtime link really about machine age?", "could the training
        # effect be just a chain thing?": the relation doubted, put down to a third column
        r"\b(?:link|relation\w*|association|correlation|connection|effect|gap|difference|benefit)\b[^?.;!]*?"
        r"\b(?:really|actually|just|only|simply|merely|all)\s+(?:be\s+)?(?:about|down\s+to)\s+(?:the\s+)?"
        r"(?P<z>(?=[a-z])[\w ,'&+\-/]+?)" + _SLOT_END,
        r"\b(?:link|relation\w*|association|correlation|connection|effect|gap|difference|benefit)\b[^?.;!]*?"
        r"\b(?:really|actually|just|only|simply|merely)\s+(?:be\s+)?an?\s+(?P<z>[\w'\-]+(?:\s+[\w'\-]+)?)\s+"
        r"thing\b",
        # "just credit score in disguise", "only a proxy for income"
        r"\b(?:just|only|merely|really|simply)\s+(?:the\s+)?(?P<z>[\w ,'&+\-/]+?)\s+in\s+disguise\b",
        r"\b(?:proxy|stand[\s-]?in)\s+for\s+(?:the\s+)?(?P<z>[\w ,'&+\-/]+?)" + _SLOT_END,
        # "X -> Y, is machine age a confounder?", "..., machine age is confounder or not?": a
        # clause of its own that calls a column a confounder (not "the obvious confounders")
        r"(?:^|[,;:.?!]\s*|\b(?:and|but|so)\s+)(?:is|are|was)\s+(?!(?:it|this|that|there|these|those|they)\b)"
        r"(?:the\s+)?(?P<z>"
        + _CONFOUNDER_NOUN_Z
        + r")\s+(?:really\s+|also\s+|maybe\s+)?(?:an?\s+|the\s+)?"
        r"(?:confounders?|confounding(?:\s+(?:factors?|variables?))?|common\s+causes?)(?=\s*(?:[,;?!.]|$)|"
        r"\s+(?:or\s+not|here|in\s+this|at\s+all)\b)",
        r"(?:^|[,;:.?!]\s*|\b(?:and|but|so)\s+)(?:maybe\s+|perhaps\s+|probably\s+|possibly\s+)?(?:the\s+)?"
        r"(?P<z>"
        + _CONFOUNDER_NOUN_Z
        + r")\s+(?:maybe\s+|perhaps\s+)?(?:is|are)\s+(?:maybe\s+|also\s+|really\s+)?"
        r"(?:an?\s+|the\s+)?(?:confounders?|confounding(?:\s+(?:factors?|variables?))?|common\s+causes?)"
        r"(?=\s*(?:[?!]|$)|\s+(?:or\s+not|here|in\s+this|at\s+all)\b|\s*,\s*(?:or|isn'?t|no|yes|right)\b)",
        # "is rainfall confounding it?", "could Z be confounding the link", "could store size be
        # distorting the app's effect on revenue?"
        r"\b(?:is|are|could|might|would|can)\s+(?:the\s+)?(?P<z>[\w ,'&+\-/]+?)\s+(?:be\s+)?(?:confounding|"
        r"(?:distorting|biasing|skewing|inflating|muddying|muddling|contaminating)(?=\s+(?:(?:the|this|that|"
        r"our|its|their)\b)?[^?]*\b" + _BLAMED_OBJECT + r"))\b",
        # "the district is muddying the comparison, no?": the same blame said as a statement
        # with a question tag (or a question mark)
        r"(?:^|[,;:.?!]\s*|\b(?:and|but|so|maybe|perhaps)\s+)(?:the\s+)?(?P<z>(?!(?:it|this|that|there|what|"
        r"which|something|anything)\b)[\w'&+\-/]+(?:\s+[\w'&+\-/]+){0,2}?)\s+(?:is|are|could\s+be|might\s+be|"
        r"may\s+be)\s+(?:really\s+|maybe\s+|also\s+)?(?:distorting|biasing|skewing|inflating|muddying|muddling|"
        r"contaminating)\s+(?:(?:the|this|that|our|its|their)\s+)?"
        + _BLAMED_OBJECT
        + r"(?=[^.;]*(?:\?|$|,\s*(?:no|right|isn'?t\s+it|don'?t\s+you\s+think)\b))",
        # "... could that be down to their baseline HbA1c rather than the device?"
        r"\b(?:down\s+to|due\s+to|because\s+of)\s+(?:the(?:ir)?\s+|its\s+)?(?P<z>[\w ,'&+\-/]+?)\s+"
        r"rather\s+than\b",
        r"\bmatch(?:ing|ed)?\s+(?:them\s+|units\s+|on\s+|by\s+)(?:on\s+)?(?P<z>[\w ,'&+\-/]+?)"
        + _SLOT_END,
        r"\bnet\s+of\s+(?P<z>[\w ,'&+\-/]+?)" + _SLOT_END,
        # "comparing like-for-like stores by location and size": units alike on those columns
        r"\blike[\s-]+for[\s-]+like(?:\s+[\w\-]+)?\s+(?:by|on|in\s+terms\s+of|with\s+respect\s+to)\s+"
        r"(?P<z>[\w ,'&+\-/]+?)" + _SLOT_END,
        # "among members with the same plan and age", "comparing stores of similar size": units
        # alike on a column are compared, i.e. it is held fixed
        r"\b(?:with|having|sharing|who\s+(?:have|has|had|share)|of|at|in|within)\s+(?:the\s+|a\s+)?"
        r"(?:same|equal|identical|similar|comparable)\s+"
        r"(?!(?:controls?|settings?|methods?|data|options?|graph|model|questions?|analys[ie]s|samples?|"
        r"tables?|datasets?|setup|covariates?|approach|treatment|outcome|way|thing|one|ones|time|"
        r"effect|results?|estimates?|numbers?)\b)(?P<z>[\w ,'&+\-/]+?)" + _SLOT_END,
        # "check it against prior gpa": a doubt tested with the variable that could explain it
        r"\b(?:check|test|verify|stress[\s-]?test)(?:s|ed|ing)?\s+(?:it|this|that|them)\s+against\s+(?:the\s+)?"
        r"(?P<z>[\w ,'&+\-/]+?)" + _SLOT_END,
        # "conditional on Z", "partialling out Z", "after removing (the influence of) Z"
        r"\b(?:conditional\s+(?:on|upon)|partial+(?:ing|ed)?\s+out|residuali[sz](?:ing|ed)\s+(?:on|for)|"
        r"(?:after\s+)?removing\s+(?:the\s+(?:effect|influence|role)\s+of\s+)?)\s*(?:the\s+)?"
        r"(?P<z>[\w ,'&+\-/]+?)" + _SLOT_END,
        # (not "only because of the lower setpoint": a change the treatment makes is a mechanism)
        r"\b(?:just|only|simply|merely|all)\s+(?:because\s+of|due\s+to)\s+(?:the(?:ir)?\s+|its\s+|his\s+|her\s+)?"
        r"(?!(?:lower|higher|reduced|increased|more|less|fewer|better|worse|shorter|longer|bigger|smaller|larger)\s)(?P<z>[\w ,'&+\-/]+?)"
        + _SLOT_END,
        # "maybe it is because of the region", "or is it due to the segment?": a doubt put down
        # to a column as it is
        r"\b(?:(?:maybe|perhaps|probably|or)\s+(?:it\s+is|it's|is\s+it)|or\s+(?:it\s+is|is\s+it))\s+(?:just\s+|only\s+|all\s+)?"
        r"(?:because\s+of|due\s+to)\s+(?:the(?:ir)?\s+|its\s+)?(?!(?:lower|higher|reduced|increased|more|less|fewer|"
        r"better|worse|shorter|longer|bigger|smaller|larger)\s)(?P<z>[\w ,'&+\-/]+?)" + _SLOT_END,
        # "is the effect only apparent, because of the credit score?", "spurious due to Z": an
        # effect doubted as an appearance that a third variable makes
        r"\b(?:only\s+|just\s+|merely\s+|simply\s+)?(?:apparent|spurious|illusory|an?\s+illusion|"
        r"an?\s+artef?i?fact|not\s+real)\s*,?\s+(?:because\s+of|due\s+to|caused\s+by|com(?:es|ing)\s+from)\s+"
        r"(?:the(?:ir)?\s+|its\s+)?(?!(?:lower|higher|reduced|increased|more|less|fewer|better|worse|shorter|"
        r"longer|bigger|smaller|larger)\s)(?P<z>[\w ,'&+\-/]+?)" + _SLOT_END,
        # "how much of the metro effect on rides is just the district?": a share of the effect
        # put down to a plain variable (not a change the treatment makes) doubts it as confounded
        _HOW_MUCH_IS_JUST + r"(?P<z>[\w'\-]+(?:\s+[\w'\-]+)?)" + _SLOT_END,
        _IS_JUST + r"(?P<z>[\w'\-]+(?:\s+[\w'\-]+){0,2}?)" + _TALKING + _SLOT_END,
        # "is that just because they were injured before": the clause names the confounder
        r"\b(?:just|only|simply|merely)\s+because\s+(?:they|it|he|she|we|those|these)\s+(?:were|was|are|is|had|have|got)\s+"
        r"(?:already\s+)?(?P<z>[\w ,'&+\-/]+?)" + _SLOT_END,
        r"\bor\s+(?:is\s+it|is\s+that|it's|it\s+is)\s+(?:just\s+|really\s+|actually\s+)?"
        r"(?:due\s+to\s+|because\s+of\s+)?(?:the\s+)?(?P<z>[\w ,'&+\-/]+?)\s*$",
        r"\b(?:does|do|could|might|would|can|may)\s+(?P<z>[\w ,'&+\-/]+?)\s+confound\b",
        _REAL_OR_JUST + r"(?:due\s+to\s+|because\s+of\s+)?(?:the\s+)?(?P<z>[\w ,'&+\-/]+?)\s*$",
        # "(check) whether being a chain confounds the training effect": the indirect question
        # (the nearest "whether": "whether X affects Y, and whether Z confounds it")
        r"\b(?:whether|if)\s+(?P<z>(?:(?!\b(?:whether|if)\b)[\w ,'&+\-/])+?)\s+confounds?\b",
        # "(I fear that) education confounds the relation", "maybe Z explains the link between"
        r"(?:^|\b(?:that|whether|if|maybe|perhaps|possibly)\s+)(?:the\s+)?(?P<z>[\w'\-]+(?:\s+[\w'\-]+)?)\s+"
        r"(?:(?:could|might|may|would|can)\s+(?:also\s+)?)?(?:really\s+|actually\s+|just\s+)?"
        r"(?:confounds?|explains?(?:\s+away)?|accounts?\s+for)\s+"
        r"(?:the\s+|this\s+|that\s+)?(?:relation\w*|link|association|correlation|connection|gap|difference)\b",
        # (not across a clause: "the ones with an injury history get rested, so age has to be
        # accounted for" holds age fixed, not the injury history)
        r"\b(?:when|with|while|if|where|after|once)\s+(?P<z>(?:(?!,\s*(?:so|but|because|which|and\s+so)\b)"
        r"[\w ,'&+\-/])+?)\s+(?:(?:is|are|has\s+to\s+be|have\s+to\s+be|must\s+be|needs?\s+to\s+be|"
        r"should\s+be)\s+)?(?:controlled|adjusted|accounted|corrected)(?:\s+for)?\b",
        r"\b(?:when|with|while|if)\s+(?P<z>[\w ,'&+\-/]+?)\s+(?:(?:is|are)\s+)?held\s+(?:constant|fixed)\b",
        # "my supervisor wants age and severity held fixed", "she'd like tenure controlled for":
        # controls someone asks for, said as a wish
        r"\b(?:wants?|wanted|needs?|would\s+like|'d\s+like|prefers?|asked\s+for|asks\s+for|insists?\s+on)\s+"
        r"(?P<z>(?!(?:it|them|that|this|to|(?:the|this|that)\s+(?:effect|estimate|result|analysis|model|"
        r"numbers?|comparison))\b)[\w ,'&+\-/]+?)\s+(?:to\s+be\s+)?(?:(?:held|kept)\s+(?:constant|fixed)|"
        r"(?:controlled|adjusted|accounted)\s+for)\b",
        # "when the job level is same", "while age stays the same": a condition that holds Z
        # alike ("if" is left out: "if the effect is the same in ..." asks about subgroups)
        r"\b(?:when|while)\s+(?!(?:the\s+)?(?:effect|result|estimate|answer|number)s?\b)"
        r"(?P<z>[\w ,'&+\-/]+?)\s+(?:is|are|stays?|remains?|kept|keeps)\s+(?:the\s+)?"
        r"(?:same|equal|unchanged|constant|fixed)\b",
    ]
    for pat in pats:
        for m in re.finditer(pat, ql):
            z = m.group("z")
            if m.groupdict().get("z2"):
                z = f"{z} and {m.group('z2')}"  # "Z has to be in the adjustment set, and W too"
            if re.search(r"\b(?:whether|if)\s", z) and re.search(r"\s(?:is|are)$", z):
                # "(would) like you to check if the age is (confounding ...)": the subject of
                # the indirect question
                z = re.sub(r"^.*\b(?:whether|if)\s+(?:the\s+)?|\s+(?:is|are)$", "", z)
            if re.fullmatch(
                r"\s*(?:it|that|this|them|confounding|confounders|everything|one|ones|"
                # "match them on those two things": a pointer to the controls said before
                r"(?:those|these|both|the)\s+(?:two|three|four|both)?\s*(?:things|variables|factors|"
                r"columns|ones|characteristics|dimensions)|"
                # "with A and B as controls - can you run that?": the request after a dash
                r"(?:[-:]\s*)?(?:can|could|would|will)\s+you\b.*|[-:]\s*(?:please|thanks?)\b.*|"
                # "add footfall as a control and run it again": the request after the list
                r"(?:and\s+|then\s+)+(?:re-?run\w*|run\w*|redo\w*|repeat\w*|try\w*|do(?:ing)?)\s+"
                r"(?:it|this|that|the\s+\w+)\b.*|"
                # "or is it confounded?": the verdict asked for, not a column
                r"confounded|biased|spurious|misleading|(?:an?\s+|just\s+)?correlation|"
                # "the adjusted estimate": the result asked for, not a column
                r"(?:estimates?|numbers?|results?|figures?|versions?|effects?)|to\s+(?:know|see|check)\b.*|"
                # "as controls when estimating X's effect": the clause of the request, no column
                r"(?:when|while|whilst|before|after|in)\s+\w+ing\b.*|"
                # "stratifying on the propensity score": the estimator, not a column
                r"(?:the\s+)?(?:estimated\s+)?propensit(?:y|ies)(?:[\s-]+scores?)?|"
                r"(?:all|every)\s+(?:the\s+)?(?:other\s+)?(?:\w+\s+)?(?:columns?|variables?|covariates?)|"
                r"everything\s+else|all\s+else|the\s+rest|"
                # "because of other thing", "something else": a third variable left unnamed
                r"(?:(?:some|any|an?|the)\s+)?(?:other|another|third)(?:\s+\w+)?|"
                r"(?:some|any)thing(?:\s+else)?|someone\s+else|"
                # "or is it real": a verdict asked for, no variable
                r"(?:an?\s+)?(?:real|true|genuine|legit(?:imate)?|causal|actual|chance|luck|noise|"
                r"coincidence|random)(?:\s+(?:effect|thing|one|link))?)\s*",
                z,
            ):
                continue
            for c in _split_list(z):
                if re.match(r"(?:but\s+)?(?:not|except|excluding|without)\b", c):
                    continue  # "adjust for A and B, not C": C is left out on purpose
                # "the same plan and the same age": each item says "same" again
                c = re.sub(r"^(?:the\s+)?(?:same|equal|identical|similar|comparable)\s+", "", c)
                bare = re.sub(
                    r"\s+(?:estimators?|estimates?|estimation|approach|methods?|models?|learners?)$",
                    "",
                    c,
                )
                if any(re.fullmatch(p, bare) for p in lexicon.METHODS):
                    # "w/ ipw + aipw", "with a doubly robust estimator, with department as a
                    # control": estimators, not variables to hold fixed
                    continue
                if c not in out:
                    out.append(c)
    z = _doubted_subject(ql)
    if z and z not in out:
        out.append(z)
    return out


def _treat_phrase(p: str | None) -> str | None:
    """The treatment in comparison wordings: 'treated and untreated' -> 'treated', 'those who got
    the new drug' -> 'new drug', 'with and without coupons' -> 'coupons'."""
    if p is None:
        return None
    p = re.sub(r"^(?:with\s+and\s+without|with\s+or\s+without)\s+", "", p)
    p = re.sub(
        r"^(?:those|people|patients|customers|students|users|units|the\s+ones|ones|subjects|"
        r"participants|employees|firms|stores)\s+(?:who|that|with|on|taking|getting|receiving)\s+"
        r"(?:got|get|gets|received|receive|took|take|had|have|has|were\s+given|used|use)?\s*",
        "",
        p,
    )
    p = re.sub(
        r"^(?:the\s+)?[a-z]{3,}s\s+(?:use|used|get|got|have|had|take|took|receive|received|buy|"
        r"bought|open|opened|see|saw|are\s+given|were\s+given)\s+",
        "",
        p,
    )
    m = re.fullmatch(
        r"(?P<a>[\w .'\-]+?)\s+(?:and|vs\.?|versus|or)\s+(?:un|non[\s-]?|no\s+|not\s+)(?P=a)", p
    )
    if m:
        p = m.group("a")
    p = re.sub(
        r"\s+(?:and|vs\.?|versus|or)\s+(?:untreated|unexposed|controls?|not|non\w*).*$", "", p
    )
    return _strip(p)


#: "how much of", "what fraction of": a share of an effect (that goes through a mediator).
_SHARE_OF = (
    r"(?:how much|what (?:share|part|portion|fraction|proportion|percentage|percent)|"
    r"which (?:part|share|portion))"
)
#: Nouns for the units of a table: "better for irrigated plots" names a group, not an outcome.
_UNIT_NOUNS = (
    r"(?:people|persons|workers|staff|employees|plots|patients|students|customers|users|ones|units|"
    r"buildings|stores|shops|players|households|lines|farms|fields|borrowers|subjects|machines)"
)
_EFFECT_PATTERNS = [
    # "the uplift in basket value from the loyalty app": a change of Y credited to X
    rf"\b(?:(?:up)?lift|boost|gain|increase|rise|improvement|drop|reduction|decrease|savings?)\s+in\s+"
    rf"(?:the\s+)?{_PH.format(name='y')}\s+(?:that\s+(?:comes|we\s+get)\s+)?(?:from|thanks\s+to|"
    rf"attributable\s+to|caused\s+by)\s+(?:the\s+|a\s+|an\s+|our\s+)?{_PH.format(name='t')}{_STOP}",
    # "did the bills come down after the smart thermostats?", "facilities claim the bills fell
    # because of the new boilers": a change of Y said with what brought it, X
    rf"(?:^|\b(?:did|does|do|has|have|had|will|would|that|claims?|says?|said|thinks?|believes?|"
    r"reckons?|whether)\s+)(?:the\s+|our\s+|their\s+)?(?P<y>(?:(?!\b(?:claims?|says?|said|thinks?|"
    r"believes?|reckons?|that|whether)\b)[\w .'\-/])+?)\s+(?:really\s+|actually\s+)?"
    r"(?:went|go(?:es)?|gone|came|come?s?|fell|fall(?:s|en)?|dropp?(?:ed|s)?|rose|rise[ns]?|"
    r"increased?|decreased?|improved?|shr[iau]nk|gr[eo]w|got\s+(?:better|worse))\s+(?:down\s+|up\s+)?"
    r"(?:after|because\s+of|due\s+to|thanks\s+to|since|following|once)\s+(?:we\s+(?:installed|introduced|"
    r"added|started|rolled\s+out|brought\s+in|put\s+in|got|fitted)\s+)?(?:the\s+|a\s+|an\s+|our\s+)?"
    rf"{_PH.format(name='t')}{_STOP}",
    # "how do rides respond to the promo?", "RPD response to the promo?": what responds is the
    # outcome, what it responds to the treatment
    rf"^(?:so\s+|and\s+)?(?:how\s+)?(?:does|do|did|will|would|can)\s+(?:the\s+)?{_PH.format(name='y')}\s+(?:respond|react)\s+to\s+(?:the\s+|a\s+|an\s+)?{_PH.format(name='t')}{_STOP}",
    rf"^(?:so\s+|and\s+)?(?:the\s+|what\s+is\s+the\s+|what's\s+the\s+)?{_PH.format(name='y')}\s+(?:response|reaction)\s+to\s+(?:the\s+|a\s+|an\s+)?{_PH.format(name='t')}{_STOP}",
    # "how much average handle time changes for agents on the night shift", "how much does Y
    # differ for those with X": what changes is the outcome, the group's attribute the treatment
    rf"\bhow\s+(?:much|far)\s+(?:(?:does|do|did|would|will)\s+)?(?:the\s+)?{_PH.format(name='y')}\s+"
    r"(?:changes?|differs?|shifts?|moves?|goes\s+(?:up|down)|go\s+(?:up|down)|rises?|rise|falls?|fall|"
    r"drops?|improves?|improve)\s+(?:for|among|in)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:who\s+(?:are|were|work|worked)\s+|"
    rf"that\s+(?:are|were)\s+)?(?:on|with|in|under)\s+(?:the\s+|a\s+|an\s+)?{_PH.format(name='t')}{_STOP}",
    # "tell me what maintenance does to defects": the indirect question of what X does to Y
    # (not "what did it do to Y": the direct question, read below)
    rf"\bwhat\s+(?!(?:does|do|did|would|will|could|might|can)\b)(?:the\s+|a\s+|an\s+)?{_PH.format(name='t')}\s+(?:does|do|did|would\s+do|will\s+do|is\s+doing|are\s+doing)\s+"
    rf"(?:to|for)\s+(?:the\s+)?{_PH.format(name='y')}{_STOP}",
    # "how many days out does the physio programme save?": what X saves, costs or adds of Y
    rf"\bhow\s+(?:much|many)\s+(?:extra\s+|more\s+|fewer\s+|less\s+)?{_PH.format(name='y')}\s+(?:does|do|did|would|will|"
    rf"can|could)\s+(?:the\s+|a\s+|an\s+)?{_PH.format(name='t')}\s+(?:save|cost|add|bring|give|prevent|cut|gain|"
    r"generate|take\s+off|shave\s+off)\b",
    # "is the physio programme associated with fewer days out?": an association with Y
    rf"\b(?:is|are|was|were)\s+(?:the\s+)?{_PH.format(name='t')}\s+(?:causally\s+|really\s+|actually\s+)?"
    r"(?:associated|linked|correlated|related|connected|tied)\s+(?:with|to)\s+(?:(?:fewer|more|less|higher|"
    r"lower|better|worse|shorter|longer|bigger|smaller|greater|reduced|increased)\s+)?(?:the\s+)?"
    rf"{_PH.format(name='y')}{_STOP}",
    # "if we go organic, what happens to revenue?": a change of X said as a condition
    r"\b(?:if|when|once|suppose|say)\s+(?:we|they|you|i|everyone|everybody|(?:the|a|an|our|all|every)\s+[\w\-]+)\s+"
    # (any verb: "go organic", "launch the app", "switch to LED lighting")
    r"(?:start(?:s|ed)?\s+(?:using|offering)|roll(?:s|ed)?\s+out|put\s+in|[a-z]+(?:\s+(?:to|into))?)\s+"
    rf"(?:an?\s+|the\s+|our\s+)?{_PH.format(name='t')}"
    r"(?:\s+(?:everywhere|for\s+everyone|for\s+all|across\s+the\s+board|(?:to|in|at|for)\s+(?:all|every)\s+[\w\-]+))?"
    r"\s*,?\s*(?:then\s+)?(?:what|how\s+much|how)\s+(?:happens|would\s+happen|will\s+happen|"
    r"changes|would\s+change|will\s+change|do\s+we\s+(?:get|see|gain|lose))\s+(?:to|with|for|in|on)\s+"
    rf"(?:the\s+|our\s+|their\s+)?{_PH.format(name='y')}{_STOP}",
    # "risk difference for readmission, treated vs untreated with the new drug", "odds ratio of
    # default by counselling": an effect measure for Y, then the contrast that names X
    r"\b(?:(?:risk|mean|average)\s+(?:difference|ratio)|odds\s+ratio|hazard\s+ratio)"
    rf"(?:\s+\w+)?\s+(?:for|in|of|on)\s+(?:the\s+)?{_PH.format(name='y')}\s*[,;:]?\s*"
    r"(?:(?:treated|exposed)\s+(?:vs\.?|versus|and|or)\s+(?:untreated|unexposed|not)\s+(?:with|on|by|to)|"
    r"comparing\s+(?:those\s+)?(?:with\s+and\s+without|on\s+and\s+off)|by|between|for|from)\s+"
    rf"(?:the\s+)?{_PH.format(name='t')}{_STOP}",
    # "overtime's link to attrition", "the cosigner's association with defaults"
    rf"\b(?:the\s+)?(?P<t>[\w\-]+(?:\s+[\w\-]+)?)'s?\s+(?:link|relationship|association|connection|correlation)\s+(?:to|with)\s+"
    rf"(?:the\s+)?{_PH.format(name='y')}{_STOP}",
    # "is overtime worse for attrition among Sales staff?": what is worse or better for an outcome
    # is the treatment ("is the yield better for irrigated plots" names a group: not this)
    rf"^(?:so\s+|and\s+)?(?:is|are|was|were)\s+(?:the\s+)?{_PH.format(name='t')}\s+(?:(?:much|even|really|any)\s+)?"
    r"(?:worse|better|more\s+harmful|less\s+harmful|more\s+helpful|less\s+helpful|more\s+damaging)\s+for\s+"
    rf"(?:the\s+)?(?P<y>(?!{_UNIT_NOUNS}\b)[\w'\-]+(?:\s+(?!{_UNIT_NOUNS}\b|among\b|in\b|at\b|than\b)[\w'\-]+)?)"
    r"(?=\s+(?:among|in|at|across|between|within|than|by|split|per)\b|\s*,|\s*[?.!]*$)",
    # "the app's revenue effect"
    r"\b(?:of\s+)?(?:the\s+)?(?P<t>[\w\-]+(?:\s+[\w\-]+)?)'s\s+(?P<y>[\w\-]+(?:\s+[\w\-]+)?)\s+(?:effect|impact)\b"
    r"(?!\s+(?:on|of)\b)",
    # "what does device use do to HbA1c?", "what would a tutor do for the final score?"
    # ("how much does fertiliser do for yield?", "how much fertiliser does for yield": how much of
    # it, the same question)
    rf"\b(?:what|how\s+much)\s+(?:(?:does|do|did|would|will|could|might|can)\s+(?:the\s+)?{_PH.format(name='t')}\s+do|"
    rf"(?:the\s+)?{_PH.format(name='ta')}\s+(?:does|do|did|would|will|could|can))\s+"
    rf"(?:to|for)\s+(?:the\s+)?{_PH.format(name='y')}{_STOP}",
    # "how many more gigabytes a month do 5G customers use?": what the treated do more of
    rf"\bhow\s+(?:much|many)\s+(?:more|less|fewer|extra|additional)\s+{_PH.format(name='y')}\s+"
    r"(?:(?:a|an|per|each|every)\s+[a-z]+\s+)?(?:do|does|did|would|will)\s+(?:the\s+)?"
    rf"{_PH.format(name='t')}\s+(?:use|get|consume|spend|have|make|earn|buy|pay|see|take|lose|"
    r"produce|sell|score|gain)\b",
    # "how many extra tonnes per hectare do we get from irrigating?": what X brings, said of Y
    rf"\bhow\s+(?:much|many)\s+(?:extra\s+|more\s+|additional\s+|less\s+|fewer\s+)?{_PH.format(name='y')}\s+"
    r"(?:do|does|did|would|will|can|could)\s+(?:\w+\s+)?(?:get|gain|see|earn|make|harvest|lose|save)\s+"
    rf"(?:from|by|with|out\s+of|thanks\s+to)\s+(?:the\s+)?{_PH.format(name='t')}{_STOP}",
    # "how many extra units per day does each unit of line speed give?"
    rf"\bhow\s+(?:much|many)\s+(?:(?:does|do|would|will)\s+)?(?:extra\s+|more\s+|additional\s+)?(?:the\s+)?{_PH.format(name='ya')}\s+(?:(?:does|do|would|will)\s+)?"
    rf"(?:each|every|one|an?)\s+(?:extra\s+|more\s+|additional\s+)?(?:unit|point|percent|hour|day|euro|dollar)?\s*(?:of\s+)?"
    rf"(?:the\s+)?{_PH.format(name='t')}\s+(?:give|bring|add|yield|produce|buy|get|generate|deliver|cost|take|lose|save|shave)s?\b",
    # "is vibration behind the downtime?"
    rf"\b(?:is|are|was|were)\s+(?:the\s+)?{_PH.format(name='t')}\s+(?:really\s+|actually\s+)?(?:behind|responsible\s+for|"
    rf"the\s+reason\s+for|to\s+blame\s+for)\s+(?:the\s+)?{_PH.format(name='y')}{_STOP}",
    # "which groups benefit most from X in terms of Y?"
    rf"\b(?:benefit|gain|profit)\w*\s+(?:the\s+)?(?:most|more|least)?\s*from\s+(?:the\s+)?{_PH.format(name='t')}\s+"
    rf"(?:in\s+terms\s+of|for|on|in|regarding|when\s+it\s+comes\s+to)\s+(?:the\s+)?{_PH.format(name='y')}{_STOP}",
    # "is footfall lower when a competitor is nearby?": the condition names the treatment
    rf"\b(?:is|are|was|were)\s+(?:the\s+)?{_PH.format(name='y')}\s+(?:lower|higher|bigger|smaller|better|"
    r"worse|longer|shorter|greater)\s+(?:when|if|where|whenever)\s+(?:a|an|the|there\s+is\s+an?)?\s*"
    r"(?P<ta>[\w\-]+(?:\s+[\w\-]+)?\s+(?:is|are|was|were)\s+[\w\-]+)\s*$",
    # "do bigger stores get more footfall?": the adjective names the treatment (size)
    r"\b(?:do|does|did|are|will|would)\s+(?:the\s+)?(?P<ta>(?:bigger|larger|smaller|older|younger|newer|"
    r"richer|poorer|busier|faster|slower)\s+[\w\-]+)\s+(?:get|have|see|show|attract|sell|make|earn|"
    r"produce|tend\s+to\s+have)\s+(?:more|less|fewer|higher|lower|bigger|smaller|better|worse)\s+"
    rf"{_PH.format(name='y')}{_STOP}",
    rf"{_SHARE_OF} of (?:the )?{_PH.format(name='t')}(?:'s?)? (?:causal )?effect on {_PH.format(name='y')} (?:goes|runs|flows|passes|is transmitted|is mediated|is explained|operates|is due to|comes from|(?:is|are)(?= through| via))\s+(?:through|via|by)?\s*{_PH.format(name='m')}{_STOP}",
    # "is footfall the pathway from ad spend to weekly revenue?"
    rf"\b(?:is|are)\s+(?:the\s+)?{_PH.format(name='m')}\s+(?:the|a)\s+(?:main\s+|key\s+)?(?:pathway|path|channel|mechanism|route|link)\s+from\s+(?:the\s+)?{_PH.format(name='t')}\s+to\s+(?:the\s+)?{_PH.format(name='y')}{_STOP}",
    # "counselling mostly works through fewer missed payments when it comes to the risk index"
    rf"(?:^|[;:]\s*)(?:i guess |i think |maybe |perhaps )?(?:the )?{_PH.format(name='t')}\s+(?:mostly |mainly |only |largely |partly )?(?:works?|acts?|operates?)\s+(?:mostly |mainly |largely |partly )?(?:through|via)\s+(?:the )?(?:fewer |more |less |lower |higher )?{_PH.format(name='m')}\s+(?:when it comes to|in terms of|for|on)\s+(?:the )?{_PH.format(name='y')}{_STOP}",
    rf"{_SHARE_OF} of the (?:causal )?effect of {_PH.format(name='t')} on {_PH.format(name='y')} (?:goes|runs|flows|passes|is transmitted|is mediated|is explained|operates)\s+(?:through|via|by)\s+{_PH.format(name='m')}{_STOP}",
    # a noun compound names the outcome first: "the yield impact of pest pressure" (but not
    # "the causal effect of X on Y")
    rf"^(?:what(?:'s| is) |estimate |show |the |is |was |are )*(?:the\s+)?(?!(?:causal|average|treatment|total|direct|indirect|heterogeneous|marginal|natural|overall|estimated|true|real|quantify|estimate|split|compute|measure|find|get|show|the|"
    # (a request's verb is no outcome: "calculate the effect from X to Y")
    rf"calculate|check|tell|give|determine|evaluate|assess|analy[sz]e|see|know|verify|quantify|do|make|run)\b)(?P<y>[\w'\-]+(?:\s[\w'\-]+)?)\s+(?:effect|impact|response|gain|change)s?\s+(?:of|from)\s+(?![^?]*\s(?:on|upon)\s){_PH.format(name='t')}{_STOP}",
    # "is it the ambient temperature that raises the defect rate?": a cleft names the cause
    rf"\b(?:is|was)\s+it\s+(?:really\s+|actually\s+)?{_PH.format(name='t')}\s+that\s+(?:really\s+|actually\s+)?(?:{_VERBS_S})\s+{_PH.format(name='y')}{_STOP}",
    # "how much the bill goes up per extra floor" (an indirect question, without "does")
    rf"(?:how much|by how much)\s+{_PH.format(name='y')}\s+(?:goes up|goes down|rises|falls|increases|decreases|changes|drops|grows|improves|declines)\s+(?:per|for each|for every|with each|with every|with an?|for an?)\s+(?:extra|additional|more|added|single|one)?\s*(?:\d[\d,.]*\s+)?(?:unit\s+(?:of|in)\s+)?{_PH.format(name='t')}{_STOP}",
    # direction cues: "per unit of X" names the treatment, the changing thing the outcome
    rf"(?:how much|by how much|how far|how many \w+)\s+(?:does|do|will|would|did|can|could)\s+{_PH.format(name='y')}\s+(?:(?:really|actually|typically|usually|on average)\s+)?(?:improve|change|increase|rise|go up|go down|drop|fall|decrease|grow|move|shift|decline|get better|get worse|respond|react|vary|gain|lose|shrink|climb|improves|changes|increases|drops|falls|decreases)\s+(?:\w+\s+)?(?:per|for each|for every|with each|with every|with an?|for an?|for one|with one)\s+(?:extra|additional|more|added|single|one|unit(?:\s+of)?|point\s+of)?\s*(?:\d[\d,.]*\s+)?(?:unit\s+(?:of|in)\s+)?{_PH.format(name='t')}{_STOP}",
    rf"\bhow (?:much|many) (?:extra |more |additional |less |fewer )?{_PH.format(name='y')}\s+(?:\w+\s+){{0,3}}?(?:per|for each|for every|with each|with every|for an?|with an?) (?:extra |additional |more |added |single )?(?:(?:unit|point|[a-z]{{1,5}})\s+(?:of|in)\s+)?{_PH.format(name='t')}{_STOP}",
    rf"{_PH.format(name='y')}\s+(?:(?:change|gain|increase|difference|improvement|rise|drop|loss|decrease)\s+per\s+(?:extra\s+|additional\s+)?(?:unit\s+(?:of|in)\s+)?|per\s+(?:extra\s+|additional\s+)?unit\s+(?:of|in)\s+){_PH.format(name='t')}{_STOP}",
    rf"(?:causal |average |total |direct |indirect |marginal |natural )*(?:(?:nde|nie|ate|att|ace|acme|ade)\s+and\s+)?(?:effect|impact|influence|ate|att|ace|nde|nie|acme|ade|contribution)s? of (?:an? (?:extra |additional )?(?:unit of |point of )?)?(?:(?:being|staying|having been|getting) (?:on|in|put on) )?{_PH.format(name='t')} on {_PH.format(name='y')}{_STOP}",
    rf"\b(?:is|are) {_PH.format(name='t')} (?:(?:more|less|most|least|any|really|actually) )?(?:effective|useful|helpful|good|working|worth it|beneficial|worthwhile|protective|harmful|bad|detrimental|important|legit|any good) (?:at|for|against|in terms of|in|regarding|on|when it comes to|to) (?:reducing|increasing|raising|lowering|improving|boosting|cutting|driving|changing|preventing|shortening|keeping)?\s*{_PH.format(name='y')}{_STOP}",
    # "(whether) the app is worth it for revenue": the same in statement order
    rf"\b(?:whether|if|that)\s+(?:the\s+)?{_PH.format(name='t')} (?:is|are) (?:(?:really|actually|even) )?(?:effective|useful|helpful|good|worth it|beneficial|worthwhile|protective|harmful|bad|detrimental) (?:for|in terms of|regarding|on|when it comes to) {_PH.format(name='y')}{_STOP}",
    rf"(?:does|do|did|will|would) {_PH.format(name='y')} depend on {_PH.format(name='t')}{_STOP}",
    rf"compare (?:the )?(?:groups? )?(?:of )?{_PH.format(name='t')} (?:and|vs\.?|versus|with|to|against) (?:the )?(?:untreated|unexposed|controls?|control group|non[\w\-]+|un\w+|those (?:who|that) (?:did not|didn't|do not|don't)[\w ]*?|the rest|others)(?:\s+(?!on\b|in\b|for\b|regarding\b|by\b)[a-z]+)?\s+(?:on|in|for|regarding|in terms of|by)\s+{_PH.format(name='y')}{_STOP}",
    rf"compare {_PH.format(name='y')} (?:with and without|between|across|for|of) {_PH.format(name='t')}{_STOP}",
    rf"{_PH.format(name='t')}(?:'s?)? (?:causal |total |direct |indirect |average )?(?:effect|impact|influence) (?:on|upon) {_PH.format(name='y')}{_STOP}",
    # "the price-to-sales link" (not "... wants to know the effect": "to" before a verb)
    rf"{_PH.format(name='t')}(?:\s*-\s*|\s*/\s*|\s+to\s+(?!(?:know|see|check|find|learn|understand|"
    rf"estimate|measure|get|be|do|make|compute|quantify|figure)\b)) ?{_PH.format(name='y')} (?:relationship|link|association|"
    rf"correlation|relation|connection|effect|comparison|contrast)\b",
    # "X and Y: is the effect different ...": a pair named first, the question after the colon
    rf"^(?:the\s+)?{_PH.format(name='t')} and (?:the\s+)?{_PH.format(name='y')}"
    # "X and Y are related, but is it causal?"
    r"(?:\s+(?:are|seem|look|appear)\s+(?:to\s+be\s+)?(?:\w+ly\s+)?(?:related|correlated|linked|associated|connected))?"
    rf"\s*[:;,\-]+\s*(?=.*\b(?:effects?|impacts?|causal|differ\w*|vary|varies|heterogene\w*|subgroups?|split|"
    r"benefit\w*|gain\w*|for\s+whom|"
    r"separately|stratified)\b)",
    # "X vs Y, split by G", "X vs Y: more useful on some G than others?": a pair compared
    # across groups names the treatment first, like "the X/Y effect by G"
    rf"^(?:the\s+)?{_PH.format(name='t')}\s+(?:vs\.?|versus)\s+(?:the\s+)?{_PH.format(name='y')}\s*[:,;\-]+\s*"
    r"(?=.*\b(?:split|broken\s+down|stratified|separately|by|per|across|within|some|each|every|differ\w*|"
    r"depend\w*|var(?:y|ies)|equal+y)\b)",
    # "Y vs X: what's the effect?" (the plotting convention, outcome first)
    rf"^(?:the\s+)?{_PH.format(name='y')}\s+(?:vs\.?|versus|against)\s+{_PH.format(name='t')}\s*[:,;\-]+\s*(?:what(?:'s| is| would be)?\s+)?(?:the\s+)?(?:causal\s+|average\s+)?(?:effect|impact|influence|link)\b",
    # "is M the mechanism by which X affects Y"
    rf"\b(?:is|are|was) (?:the\s+)?{_PH.format(name='m')} (?:the |a |an )?(?:main |key )?(?:channel|mechanism|pathway|path|route|mediator|reason|way) (?:through|by|via) which {_PH.format(name='t')} (?:{_VERBS_S}|{_VERBS}) {_PH.format(name='y')}{_STOP}",
    # "is X a cause of Y"
    rf"\b(?:is|are|was|were) {_PH.format(name='t')} (?:a|an|the|one)\s+(?:(?:main|major|real|key|direct|causal|big|important)\s+)?(?:cause|driver|determinant|reason|factor|source) (?:of|for|behind) {_PH.format(name='y')}{_STOP}",
    # "(whether) more experienced drivers have shorter delays": the adjective names the treatment
    rf"\b(?:whether|if|that|do|does|are|did) (?:the )?(?:more|less|better|higher|lower|longer|shorter|bigger|smaller|older|younger) (?P<t>[\w\-]+) (?:[a-z]{{3,}}s|people) (?:have|get|show|see|make|do|are|tend to have|end up with) {_PH.format(name='y')}{_STOP}",
    # "is X really causing Y"
    rf"^(?:so |and |but )?(?:is|are|was|were) {_PH.format(name='t')} (?:really |actually |in fact )?(?:{_GERUNDS}) {_PH.format(name='y')}{_STOP}",
    # a variable named first, then a pronoun: "Y, is it affected by X?", "X, does it affect Y?"
    rf"^(?:the\s+)?{_PH.format(name='y')}\s*[,;:\-]+\s*(?:is|are|was|were) (?:it|they|this|that) (?:really |actually )?(?:{_PASSIVE}) by {_PH.format(name='t')}{_STOP}",
    rf"^(?:the\s+)?{_PH.format(name='t')}\s*[,;:\-]+\s*(?:does|do|did|can|could|will|would) (?:it|they|this|that) (?:really |actually )?(?:{_VERBS}) {_PH.format(name='y')}{_STOP}",
    rf"^(?:the\s+)?{_PH.format(name='t')}\s*[,;:\-]+\s*(?:it|they|this|that) (?:really |actually )?(?:{_VERBS_S}|{_VERBS}|makes?) {_PH.format(name='y')}{_STOP}",
    # "a causal link from X to Y"
    rf"\b(?:causal\s+)?(?:link|relationship|connection|effect|influence|path)\s+from {_PH.format(name='t')} (?:to|on|onto) {_PH.format(name='y')}{_STOP}",
    # "Y: how much is due to X", "how much of Y is due to X"
    rf"^(?:the\s+)?{_PH.format(name='y')}\s*[:;,\-]+\s*(?:how much|what share|what part|what fraction|what proportion)\s+(?:of it\s+)?(?:is|was|comes|is coming)\s+(?:due to|caused by|explained by|from|because of) {_PH.format(name='t')}{_STOP}",
    rf"\b(?:how much|what share|what part|what fraction|what proportion) of (?:the\s+)?{_PH.format(name='y')}\s+(?:is|was|comes)\s+(?:due to|caused by|from|because of) {_PH.format(name='t')}{_STOP}",
    # "how much more likely are people who work overtime to leave"
    rf"\bhow (?:much )?(?:more|less) likely (?:are|is|were|was|would) (?:the )?(?:[a-z]+ )?(?:who|that|with|on|in) (?:(?:work|get|got|have|had|take|took|receive|received|are|were|do|did|use|used)\s+)?(?:an? |the |more |less )?{_PH.format(name='t')} to {_PH.format(name='y')}{_STOP}",
    # "what difference does X make to Y"
    rf"\bwhat (?:difference|change|effect|impact) (?:does|do|did|will|would|can) {_PH.format(name='t')} make (?:to|for|in|on) {_PH.format(name='y')}{_STOP}",
    # "how much longer are deliveries delayed on night shifts"
    rf"\bhow (?:much|many) (?:more|less|longer|shorter|higher|lower|bigger|smaller|fewer|faster|slower|better|worse) (?:\w+ )?(?:is|are|was|were|do|does|did) (?:the )?{_PH.format(name='y')} (?:on|with|under|for|when|after|in|among) (?:the |a |an )?{_PH.format(name='t')}{_STOP}",
    # ("its effect on Y by Z": the pronoun is the cause, Z names subgroups)
    # ("the effect on Y different by G": "by" after a word of comparison names a group)
    rf"(?<!its )(?<!their )(?:effect|impact|influence) on (?P<y>(?:(?!\b(?:differ\w*|vary|varies|split|broken|"
    rf"stratified|separately)\b)[\w .'\-/])+?) (?:of|from|due to|caused by|by) {_PH.format(name='t')}{_STOP}",
    # Y moves with X: "does delay go up with route length"
    rf"(?:does|do|did|will|would|can) {_PH.format(name='y')} (?:really |actually )?(?:go up|go down|rise|fall|drop|increase|decrease|grow|change|improve|worsen|shrink|climb|decline|vary|move|get better|get worse|respond) (?:with|as|alongside|along with|in response to) (?:more |less |fewer |higher |lower |longer |shorter |bigger |smaller |increasing |decreasing |rising |falling |the )?{_PH.format(name='t')}{_STOP}",
    # "what does X do to Y"
    rf"\bwhat (?:does|do|did|will|would|can) {_PH.format(name='t')} (?:really |actually )?do (?:to|for|with) {_PH.format(name='y')}{_STOP}",
    # comparisons of the outcome: "is the cost higher on night shifts"
    rf"\b(?:is|are|was|were) (?:the )?{_PH.format(name='y')} (?:really |actually |any )?(?:higher|lower|bigger|smaller|better|worse|longer|shorter|greater|larger|more|less|different)(?: often)? (?:on|for|with|among|under|after|in) (?:the |a |an )?{_PH.format(name='t')}{_STOP}",
    # "the difference in Y between X and no-X patients"
    # "the difference in cancellations between members with and without a trainer"
    rf"\b(?:difference|differences|gap|contrast|comparison)\s+(?:in|of)\s+(?:the\s+)?{_PH.format(name='y')}\s+between\s+(?:[\w'\-]+\s+)?with\s+and\s+without\s+(?:an?\s+|the\s+)?{_PH.format(name='t')}{_STOP}",
    rf"\b(?:difference|differences|gap|contrast|comparison)\s+(?:in|of)\s+(?:the\s+)?{_PH.format(name='y')}\s+between\s+(?:the\s+)?(?P<t>[\w'\-]+(?:\s[\w'\-]+)?)\s+and\s+(?:the\s+)?(?:non[\s-]?|no[\s-]|un|not\s|(?:in|im|il|ir|dis)(?=[a-z]{{4,}}))\S*",
    # the raw gap: "the promo-code gap in repeat buying"
    rf"(?:raw |naive |observed |unadjusted |crude )?(?!(?:raw|naive|observed|unadjusted|crude|the|a|an|is|any|big|large|small|effect|impact)\b)(?<![\w'\-])(?P<t>[\w'\-]+(?:\s[\w'\-]+)?)[\s\-]+(?:gap|difference|differential|premium|penalty) in {_PH.format(name='y')}{_STOP}",
    rf"what (?:happens|would happen|will happen|changes|would change) (?:to|in|with) {_PH.format(name='y')} (?:if|when|as) (?:we |i |you |they |(?:the )?[a-z]{{3,}}s (?:use|used|get|got|have|had|take|took|receive|received|buy|bought|open|opened|see|saw|are given|were given) )?(?:(?:increas|rais|lower|decreas|reduc|chang|doubl|tripl|halv|cut|boost|gave|give|offer|introduc|remov|add|stop|set|drop)[a-z]*\s+)?(?:everyone |every customer |all customers |everybody |all |them )?(?:an? |the )?{_PH.format(name='t')}(?:\s+(?:goes up|goes down|increases|decreases|rises|falls|drops|changes|is raised|is increased|is lowered|doubles|grows))?{_STOP}",
    rf"if (?:we |i |you )?(?:increase|raise|lower|decrease|reduce|change|double|triple|halve|cut|boost)\s+{_PH.format(name='t')}(?:\s+by\s+[\d.]+\s*(?:%|percent)?)?,? (?:what happens to|how (?:does|do|much does|would)|what is the change in|does|what would happen to) {_PH.format(name='y')}{_STOP}",
    rf"(?:does|do|did|will|would|can|could) (?:giving |having |getting |taking |more |less |higher |lower |an? |extra )?{_PH.format(name='t')} (?:really |actually |causally |also |in fact )?(?:{_VERBS}|(?<=actually )(?:{_VERBS_S}))\s+{_PH.format(name='y')}{_STOP}",
    # "does sleeping more actually do anything for hrv"
    rf"\b(?:does|do|did|will|would|can)\s+{_PH.format(name='t')}\s+(?:really\s+|actually\s+|even\s+)?do\s+(?:anything|something|much|a\s+lot|any\s+good)\s+(?:for|to)\s+{_PH.format(name='y')}{_STOP}",
    # "players who sleep more have higher hrv": the verb said with "more" names the treatment
    rf"\b(?:who|that)\s+(?P<t>[a-z]{{3,}})\s+(?:more|less|longer|harder|better|further|faster)\s+(?:have|get|show|score|earn|are|do|end\s+up\s+with|tend\s+to\s+have)\s+"
    rf"(?:higher|lower|more|less|better|worse|bigger|smaller|longer|shorter|fewer)\s+{_PH.format(name='y')}{_STOP}",
    rf"\w\s+(?:who|that|which) (?:actually |really |in fact )?(?:(?:get|got|gets|receiv\w*|take|took|takes|have|had|has|use|used|uses|watch\w*|spend|spent|attend\w*|did|do|does|are|were|is|was|make|made|post\w*|put\s+in|sleep|slept|eat|ate|drink|drank|buy|bought|read|study|studied|work|worked|exercis\w*|smok\w*|visit\w*|join\w*|enrol\w*|complet\w*|went\s+to|go(?:es)?\s+to|signed\s+up\s+for)\s+)?(?:more |less |fewer |higher |lower |an? |the |extra |additional |longer |bigger )?{_PH.format(name='t')} (?:do|does|did|score|scores|fare|perform|are|is|have|has|get|gets|show|tend to \w+|end up|end up with|ended up|ended up with|ends up|ends up with|recover|stay|spend|buy|earn|leave|churn|live|produce|yield|make)\b\s*{_PH.format(name='y')}{_STOP}",
    rf"\b(?:do|does|did|are|were|will|would) (?:the )?(?:[a-z]{{3,}}(?:s|ren|ple)|patients|people|students|employees|customers|users|plots|farms|fields|units|subjects|workers|staff|stores|shops|branches|sites|schools|hospitals|companies|teams|accounts|households|cities|regions|firms|learners|clients) (?:on|with|taking|getting|receiving|given|who got|who get|that got|that get|under|in) (?:the |a |an |more |extra )?{_PH.format(name='t')} (?:(?:get|gets|got|do|are|have|end up|end up with|score|stay|show|fare|perform|become|produce|yield)\b\s*{_PH.format(name='y')}{_STOP}|(?P<yv>close[sd]?|fail\w*|surviv\w*|default\w*|quit\w*|leav\w*|churn\w*|die[sd]?|succeed\w*|return\w*|drop[a-z]* out|recover\w*|pass\w*)\b)",
    # "do households with more kids work fewer hours": units with more X, a verb, less Y
    rf"\b(?:do|does|did|are|were|will|would) (?:the )?[a-z]{{3,}}(?:s|ren|ple) (?:with|having|who have|that have|on) "
    rf"(?:more|fewer|less|higher|lower|bigger|smaller|longer|shorter|extra) {_PH.format(name='t')} (?!(?:and|or|than)\b)[a-z]{{3,}} "
    rf"(?:more|fewer|less|higher|lower|longer|shorter|bigger|smaller) {_PH.format(name='y')}{_STOP}",
    rf"how (?:much |strongly )?(?:does|do|did|will|would) {_PH.format(name='t')} (?:affect|change|influence|impact|drive|move|shift|alter|matter for)\s+(?!(?:when|if|as|after|by|with|for|per|in)\b){_PH.format(name='y')}{_STOP}",
    rf"\b(?:how|whether|if|that) (?:much |strongly )?(?!(?:is|are|was|were|be|been|does|do)\b){_PH.format(name='t')} (?:really |actually |causally )?{_NOUN_AFTER}(?:{_VERBS_S}|{_VERBS_ING}|{_VERBS})\s+(?!by\b){_PH.format(name='y')}{_STOP}",
    rf"\b(?:is|are|was|were|gets?|got) {_PH.format(name='y')} (?:really |actually |causally )?(?:{_PASSIVE})(?: up| down)? by {_PH.format(name='t')}{_STOP}",
    rf"^(?:so |and )?{_PH.format(name='y')} (?:is|are|was|were|gets?) (?:really |actually |causally )?(?:{_PASSIVE}) by {_PH.format(name='t')}{_STOP}",
    rf"(?:is there a |is there any |what is the |check the |test the )?(?:causal )?(?:link|relationship|relation|connection|association) between {_PH.format(name='t')} and {_PH.format(name='y')}{_STOP}",
    # "the relation of X with Y", "the association of X to Y"
    rf"(?:causal )?(?:link|relationship|relation|connection|association|correlation) of {_PH.format(name='t')} (?:with|to) {_PH.format(name='y')}{_STOP}",
    rf"^(?:so |and |check |test |estimate )?(?:whether )?(?!(?:what|which|who|how|why|does|do|is|are|can)\b){_PH.format(name='t')} {_NOUN_AFTER}(?:{_VERBS_S}|{_VERBS_ING}|makes?(?! a difference)|{_VERBS})\s+{_PH.format(name='y')}{_STOP}",
    # bare "X on Y" after a method or a colon: "double ML, fertilizer on yield", "for X on Y"
    rf"(?:^|[,:;]|\bfor\s+(?:the\s+)?|\b(?:estimate|estimates|estimation)\s+(?:of\s+)?)(?!\s*(?:(?:the|its|their|a|an)\s+)?(?:what|which|who|how|why|does|do|is|are|can|effect|impact|and|but|now|so|then|run|use|apply|try|fit|learn|discover|ablate|patch|steer|probe|again|also)\b)\s*(?P<t>(?:(?!\b(?:for|using|with|via|by|compare|comparing|and|try|use)\b)[\w .'\-/])+?) on (?!(?:the |this |that |our |my |these )?(?:data|dataset|table|file|sample|it|them|model|heads?|prompts?)\b){_PH.format(name='y')}{_STOP}",
]


_CLAUSE_START = re.compile(
    r"\s+-\s+|\b(?:how much of|what share of|what part of|which part of|what portion of|what fraction of|"
    r"(?:the\s+)?part\s+of|(?:the\s+)?share\s+of|"
    r"is|are|was|were|to (?:estimate|see|"
    r"check|find|get|measure|compute|learn|know)|(?:resamples?|draws|reps|runs|samples)\s+for|"
    # "whether being a chain confounds the training effect on ...": the suspected confounder's
    # verb ends its clause; the treatment follows
    r"confounds?|confounding|distorting|biasing|skewing|inflating|muddying|muddling|contaminating|"
    # "use age as a control when estimating the trainer's effect": the request's own clause
    r"(?:when|while|whilst|before|after)\s+\w+ing)\s+"
)


#: A verb of changing said before a "how much" clause: the clause is its object, the outcome.
_CHANGES_HOW = re.compile(
    r"\b(?:chang|affect|influenc|alter|impact|shift|rais|lower|increas|reduc|boost|cut|drive|driv)"
    r"[a-z]*\s+(?:on\s+)?$"
)


def _effect(ql: str) -> dict[str, str | None] | None:
    for pat in _EFFECT_PATTERNS:
        m = re.search(pat, ql)
        if (
            m
            and re.match(r"how\s+(?:much|many)\b", m.group(0))
            and _CHANGES_HOW.search(ql[: m.start()])
        ):
            # "does the app change how much people spend per visit": the clause is what the
            # verb's subject changes, not a slope per unit of the word after "per"
            continue
        if m:
            d = m.groupdict()
            if re.match(r"\s*(?:if|when|whenever|once|after|because|as)\b", d.get("y") or ""):
                continue  # "would Y change if ...": a clause, not the outcome
            if re.search(r"\b(?:effect|impact)s?\s+(?:of|on)\b", d.get("y") or ""):
                continue  # "does X's effect on Y depend on Z": Z is a subgroup, not a cause
            if re.match(
                r"\s*(?:from|out\s+of|off)\s+(?:the\s+)?(?:list\s+of\s+)?(?:controls?|covariates?|"
                r"adjustment|confounders?|model|regression)\b",
                d.get("y") or "",
            ):
                continue  # "drop night shift from the controls": the verb read is a column's word
            v = re.match(rf"(?:{_VERBS_S}|{_VERBS})\s+(?P<rest>.+)", d.get("y") or "")
            if v and d.get("t") and m.start("y") > m.end("t"):
                # "night shifts cause delays": the first verb read ("shifts") was a noun
                d = {
                    **d,
                    "t": ql[m.start("t") : m.end("t")]
                    + " "
                    + ql[m.end("t") : m.start("y")].strip(),
                }
                d["y"] = v.group("rest")
            if d.get("t"):
                # a treatment phrase read leftwards stops at a clause boundary: "X raises M
                # which raises Y - how much of X's effect ...", "stratify ... to estimate X's"
                last = _CLAUSE_START.split(d["t"])[-1]
                if _strip(last):  # "... to get its effect": the pronoun keeps the earlier words
                    d = {**d, "t": last}
            out = {
                # an adjective that names the treatment is kept ("bigger stores": their size)
                "t": d.get("ta") or _treat_phrase(_strip(d.get("t"))),
                # an outcome read whole ("units per day" starts with a word _strip drops)
                "y": d.get("ya") or _strip(d.get("y") or d.get("yv")),
                "m": _strip(d.get("m")),
            }
            if d.get("y") and d.get("t") and m.start("y") < m.start("t"):
                # "Y vs X": only the plotting convention says which is which
                out["weak"] = bool(re.search(r"\s(?:vs\.?|versus|against)\s", m.group(0)))
            if d.get("y"):
                # "... on whether the patient is readmitted": the outcome is the clause's verb
                wm = re.match(
                    r"(?:whether|if)\s+(?:the\s+|a\s+|an\s+|they\s+|he\s+|she\s+)?(?:[a-z]+\s+)?"
                    r"(?:is|was|are|were|gets?|got|will\s+be|would\s+be|ends?\s+up)\s+"
                    r"(?P<v>[a-z\-]+(?:\s+[a-z\-]+)?)",
                    ql[m.start("y") :],
                )
                if wm:
                    out["y"] = _strip(wm.group("v"))
            if out["t"] in ("more", "less", "longer", "harder", "better") and d.get("t"):
                # "players who sleep more end up injured less": the verb said with the degree
                vm = re.search(r"\b(?:who|that)\s+(?P<v>[a-z]{3,})\s+$", ql[: m.start("t")])
                if vm:
                    out["t"] = vm.group("v")
            rate = (
                re.match(
                    r"\S*\s+(?:more|less|fewer)\s+per\s+(?P<u>[a-z]{4,})\b",
                    ql[m.start("y") + len(out["y"]) :],
                )
                if d.get("y") and out["y"] and " " not in out["y"]
                else None
            )
            if rate:
                out["y"] = f"{rate.group('u')} {out['y']}"  # "spend more per basket": a rate
            per = (
                re.match(r"\s+per\s+(?P<u>[a-z]+)\b", ql[m.end("y") :])
                if d.get("y") and out["y"]
                else None
            )
            if per and re.sub(r"s$", "", per.group("u")) in lexicon.PER_VISIT_UNITS:
                # "how much people spend per visit": the amount of one visit, the rate kept whole
                out["y"] = f"{out['y']} per {per.group('u')}"
            if out["y"] and re.fullmatch(r"(?:higher|lower|better|worse|more|less)", out["y"]):
                vm = re.search(
                    r"\b(score|earn|spend|yield|produce|pay|cost|sell|buy|recover|stay)s?\s+"
                    r"(?:higher|lower|better|worse|more|less)\b",
                    ql,
                )
                out["y"] = vm.group(1) if vm else None
            if out["t"] and _not_a_column(out["t"]):
                # "do matching and weighting agree on smoking's effect on Y": the treatment is
                # the words after the last preposition, the rest is about the methods
                tail = re.split(r"\s(?:on|for|about|regarding|of|agree|agrees)\s", out["t"])[-1]
                out["t"] = _strip(tail) if tail != out["t"] else out["t"]
            if out["t"] and out["y"] and not (_not_a_column(out["t"]) or _not_a_column(out["y"])):
                return out
            if (
                out["t"]
                and not _not_a_column(out["t"])
                and (
                    re.fullmatch(r"\s*(?:them|they)\s*", d.get("y") or "")
                    # "the new drug's effect on it": what an effect is on is a variable
                    or (
                        re.fullmatch(r"\s*(?:it|that|this)\s*", d.get("y") or "")
                        and re.search(
                            r"\b(?:effects?|impacts?|influences?)\s+(?:up)?on\s+$",
                            ql[: m.start("y")],
                        )
                    )
                )
            ):
                # "does the drug reduce them": the planner looks for what the pronoun names
                return {**out, "y": d["y"].strip()}
            if (
                out["y"]
                and not _not_a_column(out["y"])
                and re.fullmatch(r"\s*(?:it|that|this)\s*", d.get("t") or "")
                and re.search(
                    r"\bwhat\s+(?:does|do|did|would|will|could|might|can)\s+$", ql[: m.start("t")]
                )
            ):
                # "We gave some students a tutor. What did that do to their score?": the planner
                # looks for what the pronoun names
                return {**out, "t": d["t"].strip()}
    return None


_NOT_COLUMN = re.compile(
    r"^(?:(?:the\s+)?(?:answer|method|methods|estimate|estimates|result|results|data|dataset|table|"
    r"model|it|this|that|them|graphs?|dags?|cpdag|diagram|effect|one|ones|what|which)\s*)+$"
)


def _not_a_column(phrase: str) -> bool:
    """Role phrases that name a method, an algorithm or the analysis itself, not a column."""
    return bool(
        _NOT_COLUMN.match(phrase)
        or re.match(r"(?:when|if|as|after|by|with|per|while|because|once|whenever)\b", phrase)
        # "same but on mastitis": the earlier analysis, not a variable
        or re.fullmatch(r"(?:the\s+)?same(?:\s+(?:thing|analysis|again))?(?:,?\s+but)?", phrase)
        # a quantity ("cut by a quarter", "by 10%") is a scenario's size, not a variable
        # (but "5g", "3d": a digit joined to letters is a name, not a number)
        or re.match(
            r"(?:(?:a|an|one)\s+)?(?:half|third|quarter|fifth|tenth|\d(?![\d.,]*[a-jl-wyz]))",
            phrase,
        )
        # "increased to 140": the scenario's new level, not a variable
        or re.match(r"(?:to|by|from)\s+[-+]?\d", phrase)
        # "lower for everyone": who a scenario applies to
        or re.fullmatch(
            r"(?:everyone|everybody|every\s+\w+|all(?:\s+of\s+them)?|nobody|no\s+one)", phrase
        )
        or _find(METHODS, phrase)
        or _find(ALGORITHMS, phrase)
        or re.search(r"\b(?:discover\w*|causal\s+graph|factors|variables)\b", phrase)
    )


def _structured(ql: str) -> dict[str, object] | None:
    """Model-style wordings: "regress Y on X (and Z)", "Y ~ X + Z" (| instruments), "X -> Y"."""
    # a formula inside a model call, as R and statsmodels write it: lm(y ~ x + z, data = d)
    ql = re.sub(
        r"\b[\w.]+\(\s*([^()]*?~[^()]*?)\s*(?:,\s*(?:data|family|weights)\s*=[^()]*?)?\)",
        r"\1",
        ql,
    )
    m = re.search(
        # (after a label or a sentence: "Stata: y ~ x", "in R: y ~ x + z")
        r"(?:^|(?<=[:;.!?])\s*|\b(?:regress(?:ing)?|regression\s+of|fit|model|run\s+(?:a\s+)?regression\s+of)\s+)"
        r"(?P<y>[\w .'\-]+?)\s*~\s*(?P<rhs>[^;?!]+?)\s*(?:[;?!]|,\s+(?:using|with|and|instrument|"
        r"controlling|by|via|what|how)\b|$)",
        ql,
    )
    if m:
        rhs, _, ivs = m.group("rhs").partition("|")
        terms = _split_list(rhs)
        if not terms:
            return None
        inst = [t for t in _split_list(ivs) if t not in terms]
        y = re.sub(r"^(?:.*?:\s*|(?:regress(?:ing)?|fit|model)\s+)", "", m.group("y"))
        return {"y": _strip(y), "t": terms[0], "controls": terms[1:], "instrument": inst[:1]}
    # "regress Y on X, Z" and "Y as a function of X, Z": the first term is the treatment
    for pattern in (
        # (a model named in place of "regression": "OLS of Y on X", "a logit of Y on X")
        r"\b(?:regress(?:ing|ed)?|(?:run\s+(?:a\s+|an\s+)?)?(?:regression|ols|least[\s-]+squares|logit|probit|"
        r"glm|lm|linear\s+model|logistic\s+regression)\s+of)\s+"
        r"(?P<y>[\w .'\-]+?)\s+on\s+(?P<rhs>[\w ,'&+\-/]+?)" + _SLOT_END,
        # ("Y as function of X": the article a learner leaves out)
        r"^(?:(?:model|fit|estimate|plot|regress)\s+)?(?P<y>[\w .'\-]+?)\s+as\s+(?:an?\s+)?"
        r"(?:(?:linear|smooth|simple)\s+)?function\s+of\s+(?P<rhs>[\w ,'&+\-/]+?)" + _SLOT_END,
        # "hours worked regressed on the credit amount": the outcome said first, the verb's
        # participle after it
        r"(?:^|(?<=[:;.!?,])\s*)(?:(?:so|and|ok|now)\s+)?(?P<y>(?!(?:what|how|if|when|i|we|you)\b)"
        r"[\w .'\-]+?)\s+(?:(?:is|are|was|were|gets?|being)\s+)?regressed\s+on\s+"
        r"(?P<rhs>[\w ,'&+\-/]+?)" + _SLOT_END,
    ):
        m = re.search(pattern, ql)
        # ("Y as a function of X, controlling for Z": the controls are read with their verb)
        rhs = (
            re.split(r",?\s*\b(?:controll?ing|adjusting|correcting|accounting)\b", m.group("rhs"))[
                0
            ]
            if m
            else ""
        )
        terms = _split_list(rhs) if m else []
        if terms:
            return {"y": _strip(m.group("y")), "t": terms[0], "controls": terms[1:]}
    m = re.search(
        r"(?P<t>[\w .'\-]+?)\s*->\s*(?P<m>[\w .'\-]+?)\s*->\s*(?P<y>[\w .'\-]+?)" + _STOP, ql
    ) or re.search(
        # "mediation maintenance/vibration/downtime": treatment, mediator, outcome
        r"(?:\bmediat\w*|\bmed\.?)\s*(?:analysis\s*)?(?:of\s+)?:?\s*(?P<t>[\w .'\-]+?)\s*/\s*(?P<m>[\w .'\-]+?)\s*/\s*"
        r"(?P<y>[\w .'\-]+?)\s*[?.!]*$",
        ql,
    )
    if m:
        t = re.sub(r"^.*?\b(?:estimate|effect|is|does|check|test|of)\s+", "", m.group("t"))
        return {
            "t": _strip(t),
            "y": _strip(m.group("y")),
            "controls": [],
            "mediator": _strip(m.group("m")),
        }
    m = re.search(r"(?P<t>[\w .'\-]+?)\s*->\s*(?P<y>[\w .'\-]+?)" + _STOP, ql)
    if m and not re.search(r"\b(?:required|forbidden|forbid|require|edges?|must|cannot)\b", ql):
        t = re.sub(
            r"^.*?\b(?:estimate|effect|is|does|check|test|of|run|rerun|re-run|fit|try|compute|"
            r"calculate)\s+",
            "",
            m.group("t"),
        )
        t = re.sub(r"^.*\bconfound\w*\s+", "", t)
        # "confounding by rainfall in irrigation -> yield": the confounder before the relation
        t = re.sub(r"^(?:by|from|due\s+to)\s+.*?\s(?:in|for|on|within|of)\s+", "", t)
        return {"t": _strip(t), "y": _strip(m.group("y")), "controls": []}
    return None


def _instrument(ql: str) -> tuple[str | None, str | None]:
    """(instrument, treatment it instruments) as the question names them."""
    pats = [
        r"\b(?:can|could|is|would|does|will)\s+(?P<z>[\w .'\-]+?)\s+(?:serve\s+as|be\s+used\s+as|"
        r"work\s+as|act\s+as|be|make|a)\s+(?:an?\s+)?(?:valid\s+|good\s+|usable\s+|proper\s+)?"
        r"(?:instrument(?:al\s+variable)?|iv)\s+for\s+(?P<t>[\w .'\-]+?)" + _STOP,
        r"\b(?:using|use|with|taking|treat(?:ing)?)\s+(?P<z>[\w .'\-]+?)\s+as\s+(?:an?\s+|the\s+|my\s+)?"
        r"(?:valid\s+)?(?:instrument(?:al\s+variable)?|iv)\b(?:\s+for\s+(?P<t>[\w .'\-]+?)"
        + _STOP
        + ")?",
        r"\binstrument(?:ing)?\s+(?P<t>[\w .'\-]+?)\s+(?:with|by|using)\s+(?P<z>[\w .'\-]+?)"
        + _STOP,
        r"(?<!as )(?<!as an )(?<!as the )\b(?:instrument(?:al\s+variable)?s?|ivs?)\s*(?::|=|is|being|will\s+be)\s*"
        r"(?P<z>[\w .'\-]+?)" + _STOP,
        # "instrumented by Z", "instrumenting with Z", "instrument using Z": the verb without
        # its object names the instrument
        r"\binstrument(?:ed|ing)?\s+(?:by|with|using)\s+(?P<z>[\w .'\-]+?)" + _STOP,
        # "use it to instrument device use"
        r"\b(?:use|using)\s+(?P<z>[\w .'\-]+?)\s+to\s+instrument\s+(?:for\s+)?(?P<t>[\w .'\-]+?)"
        + _STOP,
        # "with rand_arm instrumenting device_used"
        r"\b(?:with|using)\s+(?P<z>[\w .'\-]+?)\s+instrumenting\s+(?:for\s+)?(?P<t>[\w .'\-]+?)"
        + _STOP,
        # a role named like a form field: "X on Y, instrument Z"
        r"(?:^|[,;]\s*)(?:the\s+)?(?:instrument(?:al\s+variable)?|iv)\s+(?!for\b|is\b|of\b|estimat\w*|analys\w*|"
        r"regression|approach|method|model|results?|please|pls)(?P<z>[\w .'\-]+?)" + _STOP,
        r"(?:^|[:;,]\s*)(?P<z>[\w .'\-]+?)\s+instruments?\s+(?:for\s+)?(?P<t>[\w .'\-]+?)" + _STOP,
        r"\b(?:with|using)\s+(?:the\s+)?instrument(?:al\s+variable)?\s+(?P<z>[\w .'\-]+?)" + _STOP,
        r"\b(?P<z>[\w .'\-]+?)\s+as\s+(?:an?\s+|the\s+)?(?:instrument(?:al\s+variable)?|iv)\b",
        # "So the grant is a decent instrument, I think": an instrument said as a judgement of a
        # column (not asked: "is the grant a valid instrument for X?" is read above)
        # ("someone said the offer is a good instrument": the judgement reported)
        r"(?:^|[.;:!]\s+|,\s*(?:so|and)\s+|\bso\s+|\b(?:said|says|say|thinks|think|thought|suggested|"
        r"suggests|reckons|reckon|claims|claimed|believes|believe|told\s+(?:me|us)|pointed\s+out)\s+"
        r"(?:that\s+)?)(?:the\s+|our\s+|their\s+)?(?P<z>(?!(?:it|this|that|"
        r"there|which)\b)[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+(?:is|makes|would\s+make|should\s+make|"
        r"seems|looks\s+like|would\s+be|should\s+be|could\s+be|is\s+probably|is\s+surely)\s+"
        r"(?:to\s+be\s+)?(?:an?\s+|the\s+|our\s+)?(?:(?:pretty|fairly|quite|really|very|perfectly)\s+)?"
        r"(?:(?:decent|good|valid|reasonable|fine|natural|clean|usable|credible|plausible|solid|great|"
        r"perfect|obvious|proper|sensible|ok|okay|strong|nice)\s+)?(?:instrument(?:al\s+variable)?|iv)\b"
        r"(?!\s+for\b)",
        # "..., so it's a natural instrument": the judgement said of a pronoun (resolved below)
        # "is the invite a valid instrument? for the effect of X on Y": the judgement asked
        r"(?:^|[.;:!?]\s+|\b(?:and|but|so)\s+)(?:is|are|would|could)\s+(?:the\s+|our\s+|their\s+)?"
        r"(?P<z>(?!(?:it|this|that|there)\b)[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+(?:be\s+)?(?:an?\s+)?"
        r"(?:(?:valid|good|usable|proper|decent|reasonable|credible|plausible|ok|okay|clean)\s+)?"
        r"(?:instrument(?:al\s+variable)?|iv)\b(?!\s+for\b)",
        # "I have Z that pushes only X, nothing else. Use it": an instrument said by what it
        # moves alone (its exclusion), then used
        r"\b(?:have|got|there\s+is|we\s+have)\s+(?:the\s+|a\s+|an\s+|our\s+)?(?P<z>[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+"
        r"(?:that|which)\s+(?:only\s+)?(?:push|move|affect|shift|change|drive|raise|lower|nudge)\w*\s+"
        r"(?:only\s+)?(?:the\s+)?(?P<t>[\w'\-]+(?:\s+[\w'\-]+){0,2}?)(?:\s+only)?\s*(?:,\s*)?"
        r"(?:(?:and\s+)?nothing\s+else|only)\b(?=.*\buse\s+(?:it|them|this|that)\b)",
        r"(?:^|[.;:!]\s+|,\s*(?:so|and)\s+|\bso\s+)(?P<z>it|that)(?:'s|\s+is|\s+makes|\s+would\s+(?:make|be))\s+"
        r"(?:an?\s+|the\s+)?(?:(?:pretty|fairly|quite|really|very|perfectly)\s+)?(?:(?:decent|good|valid|"
        r"reasonable|fine|natural|clean|usable|credible|plausible|solid|great|perfect|obvious|proper|sensible|"
        r"strong|nice)\s+)?(?:instrument(?:al\s+variable)?|iv)\b(?!\s+for\b)",
    ]
    if re.search(r"\b(?:iv|instrument\w*|2sls|tsls|two[\s-]stage)\b", ql):
        # "The trial offer is as good as random ... IV estimate of the drug on recovery": in an
        # IV question, what is said to be random (or exogenous) is the instrument
        pats.append(
            r"(?:^|[.;]\s+)(?:the\s+|our\s+)?(?P<z>[\w\-]+(?:\s+[\w\-]+)?)\s+(?:is|was|are|were)\s+"
            r"(?:as[\s-]+good[\s-]+as[\s-]+random|randomly\s+(?:assigned|allocated|drawn)|random(?:ised|ized)?|"
            r"exogenous|assigned\s+at\s+random)\b"
        )
    for pat in pats:
        m = re.search(pat, ql)
        if m:
            d = m.groupdict()
            z = _strip(re.sub(r"^.*\b(?:using|use|with|and|,)\s+", "", d["z"]))
            # "she wants it used as the instrument", "I'd like the offer treated as an IV": what
            # is wanted as the instrument, without who wants it
            wanted = re.sub(
                r"^.*\b(?:wants?|wanted|needs?|needed|would\s+like|'d\s+like|prefers?|asked\s+for|"
                r"asks\s+for)\s+(?P<w>.+?)\s+(?:to\s+be\s+)?(?:used|treated|taken)$",
                r"\g<w>",
                z or "",
            )
            if wanted != (z or ""):
                z = wanted if wanted in ("it", "this", "that") else _strip(wanted)
            pronouns = (
                "it",
                "this",
                "that",
                "this one",
                "that one",
                "them",
                "they",
                "these",
                "those",
            )
            if z in pronouns or d["z"].strip() in pronouns:
                # "the grant only affects riders through the lane, so use it as an instrument":
                # the pronoun stands for the subject the question opens with
                subject = (
                    # ("people say the grant only matters through the lanes, so it's a natural
                    # instrument": the subject of what they say)
                    r"^(?:(?:people|someone|they|we|everyone|[\w\-]+)\s+(?:say|says|said|think|thinks|believe|"
                    r"believes|argue|argues)\s+(?:that\s+)?)?"
                    r"(?:the\s+|our\s+|a\s+)?(?P<s>[\w\-]+(?:\s+[\w\-]+){0,2}?)\s+(?:only\s+|just\s+|really\s+)?"
                    r"(?:is|was|are|were|affects?|influences?|changes?|shifts?|moves?|drives?|works?|acts?|"
                    r"matters?|push(?:es)?|raises?|nudges?|was\s+assigned)\b"
                )
                # the subject of the pronoun's own sentence ("Last spring we ... The random
                # invitation is our cleanest comparison, so treat it as the instrument"), else
                # the one the question opens with
                own = re.split(r"[.;!?]\s+", ql[: m.start()])[-1].strip()
                # ("..., and since the invitation was random, please treat it as the
                # instrument": the subject of the reason given just before the request)
                reason = list(
                    re.finditer(
                        r"\b(?:since|as|because|given\s+that|seeing\s+that)\s+(?:the\s+|our\s+|their\s+)?"
                        r"(?P<s>[\w\-]+(?:\s+[\w\-]+){0,2}?)\s+(?:is|was|were|are)\s+(?:\w+\s+)?"
                        r"(?:random\w*|as[\s-]+good[\s-]+as[\s-]+random|exogenous|assigned|allocated|drawn)\b",
                        own,
                    )
                )
                sm = reason[-1] if reason else None
                # ("you'll find the randomisation in the file; please use it as the instrument":
                # what the clause before points the reader to)
                before = re.split(r"[.;!?]\s+", ql[: m.start()])
                pointed = re.search(
                    r"\b(?:you'll|you\s+will|you\s+can|you\s+should|you'd)\s+(?:also\s+)?(?:find|see|spot|get)\s+"
                    r"(?:the\s+|a\s+|an\s+|our\s+)?(?P<s>[\w\-]+(?:\s+[\w\-]+){0,2}?)\s+"
                    r"(?:in|on|at|among|as)\s+(?:the\s+|this\s+|that\s+)?(?:file|table|data\w*|sheet|"
                    r"extract|columns?)\b",
                    " ".join(before[-2:]),
                )
                sm = sm or pointed
                sm = sm or (re.match(subject, own) if own != ql[: m.start()].strip() else None)
                sm = sm or re.match(subject, ql)
                z = _strip(sm.group("s")) if sm else z
            t = d.get("t")
            if t:
                # ("for coaching - how does it change quitting?": a dash ends the clause)
                t = re.split(r"(?:'s?)?\s+(?:effect|impact|influence)\b|\s+on\s+|\s+[-–—]\s+", t)[0]
            return z, _strip(t)
    return None, None


def _sentence_with(text: str, pattern: str) -> str | None:
    """The last sentence of `text` in which `pattern` occurs; None when none has it."""
    found = [part for part in re.split(r"(?<=[.!?;])\s+", text) if re.search(pattern, part, re.I)]
    return found[-1] if found else None


def _mediator(ql: str) -> str | None:
    # "explained by the fall in CRP": the variable that changes is the mediator
    ql = _CHANGE_IN.sub("", ql)
    # "the subsidy went out through the state offices": how a treatment was handed out, no
    # mechanism of its effect
    ql = re.sub(
        r"\b(?:(?:was|were|is|are|being|been)\s+)?(?:(?:handed|paid|rolled|sent|given|distributed|delivered|"
        r"allocated|administered|disbursed|offered|sold|marketed|advertised|funded|"
        r"applied\s+for)\s+(?:out\s+)?|(?:went|goes|go|gone)\s+out\s+|"
        # ("members get a coach through their plan": how they came to have it)
        r"(?:get|gets|got|receive|receives|received|obtain|obtains|obtained)\s+(?:a|an|the|their|its|his|her)\s+"
        r"[\w'\-]+(?:\s+[\w'\-]+)?\s+)(?:only\s+|mostly\s+|mainly\s+)?"
        r"(?:through|via|thru)\s+(?:the\s+|our\s+|their\s+|its\s+)?[\w'\-]+(?:\s+(?:offices?|branch\w*|agents?|"
        r"channels?|portals?|websites?|apps?|cent(?:re|er)s?|schools?|clinics?|banks?|staff|partners?|"
        r"network|system|programme|program))?\b",
        " ",
        ql,
    )
    # "only some of them went through the programme": taking part in a programme, no mechanism
    ql = re.sub(
        r"\b(?:went|go|goes|gone|going)\s+(?:all\s+the\s+way\s+)?through\s+(?:the\s+|a\s+|an\s+|their\s+|our\s+|"
        r"its\s+)?(?:[\w'\-]+\s+)?(?:programmes?|programs?|courses?|trainings?|onboarding|schemes?|"
        r"curricul(?:um|a)|modules?|workshops?|bootcamps?)\b",
        " ",
        ql,
    )
    # "is the link real or because of Z", "the correlation is due to Z": a doubt that the
    # association is Z's doing names a confounder, no mechanism
    ql = re.sub(
        _ASSOC_PUT_DOWN + r"|" + _REAL_OR_JUST,
        lambda m: (
            m.group(0)[: m.start("put") - m.start()] + "confounded by "
            if m.group("put")
            else m.group(0) + "confounded by "
        ),
        ql,
    )
    # ("real or just due to Z": the words of the doubt go with it, not to a mechanism)
    ql = re.sub(r"\bconfounded\s+by\s+(?:because\s+of|due\s+to)\s+", "confounded by ", ql)
    pats = [
        # "work out the indirect effect through FCR": the part of the effect named with its
        # mediator, before any mechanism a context sentence offers
        r"\b(?:indirect|mediated)\s+(?:effect|impact|part|share|portion|bit|component)s?\s+"
        r"(?:through|via|thru)\s+(?:the\s+)?(?P<m>[\w .'\-]+?)" + _SLOT_END,
        r"\b(?:goes|going|runs|running|flows|flowing|pass|passes|passing|is\s+mediated|mediated|is\s+transmitted|operates|works)\s+"
        r"(?:through|via|by)\s+(?P<m>[\w .'\-]+?)" + _SLOT_END,
        r"\bmediat(?:or|ing\s+variable)\s*(?::|=|is)?\s*(?P<m>[\w'\-][\w .'\-]*?)" + _SLOT_END,
        r"\b(?:with|using|use|taking|take|treat|treating)\s+(?P<m>[\w .'\-]+?)\s+as\s+(?:an?\s+|the\s+)?"
        r"(?:mediator|channel|mechanism|pathway|intermediate(?:\s+variable)?)\b",
        # "is the footfall the channel?", "is M the mechanism for X on Y": the mediator asked
        _ASKED_CHANNEL.pattern,
        # "..., kwh_used_k as mediator"
        r"(?:^|[,;:]\s*|\band\s+)(?P<m>[\w'\-]+(?:\s+[\w'\-]+)?)\s+as\s+(?:an?\s+|the\s+)?"
        r"(?:mediator|channel|mechanism|pathway|intermediate(?:\s+variable)?)\b",
        # "the effect is all about the lower interest rate"
        r"\b(?:is|are|was)\s+(?:all|mostly|mainly|really|just|only)\s+(?:about|down\s+to)\s+(?:the\s+)?"
        r"(?:lower\s+|higher\s+|bigger\s+|smaller\s+|more\s+|less\s+|fewer\s+)?(?P<m>[\w'\-]+(?:\s+[\w'\-]+)?)"
        + _SLOT_END,
        # "cuts defects mostly by keeping vibration down"
        r"\b(?:mostly\s+|mainly\s+|largely\s+|only\s+|partly\s+)?by\s+(?:keeping|lowering|raising|reducing|"
        r"cutting|increasing|improving|boosting|bringing)\s+(?:the\s+)?(?P<m>[\w'\-]+(?:\s+[\w'\-]+)?)"
        r"(?=\s+(?:down|up|low|high|in\s+check)\b)",
        # "shortens recovery mostly by lowering CRP": how it works, said with a changed variable
        r"\b(?:mostly|mainly|largely|partly|primarily|chiefly)\s+by\s+(?:keeping|lowering|raising|"
        r"reducing|cutting|increasing|improving|boosting|bringing|shortening|changing|causing|creating|"
        r"adding|producing)\s+(?:the\s+)?(?P<m>[\w .'\-]+?)" + _SLOT_END,
        # "raises earnings mainly by getting parents to work more hours": what people are
        # brought to do more (or less) of is the mechanism
        r"\b(?:mostly|mainly|largely|partly|primarily|chiefly|only|just)?\s*by\s+(?:getting|making|having|"
        r"encouraging|pushing|helping|letting|nudging)\s+(?:the\s+|their\s+)?[\w'\-]+(?:\s+[\w'\-]+)?\s+"
        # ("by getting people to come in more often": the verb's particle before the comparative)
        r"(?:to\s+)?[a-z]+\s+(?:(?:in|out|back|up|over|along|by|around)\s+)?(?:more|fewer|less|longer|shorter)\s+"
        r"(?:of\s+)?(?:the\s+|their\s+)?(?P<m>[\w .'\-]+?)" + _SLOT_END,
        # "is it the extra video hours that explains it?": a change (extra, more, higher...) of a
        # variable offered as the explanation is the mechanism (a level of a variable alone, as
        # in "is it the district that explains it", may be a confounder: read elsewhere)
        r"\bis\s+it\s+(?:really\s+|just\s+|mainly\s+|mostly\s+|all\s+)?(?:the|their|its)\s+"
        r"(?:extra|more|higher|lower|fewer|less|better|worse|bigger|smaller|longer|shorter|added|"
        r"increased|reduced)\s+(?P<m>[\w .'\-]+?)\s+that\s+(?:really\s+)?(?:explains?|drives?|"
        r"accounts?\s+for|is\s+behind|does\s+(?:it|that|this)|carries|makes?\s+the\s+difference)\b",
        # "do reminder emails raise quiz attempts by increasing video hours?"
        rf"\b(?:{_VERBS}|{_VERBS_S})\s+(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){{0,4}}?\s+by\s+(?:increasing|reducing|"
        r"lowering|raising|improving|boosting|cutting|shortening)\s+(?:the\s+)?(?P<m>[\w .'\-]+?)"
        + _SLOT_END,
        # "the benefit comes mainly from reducing CRP", "is coming from better punctuality"
        r"\b(?:comes?|coming|came|stems?|stemming)\s+(?:mainly\s+|mostly\s+|largely\s+|partly\s+|primarily\s+)?"
        r"from\s+(?:reducing|lowering|"
        r"raising|increasing|cutting|improving|changing|better|lower|higher|fewer|more|less)\s+(?:the\s+)?"
        r"(?P<m>[\w .'\-]+?)" + _SLOT_END,
        # "takes the footfall route"
        r"\b(?:takes?|taking|follows?|following)\s+(?:the\s+)?(?P<m>[\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:route|path|pathway|channel)\b",
        # "like the sessions per week pathway", "via the premium channel": the mechanism named
        # by its variable
        r"\b(?:like|via|through|thru|the)\s+(?:the\s+)?(?!(?:direct|indirect|causal|main|other|same|"
        r"whole|first|second|one|that|this)\b)(?P<m>(?:(?!(?:that|this|effect|into|and|or)\b)[\w'\-]+\s+){0,3}?"
        r"(?!(?:that|this|effect|into|and|or)\b)[\w'\-]+)\s+(?:pathway|channel|mechanism)\b",
        # "... because buses are more on time": the words after the comparative name it
        r"\bbecause\s+(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?\s+(?:get|gets|got|become|becomes|became|are|is|"
        r"were|was)\s+(?:more|less)\s+(?P<m>[\w'\-]+(?:\s+[\w'\-]+){0,2}?)" + _SLOT_END,
        # "is that because the buses run more on time?": a change in how the subject does
        # something, said with any verb and a comparative, is the mechanism (a doubt said with
        # "just/only because" is read as a confounder elsewhere)
        r"(?<!just )(?<!only )(?<!simply )(?<!merely )\bbecause\s+(?:the\s+|their\s+)?"
        r"[\w'\-]+(?:\s+[\w'\-]+)?\s+(?!(?:are|is|were|was|get|gets|got)\b)[a-z]+\s+(?:more|less)\s+"
        r"(?P<m>[\w'\-]+(?:\s+[\w'\-]+){0,2}?)" + _SLOT_END,
        # "is that because more of their users are active every week?": a larger share of the
        # members doing something names the mechanism by what they do
        r"(?<!just )(?<!only )(?<!simply )(?<!merely )\bbecause\s+(?:more|fewer)\s+of\s+(?:the\s+|their\s+|its\s+)?"
        r"[\w'\-]+\s+(?:are|were|is|was|become|became|get|got)\s+(?P<m>[\w'\-]+(?:\s+[\w'\-]+){0,2}?)"
        + _SLOT_END,
        # "... only lift revenue because baskets get bigger": what changes is the mechanism
        r"\bbecause\s+(?:the\s+)?(?P<m>[\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:get|gets|got|become|becomes|became|are|is|"
        r"grow|grows|grew|ends?\s+up|ended\s+up)\s+(?:bigger|larger|smaller|higher|lower|longer|shorter|more|less|"
        r"fewer)\b",
        # "because fewer claims get filed": the counted thing and what happens to it
        r"\bbecause\s+(?:more|fewer|less)\s+(?P<m>[\w'\-]+\s+(?:get|gets|got|are|were|is|was)\s+\w+ed)\b",
        # "is it because the harsh braking goes down?": what changes is the mechanism
        r"\bbecause\s+(?:the\s+)?(?P<m>[\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:goes|go|went|gone)\s+(?:down|up)\b",
        # "the tutors mostly help because students then watch more videos": the mechanism
        r"\b(?:works?|helps?|pays?\s+off)\s+(?:mainly\s+|mostly\s+|only\s+)?because\s+(?:the\s+)?"
        r"(?:people|they|customers|clients|borrowers|students|patients|employees|users)?\s*(?:then\s+)?"
        r"(?:\w+\s+)?(?:more|fewer|less|higher|lower|bigger|smaller)\s+(?P<m>[\w .'\-]+?)"
        r"(?:\s+(?:afterwards|later|then))?" + _SLOT_END,
        # "is it because of the lower setpoint?": a change the treatment makes, offered as the
        # reason, is the mechanism (the variable alone, "is it because of the region?", is a doubt
        # read as confounding elsewhere)
        r"\b(?:is|was)\s+it\s+(?:really\s+)?(?:because\s+of|due\s+to|thanks\s+to)\s+(?:the(?:ir)?\s+|its\s+)?"
        r"(?:lower|higher|reduced|increased|more|less|fewer|better|worse|shorter|longer|bigger|smaller|"
        r"larger)\s+(?P<m>[\w .'\-]+?)" + _SLOT_END,
        # "is it because of the pressure in month 6 that the arm makes fewer events?": the variable
        # through which the treatment, the subject of a causal verb after "that", works
        r"\b(?:is|was)\s+it\s+(?:really\s+|mainly\s+|mostly\s+)?(?:because\s+of|due\s+to|thanks\s+to|through|via)\s+"
        r"(?:the(?:ir)?\s+|its\s+)?(?P<m>[\w .'\-]+?)\s+that\s+(?:the\s+|their\s+|our\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,3}?\s+"
        rf"(?:{_VERBS}|{_VERBS_S}|(?:make|makes|made|give|gives|gave|produce|produces|bring|brings)\s+"
        r"(?:less|more|fewer|lower|higher))\b",
        # "is it by more hours of video?", "does it work through lower vibration?": the changed
        # variable the effect goes by
        r"\b(?:is|was|does|did|do)\s+it\s+(?:work\s+|help\s+|happen\s+)?(?:mostly\s+|mainly\s+|just\s+|only\s+|"
        r"largely\s+)?(?:by|through|via)\s+(?:the\s+|their\s+|its\s+)?(?:more|less|fewer|higher|lower|"
        r"bigger|smaller|better|worse|longer|shorter|extra|reduced|increased)\s+(?P<m>[\w .'\-]+?)"
        + _SLOT_END,
        # "not counting the vibration path", "through the footfall channel"
        r"\b(?:not\s+counting|excluding|apart\s+from|other\s+than|except(?:\s+for)?|without|"
        r"through|via|along)\s+(?:the\s+|its\s+)?(?P<m>[\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:path|pathway|route|channel|"
        r"mechanism)s?\b",
        r"\bmediat\w*\s+(?:by|through|via)\s+(?P<m>[\w .'\-]+?)" + _SLOT_END,
        r"\b(?:does|do|did|is|are|could|can|might|would)\s+(?P<m>[\w .'\-]+?)\s+(?:really\s+)?"
        r"(?:mediate|mediates|mediating|explain|explains|carry|carries)\s+(?:the\s+|its\s+)?(?:effect|impact|relationship|link|influence)\b",
        # "whether the audit score explains part of the training effect on violations": a share
        # of the effect a third variable carries
        r"\b(?:does|do|did|is|are|could|can|might|would|whether|if)\s+(?:the\s+)?(?P<m>[\w .'\-]+?)\s+"
        r"(?:really\s+)?(?:explains?|explain|accounts?\s+for|carries|carry|mediates?)\s+(?:(?:a\s+)?(?:large\s+|big\s+|"
        r"small\s+|good\s+)?(?:part|share|portion|chunk|bit|fraction)|some|much|most)\s+of\s+(?:the\s+|its\s+|their\s+)?"
        r"(?:[\w'\-]+\s+){0,3}?(?:effect|impact|influence|benefit)\b",
        # an effect explained by, or happening because of, a third variable
        r"\b(?:explained|carried|transmitted|channel+ed)\s+(?:by|through|via)\s+"
        r"(?!confound|chance|noise|selection|bias)(?P<m>[\w .'\-]+?)" + _SLOT_END,
        r"(?<!just )(?<!only )(?<!simply )(?<!merely )(?<!all )(?<!apparent )(?<!apparent, )(?<!spurious )"
        r"(?<!spurious, )(?<!not real )(?<!not real, )(?<!illusory )(?<!illusion )"
        # ("or is it due to Z", "maybe it is because of Z": a doubt put down to Z, no mechanism)
        r"(?<!\bis it )(?<!\bit is )(?<!\bit's )"
        r"\b(?:because\s+of|due\s+to|thanks\s+to|owing\s+to|by\s+way\s+of|by\s+means\s+of)\s+"
        r"(?!confound|chance|noise|selection|bias)(?:the\s+)?(?:more\s+|less\s+|fewer\s+|higher\s+|"
        r"lower\s+|larger\s+|bigger\s+|smaller\s+|shorter\s+|longer\s+)?(?P<m>[\w .'\-]+?)"
        + _SLOT_END,
        # "does it cut the bill only because of the lower setpoint?": a doubt about a change the
        # treatment makes names the mechanism
        r"\b(?:just|only|simply|merely|all|mainly|mostly)\s+(?:because\s+of|due\s+to|thanks\s+to)\s+"
        r"(?:the(?:ir)?\s+|its\s+)?(?:lower|higher|reduced|increased|more|less|fewer|better|worse|shorter|longer|bigger|smaller|larger)\s+(?P<m>[\w .'\-]+?)"
        + _SLOT_END,
        # "improves passing because students watch more video": what the people do differently
        r"\bbecause\s+(?:the\s+)?(?:[a-z]+(?:ed|ing)\s+)?(?:people|they|customers|clients|borrowers|students|patients|employees|"
        r"users|workers|members|buyers|shoppers)\s+(?:then\s+)?(?:\w+\s+)?(?:more|fewer|less|higher|lower|"
        r"bigger|smaller)\s+(?P<m>[\w .'\-]+?)(?:\s+(?:afterwards|later|then))?"
        + _AFTER_TREATMENT
        + _SLOT_END,
        # "only helps because it lowers vibration"
        r"\bbecause\s+(?:it|they|that|this)\s+(?:lowers?|raises?|reduces?|increases?|cuts?|boosts?|improves?|"
        r"shortens?|changes?)\s+(?:the\s+)?(?P<m>[\w'\-]+(?:\s+[\w'\-]+)?)" + _SLOT_END,
    ]
    found = None
    pats.append(
        # "how much of the X -> Y effect is just higher satisfaction?": the part said as the
        # mediator's change (after every other wording, which names it more plainly)
        r"\bhow\s+much\s+of\s+.*?\b(?:effects?|impacts?|benefits?|gains?)\s+(?:is|of|comes\s+from)\s+"
        r"(?:just|simply|only|all|mostly|mainly|really)\s+(?![^?;]*\b(?:through|via)\b)"
        r"(?:down\s+to\s+|due\s+to\s+)?(?:the\s+)?"
        r"(?:more|less|fewer|higher|lower|bigger|smaller|better|worse|larger|longer|shorter)?\s*"
        r"(?P<m>[\w .'\-]+?)" + _SLOT_END
    )
    for pat in pats:
        m = re.search(pat, ql)
        # "tell me how much goes through it": a pronoun names no mediator, another phrase may
        named = _strip(m.group("m")) if m else None
        gloss = (
            re.match(r"[\w\s'\-]{0,40}?\(\s*([a-z][\w\s/.'\-]{1,40}?)\s*\)", ql[m.end() :])
            if m
            else None
        )
        if named and gloss:
            # "goes through them coming more often (sessions per wk)": the user's own gloss in
            # brackets names the variable that the words around it describe
            named = _strip(gloss.group(1))
        if named and re.match(
            r"(?:(?:an?|the|some|any)\s+)?(?:other|another|something|anything|someone|third|else)\b",
            named,
        ):
            continue  # "because of other thing": an unnamed third variable, a confounding question
        if named and re.match(r"(?:which|what)\b", named):
            continue  # "through which way?": the question itself, no variable named
        if named and named not in ("it", "them", "this", "that", "they"):
            found = named
            break
    if found is None:
        m = re.search(
            r"\b(?:through|via) (?:the )?(?:mediator )?(?P<m>[\w .'\-]+?)" + _SLOT_END, ql
        )
        if m and re.search(r"\b(?:direct|indirect|mediat\w*|through|via)\b", ql):
            found = _strip(m.group("m"))
    if found and (
        _find(METHODS, found)
        or _find(lexicon.UNAVAILABLE_METHODS, found)
        or re.search(r"\b(?:graph|dag|file|method|estimator)\b", found)
    ):
        return None
    if found:
        # "explained by the fall in CRP", "goes through shorter stays": the mediator is the
        # variable that changes, not the change
        found = _CHANGE_OF.sub("", found) or found
    return found


#: When the people named before a mediator change ("they miss fewer payments after the
#: counseling"): the treatment said again as a time, no part of the mediator.
_AFTER_TREATMENT = (
    r"(?:\s+(?:after|since|following|once\s+they\s+(?:get|got|had|have|start|started))\s+(?:the\s+|their\s+|"
    r"its\s+|it\b|that\b|this\b)?(?:[\w'\-]+(?:\s+[\w'\-]+)?)?)?"
)
#: A change said before the variable it changes ("the fall in CRP").
_CHANGE_IN = re.compile(
    r"\b(?:the|a|an|its|their|any)\s+(?:fall|drop|decline|decrease|dip|reduction|rise|increase|"
    r"jump|gain|improvement|change|shift)s?\s+(?:in|of)\s+(?:the\s+)?"
)
#: A comparative before the variable it compares ("goes through shorter stays").
_CHANGE_OF = re.compile(
    r"^(?:shorter|longer|lower|higher|fewer|less|more|bigger|smaller|reduced|increased|better|"
    r"worse)\s+(?=[a-z])"
)


_NOT_SUBGROUP = (
    r"\b(?:caused|affected|driven|influenced|mediated|confounded|instrumented|explained|distorted|"
    r"biased|skewed|"
    r"determined|impacted|changed|raised|lowered|reduced|increased|decreased|improved|shortened|"
    r"divided|multiplied|regressed|confounding|go\s+up|go\s+down|rise|fall|drop|change|increase|"
    # "premiums are set by age and past claims": how a value is made, not subgroups
    r"set|priced|decided|fixed|calculated|computed|based|inflated|deflated|exaggerated|overstated|"
    r"decrease|reduce|raise|lower|cut|boost|grow|improve|goes\s+up|goes\s+down|rises|falls|"
    r"drops|changes|increases|decreases)\s*$"
)


#: Verbs of change after "by" that say how an effect comes about ("by lowering CRP").
_CHANGING = (
    r"(?:keeping|lowering|raising|reducing|cutting|increasing|improving|boosting|bringing|"
    r"shortening|lengthening|changing|making|getting)\b"
)

#: Words for the levels of a common grouping, and the column word they stand for.
_GROUP_LEVELS = (
    (r"men|women|males?|females?|boys|girls", "sex"),
    (r"younger|older|young|old|the\s+young|the\s+elderly|seniors|juniors", "age"),
)


def group_word(phrase: str) -> str:
    """The column word for a group said by its levels ("the young" -> "age", "women" ->
    "sex"); the phrase itself otherwise."""
    for levels, word in _GROUP_LEVELS:
        if re.fullmatch(
            rf"(?:the\s+)?(?:{levels})(?:\s+(?:ones|people|patients|students|players|employees|"
            r"workers|customers|users|borrowers|households))?",
            phrase.strip(),
            re.I,
        ):
            return word
    return phrase


#: Words that say an effect is compared across groups: "equally well at every site",
#: "differently depending on", "each device separately".
_ACROSS_CUE = (
    r"\b(?:equal+y|the\s+same|differently|different|separately|alike|uniformly|consistently|"
    r"differs?|var(?:y|ies))\b"
)


_ACROSS_CUE_RE = re.compile(_ACROSS_CUE, re.I)


#: "the kinds of location", "different types of route": the groups a column's values make,
#: said through a word for kinds; the column is the word after "of".
_KINDS_OF = re.compile(
    r"\b(?:the\s+|our\s+)?(?:(?:different|various|several)\s+)?"
    r"(?:kinds|types|sorts|categories|classes)\s+of\s+(?:the\s+|our\s+)?(?=[a-z])"
)


def _subgroup(ql: str) -> str | None:
    ql = _KINDS_OF.sub("the ", ql)
    # "compare the subsidy's effect on hours between single parents and everyone else": the
    # effect compared between two groups, the first named
    m = re.search(
        r"\bcompar\w*\s+[^.;?!]*?\b(?:effects?|impacts?)\b[^.;?!]*?\s+between\s+(?:the\s+)?"
        r"(?P<by>[\w'\-]+(?:\s+(?!and\b|or\b)[\w'\-]+)?)\s+(?:and|vs\.?|versus)\s",
        ql,
    )
    if m and _strip(m.group("by")):
        return _strip(m.group("by"))
    # "using the three sites as subgroups", "with region as the strata", "subgroups: site"
    m = re.search(
        r"\b(?:using|use|with|taking|take|treating|treat)\s+(?:the\s+|their\s+|its\s+)?"
        r"(?:(?:two|three|four|five|six|\d+|different|various)\s+)?(?P<by>[\w'\-]+(?:\s+[\w'\-]+)?)\s+as\s+"
        r"(?:the\s+|my\s+)?(?:subgroups?|groups|strata|segments|splits?)\b|"
        r"\b(?:subgroups?|strata|segments)\s*[:=]\s*(?:the\s+)?(?P<by2>[\w'\-]+(?:\s+[\w'\-]+)?)\s*[?.!]*$|"
        # "..., split cust segment", "split: region": the split named as the request's last words
        r"(?:^|[,;|]\s*)(?:split|stratif(?:y|ied)|break\s+down|breakdown)\s*[:=]?\s*"
        r"(?!by\b|on\b|across\b|"
        r"it\b|them\b|the\s+effect\b)(?:the\s+)?(?P<by3>[\w'\-]+(?:\s+[\w'\-]+)?)\s*[?.!]*$",
        ql,
    )
    if m and _strip(m.group("by") or m.group("by2") or m.group("by3")):
        return _strip(m.group("by") or m.group("by2") or m.group("by3"))
    # "region-specific effects", "site-level estimates"
    m = re.search(
        r"\b(?P<by>[a-z][\w]*)-(?:specific|level|wise)\s+(?:(?:causal|treatment|average)\s+)?"
        r"(?:effects?|impacts?|estimates?|results?|ates?|cates?)\b",
        ql,
    )
    if m and m.group("by") not in (
        # (words for any subgroup: "stratum-specific estimates" by the split named elsewhere)
        *("group", "unit", "individual", "population", "person", "stratum", "strata"),
        *("subgroup", "subpopulation", "cell", "category", "class"),
    ):
        return m.group("by")
    # "does the effect vary from one location to another", "from site to site"
    m = re.search(
        r"\bfrom\s+(?:one\s+)?(?P<by>[\w'\-]+(?:\s+[\w'\-]+)?)\s+to\s+(?:another|the\s+next|(?P=by))\b",
        ql,
    )
    if m and _strip(m.group("by")):
        return _strip(m.group("by"))
    if re.search(_ACROSS_CUE, ql):
        # "does the device work equally well at every site", "each device separately",
        # "differently depending on the department"
        m = re.search(
            r"\b(?:at|for|in|across|among|on|over)\s+(?:every|each|all)\s+(?:the\s+|of\s+the\s+)?"
            r"(?P<by>[\w'\-]+(?:\s+(?!and\b|or\b|for\b|on\b|in\b|at\b)[\w'\-]+)?)(?=\s*[,;?!.]|\s*$|"
            r"\s+(?:for|on|in|at|when|regarding|than)\b)|"
            r"\b(?:each|every)\s+(?P<by2>[\w'\-]+(?:\s+[\w'\-]+)?)\s+separately\b|"
            r"\b(?:depending\s+on|according\s+to|by)\s+(?:the\s+|their\s+)?(?P<by3>[\w'\-]+"
            r"(?:\s+(?!and\b|or\b|for\b|on\b)[\w'\-]+)?)(?=\s*[,;?!.]|\s*$)",
            ql,
        )
        # "is the effect different for single parents (or not)?": the group a yes/no column
        # or a level names
        m = m or re.search(
            r"\b(?:different|differently|the\s+same|alike|differs?|var(?:y|ies))\s+(?:well\s+)?(?:for|among|in|between|on|at)\s+"
            r"(?!(?:each|every|all|some|different|which|whom|who|average)\b)(?:the\s+)?(?P<by4>[\w'\-]+"
            r"(?:\s+(?!and\b|or\b|than\b|for\b|on\b|vs\b)[\w'\-]+)?)(?=\s*[,;?!.]|\s*$|"
            r"\s+(?:or|and|than|compared|versus|vs)\b)",
            ql,
        )
        if m:
            g = m.groupdict()
            by = _strip(g.get("by") or g.get("by2") or g.get("by3") or g.get("by4"))
            if (
                by
                and not re.fullmatch(
                    r"(?:of\s+them|them|the\s+board|groups?|people|patients|students|employees|"
                    r"customers|users|units|everyone|all|cases|levels?)",
                    by,
                )
                and not (_find(METHODS, by) or _find(ALGORITHMS, by))
            ):
                return by
    # "does the lane raise riders more for urban routes?": a comparative, then the group
    m = re.search(
        r"\b(?:more|less|better|worse|most|least|harder|stronger|weaker)\s+(?:for|in|among|at|on)\s+"
        r"(?:the\s+)?(?P<by>(?!(?:the\s+)?(?:long|short|medium)\b|general\b|total\b|practice\b|"
        r"reality\b|absolute\b|relative\b|percent\b|terms\b|average\b|each\b|every\b|all\b|some\b|"
        r"which\b|whom?\b|them\b|it\b)[\w'\-]+(?:\s+[\w'\-]+)?)\s*[?.!]*$",
        ql,
    )
    if m and re.search(
        # ("check whether the device lowers HbA1c more at site C": the question, made indirect)
        r"\b(?:effects?|impacts?|does|do|did|would|will|is|are|whether)\b",
        ql[: m.start()],
    ):
        return _strip(m.group("by"))
    # "separately for stores with and without a competitor nearby"
    m = re.search(
        r"\b(?:for|between|among|in|across)\s+(?:the\s+)?(?:[\w\-]+\s+)?with\s+and\s+without\s+(?:an?\s+|the\s+)?"
        r"(?P<by>[\w\-]+(?:\s+(?!and\b|or\b|on\b|for\b)[\w\-]+)?)",
        ql,
    )
    if m:
        return m.group("by")
    m = re.search(
        r"\b(?:by|on|across|depending\s+on|between\s+stores\s+with\s+and\s+without)\s+whether\s+"
        r"(?:a|an|the|they|it|there\s+is\s+an?)?\s*(?P<a>[\w\-]+(?:\s+[\w\-]+)?)\s+(?:is|are|was|were|has|have|had)\s+"
        r"(?:an?\s+)?(?P<b>[\w\-]+)",
        ql,
    )
    if m:
        return f"{m.group('a')} {m.group('b')}"  # "by whether a competitor is nearby"
    m = re.search(
        r"(?:^|\b(?:the|an?|show|give|estimate)\s+)(?:per|by)\s+(?P<by>[\w\-]+)\s+(?:effects?|impacts?|estimates?|breakdown)\b",
        ql,
    )
    if m:
        return m.group("by")  # "per-location effect of X on Y"
    # "does the subsidy raise hours more for single parents?": the group the verb acts on more
    m = re.search(
        rf"\b(?:{_VERBS_S}|{_VERBS})\s+(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?\s+(?:more|less|most|least)\s+"
        r"(?:for|among)\s+(?:the\s+)?(?P<by>[\w'\-]+(?:\s+[\w'\-]+)?)\s*[?.!]*$",
        ql,
    )
    if m and not re.match(r"(?:each|every|all|some|them|everyone|\d)", m.group("by")):
        return _strip(m.group("by"))
    for levels, word in _GROUP_LEVELS:
        if re.search(
            rf"(?:\b(?:for|among|in|between)\s+|^(?:do|does|did|are|were|will|would)\s+)(?:the\s+)?(?:{levels})(?:\s+\w+)?\s+(?:or|and|vs\.?|versus|than)\s+(?:for\s+|in\s+|among\s+)?(?:the\s+)?(?:{levels})\b",
            ql,
        ):
            return word
    m = None
    for m in re.finditer(
        r"\b(?:by|across|among|per|for\s+each|(?:in|for|among|at|on|with)\s+(?:some|certain|different)|depends?\s+on(?:\s+the)?|depending\s+on(?:\s+the)?|according\s+to(?:\s+the)?|chang[a-z]*\s+(?:with|across)(?:\s+the)?|within\s+each|within(?!\s+(?:the\s+|a\s+)?(?:same|similar|identical|comparable)\b)|in\s+each|in\s+every|for\s+every|separately\s+(?:for|per|by)|"
        r"differ\w*\s+(?:by|across|between|among)|var(?:y|ies)\s+(?:by|across|with|between)|chang[a-z]*\s+by|"
        r"split\s+by|broken\s+down\s+by|subgroups?\s+(?:of|by)|stratified\s+by|for\s+different)\s+"
        # (an article before a two-word group: "by the soil type")
        # (and before a possessive: "by the customer's plan tier", whose owner may be a word of
        # the column, "the driver's age")
        r"(?:(?:the|their|its|a|an)\s+(?=[\w\-]+(?:'s|s')\s|[\w'\-]+\s+[\w'\-]+(?:\s*[,;?!:)]|\s*$)))?"
        r"(?P<by>(?:[\w\-]+(?:'s|s')\s+(?=[\w\-]+(?:\s+[\w\-]+)?(?:\s*[,;?!:)]|\s*$)))?"
        r"[\w'\-]+(?:\s+(?!and\b|with\b|using\b|controlling\b|at\b|or\b)[\w'\-]+)?)(?=\s*[,;?!:)]|\s*$|"
        r"\s+(?:using|with|controlling|adjusting|at|and|via|as|instrument\w*|or|for|than|more|less)\b|"
        # a relative clause after the group: "the device people use", "the state they live in"
        r"\s+(?:people|they|we|you|users|ppl|players|customers|students|patients|that|which|who)\s+\w+\s*[?.!]*$)",
        ql,
    ):
        word = m.group(0).split()[0]
        if _find(METHODS, m.group("by")) or _find(ALGORITHMS, m.group("by")):
            continue  # "compare across matching and DML": methods, not a subgroup
        if re.match(r"(?:in|for|among|at|on|with)\s+(?:some|certain)\b", m.group(0)) and re.search(
            r"\b(?:funded|installed|introduced|rolled\s+out|built|put|given|offered|available|deployed|"
            r"piloted|trialled|trialed|tested|launched|added|used|runs?|ran)\b[^,;.?!]*$",
            ql[: m.start()],
        ):
            continue  # "the council funded bus lanes on some routes": where it was given, no split
        if word == "by" and re.search(_NOT_SUBGROUP, ql[: m.start()].rstrip()):
            continue
        if word == "by" and re.match(_CHANGING, m.group("by")):
            continue  # "by lowering CRP": how the effect comes about, not a subgroup
        if word.startswith(("depend", "chang", "according")) and not re.search(
            # "does the effect depend on Z", "X -> Y, does it depend on Z": the effect does
            r"\b(?:effect|impact)|->.*\b(?:it|that|this)\s*$",
            ql[: m.start()],
        ):
            continue  # "does Y depend on X" names a cause; "does the effect depend on Z" a group
        if re.match(
            r"\s*(?:\d|%|percent|half\b|a\s+third|a\s+quarter|an?\s+extra)",
            ql[m.end() - len(m.group("by")) :],
        ):
            continue
        if word == "per" and re.search(
            r"\b(?:more|less|fewer|extra|higher|lower)\s*$", ql[: m.start()]
        ):
            continue  # "spend more per basket": a rate, not a subgroup
        if word == "per" and re.search(
            r"(?:\d[\d,.]*|\b(?:an?|one))\s*(?:%|(?:[a-z$\u20ac\u00a3]+\s*)){0,3}$", ql[: m.start()]
        ):
            continue  # "1.2 million euros per kilometre", "one extra hour per night": a rate
        if word == "per" and re.match(
            r"(?:extra|additional|unit|one|each|[a-z]{1,3}\b|hectare|acre|minute|second|mile|hour|day|week|month|year|"
            r"patient|student|person|capita|head|employee|customer|plot|game|match|session|visit|"
            r"season|trip|order|player|household)s?\b",
            m.group("by"),
        ):
            continue  # "30 kg per ha", "per patient": a unit, not a subgroup
        by = _strip(m.group("by"))
        if by and not re.fullmatch(
            r"(?:how much|method|methods|group|groups|a lot|far|much|patients|students|employees|"
            r"people|customers|users|plots|farms|fields|staff|workers|participants|subjects|"
            r"individuals|units|them|everyone|all|(?:the\s+)?board)",
            by,
        ):
            return by
    return None


#: Quantities in what-if scenarios.
_NUMBER = r"(?P<v>[-+]?\d+(?:\.\d+)?)"


_NUMBER_WORDS = {**lexicon.NUMBER_WORDS, "a hundred": "100", "fifty": "50"}


def _wt(phrase: str | None) -> str | None:
    """A what-if's treatment phrase without the words that open the scenario ("waht if the X")."""
    if phrase is None:
        return None
    phrase = re.split(
        r"\b(?:if|when|whenever|suppose|supposing|assume|assuming|imagine|say)\s+(?:that\s+)?",
        phrase,
    )[-1]
    # "tripling advertising next year": when it would happen is not part of the variable
    phrase = re.sub(
        r"\s+(?:next|this|last|every|each)\s+(?:year|quarter|month|week|season|day)\b.*$|\s+tomorrow\b.*$",
        "",
        phrase,
    )
    # "if every store put 10% more into ads": where the amount goes is the variable
    phrase = re.sub(r"^\s*(?:into|in|on|to)\s+(?=\w)", "", phrase)
    # "if every policy had one": the thing just analysed, like "it"
    if re.fullmatch(r"\s*(?:one|ones|one\s+too|one\s+as\s+well)\s*", phrase):
        return None
    return _strip(phrase)


#: Small amounts said in words before a unit ("two hours faster", "an hour sooner").
_SMALL_AMOUNT = {
    "a": "1", "an": "1", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5",
    "six": "6", "seven": "7", "eight": "8", "nine": "9", "ten": "10",
}  # fmt: skip


#: The subject of a scenario said in the past perfect: "the routes", "every agent", "our stores".
_CF_SUBJECT = (
    r"(?:the|every|each|all|our|their|those|these|all\s+the|all\s+our)\s+[a-z][\w\-]*"
    r"(?:\s+(?!had\b|been\b|were\b|was\b)[a-z][\w\-]*)?"
)


#: What opens a scenario: "if", "suppose (that)", "imagine".
_CF_IF = r"(?:if|suppose|supposing|imagine|assume|assuming|say)\s+(?:that\s+)?"


def _counterfactual(ql: str) -> str:
    """A scenario said as a counterfactual in the past perfect, as a plain condition: "had the
    routes been 2 km shorter" -> "if the routes were 2 km shorter", "had each driver slept an
    hour more" -> "if each driver slept an hour more", "if every call had been a minute shorter"
    -> "if every call were a minute shorter"."""
    # the inverted condition at a clause start: "had the routes been", "had each driver slept"
    # (a verb other than "been" only before an amount: "had every restaurant trained staff" is
    # what they have, not a change)
    amount = r"(?=\s+(?:[a-z]+\s+){0,3}?(?:[-+]?\d|an?\s|one\s|two\s|three\s|half\s|more\b|less\b|fewer\b|extra\b))"
    verbs = (
        r"(?:[a-z]+ed|slept|had|got|made|spent|took|gave|ran|kept|sold|paid|stayed|lived|drove|"
        r"came|went)" + amount
    )
    ql = re.sub(
        rf"(^|[,;:.(]\s*|\b(?:and|but|so|what|how|been|be)\s+)had\s+(?=(?:{_CF_SUBJECT})\s+(?:been\b|{verbs}))",
        r"\1if ",
        ql,
    )
    # "if the routes had been", "if the routes been" (the inversion undone above): the condition
    ql = re.sub(rf"\b({_CF_IF}{_CF_SUBJECT})\s+(?:had\s+)?been\b", r"\1 were", ql)
    # "if each driver had slept an hour more": the verb's past is the scenario's
    ql = re.sub(rf"\b({_CF_IF}{_CF_SUBJECT})\s+had\s+(?={verbs})", r"\1 ", ql)
    return ql


_SMALL_WORD = r"(?:two|three|four|five|six|seven|eight|nine|ten)"
_TIME_WORD = r"(?:hour|day|week|month|year|minute|second|night|shift)s?"


def _scenario_plain(ql: str) -> str:
    """A scenario's wording brought to the forms the reader knows: when it would happen, the
    conditional said twice, an amount in words and where time is spent."""
    # "last quarter", "over the season", "during the trial": when, not what changes
    ql = re.sub(
        r"\s+(?:(?:over|during|across|throughout|in|for)\s+the\s+(?:whole\s+|entire\s+|past\s+|last\s+)?"
        r"(?:season|year|quarter|month|week|period|trial|lactation|campaign)|"
        r"(?:last|this|past|previous)\s+(?:season|year|quarter|month|week))\b(?=[^?]*?(?:[,;:?]|$))",
        "",
        ql,
    )
    # "an hour more per night", "2 sessions more a week": the rate's period is no variable
    ql = re.sub(
        rf"\b({_TIME_WORD}|[a-z]+s)(\s+(?:more|less|fewer|extra))\s+(?:a|per|each|every)\s+"
        r"(?:night|day|week|month|year|shift|match|game)\b",
        r"\1\2",
        ql,
    )
    # "if everybody lived 2 km closer", "if stations sat 1 km farther out": a distance said
    # with the verb of where they are, i.e. what they were
    ql = re.sub(
        r"\b(?!(?:were|was|are|is|be|been)\b)(?:lived|live|lives|sat|sit|sits|stood|stand|stands|"
        r"lay|lie|lies|moved|move|moves|were\s+located|was\s+located|located|situated|based|built)\s+"
        r"(?=(?:\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s*(?:km|kilomet\w*|miles?|"
        r"metres?|meters?|m)\s+(?:closer|nearer|farther|further|away)\b)",
        "were ",
        ql,
    )
    # "if the headway would be 3 minutes less": the conditional said in both clauses
    ql = re.sub(
        r"\b((?:if|suppose|supposing|imagine|assuming)\s+(?:that\s+)?(?:the\s+|our\s+|every\s+|each\s+|all\s+)?"
        r"[a-z][\w\-]*(?:\s+[a-z][\w\-]*)?)\s+would\s+be\b",
        r"\1 were",
        ql,
    )
    # "if the premium was of 10 percent lower": "of" before the amount, as other languages say it
    ql = re.sub(r"\b(was|were|is|are|be|become|becomes)\s+of\s+(?=[-+]?\d)", r"\1 ", ql)
    # "an hour more", "a day less": one unit
    ql = re.sub(
        rf"\b(?:an?|one)\s+(?={_TIME_WORD}\s+(?:more|less|fewer|extra|longer|shorter|earlier|later)\b)",
        "1 ",
        ql,
    )
    # "five docks more", "three staff fewer": a small amount in words, the noun, then its change
    ql = re.sub(
        rf"\b{_SMALL_WORD}(?=\s+[a-z]+\s+(?:more|less|fewer|extra)\b)",
        lambda m: _SMALL_AMOUNT[m.group(0)],
        ql,
    )
    # "spent two more hours a day out at pasture": the time spent somewhere is the variable
    ql = re.sub(
        r"\b(spen[dt]\w*|pass\w*)\s+(\d+(?:\.\d+)?|an?|one|" + _SMALL_WORD[3:-1] + r")\s+"
        r"(?:(more|extra|fewer|less)\s+)?(hours?|minutes?|days?)\s+(?:(?:a|per|each)\s+day\s+)?"
        r"(?:out\s+|outside\s+)?(?:at|on|in|with|outdoors\s+at)\s+(?:the\s+)?(?=[a-z])",
        lambda m: (
            f"{m.group(1)} {_SMALL_AMOUNT.get(m.group(2), m.group(2))} "
            f"{m.group(3) or 'more'} {m.group(4)} of "
        ),
        ql,
    )
    return ql


def _what_if(ql: str) -> tuple[dict[str, float | str], str | None, str | None] | None:
    """The scenario of a what-if question as (what_if, treatment phrase, outcome phrase). An
    amount written in thousands ("3k more") is read as 3000 and marked `thousands`, so that the
    planner can keep it at 3 for a column counted in thousands (`..._k`)."""
    thousands = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:k|thousands?)\b")
    ql = _counterfactual(ql)
    ql = _scenario_plain(_EVERY_AT_LEVEL.sub(_at_level, ql))
    # "if each customer stayed 6 months longer", "if agents spent 2 minutes less": an amount of
    # time more or less, said after a verb other than "be" (the verb and the unit name the
    # variable, as in "stayed 6 more months")
    ql = re.sub(
        r"\b(?!(?:were|was|are|is|be|been|became|become|becomes|got|gets|get|went|goes|go)\b)"
        r"((?:[a-z]{2,}ed|slept|spent|ran|took|kept|sat|stood|lasted|stay|stays|remain|remains|work|works|"
        r"sleep|sleeps|spend|spends|wait|waits|last|lasts))\s+"
        r"(\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
        r"(seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\s+"
        r"(longer|more|extra|shorter|less|fewer)\b"
        # ("stay 6 months more in the company": where they stay is no variable)
        r"(?:\s+(?:in|at|with|on)\s+(?:the\s+|our\s+|their\s+)?(?:company|firm|job|club|team|gym|contract|"
        r"plan|service|network|us|school|hospital|ward)\b)?",
        lambda m: (
            f"{m.group(1)} {m.group(2)} "
            + ("fewer " if m.group(4) in ("shorter", "less", "fewer") else "more ")
            + m.group(3)
        ),
        ql,
    )
    # "if members came in 3 times a week", "if every rider rode twice a day": the frequency set
    # for everyone, said with the verb of what is counted (the column is found by the frequency)
    ql = re.sub(
        r"\bif\s+(?:(?:every|each|all(?:\s+(?:the|our))?|our|the)\s+[a-z]+\s+|[a-z]{3,}s\s+|"
        r"every(?:one|body)\s+|they\s+|we\s+|you\s+)?(?:(?:was|were|got|get|is|are|be)\s+)?"
        r"(?!(?:were|was|had|got|did|more|less|fewer)\b)"
        r"(?P<v>[a-z]{3,}(?:\s+(?:in|out|by|over|up))?)\s+"
        r"(?:(?P<n>\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s*"
        r"(?P<more>(?:more|extra|fewer|less)\s+)?(?:times?\s+|x\s*)|"
        r"(?P<w>once|twice)\s+)(?:a|an|per|each|every)\s+(?P<u>day|week|month|year)\b",
        lambda m: (
            f"if the {m.group('v')} times-per-{m.group('u')} "
            # ("one more time a week": a shift of the count, "3 times a week" its level)
            + (
                ("went down by " if m.group("more").strip() in ("fewer", "less") else "went up by ")
                if m.group("more")
                else "were "
            )
            + _SMALL_AMOUNT.get(m.group("n") or "", m.group("n") or "")
            + {"once": "1", "twice": "2"}.get(m.group("w") or "", "")
        ),
        ql,
    )
    # "if every route ran a bus every 5 minutes": one of a thing every N units is the interval
    # between two of them set to N (a headway, a wait), said with whatever verb
    ql = re.sub(
        r"\b(?:(?:ran|run|runs|running|had|has|have|sent|send|sends|got|get|gets|saw|see|sees|"
        r"scheduled|schedules|put\s+on|puts\s+on|ordered|orders|did|does|do)\s+)?"
        r"(?:a|an|one)\s+(?:new\s+)?[a-z][\w\-]*\s+(?:(?:came|comes|come|left|leaves|leave|ran|runs|run|"
        r"arrived|arrives|arrive|went|goes|go|departed|departs|depart)\s+)?every\s+"
        r"(?P<n>\d+(?:\.\d+)?|two|three|four|five|six|seven|eight|nine|ten)\s+"
        r"(?P<u>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\b",
        lambda m: (
            f"had an interval of {_SMALL_AMOUNT.get(m.group('n'), m.group('n'))} {m.group('u')}"
        ),
        ql,
    )
    # "an extra hour a night", "2 more sessions per week": the unit's rate is no variable
    ql = re.sub(
        r"\b((?:hours?|hrs?|minutes?|mins?|sessions?|visits?|times|km|miles?|steps?)\s+)(?:a|per|each|every)\s+"
        r"(?:night|day|week|month|year|shift)\b",
        r"\1",
        ql,
    )
    # "if first responses came two hours faster", "if buses arrived 5 minutes sooner": a time
    # taken that shrinks (said of what is timed, so "faster" is shorter, never a longer time)
    ql = re.sub(
        r"\b(?:came|come|comes|were|was|got|arrived|arrive|arrives|happened|went)\s+"
        r"(?P<v>\d+(?:\.\d+)?|an?|one|two|three|four|five|six|seven|eight|nine|ten)\s*"
        r"(?P<u>seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?)\s+"
        r"(?P<d>faster|sooner|quicker|earlier|slower|later)\b",
        lambda m: (
            f"were {_SMALL_AMOUNT.get(m.group('v'), m.group('v'))} {m.group('u')} "
            + (
                "shorter"
                if m.group("d") in ("faster", "sooner", "quicker", "earlier")
                else "longer"
            )
        ),
        ql,
    )
    # "if we stopped sending it to anyone", "stopped offering the promo to customers": the ones
    # it would go to are every row, no variable; a pronoun after a verb of giving is the thing
    # given ("sending it": it)
    ql = re.sub(
        r"\b((?:stop|stopp|quit|ceas|end|halt|pause|paus)\w*\s+)(?P<x>(?:(?:send|giv|offer|provid|mail|email|text|"
        r"run|us|hand)\w*ing\s+)?(?:the\s+|our\s+|its\s+)?[\w\-]+(?:\s+[\w\-]+){0,2}?)"
        r"\s+(?:to|for)\s+(?:anyone|anybody|everyone|everybody|all\s+of\s+them|(?:any|all|every|our)\s+[a-z]+|"
        r"customers|people|members|users|clients)\b",
        r"\1\g<x>",
        ql,
    )
    ql = re.sub(
        r"\b((?:stop|stopp|quit|ceas|halt|pause|paus)\w*\s+)(?:send|giv|offer|provid|mail|email|text|run|us|"
        r"hand)\w*\s+(?=(?:it|them|that|this)\b)",
        r"\1",
        ql,
    )
    # "suppose the adherence reaches 100%", "arrives to 100%" ("llega a", "arrive à"): the level
    # it is at
    ql = re.sub(
        r"\b(?:reach(?:es|ed)?|arriv(?:es|ed|e)\s+(?:to|at)|gets\s+to|got\s+to|goes\s+(?:up\s+|down\s+)?to|"
        r"went\s+(?:up\s+|down\s+)?to)\s+(?=[-+]?\d)",
        "were ",
        ql,
    )
    # "set the discount to zero", "cut X to zero": the level in digits
    ql = re.sub(
        r"\b((?:set|put|bring|brought|cut|drop|dropp|reduc|lower)\w*\s+(?:(?:the|our|all|its|their)\s+)?"
        r"(?:[\w'\-]+\s+){1,4}?)(to|at)\s+zero\b",
        r"\1\2 0",
        ql,
    )
    # "with double the ad spend", "at half the headway": the scenario said as a condition
    ql = re.sub(
        r"\b(?:with|at|under|on)\s+(double|twice|triple|three\s+times|half)\s+"
        r"(?:the\s+|our\s+|its\s+|their\s+|as\s+much\s+)?"
        # ("with double machine learning", "doubly robust": estimators' names, no doubling)
        r"(?!(?:machine[\s-]+learning|ml|robust|dml)\b)(?=[a-z])",
        lambda m: (
            "if we "
            + {"double": "doubled", "twice": "doubled", "half": "halved"}.get(m.group(1), "tripled")
            + " the "
        ),
        ql,
    )
    # "if every route had a headway of 10 minutes", "if stores had a 10 percent discount": the
    # level everyone is given, said as what they have
    _have = (
        r"\b(?:(?:every|each|all(?:\s+the)?|our|the)\s+[a-z]+\s+|[a-z]{3,}s\s+|every(?:one|body)\s+|they\s+|we\s+)?"
        r"(?:had|has|have|got|gets|get)\s+(?:a|an)\s+"
    )
    ql = re.sub(
        _have + r"((?:[a-z][\w\-]*\s+){0,2}?[a-z][\w\-]*)\s+of\s+(\d+(?:\.\d+)?)",
        r"the \1 were \2",
        ql,
    )
    ql = re.sub(
        _have
        + r"(\d+(?:\.\d+)?)[\s-]*(%|[a-z]+)\s+([a-z][\w\-]*(?:\s+(?!of\b|for\b|on\b|in\b)[a-z][\w\-]*)?)"
        r"(?=\s*(?:[,;:?!.]|-\s|$))",
        r"the \3 were \1 \2",
        ql,
    )
    # "if every policy had a £500 excess", "had a 500 excess": an amount, its currency before it
    ql = re.sub(
        _have
        + r"(?:[£$€]\s*)?(\d+(?:\.\d+)?)\s+([a-z][\w\-]*(?:\s+(?!of\b|for\b|on\b|in\b)[a-z][\w\-]*)?)"
        r"(?=\s*(?:[,;:?!.]|-\s|$))",
        r"the \2 were \1",
        ql,
    )
    # "by 1 percentage point", "2pp": an absolute change of a share, said in points
    ql = re.sub(
        r"\b(\d+(?:\.\d+)?)\s*(?:(?:percentage|percent|pct\.?|%)\s*points?|pp|p\.p\.)(?![\w.])",
        r"\1 points",
        ql,
    )
    # "$500 more per household", "2 more per member": who the amount goes to is no variable
    ql = re.sub(
        r"(?<=\d)(\s*(?:%|[a-z]+)?(?:\s+(?:more|extra|less|fewer|higher|lower))?)\s+(?:per|a|for\s+each|"
        r"for\s+every|to\s+each|to\s+every)\s+(?:head|capita|person|household|family|customer|client|user|"
        r"patient|student|member|subscriber|employee|worker|agent|player|cow|store|shop|station|route|"
        r"building|policy|borrower|loan|plot|farm|branch|site)\b",
        r"\1",
        ql,
    )
    # "an extra half hour", "another quarter of an hour": a fraction of one unit
    ql = re.sub(
        r"(?<!\bper\s)(?<!\beach\s)(?<!\bevery\s)\b(?:an?\s+)?(?:extra|additional|added|another)\s+"
        r"(half|quarter)(?:\s+(?:of\s+)?an?)?\s+(?=[a-z])",
        lambda m: "0.5 more " if m.group(1) == "half" else "0.25 more ",
        ql,
    )
    # "an extra 2 hours of video", "another 3 staff": the amount said before its adjective
    ql = re.sub(
        r"(?<!\bper\s)(?<!\beach\s)(?<!\bevery\s)\b(?:an?\s+)?(?:extra|additional|added|another)\s+"
        r"(\d+(?:\.\d+)?)\s+(?!more\b|extra\b)",
        r"\1 more ",
        ql,
    )
    # "if we added ten docks", "removed two staff": a small amount in words after a verb of
    # adding or taking away (the digits' reading; "one" stays a pronoun)
    ql = re.sub(
        r"\b((?:add|hire|install|open|remove|subtract|fire|close)(?:s|ed|d|ing)?)\s+"
        r"(two|three|four|five|six|seven|eight|nine|ten)\b(?=\s+[a-z])",
        lambda m: f"{m.group(1)} {_UNITS_WORDS[m.group(2)]}",
        ql,
    )
    # "gave the supplement to every cow": the scenario's units before what they get ("gave every
    # cow the supplement")
    ql = re.sub(
        r"\b(give|gave|given|giving|offer|offered|offering|extend|extended)\s+"
        r"(?P<x>(?:the\s+|a\s+|an\s+)?(?!(?:it|them|that|this)\b)[\w\-]+(?:\s+[\w\-]+){0,2}?)\s+to\s+"
        r"(?P<s>(?:every|all|each)\s+(?:of\s+)?(?:the\s+|our\s+)?[a-z]+|everyone|everybody)\b",
        r"\1 \g<s> \g<x>",
        ql,
    )
    # "if every agent moved off night shifts", "took every agent off nights", "every member
    # stopped X": nobody on it
    ql = re.sub(
        r"\b(?:(?:every|each|all(?:\s+(?:the|our))?)\s+(?P<u>[a-z]+)\s+(?:moved|moves|came|comes|went|goes|"
        r"got|gets|switched|switches|stepped|steps|(?:was|were)\s+(?:taken|moved|switched))\s+off|"
        r"(?:took|take|takes|taking|moved|move|moving|switched|switch|got|get)\s+(?:every|each|all(?:\s+"
        r"(?:the|our))?)\s+(?P<u2>[a-z]+)\s+off)\s+(?:the\s+|their\s+)?",
        lambda m: f"no {m.group('u') or m.group('u2')} was on ",
        ql,
    )
    # "double machine learning", "doubly robust": estimators' names, no doubling
    ql = re.sub(r"\bdoub(?:le|ly)[\s/-]+(?:machine[\s-]+learning|ml|robust)\b", "dml", ql)
    # "50 cents", "20 pence": hundredths of the currency a price column is counted in
    cents = re.compile(r"\b(\d+(?:\.\d+)?)\s*(?:cents?|pence|ct)\b")
    # verbs of a rate or a length said as raising or lowering it ("slow the line by 20")
    ql = re.sub(
        r"\b(?:slow(?:ed|s|ing)?(?:\s+down)?|shorten(?:ed|s|ing)?|narrow(?:ed|s|ing)?|trim(?:med|s|ming)?|"
        r"eas(?:e|ed|es|ing)|lighten(?:ed|s|ing)?|relax(?:ed|es|ing)?)"
        r"(?=\s+(?:the\s+|our\s+)?[\w\-]+(?:\s+[\w\-]+)?\s+by\s+\d)",
        "lower",
        ql,
    )
    ql = re.sub(
        r"\b(?:speed(?:ed|s|ing)?\s+up|accelerat\w*|lengthen(?:ed|s|ing)?|extend(?:ed|s|ing)?|widen(?:ed|s|ing)?)"
        r"(?=\s+(?:the\s+|our\s+)?[\w\-]+(?:\s+[\w\-]+)?\s+by\s+\d)",
        "raise",
        ql,
    )
    # "if vibration reduce(s) by 0.5": a change said with the variable as the subject
    ql = re.sub(
        r"\b(?:reduce[sd]?|decrease[sd]?|drop(?:s|ped)?|fall(?:s)?|fell|decline[sd]?|shrink(?:s)?|shrank)"
        r"(?=\s+by\s+[-+]?\d)",
        "goes down",
        ql,
    )
    ql = re.sub(
        r"\b(?:increase[sd]?|rise[sn]?|rose|grow(?:s)?|grew|climb(?:s|ed)?|jump(?:s|ed)?)(?=\s+by\s+[-+]?\d)",
        "goes up",
        ql,
    )
    text = cents.sub(
        lambda m: f"{float(m.group(1)):g}",
        thousands.sub(lambda m: f"{float(m.group(1)) * 1000:g}", ql),
    )
    found = _what_if_reading(text)
    scope = _SCOPE.search(text)
    if scope and (
        found is None
        or found[1] is None
        or (found[2] and _SCOPE.search(" on " + found[2]))
        # "added 10 docks everywhere": the scope read into the treatment
        or _SCOPE.search(" " + found[1])
        # "put 12 more staff in each store": the units the scenario applies to are no treatment
        or re.search(rf"\b{re.escape(found[1])}\b", scope.group(0))
        # "halved the excess on every policy": nor a part of it
        or scope.group(0).strip() in found[1]
    ):
        # "fertiliser set to 0 on all plots: yield?": who the scenario applies to is no role
        again = _what_if_reading(text[: scope.start()] + text[scope.end() :])
        if again is not None and again[1] is not None:
            found = again
    if found and thousands.search(ql) and found[0].get("op") in ("add", "set"):
        found = ({**found[0], "thousands": True}, found[1], found[2])
    if found and cents.search(ql) and found[0].get("op") in ("add", "set"):
        found = ({**found[0], "hundredths": True}, found[1], found[2])
    if found and re.search(
        r"\b(?:bootstrap\w*|resamples?|draws|reps|prompts?|samples)\b", found[1] or ""
    ):
        return None  # "give 200 bootstrap resamples": an option's size, not a scenario
    if (
        found
        and found[1]
        and (
            _find(METHODS, found[1])
            or re.search(r"\b(?:thing|approach|method|estimator|analysis|model)\b", found[1])
        )
    ):
        return None  # "if we do the double machine learning thing": a method, no scenario
    unit_end = re.search(
        r"\b\d+(?:\.\d+)?\s+(?:more|extra|additional|fewer|less)\s+(?P<u>"
        + _UNIT_ONLY.pattern
        + r")"
        r"\s*(?:[-,;:?]|$)",
        text,
    )
    if (
        found
        and found[1]
        and unit_end
        and not _UNIT_ONLY.fullmatch(found[1])
        and found[1] in text[unit_end.end() :]
    ):
        # "sleeping 0.5 more hour - how many fewer days out?": the amount ends its clause, so
        # what the later clause names is the outcome, and the verb before says of what
        found = (found[0], unit_end.group("u"), found[2] or found[1])
    if found and found[1] and _UNIT_ONLY.fullmatch(found[1]):
        # "if players slept 1 more hour": the unit is what is counted, the verb says of what
        vm = re.search(
            r"\b(?P<v>[a-z]{4,})\s+(?:an?\s+|one\s+|[\d.]+\s+|another\s+)?(?:more|extra|additional|fewer|less)?\s*"
            + re.escape(found[1])
            + r"\b",
            ql,
        )
        if vm and vm.group("v") not in ("more", "extra", "additional", "fewer", "less", "another"):
            found = (found[0], f"{vm.group('v')} {found[1]}", found[2])
    if (
        found
        and found[0].get("op") == "add"
        and found[0].get("value") == 1
        and re.search(r"\b(?:one|an?|each|every|1)\s+(?:extra|more|additional)\b", ql)
        and not re.search(
            r"\b(?:if|imagine|suppose|supposing|were|would|scenario|happens?|assume|assuming|say|"
            r"gave|give|hire|raise|bump|add|added|increase|increased|policy|everyone|every\s+\w+\s+got)\b",
            ql,
        )
    ):
        return None  # "how much CO2 does one extra insulation grade save": the per-unit effect
    parts = (found[1] or "").split() if found else []
    if (
        found
        and len(parts) == 2
        and parts[1] in TIME_UNITS
        and found[0].get("op") in ("add", "set")
    ):
        # "sleeping 30 min more": the verb names the variable; the unit said goes with the
        # amount, so that the planner can convert it to the column's own unit (sleep_hrs)
        found = ({**found[0], "unit": TIME_UNITS[parts[1]]}, parts[0], found[2])
    return found


#: A scenario that gives every row a level said only by its amount and unit, with the verb of
#: what is measured ("if every patient took 90% of their tablets", "where each cow spent 12
#: hours a day out at grass"): no column named, the unit and the words after it say which.
_EVERY_AT_LEVEL = re.compile(
    r"\b(?P<cue>if|where|when|suppose|supposing|imagine|assuming|say)\s+(?:that\s+)?"
    r"(?:every|each|all(?:\s+(?:the|our|of\s+the))?)\s+[a-z]+\s+"
    r"(?!(?:were|was|is|are|be|had|has|have|got|get|gets|did|does|do|would|could|will)\b)[a-z]{3,}\s+"
    # ("came to 80% of the sessions", "put in 6 hours a week")
    r"(?:(?:to|in|up|on|at|for|through)\s+)?(?P<n>\d+(?:\.\d+)?)\s*(?P<u>%|percent\b|per\s*cent\b|(?:seconds?|secs?|minutes?|mins?|hours?|"
    r"hrs?|days?|weeks?|months?|years?|kg|kilos?|grams?|km|miles?|litres?|liters?|degrees?)\b)"
    r"(?:\s+(?:a|per|each|every)\s+(?:day|night|week|month|shift|year))?"
    r"(?!\s+(?:more|less|fewer|extra|longer|shorter|faster|slower|higher|lower|earlier|later|"
    r"sooner)\b)"
    r"(?P<rest>(?:\s+(?!(?:and|or|but|what|how|then|would|will|could|should|do|does|did)\b)"
    r"[a-z][\w'\-]*){0,4})"
)


def _at_level(m: re.Match[str]) -> str:
    """ "if every patient took 90% of their tablets" as "if the percent of their tablets were 90"."""
    unit = "percent" if m.group("u") in ("%",) or m.group("u").startswith("per") else m.group("u")
    return f"if the {unit}{m.group('rest')} were {m.group('n')}"


#: Who a scenario applies to ("on all plots", "for every store", "everywhere").
_SCOPE = re.compile(
    r"\s+(?:(?:on|for|in|across|at|to)\s+(?:all|every|each)\s+(?:of\s+)?(?:the\s+|our\s+)?[a-z]+|"
    r"for\s+(?:everyone|everybody|all)|everywhere|across\s+the\s+board)\b"
)
#: Time units as said and as column names abbreviate them, in hours.
TIME_UNITS = {
    **dict.fromkeys(("sec", "secs", "second", "seconds"), "sec"),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), "min"),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), "hour"),
    **dict.fromkeys(("day", "days"), "day"),
    **dict.fromkeys(("wk", "wks", "week", "weeks"), "week"),
}
HOURS_PER = {
    "sec": 1 / 3600,
    "min": 1 / 60,
    "hour": 1.0,
    "day": 24.0,
    "week": 168.0,
    "month": 730.5,  # a twelfth of a year of 365.25 days
    "year": 8766.0,
}


#: A what-if "treatment" that is only the unit of the change ("one more hour").
_UNIT_ONLY = re.compile(
    r"(?:hours?|hrs?|days?|minutes?|mins?|min|weeks?|wks?|months?|years?|yrs?|km|kilomet(?:er|re)s?|miles?|"
    r"metres?|meters?|"
    r"dollars?|euros?|points?|units?|kg|kilos?|times?)"
)


def _what_if_reading(ql: str) -> tuple[dict[str, float | str], str | None, str | None] | None:
    # "by 2 percentage points", "of 2 percent points": an amount in the column's own unit (a
    # share's points), not a relative change
    ql = re.sub(
        r"(?<![\w.])(\d+(?:\.\d+)?)\s*(?:%|percent(?:age)?|per\s*cent)[\s-]*points?\b",
        r"\1 points",
        ql,
    )
    # "by half a degree", "a quarter of an hour more", "one and a half points": the amount
    ql = re.sub(r"\b(?:one\s+and\s+a\s+half|1\s+and\s+a\s+half)\s+(?=[a-z])", "1.5 ", ql)
    ql = re.sub(r"\bhalf\s+an?\s+(?=[a-z])", "0.5 ", ql)
    ql = re.sub(r"\b(?:a|one)\s+quarter\s+of\s+an?\s+(?=[a-z])", "0.25 ", ql)
    # "turned the setpoint down by 1", "dial the fare up 10%": a phrasal verb of the change
    ql = re.sub(
        r"\b(?:turn|dial|crank|ramp|bump|knock|scale|ratchet|notch)(?:ed|s|ing)?\s+"
        r"(?P<x>(?:the\s+|our\s+|their\s+)?(?!up\b|down\b)[\w\-]+(?:\s+(?!up\b|down\b)[\w\-]+){0,3}?)\s+"
        r"(?P<d>up|down)\b(?=\s+by\b)",
        lambda m: ("raise " if m.group("d") == "up" else "lower ") + m.group("x"),
        ql,
    )
    # "up by an hour", "down by a point": one unit
    ql = re.sub(
        r"\b(by)\s+an?\s+(?=(?:hour|day|week|month|year|minute|point|unit|km|kilo\w*|dollar|euro|"
        r"percentage\s+point|degree)s?\b)",
        r"\1 1 ",
        ql,
    )
    ql = re.sub(
        r"\b(?:by|of|to|at)\s+(?:an?\s+extra\s+|another\s+)?(" + "|".join(_NUMBER_WORDS) + r")\b|"
        # "two more points of discount", "one more year of tenure"
        r"\b("
        + "|".join(_NUMBER_WORDS)
        + r")(?=\s+(?:more|extra|additional|fewer|less|points?|percent|"
        r"units?|years?|hours?|days?|minutes?|times)\b)",
        lambda m: m.group(0).replace(
            m.group(1) or m.group(2), _NUMBER_WORDS[m.group(1) or m.group(2)]
        ),
        ql,
    )
    ql = re.sub(
        r"\bby\s+(?:a|one)\s+(half|third|quarter|fifth|tenth)\b",
        lambda m: (
            "by "
            + {"half": "50", "third": str(100 / 3), "quarter": "25", "fifth": "20", "tenth": "10"}[
                m.group(1)
            ]
            + "%"
        ),
        ql,
    )
    y = None
    # "predict footfall if we spend more on ads": the predicted variable is the outcome
    my = (
        re.search(
            rf"\b(?:predict|forecast|project|simulate)\s+(?:the\s+)?{_PH.format(name='y')}\s+(?:if|when|under|after)\b",
            ql,
        )
        # "expected change in units per day if ...": the changed variable, up to the scenario
        or re.search(
            rf"\b(?:change|shift|difference|effect)s?\s+(?:in|of|on|to)\s+(?:the\s+)?{_PH.format(name='y')}\s+(?=if\b|when\b|under\b|after\b)",
            ql,
        )
        or re.search(
            rf"\b(?:would|will|could)\s+happen\s+to\s+(?:the\s+)?{_PH.format(name='y')}(?=\s*[,;?.!]|\s*$)",
            ql,
        )
        or re.search(
            rf"\b(?:mean|do)\s+(?:for|to)\s+(?:the\s+)?{_PH.format(name='y')}(?=\s*[?.!]*$)", ql
        )
        or re.search(
            rf"\bwhat\s+(?:the\s+)?{_PH.format(name='y')}\s+(?:does|would\s+do|will\s+do)\b", ql
        )
        # "what would the HRV have been (on average)?": the level the outcome would have had
        or re.search(
            rf"\bwhat\s+(?:would|will|might)\s+(?:the\s+|our\s+)?{_PH.format(name='y')}\s+"
            r"(?:have\s+been|be|have\s+looked\s+like|look\s+like)\b",
            ql,
        )
        or re.search(
            rf"\bhow\s+(?:the\s+)?{_PH.format(name='y')}\s+(?:would|will|might)\s+(?:change|respond|react|move|shift)\b",
            ql,
        )
        # "would footfall double if ...", "what happen with the vibration?"
        or re.search(
            rf"\bwould\s+(?:the\s+)?{_PH.format(name='y')}\s+(?:double|halve|triple|rise|fall|drop|grow|shrink|"
            r"go\s+up|go\s+down|change|increase|decrease|improve|suffer)\s+(?:if|when)\b",
            ql,
        )
        or re.search(
            rf"\bwhat\s+(?:would\s+|will\s+)?happens?\s+(?:to|with)\s+(?:the\s+)?{_PH.format(name='y')}(?=\s*[?.!]*$)",
            ql,
        )
        # "what's the projected missed-payment change if ..."
        or re.search(
            rf"\b(?:the\s+)?(?:projected\s+|expected\s+|predicted\s+|likely\s+)?{_PH.format(name='y')}\s+(?:change|shift|"
            r"impact|response)\s+(?=if\b|when\b|under\b)",
            ql,
        )
        or re.search(
            rf"\b(?:consequences?|effects?|impacts?)\s+(?:for|on)\s+(?:the\s+)?{_PH.format(name='y')}(?=\s*[?.!]*$)",
            ql,
        )
        # "revenue if ad spend were 50% higher?": the outcome named first
        or re.search(
            rf"^(?!(?:what|how|and|so|ok|okay|now|then|but|suppose|imagine|say)\b)(?:the\s+)?"
            rf"{_PH.format(name='y')}\s+(?:if|when)\s+",
            ql,
        )
        or re.search(
            rf"\band\s+(?:show|report|give|predict|estimate|tell\s+me)\s+(?:me\s+)?(?:the\s+)?{_PH.format(name='y')}"
            r"(?<!\schange)(?<!\simpact)(?<!\seffect)(?<!\sshift)\s*[?.!]*$",
            ql,
        )
        # "what's the basket going to do?", "what does video watching do?"
        or re.search(
            rf"\bwhat(?:'s|\s+is|\s+are)\s+(?:the\s+)?{_PH.format(name='y')}\s+going\s+to\s+do\b",
            ql,
        )
        or re.search(
            rf"\bwhat\s+(?:does|do|would|will)\s+(?:the\s+)?{_PH.format(name='y')}\s+do\s*[?.!]*$",
            ql,
        )
        # "... and report the footfall change"
        or re.search(
            rf"\b(?:estimate|show|give|report|compute)\s+(?:me\s+)?(?:the\s+)?{_PH.format(name='y')}\s+"
            r"(?:change|shift|difference|response|impact|effect)\s*$",
            ql,
        )
        # and so is what "how many Y would we see / do we lose" counts
        or re.search(
            rf"\bhow\s+(?:much|many)\s+(?:more\s+|less\s+|fewer\s+|extra\s+)?(?:the\s+)?{_PH.format(name='y')}\s+"
            r"(?:would|will|could|do|does|did|should)\s+(?:we|you|they|i|it|the\s+\w+)\s+(?:see|get|have|lose|"
            r"gain|make|sell|expect|add|save|need)\b",
            ql,
        )
        or re.search(
            rf"\b(?:on|to|in|for|with)\s+(?:the\s+)?(?!\d|everyone|everybody|all\b|them\b|each\b|every\b|zero\b|no\b|(?:a\s+)?half\b|halves\b|two\b|three\b|thirds?\b)(?!.*\b(?:set|fix)\b){_PH.format(name='y')}(?=\s*[?!.]*$)",
            ql,
        )
        or re.search(rf"\bhappens?\s+(?:to|with)\s+{_PH.format(name='y')}\s+(?:if|when)\b", ql)
        # "how many rider more we get": the auxiliary left out
        or re.search(
            rf"\bhow\s+(?:much|many)\s+(?:the\s+)?{_PH.format(name='y')}\s+(?:more|less|fewer|extra)\s+"
            r"(?:we|you|they|i)\s+(?:would\s+|will\s+|could\s+)?(?:see|get|have|lose|gain|make|sell|expect|"
            r"add|save|need)\b",
            ql,
        )
    )
    my = (
        my
        or re.search(
            rf"\bhow (?:would|will|does|do|did|much (?:would|will|does|do|did)?) ?(?:the\s+)?{_PH.format(name='y')}\s+(?:change|move|respond|shift|react|be affected|go|differ|rise|fall|drop|increase|decrease)\b",
            ql,
        )
        or re.search(
            rf"\b(?:effect|impact|change)s? (?:on|in|to) {_PH.format(name='y')}{_STOP}", ql
        )
    )
    my = (
        my
        or re.search(
            rf"\bwhat (?:would|will|is|'s) (?:the\s+)?{_PH.format(name='y')} (?:be|become|look like)\b",
            ql,
        )
        or re.search(
            # "..., what is the daily riders?": the value asked for after the scenario
            rf"[,;]\s*what\s+(?:is|are|would\s+be|will\s+be)\s+(?:the\s+)?{_PH.format(name='y')}\s*[?.!]*$",
            ql,
        )
        or re.search(
            rf"(?:^|[,;]\s*)(?:the\s+)?{_PH.format(name='y')} (?:is|are|would be|will be|becomes?) how (?:much|many|high|low)\b",
            ql,
        )
        or re.search(
            r"(?:[,:;?]|\s-)\s*(?:and\s+)?(?:the\s+|on\s+|for\s+)?(?:(?:predicted|expected|resulting|new|"
            r"projected)\s+)?(?!\s*(?:by\s+)?(?:how\s+)?(?:much|many|often)(?:\s+(?:more|less|fewer))?\s*$)"
            r"(?P<y>[\w .'\-/]+?)\s*$",
            ql,
        )
        or re.search(
            rf"\b(?:and\s+)?(?:look\s+at|see|check|measure|watch|track|report)\s+(?:what\s+happens\s+to\s+)?(?:the\s+)?(?:effect\s+on\s+|change\s+in\s+)?{_PH.format(name='y')}\s*$",
            ql,
        )
    )
    if my:
        # "to footfall when the ad spend is tripled": the scenario clause is not the outcome
        y = _strip(re.split(r"\s+(?:if|when|whenever|once|after|should)\s+", my.group("y"))[0])
        if y and re.match(r"(?:what|how|which|would|will|tell|show)\b", y):
            # "..., how much more revenue?", "..., would readmissions drop?"
            ym = re.match(
                r"(?:how\s+(?:much|many)\s+(?:more\s+|less\s+|extra\s+|fewer\s+|additional\s+)?|"
                r"(?:would|will|does|do)\s+(?:the\s+)?)(?P<y>[\w .'\-/]+?)"
                r"(?:\s+(?:drop|fall|rise|go\s+up|go\s+down|increase|decrease|change|improve|"
                r"worsen|move|shift|grow|shrink|be|get|do|would\s+\w+|will\s+\w+|is\s+\w+).*)?$",
                y,
            )
            y = _strip(ym.group("y")) if ym else None
    if not y:
        # "if X rises 15%, the defaults go down?": the later clause's subject is the outcome
        my = re.search(
            r"(?:[,;]|\s-)\s*(?:(?:would|will|do|does)\s+)?(?:the\s+)?(?P<y>[\w .'\-/]+?)\s+(?:would\s+|will\s+)?"
            r"(?:go(?:es)?\s+(?:up|down)|rises?|falls?|drops?|increases?|decreases?|changes?|"
            r"improves?|worsens?|grows?|shrinks?)\b",
            ql,
        )
        y = _strip(my.group("y")) if my else None
    my = (
        None
        if y
        else (
            re.search(
                rf"\bwhat (?:would|will|does|do|might) (?:the\s+)?{_PH.format(name='y')} do\b", ql
            )
            or re.search(
                rf"\b(?:predict|forecast|estimate|project|simulate)\s+(?:the\s+)?{_PH.format(name='y')}\s+(?:if|when|under|after|with)\b",
                ql,
            )
        )
    )
    if my:
        y = _strip(my.group("y"))
    scale_words = {
        "doubl": 2.0,
        "tripl": 3.0,
        "quadrupl": 4.0,
        "halv": 0.5,
        "half": 0.5,
    }
    m = re.search(
        # "if recovery took 2 days less", "if the runs lasted 5 minutes longer": a duration changed
        rf"\b(?:if|suppose|imagine|when)\s+(?:the\s+)?{_PH.format(name='t')}\s+(?:took|takes|lasted|lasts|were|was)\s+"
        rf"{_NUMBER}\s+(?P<unit>[a-z]+)\s+(?P<dir>less|shorter|fewer|more|longer)\b",
        ql,
    )
    if m and _UNIT_ONLY.fullmatch(m.group("unit")):
        v = float(m.group("v"))
        spec: dict[str, float | str] = {
            "op": "add",
            "value": -v if m.group("dir") in ("less", "shorter", "fewer") else v,
        }
        if m.group("unit") in TIME_UNITS:
            spec["unit"] = TIME_UNITS[m.group("unit")]  # converted to the column's own unit
        return spec, _wt(m.group("t")), y
    m = re.search(
        rf"(?<!is )(?<!are )(?<!was )(?<!were )(?<!be )(?<!been )\b(?P<w>doubl\w*|tripl[a-z]*|quadrupl\w*|halv[a-z]*|cut\s+in\s+half)\s+(?!-)(?!(?:machine|ml|robust|dml|if|when|whenever)\b)(?:the\s+|our\s+|their\s+)?{_PH.format(name='t')}{_STOP}",
        ql,
    ) or re.search(
        rf"\b(?:if|when|suppose|supposing|assume|assuming|imagine|say)\s+(?:that\s+)?(?:the\s+)?{_PH.format(name='t')}\s+(?:were|was|is|are|got|gets|get)?\s*(?P<w>doubl\w*|tripl[a-z]*|quadrupl\w*|halv[a-z]*|cut\s+in\s+half)\b",
        ql,
    )
    m = m or re.search(
        rf"\b(?:cut[a-z]*|reduc[a-z]*|lower[a-z]*|decreas[a-z]*|slash[a-z]*)\s+(?:the\s+|our\s+)?{_PH.format(name='t')}\s+(?:by\s+)?(?P<w>half|in\s+half)\b",
        ql,
    )
    m = m or re.search(
        # "model a tripling of the discount"
        rf"\b(?P<w>doubling|tripling|quadrupling|halving)\s+of\s+(?:the\s+|our\s+)?{_PH.format(name='t')}{_STOP}",
        ql,
    )
    if m:
        w = m.group("w")
        k = next((v for s, v in scale_words.items() if w.startswith(s) or s in w), 0.5)
        return {"op": "scale", "value": k}, _wt(m.group("t")), y
    m = (
        re.search(
            rf"\b(?P<k>twice|half|double|triple|(?:{_NUMBER})\s*(?:times|x))\s+(?:as\s+(?:much|many)|the(?:\s+amount\s+of)?)\s+(?:of\s+)?(?:the\s+|our\s+)?{_PH.format(name='t')}{_STOP}",
            ql,
        )
        or re.search(
            rf"(?:^|[,;:]\s*)(?:the\s+)?{_PH.format(name='t')}\s*(?:x|\*|×)\s*(?P<v>\d+(?:\.\d+)?)(?=\s*(?:->|[,;:?]|$|\s+(?:on|to|for)\b))",
            ql,
        )
        or re.search(
            # "2x ad spend => revenue?", "3 times the discount"
            rf"(?:^|[,;:(]\s*|\b(?:if|with|at|use|using)\s+)(?P<v>\d+(?:\.\d+)?)\s*(?:x|×|times)\s+(?:the\s+|our\s+|their\s+)?"
            rf"(?!as\b){_PH.format(name='t')}(?=\s*(?:->|[,;:?]|$|\s+(?:on|to|for|and|what|how)\b))",
            ql,
        )
    )
    if m:
        kw = (m.groupdict().get("k") or "").split()[0] if m.groupdict().get("k") else ""
        k = {"twice": 2.0, "double": 2.0, "triple": 3.0, "half": 0.5}.get(kw)
        k = k if k is not None else float(m.group("v"))
        return {"op": "scale", "value": k}, _wt(m.group("t")), y
    m = re.search(
        rf"(?:^|[,;:]\s*)(?:the\s+)?{_PH.format(name='t')}\s*(?P<sign>[+\-])\s*(?P<v>\d+(?:\.\d+)?)\s*(?:(?P<pct>%|percent)|[a-z]{{1,5}}(?:/[a-z]{{1,5}})?\b)?(?=\s*(?:->|[,;:?]|$|\s+(?:on|to|for)\b))",
        ql,
    )
    if m:
        v = float(m.group("v")) * (-1 if m.group("sign") == "-" else 1)
        if m.group("pct"):
            return {"op": "scale", "value": 1.0 + v / 100.0}, _wt(m.group("t")), y
        return {"op": "add", "value": v}, _wt(m.group("t")), y
    m = (
        re.search(
            rf"\b(?P<verb>increas\w*|rais[a-z]*|boost[a-z]*|grow[a-z]*|add[a-z]*|cut[a-z]*|reduc[a-z]*|lower[a-z]*|decreas[a-z]*|drop[a-z]*|shrink[a-z]*|"
            rf"upp(?:ed|ing)|ups|hik\w*|bump\w*|slash[a-z]*|trim[a-z]*)\s+(?:the\s+|our\s+)?(?!by\b|to\b){_PH.format(name='t')}\s+"
            rf"(?:by\s+(?:another\s+|an\s+extra\s+)?{_NUMBER}\s*(?P<pct>%|percent|per\s+cent)?|"
            r"(?P<v2>\d+(?:\.\d+)?)\s*(?P<pct2>%|percent|per\s+cent|pct)(?!\w))",
            ql,
        )
        or re.search(
            rf"(?:\b(?:if|when|suppose|supposing|assume|assuming|imagine|say)\s+|^|[,;:]\s*)(?:that\s+)?(?:the\s+)?{_PH.format(name='t')}\s+(?:(?:were|was|is|are|went|goes|go|got|gets|going|is\s+going|were\s+to\s+go)\s+)?(?P<verb>up|down|increased|raised|decreased|reduced|lowered|cut|drops?|dropp?ed|rises?|rose|falls?|fell|increases|decreases|grows?|grew|shrinks?|going\s+up|going\s+down|goes\s+up|goes\s+down|went\s+up|went\s+down|jump(?:s|ed)?|climb(?:s|ed)?|soar(?:s|ed)?|spike(?:s|d)?|slip(?:s|ped)?|dip(?:s|ped)?|sink(?:s)?|sank|plunge(?:s|d)?|tumble(?:s|d)?)\s+(?:(?:by|of)\s+)?{_NUMBER}\s*(?P<pct>%|percent|per\s+cent)?",
            ql,
        )
        or re.search(
            rf"\b{_NUMBER}\s*(?P<pct>%|percent)?\s+(?P<verb>more|extra|additional|fewer|less)\s+(?:(?:units?|hours?|points?|days?|kg|mg|dollars?|euros?)\s+(?:of\s+|in\s+)?|[a-z]+\s+(?:of|in)\s+)?(?:in\s+|of\s+)?{_PH.format(name='t')}{_STOP}",
            ql,
        )
        # "send 3 reminder email more", "walk 2000 steps more per day": the amount before
        # the thing counted, the comparative after it (as some speakers order them)
        or re.search(
            rf"\b{_NUMBER}\s+(?P<t>(?!(?:more|extra|additional|fewer|less|times|percent)\b)[a-z][\w\-]*"
            r"(?:\s+(?!(?:more|extra|additional|fewer|less)\b)[a-z][\w\-]*){0,2}?)\s+"
            r"(?P<verb>more|extra|additional|fewer|less)\b(?!\s+than\b)",
            ql,
        )
        # "if headway become 2 minutes shorter": the variable, then the amount of its change
        or re.search(
            rf"\b(?:if|when|suppose|imagine|say)\s+(?:that\s+)?(?:the\s+)?{_PH.format(name='t')}\s+"
            r"(?:becomes?|became|gets?|got|goes|went|is|are|were|was|would\s+be)\s+"
            rf"{_NUMBER}\s*(?P<pct>%|percent)?\s*(?:[a-z]+\s+)?(?P<verb>shorter|longer|lower|higher|"
            r"less|more|fewer|smaller|bigger|faster|slower|older|younger|closer|nearer|farther|further|"
            r"heavier|lighter|cheaper|dearer|warmer|hotter|colder|cooler|earlier|later)\b",
            ql,
        )
    )
    if (
        m
        and re.match(r"\s*(?:x|×|times|fold)\b", ql[m.end() :])
        and not (m.groupdict().get("pct") or m.groupdict().get("pct2"))
    ):
        # "went up 1.5x": a factor, not an amount
        groups = m.groupdict()
        return (
            {"op": "scale", "value": float(groups.get("v") or groups.get("v2"))},
            _wt(m.group("t")),
            y,
        )
    if m:
        groups = m.groupdict()
        v = float(groups.get("v") or groups.get("v2"))
        pct = groups.get("pct") or groups.get("pct2")
        down = re.match(
            r"(?:cut|reduc|lower|decreas|drop|shrink|down|fell|fall|fewer|less|going\s+down|goes\s+down|went\s+down|"
            r"slip|dip|sink|sank|plunge|tumble|slash|trim|shorter|smaller|slower|younger|closer|nearer|"
            r"lighter|cheaper|colder|cooler|earlier)",
            m.group("verb"),
        )
        if m.group("verb") in ("more", "extra", "additional", "fewer", "less"):
            t = m.group("t")
            if re.search(r"\bhours?\b", m.group(0)) and "hour" not in t:
                t = "hours " + t
        if pct:
            return (
                {"op": "scale", "value": 1.0 + (-v if down else v) / 100.0},
                _wt(m.group("t")),
                y,
            )
        return {"op": "add", "value": -v if down else v}, _wt(m.group("t")), y
    m = re.search(
        # "vibration could be cut to a quarter of today's level"
        rf"(?:^|\b(?:if|when|suppose|imagine|say|that)\s+|[,;:]\s*)(?:the\s+)?{_PH.format(name='t')}\s+(?:could|would|might|will|were|was|is|are)?\s*"
        r"(?:be\s+)?(?:cut|reduced|brought\s+down|lowered|dropped|fell|falls?|shrunk|trimmed)\s+to\s+(?:a|one)\s+"
        r"(?P<f>half|third|quarter|fifth|tenth)\s+of\b",
        ql,
    )
    if m:
        frac = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}[m.group("f")]
        return {"op": "scale", "value": 1.0 / frac}, _wt(m.group("t")), y
    m = re.search(
        # "if all lines ran at line speed 80": the level everyone runs at
        rf"\b(?:all|every|each)\s+(?:the\s+)?\w+\s+(?:ran|run|runs|running|operated|operate|worked|work)\s+at\s+"
        rf"(?:an?\s+|the\s+)?{_PH.format(name='t')}\s+(?:of\s+)?{_NUMBER}\b",
        ql,
    )
    if m:
        return {"op": "set", "value": float(m.group("v"))}, _wt(m.group("t")), y
    m = re.search(
        # "running every line at 140", "if we ran all the lines at a line speed of 140": the
        # level everyone is run at, the column said or named before
        rf"\b(?:ran|run|runs|running|operated|operate|operating|kept|keep|keeping)\s+(?:all|every|each)\s+"
        rf"(?:the\s+|of\s+the\s+|our\s+)?\w+\s+at\s+(?:(?:an?\s+|the\s+)?{_PH.format(name='t')}\s+(?:of\s+)?)?"
        rf"{_NUMBER}\b(?!\s*(?:%|percent|am|pm|o'?clock|hours?\s+a\s+day))",
        ql,
    )
    if m:
        return {"op": "set", "value": float(m.group("v"))}, _wt(m.group("t")), y
    m = re.search(
        # "when all stores are giving discount 10"
        rf"\b(?:all|every|each)\s+(?:the\s+)?\w+\s+(?:are\s+|is\s+|were\s+|was\s+)?(?:giving|offering|charging|using|setting|"
        rf"running|paying|give|offer|charge|use|set|run|pay|gives|offers|charges|uses|sets|runs|pays)\s+"
        rf"(?:an?\s+|the\s+)?{_PH.format(name='t')}\s+(?:of\s+|at\s+)?{_NUMBER}\b",
        ql,
    )
    if m:
        return {"op": "set", "value": float(m.group("v"))}, _wt(m.group("t")), y
    m = re.search(
        # "players sprinting 0.5 km more per game": the verb names the variable, the unit its
        # measure
        r"\b(?P<verb>[a-z]{4,}?)(?:ing|ed|s)?\s+(?:an?\s+)?(?P<v>\d+(?:\.\d+)?|half\s+an?|an?)\s+(?P<unit>[a-z]{1,12})\s+"
        r"(?P<dir>more|extra|additional|less|fewer)\b(?!\s+than\b)",
        ql,
    )
    if (
        m
        and _UNIT_ONLY.fullmatch(m.group("unit"))
        # "if recovery took 2 days less": a light verb names no variable
        and m.group("verb")
        not in ("what", "would", "took", "take", "last", "were", "have", "spent")
    ):
        v = (
            0.5
            if m.group("v").startswith("half")
            else (1.0 if m.group("v") in ("a", "an") else float(m.group("v")))
        )
        v = -v if m.group("dir") in ("less", "fewer") else v
        return {"op": "add", "value": v}, f"{m.group('verb')} {m.group('unit')}", y
    m = re.search(
        # "if everyone slept 9 hours": the verb names the variable, the amount its new value;
        # "if everybody walked 10000 steps": so does the counted noun
        r"\b(?:everyone|everybody|all\s+(?:the\s+)?[a-z]+|every\s+[a-z]+)\s+(?P<verb>[a-z]{4,}?)(?:ed|s)?\s+"
        r"(?P<v>\d+(?:\.\d+)?)\s+(?P<unit>[a-z]{1,12}|[a-z]\w*_\w+)\b",
        ql,
    )
    if m and (
        _UNIT_ONLY.fullmatch(m.group("unit"))
        or m.group("unit") not in ("more", "less", "fewer", "extra", "times", "percent", "of")
    ):
        return (
            {"op": "set", "value": float(m.group("v"))},
            f"{m.group('verb')} {m.group('unit')}",
            y,
        )
    m = re.search(
        # "if every player slept an extra hour", "everyone walked 2 more km": the verb names the
        # variable, the amount is added
        r"\b(?:everyone|everybody|all\s+(?:the\s+)?[a-z]+|every\s+[a-z]+)\s+(?P<verb>[a-z]{4,}?)(?:ed|s)?\s+"
        r"(?:an?|one|(?P<v>\d+(?:\.\d+)?))\s+(?P<dir>extra|additional|more|fewer|less)\s+(?P<unit>[a-z]{1,12})\b",
        ql,
    )
    if m:
        v = float(m.group("v") or 1.0)
        v = -v if m.group("dir") in ("fewer", "less") else v
        return {"op": "add", "value": v}, f"{m.group('verb')} {m.group('unit')}", y
    m = re.search(
        # "make the discount 0 everywhere", "keep the price at 10 for everyone": a new level
        rf"\b(?:make|making|put|putting|fix|fixing|keep|keeping|set|setting)\s+(?:the\s+)?{_PH.format(name='t')}\s+"
        rf"(?:at\s+|to\s+|=\s*)?{_NUMBER}(?![\d.])\s*(?:%|percent)?\s+(?:everywhere|for\s+(?:all|everyone|everybody|"
        r"every\s+\w+)|across\s+the\s+board)\b",
        ql,
    )
    if m:
        return {"op": "set", "value": float(m.group("v"))}, _wt(m.group("t")), y
    m = re.search(
        # "suppose reminder emails dropped to zero", "if the discount fell to 2": a new level
        rf"\b(?:if|suppose|imagine|when|assume|say)\s+(?:that\s+)?(?:the\s+)?{_PH.format(name='t')}\s+(?:dropped|drop|drops|fell|"
        r"falls|fall|went\s+(?:down|up)|go(?:es)?\s+(?:down|up)|rose|rises|climbed|jumped|increased|decreased|"
        r"reduced|lowered|raised|grew|changed|were\s+(?:cut|reduced|raised|"
        r"increased|lowered)|was\s+(?:cut|reduced|raised|increased|lowered))\s+to\s+(?P<v>zero|none|[-+]?\d+(?:\.\d+)?)"
        r"(?!\s*(?:%|percent|times))\b",
        ql,
    )
    if m:
        v = 0.0 if m.group("v") in ("zero", "none") else float(m.group("v"))
        return {"op": "set", "value": v}, _wt(m.group("t")), y
    m = re.search(
        # "emails: go from 2 to 4", "if the discount went from 5 to 10": the difference is added
        r"(?:^(?:the\s+)?(?P<t0>[\w .'\-]+?)\s*:\s*|\b(?:if|when|suppose|imagine)\s+(?:we\s+)?(?:the\s+)?"
        r"(?P<t1>[\w .'\-]+?)\s+)(?:(?:were|was|is|are|get|gets|got)\s+)?(?:go|goes|went|going|move[sd]?|"
        r"moving|rose|rise[sn]?|increase[sd]?|raised?|change[sd]?|jump(?:s|ed)?|drop(?:s|ped)?|fell|fall|"
        r"falls|cut|reduced?|lowered?)\s+(?:it\s+)?from\s+(?P<a>[-+]?\d+(?:\.\d+)?)\s*(?:%|percent)?\s+to\s+"
        r"(?P<b>[-+]?\d+(?:\.\d+)?)",
        ql,
    )
    if m:
        t = _wt(m.group("t0") or m.group("t1"))
        return {"op": "add", "value": float(m.group("b")) - float(m.group("a"))}, t, y
    m = re.search(
        # "knock 10% off the discount", "take 2 off the price"
        rf"\b(?:knock[a-z]*|tak[a-z]*|took|shav[a-z]*|cut[a-z]*|slash[a-z]*)\s+{_NUMBER}\s*(?P<pct>%|percent)?\s+off\s+(?:the\s+|our\s+)?"
        rf"{_PH.format(name='t')}{_STOP}",
        ql,
    )
    if m:
        v = float(m.group("v"))
        if m.group("pct"):
            return {"op": "scale", "value": 1.0 - v / 100.0}, _wt(m.group("t")), y
        return {"op": "add", "value": -v}, _wt(m.group("t")), y
    m = re.search(
        # "interest rates 2 points lower for everyone: missed payments?"
        rf"^(?:the\s+)?{_PH.format(name='t')}\s+{_NUMBER}\s*(?P<pct>%|percent)?\s*(?:(?:percentage\s+)?points?|units?)?\s+"
        r"(?P<dir>lower|higher|less|more|fewer|up|down|cheaper)\b(?:\s+(?:for\s+(?:all|everyone|everybody|"
        r"every\s+\w+)|everywhere|across\s+the\s+board))?\s*(?::|->|=>|,|;|\s-)\s*(?:the\s+)?"
        r"(?P<y2>[\w .'\-/]+?)?\s*[?.!]*$",
        ql,
    )
    if m:
        v = float(m.group("v"))
        if m.group("dir") in ("lower", "less", "fewer", "down", "cheaper"):
            v = -v
        spec = (
            {"op": "scale", "value": 1.0 + v / 100.0}
            if m.group("pct")
            else {"op": "add", "value": v}
        )
        return spec, _wt(m.group("t")), y or _strip(m.group("y2"))
    m = re.search(
        # "a raise of 500 a month", "an increase in fertiliser of 20": a change said as a noun
        # with its amount (the noun names the variable when nothing else does: a raise is pay)
        rf"\b(?:an?|another|the)\s+(?:extra\s+|further\s+|pay\s+)?(?P<verb>rise|increase|hike|boost|raise|"
        rf"cut|drop|reduction|decrease)\s+(?:in\s+(?:the\s+)?(?P<t>[\w\-]+(?:\s+[\w\-]+)?)\s+)?of\s+"
        rf"{_NUMBER}\s*(?P<pct>%|percent)?",
        ql,
    ) or re.search(
        # "a 10% raise": the pay
        rf"\b(?:an?\s+){_NUMBER}\s*(?P<pct>%|percent)?\s+(?:pay\s+)?(?P<verb>raise|rise|hike)\b"
        r"(?!\s+(?:in|of)\b)(?P<t>)",
        ql,
    )
    if m and (m.group("t") or m.group("verb") in ("raise", "rise", "hike")):
        v = float(m.group("v"))
        if m.group("verb") in ("cut", "drop", "reduction", "decrease"):
            v = -v
        t = m.group("t") or "raise"
        if m.group("pct"):
            return {"op": "scale", "value": 1.0 + v / 100.0}, _wt(t), y
        return {"op": "add", "value": v}, _wt(t), y
    m = re.search(
        # "a 5 degree hotter plant", "a 10 minute longer wait"
        rf"(?:^|\b(?:a|an)\s+|[,;:]\s*|\bwould\s+(?:a|an)\s+){_NUMBER}\s*(?P<pct>%|percent)?[\s-]*(?:[a-z]+[\s-]+)?(?P<dir>hotter|warmer|"
        r"colder|cooler|longer|shorter|higher|lower|bigger|smaller|faster|slower)\s+(?P<t>[\w\-]+(?:\s+[\w\-]+)?)"
        r"(?=\s*[:;,?]|\s+(?:on|for|would|will|means?|do|does|change)\b)",
        ql,
    )
    if m:
        v = float(m.group("v"))
        if m.group("dir") in ("colder", "cooler", "shorter", "lower", "smaller", "slower"):
            v = -v
        t = (
            "temperature"
            if m.group("dir") in ("hotter", "warmer", "colder", "cooler")
            else m.group("t")
        )
        if m.group("pct"):
            return {"op": "scale", "value": 1.0 + v / 100.0}, t, y
        return {"op": "add", "value": v}, t, y
    m = re.search(
        # "running the lines 20 percent faster"
        rf"\b(?:run\w*|ran|operat\w*|mak\w*|set[a-z]*|push\w*|keep\w*)\s+(?:the\s+|all\s+|every\s+)?{_PH.format(name='t')}\s+"
        rf"{_NUMBER}\s*(?P<pct>%|percent|per\s+cent)?\s*(?:[a-z/]+\s+)?(?P<dir>faster|slower|higher|lower|more|less|"
        r"bigger|smaller|longer|shorter|hotter|colder|cooler|warmer)\b",
        ql,
    )
    if m:
        v = float(m.group("v")) * (
            -1
            if m.group("dir")
            in ("slower", "lower", "less", "smaller", "shorter", "colder", "cooler")
            else 1
        )
        if m.group("pct"):
            return {"op": "scale", "value": 1.0 + v / 100.0}, _wt(m.group("t")), y
        return {"op": "add", "value": v}, _wt(m.group("t")), y
    m = re.search(
        rf"\b(?:add[a-z]*|gave|give|giving|appl(?:y|ied|ying)|put\w*|spend\w*|spent|invest\w*)\s+(?:an?\s+(?:extra|additional)\s+|another\s+)?{_NUMBER}\s+(?:more\s+|extra\s+|additional\s+)?(?:[a-z]{{1,8}}\s+(?:of|in)\s+)?(?:extra\s+|more\s+)?(?:on\s+|for\s+|into\s+)?(?:the\s+)?{_PH.format(name='t')}{_STOP}",
        ql,
    )
    if m and not _not_a_column(_wt(m.group("t")) or "of"):
        return {"op": "add", "value": float(m.group("v"))}, _wt(m.group("t")), y
    m = re.search(
        # "if every cow got an extra 1.5 kg of concentrate", "received 2 more hours of training":
        # an amount more of something received (an amount alone is its new level, read below)
        rf"\b(?:got|get|gets|getting|received?|receives|receiving|fed|feed|feeding)\s+"
        rf"(?:an?\s+(?:extra|additional)\s+|another\s+){_NUMBER}\s+"
        rf"(?:[a-z]{{1,8}}\s+(?:of|in)\s+)?(?:the\s+)?{_PH.format(name='t')}{_STOP}",
        ql,
    ) or re.search(
        rf"\b(?:got|get|gets|getting|received?|receives|receiving|fed|feed|feeding)\s+"
        rf"{_NUMBER}\s+(?:more|extra|additional)\s+"
        rf"(?:[a-z]{{1,8}}\s+(?:of|in)\s+)?(?:the\s+)?{_PH.format(name='t')}{_STOP}",
        ql,
    )
    if m and not _not_a_column(_wt(m.group("t")) or "of"):
        return {"op": "add", "value": float(m.group("v"))}, _wt(m.group("t")), y
    m = re.search(
        rf"(?:\b(?:an?\s+)?|(?<![\w.]))[+]?{_NUMBER}\s*(?P<pct>%|percent)?\s+(?:[a-z]+\s+)?(?P<verb>rise|increase|hike|boost|raise|gain|cut|drop|reduction|decrease|fall|decline)\s+(?:in|of)\s+(?:the\s+)?{_PH.format(name='t')}{_STOP}",
        ql,
    ) or re.search(
        rf"\b(?:an?\s+)?{_NUMBER}\s*(?P<pct>%|percent)?\s+(?P<t>[\w\-]+(?:\s+[\w\-]+)?)\s+(?P<verb>rise|increase|hike|boost|raise|gain|cut|drop|reduction|decrease|fall|decline)\b",
        ql,
    )
    if m:
        v = float(m.group("v"))
        if re.match(r"(?:cut|drop|reduction|decrease|fall|decline)", m.group("verb")):
            v = -v
        if m.group("pct"):
            return {"op": "scale", "value": 1.0 + v / 100.0}, _wt(m.group("t")), y
        return {"op": "add", "value": v}, _wt(m.group("t")), y
    m = re.search(
        rf"\b(?:set|setting|fix|fixing|put|putting|change|changing|move|keep|keeping|bring\w*|brought|get|got|push\w*|pull\w*|cap\w*|"
        rf"make|makes|made|making|"
        rf"lower\w*|rais[a-z]*|increas[a-z]*|reduc[a-z]*|cut[a-z]*|decreas[a-z]*|drop[a-z]*)\s+(?:the\s+)?"
        rf"{_PH.format(name='t')}\s+(?:(?:down|up|back)\s+)?(?:to|at|=)\s+{_NUMBER}(?![\d.])(?!\s*%)",
        ql,
    ) or re.search(
        rf"\b(?:if|when|what if|assume|assuming|suppose|supposing|say|imagine)\s+(?:that\s+)?(?:the\s+|every\s+|each\s+)?{_PH.format(name='t')}\s*(?:(?:were|was|is|are|equals?|became|becomes)\s+|=\s*)(?:set\s+to\s+|equal\s+to\s+|at\s+)?{_NUMBER}",
        ql,
    )
    m = m or re.search(
        # "if fare is put to 2 euro": the passive
        rf"\b(?:if|when|suppose|imagine|say)\s+(?:that\s+)?(?:the\s+)?{_PH.format(name='t')}\s+(?:is|are|was|were|gets?|got)\s+"
        rf"(?:set|put|fixed|changed|brought|moved|made|capped|kept)\s+(?:down\s+|up\s+|back\s+)?(?:to|at)\s+{_NUMBER}(?!\s*%)",
        ql,
    )
    m = m or re.search(
        # "with the discount set to 4", "price held at 10"
        rf"\b(?:the\s+)?{_PH.format(name='t')}\s+(?:set|fixed|held|capped|kept|pinned)\s+(?:to|at)\s+{_NUMBER}(?![\d.])(?!\s*%)",
        ql,
    )
    m = m or re.search(
        # "set occupancy to 90%": a value said in percent is the value of a percentage column
        rf"\bset\w*\s+(?:the\s+)?{_PH.format(name='t')}\s+(?:to|at)\s+{_NUMBER}\s*(?:%|percent)",
        ql,
    )
    m = m or re.search(
        rf"\b(?:the\s+)?{_PH.format(name='t')}\s+(?:were\s+|was\s+|is\s+)?set\s+(?:to|at)\s+{_NUMBER}\s*(?:%|percent)",
        ql,
    )
    m = m or re.search(
        # "discount at 0%: basket?"
        rf"(?:^|^(?:scenario|counterfactual|what[\s-]+if)\s*:\s*)(?:the\s+)?{_PH.format(name='t')}(?:\s+(?:at|of)\s+|\s*=\s*){_NUMBER}\s*(?:%|percent)?"
        r"(?:\s+(?:for\s+(?:all|everyone|everybody|every\s+\w+)|everywhere|across\s+the\s+board))?\s*(?::|->|=>|,|;|\s-)",
        ql,
    )
    if m:
        return {"op": "set", "value": float(m.group("v"))}, _wt(m.group("t")), y
    m = re.search(
        # "if every student got 3 reminder emails": a count for everyone is a new level
        rf"\b(?:everyone|everybody|all\s+(?:the\s+|our\s+)?\w+|every\s+\w+|each\s+\w+)\s+(?:got|gets|get|"
        rf"received|receives|receive|had|has|have|took|takes|take|were\s+given|was\s+given|were\s+sent|"
        # ("if everyone did 4 sessions a week": a count of what they do)
        rf"was\s+sent|saw|sees|see|did|does|do|made|makes|make|completed|completes|attended|attends)\s+"
        rf"{_NUMBER}\s+(?!%|percent\b|more\b|less\b|fewer\b|extra\b|times\b)"
        rf"{_PH.format(name='t')}{_STOP}",
        ql,
    )
    if m:
        return {"op": "set", "value": float(m.group("v"))}, _wt(m.group("t")), y
    m = re.search(
        # "if every building had insulation one grade better": the variable, then an amount of
        # its own unit and the direction (more of it, not having it)
        rf"\b(?:had|has|have|got|gets|get|with)\s+(?:the\s+|their\s+|its\s+|an?\s+)?{_PH.format(name='t')}\s+"
        r"(?P<n>\d+(?:\.\d+)?|one|two|three|four|five)\s+(?P<unit>[a-z]+)\s+"
        r"(?P<dir>better|higher|more|larger|bigger|greater|lower|less|worse|smaller|fewer)\b",
        ql,
    )
    if m and m.group("unit") not in ("times", "percent", "%"):
        n = float(_NUMBER_WORDS.get(m.group("n"), m.group("n")))
        down = m.group("dir") in ("lower", "less", "worse", "smaller", "fewer")
        return {"op": "add", "value": -n if down else n}, _wt(m.group("t")), y
    m = re.search(
        # "if we put the setpoint lower by 1 degree", "if the setpoint were higher of 2": the
        # variable, the direction, then the amount ("of" as other languages say "by")
        rf"\b(?:put|puts|putting|set|sets|setting|make|makes|made|were|was|is|are|had|has|have|got|gets|"
        rf"get)\s+(?:the\s+|their\s+|its\s+|our\s+|all\s+)?{_PH.format(name='t')}\s+"
        r"(?P<dir>higher|lower|more|less|larger|bigger|greater|smaller|fewer)\s+(?:by|of)\s+"
        r"(?P<n>\d+(?:\.\d+)?|one|two|three|four|five)(?!\s*(?:%|percent\b|times\b))",
        ql,
    )
    if m:
        n = float(_NUMBER_WORDS.get(m.group("n"), m.group("n")))
        down = m.group("dir") in ("lower", "less", "smaller", "fewer")
        return {"op": "add", "value": -n if down else n}, _wt(m.group("t")), y
    m = re.search(
        rf"\b(?:gave|give|giving|offer[a-z]*|treat\w*|assign\w*|prescrib\w*)\s+(?:everyone|everybody|all\s+\w+|every\s+\w+)\s+(?:an?\s+|the\s+)?{_PH.format(name='t')}{_STOP}",
        ql,
    ) or re.search(
        rf"\b(?:everyone|everybody|all\s+(?:the\s+|our\s+)?\w+|every\s+\w+)\s+(?:got|gets|get|received|receives|receive|had|has|have|took|takes|take|were\s+given|was\s+given|were|was|became|had\s+been|used|uses|use|adopted|adopts|switched\s+to|joined|joins|enrolled\s+in|was\s+on|were\s+on|(?:are|were|is|was)\s+(?:taking|getting|receiving|using|on|in)|comes?\s+with|came\s+with|includes?|included|does|do|did|joined|joins|goes\s+through|went\s+through|completed|completes|finished|finishes|attended|attends|underwent|is|are)\s+(?:an?\s+|the\s+)?(?!(?:an?\s+)?(?:extra|more|additional|another|further)\b|[\d.]+\s)"
        rf"{_PH.format(name='t')}{_STOP}",
        ql,
    )
    if m:
        return {"op": "set", "value": 1.0}, _wt(m.group("t")), y
    m = re.search(
        rf"\b(?:no\s+one|nobody|none\s+of\s+(?:the\s+|our\s+)?\w+|no\s+(?!one\b|longer\b|more\b)[a-z]{{3,}})\s+(?:got|gets?|received|receives?|had|has|have|took|takes?|were|was|is|are|do|does|did|uses?|used|(?!need)[a-z]{{3,}}ed)\s+(?![a-z]+ed\s+by\b)(?:an?\s+|the\s+)?{_PH.format(name='t')}{_STOP}",
        ql,
    ) or re.search(
        rf"\b(?:remov[a-z]*|stop[a-z]*|withdr[a-z]*|abolish[a-z]*|drop[a-z]*|eliminat[a-z]*|cut[a-z]*)\s+(?:the\s+)?{_PH.format(name='t')}\s+(?:for\s+everyone|entirely|altogether|completely)",
        ql,
    )
    m = m or re.search(
        rf"\b(?:if|when|suppose|imagine)\s+(?:the\s+)?{_PH.format(name='t')}\s+(?:were|was|is|are|got|gets|had\s+been)\s+(?:completely\s+|entirely\s+)?(?:removed|stopped|withdrawn|abolished|dropped|eliminated|banned|discontinued|scrapped|cancel+ed)\b",
        ql,
    )
    m = m or re.search(
        rf"\b(?:if|suppose|imagine|what\s+if)\s+(?:we|you|they|the\s+\w+|management)\s+(?:completely\s+)?(?:eliminat[a-z]*|remov[a-z]*|abolish[a-z]*|stop[a-z]*|ban\w*|scrap\w*|end\w*|cancel\w*|withdr[a-z]*|got\s+rid\s+of|get\s+rid\s+of)\s+(?:the\s+|all\s+)?{_PH.format(name='t')}{_STOP}",
        ql,
    )
    m = m or re.search(r"\b(?:no\s+one|nobody)\s+(?P<t>[a-z]{3,}ed)\b", ql)
    m = m or re.search(
        # "no cosigners at all -> missed payments?"
        rf"^(?:no|zero)\s+{_PH.format(name='t')}(?:\s+at\s+all|\s+anywhere|\s+for\s+anyone)?\s*(?:->|=>|:|,)",
        ql,
    )
    if not m and re.search(r"\b(?:would|what\s+if|look\s+like|happen\w*|suppose|imagine)\b", ql):
        # "what would revenue look like with zero ad spend?"
        m = re.search(
            rf"\b(?:with|at|under)\s+(?:zero|no)\s+(?:the\s+)?{_PH.format(name='t')}{_STOP}", ql
        )
    if m:
        return {"op": "set", "value": 0.0}, _wt(m.group("t")), y
    m = re.search(
        # "if every restaurant trained its staff": the verb and its object name the treatment
        r"\b(?:if|when)\s+(?:every\s+[a-z]+|all\s+(?:the\s+|our\s+)?[a-z]+s)\s+(?P<v>[a-z]{3,}ed)\s+"
        r"(?:its|their|his|her|the)\s+(?P<o>[a-z]{3,})\b",
        ql,
    )
    if m:
        return {"op": "set", "value": 1.0}, _wt(f"{m.group('v')} {m.group('o')}"), y
    m = re.search(
        # "if we coach everyone", "if we supplemented all the cows": the verb names the treatment
        r"\b(?:if|when|once|suppose|imagine)\s+(?:we|you|they|management|the\s+[a-z]+)\s+"
        r"(?:were\s+to\s+|could\s+|did\s+|would\s+|started\s+to\s+)?"
        r"(?!(?:gave|give|giving|offer[a-z]*|treat\w*|assign\w*|prescrib\w*|told|tell|ask\w*|let|made|"
        r"make|paid|pay|sent|send|kept|keep|moved?|put|got|get|rais[a-z]*|lower[a-z]*|increas[a-z]*|"
        r"decreas\w*|cut[a-z]*|doubl[a-z]*|tripl[a-z]*|halv[a-z]*|reduc[a-z]*|boost[a-z]*|drop[a-z]*|set[a-z]*|chang[a-z]*|"
        r"shift\w*|extend\w*)\b)(?P<t>[a-z]{4,})\s+"
        r"(?:everyone|everybody|all\s+(?:the\s+|our\s+|of\s+(?:the|our|them)\s+)?[a-z]+|every\s+[a-z]+)\b"
        r"(?!\s+(?:by|to|from|at)\b|\s+\d)",
        ql,
    )
    if m:
        # the verb's action is the treatment ("coach" -> coaching, not a coaching offer)
        verb = m.group("t")
        base = verb[:-2] if verb.endswith("ed") and len(verb) >= 7 else verb
        return {"op": "set", "value": 1.0}, _wt(base if base.endswith("ing") else base + "ing"), y
    m = re.search(
        r"\b(?:if|when)\s+(?:everyone|everybody)\s+(?P<t>[a-z]{3,}ed)\b", ql
    ) or re.search(
        rf"\b(?:if|when|suppose|imagine)\s+(?:the\s+)?{_PH.format(name='t')}\s+(?:were|was|are|is|got)\s+(?:assigned|given|offered|provided|made\s+available|rolled\s+out|prescribed|applied)\s+(?:to\s+)?(?:everyone|everybody|all(?:\s+\w+)?|every\s+\w+)\b",
        ql,
    )
    m = m or re.search(
        # "if maintenance became standard on every line"
        rf"\b(?:if|when|suppose|imagine)\s+(?:the\s+)?{_PH.format(name='t')}\s+(?:became|becomes|were|was|is|got)\s+"
        r"(?:made\s+)?(?:standard|universal|mandatory|compulsory|the\s+norm|routine)\b",
        ql,
    )
    m = m or re.search(
        rf"\b(?:roll\w*|extend\w*|introduc[a-z]*|launch\w*|offer[a-z]*|install\w*|deploy\w*|fit|fits|fitt\w*|"
        # "fit a telematics box in every car", "put a smart thermostat in every building"
        rf"equip\w*|put(?:ting)?|provid\w*)\s+(?!(?:them|it|that|this|those|these)\b)(?:the\s+|an?\s+)?"
        # (not "does the coaching offer affect quitting at all?": "all" names no one there)
        rf"{_PH.format(name='t')}\s+(?:out\s+)?(?:to|in|at|for|across)\s+(?:every|all|each)\b(?!\s*(?:[?.!,;]|$))",
        ql,
    )
    if m:
        return {"op": "set", "value": 1.0}, _wt(m.group("t")), y
    return None


#: A statement that names the confounders ("department and job level are the obvious
#: confounders, so include them"): what to adjust for, not a doubt about the effect.
_DECLARED_CONFOUNDERS = re.compile(
    r"(?:^|(?<=[.;?!])\s*)(?!\s*(?:whether|if|are|is|do|does|which|what|how|could|can|might|may|or)\b)"
    r"(?:(?!\b(?:or|there|whether|if)\b)[^.;?!,]){1,60}?\s+(?:are|is)\s+(?:the\s+|our\s+|my\s+)?(?:[\w\-]+\s+){0,2}(?:confounders?|"
    r"common\s+causes?)\b(?![^.;!]*\?)",
    re.I,
)


def _confounding_question(ql: str) -> bool:
    """The question asks whether a relationship is confounded (not: adjust for confounding)."""
    ql = _DECLARED_CONFOUNDERS.sub(" ", ql)
    return bool(
        # "is the effect of X on Y misleading?", "is that gap overstated?": a number doubted
        re.search(
            r"(?:^|[;.?!]\s*)(?:is|are|was|were|could|might|would|can)\s+(?:\w+\s+){1,10}?(?:be\s+)?(?:misleading|"
            r"exaggerated|overstated|inflated|overblown)\b",
            ql,
        )
        or
        # "does something else explain the relation", "just because stronger students do both"
        re.search(
            r"\b(?:something|anything|a\s+third\s+(?:variable|factor|thing)|some\s+other\s+(?:variable|factor|"
            r"thing))\s+(?:else\s+)?(?:(?:be|really|also)\s+)?(?:explains?|drives?|causes?|behind|explaining|"
            r"driving|causing)\b|\bbecause\s+(?:[\w'\-]+\s+){1,3}"
            r"(?:do|does|have|has|get|gets)\s+both\b",
            ql,
        )
        or re.search(
            r"\b(?:is|are|was|were|isn't|aren't|wasn't|weren't|be|check\w*|test\w*|whether|any|there|"
            r"detect|find|much|how)\b[^.?!]*\bconfound(?:ed|ing|er|ers)?\b(?!\s+(?:by|from|due|through)\b[^?]*\b(?:effect|estimate)\s+of)",
            ql,
        )
        # "check confounding by tenure for the effect of X on Y": the check itself asked for
        or re.search(
            r"\b(?:check|test|assess|examine|investigate|evaluate|quantify|look\s+(?:at|into)|probe)"
            r"(?:s|ed|ing)?\s+(?:(?:for|the|any|possible|potential|how\s+much)\s+)*confound(?:ing|ers?)\b",
            ql,
        )
        or re.search(
            r"\b(?:naive|raw|crude|unadjusted)\b[^?]*\b(?:vs\.?|versus|against|and|or|from|"
            r"compared\s+(?:to|with)|than|next\s+to|alongside|beside|with)\s+(?:the\s+|an?\s+)?"
            r"(?:adjusted|adjusting|adj|causal)\b|"
            r"\b(?:naive|raw|crude|unadjusted)\s+v\s+(?:adjusted|adjusting|adj)\b",
            ql,
        )
        # "could store size be distorting the app's effect on revenue?": a third variable blamed
        or _BLAMED.search(ql)
        # "is the organic penalty real", "real effect or just confounding?"
        or re.search(
            r"\b(?:is|are)\s+(?:(?:the|this|that|its|their)\s+)?(?:[\w\-]+\s+){0,3}(?:effect|penalty|"
            r"premium|gap|difference|link|benefit|boost|advantage|association|relationship|"
            r"correlation)(?:\s+(?:on|for|of|in)\s+[\w\s]{1,30}?)?\s+(?:really\s+|actually\s+|even\s+)?"
            r"(?:real|genuine)\b|"
            r"\b(?:real|true|genuine|causal)\s+(?:effect|link|relation\w*)?\s*or\s+(?:just\s+|only\s+)?"
            r"(?:confound\w*|spurious|a\s+correlation|correlation)\b",
            ql,
        )
        # "is it a fair comparison of Y between treated and untreated?", "is the comparison
        # fair?": whether the groups compared differ in something else
        or re.search(
            r"\b(?:is|was|are|were|be|whether|if)\s+(?:it|this|that|the\s+\w+)?\s*(?:really\s+)?(?:a\s+)?"
            r"(?:fair|like[\s-]for[\s-]like|apples[\s-](?:to|with)[\s-]apples)\s+comparison\b|"
            r"\bcomparison\b[^?.;!]*?\b(?:is|was|be)\s+(?:really\s+)?(?:fair|unfair)\b",
            ql,
        )
        # "is there a common cause behind X and Y"
        or re.search(
            r"\b(?:common|shared|hidden|joint)\s+(?:(?:common|shared|hidden|joint)\s+)?(?:cause|driver|"
            r"factor)s?\s+(?:behind|of|for|driving|"
            r"between)\b",
            ql,
        )
        # "could contract type explain the gap in churn between ...": a third variable
        or re.search(
            # ("whether education explains away the link between ...": the indirect question)
            r"\b(?:(?:could|might|may|would|does|do|can)\s+[\w .'\-]+?explain|[\w'\-]+\s+(?:could|might|"
            r"may|would|can)\s+(?:also\s+)?explain|(?:whether|if)\s+(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,2}?"
            r"\s+(?:really\s+|actually\s+|just\s+)?explains)\s+(?:away\s+)?(?:the\s+|this\s+|that\s+)?"
            r"(?:gap|difference|link|relation\w*|association|correlation|connection)\b",
            ql,
        )
        or re.search(
            r"\bor\s+(?:is\s+it|is\s+that|it's|it\s+is)\s+(?:just\s+|really\s+|actually\s+)?"
            r"(?:due\s+to\s+|because\s+of\s+)?\w",
            ql,
        )
        # "is X's association with Y real, or just tenure?": the verb left out
        or re.search(_REAL_OR_JUST + r"\w", ql)
        or re.search(
            r"\b(?:is|are)\s+(?:that|this|it|they|the\s+(?:correlation|association|relationship|link))"
            r"\s+(?:really\s+|actually\s+|truly\s+|true\s+|real\s+)?causal\b|"
            # "but it is true causal?": the statement order of a yes/no question
            r"\b(?:it|that|this)\s+(?:is|'s)\s+(?:(?:really|actually|truly|true|real)\s+causal\b|causal\s*\?)",
            ql,
        )
        or re.search(r"\bspurious\b|\bcausal\s+or\s+(?:just\s+)?(?:correlation|confound\w*)", ql)
        or re.search(_HOW_MUCH_IS_JUST + r"[\w'\-]+", ql)
        or re.search(_IS_JUST + r"[\w'\-]+(?:\s+[\w'\-]+){0,2}?" + _TALKING + r"\s*(?:[?!;]|$)", ql)
        or re.search(
            r"\b(?:just|only|merely|simply)\s+(?:a\s+)?(?:correlation|association|coincidence)\b",
            ql,
        )
        # "is the tutor/pass link just selection?": who chose the treatment explains the link
        or re.search(
            r"\b(?:just|only|merely|simply|purely|all|mostly|pure)\s+(?:a\s+|an?\s+)?(?:self[\s-]?)?"
            r"selection(?:\s+(?:bias|effect))?\b|\b(?:self[\s-]?)?selection\s+(?:bias|effect)\b",
            ql,
        )
        # "X and Y: confounded by Z?"
        or re.search(r"(?:^|[:;,]\s*)(?:is\s+it\s+|are\s+they\s+)?confounded\s+by\b", ql)
        # "would the link survive controlling for district?", "does it hold up once we adjust"
        or re.search(
            r"\b(?:survives?|surviving|hold(?:s|ing)?\s+up|stand(?:s|ing)?\s+up|persists?|go(?:es)?\s+away|"
            r"disappears?|vanish(?:es)?)\s+(?:after\s+|when\s+|once\s+|if\s+)?(?:we\s+|you\s+|i\s+)?"
            r"(?:(?:controlling|adjusting|accounting|correcting|conditioning|control|adjust|account|correct)"
            r"(?:ing|ed)?\s+(?:for|on)\b|"
            # ("... survives when you take Z into account")
            r"(?:take|takes|taking|took)\s+[\w .'\-]+?\s+into\s+account\b|"
            # ("... survives once breed is taken into account")
            r"[\w .'\-]+?\s+(?:is|are|gets?|has\s+been|have\s+been)\s+(?:taken\s+into\s+account|"
            r"(?:accounted|controlled|adjusted|corrected)\s+for)\b)",
            ql,
        )
        # "would controlling for age change the X -> Y estimate?"
        or re.search(
            # ("... change what telematics seems to do to claim costs")
            r"\b(?:would|does|will|could|might|do)\s+(?:controlling|adjusting|accounting|correcting)\s+for\s+.+?\s+"
            r"(?:change|move|shift|alter|affect)\s+(?:the|this|that|my|our|what|how|its|their)\b",
            ql,
        )
        # "how much does the naive estimate move once we adjust?"
        or re.search(
            r"\b(?:naive|raw|crude|unadjusted)\b[^?]*\b(?:once|when|after|if)\s+(?:we\s+|you\s+|i\s+)?(?:adjust|control)\w*",
            ql,
        )
        # "a backdoor path", "they look related but is it causal"
        or re.search(
            r"\bback[\s-]?door\b(?![\s-]*(?:adjust\w*|criterion|formula|set|estimat\w*))|\b(?:look|looks|seem|seems|appear|appears)\s+(?:\w+\s+)?(?:related|correlated|linked|"
            r"associated|connected)\b.*\bcausal\b",
            ql,
        )
        # "X -> Y confounded by Z?", "X on Y - confounding by Z?": asked, not a request to adjust
        or re.search(
            r"^(?!.*\b(?:estimate|adjust\w*|control\w*|account\w*|correct\w*)\b).*\bconfound(?:ed|ing)\s+by\s+[\w .'\-]+\??$",
            ql,
        )
        # "can I trust the raw link", "is something else going on"
        or re.search(
            r"\b(?:trust|believe|rely\s+on)\s+(?:the\s+|this\s+|that\s+)?(?:raw|naive|crude|simple|observed)\s+"
            r"(?:link|association|correlation|relationship|difference|comparison|gap)\b|"
            r"\b(?:something|anything)\s+else\s+(?:going\s+on|at\s+play|at\s+work|happening)\b|"
            r"\b(?:just|only|simply|merely)\s+(?:because|bc)\s+(?:they|it|he|she|we|those|these)\b",
            ql,
        )
        # "is the training effect just because chains train more?": another column's doing
        or _doubted_subject(ql) is not None
        # "could the relation between X and Y be explained by Z": an association explained away
        or re.search(
            r"\b(?:relation\w*|association|correlation|link|gain|gap|difference|boost|benefit)\b[^?]*\bexplained\s+(?:away\s+)?by\b",
            ql,
        )
        # "legit or just confounded?", "real or confounded", "a confounding check", "distorted
        # by Z"
        or re.search(
            r"\b(?:just|only|all|simply|merely|maybe|probably|possibly|really)\s+confound(?:ed|ing)\b|"
            r"\b(?:legit|real|causal|genuine|true|actual)\s+or\s+(?:is\s+it\s+|it'?s\s+)?confounded\b|"
            r"\bconfounding\s+(?:check|test|question|issue|problem)s?\b|"
            r"\bcheck\w*\s+(?:(?:it|this|that|them)\s+)?for\s+confounding\b|"
            r"\b(?:distorted|biased|skewed)\s+by\b",
            ql,
        )
        # a clause of its own: "confounded? X -> Y", "X vs Y - spurious?"
        or re.search(
            r"(?:^|[:;,\-]\s*)(?:is\s+it\s+|are\s+they\s+)?(?:confounded|spurious|confounding)"
            r"(?:\s+(?:y/n|yes\s+or\s+no|or\s+not|much|at\s+all))?\s*(?:[?:;,]|$)",
            ql,
        )
        or re.search(
            r"\b(?:is|are)\s+the\s+(?:correlation|association|relationship|link)\s+between\s+.+?\s+"
            r"(?:really\s+|actually\s+|truly\s+)?causal\s*$",
            ql,
        )
        or re.search(r"\b(?:just|only|simply|merely|all)\s+(?:because\s+of|due\s+to)\b", ql)
        or re.search(
            r"\b(?:apparent|spurious|illusory|an?\s+illusion|not\s+real)\s*,?\s+(?:because\s+of|due\s+to)\b",
            ql,
        )
        or re.search(_ASSOC_PUT_DOWN + r"\w", ql)
        # "real or because of something else?": a third variable left unnamed
        or re.search(
            r"\b(?:because\s+of|due\s+to)\s+(?:(?:some|an?)\s+)?(?:other|another|third|something|"
            r"anything|some\s+other)\b",
            ql,
        )
        or re.search(
            r"\b(?:(?:does|do|could|might|would|can|may)\s+[\w .'\-]+?\s+confound|"
            r"(?:whether|if)\s+[\w .'\-]+?\s+confounds?)\b",
            ql,
        )
        # "education confound the relation of X and Y", "Z explains the link between X and Y"
        or re.search(
            r"\b(?:confounds?|explains?|accounts?\s+for)\s+(?:the\s+)?(?:relation\w*|link|association|"
            r"correlation)\s+(?:between|of)\b",
            ql,
        )
        or re.search(
            r"\bconfound(?:ed|ing)\s*\??\s*$|\bconfound(?:ed|ing)\s+or\s+(?:not|causal)\b", ql
        )
        or re.search(
            r"\b(?:raw|naive|simple|unadjusted|crude)\s+(?:difference|comparison|association|correlation|estimate|effect|number)\b.*\b(?:misleading|biased|wrong|trustworthy|confounded|off)\b",
            ql,
        )
        or re.search(
            r"\b(?:naive|raw|crude|unadjusted)\b[^?]*\b(?:vs\.?|versus|against|and|or|from|"
            r"compared\s+(?:to|with)|than)\s+(?:the\s+)?(?:adjusted|causal)\b",
            ql,
        )
        or re.search(
            r"\bhow\s+(?:far\s+off|wrong|misleading|biased)\b.*\b(?:naive|raw|crude|unadjusted|simple)\s+"
            r"(?:[\w\-\u2013]+\s+){0,3}?(?:comparison|difference|contrast|estimate|association)\b",
            ql,
        )
        # "rainfall could drive both", "maybe the prior GPA influences both"
        or re.search(
            r"\b(?:could|might|may|would|can)\s+(?:also\s+)?(?:be\s+)?(?:drive|driving|cause|causing|explain|"
            r"explaining|affect|affecting|influence|influencing)\s+both\b",
            ql,
        )
        or re.search(
            r"\b(?:maybe|perhaps|probably|possibly)\b[^?.;!]*?\s(?:drives?|causes?|explains?|affects?|"
            r"influences?|impacts?)\s+(?:them\s+)?both\b",
            ql,
        )
        # "is the X-Y link really about Z?", "could the effect be just a Z thing?"
        or re.search(
            r"\b(?:link|relation\w*|association|correlation|connection|effect|gap|difference|benefit)\b"
            r"[^?.;!]*?\b(?:really|actually|just|only|simply|merely|all)\s+(?:be\s+)?(?:(?:about|down\s+to)\s+"
            r"(?:the\s+)?[a-z]|an?\s+[\w'\-]+(?:\s+[\w'\-]+)?\s+thing\b)",
            ql,
        )
        # "could that be down to Z rather than the device?", "Z behind both", "Z in disguise"
        or re.search(
            r"\bin\s+disguise\b|\b(?:just|only|merely|really|simply)\s+(?:a\s+)?(?:proxy|stand[\s-]?in)\s+for\b|"
            r"\b(?:down\s+to|due\s+to|because\s+of)\s+[\w '\-]+?\s+rather\s+than\b|"
            r"\b(?:behind|driving|causing)\s+both\b",
            ql,
        )
    ) and not (
        re.search(
            r"\b(?:control\w*|adjust\w*|account\w*|correct\w*)\s+for\s+(?:the\s+|any\s+)?confound",
            ql,
        )
        # "discovery with FCI, I think there are hidden confounders": why FCI, not a question
        or (
            re.search(r"\b(?:hidden|latent|unobserved|unmeasured)\s+confound", ql)
            and re.search(r"\b(?:discover\w*|graph|structure|dag|fci|pc|ges|algorithm)\b", ql)
        )
    )


def _method_comparison(ql: str, named: list[str]) -> list[str]:
    """Estimators to compare: the named ones when the question compares, ["*"] for "does it
    depend on the method" without names, [] when no comparison is asked."""
    compares = re.search(
        r"\b(?:compare|comparing|comparison|versus|vs\.?|against|both|each\s+of|agree|"
        r"differ\w*|side\s+by\s+side|next\s+to\s+each\s+other|and\s+also|v)\b",
        ql,
    )
    if len(named) >= 2 and (compares or re.search(r"\b(?:and|or)\b", ql)):
        return named
    listed = "|".join(f"(?:{p})" for p in lexicon.METHODS)
    if len(named) >= 2 and re.search(rf"(?:{listed})\s*(?:[,/|+]|\bv\b)\s*(?:{listed})", ql):
        return named  # "ipw|aipw|dml", "ipw, aipw, dml": estimators listed side by side
    if (
        len(named) >= 2
        and re.search(r"\binstead\s+of\b", ql)
        and re.search(
            r"\b(?:whether|does|do|if|would)\b[^.;]*\b(?:changes?|changed|differs?|the\s+same|shifts?|moves?)\b",
            ql,
        )
    ):
        # "check if the answer changes when you use weighting instead of matching": a comparison,
        # not a switch of method
        return named
    if re.search(
        r"\b(?:depend\w*|sensitiv\w*|robust\w*|change|vary|varies|differ\w*)\s+(?:on|to|with|across|"
        r"by)\s+(?:the\s+)?(?:choice\s+of\s+(?:the\s+)?)?(?:estimation\s+)?(?:methods?|estimators?)\b|"
        r"\b(?:different|several|other|multiple|all|various|many)\s+(?:estimation\s+)?"
        r"(?:methods|estimators)\b|\bcompare\s+(?:the\s+)?(?:estimation\s+)?(?:methods|estimators)\b|"
        r"\bacross\s+(?:estimation\s+)?(?:methods|estimators)\b|"
        r"\b(?:does|would|will|did)\s+it\s+matter\s+which\s+(?:estimation\s+)?(?:method|estimator)\b",
        ql,
    ):
        if len(named) == 1 and not any(
            named_in and re.search(r"\b(?:method|estimator)s?\b", part)
            for part in re.split(r"[.;!?]", ql)
            for named_in in [
                any(re.search(rf"\b(?:{p})\b", part) for p, n in METHODS.items() if n == named[0])
            ]
        ):
            # "earlier estimates were not robust to the choice of method. This time use DML":
            # the one estimator asked for in a sentence of its own is the method
            return []
        return named or ["*"]
    return []


#: Heads verified by real patching after an attribution screen when the question names no number.
ATTRIBUTION_TOP = 8
ALGORITHMS = lexicon.ALGORITHMS
METHODS = lexicon.METHODS
SCORES = lexicon.SCORES
BEHAVIOURS = lexicon.BEHAVIOURS


@dataclass
class Intent:
    """What the question asks, with the raw phrases for its variables."""

    kind: str
    treatment: str | None = None
    outcome: str | None = None
    mediator: str | None = None
    by: str | None = None
    instrument: str | None = None
    controls: list[str] = field(default_factory=list)
    algorithm: str | None = None
    method: str | None = None
    layer: int | None = None
    head: int | None = None
    behaviour: str | None = None
    score: str | None = None
    direction: str | None = None
    concept: str | None = None
    followup: bool = False
    subgroups_unnamed: bool = False
    graph: str | None = None
    """A graph file the question names ("given the graph sales.dot")."""
    files: list[str] = field(default_factory=list)
    """Prompt files (JSONL) the question names, in order."""
    focus: str | None = None
    """confounding or what_if: the effect question wants that answer first."""
    what_if: dict[str, float | str] | None = None
    methods: list[str] = field(default_factory=list)
    """Estimators to compare; ["*"] when the question asks for a comparison without names."""
    alpha: float | None = None
    ci_test: str | None = None
    bootstrap: int | None = None
    n_prompts: int | None = None
    ablation: str | None = None
    metric: str | None = None
    heads: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    missing: bool = False
    """A describe question about missing values."""
    unused: list[str] = field(default_factory=list)
    """What the question asked for that cannot be used, each with the reason."""
    confidence: float | None = None
    """A confidence level the question asks for ("a 99% interval")."""
    required: list[tuple[str, str]] = field(default_factory=list)
    """Edges the question says must be in the graph (cause phrase, effect phrase)."""
    forbidden: list[tuple[str, str]] = field(default_factory=list)
    domain: str | None = None
    """A domain or context column for CD-NOD ("region as the domain index")."""
    tiers: list[list[str]] = field(default_factory=list)
    """A temporal order of the variables, earliest tier first (phrases)."""
    layers: list[int] = field(default_factory=list)
    other: str | None = None
    """A follow-up's new column whose role the planner decides ("what about cost?")."""
    instead_of: str | None = None
    """The column a follow-up replaces ("severity instead of the drug")."""
    receivers: list[str] = field(default_factory=list)
    """Receiving heads of path patching ("from 0.2 to 1.0 and 1.1"), as layer.head."""
    sender: str | None = None
    """A follow-up's new sending head of path patching ("same from 0.1"), as layer.head."""
    refute: bool | None = None
    """False when the question turns the refutation tests off ("no refutations")."""
    adjust_all: bool = False
    """The question adjusts for every other column ("adjusting for everything else")."""
    adjust_except: list[str] = field(default_factory=list)
    """Phrases of the columns left out of "controlling for everything except A and B"."""
    attribution: int = 0
    """Heads to verify after an attribution-patching screen (0: no screen)."""
    alphas: list[float] = field(default_factory=list)
    """Steering strengths to sweep ("alphas 1, 2 and 4")."""
    position: str | None = None
    """The token position that defines a steering direction ("at position 3"); None: last."""
    swap: bool = False
    """A follow-up that swaps the treatment and the outcome ("and the other way round?"), or a
    steering's two prompt sets ("flip it")."""
    layer_move: str | None = None
    """A follow-up's layer said relative to the last experiment's: up, down or other ("one
    layer lower", "the next layer", "and for the other one?")."""
    drop: list[str] = field(default_factory=list)
    """What a follow-up removes from the previous analysis: columns, or the words controls,
    subgroups, instrument, mediator, method ("drop age from the controls")."""
    maybe_method: str | None = None
    """Words after a closing "using"/"via" that name no known method: the planner reports them
    as an unknown method unless they name a column."""
    weak_direction: bool = False
    """Only the order of the names says which is the treatment ("Y vs X"): the planner takes a
    yes/no column as the treatment when the other is not one."""
    excluded: list[str] = field(default_factory=list)
    """Phrases of columns the question says not to control for ("don't adjust for X", "X is a
    mediator, leave it out"); their clauses are read no further."""
    context: str | None = None
    """The sentences before a follow-up whose variable is a pronoun ("My boss only cares about
    downtime. Can you redo it for that?"): the planner looks for the column there."""


_GRAPH_FILE = re.compile(
    r"\s*,?\s*\b(?:using|with|given|from|under|assuming)?\s*(?:the\s+|my\s+|this\s+)?"
    r"(?:causal\s+)?(?:graph|dag|diagram)(?:\s+(?:file|in|from|at))?\s+(?P<g>[\w./~\-]+\.(?:dot|gml|json))\b",
    re.I,
)


#: Any graph file the question names, quoted (spaces allowed) or as one word.
_GRAPH_PATH = re.compile(
    r"""(?P<quote>['"])(?P<quoted>[^'"]+?\.(?:dot|gml|json))(?P=quote)"""
    r"|(?<![\w.])(?P<word>[\w./~\-]+\.(?:dot|gml|json))\b",
    re.I,
)
#: The words around a graph file ("use G as the graph", "using G", "(graph: G)").
_GRAPH_WORDS = re.compile(
    r"\s*\(\s*(?:(?:causal\s+)?(?:graph|dag)\s*(?:file\s*)?[:=]?\s*)?\x00\s*\)"
    r"|[,;]?\s*\b(?:(?:use|using|with|given|from|under|assuming|per|on)\s+)?(?:the\s+|my\s+|this\s+)?"
    r"(?:(?:causal\s+)?(?:graph|dag|diagram)\s*(?:file\s*)?[:=]?\s*)?\x00"
    r"(?:\s+as\s+(?:the\s+|my\s+)?(?:causal\s+)?(?:graph|dag|diagram))?",
    re.I,
)


_INTRO_WORD = (
    r"assume|assuming|given|suppose|with|using|use|under|take|here\s+is|here's|my|the|this|that|a|"
    r"our|following|causal|dag|graph|diagram|structure|model|edges|is|are|as|known|true"
)
_NODE = rf"\b(?!(?:{_INTRO_WORD}|and)\b)[a-z_][\w'\-]*(?:\s+(?!and\b)[\w'\-]+){{0,2}}?"
_EDGE = rf"{_NODE}\s*->\s*{_NODE}"
#: A graph written in the question as two edges or more ("Assume this DAG: Z -> X, Z -> Y,
#: X -> Y."), with the words that introduce it.
_INLINE_GRAPH = re.compile(
    rf"(?P<intro>(?:\b(?:{_INTRO_WORD})\b[\s:,=]*)*)"
    rf"(?P<edges>{_EDGE}(?:\s*(?:[,;]|\band\b)\s*{_EDGE})+)"
    r"(?=\s*(?:[.?!](?:\s|$)|$|[,;]?\s*(?:and\s+)?(?:what|how|estimate|so|then|now|please|get|give|tell)\b))",
    re.I,
)


def _inline_graph(q: str) -> tuple[str, str | None]:
    """The question without a graph written in it as edges, and those edges ("a -> b; c -> a")
    as the user named their ends (the planner matches them to columns)."""
    m = _INLINE_GRAPH.search(q)
    if m is None or re.search(
        r"\b(?:requir\w*|forbid\w*|must|cannot|can't|exclud\w*|includ\w*|discover\w*|learn\w*|"
        r"tiers?|edges?\s+(?:are|is)\s+(?:known|banned|allowed))\b",
        q,
        re.I,
    ):
        return q, None  # edges a discovery must keep or leave out are its knowledge
    edges = [
        f"{a.strip()} -> {b.strip()}"
        for a, b in re.findall(
            rf"({_NODE})\s*->\s*({_NODE})(?=\s*(?:[,;.?!]|\band\b|$))", m.group("edges"), re.I
        )
    ]
    rest = (q[: m.start()] + " " + q[m.end() :]).strip()
    rest = re.sub(r"^[\s.,;:]+|\s+(?=[.,;?!])", "", rest)
    return rest, "; ".join(edges)


def _graph_file(q: str) -> tuple[str, str | None]:
    """The question without the graph file it names, and that file (None when it names none)."""
    gm = _GRAPH_FILE.search(q)
    if gm:
        return (q[: gm.start()] + q[gm.end() :]).strip(), gm.group("g")
    pm = _GRAPH_PATH.search(q)
    if pm is None:
        return q, None
    path = pm.group("quoted") or pm.group("word")
    marked = q[: pm.start()] + "\x00" + q[pm.end() :]
    rest = _GRAPH_WORDS.sub("", marked, count=1).replace("\x00", "")
    return re.sub(r"\s{2,}", " ", rest).strip(), path


#: Intents of a model experiment.
_PROBE_KINDS = ("heads", "ablate", "scores", "steer", "probe", "patch", "path", "lens")


_INPUT = r"(?:q(?:uer(?:y|ies))?|k(?:eys?)?|v(?:alues?)?|resid\w*)"


def _via_inputs(ql: str) -> list[str]:
    """The receivers' inputs a path-patching question names after via/through, in order
    ("via q,k" -> ["q", "k"], "through the queries and values" -> ["q", "v"])."""
    m = re.search(
        rf"\b(?:via|through|into)\s+(?:the(?:ir)?\s+|its\s+)?(?P<l>{_INPUT}(?:\s*(?:,|/|\+|&|and)\s*"
        rf"(?:the(?:ir)?\s+)?{_INPUT})*)(?![\w.])",
        ql,
    )
    if not m:
        return []
    words = re.findall(_INPUT, m.group("l"))
    return list(dict.fromkeys("resid" if w.startswith("resid") else w[0] for w in words))


#: Words that put a question about "heads" in a model (attention, layers, tokens, prompts...).
_MODEL_WORDS = re.compile(
    r"\b(?:attention|attend\w*|layers?|tokens?|models?|transformers?|gpt\w*|induction|circuits?|"
    r"ablat\w*|knock\w*\s+out|logits?|lens|neurons?|prompts?|residual|mlps?|embeddings?|probes?|"
    r"probing|steer\w*|patch\w*|sinks?|gates?|gating|L\d+H\d+|\d+\.\d+|head\s+\d+)\b",
    re.I,
)


#: Words before "heads" that are not what the heads lead ("which heads", "our heads").
_NOT_LED = frozenset(
    "the a an our their your my his her its which what whose how do does did are is were was "
    "and or but so if that these those this all both some many most few several two three four "
    "five any no other per of to for from by with on in at as than when where why who whom "
    "we they you i it me us them say says said think thinks feel feels believe believes".split()
)


def people_heads(q: str, model_in_play: bool) -> str:
    """Heads that are people, written as managers: with no model loaded or named and no word of
    a model's parts or experiments (attention, layer, token, L1H3, induction, ablate, patch,
    steer, ...), every "heads" is people ("the regional heads", "department heads want ...",
    "heads of sales", "the head of nursing"), and what they head ("regional", "ward", "of
    sales") names no column; "heads up" is a greeting. With a model in play, only heads said
    with a verb of people's or as heads of a unit are (`_people_heads`)."""
    if not re.search(r"\bheads?\b", q, re.I):
        return q
    if model_in_play:
        return _people_heads(q)
    # (a model named, not "the model" of an analysis: "before our model review", "in the model")
    named = re.search(
        r"\b(?:demo|language|transformer|gpt\w*|loaded|tiny|toy|pretrained|neural|llm)\s+models?\b|"
        r"\b(?:load\w*|checkpoints?|weights)\b",
        q,
        re.I,
    )
    words = _MODEL_WORDS.search(re.sub(r"\bmodels?\b", "", q, flags=re.I))
    if named or words:
        return _people_heads(q)
    q = re.sub(r"\bheads?[\s\-]+up\b[\s,:;!.\-]*", "", q, flags=re.I)

    def managers(m: re.Match[str]) -> str:
        words = (m.group("pre") or "").split()
        while words and words[-1].lower() not in _NOT_LED:
            words.pop()  # ("the regional heads": "regional" is what they lead, "the" stays)
        word = "manager" if m.group("h").lower() == "head" else "managers"
        return " ".join([*words, word])

    return re.sub(
        r"(?P<pre>(?:\b[\w\-]+\s+){0,3})?(?<!\bper\s)(?<!\ba\s)\b(?P<h>heads|head(?=\s+of\b))\b"
        r"(?:\s+(?:of|for|at|across)\s+(?:the\s+|our\s+|all\s+(?:the\s+)?)?[\w\-]+"
        r"(?:\s+and\s+[\w\-]+)?)?",
        managers,
        q,
        flags=re.I,
    )


def _people_heads(q: str) -> str:
    """Heads that are people ("the regional heads want it gone", "department heads say ...",
    "the heads of the sites") written as managers, when nothing in the question is about a
    model: only a model's heads are probed."""
    if not re.search(r"\bheads?\b", q, re.I) or _MODEL_WORDS.search(q):
        return q
    return re.sub(
        # (a verb of people's: "which heads are responsible" is a model's question)
        r"\b(?:(?P<org>regional|region|department(?:al)?|dept|team|division(?:al)?|school|site|store|"
        r"branch|ward|clinic|country|state|business|faculty|house|household|sales|finance|hr|ops|"
        r"operations)\s+)?heads\b(?=(?P<after>\s+(?:of\s+(?:the\s+)?(?:department|site|store|team|"
        r"region|school|ward|clinic|branch)s?|want|wants|wanted|say|said|says|think|thought|asked|"
        r"agree|agreed|believe|believed|claim|claimed|insist|insisted|expect|expected|worry|worried|"
        r"keep\s+asking|complain\w*|told|signed\s+off|are\s+(?:asking|convinced|sure|worried|"
        r"unhappy|happy|pushing))\b)?)",
        # (what they head is no column: "ward heads" are no question about the ward)
        lambda m: "managers" if m.group("org") or m.group("after") else m.group(0),
        q,
        flags=re.I,
    )


#: Verbs that say what a scenario's rows get or are ("all of them got a tutor").
_SCENARIO_VERBS = (
    r"(?:got|get|gets|had|have|has|were|was|are|is|received|receive|took|take|used|use|joined|"
    r"went|did|worked|slept|paid|bought|signed)"
)


def _conditional_said_plainly(q: str) -> str:
    """A scenario said without "what if", rewritten to the conditional the what-if readers know:
    "had we sent X" and "were every student given X" (an inverted condition) as "if we had
    sent X" and "if every student were given X"; "all of them", "each of them" as a scenario's
    subject as "everyone"; and "what would the pass rate be if ..." as "what would happen to
    the pass rate if ..."."""
    q = re.sub(
        r"(^|[,;:.]\s*|\b(?:and|but|so)\s+)(had|were)\s+(we|they|you|i|everyone|everybody|all\s+(?:the\s+|our\s+)?\w+|"
        r"every\s+\w+|each\s+\w+|the\s+\w+)\s+(?=[a-z]+(?:ed|en|t)\b|given\b|all\b|more\b|less\b)",
        lambda m: f"{m.group(1)}if {m.group(3)} {m.group(2)} ",
        q,
        flags=re.I,
    )
    q = re.sub(
        rf"\b(?:all|each|every\s+one)\s+of\s+(?:them|us|those|these)\s+(?={_SCENARIO_VERBS}\b)",
        "everyone ",
        q,
        flags=re.I,
    )
    # "if the wait were half a minute shorter": half of one unit is an amount, not a halving
    q = re.sub(
        r"\bhalf\s+an?\s+(?=(?:second|minute|hour|day|week|month|year|mile|point|degree|euro|dollar|pound|"
        r"percentage\s+point|kilomet(?:er|re)|met(?:er|re))s?\b)",
        "0.5 ",
        q,
        flags=re.I,
    )
    # "if the dropped calls would be the half", "became the double": a scenario's scaling said
    # as the size it ends at
    q = re.sub(
        r"\b(?:would\s+be|will\s+be|were|was|is|are|becomes?|became|would\s+become)\s+(?:the\s+|a\s+)?"
        r"(?P<k>half|double|triple)(?:\s+of\s+(?:it|them|now|today|what\s+(?:it|they)\s+(?:is|are)))?\b",
        lambda m: (
            "were "
            + {"half": "halved", "double": "doubled", "triple": "tripled"}[m.group("k").lower()]
        ),
        q,
        flags=re.I,
    )
    # "if we had given everyone a tutor": the past of the scenario, as "if we gave ..."
    q = re.sub(
        # (only a person's doing: "if every restaurant had trained staff" is what they have)
        r"\b(if\s+(?:we|they|you|i))\s+had\s+"
        r"(?!been\b|to\b|a\b|an\b|the\b|no\b)(?P<v>[a-z]+(?:ed|en|t))\b",
        lambda m: f"{m.group(1)} {_PAST.get(m.group('v').lower(), m.group('v'))}",
        q,
        flags=re.I,
    )
    # "if the council had given a bus lane to every route": a body's doing, said with a verb of
    # giving
    q = re.sub(
        r"\b(if\s+the\s+[a-z]+)\s+had\s+(?P<v>given|offered|installed|introduced|assigned|sent|provided|"
        r"rolled\s+out|put)\b",
        lambda m: f"{m.group(1)} {_PAST.get(m.group('v').lower(), m.group('v'))}",
        q,
        flags=re.I,
    )
    # "in case the concentrate is doubled": a condition
    q = re.sub(r"(^|[,;:.]\s*)in\s+case\s+(?:that\s+)?", r"\1if ", q, flags=re.I)
    # "if all the lines would have preventive maintenance": the conditional said in the if-clause
    q = re.sub(
        r"\b(if\s+[^,;?]+?)\s+would\s+(have|be|get|receive|go|take|use)\b",
        lambda m: (
            f"{m.group(1)} "
            + {
                "have": "had",
                "be": "were",
                "get": "got",
                "receive": "received",
                "go": "went",
                "take": "took",
                "use": "used",
            }[m.group(2).lower()]
        ),
        q,
        flags=re.I,
    )
    # "how many defects we would have", "how much riders there would be": the outcome's level
    # in the scenario
    q = re.sub(
        r"\bhow\s+(?:much|many)\s+(?P<y>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,2}?)\s+(?:there|we|you|they|it)\s+"
        r"would\s+(?:be|have|get|see|obtain|make|sell)\b",
        lambda m: f"what would happen to the {m.group('y')}",
        q,
        flags=re.I,
    )
    # "the milk would increase of how much?": how much it would change
    q = re.sub(
        r"\b(?:the\s+)?(?P<y>[a-z][\w\-]*(?:\s+[a-z][\w\-]*)?)\s+would\s+(?P<v>increase|decrease|change|"
        r"rise|fall|drop|grow|go\s+up|go\s+down)\s+(?:of|by)\s+how\s+much\b",
        lambda m: f"how much would the {m.group('y')} {m.group('v')}",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"\bwhat\s+(would|will|could)\s+(?:the\s+|our\s+)?(?P<y>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,3}?)\s+be"
        r"(?=\s+(?:if|when|once|in\s+case)\b|\s*(?:then\s*)?[?.!]*\s*$)",
        lambda m: f"what {m.group(1)} happen to the {m.group('y')}",
        q,
        flags=re.I,
    )
    return q


#: Past participles of a scenario's verbs said with "had", as the simple past.
_PAST = {"given": "gave", "taken": "took", "gotten": "got", "chosen": "chose", "driven": "drove"}


#: A particle that closes a question and asks nothing: ", though?", " tho", ", anyway?".
_CLOSING_PARTICLE = re.compile(
    r"(?<!\beven)(?<!\bas)(?:\s*,\s*|\s+)(?:though|tho|anyway|anyways|after\s+all)"
    r"(?P<end>\s*[?.!]*\s*)$",
    re.I,
)


#: Whether an effect is the same for every unit, or bigger for some kind of unit, asked without
#: naming the column that makes the groups: "is it the same for everybody?", "the same in all
#: the company or in some part of it bigger?", "for which kind of store is it bigger?", "more
#: for some kind of family? which one". The groups are then asked back (or the one plausible
#: column taken), and the clause names no treatment or outcome.
_BIGGER = r"(?:bigger|larger|stronger|greater|higher|smaller|weaker|better|worse|more|less)"
_SOME_KIND = r"(?:kinds?|types?|sorts?|parts?|groups?|segments?|categor(?:y|ies))"
UNNAMED_GROUPS = re.compile(
    # "(is it / works) the same for everybody / for all (the) patients / in every route"
    r"(?:\s*,?\s*\b(?:but|and)\s+)?\b(?:(?:is|was|are)\s+(?:it\s+|this\s+|that\s+)?|it\s+is\s+|"
    r"(?:does\s+)?it\s+works?\s+)?(?:(?:the\s+)?same(?:\s+way)?|equally(?:\s+well)?|alike)\s+"
    r"(?:for|in|at|on|across|among|with)\s+"
    r"(?:everybody|everyone|every\s*one|everywhere|(?:all|every|each)(?:\s+(?:of\s+)?(?:the\s+|our\s+)?"
    r"(?P<w>(?!the\b)[\w'\-]+(?:\s+(?!(?:or|and|but|on|for|in|at|with|than|is|are|it|not)\b)[\w'\-]+)?))?)|"
    # "(or) for which kind of customer (it) is bigger", "in which part it is more"
    rf"(?:\s*,?\s*\b(?:or|and|but)\s+)?\b(?:for|in|among|with|at)\s+(?:which|what)\s+{_SOME_KIND}"
    r"(?:\s+of\s+[\w'\-]+)?"
    r"(?:(?:\s+(?:is|was|are|does|would))(?:\s+(?:it|this|that|the\s+effect))(?:\s+(?:be|work))?|"
    r"(?:\s+(?:it|this|that|the\s+effect))?(?:\s+(?:is|was|are|would\s+be|works?))?)"
    # (the clause ends there: "for which kinds of route does X do the most" is read elsewhere)
    rf"(?:\s+{_BIGGER})?(?=\s*[?.!,;]|\s*$)|"
    # "(or) in some part of it (it is) bigger", "more for some kind of family", "or for some
    # kind more"
    rf"(?:\s*,?\s*\b(?:or|and|but)\s+)?(?:\b{_BIGGER}\s+)?\b(?:for|in|among|with|at)\s+some\s+"
    rf"{_SOME_KIND}(?:\s+of\s+(?:it|them|[\w'\-]+))?(?:\s+(?:it\s+|this\s+)?(?:is|was|are|works?))?"
    rf"(?:\s+{_BIGGER})?(?=\s*[?.!,;]|\s*$)",
    re.I,
)


#: A mediator asked about as the channel: "is the footfall the channel?", "is M the mechanism".
_ASKED_CHANNEL = re.compile(
    r"\b(?:is|are|was)\s+(?:the\s+|our\s+|their\s+)?(?P<m>(?!(?:it|this|that|there)\b)[\w'\-]+"
    r"(?:\s+[\w'\-]+){0,2}?)\s+(?:the|a|an)\s+(?:main\s+|key\s+|real\s+)?(?:channel|mechanism|"
    r"pathway|mediator|middle\s+step)\b"
)


#: "for which kind of store is the app's effect on the basket bigger?": the groups asked first.
_WHICH_KIND_BIGGER = re.compile(
    rf"(?:(?:and|so|but|ok)\s*,?\s+)?(?:for|in|among|with|at)\s+(?:which|what)\s+{_SOME_KIND}"
    r"(?:\s+of\s+[\w'\-]+)?\s+(?:is|are|was|would\s+be)\s+(?P<np>(?:the|an?|its|their)\s+[^?.!,;]+?)\s+"
    rf"{_BIGGER}\s*[?.!]*$",
    re.I,
)


def _unnamed_groups(question: str) -> tuple[str, str | None] | None:
    """`question` without its clauses that ask whether the effect differs across groups whose
    column it may not name (`UNNAMED_GROUPS`), and the word said after "all"/"every"/"each"
    (which may name the column: "the same for all city"); None when it has no such clause."""
    m = _WHICH_KIND_BIGGER.match(question.strip())
    if m:
        # "for which kind of store is the app's effect on the basket bigger?": the effect is the
        # subject between the groups and the comparative
        return m.group("np") + "?", None
    m = UNNAMED_GROUPS.search(question)
    if not m:
        return None
    word = m.group("w")
    if word and re.fullmatch(r"them|these|those|us|you|of|cases|times?|ways?", word, re.I):
        word = None
    rest = UNNAMED_GROUPS.sub(" ", question)
    # ("...? which one", "..., or not?"): what is left of the asking
    rest = re.sub(r"\b(?:which\s+one|or\s+not)\s*\??", " ", rest, flags=re.I)
    rest = re.sub(r"\s+([?.!,])", r"\1", re.sub(r"\s+", " ", rest)).strip()
    rest = re.sub(r"(?:[?,]\s*){2,}", "? ", rest).strip()
    return rest, word


def parse_question(
    question: str, has_history: bool = False, protected: Iterable[str] = ()
) -> Intent:
    """The intent of `question` with its slots; `has_history` enables follow-up readings and
    `protected` lists words of column names that typo correction must leave alone."""
    groups = _unnamed_groups(clean(question))
    if groups is None and re.search(
        r"\b(?:same|equal\w*|alike|kinds?|types?|sorts?|parts?)\b", question
    ):
        # ("for whcih kind of customer ...": the clause read after typos are put right)
        groups = _unnamed_groups(correct_typos(clean(question), protected))
    if groups is not None:
        # the effect asked without its groups' clause, then split by the word said after "all"
        # when it names a column, else by groups not yet named
        rest, word = groups
        words = re.sub(r"[^a-z ]", " ", rest.lower()).split()
        if not set(words) - {"ok", "and", "so", "but", "if", "we", "can", "see", "it", "please"}:
            rest = "for whom does it work?"
        intent = parse_question(rest, has_history, protected)
        if intent.kind == "effect" and not intent.by and not intent.mediator:
            intent.by, intent.subgroups_unnamed = word.lower() if word else None, True
        return intent
    q, graph = _graph_file(clean(question))
    if graph is None:
        q, graph = _inline_graph(q)
    # "could the segment explain that, though?": a particle that closes a question (a concession,
    # a shrug) asks nothing of its own
    q = _CLOSING_PARTICLE.sub(r"\g<end>", q)
    # "+pos.jsonl -neg.jsonl": the signs say which set is which
    signed = dict(
        (f, sign) for sign, f in re.findall(r"(?<![\w./~])([+-])\s?([\w./~][\w./~\-]*\.jsonl)\b", q)
    )
    q = re.sub(r"(?<![\w./~])[+-]\s?(?=[\w./~][\w./~\-]*\.jsonl\b)", "", q)
    files = re.findall(r"[\w./~\-]+\.jsonl\b", q)
    toward = re.search(r"\btowards?\s+([\w./~\-]+\.jsonl)\b", q, re.I)
    away = re.search(r"\baway\s+from\s+([\w./~\-]+\.jsonl)\b", q, re.I) or re.search(
        r"\bfrom\s+([\w./~\-]+\.jsonl)\s+(?:(?:to|towards?|into)\s+([\w./~\-]+\.jsonl))", q, re.I
    )
    if toward is None and away is not None and away.lastindex == 2:
        toward = re.search(re.escape(away.group(2)), q)  # "from anger.jsonl to calm.jsonl"
    pos = (toward.group(1) if toward.lastindex else toward.group(0)) if toward else None
    neg = away.group(1) if away else None
    if not (pos or neg):
        pos = next((f for f, sign in signed.items() if sign == "+"), None)
        neg = next((f for f, sign in signed.items() if sign == "-"), None)
    both = bool(pos and neg)
    if both:
        # "toward A away from B", "+A -B": A is the positive set, B the negative one
        files = [pos, neg, *[f for f in files if f not in (pos, neg)]]
    for f in files:
        q = q.replace(f, "FILE")
    q = correct_typos(q, protected)
    q = _conditional_said_plainly(q)
    q = _people_heads(q)
    # "run the same for whether a claim was filed": the outcome said as a yes/no clause is its
    # subject and verb ("claim filed")
    q = re.sub(
        r"\b(for|on|to)\s+whether\s+(?:or\s+not\s+)?(?:(?:a|an|the|their|his|her)\s+)?([\w\-]+)\s+"
        r"(?:was|were|is|are|gets?|got|has\s+been|had\s+been)\s+([a-z]+ed)\b",
        r"\1 \2 \3",
        q,
        flags=re.I,
    )
    # "once breed is taken into account": the same as "once breed is accounted for"
    q = re.sub(
        r"\b(is|are|gets?|has\s+been|have\s+been)\s+taken\s+into\s+account\b",
        r"\1 accounted for",
        q,
        flags=re.I,
    )
    # "knock 5 off everyone's bill", "each cow's concentrate", "all customers' fees": whose the
    # variable is, said as everyone's, names no variable (a scenario applies to every row)
    q = re.sub(
        # (not a model's parts: "each head's output" is what an ablation replaces)
        r"\b(?:(?:every|some|any)(?:one|body)|(?:each|every)\s+(?!(?:head|layer|token|position|prompt|neuron|"
        r"unit|block|model|sequence)\b)[a-z]+)(?:'s|\u2019s)\s+|"
        r"\ball\s+(?:the\s+|our\s+)?[a-z]+s(?:'|\u2019)\s+",
        # ("if we trained every restaurant's staff": after the verb of a scenario done to them,
        # all of them, as "if we trained all the staff")
        # (an amount changed is the column's: "if you doubled everyone's steps" is "the steps")
        lambda m: (
            "all the "
            if re.search(
                r"\b(?:if|when|once|suppose|imagine)\s+(?:we|you|they)\s+"
                r"(?!(?:doubl|tripl|halv|increas|decreas|rais|lower|reduc|cut|boost|trimm|scal)ed\b)"
                r"[a-z]{3,}ed\s+$",
                q[: m.start()],
                re.I,
            )
            else "the "
        ),
        q,
        flags=re.I,
    )
    # "run promo sms on churn with matching and weighting": the verb before a terse "X on Y"
    # asks for that effect (an algorithm or estimator run "on" the data keeps its verb)
    m = re.match(
        r"^(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?(?:run|do|fit|try|compute)\s+(?P<x>(?:the\s+)?[\w\-]+(?:\s+[\w\-]+)?)\s+on\s+"
        r"(?!(?:the|this|these|my|our|all|every|each)\b)",
        q,
        re.I,
    )
    if m and not (
        _find(ALGORITHMS, m.group("x").lower())
        or _find(METHODS, m.group("x").lower())
        or re.search(
            r"\b(?:discovery|analysis|model|regression|test|graph|it|that|this)\b",
            m.group("x"),
            re.I,
        )
    ):
        q = q[m.start("x") :]
    # "more at site C than at the other sites", "... than elsewhere": one group against the rest
    # is the split by the group's column, as "more at site C" alone
    q = re.sub(
        r"(\b(?:more|less|better|worse|bigger|smaller|stronger|weaker)\s+(?:at|in|for|among|on|with)\s+"
        # ("more for some positions than others" compares unnamed groups: read elsewhere)
        r"(?!(?:some|certain|different|particular|a\s+few)\b)[\w'\-]+(?:\s+[\w'\-]+)?)\s+than\s+(?:(?:at|in|for|among|on|with)\s+)?(?:the\s+)?"
        r"(?:(?:other|remaining)(?:\s+[a-z]+)?|rest(?:\s+of\s+(?:the\s+)?[a-z]+)?|elsewhere|others)\b",
        r"\1",
        q,
        flags=re.I,
    )
    # "now by site instead of the mediation": the mediation is what is dropped
    q = re.sub(
        r"\s*,?\s+(?:instead\s+of|rather\s+than|in\s+place\s+of)\s+(?:the\s+|a\s+)?(?:mediation(?:\s+analysis)?|"
        r"mediator|decomposition|direct\s*(?:/|and|vs\.?)\s*indirect(?:\s+split)?|indirect\s+effect)\b",
        ", without the mediator",
        q,
        flags=re.I,
    )
    # "is that just cause they come in more?": "cause" said for "because"
    q = re.sub(
        r"\b(just|only|simply|mostly|mainly|partly|maybe|probably|that's|is\s+it|it's)\s+(?:'?cause|cuz|coz|cos)\b"
        r"(?=\s+(?:they|it|he|she|we|you|people|ppl|of|the|there|their)\b)",
        r"\1 because",
        q,
        flags=re.I,
    )
    # "how big is the impact on yield?": the size asked is the effect's, no variable
    q = re.sub(
        r"\bhow\s+(?:big|large|strong|much|sizable|sizeable|important|substantial|real)\s+(?:is|was|would\s+be)\s+"
        r"(?=(?:the|an?)\s+(?:causal\s+)?(?:effect|impact|influence)s?\b)",
        "what is ",
        q,
        flags=re.I,
    )
    # "don't adjust for X", "controlling for A but not B": the clause is read here, not as controls
    if has_history and re.fullmatch(
        r"(?:(?:and|but|now|ok|okay|so|then|same|again|redo|rerun|repeat|do|it|that|this|thing|the|"
        r"analysis|estimate|please|also|try|one|more|time|with|"
        r"can|could|would|will|you|me|us|kindly|just)\b[\s,.!?]*)*(?:don'?t|do\s+not|without)\s+"
        r"(?:adjust\w*|control\w*|condition\w*)\s+(?:for|on)\s+(?:anything|any\s*thing|any\s+(?:covariates|"
        r"controls|variables)|them|those)(?:\s+(?:at\s+all|this\s+time|now))?[\s.!?]*",
        q,
        re.I,
    ):
        q = "drop the controls"  # "and this time don't adjust for anything": no controls now
    q, excluded = exclusions(q)
    if (
        excluded
        and has_history
        and re.fullmatch(
            r"(?:(?:and|but|now|ok|okay|so|then|same|again|redo|rerun|repeat|do|it|that|this|thing|the|"
            r"analysis|estimate|model|please|also|try|one|more|time|with|this\s+time|"
            # asked of the assistant: "can you do the same but without controlling for Z?"
            r"can|could|would|will|you|me|us|kindly|just)\b[\s,.!?]*)*",
            q,
            re.I,
        )
    ):
        # "same but don't adjust for ldl", "now without controlling for age": a follow-up that
        # takes the columns out of the last estimate's controls
        q, excluded = f"drop {' and '.join(excluded)} from the controls", []
    # "could you add the city as well?", "also include driver age": after an estimate, a column
    # added with no role said joins the controls (not a new treatment)
    added = re.fullmatch(
        r"(?:(?:and|but|now|ok|okay|so|then|please|also|can|could|would|will|you|just|maybe|"
        r"let'?s|i'?d\s+like\s+you\s+to|try)\b[\s,]*)*(?:add|include|throw\s+in|put\s+in)\s+"
        r"(?:also\s+)?(?:the\s+|a\s+|an\s+)?(?P<x>(?![\d.])[a-z][\w'\- ]*?)"
        r"(?:\s+(?:too|as\s+well|also|please|for\s+me|in\s+there|this\s+time))*[\s.!?]*",
        q,
        re.I,
    )
    if (
        has_history
        and added
        and not re.search(
            r"\b(?:bootstrap\w*|refut\w*|placebo|checks?|tests?|intervals?|direction|steer\w*|"
            r"mediat\w*|instrument\w*|split|subgroups?|plots?|graphs?|charts?|pictures?|figures?|"
            r"reports?|notes?|rows?|data|dataset|prompts?|heads?|layers?|edges?|arrows?|lags?|"
            r"resamples?|seeds?|controls?|covariates?|confounders?|more|another|other|it|that|this|"
            r"them|those|one)\b",
            added.group("x"),
            re.I,
        )
    ):
        q = f"add {added.group('x')} to the controls"
    # "is it just the car age driving this?", "could Z explain that?", "check it's not just Z":
    # after an estimate, a third column doubted as what is behind the result is a confounding
    # check of the same pair by it
    doubted = _doubted_third(q) if has_history and not _reason_mechanism(q.lower()) else None
    if doubted:
        q = f"is this confounded by {doubted}?"
    layers = set(re.findall(r"\blayer\s*(\d+)\b", q, re.I))
    if len(layers) == 1:
        # "Layer 0 might do the copying. Please knock out each of its heads": that layer's heads
        q = re.sub(
            r"\b(?:(?:each|all|every)\s+(?:one\s+)?of\s+)?its\s+heads\b",
            f"all heads of layer {layers.pop()}",
            q,
            flags=re.I,
        )
    # ("add X and run it again": the columns are controls, the clause after them none)
    q = added_and_rerun(q)
    full = q
    if re.fullmatch(
        r"(?:(?:ok|okay|great|perfect|nice|cool|wonderful|excellent)[\s,!.]*)?(?:thanks?|thank\s+you|"
        r"cheers|many\s+thanks)\b(?:[\s,!.]+(?:a\s+lot|so\s+much|very\s+much|that'?s\s+all|"
        r"that\s+help(?:s|ed)(?:\s+a\s+lot)?|(?:very\s+|really\s+)?helpful|this\s+"
        r"was\s+(?:very\s+|really\s+)?(?:helpful|useful|great)|(?:that'?s\s+)?(?:all|enough)(?:\s+i\s+"
        r"needed)?(?:\s+for\s+now)?|bye|for\s+now|great|perfect)*)*[\s,!.]*",
        q.lower(),
    ):
        return Intent("thanks")  # a closing word: nothing to analyse
    # "can you run X?" asks about the assistant: its opener is the question, kept as it is
    q = _depending_split(q)
    asks_can = re.sub(
        r"^(?:(?:is|would)\s+it\s+(?:be\s+)?possible\s+(?:for\s+you\s+)?to|(?:are|would)\s+you\s+"
        r"(?:be\s+)?able\s+to)\s+",
        "can you ",
        q.lower().rstrip(" ?.!"),
    )
    if _capability(q.lower().rstrip(" ?.!")):
        pass
    elif (
        asks_can.startswith("can you ")
        and len(asks_can.split()) <= 7  # "is it possible to do IV?", not a whole analysis
        and _capability(asks_can)
    ):
        q = asks_can
    else:
        q = normalise(q)
    q = _fronted_group(q)
    q = _gap_between_groups(q)
    # "what if every store spent 2 more on ads - revenue?": the outcome after a dash, as after a
    # colon
    q = re.sub(
        r"^(?P<head>(?:(?:so|and|ok|okay)\s*,?\s+)?(?:what\s+if|what\s+happens\s+if|what\s+would\s+happen\s+if|"
        r"suppose|imagine|if)\b[^?;:\-\u2013\u2014]+?)\s+[-\u2013\u2014]+\s+(?P<y>[\w'\-]+(?:\s+[\w'\-]+){0,2})"
        r"\s*\?\s*$",
        r"\g<head>: \g<y>?",
        q,
        flags=re.I,
    )
    # "shave a quarter off the runtime", "knock 5 minutes off headways": a cut by that amount
    q = re.sub(
        r"\b(?:shav|knock|tak|trim|cut|chop|lop)[a-z]*\s+(?P<a>(?:a|one)\s+(?:quarter|third|fifth|tenth|half)|half|"
        r"\d+(?:\.\d+)?\s*(?:%|percent)?(?:\s+(?!off\b)[a-z]+)?)\s+off\s+(?:of\s+)?(?:the\s+|our\s+|their\s+)?"
        r"(?P<x>[a-z][\w\-]*(?:\s+(?!and\b|but\b|to\b|by\b|for\b|in\b|on\b)[a-z][\w\-]*)?)",
        lambda m: f"cut {m.group('x')} by {m.group('a')}",
        q,
        flags=re.I,
    )
    # "is the physio programme worth more for some positions than others?": the effect
    # compared across the groups named ("does X help more for some G than others" is read
    # elsewhere)
    q = re.sub(
        r"^(?P<lead>(?:so|and|but|ok|okay)\s*,?\s+)?(?:is|are)\s+(?P<x>(?:the\s+|our\s+)?[\w\-]+(?:\s+[\w\-]+)?)\s+"
        r"(?:really\s+)?worth\s+(?:more|less)\s+(?:for|in|at|among|with|on)\s+some\s+"
        r"(?P<g>[\w\-]+(?:\s+[\w\-]+)?)\s+than\s+(?:for\s+|in\s+|at\s+|among\s+|with\s+|on\s+)?"
        r"(?:the\s+)?others?\b(?P<end>\s*[?.!]*)",
        lambda m: (
            f"{m.group('lead') or ''}does {m.group('x')} work differently, by {m.group('g')}"
            f"{m.group('end') or '?'}"
        ),
        q,
        flags=re.I,
    )
    # "is counselling working because ...?", "is the app paying off": "does X work"
    q = re.sub(
        r"^(?P<lead>(?:so|and|but|ok|okay)\s*,?\s+)?(?:is|are)\s+(?P<x>(?:the\s+|our\s+)?[\w\-]+(?:\s+[\w\-]+)?)\s+"
        r"(?:really\s+|actually\s+)?(?:working|paying\s+off|making\s+a\s+difference)\b",
        lambda m: f"{m.group('lead') or ''}does {m.group('x')} work",
        q,
        flags=re.I,
    )
    # "the thermostat's apparent savings", "the supposed effect": a hedge on the effect noun
    # says nothing of its roles
    q = re.sub(
        r"\b(?:apparent|supposed|alleged|so-called|claimed|seeming|reported)\s+(?=(?:savings?|effects?|"
        r"impacts?|benefits?|gains?|lift|uplift|boost|drop|reduction|advantage|penalty|premium)\b)",
        "",
        q,
        flags=re.I,
    )
    # "the loyalty app's revenue lift": a change of the outcome owned by the treatment
    q = re.sub(
        r"\b(?:the\s+)?(?P<t>[\w\-]+(?:\s+[\w\-]+){0,2}?)'s\s+(?P<y>[\w\-]+(?:\s+[\w\-]+)?)\s+"
        r"(?:lift|uplift|gain|boost|bump|increase|improvement|drop|reduction|decrease|fall|penalty|"
        r"premium|benefit|saving|savings)\b",
        lambda m: f"the effect of {m.group('t')} on {m.group('y')}",
        q,
        flags=re.I,
    )
    # "help the students on mobile as much as those on a laptop": the groups said as people
    # with a level each, read as the levels compared ("help as much on mobile as on a laptop")
    q = re.sub(
        r"\b(?P<v>helps?|benefits?|works?\s+for|pays?\s+off\s+for|does\s+for)\s+(?:the\s+)?"
        r"(?:(?!on\b|in\b|at\b|with\b|using\b)[\w'\-]+\s+)?(?P<p1>on|in|at|with|using)\s+(?P<a>(?:a\s+|an\s+|the\s+)?"
        r"[\w'\-]+(?:\s+[\w'\-]+)?)\s+as\s+much\s+as\s+(?:it\s+does\s+)?(?:for\s+)?(?:those|the\s+ones|"
        r"the\s+others|people|[\w'\-]+s)\s+(?P<p2>on|in|at|with|using)\s+(?P<b>(?:a\s+|an\s+|the\s+)?[\w'\-]+)",
        lambda m: (
            f"{m.group('v').split()[0]} as much {m.group('p1')} {m.group('a')} as "
            f"{m.group('p2')} {m.group('b')}"
        ),
        q,
        flags=re.I,
    )
    # "help Basic members lose weight as much as Premium ones", "keep rural drivers as much as
    # metro ones": the groups said as people with a level word before the noun, read as the
    # levels compared ("help people lose weight as much for Basic as for Premium")
    q = _PEOPLE_LEVELS.sub(_levels_of_people, q)
    # "explained by the fall in CRP", "through a rise in footfall": the mediator is what changes
    q = re.sub(
        r"\b(explained\s+by|through|via|because\s+of|due\s+to|thanks\s+to|by\s+way\s+of)\s+"
        + _CHANGE_IN.pattern[2:],
        r"\1 ",
        q,
        flags=re.I,
    )
    # "does the drug help men and women equally with recovery?": two groups of one column,
    # compared, are the split by that column
    for levels, word in _GROUP_LEVELS:
        pair = re.search(
            rf"\b(?:the\s+)?(?:{levels})\s+(?:and|or|vs\.?|versus)\s+(?:the\s+)?(?:{levels})\b"
            rf"(?=.*?{_ACROSS_CUE})",
            q,
            re.I,
        )
        if pair and not re.fullmatch(
            r"\s*(?:do|does|did|are|is|were|was|will|would|can|could)?\s*", q[: pair.start()], re.I
        ):
            # (a pair that is the subject, "do men and women respond differently ...", is read
            # as it stands)
            rest = _ACROSS_CUE_RE.sub(" ", q[pair.end() :], count=1)
            q = f"{q[: pair.start()].rstrip()} {' '.join(rest.split())}".rstrip(" ?.!")
            q += f", by {word}?"
            break
    # "set to 0 on all plots": who a scenario applies to, not the outcome ("on Y")
    q = re.sub(
        r"(?<=\d)(\s*(?:%|percent)?)\s+(?:on|in|across|at)\s+(?:all|every|each)\s+(?:of\s+)?"
        r"(?:the\s+|our\s+)?[a-z]+\b",
        r"\1 for everyone",
        q,
        flags=re.I,
    )
    # "compare crude vs adjusted for X on Y": the two estimates of X's effect, not a control
    q = re.sub(
        r"\b((?:crude|raw|naive|unadjusted|adjusted)\s+(?:vs\.?|versus|and|or|against|to)\s+"
        r"(?:crude|raw|naive|unadjusted|adjusted)(?:\s+(?:estimates?|effects?|numbers?))?)\s+for\s+"
        r"(?!(?:that|this|it|them|those|these)\b)",
        r"\1, the effect of ",
        q,
        flags=re.I,
    )
    # "explained by actually using the device": the hedge before the mechanism names nothing
    q = re.sub(
        r"\b(explained\s+by|through|via|because\s+of|due\s+to|thanks\s+to|by\s+way\s+of)\s+"
        r"(?:actually|really|just|simply|mostly|mainly|largely|partly)\s+",
        r"\1 ",
        q,
        flags=re.I,
    )
    # "is that mostly because people get more satisfied?": the mechanism, said as a clause,
    # not a second claim of its own (whose subject and predicate would read as two roles)
    if re.search(r"(?:^|[;.?!]\s*)(?:is|was|could|can|might)\s+(?:that|this|it)\b", q, re.I):
        q = re.sub(
            r"\b(because)\s+(?:the\s+)?(?:people|they|customers|clients|users|patients|students|"
            r"employees|members|subscribers|buyers|drivers|players)\s+(?:are|get|become|feel|were|"
            r"got|became|felt)\s+(more|less)\s+",
            r"\1 of \2 ",
            q,
            flags=re.I,
        )
    # a question about a concept, read as typed ("an effect and a correlation" must stay two)
    concept = _concept(full.lower().rstrip(" ?.!"), has_history) if full != q else None
    token = _COLUMN_WORDS.set(frozenset(w.lower() for w in protected))
    try:
        intent = concept or _parse(q, has_history)
    finally:
        _COLUMN_WORDS.reset(token)
    if full != q and intent.kind not in ("heads", "ablate", "patch", "path", "steer", "probe"):
        # "Which heads do the heavy lifting on induction? Zero each out ...": the request
        # reading keeps the question, but the experiment is asked for in the other sentence
        whole = _parse(full, has_history)
        if whole.kind in ("heads", "ablate", "patch", "path", "steer", "probe"):
            intent = whole
        elif intent.kind == "unknown" and whole.kind == "why":
            # "The director asked me which factors you held constant. Can you list them for
            # me?": the request points back to a question about the last result
            intent = whole
    pointer = re.compile(
        r"(?:this|that|the\s+same|such\s+an?)\s+(?:way|channel|pathway|path|route|mechanism|road|means)"
    )
    if intent.kind == "effect" and intent.mediator and pointer.fullmatch(intent.mediator.strip()):
        # "X lowers Y by means of M. Which part of the effect goes by this way?": the way is the
        # mechanism the sentence before names
        said = pointer.sub(" ", full.lower())
        intent.mediator = _mediator(said)
        if intent.mediator in (intent.treatment, intent.outcome) or (
            intent.mediator and pointer.fullmatch(intent.mediator.strip())
        ):
            intent.mediator = None
    if (
        intent.kind == "effect"
        and intent.mediator is None
        and "<mediator>" not in intent.drop
        and re.search(
            r"\b(?:direct|indirect|mediat\w*|(?:that|this|the\s+same)\s+(?:channel|pathway|mechanism|route))\b",
            q,
            re.I,
        )
    ):
        # "... only save money because they lower the setpoint. Could you split their effect
        # into a direct and an indirect part?", "... into that channel and the rest": the
        # mechanism is in a context sentence
        intent.mediator = _mediator(full.lower())
        if intent.mediator in (intent.treatment, intent.outcome):
            intent.mediator = None
    if (
        intent.kind == "effect"
        and intent.focus == "confounding"
        and intent.mediator is None
        and not intent.controls
        and re.search(r"\b(?:pathway|channel|mechanism|mediat\w*|indirect(?:ly)?)\b", full, re.I)
    ):
        # "is that just because they come in more? like the sessions per week pathway": the
        # explanation offered is named as a pathway, so it is a mechanism, not a common cause
        m = _mediator(full.lower())
        if m and m not in (intent.treatment, intent.outcome):
            intent.mediator, intent.focus = m, None
    if (
        intent.focus == "confounding"
        and intent.mediator
        and re.search(
            r"\b(?:spurious|confounded|biased|misleading|correlation|correlated|coincidence)[\s,;]+"
            # ("spurious, maybe due to job level?": a hedge between)
            r"(?:(?:maybe|perhaps|possibly|probably|just|only|simply|mostly|partly|all|or)[\s,]+)*"
            r"(?:because\s+of|due\s+to|thanks\s+to|driven\s+by)\s+(?:the\s+)?"
            + re.escape(intent.mediator),
            q,
            re.I,
        )
    ):
        # "spurious because of region?": what the link is blamed on is a confounder
        intent.controls.append(intent.mediator)
        intent.mediator = None
    said = _JUST_BECAUSE.search(full.lower())
    if (
        intent.kind == "effect"
        and intent.mediator
        and said
        and said.group("z").startswith(intent.mediator.lower().split()[0])
        and re.search(r"\s+of\s+(?:it|them|this|that)\b", full.lower()[said.end() :][:40])
    ):
        # "... only because single parents get more of it": the ones who get more of the
        # treatment are a common cause, not a step between
        intent.controls = [c for c in intent.controls if not intent.mediator.startswith(c)]
        intent.controls.append(intent.mediator)
        intent.mediator, intent.focus = None, "confounding"
    if (
        intent.focus == "confounding"
        and intent.mediator
        and not re.search(
            r"\b(?:confound\w*|spurious|naive|raw|crude|unadjusted|bias\w*|misleading|"
            r"correlation)\b",
            q,
            re.I,
        )
    ):
        # "is that because people brake less, or is something else going on? how much goes
        # through the braking?": the other thing is the direct path, asked with a mediator
        intent.focus = None
    if (
        intent.focus == "confounding"
        and intent.mediator
        and intent.controls
        and (asked := _sentence_with(full, r"\bconfound\w*|\bconfusion\b"))
        and intent.mediator.lower() not in asked.lower()
        and not re.search(
            r"\b(?:direct|indirect\w*|mediat\w*|through|via|pathway|channel|mechanism)\b",
            asked,
            re.I,
        )
    ):
        # "They sent the invite to big accounts because they had more seats to fill. Is the
        # link confounded by the number of seats?": the reason told before is why units were
        # treated, and the request names what to check; no mechanism is asked about
        intent.mediator = None
    _apposition(intent, q.lower())
    first = re.search(
        r"\b(?:check|do|try|test|start\s+with|begin\s+with)\s+(?:the\s+)?(quer(?:y|ies)|keys?|values?)\s+first\b",
        full,  # (the sentence may be one the request reading leaves out)
        re.I,
    )
    inputs = _via_inputs(q.lower())
    if intent.kind == "path" and len(inputs) > 1:
        # "via q,k", "through the queries and keys": each of the receivers' inputs
        intent.method = ",".join(inputs)
    if intent.kind == "path" and first:
        # "through its queries or keys? check keys first": the input to patch now
        intent.method = first.group(1)[0].lower()
    if graph:
        intent.graph = graph
    intent.files = files
    if both and intent.kind == "steer":
        intent.direction = "toward"
    if intent.layer is None:
        lm = re.search(r"\b(?:layer\s*|l)(\d+)\b", q, re.I)
        if lm and intent.kind in ("steer", "probe"):
            intent.layer = int(lm.group(1))
    _slots(q.lower(), intent, frozenset(w.lower() for w in protected))
    if intent.kind in _PROBE_KINDS and full != q:
        # "Does any head act like an induction head? Score them on 150 sequences": a model
        # experiment's settings may be said in a sentence the request reading leaves out
        said = Intent(intent.kind)
        _slots(_spelt_numbers(full.lower()), said)
        for key in ("n_prompts", "metric", "ablation", "bootstrap", "alphas", "units", "layers"):
            if not getattr(intent, key) and getattr(said, key):
                setattr(intent, key, getattr(said, key))
    if intent.kind in ("discover", "causes") and full != q:
        # "Use FCI. A strict level, say one percent.": a discovery option said in a sentence of
        # its own, which the request reading leaves out
        said = Intent(intent.kind)
        _slots(_spelt_numbers(full.lower()), said)
        for key in ("alpha", "ci_test", "bootstrap", "algorithm"):
            if getattr(intent, key) is None and getattr(said, key) is not None:
                setattr(intent, key, getattr(said, key))
    if intent.kind in ("unknown", "effect") and not (intent.treatment or intent.outcome):
        asked = _ASKED_CHANNEL.search(full.lower())
        ends = asked and re.search(
            rf"\b(?:for|from|of)\s+(?:the\s+)?{_PH.format(name='t')}\s+(?:to|on|onto|into)\s+(?:the\s+)?"
            rf"{_PH.format(name='y')}{_STOP}",
            full.lower()[asked.end() :],
        )
        if ends:
            # "is the footfall the channel? I mean for the ads to the revenue": the mediator
            # asked, the effect's two ends said after it with "from/for X to Y"
            intent = _with_slots(
                Intent(
                    "effect",
                    treatment=_strip(ends.group("t")),
                    outcome=_strip(ends.group("y")),
                    mediator=_strip(asked.group("m")),
                ),
                full.lower(),
            )
    if intent.kind == "effect" and intent.followup and not intent.instrument:
        # "use credit_usd as the treatment and eitc as the instrument": a follow-up that names
        # two roles keeps both
        z, _ = _instrument(q.lower())
        if z and z not in (intent.treatment, intent.outcome, intent.other):
            intent.instrument = z
    if intent.kind == "effect" and full != q and not intent.instrument:
        # "The lottery slot is as good as random. IV estimate of X on Y": the instrument is
        # named in a sentence of its own
        z, zt = _instrument(full.lower())
        if z and z not in (intent.treatment, intent.outcome):
            intent.instrument = z
            if zt and (intent.treatment or "it") in ("it", "that", "this", "they", "them"):
                # "Z is an instrument for X. What does it do to Y?": the pointer is what Z
                # instruments
                intent.treatment = zt
    if intent.kind == "effect" and full != q:
        # "What's the return on ad spend for revenue? Keep location constant.": controls said
        # in a sentence of their own go with the request
        for c in _controls(full.lower()):
            if intent.controls and re.fullmatch(
                r"(?:(?:those|these|the)\s+)?(?:two|three|both)(?:\s+of\s+(?:them|those|these))?|"
                r"them(?:\s+both)?",
                c,
            ):
                continue  # "with those two held fixed": the pointer, read as its variables already
            if c not in intent.controls and c not in (
                intent.treatment,
                intent.outcome,
                intent.instrument,
                intent.mediator,
            ):
                intent.controls.append(c)
    if excluded and intent.kind == "effect":
        intent.excluded = excluded
    if intent.by and re.search(
        r"\b(?:among|for|between|across)\s+(?:the\s+|all\s+)?"
        + re.escape(intent.by)
        + r"\s+(?:with|"
        r"having|who\s+(?:have|has|had|share)|sharing|of)\s+(?:the\s+|a\s+)?(?:same|equal|identical|"
        r"similar|comparable|matching)\b",
        q.lower(),
    ):
        intent.by = None  # "among members with the same plan": the rows compared, held alike
    if intent.by and re.search(
        r"\blike[\s-]+for[\s-]+like\b[^.;?]*\b(?:by|on)\s+(?:the\s+)?" + re.escape(intent.by),
        q.lower(),
    ):
        intent.by = None  # "like-for-like stores by location": location is held alike
    if (
        intent.kind == "effect"
        and intent.focus == "confounding"
        and intent.by
        and not intent.controls
        and re.search(r"\bconfound\w*\b[^.;?]*\bby\s+(?:the\s+)?" + re.escape(intent.by), q.lower())
        and not re.search(
            r"\b(?:differ\w*|var(?:y|ies|ying)|split\w*|separate\w*|each|per|subgroups?|groups?|across|"
            r"within|among|levels?)\b",
            q.lower(),
        )
    ):
        # "a check of confounding for the effect of X on Y, by Z": the column the check is
        # "by" is the confounder it asks about, not a split of the estimate
        intent.controls.append(intent.by)
        intent.by = None
    if intent.kind in ("describe", "unknown", "help") and not intent.missing:
        # "Some applicants refused to state their income. How many rows are affected?": what is
        # missing may be said in a context sentence the request leaves out
        probe = Intent(intent.kind)
        _slots(_spelt_numbers(full.lower()), probe)
        if probe.missing:
            intent.kind, intent.missing = "describe", True
    if (
        intent.kind == "effect"
        and intent.followup
        and not intent.drop
        and (dropped := _dropped(full.lower()))
        and all(d.startswith("<") for d in dropped)
    ):
        # "forget the mediator. is it different for each insurance type?": a role removed in a
        # sentence of its own, beside the change the request asks for, is removed too
        intent.drop = dropped
        for role in ("mediator", "instrument", "by"):
            if f"<{role}>" in dropped:
                setattr(intent, role, None)
    if (
        intent.focus == "what_if"
        and intent.by
        and re.search(
            r"\b(?:on|for|in|across|at|to|into)\s+(?:all|every|each)\s+(?:of\s+)?(?:the\s+|our\s+)?"
            + re.escape(intent.by),
            q,
            re.I,
        )
    ):
        intent.by = None  # "put 15 more events in each city": whom the scenario covers, no split
    tail = _TRAILING_ROLE.search(full)
    if intent.kind == "effect" and intent.treatment and not intent.outcome and tail:
        # "does the new drug work differently by ward? recovery days": a bare noun phrase after
        # the question names the outcome it left out
        said = _strip(tail.group("y"))
        if said and said not in (intent.treatment, intent.by, intent.mediator):
            intent.outcome = said
    return intent


#: A bare noun phrase after a question ("...? recovery days", "...? final score."): the role the
#: question left unsaid (a word that opens a request or a courtesy is no such phrase).
_TRAILING_ROLE = re.compile(
    r"\?\s*[;,:]?\s*(?:(?:the|on|for|outcome|outcome\s+is|outcome:|y\s*[:=])\s+)?"
    r"(?P<y>(?!(?:and|or|but|so|what|how|why|which|who|whom|is|are|was|were|does|do|did|can|could|"
    r"would|will|should|please|pls|plz|thanks?|thx|cheers|ty|ok|okay|yes|no|just|also|maybe|"
    r"anyone|any|i|we|you|it|that|this|same|again|too|both|either|hmm|lol)\b)[a-z][\w'\-]*"
    r"(?:\s+[\w'\-]+){0,3})\s*[?.!]*\s*$",
    re.I,
)


#: A group asked about before the request ("for which kinds of route does a bus lane do the most
#: for punctuality?", "and for which plan does it work best?").
_FRONTED_GROUP = re.compile(
    r"^(?P<lead>(?:and|so|but|ok|okay|now)\s*,?\s+)?(?:for|in|among|with|at)\s+which\s+"
    r"(?:(?:kinds?|types?|sorts?|groups?|segments?|categor(?:y|ies))\s+of\s+(?:the\s+)?)?"
    # ("with which method did you ...": a method, no group)
    r"(?P<g>(?!(?:method|methods|estimator|estimators|technique|approach|algorithm|test)\b)[\w'\-]+"
    r"(?:\s+(?!does\b|do\b|did\b|is\b|are\b|would\b|will\b)[\w'\-]+)?)\s+"
    r"(?P<rest>(?:does|do|did|is|are|would|will)\s+.+?)\s*(?P<end>[?.!]*)$",
    re.I,
)
_DEPENDING = r"(?:depending|depends|dependent)\s+(?:on|upon|of|from)|according\s+to"
_DEPENDING_GROUP = (
    r"(?:the\s+|their\s+|its\s+|his\s+|her\s+)?(?P<g>(?!whether\b|if\b|what\b|which\b|how\b)"
    r"[\w'\-]+(?:\s+(?!and\b|or\b)[\w'\-]+)?)"
)
_DEPENDING_LEAD = re.compile(
    rf"^(?P<lead>(?:and|so|but|ok|okay|now)\s*,?\s+)?(?:{_DEPENDING})\s+{_DEPENDING_GROUP}\s*,\s*"
    r"(?P<rest>.+?)\s*(?P<end>[?.!]*)$",
    re.I,
)
_DEPENDING_TAIL = re.compile(
    r"(?:\s*,\s*|(?<=different)\s+|(?<=differently)\s+|(?<=differ)\s+|(?<=differs)\s+|(?<=vary)\s+|"
    rf"(?<=varies)\s+)(?:{_DEPENDING})\s+{_DEPENDING_GROUP}\s*(?P<end>[?.!]*)$",
    re.I,
)
_DEPENDING_MID = re.compile(
    rf"\s*,?\s*(?:{_DEPENDING})\s+(?:the\s+|their\s+|its\s+)?(?P<g>(?!whether\b|if\b|what\b|which\b|how\b)"
    r"[\w'\-]+(?:\s+(?!and\b|or\b|for\b|on\b|in\b)[\w'\-]+)?)(?=\s*,?\s+(?:for|on|in|regarding|when)\s)",
    re.I,
)
#: Superlatives of a fronted group's request ("does it work best", "do the most for Y").
_SUPERLATIVE = re.compile(
    r"\s+(?:the\s+)?(?:most|best|strongest|biggest|largest)\b(?:\s+(?=for\b))?|"
    r"\s+(?:the\s+)?(?:most|best)\s+good\b",
    re.I,
)


def _depending_split(q: str) -> str:
    """A split said as what the effect depends on, before or after the request, moved after it
    as "by G": "depending on the position, does the programme work differently?" -> "does the
    programme work differently, by position?" (also "..., depending on the site")."""
    d = _DEPENDING_LEAD.match(q.strip())
    if d:
        return f"{d.group('lead') or ''}{d.group('rest')}, by {d.group('g')}{d.group('end') or '?'}"
    q = _DEPENDING_TAIL.sub(r", by \g<g>\g<end>", q)
    # "works differently depending on the ward for the recovery": the split said in the middle
    mid = _DEPENDING_MID.search(q)
    if mid:
        end = re.search(r"\s*[?.!]*\s*$", q)
        rest = q[: mid.start()] + q[mid.end() : end.start()]
        return f"{rest}, by {mid.group('g')}{end.group(0).strip() or '?'}"
    return q


def _fronted_group(q: str) -> str:
    """A group asked about before the request, moved after it as a split: "for which kinds of
    route does a bus lane do the most for punctuality?" -> "does a bus lane help punctuality,
    by route?" (the request itself is then read like any other)."""
    m = _FRONTED_GROUP.match(q.strip())
    if not m:
        return q
    rest = re.sub(
        r"\b(do|does|did)\s+(?:the\s+)?(?:most|more)\s+(?:good\s+)?for\b", "help", m.group("rest")
    )
    rest = re.sub(
        r"\b(do|does|did)\s+(\S+(?:\s+\S+)?)\s+do\s+(?:the\s+)?(?:most|more)\s+(?:good\s+)?for\b",
        r"\1 \2 help",
        rest,
    )
    rest = _SUPERLATIVE.sub("", rest)
    return f"{m.group('lead') or ''}{rest}, by {m.group('g')}{m.group('end') or '?'}"


_WITH = (
    r"(?:with|on|having|using|that\s+(?:have|has|had|use|used|got|get)|who\s+(?:have|has|had|use|used|got|"
    r"get))\s+(?:the\s+|a\s+|an\s+)?"
)
_REST = (
    r"(?:the\s+rest|the\s+others|(?:all\s+)?(?:the\s+)?other\s+[\w'\-]+|everyone\s+else|everybody\s+else|"
    r"(?:those|the\s+ones|[\w'\-]+)\s+without(?:\s+(?:it|one|them|any))?)"
)
#: A gap between the units with a treatment and the rest ("the raw revenue gap between stores
#: with the loyalty app and the rest", "the difference in churn between customers with and
#: without 5G"): the groups are the treatment's, the gap's noun is the outcome.
_GAP_BETWEEN = re.compile(
    r"\b(?P<adj>(?:raw|naive|crude|unadjusted|observed|simple|headline)\s+)?"
    r"(?:(?P<y>(?!(?:the|a|an|this|that|its|their|raw|naive|crude|unadjusted|observed)\b)[\w'\-]+"
    r"(?:\s+[\w'\-]+)?)\s+(?:gap|difference|differential)|(?:gap|difference|"
    r"differential)\s+in\s+(?:the\s+)?(?P<y2>[\w'\-]+(?:\s+[\w'\-]+)?))\s+between\s+(?:the\s+)?"
    r"(?:[\w'\-]+\s+)?(?:"
    rf"{_WITH}(?P<t>[\w'\-]+(?:\s+[\w'\-]+){{0,2}}?)\s+and\s+{_REST}|"
    r"(?:with|having)\s+and\s+without\s+(?:the\s+|a\s+|an\s+)?(?P<t2>[\w'\-]+(?:\s+[\w'\-]+){0,2}?)"
    r"(?=\s*(?:[?.!,;:]|$|\s+(?:is|are|was|were|real|misleading|causal|confounded|just|due|because)\b))|"
    # "the violations gap between chains and the rest": the group is the treatment's
    rf"(?P<t3>(?!(?:those|the|these|people|units|ones)\b)[\w'\-]+(?:\s+[\w'\-]+)?)\s+and\s+{_REST})",
    re.I,
)


def _gap_between_groups(q: str) -> str:
    """A gap between the treated units and the rest said as the treatment's gap in the outcome:
    "the raw revenue gap between stores with the loyalty app and the rest" -> "the raw effect
    of loyalty app on revenue" (read like any effect)."""

    def one(m: re.Match[str]) -> str:
        y = m.group("y") or m.group("y2")
        if re.fullmatch(r"(?:the|a|an|this|that|big|huge|large|small)", y, re.I):
            return m.group(0)
        t = m.group("t") or m.group("t2") or m.group("t3")
        return f"{m.group('adj') or ''}effect of {t} on {y}"

    return _GAP_BETWEEN.sub(one, q)


def _apposition(it: Intent, ql: str) -> None:
    """A role said by a generic noun and then named ("the top driver, hrv_ms, ..."): the
    apposition names the column. So does a closing parenthesis after a long description of
    the outcome ("... keeping guys off the treatment table (days out)?")."""
    pm = re.search(
        r"\((?:on\s+|for\s+|i\.e\.\s*|=\s*)?(?:the\s+)?(?P<y>[\w .'\-/]+)\)\s*[?.!]*$", ql
    )
    if (
        pm
        and it.kind == "effect"
        and (it.outcome is None or len(it.outcome.split()) >= 3)
        and not (_find(METHODS, pm.group("y")) or _find(ALGORITHMS, pm.group("y")))
    ):
        it.outcome = pm.group("y").strip()
    for role in ("treatment", "outcome"):
        phrase = getattr(it, role)
        if not phrase or not re.search(
            r"\b(?:driver|factor|cause|variable|one|predictor|candidate|culprit)s?\b", phrase
        ):
            continue
        am = re.search(
            rf"\b{re.escape(phrase)}\s*,\s*(?:i\.e\.\s*|namely\s+)?(?P<a>[\w\-]+(?:\s+[\w\-]+)?)\s*,",
            ql,
        )
        if am:
            setattr(it, role, am.group("a"))


def _number(text: str) -> float | None:
    t = text.strip().rstrip("%")
    try:
        v = float(t)
    except ValueError:
        return None
    return v / 100.0 if text.strip().endswith("%") else v


_UNITS_WORDS = {
    "one": 1,
    "a": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twenty": 20,
    "fifty": 50,
}
_SPELT_NUMBER = re.compile(
    r"\b(?P<u>" + "|".join(_UNITS_WORDS) + r")(?:\s+|-)(?P<m>hundred|thousand)\b|"
    r"\b(?P<p>"
    + "|".join(w for w in _UNITS_WORDS if w != "a")
    + r")(?=\s+(?:percent|per\s+cent)\b)"
)


def _spelt_numbers(ql: str) -> str:
    """Options' sizes written in words as digits: "a thousand resamples" -> "1000 resamples",
    "one percent" -> "1 percent" (then read as 1%)."""

    def digits(m: re.Match[str]) -> str:
        if m.group("p"):
            return str(_UNITS_WORDS[m.group("p")])
        return str(_UNITS_WORDS[m.group("u")] * (100 if m.group("m") == "hundred" else 1000))

    ql = _SPELT_NUMBER.sub(digits, ql)
    return re.sub(r"\b(\d+(?:\.\d+)?)\s*(?:percent|per\s+cent)\b", r"\1%", ql)


def _slots(ql: str, it: Intent, protected: frozenset[str] = frozenset()) -> None:
    """Method, algorithm, test and numeric slots, wherever the question names them; names of
    things that do not exist here go to `it.unused`."""
    ql = _spelt_numbers(ql)
    m = re.search(
        r"\b(?:alpha|significance(?:\s+le?ve?l\w*)?|level\s+of\s+significance|p[\s-]*value\s+"
        r"(?:threshold|cut[\s-]*off|cutoff)|threshold)\s*(?:=|:|of|at|to|is|<|<=)?\s*"
        r"(?P<a>\d+(?:\.\d+)?e-\d+|\d*\.\d+|\d+(?:\.\d+)?\s*%|\d+\b)",
        ql,
    ) or re.search(
        r"\b(?:at\s+(?:the\s+|a\s+)?)?(?P<a>\d+(?:\.\d+)?\s*%)\s+(?:(?:significance|alpha)(?:\s+level)?|level)\b",
        ql,
    )
    m = m or re.search(r"\bp\s*<\s*(?P<a>0?\.\d+)", ql)
    # "a=.01": the level written as its symbol's initial
    m = m or re.search(r"(?<![\w.])a\s*=\s*(?P<a>0?\.\d+)(?![\d.])", ql)
    if m is None and it.kind in ("discover", "causes"):
        # "fisherz @ 1%": a level after a test or an algorithm, written with "@"
        m = re.search(r"(?:^|\s)@\s*(?P<a>\d+(?:\.\d+)?\s*%|0?\.\d+)(?![\d.])", ql)
    if m is None and it.kind in ("discover", "causes"):
        # "pc-stable fisher z 10%", "kci 1%": in a discovery a small percent can only be the level
        # ("defect rates went up 15% last quarter": a change, not a level)
        changes = re.sub(
            r"\b(?:went|gone|goes|go|rose|risen|rises|fell|fallen|falls|grew|grown|jumped|dropped|"
            r"climbed|increased|decreased|declined|slipped|up|down)\s+(?:by\s+)?(?:about\s+|around\s+|"
            r"roughly\s+|nearly\s+|almost\s+|over\s+)?\d+(?:\.\d+)?\s*%",
            " ",
            ql,
        )
        # (in a question of several sentences, only in a sentence that speaks of the analysis:
        # "churn has crept up to around 12%. ... what's driving customers to leave?" tells a
        # figure of the data, not a level)
        sentences = re.split(r"(?<=[.!?;])\s+", changes)
        if len(sentences) > 1:
            changes = " ".join(
                s
                for s in sentences
                if re.search(
                    r"\b(?:graph|dag|discover\w*|structure|causal|causes?|driv\w*|drivers?|"
                    r"significan\w*|level|strict\w*|conservative|lenient|loose|test|algorithm|"
                    r"search|run|use|using|with|at|edges?|arrows?|links?)\b",
                    s,
                )
                or _find(lexicon.CI_TESTS, s)
                or _find(ALGORITHMS, s)
            )
        pct = re.findall(
            r"(?<![\w.])(\d{1,2}(?:\.\d+)?)\s*%(?!\s*(?:of|more|less|fewer|higher|lower|increase|"
            r"decrease|rise|drop|cut|missing|sample|subsample|confidence|ci\b|interval))",
            changes,
        )
        if len(pct) == 1 and 0 < float(pct[0]) <= 20:
            m = re.search(r"(?P<a>" + re.escape(pct[0]) + r"\s*%)", ql)
        # "fci squad gsq .1": a lone small decimal, likewise
        # (also glued to the test's name: "gsq.1")
        dec = re.findall(r"(?<![\d.])(0?\.\d+)(?![\d.%])", ql)
        if m is None and len(dec) == 1 and 0 < float(dec[0]) <= 0.2:
            m = re.search(r"(?<![\d.])(?P<a>" + re.escape(dec[0]) + r")(?![\d.%])", ql)
    if m:
        it.alpha = _number(m.group("a"))
    m = re.search(
        r"\b(?P<n>\d+)\s+(?:bootstrap(?:ped)?\s*)?(?:samples|resamples|replicates|replications|"
        r"runs|draws|iterations|bootstraps|boots|boot|reps|repetitions|times)\b(?:[\w\s]{0,20}bootstrap)?|"
        # ("bootstrap 200x", "200x bootstrapped": a count written as a multiple)
        r"\bbootstrap\w*,?\s+(?:with\s+|of\s+|=\s*|:\s*|n\s*=\s*|(?:like|say|about|around|maybe|just)\s+)?(?P<n2>\d+)(?:\s*[x\u00d7]\b|\b)|"
        r"\b(?P<n3>\d+)(?:\s*[x\u00d7])?\s+(?:bootstrap\w*|resampl\w*)|\bn[\s_]*boot\w*\s*(?:=|:|of)?\s*(?P<n4>\d+)|"
        # "B=200": the usual symbol for the number of bootstrap replications
        r"(?<![\w.])b\s*=\s*(?P<n5>\d+)\b",
        ql,
    )
    if m and ("boot" in ql or "resampl" in ql or m.group("n5")):
        it.bootstrap = int(
            m.group("n") or m.group("n2") or m.group("n3") or m.group("n4") or m.group("n5")
        )
    elif re.search(r"\bbootstrap\w*\b|\bedge\s+(?:confidence|stability)|\bhow\s+stable\b", ql):
        it.bootstrap = -1  # asked for, no number given: the planner picks the default
    m = re.search(
        r"\b(?P<c>\d{2}(?:\.\d+)?)\s*%\s*(?:confidence|ci\b|intervals?|credible)", ql
    ) or re.search(r"\bconfidence(?:\s+level)?\s*(?:of|=|:|at)?\s*(?P<c>0?\.\d+|\d{2}\s*%)", ql)
    if m:
        c = float(m.group("c").rstrip("% "))
        it.confidence = c / 100 if c > 1 else c
    test = _find(lexicon.CI_TESTS, ql)
    if test:
        it.ci_test = test
    else:
        bad = _find(lexicon.UNAVAILABLE_CI_TESTS, ql)
        named = re.search(
            r"\b(?:the\s+|an?\s+|with\s+|using\s+)(?P<w>(?:(?!(?:the|an?|with|using)\b)[a-z][\w\-]*\s+)?[\w\-]+)\s+(?:ci\s+|independence\s+)?test\b",
            ql,
        )
        # ("the hoeffding ci test": the kind of test said after its name is no part of the name)
        w = re.sub(r"(?<=\S)\s+(?:ci|independence)$", "", named.group("w")) if named else ""
        if bad:
            it.unused.append(
                f"the {bad} test: no such independence test here (available: "
                + ", ".join(dict.fromkeys(lexicon.CI_TESTS.values()))
                + ")"
            )
        elif named and w.split()[-1] not in (
            "refutation",
            "placebo",
            "robustness",
            "sensitivity",
            "independence",
            "the",
            "a",
            "statistical",
            "significance",
            "causal",
            "this",
            "that",
            "same",
            "default",
            "ci",
        ):
            it.unused.append(
                f"the {w} test: no such independence test here (available: "
                + ", ".join(dict.fromkeys(lexicon.CI_TESTS.values()))
                + ")"
            )
    # a variant of a known name that does not exist here ("LiNGAM-X", "PC-2"): said, not run
    vm = re.search(
        r"\b(?P<w>(?:direct[\s_-]*|ica[\s_-]*)?(?:lingam|pc|fci|ges|grasp|boss|cd[\s-]*nod|pcmci)-[a-z0-9]+)\b",
        ql,
    )
    variant = vm.group("w") if vm else None
    if variant and any(re.fullmatch(p, variant) for p in ALGORITHMS):
        variant = None  # "pc-stable" is a name of its own
    if variant and it.kind in ("discover", "causes"):
        it.algorithm = _find(ALGORITHMS, ql.replace(variant, " "))
        it.unused.append(
            f"{variant}: not a discovery algorithm of this installation (available: "
            + ", ".join(dict.fromkeys(ALGORITHMS.values()))
            + ("; used auto)" if it.algorithm is None else ")")
        )
    if it.algorithm is None and not variant:
        it.algorithm = _find(ALGORITHMS, ql) if it.kind in ("discover", "causes") else None
    bad_algo = _find(lexicon.UNAVAILABLE_ALGORITHMS, ql)
    if bad_algo:
        it.unused.append(
            f"{bad_algo}: not a discovery algorithm of this installation (available: "
            + ", ".join(dict.fromkeys(ALGORITHMS.values()))
            + ")"
        )
    # "regression discontinuity" names no regression, "coarsened exact matching" no matching
    without_bad = ql
    for pat in lexicon.UNAVAILABLE_METHODS:
        without_bad = re.sub(pat, " ", without_bad)
    # "a DML estimate rather than plain regression": an estimator declined is not asked for
    declined = re.sub(
        # ("she doesn't trust a regression for a yes/no outcome")
        r"\b(?:rather\s+than|as\s+opposed\s+to|(?:do|does|did)(?:\s+not|n'?t)\s+(?:trust|like|"
        r"believe\s+in|buy|want)|(?:distrust\w*|(?:sceptical|skeptical|wary|suspicious)\s+of))\s*,?\s+"
        r"(?:an?\s+|the\s+|(?:plain|simple|ordinary|standard|naive|"
        r"basic|just|usual)\s+)*(?:" + "|".join(METHODS) + r")\b",
        " ",
        without_bad,
    )
    if _find_all(METHODS, declined):
        without_bad = declined
    # "last time matching looked off, so not that one; go with weighting instead": an estimator
    # said with a verdict against it (or after "not", "avoid", "skip") is not asked for either
    judged = _JUDGED_METHOD.sub(
        lambda m: m.group(0).replace(m.group("m") or m.group("m2"), " "), without_bad
    )
    without_bad = judged
    named = _find_all(METHODS, without_bad)
    if not named and re.search(lexicon.BARE_PROPENSITY, without_bad):
        named = ["weighting"]  # "with propensity scores": the planner says how it read them
    if (
        "matching" in named
        and "match" in protected
        and not re.search(r"\bmatching\b|\bpsm\b|propensity", ql)
    ):
        named.remove("matching")  # "match minutes" names a column (match_mins), not a method
    bad_method = _find(lexicon.UNAVAILABLE_METHODS, ql)
    if bad_method:
        said = next(
            (m.group(0) for p in lexicon.UNAVAILABLE_METHODS if (m := re.search(p, ql))), bad_method
        )
        if said.lower() != bad_method.lower():
            bad_method = f"{said} ({bad_method})"  # the user's own words first
        it.unused.append(
            f"{bad_method}: not an estimation method of this installation (available: "
            + ", ".join(dict.fromkeys(METHODS.values()))
            + ")"
        )
    if it.kind == "effect":
        it.methods = _method_comparison(ql, named)
        if it.methods:
            it.method = None
        elif it.method is None and named and not (it.instrument and named == ["linear_regression"]):
            it.method = named[0]
            if len(named) > 1:
                # "I'd prefer a doubly robust approach, so please use DML": of two names, the
                # one asked for with a verb of choosing is the method
                chosen = [
                    n
                    for n in named
                    if any(
                        re.search(
                            # ("she used a plain regression, but I trust IPW more")
                            r"\b(?:use|using|run|apply|go\s+with|opt\s+for|stick\s+(?:to|with)|"
                            r"(?<!n't\s)(?<!not\s)trust)\s+"
                            rf"(?:a\s+|an\s+|the\s+)?(?:{p})",
                            without_bad,
                        )
                        for p, name in METHODS.items()
                        if name == n
                    )
                ]
                if len(chosen) == 1:
                    it.method = chosen[0]
    if it.kind == "effect" and not named and not bad_method:
        m = re.search(
            r"\b(?:using|use|with|via|by|through)\s+(?:a\s+|an\s+|the\s+)?(?P<w>[\w\-]+(?:\s+[\w\-]+){0,2}?)\s+"
            r"(?P<k>forest|forests|trees?|boosting|ensembles?|classifiers?|method|estimator|approach|learner|model|regression|matching|weighting|algorithm|estimation|network|networks|technique|procedure|"
            r"lasso|ridge|regressors?|svms?|splines?|processes|process|machines?)\b",
            ql,
        )
        if m and not re.match(
            r"(?:default|same|other|best|this|that|auto|automatic|usual|standard)\b", m.group("w")
        ):
            phrase = f"{m.group('w')} {m.group('k')}"
            it.unused.append(
                f"{phrase}: not an estimation method of this installation (available: "
                + ", ".join(dict.fromkeys(METHODS.values()))
                + "; used auto)"
            )
    # "..., shrinkage 0.3", "..., set the wexler trim to 0.2": a setting by a name that no
    # option of the estimate has (the options' own words are read elsewhere)
    opt = re.search(
        r"[,;]\s*(?:and\s+)?(?:with\s+(?:a\s+|the\s+)?|set\s+(?:the\s+)?|use\s+(?:a\s+|the\s+)?)?"
        r"(?P<w>[a-z][a-z_\-]{3,})(?:\s+(?:param(?:eter)?|setting|value|factor))?\s*(?:=|:|\s+(?:of|to|at)\s+|\s+)"
        r"(?P<v>\d*\.?\d+)\s*(?:pls|please|thanks)?\s*[?.!]*$",
        ql,
    )
    if (
        opt
        and it.kind == "effect"
        and it.focus is None
        and opt.group("w") not in _OPTION_WORDS
        and not _find(METHODS, opt.group("w"))
    ):
        it.unused.append(
            f"{opt.group('w')} {opt.group('v')}: not an option of the effect estimate here (its "
            "options are the method, controls, an instrument, a mediator, a subgroup, the "
            "bootstrap count and the refutations)"
        )
    se = re.search(lexicon.STANDARD_ERRORS, ql)
    if se and it.kind == "effect":
        it.unused.append(
            f"{se.group(0)}: no choice of standard errors here (the interval comes from the "
            "estimator, or its bootstrap for the methods that need one)"
        )
    if it.kind == "effect" and not named and not bad_method and not it.unused and not it.methods:
        m = re.search(
            r"\b(?:using|via|with|through)\s+(?:an?\s+|the\s+|some\s+)?(?P<w>[a-z][\w\-]*(?:\s+[a-z][\w\-]*){0,3})\s*[?.!]*$",
            ql,
        )
        if m and not re.search(
            r"\b(?:controls?|covariates?|confounders?|instruments?|ivs?|mediators?|bootstrap\w*|alpha|"
            # ("don't bother with the robustness checks": the checks, not an estimator)
            r"robustness|sanity|sensitivity|checks?|tests?|"
            r"confidence|graph|dag|refut\w*|placebo|default|defaults|auto|same|data|dataset|table|"
            r"file|it|them|this|that|everything|all|adjust\w*|interval|draws|resamples|seed|"
            # ("if they stayed two years longer with us": people, not an estimator)
            r"us|me|you|him|her|we|our|my|your|their|company|firm|team|"
            r"subgroups?|groups?)\b|\d",
            m.group("w"),
        ):
            it.maybe_method = m.group("w")
    if it.kind in ("discover", "causes") and not it.algorithm and not bad_algo and not variant:
        m = re.search(
            r"\b(?:using|use|with|run|apply)\s+(?:the\s+)?(?P<w>[\w\-]+)\s+(?:algorithm|search|method)\b",
            ql,
        )
        if m and m.group("w") not in (
            # ("use an algorithm that allows for hidden causes": an article, not a name)
            "a",
            "an",
            "another",
            "some",
            "any",
            "one",
            "other",
            "different",
            "suitable",
            "default",
            "same",
            "auto",
            "best",
            "usual",
            "standard",
            "discovery",
        ):
            it.unused.append(
                f"{m.group('w')}: not a discovery algorithm of this installation (available: "
                + ", ".join(dict.fromkeys(ALGORITHMS.values()))
                + "; used auto)"
            )
    lm = re.search(
        r"\blayers?\s+(\d+(?:\s*(?:,|and|&|\+|to|-)\s*(?:layers?\s*)?\d+)*)", ql
    ) or re.search(r"\bl(\d+)\b", ql)
    if lm and it.kind == "probe":
        nums = [int(x) for x in re.findall(r"\d+", lm.group(1))]
        if re.search(r"\d\s*(?:to|-)\s*\d", lm.group(1)) and len(nums) == 2:
            nums = list(range(nums[0], nums[1] + 1))
        it.layers = nums
    it.n_prompts = _int(
        r"\b(\d+)\s+(?:(?:random|repeated|clean(?:\s*/\s*corrupt(?:ed)?)?|corrupted|prompt|input|test|"
        r"natural|synthetic)\s+){0,2}"
        r"(?:prompts?|sequences|seqs?|examples|pairs)\b",
        ql,
    ) or _int(
        # "more prompts, 256": the number after the word (not a bootstrap count that follows)
        r"\bprompts?\s*(?:[=:,]\s*|of\s+)?(\d+)\b(?!\s*(?:%|percent|\.\d|boot\w*|resampl\w*|draws|samples))",
        ql,
    )
    if _REFUTE_OFF.search(ql):
        it.refute = False
    em = _ADJUST_EXCEPT.search(ql)
    if em:
        # "controlling for everything except footfall and basket size": every other column
        # but those is a control (the except list is no list of controls)
        z = re.split(
            r"\s+(?:in|into|as)\s+(?:the\s+)?(?:controls?|covariates?|adjustment|model)\b",
            em.group("z"),
        )[0]
        it.adjust_except = [
            p
            for p in _split_list(z)
            if not re.match(r"(?:tell|show|give|let|then|what|how|and)\b", p)
        ]
        it.controls = [
            c
            for c in it.controls
            if c not in it.adjust_except
            and "except" not in c
            and not re.match(r"(?:tell|show|give|let)\b", c)
        ]
    elif _ADJUST_ALL.search(ql):
        it.adjust_all = True
    am = re.search(
        r"\b(?:alphas?|strengths?|coefficients?|scales?|stronger|weaker)\s*(?:=|:|of|at)?\s*\[?\s*(?P<l>[-+]?\d*\.?\d+"
        r"(?:\s*(?:,|and|&|/)\s*(?:and\s+)?[-+]?\d*\.?\d+|\s+[-+]?\d*\.?\d+(?!\s*(?:prompts?|pairs|samples)\b))*)",
        ql,
    )
    if am and it.kind == "steer":
        it.alphas = [float(x) for x in re.findall(r"[-+]?\d*\.?\d+", am.group("l"))]
        it.alpha = None
    pm = re.search(
        r"\b(?:at|from|on)\s+(?:the\s+)?(?:token\s+)?(?:position|pos\.?|index)\s*(?:=|:)?\s*(?P<p>-?\d+)\b|"
        r"\b(?:at|from|on)\s+(?:the\s+)?(?P<w>first|final|last)\s+(?:token|position)\b|"
        # "position=2": the argument typed as code
        r"\bposition\s*[=:]?\s*(?P<p2>-?\d+)\b",
        ql,
    )
    if pm and it.kind == "steer":
        # the position whose activations define the steering direction
        p = pm.group("p") or pm.group("p2")
        p = p if p is not None else {"first": "0"}.get(pm.group("w"))
        it.position = p  # "last" is the tool's default: nothing to pass
    it.ablation = _ablation(ql)
    it.metric = _find(lexicon.METRICS, ql)
    both = r"(?:\bresid\w*|\bresidual\s+stream)\s*(?:\+|&|,|and)\s*(?:the\s+)?heads\b|\bheads\s*(?:\+|&|,|and)\s*(?:the\s+)?(?:resid\w*|residual\s+stream)"
    if it.kind == "patch" and re.search(both, ql):
        it.units = ["resid", "heads"]  # "resid+heads", "the residual stream and heads"
    elif re.search(r"\bresid\w*|\bresidual\s+stream\b", ql) and not re.search(r"\bheads?\b", ql):
        it.units = ["resid"]
    elif (
        # "every head's output", "the head outputs (hook_z)": the heads are the units
        re.search(r"\b(?:only\s+)?(?:the\s+)?heads\b|\bheads?(?:'s|s')?\s+outputs?\b", ql)
        and it.kind == "patch"
        and "resid" not in ql
    ):
        it.units = ["heads"]
    said_units = re.search(
        r"\bunits?\s*(?:[=:]\s*|\s)\[?\s*['\"]?(inputs|positions|heads|resid)\w*", ql
    )
    if it.kind == "patch" and said_units and said_units.group(1) in ("inputs", "positions"):
        it.units = [said_units.group(1)]  # "units=inputs": the tool's argument typed as code
    elif it.kind == "patch" and re.search(
        r"\b(?:per|each|every|by|at\s+each|across|for\s+each|over)\s+(?:the\s+)?(?:token\s+)?positions?\b|"
        # "per-token patching", "token by token"
        r"\bper[\s-]+token\b|\btoken[\s-]+by[\s-]+token\b|\bby\s+tokens?$|"
        r"\bposition[\s-]+(?:by|wise|level)\b|\bpositions?\s+only\b|\bonly\s+(?:the\s+)?positions?\b|"
        # "which positions matter for copy?": the positions are the units asked about
        r"\b(?:which|what)\s+(?:token\s+)?positions?\b|\bpositional\b",
        ql,
    ):
        it.units = ["positions"]
    elif it.kind == "patch" and re.search(
        r"\bhead\s+inputs\b|\bq\s*/\s*k\s*/\s*v\b|\bqueries,?\s+keys\b|\bq,\s*k\s*(?:,|and)\s*v\b",
        ql,
    ):
        it.units = ["inputs"]
    if (
        it.kind == "patch"
        and not it.units
        and (lm := re.search(r"\blayers?\s*(?P<n>\d+)\b", ql))
        and not re.search(r"\bheads?\b|\bl\d+h\d+\b", ql)
    ):
        # "patch layer 0 from the clean run": a layer's activations are its residual stream,
        # patched at every layer (the one said among them)
        it.units = ["resid"]
        it.unused.append(
            f"layer {lm.group('n')} alone: activation patching patches the residual stream at "
            "every layer, and the result shows each layer's share"
        )
    if it.kind == "patch" and re.search(r"\bmlps?\b", ql):
        it.unused.append(
            "MLP units: activation patching here patches heads, the residual stream, head inputs "
            "or positions"
        )
    if (
        _MISSING_WORDS.search(ql)
        or re.search(
            r"\bmissing\b(?!\s+(?:more|fewer|less)\b)(?!\s+(?:that\s+(?:the|a|an|some|most|many|there|(?:[\w'\-]+\s+){1,3}(?:are|is|were|was|get|gets|got|do|does|did|have|has|had)\b)|the\s+point\b|something\b|out\s+on\b))|\bnas?\b|\bn/a\b|\bnans?\b|\bnulls?\b|\bna\s+values\b|\bincomplete\b|\bblanks?\b|\bgaps?\s+in\b|"
            r"\bempty\s+(?:[\w-]+\s+){0,2}(?:cells?|values?|fields?|entries|rows)\b|"
            # "how many patients have no HbA1c value", "rows without a reading", "how complete is it"
            r"\b(?:have|has|had|with|without|lacks?|lacking)\s+(?:no|an?|any)?\s*(?:[\w-]+\s+){0,3}?(?:values?|entry|entries|"
            r"readings?|measurements?|records?)\b|\bhow\s+complete\b|\bcompleteness\b|"
            r"\b(?:refused|declined|failed|forgot|did\s+not|didn'?t)\s+to\s+(?:state|give|report|answer|"
            r"provide|fill\s+in)\b|"
            # "the data coverage for the audit score", "some stations never got a rating"
            r"\b(?:data\s+)?coverage\b|\bnever\s+(?:got|had|received|gave|recorded|filled\s+in)\s+"
            r"(?:an?\s+|any\s+|their\s+|its\s+)?[\w-]+",
            ql,
        )
    ) and (
        it.kind in ("describe", "unknown", "help")
        # "check which fields of the accounts table are incomplete": roles read from the words
        # for a table's parts and for being missing name no variable
        or (
            it.kind == "effect"
            and any(
                re.fullmatch(
                    r"(?:the\s+)?(?:fields?|columns?|variables?|rows?|records?|entries|values?|cells?|"
                    r"data|table)(?:\s+(?:of|in)\s+.*)?|(?:incomplete|missing|empty|blank|null)",
                    p or "",
                )
                for p in (it.treatment, it.outcome)
            )
        )
    ):
        it.kind, it.missing = "describe", True
        it.treatment = it.outcome = None


_REFUTE_OFF = re.compile(
    r"\b(?:no|without|skip\w*|turn\w*\s+off|disabl\w*|drop|omit\w*|leave\s+out|switch\w*\s+off|"
    r"(?:don'?t|do\s+not)\s+(?:run|do|make|perform|use|include|compute|need|want|bother\s+with)(?:\s+to\s+(?:run|do|make|perform|use))?|"
    r"no\s+need\s+(?:for|to\s+(?:run|do|make|perform)))\s+"
    # "without to do the refutations", "skip running the placebo"
    r"(?:(?:to\s+)?(?:do|doing|run|running|make|making|perform\w*)\s+)?(?:the\s+|any\s+)?"
    r"(?:refut\w*|robustness\s+(?:checks?|tests?|stuff|bits?|part)|placebo\w*|sensitivity\s+(?:checks?|tests?|analys\w+|stuff)|"
    r"sanity\s+(?:checks?|tests?))"
)
_ADJUST_EXCEPT = re.compile(
    r"\b(?:adjust\w*|control\w*|condition\w*|account\w*|hold\w*|throw\w*|put\w*|includ\w*)\s+(?:for|on|in)?\s*(?:everything|"
    r"all\s+(?:the\s+)?(?:other\s+)?(?:columns|variables|covariates|measured\s+\w+)|every\s+(?:other\s+)?"
    r"(?:column|variable|covariate)|all\s+else)(?:\s+else)?(?:\s+constant|\s+fixed)?\s*,?\s*(?:except(?:\s+for)?|"
    r"but(?!\s+(?:is|are|does|do|what|how)\b)|other\s+than|apart\s+from|besides|excluding|save\s+for|"
    r"bar|minus|leaving\s+out|not)\s+(?:the\s+)?(?P<z>[\w ,'&+\-/]+?)" + _SLOT_END
)
_ADJUST_ALL = re.compile(
    # (the cleaning drops the "on" of "conditioning on")
    r"\b(?:adjust\w*|control\w*|condition\w*|account\w*)\s+(?:(?:for|on)\s+)?(?:everything(?:\s+else)?|"
    r"all\s+(?:the\s+)?(?:other\s+)?(?:columns|variables|covariates|measured\s+\w+)|"
    r"every\s+other\s+(?:(?:measured|observed|available|recorded)\s+)?(?:column|variable|covariate|"
    r"feature|confounder)|all\s+else|the\s+rest|all\s+of\s+them)\b"
)


def _score_named(ql: str) -> str | None:
    """The head score a question asks for: where it names several ("the induction circuit ...
    the previous-token score"), the one said as a score or a kind of head, else the last."""
    hits: list[tuple[int, bool, str]] = []
    for pat, name in SCORES.items():
        for m in re.finditer(rf"\b(?:{pat})\b" if not pat.startswith(r"\b") else pat, ql):
            said = bool(re.match(r"[\s-]*(?:scores?|heads?)\b", ql[m.end() :]))
            hits.append((m.start(), said, name))
    if len({n for _, _, n in hits}) <= 1:
        return hits[0][2] if hits else None
    if {n for _, _, n in hits} == {"gate", "gate_below_0_1"}:
        return "gate_below_0_1"  # "gate scores, heads w/ gate < .1": the threshold refines it
    said = [h for h in hits if h[1]]
    return max(said or hits)[2]


def _ablation(ql: str) -> str | None:
    """The ablation method a question names ("1000 bootstrap resamples" is none)."""
    return _find(lexicon.ABLATIONS, re.sub(r"\b(?:\d+\s+|bootstrap\w*\s+)resampl\w*", " ", ql))


def _int(pattern: str, text: str) -> int | None:
    m = re.search(pattern, text)
    return int(m.group(1)) if m else None


_HEAD = r"(?:l(?:ayer)?\s*(\d+)\s*(?:[.:/,]|\s*,?\s*h(?:ead)?\s*)\s*(\d+)|(\d+)\s*[.:/]\s*(\d+))"


def _heads_named(ql: str) -> list[str]:
    """Heads a question names after an ablation verb: "1.3", "L0H2", "layer 1 head 0"."""
    m = re.search(
        r"\b(?:ablat\w*|knock(?:ing)?\s+out|zero(?:ing|es)?(?:[\s-]*out)?|remov[a-z]*|disabl\w*)\b(?P<rest>.*)",
        ql,
    )
    if not m:
        # "how important is head 0.0 for copying": a head named with the word "head" asks about
        # that head, with or without an ablation verb
        named = re.search(r"\bheads?\s+(?P<rest>" + _HEAD + r".*)", ql) or re.search(
            # "does head 1 of layer 1 matter for recall": the head with its layer after it
            r"(?P<rest>\bhead\s*(?:number\s+|no\.?\s*|#\s*)?\d+\s+(?:in|of|from)\s+(?:the\s+)?layer\s*\d+.*)",
            ql,
        )
        if not named:
            return []
        m = named
    # the numbers of a path ("~/ckpts/qwen3-0.6b") or a file name name no head
    ql = re.sub(r"(?:~|\.{1,2})?/?[\w.\-]*/[\w./\-]*|~[\w./\-]*", " ", ql)
    rest = re.sub(r"(?:~|\.{1,2})?/?[\w.\-]*/[\w./\-]*|~[\w./\-]*", " ", m.group("rest"))
    if not re.search(_HEAD, rest) and (
        re.search(r"\bablat\w*", ql)
        # "head 1.0 - knock it out": a pronoun after the verb points back to the head
        or re.match(r"\s*(?:it|them|both|those|these|that\s+one)\b", rest)
    ):
        rest = ql  # "L0H1 ablation": the head is named before the word
    out = []
    for h in re.finditer(_HEAD, rest):
        a, b = (h.group(1), h.group(2)) if h.group(1) is not None else (h.group(3), h.group(4))
        out.append(f"{int(a)}.{int(b)}")
    for h in re.finditer(
        r"\bhead\s*(?:number\s+|no\.?\s*|#\s*)?(\d+)\s+(?:in|of|from)\s+(?:the\s+)?layer\s*(\d+)",
        rest,
    ):
        out.append(f"{int(h.group(2))}.{int(h.group(1))}")
    return list(dict.fromkeys(out))


#: Other verbs for ablating heads ("lesion head 0.3", "kill L1H1", "switch off layer 0's
#: heads"), read as "ablate" when heads or a layer follow.
_ABLATE_SYNONYMS = re.compile(
    r"\b(?:lesion(?:s|ed|ing)?|kill(?:s|ed|ing)?|silenc(?:e|es|ed|ing)|mask(?:s|ed|ing)?(?:\s+out)?|"
    r"switch(?:es|ed|ing)?\s+off|turn(?:s|ed|ing)?\s+off|tak(?:e|es|ing)\s+out|cut(?:ting)?\s+out|"
    r"unplug(?:s|ged|ging)?|disconnect(?:s|ed|ing)?|deactivat(?:e|es|ed|ing)|shut(?:s|ting)?\s+(?:off|down)|"
    r"mut(?:e|es|ed|ing))"
    # ("silence all four heads of layer 0": a count may come before the heads)
    r"(?=\s+(?:(?:the|each|every|all|one|of|its|whole|entire|attention|two|three|four|five|six|seven|"
    r"eight|\d+(?!\.\d))\s+)*(?:heads?\b|layer\s*\d|l\d+h\d+\b|\d+\.\d+\b)|"
    # ("switch off the best one": a head the last scores ranked, pointed at)
    r"\s+(?:the\s+)?(?:best|top|strongest|highest|first|second|third|other)\s+(?:one|head)s?\b)"
)


def _ablation_verbs(ql: str) -> str:
    """Ablation said in other words: "knock each one out" -> "knock out each one", "lesion
    head 0.3" -> "ablate head 0.3"."""
    ql = re.sub(
        r"\b(knock(?:s|ed|ing)?|zero(?:s|ed|ing)?)\s+((?:(?:each|every|all|one|them|it|of|those|these|the|heads?)\s+){1,3})out\b",
        r"\1 out \2",
        ql,
    )
    ql = _ABLATE_SYNONYMS.sub("ablate", ql)
    # "when L0H3 is silenced", "if head 1.2 gets knocked out", "when heads 0.3 and 1.0 are
    # ablated": the passive said actively, with every head of the list
    one = r"(?:\bl\d+\s*h\d+\b|(?<![\w.])\d+\.\d+(?![\w.]))"
    # "if every head in layer 1 gets switched off": a whole layer, said in the passive
    ql = re.sub(
        r"(?P<h>\b(?:every|each|all(?:\s+the)?|the)\s+(?:\w+\s+)?heads?\s+(?:in|of)\s+(?:the\s+)?layer\s*\d+)\s+"
        r"(?:is|are|gets?|got|was|were|has\s+been)\s+(?:all\s+)?(?:silenced|knocked\s+out|ablated|removed|"
        r"turned\s+off|switched\s+off|zeroed(?:\s+out)?|killed|lesioned|masked(?:\s+out)?|disabled|"
        r"unplugged|deactivated|muted|shut\s+(?:off|down))\b",
        r"ablate \g<h>",
        ql,
    )
    return re.sub(
        rf"(?P<h>(?:\bheads?\s+)?{one}(?:\s*(?:,\s*(?:and\s+)?|\band\s+|&\s*|\+\s*){one})*)\s+(?:is|are|gets?|got|was|were|has\s+been)\s+"
        r"(?:silenced|knocked\s+out|ablated|removed|turned\s+off|switched\s+off|zeroed(?:\s+out)?|killed|"
        r"lesioned|masked(?:\s+out)?|disabled)\b",
        r"ablate \g<h>",
        ql,
    )


#: A question that only asks what a concept means: "what is a confounder?", "explain me what
#: is mediation", "what does ATE mean?", "define instrumental variable".
_CONCEPT_QUESTION = re.compile(
    r"(?:(?:please|can\s+you|could\s+you|would\s+you|so|and|but|ok|okay)\s+)*"
    r"(?:(?:explain|tell|describe|say)(?:\s+(?:me|us|to\s+me|to\s+us))?\s+|define\s+|"
    r"(?:i\s+)?(?:don't|do\s+not)\s+(?:understand|know)\s+)?"
    r"(?:(?:what|who)(?:\s+(?:is|are|exactly\s+is)|'s)\s+|what\s+(?:does|do)\s+|"
    r"what\s+(?:do\s+you|does\s+one)\s+mean\s+by\s+|the\s+meaning\s+of\s+|"
    r"what\s+does\s+it\s+mean\s+to\s+|what\s+means\s+|why\s+(?:do|does|would|should)\s+(?:you|one|we|people|researchers|analysts)\s+"
    r"(?:(?:use|need|do|run|apply)\s+)?|"
    # "explain what a collider is"
    # (its article may be dropped: "explain what confounder is")
    r"what\s+(?=(?:(?:an?|the)\s+)?[\w\s\-]+?\s+(?:is|are|means?)(?:\s+(?:here|exactly|again|even|actually|"
    r"in\s+(?:this|the|our|my)\s+(?:analysis|case|estimate|result|study|data|context)))?$))?"
    r"(?P<art>an?\s+|the\s+)?(?P<c>[\w\s\-]+?)"
    r"(?:\s+(?:is|are|means?|mean\s+exactly|stands?\s+for|(?:actually\s+)?(?:tells?|shows?)\s+"
    r"(?:you|me|us)|(?:is\s+)?(?:used\s+)?for|does|do))?"
    # trailing fillers: "for me in plain english", "even", "exactly", "again"
    r"(?:\s+(?:in\s+(?:causal\s+inference|(?:mech(?:anistic)?\s+)?interp(?:retability)?|ml|machine\s+learning|"
    r"statistics|stats|econometrics|epidemiology|transformers|simple\s+(?:words|terms)|plain\s+"
    r"(?:words|english|language|terms)|a\s+nutshell)|for\s+(?:me|us|a\s+beginner|dummies)|to\s+"
    r"(?:me|us)|and\s+when\s+(?:would|should|do|can|to)\s*(?:i|we|you|one)?\s+use\s+it|and\s+(?:how|why)\s+"
    r"(?:does\s+it\s+work|is\s+it\s+used)|in\s+(?:the\s+)?(?:pc|fci|ges|discovery)(?:\s+algorithm)?|in\s+"
    r"(?:the|a|this)\s+(?:graph|dag|output|result|answer)|in\s+(?:this|the|our|my)\s+(?:analysis|case|"
    r"estimate|study|data|context)|like\s+i'?\s*a?m\s+(?:a\s+|an\s+)?(?:beginner|novice|newbie|five|5|new(?:\s+to\s+this)?|child|kid)|"
    r"here|exactly|simply|briefly|again|even|actually|please|pls|anyway|thanks?|thank\s+you|thx|cheers|"
    r"in\s+(?:one|a)\s+"
    r"(?:sentence|line|word)))*"
)
#: "ELI5 X", "explain like I'm five: X": an opener that asks for an explanation.
_ELI5 = re.compile(r"^(?:eli5|explain\s+like\s+i'?\s*a?m\s+(?:five|5))\s*[:,\-]?\s*", re.I)
#: "what's the difference between A and B", "A vs B: what's the difference?".
_CONCEPT_PAIR = re.compile(
    r"(?:(?:what|how)(?:'s|\s+is|\s+are)?\s+(?:the\s+)?(?:difference|differences|diff|distinction)\s+"
    r"between|how\s+(?:does|do)|how\s+is)\s+(?:an?\s+|the\s+)?(?P<a>[\w\s\-]+?)\s+(?:and|vs\.?|versus|"
    r"differ\s+from|compare\s+(?:to|with))\s+(?:an?\s+|the\s+)?(?P<b>[\w\s\-]+?)(?:\s+differ)?"
    r"(?:\s+(?:thanks?|thank\s+you|thx|cheers|please|pls|exactly|again))*"
)


#: Words of a question about what something is ("what", "explain", "the same as", ...).
_ASKS_WHAT_IT_IS = (
    r"\b(?:what|whats|explain|define|meaning|mean|understand|eli5|difference|diff|why)\b|"
    r"\bthe\s+same(?:\s+thing)?\b|\bdifferent\s+from\b|\bsimilar\s+to\b"
)
#: "A vs B - what's the difference?": two concepts compared, the question after them.
_CONCEPT_VS = re.compile(
    r"(?:an?\s+|the\s+)?(?P<a>[\w\s\-]+?)\s+(?:vs\.?|versus|or)\s+(?:an?\s+|the\s+)?(?P<b>[\w\s\-]+?)\s*"
    r"[-\u2013\u2014:?]*\s*(?:so\s+)?(?:what(?:'s|\s+is|\s+are)\s+the\s+differences?|how\s+do\s+they\s+differ)"
)
#: "is A the same as B?", "are A and B the same thing?": two names, perhaps of one concept.
_SAME_CONCEPT = re.compile(
    r"(?:is|are)\s+(?:an?\s+|the\s+)?(?P<a>[\w\s\-]+?)\s+(?:the\s+same\s+(?:thing\s+)?as|"
    r"different\s+from|similar\s+to|related\s+to)\s+(?:an?\s+|the\s+)?(?P<b>[\w\s\-]+?)|"
    r"are\s+(?:an?\s+|the\s+)?(?P<c>[\w\s\-]+?)\s+and\s+(?:an?\s+|the\s+)?(?P<d>[\w\s\-]+?)\s+"
    r"(?:the\s+same(?:\s+thing)?|different|related)"
)


def _concept_pattern(phrase: str) -> str | None:
    phrase = re.sub(r"\s+", " ", phrase.strip(" \"'`\u201c\u201d"))
    phrase = re.sub(r"^(?:it\s+means?\s+to|to)\s+", "", phrase)  # "what does it mean to adjust for"
    return next((p for p in lexicon.CONCEPTS if re.fullmatch(rf"(?:{p})", phrase)), None)


#: "how do I measure whether a head matters?": how to do something (on a model).
_HOW_TO_MODEL = re.compile(
    r"^(?:so\s+|and\s+)?how\s+(?:do|can|could|should|would)\s+(?:i|we|one)\s+(?:(?:measure|find|check|test|"
    r"tell|see|figure\s+out|know|learn|work\s+out|find\s+out)\s+|[a-z]+(?:\s+out)?\s+(?=(?:whether|if|which|"
    r"what|how|where)\b))(?P<what>.+)$"
)
#: A question about the loaded model's size: layers, heads, width, vocabulary, gates.
_MODEL_INFO = re.compile(
    r"^(?:so\s+|and\s+|ok\s+)?(?:how\s+many\s+(?:attention\s+)?(?:layers|heads|blocks|parameters|params)"
    r"(?:\s+(?:and|&)\s+(?:attention\s+)?(?:layers|heads|blocks))?\s*(?:per\s+layer|per\s+block|"
    r"(?:does|do|has|have|is|are)\s+(?:there|(?:the|this|that|my|your|it)\b)(?:\s+[\w\-]+)*?(?:\s+(?:have|got))?|"
    r"in\s+(?:the|this|that|each|every)\s+[\w\s\-]*)?$|"
    r"(?:which|what)\s+(?:layers|heads)(?:\s+(?:and|&)\s+(?:layers|heads))?\s+(?:does|do)\s+(?:the|this|that|my)"
    r"\s+(?:[\w\-]+\s+)?model\s+(?:have|has|contain)$|"
    r"how\s+(?:big|large|deep|wide)\s+is\s+(?:the|this|that|my|your)\s+(?:[\w\-]+\s+)?model$|"
    r"(?:what(?:'s|\s+is)\s+)?(?:the\s+)?(?:model'?s?\s+)?(?:architecture|size)(?:\s+of\s+(?:the|this)\s+"
    r"(?:[\w\-]+\s+)?model)?$|describe\s+(?:the|this|my)\s+(?:[\w\-]+\s+)?model$)"
)


def _concept(ql: str, has_history: bool = False) -> Intent | None:
    """A question about what a concept means, answered in words (lexicon.CONCEPTS). In a
    session "what is the ATE?" may ask for the last result's number: there only a question that
    says "mean", "define" or "explain" is read as one about the word."""
    asks = (
        r"\b(?:explain|define|meaning|means?|understand|stands?|eli5|difference|diff|plain|simple|why|"
        r"nutshell)\b|\b(?:used\s+)?for$|\bthe\s+same(?:\s+thing)?\b|\bdifferent\s+from\b|\bsimilar\s+to\b"
    )
    if not re.search(
        _ASKS_WHAT_IT_IS,
        ql,
    ):
        return None
    if has_history and not re.search(asks, ql):
        return None
    # the question may follow an apology or a sentence about the asker ("sorry if this is
    # basic, but what is ...", "I have never done this. What is ..."): its last clause asks
    ql = re.sub(r"[\"`\u201c\u201d\u2018\u2019]|(?<!\w)'|'(?!\w)", "", ql)  # quotes, not "what's"
    ql = re.sub(r"\s*\([^()]*\)\s*$", "", ql)  # "(new to this)": an aside after the question
    parts = re.split(r"(?<=[.!?;:])\s+|,?\s+but\s+|,\s+(?=what\b)|\s+[-\u2013\u2014]+\s+", ql)
    # (the first clause last: "what means mediator? explain with easy words" asks in it)
    clauses = [ql, *parts[1:], parts[0]]
    for clause in dict.fromkeys(c.strip(" ?.!,") for c in clauses if c.strip()):
        if not re.search(_ASKS_WHAT_IT_IS, clause):
            continue  # "same but ges": a clause that names a concept without asking about it
        # "explain what a collider is, in simple words", "explain me in simple words what ...":
        # how to say it, wherever it is said
        clause = re.sub(
            r"\s*,?\s*\b(?:in|with)\s+(?:simple|plain|easy|few|other|layman'?s?)\s+(?:words|terms|english|"
            r"language)\b\s*,?",
            " ",
            clause,
        ).strip()
        # ("what is the residual stream, in plain english": the comma only sets off the filler)
        clause = re.sub(r"\s*,\s*", " ", _ELI5.sub("explain ", clause))
        # "what does an undirected edge in the graph mean?": where it is seen, not what it is
        clause = re.sub(
            r"\s+in\s+(?:(?:the|a|this|your)\s+)?(?:graph|dag|output|results?|answer)\b", "", clause
        )
        clause = re.sub(
            r"^(?:(?:please|pls|so|and|but|ok|okay|hey|hi|hello|hm+|um+|uh+|in\s+(?:simple|plain)\s+"
            r"(?:terms|words|english))\s+)+",
            "",
            clause,
        )
        # "explain me please what is the difference between ...": the request before the question
        clause = re.sub(
            r"^(?:explain|tell)(?:\s+(?:me|us|to\s+me))?(?:\s+(?:please|pls))?\s+(?=what\s+(?:is|are|'s)\s+the\s+"
            r"(?:difference|differences|distinction)\b)",
            "",
            clause,
        )
        vs = _CONCEPT_VS.fullmatch(clause)
        if vs and _concept_pattern(vs.group("a")) and _concept_pattern(vs.group("b")):
            both = [_concept_pattern(vs.group("a")), _concept_pattern(vs.group("b"))]
            return Intent("concept", concept="\n".join(dict.fromkeys(both)))  # type: ignore[arg-type]
        pair = _CONCEPT_PAIR.fullmatch(clause)
        same = _SAME_CONCEPT.fullmatch(clause)
        if pair or same:
            a, b = (
                (pair.group("a"), pair.group("b"))
                if pair
                else (same.group("a") or same.group("c"), same.group("b") or same.group("d"))
            )
            both = [_concept_pattern(a), _concept_pattern(b)]
            if all(both):
                return Intent("concept", concept="\n".join(dict.fromkeys(both)))  # type: ignore[arg-type]
        m = _CONCEPT_QUESTION.fullmatch(clause)
        if not m:
            continue
        pat = _concept_pattern(m.group("c"))
        if (
            pat
            and (m.group("art") or "").startswith("the")
            and not re.search(asks, clause)
            and not re.fullmatch(rf"(?:{pat})", "the " + m.group("c").strip())
        ):
            # "what is the causal graph?", "what is the ATE?": the one of the loaded data (but
            # "the logit lens" and "the residual stream" are names with their article)
            continue
        if pat:
            return Intent("concept", concept=pat)
    return None


def _attribution(it: Intent, ql: str) -> Intent:
    """A patching intent with the attribution screen the question asks for ("verify the top
    five", "attribution top-3"); none when it names no attribution."""
    if re.search(r"\battribution\b", ql):
        # "verify the top five": the number may be spelt, after "the top"
        k = re.search(
            r"\b(?:top|verify|check|best)[\s-]+(?:the\s+)?(?:top[\s-]+|best[\s-]+)?(\d+|"
            + "|".join(_SMALL)
            + r")\b",
            ql,
        )
        n = k and (int(k.group(1)) if k.group(1).isdigit() else _SMALL.index(k.group(1)))
        it.attribution = n or ATTRIBUTION_TOP
    return it


#: The head scores by name, for abbreviations typed as an argument ("score='prev'").
_SCORE_NAMES = (
    "induction",
    "previous_token",
    "duplicate_token",
    "attention_sink",
    "gate",
    "massive_activation",
)


def _score_argument(ql: str) -> str:
    """`ql` with a score typed as an abbreviated argument ("score='prev'", "score: dup") in
    words the score patterns read ("score previous token")."""

    def full(m: re.Match[str]) -> str:
        word = m.group("w")
        names = [n for n in _SCORE_NAMES if any(p.startswith(word) for p in [n, *n.split("_")])]
        return f"score {names[0].replace('_', ' ')}" if len(names) == 1 else m.group(0)

    ql = re.sub(r"\bscore\s*[=:]?\s*['\"]?(?P<w>[a-z]{3,})\b['\"]?", full, ql)

    def before(m: re.Match[str]) -> str:
        # "ind scores", "dup scores": an abbreviation before the word
        word = m.group("w")
        if word in ("the", "all", "any", "get", "its", "his", "her", "our", "and"):
            return m.group(0)
        names = [n for n in _SCORE_NAMES if any(p.startswith(word) for p in [n, *n.split("_")])]
        return f"{names[0].replace('_', ' ')} {m.group('s')}" if len(names) == 1 else m.group(0)

    return re.sub(r"\b(?P<w>[a-z]{3,5})[\s-]+(?P<s>scores?)\b", before, ql)


#: A causal verb whose object is the variables themselves ("cause each other").
_EACH_OTHER = re.compile(
    r"\b(?:caus|driv|affect|influenc|impact|depend\w*\s+on|feed\w*\s+into)\w*\s+"
    r"(?:each\s+other|one\s+another)\b"
)


def _parse(q: str, has_history: bool) -> Intent:
    raw = _score_argument(q.lower().rstrip(" ?.!"))
    if has_history and (
        _ABOUT_RESULT.fullmatch(raw)
        or _doubts_certainty(raw)
        or _METHOD_USED.fullmatch(raw)
        or _asks_about_result(raw)
    ):
        # "is that significant?", "can we trust this or is it just noise?": a question about the
        # last result, answered from what its tools reported
        return Intent("why")
    concept = _concept(raw, has_history)
    if concept is not None:
        return concept
    if _MODEL_INFO.search(raw):  # "how many heads per layer?", "how big is the model?"
        return Intent("model_info")
    how = _HOW_TO_MODEL.match(raw)
    if (
        how
        and re.search(
            r"\b(?:heads?|layers?|attention|neurons?|circuits?|residual|activations?)\b",
            how.group("what"),
        )
        # "how do I find induction heads?" names what to run: it is run
        and not (_find(BEHAVIOURS, how.group("what")) or _score_named(how.group("what")))
    ):
        # "how do I measure whether a head matters?": how to, not the experiment itself
        return Intent("capability", concept="how:" + how.group("what"))
    said = _find(lexicon.UNAVAILABLE_PROBING, raw)
    if said:  # "can you train SAEs?", "use integrated gradients on the heads": not here
        return Intent("capability", concept=said)
    ql = _ablation_verbs(raw)
    if _EACH_OTHER.search(ql) and not re.search(r"\b(?:heads?|layers?|neurons?)\b", ql):
        # "how all the account metrics cause each other": causes whose object is "each other"
        # are the whole graph
        return Intent("discover", algorithm=_find(ALGORITHMS, ql))

    # -- probing -------------------------------------------------------------------------------
    m = (
        re.search(
            r"\b(?:ablat\w*|knock(?:ing)? out|zero(?:ing)?[\s-]*out|remov[a-z]*|disabl\w*)\s+(?:attention\s+)?head\s+(?:l(?:ayer)?\s*)?(\d+)\s*(?:[.:/,]|\s+head\s+|\s*h\s*)\s*(\d+)",
            ql,
        )
        or re.search(
            r"\b(?:ablat\w*|knock(?:ing)? out|zero(?:ing)?[\s-]*out)\s+(?:attention\s+)?(?:layer|l)\s*(\d+)\s*,?\s*head\s*(\d+)",
            ql,
        )
        or re.search(
            r"\b(?:ablat\w*|knock(?:ing)? out|zero(?:ing)?[\s-]*out)\s+l(\d+)\s*h(\d+)\b", ql
        )
        or re.search(r"\bwhat (?:happens|does ablating)\b.*\bhead\s+(\d+)\.(\d+)", ql)
        or re.search(
            r"\bwhat\s+(?:does|is)\s+(?:attention\s+)?head\s+(\d+)\.(\d+)\s+(?:do|doing|for)\b", ql
        )
        or re.search(r"\bzero(?:ing|es)?\s+(?:attention\s+)?head\s+(\d+)\.(\d+)", ql)
        or re.search(
            r"\bset\w*\s+(?:the\s+)?(?:attention\s+)?head\s+(\d+)\.(\d+)(?:'s)?\s+(?:output\s+)?to\s+(?:zero|0)\b",
            ql,
        )
    )
    if m:
        return Intent(
            "ablate",
            layer=int(m.group(1)),
            head=int(m.group(2)),
            behaviour=_find(BEHAVIOURS, ql.replace("head", "")),
            heads=_heads_named(ql) or [f"{int(m.group(1))}.{int(m.group(2))}"],
        )
    # "does head 1.1 get its queries from head 0.3?": the receiver said first
    ql = re.sub(
        r"\b(?:does|do|did|is|are)\s+(?P<b>(?:heads?\s+)?l?\d+[.h]\d+)\s+(?:\w+\s+)?(?:get|take|read|receive)\w*\s+"
        r"(?:its|their)\s+(?P<via>quer(?:y|ies)|keys?|values?)\s+from\s+(?:head\s+)?(?P<a>l?\d+[.h]\d+)",
        lambda f: f"does head {f['a']} feed {f['b']} through its {f['via']}",
        ql,
    )
    # "does information flow from head 0.0 into the keys of head 1.2?": the same question said
    # as a flow, rewritten as a head feeding another through an input
    ql = re.sub(
        r"\b(?:does|do|is|did)\s+(?:any\s+)?(?:information|signal|anything)\s+(?:flow|pass|go|travel|move)\w*"
        r"\s+from\s+(?P<a>(?:head\s+)?l?\d+[.h]\d+)\s+(?:in)?to\s+(?:the\s+)?"
        r"(?P<via>quer(?:y|ies)|keys?|values?)\s+of\s+(?P<b>(?:heads?\s+)?l?\d+[.h]\d+)",
        lambda f: (
            f"does head {f['a'].removeprefix('head').strip()} feed {f['b']} through its {f['via']}"
        ),
        ql,
    )
    # "does head 0.2 feed 1.1 through its keys?": one head's output read by later heads
    m = re.search(
        r"(?:\bhead\s+|^(?:is|does|do|did)\s+(?:head\s+)?)l?(\d+)[.h](\d+)\s+(?:(?:is|are)\s+)?(?:really\s+|actually\s+|directly\s+)?(?:feed|feeds|feeding|"
        r"compos\w*\s+with|send|sends|sending|write|writes|writing|talk|talks|talking|pass\w*\s+information|"
        r"pass\w*(?=\s+(?:anything|something|signals?|its\s+output|(?:it\s+)?(?:on|along)\s+to)\b))\s+"
        r"(?:(?:anything|something|information|signals?|its\s+output|it)\s+)?(?:(?:on|along)\s+)?(?:in)?(?:to\s+)?"
        r"(?P<rest>(?:heads?\s+)?l?\d+[.h]\d+.*)",
        ql,
    )
    if m:
        to = re.split(r"\bvia\b|\bthrough\b", m.group("rest"))[0]
        via = re.search(
            r"\b(?:via|through)\s+(?:the(?:ir)?\s+|its\s+)?(q|k|v|resid)\w*", m.group("rest")
        ) or re.search(r"(?:'s|s')\s+(q|k|v)(?:uer(?:y|ies)|eys?|alues?)\b", m.group("rest"))
        return Intent(
            "path",
            layer=int(m.group(1)),
            head=int(m.group(2)),
            method=(via.group(1) if via else "k"),
            behaviour=_find(BEHAVIOURS, ql),
            receivers=[f"{a}.{b}" for a, b in re.findall(r"l?(\d+)[.h](\d+)", to)],
        )
    if (
        re.search(r"\bscores?\b|\bis\s+(?:it|this|that)\s+(?:an?\s+)?[\w\-]+\s+head\b", ql)
        and _score_named(ql)
        and (
            not re.search(
                r"\b(?:ablat\w*|knock[a-z]*\s+out|zero\w*|remov[a-z]*|disabl\w*|patch\w*)", ql
            )
            or re.search(r"\bscores?\b[^.;]*\bthen\b[^.;]*\b(?:ablat\w*|knock[a-z]*\s+out)", ql)
        )
    ):
        # "head 1.2 - is it an induction head? check the score", "compute induction scores, then
        # ablate the top heads" (the plan verifies the top heads by ablation after the scores)
        return Intent("scores", score=_score_named(ql))
    named_heads = _heads_named(ql)
    if named_heads and not re.search(r"\bpath[\s-]+patch", ql):  # "path patching from head 0.3"
        return Intent(
            "ablate", behaviour=_find(BEHAVIOURS, ql.replace("head", "")), heads=named_heads
        )
    lm = re.search(
        # "all four heads of layer 0": a count between the quantifier and the heads
        r"\b(?:all|every|each|the)\s+(?:the\s+)?(?:(?:\d+|two|three|four|five|six|seven|eight)\s+)?"
        r"(?:(?:attention\s+)?heads?\s+)?(?:in|of|from)\s+(?:the\s+)?layer\s*(\d+)|"
        r"\blayer\s*(\d+)(?:'s)?\s+(?:attention\s+)?heads\b|\b(?:the\s+)?(?:whole|entire)\s+(?:of\s+)?layer\s*(\d+)|"
        # "ablate L0 entirely", "zero out layer 1 as a whole": the verb acts on the whole layer
        r"\blayer\s*(\d+)\s+(?:entirely|completely|altogether|wholesale|as\s+a\s+whole|in\s+full)\b|"
        r"\b(?:ablat\w*|knock[a-z]*\s+out|zero\w*(?:\s+out)?|remov[a-z]*|disabl\w*)\s+(?:the\s+)?layer\s*(\d+)"
        r"(?!\s*(?:[.:]\s*\d|,?\s*h(?:ead)?\s*\d|'s))\b",
        ql,
    )
    if lm and re.search(r"\b(?:ablat\w*|knock[a-z]*\s+out|zero\w*|remov[a-z]*|disabl\w*)", ql):
        return Intent(
            "ablate",
            behaviour=_find(BEHAVIOURS, ql.replace("head", "")),
            layer=int(next(g for g in lm.groups() if g is not None)),
            head=-1,  # every head of the layer (the planner knows how many)
        )
    if re.search(
        # "add the happy-minus-sad direction at layer 1": a difference-of-means direction added
        r"\b(?:add[a-z]*|inject\w*|apply\w*)\s+(?:the\s+|a\s+)?[\w\-]+(?:[\s-]+minus[\s-]+[\w\-]+)?\s+"
        r"(?:direction|vector)\b|"
        # "use hope.jsonl as the target and doom.jsonl as the opposite, alphas 1 2 3" (the files
        # are read out as FILE before this)
        r"\balphas?\s+\d(?=.*\b(?:file|jsonl)\b)|\b(?:file|jsonl)\b.*\balphas?\s+\d|"
        # ("contrastive activation addition", CAA, "representation engineering": steering by
        # another name)
        r"\b(?:contrastive\s+)?activation\s+addition\b|\bcaa\b|\brepresentation\s+engineering\b|"
        # "make the model sound more cheerful (with FILE and FILE)": a tone asked for, with prompt sets
        r"\b(?:make|get|want|like|need)\s+(?:the\s+)?(?:model|ai|network|transformer|llm|bot|chatbot|it|outputs?|"
        r"generations?)\s+(?:to\s+)?(?:sound|talk|write|speak|seem|"
        r"act|be|become|more|less)\b(?=.*\bfile\b)|"
        # ("the steering committee asked": a body of people, no steering)
        r"\bsteer\w*\b(?!\s+(?:committee|group|board|panel|council|meeting|wheel)s?\b)|"
        r"\b(?:push|nudge|shift|bias|move|drive)\w*\s+(?:the\s+)?(?:model|outputs?|generations?|"
        r"activations?|residual\s+stream)\s+(?:toward|towards|away\s+from)\b",
        ql,
    ):
        m2 = re.search(
            r"\b(toward|towards|away from)\s+(?:the\s+)?(?:class\s+|concept\s+)?((?!file\b)[\w'\-]+(?:\s+(?!using\b|with\b|at\b|in\b|file\b)[\w'\-]+)?)",
            ql,
        )
        direction = "away" if re.search(r"\baway\s+from\b", ql) else "toward"
        return Intent("steer", direction=direction, concept=_strip(m2.group(2)) if m2 else None)
    if re.search(
        r"\b(?:linear\s+)?prob(?:e|es|ing)\b(?!\s+(?:head|the heads))|\blinearly\s+(?:readable|decodable|separable)|"
        r"\blinear\s+(?:classifier|readout|decoder)s?\b|\bwhere\b.*\b(?:encoded|represented|readable|decodable)\b|"
        r"\bwhich\s+layers?\s+(?:encode|represent|store|know|contain)s?\b|"
        # "does layer 1 encode plurality?", "can it be read off the residual stream?"
        r"\b(?:does|do|is|are|can|could)\s+(?:the\s+)?(?:layer\s*\d+|residual\s+stream|model|network|"
        r"hidden\s+states?)\s+(?:already\s+|really\s+|linearly\s+)?(?:encode|represent|store|contain)s?\b|"
        # "can the layer 1 residual tell apart fact.jsonl from fiction.jsonl?" (files read as FILE)
        r"\b(?:tell\s+apart|distinguish\w*|discriminat\w*)\b(?=.*\bfile\b)|"
        # "is the truthfulness feature present at layer 1?"
        r"\b(?:is|are)\s+(?:the\s+|a\s+|an\s+)?[\w\-]+\s+(?:feature|concept|property|information)\s+"
        r"(?:present|there|visible|detectable|available|encoded|represented)\b|"
        r"\b(?:read|decod\w*)\s+(?:off|out\s+of|from)\s+(?:the\s+)?(?:residual|activations?|hidden)|"
        # "where inside the model does it decide if a review is positive? (labels in FILE)"
        r"\bwhere\s+(?:inside\s+|in\s+|within\s+)?(?:the\s+)?(?:model|network)\b[^.?]*\b(?:decid\w*|tell\w*|"
        r"know\w*|figur\w*|work\w*\s+out|recogni[sz]\w*|detect\w*)\b(?=.*\bfile\b)|"
        # "is the idea of past tense stored somewhere in the network?"
        r"\b(?:stored|encoded|represented|kept|held|hidden|tracked)\s+(?:somewhere\s+)?(?:in|inside|within)\s+"
        r"(?:the\s+)?(?:model|network|residual\s+stream|activations|hidden\s+states?|layers?)\b|"
        r"\b(?:at|in)\s+which\s+layers?\s+(?:does|do|is|are)\s+(?:the\s+)?(?:model|network)\s+"
        r"(?:know|encode|represent|store|contain)\b",
        ql,
    ):
        m2 = re.search(r"\bprobe\w*\s+(?:for\s+)?(?:the\s+)?([\w\-]+)", ql)
        return Intent("probe", concept=_strip(m2.group(1)) if m2 else None)
    if re.search(
        # "where the model first gets the copy answer right, layer by layer"
        # (the cleaned question says "by layer")
        r"\b(?:answers?|predict\w*|right|knows?|guess\w*|sure|confiden\w*|beliefs?|believes?)\b[^?]*\b(?:layer[\s-]+)?"
        r"by[\s-]+layer\b(?![^?]*\bpatch)|"
        # "read off the prediction at every layer", "the guess as it goes up through the layers"
        r"\b(?:answers?|predictions?|predicted|guess\w*|outputs?|next[\s-]+tokens?)\b[^?]*\b"
        r"(?:(?:at|after|in|for|from)\s+(?:every|each|all(?:\s+the)?)\s+layers?|"
        r"(?:goes|go|going|moves?|moving|travels?)\s+up\s+(?:through\s+)?the\s+layers)\b"
        r"(?![^?]*\b(?:patch\w*|ablat\w*|steer\w*|probe\w*))|"
        r"\blogit[\s-]*lens\b|\bdirect\s+logit\s+attribution\b|\bdla\b(?!\s*$)|\b(?:writes?|writing|written|"
        r"contribut\w*|directly)\b[^?]*\b(?:logits?|unembedding)\b",
        ql,
    ):
        return Intent("lens", behaviour=_find(BEHAVIOURS, ql))
    m = re.search(
        r"\bpath[\s-]+patch\w*\b.*?(?:\bfrom\s+)?(?:head\s+)?\bl?(\d+)[.h](\d+)\b(.*)", ql
    )
    if m:
        to = re.split(r"\bvia\b|\bthrough\b", m.group(3))[0]
        via = re.search(r"\b(?:via|through)\s+(?:the(?:ir)?\s+)?(q|k|v|resid)\w*", m.group(3))
        return Intent(
            "path",
            layer=int(m.group(1)),
            head=int(m.group(2)),
            method=(via.group(1) if via else "k"),
            behaviour=_find(BEHAVIOURS, ql),
            receivers=[f"{a}.{b}" for a, b in re.findall(r"l?(\d+)[.h](\d+)", to)],
        )
    hs = re.findall(r"(?<![\w.])l?(\d+)[.h](\d+)(?![\w.])", ql)
    if len(hs) >= 2 and re.search(r"\bpath[\s-]+patch", ql):
        # "do 0.2's outputs get used by 1.3's values? path patch it": the heads said before
        via = re.search(
            r"(?:'s|s')\s+(q|k|v)(?:uer(?:y|ies)|eys?|alues?)\b|\b(?:via|through)\s+(?:the(?:ir)?\s+)?"
            r"(q|k|v)\w*",
            ql.split(f"{hs[0][0]}.{hs[0][1]}", 1)[-1],
        )
        return Intent(
            "path",
            layer=int(hs[0][0]),
            head=int(hs[0][1]),
            method=(via.group(1) or via.group(2)) if via else "k",
            behaviour=_find(BEHAVIOURS, ql),
            receivers=[f"{a}.{b}" for a, b in hs[1:]],
        )
    if re.search(
        # "swap in the clean activations of the residual stream": patching said in plain words
        r"\b(?:swap\w*|copy\w*|put\w*|past\w*|splic\w*|transplant\w*|substitut\w*|replac\w*|"
        r"insert\w*|restor\w*)\s+(?:in\s+|back\s+)?(?:the\s+)?(?:clean|uncorrupted|original)\s+"
        r"(?:run'?s?\s+)?(?:activations?|residuals?|hidden\s+states?|outputs?)\b|"
        r"\bactivation\s+patching\b|\battribution\s+patching\b|\bpatch(?:ing|ed)?\s+(?:only\s+)?(?:the\s+)?(?:[\w\-]+\s+){0,2}?(?:heads?|residuals?|activations?|layers?|positions?|mlps?)\b|\bcausal\s+tracing\b",
        ql,
    ):
        return _attribution(Intent("patch", behaviour=_find(BEHAVIOURS, ql)), ql)
    if re.search(r"\bpatch(?:ing|ed)?\b", ql) and not re.search(r"\bpath\b", ql):
        # ("act patching ..., attribution top-3": the screen may be asked for in any patching)
        return _attribution(Intent("patch", behaviour=_find(BEHAVIOURS, ql)), ql)
    # "without ablating anything" asks for no ablation
    asked = re.sub(
        r"\b(?:without|no|not|don't|do\s+not|never)\s+(?:any\s+)?(?:ablat\w*|knock[a-z]*\s+out)(?:\s+anything)?",
        " ",
        ql,
    )
    if (
        re.search(r"\b(?:ablat\w*|knock[a-z]*\s+out|zero[\s-]*out)\b", asked)
        or _find(lexicon.ABLATIONS, asked)
    ) and re.search(r"\bheads?\b", ql):
        return Intent("heads", behaviour=_find(BEHAVIOURS, ql))
    m = re.search(
        r"\b(?P<w>[\w\-]+)\s+scores?\s+(?:of|for)\s+(?:every|each|all|the)\s+(?:attention\s+)?heads?\b|"
        r"\bscore\s+(?:every|each|all|the)\s+(?:attention\s+)?heads?\s+(?:by|on|for)\s+(?:the\s+|their\s+)?(?P<w2>[\w\-]+)|"
        r"\b(?:rank|sort|order|compare)\w*\s+(?:the\s+|all\s+|every\s+|each\s+)?(?:attention\s+)?heads?\s+(?:by|on)\s+(?:the(?:ir)?\s+|its\s+)?(?P<w3>[\w\-]+)\s+scores?\b",
        ql,
    )
    # "score every head on how much it looks at the previous token": the score may come later,
    # or earlier ("which heads do induction? give me a score for each head")
    if (
        m
        and not _find(SCORES, ql)
        and (m.group("w") or "") not in ("me", "us", "a", "the", "my", "our", "your", "some", "any")
    ):
        return Intent("unknown_score", concept=m.group("w") or m.group("w2") or m.group("w3"))
    score = _score_named(ql)
    if (
        score
        and (score != "induction" or re.search(r"\bscores?\b", ql))
        and re.search(
            r"\b(?:heads?|attention|model|layers?|gates?|gating|sinks?|activations?)\b", ql
        )
        and not re.search(r"\b(?:ablat\w*|knock[a-z]* out)\b", ql)
    ):
        return Intent("scores", score=score)
    if (
        re.search(r"\bheads?\b", ql)
        and re.search(
            r"\b(?:matter|matters|important|importance|responsible|needed|necessary|contribut\w*|critical|rank\w*|most|drive|do the work|(?:doing|do|does)\s+the\s+heavy\s+lifting|involved|implement\w*|essential|crucial|break|hurt|rel(?:y|ies|ied|ying)\s+on|lean(?:s|ed|ing)?\s+on|depends?\s+on|uses?|needs?|(?:can'?t|cannot)\s+do\s+without)\b",
            ql,
        )
        and not re.search(r"\binduction heads?\b", ql.replace("for induction", ""))
    ):
        return Intent("heads", behaviour=_find(BEHAVIOURS, ql))
    if score and re.search(
        r"\b(?:heads?|attention|model|layers?|gates?|gating|sinks?|scores?|statistics|stats|activations?)\b",
        ql,
    ):
        return Intent("scores", score=score)

    cap = _capability(ql)
    if cap is not None:
        return cap
    if _EXPLAIN.fullmatch(ql):
        return Intent("why")  # "can you explain that result in plain words?"
    # "list them so I can put them in the slides": what the asker will do with the answer is
    # theirs, not a request
    own = re.sub(
        r"\b(?:so\s+(?:that\s+)?|for\s+when\s+|because\s+|as\s+)(?:i|we)\s+(?:can|could|will|'ll|need\s+to|have\s+to|"
        r"want\s+to)\b.*$",
        "",
        ql,
    )
    if (
        _OUT_OF_SCOPE.search(own)
        and not re.search(
            # ("before the slide goes to the VP, is that comparison confounded by segment?": an
            # analysis asked for names the slide or the file only as context)
            r"\b(?:effects?|impacts?|caus\w*|graph|dag|heads?|describe|discover\w*|estimat\w*|"
            r"confound\w*|mediat\w*|spurious)\b",
            ql,
        )
        # "are there blank cells in the spreadsheet?": the file is the data, asked about (a request
        # to delete, save or impute is still out of scope)
        and not (
            _MISSING_WORDS.search(ql)
            and re.search(r"spreadsheet|excel|pdf", _OUT_OF_SCOPE.search(own).group(0))
        )
    ):
        return Intent("out_of_scope", concept=_OUT_OF_SCOPE.search(own).group(0))

    if _DIRECTION_QUESTION.search(ql) or _both_directions(ql):
        # "is vibration caused by machine age or the other way round?": which way the arrow
        # between two variables points is read from a graph, not from an effect of one of them
        return Intent("discover", algorithm=_find(ALGORITHMS, ql))
    if (
        _STRUCTURE_LEARNING.search(ql)
        and not re.search(r"\b(?:effects?|impacts?)\b", ql)
        and _knowledge(ql) is None  # (knowledge is read below, with its follow-up reading)
    ):
        # "structure learning on credit, kci test": the data named after "on" is no outcome
        return Intent("discover", algorithm=_find(ALGORITHMS, ql))

    # -- follow-ups ----------------------------------------------------------------------------
    if has_history:
        # "what drives yield?" after a description asks for causes, whatever came before
        drivers = _drivers(ql)
        if drivers is not None and not re.search(
            r"\b(?:it|that|this|them|instead|same|again)\b", ql
        ):
            return drivers
        # "what the trial offer do?", "what does X do?" in a session: X's effect on the outcome
        # the session is about
        m = re.fullmatch(
            r"(?:so\s+|and\s+|ok\s+|okay\s+)?what\s+(?:does\s+|do\s+|did\s+)?(?!(?:i|we|you|they|it|this|that|"
            r"these|those|should|can|could|else|more|next|then|now)\b)"
            rf"{_PH.format(name='t')}\s+(?:really\s+|actually\s+|even\s+)?do\s*[?.!]*",
            ql,
        )
        if m and _strip(m.group("t")):
            return _with_slots(Intent("effect", treatment=_strip(m.group("t")), followup=True), ql)
        it = _followup(ql)
        other_group = re.search(
            r"[,;]?\s+or\s+(?:(?:only|just|simply|rather)\s+)?(?:for|in|among|with)\s+(?:the\s+)?"
            r"[\w'\-]+(?:\s+[\w'\-]+){0,3}?\s*[?.!]*$",
            ql,
        )
        if it is None and other_group:
            # "does that hold for the monthly customers as well, or only for the yearly ones?":
            # the other group said as an alternative is the rest of the same split
            alt = _followup(ql[: other_group.start()])
            said = (alt.other or "").split() if alt is not None else []
            last = other_group.group(0).rstrip(" ?.!").split()[-1]
            if (
                alt is not None
                and alt.kind == "effect"
                and (alt.by or said)
                and (last in ("one", "ones", "group", "groups") or last in said)
            ):
                it = alt
        if (
            it is not None
            and it.kind == "effect"
            and not (it.treatment or it.outcome or it.other)
            and not re.search(r"\b(?:it|that|this|them|same|again|instead|too|also|now)\b", ql)
        ):
            # "does the new drug work differently by ward? recovery days" after a description:
            # a question that names its own treatment and outcome stands on its own
            alone = _parse(ql, False)
            if (
                alone.kind == "effect"
                and alone.treatment
                and (alone.outcome or _TRAILING_ROLE.search(ql))
            ):
                return alone
        if (
            it is not None
            and it.kind == "effect"
            and not (it.treatment or it.outcome or it.by)
            and (not it.other or re.match(r"(?:which|what)\b", it.other))
        ):
            alone = _parse(ql, False)
            if alone.kind == "describe" and alone.missing:
                # "There are some empty values in this table? Which columns?": a question about
                # the data's gaps stands on its own, whatever its last words say
                return alone
        if it is not None:
            if it.kind == "effect" and it.focus is None and _confounding_question(ql):
                it.focus = "confounding"  # "is this confounded by Z?" asks for the yes/no
            kept = _KEPT_ROLE.search(ql)
            if it.kind == "effect" and kept and bool(it.treatment) != bool(it.outcome):
                # "do the same for irrigation, the outcome stays the same": the one variable
                # named takes the other role than the one said to stay
                named = it.treatment or it.outcome
                if (kept.group("role") or kept.group("role2")) in ("outcome", "target"):
                    it.treatment, it.outcome = named, None
                else:
                    it.treatment, it.outcome = None, named
            return it

    # -- data questions ------------------------------------------------------------------------
    know = _knowledge(ql)
    if know is not None:
        # "redo it with tiers ...", "now forbid A -> B": the earlier discovery with more knowledge
        know.followup = has_history and bool(
            re.match(r"(?:redo|rerun|repeat|again|same|now|also|and|then|but|ok|okay|try)\b", ql)
            or re.search(r"\b(?:again|instead|as\s+well|too|this\s+time)\b", ql)
        )
        return know
    if re.search(
        r"\bwhat (?:causes|influences|affects|drives|impacts|determines) what\b|\bwhich (?:variables? |one )?causes which\b|\bwhich way\b.*\b(?:causal|causation|arrow|direction)\b|\bcausal direction\b",
        ql,
    ):
        return Intent("discover", algorithm=_find(ALGORITHMS, ql))
    if re.fullmatch(
        r"(?:but |and |so )?(?:why|how come|explain(?: (?:that|this|it))?)(?: (?:that|this|so|is that))?",
        ql,
    ):
        return Intent("why")
    if re.search(r"\bgaps?\b", ql) and not re.search(
        # ("does something else explain that gap?": a difference, not values missing)
        r"\b(?:raw|naive|adjusted|between|effect|confound\w*|treated|explain\w*|(?:that|this)\s+gap)\b",
        ql,
    ):
        return Intent("describe", missing=True)
    if _MISSING_WORDS.search(ql) and not re.search(
        r"\b(?:effect|impact|cause[sd]?|affect\w*|influence\w*|driv\w+)\b",
        _ROWS_AFFECTED.sub(" ", ql),
    ):
        return Intent("describe", missing=True)
    if _DESCRIBE_WORDS.search(ql) and not re.search(
        r"\b(?:effects?|impacts?|caus\w*|affect\w*|influenc\w*|driv\w+|graph|dag|heads?|"
        r"relationships?|correlat\w*|associat\w*|depends?|predict\w*|if)\b",
        ql,
    ):
        # "give me the lay of the land on the buildings data": no "X on Y" effect
        return Intent("describe")
    know = _knowledge(ql)
    if know is not None:
        return know
    drivers = _drivers(ql)
    if drivers is not None:
        return drivers
    it = _effect_intent(ql)
    if it is not None:
        return it
    if re.search(r"\bfor whom\b", ql):
        return Intent("effect", subgroups_unnamed=True)
    m = re.search(
        rf"\b(?:do|does|did|will|would)\s+(?:the\s+)?{_PH.format(name='t')}\s+(?P<y>[a-z]{{4,}})\s+"
        r"(?:more|less|longer|faster|slower|harder|better|worse|more\s+often|less\s+often)\s*$",
        ql,
    )
    if m and not _not_a_column(m.group("y")):
        # "do older machines vibrate more?": the verb names the outcome (vibration)
        return _with_slots(
            Intent("effect", treatment=_strip(m.group("t")), outcome=m.group("y")), ql
        )
    m = re.search(
        rf"(?:^|[:;]\s*)(?:(?:suppose|imagine|maybe|perhaps)\s+)?(?:the\s+)?{_PH.format(name='t')}\s+(?:only\s+|mainly\s+|mostly\s+|just\s+)?"
        r"(?:works?|helps?|pays?\s+off)\s+(?:mainly\s+|mostly\s+|only\s+)?"
        r"because\s+(?:the\s+)?(?:people|they|customers|clients|borrowers|students|patients|employees|"
        r"users|stores|lines|it|this|that)?\s*(?:then\s+)?(?P<m>[\w .'\-]+?)(?:\s+(?:afterwards|later|then|as\s+a\s+result))?\s*(?:[;.?!]|$)",
        ql,
    )
    if m:
        # "counseling works because people miss fewer payments": a mechanism without an outcome
        med = re.sub(
            r"\b(?:fewer|more|less|higher|lower|bigger|smaller|lowers?|raises?|reduces?|increases?|cuts?|"
            r"boosts?|improves?|shortens?)\s+",
            "",
            m.group("m"),
        )
        it = Intent("effect", treatment=_strip(m.group("t")), mediator=_strip(med))
        # "... - can we quantify that part for the defect rate?": the outcome, said after
        y = re.search(r"\bfor\s+(?:the\s+)?(?P<y>[\w .'\-/]+?)\s*[?.!]*$", ql[m.end() :])
        it.outcome = _strip(y.group("y")) if y else None
        return _with_slots(it, ql)
    m = re.search(
        r"^(?:are|is|were|was)\s+(?:the\s+)?(?P<g>[\w .'\-]+?)\s+(?:affected|impacted|helped|hurt|"
        r"influenced)\s+differently\s+by\s+(?:the\s+)?(?P<t>[\w .'\-]+?)\s*(?:\((?:on\s+|for\s+)?(?:the\s+)?"
        r"(?P<y>[\w .'\-/]+)\)|[,;]?\s*(?:for|on|in\s+terms\s+of)\s+(?:the\s+)?(?P<y2>[\w .'\-/]+?))?\s*$",
        ql,
    )
    if not m:
        # "do men and women respond differently to the new drug (recovery days)?"
        m2 = re.search(
            r"^(?:do|does|did|would|will)\s+(?:the\s+)?(?P<g>[\w'\-]+(?:\s+(?:and|or|vs\.?)\s+[\w'\-]+)?)\s+"
            r"(?:respond|react|fare|do)\s+(?:differently|the\s+same|equally(?:\s+well)?)\s+(?:to|with|on)\s+(?:the\s+)?"
            r"(?P<t>[\w .'\-]+?)\s*(?:\((?:on\s+|for\s+|in\s+)?(?:the\s+)?(?P<y>[\w .'\-/]+)\)|[,;]?\s*(?:for|on|"
            r"in\s+terms\s+of)\s+(?:the\s+)?(?P<y2>[\w .'\-/]+?))?\s*$",
            ql,
        )
        if m2:
            it = Intent(
                "effect",
                treatment=_strip(m2.group("t")),
                outcome=_strip(m2.group("y") or m2.group("y2")),
            )
            it = _with_slots(it, ql)
            it.by = it.by or _strip(m2.group("g"))
            return it
    if m:
        # "are night shifts and day shifts affected differently by maintenance (defects)?"
        it = Intent(
            "effect", treatment=_strip(m.group("t")), outcome=_strip(m.group("y") or m.group("y2"))
        )
        it.by = _strip(m.group("g"))
        return _with_slots(it, ql)
    m = re.search(
        rf"^how\s+much\s+(?:does|do|did)\s+(?:the\s+)?{_PH.format(name='t')}\s+(?:really\s+)?"
        r"(?:matter|count|make\s+a\s+difference)\s*$",
        ql,
    )
    if m:
        return _with_slots(Intent("effect", treatment=_strip(m.group("t"))), ql)
    m = re.search(rf"\b(?:effect|impact|influence)s? of {_PH.format(name='t')}{_STOP}", ql)
    if m:
        return _with_slots(Intent("effect", treatment=_strip(m.group("t"))), ql)
    m = re.search(rf"\b(?:effect|impact|influence)s? on {_PH.format(name='y')}{_STOP}", ql)
    if m:
        return _with_slots(Intent("effect", outcome=_strip(m.group("y"))), ql)

    drivers = _drivers(ql, late=True)
    if drivers is not None:
        return drivers
    if (
        re.search(
            r"\b(?:causal\s+(?:graph|structure|diagram|model|relationships?|relations|network|dag|discovery|links|map)|discover\w*|structure\s+learning|learn\s+(?:the\s+)?(?:causal\s+)?(?:graph|structure|dag|network)|\bdag\b|\bc?pdag\b|\bpag\b|\bskeleton\b|essential\s+graph|what (?:causes|influences|affects|drives|impacts|determines) what|how are (?:the )?(?:variables|columns)(?: [\w ]+?)? (?:causally )?(?:related|connected|linked)|how (?:the |all the |these )?(?:variables|columns|factors|features)(?: [\w ]+?)? (?:are|is) (?:causally )?(?:related|connected|linked)|how (?:do |does )?(?:the |all (?:the |of the |our )?|these )?(?:[a-z]+ )?(?:variables|columns|factors|features|metrics|measures|fields|kpis) (?:causally )?(?:relate|interact|connect|(?:depend on|influence|affect|cause|drive) (?:each other|one another))|causally (?:related|connected|linked)|which variables cause which|(?:web|map|network|picture|diagram) of (?:cause and effect|causes and effects|causal (?:links|relations\w*))|cause[- ]and[- ]effect (?:web|map|network|diagram|structure|graph)|how [\w ,'&\-]{3,120}? (?:hang|hangs|fit|fits|tie|ties|hold|holds) together|how (?:are |do |does )?(?:the )?[\w'\-]+(?: [\w'\-]+)?(?:, (?:the )?[\w'\-]+(?: [\w'\-]+)?)+,? (?:and|&) (?:the )?[\w'\-]+(?: [\w'\-]+)? (?:are |is )?(?:all )?(?:related|connected|linked|interact|relate|connect)|(?:draw|show|build|find|estimate|infer)\s+(?:me\s+)?(?:the\s+|a\s+)?(?:causal\s+)?(?:graph|dag|network|structure))\b",
            ql,
        )
        or (
            # "how stable are the edges?": a question about the graph's edges
            re.search(
                r"\bhow\s+(?:stable|reliable|robust|certain)\s+(?:are|is)\s+(?:the\s+)?(?:edges?|arrows?|links?|graph)\b",
                ql,
            )
        )
        or (
            # "graph + edge confidence", "graph w/ pc": a terse request that opens with the graph
            re.match(r"(?:the\s+|a\s+)?(?:causal\s+)?(?:graph|dag)\b(?!\s+(?:file|in|from)\b)", ql)
            and not re.search(r"\b(?:effect|impact)s?\s+of\b", ql)
        )
        or (
            (_find(ALGORITHMS, ql) or _find(lexicon.UNAVAILABLE_ALGORITHMS, ql))
            and (
                re.search(
                    r"\b(?:run|use|using|apply|with|try|fit|on|do|give|graph|dag|bootstrap\w*|alpha)\b",
                    ql,
                )
                or len(ql.split()) <= 4
                # "fci + chi-square test at the 10% level": an algorithm with its test
                or _find(lexicon.CI_TESTS, ql)
            )
        )
        or (
            # "a kernel CI test at alpha 0.02 for the agents' graph": a discovery option said
            # with the graph it is for
            (_find(lexicon.CI_TESTS, ql) or re.search(r"\balpha\b", ql))
            and re.search(r"\b(?:graph|dag|structure|skeleton|edges)\b", ql)
            and not re.search(r"\b(?:effects?|impacts?)\s+of\b", ql)
        )
    ):
        return Intent("discover", algorithm=_find(ALGORITHMS, ql))
    if re.search(
        r"\b(?:describe|description|summari[sz]e|summary|profile|overview|what(?:'s| is) in|what(?:'s| is) inside|what columns|which columns|what (?:fields|variables|columns) (?:do|does|did|have|are there)|what are the (?:columns|variables|fields)|what variables|which variables|(?:kinds?|types?|sorts?) of (?:columns|variables|fields|data)|column types|(?:data|dataset|table|file) about|look like|tell me about|show (?:me )?(?:the )?(?:data|variables|columns|table)|inspect|missing|how many (?:rows|columns|variables|records|observations)|how many [a-z]+ (?:are there|are in|do we have|does it have|is there|in (?:the|this) (?:data|dataset|table))|(?:types?|kinds?) (?:is|are|of) (?:each|every|the) (?:columns?|variables?)|what (?:type|kind) is each|list (?:the |all )?(?:columns|variables)|the variables of)\b",
        ql,
    ) or _DESCRIBE_WORDS.search(ql):
        return Intent("describe")
    if re.fullmatch(r"(?:the |which |what )?(?:columns|variables|fields|schema)", ql):
        return Intent("describe")
    if (
        re.search(r"\bhelp\b|\bwhat can you do\b", ql)
        # "does fertiliser help more in the east?": help said of a variable is an effect
        and not re.search(
            r"\b(?:does|do|did|would|will|might|could)\s+(?!you\b|i\b|u\b)(?:the\s+)?[\w\-]+(?:\s+[\w\-]+){0,2}\s+"
            r"(?:really\s+|actually\s+)?help\b(?!\s+me\b)",
            ql,
        )
        # "the device help more in some site ...?": a statement of what a variable helps, its
        # "does" left out
        and not re.search(
            r"^(?:the\s+|our\s+)?(?!(?:i|we|you|u|please|pls|can|could|need|some|any|get|want|quick)\b)"
            r"[\w\-]+(?:\s+(?!help)[\w\-]+){0,2}\s+helps?\s+(?:really\s+)?(?:more|less|better|worse|"
            r"the|an?|to|lower|raise|reduce)\b",
            ql,
        )
    ):
        return Intent("help")
    if not has_history:
        # "Some patients got the new drug. Does it shorten recovery?": the planner looks for
        # what the pronoun names in the question's other sentences
        m = re.search(
            rf"\b(?:does|do|did|will|would|can|could|whether|if)\s+(?P<t>it|they|this|that)\s+"
            rf"(?:really\s+|actually\s+)?(?:{_VERBS_S}|{_VERBS})\s+{_PH.format(name='y')}{_STOP}",
            ql,
        )
        if m and _strip(m.group("y")) and not _not_a_column(_strip(m.group("y")) or ""):
            return _with_slots(
                Intent("effect", treatment=m.group("t"), outcome=_strip(m.group("y"))), ql
            )
    return Intent("unknown")


#: Asking for an explanation of the last result rather than for a new analysis.
_EXPLAIN = re.compile(
    r"(?:so\s+|and\s+|but\s+)?(?:(?:can|could|would)\s+you\s+)?(?:please\s+)?(?:explain|interpret|"
    r"clarify|walk\s+me\s+through|break\s+down)\s+(?:to\s+me\s+)?(?:(?:that|this|the|your|my|it)\s+)?"
    r"(?:(?:last|previous|latest|above|earlier)\s+)?(?:answer|result|number|estimate|output|finding|"
    r"effect|graph|reply|analysis|step|one|it)?s?(?:\s+(?:in\s+(?:plain|simple|easy)\s+(?:words|english|"
    r"terms|language)|simply|to\s+me|please|again|a\s+bit|for\s+me))*|"
    r"(?:(?:can|could|would)\s+you\s+)?put\s+(?:that|this|the|it)\s+(?:(?:estimate|result|number|answer|effect)\s+)?"
    r"in(?:to)?\s+(?:simple|plain|layman'?s?|everyday)\s+(?:terms|words|english|language)|"
    r"why\s+(?:did|do|would)\s+you\s+(?:pick|choose|use|select|go\s+with|run)\s+(?:that|this|the)\s+"
    r"(?:method|algorithm|estimator|approach|test|one)|"
    r"what\s+does\s+(?:that|this|it|the)\s+(?:(?:number|result|estimate|answer|effect|graph|output|table|"
    r"plot|confidence\s+interval|interval|ci|p[\s-]*value|verdict|estimand)\s+)?(?:mean|tell\s+(?:me|us)|say|show)"
    r"(?:\s+here)?"
    r"(?:\s+(?:in\s+(?:plain|simple)\s+(?:words|english|terms)|exactly|for\s+us))*"
)
#: A plural noun for the people (or units) a table's rows are ("members", "agents", "drivers").
_PEOPLE_WORDS = (
    r"people|persons|folks|customers|clients|users|patients|students|pupils|members|staff|"
    r"subscribers|households|families|cows|stores|shops|stations|routes|buildings|"
    r"[a-z]+(?:ers|ees|ants|ents|ists|ians|ors)"
)
_PEOPLE_NOUN = rf"(?:{_PEOPLE_WORDS})\b"
#: Groups said as people with a level word before the noun, compared: "help Basic members lose
#: weight as much as Premium ones", "keep rural drivers more than metro ones".
_PEOPLE_LEVELS = re.compile(
    r"\b(?P<v>helps?|benefits?|keeps?|retains?|stops?|protects?|saves?|gets?|push(?:es)?|drives?)\s+"
    # (any plural: "York restaurants", "urban routes")
    r"(?:the\s+)?(?P<a>[\w'\-]+)\s+(?:"
    + _PEOPLE_WORDS
    + r"|[a-z]{3,}s)\b(?:\s+(?P<vp>(?:to\s+|from\s+)?[\w'\-]+"
    r"(?:\s+(?!as\b|than\b)[\w'\-]+){0,3}?))??\s+(?:as\s+much\s+as|(?:(?:any\s+)?(?:more|less|better|"
    r"worse)\s+)?than)\s+(?:(?:it\s+)?does\s+)?(?:for\s+)?(?:the\s+)?(?P<b>[\w'\-]+)\s+(?:ones|"
    + _PEOPLE_WORDS
    + r")\b",
    re.I,
)


def _levels_of_people(m: re.Match[str]) -> str:
    """The comparison `_PEOPLE_LEVELS` found, as the levels compared."""
    vp = re.sub(r"\b(?:more|less|fewer|better|worse)\b\s*", "", m.group("vp") or "").strip()
    if not vp:  # "keep rural drivers as much as metro ones": the treatment works for each
        verb = "works" if m.group("v").lower().endswith("s") else "work"
        return f"{verb} as much for {m.group('a')} as for {m.group('b')}"
    return f"{m.group('v')} people {vp} as much for {m.group('a')} as for {m.group('b')}"


#: "how much of the X effect on Y is just the Z": what a share of the effect is put down to.
_HOW_MUCH_IS_JUST = (
    r"\bhow\s+much\s+of\s+(?:the\s+|this\s+|that\s+|its\s+)?[^?;]*?\b(?:effect|impact|gap|difference|"
    r"link|benefit|advantage)\b[^?;]*?\bis\s+(?:just|only|simply|merely|really\s+just)\s+(?:the\s+|their\s+)?"
    r"(?!(?:more|less|fewer|higher|lower|bigger|smaller|better|worse|larger|longer|shorter|extra|"
    r"reduced|increased|down|due)\b)"
)
#: "Is the counselling effect on defaults just their credit score talking?", "is that gap really
#: just the region?": an effect (or a pointer to it) put down wholly to a plain variable, i.e. doubted
#: as confounded by it (not "just chance", nor a change the treatment makes).
_IS_JUST = (
    r"\b(?:is|are|was|were|isn'?t|aren'?t)\s+(?:the\s+|this\s+|that\s+|its\s+|their\s+|our\s+)?"
    r"(?:(?:[\w'\-]+\s+){0,3}?(?:effect|impact|gap|difference|link|benefit|advantage|association|"
    r"relationship|correlation)(?:\s+(?:on|of|in|for|with)\s+[\w'\-]+(?:\s+[\w'\-]+)?)?|it|that|this)\s+"
    r"(?:really\s+|actually\s+)?(?:just|only|simply|merely|all|mostly)\s+(?:the\s+|their\s+|its\s+|his\s+|her\s+)?"
    r"(?!(?:an?\s+)?(?:chance|noise|luck|coincidence|correlation|fluke|random|selection|"
    r"more|less|fewer|higher|lower|bigger|smaller|better|worse|larger|longer|shorter|extra|"
    r"reduced|increased|down|due|because|about|a|an|in|on|for|to|that|this|it|what|how)\b)"
)
#: What may follow the variable of `_IS_JUST` ("their credit score talking", "the region at work").
_TALKING = (
    r"(?:\s+(?:talking|speaking|at\s+work|in\s+disguise|showing(?:\s+(?:through|up))?|again|"
    r"coming\s+through))?"
)
#: A question about the last result itself, not a new analysis: its significance, certainty,
#: p-value, interval, controls or assumptions ("is that significant?", "how sure are you?", "what
#: did you adjust for?", "could it just be chance?"). Read only in a session; a question that
#: names an effect ("is the effect of X on Y significant?") asks for that estimate instead.
_THAT = (
    r"(?:(?:the|that|this|your)\s+(?:effect|estimate|result|number|finding|difference|answer|gap|ate)|"
    r"that|this|it)"
)
#: The last result pointed to, with the number it gave if the question repeats it ("this number
#: 4.8", "that -0.05", "the result").
_RESULT_POINTER = (
    r"(?:(?:(?:the|that|this|these|those|your)\s+(?:(?:effect|estimate|result|number|finding|difference|"
    r"answer|gap|ate|value|figure|coefficient)s?)(?:\s+(?:of\s+)?[-+\u2212]?\d+(?:\.\d+)?\s*%?)?)|"
    # ("what does the -2.9 mean", "what does -2.9 mean": the number itself)
    r"(?:(?:this|that|the)\s+)?[-+\u2212]?\d+(?:\.\d+)?\s*%?|that|this|it)"
)
_ABOUT_ONE = (
    r"(?:(?:is|was|are|were)\s+"
    + _THAT
    + r"\s+(?:even\s+|actually\s+|really\s+)?(?:statistically\s+)?"
    r"significant(?:\s+(?:or\s+not|at\s+(?:the\s+)?\d+\s*%(?:\s+level)?|statistically))?|"
    r"(?:statistically\s+)?significant(?:\s+or\s+not)?|"
    # "is it adjusted for anything?", "was that a raw comparison?": what the estimate held fixed
    r"(?:is|was|has)\s+" + _THAT + r"\s+(?:been\s+)?(?:adjusted|controlled|corrected)\s+(?:for\s+)?"
    r"(?:anything|something|confound\w*|any\s+\w+)|"
    r"what\s+(?:was|were|is|are|has)\s+" + _THAT + r"\s+(?:been\s+)?(?:adjusted|controlled|"
    r"conditioned)\s+(?:for|on)|"
    r"(?:is|was)\s+" + _THAT + r"\s+(?:just\s+|only\s+)?an?\s+(?:raw|naive|simple|crude|plain|"
    r"unadjusted)\s+(?:comparison|difference|correlation|association)|"
    # "is the range around that estimate wide?", "how wide is the interval?"
    r"how\s+(?:wide|narrow|tight)\s+(?:is|was)\s+the\s+(?:confidence\s+)?(?:interval|range|ci|margin)"
    r"(?:\s+(?:around|of|on|for)\s+" + _THAT + r")?|"
    r"(?:is|was)\s+the\s+(?:confidence\s+)?(?:interval|range|ci|margin)(?:\s+(?:around|of|on|for)\s+"
    + _THAT
    + r")?\s+(?:very\s+|too\s+|really\s+)?(?:wide|narrow|tight)|"
    r"how\s+(?:sure|confident|certain)\s+(?:are\s+you|can\s+(?:i|we)\s+be|should\s+(?:i|we)\s+be|"
    r"(?:i|we)\s+can\s+be)"
    r"(?:\s+(?:about|in|of|with)\s+" + _THAT + r"(?:\s+(?:number|estimate|result))?)?|"
    r"how\s+(?:precise|reliable|robust|solid|trustworthy|certain|noisy|uncertain)\s+is\s+"
    + _THAT
    + r"|"
    r"(?:(?:can|could|should)\s+(?:i|we)\s+)?(?:really\s+)?(?:trust|rely\s+on|believe)\s+"
    + _THAT
    + r"|"
    r"(?:could|can|might|may|is)\s+(?:that|this|it)\s+(?:just\s+|simply\s+|all\s+)?(?:be\s+)?"
    r"(?:(?:due\s+to|down\s+to)\s+)?(?:chance|noise|luck|random(?:\s+noise)?|a\s+fluke)|"
    r"what\s+(?:did|do)\s+you\s+(?:adjust|control|condition)(?:\s+for|\s+on)?|"
    # "what did you find?", "so what have we learned?": the last result, summed up
    r"what\s+(?:did|have)\s+(?:you|we)\s+(?:just\s+)?(?:find|found|get|got|learn\w*|conclude\w*)"
    r"(?:\s+(?:out|there|here))?|"
    r"what\s+(?:was|were|is|are)\s+(?:adjusted|controlled|conditioned)\s+(?:for|on)|"
    r"(?:which|what)\s+(?:variables|columns|covariates|confounders|controls|things)\s+(?:did|do)\s+you\s+"
    r"(?:adjust|control|condition)\s+(?:for|on)|(?:what|which)(?:'s|\s+is|\s+are|\s+were)\s+the\s+"
    r"(?:controls|covariates|adjustment\s+set|confounders\s+(?:you\s+)?used)|"
    r"(?:what(?:'s|\s+is|\s+was)\s+)?(?:the\s+)?p[\s-]*val(?:ue)?(?:\s+(?:for|of)\s+"
    + _THAT
    + r")?|"
    r"(?:what(?:'s|\s+is|\s+was)\s+)?(?:the\s+)?(?:confidence\s+interval|ci|margin\s+of\s+error|"
    r"uncertainty|standard\s+error|error\s+bars?)(?:\s+(?:for|of|on)\s+" + _THAT + r")?|"
    r"what\s+(?:assumptions?|conditions)\s+(?:does|did|do)\s+"
    + _THAT
    + r"\s+(?:rely|rest|depend|hinge)\s+on|"
    r"what\s+(?:are|were)\s+(?:the|your)\s+assumptions(?:\s+(?:here|behind\s+" + _THAT + r"))?|"
    r"what\s+(?:are|did)\s+you\s+assum(?:e|ing)|"
    # what the result means, asked directly, in learners' order or indirectly ("what does this
    # number 4.8 mean?", "what means this number?", "what that result means for the patients")
    r"what\s+(?:(?:does|do|did)\s+"
    + _RESULT_POINTER
    + r"\s+mean|means\s+"
    + _RESULT_POINTER
    + r"|"
    + _RESULT_POINTER
    + r"\s+means)(?:\s+(?:for|to|in)\s+(?:the\s+|us|our\s+|them|practice|real\s+"
    r"life|(?:[\w'\-]+\s+){0,2}[\w'\-]+))?)"
    r"(?:[,\s]+(?:here|there|then|exactly|again|now|please|in\s+the\s+end|at\s+all|roughly|"
    r"in\s+practice|really|in\s+(?:plain|simple|everyday|normal)\s+(?:english|words|terms|language)))*"
)
_ABOUT_RESULT = re.compile(
    r"(?:(?:ok|okay|so|and|but|hmm+|right|great|thanks|cool|nice|wow|interesting)[,\s]+)*"
    # ("can we trust this or is it just noise?": two such questions in one)
    + _ABOUT_ONE
    + r"(?:\s*,?\s*(?:or|and|i\.e\.)\s+"
    + _ABOUT_ONE
    + r")*"
)
#: Words that doubt a result's certainty or ask whether it is chance ("is it just chance?", "how
#: sure are you about that number?", "could it be a coincidence?", "is this number reliable?").
_CERTAINTY_WORDS = frozenset(
    "chance chances noise noisy luck lucky fluke random randomly randomness coincidence "
    "coincidental accident accidental accidentally sure confident confidence certain certainty "
    "certainly uncertain uncertainty trust trustworthy reliable reliability robust robustness "
    "solid significant significance significative significantly meaningful precise precision "
    "interval intervals margin spurious artefact artifact checks refutation refutations "
    "placebo stable casuality casualty casual causal causally causation correlation correlational "
    "correlated association "
    # whether it is big enough to matter in practice ("is that big enough to matter?")
    "matter matters important substantial negligible practically practical relevant sizeable "
    "sizable".split()
)
#: The other words such a question may use: pointers to the result, verbs of asking, hedges.
#: A question with any other word (a column, an analysis, a group) is read elsewhere.
_CERTAINTY_FILLER = frozenset(
    "it it's its this that that's these those the a an result results number numbers estimate "
    "estimates estimation effect effects finding findings difference answer value figure one "
    "analysis data is was are were be been being can could may might should would will do does "
    "did done have has had am happen happened happens come came show tell give explain say know "
    "see pass passed get got check seem seems look looks mean means make how what much many very "
    "big large small high low just only maybe perhaps simply really actually all or and but so not "
    "no yes ok okay hmm please i we me you us my our your by in of about from to for with due down "
    "purely pure statistically statistical level percent at there here now then still also even "
    "quite enough kind sort bit well thanks thank wait or any some something true truly "
    "level p value values error errors bars bar range degree amount how's what's isn't wasn't "
    "can't couldn't i'm we're you're whether if there's more less real zero possible possibly "
    "likely probable probably they them their it's different enough practice huge tiny lot "
    "little "
    # the asker's own judgement of the size before the question ("that's a decent effect, but is
    # it big?") and what an interval does with zero ("the interval is crossing the zero")
    "that's decent fair reasonable good nice strong weak modest solid crossing crosses cross "
    "crossed includes include including contains contain containing overlaps overlap overlapping "
    "spans span touches".split()
)


#: "which method you used for this estimation?", "what estimator did you apply here": the method
#: of the last result (not the list of methods there are).
_METHOD_USED = re.compile(
    # ("with which method you have calculated this?": the method the number was got with)
    r"(?:(?:and|so|but|ok|okay)[,\s]+)*(?:(?:with|by|using|through)\s+)?(?:which|what)\s+(?:estimation\s+)?(?:method|estimator|technique|"
    r"approach)\s+(?:(?:did|have|do)\s+)?(?:you\s+)?(?:have\s+|did\s+)?(?:use|used|apply|applied|choose|"
    r"chose|pick|picked|calculat\w*|comput\w*|estimat\w*|get|got|obtain\w*|make|made|do|did|done)\b(?:\s+(?:for|in|on|here|there|this|that|it|the|estimation|estimate|analysis|result))*"
    r"[\s?.!]*",
    re.I,
)


#: Which controls the last result held fixed, asked inside a longer sentence ("asked me which
#: factors you held constant when you computed that").
_CONTROLS_ASKED = re.compile(
    r"\b(?:which|what)\s+(?:variables|columns|covariates|confounders|controls|factors|things)\s+"
    r"(?:did\s+|have\s+|had\s+)?you\s+(?:have\s+|had\s+)?(?:adjust\w*|control\w*|condition\w*|held|hold|kept|"
    r"keep|account\w*)\s+(?:for|on|constant|fixed|equal)\b|"
    # "the variables for which you controlled, which are?"
    # "remind me what you controlled for": the question said indirectly
    r"\bwhat\s+(?:did\s+|have\s+|had\s+)?you\s+(?:adjust\w*|control\w*|condition\w*|held|kept|account\w*)\s+"
    r"(?:for|on|constant|fixed)\b|"
    r"\b(?:variables|columns|covariates|confounders|factors)\s+(?:for|on)\s+which\s+(?:you\s+|it\s+|the\s+\w+\s+)"
    r"(?:have\s+|has\s+|had\s+|was\s+|were\s+)?(?:adjust\w*|control\w*|condition\w*|account\w*)\b|"
    # "which method produced that number and what it was adjusted for"
    r"\bwhat\s+(?:it|that|this|the\s+(?:estimate|number|result))\s+(?:was|is|has\s+been)\s+(?:adjusted|controlled|"
    r"conditioned)\s+(?:for|on)\b|"
    r"\b(?:which|what)\s+(?:method|estimator|technique|approach)\s+(?:produced|gave|generated|computed|"
    r"calculated|was\s+used|you\s+used)\b"
)


def _asks_about_result(raw: str) -> bool:
    """Whether a question told at length asks only about the last result: one of its sentences
    (or the words after its colon: "..., who will ask the obvious thing: did the checks pass, or
    could this be a fluke?") is such a question, and no sentence asks for an analysis; or it asks
    which controls were held fixed."""
    # ("in this estimate", "for the last result": a pointer to the result, no new request)
    rest = re.sub(
        r"\b(?:this|that|the|your|the\s+last|last)\s+(?:estimates?|effects?|results?|numbers?|analys[ie]s)\b",
        " ",
        raw,
        flags=re.I,
    )
    if _CONTROLS_ASKED.search(raw) and not re.search(
        r"\b(?:effect|impact|estimate|what\s+if|graph|instead|now\s+with|again)\b", rest
    ):
        return True
    parts = [p.strip(" ?.!;") for p in re.split(r"(?<=[.!?;])\s+", raw) if p.strip(" ?.!;")]
    if len(parts) < 2 and ":" not in raw:
        return False
    for part in parts:
        tail = part.rsplit(":", 1)[-1].strip(" ?.!;")
        # ("Our CFO will ask whether this is causal or only correlation": the question asked)
        asked = re.split(
            r"\b(?:ask|asks|asked|know|wonder\w*|question\s+is)\s+(?:me\s+|us\s+)?(?:whether|if)\s+",
            part,
            maxsplit=1,
            flags=re.I,
        )[-1]
        for said in dict.fromkeys((part, tail, asked)):
            if said and (
                _ABOUT_RESULT.fullmatch(said)
                or _doubts_certainty(said)
                or _METHOD_USED.fullmatch(said)
            ):
                return True
    return False


def _doubts_certainty(raw: str) -> bool:
    """Whether a follow-up only asks how sure the last result is, or whether it is chance: a word
    of certainty or chance, and otherwise only pointers, verbs of asking and hedges."""
    words = re.findall(r"[a-z][a-z']*|\d+", raw.lower())
    # ("could the effect actually be zero?": zero as what the effect may be)
    zero = re.search(
        r"\b(?:be|is|was)\s+(?:\w+\s+)?zero\b|\b(?:different|distinct)\s+(?:of|from|than|to)\s+zero\b",
        raw,
        re.I,
    )
    # ("is that big?", "how big is it really?": whether the result's size matters)
    size = re.search(
        r"\b(?:is|was|are|were)\s+(?:that|this|it|they|(?:this|that|the)\s+(?:effect|result|estimate|"
        r"number|impact))\s+(?:(?:very|really|even|actually|quite|a)\s+)*"
        r"(?:big|large|huge|small|tiny|lot|much|little)\b|"
        # "it's big or small, this effect?": the question in the order of a statement
        r"\b(?:it|that|this)(?:'s|\s+is|\s+was)\s+(?:(?:very|really|even|actually|quite|a)\s+)*"
        r"(?:big|large|huge|small|tiny)\s+or\s+(?:not|small|big|large|tiny)\b|"
        r"\bhow\s+(?:big|large|small|much)\s+(?:is|was|are)\s+(?:that|this|it)\b",
        raw,
        re.I,
    )
    if not words or len(words) > 16 or not (_CERTAINTY_WORDS.intersection(words) or zero or size):
        return False
    if re.search(r"\bwhat\s+if\b|\bif\s+(?:we|i|you)\b", raw, re.I):
        return False  # "what if it were zero?": a scenario
    # (a number asks for another setting: "and with 99% intervals?")
    return all(w in _CERTAINTY_WORDS or w in _CERTAINTY_FILLER for w in words)


#: How many rows the gaps touch ("what share of rows they affect", "how many records are
#: affected"): the size of a missing-values problem, no causal effect.
_ROWS_AFFECTED = re.compile(
    r"\b(?:they|it|these|those|this|that|which|the\s+gaps|the\s+blanks)\s+affects?\b|"
    r"\baffected\s+(?:rows|records|cases|entries|observations|players|patients|customers)\b|"
    r"\b(?:rows|records|cases|entries|observations)\s+(?:are\s+|were\s+|get\s+)?affected\b"
)
#: Words that ask about missing values ("any NaNs?", "which columns have holes", "check
#: missingness", "how many readings are lost?"); "end up missing fewer payments" is a verb.
_MISSING_WORDS = re.compile(
    # ("40% complete it": the verb and its object, no missing values)
    # ("missingnes", "missigness": the noun typed with a letter short)
    # ("we may be missing variables": unobserved variables, a reason for FCI, no missing values)
    r"\b(?:(?:(?<!\bbe )(?<!\bare )(?<!'re )missing|missing(?!\s+(?:some\s+|a\s+few\s+|important\s+|"
    r"key\s+|hidden\s+)?(?:variables|confounders|causes)\b))(?!\s+(?:more|fewer|less)\b)"
    # ("she's missing that weaker students get a tutor", "missing the point": the verb)
    r"(?!\s+(?:that\s+(?:the|a|an|some|most|many|there|(?:[\w'\-]+\s+){1,3}(?:are|is|were|was|get|gets|got|do|does|did|have|has|had)\b)|the\s+point\b|something\b|out\s+on\b))|"
    r"missi?n?g?ne?s{1,2}\b|nans?|nas|nulls?|blanks?|n/a|"
    r"complete(?!\s+(?:it|them|this|that|these|those|the|a|an|their|its|his|her|our|my)\b)|"
    r"completeness|lacking|holes|(?:values?|data|cells?|entries)\s+(?:are\s+|is\s+)?absent|"
    r"empty\s+(?:cells?|values?|fields?|entries)|"
    r"(?:values?|readings?|measurements?|records?|entries|data\s+points?)\s+(?:are\s+|were\s+|got\s+|"
    r"have\s+been\s+)?(?:lost|dropped)|lost\s+(?:values?|readings?|measurements?|records?|entries)|"
    # "did any route not report its punctuality?": a value some rows never reported
    r"(?:recorded|measured|reported|logged|collected)\s+for\s+(?:all|every|each)|"
    # "which variables have nonresponse?", "did every player log it?", "it miss some bmi values"
    r"(?:item\s+)?non[\s-]?response|"
    r"(?:did|does|do|has|have)\s+(?:every|each|all(?:\s+the)?)\s+\w+\s+(?:log|record|report|fill\s+in|enter)|"
    r"miss(?:es|ed)?\s+(?:some|any|a\s+few|many)\s+(?:[\w'\-]+\s+){0,2}(?:values?|data|entries|readings|records)|"
    # "some patients never had their BMI recorded", "income was not entered for some"
    r"(?:never|not|don'?t|doesn'?t|didn'?t)\s+(?:been\s+|had\s+|got\s+|gotten\s+|have\s+|has\s+)?"
    r"(?:[\w'\-]+\s+){0,3}?"
    r"(?:recorded|measured|reported|logged|collected|entered|captured|filled\s+in)|isna|isnull|notna|(?:have|has|with)\s+(?:an?\s+|some\s+|any\s+|a\s+few\s+|many\s+)?empty|"
    # "are all cells filled in?", "the lab results didn't come back for everyone"
    r"(?:are|is)\s+(?:all|every)\s+(?:[\w-]+\s+){0,2}(?:filled|populated)|"
    r"(?:results?|values?|readings?|measurements?|data)\s+(?:didn'?t|did\s+not|never)\s+(?:come\s+(?:back|in)|arrive)|"
    # "do any stores lack a footfall count?", "some sprint distances may be absent"
    r"lack(?:s|ing)?\s+(?:an?\s+|any\s+)?(?:[\w-]+\s+){0,2}?(?:counts?|figures?|values?|readings?|"
    r"measurements?|records?|entry|entries|numbers?)|(?:may|might|could|can)\s+be\s+(?:absent|blank|empty|lost)|"
    # "some rows lack the data usage": rows said to lack a column's value
    r"(?:rows?|records?|entries|observations|cases)\s+(?:that\s+)?(?:lack|lacks|lacking)\b|"
    # "how many buildings have no occupancy figure?", "households with no earnings recorded"
    r"(?:have|has|had|with)\s+no\s+(?:[\w-]+\s+){0,3}?(?:figures?|values?|readings?|numbers?|entry|"
    r"entries|records?|measurements?|data)|no\s+(?:[\w-]+\s+){1,3}?(?:recorded|reported|logged)|"
    # "some routes had their counters broken": a context sentence about lost measurements
    r"(?:counters?|sensors?|meters?|loggers?)\s+(?:\w+\s+){0,2}(?:broke|broken|failed|down|offline|"
    r"dropped\s+out)|"
    # "which fields are sparsely populated?", "is the yield column fully populated?"
    r"(?:sparse(?:ly)?|fully|partially|poorly|not)\s+(?:populated|filled(?:\s+in)?)|"
    r"(?:is|are|was|were)\s+(?:\S+\s+){0,3}?empty|"
    r"(?:did|do|does|has|have)\s+(?:any|some|every|all)\s+(?:[\w-]+\s+){0,2}(?:not|never|fail\s+to)\s+"
    r"(?:report|record|log|fill\s+in|give|state)|not\s+(?:been\s+)?(?:reported|recorded|logged|filled\s+in|given|provided|stated|entered))\b"
)
#: Words that ask for a description of the table: summary statistics, distributions, ranges,
#: a first look ("mean and sd of every column?", "quick look at the data first").
_DESCRIBE_WORDS = re.compile(
    r"\b(?:(?:summary|descriptive|basic|quick|simple)\s+stat(?:s|istics)|^stat(?:s|istics)\s+(?:for|on|of)\b|"
    r"stat(?:s|istics)\s+(?:for|on|of)\s+(?:the\s+|this\s+|each\s+|every\s+|all\s+)|nunique|n_?unique|"
    r"tell\s+(?:me|us)\s+(?:a\s+(?:bit|little)\s+|more\s+|something\s+)?about\s+(?:the\s+|this\s+|my\s+|our\s+)?"
    r"(?:[\w-]+\s+)?(?:data|dataset|table|file)|descriptives|distributions?\s+of|ranges?\s+of|"
    r"(?:means?|averages?)\s+and\s+(?:sds?|std|standard\s+deviations?|variances?|spread)|"
    r"\bdf\.(?:info|describe|head|dtypes|shape|isna|isnull)\b|^(?:summary|str|glimpse|skim|describe)\s*\(\s*\w*\s*\)|"
    r"(?:quick|first|brief)\s+look|(?:the\s+)?basics\s+(?:on|of|about)\s+(?:the\s+|this\s+|my\s+|our\s+)?"
    r"(?:[\w-]+\s+)?(?:data|dataset|table|file)|rows\s*(?:,|and|&)\s*columns|what\s+each\s+(?:one|column|variable)"
    r"\s+(?:is|means|holds|contains|measures|records)|(?:look|glance|peek)\s+at\s+(?:the\s+|this\s+|my\s+)?"
    r"(?:data|dataset|table|file)|eda|how\s+(?:[\w']+\s+){1,4}distributed|lay\s+of\s+the\s+land|"
    # "walk me through the player data"
    r"walk\s+(?:me|us)\s+through\s+(?:the\s+|this\s+|my\s+|our\s+)?(?:[\w-]+\s+)?(?:data|dataset|table|"
    r"file|columns|variables)|"
    r"(?:distinct|unique)\s+values|cardinalit(?:y|ies)|break\s*downs?\s+of|data\s+dictionary|codebook|"
    r"how\s+spread\s+out|spread\s+of|variability\s+of|column\s+stat(?:s|istics)|"
    r"what(?:\s+is|'s)\s+(?:this|the|that)\s+(?:data\s*set|dataset|data|table|file)(?:\s+about)?$|what\s+am\s+i\s+looking\s+at|histogram[\s-]*like|rundown|(?:has|have|is|are)\s+in\s+it|"
    r"(?:min|max|mean|median|sd|std)\s*/\s*(?:min|max|mean|median|sd|std)|"
    r"what\s+(?:does|do)\s+(?:the\s+|this\s+|my\s+|our\s+)?(?:[\w-]+\s+)?(?:data|dataset|table|file)\s+"
    r"(?:contain|include|hold)|what\s+(?:the|this|my|our)\s+(?:[\w-]+\s+)?(?:data|dataset|table|file)\s+"
    r"(?:contains|includes|holds)|"
    r"what\s+(?:values|levels|categories)\s+(?:can|does|do|are\s+(?:there|in))\b|"
    # "general information of the policies table", "some info about the data"
    r"(?:general|basic|some|main)\s+(?:information|info|overview|facts)\s+(?:of|about|on)\s+(?:the\s+|this\s+|my\s+|our\s+)?"
    r"(?:[\w-]+\s+)?(?:data|dataset|table|file)\b|"
    # "what data do we have about the agents?"
    r"what\s+(?:data|information|info|variables|columns|fields)\s+(?:do|did)\s+(?:we|you|i)\s+have\b|"
    # "what's the average cost_usd?": a statistic of a column (an average effect is no statistic)
    r"what(?:'s|\s+is|\s+are|\s+was)\s+the\s+(?:average|mean|median|typical|maximum|minimum|max|min|"
    r"highest|lowest|range|spread|sd|standard\s+deviation)\b(?!\s+(?:\w+\s+)?(?:effect|impact))|"
    # "the salary column?": a column named alone, asked about
    r"^(?:the\s+|this\s+|that\s+)?(?:[\w'\-]+\s+){1,3}(?:column|variable|field)\s*[?.!]*$)\b"
)
#: Requests outside causal analysis (editing files, sending things, forecasting, charts): the
#: planner says plainly that it cannot, and what it can do instead.
_OUT_OF_SCOPE = re.compile(
    r"^(?:(?:please|can\s+you|could\s+you|pls)\s+)*(?:delete|erase|remove\s+(?:the\s+)?rows|drop\s+(?:the\s+)?rows|"
    r"save|send|e-?mail|book|schedule|translate|upload|export|print|rename|merge|sort|impute|"
    r"fill\s+in|write|draft|compose|deploy|install|host|download|scrape|crawl|fetch|remind|notify|"
    r"call|text|message)\b|\bsql\b|\b(?:powerpoint|slides?|slide\s+deck|spreadsheet|excel\s+file|pdf)\b|"
    # a forecast for one unit or for the future, not a scenario ("predict Y if we double X",
    # "predict what would happen to Y in that world")
    r"^(?:(?:please|can\s+you|could\s+you)\s+)*(?:predict|forecast)\w*\b(?![^;]*\b(?:if|when|under|after|would|happens?)\b)|"
    r"\b(?:pie|bar|line)\s+charts?\b|\bhistograms?\b(?![\s-]*like)|\bscatter\s*plots?\b|"
    # "plot the energy use over time": a chart of the data, not its causal graph
    r"^(?:(?:please|can\s+you|could\s+you|pls)\s+)*(?:also\s+)?(?:plot|chart|visuali[sz]e)\b"
    r"(?!\s+(?:me\s+)?(?:the\s+|a\s+|its\s+)?(?:causal\s+)?(?:graph|dag|diagram|structure|network|edges?)\b)"
)


#: What a capability question asks about: the word -> the vocabulary it lists.
_CAPABILITY_TOPICS = (
    (r"(?:independence|ci|conditional)?\s*tests?", "tests"),
    (r"(?:estimation\s+)?(?:methods?|estimators?|approach\w*|techniques?)", "methods"),
    (
        r"(?:causal\s+)?(?:discovery|structure[\s-]+learning)\s+(?:algorithms?|methods?|approach\w*|"
        r"techniques?)|(?:discovery\s+)?algorithms?",
        "algorithms",
    ),
    (r"(?:head\s+)?scores?", "scores"),
    (r"metrics?|measures?", "metrics"),
    (r"behaviou?rs?|tasks?", "behaviours"),
    (r"analys[ie]s|things|questions|tools?|experiments?", "analyses"),
)


#: A group of the table's units ("the yearly contract people"): "does it work on them?" asks
#: about the effect in that group, not about what the assistant can work on.
_GROUP_OF_UNITS = re.compile(
    r"\b(?:people|customers|users|members|patients|students|employees|workers|households|stores|"
    r"folks|subscribers|clients|players|borrowers|ones|groups?|segments?)\s*$"
)


def _capability(ql: str) -> Intent | None:
    """Questions about what the assistant can do rather than about the data: "which methods do
    you support?", "can you run difference-in-differences?". None for a question with variables
    ("can you estimate the effect of X on Y?")."""
    m = re.search(
        r"^(?:so\s+|and\s+)?(?:what|wh?ich)\s+(?:other\s+|kinds?\s+of\s+|sorts?\s+of\s+|types?\s+of\s+)?"
        r"(?P<what>[\w\s]+?)\s+(?:(?:can|could|do|does|are|is|will)\s+(?:you|there|i|we|available|supported|"
        r"(?:the|this|your|my)\s+(?:[\w\-]+\s+)?model)|"
        # ("what kinds of analyses you can run": the indirect question's word order)
        r"(?:i|we|you)\s+(?:can|could|should))\b",
        ql,
    )
    if m:
        for pat, topic in _CAPABILITY_TOPICS:
            if re.fullmatch(pat, m.group("what").strip()):
                return Intent("capability", concept=topic)
    if re.search(
        r"^(?:what\s+can\s+(?:i|we)\s+(?:ask|do)|how\s+(?:do|can|should)\s+(?:i|we)\s+use\s+(?:you|this|it)|"
        r"what\s+(?:do|can)\s+you\s+do|what\s+are\s+you|how\s+(?:does|do)\s+(?:this|it|you)\s+work|"
        r"how\s+(?:do|should|can)\s+(?:i|we)\s+(?:start|begin|get\s+started)|where\s+do\s+i\s+start|"
        r"(?:which|what)\s+(?:kinds?\s+of\s+|sorts?\s+of\s+|types?\s+of\s+)?questions\s+(?:can|could|should)\s+i|"
        r"what\s+(?:do|should|can|must)\s+(?:i|we)\s+(?:type|write|say|enter|ask))\b",
        ql,
    ):
        return Intent("help")
    m = re.match(
        # "how do I load my own checkpoint?", "how can we bring in our data?"
        r"^(?:so\s+|and\s+)?how\s+(?:do|can|should|would|could)\s+(?:i|we|one)\s+(?:load|use|open|bring\s+in|"
        r"add|import|upload|give\s+you|pass(?:\s+you)?|point\s+you\s+to|(?:ask|query)(?:\s+you)?\s+about|"
        r"probe|analy[sz]e|study|look\s+at)\s+(?:in\s+)?(?:my|our|a|an|another|"
        r"other|the|some)?\s*(?:own\s+|other\s+|local\s+|new\s+|different\s+)?(?P<what>[\w\s\-]+?)"
        r"(?:\s+(?:in(?:to)?|here|to\s+you|with\s+you|for\s+probing|from\s+disk))*$",
        ql,
    )
    if m and re.search(
        r"\b(?:models?|checkpoints?|weights|transformers?|networks?|llms?|gpt[\s-]*2|qwen\w*|llama)\b",
        m.group("what"),
    ):
        return Intent("capability", concept="own models")
    if m and re.search(
        r"\b(?:data|dataset|table|csv|file|spreadsheet|parquet)s?\b", m.group("what")
    ):
        return Intent("capability", concept="load data")
    m = re.match(
        # "can I run this on a GPU?"
        r"^(?:so\s+|and\s+)?(?:can|could)\s+(?:i|we)\s+(?:run|use)\s+(?:this|it|you|the\s+\w+)\s+(?:on|with)\s+"
        r"(?P<what>.+)$",
        ql,
    )
    if m:
        return Intent("capability", concept=m.group("what"))
    m = re.match(
        # "does this work with Hugging Face models?", "will it run on GPT-2?"
        r"^(?:so\s+|and\s+)?(?:does|do|will|would|can)\s+(?:this|it|you|the\s+(?:tool|assistant|app))\s+"
        r"(?:also\s+)?(?:work|run|cope|deal)\s+(?:with|on|for)\s+(?P<what>.+)$",
        ql,
    )
    if m and not _GROUP_OF_UNITS.search(m.group("what")):
        return Intent("capability", concept=m.group("what"))
    m = re.match(
        # ("would you run X for me" is a polite request, not a question about the assistant)
        r"^(?:so\s+|and\s+)?(?:can|could|do|does|are)\s+you\s+(?:also\s+)?(?:able\s+to\s+)?"
        r"(?:do|run|support|handle|use|estimate|compute|offer|have|fit|perform|make|apply|learn|discover)\s+"
        r"(?P<what>.+)$",
        ql,
    )
    if not m:
        return None
    unavailable = (
        lexicon.UNAVAILABLE_METHODS,
        lexicon.UNAVAILABLE_ALGORITHMS,
        lexicon.UNAVAILABLE_CI_TESTS,
    )
    if any(_find(t, m.group("what")) for t in unavailable) or not (
        _effect(ql)
        or _structured(ql)
        or re.search(
            r"\b(?:on|of|for|in|to)\s+(?:this|these|the|my|our)\s+(?:\w+\s+)?(?:data|dataset|table|model)",
            ql,
        )
        # "can you discover the causal structure using X": a request for the analysis itself
        or re.match(
            r"(?:the\s+|a\s+)?(?:causal\s+)?(?:graph|structure|dag|network)\b", m.group("what")
        )
        # "can you do it again with weighting": a request to redo the last step
        or re.match(r"(?:it|that|this|the\s+same)\b|.*\b(?:again|instead)\b", m.group("what"))
        # "can you run PC on the buildings", "... with alpha 0.01": the data or an option of
        # the run named, a request (a question about the assistant names neither)
        # "can u run promo sms on churn thru matching": a treatment "on" an outcome, then methods
        or re.match(
            r"(?:the\s+)?[\w\-]+(?:\s+[\w\-]+)?\s+on\s+(?:the\s+)?[\w\-]+(?:\s+[\w\-]+)?\s+"
            r"(?:with|using|via|thru|through|by)\b",
            m.group("what"),
        )
        or re.search(
            r"\b(?:on|over|across)\s+(?:the|this|these|my|our|that|those)\s+[\w\-]+|\balpha\b|"
            r"\d+\s*(?:x\b|times\b|bootstrap\w*|resampl\w*)",
            m.group("what"),
        )
        or _knowledge(ql) is not None
        # "could you run GES on farm and show me the graph", "could you make a matching for the
        # tutor and the passing": a request with what to show, or the two variables it is for
        or re.search(r"\band\s+(?:then\s+)?(?:show|give|tell|plot|draw|report)\s+(?:me|us)\b", ql)
        or re.search(
            r"\bfor\s+(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?\s+and\s+(?:the\s+)?[\w'\-]+",
            m.group("what"),
        )
        # "can you estimate the effect of the subsidy": an effect of something named (the
        # outcome is asked back), not a question about the assistant
        # ("can you do the churn effect of the promo sms with weighting", "the promo's effect
        # on churn": the effect said with its outcome or its cause before it)
        or re.match(
            r"(?:the\s+|an?\s+)?(?:(?!(?:same|other|kind|sort|type)\b)[\w\-]+\s+)?(?:causal\s+)?"
            r"(?:effects?|impacts?|influence)\s+of\s+"
            r"(?!(?:it|this|that|x|an?\s+|some\w*|any\w*|one|a\s+variable)\b)\w",
            m.group("what"),
        )
        or re.match(
            r"(?:the\s+)?[\w\-]+(?:\s+[\w\-]+)?'s?\s+(?:causal\s+)?(?:effects?|impacts?|influence)\s+"
            r"(?:on|upon)\s+\w",
            m.group("what"),
        )
    ):
        return Intent("capability", concept=m.group("what"))
    return None


_EDGE_PH = r"(?P<{name}>[\w .'\-]+?)"
#: After the word that marks an edge: not the start of the next edge ("forbidden c -> d"), for
#: which the word is a prefix.
_NOT_BEFORE_EDGE = (
    r"(?!\s+(?!and\b|but\b|or\b)(?:the\s+)?(?:edges?\s+)?[\w.'\-]+(?:\s+[\w.'\-]+){0,2}\s*->)"
)
#: An edge's end in "A -> B required" or "forbidden A -> B": a name that never spans the words
#: around it (the request, a list's "and", the word that marks the edge as required or
#: forbidden), so "with required a -> b and forbidden c -> d" keeps the two edges apart.
_EDGE_NAME = (
    r"(?P<{name}>(?!(?:and|but|or|with|edges?)\b)(?:(?!\b(?:and|but|or|with|edges?|discover\w*|graph|"
    r"require[sd]?|forbid\w*|known|given|banned|excluded|allowed|assum\w*|know|where|that|is|are|"
    r"please|also|then|so|plus|in|run|use|using)\b)[\w .'\-])+?)"
)
_EDGE_END = r"(?=\s*[,;.?!:]|\s*$|\s+(?:and|but|with|using|at|in|on|when|for|as|please)\b)"


_MORE_EDGE = re.compile(
    rf"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)(?:also\s+)?(?:an?\s+|the\s+)?(?:edge\s+)?"
    rf"(?:from\s+)?(?!\s*(?:must|should|exclude\w*|forbid\w*|require\w*|include\w*|ban|no|not|without|never)\b)"
    rf"{_EDGE_PH.format(name='a')}\s*(?:->|\s+to\s+)\s*{_EDGE_PH.format(name='b')}{_EDGE_END}"
)


#: What comes before the cause of a stated edge in its own clause ("map out the graph - fyi
#: quitting can't cause tenure"): the request, a dash or full stop, a word that introduces a fact.
_CLAUSE_OPENING = re.compile(
    r"^.*(?:\s[-\u2013\u2014]+\s*|[.?!]\s+|\b(?:fyi|btw|ps|note(?:\s+that)?|remember(?:\s+that)?|"
    r"(?:bear|keep)\s+in\s+mind(?:\s+that)?|(?:we|i)\s+(?:know|are\s+sure|am\s+sure)(?:\s+that)?|"
    r"obviously|clearly|of\s+course|though|because|since|knowing|given|that)\s+)"
)


def _more_edges(ql: str, pos: int) -> list[tuple[str | None, str | None]]:
    """Further edges listed after the first one a verb names ("forbid a -> b and c -> d")."""
    out = []
    while m := _MORE_EDGE.match(ql, pos):
        out.append((_strip(m.group("a")), _strip(m.group("b"))))
        pos = m.end()
    return out


_TIERS = re.compile(
    r"\b(?:tiers|tier\s*(?=[:=])|temporal\s+(?:order|tiers?|ordering)|time\s+order|causal\s+order(?:ing)?|"
    r"background\s+order|order\s+(?:the\s+)?(?:variables|columns)\s+(?:as|like))\b\s*(?:[:=]|is|are)?\s*(?P<list>[^.?!]+)"
)
#: What separates tiers in a list ("a, b; c; d", "a and b, then c, then d", "a < b < c").
_TIER_SEP = re.compile(
    r"\s*(?:;|\||<|>>|->|\bthen\b|\bfollowed\s+by\b|\bbefore\b|\bafter\s+that\b)\s*,?\s*"
)


_FIRST_THEN = re.compile(
    r"(?:^|\bwith\s+|\bwhere\s+|\border\s+|[:;,]\s*)(?P<first>[\w ,'\-]+?)\s+(?:(?:comes?|go(?:es)?|are|is|come)\s+)?"
    r"(?:first|at\s+the\s+start)\s*,?\s*"
    r"(?P<rest>then\b[^.?!;]+?)(?:\s+(?:as|for)\s+(?:the\s+)?(?:tiers?|temporal\s+order|order(?:ing)?))?\s*(?=[.?!;]|$)"
)


def _tiers(ql: str) -> list[list[str]]:
    """The tiers of a stated temporal order, earliest first: "tiers: a, b; then c; then d",
    "with a first, then b, then c"."""
    m = _TIERS.search(ql)
    if not m:
        fm = _FIRST_THEN.search(ql)
        if not fm:
            return []
        first = re.split(r"\b(?:with|where|order|using)\s+", fm.group("first"))[-1]
        text = first + " then " + fm.group("rest")  # ("..., churn last" is read below)
        text = re.sub(r"^then\s+", "", text)
        m = re.match(r"(?P<list>.+)", text.replace(" then then ", " then "))
    groups = re.findall(r"\[([^\]]*)\]", m.group("list"))
    if len(groups) > 1:
        # "tiers: [a, b], [c], [d]"
        return [names for names in (_split_list(g) for g in groups) if names]
    text = re.split(
        r"\s*[,;]?\s*\b(?:and\s+)?(?:run|use|try|apply|learn|discover|using|with|alpha|please)\b",
        m.group("list"),
    )[0]
    # "..., yield last", "... and cost at the end": the last tier said by its place
    last = r"\s+(?:(?:comes?|goes?|is|are)\s+)?(?:last|at\s+the\s+end)\s*$"
    text = re.sub(r"(\bthen\s+[\w '\-]+?)" + last, r"\1", text)
    text = re.sub(
        r"\s*,?\s*(?:and\s+)?\b(?P<x>(?!then\b)[\w'\-]+(?:\s+(?!then\b)[\w'\-]+)*?)" + last,
        r" then \g<x>",
        text,
    )
    tiers = []
    for part in _TIER_SEP.split(text):
        names = _split_list(part)
        if names:
            tiers.append(names)
    return tiers if len(tiers) > 1 else []


#: Statements of background knowledge about edges: (pattern with groups a and b, the list the
#: edge goes to, whether the edge runs b -> a, whether a list of further edges may follow).
_EDGE_STATEMENTS: tuple[tuple[str, str, bool, bool], ...] = (
    (
        # "Required: A -> B", "must have: A -> B, C -> D" (a labelled list of edges)
        rf"(?:^|[,;:.]\s*)(?:required|requires?|must\s+(?:have|include)|known|include)\s*(?:edges?)?\s*:\s*"
        rf"{_EDGE_PH.format(name='a')}\s*->\s*{_EDGE_PH.format(name='b')}{_EDGE_END}",
        "required",
        False,
        True,
    ),
    (
        # "Forbidden: A -> B", "not allowed: A -> B"
        rf"(?:^|[,;:.]\s*)(?:forbidden|forbid|excluded|exclude|banned|not\s+allowed|disallowed)\s*(?:edges?)?\s*:\s*"
        rf"{_EDGE_PH.format(name='a')}\s*->\s*{_EDGE_PH.format(name='b')}{_EDGE_END}",
        "forbidden",
        False,
        True,
    ),
    (
        rf"\b(?:assume|assuming|require|requiring|required|we know|known|knowing|given|force|forcing|keep|include)\s+"
        rf"(?:that\s+)?(?:an?\s+|the\s+)?(?:edge\s+)?(?:from\s+)?(?!and\b|but\b|or\b){_EDGE_PH.format(name='a')}\s+"
        rf"(?:->|causes|cause|affects|drives|influences|leads\s+to|to)\s+{_EDGE_PH.format(name='b')}{_EDGE_END}",
        "required",
        False,
        True,
    ),
    (
        # "A -> B is known", "the edge A -> B is certain"
        rf"(?:^|[,;:]\s*|\b(?:and|but|that|with)\s+|\s)(?:the\s+)?(?:edge\s+)?{_EDGE_NAME.format(name='a')}\s*->\s*"
        rf"{_EDGE_NAME.format(name='b')}\s+(?:(?:(?:is|are)\s+)?(?:known|given|certain|required|a\s+must|fixed|true|forced|"
        rf"mandatory|compulsory|a\s+(?:hard\s+)?constraint)\b|"
        # "A -> B has to be in it", "A -> B must be present", "A -> B should stay in"
        rf"(?:must|has\s+to|have\s+to|should|needs?\s+to|is\s+to)\s+(?:be\s+)?(?:present|included|kept|"
        rf"stay\w*|appear|there|in(?:\s+(?:it|there|the\s+(?:graph|dag|model|result|output|map)))?)\b)"
        rf"{_NOT_BEFORE_EDGE}",
        "required",
        False,
        False,
    ),
    (
        # "fertiliser must cause nitrogen", "and age definitely affects bmi", "hrv should point
        # into injured"
        rf"(?:^|[,;:]\s*|\b(?:that|and|but|where|while)\s+)(?!(?:there|it|this|that|we|you|i)\b){_EDGE_PH.format(name='a')}\s+"
        rf"(?:must|has\s+to|have\s+to|should|surely|definitely|certainly|(?:is|are)\s+known\s+to)\s+"
        rf"(?:cause|affect|influence|impact|drive|lead|feed|point)s?(?:\s+(?:to|into|at))?\s+{_EDGE_PH.format(name='b')}{_EDGE_END}",
        "required",
        False,
        False,
    ),
    (
        # "A -> B forbidden", "and C -> D is not allowed"
        rf"(?:^|[,;:]\s*|\b(?:and|but|that|with)\s+|\s)(?:the\s+)?(?:edge\s+)?{_EDGE_NAME.format(name='a')}\s*->\s*"
        rf"{_EDGE_NAME.format(name='b')}\s+(?:(?:is|are)\s+)?(?:forbidden|banned|excluded|ruled\s+out|not\s+allowed|impossible)\b"
        rf"{_NOT_BEFORE_EDGE}",
        "forbidden",
        False,
        False,
    ),
    (
        rf"\b(?:forbid|forbidding|forbidden|exclude|excluding|no|rule\s+out|disallow|ban|without|"
        rf"(?:do\s+not|don't|never|not)\s+(?:allow|permit|accept|draw|add)(?:ing)?|allow\s+no)\s+"
        rf"(?:an?\s+|the\s+|any\s+)?(?:(?:edges?|arrows?|links?)\s+)?(?:from\s+)?(?!and\b|but\b|or\b){_EDGE_PH.format(name='a')}\s+(?:to|->|into|onto)\s+"
        rf"{_EDGE_PH.format(name='b')}{_EDGE_END}",
        "forbidden",
        False,
        True,
    ),
    (
        # "the arrow from A to B is not possible", "that edge from A to B makes no sense": an
        # edge of the graph judged impossible
        rf"\b(?:the|this|that)\s+(?:arrows?|edges?|links?)\s+(?:going\s+)?from\s+{_EDGE_PH.format(name='a')}\s+"
        rf"(?:to|->|into|onto)\s+{_EDGE_PH.format(name='b')}\s+(?:(?:is|seems|looks)\s+(?:(?:really|just|clearly|"
        rf"obviously|simply)\s+)?(?:not\s+possible|impossible|wrong|not\s+right|nonsense|absurd|not\s+real|"
        rf"not\s+plausible|implausible|unrealistic|illogical|backwards)|makes?\s+no\s+sense|can(?:no|')t\s+be(?:\s+right)?)\b",
        "forbidden",
        False,
        False,
    ),
    (
        # "there can't be an arrow from A to B", "there shouldn't be any edge from A to B"
        rf"\bthere\s+(?:cannot|can't|can\s+not|(?:should|must)(?:\s+not|n't)|won't|will\s+not|may\s+not)\s+be\s+"
        rf"(?:an?\s+|any\s+)?(?:direct\s+)?(?:edges?|arrows?|links?)\s+(?:going\s+)?(?:from\s+)?"
        rf"{_EDGE_PH.format(name='a')}\s+(?:to|->|into|onto)\s+{_EDGE_PH.format(name='b')}{_EDGE_END}",
        "forbidden",
        False,
        True,
    ),
    (
        # "there must be an edge from A to B", "there has to be an arrow from A to B"
        rf"\bthere\s+(?:must|has\s+to|have\s+to|should|is\s+(?:definitely|surely|certainly))\s+(?:be\s+)?"
        rf"(?:an?\s+)?(?:direct\s+)?(?:edges?|arrows?|links?)\s+(?:going\s+)?(?:from\s+)?"
        rf"{_EDGE_PH.format(name='a')}\s+(?:to|->|into|onto)\s+{_EDGE_PH.format(name='b')}{_EDGE_END}",
        "required",
        False,
        True,
    ),
    (
        rf"(?:^|[,;:]\s*|\b(?:that|assume|assuming|and|but)\s+){_EDGE_PH.format(name='a')}\s+(?:cannot|can't|can\s+not|does\s+not|doesn't|"
        # ("can never", "could not possibly", "will never")
        rf"should\s+not|must\s+not|(?:can|could|will|would|does)\s+never|could\s*n[o']t(?:\s+possibly)?|"
        rf"never)\s+(?:cause|affect|influence|impact|drive|change|alter|determine)\s+{_EDGE_PH.format(name='b')}{_EDGE_END}",
        "forbidden",
        False,
        False,
    ),
    (
        # the passive: "A can't be caused by B" forbids B -> A
        rf"(?:^|[,;:]\s*|\b(?:that|assume|assuming|and|but)\s+){_EDGE_PH.format(name='a')}\s+(?:cannot|can't|can\s+not|is\s+not|isn't|"
        rf"should\s+not|must\s+not|won't|will\s+not|(?:can|could|will|is)\s+never)\s+(?:be\s+)?(?:caused|affected|influenced|impacted|driven)\s+by\s+"
        rf"{_EDGE_PH.format(name='b')}{_EDGE_END}",
        "forbidden",
        True,
        False,
    ),
)


#: How a follow-up that adds knowledge to the previous discovery opens.
_KNOWLEDGE_FOLLOWUP = (
    r"(?:same|now|also|and|but|redo|rerun|repeat|again|then|ok|okay|plus|this\s+time)\b"
)


def _knowledge(ql: str) -> Intent | None:
    """A discovery question that states background knowledge: edges that must be present or
    absent, a temporal order (tiers), or a domain (context) column; None when it states none."""
    tiers = _tiers(ql)
    found: dict[str, list[tuple[str, str]]] = {"required": [], "forbidden": []}
    for pattern, kind, backwards, more in _EDGE_STATEMENTS:
        for m in re.finditer(pattern, ql):
            a, b = _strip(_CLAUSE_OPENING.sub("", m.group("a"), count=1)), _strip(m.group("b"))
            if kind == "required" and re.search(r"\b(?:cannot|can't|not|never|no)$|n't$", a or ""):
                continue  # "we know that A cannot cause B" states the opposite
            if re.search(
                r"\b(?:has|have|had|must|should|will|would|can|could|does|do|ought)$", a or ""
            ) or re.match(
                # (a verb, not a noun that opens with one: "the driver age")
                r"(?:affect|cause|influence|drive|change|lead)(?:s|d|ed|n|ing)?\b",
                b or "",
            ):
                continue  # "A has to affect B": the "to" is the verb's, read by the modal reading
            found[kind].append((b, a) if backwards else (a, b))
            if more:
                found[kind] += _more_edges(ql, m.end())
    required, forbidden = found["required"], found["forbidden"]
    dm = re.search(
        r"\b(?:with|using|use|taking)?\s*(?P<d>[\w .'\-]+?)\s+as\s+(?:the\s+|a\s+)?(?:domain|context|environment|regime|site|time)"
        r"(?:\s+(?:index|column|variable|indicator|label))?\b",
        ql,
    ) or re.search(
        r"\b(?:domain|context|environment)(?:\s+(?:index|column|variable|indicator))?\s*(?::|=|is)\s*(?P<d>[\w.'\-]+)",
        ql,
    )
    domain = None
    if dm:
        domain = _strip(re.sub(r"^.*\b(?:with|using|use|taking)\s+", "", dm.group("d")))
        domain = re.sub(r"^(?:cd[\s-]*nod|cdnod)\s+(?:with\s+)?", "", domain or "") or None
    required = [(a, b) for a, b in required if a and b]
    forbidden = [(a, b) for a, b in forbidden if a and b]
    if not (required or forbidden or domain or tiers):
        return None
    discovery = re.search(
        r"\b(?:discover\w*|graph|dag|structure|edges?|arrows?|cd[\s-]*nod|causal\s+(?:model|network|map)|"
        r"what\s+causes\s+what|tiers?)\b",
        ql,
    ) or _find(ALGORITHMS, ql)
    if not discovery and (required or forbidden) and re.match(_KNOWLEDGE_FOLLOWUP, ql):
        discovery = True  # "same but forbid A -> B": the graph asked for before
    if not (discovery or tiers):  # a temporal order is background knowledge for discovery only
        return None
    algo = _find(ALGORITHMS, ql)
    if domain and algo is None:
        algo = "cdnod"
    return Intent(
        "discover",
        algorithm=algo,
        required=required,
        forbidden=forbidden,
        domain=domain,
        tiers=tiers,
    )


_DRIVER_TAIL = (
    r"\s*(?:[,?.!;:].*|\s+(?:according to|using|use|with|in|from|based on|at|by|via)\b.*)?$"
)
#: "What drives Y", "causes of Y", "what makes Y ...": read before any effect reading.
_DRIVER_WORDINGS = (
    # "root cause analysis on escalations: ...", "an RCA of the downtime": the analysis named
    # with the variable it is run on
    r"\b(?:root[\s-]+causes?(?:\s+analys[ie]s)?|rca)\s+(?:on|of|for|into)\s+(?:the\s+)?(?P<y>[\w .'\-/]+?)"
    + _DRIVER_TAIL,
    # ("which of these drive culling?": the columns just described)
    r"\b(?:what|which)(?:\s+(?:variables?|columns?|factors?|features?|things?)|\s+of\s+(?:these|those|them|the\s+(?:columns|variables|features))(?:\s+(?:columns|variables|factors))?)?\s+(?:are\s+the\s+|really\s+|actually\s+|might\s+|could\s+|would\s+)?(?:(?:is|are)\s+responsible\s+for|causes?|drives?|driv\w+|affects?|influences?|determines?|explains?|explain|impacts?|leads? to|contributes? to|matters?(?:\s+(?:the\s+)?most)? for|predicts?|(?:is|are|lies?) behind|(?<=things )makes?|(?<=factors )makes?)\s+(?:of\s+)?(?P<y>[\w .'\-/]+?)"
    + _DRIVER_TAIL,
    r"(?:\b(?:causes|drivers|determinants|parents|root causes|causal factors|predictors|reasons|"
    r"markov\s+blanket|"
    r"(?:main|key|biggest|important|major)\s+factors)\s+(?:of|behind|for)\s*|"
    # a bare noun ("drivers churn?") only opens the question: "drivers" may be people
    # ("drivers with telematics claim less": people said with what they have)
    r"^(?:the\s+|main\s+|key\s+)*(?:causes|drivers|determinants|parents|root causes|causal factors|predictors)"
    r"(?!\s+(?:with|without|who|that|whose|which|in|on|at|under|over|aged|from|having|using)\b)\s*:?\s*|"
    r"\b(?:what's behind|what is behind|what\s+(?:might|could|may|would|must)\s+be\s+behind|"
    r"(?:are|is|lies?) behind)\s+)(?P<y>[\w .'\-/]+?)" + _DRIVER_TAIL,
    r"\bwhat (?:makes|causes|drives|leads|pushes|gets|keeps|moves|shifts) (?P<y>[\w .'\-/]+?)"
    + _DRIVER_TAIL,
    # "what does food insecurity depend on?", "on what does Y depend"
    r"\b(?:what|which\s+(?:variables?|columns?|factors?|things?))\s+(?:does|do|did|might|could|would)\s+"
    r"(?P<y>[\w .'\-/]+?)\s+(?:mostly\s+|mainly\s+|really\s+)?depend\s+(?:on|upon)\b"
    + _DRIVER_TAIL,
    r"\b(?:on|upon)\s+(?:what|which\s+(?:variables?|columns?|factors?|things?))\s+(?:does|do|did)\s+"
    r"(?P<y>[\w .'\-/]+?)\s+depend\b" + _DRIVER_TAIL,
    r"\b(?:what|which\s+(?:variables?|columns?|factors?|things?))\s+(?:mess(?:es)?\s+with|hurts?|harms?|boosts?)\s+"
    r"(?P<y>[\w .'\-/]+?)" + _DRIVER_TAIL,
    # "which things push hrv down?", "what drags revenue lower"
    r"\b(?:what|which)(?:\s+(?:variables?|columns?|factors?|features?|things?))?\s+(?:pushe?s?|drags?|pulls?|brings?|"
    r"drives?|sends?|keeps?)\s+(?P<y>[\w .'\-/]+?)\s+(?:down|up|higher|lower)\b",
    r"\bwhat(?:'s|\s+is|\s+are)\s+(?:really\s+|actually\s+)?(?:causing|driving|making) (?P<y>[\w .'\-/]+?)"
    + _DRIVER_TAIL,
    # "what's upstream of readmission?", "which levers actually move footfall?", "the causal web
    # behind churn"
    r"\b(?:what(?:'s|\s+is|\s+are)?|which\s+(?:variables?|columns?|factors?|things?)(?:\s+are)?)\s+"
    r"(?:sits?\s+|lies?\s+|comes?\s+)?upstream\s+of\s+"
    r"(?P<y>[\w .'\-/]+?)" + _DRIVER_TAIL,
    r"\b(?:what|which)\s+(?:levers?|knobs?|buttons?|factors?|things?|variables?)\s+(?:actually\s+|really\s+)?"
    r"(?:move|moves|shift|shifts|steer|steers)\s+(?P<y>[\w .'\-/]+?)" + _DRIVER_TAIL,
    r"\bcausal\s+(?:web|picture|story|structure|network|graph|map|drivers)\s+(?:behind|around)\s+"
    r"(?P<y>[\w .'\-/]+?)(?:\s+for\s+(?:our|my|the|a|an)\b.*)?" + _DRIVER_TAIL,
    # "what has the biggest influence on NPS?", "which factors have the strongest effect on Y"
    r"\b(?:what|which)(?:\s+(?:variables?|columns?|factors?|features?|things?))?\s+(?:has|have|had|exerts?)\s+"
    r"(?:the\s+)?(?:biggest|largest|strongest|greatest|most|highest|main|major)\s+(?:causal\s+|real\s+)?"
    r"(?:influence|effect|impact|bearing|say|sway)\s+(?:on|upon|over)\s+(?P<y>[\w .'\-/]+?)"
    + _DRIVER_TAIL,
    # "what's pushing the load up?", "what is dragging revenue down"
    r"\bwhat(?:'s|\s+is|\s+are)\s+(?:really\s+|actually\s+)?(?:pushing|dragging|pulling|bringing|sending|"
    r"keeping)\s+(?P<y>[\w .'\-/]+?)\s+(?:down|up|higher|lower)\b",
    r"^(?P<y>[\w .'\-/]+?) (?:is|are) (?:caused|driven|affected|influenced|determined|explained) by (?:what|which)\b",
    # a noun after the variable: "hrv_ms drivers?", "churn's main causes"
    r"^(?:the\s+)?(?!(?:what|which|who|how|why|show|list|find|give|the)\b)(?P<y>[\w .'\-/]+?)(?:'s)?\s*:?\s+(?:main\s+|key\s+|top\s+)?"
    r"(?:drivers|causes|determinants|root\s+causes|causal\s+factors|predictors)\s*[?.!]*$",
    # "what are the churn drivers?", "which are the main revenue causes": the same asked
    r"^(?:what|which)\s+(?:are|were)\s+(?:the\s+)?(?:main\s+|key\s+|top\s+|biggest\s+|real\s+)?"
    r"(?P<y>[\w .'\-/]+?)\s+(?:drivers|causes|determinants|root\s+causes|causal\s+factors)\s*[?.!]*$",
    r"^how (?:is|are) (?P<y>[\w .'\-/]+?) (?:determined|caused|driven|explained|shaped)\b",
    # "what helps people lose weight?", "how can we help members gain more muscle?": the
    # variable the help moves (the direction is the asker's wish, not a column)
    r"^(?:(?:so|and|ok|okay)\s*,?\s+)?(?:(?:what|which)(?:\s+(?:things?|factors?|variables?))?\s+"
    r"(?:might\s+|could\s+|would\s+|may\s+|can\s+)?(?:actually\s+|really\s+)?helps?|how\s+"
    r"(?:can|could|do|might|would|should)\s+(?:we|i|you|one)\s+help)\s+(?:[a-z]+\s+)?(?:to\s+)?"
    r"(?:lose|gain|get|put\s+on|build|cut|reduce|raise|increase|lower|boost|improve|grow|keep\s+off)\s+"
    r"(?:more\s+|less\s+|fewer\s+|some\s+|their\s+|the\s+|extra\s+)*(?P<y>[\w .'\-/]+?)"
    + _DRIVER_TAIL,
    r"\b(?:which|what)\s+(?:variables?|columns?|factors?|features?)\s+(?:have|has|exert)\s+(?:an?\s+|any\s+)?(?:causal\s+|real\s+)?"
    r"(?:influence|effect|impact|bearing)\s+(?:on|upon)\s+(?P<y>[\w .'\-/]+?)" + _DRIVER_TAIL,
    r"^by (?:what|which)(?:\s+(?:variables?|factors?|columns?|things?))? (?:is|are|was|were) (?P<y>[\w .'\-/]+?) "
    r"(?:caused|driven|affected|influenced|determined|explained|shaped)\b",
    # two rival causes of one variable: "overtime or income behind attrition?", "is it X or Z
    # that drives Y?", "does X or Z matter more for Y", "which matters more for Y, X or Z?", "is Y
    # driven more by X or by Z?": the causes of Y, each with its strength
    r"^(?:(?:is|was|does|do|did)\s+(?:it\s+)?)?(?:the\s+)?(?P<a>[\w.'\-/]+(?:\s+[\w.'\-/]+){0,3}?)\s+or\s+"
    r"(?:the\s+)?[\w.'\-/]+(?:\s+[\w.'\-/]+){0,3}?\s+(?:that\s+|which\s+)?(?:(?:is|are|was|were)\s+)?(?:really\s+|"
    r"actually\s+|more\s+|mainly\s+|mostly\s+)?(?:behind|driv(?:es?|ing)|caus(?:es?|ing)|explains?|explaining|"
    r"(?:matters?|counts?)\s+(?:more\s+)?(?:for|to)|makes?|making)\s+(?:the\s+)?(?P<y>[\w .'\-/]+?)"
    r"(?:\s+(?:more|most|the\s+most|harder))?" + _DRIVER_TAIL,
    r"^(?:so\s+)?(?:what|which)(?:\s+one)?\s+(?:matters?|counts?|weighs?|is)\s+more\s+(?:for|to|behind|"
    r"important\s+(?:for|to))\s+(?:the\s+)?(?P<y>[\w .'\-/]+?)\s*[,:\-]\s*(?:the\s+)?[\w .'\-/]+?\s+or\s+\S",
    r"^(?:is|are|was|were)\s+(?:the\s+)?(?P<y>[\w .'\-/]+?)\s+(?:driven|caused|explained|shaped)\s+(?:more\s+|"
    r"mostly\s+|mainly\s+)?by\s+(?:the\s+)?[\w .'\-/]+?\s+or\s+(?:by\s+)?\S",
)
#: "Why does Y change", "what is Y driven by": read only when no effect reading fits, since
#: "why does Y drop when X rises" asks about X.
_DRIVER_LATE_WORDINGS = (
    # "why do some subscribers give low NPS?": the variable follows the degree word
    r"^why (?:do|does|did|would) (?:some |many |so many |certain |our |the )?[a-z]+\s+"
    r"(?:give|have|get|report|show|rate|leave|post)\s+(?:such\s+|so\s+)?(?:an?\s+)?(?:low|high|poor|bad|"
    r"good|lower|higher|negative|positive)\s+(?P<y>[\w .'\-/]+?)" + _DRIVER_TAIL,
    r"\bwhy (?:does|do|is|are|did) (?P<y>[\w .'\-/]+?) (?:change|vary|go up|go down|differ|increase|decrease|high|low|rise|fall|drop)\b",
    r"\bwhat (?:makes|causes|drives) (?P<y>[\w .'\-/]+?) (?:go up|go down|change|rise|fall|increase|decrease|high|low|vary|drop)\b",
    r"\bwhat (?:is|are) (?P<y>[\w .'\-/]+?) (?:caused|driven|affected|influenced|determined) by"
    + _DRIVER_TAIL,
    r"^why (?:do|does|did|are|is|would) (?P<y>[\w .'\-/]+?)" + _DRIVER_TAIL,
    # "why so much downtime?", "why such high attrition"
    r"^(?:but |so )?why (?:so much|so many|so little|so few|such (?:an? )?(?:high|low|big|large|small)|"
    r"the (?:high|low|rising|falling))\s+(?P<y>[\w .'\-/]+?)" + _DRIVER_TAIL,
)


#: The units a table's rows are, as a question's subject ("people", "customers").
_PEOPLE = (
    r"^(?:the\s+)?(?:people|persons|customers|clients|users|employees|workers|staff|students|"
    r"patients|borrowers|applicants|stores|shops|lines|machines|plots|farms|players|athletes|"
    r"households|families|teams|fields|members|pupils|subscribers|participants|subjects|"
    r"buildings|loans|accounts)"
)


def drivers_target(ql: str) -> str | None:
    """The variable a drivers question asks about, in any of its wordings, or None."""
    ql = clean(ql).lower()
    it = _drivers(ql) or _drivers(ql, late=True)
    if not it or not it.outcome:
        return None
    # "what predicts load an hour later?": the time step is no part of the variable
    return re.sub(
        r"\s+(?:(?:an?|one|\d+)\s+(?:hours?|days?|weeks?|months?|steps?)\s+(?:later|ahead|on)|tomorrow|"
        r"the\s+next\s+(?:hour|day|week|month|step)|next\s+(?:hour|day|week|month|step)|over\s+time|"
        r"from\s+(?:one\s+)?(?:hour|day|week|month)\s+to\s+(?:the\s+next\s+)?(?:hour|day|week|month)|"
        r"(?:hour|day|week|month)\s+(?:by|to)\s+(?:hour|day|week|month))$",
        "",
        it.outcome,
    )


def _drivers(ql: str, late: bool = False) -> Intent | None:
    """ "What drives Y", "which factors are behind Y": the causes of one variable. With `late`,
    the wordings that are read only after every effect reading failed ("why does Y change")."""
    wordings = _DRIVER_LATE_WORDINGS if late else _DRIVER_WORDINGS
    m = next(filter(None, (re.search(w, ql) for w in wordings)), None)
    if not m:
        return None
    y = _strip(m.group("y"))
    if re.fullmatch(r"\s*(?:it|that|this|them|those)\s*", m.group("y")):
        about = (
            re.match(
                r"^(?:and |so |now )?(?:what|how) about (?:the )?(?P<y>[\w .'\-/]+?)\s*[,;:]", ql
            )
            or re.match(
                # "our defect rates are way too high; what's causing them?": the subject before
                r"^(?:our |the |my |these |those )?(?P<y>[\w .'\-/]+?)\s+(?:is|are|was|were|has|have|"
                r"keeps?|kept|went|goes|seems?|look|looks)\b[^;]*;",
                ql[: m.start()] + ";",
            )
            or re.match(
                # "hypo events - what drives them", "churn: what's behind it?": a topic first
                r"^(?:our |the |my |these |those )?(?P<y>[\w .'/]+?)\s*(?:[:;,]|\s-)\s*$",
                ql[: m.start()],
            )
        )
        y = _strip(about.group("y")) if about else None
    if y and (sep := re.search(r"(?:\s+-\s+|\s*[:;]\s*)(?:so\s+)?(?:what|which)\b", y)):
        # "agent churn is killing us - what are the main causes?": the topic before the dash,
        # without what is said about it
        y = _strip(
            re.sub(r"\s+(?:is|are|was|were|has|have|keeps?|kept)\b.*$", "", y[: sep.start()])
        )
    if not y or re.match(r"(?:what|which|the effect|effect)\b", y):
        return None
    y = re.sub(r"^how (?:much|many|often)\s+", "", y)
    # "what makes people miss payments": the people are who is measured, not the variable
    y = re.sub(_PEOPLE + r"\s+(?:to\s+)?", "", y)
    return Intent("causes", outcome=y, algorithm=_find(ALGORITHMS, ql))


#: A question about which way a causal link runs between two named variables ("does X drive Y
#: or is it the other way round?", "X causes Y or vice versa?", "which of X and Y causes the
#: other?"); a bare "and the other way round?" after an estimate is a follow-up, not this.
_DIRECTION_QUESTION = re.compile(
    r"\b\w+\s+\w+.*\bor\s+(?:is\s+it\s+|was\s+it\s+|does\s+it\s+go\s+|maybe\s+)?(?:the\s+)?(?:other\s+way\s+"
    r"a?round|vice\s+versa|reverse|opposite(?:\s+direction)?|other\s+direction)\b|"
    r"\bwhich\s+(?:one|of\s+(?:the\s+two|them|[\w .'\-]+?))\s+(?:causes|drives|comes\s+first|is\s+the\s+cause)\b|"
    r"\b(?:which|what)\s+(?:causes|drives)\s+(?:which|the\s+other)\b|\b(?:what|which)\s+(?:one\s+)?comes\s+first\b.*\bor\b|"
    r"\b(?:direction|way)\s+of\s+(?:the\s+)?(?:causality|causation|arrow|causal\s+(?:link|arrow|effect))\b|"
    r"\b(?:comes?|happens?|goes?)\s+(?:before\s+or\s+after|after\s+or\s+before)\b|"
    r"\bwhich\s+way\s+(?:does|do)\s+(?:it|the\s+(?:arrow|edge|link)|they)\s+(?:point|go|run)\b"
)


#: An estimator said with a verdict against it: "matching looked off last time", "we used
#: weighting and the results were odd", "not regression", "avoid matching", "skip the DML".
_JUDGED_METHOD = re.compile(
    r"(?:\b(?:not|no|avoid|avoiding|skip|skipping|without|never|(?:do\s+not|don'?t)\s+(?:use|do|run))\s+(?:an?\s+|the\s+|"
    r"any\s+)?(?P<m>(?:" + "|".join(lexicon.METHODS) + r"))\b(?!\s+(?:is|are)\b)|"
    r"(?P<m2>(?:"
    + "|".join(lexicon.METHODS)
    + r"))\b(?=[^.;?!]{0,60}?\b(?:looked|looks|seemed|seems|was|were|"
    r"came\s+out|went|turned\s+out)\s+(?:a\s+bit\s+|really\s+|very\s+|quite\s+|all\s+|way\s+|pretty\s+)?"
    r"(?:off|wrong|odd|weird|strange|unstable|unreliable|bad|suspicious|fishy|implausible|nonsense|silly)\b))",
    re.I,
)


#: An estimator the asker's people distrust, said with its reason ("our HR director distrusts
#: regression for a yes/no outcome"): context for a follow-up that names another one.
_DECLINED_ESTIMATOR = re.compile(
    r"\b(?:(?:do|does|did)(?:\s+not|n'?t)\s+(?:trust|like|believe\s+in|buy|want)|distrusts?|hates?|"
    r"dislikes?|(?:is|are|was|were)\s+(?:sceptical|skeptical|wary|suspicious)\s+of),?\s+(?:an?\s+|the\s+|"
    r"(?:plain|simple|ordinary|standard|naive|basic|just|usual)\s+)*(?:"
    + "|".join(lexicon.METHODS)
    + r")(?:\s+(?:for|with|on)\s+(?:an?\s+|the\s+|this\s+)?[\w/\-]+(?:\s+(?:outcomes?|data|questions?))?)?",
    re.I,
)


def _context_cue(text: str) -> bool:
    """Whether a sentence asks for (part of) an analysis or names one of its options."""
    from copilot.agents.phrasing import _CUE

    return bool(_CUE.search(text))


#: Words that can only ask for a learned graph.
_STRUCTURE_LEARNING = re.compile(
    r"\b(?:structure\s+learning|causal\s+discovery|learn\s+(?:the\s+|a\s+)?(?:causal\s+)?(?:structure|dag))\b"
)


def _both_directions(ql: str) -> bool:
    """ "does training load affect injuries, or do injuries change the training load?": two
    clauses that ask the same link in opposite directions."""
    parts = re.split(
        r",?\s+or\s+(?=(?:do|does|did|is|are|was|were|can|could|would|will)\b)", ql, maxsplit=1
    )
    if len(parts) != 2:
        return False
    a, b = _effect(parts[0]), _effect(parts[1])
    if not a or not b:
        return False
    ta, ya, tb, yb = (_strip(d.get(k)) for d, k in ((a, "t"), (a, "y"), (b, "t"), (b, "y")))
    return bool(ta and ya and tb and yb) and (ta, ya) == (yb, tb)


#: A closing sentence that keeps the rest of the previous analysis as it was.
_SAME_REST = re.compile(
    r"[.;!?]\s*(?:(?:and\s+)?(?:the\s+)?same\s+(?:setup|settings|controls|options|model|everything|"
    r"as\s+before)(?:\s+(?:otherwise|as\s+before|for\s+the\s+rest))?|everything\s+else\s+(?:the\s+same|"
    r"as\s+before|unchanged)|keep\s+(?:the\s+rest|everything\s+else)(?:\s+as\s+(?:is|before|it\s+was))?|"
    r"(?:the\s+)?rest\s+(?:as\s+before|unchanged|the\s+same))[\s.!]*$"
)
#: Words that only say an effect differs between groups (context for a request that names the
#: groups itself).
_HETEROGENEITY_WORDS = re.compile(
    r"\b(?:differ\w*|vary|varies|varied|depend\w*|respond\w*|react\w*|work\w*|compar\w*)\b", re.I
)


#: A request that only points back at the sentence before ("Can you break it down that way?").
_POINTING_REQUEST = re.compile(
    r"^(?:(?:can|could|would)\s+you\s+|please\s+|pls\s+|so\s+)*(?:do|break|split|redo|rerun|run|"
    r"estimate|show|give\s+me)\s+(?:it|this|that|them)?\s*(?:down\s+|up\s+|out\s+)?(?:that\s+way|"
    r"like\s+that|accordingly|for\s+me|please|then|"
    # ("the eligibility rule is the instrument. Could you run it again with that?")
    r"(?:again\s+)?(?:with|using|on)\s+(?:that|this|those|these|it|them)(?:\s+one)?(?:\s+(?:instead|then|included|in))?)?"
    r"\s*(?:again|please|instead)?\s*$"
)


#: A pronoun that stands for a variable named elsewhere.
_POINTER = r"(?:it|that|this|them|those|these|that\s+one|this\s+one|that\s+variable|that\s+column)"
#: A request to run the previous analysis again with a change ("redo it for downtime", "can you
#: rerun that with matching"); what follows is the change.
_REDO = re.compile(
    r"^(?:(?:can|could|would)\s+you\s+|please\s+|pls\s+|just\s+|(?:ok|okay|cool|great|alright|now|so|then)"
    r"[,!.]?\s+)*(?:(?:redo|rerun|re-run|repeat)\s+"
    r"(?:(?:it|that|this|the\s+same(?:\s+thing)?|the\s+(?:analysis|estimate|model|whole\s+thing))\s+)?|"
    r"(?:run|do|look\s+at|check|try)\s+(?:it|that|this|the\s+same(?:\s+thing)?|the\s+(?:analysis|estimate|"
    r"effect|model|whole\s+thing))\s+)"
    r"(?:again\s+)?(?=(?:for|on|with|using|but|by|and|controlling|adjusting)\b)(?:but\s+|and\s+)?"
)
#: A speaker correcting the previous question ("no, I meant ...", "sorry, I was asking about").
_MEANT = re.compile(
    r"^(?:(?:no|nope|sorry|oops|wait|my\s+(?:bad|mistake)|ah|err?|uh|hm+|actually|ugh|typo|"
    r"wrong\s+(?:one|column|variable|outcome|treatment))\b[\s,.!:;-]*)*"
    # ("with punctuality I mean the on time percent": the word corrected said first)
    r"(?:(?:with|by)\s+(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,2}?\s*,?\s+)?(?:i\s+(?:meant|mean|was\s+"
    r"(?:asking|talking|thinking)\s+(?:about|of)|wanted)|meant)\s+"
    r"(?:to\s+(?:say|ask\s+about|look\s+at|see)\s+)?"
)

_LEAD = r"^(?:and |but |now |ok,? |okay,? |so |then |what about |how about |and what about |(?:the )?same,? but |(?:(?:do|did|would|can|could) you (?:see|get|find) )?(?:(?:do|make|run|repeat) )?(?:the )?same,? (?:thing |question |analysis |comparison |estimate |model |check |breakdown |split |picture |story |pattern |result |effect |trend )?(?:for |with )?|try |also |please |can you |could you |(?:can|could|would|will) (?=(?:do|make|run|repeat|redo|rerun|try) )|let's |lets )*"


#: Words of the loaded tables' column names while a question is parsed.
_COLUMN_WORDS: ContextVar[frozenset[str]] = ContextVar("column_words", default=frozenset())


#: "what about X, not Y", "what about X rather than Y": X replaces Y in the last question.
_REPLACED_BY = re.compile(
    r"what about (?:the\s+)?(?P<x>[\w .'\-/]+?),?\s+(?:not|rather\s+than|instead\s+of)\s+"
    r"(?:the\s+)?(?P<old>[\w .'\-/]+)"
)


#: A follow-up that says which role stays as it was ("the outcome stays the same", "same
#: outcome", "keep the treatment"): the variable it names takes the other role.
_KEPT_ROLE = re.compile(
    r"\b(?:the\s+)?(?P<role>outcome|target|treatment|exposure)\s+(?:it\s+)?(?:stays?|remains?|is\s+still|"
    r"(?:doesn'?t|does\s+not|won'?t)\s+change)(?:\s+(?:the\s+)?(?:same|unchanged|as\s+(?:before|it\s+is|it\s+was)))?\b|"
    r"\b(?:same|keep(?:ing)?\s+the(?:\s+same)?)\s+(?P<role2>outcome|target|treatment|exposure)\b"
)


def _followup(ql: str) -> Intent | None:
    """A question that changes the previous analysis (another outcome, treatment, controls,
    method, subgroup or algorithm), or asks why; None when it stands on its own."""
    ql = re.sub(r"^(?:(?:hmm+|um+|uh+|erm+|ah+)\b[,.!]*\s+)+", "", ql)  # "hmm what about X?"
    ql = _SAME_REST.sub("", ql).rstrip(" ?.!;")  # "What about revenue? Same setup otherwise."
    ql = re.sub(r"[,;.]?\s*(?:sorry|my\s+bad|oops|apologies)\s*$", "", ql)  # "I meant X, sorry"
    # "this goes all through the vibration, or there is also a direct way?": the direct part is
    # the rest of the same mediation question
    ql = re.sub(
        r"[,;]?\s+or\s+(?:is\s+there|there\s+is|there's|(?:does|do)\s+it\s+(?:also\s+)?have|it\s+has)\s+"
        r"(?:also\s+)?(?:an?\s+|some\s+)?direct\s+(?:way|path|effect|part|route|channel|link|road)"
        r"(?:\s+(?:too|also|as\s+well))?\s*[?.!]*$",
        "",
        ql,
    )
    # "try matching instead, to see if it gives the same?": the purpose, a comparison with the
    # last result, asks nothing of its own
    ql = re.sub(
        r"[,;]?\s+(?:just\s+)?(?:to|and)\s+(?:see|check|compare|know)\s+(?:if|whether)\s+(?:it|that|this|they|"
        r"the\s+(?:result|number|estimate|effect)s?)\s+(?:\w+\s+){0,2}?(?:gives?|is|are|comes?\s+out|stays?|"
        r"changes?|differs?|agrees?|matches?|holds?|moves?)(?:\s+(?:the\s+)?(?:same|different\w*|up|"
        r"much|at\s+all|anything))?(?:\s+(?:thing|result|number|answer))?\s*[?.!]*$",
        "",
        ql,
    )
    # "and only for the Jersey cows how is it?", "for the night shift, how does it look?": the
    # question after the group asks for the same result there
    ql = re.sub(
        r"(?<=\w)[,;.]?\s+(?:how\s+(?:is|was|does|did|would)\s+(?:it|that|this)|how\s+(?:it|that)\s+(?:is|was)|"
        r"what\s+(?:does|did)\s+it\s+give|(?:it\s+)?is\s+how\s+much|how\s+much\s+(?:it\s+)?is(?:\s+it)?)"
        r"(?:\s+(?:look|go|come\s+out|turn\s+out|there|then))?\s*$",
        "",
        ql,
    )
    # "and does it change the readmission?", "does that also cut costs?": the last treatment
    # (the pronoun) on another outcome
    # ("and it changes also the readmission?": the same said without "does", the adverb after)
    same = re.fullmatch(
        r"(?:(?:and|so|but|ok|okay|then|also)[,\s]+)*(?:does|do|did|will|would|can|could)\s+"
        rf"(?:it|that|this|they|those|these)\s+(?:also\s+|still\s+|even\s+|really\s+)?(?:{_VERBS})\s+"
        r"(?:also\s+)?(?:the\s+|their\s+|its\s+|our\s+)?(?P<y>(?!it\b|that\b|them\b|this\b|depend\w*\b|according\b|by\b|across\b|with\b|for\b|in\b|between\b|among\b|differently\b)[\w .'\-/]+?)"
        r"(?:\s+(?:too|also|as\s+well|either|at\s+all))?",
        ql,
    ) or re.fullmatch(
        r"(?:(?:and|so|but|ok|okay|then|also)[,\s]+)*(?:it|that|this)\s+(?:also\s+|still\s+|really\s+)?"
        rf"(?:{_VERBS_S})\s+(?:also\s+|too\s+)?(?:the\s+|their\s+|its\s+|our\s+)?"
        r"(?P<y>(?!it\b|that\b|them\b|this\b|depend\w*\b|according\b|by\b|across\b|with\b|for\b|in\b|between\b|among\b|differently\b)[\w .'\-/]+?)(?:\s+(?:too|also|as\s+well|either|at\s+all))?",
        ql,
    )
    if same:
        ql = f"and on {same.group('y')}"
    med = _reason_mechanism(ql)
    if med:
        return Intent("effect", mediator=med, followup=True)
    # (", so could you ...": the request after a clause of context)
    cut = list(
        re.finditer(
            r"(?<=[.;!?:])\s+(?=\S)|,\s+(?=(?:so\s+|and\s+|but\s+)?(?:could|can|would|will)\s+you\b)",
            ql,
        )
    )
    head, last = (ql[: cut[-1].start()].rstrip(" .;!?"), ql[cut[-1].end() :]) if cut else ("", ql)
    if head.strip() and len(last.split()) <= 10:
        # "my boss only cares about downtime; redo it for that": the variable of the follow-up
        # is a pronoun that points into the sentence before
        if _POINTING_REQUEST.match(last):
            # "HR wants this by department. Can you break it down that way?"
            found = _followup(head)
            if found is None:
                # "The committee will ask whether this holds up. They like doubly robust
                # methods. Can you redo it that way?": the way is said in the sentence just before
                near = re.split(r"(?<=[.;!?])\s+(?=\S)", head)[-1]
                found = _followup(near) if near != head else None
            if found is not None or not re.search(
                r"\b(?:with|using|on)\s+(?:that|this|those|these|it|them)\b", last
            ):
                return found
            # ("HbA1c at 12 months is the real endpoint. Can you rerun it on that?": a pointer
            # to a column of the sentence before, read below)
        it = _followup(last)
        role = re.search(
            rf"\b{_POINTER}\s+as\s+(?:the\s+|our\s+|my\s+)?(?:new\s+)?(?P<role>outcome|treatment)\b",
            last,
        )
        if it is not None and role and not getattr(it, role.group("role")):
            setattr(it, role.group("role"), "that")  # "rerun with that as the outcome"
        pointed = it is not None and any(
            re.fullmatch(_POINTER, p or "") for p in (it.outcome, it.other, it.treatment)
        )
        if (
            it is not None
            and it.kind == "effect"
            and (
                pointed
                or not (it.outcome or it.other or it.treatment or it.by or it.controls or it.drop)
                and re.search(rf"\b(?:for|on|to|about|with)\s+{_POINTER}\s*$", last)
            )
        ):
            it.context = head
            return it
        if it is not None and not _context_cue(
            # ("the managers think single parents respond differently, so could you break it
            # down by single parenthood?": a split the request names itself is no other option)
            _HETEROGENEITY_WORDS.sub(" ", head) if it.by else _DECLINED_ESTIMATOR.sub(" ", head)
        ):
            # "we are reviewing last quarter; and if we doubled it?": the sentence before asks
            # nothing and names no option, so the follow-up is the question
            return it
    if re.match(
        r"(?:(?:and|now|ok|okay|then|so|but)\s+)*(?:(?:the\s+)?same|again|redo|rerun|repeat)\b", ql
    ) and re.search(lexicon.STANDARD_ERRORS, ql):
        # "same but robust SEs": the last estimate again (the reply says the option is not used)
        return Intent("effect", followup=True)
    if re.fullmatch(
        r"(?:(?:and|now|ok|okay|then|so|but|same|again|what\s+about|how\s+about|(?:redo|rerun|repeat)\s+"
        r"(?:it|that))[,\s]+)*(?:with\s+|at\s+|using\s+|for\s+|give\s+me\s+)?(?:an?\s+|the\s+)?"
        r"\d+(?:\.\d+)?\s*(?:%|percent)\s*(?:confidence\s+|significance\s+)?(?:intervals?|cis?|level|"
        r"bands?|confidence|significance)(?:\s+(?:instead|then|this\s+time|please))*",
        ql,
    ):
        # "and with 99% intervals?": the last estimate again with a level (the planner says
        # whether it can be used)
        return Intent("effect", followup=True)
    if re.fullmatch(
        r"(?:(?:and|now|ok|okay|then|so|but|please|can\s+you|let'?s)[,\s]+)*(?:(?:go\s+)?back\s+to|revert\s+to|"
        r"return\s+to|(?:just\s+)?use|switch\s+(?:back\s+)?to)\s+(?:the\s+)?(?:default|automatic|auto|usual|"
        r"standard)\s+(?:method|estimator|choice|estimation)(?:\s+(?:again|please|instead))*",
        ql,
    ):
        return Intent("effect", followup=True, drop=["<method>"])  # "back to the default method"
    redo = _REDO.match(ql)
    if redo and ql[redo.end() :].strip():
        ql = "and " + ql[redo.end() :]  # "redo it for downtime" is "and for downtime?"
    # "the same thing but for the costs, not the recovery": the new variable and the one it
    # replaces, as "what about the costs, not the recovery"
    ql = re.sub(
        r"^(?:(?:and|now|ok|okay|so|then)[,\s]+)*(?:(?:do|make|run|repeat)\s+)?(?:the\s+)?same(?:\s+thing|"
        r"\s+analysis|\s+estimate)?\s*,?\s*but\s+(?:for|with|on)\s+(?=.+?,?\s+(?:not|rather\s+than|instead\s+of)\s+)",
        "what about ",
        ql,
    )
    if ql.startswith("what about ") and not _MEANT.match(ql):
        swap = _REPLACED_BY.fullmatch(ql)
        if swap and not _find(METHODS, ql):
            return Intent("effect", other=swap["x"], instead_of=swap["old"], followup=True)
    meant = _MEANT.match(ql)
    if meant and ql[meant.end() :].strip():
        # "no, I meant on basket size", "sorry, I meant the monthly amount": a correction of
        # the previous question names what replaces one of its variables
        ql = "what about " + ql[meant.end() :]
        # "meant visitors not signups": the first replaces the second
        swap = _REPLACED_BY.fullmatch(ql)
        if swap and not _find(METHODS, ql):
            return Intent("effect", other=swap["x"], instead_of=swap["old"], followup=True)
    having = re.fullmatch(
        r"(?:(?:and|what\s+about|how\s+about|now|so|ok|okay)[,\s]+)*(?:only\s+|just\s+)?(?:for|in|among|within)\s+"
        r"(?P<g>(?:the\s+|our\s+|those\s+)?[a-z]+\s+(?:with(?:out)?|who\s+(?:have|had|has|got|get|received|use|used)|"
        r"that\s+(?:have|had|has|got|use|used)|having)\s+(?:an?\s+|the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)"
        r"(?:\s+(?:only|alone|then|instead|too|please))?",
        ql,
    )
    if having:
        # "what about for people with a cosigner?": a group of rows said by what they have,
        # read whole (the planner takes it as the subgroup of a yes/no column)
        return Intent("effect", other=having["g"], followup=True)
    only = re.fullmatch(
        r"(?:(?:and|what\s+about|how\s+about|now|so|ok|okay)[,\s]+)*(?:only\s+|just\s+)?(?:for|in|among|within|on|at)\s+"
        r"(?:the\s+|our\s+)?(?P<g>[\w&'\-]+(?:\s+[\w&'\-]+){0,3}?)\s+(?:only|alone)",
        ql,
    )
    if only:
        return Intent("effect", other=only["g"], followup=True)  # "and for the night shift only"
    versus = re.fullmatch(
        r"(?:(?:and|what\s+about|how\s+about|now|so|ok|okay)[,\s]+)*(?:(?:for|in|among|between)\s+)?"
        r"(?:the\s+)?(?P<a>[\w&'\-]+(?:\s+[\w&'\-]+)?)\s+(?:vs\.?|versus|compared\s+(?:to|with)|and)\s+"
        r"(?:the\s+)?(?P<b>[\w&'\-]+(?:\s+[\w&'\-]+)?)(?:\s+separately)?",
        ql,
    )
    if versus and re.fullmatch(rf"non[\s-]?{re.escape(versus['a'])}", versus["b"]):
        # "and for smokers vs non-smokers?": the last estimate split by the groups' column
        return Intent("effect", by=versus["a"], followup=True)
    if re.match(
        r"^(?:but |and |so )?(?:why|how come|explain|how do you know|what does (?:that|this) mean|why (?:that|this))\b",
        ql,
    ) or re.match(
        # questions about the previous result itself: its adjustment set, method, checks
        r"^(?:and |so |but )?(?:what|which) (?:was|were|is|are) (?:the |its |your )?(?:adjustment set|"
        r"adjusted (?:for|variables)|confounders|method|estimator|estimand|interval|ci|p[\s-]*value|"
        r"refutations?|checks?|verdict)\b|"
        r"^(?:and |so |but )?(?:is|was|are) (?:that|this|it|the (?:effect|estimate|result)|that "
        r"(?:effect|estimate|result)) (?:really |actually )?(?:robust|reliable|trustworthy|"
        r"significant|credible|solid|believable)\s*$",
        ql,
    ):
        return Intent("why", followup=True)
    m = re.fullmatch(
        r"(?:(?:and|or|what\s+about|how\s+about|now|then|ok|okay|make\s+(?:it|that)|change\s+(?:it|that)\s+to|"
        r"try|say|let'?s\s+say)[,\s]+)*(?:with\s+|by\s+|for\s+|at\s+)?"
        r"(?P<v>[-+]?\d+(?:\.\d+)?)\s*(?P<pct>%|percent)?\s*(?P<unit>[a-z]+)?(?:\s+(?:more|extra|instead|then))?",
        ql,
    )
    if m and (
        m.group("unit") is None
        or m.group("unit") in TIME_UNITS
        or m.group("unit") in ("units", "points", "times", "x")
    ):
        # "and 2 hours?" after a what-if: the same scenario with another amount
        spec: dict[str, float | str] = {"op": "same", "value": float(m.group("v"))}
        if m.group("pct"):
            spec["percent"] = "yes"
        if m.group("unit") in TIME_UNITS:
            spec["unit"] = TIME_UNITS[m.group("unit")]
        return Intent("effect", focus="what_if", what_if=spec, followup=True)
    m = re.fullmatch(
        r"(?:(?:and|or|what\s+about|how\s+about|now|then|ok|okay|try)[,\s]+)*(?:with\s+|for\s+)?(?:an?\s+)?"
        r"(?:(?P<v>\d+(?:\.\d+)?)\s*(?:%|percent)\s+(?P<dir>drop|cut|decrease|reduction|fall|decline|"
        r"increase|rise|raise|boost|jump|hike)|(?P<times>doubling|halving|tripling))"
        r"(?:\s+(?:in\s+it|of\s+it|instead|then|this\s+time))*",
        ql,
    )
    if m:
        # "what about a 20% drop instead?", "and a doubling?" after a what-if: another scenario
        if m.group("times"):
            factor = {"doubling": 2.0, "halving": 0.5, "tripling": 3.0}[m.group("times")]
        else:
            down = m.group("dir") in ("drop", "cut", "decrease", "reduction", "fall", "decline")
            factor = 1.0 + (-1 if down else 1) * float(m.group("v")) / 100.0
        spec = {"op": "scale", "value": round(factor, 10)}
        return Intent("effect", focus="what_if", what_if=spec, followup=True)
    if len(ql.split()) <= 10 and re.search(
        r"\b(?:(?:the\s+)?other\s+way\s+a?round|vice\s+versa|the\s+reverse(?!\s+caus)|reversed?(?:\s+(?:it|them|"
        r"the\s+roles|the\s+direction|roles))?|backwards|(?:swap|switch|flip)(?:ped)?\s+(?:them|it|the\s+roles|"
        r"roles|the\s+direction|treatment\s+and\s+outcome|the\s+two)|(?:the\s+)?(?:other|opposite|inverse|contrary|"
        r"reversed?)\s+(?:direction|sense|way|arrow|link)|inversely|(?:the\s+)?inverse|(?:the\s+)?contrary)"
        r"(?:\s+(?:please|pls|too|then|instead))?\s*$",
        ql,
    ):
        return Intent("effect", swap=True, followup=True)  # the outcome's effect on the treatment
    other_behaviour = _find(BEHAVIOURS, re.sub(r"\brepeat\w*", "", ql)) and re.search(
        r"\b(?:same|again|now|instead|also|too|what about|how about|and|but|redo|repeat)\b", ql
    )
    heads = (
        re.findall(r"\b(?:l(?:ayer)?\s*)?(\d+)\s*[.:/]\s*(\d+)\b", ql)
        if re.search(r"\bheads?\b", ql)
        else []
    )
    if heads and len(ql.split()) <= 10 and not re.search(r"\b(?:effect|impact)\b", ql):
        it = Intent("probe_again", behaviour=_find(BEHAVIOURS, ql), followup=True)
        it.heads = [f"{int(a)}.{int(b)}" for a, b in heads]
        return it
    # (a word of a column name is no metric: "and for weight loss?" names `weight_loss_kg`)
    said = " ".join(w for w in ql.split() if w.strip("?,.!") not in _COLUMN_WORDS.get())
    if (
        _ablation(said)
        or _find(lexicon.METRICS, said)
        or re.search(r"\b\d+\s+prompts?\b", ql)
        or other_behaviour
    ) and not (
        re.search(r"\b(?:effect|impact|cause\w*|affect\w*|influence\w*)\b", ql)
        # an estimator named ("inverse probability weighting"), metric words aside ("logit diff")
        or _find(METHODS, re.sub("|".join(lexicon.METRICS), " ", ql))
    ):
        if len(ql.split()) <= 12:
            # ("now copying, per position": the behaviour and the units both change)
            return probe_followup(ql) or Intent(
                "probe_again", behaviour=_find(BEHAVIOURS, ql), followup=True
            )
    m = re.fullmatch(
        # "it changes depending of the plan?", "does it vary according to the site": the last
        # estimate split by the column it is said to depend on (before "it changes" is read as
        # an effect of its own)
        rf"{_LEAD}"
        # ("the medical staff think it depends on previous injuries": a belief of others)
        r"(?:(?:the\s+|our\s+|my\s+)?[\w'\-]+(?:\s+[\w'\-]+)?\s+(?:think|thinks|believe|believes|say|says|suspect|"
        r"suspects|reckon|reckons)\s+(?:that\s+)?)?"
        # ("this effect it changes with the route type": the subject said again as a pronoun)
        r"(?:(?:is|does|do)\s+)?(?:(?:the|this|that)\s+(?:effect|estimate|result)(?:\s+(?:it|that))?|it|that|this)\s+"
        r"(?:really\s+)?"
        r"(?:(?:chang\w*|var(?:y|ies|ying)|differ\w*)\s+(?:depending\s+(?:on|of|upon)|according\s+to|"
        r"(?:as\s+an?\s+|in\s+)function\s+of|with)|depends?\s+(?:on|upon))\s+(?:the\s+|their\s+|its\s+)?"
        r"(?P<by>[\w .'\-]+?)",
        ql,
    )
    if m and _strip(m.group("by")):
        return _with_slots(Intent("effect", by=_strip(m.group("by")), followup=True), ql)
    if _effect(ql) or _structured(ql):
        return None
    m = re.search(
        rf"\b(?:effect|impact|influence)s? of {_PH.format(name='t')} (?:on|upon) (?:it|that|this|them)"
        r"(?:\s*,.*|\s+(?:adjusting|controlling|using|with|via|by)\b.*)?$",
        ql,
    ) or re.search(
        # "how much does the new drug change that?" after a discovery of its causes
        rf"\bhow\s+(?:much|strongly|far)\s+(?:does|do|did|would|will|can)\s+(?:the\s+)?{_PH.format(name='t')}\s+"
        r"(?:affect|change|move|shift|influence|impact|drive|lower|raise|reduce|increase)\s+(?:it|that|this|them)$",
        ql,
    )
    m = m or re.search(
        # "is the first one's effect on it confounded?"
        rf"^(?:is|was|are)?\s*{_PH.format(name='t')}(?:'s|s') (?:effect|impact|influence) (?:on|upon) "
        r"(?:it|that|this|them)\b",
        ql,
    )
    if m and _strip(m.group("t")):
        return _with_slots(Intent("effect", treatment=_strip(m.group("t")), followup=True), ql)
    m = re.fullmatch(
        # "do you see the same thing in the stores near a competitor?", "same picture among the
        # rural clinics?": the last estimate again in a group of rows (a level or a yes/no column)
        r"(?:(?:and|so|but|ok(?:ay)?)[,\s]+)?(?:(?:do|did|would|will|can|could)\s+(?:you|we)\s+(?:see|get|find)\s+|"
        r"(?:is|was|does|do)\s+(?:it|this|that)\s+(?:look\s+|come\s+out\s+)?)?(?:the\s+)?(?:same|similar)"
        r"(?:\s+(?:thing|picture|story|pattern|result|effect|trend|finding|answer))?\s+(?:in|among|within|across|for)"
        r"\s+(?:the\s+|our\s+)?(?P<g>[\w&'\-]+(?:\s+[\w&'\-]+){0,4}?)(?:\s+(?:too|as\s+well|also|only))?",
        ql,
    )
    if m and not re.search(
        r"\b(?:it|that|this|them|effect|impact|outcome|treatment)\b", m.group("g")
    ):
        return Intent("effect", other=m.group("g"), followup=True)
    m = re.match(rf"{_LEAD}(?:for|in|among|within) (?:the )?(?P<g>\w+&\w+(?: \w+){{0,2}})$", ql)
    if m:
        return Intent("effect", other=m.group("g"), followup=True)  # "for R&D folks only"
    m = re.match(
        rf"{_LEAD}(?:the |its )?(?:(?:causal )?(?:effect|impact) )?(?:on|for) (?:the outcome )?{_PH.format(name='y')}{_STOP}",
        ql,
    )
    if (
        m
        and not re.match(rf"{_LEAD}(?:the |its )?for (?:each|every|whom|different)\b", ql)
        and not re.search(r"\binstead\s+of\b", ql)  # "and for X instead of Y": a swap
    ):
        by = _subgroup(ql)
        if re.match(
            r"^(?:(?:and|but|now|ok|okay|so|then)\s*,?\s+)*(?:(?:do|make|run|repeat)\s+)?(?:the\s+)?same\s+"
            r"(?:\w+\s+)?for\s+",
            ql,
        ) and not re.search(r"\b(?:effect|impact|outcome)\b", ql):
            # "same check for irrigation": the new column takes the role its kind and place in
            # the table say (the treatment here, "same for earnings" the outcome)
            return _with_slots(
                Intent("effect", other=_strip(m.group("y")), by=by, followup=True), ql
            )
        return _with_slots(Intent("effect", outcome=_strip(m.group("y")), by=by, followup=True), ql)
    m = re.match(
        rf"{_LEAD}(?:the |its )?(?:(?:causal )?(?:effect|impact) of|(?:with|using) (?:the )?treatment) {_PH.format(name='t')}{_STOP}",
        ql,
    )
    if m and " on " not in ql:
        return _with_slots(Intent("effect", treatment=_strip(m.group("t")), followup=True), ql)
    m = (
        re.match(
            rf"{_LEAD}(?:use |make |set |change |switch )?(?:the )?(?P<role>outcome|treatment)(?:\s*[:=]\s*|\s+(?:to |as |is |be )?){_PH.format(name='x')}{_STOP}",
            ql,
        )
        or re.search(
            rf"\b(?:use|make|set|change|switch|swap|turn)\s+(?:the )?(?P<role>outcome|treatment)\s+(?:to |as |into |=\s*|:\s*|is |be )?{_PH.format(name='x')}{_STOP}",
            ql,
        )
        or re.match(
            rf"{_LEAD}(?:use |make )?{_PH.format(name='x')} as (?:the )?(?P<role>outcome|treatment)\b",
            ql,
        )
        or re.search(
            rf"\b(?:with|using|use|make|take|taking)\s+(?:the\s+)?{_PH.format(name='x')} as (?:the |our |my )?(?:new )?(?P<role>outcome|treatment)\b",
            ql,
        )
    )
    if m:
        roles = {m.group("role"): _strip(m.group("x"))}
        for m2 in re.finditer(
            rf"\b(?:and|with|using|,)\s+(?:the\s+)?{_PH.format(name='x')} as (?:the |our |my )?(?:new )?(?P<role>outcome|treatment)\b",
            ql,
        ):
            roles.setdefault(m2.group("role"), _strip(m2.group("x")))
        return _with_slots(Intent("effect", followup=True, **roles), ql)
    if _REFUTE_OFF.search(ql) or _ADJUST_ALL.search(ql) or _ADJUST_EXCEPT.search(ql):
        return _with_slots(Intent("effect", followup=True), ql)
    drop = _dropped(ql)
    if drop:
        it = _with_slots(Intent("effect", drop=drop, followup=True), ql)
        # "without the mediator now": a role the follow-up removes is not read as one it names
        if "<mediator>" in drop:
            it.mediator = None
        if "<instrument>" in drop:
            it.instrument = None
        if "<by>" in drop:
            it.by = None
        return it
    ctrl = _controls(ql)
    if ctrl:
        return _with_slots(Intent("effect", controls=ctrl, followup=True), ql)
    m = re.match(
        rf"{_LEAD}(?:use |try )?{_PH.format(name='x')}\s+instead\s+of\s+{_PH.format(name='old')}{_STOP}",
        ql,
    )
    if m and (_find(METHODS, m.group("x")) or _find(METHODS, m.group("old"))):
        # "can you do that with DML instead of regression": the method named first is the new one
        return _with_slots(Intent("effect", followup=True), ql[: ql.find(" instead of ")])
    if m:
        return Intent(
            "effect", other=_strip(m.group("x")), instead_of=_strip(m.group("old")), followup=True
        )
    m = re.match(
        rf"{_LEAD}(?:(?:the )?(?:cates?|htes?|heterogeneous (?:treatment )?effects?|subgroup effects?|effects?|conditional effects?) |split (?:it |this |that |the effect |the estimate |them )?|break (?:it |this |that |the effect )?down |broken down |stratify (?:it )?|separately |the effect |(?:is |was |does )?(?:it |that |this )?(?:vary |varies |varying |chang\w+ |differ\w* )?)?(?:by|across|per|for each|within each|in each|among|depending (?:on|of|upon)|according to|(?:as an? |in )function of|as per)\s+(?P<by>[\w .'\-]+?)\s*$",
        ql,
    )
    if m:
        return _with_slots(Intent("effect", by=_strip(m.group("by")), followup=True), ql)
    m = re.search(
        r"\bwhich\s+(?P<by>[\w\-]+)\s+(?:benefit|gain|respond|react|profit|are\s+(?:most\s+)?affected)\w*\b",
        ql,
    )
    if m and m.group("by") not in ("ones", "groups", "group", "units", "people", "subgroups"):
        return Intent("effect", by=m.group("by"), followup=True)
    by = _subgroup(ql)
    if (
        by
        and len(ql.split()) <= 10
        and re.search(
            r"\b(?:it|that|this|the\s+effect|effects?|estimate|differ\w*|var(?:y|ies)|split|break|"
            r"broken|separately|heterogene\w*|cates?)\b",
            ql,
        )
    ):
        return _with_slots(Intent("effect", by=by, followup=True), ql)
    m = re.fullmatch(
        r"(?:and\s+|so\s+|but\s+)?(?:is|was|are|would)\s+(?:that|it|this|the\s+(?:effect|estimate|impact))\s+(?:be\s+)?"
        r"(?:any\s+|much\s+)?(?:bigger|smaller|larger|stronger|weaker|different|higher|lower|better|worse)\s+"
        r"(?:for|among|in|with|on)\s+(?:the\s+)?(?P<g>[\w&'\-]+(?:\s+[\w&'\-]+){0,2})",
        ql,
    )
    if m:
        return Intent(
            "effect", by=m.group("g"), followup=True
        )  # "is that bigger for single parents?"
    m = re.fullmatch(
        r"(?:and\s+|so\s+|but\s+)?(?:does|did|would|will|can)\s+(?:it|that|this)\s+(?:also\s+|still\s+)?(?:work|help|"
        r"hold|apply)\s+(?:on|for|among|in|with)\s+(?:the\s+)?(?P<g>[\w&'\-]+(?:\s+[\w&'\-]+){0,3})",
        ql,
    )
    if m:
        return Intent("effect", other=m.group("g"), followup=True)  # "does it work on X people?"
    if re.search(r"\bfor whom\b|\bwhich (?:groups?|segments?|subgroups?|ones)\b", ql):
        return Intent("effect", subgroups_unnamed=True, followup=True)
    m = re.match(rf"{_LEAD}(?:the )?mediator\s+(?:is |=\s*|:\s*)?{_PH.format(name='m')}{_STOP}", ql)
    med = _strip(m.group("m")) if m else _mediator(ql)
    n_words = len(ql.split())
    if med and (
        n_words <= 8
        or n_words <= 12
        # ("how much of the effect goes through leaf nitrogen?": the effect said without its
        # variables points to the last one)
        and re.search(
            r"\b(?:it|that|this|direct\w*|indirect\w*|part|share|portion)\b|\b(?:the|its|their)\s+"
            r"(?:effect|impact|benefit|gain)(?!\s+(?:of|on|from|for)\b)",
            ql,
        )
    ):
        return Intent("effect", mediator=med, followup=True)
    z, _ = _instrument(ql)
    if z and len(ql.split()) <= 10:
        return Intent("effect", instrument=z, followup=True)
    short = len(ql.split()) <= 10
    algo = _find(ALGORITHMS, ql)
    if (algo or _find(lexicon.UNAVAILABLE_ALGORITHMS, ql)) and short:
        return Intent("discover", algorithm=algo, followup=True)
    if (_find(METHODS, ql) or _find(lexicon.UNAVAILABLE_METHODS, ql)) and short:
        return _with_slots(Intent("effect", method=None, followup=True), ql)
    if _method_comparison(ql, _find_all(METHODS, ql)) and short:
        return _with_slots(Intent("effect", followup=True), ql)
    if (
        re.search(r"\b(?:alpha|significance|kci|fisher|chi|g-?test|bootstrap\w*)\b", ql)
        or _find(lexicon.CI_TESTS, ql)
        # "rerun it at the 1% level": the tests' level said as a percentage
        or re.search(r"(?<![\w.])\d+(?:\.\d+)?\s*%\s+level\b", ql)
    ) and short:
        return Intent("discover", followup=True)
    wi = _what_if(ql)
    if wi and short:
        spec, t, y = wi
        return Intent(
            "effect", treatment=t, outcome=y, focus="what_if", what_if=spec, followup=True
        )
    if _confounding_question(ql) and short and not re.search(r"\bbetween\b", ql):
        return Intent("effect", focus="confounding", followup=True)
    m = re.fullmatch(
        r"(?:(?:and|what\s+about|how\s+about|now|ok|so)[,\s]+)*(?:only|just)\s+(?:for\s+|in\s+|among\s+|with\s+)?"
        r"(?:the\s+)?(?P<g>[\w&'\-]+(?:\s+[\w&'\-]+){0,2})",
        ql,
    )
    if m:
        return Intent("effect", other=m.group("g"), followup=True)  # "only the F patients?"
    m = re.match(
        rf"^(?:and |what about |how about |and what about |now |ok,? )+(?:the |using |with )?{_PH.format(name='x')}(?:\s+instead)?$",
        ql,
    ) or re.match(
        r"^(?:the\s+)?(?P<x>[\w'\-/]+(?:\s+[\w'\-/]+){0,2}?)(?:\s+ones?)?(?:\s+instead)?$", ql
    )
    if (
        m
        and not re.search(r"\b(?:it|that|this|them|why|effect|impact|method)\b", m.group("x"))
        and not _ANALYSIS_WORD.search(m.group("x"))
    ):
        x = _strip(m.group("x"))
        if (
            x
            and not _find(METHODS, x)
            and not _find(ALGORITHMS, x)
            and not _find(lexicon.CI_TESTS, x)
        ):
            return Intent("effect", other=x, followup=True)
    return None


def _layer_move(ql: str) -> str | None:
    """A layer said relative to the last experiment's: "one layer lower", "a layer up", "the
    next layer" (up, down), "the other layer", "and for the other one?" (other)."""
    m = re.search(
        r"\b(?:one|a|1)\s+layers?\s+(?P<d>lower|down|earlier|below|before|back|higher|up|later|deeper|"
        r"above|further|on|after)\b|\b(?:the\s+)?(?P<d2>next|previous|following|preceding|earlier|later|"
        r"lower|higher|deeper|shallower)\s+layer\b|\bthe\s+layer\s+(?P<d3>below|above|before|after)\b|"
        r"\b(?P<o>the\s+other\s+(?:one|layer))\b|\b(?:the\s+)?(?P<d4>next|previous)\s+one(?:\s+(?:up|down))?\b|"
        r"\bthe\s+one\s+(?P<d5>above|below)\b",
        ql,
    )
    if not m:
        return None
    if m.group("o"):
        return "other"
    word = m.group("d") or m.group("d2") or m.group("d3") or m.group("d4") or m.group("d5")
    down = (
        "lower",
        "down",
        "earlier",
        "below",
        "before",
        "back",
        "previous",
        "preceding",
        "shallower",
    )
    return "down" if word in down else "up"


def probe_followup(question: str) -> Intent | None:
    """A short follow-up to a model experiment that changes its settings ("same for 1.2 and
    1.3", "now only the residual stream", "again at layer 0", "alpha 4 this time"); None when
    it names none of them."""
    q = clean(question)
    files = re.findall(r"[\w./~\-]+\.jsonl\b", q)
    ql = q.lower().rstrip(" ?.!")
    if len(ql.split()) > 14 or re.search(r"\b(?:effect|impact|cause\w*|graph|dag)\b", ql):
        return None
    it = Intent("probe_again", behaviour=_find(BEHAVIOURS, ql), followup=True)
    it.heads = [
        f"{int(a)}.{int(b)}"
        for a, b in re.findall(r"(?<![\w.])(?:l(?:ayer)?\s*)?(\d+)\s*[.:/h]\s*(\d+)(?![\w.%])", ql)
    ]
    it.kind = "steer"  # the slots of a steering or probing question are read the same way
    _slots(ql, it)
    it.kind = "patch"
    _slots(ql, it)
    it.kind = "probe_again"
    lm = re.search(r"\b(?:layer|l)\s*(\d+)\b", ql)
    it.layer = int(lm.group(1)) if lm and not it.heads else None
    via = re.search(
        r"\b(?:via|through|into)\s+(?:the(?:ir)?\s+|its\s+)?(q|k|v|resid)(?:uer(?:y|ies)|eys?|alues?|\w*)\b",
        ql,
    )
    it.method = via.group(1) if via else None  # path patching's receiver input
    it.score = _score_named(ql)
    it.files = files
    if (
        re.search(r"\b(?:alphas?|strengths?|stronger|weaker|scales?|coefficients?)\b", ql)
        and not it.alphas
    ):
        # "weaker please, 0.25": numbers said with a strength are alphas, not heads
        it.heads = []
        it.alphas = [float(x) for x in re.findall(r"(?<![\w.])[-+]?\d*\.?\d+(?![\w.])", ql)]
    if re.search(r"\b(?:every|all(?:\s+the)?|each)\s+layers?\b", ql):
        it.drop.append("<layers>")  # "every layer": no longer only the layers named before
    if re.search(r"\b(?:every|all(?:\s+the)?|each)\s+heads?\b", ql) and not it.heads:
        it.drop.append("<heads>")  # "now all heads": every head again
    _attribution(it, ql)
    if it.layer is None and not it.heads:
        it.layer_move = _layer_move(ql)
    head = r"(?:heads?\s+)?l?(\d+)\s*[.:/h]\s*(\d+)"
    sent = re.search(rf"\b(?:from|sender\s*[=:]?)\s+{head}", ql)
    to = re.search(rf"\b(?:(?:in)?to|receivers?\s*[=:]?)\s+(?={head})", ql)
    if sent:
        it.sender = f"{int(sent.group(1))}.{int(sent.group(2))}"  # "same from 0.1"
    if to:
        # "and into 1.3 instead?", "to 1.0 and 1.2": the receivers of the last path patching
        it.receivers = [f"{int(a)}.{int(b)}" for a, b in re.findall(head, ql[to.end() :])]
    toward = re.search(
        r"\b(?:toward|towards)\s+(?:the\s+)?([\w\-]+)\s+(?:one\s+|set\s+|side\s+)?instead\b", ql
    )
    if toward or re.search(
        r"\b(?:flip|swap|revers|invert)\w*\b|\bother\s+way\s+(?:round|around)\b|\bopposite\s+"
        r"(?:direction|way)\b",
        ql,
    ):
        # "flip it", "push toward sad instead": the two sets change places (the planner checks
        # that "sad" names the set that was the negative one)
        it.swap = True
        it.concept = toward.group(1) if toward else None
    if not it.ablation:
        # "mean instead of zero", "resample this time": a bare ablation method, changed
        m = re.search(
            r"\b(mean|zero|resampl\w*|gate)(?:[\s-]+ablation)?\s+(?:instead|this\s+time|rather|now)\b|"
            r"\b(?:use|try|with|switch\s+to|go\s+with)\s+(mean|zero|resampl\w*|gate)(?:[\s-]+ablation)?\s*$",
            ql,
        )
        word = m and (m.group(1) or m.group(2))
        if word:
            it.ablation = "resample" if word.startswith("resampl") else word
    said = (
        it.layer_move
        or it.drop
        or it.attribution
        or it.swap
        or it.heads
        or it.units
        or it.layer is not None
        or it.alphas
        or it.position
        or it.n_prompts
        or it.metric
        or it.ablation
        or it.behaviour
        or it.score
        or files
        or it.bootstrap
        or it.method
    )
    return it if said else None


#: Words of a short follow-up that ask for an analysis rather than name a column.
_ANALYSIS_WORD = re.compile(
    r"\b(?:run|redo|repeat|discover\w*|describe|summar\w+|graph|dag|help|explain|why|analy\w+|"
    r"estimate|effects?|impacts?|causes?|drivers?|thanks?|thank\s+you|ok|okay|yes|no|hi|hello|"
    r"please|again|more|details?|plot|show|report|missing|model|heads?)\b"
)

_ROLE_WORDS = {
    "controls": r"controls?|covariates?|confounders?|adjustments?|adjustment\s+set|common\s+causes?",
    "by": r"subgroups?|split|breakdown|break[\s-]?down|groups?|cates?|heterogeneity",
    "instrument": r"instruments?|ivs?",
    "mediator": r"mediators?|mediation",
    "method": r"methods?|estimators?",
    "graph": r"graphs?|dag",
}


def _dropped(ql: str) -> list[str]:
    """What a follow-up removes: role words (see _ROLE_WORDS) or column phrases."""
    ql = re.sub(r"\.\s+", "; ", ql)  # "forget the mediator. is it ...": a sentence ends it
    m = re.search(
        r"\b(?:(?<!%\s)(?<!\ba\s)(?<!\bthe\s)(?<!percent\s)drop|remove|exclude|leave\s+out|take\s+out|get\s+rid\s+of|forget|"
        r"undo|reset|clear|lose|ditch|"
        r"no\s+longer\s+(?:adjust|control)\w*\s+for|stop\s+(?:adjusting|controlling)\s+for|"
        r"don'?t\s+(?:adjust|control)\s+for|"
        # "without controlling (for) the income", "without to control the income"
        r"without\s+(?:to\s+)?(?:adjust|control|condition)\w*(?:\s+(?:for|on))?|without)\s+"
        r"(?:the\s+|any\s+)?(?P<x>[\w ,'&+\-/]+?)"
        r"(?:\s+(?:from|as)\s+(?:the\s+)?(?:list\s+of\s+)?(?P<from>controls?|covariates?|adjustment(?:\s+set)?|confounders?))?"
        + _SLOT_END,
        ql,
    )
    if not m or re.match(r"(?:that|it|this|the\s+(?:last|previous))\b", m.group("x")):
        return []
    out = []
    # "drop the split - is it confounded?": a dash ends the clause of what is removed
    for part in _split_list(re.split(r"\s+[-\u2013\u2014]+\s+|\.\s+", m.group("x"))[0]):
        part = re.sub(r"\s+(?:now|then|please|this\s+time|too|again|instead)$", "", part)
        role = next((k for k, pat in _ROLE_WORDS.items() if re.fullmatch(pat, part)), None)
        out.append(f"<{role}>" if role else part)
    return out


#: Words that say an outcome is higher or lower in one group: "the *shorter* recovery".
_COMPARATIVE_WORDS = (
    r"(?:shorter|longer|lower|higher|fewer|more|less|better|worse|bigger|smaller|larger|greater|"
    r"faster|slower|reduced|increased|extra|quicker)"
)


#: A third column doubted as what is behind the last result, said with a pointer to it ("is it
#: just the car age driving this?", "could Z be behind that?", "maybe it's just Z", "check it's
#: not just Z", "could Z explain this?"). Read only after an estimate.
_DOUBT_THIRD = (
    r"(?:the\s+|their\s+|its\s+)?(?P<z>(?!(?:it|this|that|they|them|something|anything|someone|"
    r"another|a\s+third|chance|luck|noise|the\s+data)\b)[a-z][\w'\-]*(?:\s+(?!(?:driving|behind|"
    r"doing|causing|explaining|explain|that|which)\b)[\w'\-]+){0,3}?)"
)
_DOUBT_POINTER = (
    r"(?:all\s+(?:of\s+)?(?:this|that|it)|(?:this|that|the)\s+(?:effect|result|difference|gap|number|"
    r"estimate|link)|it|this|that)"
)
_DOUBT_LEAD = (
    r"(?:(?:and|but|so|hmm|ok|okay|now|please|also|then|(?:could|can|would|will)\s+you|"
    r"you\s+(?:can|could)|i'?d\s+like\s+you\s+to)\b[\s,]*)*"
)
#: A request to check something: "check whether", "see if", "find out if", "tell me whether".
_DOUBT_ASK = (
    r"(?:check|see|find\s+out|look\s+(?:at\s+)?(?:whether|if)|verify|test|tell\s+(?:me|us)|"
    r"investigate|examine|figure\s+out)\s+(?:whether|if|that)?\s*"
)
#: ("..., please verify it", "... can you check that?": the request to check said after it)
_DOUBT_TAIL = (
    r"\s*(?:,?\s*(?:please|then|instead))?(?:[\s,;.]+(?:please\s+|(?:can|could)\s+you\s+)?(?:verify|check|"
    r"confirm|control|test)(?:\s+(?:it|that|this))?(?:\s+please)?)?[\s?.!]*"
)
_DOUBTED_RESULT = [
    re.compile(_DOUBT_LEAD + body + _DOUBT_TAIL, re.I)
    for body in (
        # "is Z behind it?", "could it be Z driving this?", "is it just Z doing that?"
        r"(?:is|could|might|may|would)\s+(?:it\s+(?:just\s+|really\s+|simply\s+|only\s+|all\s+)?"
        r"be\s+|it\s+)?(?:just\s+|really\s+|simply\s+|only\s+|all\s+|actually\s+)?(?:down\s+to\s+)?"
        + _DOUBT_THIRD
        + r"(?:\s+(?:that'?s|that\s+is|who'?s))?\s+(?:really\s+)?(?:behind|driving|causing|doing|"
        r"explaining)\s+" + _DOUBT_POINTER,
        # "is it just Z?", "maybe it's just Z", "is it really down to Z?"
        r"(?:is\s+it|maybe\s+it'?s|maybe\s+it\s+is|perhaps\s+it'?s|could\s+it\s+be|might\s+it\s+be)\s+"
        r"(?:just|only|simply|really|all|actually)\s+(?:down\s+to\s+|because\s+of\s+|about\s+)?"
        + _DOUBT_THIRD,
        # "check it's not just Z", "make sure this isn't just Z driving it"
        r"(?:check|see|make\s+sure|verify|confirm)\s+(?:that\s+|whether\s+|if\s+)?(?:it'?s|it\s+is|"
        r"this\s+is|it\s+isn'?t|this\s+isn'?t|that'?s|that\s+is)\s+(?:not\s+)?(?:just|only|simply|"
        r"really|all)\s+(?:down\s+to\s+|because\s+of\s+)?"
        + _DOUBT_THIRD
        + r"(?:\s+(?:driving|behind|doing|causing)\s+"
        + _DOUBT_POINTER
        + r")?",
        # "could Z explain this (away)?"
        r"(?:could|can|might|does|do|would|may)\s+"
        + _DOUBT_THIRD
        + r"\s+explain\s+"
        + _DOUBT_POINTER
        + r"(?:\s+away)?",
        # "check whether Z is behind that", "see if Z explains it", "find out if Z drives this"
        _DOUBT_ASK
        + _DOUBT_THIRD
        + r"\s+(?:(?:is|was|are|were|might\s+be|could\s+be)\s+)?(?:really\s+|actually\s+|also\s+)?"
        r"(?:behind(?:\s+of)?|driving|causing|explaining|explains?|drives?|causes?|is\s+the\s+reason\s+for)\s+"
        + _DOUBT_POINTER
        + r"(?:\s+away)?",
        # "I think is the machine age behind", "maybe is Z behind": the pointer left out
        r"(?:(?:i\s+think|i\s+suspect|maybe|perhaps|probably)\s+)?(?:it\s+)?is\s+(?:just\s+|really\s+|"
        r"actually\s+)?" + _DOUBT_THIRD + r"\s+behind(?:\s+(?:of\s+)?" + _DOUBT_POINTER + r")?",
        # "maybe Z explains all this", "perhaps Z is behind it"
        r"(?:maybe|perhaps|probably|possibly|i\s+think|i\s+suspect)\s+"
        + _DOUBT_THIRD
        + r"\s+(?:(?:is|was)\s+)?(?:really\s+|actually\s+)?(?:behind(?:\s+of)?|driving|causing|"
        r"explains?|drives?|causes?)\s+" + _DOUBT_POINTER + r"(?:\s+away)?",
        # "is this effect only because the smokers are more in one arm?": Z and what it does
        # ("maybe is only because the patients more severe receive the drug": no pointer)
        r"(?:(?:maybe|perhaps|probably)\s+)?(?:it\s+)?(?:is|was)\s+(?:" + _DOUBT_POINTER + r"\s+)?"
        r"(?:only\s+|just\s+|simply\s+|really\s+|maybe\s+)?(?:because(?:\s+of)?|due\s+to)\s+"
        + _DOUBT_THIRD
        + r"(?:\s+(?:are|is|were|was|have|has|had|get|got|gets|receive|received|receives|take|took|takes|"
        r"use|used|uses)\b[\w\s'\-]*)?",
        # "check whether that is due to Z", "see if it's explained by Z"
        _DOUBT_ASK
        + _DOUBT_POINTER
        + r"\s*(?:is|was|'s)\s+(?:really\s+|just\s+|only\s+|actually\s+)?(?:due\s+to|because\s+of|"
        r"explained\s+by|driven\s+by|caused\s+by|down\s+to)\s+" + _DOUBT_THIRD,
    )
]


def _reason_mechanism(ql: str) -> str | None:
    """The mechanism a follow-up offers as the reason for the last effect: "is that because the
    buses run more on time? how much of it?" (a change the treatment brings, said with a
    comparative); None for a doubt ("is that just because ...", a confounding question)."""
    why = re.match(
        r"(?:(?:ok|okay|and|so|but|then|right)[,\s]+)*(?:is|was)\s+(?:that|it|this)\s+"
        r"(?:(?:mostly|mainly|largely|partly|partially)\s+)?because\s+(?!of\b)"
        r"(?=[^?.;!]*\b(?:more|less|fewer|higher|lower|better|worse|bigger|smaller)\b)",
        ql,
    )
    med = _mediator(ql) if why else None
    return med if med and med not in ("it", "that", "this", "they", "them") else None


def _doubted_third(q: str) -> str | None:
    """The column a follow-up doubts as what is behind the last result (see _DOUBTED_RESULT)."""
    # ("My boss says this is because of Z. Can you check?": any one sentence may say it)
    parts = [q.strip()] + [p for p in reversed(re.split(r"(?<=[.!?;])\s+", q.strip())) if p]
    for part in dict.fromkeys(parts):
        for pattern in _DOUBTED_RESULT:
            m = pattern.fullmatch(part)
            if m:
                return m.group("z")
    return None


_CONFOUNDER_FIRST = re.compile(
    r"\b(?:(?:does|do|could|might|would|can|may|is|are)\s+|"
    # "check whether Z explains away ...", "see if Z is a confounder for ...": the same question
    # asked inside a request, its verb after the subject
    r"(?P<embedded>whether|if)\s+(?!we\b|you\b|i\b|they\b|one\b|not\b))"
    # ("does something else explain ...": no column named, the check without one)
    r"(?!there\b|any\b|some\b|it\b|this\b|that\b|something\b|anything\b|someone\b|another\b|"
    r"a\s+third\b|confound\w*|bias\b|chance\b|selection\b|noise\b|luck\b)"
    r"(?P<z>[\w .'\-]+?)\s+(?:be\s+|really\s+|(?:is|are)\s+(?:really\s+)?)?"
    # ("could age be explaining it away?": the relation said before, in a clause of its own)
    r"(?:confound(?:s|ing)?\b|explain(?:s|ing)?\s+(?:(?:it|this|that|them)\s+)?away\b|account\s+for|"
    # "could breed explain the link between X and Y?": what explains an association confounds it
    r"explain(?=\s+(?:the\s+|this\s+|that\s+)?(?:link|association|relationship|correlation|"
    r"connection|gap|difference)\b)|"
    # "is Z making the relation between X and Y look bigger (than it is)?": inflating it
    r"mak(?:e|es|ing)(?=\s+(?:the\s+|this\s+|that\s+)?(?:link|relation\w*|association|correlation|"
    r"connection|effect|gap|difference)\b[^?.;!]*?\b(?:look|seem|appear)\s+(?:much\s+)?(?:bigger|"
    r"stronger|larger|smaller|weaker|better|worse|more|less)\b)|"
    # "is seat count a confounder of training and violations?": the noun says the same
    r"(?:an?\s+|the\s+)?(?:confounder|confounding\s+(?:factor|variable)|common\s+cause)\s+"
    r"(?:of|for|in|between)\s+)\s*(?:the\s+|this\s+)?(?P<rest>.+)$"
)


#: The effect of a treatment said without its outcome: "the effect of X", "X's effect", "the X
#: effect" (the phrase ends where the doubt about it begins).
_EFFECT_OF_ALONE = re.compile(
    r"\b(?:(?:the\s+|its\s+|their\s+)?(?:causal\s+|apparent\s+|real\s+)?(?:effect|impact|benefit)\s+"
    r"of\s+(?:the\s+|a\s+|an\s+)?(?P<t>[\w'\-]+(?:\s+(?!on\b|upon\b|in\b|for\b|over\b)[\w'\-]+){0,3}?)|"
    r"(?:the\s+)?(?P<t2>(?!its\b|their\b|this\b|that\b|the\b)[\w\-]+(?:\s+[\w\-]+){0,2}?)(?:'s?|s')?\s+"
    r"(?:causal\s+|apparent\s+)?(?:effect|impact|benefit))"
    r"(?=\s*(?:[?.!,;]|$)|\s+(?:is|was|are|were|really|just|confounded|biased|distorted|by|here|at\s+all)\b)"
)


def _effect_of_alone(text: str) -> str | None:
    """The treatment of "the effect of X" said with no outcome (None when an outcome follows)."""
    m = _EFFECT_OF_ALONE.search(text)
    if not m:
        return None
    t = _strip(m.group("t") or m.group("t2"))
    if not t or re.fullmatch(r"(?:an?|any|some|no|causal|real|true|this|that|it|the)", t):
        return None
    return t


#: A third thing left unnamed as the subject of a doubt ("does something else explain the relation
#: between X and Y?"): no cause of the outcome, so the relation is read without it.
_UNNAMED_THIRD = re.compile(
    r"\b(?:does|do|could|can|might|may|would|is|are)\s+(?:there\s+)?(?:something|anything|"
    r"a\s+third\s+(?:variable|factor|thing)|some\s+other\s+(?:variable|factor|thing)|"
    r"another\s+(?:variable|factor))\s+(?:else\s+)?(?:be\s+)?(?:explain\w*|driv\w*|caus\w*|behind|"
    r"account\w*\s+for)\s+(?=(?:the\s+|this\s+|that\s+)?(?:relation\w*|link|association|correlation|"
    r"connection)\b)"
)


#: "would adjusting for Z change how X affects Y?": whether adjusting moves the estimate, the
#: relation said after the verb of change.
_ADJUSTING_CHANGES = re.compile(
    r"\b(?:would|does|will|could|might|do)\s+(?:controlling|adjusting|accounting|correcting)\s+for\s+"
    r"(?P<z>[\w .'\-]+?)\s+(?:change|move|shift|alter|affect)\s+"
    r"(?P<rest>(?:how|what|the|this|that|my|our|its|their)\b.+)$"
)


_IV_CLAUSE = re.compile(
    r"\b(?:use|using|take|taking|treat|treating)\s+(?:[\w'\-]+\s+){1,4}?as\s+(?:an?\s+|the\s+|my\s+)?"
    r"(?:valid\s+)?(?:instrument(?:al\s+variable)?|iv)\s+(?:to|and|for|in\s+order\s+to)\s+(?=\w)"
)


#: Which units gain most from a treatment: "which stores benefit most from the app (in terms of
#: basket)?", "which restaurants gain the most from training, chains or independents?".
_WHICH_GAIN = re.compile(
    r"\b(?:which\s+(?:(?:kind|type|sort|segment|group)s?\s+of\s+)?[\w'\-]+(?:\s+(?!would\b|will\b|do\b|"
    r"does\b|benefit|gain|profit)[\w'\-]+)?|who)\s+(?:would\s+|will\s+|do\s+|does\s+)?"
    r"(?:benefit|gain|profit)s?\s+(?:the\s+)?most\s+from\s+(?:the\s+|a\s+|an\s+)?"
    r"(?P<t>[\w'\-]+(?:\s+[\w'\-]+){0,2}?)"
    r"(?:\s+(?:in\s+terms\s+of|when\s+it\s+comes\s+to|for|on|in)\s+(?:the\s+|their\s+|its\s+)?"
    r"(?P<y>[\w'\-]+(?:\s+[\w'\-]+){0,2}?))?"
    # "who benefits most from a tutor, by age group?": the split said after the request
    r"(?:\s*,?\s+by\s+(?P<by>[\w'\-]+(?:\s+[\w'\-]+)?))?"
    r"(?:\s*[,:;\-]\s*|\s+)?(?:(?P<g>[\w'\-]+(?:\s+[\w'\-]+)?\s+or\s+[\w'\-]+(?:\s+[\w'\-]+)?))?"
    # "...? final score": the outcome said after the question
    r"\s*[?.!]*\s*[;,:]?\s*(?:(?P<y2>(?!(?:and|or|but|thanks?|please|pls)\b)[a-z][\w'\-]*(?:\s+[\w'\-]+){0,3})\s*[?.!]*\s*)?$"
)


#: A group said to gain more from a treatment: "do single parents get more out of X".
_GROUP_GAINS = re.compile(
    r"\b(?:do|does|did|would|will)\s+(?:the\s+)?(?P<g>[\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:really\s+)?"
    r"(?:get|gain|benefit|profit|take\s+away)\s+(?:more|less|most|least|the\s+most)\s+(?:out\s+of|from)\s+"
    rf"(?:the\s+|a\s+)?{_PH.format(name='t')}(?=\s*[,;?!(]|\s*$|\s+(?:in\s+terms|when|regarding|for|on|than)\b)"
)


#: A treatment said to help a group more: "does the subsidy help single parents more".
_HELPS_GROUP = re.compile(
    rf"\b(?:does|do|did|would|will)\s+(?:the\s+)?{_PH.format(name='t')}\s+(?:really\s+)?(?:help|benefit|favou?r|"
    r"work\s+better\s+for|pay\s+off\s+more\s+for)\s+(?!the\b|their\b|its\b)(?P<g>[\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:more|most|the\s+most)\b"
)


def _effect_intent(ql: str) -> Intent | None:
    """An effect question (plain, mediation, subgroups, instruments, confounding, what-if,
    method comparison) with its role phrases; None when the question is not about an effect."""
    # "does X work differently for each position on days out?": the split said before the
    # outcome is put after it (a group "for each W" is never the cause of what follows)
    ql = re.sub(
        r"\b(?P<g>(?:for|in|across|among)\s+(?:each|every)\s+[\w'\-]+(?:\s+[\w'\-]+)??)\s+"
        r"(?P<y>on\s+(?:the\s+|their\s+)?[^?.!,;]+?)(?=\s*[?.!,;]|\s*$)",
        r"\g<y> \g<g>",
        ql,
    )
    cf = _CONFOUNDER_FIRST.search(ql) or _ADJUSTING_CHANGES.search(ql)
    if cf:
        # "does Z confound the X effect on Y": the relationship is read without its confounder
        rest = cf.group("rest")
        # ("... the relation between X and Y look bigger than it is")
        rest = re.sub(
            r"\s+(?:look|seem|appear)\s+(?:much\s+)?(?:bigger|stronger|larger|smaller|weaker|better|"
            r"worse|more|less)\b.*$",
            "",
            rest,
        )
        # ("explain away the churn gap between 5G and non-5G customers": the groups' gap)
        # ("between 5G and non-5G customers": the others)
        gap = _gap_between_groups(
            re.sub(r"\band\s+non[\s-]?[\w'\-]+(?:\s+[\w'\-]+)?\s*$", "and the rest", rest)
        )
        pair = (
            (_effect(gap) if gap != rest else None)
            or _effect(rest)
            or _effect("the " + rest)
            or _structured(rest)
        )
        if pair is None:
            # "explain away the shorter recovery (we see) with the new drug": a difference in
            # the outcome said first, then what goes with it
            m = re.match(
                rf"(?:{_COMPARATIVE_WORDS})\s+{_PH.format(name='y')}(?:\s+(?:we|you|they|i)\s+(?:see|saw|get|got|"
                rf"observe|observed|find|found|notice|noticed))?\s+(?:with|from|after|under|among|on)\s+"
                rf"(?:the\s+)?{_PH.format(name='t')}{_STOP}",
                rest,
            )
            m = m or re.match(
                rf"{_PH.format(name='t')} (?:and|with|vs\.?) {_PH.format(name='y')}{_STOP}", rest
            )
            pair = {"t": _strip(m.group("t")), "y": _strip(m.group("y"))} if m else None
        if pair and pair.get("t") and pair.get("y"):
            it = Intent("effect", treatment=pair["t"], outcome=pair["y"], focus="confounding")  # type: ignore[arg-type]
            z = _strip(cf.group("z"))
            it.controls = [z] if z else []
            return _with_slots(it, ql)
        y_alone = re.match(
            r"(?:the\s+|this\s+|that\s+)?(?:difference|gap|drop|fall|rise|increase|reduction|decrease|"
            r"improvement|savings?)\s+in\s+(?:the\s+|their\s+|its\s+)?(?P<y>[\w'\-]+(?:\s+[\w'\-]+){0,2}?)"
            r"\s*(?:[?.!]|$)",
            rest,
        )
        if y_alone:
            # "could the machines' age explain the difference in downtime?": the outcome said,
            # the treatment in the sentences before
            z = _strip(cf.group("z"))
            it = Intent("effect", outcome=_strip(y_alone.group("y")), focus="confounding")
            it.controls = [z] if z else []
            return _with_slots(it, ql)
        t_alone = _effect_of_alone(rest)
        if t_alone:
            # "could the credit score confound the effect of counselling?": the effect of a
            # treatment without its outcome; the outcome is asked for, not guessed
            z = _strip(cf.group("z"))
            it = Intent("effect", treatment=t_alone, focus="confounding")
            it.controls = [z] if z else []
            return _with_slots(it, ql)
    wg = _WHICH_GAIN.search(ql)
    if wg:
        # "which restaurants benefit the most from training, chains or independents?": the
        # effect by the group whose levels are listed (or by the subgroups, unnamed); what they
        # benefit in is the outcome when said, else asked back
        y = wg.group("y") or wg.group("y2")
        it = Intent("effect", treatment=_strip(wg.group("t")), outcome=_strip(y) if y else None)
        if wg.group("g") or wg.group("by"):
            it.by = _strip(wg.group("g") or wg.group("by"))
        else:
            it.subgroups_unnamed = True
        return _with_slots(it, ql)
    gm = _GROUP_GAINS.search(ql) or _HELPS_GROUP.search(ql)
    if (
        gm
        and gm.re is _HELPS_GROUP
        and re.match(
            r"\s+(?:in|for|among|at|on|with)\s+[\w'\- ]+?\s+(?:than|vs\.?|versus|compared\s+(?:to|with))\b",
            ql[gm.end() :],
        )
    ):
        # "does the drug help recovery more in cardiology than in neurology?": what it helps is
        # the outcome, the groups are named by their levels after it
        return _with_slots(
            Intent("effect", treatment=_strip(gm.group("t")), outcome=_strip(gm.group("g"))), ql
        )
    if gm and not _structured(ql):
        # "do single parents get more out of the subsidy, hours-wise?": the group's column
        # splits the effect, the thing they get more out of is the treatment
        ym = re.search(
            rf"(?:\b(?:in\s+terms\s+of|when\s+it\s+comes\s+to|regarding|for|on)\s+(?:the\s+|their\s+)?"
            rf"{_PH.format(name='y')}{_STOP}|\b(?P<yw>[a-z]+)-wise\b)",
            ql[max(gm.end("t"), gm.end("g")) :],
        )
        y = _strip(ym.group("y") or ym.group("yw")) if ym else None
        g = _strip(gm.group("g"))
        where = re.match(
            r"\s+(?:for|in|on|among|at|with)\s+(?:the\s+)?(?P<g>[\w'\-]+(?:\s+[\w'\-]+){0,2})\s*[?.!]*$",
            ql[gm.end() :],
        )
        if where and gm.re is _HELPS_GROUP and y in (None, _strip(where.group("g"))):
            # "does the lane help riders more for urban routes": what it helps is the outcome,
            # the group comes after
            y, g = g, _strip(where.group("g"))
        it = Intent("effect", treatment=_strip(gm.group("t")), outcome=y, by=g)
        return _with_slots(it, ql)
    st = _structured(ql)
    # "use it as an instrumental variable to estimate X's effect on Y": the roles are read
    # without the instrument's clause, which names no treatment
    wi = _what_if(ql)
    # ("halve the excess on every policy": who a scenario applies to is no outcome)
    eff = (
        _effect(_UNNAMED_THIRD.sub("", _IV_CLAUSE.sub("", _SCOPE.sub("", ql) if wi else ql)))
        if st is None
        else None
    )
    z, zt = _instrument(ql)
    if z and st is None and not wi:
        # "use Z like instrument, it moves X only. how much does Y depend on X?": the effect
        # read from the sentences that do not say the instrument, when they read one
        others = re.sub(r"[^.;?!]*\b(?:instrument\w*|ivs?)\b[^.;?!]*(?:[.;?!]+\s*|$)", " ", ql)
        if others.strip(" .;?!") and others != ql:
            from copilot.agents.normal_forms import auxiliary

            # (an auxiliary a learner left out is put back: "how much the Y depend on X")
            for said in (others, *auxiliary(others.strip(), set())):
                alone = _effect(said)
                if alone is not None and alone.get("t") and alone.get("y"):
                    eff = alone
                    break
    conf = _confounding_question(ql)
    if st is not None:
        it = Intent("effect", treatment=st["t"], outcome=st["y"], mediator=st.get("mediator"))  # type: ignore[arg-type]
        it.controls = list(st.get("controls") or [])  # type: ignore[call-overload]
        if st.get("instrument"):
            z = st["instrument"][0]  # type: ignore[index]
    elif eff is not None:
        it = Intent("effect", treatment=eff["t"], outcome=eff["y"], mediator=eff["m"])
        it.weak_direction = bool(eff.get("weak"))
    elif zt is not None:
        it = Intent("effect", treatment=zt)
        m = re.search(
            rf"\b(?:on|'s effect on|effect on|(?:do|does|did)\s+to) {_PH.format(name='y')}{_STOP}",
            ql,
        ) or re.search(
            # "... when looking at quits", "... in terms of CSAT": the outcome said as a topic
            rf"\b(?:(?:when|while)\s+)?(?:looking\s+at|in\s+terms\s+of|with\s+respect\s+to|"
            rf"when\s+it\s+comes\s+to|regarding)\s+(?:the\s+)?{_PH.format(name='y')}{_STOP}",
            ql,
        )
        if m:
            it.outcome = _strip(m.group("y"))
        else:
            # "... as an instrument for coaching and tell me what it does to fcr": the pronoun
            # after the instrument's clause is the treatment; the rest reads as any question
            tail = re.sub(r"\b(?:it|this|that)\b", zt, re.split(r"\binstrument\w*\b", ql)[-1])
            rest = _effect(tail)
            if rest and rest.get("y") and _strip(rest.get("t")) == _strip(zt):
                it.outcome = _strip(rest["y"])
    elif wi is not None:
        spec, t, y = wi
        it = Intent("effect", treatment=t, outcome=y)
    elif (
        m := re.search(
            rf"\b(?:does|do|did|will|would) {_PH.format(name='t')} (?:really |actually )?(?:work(?:s)?|pay(?:s)? off|make(?:s)? a difference|(?:matter|pay)(?:s)?(?= more| less)|"
            # "does having a tutor help as much on mobile as on a laptop?": help, compared
            r"help(?:s)?(?=\s+(?:as\s+much|equally|differently|the\s+same|more\s+(?:in|for|on|at|among)|less\s+(?:in|for|on|at|among))\b))\b",
            ql,
        )
        or re.search(
            # "is the programme worth it (days out)?": the outcome is asked for, or in brackets
            rf"\b(?:is|are|was|were)\s+(?:the\s+)?{_PH.format(name='t')}\s+(?:really\s+|actually\s+)?worth\s+(?:it|the\s+\w+)\b",
            ql,
        )
        or re.search(
            # "what does counseling (actually) do?": the outcome is asked for
            rf"^(?:so |and )?what (?:does|do|did|would|will) {_PH.format(name='t')} (?:really |actually |even )?do\s*$",
            ql,
        )
    ):
        it = Intent("effect", treatment=_strip(m.group("t")))
        my = re.search(
            rf"\b(?:for|on|in|in terms of|when it comes to|regarding) (?!(?:each|every|some|all|whom)\b){_PH.format(name='y')}"
            r"(?=\s+(?:goes|go|runs|flows|passes|is)\s+(?:through|via)\b|\s*$|\s*,\s*by\s+[\w'\-]+"
            r"(?:\s+[\w'\-]+)?\s*[?.!]*$)",
            ql[m.end() :],
        ) or re.search(r"\((?:on |for )?(?:the )?(?P<y>[\w .'\-/]+)\)\s*$", ql[m.end() :])
        if my:
            it.outcome = _strip(my.group("y"))
    elif re.search(r"\b(?:treatment|outcome)(?:\s+variable)?\s*(?:[:=]|is\b)", ql) or (
        # "treatment counseling, mediator M, outcome Y": roles named like a form
        re.search(r"(?:^|[,;:]\s*)treatment\s+(?!effect)\w", ql)
        and re.search(r"(?:^|[,;:]\s*)outcome\s+\w", ql)
    ):
        it = Intent("effect")  # "treatment: X, outcome: Y": _with_slots reads both
    elif conf:
        m = (
            re.search(
                rf"^(?:the\s+)?{_PH.format(name='t')} and (?:the\s+)?{_PH.format(name='y')}(?:\s+(?:are|is|seem|look)\s+(?:\w+\s+)?(?:correlated|associated|related|linked))?(?:\s*[,;:]|\s+(?:but|yet|so)\b)",
                ql,
            )
            or re.search(
                rf"\b(?:between|of|behind) {_PH.format(name='t')} (?:and|with|on) {_PH.format(name='y')}{_STOP}",
                ql,
            )
            or re.search(
                rf"\bconfound\w* {_PH.format(name='t')} and {_PH.format(name='y')}{_STOP}", ql
            )
            # "is X vs Y confounded", "the X/Y thing": a pair, the first named the treatment
            or re.search(
                rf"(?:^|[,;:]\s*|\b(?:is|are|the|that|this)\s+)(?:the\s+)?{_PH.format(name='t')}"
                rf"(?:\s+(?:vs\.?|versus|against)\s+|\s*/\s*)(?:the\s+)?{_PH.format(name='y')}"
                r"(?:\s+(?:thing|story|pattern|link|relationship|association|correlation))?"
                rf"{_STOP}",
                ql,
            )
        )
        if not m:
            # "does X only look like it matters for Y": the hedge off, the claim is the pair
            plain = re.sub(
                r"\b(?:only|just|really)?\s*(?:looks?|seems?|appears?)\s+(?:like|as\s+if|as\s+though|to)\s+"
                r"(?:it\s+|they\s+)?",
                "",
                ql,
            )
            plain = re.sub(r"^(?:does|do|did)\s+", "whether ", plain)
            pair = _effect(plain) if plain != ql else None
            if pair and pair.get("t") and pair.get("y"):
                it = Intent("effect", treatment=pair["t"], outcome=pair["y"], focus="confounding")
                return _with_slots(it, ql)
            return _with_slots(Intent("effect", focus="confounding"), ql)
        it = Intent(
            "effect", treatment=_treat_phrase(_strip(m.group("t"))), outcome=_strip(m.group("y"))
        )
    else:
        return None
    if it.outcome and re.fullmatch(
        r"(?:how\s+)?(?:much|many|often)(?:\s+(?:more|less|fewer))?", it.outcome
    ):
        it.outcome = None  # "..., the defaults go down? how much": a quantity, not a variable
    if wi is not None:
        spec, t, y = wi
        it.focus, it.what_if = "what_if", spec
        if t and not re.fullmatch(r"(?:it|that|this|them)", t):
            if it.outcome and t == it.outcome:
                it.outcome = y or (it.treatment if it.treatment != t else None)
            elif (
                y
                and it.treatment
                and it.outcome
                and t != it.treatment
                and t not in it.treatment
                and it.outcome not in (last := re.split(r"[;.!?]\s+", ql.strip(" ?.!"))[-1])
                and y in last
            ):
                # "our budget is getting cut next season; if none of them were irrigated, what
                # would happen to the yield?": the pair read first was another clause's
                it.outcome = y
            it.treatment = t
        # ("imagine we cut X completely; what would Y look like": the verb's object is no outcome)
        if (
            it.outcome is None
            or it.outcome == it.treatment
            or (it.treatment and re.search(rf"\b{re.escape(it.treatment)}\b", it.outcome))
            or re.search(r"\b(?:if|when|suppose|imagine)\b", it.outcome)
        ) and y:
            it.outcome = y
    if conf:
        it.focus = "confounding"
        if it.treatment and re.fullmatch(
            r"(?:there\s+)?(?:an?\s+|any\s+|some\s+)?(?:(?:common|shared|hidden|joint|unmeasured)\s+)+"
            r"(?:cause|driver|factor)s?",
            it.treatment,
        ):
            # "is there a common cause behind X and Y": the pair is what the cause is behind
            pm = re.search(
                rf"\b(?:behind|of|for|between|driving) (?:the\s+)?{_PH.format(name='t')} (?:and|with) "
                rf"(?:the\s+)?{_PH.format(name='y')}{_STOP}",
                ql,
            )
            if pm:
                it.treatment, it.outcome = _strip(pm.group("t")), _strip(pm.group("y"))
    if z:
        it.instrument = z
        if zt and (it.treatment is None or it.treatment == z or z in it.treatment):
            it.treatment = zt
    it = _with_slots(it, ql)
    em = re.search(r"\bexplained\s+(?:away\s+)?by\s+(?:the\s+)?(?P<z>[\w .'\-]+?)" + _SLOT_END, ql)
    changed = em and re.match(
        r"(?:lower|higher|more|less|fewer|reduced|increased|better|worse|bigger|smaller)\s",
        em.group("z"),
    )
    if conf and changed and it.mediator and it.focus == "confounding":
        # "is X's link to Y explained by lower Z?": a Z that X changes is how X works
        it.focus = None
    elif conf and em and it.mediator and _strip(em.group("z")) == it.mediator:
        # in a confounding question, what "explains" the association is a confounder
        it.controls.append(it.mediator)
        it.mediator = None
    return it


#: A group compared with the rest: "helps some regions more than others", "more useful on the
#: night shift".
_COMPARED_GROUP = re.compile(
    r"\b(?:some|certain|particular|specific)\s+(?P<by>[\w'\-]+(?:\s+[\w'\-]+)?)\s+(?:more|less|"
    r"better|worse|differently)\b(?:\s+than\s+(?:others|the\s+rest|other\s+\w+))?|"
    # "does the programme work differently for each position?"
    r"\b(?:works?|worked|acts?|behaves?|helps?)\s+differently\s+(?:for|in|on|across|among|between)\s+"
    r"(?:each|every|all\s+the|the\s+(?:different|various)|different|various)\s+"
    r"(?P<by6>[\w'\-]+(?:\s+[\w'\-]+)?)(?=\s*[,;?!.]|\s*$|\s+(?:on|for|in)\b)|"
    # "does the promo work differently in the outer district?": one group, the question's last words
    r"\b(?:works?|worked|acts?|behaves?)\s+differently\s+(?:for|in|on|among|at)\s+(?:the\s+)?"
    r"(?P<by7>[\w'\-]+(?:\s+[\w'\-]+)?)(?=\s*[,;?!.]*\s*$)|"
    r"\b(?:more|less)\s+(?:useful|effective|helpful|beneficial|important|valuable|pronounced|"
    r"harmful|worthwhile)\s+(?:on|in|for|at|among|with)\s+(?:the\s+)?(?P<by2>[\w'\-]+(?:\s+[\w'\-]+)?)"
    r"(?=\s*[,;?!.]|\s*$|\s+(?:than|for|on|compared)\b)|"
    r"\b(?:stronger|weaker|bigger|smaller|larger|greater)\s+(?:for|in|among|on|at)\s+(?:the\s+)?"
    r"(?P<by4>[\w'\-]+(?:\s+[\w'\-]+)?)(?=\s*[,;?!.]|\s*$|\s+(?:than|compared)\b)|"
    r"\b(?:works?|helps?|pays?\s+off|matters?)\s+(?:better|more|less|worse|best|most)\s+(?:(?:in|for|on|at|"
    r"among)\s+)?(?!(?:than|when|if|with|for|on|there|here|now|then|overall|too|also|though|today)\b)"
    r"(?:the\s+)?(?P<by3>[\w'\-]+(?:\s+[\w'\-]+)?)(?=\s*[,;?!.]|\s*$|\s+(?:than|for|on|compared)\b)|"
    # "helps more on some route types than on others"
    r"\b(?:more|less|better|worse|differently)\s+(?:in|on|for|at|among|with)\s+(?:some|certain|particular)\s+"
    r"(?P<by5>[\w'\-]+(?:\s+[\w'\-]+)?)\s+than\s+(?:(?:in|on|for|at|among|with)\s+)?(?:others|the\s+rest|other\s+\w+|(?:the\s+)?other)\b"
)


#: Where a declared role's phrase ends at the next declared role ("churn and the middle step is").
_ROLE_AFTER = re.compile(
    r"\s*,?\s+and\s+(?:the\s+)?(?:middle\s+step|intermediate\w*|mediator|treatment|outcome|"
    r"instrument)\b.*$"
)


#: An outcome said as a chain ("more footfall and then more revenue", "fewer dropped calls, which
#: in turn means less churn"): the first link is the mediator, the last one the outcome.
_CHAIN = re.compile(
    r"(?P<m>[a-z][\w'\- ]*?)\s*,?\s+(?:and\s+|which\s+)?(?:then|in\s+turn|thereby)\s+"
    r"(?:(?:brings?|gives?|means?|raises?|drives?|leads?\s+to|lowers?|cuts?)\s+)?"
    r"(?:(?:more|less|fewer|higher|lower|bigger|smaller|better|worse)\s+)?(?:the\s+)?(?P<y>[a-z][\w'\- ]*)"
)


def _with_slots(it: Intent, ql: str) -> Intent:
    """The effect intent's other roles: mediator, subgroups, controls."""
    chain = _CHAIN.fullmatch(it.outcome or "")
    if chain and _strip(chain.group("y")) and _strip(chain.group("m")):
        # "does advertising bring more footfall and then more revenue?": through the first to
        # the last
        it.outcome = _strip(chain.group("y"))
        if it.mediator is None or it.mediator == _strip(chain.group("m")):
            it.mediator = _strip(chain.group("m"))
    for role in ("outcome", "treatment"):
        m = re.search(
            rf"\b{role}(?:\s+variable)?\s*(?:is|:|=|being|should be)?\s+(?!of\b|on\b|is\b)(?:the\s+)?{_PH.format(name='x')}{_STOP}",
            ql,
        )
        if m and getattr(it, role) is None and _strip(_ROLE_AFTER.split(m.group("x"))[0]):
            setattr(it, role, _strip(_ROLE_AFTER.split(m.group("x"))[0]))
    m = re.search(
        rf"\b(?:middle\s+step|intermediate(?:\s+(?:step|variable))?|mediator|mediating\s+variable)\s*"
        rf"(?:is|:|=|being|should\s+be|would\s+be)\s+(?:the\s+)?{_PH.format(name='x')}{_STOP}",
        ql,
    )
    if m and it.mediator is None and _strip(_ROLE_AFTER.split(m.group("x"))[0]):
        # "the outcome is churn and the middle step is the number of support calls"
        it.mediator = _strip(_ROLE_AFTER.split(m.group("x"))[0])
    m = re.search(
        r"\bwhich\s+(?P<by>[\w\-]+)(?:\s+(?:groups?|types?|segments?|kinds?|categories))?\s+(?:benefit|gain|"
        r"respond|react|profit|are\s+(?:most\s+)?affected|see|get)\w*\b",
        ql,
    )
    if (
        m
        and it.by is None
        and m.group("by") not in ("ones", "groups", "units", "people")
        # "which customer segment benefits most": the rows, not a column of groups
        and not any(re.match(_PEOPLE + r"$", w) for w in (m.group("by"), m.group("by") + "s"))
    ):
        it.by = m.group("by")
    m = re.search(
        r"\b(?:for|in|among|across)\s+which\s+(?P<by>[\w\-]+(?:\s+[\w\-]+)?)\s+"
        r"(?:is|are|was|were|does|do|did|would|will)\b",
        ql,
    )
    if m and it.by is None:
        it.by = _strip(m.group("by"))
    if it.mediator is None and it.kind == "effect":
        it.mediator = (
            _mediator(ql)
            if re.search(
                r"\b(?:through|via|mediat\w*|direct|indirect|goes|going|flows|pass|passes|passing|explained|carried|explains|route|path|pathway|channel|"
                r"(?:explains?|accounts?\s+for|carry|carries)\s+(?:(?:a\s+)?(?:\w+\s+)?(?:part|share|portion|chunk|bit|fraction)|some|much|most)\s+of|"
                r"transmitted|channel+ed|because|due|thanks|owing|by\s+way|by\s+means|all\s+about|down\s+to|"
                r"(?:mostly|mainly|largely|partly|primarily|chiefly)\s+by|(?:comes?|coming|came|stems?|stemming)\s+(?:\w+\s+)?from|"
                r"by\s+(?:increasing|reducing|lowering|raising|improving|boosting|cutting|shortening))\b"
                r"|\bhow\s+much\s+of\b.*\b(?:is|of|comes\s+from)\s+(?:just|simply|only|all|mostly|mainly|really)\b",
                ql,
            )
            else None
        )
    if it.mediator and it.mediator in (it.treatment, it.outcome):
        it.mediator = None
    g = _COMPARED_GROUP.search(ql) if it.by is None and it.kind == "effect" else None
    if (
        g
        and g.group("by3")
        and it.outcome
        and g.group("by3") in it.outcome
        and not re.search(r"\b(?:in|for|on|at|among)\s", g.group(0))
    ):
        g = None  # "make parents work more hours": the outcome said with a verb, no group
    if g:
        # "does X help some employment types more than others (defaults)?", "is X more useful
        # on the night shift?": a group compared with the others
        by = (
            _strip(
                next(
                    (
                        g.group(k)
                        for k in ("by", "by2", "by3", "by4", "by5", "by6", "by7")
                        if g.group(k)
                    ),
                    None,
                )
            )
            or ""
        )
        by = re.sub(r"\s+(?:types?|groups?|kinds?|categories|levels?|classes)$", "", by)
        if by and it.outcome and (by in it.outcome or it.outcome in by):
            y = re.search(
                r"\((?:on |for )?(?:the )?(?P<y>[\w .'\-/]+)\)\s*[?.!]*$|"
                r"[;,]\s*(?:for|on|in\s+terms\s+of|regarding)\s+(?:the\s+)?(?P<y2>[\w .'\-/]+?)\s*[?.!]*$|"
                r"\bthan\s+(?:(?:in|on|for|at|among|with)\s+)?(?:others|the\s+rest|other\s+[\w'\-]+)\s+(?:for|on|in\s+terms\s+of|regarding|"
                r"when\s+it\s+comes\s+to)\s+(?:the\s+)?(?P<y3>[\w .'\-/]+?)\s*[?.!]*$",
                ql,
            )
            it.outcome = _strip(y.group("y") or y.group("y2") or y.group("y3")) if y else None
        it.by = by or None
    if it.by is None:
        it.by = _subgroup(ql)
    if it.by and it.outcome:
        # "on accidents for each city": the split said after the outcome is no part of it
        cut = re.sub(
            rf"\s+(?:for|in|across|among|by)\s+(?:each|every|all|the|different|various)?\s*{re.escape(it.by)}$",
            "",
            it.outcome,
        )
        it.outcome = cut if cut and cut != it.by else it.outcome
    if it.by and it.by in (it.treatment, it.outcome, it.mediator, it.instrument):
        it.by = None
    if (
        re.search(
            r"\bfor whom\b|\bwhich (?:groups?|segments?|subgroups?|customers|people|patients|students)\b|\bheterogene|"
            # "different across groups of customers", "differs between the groups": groups whose
            # column is not said
            r"\b(?:differ\w*|different|var(?:y|ies|ying)|the\s+same|equal+y|alike)\s+(?:across|between|among|for|by|in)\s+"
            r"(?:the\s+|our\s+)?(?:(?:different|various)\s+)?(?:groups|segments|subgroups|kinds|types|sorts)\b|"
            # "who benefits most from X": the groups to compare are not named
            r"\bwho\s+(?:benefits?|gains?|profits?|responds?|improves?|does\s+best)\s+(?:the\s+)?most\b|"
            # "stratum-specific estimates", "per-subgroup effects", "stratified results": estimates
            # per group whose column is not said
            r"\b(?:strat(?:um|a)|sub-?groups?|segments?|groups?)[\s-]+(?:specific|level|wise)\b|"
            r"\b(?:per|each|every|within|across|by)[\s-]+(?:sub-?groups?|strat(?:um|a))\b|"
            r"\bstratified\s+(?:estimates?|effects?|results?|analys[ie]s)\b(?!\s+(?:by|across|over|on)\b)",
            ql,
        )
        and not it.by
    ):
        it.subgroups_unnamed = True
    for c in _controls(ql):
        if c not in it.controls and c not in (it.treatment, it.outcome, it.instrument, it.mediator):
            it.controls.append(c)
    if it.instrument:
        it.controls = [c for c in it.controls if c != it.instrument]
    return it
