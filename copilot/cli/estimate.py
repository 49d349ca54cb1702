"""`copilot estimate`: the effect of a treatment on an outcome, with an interval and refutations."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from copilot.cli._common import handle_errors, print_json, progress_bar
from copilot.cli.vocabulary import (
    ESTIMATION_METHOD_ALIASES,
    ESTIMATION_METHODS,
    CopilotCommand,
    ProfilesWorkspaceOpt,
    bootstrap_option,
    choice_option,
    json_option,
    quiet_option,
)
from copilot.errors import printable


def register(app: typer.Typer) -> None:
    app.command(
        "estimate",
        cls=CopilotCommand,
        epilog="Examples:\n\n  copilot estimate examples/data/sales.csv -t discount -y churn "
        "--graph examples/data/sales_graph.dot\n\n  copilot estimate examples/data/sales.csv "
        "-t discount -y churn --by region --json",
    )(estimate)


@handle_errors
def estimate(
    data: Annotated[Path, typer.Argument(help="Data file: CSV, TSV, Parquet or JSON lines.")],
    treatment: Annotated[
        str, typer.Option("--treatment", "-t", metavar="COLUMN", help="Treatment column.")
    ],
    outcome: Annotated[
        str, typer.Option("--outcome", "-y", metavar="COLUMN", help="Outcome column.")
    ],
    graph: Annotated[
        Path | None,
        typer.Option(
            "--graph",
            "-g",
            help="Causal graph: DOT, GML or JSON. Without it, discovery runs first.",
        ),
    ] = None,
    method: Annotated[
        str,
        choice_option(
            "--method",
            choices=ESTIMATION_METHODS,
            aliases=ESTIMATION_METHOD_ALIASES,
            help="Estimation method (auto picks from the data and says why).",
        ),
    ] = "auto",
    mediator: Annotated[
        str | None,
        typer.Option(
            "--mediator",
            metavar="COLUMN",
            help="Mediator column: adds natural direct and indirect effects.",
        ),
    ] = None,
    instrument: Annotated[
        str | None,
        typer.Option(
            "--instrument",
            metavar="COLUMN",
            help="Instrument column: instrumental-variable estimation.",
        ),
    ] = None,
    by: Annotated[
        str | None,
        typer.Option(
            "--by",
            metavar="COLUMN",
            help="Subgroup column: effects per level (quartiles if continuous).",
        ),
    ] = None,
    reference: Annotated[
        str | None,
        typer.Option(
            "--reference",
            metavar="LEVEL",
            help="A categorical treatment: the level every other level is compared with "
            "(default: a level named like control, none or placebo, else the most common).",
        ),
    ] = None,
    cluster: Annotated[
        str,
        typer.Option(
            "--cluster",
            metavar="COLUMN",
            help="The id the rows repeat by (several rows per customer): not adjusted for, and "
            "the interval counts its units. Default auto: a column named like an id (*_id, "
            "*_no) whose values repeat; none: off.",
        ),
    ] = "auto",
    no_refute: Annotated[
        bool, typer.Option("--no-refute", help="Skip the refutation checks.")
    ] = False,
    confidence: Annotated[
        float, typer.Option("--confidence", help="Confidence level of the intervals.")
    ] = 0.95,
    n_boot: Annotated[int, bootstrap_option("Resamples for intervals without a formula.")] = 200,
    seed: Annotated[int, typer.Option("--seed", help="Seed of every random step.")] = 0,
    no_name_order: Annotated[
        bool,
        typer.Option(
            "--no-name-order",
            help="Without a graph, do not read column names for time order (age, sex, "
            "baseline_*, prior_* taken as fixed before the treatment; post_* leaning after).",
        ),
    ] = False,
    as_json: Annotated[bool, json_option()] = False,
    quiet: Annotated[bool, quiet_option()] = False,
    workspace: ProfilesWorkspaceOpt = None,
) -> None:
    """Estimate the average effect of TREATMENT on OUTCOME: estimand, adjustment set, interval, robustness."""
    import warnings

    from copilot.tools.datafile import check_data_file

    check_data_file(data)  # a wrong path gets its error before any progress line
    from copilot.tools.estimation import estimate_effect
    from copilot.tools.profile_cache import load_cached, workspace_cache

    with progress_bar(enabled=not (as_json or quiet)) as update:
        update.stage(f"loading {data.name}")
        with warnings.catch_warnings():
            # what loading changed is in the dataset's notes, which the result reports
            warnings.simplefilter("ignore", UserWarning)
            ds = load_cached(data, workspace_cache(workspace))
        result = estimate_effect(
            ds,
            treatment,
            outcome,
            graph=graph,
            method=method,
            mediator=mediator,
            instrument=instrument,
            by=by,
            reference=reference,
            cluster=cluster,
            refute=not no_refute,
            confidence=confidence,
            n_boot=n_boot,
            seed=seed,
            progress=update,
            name_order=not no_name_order,
        )
    if as_json:
        print_json(result.to_json_dict())
    else:
        typer.echo(printable(result.summary()))
