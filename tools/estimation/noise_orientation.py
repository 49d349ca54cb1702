"""Orienting what the independences leave open, from the shape of the noise.

A column adjacent to both the treatment T and the outcome Y (a complete triangle) has the same
independences whether it is a common cause, a mediator or a common effect, so every search
that reads only independences (PC, BOSS with BIC) leaves its edges undirected and the roles
default to "pre-treatment". Functional causal models can still tell the readings apart, each
under an assumption that the data can check:

- linear relations with non-Gaussian noise (LiNGAM): regressing a cause on its effect leaves
  a residual that is uncorrelated with the regressor but not independent of it;
- nonlinear relations with additive noise (ANM): the same holds for a flexible regression.

Each reading of a column C (C before T; T -> C -> Y; C after Y) is a causal order of C, T and
Y after the columns taken as pre-treatment (the question's knowledge, T before Y, holds in
every reading). Every continuous variable is regressed on what comes before it, and its
residual is tested for independence (HSIC) from each of C, T and Y that came before it, as it
is and divided by its fitted spread (a location-scale noise model, so that heteroskedastic
noise does not reject the true order). A reading is rejected when some residual clearly
depends on a regressor both ways, and fits when none does either way. The data decide C's side
when every reading on one side is rejected and one on the other side fits, or, for linear
models, when the likeliest reading (Vuong's test on the joint likelihood) clearly beats the
other side and fits; and only when the check of the model class holds (flexible fits clearly
better, or linear residuals that are not Gaussian, or a binary variable among the three). With
linear relations and Gaussian noise the readings are Markov equivalent: the data cannot
decide, and that is said.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from copilot.tools.data import Dataset

from .roles import RoleAnalysis

#: A reading fits when every residual test has a (Bonferroni-corrected) p-value above this.
FITS_P = 0.05
#: A reading is rejected when some residual test falls below this (Bonferroni-corrected).
REJECTED_P = 1e-3
#: Below this p-value (D'Agostino-Pearson) a residual is not Gaussian.
NON_GAUSSIAN_P = 0.01
#: A flexible fit must beat the linear one by this much cross-validated R2 to count.
NONLINEAR_GAIN = 0.03
#: Rows used for the tests (HSIC costs n^2 memory).
MAX_ROWS = 1000
#: At most this many columns are examined per table (each costs a few regressions and tests).
MAX_COLUMNS = 8
#: Vuong's z for one reading's likelihood over the best reading of the other side.
LIKELIHOOD_Z = 3.0
#: The model class of a variable with a point mass (see `point_mass`): no reading is tested.
NO_ADDITIVE_NOISE = "no additive-noise model"

READINGS = {
    # name: order of the three focal variables (C, T, Y) after the pre-treatment columns
    "upstream": ("C", "T", "Y"),
    "mediator": ("T", "C", "Y"),
    "after_outcome": ("T", "Y", "C"),
}
UPSTREAM_READINGS = ("upstream",)
DOWNSTREAM_READINGS = ("mediator", "after_outcome")


@dataclass
class Orientation:
    """What the noise says about one column's side of the treatment."""

    column: str
    decision: str  # "upstream", "downstream" or "undecided"
    role: str | None
    model: str  # "linear, non-Gaussian noise", "nonlinear, additive noise", "linear-Gaussian"
    check: str
    p_values: dict[str, float | None] = field(default_factory=dict)
    #: the same tests on residuals divided by their fitted spread (location-scale noise)
    scaled_p_values: dict[str, float | None] = field(default_factory=dict)
    #: (reading with the highest likelihood, Vuong's z over the other side), when computed
    likelihood: tuple[str, float] | None = None
    #: decided by the linear non-Gaussian model along one reading's order although flexible
    #: fits win on the three variables (`_model_class`'s `linear_order`)
    linear_order: bool = False

    @property
    def equivalent(self) -> bool:
        """True when the model class cannot tell the readings apart (linear-Gaussian)."""
        return self.model == "linear-Gaussian"

    def evidence(self, treatment: str, outcome: str) -> str:
        def fmt(p: float | None) -> str:
            return f"{p:.2g}" if p is not None else "untestable"

        fits = ", ".join(
            f"{_READING_WORDS[r].format(c=self.column, t=treatment, y=outcome)} p = {fmt(p)}"
            + (
                f" ({fmt(self.scaled_p_values[r])} with its spread modelled)"
                if r in self.scaled_p_values
                else ""
            )
            for r, p in self.p_values.items()
        )
        if self.model == NO_ADDITIVE_NOISE:
            return f"the shape of the noise cannot place {self.column} ({self.check})"
        if self.equivalent:
            return (
                f"the orientation of {self.column}'s edges is not decided by the data: "
                f"{self.check}, so a common cause and a consequence of {treatment} fit equally "
                "well (they are Markov equivalent)"
            )
        head = {
            "upstream": f"the shape of the noise places {self.column} before {treatment}",
            "downstream": f"the shape of the noise places {self.column} after {treatment}",
            "undecided": f"the shape of the noise does not settle {self.column}'s side",
        }[self.decision]
        like = ""
        if self.likelihood is not None:
            reading, z = self.likelihood
            like = (
                "; the likeliest reading is "
                f"{_READING_WORDS[reading].format(c=self.column, t=treatment, y=outcome)}, "
                f"Vuong z = {z:.2g} over the other side ({LIKELIHOOD_Z:g} or more decides)"
            )
        return (
            f"{head} ({self.model}: {self.check}; residual independence of each reading: "
            f"{fits}{like})"
        )


