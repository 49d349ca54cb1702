"""Input checks of the probing tools and the `copilot probe` / `copilot model` commands: bad or
degenerate input is refused with one line (exit code 2) instead of printing numbers that mean
nothing, and results say so where an interval or a recovery cannot be trusted."""

from __future__ import annotations

import json
import math

import pytest
import torch
from typer.testing import CliRunner

from copilot.cli import app
from copilot.errors import InputError, ProbeError

runner = CliRunner()


# torch work in these tests runs on one thread (see conftest)
pytestmark = pytest.mark.usefixtures("one_torch_thread")


@pytest.fixture(scope="module")
def demo():
    from copilot.tools.probing.checkpoints import load_demo_model

    return load_demo_model(device="cpu").eval()


def _run(*args):
    return runner.invoke(app, [str(a) for a in args])


def _error(r, message: str) -> None:
    assert r.exit_code == 2, r.output
    assert message in r.stderr, r.stderr
    # progress lines ("loading model demo...") may come first; the error is the one last line
    assert r.stderr.count("Error:") == 1 and "Traceback" not in r.output
    assert r.stderr.strip().splitlines()[-1].startswith("Error:"), r.stderr


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


# 1. activation patching with (nearly) no clean-corrupted gap ------------------------------------
def test_patch_refuses_identical_clean_and_corrupted(tmp_path):
    same = _jsonl(
        tmp_path / "same.jsonl",
        [{"clean": [1, 2, 3, 1], "corrupted": [1, 2, 3, 1], "target": [2], "foil": [6]}],
    )
    r = _run("probe", "patch", "demo", "--behaviour", same, "--out-dir", tmp_path)
    _error(r, "Clean and corrupted prompts give the same logit_diff")
    assert "use corrupted prompts that change the answer" in r.stderr
    r = _run(
        "probe", "patch", "demo", "--behaviour", same, "--metric", "loss", "--out-dir", tmp_path
    )
    _error(r, "recovery (patched - corrupted) / (clean - corrupted) is undefined")


# clean 5 9 12 30 5 -> 9: one token changed moves the loss by only 0.04-0.05 nats either way
SMALL = [5, 9, 12, 30, 5]


def _pair(pos: int, token: int) -> dict:
    cor = list(SMALL)
    cor[pos] = token
    return {"clean": SMALL, "corrupted": cor, "target": [9], "foil": [40]}


def test_patch_notes_a_small_gap_and_a_gap_whose_interval_includes_zero(demo, tmp_path):
    from copilot.tools.probing.patching import patch_activations

    one = _jsonl(tmp_path / "one.jsonl", [_pair(2, 49)])
    r = patch_activations(demo, str(one), metric="loss", units=["heads"], n_boot=100)
    assert abs(r.clean.value - r.corrupted.value) < 0.1
    assert len(r.notes) == 1 and "gap is small" in r.notes[0] and "unstable" in r.notes[0]
    assert "Note: the clean-corrupted gap is small" in r.summary()
    # one pair: no interval at all
    assert all(math.isnan(e.ci[0]) and math.isnan(e.ci[1]) for e in r.heads)
    assert "(no interval)" in r.summary() and "a single pair" in r.summary()
    mixed = _jsonl(
        tmp_path / "mixed.jsonl", [_pair(2, 49), _pair(3, 24), _pair(2, 7), _pair(3, 38)]
    )
    r = patch_activations(demo, str(mixed), metric="loss", units=["heads"], n_boot=200)
    assert len(r.notes) == 1 and "includes zero" in r.notes[0]
    d = r.model_dump(mode="json")
    assert d["notes"] == r.notes and d["n_boot"] == 200


def test_patch_on_the_builtin_task_has_no_notes(demo):
    from copilot.tools.probing.patching import patch_activations

    r = patch_activations(demo, "induction", n_prompts=8, units=["heads"], n_boot=50)
    assert r.notes == [] and "Note:" not in r.summary()


# 2. model train never overwrites silently ------------------------------------------------------
TINY = ["--task", "copy", "--gate", "none", "--n-layers", "1", "--n-heads", "2", "--d-model", "16"]
TINY += ["--steps", "3", "--batch-size", "4"]


