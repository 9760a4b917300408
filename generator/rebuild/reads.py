"""Reading again only the files that changed: the read cache of ``mkdocs serve``.

:class:`ReadCache` keeps each annotation file's parsed and checked form, with the problems
found in it, under the digest of the file's bytes. A file whose bytes are unchanged is not
parsed nor checked again; its problems are reported again as they were. A source whose file
and registries are unchanged is not even built again: the corpus takes the very
:class:`~generator.model.Source` the last load finished (references checked, values plain),
with the problems building it reported.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import corpus as _corpus
from ..corpus import Corpus, _Loader, _rel
from ..diagnostics import Diagnostic, Report
from ..kinds import registries
from ..model import Paragraph, Source
from ..reader import MAX_BYTES, RawSource, read_text, split_source
from ..schema import Checked
from ..textmatch import Folded
from ..yamlpos import LList, load

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
        for kind in registries():
            name, record = str(kind.registry), kind.record
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
