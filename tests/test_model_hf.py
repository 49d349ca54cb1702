"""Parity with transformers (Qwen3, natively loaded) and the transformers adapter (Llama, GPT-2,
Qwen3-Next): tiny random models made here, saved with save_pretrained, loaded from disk."""

from __future__ import annotations

import json
import logging
import math

import pytest
import torch

from copilot.errors import ModelError
from copilot.tools.probing.checkpoints import load_model
from copilot.tools.probing.model import (
    GatedTransformer,
    Interventions,
    ResidPatch,
    Steering,
    head_mask,
)

transformers = pytest.importorskip("transformers")
V, T = 61, 10
TOK = torch.randint(0, V, (2, T), generator=torch.Generator().manual_seed(0))


@pytest.fixture(autouse=True)
def _quiet_one_thread():
    old = torch.get_num_threads()
    torch.set_num_threads(1)
    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    logging.getLogger("transformers").setLevel(logging.ERROR)
    yield
    torch.set_num_threads(old)


def save(model, path, **kw):
    model.float().eval().save_pretrained(str(path), **kw)
    return path


def qwen3(tie: bool, seed: int = 0):
    torch.manual_seed(seed)
    cfg = transformers.Qwen3Config(
        vocab_size=V,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=8,
        intermediate_size=64,
        tie_word_embeddings=tie,
        max_position_embeddings=64,
        rope_theta=1000.0,
    )
    m = transformers.Qwen3ForCausalLM(cfg).float().eval()
    with torch.no_grad():  # norms away from 1 so that a mix-up would show
        for name, p in m.named_parameters():
            if "norm" in name:
                p.add_(0.1 * torch.randn_like(p))
    return m


@pytest.mark.parametrize("tie,shard", [(False, None), (True, "2KB")])
def test_qwen3_parity_with_transformers(tmp_path, tie, shard):
    hf = qwen3(tie)
    kw = {"max_shard_size": shard} if shard else {}
    save(hf, tmp_path, **kw)
    if shard:
        assert (tmp_path / "model.safetensors.index.json").is_file()
    ours = load_model(tmp_path, device="cpu")
    assert isinstance(ours, GatedTransformer) and ours.config.gate == "none"
    assert ours.config.rope_theta == 1000.0
    with torch.no_grad():
        ref = hf(TOK).logits
        got = ours(TOK).logits
        got_explicit = ours(TOK, cache=["attn"]).logits
    assert torch.allclose(got, ref, atol=1e-4)
    assert torch.allclose(got_explicit, ref, atol=1e-4)


def llama():
    torch.manual_seed(1)
    cfg = transformers.LlamaConfig(
        vocab_size=V,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
    )
    return transformers.LlamaForCausalLM(cfg)


def gpt2():
    torch.manual_seed(2)
    cfg = transformers.GPT2Config(
        vocab_size=V, n_embd=32, n_layer=2, n_head=4, n_positions=64, bos_token_id=0, eos_token_id=0
    )
    return transformers.GPT2LMHeadModel(cfg)


def qwen3_next():
    torch.manual_seed(3)
    cfg = transformers.Qwen3NextConfig(
        vocab_size=V,
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=8,
        intermediate_size=64,
        layer_types=["linear_attention", "full_attention"],
        num_experts=4,
        num_experts_per_tok=2,
        moe_intermediate_size=16,
        shared_expert_intermediate_size=16,
        linear_num_value_heads=2,
        linear_num_key_heads=2,
        linear_key_head_dim=8,
        linear_value_head_dim=8,
        max_position_embeddings=64,
    )
    return transformers.Qwen3NextForCausalLM(cfg)


def zero_head_by_hand(ours, layer, head):
    """Zero one head's slice of the o_proj input of the wrapped model: the reference."""

    def pre(mod, args):
        y = args[0].clone().reshape(*args[0].shape[:2], 4, 8)
        y[:, :, head] = 0.0
        return (y.reshape(args[0].shape),)

    h = ours.parts.o_proj[layer].register_forward_pre_hook(pre)
    try:
        with torch.no_grad():
            return ours.hf(TOK).logits
    finally:
        h.remove()


