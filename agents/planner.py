"""The offline planner: plans like a chat model, with no network.

It reads the conversation the way an LLM would (the system message's list of loaded inputs, the
question, earlier tool calls and results) and replies with the same tool calls an LLM would make,
one at a time, then with an empty final message so that the answer node writes the templated
answer from the results. When a question is ambiguous it asks; when nothing fits it says what it
can do. It is deterministic: the same conversation always gives the same reply.

`next_message` is the whole planner; `copilot.agents.offline_model.OfflinePlanner` wraps it as a
langchain chat model for the graph. This module imports no langchain model class, so an answer
in words is planned without loading them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage

from copilot.agents import notation, spelt_numbers, surface
from copilot.agents import patterns as re
from copilot.agents.answer import capabilities, excludes_zero, fmt, fmt_ci, has_interval
from copilot.agents.columns import (
    _UNITS,
    ColumnMatch,
    match_column,
    mentioned_columns,
    names_entity,
    segment_columns,
    suggest,
    tokens,
)
from copilot.agents.intents import (
    UNNAMED_GROUPS,
    Intent,
    correct_typos,
    parse_question,
    people_heads,
    probe_followup,
)
from copilot.agents.phrasing import claim_first, elided_predicate, normalise


@dataclass
class Call:
    """A tool call seen in the conversation, with its result when there is one."""

    name: str
    args: dict[str, Any]
    id: str
    ok: bool | None = None
    result: dict[str, Any] = field(default_factory=dict)
    error: dict[str, Any] = field(default_factory=dict)
    turn: int = 0
    """Which question of the conversation the call answered (counted from 0)."""


class Reply(Exception):
    """Raised while planning when the planner must answer in words (ask, refuse, explain).

    A question back carries what it waits for, so that a one-word reply can complete it:
    `phrase` (the words that named no single column, or "" for a slot not named at all),
    `role` and the `candidates` offered."""

    def __init__(
        self,
        text: str,
        role: str | None = None,
        phrase: str = "",
        candidates: Sequence[str] = (),
        tie: bool = False,
        unmatched: bool = False,
        settled: bool = False,
        answer: bool = False,
    ):
        super().__init__(text)
        self.tie = tie
        #: the question was read and is answered in words (a concept explained, the model's
        #: numbers, what the assistant can do)
        self.answer = answer
        #: the reading is whole and lacks only what is asked: no other reading is tried
        self.settled = settled
        #: the phrase named no column: a reply naming any column of the table answers
        self.unmatched = unmatched
        self.text = text
        self.role = role
        self.phrase = phrase
        self.candidates = list(candidates)


#: Answers to the planner's own question back, for the question being re-planned:
#: {"column:<phrase>": column, "role:<role>": phrase, "dataset": id}.
_ANSWERS: ContextVar[dict[str, str] | None] = ContextVar("copilot_planner_answers", default=None)
#: What the plan could not use, said in the message that carries the tool call.
_NOTES: ContextVar[list[str] | None] = ContextVar("copilot_planner_notes", default=None)


#: How the plan read something the question left implicit (a pronoun's antecedent).
_READINGS: ContextVar[list[str] | None] = ContextVar("copilot_planner_readings", default=None)
#: The whole question being planned (as made plain): a tied column word may be settled by a
#: column the question names elsewhere.
_QUESTION: ContextVar[str] = ContextVar("copilot_planner_question", default="")


def note(text: str) -> None:
    notes = _NOTES.get()
    if notes is not None and text not in notes:
        notes.append(text)


def reading(text: str) -> None:
    readings = _READINGS.get()
    if readings is not None and text not in readings:
        readings.append(text)


Args = dict[str, Any] | Callable[[list[Call]], dict[str, Any]]


# ---------------------------------------------------------------------------------------------
def inputs_from(messages: list[BaseMessage]) -> dict[str, Any]:
    """The JSON block of loaded inputs in the system message."""
    for m in messages:
        if isinstance(m, SystemMessage) and isinstance(m.content, str):
            blocks = re.findall(r"```json\s*(.*?)```", m.content, flags=re.S)
            if blocks:
                try:
                    data = json.loads(blocks[-1])
                except json.JSONDecodeError:
                    return {}
                return data if isinstance(data, dict) else {}
    return {}


def calls_in(messages: list[BaseMessage]) -> list[Call]:
    calls: list[Call] = []
    by_id: dict[str, Call] = {}
    turn = -1
    for m in messages:
        if isinstance(m, HumanMessage):
            turn += 1
        elif isinstance(m, AIMessage):
            for c in m.tool_calls:
                call = Call(c["name"], dict(c.get("args") or {}), c.get("id") or "", turn=turn)
                calls.append(call)
                by_id[call.id] = call
        elif isinstance(m, ToolMessage) and m.tool_call_id in by_id:
            call = by_id[m.tool_call_id]
            try:
                body = json.loads(m.content) if isinstance(m.content, str) else {}
            except json.JSONDecodeError:
                body = {}
            call.ok = bool(body.get("ok")) if isinstance(body, dict) else False
            call.result = (body.get("result") or {}) if isinstance(body, dict) else {}
            call.error = body if isinstance(body, dict) and not call.ok else {}
    return calls


def next_message(messages: list[BaseMessage], tools: list[str]) -> AIMessage:
    """The planner's reply to the conversation `messages` with `tools` available."""
    humans = [i for i, m in enumerate(messages) if isinstance(m, HumanMessage)]
    if not humans:
        return AIMessage(content="Ask me a question about the loaded data or model.")
    last = humans[-1]
    question = _text(messages[last])
    done = calls_in(messages[last + 1 :])
    history = calls_in(messages[:last])
    turn = len(humans) - 1
    if done and done[-1].ok and (retry := _checks_retry(done[-1])) is not None:
        return AIMessage(
            content="",
            tool_calls=[
                {
                    "name": "estimate_effect",
                    "args": retry,
                    "id": f"offline_{turn}_{len(done)}",
                    "type": "tool_call",
                }
            ],
        )
    if done and done[-1].ok is False:
        retry = _observables_retry(done[-1])
        if retry is None:
            return AIMessage(content="")  # the answer node reports the failure with its hint
        call_id = f"offline_{turn}_{len(done)}"
        return AIMessage(
            content="",
            tool_calls=[
                {"name": "estimate_effect", "args": retry, "id": call_id, "type": "tool_call"}
            ],
        )
    if _declines_question_back(messages, humans):
        return AIMessage(
            content="Fine: nothing is run. Ask another question when you want one answered."
        )
    inputs = inputs_from(messages)
    answers = _answer_to_question_back(messages, humans, inputs, tools) or _after_refusal(
        messages, humans
    )
    if answers is not None:
        question, history, found = answers
        token = _ANSWERS.set(found)
    else:
        claimed = _with_claim_before(messages, humans, inputs, tools)
        if claimed is not None:
            question, history = claimed, []
        token = _ANSWERS.set(None)
    notes: list[str] = []
    note_token = _NOTES.set(notes)
    readings: list[str] = []
    reading_token = _READINGS.set(readings)
    try:
        steps = plan_steps(question, inputs, history, tools, done)
        if len(done) >= len(steps):
            return AIMessage(content="")
        name, args = steps[len(done)]
        if callable(args):
            args = args(done)
    except Reply as r:
        # a method, algorithm or test the question names that this installation lacks is said
        # whatever else stopped the reading
        missing = _unavailable_named(question)
        if missing and missing not in r.text:
            return AIMessage(content=f"{r.text} {missing.strip()}")
        return AIMessage(content=r.text)
    finally:
        _ANSWERS.reset(token)
        _NOTES.reset(note_token)
        _READINGS.reset(reading_token)
    call_id = f"offline_{turn}_{len(done)}"
    content = ""
    if notes and not done:
        content = "Not used: " + "; ".join(notes) + "."
    if readings and not done:
        content = " ".join(filter(None, [content, *readings]))
    return AIMessage(
        content=content,
        tool_calls=[{"name": name, "args": args, "id": call_id, "type": "tool_call"}],
    )


def _text(m: BaseMessage) -> str:
    return m.content if isinstance(m.content, str) else str(m.content)


_YES = re.compile(
    r"(?:(?:yes|yeah|yep|yup|y|sure|ok|okay|correct|right|that one|exactly|go ahead|go for it|please do|"
    r"do (?:that|it|so)|(?:that's|that is|sounds) (?:fine|good|great)|fine|why not|absolutely|of course)"
    # "yep, do that", "sure, go ahead": a consent said twice
    r"[.!, ]*)+",
    re.I,
)


#: Courtesy or a hedge after a short reply ("the final one thanks!", "final, I think").
_REPLY_COURTESY = re.compile(
    r"(?:[\s,]*\b(?:thanks?(?:\s+a\s+lot)?|thank\s+you|thx|cheers|please|pls|ty|i\s+(?:think|guess|"
    r"suppose|believe|reckon)|probably|presumably|if\s+(?:that|it)\s+(?:helps|makes\s+sense))\b[\s!.]*)+$",
    re.I,
)


#: Words around a reply that only say it replaces what the question back was about ("ok then the
#: promo code instead", "use age then").
_REPLY_FILLER = re.compile(
    r"^(?:(?:ok(?:ay)?|fine|alright|well|so|then|use|try|how\s+about|what\s+about|sorry|no|"
    # a hedged pick: "I think the final one", "let's say the quiz one", "I'd go with ..."
    r"i\s+(?:think|guess|suppose|believe|reckon)|let'?s\s+(?:say|go\s+with|use|take)|"
    r"(?:i'?d|i\s+would)\s+(?:go\s+with|pick|take|choose)|"
    # a correction of what was said before: "sorry, I meant X", "I wanted say X" ("quería decir")
    r"i\s+(?:meant|mean|wanted(?:\s+to)?\s+say|want(?:ed)?\s+to\s+say|was\s+(?:meaning|thinking\s+of)|"
    r"would\s+say)|what\s+i\s+(?:meant|mean)\s+(?:is|was))\b[\s,:]*)+|"
    r"[\s,]+(?:instead|then|(?:for|as)\s+the\s+(?:treatment|outcome|cause|effect))\s*$",
    re.I,
)
#: A split asked for on top of a reply ("..., by district", "... and split by site").
_REPLY_SPLIT = re.compile(
    r"[\s,;]+(?:and\s+)?(?:(?:split|broken\s+down|break\s+(?:it\s+)?down)\s+)?by\s+"
    r"(?P<by>[\w'\-]+(?:\s+[\w'\-]+)?)\s*$",
    re.I,
)


#: Words of a reply that join the words of a name ("the rate of the interest").
_REPLY_GLUE = frozenset("the a an of for to in on at with".split())


def _reply_words(text: str) -> str:
    """A reply to a question back without its wrapping ("hi, quick one: per sq ft", "Some
    context: this is for my team. tir", "the final one thanks!"): what answers the question."""
    reply = surface.plain(text)
    reply = _REPLY_COURTESY.sub("", reply) or reply
    parts = [p for p in re.split(r"(?<=[.!?])\s+", reply.strip()) if p.strip()]
    if len(parts) > 1 and len(parts[-1].split()) <= 4 and "?" not in "".join(parts[:-1]):
        reply = parts[-1]  # the context sentences before the reply say nothing it needs
    return reply.strip().strip(" .!?'\"")


#: A reply that declines what a question back offered ("no", "nope, leave it", "no thanks",
#: "never mind", "forget it", "not now").
_NO = re.compile(
    r"(?:(?:no|nope|nah|no\s+need|not\s+now|not\s+really|never\s*mind|forget\s+(?:it|that|about\s+it)|"
    r"leave\s+it(?:\s+(?:then|there|as\s+it\s+is))?|skip\s+(?:it|that)|drop\s+(?:it|that)|"
    r"(?:don'?t|do\s+not)(?:\s+(?:bother|do\s+(?:it|that)|run\s+(?:it|that)))?|no\s+thanks?|"
    r"thanks?,?\s+but\s+no|(?:it'?s|that'?s)\s+(?:ok|okay|fine)|not\s+(?:needed|necessary))[.!, ]*)+",
    re.I,
)


def _declines_question_back(messages: list[BaseMessage], humans: list[int]) -> bool:
    """Whether the last message is a plain refusal ("no", "nope, leave it") of what the
    planner's question back offered: then nothing is run and no new question is read."""
    if len(humans) < 2:
        return False
    last, prev = humans[-1], humans[-2]
    asked = [m for m in messages[prev + 1 : last] if isinstance(m, AIMessage)]
    if not asked or asked[-1].tool_calls or "?" not in _text(asked[-1]):
        return False
    return bool(_NO.fullmatch(_reply_words(_text(messages[last]))))


def _every_word_names(reply: str, column: str) -> bool:
    """Whether every word of a short reply names a word of `column` (by itself, an inflection, an
    abbreviation or a code: "cv events" for `CV_EVT_12M`), so that the reply is only the column."""
    from copilot.agents.columns import _FILLER, word_similarity

    words = [w for w in tokens(reply) if w not in _FILLER]
    return bool(words) and all(
        max(word_similarity(w, t) for t in tokens(column)) >= 0.8 for w in words
    )


#: A question that points back at something said before ("is tenure behind *that*?", "can you
#: test *his claim*?").
_BACK_TO_CLAIM = re.compile(
    r"\b(?:that|this|it|so|(?:the|his|her|their|that|this)\s+(?:claim|idea|theory|hunch|story|belief|"
    r"suspicion|link|relationship))\b(?!\s+(?:the|a|an)\b)",
    re.I,
)


def _with_claim_before(
    messages: list[BaseMessage],
    humans: list[int],
    inputs: dict[str, Any],
    tools: list[str],
) -> str | None:
    """ "my boss thinks overtime causes the errors" answered in words (no tool ran), then "can
    you check whether tenure is behind that?": the claim of the turn before is what "that" points
    to, not an older estimate. The two turns read as one question, asked without the session's
    earlier steps, when that reading plans a call (or asks which column a word of the claim
    means); else None."""
    if len(humans) < 2:
        return None
    last, prev = humans[-1], humans[-2]
    question = _text(messages[last])
    if len(question.split()) > 25 or not _BACK_TO_CLAIM.search(question):
        return None
    if any(isinstance(m, AIMessage) and m.tool_calls for m in messages[prev + 1 : last]):
        return None
    claim = _text(messages[prev]).strip()
    if not claim or claim.endswith("?"):
        return None  # a question answered in words is no claim "that" points to
    joined = f"{claim.rstrip(' .!;')}. {question}"
    token = _ANSWERS.set(None)
    try:
        steps = plan_steps(joined, inputs, [], tools)
    except Reply as r:
        # the claim named a column the table lacks ("the errors"): asked back as the claim's
        # own question is
        return joined if r.role is not None or r.unmatched else None
    finally:
        _ANSWERS.reset(token)
    return joined if steps else None


def _after_refusal(
    messages: list[BaseMessage], humans: list[int]
) -> tuple[str, list[Call], dict[str, str]] | None:
    """After the planner said a method or algorithm the question named is not available, a short
    reply that names one that is ("fine, use dml then") asks the earlier question with it: (the
    earlier question with the name replaced, its history, no answers); else None."""
    from copilot.agents import lexicon

    if len(humans) < 2:
        return None
    last, prev = humans[-1], humans[-2]
    said = [m for m in messages[prev + 1 : last] if isinstance(m, AIMessage)]
    if not said or any(m.tool_calls for m in said) or "of this installation" not in _text(said[-1]):
        return None
    reply = _reply_words(_text(messages[last]))
    if len(reply.split()) > 6:
        return None
    question = _text(messages[prev])
    for gone, there in (
        (lexicon.UNAVAILABLE_METHODS, lexicon.METHODS),
        (lexicon.UNAVAILABLE_ALGORITHMS, lexicon.ALGORITHMS),
        (lexicon.UNAVAILABLE_CI_TESTS, lexicon.CI_TESTS),
    ):
        new = next((m.group(0) for p in there if (m := re.search(p, reply, re.I))), None)
        old = next((m for p in gone if (m := re.search(p, question, re.I))), None)
        if new and old:
            replaced = question[: old.start()] + new + question[old.end() :]
            return replaced, calls_in(messages[:prev]), {}
    return None


def _answer_to_question_back(
    messages: list[BaseMessage], humans: list[int], inputs: dict[str, Any], tools: list[str]
) -> tuple[str, list[Call], dict[str, str]] | None:
    """When the planner's last message asked a question and the reply is short, the earlier
    question with the reply filled in: (question, its history, answers); else None."""
    if len(humans) < 2:
        return None
    last, prev = humans[-1], humans[-2]
    asked = [m for m in messages[prev + 1 : last] if isinstance(m, AIMessage)]
    if not asked or asked[-1].tool_calls or "?" not in _text(asked[-1]):
        return None
    reply = _reply_words(_text(messages[last]))
    question = _text(messages[prev])
    # (a question about a claim of the turn before it is asked with that claim)
    claimed = _with_claim_before(messages[: prev + 1], humans[:-1], inputs, tools)
    # "ok then the promo code instead, by district": the reply, with a split asked on top
    split = _REPLY_SPLIT.search(reply)
    if split and split.start() > 0:
        reply = reply[: split.start()]
        question = f"{question.rstrip(' ?.!')}, split by {split.group('by')}"
    reply = _REPLY_FILLER.sub("", reply).strip(" ,") or reply
    # "whether a claim was filed", "I mean if they filed a claim": the column said as a clause
    clause = re.sub(
        r"^(?:i\s+mean\s+)?(?:whether|if)\s+(?:(?:an?|the|they|it|he|she|we)\s+)?",
        "",
        reply,
        flags=re.I,
    )
    if clause != reply:
        reply = re.sub(
            r"\s+(?:was|is|were|are|got|gets|get|has\s+been|had\s+been|an?|the)\s+",
            " ",
            clause,
            flags=re.I,
        ).strip()
    # (articles and prepositions are no words of a name: "the training of the staff" is short)
    if not reply or len([w for w in reply.split() if w.lower() not in _REPLY_GLUE]) > 4:
        return None
    history = calls_in(messages[:prev])
    if claimed is not None:
        question, history = claimed, []
    found: dict[str, str] = {}
    for _ in range(4):  # a question may ask more than once (treatment, then outcome)
        token = _ANSWERS.set(dict(found))
        try:
            plan_steps(question, inputs, history, tools)
            return (question, history, found) if found else None
        except Reply as r:
            pending = r
        finally:
            _ANSWERS.reset(token)
        if pending.role is None and not (pending.unmatched and pending.phrase):
            return (question, history, found) if found else None
        key = f"column:{pending.phrase.lower()}" if pending.phrase else f"role:{pending.role}"
        if key in found:
            return (question, history, found) if found else None
        if pending.role in ("dataset", "model"):
            # ("the second", "the last one": the table by its place in the question back)
            pick = match_column(reply, pending.candidates).column or ordinal_pick(
                reply, pending.candidates, _text(asked[-1])
            )
            if not pick:
                return None
            found[pending.role] = pick
            continue
        if pending.role == "swap":
            # "Do you want the plain effect of Y on X?" -> "yes", "the plain one", "sure, go ahead"
            if not (
                _YES.fullmatch(reply)
                or re.fullmatch(r"(?:just\s+)?(?:the\s+)?plain(?:\s+(?:one|effect))?", reply, re.I)
            ):
                return None
            found[key] = pending.candidates[0]
            continue
        if _YES.fullmatch(reply) and len(pending.candidates) == 1:
            found[key] = pending.candidates[0]
            continue
        if pending.candidates or pending.unmatched:
            from copilot.agents.column_phrases import fold

            # "12 months" answers hba1c_base or hba1c_12m as "12m"
            pick = match_column(fold(reply, pending.candidates), pending.candidates)
            column = (
                pick.column
                or contrast_pick(reply, pending.candidates)
                or ordinal_pick(reply, pending.candidates, _text(asked[-1]))
            )
            if column is None and pending.unmatched:
                # after "no column matches 'health'", a reply that names one column of the
                # table ("mastitis") answers; anything else is a new question
                names = [
                    c["name"]
                    for d in (inputs.get("datasets") or {}).values()
                    for c in d.get("columns") or []
                    if c.get("kind") != "id"
                ]
                pick = match_column(fold(reply, names), names)
                column = (
                    pick.column
                    if pick.how in ("exact", "plural", "words", "subset")
                    or (pick.column and _every_word_names(fold(reply, names), pick.column))
                    else None
                )
            if column is None and pending.phrase:
                return None
            found[key] = column or reply
        else:
            found[key] = reply
        if pending.phrase == "":
            found[key] = reply
        return question, history, found
    return (question, history, found) if found else None


#: Reply words that pick one of two columns by what sets them apart rather than by a word of
#: the name ("total" for kwh_used_k against kwh_per_sqft, "baseline" for hba1c_base): the
#: reply's words -> the name words of the column meant, or, with a leading "!", of the others.
_CONTRASTS = (
    (
        {"total", "overall", "sum", "absolute", "whole", "aggregate", "raw"},
        "!per pct rate ratio share",
    ),
    (
        {
            "rate",
            "intensity",
            "normalised",
            "normalized",
            "relative",
            "ratio",
            "share",
            "percentage",
            "percent",
            "per",
        },
        "per pct rate ratio share",
    ),
    (
        {
            "baseline",
            "before",
            "start",
            "initial",
            "pre",
            "prior",
            "previous",
            "earlier",
            "past",
            "history",
        },
        "base baseline pre prior prev previous",
    ),
    (
        {
            "after",
            "later",
            "final",
            "end",
            "follow",
            "followup",
            "current",
            "now",
            "latest",
            "post",
            "outcome",
            "new",
        },
        "!base baseline pre prior prev previous",
    ),
)


#: A reply that picks a candidate by its place in the question back ("the second", "2nd one",
#: "the latter"): the ordinal word -> its index (-1 the last).
_ORDINALS = {
    "first": 0,
    "1st": 0,
    "former": 0,
    "second": 1,
    "2nd": 1,
    "third": 2,
    "3rd": 2,
    "last": -1,
    "latter": -1,
}
_ORDINAL_REPLY = re.compile(
    r"(?:the\s+)?(?P<o>" + "|".join(_ORDINALS) + r")(?:\s+(?:one|column|option|variable))?"
    r"(?:\s*,?\s*(?:please|pls|thanks?|thx))?",
    re.I,
)


def ordinal_pick(reply: str, candidates: Sequence[str], asked: str) -> str | None:
    """The candidate a reply names by its place ("the second") in the question back `asked`, the
    candidates in the order that question said them; None when the reply is no ordinal."""
    m = _ORDINAL_REPLY.fullmatch(reply.strip())
    if m is None or not candidates:
        return None
    where = {c: asked.find(c) for c in candidates}
    said = sorted(candidates, key=lambda c: where[c]) if -1 not in where.values() else candidates
    i = _ORDINALS[m.group("o").lower()]
    return said[i] if -len(said) <= i < len(said) else None


def contrast_pick(reply: str, candidates: Sequence[str]) -> str | None:
    """The one candidate a short reply picks by a contrast word (see `_CONTRASTS`), or None."""
    said = set(re.findall(r"[a-z]+", reply.lower()))
    for words, marks in _CONTRASTS:
        if not said & words:
            continue
        negate = marks.startswith("!")
        marked = set(marks.lstrip("!").split())
        fits = [c for c in candidates if bool(set(tokens(c)) & marked) != negate]
        if len(fits) == 1:
            return fits[0]
    return None


def _observables_retry(call: Call) -> dict[str, Any] | None:
    """After discovery found no path from treatment to outcome (confounding that cancels the
    effect hides the edge from any faithfulness-based search), estimate once more under the
    stated assumption that every other measured column is a confounder; the answer shows both."""
    message = str((call.error or {}).get("message", ""))
    args = dict(call.args)
    # a graph discovered earlier in the session (a call id, not a file) is a discovered graph too
    graph = str(args.get("graph") or "")
    discovered = bool(graph) and not re.search(r"\.(?:dot|gml|json)$", graph, re.I)
    if discovered:
        args.pop("graph")
    if (
        call.name != "estimate_effect"
        or "no directed path" not in message
        or not ("discovered graph" in message or discovered)
        or any(args.get(k) for k in ("graph", "common_causes", "adjust_for_all", "instrument"))
    ):
        return None
    return {**args, "adjust_for_all": True}


def _checks_retry(call: Call) -> dict[str, Any] | None:
    """An estimate without a graph whose discovered graph failed its own implication test is
    run again with the remedies that failure points to (a second step the user sees)."""
    res = call.result or {}
    # the verdict names the failed checks even when a long tool message cut the refutations
    failed = res.get("verdict") == "not robust" and "roles_graph" in str(
        res.get("verdict_reason", "")
    )
    if call.name != "estimate_effect" or not failed or call.args.get("act_on_checks"):
        return None
    return {**call.args, "act_on_checks": True}


# ---------------------------------------------------------------------------------------------
def plan_steps(
    question: str,
    inputs: dict[str, Any],
    history: list[Call],
    tools: list[str],
    done: Sequence[Call] = (),
) -> list[tuple[str, Args]]:
    """The whole plan for `question` as (tool, args) pairs; raises Reply to answer in words."""
    # "Before I tell HR that X drives Y, is that just Z?": the claim first, as every reading sees it
    question = claim_first(elided_predicate(plain_question(question, inputs)))
    token = _QUESTION.set(question)
    try:
        two = _two_planned(question, inputs, history, tools, done)
        return two if two is not None else _planned(question, inputs, history, tools, done)
    finally:
        _QUESTION.reset(token)


def _complete(step: tuple[str, Args]) -> bool:
    """Whether a planned call stands on its own: a description, a discovery, or an estimate
    with both its treatment and its outcome."""
    name, args = step
    if callable(args):
        return False
    if name == "estimate_effect":
        return bool(args.get("treatment") and args.get("outcome"))
    return name in ("describe", "discover")


def _two_planned(
    question: str,
    inputs: dict[str, Any],
    history: list[Call],
    tools: list[str],
    done: Sequence[Call] = (),
) -> list[tuple[str, Args]] | None:
    """The plans of a message that makes two requests ("check how complete the audit score is,
    and while you're at it, estimate the effect of training on violations"), one after the
    other, when each request plans on its own to a different call and the message read whole
    gives one of them (or none): no request is dropped. Otherwise the plan of the message read
    whole (its Reply raised), or None when the message does not split."""
    from copilot.agents.discourse import two_requests

    split = two_requests(question)
    if split is None or history:
        return None
    notes, said = _NOTES.get(), _READINGS.get()
    kept = (len(notes or []), len(said or []))

    def taken_back() -> None:
        del (notes or [])[kept[0] :], (said or [])[kept[1] :]

    whole_reply: Reply | None = None
    try:
        whole = _planned(question, inputs, history, tools, done)
    except Reply as r:
        whole, whole_reply = None, r
    # what reading the message whole said, given back when the split is declined
    whole_said = ((notes or [])[kept[0] :], (said or [])[kept[1] :])
    taken_back()

    def declined() -> list[tuple[str, Args]]:
        (notes or []).extend(whole_said[0])
        (said or []).extend(whole_said[1])
        if whole_reply is not None:
            raise whole_reply
        assert whole is not None
        return whole

    plans: list[list[tuple[str, Args]] | None] = []
    failed: list[tuple[str, Reply]] = []
    for part in split:
        try:
            plans.append(_planned(part, inputs, history, tools, done))
        except Reply as r:
            plans.append(None)
            failed.append((part, r))
    if failed:
        taken_back()
        if [part for part, _ in failed] == [split[1]]:
            # "..., and then tell me if it's confounded by Z": the second request read as a
            # follow-up to the first's estimate
            followed = _followed_up(plans[0], split[1], inputs, tools)
            if followed is not None:
                return followed
            taken_back()
        if len(failed) == 1 and whole is not None:
            _unplanned_request(failed[0], whole, [p for p in plans if p is not None][0], inputs)
        return declined()
    first, second = plans
    assert first is not None and second is not None
    if not (
        len(first) == 1
        and len(second) == 1
        and _complete(first[0])
        and _complete(second[0])
        and first[0] != second[0]
        and (whole is None or (len(whole) == 1 and whole[0] in (first[0], second[0])))
    ):
        taken_back()
        return declined()
    return [first[0], second[0]]


