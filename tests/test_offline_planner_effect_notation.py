"""Effect questions in analysts' notations and option words: Stata commands (reg, logit,
ivreg2/ivregress, teffects), statsmodels and linearmodels formula calls, "controlling for
everything except", abbreviations the speaker makes ("dept"), the rows' entity said before a
variable ("building size"), effect measures ("risk difference for Y, treated vs untreated with
X"), "exposure to X", "if we go X, what happens to Y", and a graph written inline as edges, which
estimate_effect reads and checks against the columns."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from langchain_core.messages import AIMessage, HumanMessage

from copilot.agents.nodes import system_message
from copilot.agents.planner import next_message

TOOLS = ["describe", "discover", "estimate_effect"]


def table(name: str, *columns: tuple[str, str]) -> dict[str, Any]:
    cols = [
        {
            "name": n,
            "kind": k,
            "missing_share": 0.0,
            "cardinality": 2 if k == "binary" else 3 if k == "categorical" else 500,
        }
        for n, k in columns
    ]
    return {
        "id": name,
        "name": name,
        "source": f"{name}.csv",
        "n": 900,
        "p": len(cols),
        "columns": cols,
    }


SHOPS = table(
    "shops",
    ("shop_id", "id"),
    ("region", "categorical"),
    ("shop_area_m2", "continuous"),
    ("promo_budget", "continuous"),
    ("app_launched", "binary"),
    ("visits", "continuous"),
    ("avg_ticket", "continuous"),
    ("sales_k", "continuous"),
)
STAFF = table(
    "staff",
    ("emp_id", "id"),
    ("Age", "continuous"),
    ("Department", "categorical"),
    ("Management", "binary"),
    ("mentoring", "binary"),
    ("lottery_slot", "binary"),
    ("quit", "binary"),
    ("rating", "continuous"),
)
CLINIC = table(
    "clinic",
    ("pt_id", "id"),
    ("age", "continuous"),
    ("frailty", "continuous"),
    ("statin", "binary"),
    ("ldl", "continuous"),
    ("stroke", "binary"),
)

LOANS = table(
    "loans",
    ("loan_id", "id"),
    ("annual_income_k", "continuous"),
    ("debt_to_income", "continuous"),
    ("counseling", "binary"),
    ("defaulted", "binary"),
)


def ask(question: str, ds: dict[str, Any]) -> AIMessage:
    state = {"datasets": {ds["id"]: {**ds, "current": True}}, "models": {}}
    return next_message([system_message(state), HumanMessage(question)], TOOLS)


CALLS = [
    # Stata regression commands: the first name is the outcome, the next the treatment
    (SHOPS, "reg sales_k promo_budget visits, vce(robust)", {"treatment": "promo_budget", "outcome": "sales_k", "common_causes": ["visits"]}),
    (STAFF, "logit quit mentoring Age i.Department", {"treatment": "mentoring", "outcome": "quit", "common_causes": ["Age", "Department"], "method": "glm"}),
    (STAFF, "could you run regress rating mentoring Age for me", {"treatment": "mentoring", "outcome": "rating", "common_causes": ["Age"]}),
    # instrumental-variable commands
    (STAFF, "ivregress 2sls rating Age (mentoring = lottery_slot), first", {"treatment": "mentoring", "outcome": "rating", "instrument": "lottery_slot", "common_causes": ["Age"]}),
    (STAFF, "ivreg2 quit (mentoring = lottery_slot)", {"treatment": "mentoring", "outcome": "quit", "instrument": "lottery_slot"}),
    # teffects: the estimator's name says the method
    (STAFF, "teffects nnmatch (rating Age) (mentoring Age)", {"treatment": "mentoring", "outcome": "rating", "common_causes": ["Age"], "method": "matching"}),
    (CLINIC, "teffects ipw (stroke) (statin age frailty)", {"treatment": "statin", "outcome": "stroke", "common_causes": ["age", "frailty"], "method": "weighting"}),
    (CLINIC, "teffects ipwra (ldl age) (statin age)", {"treatment": "statin", "outcome": "ldl", "common_causes": ["age"], "method": "aipw"}),
    # formula calls of Python libraries
    (CLINIC, "smf.probit('stroke ~ statin + age', data=df).fit().summary()", {"treatment": "statin", "outcome": "stroke", "common_causes": ["age"], "method": "glm"}),
    (STAFF, 'IV2SLS.from_formula("rating ~ 1 + Age + [mentoring ~ lottery_slot]", data).fit()', {"treatment": "mentoring", "outcome": "rating", "instrument": "lottery_slot", "common_causes": ["Age"]}),
    # every column but some as controls
    (SHOPS, "promo budget effect on sales adjusting for all other variables except visits and avg ticket", {"treatment": "promo_budget", "outcome": "sales_k", "common_causes": ["region", "shop_area_m2", "app_launched"]}),
    (CLINIC, "statin -> stroke, control for everything but ldl", {"treatment": "statin", "outcome": "stroke", "common_causes": ["age", "frailty"]}),
    # the speaker's abbreviation and the rows' entity before a variable
    (STAFF, "effect of mentoring on quitting controlling for dept and mgmt", {"treatment": "mentoring", "outcome": "quit", "common_causes": ["Department", "Management"]}),
    (SHOPS, "effect of the app on sales net of shop size", {"treatment": "app_launched", "outcome": "sales_k", "common_causes": ["shop_area_m2"]}),
    # effect measures, exposure, a change said as a condition
    (CLINIC, "risk difference for stroke, treated vs untreated with statins", {"treatment": "statin", "outcome": "stroke"}),
    (CLINIC, "odds ratio of stroke by statin use, adjusted for age", {"treatment": "statin", "outcome": "stroke", "common_causes": ["age"]}),
    (CLINIC, "what is the effect of exposure to statins on stroke among patients?", {"treatment": "statin", "outcome": "stroke"}),
    (SHOPS, "if we launch the app everywhere, what happens to sales?", {"treatment": "app_launched", "outcome": "sales_k"}),
    # a graph written inline: its edges, between the columns their ends name
    (CLINIC, "Assume this DAG: frailty -> statin, frailty -> stroke, statin -> stroke. Effect of statin on stroke?", {"treatment": "statin", "outcome": "stroke", "graph": "frailty -> statin; frailty -> stroke; statin -> stroke"}),
    (CLINIC, "effect of statins on ldl given the graph age -> statin; age -> ldl; statin -> ldl", {"treatment": "statin", "outcome": "ldl", "graph": "age -> statin; age -> ldl; statin -> ldl"}),
    # causal libraries' keyword calls, R interactions, an estimator's label before the pair
    (STAFF, "CausalModel(data=df, treatment='mentoring', outcome='rating', instruments=['lottery_slot'])", {"treatment": "mentoring", "outcome": "rating", "instrument": "lottery_slot"}),
    (SHOPS, "lm(sales_k ~ app_launched * region, data = shops)", {"treatment": "app_launched", "outcome": "sales_k", "by": "region"}),
    (SHOPS, "sales_k ~ app_launched + visits + app_launched:region", {"treatment": "app_launched", "outcome": "sales_k", "by": "region", "common_causes": ["visits"]}),
    (CLINIC, "IPTW: statin and stroke, confounders age and frailty", {"treatment": "statin", "outcome": "stroke", "common_causes": ["age", "frailty"], "method": "weighting"}),
    # other words for an effect and for the estimators it is taken with
    (SHOPS, "what's the uplift from the app on sales if we do the doubly robust thing", {"treatment": "app_launched", "outcome": "sales_k", "method": "aipw"}),
    (SHOPS, "report the app's effect on sales under both IPW and matching", {"treatment": "app_launched", "outcome": "sales_k", "methods": ["weighting", "matching"]}),
    (SHOPS, "What's the return on the promo budget in terms of sales? Keep region constant.", {"treatment": "promo_budget", "outcome": "sales_k", "common_causes": ["region"]}),
    (STAFF, "is mentoring associated with less quitting?", {"treatment": "mentoring", "outcome": "quit"}),
    (STAFF, "propensity score matching (1:1, caliper 0.05) of mentoring vs no mentoring on rating", {"treatment": "mentoring", "outcome": "rating", "method": "matching"}),
    (CLINIC, "how much does one extra unit of frailty change ldl?", {"treatment": "frailty", "outcome": "ldl"}),
    # instruments said by identification and by a pronoun, bootstrap counts as B =
    (STAFF, "I would identify the mentoring effect on rating off the lottery slot", {"treatment": "mentoring", "outcome": "rating", "instrument": "lottery_slot"}),
    (STAFF, "The lottery slot was drawn at random, so use it as an instrument for mentoring on rating", {"treatment": "mentoring", "outcome": "rating", "instrument": "lottery_slot"}),
    (CLINIC, "bootstrap CI (B = 300) for the statin effect on ldl", {"treatment": "statin", "outcome": "ldl", "n_boot": 300}),
    (CLINIC, "statin effect on stroke, controlling for everything excpet ldl", {"treatment": "statin", "outcome": "stroke", "common_causes": ["age", "frailty"]}),
    # EconML's fit, Stata's absorbed fixed effects, instruments said by use
    (CLINIC, "CausalForestDML().fit(Y=df['ldl'], T=df['statin'], W=df[['age', 'frailty']])", {"treatment": "statin", "outcome": "ldl", "common_causes": ["age", "frailty"]}),
    (STAFF, "est = LinearDML().fit(Y=df.rating, T=df.mentoring, W=df[['Age']])", {"treatment": "mentoring", "outcome": "rating", "common_causes": ["Age"], "method": "dml"}),
    (SHOPS, "areg sales_k promo_budget visits, absorb(region)", {"treatment": "promo_budget", "outcome": "sales_k", "common_causes": ["visits", "region"]}),
    (STAFF, "mentoring on rating with lottery_slot instrumenting mentoring", {"treatment": "mentoring", "outcome": "rating", "instrument": "lottery_slot"}),
    (STAFF, "Wald estimator for mentoring on quitting using the lottery slot", {"treatment": "mentoring", "outcome": "quit", "instrument": "lottery_slot", "method": "iv"}),
    # a ratio's denominator is not the variable; verbs with a particle; worth keeping
    (LOANS, "conditional on income, what does counselling do to defaults?", {"treatment": "counseling", "outcome": "defaulted", "common_causes": ["annual_income_k"]}),
    (LOANS, "how strongly does counselling push down defaults?", {"treatment": "counseling", "outcome": "defaulted"}),
    (LOANS, "is counselling worth keeping, judging by defaults?", {"treatment": "counseling", "outcome": "defaulted"}),
    # fixest, DoWhy's method_name, Python lists of methods, keyword arguments without a call
    (SHOPS, "feols(sales_k ~ promo_budget + visits | region, data = shops)", {"treatment": "promo_budget", "outcome": "sales_k", "common_causes": ["visits", "region"]}),
    (STAFF, "feols(rating ~ Age | Department | mentoring ~ lottery_slot, staff)", {"treatment": "mentoring", "outcome": "rating", "instrument": "lottery_slot", "common_causes": ["Age", "Department"]}),
    (CLINIC, "model.estimate_effect(estimand, method_name='backdoor.propensity_score_weighting') for statin on stroke", {"treatment": "statin", "outcome": "stroke", "method": "weighting"}),
    (CLINIC, "methods=['matching', 'dml'] for statin -> ldl", {"treatment": "statin", "outcome": "ldl", "methods": ["matching", "dml"]}),
    (CLINIC, "treatment='statin', outcome='ldl', covariates=['age']", {"treatment": "statin", "outcome": "ldl", "common_causes": ["age"]}),
    # what is called random in an IV question is the instrument; "robustness stuff" off
    (STAFF, "The lottery slot is as good as random. IV estimate of mentoring on rating please", {"treatment": "mentoring", "outcome": "rating", "instrument": "lottery_slot"}),
    (CLINIC, "statin on stroke by matching, and don't bother with the robustness stuff", {"treatment": "statin", "outcome": "stroke", "method": "matching", "refute": False}),
    (CLINIC, "statin effect on ldl controlling for every covariate other than frailty", {"treatment": "statin", "outcome": "ldl", "common_causes": ["age", "stroke"]}),
    (SHOPS, "each extra euro of promo budget, how many k more sales?", {"treatment": "promo_budget", "outcome": "sales_k"}),
    # a printing wrapper, EconML's W said in words, an adjective before a declared role
    (CLINIC, "summary(lm(ldl ~ statin + age, data = clinic))", {"treatment": "statin", "outcome": "ldl", "common_causes": ["age"]}),
    (CLINIC, "DML est. of statin on ldl with age and frailty as W", {"treatment": "statin", "outcome": "ldl", "common_causes": ["age", "frailty"], "method": "dml"}),
    (STAFF, "lottery slot as IV, mentoring as the endogenous treatment, rating as the outcome", {"treatment": "mentoring", "outcome": "rating", "instrument": "lottery_slot"}),
    (CLINIC, "throw everything except ldl into the controls and tell me what statins do to stroke", {"treatment": "statin", "outcome": "stroke", "common_causes": ["age", "frailty"]}),
    (CLINIC, "Given frailty -> statin, frailty -> stroke and statin -> stroke, how many strokes does the statin prevent?", {"treatment": "statin", "outcome": "stroke", "graph": "frailty -> statin; frailty -> stroke; statin -> stroke"}),
]  # fmt: skip


@pytest.mark.parametrize(("ds", "question", "want"), CALLS)
def test_the_notation_reaches_the_call(ds, question, want):
    msg = ask(question, ds)
    assert msg.tool_calls, f"{question!r}: no tool call; replied {msg.content!r}"
    call = msg.tool_calls[0]
    assert call["name"] == "estimate_effect"
    args = call["args"]
    for key, value in want.items():
        got = args.get(key)
        assert (sorted(got or []) if isinstance(value, list) else got) == (
            sorted(value) if isinstance(value, list) else value
        ), (key, args)
    # nothing the question did not ask for
    extra = set(args) - set(want) - {"dataset", "method"}
    assert not extra, args


@pytest.mark.parametrize(
    "question",
    [
        "regress sales_k on promo_budget",  # a sentence, read by the sentence reader
        "logit lens over the layers please",  # a probing word, not a command
    ],
)
def test_sentences_are_not_commands(question):
    msg = ask(question, SHOPS)
    args = msg.tool_calls[0]["args"] if msg.tool_calls else {}
    assert "common_causes" not in args


def test_a_purpose_clause_is_no_variable():
    msg = ask("Run GES and bootstrap it 40 times so I know which edges are stable", CLINIC)
    assert msg.tool_calls[0]["name"] == "discover"
    assert msg.tool_calls[0]["args"] == {"dataset": "clinic", "algorithm": "ges", "bootstrap": 40}


def test_an_algorithm_name_is_no_spelled_out_column():
    families = table("families", ("hh_id", "id"), ("state", "categorical"), ("credit_usd", "continuous"), ("employed", "binary"))  # fmt: skip
    msg = ask("use CD-NOD with state as the domain index", families)
    assert msg.tool_calls[0]["args"] == {
        "dataset": "families",
        "algorithm": "cdnod",
        "domain_col": "state",
    }


def test_an_inline_graph_before_the_request():
    q = "Take the graph age -> statin, age -> ldl, statin -> ldl and estimate statin on ldl"
    args = ask(q, CLINIC).tool_calls[0]["args"]
    assert args["graph"] == "age -> statin; age -> ldl; statin -> ldl"
    assert (args["treatment"], args["outcome"]) == ("statin", "ldl")


def test_edges_a_discovery_must_keep_are_not_a_graph_for_an_estimate():
    msg = ask("learn the graph requiring age -> ldl and frailty -> stroke", CLINIC)
    assert msg.tool_calls[0]["name"] == "discover"
    assert set(msg.tool_calls[0]["args"]["required"]) == {"age->ldl", "frailty->stroke"}


# the tool side of an inline graph ---------------------------------------------------------------
@pytest.fixture
def env(tmp_path):
    from copilot.agents.registry import ToolEnv
    from copilot.settings import load_settings
    from copilot.tools.data import load_table
    from copilot.workspace import Workspace

    rng = np.random.default_rng(3)
    n = 1500
    z = rng.normal(size=n)
    x = 0.8 * z + rng.normal(size=n)
    y = 2.0 * x + 1.5 * z + rng.normal(size=n)
    noise = rng.normal(size=n)
    ws = Workspace(tmp_path)
    ws.add_dataset(load_table(pd.DataFrame({"z": z, "x": x, "y": y, "w": noise}), name="sim"))
    return ToolEnv(workspace=ws, settings=load_settings(workspace=tmp_path))


def test_an_inline_graph_sets_the_adjustment(env):
    from copilot.agents.tools import estimate_effect

    est = estimate_effect("sim", "x", "y", graph="z -> x; z -> y; x -> y", refute=False, env=env)
    assert est.adjustment_set == ["z"]
    assert est.ate == pytest.approx(2.0, abs=0.1)  # the naive slope is about 2.7


def test_an_inline_graph_with_an_unknown_node_is_refused(env):
    from copilot.agents.tools import estimate_effect
    from copilot.errors import CopilotError

    with pytest.raises(CopilotError, match="node of the graph 'zz'"):
        estimate_effect("sim", "x", "y", graph="zz -> x; x -> y", refute=False, env=env)
    with pytest.raises(CopilotError, match="as an edge"):
        estimate_effect("sim", "x", "y", graph="z -> ; x -> y", refute=False, env=env)


def test_the_tool_takes_a_column_named_in_another_case(env):
    from copilot.agents.tools import estimate_effect

    est = estimate_effect("sim", "X", "Y", graph="z -> x; z -> y; x -> y", refute=False, env=env)
    assert (est.treatment, est.outcome) == ("x", "y")
    assert est.ate == pytest.approx(2.0, abs=0.1)
    assert "took column 'x' for 'X'" in est.notes
