"""The offline planner on heads, layers and models said the way interpretability people say
them (TransformerLens hook names, nnsight module paths, (layer, head) tuples, "the last
layer's second head", ranges of heads, numbers counted from one, a model named in words or by a
path it cannot load), and on questions in words about what the model experiments are
("what is activation patching?", "can you train SAEs?"). Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.head_notation import model_named, plain
from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message

TOOLS = [
    "describe",
    "discover",
    "estimate_effect",
    "head_ablation",
    "head_scores",
    "activation_patching",
    "path_patching",
    "steer",
    "linear_probe",
    "logit_lens",
]
DEMO = {"id": "demo", "name": "demo", "n_layers": 2, "n_heads": 4}
#: A second model of another size: "the last layer" depends on which model is meant.
DEEP = {"id": "deep_gated", "name": "deep_gated", "n_layers": 6, "n_heads": 8}


def reply(question: str, models: tuple[dict[str, Any], ...] = (DEMO,), history=()) -> Any:
    state = {"datasets": {}, "models": {m["id"]: m for m in models}}
    return next_message([system_message(state), *history, HumanMessage(question)], TOOLS)


def call(question: str, models: tuple[dict[str, Any], ...] = (DEMO,)) -> tuple[str, dict]:
    msg = reply(question, models)
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


@pytest.mark.parametrize(
    "said, plain_text",
    [
        ("ablate blocks.0.attn.hook_z head 2", "ablate head 0.2"),
        ("patch blocks.1.hook_resid_pre", "patch layer 1 residual stream"),
        ("zero model.layers[1].self_attn head 3", "zero head 1.3"),
        ("ablate head (1, 2) and (0, 3)", "ablate head 1.2 and 0.3"),
        ("knock out layer 1's head 0", "knock out head 1.0"),
        ("ablate the last layer's third head", "ablate head 1.2"),
        ("ablate heads 0.1 to 0.3", "ablate heads 0.1, 0.2 and 0.3"),
        ("ablate L1H0-H2", "ablate 1.0, 1.1 and 1.2"),
        ("ablate heads 1-2 of layer 0", "ablate heads 0.1 and 0.2"),
        ("ablate head 2.4 (1-indexed)", "ablate head 1.3"),
        ("load ~/ckpt/qwen3-0.6b", "load ~/ckpt/qwen3-0.6b"),
    ],
)
def test_head_notation_made_plain(said: str, plain_text: str):
    assert plain(said, DEMO).strip() == plain_text


def test_a_model_is_named_by_the_words_of_its_id():
    assert model_named("on the Deep Gated one", DEEP)
    assert model_named("deep-gated: sink heads?", DEEP)
    assert not model_named("the deep end of gating", DEEP)


@pytest.mark.parametrize(
    "question, args",
    [
        (
            "zero-ablate blocks.0.attn.hook_result for head 1, copy task",
            {"heads": ["0.1"], "behaviour": "copy", "method": "zero"},
        ),
        (
            "in nnsight terms: model.transformer.h[0].attn, head 2 - knock it out on recall",
            {"heads": ["0.2"], "behaviour": "recall"},
        ),
        (
            "resample-ablate heads [(0, 1), (1, 3)] for induction",
            {"heads": ["0.1", "1.3"], "behaviour": "induction", "method": "resample"},
        ),
        (
            "what does copy accuracy do without the final layer's first head?",
            {"heads": ["1.0"], "behaviour": "copy", "metric": "accuracy"},
        ),
        (
            "ablate heads 0.0 thru 0.2 on recall",
            {"heads": ["0.0", "0.1", "0.2"], "behaviour": "recall"},
        ),
        (
            "knock out head 2 of layer 2 on induction, counting from 1",
            {"heads": ["1.1"], "behaviour": "induction"},
        ),
        (
            "shut the gate of head 0.3 and report the kl on copy",
            {"heads": ["0.3"], "behaviour": "copy", "method": "gate", "metric": "kl"},
        ),
    ],
)
def test_heads_said_in_interpretability_notation(question: str, args: dict[str, Any]):
    name, got = call(question)
    assert name == "head_ablation"
    assert {k: (set(v) if k == "heads" else v) for k, v in got.items() if k != "model"} == {
        k: (set(v) if k == "heads" else v) for k, v in args.items()
    }


def test_patching_the_head_outputs_by_hook_name():
    name, args = call("activation patching on the hook_z outputs for copy, 24 clean/corrupt pairs")
    assert (name, args["units"], args["n_prompts"]) == ("activation_patching", ["heads"], 24)


def test_path_patching_keeps_how_the_sender_is_ablated():
    name, args = call("path patch 0.1 -> 1.2 via the values, resample-ablating the sender")
    assert name == "path_patching"
    assert (args["sender"], args["receivers"], args["via"], args["method"]) == (
        "0.1",
        ["1.2"],
        "v",
        "resample",
    )


def test_the_last_layer_is_the_named_models_own():
    name, args = call(
        "ablate the last layer's second head of deep gated on induction", (DEMO, DEEP)
    )
    assert (name, args["model"], args["heads"]) == ("head_ablation", "deep_gated", ["5.1"])


def test_a_model_named_in_words_is_picked():
    name, args = call("Deep-Gated: which heads are previous-token heads?", (DEMO, DEEP))
    assert (name, args) == ("head_scores", {"model": "deep_gated", "score": "previous_token"})


def test_two_models_unnamed_asks_back_and_takes_a_one_word_reply():
    first = reply("rank the heads by duplicate-token score", (DEMO, DEEP))
    assert not first.tool_calls and "demo" in first.content and "deep_gated" in first.content
    history = [HumanMessage("rank the heads by duplicate-token score"), AIMessage(first.content)]
    again = reply("deep_gated", (DEMO, DEEP), history)
    assert again.tool_calls, again.content
    assert again.tool_calls[0]["args"] == {"model": "deep_gated", "score": "duplicate_token"}


@pytest.mark.parametrize(
    "question",
    [
        "load ./runs/gated-2l and find its induction heads",
        "use the checkpoint at ~/models/qwen3-1.7b, which heads are sinks?",
    ],
)
def test_a_model_path_that_is_not_loaded_is_said_not_guessed(question: str):
    msg = reply(question)
    assert not msg.tool_calls
    assert "--model" in msg.content and "demo" in msg.content


def test_a_prompt_file_path_is_not_a_model_to_load():
    name, args = call("load ./prompts/kind.jsonl and ./prompts/mean.jsonl and steer at layer 0")
    assert name == "steer" and args["positive"] == "./prompts/kind.jsonl"


@pytest.mark.parametrize(
    "question, words",
    [
        ("what is activation patching", ["clean", "corrupt"]),
        ("sorry, newbie here - what does mean ablation mean?", ["average", "zero"]),
        ("explain what a steering vector is", ["direction", "layer"]),
        ("ELI5: linear probes", ["classifier", "chance"]),
        ("what's a duplicate token head?", ["earlier copies"]),
        ("what is the logit lens for?", ["unembedding"]),
        ("I keep reading about the residual stream. What is it?", []),
        ("what's the difference between a collider and a confounder", ["collider", "both"]),
        ("what is the residual stream, in plain english", ["running sum"]),
    ],
)
def test_concepts_of_model_experiments_explained(question: str, words: list[str]):
    msg = reply(question)
    assert not msg.tool_calls, msg.tool_calls
    text = msg.content.lower()
    if question.startswith("I keep"):
        return  # the last sentence asks "what is it?": no concept named, no experiment run
    for w in words:
        assert w in text, text


@pytest.mark.parametrize(
    "question, said",
    [
        ("can you do causal scrubbing on this model?", "causal scrubbing"),
        ("find the induction circuit with ACDC", "acdc"),
        ("integrated gradients for the copy task please", "integrated gradients"),
        ("could we fine-tune the demo model on my prompts?", "fine-tuning"),
    ],
)
def test_model_experiments_that_do_not_exist_here_are_declined(question: str, said: str):
    msg = reply(question)
    assert not msg.tool_calls
    assert said in msg.content.lower() and "no" in msg.content.lower()
    assert "activation patching" in msg.content  # with what there is instead


@pytest.mark.parametrize(
    "question",
    ["will it run on llama checkpoints?", "does this work with my own pretrained model"],
)
def test_which_models_can_be_probed(question: str):
    msg = reply(question)
    assert not msg.tool_calls and "--model" in msg.content and "GPT-2" in msg.content


@pytest.mark.parametrize(
    "said, plain_text",
    [
        ("ablate blk 1 head 0", "ablate layer 1 head 0"),
        ("zero L0.H3 and l1_h2", "zero head 0.3 and head 1.2"),
        ("mean-ablate layer -1 head 2", "mean-ablate layer 1 head 2"),
        ("patch model.layers[-2].self_attn", "patch layer 0 attention"),
        ("AtP* on recall", "attribution patching on recall"),
    ],
)
def test_blocks_negative_indices_and_atp_made_plain(said: str, plain_text: str):
    assert plain(said, DEMO).strip() == plain_text


@pytest.mark.parametrize(
    "question, tool, args",
    [
        ("resample L0.H2 on copy", "head_ablation", {"heads": ["0.2"], "behaviour": "copy"}),
        (
            "CAA in block 0 with brave.jsonl vs timid.jsonl",
            "steer",
            {"positive": "brave.jsonl", "negative": "timid.jsonl", "layer": 0},
        ),
        ("is sarcasm linearly decodable in blk 1? sarc.jsonl", "linear_probe", {"layers": [1]}),
        ("AtP for recall, check the top 2", "activation_patching", {"attribution": 2}),
    ],
)
def test_blocks_and_jargon_in_requests(question: str, tool: str, args: dict[str, Any]):
    name, got = call(question)
    assert name == tool
    assert {k: got[k] for k in args} == args


@pytest.mark.parametrize(
    "question, words",
    [
        ("what is the difference between correlation and causation?", ["common cause", "do(x)"]),
        ("what does it mean to control for a confounder", ["holds it fixed"]),
        ("explain counterfactuals in plain terms", ["would have happened"]),
        ("what's 'selection bias'?", ["selected"]),
        ("what is d-separation", ["blocked"]),
        ("In a word: what's 'the residual stream'?", ["running sum"]),
    ],
)
def test_concepts_of_causal_inference_explained(question: str, words: list[str]):
    msg = reply(question)
    assert not msg.tool_calls, msg.tool_calls
    for w in words:
        assert w in msg.content.lower(), msg.content


@pytest.mark.parametrize(
    "question, words",
    [
        ("how can I use my own model with you?", ["--model", "GPT-2"]),
        ("how do we bring in our data?", ["--data", "/load"]),
        ("can you ablate single neurons?", ["neurons", "activation patching"]),
    ],
)
def test_how_to_load_and_what_is_not_offered(question: str, words: list[str]):
    msg = reply(question)
    assert not msg.tool_calls, msg.tool_calls
    for w in words:
        assert w in msg.content, msg.content


@pytest.mark.parametrize(
    "said, plain_text",
    [
        ("ablate the 3rd head of the 2nd layer", "ablate head 2 of layer 1"),
        ("probe layers 1..2 (one-based)", "probe layers 0 to 1"),
        ("knock out L1 entirely", "knock out layer 1 entirely"),
        ("an L2 penalty on layer 1", "an L2 penalty on layer 1"),
        ("knock out (0,2) then", "knock out 0.2 then"),
        ("steer with alphas (1, 2)", "steer with alphas (1, 2)"),
    ],
)
def test_ordinals_ranges_and_tuples_in_context(said: str, plain_text: str):
    assert plain(said, DEMO).strip() == plain_text


@pytest.mark.parametrize(
    "question, heads",
    [
        ("zero out layer 1 completely for copy", ["1.0", "1.1", "1.2", "1.3"]),
        ("ablate L0 as a whole on recall", ["0.0", "0.1", "0.2", "0.3"]),
        ("ablate heads 1.1-1.3 on copy using the mean", ["1.1", "1.2", "1.3"]),
    ],
)
def test_whole_layers_and_lists_with_a_method(question: str, heads: list[str]):
    name, args = call(question)
    assert name == "head_ablation" and set(args["heads"]) == set(heads)
    assert args.get("method") == ("mean" if "mean" in question else args.get("method"))


@pytest.mark.parametrize(
    "question",
    ["how many layers does the model have?", "how big is the demo model", "model architecture?"],
)
def test_the_loaded_models_size_in_words(question: str):
    msg = reply(question)
    assert not msg.tool_calls
    assert "2 layers" in msg.content and "4 heads per layer" in msg.content


def test_a_concept_question_after_an_experiment_is_not_a_follow_up():
    history = [
        HumanMessage("which heads matter for copy?"),
        AIMessage(
            "",
            tool_calls=[
                {
                    "name": "head_ablation",
                    "args": {"model": "demo", "behaviour": "copy"},
                    "id": "h0",
                    "type": "tool_call",
                }
            ],
        ),
    ]
    from langchain_core.messages import ToolMessage

    history.append(ToolMessage('{"ok": true, "result": {}}', tool_call_id="h0"))
    msg = reply("ok but what does resample ablation mean?", history=history)
    assert not msg.tool_calls and "another prompt" in msg.content


@pytest.mark.parametrize(
    "question, words",
    [
        ("are the ATT and the ATE the same thing?", ["treated", "average treatment effect"]),
        ("what's a p value (sorry, stats newbie)", ["null"]),
        ("Could you explain me what means 'logit lens'?", ["unembedding"]),
    ],
)
def test_more_concepts_said_in_many_ways(question: str, words: list[str]):
    msg = reply(question)
    assert not msg.tool_calls, msg.tool_calls
    for w in words:
        assert w in msg.content.lower(), msg.content


@pytest.mark.parametrize(
    "said, plain_text",
    [
        (
            "head_scores score=previous_token n_prompts=32",
            "head scores score previous_token 32 prompts",
        ),
        ("ablate heads ['1.0', '1.3']", "ablate heads 1.0 and 1.3"),
        ("probe layers=[0,1]", "probe layers 0 and 1"),
        ("ablate all heads but 0.1 and 1.1", "ablate heads 0.0, 0.2, 0.3, 1.0, 1.2 and 1.3"),
        ("which components of the network do recall", "which heads do recall"),
    ],
)
def test_code_lists_and_complements_made_plain(said: str, plain_text: str):
    assert plain(said, DEMO).strip() == plain_text


@pytest.mark.parametrize(
    "question, tool, args",
    [
        (
            "head_ablation heads={1.1,1.2} method=gate metric=kl behaviour=recall",
            "head_ablation",
            {"heads": ["1.1", "1.2"], "method": "gate", "metric": "kl", "behaviour": "recall"},
        ),
        (
            "zero everything in layer 0 apart from head 0.2 on induction",
            "head_ablation",
            {"heads": ["0.0", "0.1", "0.3"], "behaviour": "induction"},
        ),
        ("token-by-token patching for copy", "activation_patching", {"units": ["positions"]}),
        (
            "path patch 0.1 -> 1.0 via queries or values, do the values first",
            "path_patching",
            {"via": "v"},
        ),
    ],
)
def test_code_like_requests_and_complements(question: str, tool: str, args: dict[str, Any]):
    name, got = call(question)
    assert name == tool
    assert {k: (set(got[k]) if k == "heads" else got[k]) for k in args} == {
        k: (set(v) if k == "heads" else v) for k, v in args.items()
    }


def test_a_steering_follow_up_that_names_the_experiment_reuses_its_files():
    history = [
        HumanMessage("steer toward a.jsonl and away from b.jsonl at layer 0"),
        AIMessage(
            "",
            tool_calls=[
                {
                    "name": "steer",
                    "args": {
                        "model": "demo",
                        "positive": "a.jsonl",
                        "negative": "b.jsonl",
                        "layer": 0,
                    },
                    "id": "h0",
                    "type": "tool_call",
                }
            ],
        ),
    ]
    from langchain_core.messages import ToolMessage

    history.append(ToolMessage('{"ok": true, "result": {}}', tool_call_id="h0"))
    msg = reply("redo the steering with strengths 2 and 6", history=history)
    assert msg.tool_calls and msg.tool_calls[0]["name"] == "steer"
    args = msg.tool_calls[0]["args"]
    assert (args["positive"], args["negative"], args["alphas"]) == (
        "a.jsonl",
        "b.jsonl",
        [2.0, 6.0],
    )


@pytest.mark.parametrize(
    "question, words",
    [
        ("how can I tell whether a layer matters?", ["ablation"]),
        ("what's an estimand, in stats?", ["quantity"]),
        ("explain IPW like I'm new to this", ["propensity"]),
        ("can you do DLA?", ["logit lens"]),
        ("will this run on my laptop's cpu?", ["cpu"]),
    ],
)
def test_how_to_concepts_and_hardware_in_words(question: str, words: list[str]):
    msg = reply(question)
    assert not msg.tool_calls, msg.tool_calls
    for w in words:
        assert w in msg.content.lower(), msg.content


def test_a_how_to_that_names_what_to_run_runs_it():
    assert call("how do I find the previous-token heads?") == (
        "head_scores",
        {"model": "demo", "score": "previous_token"},
    )


@pytest.mark.parametrize(
    "question, tool, args",
    [
        (
            "prefix-matching scores on 40 repeated random sequences",
            "head_scores",
            {"score": "induction", "n_prompts": 40},
        ),
        (
            "zero the top block's heads on recall",
            "head_ablation",
            {"heads": ["1.0", "1.1", "1.2", "1.3"]},
        ),
        (
            "ablate every head but those in layer 1, induction",
            "head_ablation",
            {"heads": ["0.0", "0.1", "0.2", "0.3"]},
        ),
        ("probe layer 1 (layers numbered from 1) with t.jsonl", "linear_probe", {"layers": [0]}),
    ],
)
def test_paper_names_blocks_and_layer_complements(question: str, tool: str, args: dict[str, Any]):
    name, got = call(question)
    assert name == tool
    assert {k: (set(got[k]) if k == "heads" else got[k]) for k in args} == {
        k: (set(v) if k == "heads" else v) for k, v in args.items()
    }


def test_a_follow_up_naming_another_model_reruns_the_experiment_there():
    history = [
        HumanMessage("duplicate-token scores on demo"),
        AIMessage(
            "",
            tool_calls=[
                {
                    "name": "head_scores",
                    "args": {"model": "demo", "score": "duplicate_token"},
                    "id": "h0",
                    "type": "tool_call",
                }
            ],
        ),
    ]
    from langchain_core.messages import ToolMessage

    history.append(ToolMessage('{"ok": true, "result": {}}', tool_call_id="h0"))
    msg = reply("and for deep gated?", (DEMO, DEEP), history)
    assert msg.tool_calls[0]["args"] == {"model": "deep_gated", "score": "duplicate_token"}


def test_a_concept_named_after_but_is_not_a_concept_question():
    history = [
        HumanMessage("learn the graph"),
        AIMessage(
            "",
            tool_calls=[
                {"name": "discover", "args": {"dataset": "t"}, "id": "h0", "type": "tool_call"}
            ],
        ),
    ]
    from langchain_core.messages import ToolMessage

    history.append(ToolMessage('{"ok": true, "result": {}}', tool_call_id="h0"))
    msg = reply("same but fci", history=history)
    assert "hidden" not in msg.content  # not the glossary's FCI


@pytest.mark.parametrize(
    "question, words",
    [
        ("FCI vs PC - what's the difference?", ["hidden", "independence test"]),
        ("why do people use the bootstrap?", ["resamples"]),
        ("what does a QK circuit do, in transformers", ["where it attends"]),
        ("um, what's the logit difference?", ["wrong answer"]),
        ("which metrics can I pick?", ["logit_diff", "induction"]),
        ("what tasks does the demo model know?", ["recall", "copy"]),
    ],
)
def test_discovery_and_model_words_explained(question: str, words: list[str]):
    msg = reply(question)
    assert not msg.tool_calls, msg.tool_calls
    for w in words:
        assert w in msg.content.lower(), msg.content
