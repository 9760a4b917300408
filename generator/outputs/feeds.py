"""Atom feeds of the sources, newest first: one for the whole briefing, one per country and per threat type.

Entry links point at the source pages. When the site's address is known
(``site_url`` in mkdocs.yml) they are absolute; otherwise they are relative to
the feed file, which Atom allows (RFC 4287 §2: relative references resolve
against the feed's own address), so a feed reader that fetched the feed from
the published site finds the pages. Entry and feed ids are ``urn:uuid:``
names made from the annotations, so they never change from one build to the
next. Sources without a date have no place in a dated feed and are left out
(the data quality page lists them). A feed announces what is new: it holds the
newest :data:`ENTRIES` sources, like any site's feed, and its size stays the same
however large the briefing grows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..corpus import Corpus
from ..dates import PartialDate, newest_first
from ..kinds import KINDS
from ..markup import xml
from ..memo import NO_MEMO, Memo
from ..model import Key, Source
from ..paths import ALL_FEED, DIRECTORY_URLS, Urls, feed_path, file_href, index_path, page_path
from ..vocabulary import PUBLISHER, short_label
from .asset import Asset
from .exports.ids import stable_uuid

#: Entries per feed: the newest sources.
ENTRIES = 50


def _stamp(day: PartialDate) -> str:
    return day.first_day.isoformat() + "T00:00:00Z"


@dataclass
class _Feed:
    path: str
    title: str
    subtitle: str
    page: str  # the Markdown page the feed is about
    sources: list[Source]


def atom(corpus: Corpus, feed: _Feed, site_url: str | None, updated: str, urls: Urls = DIRECTORY_URLS) -> bytes:
    dated = [s for s in newest_first(feed.sources) if s.date is not None][:ENTRIES]
    newest = _stamp(dated[0].date) if dated and dated[0].date else updated
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
        f"<title>{xml(feed.title)}</title>",
        f"<subtitle>{xml(feed.subtitle)}</subtitle>",
        f"<id>urn:uuid:{stable_uuid('feed', feed.path)}</id>",
        f"<updated>{newest}</updated>",
        f'<link rel="self" type="application/atom+xml" href="{xml(file_href(feed.path, feed.path, site_url))}"/>',
        f'<link rel="alternate" type="text/html" href="{xml(file_href(feed.path, urls.built_url(feed.page), site_url))}"/>',
        f"<author><name>{xml(PUBLISHER)}</name></author>",
        '<generator>briefing</generator>',
    ]
    for s in dated:
        out.append("<entry>")
        out.append(f"<title>{xml(s.title)}</title>")
        out.append(f"<id>urn:uuid:{stable_uuid('source', s.id)}</id>")
        out.append(f"<updated>{_stamp(s.date)}</updated>")  # type: ignore[arg-type]
        out.append(f"<published>{_stamp(s.date)}</published>")  # type: ignore[arg-type]
        href = file_href(feed.path, urls.built_url(page_path("source", s.id)), site_url)
        out.append(f'<link rel="alternate" type="text/html" href="{xml(href)}"/>')
        if s.publisher:
            out.append(f"<author><name>{xml(corpus.organisations[s.publisher].name)}</name></author>")
        summary = s.summary or short_label(corpus, s.id)
        out.append(f'<summary type="text">{xml(summary)}</summary>')
        for t in s.threats:
            out.append(f'<category term="{xml(t)}" label="{xml(corpus.threats[t].label["fr"])}"/>')
        for c in s.countries:
            out.append(f'<category term="{xml(c)}" label="{xml(corpus.countries[c].name)}"/>')
        out.append("</entry>")
    out.append("</feed>")
    return ("\n".join(out) + "\n").encode("utf-8")


def _feeds(corpus: Corpus) -> Iterator[tuple[Key | None, _Feed]]:
    """Each feed, with the entity it is about (None: the whole briefing)."""
    yield None, _Feed(ALL_FEED, "Briefing — toutes les sources", "Les sources du briefing, de la plus récente à la plus ancienne.",
                      index_path("source"), list(corpus.sources.values()))
    for kind, what in (("country", "citant ce pays"), ("threat", "évoquant ce type de menace")):
        table = corpus.table(kind)
        for entity_id in sorted(table):
            name = KINDS[kind].label(table[entity_id])
            yield (kind, entity_id), _Feed(
                feed_path(kind, entity_id), f"Briefing — {name}", f"Les sources {what} : {name}.",
                page_path(kind, entity_id), [corpus.sources[i] for i in corpus.related((kind, entity_id), "source")],
            )


def build_feeds(corpus: Corpus, site_url: str | None = None, urls: Urls = DIRECTORY_URLS) -> list[Asset]:
    """Every feed as an asset. A feed with no dated source is still valid: it has no entry.
    ``urls``: where the pages its entries link to are built."""
    return list(iter_feeds(corpus, site_url, urls))


def iter_feeds(corpus: Corpus, site_url: str | None = None, urls: Urls = DIRECTORY_URLS, memo: Memo = NO_MEMO) -> Iterator[Asset]:
    """The feeds one at a time (see :func:`build_feeds`; ``memo``: those of the last build whose inputs are the same)."""
    dated = [s.date for s in corpus.sources.values() if s.date]
    updated = _stamp(max(dated)) if dated else "1970-01-01T00:00:00Z"
    for about, f in _feeds(corpus):
        if about is None:
            yield Asset(f.path, atom(corpus, f, site_url, updated, urls))
        else:  # rebuilding: the feed of last time when its entity's sources are unchanged
            make = lambda f=f: Asset(f.path, atom(corpus, f, site_url, updated, urls))  # noqa: E731
            yield memo.derived(corpus, (f"feed/{about[0]}", about[1]), about, (site_url, updated, urls), make)

