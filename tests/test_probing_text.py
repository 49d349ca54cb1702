"""Text models: the standard-library corpus, the local tokenizer, training, and head scores on
natural prompts with a BOS token."""

from __future__ import annotations

import json
import math

import pytest
import torch

from copilot.tools.probing.model import GatedTransformer, ModelConfig
from copilot.tools.probing.scores import head_scores
from copilot.tools.probing.text import (
    BOS_ID,
    TextTokenizer,
    stdlib_corpus,
    train_text_model,
    train_tokenizer,
)


@pytest.fixture(scope="module")
def corpus():
    train, val = stdlib_corpus(max_bytes=150_000)
    return train, val


def test_corpus_and_tokenizer(corpus):
    train, val = corpus
    assert len(train) > 9 * len(val) / 2 and any("import" in t for t in train)
    tok = train_tokenizer(train, 320)
    text = 'def f(x):\n    """Return x."""\n    return x\n'
    ids = tok(text)["input_ids"]
    assert ids[0] == BOS_ID and BOS_ID not in ids[1:]
    assert tok.decode(ids[1:]) == text
    if tok.kind == "bpe":  # merges make code shorter than its bytes
        assert len(ids) - 1 < len(text.encode())
    raw = TextTokenizer(None)
    assert raw.decode(raw(text)["input_ids"]) == text and raw.vocab_size == 257


def test_text_model_learns_and_reloads_with_its_tokenizer(corpus, tmp_path):
    from copilot.tools.probing.checkpoints import load_model

    tok = train_tokenizer(corpus[0], 320)
    res = train_text_model(
        layers=1, heads=2, d_model=32, length=32, steps=80, batch_size=16, lr=1e-2,
        corpus=corpus, tokenizer=tok, out=tmp_path / "m",
    )  # fmt: skip
    m = res.metrics
    assert m["val_loss"] < 0.8 * m["uniform_loss"] == pytest.approx(0.8 * math.log(320))
    assert res.warnings == []
    model = load_model(tmp_path / "m", device="cpu")
    assert model.tokenizer.kind == tok.kind
    prompts = tmp_path / "p.jsonl"
    prompts.write_text(
        json.dumps({"prompt": "import os\nimport sys\nimport os\n"})
        + "\n"
        + json.dumps({"prompt": "def f(self):\n    return self.x + self.x\n"})
        + "\n"
    )
    scores = head_scores(model, prompts=prompts)
    assert scores.prompts == str(prompts) and scores.n_prompts == 2
    assert set(scores.baseline) == {
        "induction",
        "previous_token",
        "duplicate_token",
        "attention_sink",
    }


def test_prompt_scores_of_uniform_attention_equal_the_hand_computed_baselines(tmp_path):
    torch.manual_seed(0)
    m = GatedTransformer(ModelConfig(vocab_size=16, n_layers=1, n_heads=2, d_model=16)).eval()
    with torch.no_grad():
        m.layers[0].attn.q_proj.weight.zero_()  # every head attends uniformly
    p = tmp_path / "p.jsonl"
    # BOS 0, then 5 6 5 6: induction keys {2}, {3} at queries 3, 4 -> (1/4 + 1/5) / 2
    p.write_text(json.dumps({"prompt": [0, 5, 6, 5, 6]}) + "\n" + json.dumps({"prompt": [0, 7]}))
    res = head_scores(m, prompts=p)
    want = {
        "induction": (1 / 4 + 1 / 5) / 2,
        "duplicate_token": (1 / 4 + 1 / 5) / 2,
        # queries 1..4 of the first prompt and query 1 of the second (padding is never read)
        "previous_token": (1 / 2 + 1 / 3 + 1 / 4 + 1 / 5 + 1 / 2) / 5,
        "attention_sink": (1 / 2 + 1 / 3 + 1 / 4 + 1 / 5 + 1 / 2) / 5,
    }
    for k, v in want.items():
        assert res.baseline[k] == pytest.approx(v, abs=1e-12)
        assert all(x == pytest.approx(v, abs=1e-6) for row in res.grid(k) for x in row)


def test_probe_scores_prompts_from_the_cli(tmp_path):
    from typer.testing import CliRunner

    from copilot.cli import app

    ids = tmp_path / "ids.jsonl"
    ids.write_text(json.dumps({"prompt": [0, 5, 6, 7, 5, 6, 7]}) + "\n")
    r = CliRunner().invoke(app, ["probe", "scores", "demo", "--prompts", str(ids), "--json"])
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["prompts"] == str(ids) and d["baseline"]["induction"] > 0
    text = tmp_path / "text.jsonl"
    text.write_text(json.dumps({"prompt": "import os"}) + "\n")
    r = CliRunner().invoke(app, ["probe", "scores", "demo", "--prompts", str(text)])
    assert r.exit_code == 2 and "no tokenizer" in r.output
