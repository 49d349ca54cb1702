"""One runner per algorithm: numbers in, a `CausalGraph` out, on top of causal-learn.

Every runner takes the data matrix (rows x variables), the variable names and a `RunContext`
and returns a `RunOutput`: the graph, how much of the background knowledge the search itself
used ("all", "partial" or "none"), the engine and notes. Knowledge the search did not use is
checked and enforced by the caller. causal-learn is imported inside the runners.
"""

from __future__ import annotations

import importlib.util
import random
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from copilot.errors import DiscoveryError, InputError
from copilot.progress import ProgressCallback, report
from copilot.tools.discovery.budget import (
    Budget,
    BudgetExceeded,
    TestCounter,
    counted,
    counting,
    install_score_hooks,
    register_budgeted_test,
)
from copilot.tools.discovery.knowledge import Knowledge, apply_knowledge
from copilot.tools.discovery.scores import (
    DegenerateGaussianScore,
    install_dg_score,
    install_fast_bdeu,
    local_score_bdeu,
)
from copilot.tools.graph import CausalGraph

KnowledgeUse = Literal["all", "partial", "none"]

#: Canonical names, in the order --help lists them.
ALGORITHMS: dict[str, str] = {
    "pc": "PC (stable)",
    "fci": "FCI",
    "ges": "GES",
    "direct_lingam": "DirectLiNGAM",
    "ica_lingam": "ICA-LiNGAM",
    "cdnod": "CD-NOD",
    "grasp": "GRaSP",
    "boss": "BOSS",
    "exact": "Exact search (A*)",
}
CI_TESTS = ("fisherz", "chisq", "gsq", "kci")
CONSTRAINT_BASED = ("pc", "fci", "cdnod")
#: Exact search scores every parent set of every node (p * 2^(p-1) regressions); above this
#: many variables that takes minutes to hours, so it is refused unless forced.
EXACT_MAX_P = 14
PC_ENGINES = ("auto", "torch", "causal-learn")