#: A word of a request that points back to what the request before it estimated ("..., and then
#: tell me if *it*'s confounded by Z", "... . Also, is *that effect* the same for ...").
_BACK = re.compile(
    r"\b(?:it|its|it's|that|this|both|the\s+(?:same\s+)?(?:effect|estimate|result|answer|"
    r"relationship|association|link|number|figure))\b",
    re.I,
)


def _followed_up(
    first: list[tuple[str, Args]] | None,
    part: str,
    inputs: dict[str, Any],
    tools: list[str],
) -> list[tuple[str, Args]] | None:
    """The plan of a second request that points back to the estimate the first request plans
    ("estimate the effect of X on Y, and then tell me if it's confounded by Z"), read as a
    follow-up to that estimate: the follow-up alone when it re-estimates the same pair with
    everything the first asked (a confounding check reports the plain effect too), else both
    estimates one after the other. None when the request does not point back or still does
    not plan."""
    if not first or len(first) != 1 or not _complete(first[0]) or not _BACK.search(part):
        return None
    name, args = first[0]
    if name != "estimate_effect" or callable(args):
        return None
    earlier = Call(name=name, args=dict(args), id="earlier", ok=True)
    try:
        second = _planned(part, inputs, [earlier], tools)
    except Reply:
        return None
    if len(second) != 1 or not _complete(second[0]) or second[0] == first[0]:
        return None
    name2, args2 = second[0]
    if name2 == name and all(args2.get(k) == v for k, v in args.items()):
        return [second[0]]
    return [first[0], second[0]]


def _unplanned_request(
    failed: tuple[str, Reply],
    whole: list[tuple[str, Args]],
    other: list[tuple[str, Args]],
    inputs: dict[str, Any],
) -> None:
    """When a message makes two requests and only one of them plans (the message read whole
    gives that one), the reply says the other was not run and what it needs ("... whether that's
    spurious - and while you're at it count the blanks": the count runs, the check is said to be
    left), when that request names a column the plan does not use."""
    part, why = failed
    ds = _dataset_in_play(inputs)
    if ds is None or len(whole) != 1 or len(other) != 1 or whole[0] != other[0]:
        return
    from copilot.agents.discourse import mentions

    args = whole[0][1]
    used = {v for v in (args.values() if isinstance(args, dict) else ()) if isinstance(v, str)}
    if not [c for c, _ in mentions(part, ds, ()) if c not in used]:
        return
    reading(
        f"Not run: the other request, {part.strip()!r} ({why.text.split('. ')[0].rstrip('.')}); "
        "ask it on its own."
    )


def _planned(
    question: str,
    inputs: dict[str, Any],
    history: list[Call],
    tools: list[str],
    done: Sequence[Call] = (),
) -> list[tuple[str, Args]]:
    instead = (
        re.match(
            r"^(?:(?:ok|okay|and|now|so|but|then)[,\s]+)*instead\s+of\s+(?:the\s+|a\s+)?"
            r"[\w'\-]+(?:\s+[\w'\-]+){0,3}?\s*,\s*(?P<rest>.+)$",
            question,
            re.I,
        )
        if history and not done
        else None
    )
    if instead:
        # "Instead of the training, I want to see if the chain restaurants have fewer
        # violations": what is replaced said first; a request that names its own treatment and
        # outcome after it stands on its own
        notes, readings = _NOTES.get() or [], _READINGS.get() or []
        kept = (len(notes), len(readings))
        try:
            steps = _planned(instead.group("rest"), inputs, [], tools, done)
        except Reply:
            steps = []
        if (
            len(steps) == 1
            and steps[0][0] == "estimate_effect"
            and not callable(steps[0][1])
            and steps[0][1].get("treatment")
            and steps[0][1].get("outcome")
        ):
            return steps
        del notes[kept[0] :], readings[kept[1] :]
    if history and not done:
        _answer_edge_question(question, inputs, history)
    around = _confounder_around(question, inputs)
    if around is not None:
        # "could Z explain why <claim>": the claim's pair, checked for confounding by Z (read
        # before the question alone, whose first clause names Z as if it were the cause)
        try:
            steps = _plan_steps(around[0][0], inputs, history, tools, done)
        except Reply:
            pass
        else:
            reading(around[1])
            return steps
    told = _story(question, inputs, history)
    if told is not None and told[3] == "asked":
        # a claim about one column, asked whether it holds, with nothing that says what
        # changed it: the question as said if it plans, else the story's question back
        # (once the treatment is answered, the story's question plans)
        try:
            return _plan_steps(question, inputs, history, tools, done)
        except Reply:
            return _plan_steps(told[0], inputs, history, tools, done)
    if told is not None:
        # an observation, then a short request about it: the sentences read together
        try:
            steps = _plan_steps(told[0], inputs, history, tools, done)
        except Reply:
            pass
        else:
            if _reads_story(steps, told) and not _asks_own_pair(question, inputs, history, told):
                reading(told[2])
                return steps
    notes, said = _NOTES.get(), _READINGS.get()
    kept = (len(notes or []), len(said or []))
    try:
        steps = _plan_steps(question, inputs, history, tools, done)
    except Reply as first:
        if not first.tie and fold_column_words(question, inputs) != fold_column_words(
            question, inputs, False
        ):
            # levels were folded into their column and the question no longer reads: the
            # question with its levels as said ("more effective in cold zones than in hot ones")
            try:
                return _plan_steps(question, inputs, history, tools, done, levels=False)
            except Reply:
                pass
        # the question alone could not be planned: try the readings of `discourse` in turn (a
        # request that points back to its context, a role phrase with one column inside, a
        # yes/no question said with verbs); the first answer stands when none plans
        if first.settled:
            # (a whole reading that lacks only a slot another sentence gives: read together)
            together = _together(question, inputs, history, tools, done)
            if together is not None:
                return together
            raise
        asks_back, asked = None, None
        for retry, says in _rereadings(question, inputs, first):
            if asks_back is not None and says.startswith(NORMAL_FORM):
                # a reading before asked which column is meant: no normal form guesses it
                break
            notes, readings = _NOTES.get(), _READINGS.get()
            kept = (len(notes or []), len(readings or []))
            again_asked = retry[0]
            if UNNAMED_GROUPS.search(question) and not UNNAMED_GROUPS.search(again_asked):
                # a reading of the effect keeps the question's "is it the same for everybody?"
                again_asked = again_asked.rstrip() + " Is it the same for everybody?"
            try:
                steps = _plan_steps(again_asked, inputs, history, tools, done)
            except Reply as again:
                del (notes or [])[kept[0] :], (readings or [])[kept[1] :]
                if again.answer and first.text.startswith(UNREAD):
                    # a question about a word or the assistant, read once its slips are put
                    # right ("what that number mean?"): answered in words
                    raise again from None
                if says == STATEMENT_ASKED:
                    asked = retry[0]
                if asks_back is None and again.role and first.text.startswith(UNREAD):
                    asks_back = again  # a reading that only lacks a role asks for it
                elif asks_back is None and again.tie and not first.tie and first.role:
                    # a reading with every role that asks which of two columns is meant asks
                    # better than one that asks for a role ("the calls ... on it")
                    asks_back = again
                continue
            reading(says.format(" and ".join(repr(c) for c in retry[1])))
            if retry[0] != question and not retry[1]:
                _context_options(question, inputs, steps)
            return steps
        together = _together(question, inputs, history, tools, done)
        if together is not None:
            return together
        if asked is not None:
            # the statement asked as a yes/no question, planned as any question is, its own
            # readings included (it has its auxiliary: it is not asked again), when no other
            # reading planned
            notes, readings = _NOTES.get(), _READINGS.get()
            kept = (len(notes or []), len(readings or []))
            try:
                steps = plan_steps(asked, inputs, history, tools, done)
            except Reply as again:
                del (notes or [])[kept[0] :], (readings or [])[kept[1] :]
                if asks_back is None and again.role and first.text.startswith(UNREAD):
                    asks_back = again  # it only lacks a role: it asks for it
            else:
                reading(STATEMENT_ASKED)
                return steps
        if asks_back is not None:
            raise asks_back from None
        raise
    fuller = _fuller_reading(question, inputs, history, tools, done, steps)
    if fuller is not None:
        # what the first reading noted is not what was planned
        del (notes or [])[kept[0] : fuller[1][0]], (said or [])[kept[1] : fuller[1][1]]
        return fuller[0]
    return _with_rival_of_both(question, inputs, steps)


def _with_rival_of_both(
    question: str, inputs: dict[str, Any], steps: list[tuple[str, Args]]
) -> list[tuple[str, Args]]:
    """`steps` with the column a sentence of its own says drives both ends ("Is the link
    between satisfaction and attrition spurious? I suspect overtime drives both.") as the
    common cause of an effect or a confounding check that names none: never left out."""
    from copilot.agents import discourse

    ds = _dataset_in_play(inputs)
    if ds is None or len(steps) != 1 or steps[0][0] != "estimate_effect":
        return steps
    args = steps[0][1]
    if callable(args) or not (args.get("treatment") and args.get("outcome")):
        return steps
    if any(args.get(k) for k in ("common_causes", "what_if", "by", "mediator", "instrument")):
        return steps
    z = discourse.rival_of_both(question, ds, [args["treatment"], args["outcome"]])
    if z is None:
        return steps
    reading(f"Read {z!r}, said to drive both, as the common cause to adjust for.")
    return [("estimate_effect", {**args, "common_causes": [z]})]


def _dataset_in_play(inputs: dict[str, Any]) -> dict[str, Any] | None:
    """The one dataset a question is about: the only one loaded, or the one marked current;
    None when that is not a single dataset."""
    datasets = list((inputs.get("datasets") or {}).values())
    pool = datasets if len(datasets) == 1 else [d for d in datasets if d.get("current")]
    return pool[0] if len(pool) == 1 else None


def _extends(
    fuller: list[tuple[str, Args]], steps: list[tuple[str, Args]], question: str, names: list[str]
) -> bool:
    """Whether the plan `fuller` is the plan `steps` with more of the question used: one call of
    the same tool and analysis whose every argument is kept, and at least one argument more (a
    slot, not another focus), each column it adds said in `question` by every word of its name
    but short units and codes (a column found only by a looser match of a reshaped phrase is no
    more of the question)."""
    if len(fuller) != 1 or len(steps) != 1 or fuller[0][0] != steps[0][0]:
        return False
    more, args = fuller[0][1], steps[0][1]
    if callable(more) or callable(args):
        return False

    def grown(old: Any, new: Any) -> bool:  # a list of columns with more in it
        return isinstance(old, list) and isinstance(new, list) and set(old) < set(new)

    if not all(k in more and (more[k] == v or grown(v, more[k])) for k, v in args.items()):
        return False
    if len(more) <= len(args) and not any(grown(v, more[k]) for k, v in args.items()):
        return False
    if {"focus", "what_if"} & (set(more) - set(args)):
        return False  # another analysis (a confounding check, a scenario), not more of this one
    said = {w.lower()[:4] for w in re.findall(r"[A-Za-z]+", question)}
    for key in set(more) - set(args) | {k for k, v in args.items() if grown(v, more[k])}:
        value = more[key]
        if grown(args.get(key), value):
            value = [c for c in value if c not in args[key]]
        for col in value if isinstance(value, list) else [value]:
            # (units and codes of three letters or fewer may go unsaid: "mite load" for
            # mite_load_pct)
            words = [t for t in tokens(col) if len(t) > 3] or tokens(col)
            if col in names and not all(t[:4] in said for t in words):
                return False
    return True


def _fuller_reading(
    question: str,
    inputs: dict[str, Any],
    history: list[Call],
    tools: list[str],
    done: Sequence[Call],
    steps: list[tuple[str, Args]],
) -> tuple[list[tuple[str, Args]], tuple[int, int]] | None:
    """The plan of one of the normal forms of a question that read as said (see
    `copilot.agents.normal_forms`) when that reading keeps every argument of the first and uses
    more of the question's own words ("it matter which estimator I use for X on Y?": read as
    said, an effect that leaves "which estimator" unused; as "does it matter which estimator
    ...", the comparison of estimators it asks for), with where the notes and readings of the
    first reading end; None when none does. A normal form only reshapes the grammar around the
    question's words, so what it adds was said."""
    ds = _dataset_in_play(inputs)
    if ds is None or len(steps) != 1:
        return None
    if re.search(r"[.!?;:]\s+\S", question.strip()):
        # several sentences: what the first reading left out of a context sentence ("Members
        # get a coach through their plan. What is ...?") is context, not a slot, unless a
        # sentence says it is a control by a pointer ("The plan matters too; include it.")
        return _pointed_controls(question, inputs, history, tools, done, steps, ds) or (
            _context_scenario(question, inputs, history, tools, done, steps, ds)
        )
    from copilot.agents.normal_forms import readings

    words = {w for c in cols(ds) for w in tokens(c)}
    names = variables(ds)
    for form in readings(question, words, names):
        if form == question:
            continue
        tried = _tried(
            form, inputs, history, tools, done, lambda f: _extends(f, steps, question, names)
        )
        if tried is not None:
            reading(NORMAL_FORM + repr(form))
            return tried
    return None


def _tried(
    form: str,
    inputs: dict[str, Any],
    history: list[Call],
    tools: list[str],
    done: Sequence[Call],
    keeps: Callable[[list[tuple[str, Args]]], bool],
) -> tuple[list[tuple[str, Args]], tuple[int, int]] | None:
    """The plan of `form`, another reading of a question, with where the notes and readings
    made before it end, when `keeps` accepts that plan; None otherwise, and then the notes and
    readings the attempt left are taken back."""
    notes, said = _NOTES.get(), _READINGS.get()
    first = (len(notes or []), len(said or []))
    try:
        fuller = _plan_steps(form, inputs, history, tools, done)
    except Reply:
        fuller = []
    if keeps(fuller):
        return fuller, first
    del (notes or [])[first[0] :], (said or [])[first[1] :]
    return None


def _pointed_controls(
    question: str,
    inputs: dict[str, Any],
    history: list[Call],
    tools: list[str],
    done: Sequence[Call],
    steps: list[tuple[str, Args]],
    ds: dict[str, Any],
) -> tuple[list[tuple[str, Args]], tuple[int, int]] | None:
    """The plan of a message of several sentences with its controls said by a pointer to the
    column of their own sentence read as such (see `discourse.pointed_controls`), when it keeps
    every argument of the first reading and adds those controls; None otherwise."""
    from copilot.agents import discourse

    form = discourse.pointed_controls(question, ds)
    if form is None:
        return None
    names = variables(ds)
    tried = _tried(
        form, inputs, history, tools, done, lambda f: _extends(f, steps, question, names)
    )
    if tried is not None:
        reading(f"Read the control said by a pointer as in {form!r}.")
    return tried


def _context_scenario(
    question: str,
    inputs: dict[str, Any],
    history: list[Call],
    tools: list[str],
    done: Sequence[Call],
    steps: list[tuple[str, Args]],
    ds: dict[str, Any],
) -> tuple[list[tuple[str, Args]], tuple[int, int]] | None:
    """The scenario of a sentence before the request ("We are thinking of running every line at
    140. What would that do to units per day?") when the first reading estimated the same
    effect without it: the what-if of that scenario (see `discourse._scenario_pointer`); None
    otherwise. A scenario said is never dropped for a plain effect."""
    from copilot.agents import discourse
    from copilot.agents.phrasing import _sentences

    args = steps[0][1]
    if steps[0][0] != "estimate_effect" or callable(args) or args.get("what_if"):
        return None
    found = discourse._scenario_pointer(_sentences(question.strip()), ds)
    if found is None:
        return None

    def same_effect_with_scenario(fuller: list[tuple[str, Args]]) -> bool:
        more = fuller[0][1] if len(fuller) == 1 and fuller[0][0] == "estimate_effect" else None
        return (
            isinstance(more, dict)
            and bool(more.get("what_if"))
            and all(more.get(k) == args.get(k) for k in ("treatment", "outcome"))
        )

    tried = _tried(found[0], inputs, history, tools, done, same_effect_with_scenario)
    if tried is not None:
        reading(f"Read the scenario of the sentences before the request as in {found[0]!r}.")
    return tried


def _phrase_with_period(
    question: str, phrase: str, ds: dict[str, Any]
) -> tuple[str, list[str]] | None:
    """The question with a role phrase that named no column, and the period said right after
    it ("the number of units each line turns out per day"), replaced by the one column the
    whole names (`units_per_day`); None otherwise."""
    m = re.search(
        re.escape(phrase)
        + r"(\s+(?:per|a|an|each|every)\s+(?:day|night|week|month|year|hour|shift|visit|call))\b",
        question,
        re.I,
    )
    if m is None:
        return None
    hit = match_column(phrase + m.group(1), cols(ds))
    kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    if hit.column is None or hit.ambiguous or kinds.get(hit.column) == "id":
        return None
    return question[: m.start()] + hit.column + question[m.end() :], [hit.column]


def _context_options(question: str, inputs: dict[str, Any], steps: list[tuple[str, Args]]) -> None:
    """Options said in the sentences around a request read on its own ("be strict, an alpha of
    0.01, ... Could you draw it with PC?"): the significance level, test and bootstrap of a
    discovery, the estimator and resamples of an estimate, when the request itself sets none."""
    if len(steps) != 1:
        return
    name, args = steps[0]
    words = {w for d in (inputs.get("datasets") or {}).values() for c in cols(d) for w in tokens(c)}
    try:
        whole = parse_question(fold_column_words(question, inputs), protected=words)
    except Exception:  # noqa: BLE001 - a reading of the context only adds; it never fails a plan
        return
    said: list[tuple[str, Any]] = []
    if name == "discover":
        if whole.alpha is not None and 0 < whole.alpha < 1:
            said.append(("alpha", whole.alpha))
        if whole.ci_test and args.get("algorithm", "auto") in ("auto", "pc", "fci", "cdnod"):
            said.append(("ci_test", whole.ci_test))
        if whole.bootstrap is not None and whole.bootstrap > 0:
            said.append(("bootstrap", whole.bootstrap))
    elif name == "estimate_effect":
        if whole.method and args.get("method", "auto") == "auto":
            said.append(("method", whole.method))
        if whole.bootstrap is not None and whole.bootstrap >= 10:
            said.append(("n_boot", whole.bootstrap))
    for key, value in said:
        if key not in args or (key == "method" and args.get(key) == "auto"):
            args[key] = value
            reading(f"Kept {key} = {value} from the sentences before the request.")


def plain_question(question: str, inputs: dict[str, Any]) -> str:
    """`question` as every reading sees it: its wrapping made plain (`surface.plain`) and its
    misspelt analysis words corrected, never in column words, table names, quotes or files."""
    from copilot.agents import head_notation, model_words

    datasets = (inputs.get("datasets") or {}).values()
    words = {w for d in datasets for c in cols(d) for w in tokens(c)}
    names = {w for d in datasets for w in tokens(str(d.get("id", "")))}
    model = head_notation.loaded_model(inputs, question) if inputs.get("models") else None
    if datasets:
        # "the regional heads want ...": people, unless a model is in play
        question = people_heads(question, bool(inputs.get("models")))
    if inputs.get("models"):
        # "blocks.1.attn.hook_z, head 3", "the last layer's second head": heads said plainly
        # (before the typo fixes, which must not see hook names, and again after them, which
        # make "the last lyaer" a layer); everyday words for its parts and experiments first
        # ("which part of the AI copies text?")
        question = head_notation.plain(model_words.plain(question), model)
    # "reg y x z, robust", "teffects ipw (y) (t z)": a command written as the planner's formula
    # (after the wrapping is made plain: "um, teffects ...")
    plain = notation.as_formula(
        surface.plain(question, words), [c for d in datasets for c in cols(d)]
    )
    from copilot.agents import normal_forms
    from copilot.agents.learner_english import mended

    if "~" not in plain and not re.search(r"(?:\bwith\b|\bw/)[^.;:?]*\+", plain, flags=re.I):
        # "kids + single parent", "0.5 + 2", "inner & outer": "+" and "&" said for "and"
        # between words or amounts ("R&D" keeps its name; a formula's terms, and names joined
        # after "with", stay)
        plain = surface.outside_verbatim(
            plain, lambda text: re.sub(r"(?<=[\w)])\s+[+&]\s+(?=[\w(])", " and ", text)
        )
    question = surface.outside_verbatim(
        plain,
        # "fifteen percent", "twenty-five more": amounts in words read as digits; the grammar of
        # other languages mended before column words are read ("one session more per week" is
        # one more session, not the column sessionsPerWeek)
        lambda text: spelt_numbers.digits(
            mended(
                # ("does it depends on ...": a verb after its auxiliary bare, before any reading)
                # (and the preposition a governing word takes: "depends from", "responsible of")
                normal_forms.paths(
                    normal_forms.governed(
                        normal_forms.agreement(correct_typos(text, words | names), words)
                    )
                ),
                [c for d in datasets for c in cols(d)],
                [
                    c["name"]
                    for d in datasets
                    for c in d.get("columns") or []
                    if c.get("kind") == "binary"
                ],
            )
        ),
    )
    # (again after the typo fixes, which make "the bottom laer" and "wihch components" plain)
    return (
        head_notation.plain(model_words.plain(question), model)
        if inputs.get("models")
        else question
    )


def _together(
    question: str,
    inputs: dict[str, Any],
    history: list[Call],
    tools: list[str],
    done: Sequence[Call],
) -> list[tuple[str, Args]] | None:
    """The plan of the sentences of a message that ask and give slots, read together (the
    background, what was tried before and asides in passing left out); None when that reading
    is the message or does not plan."""
    together = _assembled(question, inputs)
    if together is None:
        return None
    notes, readings = _NOTES.get(), _READINGS.get()
    kept = (len(notes or []), len(readings or []))
    try:
        steps = _planned(together, inputs, history, tools, done)
    except Reply:
        del (notes or [])[kept[0] :], (readings or [])[kept[1] :]
        return None
    reading(f"Read the message as {together!r}; the other sentences are context.")
    return steps


def _assembled(question: str, inputs: dict[str, Any]) -> str | None:
    """The sentences of a message that ask and give slots, read together (see
    `discourse.assembled`), when one dataset is in play."""
    from copilot.agents import discourse

    ds = _dataset_in_play(inputs)
    return None if ds is None else discourse.assembled(question, ds)


def _confounder_around(question: str, inputs: dict[str, Any]) -> tuple[Any, str] | None:
    """A confounder said around a claim (see `discourse.confounder_around`) when one dataset is
    in play: the rewritten question and how the reply says it."""
    from copilot.agents import discourse

    ds = _dataset_in_play(inputs)
    if ds is None:
        return None
    found = discourse.confounder_around(fold_column_words(question, inputs), ds)
    if not found:
        return None
    a, b, z = found[1]
    return (
        found,
        f"Read the question as whether the effect of {a!r} on {b!r} is confounded by {z!r}.",
    )


def _story(question: str, inputs: dict[str, Any], history: list[Call]) -> Any:
    """A question told as a story (see `story.story_reading`) when one dataset is in play and
    the question starts a topic (a follow-up's pointers are the session's, not the story's)."""
    from copilot.agents import story

    ds = _dataset_in_play(inputs)
    if ds is None or history:
        return None
    return story.story_reading(fold_column_words(question, inputs), ds)


def _asks_own_pair(question: str, inputs: dict[str, Any], history: list[Call], told: Any) -> bool:
    """Whether the question names its own treatment and outcome, one of them fitting two columns
    that the story's reading does not use ("Newer buildings have better insulation and use less
    energy. Is the insulation-energy relationship confounded?" with two energy columns): then
    which column is meant is asked, not the story's pair estimated instead."""
    intent = parse_question(question, has_history=bool(history))
    if intent.kind != "effect" or not (intent.treatment and intent.outcome):
        return False
    pool = list((inputs.get("datasets") or {}).values())
    if len(pool) != 1:
        return False
    names = [c["name"] for c in pool[0].get("columns") or [] if c.get("kind") != "id"]
    said = [match_column(p, names) for p in (intent.treatment, intent.outcome)]
    for m, other in ((said[0], said[1]), (said[1], said[0])):
        if m.ambiguous and other.column and not set(m.candidates) & set(told[1]):
            return True
    return False


def _reads_story(steps: list[tuple[str, Args]], told: Any) -> bool:
    """Whether the plan of a story's reading uses the columns the reading named, in its roles
    (a conditional reading must give a what-if)."""
    if len(steps) != 1:
        return False
    name, args = steps[0]
    cols, check = told[1], told[3]
    if check == "target":
        return name == "discover" and args.get("target") == cols[0]
    if name != "estimate_effect":
        return False
    if check == "what_if":
        return args.get("focus") == "what_if" and args.get("treatment") == cols[0]
    if check == "pair":  # the request's own verbs say the direction
        return {args.get("treatment"), args.get("outcome")} == set(cols)
    return args.get("treatment") == cols[0] and args.get("outcome") == cols[1]


#: How the reply says a normal form of a question it read (see `copilot.agents.normal_forms`).
NORMAL_FORM = "Read the question as: "
#: How the reply says a statement it read as a yes/no question about it.
STATEMENT_ASKED = "Read the statement as a yes/no question about it."
#: How the reply to a question with no analysis read in it begins.
UNREAD = "I could not tell what analysis this question asks for. "


def _rereadings(question: str, inputs: dict[str, Any], failed: Reply) -> Any:
    """Other readings of a question that could not be planned, with how the reply says them,
    when one dataset is in play (see `copilot.agents.discourse`)."""
    from copilot.agents import discourse

    ds = _dataset_in_play(inputs)
    if ds is None:
        return
    folded = fold_column_words(question, inputs)
    found = discourse.carried(folded, ds)
    if found:
        yield found, "Read the request's pointer as {}, named in the sentences before it."
    if failed.phrase and not failed.tie:
        # a phrase of the context sentences read as a role: the request alone
        found = discourse.request_alone(folded, failed.phrase)
        if found:
            yield found, "Read the request on its own; the other sentences are context."
    if failed.phrase and failed.role in ("treatment", "outcome", None):
        found = discourse.inner_column(folded, failed.phrase, ds)
        if found:
            yield found, f"Read {failed.phrase!r} as {{}}, the column a word of it names."
    if failed.text.startswith(UNREAD):
        found = discourse.method_pair(normalise(folded), ds)
        if found:
            yield found, "Read the request as the effect of the first of {} on the second."
        # (normalising keeps only the request sentence; the options may be the other one)
        found = discourse.option_pair(folded, ds) or discourse.option_pair(normalise(folded), ds)
        if found:
            yield found, "Read the request as the effect of the first of {} on the second."
        found = discourse.which_group_question(normalise(folded), ds)
        if found:
            yield found, "Read the question as the effect of the first of {} on the second."
    if failed.text.startswith(UNREAD) or failed.phrase or failed.role in ("treatment", "outcome"):
        # "stores with the app vs stores without it: the weekly revenue" (a phrase that named
        # no column)
        found = discourse.compared_groups(folded, ds)
        if found:
            yield (
                found,
                "Read the comparison of groups as the effect of the first of {} on the second.",
            )
    if failed.phrase and failed.role in (
        "treatment",
        "outcome",
        "variable whose causes are asked",
        None,
    ):
        found = discourse.unit_column(folded, failed.phrase, ds)
        if found:
            yield found, f"Read {failed.phrase!r} as {{}}, the column measured in the unit said."
        found = discourse.duration_column(folded, failed.phrase, ds)
        if found:
            yield found, f"Read {failed.phrase!r} as {{}}, the table's one duration column."
        found = _phrase_with_period(folded, failed.phrase, ds)
        if found:
            yield found, f"Read {failed.phrase!r} with the period said after it as {{}}."
    if failed.text.startswith(UNREAD) or (
        failed.role in ("treatment", "outcome") and not failed.tie
    ):
        # "the effect of the tutor in the final score": "in" said for "on", as other languages
        # say it, when the words after it name a column
        from copilot.agents.learner_english import effect_on_reading

        found = effect_on_reading(normalise(folded), ds)
        if found:
            yield (
                found,
                "Read the request as the effect of the first of {} on the second ('in' as 'on').",
            )
    if failed.text.startswith(UNREAD) or (
        not failed.phrase and failed.role in ("treatment", "outcome") and not failed.tie
    ):
        # not read at all, or a role left unnamed: a yes/no question said with verbs
        found = discourse.two_column_question(normalise(folded), ds)
        if found and not _splits_by(folded, ds, found[1]):
            yield found, "Read the question as the effect of the first of {} on the second."
    if failed.text.startswith(UNREAD) or (
        failed.role in ("treatment", "outcome") and not failed.tie
    ):
        # "people with a cosigner default less?": a yes/no question said in the order of a
        # statement, its "do" left out
        from copilot.agents.learner_english import with_auxiliary

        asked = with_auxiliary(question)
        words = {w for c in cols(ds) for w in tokens(c)}
        if asked and any(w.lower() not in words for w in re.findall(r"[A-Za-z]+", question)):
            # (a verb said besides the column words: "glaze thickness cracked pieces" is none)
            yield (asked, []), STATEMENT_ASKED
    if not failed.phrase and failed.role in ("treatment", "outcome") and not failed.tie:
        # a role not named at all because the cause and the outcome were stacked before the
        # effect noun ("the X's Y impact"): both said, in that order
        from copilot.agents.normal_forms import stacked

        names = variables(ds)
        form = stacked(question, names)
        if form != question:
            yield (form, []), NORMAL_FORM + repr(form).replace("{", "{{").replace("}", "}}")
    if (
        failed.text.startswith(UNREAD)
        or (failed.role and not failed.tie and not failed.candidates)
        or (failed.unmatched and not failed.candidates)
    ):
        # learners' slips and hurried typing put right by whole classes (articles, the
        # prepositions after a head word, the verb's agreement, the order of a question, a
        # terse question's analysis word and columns): each normal form names only the
        # question's own words
        from copilot.agents.normal_forms import readings

        words = {w for c in cols(ds) for w in tokens(c)}
        names = variables(ds)
        for form in readings(question, words, names):
            yield (form, []), NORMAL_FORM + repr(form).replace("{", "{{").replace("}", "}}")
    alone = _request_alone(question)
    if alone:
        # "OK. The managers will ask whether it's the same everywhere, because ... Could you
        # please split that result by location?": the context misread, the request read alone
        yield (alone, []), "Read the last request on its own; the sentences before are context."


