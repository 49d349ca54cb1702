"""The agent on model questions: the offline planner drives the real probing tools on a tiny
gated transformer registered through the Python API (random weights: this checks the wiring,
the numbers' provenance and the answers, not what a trained model learned)."""

from __future__ import annotations

import pytest

torch = pytest.importorskip("torch")

from copilot import Copilot  # noqa: E402


@pytest.fixture(scope="module")
def tiny_model():
    from copilot.tools.probing.model import GatedTransformer, ModelConfig

    torch.manual_seed(0)
    cfg = ModelConfig(
        vocab_size=32,
        n_layers=2,
        n_heads=2,
        d_model=16,
        d_mlp=32,
        max_seq_len=48,
        gate="headwise",
        meta={"task_length": 8},
    )
    return GatedTransformer(cfg).eval()


@pytest.fixture
def copilot(tmp_path, tiny_model):
    with Copilot(workspace=tmp_path) as cp:
        cp.workspace.add_model(tiny_model, "tiny")
        yield cp


def test_find_induction_heads_and_gate_statistics(copilot):
    answer = copilot.ask("find induction heads")
    assert [(s.tool, s.args, s.ok) for s in answer.steps] == [
        ("head_scores", {"model": "tiny", "score": "induction"}, True)
    ]
    top = answer.results[0]["result"]["focus"]["top"]
    assert len(top) == 4 and top[0]["value"] >= top[-1]["value"]
    assert (
        f"L{top[0]['layer']}H{top[0]['head']}" in answer.text and "induction score" in answer.text
    )
    assert any(a.endswith(".png") for a in answer.artifacts)
    answer = copilot.ask("show the gate statistics", session=answer.session_id)
    assert "Gate statistics (headwise gating): mean gate" in answer.text


def test_ablate_one_head_reports_the_effect_with_its_interval(copilot):
    answer = copilot.ask("ablate head 1.0")
    [step] = answer.steps
    assert step.tool == "head_ablation" and step.ok and step.args["heads"] == ["1.0"]
    [head] = answer.results[0]["result"]["heads"]
    assert (head["layer"], head["head"]) == (1, 0)
    lo, hi = head["ci"]
    assert lo <= head["effect"] <= hi
    assert "Ablating head L1H0 changes loss by" in answer.text


def test_out_of_range_head_is_a_clear_error(copilot):
    answer = copilot.ask("ablate head 5.0")
    assert not answer.steps[0].ok and "layer" in answer.steps[0].error.lower()
    assert "The head_ablation step failed" in answer.text
