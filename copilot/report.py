"""Reports of one question: Markdown, or a self-contained HTML page with the figures embedded.

A report holds the question, the data profile, every step, the results (graph figure, estimates
and refutations, probing heatmaps), method notes, and what is needed to reproduce the run:
versions, seed and the equivalent CLI commands. All text from data is escaped: it is shown,
never interpreted. Settings appear with the key masked.
"""

from __future__ import annotations

import base64
import html
import os
import platform
import re
import shlex
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from copilot.errors import InputError

VERSIONED = (
    "causal-copilot",
    "langgraph",
    "langchain-core",
    "openai",
    "pandas",
    "numpy",
    "causal-learn",
    "dowhy",
    "torch",
    "pydantic",
)
IMAGE_SUFFIXES = {
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}


@dataclass
class Section:
    """A heading (level 0: none, 2: a question or part, 3: a result) and its blocks: ("p",
    text), ("h", subheading), ("answer", text), ("list", items), ("pre", text), ("code", text),
    ("table", head, rows), ("img", path, caption), ("files", paths)."""

    title: str
    blocks: list[tuple] = field(default_factory=list)
    level: int = 2


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in VERSIONED:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def cli_commands(
    question: str, values: dict[str, Any], results: list[dict[str, Any]], workspace: Any = None
) -> list[str]:
    """The CLI commands that redo this analysis (its successful steps). An estimate on a graph
    the agent built (every other column a confounder, or confounders you named) gets that
    graph written to the workspace's artifacts as DOT, when there is a workspace."""
    datasets = values.get("datasets") or {}
    models = values.get("models") or {}

    def data_path(ds_id: str) -> str:
        rec = datasets.get(ds_id) or {}
        return rec.get("stored") or rec.get("source") or ds_id

    cmds: list[str] = []
    ask = ["copilot", "ask", question]
    for d in datasets:
        ask += ["--data", data_path(d)]
    for m in models.values():
        if m.get("source"):
            ask += ["--model", m["source"]]
    cmds.append(shlex.join(ask))
    for r in results:
        a = r.get("args") or {}
        if r.get("ok") is False:
            continue  # a failed step redoes nothing
        if r["tool"] == "discover" and "dataset" in a:
            c = ["copilot", "discover", data_path(a["dataset"])]
            if a.get("algorithm") and a["algorithm"] != "auto":
                c += ["--algo", a["algorithm"]]
            for k, flag in (
                ("alpha", "--alpha"),
                ("ci_test", "--ci-test"),
                ("time_col", "--time-col"),
                ("series_col", "--series-col"),
                ("max_lag", "--max-lag"),
            ):
                if a.get(k) is not None:
                    c += [flag, str(a[k])]
            cmds.append(shlex.join(c))
        elif r["tool"] == "estimate_effect" and "dataset" in a:
            c = [
                "copilot",
                "estimate",
                data_path(a["dataset"]),
                "--treatment",
                a["treatment"],
                "--outcome",
                a["outcome"],
            ]
            for k, flag in (
                ("graph", "--graph"),
                ("method", "--method"),
                ("mediator", "--mediator"),
                ("instrument", "--instrument"),
                ("by", "--by"),
            ):
                if k == "graph" and not str(a.get(k) or "").endswith((".dot", ".gml", ".json")):
                    continue  # a graph from an earlier step is rebuilt by the discover command above
                if a.get(k) and a[k] != "auto":
                    c += [flag, str(a[k])]
            if a.get("adjust_for_all") or a.get("common_causes"):
                dot = _write_used_graph(r.get("result") or {}, workspace)
                if dot is None:
                    cmds.append("# the graph this estimate used was built by the agent")
                    continue
                c += ["--graph", dot]
            cmds.append(shlex.join(c))
        elif r["tool"] in PROBE_COMMANDS and a.get("model"):
            src = (models.get(a["model"]) or {}).get("source") or a["model"]
            c = ["copilot", "probe", PROBE_COMMANDS[r["tool"]], str(src)]
            for k, flag in PROBE_FLAGS.get(r["tool"], ()):
                v = a.get(k)
                if v is None:
                    continue
                c += [flag, ",".join(map(str, v)) if isinstance(v, list) else str(v)]
            cmds.append(shlex.join(c))
    # a step the agent re-ran acting on a failed check is one command: the CLI acts on it itself
    return [c for k, c in enumerate(cmds) if k == 0 or c != cmds[k - 1]]


