"""Reading a question: what is asked (the intent) and the phrases that name its variables.

Pure text work, no data: the planner (`copilot.agents.planner`) maps the phrases to columns,
datasets and models. Patterns are tried from the most specific to the most general.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Words that end a variable phrase ("effect of price on sales *in* shop.csv ...").
_STOP = (
    r"(?=\s+(?:in|using|with|controlling|controlled|adjusting|adjusted|conditioning|via|through|"
    r"mediated|by|across|for|among|per|within|when|if|given|holding|instrumented|while|after|"
    r"from|and\s+how|and\s+what|and\s+is|and\s+does|split|broken)\b|\s*[,;?!]|\s*$)"
)
_PH = r"(?P<{name}>[\w .'\-/]+?)"

ALGORITHMS: dict[str, str] = {
    r"direct[\s_-]*lingam": "direct_lingam",
    r"ica[\s_-]*lingam": "ica_lingam",
    r"lingam": "direct_lingam",
    r"cd[\s_-]*nod": "cdnod",
    r"fci": "fci",
    r"ges": "ges",
    r"grasp": "grasp",
    r"boss": "boss",
    r"exact(?:\s+search)?": "exact",
    r"pc": "pc",
}
METHODS: dict[str, str] = {
    r"double\s+(?:machine\s+learning|ml)|\bdml\b": "dml",
    r"propensity\s+score\s+matching|\bmatching\b|\bpsm\b": "matching",
    r"inverse\s+propensity|\bipw\b|propensity\s+(?:score\s+)?weighting|\bweighting\b": "weighting",
    r"stratification|\bstratif\w*": "stratification",
    r"\bglm\b|logistic\s+regression": "glm",
    r"two[\s-]*stage\s+least\s+squares|\b2sls\b|\bwald\b": "iv",
    r"front[\s-]*door": "frontdoor",
    r"linear\s+regression|\bregression\b|\bols\b": "linear_regression",
}
SCORES: dict[str, str] = {
    r"induction": "induction",
    r"previous[\s-]*token": "previous_token",
    r"duplicate[\s-]*token": "duplicate_token",
    r"(?:attention\s+)?sinks?\b": "attention_sink",
    r"gat(?:e|es|ing)\b": "gate",
    r"massive\s+activations?": "massive_activation",
}
BEHAVIOURS: dict[str, str] = {
    r"induction|repeat\w*": "induction",
    r"associative\s+recall|\brecall\b|look[\s-]*up": "recall",
    r"copy\w*": "copy",
}


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
    receivers: list[str] = field(default_factory=list)
    """Receiving heads of path patching ("from 0.2 to 1.0 and 1.1"), as layer.head."""


def clean(question: str) -> str:
    q = question.replace("’", "'").replace("“", '"').replace("”", '"').strip()
    q = re.sub(r"\s+", " ", q)
    return q


def _find(table: dict[str, str], text: str) -> str | None:
    for pat, name in table.items():
        if re.search(rf"\b(?:{pat})\b" if not pat.startswith(r"\b") else pat, text):
            return name
    return None


def _strip(p: str | None) -> str | None:
    if p is None:
        return None
    p = re.sub(r"^(?:the|a|an|its|their|our)\s+", "", p.strip(" .'\"-"))
    return p.strip() or None


def _controls(ql: str) -> list[str]:
    m = re.search(
        r"\b(?:control(?:ling|led)?|adjust(?:ing|ed)?|condition(?:ing|ed)?|holding)\s+"
        r"(?:for|on)?\s*(?P<z>[\w ,'\-/]+?)(?:\s+(?:constant|fixed|instead|too|as well|also))?\s*[?.!]?$",
        ql,
    )
    if not m:
        return []
    parts = re.split(r"\s*,\s*|\s+and\s+|\s+&\s+", m.group("z"))
    return [p for p in (_strip(x) for x in parts) if p]


_EFFECT_PATTERNS = [
    rf"how much of {_PH.format(name='t')}'s? (?:causal )?effect on {_PH.format(name='y')} (?:goes|runs|flows|passes|is transmitted|is mediated|is explained|operates)\s+(?:through|via|by)\s+{_PH.format(name='m')}{_STOP}",
    rf"how much of the (?:causal )?effect of {_PH.format(name='t')} on {_PH.format(name='y')} (?:goes|runs|flows|passes|is transmitted|is mediated|is explained|operates)\s+(?:through|via|by)\s+{_PH.format(name='m')}{_STOP}",
    rf"(?:causal |average |total |direct |indirect )*(?:effect|impact|influence|ate|ace)s? of {_PH.format(name='t')} on {_PH.format(name='y')}{_STOP}",
    rf"\bis {_PH.format(name='t')} (?:effective|useful|helpful|good|working) (?:at|for|in) (?:reducing|increasing|raising|lowering|improving|boosting|cutting|driving|changing|preventing)?\s*{_PH.format(name='y')}{_STOP}",
    rf"(?:does|do|did|will|would) {_PH.format(name='y')} depend on {_PH.format(name='t')}{_STOP}",
    rf"compare {_PH.format(name='y')} (?:with and without|between|across|for) {_PH.format(name='t')}{_STOP}",
    rf"{_PH.format(name='t')}'s? (?:causal )?(?:effect|impact|influence) on {_PH.format(name='y')}{_STOP}",
    rf"(?:effect|impact) on {_PH.format(name='y')} of {_PH.format(name='t')}{_STOP}",
    rf"what (?:happens|would happen|will happen|changes|would change) (?:to|in) {_PH.format(name='y')} (?:if|when|as) (?:we |i |you |they )?(?:increase|raise|lower|decrease|reduce|change|double|cut|boost|gave|give|offer|offered|introduce|introduced|remove|removed|add|added|stop|stopped)?\s*(?:everyone |every customer |all customers |them )?(?:an? |the )?{_PH.format(name='t')}(?:\s+(?:goes up|goes down|increases|decreases|rises|falls|drops|changes|is raised|is increased|is lowered|doubles|grows))?{_STOP}",
    rf"if (?:we |i |you )?(?:increase|raise|lower|decrease|reduce|change|double|cut|boost)\s+{_PH.format(name='t')},? (?:what happens to|how (?:does|do|much does|would)|what is the change in|does) {_PH.format(name='y')}{_STOP}",
    rf"(?:does|do|did|will|would|can|could) {_PH.format(name='t')} (?:really |actually |causally )?(?:cause|affect|influence|impact|change|increase|decrease|reduce|raise|lower|drive|improve|hurt|matter for) {_PH.format(name='y')}{_STOP}",
    rf"how (?:much |strongly )?(?:does|do|did) {_PH.format(name='t')} (?:affect|change|influence|impact|drive|move|shift) {_PH.format(name='y')}{_STOP}",
    rf"is {_PH.format(name='y')} (?:caused|affected|driven|influenced) by {_PH.format(name='t')}{_STOP}",
    rf"(?:is there a |is there any |what is the )?(?:causal )?(?:link|relationship|relation|connection) between {_PH.format(name='t')} and {_PH.format(name='y')}{_STOP}",
]


def _effect(ql: str) -> dict[str, str | None] | None:
    for pat in _EFFECT_PATTERNS:
        m = re.search(pat, ql)
        if m:
            d = m.groupdict()
            return {"t": _strip(d.get("t")), "y": _strip(d.get("y")), "m": _strip(d.get("m"))}
    return None


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


def parse_question(question: str, has_history: bool = False) -> Intent:
    """The intent of `question`; `has_history` enables follow-up readings."""
    q, graph = _graph_file(clean(question))
    files = re.findall(r"[\w./~\-]+\.jsonl\b", q)
    for f in files:
        q = q.replace(f, "FILE")
    intent = _parse(q, has_history)
    if graph:
        intent.graph = graph
    intent.files = files
    if intent.layer is None:
        lm = re.search(r"\blayer\s*(\d+)\b", q, re.I)
        if lm and intent.kind in ("steer", "probe"):
            intent.layer = int(lm.group(1))
    return intent


def _parse(q: str, has_history: bool) -> Intent:
    ql = q.lower().rstrip(" ?.!")

    # -- probing -------------------------------------------------------------------------------
    m = (
        re.search(
            r"\b(?:ablat\w*|knock(?:ing)? out|zero(?:ing)?[\s-]*out|remov\w*|disabl\w*)\s+(?:attention\s+)?head\s+(?:l(?:ayer)?\s*)?(\d+)\s*(?:[.:/,]|\s+head\s+|\s*h\s*)\s*(\d+)",
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
    )
    if m:
        return Intent(
            "ablate",
            layer=int(m.group(1)),
            head=int(m.group(2)),
            behaviour=_find(BEHAVIOURS, ql.replace("head", "")),
        )
    if re.search(r"\bsteer\w*\b", ql):
        m2 = re.search(
            r"\b(toward|towards|away from)\s+(?:the\s+)?(?:class\s+|concept\s+)?((?!file\b)[\w'\-]+(?:\s+(?!using\b|with\b|at\b|in\b|file\b)[\w'\-]+)?)",
            ql,
        )
        direction = "away" if m2 and m2.group(1) in ("away from", "from") else "toward"
        return Intent("steer", direction=direction, concept=_strip(m2.group(2)) if m2 else None)
    if re.search(
        r"\b(?:linear\s+)?prob(?:e|es|ing)\b(?!\s+(?:head|the heads))|\blinearly\s+(?:readable|decodable)|\bwhere\b.*\b(?:encoded|represented|readable|decodable)\b",
        ql,
    ):
        m2 = re.search(r"\bprobe\w*\s+(?:for\s+)?(?:the\s+)?([\w\-]+)", ql)
        return Intent("probe", concept=_strip(m2.group(1)) if m2 else None)
    if re.search(r"\blogit\s+lens\b|\bdirect\s+logit\s+attribution\b", ql):
        return Intent("lens", behaviour=_find(BEHAVIOURS, ql))
    m = re.search(r"\bpath\s+patch\w*\b.*?\bfrom\s+(?:head\s+)?l?(\d+)[.h](\d+)\b(.*)", ql)
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
    if re.search(
        r"\bactivation\s+patching\b|\bpatch(?:ing)?\s+(?:the\s+)?(?:heads?|residuals?|activations?|layers?|positions?)\b|\bcausal\s+tracing\b",
        ql,
    ):
        return Intent("patch", behaviour=_find(BEHAVIOURS, ql))
    if (
        re.search(r"\bheads?\b", ql)
        and re.search(
            r"\b(?:matter|important|importance|responsible|needed|necessary|contribut\w*|critical|rank\w*|most|drive|do the work|involved|implement\w*)\b",
            ql,
        )
        and not re.search(r"\binduction heads?\b", ql.replace("for induction", ""))
    ):
        return Intent("heads", behaviour=_find(BEHAVIOURS, ql))
    score = _find(SCORES, ql)
    if score and re.search(
        r"\b(?:heads?|attention|model|layers?|gates?|gating|sinks?|scores?|statistics|stats|activations?)\b",
        ql,
    ):
        return Intent("scores", score=score)

    # -- follow-ups ----------------------------------------------------------------------------
    if has_history:
        if re.match(
            r"^(?:but |and |so )?(?:why|how come|explain|how do you know|what does (?:that|this) mean|why (?:that|this))\b",
            ql,
        ):
            return Intent("why", followup=True)
        m = re.match(
            rf"^(?:and |but |now |ok,? |what about |how about )*(?:the |its )?(?:effect|impact) on {_PH.format(name='y')}{_STOP}",
            ql,
        )
        if m:
            return Intent("effect", outcome=_strip(m.group("y")), followup=True)
        m = re.match(
            rf"^(?:and |but |now |ok,? |what about |how about )*(?:the |its )?(?:effect|impact) of {_PH.format(name='t')}{_STOP}",
            ql,
        )
        if m and " on " not in ql:
            return Intent("effect", treatment=_strip(m.group("t")), followup=True)
        ctrl = _controls(ql)
        if ctrl and not _effect(ql):
            return Intent("effect", controls=ctrl, followup=True)
        m = re.match(
            r"^(?:and |now |ok,? |what about |how about |can you )*(?:split |break (?:it |this |that )?down |broken down |stratify |separately )?(?:by|across|per|for each|within each|in each)\s+(?P<by>[\w .'\-]+?)\s*$",
            ql,
        )
        if m:
            return Intent("effect", by=_strip(m.group("by")), followup=True)
        if re.search(r"\bfor whom\b", ql) and not _effect(ql):
            return Intent("effect", subgroups_unnamed=True, followup=True)
        algo = _find(ALGORITHMS, ql)
        if algo and len(ql.split()) <= 8 and not _effect(ql):
            return Intent("discover", algorithm=algo, followup=True)
        method = _find(METHODS, ql)
        if method and len(ql.split()) <= 8 and not _effect(ql):
            return Intent("effect", method=method, followup=True)

    # -- data questions ------------------------------------------------------------------------
    eff = _effect(ql)
    if eff:
        it = Intent("effect", treatment=eff["t"], outcome=eff["y"], mediator=eff["m"])
        m = re.search(
            r"\b(?:goes|runs|flows|passes|is mediated|mediated|is transmitted|operates)\s+(?:through|via|by)\s+(?P<m>[\w .'\-]+?)\s*$",
            ql,
        )
        if it.mediator is None and m:
            it.mediator = _strip(m.group("m"))
        m = re.search(r"\b(?:through|via) (?:the )?(?:mediator )?(?P<m>[\w .'\-]+?)\s*$", ql)
        if (
            it.mediator is None
            and m
            and re.search(r"\b(?:direct|indirect|mediat\w*|through|via)\b", ql)
        ):
            it.mediator = _strip(m.group("m"))
        if re.search(r"\bmediat\w*\b", ql) and it.mediator is None:
            m = re.search(r"\bmediat\w* by (?P<m>[\w .'\-]+?)\s*$", ql)
            if m:
                it.mediator = _strip(m.group("m"))
        m = re.search(
            r"\b(?:using|with|taking) (?P<z>[\w .'\-]+?) as (?:an |the )?instrument\b|\binstrument(?:ed)?(?: variable)?(?: by| is|:)? (?P<z2>[\w .'\-]+?)\s*$",
            ql,
        )
        if m:
            it.instrument = _strip(m.group("z") or m.group("z2"))
        m = re.search(
            r"\b(?:by|across|among|per|for each|within each|in each|differ\w* (?:by|across|between)|var(?:y|ies) (?:by|across|with))\s+(?P<by>[\w'\-]+(?: [\w'\-]+)?)\s*$",
            ql,
        )
        if m and not re.search(
            r"\b(?:caused|affected|driven|influenced|mediated) by\b", ql[: m.start() + 12]
        ):
            it.by = _strip(m.group("by"))
        if (
            re.search(
                r"\bfor whom\b|\bwhich (?:groups?|segments?|subgroups?|customers|people)\b|\bheterogene",
                ql,
            )
            and not it.by
        ):
            it.subgroups_unnamed = True
        it.controls = _controls(ql)
        it.method = _find(
            METHODS, ql.replace("regression", "regression") if "instrument" not in ql else ql
        )
        if it.instrument and not it.method:
            it.method = None
        return it
    if re.search(r"\bfor whom\b", ql):
        return Intent("effect", subgroups_unnamed=True)
    m = re.search(rf"\b(?:effect|impact|influence)s? of {_PH.format(name='t')}{_STOP}", ql)
    if m:
        return Intent("effect", treatment=_strip(m.group("t")))
    m = re.search(rf"\b(?:effect|impact|influence)s? on {_PH.format(name='y')}{_STOP}", ql)
    if m:
        return Intent("effect", outcome=_strip(m.group("y")))

    if re.search(r"\bwhat causes what\b|\bwhich variables cause which\b", ql):
        return Intent("discover", algorithm=_find(ALGORITHMS, ql))
    tail = r"\s*(?:,.*|\s+(?:according to|using|with|in|from|based on)\b.*)?$"
    m = (
        re.search(
            r"\b(?:what|which (?:variables?|columns?|factors?|features?))\s+(?:are\s+the\s+)?(?:causes?|drives?|driv\w+|affects?|influences?|determines?|explains?|impacts?)\s+(?:of\s+)?(?P<y>[\w .'\-/]+?)"
            + tail,
            ql,
        )
        or re.search(
            r"\b(?:causes|drivers|determinants|parents|root causes|causal factors)\s+(?:of|behind|for)\s+(?P<y>[\w .'\-/]+?)"
            + tail,
            ql,
        )
        or re.search(
            r"\bwhy (?:does|do|is|are|did) (?P<y>[\w .'\-/]+?) (?:change|vary|go up|go down|differ|increase|decrease|high|low)\b",
            ql,
        )
        or re.search(
            r"\bwhat (?:makes|causes) (?P<y>[\w .'\-/]+?) (?:go up|go down|change|rise|fall|increase|decrease|high|low|vary)\b",
            ql,
        )
    )
    if m:
        return Intent("causes", outcome=_strip(m.group("y")), algorithm=_find(ALGORITHMS, ql))
    if re.search(
        r"\b(?:causal\s+(?:graph|structure|diagram|model|relationships?|relations|network|dag|discovery)|discover\w*|structure\s+learning|learn\s+(?:the\s+)?(?:graph|structure|dag)|\bdag\b|what causes what|how are (?:the )?(?:variables|columns) (?:related|connected)|which variables cause which)\b",
        ql,
    ) or (_find(ALGORITHMS, ql) and re.search(r"\b(?:run|use|apply|with|try)\b", ql)):
        return Intent("discover", algorithm=_find(ALGORITHMS, ql))
    if re.search(
        r"\b(?:describe|summari[sz]e|summary|profile|overview|what(?:'s| is) in|what columns|which columns|what variables|which variables|look like|tell me about|show (?:me )?the data|inspect)\b",
        ql,
    ):
        return Intent("describe")
    if re.fullmatch(r"(?:the |which |what )?(?:columns|variables|fields|schema)", ql):
        return Intent("describe")
    if re.search(r"\bhelp\b|\bwhat can you do\b", ql):
        return Intent("help")
    return Intent("unknown")
