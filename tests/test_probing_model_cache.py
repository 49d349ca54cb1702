"""The planted model is trained once and then read from the workspace."""

from __future__ import annotations

import json

import torch

from copilot.tools.probing import planted


def test_planted_model_is_trained_once_and_cached(tmp_path, monkeypatch, one_torch_thread):
    calls = []
    real = planted.train_planted_model

    def quick(*args, **kwargs):
        calls.append(1)
        return real(steps=2)

    monkeypatch.setattr(planted, "train_planted_model", quick)
    first = planted.load_planted_model(tmp_path)
    second = planted.load_planted_model(tmp_path)
    assert len(calls) == 1
    for (k, a), (_, b) in zip(first.state_dict().items(), second.state_dict().items(), strict=True):
        assert torch.equal(a, b), k
    tokens = planted.PlantedTask().sample_class(1, 4)
    assert torch.equal(first(tokens).logits, second(tokens).logits)

    # a model cached by another recipe version is retrained
    cfg = planted.planted_model_path(tmp_path) / "config.json"
    data = json.loads(cfg.read_text())
    data["meta"]["recipe_version"] = -1
    cfg.write_text(json.dumps(data))
    planted.load_planted_model(tmp_path)
    assert len(calls) == 2
    assert [p.name for p in (tmp_path / "models").iterdir()] == [planted.PLANTED_NAME]
