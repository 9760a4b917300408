"""Read, check and build the sources (one file each in ``sources/``), each under its own id."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from ..diagnostics import Origin, Report
from ..kinds import REGISTRY_FILES
from ..model import Source
from ..reader import RawSource, list_sources, read_text, split_source, unknown_files
from ..schema import ID_PATTERN, SOURCE, Checked
from ..slugs import slug
from .evidence import fill_source
from .state import RESERVED_IDS, Loading

SOURCE_SUFFIXES = (".txt", ".md")
#: A source file as read: its parts, and its annotations checked (None: not annotated).
Read = tuple[RawSource, Checked | None]


def source_files(s: Loading) -> list[Path]:
    folder = s.seeds / "sources"
    unknown_files(s.seeds, s.rel, s.report, REGISTRY_FILES)
    if not folder.is_dir():
        s.report.warning(Origin(s.rel(folder)), "no sources folder: the briefing has no source")
        return []
    # the proposals `briefing annotate` leaves beside a draft are not sources
    return list_sources(folder, s.rel, s.report, SOURCE_SUFFIXES, skip=lambda name: name.endswith(".proposals.yml"))


def read_sources(s: Loading) -> None:
    # Valid files claim their ids first, so a broken duplicate never takes a good page. Files
    # come in path order: a valid one is built at once (without a cache, its parsed annotations
    # are dropped then), the others after them.
    later: list[Read] = []
    for file in source_files(s):
        rel = s.rel(file)
        read = s.cache.source(file, rel, partial(_read, s.max_bytes, file, rel), s.report)
        if _valid(*read):
            take_or_build(s, read)
        else:
            later.append(read)
    for read in sorted(later, key=lambda item: item[0].path):
        take_or_build(s, read)


def take_or_build(s: Loading, read: Read) -> None:
    """Take the source an earlier load finished from this very reading, or build it."""
    raw, checked = read
    sources = s.corpus.sources
    last = s.cache.finished(raw.path, read, s.registries)
    if last is not None and last.source.id not in sources:
        sources[last.source.id] = last.source
        s.report.extend(last.built)
        s.taken[last.source.id] = last
        return
    mark = len(s.report.items)
    source = build_source(s, raw, checked)
    if source is not None:
        kept = s.cache.keep(read, s.registries, source, s.report.items[mark:])
        if kept is not None:
            s.fresh[source.id] = kept


def _read(max_bytes: int, file: Path, rel: str, report: Report) -> Read:
    text = read_text(file, rel, report, max_bytes)
    if text is None:
        return RawSource(rel, file.stem, None, False, False, ""), None
    raw = split_source(text, rel, file.stem, report)
    return raw, check_source(raw, report)


def check_source(raw: RawSource, report: Report) -> Checked | None:
    origin = Origin(raw.path)
    if not raw.has_front_matter:
        if not raw.body.strip():
            report.warning(origin, "empty file: published as an unannotated source")
        else:
            report.warning(origin, "no front matter: published as an unannotated source (non annoté)")
        return None
    if not raw.meta_ok:
        return None
    if raw.meta is None:
        report.warning(Origin(raw.path, 2, 1), "empty front matter: published as an unannotated source")
        return None
    return SOURCE.check(raw.meta, report, "source", origin)


def build_source(s: Loading, raw: RawSource, c: Checked | None) -> Source | None:
    """The source of a file, under its id (or its repaired file name); None for a duplicate."""
    source_id = c.get("id") if c else None
    id_origin = c.at("id") if c else Origin(raw.path)
    repaired = False
    if source_id is None:
        source_id = raw.stem
        if not ID_PATTERN.fullmatch(source_id):
            source_id, repaired = slug(source_id), True
    if source_id in RESERVED_IDS:
        s.report.error(id_origin, f"source id '{source_id}' is reserved: give another 'id:'")
        source_id = f"{source_id}-source"
    bad_name = f"file name '{raw.stem}' is not a valid id ([a-z0-9-]): give an 'id:' field"
    sources = s.corpus.sources
    if source_id in sources:
        first = sources[source_id].origin.path
        if repaired:
            s.report.error(Origin(raw.path), f"{bad_name}; '{source_id}' is already used by {first}: this file is not published")
        else:
            s.report.error(id_origin, f"duplicate source id '{source_id}' (already used by {first}): this file is not published")
        return None
    if repaired:
        s.report.error(Origin(raw.path), f"{bad_name}; published as '{source_id}'")
    body = raw.body
    title = (c.get("title") if c else None) or _first_line(body) or source_id
    paras, folded = s.cache.text_index(raw.path, body)
    source = Source(source_id, raw.path, title, body.encode("utf-8"), paras, Origin(raw.path), annotated=c is not None)
    sources[source_id] = source
    if c is not None:
        fill_source(s, source, c, folded)
    return source


def _valid(raw: RawSource, checked: Checked | None) -> bool:
    """A file whose annotation checked and whose id is its own (not repaired from its name)."""
    return checked is not None and (checked.get("id") is not None or bool(ID_PATTERN.fullmatch(raw.stem)))


def _first_line(body: str) -> str:
    return next((line.strip() for line in body.split("\n") if line.strip()), "")
