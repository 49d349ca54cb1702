"""The dense (accelerator) sweep engine against the per-head hook loop, in float32 and bfloat16,
on built-in models and on Qwen3-family checkpoints of each layout written to disk; patching,
attribution patching and steering on the same checkpoints; memory refusals."""

from __future__ import annotations

import copy
import dataclasses
import logging
import math

import pytest
import torch

from copilot.errors import ModelError, ProbeError
from copilot.tools.probing import dense_sweep, memory
from copilot.tools.probing.ablation import (
    HeadAblator,
    ablate_heads,
    ablate_loop,
    all_heads,
    attribution_screen,
)
from copilot.tools.probing.behaviours import get_behaviour
from copilot.tools.probing.checkpoints import load_model
from copilot.tools.probing.model import GatedTransformer, ModelConfig
from copilot.tools.probing.patching import patch_activations, patch_attribution, resolve_pairs
from copilot.tools.probing.steering import steer

transformers = pytest.importorskip("transformers")
pytestmark = pytest.mark.usefixtures("one_torch_thread")
N_PROMPTS = 6
# the equality tests run on CUDA too where there is one (benchmarks/gpu_check.sh)
DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


@pytest.fixture(autouse=True)
def _quiet():
    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    logging.getLogger("transformers").setLevel(logging.ERROR)


def random_native(gate: str, attn_only: bool, n_kv: int, layers: int = 3) -> GatedTransformer:
    """A random model whose weights are large enough that every head matters."""
    torch.manual_seed(0)
    cfg = ModelConfig(
        vocab_size=64,
        n_layers=layers,
        n_heads=4,
        n_kv_heads=n_kv,
        d_model=32,
        d_mlp=64,
        gate=gate,
        attn_only=attn_only,
        meta={"task": "induction", "task_length": 8},
    )
    m = GatedTransformer(cfg).eval()
    with torch.no_grad():
        for p in m.parameters():
            p.mul_(3.0)
    return m


def close(got, want, dtype) -> None:
    ok, worst = dense_sweep.within_tolerance(got, want, dtype)
    assert ok, f"{dtype}: max |diff| {worst:.3g} beyond {dense_sweep.tolerance(dtype)}"


SETS_EXTRA = [[(0, 1), (0, 2)], [(0, 1), (2, 3)], [(1, 0), (2, 1)], [(2, 0), (2, 3)]]


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize(
    "gate,attn_only,n_kv",
    [("headwise", False, 2), ("elementwise", True, 4), ("none", False, 2)],
)
def test_dense_engine_equals_the_loop_in_float32(gate, attn_only, n_kv, device):
    m = random_native(gate, attn_only, n_kv).to(device)
    beh = get_behaviour("induction", m, n_prompts=N_PROMPTS, seed=0)
    heads = all_heads(m)
    sets = [[h] for h in heads] + SETS_EXTRA
    for method in ("zero", "mean", "resample", "gate"):
        if method == "gate" and gate == "none":
            continue
        ab = HeadAblator(m, beh, "loss", method, engine="dense")
        got = ab.evaluate(sets)
        assert float((got - ab.base).abs().max()) > 0.1  # the ablations change something
        # every engine path agrees: cpu engine, plain batched forward, and the hook loop
        cpu = HeadAblator(m, beh, "loss", method, engine="cpu").evaluate(sets)
        plain = HeadAblator(m, beh, "loss", method, fast=False).evaluate(sets)
        close(got, cpu, torch.float32)
        close(got, plain, torch.float32)
        if method != "gate":
            loop = ablate_loop(m, beh, heads, "loss", method, replacement=ab.replacement)
            close(got[: len(heads)], loop, torch.float32)


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16])
@pytest.mark.parametrize("device", DEVICES)
def test_dense_engine_in_half_precision_is_within_its_tolerance_of_float32(device, dtype):
    m = random_native("headwise", False, 2).to(device)
    mb = copy.deepcopy(m).to(dtype)
    beh = get_behaviour("induction", m, n_prompts=N_PROMPTS, seed=0)
    heads = all_heads(m)
    for method in ("zero", "resample"):
        ab32 = HeadAblator(m, beh, "loss", method)
        want = ablate_loop(m, beh, heads, "loss", method, replacement=ab32.replacement)
        ab16 = HeadAblator(mb, beh, "loss", method)
        assert ab16.engine == "dense"  # half precision (or a GPU) picks the dense engine
        got = ab16.evaluate([[h] for h in heads])
        assert got.dtype == torch.float32  # the metric is taken in float32
        close(got, want, dtype)
        assert not dense_sweep.within_tolerance(got, want, torch.float32)[0]  # it is half precision
        # the loop itself in half precision is as far from float32: the tolerance is the dtype's
        loop16 = ablate_loop(mb, beh, heads, "loss", method, replacement=ab16.replacement)
        close(loop16, want, dtype)


