"""How `algorithm="auto"` chooses: documented rules over the data profile, first match wins.

0. The rows form a time series (a time column given, or dates / one row per step detected)
   -> PCMCI+ (`choose_timeseries`, checked by `discover` before these rules).
1. A domain or time index column is present -> CD-NOD (it models changing mechanisms).
2. Every variable is discrete -> BOSS with the BDeu score up to 25 columns and 150,000 cells
   (n * p); GES with BDeu up to 60 columns and a million cells; beyond, PC with the
   chi-square test.
3. Continuous, relations linear and the noise non-Gaussian -> DirectLiNGAM (identifies the
   full DAG); ICA-LiNGAM where DirectLiNGAM's cost (n * p^3) would pass about 30 s.
4. Relations look nonlinear and n <= 500 (and <= kci_max_n) -> PC with the KCI test.
5. Linear-looking data with p <= 40 -> BOSS: with BIC when the columns are continuous (or
   binary next to continuous ones), with the degenerate Gaussian (DG) score when categorical or
   discrete columns of 3 or more levels sit next to continuous ones (indicators per level).
6. Otherwise -> PC with the Fisher-z test.

Why these: on the discovery benchmark (`benchmarks/discovery_accuracy.py`, arrowhead F1 against
the best shipped algorithm in hindsight) BOSS was the best or tied on linear-Gaussian, discrete
and mixed data, ahead of PC, GES and exact search, and LiNGAM ahead of every
equivalence-class method on linear non-Gaussian data.
"""

from __future__ import annotations

from dataclasses import dataclass

from copilot.tools.data import RESIDUAL_DEPENDENCE_MAX, DatasetProfile

#: BOSS with BIC or DG (scored from a covariance matrix, so n costs little) up to this many
#: columns (about 3 s at p = 40, n = 2000); beyond, PC's batched engine scales better.
BOSS_AUTO_MAX_P = 40
#: BOSS with BDeu counts the rows for every parent set it scores, and scores many more sets as
#: p grows: on one busy core 9 s at p = 20 and 62 s at p = 40 (n = 5000), 123 s at p = 40 and
#: n = 10000. Bounds for about 20 s or less:
BDEU_BOSS_MAX_P = 25
BDEU_BOSS_MAX_CELLS = 150_000
#: GES with BDeu scores far fewer sets: 21 s at p = 40, n = 25000; 44 s at p = 60, n = 20000.
BDEU_GES_MAX_P = 60
BDEU_GES_MAX_CELLS = 1_000_000
#: DirectLiNGAM's cost grows with n * p^3 (on one busy core 14 s at p = 40, n = 2000 and 4 s
#: at p = 15, n = 30000; ICA-LiNGAM under 1 s for both): ICA-LiNGAM beyond about 30 s.
DIRECT_LINGAM_MAX_COST = 300_000_000
#: One KCI test costs O(n^3): about 2 s at n=500 and 30 s at n=1500 on one core.
KCI_AUTO_MAX_N = 500
DISCRETE_KINDS = ("discrete", "binary", "categorical")


@dataclass(frozen=True)
class Choice:
    algorithm: str
    ci_test: str | None
    score: str | None
    reason: str
    rule: int


def is_discrete(profile: DatasetProfile, columns: list[str]) -> bool:
    kinds = profile.kinds()
    return bool(columns) and all(kinds.get(c) in DISCRETE_KINDS for c in columns)


def continuous_share(profile: DatasetProfile, columns: list[str]) -> float:
    kinds = profile.kinds()
    return sum(kinds.get(c) == "continuous" for c in columns) / max(len(columns), 1)


def default_ci_test(profile: DatasetProfile, columns: list[str]) -> str:
    return "chisq" if is_discrete(profile, columns) else "fisherz"


#: Kinds the DG score enters as indicators of their levels (a binary column is one already).
MULTILEVEL_KINDS = ("discrete", "categorical")


