"""Heads and layers said in interpretability notation, made plain before a question is parsed.

Researchers name one head in many ways: TransformerLens hook names (`blocks.1.attn.hook_z`, then
"head 3"), nnsight and Hugging Face module paths (`model.transformer.h[1].attn`,
`model.layers.0.self_attn`), (layer, head) tuples, "layer 1's head 2", "the last layer",
ranges ("heads 1.0 through 1.2", "L0H0-3", "heads 0-2 of layer 1"), and some count from one
("I count layers from 1"). The parser reads "layer N", "head N.M" and "head M of layer N"; this
module rewrites the other notations into those forms, once, using the loaded model's size where
a word depends on it ("the last layer" of a two-layer model is layer 1). Paths of files and
checkpoints are left as they are (the numbers in "qwen3-0.6b" name no head).
"""

from __future__ import annotations

import re
from typing import Any

#: A file or checkpoint path: its numbers are not heads or layers.
_PATH = re.compile(r"(?:~|\.{1,2})?/?[\w.\-]*/[\w./\-]*|~[\w./\-]*|[\w.\-]+\.(?:jsonl?|csv|dot)\b")

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")

#: Module paths of a layer: blocks.1, model.transformer.h[1], model.layers.0, gpt_neox.layers[2].
_MODULE = re.compile(
    r"\b(?:model\.)*(?:(?:transformer|gpt_neox|decoder)\.)?"
    r"(?:blocks|layers|(?<=\.)h|h(?=\[))(?:\.(?P<a>\d+)|\[\s*(?P<b>-?\d+)\s*\])"
    r"(?P<tail>(?:\.[a-z_]\w*|\[[^\]]*\])*)",
    re.I,
)
#: TransformerLens hook names and what they hold, in words the parser reads.
_HOOKS = (
    (r"hook_(?:z|result)|attn\.hook_(?:z|result)|o_proj|c_proj", "head outputs"),
    (r"hook_resid_(?:pre|mid|post)|resid_(?:pre|mid|post)", "residual stream"),
    (r"hook_q|hook_q_input", "queries"),
    (r"hook_k|hook_k_input", "keys"),
    (r"hook_v|hook_v_input", "values"),
    (r"hook_(?:pattern|attn_scores)", "attention pattern"),
    (r"hook_mlp_out|mlp_out|hook_post|mlp", "mlp"),
)

#: "I count layers from one", "1-indexed", "one-based": the user's numbers are one more.
_ONE_BASED = re.compile(
    r"\s*\(?\s*(?:(?:i\s+|we\s+)?count(?:ing)?\s+(?:the\s+)?(?:(?:layers?|heads?)\s+(?:and\s+"
    r"(?:layers?|heads?)\s+)?)?(?:starting\s+)?(?:from|at)\s+(?:one|1)|(?:numbered\s+|counted\s+)?"
    r"(?:starting\s+(?:from|at)\s+(?:one|1))|(?:1|one)[\s-]+(?:indexed|based)(?:\s+(?:numbering|"
    r"indexing|indices|counting))?|(?:layers?\s+|heads?\s+)?(?:numbered|counted|indexed)\s+(?:starting\s+)?"
    r"(?:from|at)\s+(?:one|1))\s*\)?",
    re.I,
)
_ZERO_BASED = re.compile(
    r"\s*\(?\s*(?:0|zero)[\s-]+(?:indexed|based)(?:\s+(?:numbering|indexing|indices))?\s*\)?", re.I
)


def loaded_model(inputs: dict[str, Any], question: str = "") -> dict[str, Any] | None:
    """The loaded model whose size the question's words refer to: the only one, the one named,
    or any when all have the same numbers of layers and heads."""
    models = list((inputs.get("models") or {}).values())
    if len(models) <= 1:
        return models[0] if models else None
    named = [m for m in models if model_named(question, m)]
    if len(named) == 1:
        return named[0]
    sizes = {(m.get("n_layers"), m.get("n_heads")) for m in models}
    return models[0] if len(sizes) == 1 else None


def model_named(question: str, model: dict[str, Any]) -> bool:
    """Whether the question names a model by its id or name, in any spelling of their words
    ("tiny gated", "tiny-gated" or "TinyGated" for `tiny_gated`)."""
    from copilot.agents.columns import tokens

    said = " " + " ".join(tokens(question)) + " "
    for name in (model.get("id"), model.get("name")):
        words = tokens(str(name or ""))
        if words and f" {' '.join(words)} " in said:
            return True
    return False