_READING_WORDS = {
    "upstream": "{c} before {t}",
    "mediator": "{t} -> {c} -> {y}",
    "after_outcome": "{c} after {y}",
}


def _standard(x: np.ndarray) -> np.ndarray:
    sd = x.std()
    return (x - x.mean()) / (sd if sd > 0 else 1.0)


def _fit_residual(
    target: np.ndarray, X: np.ndarray, flexible: bool, scaled: bool = False
) -> np.ndarray:
    """The residual of `target` regressed on the columns of X (additive splines if flexible);
    `scaled` divides it by its fitted conditional scale (a location-scale noise model, whose
    noise is independent of X even when its spread depends on X)."""
    from sklearn.linear_model import LinearRegression, Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import SplineTransformer

    if X.shape[1] == 0:
        return target - target.mean()

    def model(smooth: bool):
        if smooth:
            return make_pipeline(SplineTransformer(n_knots=6, degree=3), Ridge(alpha=1e-3))
        return LinearRegression()

    res = target - model(flexible).fit(X, target).predict(X)
    if not scaled:
        return res
    # The spread is modelled flexibly whatever the mean model: it often grows with |x|.
    log_sq = np.log(res**2 + 1e-6 * res.var() + 1e-12)
    log_scale = 0.5 * model(True).fit(X, log_sq).predict(X)
    return res / np.exp(log_scale - log_scale.mean())


def _independence_p(residual: np.ndarray, regressor: np.ndarray) -> float:
    """HSIC test (gamma approximation) of a residual against one regressor."""
    from causallearn.search.FCMBased.lingam.hsic import hsic_test_gamma

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, p = hsic_test_gamma(_standard(residual)[:, None], _standard(regressor)[:, None])
    return float(p) if np.isfinite(p) else 1.0


