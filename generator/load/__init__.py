"""Load the seeds into one corpus, in stages: read and check the registries and build their
entries (:mod:`.registries`, :mod:`.entries`), read, check and build the sources, locating
their passages (:mod:`.sources`, :mod:`.evidence`), check references (:mod:`.references`),
give former ids their redirects (:mod:`.redirects`), make values plain (:mod:`.plain`) and
link the entities (:mod:`.graph`). A read cache (:class:`.cache.Cache`) may stand in front
of reading, checking and building each file.
"""

from __future__ import annotations

from pathlib import Path

from ..corpus import Corpus
from ..diagnostics import Diagnostic
from ..reader import MAX_BYTES
from .cache import Cache, Finished, NoCache
from .entries import entry_problems
from .graph import relate
from .plain import make_plain
from .redirects import previous_ids
from .references import resolve
from .registries import read_registries
from .sources import SOURCE_SUFFIXES, read_sources
from .state import Loading

__all__ = ["SOURCE_SUFFIXES", "Cache", "Finished", "NoCache", "load_corpus"]


def load_corpus(seeds: Path, root: Path | None = None, max_bytes: int = MAX_BYTES, cache: Cache | None = None) -> Corpus:
    """Read and check every annotation file under ``seeds``; never raises for bad input. With
    ``cache``, files unchanged since its last load are not read again."""
    seeds = Path(seeds)
    root = Path(root) if root else seeds.parent
    cache = cache if cache is not None else NoCache()
    cache.start(root)
    s = Loading(seeds, root, max_bytes, cache)
    read_registries(s)
    read_sources(s)
    # After reading every file: check references and former ids, then relate what is left.
    resolve(s)
    previous_ids(s)
    entry_problems(s)
    make_plain(s)
    relate(s.corpus)
    by_path: dict[str, list[Diagnostic]] = {}
    for d in s.report.items:
        by_path.setdefault(d.origin.path, []).append(d)
    for source in s.corpus.sources.values():
        source.problems = by_path.get(source.path, [])
    cache.end([*s.taken.values(), *s.fresh.values()])
    return s.corpus