PROBE_COMMANDS = {
    "head_ablation": "heads",
    "activation_patching": "patch",
    "head_scores": "scores",
    "steer": "steer",
    "linear_probe": "probe",
}
PROBE_FLAGS: dict[str, tuple[tuple[str, str], ...]] = {
    "head_ablation": (
        ("behaviour", "--behaviour"),
        ("method", "--ablation"),
        ("metric", "--metric"),
        ("heads", "--heads"),
    ),
    "activation_patching": (("behaviour", "--behaviour"), ("units", "--units")),
    "steer": (
        ("positive", "--positive"),
        ("negative", "--negative"),
        ("layer", "--layer"),
        ("behaviour", "--behaviour"),
    ),
    "linear_probe": (("prompts", "--data"), ("positive", "--positive"), ("negative", "--negative")),
}


def session_turns(values: dict[str, Any], last_answer: str = "") -> list[dict[str, Any]]:
    """Every question of a session in order, with its answer and its step records."""
    from langchain_core.messages import AIMessage, HumanMessage

    turns: list[dict[str, Any]] = []
    for m in values.get("messages") or []:
        if isinstance(m, HumanMessage):
            turns.append({"question": str(m.content), "answer": ""})
        elif isinstance(m, AIMessage) and not m.tool_calls and turns and isinstance(m.content, str):
            turns[-1]["answer"] = m.content
    if turns and last_answer and not turns[-1]["answer"]:
        turns[-1]["answer"] = last_answer  # a cancelled or waiting run says so
    results = values.get("results") or []
    for i, t in enumerate(turns):
        t["results"] = [r for r in results if r.get("turn") == i]
    return turns


def build_sections(
    values: dict[str, Any],
    answer: Any,
    settings: Any,
    workspace: Any = None,
    session_id: str | None = None,
) -> tuple[str, list[Section]]:
    """The sections of a whole session's report: the data once, then each question in order
    with its answer, steps, results and figures, then the files and how to reproduce them."""
    sid = session_id or getattr(answer, "session_id", "") or ""
    llm = getattr(answer, "llm", None) or values.get("llm") or "offline"
    turns = session_turns(values, getattr(answer, "text", "") or "")
    title = turns[0]["question"] if turns else f"session {sid}"
    if len(turns) > 1:
        title += f" (and {len(turns) - 1} more question{'s' if len(turns) > 2 else ''})"
    head = Section("Session", level=0)
    head.blocks.append(
        (
            "p",
            f"Session {sid}: {len(turns)} question{'s' if len(turns) != 1 else ''}, planner {llm}.",
        )
    )
    if len(turns) > 1:
        head.blocks.append(("list", [f"{i}. {t['question']}" for i, t in enumerate(turns, 1)]))
    secs: list[Section] = [head]

    data = Section("Data")
    for ident, d in (values.get("datasets") or {}).items():
        data.blocks.append(
            (
                "p",
                f"Dataset {ident} ({d.get('source')}): {d.get('n_rows', d.get('n'))} rows, {d.get('p')} analysed columns.",
            )
        )
        data.blocks.append(
            (
                "table",
                ["column", "kind", "missing", "distinct"],
                [
                    [c["name"], c["kind"], f"{c['missing_share']:.1%}", str(c["cardinality"])]
                    for c in d.get("columns") or []
                ],
            )
        )
        notes = list(d.get("notes") or [])
        if notes:
            data.blocks.append(("list", [f"Note: {n}" for n in notes]))
    for ident, m in (values.get("models") or {}).items():
        data.blocks.append(
            ("p", f"Model {ident}: " + ", ".join(f"{k}={v}" for k, v in m.items() if k != "id"))
        )
    if data.blocks:
        secs.append(data)

    files: list[str] = []
    for n, t in enumerate(turns, 1):
        secs.extend(_turn_sections(n, t, workspace, files))

    if files:
        secs.append(Section("Files written", [("files", list(dict.fromkeys(files)))]))
    repro = Section("Reproduce")
    commands: list[str] = []
    for n, t in enumerate(turns, 1):
        cmds = cli_commands(t["question"], values, t["results"], workspace)
        if n > 1:
            if n == 2:
                commands.append("# later questions continue the session the first command printed")
            cmds[0] = shlex.join(["copilot", "ask", t["question"], "--session", "SESSION"])
        commands.extend(cmds)
    repro.blocks.append(("code", "\n".join(commands)))
    repro.blocks.append(("table", ["package", "version"], [[k, v] for k, v in versions().items()]))
    pub = settings.public_dict()
    repro.blocks.append(("p", f"Seed {pub.get('seed')}; planner {llm}; session {sid}."))
    secs.append(repro)
    return title, secs