def _model_class(
    focal: dict[str, np.ndarray], U: np.ndarray, discrete: set[str]
) -> tuple[str, str, str | None]:
    """(model, check, linear_order): which functional model the data support and the check
    that says so; when flexible fits win, `linear_order` is the check of the linear
    non-Gaussian model along each reading's own causal order, if some reading is linear there
    (else None)."""
    from scipy import stats
    from sklearn.linear_model import LinearRegression
    from sklearn.model_selection import KFold, cross_val_score
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import SplineTransformer

    cv = KFold(3, shuffle=True, random_state=0)
    seen: dict[tuple[str, ...], float] = {}

    def gain(v: str, before: tuple[str, ...]) -> float:
        """Cross-validated R2 that a flexible fit of v on `before` (and U) adds to a linear one."""
        if (v, *before) not in seen:
            X = np.column_stack([*(focal[w] for w in before), U])
            if X.shape[1] == 0:
                seen[(v, *before)] = 0.0
                return 0.0
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                lin = cross_val_score(LinearRegression(), X, focal[v], cv=cv, scoring="r2").mean()
                flex_model = make_pipeline(SplineTransformer(n_knots=6), LinearRegression())
                flex = cross_val_score(flex_model, X, focal[v], cv=cv, scoring="r2").mean()
            seen[(v, *before)] = float(flex - lin)
        return seen[(v, *before)]

    gains, normal_p = [], []
    for v in focal:
        if v in discrete:
            continue
        others = tuple(w for w in focal if w != v)
        gains.append(gain(v, others))
        res = _fit_residual(focal[v], np.column_stack([*(focal[w] for w in others), U]), False)
        normal_p.append(float(stats.normaltest(res).pvalue))
    binary = sorted(discrete & set(focal))
    if normal_p and min(normal_p) < NON_GAUSSIAN_P:
        linear = (
            "linear, non-Gaussian noise",
            f"linear fits suffice and their residuals are not Gaussian (normality test p = "
            f"{min(normal_p):.2g})",
        )
    elif binary:
        linear = (
            "linear, non-Gaussian noise",
            "linear fits suffice and a "
            + (
                "binary"
                if all(len(np.unique(focal[v])) <= 2 for v in binary)
                else "discrete (few-valued)"
            )
            + " variable is among the three (not Gaussian)",
        )
    else:
        linear = (
            "linear-Gaussian",
            "linear fits suffice and their residuals look Gaussian"
            + (f" (normality test p >= {min(normal_p):.2g})" if normal_p else ""),
        )
    if not (gains and max(gains) > NONLINEAR_GAIN):
        return (*linear, None)
    # Each variable on all the others regresses a cause on its consequences, which bends
    # whenever the noise is not Gaussian (the very asymmetry LiNGAM reads) although every
    # equation is linear. So the linear non-Gaussian model is also checked along each
    # reading's own causal order (each variable on what comes before it), for use when the
    # additive-noise tests leave the side open.
    needed = {
        r: max(
            (gain(v, order[:i]) for i, v in enumerate(order) if v not in discrete),
            default=0.0,
        )
        for r, order in READINGS.items()
    }
    linear_order = None
    if min(needed.values()) <= NONLINEAR_GAIN and linear[0] == "linear, non-Gaussian noise":
        reading = min(needed, key=needed.get)
        linear_order = (
            f"flexible fits beat linear ones on all other variables, but along the order "
            f"{' -> '.join(READINGS[reading])} linear fits suffice (a cause regressed on its "
            f"consequence bends when the noise is not Gaussian); {linear[1].split(' and ', 1)[1]}"
        )
    return (
        "nonlinear, additive noise",
        f"flexible fits beat linear ones by up to {max(gains):.2f} cross-validated R2",
        linear_order,
    )


def _reading_p(
    order: tuple[str, ...],
    focal: dict[str, np.ndarray],
    U: np.ndarray,
    discrete: set[str],
    flexible: bool,
    scaled: bool = False,
    seen: dict | None = None,
) -> float | None:
    """Bonferroni-corrected smallest p-value of the reading's residual tests (None: none).

    `seen` keeps each test's p-value across the readings of one decision: two readings that
    regress a variable on the same set of variables (Y on C and T, in either order) share
    that regression and its tests."""
    seen = {} if seen is None else seen
    ps = []
    for i, v in enumerate(order):
        before = order[:i]
        if v in discrete or not before:
            continue  # no additive noise to test, or nothing before it among the three
        key = (v, frozenset(before), flexible, scaled)
        if key not in seen:
            X = np.column_stack([*(focal[w] for w in before), U])
            res = _fit_residual(focal[v], X, flexible, scaled)
            seen[key] = {w: _independence_p(res, focal[w]) for w in before}
        ps.extend(seen[key][w] for w in before)
    if not ps:
        return None
    return min(1.0, len(ps) * min(ps))


