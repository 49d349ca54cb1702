"""Shared fixtures: every test runs with a clean environment and its own workspace."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

# In a pytest-xdist worker (the suite runs two, one per core), BLAS and OpenMP pools sized to
# the whole machine would oversubscribe it: one thread each, set before numpy or torch is
# first imported and passed on to the processes tests start. A test that sets its own
# thread count (torch.set_num_threads) still gets it.
if os.environ.get("PYTEST_XDIST_WORKER"):
    for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_var, "1")


@pytest.fixture(scope="session")
def _workspaces(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("workspaces")


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch, _workspaces):
    """No user config, keys or endpoint leak into tests; the workspace is a fresh temp folder."""
    import tempfile

    for key in list(os.environ):
        if key.startswith("COPILOT_") or key in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
            monkeypatch.delenv(key, raising=False)
    # one folder per test in one session folder (`tmp_path_factory.mktemp` lists every folder
    # made before it to number the next, which over the whole suite costs a minute)
    ws = Path(tempfile.mkdtemp(prefix="workspace", dir=_workspaces))
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


class FakeClock:
    """A `time` stand-in for discovery budgets: `perf_counter` advances by `step` seconds on
    every call (and by `advance(s)`), so budget tests stop at the same point on a busy machine
    as on an idle one."""

    def __init__(self, step: float = 0.0):
        self.now = 1000.0
        self.step = step

    def perf_counter(self) -> float:
        self.now += self.step
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def budget_clock(monkeypatch):
    """Discovery time budgets read a fake clock: 1 ms per reading unless a test changes it."""
    from copilot.tools.discovery import budget

    clock = FakeClock(step=0.001)
    monkeypatch.setattr(budget, "time", clock)
    return clock