def _turn_sections(n: int, turn: dict[str, Any], workspace: Any, files: list[str]) -> list[Section]:
    """One question: its answer as text, its steps with their arguments, its results."""
    results = turn["results"]
    sec = Section(f"Question {n}: {turn['question']}")
    sec.blocks.append(("h", "Answer"))
    sec.blocks.append(("answer", _without_files_line(turn["answer"] or "(no answer)")))
    sec.blocks.append(("h", "Steps"))
    if results:
        sec.blocks.append(
            (
                "table",
                ["#", "tool", "arguments", "outcome"],
                [
                    [
                        str(i),
                        r["tool"],
                        _args_text(r.get("args") or {}),
                        _outcome(r),
                    ]
                    for i, r in enumerate(results, 1)
                ],
            )
        )
    else:
        sec.blocks.append(("p", "No new analysis: answered from the results of earlier questions."))
    out = [sec]
    for r in results:
        files.extend(a for a in r.get("artifacts") or [] if isinstance(a, str))
        if not r["ok"]:
            continue
        res = r.get("result") or {}
        if r["tool"] == "estimate_effect":
            out.append(_estimate_section(res, workspace, files))
        else:
            out.append(_result_section(r, res))
    return out


def _estimate_section(res: dict[str, Any], workspace: Any, files: list[str]) -> Section:
    """One block per estimate: the number, interval, method, adjustment set, checks, verdict,
    then its forest plot and the graph it used with the roles marked."""
    from copilot.report_figures import estimate_rows, subgroup_rows

    t, y = res.get("treatment", "?"), res.get("outcome", "?")
    sec = Section(f"Estimate: effect of {t} on {y}", level=3)
    rows: list[list[str]] = []
    for c in res.get("contrasts") or []:
        # a categorical treatment: every level against the reference first
        if c.get("ate") is not None and c.get("ci"):
            told = f"{_short(c['ate'])} ({_short(c['ci'][0])} to {_short(c['ci'][1])})"
            told += f", n={c.get('n_rows')}, adjusted for {', '.join(c.get('adjustment_set') or []) or 'none'}"
        else:
            told = f"not estimated{' (' + c['error'] + ')' if c.get('error') else ''}"
        rows.append([f"{c.get('level')} vs {c.get('reference')}", told])
    if res.get("ate") is not None:
        lo, hi = (res.get("ci") or [None, None])[:2]
        tv = res.get("treatment_labels") or res.get("treatment_values") or [0, 1]
        yl = res.get("outcome_labels")
        moved = f"the share of {y} = {yl[1]!r}" if yl else y
        rows.append(
            [
                "effect",
                f"{_short(res['ate'])} (change in {moved} when {t} goes from {_short(tv[0])} to {_short(tv[1])})",
            ]
        )
        if lo is not None:
            pct = int(round(float(res.get("confidence") or 0.95) * 100))
            kind = f" ({res['ci_kind']})" if res.get("ci_kind") else ""
            rows.append([f"{pct}% interval", f"{_short(lo)} to {_short(hi)}{kind}"])
    elif res.get("effects_range"):
        lo, hi = res["effects_range"]
        rows.append(
            [
                "effect",
                f"not unique: between {_short(lo)} and {_short(hi)} over the orientations the graph allows",
            ]
        )
    else:
        rows.append(["effect", "not estimated"])
    if res.get("p_value") is not None:
        rows.append(["p-value", _short(res["p_value"])])
    rows.append(["method", f"{res.get('method', '')}: {res.get('method_reason', '')}".rstrip(": ")])
    if res.get("estimand"):
        rows.append(["estimand", str(res["estimand"])])
    kind = res.get("estimand_kind")
    if kind == "iv":
        rows.append(["instruments", ", ".join(res.get("instruments") or []) or "none"])
    elif kind == "frontdoor":
        rows.append(["front-door set", ", ".join(res.get("frontdoor_set") or []) or "none"])
    else:
        rows.append(["adjustment set", ", ".join(res.get("adjustment_set") or []) or "none needed"])
    if res.get("assumption"):
        rows.append(["assumption", str(res["assumption"])])
    med = res.get("mediation") or {}
    if med:
        rows.append(
            [
                f"through {med.get('mediator')}",
                f"indirect {_short(med.get('nie'))} ({_short((med.get('nie_ci') or [None])[0])} to "
                f"{_short((med.get('nie_ci') or [None, None])[1])}), direct {_short(med.get('nde'))}",
            ]
        )
    if res.get("naive_difference") is not None:
        rows.append(["unadjusted difference", _short(res["naive_difference"])])
    if res.get("graph_source"):
        rows.append(["graph", str(res["graph_source"])])
    refs = res.get("refutations") or []
    passed = sum(bool(x.get("passed")) for x in refs)
    checks = f" ({passed} of {len(refs)} checks passed)" if refs else ""
    verdict = str(res.get("verdict", "not checked"))
    verdict += f": {res['verdict_reason']}" if res.get("verdict_reason") else checks
    rows.append(["verdict", verdict])
    sec.blocks.append(("table", ["quantity", "value"], rows))
    if refs:
        sec.blocks.append(("h", "Refutation checks"))
        sec.blocks.append(
            (
                "table",
                ["check", "passed", "new effect", "detail"],
                [
                    [
                        x.get("name", ""),
                        "yes" if x.get("passed") else "no",
                        _short(x.get("new_effect")),
                        x.get("detail", ""),
                    ]
                    for x in refs
                ],
            )
        )
    roles = res.get("roles") or {}
    if roles:
        sec.blocks.append(("h", "Roles of the other columns"))
        sec.blocks.append(
            (
                "table",
                ["column", "role", "confidence", "adjusted", "evidence"],
                [
                    [
                        c,
                        str(v.get("role", "")).replace("_", " "),
                        f"{float(v.get('confidence', 0)):.0%}",
                        "yes" if v.get("adjusted") else "no",
                        v.get("evidence", ""),
                    ]
                    for c, v in roles.items()
                ],
            )
        )
    others = estimate_rows(res)
    if len(others) > 1:
        fig = _figure(
            workspace,
            f"forest_{t}_{y}",
            lambda p: _forest(others, p, f"Estimates of the effect of {t} on {y}", y),
        )
        if fig:
            files.append(fig)
            sec.blocks.append(
                (
                    "img",
                    fig,
                    "Every estimate of this effect, with its interval; dashed line: no effect.",
                )
            )
    groups = subgroup_rows(res)
    if groups:
        fig = _figure(
            workspace,
            f"subgroups_{t}_{y}",
            lambda p: _forest(
                groups, p, f"Effect of {t} on {y} by {res.get('subgroup_column') or 'group'}", y
            ),
        )
        if fig:
            files.append(fig)
            sec.blocks.append(
                ("img", fig, "Effect in each subgroup, with its interval; dashed line: no effect.")
            )
    graph = _draw_estimate_graph(res, workspace)
    if graph is not None:
        files.append(graph)
        sec.blocks.append(
            (
                "img",
                graph,
                "The graph this estimate used: treatment, outcome and adjustment set marked.",
            )
        )
    return sec


