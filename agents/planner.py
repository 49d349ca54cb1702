"""The offline planner: a chat model that needs no network.

It reads the conversation the way an LLM would (the system message's list of loaded inputs, the
question, earlier tool calls and results) and replies with the same tool calls an LLM would make,
one at a time, then with an empty final message so that the answer node writes the templated
answer from the results. When a question is ambiguous it asks; when nothing fits it says what it
can do. It is deterministic: the same conversation always gives the same reply.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool

from copilot.agents.answer import capabilities, fmt, fmt_ci
from copilot.agents.columns import match_column, mentioned_columns, suggest
from copilot.agents.intents import Intent, parse_question


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
    """Raised while planning when the planner must answer in words (ask, refuse, explain)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text


Args = dict[str, Any] | Callable[[list[Call]], dict[str, Any]]


class OfflinePlanner(BaseChatModel):
    """Deterministic planner for the common question forms; emits tool calls like an LLM."""

    @property
    def _llm_type(self) -> str:
        return "copilot-offline-planner"

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any):
        schemas = [t if isinstance(t, dict) else convert_to_openai_tool(t) for t in tools]
        return self.bind(tools=schemas, **kwargs)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: Any = None,
        **kwargs: Any,
    ) -> ChatResult:
        tools = kwargs.get("tools") or []
        names = [t["function"]["name"] for t in tools if isinstance(t, dict) and "function" in t]
        msg = next_message(messages, names)
        return ChatResult(generations=[ChatGeneration(message=msg)])


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
    question = (
        messages[last].content
        if isinstance(messages[last].content, str)
        else str(messages[last].content)
    )
    done = calls_in(messages[last + 1 :])
    history = calls_in(messages[:last])
    turn = len(humans) - 1
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
    try:
        steps = plan_steps(question, inputs_from(messages), history, tools, done)
    except Reply as r:
        return AIMessage(content=r.text)
    if len(done) >= len(steps):
        return AIMessage(content="")
    name, args = steps[len(done)]
    if callable(args):
        try:
            args = args(done)
        except Reply as r:
            return AIMessage(content=r.text)
    call_id = f"offline_{turn}_{len(done)}"
    return AIMessage(
        content="", tool_calls=[{"name": name, "args": args, "id": call_id, "type": "tool_call"}]
    )


def _observables_retry(call: Call) -> dict[str, Any] | None:
    """After discovery found no path from treatment to outcome (confounding that cancels the
    effect hides the edge from any faithfulness-based search), estimate once more under the
    stated assumption that every other measured column is a confounder; the answer shows both."""
    message = str((call.error or {}).get("message", ""))
    args = call.args
    if (
        call.name != "estimate_effect"
        or "no directed path" not in message
        or "discovered graph" not in message
        or any(args.get(k) for k in ("graph", "common_causes", "adjust_for_all", "instrument"))
    ):
        return None
    return {**args, "adjust_for_all": True}


# ---------------------------------------------------------------------------------------------
def plan_steps(
    question: str,
    inputs: dict[str, Any],
    history: list[Call],
    tools: list[str],
    done: Sequence[Call] = (),
) -> list[tuple[str, Args]]:
    """The whole plan for `question` as (tool, args) pairs; raises Reply to answer in words."""
    intent = parse_question(question, has_history=bool(history))
    kind = intent.kind
    if kind == "why":
        raise Reply(explain(history))
    if kind in ("help", "unknown"):
        lead = "" if kind == "help" else "I could not tell what analysis this question asks for. "
        seen = [
            c
            for d in (inputs.get("datasets") or {}).values()
            for c in mentioned_columns(question, cols(d))
        ]
        if kind == "unknown" and len(seen) >= 2:
            lead += (
                f"I recognised the columns {', '.join(seen[:4])}; to estimate an effect ask e.g. "
                f"'what is the effect of {seen[0]} on {seen[1]}?'. "
            )
        raise Reply(lead + capabilities(inputs) + " " + EXAMPLES)
    if kind == "describe":
        need(tools, "describe", "describe a dataset")
        ds = pick_datasets(question, inputs)
        return [("describe", {"dataset": d["id"]}) for d in ds]
    if kind in ("discover", "causes"):
        need(tools, "discover", "discover a causal graph")
        return [("discover", discover_args(intent, question, inputs, history))]
    if kind == "effect":
        need(tools, "estimate_effect", "estimate causal effects")
        return [("estimate_effect", effect_args(intent, question, inputs, history))]
    return probe_steps(intent, question, inputs, history, tools, done)


EXAMPLES = (
    'For example: "describe the data", "what causes sales?", "what is the effect of price on '
    'sales?", "how much of X\'s effect on Y goes through M?", "does the effect differ by '
    'region?", "which heads matter for induction?".'
)


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
    raise Reply("Which dataset do you mean: " + ", ".join(repr(d["id"]) for d in datasets) + "?")


