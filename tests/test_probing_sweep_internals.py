"""Internals of the fast ablation sweep (copilot.tools.probing.ablation): the interleaved rotary
kernel against a direct reference, in both its complex (float32) and real-pair (half precision)
forms; the per-model cache of derived engine weights against in-place parameter edits; and a
bfloat16 model through the fast sweep."""

from __future__ import annotations

import copy

import pytest
import torch

from copilot.tools.probing.ablation import (
    _DERIVED,
    HeadAblator,
    _interleave,
    _norm_rope,
    _rms_scale,
    _rot_table,
    ablate_loop,
    all_heads,
)
from copilot.tools.probing.behaviours import get_behaviour
from copilot.tools.probing.model import GatedTransformer, Rotary, rotate_half
from tests.test_probing_sweep_fast import random_model

ATOL = 1e-5


# torch work in these tests runs on one thread (see conftest)
pytestmark = pytest.mark.usefixtures("one_torch_thread")


# ---------------------------------------------------------------------------------------------
# the rotary kernel
# ---------------------------------------------------------------------------------------------
def test_interleave_pairs_the_rotary_halves():
    assert _interleave(2) == [0, 1]
    assert _interleave(6) == [0, 3, 1, 4, 2, 5]
    order = _interleave(16)
    assert sorted(order) == list(range(16))  # a permutation
    assert all(order[2 * i + 1] == order[2 * i] + 8 for i in range(8))


def test_rms_scale_is_the_models_rms_norm():
    g = torch.Generator().manual_seed(3)
    x = torch.randn(3, 5, 24, generator=g) * 4.0
    want = torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + 1e-6)
    got = _rms_scale(x, 1e-6)
    assert got.shape == (3, 5, 1) and got.dtype == torch.float32
    assert torch.allclose(got, want, rtol=1e-6, atol=0)
    # half precision: computed in float32, returned in the input's dtype
    xb = x.to(torch.bfloat16)
    got_b = _rms_scale(xb, 1e-6)
    assert got_b.dtype == torch.bfloat16
    want_b = torch.rsqrt(xb.float().pow(2).mean(-1, keepdim=True) + 1e-6).to(torch.bfloat16)
    assert torch.equal(got_b, want_b)


def _reference_norm_rope(x_half, w_half, eps, cos, sin):
    """RMS norm and standard (half-split) rotary, then rows in the interleaved order, heads
    first: what `_norm_rope` must produce from the interleaved input."""
    y = x_half
    if w_half is not None:
        y = y * torch.rsqrt(y.pow(2).mean(-1, keepdim=True) + eps) * w_half
    c, s = cos[None, :, None, :], sin[None, :, None, :]  # (1, T, 1, D)
    y = y * c + rotate_half(y) * s
    D = x_half.shape[-1]
    return y[..., _interleave(D)].transpose(1, 2)


