"""`DiscoveryResult`: what a discovery run found, how, and what it could not do."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, computed_field

from copilot.errors import InputError
from copilot.tools.graph import CausalGraph

KnowledgeMode = Literal[
    "none", "native", "native+enforced", "enforced", "native+checked", "checked"
]


class BootstrapEdge(BaseModel):
    """One edge (with its end marks) and the share of resamples in which it appeared."""

    source: str
    target: str
    type: str
    frequency: float


class BootstrapSummary(BaseModel):
    requested: int
    completed: int
    edges: list[BootstrapEdge] = Field(
        default_factory=list, description="Every edge seen in a resample, most frequent first."
    )


class LaggedEdge(BaseModel):
    """A link in a time-series graph: `source` at t - `lag` affects `target` at t."""

    source: str
    target: str
    lag: int = Field(ge=0, description="Steps between cause and effect; 0 is contemporaneous.")
    type: Literal["directed", "undirected"] = "directed"
    strength: float | None = Field(
        None, description="Partial correlation (PCMCI) or coefficient (VAR-LiNGAM, Granger)."
    )
    p_value: float | None = Field(None, description="FDR-adjusted p-value of the link's test.")
    confidence: float | None = Field(
        None, description="Share of bootstrap resamples with this link (none without bootstrap)."
    )

    def label(self) -> str:
        if self.lag == 0:
            sym = "-->" if self.type == "directed" else "---"
            return f"{self.source}(t) {sym} {self.target}(t)"
        return f"{self.source}(t-{self.lag}) --> {self.target}(t)"

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "target": self.target,
            "lag": self.lag,
            "type": self.type,
            "strength": None if self.strength is None else round(self.strength, 4),
            "p_value": None if self.p_value is None else float(f"{self.p_value:.4g}"),
            "confidence": self.confidence,
        }


class TimeSeriesInfo(BaseModel):
    """How the rows were read as time series, and what was checked."""

    time_column: str | None
    series_column: str | None = None
    n_series: int = 1
    n_steps: list[int] = Field(default_factory=list, description="Steps per series.")
    max_lag: int
    lag_source: Literal["given", "aic"] = "given"
    edge_meaning: str = Field(
        "causal", description="'causal', or 'predictive' for Granger causality."
    )
    stationarity: list[dict[str, Any]] = Field(
        default_factory=list, description="ADF and KPSS p-values per variable."
    )


class DiscoveryResult(BaseModel):
    """The graph found by one discovery run, with the choices and caveats behind it."""

    algorithm: str = Field(description="Canonical algorithm name, e.g. 'pc', 'direct_lingam'.")
    algorithm_name: str = Field(description="Readable name, e.g. 'PC (stable)'.")
    reason: str = Field(
        description="Why this algorithm (and test or score) was used, in plain words."
    )
    ci_test: str | None = None
    score: str | None = None
    alpha: float | None = None
    graph: CausalGraph
    elapsed_s: float
    timings: dict[str, float] = Field(
        default_factory=dict,
        description="Where elapsed_s went: data_s (data to numbers and checks), imports_s "
        "(loading the algorithm's library), setup_s (the engine's set-up, torch PC only), "
        "search_s (the search), bootstrap_s.",
    )
    engine: str = "causal-learn"
    knowledge_mode: KnowledgeMode = "none"
    knowledge: dict[str, Any] = Field(default_factory=dict)
    knowledge_violations: list[str] = Field(
        default_factory=list, description="Constraints the algorithm's own output broke."
    )
    knowledge_changes: list[str] = Field(
        default_factory=list, description="Edges changed afterwards to satisfy the knowledge."
    )
    bootstrap: BootstrapSummary | None = None
    dataset: str = ""
    n_rows: int = 0
    index_column: str | None = None
    notes: list[str] = Field(
        default_factory=list, description="Caveats of the method on this data."
    )
    data_notes: list[str] = Field(
        default_factory=list, description="What loading changed in the data."
    )
    cut: list[str] = Field(
        default_factory=list, description="Work left out because of the time budget."
    )
    artifacts: list[str] = Field(default_factory=list)
    lagged_edges: list[LaggedEdge] | None = Field(
        None,
        description="Time-series methods: every link with its lag; `graph` is then the summary "
        "graph (one edge per pair of variables, lags folded).",
    )
    time_series: TimeSeriesInfo | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def nodes(self) -> list[str]:
        return list(self.graph.nodes)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def edges(self) -> list[dict[str, Any]]:
        if self.lagged_edges is not None:
            return [e.to_dict() for e in self.lagged_edges]
        return [e.to_dict() for e in self.graph.edges]

    def method(self) -> str:
        """e.g. 'PC (stable) with fisherz, alpha 0.05'."""
        parts = []
        if self.ci_test:
            parts.append(f"{self.ci_test} test")
        if self.score:
            parts.append(f"{self.score.upper()} score")
        if self.alpha is not None and self.ci_test:
            parts.append(f"alpha {self.alpha:g}")
        return self.algorithm_name + (f" ({', '.join(parts)})" if parts else "")

    def found(self) -> str:
        """'8 nodes, 5 edges (5 directed)', or for time series '12 links (10 lagged, 2 same-step)'."""
        if self.lagged_edges is None:
            return self.graph.summary()
        lagged = sum(e.lag > 0 for e in self.lagged_edges)
        return (
            f"{len(self.lagged_edges)} links among {len(self.nodes)} variables ({lagged} lagged, "
            f"{len(self.lagged_edges) - lagged} same-step)"
        )

    def summary(self) -> str:
        """A few lines for people: what ran, why, what it found, what to keep in mind."""
        lines = [
            f"{self.method()} found {self.found()} in {self.elapsed_s:.2f} s.",
            f"Why: {self.reason}",
        ]
        if self.knowledge_mode != "none":
            lines.append(
                f"Background knowledge: {self.knowledge_mode}"
                + (
                    f"; {len(self.knowledge_changes)} edge(s) changed to satisfy it"
                    if self.knowledge_changes
                    else ""
                )
            )
        if self.bootstrap is not None:
            lines.append(
                f"Bootstrap: {self.bootstrap.completed} of {self.bootstrap.requested} resamples."
            )
        if self.lagged_edges is not None:
            lines.extend(lagged_lines(self))
        else:
            for e in self.graph.edges:
                conf = f"  (confidence {e.confidence:.2f})" if e.confidence is not None else ""
                lines.append(f"  {e}{conf}")
        lines.extend(f"Note: {n}" for n in self.notes + self.cut)
        return "\n".join(lines)

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON object `copilot discover --json` prints (also readable as a graph file)."""
        return {
            "algorithm": self.algorithm,
            "algorithm_name": self.algorithm_name,
            "reason": self.reason,
            "ci_test": self.ci_test,
            "score": self.score,
            "alpha": self.alpha,
            "kind": self.graph.kind,
            "nodes": self.nodes,
            "edges": self.edges,
            "elapsed_s": round(self.elapsed_s, 4),
            "timings": {k: round(v, 4) for k, v in self.timings.items()},
            "engine": self.engine,
            "knowledge_mode": self.knowledge_mode,
            "knowledge": self.knowledge,
            "knowledge_violations": self.knowledge_violations,
            "knowledge_changes": self.knowledge_changes,
            "bootstrap": self.bootstrap.model_dump() if self.bootstrap else None,
            "dataset": self.dataset,
            "n_rows": self.n_rows,
            "index_column": self.index_column,
            "notes": self.notes,
            "data_notes": self.data_notes,
            "cut": self.cut,
            "artifacts": self.artifacts,
            **(
                {"time_series": self.time_series.model_dump()}
                if self.time_series is not None
                else {}
            ),
        }

    def save(self, path: str | Path, overwrite: bool = False) -> Path:
        """Write the graph as DOT, GML, JSON (the full result), PNG or SVG, by extension.

        An existing file is never replaced unless `overwrite` is true.
        """
        import json

        p = Path(path).expanduser()
        ext = p.suffix.lower()
        if ext not in (".dot", ".gv", ".gml", ".json", ".png", ".svg", ".pdf"):
            raise InputError(
                f"Unsupported graph file type {ext or '(none)'!r} for {p.name}.",
                "use .dot, .gml, .json, .png or .svg",
            )
        if p.is_dir():
            raise InputError(f"Output path {p} is a folder.", "name a file, e.g. graph.png")
        if p.exists() and not overwrite:
            raise InputError(
                f"Output file {p} already exists.",
                "choose another name, or pass --overwrite (overwrite=True) to replace it",
            )
        if not p.parent.exists():
            raise InputError(
                f"Folder {p.parent} does not exist.", "create it first or choose another path"
            )
        if ext == ".json":
            self.artifacts.append(str(p))
            p.write_text(json.dumps(_jsonable(self.to_json_dict()), indent=2) + "\n")
        elif ext in (".png", ".svg", ".pdf") and self.lagged_edges is not None:
            from copilot.tools.discovery.timeseries.draw import draw_lagged

            draw_lagged(self, p)
            self.artifacts.append(str(p))
        elif ext in (".dot", ".gv") and self.lagged_edges is not None:
            from copilot.tools.discovery.timeseries.draw import lagged_dot

            p.write_text(lagged_dot(self))
            self.artifacts.append(str(p))
        elif ext in (".png", ".svg", ".pdf"):
            self.graph.draw(
                p, title=f"{self.dataset}: {self.method()}" if self.dataset else self.method()
            )
            self.artifacts.append(str(p))
        else:
            self.graph.save(p)
            self.artifacts.append(str(p))
        return p


def lagged_lines(result: DiscoveryResult) -> list[str]:
    """One line per time-series link, e.g. 'x(t-1) --> y(t)  strength +0.42, p 0.001'."""
    info = result.time_series
    lines = []
    if info is not None:
        lines.append(
            f"Time series: {info.n_series} series, max lag {info.max_lag} "
            f"({'given' if info.lag_source == 'given' else 'chosen by AIC'}); "
            f"edges are {info.edge_meaning}."
        )
    for e in result.lagged_edges or []:
        extra = []
        if e.strength is not None:
            extra.append(f"strength {e.strength:+.3f}")
        if e.p_value is not None:
            extra.append(f"p {e.p_value:.2g}")
        if e.confidence is not None:
            extra.append(f"confidence {e.confidence:.2f}")
        lines.append(f"  {e.label()}" + (f"  ({', '.join(extra)})" if extra else ""))
    return lines


def _jsonable(obj: Any) -> Any:
    import math

    if isinstance(obj, float):
        return None if math.isnan(obj) or math.isinf(obj) else obj
    if isinstance(obj, dict):
        return {str(k): _jsonable(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_jsonable(v) for v in obj]
    return obj
