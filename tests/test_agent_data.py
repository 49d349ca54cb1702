"""The offline agent answers a mediation question with the real tools, on simulated data with
known direct and indirect effects."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copilot import Copilot


def test_mediation_question_recovers_the_known_direct_and_indirect_effects(tmp_path):
    rng = np.random.default_rng(5)
    n = 600
    z = rng.normal(size=n)
    x = 0.8 * z + rng.normal(size=n)
    m = 0.5 * x + rng.normal(size=n)  # indirect effect 0.5 * 1.0
    y = 1.0 * m + 0.7 * x + 0.6 * z + rng.normal(size=n)  # direct effect 0.7
    frame = pd.DataFrame({"Z": z, "X": x, "M": m, "Y": y})
    dot = tmp_path / "sim.dot"
    dot.write_text("digraph { Z -> X; Z -> Y; X -> M; M -> Y; X -> Y; }")
    with Copilot(workspace=tmp_path / "ws") as cp:
        a = cp.ask(
            f"How much of x's effect on y goes through m, given the graph {dot}?",
            data={"sim": frame},
        )
        [step] = a.steps
        assert step.ok and step.args == {
            "dataset": "sim",
            "treatment": "X",
            "outcome": "Y",
            "mediator": "M",
            "graph": str(dot),
        }
        med = a.results[0]["result"]["mediation"]
        assert (
            med["nie_ci"][0] <= 0.5 <= med["nie_ci"][1]
            and med["nde_ci"][0] <= 0.7 <= med["nde_ci"][1]
        )
        assert "Through M: indirect effect" in a.text and "Adjusted for: Z." in a.text
        # the share is of the total the mediation model gives, and the answer says which total
        assert f"together {med['total']:.3g} in the mediation model" in a.text, a.text
        assert abs(med["nde"] + med["nie"] - med["total"]) < 1e-9


def test_a_question_that_names_a_data_file_is_about_that_file(tmp_path, monkeypatch):
    import pytest

    from copilot.errors import DataError

    rng = np.random.default_rng(2)
    n = 400
    z = rng.normal(size=n)
    x = 0.8 * z + rng.normal(size=n)
    y = 1.5 * x + z + rng.normal(size=n)
    pd.DataFrame({"zone": z, "ads": x, "sales": y}).to_csv(tmp_path / "shop.csv", index=False)
    monkeypatch.chdir(tmp_path)
    with Copilot(workspace=tmp_path / "ws") as cp:
        with pytest.raises(DataError, match="gone.csv, named in the question, does not exist"):
            cp.ask("what is the effect of ads on sales in gone.csv?")
        a = cp.ask("what is the effect of ads on sales in shop.csv, assuming zone -> ads?")
        [step] = a.steps
        assert step.ok and step.args["dataset"] == "shop"
        assert [d.name for d in cp.workspace.datasets.values()] == ["shop"]
        # named again in the same session: the same dataset, not a second one
        cp.ask("what is the effect of ads on sales in shop.csv?", session=a.session_id)
        assert len(cp.workspace.datasets) == 1