def _result_section(r: dict[str, Any], res: dict[str, Any]) -> Section:
    sec = Section(f"Result: {r['tool']}", level=3)
    if r.get("summary") and r["tool"] != "discover":  # a discovery's edges are tabled below
        sec.blocks.append(("pre", r["summary"]))
    if r["tool"] == "discover":
        edges = (res.get("graph") or {}).get("edges") or res.get("edges") or []
        if edges and any("lag" in e for e in edges):
            sec.blocks.append(
                (
                    "table",
                    ["source", "lag", "target", "type", "strength", "p-value"],
                    [
                        [
                            e.get("source", ""),
                            f"t-{e['lag']}" if e.get("lag") else "t",
                            e.get("target", ""),
                            e.get("type", ""),
                            _short(e.get("strength")),
                            _short(e.get("p_value")),
                        ]
                        for e in edges
                    ],
                )
            )
        elif edges:
            sec.blocks.append(
                (
                    "table",
                    ["source", "target", "type", "confidence"],
                    [
                        [
                            e.get("source", ""),
                            e.get("target", ""),
                            e.get("type", _etype(e)),
                            _short(e.get("confidence")),
                        ]
                        for e in edges
                    ],
                )
            )
    for a in r.get("artifacts") or []:
        if Path(a).suffix.lower() in IMAGE_SUFFIXES:
            sec.blocks.append(("img", a, ""))
    return sec


