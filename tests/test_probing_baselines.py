"""Chance and uniform baselines of head scores, and the warnings for models at chance."""

from __future__ import annotations

import math

import pytest
import torch

from copilot.tools.probing.ablation import ablate_heads
from copilot.tools.probing.behaviours import chance_level, chance_warning, interval_warning
from copilot.tools.probing.checkpoints import load_demo_model
from copilot.tools.probing.model import GatedTransformer, ModelConfig
from copilot.tools.probing.scores import head_scores, uniform_baselines
from copilot.tools.probing.train import train_model


@pytest.fixture(scope="module")
def demo():
    return load_demo_model()


def _uniform_attention_model() -> GatedTransformer:
    """Queries of zero: every score is 0, so every head attends uniformly over what it sees."""
    torch.manual_seed(0)
    m = GatedTransformer(ModelConfig(vocab_size=64, n_layers=2, n_heads=2, d_model=16))
    with torch.no_grad():
        for block in m.layers:
            block.attn.q_proj.weight.zero_()
    return m.eval()


def test_sink_baseline_is_the_mean_of_one_over_visible_keys():
    # queries 1..31 of 2 x 16 tokens: mean of 1/(t+1) = (H_32 - 1) / 31
    h32 = sum(1 / k for k in range(1, 33))
    assert uniform_baselines(16)["attention_sink"] == pytest.approx((h32 - 1) / 31, abs=1e-12)
    assert uniform_baselines(16)["attention_sink"] == pytest.approx(0.0987, abs=1e-4)


def test_uniform_attention_scores_equal_their_baselines():
    res = head_scores(_uniform_attention_model(), n_prompts=4, half_length=8)
    for score, base in res.baseline.items():
        for row in res.grid(score):
            for v in row:
                assert v == pytest.approx(base, abs=1e-6)
    # no head clears its baseline, and the result says so for every score
    assert len(res.warnings) == 4
    assert "uniform attention" in res.summary()
    assert "baseline (uniform attention / chance): " in res.text_heatmap("attention_sink")


def test_demo_scores_warn_only_about_the_sink(demo):
    res = head_scores(demo, n_prompts=16)
    assert res.baseline["attention_sink"] == pytest.approx(uniform_baselines(16)["attention_sink"])
    assert [w.split("'s ")[1].split(" score")[0] for w in res.warnings] == ["attention-sink"]
    d = res.model_dump(mode="json")
    assert set(d["baseline"]) == {
        "induction",
        "previous_token",
        "duplicate_token",
        "attention_sink",
    }


def test_chance_levels():
    assert chance_level("loss", 64) == pytest.approx(math.log(64))
    assert chance_level("accuracy", 64) == pytest.approx(1 / 64)
    assert chance_level("logit_diff", 64) == 0.0
    assert chance_level("kl", 64) is None
    assert chance_warning("loss", 4.14, (4.10, 4.18), 64) is not None
    assert chance_warning("loss", 0.5, (0.4, 0.6), 64) is None
    assert chance_warning("accuracy", 0.9, (0.85, 0.95), 64) is None
    assert interval_warning([(-0.1, 0.2), (-0.3, 0.01)]) is not None
    assert interval_warning([(-0.1, 0.2), (0.05, 0.3)]) is None
    assert interval_warning([(math.nan, math.nan)]) is None  # no intervals: nothing claimed


def test_ablation_of_an_untrained_model_warns(one_torch_thread):
    torch.manual_seed(0)
    m = GatedTransformer(ModelConfig(vocab_size=64, n_layers=2, n_heads=2, d_model=16)).eval()
    res = ablate_heads(m, "induction", n_prompts=16, n_boot=200)
    assert res.chance == pytest.approx(math.log(64))
    assert any("at chance" in w for w in res.warnings)
    assert "Warning: the model is at chance" in res.summary()


def test_ablation_of_the_demo_model_does_not_warn(demo, one_torch_thread):
    res = ablate_heads(demo, "induction", n_prompts=16, n_boot=200)
    assert res.warnings == []


def test_training_at_chance_warns(one_torch_thread):
    res = train_model("induction", steps=2, layers=1, heads=1, d_model=16)
    assert res.warnings and "at chance" in res.warnings[0]
    assert res.summary()["warnings"] == res.warnings


def test_model_train_cli_warns_at_chance(tmp_path):
    from typer.testing import CliRunner

    from copilot.cli import app

    r = CliRunner().invoke(
        app,
        ["model", "train", "--task", "text", "--steps", "2", "--n-layers", "1", "--n-heads", "2",
         "--d-model", "16", "--out-dir", str(tmp_path / "m"), "--json"],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    import json

    d = json.loads(r.stdout)
    assert d["task"] == "text" and d["warnings"] and "at chance" in d["warnings"][0]
    assert (tmp_path / "m" / "tokenizer.json").is_file()
    r = CliRunner().invoke(
        app,
        ["model", "train", "--task", "induction", "--steps", "2", "--n-layers", "1", "--n-heads", "1",
         "--d-model", "16", "--out-dir", str(tmp_path / "i")],
    )  # fmt: skip
    assert r.exit_code == 0 and "Warning: the model is at chance on induction" in r.output
