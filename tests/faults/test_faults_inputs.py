"""Files the user named and model files that claim absurd sizes or hold NaN weights
(issue cases 6 and 7)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from copilot import Copilot
from copilot.agents.registry import ToolEnv
from copilot.cli import app
from copilot.errors import InputError, ModelError
from copilot.workspace import Workspace
from tests.test_agent import ScriptedChatModel, tc

runner = CliRunner()
DEMO = Path(__file__).resolve().parents[2] / "examples" / "models" / "induction-demo"


# named files ------------------------------------------------------------------------------
@pytest.fixture
def two_graphs(tmp_path, monkeypatch):
    """examples/data/g.dot (named by the user) and data/g.dot (another file, same tail)."""
    monkeypatch.chdir(tmp_path)
    for folder, edge in (("examples/data", "price -> sales"), ("data", "sales -> price")):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "g.dot").write_text(f"digraph {{ {edge}; }}\n")
    return tmp_path


def test_a_file_is_the_named_one_only_when_the_paths_resolve_alike(two_graphs, tmp_path):
    env = ToolEnv(workspace=Workspace(tmp_path / "ws"), settings=None)
    env.user_text = "what is the effect of price on sales given examples/data/g.dot?"
    with pytest.raises(InputError, match="was not named"):
        env.user_file("data/g.dot", "graph file")  # a substring of the named path
    with pytest.raises(InputError, match="was not named"):
        env.user_file("examples/data/../../data/g.dot", "graph file")
    for same in (
        "examples/data/g.dot",
        "./examples/data/g.dot",
        str(two_graphs / "examples/data/g.dot"),
    ):
        assert env.user_file(same, "graph file") == same
    env.user_text = 'use "examples/data/g.dot".'  # quotes and sentence punctuation around it
    assert env.user_file("examples/./data/g.dot")


def test_the_agent_does_not_read_a_file_whose_path_only_contains_the_named_one(two_graphs):
    rng = np.random.default_rng(1)
    price = rng.normal(size=200)
    frame = pd.DataFrame({"price": price, "sales": 2 * price + rng.normal(size=200)})
    call = tc(
        "estimate_effect",
        "c1",
        dataset="shop",
        treatment="price",
        outcome="sales",
        graph="data/g.dot",
        refute=False,
    )
    model = ScriptedChatModel(script=[call, "done"])
    with Copilot(chat_model=model, workspace=two_graphs / "ws") as cp:
        answer = cp.ask("effect of price on sales given examples/data/g.dot?", data={"shop": frame})
    assert answer.steps[0].error == "The graph file 'data/g.dot' was not named in the question."


# model files ------------------------------------------------------------------------------
def planted_config(tmp_path: Path, **changes) -> Path:
    target = tmp_path / "model"
    shutil.copytree(DEMO, target)
    cfg = json.loads((target / "config.json").read_text())
    cfg.update(changes)
    (target / "config.json").write_text(json.dumps(cfg))
    return target


@pytest.mark.timeout(120)  # without the check, building this model would not end
@pytest.mark.parametrize(
    "changes",
    [
        {"n_layers": 10**9},
        {"d_model": 10**9},
        {"vocab_size": 10**12},
        {"attn_only": False, "d_mlp": 10**11},
        {"n_heads": 10**8},
    ],
    ids=["n_layers", "d_model", "vocab_size", "d_mlp", "n_heads"],
)
def test_a_config_too_big_for_memory_is_refused_before_building(tmp_path, changes):
    path = planted_config(tmp_path, **changes)
    res = runner.invoke(app, ["model", "info", str(path)])
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert "needs about" in lines[0] and "available" in lines[0] and "Hint:" in lines[0]


def test_a_qwen3_config_too_big_is_refused(tmp_path):
    from copilot.tools.probing.checkpoints import load_model

    path = tmp_path / "qwen"
    path.mkdir()
    cfg = {
        "model_type": "qwen3",
        "vocab_size": 151936,
        "hidden_size": 4096,
        "num_hidden_layers": 10**6,
        "num_attention_heads": 32,
        "num_key_value_heads": 8,
        "head_dim": 128,
        "intermediate_size": 12288,
    }
    (path / "config.json").write_text(json.dumps(cfg))
    shutil.copy(DEMO / "model.safetensors", path / "model.safetensors")
    with pytest.raises(ModelError, match=r"about [\d.]+ trillion parameters"):
        load_model(path, device="cpu")


def test_an_absurd_context_length_is_refused(tmp_path):
    path = planted_config(tmp_path, max_seq_len=10**12)
    res = runner.invoke(app, ["model", "info", str(path)])
    assert res.exit_code == 2 and "max_seq_len=1000000000000 is beyond" in res.stderr


def test_the_memory_estimate_is_what_the_model_takes(tmp_path, monkeypatch):
    from copilot.tools.probing import memory
    from copilot.tools.probing.checkpoints import load_model

    model = load_model(DEMO, device="cpu")
    need = memory.native_param_count(model.config) * 4
    assert need == sum(p.numel() for p in model.parameters()) * 4
    # with just too little memory the same model is refused, with the estimate in the message
    monkeypatch.setattr(
        memory, "available_memory_bytes", lambda: int(need / memory.MEMORY_SHARE) - 1
    )
    with pytest.raises(ModelError, match="about 41,728 parameters .* needs about 163 KB to build"):
        load_model(DEMO, device="cpu")


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_weights_with_non_finite_values_are_refused(tmp_path, bad):
    from safetensors.torch import load_file, save_file

    path = planted_config(tmp_path)
    state = load_file(str(path / "model.safetensors"))
    name = sorted(state)[0]
    state[name][0] = bad
    save_file(state, str(path / "model.safetensors"))
    res = runner.invoke(app, ["model", "info", str(path)])
    assert res.exit_code == 2, res.output
    assert "hold NaN or infinite values" in res.stderr and name in res.stderr
    res = runner.invoke(app, ["probe", "heads", str(path), "--json"])
    assert res.exit_code == 2 and "NaN" in res.stderr
