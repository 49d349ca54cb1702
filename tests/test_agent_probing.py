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
    top = answer.results[0]["result"]["focus"]["top"]
    assert len(top) == 4 and top[0]["value"] >= top[-1]["value"]
    # the heads with the top scores (at least half the best) are checked by ablation
    checked = [f"{t['layer']}.{t['head']}" for t in top if t["value"] >= 0.5 * top[0]["value"]]
    assert [(s.tool, s.args, s.ok) for s in answer.steps] == [
        ("head_scores", {"model": "tiny", "score": "induction"}, True),
        ("head_ablation", {"model": "tiny", "behaviour": "induction", "heads": checked}, True),
    ]
    # random weights: attention patterns that look alike, and no head that matters
    assert "does not clearly hurt induction" in answer.text
    assert (
        f"L{top[0]['layer']}H{top[0]['head']}" in answer.text and "induction score" in answer.text
    )
    assert any(a.endswith(".png") for a in answer.artifacts)
    answer = copilot.ask("show the gate statistics", session=answer.session_id)
    assert "Gate statistics (headwise gating): mean gate" in answer.text


def test_induction_heads_of_the_demo_model_are_confirmed_by_ablation(tmp_path):
    from copilot.tools.probing.checkpoints import load_demo_model

    with Copilot(workspace=tmp_path) as cp:
        cp.workspace.add_model(load_demo_model(), "demo")
        answer = cp.ask("which heads do induction?")
    assert [s.tool for s in answer.steps] == ["head_scores", "head_ablation"]
    # the four layer-1 heads score about 0.5; each raises the loss by 0.78 to 1.06 nats
    assert sorted(answer.steps[1].args["heads"]) == ["1.0", "1.1", "1.2", "1.3"]
    assert "Check by ablation: each of the top-scoring heads, L1H" in answer.text
    assert "the scores and the ablation agree" in answer.text


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
    # the planner knows the model's shape: a layer it lacks is said, nothing runs
    answer = copilot.ask("ablate head 5.0")
    assert not answer.steps and "no layer 5" in answer.text and "numbered 0 to" in answer.text