@dataclass
class RunContext:
    """Settings of one run of one algorithm."""

    alpha: float = 0.05
    ci_test: str | None = None
    score: str | None = None
    knowledge: Knowledge = field(default_factory=Knowledge)
    budget: Budget | None = None
    progress: ProgressCallback | None = None
    seed: int = 0
    engine: str = "auto"
    device: str = "auto"
    index: np.ndarray | None = None
    #: columns (by position) that the DG score enters as indicators of their levels
    categorical: tuple[int, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunOutput:
    graph: CausalGraph
    knowledge_use: KnowledgeUse = "none"
    engine: str = "causal-learn"
    notes: list[str] = field(default_factory=list)
    # what the time budget cut short (the search still returned a result)
    cut: list[str] = field(default_factory=list)
    # the engine's own split of its run time, when it has one (setup_s, search_s)
    timings: dict[str, float] = field(default_factory=dict)


def internal_names(p: int) -> list[str]:
    """causal-learn's own node names (X1..Xp); background knowledge must use them."""
    return [f"X{i + 1}" for i in range(p)]


def _bk(ctx: RunContext, names: list[str]):
    return (
        None
        if ctx.knowledge.empty
        else ctx.knowledge.background_knowledge(names, internal_names(len(names)))
    )


@contextmanager
def seeded(seed: int):
    """Seed Python's and NumPy's global generators (GRaSP and BOSS shuffle with them), then restore."""
    py_state, np_state = random.getstate(), np.random.get_state()
    random.seed(seed)
    np.random.seed(seed % (2**32))
    try:
        yield
    finally:
        random.setstate(py_state)
        np.random.set_state(np_state)


def _ci_kwargs(ctx: RunContext, task: str) -> dict[str, Any]:
    counter = TestCounter(task, ctx.progress, ctx.budget)
    return {"inner": ctx.ci_test or "fisherz", "counter": counter}


# PC engines ----------------------------------------------------------------------------------

#: From about this many variables the batched torch engine beats causal-learn's PC (same
#: decisions; 10x at p=40 on a CPU); below it, loading torch costs more than the search, so
#: "auto" takes torch there only when torch is already loaded.
TORCH_AUTO_MIN_P = 20


def _torch_loaded() -> bool:
    import sys

    return "torch" in sys.modules


def torch_engine_available() -> bool:
    return (
        importlib.util.find_spec("torch") is not None
        and importlib.util.find_spec("copilot.tools.discovery.pc_torch") is not None
    )


def resolve_pc_engine(engine: str, ci_test: str | None = "fisherz", p: int = 0) -> str:
    """Which PC implementation runs: "causal-learn" or "torch" (the batched engine).

    "auto" takes the torch engine when it supports the test (Fisher-z) and there are at least
    TORCH_AUTO_MIN_P variables or torch is already loaded; "torch" insists on it and fails
    when it cannot run.
    """
    if engine not in PC_ENGINES:
        raise InputError(f"Unknown PC engine {engine!r}.", f"use one of {', '.join(PC_ENGINES)}")
    if engine == "causal-learn":
        return engine
    if not torch_engine_available():
        if engine == "torch":
            raise DiscoveryError(
                "The torch PC engine is not part of this installation.",
                "use --engine causal-learn (or auto)",
            )
        return "causal-learn"
    from copilot.tools.discovery.pc_torch import pc_engine_supports

    supported = pc_engine_supports(ci_test or "fisherz", stable=True)
    if engine == "torch":
        if not supported:
            raise InputError(
                f"The torch PC engine runs the Fisher-z test only, not {ci_test}.",
                "use --engine causal-learn (or auto) for this test",
            )
        return "torch"
    return "torch" if supported and (p >= TORCH_AUTO_MIN_P or _torch_loaded()) else "causal-learn"


def run_pc(X: np.ndarray, names: list[str], ctx: RunContext) -> RunOutput:
    engine = resolve_pc_engine(ctx.engine, ctx.ci_test, len(names))
    bk = _bk(ctx, names)
    depth = ctx.options.get("depth")
    if engine == "torch":
        from copilot.tools.discovery.pc_torch import pc_torch, pc_torch_endpoints

        def on_level(update) -> None:
            # Called after each depth level; raising stops the search (the time budget).
            report(ctx.progress, "PC", update.done, None, update.message)
            if ctx.budget is not None:
                ctx.budget.check(int(update.done))

        if bk is None:
            # the default orientation runs on arrays: causal-learn is not even imported
            found = pc_torch_endpoints(
                X,
                alpha=ctx.alpha,
                indep_test=ctx.ci_test or "fisherz",
                stable=True,
                depth=-1 if depth is None else int(depth),
                device=ctx.device,
                progress=on_level,
            )
            graph = CausalGraph.from_endpoints(found.graph, names, kind="cpdag")
            timings = {k: float(found.stats[k]) for k in ("setup_s", "search_s")}
            return RunOutput(graph, "none", engine, timings=timings)
        cg = pc_torch(
            X,
            alpha=ctx.alpha,
            indep_test=ctx.ci_test or "fisherz",
            stable=True,
            depth=-1 if depth is None else int(depth),
            background_knowledge=bk,
            node_names=internal_names(len(names)),
            device=ctx.device,
            progress=on_level,
        )
    else:
        from causallearn.search.ConstraintBased.PC import pc

        cg = pc(
            X,
            alpha=ctx.alpha,
            indep_test=register_budgeted_test(),
            stable=True,
            background_knowledge=bk,
            show_progress=False,
            node_names=internal_names(len(names)),
            max_k=None if depth is None else int(depth),
            **_ci_kwargs(ctx, "PC"),
        )
    graph = CausalGraph.from_causallearn(cg.G, names, kind="cpdag")
    stats = getattr(cg, "engine_stats", None) or {}
    timings = {k: float(stats[k]) for k in ("setup_s", "search_s") if k in stats}
    return RunOutput(graph, "all" if bk is not None else "none", engine, timings=timings)


def run_fci(X: np.ndarray, names: list[str], ctx: RunContext) -> RunOutput:
    from causallearn.search.ConstraintBased.FCI import fci

    bk = _bk(ctx, names)
    depth = ctx.options.get("depth")
    g, _ = fci(
        X,
        independence_test_method=register_budgeted_test(),
        alpha=ctx.alpha,
        depth=-1 if depth is None else int(depth),
        background_knowledge=bk,
        show_progress=False,
        node_names=internal_names(len(names)),
        **_ci_kwargs(ctx, "FCI"),
    )
    return RunOutput(
        CausalGraph.from_causallearn(g, names, kind="pag"), "all" if bk is not None else "none"
    )


def run_cdnod(X: np.ndarray, names: list[str], ctx: RunContext) -> RunOutput:
    """CD-NOD: PC on the data plus the domain/time index C, with C -> X for every X adjacent to C.

    These are the steps of causal-learn's `cdnod`, called one by one so that the background
    knowledge also reaches the skeleton search and the CI tests are counted and budgeted.
    The index is the last variable of `names`.
    """
    from causallearn.graph.GraphNode import GraphNode
    from causallearn.utils.cit import CIT
    from causallearn.utils.PCUtils import Meek, SkeletonDiscovery, UCSepset
    from causallearn.utils.PCUtils.BackgroundKnowledge import BackgroundKnowledge
    from causallearn.utils.PCUtils.BackgroundKnowledgeOrientUtils import (
        orient_by_background_knowledge,
    )

    if ctx.index is None:
        raise DiscoveryError(
            "CD-NOD needs a domain or time index column.", "name it with --domain-col"
        )
    data = np.column_stack([X, ctx.index])
    all_names = list(names)
    internal = internal_names(len(all_names))
    bk = _bk(ctx, all_names) or BackgroundKnowledge()
    c_node = GraphNode(internal[-1])
    # The index is exogenous: nothing in the data changes which domain or time a row is from.
    for name in internal[:-1]:
        bk.add_forbidden_by_node(GraphNode(name), c_node)
    test = CIT(data, register_budgeted_test(), **_ci_kwargs(ctx, "CD-NOD"))
    cg = SkeletonDiscovery.skeleton_discovery(
        data,
        ctx.alpha,
        test,
        True,
        background_knowledge=bk,
        show_progress=False,
        node_names=internal,
    )
    c = cg.G.nodes[len(all_names) - 1]
    for node in cg.G.get_adjacent_nodes(c):
        cg.G.add_directed_edge(c, node)
    orient_by_background_knowledge(cg, bk)
    cg = Meek.meek(UCSepset.uc_sepset(cg, 2, background_knowledge=bk), background_knowledge=bk)
    graph = CausalGraph.from_causallearn(cg.G, all_names, kind="cpdag")
    return RunOutput(graph, "all" if not ctx.knowledge.empty else "none")


# score-based ---------------------------------------------------------------------------------


def _discrete_codes(X: np.ndarray) -> np.ndarray:
    return np.column_stack([np.unique(col, return_inverse=True)[1] for col in X.T]).astype(float)


def _scores(ctx: RunContext, task: str) -> TestCounter:
    """A counter of the local scores a score-based search computes: progress and the budget."""
    return TestCounter(task, ctx.progress, ctx.budget, unit="local scores")


def run_ges(X: np.ndarray, names: list[str], ctx: RunContext) -> RunOutput:
    from causallearn.search.ScoreBased.GES import ges

    with counting(_scores(ctx, "GES")):
        if ctx.score == "bdeu":
            install_fast_bdeu()
            rec = ges(
                _discrete_codes(X),
                score_func="local_score_BDeu",
                node_names=internal_names(len(names)),
            )
        else:
            penalty = float(ctx.options.get("penalty", 0.5))
            rec = ges(
                X,
                score_func="local_score_BIC",
                node_names=internal_names(len(names)),
                lambda_value=penalty,
            )
    return RunOutput(CausalGraph.from_causallearn(rec["G"], names, kind="cpdag"))


def _permutation(
    fn: Callable[..., Any], X: np.ndarray, names: list[str], ctx: RunContext, **extra: Any
) -> RunOutput:
    """GRaSP or BOSS from several starting orders; the best-scoring result is kept.

    Both searches start from the column order and can stop in a local optimum, so each restart
    runs on the columns in a new random order (the first keeps the given order) and the
    restart whose DAG has the highest score wins.
    """
    from causallearn.score.LocalScoreFunction import local_score_BIC_from_cov
    from causallearn.score.LocalScoreFunctionClass import LocalScoreClass
    from causallearn.utils.PDAG2DAG import pdag2dag

    p = len(names)
    if ctx.score == "bdeu":
        install_fast_bdeu()
        X = _discrete_codes(X)
        kwargs: dict[str, Any] = {"score_func": "local_score_BDeu"}
        scorer = LocalScoreClass(data=X, local_score_fun=local_score_bdeu, parameters=None)
    else:
        # causal-learn's default penalty for these searches is 2 (sparser than plain BIC's 0.5).
        params = {"lambda_value": float(ctx.options.get("penalty", 2.0))}
        kwargs = {"score_func": "local_score_BIC_from_cov", "parameters": params}
        scorer = LocalScoreClass(
            data=X, local_score_fun=local_score_BIC_from_cov, parameters=params
        )
    dg = None
    if ctx.score == "dg":
        install_dg_score()
        dg = DegenerateGaussianScore(X, ctx.categorical, params["lambda_value"])
    restarts = int(ctx.options.get("restarts", 5))
    if restarts < 1:
        raise InputError(f"restarts must be at least 1, got {restarts}.", "use e.g. 5")
    rng = np.random.default_rng(ctx.seed)
    best: tuple[float, CausalGraph] | None = None
    counter = _scores(ctx, fn.__name__.upper())
    ran, cut = 0, False
    for r in range(restarts):
        if ctx.budget is not None and r > 0 and ctx.budget.exceeded:
            cut = True
            break
        perm = np.arange(p) if r == 0 else rng.permutation(p)
        if dg is not None:
            kwargs["parameters"] = {**params, "dg": dg.permuted(perm)}
        try:
            with seeded(ctx.seed + r), counting(counter):
                g = fn(X[:, perm], verbose=False, node_names=internal_names(p), **kwargs, **extra)
        except BudgetExceeded:
            if r == 0:  # no result yet: the search did not finish within its budget
                raise
            cut = True
            break
        ran += 1
        dag = np.asarray(pdag2dag(g).graph)
        # dag[a, b] == 1 and dag[b, a] == -1: b -> a (in permuted positions).
        score_of = dg.score if dg is not None else scorer.score
        total = sum(
            score_of(
                int(perm[a]), [int(perm[b]) for b in range(p) if dag[a, b] == 1 and dag[b, a] == -1]
            )
            for a in range(p)
        )
        found = CausalGraph.from_causallearn(g, [names[i] for i in perm], kind="cpdag")
        if best is None or total > best[0] + 1e-9:
            best = (total, CausalGraph(nodes=list(names), edges=found.edges, kind="cpdag"))
    assert best is not None
    notes = [f"best of {ran} restarts from random variable orders"] if ran > 1 else []
    stopped = (
        [f"restarts stopped after {ran} of {restarts}: the time budget ran out; the best is kept"]
        if cut
        else []
    )
    return RunOutput(best[1], notes=notes, cut=stopped)


def run_grasp(X: np.ndarray, names: list[str], ctx: RunContext) -> RunOutput:
    from causallearn.search.PermutationBased.GRaSP import grasp

    return _permutation(grasp, X, names, ctx, depth=int(ctx.options.get("depth", 3)))


def run_boss(X: np.ndarray, names: list[str], ctx: RunContext) -> RunOutput:
    from causallearn.search.PermutationBased.BOSS import boss

    return _permutation(boss, X, names, ctx)


def run_exact(X: np.ndarray, names: list[str], ctx: RunContext) -> RunOutput:
    """The BIC-optimal DAG by A* search, reported as its equivalence class (CPDAG)."""
    from causallearn.search.ScoreBased.ExactSearch import bic_exact_search

    from copilot.tools.graph import dag_to_cpdag

    super_graph, include = ctx.knowledge.exact_graphs(names)
    max_parents = ctx.options.get("max_parents")
    # The score regresses without an intercept, so centre the columns.
    Xc = X - X.mean(axis=0)
    with counting(_scores(ctx, "exact search")):
        dag, _ = bic_exact_search(
            Xc,
            super_graph=super_graph,
            search_method="astar",
            include_graph=include if include.any() else None,
            max_parents=None if max_parents is None else int(max_parents),
        )
    found = CausalGraph.from_adjacency(dag, names)
    graph = dag_to_cpdag(found)
    notes: list[str] = []
    if not ctx.knowledge.empty:
        # The equivalence class ignores the knowledge the search used; put its arrows back.
        graph, changes = apply_knowledge(graph, ctx.knowledge)
        notes.extend(f"knowledge orientation: {c}" for c in changes)
    return RunOutput(graph, "all" if not ctx.knowledge.empty else "none", notes=notes)


# LiNGAM --------------------------------------------------------------------------------------


def _from_lingam(B: np.ndarray, names: list[str]) -> CausalGraph:
    # B[i, j] != 0 means x_j -> x_i.
    return CausalGraph.from_adjacency((np.abs(np.asarray(B)) > 0).T.astype(int), names)


def run_direct_lingam(X: np.ndarray, names: list[str], ctx: RunContext) -> RunOutput:
    from causallearn.search.FCMBased.lingam import DirectLiNGAM

    k = ctx.knowledge
    prior = None
    use: KnowledgeUse = "none"
    if k.required or k.tiers:
        prior = k.lingam_prior(names)
        use = "all" if k.lingam_complete else "partial"
    model = DirectLiNGAM(random_state=ctx.seed, prior_knowledge=prior)
    # the causal-order search compares every pair of remaining variables: count (and budget)
    # each comparison, on this instance only
    model._diff_mutual_info = counted(model._diff_mutual_info)
    with counting(TestCounter("DirectLiNGAM", ctx.progress, ctx.budget, unit="pair comparisons")):
        model.fit(X)
    notes = []
    if use == "partial":
        notes.append(
            "DirectLiNGAM used the tiers and required edges as causal-order constraints; "
            "forbidden edges were enforced afterwards"
        )
    return RunOutput(_from_lingam(model.adjacency_matrix_, names), use, notes=notes)


def run_ica_lingam(X: np.ndarray, names: list[str], ctx: RunContext) -> RunOutput:
    from causallearn.search.FCMBased.lingam import ICALiNGAM

    model = ICALiNGAM(random_state=ctx.seed, max_iter=int(ctx.options.get("max_iter", 1000)))
    model.fit(X)
    return RunOutput(_from_lingam(model.adjacency_matrix_, names))


#: The modules each runner imports; `prepare` loads them before the time budget starts.
_MODULES: dict[str, tuple[str, ...]] = {
    "pc": ("causallearn.search.ConstraintBased.PC",),
    "fci": ("causallearn.search.ConstraintBased.FCI",),
    "cdnod": (
        "causallearn.utils.PCUtils.SkeletonDiscovery",
        "causallearn.utils.PCUtils.Meek",
        "causallearn.utils.PCUtils.UCSepset",
        "causallearn.utils.PCUtils.BackgroundKnowledgeOrientUtils",
    ),
    "ges": ("causallearn.search.ScoreBased.GES",),
    "grasp": ("causallearn.search.PermutationBased.GRaSP", "causallearn.utils.PDAG2DAG"),
    "boss": ("causallearn.search.PermutationBased.BOSS", "causallearn.utils.PDAG2DAG"),
    "exact": ("causallearn.search.ScoreBased.ExactSearch",),
    "direct_lingam": ("causallearn.search.FCMBased.lingam",),
    "ica_lingam": ("causallearn.search.FCMBased.lingam",),
}


def prepare(algo: str, engine: str = "causal-learn", knowledge: bool = False) -> None:
    """Import what the runner of `algo` needs (causal-learn takes a second or two to load, torch
    longer) and install the counting hooks, so that the time budget covers the search only.
    The torch PC engine needs causal-learn only to orient with background `knowledge`."""
    import importlib

    if algo == "pc" and engine == "torch" and not knowledge:
        importlib.import_module("copilot.tools.discovery.pc_torch")
        importlib.import_module("torch")
        return
    for module in _MODULES.get(algo, ()):
        importlib.import_module(module)
    if algo in CONSTRAINT_BASED:
        register_budgeted_test()
    else:
        install_score_hooks()
    if algo == "pc" and engine == "torch":
        importlib.import_module("copilot.tools.discovery.pc_torch")
        importlib.import_module("torch")


RUNNERS: dict[str, Callable[[np.ndarray, list[str], RunContext], RunOutput]] = {
    "pc": run_pc,
    "fci": run_fci,
    "ges": run_ges,
    "direct_lingam": run_direct_lingam,
    "ica_lingam": run_ica_lingam,
    "cdnod": run_cdnod,
    "grasp": run_grasp,
    "boss": run_boss,
    "exact": run_exact,
}
