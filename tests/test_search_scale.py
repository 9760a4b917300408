"""Search on a larger briefing: Pagefind's index is fetched in pieces, in Material's search box.

A synthetic briefing (benchmarks/synth.py, seeded) is built with the plugin and
served on 127.0.0.1; Debian's headless Chromium types in the search box. These
tests check behaviour and what is fetched, not time: the benchmark
(benchmarks/run.py) measures speed on 20,000 sources.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import sys
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest
import yaml
from support import CHROMIUM, CHROMIUM_ARGS, REPO

sys.path.insert(0, str(REPO / "benchmarks"))

from synth import write_corpus  # noqa: E402

pytestmark = pytest.mark.browser

SOURCES = 200


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    root = tmp_path_factory.mktemp("search-site")
    seeds = write_corpus(root / "seeds", SOURCES, seed=5)
    shutil.copytree(REPO / "docs", root / "docs")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    for item in config["plugins"]:
        if isinstance(item, dict) and "briefing" in item:
            item["briefing"] = dict(item["briefing"] or {}, seeds=str(seeds), search="pagefind")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    build(load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "site")))
    return root / "site"


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


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.is_file():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


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


def _search(page, base: str, query: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base, wait_until="networkidle")
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    assert box.evaluate("el => el === document.activeElement"), "'/' does not focus the search box"
    box.press_sequentially(query)
    page.wait_for_selector("li.md-search-result__item")


def test_the_first_search_fetches_a_small_part_of_the_index(page, base: str, site: Path) -> None:  # type: ignore[no-untyped-def]
    index_bytes = sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file())
    page.goto(base, wait_until="networkidle")
    fetched: list[tuple[str, int]] = []
    page.on("requestfinished", lambda r: fetched.append((r.url, r.sizes()["responseBodySize"])))
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("sabotage")
    page.wait_for_selector("li.md-search-result__item")
    page.wait_for_timeout(500)
    total = sum(size for _, size in fetched)
    assert any("/pagefind/" in url for url, _ in fetched)
    assert not any(url.endswith("search_index.json") and size > 10_000 for url, size in fetched)
    assert total < 300 * 1024, f"first search fetched {total} bytes"
    assert total < index_bytes / 4, f"first search fetched {total} of {index_bytes} bytes of index"


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
    _search(page, base, "russie")
    meta = page.locator(".md-search-result__meta").inner_text()
    total = int(re.sub(r"\D", "", meta))
    assert total > 20, f"'russie' should match more pages than one batch shows: {meta}"
    items = page.locator("li.md-search-result__item")
    shown = items.count()
    page.locator(".md-search__scrollwrap").hover()
    for _ in range(40):
        page.mouse.wheel(0, 2000)
        page.wait_for_timeout(250)
        if items.count() > 25:
            break
    assert items.count() > 25, f"scrolling shows {items.count()} results of {total} (first {shown})"
