"""The LangGraph agent: state, nodes, graph, offline planner."""
