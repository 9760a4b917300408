"""Long lists stay readable: an entity page shows the newest entries and links to the complete list.

The seeds are too small for any list to be long, so these tests use the
benchmarks' synthetic corpus (benchmarks/synth.py, seeded) with the page sizes
made small, and check the generated Markdown and a strict MkDocs build of it.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Iterator

import pytest

from support import REPO, build_here

sys.path.insert(0, str(REPO / "benchmarks"))

from synth import write_corpus  # noqa: E402

from generator import vocabulary  # noqa: E402
from generator.corpus import Corpus  # noqa: E402
from generator.load import load_corpus  # noqa: E402
from generator.pages import indexes, lists  # noqa: E402
from generator.pages.lists import expand  # noqa: E402
from generator.site import build_pages  # noqa: E402

SOURCES = 150
#: Small sizes, so that 150 sources make long lists and several pages of each.
LONG, TEASER, PAGE_SIZE, INDEX_PAGE = 12, 5, 10, 40
LINK = re.compile(r"\]\(([^)\s]+)\)")


@pytest.fixture(scope="module")
def small_sizes() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(lists, "LONG", LONG)
        mp.setattr(lists, "TEASER", TEASER)
        mp.setattr(lists, "PAGE_SIZE", PAGE_SIZE)
        mp.setattr(indexes, "INDEX_PAGE", INDEX_PAGE)
        yield


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("synth") / "seeds", SOURCES, seed=3)


@pytest.fixture(scope="module")
def corpus(seeds: Path) -> Corpus:
    loaded = load_corpus(seeds)
    assert not loaded.report.errors, loaded.report.errors[:3]
    return loaded


@pytest.fixture(scope="module")
def pages(corpus: Corpus, small_sizes: None) -> dict[str, str]:
    out: dict[str, str] = {}
    for page in expand(corpus, build_pages(corpus)):
        out.setdefault(page.path, page.markdown)
    return out


def _section(markdown: str, title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n\n(.*?)(?=^## |\Z)", markdown, re.S | re.M)
    assert match, f"no section {title!r}"
    return match.group(1)


def _items(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("- ")]


def _source_ids(lines: list[str]) -> list[str]:
    """The source each list line is about: its first link to a source page."""
    out = []
    for line in lines:
        target = next(t for t in LINK.findall(line) if "sources/" in t or t.endswith(".md"))
        out.append(target.rsplit("/", 1)[-1].split("#")[0].removesuffix(".md"))
    return out


def _newest_first(corpus: Corpus, ids: list[str]) -> list[str]:
    def key(i: str) -> tuple[bool, int, str]:
        d = corpus.sources[i].date
        return (d is None, -d.first_day.toordinal() if d else 0, i)

    return sorted(ids, key=key)


def _busiest(corpus: Corpus, kind: str) -> str:
    table = corpus.table(kind)
    return max(table, key=lambda i: (len(corpus.related((kind, i), "source")), i))


def test_a_long_list_shows_the_newest_and_links_to_the_complete_list(corpus: Corpus, pages: dict[str, str]) -> None:
    country = _busiest(corpus, "country")
    related = corpus.related(("country", country), "source")
    assert len(related) > LONG, "the synthetic corpus should make this list long"
    section = _section(pages[f"countries/{country.lower()}.md"], "Sources")
    shown = _source_ids(_items(section))
    assert shown == _newest_first(corpus, related)[:TEASER]
    assert "](sources/1.md)" in section.replace(f"{country.lower()}/", ""), section[-300:]
    assert f"sur {len(related)}" in section


def test_the_complete_list_holds_every_entry_once_newest_first(corpus: Corpus, pages: dict[str, str]) -> None:
    country = _busiest(corpus, "country")
    related = corpus.related(("country", country), "source")
    count = -(-len(related) // PAGE_SIZE)
    listed: list[str] = []
    for n in range(1, count + 1):
        markdown = pages[f"countries/{country.lower()}/sources/{n}.md"]
        items = _items(markdown)
        assert 0 < len(items) <= PAGE_SIZE
        listed += _source_ids(items)
        # Each page says where it is and links to its neighbours and back to the entity.
        assert f"({n}/{count})" in markdown.splitlines()[0]
        if n > 1:
            assert f"]({n - 1}.md)" in markdown
        if n < count:
            assert f"]({n + 1}.md)" in markdown
        assert f"](../../{country.lower()}.md)" in markdown
    assert f"countries/{country.lower()}/sources/{count + 1}.md" not in pages
    assert listed == _newest_first(corpus, related)


def test_incidents_of_a_busy_threat_are_paginated_newest_first(corpus: Corpus, pages: dict[str, str]) -> None:
    threat = max(corpus.threats, key=lambda t: sum(i.threat == t for s in corpus.sources.values() for i in s.incidents))
    incidents = [i for s in corpus.sources.values() for i in s.incidents if i.threat == threat]
    assert len(incidents) > LONG
    section = _section(pages[f"threats/{threat}.md"], "Incidents")
    assert len(_items(section)) == TEASER
    dates: list[str] = []
    count = -(-len(incidents) // PAGE_SIZE)
    total = 0
    for n in range(1, count + 1):
        items = _items(pages[f"threats/{threat}/incidents/{n}.md"])
        total += len(items)
        dates += [re.match(r"- \*\*(.+?)\*\*", line).group(1) for line in items]  # type: ignore[union-attr]
    assert total == len(incidents)
    ordered = sorted(incidents, key=lambda i: (i.date is None, -i.date.first_day.toordinal() if i.date else 0))
    assert dates == [vocabulary.date_fr(i.date) for i in ordered]


def test_every_page_stays_bounded(pages: dict[str, str]) -> None:
    """No entity page nor list page grows with the corpus past its lists' page sizes."""
    for path, markdown in pages.items():
        if path.count("/") == 0:
            continue  # home, chronology and other whole-briefing pages
        assert len(_items(markdown)) <= max(PAGE_SIZE, INDEX_PAGE) + 60, f"{path}: {len(_items(markdown))} items"


