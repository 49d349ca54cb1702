"""Rows that repeat by a unit's id (visits per patient_id): the id is not adjusted for, and the
interval counts units. Simulated with a known effect, a unit-level confounder and a unit effect
on the outcome, so rows of one unit are correlated."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from copilot.cli import app
from copilot.errors import CopilotError, InputError
from copilot.tools.estimation import estimate_effect

TRUE = 0.7
GRAPH = "digraph { income -> program; income -> score; program -> score; visit -> score; }"


def visits(seed, units=120, per=5, ids="text", within=False):
    """`per` visits of each patient; `program` given per patient (or per visit with `within`)
    by income; a patient effect (SD 1.5 against a visit noise of 1) on the score."""
    rng = np.random.default_rng(1000 + seed)
    unit = np.repeat(np.arange(units), per)
    income = np.repeat(rng.normal(50, 15, units), per)
    u = np.repeat(rng.normal(0, 1.5, units), per)
    visit = np.tile(np.arange(per), units)
    if within:
        p = 1 / (1 + np.exp(-(income - 50) / 15 - 0.2 * (visit - 2)))
        program = (rng.random(units * per) < p).astype(int)
    else:
        p = 1 / (1 + np.exp(-(income[::per] - 50) / 12))
        program = np.repeat(rng.random(units) < p, per)
    score = TRUE * program + 0.05 * income + u + 0.2 * visit + rng.normal(0, 1, units * per)
    return pd.DataFrame(
        {
            "patient_id": [f"P-{i:05d}" for i in unit] if ids == "text" else unit + 1001,
            "visit": visit,
            "income": income.round(1),
            "program": program.astype(int),
            "score": score.round(3),
        }
    )


@pytest.fixture
def graph(tmp_path):
    path = tmp_path / "g.dot"
    path.write_text(GRAPH)
    return str(path)


def test_intervals_count_patients_and_cover_the_truth(graph):
    covered, plain_covered, factors = 0, 0, []
    for seed in range(20):
        df = visits(seed, ids="int")
        # the regression whose cluster-robust interval the widening reproduces exactly
        kw = dict(graph=graph, refute=False, method="linear_regression")
        est = estimate_effect(df, "program", "score", **kw)
        plain = estimate_effect(df, "program", "score", cluster="none", **kw)
        assert est.ate == pytest.approx(plain.ate)  # the same estimate, a wider interval
        assert est.adjustment_set == ["income"]
        factors.append((est.ci[1] - est.ci[0]) / (plain.ci[1] - plain.ci[0]))
        covered += est.ci[0] <= TRUE <= est.ci[1]
        plain_covered += plain.ci[0] <= TRUE <= plain.ci[1]
    # a treatment given per patient, residual correlation within a patient of about
    # 1.5^2 / (1.5^2 + 1) = 0.69 over 5 visits: a design effect near 1 + 4 * 0.69 = 3.8
    assert 1.6 < float(np.median(factors)) < 2.3
    assert covered >= 17, covered
    assert plain_covered <= 14, plain_covered  # counting visits as independent misses often


def test_a_text_id_is_not_a_covariate_and_the_answer_says_why():
    df = visits(7)
    # as a category, one level per patient decides a program given per patient outright: this
    # table was refused with "No overlap" before
    est = estimate_effect(df, "program", "score", refute=False)
    assert "patient_id" not in est.adjustment_set and "patient_id" not in est.roles
    assert est.ci[0] <= TRUE <= est.ci[1]
    note = next(n for n in est.notes if n.startswith("rows repeat by 'patient_id'"))
    assert "120 units, 5.0 rows each" in note and "widened" in note
    assert "is not a covariate, since the treatment is given per unit" in note
    assert "clustering by patient_id" in est.ci_kind


def test_a_treatment_that_varies_within_patients_is_widened_less(graph):
    kw = dict(graph=graph, refute=False, method="linear_regression")
    between = estimate_effect(visits(3), "program", "score", **kw)
    within = estimate_effect(visits(3, within=True), "program", "score", **kw)

    def factor(est):
        note = next(n for n in est.notes if n.startswith("rows repeat by"))
        return float(note.split("widened ")[1].split("x")[0])

    # a within-patient contrast is compared inside each patient, where the patient effect
    # cancels in part: a smaller design effect than for a treatment given per patient
    assert factor(within) < factor(between) - 0.3
    # there the id stays in the data (a graph or the covariate roles may adjust for it)
    assert "stays in the analysis" in next(n for n in within.notes if "rows repeat" in n)
    assert "is not a covariate" in next(n for n in between.notes if "rows repeat" in n)


def test_rows_that_do_not_repeat_change_nothing(tmp_path):
    df = visits(1, per=1, units=400).rename(columns={"patient_id": "order_id"})
    path = tmp_path / "g.dot"  # one visit each: `visit` is constant and dropped
    path.write_text("digraph { income -> program; income -> score; program -> score; }")
    kw = dict(graph=str(path), refute=False, method="linear_regression")
    est = estimate_effect(df, "program", "score", **kw)
    off = estimate_effect(df, "program", "score", cluster="none", **kw)
    assert est.ci == off.ci and not any("repeat" in n for n in est.notes)


def test_a_named_cluster_column_is_checked():
    df = visits(2)
    df["ward"] = np.where(df["income"] > 50, "north", "south")
    with pytest.raises(InputError, match="a cluster column needs at least 10 units"):
        estimate_effect(df, "program", "score", cluster="ward", refute=False)
    with pytest.raises(InputError, match="cannot also be the unit"):
        estimate_effect(df, "program", "score", cluster="program", refute=False)
    with pytest.raises(CopilotError, match="did you mean 'patient_id'"):
        estimate_effect(df, "program", "score", cluster="patient", refute=False)


def test_each_level_of_a_categorical_treatment_is_widened(tmp_path):
    rng = np.random.default_rng(5)
    df = visits(4)
    per_patient = rng.choice(["none", "email", "call"], size=df["patient_id"].nunique())
    df["contact"] = per_patient[pd.factorize(df["patient_id"])[0]]
    df["score"] += np.where(df["contact"] == "call", 1.0, 0.0)
    path = tmp_path / "g.dot"
    path.write_text(GRAPH.replace("program", "contact"))
    kw = dict(graph=str(path), refute=False, method="linear_regression")
    est = estimate_effect(df, "contact", "score", **kw)
    plain = estimate_effect(df, "contact", "score", cluster="none", **kw)
    for c, p in zip(est.contrasts, plain.contrasts, strict=True):
        assert c.level == p.level and c.ate == pytest.approx(p.ate)
        assert c.ci[1] - c.ci[0] > 1.4 * (p.ci[1] - p.ci[0])
    assert "design effect by level" in next(n for n in est.notes if "rows repeat" in n)


def test_cli_takes_the_cluster_column_and_refuses_a_bad_one(tmp_path, graph):
    data = tmp_path / "visits.csv"
    visits(6).rename(columns={"patient_id": "patient"}).to_csv(data, index=False)
    args = ["estimate", str(data), "-t", "program", "-y", "score", "--graph", graph, "-m", "ols"]
    res = CliRunner().invoke(app, [*args, "--no-refute", "--json", "--cluster", "patient"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert "clustering by patient" in out["ci_kind"]
    assert out["graph_source"].startswith("file ")  # the graph file is still named as given
    res = CliRunner().invoke(app, [*args, "--no-refute", "--cluster", "visit_no"])
    assert res.exit_code == 2 and "visit_no" in res.output and "Traceback" not in res.output


def hours_per_visit(seed, units=120, per=5):
    """`program` (per patient) raises weekly `hours` by 1.0, and each hour the score by 0.6, next
    to a direct effect of 0.5 (NDE 0.5, NIE 0.6); patient effects on the mediator and the
    outcome (SD 1.5 against a visit noise of 1)."""
    rng = np.random.default_rng(2000 + seed)
    unit = np.repeat(np.arange(units), per)
    income = np.repeat(rng.normal(50, 15, units), per)
    program = np.repeat(rng.random(units) < 1 / (1 + np.exp(-(income[::per] - 50) / 12)), per)
    u_hours = np.repeat(rng.normal(0, 1.5, units), per)
    u_score = np.repeat(rng.normal(0, 1.5, units), per)
    hours = 1.0 * program + 0.02 * income + u_hours + rng.normal(0, 1, units * per)
    score = 0.5 * program + 0.6 * hours + 0.05 * income + u_score + rng.normal(0, 1, units * per)
    return pd.DataFrame(
        {
            "patient_id": unit + 1001,
            "income": income.round(1),
            "program": program.astype(int),
            "hours": hours.round(3),
            "score": score.round(3),
        }
    )


MEDIATED = (
    "digraph { income -> program; income -> hours; income -> score; program -> hours; "
    "hours -> score; program -> score; }"
)


def test_direct_and_indirect_effects_count_patients(tmp_path):
    path = tmp_path / "m.dot"
    path.write_text(MEDIATED)
    kw = dict(graph=str(path), mediator="hours", refute=False, n_boot=50)
    for seed in range(8):
        m = estimate_effect(hours_per_visit(seed), "program", "score", **kw).mediation
        assert m.nde_ci[0] <= 0.5 <= m.nde_ci[1], (seed, m.nde, m.nde_ci)
        assert m.nie_ci[0] <= 0.6 <= m.nie_ci[1], (seed, m.nie, m.nie_ci)
    # seed 5: resampling visits as if independent misses both effects
    est = estimate_effect(hours_per_visit(5), "program", "score", **kw)
    plain = estimate_effect(hours_per_visit(5), "program", "score", cluster="none", **kw).mediation
    assert not plain.nde_ci[0] <= 0.5 <= plain.nde_ci[1]
    assert not plain.nie_ci[0] <= 0.6 <= plain.nie_ci[1]
    m = est.mediation
    assert (m.nde, m.nie) == pytest.approx((plain.nde, plain.nie))
    for wide, narrow in ((m.nde_ci, plain.nde_ci), (m.nie_ci, plain.nie_ci)):
        assert 1.6 < (wide[1] - wide[0]) / (narrow[1] - narrow[0]) < 2.5
    assert any("direct and indirect effects through 'hours' are widened" in n for n in est.notes)


def test_each_subgroup_interval_is_widened_by_its_own_design_effect(graph):
    kw = dict(graph=graph, by="income", refute=False, n_boot=50, method="linear_regression")
    est = estimate_effect(visits(0, ids="int"), "program", "score", **kw)
    plain = estimate_effect(visits(0, ids="int"), "program", "score", cluster="none", **kw)
    note = next(n for n in est.notes if "subgroup intervals widened" in n)
    assert len(est.subgroups) == len(plain.subgroups) == 4
    for sub, flat in zip(est.subgroups, plain.subgroups, strict=True):
        assert sub.group == flat.group and sub.ate == pytest.approx(flat.ate)
        ratio = (sub.ci[1] - sub.ci[0]) / (flat.ci[1] - flat.ci[0])
        deff = float(note.split(f"{sub.group} ")[1].split(",")[0].rstrip(")"))
        assert ratio == pytest.approx(np.sqrt(deff), rel=0.02)
        assert ratio > 1.3  # 5 visits of one patient: a design effect well above 1
