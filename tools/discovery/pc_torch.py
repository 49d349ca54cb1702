"""PC-stable with batched Fisher-z tests in torch, making the same decisions as causal-learn.

The skeleton phase replays causal-learn's `skeleton_discovery(stable=True)` level by level:
at each depth the adjacency is frozen, every (edge, conditioning set) pair that causal-learn
would test is tested at once in chunks of small batched eliminations, and the separating
sets are recorded with causal-learn's exact bookkeeping. The orientation phase then applies
causal-learn's rules to that skeleton: its default (uc_sepset with priority 2, then Meek) as
the same steps on arrays (`pc_orient`), every other option (background knowledge, uc_rule,
uc_priority) through causal-learn's own code, so the returned
`causallearn.graph.GraphClass.CausalGraph` is the one `causallearn...PC.pc` returns.
`pc_torch_endpoints` runs the default without importing causal-learn at all (its graph module
loads matplotlib, scikit-learn and SciPy, a second on a CPU) and returns the matrices.

Tests whose p-value lies within a hair of alpha, or whose conditioning block is nearly
singular, are re-run with causal-learn's Fisher-z test (`FisherZ`, the same arithmetic), so
floating-point differences between a batched elimination and LAPACK's inverse never flip a
decision.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from copilot.errors import DiscoveryError, InputError
from copilot.progress import ProgressCallback, report
from copilot.tools.discovery.pc_graph import to_fast, to_plain
from copilot.tools.discovery.pc_orient import orient

if TYPE_CHECKING:  # heavy imports stay lazy so that `import copilot` stays light
    import torch
    from causallearn.graph.GraphClass import CausalGraph
    from causallearn.utils.PCUtils.BackgroundKnowledge import BackgroundKnowledge

SUPPORTED_TESTS = ("fisherz",)
DEFAULT_CHUNK_SIZE = 1 << 16

# How far from the decision point a batched result must be to be trusted without a re-run:
# (relative half-width of the band around the critical z, smallest allowed pivot). Rounding
# differences between the batched elimination and LAPACK's inverse are near 1e-16 / pivot in
# float64, far inside these margins; float32 needs much wider ones.
_MARGINS = {"float64": (1e-6, 1e-6), "float32": (1e-2, 1e-2)}


def pc_engine_supports(
    indep_test: str = "fisherz", *, stable: bool = True, mvpc: bool = False, **_: Any
) -> bool:
    """Whether `pc_torch` reproduces causal-learn's PC for these options.

    Only PC-stable with the Fisher-z test on complete data is batched; other tests (chisq, gsq,
    kci), the order-dependent non-stable variant and missing-value PC run in causal-learn.
    Options not named here (depth, background knowledge, uc_rule, uc_priority) are all supported.
    """
    return (
        isinstance(indep_test, str) and indep_test in SUPPORTED_TESTS and bool(stable) and not mvpc
    )


def pc_torch(
    data: np.ndarray,
    alpha: float = 0.05,
    indep_test: str = "fisherz",
    stable: bool = True,
    depth: int = -1,
    background_knowledge: BackgroundKnowledge | None = None,
    node_names: Sequence[str] | None = None,
    uc_rule: int = 0,
    uc_priority: int = 2,
    device: str = "auto",
    dtype: torch.dtype | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: ProgressCallback | None = None,
    num_threads: int | None = 1,
) -> CausalGraph:
    """Run PC-stable with batched Fisher-z tests; returns causal-learn's `CausalGraph`.

    Same arguments and result as `causallearn.search.ConstraintBased.PC.pc(data, alpha,
    indep_test, stable, uc_rule, uc_priority, background_knowledge=..., node_names=...,
    max_k=depth)`: `cg.G.graph` is the oriented graph, `cg.sepset[i, j]` the list of separating
    sets causal-learn records. `depth=-1` means no limit on the conditioning-set size.

    `dtype` defaults to float64, which gives identical decisions. float32 (meant for GPUs) trusts
    only results more than 1% from the critical value and redoes the others in float64; it is
    not guaranteed identical on badly conditioned data.
    `progress` hears after each depth level (done = CI tests so far); an exception it raises
    stops the search, which is how callers enforce time budgets.
    `device="auto"` uses CUDA when available, else the CPU. On the CPU the batched tensors are
    small (about a million numbers per operation), and one thread is faster than several whose
    synchronisation dominates, markedly so on a busy machine; `num_threads` sets the torch and
    BLAS thread counts for the duration of the call (None leaves them alone).
    """
    if background_knowledge is None and uc_rule == 0 and uc_priority == 2:
        found = pc_torch_endpoints(
            data,
            alpha,
            indep_test,
            stable,
            depth,
            node_names,
            device,
            dtype,
            chunk_size,
            progress,
            num_threads,
        )
        return found.causal_graph(node_names)

    import torch
    from causallearn.utils.cit import CIT

    start = time.perf_counter()
    dtype = torch.float64 if dtype is None else dtype
    data = _validate(
        data,
        alpha,
        indep_test,
        stable,
        depth,
        node_names,
        uc_rule,
        uc_priority,
        chunk_size,
        dtype,
        num_threads,
    )
    n, p = data.shape
    torch_device = _resolve_device(device)

    # causal-learn's own test object: its correlation matrix is the one every decision is based
    # on, and it re-runs the few borderline tests (and the tests some orientation rules make).
    with _blas_threads(num_threads):
        reference_test = CIT(data, "fisherz")
    _check_correlations(reference_test.correlation_matrix)

    cg = complete_graph(p, list(node_names) if node_names is not None else None)
    banned = _banned_pairs(cg, background_knowledge, p)
    with _search_settings(torch_device, num_threads):
        search_start = time.perf_counter()
        adjacency, sepset, stats = _skeleton(
            corr=np.atleast_2d(reference_test.correlation_matrix),
            n=n,
            alpha=float(alpha),
            max_depth=None if depth < 0 else int(depth),
            banned=banned,
            reference_test=reference_test,
            device=torch_device,
            dtype=dtype,
            chunk_size=int(chunk_size),
            progress=progress,
        )
        cg.G.graph[~adjacency] = 0
        cg.sepset = sepset
        cg = _orient(cg, background_knowledge, uc_rule, uc_priority, alpha, reference_test)

    end = time.perf_counter()
    cg.PC_elapsed = end - start
    # set-up: checks, causal-learn's correlation matrix, the complete graph; search: skeleton
    # and orientation
    stats["setup_s"] = search_start - start
    stats["search_s"] = end - search_start
    cg.engine_stats = stats
    return cg


@dataclass
class EndpointResult:
    """What `pc_torch_endpoints` found, as causal-learn's matrices.

    `graph[i, j]` is the mark at i of the edge i-j (-1 tail, 1 arrow, 0 no edge), `dpath[j, i]`
    is 1 when i is an ancestor of j as causal-learn tracks it, `sepset[i, j]` the separating
    tuples recorded for a removed pair. `stats` holds the engine's counts and its set-up and
    search seconds; `test` is the Fisher-z test the search re-checked borderline tests with."""

    graph: np.ndarray
    dpath: np.ndarray
    sepset: np.ndarray
    stats: dict[str, Any]
    elapsed_s: float
    test: FisherZ

    def causal_graph(self, node_names: Sequence[str] | None = None) -> CausalGraph:
        """causal-learn's `CausalGraph` holding this result (this imports causal-learn). Its
        test (`cg.test`, called by `cg.ci_test(i, j, S)`) is `FisherZ`, which gives causal-learn's
        Fisher-z p-values without computing the correlation matrix again."""
        p = self.graph.shape[0]
        cg = complete_graph(p, list(node_names) if node_names is not None else None)
        cg.G.graph[:] = self.graph
        cg.G.dpath = self.dpath.copy()
        cg.sepset = self.sepset
        cg.set_ind_test(self.test)
        cg.PC_elapsed = self.elapsed_s
        cg.engine_stats = dict(self.stats)
        return cg


def pc_torch_endpoints(
    data: np.ndarray,
    alpha: float = 0.05,
    indep_test: str = "fisherz",
    stable: bool = True,
    depth: int = -1,
    node_names: Sequence[str] | None = None,
    device: str = "auto",
    dtype: torch.dtype | None = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: ProgressCallback | None = None,
    num_threads: int | None = 1,
) -> EndpointResult:
    """PC-stable with causal-learn's default orientation, without importing causal-learn.

    The decisions, separating sets, orientations and ancestor matrix are those of
    `pc_torch(...)` with uc_rule 0, uc_priority 2 and no background knowledge, i.e. of
    `causallearn...PC.pc` with those options; the arguments mean the same (`node_names` are
    only checked here: the matrices are indexed by column).
    """
    import torch

    start = time.perf_counter()
    dtype = torch.float64 if dtype is None else dtype
    data = _validate(
        data,
        alpha,
        indep_test,
        stable,
        depth,
        node_names,
        0,
        2,
        chunk_size,
        dtype,
        num_threads,
    )
    n, p = data.shape
    torch_device = _resolve_device(device)
    with _blas_threads(num_threads):
        reference_test = FisherZ(data)
    _check_correlations(reference_test.correlation_matrix)
    with _search_settings(torch_device, num_threads):
        search_start = time.perf_counter()
        adjacency, sepset, stats = _skeleton(
            corr=np.atleast_2d(reference_test.correlation_matrix),
            n=n,
            alpha=float(alpha),
            max_depth=None if depth < 0 else int(depth),
            banned=np.zeros((p, p), dtype=bool),
            reference_test=reference_test,
            device=torch_device,
            dtype=dtype,
            chunk_size=int(chunk_size),
            progress=progress,
        )
        graph, dpath = orient(np.where(adjacency, -1, 0), sepset)
    end = time.perf_counter()
    stats["setup_s"] = search_start - start
    stats["search_s"] = end - search_start
    return EndpointResult(graph, dpath, sepset, stats, end - start, reference_test)


class FisherZ:
    """causal-learn's Fisher-z test (`CIT(data, "fisherz")`) with the same arithmetic, so the
    same p-values to the last bit, without importing causal-learn: the correlation matrix is
    `np.corrcoef(data.T)`, the partial correlation is read off `np.linalg.inv` of the block
    (X, Y, sorted S), and p = 2 (1 - Phi(sqrt(n - |S| - 3) |atanh r|)) with SciPy's `ndtr`,
    which `scipy.stats.norm.cdf` evaluates. SciPy loads on the first call: most searches never
    make one (only tests within a hair of alpha come here)."""

    method = "fisherz"  # causal-learn's CausalGraph.ci_test reads its test's method

    def __init__(self, data: np.ndarray):
        self.correlation_matrix = np.corrcoef(data.T)
        self.sample_size = data.shape[0]
        self.pvalue_cache: dict[tuple[int, int, tuple[int, ...]], float] = {}

    def __call__(self, x: int, y: int, condition_set: Sequence[int] = ()) -> float:
        from scipy.special import ndtr

        s = sorted(set(map(int, condition_set)))
        x, y = (int(x), int(y)) if x < y else (int(y), int(x))
        key = (x, y, tuple(s))
        if key in self.pvalue_cache:
            return self.pvalue_cache[key]
        var = [x, y, *s]
        block = self.correlation_matrix[np.ix_(var, var)]
        try:
            inv = np.linalg.inv(block)
        except np.linalg.LinAlgError:
            raise ValueError("Data correlation matrix is singular.") from None
        r = -inv[0, 1] / math.sqrt(abs(inv[0, 0] * inv[1, 1]))
        if abs(r) >= 1:
            r = (1.0 - np.finfo(float).eps) * np.sign(r)
        z = 0.5 * math.log((1 + r) / (1 - r))
        stat = math.sqrt(self.sample_size - len(s) - 3) * abs(z)
        p = 2 * (1 - ndtr(abs(stat)))
        self.pvalue_cache[key] = p
        return p


@contextmanager
def _blas_threads(num_threads: int | None) -> Iterator[None]:
    """np.corrcoef is one BLAS product, and multi-threaded BLAS spins for seconds on a busy
    machine. OpenBLAS gave the same bits with 1 and 2 threads here; a last-bit difference could
    only matter for tests inside the re-check band anyway."""
    if num_threads is None:
        yield
        return
    from copilot.tools.blas import one_blas_thread

    with one_blas_thread(int(num_threads)):
        yield


def _check_correlations(corr: np.ndarray) -> None:
    if not np.all(np.isfinite(np.atleast_2d(corr))):  # a scalar when p == 1
        raise InputError(
            "The correlation matrix of the data has non-finite entries.",
            "drop constant or near-constant columns",
        )


@contextmanager
def _search_settings(torch_device: Any, num_threads: int | None) -> Iterator[None]:
    """torch's thread count for the search, and no cyclic garbage collection during it: the
    search allocates many small containers (sepset lists, copies of the sepset table), and with
    torch loaded the collections these trigger can take longer than the work."""
    import torch

    previous_threads = torch.get_num_threads()
    if num_threads is not None and torch_device.type == "cpu":
        torch.set_num_threads(int(num_threads))
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        torch.set_num_threads(previous_threads)
        if gc_was_enabled:
            gc.enable()


def complete_graph(p: int, node_names: list[str] | None = None) -> CausalGraph:
    """causal-learn's `CausalGraph(p, node_names)`, the complete undirected graph PC starts from.

    causal-learn adds its p (p - 1) / 2 edges one `add_edge` call at a time (0.2 s at p = 100,
    more than the search's first levels); an undirected edge only sets two entries of the
    endpoint matrix to -1 (TAIL), so the matrix is filled at once. Nodes, matrix, ancestor
    matrix and every other attribute equal those of `CausalGraph(p, node_names)`."""
    from causallearn.graph.GeneralGraph import GeneralGraph
    from causallearn.graph.GraphClass import CausalGraph
    from causallearn.graph.GraphNode import GraphNode

    names = [f"X{i + 1}" for i in range(p)] if node_names is None else list(node_names)
    assert len(names) == p, "number of node_names must match number of variables"
    assert len(set(names)) == p, "node_names must be unique"
    cg = CausalGraph(0)
    cg.G = GeneralGraph([GraphNode(name) for name in names])
    cg.G.graph[:] = -1  # Endpoint.TAIL at both ends of every pair
    np.fill_diagonal(cg.G.graph, 0)
    cg.sepset = np.empty((p, p), object)
    return cg


# --------------------------------------------------------------------------------------------
# validation and set-up


def _validate(
    data,
    alpha,
    indep_test,
    stable,
    depth,
    node_names,
    uc_rule,
    uc_priority,
    chunk_size,
    dtype,
    num_threads,
) -> np.ndarray:
    import torch

    if not pc_engine_supports(indep_test, stable=stable):
        raise DiscoveryError(
            f"The torch PC engine does not support indep_test={indep_test!r} with stable={stable}.",
            "use engine='causal-learn', or indep_test='fisherz' with stable=True",
        )
    if not isinstance(data, np.ndarray):
        raise InputError(
            f"data must be a numpy array, not {type(data).__name__}.",
            "pass DataFrame.to_numpy() or np.asarray(...)",
        )
    if data.ndim != 2 or data.shape[0] == 0 or data.shape[1] == 0:
        raise InputError(
            f"data must be a non-empty 2-D array (rows x variables); got shape {data.shape}.",
            "reshape to (n_samples, n_variables)",
        )
    if not np.issubdtype(data.dtype, np.number) or np.issubdtype(data.dtype, np.complexfloating):
        raise InputError(
            f"data must be real numbers; got dtype {data.dtype}.",
            "encode categorical columns before running PC",
        )
    data = np.asarray(data, dtype=np.float64)
    if not np.all(np.isfinite(data)):
        bad = int(np.flatnonzero(~np.all(np.isfinite(data), axis=0))[0])
        raise InputError(
            f"data has NaN or infinite values (first in column {bad}).",
            "drop or impute missing values before running PC",
        )
    constant = np.flatnonzero(np.ptp(data, axis=0) == 0)
    if constant.size:
        raise InputError(
            f"Column {int(constant[0])} is constant; Fisher-z needs variation.",
            "drop constant columns before running PC",
        )
    if data.shape[0] < 4:
        raise InputError(f"Fisher-z needs at least 4 rows; got {data.shape[0]}.", "use more data")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float)) or not 0 < alpha < 1:
        raise InputError(
            f"alpha must be a number in (0, 1); got {alpha!r}.", "for example alpha=0.05"
        )
    if isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < -1:
        raise InputError(
            f"depth must be an integer >= -1; got {depth!r}.",
            "use -1 for no limit, or the largest conditioning-set size",
        )
    if node_names is not None:
        names = list(node_names)
        if len(names) != data.shape[1] or len(set(names)) != len(names):
            raise InputError(
                f"node_names must be {data.shape[1]} unique names; got {len(names)} "
                f"({len(set(names))} unique).",
                "pass one distinct name per column",
            )
    if uc_rule not in (0, 1, 2):
        raise InputError(
            f"uc_rule must be 0, 1 or 2; got {uc_rule!r}.", "0 is causal-learn's default"
        )
    if uc_priority not in (-1, 0, 1, 2, 3, 4):
        raise InputError(
            f"uc_priority must be in -1..4; got {uc_priority!r}.", "2 is causal-learn's default"
        )
    if (
        isinstance(chunk_size, bool)
        or not isinstance(chunk_size, (int, np.integer))
        or chunk_size < 1
    ):
        raise InputError(
            f"chunk_size must be a positive integer; got {chunk_size!r}.",
            f"the default is {DEFAULT_CHUNK_SIZE}",
        )
    if num_threads is not None and (
        isinstance(num_threads, bool) or not isinstance(num_threads, int) or num_threads < 1
    ):
        raise InputError(
            f"num_threads must be a positive integer or None; got {num_threads!r}.",
            "1 is fastest for this engine on most CPUs",
        )
    if dtype not in (torch.float64, torch.float32):
        raise InputError(
            f"dtype must be torch.float64 or torch.float32; got {dtype}.",
            "float64 gives decisions identical to causal-learn",
        )
    return data


def _resolve_device(device: str | Any) -> torch.device:
    import torch

    if device == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    try:
        resolved = torch.device(device)
    except (RuntimeError, TypeError) as exc:
        raise InputError(
            f"Unknown torch device {device!r}.", "use 'auto', 'cpu' or 'cuda'"
        ) from exc
    available = {
        "cpu": True,
        "cuda": torch.cuda.is_available(),
        "mps": torch.backends.mps.is_available(),
    }.get(resolved.type, False)
    if not available:
        raise InputError(
            f"device={device!r} was asked for but is not available here.",
            "use device='auto' or 'cpu'",
        )
    return resolved


def _banned_pairs(cg: CausalGraph, background_knowledge, p: int) -> np.ndarray:
    """Pairs forbidden in both directions: causal-learn drops exactly these from the skeleton."""
    banned = np.zeros((p, p), dtype=bool)
    if background_knowledge is None:
        return banned
    nodes = cg.G.nodes
    forbidden = np.array(
        [
            [i != j and background_knowledge.is_forbidden(nodes[i], nodes[j]) for j in range(p)]
            for i in range(p)
        ],
        dtype=bool,
    )
    return forbidden & forbidden.T


# --------------------------------------------------------------------------------------------
# conditioning-set enumeration


@lru_cache(maxsize=256)
def _combinations(n: int, k: int) -> np.ndarray:
    """All k-subsets of range(n) as rows, in itertools.combinations (lexicographic) order."""
    if k == 0:
        return np.zeros((1, 0), dtype=np.int64)
    if k > n:
        return np.zeros((0, k), dtype=np.int64)
    # by_start[s] holds the (k')-subsets of range(s, n); grown one size at a time
    by_start = [np.arange(s, n, dtype=np.int64)[:, None] for s in range(n)] + [
        np.zeros((0, 1), np.int64)
    ]
    for size in range(2, k + 1):
        grown = []
        for s in range(n + 1):
            parts = [
                np.hstack([np.full((len(by_start[i + 1]), 1), i, np.int64), by_start[i + 1]])
                for i in range(s, n - size + 1)
            ]
            grown.append(np.vstack(parts) if parts else np.zeros((0, size), np.int64))
        by_start = grown
    return by_start[0]


@lru_cache(maxsize=256)
def _test_template(m: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    """For a node with m neighbours: positions of y and of S for every test, in causal-learn order.

    causal-learn loops over the neighbours y in index order and, for each, over
    combinations(neighbours without y, d); positions index the sorted neighbour list.
    """
    comb = _combinations(m - 1, d)  # (K, d) positions among the m-1 other neighbours
    k = comb.shape[0]
    y_pos = np.repeat(np.arange(m, dtype=np.int64), k)  # (m*K,)
    s_pos = comb[None, :, :] + (comb[None, :, :] >= np.arange(m)[:, None, None])  # (m, K, d)
    return y_pos, s_pos.reshape(m * k, d)


# --------------------------------------------------------------------------------------------
# batched Fisher-z


def _critical_r2(alpha: float, n: int, d: int, rel_band: float) -> tuple[float, float, float]:
    """Squared partial-correlation thresholds (inner edge, decision point, outer edge) at depth d.

    causal-learn calls a pair independent when p = 2 (1 - Phi(X)) > alpha with
    X = sqrt(n - d - 3) |atanh(r)|, which is |r| < tanh(z_c / sqrt(n - d - 3)) for the
    point z_c where that floating-point expression crosses alpha (found by bisection, so that
    the rounding of 1 - Phi for tiny alpha is respected). Comparing r^2 avoids a square root,
    a logarithm and a normal tail per test; tests within the band are re-run with `FisherZ`.
    Phi here is `_ndtr`, within a few units in the last place of SciPy's: z_c moves by far less
    than the band, and only decisions outside the band are taken from the thresholds.
    """
    k = n - d - 3
    if k == 0:  # X is 0 and p is 1 whatever r is: every pair tests independent
        return math.inf, math.inf, math.inf
    lo, hi = 0.0, 64.0
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if mid in (lo, hi):
            break
        if 2 * (1 - _ndtr(mid)) > alpha:
            lo = mid
        else:
            hi = mid
    z_c = lo
    # 1 - Phi(X) loses about 1e-16 absolutely, i.e. 1e-16 / alpha relatively, for small alpha
    width = rel_band + 1e-14 / alpha
    root = math.sqrt(k)
    return (
        math.tanh(z_c * (1 - width) / root) ** 2,
        math.tanh(z_c / root) ** 2,
        math.tanh(z_c * (1 + width) / root) ** 2,
    )


def _ndtr(x: float) -> float:
    """The standard normal CDF computed as Cephes' `ndtr` (SciPy's) computes it, from erf near 0
    and from erfc in the tails (then 1 - y), so that 1 - Phi rounds the same way; Python's erf
    and erfc come from the C library, not from SciPy, which this module does not need to load."""
    t = x * math.sqrt(0.5)
    if abs(t) < math.sqrt(0.5):
        return 0.5 + 0.5 * math.erf(t)
    y = 0.5 * math.erfc(abs(t))
    return 1.0 - y if t > 0 else y


def _partial_correlation_terms(corr_t, a, b, s) -> tuple[Any, Any, Any]:
    """For a batch of tests a _||_ b | S: c01^2, c00 c11 and the smallest elimination pivot.

    (c00, c01; c01, c11) is the Schur complement of the S block, the conditional covariance of
    (a, b) given S, so r = c01 / sqrt(c00 c11) is the partial correlation that causal-learn
    reads off the full inverse as -inv[0,1] / sqrt(|inv[0,0] inv[1,1]|). Pivots are conditional
    variances; a small one marks a nearly singular block.
    """
    c00, c01, c11, min_pivot = conditional_covariances(corr_t, a, b, s)
    return c01 * c01, c00 * c11, min_pivot


def conditional_covariances(corr_t, a, b, s) -> tuple[Any, Any, Any, Any]:
    """For a batch of (a, b, S) index triples: c00, c01, c11 given S and the smallest pivot.

    `corr_t` is a (p, p) correlation tensor, `a` and `b` (B,) and `s` (B, d) index tensors on
    its device. The partial correlation of a and b given S is c01 / sqrt(c00 c11); every test
    of a batch shares the conditioning-set size d. Used by PC here and by PCMCI.
    """
    import torch

    p = corr_t.shape[0]
    d = s.shape[1]
    idx = torch.cat([s, a[:, None], b[:, None]], dim=1)  # (B, d+2): S first, then a, b
    flat = (idx[:, :, None] * p + idx[:, None, :]).reshape(-1)
    m = corr_t.reshape(-1).index_select(0, flat).view(-1, d + 2, d + 2)  # (B, d+2, d+2)
    min_pivot = torch.full((idx.shape[0],), math.inf, dtype=corr_t.dtype, device=corr_t.device)
    for _ in range(d):  # Gaussian elimination of the S block, one pivot at a time, over the batch
        pivot = m[:, 0, 0]  # (B,)
        min_pivot = torch.minimum(min_pivot, pivot)
        col = m[:, 1:, 0] / pivot[:, None]  # (B, r)
        m = m[:, 1:, 1:] - col[:, :, None] * m[:, None, 0, 1:]  # (B, r, r)
    c00, c01, c11 = m[:, 0, 0], m[:, 0, 1], m[:, 1, 1]  # (B,) each
    min_pivot = torch.minimum(min_pivot, torch.minimum(c00, c11))
    return c00, c01, c11, min_pivot


def _decide(
    corr_by_dtype: dict,
    a: np.ndarray,
    b: np.ndarray,
    s: np.ndarray,
    thresholds: dict,
    reference_test,
    stats: dict,
) -> np.ndarray:
    """Independence decisions (p > alpha) for a batch, trusting only clear-cut batched results.

    Tests that are close to the threshold or ill-conditioned in the working dtype go to the
    next, more careful stage: float32 -> float64 -> causal-learn's own test.
    """
    import torch

    independent = np.empty(len(a), dtype=bool)
    pending = np.arange(len(a))
    for dtype, corr_t in corr_by_dtype.items():
        if not pending.size:
            break
        lo, mid, hi, min_pivot = thresholds[dtype]
        device = corr_t.device
        num, den, pivot = _partial_correlation_terms(
            corr_t,
            torch.from_numpy(a[pending]).to(device),
            torch.from_numpy(b[pending]).to(device),
            torch.from_numpy(s[pending]).to(device),
        )
        clear = (pivot >= min_pivot) & ((num < lo * den) | (num > hi * den))  # False for NaN
        clear_np = clear.cpu().numpy()
        independent[pending[clear_np]] = (num < mid * den)[clear].cpu().numpy()
        pending = pending[~clear_np]
    stats["rechecked"] += int(pending.size)
    for i in pending.tolist():
        independent[i] = _reference_pvalue(reference_test, a[i], b[i], s[i]) > thresholds["alpha"]
    return independent


def _reference_pvalue(reference_test, a: int, b: int, s: np.ndarray) -> float:
    try:
        return float(reference_test(int(a), int(b), [int(v) for v in s]))
    except ValueError as exc:
        raise DiscoveryError(
            f"The correlation block of variables {[int(a), int(b), *map(int, s)]} is singular; "
            "the Fisher-z test is undefined.",
            "drop duplicated or linearly dependent columns",
        ) from exc


# --------------------------------------------------------------------------------------------
# skeleton


def _skeleton(
    *,
    corr: np.ndarray,
    n: int,
    alpha: float,
    max_depth: int | None,
    banned: np.ndarray,
    reference_test,
    device,
    dtype,
    chunk_size: int,
    progress: ProgressCallback | None,
) -> tuple[np.ndarray, np.ndarray, dict]:
    """causal-learn's stable skeleton search, one batched sweep per depth level."""
    import torch

    p = corr.shape[0]
    # float32 results that are not clear-cut are redone in float64 before going to causal-learn
    corr_by_dtype = {}
    for dt in [dtype, torch.float64] if dtype != torch.float64 else [torch.float64]:
        corr_by_dtype[dt] = torch.as_tensor(corr, dtype=torch.float64).to(device=device, dtype=dt)
    adjacency = ~np.eye(p, dtype=bool)
    sepset = np.empty((p, p), dtype=object)
    stats = {
        "device": str(device),
        "dtype": str(dtype).removeprefix("torch."),
        "tests": 0,
        "rechecked": 0,
        "depth_reached": -1,
    }

    depth = -1
    while adjacency.sum(axis=1).max(initial=0) - 1 > depth:
        depth += 1
        if max_depth is not None and depth > max_depth:
            break
        if n - depth - 3 < 0:
            raise InputError(
                f"Fisher-z with {depth} conditioning variables needs at least {depth + 3} "
                f"rows; got {n}.",
                "use more data or limit depth",
            )
        degree = adjacency.sum(axis=1)
        thresholds: dict[Any, Any] = {"alpha": alpha}
        for dt in corr_by_dtype:
            rel_band, min_pivot = _MARGINS[str(dt).removeprefix("torch.")]
            thresholds[dt] = (*_critical_r2(alpha, n, depth, rel_band), min_pivot)
        separated = _test_level(
            corr_by_dtype, adjacency, degree, depth, thresholds, reference_test, chunk_size, stats
        )

        # causal-learn's bookkeeping, in its loop order: a direction (x, y) records its separating
        # elements when the edge is marked for removal by then, which includes a mark made
        # earlier in this level from y's side; an edge forbidden both ways is marked but still
        # tested, so its recorded set may be empty.
        removal: set[tuple[int, int]] = set()
        for x in range(p):
            if degree[x] < depth - 1:
                continue
            for y in np.flatnonzero(adjacency[x]).tolist():
                if banned[x, y] or (x, y) in separated:
                    removal.add((x, y))
                    removal.add((y, x))
                if (x, y) in removal:
                    found = separated.get((x, y), ())
                    _append(sepset, x, y, found)
                    _append(sepset, y, x, found)
        for x, y in removal:
            adjacency[x, y] = False
        stats["depth_reached"] = depth
        report(
            progress,
            "pc skeleton",
            stats["tests"],
            None,
            f"depth {depth} done: {int(adjacency.sum()) // 2} edges left, {stats['tests']} CI tests",
        )
    return adjacency, sepset, stats


