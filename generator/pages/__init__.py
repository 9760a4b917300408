"""Markdown pages from a corpus: one module per kind of page, and what they share."""
