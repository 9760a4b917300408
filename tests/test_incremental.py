"""Rebuilding after an edit, as ``mkdocs serve`` does: one plugin instance, MkDocs' own build twice.

The plugin keeps what it rendered; on the next build a page whose Markdown is
unchanged is written from that, not rendered again. These tests edit one
annotation between two real builds and check, with the plugin's record of what it
rendered, that the source's page and every page it feeds were rendered again and
nothing else was; and that the result is, byte for byte, what a full build writes.
"""

from __future__ import annotations

import gc
import logging
import os
import shutil
import weakref
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from support import REPO, SEEDS

pytest.importorskip("mkdocs")

from mkdocs.commands.build import build  # noqa: E402
from mkdocs.config import load_config  # noqa: E402


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Path]:
    """A copy of the repository's site: its mkdocs.yml, docs/ and seeds/, to edit freely."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(REPO / "docs", tmp_path / "docs")
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    yield tmp_path
    # As `mkdocs serve` does when it stops: MkDocs keeps the plugin instance for the
    # process's next build (another test's), which must not inherit this serving session.
    load_config(config_file=str(tmp_path / "mkdocs.yml")).plugins.on_shutdown()


def _config(project: Path, site: Path, **options: object):  # type: ignore[no-untyped-def]
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    briefing = config.plugins["briefing"]
    for key, value in options.items():
        briefing.config[key] = value
    return config


def _serve_build(project: Path, site: Path, dirty: bool = False):  # type: ignore[no-untyped-def]
    """One rebuild as `mkdocs serve` runs it: a fresh config (plugins come from MkDocs' cache), then build."""
    config = _config(project, site, incremental=True, search="material")
    config.plugins.on_startup(command="serve", dirty=dirty)
    build(config, dirty=dirty)
    return config.plugins["briefing"]


def _pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


def _source_file(project: Path, text: str) -> Path:
    return next(p for p in sorted((project / "seeds" / "sources").iterdir()) if text in p.read_text(encoding="utf-8"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def _front_matter(path: Path) -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def _related_entities(project: Path, source_id: str) -> set[tuple[str, str]]:
    """The entities the source is related to, as the corpus of the project says."""
    from generator.load import load_corpus

    corpus = load_corpus(project / "seeds", root=project)
    return {key for key in corpus.graph.get(("source", source_id), ()) if key[0] != "source"}


def test_unchanged_rebuild_renders_nothing_and_writes_the_same_site(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    first = _serve_build(project, site)
    assert first.pages.rendered, "the first build rendered no page"
    before = _pages(site)
    again = _serve_build(project, site)
    assert again is first, "MkDocs did not keep the plugin instance across rebuilds"
    assert again.pages.rendered == set(), f"pages rendered again without any change: {sorted(again.pages.rendered)}"
    assert again.reads.last_read == [], f"annotation files parsed again without any change: {again.reads.last_read}"
    assert _pages(site) == before
    # The last build's pages were moved out of the way at once and are deleted in the background,
    # once the build is done.
    assert again._clearing is not None, "the site folder was not cleared by the plugin"
    again._clearing.join(timeout=60)
    assert not list(site.parent.glob(".briefing-old-site-*")), "the last build's pages were left beside the site"


def test_editing_one_source_renders_its_page_and_the_pages_it_feeds_only(project: Path, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    _serve_build(project, site)
    from mkdocs.structure.pages import Page

    read: list[str] = []  # the pages MkDocs' reading step saw
    read_source = Page.read_source

    def reading(page: Page, config: object) -> None:
        read.append(page.file.src_uri)
        read_source(page, config)  # type: ignore[arg-type]

    monkeypatch.setattr(Page, "read_source", reading)
    source = _source_file(project, "incidents:")
    meta = _front_matter(source)
    incident = meta["incidents"][0]
    old_summary = incident["summary"]
    new_summary = "Incident modifié pour le test incrémental"
    _edit(source, old_summary, new_summary)

    plugin = _serve_build(project, site)

    source_id = meta.get("id") or source.stem
    assert plugin.reads.last_read == [f"seeds/sources/{source.name}"], plugin.reads.last_read
    # The source, and every entity page that lists the incident, were rendered again and show the edit.
    fed = {f"sources/{source_id}.md", f"threats/{incident['threat']}.md"}
    for field in ("country", "actor"):
        if incident.get(field):
            fed.add(f"countries/{incident[field].lower()}.md")
    if incident.get("meeting"):
        fed.add(f"meetings/{incident['meeting']}.md")
    missing = fed - plugin.pages.rendered
    assert not missing, f"pages fed by the edited source not rendered again: {sorted(missing)}"
    for page in fed:
        html = (site / page[: -len(".md")] / "index.html").read_text(encoding="utf-8")
        assert new_summary in html, f"{page} does not show the edit"
    # Pages that do not depend on that source were not rendered again.
    others = {f"sources/{p.stem}.md" for p in (project / "seeds" / "sources").iterdir() if p != source}
    assert others, "the seeds need two sources"
    assert not (others & plugin.pages.rendered), f"unrelated sources rendered again: {sorted(others & plugin.pages.rendered)}"
    assert plugin.pages.reused, "no page was reused"
    # The unchanged sources' files were not even read: MkDocs got their last build's page straight away.
    assert others <= plugin.pages.unread <= plugin.pages.reused, f"unchanged sources read again: {sorted(others - plugin.pages.unread)}"
    assert f"sources/{source_id}.md" in read and not (others & set(read)), "MkDocs read unchanged pages again"
    # ... nor even written again as Markdown: their pages come from the last build.
    reused_sources = {f"sources/{i}.md" for kind, i in plugin.sources.reused if kind == "source"}
    assert reused_sources == others, f"source pages made again: {sorted(others - reused_sources)}"
    # Entity pages that do not draw on the edited source are not made again either.
    related = {(k, i) for k, i in _related_entities(project, source_id)}
    reused_entities = {key for key in plugin.sources.reused if key[0] != "source"}
    assert reused_entities, "no entity page was reused"
    assert not (reused_entities & related), f"pages fed by the edited source were reused: {sorted(reused_entities & related)}"
    assert plugin.pages.rendered.isdisjoint(plugin.pages.reused)
    # Feeds likewise: those of the countries and threats the source feeds are made again.
    reused_feeds = {(kind.removeprefix("feed/"), i) for kind, i in plugin.sources.reused if kind.startswith("feed/")}
    assert reused_feeds, "no feed was reused"
    assert not (reused_feeds & related), f"feeds fed by the edited source were reused: {sorted(reused_feeds & related)}"

    # What the incremental build wrote is what a full build writes.
    full = tmp_path / "full"
    build(_config(project, full, incremental=False, search="material"))
    assert _pages(site) == _pages(full)
    feeds = {p.relative_to(site): p.read_bytes() for p in (site / "feeds").rglob("*.xml")}
    assert feeds and feeds == {p.relative_to(full): p.read_bytes() for p in (full / "feeds").rglob("*.xml")}


def test_editing_a_registry_renders_every_page_naming_the_entry(project: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _serve_build(project, site)
    people = project / "seeds" / "people.yml"
    person = yaml.safe_load(people.read_text(encoding="utf-8"))[0]
    _edit(people, f"name: {person['name']}", "name: Nom Modifié")
    plugin = _serve_build(project, site)
    assert f"people/{person['id']}.md" in plugin.pages.rendered
    naming = {p.relative_to(site).as_posix() for p in site.rglob("*.html") if "Nom Modifié" in p.read_text(encoding="utf-8")}
    assert len(naming) > 1, "the new name shows on one page only"
    full = tmp_path / "full"
    build(_config(project, full, incremental=False, search="material"))
    assert _pages(site) == _pages(full)


@pytest.mark.parametrize("dirty", [True, False], ids=["serve --dirty", "serve"])
def test_serve_skips_unchanged_pages_and_writes_the_same_site(project: Path, tmp_path: Path, dirty: bool,
                                                             caplog: pytest.LogCaptureFixture,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """`mkdocs serve --dirty` keeps the site folder; `mkdocs serve` empties it, and the plugin takes
    it back while the configuration, templates and list of pages are the same: either way,
    unchanged pages are neither rendered nor written, and MkDocs says nothing of them."""
    site = tmp_path / "site"
    _serve_build(project, site, dirty=dirty)
    source = _source_file(project, "summary:")
    page = site / "sources" / source.stem / "index.html"
    other = next(p for p in sorted((project / "seeds" / "sources").iterdir()) if p != source)
    other_page = site / "sources" / other.stem / "index.html"
    before = other_page.stat().st_mtime_ns
    _edit(source, "summary: ", "summary: Résumé modifié. ")
    import mkdocs.commands.build as mkdocs_build

    written: list[str] = []  # the pages MkDocs' writing step saw
    build_page = mkdocs_build._build_page

    def writing(page, *args, **kwargs):  # type: ignore[no-untyped-def]
        written.append(page.file.src_uri)
        build_page(page, *args, **kwargs)

    monkeypatch.setattr(mkdocs_build, "_build_page", writing)
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        plugin = _serve_build(project, site, dirty=dirty)
    if not dirty:  # (--dirty: MkDocs' own step returns at once for them)
        assert f"sources/{other.stem}.md" not in written, "MkDocs went through an unchanged page to write nothing"
        assert f"sources/{source.stem}.md" in written
    assert not [r.getMessage() for r in caplog.records if "Page skipped" in r.getMessage()]
    assert f"sources/{source.stem}.md" in plugin.pages.rendered
    assert f"sources/{other.stem}.md" in plugin.pages.reused
    assert other_page.stat().st_mtime_ns == before, "an unchanged page was written again"
    assert "Résumé modifié." in page.read_text(encoding="utf-8")
    full = tmp_path / "full"
    build(_config(project, full, incremental=False, search="material"))
    assert _pages(site) == _pages(full)
    # A source deleted: its page leaves the kept site folder too.
    other.unlink()
    _serve_build(project, site, dirty=dirty)
    assert not other_page.exists(), "the page of a deleted source is still in the site"


class _Cycle:
    """An object in a reference cycle: only a collection of its generation frees it."""

    def __init__(self) -> None:
        self.me = self


def test_serving_collects_the_garbage_of_a_rebuild_later_not_never(project: Path, tmp_path: Path) -> None:
    """Collections are paused during a rebuild and resume a few seconds after it, so that the first
    one does not go through all the build made before the site shows again: a cycle of garbage
    the build left is freed then, not leaked; the next build keeps the pause if it comes first."""
    site = tmp_path / "site"
    plugin = _serve_build(project, site)
    assert not gc.isenabled(), "collections resumed as the build ended"
    resuming = plugin._gc_resuming
    plugin = _serve_build(project, site)  # before they resumed: still paused, one timer
    assert resuming is not None and resuming.finished.is_set() and plugin._gc_resuming is not resuming
    cycle = _Cycle()
    dead = weakref.ref(cycle)
    del cycle
    assert not gc.isenabled() and dead() is not None
    assert plugin._gc_resuming is not None
    plugin._gc_resuming.join(timeout=30)
    assert gc.isenabled(), "collections never resumed"
    gc.collect()
    assert dead() is None, "a cycle of garbage was never collected"


def test_serving_writes_the_exports_after_the_build(project: Path, tmp_path: Path) -> None:
    """Under `mkdocs serve` the exports (the whole corpus) are written in the background, after the pages."""
    import json

    site = tmp_path / "site"
    plugin = _serve_build(project, site)
    assert plugin.exports_thread is not None, "no exports written while serving"
    plugin.exports_thread.join(timeout=60)
    corpus = json.loads((site / "exports" / "corpus.json").read_text(encoding="utf-8"))
    full = tmp_path / "full"
    build(_config(project, full, incremental=False, search="material"))
    assert corpus == json.loads((full / "exports" / "corpus.json").read_text(encoding="utf-8"))
    assert sorted(p.name for p in (site / "exports").iterdir()) == sorted(p.name for p in (full / "exports").iterdir())


def test_serving_puts_the_last_search_index_back_at_once(project: Path, tmp_path: Path) -> None:
    """With Pagefind, a rebuild under `mkdocs serve` has a complete index right away (the last one)."""
    from generator import search

    site = tmp_path / "site"
    config = _config(project, site, incremental=True, search="pagefind")
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    assert search.index_is_complete(site / search.OUTPUT)
    config = _config(project, site, incremental=True, search="pagefind")
    build(config)  # the site folder is cleaned: the index comes back from the plugin's copy
    assert search.index_is_complete(site / search.OUTPUT)
    assert (site / search.OUTPUT).is_symlink(), "the index was placed file by file"
    # Serving ends: the site keeps a complete index of its own, not a link to a deleted folder.
    config.plugins.on_shutdown()
    assert not (site / search.OUTPUT).is_symlink()
    assert search.index_is_complete(site / search.OUTPUT)


def test_serving_indexes_again_only_the_shards_of_changed_pages(project: Path, tmp_path: Path) -> None:
    """After an edit, the background re-index runs Pagefind on shard 0 (entity pages) and on the
    edited source's shard; the other shards are the last index's files, put back as they were."""
    from generator import search

    def files(index: Path, shard: int) -> dict[str, int]:
        folder = index / search.shard_folder(shard)
        found = {p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()}
        return {k: v for k, v in found.items() if shard != 0 or not k.startswith("shards/")}

    site = tmp_path / "site"
    config = _config(project, site, incremental=True, search="pagefind", search_shard_sources=1)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config)
    plugin = config.plugins["briefing"]
    count = plugin.shards.count
    assert count >= 3, f"the seeds make {count} shards"
    before = {n: files(plugin._search_index, n) for n in range(count)}
    source = next(p for p in sorted((project / "seeds" / "sources").iterdir())
                  if plugin.shards.of(f"sources/{_front_matter(p).get('id') or p.stem}.md") > 0)
    edited = plugin.shards.of(f"sources/{_front_matter(source).get('id') or source.stem}.md")
    _edit(source, "summary:", "summary: Résumé modifié.")

    config = _config(project, site, incremental=True, search="pagefind", search_shard_sources=1)
    build(config)
    assert plugin.search_thread is not None
    plugin.search_thread.join(timeout=120)
    # The site shows the new index (a link to it: placing thousands of files takes seconds).
    assert (site / search.OUTPUT).resolve() == plugin._search_index.resolve()
    after = {n: files(plugin._search_index, n) for n in range(count)}
    for n in range(count):
        assert after[n], f"shard {n} is missing from the new index"
        if n in (0, edited):
            assert after[n] != before[n], f"shard {n} was not indexed again"
        else:
            assert after[n] == before[n], f"shard {n}, unchanged, was indexed again"
    assert search.index_is_complete(site / search.OUTPUT)


def test_placing_an_index_replaces_files_without_writing_through_links(tmp_path: Path) -> None:
    from generator import search

    index, site = tmp_path / "index", tmp_path / "site"
    (index / "fragment").mkdir(parents=True)
    (index / "fragment" / "a.pf_fragment").write_bytes(b"new")
    (site / "fragment").mkdir(parents=True)
    (site / "fragment" / "a.pf_fragment").write_bytes(b"old")
    search.place(index, site)
    assert (site / "fragment" / "a.pf_fragment").read_bytes() == b"new"
    newer = tmp_path / "newer"
    (newer / "fragment").mkdir(parents=True)
    (newer / "fragment" / "a.pf_fragment").write_bytes(b"newer")
    search.place(newer, site)  # over files that may be links to the first index
    assert (site / "fragment" / "a.pf_fragment").read_bytes() == b"newer"
    assert (index / "fragment" / "a.pf_fragment").read_bytes() == b"new", "placing wrote through a link"


def test_a_build_after_serving_is_a_full_build(project: Path, tmp_path: Path) -> None:
    """MkDocs hands the same plugin instance to later builds of the process: once serving stops,
    a build is a plain full build again (no page or search index from the serving session)."""
    _serve_build(project, tmp_path / "served")
    load_config(config_file=str(project / "mkdocs.yml")).plugins.on_shutdown()
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(tmp_path / "built"))
    plugin = config.plugins["briefing"]
    assert not plugin.is_incremental and not plugin.reads.files and not plugin.pages.pages


def test_a_cached_load_takes_unchanged_sources_as_finished_and_stays_the_full_load(project: Path) -> None:
    """A source whose file and registries are unchanged is not built again: the corpus takes the
    very object the last load finished. Through edits that change what a source's id claims,
    what its references find and which countries exist only through sources, the corpus (its
    sources, countries, redirects, relations and problems) stays the one a full load gives."""
    from generator.load import load_corpus
    from generator.rebuild.reads import ReadCache

    seeds = project / "seeds"
    files = sorted((seeds / "sources").iterdir())
    edited, other = files[0], files[1]
    # A country only sources name (no registry entry), a former id taken by another source.
    _edit(edited, "countries: [RU, US]", "countries: [RU, US, FI]")
    _edit(edited, "threats: [espionage]", f"previous_ids: [{other.stem}, ancienne-adresse]\nthreats: [espionage]")
    _edit(edited, '- text: "Le secrétaire général de l’OTAN"', '- text: "Le secrétaire général de l’OTAN (ajout)"')

    def same(cached, full) -> None:  # type: ignore[no-untyped-def]
        assert sorted(map(str, cached.report.items)) == sorted(map(str, full.report.items))
        assert cached.sources == full.sources
        assert list(cached.countries) == list(full.countries)
        assert cached.countries == full.countries
        assert cached.redirects == full.redirects
        assert cached.graph == full.graph
        for s in cached.sources.values():
            assert s.problems == full.sources[s.id].problems

    cache = ReadCache()
    first = load_corpus(seeds, root=project, cache=cache)
    same(first, load_corpus(seeds, root=project))
    assert "FI" in first.countries and ("source", "ancienne-adresse") in first.redirects
    assert any(f"previous id '{other.stem}' is the id of another source" in str(d) for d in first.report.items)

    # Another source edited: the others are taken as they were.
    _edit(other, "summary: ", "summary: Modifié. ")
    with other.open("a", encoding="utf-8") as text:  # a control in the text itself: a warning either way
        text.write("\nUn paragraphe \x1b[31m rouge.\n")
    again = load_corpus(seeds, root=project, cache=cache)
    same(again, load_corpus(seeds, root=project))
    assert any("the text contains U+001B ESCAPE" in str(d) for d in again.sources[other.stem].problems)
    assert again.sources[edited.stem] is first.sources[edited.stem]
    assert again.sources[other.stem] is not first.sources[other.stem]
    assert "FI" in again.countries, "a country named only by an unchanged source is gone"
    assert any("is not verbatim" in str(d) for d in again.sources[edited.stem].problems)

    # A file earlier in path order takes the id of a finished source: that one is a duplicate now.
    twin = seeds / "sources" / "0000-jumeau.txt"
    twin.write_text(other.read_text(encoding="utf-8").replace("---\n", f"---\nid: {edited.stem}\n", 1), encoding="utf-8")
    taken = load_corpus(seeds, root=project, cache=cache)
    same(taken, load_corpus(seeds, root=project))
    assert taken.sources[edited.stem].path.endswith("0000-jumeau.txt")
    assert any("duplicate source id" in str(d) for d in taken.report.items)
    twin.unlink()
    back = load_corpus(seeds, root=project, cache=cache)
    same(back, load_corpus(seeds, root=project))
    assert back.sources[edited.stem].path == first.sources[edited.stem].path

    # A registry edited: every source is checked against it again.
    people = seeds / "people.yml"
    person = yaml.safe_load(people.read_text(encoding="utf-8"))[0]["id"]
    _edit(people, f"- id: {person}\n", f"- id: {person}-renomme\n")
    renamed = load_corpus(seeds, root=project, cache=cache)
    same(renamed, load_corpus(seeds, root=project))
    assert any(f"unknown person '{person}'" in str(d) for d in renamed.report.items)
    assert all(renamed.sources[k] is not back.sources[k] for k in renamed.sources)
    # ... and the next load, unchanged, takes those.
    still = load_corpus(seeds, root=project, cache=cache)
    same(still, load_corpus(seeds, root=project))
    assert all(still.sources[k] is renamed.sources[k] for k in still.sources)


def test_a_cached_load_is_the_full_load_with_former_ids_and_problems(project: Path) -> None:
    """Serving loads the corpus through its caches (parsed files, folded texts): the corpus is the
    one a full load gives, former ids (redirects) and every problem included, the first time and
    after an edit that breaks a quotation."""
    from generator.load import load_corpus
    from generator.rebuild.reads import ReadCache

    seeds = project / "seeds"
    meetings = (seeds / "meetings.yml").read_text(encoding="utf-8")
    first = yaml.safe_load(meetings)[0]["id"]
    (seeds / "meetings.yml").write_text(
        meetings.replace(f"- id: {first}\n", f"- id: {first}\n  previous_ids: [former-address]\n", 1), encoding="utf-8")

    def same(cached, full) -> None:  # type: ignore[no-untyped-def]
        assert cached.redirects == full.redirects == {("meeting", "former-address"): first}
        assert sorted(map(str, cached.report.items)) == sorted(map(str, full.report.items))
        assert cached.sources == full.sources
        assert cached.graph == full.graph

    cache = ReadCache()
    same(load_corpus(seeds, root=project, cache=cache), load_corpus(seeds, root=project))
    source = _source_file(project, "quotes:")
    quoted = _front_matter(source)["quotes"][0]["text"]
    _edit(source, quoted, quoted + " (ajout)")
    again = load_corpus(seeds, root=project, cache=cache)
    assert cache.last_read == [source.relative_to(project).as_posix()]
    assert any("is not verbatim" in str(d) for d in again.report.items)
    same(again, load_corpus(seeds, root=project))
