"""`algorithm="auto"` makes the documented choice for each kind of data, and says why."""

from __future__ import annotations

import pytest

from copilot.errors import InputError
from copilot.tools.data import ColumnProfile, DatasetProfile
from copilot.tools.discovery import choose_algorithm, discover, normalize_algorithm
from copilot.tools.graph import CausalGraph, compare_graphs, dag_to_cpdag


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


def test_rule_2_discrete_data_gives_boss_bdeu_then_ges_bdeu_then_pc_chisq_as_it_grows():
    c = choose(profile(["discrete", "binary", "categorical"], linear=None, gaussian=None))
    assert (c.algorithm, c.score, c.ci_test, c.rule) == ("boss", "bdeu", None, 2)
    assert "all 3 columns are discrete" in c.reason and "BDeu" in c.reason
    wider = choose(profile(["binary"] * 26, n=1000, linear=None, gaussian=None))
    assert (wider.algorithm, wider.score, wider.rule) == ("ges", "bdeu", 2)
    assert "26 columns, BOSS would take minutes" in wider.reason
    taller = choose(profile(["binary"] * 20, n=10_000, linear=None, gaussian=None))
    assert (taller.algorithm, taller.score) == ("ges", "bdeu")
    assert "200,000 cells" in taller.reason
    wide = choose(profile(["binary"] * 61, linear=None, gaussian=None))
    assert (wide.algorithm, wide.ci_test, wide.rule) == ("pc", "chisq", 2)
    assert "61 columns" in wide.reason
    tall = choose(profile(["binary"] * 20, n=60_000, linear=None, gaussian=None))
    assert (tall.algorithm, tall.ci_test) == ("pc", "chisq")
    assert "1,200,000 cells" in tall.reason


def test_rule_3_linear_nongaussian_gives_direct_lingam_then_ica_lingam_when_wide():
    c = choose(profile(["continuous"] * 5, gaussian=False))
    assert (c.algorithm, c.rule) == ("direct_lingam", 3)
    assert "non-Gaussian" in c.reason
    assert choose(profile(["continuous"] * 40, n=4000, gaussian=False)).algorithm == "direct_lingam"
    wide = choose(profile(["continuous"] * 40, n=5000, gaussian=False))
    assert (wide.algorithm, wide.rule) == ("ica_lingam", 3)
    assert "40 columns and 5000 rows" in wide.reason and "p cubed" in wide.reason


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


def test_rule_5_linear_data_up_to_40_columns_give_boss_bic():
    for p in (3, 8, 15, 40):
        c = choose(profile(["continuous"] * p))
        assert (c.algorithm, c.score, c.rule) == ("boss", "bic", 5), p
    assert "continuous and look linear" in c.reason


def test_rule_6_default_is_pc_fisherz():
    c = choose(profile(["continuous"] * 41))
    assert (c.algorithm, c.ci_test, c.rule) == ("pc", "fisherz", 6)
    wide_mixed = choose(profile(["continuous"] * 40 + ["binary"]))
    assert (wide_mixed.algorithm, wide_mixed.ci_test) == ("pc", "fisherz")
    assert "treated as numbers" in wide_mixed.reason


def test_mixed_columns_give_boss_with_bic_or_the_dg_score():
    binary = choose(profile(["continuous"] * 3 + ["binary", "binary"]))
    assert (binary.algorithm, binary.score, binary.rule) == ("boss", "bic", 5)
    assert "2 of the 5 columns are binary" in binary.reason
    mixed = choose(profile(["continuous"] * 3 + ["binary", "categorical"]))
    assert (mixed.algorithm, mixed.score, mixed.rule) == ("boss", "dg", 5)
    assert "degenerate Gaussian" in mixed.reason and "1 column(s) with 3 or more" in mixed.reason


@pytest.mark.parametrize(
    "name, algorithm, test",
    [
        ("linear_gaussian", "boss", None),
        ("linear_nongaussian", "direct_lingam", None),
        ("discrete", "boss", None),
        ("multidomain", "cdnod", "fisherz"),
    ],
)
def test_auto_on_the_example_datasets_recovers_the_true_graph(examples_dir, name, algorithm, test):
    r = discover(examples_dir / "data" / f"{name}.csv")
    assert (r.algorithm, r.ci_test) == (algorithm, test)
    assert r.reason.startswith("Chosen automatically (rule")
    if name == "multidomain":  # CD-NOD's graph holds the domain index too
        return
    truth = CausalGraph.load(examples_dir / "data" / f"{name}.truth.json")
    if name != "linear_nongaussian":  # LiNGAM identifies the DAG; the others its class
        truth = dag_to_cpdag(truth)
    m = compare_graphs(r.graph, truth)
    assert m.shd == 0, (name, m)


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
