"""Widgets of the terminal UI: chat, tool cards, side panel, result views, the question line."""
