"""Search on a larger briefing: Pagefind's index is fetched in pieces, in Material's search box.

A synthetic briefing (benchmarks/synth.py, seeded) is built with the plugin and
served on 127.0.0.1; Debian's headless Chromium types in the search box. These
tests check behaviour and what is fetched, not time: the benchmark
(benchmarks/run.py) measures speed on 20,000 sources.

The index is cut in shards of SHARD sources (``search_shard_sources``), so that this
small site has several: shard 0 (every non-source page and the newest sources) in
pagefind/, older sources in pagefind/shards/N/. One extra source, older than every
synthetic one, holds a word no other page has: only an old shard can find it.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import sys
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest
import yaml
from support import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

from synth import write_corpus  # noqa: E402

pytestmark = pytest.mark.browser

SOURCES = 200
#: Sources per index shard: 200 sources make five shards or so (the default, 1,000, would make one).
SHARD = 50
#: A word found in one page only, the oldest source (in its plural; the search types the singular).
RARE = "kryptonisation"
OLD_SOURCE = "2013-06-vieille-source-kryptonisation"
OLD_TEXT = f"""---
title: "Une vieille source"
date: 2013-06-02
language: fr
countries: [RU]
---
Une vieille source

Publié le 2 juin 2013

Les analystes décrivent la situation dans la région sans relever de fait nouveau.

Les experts redoutent plusieurs {RARE}s des réseaux logistiques de la région.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path_factory.mktemp("search-site")
    seeds = write_corpus(root / "seeds", SOURCES, seed=5)
    (seeds / "sources" / f"{OLD_SOURCE}.txt").write_text(OLD_TEXT, encoding="utf-8")
    shutil.copytree(REPO / "docs", root / "docs")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for item in config["plugins"]:
        if isinstance(item, dict) and "briefing" in item:
            item["briefing"] = dict(item["briefing"] or {}, seeds=str(seeds), search="pagefind",
                                    search_shard_sources=SHARD)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site"))
    build(config)
    BUILT["written early"] = config.plugins["briefing"].shards_written_early
    return root / "site"


#: What the plugin said of the module's build.
BUILT: dict[str, object] = {}


def test_each_shard_is_written_and_freed_as_soon_as_it_is_complete(site: Path) -> None:
    """Pagefind's indexer holds about 400 kB a page: the build has it write (and free) each
    shard, shard 0 included, as soon as its last page is indexed, not all at the end."""
    shards = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert len(shards) > 2
    assert BUILT["written early"] == frozenset(range(len(shards)))


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    yield tab
    context.close()
    assert not errors, errors


def _search(page, base: str, query: str, goto: bool = True) -> None:  # type: ignore[no-untyped-def]
    if goto:
        page.goto(base, wait_until="networkidle")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    assert box.evaluate("el => el === document.activeElement"), "'/' does not focus the search box"
    box.press_sequentially(query)
    page.wait_for_selector("li.md-search-result__item")
    page.wait_for_function("q => document.body.dataset.briefingSearched === q", arg=query)


def _fetched(page) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    fetched: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"])))
    return fetched


def _count(name: str, fetched: list[tuple[str, int]]) -> int:
    return sum(1 for url, _ in fetched if urlsplit(url).path.endswith(name))


def test_the_index_is_cut_in_shards(site: Path) -> None:
    manifest = json.loads((site / "pagefind" / "shards.json").read_text(encoding="utf-8"))
    shards = manifest["shards"]
    assert len(shards) >= 4, shards
    assert [s["path"] for s in shards] == [""] + [f"shards/{n}/" for n in range(1, len(shards))]
    assert sum(s["sources"] for s in shards) == SOURCES + 1
    # Shard 0: every other page and the newest sources, about SHARD pages but a quarter of SHARD sources at least.
    assert shards[0]["sources"] >= SHARD // 4 and shards[0]["pages"] > shards[0]["sources"], shards[0]
    assert [s["sources"] for s in shards[1:-1]] == [SHARD] * (len(shards) - 2) and shards[-1]["sources"] <= SHARD
    assert all(s["pages"] == s["sources"] for s in shards[1:]), "older shards hold source pages only"
    for shard in shards[1:]:
        folder = site / "pagefind" / shard["path"]
        assert (folder / "pagefind-entry.json").is_file() and list(folder.glob("*.pf_meta"))
        assert not list(folder.glob("wasm.*")) and not (folder / "pagefind.js").exists(), "shared files are not copied"
    newest = [s["newest"] for s in shards if s["newest"]]
    assert newest == sorted(newest, reverse=True), "shards go from the newest sources to the oldest"


def test_the_first_search_fetches_a_small_part_of_the_index(page, base: str, site: Path) -> None:  # type: ignore[no-untyped-def]
    index_bytes = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file())
    page.goto(base, wait_until="networkidle")
    fetched = _fetched(page)
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("sabotage")
    page.wait_for_selector("li.md-search-result__item")
    page.wait_for_function("q => document.body.dataset.briefingSearched === q", arg="sabotage")
    page.wait_for_timeout(500)
    total = sum(size for _, size in fetched)
    assert any("/pagefind/" in url for url, _ in fetched)
    assert not any(url.endswith("search_index.json") and size > 10_000 for url, size in fetched)
    assert total < 300 * 1024, f"first search fetched {total} bytes"
    assert total < index_bytes / 4, f"first search fetched {total} of {index_bytes} bytes of index"
    # A frequent word: shard 0 alone fills the first screen; the older shards are not touched.
    older = [url for url, _ in fetched if "/pagefind/shards/" in url]
    assert not older, f"the first search fetched older shards: {older}"
    assert _count("/pagefind/pagefind.js", fetched) == 1 and _count(".pagefind", fetched) == 1
    meta = page.locator(".md-search-result__meta").inner_text()
    assert re.fullmatch(r"\d+\+ documents trouvés", meta), f"older shards not searched yet: the count says so ({meta!r})"