def cols(ds: dict[str, Any]) -> list[str]:
    return [c["name"] for c in ds.get("columns") or []]


def column(phrase: str, ds: dict[str, Any], role: str, exclude: Sequence[str] = ()) -> str:
    """The column a phrase names; asks when two fit equally, explains when none does."""
    m = match_column(phrase, cols(ds), exclude=exclude)
    if m.column:
        return m.column
    if m.ambiguous:
        opts = " or ".join(repr(c) for c in m.candidates[:4])
        raise Reply(f"Which column do you mean by {phrase!r} (the {role}): {opts}?")
    # a column the data layer left out (constant, empty, an id, text) is named with the reason
    left_out: dict[str, str] = {}
    for note in ds.get("notes") or []:
        for name in re.findall(r"column '([^']+)'", note):
            left_out.setdefault(name, note)
    if left_out:
        gone = match_column(phrase, list(left_out), exclude=exclude)
        if gone.column:
            raise Reply(
                f"Column {gone.column!r} cannot be the {role}: the data layer left it out "
                f"({left_out[gone.column]})."
            )
    near = suggest(phrase, cols(ds))
    hint = f" Did you mean {' or '.join(repr(n) for n in near)}?" if near else ""
    shown = ", ".join(cols(ds)[:20])
    raise Reply(
        f"No column of dataset {ds['id']!r} matches {phrase!r} (the {role}).{hint} "
        f"Its columns are: {shown}."
    )


def last_call(history: list[Call], *names: str) -> Call | None:
    for c in reversed(history):
        if c.name in names and c.ok:
            return c
    return None


def discover_args(
    intent: Intent, question: str, inputs: dict[str, Any], history: list[Call]
) -> dict[str, Any]:
    base = last_call(history, "discover") if intent.followup else None
    if base is not None:
        args = dict(base.args)
        if intent.algorithm:
            args["algorithm"] = intent.algorithm
        return args
    if intent.followup:
        prev = last_call(history, "estimate_effect", "describe")
        if prev is not None and "dataset" in prev.args:
            return {"dataset": prev.args["dataset"], "algorithm": intent.algorithm or "auto"}
    phrases = [intent.outcome] if intent.outcome else []
    ds = pick_datasets(question, inputs, phrases, many=False)[0]
    args: dict[str, Any] = {"dataset": ds["id"], "algorithm": intent.algorithm or "auto"}
    if intent.kind == "causes" and intent.outcome:
        args["target"] = column(intent.outcome, ds, "variable whose causes are asked")
    return args


def subgroup_column(ds: dict[str, Any], taken: Sequence[str]) -> str:
    options = [
        c["name"]
        for c in ds.get("columns") or []
        if c["kind"] in ("binary", "categorical", "discrete")
        and c["name"] not in taken
        and 2 <= c.get("cardinality", 0) <= 12
    ]
    if len(options) == 1:
        return options[0]
    if not options:
        raise Reply(
            f"Dataset {ds['id']!r} has no categorical column to split the effect by; "
            "name one, e.g. 'by region'."
        )
    raise Reply(
        "By which column should I split the effect: "
        + ", ".join(repr(o) for o in options[:6])
        + "?"
    )


