"""English as speakers of other languages write it, put as the readers expect it.

Analysts whose first language is Spanish, Portuguese, French, Italian, German, Russian, Polish,
Turkish, Hindi, Chinese, Japanese, Korean or Arabic carry the grammar of that language into
English. The readers of `copilot.agents.intents` expect English word order and prepositions, so
the question is mended first, by classes of words rather than by whole phrasings:

- **The preposition a head word takes.** An effect noun takes "on" ("the effect of X *on* Y",
  not "over", "to", "at"); a verb of influence takes a direct object ("factors that influence
  *in* Y"); "depend" takes "on" ("depends *of*/*from* Y"); a participle of cause takes "by"
  ("confounded *of*/*with* Z"); a change takes "by" its amount ("reduce X *of* 2 points") and "in"
  what changes ("the change *on* Y"); an amount takes "of" what it measures ("2 hours less *on*
  pasture"); a path goes "through" ("passes *for*/*by* M"); a difference is "between" two
  things ("the difference *of* A and B"); a control takes "for", after its adverb ("control
  *also of* Z"); "in function of" is "depending on", and "according" takes "to".
- **The order of a question.** Without "do", the verb comes before its subject: "which influence
  *has X* on Y" (the influence of X on Y), "from what *depends Y*", "Y, of what *it depends*"
  (what does Y depend on), "which are the factors that ..." (which factors ...), "for what
  reason *the cows are* culled" (why are the cows culled); a yes/no question keeps the order of a statement ("the plan *is*
  confounding this?", "confounding *is there*?"); "how much more kg *they lose*" lacks its "do";
  the progressive stands for the simple present ("which factors *are influencing* Y"), and
  "what all" for "what"; an adverb between a request's verb and its object comes before the
  verb ("estimate *now* the effect"), and a topic said first and then as a pronoun is the
  subject ("the second one, how much *it* makes Y move?").
- **Amounts and lists.** "one session *more* per week" (one more session), "is *made* 10 points
  more" (is 10 points more), "with regression and *with* matching both" (with both).
- **A verb said as a noun after a light verb**: "make the estimation of" (estimate), "do a
  description of" (describe), "realise the comparison of" (compare).
- **Words of the other language** for the analysis' nouns ("efecto", "Einfluss", "effet",
  "consequence"), and an option's value said with a modal verb ("the alpha *must be* 0.1").
- **A yes/no tag said last** ("... or no?"): the question without it.
- **A word a scenario or a split needs, left out** before the words that name a column: "if
  discount 10" (if discount were 10), "split chain or not" (split by chain).
- **"Only for" said for "only because of"** ("solo por", "nur wegen"): "the effect is only for
  the herd size", when the words after it name a column, not one of a binary column's levels.
- **A variable said with the rows it belongs to** ("the position *of the player*", "la posición
  del jugador"): the rows are no part of its name. "Put X 2 degrees lower" ("poner", "mettre")
  sets X so.

The planner mends a question so before it reads column words (`plain_question`), and the
readers again when they clean it; every rule leaves a mended question as it is.

Each class is a small lexicon of words (`EFFECT_NOUNS`, `OBJECT_VERBS`, `CAUSE_PARTICIPLES`,
`NOMINAL_VERBS`, ...) and one rule over it, so that every word of the class is mended in every
phrasing. A preposition that may be right in English ("the effect *in* women" names a group)
is not changed here: `effect_on_reading` tries it as "on" only when the question names no
outcome otherwise (it could not be planned, or a follow-up would take the session's), and only
when the words after it name a column, not a level.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from copilot.agents import patterns as re

#: Nouns for an effect, with the words of other languages analysts mix in for them.
EFFECT_NOUNS = (
    r"effects?|impacts?|influences?|consequences?|repercussions?|"
    r"efectos?|effets?|efeitos?|effett[oi]|einfluss|wirkung|effekte?"
)
#: Other languages' words for an effect, and their English.
FOREIGN_EFFECT = {
    "efecto": "effect", "efectos": "effects", "effet": "effect", "effets": "effects",
    "efeito": "effect", "efeitos": "effects", "effetto": "effect", "effetti": "effects",
    "einfluss": "influence", "wirkung": "effect", "effekt": "effect", "effekte": "effects",
}  # fmt: skip
#: Prepositions put after an effect noun in place of "on" ("sobre", "auf", "на", "a", "to").
_NOT_ON = r"over|to|at|onto|towards?|about|upon"
#: Verbs of influence that take their object without a preposition in English ("influir en",
#: "influire su", "влиять на", "wpływać na", "etkilemek").
OBJECT_VERBS = r"affect|influence|impact|determine|condition"
#: Words before "influence"/"impact" that make them nouns ("the influence on Y" is right); at
#: the start of a sentence they are nouns too.
_NOUN_BEFORE = (
    r"the|a|an|its|their|his|her|our|your|my|any|no|some|much|more|less|most|least|big|bigger|"
    r"biggest|large|larger|largest|small|smaller|strong|stronger|strongest|weak|causal|real|"
    r"direct|indirect|total|overall|negative|positive|main|major|what|which|whose|this|these|"
    r"those|of|average|true|net|possible|potential|significant|important|great|greater|"
    r"greatest|such|same|whole|different|relative|\w+'s?|"
    # (a preposition or a conjunction before it: "the size and impact on Y", "with influence on")
    r"on|for|with|about|from|by|in|at|to|and|or|but|as|than|estimate|show|measure|quantify|"
    # (a verb that has it: "which variables have influence on Y")
    r"has|have|had|having|exerts?|exerting|exercises?|gives?|shows"
)
#: Participles of causing that take "by" in the passive ("confounded *of*", "caused *from*").
CAUSE_PARTICIPLES = (
    r"confounded|caused|affected|influenced|driven|explained|determined|biased|impacted|"
    r"moderated|modified|conditioned|distorted|skewed"
)
#: Verbs of a change whose amount takes "by" ("reduce the dropped calls *of* 2 points").
_CHANGE_VERBS = (
    r"reduc\w*|increas\w*|rais\w*|lower\w*|cut|cuts|cutting|decreas\w*|boost\w*|drop\w*|"
    r"shorten\w*|extend\w*|lengthen\w*|augment\w*|diminish\w*|grow\w*|rise|rises|rising|"
    r"improv\w*|bring\w*\s+(?:up|down)|put\w*\s+(?:up|down)"
)
#: Verbs of change borrowed from other languages ("augmenter", "diminuir") and their English.
CHANGE_CALQUES = {"augment": "increase", "diminish": "reduce"}
#: Nouns of an analysis said after a light verb ("make the estimation of"), and their verbs.
NOMINAL_VERBS = {
    "estimation": "estimate", "estimative": "estimate", "calculation": "calculate",
    "calculus": "calculate", "computation": "compute", "comparison": "compare",
    "comparation": "compare", "description": "describe", "measurement": "measure",
    "quantification": "quantify", "ablation": "ablate",
}  # fmt: skip
#: The light verbs that carry such a noun ("fazer", "faire", "machen", "realizar", "effettuare").
_LIGHT_VERBS = (
    r"make|makes|making|do|does|doing|realise|realize|realises|realizes|perform|performs|"
    r"carry\s+out|effectuate|execute|conduct|elaborate"
)
#: Nouns of a list of variables ("which are the factors that ...").
_FACTOR_NOUNS = (
    r"factors?|variables?|things?|elements?|aspects?|causes?|drivers?|reasons?|features?|"
    r"columns?|determinants?|predictors?"
)


#: Nouns for the rows of a table ("the position *of the player*" names the rows, not a variable).
_ROW_NOUNS = (
    r"players?|patients?|customers?|clients?|members?|employees?|workers?|students?|users?|"
    r"subscribers?|borrowers?|households?|stations?|buildings?|stores?|shops?|cows?|agents?|"
    r"routes?|plots?|fields?|farms?|lines?|machines?|policies|policy|policyholders?|drivers?|"
    r"restaurants?|participants?|subjects?|people|persons?"
)
#: Nouns whose "of" names a part of the rows, not their owner ("the share of customers").
_PART_NOUNS = (
    r"number|numbers|share|percentage|percent|proportion|fraction|count|amount|most|all|some|none|"
    r"half|each|one|many|few|which|what|who|group|groups|subgroup|subgroups|type|types|kind|kinds|"
    r"sample|rest|majority|minority|part|set|list|table|data|dataset|causes?|drivers?|"
    r"determinants?|effects?|impacts?|influences?|predictors?|factors?|reasons?|parents?|graph|"
    r"structure|description|summary|overview|analysis|profile"
)


def _amount_added(q: str) -> str:
    """ "6 months of more tenure" (6 more months of tenure); "if the agents have 6 more months of
    tenure": the amount added to that variable, not "having" it as a yes/no ("tenure increases
    by 6 months"). Read before a variable said with its owner is put as the column's words."""
    # "6 months of more tenure", "6 months more of tenure": 6 more months of tenure
    q = re.sub(
        r"\b(\d+(?:\.\d+)?)\s+([a-z]+)\s+(?:of\s+more|more\s+of)\s+",
        r"\1 more \2 of ",
        q,
        flags=re.I,
    )
    # "if the ad spend is more of one", "becomes more of 2 units": larger by that amount
    q = re.sub(
        r"\b(is|are|was|were|be|becomes?|became|gets?|got|goes|went)\s+(?:of\s+)?more\s+(?:of|by)\s+"
        r"(\d+(?:\.\d+)?|one|two|three|four|five|ten)(\s+units?)?(?=\s*[?.!,;]|\s*$)",
        lambda m: f"{m.group(1)} {m.group(2)} more",
        q,
        flags=re.I,
    )
    # "if the agents have 6 more months of tenure": the amount added to that variable (not
    # "having" it as a yes/no)
    q = re.sub(
        r"\b(?:(?:the|all|our|every|each)\s+(?:the\s+)?[a-z]+\s+)?(?:have|had|has|get|got|gets|receive|received)\s+"
        r"(\d+(?:\.\d+)?)\s+(?:more|extra|additional)\s+([a-z]+)\s+of\s+(?:the\s+|their\s+)?"
        r"([a-z][\w\-]*(?:\s+(?!(?:the|what|how|and|or|then)\b)[a-z][\w\-]*)?)",
        r"\3 increases by \1 \2",
        q,
        flags=re.I,
    )
    return _amount_article(q)


