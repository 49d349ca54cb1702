"""Causal discovery on tables, built on causal-learn, with a batched torch PC engine."""
