"""Checkpoints: own format, gated Qwen3 packing, bad directories, the shipped demo, training."""

from __future__ import annotations

import json

import pytest
import torch
from safetensors.torch import save_file

from copilot.errors import InputError, ModelError
from copilot.tools.probing import checkpoints as ck
from copilot.tools.probing.model import GatedTransformer, Interventions, ModelConfig, head_mask

# torch work in these tests runs on one thread (see conftest)
pytestmark = pytest.mark.usefixtures("one_torch_thread")


def tiny(gate="headwise", tie=False, n_kv=2, bias=False, seed=0):
    torch.manual_seed(seed)
    cfg = ModelConfig(
        vocab_size=40,
        n_layers=2,
        n_heads=4,
        n_kv_heads=n_kv,
        d_model=32,
        d_mlp=48,
        gate=gate,
        tie_embeddings=tie,
        attn_bias=bias,
    )
    m = GatedTransformer(cfg).eval()
    with torch.no_grad():
        for name, p in m.named_parameters():
            if "norm" in name or name.endswith("bias"):
                p.add_(0.1 * torch.randn_like(p))
            if "g_proj" in name:
                p.mul_(30.0)
    return m


TOK = torch.randint(0, 40, (2, 9), generator=torch.Generator().manual_seed(3))


def logits(m, tok=TOK):
    with torch.no_grad():
        return m(tok).logits


@pytest.mark.parametrize("tie", [False, True])
def test_save_load_round_trip(tmp_path, tie):
    m = tiny(tie=tie)
    ck.save_model(m, tmp_path / "m")
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == [
        "config.json",
        "model.safetensors",
    ]
    back = ck.load_model(tmp_path / "m", device="cpu")
    assert back.config == m.config
    assert torch.equal(logits(back), logits(m))


def test_split_gated_q_proj_both_layouts():
    H, K, D, C = 4, 2, 3, 5
    G = H // K
    # each row says what it is: 1000 * kind (1 query, 2 gate) + 10 * head + dim
    for gate, g in (("headwise", 1), ("elementwise", D)):
        kv_rows, head_rows = [], []
        for k in range(K):  # Qiu et al.: per KV group, queries of its heads, then their gates
            heads = range(k * G, (k + 1) * G)
            kv_rows += [1000 + 10 * h + d for h in heads for d in range(D)]
            kv_rows += [2000 + 10 * h + d for h in heads for d in range(g)]
        for h in range(H):  # Qwen3-Next: per head, its query then its gate
            head_rows += [1000 + 10 * h + d for d in range(D)] + [
                2000 + 10 * h + d for d in range(g)
            ]
        want_q = torch.tensor([1000 + 10 * h + d for h in range(H) for d in range(D)]).float()
        want_g = torch.tensor([2000 + 10 * h + d for h in range(H) for d in range(g)]).float()
        for layout, rows in (("kv_group", kv_rows), ("per_head", head_rows)):
            w = torch.tensor(rows).float()[:, None].expand(-1, C)
            q, gt = ck.split_gated_q_proj(w, H, K, D, gate, layout)
            assert torch.equal(q[:, 0], want_q), (gate, layout)
            assert torch.equal(gt[:, 0], want_g), (gate, layout)
            qb, gb = ck.split_gated_q_proj(torch.tensor(rows).float(), H, K, D, gate, layout)
            assert torch.equal(qb, want_q) and torch.equal(gb, want_g)
    with pytest.raises(ModelError, match="rows"):
        ck.split_gated_q_proj(torch.zeros(7, C), H, K, D, "headwise")