#: Units an amount is counted in, and the parts of a whole it is cut by.
_UNITS = r"hour|day|week|month|year|minute|second|point|unit|session|visit|kilo|pound|dollar|euro"
_PARTS = r"third|quarter|fourth|fifth|sixth|tenth"


def _amount_article(q: str) -> str:
    """The article that an amount needs and learners leave out (their languages have none, or
    none there): "cut by third" (by a third), "slept extra hour" / "hour more" (an extra hour, an
    hour more), "twice week" (twice a week), "what's average cost" (the average)."""
    q = re.sub(rf"\b(by|of)\s+(?=(?:{_PARTS})\b(?!\s+of\b))", r"\1 a ", q, flags=re.I)
    q = re.sub(
        rf"(?<![\w'])(?<!\ban\s)(?<!\bone\s)(?<!\bthe\s)(?<!\bper\s)(?<!\beach\s)(?<!\bevery\s)"
        rf"(?<!\bthat\s)(?<!\bthis\s)(?<!\bany\s)(?<!\bno\s)(extra|additional)\s+(?=(?:{_UNITS})\b(?!s))",
        lambda m: f"an {m.group(1)} ",
        q,
        flags=re.I,
    )
    q = re.sub(
        rf"(?<![\w'])(?<!\ban\s)(?<!\ba\s)(?<!\bone\s)(?<!\bthe\s)(?<!\bper\s)(?<!\beach\s)"
        rf"(?<!\bevery\s)(?<!\bthat\s)(?<!\bthis\s)(?<!\bany\s)(?<!\bno\s)(?<![\d]\s)"
        rf"(?=(?:{_UNITS})\s+(?:more|less|longer|shorter|earlier|later|extra)\b)",
        lambda m: "an " if q[m.start() : m.start() + 1].lower() in "aeiouh" else "a ",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"\b(twice|once|thrice|(?:\d+|two|three|four|five|six|seven)\s+times)\s+(?=(?:day|week|month|year)\b)",
        r"\1 a ",
        q,
        flags=re.I,
    )
    return re.sub(
        r"\b(what'?s|what\s+is|what\s+are)\s+(?=(?:average|typical|mean|median|minimum|maximum|"
        r"min|max|range|spread|distribution)\b)",
        r"\1 the ",
        q,
        flags=re.I,
    )


def _verb_first(q: str) -> str:
    """ "how much makes the programme on the renewal?" ("quanto fa X su Y"): how much does the
    programme change the renewal; "I want to see the chain restaurants, if they have fewer
    violations": whether the chain restaurants have fewer violations."""
    q = re.sub(
        r"\bhow\s+much\s+(?:makes?|does\s+make)\s+(?P<x>(?:(?!\b(?:on|to|for|in)\b).)+?)\s+(?:on|to|for|in)\s+"
        r"(?P<y>[^?.!]+)",
        r"how much does \g<x> change \g<y>",
        q,
        flags=re.I,
    )
    return re.sub(
        r"\b(?:i|we)\s+(?:want|would\s+like|wanna|need)\s+to\s+(?:see|know|check)\s+(?P<g>(?:the\s+)?[\w'\-]+"
        r"(?:\s+[\w'\-]+){0,3}?)\s*,\s*(?:if|whether)\s+(?:they|it)\s+(?P<v>(?:have|has|get|gets|do|does|are|is|"
        r"make|makes|score|scores)\b)",
        r"whether \g<g> \g<v>",
        q,
        flags=re.I,
    )


def _light_order(q: str) -> str:
    """ "put also X as controls" (also put X); "X like controls" (as controls); "The reminder
    emails, they improve it?" (the subject said again as a pronoun); "the things that influence
    more the units" (influence the units)."""
    q = re.sub(r"\b(add|put|include|insert|use|take)\s+also\b", r"also \1", q, flags=re.I)
    # "estimate now the effect of ...", "redo again the graph": an adverb said between a
    # request's verb and its object comes before the verb
    q = re.sub(
        r"\b(estimate|compute|calculate|run|rerun|redo|do|draw|show|give|make|check|test|repeat|try|"
        r"measure|fit)\s+(now|again|then|first|quickly|once\s+more)\s+"
        r"(?=(?:the|a|an|it|this|that|me|us|his|her|its|their)\b)",
        r"\2 \1 ",
        q,
        flags=re.I,
    )
    # "the number of adverse events, it is increased by the arm?": a topic said first and then
    # as the subject pronoun of a yes/no question is that question's subject
    q = re.sub(
        r"(^|[.!?;]\s+)((?:the|our|these|those)\s+[\w'\-]+(?:\s+[\w'\-]+){0,4}),\s+(?:it|they)\s+"
        r"(is|are|was|were)\s+(?=[a-z]+ed\s+by\b)",
        lambda m: f"{m.group(1)}{m.group(3)} {m.group(2)} ",
        q,
        flags=re.I,
    )
    # "the second one, how much it make Y move?": a topic said first and then as a pronoun is
    # the subject in the pronoun's place
    q = re.sub(
        r"(^|[.!?;]\s+)((?:the|that|this|our)\s+[\w'\-]+(?:\s+[\w'\-]+){0,2}),\s+"
        r"(how\s+much|how\s+many|how|why|what)\s+((?:does|do|did|will|would)\s+)?(?:it|they)\s+",
        r"\1\3 \4\2 ",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"\blike\s+(?=(?:an?\s+|the\s+)?(?:controls?|covariates?|confounders?|instruments?|mediators?|"
        r"outcomes?|treatments?|subgroups?)\b)",
        "as ",
        q,
        flags=re.I,
    )
    # "... as controls and redo it": the closing request adds nothing (and its initials must
    # not be read as a column's abbreviation)
    q = re.sub(
        r"(\bas\s+(?:an?\s+|the\s+)?(?:controls?|covariates?|confounders?))[,\s]+(?:and|then)\s+"
        r"(?:redo|rerun|re-run|repeat|do|run)\s+(?:it|that|this|the\s+(?:estimate|analysis))?(?:\s+again)?"
        r"\s*(?=[.!?]*\s*$)",
        r"\1",
        q,
        flags=re.I,
    )
    # "the onboarding program, the completed one, on the renewal": the apposition names which
    # of the thing is meant, said before it ("the completed onboarding program")
    q = re.sub(
        r"\b(?:the\s+)?((?:(?!(?:of|the|to|on|in|for|and|or|a|an)\b)[a-z][\w'\-]*\s+){0,2}"
        r"(?!(?:of|the|to|on|in|for|and|or|a|an)\b)[a-z][\w'\-]*),\s+the\s+([a-z]+)\s+ones?\s*,\s*",
        r"the \2 \1 ",
        q,
        flags=re.I,
    )
    # "put the income as control": add it to the controls
    q = re.sub(
        r"\bput\s+(?=[^.?!;]+?\s+as\s+(?:an?\s+|the\s+)?(?:controls?|covariates?|confounders?)\b)",
        "add ",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"(^|[.!?;]\s+)((?:the|our|these|those)\s+[\w'\-]+(?:\s+[\w'\-]+){0,2}),\s+(?:they|it)\s+"
        r"(?!(?:is|are|was|were|seems?)\b)(?=[a-z]+\b)",
        r"\1\2 ",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"\b(influences?|affects?|impacts?|determines?|drives?|explains?)\s+(?:more|most|the\s+most)\s+"
        r"(?=(?:the|our)\b)",
        r"\1 ",
        q,
        flags=re.I,
    )
    return re.sub(
        r"\bwhat\s+are\s+the\s+(things|factors|variables|drivers|causes)\s+that\s+",
        r"what \1 ",
        q,
        flags=re.I,
    )


