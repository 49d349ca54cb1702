"""`copilot probe ...` through Typer's CliRunner: JSON shapes, human output, one-line errors."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from copilot.cli import app
from copilot.tools.probing.planted import PlantedTask

runner = CliRunner()


# torch work in these tests runs on one thread (see conftest)
pytestmark = pytest.mark.usefixtures("one_torch_thread")


def _run(*args: str):
    return runner.invoke(app, ["probe", *args])


def test_heads_json(tmp_path):
    r = _run(
        "heads",
        "demo",
        "--json",
        "--n-prompts",
        "16",
        "--bootstrap",
        "50",
        "--out-dir",
        str(tmp_path),
    )
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert (
        d["model"] == "induction-demo" and d["behaviour"] == "induction" and d["metric"] == "loss"
    )
    assert isinstance(d["baseline"], float) and len(d["heads"]) == 8
    effects = [h["effect"] for h in d["heads"]]
    assert effects == sorted(effects, reverse=True)  # loss: the largest increase first
    assert all(len(h["ci"]) == 2 for h in d["heads"])
    assert d["artifacts"] and d["artifacts"][0].startswith(str(tmp_path))


def test_heads_human_output_with_sets_and_attribution(tmp_path):
    r = _run(
        "heads",
        "demo",
        "--n-prompts",
        "8",
        "--bootstrap",
        "20",
        "--set",
        "1.0+1.1",
        "--heads",
        "1.0,1.1",
        "--attribution",
        "3",
        "--metric",
        "logit_diff",
        "--out-dir",
        str(tmp_path),
    )
    assert r.exit_code == 0, r.output
    assert "rank" in r.stdout and "Set L1H0+L1H1" in r.stdout and "Spearman" in r.stdout
    assert "wrote" in r.stdout


def test_heads_json_with_integrated_attribution(tmp_path):
    r = _run(
        "heads",
        "demo",
        "--json",
        "--n-prompts",
        "16",
        "--bootstrap",
        "20",
        "--attribution",
        "8",
        "--attribution-steps",
        "8",
        "--out-dir",
        str(tmp_path),
    )
    assert r.exit_code == 0, r.output
    a = json.loads(r.stdout)["attribution"]
    assert a["steps"] == 8 and a["top_k"] == 8 and len(a["verified"]) == 8
    assert a["sign_agreement"] == 1.0 and a["spearman"] > 0.6


def test_scores_and_patch(tmp_path):
    r = _run("scores", "demo", "--n-prompts", "8", "--out-dir", str(tmp_path))
    assert r.exit_code == 0, r.output
    assert "induction score" in r.stdout and "gate_mean score" in r.stdout
    r = _run(
        "patch",
        "demo",
        "--json",
        "--n-prompts",
        "8",
        "--bootstrap",
        "20",
        "--units",
        "heads",
        "--out-dir",
        str(tmp_path),
    )
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert len(d["heads"]) == 8 and d["resid"] == [] and d["metric"] == "loss"


def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_steer_and_probe_on_the_planted_model(tmp_path):
    spec = PlantedTask()
    pos = spec.sample_class(1, 48, seed=1).tolist()
    neg = spec.sample_class(0, 48, seed=1).tolist()
    p = _jsonl(tmp_path / "pos.jsonl", [{"prompt": t} for t in pos])
    # the negative prompts carry the target "answer of class 1": the steering metric
    n = _jsonl(
        tmp_path / "neg.jsonl",
        [{"prompt": t, "target": [spec.ANSWER[1]], "foil": [spec.ANSWER[0]]} for t in neg],
    )
    r = _run(
        "steer",
        "planted",
        "--positive",
        str(p),
        "--negative",
        str(n),
        "--layer",
        "1",
        "--alpha",
        "0",
        "--alpha",
        "2",
        "--metric",
        "accuracy",
        "--bootstrap",
        "20",
        "--json",
    )
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    # prompt + target: the metric reads the answer after the full prompt
    assert d["sweep"][0]["metric"]["value"] < 0.2 and d["sweep"][1]["metric"]["value"] > 0.8
    r = _run(
        "probe",
        "planted",
        "--positive",
        str(p),
        "--negative",
        str(n),
        "--bootstrap",
        "20",
        "--out-dir",
        str(tmp_path),
    )
    assert r.exit_code == 0, r.output
    assert "first linearly readable at layer input 1" in r.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (["heads", "demo", "--behaviour", "inductoin"], "Unknown behaviour 'inductoin'"),
        (["heads", "demo", "--heads", "7.0"], "Layer 7 is out of range"),
        (["heads", "demo", "--heads", "x"], "Cannot read head"),
        (["heads", "demo", "--ablation", "noise"], "Unknown --ablation value 'noise'"),
        (["heads", "demo", "--metric", "acc"], "Unknown --metric value 'acc'"),
        (["heads", "no/such/model"], "does not exist"),
        (["heads", "demo", "--attribution", "4", "--attribution-steps", "0"], "steps must be"),
        (["heads", "demo", "--attribution-steps", "8"], "attribution screen, which is off"),
        (["patch", "demo", "--units", "mlp"], "Unknown --units value 'mlp'"),
        (["probe", "demo"], "No probe data"),
    ],
)
def test_bad_input_one_line_exit_2(args, message):
    r = _run(*args)
    assert r.exit_code == 2
    # progress lines ("loading model demo...") may come first; the error is the one last line
    last = r.stderr.strip().splitlines()[-1]
    assert message in last and last.startswith("Error:") and r.stderr.count("Error") == 1
    assert "Traceback" not in r.output


def test_prompts_longer_than_context_and_out_of_vocabulary(tmp_path):
    long = _jsonl(tmp_path / "long.jsonl", [{"prompt": list(range(60)) * 2, "target": [1]}])
    r = _run("heads", "demo", "--behaviour", str(long))
    assert r.exit_code == 2 and "context is 64" in r.stderr
    oov = _jsonl(tmp_path / "oov.jsonl", [{"prompt": [1, 2, 500], "target": [1]}])
    r = _run("heads", "demo", "--behaviour", str(oov))
    assert r.exit_code == 2 and "outside the vocabulary" in r.stderr
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    r = _run("heads", "demo", "--behaviour", str(empty))
    assert r.exit_code == 2 and "has no prompts" in r.stderr
