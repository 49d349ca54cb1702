"""A treatment written as text levels: the effect compares the levels the table uses, and the
answer and report say them rather than the codes 0 and 1."""

import numpy as np
import pandas as pd

from copilot.agents.answer import compose_answer
from copilot.tools.estimation import estimate_effect


def test_text_levels_reach_the_result_and_the_answer(tmp_path):
    rng = np.random.default_rng(3)
    n = 800
    age = rng.normal(40, 10, n)
    coached = rng.random(n) < 1 / (1 + np.exp(-0.05 * (age - 40)))
    score = 50 + 4.0 * coached + 0.3 * (age - 40) + rng.normal(0, 3, n)
    path = tmp_path / "coach.csv"
    pd.DataFrame({"age": age, "coached": np.where(coached, "yes", "no"), "score": score}).to_csv(
        path, index=False
    )
    res = estimate_effect(path, "coached", "score", refute=False)
    assert res.treatment_labels == ("no", "yes")
    assert res.ci[0] <= 4.0 <= res.ci[1]
    record = {"tool": "estimate_effect", "ok": True, "result": res.to_json_dict()}
    text = compose_answer("does coaching raise the score?", [record], {})
    assert "changing coached from no to yes" in text


def _readmissions(seed: int, n: int = 1500) -> pd.DataFrame:
    """A program that lowers the risk of readmission by 0.06, chosen more by older smokers."""
    rng = np.random.default_rng(seed)
    age = rng.normal(50, 10, n)
    smoker = rng.binomial(1, 0.3, n)
    program = rng.binomial(1, 1 / (1 + np.exp(-(-0.5 + 0.05 * (age - 50) + 0.8 * smoker))))
    risk = 0.15 + 0.004 * (age - 50) + 0.1 * smoker - 0.06 * program
    event = rng.random(n) < risk
    return pd.DataFrame(
        {
            "age": age,
            "smoker": np.where(smoker, "yes", "no"),
            "program": program,
            "status": np.where(event, "readmitted", "well"),
        }
    )


def test_a_two_level_text_outcome_is_the_share_of_its_event(tmp_path):
    path = tmp_path / "ward.csv"
    _readmissions(4).to_csv(path, index=False)
    res = estimate_effect(path, "program", "status", refute=False)
    # the rarer level is the event (although it sorts first): the effect is on the share
    # readmitted
    assert res.outcome_labels == ("well", "readmitted")
    assert res.ci[0] <= -0.06 <= res.ci[1] and res.ci[1] < 0
    assert any("status read as 1 = 'readmitted'" in n for n in res.notes)
    record = {"tool": "estimate_effect", "ok": True, "result": res.to_json_dict()}
    text = compose_answer("does the program change the status?", [record], {})
    assert "changes the share of status = 'readmitted' by" in text
    from copilot.report import _estimate_section

    section = _estimate_section({**record["result"], "artifacts": []}, None, [])
    rows = [b for b in section.blocks if b[0] == "table"][0][2]
    assert "change in the share of status = 'readmitted' when program goes" in rows[0][1]


def test_a_yes_no_outcome_counts_yes_whatever_its_share():
    from copilot.tools.data import load_table

    df = _readmissions(5)
    # "yes" is the commoner level here, and still the event
    df["stayed_home"] = np.where(df.pop("status") == "well", "yes", "no")
    ds = load_table(df)
    before = {k: dict(v) for k, v in ds.encoding.items()}
    res = estimate_effect(ds, "program", "stayed_home", refute=False)
    assert res.outcome_labels == ("no", "yes")
    assert res.ci[0] <= 0.06 <= res.ci[1]
    assert ds.encoding == before  # the caller's dataset keeps its own coding
