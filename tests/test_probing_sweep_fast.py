"""The fast ablation sweep (clean-run reuse, exact residual deltas, scored queries only) equals
the one-forward-per-head hook loop to 1e-5 in float32, for every ablation method and model kind."""

from __future__ import annotations

import copy

import pytest
import torch

from copilot.errors import ProbeError
from copilot.tools.probing.ablation import HeadAblator, ablate_loop, all_heads
from copilot.tools.probing.behaviours import get_behaviour, metric_per_prompt, reference_logprobs
from copilot.tools.probing.model import GatedTransformer, Interventions, ModelConfig, head_mask

ATOL = 1e-5


# torch work in these tests runs on one thread (see conftest)
pytestmark = pytest.mark.usefixtures("one_torch_thread")


def random_model(gate: str, attn_only: bool, n_layers: int = 3, **kw) -> GatedTransformer:
    torch.manual_seed(0)
    cfg = ModelConfig(
        vocab_size=40,
        n_layers=n_layers,
        n_heads=4,
        d_model=32,
        d_mlp=64,
        max_seq_len=32,
        gate=gate,
        attn_only=attn_only,
        meta={"task": "induction", "task_length": 8},
        **kw,
    )
    model = GatedTransformer(cfg).eval()
    with torch.no_grad():  # weights large enough for ablations to matter; gates away from 1/2
        for name, p in model.named_parameters():
            if "norm" in name:
                p.add_(0.3 * torch.randn_like(p))
            elif p.dim() == 2:
                p.mul_(8.0)
            if "g_proj" in name:
                p.mul_(3.0)
            if name.endswith("bias"):
                p.add_(0.1 * torch.randn_like(p))
    return model


def demo_model() -> GatedTransformer:
    from copilot.tools.probing.checkpoints import load_demo_model

    return load_demo_model(device="cpu").eval()


MODELS = {
    "mlp-headwise-3layer": lambda: random_model("headwise", attn_only=False),
    "elementwise-gqa-bias": lambda: random_model(
        "elementwise", attn_only=True, n_kv_heads=2, attn_bias=True
    ),
    "no-gate-mlp": lambda: random_model("none", attn_only=False, n_layers=2),
    "demo": demo_model,
}


@pytest.fixture(scope="module", params=sorted(MODELS))
def case(request):
    model = MODELS[request.param]()
    beh = get_behaviour("induction", model, n_prompts=12, seed=0)
    ref = get_behaviour("induction", model, n_prompts=9, seed=1)
    return model, beh, ref


def gate_loop(model, beh, heads, metric, value):
    """Gate clamping by hand: a hook on g_proj makes sigmoid return `value` for one head."""
    D = model.config.head_dim
    logit = torch.logit(torch.tensor(value)).item() if value > 0 else float("-inf")
    ref = None
    out = []
    with torch.no_grad():
        if metric == "kl":
            ref = reference_logprobs(model(beh.tokens).logits, beh)
        for layer, head in heads:
            width = D if model.config.gate == "elementwise" else 1

            def hook(mod, args, out_, head=head, width=width):
                out_ = out_.clone()
                out_[..., head * width : (head + 1) * width] = logit
                return out_

            h = model.layers[layer].attn.g_proj.register_forward_hook(hook)
            try:
                logits = model(beh.tokens).logits
            finally:
                h.remove()
            out.append(metric_per_prompt(logits, beh, metric, ref))
    return torch.stack(out)


@pytest.mark.parametrize("method", ["zero", "mean", "resample"])
@pytest.mark.parametrize("metric", ["loss", "kl"])
def test_fast_sweep_equals_hook_loop(case, method, metric):
    model, beh, ref = case
    heads = all_heads(model)
    ab = HeadAblator(model, beh, metric, method, reference=ref)
    assert ab.fast
    got = ab.evaluate([[h] for h in heads])
    loop = ablate_loop(model, beh, heads, metric, replacement=ab.replacement)
    assert got.dtype == torch.float32
    assert (got - loop).abs().max() <= ATOL
    # the ablations do something, so the comparison is not between two copies of the baseline
    assert (loop - ab.base).abs().max() > 1e-3