def _decide(
    focal: dict[str, np.ndarray],
    U: np.ndarray,
    kinds: set[str],
    flexible: bool,
    counts: bool,
) -> tuple[str, str | None, dict, dict, tuple[str, str, float] | None]:
    """(decision, best reading, p-values, p-values with the spread modelled, likelihood z)."""
    seen: dict = {}
    p = {
        r: _reading_p(order, focal, U, kinds, flexible, seen=seen) for r, order in READINGS.items()
    }
    # The same tests on residuals divided by their fitted spread: noise whose spread depends on
    # a cause (heteroskedastic) breaks the additive-noise reading of the true order, which can
    # then look rejected while a wrong one fits. A reading fits only when it fits both ways and
    # is rejected only when it fits neither way.
    ps = {
        r: _reading_p(order, focal, U, kinds, flexible, scaled=True, seen=seen)
        for r, order in READINGS.items()
    }

    def both(r: str, ok) -> bool:
        return p[r] is not None and ps[r] is not None and ok(p[r], ps[r])

    fits = [r for r in READINGS if both(r, lambda a, b: min(a, b) >= FITS_P)]
    rejected = {
        r for r in READINGS if both(r, lambda a, b: min(a, b) < REJECTED_P and max(a, b) < FITS_P)
    }
    decision, best = "undecided", None
    if set(UPSTREAM_READINGS) <= rejected and any(r in fits for r in DOWNSTREAM_READINGS):
        decision = "downstream"
        best = max((r for r in DOWNSTREAM_READINGS if r in fits), key=lambda r: p[r] or 0.0)
    elif set(DOWNSTREAM_READINGS) <= rejected and all(r in fits for r in UPSTREAM_READINGS):
        decision, best = "upstream", "upstream"
    z = None
    if decision == "undecided" and not flexible and not counts:
        # The independence tests alone lack power when the noise is only mildly non-Gaussian;
        # the likelihood of each reading (the pairwise-likelihood idea behind LiNGAM) compares
        # them directly, and a reading only wins when its residuals also pass their tests.
        z = _likelihood_z(focal, U, kinds)
        if z is not None:
            side, winner, score = z
            others = DOWNSTREAM_READINGS if side == "upstream" else UPSTREAM_READINGS
            # The winner's residuals pass their tests; or every reading of the other side is
            # rejected by them while the winner is not (something all readings share, such as
            # a skewed column among the conditioning ones, can keep every reading from passing).
            if score > LIKELIHOOD_Z and (
                winner in fits or (winner not in rejected and set(others) <= rejected)
            ):
                decision, best = side, winner
    return decision, best, p, ps, z


def orient_column(
    frame: pd.DataFrame,
    treatment: str,
    outcome: str,
    column: str,
    upstream: list[str],
    discrete: set[str],
    seed: int = 0,
) -> Orientation:
    """Which side of the treatment `column` is on, given the columns taken as pre-treatment.

    `frame` holds numbers (categorical columns as pandas categories, a binary treatment as
    0/1); `discrete` names the columns without additive noise (binary, discrete, categorical).
    """
    from .estimators import design

    part = frame[[column, treatment, outcome, *upstream]].dropna()
    if len(part) > MAX_ROWS:
        part = part.sample(MAX_ROWS, random_state=seed)
    focal = {
        "C": _standard(part[column].to_numpy(dtype=float)),
        "T": _standard(part[treatment].to_numpy(dtype=float)),
        "Y": _standard(part[outcome].to_numpy(dtype=float)),
    }
    names = {"C": column, "T": treatment, "Y": outcome}
    kinds = {k for k, v in names.items() if v in discrete}
    # A mostly-zero dose, a score capped at 100 or a zero-inflated count is a mixture of a
    # point mass and a continuous part: no additive noise independent of its causes exists, so
    # neither model class applies, and their tests would reject the true order.
    for k, v in names.items():
        mass = None if k in kinds else point_mass(part[v])
        if mass is not None:
            value, share = mass
            return Orientation(
                column,
                "undecided",
                None,
                NO_ADDITIVE_NOISE,
                f"{v} has a point mass ({share:.0%} of rows at {value:g}), so its noise is "
                "not additive",
            )
    U = design(part, upstream).to_numpy(dtype=float) if upstream else np.empty((len(part), 0))
    if U.shape[1]:
        U = (U - U.mean(0)) / np.where(U.std(0) > 0, U.std(0), 1.0)
    model, check, linear_order = _model_class(focal, U, kinds)
    if model == "linear-Gaussian":
        return Orientation(column, "undecided", None, model, check)
    flexible = model.startswith("nonlinear")
    # A count (a few non-negative integer levels) has no continuous noise density, and its
    # spread grows with its mean: the likelihood of the readings, which reads each residual's
    # density as one shape for every unit, would favour whichever reading makes the counts
    # look least lumpy, not the causal one.
    counts = any(k not in kinds and _is_count(part[v]) for k, v in names.items())
    decision, best, p, ps, z = _decide(focal, U, kinds, flexible, counts)
    if decision == "undecided" and linear_order is not None:
        # The additive-noise tests leave the side open, and the relations are linear along
        # some reading's order: the linear non-Gaussian model decides where it can.
        again = _decide(focal, U, kinds, False, counts)
        if again[0] != "undecided":
            decision, best, p, ps, z = again
            model, check = "linear, non-Gaussian noise", linear_order
    role = None
    if decision == "downstream":
        role = "mediator" if best == "mediator" else _after_outcome_role(focal, U)
    elif decision == "upstream":
        role = "confounder"
    out = Orientation(column, decision, role, model, check, p, scaled_p_values=ps)
    out.linear_order = decision != "undecided" and check == linear_order
    if z is not None:
        out.likelihood = (z[1], round(z[2], 2))
    return out


