"""The offline planner on questions about a loaded model in everyday words (parts of the AI,
the remembering, a good run put into a broken one, how sure it is at each stage), in experts'
option one-liners (B=, units=, via q,k, attribution top-k) and in terse follow-ups that move
the layer, swap the steering sets or change the ablation method. Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest

from copilot.agents import model_words
from tests.planner_kit import MODEL, TOOLS, col, plan, profile, turn

#: (no demo model to load: a model question here is about the loaded one)
OFFERED = [t for t in TOOLS if t != "load_demo_model"]
CLINIC = profile(
    "clinic",
    500,
    col("new_drug", "binary", 2),
    col("age", "continuous", 60),
    col("recovery_days", "continuous", 90),
)


def reply(question: str, before: tuple[str, str, dict[str, Any]] | None = None) -> Any:
    """The planner's reply to `question`, after one earlier step (question, tool, args)."""
    on_data = before is not None and before[1] == "estimate_effect"
    history: list[Any] = []
    if before is not None:
        asked, tool, args = before
        args = args if on_data else {"model": "demo", **args}
        history = turn(asked, tool, args, 1)
    return plan(
        question,
        datasets=[CLINIC] if on_data else [],
        models=[] if on_data else [MODEL],
        history=history,
        tools=OFFERED,
    )


