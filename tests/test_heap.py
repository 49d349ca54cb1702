"""The heap policy of a `copilot` process (copilot.heap): glibc keeps freed memory for reuse,
sized by COPILOT_HEAP_KEEP_MB, and the `copilot` command still starts and works with it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

import copilot.heap as heap


def test_keep_zero_changes_nothing():
    assert heap.keep_freed_memory(0) is False
    assert heap.keep_freed_memory(-3) is False


def test_keep_freed_memory_on_linux():
    if not sys.platform.startswith("linux"):
        pytest.skip("mallopt is glibc's; the policy only applies on Linux")
    assert heap.keep_freed_memory(64) is True
    assert heap.keep_freed_memory(64) is True  # already in force: still True
    # sizes above glibc's 32 MiB mmap-threshold cap are clamped, not refused
    assert heap.keep_freed_memory(1000) is True
    assert heap.keep_freed_memory(64) is True


def test_keep_mb_from_env(monkeypatch):
    monkeypatch.delenv(heap.ENV, raising=False)
    assert heap.keep_mb_from_env() == heap.DEFAULT_KEEP_MB == 64
    assert heap.keep_mb_from_env(default=7) == 7
    for raw, want in [("128", 128), (" 16 ", 16), ("0", 0), ("-5", 0), ("abc", 64), ("  ", 64)]:
        monkeypatch.setenv(heap.ENV, raw)
        assert heap.keep_mb_from_env() == want, raw


def test_apply_from_env_zero_is_off(monkeypatch):
    monkeypatch.setenv(heap.ENV, "0")
    assert heap.apply_from_env() is False


@pytest.mark.parametrize("keep", ["0", "64"])
def test_copilot_command_runs_with_the_policy(keep):
    env = {**os.environ, heap.ENV: keep}
    proc = subprocess.run(
        [sys.executable, "-m", "copilot", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert "causal-copilot" in proc.stdout
    # the command's entry point applied the policy (or, with 0, left the allocator alone)
    probe = (
        "import sys, copilot.heap as h\n"
        "from copilot.cli import main\n"
        "sys.argv = ['copilot', '--version']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('applied', h._applied)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert "causal-copilot" in proc.stdout
    want = "None" if keep == "0" or not sys.platform.startswith("linux") else keep
    assert proc.stdout.splitlines()[-1] == f"applied {want}"
