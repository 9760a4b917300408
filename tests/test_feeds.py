"""Atom feeds of the sources: valid for feedparser, well-formed, newest first, linked from the pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import feedparser
import pytest
from beyond_support import assert_link_resolves
from support import Annotations, Site, entity_url

ATOM = "{http://www.w3.org/2005/Atom}"


def _feed(site: Site, rel: str):  # type: ignore[no-untyped-def]
    path = site.root / rel
    assert path.is_file(), f"no feed at {rel}"
    ET.parse(path)  # well-formed XML, or it raises
    parsed = feedparser.parse(path.read_bytes())
    assert not parsed.bozo, f"{rel}: {parsed.get('bozo_exception')}"
    assert parsed.version == "atom10", f"{rel}: {parsed.version}"
    return parsed


def _entry_pages(site: Site, rel: str, parsed) -> list[str]:  # type: ignore[no-untyped-def]
    pages = []
    for e in parsed.entries:
        href = e.link
        url, _ = assert_link_resolves(site, rel, href)
        assert url.startswith("sources/"), f"{rel}: entry links to {url}"
        pages.append(url)
    return pages


def test_site_feed_lists_every_dated_source_newest_first(site: Site, annotations: Annotations) -> None:
    parsed = _feed(site, "feeds/sources.xml")
    dated = {i for i, s in annotations.sources.items() if s.meta.get("date")}
    pages = _entry_pages(site, "feeds/sources.xml", parsed)
    assert set(pages) == {entity_url("source", i) for i in dated}
    stamps = [e.updated_parsed for e in parsed.entries]
    assert stamps == sorted(stamps, reverse=True), "entries are not newest first"
    ids = [e.id for e in parsed.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    for e in parsed.entries:
        assert e.title and e.summary


def test_every_country_and_threat_has_a_feed_of_its_sources(site: Site, annotations: Annotations) -> None:
    for kind, folder in (("country", "countries"), ("threat", "threats")):
        for entity_id in annotations.ids(kind):
            rel = f"feeds/{folder}/{entity_id.lower()}.xml"
            parsed = _feed(site, rel)
            for url in _entry_pages(site, rel, parsed):
                source = annotations.sources[url.split("/")[1]]
                assert (kind, entity_id) in source.related(), f"{rel}: {url} does not concern {entity_id}"


def test_pages_announce_their_feeds(site: Site, annotations: Annotations) -> None:
    for url in ["", "chronologie/", entity_url("country", min(annotations.countries())),
                entity_url("threat", min(annotations.ids("threat")))]:
        head = site.page(url).find("head")
        feeds = [l for l in head.find_all("link") if "alternate" in l.get("rel", "").split()
                 and l.get("type") == "application/atom+xml"]
        hrefs = {assert_link_resolves(site, url, l.get("href"))[0] for l in feeds}
        assert "feeds/sources.xml" in hrefs, f"{url}: no link to the site's feed"
        if url.startswith(("countries/", "threats/")):
            own = f"feeds/{url.rstrip('/')}.xml"
            assert own in hrefs, f"{url}: no <link rel=alternate> to {own}"
            visible = [a for a in site.article(url).find_all("a") if a.get("type") == "application/atom+xml"]
            assert visible and assert_link_resolves(site, url, visible[0].get("href"))[0] == own


def test_links_are_absolute_only_with_a_site_url() -> None:
    from support import SEEDS

    from generator.load import load_corpus
    from generator.site import build_assets

    corpus = load_corpus(SEEDS)
    relative = {a.path: a.content for a in build_assets(corpus) if a.path.startswith("feeds/")}
    absolute = {a.path: a.content for a in build_assets(corpus, site_url="https://briefing.example/sub/")
                if a.path.startswith("feeds/")}
    for path in ("feeds/sources.xml", "feeds/countries/pl.xml"):
        rel = feedparser.parse(relative[path])
        ab = feedparser.parse(absolute[path])
        assert not rel.bozo and not ab.bozo
        for r, a in zip(rel.entries, ab.entries):
            assert not r.link.startswith(("http:", "https:", "/")), r.link
            assert a.link == urljoin("https://briefing.example/sub/" + path, r.link)
    assert build_assets(corpus) == build_assets(corpus), "feeds differ from one build to the next"


@pytest.mark.parametrize("rel", ["feeds/sources.xml"])
def test_feed_has_self_and_alternate_links(site: Site, rel: str) -> None:
    root = ET.parse(Path(site.root / rel)).getroot()
    links = {l.get("rel"): l.get("href") for l in root.findall(f"{ATOM}link")}
    assert assert_link_resolves(site, rel, links["self"])[0] == rel
    assert assert_link_resolves(site, rel, links["alternate"])[0] == "sources/"
