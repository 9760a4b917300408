"""Rebuilding after an edit: re-read only the files that changed, re-render only the pages that did.

Two caches live as long as the process (``mkdocs serve`` keeps the plugin instance
across rebuilds):

- :class:`ReadCache` keeps each annotation file's parsed and checked form, with the
  problems found in it, under the digest of the file's bytes. A file whose bytes are
  unchanged is not parsed nor checked again; its problems are reported again as
  they were.
  A source whose file and registries are unchanged is not even built again: the
  corpus takes the very :class:`~generator.model.Source` the last load finished
  (references checked, values plain), with the problems building it reported.
- :class:`PageCache` keeps, for each generated page, the Markdown it was rendered
  from and what MkDocs made of it. A page whose Markdown is unchanged, in a site whose
  configuration, templates and list of pages are unchanged, renders to the same
  HTML: the plugin hands MkDocs that HTML instead of rendering again.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import corpus as _corpus
from .corpus import Corpus, _Loader, _rel
from .diagnostics import Diagnostic, Report
from .model import Key, Meeting, Paragraph, Source
from .reader import MAX_BYTES, RawSource, read_text, split_source
from .schema import REGISTRIES, Checked
from .textmatch import Folded
from .yamlpos import LList, load

Stamp = tuple[int, object]
#: Files up to this size are known by their content's digest; larger ones by their modification time.
_HASHED = 16 * 1024 * 1024


def stamp(file: Path) -> Stamp | None:
    """What tells an unchanged file: its size and content digest (reading is cheap; parsing is not)."""
    try:
        st = file.stat()
        if st.st_size > _HASHED:
            return st.st_size, st.st_mtime_ns
        return st.st_size, hashlib.blake2b(file.read_bytes(), digest_size=16).digest()
    except OSError:
        return None


def file_status(file: Path) -> tuple[int, ...] | None:
    """Size, inode, modification and change times: a file whose status is the same was not written."""
    try:
        st = os.stat(file)
    except OSError:
        return None
    return st.st_size, st.st_ino, st.st_mtime_ns, st.st_ctime_ns


@dataclass
class _Read:
    stamp: Stamp
    value: Any
    problems: list[Diagnostic]
    #: The file's status when read (see :func:`file_status`): unchanged, its content is not read again.
    status: tuple[int, ...] | None = None


@dataclass
class ReadCache:
    """What each annotation file gave the last time it was read (see module docstring)."""

    files: dict[str, _Read] = field(default_factory=dict)
    #: Paths read (parsed and checked) by the last load, for tests and logs.
    last_read: list[str] = field(default_factory=list)
    #: Each file of the last load (path relative to the project) and what identifies its content.
    stamps: dict[str, Stamp] = field(default_factory=dict)
    #: Each source's text, with its paragraphs and folded for verbatim search (see ``_Loader.text_index``).
    texts: dict[str, tuple[str, tuple[list[Paragraph], Folded]]] = field(default_factory=dict)
    #: Each source as the last load finished it (by path).
    built: dict[str, _Built] = field(default_factory=dict)

    def clear(self) -> None:
        self.files.clear()
        self.texts.clear()
        self.built.clear()


@dataclass
class _Built:
    """A source as a load finished it: its references checked, its values plain. Nothing changes a
    source after that, so the next load takes this very object while its file's reading (the same
    object, see ``ReadCache.files``) and the registries are the same."""

    read: object
    registries: object
    source: Source
    #: What building it reported, then what checking its references did.
    built: list[Diagnostic]
    resolved: list[Diagnostic] = field(default_factory=list)


class _CachingLoader(_Loader):
    """The corpus loader, with a cache in front of reading, parsing and checking each file."""

    def __init__(self, seeds: Path, root: Path, max_bytes: int, cache: ReadCache) -> None:
        super().__init__(seeds, root, max_bytes)
        self.cache = cache
        self.seen: dict[str, _Read] = {}
        self.texts: dict[str, tuple[str, tuple[list[Paragraph], Folded]]] = {}
        #: Sources (by id) taken as the last load finished them, and those built by this one.
        self.reused: dict[str, _Built] = {}
        self.fresh: dict[str, _Built] = {}

    def finished(self, source: Source) -> bool:
        return source.id in self.reused

    def text_index(self, path: str, text: str) -> tuple[list[Paragraph], Folded]:
        hit = self.cache.texts.get(path)
        found = hit[1] if hit is not None and hit[0] == text else super().text_index(path, text)
        self.texts[path] = (text, found)
        return found

    def _cached(self, file: Path, rel: str, compute):  # type: ignore[no-untyped-def]
        """``compute(report)`` for this file, or its cached value and problems when unchanged."""
        where = f"{self.root}\0{file}"  # the same file read for another project is another entry
        hit = self.cache.files.get(where)
        status = file_status(file)
        # Not written since (same status): its stamp stands, no need to read and digest it again.
        now = hit.stamp if hit is not None and status is not None and hit.status == status else stamp(file)
        if now is not None:
            self.cache.stamps[rel] = now
        if hit is not None and now is not None and hit.stamp == now:
            self.report.extend(hit.problems)
            hit.status = status
            self.seen[where] = hit
            return hit.value
        own = Report()
        value = compute(own)
        self.report.extend(own.items)
        self.cache.last_read.append(rel)
        if now is not None:
            self.seen[where] = _Read(now, value, list(own.items), status)
        return value

    def registries(self) -> None:
        for name, record in REGISTRIES.items():
            file = self.seeds / name
            rel = _rel(file, self.root)
            if not file.exists() and not file.is_symlink():  # a dangling link is refused as a link
                self.report.warning(_corpus.Origin(rel), f"registry {name} is missing: no {record.name} is defined")
                continue

            def parse(report: Report, file: Path = file, rel: str = rel, name: str = name, record: Any = record) -> list[Checked]:
                text = read_text(file, rel, report, self.max_bytes)
                if text is None:
                    return []
                ok, value = load(text, rel, report)
                if not ok or value is None:
                    return []
                if not isinstance(value, LList):
                    report.error(value.origin, f"{name} must be a list of {record.name} entries ('- id: ...')")
                    return []
                out = []
                for index, item in enumerate(value):
                    checked = record.check(item, report, f"{record.name} #{index + 1}", value.origin)
                    if checked is not None:
                        out.append(checked)
                return out

            for checked in self._cached(file, rel, parse):
                self.add_entry(record.name, checked)

    def sources(self) -> None:
        # What every source is checked against: the registries (read by now, before any source).
        registries = (self.max_bytes, sorted(self.cache.stamps.items()))
        raws = []
        for file in self.source_files():
            rel = _rel(file, self.root)

            def parse(report: Report, file: Path = file, rel: str = rel) -> tuple[RawSource, Checked | None]:
                saved, self.report = self.report, report  # check_source reports to self.report
                try:
                    text = read_text(file, rel, report, self.max_bytes)
                    if text is None:
                        return RawSource(rel, file.stem, None, False, False, ""), None
                    raw = split_source(text, rel, file.stem, report)
                    return raw, self.check_source(raw)
                finally:
                    self.report = saved

            raws.append(self._cached(file, rel, parse))
        # valid files claim their ids first, as load_corpus does
        raws.sort(key=lambda item: (not _corpus._valid(item[0], item[1]), item[0].path))
        sources = self.corpus.sources
        for read in raws:
            raw, checked = read
            last = self.cache.built.get(raw.path)
            if last is not None and last.read is read and last.registries == registries and last.source.id not in sources:
                sources[last.source.id] = last.source
                self.report.extend(last.built)
                self.reused[last.source.id] = last
                if raw.path in self.cache.texts:
                    self.texts[raw.path] = self.cache.texts[raw.path]
                continue
            count, mark = len(sources), len(self.report.items)
            self.build_source(raw, checked)
            if len(sources) > count:  # published: the last one in
                source = sources[next(reversed(sources))]
                self.fresh[source.id] = _Built(read, registries, source, self.report.items[mark:])

    def resolve_source(self, s: Source, refs: _corpus._References) -> None:
        last = self.reused.get(s.id)
        if last is not None:
            self.report.extend(last.resolved)
            countries = self.corpus.countries
            for code in _country_references(s):  # codes the registry lacks, as checking them added
                if code not in countries:
                    countries[code] = _corpus.Country(code)
            return
        mark = len(self.report.items)
        super().resolve_source(s, refs)
        fresh = self.fresh.get(s.id)
        if fresh is not None:
            fresh.resolved = self.report.items[mark:]


def _country_references(s: Source) -> list[str]:
    """The country codes a resolved source refers to, in the order ``resolve_source`` checks them."""
    codes = list(s.countries) + [m.target[1] for m in s.mentions if m.target[0] == "country"]
    for i in s.incidents:
        codes += [code for code in (i.country, i.actor) if code]
    return codes


def load_corpus_cached(seeds: Path, cache: ReadCache, root: Path | None = None, max_bytes: int = MAX_BYTES) -> Corpus:
    """``load_corpus``, reading again only the files changed since the last call with ``cache``."""
    seeds = Path(seeds)
    cache.last_read = []
    cache.stamps = {}
    loader = _CachingLoader(seeds, Path(root) if root else seeds.parent, max_bytes, cache)
    loader.registries()
    loader.sources()
    loader.finish()
    by_path: dict[str, list[Diagnostic]] = {}
    for d in loader.report.items:
        by_path.setdefault(d.origin.path, []).append(d)
    for s in loader.corpus.sources.values():
        s.problems = by_path.get(s.path, [])
    cache.files = loader.seen  # files gone from the folder leave the cache
    cache.texts = loader.texts
    cache.built = {b.source.path: b for b in (*loader.reused.values(), *loader.fresh.values())}
    return loader.corpus


# --- pages --------------------------------------------------------------------

#: corpus.caches key of the :class:`SourcePages` a renderer may reuse pages from.
REUSE = "generator.incremental.reuse"
NEIGHBOURS = "generator.incremental.neighbours"


@dataclass
class SourcePages:
    """Pages of the last build, reused while their inputs are the same.

    A source's page is made from its own file, the registries (names, roles, labels)
    and the problems found in its file: nothing another source says shows on it. The
    page of a meeting, country, threat, person or organisation is made from the
    registries and the sources related to it: every source it draws from is one it
    links to, and the corpus relates every page to what it links to (two-way links).
    The key of a page is the digests of those files; an unchanged key gives back the
    same page, with the pages of its complete lists.
    """

    registries: object = None
    pages: dict[tuple[str, str], tuple[object, Any]] = field(default_factory=dict)
    #: The pages (kind, id) reused by the last build.
    reused: set[tuple[str, str]] = field(default_factory=set)

    def key(self, corpus: Corpus, source: Any, stamps: dict[str, Stamp]) -> object | None:
        own = stamps.get(source.path)
        if own is None:
            return None
        return (own, self.registries, source.id, tuple(str(d) for d in source.problems))

    def entity_key(self, corpus: Corpus, kind: str, entity_id: str, stamps: dict[str, Stamp]) -> object | None:
        inputs = []
        for source_id in sorted(corpus.related((kind, entity_id), "source")):
            path = corpus.sources[source_id].path
            own = stamps.get(path)
            if own is None:
                return None
            inputs.append((path, own))
        return (self.registries, kind, entity_id, tuple(inputs))

    def attach(self, corpus: Corpus, stamps: dict[str, Stamp], sources_prefix: str) -> None:
        """Let the renderers of ``corpus`` reuse this memo's pages; ``stamps`` are the files the
        corpus was loaded from, those outside ``sources_prefix`` the registries."""
        self.registries = sorted((p, v) for p, v in stamps.items() if not p.startswith(sources_prefix))
        self.reused = set()
        corpus.caches[REUSE] = (self, stamps)

    def items_key(self, corpus: Corpus, items: Sequence[Any], stamps: dict[str, Stamp]) -> object | None:
        """What the lines of ``items`` are made from, besides the registries: each one's source
        file (a meeting's line comes from the registries alone), or None if one cannot be told."""
        out: list[object] = []
        for item in items:
            item = getattr(item, "item", item)  # a chronology entry
            if isinstance(item, Meeting):
                out.append(("meeting", item.id))
                continue
            source_id = item.id if isinstance(item, Source) else getattr(item, "source", None)
            source = corpus.sources.get(source_id) if isinstance(source_id, str) else None
            if source is None or (own := stamps.get(source.path)) is None:
                return None
            out.append((type(item).__name__, source_id, source.path, own, getattr(item, "number", 0)))
        return tuple(out)

    def neighbours(self, corpus: Corpus, key: Key | None) -> object:
        """The entities a page's entity is related to: its lines link their names (same process only)."""
        if key is None:
            return None
        cache = corpus.caches.setdefault(NEIGHBOURS, {})
        found = cache.get(key)
        if found is None:
            found = cache[key] = hash(frozenset(corpus.graph.get(key, ())))
        return found

    def get(self, page_key: tuple[str, str], key: object) -> Any:
        hit = self.pages.get(page_key)
        if hit is not None and key is not None and hit[0] == key:
            self.reused.add(page_key)
            return hit[1]
        return None

    def put(self, page_key: tuple[str, str], key: object, page: Any) -> None:
        if key is not None:
            self.pages[page_key] = (key, page)


def reusing(corpus: Corpus) -> bool:
    """Whether renderers of ``corpus`` may reuse pages of a last build (:meth:`SourcePages.attach`)."""
    return REUSE in corpus.caches


def _reused(corpus: Corpus, name: tuple[str, str], key_of: Any, make: Any) -> Any:
    """``make()``, or what it gave last time for ``name`` when ``key_of(memo, stamps)``, the key of
    its inputs, is the same (no reuse outside incremental rebuilds, or when the key is None)."""
    reuse = corpus.caches.get(REUSE)
    if reuse is None:
        return make()
    memo, stamps = reuse
    key = key_of(memo, stamps)
    made = memo.get(name, key)
    if made is None:
        made = make()
        memo.put(name, key, made)
    return made


def source_page(corpus: Corpus, source: Any, render: Any) -> Any:
    """``render(corpus, source)``, or the same page as last time when its inputs are unchanged."""
    return _reused(corpus, ("source", source.id), lambda memo, stamps: memo.key(corpus, source, stamps),
                   lambda: render(corpus, source))


def entity_page(corpus: Corpus, kind: str, entity_id: str, entity: Any, render: Any) -> Any:
    """``render(corpus, entity)`` for a registry entity, or its page of last time when its inputs are unchanged."""
    return _reused(corpus, (kind, entity_id), lambda memo, stamps: memo.entity_key(corpus, kind, entity_id, stamps),
                   lambda: render(corpus, entity))


def derived(corpus: Corpus, name: tuple[str, str], about: tuple[str, str], extra: object, make: Any) -> Any:
    """``make(corpus)``, something else drawn from entity ``about`` and its sources (a feed), or
    what it gave last time when those and ``extra`` are unchanged."""
    def key_of(memo: SourcePages, stamps: dict[str, Stamp]) -> object | None:
        key = memo.entity_key(corpus, about[0], about[1], stamps)
        return None if key is None else (key, extra)

    return _reused(corpus, name, key_of, lambda: make(corpus))


def list_page(corpus: Corpus, path: str, owner: Key | None, extra: object, items: Sequence[Any], make: Any) -> Any:
    """``make()``, one page of a long list (its ``items``, on a page about ``owner``), or that
    page of last time when its items' sources, the registries, the entities ``owner`` is related
    to and ``extra`` (what else the page says) are the same."""
    def key_of(memo: SourcePages, stamps: dict[str, Stamp]) -> object | None:
        lines = memo.items_key(corpus, items, stamps)
        return None if lines is None else (memo.registries, extra, lines, memo.neighbours(corpus, owner))

    return _reused(corpus, ("list", path), key_of, make)


@dataclass
class Rendered:
    """What MkDocs made of one page's Markdown."""

    markdown_hash: bytes
    content: str | None = None
    toc: Any = None
    title: str | None = None
    anchors: set[str] | None = None
    links: dict[str, dict[str, str]] | None = None
    html: str | None = None
    #: The digest of the page's file (front matter included) it was rendered from.
    file_hash: bytes | None = None
    #: The page's front matter, as MkDocs read it.
    meta: dict[str, Any] | None = None


@dataclass
class PageCache:
    """Each page's last rendering, valid while the site's key is unchanged (see module docstring)."""

    site_key: str = ""
    pages: dict[str, Rendered] = field(default_factory=dict)
    #: Pages whose Markdown was rendered by the last build, and pages served from the cache.
    rendered: set[str] = field(default_factory=set)
    reused: set[str] = field(default_factory=set)
    #: Reused pages whose file was not even read (the very file of last time).
    unread: set[str] = field(default_factory=set)

    def start(self, site_key: str) -> None:
        """A new build: a different site key (configuration, templates, list of pages) empties the cache."""
        if site_key != self.site_key:
            self.pages.clear()
            self.site_key = site_key
        self.rendered = set()
        self.reused = set()
        self.unread = set()

    def same_file(self, path: str, file_hash: bytes | None) -> Rendered | None:
        """The cached rendering of ``path`` if it was made from a file with this digest."""
        hit = self.pages.get(path)
        if file_hash is not None and hit is not None and hit.html is not None and hit.meta is not None and hit.file_hash == file_hash:
            return hit
        return None

    def fresh(self, path: str, markdown: str) -> Rendered | None:
        """The cached rendering of ``path`` if its Markdown is the one rendered last time."""
        hit = self.pages.get(path)
        if hit is not None and hit.html is not None and hit.markdown_hash == digest(markdown):
            return hit
        return None


def digest(text: str) -> bytes:
    return digest_bytes(text.encode("utf-8"))


def digest_bytes(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


def site_key(*parts: object) -> str:
    """A key for everything besides a page's own Markdown that its HTML depends on."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def tree_stamp(folders: list[str]) -> list[tuple[str, Stamp | None]]:
    """(path, size and mtime) of every file under ``folders``: templates and stylesheets."""
    out = []
    for folder in folders:
        root = Path(folder)
        if root.is_dir():
            out += [(str(p), stamp(p)) for p in sorted(root.rglob("*")) if p.is_file()]
    return out