def effect_args(
    intent: Intent, question: str, inputs: dict[str, Any], history: list[Call]
) -> dict[str, Any]:
    base = last_call(history, "estimate_effect")
    if intent.followup and base is None:
        if intent.treatment and not intent.outcome:
            raise Reply(f"The effect of {intent.treatment!r} on which outcome?")
        raise Reply(
            "There is no earlier effect estimate to change; ask for the effect of X on Y first."
        )
    if intent.followup and base is not None:
        args = dict(base.args)
        datasets = inputs.get("datasets") or {}
        ds = datasets.get(args.get("dataset"))
        if ds is None:
            raise Reply(
                f"Dataset {args.get('dataset')!r} of the earlier estimate is no longer loaded."
            )
        taken = [args.get("treatment"), args.get("outcome")]
        if intent.outcome:
            args["outcome"] = column(intent.outcome, ds, "outcome", exclude=[args["treatment"]])
        if intent.treatment:
            args["treatment"] = column(intent.treatment, ds, "treatment", exclude=[args["outcome"]])
        # a column that is now the treatment or the outcome has no other role any more
        roles = (args["treatment"], args["outcome"])
        controls = [c for c in args.pop("common_causes", None) or [] if c not in roles]
        if controls:
            args["common_causes"] = controls
        for key in ("mediator", "instrument", "by"):
            if args.get(key) in roles:
                del args[key]
        taken = list(roles)
        if intent.controls:
            have = list(args.get("common_causes") or [])
            for p in intent.controls:
                c = column(p, ds, "variable to control for", exclude=taken)
                if c not in have:
                    have.append(c)
            args["common_causes"] = have
        if intent.by:
            args["by"] = column(intent.by, ds, "subgroup column", exclude=taken)
        if intent.subgroups_unnamed:
            args["by"] = subgroup_column(ds, taken)
        if intent.method:
            args["method"] = intent.method
        if intent.graph:
            args["graph"] = intent.graph
        return args

    if not intent.treatment and not intent.outcome and intent.subgroups_unnamed:
        raise Reply(
            "The effect of which variable on which outcome? Ask e.g. "
            "'for whom does price affect sales?'."
        )
    if not intent.treatment or not intent.outcome:
        missing = "treatment" if not intent.treatment else "outcome"
        raise Reply(f"Which {missing} do you mean? Ask as 'what is the effect of X on Y?'.")
    phrases = [p for p in (intent.treatment, intent.outcome) if p]
    ds = pick_datasets(question, inputs, phrases, many=False)[0]
    t = column(intent.treatment, ds, "treatment")
    if match_column(intent.outcome, cols(ds)).column == t:
        raise Reply(
            f"The treatment and the outcome are the same column ({t!r}); ask for the effect of "
            "one column on another."
        )
    y = column(intent.outcome, ds, "outcome", exclude=[t])
    args = {"dataset": ds["id"], "treatment": t, "outcome": y}
    taken = [t, y]
    if intent.mediator:
        args["mediator"] = column(intent.mediator, ds, "mediator", exclude=taken)
        taken.append(args["mediator"])
    if intent.instrument:
        args["instrument"] = column(intent.instrument, ds, "instrument", exclude=taken)
        taken.append(args["instrument"])
    if intent.by:
        args["by"] = column(intent.by, ds, "subgroup column", exclude=taken)
    elif intent.subgroups_unnamed:
        args["by"] = subgroup_column(ds, taken)
    if intent.controls:
        args["common_causes"] = [
            column(p, ds, "variable to control for", exclude=taken) for p in intent.controls
        ]
    if intent.method:
        args["method"] = intent.method
    if intent.graph:
        args["graph"] = intent.graph
    else:
        # A graph discovered earlier in the session on the same data is the analyst's graph.
        disc = [
            c
            for c in history
            if c.name == "discover" and c.ok and c.args.get("dataset") == ds["id"]
        ]
        if disc:
            args["graph"] = disc[-1].id
    return args


# probing --------------------------------------------------------------------------------------
def model_id(question: str, inputs: dict[str, Any], tools: list[str]) -> str | None:
    """The loaded model the question is about; None when the demo model must be loaded first."""
    models = list((inputs.get("models") or {}).values())
    if len(models) == 1:
        return models[0]["id"]
    if len(models) > 1:
        ql = question.lower()
        named = [m for m in models if m["id"].lower() in ql or str(m.get("name", "")).lower() in ql]
        if len(named) == 1:
            return named[0]["id"]
        raise Reply("Which model do you mean: " + ", ".join(repr(m["id"]) for m in models) + "?")
    if "load_demo_model" in tools:
        return None
    raise Reply("No model is loaded. Pass one with --model PATH (CLI) or model=... (Python).")


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

    if intent.kind == "heads":
        steps.append((tool, with_model({"behaviour": intent.behaviour or "induction"})))
    elif intent.kind == "ablate":
        steps.append(
            (
                tool,
                with_model(
                    {
                        "behaviour": intent.behaviour or "induction",
                        "heads": [f"{intent.layer}.{intent.head}"],
                    }
                ),
            )
        )
    elif intent.kind == "scores":
        score = intent.score or "induction"
        steps.append((tool, with_model({"score": score})))
        if score == "induction" and "head_ablation" in tools:
            # an attention pattern suggests a role; ablating the top-scoring heads tests it
            steps.append(("head_ablation", verify_induction_heads(with_model({}))))
    elif intent.kind in ("patch", "lens"):
        steps.append((tool, with_model({"behaviour": intent.behaviour or "induction"})))
    elif intent.kind == "path":
        if not intent.receivers:
            raise Reply("Path patching needs receivers: 'path patching from 0.2 to 1.0 and 1.1'.")
        path_args = {"sender": f"{intent.layer}.{intent.head}", "receivers": intent.receivers}
        path_args |= {"via": intent.method, "behaviour": intent.behaviour or "induction"}
        steps.append((tool, with_model(path_args)))
    elif intent.kind == "steer":
        if len(intent.files) < 2:
            raise Reply(
                "Steering needs two prompt sets as JSONL files (one with the property, one without) "
                "and a layer, e.g. 'steer toward positive using pos.jsonl and neg.jsonl at layer 1'."
            )
        pos, neg = intent.files[0], intent.files[1]
        if intent.direction == "away":
            pos, neg = neg, pos
        layer = intent.layer if intent.layer is not None else default_layer(inputs, mid)
        steps.append((tool, with_model({"positive": pos, "negative": neg, "layer": layer})))
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
        steps.append((tool, with_model(extra)))
    return steps


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


__all__ = ["OfflinePlanner", "next_message", "plan_steps"]
