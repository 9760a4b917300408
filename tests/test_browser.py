"""The built site in Debian's headless Chromium, driven by Playwright: French search, nothing fetched elsewhere.

Playwright never downloads a browser here: it drives /usr/bin/chromium. Every
request is routed: one to a host other than 127.0.0.1 is recorded and aborted,
and Chromium's resolver knows no other host anyway.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator
from urllib.parse import urlsplit

import pytest
from support import Annotations, Site, entity_url

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = {"data", "blob", "about"}


@dataclass
class Tab:
    """A page of a fresh browser context, with what it requested and the errors it logged."""

    page: object
    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.requests, "the browser made no request at all"
        assert not self.foreign, f"requests to another host than 127.0.0.1: {self.foreign}"
        assert not self.errors, f"console errors: {self.errors}"


@pytest.fixture
def tab(browser, site_url: str) -> Iterator[Tab]:  # type: ignore[no-untyped-def]
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    record = Tab(page=None)

    def route(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES or parts.hostname == "127.0.0.1":
            route.continue_()
        else:
            record.foreign.append(url)
            route.abort()

    context.route("**/*", route)
    context.on("request", lambda request: record.requests.append(request.url))
    context.on("response", lambda r: record.errors.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page = context.new_page()
    page.on("console", lambda msg: record.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: record.errors.append(str(exc)))
    record.page = page
    try:
        yield record
    finally:
        context.close()


def _index_pages(site: Site) -> dict[str, str]:
    """Page URL -> its searchable text: the article of each built page, the part the search indexes."""
    pages: dict[str, str] = {}
    for path in site.root.rglob("index.html"):
        folder = path.relative_to(site.root).parent.as_posix()
        article = re.search(r"<article[^>]*>(.*?)</article>", path.read_text(encoding="utf-8"), re.S)
        if article:
            pages["" if folder == "." else folder + "/"] = html.unescape(re.sub(r"<[^>]+>", " ", article.group(1)))
    return pages


def _has_word(word: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE) is not None


def _one_word_threats(annotations: Annotations) -> list[tuple[str, str]]:
    """(threat id, French label in lower case) of one-word threats, most cited by sources first."""
    cited = Counter(t for s in annotations.sources.values() for t in s.listed("threats"))
    out = []
    for threat_id, entry in annotations.entries["threat"].items():
        label = entry.data["label"]
        word = (label["fr"] if isinstance(label, dict) else label).lower()
        if " " not in word and not word.endswith(("s", "x")):
            out.append((threat_id, word))
    return sorted(out, key=lambda item: (-cited[item[0]], item[0]))


def _inflection_case(site: Site, annotations: Annotations) -> tuple[str, str, set[str]]:
    """(threat id, its French label, pages holding only its plural) for the most cited such threat.

    A page that says 'cyberattaques' but never 'cyberattaque' is found by the query
    'cyberattaque' only if the search matches French inflected forms, not just words.
    """
    pages = _index_pages(site)
    for threat_id, word in _one_word_threats(annotations):
        plural_only = {url for url, text in pages.items() if _has_word(word + "s", text) and not _has_word(word, text)}
        if plural_only:
            return threat_id, word, plural_only
    pytest.fail("no page holds only the plural of a one-word threat label: cannot test inflected search")


def _search(tab: Tab, base: str, query: str) -> list[str]:
    """Type ``query`` in Material's search box; the URLs of every page in the results."""
    page = tab.page
    page.goto(base)
    box = page.locator("input.md-search__input")
    if not box.is_visible():
        page.locator("label.md-header__button[for='__search']").click()
    box.click()
    box.press_sequentially(query, delay=20)
    page.wait_for_selector("li.md-search-result__item")
    meta, previous = page.inner_text(".md-search-result__meta"), None
    while meta != previous:  # the count for the whole query, not for its first letters
        page.wait_for_timeout(300)
        meta, previous = page.inner_text(".md-search-result__meta"), meta
    count = re.search(r"\d+", meta)  # '28 documents trouvés'
    total = int(count.group()) if count else 0
    items = page.locator("li.md-search-result__item")
    for _ in range(50):  # Material renders results as its list scrolls: scroll until all are there
        if items.count() >= total:
            break
        # Each arrival at the bottom renders a few more; leave the bottom first so the next one counts.
        page.eval_on_selector(".md-search__scrollwrap", "el => { el.scrollTop = 0 }")
        page.wait_for_timeout(50)
        page.eval_on_selector(".md-search__scrollwrap", "el => { el.scrollTop = el.scrollHeight }")
        page.wait_for_timeout(150)
    assert items.count() == total, f"{items.count()} results rendered of {total}"
    links = page.locator("li.md-search-result__item a[href]")
    hrefs = [links.nth(n).get_attribute("href") or "" for n in range(links.count())]
    return sorted({urlsplit(h).path.lstrip("/") for h in hrefs})


def test_french_search_finds_inflected_forms(tab: Tab, site_url: str, site: Site, annotations: Annotations) -> None:
    threat_id, query, plural_only = _inflection_case(site, annotations)
    found = set(_search(tab, site_url, query))
    assert entity_url("threat", threat_id) in found, f"searching {query!r} does not find the threat page: {sorted(found)}"
    missing = sorted(plural_only - found)
    assert not missing, f"searching {query!r} misses pages that only say {query + 's'!r}: {missing}"
    tab.assert_clean()


def test_french_plural_query_finds_the_threat_page(tab: Tab, site_url: str, annotations: Annotations) -> None:
    """A plural the threat's keywords list ('sabotages') leads to the threat's page."""
    cases = [(t, w + "s") for t, w in _one_word_threats(annotations)
             if w + "s" in ((annotations.entries["threat"][t].data.get("keywords") or {}).get("fr") or [])]
    assert cases, "no one-word threat lists its French plural among its keywords"
    threat_id, query = cases[0]
    found = _search(tab, site_url, query)
    assert entity_url("threat", threat_id) in found, f"searching {query!r}: {found}"
    tab.assert_clean()


def test_search_finds_a_quoted_person_by_name(tab: Tab, site_url: str, annotations: Annotations) -> None:
    speakers = Counter(q["speaker"] for s in annotations.sources.values() for q in s.items("quotes"))
    assert speakers, "no quote in the seeds"
    person = min(speakers, key=lambda p: (-speakers[p], p))
    name = annotations.entries["person"][person].data["name"]
    found = _search(tab, site_url, name.split()[-1])
    assert entity_url("person", person) in found, f"searching {name.split()[-1]!r}: {found}"
    tab.assert_clean()


def test_pages_load_only_from_the_site(tab: Tab, site_url: str, annotations: Annotations) -> None:
    source = next(iter(sorted(annotations.sources)))
    meeting = next(iter(sorted(annotations.ids("meeting"))))
    for url in ["", "chronologie/", entity_url("source", source), entity_url("meeting", meeting), "threats/"]:
        response = tab.page.goto(site_url + url, wait_until="networkidle")
        assert response is not None and response.ok, f"/{url}: {response.status if response else 'no response'}"
        assert tab.page.locator("article h1").count() == 1, f"/{url}: no title"
    tab.assert_clean()