@pytest.mark.parametrize("value", [0.0, 0.3])
def test_fast_gate_clamping_equals_hook_loop(case, value):
    model, beh, _ = case
    if model.config.gate == "none":
        with pytest.raises(ProbeError, match="needs a gated model"):
            HeadAblator(model, beh, "loss", "gate", gate_value=value)
        return
    heads = all_heads(model)
    ab = HeadAblator(model, beh, "loss", "gate", gate_value=value)
    got = ab.evaluate([[h] for h in heads])
    loop = gate_loop(model, beh, heads, "loss", value)
    assert (got - loop).abs().max() <= ATOL
    plain = HeadAblator(model, beh, "loss", "gate", gate_value=value, fast=False)
    assert (plain.evaluate([[h] for h in heads]) - loop).abs().max() <= ATOL


@pytest.mark.parametrize("method", ["zero", "mean", "gate"])
def test_head_sets_equal_joint_masks(case, method):
    model, beh, ref = case
    if method == "gate" and model.config.gate == "none":
        with pytest.raises(ProbeError, match="needs a gated model"):
            HeadAblator(model, beh, "loss", method, reference=ref, gate_value=0.0)
        return
    L = model.config.n_layers
    sets = [[], [(0, 1), (0, 3)], [(L - 1, 0), (L - 1, 2)], [(0, 2), (L - 1, 1)], [(1, 1)]]
    fast = HeadAblator(model, beh, "loss", method, reference=ref, gate_value=0.0)
    plain = HeadAblator(model, beh, "loss", method, reference=ref, gate_value=0.0, fast=False)
    got, want = fast.evaluate(sets), plain.evaluate(sets)
    assert (got - want).abs().max() <= ATOL
    assert torch.allclose(got[0], fast.base)
    if method == "zero":  # and the plain engine against a direct masked forward
        with torch.no_grad():
            iv = Interventions(head_mask=head_mask(L, model.config.n_heads, sets[3]))
            direct = metric_per_prompt(model(beh.tokens, iv).logits, beh, "loss")
        assert (got[3] - direct).abs().max() <= ATOL


def test_small_blocks_and_chunks_change_nothing(case, monkeypatch):
    import copilot.tools.probing.ablation as ablation

    model, beh, ref = case
    heads = all_heads(model)
    big = HeadAblator(model, beh, "loss", "resample", reference=ref).evaluate([[h] for h in heads])
    monkeypatch.setattr(ablation, "CPU_BLOCK_ROWS", 1)  # one prompt per block
    small = HeadAblator(model, beh, "loss", "resample", reference=ref, memory_mb=0.01)
    assert (small.evaluate([[h] for h in heads]) - big).abs().max() <= ATOL


@pytest.mark.parametrize("method", ["zero", "mean"])
def test_clean_logits_match_the_model(case, method):
    # zero: the clean pass keeps the last layer at scored positions only; mean over the
    # behaviour's own prompts: at every position
    # The engine's kernels round differently from the model's forward (fused projections,
    # complex rotary), so both are held to a float64 forward: the clean pass must be within
    # twice the model's own float32 error (logits of up to ~10 are themselves up to ~1e-5 off)
    # plus 1e-5; a real error (a wrong rotation, a missing norm) is orders larger.
    model, beh, _ = case
    ab = HeadAblator(model, beh, "loss", method)
    with torch.no_grad():
        logits = model(beh.tokens).logits
        truth = copy.deepcopy(model).double()(beh.tokens).logits
    own_error = (logits.double() - truth).abs().max()
    assert (ab.clean_logits.double() - truth).abs().max() <= 2 * own_error + ATOL
    assert (ab.base - metric_per_prompt(logits, beh, "loss")).abs().max() <= ATOL