def test_model_train_refuses_an_existing_model_or_a_non_empty_folder(tmp_path):
    out = tmp_path / "m"
    r = _run("model", "train", *TINY, "--out-dir", out, "--json")
    assert r.exit_code == 0, r.output
    config = (out / "config.json").read_text()
    weights = (out / "model.safetensors").read_bytes()
    r = _run("model", "train", *TINY, "--seed", "1", "--out-dir", out)
    _error(r, "already holds a model (config.json, model.safetensors)")
    assert "--overwrite" in r.stderr and "Trained" not in r.stdout
    assert (out / "config.json").read_text() == config
    assert (out / "model.safetensors").read_bytes() == weights
    other = tmp_path / "notes"
    other.mkdir()
    (other / "todo.txt").write_text("mine")
    _error(_run("model", "train", *TINY, "--out-dir", other), "is not empty (todo.txt)")
    _error(_run("model", "train", *TINY, "--out-dir", other / "todo.txt"), "is a file")
    # the default folder of the workspace is checked the same way
    ws = tmp_path / "ws"
    assert _run("model", "train", *TINY, "--workspace", ws, "--json").exit_code == 0
    _error(_run("model", "train", *TINY, "--workspace", ws), "already holds a model")
    r = _run("model", "train", *TINY, "--seed", "1", "--out-dir", out, "--overwrite", "--json")
    assert r.exit_code == 0, r.output
    assert (out / "model.safetensors").read_bytes() != weights
    assert json.loads((out / "config.json").read_text())["meta"]["seed"] == 1


def test_train_model_checks_the_folder_before_training(tmp_path):
    from copilot.tools.probing.train import train_model

    (tmp_path / "config.json").write_text("{}")
    seen = []
    with pytest.raises(InputError, match="already holds a model"):
        train_model(
            "copy", layers=1, heads=2, d_model=16, steps=2, out=tmp_path, progress=seen.append
        )
    assert seen == []  # refused before the first step


# 3. steering along a zero direction ------------------------------------------------------------
def test_steer_refuses_a_zero_direction(tmp_path):
    rows = [{"prompt": [3, 7, 3, 7 + i], "target": [9], "foil": [4]} for i in range(6)]
    a = _jsonl(tmp_path / "a.jsonl", rows)
    b = _jsonl(tmp_path / "b.jsonl", rows[::-1])  # the same prompts: the same mean
    for pos, neg in ((a, a), (b, a)):
        r = _run("probe", "steer", "demo", "--positive", pos, "--negative", neg, "--layer", "1")
        _error(r, "have the same mean residual at layer 1")
        assert "no direction to steer along" in r.stderr


# 4. no interval where there is none ------------------------------------------------------------
def test_heads_without_intervals_say_so(tmp_path):
    r = _run(
        "probe",
        "heads",
        "demo",
        "--bootstrap",
        "0",
        "--n-prompts",
        "8",
        "--json",
        "--out-dir",
        tmp_path,
    )
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["baseline_ci"] == [None, None]
    assert all(h["ci"] == [None, None] for h in d["heads"])
    r = _run("probe", "heads", "demo", "--n-prompts", "1", "--heads", "0.2", "--out-dir", tmp_path)
    assert r.exit_code == 0, r.output
    assert "(no interval)" in r.stdout and "a single prompt has no spread" in r.stdout
    assert "95% CI" not in r.stdout and "[+" not in r.stdout
    one = _jsonl(tmp_path / "one.jsonl", [{"prompt": [3, 7, 3], "target": [7], "foil": [9]}])
    r = _run("probe", "heads", "demo", "-b", one, "--heads", "1.1", "--json", "--out-dir", tmp_path)
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["heads"][0]["ci"] == [None, None]


@pytest.mark.parametrize("n_boot", ["5", "1", "-1"])
def test_too_few_bootstrap_resamples_are_refused(n_boot):
    _error(_run("probe", "heads", "demo", "--bootstrap", n_boot), "n_boot must be 0 (no intervals)")


def test_check_boot_in_python():
    from copilot.tools.probing.results import bootstrap_mean, check_boot

    check_boot(0, 0.95)
    check_boot(10, 0.95)
    with pytest.raises(ProbeError, match="at least 10"):
        bootstrap_mean([1.0, 2.0], n_boot=9)


# 5. unchecked values ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "args, message",
    [
        (["--top", "-2"], "--top must be at least 1, got -2"),
        (["--top", "0"], "--top must be at least 1, got 0"),
        (["--attribution", "-1"], "--attribution must be at least 0, got -1"),
        (["--heads", "0.1,0.1"], "Head L0H1 is named twice"),
        (["--set", "1.0+1.0"], "Head set L1H0+L1H0 names L1H0 twice"),
        (["--set", "1.0+1.1", "--set", "1.1+1.0"], "Head set L1H1+L1H0 is given twice"),
    ],
)
def test_heads_options_are_checked(args, message, tmp_path):
    _error(
        _run("probe", "heads", "demo", "--n-prompts", "4", *args, "--out-dir", tmp_path), message
    )


