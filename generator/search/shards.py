"""Cutting the index in shards: which shard each searched page goes to, newest sources first,
and where each shard is written."""

from __future__ import annotations

import itertools
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..paths import page_path

if TYPE_CHECKING:
    from ..corpus import Corpus

#: Sources per shard (the ``search_shard_sources`` option's default); shard 0 holds about as
#: many pages (see :func:`plan`). Measured on a synthetic briefing of 20,000 sources
#: (benchmarks/README.md): Pagefind searches a shard of 2,000 pages in about 0.1 s, and its
#: page table is 17 kB; smaller shards make a search for a rare word fetch more page tables,
#: larger ones make the first search slower. Pagefind's indexer holds about 400 kB a page of
#: the shards it is making: 1,000 keeps a large build within its memory budget.
SHARD_SOURCES = 1000


@dataclass
class Shards:
    """Which index each searched page goes to: shard 0 unless :attr:`pages` says otherwise."""

    #: Markdown path of a source page ('sources/x.md') -> its shard, for shards 1 and later.
    pages: dict[str, int] = field(default_factory=dict)
    #: Sources in each shard, newest shard first (shard 0 also holds every non-source page).
    sources: list[int] = field(default_factory=lambda: [0])
    #: Date range of each shard's sources (ISO, newest then oldest; None when undated).
    dates: list[tuple[str | None, str | None]] = field(default_factory=lambda: [(None, None)])

    @property
    def count(self) -> int:
        return len(self.sources)

    def of(self, src_path: str) -> int:
        """The shard of the page whose Markdown is at ``src_path``."""
        return self.pages.get(src_path, 0)

    def by_file(self, dest: Mapping[str, str]) -> dict[str, int]:
        """Built HTML path ('sources/x/index.html') -> shard, given Markdown path -> HTML path."""
        return {dest[src]: shard for src, shard in self.pages.items() if src in dest}


def plan(corpus: Corpus, size: int = SHARD_SOURCES, pages: Iterable[str] = (), unsearched: Container[str] = ()) -> Shards:
    """Cut the sources into shards, newest first (undated sources last).

    Shards 1 and later hold ``size`` sources each. Shard 0 holds every searched page that is
    not a source page (``pages``, the paths of the generated pages, minus ``unsearched``) and the newest
    sources: as many as make it about ``size`` pages, and at least a quarter of ``size``. A
    first search only reads shard 0, and Pagefind's time to search a shard grows with the
    pages that match: shard 0 stays as small as the later ones. ``size`` < 1 makes one index.
    """
    def newest_first(source: Any) -> tuple[bool, int, str]:
        day = source.date.first_day.toordinal() if source.date is not None else 0
        return (source.date is None, -day, source.id)

    ordered = sorted(corpus.sources.values(), key=newest_first)
    source_pages = {page_path("source", source_id) for source_id in corpus.sources}
    others = sum(1 for path in pages if path not in source_pages and path not in unsearched)
    first = max(size - others, size // 4)
    if size < 1 or len(ordered) <= first:
        return Shards({}, [len(ordered)], [_iso_range(ordered[0].date, ordered[-1].date) if ordered else (None, None)])
    shards = Shards({}, [], [])
    cuts = [0, *range(first, len(ordered), size), len(ordered)]
    for number, (start, end) in enumerate(itertools.pairwise(cuts)):
        part = ordered[start:end]
        shards.sources.append(len(part))
        shards.dates.append(_iso_range(part[0].date, part[-1].date) if part else (None, None))  # shard 0 may hold no source
        if number:
            shards.pages.update((page_path("source", source.id), number) for source in part)
    return shards


def _iso_range(newest: Any, oldest: Any) -> tuple[str | None, str | None]:
    return (newest.iso() if newest is not None else None, oldest.iso() if oldest is not None else None)


def shard_folder(number: int) -> str:
    """Where shard ``number`` is written, relative to the index folder: '' or 'shards/3/'."""
    return "" if number == 0 else f"shards/{number}/"