def _forest(rows: list[Any], path: Path, title: str, outcome: str) -> Path:
    from copilot.report_figures import draw_forest

    return draw_forest(rows, path, title, f"effect on {outcome}")


def _figure(workspace: Any, stem: str, draw: Any) -> str | None:
    if workspace is None:
        return None
    path = workspace.new_artifact_path(stem, ".png")
    draw(path)
    return str(path)


def _args_text(args: dict[str, Any]) -> str:
    return ", ".join(
        f"{k}={','.join(map(str, v)) if isinstance(v, list) else v}" for k, v in args.items()
    )


def _outcome(r: dict[str, Any]) -> str:
    if not r.get("ok"):
        return "failed: " + _first_line(r)
    if r["tool"] == "estimate_effect":
        return "ok: the estimate is below"  # the number is shown once, in its block
    return "ok: " + _first_line(r)


def _first_line(r: dict[str, Any]) -> str:
    if not r.get("ok") and (r.get("error") or {}).get("message"):
        return str(r["error"]["message"])
    return (r.get("summary") or "").strip().split("\n")[0]


def _without_files_line(text: str) -> str:
    """The answer without its closing "Files written: ..." paragraph: the report lists the files
    once, with paths relative to the report."""
    paras = text.split("\n\n")
    kept = [p for p in paras if not p.startswith("Files written: ")]
    return "\n\n".join(kept) or text


def _used_graph(res: dict[str, Any], workspace: Any) -> Any:
    """The graph an estimate used (from its `graph_edges`), or None."""
    edges = res.get("graph_edges") or []
    if workspace is None or not edges:
        return None
    from copilot.tools.graph import CausalGraph

    nodes = list(dict.fromkeys(n for e in edges for n in (e["source"], e["target"])))
    return CausalGraph.from_json({"nodes": nodes, "edges": edges})


def _write_used_graph(res: dict[str, Any], workspace: Any) -> str | None:
    """The graph an estimate used, as a DOT file in the workspace's artifacts."""
    graph = _used_graph(res, workspace)
    if graph is None:
        return None
    path = workspace.new_artifact_path(f"graph_{res.get('treatment')}_{res.get('outcome')}", ".dot")
    path.write_text(graph.to_dot())
    return str(path)


def _draw_estimate_graph(res: dict[str, Any], workspace: Any) -> str | None:
    """A drawing of the graph an estimate used, written to the workspace's artifacts."""
    graph = _used_graph(res, workspace)
    if graph is None:
        return None
    from copilot.report_figures import estimate_roles

    path = workspace.new_artifact_path(f"graph_{res.get('treatment')}_{res.get('outcome')}", ".png")
    graph.draw(
        path,
        title=f"Graph used for the effect of {res.get('treatment')} on {res.get('outcome')}",
        roles=estimate_roles(res),
    )
    return str(path)


def _etype(e: dict[str, Any]) -> str:
    return f"{e.get('source_mark', '')}-{e.get('target_mark', '')}"


def _short(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, list):
        return "[" + ", ".join(_short(x) for x in v) + "]"
    return "" if v is None else str(v)


