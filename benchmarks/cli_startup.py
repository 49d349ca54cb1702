"""Start-up time of `copilot --help` and `copilot --version` (goal: under 0.5 s each).

    python benchmarks/cli_startup.py [--runs 10]

Each command runs in a fresh process, as a user's shell runs it; the script prints the median
and the fastest of the runs, and the slowest imports of one `--help` start (python -X importtime)
so that a regression points at its cause.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time

GOAL_S = 0.5


def command() -> list[str]:
    """The installed `copilot` script when there is one, else `python -m copilot`."""
    exe = shutil.which("copilot")
    return [exe] if exe else [sys.executable, "-m", "copilot"]


def time_runs(args: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            command() + args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        times.append(time.perf_counter() - t0)
    return times


def slowest_imports(n: int = 8) -> list[tuple[float, str]]:
    """The top-level imports with the largest cumulative time in one `--help` start."""
    code = "import sys; sys.argv=['copilot','--help']\nfrom copilot.cli import main\ntry: main()\nexcept SystemExit: pass"
    res = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True
    )
    rows = []
    for line in res.stderr.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2]
        if name.startswith("  "):  # only imports made directly by the program, not nested ones
            continue
        rows.append((int(parts[1]) / 1e6, name.strip()))
    return sorted(rows, reverse=True)[:n]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs per command (default 10)")
    opts = parser.parse_args()
    print(f"command: {' '.join(command())}  (goal < {GOAL_S} s, {opts.runs} runs each)")
    over = False
    for args in (["--help"], ["--version"]):
        time_runs(args, 1)  # warm the file cache
        times = time_runs(args, opts.runs)
        med, best = statistics.median(times), min(times)
        over |= med >= GOAL_S
        mark = "ok" if med < GOAL_S else "SLOW"
        print(f"copilot {args[0]:<10} median {med:.3f} s   min {best:.3f} s   {mark}")
    print("slowest top-level imports of `copilot --help` (cumulative):")
    for secs, name in slowest_imports():
        print(f"  {secs:6.3f} s  {name}")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
