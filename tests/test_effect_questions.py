"""Questions about an effect that the estimate alone does not answer, asked end to end through
the offline agent on simulated data with a known answer: is the relationship confounded, what
if the treatment were doubled, does the answer depend on the method, are there missing values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copilot import Copilot
from copilot.agents import effect_focus as ef
from copilot.errors import InputError

N = 500
EFFECT = 2.0


def clinic(seed: int = 0) -> pd.DataFrame:
    """severity confounds dose and recovery: dose = 1 + severity + noise, recovery = 2 dose +
    3 severity + noise, so the naive slope (about 3.5) overstates the effect (2)."""
    rng = np.random.default_rng(seed)
    severity = rng.normal(0, 1, N)
    dose = 1 + severity + rng.normal(0, 1, N)
    recovery = EFFECT * dose + 3 * severity + rng.normal(0, 1, N)
    return pd.DataFrame({"severity": severity, "dose_mg": dose, "recovery_days": recovery})


@pytest.fixture
def graph(tmp_path):
    g = tmp_path / "clinic.dot"
    g.write_text(
        "digraph { severity -> dose_mg; severity -> recovery_days; dose_mg -> recovery_days; }\n"
    )
    return g


def test_a_confounding_question_gets_yes_with_naive_and_adjusted(workspace_dir, graph):
    ans = Copilot(workspace=workspace_dir).ask(
        f"is the relationship between dose and recovery time confounded at alpha 0.01? use {graph} "
        "as the graph",
        data=clinic(),
    )
    (res,) = [r["result"] for r in ans.results]
    conf = res["confounding"]
    assert conf["confounded"] is True and conf["adjustment_set"] == ["severity"]
    assert abs(conf["naive"] - 3.5) < 0.2  # cov(dose, recovery) / var(dose) = (2*2 + 3) / 2
    lo, hi = conf["adjusted_ci"]
    assert lo <= EFFECT <= hi
    assert ans.text.startswith(
        "Yes, the relationship between dose_mg and recovery_days is confounded"
    )
    assert "naive (unadjusted)" in ans.text and "adjusted" in ans.text
    # what the question asked for but the estimate cannot use is said in the answer
    assert "Not used: alpha 0.01: effect estimates report 95% confidence intervals" in ans.text


def test_a_what_if_question_gets_the_scenario_change_with_its_interval(workspace_dir, graph):
    data = clinic()
    ans = Copilot(workspace=workspace_dir).ask(
        f"what if we double the dose, what happens to recovery days? graph: {graph}", data=data
    )
    (res,) = [r["result"] for r in ans.results]
    wi = res["what_if"]
    assert wi["op"] == "scale" and wi["value"] == 2.0
    truth = EFFECT * data["dose_mg"].mean()  # every unit's dose rises by its own dose
    lo, hi = wi["ci"]
    assert lo <= truth <= hi and abs(wi["change"] - truth) < 0.15
    assert "What if: multiplying dose_mg by 2 changes recovery_days by" in ans.text


def test_comparing_methods_runs_each_and_says_whether_they_agree(workspace_dir, tmp_path):
    rng = np.random.default_rng(1)
    z = rng.normal(0, 1, N)
    drug = (rng.normal(0, 1, N) + z > 0).astype(int)
    recovery = 1.5 * drug + z + rng.normal(0, 1, N)
    df = pd.DataFrame({"z": z, "new_drug": drug, "recovery": recovery})
    g = tmp_path / "g.dot"
    g.write_text("digraph { z -> new_drug; z -> recovery; new_drug -> recovery; }\n")
    ans = Copilot(workspace=workspace_dir).ask(
        f"compare regression and IPW for the effect of the new drug on recovery, graph {g}",
        data=df,
    )
    (res,) = [r["result"] for r in ans.results]
    rows = {r["method"]: r for r in res["comparison"]}
    assert set(rows) == {"linear_regression", "weighting"}
    for row in rows.values():
        assert row["ci"][0] <= 1.5 <= row["ci"][1]
    assert "The methods agree" in ans.text


def test_a_missing_values_question_gets_the_counts(workspace_dir):
    df = clinic().iloc[:200].copy()
    df.loc[:9, "dose_mg"] = np.nan
    df.loc[5:7, "severity"] = np.nan
    ans = Copilot(workspace=workspace_dir).ask("any missing values?", data=df)
    (res,) = [r["result"] for r in ans.results]
    m = res["missing"]
    assert m["counts"] == {"severity": 3, "dose_mg": 10, "recovery_days": 0}
    assert m["rows_with_missing"] == 10 and m["rows_analysed"] == 190
    assert ans.text.startswith("Missing values in")
    assert "dose_mg: 10, severity: 3" in ans.text


class _Est:
    treatment, treatment_kind, treatment_values = "drug", "binary", (0.0, 1.0)
    ate, ci = 1.5, (1.2, 1.8)


def test_what_if_on_a_binary_treatment_counts_the_units_that_switch():
    out = ef.what_if(_Est(), [0, 0, 0, 1], [1, 1, 1, 1], {"op": "set", "value": 1})
    assert out["treatment_change"] == pytest.approx(0.75)  # three of four units switch on
    assert out["change"] == pytest.approx(1.125) and out["ci"] == pytest.approx([0.9, 1.35])
    with pytest.raises(InputError, match="binary"):
        ef.what_if(_Est(), [0, 1], [1, 1], {"op": "scale", "value": 2})
    with pytest.raises(InputError, match="Unknown what-if operation"):
        ef.check_what_if({"op": "multiply", "value": 2})
