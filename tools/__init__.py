"""Typed tools and the engines behind them: data, discovery, estimation, probing."""