def mended(q: str, columns: Sequence[str] = (), binary: Sequence[str] = ()) -> str:
    """`q` with the turns of other languages put as English says them (see the module); with
    the tables' `columns`, a variable said with its owner that a column is named by ("the age of
    the driver" for `driver_age`) is said as the column's words first, and "only for" a column
    that is not `binary` (whose name also says its level: "only for the night shift") is said
    "only because of" it."""
    q = _amount_added(q)
    q = _owner_named(q, columns)
    q = _only_for_column(q, [c for c in columns if c not in set(binary)])
    q = _rows_owner(q)
    q = _words(q)
    q = _order(q)
    q = _copula_left_out(q)
    q = _scenario_copula(q, columns)
    # "the discount help to keep customers or no?": the yes/no tag ("¿o no?", "ou não?") adds
    # nothing to the question and is no part of its last phrase
    q = re.sub(r"\s*,?\s+or\s+no\s*(?=[?.!]*\s*$)", "", q, flags=re.I)
    q = _split_column(q, columns)
    q = _verb_first(q)
    q = _light_order(q)
    q = _prepositions(q)
    return _light_verbs(q)


def _words(q: str) -> str:
    """Other languages' words for the analysis' nouns and verbs, in English, and an option's
    value said with a modal verb."""
    q = re.sub(
        r"\b(" + "|".join(FOREIGN_EFFECT) + r")\b",
        lambda m: FOREIGN_EFFECT[m.group(1).lower()],
        q,
        flags=re.I,
    )
    # "splitted by location", "setted to 0": a past made regular
    q = re.sub(
        r"\b(split|set|put|cut)t(?:ed|ing)\b",
        lambda m: m.group(1) + ("ting" if m.group(0).lower().endswith("ing") else ""),
        q,
        flags=re.I,
    )
    # "make it again", "make the same again": the request done once more ("rifallo", "refais-le")
    q = re.sub(
        r"\bmake\s+(it|that|this|the\s+same)\s+(again|once\s+more|one\s+more\s+time)\b",
        r"do \1 \2",
        q,
        flags=re.I,
    )
    # "the consequence of X on Y": its effect
    q = re.sub(
        r"\b(?:consequences?|repercussions?)\s+(?=of\s+[^.?!;]*\bon\b)", "effect ", q, flags=re.I
    )
    # "can you to compare", "please to estimate" ("puoi di", "bitte zu"): the request's verb bare
    q = re.sub(r"\b((?:can|could|would|will)\s+you|please)\s+to\s+(?=[a-z])", r"\1 ", q, flags=re.I)
    # "the drug's effects on recovery", "how many of the app's effects on revenue": one effect
    # of one treatment on one outcome, however many the writer's language counts
    q = re.sub(r"\b(effect|impact|influence)s(?=\s+(?:on|upon)\b)", r"\1", q, flags=re.I)
    q = re.sub(
        r"\bhow\s+many\s+(?=of\s+(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?\s+(?:effect|impact|influence)\b)",
        "how much ",
        q,
        flags=re.I,
    )
    # "the alpha must be 0.1" ("deve essere", "muss ... sein"): the option's value
    q = re.sub(
        r"\b(alpha|significance(?:\s+level)?|threshold|bootstraps?|(?:max(?:imum)?\s+)?lags?|layer)\s+"
        r"(?:must|should|shall|has\s+to|have\s+to|needs?\s+to|will|would|can)\s+be\b",
        r"\1 is",
        q,
        flags=re.I,
    )
    # "is the effect falsified by the grant" ("verfälscht", "falseado", "falsato"): distorted,
    # which a confounding check reads
    q = re.sub(r"\bfalsi(?:fied|ficated)\b", "distorted", q, flags=re.I)
    # "how many empty there are", "the number of blanks in" ("cuántos vacíos", "combien de
    # vides"): an adjective for the values said as a noun
    q = re.sub(
        r"\b(how\s+many|number\s+of|count\s+of|amount\s+of)\s+(?:the\s+)?(empty|blank|null|void|vacant|lacking)s?\b"
        r"(?!\s+(?:values?|cells?|entries|fields|rows|ones|data|spaces?)\b)",
        r"\1 \2 values",
        q,
        flags=re.I,
    )
    # "the empties in the table" ("los vacíos", "les vides"): empty values
    q = re.sub(r"\bempties\b", "empty values", q, flags=re.I)
    # "control the empty values", "control the data" ("controllare", "kontrollieren"): check
    # them ("control for Z" adjusts for it and stays)
    q = re.sub(
        r"\bcontrol(s|led|ling)?\s+(?:(?:me|us)\s+)?(?=(?:the\s+|all\s+|our\s+|my\s+)?(?:data|dataset|table|missing|empty|blank|"
        r"null|nas?|values|quality|columns|completeness)\b)",
        lambda m: {"s": "checks ", "led": "checked ", "ling": "checking "}.get(
            (m.group(1) or "").lower(), "check "
        ),
        q,
        flags=re.I,
    )
    # "the number of missings" ("los missings", "die Missings"): missing values
    q = re.sub(r"\bmissings\b", "missing values", q, flags=re.I)
    # "how the emails are acting on the quiz" ("actuar sobre", "agir sur", "wirken auf"): a verb
    # of influence ("act on it at the layer's input" keeps its pronoun and its sense, and "is
    # acting on Y by M" its path, which the mediation readers take)
    q = re.sub(
        r"\b(?:(?P<aux>is|are)\s+acting|(?P<v>act|acts|acted|acting))\s+(?:on|upon|over)\s+"
        r"(?!(?:it|them|this|that|its|their)\b)(?![^.?!;]*\b(?:by|via|through|thru)\b)(?=\w)",
        lambda m: (
            ("affects " if m.group("aux").lower() == "is" else "affect ")
            if m.group("aux")
            else {"act": "affect", "acts": "affects", "acted": "affected", "acting": "affecting"}[
                m.group("v").lower()
            ]
            + " "
        ),
        q,
        flags=re.I,
    )
    # "what would pass with the complaints" ("pasar con", "passar com", "succedere a"): what
    # would happen to them
    q = re.sub(
        r"\bwhat\s+(?:(would|will|could|might|does|did)\s+)?(pass(?:es|ed)?)\s+(?:with|to|at|on)\s+(?=\w)",
        lambda m: "what " + (m.group(1) + " happen" if m.group(1) else "happens") + " to ",
        q,
        flags=re.I,
    )
    # "estimate me the effect", "control me if", "say me how": the person asking said as a
    # dative ("estímame", "dimmi", "sag mir"); English has it only after "tell", "show", "give"
    q = re.sub(r"\bsay\s+(me|us)\b", r"tell \1", q, flags=re.I)
    q = re.sub(
        r"\b(estimate|calculate|compute|control|verify|check|count|measure|quantify|analy[sz]e|"
        # ("what does the estimate mean": "me" is a whole word, not the start of "mean")
        r"describe|explain|ablate|run|do|make|find|see|look)\s+(?:to\s+)?(?:me|us)\b\s*"
        r"(?=(?:the|if|whether|how|what|which|a|an|this|that|its|their)\b|(?:please\s*)?[?.!]*\s*$)",
        r"\1 ",
        q,
        flags=re.I,
    )
    # "control if the relation is only because of the plan" ("controllare se", "kontrollieren
    # ob", "controlar si"): check whether ("control for Z" adjusts for it and stays)
    q = re.sub(r"\bcontrol(?:s|led)?\s+(?:if|whether)\b", "check whether", q, flags=re.I)
    # "is augmented of 500 dollars": a change by an amount (but "augmented IPW" is an estimator)
    q = re.sub(r"\baugmented\s+(?=(?:of|by)\s+[-+]?\d)", "increased ", q, flags=re.I)
    # "augment", "diminish" ("augmented IPW" is an estimator's name, so "augmented" stays)
    return re.sub(
        r"\b(augment|diminish)(s|es|ing|(?<=diminish)ed)?\b",
        lambda m: _inflected(CHANGE_CALQUES[m.group(1).lower()], m.group(2) or ""),
        q,
        flags=re.I,
    )


def _owner_named(q: str, columns: Sequence[str]) -> str:
    """ "the age of (the) driver" -> "the driver age", "the training of the staff" -> "the staff
    training" when a column's words hold both ("driver_age", "staff_training"): its owner is part
    of the variable's name, not the rows it belongs to."""
    if not columns:
        return q
    from copilot.agents.columns import _singular, tokens

    names = [{_singular(w) for w in tokens(c)} for c in columns]

    def owner(m: Any) -> str:
        head, whose = m.group("head"), m.group("whose")
        if any({_singular(head.lower()), _singular(whose.lower())} <= n for n in names):
            return f"{whose} {head}"
        return m.group(0)

    return re.sub(
        rf"\b(?P<head>(?!(?:{_PART_NOUNS})\b)[a-z][\w'\-]*)\s+of\s+(?:the|our|all|each|every|a|an)?\s*"
        r"(?P<whose>(?!(?:the|a|an|our|their|its|this|that|these|those)\b)[a-z][\w'\-]*)\b",
        owner,
        q,
        flags=re.I,
    )


#: "the effect over milk is only for the herd size" ("solo por", "nur wegen", "sirf ... ki wajah
#: se"): "for" said for "because of" after "only", with what follows naming a column.
_ONLY_FOR = re.compile(
    r"\b(?P<verb>is|are|was|were|it'?s|comes?|came)\s+(?P<only>only|just|solely|merely|simply)\s+for\s+"
    r"(?:the\s+|their\s+|its\s+)?(?P<z>[a-z][\w'\-]*(?:\s+[a-z][\w'\-]*){0,2}?)"
    r"(?=\s*(?:[?.!,;]|$)|\s+(?:or|and|but|please|rather|not)\b)",
    flags=re.I,
)