def plain(question: str, model: dict[str, Any] | None = None) -> str:
    """`question` with heads and layers in the forms the parser reads (see the module doc)."""
    out, at = [], 0
    for m in _PATH.finditer(question):
        if not re.search(r"[/~]|\.(?:jsonl?|csv|dot)$", m.group(0)):
            continue
        out += [_plain(question[at : m.start()], model), m.group(0)]
        at = m.end()
    out.append(_plain(question[at:], model))
    return "".join(out)


def _distance(a: str, b: str) -> int:
    """Edit distance (insertions, deletions, substitutions, swaps of neighbours)."""
    d = [[i + j if not i * j else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


_NUMBER_WORDS = r"(?:\d|zero\b|one\b|two\b|three\b|four\b|five\b|six\b|seven\b|eight\b)"
_PLACE_WORDS = "|".join(
    [*_ORDINALS, "last", "final", "top", "penultimate", "middle", "each", "every"]
)


def _typos(text: str) -> str:
    """ "layer" and "probe" misspelt where only they fit: a word a letter or two from "layer"
    before a layer number or after "last"/"second"/..., one letter from "probe" after "linear"
    or before a layer ("the final lyer", "lyer zero", "pobe the final layer")."""

    def layer(m: re.Match[str]) -> str:
        word = m.group(0)
        core = word.lower()[:-1] if word.lower().endswith("s") else word.lower()
        if core in ("layer", "later", "liar", "leader", "lower") or _distance(core, "layer") > 2:
            return word
        after = re.sub(r"^\s*[=:]?\s*", "", text[m.end() : m.end() + 8])  # ("laer=0")
        before = text[max(0, m.start() - 14) : m.start()].rstrip().lower()
        if re.match(_NUMBER_WORDS, after, re.I) or re.search(rf"\b(?:{_PLACE_WORDS})$", before):
            return "layers" if word.lower().endswith("s") and core != word.lower() else "layer"
        return word

    text = re.sub(r"\b[lL][a-zA-Z]{2,5}\b", layer, text)

    def probe(m: re.Match[str]) -> str:
        word = m.group(0)
        low = word.lower()
        if (
            low in ("probe", "prob", "probs", "robe", "prove", "prose", "proof")
            or _distance(low, "probe") != 1
        ):
            return word
        before = text[max(0, m.start() - 8) : m.start()].lower()
        after = text[m.end() : m.end() + 30].lower()
        if before.rstrip().endswith("linear") or re.match(r"\s+(?:\w+\s+){0,2}?layers?\b", after):
            return "probe"
        return word

    return re.sub(r"\b[pP][a-zA-Z]{3,4}\b", probe, text)


#: Tool and argument names typed as code ("head_ablation heads=['0.1'] method=mean").
_TOOL_NAMES = r"head_ablation|head_scores|activation_patching|path_patching|logit_lens|linear_probe"
_ARG_NAMES = (
    r"heads|layers?|behaviou?r|method|metric|score|units|via|sender|receivers?|alphas?|position"
)


def _code(text: str) -> str:
    """Requests typed as code in words: tool names with spaces, `key=value` as "key value",
    lists in brackets or braces as plain lists, `n_prompts=128`/`n=128` as "128 prompts"."""
    text = re.sub(rf"\b({_TOOL_NAMES})\b", lambda m: m[1].replace("_", " "), text)
    text = re.sub(
        r"\bn_prompts\s*[=:]\s*(\d+)|\bn\s*=\s*(\d+)\b",
        lambda m: f"{m[1] or m[2]} prompts",
        text,
        flags=re.I,  # ("N_PROMPTS=10" typed in capitals)
    )
    text = re.sub(r"\bn_boot\s*[=:]\s*(\d+)", r"\1 bootstrap resamples", text, flags=re.I)
    text = re.sub(rf"\b({_ARG_NAMES})\s*[=:]\s*(?=\S)", r"\1 ", text, flags=re.I)

    def listed(m: re.Match[str]) -> str:
        items = re.findall(r"\d+(?:\.\d+)?", m.group(0))
        return " " + (", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else items[0])

    # "['0.1','1.2']", "{0.1, 1.2}", "[0, 1]": a list of heads or layers
    return re.sub(
        r"\s*[\[{]\s*['\"]?\d+(?:\.\d+)?['\"]?(?:\s*,\s*['\"]?\d+(?:\.\d+)?['\"]?)*\s*[\]}]",
        listed,
        text,
    )


def _complement(text: str, model: dict[str, Any] | None) -> str:
    """Every head but some ("every head except 1.2", "everything in layer 1 except head 1.0",
    "all of them but 0.0"): the heads meant, listed, from the model's size."""
    n_layers, n_heads = (
        int((model or {}).get("n_layers") or 0),
        int((model or {}).get("n_heads") or 0),
    )
    if not (n_layers and n_heads):
        return text
    one = r"(?:head\s+)?\d+\.\d+"
    pat = re.compile(
        r"\b(?:every|all|each)(?:thing)?\s+(?:(?:the|other|of\s+(?:them|the))\s+)*(?:attention\s+)?"
        r"(?:heads?\s+)?(?:(?:in|of|from)\s+(?:the\s+)?layer\s*(?P<l>\d+)\s+)?"
        r"(?:except|but|other\s+than|apart\s+from|excluding|save(?:\s+for)?|besides)\s+(?:for\s+)?"
        rf"(?:(?:heads?\s+)?(?P<x>{one}(?:\s*(?:,|and|&|\+)\s*(?:and\s+)?{one})*)|"
        # "all heads except the ones in layer 0"
        r"(?:the\s+(?:ones|heads)\s+|those\s+|heads\s+)?(?:in|of|from)\s+(?:the\s+)?layer\s*(?P<xl>\d+))",
        re.I,
    )

    def heads(m: re.Match[str]) -> str:
        if m.group("xl") is not None:
            out = {f"{m.group('xl')}.{b}" for b in range(n_heads)}
        else:
            out = set(re.findall(r"\d+\.\d+", m.group("x")))
        layers = [int(m.group("l"))] if m.group("l") is not None else range(n_layers)
        kept = [f"{a}.{b}" for a in layers for b in range(n_heads) if f"{a}.{b}" not in out]
        if not kept:
            return m.group(0)
        return "heads " + (", ".join(kept[:-1]) + " and " + kept[-1] if len(kept) > 1 else kept[0])

    return pat.sub(heads, text)


def _plain(text: str, model: dict[str, Any] | None) -> str:
    if not text.strip():
        return text
    text = _typos(text)
    text = _modules(text)  # (before the lists in brackets: "h[1]" is a module's index)
    text = _code(text)
    # "which part of the AI is responsible for copying": the parts of a model are its heads
    text = re.sub(
        r"\b(?:wh?ich|what)\s+(?:parts?|components?|bits?|pieces?|units?)\s+of\s+(?:the|this|my|your)\s+"
        r"(?:ai|model|network|net|transformer|llm|thing|system)\b",
        "which heads",
        text,
        flags=re.I,
    )
    text = re.sub(r"(?<=\d)\s*\.\.\.?\s*(?=\d)", " to ", text)  # "layers 1..2"
    # "ablate L0 entirely": a layer (not "L1 loss" or "an L2 penalty")
    text = re.sub(
        r"\bL(\d+)\b(?!\s*(?:h\s*\d|\.\s*h|norm|loss|penalt|regulari|distance|error|reg\b|cache))",
        r"layer \1",
        text,
        flags=re.I,
    )
    # "blk 0", "block 1", "the residual stream before block 1": a block is a layer
    text = re.sub(r"\b(?:blk|block)\s*#?\s*(\d+)\b", r"layer \1", text, flags=re.I)
    # "L1.H2", "l0_h3", "layer1-head2": a head with its layer
    text = re.sub(
        r"\bl(?:ayer)?\s*(\d+)\s*[._:\-]\s*h(?:ead)?\s*(\d+)\b", r"head \1.\2", text, flags=re.I
    )
    # "AtP", "AtP*": attribution patching
    text = re.sub(r"\batp\*?(?=\W|$)", "attribution patching", text, flags=re.I)
    text = _negative(text, model)
    if _ONE_BASED.search(text):
        text = _from_zero(_ONE_BASED.sub(" ", text))
    text = _ZERO_BASED.sub(" ", text)
    text = _words(text, model)
    text = _tuples(text)
    text = re.sub(
        r"\blayer\s*(\d+)\s*'s\s+(?:attention\s+)?head\s*(\d+)\b", r"head \1.\2", text, flags=re.I
    )
    text = _ranges(text)
    text = _complement(text, model)
    return _pair(text)


def _modules(text: str) -> str:
    """Module paths and hook names in words: "blocks.1.attn.hook_z" -> "layer 1 head outputs"."""

    def said(m: re.Match[str]) -> str:
        layer = m.group("a") or m.group("b")
        tail = (m.group("tail") or "").lower()
        what = next((w for pat, w in _HOOKS if re.search(rf"(?:^|\.)(?:{pat})\b", tail)), "")
        if not what and re.search(r"\battn\b|self_attn|attention", tail):
            what = "attention"
        return f"layer {layer}" + (f" {what}" if what else "")

    text = _MODULE.sub(said, text)
    for pat, words in _HOOKS[:-1]:  # ("mlp" alone is a word already)
        text = re.sub(rf"\b(?:{pat})\b", words, text, flags=re.I)
    return text


def _negative(text: str, model: dict[str, Any] | None) -> str:
    """Python's negative indices ("layer -1", "layers[-2]") counted from the loaded model's end."""
    n = int((model or {}).get("n_layers") or 0)
    if not n:
        return text

    def back(m: re.Match[str]) -> str:
        i = n - int(m.group(2))
        return f"{m.group(1)}{i}" if 0 <= i < n else m.group(0)

    return re.sub(r"\b(layer\s*)-\s*(\d+)\b", back, text, flags=re.I)


def _from_zero(text: str) -> str:
    """Layer and head numbers counted from one, as the tools count them (from zero)."""

    def down(n: str) -> str:
        return str(max(int(n) - 1, 0))

    text = re.sub(r"(?<![\w.])(\d+)\.(\d+)(?![\w.])", lambda m: f"{down(m[1])}.{down(m[2])}", text)
    text = re.sub(r"\bl(\d+)\s*h(\d+)\b", lambda m: f"L{down(m[1])}H{down(m[2])}", text, flags=re.I)
    # "layers 1 to 2", "heads 2, 3 and 4": every number of the list
    return re.sub(
        r"\b(layers?|heads?)(\s*(?:number\s+|no\.?\s*|#\s*)?)(\d+(?![.\d])(?:\s*(?:,|and|&|to|-|through)\s*"
        r"\d+(?![.\d]))*)",
        lambda m: m[1] + m[2] + re.sub(r"\d+", lambda n: down(n.group(0)), m[3]),
        text,
        flags=re.I,
    )


def _words(text: str, model: dict[str, Any] | None) -> str:
    """Ordinal and relative words for a layer or head: "the second head" -> "head 1", "the last
    layer" -> "layer N-1" of the loaded model."""
    n = {
        "layer": int((model or {}).get("n_layers") or 0),
        "head": int((model or {}).get("n_heads") or 0),
    }

    def index(word: str, noun: str) -> str | None:
        word = word.lower().replace("-", " ")
        if word in _ORDINALS:
            return str(_ORDINALS.index(word))
        if not n[noun]:
            return None
        if word in ("last", "final", "top"):
            return str(n[noun] - 1)
        if word == "middle" and noun == "layer":
            return str(n[noun] // 2)  # the layer steering uses by default, too
        if word in ("penultimate", "second to last", "second last", "next to last"):
            return str(n[noun] - 2) if n[noun] >= 2 else None
        return None

    # "the 4th head", "2nd layer": numeric ordinals count from 1
    text = re.sub(
        r"\b(?:the\s+)?(\d+)(?:st|nd|rd|th)\s+(layer|head)\b",
        lambda m: f"{m[2].lower()} {int(m[1]) - 1}" if int(m[1]) >= 1 else m.group(0),
        text,
        flags=re.I,
    )

    def sub(m: re.Match[str]) -> str:
        noun = m.group("n").lower().replace("block", "layer")  # a block is a layer
        i = index(m.group("w"), noun)
        if i is None:
            return m.group(0)
        return f"{noun} {i}" + (m.group("s") or "")

    words = "|".join(
        [
            *_ORDINALS,
            "last",
            "final",
            "top",
            "penultimate",
            "middle",
            r"second[\s-]+(?:to[\s-]+)?last",
            "next[\s-]+to[\s-]+last",
        ]
    )
    return re.sub(
        rf"\b(?:the\s+)?(?P<w>{words})\s+(?P<n>layer|head|block)(?P<s>'s)?(?!\w)",
        sub,
        text,
        flags=re.I,
    )


def _tuples(text: str) -> str:
    """(layer, head) pairs: "head (0, 3)", "heads [(0,1), (1,2)]", "(layer 1, head 2)"."""
    pair = r"\(\s*(?:layer\s*|l\s*)?(\d+)\s*,\s*(?:head\s*|h\s*)?(\d+)\s*\)"
    if not re.search(
        r"\bheads?\b|\(\s*layer\s*\d+\s*,\s*head|\b(?:ablat|knock|zero|remov|disabl|kill|lesion|"
        r"silenc|mask|patch|switch)\w*",
        text,
        re.I,
    ):
        return text

    def head(m: re.Match[str]) -> str:
        before = text[max(0, m.start() - 16) : m.start()].lower()
        if re.search(
            r"\b(?:alphas?|strengths?|coefficients?|scales?|range|between)\s*[:=]?\s*$", before
        ):
            return m.group(0)  # "alphas (1, 2)" are two numbers
        return f"{m[1]}.{m[2]}"

    return re.sub(pair, head, text, flags=re.I)


def _ranges(text: str) -> str:
    """Ranges of heads in one layer: "1.0 through 1.2", "L0H0-3", "heads 0-2 of layer 1"."""
    to = r"\s*(?:-|–|to|through|thru|till|until)\s*"

    def listed(layer: int, lo: int, hi: int) -> str:
        if hi < lo or hi - lo > 63:
            return ""
        heads = [f"{layer}.{h}" for h in range(lo, hi + 1)]
        return ", ".join(heads[:-1]) + " and " + heads[-1] if len(heads) > 1 else heads[0]

    def dotted(m: re.Match[str]) -> str:
        if m[1] != m[3]:
            return m.group(0)
        return listed(int(m[1]), int(m[2]), int(m[4])) or m.group(0)

    text = re.sub(rf"(?<![\w.])(\d+)\.(\d+){to}(\d+)\.(\d+)(?![\w.])", dotted, text, flags=re.I)
    text = re.sub(
        rf"\bl(\d+)\s*h(\d+){to}h?(\d+)\b",
        lambda m: listed(int(m[1]), int(m[2]), int(m[3])) or m.group(0),
        text,
        flags=re.I,
    )
    return re.sub(
        rf"\bheads\s+(\d+){to}(\d+)\s+(?:of|in|from)\s+(?:the\s+)?layer\s*(\d+)\b",
        lambda m: "heads " + (listed(int(m[3]), int(m[1]), int(m[2])) or m.group(0)),
        text,
        flags=re.I,
    )


def _pair(text: str) -> str:
    """One layer and heads named by their number alone ("layer 1 head outputs ... head 3",
    "in layer 0, knock out head 2"): each head in that layer."""
    layers = set(re.findall(r"\blayer\s*(\d+)\b", text, re.I))
    if len(layers) != 1 or re.search(r"(?<![\w.])\d+\.\d+(?![\w.])|\bl\d+\s*h\d+\b", text, re.I):
        return text
    bare = re.compile(
        r"\bhead(?!s)\s*(?:number\s+|no\.?\s*|#\s*)?(\d+)\b(?!\s*(?:[.:/]\s*\d|of\s+(?:the\s+)?"
        r"layer|in\s+(?:the\s+)?layer|from\s+(?:the\s+)?layer))",
        re.I,
    )
    if not bare.search(text) or re.search(r"\blayer\s*\d+\s*,?\s*h(?:ead)?\s*\d", text, re.I):
        return text
    layer = layers.pop()
    text = bare.sub(lambda m: f"head {layer}.{m[1]}", text)
    # the layer is now said with the head; its own mention would read as "the whole layer"
    return re.sub(
        rf"\s*(?:,\s*)?\b(?:(?:in|of|from|at|for|on)\s+)?(?:the\s+)?layer\s*{layer}\b"
        r"(?:\s+(?:attention|head\s+outputs))?(?:\s*,)?",
        "",
        text,
        count=1,
        flags=re.I,
    )