#: A request to the assistant: "could you", "can you", "I'd like you to", "we need you to".
_REQUEST = re.compile(
    r"^(?:ok(?:ay)?,?\s+|so,?\s+|now,?\s+|then,?\s+)?(?:(?:could|can|would|will)\s+you\b|please\b|"
    r"(?:i'?d|i\s+would|we'?d|we\s+would)\s+like\s+you\s+to\b|(?:i|we)\s+need\s+you\s+to\b|"
    r"(?:i|we)\s+want\s+you\s+to\b)",
    re.I,
)


def _request_alone(question: str) -> str | None:
    """The last sentence of a question of several when it is a request to the assistant, with
    the last clause of the sentence before when it points back to it ("... and asked for
    weighting instead. Can you redo it that way?"); None otherwise."""
    parts = [p for p in re.split(r"(?<=[.!?])\s+", question.strip()) if p.strip()]
    if len(parts) < 2 or not _REQUEST.search(parts[-1]):
        return None
    last = parts[-1]
    if re.search(r"\b(?:that\s+way|like\s+that|the\s+same\s+way|this\s+way)\b", last, re.I):
        before = re.split(r",\s+|;\s+|\s+(?:and|but|so)\s+", parts[-2].strip())[-1]
        last = f"{before[0].upper()}{before[1:]} {last}"
    return last


def _splits_by(question: str, ds: dict[str, Any], columns: Sequence[str]) -> bool:
    """Whether the question splits an effect by one of `columns` ("does X work differently for
    each position?"): that column is the subgroups, no treatment or outcome."""
    by = parse_question(question).by
    names = variables(ds)
    return bool(by) and match_column(by, names).column in columns


def level_contrast_reading(question: str, inputs: dict[str, Any], protected: set[str]) -> str:
    """`question` as "what is the effect of <column> on Y, compared with <level>?" when it
    compares two levels of one text column on an outcome ("is email better than a call for
    spend?", "what happens to spend if we switch everyone from email to call?"), read before
    two levels are folded into their column as subgroups; otherwise `question` as it was."""
    from copilot.agents.intents import clean
    from copilot.agents.levels import level_contrast

    datasets = list((inputs.get("datasets") or {}).values())
    if len(datasets) != 1:
        return question
    plain = normalise(correct_typos(clean(question), protected))
    last = re.split(r"[.;!?]\s+", plain.strip())[-1].strip()
    names = cols(datasets[0])
    for alt in (level_contrast(plain, datasets[0]), level_contrast(last, datasets[0])):
        if alt is None:
            continue
        # the reading stands only when its outcome is one column ("for the discount's effect
        # on spend" is a subgroup question about another effect, not an outcome)
        said = re.search(r" on (?P<y>.+), compared with ", alt)
        if said is None or re.search(r"\b(?:effects?|impacts?)\b", said["y"], re.I):
            continue
        y = match_column(_as_said(said["y"]), names)
        if y.column and not y.ambiguous:
            return alt
    return question


def comparison_reading(question: str, inputs: dict[str, Any], protected: set[str]) -> str:
    """`question` as "does X affect Y?" when it compares groups in everyday words ("do
    borrowers who earn more miss fewer payments?", see `copilot.agents.group_comparison`) and
    that reading names two different columns of the one table in play, each without a tie;
    otherwise `question` as it was, for the other readings."""
    from copilot.agents import group_comparison
    from copilot.agents.intents import clean

    datasets = list((inputs.get("datasets") or {}).values())
    if len(datasets) != 1:
        return question
    from copilot.agents.levels import level_subject

    plain = normalise(correct_typos(clean(question), protected))
    plain = level_subject(plain, datasets[0])  # "do Holsteins ...": Holstein ones
    # ("I have a table about attrition. do people who ..."): the last sentence asks
    last = re.split(r"[.;!?]\s+", plain.strip())[-1].strip()
    readings = [*group_comparison.effect_readings(plain)]
    readings += [r for r in group_comparison.effect_readings(last) if r not in readings]
    readings += [r for r in (group_comparison.other_comparison(t) for t in (plain, last)) if r]
    names = cols(datasets[0])
    for alt in readings:
        it = parse_question(alt, protected=protected)
        if it.kind != "effect" or not it.treatment or not it.outcome or it.by or it.mediator:
            continue
        t, y = match_column(it.treatment, names), match_column(_as_said(it.outcome), names)
        if t.column is None and not t.ambiguous:
            t = _level_group(it.treatment, datasets[0], ()) or t  # "do Holsteins ...": breed
        if t.column is None and not t.ambiguous:
            t = _how_often(it.treatment, datasets[0], ()) or t  # "ridden 200 times a day"
        if t.column and y.column and t.column != y.column:
            return alt
    return question


#: Verbs that knock heads out ("ablate them", "knock them out", "zero those").
_KNOCK_OUT = re.compile(
    r"\b(?:ablat\w*|knock\w*\s+(?:them|those|these|it)\s+out|knock\w*\s+out|zero\w*(?:\s+out)?|"
    r"remov\w*|disabl\w*|kill\w*|lesion\w*|silenc\w*|switch\w*\s+(?:(?:them|those|these|it)\s+)?off|"
    r"turn\w*\s+(?:(?:them|those|these|it)\s+)?off|shut\w*\s+(?:off|down))\b",
    re.I,
)
#: The pronouns that point to the heads of the last model experiment.
_HEAD_PRONOUN = re.compile(r"\b(?:them|they|those|these)\b(?!\s+(?:heads?|layers?)\b)", re.I)


#: A head picked from the ranking the session's head scores gave ("the top one", "the second
#: head") or the scored head other than the one just knocked out ("the other head").
_HEAD_PICK = re.compile(
    r"\bthe\s+(?:(?P<o>first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|top|best|highest|"
    r"strongest|last)|(?P<other>other))\s+(?:one|head)\b",
    re.I,
)


def _scored_heads(history: list[Call]) -> list[str]:
    """The heads of the last successful head scores, best first, as "layer.head"."""
    call = next((c for c in reversed(history) if c.name == "head_scores" and c.ok), None)
    focus = (call.result or {}).get("focus") if call is not None else None
    top = focus.get("top") if isinstance(focus, dict) else None
    return [
        f"{t['layer']}.{t['head']}"
        for t in top or []
        if isinstance(t, dict)
        and isinstance(t.get("layer"), int)
        and isinstance(t.get("head"), int)
    ]


def _picked_head(question: str, history: list[Call]) -> str:
    """`question` with "the top one" or "the other head" said as the head it points to."""
    m = _HEAD_PICK.search(question)
    scored = _scored_heads(history)
    if not m or not scored:
        return question
    if m.group("other"):
        done = {str(h) for h in (history[-1].args.get("heads") or [])}
        left = [h for h in scored if h not in done]
        if history[-1].name != "head_ablation" or not done or not left:
            return question
        head = left[0]
    else:
        word = m.group("o").lower()
        at = -1 if word == "last" else _PLACES.get(word, 0)
        if not -len(scored) <= at < len(scored):
            return question
        head = scored[at]
    reading(f"Read {m.group(0)!r} as head {head}, from the heads scored before.")
    return question[: m.start()] + f"head {head}" + question[m.end() :]


def heads_pointed(question: str, history: list[Call]) -> str:
    """`question` with the pronouns that point to the heads the last model experiment scored
    said as "those heads" ("which of them matter if you knock them out?" after head scores),
    when it asks to knock something out and names no heads itself; a single head picked from
    the scores ("knock out the top one", "ablate the other head") is said by its number."""
    last = history[-1] if history else None
    if (
        last is None
        or last.name not in ("head_scores", "head_ablation")
        or re.search(r"\bheads?\s+\d", question, re.I)
        or not _KNOCK_OUT.search(question)
    ):
        return question
    picked = _picked_head(question, history)
    if picked != question or re.search(r"\bheads?\b", question, re.I):
        return picked
    return _HEAD_PRONOUN.sub("those heads", question)


#: "adjust for it", "control for them", "correct for those": the columns a confounding check
#: found, pointed back to.
_ADJUST_POINTER = re.compile(
    r"\b(?:adjust\w*|control\w*|correct\w*|account\w*)\s+for\s+(?:it|them|that|those|this|these|"
    r"the\s+confounders?|that\s+confounder|those\s+confounders)\b",
    re.I,
)


def _confounders_found(history: list[Call]) -> list[str]:
    """The columns the confounding check just before adjusted for."""
    last = history[-1] if history else None
    if last is None or last.name != "estimate_effect" or not last.ok:
        return []
    if last.args.get("focus") != "confounding":
        return []
    res = last.result or {}
    found = res.get("confounders") or res.get("adjustment_set") or []
    return [str(c) for c in found if isinstance(c, str)]


def confounders_pointed(question: str, history: list[Call]) -> str:
    """`question` with a pronoun after "adjust for" said as the columns the confounding check
    just before found ("is X-Y confounded?" then "so adjust for it and give me the number")."""
    m = _ADJUST_POINTER.search(question)
    found = _confounders_found(history)
    if not m or not found:
        return question
    reading(f"Read {m.group(0)!r} as adjusting for {', '.join(found)}, the confounders found.")
    return "same but control for " + " and ".join(found)


#: A column offered as the mediator of the estimate before ("would X be a better middle
#: step?", "try X as the mediator").
_AS_MEDIATOR = re.compile(
    r"(?P<x>[\w' -]+?)\s+(?:would\s+|might\s+|could\s+)?(?:be|as|works?\s+as)\s+(?:a|the)\s+"
    r"(?:better\s+|more\s+likely\s+)?(?:mediator|middle\s+step|intermediate(?:\s+(?:step|variable))?|"
    r"go-between|pathway|channel)\b",
    re.I,
)


def mediator_offered(question: str, inputs: dict[str, Any], history: list[Call]) -> str:
    """`question` as "same but through X" when, after a mediation, it offers a column as the
    mediator ("I wonder if quiz attempts would be a better middle step?")."""
    last = history[-1] if history else None
    if last is None or last.name != "estimate_effect" or not last.args.get("mediator"):
        return question
    ds = (inputs.get("datasets") or {}).get(last.args.get("dataset"))
    m = _AS_MEDIATOR.search(question)
    if ds is None or not m:
        return question
    words = m.group("x").split()
    for k in range(min(4, len(words)), 0, -1):
        col = match_column(" ".join(words[-k:]), cols(ds)).column
        if col and col not in (last.args.get("treatment"), last.args.get("outcome")):
            reading(f"Read {m.group(0).strip()!r} as {col!r} for the mediator.")
            return f"same but through {col}"
    return question


#: A bare correction of the word a failed step could not use ("I meant X", "sorry, X").
_MEANT = re.compile(
    r"(?:(?:oh\s+|sorry\s*,?\s+|no\s*,?\s+|oops\s*,?\s+)?i\s+meant?|sorry\s*,?|i\s+mean)\s+"
    r"(?:the\s+)?(?P<word>[\w ]+?)(?:\s+(?:column|one|variable))?[.!]*",
    re.I,
)


def corrected_failure(
    question: str, inputs: dict[str, Any], history: list[Call]
) -> tuple[str, dict[str, Any]] | None:
    """The failed last step again with the word its error named replaced by the column the
    correction names ("what drives churn?" failing on 'churn', then "I meant cancelled")."""
    last = history[-1] if history else None
    m = _MEANT.fullmatch(question.strip())
    if last is None or last.ok is not False or not m:
        return None
    ds = (inputs.get("datasets") or {}).get(last.args.get("dataset"))
    message = str((last.error or {}).get("message") or "")
    if ds is None or not message:
        return None
    wrong = [
        k
        for k, v in last.args.items()
        if k != "dataset" and isinstance(v, str) and re.search(rf"\b{re.escape(v)}\b", message)
    ]
    col = match_column(m.group("word"), cols(ds)).column
    if len(wrong) != 1 or col is None:
        return None
    reading(f"Read the correction as {col!r} in place of {last.args[wrong[0]]!r}.")
    return last.name, {**last.args, wrong[0]: col}


def _plan_steps(
    question: str,
    inputs: dict[str, Any],
    history: list[Call],
    tools: list[str],
    done: Sequence[Call] = (),
    levels: bool = True,
) -> list[tuple[str, Args]]:
    words = {w for d in (inputs.get("datasets") or {}).values() for c in cols(d) for w in tokens(c)}
    question = level_contrast_reading(question, inputs, words)
    question = fold_column_words(question, inputs, levels)
    question = comparison_reading(question, inputs, words)
    question = heads_pointed(question, history)
    question = confounders_pointed(question, history)
    question = mediator_offered(question, inputs, history)
    if fixed := corrected_failure(question, inputs, history):
        return [fixed]
    intent = parse_question(question, has_history=bool(history), protected=words)
    if intent.kind == "effect" and intent.treatment and not (intent.outcome or intent.by):
        # "which is the effect of sleep in the hrv?" after a discovery: "in" said for "on" (as
        # other languages say it) names the outcome when its words name a column, before the
        # outcome is taken from the session
        from copilot.agents.learner_english import effect_on_reading

        pool = list((inputs.get("datasets") or {}).values())
        found = effect_on_reading(normalise(question), pool[0]) if len(pool) == 1 else None
        if found:
            question = found[0]
            intent = parse_question(question, has_history=bool(history), protected=words)
            reading(
                "Read the request as the effect of {} on {} ('in' as 'on').".format(
                    *(repr(c) for c in found[1])
                )
            )
    kind = intent.kind
    last = history[-1] if history else None
    if (
        last is not None
        and last.name in (*PROBE_TOOLS, "logit_lens", "path_patching")
        and kind
        not in (
            *("probe_again", "why", "thanks", "capability", "out_of_scope", "concept"),
            "model_info",
            # a model experiment asked in full ("show the gate statistics") stands on its own
            *("heads", "ablate", "scores", "steer", "probe", "patch", "path", "lens"),
        )
        and (kind == "unknown" or not inputs.get("datasets"))
        and (again := probe_followup(question)) is not None
    ):
        # "same for 1.2 and 1.3", "again at layer 0": the model experiment just run, changed
        intent, kind = again, "probe_again"
    if inputs.get("models") or re.search(
        r"\b(?:models?|checkpoints?|ckpts?|weights|heads?|steer\w*|ablat\w*|prob(?:e|es|ing)|patch\w*)\b",
        question,
        re.I,
    ):
        # "load ~/ckpts/qwen3-0.6b and ...": a model the question names by a path it cannot load
        # (read before the request, whose verbs a typo may hide: "load /models/gpt2 and seer it")
        _model_to_load(question, inputs)
    if (
        kind not in ("heads", "ablate", "scores", "steer", "probe", "patch", "path", "lens")
        and last is not None
        and last.name in (*PROBE_TOOLS, "logit_lens", "path_patching")
        and len(inputs.get("models") or {}) > 1
        and len(question.split()) <= 8
    ):
        # "same on tiny gated": the last model experiment on another loaded model
        from copilot.agents.head_notation import model_named

        other = [
            m["id"]
            for m in (inputs.get("models") or {}).values()
            if model_named(question, m) and m["id"] != last.args.get("model")
        ]
        if len(other) == 1:
            return [(last.name, {**last.args, "model": other[0]})]
    for text in intent.unused:
        note(text)
    if kind == "effect":
        from copilot.agents.lexicon import unavailable_options

        # "with caliper 0.2", "BCa intervals": options the estimate does not have are said
        for text in unavailable_options(question):
            if text not in intent.unused:
                note(text)
    if kind == "why":
        raise Reply(explain(history), answer=True)
    if kind == "thanks":
        raise Reply("You're welcome. Ask me anything else about the loaded data or models.")
    if kind == "concept":  # "what is a confounder?": the word explained, with a question to ask
        from copilot.agents.lexicon import CONCEPTS

        # ("the difference between a mediator and a confounder": both explained)
        concepts = (intent.concept or "").split("\n")
        raise Reply(
            " ".join([*(CONCEPTS[c] for c in concepts), *_concept_here(concepts, history)]),
            answer=True,
        )
    if kind == "model_info":  # "how many heads per layer?": the loaded model's numbers
        raise Reply(model_summary(question, inputs), answer=True)
    if kind == "capability":  # "do you support time series?" asks about the assistant
        raise Reply(capability_answer(intent.concept or "", inputs), answer=True)
    # "plot the energy use over time" asks for a chart, not a time-series graph
    ts = None if kind == "out_of_scope" else _timeseries_steps(question, inputs, tools, intent)
    if ts is not None:
        return ts
    if kind == "unknown" and _GROUP_COUNT.search(question):
        # "how many students are on mobile vs tablet?": how a column's levels split is in the
        # description (level words were folded into the column's name above)
        from copilot.agents.levels import columns_of_level_words

        named = [
            d
            for d in (inputs.get("datasets") or {}).values()
            if columns_of_level_words(question, d)
            or {c["name"] for c in d.get("columns") or [] if c.get("kind") == "categorical"}
            & set(mentioned_columns(question, cols(d)))
        ]
        if len(named) == 1 and "describe" in tools:
            return [("describe", {"dataset": named[0]["id"]})]
    if kind in ("help", "unknown"):
        lead = "" if kind == "help" else UNREAD
        seen = [
            c
            for d in (inputs.get("datasets") or {}).values()
            for c in mentioned_columns(question, cols(d))
        ]
        if kind == "unknown":
            # a method, algorithm or test the question names that this installation lacks is
            # said plainly, not left behind the general list
            lead += _unavailable_named(question)
        if kind == "unknown" and len(seen) >= 2:
            lead += (
                f"I recognised the columns {', '.join(seen[:4])}; to estimate an effect ask e.g. "
                f"'what is the effect of {seen[0]} on {seen[1]}?'. "
            )
        raise Reply(lead + capabilities(inputs) + " " + EXAMPLES)
    if kind == "out_of_scope":
        raise Reply(
            f"I cannot do that here ({intent.concept.strip()!r} is outside what I do: I analyse "
            "data and models, I do not edit files, send messages, forecast or draw charts). "
            + capabilities(inputs)
        )
    if kind == "capability":
        raise Reply(capability_answer(intent.concept or "", inputs), answer=True)
    if kind == "unknown_score":
        from copilot.agents.lexicon import SCORES

        raise Reply(
            f"There is no {intent.concept!r} head score. The scores I can compute: "
            + ", ".join(dict.fromkeys(SCORES.values()))
            + "."
        )
    if kind == "probe_again":
        return [probe_again(intent, history, tools, inputs)]
    if kind == "describe":
        need(tools, "describe", "describe a dataset")
        ds = pick_datasets(question, inputs)
        if intent.followup is False and not ds:
            raise Reply("No dataset is loaded.")
        extra = {"focus": "missing"} if intent.missing else {}
        return [("describe", {"dataset": d["id"], **extra}) for d in ds]
    if (
        kind == "discover"
        and intent.followup
        and intent.bootstrap is not None
        and not (intent.algorithm or intent.alpha is not None or intent.ci_test)
        and history
        and history[-1].name == "estimate_effect"
    ):
        # "again with 500 bootstrap draws" after an estimate: the estimate's own bootstrap
        kind = intent.kind = "effect"
    lagged = history[-1] if history and history[-1].name == "discover" else None
    if (
        kind == "effect"
        and intent.followup
        and lagged is not None
        and lagged.args.get("time_col")
        and (intent.outcome or intent.other)
        and not (intent.treatment or intent.focus or intent.mediator or intent.by)
        and lagged.args.get("dataset") in (inputs.get("datasets") or {})
    ):
        # "and just for solar?" after a lagged graph: the same discovery about another series
        ds = inputs["datasets"][lagged.args["dataset"]]
        target = column(intent.outcome or intent.other or "", ds, "target")
        return [("discover", {**lagged.args, "target": target})]
    if kind in ("discover", "causes"):
        need(tools, "discover", "discover a causal graph")
        return [("discover", discover_args(intent, question, inputs, history))]
    if kind == "effect":
        need(tools, "estimate_effect", "estimate causal effects")
        return [("estimate_effect", effect_args(intent, question, inputs, history))]
    return probe_steps(intent, question, inputs, history, tools, done)


#: A question about how many units fall in each group ("how are customers split between ...").
_GROUP_COUNT = re.compile(
    r"^\s*(?:so\s+|and\s+)?(?:how\s+(?:many|are|is)\b|what\s+(?:share|proportion|fraction|"
    r"percentage|percent|number|mix)\b|how\s+much\s+of\b|(?:what(?:'s|\s+is)\s+)?(?:the\s+)?"
    r"(?:breakdown|split|distribution|mix)\b)",
    re.I,
)


def _timeseries_steps(
    question: str, inputs: dict[str, Any], tools: list[str], intent: Intent | None = None
) -> list[tuple[str, Args]] | None:
    """Time-series questions (lagged graphs, Granger, PCMCI): see `copilot.agents.timeseries`.
    The options the question also names are passed on (alpha) or said not to apply (a CI
    test, bootstrap, background knowledge: the time-series methods have none of them)."""
    from copilot.agents.timeseries import is_timeseries_question, timeseries_plan

    if is_timeseries_question(question) is None:
        return None
    plan = timeseries_plan(question, pick_datasets(question, inputs, many=False), match_column)
    if isinstance(plan, str):
        raise Reply(plan)
    if plan is None:
        return None
    need(tools, "discover", "discover a causal graph")
    if intent is not None:
        tool, args = plan
        if intent.alpha is not None and 0 < intent.alpha < 1:
            args["alpha"] = intent.alpha
        for what, asked in (
            (f"the {intent.ci_test} test", intent.ci_test not in (None, "fisherz")),
            ("bootstrap", intent.bootstrap is not None),
            ("required or forbidden edges", bool(intent.required or intent.forbidden)),
            ("tiers", bool(intent.tiers)),
        ):
            if asked:
                note(
                    f"{what}: not used by time-series discovery (partial-correlation tests on lags)"
                )
    return [plan]


EXAMPLES = (
    'For example: "describe the data", "any missing values?", "what causes sales?", "what is '
    'the effect of price on sales?", "regress sales on price and region", "sales ~ price + '
    'region", "how much of X\'s effect on Y goes through M?", "does the effect differ by '
    'region?", "is the relationship between X and Y confounded?", "what if we double X?", '
    '"compare matching and weighting", "which heads matter for induction?".'
)


def _names(table: dict[str, str]) -> str:
    return ", ".join(dict.fromkeys(table.values()))


def _unavailable_named(question: str) -> str:
    """Sentences saying that the methods, algorithms or tests `question` names are not in this
    installation ("" when it names none)."""
    from copilot.agents import lexicon

    out = []
    for table, what, there in (
        (lexicon.UNAVAILABLE_METHODS, "an estimation method", lexicon.METHODS),
        (lexicon.UNAVAILABLE_ALGORITHMS, "a discovery algorithm", lexicon.ALGORITHMS),
        (lexicon.UNAVAILABLE_CI_TESTS, "an independence test", lexicon.CI_TESTS),
    ):
        for pat, name in table.items():
            if re.search(rf"\b(?:{pat})\b" if not pat.startswith(r"\b") else pat, question, re.I):
                out.append(
                    f"{name[0].upper()}{name[1:]} is not {what} of this installation "
                    f"(available: {_names(there)}). "
                )
                break
    return "".join(out)


#: Analyses named in capability questions: pattern -> (what it is, how to ask for it). The
#: first `_MODEL_ANALYSES` name things of models and hardware whose words estimation methods
#: share ("logit"), so they are read before the method names.
_MODEL_ANALYSES = 3
ANALYSES = (
    (
        r"(?:direct\s+)?logit\s+(?:attribution|lens)|\bdla\b|unembedding",
        "the logit lens, with each head's direct contribution to the answer's logit",
        "logit lens on the copy task",
    ),
    (
        r"gpus?|cuda|graphics\s+cards?|accelerators?",
        "CUDA is used when present (the device is picked automatically); everything also runs "
        "on CPU, and the demo model trains in minutes there",
        "which heads matter for induction?",
    ),
    (
        r"cpus?|laptops?|macs?",
        "everything runs on CPU; CUDA is used when present",
        "which heads matter for induction?",
    ),
    (
        r"heterogen\w*|subgroups?|cates?|per\s+group|segments?",
        "effects per subgroup",
        "does the effect of X on Y differ by Z?",
    ),
    (
        r"mediat\w*|indirect|direct\s+effects?",
        "mediation (direct and indirect effects)",
        "how much of X's effect on Y goes through M?",
    ),
    (
        r"instrument\w*|\biv\b|2sls",
        "instrumental variables",
        "effect of X on Y using Z as an instrument",
    ),
    (
        r"confound\w*",
        "a confounding check (naive vs adjusted)",
        "is the relationship between X and Y confounded?",
    ),
    (
        r"what[\s-]*ifs?|scenarios?|counterfactual\w*|simulat\w*",
        "what-if scenarios",
        "what if we double X?",
    ),
    (
        r"discover\w*|graphs?|dags?|structure|causal\s+(?:model|network)",
        "causal discovery",
        "learn the causal graph",
    ),
    (
        r"time[\s-]*series|lag\w*|granger|pcmci",
        "time-series discovery (PCMCI, VAR-LiNGAM, Granger)",
        "run PCMCI with max lag 3",
    ),
    (r"effects?|ate|treatment\s+effects?", "effect estimation", "what is the effect of X on Y?"),
    (
        r"hugging\s*face|huggingface|hf|gpt[\s-]*2|llama|qwen\w*|mistral|pythia|gemma|checkpoints?|"
        r"(?:other|own|my|bigger|larger|real|pretrained|pre-trained|local)\s+(?:\w+\s+)?models?",
        "besides the demo model, local checkpoints: this project's format and Qwen3 (with its "
        "gated variants) natively, and Llama, Qwen2, Qwen3-Next, Qwen3.5 and GPT-2 from Hugging "
        "Face directories through transformers (the hf extra); pass one with --model PATH "
        "(CLI), model=... (Python) or /model PATH (terminal UI)",
        "which heads of this model do induction?",
    ),
    (
        r"ablat\w*|heads?|attention",
        "head ablation and head scores",
        "which heads matter for induction?",
    ),
    (r"patch\w*", "activation and path patching", "activation patching on the recall task"),
    (
        r"steer\w*",
        "steering with two prompt sets",
        "steer toward pos.jsonl and away from neg.jsonl at layer 1",
    ),
    (r"prob(?:e|es|ing)", "linear probes", "probe layers 0 and 1 with labels.jsonl"),
    (r"missing|nas?|nulls?", "missing-value counts", "any missing values?"),
)