@pytest.mark.parametrize("alpha", ["nan", "inf", "-inf"])
def test_steer_refuses_non_finite_alphas(alpha, tmp_path):
    p = _jsonl(tmp_path / "p.jsonl", [{"prompt": [1, 2, 3], "target": [4]}])
    r = _run(
        "probe", "steer", "demo", "--positive", p, "--negative", p, "-l", "1", "--alpha", alpha
    )
    _error(r, "alpha must be a finite number")


def test_logit_diff_with_the_target_as_foil_is_refused(tmp_path):
    rows = [
        {"prompt": [1, 2, 3], "target": [4], "foil": [9]},
        {"prompt": [5, 6, 7], "target": [8], "foil": [8]},
    ]
    beh = _jsonl(tmp_path / "beh.jsonl", rows)
    r = _run("probe", "heads", "demo", "-b", beh, "--out-dir", tmp_path)
    _error(r, "beh.jsonl line 2: the foil 8 is the target")
    assert "--metric loss" in r.stderr
    r = _run("probe", "heads", "demo", "-b", beh, "--metric", "loss", "--out-dir", tmp_path)
    assert r.exit_code == 0, r.output
    pairs = _jsonl(
        tmp_path / "pairs.jsonl",
        [{"clean": [1, 2, 1], "corrupted": [3, 2, 1], "target": [2], "foil": [2]}],
    )
    _error(_run("probe", "patch", "demo", "-b", pairs), "pairs.jsonl line 1: the foil 2")


def test_a_python_behaviour_with_the_target_as_foil_is_refused(demo):
    from copilot.tools.probing.ablation import ablate_heads
    from copilot.tools.probing.behaviours import from_sequences

    b = from_sequences("x", [[1, 2, 3]], [[4]], [[4]])
    with pytest.raises(ProbeError, match="has its target as the foil"):
        ablate_heads(demo, b, n_boot=0)
    assert ablate_heads(demo, b, metric="loss", n_boot=0).metric == "loss"


# 6. probe scores --length ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "length, message",
    [
        ("40", "2 x 40 tokens exceed the model's context of 64"),
        ("33", "use --length 32 or less"),
        ("0", "The half length must be at least 2, got 0"),
        ("1", "The half length must be at least 2, got 1"),
    ],
)
def test_scores_length_is_checked(length, message):
    _error(_run("probe", "scores", "demo", "--length", length), message)


def test_scores_length_is_used_as_given(demo):
    from copilot.tools.probing.scores import head_scores

    assert head_scores(demo, n_prompts=2, half_length=32).half_length == 32
    assert head_scores(demo, n_prompts=2, half_length=2).half_length == 2


# 7. messages -----------------------------------------------------------------------------------
def test_probe_test_share_message_has_plain_counts(tmp_path):
    g = torch.Generator().manual_seed(0)
    rows = [
        {"prompt": torch.randint(0, 64, (6,), generator=g).tolist(), "label": str(i % 2)}
        for i in range(128)
    ]
    lab = _jsonl(tmp_path / "lab.jsonl", rows)
    r = _run("probe", "probe", "demo", "--data", lab, "--test-size", "0.99")
    _error(r, "A test share of 0.99 leaves 1 of 128 prompts for the train split")
    assert "(prompts per class: 0: 64, 1: 64)" in r.stderr
    assert "np." not in r.stderr and "lower --test-size" in r.stderr
    r = _run("probe", "probe", "demo", "--data", lab, "--test-size", "0.005")
    _error(r, "leaves 1 of 128 prompts for the test split")


def test_jsonl_messages_name_the_element_and_the_teacher_forced_length(tmp_path):
    bad = _jsonl(tmp_path / "bad.jsonl", [{"prompt": [1.5, 2, 3], "target": [1]}])
    _error(_run("probe", "heads", "demo", "-b", bad), "element 0 is 1.5 (float), not an integer")
    long = _jsonl(tmp_path / "long.jsonl", [{"prompt": list(range(64)), "target": [1, 2]}])
    r = _run("probe", "heads", "demo", "-b", long)
    _error(r, "long.jsonl line 1: the prompt (64 tokens) plus its teacher-forced target")
    assert "is 65 tokens long; the model's context is 64" in r.stderr


# 8. model info accepts the names `copilot probe` accepts ---------------------------------------
def test_model_info_demo(tmp_path):
    r = _run("model", "info", "demo", "--json", "--workspace", tmp_path)
    assert r.exit_code == 0, r.output
    info = json.loads(r.stdout)
    assert info["n_layers"] == 2 and info["n_heads"] == 4 and info["task"] == "induction"
    assert info["path"].endswith("induction-demo")
    r = _run("model", "info", "demo", "--workspace", tmp_path)
    assert r.exit_code == 0 and "headwise" in r.stdout