def answer_blocks(text: str) -> list[tuple[str, Any]]:
    """An answer's text as paragraphs and lists: ("p", line) for a line, ("list", items) for
    indented or bulleted lines and for a "Caveats:"/"Notes:" line's parts; ("label", label,
    rest) for a line that opens with a short label ("Method: ...")."""
    out: list[tuple[str, Any]] = []
    items: list[str] = []

    def flush() -> None:
        if items:
            out.append(("list", list(items)))
            items.clear()

    for para in text.split("\n\n"):
        for line in para.splitlines():
            stripped = line.strip()
            if not stripped:
                continue
            if line.startswith(("  ", "- ", "* ", "\t")):
                items.append(stripped.removeprefix("- ").removeprefix("* "))
                continue
            flush()
            m = re.match(r"^([A-Z][A-Za-z ()-]{1,30}):\s+(.*)$", stripped)
            if m and m.group(1) in ("Caveats", "Notes") and ";" in m.group(2):
                out.append(("label", m.group(1), ""))
                out.append(("list", _split_top(m.group(2))))
            elif m:
                out.append(("label", m.group(1), m.group(2)))
            else:
                out.append(("p", stripped))
        flush()
    return out


def _split_top(text: str) -> list[str]:
    """Split at "; " outside parentheses."""
    parts, depth, cur = [], 0, ""
    for i, ch in enumerate(text):
        depth += ch in "(["
        depth -= ch in ")]"
        if ch == ";" and depth <= 0 and text[i + 1 : i + 2] == " ":
            parts.append(cur.strip())
            cur = ""
            continue
        cur += ch
    if cur.strip():
        parts.append(cur.strip().rstrip("."))
    return [p for p in parts if p]


def _rel(path: str, base: Path | None) -> str:
    """`path` relative to the report's folder (forward slashes), else as given."""
    if base is None:
        return path
    try:
        return Path(os.path.relpath(Path(path).resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive
        return path


def render_markdown(title: str, secs: list[Section], base: Path | None = None) -> str:
    """Markdown; image links and file paths relative to `base` (the report's folder)."""
    lines = [f"# Causal Copilot report: {title}", ""]
    for s in secs:
        if s.level:
            lines += [f"{'#' * s.level} {s.title}", ""]
        for b in s.blocks:
            kind = b[0]
            if kind == "p":
                lines += [b[1], ""]
            elif kind == "h":
                lines += [f"{'#' * min(s.level + 1, 4)} {b[1]}", ""]
            elif kind == "answer":
                for a in answer_blocks(b[1]):
                    if a[0] == "list":
                        lines += [f"- {x}" for x in a[1]] + [""]
                    elif a[0] == "label":
                        lines += [f"**{a[1]}:** {a[2]}".rstrip(), ""]
                    else:
                        lines += [a[1], ""]
            elif kind == "list":
                lines += [f"- {x}" for x in b[1]] + [""]
            elif kind == "files":
                lines += [f"- [{_rel(f, base)}]({_rel(f, base)})" for f in b[1]] + [""]
            elif kind in ("pre", "code"):
                lines += ["```" + ("bash" if kind == "code" else "text"), b[1], "```", ""]
            elif kind == "table":
                head, rows = b[1], b[2]
                lines.append("| " + " | ".join(head) + " |")
                lines.append("| " + " | ".join("---" for _ in head) + " |")
                for row in rows:
                    lines.append(
                        "| "
                        + " | ".join(str(c).replace("|", "\\|").replace("\n", " ") for c in row)
                        + " |"
                    )
                lines.append("")
            elif kind == "img":
                rel = _rel(b[1], base)
                lines += [f"![{Path(b[1]).name}]({rel})", ""]
                if len(b) > 2 and b[2]:
                    lines += [f"*{b[2]}*", ""]
    return "\n".join(lines)


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.45}"
    "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left;vertical-align:top}"
    "pre{background:#f5f5f5;padding:.6rem;white-space:pre-wrap}img{max-width:100%}"
    "h2{border-bottom:1px solid #ddd;margin-top:2.2rem}h3{margin-top:1.6rem}"
    ".answer{background:#f7fafd;border-left:4px solid #1f4e79;padding:.3rem 1rem}"
    "figcaption{color:#555;font-size:.9rem}table.estimate td:first-child{font-weight:600;white-space:nowrap}"
)