def capability_answer(concept: str, inputs: dict[str, Any]) -> str:
    """The answer to "which methods do you support?" or "can you run X?", in words."""
    from copilot.agents import lexicon

    lists = {
        "tests": "Independence tests for discovery (PC, FCI, CD-NOD): "
        + _names(lexicon.CI_TESTS)
        + ". Ask e.g. 'run PC with the kci test'.",
        "methods": "Estimation methods: "
        + _names(lexicon.METHODS)
        + " (auto picks one); not available: "
        + _names(lexicon.UNAVAILABLE_METHODS)
        + ". Ask e.g. 'effect of X on Y using matching' or 'compare matching and weighting'.",
        "algorithms": "Discovery algorithms: "
        + _names(lexicon.ALGORITHMS)
        + "; for time series pcmci, varlingam, granger. Ask e.g. 'run GES'.",
        "scores": "Head scores: " + _names(lexicon.SCORES) + ". Ask e.g. 'which heads are sinks?'.",
    }
    lists["metrics"] = (
        "Metrics of ablation, patching and the lens: "
        + _names(lexicon.METRICS)
        + " (default: the behaviour's own); head scores: "
        + _names(lexicon.SCORES)
        + ". Ask e.g. 'ablate head 1.2 on copy, metric accuracy'."
    )
    lists["behaviours"] = (
        "Built-in behaviours: "
        + _names(lexicon.BEHAVIOURS)
        + " (the demo model is trained on them), or a JSONL file of your own prompts. Ask e.g. "
        "'which heads matter for recall?'."
    )
    lists["own models"] = (
        "Load a model when you start: --model PATH (CLI), model=... (Python) or /model PATH "
        "(terminal UI). Besides the demo model, local checkpoints load: this project's format "
        "and Qwen3 (with its gated variants) natively, and Llama, Qwen2, Qwen3-Next, Qwen3.5 and "
        "GPT-2 from Hugging Face directories through transformers (the hf extra)."
    )
    lists["load data"] = (
        "Load a table when you start: --data PATH (CLI, repeatable), data=... (Python) or /load "
        "PATH (terminal UI); CSV, TSV, Parquet and JSON lines are read. Then ask e.g. 'describe "
        "the data'."
    )
    if concept in lists:
        return lists[concept]
    if concept.startswith("how:"):  # "how do I measure whether a head matters?"
        for pat, what, example in ANALYSES:
            if re.search(rf"\b(?:{pat})\b", concept[4:]):
                return f"With {what}: ask e.g. '{example}'."
        return capabilities(inputs) + " " + EXAMPLES
    if concept == "analyses":
        return capabilities(inputs) + " " + EXAMPLES
    for pat, name in lexicon.UNAVAILABLE_PROBING.items():
        if re.search(pat, concept):
            return (
                f"No, not {name}: the model experiments of this installation are "
                f"{lexicon.PROBING_AVAILABLE}."
            )
    for pat, what, example in ANALYSES[:_MODEL_ANALYSES]:
        # model words first: "logit attribution" is the lens, not a logit model (GLM)
        if re.search(rf"\b(?:{pat})\b", concept):
            return f"Yes: {what}. Ask e.g. '{example}'."
    for table, what in (
        (lexicon.UNAVAILABLE_METHODS, ("an estimation method", lexicon.METHODS)),
        (lexicon.UNAVAILABLE_ALGORITHMS, ("a discovery algorithm", lexicon.ALGORITHMS)),
        (lexicon.UNAVAILABLE_CI_TESTS, ("an independence test", lexicon.CI_TESTS)),
    ):
        for pat, name in table.items():
            if re.search(rf"\b(?:{pat})\b" if not pat.startswith(r"\b") else pat, concept):
                return (
                    f"No: {name} is not {what[0]} of this installation (available: "
                    f"{_names(what[1])})."
                )
    for table, what in (
        (lexicon.METHODS, "estimation method"),
        (lexicon.ALGORITHMS, "discovery algorithm"),
        (lexicon.CI_TESTS, "independence test"),
        (lexicon.SCORES, "head score"),
    ):
        for pat, name in table.items():
            if re.search(rf"\b(?:{pat})\b" if not pat.startswith(r"\b") else pat, concept):
                return f"Yes: {name} is a {what} here. " + lists.get(
                    {
                        "estimation method": "methods",
                        "discovery algorithm": "algorithms",
                        "independence test": "tests",
                        "head score": "scores",
                    }[what],
                    "",
                )
    for pat, what, example in ANALYSES:
        if re.search(rf"\b(?:{pat})\b", concept):
            return f"Yes: {what}. Ask e.g. '{example}'."
    return f"I cannot do {concept!r} here. " + capabilities(inputs) + " " + EXAMPLES


def need(tools: list[str], name: str, what: str) -> None:
    if name not in tools:
        have = ", ".join(tools) or "none"
        raise Reply(
            f"I cannot {what} yet: the {name} tool is not available in this installation "
            f"(available tools: {have})."
        )


# datasets and columns -------------------------------------------------------------------------
def pick_datasets(
    question: str, inputs: dict[str, Any], phrases: Sequence[str] = (), many: bool = True
) -> list[dict[str, Any]]:
    datasets = list((inputs.get("datasets") or {}).values())
    if not datasets:
        raise Reply(
            "No dataset is loaded. Pass one with --data PATH (CLI), data=... (Python) or "
            "/load PATH (UI), then ask again."
        )
    if len(datasets) == 1:
        return datasets
    chosen = (_ANSWERS.get() or {}).get("dataset")
    if chosen:
        return [d for d in datasets if d["id"] == chosen] or datasets[:1]
    qn = " " + " ".join(re.findall(r"[\w.\-]+", question.lower())) + " "
    named = [
        d
        for d in datasets
        if f" {d['id'].lower()} " in qn
        or f" {str(d.get('name', '')).lower()} " in qn
        or (d.get("source") and f" {str(d['source']).lower().split('/')[-1]} " in qn)
    ]
    if named:
        return named if many else named[:1]
    current = [d for d in datasets if d.get("current")]
    if len(current) == 1:
        return current
    if phrases:
        fits = [d for d in datasets if all(match_column(p, cols(d)).column for p in phrases)]
        if len(fits) == 1:
            return fits
    if many:
        return datasets
    raise Reply(
        "Which dataset do you mean: " + ", ".join(repr(d["id"]) for d in datasets) + "?",
        role="dataset",
        candidates=[d["id"] for d in datasets],
    )


def fold_column_words(question: str, inputs: dict[str, Any], levels: bool = True) -> str:
    """The question with spelled-out words of the loaded tables' column names folded into the
    names' own abbreviations ("quality of life" -> qol for `qol_score`); ids are left out."""
    from copilot.agents.column_phrases import fold
    from copilot.agents.event_phrases import fold_events
    from copilot.agents.levels import fold_levels

    names = [
        c["name"]
        for d in (inputs.get("datasets") or {}).values()
        for c in d.get("columns") or []
        if c.get("kind") != "id"
    ]
    # "headway minus 2": the sign of an amount, not a word of a name ("min" of headway_min)
    question = re.sub(r"(?<=[A-Za-z])\s+(plus|minus)\s+(?=\d)", _sign, question)
    for d in (inputs.get("datasets") or {}).values() if levels else ():
        question = fold_levels(question, d)  # "on mobile vs laptop" -> "by device"
    for d in (inputs.get("datasets") or {}).values():
        # "drives customers away" -> churned: an event said by what people do
        said = question
        question = fold_events(question, [c for c in cols(d) if c in names])
        if levels and question != said:
            # "get forwards back quicker than goalkeepers": levels the event's reading names
            question = fold_levels(question, d)
    # an algorithm's or a test's name is no spelled-out column word ("CD-NOD" is not credit_usd)
    from copilot.agents.lexicon import ALGORITHMS, CI_TESTS

    kept: list[str] = []
    question = re.sub(
        r"\b(?:" + "|".join(p for p in (*ALGORITHMS, *CI_TESTS) if len(p) > 6) + r")\b",
        lambda m: kept.append(m.group(0)) or f"\x00{len(kept) - 1}\x00",
        question,
        flags=re.I,
    )
    # nor is an amount of time with its direction ("six months longer" is not `quit_6m`)
    from copilot.agents.columns import TIME_CHANGE

    # (a time point, "HbA1c at 12 months more at site C", is said with "at")
    question = TIME_CHANGE.sub(
        lambda m: (
            kept.append(m.group(0)) or f"\x00{len(kept) - 1}\x00"
            if (m.group("d1") or m.group("d2"))
            and not re.search(r"\b(?:at|by|after|within|over)\s+$", m.string[: m.start()], re.I)
            # (nor a rate or a measure whose unit the name spells: "3 more hours per week")
            and not re.match(r"\s+(?:per|a|an|each|every)\b", m.string[m.end() :], re.I)
            else m.group(0)
        ),
        question,
    )
    folded = fold(question, list(dict.fromkeys(names)))
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], folded)


def _sign(m: re.Match[str]) -> str:
    return " +" if m.group(1).lower() == "plus" else " -"


def cols(ds: dict[str, Any]) -> list[str]:
    return [c["name"] for c in ds.get("columns") or []]


def row_ids(ds: dict[str, Any]) -> list[str]:
    """The columns that identify rows (`kind` id): never a variable of an analysis."""
    return [c["name"] for c in ds.get("columns") or [] if c.get("kind") == "id"]


def variables(ds: dict[str, Any]) -> list[str]:
    """The columns of `ds` in order, its row identifiers left out."""
    return [c["name"] for c in ds.get("columns") or [] if c.get("kind") != "id"]


#: Words that name "the treatment" without naming a column ("compare treated and untreated").
GENERIC_TREATMENT = re.compile(
    r"(?:the\s+)?(?:treated|treatment(?:\s+group)?|exposed|intervention|programm?e?|"
    r"treated\s+group|those\s+treated|the\s+treated)",
    re.I,
)


def _customer_spending(
    phrase: str, found: str, ds: dict[str, Any], exclude: Sequence[str]
) -> ColumnMatch | None:
    """Spending as an outcome ("does the loyalty app raise spending?") is what customers spend,
    not what the firm spends on advertising (`AdSpend`): the match among the other columns when
    the phrase says spending without a word of the firm's own spending; None otherwise."""
    from copilot.agents.columns import _FIRM_SPENDING

    words = set(tokens(phrase.lower()))
    spend = {"spend", "spends", "spending", "spent", "expenditure"}
    said = set(tokens(found))
    if not words & spend or words & _FIRM_SPENDING or not said & _FIRM_SPENDING:
        return None
    firm = [c for c in cols(ds) if set(tokens(c)) & _FIRM_SPENDING]
    other = _match(phrase, ds, [*exclude, *firm])
    return other if other.column or other.ambiguous else None


def column(phrase: str, ds: dict[str, Any], role: str, exclude: Sequence[str] = ()) -> str:
    """The column a phrase names; asks when two fit equally, explains when none does."""
    answers = _ANSWERS.get() or {}
    chosen = answers.get(f"column:{phrase.lower()}")
    if chosen and chosen in cols(ds):
        return chosen
    if chosen:
        phrase = chosen
    m = _match(_as_said(phrase), ds, exclude)
    if (
        role == "outcome"
        and m.column
        and (other := _customer_spending(phrase, m.column, ds, exclude))
    ):
        m = other
    left_out: dict[str, str] = {}
    for note_ in ds.get("notes") or []:
        if note_.startswith("encoded categorical column"):
            continue  # (how a kept column is coded: "the member's plan" is no column left out)
        for name in re.findall(r"column '([^']+)'", note_):
            left_out.setdefault(name, note_)
    if m.how not in ("exact", "plural") and left_out:
        # the user named a column the data layer left out: say so rather than pick a neighbour
        gone = match_column(phrase, list(left_out), exclude=exclude)
        if gone.column and gone.how in ("exact", "plural"):
            raise Reply(
                f"Column {gone.column!r} cannot be the {role}: the data layer left it out "
                f"({left_out[gone.column]})."
            )
    if m.column:
        if word := _said_as_opposite(phrase, m.column):
            # "weight loss" matched by the words of `weight_gain_kg`: said, never silently
            reading(
                f"Read {phrase!r} as {m.column!r}, which records the opposite of {word!r}: an "
                "effect on one is the effect on the other with its sign reversed."
            )
        return m.column
    if m.ambiguous and role in ("outcome", "mediator") and not any(map(_trait, exclude)):
        # "hba1c" as an outcome between hba1c_base and hba1c_12m: a baseline measurement is taken
        # before any treatment, so it cannot be what the treatment changes or goes through (unless said)
        # (a trait the rows bring with them, smoking or age, is before both: then it asks)
        later = [
            c
            for c in m.candidates
            if not set(tokens(c)) & BASELINE_WORDS or set(tokens(phrase)) & BASELINE_WORDS
        ]
        if len(later) == 1:
            reading(
                f"Read {phrase!r} as {later[0]!r}: the other candidates are baseline "
                "measurements, taken before the treatment."
            )
            return later[0]
        if 1 < len(later) < len(m.candidates):
            # (and when several later ones fit, only they are offered)
            m = replace(m, candidates=later)
    if m.ambiguous and m.how == "vague":
        # "more work": a noun two kinds of measure fit (employed, hours worked); no cue of count,
        # unit or duration settles which one is meant
        pass
    elif m.ambiguous and (counted := _counted(phrase, m.candidates)):
        # "telematics make fewer claims": a count of claims, not what they cost nor the
        # claims made before
        reading(f"Read {phrase!r} as {counted!r}: counted, not an amount of money or a duration.")
        return counted
    elif m.ambiguous and (timed := _said_as_a_duration(phrase, m.candidates)):
        return timed
    elif m.ambiguous and (rate := _said_per(phrase, m.candidates)):
        return rate
    elif m.ambiguous and (measured := _said_in_unit(phrase, m.candidates)):
        return measured
    elif m.ambiguous and (share := _said_as_share(phrase, m.candidates)):
        return share
    elif m.ambiguous and (said := _named_elsewhere(phrase, m.candidates, ds, exclude)):
        # "Customers with a higher excess file fewer claims ... Is the excess/claims association
        # confounded?": the claim named which of the claims columns it means
        reading(f"Read {phrase!r} as {said!r}, the column the question names elsewhere.")
        return said
    loose = m.ambiguous and m.how in ("similar", "synonym") and role in _OPPOSABLE_ROLES
    if loose and (opposite := _opposite_column(phrase, ds, exclude)) and len(opposite[1]) == 1:
        # "what makes employees stay?": a word only loosely like several columns (a length of
        # stay) but the opposite of one column (`Attrition`): read as that one's opposite
        return _read_as_opposite(phrase, *opposite)
    if m.ambiguous:
        opts = " or ".join(repr(c) for c in m.candidates[:4])
        raise Reply(
            f"Which column do you mean by {phrase!r} (the {role}): {opts}?",
            role=role,
            phrase=phrase,
            candidates=m.candidates[:4],
            tie=True,
        )
    if role == "treatment" and GENERIC_TREATMENT.fullmatch(phrase.strip()):
        binary = [
            c["name"]
            for c in ds.get("columns") or []
            if c.get("kind") == "binary" and c["name"] not in exclude
        ]
        if len(binary) == 1:
            return binary[0]
        if binary:
            opts = " or ".join(repr(c) for c in binary[:5])
            raise Reply(
                f"Which column says who was treated: {opts}?",
                role=role,
                phrase=phrase,
                candidates=binary[:5],
            )
    # a column the data layer left out (constant, empty, an id, text) is named with the reason
    if left_out and not names_entity(phrase, cols(ds)):
        gone = match_column(phrase, list(left_out), exclude=exclude)
        # only a name the phrase says in full ("the store manager's age" is not store_id; "the
        # cows" are the rows of a table keyed by cow_id, no variable)
        if gone.column and gone.how in ("exact", "plural", "words", "subset"):
            raise Reply(
                f"Column {gone.column!r} cannot be the {role}: the data layer left it out "
                f"({left_out[gone.column]}).",
                phrase=phrase,
            )
    if role in _OPPOSABLE_ROLES and (opposite := _opposite_column(phrase, ds, exclude)):
        word, found = opposite
        if len(found) > 1:
            opts = " or ".join(repr(c) for c in found[:4])
            raise Reply(
                f"No column of dataset {ds['id']!r} matches {phrase!r} (the {role}); "
                f"{word!r} is the opposite of {opts}. Which of them do you mean (read as its "
                "opposite)?",
                role=role,
                phrase=phrase,
                candidates=found[:4],
                tie=True,
            )
        return _read_as_opposite(phrase, word, found)
    raise no_column(phrase, ds, role, exclude)


def _read_as_opposite(phrase: str, word: str, found: list[str]) -> str:
    """The one column `found` that records the opposite of `word`, said so in the reply."""
    reading(
        f"Read {phrase!r} as the opposite of {found[0]!r} (no column records {word!r} "
        f"itself): what raises {phrase!r} lowers {found[0]!r}, so an effect on it is the "
        "effect shown with its sign reversed."
    )
    return found[0]


#: Roles a variable may be named in by its opposite ("churn" for `renewed_subscription`).
_OPPOSABLE_ROLES = frozenset({"outcome", "variable whose causes are asked"})
#: How strict a match of the opposite word must be (a typo-distance match is too loose).
_OPPOSITE_HOWS = frozenset(
    {"exact", "plural", "words", "subset", "head", "abbreviation", "synonym", "units"}
)


def _answer_edge_question(question: str, inputs: dict[str, Any], history: list[Call]) -> None:
    """Raises the answer in words to a question about one edge of the last discovered graph
    ("the graph is saying X causes Y?", "what does the arrow from X to Y mean?"); returns when
    the question is no such question or the session has no graph."""
    from copilot.agents.edge_questions import edge_answer, edge_asked

    said = edge_asked(question)
    last = last_call(history, "discover")
    if said is None or last is None or "edges" not in (last.result or {}):
        return
    ds = (inputs.get("datasets") or {}).get(last.args.get("dataset"))
    if ds is None:
        return
    ends: list[str] = []
    for phrase in said[:2]:
        m = _match(_as_said(phrase), ds, ends)
        if m.column:
            ends.append(m.column)
        elif (opposite := _opposite_column(phrase, ds, ends)) and len(opposite[1]) == 1:
            reading(f"Read {phrase!r} as the opposite of {opposite[1][0]!r}.")
            ends.append(opposite[1][0])
        else:
            return
    raise Reply(" ".join([*(_READINGS.get() or []), edge_answer(*ends, last.result, *said[2:])]))


def _said_as_opposite(phrase: str, column: str) -> str | None:
    """The word of `phrase` whose opposite (in the lexicon's antonym pairs) a word of `column`
    says while no word of the column says the word's own side ("loss" for `weight_gain_kg`)."""
    from copilot.agents.lexicon import ANTONYMS

    named = set(tokens(column.lower()))
    for w in tokens(phrase.lower()):
        for one, other in ANTONYMS:
            for side, opposite in ((one, other), (other, one)):
                if w in side and named & opposite and not named & side:
                    return w
    return None


#: Words that say a phrase is a length of time ("how long they stay"), never an opposite.
_LENGTH_SAID = frozenset({"long", "longer", "length"})


def _opposite_column(
    phrase: str, ds: dict[str, Any], exclude: Sequence[str] = ()
) -> tuple[str, list[str]] | None:
    """The word of `phrase` said by its opposite and the columns that record the opposite
    ("churn" -> `renewed_subscription`), from the lexicon's antonym pairs; None when no word of
    the phrase has an opposite or no column records one."""
    from copilot.agents.columns import _stem_equal
    from copilot.agents.lexicon import ANTONYMS

    said = tokens(phrase.lower())
    if _LENGTH_SAID & set(said):
        # "how long customers stay" asks for a length of stay, a duration, not the opposite of
        # leaving
        return None
    ids = set(row_ids(ds))
    names = [c for c in cols(ds) if c not in ids]
    # the rows themselves ("what makes singers stay" on `singer_id`) are no part of the outcome
    rows = {t for c in ids for t in tokens(c.lower()) if len(t) >= 3}
    said = [w for w in said if not any(_stem_equal(w, r) for r in rows)] or said
    for i, w in enumerate(said):
        for one, other in ANTONYMS:
            for side, opposite in ((one, other), (other, one)):
                if w not in side:
                    continue
                found: list[str] = []
                for o in sorted(opposite):
                    m = match_column(" ".join([*said[:i], o, *said[i + 1 :]]), names, exclude)
                    if m.column and m.how in _OPPOSITE_HOWS and m.column not in found:
                        found.append(m.column)
                if found:
                    return w, found
    return None


def no_column(phrase: str, ds: dict[str, Any], role: str, exclude: Sequence[str] = ()) -> Reply:
    """The reply that says no column of `ds` matches `phrase` and asks which one is meant."""
    # an id names rows, never a variable: "the cows' health" is not `cow_id`
    ids = set(row_ids(ds))
    near = suggest(phrase, [c for c in cols(ds) if c not in exclude and c not in ids])
    hint = f" Did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
    shown = ", ".join(cols(ds)[:20])
    return Reply(
        f"No column of dataset {ds['id']!r} matches {phrase!r} (the {role}).{hint} "
        f"Its columns are: {shown}." + ("" if near else f" Which of them is the {role}?"),
        role=role if near else None,
        phrase=phrase,
        candidates=near,
        unmatched=True,
    )


#: Words of a column name for a trait the rows bring with them (before any baseline measurement).
_TRAIT_WORDS = frozenset(
    "age sex gender smoker smoking smokes race ethnicity height male female born birth".split()
    # (a body measure the rows bring: "bmi_kgm2", "weight_kg")
    + "bmi weight".split()
)


def _trait(column: str) -> bool:
    """Whether a column is a trait of the rows (`AGE_YRS`, `SMOKER`, `sex`), not something done."""
    from copilot.agents.columns import _AMOUNT_WORD

    # ("AGE_YRS": a unit of time is a unit too; "bmi_kgm2": so is a unit of two, kg per m2)
    words = [
        w
        for w in tokens(column)
        if w not in _UNITS
        and w not in _AMOUNT_WORD
        and not any(w[:i] in _UNITS and w[i:] in _UNITS for i in range(1, len(w)))
    ]
    return bool(words) and all(w in _TRAIT_WORDS for w in words)


#: Words of a column name that mark a measurement taken before the treatment.
BASELINE_WORDS = {
    "base",
    "baseline",
    "pre",
    "prior",
    "prev",
    "previous",
    "initial",
    "start",
    "bl",
    "before",
}

#: Words that turn a yes/no column into a rate ("promotion rate").
_SHARE_WORDS = {"rate", "rates", "share", "proportion", "percentage", "fraction", "prevalence"}


#: Words of a name that say it is an amount of money.
_MONEY_WORDS = {"cost", "costs", "usd", "eur", "gbp", "amt", "price", "revenue", "rev", "bill"}


def _counted(phrase: str, candidates: Sequence[str]) -> str | None:
    """The one candidate that counts what a phrase said as a count names ("fewer claims", "how
    many claims"): not an amount of money, not a baseline measurement; None otherwise."""
    said = _QUESTION.get()
    if not said or not re.search(
        rf"\b(?:fewer|less|more|number\s+of|how\s+many)\s+{re.escape(phrase)}\b", said, re.I
    ):
        return None
    from copilot.agents.columns import _DURATION_UNITS

    # ("more trips": the rides, not the trips' length in minutes, unless time is what is counted)
    timed = set(tokens(phrase)) & {"hours", "hour", "minutes", "minute", "seconds", "days", "weeks"}
    counted = [
        c
        for c in candidates
        if not set(tokens(c)) & (_MONEY_WORDS | BASELINE_WORDS)
        and not re.search(r"(?:usd|eur|gbp)$", c.lower())
        and (timed or not set(tokens(c)) & _DURATION_UNITS)
    ]
    return counted[0] if len(counted) == 1 else None


#: The container the data came in ("the policies file", "this spreadsheet", "your data set").
_DATA_FILE = re.compile(
    r"\b(?:the|this|that|your|our|my)\s+(?:[\w\-]+\s+)?(?:file|spreadsheet|sheet|table|dataset|"
    r"data\s+set|csv|extract|export)s?\b",
    re.I,
)


def _named_elsewhere(
    phrase: str, candidates: Sequence[str], ds: dict[str, Any], exclude: Sequence[str]
) -> str | None:
    """The one candidate column that the question being planned names by itself elsewhere (by
    its name, its words or an inflection of one), when the question has several sentences or
    clauses; None otherwise."""
    from copilot.agents import discourse

    said = _QUESTION.get()
    if not said or not re.search(r"[.;?!]\s+\S|\s[-\u2013\u2014]\s", said.strip()):
        return None
    # ("you've got the policies file - ...": the file the data came in names no column, not
    # even `claim_filed`)
    said = _DATA_FILE.sub(" ", said)
    named = {c for c, _ in discourse.mentions(said, ds, exclude) if c in candidates}
    # (the phrase's own word is not "elsewhere": "What did they do to trips?" names no column
    # besides the one that word picks of its tie; "they use fewer kWh" settles it by "use")
    named -= {c for c, _ in discourse.mentions(phrase, ds, exclude)}
    return named.pop() if len(named) == 1 else None


def _as_said(phrase: str) -> str:
    """A vague noun ("work") with the preposition the question said before it ("into work"), so
    that the match can tell a state ("in work": having a job) from an amount ("more work")."""
    from copilot.agents.columns import STATE_WORDS, VAGUE_NOUNS

    if phrase.strip().lower() not in VAGUE_NOUNS:
        return phrase
    said = re.search(
        rf"\b({'|'.join(STATE_WORDS)})\s+{re.escape(phrase.strip())}\b", _QUESTION.get() or "", re.I
    )
    return f"{said.group(1).lower()} {phrase.strip()}" if said else phrase


def _match(phrase: str, ds: dict[str, Any], exclude: Sequence[str]) -> Any:
    """The column match of a phrase in a dataset: id columns only by their exact name, and the
    dataset's own name is not a column word ("hospital recovery" in the hospital data)."""
    ids = [c["name"] for c in ds.get("columns") or [] if c.get("kind") == "id"]
    m = match_column(phrase, cols(ds), exclude=exclude)
    words = tokens(phrase)
    if m.column is None and len(words) >= 2 and words[-1] in _SHARE_WORDS:
        # "promotion rate" when no column is named by it: the mean of a yes/no column that the
        # words before name (a "daily rate" that names a column is matched as usual)
        binary = [c["name"] for c in ds.get("columns") or [] if c.get("kind") == "binary"]
        rest = match_column(" ".join(words[:-1]), binary, exclude=exclude)
        if rest.column:
            return rest
    if m.column in ids and m.how != "exact" or (not m.column and set(m.candidates) & set(ids)):
        m = match_column(phrase, cols(ds), exclude=[*exclude, *ids])
    if m.column is None and not m.ambiguous and re.fullmatch(r"[a-z]{2,4}", phrase.strip()):
        # "DTI" typed in capitals is an acronym even with a vowel (the phrase arrives lowercased)
        upper = phrase.strip().upper()
        if re.search(rf"\b{upper}\b", _QUESTION.get()):
            m = match_column(upper, cols(ds), exclude=[*exclude, *ids])
    if m.column is None and not m.ambiguous and len(words) >= 2:
        # "track OT", "the OT we log": an acronym typed in capitals inside a longer phrase
        # names its column by itself when the other words name none
        said = _QUESTION.get() or ""
        caps = [
            w
            for w in words
            if re.fullmatch(r"[a-z]{2,5}", w) and re.search(rf"\b{w.upper()}\b", said)
        ]
        if len(caps) == 1:
            alone = match_column(caps[0].upper(), cols(ds), exclude=[*exclude, *ids])
            if alone.column and not any(
                match_column(w, cols(ds), exclude=[*exclude, *ids]).column
                for w in words
                if w != caps[0]
            ):
                m = alone
    if m.column is None and not m.ambiguous:
        own = set(tokens(str(ds.get("id", "")))) | set(tokens(str(ds.get("name", ""))))
        rest = " ".join(w for w in tokens(phrase) if w not in own)
        if rest and rest != " ".join(tokens(phrase)):
            m = match_column(rest, cols(ds), exclude=[*exclude, *ids])
    if m.column is None and not m.ambiguous:
        m = _level_group(phrase, ds, exclude) or m
    if m.column is None and not m.ambiguous:
        m = _fuller_mention(phrase, ds, exclude) or m
    if m.column is None and not m.ambiguous:
        m = _verb_in_name(phrase, ds, [*exclude, *ids]) or m
    if m.column and m.how not in ("exact", "plural", "units", "initials"):
        m = _quantity_per_unit(phrase, m, ds, [*exclude, *ids])
    if m.how not in ("exact", "plural", "units", "initials"):
        m = _how_often(phrase, ds, exclude) or m
    return m


