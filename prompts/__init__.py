"""Prompt texts as files, and a small loader."""
