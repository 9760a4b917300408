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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..diagnostics import Diagnostic, Report
from ..load import Finished
from ..model import Paragraph, Source
from ..schema import Checked
from ..textmatch import Folded, fold, paragraphs

T = TypeVar("T")
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
    """What each annotation file gave the last time it was read (see module docstring): a
    :class:`generator.load.Cache`, handed to ``load_corpus(..., cache=)``."""

    files: dict[str, _Read] = field(default_factory=dict)
    #: Paths read (parsed and checked) by the last load, for tests and logs.
    last_read: list[str] = field(default_factory=list)
    #: Each file of the last load (path relative to the project) and what identifies its content.
    stamps: dict[str, Stamp] = field(default_factory=dict)
    #: Each source's text, with its paragraphs and folded for verbatim search.
    texts: dict[str, tuple[str, tuple[list[Paragraph], Folded]]] = field(default_factory=dict)
    #: Each source as the last load finished it (by path).
    built: dict[str, Finished] = field(default_factory=dict)
    #: The load under way: where it reads, the files and texts it saw (the next ``files`` and ``texts``).
    _root: Path = field(default_factory=Path, repr=False)
    _seen: dict[str, _Read] = field(default_factory=dict, repr=False)
    _texts: dict[str, tuple[str, tuple[list[Paragraph], Folded]]] = field(default_factory=dict, repr=False)

    def clear(self) -> None:
        self.files.clear()
        self.texts.clear()
        self.built.clear()

    def start(self, root: Path) -> None:
        self.last_read, self.stamps = [], {}
        self._root, self._seen, self._texts = root, {}, {}

    def entries(self, file: Path, rel: str, compute: Callable[[Report], Iterable[Checked]],
                report: Report) -> Iterable[Checked]:
        return self._cached(file, rel, lambda own: list(compute(own)), report)

    def source(self, file: Path, rel: str, compute: Callable[[Report], T], report: Report) -> T:
        return self._cached(file, rel, compute, report)

    def _cached(self, file: Path, rel: str, compute: Callable[[Report], T], report: Report) -> T:
        """``compute(report)`` for this file, or its cached value and problems when unchanged."""
        where = f"{self._root}\0{file}"  # the same file read for another project is another entry
        hit = self.files.get(where)
        status = file_status(file)
        # Not written since (same status): its stamp stands, no need to read and digest it again.
        now = hit.stamp if hit is not None and status is not None and hit.status == status else stamp(file)
        if now is not None:
            self.stamps[rel] = now
        if hit is not None and now is not None and hit.stamp == now:
            report.extend(hit.problems)
            hit.status = status
            self._seen[where] = hit
            value: T = hit.value
            return value
        own = Report()
        value = compute(own)
        report.extend(own.items)
        self.last_read.append(rel)
        if now is not None:
            self._seen[where] = _Read(now, value, list(own.items), status)
        return value

    def text_index(self, path: str, text: str) -> tuple[list[Paragraph], Folded]:
        # A source's paragraphs and folded text are the slowest steps of building it.
        hit = self.texts.get(path)
        found = hit[1] if hit is not None and hit[0] == text else (paragraphs(text), fold(text))
        self._texts[path] = (text, found)
        return found

    def finished(self, path: str, read: object, registries: tuple[object, ...]) -> Finished | None:
        last = self.built.get(path)
        # The same readings are the very same objects (see _cached): nothing to compare further.
        if last is None or last.read is not read or len(last.registries) != len(registries) \
                or any(a is not b for a, b in zip(last.registries, registries, strict=True)):
            return None
        if path in self.texts:  # kept for the next load, whether this one takes the source or builds it
            self._texts[path] = self.texts[path]
        return last

    def keep(self, read: object, registries: tuple[object, ...], source: Source,
             built: list[Diagnostic]) -> Finished | None:
        return Finished(read, registries, source, built)

    def end(self, finished: Iterable[Finished]) -> None:
        self.files = self._seen  # files gone from the folder leave the cache
        self.texts = self._texts
        self.built = {f.source.path: f for f in finished}
        self._seen, self._texts = {}, {}
