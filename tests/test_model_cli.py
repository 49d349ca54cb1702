"""`copilot model train|list|info` through the CLI runner."""

from __future__ import annotations

import json

import torch
from typer.testing import CliRunner

from copilot.cli import app

runner = CliRunner()


def invoke(*args: str):
    return runner.invoke(app, ["model", *map(str, args)])


def test_list_and_info_of_the_shipped_demo(tmp_path):
    res = invoke("list", "--json", "--workspace", tmp_path)
    assert res.exit_code == 0, res.output
    names = {m["name"]: m for m in json.loads(res.output)["models"]}
    assert names["induction-demo"]["source"] == "shipped"
    res = invoke("info", "induction-demo", "--json", "--workspace", tmp_path)
    assert res.exit_code == 0, res.output
    info = json.loads(res.output)
    assert info["n_layers"] == 2 and info["n_heads"] == 4 and info["gate"] == "headwise"
    assert info["device"] == "cpu" and info["params"] > 10_000
    res = invoke("info", "induction-demo", "--workspace", tmp_path)
    assert res.exit_code == 0 and "gate" in res.output and "headwise" in res.output


def test_info_of_a_missing_model_is_a_clean_error(tmp_path):
    res = invoke("info", tmp_path / "nope")
    assert res.exit_code == 2
    assert "does not exist" in res.output and "Traceback" not in res.output
    res = invoke("info", "no-such-model", "--workspace", tmp_path)
    assert res.exit_code == 2 and "known models" in res.output


def test_train_smoke_writes_a_listed_model(tmp_path):
    old = torch.get_num_threads()
    try:
        res = invoke(
            "train",
            "--task",
            "copy",
            "--gate",
            "none",
            "--n-layers",
            "1",
            "--n-heads",
            "2",
            "--d-model",
            "16",
            "--steps",
            "3",
            "--batch-size",
            "4",
            "--workspace",
            tmp_path,
            "--json",
        )
    finally:
        torch.set_num_threads(old)
    assert res.exit_code == 0, res.output
    summary = json.loads(res.output)
    assert summary["steps"] == 3 and summary["model"]["gate"] == "none"
    listed = json.loads(invoke("list", "--json", "--workspace", tmp_path).output)["models"]
    assert any(m["name"] == "copy-none" and m["source"] == "workspace" for m in listed)
    res = invoke("train", "--task", "sorting", "--workspace", tmp_path)
    assert res.exit_code == 2 and "Unknown --task value 'sorting'" in res.output
