"""PCMCI and PCMCI+ (Runge et al. 2019; Runge 2020) with partial correlation, batched in torch.

Both algorithms are thousands of partial-correlation tests on a lagged design (columns
X_i(t - tau), see `series.lagged_design`). Every test of one stage is independent of the others,
so a stage is one batch: the tests are grouped by conditioning-set size and evaluated together
by the same Schur-complement elimination the PC engine uses (`pc_torch.conditional_covariances`),
on the CPU or a CUDA device.

Nodes are (variable, lag) pairs: (i, tau) is X_i(t - tau), design column tau * p + i.

PCMCI: (1) condition selection (PC1): for each X_j(t), lagged candidates are dropped when
independent of X_j(t) given the `level` strongest other candidates, level = 0, 1, ...; the
survivors are sorted by their weakest association. (2) MCI: every X_i(t - tau) -> X_j(t) is
tested given the selected parents of X_j(t) and the parents of X_i(t - tau) shifted by tau.
p-values are controlled for the false discovery rate (Benjamini-Hochberg) over all lagged links.

PCMCI+ adds contemporaneous links: after condition selection, lagged and contemporaneous links
are tested given those conditions plus subsets of X_j(t)'s contemporaneous neighbours (the PC
skeleton step), then contemporaneous links are oriented by unshielded colliders (with the
separating sets) and Meek's rules; lagged links point forward in time.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from copilot.errors import DiscoveryError

Node = tuple[int, int]  # (variable, lag)

#: Blocks whose smallest elimination pivot (a conditional variance of standardized data) is
#: below this are recomputed with a pseudo-inverse: the batched elimination is unstable there.
MIN_PIVOT = 1e-9


class PartialCorrelations:
    """Batched partial-correlation t-tests on the columns of one design matrix."""

    def __init__(
        self,
        design: np.ndarray,
        device: str = "auto",
        chunk_size: int = 1 << 15,
        on_batch: Callable[[int], None] | None = None,
    ):
        import torch

        from copilot.tools.discovery.pc_torch import _resolve_device

        self.n = int(design.shape[0])
        with np.errstate(invalid="ignore", divide="ignore"):
            corr = np.corrcoef(design, rowvar=False)
        if not np.all(np.isfinite(corr)):
            raise DiscoveryError(
                "A lagged series is constant over the analysed steps; partial correlations are "
                "undefined.",
                "drop constant columns, or use longer series",
            )
        self.corr = corr
        self.device = _resolve_device(device)
        self.corr_t = torch.as_tensor(corr, dtype=torch.float64).to(self.device)
        self.chunk_size = chunk_size
        self.tests = 0
        self.on_batch = on_batch

    def run(
        self, a: Sequence[int], b: Sequence[int], conds: Sequence[Sequence[int]]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Partial correlation r and two-sided p-value of a _||_ b | cond for every triple."""
        import torch
        from scipy.stats import t as student_t

        from copilot.tools.discovery.pc_torch import conditional_covariances

        m = len(a)
        r = np.zeros(m)
        sizes = np.array([len(c) for c in conds], dtype=np.int64)
        a_arr, b_arr = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
        for d in np.unique(sizes).tolist():
            rows = np.flatnonzero(sizes == d)
            s_all = (
                np.array([conds[i] for i in rows], dtype=np.int64).reshape(len(rows), d)
                if d
                else np.zeros((len(rows), 0), dtype=np.int64)
            )
            for lo in range(0, len(rows), self.chunk_size):
                part = rows[lo : lo + self.chunk_size]
                s = s_all[lo : lo + self.chunk_size]
                c00, c01, c11, pivot = conditional_covariances(
                    self.corr_t,
                    torch.from_numpy(a_arr[part]).to(self.device),
                    torch.from_numpy(b_arr[part]).to(self.device),
                    torch.from_numpy(s).to(self.device),
                )
                val = (c01 / torch.sqrt(c00 * c11)).cpu().numpy()
                bad = ~((pivot > MIN_PIVOT).cpu().numpy() & np.isfinite(val))
                for k in np.flatnonzero(bad).tolist():
                    val[k] = self._exact(int(a_arr[part[k]]), int(b_arr[part[k]]), s[k])
                r[part] = np.clip(val, -1.0, 1.0)
        self.tests += m
        if self.on_batch is not None:
            self.on_batch(self.tests)
        dof = self.n - 2 - sizes
        with np.errstate(divide="ignore", invalid="ignore"):
            stat = r * np.sqrt(np.maximum(dof, 0) / np.maximum(1.0 - r * r, 1e-300))
        pval = np.where(dof > 0, 2 * student_t.sf(np.abs(stat), np.maximum(dof, 1)), 1.0)
        return r, pval

    def _exact(self, a: int, b: int, s: np.ndarray) -> float:
        """Partial correlation through a pseudo-inverse of the S block (which may be singular);
        0 when a or b is (numerically) a linear function of S, where it is undefined."""
        ab, sl = [a, b], s.tolist()
        c = self.corr[np.ix_(ab, ab)]
        if sl:
            cross = self.corr[np.ix_(ab, sl)]
            c = c - cross @ np.linalg.pinv(self.corr[np.ix_(sl, sl)], hermitian=True) @ cross.T
        if min(c[0, 0], c[1, 1]) < MIN_PIVOT:
            return 0.0
        return float(c[0, 1] / np.sqrt(c[0, 0] * c[1, 1]))


