"""No page grows with the corpus: the chronology, the incidents page and the home page stay bounded.

The chronology becomes an overview and a page per year, a long month a list of pages;
the matrix's cells link to lists of their own. These tests use the benchmarks'
synthetic corpus (benchmarks/synth.py, seeded): once with the real thresholds, to
check sizes, and once with every threshold made small — what a corpus a hundred
times larger meets with the real ones — to check the bounds that make the sizes
independent of the corpus, that every incident and source stays reachable from the
chronology and the matrix, and that the site builds strictly (links and anchors).
"""

from __future__ import annotations

import posixpath
import re
import sys
from pathlib import Path
from typing import Iterator

import pytest

from beyond_support import assert_link_resolves
from support import REPO, Site, build_here

sys.path.insert(0, str(REPO / "benchmarks"))

from synth import write_corpus  # noqa: E402

from generator.corpus import Corpus  # noqa: E402
from generator.load import load_corpus  # noqa: E402
from generator.markup import esc  # noqa: E402
from generator.figures import chronology as chronology_figure  # noqa: E402
from generator.pages import chronology, incidents, lists  # noqa: E402
from generator.pages.lists import expand  # noqa: E402
from generator.site import build_pages  # noqa: E402

SOURCES = 300
#: Largest Markdown page allowed with the real thresholds (the year pages are the largest).
BOUND = 300_000
#: Thresholds made small: (module, name, value).
SMALL = [(lists, "LONG", 12), (lists, "TEASER", 5), (lists, "PAGE_SIZE", 10), (chronology, "ONE_PAGE", 40),
         (incidents, "ONE_PAGE", 40), (chronology_figure, "MARKS", 40), (chronology_figure, "DEPTH", 6)]
LINK = re.compile(r"\]\(([^)\s]+)")
HREF = re.compile(r'<a href="([^"]+)"')


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("synth") / "seeds", SOURCES, seed=4)


def _pages(seeds: Path) -> tuple[Corpus, dict[str, str]]:
    corpus = load_corpus(seeds)  # loaded for each set of thresholds: the corpus caches pages' lists
    assert not corpus.report.errors, corpus.report.errors[:3]
    return corpus, {p.path: p.markdown for p in expand(corpus, build_pages(corpus))}


@pytest.fixture(scope="module")
def real(seeds: Path) -> tuple[Corpus, dict[str, str]]:
    return _pages(seeds)


@pytest.fixture(scope="module")
def small_sizes() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        for module, name, value in SMALL:
            mp.setattr(module, name, value)
        yield


@pytest.fixture(scope="module")
def small(seeds: Path, small_sizes: None) -> tuple[Corpus, dict[str, str]]:
    return _pages(seeds)


def _items(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("- ")]


def _figure_links(markdown: str) -> list[str]:
    figure = markdown.split('<figure class="briefing-figure briefing-chronology">', 1)[-1].split("</figure>")[0]
    return HREF.findall(figure) if "<svg" in figure else []


def _reached(pages: dict[str, str], start: str, within: str) -> dict[str, str]:
    """The pages under ``within`` reached from ``start`` by Markdown links, and their Markdown."""
    seen, todo = {start: pages[start]}, [start]
    while todo:
        path = todo.pop()
        for target in LINK.findall(pages[path]):
            page = posixpath.normpath(posixpath.join(posixpath.dirname(path), target.split("#")[0]))
            if page.startswith(within) and page not in seen:
                assert page in pages, f"{path} links to {page}, which is not generated"
                seen[page] = pages[page]
                todo.append(page)
    return seen


def _targets(pages: dict[str, str]) -> set[str]:
    """Every page and anchor the given pages link to, as 'sources/x.md#p3'."""
    out = set()
    for path, markdown in pages.items():
        for target in LINK.findall(markdown):
            page, _, anchor = target.partition("#")
            page = posixpath.normpath(posixpath.join(posixpath.dirname(path), page)) if page else path
            out.add(f"{page}#{anchor}" if anchor else page)
    return out


def test_the_chronology_incidents_quality_and_home_pages_stay_under_a_size_bound(real: tuple[Corpus, dict[str, str]]) -> None:
    corpus, pages = real
    assert len(chronology.entries(corpus)) > chronology.ONE_PAGE and len(corpus.incidents()) > incidents.ONE_PAGE, \
        "the synthetic corpus should be too large for a one-page chronology and incidents page"
    assert any(p.startswith("chronologie/") for p in pages), "no year page"
    global_pages = [p for p in pages if p.count("/") == 0 or p.startswith(("chronologie/", "incidents/")) or p.endswith("index.md")]
    sizes = {p: len(pages[p].encode("utf-8")) for p in global_pages}
    too_big = {p: n for p, n in sizes.items() if n > BOUND}
    assert not too_big, f"pages over {BOUND} bytes: {too_big}"