def render_html(title: str, secs: list[Section], base: Path | None = None) -> str:
    """One self-contained page: figures embedded, file paths relative to `base`."""
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        "<html><head><meta charset='utf-8'>",
        f"<title>Causal Copilot report: {e(title)}</title><style>{_CSS}</style></head><body>",
        "<h1>Causal Copilot report</h1>",
    ]
    for s in secs:
        if s.level:
            out.append(f"<h{s.level}>{e(s.title)}</h{s.level}>")
        for b in s.blocks:
            kind = b[0]
            if kind == "p":
                out.append(f"<p>{e(b[1])}</p>")
            elif kind == "h":
                lvl = min(s.level + 1, 4)
                out.append(f"<h{lvl}>{e(b[1])}</h{lvl}>")
            elif kind == "answer":
                out.append("<div class='answer'>")
                for a in answer_blocks(b[1]):
                    if a[0] == "list":
                        out.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in a[1]) + "</ul>")
                    elif a[0] == "label":
                        out.append(f"<p><strong>{e(a[1])}:</strong> {e(a[2])}".rstrip() + "</p>")
                    else:
                        out.append(f"<p>{e(a[1])}</p>")
                out.append("</div>")
            elif kind == "list":
                out.append("<ul>" + "".join(f"<li>{e(x)}</li>" for x in b[1]) + "</ul>")
            elif kind == "files":
                out.append(
                    "<ul>"
                    + "".join(f"<li><code>{e(_rel(f, base))}</code></li>" for f in b[1])
                    + "</ul>"
                )
            elif kind in ("pre", "code"):
                out.append(f"<pre>{e(b[1])}</pre>")
            elif kind == "table":
                cls = " class='estimate'" if b[1] and b[1][0] == "quantity" else ""
                out.append(
                    f"<table{cls}><tr>" + "".join(f"<th>{e(h)}</th>" for h in b[1]) + "</tr>"
                )
                for row in b[2]:
                    out.append("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>")
                out.append("</table>")
            elif kind == "img":
                out.append(_embed(b[1], b[2] if len(b) > 2 else ""))
    out.append("</body></html>")
    return "\n".join(out)


def _embed(path: str, caption: str = "") -> str:
    p = Path(path)
    mime = IMAGE_SUFFIXES.get(p.suffix.lower())
    if not mime or not p.is_file():
        return f"<p>(figure {html.escape(p.name)} is missing)</p>"
    data = base64.b64encode(p.read_bytes()).decode("ascii")
    text = html.escape(f"{caption} ({p.name})" if caption else p.name)
    return f"<figure><img alt='{html.escape(p.name)}' src='data:{mime};base64,{data}'><figcaption>{text}</figcaption></figure>"


def render_report(
    fmt: str,
    values: dict[str, Any],
    answer: Any,
    settings: Any,
    workspace: Any = None,
    session_id: str | None = None,
    base: Path | None = None,
) -> str:
    """The report of a whole session as "md" or "html" text; paths relative to `base`."""
    title, secs = build_sections(values, answer, settings, workspace, session_id=session_id)
    if fmt == "md":
        return render_markdown(title, secs, base)
    if fmt == "html":
        return render_html(title, secs, base)
    raise InputError(f"Unknown report format {fmt!r}.", "use md or html")


def write_report(
    path: str | Path,
    values: dict[str, Any],
    answer: Any,
    settings: Any,
    workspace: Any = None,
    session_id: str | None = None,
) -> Path:
    """Write the report of the whole session, every question in order, to `path` (.md or
    .html); never overwrites."""
    from copilot.workspace import safe_output_path

    p = safe_output_path(path)
    suffix = p.suffix.lower()
    if suffix not in (".md", ".html", ".htm"):
        raise InputError(f"Report {p} must end in .md or .html.", "e.g. --report report.html")
    fmt = "md" if suffix == ".md" else "html"
    text = render_report(fmt, values, answer, settings, workspace, session_id, p.parent)
    p.write_text(text, encoding="utf-8")
    return p