def _only_for_column(q: str, columns: Sequence[str]) -> str:
    """ "is only for the herd size" -> "is only because of the herd size" when every word after
    "for" is a word of one column (a level, "only for the urban routes", names a group and
    stays)."""
    if not columns:
        return q
    from copilot.agents.columns import _singular, tokens

    names = [[_singular(w) for w in tokens(c)] for c in columns]

    def fits(word: str, name: list[str]) -> bool:
        w = _singular(word.lower())
        return any(w == t or (len(t) >= 3 and w.startswith(t)) for t in name)

    def because(m: Any) -> str:
        words = m.group("z").split()
        if not any(all(fits(w, n) for w in words) for n in names):
            return m.group(0)
        return f"{m.group('verb')} {m.group('only')} because of the {m.group('z')}"

    return _ONLY_FOR.sub(because, q)


def _rows_owner(q: str) -> str:
    """ "the position of the player" -> "the position", "the days out of the players": a
    variable said with the rows it belongs to ("la posición del jugador", "die Position des
    Spielers"); the rows are no part of its name. So is "the number of rides a station gets
    per day": what a row gets, has or sees is the variable."""
    q = re.sub(
        rf"\b(?P<x>(?:number|count|amount|share|percentage|proportion)\s+of\s+[\w'\-]+)\s+"
        rf"(?:a|an|each|every|the|our|their|one)\s+(?:{_ROW_NOUNS})\s+(?:gets?|got|has|have|had|sees?|saw|"
        r"makes?|made|does|did|receives?|received|records?|logs?|handles?)\b",
        r"\g<x>",
        q,
        flags=re.I,
    )
    # ("instead of route": what is replaced is a column named like the rows, not their owner)
    return re.sub(
        rf"\b(?!(?:{_PART_NOUNS}|instead|regardless|irrespective)\b)([a-z][\w'\-]*)\s+of\s+"
        rf"(?:the|our|all|each|every|a)?\s*"
        rf"(?:{_ROW_NOUNS})(?=\s*(?:[?.!,;:]|$)|\s+(?:and|or|but|is|are|was|were|has|have|changes?|"
        r"differs?|var(?:y|ies)|please|according|depending|when|if|than)\b)",
        r"\1",
        q,
        flags=re.I,
    )


def _inflected(verb: str, ending: str) -> str:
    ending = ending.lower()
    if not ending:
        return verb
    if ending in ("s", "es"):
        return verb + "s"
    stem = verb[:-1] if verb.endswith("e") else verb
    return stem + ending


