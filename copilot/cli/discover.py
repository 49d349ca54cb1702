"""`copilot discover DATA`: learn a causal graph from a table and show or save it."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Annotated

import typer

from copilot.cli._common import handle_errors, print_json, progress_bar
from copilot.cli.vocabulary import (
    ALGORITHM_ALIASES,
    ALGORITHMS,
    CI_TEST_ALIASES,
    CI_TESTS,
    MISSING,
    PC_ENGINES,
    CopilotCommand,
    ProfilesWorkspaceOpt,
    bootstrap_option,
    choice_option,
    json_option,
    quiet_option,
)

ALGO_HELP = (
    "Discovery algorithm; pcmci, pcmciplus, varlingam and granger are for time series "
    "(auto picks from the data and says why)."
)


@handle_errors
def discover_command(
    data: Annotated[
        Path, typer.Argument(help="CSV, TSV, Parquet or JSON-lines file.", show_default=False)
    ],
    algo: Annotated[
        str,
        choice_option(
            "--algo", "-a", choices=ALGORITHMS, aliases=ALGORITHM_ALIASES, help=ALGO_HELP
        ),
    ] = "auto",
    alpha: Annotated[
        float | None,
        typer.Option(
            "--alpha",
            help="Significance level of the CI tests (default 0.05; for time-series methods "
            "the false discovery rate of the links, default 0.01).",
        ),
    ] = None,
    ci_test: Annotated[
        str | None,
        choice_option(
            "--ci-test",
            choices=CI_TESTS,
            aliases=CI_TEST_ALIASES,
            help="Conditional independence test of pc, fci and cdnod (default: from the data).",
            show_default=False,
        ),
    ] = None,
    domain_col: Annotated[
        str | None,
        typer.Option(
            "--domain-col",
            help="Domain or time index column (CD-NOD); found by name when left out.",
        ),
    ] = None,
    bootstrap: Annotated[int, bootstrap_option("Resamples for edge confidences (0: off).")] = 0,
    require: Annotated[
        list[str] | None, typer.Option("--require", help="Required edge A->B (repeatable).")
    ] = None,
    forbid: Annotated[
        list[str] | None, typer.Option("--forbid", help="Forbidden edge A->B (repeatable).")
    ] = None,
    tiers: Annotated[
        str | None,
        typer.Option(
            "--tiers",
            help='Temporal tiers, earliest first: "a,b;c;d" (no edge from a later tier to an earlier one).',
        ),
    ] = None,
    columns: Annotated[
        str | None, typer.Option("--columns", help="Only these columns, comma-separated.")
    ] = None,
    missing: Annotated[
        str,
        choice_option(
            "--missing",
            choices=MISSING,
            help="Rows with missing values: drop them, or impute the mean, median or mode.",
        ),
    ] = "drop",
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar="FILE",
            help="Write the graph to FILE: .dot, .gml, .json, .png or .svg.",
            show_default=False,
        ),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace the --out file if it exists.")
    ] = False,
    json_out: Annotated[bool, json_option()] = False,
    quiet: Annotated[bool, quiet_option()] = False,
    workspace: ProfilesWorkspaceOpt = None,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Run expensive settings that are refused by default (KCI on many rows, exact search on many variables).",
        ),
    ] = False,
    time_budget: Annotated[
        float | None,
        typer.Option(
            "--time-budget",
            help="Seconds for the search and the bootstrap; loading the data does not count "
            "(default: COPILOT_TIME_BUDGET_S).",
        ),
    ] = None,
    max_parents: Annotated[
        int | None,
        typer.Option(
            "--max-parents",
            help="Exact search: at most this many parents per variable (fewer parent sets to score).",
        ),
    ] = None,
    engine: Annotated[
        str, choice_option("--engine", choices=PC_ENGINES, help="PC implementation.")
    ] = "auto",
    seed: Annotated[
        int, typer.Option("--seed", help="Seed of resampling and randomised searches.")
    ] = 0,
    time_col: Annotated[
        str | None,
        typer.Option(
            "--time-col",
            help="Time column of a time series (dates or step numbers); detected when left out.",
        ),
    ] = None,
    series_col: Annotated[
        str | None,
        typer.Option(
            "--series-col", help="Column naming independent series (e.g. a sensor or store id)."
        ),
    ] = None,
    max_lag: Annotated[
        int | None,
        typer.Option("--max-lag", help="Longest lag in steps (default: chosen by AIC)."),
    ] = None,
    fill_gaps: Annotated[
        bool,
        typer.Option("--fill-gaps", help="Interpolate missing time steps instead of refusing."),
    ] = False,
) -> None:
    """Learn a causal graph from DATA: the algorithm and why, the edges, and files written."""
    from copilot.errors import InputError
    from copilot.tools.datafile import check_data_file

    if max_parents is not None and algo not in ("auto", "exact"):  # algo is canonical here
        raise InputError(
            f"--max-parents applies to exact search only, not to --algo {algo}.",
            "use --algo exact, or leave out --max-parents",
        )
    if out is not None:
        _check_out(out, overwrite)
    check_data_file(data)  # a wrong path gets its error before any progress line
    with warnings.catch_warnings():
        # Everything loading changes is in the dataset's notes, which are printed below.
        warnings.simplefilter("ignore")
        with progress_bar(enabled=not (json_out or quiet)) as on_progress:
            on_progress.stage(f"loading {data.name}")
            from copilot.tools.data import parse_column_list
            from copilot.tools.discovery import discover
            from copilot.tools.profile_cache import load_cached, workspace_cache

            ds = load_cached(
                data,
                workspace_cache(workspace),
                columns=parse_column_list(columns),
                missing=missing,
            )
            result = discover(
                ds,
                algorithm=algo,
                alpha=alpha,
                ci_test=ci_test,
                domain_col=domain_col,
                bootstrap=bootstrap,
                required=require or (),
                forbidden=forbid or (),
                tiers=tiers,
                time_budget_s=time_budget,
                force=force,
                seed=seed,
                progress=on_progress,
                engine=engine,
                time_col=time_col,
                series_col=series_col,
                max_lag=max_lag,
                **({} if max_parents is None else {"max_parents": max_parents}),
                **({"fill_gaps": True} if fill_gaps else {}),
            )
    if out is not None:
        result.save(out, overwrite=overwrite)
    if json_out:
        print_json(result.to_json_dict())
    else:
        _print_human(result)


def _check_out(out: Path, overwrite: bool) -> None:
    """Fail before the (possibly long) run when --out cannot be written."""
    from copilot.errors import InputError

    ext = out.suffix.lower()
    if ext not in (".dot", ".gv", ".gml", ".json", ".png", ".svg", ".pdf"):
        raise InputError(
            f"Unsupported --out file type {ext or '(none)'!r}.",
            "use .dot, .gml, .json, .png or .svg",
        )
    if out.is_dir():
        raise InputError(f"--out {out} is a folder.", "name a file, e.g. graph.png")
    if out.exists() and not overwrite:
        raise InputError(
            f"Output file {out} already exists.",
            "choose another name or pass --overwrite to replace it",
        )
    if not out.parent.exists():
        raise InputError(
            f"Folder {out.parent} does not exist.", "create it first or choose another path"
        )


def _print_human(result) -> None:
    from rich.console import Console

    console = Console(highlight=False)
    console.print(
        f"[bold]{result.method()}[/bold] on {result.dataset} "
        f"({result.n_rows} rows, {len(result.nodes)} variables) in {result.elapsed_s:.2f} s"
    )
    console.print(f"Why: {result.reason}")
    if result.lagged_edges is not None:
        _print_lagged(console, result)
    else:
        _print_edges(console, result)
    if result.knowledge_mode != "none":
        console.print(f"Background knowledge: {result.knowledge_mode}")
        for c in result.knowledge_changes:
            console.print(f"  changed: {c}")
    if result.bootstrap is not None:
        console.print(
            f"Bootstrap: {result.bootstrap.completed} of {result.bootstrap.requested} resamples"
        )
    for title, items in (("Data", result.data_notes), ("Notes", result.notes), ("Cut", result.cut)):
        if items:
            console.print(f"{title}:")
            for item in items:
                console.print(f"  - {item}")
    for path in result.artifacts:
        console.print(f"Wrote {path}")


def _print_edges(console, result) -> None:
    from rich.table import Table

    symbol = {
        "directed": "-->",
        "undirected": "---",
        "bidirected": "<->",
        "partially_directed": "o->",
        "nondirected": "o-o",
        "partially_undirected": "o--",
    }
    console.print(f"Graph: {result.graph.summary()}")
    table = Table()
    table.add_column("source")
    table.add_column("edge", justify="center")
    table.add_column("target")
    table.add_column("type")
    if result.bootstrap is not None:
        table.add_column("confidence", justify="right")
    for e in result.graph.edges:
        row = [e.source, symbol[e.type], e.target, e.type]
        if result.bootstrap is not None:
            row.append("-" if e.confidence is None else f"{e.confidence:.2f}")
        table.add_row(*row)
    if result.graph.edges:
        console.print(table)
    else:
        console.print("No edges found: every pair of variables looks independent given the others.")


def _print_lagged(console, result) -> None:
    from rich.table import Table

    from copilot.tools.discovery.result import lagged_lines

    console.print(f"Found {result.found()}.")
    console.print(lagged_lines(result)[0])
    table = Table()
    for col in ("source", "lag", "edge", "target", "strength", "p-value"):
        table.add_column(col, justify="right" if col in ("lag", "strength", "p-value") else "left")
    for e in result.lagged_edges:
        table.add_row(
            e.source,
            f"t-{e.lag}" if e.lag else "t",
            "-->" if e.type == "directed" else "---",
            e.target,
            "-" if e.strength is None else f"{e.strength:+.3f}",
            "-" if e.p_value is None else f"{e.p_value:.2g}",
        )
    if result.lagged_edges:
        console.print(table)
    else:
        console.print("No links found: no series helps explain another beyond their own past.")
    checks = result.time_series.stationarity
    moving = [c["variable"] for c in checks if c["stationary"] is False]
    if checks:
        console.print(
            "Stationarity (ADF and KPSS): "
            + (
                f"not stationary: {', '.join(moving)}"
                if moving
                else "every series looks stationary"
            )
        )


def register(app: typer.Typer) -> None:
    app.command(
        "discover",
        cls=CopilotCommand,
        help="Learn a causal graph from a table (CSV, TSV, Parquet, JSON lines).",
        epilog="Examples:\n\n  copilot discover examples/data/linear_gaussian.csv --algo pc --out graph.png\n\n"
        "  copilot discover examples/data/multidomain.csv --algo cdnod --json\n\n"
        "  copilot discover examples/data/var_timeseries.csv --algo pcmci --time-col time --max-lag 3",
    )(discover_command)
