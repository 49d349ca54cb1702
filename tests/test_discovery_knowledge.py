"""Background knowledge is validated, used by the searches that take it, and enforced otherwise."""

from __future__ import annotations

import pytest

from copilot.errors import ColumnNotFoundError, InputError
from copilot.tools.discovery import build_knowledge, discover
from copilot.tools.discovery.knowledge import apply_knowledge, meek_orient, parse_edge, violations
from copilot.tools.graph import CausalGraph
from copilot.tools.simulate import simulate

NAMES = ["a", "b", "c", "d"]


@pytest.fixture(scope="module")
def chain_data():
    """a -> b -> c -> d, linear Gaussian: the CPDAG leaves every edge undirected."""
    chain = CausalGraph.from_edges(None, [("a", "b"), ("b", "c"), ("c", "d")])
    return simulate(chain, 2000, "linear_gaussian", seed=0).data


def test_parse_edges():
    assert parse_edge("a->b") == ("a", "b")
    assert parse_edge(" b <- a ") == ("a", "b")
    assert parse_edge("a-->b") == ("a", "b")
    assert parse_edge(("a", "b")) == ("a", "b")
    with pytest.raises(InputError, match="Cannot read the required edge 'a'"):
        build_knowledge(NAMES, required=["a"])


def test_knowledge_contradictions_are_errors():
    with pytest.raises(ColumnNotFoundError, match="Unknown column in the background knowledge 'e'"):
        build_knowledge(NAMES, required=["a->e"])
    with pytest.raises(InputError, match="both required and forbidden"):
        build_knowledge(NAMES, required=["a->b"], forbidden=["a->b"])
    with pytest.raises(InputError, match="against the tiers"):
        build_knowledge(NAMES, required=["c->a"], tiers="a;b,c")
    with pytest.raises(InputError, match="form a cycle"):
        build_knowledge(NAMES, required=["a->b", "b->c", "c->a"])
    with pytest.raises(InputError, match="tiers 1 and 2"):
        build_knowledge(NAMES, tiers=[["a"], ["a", "b"]])
    with pytest.raises(InputError, match="self-loop"):
        build_knowledge(NAMES, forbidden=["a->a"])


def test_tiers_forbid_edges_from_later_to_earlier():
    k = build_knowledge(NAMES, tiers="a,b;c;d")
    assert k.is_forbidden("c", "a") and k.is_forbidden("d", "c")
    assert not k.is_forbidden("a", "c") and not k.is_forbidden("a", "b")


def test_apply_knowledge_repairs_and_says_what_it_changed():
    g = CausalGraph.from_edges(
        NAMES, [("a", "b", "undirected"), ("c", "b"), ("b", "d", "undirected")], kind="cpdag"
    )
    k = build_knowledge(NAMES, required=["a->d"], forbidden=["c->b"])
    assert violations(g, k) == [
        "required edge a->d is missing",
        "edge c --> b has c->b, which is forbidden",
    ]
    fixed, changes = apply_knowledge(g, k)
    assert violations(fixed, k) == []
    assert fixed.edge("b", "c") is None and fixed.edge("a", "d").source == "a"
    assert any("removed c --> b" in c for c in changes) and any(
        "added required edge a --> d" in c for c in changes
    )


def test_meek_rule_1_propagates_a_new_arrow():
    g = CausalGraph.from_edges(None, [("a", "b"), ("b", "c", "undirected")], kind="cpdag")
    out, changes = meek_orient(g)
    assert out.edge("b", "c").type == "directed" and out.edge("b", "c").source == "b"
    assert changes == ["oriented b --> c (Meek rule 1)"]


def test_pc_takes_knowledge_natively(chain_data):
    r = discover(chain_data, "pc", required=["a->b"], forbidden=["d->c"])
    assert r.knowledge_mode == "native"
    assert r.graph.edge("a", "b").type == "directed" and r.graph.edge("a", "b").source == "a"
    assert r.graph.edge("c", "d").source == "c" and r.graph.edge("c", "d").type == "directed"
    assert r.knowledge == {"required": ["a->b"], "forbidden": ["d->c"], "tiers": []}


def test_pc_forbidden_in_both_directions_removes_the_edge(chain_data):
    r = discover(chain_data, "pc", forbidden=["b->c", "c->b"])
    assert r.graph.edge("b", "c") is None


def test_pc_tiers_orient_every_edge(chain_data):
    r = discover(chain_data, "pc", tiers=[["a"], ["b"], ["c"], ["d"]])
    assert {str(e) for e in r.graph.edges} == {"a --> b", "b --> c", "c --> d"}


def test_pc_required_edge_missing_from_the_data_is_added(chain_data):
    # (a->d would close the loop a-b-c-d-a, which Meek's rules orient into a cycle: refused,
    # see test_discovery_fixes.py)
    r = discover(chain_data, "pc", required=["a->c"])
    assert r.knowledge_mode == "native+enforced"
    assert r.graph.edge("a", "c") is not None and r.graph.find_cycle() is None
    assert any("a->c" in v for v in r.knowledge_violations)
    assert any("added required edge a --> c" in c for c in r.knowledge_changes)


def test_ges_enforces_knowledge_afterwards(chain_data):
    r = discover(chain_data, "ges", tiers="a;b;c;d", forbidden=["a->b"])
    assert r.knowledge_mode == "enforced"
    assert r.graph.edge("a", "b") is None
    assert {str(e) for e in r.graph.edges} == {"b --> c", "c --> d"}


def test_check_policy_reports_without_changing(chain_data):
    r = discover(chain_data, "ges", forbidden=["a->b", "b->a"], knowledge_policy="check")
    assert r.knowledge_mode == "checked"
    assert r.graph.edge("a", "b") is not None
    assert r.knowledge_violations and not r.knowledge_changes


def test_fci_and_cdnod_take_knowledge(chain_data):
    r = discover(chain_data, "fci", tiers="a;b;c;d")
    assert r.knowledge_mode in ("native", "native+enforced")
    assert not violations(r.graph, build_knowledge(NAMES, tiers="a;b;c;d"))


def test_lingam_uses_tiers_and_enforces_forbidden():
    chain = CausalGraph.from_edges(None, [("a", "b"), ("b", "c")])
    data = simulate(chain, 1500, "linear_nongaussian", seed=1).data
    r = discover(data, "direct_lingam", tiers="a;b;c", forbidden=["b->c"])
    assert r.knowledge_mode == "native+enforced"
    assert r.graph.edge("b", "c") is None and "a --> b" in {str(e) for e in r.graph.edges}


def test_exact_search_takes_required_and_forbidden(chain_data):
    r = discover(chain_data, "exact", required=["a->b"], forbidden=["b->c", "c->b"])
    assert r.knowledge_mode == "native"
    assert r.graph.edge("b", "c") is None
    assert str(r.graph.edge("a", "b")) == "a --> b"


def test_unknown_column_in_knowledge_suggests(chain_data):
    with pytest.raises(ColumnNotFoundError) as exc:
        discover(chain_data, "pc", required=["A->b"])
    assert "'a'" in exc.value.hint
