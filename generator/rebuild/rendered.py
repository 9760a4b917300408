"""What MkDocs made of each page last time, given back while the page's Markdown is the same.

:class:`PageCache` keeps, for each generated page, the Markdown it was rendered from and what
MkDocs made of it. A page whose Markdown is unchanged, in a site whose configuration, templates
and list of pages are unchanged, renders to the same HTML: the plugin hands MkDocs that HTML
instead of rendering again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .reads import Stamp, stamp


@dataclass
class Rendered:
    """What MkDocs made of one page's Markdown."""

    markdown_hash: bytes
    content: str | None = None
    toc: Any = None
    title: str | None = None
    anchors: set[str] | None = None
    links: dict[str, dict[str, str]] | None = None
    html: str | None = None
    #: The digest of the page's file (front matter included) it was rendered from.
    file_hash: bytes | None = None
    #: The page's front matter, as MkDocs read it.
    meta: dict[str, Any] | None = None


@dataclass
class PageCache:
    """Each page's last rendering, valid while the site's key is unchanged (see module docstring)."""

    site_key: str = ""
    pages: dict[str, Rendered] = field(default_factory=dict)
    #: Pages whose Markdown was rendered by the last build, and pages served from the cache.
    rendered: set[str] = field(default_factory=set)
    reused: set[str] = field(default_factory=set)
    #: Reused pages whose file was not even read (the very file of last time).
    unread: set[str] = field(default_factory=set)

    def start(self, site_key: str) -> None:
        """A new build: a different site key (configuration, templates, list of pages) empties the cache."""
        if site_key != self.site_key:
            self.pages.clear()
            self.site_key = site_key
        self.rendered = set()
        self.reused = set()
        self.unread = set()

    def same_file(self, path: str, file_hash: bytes | None) -> Rendered | None:
        """The cached rendering of ``path`` if it was made from a file with this digest."""
        hit = self.pages.get(path)
        if file_hash is not None and hit is not None and hit.html is not None and hit.meta is not None and hit.file_hash == file_hash:
            return hit
        return None

    def fresh(self, path: str, markdown: str) -> Rendered | None:
        """The cached rendering of ``path`` if its Markdown is the one rendered last time."""
        hit = self.pages.get(path)
        if hit is not None and hit.html is not None and hit.markdown_hash == digest(markdown):
            return hit
        return None


def digest(text: str) -> bytes:
    return digest_bytes(text.encode("utf-8"))


def digest_bytes(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def site_key(*parts: object) -> str:
    """A key for everything besides a page's own Markdown that its HTML depends on."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def tree_stamp(folders: list[str]) -> list[tuple[str, Stamp | None]]:
    """(path, size and mtime) of every file under ``folders``: templates and stylesheets."""
    out = []
    for folder in folders:
        root = Path(folder)
        if root.is_dir():
            out += [(str(p), stamp(p)) for p in sorted(root.rglob("*")) if p.is_file()]
    return out
