"""Questions about one edge of the last discovered graph: "the graph is saying X causes Y?",
"what does the arrow from X to Y mean?", "why is there a link between X and Y?", "the arrow
X - Y, is it sure?".

Such a question asks what the graph already holds (the edge's direction, its confidence when the
result gives one), not for a new estimate: it is answered in words from the last discovery.
"""

from __future__ import annotations

import re
from typing import Any

_PH = r"(?P<{name}>[\w .'\-/]+?)"
_VERB = (
    r"(?:causes?|caus(?:ing|ed)|drives?|driving|affects?|affecting|influences?|influencing|"
    r"leads?\s+to|leading\s+to|impacts?|impacting|determines?|raises?|lowers?|reduces?|"
    r"increases?|decreases?|->|→)"
)
_GRAPH = r"(?:the|this|that|your|our)\s+(?:causal\s+)?(?:graph|dag|diagram|network|picture|result)"
_SAYS = (
    r"(?:is\s+|'s\s+)?(?:says?|saying|shows?|showing|claims?|claiming|tells?\s+(?:me|us)|telling\s+(?:me|us)|"
    r"suggests?|suggesting|implies|implying|means?)"
)
_EDGE = r"(?:arrow|edge|link|line|connection)"
#: What may close such a question: a hedge or a pointer ("..., roughly?", "here", "in words").
_END = (
    r"(?:\s*,?\s*(?:roughly|exactly|here|there|then|again|please|in\s+(?:plain|simple)\s+"
    r"(?:words|english|terms)|in\s+practice|really))*\s*[?.!]*$"
)
#: The wordings, each with the two ends (a: the cause said, b: what it acts on).
_PATTERNS = [
    # "the graph says churn is caused by tenure?": the passive, its ends the other way round
    re.compile(
        rf"^(?:(?:so|and|ok|okay|wait|hmm+|but)[,\s]+)*(?:is\s+{_GRAPH}\s+(?:saying|telling\s+(?:me|us)|"
        rf"showing|claiming)|(?:does|did)\s+{_GRAPH}\s+(?:say|show|claim|tell\s+(?:me|us)|suggest|mean)|"
        rf"{_GRAPH}\s+{_SAYS})\s+(?:that\s+)?(?:the\s+)?{_PH.format(name='b')}\s+(?:is|are|gets?)\s+"
        rf"(?:really\s+|directly\s+|actually\s+)?(?:caused|driven|affected|influenced|determined|"
        rf"raised|lowered|reduced|increased)\s+by\s+(?:the\s+)?{_PH.format(name='a')}" + _END,
        re.I,
    ),
    # "the graph is saying tenure causes renewal?", "so the DAG says X drives Y"
    re.compile(
        rf"^(?:(?:so|and|ok|okay|wait|hmm+|but)[,\s]+)*(?:is\s+{_GRAPH}\s+(?:saying|telling\s+(?:me|us)|"
        rf"showing|claiming)|(?:does|did)\s+{_GRAPH}\s+(?:say|show|claim|tell\s+(?:me|us)|suggest|mean)|"
        rf"{_GRAPH}\s+{_SAYS})\s+(?:that\s+)?(?:the\s+)?{_PH.format(name='a')}\s+(?:really\s+|directly\s+|"
        rf"actually\s+)?{_VERB}\s+(?:the\s+)?{_PH.format(name='b')}" + _END,
        re.I,
    ),
    # "what does the arrow from X to Y mean?", "how do I read the edge from X into Y"
    re.compile(
        rf"\b(?:what|how)\s+(?:does|do|should|can|could)\s+(?:i\s+|we\s+)?(?:read\s+|interpret\s+)?"
        rf"(?:the|this|that)\s+{_EDGE}\s+(?:from\s+)?(?:the\s+)?{_PH.format(name='a')}\s+"
        rf"(?:to|into|->|→|towards)\s+(?:the\s+)?{_PH.format(name='b')}(?:\s+(?:mean|say|tell\s+(?:me|us)|"
        rf"imply))?" + _END,
        re.I,
    ),
    # "what does the edge between X and Y mean?", "why is there an arrow between X and Y"
    re.compile(
        rf"\b(?:(?:what|how)\s+(?:does|do|should|can|could)\s+(?:i\s+|we\s+)?(?:read\s+|interpret\s+)?"
        rf"(?:the|this|that)|why\s+is\s+there\s+(?:an?|the))\s+{_EDGE}\s+between\s+(?:the\s+)?"
        rf"{_PH.format(name='a')}\s+and\s+(?:the\s+)?{_PH.format(name='b')}(?:\s+(?:mean|say|tell\s+(?:me|us)|"
        rf"imply))?" + _END,
        re.I,
    ),
    # "why is there an arrow from X to Y?"
    re.compile(
        rf"\bwhy\s+(?:is\s+there|does\s+(?:the\s+graph|it)\s+(?:have|draw|show))\s+(?:an?|the)\s+{_EDGE}\s+"
        rf"from\s+(?:the\s+)?{_PH.format(name='a')}\s+(?:to|into|->|→)\s+(?:the\s+)?{_PH.format(name='b')}"
        + _END,
        re.I,
    ),
]


