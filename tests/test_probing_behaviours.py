"""Behaviours, metrics, bootstrap intervals and heatmaps: known answers on hand-made inputs."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import torch

from copilot.errors import ProbeError
from copilot.tools.probing.behaviours import (
    Behaviour,
    from_sequences,
    get_behaviour,
    metric_per_prompt,
    reference_logprobs,
)
from copilot.tools.probing.heatmap import png_heatmap, text_heatmap
from copilot.tools.probing.model import GatedTransformer, ModelConfig
from copilot.tools.probing.results import bootstrap_mean, bootstrap_ratio, fresh_path


@pytest.fixture(scope="module")
def tiny():
    torch.manual_seed(0)
    return GatedTransformer(
        ModelConfig(
            vocab_size=16, n_layers=1, n_heads=2, d_model=16, max_seq_len=12, attn_only=True
        )
    ).eval()


def _beh() -> Behaviour:
    # two prompts of length 3; prompt 0 is scored at positions 1 and 2, prompt 1 at position 2
    tokens = torch.tensor([[1, 2, 3], [4, 5, 6]])
    targets = torch.tensor([[0, 1, 2], [0, 0, 3]])
    mask = torch.tensor([[False, True, True], [False, False, True]])
    foils = torch.tensor([[-1, 0, 0], [-1, -1, 1]])
    return Behaviour("hand", tokens, targets, mask, foils)


def test_metrics_known_values():
    beh = _beh()
    logits = torch.zeros(2, 3, 4)
    logits[0, 1, 1] = 2.0  # correct, target 1 vs foil 0: diff 2
    logits[0, 2, 0] = 1.0  # wrong: foil 0 beats target 2 by 1
    logits[1, 2, 3] = 3.0  # correct: target 3 vs foil 1: diff 3
    ld = metric_per_prompt(logits, beh, "logit_diff")
    assert torch.allclose(ld, torch.tensor([(2.0 - 1.0) / 2, 3.0]))
    acc = metric_per_prompt(logits, beh, "accuracy")
    assert torch.allclose(acc, torch.tensor([0.5, 1.0]))
    lp = logits.log_softmax(-1)
    loss = metric_per_prompt(logits, beh, "loss")
    assert torch.allclose(loss, torch.tensor([-(lp[0, 1, 1] + lp[0, 2, 2]) / 2, -lp[1, 2, 3]]))
    prob = metric_per_prompt(logits, beh, "prob")
    assert torch.allclose(
        prob, torch.tensor([(lp[0, 1, 1].exp() + lp[0, 2, 2].exp()) / 2, lp[1, 2, 3].exp()])
    )
    ref = reference_logprobs(logits, beh)
    assert torch.allclose(metric_per_prompt(logits, beh, "kl", ref), torch.zeros(2), atol=1e-7)
    # batched leading dims: two copies give the same values
    assert torch.allclose(metric_per_prompt(torch.stack([logits, logits]), beh, "loss")[1], loss)


def test_unknown_metric_and_missing_foils():
    beh = _beh()
    with pytest.raises(ProbeError, match="Unknown metric"):
        metric_per_prompt(torch.zeros(2, 3, 4), beh, "los")
    nofoil = Behaviour("x", beh.tokens, beh.targets, beh.score_mask)
    with pytest.raises(ProbeError, match="no foil"):
        metric_per_prompt(torch.zeros(2, 3, 4), nofoil, "logit_diff")


def test_builtin_behaviours_fit_the_model(tiny):
    b = get_behaviour("induction", tiny, n_prompts=5, length=4)
    assert b.tokens.shape == (5, 8) and torch.equal(b.tokens[:, :4], b.tokens[:, 4:])
    # scored positions 4..6 predict the repeated tokens 5..7
    assert b.score_mask[0].nonzero().flatten().tolist() == [4, 5, 6]
    assert torch.equal(b.targets[:, 4:7], b.tokens[:, 5:8])
    assert bool((b.foils[b.score_mask] != b.targets[b.score_mask]).all())
    r = get_behaviour("recall", tiny, n_prompts=4, length=2)
    rows, cols = r.score_mask.nonzero(as_tuple=True)
    assert len(cols) == 4 * 2  # every key queried once
    assert torch.equal(r.targets[rows, cols], r.tokens[rows, cols + 1])  # the answers
    assert bool((r.foils[rows, cols] != r.targets[rows, cols]).all())
    values = r.tokens[:, 1:4:2]
    assert all(
        int(r.foils[i, t]) in values[i].tolist() or values[i].unique().numel() == 1
        for i, t in zip(rows.tolist(), cols.tolist(), strict=True)
    )
    c = get_behaviour("copy", tiny, n_prompts=3, length=4)
    assert c.metric == "loss" and int(c.score_mask.sum()) == 12


def test_jsonl_behaviour(tiny, tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text(
        '{"prompt": [1, 2, 3], "target": [4, 5], "foil": 7}\n\n{"prompt": [2], "target": 3, "foil": [8]}\n'
    )
    b = get_behaviour(p, tiny)
    assert b.metric == "logit_diff" and b.n == 2
    assert b.tokens.tolist() == [[1, 2, 3, 4], [2, 0, 0, 0]]
    assert b.score_mask.tolist() == [[False, False, True, True], [True, False, False, False]]
    assert b.targets[0, 2:].tolist() == [4, 5] and b.foils[0, 2] == 7 and b.foils[0, 3] == -1
    # logit_diff reads only positions with a foil
    logits = torch.zeros(2, 4, 16)
    logits[0, 2, 4] = 1.0
    logits[0, 3, 5] = 100.0
    assert metric_per_prompt(logits, b, "logit_diff").tolist() == [1.0, 0.0]


@pytest.mark.parametrize(
    "content, match",
    [
        ("", "has no prompts"),
        ("not json\n", "line 1 is not valid JSON"),
        ('{"prompt": [1]}\n', "needs 'prompt' and 'target'"),
        ('{"prompt": [1, 99], "target": [2]}\n', "outside the vocabulary"),
        ('{"prompt": [1], "target": [2], "foil": [99]}\n', "outside the vocabulary"),
        ('{"prompt": "some text", "target": [2]}\n', "no tokenizer"),
        ('{"prompt": [], "target": [2]}\n', "prompt is empty"),
        (
            '{"prompt": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], "target": [2]}\n',
            "context is 12",
        ),
        (
            '{"prompt": [1], "target": [2], "foil": 3}\n{"prompt": [1], "target": [2]}\n',
            "some do not",
        ),
    ],
)
def test_bad_behaviour_files(tiny, tmp_path, content, match):
    p = tmp_path / "bad.jsonl"
    p.write_text(content)
    with pytest.raises(ProbeError, match=match):
        get_behaviour(p, tiny)


def test_unknown_behaviour_names_nearest(tiny):
    with pytest.raises(ProbeError, match="Unknown behaviour 'inductoin'") as e:
        get_behaviour("inductoin", tiny)
    assert "induction" in e.value.hint
    with pytest.raises(ProbeError, match="does not exist"):
        get_behaviour("missing.jsonl", tiny)


def test_builtin_too_long_for_context(tiny):
    with pytest.raises(ProbeError, match="context is 12"):
        get_behaviour("induction", tiny, length=8)
    with pytest.raises(ProbeError, match="n_prompts"):
        get_behaviour("induction", tiny, n_prompts=0, length=4)


def test_from_sequences_rejects_empty():
    with pytest.raises(ProbeError, match="no prompts"):
        from_sequences("x", [], [])
    with pytest.raises(ProbeError, match="no target"):
        from_sequences("x", [[1]], [[]])


def test_bootstrap_intervals_cover_and_collapse():
    rng = np.random.default_rng(0)
    x = rng.normal(1.0, 1.0, size=(400, 2))
    m, lo, hi = bootstrap_mean(x, n_boot=500, seed=1)
    assert np.allclose(m, x.mean(0))
    assert np.all(lo < m) and np.all(m < hi)
    # the interval's width is about 2 * 1.96 * sd / sqrt(n)
    assert np.allclose(hi - lo, 2 * 1.96 / 20, rtol=0.25)
    # no resamples (or a single unit): no interval, NaN bounds (null in JSON)
    m0, lo0, hi0 = bootstrap_mean(x, n_boot=0)
    assert np.allclose(m0, x.mean(0)) and np.isnan(lo0).all() and np.isnan(hi0).all()
    m1, lo1, hi1 = bootstrap_mean(x[:1], n_boot=500)
    assert np.allclose(m1, x[0]) and np.isnan(lo1).all() and np.isnan(hi1).all()
    num = np.stack([x[:, 0], 2 * x[:, 0]], 1)
    r, rlo, rhi = bootstrap_ratio(num, x[:, 0], n_boot=200)
    assert (
        np.allclose(r, [1.0, 2.0]) and np.allclose(rlo, [1.0, 2.0]) and np.allclose(rhi, [1.0, 2.0])
    )
    with pytest.raises(ProbeError, match="same metric"):
        bootstrap_ratio(num, np.zeros(400))


def test_heatmaps(tmp_path):
    txt = text_heatmap([[0.0, -1.0], [0.5, math.nan]], title="t")
    lines = txt.splitlines()
    assert lines[0] == "t" and "H0" in lines[1] and "H1" in lines[1]
    assert lines[2].startswith("L0") and "-1.00█" in lines[2] and "nan" in lines[3]
    p = fresh_path(tmp_path, "heat", ".png")
    png_heatmap([[0.0, 1.0], [2.0, 3.0]], p, title="x")
    assert p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # an existing file is never reused
    assert fresh_path(tmp_path, "heat", ".png").name == "heat_2.png"
    with pytest.raises(Exception, match="rectangular"):
        text_heatmap([[1.0], [1.0, 2.0]])


def test_text_behaviour_with_a_local_tokenizer(tiny, tmp_path):
    pytest.importorskip("transformers")
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {w: i for i, w in enumerate("<unk> the cat sat on mat dog ran".split())}
    tk = Tokenizer(models.WordLevel(vocab=vocab, unk_token="<unk>"))
    tk.pre_tokenizer = pre_tokenizers.Whitespace()
    PreTrainedTokenizerFast(tokenizer_object=tk, unk_token="<unk>").save_pretrained(
        tmp_path / "tok"
    )
    p = tmp_path / "text.jsonl"
    p.write_text(
        json.dumps({"prompt": "the cat sat on the", "target": " mat", "foil": " dog"}) + "\n"
    )
    b = get_behaviour(p, tiny, tokenizer=str(tmp_path / "tok"))
    assert b.tokens.tolist() == [[1, 2, 3, 4, 1]]
    assert b.targets[0, 4] == 5 and b.foils[0, 4] == 6 and b.metric == "logit_diff"
    with pytest.raises(ProbeError, match="Tokenizer directory"):
        get_behaviour(p, tiny, tokenizer=str(tmp_path / "missing"))