#: At most this many levels make a non-negative integer column a count.
COUNT_LEVELS = 30
#: A point mass: at least this share of rows at the smallest or the largest value ...
POINT_MASS_SHARE = 0.05
#: ... and this many times the share of the commonest value between them.
POINT_MASS_RATIO = 3.0


def point_mass(x: pd.Series) -> tuple[float, float] | None:
    """(value, share) of a point mass at the bound of a variable that is otherwise spread out
    (a dose that is mostly zero, a percentage piled at 0 or 100, a count with excess zeros);
    None when no bound holds both `POINT_MASS_SHARE` of the rows and `POINT_MASS_RATIO` times
    the share of any value between the bounds."""
    v = x.to_numpy(dtype=float)
    v = v[np.isfinite(v)]
    if len(v) == 0:
        return None
    values, counts = np.unique(v, return_counts=True)
    if len(values) < 3:
        return None
    shares = counts / len(v)
    inner = float(shares[1:-1].max())
    for i in (0, -1):
        if shares[i] >= POINT_MASS_SHARE and shares[i] >= POINT_MASS_RATIO * inner:
            return float(values[i]), float(shares[i])
    return None


def _is_count(x: pd.Series) -> bool:
    v = x.to_numpy(dtype=float)
    return bool(v.min() >= 0 and np.all(v == np.round(v)) and len(np.unique(v)) <= COUNT_LEVELS)


def _loglik_continuous(residual: np.ndarray) -> np.ndarray:
    """Per-unit log density of a residual (leave-one-out Gaussian kernel density estimate of
    the standardised residual, minus the log of its scale)."""
    sd = residual.std()
    if sd <= 0:
        return np.zeros_like(residual)
    u = (residual - residual.mean()) / sd
    n = len(u)
    h = 1.06 * n ** (-0.2)
    k = np.exp(-0.5 * ((u[:, None] - u[None, :]) / h) ** 2)
    np.fill_diagonal(k, 0.0)
    dens = k.sum(1) / ((n - 1) * h * np.sqrt(2 * np.pi))
    return np.log(np.maximum(dens, 1e-300)) - np.log(sd)


