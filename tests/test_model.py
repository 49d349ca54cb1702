"""The gated-attention transformer: shapes, caches, and that each intervention does what it says."""

from __future__ import annotations

import math

import pytest
import torch

from copilot.errors import ModelError
from copilot.tools.probing.model import (
    GatedTransformer,
    Interventions,
    ModelConfig,
    ResidPatch,
    Steering,
    head_mask,
    single_head_masks,
)

L, H, D, C, V = 3, 4, 8, 32, 50


# torch work in these tests runs on one thread (see conftest)
pytestmark = pytest.mark.usefixtures("one_torch_thread")


def make(gate: str = "headwise", n_kv: int = 2, attn_only: bool = False, seed: int = 0):
    torch.manual_seed(seed)
    cfg = ModelConfig(
        vocab_size=V,
        n_layers=L,
        n_heads=H,
        n_kv_heads=n_kv,
        d_model=C,
        d_mlp=64,
        gate=gate,
        attn_only=attn_only,
        max_seq_len=32,
    )
    model = GatedTransformer(cfg).eval()
    with torch.no_grad():  # make norms and gates non-trivial
        for name, p in model.named_parameters():
            if "norm" in name:
                p.add_(0.2 * torch.randn_like(p))
            if "g_proj" in name:
                p.mul_(30.0)
    return model


def tokens(b: int = 2, t: int = 10, seed: int = 1) -> torch.Tensor:
    return torch.randint(0, V, (b, t), generator=torch.Generator().manual_seed(seed))


def run(model, tok, iv=None, cache=()):
    with torch.no_grad():
        return model(tok, iv, cache)


def zero_head_by_hand(model, tok, layer: int, head: int) -> torch.Tensor:
    """Zero one head's slice of the o_proj input with a hook: the reference for head masks."""

    def pre(mod, args):
        y = args[0].clone().view(*args[0].shape[:2], H, D)
        y[:, :, head] = 0.0
        return (y.view(*args[0].shape),)

    h = model.layers[layer].attn.o_proj.register_forward_pre_hook(pre)
    try:
        return run(model, tok).logits
    finally:
        h.remove()


@pytest.mark.parametrize("gate", ["none", "headwise", "elementwise"])
def test_shapes_and_caches(gate):
    model = make(gate)
    tok = tokens()
    out = run(model, tok, cache="all")
    assert out.logits.shape == (2, 10, V)
    c = out.cache
    assert [t.shape for t in c["head_out"]] == [(2, 10, H, D)] * L
    assert [t.shape for t in c["attn"]] == [(2, H, 10, 10)] * L
    gate_shape = (2, 10, H, D) if gate == "elementwise" else (2, 10, H)
    assert [t.shape for t in c["gate"]] == [gate_shape] * L
    assert len(c["resid"]) == L + 1 and c["resid"][0].shape == (2, 10, C)
    assert [t.shape for t in c["mlp_out"]] == [(2, 10, C)] * L
    # attention rows are causal distributions
    att = c["attn"][1]
    assert torch.allclose(att.sum(-1), torch.ones(2, H, 10), atol=1e-5)
    assert float(att.triu(1).abs().max()) == 0.0
    if gate == "none":
        assert all(bool((g == 1).all()) for g in c["gate"])
    # the fused path (no pattern asked) gives the same logits as the explicit softmax path
    assert torch.allclose(run(model, tok).logits, out.logits, atol=1e-5)
    assert model.n_layers == L and model.n_heads == H and model.config.gate == gate


def test_head_mask_equals_zeroing_the_slice_by_hand():
    model = make("headwise")
    tok = tokens()
    masked = run(model, tok, Interventions(head_mask=head_mask(L, H, [(1, 2)]))).logits
    assert torch.allclose(masked, zero_head_by_hand(model, tok, 1, 2), atol=1e-6)
    assert not torch.allclose(masked, run(model, tok).logits, atol=1e-3)


def test_all_heads_sweep_in_one_batch_equals_single_ablations():
    model = make("elementwise")
    tok = tokens(1)
    masks = single_head_masks(model.config)  # (L*H, L, H)
    sweep = run(model, tok, Interventions(head_mask=masks)).logits  # tokens broadcast to L*H
    assert sweep.shape == (L * H, 10, V)
    for layer, head in [(0, 0), (1, 3), (2, 1)]:
        ref = zero_head_by_hand(model, tok, layer, head)[0]
        assert torch.allclose(sweep[layer * H + head], ref, atol=1e-5)