def _append(sepset: np.ndarray, i: int, j: int, value: tuple) -> None:
    if sepset[i, j] is None:
        sepset[i, j] = [value]
    else:
        sepset[i, j].append(value)


def _test_level(
    corr_by_dtype: dict,
    adjacency: np.ndarray,
    degree: np.ndarray,
    depth: int,
    thresholds: dict,
    reference_test,
    chunk_size: int,
    stats: dict,
) -> dict[tuple[int, int], tuple]:
    """Run every test of one depth level; map each separated direction (x, y) to its sepset tuple.

    causal-learn's stable variant keeps testing an edge after a separating set is found, and
    records the union of the elements of all separating sets (in a Python set, whose iteration
    order we reproduce by inserting the same elements in the same order).
    """
    separated: dict[tuple[int, int], tuple] = {}
    testers = np.flatnonzero(degree >= depth + 1)
    for m in np.unique(degree[testers]).tolist():
        xs = testers[degree[testers] == m]
        nb = np.nonzero(adjacency[xs])[1].reshape(len(xs), m)  # sorted neighbours, (G, m)
        y_pos, s_pos = _test_template(m, depth)
        t = len(y_pos)
        total = len(xs) * t
        is_sep = np.empty(total, dtype=bool)
        for lo in range(0, total, chunk_size):
            row, col = np.divmod(np.arange(lo, min(total, lo + chunk_size)), t)
            x = xs[row]
            y = nb[row, y_pos[col]]
            s = nb[row[:, None], s_pos[col]]  # (B, depth)
            a, b = np.minimum(x, y), np.maximum(x, y)
            is_sep[lo : lo + len(row)] = _decide(
                corr_by_dtype, a, b, s, thresholds, reference_test, stats
            )
        stats["tests"] += total

        hits = np.flatnonzero(is_sep)
        if not hits.size:
            continue
        row, col = np.divmod(hits, t)
        direction = row * m + y_pos[col]  # non-decreasing along hits
        s_hits = nb[row[:, None], s_pos[col]]
        bounds = np.flatnonzero(np.diff(direction)) + 1
        for start, end in zip(
            np.r_[0, bounds].tolist(), np.r_[bounds, len(hits)].tolist(), strict=True
        ):
            x = int(xs[row[start]])
            y = int(nb[row[start], y_pos[col[start]]])
            separated[(x, y)] = tuple(set(s_hits[start:end].ravel().tolist()))
    return separated


