"""Natural direct and indirect effects through one mediator (regression-based mediation).

Models (VanderWeele 2015): M ~ T + C and Y ~ T + M + T*M + C, both linear. With a = treated
and a* = control value, E[Y(a, M(a*))] is averaged over the covariates C, giving
NDE = E[Y(a, M(a*))] - E[Y(a*, M(a*))] and NIE = E[Y(a, M(a))] - E[Y(a, M(a*))].
Identification needs C to block T-Y, T-M and M-Y confounding, with no confounder of M-Y that
the treatment affects; C is taken from the graph. Intervals come from a seeded bootstrap.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from copilot.errors import EstimationError
from copilot.tools.graph import CausalGraph

from .estimators import bootstrap, design, percentile_ci
from .result import MediationEffects


def mediation_covariates(
    graph: CausalGraph, treatment: str, outcome: str, mediator: str, backdoor: list[str]
) -> list[str]:
    """C = the treatment's adjustment set plus the mediator's other parents (none affected by T)."""
    g = nx.DiGraph(graph.directed_edges())
    g.add_nodes_from(graph.nodes)
    if mediator not in g:
        raise EstimationError(
            f"The mediator {mediator!r} is not in the graph.", "add it to the graph"
        )
    desc_t = nx.descendants(g, treatment)
    if mediator not in desc_t or outcome not in nx.descendants(g, mediator):
        raise EstimationError(
            f"{mediator!r} is not a mediator of {treatment} -> {outcome} in the graph.",
            f"a mediator lies on a directed path {treatment} -> {mediator} -> {outcome}",
        )
    if any(e.type == "bidirected" and mediator in (e.source, e.target) for e in graph.edges):
        raise EstimationError(
            f"The mediator {mediator!r} has a latent confounder in the graph.",
            "natural effects are not identified; measure the confounder",
        )
    extra = [
        p
        for p in list(g.predecessors(mediator)) + list(g.predecessors(outcome))
        if p not in (treatment, mediator) and p not in desc_t
    ]
    # A treatment-induced confounder of mediator and outcome rules out natural effects.
    without_m = g.copy()
    without_m.remove_node(mediator)
    bad = [
        p
        for p in nx.ancestors(g, mediator) & desc_t
        if p in without_m and outcome in without_m and nx.has_path(without_m, p, outcome)
    ]
    if bad:
        raise EstimationError(
            f"{', '.join(sorted(bad))} lie(s) between {treatment} and {mediator} and also reach {outcome} "
            f"directly: natural effects through {mediator} are not identified.",
            "choose a mediator that carries the whole path, or ask for the total effect",
        )
    return sorted(set(backdoor) | set(extra))


def _effects(
    frame: pd.DataFrame,
    treatment: str,
    outcome: str,
    mediator: str,
    covariates: list[str],
    treated: float,
    control: float,
) -> tuple[float, float]:
    C = design(frame, covariates).to_numpy(dtype=float)
    n = len(frame)
    t = frame[treatment].to_numpy(dtype=float)
    m = frame[mediator].to_numpy(dtype=float)
    y = frame[outcome].to_numpy(dtype=float)
    Am = np.column_stack([np.ones(n), t, C])
    beta, *_ = np.linalg.lstsq(Am, m, rcond=None)
    Ay = np.column_stack([np.ones(n), t, m, t * m, C])
    theta, *_ = np.linalg.lstsq(Ay, y, rcond=None)

    def m_mean(a: float) -> np.ndarray:  # E[M | T=a, C] per unit
        return np.column_stack([np.ones(n), np.full(n, a), C]) @ beta

    def y_mean(
        a: float, ma: np.ndarray
    ) -> float:  # E[Y(a, M(a*))]; linear in M so the mean plugs in
        rest = C @ theta[4:] if C.shape[1] else 0.0
        return float(np.mean(theta[0] + theta[1] * a + (theta[2] + theta[3] * a) * ma + rest))

    m0, m1 = m_mean(control), m_mean(treated)
    nde = y_mean(treated, m0) - y_mean(control, m0)
    nie = y_mean(treated, m1) - y_mean(treated, m0)
    return nde, nie


def mediation(
    frame: pd.DataFrame,
    treatment: str,
    outcome: str,
    mediator: str,
    covariates: list[str],
    treated: float,
    control: float,
    confidence: float,
    n_boot: int,
    seed: int,
) -> MediationEffects:
    """NDE and NIE with bootstrap intervals."""
    nde, nie = _effects(frame, treatment, outcome, mediator, covariates, treated, control)
    draws = bootstrap(
        lambda d: np.array(_effects(d, treatment, outcome, mediator, covariates, treated, control)),
        frame,
        n_boot,
        seed,
    )
    draws = np.asarray(draws).reshape(-1, 2)
    nde_ci = percentile_ci(draws[:, 0], confidence)
    nie_ci = percentile_ci(draws[:, 1], confidence)
    total = nde + nie
    prop = nie / total if abs(total) > 1e-12 else None
    adj = f" adjusting for {', '.join(covariates)}" if covariates else ""
    detail = (
        f"regression-based mediation (M ~ T + C, Y ~ T + M + T*M + C){adj}; "
        f"{'' if prop is None else f'{prop:.0%} of the effect runs through {mediator}; '}"
        f"intervals from {len(draws)} bootstrap resamples"
    )
    return MediationEffects(
        mediator=mediator,
        nde=nde,
        nde_ci=nde_ci,
        nie=nie,
        nie_ci=nie_ci,
        total=total,
        proportion_mediated=prop,
        covariates=covariates,
        detail=detail,
    )
