"""Time order from column names: the lexicon, and its use when no graph is given."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from copilot.cli import app
from copilot.tools.estimation import estimate_effect
from copilot.tools.estimation.column_time import (
    AFTER,
    BEFORE,
    FIXED,
    name_words,
    time_cue,
    time_cues,
)

runner = CliRunner()


@pytest.mark.parametrize(
    "name, kind, words",
    [
        ("age", FIXED, "age"),
        ("reader_age", FIXED, "age"),
        ("ageAtEntry", FIXED, "age"),
        ("Sex", FIXED, "sex"),
        ("gender", FIXED, "gender"),
        ("ethnicity", FIXED, "ethnicity"),
        ("race", FIXED, "race"),
        ("YearOfBirth", FIXED, "year of birth"),
        ("birth_year", FIXED, "birth year"),
        ("country_of_birth", FIXED, "country of birth"),
        ("native_language", FIXED, "native language"),
        ("BloodType", FIXED, "blood type"),
        ("genotype", FIXED, "genotype"),
        ("baseline_sbp", BEFORE, "baseline"),
        ("HbA1cBaseline", BEFORE, "baseline"),
        ("priorFalls", BEFORE, "prior"),
        ("pre_score", BEFORE, "pre"),
        ("previous_purchases", BEFORE, "previous"),
        ("initial_soil_n", BEFORE, "initial"),
        ("visits_last_year", BEFORE, "last year"),
        ("weight_at_enrolment", BEFORE, "at enrolment"),
        ("score_before", BEFORE, "before"),
        ("weight_post", AFTER, "post"),
        ("FollowUpScore", AFTER, "follow up"),
        ("followup_clicks", AFTER, "followup"),
        ("mobility_after", AFTER, "after"),
        ("next_visit", AFTER, "next"),
    ],
)
def test_cue_words(name, kind, words):
    cue = time_cue(name)
    assert cue is not None and cue.kind == kind and cue.words == words


@pytest.mark.parametrize(
    "name",
    [
        "stage",
        "school_stage",
        "page_views",
        "storage_gb",
        "wage",
        "average_spend",
        "mileage",
        "prevalence",
        "pregnant",
        "aftercare",
        "postcode",
        "post_code",
        "race_time_s",  # a sports race, not a fixed attribute
        "last_review_grade",  # "last" without a period says nothing about the treatment
        "age_at_followup",  # fixed and after: no single time
        "pre_post_change",
        "income",
    ],
)
def test_substrings_and_mixed_words_get_no_cue(name):
    assert time_cue(name) is None


def test_name_words_split_case_digits_and_separators():
    assert name_words("priorFalls_2y") == ["prior", "falls", "2", "y"]
    assert name_words("HbA1c-Baseline value") == ["hb", "a", "1", "c", "baseline", "value"]


def test_treatment_and_outcome_are_never_cued():
    cues = time_cues(["baseline_dose", "post_score", "age", "stage"], "baseline_dose", "post_score")
    assert set(cues) == {"age"}


# -- in estimates without a graph ----------------------------------------------------------------


def cancelling_confounder(name: str, n: int = 1000, seed: int = 0) -> pd.DataFrame:
    """A confounder whose path cancels the effect in the marginal association (true effect
    0.5): the data alone read it as a common effect of treatment and outcome."""
    r = np.random.default_rng(seed)
    c = r.normal(0, 1, n)
    t = c + r.normal(0, 1, n)
    y = 0.5 * t - 1.0 * c + r.normal(0, 1, n)
    return pd.DataFrame({name: c, "dose": t, "response": y})


def estimate(df, t, y, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return estimate_effect(df, t, y, refute=False, seed=0, **kw)


def test_baseline_name_fixes_a_confounder_the_data_read_as_a_collider():
    est = estimate(cancelling_confounder("baseline_score"), "dose", "response")
    role = est.roles["baseline_score"]
    assert role.adjusted and role.role == "confounder"
    assert "baseline" in role.name_cue and "fixed before the treatment" in role.evidence
    assert est.adjustment_set == ["baseline_score"]
    assert est.ci[0] <= 0.5 <= est.ci[1] and abs(est.ate - 0.5) < 0.08
    assert "baseline_score (baseline)" in est.assumption
    # the data alone (the override) leave it out as a collider
    alone = estimate(cancelling_confounder("baseline_score"), "dose", "response", name_order=False)
    assert not alone.roles["baseline_score"].adjusted
    assert alone.roles["baseline_score"].name_cue is None
    assert abs(alone.ate - 0.5) > 0.3


def test_a_cue_word_inside_another_word_changes_nothing():
    est = estimate(cancelling_confounder("stage_score"), "dose", "response")
    assert est.roles["stage_score"].name_cue is None
    assert not est.roles["stage_score"].adjusted
    assert "fixed before" not in est.assumption


def mediator_table(name: str, n: int = 800, seed: int = 0) -> pd.DataFrame:
    """A mediator in a linear-Gaussian complete triangle (true total effect 0.5 + 0.8 * 0.7)."""
    r = np.random.default_rng(seed)
    x = r.normal(0, 1, n)
    t = 0.8 * x + r.normal(0, 1, n)
    m = 0.8 * t + r.normal(0, 1, n)
    y = 0.5 * t + 0.7 * m + 0.6 * x + r.normal(0, 1, n)
    return pd.DataFrame({"region_index": x, "coaching": t, name: m, "score": y})


def test_after_name_breaks_a_tie_the_data_leave_open():
    truth = 0.5 + 0.8 * 0.7
    est = estimate(mediator_table("followup_visits"), "coaching", "score")
    role = est.roles["followup_visits"]
    assert not role.adjusted and "measured after the treatment" in role.name_cue
    assert est.ci[0] <= truth <= est.ci[1]
    # the other reading is shown beside it
    assert "followup_visits" in est.alternative["columns"]
    neutral = estimate(mediator_table("visit_count"), "coaching", "score")
    # no cue: region_index and visit_count cannot both cause coaching (no v-structure there)
    # and the data do not say which one does, so both readings are shown
    assert neutral.roles["visit_count"].name_cue is None
    assert {"visit_count", "region_index"} <= set(neutral.alternative["columns"])
    assert neutral.ci[0] <= truth <= neutral.ci[1]
    off = estimate(mediator_table("followup_visits"), "coaching", "score", name_order=False)
    assert off.roles["followup_visits"].name_cue is None
    assert "followup_visits" in off.alternative["columns"]


def test_after_name_never_overrides_an_orientation_the_data_make():
    """A column named like a later measurement that the data orient before the treatment (two
    independent causes make a v-structure at it, Meek's rule carries the arrow on)."""
    r = np.random.default_rng(0)
    n = 1000
    a, b = r.normal(0, 1, n), r.normal(0, 1, n)
    c = a + b + r.normal(0, 1, n)
    t = 0.7 * c + r.normal(0, 1, n)
    y = 1.0 * t + 0.8 * c + r.normal(0, 1, n)
    df = pd.DataFrame({"weather_a": a, "weather_b": b, "post_volume": c, "dose": t, "response": y})
    est = estimate(df, "dose", "response")
    role = est.roles["post_volume"]
    assert role.adjusted and "the data are followed" in role.evidence
    assert est.ci[0] <= 1.0 <= est.ci[1]


def descendant_of_treatment(name: str, n: int = 800, seed: int = 0) -> pd.DataFrame:
    """A column caused by the treatment and three independent columns (a v-structure the data
    show clearly): no graph with it before the treatment fits nearly as well. True effect 1."""
    r = np.random.default_rng(seed)
    a, b, d, t = (r.normal(0, 1, n) for _ in range(4))
    y = t + r.normal(0, 1, n)
    c = t + a + b + d + r.normal(0, 0.5, n)
    return pd.DataFrame(
        {"weather_index": a, "traffic_index": b, "fuel_index": d, name: c, "dose": t, "response": y}
    )


def test_clear_evidence_against_a_before_name_is_followed():
    est = estimate(descendant_of_treatment("prior_visits"), "dose", "response")
    role = est.roles["prior_visits"]
    assert role.name_cue is None and not role.adjusted
    assert "the data are followed and the name is not used" in role.evidence
    assert any("the clear evidence is followed, not the name" in n for n in est.notes)
    assert est.ci[0] <= 1.0 <= est.ci[1]


def test_a_fixed_attribute_keeps_its_cue_against_the_data_and_shows_the_other_reading():
    est = estimate(descendant_of_treatment("age"), "dose", "response")
    role = est.roles["age"]
    assert role.name_cue is not None and role.role in ("confounder", "instrument", "unrelated")
    assert "the data disagree" in role.evidence
    assert any(n.startswith("age: its name says") for n in est.notes)
    assert est.alternative is not None and est.alternative["columns"] == ["age"]
    assert est.ci[0] <= 1.0 <= est.ci[1]


def test_cli_reports_name_cues_and_switches_them_off(tmp_path):
    path = tmp_path / "cancel.csv"
    cancelling_confounder("prior_score").to_csv(path, index=False)
    base = ["estimate", str(path), "-t", "dose", "-y", "response", "--no-refute", "--json"]
    on = runner.invoke(app, base)
    assert on.exit_code == 0, on.output
    roles = json.loads(on.stdout)["roles"]
    assert roles["prior_score"]["adjusted"] and "prior" in roles["prior_score"]["name_cue"]
    off = runner.invoke(app, [*base, "--no-name-order"])
    assert off.exit_code == 0, off.output
    roles = json.loads(off.stdout)["roles"]
    assert roles["prior_score"]["name_cue"] is None and not roles["prior_score"]["adjusted"]
