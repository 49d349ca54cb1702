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
