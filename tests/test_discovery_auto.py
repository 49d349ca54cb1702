"""`algorithm="auto"` makes the documented choice for each kind of data, and says why."""

from __future__ import annotations

import pytest

from copilot.errors import InputError
from copilot.tools.data import ColumnProfile, DatasetProfile
from copilot.tools.discovery import choose_algorithm, discover, normalize_algorithm


def profile(
    kinds: list[str], n: int = 2000, linear=True, gaussian=True, index=None
) -> tuple[DatasetProfile, list[str]]:
    cols = [
        ColumnProfile(
            name=f"c{i}",
            kind=k,
            dtype="float64",
            missing_share=0.0,
            cardinality=3 if k != "continuous" else n,
            constant=False,
        )
        for i, k in enumerate(kinds)
    ]
    discrete = sum(k != "continuous" for k in kinds) / len(kinds)
    prof = DatasetProfile(
        n=n,
        p=len(kinds),
        columns=cols,
        discrete_share=discrete,
        linear=linear,
        nonlinearity_gain=0.0 if linear else 0.4,
        gaussian=gaussian,
        gaussian_share=1.0 if gaussian else 0.0,
        index_column=index,
    )
    return prof, [c.name for c in cols]


def choose(prof_cols, index=None, kci_max_n=1500):
    prof, cols = prof_cols
    return choose_algorithm(prof, cols, index, kci_max_n)


def test_rule_1_index_column_gives_cdnod():
    c = choose(profile(["continuous"] * 4), index="domain")
    assert (c.algorithm, c.ci_test, c.rule) == ("cdnod", "fisherz", 1)
    assert "'domain'" in c.reason
    assert (
        choose(profile(["discrete"] * 4, linear=None, gaussian=None), index="site").ci_test
        == "chisq"
    )
    assert choose(profile(["continuous"] * 4, n=300, linear=False), index="t").ci_test == "kci"


def test_rule_2_discrete_data_gives_pc_chisq():
    c = choose(profile(["discrete", "binary", "categorical"], linear=None, gaussian=None))
    assert (c.algorithm, c.ci_test, c.rule) == ("pc", "chisq", 2)
    assert "discrete" in c.reason


def test_rule_3_linear_nongaussian_gives_direct_lingam():
    c = choose(profile(["continuous"] * 5, gaussian=False))
    assert (c.algorithm, c.rule) == ("direct_lingam", 3)
    assert "non-Gaussian" in c.reason


def test_rule_4_nonlinear_small_n_gives_pc_kci_and_large_n_falls_back():
    c = choose(profile(["continuous"] * 5, n=400, linear=False))
    assert (c.algorithm, c.ci_test, c.rule) == ("pc", "kci", 4)
    big = choose(profile(["continuous"] * 5, n=5000, linear=False))
    assert (big.algorithm, big.ci_test, big.rule) == ("pc", "fisherz", 6)
    assert "KCI" in big.reason
    # The settings' KCI limit also bounds the automatic choice.
    assert (
        choose(profile(["continuous"] * 5, n=400, linear=False), kci_max_n=300).ci_test == "fisherz"
    )


def test_rule_5_small_p_gives_exact_then_ges():
    assert choose(profile(["continuous"] * 8)).algorithm == "exact"
    c = choose(profile(["continuous"] * 12))
    assert (c.algorithm, c.score, c.rule) == ("ges", "bic", 5)


def test_rule_6_default_is_pc_fisherz():
    c = choose(profile(["continuous"] * 20))
    assert (c.algorithm, c.ci_test, c.rule) == ("pc", "fisherz", 6)
    wide_mixed = choose(profile(["continuous"] * 40 + ["binary"]))
    assert (wide_mixed.algorithm, wide_mixed.ci_test) == ("pc", "fisherz")
    assert "treated as numbers" in wide_mixed.reason


def test_mixed_binary_and_continuous_columns_give_boss():
    mixed = choose(profile(["continuous"] * 3 + ["binary", "categorical"]))
    assert (mixed.algorithm, mixed.score, mixed.rule) == ("boss", "bic", 5)
    assert "2 of the 5 columns are binary or discrete" in mixed.reason


@pytest.mark.parametrize(
    "name, algorithm, test",
    [
        ("linear_gaussian", "exact", None),
        ("linear_nongaussian", "direct_lingam", None),
        ("discrete", "pc", "chisq"),
        ("multidomain", "cdnod", "fisherz"),
    ],
)
def test_auto_on_the_example_datasets(examples_dir, name, algorithm, test):
    r = discover(examples_dir / "data" / f"{name}.csv")
    assert (r.algorithm, r.ci_test) == (algorithm, test)
    assert r.reason.startswith("Chosen automatically (rule")


def test_auto_with_a_ci_test_runs_a_constraint_based_method(examples_dir):
    r = discover(examples_dir / "data" / "linear_gaussian.csv", ci_test="fisherz")
    assert (r.algorithm, r.ci_test) == ("pc", "fisherz")


def test_algorithm_names_are_normalised_and_unknown_ones_suggest():
    assert normalize_algorithm("Direct-LiNGAM") == "direct_lingam"
    assert normalize_algorithm("CD-NOD") == "cdnod"
    assert normalize_algorithm("PC") == "pc"
    with pytest.raises(InputError, match="Unknown algorithm 'gess'") as exc:
        normalize_algorithm("gess")
    assert "ges" in exc.value.hint
