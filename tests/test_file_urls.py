"""The site built with ``use_directory_urls: false``: every page is a file (``countries/pl.html``),
and every link still resolves, those MkDocs does not rewrite too (the figures' raw SVG and HTML,
feeds, redirect pages, exports)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import yaml
from beyond_support import assert_link_resolves, build_with_seeds, copy_seeds
from support import FOLDERS, Annotations, Site, load_yaml

OLD = "old-meeting-address"


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, str]:
    """The seeds, their first meeting renamed from :data:`OLD`, built without directory URLs."""
    root = tmp_path_factory.mktemp("file-urls")
    seeds = copy_seeds(root)
    meetings = (seeds / "meetings.yml").read_text(encoding="utf-8")
    first = load_yaml(meetings)[0]["id"]
    meetings = re.sub(rf"^- id: {first}\n", f"- id: {first}\n  previous_ids: [{OLD}]\n", meetings, count=1, flags=re.MULTILINE)
    (seeds / "meetings.yml").write_text(meetings, encoding="utf-8")
    yaml.safe_load(meetings)  # still YAML
    return build_with_seeds(root, strict=True, settings="use_directory_urls: false\n"), first


def test_pages_are_files(case: tuple[Site, str], annotations: Annotations) -> None:
    site, _ = case
    assert (site.root / "index.html").is_file() and (site.root / "chronologie.html").is_file()
    for kind, entity_id in annotations.keys():
        url = f"{FOLDERS[kind]}/{entity_id.lower()}.html"
        assert site.file(url) is not None, f"no page {url}"
        assert not (site.root / url.removesuffix(".html") / "index.html").exists(), f"{url} also built as a folder"


def test_every_link_and_anchor_of_every_page_resolves(case: tuple[Site, str]) -> None:
    site, _ = case
    dead, checked = site.dead_links()
    assert len(checked) > len(site.urls()), "the pages hold (almost) no internal link: nothing was checked"
    assert any(parent.tag == "svg" for el in checked for parent in _ancestors(el)), "no link inside an SVG figure was checked"
    assert not dead, f"{len(dead)} dead internal links:\n" + "\n".join(dead[:40])


def _ancestors(el):  # type: ignore[no-untyped-def]
    parent = el.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def test_figures_link_to_the_built_files(case: tuple[Site, str]) -> None:
    site, _ = case
    for url, cls in (("index.html", "briefing-map"), ("chronologie.html", "briefing-chart")):
        svg = site.article(url).find("svg", cls=cls)
        assert svg is not None, f"{url}: no <svg class={cls}>"
        hrefs = [a.get("href") for a in svg.find_all("a") if a.get("href")]
        assert hrefs, f"{url}: the figure links nowhere"
        for href in hrefs:
            page, _ = assert_link_resolves(site, url, href)
            assert page.endswith(".html"), f"{url}: {href} -> {page}, not a page's file"


def test_the_redirect_page_sends_to_the_renamed_page(case: tuple[Site, str]) -> None:
    site, first = case
    old, new = f"meetings/{OLD}.html", f"meetings/{first}.html"
    assert site.file(old) is not None, f"no redirect page at {old}"
    page = site.page(old)
    refresh = page.find("meta", **{"http-equiv": "refresh"})
    assert refresh is not None
    assert assert_link_resolves(site, old, refresh.get("content").split("url=", 1)[1])[0] == new
    canonical = page.find("link", rel="canonical")
    assert canonical is not None and assert_link_resolves(site, old, canonical.get("href"))[0] == new
    links = page.find_all("a")
    assert links and assert_link_resolves(site, old, links[0].get("href"))[0] == new


def test_feed_links_point_at_the_built_files(case: tuple[Site, str]) -> None:
    site, _ = case
    feeds = sorted(p.relative_to(site.root).as_posix() for p in (site.root / "feeds").rglob("*.xml"))
    assert "feeds/sources.xml" in feeds and len(feeds) > 2
    entries = 0
    for feed in feeds:
        hrefs = re.findall(r'<link rel="(?:self|alternate)" type="[^"]+" href="([^"]+)"/>', (site.root / feed).read_text(encoding="utf-8"))
        assert len(hrefs) >= 2, f"{feed}: no self and alternate links"
        for href in hrefs:
            url, _ = assert_link_resolves(site, feed, href)
            assert url.endswith((".html", ".xml")), f"{feed}: {href} -> {url}"
        entries += len(hrefs) - 2
    assert entries, "no feed has an entry"
    for url in site.urls():
        if url.startswith(("countries/", "threats/")) and url.count("/") == 1 and url.endswith(".html"):
            own = f"feeds/{url.removesuffix('.html')}.xml"
            head = [link.get("href") for link in site.page(url).find("head").find_all("link") if link.get("type") == "application/atom+xml"]
            visible = [a.get("href") for a in site.article(url).find_all("a") if a.get("type") == "application/atom+xml"]
            for href in head + visible:
                assert_link_resolves(site, url, href)
            assert own in {assert_link_resolves(site, url, href)[0] for href in head}, f"{url}: no <link rel=alternate> to {own}"
            assert visible and assert_link_resolves(site, url, visible[0])[0] == own, f"{url}: no visible link to {own}"


def test_export_pages_are_the_built_files(case: tuple[Site, str]) -> None:
    site, _ = case
    document = json.loads((site.root / "exports" / "corpus.json").read_text(encoding="utf-8"))
    pages = [e["page"] for value in document.values() if isinstance(value, list) for e in value if "page" in e]
    assert pages
    for page in pages:
        assert page.endswith(".html") and assert_link_resolves(site, "", page)[0] == page
    rows = list(csv.DictReader(io.StringIO((site.root / "exports" / "incidents.csv").read_text(encoding="utf-8"), newline="")))
    assert rows
    for row in rows:
        url, fragment = assert_link_resolves(site, "", row["page"])
        assert url.endswith(".html") and fragment, row["page"]


def test_raw_html_links_name_the_built_urls_both_ways() -> None:
    """Links MkDocs does not rewrite, from and to pages of every depth (the year pages of a long
    chronology and the complete lists of long sections among them), with and without directory URLs."""
    from urllib.parse import urljoin

    from generator.paths import Urls

    pages = ["index.md", "chronologie.md", "chronologie/2024.md", "countries/index.md", "countries/pl.md",
             "countries/pl/sources/2.md", "sources/a-b.md", "incidents/ru-sabotage/1.md"]
    for directory_urls in (True, False):
        urls = Urls(directory_urls=directory_urls)
        for here in pages:
            base = "http://site.invalid/" + urls.built_url(here)
            for there in pages:
                expected = "http://site.invalid/" + urls.built_url(there)
                assert urljoin(base, urls.html_href(here, there)) == expected, (directory_urls, here, there)
                assert urljoin(base, urls.html_href(here, there, "p3")) == expected + "#p3", (directory_urls, here, there)
            if not directory_urls:
                assert urls.built_file(here) == urls.built_url(here) == here.removesuffix(".md") + ".html"
