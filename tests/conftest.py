"""Shared fixtures: every test runs with a clean environment and its own workspace."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, tmp_path_factory):
    """No user config, keys or endpoint leak into tests; the workspace is a fresh temp folder."""
    for key in list(os.environ):
        if key.startswith("COPILOT_") or key in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            monkeypatch.delenv(key, raising=False)
    ws = tmp_path_factory.mktemp("workspace")
    monkeypatch.setenv("COPILOT_WORKSPACE", str(ws))
    config = ws / "config.toml"
    config.write_text("# empty: tests use defaults\n")
    monkeypatch.setenv("COPILOT_CONFIG", str(config))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    yield


@pytest.fixture
def workspace_dir() -> Path:
    return Path(os.environ["COPILOT_WORKSPACE"])


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def one_torch_thread():
    """Torch on one thread for the test: model tests are timed and compared on 2-core CI."""
    import torch

    old = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(old)
