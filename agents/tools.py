"""Built-in agent tools: thin wrappers that take ids (datasets, models, earlier results) instead
of objects, validate their arguments and call the engines in `copilot.tools`.

A wrapper is listed only when the engine it wraps is installed in this tree, so the planner is
never offered a tool that does not exist; new engines appear here without touching the graph.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import Any

from copilot.agents.registry import Result, ToolEnv, ToolSpec, tool_spec
from copilot.errors import InputError


def _has(module: str, *attrs: str) -> bool:
    """True when `module` exists and defines every name in `attrs`.

    Read from the source, not imported: engines pull in torch, dowhy or causal-learn, which must
    load only when a tool is first used."""
    import re

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return False
    if spec is None or not spec.origin or not spec.origin.endswith(".py"):
        return False
    try:
        text = open(spec.origin, encoding="utf-8").read()
    except OSError:
        return False
    return all(
        re.search(rf"^(?:def|class)\s+{a}\b|^{a}\s*[:=]|\bimport\b[^\n]*\b{a}\b", text, re.M)
        for a in attrs
    )


# data -----------------------------------------------------------------------------------------
def describe(dataset: str, focus: str | None = None, *, env: ToolEnv) -> Result:
    """Describe a loaded dataset: rows, columns with their kind, missing share and cardinality, and
    the shape checks (linearity, Gaussianity, index column) that guide the choice of method.
    For "are there missing values?" set focus="missing": counts per column of the file as read.

    Args:
        dataset: id of a loaded dataset
        focus: missing (missing-value counts per column) or leave out for the whole description
    """
    ds = env.workspace.dataset(dataset)
    if focus not in (None, "missing"):
        raise InputError(
            f"Unknown describe focus {focus!r}.", "use focus='missing' or leave it out"
        )
    out = ds.describe()
    out["summary_text"] = ds.profile.summary()
    summary = f"{ds.id}: {ds.profile.summary()}"
    if focus == "missing":
        from copilot.agents.effect_focus import missing_counts

        out["missing"] = missing_counts(ds.raw, ds.frame, list(ds.notes))
        summary += f" Missing values in the file: {out['missing']['total']}."
    return Result(out, summary)


# discovery ------------------------------------------------------------------------------------
def discover(
    dataset: str,
    algorithm: str = "auto",
    alpha: float = 0.05,
    ci_test: str | None = None,
    domain_col: str | None = None,
    bootstrap: int = 0,
    required: list[str] | None = None,
    forbidden: list[str] | None = None,
    tiers: str | None = None,
    target: str | None = None,
    force: bool = False,
    time_col: str | None = None,
    series_col: str | None = None,
    max_lag: int | None = None,
    *,
    env: ToolEnv,
    progress: Any = None,
) -> Result:
    """Learn the causal graph of a dataset (causal discovery). Use it for "what causes what",
    "what are the causes/drivers of Y" (set target=Y), or before estimating effects. For time
    series ("what drives Y over time", lagged effects, Granger causality) use algorithm pcmci,
    pcmciplus, varlingam or granger with time_col (and max_lag): edges then carry a lag.

    Args:
        dataset: id of a loaded dataset
        algorithm: auto, pc, fci, ges, direct_lingam, ica_lingam, cdnod, grasp, boss or exact
        alpha: significance level of the independence tests (time-series methods read the
            default 0.05 as their own default, a false discovery rate of 0.01)
        ci_test: fisherz, chisq, gsq or kci (pc, fci, cdnod)
        domain_col: domain or time index column (cdnod)
        bootstrap: number of resamples giving each edge a confidence (0 = none)
        required: edges that must be present, as "a->b"
        forbidden: edges that must be absent, as "a->b"
        tiers: temporal order as "a,b;c;d" (earliest first)
        target: a column whose causes and effects the answer should list
        force: run even when the cost budget would refuse (KCI on large data, exact search)
        time_col: time column of a time series (sorts the rows; detected when left out)
        series_col: column naming independent series of a time series
        max_lag: longest lag in steps for time-series methods (default: chosen by AIC)
    """
    from copilot.tools.discovery import discover as run_discovery

    ds = env.workspace.dataset(dataset)
    for col in [c for c in (target, domain_col, time_col, series_col) if c]:
        ds.require(col)
    res = run_discovery(
        ds,
        algorithm=algorithm,
        # the default leaves the choice to the method (0.05 for tables, 0.01 for time series)
        alpha=None if alpha == 0.05 else alpha,
        ci_test=ci_test,
        domain_col=domain_col,
        bootstrap=bootstrap,
        required=required or (),
        forbidden=forbidden or (),
        tiers=tiers,
        force=force,
        seed=env.settings.seed,
        progress=progress,
        time_col=time_col,
        series_col=series_col,
        max_lag=max_lag,
    )
    artifacts = list(res.artifacts)
    fig = env.workspace.new_artifact_path(f"graph_{ds.id}_{res.algorithm}", ".png")
    if res.lagged_edges is not None:
        from copilot.tools.discovery.timeseries.draw import draw_lagged

        draw_lagged(res, fig)
    else:
        # the column the question is about stands out, as the outcome does in an estimate
        roles = {target: "outcome"} if target in res.graph.nodes else None
        res.graph.draw(fig, title=f"{res.algorithm_name} on {ds.name}", roles=roles)
    artifacts.append(str(fig))
    data = res.to_json_dict()
    data["artifacts"] = artifacts
    summary = res.summary()
    if target:
        g = res.graph
        possible = [
            n
            for n in g.neighbours(target)
            if n not in g.parents(target) and n not in g.children(target)
        ]
        data["focus"] = {
            "target": target,
            "causes": g.parents(target),
            "effects": g.children(target),
            "unoriented": possible,
        }
        if res.lagged_edges is not None:
            # which past values of which series drive the target, and at what lags
            lags: dict[str, list[int]] = {}
            for e in res.lagged_edges:
                if e.target == target and e.type == "directed":
                    lags.setdefault(e.source, []).append(e.lag)
            data["focus"]["lags"] = lags
            data["focus"]["causes"] = [s for s in lags if s != target]
    return Result(data, summary, artifacts, obj=res)


def expensive_discovery(args: Any, env: ToolEnv) -> str | None:
    ds = env.workspace.dataset(args.dataset)
    n = ds.profile.n
    if args.force:
        return None
    if (args.ci_test or "").lower() == "kci" and n > env.settings.kci_max_n:
        return f"KCI on {n} rows is slow (its cost grows with the cube of n; limit {env.settings.kci_max_n})"
    if args.bootstrap and args.bootstrap > 50:
        return f"{args.bootstrap} bootstrap resamples rerun discovery {args.bootstrap} times"
    if args.algorithm.lower() == "exact" and ds.profile.p > 14:
        return f"exact search over {ds.profile.p} variables can take hours"
    return None


# estimation -----------------------------------------------------------------------------------
def _inline_graph(text: str) -> Any:
    """A graph written in the argument itself: edges "A -> B; C -> B" (commas or new lines
    separate them too; "A -> B -> C" is a chain of two edges)."""
    import re

    from copilot.tools.graph import CausalGraph

    edges: list[tuple[str, str]] = []
    for part in re.split(r"[;,\n]", text):
        if not part.strip():
            continue
        nodes = [n.strip() for n in part.split("->")]
        if len(nodes) < 2 or not all(nodes):
            raise InputError(
                f"Cannot read {part.strip()!r} as an edge of the graph.",
                "write the graph as edges between column names: 'A -> B; C -> A; C -> B'",
            )
        edges += list(zip(nodes, nodes[1:], strict=False))
    return CausalGraph.from_edges(None, edges, kind="dag")


def _graph_from(ref: str, env: ToolEnv) -> Any:
    """A graph by reference: the id of an earlier discover call, a graph file path, or edges
    written inline ("A -> B; C -> A")."""
    from pathlib import Path

    from copilot.tools.graph import CausalGraph

    if "->" in ref:
        return _inline_graph(ref)
    obj = env.objects.get(ref)
    if obj is not None and hasattr(obj, "graph"):
        return obj.graph
    for rec in env.history:
        if rec.get("call_id") == ref and rec.get("ok"):
            res = rec.get("result") or {}
            if "edges" in res and "nodes" in res:
                return CausalGraph.from_json(
                    {"nodes": res["nodes"], "edges": res["edges"], "kind": res.get("kind", "graph")}
                )
            if res.get("graph_edges"):
                return CausalGraph.from_json({"edges": res["graph_edges"]})
    if Path(ref).suffix.lower() in (".dot", ".gml", ".json"):
        env.user_file(ref, "graph file")
        if not Path(ref).is_file():
            raise InputError(f"Graph file {ref} does not exist.", "check the path")
        return CausalGraph.load(ref)
    earlier = [r["call_id"] for r in env.history if r.get("tool") == "discover" and r.get("ok")]
    hint = (
        f"earlier discover calls: {', '.join(earlier)}"
        if earlier
        else "leave graph out to run discovery"
    )
    raise InputError(f"Unknown graph {ref!r}: not an earlier discover call nor a graph file.", hint)


def _observables_graph(
    ds: Any, treatment: str, outcome: str, exclude: tuple[str | None, ...]
) -> tuple[Any, list[str]]:
    """The selection-on-observables DAG: every covariate -> treatment and outcome; treatment -> outcome."""
    from copilot.tools.graph import CausalGraph

    skip = {treatment, outcome, *[c for c in exclude if c]}
    covariates = [c for c in ds.analysable() if c not in skip]
    edges = [(treatment, outcome)]
    for c in covariates:
        edges += [(c, treatment), (c, outcome)]
    return CausalGraph.from_edges([treatment, outcome, *covariates], edges, kind="dag"), covariates


def _with_confounders(graph: Any, treatment: str, outcome: str, confounders: list[str]) -> Any:
    """The graph with each named column as a common cause of treatment and outcome."""
    from copilot.tools.graph import CausalGraph

    edges = [
        e
        for e in graph.edges
        if not any(e.key == frozenset((z, x)) for z in confounders for x in (treatment, outcome))
    ]
    # Asking for the effect of the treatment while controlling for named confounders states
    # that the treatment comes first: an unoriented treatment-outcome edge is read that way.
    triples = [
        (treatment, outcome, "directed")
        if e.key == frozenset((treatment, outcome)) and e.type != "directed"
        else (e.source, e.target, e.type)
        for e in edges
    ]
    for z in confounders:
        triples += [(z, treatment, "directed"), (z, outcome, "directed")]
    nodes = list(dict.fromkeys([*graph.nodes, *confounders]))
    return CausalGraph.from_edges(nodes, triples, kind=graph.kind)


def estimate_effect(
    dataset: str,
    treatment: str,
    outcome: str,
    method: str = "auto",
    mediator: str | None = None,
    instrument: str | None = None,
    by: str | None = None,
    common_causes: list[str] | None = None,
    graph: str | None = None,
    adjust_for_all: bool = False,
    refute: bool = True,
    n_boot: int = 200,
    focus: str | None = None,
    what_if: dict[str, Any] | None = None,
    methods: list[str] | None = None,
    act_on_checks: bool = False,
    name_order: bool = True,
    reference: str | None = None,
    *,
    env: ToolEnv,
    progress: Any = None,
) -> Any:
    """Estimate the causal effect of a treatment column on an outcome column with DoWhy: estimand,
    adjustment set, estimate with confidence interval and p-value, refutation tests and verdict.
    Also mediation (natural direct/indirect effects through `mediator`), instrumental variables
    (`instrument`) and effects per subgroup (`by`).

    Args:
        dataset: id of a loaded dataset
        treatment: treatment column
        outcome: outcome column
        method: auto, linear_regression, glm, matching, weighting, stratification, aipw, dml, iv or frontdoor
        mediator: column through which part of the effect may flow
        instrument: instrumental variable column
        by: column whose groups get their own effect
        common_causes: columns to control for as confounders of treatment and outcome
        graph: id of an earlier discover call, a graph file, or edges between columns written
            inline ("A -> B; C -> A; C -> B"); default: run discovery first
        adjust_for_all: instead of a graph, take every other measured column as a common cause of
            treatment and outcome that the treatment does not affect (selection on observables)
        refute: run the refutation tests
        n_boot: bootstrap resamples for intervals that need them
        focus: confounding ("is the relationship confounded?": unadjusted vs adjusted effect) or
            what_if (the predicted change of a scenario given in what_if)
        what_if: the scenario, {"op": "scale"|"add"|"set", "value": number}: "double X" is
            scale 2, "raise X by 10" is add 10, "set X to 5" is set 5
        methods: estimate with each of these methods too, to compare them ("compare matching
            and weighting", "does the answer depend on the method?")
        act_on_checks: without a graph, when the discovered graph behind the covariate roles
            fails its implication test, re-run with the remedy (another algorithm, then the
            pre-treatment fallback) and report the estimate that passes
        name_order: without a graph, read the column names for time order (age, sex, baseline_*
            cannot be caused by the treatment; post_* leans downstream when the data do not
            decide); false reads the data alone. Named common_causes always win.
        reference: a categorical treatment (up to 8 levels): the level every other level is
            compared with ("compared with basic"); default a level named like control, none
            or placebo, else the most common
    """
    from copilot.tools.estimation import estimate_effect as run_estimate
    from copilot.tools.estimation.core import resolve_column

    ds = env.workspace.dataset(dataset)
    spec = _check_focus(focus, what_if, methods)
    notes: list[str] = []
    treatment, outcome, mediator, instrument, by = (
        resolve_column(ds, c, notes) for c in (treatment, outcome, mediator, instrument, by)
    )
    ds.require([c for c in (treatment, outcome, mediator, instrument, by) if c], "column")
    g = _graph_from(graph, env) if graph else None
    if g is not None and graph and "->" in graph:
        ds.require(list(g.nodes), "node of the graph")  # an inline graph names columns
    if adjust_for_all:
        if graph or common_causes:
            raise InputError(
                "adjust_for_all cannot be combined with a graph or common_causes.",
                "use one way of saying what to control for",
            )
        g, covariates = _observables_graph(ds, treatment, outcome, (mediator, instrument))
        notes.append(
            "assumed that every other measured column ("
            + (", ".join(covariates) or "none")
            + f") is a common cause of {treatment} and {outcome} and that none is affected by "
            f"{treatment} (selection on observables); a covariate that is in fact a consequence of "
            f"{treatment} would bias this estimate"
        )
    elif common_causes:
        ds.require(common_causes, "column to control for")
        clash = [c for c in common_causes if c in (treatment, outcome)]
        if clash:
            raise InputError(
                f"{clash[0]!r} is the {'treatment' if clash[0] == treatment else 'outcome'}, so "
                "it cannot also be a common cause to control for.",
                "drop it from common_causes",
            )
        if g is None:
            g = _previous_estimate_graph(env, dataset, treatment, outcome)
        if g is None:
            from copilot.tools.discovery import discover as run_discovery

            # the question says the outcome does not cause the treatment
            g = run_discovery(ds, seed=env.settings.seed, forbidden=[(outcome, treatment)]).graph
            notes.append(
                f"ran causal discovery for the base graph ({outcome} -> {treatment} excluded)"
            )
        g = _with_confounders(g, treatment, outcome, list(common_causes))
        notes.append(
            "controlled for "
            + ", ".join(common_causes)
            + " as you asked (each made a common cause of "
            f"{treatment} and {outcome} in the graph, and {treatment} taken to come before {outcome})"
        )

    def run(m: str, check: bool = refute) -> Any:
        return run_estimate(
            ds,
            treatment,
            outcome,
            graph=g,
            method=m,
            mediator=mediator,
            instrument=instrument,
            by=by,
            refute=check,
            n_boot=n_boot,
            seed=env.settings.seed,
            progress=progress,
            act_on_checks=act_on_checks,
            name_order=name_order,
            reference=reference,
        )

    est = run(method)
    if notes:
        est.notes.extend(notes)
    if adjust_for_all:
        est.graph_source = "assumed: every other measured column a common cause"
    elif common_causes:
        est.graph_source = f"{est.graph_source}, with the common causes you named"
    if spec is None:
        return est
    return _focused(est, spec, ds, lambda m: run(m, check=False))


def _check_focus(
    focus: str | None, what_if: dict[str, Any] | None, methods: list[str] | None
) -> dict[str, Any] | None:
    """The validated focus arguments of estimate_effect; None when none is given."""
    from copilot.agents.effect_focus import FOCUSES, check_what_if
    from copilot.tools.estimation.estimators import canonical_method

    if focus is None and what_if is None and not methods:
        return None
    if focus is not None and focus not in FOCUSES:
        raise InputError(
            f"Unknown estimate focus {focus!r}.", "use confounding or what_if, or leave it out"
        )
    if what_if is not None and focus not in (None, "what_if"):
        raise InputError(
            f"what_if was given with focus={focus!r}.", "use focus='what_if' with a scenario"
        )
    if focus == "what_if" and what_if is None:
        raise InputError(
            "focus='what_if' needs the scenario in what_if.",
            "e.g. what_if={'op': 'scale', 'value': 2} for 'what if we double X'",
        )
    spec: dict[str, Any] = {"focus": "what_if" if what_if is not None else focus}
    if what_if is not None:
        spec["what_if"] = check_what_if(what_if)
    if methods:
        names = [canonical_method(m) for m in methods]
        if "auto" in names:
            raise InputError(
                "methods lists estimators to compare; auto is not one.",
                "name methods, e.g. matching and weighting",
            )
        spec["methods"] = list(dict.fromkeys(names))
    return spec


def _focused(est: Any, spec: dict[str, Any], ds: Any, run: Callable[[str], Any]) -> Result:
    """The estimate with the answer to the focused question added to its JSON view."""
    from copilot.agents import effect_focus as ef

    data = est.to_json_dict()
    if spec.get("focus") == "confounding":
        data["confounding"] = ef.confounding(est)
    if spec.get("focus") == "what_if":
        frame = ds.frame
        data["what_if"] = ef.what_if(
            est, frame[est.treatment].tolist(), frame[est.outcome].tolist(), spec["what_if"]
        )
    if spec.get("methods"):
        others = [m for m in spec["methods"] if m != est.method]
        rows = ef.compare_methods(run, others)
        first = {"method": est.method, "ate": est.ate, "ci": data.get("ci")}
        data["comparison"] = [first, *rows]
    return Result(data, est.summary(), list(est.artifacts), obj=est)


def _previous_estimate_graph(env: ToolEnv, dataset: str, treatment: str, outcome: str) -> Any:
    from copilot.tools.graph import CausalGraph

    for rec in reversed(env.history):
        res = rec.get("result") or {}
        if (
            rec.get("tool") == "estimate_effect"
            and rec.get("ok")
            and (rec.get("args") or {}).get("dataset") == dataset
            and res.get("graph_edges")
        ):
            nodes = list(
                dict.fromkeys([n for e in res["graph_edges"] for n in (e["source"], e["target"])])
            )
            return CausalGraph.from_json({"nodes": nodes, "edges": res["graph_edges"]})
    return None


def expensive_estimate(args: Any, env: ToolEnv) -> str | None:
    ds = env.workspace.dataset(args.dataset)
    if args.n_boot > 1000:
        return f"{args.n_boot} bootstrap resamples of the estimate on {ds.profile.n} rows"
    if args.method == "dml" and ds.profile.n > 50_000:
        return f"double machine learning on {ds.profile.n} rows fits many forests"
    return None


# models ---------------------------------------------------------------------------------------
def _model_loader() -> Any:
    """The probing package's checkpoint loader, wherever it lives; None when there is none yet."""
    for module in ("copilot.tools.probing.checkpoints", "copilot.tools.probing"):
        if _has(module, "load_model"):
            return importlib.import_module(module)
    return None


def _demo_loader() -> Any:
    """The demo model's loader, imported when it is called (it brings torch), or None."""
    for module in ("copilot.tools.probing.checkpoints", "copilot.tools.probing"):
        if _has(module, "load_demo_model"):
            return lambda *args, _m=module, **kw: importlib.import_module(_m).load_demo_model(
                *args, **kw
            )
    return None


def load_model_into(workspace: Any, source: str, ident: str | None = None) -> str:
    """Load a model (a checkpoint path, 'demo' or 'planted') into the workspace; returns its id."""
    if source == "planted" and _has("copilot.tools.probing.planted", "load_planted_model"):
        from copilot.tools.probing.planted import load_planted_model

        model, name = load_planted_model(workspace), "planted"
    elif source == "demo":
        demo = _demo_loader()
        if demo is None:
            raise InputError(
                "There is no demo model in this installation.", "pass a checkpoint path"
            )
        model, name = demo(workspace), "demo"
    else:
        loader = _model_loader()
        if loader is None:
            from copilot.errors import DependencyError

            raise DependencyError("copilot.tools.probing", purpose="loading model checkpoints")
        model = loader.load_model(source)
        name = getattr(model, "name", None) or source.rstrip("/").split("/")[-1].split(".")[0]
    try:
        model.copilot_source = source
    except AttributeError:
        pass
    if ident is not None:
        workspace.models[ident] = model
        return ident
    return workspace.add_model(model, str(name))


def load_demo_model(*, env: ToolEnv) -> dict[str, Any]:
    """Load the small demo transformer shipped with Causal Copilot (trained on induction, recall
    and copying) so that its heads can be probed; returns its model id."""
    ident = load_model_into(env.workspace, "demo")
    from copilot.agents.inputs import model_record

    return model_record(ident, env.workspace.model(ident))


# probing --------------------------------------------------------------------------------------
def _heads(items: list[str] | None) -> list[tuple[int, int]] | None:
    """Heads written as "1.3", "L1H3" or "1,3" -> (layer, head)."""
    import re

    if items is None:
        return None
    out = []
    for it in items:
        m = re.fullmatch(r"\s*[lL]?(\d+)\s*(?:[.,:/]|[hH]|\s+)\s*[hH]?(\d+)\s*", str(it))
        if not m:
            raise InputError(
                f"Cannot read head {it!r}.", "write heads as layer.head, e.g. 1.3 or L1H3"
            )
        out.append((int(m.group(1)), int(m.group(2))))
    return out


def _check_behaviour_file(behaviour: str, env: ToolEnv) -> None:
    """A behaviour given as a file must be one the user named."""
    if "/" in behaviour or behaviour.endswith((".jsonl", ".json")):
        env.user_file(behaviour, "behaviour file")


def head_ablation(
    model: str,
    behaviour: str = "induction",
    heads: list[str] | None = None,
    method: str = "zero",
    metric: str | None = None,
    n_prompts: int = 64,
    n_boot: int = 1000,
    *,
    env: ToolEnv,
    progress: Any = None,
) -> Any:
    """Ablate attention heads of a model (all heads, or the listed ones) and measure how a
    behaviour's metric changes, with bootstrap intervals; ranks heads by harm and draws a
    layer x head heatmap. Answers "which heads matter for X" and "what does ablating head L.H do".

    Args:
        model: id of a loaded model
        behaviour: induction, recall, copy, or a JSONL behaviour file
        heads: heads to ablate as "layer.head" (default: every head)
        method: zero, mean, resample or gate
        metric: loss, logit_diff, prob, accuracy or kl (default: the behaviour's)
        n_prompts: prompts to average over
        n_boot: bootstrap resamples for the intervals
    """
    from copilot.tools.probing.ablation import ablate_heads

    m = env.workspace.model(model)
    _check_behaviour_file(behaviour, env)
    env.workspace.ensure()
    return ablate_heads(
        m,
        behaviour,
        heads=_heads(heads),
        method=method,
        metric=metric,
        n_prompts=n_prompts,
        n_boot=n_boot,
        seed=env.settings.seed,
        out=str(env.workspace.artifacts_dir),
        name=model,
        progress=progress,
    )


def expensive_ablation(args: Any, env: ToolEnv) -> str | None:
    m = env.workspace.model(args.model)
    cfg = getattr(m, "config", None)
    n_heads = getattr(cfg, "n_layers", 0) * getattr(cfg, "n_heads", 0)
    params = sum(p.numel() for p in m.parameters()) if hasattr(m, "parameters") else 0
    if args.heads is None and params > 50_000_000:
        return (
            f"an all-heads sweep ({n_heads} heads) of a model with {params / 1e6:.0f}M parameters"
        )
    return None


SCORE_KEYS = {
    "induction": "induction",
    "previous_token": "previous_token",
    "duplicate_token": "duplicate_token",
    "attention_sink": "attention_sink",
    "gate": "gate_mean",
    "gate_mean": "gate_mean",
    "gate_below_0_1": "gate_below_0_1",
    "massive_activation": "activations",
}


def head_scores(
    model: str,
    score: str = "induction",
    n_prompts: int = 64,
    prompts: str | None = None,
    *,
    env: ToolEnv,
    progress: Any = None,
) -> Result:
    """Score every head of a model: induction, previous-token and duplicate-token scores,
    attention-sink mass, gate statistics (gated models) and massive activations per layer.
    Answers "find induction heads", "are there attention sinks", "gate statistics".

    Args:
        model: id of a loaded model
        score: the score to rank heads by: induction, previous_token, duplicate_token,
            attention_sink, gate or massive_activation
        n_prompts: repeated random sequences to average over
        prompts: a JSONL file of natural prompts to score on instead (text gets a BOS token)
    """
    from copilot.tools.probing.heatmap import png_heatmap, words
    from copilot.tools.probing.scores import head_scores as run_scores

    if score not in SCORE_KEYS:
        raise InputError(
            f"Unknown head score {score!r}.", "choose one of: " + ", ".join(SCORE_KEYS)
        )
    m = env.workspace.model(model)
    if prompts is not None:
        env.user_file(prompts, "prompt file")
    res = run_scores(
        m,
        n_prompts=n_prompts,
        seed=env.settings.seed,
        prompts=prompts,
        name=model,
        progress=progress,
    )
    key = SCORE_KEYS[score]
    data = res.model_dump(mode="json")
    artifacts = list(res.artifacts)
    if key == "activations":
        acts = sorted(res.activations, key=lambda a: -a.ratio)
        data["focus"] = {"score": score, "top": [a.model_dump() for a in acts[:5]]}
    else:
        grid = res.grid(key)
        flat = sorted(
            ((i, j, v) for i, row in enumerate(grid) for j, v in enumerate(row)),
            key=lambda t: -t[2],
        )
        data["focus"] = {
            "score": key,
            "top": [{"layer": i, "head": j, "value": v} for i, j, v in flat[:5]],
        }
        fig = env.workspace.new_artifact_path(f"scores_{model}_{key}", ".png")
        png_heatmap(
            grid,
            fig,
            title=f"{words(key)[0].upper() + words(key)[1:]}, model {model}",
            cbar_label=words(key).split(" (")[0],
            baseline=res.baseline.get(key),
            value_range=(0.0, 1.0),  # shares of attention or of gate values
        )
        artifacts.append(str(fig))
    data["artifacts"] = artifacts
    return Result(data, res.summary(), artifacts, obj=res)


def activation_patching(
    model: str,
    behaviour: str = "induction",
    units: list[str] | None = None,
    n_prompts: int = 64,
    n_boot: int = 1000,
    attribution: int = 0,
    *,
    env: ToolEnv,
    progress: Any = None,
) -> Any:
    """Activation patching: run corrupted prompts with clean activations patched in, per head and
    per layer/position of the residual stream, and report the normalised recovery with intervals.
    Finer units: each head's q, k and v input ("inputs"), or each head at each position
    ("positions").

    Args:
        model: id of a loaded model
        behaviour: induction, recall, copy, or a JSONL file of clean/corrupted pairs
        units: what to patch: heads, resid (default both); or inputs, or positions, alone
        n_prompts: prompt pairs
        n_boot: bootstrap resamples for the intervals
        attribution: also estimate every head's recovery by attribution patching and verify
            the top K by real patching (0: off)
    """
    from copilot.tools.probing.patching import patch_activations, patch_attribution

    m = env.workspace.model(model)
    _check_behaviour_file(behaviour, env)
    env.workspace.ensure()
    common = dict(n_prompts=n_prompts, n_boot=n_boot, seed=env.settings.seed, name=model)
    if units in (["inputs"], ["positions"]):
        from copilot.tools.probing.circuits import patch_head_inputs, patch_head_positions

        run = patch_head_inputs if units == ["inputs"] else patch_head_positions
        return run(m, behaviour, progress=progress, **common)
    res = patch_activations(
        m,
        behaviour,
        units=tuple(units or ("heads", "resid")),
        out=str(env.workspace.artifacts_dir),
        progress=progress,
        **common,
    )
    if attribution < 1:
        return res
    screen = patch_attribution(m, behaviour, top_k=attribution, progress=progress, **common)
    data = res.model_dump(mode="json")
    data["attribution"] = screen.model_dump(mode="json")
    return Result(data, res.summary() + " " + screen.summary(), list(res.artifacts), obj=res)


def path_patching(
    model: str,
    sender: str,
    receivers: list[str],
    via: str = "k",
    behaviour: str = "induction",
    method: str = "zero",
    n_prompts: int = 64,
    n_boot: int = 1000,
    *,
    env: ToolEnv,
    progress: Any = None,
) -> Any:
    """Path patching: how much of a sender head's effect reaches receiver heads of later layers
    through their query, key or value input (or all: resid), with intervals. Answers "does the
    previous-token head feed the induction heads' keys" (K-composition) or "path patching from
    0.2 to 1.0".

    Args:
        model: id of a loaded model
        sender: the sending head as layer.head, e.g. 0.2
        receivers: receiving heads of later layers, e.g. ["1.0", "1.1"]
        via: the receivers' input: q, k, v, resid, or a comma list such as q,k,v
        behaviour: induction, recall, copy, or a JSONL file
        method: what the sender sends instead: zero, mean, resample or corrupt
        n_prompts: prompts of a built-in behaviour
        n_boot: bootstrap resamples for the intervals
    """
    from copilot.tools.probing.circuits import path_patch

    (snd,) = _heads([sender])
    m = env.workspace.model(model)
    _check_behaviour_file(behaviour, env)
    return path_patch(
        m,
        behaviour,
        snd,
        _heads(receivers),
        via=[v.strip() for v in via.split(",") if v.strip()],
        method=method,
        n_prompts=n_prompts,
        n_boot=n_boot,
        seed=env.settings.seed,
        name=model,
        progress=progress,
    )


def logit_lens(
    model: str,
    behaviour: str = "induction",
    n_prompts: int = 64,
    n_boot: int = 1000,
    *,
    env: ToolEnv,
    progress: Any = None,
) -> Any:
    """Logit lens and direct logit attribution: the behaviour's metric read off the residual
    stream at every layer, and how much each head and MLP writes directly into the answer's
    logit. Answers "logit lens", "which heads write the answer", "direct logit attribution".

    Args:
        model: id of a loaded model
        behaviour: induction, recall, copy, or a JSONL file
        n_prompts: prompts of a built-in behaviour
        n_boot: bootstrap resamples for the intervals
    """
    from copilot.tools.probing.lens import logit_lens as run_lens

    m = env.workspace.model(model)
    _check_behaviour_file(behaviour, env)
    return run_lens(
        m,
        behaviour,
        n_prompts=n_prompts,
        n_boot=n_boot,
        seed=env.settings.seed,
        name=model,
        progress=progress,
    )


def steer(
    model: str,
    positive: str,
    negative: str,
    layer: int,
    behaviour: str | None = None,
    alphas: list[float] | None = None,
    position: str = "last",
    *,
    env: ToolEnv,
    progress: Any = None,
) -> Any:
    """Steer a model along the difference-of-means direction between two prompt sets at a layer:
    an alpha sweep reporting the behaviour metric and the side-effect KL on neutral prompts, and
    the effect of projecting the direction out. Steering "away" from a set swaps the two sets.

    Args:
        model: id of a loaded model
        positive: JSONL file of prompts with the property to steer toward
        negative: JSONL file of prompts without it
        layer: layer whose input is steered
        behaviour: what to measure (default: the negative prompts' targets)
        alphas: steering strengths to sweep
        position: position whose activations define the direction: last, or an index
    """
    from copilot.tools.probing.steering import DEFAULT_ALPHAS
    from copilot.tools.probing.steering import steer as run_steer

    m = env.workspace.model(model)
    for f in (positive, negative):
        env.user_file(f, "prompt file")
    if behaviour is not None:
        _check_behaviour_file(behaviour, env)
    pos: int | str = int(position) if str(position).lstrip("-").isdigit() else position
    return run_steer(
        m,
        positive,
        negative,
        layer,
        behaviour=behaviour,
        alphas=alphas or DEFAULT_ALPHAS,
        position=pos,
        seed=env.settings.seed,
        name=model,
        progress=progress,
    )


def linear_probe(
    model: str,
    prompts: str | None = None,
    positive: str | None = None,
    negative: str | None = None,
    layers: list[int] | None = None,
    *,
    env: ToolEnv,
    progress: Any = None,
) -> Any:
    """Train a logistic-regression probe on the residual stream at every layer and report held-out
    accuracy: where a property of the prompt becomes linearly readable.

    Args:
        model: id of a loaded model
        prompts: JSONL file of prompts with a "label" each
        positive: JSONL file of prompts with the property (instead of prompts)
        negative: JSONL file of prompts without it
        layers: layer inputs to probe (default: all)
    """
    from copilot.tools.probing.probes import train_probes

    if prompts is None and (positive is None or negative is None):
        raise InputError(
            "A probe needs labelled prompts.",
            "give prompts=FILE (with labels) or positive= and negative=",
        )
    m = env.workspace.model(model)
    for f in (prompts, positive, negative):
        if f is not None:
            env.user_file(f, "prompt file")
    env.workspace.ensure()
    return train_probes(
        m,
        prompts,
        positive=positive,
        negative=negative,
        layers=layers,
        seed=env.settings.seed,
        out=str(env.workspace.artifacts_dir),
        name=model,
        progress=progress,
    )


# registry -------------------------------------------------------------------------------------
def builtin_tools() -> list[ToolSpec]:
    """Specs of the built-in tools whose engines exist in this install."""
    specs: list[ToolSpec] = []
    candidates: list[tuple[tuple[str, ...], Callable[[], list[ToolSpec]]]] = [
        (("copilot.tools.data", "load_table"), lambda: [tool_spec(describe, origin="builtin")]),
        (
            ("copilot.tools.discovery", "discover"),
            lambda: [tool_spec(discover, expensive=expensive_discovery, origin="builtin")],
        ),
        (
            ("copilot.tools.estimation", "estimate_effect"),
            lambda: [tool_spec(estimate_effect, expensive=expensive_estimate, origin="builtin")],
        ),
        (
            ("copilot.tools.probing.ablation", "ablate_heads"),
            lambda: [tool_spec(head_ablation, expensive=expensive_ablation, origin="builtin")],
        ),
        (
            ("copilot.tools.probing.scores", "head_scores"),
            lambda: [tool_spec(head_scores, origin="builtin")],
        ),
        (
            ("copilot.tools.probing.patching", "patch_activations"),
            lambda: [tool_spec(activation_patching, origin="builtin")],
        ),
        (
            ("copilot.tools.probing.circuits", "path_patch"),
            lambda: [tool_spec(path_patching, origin="builtin")],
        ),
        (
            ("copilot.tools.probing.lens", "logit_lens"),
            lambda: [tool_spec(logit_lens, origin="builtin")],
        ),
        (("copilot.tools.probing.steering", "steer"), lambda: [tool_spec(steer, origin="builtin")]),
        (
            ("copilot.tools.probing.probes", "train_probes"),
            lambda: [tool_spec(linear_probe, origin="builtin")],
        ),
    ]
    if _demo_loader() is not None:
        specs.append(tool_spec(load_demo_model, origin="builtin"))
    for (module, *attrs), make in candidates:
        if _has(module, *attrs):
            specs.extend(make())
    return specs


def require_known(value: str, allowed: list[str], what: str) -> str:
    """Validate a choice case-insensitively; unknown values name the allowed ones."""
    low = {a.lower(): a for a in allowed}
    if value.lower() in low:
        return low[value.lower()]
    raise InputError(f"Unknown {what} {value!r}.", f"choose one of: {', '.join(allowed)}")
