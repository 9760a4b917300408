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

import json
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

from .. import chars
from ..corpus import Corpus
from ..dates import PartialDate
from ..figures.svg import built_url, xml
from ..model import Key, Source
from ..pages.common import newest_first, short_label
from ..pages.memo import NO_MEMO, Memo
from ..pages.page import Page
from ..urls import page_path, relative
from .asset import Asset
from .exports.ids import stable_uuid

FOLDER = "feeds"
ALL = f"{FOLDER}/sources.xml"
AUTHOR = "Briefing — menaces hybrides russes"
#: Entries per feed: the newest sources.
ENTRIES = 50


def feed_path(kind: str | None = None, entity_id: str = "") -> str:
    """'feeds/sources.xml', 'feeds/countries/pl.xml', 'feeds/threats/sabotage.xml'."""
    if kind is None:
        return ALL
    folder = {"country": "countries", "threat": "threats"}[kind]
    return f"{FOLDER}/{folder}/{entity_id.lower()}.xml"


def _stamp(day: PartialDate) -> str:
    return day.first_day.isoformat() + "T00:00:00Z"


@dataclass
class _Feed:
    path: str
    title: str
    subtitle: str
    page: str  # the Markdown page the feed is about
    sources: list[Source]


def _href(feed: str, url: str, site_url: str | None) -> str:
    """Where ``url`` (site-relative) is, written for the feed at ``feed``."""
    if site_url:
        return urljoin(site_url.rstrip("/") + "/", url)
    rel = posixpath.relpath(url.rstrip("/") or ".", posixpath.dirname(feed) or ".")
    return rel + "/" if url.endswith("/") or url == "" else rel


def atom(corpus: Corpus, feed: _Feed, site_url: str | None, updated: str) -> bytes:
    dated = [s for s in newest_first(feed.sources) if s.date is not None][:ENTRIES]
    newest = _stamp(dated[0].date) if dated and dated[0].date else updated
    out = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
        f"<title>{xml(feed.title)}</title>",
        f"<subtitle>{xml(feed.subtitle)}</subtitle>",
        f"<id>urn:uuid:{stable_uuid('feed', feed.path)}</id>",
        f"<updated>{newest}</updated>",
        f'<link rel="self" type="application/atom+xml" href="{xml(_href(feed.path, feed.path, site_url))}"/>',
        f'<link rel="alternate" type="text/html" href="{xml(_href(feed.path, built_url(feed.page), site_url))}"/>',
        f"<author><name>{xml(AUTHOR)}</name></author>",
        '<generator>briefing</generator>',
    ]
    for s in dated:
        out.append("<entry>")
        out.append(f"<title>{xml(s.title)}</title>")
        out.append(f"<id>urn:uuid:{stable_uuid('source', s.id)}</id>")
        out.append(f"<updated>{_stamp(s.date)}</updated>")  # type: ignore[arg-type]
        out.append(f"<published>{_stamp(s.date)}</published>")  # type: ignore[arg-type]
        href = _href(feed.path, built_url(page_path("source", s.id)), site_url)
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
    yield None, _Feed(ALL, "Briefing — toutes les sources", "Les sources du briefing, de la plus récente à la plus ancienne.",
                      "sources/index.md", list(corpus.sources.values()))
    for kind, table in (("country", corpus.countries), ("threat", corpus.threats)):
        for entity_id in sorted(table):
            name = corpus.countries[entity_id].name if kind == "country" else corpus.threats[entity_id].label["fr"]
            what = "citant ce pays" if kind == "country" else "évoquant ce type de menace"
            yield (kind, entity_id), _Feed(
                feed_path(kind, entity_id), f"Briefing — {name}", f"Les sources {what} : {name}.",
                page_path(kind, entity_id), [corpus.sources[i] for i in corpus.related((kind, entity_id), "source")],
            )


def build_feeds(corpus: Corpus, site_url: str | None = None) -> list[Asset]:
    """Every feed as an asset. A feed with no dated source is still valid: it has no entry."""
    return list(iter_feeds(corpus, site_url))


def iter_feeds(corpus: Corpus, site_url: str | None = None, memo: Memo = NO_MEMO) -> Iterator[Asset]:
    """The feeds one at a time (see :func:`build_feeds`; ``memo``: those of the last build whose inputs are the same)."""
    dated = [s.date for s in corpus.sources.values() if s.date]
    updated = _stamp(max(dated)) if dated else "1970-01-01T00:00:00Z"
    for about, f in _feeds(corpus):
        if about is None:
            yield Asset(f.path, atom(corpus, f, site_url, updated))
        else:  # rebuilding: the feed of last time when its entity's sources are unchanged
            make = lambda f=f: Asset(f.path, atom(corpus, f, site_url, updated))  # noqa: E731
            yield memo.derived(corpus, (f"feed/{about[0]}", about[1]), about, (site_url, updated), make)


# --- links from the pages -----------------------------------------------------


def feed_link_markdown(page: str, feed: str, label: str) -> str:
    return f"[{label}]({relative(page, feed)}){{: .briefing-feed type=\"application/atom+xml\" }}"


def feed_linker(corpus: Corpus) -> Callable[[Page], Page]:
    """Country and threat pages name their feed: in front matter (for <link rel="alternate">) and visibly, under the title."""
    feeds = {page_path(kind, i): (feed_path(kind, i), name) for kind, table, label in (
        ("country", corpus.countries, lambda c: corpus.countries[c].name),
        ("threat", corpus.threats, lambda t: corpus.threats[t].label["fr"]),
    ) for i in table for name in [label(i)]}

    def with_link(p: Page) -> Page:
        if p.path not in feeds:
            return p
        feed, name = feeds[p.path]
        head, sep, rest = p.markdown.partition("\n\n")
        link = feed_link_markdown(p.path, feed, "Flux Atom des sources de cette page")
        body = f"{head}\n\n{link}\n\n{rest}" if sep else f"{head}\n\n{link}\n"
        meta = f"---\nfeed: {json.dumps(feed)}\nfeed_title: {json.dumps('Briefing — ' + chars.neutral(name))}\n---\n\n"
        return Page(p.path, meta + body, p.origin, p.in_nav, p.children)

    return with_link


def with_feed_links(corpus: Corpus, pages: list[Page]) -> list[Page]:
    """``pages``, the country and threat pages with their feed links (see :func:`feed_linker`)."""
    link = feed_linker(corpus)
    return [link(p) for p in pages]
