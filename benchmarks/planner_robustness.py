"""How robust the offline planner is to wording it has not seen: the dev questions, perturbed.

    python benchmarks/planner_robustness.py [--seed N] [--only KIND,...] [--show-failures]
                                            [--json OUT]

Every dev question (benchmarks/planner_questions/, the `dev` part of planner_accuracy.py) that the
planner answers correctly is asked again in a few meaning-preserving variants, one per kind of
perturbation, and each variant is scored exactly as planner_accuracy.py scores the original
(same loading, same histories, same expected call, same strict scoring). The variants are fixed
by the seed (default 0), so two runs print the same numbers.

Kinds of perturbation (a kind is skipped for a question it cannot apply to without changing
what is asked, and counted as skipped):
- `polite`: a courtesy wrapper ("please ...", "hi, quick one: ...", "... thanks!");
- `context`: a context sentence before the question ("Background: we're reviewing last
  quarter.", "I have a table about <the table's name>." when the question has one table);
- `lower`, `upper`: the question in lower or upper case (not for questions with quoted text,
  file names or paths, whose case matters);
- `punct`: trailing punctuation removed, or "?"/"." added;
- `typo`: one typo (two inner letters swapped, or one dropped) in an analysis word of 5+ letters
  (never in a word that names a column, a level, a table or an argument, or in quoted text);
- `filler`: contractions made or expanded ("what is" <-> "what's") where the question has one,
  else a filler word ("basically", "kind of", "just");
- `synonym`: an analysis word swapped for a synonym (effect/impact, affect/influence,
  estimate/quantify, controlling/adjusting for, ...), outside column words and quoted text.

Prints the pass rate per kind of perturbation and per category (all kinds together);
--show-failures lists each failed variant with the original question and why it failed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

POLITE = (
    "please {q}",
    "hi, quick one: {q}",
    "{q} thanks!",
    "could you help me out here: {q}",
    "hello! {q}",
    "{q0}, please{end}",
)
CONTEXT = (
    "Background: we're reviewing last quarter. {q}",
    "Some context: this is for a report to my team. {q}",
    "I'm new to this data. {q}",
)
CONTEXT_TABLE = "I have a table about {name}. {q}"
#: Analysis words a typo may hit (never a word that is also a column word of the question's table).
ANALYSIS_WORDS = {
    "effect", "effects", "estimate", "estimated", "impact", "influence", "causes", "causal",
    "controlling", "adjusting", "accounting", "confounded", "confounding", "confounder",
    "mediated", "mediation", "mediator", "instrument", "discover", "graph", "relationship",
    "difference", "compare", "describe", "summary", "overview", "drivers", "affect", "affects",
    "change", "increase", "double", "differ", "differs", "across", "between", "which", "whether",
    "through", "method", "matching", "regression", "subgroup", "subgroups", "heterogeneous",
    "attention", "heads", "ablate", "ablation", "steer", "probe", "layer", "missing", "values",
    "would", "happen", "explain", "show", "calculate", "compute", "quantify", "measure",
}  # fmt: skip
#: Synonym swaps (word -> replacement), applied to whole words, case kept.
SYNONYMS = {
    "effect": "impact",
    "effects": "impacts",
    "impact": "influence",
    "influence": "impact",
    "affect": "influence",
    "affects": "influences",
    # the verb only ("an IV estimate", "the naive estimate" are nouns)
    r"estimate(?=\s+(?:the|how|what|whether|its|their)\b)": "quantify",
    "quantify": "estimate",
    "measure": "estimate",
    "calculate": "compute",
    "compute": "calculate",
    "controlling for": "adjusting for",
    "adjusting for": "controlling for",
    "accounting for": "controlling for",
    "control for": "adjust for",
    "adjust for": "control for",
    "show me": "give me",
    "give me": "show me",
}
CONTRACTIONS = {
    "what is": "what's",
    "it is": "it's",
    "does not": "doesn't",
    "do not": "don't",
    "is not": "isn't",
    "let us": "let's",
    "i am": "i'm",
    "that is": "that's",
    "there is": "there's",
    "how is": "how's",
}
FILLERS = ("so basically, {q}", "{q0}, kind of?", "um, {q}", "actually, {q}")
KINDS = ("polite", "context", "lower", "upper", "punct", "typo", "filler", "synonym")

_QUOTED = re.compile(r"\"[^\"]+\"|(?<!\w)'[^'\s][^']*[^'\s]'(?!\w)|`[^`]+`|\u201c[^\u201d]+\u201d")
_CASE_MATTERS = re.compile(r"[\"`\u201c]|\w\.[A-Za-z]{2,5}\b|/|(?<!\w)'[^'\s][^']*'(?!\w)")


def protected_words(item: dict[str, Any]) -> set[str]:
    """Lower-case words a perturbation must not touch: the words of the question's columns,
    tables, models and expected string arguments (a typo or synonym there changes the slot)."""
    from benchmarks.planner_accuracy import dataset_profile

    names: list[str] = []
    for d in item.get("datasets") or []:
        prof = dataset_profile(d)
        names += [d, str(prof.get("name", ""))]
        names += [c["name"] for c in prof["columns"]]
        for c in prof["columns"]:
            names += [str(v) for v in c.get("levels") or []]
    names += list(item.get("models") or [])

    def strings(v: Any) -> None:
        if isinstance(v, str):
            names.append(v)
        elif isinstance(v, dict):
            for k, x in v.items():
                if k != "tool":  # the tool's name is no word of the question
                    strings(x)
        elif isinstance(v, list | tuple):
            for x in v:
                strings(x)

    strings(item.get("expect"))
    words: set[str] = set()
    for n in names:
        for w in re.findall(r"[a-z]+", n.lower()):
            words.add(w)
    return words


def _near_protected(word: str, protected: set[str]) -> bool:
    w = word.lower()
    return any(
        w == p or (len(p) >= 4 and (w.startswith(p[:5]) or p.startswith(w[:5]))) for p in protected
    )


def _outside_quotes(question: str) -> list[tuple[int, int]]:
    """The spans of `question` outside quoted text."""
    spans, at = [], 0
    for m in _QUOTED.finditer(question):
        spans.append((at, m.start()))
        at = m.end()
    spans.append((at, len(question)))
    return spans


def _free_matches(pattern: str, question: str, protected: set[str]) -> list[re.Match[str]]:
    spans = _outside_quotes(question)
    out = []
    for m in re.finditer(pattern, question, re.I):
        if not any(a <= m.start() and m.end() <= b for a, b in spans):
            continue
        if question[max(m.start() - 1, 0) : m.start()] == "-":
            continue  # a word of a compound ("backdoor-adjust") is not swapped alone
        if any(_near_protected(w, protected) for w in re.findall(r"[a-z]+", m.group(0).lower())):
            continue
        out.append(m)
    return out


def _keep_case(src: str, new: str) -> str:
    if src.isupper() and len(src) > 1:
        return new.upper()
    if src[:1].isupper():
        return new[:1].upper() + new[1:]
    return new


def _strip_end(q: str) -> str:
    return q.rstrip(" ?.!")


def perturb(
    kind: str, item: dict[str, Any], seed: int = 0, protected: set[str] | None = None
) -> str | None:
    """The item's question perturbed by `kind`, or None when the kind does not apply to it.
    `protected`: the words it must not touch (by default `protected_words(item)`)."""
    q = item["question"].strip()
    rng = random.Random(f"{seed}:{item['id']}:{kind}")
    protected = protected_words(item) if protected is None else protected
    if kind == "polite":
        wrap = rng.choice(POLITE)
        first = re.match(r"[A-Z][a-z]*\b", q)
        if wrap.startswith("{q}") is False and first and first.group(0).lower() not in protected:
            q = q[0].lower() + q[1:]  # "please is ...", not "please Is ..."
        end = q[len(_strip_end(q)) :]
        return wrap.format(q=q, q0=_strip_end(q), end=end)
    if kind == "context":
        options = list(CONTEXT)
        if len(item.get("datasets") or []) == 1:
            options.append(CONTEXT_TABLE.replace("{name}", item["datasets"][0]))
        return rng.choice(options).format(q=q)
    if kind in ("lower", "upper"):
        if _CASE_MATTERS.search(q):
            return None  # quoted prompts, file names and paths keep their case
        out = q.lower() if kind == "lower" else q.upper()
        return out if out != q else None
    if kind == "punct":
        bare = _strip_end(q)
        options = [o for o in (bare, bare + "?", bare + ".", bare + "??") if o != q]
        return rng.choice(options)
    if kind == "typo":
        cands = [
            m
            for m in _free_matches(r"\b[A-Za-z]{5,}\b", q, protected)
            if m.group(0).lower() in ANALYSIS_WORDS
        ]
        if not cands:
            return None
        m = rng.choice(cands)
        w = m.group(0)
        i = rng.randrange(1, len(w) - 2)  # never the first letter, never the last
        if rng.random() < 0.5 and w[i] != w[i + 1]:
            typo = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
        else:
            typo = w[:i] + w[i + 1 :]
        return q[: m.start()] + typo + q[m.end() :]
    if kind == "filler":
        pairs = list(CONTRACTIONS.items()) + [(b, a) for a, b in CONTRACTIONS.items()]
        found = [
            (m, new)
            for old, new in pairs
            for m in _free_matches(r"\b" + re.escape(old) + r"(?![\w'])", q, set())
        ]
        if found:
            m, new = rng.choice(found)
            return q[: m.start()] + _keep_case(m.group(0), new) + q[m.end() :]
        filler = rng.choice(FILLERS)
        first = re.match(r"[A-Z][a-z]*\b", q)
        if filler.startswith("{") is False and first and first.group(0).lower() not in protected:
            q = q[0].lower() + q[1:]
        return filler.format(q=q, q0=_strip_end(q))
    if kind == "synonym":
        found = [
            (m, new)
            for old, new in SYNONYMS.items()
            for m in _free_matches(
                r"\b" + (old if "(?" in old else re.escape(old)) + r"\b", q, protected
            )
        ]
        if not found:
            return None
        m, new = rng.choice(found)
        return q[: m.start()] + _keep_case(m.group(0), new) + q[m.end() :]
    raise ValueError(f"unknown perturbation {kind!r}")


def run(kinds: tuple[str, ...], seed: int) -> dict[str, Any]:
    from benchmarks.planner_accuracy import dataset_profile, load_items, run_item, tool_names

    items = load_items("dev")
    for d in sorted({d for it in items for d in it.get("datasets") or []}):
        dataset_profile(d)
    tools = tool_names()
    rows, skipped, base_fail, times = [], defaultdict(int), 0, []
    for item in items:
        if not run_item(item, tools).ok:
            base_fail += 1
            continue  # only questions the planner answers as written
        for kind in kinds:
            text = perturb(kind, item, seed)
            if text is None or text == item["question"]:
                skipped[kind] += 1
                continue
            t0 = time.perf_counter()
            v = run_item({**item, "question": text}, tools)
            times.append(time.perf_counter() - t0)
            rows.append(
                {
                    "id": item["id"],
                    "category": item["category"],
                    "kind": kind,
                    "ok": v.ok,
                    "why": v.why,
                    "original": item["question"],
                    "question": text,
                }
            )
    return {"rows": rows, "skipped": dict(skipped), "base_fail": base_fail, "n": len(items)}


def _rate(rows: list[dict[str, Any]]) -> str:
    ok, n = sum(r["ok"] for r in rows), len(rows)
    return f"{ok:>5}/{n:<5} {100 * ok / max(n, 1):5.1f}%"


def report(res: dict[str, Any], kinds: tuple[str, ...], show: bool) -> str:
    rows = res["rows"]
    base = res["n"] - res["base_fail"]
    out = [
        "Planner robustness (dev questions answered correctly, perturbed; no tool runs)",
        f"questions: {res['n']} dev, {base} answered correctly as written (the base)",
        "",
        f"{'perturbation':<14}{'passed':>18}{'skipped':>10}",
    ]
    for kind in kinds:
        part = [r for r in rows if r["kind"] == kind]
        out.append(f"{kind:<14}{_rate(part):>18}{res['skipped'].get(kind, 0):>10}")
    out.append(f"{'all':<14}{_rate(rows):>18}")
    out += ["", f"{'category':<18}{'passed':>18}"]
    for cat in sorted({r["category"] for r in rows}):
        out.append(f"{cat:<18}{_rate([r for r in rows if r['category'] == cat]):>18}")
    if show:
        failed = [r for r in rows if not r["ok"]]
        out += ["", f"Failures ({len(failed)}):"]
        for r in failed:
            out.append(
                f"- {r['id']} [{r['kind']}] {r['question']!r}\n"
                f"    (was {r['original']!r})\n    {r['why']}"
            )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="which variants (default 0)")
    parser.add_argument("--only", help=f"comma-separated kinds, of: {', '.join(KINDS)}")
    parser.add_argument("--show-failures", action="store_true", help="list the failed variants")
    parser.add_argument("--json", metavar="OUT", help="write every variant's result as JSON")
    opts = parser.parse_args(argv)
    kinds = KINDS
    if opts.only:
        kinds = tuple(k.strip() for k in opts.only.split(",") if k.strip())
        bad = [k for k in kinds if k not in KINDS]
        if bad:
            parser.error(f"unknown perturbation {bad[0]!r}; choose from {', '.join(KINDS)}")
    res = run(kinds, opts.seed)
    print(report(res, kinds, opts.show_failures))
    if opts.json:
        summary = {
            k: {
                "ok": sum(r["ok"] for r in res["rows"] if r["kind"] == k),
                "n": sum(1 for r in res["rows"] if r["kind"] == k),
                "skipped": res["skipped"].get(k, 0),
            }
            for k in kinds
        }
        Path(opts.json).write_text(
            json.dumps({"summary": summary, "seed": opts.seed, "rows": res["rows"]}, indent=1)
        )
    return 0


if __name__ == "__main__":
    # `benchmarks` from this checkout, appended so that the installed `copilot` stays the one used
    sys.path.append(str(HERE.parent))
    sys.exit(main())