_PAIR = (
    rf"(?:from\s+|between\s+)?(?:the\s+)?{_PH.format(name='a')}\s*(?:-+>?|→|\bto\b|\binto\b|\band\b)\s*"
    rf"(?:the\s+)?{_PH.format(name='b')}"
)
_SURE = (
    r"(?:sure|certain|reliable|robust|stable|solid|real|trustworthy|trusted|confirmed|significant|"
    r"safe|true|correct|right)"
)
#: Wordings that doubt one edge: "the arrow A - B, is it sure?", "how sure is the edge from A
#: to B", "can I trust the link between A and B?".
_DOUBTS = [
    re.compile(
        rf"\b(?:the|this|that)\s+{_EDGE}\s+{_PAIR}\s*[,;:]?\s*(?:is\s+it|it\s+is|are\s+you|is\s+this|"
        rf"is\s+that|how)\s+(?:really\s+|very\s+|so\s+|100%\s+)?{_SURE}\b",
        re.I,
    ),
    re.compile(
        rf"\bhow\s+(?:sure|certain|confident|reliable|robust|stable|solid)\s+(?:are\s+you|is\s+it|can\s+"
        rf"(?:i|we)\s+be|should\s+(?:i|we)\s+be|is)\s+(?:(?:about|of|in|on)\s+)?(?:the|this|that)\s+"
        rf"{_EDGE}\s+{_PAIR}" + _END,
        re.I,
    ),
    re.compile(
        rf"\b(?:can|could|should|may)\s+(?:i|we)\s+(?:really\s+)?(?:trust|believe|rely\s+on)\s+"
        rf"(?:the|this|that)\s+{_EDGE}\s+{_PAIR}" + _END,
        re.I,
    ),
    re.compile(
        rf"\b(?:is|are)\s+(?:the|this|that)\s+{_EDGE}\s+{_PAIR}\s+(?:really\s+|very\s+)?{_SURE}"
        + _END,
        re.I,
    ),
]


def edge_asked(question: str) -> tuple[str, str, bool, bool] | None:
    """The two ends (as said) of the edge a question asks about, whether it asks if the graph
    claims a cause (a yes/no question) rather than what its edge means, and whether it doubts
    how sure the edge is; None otherwise."""
    q = question.strip()
    for pattern in _DOUBTS:
        m = pattern.search(q)
        if m:
            return m.group("a").strip(), m.group("b").strip(), False, True
    for i, pattern in enumerate(_PATTERNS):
        m = pattern.search(q)
        if m:
            return m.group("a").strip(), m.group("b").strip(), i < 2, False
    return None


def _edge(e: Any) -> dict[str, Any]:
    """An edge as a dict (a pair `[source, target]` is an arrow from its first to its second)."""
    if isinstance(e, dict):
        return {"type": "directed", **e, "source": e.get("source"), "target": e.get("target")}
    src, dst = ([*e, None, None])[:2]
    return {"source": src, "target": dst, "type": "directed"}


def _conf(edge: dict[str, Any]) -> str:
    c = edge.get("confidence")
    if c is None:
        return ""
    return f" (confidence {float(c):.2f}, the share of bootstrap resamples that found it)"


def edge_answer(
    a: str, b: str, result: dict[str, Any], claim: bool = True, doubt: bool = False
) -> str:
    """What the last graph says about the pair (`a`, `b`): its edge's direction and confidence,
    or that it has none; a hypothesis of the method, not an estimate of a size. With `doubt`
    (how sure is the edge?) and no confidence in the result, how to get one."""
    said = _edge_said(a, b, result, claim)
    edges = [_edge(e) for e in result.get("edges") or []]
    if doubt and not any(e.get("confidence") is not None for e in edges):
        said += (
            " This run gives no confidence for its edges: to see how stable the edge between "
            f"{a} and {b} is, rerun the discovery with a bootstrap (e.g. 'bootstrap 100'), which "
            "reports the share of resamples of the data that find each edge."
        )
    return said


def _edge_said(a: str, b: str, result: dict[str, Any], claim: bool) -> str:
    name = result.get("algorithm_name") or result.get("algorithm") or "the discovery"
    edges = map(_edge, result.get("edges") or [])
    found = [e for e in edges if {e["source"], e["target"]} == {a, b}]
    caveat = (
        f" A discovered graph is a hypothesis resting on {name}'s assumptions (no hidden common "
        "causes, faithfulness), not proof; how large the effect is needs an estimate "
        f"('effect of {a} on {b}')."
    )
    if not found:
        return (
            ("No: t" if claim else "T")
            + f"he last graph ({name}) has no edge between {a} and {b}, so it reads neither as a "
            f"direct cause of the other (given the other variables; an indirect path may still "
            f"link them)." + caveat
        )
    e = found[0]
    kind = e.get("type") or "directed"
    src, dst = e.get("source"), e.get("target")
    if kind == "directed" and (src, dst) == (a, b):
        return (
            ("Yes: t" if claim else "T")
            + f"he last graph ({name}) has an arrow from {a} to {b}{_conf(e)}: {a} is read as a "
            f"direct cause of {b}, given the other variables in the graph." + caveat
        )
    if kind == "directed":
        return (
            ("No: t" if claim else "T")
            + f"he last graph ({name}) has the arrow the other way, from {src} to {dst}"
            f"{_conf(e)}: {src} is read as a direct cause of {dst}, not the reverse." + caveat
        )
    if kind == "bidirected":
        return (
            f"The last graph ({name}) has a two-headed edge between {a} and {b}{_conf(e)}: "
            "neither is read as causing the other; a hidden common cause is read behind both."
            + caveat
        )
    return (
        f"The last graph ({name}) links {a} and {b}{_conf(e)} but could not orient the edge: the "
        "data leave open which one causes the other (the edge's direction is unknown)." + caveat
    )
