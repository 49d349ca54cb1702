"""Screens of the terminal UI: the main chat screen and the modals."""