def test_replacements_mean_and_cached_patching():
    model = make("headwise")
    clean, corrupt = tokens(1, seed=2), tokens(1, seed=3)
    c = run(model, clean, cache=["head_out"]).cache["head_out"]
    mask = head_mask(L, H, [(2, 1)])
    # activation patching of one head: run corrupt, put head (2, 1) of the clean run back
    patched = run(
        model, corrupt, Interventions(head_mask=mask, head_replacement=c), cache=["head_out"]
    )
    assert torch.allclose(patched.cache["head_out"][2][:, :, 1], c[2][:, :, 1], atol=1e-6)

    def pre(mod, args):
        y = args[0].clone().view(1, 10, H, D)
        y[:, :, 1] = c[2][:, :, 1]
        return (y.view(1, 10, H * D),)

    h = model.layers[2].attn.o_proj.register_forward_pre_hook(pre)
    ref = run(model, corrupt).logits
    h.remove()
    assert torch.allclose(patched.logits, ref, atol=1e-5)
    # a mean per layer/head (L, H, D), and the stacked form (B, L, T, H, D), agree with the list
    mean = torch.stack([t.mean((0, 1)) for t in c])  # (L, H, D)
    m = run(
        model, corrupt, Interventions(head_mask=mask, head_replacement=mean), cache=["head_out"]
    )
    assert torch.allclose(m.cache["head_out"][2][0, :, 1], mean[2, 1].expand(10, D), atol=1e-6)
    stacked = torch.stack(c, dim=1)  # (1, L, T, H, D)
    s = run(model, corrupt, Interventions(head_mask=mask, head_replacement=stacked)).logits
    assert torch.allclose(s, patched.logits, atol=1e-6)
    # fractional masks interpolate
    half = run(model, corrupt, Interventions(head_mask=mask * 0 + 0.5), cache=["head_out"])
    full = run(model, corrupt, cache=["head_out"])
    assert torch.allclose(half.cache["head_out"][0], 0.5 * full.cache["head_out"][0], atol=1e-6)


@pytest.mark.parametrize("gate", ["headwise", "elementwise"])
def test_gate_override_of_one_equals_the_ungated_model(gate):
    model = make(gate)
    ungated = GatedTransformer(ModelConfig.from_dict({**model.config.to_dict(), "gate": "none"}))
    missing, unexpected = ungated.load_state_dict(model.state_dict(), strict=False)
    assert not missing and all("g_proj" in k for k in unexpected)
    tok = tokens()
    ones = run(model, tok, Interventions(gate_override=torch.ones(1, L, H))).logits
    assert torch.allclose(ones, run(ungated.eval(), tok).logits, atol=1e-6)
    # NaN means "no override"; an override of 0 silences the head like a mask of 0
    nan = torch.full((1, L, H), math.nan)
    assert torch.equal(
        run(model, tok, Interventions(gate_override=nan)).logits, run(model, tok).logits
    )
    nan[0, 1, 3] = 0.0
    zero = run(model, tok, Interventions(gate_override=nan), cache=["gate"])
    assert torch.allclose(zero.logits, zero_head_by_hand(model, tok, 1, 3), atol=1e-6)
    assert float(zero.cache["gate"][1][:, :, 3].abs().max()) == 0.0


def test_gate_override_per_example():
    model = make("headwise")
    tok = tokens(1)
    ov = torch.full((2, L, H), math.nan)
    ov[1, 0, 0] = 0.0
    out = run(model, tok, Interventions(gate_override=ov)).logits
    assert torch.allclose(out[0], run(model, tok).logits[0], atol=1e-6)
    assert torch.allclose(out[1], zero_head_by_hand(model, tok, 0, 0)[0], atol=1e-6)


