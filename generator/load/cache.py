"""What a load asks of a read cache, and the cache that keeps nothing.

A load reads every annotation file through a :class:`Cache`: it asks for a file's checked
value (computed when the cache has none), for a text's paragraphs and folded form, and for the
finished :class:`~generator.model.Source` an earlier load built from the very same reading and
registries. :class:`NoCache` computes everything; ``generator/rebuild/reads.py`` keeps it all
from one load to the next.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar

from ..diagnostics import Diagnostic, Report
from ..model import Paragraph, Source
from ..schema import Checked
from ..textmatch import Folded, fold, paragraphs

T = TypeVar("T")


@dataclass
class Finished:
    """A source as a load finished it: its references checked, its values plain. Nothing changes
    a source after that, so a later load may take this very object while its file's reading (the
    same object) and the registries' readings are the same."""

    read: object
    registries: tuple[object, ...]
    source: Source
    #: What building it reported, then what checking its references did.
    built: list[Diagnostic]
    resolved: list[Diagnostic] = field(default_factory=list)


class Cache(Protocol):
    """What the stages ask of a read cache, in the order a load asks it."""

    def start(self, root: Path) -> None:
        """A load of the project at ``root`` begins."""

    def entries(self, file: Path, rel: str, compute: Callable[[Report], Iterable[Checked]],
                report: Report) -> Iterable[Checked]:
        """A registry file's checked entries: ``compute``'s (its problems to ``report``), or the
        ones it gave last time with its problems reported again, when the file is unchanged."""

    def source(self, file: Path, rel: str, compute: Callable[[Report], T], report: Report) -> T:
        """A source file's reading (raw and checked), as :meth:`entries` gives a registry's."""

    def text_index(self, path: str, text: str) -> tuple[list[Paragraph], Folded]:
        """A source's paragraphs, and its text folded for verbatim search."""

    def finished(self, path: str, read: object, registries: tuple[object, ...]) -> Finished | None:
        """The source an earlier load finished from this very reading of ``path``, against these
        very readings of the registries."""

    def keep(self, read: object, registries: tuple[object, ...], source: Source,
             built: list[Diagnostic]) -> Finished | None:
        """A source this load built (with what building it reported), to be finished."""

    def end(self, finished: Iterable[Finished]) -> None:
        """The load is done; ``finished`` are the sources it took or built, references checked."""


class NoCache:
    """Every file read, checked and built afresh; nothing kept."""

    def start(self, root: Path) -> None:
        pass

    def entries(self, file: Path, rel: str, compute: Callable[[Report], Iterable[Checked]],
                report: Report) -> Iterable[Checked]:
        # Lazy: each entry is checked, then built, before the next one is checked.
        return compute(report)

    def source(self, file: Path, rel: str, compute: Callable[[Report], T], report: Report) -> T:
        return compute(report)

    def text_index(self, path: str, text: str) -> tuple[list[Paragraph], Folded]:
        return paragraphs(text), fold(text)

    def finished(self, path: str, read: object, registries: tuple[object, ...]) -> Finished | None:
        return None

    def keep(self, read: object, registries: tuple[object, ...], source: Source,
             built: list[Diagnostic]) -> Finished | None:
        return None

    def end(self, finished: Iterable[Finished]) -> None:
        pass