def call(question: str, before: tuple[str, str, dict[str, Any]] | None = None):
    msg = reply(question, before)
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        ("which pieces of the network handle copying?", "head_ablation", {"behaviour": "copy"}),
        # the task said as the heads' own verb, in few words
        ("which head copy tokens?", "head_ablation", {"behaviour": "copy"}),
        ("what heads recall?", "head_ablation", {"behaviour": "recall"}),
        (
            "what part of this little AI does the remembering?",
            "head_ablation",
            {"behaviour": "recall"},
        ),
        (
            "which component of the transformer is in charge of continuing a pattern?",
            "head_ablation",
            {"behaviour": "induction"},
        ),
        (
            "which bits of the model spot a token that appears again?",
            "head_scores",
            {"score": "duplicate_token"},
        ),
        ("do any heads stare at the very first word?", "head_scores", {"score": "attention_sink"}),
        ("which attention bits look one word back", "head_scores", {"score": "previous_token"}),
        (
            "are there giant values in the model's activations?",
            "head_scores",
            {"score": "massive_activation"},
        ),
        (
            "knock out head 2 of the bottom layer and check recall",
            "head_ablation",
            {"heads": ["0.2"], "behaviour": "recall"},
        ),
        (
            "does the network already know whether the subject is plural? labels in plural.jsonl",
            "linear_probe",
            {"prompts": "plural.jsonl"},
        ),
        (
            "copy the activations from a clean run into a corrupted run on induction",
            "activation_patching",
            {"behaviour": "induction"},
        ),
        (
            "what does the model believe the answer is at every step, on the copy task?",
            "logit_lens",
            {"behaviour": "copy"},
        ),
        (
            "does head 0.3 pass something along to 1.0?",
            "path_patching",
            {"sender": "0.3", "receivers": ["1.0"]},
        ),
        (
            "is there a piece of the network that mainly repeats patterns?",
            "head_ablation",
            {"behaviour": "induction"},
        ),
        (
            "does anything inside the AI keep looking at the beginning of the prompt?",
            "head_scores",
            {"score": "attention_sink"},
        ),
        (
            "where does the model work out the answer, step by step, on the copy task?",
            "logit_lens",
            {"behaviour": "copy"},
        ),
        (
            "what breaks in recall if we disconnect the last layer?",
            "head_ablation",
            {"behaviour": "recall", "heads": ["1.0", "1.1", "1.2", "1.3"]},
        ),
        (
            "does recall fall apart when all the heads of layer 0 are shut off?",
            "head_ablation",
            {"behaviour": "recall", "heads": ["0.0", "0.1", "0.2", "0.3"]},
        ),
        ("activations which become crazily big?", "head_scores", {"score": "massive_activation"}),
        (
            "is the sentiment kept somewhere inside the model? sentiment.jsonl",
            "linear_probe",
            {"prompts": "sentiment.jsonl"},
        ),
        (
            "does head 2 of layer 0 matter for copying?",
            "head_ablation",
            {"behaviour": "copy", "heads": ["0.2"]},
        ),
        (
            "get the chatbot to sound calmer with calm.jsonl vs angry.jsonl at layer 1",
            "steer",
            {"positive": "calm.jsonl", "negative": "angry.jsonl", "layer": 1},
        ),
        (
            "what changes in copying if we mute the layer nearest the output?",
            "head_ablation",
            {"behaviour": "copy", "heads": ["1.0", "1.1", "1.2", "1.3"]},
        ),
        ("are most gates practically closed?", "head_scores", {"score": "gate_below_0_1"}),
        (
            "which heads notice the same token when it has appeared before",
            "head_scores",
            {"score": "duplicate_token"},
        ),
        (
            "I want the model to sound friendlier: friendly.jsonl vs cold.jsonl",
            "steer",
            {"positive": "friendly.jsonl", "negative": "cold.jsonl"},
        ),
        (
            "where in the network does it recognise a question? q.jsonl has labels",
            "linear_probe",
            {"prompts": "q.jsonl"},
        ),
        (
            "replace 1.3's output with an average value on copy",
            "head_ablation",
            {"heads": ["1.3"], "method": "mean", "behaviour": "copy"},
        ),
        (
            "what does the logit lens say on the retrieval of facts",
            "logit_lens",
            {"behaviour": "recall"},
        ),
        ("which heads form the recall circuit?", "head_ablation", {"behaviour": "recall"}),
        (
            "does the model still remember the pairs if 0.3 is knocked out?",
            "head_ablation",
            {"behaviour": "recall", "heads": ["0.3"]},
        ),
        (
            "how does its prediction change across layers on copy?",
            "logit_lens",
            {"behaviour": "copy"},
        ),
        (
            "probe the middle layer with mood.jsonl",
            "linear_probe",
            {"prompts": "mood.jsonl", "layers": [1]},
        ),
        (
            "mean-ablate 1.* on copy",
            "head_ablation",
            {"heads": ["1.0", "1.1", "1.2", "1.3"], "method": "mean"},
        ),
        (
            "steer at layer 1 from sad.jsonl to happy.jsonl",
            "steer",
            {"positive": "happy.jsonl", "negative": "sad.jsonl", "layer": 1},
        ),
        (
            "is some part of the model staring at token zero?",
            "head_scores",
            {"score": "attention_sink"},
        ),
        (
            "make the model sound more formal using formal.jsonl and casual.jsonl at layer 0",
            "steer",
            {"positive": "formal.jsonl", "negative": "casual.jsonl", "layer": 0},
        ),
    ],
)
def test_model_questions_in_everyday_words(question: str, tool: str, args: dict[str, Any]):
    name, got = call(question)
    assert name == tool
    assert {k: got.get(k) for k in args} == args


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        ("logit lens, copy, B = 50", "logit_lens", {"behaviour": "copy", "n_boot": 50}),
        (
            "patching with units: positions on recall",
            "activation_patching",
            {"behaviour": "recall", "units": ["positions"]},
        ),
        (
            "act patching, units=inputs, induction, attribution top-2",
            "activation_patching",
            {"behaviour": "induction", "units": ["inputs"], "attribution": 2},
        ),
        (
            "path patching 0.1 -> 1.2 through the queries and values",
            "path_patching",
            {"sender": "0.1", "receivers": ["1.2"], "via": "q,v"},
        ),
        ("dup-tok scores please", "head_scores", {"score": "duplicate_token"}),
        ("head_scores(score='dup')", "head_scores", {"score": "duplicate_token"}),
        ("dup scores, 30 seqs", "head_scores", {"score": "duplicate_token", "n_prompts": 30}),
        ("AP, heads only, copy", "activation_patching", {"behaviour": "copy", "units": ["heads"]}),
        ("dla for copy", "logit_lens", {"behaviour": "copy"}),
        (
            "head_ablation(model='demo', heads=['1.1'], method='gate')",
            "head_ablation",
            {"heads": ["1.1"], "method": "gate"},
        ),
        (
            "steer(layer=1, positive='a.jsonl', negative='b.jsonl', position=3)",
            "steer",
            {"layer": 1, "positive": "a.jsonl", "negative": "b.jsonl", "position": "3"},
        ),
        (
            "mean-abl 1.0-1.2, induction, logit_diff",
            "head_ablation",
            {"heads": ["1.0", "1.1", "1.2"], "method": "mean", "metric": "logit_diff"},
        ),
        (
            "ablate [L1H1, L1H2] resample; copy",
            "head_ablation",
            {"heads": ["1.1", "1.2"], "method": "resample", "behaviour": "copy"},
        ),
    ],
)
def test_option_one_liners(question: str, tool: str, args: dict[str, Any]):
    name, got = call(question)
    assert name == tool
    assert {k: got.get(k) for k in args} == args


STEER = (
    "steer toward happy.jsonl away from sad.jsonl at layer 0",
    "steer",
    {
        "positive": "happy.jsonl",
        "negative": "sad.jsonl",
        "layer": 0,
    },
)
PROBE = ("probe layer 1 with t.jsonl", "linear_probe", {"prompts": "t.jsonl", "layers": [1]})
ABLATE = ("ablate 0.2 on copy", "head_ablation", {"heads": ["0.2"], "behaviour": "copy"})
SWEEP = (
    "resample-ablate every head on recall",
    "head_ablation",
    {
        "behaviour": "recall",
        "method": "resample",
    },
)
PATCH = ("activation patching on induction", "activation_patching", {"behaviour": "induction"})
PATH = (
    "path patching from 0.2 to 1.1 through the keys",
    "path_patching",
    {
        "sender": "0.2",
        "receivers": ["1.1"],
        "via": "k",
    },
)


