"""Head ablation, head scores and activation patching on the trained induction demo model."""

from __future__ import annotations

import pytest
import torch

from copilot.errors import ProbeError
from copilot.tools.probing.ablation import (
    HeadAblator,
    ablate_heads,
    ablate_loop,
    all_heads,
    attribution_screen,
)
from copilot.tools.probing.behaviours import get_behaviour
from copilot.tools.probing.patching import patch_activations
from copilot.tools.probing.scores import head_scores


@pytest.fixture(scope="module")
def demo():
    from copilot.tools.probing.checkpoints import load_demo_model

    # the model is tiny: one thread avoids oversubscribing a shared CPU
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield load_demo_model(device="cpu").eval()
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def induction(demo):
    return get_behaviour("induction", demo, n_prompts=32, seed=0)


@pytest.mark.parametrize(
    "method, metric",
    [
        ("zero", "loss"),
        ("zero", "logit_diff"),
        ("zero", "kl"),
        ("mean", "loss"),
        ("resample", "prob"),
    ],
)
def test_batched_sweep_equals_per_head_loop(demo, induction, method, metric):
    heads = all_heads(demo)
    ref = get_behaviour("induction", demo, n_prompts=16, seed=1)
    fast = HeadAblator(demo, induction, metric, method, reference=ref, fast=True)
    plain = HeadAblator(demo, induction, metric, method, reference=ref, fast=False, memory_mb=1)
    loop = ablate_loop(demo, induction, heads, metric, replacement=fast.replacement)
    v_fast = fast.evaluate([[h] for h in heads])
    v_plain = plain.evaluate([[h] for h in heads])  # tiny memory budget: many chunks
    assert v_fast.dtype == torch.float32
    assert torch.allclose(v_fast, loop, atol=1e-5, rtol=0)
    assert torch.allclose(v_plain, loop, atol=1e-5, rtol=0)


def test_head_set_equals_joint_mask(demo, induction):
    from copilot.tools.probing.behaviours import metric_per_prompt
    from copilot.tools.probing.model import Interventions, head_mask

    s = [(0, 1), (1, 2), (1, 3)]
    ab = HeadAblator(demo, induction, "loss", "zero")
    got = ab.evaluate([s])[0]
    with torch.no_grad():
        logits = demo(
            induction.tokens, Interventions(head_mask=head_mask(2, demo.n_heads, s))
        ).logits
    assert torch.allclose(got, metric_per_prompt(logits, induction, "loss"), atol=1e-5)


def _grid_heads(grid, threshold):
    return {(i, j) for i, row in enumerate(grid) for j, v in enumerate(row) if v > threshold}


def test_top_induction_scores_are_the_most_damaging_heads(demo, induction, tmp_path):
    scores = head_scores(demo, n_prompts=32, out=str(tmp_path))
    result = ablate_heads(demo, induction, n_boot=200, out=str(tmp_path))
    # the induction circuit read off the attention patterns: heads that attend to the token after
    # the earlier copy, and the previous-token heads whose output they read
    inductive = _grid_heads(scores.induction, 0.3)
    previous = _grid_heads(scores.previous_token, 0.5)
    assert inductive and previous and not inductive & previous
    k = len(inductive)
    assert {(a, b) for a, b, _ in scores.top("induction", k)} == inductive
    # ablating exactly those heads hurts the induction loss most; every other head matters less
    circuit = inductive | previous
    ranked = [(h.layer, h.head) for h in result.heads]
    assert set(ranked[: len(circuit)]) == circuit
    assert all(h.ci[0] > 0.1 for h in result.heads[: len(circuit)])
    assert all(h.effect < 0.1 for h in result.heads[len(circuit) :])
    assert len(scores.activations) == demo.n_layers + 1
    if demo.config.gate != "none":
        g = scores.grid("gate_mean")
        assert len(g) == demo.n_layers and all(0.0 <= v <= 1.0 for row in g for v in row)
    assert len(scores.artifacts) >= 4 and len(result.artifacts) == 1
    assert "induction" in scores.summary() and "L" in result.summary()