def _quantity_per_unit(phrase: str, m: Any, ds: dict[str, Any], exclude: Sequence[str]) -> Any:
    """A quantity said per a unit ("the cost per sqft") is a column its quantity names: a column
    that only the unit names (`kwh_per_sqft`, whose kWh are no cost) is no match; when another
    column names the quantity both are asked back, else the phrase names no column."""
    from copilot.agents.columns import _FILLER, ColumnMatch

    said = tokens(phrase)
    if "per" not in said or said.index("per") == 0:
        return m
    head = [w for w in said[: said.index("per")] if w not in _FILLER]
    if not head or match_column(" ".join(head), [m.column]).column:
        return m
    if not set(tokens(m.column)) & set(said[said.index("per") + 1 :]):
        return m  # (the column was found by other words than the unit's)
    other = match_column(" ".join(head), cols(ds), exclude=[*exclude, m.column])
    if other.column and other.how != "similar":  # (a near spelling is no quantity named)
        return ColumnMatch(phrase, None, [m.column, other.column], "words")
    reading(f"{phrase!r}: only its unit names {m.column!r}, not what is counted per unit.")
    return ColumnMatch(phrase)


def _per_unit_not_a_group(
    by: str, outcome: str | None, ds: dict[str, Any], args: dict[str, Any]
) -> str | None:
    """A subgroup phrase said after "per", kept unless it is the unit a quantity is counted in:
    the rows' entity or an id ("revenue per route" of a table keyed by route, "the cost per
    policy"), or a word of the outcome's own column ("the cost per claim": `claim_cost_gbp`,
    whose name the outcome and the unit say together; the outcome becomes that column)."""
    from copilot.agents.columns import _stem_equal

    names = cols(ds)
    ids = [c["name"] for c in ds.get("columns") or [] if c.get("kind") == "id"]
    if names_entity(by, names) or any(
        all(any(_stem_equal(w, i) for i in tokens(c)) for w in tokens(by)) for c in ids
    ):
        reading(f"Read 'per {by}' as the unit the outcome is counted in, not as subgroups.")
        return None
    if not outcome:
        return by
    others = [c for c in (args.get("treatment"),) if c]
    whole = _match(f"{outcome} {by}", ds, others)
    alone = _match(outcome, ds, others)
    if (
        whole.column
        and whole.column in (alone.column, *alone.candidates)
        and all(any(_stem_equal(w, t) for t in tokens(whole.column)) for w in tokens(by))
    ):
        reading(f"Read '{outcome} per {by}' as {whole.column!r}, not as subgroups by {by!r}.")
        args["outcome"] = whole.column
        return None
    return by


def _verb_in_name(phrase: str, ds: dict[str, Any], exclude: Sequence[str]) -> Any:
    """A thing said after the verb that a compound name begins with ("set the temperature" for
    `setpoint_c`, "cap the fees" for `fee_cap`): the one column with a word that is the verb
    joined to another word (or the verb itself beside a word of the phrase), when the phrase
    alone names no column; None otherwise."""
    from copilot.agents.columns import ColumnMatch

    said = _QUESTION.get() or ""
    words = tokens(phrase)
    if not words or len(words) > 4:
        return None
    ing = re.fullmatch(r"([a-z]{2,}?)(\w)?\2?ing", words[0]) if len(words) > 1 else None
    if ing:
        # "setting the temperature": the verb is the phrase's own first word
        verb = re.sub(r"(\w)\1$", r"\1", words[0][:-3])
    else:
        head = r"[\s\-]+".join(re.escape(w) for w in words)
        v = re.search(
            rf"\b([a-z]{{3,}})\s+(?:the\s+|a\s+|an\s+|our\s+|their\s+)?{head}\b", said, re.I
        )
        if v is None:
            return None
        verb = v.group(1).lower()
    if len(verb) < 3:
        return None
    if verb in (
        "the",
        "and",
        "for",
        "with",
        "what",
        "how",
        "does",
        "did",
        "our",
        "its",
        "their",
        "more",
        "less",
    ):
        return None
    names = [c["name"] for c in ds.get("columns") or [] if c["name"] not in exclude]
    hits = [
        c for c in names if any(t.startswith(verb) and len(t) >= len(verb) + 3 for t in tokens(c))
    ]
    if len(hits) != 1:
        return None
    reading(f"Read {phrase!r} as {hits[0]!r}, the column whose name begins with the verb {verb!r}.")
    return ColumnMatch(phrase, hits[0], hits, "words")


#: Time units of a frequency ("4 times a week") and how a column's name writes them.
_FREQUENCY_UNITS = {
    "day": {"day", "days", "daily", "d"},
    "week": {"week", "weeks", "weekly", "wk", "wks"},
    "month": {"month", "months", "monthly", "mo", "mon"},
    "year": {"year", "years", "yearly", "annual", "yr", "yrs"},
}
#: Words of a name that count events (a frequency is a count of them per unit of time).
_COUNTED_WORDS = frozenset(
    "sessions session visits visit rides ride trips trip calls call times classes class workouts "
    "workout events count counts n num number repairs orders logins".split()
)


def _how_often(phrase: str, ds: dict[str, Any], exclude: Sequence[str]) -> Any:
    """A role said as a frequency ("trained 4 times a week", "twice a day"): the one column that
    counts events per that unit of time (`sessionsPerWeek`), whatever a word of the phrase
    names (`personalTrainer` for "trained"); None when the phrase says no frequency or no such
    column is there. The unit may follow the phrase in the question ("4 times; a week")."""
    from copilot.agents.columns import ColumnMatch

    times = r"(?:\d+(?:\.\d+)?|once|twice|one|two|three|four|five|six|seven|a\s+few|several|many|more)\s*(?:times?|x)"
    unit_re = r"(?:a|an|per|each|every)\s+(?P<u>day|week|month|year)\b"
    # (the article may be gone from a reading that dropped it: "ridden 200 times day")
    m = re.search(
        rf"\b(?:{times}|once|twice)\s+(?:{unit_re}|(?P<bare>day|week|month|year)\b)", phrase, re.I
    ) or re.search(  # "the times per week", "times-per-week": how often, with no number
        r"\btimes?[\s\-]+(?:a|an|per|each|every)[\s\-]+(?P<u>day|week|month|year)\b", phrase, re.I
    )
    if m is None and re.search(rf"\b{times}\s*$", phrase, re.I):
        said = _QUESTION.get() or ""
        m = re.search(rf"{re.escape(phrase.strip())}\s+{unit_re}", said, re.I)
    if m is None and re.fullmatch(
        r"(?:(?:more|less|as|so|very)\s+)?(?:often|frequently|regularly)", phrase.strip(), re.I
    ):
        # "because people come more often": how often, with no unit; the one count per a unit of
        # time there is
        unit, forms = "unit of time", set().union(*_FREQUENCY_UNITS.values())
    elif m is None:
        return None
    else:
        unit = (m.group("u") or m.groupdict().get("bare") or "").lower()
        forms = _FREQUENCY_UNITS[unit]
    names = [
        c["name"]
        for c in ds.get("columns") or []
        if c.get("kind") != "id" and c["name"] not in exclude
    ]
    per_unit = [c for c in names if set(tokens(c)) & forms and len(tokens(c)) > 1]
    counted = [c for c in per_unit if set(tokens(c)) & _COUNTED_WORDS]
    found = counted if counted else per_unit
    if len(found) != 1:
        return None
    reading(f"Read {phrase!r} as {found[0]!r}: said as how often, a count per {unit}.")
    return ColumnMatch(phrase, found[0], found, "words")


def _said_as_a_duration(phrase: str, candidates: Sequence[str]) -> str | None:
    """Of two columns a phrase fits, the one measured in a unit of time when the question says
    the phrase with a word of duration ("longer trips": `avg_trip_min`, not `rides_per_day`);
    None otherwise."""
    from copilot.agents.columns import _DURATION_UNITS, _FILLER

    said = _QUESTION.get()
    words = [w for w in tokens(phrase) if w not in _FILLER]
    if not said or not words:
        return None
    head = r"[\s\-]+".join(re.escape(w) for w in words)
    if not re.search(rf"\b(?:longer|shorter|quicker|lengthier)\s+(?:the\s+)?{head}\b", said, re.I):
        return None
    timed = [c for c in candidates if set(tokens(c)) & _DURATION_UNITS]
    if len(timed) != 1:
        return None
    reading(f"Read {phrase!r} as {timed[0]!r}: said as longer or shorter, a duration.")
    return timed[0]


#: Words of a phrase that say it is a share ("the share of buses on time"), and the words of
#: names counted in percent.
_SHARE_SAID = frozenset("share proportion percentage percent fraction pct".split())
_PERCENT_NAME_WORDS = frozenset({"pct", "percent", "share", "rate", "ratio"})


def _said_as_share(phrase: str, candidates: Sequence[str]) -> str | None:
    """Of columns a phrase fits, the one counted as a share when the phrase says a share ("the
    share of buses on time": `ontime_pct`, not `runtime_min`); None otherwise."""
    if not set(tokens(phrase)) & _SHARE_SAID:
        return None
    fit = [c for c in candidates if set(tokens(c)) & _PERCENT_NAME_WORDS]
    if len(fit) != 1:
        return None
    reading(f"Read {phrase!r} as {fit[0]!r}: said as a share.")
    return fit[0]


def _said_in_unit(phrase: str, candidates: Sequence[str]) -> str | None:
    """Of columns a phrase fits, the one measured in the unit the question's amount is said in
    ("if each stop lasted 30 seconds less": `avg_stop_sec`, not `stops_n`), or in another unit
    of time when the amount is a time and one candidate alone is timed; None otherwise."""
    from copilot.agents.columns import TIME_AMOUNT_UNITS, amount_units, own_unit

    # ("6 hours a week": the period of a rate is no amount of its own)
    said = re.sub(
        r"\b((?:seconds?|secs?|minutes?|mins?|hours?|hrs?|kg|kilos?|km|miles?)\s+)(?:a|an|per|each)\s+"
        r"(?:day|night|week|month|year|shift)\b",
        r"\1",
        _QUESTION.get() or "",
        flags=re.I,
    )
    units = amount_units(said)
    if len(units) != 1:
        return None
    fit = [c for c in candidates if own_unit(c) == units[0]]
    if not fit and units[0] in TIME_AMOUNT_UNITS:
        fit = [c for c in candidates if own_unit(c) in TIME_AMOUNT_UNITS]
    if len(fit) != 1:
        return None
    reading(f"Read {phrase!r} as {fit[0]!r}, measured in the unit the amount is said in.")
    return fit[0]


#: Periods a rate is said per ("trips per day", "sessions a week"), and how names write them.
_PER_PERIOD = {
    "day": {"day", "d", "daily"},
    "week": {"week", "wk", "weekly"},
    "month": {"month", "mo", "monthly"},
    "year": {"year", "yr", "annual", "yearly"},
    "hour": {"hour", "hr", "h", "hourly"},
}


def _said_per(phrase: str, candidates: Sequence[str]) -> str | None:
    """Of columns a phrase fits, the one counted per the period the question says right after
    the phrase ("trips per day": `rides_per_day`, not `avg_trip_min`); None otherwise."""
    from copilot.agents.columns import _FILLER

    said = _QUESTION.get()
    words = [w for w in tokens(phrase) if w not in _FILLER]
    if not said or not words:
        return None
    head = r"[\s\-]+".join(re.escape(w) for w in words)
    m = re.search(
        rf"\b{head}\s+(?:per|a|an|each|every|by\s+the)\s+(?P<p>day|week|month|year|hour)s?\b",
        said,
        re.I,
    )
    if not m:
        return None
    marks = _PER_PERIOD[m.group("p").lower()]
    fit = [c for c in candidates if set(tokens(c)) & marks]
    if len(fit) != 1:
        return None
    reading(f"Read {phrase!r} as {fit[0]!r}: said per {m.group('p').lower()}.")
    return fit[0]


#: A verb of putting something in place before the thing ("fitting the box", "installing the
#: thermostat"): the thing is what the phrase names.
_DOING = re.compile(
    r"(?:fitt|install|introduc|add|deploy|roll|giv|hav|gett|us|offer|provid|adopt|switch)ing"
)


def _fuller_mention(phrase: str, ds: dict[str, Any], exclude: Sequence[str]) -> Any:
    """A short phrase said in full elsewhere in the question ("the box's effect" after "the
    telematics box lowers claims"): the one column that the fuller mention (a word before the
    same words) names; None when no fuller mention or several columns fit."""
    from copilot.agents.columns import _FILLER, ColumnMatch

    said = _QUESTION.get()
    words = [w for w in tokens(phrase) if w not in _FILLER]
    if words and len(words) > 1 and _DOING.fullmatch(words[0]):
        words = words[1:]  # "fitting the box": the thing fitted
    if not said or not words or len(words) > 2:
        return None
    head = r"[\s\-]+".join(re.escape(w) for w in words)
    ids = set(row_ids(ds))
    hits = set()
    # (the fuller mention may be plural: "the telematics boxes ... fitting the box")
    for mod in re.findall(rf"\b([a-z][\w\-]*)[\s\-]+{head}(?:e?s)?\b", said, re.I):
        if mod.lower() in _FILLER:
            continue
        fuller = match_column(f"{mod} {' '.join(words)}", cols(ds), exclude=exclude)
        # a row identifier is no variable ("members stay" names no `member_id` for "stay")
        if fuller.column and fuller.column not in ids:
            hits.add(fuller.column)
    if len(hits) != 1:
        return None
    found = hits.pop()
    reading(f"Read {phrase!r} as {found!r}, the column its fuller mention names.")
    return ColumnMatch(phrase, found, [found], "words")


def _level_group(phrase: str, ds: dict[str, Any], exclude: Sequence[str]) -> Any:
    """A group named by a level of one text column ("Holstein cows", "Holsteins", "the Manila
    agents") as a role: that column (the groups compared by their level); None unless every
    word is the level, its plural, a word for the rows or a group noun."""
    from copilot.agents.columns import ColumnMatch
    from copilot.agents.levels import _GROUP_NOUNS, categorical_levels, level_pattern

    words = [w for w in tokens(phrase) if w not in ("the", "our", "a", "an")]
    every = cols(ds)
    hits = []
    for column, levels in categorical_levels(ds).items():
        if column in exclude:
            continue
        pats = [p for lv in levels if (p := level_pattern(lv, levels))]
        said = [w for w in words if any(re.fullmatch(p, w, re.I) for p in pats)]
        rest = [w for w in words if w not in said]
        if said and all(w in _GROUP_NOUNS or names_entity(w, every) for w in rest):
            hits.append(column)
    return ColumnMatch(phrase, hits[0], hits, "level") if len(hits) == 1 else None


def _unsaid_words(phrase: str, column: str, ds: dict[str, Any]) -> list[str]:
    """Words of `phrase` that name no word of `column` (not even by inflection, abbreviation,
    synonym or typo), fillers and words for the rows ("tickets" of `ticket_id`) left aside."""
    from copilot.agents.columns import _FILLER, word_similarity

    names = [*tokens(column), "".join(tokens(column))]
    every = cols(ds)
    return [
        w
        for w in tokens(phrase)
        if w not in _FILLER
        and max(word_similarity(w, n) for n in names) < 0.75
        and not names_entity(w, every)
    ]


def optional_column(
    phrase: str, ds: dict[str, Any], role: str, exclude: Sequence[str]
) -> str | None:
    """Like `column`, for a slot the analysis can do without: a phrase that names no column is
    left out and said so (ties still ask)."""
    try:
        return column(phrase, ds, role, exclude)
    except Reply as r:
        if r.tie:
            raise
        inner = _word_column(phrase, ds, exclude)
        if inner is not None:
            reading(f"Read {phrase!r} as {inner!r}, the column a word of it names.")
            return inner
        note(f"{phrase!r} as {_a(role)}: no column of {ds['id']!r} matches it")
        return None


def _shares_a_word(phrase: str, column: str) -> bool:
    """Whether a word of `phrase` is a word of the column's name or an inflection of one."""
    from copilot.agents.columns import _stem_equal

    return any(_stem_equal(w, t) for w in tokens(phrase) for t in tokens(column) if len(t) >= 3)


def _word_column(phrase: str, ds: dict[str, Any], exclude: Sequence[str]) -> str | None:
    """The one column that a single word of a longer phrase names by a word of the column or an
    inflection of it ("how severe their illness was" ~ severity_score); None when no word or
    several columns fit."""
    from copilot.agents.columns import _stem_equal

    words = [w for w in tokens(phrase) if len(w) >= 4]
    if len(tokens(phrase)) < 2 or not words:
        return None
    names = [
        c["name"]
        for c in ds.get("columns") or []
        if c.get("kind") != "id" and c["name"] not in exclude
    ]
    hits = {n for n in names for w in words for t in tokens(n) if len(t) >= 4 and _stem_equal(w, t)}
    return hits.pop() if len(hits) == 1 else None


def _a(role: str) -> str:
    return ("an " if role[0] in "aeiou" else "a ") + role


def missing_role(role: str, ds: dict[str, Any], taken: Sequence[str], example: str) -> Reply:
    """A question back for a role the question did not name, with the likely columns."""
    kinds = ("binary", "categorical", "discrete", "continuous")
    options = [
        c["name"]
        for c in ds.get("columns") or []
        if c.get("kind") in kinds and c["name"] not in taken
    ][:10]  # a wide table's first ten: the question back stays one line
    opts = ", ".join(options)
    return Reply(
        f"Which {role} do you mean? Columns of {ds['id']!r}: {opts}. Ask as {example}.",
        role=role,
        phrase="",
        candidates=options,
    )


def last_call(history: list[Call], *names: str) -> Call | None:
    for c in reversed(history):
        if c.name in names and c.ok:
            return c
    return None


def last_attempt(history: list[Call], *names: str) -> Call | None:
    """The latest call of these tools, failed or not: a follow-up changes what was asked."""
    for c in reversed(history):
        if c.name in names:
            return c
    return None


def _dataset_of(history: list[Call], inputs: dict[str, Any]) -> dict[str, Any] | None:
    """The dataset of the session's latest data step (describe, discover or estimate)."""
    datasets = inputs.get("datasets") or {}
    for c in reversed(history):
        if c.args.get("dataset") in datasets:
            return datasets[c.args["dataset"]]
    return None


def discover_args(
    intent: Intent, question: str, inputs: dict[str, Any], history: list[Call]
) -> dict[str, Any]:
    base = last_attempt(history, "discover") if intent.followup else None
    datasets = inputs.get("datasets") or {}
    if base is not None and base.args.get("dataset") in datasets:
        args = dict(base.args)
    else:
        ds = _dataset_of(history, inputs) if intent.followup else None
        if ds is None:
            phrases = [intent.outcome] if intent.outcome else []
            ds = pick_datasets(question, inputs, phrases, many=False)[0]
        args = {"dataset": ds["id"], "algorithm": "auto"}
        if intent.kind == "causes" and intent.outcome:
            args["target"] = column(intent.outcome, ds, "variable whose causes are asked")
    if intent.algorithm:
        args["algorithm"] = intent.algorithm
    if intent.required or intent.forbidden or intent.domain:
        ds = (inputs.get("datasets") or {})[args["dataset"]]
        for key, pairs in (("required", intent.required), ("forbidden", intent.forbidden)):
            edges = list(args.get(key) or [])
            for a, b in pairs:
                ca = column(a, ds, "cause in an edge")
                cb = column(b, ds, "effect in an edge", exclude=[ca])
                if f"{ca}->{cb}" not in edges:
                    edges.append(f"{ca}->{cb}")
            if edges:
                args[key] = edges
        if intent.domain:
            args["domain_col"] = column(intent.domain, ds, "domain column")
    if intent.tiers:
        ds = (inputs.get("datasets") or {})[args["dataset"]]
        args["tiers"] = ";".join(
            ",".join(column(name, ds, "variable in a tier") for name in tier)
            for tier in intent.tiers
        )
    if intent.alpha is not None:
        if 0 < intent.alpha < 1:
            args["alpha"] = intent.alpha
        else:
            note(f"alpha {intent.alpha}: a significance level lies between 0 and 1")
    elif intent.confidence is not None and 0.5 < intent.confidence < 1:
        # "at the 99% confidence level": the tests' significance level is its complement
        args["alpha"] = round(1 - intent.confidence, 10)
    if intent.ci_test:
        if args.get("algorithm", "auto") in ("auto", "pc", "fci", "cdnod"):
            args["ci_test"] = intent.ci_test
        else:
            note(
                f"the {intent.ci_test} test: {args.get('algorithm')} does not use independence tests "
                "(pc, fci and cdnod do)"
            )
    if intent.bootstrap is not None:
        args["bootstrap"] = DEFAULT_BOOTSTRAP if intent.bootstrap < 0 else intent.bootstrap
    for what, value in (
        ("estimation method", intent.method or ", ".join(intent.methods)),
        ("mediator", intent.mediator),
        ("instrument", intent.instrument),
        ("controls", ", ".join(intent.controls)),
    ):
        if value:
            note(f"{value} ({what}): discovery learns the whole graph and has no {what}")
    return args


#: Bootstrap resamples when a question asks for edge confidence without a number.
DEFAULT_BOOTSTRAP = 50
#: Methods compared when a question asks whether the answer depends on the method.
COMPARED_BINARY = ["linear_regression", "matching", "weighting", "dml"]
COMPARED_CONTINUOUS = ["linear_regression", "dml"]


def subgroup_column(ds: dict[str, Any], taken: Sequence[str], question: str = "") -> str:
    options = [
        c["name"]
        for c in ds.get("columns") or []
        if c["kind"] in ("binary", "categorical", "discrete")
        and c["name"] not in taken
        and 2 <= c.get("cardinality", 0) <= 12
    ]
    if len(options) == 1:
        return options[0]
    chosen = (_ANSWERS.get() or {}).get("role:subgroup")
    if chosen in options:
        return chosen  # the one-word reply to the question below
    if chosen and (hit := match_column(chosen, options)).column:
        return hit.column  # ... said by a word of the name ("contract" for contract_type)
    # "for whom does it work best - which site?": the grouping word said after the question word
    for m in re.finditer(
        r"\b(?:which|what|each|every|per)\s+(?:of\s+the\s+)?(?P<g>[\w'\-]+)", question, re.I
    ):
        hit = match_column(m.group("g"), options)
        if hit.column and hit.how in ("exact", "plural", "words", "subset"):
            return hit.column
    # "different across groups of customers? I'm thinking of the contract they're on": the one
    # column of the options that the words after the groups name
    cues = list(
        re.finditer(r"\b(?:groups?|segments?|subgroups?|kinds?|types?|sorts?)\b", question, re.I)
    )
    if cues and options:
        cue = cues[-1]
        from copilot.agents import discourse

        rest = question[cue.end() :]
        if re.match(r"\s+of\s+", rest):
            # "for which kind of branches is the club's effect bigger?": the kind is of the rows;
            # a column is only named in a sentence after it
            rest = (re.split(r"[.?!;]\s+", rest, maxsplit=1) + [""])[1]
        named = {c for c, _ in discourse.mentions(rest, ds, taken) if c in options}
        if len(named) == 1:
            return named.pop()
    if not options:
        raise Reply(
            f"Dataset {ds['id']!r} has no categorical column to split the effect by; "
            "name one, e.g. 'by region'."
        )
    raise Reply(
        "By which column should I split the effect: "
        + ", ".join(repr(o) for o in options[:6])
        + "?",
        role="subgroup",
        candidates=options[:6],
    )


#: A role said as a pronoun ("whether it actually shortens Y"): its antecedent is sought.
_PRONOUN = re.compile(
    r"(?:it|its|they|them|their|this|that|these|those)(?:\s+(?:actually|really|all))?"
)
_CLAUSES = re.compile(
    # ("for the agents who got coaching, what did it do to CSAT?": a question after a comma)
    r"[.;!?]\s+|\s+-\s+|,\s+(?=(?:what|how|did|does|do|is|are|was|were|has|have|can|could|would|"
    r"will)\s)"
)


def antecedent(
    question: str, intent: Intent, ds: dict[str, Any], y_phrase: str, role: str = "treatment"
) -> str | None:
    """The column an unnamed or pronoun treatment (or `role`) refers to, in a question of several
    sentences or clauses ("We gave some patients the new drug. Does it shorten recovery?"): the
    first column the question names that holds no other role (`y_phrase` is the other role's
    phrase); None when there is none. The reading is said in the reply's note."""
    if len([c for c in _CLAUSES.split(question.strip(" ?.!")) if c.strip()]) < 2:
        return None
    names = variables(ds) or cols(ds)
    taken = {
        match_column(p, names).column
        for p in (y_phrase, intent.mediator, intent.by, intent.instrument, *intent.controls)
        if p
    }
    found = [c for c in named_in_order(question, names) if c not in taken]
    if role == "outcome":
        # "Our director looks at first-contact resolution. Could you estimate the coaching's
        # effect on it?": the pointer's column is named in the clauses before the pointer's own
        # (whose words name the other role, "coaching" ~ coach_offer)
        from copilot.agents.discourse import context_columns

        clauses = [c for c in _CLAUSES.split(question.strip(" ?.!")) if c.strip()]
        before = " ".join(clauses[:-1])
        earlier = [
            c
            for c in named_in_order(before, names) + context_columns(before, ds, ())
            if c not in taken
        ]
        found = list(dict.fromkeys(earlier + found))
    for c in found:
        try:
            column(c, ds, role)
        except Reply:
            continue
        reading(f"Read the {role} as {c!r}, the variable the question names before.")
        return c
    return None


#: A verb that says its subject causes a change ("makes", "helps", "cuts", "leads to").
_CAUSAL_VERB = (
    r"(?:makes?|made|helps?|helped|keeps?|kept|raises?|raised|cuts?|reduces?|reduced|improves?|"
    r"improved|boosts?|boosted|lowers?|lowered|increases?|increased|decreases?|decreased|"
    r"leads?\s+to|led\s+to|causes?|caused|drives?|drove|brings?|brought|works?|worked)"
)