def _loglik_binary(target: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Per-unit log likelihood of a binary variable under a logistic model on X."""
    from sklearn.linear_model import LogisticRegression

    y = (target > np.median(target)).astype(int) if len(np.unique(target)) > 2 else None
    y = (target == target.max()).astype(int) if y is None else y
    if X.shape[1] == 0:
        q = np.full(len(y), y.mean())
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            q = LogisticRegression(C=1e4, max_iter=2000).fit(X, y).predict_proba(X)[:, 1]
    q = np.clip(q, 1e-9, 1 - 1e-9)
    return y * np.log(q) + (1 - y) * np.log(1 - q)


def _likelihood_z(
    focal: dict[str, np.ndarray], U: np.ndarray, discrete: set[str]
) -> tuple[str, str, float] | None:
    """(side, reading, z): the reading with the highest joint likelihood (linear equations with
    nonparametric noise densities; logistic for a binary variable) and Vuong's z against the
    best reading of the other side. None when a variable is discrete but not binary."""
    if any(len(np.unique(focal[v])) > 2 for v in discrete):
        return None
    per_unit = {}
    for r, order in READINGS.items():
        total = np.zeros(len(U))
        for i, v in enumerate(order):
            X = np.column_stack([*(focal[w] for w in order[:i]), U])
            if v in discrete:
                total += _loglik_binary(focal[v], X)
            else:
                total += _loglik_continuous(_fit_residual(focal[v], X, flexible=False))
        per_unit[r] = total
    means = {r: float(v.mean()) for r, v in per_unit.items()}
    best = max(means, key=means.get)
    side = "upstream" if best in UPSTREAM_READINGS else "downstream"
    others = DOWNSTREAM_READINGS if side == "upstream" else UPSTREAM_READINGS
    zs = []
    for o in others:
        d = per_unit[best] - per_unit[o]
        sd = d.std()
        zs.append(float(np.sqrt(len(d)) * d.mean() / sd) if sd > 0 else 0.0)
    return side, best, min(zs)


def _after_outcome_role(focal: dict[str, np.ndarray], U: np.ndarray) -> str:
    """A column after the outcome is a collider when it still depends on T given Y."""
    import statsmodels.api as sm

    X = sm.add_constant(np.column_stack([focal["T"], focal["Y"], U]))
    fit = sm.OLS(focal["C"], X).fit(cov_type="HC1")
    return "collider" if float(fit.pvalues[1]) < 0.01 else "descendant_of_outcome"


def _clarity(o: Orientation) -> float:
    """How clearly a decision was made: by the residual tests (one side rejected, the other
    fitting) before any likelihood comparison, else Vuong's z of the likeliest reading."""
    return 100.0 if o.likelihood is None else float(o.likelihood[1])


def orient_roles(roles: RoleAnalysis, ds: Dataset, treatment: str, outcome: str) -> RoleAnalysis:
    """The roles with the columns that the independences leave open oriented by the noise.

    Examined: columns joined to the treatment by an undirected edge of the discovered graph (or
    to the outcome while adjacent to the treatment: a complete triangle), and columns the
    resampled graphs leave undecided. A column whose side the noise decides gets that role,
    with the tests as its evidence; a complete-triangle column whose side stays open (linear
    relations with Gaussian noise are Markov equivalent, or the tests lack the power) stays
    adjusted for (the standard assumption) and is listed in `left_open`, so that the estimate
    without it is shown as the alternative.
    """
    from .roles import DOWNSTREAM

    covariates = list(roles.roles)
    if not covariates:
        return roles
    kinds = ds.profile.kinds()
    g = roles.graph
    undirected = {e.key for e in g.edges if e.type == "undirected"}
    adjacent = {e.key for e in g.edges}

    def open_edge(c: str) -> bool:
        to_t = frozenset((c, treatment))
        to_y = frozenset((c, outcome))
        return to_t in undirected or (to_y in undirected and to_t in adjacent)

    candidates = [
        c
        for c in covariates
        if (open_edge(c) or c in roles.undecided or c in roles.ties)
        and c not in roles.strong_downstream
        and c not in roles.name_upstream  # the name already places it (background knowledge)
        and kinds.get(c) != "categorical"
    ][:MAX_COLUMNS]
    if not candidates:
        return roles
    frame = ds.numeric([treatment, outcome, *covariates]).reset_index(drop=True)
    for c in covariates:
        if kinds.get(c) == "categorical":
            frame[c] = frame[c].astype(int).astype("category")
    # A few integer levels (a dose of 0, 1 or 2) have no continuous additive noise, for a
    # covariate or the treatment: a reading that regresses such a column on its causes is not
    # tested by the independence of its residual (a rounded or clipped dose's residual depends
    # on its cause under every reading). A discrete outcome keeps its residual tests, with the
    # counts' own likelihood check (`_decide`).
    discrete = {c for c in [treatment, outcome, *covariates] if frame[c].nunique() <= 2}
    discrete |= {c for c in [treatment, *covariates] if kinds.get(c) in ("discrete", "categorical")}
    new = dict(roles.roles)
    undecided, ties = list(roles.undecided), list(roles.ties)
    strong, open_sides = list(roles.strong_downstream), list(roles.left_open)
    decided: list[str] = []
    linear_order: list[str] = []  # placed downstream along a linear order (see Orientation)
    left_open: dict[str, Orientation] = {}
    pending = list(candidates)
    # One column is decided at a time, the clearest first, and the others are examined again
    # given that decision. Every column not placed downstream is taken as pre-treatment when
    # another is examined, so a mediator still open sits among the conditioning columns: the
    # other columns' readings are then fitted given a consequence of the treatment (the
    # treatment regressed on its own child), which can send a cause of the treatment
    # downstream. Deciding the clearest column first takes such a mediator out of the
    # conditioning set before the columns it would mislead are read.
    # When no column is decided that way, the columns are read once more given only the
    # settled ones (those no search leaves open, and those decided here before the treatment).
    unsettled = {*candidates, *roles.undecided, *roles.ties, *roles.left_open}

    def read(only_settled: bool) -> dict[str, Orientation]:
        found: dict[str, Orientation] = {}
        for c in pending:
            upstream = [
                o
                for o in covariates
                if o != c
                and not (new[o].role in DOWNSTREAM and not new[o].adjusted)
                and not (only_settled and o in unsettled and o not in decided)
            ]
            try:
                found[c] = orient_column(frame, treatment, outcome, c, upstream, discrete)
            except (ValueError, np.linalg.LinAlgError):
                continue  # a degenerate fit: no evidence either way
        return found

    for _ in range(len(candidates)):
        found = read(only_settled=False)
        for c, o in found.items():
            if o.decision == "undecided":
                left_open[c] = o
        settled = {c: o for c, o in found.items() if o.decision != "undecided"}
        if not settled:
            settled = {
                c: o for c, o in read(only_settled=True).items() if o.decision != "undecided"
            }
        if not settled:
            break
        c = max(settled, key=lambda k: _clarity(settled[k]))
        o = settled[c]
        r = new[c]
        left_open.pop(c, None)
        pending.remove(c)
        decided.append(c)
        if c in undecided:
            undecided.remove(c)
        if c in ties:
            ties.remove(c)
        if c in open_sides:
            open_sides.remove(c)
        p_side = [
            v
            for k, v in o.p_values.items()
            if v is not None and (k in UPSTREAM_READINGS) == (o.decision == "downstream")
        ]
        conf = round(1 - max(p_side), 3) if p_side else 0.99
        downstream = o.decision == "downstream"
        if downstream and c not in strong:
            strong.append(c)
        if downstream and o.linear_order:
            linear_order.append(c)
        new[c] = r.model_copy(
            update={
                "role": o.role if downstream or r.role not in DOWNSTREAM else "confounder",
                "confidence": max(conf, 0.5),
                "adjusted": not downstream,
                "evidence": r.then(
                    o.evidence(treatment, outcome)
                    + (
                        ": not adjusted for (adjusting for it would bias the effect)"
                        if downstream
                        else ": adjusted for"
                    ),
                    not downstream,
                ),
            }
        )
        if not pending:
            break
    for c, o in left_open.items():
        r = new[c]
        new[c] = r.model_copy(
            update={"evidence": r.evidence + "; " + o.evidence(treatment, outcome)}
        )
        # A complete-triangle column whose side neither the independences nor the noise
        # decide: the standard assumption stands, and the other reading is shown beside it.
        if r.adjusted and open_edge(c) and c not in open_sides and c not in undecided:
            open_sides.append(c)
    notes = list(roles.notes)
    if decided:
        notes.append(
            "the shape of the noise (functional causal models: LiNGAM for linear relations "
            "with non-Gaussian noise, additive-noise models for nonlinear ones) decided the side "
            "of " + ", ".join(decided) + ", which the independences leave open"
        )
    return replace(
        roles,
        roles=new,
        adjustment=[c for c in covariates if new[c].adjusted],
        undecided=undecided,
        ties=ties,
        strong_downstream=strong,
        linear_order_downstream=[*roles.linear_order_downstream, *linear_order],
        left_open=open_sides,
        notes=notes,
        decided_upstream=[
            *roles.decided_upstream,
            *(c for c in decided if new[c].adjusted and c not in roles.decided_upstream),
        ],
        oriented_upstream=[
            *roles.oriented_upstream,
            *(c for c in decided if new[c].adjusted and c not in roles.oriented_upstream),
        ],
    )
