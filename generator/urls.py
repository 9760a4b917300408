"""Where each page lives: the one place page paths and relative links are made."""

from __future__ import annotations

import posixpath

from .kinds import KINDS

HOME = "index.md"
CHRONOLOGY = "chronologie.md"


def chronology_year_path(year: int) -> str:
    """'chronologie/2024.md': a year of a chronology too long for one page."""
    return f"{CHRONOLOGY[:-3]}/{year}.md"


def page_path(kind: str, entity_id: str) -> str:
    """``countries/ru.md``: ids are already restricted to [a-z0-9-] (codes are lowered)."""
    return f"{KINDS[kind].folder}/{entity_id.lower()}.md"


def index_path(kind: str) -> str:
    return f"{KINDS[kind].folder}/index.md"


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """A link from one generated Markdown page to another, as MkDocs resolves it."""
    return relative_from(posixpath.dirname(from_page), to_page, anchor)


def relative_from(folder: str, to_page: str, anchor: str = "") -> str:
    """:func:`relative` from a page in ``folder`` ('' for the top)."""
    target = relpath(to_page, folder or ".")
    return f"{target}#{anchor}" if anchor else target


def relpath(target: str, base: str) -> str:
    """``posixpath.relpath`` for two normalised site-relative paths ('.' for the top), without making
    both absolute from the working folder first: pages and charts make tens of thousands of links."""
    if base == ".":
        return target
    here = base.split("/")
    there = [] if target == "." else target.split("/")
    n = 0
    while n < len(here) and n < len(there) and here[n] == there[n]:
        n += 1
    return "/".join([".."] * (len(here) - n) + there[n:]) or "."
