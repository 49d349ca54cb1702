"""The offline planner on how strangers ask about a table's contents, its missing values and
the model's heads: missing values said as holes, missingness, lost readings, blank cells in a
spreadsheet or values some rows never reported; a description asked as summary statistics,
distributions, ranges or a first look; interpretability shorthand ("tok", "info", "attn") and
the share of nearly closed gates. Planner only: no tool runs."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.messages import HumanMessage

from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message
from tests.planner_kit import MODEL

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


def col(name: str, kind: str, card: int = 100) -> dict[str, Any]:
    return {"name": name, "kind": kind, "missing_share": 0.05, "cardinality": card}


ROUTES = {
    "id": "routes",
    "name": "routes",
    "source": "routes.csv",
    "n": 400,
    "p": 6,
    "columns": [
        col("route_id", "id", 400),
        col("bus_lane", "binary", 2),
        col("headway_min", "continuous"),
        col("vibration", "continuous"),
        col("ontime_pct", "continuous"),
        col("DailyRiders", "continuous"),
    ],
}


def reply(question: str, ds: dict[str, Any] | None = ROUTES) -> Any:
    state = {"datasets": {ds["id"]: ds} if ds else {}, "models": {"demo": MODEL}}
    return next_message([system_message(state), HumanMessage(question)], TOOLS)


def call(question: str, ds: dict[str, Any] | None = ROUTES) -> tuple[str, dict[str, Any]]:
    msg = reply(question, ds)
    assert msg.tool_calls, msg.content
    return msg.tool_calls[0]["name"], msg.tool_calls[0]["args"]


@pytest.mark.parametrize(
    "question",
    [
        "which columns have holes",
        "check missingness in routes",
        "Are there blank cells in the spreadsheet?",
        "the vibration sensor dropped out sometimes - how many readings are lost?",
        "did any route not report its punctuality?",
    ],
)
def test_missing_values_said_in_other_words(question: str):
    assert call(question) == ("describe", {"dataset": "routes", "focus": "missing"})


@pytest.mark.parametrize(
    "question",
    [
        "mean and sd of every column?",
        "quick look at the data first",
        "what are the ranges of the numeric columns",
        "First I'd like to see some basic descriptive statistics.",
        "distribution of headway_min?",
        "How are the variables distributed?",
        "what's the average DailyRiders?",
    ],
)
def test_a_description_asked_as_statistics_or_a_first_look(question: str):
    assert call(question) == ("describe", {"dataset": "routes"})


def test_requests_on_missing_values_that_are_out_of_scope_stay_so():
    # deleting rows or imputing is no analysis, whatever missing-value words it uses
    for question in ("delete the rows where riders is missing and save the file",):
        msg = reply(question)
        assert not msg.tool_calls
    # a verb, not missing values: the effect is still estimated
    name, args = call("Do more frequent buses cut missing trips? Estimate the effect on riders.")
    assert name == "estimate_effect"


def test_an_average_effect_is_not_a_column_statistic():
    name, args = call("what's the average effect of bus_lane on ontime_pct?")
    assert name == "estimate_effect"
    assert (args["treatment"], args["outcome"]) == ("bus_lane", "ontime_pct")


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        ("heads attending to previous tok?", "head_scores", {"score": "previous_token"}),
        ("Is there an attn sink in this model", "head_scores", {"score": "attention_sink"}),
        (
            "does head 0.3 send info to head 1.0 via the values?",
            "path_patching",
            {"sender": "0.3", "receivers": ["1.0"], "via": "v"},
        ),
        (
            "Please perform a logit-lens analysis of induction with 128 prompts.",
            "logit_lens",
            {"behaviour": "induction", "n_prompts": 128},
        ),
        (
            "what fraction of head gates are below 0.1?",
            "head_scores",
            {"score": "gate_below_0_1"},
        ),
        ("show me the gate values of the heads", "head_scores", {"score": "gate"}),
    ],
)
def test_probing_shorthand_and_gate_shares(question: str, tool: str, args: dict[str, Any]):
    name, got = call(question, None)
    assert name == tool
    for key, want in args.items():
        assert got[key] == want, (key, got)


def test_a_column_named_like_shorthand_is_left_alone():
    # "prev_inj" keeps its underscore: the shorthand "prev" is read only as a whole word
    players = {
        **ROUTES,
        "id": "players",
        "name": "players",
        "columns": [col("prev_inj", "discrete", 5), col("days_out", "continuous")],
    }
    name, args = call("effect of prev_inj on days_out", players)
    assert (name, args["treatment"], args["outcome"]) == ("estimate_effect", "prev_inj", "days_out")


@pytest.mark.parametrize(
    "question",
    [
        "Give me the lay of the land on the routes data before we dig in.",
        "how many distinct values does each column have?",
        "what values can bus_lane take?",
    ],
)
def test_a_description_asked_as_an_idiom_or_the_values_of_columns(question: str):
    assert call(question) == ("describe", {"dataset": "routes"})


def test_a_description_word_with_an_effect_stays_an_effect():
    name, args = call("distribution of the effect of bus_lane on ontime_pct?")
    assert name == "estimate_effect"
    assert (args["treatment"], args["outcome"]) == ("bus_lane", "ontime_pct")


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        (
            "measure the prob drop on copy when heads 0.3 and 1.0 are ablated",
            "head_ablation",
            {"heads": ["0.3", "1.0"], "behaviour": "copy", "metric": "prob"},
        ),
        (
            "recall accuracy when 0.1, 0.2 and 1.3 are zeroed",
            "head_ablation",
            {"heads": ["0.1", "0.2", "1.3"], "behaviour": "recall", "metric": "accuracy"},
        ),
        (
            "Does information flow from head 0.0 into the keys of head 1.2?",
            "path_patching",
            {"sender": "0.0", "receivers": ["1.2"], "via": "k"},
        ),
        (
            "does any signal pass from 0.1 to the values of 1.3",
            "path_patching",
            {"sender": "0.1", "receivers": ["1.3"], "via": "v"},
        ),
    ],
)
def test_heads_listed_in_the_passive_and_information_flow(
    question: str, tool: str, args: dict[str, Any]
):
    name, got = call(question, None)
    assert name == tool
    for key, want in args.items():
        assert got[key] == want, (key, got)


@pytest.mark.parametrize(
    "question",
    [
        "df.isna().sum()",
        "Which fields are sparsely populated?",
        "Is the ontime_pct column fully populated?",
        "some routes never reported - is ontime_pct empty for them?",
    ],
)
def test_missing_values_said_as_code_or_population(question: str):
    assert call(question) == ("describe", {"dataset": "routes", "focus": "missing"})


@pytest.mark.parametrize(
    "question",
    ["nunique per column", "tell me a bit about the routes data", "stats on headway_min"],
)
def test_a_description_said_as_code_or_in_passing(question: str):
    assert call(question) == ("describe", {"dataset": "routes"})


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        (
            "ablate heads L0H1, L0H2 (mean) -> recall acc?",
            "head_ablation",
            {
                "heads": ["0.1", "0.2"],
                "method": "mean",
                "behaviour": "recall",
                "metric": "accuracy",
            },
        ),
        (
            "which positions matter for copy (activation patching)?",
            "activation_patching",
            {"behaviour": "copy", "units": ["positions"]},
        ),
        (
            "attribution patching for recall, verify the top five",
            "activation_patching",
            {"behaviour": "recall", "attribution": 5},
        ),
        (
            "attribution patching for recall, verify the top 3",
            "activation_patching",
            {"behaviour": "recall", "attribution": 3},
        ),
    ],
)
def test_bracketed_methods_spelt_counts_and_asked_positions(
    question: str, tool: str, args: dict[str, Any]
):
    name, got = call(question, None)
    assert name == tool
    for key, want in args.items():
        assert got[key] == want, (key, got)


@pytest.mark.parametrize(
    "question",
    [
        "How many routes have no punctuality figure?",
        "Are there routes with no riders recorded?",
        "Some routes had their counters broken. Which variables does that affect, and how many rows?",
    ],
)
def test_missing_values_said_as_no_figure_or_broken_counters(question: str):
    assert call(question) == ("describe", {"dataset": "routes", "focus": "missing"})


def test_what_a_table_contains_is_a_description():
    assert call("What does the routes table contain?") == ("describe", {"dataset": "routes"})


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        (
            "head 1.0 - knock it out, look at recall logit diff",
            "head_ablation",
            {"heads": ["1.0"], "behaviour": "recall", "metric": "logit_diff"},
        ),
        (
            "path patching from head 0.3 to heads 1.1 and 1.2",
            "path_patching",
            {"sender": "0.3", "receivers": ["1.1", "1.2"]},
        ),
        (
            "I'd like to see where the model first gets the copy answer right, layer by layer.",
            "logit_lens",
            {"behaviour": "copy"},
        ),
        (
            "is the truthfulness feature present at layer 1? true.jsonl vs false.jsonl",
            "linear_probe",
            {"layers": [1], "positive": "true.jsonl", "negative": "false.jsonl"},
        ),
    ],
)
def test_pronouns_after_a_head_path_lists_layer_by_layer_and_features(
    question: str, tool: str, args: dict[str, Any]
):
    name, got = call(question, None)
    assert name == tool
    for key, want in args.items():
        assert got[key] == want, (key, got)


@pytest.mark.parametrize(
    "question",
    [
        "Do any routes lack a riders count?",
        "Part of the data never synced, so some punctuality figures may be absent. How many?",
        "punctuality not given for some routes? how many",
    ],
)
def test_missing_values_said_as_lacking_or_not_given(question: str):
    assert call(question) == ("describe", {"dataset": "routes", "focus": "missing"})


@pytest.mark.parametrize(
    "question",
    [
        "Give me a rundown of the routes dataset.",
        "min/max/mean for headway_min?",
        "can you show me what this routes file has in it?",
    ],
)
def test_a_description_said_as_a_rundown_or_a_list_of_statistics(question: str):
    assert call(question) == ("describe", {"dataset": "routes"})


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        (
            "Do 0.2's outputs get used by 1.3's values? path patch it",
            "path_patching",
            {"sender": "0.2", "receivers": ["1.3"], "via": "v"},
        ),
        (
            "what do the gates look like - how many are nearly closed?",
            "head_scores",
            {"score": "gate_below_0_1"},
        ),
        (
            "rank the heads by their previous-token score on my file prev.jsonl",
            "head_scores",
            {"score": "previous_token", "prompts": "prev.jsonl"},
        ),
        (
            "Use hope.jsonl as the target and doom.jsonl as the opposite, layer 1, alphas 1 2 3.",
            "steer",
            {
                "layer": 1,
                "positive": "hope.jsonl",
                "negative": "doom.jsonl",
                "alphas": [1.0, 2.0, 3.0],
            },
        ),
    ],
)
def test_heads_before_path_patch_closed_gates_file_names_and_alphas(
    question: str, tool: str, args: dict[str, Any]
):
    name, got = call(question, None)
    assert name == tool
    for key, want in args.items():
        assert got[key] == want, (key, got)


def test_alphas_without_prompt_files_are_no_steering():
    # discovery at two significance levels is not a steering sweep
    name, _ = call("discover the graph with alphas 0.01 and 0.05")
    assert name == "discover"


@pytest.mark.parametrize(
    ("question", "focus"),
    [
        ("are all cells filled in?", "missing"),
        ("the punctuality results didn't come back for every route - how many?", "missing"),
        ("whats the breakdown of RouteType and bus_lane?", None),
        ("Could you produce a data dictionary for this table?", None),
        ("how spread out is headway_min", None),
    ],
)
def test_filled_cells_results_not_back_breakdowns_and_spread(question: str, focus: str | None):
    routes = {
        **ROUTES,
        "columns": [*ROUTES["columns"], col("RouteType", "categorical", 3)],
    }
    want = {"dataset": "routes", **({"focus": focus} if focus else {})}
    assert call(question, routes) == ("describe", want)


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        (
            "silence all four heads of layer 0 and see if copying survives",
            "head_ablation",
            {"heads": ["0.0", "0.1", "0.2", "0.3"], "behaviour": "copy"},
        ),
        (
            "wanna know if there are heads that attend to the same token seen earlier",
            "head_scores",
            {"score": "duplicate_token"},
        ),
        ("logitlens copy", "logit_lens", {"behaviour": "copy"}),
        (
            "Does head 1.1 get its queries from head 0.3? Please check with path patching.",
            "path_patching",
            {"sender": "0.3", "receivers": ["1.1"], "via": "q"},
        ),
    ],
)
def test_counted_layer_heads_seen_tokens_and_receivers_said_first(
    question: str, tool: str, args: dict[str, Any]
):
    name, got = call(question, None)
    assert name == tool
    for key, want in args.items():
        assert got[key] == want, (key, got)


@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("how many routes have an empty ontime_pct?", {"focus": "missing"}),
        ("what am I looking at here? (routes data)", {}),
        ("histogram-like summary of the headway_min column, text only", {}),
    ],
)
def test_empty_values_a_first_look_and_a_summary_in_words(question: str, want: dict[str, str]):
    assert call(question) == ("describe", {"dataset": "routes", **want})


def test_a_chart_is_still_out_of_scope():
    assert not reply("draw a histogram of headway_min").tool_calls


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        (
            "so which heads are doing the heavy lifting for recall?",
            "head_ablation",
            {"behaviour": "recall"},
        ),
        (
            "zero-ablate 0.0 for recall & report the prob",
            "head_ablation",
            {"heads": ["0.0"], "behaviour": "recall", "metric": "prob"},
        ),
    ],
)
def test_heavy_lifting_and_the_prob_reported(question: str, tool: str, args: dict[str, Any]):
    name, got = call(question, None)
    assert name == tool
    for key, want in args.items():
        assert got[key] == want, (key, got)


@pytest.mark.parametrize(
    ("question", "want"),
    [
        ("Were punctuality figures recorded for all routes?", {"focus": "missing"}),
        ("what is this data set", {}),
        ("show col stats", {}),
    ],
)
def test_recorded_for_all_what_the_data_is_and_column_stats(question: str, want: dict[str, str]):
    assert call(question) == ("describe", {"dataset": "routes", **want})


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        ("do positional patching on recall", "activation_patching", {"units": ["positions"]}),
        (
            "can the layer 1 residual tell apart fact.jsonl from fiction.jsonl?",
            "linear_probe",
            {"layers": [1], "positive": "fact.jsonl", "negative": "fiction.jsonl"},
        ),
        ("heads that park attention at position 0?", "head_scores", {"score": "attention_sink"}),
    ],
)
def test_positional_patching_telling_files_apart_and_position_zero(
    question: str, tool: str, args: dict[str, Any]
):
    name, got = call(question, None)
    assert name == tool
    for key, want in args.items():
        assert got[key] == want, (key, got)
