"""Plain words for a model's parts and experiments, made into the terms the parser reads.

People who have never read about interpretability ask about a loaded model in everyday words:
"which part of the AI copies text?", "the bits of the network that notice a repeated word",
"switch off the bottom layer", "does it secretly know whether a sentence is a question?", "put
the insides of a good run into a broken run". This module rewrites those classes of wording,
once, into the words the parser already reads (heads, recall, the first layer, activation
patching, layer by layer, encode); it runs only when a model is loaded, so a question about a
table keeps its words. Each rule is a class of wordings (a component noun before "of the
model", a task said as an activity, an experiment described by what it does), not a phrasing.
"""

from __future__ import annotations

import re

#: What the model is called by people who do not say "model".
_MODEL = r"(?:ai|a\.i\.|model|network|net|neural\s+net(?:work)?|transformer|llm|brain|system)"
#: Everyday nouns for a part of a model.
_PART = (
    r"(?:parts?|bits?|pieces?|components?|units?|modules?|sub[\s-]?parts?|thingies|thingy|things?|"
    r"areas?|regions?|spots?|sections?|elements?)"
)

_RULES: tuple[tuple[str, str], ...] = (
    # "which part of the AI", "one bit of this model", "pieces inside the network": heads (the
    # parts an experiment here can switch off); "bit by bit" is no part
    (
        rf"\b(?P<p>{_PART})(?!\s+by\b)\s+(?:of|in|inside|within)\s+(?:the\s+|this\s+|that\s+|its\s+|"
        rf"your\s+|our\s+)?(?:little\s+|tiny\s+|small\s+)?{_MODEL}\b",
        "\x00",
    ),
    # "the attention thingies", "attention bits": attention heads
    (rf"\battention\s+(?P<p>{_PART})\b", "attention \x00"),
    # "which components, if they broke, ...": a part asked about in a question on the model
    (
        r"\b(?P<q>which|what|any|the|those|these)\s+(?P<p>components|parts|pieces|bits|modules)\b"
        r"(?!\s+(?:of|in)\s+(?:the\s+|this\s+|my\s+|our\s+)?(?:data|table|dataset|sample|file|sheet)s?\b)",
        "\x01",
    ),
    # "does the network have a spot that copies", "is there a bit that ...": which heads do it
    (
        rf"\b(?:(?:does|do|has)\s+(?:the\s+|this\s+|that\s+)?{_MODEL}\s+(?:have|got|contain)|is\s+there)\s+"
        rf"(?:a|an|any|one|some)\s+(?:{_PART}|heads?)\s+(?:(?:in|inside|of)\s+(?:the\s+|this\s+|it\s+)?"
        rf"{_MODEL}?\s*)?(?:that|which)\s+(?:just\s+|only\s+|mainly\s+|mostly\s+)?",
        "which heads are responsible for ",
    ),
    # "is anything in the model always ...": any head
    (
        rf"\b(?:anything|something|any\s+part|some\s+part)\s+(?:in|inside|of)\s+(?:the\s+|this\s+)?{_MODEL}\b",
        "any head",
    ),
    # "stage by stage", "step by step" through the model: layer by layer
    (r"\b(?:stage|step|level|block)[\s-]+by[\s-]+(?:stage|step|level|block)\b", "layer by layer"),
    # "the layer closest to the output", "the middle of the network": a layer by its place
    (
        r"\b(?:the\s+)?layer\s+(?:closest|nearest|next)\s+(?:to\s+)?the\s+(?:output|logits|unembedding|end|top)\b",
        "the last layer",
    ),
    (
        r"\b(?:the\s+)?layer\s+(?:closest|nearest|next)\s+(?:to\s+)?the\s+(?:input|embeddings?|start|bottom)\b",
        "the first layer",
    ),
    (rf"\b(?:the\s+)?middle\s+of\s+the\s+{_MODEL}\b", "the middle layer"),
    # "remember who was paired with what": the recall task
    (r"\b(?:remember(?:s|ed)?|memori[sz]e[sd]?)\b", "recall"),
    # "which heads make it up", "the heads that form it": what the question's task consists of
    (
        r"\b(?P<h>(?:which|what)\s+heads?)\s+(?:(?:make|makes)(?=\s+(?:it|that|this|them)\s+up\b|\s+up\b)|form|forms|"
        r"compose|constitute|build|are\s+part\s+of)(?:\s+(?:it|that|this|them))?(?:\s+up)?\b",
        r"\g<h> are responsible for",
    ),
    # "how the guess evolves through the layers": layer by layer
    (
        r"\b(?:evolv\w*|chang\w*|develop\w*|build\w*\s+up|form\w*|shift\w*|mov\w*)\s+(?:through|across|over)\s+"
        r"(?:the\s+)?layers\b",
        "layer by layer",
    ),
    # "L1H*", "1.*": every head of a layer
    (r"\bl(?P<l>\d+)\s*h\s*\*|(?<![\w.])(?P<l2>\d+)\.\*", "\x03"),
    # "look things up": the recall task
    (r"\blook(?:s|ing)?\s+(?:things|stuff|facts|it|them)\s+up\b", "recall"),
    # "replace 1.3's output with an average one": ablation, the method said with the value
    (
        r"\breplac\w*\s+(?:head\s+)?(?P<h>l?\d+[.h]\d+)(?:'s)?\s+outputs?\s+(?:with|by)\s+(?:an?\s+|the\s+|its\s+)?"
        r"(?:(?P<mean>mean|average)|(?P<zero>zeros?|nothing)|(?P<res>random|resampled|another\s+prompt'?s))"
        r"(?:\s+(?:one|value|values|output|outputs|activation|activations))?\b",
        "\x02",
    ),
    # "abl", "AP": experts' abbreviations of ablation and activation patching
    (r"\babl\b\.?", "ablation"),
    # "key='value'": quotes around an argument's value typed as code
    (r"(?P<k>[=\[,(]\s*)(?P<q>['\"])(?P<v>[\w.\-/~]+)(?P=q)", r"\g<k>\g<v>"),
    # "the bottom layer", "the highest layer": the first and the last layer
    (r"\b(?:bottom|lowest|earliest|bottom[\s-]?most)\s+layer\b", "first layer"),
    (r"\b(?:highest|uppermost|deepest|top[\s-]?most|latest)\s+layer\b", "last layer"),
    # the tasks said as activities: "the remembering", "the memory task", "fact lookup"
    (
        r"\b(?:(?:the\s+)?remembering|memori[sz](?:ing|ation)|(?:the\s+)?memory\s+(?:task|test|bit|part)|"
        r"fact(?:ual)?\s+(?:look[\s-]*ups?|recall|retrieval)|look(?:s|ing)?\s+up\s+facts?|"
        r"(?:retriev\w*|recall\w*)\s+(?:of\s+)?(?:a\s+|the\s+)?facts?|(?:its|the\s+model'?s|the\s+network'?s)\s+memory"
        r"(?!\s+(?:usage|use|footprint|consumption|requirements?)))\b",
        "recall",
    ),
    (
        r"\bcontinu\w*\s+(?:a|the)\s+(?:pattern|sequence)s?(?:\s+(?:that|which)\s+repeats?)?\b",
        "induction",
    ),
    # "the head that does the recall", "bits which handle copying": what a part is responsible for
    (
        r"\b(?P<h>(?:which|what)\s+(?:little\s+|small\s+|tiny\s+)?heads?|heads?\s+(?:that|which))\s+(?:actually\s+|really\s+)?(?:(?:does|do|performs?|"
        r"carr(?:y|ies)\s+out|(?:is|are)\s+doing)"
        # ("which heads do induction?", "the heads that perform the induction" find the induction
        # heads by their score first, whatever the verb of doing; what is in charge of it is
        # what it needs)
        r"(?!\s+(?:the\s+)?induction\b)|handles?|handle|takes?\s+care\s+of|(?:is|are)\s+in\s+charge\s+of)\s+(?!(?:the\s+|this\s+|that\s+)?(?:model|network|ai|transformer|it|you)\b)"
        r"(?:the\s+)?",
        r"\g<h> responsible for ",
    ),
    # "which head copy tokens?", "what heads recall?": the task said as the heads' own bare verb
    (
        r"\b(?P<h>(?:which|what)\s+heads?|heads?\s+(?:that|which))\s+(?:actually\s+|really\s+)?"
        r"(?=(?:copy|copying|recall|recalling)\b)",
        r"\g<h> responsible for ",
    ),
    # "put the insides of a good run into a broken run": clean activations patched into a
    # corrupted run
    (
        r"\b(?:put|copy|paste|swap|transplant|plug|splice|insert|transfer|move)\w*\b[^.?!]{0,60}?"
        r"\b(?:good|clean|working|correct|healthy|normal)\s+(?:run|pass|version|prompt|input|example)s?\b"
        r"[^.?!]{0,30}?\b(?:broken|bad|corrupt\w*|wrong|failing|messed[\s-]up|damaged)\s+"
        r"(?:run|pass|version|prompt|input|example)s?\b",
        "activation patching",
    ),
    # "how sure is the model at each stage", "its guess after every layer": the logit lens
    (
        r"\b(?:at|after|in|through)\s+(?:each|every)\s+(?:stage|step|level)\b"
        r"(?:\s+(?:on\s+its\s+way\s+through|along\s+the\s+way|of\s+the\s+way))?",
        "layer by layer",
    ),
    # "does the model secretly 'know' whether ...", "does it know inside": a linear readout
    (
        r"\b(?:secretly|internally|implicitly|deep\s+down|already)\s+[\"'\u2018\u2019]?know[\"'\u2018\u2019]?"
        r"(?:\s+(?:somewhere\s+)?(?:inside|internally|deep\s+down))?\b",
        "encode",
    ),
    (
        r"\b(?P<v>does|do|can|could)\s+(?P<s>(?:the\s+|this\s+|that\s+)?(?:model|network|it))\s+"
        r"[\"'\u2018\u2019]?know[\"'\u2018\u2019]?\s+(?:somewhere\s+)?(?:inside|internally|deep\s+down)\b",
        r"\g<v> \g<s> encode",
    ),
)
_COMPILED = (
    # "AP over resid_post": activation patching (in small letters only before what it patches
    # or its task, "ap on heads, copy")
    (re.compile(r"\bAP\b"), "activation patching"),
    (
        re.compile(
            r"\bap\b(?=[\s,:]+(?:(?:over|on|of|for|with|across)\s+)?(?:the\s+)?(?:resid\w*|heads?\b|positions?\b|"
            r"inputs\b|units\b|induction\b|recall\b|copy\w*|hook\w*))",
            re.I,
        ),
        "activation patching",
    ),
    *((re.compile(p, re.I), r) for p, r in _RULES),
)


def _part(m: re.Match[str]) -> str:
    return "heads" if m.group("p").lower().endswith(("s", "ies")) else "head"


def _replaced_output(m: re.Match[str]) -> str:
    method = "mean" if m.group("mean") else "zero" if m.group("zero") else "resample"
    return f"{method}-ablate head {m.group('h')}"


def plain(question: str) -> str:
    """`question` with everyday words for a model's parts and experiments in the parser's
    terms (see the module doc); files and quoted names are left as they are."""
    out = question
    for pat, repl in _COMPILED:
        if repl == "\x00":
            out = pat.sub(_part, out)
        elif repl == "attention \x00":
            out = pat.sub(lambda m: "attention " + _part(m), out)
        elif repl == "\x03":
            out = pat.sub(lambda m: f"all heads of layer {m.group('l') or m.group('l2')}", out)
        elif repl == "\x02":
            out = pat.sub(_replaced_output, out)
        elif repl == "\x01":
            out = pat.sub(lambda m: f"{m.group('q')} heads", out)
        else:
            out = pat.sub(repl, out)
    return out