def test_the_engine_is_picked_by_device_and_dtype_and_bad_names_are_refused():
    m = random_native("none", True, 4, layers=2)
    beh = get_behaviour("induction", m, n_prompts=4, seed=0)
    assert HeadAblator(m, beh, "loss").engine == "cpu"
    with pytest.raises(ProbeError, match="engine"):
        HeadAblator(m, beh, "loss", engine="gpu")
    res = ablate_heads(m, beh, n_boot=0, engine="dense")
    ref = ablate_heads(m, beh, n_boot=0, engine="cpu")
    got = {(h.layer, h.head): h.effect for h in res.heads}
    assert all(abs(got[(h.layer, h.head)] - h.effect) < 2e-5 for h in ref.heads)


# ---------------------------------------------------------------------------------------------
# checkpoints of each Qwen3-family layout, written to disk and loaded back
# ---------------------------------------------------------------------------------------------
V = 61


def _scaled(model):
    with torch.no_grad():
        for name, p in model.named_parameters():
            if "norm" not in name:
                p.mul_(3.0)
    return model.float().eval()


def plain_qwen3():
    torch.manual_seed(0)
    cfg = transformers.Qwen3Config(
        vocab_size=V,
        hidden_size=32,
        num_hidden_layers=3,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=8,
        intermediate_size=64,
        max_position_embeddings=64,
        tie_word_embeddings=False,
    )
    return _scaled(transformers.Qwen3ForCausalLM(cfg))


def qwen3_next():
    torch.manual_seed(3)
    cfg = transformers.Qwen3NextConfig(
        vocab_size=V,
        hidden_size=32,
        num_hidden_layers=3,
        num_attention_heads=4,
        num_key_value_heads=2,
        head_dim=8,
        intermediate_size=64,
        layer_types=["full_attention", "linear_attention", "full_attention"],
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
    return _scaled(transformers.Qwen3NextForCausalLM(cfg))


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory):
    """Folders: plain Qwen3 (save_pretrained), the gated Qwen3 of Qiu et al. (its packed
    q_proj layout, which transformers cannot write), Qwen3-Next (save_pretrained)."""
    from test_model_checkpoints import tiny, write_gated_qwen3

    root = tmp_path_factory.mktemp("ckpt")
    plain_qwen3().save_pretrained(str(root / "qwen3"))
    gated = tiny(gate="elementwise")
    with torch.no_grad():
        for name, p in gated.named_parameters():
            if "norm" not in name:
                p.mul_(3.0)
    write_gated_qwen3(gated, root / "qwen3_gated")
    qwen3_next().save_pretrained(str(root / "qwen3_next"))
    return root


LAYOUTS = [
    ("qwen3", "auto", "GatedTransformer"),
    ("qwen3", "hf", "HFModel"),
    ("qwen3_gated", "auto", "GatedTransformer"),
    ("qwen3_next", "auto", "HFModel"),
]
IDS = ["qwen3", "qwen3-transformers", "qwen3-qiu-gated", "qwen3-next"]


def _load(root, folder, backend, dtype, device="cpu"):
    return load_model(root / folder, device=device, dtype=dtype, backend=backend)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("folder,backend,kind", LAYOUTS, ids=IDS)
def test_sweep_on_checkpoints_equals_the_loop_and_bfloat16_is_within_tolerance(
    checkpoints, folder, backend, kind, device
):
    m32 = _load(checkpoints, folder, backend, "float32", device)
    m16 = _load(checkpoints, folder, backend, "bfloat16", device)
    assert type(m32).__name__ == kind and m16.dtype == torch.bfloat16
    beh = get_behaviour("induction", m32, n_prompts=N_PROMPTS, seed=0)
    heads = all_heads(m32)
    # the linear-attention layer of Qwen3-Next has no heads
    assert len(heads) == 4 * (m32.n_layers - (folder == "qwen3_next"))
    sets = [[h] for h in heads] + [[heads[0], heads[-1]]]
    ab = HeadAblator(m32, beh, "loss", "zero", engine="dense")
    got = ab.evaluate(sets)
    loop = ablate_loop(m32, beh, heads, "loss")
    close(got[: len(heads)], loop, torch.float32)
    close(got, HeadAblator(m32, beh, "loss", "zero").evaluate(sets), torch.float32)
    assert float((got - ab.base).abs().max()) > 0.05
    got16 = HeadAblator(m16, beh, "loss", "zero").evaluate(sets)
    close(got16, got, torch.bfloat16)
    # patching: the clean run's head outputs put into corrupted runs, sweep against loop
    clean, corrupt, metric = resolve_pairs(m32, "induction", n_prompts=N_PROMPTS, seed=0)
    with torch.no_grad():
        rep = [
            None if t is None else t.detach()
            for t in m32(clean.tokens, cache=("head_out",)).cache["head_out"]
        ]
    pab = HeadAblator(m32, corrupt, metric, "resample", replacement=rep, engine="dense")
    pv = pab.evaluate([[h] for h in heads])
    close(pv, ablate_loop(m32, corrupt, heads, metric, replacement=rep), torch.float32)


