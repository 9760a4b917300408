"""All the pages of a briefing, from a corpus; and writing them as Markdown files."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from . import parallel
from .corpus import Corpus
from .kinds import KINDS
from .memo import NO_MEMO, Memo
from .outputs.asset import Asset, write_asset
from .outputs.exports import iter_exports
from .outputs.feeds import iter_feeds
from .outputs.redirects import build_redirects
from .pages.chronology import render_chronology
from .pages.country import render_country
from .pages.home import render_home
from .pages.incidents import render_incidents
from .pages.indexes import render_index
from .pages.lists import expand
from .pages.meeting import render_meeting
from .pages.organisation import render_organisation
from .pages.page import Page
from .pages.person import render_person
from .pages.quality import render_quality
from .pages.source import render_source
from .pages.threat import render_threat
from .paths import DIRECTORY_URLS, Urls


def build_pages(corpus: Corpus, helpers: int = 0, urls: Urls = DIRECTORY_URLS) -> list[Page]:
    """Every page, in a stable order: home, chronology, then each section's index and leaves.

    Each page is followed by the pages that exist only through it (:func:`expand`): the years of
    a long chronology, the lists of the incidents page's cells, the complete lists of long sections.
    ``helpers``: forked processes making a share of the pages meanwhile (see :func:`iter_pages`);
    ``urls``: where MkDocs builds the pages (raw HTML links to their built URLs).
    """
    return list(iter_pages(corpus, helpers, urls))


def iter_pages(corpus: Corpus, helpers: int = 0, urls: Urls = DIRECTORY_URLS, memo: Memo = NO_MEMO) -> Iterator[Page]:
    """The pages of :func:`build_pages`, one at a time, so that a caller can store each compactly
    before the next is made (20,000 sources make about a gigabyte of Markdown).

    With ``helpers``, that many forked processes make every few pages meanwhile
    (:mod:`generator.parallel`): the same pages, in the same order, sooner on several cores.
    Under ``mkdocs serve``, ``memo`` gives back the pages of the last build whose inputs are the
    same (the page of a source or an entity, a page of a long list): not with helpers, since
    those pages live in this process.
    """
    renderers: dict[str, tuple[Callable[[Corpus, Any, Memo], Page], Mapping[str, Any]]] = {
        "meeting": (render_meeting, corpus.meetings),
        "country": (render_country, corpus.countries),
        "threat": (render_threat, corpus.threats),
        "person": (render_person, corpus.people),
        "organisation": (render_organisation, corpus.organisations),
    }
    singles: dict[str, Callable[[], Page]] = {
        "home": lambda: render_home(corpus, urls), "chronology": lambda: render_chronology(corpus, urls, memo),
        "incidents": lambda: render_incidents(corpus, memo), "quality": lambda: render_quality(corpus, memo),
    }
    jobs: list[tuple[str, str]] = [("home", ""), ("chronology", ""), ("incidents", "")]
    for kind in KINDS:
        jobs.append(("index", kind))
        jobs += [(kind, entity_id) for entity_id in sorted(corpus.table(kind))]
    jobs.append(("quality", ""))

    def make(job: tuple[str, str]) -> list[Page]:
        kind, key = job
        if kind in singles:
            page = singles[kind]()
        elif kind == "index":
            page = render_index(corpus, key, KINDS[key].section)
        elif kind == "source":
            source = corpus.sources[key]
            page = memo.source_page(corpus, source, lambda: render_source(corpus, source))
        else:
            render, table = renderers[kind]
            entity = table[key]
            page = memo.entity_page(corpus, (kind, key), lambda: render(corpus, entity, memo))
        return expand(corpus, [page])

    shared = None
    if helpers > 0 and parallel.can_fork() and not memo.reusing:
        shared = parallel.Helpers(jobs, "/".join, make, helpers)
    finished = False
    try:
        seen: set[str] = set()
        for job in jobs:
            made = shared.take("/".join(job)) if shared is not None else None
            for each in made if made is not None else make(job):
                if each.path not in seen:
                    seen.add(each.path)
                    yield each
        finished = True
    finally:
        if shared is not None:
            shared.close(kill=not finished)


def build_assets(corpus: Corpus, site_url: str | None = None, urls: Urls = DIRECTORY_URLS) -> list[Asset]:
    """Files published beside the pages: feeds, exports, redirects from renamed ids.

    ``site_url`` (mkdocs.yml's) makes the links in feeds and redirects absolute; ``urls`` says
    where the pages they link to are built.
    """
    return list(iter_assets(corpus, site_url, urls=urls))


def iter_assets(corpus: Corpus, site_url: str | None = None, exports: bool = True, urls: Urls = DIRECTORY_URLS,
                memo: Memo = NO_MEMO) -> Iterator[Asset]:
    """The assets of :func:`build_assets`, one at a time (``exports=False``: all but the exports;
    ``memo``: the feeds of the last build whose inputs are the same)."""
    yield from iter_feeds(corpus, site_url, urls, memo)
    if exports:
        yield from iter_exports(corpus, urls=urls)
    yield from build_redirects(corpus, site_url, urls)


def write_site(pages: Iterable[Page], assets: Iterable[Asset], out: Path) -> int:
    """Write every page and asset under ``out``; paths are made from checked ids only."""
    out = out.resolve()
    files = [Asset(p.path, p.markdown.encode("utf-8")) for p in pages] + list(assets)
    for asset in files:
        target = (out / asset.path).resolve()
        if out not in target.parents:  # ids are validated; this guards the invariant
            raise ValueError(f"output path escapes the output folder: {asset.path}")
        write_asset(asset, target)
    return len(files)