def write_gated_qwen3(m: GatedTransformer, path, shards: int = 1) -> None:
    """Write `m` in the Hugging Face layout of the gated Qwen3 of Qiu et al. (packed q_proj)."""
    c = m.config
    G = c.n_heads // c.n_kv_heads
    g = 1 if c.gate == "headwise" else c.head_dim
    sd = m.state_dict()
    hf = {
        "model.embed_tokens.weight": sd["embed.weight"],
        "model.norm.weight": sd["norm.weight"],
        "lm_head.weight": sd["lm_head.weight"],
    }
    names = {
        "attn_norm.weight": "input_layernorm.weight",
        "mlp_norm.weight": "post_attention_layernorm.weight",
    }
    for i in range(c.n_layers):
        p = f"layers.{i}."
        for k, v in sd.items():
            if not k.startswith(p) or ".q_proj." in k or ".g_proj." in k:
                continue
            rest = k[len(p) :]
            hf_name = names.get(rest) or rest.replace("attn.", "self_attn.")
            hf[f"model.layers.{i}.{hf_name}"] = v
        for part in ("weight", "bias"):
            if f"{p}attn.q_proj.{part}" not in sd:
                continue
            q = sd[f"{p}attn.q_proj.{part}"].reshape(c.n_kv_heads, G * c.head_dim, -1)
            gt = sd[f"{p}attn.g_proj.{part}"].reshape(c.n_kv_heads, G * g, -1)
            packed = torch.cat([q, gt], dim=1).reshape(c.n_heads * (c.head_dim + g), -1)
            hf[f"model.layers.{i}.self_attn.q_proj.{part}"] = (
                packed.squeeze(-1) if part == "bias" else packed
            )
    cfg = {
        "model_type": "qwen3",
        "architectures": ["Qwen3ForCausalLM"],
        "vocab_size": c.vocab_size,
        "hidden_size": c.d_model,
        "intermediate_size": c.d_mlp,
        "num_hidden_layers": c.n_layers,
        "num_attention_heads": c.n_heads,
        "num_key_value_heads": c.n_kv_heads,
        "head_dim": c.head_dim,
        "rms_norm_eps": c.rms_eps,
        "rope_theta": c.rope_theta,
        "attention_bias": c.attn_bias,
        "tie_word_embeddings": False,
        "hidden_act": "silu",
        f"{c.gate}_attn_output_gate": True,
        "max_position_embeddings": 128,
    }
    path.mkdir()
    (path / "config.json").write_text(json.dumps(cfg))
    keys = sorted(hf)
    if shards == 1:
        save_file({k: hf[k].contiguous() for k in keys}, str(path / "model.safetensors"))
        return
    weight_map = {}
    for s in range(shards):
        name = f"model-{s + 1:05d}-of-{shards:05d}.safetensors"
        part = keys[s::shards]
        save_file({k: hf[k].contiguous() for k in part}, str(path / name))
        weight_map.update({k: name for k in part})
    (path / "model.safetensors.index.json").write_text(json.dumps({"weight_map": weight_map}))


@pytest.mark.parametrize("gate,bias,shards", [("headwise", False, 1), ("elementwise", True, 3)])
def test_gated_qwen3_checkpoint_loads_with_gates_on_the_right_heads(tmp_path, gate, bias, shards):
    m = tiny(gate=gate, bias=bias)
    write_gated_qwen3(m, tmp_path / "q", shards=shards)
    assert ck.checkpoint_kind(tmp_path / "q") == "qwen3"
    back = ck.load_model(tmp_path / "q", device="cpu")
    assert back.config.gate == gate and back.config.n_kv_heads == 2
    assert torch.allclose(logits(back), logits(m), atol=1e-6)
    # gate values per head agree, head by head
    with torch.no_grad():
        ga = m(TOK, cache=["gate"]).cache["gate"]
        gb = back(TOK, cache=["gate"]).cache["gate"]
    for a, b in zip(ga, gb, strict=True):
        assert torch.allclose(a, b, atol=1e-6)
    # reading the kv_group packing as per_head puts gates on the wrong heads: logits differ
    wrong = ck.load_model(tmp_path / "q", device="cpu", gate_layout="per_head")
    assert not torch.allclose(logits(wrong), logits(m), atol=1e-3)