@pytest.mark.parametrize("make", [llama, gpt2, qwen3_next], ids=["llama", "gpt2", "qwen3_next"])
def test_adapter_exposes_the_intervention_interface(tmp_path, make):
    hf = make().float().eval()
    save(hf, tmp_path)
    ours = load_model(tmp_path, device="cpu")
    assert type(ours).__name__ == "HFModel" and ours.n_layers == 2 and ours.n_heads == 4
    layer = ours.attention_layers[-1]
    with torch.no_grad():
        ref = hf(TOK).logits
        out = ours(TOK, cache="all")
        masked = ours(
            TOK, Interventions(head_mask=head_mask(2, 4, [(layer, 1)])), cache=["head_out"]
        )
    assert torch.allclose(out.logits, ref, atol=1e-5)
    assert out.cache["head_out"][layer].shape == (2, T, 4, 8)
    assert out.cache["attn"][layer].shape == (2, 4, T, T)
    assert len(out.cache["resid"]) == 3 and out.cache["resid"][2].shape == (2, T, 32)
    # a head mask acts on the o_proj input: equal to zeroing that slice by hand
    assert torch.allclose(masked.logits, zero_head_by_hand(ours, layer, 1), atol=1e-5)
    assert float(masked.cache["head_out"][layer][:, :, 1].abs().max()) == 0.0
    # a gate override of 0 on one head silences exactly that head (for Qwen3-Next through the
    # per-head packed gate logits in q_proj, elsewhere through the implicit gate of 1)
    ov = torch.full((1, 2, 4), math.nan)
    ov[0, layer, 1] = 0.0
    with torch.no_grad():
        gated = ours(TOK, Interventions(gate_override=ov), cache=["gate"])
        ones = ours(TOK, Interventions(gate_override=torch.where(torch.isnan(ov), ov, 1.0)))
    assert torch.allclose(gated.logits, masked.logits, atol=1e-5)
    g = gated.cache["gate"][layer]
    assert float(g[:, :, 1].abs().max()) == 0.0
    if make is qwen3_next:
        assert g.shape == (2, T, 4, 8) and 0.0 < float(g[:, :, 0].mean()) < 1.0
        assert out.cache["head_out"][0] is None  # the linear-attention layer has no heads
        with pytest.raises(ModelError, match="linear-attention"):
            ours(TOK, Interventions(head_mask=head_mask(2, 4, [(0, 0)])))
    else:
        assert torch.allclose(ones.logits, ref, atol=1e-5)
    # patching from cached head outputs of another prompt, steering, residual patches
    other = TOK.flip(1)
    with torch.no_grad():
        clean = ours(other, cache=["head_out", "resid"])
        patched = ours(
            TOK,
            Interventions(
                head_mask=torch.zeros(1, 2, 4)
                if make is not qwen3_next
                else head_mask(2, 4, [(1, h) for h in range(4)]),
                head_replacement=[
                    clean.cache["head_out"][0] if make is not qwen3_next else None,
                    clean.cache["head_out"][1],
                ],
            ),
            cache=["head_out"],
        )
        steered = ours(TOK, Interventions(steering=[Steering(1, torch.randn(32), start=6)]))
        final = ours(TOK, Interventions(resid_patches=[ResidPatch(2, clean.cache["resid"][2])]))
    assert torch.allclose(patched.cache["head_out"][1], clean.cache["head_out"][1], atol=1e-6)
    assert torch.allclose(steered.logits[:, :6], ref[:, :6], atol=1e-5)
    assert not torch.allclose(steered.logits[:, 6:], ref[:, 6:], atol=1e-3)
    assert torch.allclose(final.logits, clean.logits, atol=1e-5)


def test_adapter_bad_inputs(tmp_path):
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "config.json").write_text(json.dumps({"model_type": "bert"}))
    with pytest.raises(ModelError, match="Unknown architecture"):
        load_model(tmp_path / "cfg", device="cpu")
    save(llama(), tmp_path / "l")
    ours = load_model(tmp_path / "l", device="cpu")
    with pytest.raises(ModelError, match="head_mask"):
        ours(TOK, Interventions(head_mask=torch.ones(1, 3, 4)))
    with pytest.raises(ModelError, match="out of range"):
        ours(TOK, Interventions(steering=[Steering(5, torch.zeros(32))]))
    # a partial checkpoint (layer 1 missing) is refused rather than filled with random weights
    from safetensors.torch import load_file, save_file

    save(llama(), tmp_path / "p")
    sd = load_file(str(tmp_path / "p" / "model.safetensors"))
    save_file(
        {k: v for k, v in sd.items() if "layers.1." not in k},
        str(tmp_path / "p" / "model.safetensors"),
    )
    with pytest.raises(ModelError, match="missing"):
        load_model(tmp_path / "p", device="cpu")
    # config.json says hidden_size 48, the weights are 32 wide
    cfg = json.loads((tmp_path / "l" / "config.json").read_text())
    (tmp_path / "l" / "config.json").write_text(json.dumps({**cfg, "hidden_size": 48}))
    with pytest.raises(ModelError):
        load_model(tmp_path / "l", device="cpu")