def _said_as_cause(column: str, question: str) -> bool:
    """Whether a sentence of `question` names `column` (by a word of its name) just before a
    causal verb, as the verb's subject."""
    for sentence in re.split(r"(?<=[.;!?])\s+", question):
        m = re.search(
            rf"\b(?P<subject>[a-z][\w'\-]*(?:\s+[a-z][\w'\-]*){{0,2}})\s+(?:really\s+|actually\s+)?"
            rf"{_CAUSAL_VERB}\b",
            sentence.lower(),
        )
        if m and column in named_in_order(m.group("subject"), [column]):
            return True
        # "drivers with telematics claim less": the rows that have it do something more or less
        m = re.search(
            r"\b(?:with|having)\s+(?:the\s+|a\s+|an\s+)?(?P<subject>[a-z][\w'\-]*(?:\s+[a-z][\w'\-]*){0,2}?)"
            r"\s+(?:seem\s+to\s+|tend\s+to\s+|also\s+|actually\s+)?[a-z]+\s+(?:less|more|fewer|lower|higher|"
            r"better|worse|longer|shorter|faster|slower)\b",
            sentence.lower(),
        )
        if m and column in named_in_order(m.group("subject"), [column]):
            return True
        # "counselling is offered mostly to weak borrowers", "the app went mostly to city
        # stores", "Holsteins get the supplement more often": what is handed to some rows more
        # than to others is the treatment of the comparison
        m = re.search(
            r"\b(?P<subject>[a-z][\w'\-]*(?:\s+[a-z][\w'\-]*){0,2}?)\s+(?:(?:is|are|was|were|gets?|got|"
            r"has\s+been|have\s+been)\s+)?(?:\w+ly\s+)?(?:offered|given|assigned|allocated|rolled\s+out|"
            r"handed\s+out|went|goes|go)\s+(?:\w+ly\s+)?(?:to|at)\b",
            sentence.lower(),
        ) or re.search(
            r"\b(?:get|gets|got|receive|receives|received)\s+(?:the\s+|a\s+|an\s+)?"
            r"(?P<subject>[a-z][\w'\-]*(?:\s+[a-z][\w'\-]*){0,2}?)\s+(?:more|less)\s+(?:often|"
            r"frequently)\b",
            sentence.lower(),
        )
        if m and column in named_in_order(m.group("subject"), [column]):
            return True
    return False


def named_in_order(question: str, names: Sequence[str]) -> list[str]:
    """The columns in the order the question names them: whole names, or a word that is an
    inflection of a word of the name ("tutoring" ~ tutor_assigned)."""
    words = re.findall(r"[a-z][a-z0-9_']*", question.lower())
    found: list[str] = []
    for i, w in enumerate(words):
        whole = [
            c
            for c in names
            if [x.rstrip("s") for x in words[i : i + len(tokens(c))]]
            == [x.rstrip("s") for x in tokens(c)]
        ]
        # ("got coaching": the column named coaching, not coach_offer whose word it inflects)
        for c in whole or [c for c in names if _stem_word_match(w, c)]:
            if c not in found:
                found.append(c)
    return found


def _stem_word_match(word: str, col: str) -> bool:
    """`word` is an inflection of a word of the column's name ("tutoring" ~ tutor_assigned)."""
    from copilot.agents.columns import _stem_equal

    return len(word) >= 4 and any(
        len(cw) >= 4 and (word.startswith(cw) or _stem_equal(word, cw)) for cw in tokens(col)
    )


#: A phrase that picks one item of a list by its place ("the first one", "the 2nd driver",
#: "the top cause", "the last one").
_ORDINAL_PICK = re.compile(
    r"(?:the\s+)?(?P<o>first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th|top|main|biggest|"
    r"strongest|largest|last)(?:\s+(?:one|driver|cause|factor|variable|column|thing|predictor|"
    r"parent|of\s+(?:them|those|these)))?(?:\s+(?:then|please|instead|too))?"
)
_PLACES = {"first": 0, "second": 1, "third": 2, "fourth": 3, "fifth": 4, "1st": 0, "2nd": 1}
_PLACES |= {"3rd": 2, "4th": 3, "5th": 4, "top": 0, "main": 0, "biggest": 0, "strongest": 0}
_PLACES |= {"largest": 0, "last": -1}


def listed_drivers(history: list[Call]) -> tuple[str, list[str]] | None:
    """The target and its causes, as the last successful drivers discovery listed them."""
    disc = next((c for c in reversed(history) if c.name == "discover" and c.ok), None)
    focus = (disc.result or {}).get("focus") if disc is not None else None
    if not isinstance(focus, dict) or not focus.get("target") or not focus.get("causes"):
        return None
    return str(focus["target"]), [str(c) for c in focus["causes"]]


def _ordinal_pick(phrase: str, items: list[str]) -> str | None:
    text = re.sub(r"(?:'s|s')$", "", phrase.strip().lower())
    m = _ORDINAL_PICK.fullmatch(text)
    for start in [] if m else [k.start() for k in re.finditer(r"\bthe\s", text)]:
        # "say how big the second one('s effect)": the pick closing a longer phrase
        if m := _ORDINAL_PICK.fullmatch(text[start:]):
            break
    if not m:
        return None
    at = _PLACES[m.group("o")]
    return items[at] if -len(items) <= at < len(items) else None


def effect_args(
    intent: Intent, question: str, inputs: dict[str, Any], history: list[Call]
) -> dict[str, Any]:
    answers = _ANSWERS.get() or {}
    datasets = inputs.get("datasets") or {}
    ds: dict[str, Any] | None = None
    if intent.followup:
        base = last_attempt(history, "estimate_effect")
        if base is not None and base.args.get("dataset") in datasets:
            return changed_effect(intent, dict(base.args), datasets[base.args["dataset"]], history)
        if base is not None:
            raise Reply(
                f"Dataset {base.args.get('dataset')!r} of the earlier estimate is no longer loaded."
            )
        # the previous step was no estimate (a discovery, a description, a failed step)
        ds = _dataset_of(history, inputs)
        disc = last_attempt(history, "discover")
        if intent.outcome is None and disc is not None and disc.args.get("target"):
            intent.outcome = disc.args["target"]
    t_phrase = intent.treatment or answers.get("role:treatment")
    y_phrase = intent.outcome or answers.get("role:outcome")
    listed = listed_drivers(history)
    if listed and not t_phrase and intent.other and _ordinal_pick(intent.other, listed[1]):
        t_phrase = intent.other  # "and the second one?"
    if listed and t_phrase and (pick := _ordinal_pick(t_phrase, listed[1])):
        # "what drives Y?" then "the effect of the first one on it": the list it answered
        reading(f"Read {t_phrase!r} as {pick!r}, from the causes of {listed[0]!r} found before.")
        t_phrase = pick
        if y_phrase is None or _PRONOUN.fullmatch(y_phrase):
            y_phrase = listed[0]
    if y_phrase is None and t_phrase and history and history[-1].name == "discover":
        # "what drives Y?" then "the effect of the top driver, X?": the outcome is still Y
        target = history[-1].args.get("target")
        if target and history[-1].ok:
            y_phrase = target
    if not t_phrase and not y_phrase and intent.subgroups_unnamed:
        raise Reply(
            "The effect of which variable on which outcome? Ask e.g. "
            "'for whom does price affect sales?'."
        )
    if t_phrase and _PRONOUN.fullmatch(t_phrase):
        t_phrase = None
    phrases = [p for p in (t_phrase, y_phrase) if p]
    if ds is None:
        ds = pick_datasets(question, inputs, phrases, many=False)[0]
    if (
        not t_phrase
        and y_phrase
        and not intent.followup
        and not (intent.focus == "confounding" and intent.controls)
    ):
        # (a doubt about a named third variable: the columns the question names, read below)
        t_phrase = antecedent(question, intent, ds, y_phrase)
    if y_phrase and t_phrase and _PRONOUN.fullmatch(y_phrase) and not intent.followup:
        # "They keep asking about readmissions. Does the drug reduce them?"
        # (a pointer to nothing named is no column: the outcome is asked for)
        y_phrase = antecedent(question, intent, ds, t_phrase, role="outcome")
    if (not t_phrase or not y_phrase) and not intent.followup and (intent.focus or not phrases):
        # "is the crude drug-readmission difference far from the adjusted one?": the roles
        # the reading left open are the columns the question names, in their order
        names = variables(ds)
        taken = {
            match_column(p, names).column
            for p in (t_phrase, y_phrase, intent.mediator, intent.by, intent.instrument)
            if p
        } | {match_column(p, names).column for p in intent.controls}
        # (the words of the other roles' phrases name no treatment or outcome)
        rest = question.lower()
        for p in (intent.mediator, intent.by, intent.instrument, *intent.controls):
            if p:
                rest = rest.replace(p.lower(), " ")
        # (a word for the rows' entity names no column: "members" of a table keyed by memberId
        # is not memberAge)
        every = cols(ds)
        rest = " ".join(
            w for w in rest.split() if not names_entity(w.strip("?,.!:;"), every) or w in names
        )
        found = [c for c in named_in_order(rest, names) if c not in taken]
        if not t_phrase and not y_phrase and len(found) == 2:
            t_phrase, y_phrase = found[0], found[1]
        elif (
            not t_phrase
            and not y_phrase
            and len(causes := [c for c in found if _said_as_cause(c, rest)]) == 1
        ):
            # "the feed supplement makes cows healthier ... is that confounded by breed?": the
            # one column named is the subject of the claim's causal verb, the treatment; the
            # outcome, said by a word that names no column, is asked for
            t_phrase = causes[0]
        elif not t_phrase and y_phrase and found:
            t_phrase = found[0]
        elif t_phrase and not y_phrase and found:
            y_phrase = found[0]
        if t_phrase and y_phrase:
            reading(
                f"Read the treatment as {t_phrase!r} and the outcome as {y_phrase!r}, the columns "
                "the question names, in that order."
            )
    base = last_attempt(history, "estimate_effect") if history else None
    if (
        not t_phrase
        and y_phrase
        and not intent.followup
        and base is not None
        and base.args.get("dataset") == ds.get("id")
        and re.search(
            r"\b(?:effects?|impacts?)\s+(?:(?:is|was|would\s+be)\s+)?(?:on|for)\b", question, re.I
        )
        and not re.search(r"\b(?:effects?|impacts?)\s+of\b", question, re.I)
    ):
        # "what is the effect on weekly revenue instead?" after an estimate: the effect of the
        # same treatment on another outcome
        t_phrase = base.args["treatment"]
        reading(f"Read the treatment as {t_phrase!r}, the treatment of the last estimate.")
    if not t_phrase or not y_phrase:
        # (a column to adjust for is neither end of the effect)
        taken = [
            match_column(p, cols(ds)).column or ""
            for p in (t_phrase, y_phrase, *intent.controls)
            if p
        ]
        missing = "treatment" if not t_phrase else "outcome"
        example = (
            f"'what is the effect of X on {y_phrase}?'"
            if y_phrase
            else f"'what is the effect of {t_phrase} on Y?'"
            if t_phrase
            else "'what is the effect of X on Y?'"
        )
        asked = missing_role(missing, ds, taken, example)
        # "could Z confound the effect of X?": a confounding check of a treatment whose outcome
        # is not said asks for it rather than reading Z and X as the pair
        asked.settled = bool(
            intent.focus == "confounding"
            and (t_phrase or y_phrase)
            and intent.controls
            and not intent.followup
        )
        raise asked
    if intent.what_if and intent.what_if.get("op") != "same":
        # "if every customer stayed a year longer", "had every agent been on the job six months
        # longer": a scenario of staying longer changes the column of time with the organisation
        # by the amount said, converted later to the column's own unit
        from copilot.agents.columns import STAY_SCENARIO, tenure_column, time_change

        change = time_change(question) if STAY_SCENARIO.search(question) else None
        said_y = match_column(y_phrase, cols(ds)).column
        tenure = tenure_column(ds, [said_y] if said_y else []) if change else None
        if tenure and change and tenure != said_y:
            if tenure != match_column(t_phrase, cols(ds)).column:
                reading(f"Read staying longer as a change of {tenure!r}, the time with you.")
            t_phrase = tenure
            intent.what_if = {"op": "add", "value": change[0], "unit": change[1]}
    if intent.what_if and re.fullmatch(r"[a-z]+", t_phrase, re.I):
        # "if they stayed two years longer with us": a scenario whose treatment is read as the
        # amount's unit alone changes the one column measured in that unit
        from copilot.agents.columns import amount_units, column_in_unit

        unit = amount_units(f"1 {t_phrase}")
        if len(unit) == 1 and amount_units(question) == unit:
            said = column_in_unit(unit[0], ds, [y_phrase])
            if said and said != t_phrase:
                reading(f"Read {t_phrase!r} as {said!r}, the column measured in that unit.")
                t_phrase = said
    t = column(t_phrase, ds, "treatment")
    y_phrase = _outcome_in_group(y_phrase, intent, ds, [t])
    if match_column(y_phrase, cols(ds)).column == t:
        # "the effect of milking frequency on yield": one phrase says the column in full, the
        # other only by a modifier ("milking"); its other words name no column at all
        for phrase, role, other in (
            (t_phrase, "treatment", y_phrase),
            (y_phrase, "outcome", t_phrase),
        ):
            if _unsaid_words(phrase, t, ds) and not _unsaid_words(other, t, ds):
                raise no_column(phrase, ds, role)
        raise Reply(
            f"The treatment and the outcome are the same column ({t!r}); ask for the effect of "
            "one column on another."
        )
    y = column(y_phrase, ds, "outcome", exclude=[t])
    if intent.focus == "confounding" and any(
        len(p.split()) <= 3
        # (a phrase of the link itself, "link between X", names no confounder)
        and not re.search(
            r"\b(?:link|relation\w*|between|association|effects?|impacts?)\b", p, re.I
        )
        and match_column(p, cols(ds)).column == t
        for p in intent.controls
    ):
        # "The chains train their staff more and have fewer violations. Is this confounded by
        # being a chain?": what confounds a link is no end of it; the link is between the two
        # other columns the question names, in order
        named = variables(ds)
        others = [c for c in named_in_order(question, named) if c != t]
        if len(others) >= 2:
            reading(
                f"Read the link as {others[0]!r} -> {others[1]!r}: {t!r} is the confounder "
                "asked about."
            )
            t, y = others[0], others[1]
    kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    if intent.weak_direction and kinds.get(y) == "binary" and kinds.get(t) != "binary":
        t, y = y, t  # "competitor nearby vs weekly revenue": the yes/no column is the treatment
    args: dict[str, Any] = {"dataset": ds["id"], "treatment": t, "outcome": y}
    effect_slots(intent, ds, args, question)
    if (
        intent.maybe_method
        and not match_column(intent.maybe_method, cols(ds)).candidates
        and not (args.get("by") and _names_level_of(intent.maybe_method, ds, args["by"]))
    ):
        # "... using bayesian optimal transport": no column, no method of this installation
        from copilot.agents import lexicon

        note(
            f"{intent.maybe_method}: not an estimation method of this installation (available: "
            + ", ".join(dict.fromkeys(lexicon.METHODS.values()))
            + "; used auto)"
        )
    if "graph" not in args:
        # A graph discovered earlier in the session on the same data is the analyst's graph.
        disc = [
            c
            for c in history
            if c.name == "discover" and c.ok and c.args.get("dataset") == ds["id"]
        ]
        if disc and not args.get("instrument"):
            args["graph"] = disc[-1].id
    return args


def changed_effect(
    intent: Intent, args: dict[str, Any], ds: dict[str, Any], history: list[Call]
) -> dict[str, Any]:
    """The earlier estimate's arguments with what the follow-up changes."""
    answers = _ANSWERS.get() or {}
    if intent.what_if and intent.what_if.get("op") == "same":
        # "and 2 hours?": the earlier scenario (add, scale or set) with the new amount
        before = args.get("what_if") or {}
        spec = {k: v for k, v in intent.what_if.items() if k != "percent"}
        spec["op"] = before.get("op", "add")
        if spec["op"] == "scale" and intent.what_if.get("percent"):
            # "and 20%?" after "raise by 10%" raises by 20%; after "cut by 10%" it cuts by 20%
            down = float(before.get("value", 2.0)) < 1.0 and float(spec["value"]) > 0
            spec["value"] = 1.0 + (-1.0 if down else 1.0) * float(spec["value"]) / 100.0
        elif intent.what_if.get("percent") and spec["op"] != "scale":
            spec["op"], spec["value"] = "scale", 1.0 + float(spec["value"]) / 100.0
        intent.what_if = spec
    if intent.swap:
        # "and the other way round?": the outcome becomes the treatment and back, unless the
        # earlier estimate had a part that belongs to its direction (an instrument moves the old
        # treatment, a mediator lies between them, a scenario sets the old treatment): then the
        # swap is asked back
        t, y = args["treatment"], args["outcome"]
        bound = [
            f"the instrument {args['instrument']!r} (it moves {t!r})"
            if args.get("instrument")
            else "",
            f"the mediator {args['mediator']!r} (it lies between {t!r} and {y!r})"
            if args.get("mediator")
            else "",
            f"the scenario on {t!r}" if args.get("what_if") else "",
        ]
        bound = [b for b in bound if b]
        if bound and not answers.get("role:swap"):
            raise Reply(
                f"Swapping the roles would make {y!r} the treatment and {t!r} the outcome, but "
                f"the last estimate had {' and '.join(bound)}, which does not carry over. Do you "
                f"want the plain effect of {y!r} on {t!r}, or something else?",
                role="swap",
                candidates=[f"{y}->{t}"],
            )
        if bound:
            # the plain reversed effect, consented to after the question back
            for part in ("instrument", "mediator"):
                args.pop(part, None)
        args["treatment"], args["outcome"] = args["outcome"], args["treatment"]
        args.pop("what_if", None)
        if args.get("focus") == "what_if":
            del args["focus"]
    if intent.context:
        # "My boss only cares about downtime. Can you redo it for that?", "NPS is what counts
        # now. Rerun with that as the outcome": the one new column the sentence before names
        from copilot.agents.levels import columns_of_level_words

        ids = [c["name"] for c in ds.get("columns") or [] if c.get("kind") == "id"]
        taken = [args["treatment"], args["outcome"], *ids]
        named = columns_named_in(intent.context, ds, taken)
        named = named or _columns_said_loosely(intent.context, ds, taken)
        groups = columns_of_level_words(intent.context, ds, taken)
        if not named and len(groups) == 1 and not intent.by:
            # "Management asked about the city stores. Same thing for them?": a group
            intent.by = groups[0]
        pointers = [
            k
            for k in ("treatment", "outcome", "other")
            if _PRONOUN.fullmatch(getattr(intent, k) or "")
        ]
        if len(named) == 1 and pointers:
            setattr(intent, pointers[0], named[0])
        elif len(named) == 1 and not (intent.other or intent.outcome or intent.treatment):
            intent.other = named[0]
    if intent.by and not match_column(intent.by, cols(ds)).column:
        intent.by = level_subgroup(intent.by, ds) or intent.by  # "bigger for premium handsets?"
    for slot in ("other", "outcome"):
        # "what about for women only?", "and in TX?": a group named by its level is a subgroup
        # of the same estimate, not a new variable
        group = getattr(intent, slot)
        if group and not intent.by and (col := level_subgroup(group, ds)):
            intent.by = col
            setattr(intent, slot, None)
        elif (
            group
            and not intent.by
            # ("for the accidents, not the complaints": a variable replaced, no group)
            and not intent.instead_of
            and (col := binary_group(group, ds, args))
        ):
            # "what about for organic plots?", "and for people with a cosigner?": the rows
            # with a yes/no column set, a subgroup of the same estimate
            reading(f"Read {group!r} as the groups of {col!r}.")
            intent.by = col
            setattr(intent, slot, None)
    if intent.other and intent.instead_of:
        swapped = swap_other_slot(intent, args, ds)
        if swapped:
            intent.other = None
    if intent.other:
        role = other_role(intent, args, ds)
        if role == "treatment":
            intent.treatment = intent.other
        else:
            intent.outcome = intent.other
    y_phrase = intent.outcome or answers.get("role:outcome")
    t_phrase = intent.treatment or answers.get("role:treatment")
    if y_phrase:
        args["outcome"] = column(y_phrase, ds, "outcome", exclude=[args["treatment"]])
    if t_phrase:
        args["treatment"] = column(t_phrase, ds, "treatment", exclude=[args["outcome"]])
    # a column that is now the treatment or the outcome has no other role any more
    roles = (args["treatment"], args["outcome"])
    controls = [c for c in args.pop("common_causes", None) or [] if c not in roles]
    if controls:
        args["common_causes"] = controls
    for key in ("mediator", "instrument", "by"):
        if args.get(key) in roles:
            del args[key]
    if intent.method or intent.methods:
        args.pop("method", None)
        args.pop("methods", None)
    elif intent.by or intent.mediator or intent.focus:
        # "now just split it by territory" after a comparison of methods: another kind of
        # analysis, with the planner's own choice of estimator
        args.pop("methods", None)
    if intent.focus:
        args.pop("what_if", None)
    elif (
        args.get("focus") == "confounding"
        and intent.controls
        and (
            {c.lower() for c in intent.controls} == {c.lower() for c in _confounders_found(history)}
        )
    ):
        # "so adjust for it" after a confounding check: the estimate adjusted for what the check
        # found, not the check again (a further control, "add Z too", checks again)
        del args["focus"]
    for item in intent.drop:
        drop_from(args, item, ds)
    effect_slots(intent, ds, args)
    return args


def leave_out(
    phrases: list[str], ds: dict[str, Any], args: dict[str, Any], taken: list[str]
) -> None:
    """Keep the columns the question says not to control for out of the controls (and out of a
    mediator or subgroup slot a clause may have filled), and say so: without named controls the
    adjustment set comes from the graph, which the tool does not let a column be barred from."""
    gone = []
    for p in phrases:
        col = optional_column(p, ds, "column to leave out of the controls", exclude=taken[:2])
        if col is None:
            continue
        if col in taken[:2]:
            continue
        gone.append(col)
        for key in ("mediator", "by"):
            if args.get(key) == col:
                del args[key]
    if not gone:
        return
    controls = [c for c in args.get("common_causes") or [] if c not in gone]
    if controls:
        args["common_causes"] = controls
    else:
        args.pop("common_causes", None)
    names = ", ".join(gone)
    if controls:
        reading(f"Left {names} out of the controls, as asked.")
    else:
        reading(
            f"Left {names} out of the controls, as asked: no controls are named, so the "
            "adjustment set comes from the causal graph, which adjusts for common causes of "
            f"{args['treatment']} and {args['outcome']} only (the answer lists the set used)."
        )


#: The arguments a follow-up's role word removes ("drop the subgroups").
DROPPED_ROLES = {
    "<controls>": ("common_causes", "adjust_for_all"),
    "<by>": ("by",),
    "<instrument>": ("instrument",),
    "<mediator>": ("mediator",),
    "<method>": ("method", "methods"),
    "<graph>": ("graph",),
}


def drop_from(args: dict[str, Any], item: str, ds: dict[str, Any]) -> None:
    """Remove what a follow-up takes out of the previous estimate: a slot named by its role
    word, or a column from whichever slot holds it (said in a note when none holds it)."""
    if item in DROPPED_ROLES:
        for key in DROPPED_ROLES[item]:
            args.pop(key, None)
        if item == "<instrument>" and args.get("method") == "iv":
            args.pop("method")  # without an instrument there is no IV estimate
        return
    col = column(item, ds, "column to drop")
    if col in (args.get("treatment"), args.get("outcome")):
        raise Reply(
            f"{col!r} is the {'treatment' if col == args.get('treatment') else 'outcome'}; "
            "name another column to estimate instead (e.g. 'what about X instead?')."
        )
    controls = list(args.get("common_causes") or [])
    if col in controls:
        controls.remove(col)
        if controls:
            args["common_causes"] = controls
        else:
            args.pop("common_causes")
        return
    for key in ("by", "mediator", "instrument"):
        if args.get(key) == col:
            del args[key]
            return
    note(f"{col}: the previous estimate did not use it, so there was nothing to drop")


def swap_other_slot(intent: Intent, args: dict[str, Any], ds: dict[str, Any]) -> bool:
    """A follow-up's "Z2 instead of Z1" where Z1 held a role besides the treatment and the
    outcome (a control, the instrument, the mediator, the subgroup column): Z2 takes that role.
    False when Z1 is none of them (the treatment or the outcome is replaced instead)."""
    old = match_column(intent.instead_of or "", cols(ds)).column
    if not old or old in (args.get("treatment"), args.get("outcome")):
        return False
    controls = list(args.get("common_causes") or [])
    slot = "common_causes" if old in controls else None
    for key in ("instrument", "mediator", "by"):
        if args.get(key) == old:
            slot = key
    if slot is None:
        return False
    taken = [args.get("treatment"), args.get("outcome")]
    new = column(intent.other or "", ds, "new column", exclude=taken)
    if slot == "common_causes":
        args[slot] = [new if c == old else c for c in controls]
    else:
        args[slot] = new
    reading(f"Read {intent.other!r} as replacing {old!r}.")
    return True


def other_role(intent: Intent, args: dict[str, Any], ds: dict[str, Any]) -> str:
    """Which role a follow-up's new column takes ("what about cost?", "severity instead of the
    drug"): the role of the column it replaces; else the outcome when the table lists it after
    the outcome (tables tend to list causes first); else the role whose column is of its kind,
    else the side of the table it stands on; asks when none of these decides."""
    answers = _ANSWERS.get() or {}
    if answers.get("role:role") in ("treatment", "outcome"):
        return answers["role:role"]
    if intent.instead_of:
        old = match_column(intent.instead_of, cols(ds)).column
        if old == args.get("outcome"):
            return "outcome"
        if old == args.get("treatment"):
            return "treatment"
    new = column(intent.other or "", ds, "new column", exclude=[])
    kind = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    unknown = [r for r in ("treatment", "outcome") if args.get(r) and args[r] not in kind]
    if len(unknown) == 1:
        return unknown[0]  # the step failed on a name that is no column: that is what is replaced
    as_t = kind.get(new) == kind.get(args.get("treatment"))
    as_y = kind.get(new) == kind.get(args.get("outcome"))
    order = {c: i for i, c in enumerate(cols(ds))}
    at, ay, an = (order.get(args.get("treatment")), order.get(args.get("outcome")), order[new])
    causal_order = at is not None and ay is not None and at < ay
    if causal_order and an > ay:
        return "outcome"  # listed after the outcome: downstream of it, so not its cause
    if as_y and not as_t:
        return "outcome"
    if as_t and not as_y:
        return "treatment"
    if not as_t and not as_y and causal_order:
        # Neither kind decides: tables list causes before their effects more often than not, so
        # a column before the treatment reads as another cause and one after the outcome as
        # another outcome; one in between is asked about.
        if an < at:
            return "treatment"
        if an > ay:
            return "outcome"
        if kind.get(args.get("treatment")) == "binary":
            # between a yes/no treatment and its outcome: a measure taken after the
            # intervention ("childcare subsidy on employment" then "what about hours worked?")
            return "outcome"
    from copilot.agents.lexicon import INTERVENTION_WORDS

    def done_to_units(c: str | None) -> bool:
        return bool(c) and bool(set(tokens(c)) & INTERVENTION_WORDS)

    if as_t and done_to_units(new) and not done_to_units(args.get("outcome")):
        return "treatment"  # "no, I meant the childcare subsidy": a programme, not a result
    raise Reply(
        f"Should {new!r} replace the treatment ({args.get('treatment')!r}) or the outcome "
        f"({args.get('outcome')!r})? Answer treatment or outcome.",
        role="role",
        phrase="",
        candidates=["treatment", "outcome"],
    )


_AGAINST = (
    r"\b(?:compared\s+(?:with|to)|comparing\s+(?:it\s+)?(?:with|to)|against|relative\s+to|"
    r"versus|vs\.?|rather\s+than|instead\s+of|than|over)\s+(?:the\s+|a\s+|an\s+|being\s+on\s+)?"
)


def _reference_level(question: str, ds: dict[str, Any], treatment: str | None) -> str | None:
    """The level of a categorical treatment the question compares the others with ("compared
    with basic", "against the standard plan", "vs control"), when it names exactly one."""
    from copilot.agents.levels import categorical_levels, level_pattern

    kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    if not treatment or kinds.get(treatment) != "categorical":
        return None
    levels = categorical_levels(ds).get(treatment) or []
    named = [
        lv
        for lv in levels
        if (p := level_pattern(lv, levels)) and re.search(_AGAINST + f"(?:{p})", question, re.I)
    ]
    return named[0] if len(named) == 1 else None


