"""Typed results of effect estimation: what was estimated, how, how sure, and how robust."""

from __future__ import annotations

import math
from typing import Any, Literal

from pydantic import AliasChoices, BaseModel, Field

Verdict = Literal["robust", "fragile", "not robust", "not checked", "not identified"]


class Refutation(BaseModel):
    """One robustness check: passed or not, with a one-line plain-English reading."""

    name: str
    passed: bool
    detail: str
    new_effect: float | None = Field(
        None, description="The effect the check produced, where it makes one."
    )


class OverlapReport(BaseModel):
    """Positivity of a binary treatment: propensity ranges and any trimming applied."""

    propensity_treated: tuple[float, float]
    propensity_control: tuple[float, float]
    share_outside: float = Field(description="Share of units with a propensity outside `bounds`.")
    bounds: tuple[float, float] = Field(
        description="Common support of the groups' propensities, within [0.01, 0.99]."
    )
    trimmed: int = Field(
        0, description="Units dropped for the estimate (0 when no trimming was used)."
    )
    adequate: bool
    detail: str
    effective_share: float | None = Field(
        None,
        description="Kish effective sample size of the inverse-propensity weights as a share of "
        "the arm's size, the smaller of the two arms (1: even weights; small: a few units with "
        "extreme weights carry the weighted estimate).",
    )


class MediationEffects(BaseModel):
    """Natural direct and indirect effects through one mediator, with intervals."""

    mediator: str
    nde: float
    nde_ci: tuple[float, float]
    nie: float
    nie_ci: tuple[float, float]
    total: float
    proportion_mediated: float | None
    covariates: list[str]
    detail: str


class SubgroupEffect(BaseModel):
    """The effect within one level (or bin) of the `by` column."""

    group: str
    n_rows: int = Field(
        validation_alias=AliasChoices("n_rows", "n")
    )  # also read as "n" (older results)
    ate: float | None
    ci: tuple[float, float] | None
    detail: str = ""


class LevelContrast(BaseModel):
    """A categorical treatment: one level against the reference level."""

    level: str
    reference: str
    n_rows: int = Field(description="Rows with either level, on which this contrast is estimated.")
    ate: float | None
    ci: tuple[float, float] | None
    p_value: float | None = None
    effects_range: tuple[float, float] | None = None
    method: str
    adjustment_set: list[str] = Field(default_factory=list)
    verdict: Verdict = "not checked"
    error: str | None = Field(
        None, description="Why this level could not be compared (too few rows, no overlap)."
    )


class OrientationEffect(BaseModel):
    """IDA: the effect under one orientation of the edges at the treatment."""

    parents: list[str]
    ate: float
    ci: tuple[float, float]


class CovariateRole(BaseModel):
    """One column's role relative to the treatment and the outcome (estimates without a graph)."""

    role: str = Field(
        description="confounder, outcome_cause, instrument, unrelated, mediator, "
        "descendant_of_treatment, collider or descendant_of_outcome."
    )
    confidence: float = Field(description="Share of resampled discovery graphs that agree.")
    adjusted: bool
    evidence: str
    name_cue: str | None = Field(
        None,
        description="What the column's name says about its time, when that was used as "
        "background knowledge (e.g. a fixed attribute, or measured at baseline).",
    )

    def then(self, text: str, adjusted: bool) -> str:
        """The evidence with a later check's reading appended, marked as overruling the
        reading before it when it reverses whether the column is adjusted for (so the line
        never reads "adjusted for ... not adjusted for" without saying which stands)."""
        turn = "a later check overrules this: " if adjusted != self.adjusted else ""
        return f"{self.evidence}; {turn}{text}"


class Attempt(BaseModel):
    """An earlier estimate that failed its own checks, kept as a note."""

    ate: float | None
    ci: tuple[float, float] | None
    adjustment_set: list[str]
    how: str
    failed: list[str]
    detail: str