def fdr_bh(pvalues: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values) of a flat array."""
    p = np.asarray(pvalues, dtype=float)
    m = p.size
    if m == 0:
        return p
    order = np.argsort(p)
    ranked = p[order] * m / np.arange(1, m + 1)
    q = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(q, 1.0)
    return out


@dataclass
class LinkTable:
    """Test results per link (i, tau, j): X_i(t - tau) -> X_j(t) (tau = 0: contemporaneous)."""

    p: int
    max_lag: int
    val: np.ndarray = field(init=False)  # (p, p, max_lag + 1) partial correlation
    pval: np.ndarray = field(init=False)  # (p, p, max_lag + 1)

    def __post_init__(self) -> None:
        self.val = np.zeros((self.p, self.p, self.max_lag + 1))
        self.pval = np.ones((self.p, self.p, self.max_lag + 1))


def _col(node: Node, p: int) -> int:
    return node[1] * p + node[0]


def _shift(nodes: Sequence[Node], tau: int) -> list[Node]:
    return [(k, s + tau) for k, s in nodes]


def condition_selection(
    pc: PartialCorrelations,
    p: int,
    max_lag: int,
    pc_alpha: float,
    check: Callable[[], None] = lambda: None,
) -> dict[int, list[Node]]:
    """PC1: for each X_j(t) a superset of its lagged parents, strongest first.

    At level k each candidate is tested given the k strongest other candidates (as ranked after
    the previous level, frozen during the level); candidates with p > pc_alpha are dropped.
    """
    parents = {j: [(i, tau) for tau in range(1, max_lag + 1) for i in range(p)] for j in range(p)}
    strength: dict[tuple[int, Node], float] = {}
    level = 0
    while True:
        check()
        jobs = []
        for j in range(p):
            cands = parents[j]
            if len(cands) - 1 < level:
                continue
            for node in cands:
                others = [x for x in cands if x != node][:level]
                jobs.append((j, node, others))
        if not jobs:
            break
        r, pv = pc.run(
            [_col(node, p) for _, node, _ in jobs],
            [j for j, _, _ in jobs],
            [[_col(x, p) for x in others] for _, _, others in jobs],
        )
        dropped = set()
        for (j, node, _), rv, pvv in zip(jobs, r, pv, strict=True):
            if pvv > pc_alpha:
                dropped.add((j, node))
            else:
                strength[(j, node)] = min(strength.get((j, node), np.inf), abs(rv))
        for j in range(p):
            kept = [x for x in parents[j] if (j, x) not in dropped]
            parents[j] = sorted(kept, key=lambda x, j=j: -strength[(j, x)])
        level += 1
    return parents


def mci(
    pc: PartialCorrelations,
    parents: dict[int, list[Node]],
    p: int,
    max_lag: int,
    check: Callable[[], None] = lambda: None,
) -> LinkTable:
    """Momentary conditional independence tests of every lagged link."""
    check()
    jobs = []
    for j in range(p):
        for tau in range(1, max_lag + 1):
            for i in range(p):
                node = (i, tau)
                cond = [x for x in parents[j] if x != node] + _shift(parents[i], tau)
                cond = [x for x in dict.fromkeys(cond) if x != node]
                jobs.append((i, tau, j, cond))
    r, pv = pc.run(
        [_col((i, tau), p) for i, tau, _, _ in jobs],
        [j for _, _, j, _ in jobs],
        [[_col(x, p) for x in c] for *_, c in jobs],
    )
    table = LinkTable(p, max_lag)
    for (i, tau, j, _), rv, pvv in zip(jobs, r, pv, strict=True):
        table.val[i, j, tau] = rv
        table.pval[i, j, tau] = pvv
    return table


@dataclass
class Links:
    """A time-series graph: lagged links (i, tau, j) and contemporaneous edges with orientation."""

    lagged: list[tuple[int, int, int]]
    # (i, j) pairs: directed i -> j, or undirected with i < j
    directed0: list[tuple[int, int]]
    undirected0: list[tuple[int, int]]
    table: LinkTable
    notes: list[str] = field(default_factory=list)


def pcmci(
    pc: PartialCorrelations,
    p: int,
    max_lag: int,
    alpha: float,
    pc_alpha: float = 0.2,
    fdr: bool = True,
    check: Callable[[], None] = lambda: None,
) -> Links:
    """PCMCI: lagged links only, kept where the (FDR-adjusted) MCI p-value is <= alpha."""
    parents = condition_selection(pc, p, max_lag, pc_alpha, check)
    table = mci(pc, parents, p, max_lag, check)
    pv = table.pval[:, :, 1:]
    q = fdr_bh(pv.ravel()).reshape(pv.shape) if fdr else pv
    table.pval[:, :, 1:] = q
    lagged = [(i, tau + 1, j) for i, j, tau in zip(*np.nonzero(q <= alpha), strict=True)]
    return Links(sorted(lagged, key=lambda x: (x[2], x[1], x[0])), [], [], table)


def pcmciplus(
    pc: PartialCorrelations,
    p: int,
    max_lag: int,
    alpha: float,
    pc_alpha: float = 0.2,
    fdr: bool = True,
    check: Callable[[], None] = lambda: None,
) -> Links:
    """PCMCI+: lagged and contemporaneous links; contemporaneous ones oriented where possible."""
    base = condition_selection(pc, p, max_lag, pc_alpha, check)
    lagged = {j: list(base[j]) for j in range(p)}
    adj0 = ~np.eye(p, dtype=bool)
    sepset: dict[tuple[int, int, int], set[int]] = {}
    table = LinkTable(p, max_lag)
    tested = np.zeros((p, p, max_lag + 1), dtype=bool)
    level = 0
    while True:
        check()
        jobs = []
        for j in range(p):
            adj_j = np.flatnonzero(adj0[j]).tolist()
            links = list(lagged[j]) + [(i, 0) for i in adj_j]
            for node in links:
                i, tau = node
                others = [k for k in adj_j if not (tau == 0 and k == i)]
                if len(others) < level:
                    continue
                cond = [x for x in base[j] if x != node] + _shift(base[i], tau)
                for subset in itertools.combinations(others, level):
                    full = [x for x in dict.fromkeys(cond + [(k, 0) for k in subset]) if x != node]
                    jobs.append((i, tau, j, subset, full))
        if not jobs:
            break
        r, pv = pc.run(
            [_col((i, tau), p) for i, tau, *_ in jobs],
            [j for _, _, j, *_ in jobs],
            [[_col(x, p) for x in full] for *_, full in jobs],
        )
        removed: dict[tuple[int, int, int], set[int]] = {}
        for (i, tau, j, subset, _), rv, pvv in zip(jobs, r, pv, strict=True):
            if not tested[i, j, tau] or pvv > table.pval[i, j, tau]:
                table.val[i, j, tau], table.pval[i, j, tau] = rv, pvv
            tested[i, j, tau] = True
            if pvv > alpha and (i, tau, j) not in removed:
                removed[(i, tau, j)] = set(subset)
        for (i, tau, j), subset in removed.items():
            if tau == 0:
                adj0[i, j] = adj0[j, i] = False
                sepset.setdefault((i, 0, j), subset)
                sepset.setdefault((j, 0, i), subset)
            elif (i, tau) in lagged[j]:
                lagged[j].remove((i, tau))
                sepset[(i, tau, j)] = subset
        level += 1
    # contemporaneous p-values are symmetric: keep the larger of the two directions
    pv0, val0 = table.pval[:, :, 0].copy(), table.val[:, :, 0].copy()
    table.val[:, :, 0] = np.where(pv0.T > pv0, val0.T, val0)
    table.pval[:, :, 0] = np.maximum(pv0, pv0.T)
    if fdr:
        # one family: every tested lagged link and every tested contemporaneous pair (once)
        family = tested.copy()
        family[:, :, 0] = np.triu(tested[:, :, 0] | tested[:, :, 0].T, 1)
        idx = np.flatnonzero(family.ravel())
        flat = table.pval.ravel().copy()
        flat[idx] = fdr_bh(flat[idx])
        table.pval = flat.reshape(table.pval.shape)
        upper = np.triu(table.pval[:, :, 0], 1)
        table.pval[:, :, 0] = upper + upper.T + np.eye(p)
        for j in range(p):
            lagged[j] = [(i, tau) for i, tau in lagged[j] if table.pval[i, j, tau] <= alpha]
        adj0 &= table.pval[:, :, 0] <= alpha
    directed, undirected, conflicts = _orient(p, lagged, adj0, sepset)
    notes = []
    if conflicts:
        notes.append(
            f"{conflicts} contemporaneous edge(s) got conflicting collider orientations and "
            "are left undirected"
        )
    links = sorted(
        ((i, tau, j) for j in range(p) for i, tau in lagged[j]),
        key=lambda x: (x[2], x[1], x[0]),
    )
    return Links(links, directed, undirected, table, notes)


def _orient(
    p: int,
    lagged: dict[int, list[Node]],
    adj0: np.ndarray,
    sepset: dict[tuple[int, int, int], set[int]],
) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int]:
    """Colliders from separating sets, then Meek's rules 1-3, on the contemporaneous edges."""
    # arrow[i, j]: contemporaneous edge i - j has an arrowhead at j
    arrow = np.zeros((p, p), dtype=bool)
    conflict = np.zeros((p, p), dtype=bool)

    def adjacent(node: Node, k: int) -> bool:
        i, tau = node
        return bool(adj0[i, k]) if tau == 0 else node in lagged[k]

    # unshielded triples node -> X_j(t) - X_k(t), node not adjacent to X_k(t)
    for j in range(p):
        into_j = list(lagged[j]) + [(i, 0) for i in np.flatnonzero(adj0[j]).tolist()]
        for k in np.flatnonzero(adj0[j]).tolist():
            for node in into_j:
                i, tau = node
                if (tau == 0 and i == k) or adjacent(node, k):
                    continue
                if j in sepset.get((i, tau, k), set()):
                    continue
                # collider at X_j(t): node -> j <- k
                for a, b in [(k, j)] + ([(i, j)] if tau == 0 else []):
                    if arrow[b, a]:
                        conflict[a, b] = conflict[b, a] = True
                    arrow[a, b] = True
    arrow &= ~conflict

    def directed(a: int, b: int) -> bool:
        return arrow[a, b] and not arrow[b, a]

    def undirected(a: int, b: int) -> bool:
        return adj0[a, b] and not arrow[a, b] and not arrow[b, a] and not conflict[a, b]

    changed = True
    while changed:
        changed = False
        for a, b in itertools.permutations(range(p), 2):
            if not undirected(a, b):
                continue
            # R1: c -> a - b with c not adjacent to b (c lagged or contemporaneous)
            r1 = any(directed(c, a) and not adj0[c, b] and c != b for c in range(p)) or any(
                (c, tau) not in lagged[b] for c, tau in lagged[a]
            )
            # R2: a -> c -> b
            r2 = any(directed(a, c) and directed(c, b) for c in range(p))
            # R3: a - c -> b, a - d -> b, c and d not adjacent
            parents_b = [c for c in range(p) if undirected(a, c) and directed(c, b)]
            r3 = any(not adj0[c, d] for c, d in itertools.combinations(parents_b, 2))
            if r1 or r2 or r3:
                arrow[a, b] = True
                changed = True
    dir_edges, und_edges = [], []
    for a, b in itertools.combinations(range(p), 2):
        if not adj0[a, b]:
            continue
        if directed(a, b):
            dir_edges.append((a, b))
        elif directed(b, a):
            dir_edges.append((b, a))
        else:
            und_edges.append((a, b))
    return dir_edges, und_edges, int(conflict.sum() // 2)