def test_result_json_shape_and_order(demo, induction):
    r = ablate_heads(
        demo,
        induction,
        heads=[(0, 0), (1, 1), (1, 3)],
        n_boot=50,
        metric="logit_diff",
        head_sets=[[(1, 1), (1, 3)]],
    )
    d = r.model_dump(mode="json")
    assert {"model", "behaviour", "metric", "baseline", "heads", "artifacts"} <= set(d)
    assert d["metric"] == "logit_diff" and len(d["heads"]) == 3
    effects = [h["effect"] for h in d["heads"]]
    assert effects == sorted(effects)  # higher logit difference is better: most negative first
    assert all(set(h) >= {"layer", "head", "effect", "ci"} for h in d["heads"])
    assert all(h["ci"][0] <= h["effect"] <= h["ci"][1] for h in d["heads"])
    # ablating both induction heads hurts more than either alone
    assert d["sets"][0]["effect"] < min(effects)
    assert "rank" in r.table() and "H3" in r.text_heatmap()


def test_mean_resample_and_gate_ablation(demo, induction):
    for method in ("mean", "resample"):
        r = ablate_heads(demo, induction, method=method, n_boot=50)
        assert r.method == method and len(r.heads) == demo.n_layers * demo.n_heads
    if demo.config.gate != "none":
        zero = ablate_heads(demo, induction, n_boot=0)
        gate = ablate_heads(demo, induction, method="gate", gate_value=0.0, n_boot=0)
        # a gate clamped to 0 silences the head exactly like zero ablation
        for a, b in zip(
            sorted(zero.heads, key=lambda h: (h.layer, h.head)),
            sorted(gate.heads, key=lambda h: (h.layer, h.head)),
            strict=True,
        ):
            assert abs(a.effect - b.effect) < 1e-5


def test_attribution_screen_reports_rank_agreement(demo, induction):
    r = attribution_screen(demo, induction, top_k=4, n_boot=50)
    assert (
        r.top_k == 4 and len(r.verified) == 4 and len(r.estimates) == demo.n_layers * demo.n_heads
    )
    assert r.steps == 1 and "steps" not in r.summary()
    assert r.spearman is None or -1.0 <= r.spearman <= 1.0
    assert 0.0 <= r.sign_agreement <= 1.0
    # gradients are taken with respect to the masks only: the model is left as it was
    assert all(p.grad is None for p in demo.parameters())
    with pytest.raises(ProbeError, match="gradient"):
        attribution_screen(demo, induction, metric="accuracy")
    for bad in (0, 65, 2.5, True):
        with pytest.raises(ProbeError, match="steps must be a whole number"):
            attribution_screen(demo, induction, steps=bad)


@pytest.mark.parametrize("method", ["zero", "resample"])
def test_one_step_attribution_is_the_gradient_at_the_clean_run(demo, induction, method):
    """(replacement - output) . d metric / d output, computed here from the cached head outputs."""
    from copilot.tools.probing.ablation import _attribution
    from copilot.tools.probing.behaviours import per_prompt, position_values, scored_logits

    ab = HeadAblator(demo, induction, "loss", method)
    with torch.enable_grad():
        out = demo(induction.tokens, cache=("head_out",))
        ys = out.cache["head_out"]
        for y in ys:
            y.retain_grad()
        vals = position_values(scored_logits(out.logits, induction), induction, "loss")
        per_prompt(vals, induction, "loss").sum().backward()
    for layer, y in enumerate(ys):
        r = torch.zeros_like(y) if ab.replacement is None else ab.replacement[layer]
        want = ((r - y.detach()) * y.grad).sum(dim=(1, 3))  # (N, H)
        got = _attribution(ab, 1)[:, layer]
        assert torch.allclose(got, want, atol=1e-6, rtol=1e-4)


@pytest.mark.parametrize("method", ["zero", "resample"])
def test_integrated_attribution_adds_up_to_the_layer_ablation(demo, method):
    """Completeness of integrated gradients: along a layer's path the estimates of its heads
    add up to the real effect of ablating the whole layer, which one step misses by far (the
    demo's loss sits near its floor, where the gradient is flat)."""
    from copilot.tools.probing.ablation import _attribution

    beh = get_behaviour("induction", demo, n_prompts=16, seed=1)
    ab = HeadAblator(demo, beh, "loss", method, seed=1)
    layers = [[(layer, h) for h in range(demo.n_heads)] for layer in range(demo.n_layers)]
    real = (ab.evaluate(layers) - ab.base).mean(1)  # (L,)
    assert bool((real > 1.0).all())
    one = _attribution(ab, 1).mean(0).sum(-1)
    assert bool(((one - real).abs() > 0.5 * real).all())
    many = _attribution(ab, 16).mean(0).sum(-1)
    assert torch.allclose(many, real, rtol=5e-3)


