"""Causal discovery on tables, built on causal-learn, with a batched torch PC engine.

`discover(data, algorithm="auto", ...)` returns a `DiscoveryResult`; causal-learn loads on the
first call, not on import.
"""

from copilot.tools.discovery.algorithms import ALGORITHMS, CI_TESTS
from copilot.tools.discovery.api import discover, normalize_algorithm
from copilot.tools.discovery.knowledge import Knowledge, build_knowledge
from copilot.tools.discovery.result import BootstrapEdge, BootstrapSummary, DiscoveryResult
from copilot.tools.discovery.select import choose_algorithm

__all__ = [
    "ALGORITHMS",
    "CI_TESTS",
    "BootstrapEdge",
    "BootstrapSummary",
    "DiscoveryResult",
    "Knowledge",
    "build_knowledge",
    "choose_algorithm",
    "discover",
    "normalize_algorithm",
]
