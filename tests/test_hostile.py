"""Hostile sources and annotations: shown as literal text, never executed, nothing written outside the site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "hostile"

PAGES = [
    "sources/hostile-source/",
    "people/pwned-person/",
    "threats/pwned-threat/",
    "meetings/pwned-meeting/",
    "organisations/pwned-media/",
    "countries/ru/",
    "",
    "chronologie/",
    "sources/",
    "people/",
    "threats/",
    "meetings/",
    "organisations/",
]


def _tree(folder: Path, skip: Path) -> dict[str, int]:
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file() and skip not in p.parents
    }


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    project = tmp_path_factory.mktemp("hostile")
    for name in ("mkdocs.yml", "docs", "seeds"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, project / name)
    extra = yaml.safe_load((DATA / "registries.yml").read_text(encoding="utf-8"))
    for registry, text in extra.items():
        path = project / "seeds" / f"{registry}.yml"
        path.write_text(path.read_text(encoding="utf-8") + "\n" + text, encoding="utf-8")
    shutil.copy(DATA / "hostile-source.txt", project / "seeds" / "sources" / "hostile-source.txt")
    site = project / "site"
    before = _tree(project.parent, site)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, env=env, cwd=project,
    )
    assert result.returncode == 0, result.stderr
    after = _tree(project.parent, site)
    return {"project": project, "site": site, "log": result.stderr, "before": before, "after": after}


class _Scan(HTMLParser):
    """Collects what a browser would execute: scripts, event handlers, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__()
        self.handlers: list[str] = []
        self.js_urls: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"{tag} {name}={value}")
            if name in ("href", "src", "action", "formaction") and value and value.strip().lower().startswith("javascript:"):
                self.js_urls.append(f"{tag} {name}={value}")
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def test_build_reports_no_error_and_writes_only_its_output(hostile_site: dict) -> None:
    assert "error:" not in hostile_site["log"]
    assert hostile_site["before"] == hostile_site["after"], "files outside the output folder changed"


@pytest.mark.parametrize("page", PAGES)
def test_nothing_executable_in_html(hostile_site: dict, page: str) -> None:
    html = (hostile_site["site"] / page / "index.html").read_text(encoding="utf-8")
    scan = _Scan()
    scan.feed(html)
    assert scan.handlers == []
    assert scan.js_urls == []
    assert not [s for s in scan.scripts if "PWNED" in s]
    assert "PWNED" in html  # the hostile text is there, as text


def _search_texts(site: Path) -> tuple[list[str], bool]:
    """Title and text of every page in the search index, and whether they are HTML.

    Pagefind's fragments hold the pages' text as plain text (its result list escapes it);
    Material's index holds it as HTML."""
    import gzip
    import json

    fragments = sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    if fragments:
        texts = []
        for fragment in fragments:
            data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
            page = json.loads(data)
            texts.append(f"{page['meta'].get('title', '')} {page['content']}")
        return texts, False
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    return [d["title"] + " " + d["text"] for d in docs], True


def test_search_index_holds_text_not_markup(hostile_site: dict) -> None:
    texts, is_html = _search_texts(hostile_site["site"])
    assert any("PWNED-title" in t for t in texts)
    if not is_html:  # plain text: the hostile markup is there as the characters the page shows
        assert any("Titre <script>console.log('PWNED-title')" in t for t in texts)
        return
    for tag in ("<script", "<img", "<svg", "<iframe", "<b on", "<marquee", "<style"):
        assert not [t for t in texts if tag in t], tag


@pytest.fixture(scope="module")
def server(hostile_site: dict):  # type: ignore[no-untyped-def]
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = partial(Quiet, directory=str(hostile_site["site"]))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.mark.browser
def test_no_script_from_a_source_runs_and_text_is_literal(server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    dialogs: list[str] = []
    console: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("console", lambda m: console.append(m.text))
    for path in PAGES:
        page.goto(server + path)
        page.wait_for_load_state("load")
        page.mouse.move(400, 400)
        text = page.inner_text("article")
        assert "PWNED" in text, path
    page.goto(server + "sources/hostile-source/")
    text = page.inner_text("article")
    for literal in (
        "Titre <script>console.log('PWNED-title');alert('PWNED-title')</script> {{ config.site_name }}",
        "[clic](javascript:alert('PWNED-link'))",
        "{% include 'base.html' %}",
        "Le corps contient <script>alert('PWNED-body')</script> et du HTML.",
        "1. pas une liste",
        "# pas un titre",
        "    Quatre espaces en tête, pas un bloc de code.",
    ):
        assert literal in text
    assert "<script>" in page.title()
    # Search results show the hostile text as text too.
    page.goto(server)
    page.click("input.md-search__input")
    page.keyboard.type("Titre", delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    results = page.inner_text(".md-search-result")
    assert "Titre <script>console.log('PWNED-title');alert('PWNED-title')</script>" in results
    assert dialogs == []
    assert not [m for m in console if "PWNED" in m]
    page.close()