@pytest.mark.parametrize("with_weight", [True, False])
@pytest.mark.parametrize("D", [8, 16])
def test_norm_rope_complex_and_real_pair_tables_match_the_reference(with_weight, D):
    B, T, n, eps = 2, 7, 3, 1e-6
    g = torch.Generator().manual_seed(D + with_weight)
    # a strided view, as the engine passes slices of fused projections
    wide = torch.randn(B, T, n, 2 * D, generator=g) * 3.0
    x_half = wide[..., D:]
    assert not x_half.is_contiguous()
    w_half = (1.0 + 0.5 * torch.randn(D, generator=g)) if with_weight else None
    order = _interleave(D)
    x = x_half[..., order]  # the engine's interleaved row order
    w = None if w_half is None else w_half[order]
    before = x.clone()

    cos, sin = Rotary(D, 10000.0)(T, torch.device("cpu"), torch.float32)
    rot_c = _rot_table(cos, sin, n)
    assert rot_c.is_complex() and rot_c.shape == (T, n, D // 2)
    # the half-precision layout: real (cos, sin) pairs, here kept in float32
    h = D // 2
    rot_r = torch.stack((cos[:, :h], sin[:, :h]), -1).unsqueeze(1).expand(T, n, h, 2).contiguous()

    got_c = _norm_rope(x, w, eps, rot_c)
    got_r = _norm_rope(x, w, eps, rot_r)
    assert torch.equal(x, before)  # the input is not modified
    for got in (got_c, got_r):
        assert got.shape == (B, n, T, D) and got.dtype == torch.float32
        assert got.is_contiguous()
    assert (got_c - got_r).abs().max() <= 1e-6

    want = _reference_norm_rope(x_half, w_half, eps, cos, sin)
    assert (got_c - want).abs().max() <= ATOL
    assert (got_r - want).abs().max() <= ATOL
    # the rotation matters: without it the result is far from the reference
    plain = (x if w is None else x * _rms_scale(x, eps) * w).transpose(1, 2)
    assert (plain - want).abs().max() > 0.1


def test_rot_table_in_half_precision_is_real_pairs():
    T, D, n = 6, 8, 2
    cos, sin = Rotary(D, 10000.0)(T, torch.device("cpu"), torch.bfloat16)
    rot = _rot_table(cos, sin, n)
    assert not rot.is_complex() and rot.dtype == torch.bfloat16
    assert rot.shape == (T, n, D // 2, 2)
    for head in range(n):
        assert torch.equal(rot[:, head, :, 0], cos[:, : D // 2])
        assert torch.equal(rot[:, head, :, 1], sin[:, : D // 2])
    # and the half-precision kernel agrees with the float32 one to bf16 rounding
    g = torch.Generator().manual_seed(5)
    x = torch.randn(2, T, n, D, generator=g)
    w = 1.0 + 0.3 * torch.randn(D, generator=g)
    got = _norm_rope(x.to(torch.bfloat16), w.to(torch.bfloat16), 1e-6, rot)
    c32, s32 = Rotary(D, 10000.0)(T, torch.device("cpu"), torch.float32)
    want = _norm_rope(x, w, 1e-6, _rot_table(c32, s32, n))
    assert got.dtype == torch.bfloat16
    # normed values are O(1); bf16 keeps 8 bits of mantissa, a few roundings on the way
    assert (got.float() - want).abs().max() <= 0.05


# ---------------------------------------------------------------------------------------------
# the derived-weight cache
# ---------------------------------------------------------------------------------------------
def _edit(model: GatedTransformer, kind: str) -> None:
    # With q/k norms (the default) a uniform scale of a whole head's query or key rows is
    # normed away, so `k_proj.weight.mul_(1.5)` would change nothing a stale cache could
    # betray; the edits below change the model's function.
    with torch.no_grad():
        if kind == "k_proj rows":  # in place through a view: bumps the shared version counter
            model.layers[1].attn.k_proj.weight[::2].mul_(1.5)
        elif kind == "o_proj":  # folded into the next layer's low-rank projections
            model.layers[0].attn.o_proj.weight.add_(0.1)
        elif kind == "attn_norm":  # folded into the fused projections
            model.layers[2].attn_norm.weight.mul_(torch.linspace(0.5, 1.5, 32))
        elif kind == "q_norm":  # permuted into the interleaved order
            model.layers[1].attn.q_norm.weight.mul_(torch.linspace(0.2, 2.0, 8))
        elif kind == "final norm":  # folded into the unembedding
            model.norm.weight.mul_(1.5)
        elif kind == "replaced v_proj":  # a new tensor (new storage, version 0)
            old = model.layers[2].attn.v_proj.weight
            model.layers[2].attn.v_proj.weight = torch.nn.Parameter(old * 1.3 + 0.05)
        else:
            raise AssertionError(kind)


EDITS = ["k_proj rows", "o_proj", "attn_norm", "q_norm", "final norm", "replaced v_proj"]


@pytest.mark.parametrize("edit", EDITS)
def test_cached_engine_weights_follow_parameter_edits(edit):
    # attention-only: the zero sweep of layers 0 and 1 takes the low-rank path through the
    # next layer's cached weights (which fold in the previous layer's o_proj)
    model = random_model("headwise", attn_only=True)
    beh = get_behaviour("induction", model, n_prompts=12, seed=0)
    heads = all_heads(model)
    units = [[h] for h in heads]

    first = HeadAblator(model, beh, "loss")
    assert first.fast
    before = first.evaluate(units)
    assert (before - ablate_loop(model, beh, heads, "loss")).abs().max() <= ATOL
    # unchanged parameters: a second engine reuses the derived weights
    again = HeadAblator(model, beh, "loss")
    assert again._weights(1) is first._weights(1)
    assert torch.equal(again.evaluate(units), before)
    assert model in _DERIVED

    _edit(model, edit)
    ab = HeadAblator(model, beh, "loss")
    after = ab.evaluate(units)
    loop = ablate_loop(model, beh, heads, "loss")
    assert (after - loop).abs().max() <= ATOL
    # the edit changed the results, so a stale cache could not have passed the check above
    assert (after - before).abs().max() > 1e-3
    assert (ab.base - first.base).abs().max() > 1e-3


# ---------------------------------------------------------------------------------------------
# bfloat16
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kw",
    [
        {"gate": "headwise", "attn_only": False},
        {"gate": "elementwise", "attn_only": True, "n_kv_heads": 2, "attn_bias": True},
    ],
    ids=["mlp-headwise", "attn-only-gqa-bias"],
)
def test_bfloat16_model_through_the_fast_sweep(kw):
    model32 = random_model(**kw)
    model = copy.deepcopy(model32).to(torch.bfloat16)
    beh = get_behaviour("induction", model32, n_prompts=12, seed=0)
    heads = all_heads(model)
    units = [[h] for h in heads]

    ab = HeadAblator(model, beh, "loss")
    assert ab.fast
    got = ab.evaluate(units)
    assert got.shape == (len(heads), beh.n) and got.dtype == torch.float32
    assert torch.isfinite(got).all()
    loop = ablate_loop(model, beh, heads, "loss").float()
    truth = ablate_loop(model32, beh, heads, "loss")  # the same weights in float32
    fast32 = HeadAblator(model32, beh, "loss").evaluate(units)

    # the sweep really ran in bf16 (so the comparisons below are not of float32 copies)
    assert (got - fast32).abs().max() > 1e-4
    # bf16 keeps 8 significant bits (unit roundoff 2**-8 ~ 0.4%); the loss (about 4.6 here,
    # ln 40 ~ 3.7 for a uniform guess) passes through 3 layers of bf16 matmuls, norms and a
    # softmax. Measured on these models (and others, and for the logit_diff/kl/prob metrics):
    # fast vs loop in bf16 differ by 0.2-0.5% of max |loss| (up to ~4% for logit_diff), the
    # same size as the bf16 loop's own error against float32. 2% of the scale (about 5 bf16
    # roundings) leaves a 4x margin for loss while still failing on a real engine error:
    # ablation effects here are 0.05-0.13 in loss, i.e. 1-3% of the scale.
    scale = loop.abs().max()
    assert (got - loop).abs().max() <= 0.02 * scale
    # and the fast bf16 sweep is about as accurate as the bf16 reference loop (measured ratio
    # 0.8-1.5)
    assert (got - truth).abs().max() <= 3 * (loop - truth).abs().max()
    # the ablations do something at the tolerance's scale
    assert (truth - truth.mean(0, keepdim=True)).abs().max() > 0.02 * scale
