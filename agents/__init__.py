"""The LangGraph agent: state, nodes, graph, offline planner."""

import logging

# Library logging stays silent unless the application configures it.
logging.getLogger("copilot.agents").addHandler(logging.NullHandler())