def _order(q: str) -> str:
    """The subject put before its verb, as English asks a question."""
    # "The age of the player, it is a confounder for X and Y?" -> "is the age of the player a
    # confounder for X and Y?": a subject said first and taken up by a pronoun
    q = re.sub(
        r"(?:^|(?<=[.!?]\s))(?!(?:for|in|on|at|if|when|so|ok|okay|well|and|but|now|then|also|as|"
        r"with|after|before|since|because|here|there|yes|no|thanks)\b)(?P<np>(?:the\s+)?[a-z][\w'\-]*"
        r"(?:\s+(?!and\b|or\b|vs\b)[\w'\-]+){0,5}),\s+(?:it|this|that)\s+(?P<v>is|was)\s+"
        r"(?P<rest>(?:a|an|the)\s+(?:real\s+|true\s+|hidden\s+)?(?:confounder|common\s+cause|"
        r"confounding\s+(?:factor|variable)|mediator|instrument|cause|driver)\b[^?.!]*\?)",
        lambda m: f"{m.group('v')} {m.group('np')} {m.group('rest')}",
        q,
        flags=re.I,
    )
    # "can be the age behind both of them?" -> "can the age be behind both of them?": the modal
    # and "be" said together before the subject of a doubt
    q = re.sub(
        # (the modal opens the clause: "Z could be the real story behind X" has its subject)
        r"(?:^|(?<=[,;:.!?])\s*|\b(?:and|so|but)\s+)(?P<mod>can|could|may|might)\s+be\s+"
        r"(?P<np>(?:the\s+|their\s+|its\s+)?(?!that\b|this\b|it\b|the\b|their\b|its\b|a\b|an\b|some\b|"
        r"any\b|possible\b|true\b|real\b)[a-z][\w'\-]*(?:\s+[\w'\-]+){0,2}?)\s+"
        r"(?P<rest>(?:behind|driving|explaining|causing|confounding)\b)",
        lambda m: f"{m.group('mod')} {m.group('np')} be {m.group('rest')}",
        q,
        flags=re.I,
    )
    # "which influence has the ad spend over footfall?", "what influence does X have on Y?" ->
    # "what is the influence of the ad spend on footfall?": the verb "have" before its subject
    q = re.sub(
        rf"\b(?:what|which)\s+(?:kind\s+of\s+|type\s+of\s+|sort\s+of\s+)?(?P<n>{EFFECT_NOUNS})\s+"
        r"(?:(?P<aux>does|do|did|will|would|could|might|can)\s+|has\s+|have\s+|had\s+|exerts?\s+|"
        r"exercises?\s+)(?P<x>(?!(?:the\s+)?(?:biggest|largest|strongest|greatest|most|highest|main|"
        r"major)\b)[\w'\-]+(?:\s+[\w'\-]+){0,4}?)\s+(?(aux)(?:really\s+|actually\s+)?(?:have|exert)\s+|)"
        rf"(?:on|in|over|to|at|for|onto|upon)\s+(?=\w)",
        lambda m: f"what is the {_effect_word(m.group('n'))} of {m.group('x')} on ",
        q,
        flags=re.I,
    )
    # "from what depends the food insecurity?", "of which factors depends Y" -> "what does Y
    # depend on?"
    q = re.sub(
        rf"\b(?:from|on|of|upon|by)\s+(?:what|which(?:\s+(?:{_FACTOR_NOUNS}))?)\s+"
        r"(?:depends?|depended|is\s+depending|are\s+depending)\s+(?:on\s+)?(?P<y>[^?.!;]+?)\s*(?P<end>[?.!]*)$",
        r"what does \g<y> depend on\g<end>",
        q,
        flags=re.I,
    )
    # "(tell me) from which things the footfall is depending of", "on what the bill depends":
    # the indirect question in the order of a statement -> "what does Y depend on?"
    q = re.sub(
        rf"\b(?:from|on|of|upon|by)\s+(?:what|which(?:\s+(?:{_FACTOR_NOUNS}))?)\s+"
        r"(?P<y>(?!(?:it|they|this|that|depends?|is|are)\b)[\w'\- ]+?)\s+(?:depends?|depended|is\s+depending|are\s+depending)"
        r"(?:\s+(?:on|of|from|upon|by))?\s*(?P<end>[?.!]*)$",
        r"what does \g<y> depend on\g<end>",
        q,
        flags=re.I,
    )
    # "the weekly revenue, of what it depends?" -> "... what does it depend on?"
    q = re.sub(
        r"\b(?:from|on|of|upon)\s+(?:what|which)\s+(it|they|this|that)\s+(?:depends?|depended)\s*(?P<end>[?.!]*)$",
        r"what does \1 depend on\g<end>",
        q,
        flags=re.I,
    )
    # "the food insecurity depends of what?" -> "what does the food insecurity depend on?"
    q = re.sub(
        r"^(?P<y>(?!(?:what|which|how|why|does|do|is|are)\b)[\w'\- ]+?)\s+depends?\s+"
        rf"(?:on|of|from|by|upon)\s+(?:what|which(?:\s+(?:{_FACTOR_NOUNS}))?)\s*(?P<end>[?.!]*)$",
        r"what does \g<y> depend on\g<end>",
        q,
        flags=re.I,
    )
    # "contract type maybe is confounder between 5g and churn?" -> "is contract type a
    # confounder between 5g and churn?": a question about a confounder said in the order of a
    # statement (the question mark makes it a question; a statement that names the confounders
    # stays one)
    q = re.sub(
        r"(?:^|(?<=[.;!?])\s*)(?P<z>(?!(?:what|which|how|why|does|do|is|are|so|and|but|i|we|you|it|"
        r"this|that|there)\b)[\w'\- ]{1,40}?)\s+(?:maybe\s+|perhaps\s+|possibly\s+|probably\s+)?"
        r"(?P<v>is|are)\s+(?:maybe\s+|perhaps\s+|possibly\s+|probably\s+)?(?:an?\s+|the\s+)?"
        r"(?P<n>confounders?|common\s+causes?)\s+(?P<p>between|of|for|in)\s+(?P<s>[^?.!;,:]+?)\s*\?",
        lambda m: (
            f"{m.group('v').lower()} {m.group('z')} a {m.group('n')} {m.group('p')} {m.group('s')}?"
        ),
        q,
        flags=re.I,
    )
    # "for what reason the cows are culled?" -> "why are the cows culled?": the reason asked is
    # "why", and its verb comes before the subject
    q = re.sub(r"\b(?:for|from|by)\s+(?:what|which)\s+reasons?\b", "why", q, flags=re.I)
    q = re.sub(
        r"\bwhy\s+(?!(?:do|does|did|is|are|was|were|would|will|can|could|should|has|have|had|not)\b)"
        r"(?P<s>(?:the\s+|our\s+|some\s+|many\s+|so\s+many\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,2}?)\s+"
        r"(?P<aux>is|are|was|were)\s+",
        lambda m: f"why {m.group('aux')} {m.group('s')} ",
        q,
        flags=re.I,
    )
    # "it's because they miss fewer payments?", "maybe is because of M?": a reason offered with a
    # question mark is asked, as "is it because ..."
    q = re.sub(
        r"(?P<lead>^|[.;!?]\s*)(?:(?:maybe|perhaps|probably)\s*,?\s+)?(?:it'?s|it\s+is|that'?s|that\s+is|is)\s+"
        r"(?P<adv>(?:maybe|perhaps|probably|mostly|mainly|largely|partly|just|only|really)\s+)?because\b"
        r"(?=[^.!?;]*\?)",
        lambda m: f"{m.group('lead')}is it {m.group('adv') or ''}because",
        q,
        flags=re.I,
    )
    # "why employees quit?", "why members cancel in this gym?": the question's "do" left out
    # before a plural subject and its bare verb (a subject of people or a plural noun)
    q = re.sub(
        r"\bwhy\s+(?!(?:do|does|did|is|are|was|were|would|will|can|could|should|has|have|had|not|"
        r"don'?t|doesn'?t|didn'?t|so|then|that|this|it|they|we|you|i)\b)"
        r"(?P<s>(?:the\s+|our\s+|their\s+|some\s+|many\s+|so\s+many\s+|more\s+)?(?:[a-z][\w\-]*\s+)?"
        rf"(?:{_PLURAL_HEADS}|[a-z]{{2,}}(?<![su'])s))\s+"
        r"(?P<v>(?!(?:and|or|but|of|in|on|at|with|for|from|to|than|who|which|that|are|is|were|was|do|"
        r"does|did|have|has|had|will|would|can|could|should|might|must|more|less|so|too|very|also|"
        r"still|really|often)\b)[a-z]{3,}(?<!ed)(?<!s))\b",
        lambda m: f"why do {m.group('s')} {m.group('v')}",
        q,
        flags=re.I,
    )
    # "... more. the plan is confounding this?": a yes/no question said in the order of a
    # statement, its verb before the subject
    q = re.sub(
        r"(^|[.!;]\s+)(?P<s>(?:the|this|that|our|their)\s+[\w'\-]+(?:\s+[\w'\-]+)?)\s+"
        r"(?P<aux>is|are|was|were)\s+(?P<rest>(?:really\s+|maybe\s+|perhaps\s+|also\s+)?(?:confounding|biasing|"
        r"driving|explaining|behind|an?\s+confounder|the\s+confounder|the\s+(?:real\s+)?reason)\b[^.!?]*\?)",
        lambda m: f"{m.group(1)}{m.group('aux')} {m.group('s')} {m.group('rest')}",
        q,
        flags=re.I,
    )
    # "how much more kg they lose?": "do" before a pronoun subject
    q = re.sub(
        r"\b(how\s+(?:much|many)(?:\s+(?!(?:do|does|did|will|would|can|could|should|is|are|was|were)\b)"
        r"[\w'\-]+){0,3}?)\s+(they|we|you|i)\s+(?=[a-z]{3,}\b)(?!(?:do|did|will|would|can|could|should|"
        r"are|were|have|had)\b)",
        r"\1 do \2 ",
        q,
        flags=re.I,
    )
    # "how much reduces the thermostat the energy" ("cuánto reduce el termostato la energía",
    # "wie stark senkt das Thermostat den Verbrauch"): the verb before its subject, the object
    # after it; English puts "does" first and the subject before the verb
    q = re.sub(
        r"\bhow\s+(much|many|strongly|far)\s+(?P<v>reduces|increases|changes|affects|influences|lowers|"
        r"raises|improves|cuts|boosts|helps|decreases|shortens|impacts)\s+"
        r"(?P<s>(?:the|our|their|its|a|an)\s+[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+"
        r"(?P<o>(?:the|our|their|its|a|an)\s+[\w'\-]+)",
        lambda m: f"how {m.group(1)} does {m.group('s')} {_base_form(m.group('v'))} {m.group('o')}",
        q,
        flags=re.I,
    )
    # "for which shift the maintenance reduce more the defects": the question's "does" left out
    # before a subject and its bare verb (a verb with its "-s" is read as it is)
    q = re.sub(
        r"\b((?:for|in|among|at|with)\s+(?:which|what)\s+[\w'\-]+(?:\s+[\w'\-]+)?)\s+"
        r"((?:the|our|their|its|a|an)\s+[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+"
        r"(reduce|increase|help|improve|lower|raise|cut|boost|affect|change|work|matter|decrease|"
        r"shorten|influence|impact|make|get|cause|keep|push|drive|give|bring|save|add)\b",
        r"\1 does \2 \3",
        q,
        flags=re.I,
    )
    # "how much it changes?", "how much this reduces the defects": "does" before the pronoun,
    # the verb bare
    q = re.sub(
        r"\bhow\s+(much|many|far)\s+(it|this|that)\s+(changes|moves|drops|falls|rises|grows|"
        r"increases|decreases|reduces|improves|lowers|raises|cuts|helps|affects|goes)\b",
        lambda m: f"how {m.group(1)} does {m.group(2)} {_base_form(m.group(3))}",
        q,
        flags=re.I,
    )
    # "and coaching, how much effect it has on CSAT?" (the topic first, "it" for it): how much
    # effect does coaching have on CSAT
    q = re.sub(
        rf"(?:^|(?<=[.!;?]\s))(?:and\s+|so\s+|also\s+)?(?P<x>(?!(?:what|which|how|why|is|are|does|do)\b)"
        rf"[\w'\-]+(?:\s+[\w'\-]+){{0,3}}?),\s+how\s+much\s+(?P<n>{EFFECT_NOUNS})\s+(?:it|this|that)\s+"
        r"(?:has|have|had)\s+(?=on\b|in\b|over\b|to\b)",
        lambda m: f"how much {m.group('n')} does {m.group('x')} have ",
        q,
        flags=re.I,
    )
    # "please you make same for the readmission" ("haz lo mismo", "fais pareil"): do the same
    q = re.sub(
        r"\b(?:you\s+)?(?:make|do)\s+(?:the\s+)?same(?:\s+thing)?(?=\s+(?:for|with|on|but|again|by)\b|\s*[?.!]*$)",
        "do the same",
        q,
        flags=re.I,
    )
    # "is same for all shift" (no article before "same")
    q = re.sub(r"\b(is|are|was|were|be|it'?s)\s+same\b", r"\1 the same", q, flags=re.I)
    # "what all things affect Y" (Indian English: all the things): "what things"
    q = re.sub(r"\b(what|which|who)\s+all\s+(?=[a-z])", r"\1 ", q, flags=re.I)
    # "which factors are influencing it?", "what is affecting the score": the progressive for
    # the simple present, in a question whose subject is asked
    q = re.sub(
        r"\b((?:what|which)(?:\s+(?!(?:is|are)\b)[\w'\-]+){0,3}?)\s+(is|are)\s+(?:really\s+|actually\s+|mostly\s+)?"
        r"(affect|influenc|caus|driv|determin|impact|explain)ing\b",
        lambda m: f"{m.group(1)} {_present(m.group(3), m.group(2).lower() == 'is')}",
        q,
        flags=re.I,
    )
    # "confounding is there?", "any effect is there? verify please": "is there" before what is
    # asked about
    q = re.sub(
        r"(^|[.!;?,]\s*)(?P<x>(?:any\s+|some\s+|a\s+|an\s+)?[\w'\-]+(?:\s+[\w'\-]+)?)\s+is\s+there\s*"
        r"(?P<end>[?.!]*\s*$|\?(?=\s*\S))",
        lambda m: f"{m.group(1)}is there {m.group('x')}{m.group('end').strip() or '?'}",
        q,
        flags=re.I,
    )
    # "which are the factors that influence Y" -> "which factors influence Y" (the things, causes
    # and reasons "that make" or "which lead to" Y are read as they are)
    return re.sub(
        r"\b(what|which)\s+(?:are|were|would\s+be|could\s+be|might\s+be)\s+(?:the\s+)?"
        r"(?:main\s+|key\s+|most\s+important\s+|important\s+)?(factors?|variables?|elements?|aspects?|"
        r"features?|columns?|determinants?|predictors?)\s+(?:that|which|who)\s+",
        lambda m: f"{m.group(1)} {m.group(2)} ",
        q,
        flags=re.I,
    )


_BY_PARTICIPLES = r"caused|driven|affected|influenced|determined|explained|impacted|shaped"


