"""Where everything lives: every page path, anchor, built URL and link of the site is made here.

Generated pages link to each other by their Markdown paths (``../countries/pl.md``): MkDocs
rewrites those links to the URL each page is built to. Links inside raw HTML (the figures'
SVG) and in files MkDocs does not render (feeds, redirect pages, exports) must name the built
URL themselves, and that depends on MkDocs' ``use_directory_urls``: with it (the default),
``countries/pl.md`` is built to ``countries/pl/index.html`` and served at ``countries/pl/``;
without it, to ``countries/pl.html``. :class:`Urls` makes those for one choice, given once per
build; the Markdown paths and anchors are the same either way.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import urljoin

from .kinds import KINDS

HOME = "index.md"
CHRONOLOGY = "chronologie.md"
INCIDENTS = "incidents.md"
QUALITY = "qualite.md"
#: Row of the incidents matrix whose country is not given: its anchors and lists are named after it.
NOWHERE = "sans-pays"
FEEDS = "feeds"
#: The whole briefing's feed.
ALL_FEED = f"{FEEDS}/sources.xml"
#: The kinds whose pages have a feed of their own, and the folder of their feeds (their pages').
FEED_FOLDERS = {kind: KINDS[kind].folder for kind in ("country", "threat")}


# --- Markdown paths of the generated pages -------------------------------------


def page_path(kind: str, entity_id: str) -> str:
    """``countries/ru.md``: ids are already restricted to [a-z0-9-] (codes are lowered)."""
    return f"{KINDS[kind].folder}/{entity_id.lower()}.md"


def index_path(kind: str) -> str:
    return f"{KINDS[kind].folder}/index.md"


def index_page_path(index: str, number: int) -> str:
    """'countries/index.md', 2 -> 'countries/index/2.md': the next pages of a long index's table."""
    return f"{index.split('/')[0]}/index/{number}.md"


def chronology_year_path(year: int) -> str:
    """'chronologie/2024.md': a year of a chronology too long for one page."""
    return f"{CHRONOLOGY[:-3]}/{year}.md"


def list_page_path(owner: str, slug: str, number: int) -> str:
    """'countries/ru.md', 'sources', 2 -> 'countries/ru/sources/2.md'."""
    return f"{owner[:-3]}/{slug}/{number}.md"


def feed_path(kind: str | None = None, entity_id: str = "") -> str:
    """'feeds/sources.xml', 'feeds/countries/pl.xml', 'feeds/threats/sabotage.xml'."""
    if kind is None:
        return ALL_FEED
    return f"{FEEDS}/{FEED_FOLDERS[kind]}/{entity_id.lower()}.xml"


# --- anchors -------------------------------------------------------------------


def para_anchor(number: int) -> str:
    """Anchor of a paragraph on its source's page: 'p3'."""
    return f"p{number}"


def month_anchor(col: tuple[int, int]) -> str:
    """Anchor of a month's list on the chronology pages: 'mois-2024-05', 'mois-2024-inconnu' (month 0)."""
    return f"mois-{col[0]}-{col[1]:02d}" if col[1] else f"mois-{col[0]}-inconnu"


def cell_anchor(country: str | None, threat: str) -> str:
    """Anchor (and list name) of a cell of the incidents matrix: 'pl-sabotage', 'sans-pays-cyber'."""
    return f"{(country or NOWHERE).lower()}-{threat}"


# --- links between Markdown pages (MkDocs rewrites them) -------------------------


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


def file_href(from_file: str, to_url: str, site_url: str | None) -> str:
    """``to_url`` (site-relative) written in the file published at ``from_file`` (a feed): absolute
    on ``site_url`` when it is known, else relative to that file."""
    if site_url:
        return urljoin(site_url.rstrip("/") + "/", to_url)
    rel = posixpath.relpath(to_url.rstrip("/") or ".", posixpath.dirname(from_file) or ".")
    return rel + "/" if to_url.endswith("/") or to_url == "" else rel


# --- built URLs, for raw HTML and files MkDocs does not render ----------------------


@dataclass(frozen=True)
class Urls:
    """Built URLs and raw-HTML links for one choice of MkDocs' ``use_directory_urls``."""

    directory_urls: bool = True

    def built_url(self, md_path: str) -> str:
        """Site-relative URL a Markdown page is served at: with directory URLs 'countries/pl/',
        'countries/', '' for the home; without, 'countries/pl.html', 'countries/index.html', 'index.html'."""
        stem = md_path.removesuffix(".md")
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def built_file(self, md_path: str) -> str:
        """The file a Markdown page is built to: 'countries/pl/index.html' or 'countries/pl.html'."""
        url = self.built_url(md_path)
        return url + "index.html" if self.directory_urls else url

    def url_href(self, from_md: str, to_url: str, anchor: str = "") -> str:
        """Relative link from the built page of ``from_md`` to a site-relative URL (file or folder)."""
        base = posixpath.dirname(self.built_file(from_md)) or "."
        target = to_url.rstrip("/") or "."
        rel = relpath(target, base)
        if to_url.endswith("/") or to_url == "":
            rel = "./" if rel == "." else rel + "/"
        return f"{rel}#{anchor}" if anchor else rel

    def html_href(self, from_md: str, to_md: str, anchor: str = "") -> str:
        """Relative link, for raw HTML, from one generated page to another."""
        return self.url_href(from_md, self.built_url(to_md), anchor)

    def entity_href(self, from_md: str, kind: str, entity_id: str, anchor: str = "") -> str:
        return self.html_href(from_md, page_path(kind, entity_id), anchor)

    def redirect(self, old_md: str, new_md: str, site_url: str | None) -> tuple[str, str, str]:
        """(file, link, canonical address) of the page sending a reader from the old address of
        ``old_md`` to ``new_md``: the link is relative, by way of the top of the site, so that the
        redirect works wherever the site is served; the canonical address is absolute when
        ``site_url`` is known."""
        file = self.built_file(old_md)
        target = self.built_url(new_md)
        href = "../" * file.count("/") + target
        return file, href, site_url.rstrip("/") + "/" + target if site_url else href


#: MkDocs' default: directory URLs (``briefing generate`` and the tests' builds).
DIRECTORY_URLS = Urls()