def test_every_chronology_page_is_bounded_by_the_thresholds_not_the_corpus(small: tuple[Corpus, dict[str, str]]) -> None:
    corpus, pages = small
    long, page_size, marks = lists.LONG, lists.PAGE_SIZE, chronology_figure.MARKS
    years = {e.date.year for e in chronology.entries(corpus) if e.date}
    chrono = {p: m for p, m in pages.items() if p == "chronologie.md" or p.startswith("chronologie/")}
    assert len(chrono) > len(years) + 1, "no month long enough for a list of its own"
    for path, markdown in chrono.items():
        depth = path.count("/")
        # overview: a line per year and the undated (a long section); a year: its months; a month's list: a page of it.
        limit = {0: len(years) + long, 1: 13 * long, 3: page_size}[depth]
        assert len(_items(markdown)) <= limit, f"{path}: {len(_items(markdown))} entries"
        links = _figure_links(markdown)
        assert len(links) <= max(marks, 13 * len(years)), f"{path}: {len(links)} links in the figure"
    overview = pages["chronologie.md"]
    assert "briefing-chart" in overview and len(_figure_links(overview)) <= 13 * len(years)
    for markdown in [pages["incidents.md"], pages["index.md"]]:
        assert len(_items(markdown)) <= long


def test_every_incident_and_source_is_reachable_from_the_chronology(small: tuple[Corpus, dict[str, str]]) -> None:
    corpus, pages = small
    reached = _reached(pages, "chronologie.md", "chronologie/")
    targets = _targets(reached)
    missing = [s for s in corpus.sources if f"sources/{s}.md" not in targets]
    assert not missing, f"sources no chronology page links to: {missing[:5]}"
    lines = [line for markdown in reached.values() for line in _items(markdown)]
    for i in corpus.incidents():
        anchor = f"sources/{i.source}.md#p{i.paragraph}"
        assert anchor in targets, f"no link to {anchor}"
        assert any(esc(i.summary) in line and f"#p{i.paragraph})" in line for line in lines), i.summary


def test_the_overview_counts_each_month_and_links_to_it(small: tuple[Corpus, dict[str, str]]) -> None:
    corpus, pages = small
    every = chronology.entries(corpus)
    cells = re.findall(r"\[[\w ]+ \((\d+)\)\]\((chronologie/\d{4}\.md)#(mois-[\w-]+) ", pages["chronologie.md"])
    assert sum(int(n) for n, _, _ in cells) == sum(1 for e in every if e.date)
    for n, page, anchor in cells:
        assert f"{{: #{anchor} }}" in pages[page], f"no month #{anchor} on {page}"


def test_each_cell_of_the_matrix_links_to_the_list_of_its_incidents(small: tuple[Corpus, dict[str, str]]) -> None:
    corpus, pages = small
    assert not any(line.startswith("### ") for line in pages["incidents.md"].splitlines()), "incidents listed on the matrix page"
    counted = 0
    for text, target in re.findall(r"\[(\d+(?: \+ \d+\?)?|\d+\?)\]\((incidents/[\w-]+/1\.md) ", pages["incidents.md"]):
        expected = sum(int(n) for n in re.findall(r"\d+", text))
        folder = target.rsplit("/", 1)[0]
        listed = [line for path, markdown in pages.items() if path.startswith(folder + "/") for line in _items(markdown)]
        assert len(listed) == expected, f"{target}: {len(listed)} incidents listed, {expected} counted"
        assert all(len(_items(pages[p])) <= lists.PAGE_SIZE for p in pages if p.startswith(folder + "/"))
        counted += expected
    assert counted == len(corpus.incidents())
    assert "(incidents/" in pages["index.md"], "the home page's matrix does not link to the cells' lists"


def test_the_bounded_site_builds_strictly(seeds: Path, tmp_path: Path, small_sizes: None) -> None:
    """Every link (year pages, month lists, cell lists, the counting figure's columns) resolves with its anchor."""
    site = Site(build_here(seeds, tmp_path, search="material"))
    for url in ["chronologie/", *(u for u in site.urls() if re.fullmatch(r"chronologie/\d{4}/", u))]:
        figure = site.article(url).find("figure", cls="briefing-figure")
        if figure is None:
            continue
        svg = figure.find("svg", cls="briefing-chart")
        assert svg.find("title") is not None and svg.find("desc") is not None
        for a in svg.find_all("a"):
            assert a.get("aria-label", "").strip() and a.find("title") is not None, f"{url}: a mark or column without a name"
            target, fragment = assert_link_resolves(site, url, a.get("href", ""))
            if a.find("circle") is None and "Réunion" not in a.get("aria-label", ""):  # a column of counts
                assert re.fullmatch(r"chronologie/\d{4}/", target) and fragment.startswith("mois-"), (url, target, fragment)


def test_quality_lists_show_a_few_lines_and_link_to_complete_lists(small: tuple[Corpus, dict[str, str]]) -> None:
    corpus, pages = small
    drafts = {s.id for s in corpus.sources.values() if not s.reviewed}
    assert len(drafts) > lists.LONG, "the synthetic corpus should have more drafts than a page lists"
    section = pages["qualite.md"].split("## Brouillons à relire", 1)[1].split("\n## ", 1)[0]
    assert sum(1 for line in section.splitlines() if line.startswith("- ")) == lists.TEASER
    listed = set()
    for path, markdown in pages.items():
        if path.startswith("qualite/brouillons/"):
            listed |= set(re.findall(r"\(\.\./\.\./sources/([a-z0-9-]+)\.md\)", markdown))
    assert listed == drafts