def column_of_levels(
    question: str, ds: dict[str, Any], taken: Sequence[str], least: int = 2
) -> str | None:
    """The categorical column `least` or more of whose levels the question names ("city vs
    suburb vs rural" names `location`), from the level names the data layer reports in its
    notes; a level may be named in the plural ("in cities")."""
    from copilot.agents.levels import categorical_levels, level_pattern

    kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    found = []
    for name, levels in categorical_levels(ds).items():
        if kinds.get(name) != "categorical" or name in taken:
            continue
        named = [
            lv for lv in levels if (p := level_pattern(lv, levels)) and re.search(p, question, re.I)
        ]
        if len(named) >= least:
            found.append(name)
    if len(found) > 1 and least == 1:
        # "among premium customers" when both the plan and the handset have a premium tier
        answers = _ANSWERS.get() or {}
        chosen = answers.get(f"column:{question.lower()}")
        if chosen in found:
            return chosen
        opts = " or ".join(repr(c) for c in found[:4])
        raise Reply(
            f"Which column do you mean by {question!r} (the subgroups): {opts}?",
            role="subgroup column",
            phrase=question,
            candidates=found[:4],
            tie=True,
        )
    return found[0] if len(found) == 1 else None


#: Words around a group's name in a follow-up that restrict the estimate to it ("for women only").
_GROUP_FRAME = re.compile(
    r"^(?:(?:for|in|among|within|on|at|with|just|only|the|our|those|people)\s+)*|"
    r"(?:\s+(?:only|alone|too|then|instead|group|ones|people|customers|patients|users|"
    r"segment|subgroup|folks|guys|staff|team|teams|employees|workers|members))+$",
    re.I,
)


#: Words around a yes/no column said as a group ("people with a cosigner", "the organic ones").
_GROUP_LINKS = frozenset(
    "with without who that have has had having got get gets received use used a an the those "
    "these only".split()
)


def binary_group(phrase: str, ds: dict[str, Any], args: dict[str, Any]) -> str | None:
    """The yes/no column a follow-up's phrase names as a group of rows ("organic plots", "people
    with a cosigner", "the irrigated ones"): a word of the phrase names the column and every
    other word is a word for the rows, a group noun or a link, or the phrase is the column's name
    in the plural said after "for" ("for the single parents only"); None otherwise (a phrase of
    the column alone, "for organic?", may be a new outcome)."""
    from copilot.agents.levels import _GROUP_NOUNS

    kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    binary = [
        c
        for c, k in kinds.items()
        if k == "binary" and c not in (args.get("treatment"), args.get("outcome"))
    ]
    words = [w for w in tokens(phrase) if w not in _GROUP_LINKS]
    every = cols(ds)
    rest = [w for w in words if w in _GROUP_NOUNS or names_entity(w, every)]
    said = [w for w in words if w not in rest]
    if not said or len(said) > 2:
        return None
    hit = match_column(" ".join(said), binary)
    if not rest and not re.search(r"\b(?:with|without|who|having)\b", phrase, re.I):
        # ("for the single parents only": the column's name in the plural, said after "for",
        # is its group; "I meant bus lanes" names the column)
        asked = _QUESTION.get() or ""
        after_for = re.search(
            r"\b(?:for|among|within)\s+(?:the\s+|our\s+)?" + re.escape(phrase.strip()), asked, re.I
        )
        # ("same but for repeat buyers": the idiom that swaps the outcome, unless "only" follows)
        same = re.search(
            r"\bsame\b[^.?!]*\bfor\s+(?:the\s+|our\s+)?"
            + re.escape(phrase.strip())
            + r"(?!\s+(?:only|alone)\b)",
            asked,
            re.I,
        )
        plural = hit.column and hit.how == "plural"
        return hit.column if plural and after_for and not same else None
    if hit.column and hit.how == "similar" and _every_word_names(" ".join(said), hit.column):
        return hit.column  # "stores near a competitor": each word said names one of the column's
    return hit.column if hit.column and hit.how in ("exact", "plural", "subset", "words") else None


def level_subgroup(phrase: str, ds: dict[str, Any]) -> str | None:
    """The text column a follow-up's phrase names by one of its levels ("women" -> `sex`,
    "TX" -> `state`, "the night shift" -> `shift`), when the phrase names no column itself;
    a level of two columns is asked back with both."""
    from copilot.agents.intents import group_word
    from copilot.agents.levels import categorical_levels, columns_of_level_words

    p = _GROUP_FRAME.sub("", phrase.strip()).strip()
    if not p:
        return None
    names = cols(ds)
    hit = match_column(p, names)
    levels = categorical_levels(ds)
    exact = [c for c, lv in levels.items() if p.lower() in (v.lower() for v in lv)]
    if hit.column and hit.column not in exact and hit.how in ("exact", "plural", "subset", "words"):
        # a column said with one of its levels ("the night shift") is still that group
        return hit.column if hit.column in columns_of_level_words(p, ds) else None
    word = group_word(p)
    if word != p:
        return match_column(word, names).column
    found = exact or columns_of_level_words(p, ds)
    if len(found) > 1:
        # "premium plan": the words of one column's name decide between its levels' columns
        named = [c for c in found if set(tokens(c)) & set(tokens(p))]
        found = named if len(named) == 1 else found
    if len(found) > 1:
        return column_of_levels(p, ds, [], 1)  # asks which, or takes the reply
    return found[0] if found else None


def _names_level_of(phrase: str, ds: dict[str, Any], column: str) -> bool:
    """Whether `phrase` names a level of `column` ("budget phones" of `handset`)."""
    from copilot.agents.levels import columns_of_level_words

    return column in columns_of_level_words(phrase, ds)


def _outcome_in_group(
    y_phrase: str, intent: Intent, ds: dict[str, Any], taken: Sequence[str]
) -> str:
    """The outcome phrase without a group said after it ("rides in the outer district"): the
    group, a level of a categorical column, becomes the subgroups when none are named yet."""
    m = re.fullmatch(r"(?P<y>.+?)\s+(?:in|for|among|at|within)\s+(?P<g>.+)", y_phrase.strip())
    if intent.by or not m:
        return y_phrase
    y = match_column(m.group("y"), cols(ds), exclude=taken)
    if not y.column:
        return y_phrase
    from copilot.agents.levels import categorical_levels, level_pattern

    kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
    found = [
        name
        for name, levels in categorical_levels(ds).items()
        if kinds.get(name) == "categorical"
        and name not in taken
        and any(
            (p := level_pattern(lv, levels)) and re.search(p, m.group("g"), re.I) for lv in levels
        )
    ]
    whole = match_column(y_phrase, cols(ds), exclude=taken)
    if len(found) != 1 or (whole.column not in (None, found[0]) and whole.how != "similar"):
        return y_phrase  # ("time in range": a name that holds the preposition)
    intent.by = found[0]
    return m.group("y")


#: Groups said through a word for groups ("groups of customers", "the kinds of plan").
_GROUPS_OF = re.compile(
    r"(?:the\s+|our\s+|each\s+|every\s+)?(?:(?:different|various|several)\s+)?(?:groups|kinds|types|sorts|"
    r"segments|categories|classes|sub-?groups?|strat(?:a|um)|subpopulations?)(?:\s+of\s+(?:the\s+|our\s+)?(?P<of>[\w'\- ]+?))?(?:\s+(?:we|they|you)\s+\w+)?",
    re.I,
)

#: A group compared with the rest ("as much as the others", "more than the rest", "than other
#: breeds").
_THAN_THE_OTHERS = re.compile(
    r"\b(?:as\s+(?:much|well|many)\s+as|the\s+same\s+as|than|compared\s+(?:to|with))\s+"
    r"(?:(?:for|in|with|among|on)\s+)?(?:the\s+|all\s+the\s+)?(?:others?'?|the\s+rest|rest|other\s+[a-z]+)\b",
    re.I,
)


def _one_level_subgroup(question: str, ds: dict[str, Any], taken: Sequence[str]) -> str | None:
    """The column of one level a question names after a preposition ("for cardiology patients");
    a level of two columns ("among premium customers") is asked back with both."""
    from copilot.agents.levels import single_level_columns

    found, said = single_level_columns(question, ds, taken)
    if len(found) > 1:
        return column_of_levels(said, ds, taken, 1)  # asks which, or takes the reply
    return found[0] if found else None


#: A phrase that points back at columns listed earlier ("adjusting for these three").
_POINTS_BACK = re.compile(
    r"(?:all\s+(?:of\s+)?)?(?:these|those|them|both|the\s+above|the\s+(?=two|three|four|five|six))"
    r"(?:\s+(?P<n>two|three|four|five|six))?(?:\s+(?:of\s+them|variables|columns|covariates|factors|"
    r"ones|things))?",
    re.I,
)
_COUNTS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def named_before(phrase: str, question: str, ds: dict[str, Any], taken: Sequence[str]) -> list[str]:
    """The columns a pointing phrase ("these three", "them", "both") stands for: those named in
    the nearest earlier sentence of the question that names any (as many as it counts)."""
    pm = _POINTS_BACK.fullmatch(phrase.strip())
    if not pm:
        return []
    want = _COUNTS.get((pm.group("n") or phrase.split()[0]).lower())
    at = question.lower().rfind(phrase.lower())
    before = question[: at if at >= 0 else len(question)]
    for sentence in reversed(re.split(r"(?<=[.!?;])\s+", before)):
        named = columns_named_in(sentence, ds, taken)
        if len(named) >= 2 and (want is None or len(named) == want):
            return named
    return []


def _columns_said_loosely(text: str, ds: dict[str, Any], taken: Sequence[str]) -> list[str]:
    """Columns a word or two of a context sentence name, inflected ("churn" for `churned`) or
    by their own words; a word that only resembles a name ("finance" ~ insurance) names none."""
    from copilot.agents.columns import _FILLER

    words = tokens(text)
    found: list[str] = []
    for k in (2, 1):
        for i in range(len(words) - k + 1):
            span = words[i : i + k]
            if any(len(w) < 3 or w in _FILLER for w in span):
                continue
            m = match_column(" ".join(span), cols(ds), exclude=taken)
            if not m.column or m.column in found:
                continue
            shared = any(
                len(os.path.commonprefix([w, cw])) >= 4 for w in span for cw in tokens(m.column)
            )
            if m.how in ("exact", "plural", "subset", "words") or shared:
                found.append(m.column)
    return found


def columns_named_in(text: str, ds: dict[str, Any], taken: Sequence[str]) -> list[str]:
    """Columns that a word or three of `text` name by the columns' own words (not by similarity, nor
    a phrase with more words than the name: "bmi and site" is two names), in order."""
    words = tokens(text)
    out: list[str] = []
    i = 0
    while i < len(words):
        for k in (3, 2, 1):
            m = match_column(" ".join(words[i : i + k]), cols(ds), exclude=taken)
            if len(words[i : i + k]) == k and m.column and m.how in ("exact", "plural", "subset"):
                if m.column not in out:
                    out.append(m.column)
                i += k
                break
        else:
            i += 1
    return out


#: Words that name levels of a continuous column ("older machines", "high-rainfall plots").
_DEGREE = re.compile(
    r"\b(?:old|older|oldest|young|younger|youngest|new|newer|high|higher|highest|low|lower|lowest|"
    r"big|bigger|biggest|small|smaller|smallest|large|larger|long|longer|short|shorter|fast|faster|"
    r"slow|slower|more|less|heavy|heavier|light|lighter|rich|richer|poor|poorer)\b",
    re.I,
)


#: Words for a random assignment said as the act ("the lottery", "a coin flip", "randomisation")
#: rather than as the column that records it.
_RANDOM_ACT = re.compile(
    r"(?:the\s+|a\s+|an\s+|that\s+|this\s+)?(?:(?:random\s+)?(?:lottery|draw|ballot|coin\s+(?:flip|toss))|"
    r"randomi[sz]ation|random\s+(?:assignment|allocation|invitations?|offers?)|"
    # ("the assignment is the clean part"; "the treatment allocation")
    r"(?:randomi[sz]ed\s+|treatment\s+|arm\s+)?(?:assignment|allocation))",
    re.I,
)
#: Words of a column name that record who was assigned, offered or invited (the instrument of an
#: encouragement design): `trial_offer`, `rand_arm`, `onboarding_invite_sent`, `coach_offer`.
_ASSIGNMENT_WORDS = frozenset(
    "offer offered invite invited invitation arm rand random randomised randomized assign assigned "
    "assignment allocation allocated lottery encouragement encouraged".split()
)


def _assignment_column(phrase: str, ds: dict[str, Any], taken: Sequence[str]) -> str | None:
    """The one column recording an assignment when an instrument is said as the random act
    itself ("the lottery decided who got invited, so use that") and no column name says it."""
    if not _RANDOM_ACT.fullmatch(phrase.strip()) or _match(phrase, ds, taken).column:
        return None
    found = [c for c in cols(ds) if c not in taken and set(tokens(c.lower())) & _ASSIGNMENT_WORDS]
    if len(found) != 1:
        return None
    reading(f"Read {phrase!r} as {found[0]!r}, the one column that records an assignment.")
    return found[0]


#: Units a level may be said in, and the words of column names that measure in them.
_UNIT_WORDS = {
    r"degrees?|deg|°\s*c?|celsius": {"c", "degc", "celsius", "temp", "deg"},
    r"%|percent|per\s*cent": {"pct", "percent", "rate"},
    r"kg|kilos?|kilograms?": {"kg"},
    r"km|kilometres?|kilometers?": {"km"},
    r"minutes?|mins?": {"min", "mins", "minutes"},
    r"hours?|hrs?": {"h", "hr", "hrs", "hours"},
}


def _column_in_unit(
    question: str, level: float, ds: dict[str, Any], taken: Sequence[str]
) -> str | None:
    """The one numeric column measured in the unit that `level` is said in ("to 20 degrees":
    `setpoint_c`); None when the level has no unit or no column or several fit."""
    number = re.escape(f"{level:g}")
    for said, words in _UNIT_WORDS.items():
        if not re.search(rf"(?<![\d.]){number}\s*(?:{said})(?!\w)", question, re.I):
            continue
        fit = [
            c["name"]
            for c in ds.get("columns") or []
            if c.get("kind") not in ("binary", "id", "categorical")
            and c["name"] not in taken
            and set(tokens(c["name"].lower())) & words
        ]
        return fit[0] if len(fit) == 1 else None
    return None


def _unit_says_other(
    question: str, treatment: str, kind: dict[str, Any], ds: dict[str, Any], taken: Sequence[str]
) -> str | None:
    """The one column measured in the unit a scenario's amount is said in, when the treatment
    read cannot take that amount: a category or a yes/no column ("if the routes were 2 km
    shorter" read as `RouteType`), or a column in another unit that no conversion reaches ("6
    more months" read as `monthly_amt_eur` through "monthly"). None otherwise: a column in
    another unit of time converts ("30 minutes more" of `sleep_hrs`), and one whose name says
    no unit keeps the reading ("2 years older" of `driver_age`)."""
    from copilot.agents.columns import TIME_AMOUNT_UNITS, amount_units, column_in_unit, own_unit

    units = amount_units(question)
    if len(units) != 1:
        return None
    said, own = units[0], own_unit(treatment)
    if own == said:
        return None
    words = tokens(treatment.lower())
    # ("if every ride were 5 minutes longer" read as `rides_per_day`, "every stop 20 seconds
    # shorter" as `n_stops`: a count or a rate per unit takes no amount of time or length)
    # (only an amount said as a length of time or way: "5 minutes longer", not the "a day" of
    # "5 more docks, how many more rides a day?")
    counted = (
        own is None
        and bool({"per", "n", "num", "cnt", "count", "number"} & set(words))
        and re.search(
            r"\b(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|km|"
            r"kilomet\w+|miles?|met(?:re|er)s?)\s+(?:longer|shorter|less|more|faster|slower|quicker|"
            r"earlier|later|sooner)\b",
            question,
            re.I,
        )
        is not None
    )
    if kind.get(treatment) not in ("binary", "categorical") and not counted:
        if own is None or (own in TIME_AMOUNT_UNITS and said in TIME_AMOUNT_UNITS):
            return None
    alt = column_in_unit(said, ds, [c for c in taken if c != treatment])
    if alt is None and counted:
        raise Reply(
            f"{treatment!r} is a count, not an amount in {said}, and no column of {ds['id']!r} is "
            f"measured in {said}: which column should the scenario change?",
            role="treatment",
            candidates=[],
        )
    return alt


def effect_slots(
    intent: Intent, ds: dict[str, Any], args: dict[str, Any], question: str = ""
) -> None:
    """Every other slot of an effect question into `args` (or a note saying why it is not)."""
    taken = [args["treatment"], args["outcome"]]
    taken += [args[k] for k in ("mediator", "instrument") if args.get(k)]
    if intent.mediator:
        args["mediator"] = column(intent.mediator, ds, "mediator", exclude=taken)
        taken.append(args["mediator"])
    if intent.method == "iv" and not intent.instrument and not args.get("instrument"):
        # "the Wald estimator for X on Y using the council grant": what an IV estimate uses is
        # its instrument
        for m in re.finditer(
            r"\b(?:using|with|via|off|exploiting)\s+(?:the\s+|a\s+|an\s+)?([\w .'\-]+?)"
            r"(?=\s*(?:[,;?.!]|$)|\s+(?:as|to|for|on|and|please)\b)",
            question.lower(),
        ):
            if _match(m.group(1), ds, taken).column:
                intent.instrument = m.group(1)
                break
    if intent.instrument:
        args["instrument"] = _assignment_column(intent.instrument, ds, taken) or column(
            intent.instrument, ds, "instrument", exclude=taken
        )
        taken.append(args["instrument"])
        if args.get("common_causes"):
            args["common_causes"] = [c for c in args["common_causes"] if c != args["instrument"]]
    if (
        intent.adjust_except
        and intent.by
        and re.search(r"\b(?:covariates?|variables?|columns?|other)\b", intent.by)
    ):
        intent.by = None  # "every covariate other than A": the controls, not subgroups
    kinds_of = intent.by and _GROUPS_OF.fullmatch(intent.by.strip())
    if kinds_of:
        # "across groups of customers", "by the kinds of plan": the column after "of" when it
        # names one; the rows' groups otherwise, whose column is picked or asked for
        of = kinds_of.group("of")
        if of and _match(of, ds, taken).column:
            intent.by = of
        else:
            intent.by, intent.subgroups_unnamed = None, True
    if (
        intent.by
        and names_entity(intent.by, cols(ds))
        and not column_of_levels(question, ds, taken)
        and not _match(intent.by, ds, taken).column
    ):
        if re.search(
            r"\b(?:kinds?|types?|sorts?|groups?|categories|classes|segments?)\s+of\s+(?:the\s+|our\s+)?"
            + re.escape(intent.by),
            question,
            re.I,
        ):
            # "across kinds of store": groups of the rows, whose column is picked or asked for
            intent.subgroups_unnamed = True
        intent.by = None  # "among households": the rows themselves, not a subgroup
    if intent.by and re.search(rf"\bper\s+(?:the\s+)?{re.escape(intent.by)}\b", question, re.I):
        intent.by = _per_unit_not_a_group(intent.by, intent.outcome, ds, args)
    by_from_levels = False
    if intent.by:
        from copilot.agents.intents import group_word

        if not _match(intent.by, ds, taken).column and group_word(intent.by) != intent.by:
            # "for the young": the effect split by the age column
            reading(f"Read {intent.by!r} as the groups of {group_word(intent.by)}.")
            intent.by = group_word(intent.by)
        found = _match(intent.by, ds, taken)
        level = (
            None if found.column or found.ambiguous else column_of_levels(intent.by, ds, taken, 1)
        )
        by = level or optional_column(intent.by, ds, "subgroup column", exclude=taken)
        kinds = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
        if (
            by
            and not level
            and found.how in ("subset", "similar")
            and kinds.get(by) == "continuous"
            and not _DEGREE.search(intent.by)
        ):
            # "across our lines" is not line_speed: a continuous column makes subgroups only
            # when the question names it in full
            note(f"{intent.by!r} as subgroups: it only partly names the continuous column {by!r}")
            by = None
        if by:
            args["by"] = by  # a column, or the column of a level the phrase names ("in cities")
        elif intent.subgroups_unnamed:
            # "is it the same for all the company?": the groups the word does not name are
            # picked or asked for
            args["by"] = column_of_levels(question, ds, taken) or subgroup_column(
                ds, taken, question
            )
    elif intent.subgroups_unnamed:
        # "who gains most - budget, mid or premium handset owners?": levels name the column
        args["by"] = column_of_levels(question, ds, taken) or subgroup_column(ds, taken, question)
    elif intent.focus is None and (by := column_of_levels(question, ds, taken)):
        args["by"] = by  # "app effect on basket: city vs suburb vs rural"
        by_from_levels = True
    elif intent.focus is None and (by := _one_level_subgroup(question, ds, taken)):
        args["by"] = by  # "for cardiology patients": the effect per ward, cardiology's among them
        by_from_levels = True
    elif (
        intent.focus is None
        and _THAN_THE_OTHERS.search(question)
        and (by := column_of_levels(question, ds, taken, 1))
    ):
        # "does it help Jersey cows' yield as much as the others'?": a level compared with the
        # rest of its column, whatever its place in the sentence
        args["by"] = by
        by_from_levels = True
    t = args.get("treatment")
    if reference := _reference_level(question, ds, t) or _reference_level(_QUESTION.get(), ds, t):
        # "plan's effect on spend, compared with basic"; "do pro customers spend more than
        # basic ones?" (read as "does pro affect spend?", the comparison in the asked words)
        args["reference"] = reference
    if intent.controls:
        have = list(args.get("common_causes") or [])
        phrases = []
        for p in intent.controls:
            named = named_before(p, question, ds, taken)
            if named:
                have += [c for c in named if c not in have]
                continue
            # "adj educ_yrs n_kids": names written one after the other, without a comma
            named = mentioned_columns(p, cols(ds))
            whole = "".join(tokens(p)) == "".join(t for c in named for t in tokens(c))
            if not (len(named) > 1 and whole):
                # ... or said in words ("ctrl credit score income", "headway n stops")
                named = segment_columns(
                    p,
                    variables(ds),
                    exclude=taken,
                )
                whole = bool(named)
                if named:
                    reading(f"Read {p!r} as the controls {', '.join(named)}.")
            phrases += named if len(named) > 1 and whole else [p]
        for p in phrases:
            if (
                len([w for w in tokens(p) if w not in ("the", "our", "their", "all", "a", "an")])
                == 1
                and names_entity(p, cols(ds))
                and _match(p, ds, taken).how not in ("exact", "plural")
            ):
                # "because members come more often": the rows themselves, no variable
                note(f"{p!r} as a variable to control for: it names the rows, not a column")
                continue
            from copilot.agents.levels import columns_of_level_words

            level_of = columns_of_level_words(p, ds, taken)
            near = _match(p, ds, taken)
            if (
                len(level_of) == 1
                and near.how not in ("exact", "plural")
                # ("monthly bill": a word of a column's own name outranks a level)
                and not (near.column and _shares_a_word(p, near.column))
            ):
                # "or is it just that they're in sales?": a level said for its column
                reading(f"Read {p!r} as {level_of[0]!r}, the column of the level it names.")
                c = level_of[0]
            else:
                avoid = list(taken)
                if near.ambiguous:
                    # "controlling for age and vehicle age": a word two columns fit, one of
                    # them named by another control of the list, is the other one
                    avoid += [
                        m.column
                        for q in phrases
                        if q != p and (m := _match(q, ds, taken)).column and not m.ambiguous
                    ]
                c = optional_column(p, ds, "variable to control for", exclude=avoid)
            if c and c not in have:
                have.append(c)
        if by_from_levels and args.get("by") in have:
            # "mostly in city locations. ... adjusting for location": a level said in passing
            # names no split of a column the question adjusts for
            del args["by"]
        # "using the three sites as subgroups": the groups compared are held fixed within each
        # group already, not a control besides
        have = [c for c in have if c != args.get("by")]
        if have:
            args["common_causes"] = have
    if intent.adjust_except:
        # "controlling for everything except A and B": every other analysed column but those
        left_out = [
            optional_column(p, ds, "column to leave out of the controls", exclude=taken)
            for p in intent.adjust_except
        ]
        args["common_causes"] = [
            c["name"]
            for c in ds.get("columns") or []
            if c.get("kind") != "id" and c["name"] not in taken and c["name"] not in left_out
        ]
    if intent.excluded:
        leave_out(intent.excluded, ds, args, taken)
    if intent.methods:
        if intent.methods == ["*"]:
            kind = next(
                (c.get("kind") for c in ds.get("columns") or [] if c["name"] == args["treatment"]),
                "continuous",
            )
            methods = list(COMPARED_BINARY if kind == "binary" else COMPARED_CONTINUOUS)
            if args.get("instrument"):
                methods.append("iv")
        else:
            methods = list(intent.methods)
        args["methods"] = methods
    elif intent.method:
        args["method"] = intent.method
        if intent.method == "weighting" and not re.search(
            r"weight|\bipw\b|\biptw\b", question, re.I
        ):
            from copilot.agents.lexicon import BARE_PROPENSITY

            if re.search(BARE_PROPENSITY, question, re.I):
                reading(
                    "Read 'propensity scores' as inverse propensity weighting (method weighting); "
                    "matching and stratification use them too: name one to use it instead."
                )
    if intent.focus == "what_if" and intent.what_if:
        kind = {c["name"]: c.get("kind") for c in ds.get("columns") or []}
        level = float(intent.what_if.get("value", 0))
        alt = _unit_says_other(question or _QUESTION.get(), args["treatment"], kind, ds, taken)
        if alt:
            reading(
                f"Read the scenario as a change of {alt!r}: the amount is said in its unit, "
                f"which {args['treatment']!r} is not measured in."
            )
            args["treatment"] = alt
        if (
            kind.get(args["treatment"]) == "binary"
            and intent.what_if.get("op") == "set"
            and level not in (0.0, 1.0)
        ):
            # "set every thermostat to 20 degrees": a yes/no column has no level 20; the column
            # measured in the unit the level is said in is the one set
            alt = _column_in_unit(question or _QUESTION.get(), level, ds, taken)
            if alt is None:
                raise Reply(
                    f"{args['treatment']!r} is binary (0 or 1), so it cannot be set to {level:g}. "
                    f"Ask what happens if everyone gets it (set to 1) or no one does (set to 0), "
                    "or name the column to set."
                )
            reading(
                f"Read the scenario as setting {alt!r} to {level:g}: {args['treatment']!r} is "
                f"yes/no, and {alt!r} is measured in the unit the level is said in."
            )
            args["treatment"] = alt
        if kind.get(args["treatment"]) == "binary" and intent.what_if.get("op") != "set":
            raise Reply(
                f"{args['treatment']!r} is binary (0 or 1), so it cannot be scaled or shifted. "
                f"Ask what happens if everyone gets it ('what if {args['treatment']} were set to "
                "1 for everyone?') or no one does (set to 0)."
            )
        args["focus"] = "what_if"
        spec = dict(intent.what_if)
        if spec.pop("thousands", False) and re.search(
            r"(?:^|_)k(?:_|$)|thousand", args["treatment"]
        ):
            spec["value"] = float(spec["value"]) / 1000  # "5k more" of a column in thousands
        elif (
            spec.get("op") in ("add", "set")
            and abs(float(spec["value"])) >= 1000
            and re.search(r"(?:^|_)k(?:_|$)|thousand", args["treatment"])
        ):
            # "two thousand more steps a day" of a column counted in thousands (`steps_k_day`)
            reading(
                f"Read {float(spec['value']):g} as {float(spec['value']) / 1000:g} thousand: "
                f"{args['treatment']!r} is counted in thousands."
            )
            spec["value"] = float(spec["value"]) / 1000
        if spec.pop("hundredths", False) and not re.search(
            r"cent|(?:^|_)ct(?:_|$)", args["treatment"]
        ):
            spec["value"] = float(spec["value"]) / 100  # "50 cents" of a price in euros
            reading(
                f"Read {intent.what_if['value']:g} cents as {spec['value']:g} ({args['treatment']})."
            )
        said = spec.pop("unit", None)
        from copilot.agents.columns import own_unit
        from copilot.agents.intents import HOURS_PER, TIME_UNITS

        own = own_unit(args["treatment"])
        if own not in HOURS_PER:
            own = next((TIME_UNITS[w] for w in tokens(args["treatment"]) if w in TIME_UNITS), None)
        if said and own and said != own:
            # "30 min more" of a column counted in hours
            spec["value"] = float(spec["value"]) * HOURS_PER[said] / HOURS_PER[own]

            def said_in(v: float, unit: str) -> str:
                return f"{v:g} {unit}" + ("s" if unit not in ("sec", "min") and abs(v) != 1 else "")

            reading(
                f"Read {said_in(float(intent.what_if['value']), said)} as "
                f"{said_in(float(spec['value']), own)} ({args['treatment']})."
            )
        args["what_if"] = spec
    elif intent.focus == "confounding":
        args["focus"] = "confounding"
    if intent.refute is False:
        args["refute"] = False
    if intent.adjust_all:
        if args.get("instrument"):
            note("adjusting for every column: an instrument must not be adjusted for")
        else:
            args["adjust_for_all"] = True
            args.pop("common_causes", None)
    if intent.bootstrap is not None and intent.bootstrap >= 10:
        args["n_boot"] = intent.bootstrap
    elif intent.bootstrap is not None and intent.bootstrap >= 0:
        note(f"{intent.bootstrap} bootstrap resamples: estimate_effect needs at least 10")
    elif intent.bootstrap is not None:
        note(
            "bootstrap without a number: each estimator keeps its own interval (analytic, or 200 "
            "bootstrap resamples); ask e.g. 'with 500 bootstrap samples' to set the number"
        )
    if intent.confidence is not None and abs(intent.confidence - 0.95) > 1e-9:
        note(f"a {intent.confidence:.0%} interval: estimates report 95% confidence intervals")
    if intent.graph and "->" in intent.graph:
        # a graph written in the question: its edges between the columns their ends name
        edges = []
        for edge in intent.graph.split(";"):
            a, b = (column(p.strip(), ds, "node of the graph") for p in edge.split("->"))
            edges.append(f"{a} -> {b}")
        args["graph"] = "; ".join(edges)
    elif intent.graph:
        args["graph"] = intent.graph
    if intent.alpha is not None:
        note(
            f"alpha {intent.alpha:g}: effect estimates report 95% confidence intervals and "
            "take no significance level"
        )
    if intent.ci_test:
        note(
            f"the {intent.ci_test} test: independence tests belong to graph discovery, not to "
            "effect estimation (ask 'run PC with the "
            f"{intent.ci_test} test' for the graph)"
        )
    if intent.algorithm:
        note(
            f"{intent.algorithm}: the estimate uses an earlier graph or the default discovery; "
            f"ask 'run {intent.algorithm}' first to estimate on its graph"
        )


