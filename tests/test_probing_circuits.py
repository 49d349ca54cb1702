"""Known answers for path patching, q/k/v-input and head x position patching, the logit lens,
direct logit attribution, attribution patching for `probe patch`, and the extended cache."""

from __future__ import annotations

import pytest
import torch

from copilot.errors import ModelError, ProbeError
from copilot.tools.probing.behaviours import get_behaviour
from copilot.tools.probing.checkpoints import load_demo_model
from copilot.tools.probing.circuits import patch_head_inputs, patch_head_positions, path_patch
from copilot.tools.probing.lens import logit_lens
from copilot.tools.probing.model import CACHE_NAMES, HeadInput, Interventions
from copilot.tools.probing.patching import patch_activations, patch_attribution

INDUCTION_HEADS = [(1, 0), (1, 1), (1, 2), (1, 3)]
PREV_TOKEN_HEAD = (0, 2)  # previous-token score 0.60 on the demo model


@pytest.fixture(scope="module")
def demo():
    torch.set_num_threads(1)
    return load_demo_model()


def _path(res, receiver, via):
    (p,) = [p for p in res.paths if p.receiver == receiver and p.via == via]
    return p


def test_k_composition_of_the_induction_circuit(demo):
    res = path_patch(
        demo,
        "induction",
        PREV_TOKEN_HEAD,
        INDUCTION_HEADS,
        via=["q", "k"],
        n_prompts=32,
        n_boot=200,
    )
    joint_k = _path(res, INDUCTION_HEADS, "k")
    joint_q = _path(res, INDUCTION_HEADS, "q")
    # the previous-token head reaches the induction heads through their keys: loss rises
    assert joint_k.ci[0] > 0.5
    for h in INDUCTION_HEADS:
        assert _path(res, [h], "k").ci[0] > 0.1
    # and hardly through their queries
    assert abs(joint_q.effect) < 0.05 * joint_k.effect
    d = res.model_dump(mode="json")
    assert set(d["paths"][0]) >= {"sender", "receiver", "via", "effect", "ci"}


def test_path_patching_with_the_sender_unchanged_is_no_effect(demo):
    # resampling a single prompt onto itself changes nothing: every path effect is 0
    beh = get_behaviour("induction", demo, n_prompts=1, seed=0)
    res = path_patch(demo, beh, PREV_TOKEN_HEAD, [(1, 0)], via="resid", method="resample", n_boot=0)
    assert abs(res.paths[0].effect) < 1e-5


def test_path_patching_checks_its_input(demo):
    with pytest.raises(ProbeError, match="later layer"):
        path_patch(demo, "induction", (1, 0), [(1, 1)], n_prompts=4, n_boot=0)
    with pytest.raises(ProbeError, match="Unknown input"):
        path_patch(demo, "induction", (0, 2), [(1, 1)], via="x", n_prompts=4, n_boot=0)
    with pytest.raises(ProbeError, match="Unknown method"):
        path_patch(demo, "induction", (0, 2), [(1, 1)], method="x", n_prompts=4, n_boot=0)


def test_head_inputs_patching_reads_queries_as_unchanged(demo):
    res = patch_head_inputs(demo, "induction", n_prompts=32, n_boot=200)
    layer1 = [u for u in res.units if u.layer == 1]
    # second-half queries are the same tokens in clean and corrupted prompts: nothing to recover
    assert all(abs(u.recovery) < 0.01 for u in layer1 if u.input == "q")
    # the values carry the token to copy: each induction head's v input recovers some
    assert all(u.ci[0] > 0 for u in layer1 if u.input == "v")


def test_head_position_patching_adds_up_to_the_head(demo, monkeypatch):
    from copilot.tools.probing import circuits

    pos = patch_head_positions(demo, "induction", heads=[(1, 0), (1, 3)], n_prompts=16, n_boot=0)
    monkeypatch.setattr(circuits, "MEMORY_BYTES", 1)  # one position per batch: the same answer
    one = patch_head_positions(demo, "induction", heads=[(1, 0), (1, 3)], n_prompts=16, n_boot=0)
    assert [u.recovery for u in one.units] == pytest.approx(
        [u.recovery for u in pos.units], abs=1e-5
    )
    whole = patch_activations(demo, "induction", units=["heads"], n_prompts=16, n_boot=0)
    by_head = {(e.layer, e.head): e.recovery for e in whole.heads}
    for row, head in zip(pos.grid(), [(1, 0), (1, 3)], strict=True):
        # a last-layer head's output at one position reaches only that position's logits
        assert sum(row) == pytest.approx(by_head[head], abs=1e-4)
        assert all(abs(v) < 1e-6 for v in row[:16])  # the unscored first half


def test_logit_lens_and_direct_attribution(demo):
    res = logit_lens(demo, "induction", n_prompts=16, n_boot=200)
    beh = get_behaviour("induction", demo, n_prompts=16, seed=0)
    with torch.no_grad():
        logits = demo(beh.tokens).logits
    rows, cols = beh.scored()
    real = logits[rows, cols, beh.targets[rows, cols]] - logits[rows, cols, beh.foils[rows, cols]]
    # the lens at the final residual is the model's own output
    from copilot.tools.probing.behaviours import metric_per_prompt

    assert res.lens[-1].value == pytest.approx(
        float(metric_per_prompt(logits, beh, "loss").mean()), abs=1e-5
    )
    # before layer 1 the repeated half is not predicted (near chance); after, it is
    assert res.lens[1].ci[0] > 0.8 * res.chance > res.lens[-1].ci[1]
    # contributions add up to the real logit difference, and the induction heads write it
    assert res.answer_value == pytest.approx(float(real.mean()), abs=1e-3)
    assert {(c.layer, c.head) for c in res.contributions[:4]} == set(INDUCTION_HEADS)