def test_integrated_attribution_ranks_the_demo_heads_better(demo, induction):
    plain = attribution_screen(demo, induction, top_k=8, n_boot=50)
    ig = attribution_screen(demo, induction, top_k=8, n_boot=50, steps=8)
    assert ig.steps == 8 and "8 steps per layer" in ig.summary()
    assert ig.sign_agreement == 1.0 and plain.sign_agreement < 1.0
    assert ig.spearman is not None and plain.spearman is not None
    assert ig.spearman >= 0.7 and ig.spearman > plain.spearman + 0.1
    # the verification is the same real ablation either way
    assert {(v.layer, v.head, round(v.effect, 6)) for v in ig.verified} == {
        (v.layer, v.head, round(v.effect, 6)) for v in plain.verified
    }


def test_patching_recovers_through_induction_heads(demo):
    r = patch_activations(demo, "induction", n_prompts=16, n_boot=100)
    assert r.clean.value < r.corrupted.value  # loss: clean prompts are predictable
    inductive = _grid_heads(head_scores(demo, n_prompts=16).induction, 0.3)
    # the induction heads carry what differs between a repeat and a non-repeat
    assert {(e.layer, e.head) for e in r.heads[: len(inductive)]} == inductive
    assert all(e.ci[0] > 0.1 for e in r.heads[: len(inductive)])
    # patching the final residual at one scored position restores exactly that prediction, and
    # the metric is a mean over positions: the recoveries at the last layer add up to one
    last = [e for e in r.resid if e.layer == demo.n_layers]
    assert abs(sum(e.recovery for e in last) - 1.0) < 1e-3
    assert all(e.ci[0] <= e.recovery <= e.ci[1] for e in r.heads)


def test_bad_input_is_a_clear_error(demo, induction):
    with pytest.raises(ProbeError, match="Layer 5 is out of range"):
        ablate_heads(demo, induction, heads=[(5, 0)])
    with pytest.raises(ProbeError, match="Head 9 is out of range"):
        ablate_heads(demo, induction, heads=[(0, 9)])
    with pytest.raises(ProbeError, match="Unknown ablation method"):
        ablate_heads(demo, induction, method="noise")
    with pytest.raises(ProbeError, match="Unknown behaviour"):
        ablate_heads(demo, "inductionn")
    with pytest.raises(ProbeError, match="head set is empty"):
        ablate_heads(demo, induction, head_sets=[[]])
    clean = get_behaviour("induction", demo, n_prompts=4)
    with pytest.raises(ProbeError, match="shape"):
        patch_activations(demo, clean, corrupted=clean.tokens[:, :-1])
    with pytest.raises(ProbeError, match="vocabulary"):
        patch_activations(demo, clean, corrupted=clean.tokens + 1000)


def test_pairs_file_with_mismatched_lengths(demo, tmp_path):
    p = tmp_path / "pairs.jsonl"
    p.write_text(
        '{"clean": [1, 2, 1], "corrupted": [3, 2, 1], "target": [2], "foil": [5]}\n'
        '{"clean": [4, 5, 4], "corrupted": [6, 5], "target": [5], "foil": [1]}\n'
    )
    with pytest.raises(ProbeError, match="line 2: clean and corrupted prompts differ in length"):
        patch_activations(demo, str(p))
    p.write_text(
        '{"clean": [1, 2, 1], "corrupted": [3, 2, 1], "target": [2], "foil": [5]}\n'
        '{"clean": [4, 5, 4], "corrupted": [6, 5, 4], "target": [5], "foil": [1]}\n'
    )
    r = patch_activations(demo, str(p), n_boot=20)
    assert r.metric == "logit_diff" and r.n_pairs == 2 and r.positions == 3