def categorical_positions(profile: DatasetProfile, columns: list[str]) -> tuple[int, ...]:
    """Positions of the columns with 3 or more unordered-at-heart levels (for the DG score)."""
    kinds = profile.kinds()
    return tuple(i for i, c in enumerate(columns) if kinds.get(c) in MULTILEVEL_KINDS)


def default_score(profile: DatasetProfile, columns: list[str], algorithm: str = "ges") -> str:
    """BDeu for all-discrete data; DG for GRaSP and BOSS when categorical or discrete columns
    sit next to continuous ones (GES has no DG score); BIC otherwise."""
    if is_discrete(profile, columns):
        return "bdeu"
    if algorithm in ("grasp", "boss") and categorical_positions(profile, columns):
        return "dg"
    return "bic"


def choose_algorithm(
    profile: DatasetProfile, columns: list[str], index_column: str | None, kci_max_n: int
) -> Choice:
    """Pick an algorithm for these variables (`index_column` excluded from `columns`)."""
    n, p = profile.n, len(columns)
    kci_n = min(KCI_AUTO_MAX_N, kci_max_n)
    discrete = is_discrete(profile, columns)
    continuous = continuous_share(profile, columns) == 1.0
    nonlinear = profile.linear is False
    if index_column is not None:
        if discrete:
            test, why = "chisq", "the other columns are discrete (chi-square test)"
        elif nonlinear and n <= kci_n:
            test, why = "kci", "relations look nonlinear and n is small enough for the KCI test"
        else:
            test, why = "fisherz", "Fisher-z test"
        return Choice(
            "cdnod",
            test,
            None,
            f"column {index_column!r} indexes domains or time, so mechanisms may change across "
            f"it; CD-NOD finds which variables change with it and uses those changes to orient "
            f"edges ({why}).",
            1,
        )
    if discrete:
        if p <= BDEU_BOSS_MAX_P and n * p <= BDEU_BOSS_MAX_CELLS:
            return Choice(
                "boss",
                None,
                "bdeu",
                f"all {p} columns are discrete, so BOSS (a permutation search) scores whole "
                "parent sets with BDeu, which models each column's categories given its "
                "parents' without assuming an order or a linear relation; on discrete data it "
                "finds more of the true edges and orientations than PC, whose chi-square tests "
                "make errors one test at a time.",
                2,
            )
        size = f"{p} columns" if p > BDEU_BOSS_MAX_P else f"{n * p:,} cells (n * p)"
        if p <= BDEU_GES_MAX_P and n * p <= BDEU_GES_MAX_CELLS:
            return Choice(
                "ges",
                None,
                "bdeu",
                f"all {p} columns are discrete; with {size}, BOSS would take minutes, so GES "
                "(greedy search over equivalence classes) scores parent sets with BDeu, which "
                "models each column's categories given its parents' and is more accurate on "
                "discrete data than PC's chi-square tests (--algo boss to insist on BOSS).",
                2,
            )
        size = f"{p} columns" if p > BDEU_GES_MAX_P else f"{n * p:,} cells (n * p)"
        return Choice(
            "pc",
            "chisq",
            None,
            f"all {p} columns are discrete; with {size}, score-based searches with BDeu "
            "would be slow, so PC runs with the chi-square independence test, which makes no "
            "assumption about how the categories relate (--algo ges to insist on a score).",
            2,
        )
    if continuous and profile.linear is True and profile.gaussian is False:
        why_linear = (
            "relations look linear"
            if (profile.nonlinearity_gain or 0.0) < 0.05
            else "a linear model with independent noise fits (in the best causal order found, "
            "each column's linear residual is unrelated to the columns before it: n*r^2 "
            f"{profile.residual_dependence or 0.0:.0f} < {RESIDUAL_DEPENDENCE_MAX:.0f})"
        )
        noise = (
            f"the noise non-Gaussian (only {100 * (profile.gaussian_share or 0):.0f}% of columns "
            "have Gaussian-looking residuals)"
        )
        if n * p**3 > DIRECT_LINGAM_MAX_COST:
            return Choice(
                "ica_lingam",
                None,
                None,
                f"{why_linear} and {noise}; LiNGAM then identifies every edge's direction, not "
                f"just an equivalence class; with {p} columns and {n} rows ICA-LiNGAM (one ICA "
                "fit) runs where DirectLiNGAM's cost (growing with n times p cubed) would be "
                "slow.",
                3,
            )
        return Choice(
            "direct_lingam",
            None,
            None,
            f"{why_linear} and {noise}; under these conditions DirectLiNGAM identifies every "
            "edge's direction, not just an equivalence class.",
            3,
        )
    if nonlinear and n <= kci_n:
        return Choice(
            "pc",
            "kci",
            None,
            f"relations look nonlinear (a cubic fit explains {100 * (profile.nonlinearity_gain or 0):.0f}% "
            "more variance than a linear one, and no causal order leaves each column's linear "
            f"residual unrelated to the columns before it) and n={n} is small enough for the "
            "kernel (KCI) test, which detects nonlinear dependence.",
            4,
        )
    if profile.linear is not False and p <= BOSS_AUTO_MAX_P:
        if continuous:
            why = (
                f"the {p} columns are continuous and look linear; BOSS (a permutation search) "
                "scores whole parent sets with BIC and on linear data recovers the equivalence "
                "class more often than PC, GES or exact search, in seconds at this size."
            )
        else:
            kinds = profile.kinds()
            discrete_cols = [c for c in columns if kinds.get(c) in DISCRETE_KINDS]
            multilevel = categorical_positions(profile, columns)
            if multilevel:
                return Choice(
                    "boss",
                    None,
                    "dg",
                    f"{len(discrete_cols)} of the {p} columns are binary, discrete or "
                    f"categorical and the rest continuous; BOSS (a permutation search) scores "
                    "whole parent sets with the degenerate Gaussian (DG) score, which enters "
                    f"the {len(multilevel)} column(s) with 3 or more levels as indicators of "
                    "their levels, so no order or spacing of the categories is assumed; PC's "
                    "Fisher-z tests on category codes make errors one test at a time that "
                    "compound into wrong orientations.",
                    5,
                )
            why = (
                f"{len(discrete_cols)} of the {p} columns are binary and the rest "
                "continuous; BOSS (a permutation search) scores whole parent sets with BIC, "
                "which stays reliable with binary columns entered as numbers, where PC's "
                "Fisher-z tests make errors one test at a time that compound into wrong "
                "orientations."
            )
        return Choice("boss", None, "bic", why, 5)
    if nonlinear:
        return Choice(
            "pc",
            "fisherz",
            None,
            f"relations look nonlinear but n={n} is above {kci_n} rows, where the KCI test (whose "
            "cost grows with n cubed) gets slow; PC runs with the Fisher-z test, which can miss nonlinear "
            "dependence (use --ci-test kci --force to insist).",
            6,
        )
    mixed = "" if continuous else " (discrete columns are treated as numbers)"
    return Choice(
        "pc",
        "fisherz",
        None,
        f"the default for {p} variables: PC with the Fisher-z test{mixed}, which scales to many "
        "variables and returns the equivalence class of the DAG.",
        6,
    )


def choose_timeseries(time_column: str, given: bool) -> Choice:
    """Rule 0: rows that form a time series get PCMCI+ (lagged and same-step links).

    A time column (given, or detected: dates, or whole numbers with one row per step) marks a
    time series; a domain column whose values repeat marks regimes and keeps rule 1 (CD-NOD).
    """
    how = "was given" if given else "was detected (one row per step)"
    return Choice(
        "pcmciplus",
        None,
        None,
        f"the rows form a time series (time column {time_column!r} {how}), so PCMCI+ runs: it "
        "finds lagged links (X at t-k -> Y at t) and same-step links with partial-correlation "
        "tests; --algo pcmci, varlingam or granger run the other time-series methods.",
        -1,
    )