def _copula_left_out(q: str) -> str:
    """ "what food insecurity caused by?", "by what weekly hours determined?", "which the factors
    that ...": the "is"/"are" of a question about causes, left out as Russian, Chinese or
    Arabic leave it."""
    q = re.sub(
        r"\b(what|which)\s+(?!(?:is|are|was|were|do|does|did|can|could|would|will|it|they)\b)"
        rf"(?P<y>[a-z][\w'\- ]{{1,40}}?)\s+(?P<v>{_BY_PARTICIPLES})\s+by\s*(?P<end>[?.!]*)$",
        r"\1 is \g<y> \g<v> by\g<end>",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"\bby\s+what\s+(?!(?:is|are|was|were)\b)(?P<y>[a-z][\w'\- ]{1,40}?)\s+"
        rf"(?P<v>{_BY_PARTICIPLES})\s*(?P<end>[?.!]*)$",
        r"by what is \g<y> \g<v>\g<end>",
        q,
        flags=re.I,
    )
    return re.sub(
        r"\b(what|which)\s+the\s+(?=(?:main\s+|key\s+)?(?:factors|variables|things|causes|drivers|"
        r"reasons)\b)",
        r"\1 are the ",
        q,
        flags=re.I,
    )


#: Words after which a number is already governed ("if X is 10", "if X rises by 10").
_GOVERNS_NUMBER = (
    r"is|are|was|were|be|been|becomes?|became|gets?|got|goes|went|by|to|at|of|x|than|has|have|had|"
    r"rises?|rose|falls?|fell|drops?|dropped|up|down|increased?|decreased?|raised?|cut|lowered?|"
    r"set|fixed|equals?|reaches|reached|hits?|over|under|with|per|in|on|for|from|alpha|level|"
    r"lags?|bootstraps?|layers?|heads?|prompts?"
)


def _scenario_copula(q: str, columns: Sequence[str]) -> str:
    """ "and if discount 10 for all stores?", "what if tenure 24?": the "were" of a scenario,
    left out between the variable and the value it is given, when the words between "if" and
    the number name one column."""
    from copilot.agents.columns import match_column, tokens

    def put(m: re.Match[str]) -> str:
        hit = match_column(m.group(2), list(columns))
        if not hit.column or hit.ambiguous:
            return m.group(0)
        # every word one of the column's (no verb among them: "if scores slip 20")
        parts = tokens(hit.column)
        said = re.findall(r"[a-z][\w'\-]*", re.sub(r"^(?:the|our)\s+", "", m.group(2).lower()))
        if not all(any(p[:3] == w[:3] for p in parts) for w in said):
            return m.group(0)
        return f"{m.group(1)} {m.group(2)} were "

    return re.sub(
        r"\b(if|when|suppose|imagine)\s+((?:the\s+|our\s+)?(?!(?:" + _GOVERNS_NUMBER + r"|we|you|"
        r"they|i|it|he|she|every\w*|all|each)\b)[a-z][\w'\-]*(?:\s+(?!(?:"
        + _GOVERNS_NUMBER
        + r")\b)[a-z][\w'\-]*){0,3}?)\s+(?=[+\-]?\d+(?:\.\d+)?(?![\d.])(?!\s*(?:%|(?:more|less|"
        r"fewer|extra|additional|percent|points?)\b)))",
        put,
        q,
        flags=re.I,
    )


def _split_column(q: str, columns: Sequence[str]) -> str:
    """ "now split chain or not", "stratify plan tier": the "by" of a split left out, when the
    words after the verb name one column."""
    from copilot.agents.columns import match_column

    def put(m: re.Match[str]) -> str:
        hit = match_column(m.group("x"), list(columns))
        if not hit.column or hit.ambiguous:
            return m.group(0)
        return f"{m.group('v')} by {m.group('x')}"

    return re.sub(
        r"\b(?P<v>split|splitting|stratify|stratified|separate|break\s+(?:it\s+)?down)\s+"
        r"(?P<x>(?!(?:by|it|that|this|them|the\s+(?:results?|effects?|estimates?|analysis|data|"
        r"sample|table|rows))\b)(?:the\s+)?[a-z][\w'\-]*(?:\s+[a-z][\w'\-]*){0,2}?)"
        r"(?=\s+or\s+not\b|\s*[?.!,;]|\s*$)",
        put,
        q,
        flags=re.I,
    )


def _base_form(verb: str) -> str:
    """The bare verb of a third-person one ("reduces" -> "reduce", "cuts" -> "cut")."""
    verb = verb.lower()
    return verb[:-2] if verb.endswith(("shes", "ches", "sses")) else verb[:-1]


def _present(stem: str, third_person: bool) -> str:
    """The simple present of a verb from its stem before "-ing" ("influenc" -> "influence")."""
    verb = stem.lower() + ("" if stem.lower() in ("affect", "impact", "explain") else "e")
    return verb + "s" if third_person else verb


def _effect_word(noun: str) -> str:
    """The effect noun as the readers know it ("consequence", "repercussion": effect)."""
    noun = noun.lower()
    return "effect" if noun.startswith(("consequence", "repercussion")) else noun


