"""A categorical treatment (`plan`: basic, pro, enterprise): each level against the most common.

Every level other than the reference is compared with it by a full estimate (graph or covariate
roles, estimator, interval, refutations) on the rows that have one of the two levels, with the
treatment as 0/1 (1: the level). Each contrast is therefore the effect among the units that
received one of its two levels, the population a two-arm comparison of them would have; where
the effect of each level does not vary between units, it is the population's. The result is the
first contrast in full, with every contrast in `contrasts`.
"""

from __future__ import annotations

from collections.abc import Callable

from copilot.errors import CopilotError
from copilot.progress import Progress, ProgressCallback
from copilot.tools.data import Dataset, load_table

from .result import EffectEstimate, LevelContrast

#: A level named like one of these is the reference by default (`none`, `Control group`,
#: `no_coupon`, `Placebo`), before the most common level.
CONTROL_WORDS = frozenset(
    "control controls none no placebo standard usual baseline default untreated off sham".split()
)


def levels_in_order(ds: Dataset, treatment: str, reference: str | None = None) -> list[str]:
    """The treatment's levels as the table writes them, the reference first: `reference`, else
    the one level named like a control (`CONTROL_WORDS`), else the most common; the others
    most common first (ties by name)."""
    from copilot.errors import InputError, name_key

    counts = ds.frame[treatment].dropna().astype(str).value_counts()
    levels = sorted(counts.index, key=lambda lvl: (-int(counts[lvl]), lvl))
    if reference is not None:
        same = [lvl for lvl in levels if lvl == reference] or [
            lvl for lvl in levels if name_key(lvl) == name_key(reference)
        ]
        if len(same) != 1:
            raise InputError(
                f"{reference!r} is not a level of {treatment!r}.",
                "use one of: " + ", ".join(repr(lvl) for lvl in levels),
            )
        first = same[0]
    else:
        named = [lvl for lvl in levels if _words(lvl) & CONTROL_WORDS]
        first = named[0] if len(named) == 1 else levels[0]
    return [first, *(lvl for lvl in levels if lvl != first)]


def _words(text: str) -> set[str]:
    import re

    return set(re.findall(r"[a-z]+", text.lower()))


def _two_levels(ds: Dataset, treatment: str, reference: str, level: str) -> Dataset:
    """The rows with `reference` or `level`, profiled anew, the treatment coded 0 for the
    reference and 1 for the level (so the estimate reads `treatment=level` against it)."""
    import warnings

    values = ds.frame[treatment].astype(str)
    sub = ds.frame[values.isin([reference, level])].copy()
    sub[treatment] = values[sub.index]
    with warnings.catch_warnings():
        # a column constant on these rows is dropped with a note, as on loading
        warnings.simplefilter("ignore", UserWarning)
        two = load_table(sub.reset_index(drop=True), name=ds.name)
    two.encoding[treatment] = {reference: 0, level: 1}
    two.notes = [n for n in two.notes if not n.startswith(_encoded(treatment))]
    return two


def _encoded(column: str) -> str:
    return f"encoded categorical column {column!r}"


def each_level(
    ds: Dataset,
    treatment: str,
    estimate: Callable[[Dataset, ProgressCallback | None], EffectEstimate],
    progress: ProgressCallback | None = None,
    reference: str | None = None,
) -> EffectEstimate:
    """Estimate every level against the reference (see `levels_in_order`) with
    `estimate(dataset, progress)`."""
    levels = levels_in_order(ds, treatment, reference)
    ref, others = levels[0], levels[1:]
    why = (
        "as asked"
        if reference is not None
        else "named like a control"
        if _words(ref) & CONTROL_WORDS
        else "the most common"
    )
    results: list[EffectEstimate] = []
    contrasts: list[LevelContrast] = []
    errors: list[CopilotError] = []
    for i, level in enumerate(others, 1):
        step = None
        if progress is not None:

            def step(p: Progress, i: int = i, level: str = level) -> None:
                progress(
                    Progress(
                        p.task,
                        p.done,
                        p.total,
                        f"{level} vs {ref} ({i} of {len(others)}): {p.message}",
                    )
                )

        try:
            est = estimate(_two_levels(ds, treatment, ref, level), step)
        except CopilotError as exc:
            # one level that cannot be compared (too few rows, no overlap) leaves the others
            errors.append(exc)
            contrasts.append(
                LevelContrast(
                    level=level,
                    reference=ref,
                    n_rows=int(ds.frame[treatment].astype(str).isin([ref, level]).sum()),
                    ate=None,
                    ci=None,
                    method="none",
                    verdict="not identified",
                    error=str(exc),
                )
            )
            continue
        est.treatment_kind = "categorical"
        results.append(est)
        contrasts.append(
            LevelContrast(
                level=level,
                reference=ref,
                n_rows=est.n_rows,
                ate=est.ate,
                ci=est.ci,
                p_value=est.p_value,
                effects_range=est.effects_range,
                method=est.method,
                adjustment_set=est.adjustment_set,
                verdict=est.verdict,
            )
        )
    if not results:
        raise errors[0]
    first = results[0]
    first.contrasts = [c for c in contrasts if c.error is None] + [
        c for c in contrasts if c.error is not None
    ]
    first.notes = [n for n in first.notes if not n.startswith(_encoded(treatment))]
    counts = ds.frame[treatment].astype(str).value_counts()
    sizes = ", ".join(f"{lvl} {int(counts[lvl])}" for lvl in levels)
    shown = first.contrasts[0].level
    first.notes.insert(
        0,
        f"{treatment} has {len(levels)} levels (rows: {sizes}): each is compared with {ref!r} "
        f"({why}) by its own estimate on the rows with one of the two (the effect among units "
        f"that received either); the fields other than `contrasts` are those of {shown!r} "
        f"vs {ref!r}",
    )
    for c in first.contrasts:
        if c.error is not None:
            first.notes.append(f"{c.level} vs {ref}: not estimated: {c.error}")
    # the first contrast's stages as measured; the other contrasts' time in one more entry
    first.timings["other_levels_s"] = round(sum(r.elapsed_s for r in results[1:]), 4)
    return first
