"""Reports of one question: Markdown, or a self-contained HTML page with the figures embedded.

A report holds the question, the data profile, every step, the results (graph figure, estimates
and refutations, probing heatmaps), method notes, and what is needed to reproduce the run:
versions, seed and the equivalent CLI commands. All text from data is escaped: it is shown,
never interpreted. Settings appear with the key masked.
"""

from __future__ import annotations

import base64
import html
import json
import platform
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
    title: str
    blocks: list[tuple] = field(default_factory=list)


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
    return cmds


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


def build_sections(
    values: dict[str, Any], answer: Any, settings: Any, workspace: Any = None
) -> tuple[str, list[Section]]:
    from langchain_core.messages import HumanMessage

    question = next(
        (
            str(m.content)
            for m in reversed(values.get("messages") or [])
            if isinstance(m, HumanMessage)
        ),
        "",
    )
    turn = values.get("turn", 0)
    results = [r for r in values.get("results") or [] if r.get("turn") == turn]
    secs: list[Section] = [
        Section("Question", [("p", question)]),
        Section("Answer", [("pre", answer.text)]),
    ]

    data = Section("Data")
    for ident, d in (values.get("datasets") or {}).items():
        data.blocks.append(
            (
                "p",
                f"Dataset {ident} ({d.get('source')}): {d.get('n')} rows, {d.get('p')} analysed columns.",
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
        for n in d.get("notes") or []:
            data.blocks.append(("p", f"Note: {n}"))
    for ident, m in (values.get("models") or {}).items():
        data.blocks.append(
            ("p", f"Model {ident}: " + ", ".join(f"{k}={v}" for k, v in m.items() if k != "id"))
        )
    if data.blocks:
        secs.append(data)

    steps = Section(
        "Steps",
        [
            (
                "table",
                ["#", "tool", "arguments", "result"],
                [
                    [
                        str(i),
                        r["tool"],
                        json.dumps(r["args"]),
                        ("ok: " if r["ok"] else "failed: ") + (r["summary"] or ""),
                    ]
                    for i, r in enumerate(results, 1)
                ],
            )
        ],
    )
    secs.append(steps)

    for r in results:
        if not r["ok"]:
            continue
        res = r.get("result") or {}
        sec = Section(f"Result: {r['tool']}")
        if r.get("summary"):
            sec.blocks.append(("pre", r["summary"]))
        if r["tool"] == "estimate_effect":
            rows = [
                [k, _short(res.get(k))]
                for k in ("ate", "ci", "p_value", "method", "estimand", "adjustment_set", "verdict")
                if k in res
            ]
            if rows:
                sec.blocks.append(("table", ["quantity", "value"], rows))
            fig = _draw_estimate_graph(res, workspace)
            if fig is not None:
                sec.blocks.append(("img", fig))
            refs = res.get("refutations") or []
            if refs:
                sec.blocks.append(
                    (
                        "table",
                        ["refutation", "passed", "detail"],
                        [
                            [
                                x.get("name", ""),
                                "yes" if x.get("passed") else "no",
                                x.get("detail", ""),
                            ]
                            for x in refs
                        ],
                    )
                )
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
                sec.blocks.append(("img", a))
        notes = [
            res[k]
            for k in ("reason", "method_reason", "estimand_text", "verdict_detail")
            if isinstance(res.get(k), str)
        ]
        for n in notes:
            sec.blocks.append(("p", n))
        secs.append(sec)

    repro = Section("Reproduce")
    repro.blocks.append(("code", "\n".join(cli_commands(question, values, results, workspace))))
    repro.blocks.append(("table", ["package", "version"], [[k, v] for k, v in versions().items()]))
    pub = settings.public_dict()
    repro.blocks.append(
        ("p", f"Seed {pub.get('seed')}; planner {answer.llm}; session {answer.session_id}.")
    )
    secs.append(repro)
    return question, secs


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
    path = workspace.new_artifact_path(f"graph_{res.get('treatment')}_{res.get('outcome')}", ".png")
    graph.draw(path, title=f"graph used for {res.get('treatment')} -> {res.get('outcome')}")
    return str(path)


def _etype(e: dict[str, Any]) -> str:
    return f"{e.get('source_mark', '')}-{e.get('target_mark', '')}"


def _short(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, list):
        return "[" + ", ".join(_short(x) for x in v) + "]"
    return "" if v is None else str(v)


def render_markdown(title: str, secs: list[Section]) -> str:
    lines = [f"# Causal Copilot report: {title}", ""]
    for s in secs:
        lines += [f"## {s.title}", ""]
        for b in s.blocks:
            kind = b[0]
            if kind == "p":
                lines += [b[1], ""]
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
                lines += [f"![{Path(b[1]).name}]({b[1]})", ""]
    return "\n".join(lines)


_CSS = (
    "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}"
    "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .5rem;text-align:left}"
    "pre{background:#f5f5f5;padding:.6rem;white-space:pre-wrap}img{max-width:100%}"
)


def render_html(title: str, secs: list[Section]) -> str:
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        "<html><head><meta charset='utf-8'>",
        f"<title>Causal Copilot report: {e(title)}</title><style>{_CSS}</style></head><body>",
        "<h1>Causal Copilot report</h1>",
    ]
    for s in secs:
        out.append(f"<h2>{e(s.title)}</h2>")
        for b in s.blocks:
            kind = b[0]
            if kind == "p":
                out.append(f"<p>{e(b[1])}</p>")
            elif kind in ("pre", "code"):
                out.append(f"<pre>{e(b[1])}</pre>")
            elif kind == "table":
                out.append("<table><tr>" + "".join(f"<th>{e(h)}</th>" for h in b[1]) + "</tr>")
                for row in b[2]:
                    out.append("<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>")
                out.append("</table>")
            elif kind == "img":
                out.append(_embed(b[1]))
    out.append("</body></html>")
    return "\n".join(out)


def _embed(path: str) -> str:
    p = Path(path)
    mime = IMAGE_SUFFIXES.get(p.suffix.lower())
    if not mime or not p.is_file():
        return f"<p>(figure {html.escape(p.name)} is missing)</p>"
    data = base64.b64encode(p.read_bytes()).decode("ascii")
    return f"<figure><img alt='{html.escape(p.name)}' src='data:{mime};base64,{data}'><figcaption>{html.escape(p.name)}</figcaption></figure>"


def write_report(
    path: str | Path, values: dict[str, Any], answer: Any, settings: Any, workspace: Any = None
) -> Path:
    """Write the report of the session's current question to `path` (.md or .html); never overwrites."""
    from copilot.workspace import safe_output_path

    p = safe_output_path(path)
    title, secs = build_sections(values, answer, settings, workspace)
    if p.suffix.lower() == ".md":
        text = render_markdown(title, secs)
    elif p.suffix.lower() in (".html", ".htm"):
        text = render_html(title, secs)
    else:
        raise InputError(f"Report {p} must end in .md or .html.", "e.g. --report report.html")
    p.write_text(text, encoding="utf-8")
    return p
