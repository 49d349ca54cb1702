"""Steering and linear probes on a model trained here with a planted latent class.

The planted task (copilot.tools.probing.planted) hides a class in a few tokens of the prompt;
the answer after the final query token is decided by the class. The query token's embedding
carries no class information, so a probe at layer input 0 (last position) reads chance, and
after the first attention layer the class is linearly readable. Steering class-0 prompts along
the class-1-minus-class-0 direction must flip their answer.
"""

from __future__ import annotations

import pytest
import torch

from copilot.errors import ProbeError
from copilot.tools.probing.planted import PlantedTask, train_planted_model
from copilot.tools.probing.probes import train_probes
from copilot.tools.probing.steering import diff_of_means, steer


@pytest.fixture(scope="module")
def planted():
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    spec = PlantedTask()
    model = train_planted_model(spec, steps=200, seed=0)
    yield spec, model
    torch.set_num_threads(threads)


def test_planted_model_learned_the_task(planted):
    spec, model = planted
    tokens, classes = spec.sample(256, torch.Generator().manual_seed(99))
    with torch.no_grad():
        pred = model(tokens).logits[:, -1].argmax(-1)
    assert (pred == torch.tensor(spec.ANSWER)[classes]).float().mean() > 0.95


def test_probe_reads_the_class_after_the_first_layer(planted, tmp_path):
    spec, model = planted
    r = train_probes(
        model,
        positive=spec.sample_class(1, 80, seed=3),
        negative=spec.sample_class(0, 80, seed=3),
        n_boot=200,
        out=str(tmp_path),
    )
    acc = {p.layer: p.test_accuracy.value for p in r.layers}
    assert acc[0] < 0.7  # the query token's embedding says nothing about the class
    assert acc[1] > 0.9 and acc[2] > 0.9
    assert r.first_readable_layer == 1
    assert r.layers[0].readable is False and r.layers[1].readable is True
    assert len(r.artifacts) == 1 and "layer input 1" in r.summary()


def test_steering_flips_the_answer_rate(planted):
    spec, model = planted
    pos, neg = spec.sample_class(1, 64, seed=1), spec.sample_class(0, 64, seed=1)
    # measured on fresh class-0 prompts: the rate of answering class 1
    beh = spec.behaviour(spec.sample_class(0, 64, seed=2), answer_class=1)
    r = steer(model, pos, neg, layer=1, behaviour=beh, alphas=[0.0, 1.0, 2.0], n_boot=200)
    rates = [p.metric.value for p in r.sweep]
    assert rates[0] < 0.1 and rates[-1] > 0.9
    assert r.sweep[0].side_effect_kl.value < 1e-6 and r.sweep[-1].side_effect_kl.value > 0.0
    assert r.ablation is not None and len(r.direction) == model.config.d_model
    d = r.model_dump(mode="json")
    assert d["sweep"][2]["alpha"] == 2.0 and "summary" not in d
    # steering from the last position on only touches the query: same flip, no effect before it
    late = steer(
        model, pos, neg, layer=1, behaviour=beh, alphas=[2.0], start=spec.seq_len - 1, n_boot=0
    )
    assert late.sweep[0].metric.value > 0.9


def test_layer0_direction_is_empty(planted):
    spec, model = planted
    d = diff_of_means(model, spec.sample_class(1, 32), spec.sample_class(0, 32), layer=0)
    assert float(d.norm()) < 1e-6  # the same query token at the read position in both sets


def test_steering_and_probe_bad_input(planted, tmp_path):
    spec, model = planted
    pos, neg = spec.sample_class(1, 8), spec.sample_class(0, 8)
    beh = spec.behaviour(neg, 1)
    with pytest.raises(ProbeError, match="Layer 9 is out of range"):
        steer(model, pos, neg, layer=9, behaviour=beh)
    with pytest.raises(ProbeError, match="empty"):
        steer(model, [], neg, layer=1, behaviour=beh)
    with pytest.raises(ProbeError, match="vocabulary"):
        steer(model, pos + 100, neg, layer=1, behaviour=beh)
    with pytest.raises(ProbeError, match="alpha sweep is empty"):
        steer(model, pos, neg, layer=1, behaviour=beh, alphas=[])
    with pytest.raises(ProbeError, match="needs a behaviour"):
        steer(model, pos, neg, layer=1)
    with pytest.raises(ProbeError, match="single class"):
        train_probes(model, pos, ["a"] * 8)
    with pytest.raises(ProbeError, match="Layer 7 is out of range"):
        train_probes(model, positive=pos, negative=neg, layers=[7])
    with pytest.raises(ProbeError, match="context"):
        train_probes(model, positive=torch.zeros(4, 40, dtype=torch.long), negative=neg)