def test_bad_checkpoint_directories(tmp_path):
    with pytest.raises(ModelError, match="does not exist"):
        ck.load_model(tmp_path / "nope", device="cpu")
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelError, match="no config.json"):
        ck.load_model(tmp_path / "empty", device="cpu")
    pk = tmp_path / "pickled"
    pk.mkdir()
    (pk / "config.json").write_text(json.dumps({"model_type": "llama"}))
    (pk / "pytorch_model.bin").write_bytes(b"\x80\x04not really")
    with pytest.raises(ModelError, match="pickle") as e:
        ck.load_model(pk, device="cpu")
    assert "safetensors" in e.value.hint
    nocfg = tmp_path / "nocfg"
    nocfg.mkdir()
    (nocfg / "model.pt").write_bytes(b"x")
    with pytest.raises(ModelError, match="pickle"):
        ck.load_model(nocfg, device="cpu")
    m = tiny()
    ck.save_model(m, tmp_path / "ok")
    partial = tmp_path / "partial"
    partial.mkdir()
    (partial / "config.json").write_text((tmp_path / "ok" / "config.json").read_text())
    with pytest.raises(ModelError, match="partial"):
        ck.load_model(partial, device="cpu")
    (partial / "model.safetensors.index.json").write_text(
        json.dumps({"weight_map": {"a": "model-00001-of-00002.safetensors"}})
    )
    with pytest.raises(ModelError, match="shards are missing"):
        ck.load_model(partial, device="cpu")
    unk = tmp_path / "bert"
    unk.mkdir()
    (unk / "config.json").write_text(
        json.dumps({"model_type": "bert", "architectures": ["BertModel"]})
    )
    with pytest.raises(ModelError, match="Unknown architecture") as e:
        ck.load_model(unk, device="cpu")
    assert "qwen3" in e.value.hint
    # shape mismatch: a config that says 8 heads of 4 for weights made with 4 heads of 8
    cfg = json.loads((tmp_path / "ok" / "config.json").read_text())
    mism = tmp_path / "mismatch"
    mism.mkdir()
    (mism / "config.json").write_text(
        json.dumps({**cfg, "n_heads": 8, "n_kv_heads": 8, "head_dim": 8})
    )
    (mism / "model.safetensors").write_bytes((tmp_path / "ok" / "model.safetensors").read_bytes())
    with pytest.raises(ModelError, match="shape mismatch"):
        ck.load_model(mism, device="cpu")
    (mism / "config.json").write_text(json.dumps({**cfg, "gate": "none"}))
    with pytest.raises(ModelError, match="does not know"):
        ck.load_model(mism, device="cpu")
    with pytest.raises(ModelError, match="known models"):
        ck.resolve_model_path("no-such-model", workspace=tmp_path)


def test_shipped_demo_model_has_induction():
    from copilot.tools.probing.tasks import induction_losses

    m = ck.load_demo_model(device="cpu")
    assert m.config.attn_only and m.config.gate == "headwise" and m.n_layers == 2
    losses = induction_losses(m, half=16, batch=32)
    assert losses["first_half_loss"] > 3.0  # random tokens: about ln(64) = 4.16
    assert losses["second_half_loss"] < 0.5  # the repeat is predicted
    assert losses["second_half_loss"] < 0.15 * losses["first_half_loss"]
    demo = ck.SHIPPED_MODELS_DIR / ck.DEMO_NAME
    assert sum(p.stat().st_size for p in demo.iterdir()) < 2_000_000
    listed = {e["name"]: e for e in ck.list_models(workspace=None)}
    assert listed[ck.DEMO_NAME]["source"] == "shipped" and listed[ck.DEMO_NAME]["n_heads"] == 4
    info = ck.model_info(m)
    assert info["params"] == m.num_params() and info["device"] == "cpu"


def test_demo_model_is_trained_and_cached_when_not_shipped(tmp_path, monkeypatch):
    monkeypatch.setattr(ck, "SHIPPED_MODELS_DIR", tmp_path / "none")
    calls = []

    def fake_train(task, **kw):
        calls.append((task, kw))
        m = tiny()
        ck.save_model(m, kw["out"])
        return type("R", (), {"model": m})()

    m1 = ck.load_demo_model(workspace=tmp_path / "ws", train=fake_train)
    assert len(calls) == 1 and calls[0][0] == "induction"
    assert (tmp_path / "ws" / "models" / ck.DEMO_NAME / "model.safetensors").is_file()
    m2 = ck.load_demo_model(workspace=tmp_path / "ws", train=fake_train)  # cached: no training
    assert len(calls) == 1 and torch.equal(logits(m1), logits(m2))


def test_training_smoke_is_deterministic_and_saves(tmp_path):
    from copilot.tools.probing.train import train_model

    seen = []
    kw = dict(gate="elementwise", layers=1, heads=2, d_model=16, steps=6, batch_size=8, seed=3)
    a = train_model("copy", out=tmp_path / "a", progress=seen.append, **kw)
    b = train_model("copy", **kw)
    assert [h for h in a.history] == [h for h in b.history]
    assert seen and seen[-1].done == 6 and seen[-1].total == 6
    back = ck.load_model(tmp_path / "a", device="cpu")
    assert torch.equal(logits(back, TOK % 32), logits(a.model, TOK % 32))
    assert back.config.meta["task"] == "copy" and "metrics" in back.config.meta
    with pytest.raises(InputError, match="task"):
        train_model("sorting")
    with pytest.raises(InputError, match="gate"):
        train_model("copy", gate="sideways")


def test_interventions_on_a_loaded_model(tmp_path):
    m = ck.load_demo_model(device="cpu")
    iv = Interventions(head_mask=head_mask(m.n_layers, m.n_heads, [(1, 1)]))
    with torch.no_grad():
        out = m(TOK % 64, iv, cache=["head_out"])
    assert float(out.cache["head_out"][1][:, :, 1].abs().max()) == 0.0