class EffectEstimate(BaseModel):
    """The answer to "what is the effect of `treatment` on `outcome`?"."""

    treatment: str
    outcome: str
    ate: float | None = Field(
        description="Average effect of moving the treatment from control to treated value."
    )
    ci: tuple[float, float] | None = Field(None, description="Confidence interval [low, high].")
    confidence: float = 0.95
    ci_kind: str | None = Field(
        None, description="analytic or bootstrap (with the number of resamples)."
    )
    p_value: float | None = None
    method: str
    method_reason: str
    estimand: str = Field(description="The identified estimand in words.")
    estimand_kind: str = Field(description="backdoor, frontdoor, iv, mediation or ida.")
    adjustment_set: list[str] = Field(default_factory=list)
    instruments: list[str] = Field(default_factory=list)
    frontdoor_set: list[str] = Field(default_factory=list)
    treatment_values: tuple[float, float] = Field(
        (0.0, 1.0), description="(control, treated) values compared."
    )
    treatment_labels: tuple[str, str] | None = Field(
        None,
        description="(control, treated) as the table writes them, for a text treatment "
        "('no', 'yes'); None when the values are the table's own numbers.",
    )
    outcome_labels: tuple[str, str] | None = Field(
        None,
        description="(0, 1) as the table writes a two-level text outcome ('home', "
        "'readmitted'): the effect is on the share of the second; None for a numeric outcome.",
    )
    treatment_kind: str
    outcome_kind: str
    naive_difference: float | None = Field(
        None, description="Unadjusted difference or slope, for comparison."
    )
    n_rows: int = Field(
        validation_alias=AliasChoices("n_rows", "n")
    )  # also read as "n" (older results)
    refutations: list[Refutation] = Field(default_factory=list)
    verdict: Verdict = "not checked"
    verdict_reason: str = ""
    overlap: OverlapReport | None = None
    graph_source: str = Field(description="file, given, discovery or none, with details.")
    graph_edges: list[dict[str, Any]] = Field(default_factory=list)
    effects_range: tuple[float, float] | None = Field(
        None, description="IDA: range over consistent orientations."
    )
    orientation_effects: list[OrientationEffect] = Field(default_factory=list)
    undecided_edges: list[str] = Field(default_factory=list)
    mediation: MediationEffects | None = None
    subgroups: list[SubgroupEffect] = Field(default_factory=list)
    subgroup_column: str | None = None
    contrasts: list[LevelContrast] = Field(
        default_factory=list,
        description="A categorical treatment: each level against the reference level (named "
        "like a control, else the most common, or as asked), each estimated on the rows with "
        "one of the two; the other fields are the first contrast's, in full.",
    )
    forest: dict[str, Any] | None = Field(
        None, description="Causal forest summary when by= and econml is installed."
    )
    roles: dict[str, CovariateRole] = Field(
        default_factory=dict,
        description="Without a graph: each other column's role, confidence and evidence.",
    )
    assumption: str | None = Field(
        None, description="The assumption the adjustment rests on, in words."
    )
    discovered_edges: list[dict[str, Any]] = Field(
        default_factory=list,
        description="Without a graph: the discovered graph the roles were read from.",
    )
    alternative: dict[str, Any] | None = Field(
        None,
        description="The estimate with the undecided columns treated the other way "
        "(`each`: one column at a time, when there are 2 to 4).",
    )
    attempts: list[Attempt] = Field(
        default_factory=list, description="Earlier estimates that failed their checks."
    )
    notes: list[str] = Field(default_factory=list)
    artifacts: list[str] = Field(default_factory=list)
    elapsed_s: float = 0.0
    timings: dict[str, float] = Field(
        default_factory=dict,
        description="Where elapsed_s went, by stage: data_s, graph_s, identify_s, estimate_s, "
        "refute_s, explain_s (mediation, subgroups); roles_s without a graph (covariate roles "
        "from discovery, and earlier attempts).",
    )

    # convenience ------------------------------------------------------------------------------
    @property
    def nde(self) -> float | None:
        return self.mediation.nde if self.mediation else None

    @property
    def nie(self) -> float | None:
        return self.mediation.nie if self.mediation else None

    def to_json_dict(self) -> dict[str, Any]:
        """JSON-ready dict: NaN and infinities become null, tuples become lists.

        With a mediator, `nde`, `nde_ci`, `nie` and `nie_ci` are repeated at the top level."""
        d = self.model_dump(mode="json")
        if self.mediation is not None:
            for key in ("nde", "nde_ci", "nie", "nie_ci"):
                d[key] = d["mediation"][key]
        return _clean(d)

    def summary(self) -> str:
        """A few plain-English lines: the number, its uncertainty, how it was found, how robust."""
        pct = int(round(self.confidence * 100))
        lines = []
        if self.contrasts:
            ref = self.contrasts[0].reference
            lines.append(
                f"Effect of {self.treatment} on {self.outcome}, each level against {ref!r}:"
            )
            for c in self.contrasts:
                if c.ate is not None and c.ci is not None:
                    told = f"{_fmt(c.ate)} ({pct}% CI {_fmt(c.ci[0])} to {_fmt(c.ci[1])})"
                elif c.effects_range is not None:
                    told = f"between {_fmt(c.effects_range[0])} and {_fmt(c.effects_range[1])}"
                else:
                    told = "not estimated"
                if c.error is not None:
                    lines.append(f"  {c.level} vs {c.reference}: not estimated ({c.error})")
                    continue
                adj = ", ".join(c.adjustment_set) or "none"
                lines.append(
                    f"  {c.level} vs {c.reference}: {told}; n={c.n_rows}, adjusted for {adj}, "
                    f"verdict {c.verdict}"
                )
            first = self.contrasts[0]
            lines.append(f"In detail, {first.level} vs {first.reference}:")
        if self.ate is not None and self.ci is not None:
            p = f", p {_fmt_p(self.p_value)}" if self.p_value is not None else ""
            lines.append(
                f"Effect of {self.treatment} on {self.outcome}: {_fmt(self.ate)} "
                f"({pct}% CI {_fmt(self.ci[0])} to {_fmt(self.ci[1])}{p}; {self.ci_kind})."
            )
        elif self.effects_range is not None:
            lines.append(
                f"Effect of {self.treatment} on {self.outcome} is not unique: between "
                f"{_fmt(self.effects_range[0])} and {_fmt(self.effects_range[1])} over "
                f"{len(self.orientation_effects)} orientations consistent with the graph."
            )
        else:
            lines.append(f"Effect of {self.treatment} on {self.outcome}: not estimated.")
        lines.append(f"Method: {self.method} ({self.method_reason})")
        lines.append(f"Estimand: {self.estimand}")
        if self.estimand_kind == "backdoor":
            adj = ", ".join(self.adjustment_set) or "none needed"
            lines.append(f"Adjustment set: {adj}")
        if self.assumption:
            lines.append(f"Assumption: {self.assumption}")
        for col, r in self.roles.items():
            lines.append(
                f"  {col}: {r.role.replace('_', ' ')} ({r.confidence:.0%}; "
                f"{'adjusted' if r.adjusted else 'not adjusted'}) - {r.evidence}"
            )
        if self.alternative and self.alternative.get("ate") is not None:
            a = self.alternative
            lo, hi = a["ci"] or (None, None)
            lines.append(
                f"Alternative: {a['detail']}: {_fmt(a['ate'])} ({_fmt(lo)} to {_fmt(hi)})."
            )
            for one in a.get("each") or []:
                if one.get("ate") is None:
                    continue
                lo, hi = one["ci"] or (None, None)
                lines.append(
                    f"  {one['column']} alone the other way: {_fmt(one['ate'])} "
                    f"({_fmt(lo)} to {_fmt(hi)})"
                )
            linear = a.get("linear_reading") or {}
            if linear.get("ate") is not None:
                lo, hi = linear["ci"] or (None, None)
                lines.append(
                    f"  without {linear['label']} (the linear search's own reading): "
                    f"{_fmt(linear['ate'])} ({_fmt(lo)} to {_fmt(hi)})"
                )
            inst = a.get("instrument_reading") or {}
            if inst.get("ate") is not None:
                lo, hi = inst["ci"]
                lines.append(f"  {inst['detail']}: {_fmt(inst['ate'])} ({_fmt(lo)} to {_fmt(hi)})")
        for a in self.attempts:
            lines.append(
                f"Earlier attempt ({a.how}): {_fmt(a.ate)}; failed {', '.join(a.failed)} - {a.detail}"
            )
        if self.mediation:
            m = self.mediation
            lines.append(
                f"Through {m.mediator}: indirect {_fmt(m.nie)} ({_fmt(m.nie_ci[0])} to {_fmt(m.nie_ci[1])}), "
                f"direct {_fmt(m.nde)} ({_fmt(m.nde_ci[0])} to {_fmt(m.nde_ci[1])}); together "
                f"{_fmt(m.total)} in the mediation model (linear, so it can differ from the "
                "estimate above)."
            )
        for s in self.subgroups:
            ci = f" ({_fmt(s.ci[0])} to {_fmt(s.ci[1])})" if s.ci else ""
            lines.append(
                f"  {self.subgroup_column} = {s.group} (n={s.n_rows}): "
                f"{_fmt(s.ate) if s.ate is not None else 'n/a'}{ci}{' ' + s.detail if s.detail else ''}"
            )
        if self.forest:
            f = self.forest
            per = "; ".join(
                f"{g['group']}: {_fmt(g['ate'])} ({_fmt(g['ci'][0])} to {_fmt(g['ci'][1])})"
                for g in f.get("groups", [])
            )
            lines.append(f"Causal forest by {f['modifier']}: {per}")
        for r in self.refutations:
            lines.append(f"  [{'pass' if r.passed else 'FAIL'}] {r.name}: {r.detail}")
        lines.append(
            f"Verdict: {self.verdict}{' - ' + self.verdict_reason if self.verdict_reason else ''}"
        )
        lines.append(f"Graph: {self.graph_source}")
        for n in self.notes:
            lines.append(f"Note: {n}")
        return "\n".join(lines)


def _fmt(x: float | None) -> str:
    if x is None or (isinstance(x, float) and not math.isfinite(x)):
        return "n/a"
    a = abs(x)
    if a != 0 and (a >= 1e5 or a < 1e-3):
        return f"{x:.3g}"
    return f"{x:,.3f}" if a < 100 else f"{x:,.1f}"


def _fmt_p(p: float) -> str:
    """'< 0.001' or '= 0.123' (after the letter p)."""
    return "< 0.001" if p < 0.001 else f"= {p:.3f}"


def _clean(obj: Any) -> Any:
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _clean(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_clean(v) for v in obj]
    return obj
