"""Time to answer: wall time and peak memory of the common one-shot commands, each in a fresh
process as a user's shell runs it, next to the goals they are held to.

    python benchmarks/latency.py [--runs 3] [--only ask-words,describe] [--markdown] [--fresh]

Commands: `ask` that runs no tool, `ask "describe the data"`, `discover` at p = 20 and p = 100
(n = 10,000, the torch engine), `estimate` on the 4,000-row example with and without
refutations, and `probe heads` on the demo model. For each it prints the median and fastest wall
time of `--runs` runs, the median CPU time of the process (user + system: about its wall time on
an idle machine, and steadier than wall time on a busy one), its peak resident memory, the time
the command reports for its own computation (`elapsed_s` in its JSON, where it has one), the rest (start-up, imports,
data loading, profile), the command's own split by stage (`timings` in its JSON: discover's
data_s, imports_s, setup_s, search_s; estimate's data_s, graph_s, identify_s, estimate_s,
refute_s, explain_s), and the goal. The runs of a command share a workspace, as a user's do,
so the file's profile is computed by the first run and read from the workspace's cache by the
others; `--fresh` gives every run a new workspace (every run profiles). Python caches compiled
modules (`__pycache__`) as it does by default, even where PYTHONDONTWRITEBYTECODE is set in the
benchmark's own environment: then every run would compile copilot's modules again (0.1 s for
`ask`), which a user's shell does not do; `--no-bytecode-cache` keeps that setting. Run it on
an idle machine (`flock /tmp/bench.lock ...`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SALES = ROOT / "examples" / "data" / "sales.csv"
SALES_GRAPH = ROOT / "examples" / "data" / "sales_graph.dot"


@dataclass
class Case:
    name: str
    args: list[str]
    goal_s: float | None
    json_elapsed: bool = False  # the command's --json output carries elapsed_s


def command() -> list[str]:
    """The `copilot` script of the Python environment running this benchmark: a `copilot` found
    on PATH may be another checkout's, or a version manager's shim (pyenv's adds 0.1 s)."""
    beside = Path(sys.executable).parent / "copilot"
    if beside.is_file() and os.access(beside, os.X_OK):
        return [str(beside)]
    exe = shutil.which("copilot")
    return [exe] if exe else [sys.executable, "-m", "copilot"]


def make_tables(folder: Path) -> dict[str, Path]:
    """Linear-Gaussian tables with a random sparse DAG (p = 20 and 100, n = 10,000)."""
    import numpy as np

    from copilot.tools.graph import CausalGraph
    from copilot.tools.simulate import simulate

    out = {}
    for p in (20, 100):
        rng = np.random.default_rng(p)
        names = [f"x{i}" for i in range(p)]
        edges = [
            (names[i], names[j]) for i in range(p) for j in range(i + 1, p) if rng.random() < 2 / p
        ]
        path = folder / f"linear_p{p}.csv"
        simulate(
            CausalGraph.from_edges(names, edges), 10_000, "linear_gaussian", seed=0
        ).data.to_csv(path, index=False)
        out[f"p{p}"] = path
    return out


def cases(tables: dict[str, Path]) -> list[Case]:
    est = ["estimate", str(SALES), "-t", "discount", "-y", "churn", "--graph", str(SALES_GRAPH)]
    return [
        Case("ask-words", ["ask", "hello, what can you do?", "--data", str(SALES)], 1.0),
        Case("describe", ["ask", "describe the data", "--data", str(SALES)], 1.5),
        Case(
            "discover-p20",
            ["discover", str(tables["p20"]), "--algo", "pc", "--engine", "torch", "--json"],
            None,
            True,
        ),
        Case(
            "discover-p100",
            ["discover", str(tables["p100"]), "--algo", "pc", "--engine", "torch", "--json"],
            3.0,
            True,
        ),
        Case("estimate", [*est, "--json"], 5.0, True),
        Case("estimate-no-refute", [*est, "--no-refute", "--json"], None, True),
        Case("probe-heads-demo", ["probe", "heads", "demo", "--json"], None),
    ]


def run_once(
    case: Case, workspace: Path, bytecode_cache: bool = True
) -> tuple[float, float, float | None, dict[str, float], float]:
    """(wall seconds, peak RSS in MB, the command's own elapsed_s or None, its timings, CPU
    seconds: user + system time of the process and its children)."""
    env = {**os.environ, "COPILOT_WORKSPACE": str(workspace)}
    if bytecode_cache:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    # the child's peak RSS and CPU time, read by a tiny wrapper so that other children do not
    # mix in
    wrapper = (
        "import resource, subprocess, sys, json\n"
        "r = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'rc': r.returncode, 'out': r.stdout, 'err': r.stderr[-2000:], "
        "'peak': u.ru_maxrss / 1024, 'cpu': u.ru_utime + u.ru_stime}))\n"
    )
    t0 = time.perf_counter()
    res = subprocess.run(
        [sys.executable, "-c", wrapper, *command(), *case.args],
        capture_output=True,
        text=True,
        env=env,
    )
    wall = time.perf_counter() - t0
    info = json.loads(res.stdout)
    if info["rc"] != 0:
        raise SystemExit(f"{case.name} failed (exit {info['rc']}): {info['err']}")
    elapsed, timings = None, {}
    if case.json_elapsed:
        try:
            out = json.loads(info["out"])
            elapsed = float(out.get("elapsed_s"))
            timings = {k: float(v) for k, v in (out.get("timings") or {}).items()}
        except (ValueError, TypeError, AttributeError):
            elapsed = None
    return wall, info["peak"], elapsed, timings, info["cpu"]


def stages(runs: list[dict[str, float]]) -> str:
    """Median seconds per stage over the runs, largest first: 'imports 2.9, data 0.6'."""
    keys = {k for r in runs for k in r}
    med = {k: statistics.median(r.get(k, 0.0) for r in runs) for k in keys}
    parts = [
        f"{k.removesuffix('_s')} {v:.2f}" for k, v in sorted(med.items(), key=lambda kv: -kv[1])
    ]
    return ", ".join(parts) if parts else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per command (default 3)")
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--fresh", action="store_true", help="a new workspace per run (no cached profiles)"
    )
    parser.add_argument(
        "--no-bytecode-cache",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE from this environment (every run compiles copilot)",
    )
    opts = parser.parse_args()
    bytecode_cache = not opts.no_bytecode_cache
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        tables = make_tables(folder)
        wanted = [c for c in cases(tables) if not opts.only or c.name in opts.only.split(",")]
        rows = []
        for case in wanted:
            runs = []
            for i in range(opts.runs):
                ws = folder / (f"ws-{case.name}-{i}" if opts.fresh else f"ws-{case.name}")
                ws.mkdir(exist_ok=True)
                runs.append(run_once(case, ws, bytecode_cache))
            walls = [r[0] for r in runs]
            peak = max(r[1] for r in runs)
            own = [r[2] for r in runs if r[2] is not None]
            med = statistics.median(walls)
            cpu = statistics.median(r[4] for r in runs)
            own_med = statistics.median(own) if own else None
            rows.append(
                (
                    case.name,
                    med,
                    min(walls),
                    cpu,
                    peak,
                    own_med,
                    None if own_med is None else med - own_med,
                    case.goal_s,
                    stages([r[3] for r in runs]),
                )
            )
            print(f"{case.name}: median {med:.2f} s", file=sys.stderr)

    def fmt(x: float | None, spec: str = ".2f") -> str:
        return "-" if x is None else format(x, spec)

    header = [
        "command",
        "median s",
        "fastest s",
        "cpu s",
        "peak MB",
        "own s",
        "rest s",
        "goal s",
        "met",
        "own s by stage",
    ]
    table = [
        [
            name,
            fmt(med),
            fmt(fast),
            fmt(cpu),
            fmt(peak, ".0f"),
            fmt(own),
            fmt(rest),
            fmt(goal, "g"),
            "-" if goal is None else ("yes" if med < goal else "no"),
            split,
        ]
        for name, med, fast, cpu, peak, own, rest, goal, split in rows
    ]
    if opts.markdown:
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in table:
            print("| " + " | ".join(row) + " |")
    else:
        widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(header)]
        print("  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)))
        for row in table:
            print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)))
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    where = "a new workspace per run" if opts.fresh else "one workspace per command"
    cache = (
        "bytecode cache on"
        if bytecode_cache or not os.environ.get("PYTHONDONTWRITEBYTECODE")
        else "bytecode cache off"
    )
    print(
        f"(cpus: {os.cpu_count()}; load average {load}; runs per command: {opts.runs}; {where}; "
        f"{cache}; {' '.join(command())})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