@pytest.mark.parametrize(
    ("before", "question", "changed"),
    [
        (STEER, "a layer higher", {"layer": 1}),
        (STEER, "next layer please", {"layer": 1}),
        (STEER, "swap them", {"positive": "sad.jsonl", "negative": "happy.jsonl"}),
        (STEER, "now toward sad instead", {"positive": "sad.jsonl", "negative": "happy.jsonl"}),
        (STEER, "toward happy instead", {}),
        (PROBE, "and the layer below?", {"layers": [0]}),
        (PROBE, "what about the other one", {"layers": [0]}),
        (ABLATE, "and one layer up?", {"heads": ["1.2"]}),
        (SWEEP, "zero this time", {"method": "zero"}),
        (SWEEP, "try mean ablation instead", {"method": "mean"}),
        (PATCH, "now copying, per position", {"behaviour": "copy", "units": ["positions"]}),
        (PROBE, "and the previous one?", {"layers": [0]}),
        (PROBE, "every layer", {"layers": None}),
        (STEER, "weaker please, 0.25", {"alphas": [0.25]}),
        (ABLATE, "now all heads", {"heads": None}),
        (PATCH, "add attribution, top 3", {"attribution": 3}),
        (PROBE, "try with labels2.jsonl", {"prompts": "labels2.jsonl"}),
        (
            PROBE,
            "use past.jsonl vs present.jsonl instead",
            {"prompts": None, "positive": "past.jsonl", "negative": "present.jsonl"},
        ),
        (STEER, "same with c.jsonl vs d.jsonl", {"positive": "c.jsonl", "negative": "d.jsonl"}),
        (PATCH, "prompts: 32", {"n_prompts": 32}),
        (PATCH, "again with 100 prompts, 300 bootstrap draws", {"n_prompts": 100, "n_boot": 300}),
        (PATH, "same from 0.1", {"sender": "0.1"}),
        (PATH, "to 1.0 and 1.2 this time", {"receivers": ["1.0", "1.2"]}),
        (PATH, "and into 1.3 instead?", {"receivers": ["1.3"]}),
    ],
)
def test_follow_ups_change_the_last_experiment(before, question: str, changed: dict[str, Any]):
    name, got = call(question, before)
    assert name == before[1]
    want = {"model": "demo", **before[2], **changed}
    assert got == {k: v for k, v in want.items() if v is not None}


def test_a_layer_below_the_first_is_refused_in_words():
    msg = reply("one layer down", STEER)
    assert not msg.tool_calls
    assert "first layer" in msg.content


def test_the_other_one_after_a_head_ablation_asks_which():
    msg = reply("and for the other one?", ABLATE)
    assert not msg.tool_calls
    assert "?" in msg.content and "0.2" in msg.content


def test_a_follow_up_instrument_is_kept_with_a_new_treatment():
    before = (
        "effect of the new drug on recovery days",
        "estimate_effect",
        {"dataset": "clinic", "treatment": "age", "outcome": "recovery_days"},
    )
    name, args = call("use new_drug as the treatment and age as the instrument", before)
    assert name == "estimate_effect"
    assert (args["treatment"], args["outcome"], args["instrument"]) == (
        "new_drug",
        "recovery_days",
        "age",
    )


def test_a_standard_error_option_in_a_follow_up_is_said_not_used():
    before = (
        "effect of the new drug on recovery days",
        "estimate_effect",
        {"dataset": "clinic", "treatment": "new_drug", "outcome": "recovery_days"},
    )
    msg = reply("same but robust SEs", before)
    assert msg.tool_calls[0]["name"] == "estimate_effect"
    args = msg.tool_calls[0]["args"]
    assert (args["treatment"], args["outcome"]) == ("new_drug", "recovery_days")
    assert "robust" in msg.content.lower()


@pytest.mark.parametrize(
    "question",
    [
        "which heads do induction?",
        # any verb of doing, with or without the article
        "find the heads which perform the induction",
        "which heads are doing induction",
    ],
)
def test_which_heads_do_induction_still_finds_them_by_their_score(question: str):
    assert call(question) == ("head_scores", {"model": "demo", "score": "induction"})


def test_everyday_words_leave_questions_about_a_table_alone():
    assert model_words.plain("which parts of the data have gaps?") == (
        "which parts of the data have gaps?"
    )
    assert model_words.plain("which part of the AI copies text?") == "which head copies text?"


@pytest.mark.parametrize(
    "question",
    [
        "show the model's guess for the copied token as it goes up through the layers",
        "read off the predicted next token at each layer for the copy prompts",
    ],
)
def test_the_prediction_at_every_layer_is_the_logit_lens(question: str):
    assert call(question) == ("logit_lens", {"model": "demo", "behaviour": "copy"})


def test_putting_the_clean_activations_back_is_activation_patching():
    name, args = call(
        "put back the clean activations of the residual stream and see which restore the recall"
    )
    assert (name, args["units"], args["behaviour"]) == ("activation_patching", ["resid"], "recall")
