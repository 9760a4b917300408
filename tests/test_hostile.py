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
    """Every file under ``folder`` but the output folder ``skip`` (and the build's lock file
    beside it, ``.briefing-lock-<name>``, which is where a build says it is writing there)."""
    lock = skip.with_name(f".briefing-lock-{skip.name}")
    return {
        str(p.relative_to(folder)): p.stat().st_mtime_ns
        for p in folder.rglob("*")
        if p.is_file() and skip not in p.parents and p != lock
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


# --- file names, invisible characters: a site with an edit button ---------------------

#: A source file name that is HTML: with ``repo_url`` set, it is part of the edit button's address.
EDIT_NAME = 'x"><img src=x onerror=alert(1)>.txt'
REPO_URL = "https://example.org/you/briefing"
INVISIBLE = {  # file -> the data file it is a copy of
    EDIT_NAME: "edit-url-source.txt",
    "bidi-title.txt": "bidi-title.txt",
    "control-title.txt": "control-title.txt",
}


@pytest.fixture(scope="module")
def invisible_site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The seeds plus a source whose file name is HTML, one with U+202E in its title, one with
    controls in its title; ``repo_url`` set; a plain (not strict) build, as the issue ran it."""
    project = tmp_path_factory.mktemp("invisible")
    for name in ("docs", "seeds"):
        shutil.copytree(ROOT / name, project / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(f"repo_url: {REPO_URL}\n" + config, encoding="utf-8")
    for name, data in INVISIBLE.items():
        shutil.copy(DATA / data, project / "seeds" / "sources" / name)
    site = project / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
        capture_output=True, text=True, env=env, cwd=project,
    )
    assert build.returncode == 0, build.stderr
    check = subprocess.run(
        [sys.executable, "-m", "generator.cli", "check"], capture_output=True, text=True, env=env, cwd=project,
    )
    return {"project": project, "site": site, "log": build.stderr, "check": check.stdout}


def _edit_page(site: Path) -> Path:
    """The page of the source whose file name is HTML (its id is made from the name)."""
    pages = [p for p in (site / "sources").glob("*/index.html") if "Un nom de fichier hostile" in p.read_text(encoding="utf-8")]
    assert len(pages) == 1
    return pages[0]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []
        self.imgs: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs))
        if tag == "img":
            self.imgs.append(dict(attrs))


def test_file_name_in_the_edit_button_is_an_encoded_url_path(invisible_site: dict) -> None:
    html = _edit_page(invisible_site["site"]).read_text(encoding="utf-8")
    links = _Links()
    links.feed(html)
    edit = [a for a in links.links if "md-content__button" in (a.get("class") or "")]
    assert [a["href"] for a in edit] == [
        REPO_URL + "/seeds/sources/x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.txt"
    ]
    assert not [i for i in links.imgs if i.get("src") == "x"]
    scan = _Scan()
    scan.feed(html)
    assert scan.handlers == []


def test_check_reports_the_invisible_characters(invisible_site: dict) -> None:
    out = invisible_site["check"]
    assert (
        "seeds/sources/bidi-title.txt:2:8: error: source.title contains U+202E RIGHT-TO-LEFT OVERRIDE (bidi control): "
        "shown as « [U+202E] » on the site; remove it"
    ) in out.splitlines()
    assert (
        "seeds/sources/control-title.txt:2:8: error: source.title contains U+001B ESCAPE (control character): "
        "shown as « [U+001B] » on the site; remove it"
    ) in out.splitlines()
    assert "\x1b" not in out


def test_feeds_parse_with_a_strict_xml_parser(invisible_site: dict) -> None:
    import xml.etree.ElementTree as ET

    import feedparser

    feeds = sorted((invisible_site["site"] / "feeds").rglob("*.xml"))
    assert len(feeds) > 3
    for feed in feeds:
        ET.parse(feed)
        assert feedparser.parse(feed.read_bytes()).bozo == 0, feed
    text = (invisible_site["site"] / "feeds" / "sources.xml").read_text(encoding="utf-8")
    assert "<title>Titre [U+001B][31m rouge [U+0001] [U+007F] fin</title>" in text
    assert "<title>Rapport [U+202E]fdp.exe</title>" in text
    assert "<title>Titre [U+001B][31m rouge [U+0001] [U+007F] fin</title>" in (
        invisible_site["site"] / "feeds" / "countries" / "ru.xml").read_text(encoding="utf-8")


def _raw_invisible(text: str) -> list[str]:
    return [f"U+{ord(c):04X}" for c in text if (ord(c) < 32 and c not in "\t\n\r") or 0x7F <= ord(c) <= 0x9F
            or 0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069]


@pytest.mark.parametrize("page", ["sources/bidi-title/", "sources/control-title/", "sources/", "countries/ru/", "chronologie/"])
def test_pages_hold_no_raw_control_or_bidi_override(invisible_site: dict, page: str) -> None:
    html = (invisible_site["site"] / page / "index.html").read_text(encoding="utf-8")
    assert _raw_invisible(html) == []


@pytest.fixture(scope="module")
def invisible_server(invisible_site: dict):  # type: ignore[no-untyped-def]
    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(invisible_site["site"])))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.mark.browser
def test_file_name_runs_no_script_in_the_edit_button(invisible_server: str, invisible_site: dict, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    # Any image error handler the payload adds also sets a global: seen without waiting for a dialog.
    page.add_init_script("window.addEventListener('error', e => { if (e.target && e.target.tagName === 'IMG') window.__imgError = true; }, true);")
    url = invisible_server + _edit_page(invisible_site["site"]).parent.relative_to(invisible_site["site"]).as_posix() + "/"
    page.goto(url)
    page.wait_for_load_state("load")
    assert page.evaluate("document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert page.evaluate("window.__imgError === true") is False
    href = page.get_attribute("a.md-content__button", "href")
    assert href == REPO_URL + "/seeds/sources/x%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert%281%29%3E.txt"
    assert dialogs == []
    page.close()


@pytest.mark.browser
def test_bidi_override_is_shown_as_a_marker(invisible_server: str, browser) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(invisible_server + "sources/bidi-title/")
    heading = page.inner_text("article h1")
    assert heading == "Rapport [U+202E]fdp.exe"
    assert "\u202e" not in page.title()
    assert "[U+202E]" in page.title()
    page.goto(invisible_server + "sources/control-title/")
    text = page.inner_text("article")
    assert "Titre [U+001B][31m rouge [U+0001] [U+007F] fin" in text
    assert _raw_invisible(page.content()) == []
    page.close()