# --------------------------------------------------------------------------------------------
# orientation: causal-learn's own rules, in the branch order of its pc_alg


def _orient(
    cg: CausalGraph,
    background_knowledge,
    uc_rule: int,
    uc_priority: int,
    alpha: float,
    reference_test,
) -> CausalGraph:
    from causallearn.utils.PCUtils import Meek, UCSepset
    from causallearn.utils.PCUtils.BackgroundKnowledgeOrientUtils import (
        orient_by_background_knowledge,
    )

    # The rules run on the accelerated graph classes (same results, see pc_graph); some of
    # them (maxp, definite_maxp, priorities 3 and 4) run further tests with causal-learn's test.
    cg.set_ind_test(reference_test)
    bk = background_knowledge
    if bk is not None:
        orient_by_background_knowledge(cg, bk)
    to_fast(cg)
    try:
        if uc_rule == 0:
            if uc_priority != -1:
                cg_2 = UCSepset.uc_sepset(cg, uc_priority, background_knowledge=bk)
            else:
                cg_2 = UCSepset.uc_sepset(cg, background_knowledge=bk)
            cg = Meek.meek(cg_2, background_knowledge=bk)
        elif uc_rule == 1:
            if uc_priority != -1:
                cg_2 = UCSepset.maxp(cg, uc_priority, background_knowledge=bk)
            else:
                cg_2 = UCSepset.maxp(cg, background_knowledge=bk)
            cg = Meek.meek(cg_2, background_knowledge=bk)
        else:
            if uc_priority != -1:
                cg_2 = UCSepset.definite_maxp(cg, alpha, uc_priority, background_knowledge=bk)
            else:
                cg_2 = UCSepset.definite_maxp(cg, alpha, background_knowledge=bk)
            cg_before = Meek.definite_meek(cg_2, background_knowledge=bk)
            cg = Meek.meek(cg_before, background_knowledge=bk)
    finally:
        to_plain(cg)
    return cg