def test_resid_patch_steering_and_directional_ablation():
    model = make("none")
    a, b = tokens(1, seed=4), tokens(1, seed=5)
    ca = run(model, a, cache=["resid"]).cache["resid"]
    # patching the final residual everywhere gives the other run's logits
    out = run(model, b, Interventions(resid_patches=[ResidPatch(L, ca[L])])).logits
    assert torch.allclose(out, run(model, a).logits, atol=1e-6)
    # patching layer 1 only at positions >= 6 leaves earlier positions alone
    pos = torch.zeros(1, 10, dtype=torch.bool)
    pos[:, 6:] = True
    got = run(model, b, Interventions(resid_patches=[ResidPatch(1, ca[1], pos)]), cache=["resid"])
    assert torch.allclose(got.cache["resid"][1][:, 6:], ca[1][:, 6:])
    assert torch.allclose(got.logits[:, :6], run(model, b).logits[:, :6], atol=1e-6)
    # steering from position 4 on, with one strength per example (0 changes nothing)
    v = torch.randn(C)
    st = run(
        model, b, Interventions(steering=[Steering(1, v, alpha=torch.tensor([0.0, 3.0]), start=4)])
    )
    base = run(model, b).logits[0]
    assert torch.allclose(st.logits[0], base, atol=1e-6)
    assert torch.allclose(st.logits[1, :4], base[:4], atol=1e-6)
    assert not torch.allclose(st.logits[1, 4:], base[4:], atol=1e-3)
    # directional ablation removes the direction from every residual
    r = torch.randn(C)
    out = run(model, b, Interventions(ablate_direction=r), cache=["resid"])
    unit = r / r.norm()
    assert max(float((x @ unit).abs().max()) for x in out.cache["resid"]) < 1e-4


def test_grouped_query_attention_and_tied_embeddings_run():
    torch.manual_seed(0)
    cfg = ModelConfig(
        vocab_size=V,
        n_layers=1,
        n_heads=6,
        n_kv_heads=2,
        d_model=48,
        tie_embeddings=True,
        attn_only=True,
    )
    model = GatedTransformer(cfg)
    assert model.lm_head.weight is model.embed.weight
    assert run(model, tokens()).logits.shape == (2, 10, V)


def test_bad_inputs_raise_model_errors():
    model = make("headwise")
    tok = tokens()
    bad = [
        Interventions(head_mask=torch.ones(1, L, H + 1)),
        Interventions(head_mask=torch.ones(3, L, H)),  # batch 3 vs tokens 2
        Interventions(head_replacement=torch.zeros(L, H, D)),  # no mask
        Interventions(head_mask=torch.ones(1, L, H), head_replacement=torch.zeros(L, H, D + 1)),
        Interventions(gate_override=torch.ones(1, L + 1, H)),
        Interventions(steering=[Steering(L + 1, torch.zeros(C))]),
        Interventions(steering=[Steering(0, torch.zeros(C + 1))]),
        Interventions(resid_patches=[ResidPatch(0, torch.zeros(1, 5, C))]),
        Interventions(ablate_direction=torch.ones(C), ablate_layers=[-1]),
    ]
    for iv in bad:
        with pytest.raises(ModelError):
            run(model, tok, iv)
    with pytest.raises(ModelError, match="Token ids"):
        run(model, torch.tensor([[0, V]]))
    with pytest.raises(ModelError, match="cache"):
        run(model, tok, cache=["nope"])
    with pytest.raises(ModelError, match="out of range"):
        head_mask(L, H, [(0, H)])
    with pytest.raises(ModelError, match="out of range"):
        model.check_head(L, 0)
    with pytest.raises(ModelError, match="Unknown model config keys"):
        ModelConfig.from_dict({"n_layers": 2, "bogus": 1})
    with pytest.raises(ModelError, match="gate"):
        ModelConfig(gate="sideways")
    with pytest.raises(ModelError, match="multiple"):
        ModelConfig(n_heads=4, n_kv_heads=3)


def test_config_is_json_and_seeded_init_is_deterministic():
    a, b = make(seed=7), make(seed=7)
    for (ka, va), (_, vb) in zip(a.state_dict().items(), b.state_dict().items(), strict=True):
        assert torch.equal(va, vb), ka
    cfg = ModelConfig.from_dict(__import__("json").loads(a.config.to_json()))
    assert cfg == a.config


def test_generate_greedy_with_steering():
    model = make("headwise")
    out = model.generate(tokens(1), 3, Interventions(steering=[Steering(1, torch.randn(C))]))
    assert out.shape == (1, 13)