def _prepositions(q: str) -> str:
    """Each head word with the preposition English gives it."""
    # "for the new drug onto the readmission", "the influence from X onto Y": what a cause acts
    # on is said "on" (a projection onto a direction stays one)
    # "tell me if coaching works on satisfaction", "does the drug work on recovery?": an effect on
    q = re.sub(
        r"\b(?P<c>if|whether|does|do|did)\s+(?P<x>(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+"
        r"(?P<v>works?|worked)\s+(?:really\s+)?on\s+(?=(?:the\s+)?[a-z])",
        lambda m: (
            f"{m.group('c')} {m.group('x')} "
            + ("affect " if m.group("c").lower() in ("does", "do", "did") else "affects ")
        ),
        q,
        flags=re.I,
    )
    # "is the excess doing anything to claims?", "does the app do anything for the basket?"
    q = re.sub(
        r"\b(?P<c>is|are|does|do|did)\s+(?P<x>(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+"
        r"(?:really\s+)?(?:doing|do|did)\s+(?:anything|something|much)\s+(?:to|for)\s+(?=(?:the\s+)?[a-z])",
        lambda m: f"does {m.group('x')} affect ",
        q,
        flags=re.I,
    )
    # (a movement onto something stays one: "nudges people onto 5G", "projected onto a direction")
    q = re.sub(
        r"\bonto\b",
        lambda m: (
            m.group(0)
            if re.search(
                r"\b(?:nudg|push|mov|switch|put|get|got|bring|brought|steer|upgrad|migrat|project|map|"
                r"shift|convert|transfer|jump|load|pass|fall|fell|drop|lur|tempt|sign|plac)\w*"
                r"(?:\s+[\w'\-]+){0,3}\s+$",
                m.string[: m.start()],
                re.I,
            )
            else "on"
        ),
        q,
        flags=re.I,
    )
    # "the effect of fertiliser over the yield", "the influence of X to Y": an effect is "on" Y
    # (unless "on" comes later: "the effect of switching to a yearly plan on churn"; "over time"
    # and "over the years" are no outcome, "over days out" is)
    q = re.sub(
        rf"\b((?:{EFFECT_NOUNS})(?:\s+of\s+(?:(?!\b(?:{_NOT_ON}|on)\b)[\w'\-]+\s+){{1,4}}?)?)\s*"
        rf"\b(?:{_NOT_ON})\s+(?!time\b|(?:the\s+)?(?:years?|months?|weeks?|days?|period|course|"
        r"long\s+run|long\s+term)\b(?!\s+(?:out|lost|off|used|open|late)\b)|\d)(?![^.?!;]*\bon\b)",
        lambda m: m.group(1).rstrip() + " on ",
        q,
        flags=re.I,
    )
    # "factors that influence in the days out", "overtime affect to attrition": a verb of
    # influence takes its object directly ("the influence on Y" is a noun, and right)
    q = re.sub(
        rf"(?P<before>\b[\w']+\s+)?(?P<v>\b(?:{OBJECT_VERBS})(?:s|d|ed|es|ing)?)\s+"
        rf"(?:in|on|over|to|at|onto|into|upon|about)\s+(?=\w)",
        _object_verb,
        q,
        flags=re.I,
    )
    # "depends of the weather", "depending from the region": "depend on"
    q = re.sub(
        r"\b(depend(?:s|ed|ing|ent|ence|ency)?)\s+(?:of|from|by|at|in|to|with)\b",
        r"\1 on",
        q,
        flags=re.I,
    )
    # "estimate the user rating in function of the repairs": a quantity "as a function of" a
    # cause (the regression's reading, X the treatment) when nothing before it says that
    # something varies or differs (then it is "depending on", a subgroup)
    q = re.sub(
        r"^(?P<head>(?:(?!\b(?:differ\w*|var(?:y|ies|ying|iation)|chang\w*|effects?|impacts?|"
        r"heterogene\w*|split\w*|same|depend\w*|by)\b)[^,;:?])+?)\s+in\s+function\s+of\b",
        lambda m: (
            m.group(0)
            # ("and in function of the city?": a follow-up's joint is no quantity)
            if re.fullmatch(
                r"(?:\s*\b(?:and|so|now|ok|okay|then|but|also|what|about|how|is|it|this|that|the|"
                r"same|again|please)\b)*\s*",
                m.group("head"),
                re.I,
            )
            else m.group("head") + " as a function of"
        ),
        q,
        flags=re.I,
    )
    # "with 500 of bootstrap", "200 of resamples": a count takes no "of"
    q = re.sub(
        r"\b(\d+)\s+of\s+(?=(?:bootstraps?|bootstrap\s+(?:samples?|resamples?|replicates?|draws?)|"
        r"resamples?|replicates?|permutations?)\b)",
        r"\1 ",
        q,
        flags=re.I,
    )
    # "controlling of the district", "adjusting from the age": the controls take "for"
    q = re.sub(
        r"\b((?:controll?|adjust|correct)(?:ing|ed)?)\s+(?:of|from|on\s+to|with)\s+(?=\w)",
        r"\1 for ",
        q,
        flags=re.I,
    )
    # "different in function of the climate zone", "in dependence of", "depending of": by it
    q = re.sub(
        r"\b(?:in\s+function\s+of|in\s+dependen(?:ce|cy)\s+(?:of|on|from)|according\s+with)\b",
        "depending on",
        q,
        flags=re.I,
    )
    # "confounded of the chain status", "caused from the weather": the passive's agent is "by"
    q = re.sub(
        rf"\b({CAUSE_PARTICIPLES})\s+(?:of|from)\s+(?=\w)",
        r"\1 by ",
        q,
        flags=re.I,
    )
    # "is it confounded with job level?": a confounder confounds "by" too
    q = re.sub(r"\b(confounded|biased)\s+with\s+(?=\w)", r"\1 by ", q, flags=re.I)
    # "check with regression and with matching (both)": one preposition for the list
    q = re.sub(
        r"\b(with|using|by|for)\s+([\w'\-]+(?:\s+[\w'\-]+)?)\s+and\s+\1\s+([\w'\-]+(?:\s+[\w'\-]+)?)\s+both\b",
        r"\1 both \2 and \3",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"\b(with|using)\s+([\w'\-]+(?:\s+[\w'\-]+)?)\s+and\s+\1\s+(?=\w)",
        r"\1 \2 and ",
        q,
        flags=re.I,
    )
    # "if e-bike share is made 10 points more": the value it is made, said as what it is
    q = re.sub(r"\b(is|are|was|were|gets?|got)\s+made\s+(?=[-+]?\d)", r"\1 ", q, flags=re.I)
    # "one session more per week" ("una sesión más"): the amount's "more" before its noun
    q = re.sub(
        r"\b(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten)\s+([a-z]{3,})\s+(more|less|fewer|extra)"
        r"(?=\s+(?:per|a\s+(?:day|week|month|year)|each|every)\b)",
        r"\1 \3 \2",
        q,
        flags=re.I,
    )
    # "reduce the dropped calls of 2 points", "if the clicks augment of 200": the amount of a
    # change is "by" it (not "a raise of 500", a noun)
    q = re.sub(
        rf"(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)\b((?:{_CHANGE_VERBS})\s+(?:(?:the|our|their|its|a|an)\s+)?"
        rf"(?:[\w'\-]+\s+){{0,4}}?)of\s+"
        r"(?=[-+]?\d|(?:one|two|three|four|five|six|seven|eight|nine|ten|half|a\s+half|a\s+quarter|"
        r"a\s+third)\b)",
        r"\1by ",
        q,
        flags=re.I,
    )
    # "reduce by a half the concentrate", "raise by 2 points the share" ("reducir a la mitad el
    # concentrado", "augmenter de 20 % le budget"): the amount said before the thing changed
    q = re.sub(
        rf"\b((?:{_CHANGE_VERBS})\s+)by\s+((?:a\s+)?(?:half|third|quarter)|[-+]?\d+(?:\.\d+)?\s*"
        r"(?:%|percent|[a-z]+)?)\s+((?:the|our|their|its|all\s+the)\s+[\w'\-]+(?:\s+[\w'\-]+){0,3}?)"
        r"(?=\s*(?:[,;?.!:]|$)|\s+(?:and|then|for|in|on|at|everywhere|across|what|how)\b)",
        r"\1\3 by \2",
        q,
        flags=re.I,
    )
    # ("reduce it by a half": by half)
    q = re.sub(r"\bby\s+a\s+half\b", "by half", q, flags=re.I)
    # "if the headway would be 5 minutes" ("si ... sería", "wenn ... wäre"): the conditional
    # said in the clause of the condition
    q = re.sub(
        r"\b(if|when|suppose|supposing)\s+((?:the\s+|our\s+|their\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,3}?)\s+"
        r"would\s+be\s+(?=[-+]?\d|zero\b|none\b)",
        r"\1 \2 were ",
        q,
        flags=re.I,
    )
    # "the effect passes for the hrv": a path goes "through" it ("passing for each age group" may
    # be the passing of a course)
    q = re.sub(
        r"\b(pass(?:es|ed)?)\s+(?:by|for|across|over|via)\s+(?=\w)",
        r"\1 through ",
        q,
        flags=re.I,
    )
    # "which part of the effect is passing from the vibration" ("pasa por", "passe par",
    # "passa da"): the progressive of a path, said "through"
    q = re.sub(
        r"\b(?:is|are)\s+passing\s+(?:by|for|from|across|over|via|through)\s+(?=(?:the\s+)?[a-z])",
        "passes through ",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"\b(pass(?:es|ed)?)\s+from\s+(?!one\b|\d)(?=(?:the\s+)?[a-z])",
        r"\1 through ",
        q,
        flags=re.I,
    )
    # "the difference of confounder and mediator": "between" two things
    q = re.sub(
        r"\b(differences?)\s+(?:of|among|within|from)\s+(?=(?:an?\s+|the\s+)?[\w'\-]+(?:\s+[\w'\-]+)?\s+and\b)",
        r"\1 between ",
        q,
        flags=re.I,
    )
    # "control also by route length", "adjust also of age": the adverb before the verb, the
    # control's "for" after it
    q = re.sub(
        r"\b(control\w*|adjust\w*)\s+(also|too|additionally)\s+(?:by|of|on|with|in|for)\s+(?=\w)",
        r"\2 \1 for ",
        q,
        flags=re.I,
    )
    # "what is the change on the cell count": a change is "in" what changes
    q = re.sub(
        r"\b(changes?|differences?|increases?|decreases?|reductions?|improvements?)\s+on\s+(?=\w)",
        r"\1 in ",
        q,
        flags=re.I,
    )
    # "2 hours less on pasture", "3 more hours at the gym": an amount "of" what it measures
    q = re.sub(
        r"\b(\d+(?:\.\d+)?\s+[a-z]+\s+(?:more|less|fewer|extra)|(?:more|less|fewer|extra)\s+\d+(?:\.\d+)?\s+"
        r"[a-z]+)\s+(?:on|in)\s+(?:the\s+)?(?=[a-z])",
        r"\1 of ",
        q,
        flags=re.I,
    )
    # "make it separate by breed", "now separate by breed": the estimate split by the column
    q = re.sub(
        r"\b(?:(?:make|do|have|get)\s+(?:it|this|that|the\s+same(?:\s+thing)?)\s+)?"
        r"(?:separate|separated|divided|split)(?:\s+(?:it|this|that))?\s+(by|per|according\s+to|"
        r"(?:for|in)\s+(?:each|every)(?=\s+\w)|for(?=\s+(?!(?:me|us|you|the\s+(?:treated|effect))\b)\w))\b",
        lambda m: (
            "split it " + ("by" if m.group(1).lower().startswith(("for", "in")) else m.group(1))
        ),
        q,
        flags=re.I,
    )
    # "the effect, it changes between the sites?" ("cambia tra i siti", "varía entre"): it
    # differs across them
    q = re.sub(
        r"\b(?:changes|is\s+changing|changed)\s+(?=(?:between|among|across)\s+(?:the\s+|its\s+|their\s+)?[a-z])",
        "differs ",
        q,
        flags=re.I,
    )
    q = re.sub(
        r"\b((?:do|does|did|will|would|can|could|may|might)\s+(?:it|this|that|they|the\s+effects?))\s+change\s+"
        r"(?=(?:between|among|across)\s)",
        r"\1 differ ",
        q,
        flags=re.I,
    )
    # "split the effect of the app on the basket for the location": a split "by" what ends it
    q = re.sub(
        r"\b((?:split|separate|divide|break\s+down)\b[^.;?!]*?)\s+for\s+(?:the\s+|each\s+|every\s+)"
        r"(?=[\w'\-]+(?:\s+[\w'\-]+)?\s*[?.!]*\s*$)",
        r"\1 by ",
        q,
        flags=re.I,
    )
    # "is Z the responsible of the link between X and Y" ("el responsable de", "le responsable
    # de"): behind it
    q = re.sub(
        r"\b(?:the\s+)?responsible\s+(?:of|for)\s+(?=(?:the\s+|this\s+|that\s+)?(?:link|relation\w*|"
        r"association|correlation|connection|gap|difference)\b)",
        "behind ",
        q,
        flags=re.I,
    )
    # "which SBP we would have" ("qué presión tendríamos"): what Y we would have
    q = re.sub(
        r"\bwhich\s+(?=(?:the\s+)?[\w'\-]+(?:\s+[\w'\-]+){0,4}?\s+(?:we\s+would|would\s+we|we'd)\s+"
        r"(?:have|get|see|obtain)\b)",
        "what ",
        q,
        flags=re.I,
    )
    # "it changes according the position": the "to" of "according to"
    q = re.sub(r"\baccording\s+(?!to\b)(?=\w)", "according to ", q, flags=re.I)
    # "put the setpoint 2 degrees lower" ("poner", "mettre", "mettere"): set it so (not "put the
    # 1.6 into plain words", which asks to explain it)
    q = re.sub(
        r"\bput(s|ting)?\s+(?![^,;?!]*\bin(?:to)?\s+(?:plain|simple|everyday|easy|normal)\s+"
        r"(?:words|english|terms|language)\b)"
        r"(?=(?:(?:the|our|their|its|all|every)\s+)?(?:[\w'\-]+\s+){1,4}?"
        r"(?:to\s+|at\s+|by\s+)?(?:[-+]?\d|(?<=to\s)zero\b|(?<=at\s)zero\b))",
        lambda m: "set" + (m.group(1) or "") + " ",
        q,
        flags=re.I,
    )
    # "explain with simple words", "with other words": in them
    return re.sub(
        r"\bwith\s+(simple|plain|easy|few|other|own)\s+(words|terms|english)\b",
        r"in \1 \2",
        q,
        flags=re.I,
    )