@pytest.mark.parametrize("folder,backend,kind", LAYOUTS, ids=IDS)
def test_patching_attribution_and_steering_run_on_checkpoints(checkpoints, folder, backend, kind):
    # random weights know no induction: the targets are the float32 model's own predictions,
    # and the corrupted prompts change the repeated half, so the clean-corrupted gap is large
    m = _load(checkpoints, folder, backend, "float32")
    beh = get_behaviour("induction", m, n_prompts=N_PROMPTS, seed=0)
    with torch.no_grad():
        beh = dataclasses.replace(beh, targets=m(beh.tokens).logits.argmax(-1))
    half = beh.seq_len // 2
    corrupted = beh.tokens.clone()
    corrupted[:, half:] = (corrupted[:, half:] + 7) % m.config.vocab_size
    kw = dict(corrupted=corrupted, n_boot=50)
    runs = {}
    for dtype in ("float32", "bfloat16"):
        m = _load(checkpoints, folder, backend, dtype)
        L = m.n_layers
        pa = patch_activations(m, beh, units=("heads",), **kw)
        assert len(pa.heads) == len(all_heads(m))
        assert all(math.isfinite(e.recovery) for e in pa.heads)
        pt = patch_attribution(m, beh, top_k=3, **kw)
        at = attribution_screen(m, beh, n_boot=50, top_k=3)
        pos = [list(range(1, 9)), list(range(2, 10))]
        neg = [list(range(30, 38)), list(range(31, 39))]
        st = steer(m, pos, neg, L - 1, behaviour=beh, alphas=(0.0, 4.0), n_boot=50)
        runs[dtype] = (pa, pt, at, st)
        assert all(math.isfinite(e.effect) for e in at.estimates + at.verified + pt.verified)
    (pa32, pt32, at32, st32), (pa16, pt16, at16, st16) = runs["float32"], runs["bfloat16"]
    # bfloat16 against float32 on what does not divide by a small clean-corrupted gap
    for a, b in zip(st32.sweep, st16.sweep, strict=True):
        close(torch.tensor([b.metric.value]), torch.tensor([a.metric.value]), torch.bfloat16)
    assert st32.sweep[0].side_effect_kl.value < 1e-6  # alpha 0 changes nothing
    assert st32.sweep[1].metric.value != st32.sweep[0].metric.value
    # recoveries divide a difference of two metrics by the clean-corrupted gap
    atol, rtol = dense_sweep.tolerance(torch.bfloat16)
    size = max(abs(pa32.clean.value), abs(pa32.corrupted.value))
    gap = abs(pa32.clean.value - pa32.corrupted.value)
    assert gap > 0.3  # the pairs differ well beyond bfloat16 rounding
    r_tol = 2 * (atol + rtol * size) / gap
    r16 = {(e.layer, e.head): e.recovery for e in pa16.heads}
    assert all(abs(e.recovery - r16[(e.layer, e.head)]) <= r_tol for e in pa32.heads)
    v16 = {(e.layer, e.head): e.effect for e in pt16.verified}
    assert all(
        abs(e.effect - v16[(e.layer, e.head)]) <= r_tol
        for e in pt32.verified
        if (e.layer, e.head) in v16
    )
    e32 = {(e.layer, e.head): e.effect for e in at32.verified}
    e16 = {(e.layer, e.head): e.effect for e in at16.verified}
    base = abs(at32.baseline)
    for h in set(e32) & set(e16):
        atol, rtol = dense_sweep.tolerance(torch.bfloat16)
        assert abs(e32[h] - e16[h]) <= 2 * (atol + rtol * base), h  # a difference of two


def test_memory_plan_sizes_batches_and_refuses_what_cannot_fit(monkeypatch):
    m = random_native("headwise", False, 2)
    beh = get_behaviour("induction", m, n_prompts=N_PROMPTS, seed=0)
    heads = all_heads(m)
    ab = HeadAblator(m, beh, "loss", engine="dense")
    one = dense_sweep.bytes_per_set(ab, ab.T_eff, full=False)
    # a budget of three sets: the sweep runs in batches of three, with the same results
    small = HeadAblator(m, beh, "loss", engine="dense", memory_mb=3.5 * one / 2**20)
    assert dense_sweep.sets_per_batch(small, small.T_eff, full=False) == 3
    close(small.evaluate([[h] for h in heads]), ab.evaluate([[h] for h in heads]), torch.float32)
    # free memory is what sizes the batch when no budget is given
    monkeypatch.setattr(dense_sweep, "free_device_bytes", lambda dev: 10 * one)
    assert dense_sweep.sets_per_batch(ab, ab.T_eff, full=False) == 2  # 25% of 10 sets
    monkeypatch.setattr(dense_sweep, "free_device_bytes", lambda dev: one)
    with pytest.raises(ProbeError, match="needs about") as e:
        HeadAblator(m, beh, "loss", engine="dense")
    assert "fewer or shorter prompts" in e.value.hint
    # the weights of a model that cannot fit a CUDA device are refused before loading
    monkeypatch.setattr(memory, "free_device_bytes", lambda dev: 10**9)
    memory.check_device_fits(10**8, 2, "cuda", "m")  # 200 MB of 1 GB: fine
    with pytest.raises(ModelError, match="free there") as e:
        memory.check_device_fits(6 * 10**8, 2, "cuda", "big")
    assert "bfloat16" in e.value.hint
    memory.check_device_fits(10**12, 2, "cpu", "m")  # a CPU is checked before building