def test_attribution_patching_is_verified_by_patching(demo):
    res = patch_attribution(demo, "induction", top_k=8, n_prompts=32, n_boot=200)
    assert res.verified_by == "patching"
    assert {(e.layer, e.head) for e in res.estimates[:4]} == set(INDUCTION_HEADS)
    assert res.spearman is not None and res.spearman > 0.7


def test_cache_names_and_head_inputs(demo):
    tokens = torch.randint(0, 64, (2, 12))
    out = demo(tokens, cache="all")
    assert set(out.cache) == set(CACHE_NAMES)
    assert out.get("q.1").shape == (2, 4, 12, 16)
    s = out.get("attn_scores.0")
    assert torch.allclose(s.softmax(-1), out.get("attn.0"), atol=1e-6)
    # a head reading its own stream as input changes nothing
    iv = Interventions(head_inputs=[HeadInput(1, "k", out.get("resid.1"), [0, 3])])
    assert torch.allclose(demo(tokens, iv).logits, out.logits, atol=1e-4)
    with pytest.raises(ModelError, match="hook name"):
        out.get("nope.1")
    with pytest.raises(ModelError, match="head input"):
        demo(tokens, Interventions(head_inputs=[HeadInput(1, "z", out.get("resid.1"), [0])]))


def test_mlp_cache_and_attribution_add_up_with_mlps_and_biases():
    from copilot.tools.probing.behaviours import metric_per_prompt
    from copilot.tools.probing.model import GatedTransformer, ModelConfig

    torch.manual_seed(1)
    cfg = ModelConfig(vocab_size=32, n_layers=2, n_heads=2, d_model=16, d_mlp=24, attn_bias=True)
    m = GatedTransformer(cfg).eval()
    tokens = torch.randint(0, 32, (3, 10))
    out = m(tokens, cache=("mlp_hidden", "mlp_out"))
    assert out.get("mlp_hidden.1").shape == (3, 10, 24)
    assert torch.allclose(m.layers[1].mlp.down_proj(out.get("mlp_hidden.1")), out.get("mlp_out.1"))
    beh = get_behaviour("induction", m, n_prompts=8, seed=0)
    res = logit_lens(m, beh, metric="logit_diff", n_boot=0)
    with torch.no_grad():
        real = metric_per_prompt(m(beh.tokens).logits, beh, "logit_diff")
    assert res.answer_value == pytest.approx(float(real.mean()), abs=1e-4)
    assert {c.component for c in res.contributions} >= {"L1 mlp", "L0 attn bias", "embed"}


def test_agent_tools_and_cli_reach_path_patching_and_the_lens(tmp_path, demo):
    from typer.testing import CliRunner

    from copilot.agents.registry import ToolEnv, build_registry
    from copilot.cli import app
    from copilot.settings import load_settings
    from copilot.workspace import Workspace

    reg = build_registry(entry_points=False)
    ws = Workspace(tmp_path)
    ws.add_model(demo, "demo")
    env = ToolEnv(workspace=ws, settings=load_settings(workspace=tmp_path))
    out = reg.get("path_patching").run(
        {"model": "demo", "sender": "0.2", "receivers": ["1.1"], "via": "k", "n_prompts": 8,
         "n_boot": 100},
        env,
    )  # fmt: skip
    assert out.ok and out.result["paths"][0]["ci"][0] > 0
    out = reg.get("logit_lens").run({"model": "demo", "n_prompts": 8, "n_boot": 0}, env)
    assert out.ok and len(out.result["lens"]) == 3
    out = reg.get("activation_patching").run(
        {"model": "demo", "units": ["heads"], "n_prompts": 8, "n_boot": 0, "attribution": 4}, env
    )
    assert out.ok and out.result["attribution"]["verified_by"] == "patching"
    out = reg.get("activation_patching").run(
        {"model": "demo", "units": ["inputs"], "n_prompts": 4, "n_boot": 0}, env
    )
    assert out.ok and {u["input"] for u in out.result["units"]} == {"q", "k", "v"}

    r = CliRunner().invoke(
        app,
        ["probe", "path", "demo", "--sender", "0.2", "--receiver", "1.0", "--via", "q,k",
         "--n-prompts", "8", "--bootstrap", "100", "--json"],
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    assert [p["via"] for p in __import__("json").loads(r.stdout)["paths"]] == ["q", "k"]
    r = CliRunner().invoke(app, ["probe", "path", "demo", "--sender", "1.2", "--receiver", "1.0"])
    assert r.exit_code == 2 and "later layer" in r.output


def test_offline_planner_reads_path_patching_and_logit_lens_questions():
    from copilot.agents.intents import parse_question

    it = parse_question("path patching from 0.2 to 1.0 and 1.1 via the keys")
    assert (it.kind, it.layer, it.head, it.receivers, it.method) == (
        "path",
        0,
        2,
        ["1.0", "1.1"],
        "k",
    )
    assert parse_question("show the logit lens for recall").kind == "lens"
    assert parse_question("direct logit attribution please").kind == "lens"