def _object_verb(m: Any) -> str:
    before = (m.group("before") or "").strip().lower()
    verb = m.group("v")
    if re.fullmatch(r"(?:influence|impact|condition)s?", verb, flags=re.I) and (
        not before or re.fullmatch(rf"(?:{_NOUN_BEFORE})", before)
    ):
        # "the influence on Y", "impact on fuel cost from ...": a noun, with its own preposition
        return m.group(0)
    return f"{m.group('before') or ''}{verb} "


def _light_verbs(q: str) -> str:
    """ "make the estimation of X" -> "estimate X": the analysis said as a noun after a light
    verb; "do a DML estimation of X" -> "estimate X with DML": a word before the noun that is
    no mere adjective names how, said after the object."""
    q = re.sub(
        rf"\b(?:{_LIGHT_VERBS})\s+(?:(?:for\s+)?(?:me|us)\s+)?(?:the|a|an|one|some)\s+"
        r"(?P<mod>(?!(?:causal|quick|quicker|small|first|new|simple|proper|full|complete|rough|good|"
        r"short|brief|fast|detailed|careful|little)\b)[\w\-]+(?:\s+[\w\-]+)?)\s+"
        rf"(?P<n>{'|'.join(NOMINAL_VERBS)})s?\s+of\s+(?P<obj>[^,;:?.!]+?)(?=\s*(?:[,;:?.!]|$))",
        lambda m: f"{NOMINAL_VERBS[m.group('n').lower()]} {m.group('obj')} with {m.group('mod')}",
        q,
        flags=re.I,
    )
    q = re.sub(
        rf"\b(?:{_LIGHT_VERBS})\s+(?:(?:for\s+)?(?:me|us)\s+)?(?:(?:the|a|an|one|some)\s+)?"
        rf"(?:causal\s+)?(?P<n>{'|'.join(NOMINAL_VERBS)})s?\b(?:\s+(?:of|for|between|about)\b)?",
        lambda m: NOMINAL_VERBS[m.group("n").lower()],
        q,
        flags=re.I,
    )
    # "if all the restaurants make the training" ("hacer", "faire", "fare", "machen"): do it,
    # a thing done, not a thing made (an amount after it makes a change: "make the fare 1 euro
    # more")
    return re.sub(
        r"\b(make|makes|made)\s+(?=(?:the|a|an)\s+[\w'\-]+\s*(?:[?.!,;]|$))",
        lambda m: {"make": "do ", "makes": "does ", "made": "did "}[m.group(1).lower()],
        q,
        flags=re.I,
    )


#: "the effect of X in Y", "X's influence for Y": a preposition that may name a group (the
#: effect *in* women) or, in another language's grammar, the outcome.
_EFFECT_IN = re.compile(
    rf"\b((?:{EFFECT_NOUNS})(?:\s+of\s+(?:(?!\b(?:in|for|at|within|inside)\b)[\w'\-]+\s+){{1,4}}?)?)\s*"
    r"\b(?P<p>in|for|at|within|inside)\s+(?=\w)",
    re.I,
)


def effect_on_reading(question: str, ds: dict[str, Any]) -> tuple[str, list[str]] | None:
    """The question with "in"/"for"/"at" after an effect noun read as "on" ("the effect of the
    tutor in the final score"), when that reading names two different columns of `ds`, the
    second not by one of its levels ("the effect in women" names a group); else None."""
    from copilot.agents.columns import match_column
    from copilot.agents.intents import parse_question
    from copilot.agents.levels import single_level_columns

    m = _EFFECT_IN.search(question)
    if not m or re.match(
        r"(?:each|every|all|some|certain|different|which|whom|who|men|women|both|terms\s+of)\b",
        question[m.end() :],
        flags=re.I,
    ):
        return None  # "the effect in each region", "in terms of": no outcome after it
    _, group = single_level_columns(question[m.start("p") :], ds)
    if group:
        return None  # "the effect of the drug in cardiology": a level names a group
    retry = question[: m.start()] + m.group(1).rstrip() + " on " + question[m.end() :]
    it = parse_question(retry)
    if it.kind != "effect" or not it.treatment or not it.outcome:
        return None
    names = [c["name"] for c in ds.get("columns") or [] if c.get("kind") != "id"]
    t, y = match_column(it.treatment, names), match_column(it.outcome, names)
    if not (t.column and y.column) or t.column == y.column:
        return None
    return retry, [t.column, y.column]


#: Words a sentence that is already a question, a request or a clause opens with.
_OPENERS = (
    r"what|which|who|whom|whose|where|when|why|how|whether|if|is|are|was|were|am|do|does|did|"
    r"can|could|would|will|should|shall|may|might|must|has|have|had|i|we|you|they|he|she|it|"
    r"this|that|these|those|there|here|please|pls|let|let's|tell|show|give|estimate|compute|"
    r"calculate|check|test|run|use|find|describe|compare|plot|learn|discover|fit|and|but|or|so|"
    r"ok|okay|yes|no|also|then|now|just|any|say|imagine|suppose|assume|instead"
)
#: Nouns of people and things that are plural without an "-s" ("the staff who ...").
_PLURAL_HEADS = r"people|children|kids|staff|men|women|folk|folks|cattle|livestock|police|personnel"


def with_auxiliary(question: str) -> str | None:
    """The question's last sentence asked with the "do"/"does" that learners and hurried
    writers leave out ("people with a cosigner default less?", "the drug really bring the
    pressure down?" -> "do people ...?", "does the drug ...?"), when it is said in the order of a
    statement: it ends with a question mark or is the whole question, opens with a noun phrase
    rather than a question word, an auxiliary, a pronoun or a request, and has a verb after it
    (three words or more). None otherwise."""
    parts = re.split(r"(?<=[.!?;:])\s+", question.strip())
    asked = [i for i, p in enumerate(parts) if p.endswith("?")]
    at = asked[0] if len(asked) == 1 else len(parts) - 1 if len(parts) == 1 else None
    if at is None or parts[at].endswith((".", "!")):
        return None
    last = parts[at]
    # "I wonder, maybe X pays more ...?", "not sure, perhaps X ...": a hedge before the statement
    hedge = re.match(
        r"(?:i\s+(?:just\s+)?(?:wonder|guess|think|suppose)|(?:i'?m\s+)?not\s+sure)\s*,?\s*(?:but\s+)?"
        r"(?:maybe|perhaps|possibly)\s+",
        last,
        flags=re.I,
    )
    if hedge:
        last = last[hedge.end() :]
        parts = [*parts[:at], last, *parts[at + 1 :]]
    if len(re.findall(r"[A-Za-z][\w'\-]*", last)) < 3:
        return None
    m = re.match(r"(?:the\s+|our\s+|their\s+)?(?P<head>[a-z][\w'\-]*)\b", last, flags=re.I)
    # (a comma only before the outcome said last: "X help more in some G than in other, for Y?")
    body = re.sub(r",\s*(?:for|on|in\s+terms\s+of|regarding)\s+[^,]+$", "", last, flags=re.I)
    if not m or re.fullmatch(_OPENERS, m.group("head"), flags=re.I) or "," in body:
        return None
    if re.search(
        r"\b(?:is|are|was|were|does|did|can|could|will|would|do(?!\s+(?:better|worse|well|badly)\b))\b",
        last,
        flags=re.I,
    ):
        return None  # a statement with its own verb of being or auxiliary ("do better" is a verb)
    # the subject is plural when one of its first words is ("younger drivers", "people on X")
    head = re.findall(r"[A-Za-z][\w'\-]*", last)[:3]
    plural = any(
        re.fullmatch(_PLURAL_HEADS, w, flags=re.I)
        or re.fullmatch(r"[a-z]{2,}(?<![su])s", w, flags=re.I)
        for w in head
    )
    aux = "do" if plural else "does"
    text = last if last[:2].isupper() else last[0].lower() + last[1:]
    return " ".join([*parts[:at], f"{aux} {text}", *parts[at + 1 :]])