# probing --------------------------------------------------------------------------------------
def model_id(question: str, inputs: dict[str, Any], tools: list[str]) -> str | None:
    """The loaded model the question is about; None when the demo model must be loaded first."""
    models = list((inputs.get("models") or {}).values())
    if len(models) == 1:
        return models[0]["id"]
    if len(models) > 1:
        from copilot.agents.head_notation import model_named

        chosen = (_ANSWERS.get() or {}).get("model")
        named = [m for m in models if m["id"] == chosen] or [
            m for m in models if model_named(question, m)
        ]
        if len(named) == 1:
            return named[0]["id"]
        ids = [m["id"] for m in models]
        raise Reply(
            "Which model do you mean: " + ", ".join(repr(i) for i in ids) + "?",
            role="model",
            candidates=ids,
        )
    if "load_demo_model" in tools:
        return None
    raise Reply("No model is loaded. Pass one with --model PATH (CLI) or model=... (Python).")


def model_summary(question: str, inputs: dict[str, Any]) -> str:
    """The loaded model's numbers in words (layers, heads, width, vocabulary, gates)."""
    models = list((inputs.get("models") or {}).values())
    if not models:
        raise Reply("No model is loaded. Pass one with --model PATH (CLI) or model=... (Python).")
    from copilot.agents.head_notation import model_named

    named = [m for m in models if model_named(question, m)] or models
    out = []
    for m in named:
        n_layers, n_heads = m.get("n_layers"), m.get("n_heads")
        parts = [
            f"{n_layers} layers" if n_layers else "",
            f"{n_heads} heads per layer" if n_heads else "",
        ]
        if n_layers and n_heads:
            parts.append(f"heads named 0.0 to {int(n_layers) - 1}.{int(n_heads) - 1}")
        for key, said in (
            ("n_kv_heads", "key-value heads"),
            ("d_model", "model width"),
            ("vocab_size", "vocabulary"),
            ("max_seq_len", "context"),
        ):
            if m.get(key):
                parts.append(f"{said} {m[key]}")
        if m.get("gate"):
            parts.append(f"{m['gate']} attention gates")
        out.append(f"Model {m['id']!r}: " + ", ".join(p for p in parts if p) + ".")
    return " ".join(out) + " Ask e.g. 'which heads matter for induction?'."


#: Heads whose induction score is at least this share of the best one are checked by ablation.
INDUCTION_SHARE = 0.5


def verify_induction_heads(model_args: Args) -> Callable[[list[Call]], dict[str, Any]]:
    """Arguments of the ablation that checks the heads with the top induction scores (those of
    the five listed with at least INDUCTION_SHARE of the best): few heads, so it is cheap on any
    model."""

    def args(done: list[Call]) -> dict[str, Any]:
        scores = next(c.result for c in reversed(done) if c.name == "head_scores")
        top = [t for t in (scores.get("focus") or {}).get("top") or [] if isinstance(t, dict)]
        best = top[0]["value"] if top else 0.0
        heads = [f"{t['layer']}.{t['head']}" for t in top if t["value"] >= INDUCTION_SHARE * best]
        base = model_args(done) if callable(model_args) else dict(model_args)
        return {**base, "behaviour": "induction", "heads": heads}

    return args


def probe_steps(
    intent: Intent,
    question: str,
    inputs: dict[str, Any],
    history: list[Call],
    tools: list[str],
    done: Sequence[Call] = (),
) -> list[tuple[str, Args]]:
    tool = {
        "heads": "head_ablation",
        "ablate": "head_ablation",
        "scores": "head_scores",
        "steer": "steer",
        "probe": "linear_probe",
        "patch": "activation_patching",
        "path": "path_patching",
        "lens": "logit_lens",
    }[intent.kind]
    what = {
        "head_ablation": "ablate attention heads",
        "head_scores": "compute head scores",
        "steer": "steer a model",
        "linear_probe": "train linear probes",
        "activation_patching": "run activation patching",
        "path_patching": "run path patching",
        "logit_lens": "read the logit lens",
    }[tool]
    need(tools, tool, what)
    # Once this question loaded the demo model, the plan keeps that first step (the model now
    # shows up among the inputs, but the plan must stay the one being carried out).
    loaded_here = bool(done) and done[0].name == "load_demo_model"
    mid = None if loaded_here else model_id(question, inputs, tools)
    steps: list[tuple[str, Args]] = []
    if mid is None:
        steps.append(("load_demo_model", {}))

    def with_model(extra: dict[str, Any]) -> Args:
        if mid is not None:
            return {"model": mid, **extra}
        return lambda done: {
            "model": done[0].result.get("id") or done[0].result.get("model_id"),
            **extra,
        }

    _check_layers(intent, inputs, mid)
    ablation_extra = {
        k: v
        for k, v in (
            ("method", intent.ablation),
            ("metric", intent.metric),
            ("n_prompts", intent.n_prompts),
            ("n_boot", intent.bootstrap if (intent.bootstrap or 0) >= 10 else None),
        )
        if v is not None
    }
    # a JSONL file of the user's own is the behaviour when no built-in one is named
    behaviour = intent.behaviour or (intent.files[0] if intent.files else None)
    if behaviour is None and re.search(r"\b(?:same|again|also|too|now|then)\b", question, re.I):
        # "now do the same task with activation patching": the behaviour of the last experiment
        earlier = last_call(history, *PROBE_TOOLS, "logit_lens", "path_patching")
        behaviour = (earlier.args.get("behaviour") if earlier else None) or None
    behaviour = behaviour or "induction"
    if intent.kind == "heads":
        steps.append((tool, with_model({"behaviour": behaviour, **ablation_extra})))
    elif intent.kind == "ablate":
        if intent.head == -1:  # every head of one layer
            rec = (inputs.get("models") or {}).get(mid or "", {})
            n_heads = int(rec.get("n_heads") or 0)
            if not n_heads:
                raise Reply(
                    f"Name the heads of layer {intent.layer} to ablate, e.g. "
                    f"'ablate heads {intent.layer}.0 and {intent.layer}.1'."
                )
            heads = [f"{intent.layer}.{h}" for h in range(n_heads)]
        else:
            heads = intent.heads or [f"{intent.layer}.{intent.head}"]
        steps.append((tool, with_model({"behaviour": behaviour, "heads": heads, **ablation_extra})))
    elif intent.kind == "scores":
        score = intent.score or "induction"
        extra = {"n_prompts": intent.n_prompts} if intent.n_prompts else {}
        if intent.files:
            extra["prompts"] = intent.files[0]
        steps.append((tool, with_model({"score": score, **extra})))
        if score == "induction" and "head_ablation" in tools:
            # an attention pattern suggests a role; ablating the top-scoring heads tests it
            steps.append(("head_ablation", verify_induction_heads(with_model({}))))
    elif intent.kind in ("patch", "lens"):
        extra = {"units": intent.units} if intent.units and intent.kind == "patch" else {}
        if ablation_extra.get("n_boot"):
            extra["n_boot"] = ablation_extra["n_boot"]
        if intent.attribution and intent.kind == "patch":
            extra["attribution"] = intent.attribution
        if intent.n_prompts:
            extra["n_prompts"] = intent.n_prompts
        steps.append((tool, with_model({"behaviour": behaviour, **extra})))
    elif intent.kind == "path":
        if not intent.receivers:
            raise Reply("Path patching needs receivers: 'path patching from 0.2 to 1.0 and 1.1'.")
        path_args = {"sender": f"{intent.layer}.{intent.head}", "receivers": intent.receivers}
        path_args |= {"via": intent.method, "behaviour": intent.behaviour or "induction"}
        if intent.ablation in ("zero", "mean", "resample"):
            path_args["method"] = intent.ablation  # "with the sender mean-ablated"
        steps.append((tool, with_model(path_args)))
    elif intent.kind == "steer":
        earlier = last_call(history, "steer")
        if len(intent.files) < 2 and earlier is not None:
            # "run the steering again but with alpha 10": the last steering, changed
            return [probe_again(intent, history, tools, inputs)]
        probed = last_call(history, "linear_probe") if len(intent.files) < 2 else None
        probed_layer = None
        if probed is not None and probed.args.get("positive") and probed.args.get("negative"):
            # "steer with that direction now, same layer": the two sets the last probe told apart,
            # at the layer it was trained on when it was one
            intent.files = [probed.args["positive"], probed.args["negative"], *intent.files[2:]]
            layers = probed.args.get("layers") or []
            probed_layer = int(layers[0]) if len(layers) == 1 else None
        if len(intent.files) < 2:
            raise Reply(
                "Steering needs two prompt sets as JSONL files (one with the property, one without) "
                "and a layer, e.g. 'steer toward positive using pos.jsonl and neg.jsonl at layer 1'."
            )
        pos, neg = intent.files[0], intent.files[1]
        if intent.direction == "away":
            pos, neg = neg, pos
        layer = (
            intent.layer
            if intent.layer is not None
            else probed_layer
            if probed_layer is not None
            else default_layer(inputs, mid)
        )
        extra = {"behaviour": intent.files[2]} if len(intent.files) >= 3 else {}
        if intent.alphas:
            extra["alphas"] = intent.alphas
        if intent.position is not None:
            extra["position"] = intent.position
        steps.append(
            (tool, with_model({"positive": pos, "negative": neg, "layer": layer, **extra}))
        )
    elif intent.kind == "probe":
        if not intent.files:
            raise Reply(
                "A probe needs labelled prompts: a JSONL file with a prompt and a label per line, or two "
                "files with and without the property, e.g. 'probe for the class using labels.jsonl'."
            )
        extra: dict[str, Any] = (
            {"prompts": intent.files[0]}
            if len(intent.files) == 1
            else {"positive": intent.files[0], "negative": intent.files[1]}
        )
        if intent.layers:
            extra["layers"] = intent.layers
        steps.append((tool, with_model(extra)))
    return steps


#: "load ~/ckpts/qwen3-0.6b and ...", "use the checkpoint in runs/gated": a model named by its path.
_LOAD_PATH = re.compile(
    r"(?:\b(?:load\w*|open\w*)\s+(?:the\s+|my\s+)?(?:(?:model|checkpoint|weights|ckpt)\s+)?"
    r"(?:(?:at|from|in)\s+)?|\b(?:model|checkpoint|weights|ckpt)\s+(?:at|from|in)\s+)"
    r"(?P<p>(?:~|\.{1,2})?/?[\w.\-]*/[\w./\-]*|~[\w./\-]*)",
    re.I,
)


def _model_to_load(question: str, inputs: dict[str, Any]) -> None:
    """A model named by a path that is not loaded: a question cannot load it, the caller can
    (the path's numbers, "0.6b", must not be read as heads of the loaded model)."""
    for m in _LOAD_PATH.finditer(question):
        path = m.group("p").rstrip(".,;:!?")
        if re.search(r"\.(?:jsonl?|csv|tsv|parquet|dot|txt)$", path, re.I):
            continue  # a prompt or data file
        loaded = [
            str(rec.get(k) or "")
            for rec in (inputs.get("models") or {}).values()
            for k in ("source", "id", "name")
        ]
        if any(path.rstrip("/") == x.rstrip("/") for x in loaded if x):
            continue
        ids = ", ".join(repr(i) for i in inputs.get("models") or {}) or "none"
        raise Reply(
            f"I cannot load the model at {path!r} from a question: pass it when you start, with "
            f"--model {path} (CLI), model=... (Python) or /model {path} (the terminal UI), and "
            f"ask again. Loaded models: {ids}."
        )


def _check_layers(intent: Intent, inputs: dict[str, Any], mid: str | None) -> None:
    """A layer or head the loaded model does not have is said, not passed on ("layer 2" of a
    two-layer model: its layers are 0 and 1)."""
    rec = (inputs.get("models") or {}).get(mid or "", {})
    n_layers, n_heads = int(rec.get("n_layers") or 0), int(rec.get("n_heads") or 0)
    if not n_layers:
        return
    layers = list(intent.layers) + ([intent.layer] if intent.layer is not None else [])
    layers += [int(h.split(".")[0]) for h in intent.heads]
    bad = sorted({x for x in layers if x >= n_layers})
    if bad:
        raise Reply(
            f"Model '{mid}' has {n_layers} layers, numbered 0 to {n_layers - 1}; there is no "
            f"layer {', '.join(map(str, bad))}. Ask again with a layer from 0 to {n_layers - 1}."
        )
    heads = [h for h in intent.heads if n_heads and int(h.split(".")[1]) >= n_heads]
    if heads:
        raise Reply(
            f"Model '{mid}' has {n_heads} heads per layer, numbered 0 to {n_heads - 1}; there is "
            f"no head {', '.join(heads)}. Name heads as layer.head, e.g. {n_layers - 1}.0."
        )


#: Behaviours that are head scores too (a follow-up on head scores changes the score).
SCORE_NAMES = ("induction",)
PROBE_TOOLS = ("head_ablation", "head_scores", "activation_patching", "steer", "linear_probe")


def probe_again(
    intent: Intent, history: list[Call], tools: list[str], inputs: dict[str, Any] | None = None
) -> tuple[str, Args]:
    """The previous model experiment with what the follow-up changes (ablation method, metric,
    number of prompts, behaviour)."""
    base = last_attempt(history, *PROBE_TOOLS, "path_patching", "logit_lens")
    if base is None:
        raise Reply(
            "There is no earlier model experiment to change; ask e.g. 'which heads matter "
            "for induction?' first."
        )
    args = dict(base.args)
    name = base.name
    if intent.ablation:
        if name != "head_ablation":
            name = "head_ablation"
            args = {k: v for k, v in args.items() if k in ("model", "behaviour", "heads")}
        args["method"] = intent.ablation
    if intent.metric:
        args["metric"] = intent.metric
    if intent.n_prompts:
        args["n_prompts"] = intent.n_prompts
    if intent.bootstrap and intent.bootstrap > 0:
        # "again with 300 bootstrap draws": the experiments whose intervals are bootstrapped
        if name in ("head_ablation", "activation_patching", "path_patching", "logit_lens"):
            args["n_boot"] = intent.bootstrap
        else:
            note(f"bootstrap draws: {name} has no bootstrap intervals")
    if "<layers>" in intent.drop:
        args.pop("layers", None)  # "every layer"
    if "<heads>" in intent.drop and name == "head_ablation":
        args.pop("heads", None)  # "now all heads"
    if intent.attribution and name == "activation_patching":
        args["attribution"] = intent.attribution  # "same with attribution, verify the top 4"
    if intent.units and name == "activation_patching":
        args["units"] = list(intent.units)
    if intent.layer_move and intent.layer is None and not intent.heads:
        to = _moved_layer(intent.layer_move, name, args, inputs or {})
        if name == "head_ablation":
            # "and one layer up?" after ablating head 0.2: the same heads of that layer
            args["heads"] = [f"{to}.{str(h).split('.')[1]}" for h in args.get("heads") or []]
        else:
            intent.layer = to
    stem = (intent.concept or "").lower()
    if (
        intent.swap
        and name == "steer"
        and not (stem and stem in str(args.get("positive", "")).lower())
        and not (stem and stem not in str(args.get("negative", "")).lower())
    ):
        # ("toward happy instead" when happy.jsonl is already the positive set changes nothing)
        args["positive"], args["negative"] = args.get("negative"), args.get("positive")
    if intent.layer is not None and name == "steer":
        args["layer"] = intent.layer
    if intent.layer is not None and name == "linear_probe":
        args["layers"] = [intent.layer]
    if intent.alphas and name == "steer":
        args["alphas"] = list(intent.alphas)
    if intent.position is not None and name == "steer":
        args["position"] = intent.position
    if intent.score and name == "head_scores":
        args["score"] = intent.score
    if intent.files and name == "head_scores":
        args["prompts"] = intent.files[0]  # "same on my own text: wiki.jsonl"
    if intent.files and name == "linear_probe":
        # "use past.jsonl vs present.jsonl instead": two sets, or one labelled file
        for key in ("prompts", "positive", "negative"):
            args.pop(key, None)
        if len(intent.files) >= 2:
            args["positive"], args["negative"] = intent.files[0], intent.files[1]
        else:
            args["prompts"] = intent.files[0]
    if len(intent.files) >= 2 and name == "steer":
        args["positive"], args["negative"] = intent.files[0], intent.files[1]
    if intent.layer is not None and name == "head_ablation" and not intent.heads:
        # "now only layer 1 heads": every head of that layer
        rec = (inputs or {}).get("models", {}).get(args.get("model", ""), {})
        if rec.get("n_heads"):
            args["heads"] = [f"{intent.layer}.{h}" for h in range(int(rec["n_heads"]))]
    if intent.method in ("q", "k", "v", "resid") and name == "path_patching":
        args["via"] = intent.method  # "and through the queries?"
    if name == "path_patching" and (intent.receivers or intent.sender):
        # "and into 1.3 instead?", "same from 0.1": the path's ends, not heads to ablate
        if intent.receivers:
            args["receivers"] = list(intent.receivers)
        if intent.sender:
            args["sender"] = intent.sender
        intent.heads = []
    if intent.heads:
        if name != "head_ablation":
            name = "head_ablation"
            args = {k: v for k, v in args.items() if k in ("model", "behaviour")}
        args["heads"] = list(intent.heads)
    if intent.behaviour:
        if name == "head_scores":
            # scores have no behaviour: "now do induction" after sink scores asks for its score
            if intent.behaviour in SCORE_NAMES:
                args["score"] = intent.behaviour
            else:
                name = "head_ablation"
                args = {"model": args["model"], "behaviour": intent.behaviour}
        else:
            args["behaviour"] = intent.behaviour
    need(tools, name, "run that experiment")
    return name, args


def _moved_layer(move: str, name: str, args: Args, inputs: dict[str, Any]) -> int | None:
    """The layer a follow-up names relative to the last experiment's ("one layer lower", "the
    other one"), checked against the model's layers."""
    rec = (inputs.get("models") or {}).get(args.get("model", ""), {})
    n = int(rec.get("n_layers") or 0)
    if name == "steer":
        now = [args.get("layer")]
    elif name == "linear_probe":
        now = list(args.get("layers") or [])
    elif name == "head_ablation":
        now = sorted({int(str(h).split(".")[0]) for h in args.get("heads") or []})
    else:
        now = []
    if len(now) != 1 or now[0] is None:
        raise Reply(
            "Which layer? The last experiment was not at one layer; name it, e.g. 'again at layer 0'."
        )
    if move == "other" and name == "head_ablation":
        # "and for the other one?" after ablating a head: another head, or that head's twin in
        # the other layer, is the user's to say
        heads = ", ".join(str(h) for h in args.get("heads") or [])
        raise Reply(
            f"Which other one: the same head{'s' if ',' in heads else ''} in another layer, or "
            f"another head of layer {now[0]}? Name it, e.g. 'now ablate {1 - int(now[0]) if n == 2 else 0}.0'."
            + (f" (The last ablation was of {heads}.)" if heads else "")
        )
    if move == "other":
        if n != 2:
            raise Reply(f"The model has {n} layers; name the layer, e.g. 'again at layer 0'.")
        return 1 - int(now[0])
    to = int(now[0]) + (1 if move == "up" else -1)
    if not 0 <= to < max(n, 1):
        raise Reply(
            f"Layer {now[0]} is the model's {'first' if to < 0 else 'last'} layer (layers 0 to "
            f"{n - 1}); there is no layer {'below' if to < 0 else 'above'} it."
        )
    return to


def default_layer(inputs: dict[str, Any], mid: str | None) -> int:
    """The middle layer of the model: where steering directions are usually most effective."""
    rec = (inputs.get("models") or {}).get(mid or "", {})
    n = rec.get("n_layers") or rec.get("n_layer")
    return int(n) // 2 if n else 1


# explanations ---------------------------------------------------------------------------------
_WHY_KEYS = (
    "reason",
    "method_reason",
    "algorithm_reason",
    "estimand",
    "estimand_text",
    "assumptions",
    "verdict",
    "verdict_detail",
    "caveats",
    "notes",
)


def _concept_here(concepts: list[str], history: list[Call]) -> list[str]:
    """After an estimate, what a confounder, mediator or instrument was in it ("what is a
    confounder here?"): the columns the last estimate adjusted for or used in that role."""
    last = next((c for c in reversed(history) if c.ok and c.name == "estimate_effect"), None)
    if last is None:
        return []
    res, args = last.result or {}, last.args
    pair = f"{args.get('treatment')} on {args.get('outcome')}"
    out = []
    for c in concepts:
        if re.fullmatch(c, "confounder") and res.get("adjustment_set"):
            out.append(
                f"In the last estimate ({pair}) the confounders adjusted for were: "
                f"{', '.join(res['adjustment_set'])}."
            )
        elif re.fullmatch(c, "mediator") and args.get("mediator"):
            out.append(f"In the last estimate ({pair}) the mediator was {args['mediator']}.")
        elif re.fullmatch(c, "instrument") and args.get("instrument"):
            out.append(f"In the last estimate ({pair}) the instrument was {args['instrument']}.")
    return out


def explain(history: list[Call]) -> str:
    """Why the last answer came out as it did, from the reasons its tools reported."""
    if not history:
        return "There is no earlier result to explain yet."
    # the latest question that ran tools, not the latest success of any earlier one
    last_turn = [c for c in history if c.ok and c.turn == history[-1].turn]
    if not last_turn:
        return "The last analysis did not succeed, so there is no result to explain."
    c = last_turn[-1]
    res = c.result or {}
    lines: list[str] = []
    if c.name == "discover":
        lines.append(
            f"I ran {res.get('algorithm', 'discovery')} because {res.get('reason', 'it was the default')}."
        )
    elif c.name == "estimate_effect":
        t, y = c.args.get("treatment"), c.args.get("outcome")
        if t and y and res.get("ate") is not None:
            unit = "going from 0 to 1" if res.get("treatment_kind") == "binary" else "one unit more"
            lines.append(
                f"In plain words: {t} {unit} changes {y} by {fmt(res.get('ate'))} on average, "
                "after adjusting for the common causes listed below."
            )
        method = res.get("method")
        if method:
            reason = res.get("method_reason") or res.get("reason")
            lines.append(
                f"The estimate used {method}" + (f" because {reason}" if reason else "") + "."
            )
        if res.get("estimand_text") or res.get("estimand"):
            text = str(res.get("estimand_text") or res.get("estimand")).rstrip(".")
            lines.append(f"Estimand: {text}.")
        adj = res.get("adjustment_set")
        if adj is not None:
            lines.append(
                "Adjusted for: "
                + (", ".join(adj) if adj else "nothing (no confounders in the graph)")
                + "."
            )
        if res.get("ci"):
            lines.append(
                f"The interval {fmt_ci(res.get('ci'))} is the 95% confidence interval of the effect {fmt(res.get('ate'))}."
            )
            if has_interval(res.get("ci")):
                # "is that significant?": read from the interval (and the p-value where reported)
                pv = res.get("p_value")
                p = "" if pv is None else f" (p = {fmt(pv)})"
                lines.append(
                    f"It excludes zero, so the effect is statistically significant at the 5% level{p}."
                    if excludes_zero(res.get("ci"))
                    else f"It includes zero, so the effect is not statistically significant at the "
                    f"5% level{p}: the data do not rule out no effect."
                )
        if res.get("estimand") == "backdoor":
            lines.append(
                "The estimate assumes no unmeasured common causes of the treatment and the outcome "
                "beyond those adjusted for, and that both treatment levels occur at every value of "
                "them."
            )
        # a long result reaches the planner with its lists cut ("... N more" at the end)
        refs = [r for r in res.get("refutations") or [] if isinstance(r, dict)]
        left_out = len(res.get("refutations") or []) - len(refs)
        if refs and not left_out:
            passed = sum(1 for r in refs if r.get("passed"))
            lines.append(
                f"{passed} of {len(refs)} refutation tests passed"
                + (f"; verdict: {res.get('verdict')}" if res.get("verdict") else "")
                + "."
            )
        elif res.get("verdict"):
            lines.append(f"Verdict of the refutation tests: {res.get('verdict')}.")
    elif c.name == "head_ablation":
        lines.append(
            f"I replaced each head's output ({res.get('method')} ablation) and measured the change in "
            f"{res.get('metric')} on {res.get('n_prompts')} {res.get('behaviour')} prompts; a head matters "
            "when removing it moves the metric and the bootstrap interval over prompts excludes zero."
        )
    elif c.name == "head_scores":
        lines.append(
            "The scores read each head's attention on repeated random sequences: an induction head "
            "attends from a token to the one after its earlier occurrence, a previous-token head to the "
            "token before, a sink head to the first position; gate statistics are the mean gate values."
        )
    elif c.name == "describe":
        lines.append(
            "The description is the profile computed when the data was loaded: column kinds from the "
            "values, missing shares, and regression-based checks for linearity and Gaussian noise."
        )
    else:
        for key in _WHY_KEYS:
            val = res.get(key)
            if isinstance(val, str) and val:
                lines.append(f"{key.replace('_', ' ').capitalize()}: {val}.")
    for key in ("assumptions", "caveats", "notes"):
        val = res.get(key)
        if isinstance(val, list) and val:
            lines.append(f"{key.capitalize()}: " + "; ".join(str(v) for v in val) + ".")
    if not lines:
        lines.append(f"The last step was {c.name}; it reported: " + json.dumps(res)[:400])
    return " ".join(lines)


__all__ = ["next_message", "plan_steps"]