def test_a_long_section_index_continues_on_pages(corpus: Corpus, pages: dict[str, str]) -> None:
    count = -(-len(corpus.sources) // INDEX_PAGE)
    assert count > 1
    rows: list[str] = []
    for n in range(1, count + 1):
        path = "sources/index.md" if n == 1 else f"sources/index/{n}.md"
        table = [line for line in pages[path].splitlines() if line.startswith("| ") and "](" in line]
        assert 0 < len(table) <= INDEX_PAGE
        rows += [LINK.findall(line)[0].rsplit("/", 1)[-1].removesuffix(".md") for line in table]
    assert rows == _newest_first(corpus, list(corpus.sources))


def test_the_paginated_site_builds_strictly(seeds: Path, tmp_path: Path, small_sizes: None) -> None:
    """Every link of the long lists and their pagers resolves (MkDocs' strict mode fails on a dead link)."""
    site = build_here(seeds, tmp_path, search="material")
    country = "ru"
    assert (site / "countries" / country / "sources" / "1" / "index.html").is_file()
    assert (site / "sources" / "index" / "2" / "index.html").is_file()


def test_feeds_hold_the_newest_sources_only(corpus: Corpus) -> None:
    """A feed announces what is new: its size does not grow with the briefing."""
    import xml.etree.ElementTree as ET

    from generator.outputs import feeds
    from generator.dates import newest_first
    from generator.paths import ALL_FEED

    atom = "{http://www.w3.org/2005/Atom}"
    built = {a.path: a.content for a in feeds.build_feeds(corpus)}
    entries = ET.fromstring(built[ALL_FEED]).findall(f"{atom}entry")
    dated = [s for s in newest_first(corpus.sources.values()) if s.date]
    assert len(dated) > feeds.ENTRIES
    assert len(entries) == feeds.ENTRIES
    expected = [f"urn:uuid:{feeds.stable_uuid('source', s.id)}" for s in dated[: feeds.ENTRIES]]
    assert [e.findtext(f"{atom}id") for e in entries] == expected
    assert all(len(ET.fromstring(content).findall(f"{atom}entry")) <= feeds.ENTRIES for content in built.values())


def test_rebuilding_reuses_the_list_pages_of_unchanged_files_only(seeds: Path, tmp_path: Path, small_sizes: None,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Serving, a page of a long list (or a year of the chronology) whose lines come from
    unchanged files is the page of the last build; the pages listing the edited source are made
    again; every page is what a full build makes."""
    import shutil

    from generator.rebuild.pages import SourcePages
    from generator.rebuild.reads import ReadCache
    from generator.pages import chronology
    from generator.site import iter_pages

    monkeypatch.setattr(chronology, "ONE_PAGE", 40)

    copy = tmp_path / "seeds"
    shutil.copytree(seeds, copy)
    cache, memo = ReadCache(), SourcePages()

    def serve_pages() -> dict[str, str]:
        corpus = load_corpus(copy, root=tmp_path, cache=cache)
        memo.begin(cache.stamps, "seeds/sources/")
        return {p.path: p.markdown for p in iter_pages(corpus, memo=memo)}

    serve_pages()
    edited = sorted((copy / "sources").iterdir())[len(list((copy / "sources").iterdir())) // 2]
    text = edited.read_text(encoding="utf-8")
    title = re.search(r"^title: (.+)$", text, re.MULTILINE)
    assert title, f"{edited.name} has no title line"
    text = text.replace(title.group(0), "title: Titre modifié pour le test", 1)
    edited.write_text(text, encoding="utf-8")
    served = serve_pages()

    full = {p.path: p.markdown for p in build_pages(load_corpus(copy, root=tmp_path))}
    assert served == full
    lists = {path for kind, path in memo.reused if kind == "list"}
    assert len(lists) > 20, f"few list pages reused: {len(lists)}"
    assert any(re.fullmatch(r"chronologie/\d{4}\.md", p) for p in lists), "no year of the chronology reused"
    showing = {path for path, markdown in full.items() if "Titre modifié pour le test" in markdown}
    assert any("/" in p and p.rsplit("/", 1)[-1][:-3].isdigit() for p in showing), "the edit shows on no list page"
    assert not (lists & showing), f"list pages showing the edit were reused: {sorted(lists & showing)[:5]}"