def test_a_word_only_an_old_shard_holds_is_found(page, base: str, site: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto(base, wait_until="networkidle")
    fetched = _fetched(page)
    _search(page, base, RARE, goto=False)
    hrefs = [a.get_attribute("href") or "" for a in page.locator("li.md-search-result__item a[href]").all()]
    assert any(urlsplit(h).path.rstrip("/").endswith(f"sources/{OLD_SOURCE}") for h in hrefs), hrefs
    # The word is in the plural on the page: stemming still works in an old shard.
    paragraph = [h for h in hrefs if re.search(rf"/sources/{OLD_SOURCE}/(\?[^#]*)?#p\d+$", h)]
    assert paragraph, f"no result points at the paragraph: {hrefs}"
    html = (site / "sources" / OLD_SOURCE / "index.html").read_text(encoding="utf-8")
    anchor = urlsplit(paragraph[0]).fragment
    match = re.search(rf'<p class="briefing-para" id="{anchor}">(.*?)</p>', html, re.S)
    assert match and RARE + "s" in match.group(1), f"#{anchor} does not hold the word"
    assert any("/pagefind/shards/" in url and url.endswith(".pf_fragment") for url, _ in fetched), \
        "the page should come from an older shard"
    assert _count("/pagefind/pagefind.js", fetched) == 1, "pagefind.js is loaded once for every shard"
    assert _count(".pagefind", fetched) == 1, "the wasm is fetched once for every shard"
    meta = page.locator(".md-search-result__meta").inner_text()
    assert "+" not in meta, f"every shard was searched: the count is exact ({meta!r})"
    page.locator(f'li.md-search-result__item a[href="{paragraph[0]}"]').first.click()
    page.wait_for_url(re.compile(f"#{anchor}$"))
    assert page.locator(f"#{anchor}").is_visible()


def test_results_open_the_page_at_the_paragraph(page, base: str, site: Path) -> None:  # type: ignore[no-untyped-def]
    _search(page, base, "ferroviaires")
    hrefs = [a.get_attribute("href") or "" for a in page.locator("li.md-search-result__item a[href]").all()]
    paragraph = [h for h in hrefs if re.search(r"/sources/[^/]+/(\?[^#]*)?#p\d+$", h)]
    assert paragraph, f"no result points at a paragraph of a source: {hrefs[:10]}"
    url = urlsplit(paragraph[0])
    html = (site / url.path.strip("/") / "index.html").read_text(encoding="utf-8")
    anchor = url.fragment
    match = re.search(rf'<p class="briefing-para" id="{anchor}">(.*?)</p>', html, re.S)
    assert match and "ferroviaire" in match.group(1).lower(), f"#{anchor} of {url.path} does not hold the word"
    page.locator(f'li.md-search-result__item a[href="{paragraph[0]}"]').first.click()
    page.wait_for_url(re.compile(f"#{anchor}$"))
    assert page.locator(f"#{anchor}").is_visible()


def test_keyboard_moves_through_results_and_opens_one(page, base: str) -> None:  # type: ignore[no-untyped-def]
    _search(page, base, "incendie")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert first and first == page.locator("li.md-search-result__item a[href]").first.get_attribute("href")
    page.keyboard.press("ArrowDown")
    second = page.evaluate("document.activeElement.getAttribute('href')")
    assert second and second != first
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == urlsplit(second).path)


def test_more_results_come_as_the_list_scrolls(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base, wait_until="networkidle")
    fetched = _fetched(page)
    _search(page, base, "russie", goto=False)
    meta = page.locator(".md-search-result__meta").inner_text()
    total = int(re.sub(r"\D", "", meta))
    assert total > 20, f"'russie' should match more pages than one batch shows: {meta}"
    items = page.locator("li.md-search-result__item")
    shown = items.count()
    page.locator(".md-search__scrollwrap").hover()
    # Scroll past the results of shard 0: the next shards are searched as the list goes on.
    for _ in range(120):
        page.mouse.wheel(0, 2000)
        page.wait_for_timeout(250)
        if items.count() > max(25, total + 10) and any("/pagefind/shards/" in url for url, _ in fetched):
            break
    assert items.count() > 25, f"scrolling shows {items.count()} results of {total} (first {shown})"
    assert any("/pagefind/shards/1/" in url for url, _ in fetched), "scrolling never reached the next shard"
    assert items.count() > total, f"{items.count()} results after scrolling, {total} in shard 0"
    links = page.locator("li.md-search-result__item a[href]:not([href*='#'])")
    pages = [urlsplit(links.nth(n).get_attribute("href") or "").path for n in range(links.count())]
    assert len(pages) == len(set(pages)), "a page is listed twice"
    assert _count("/pagefind/pagefind.js", fetched) == 1 and _count(".pagefind", fetched) == 1
