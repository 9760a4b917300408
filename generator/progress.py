"""Progress bars on the error output for the commands' long work (``--progress``).

The core never draws one: a command wraps what it iterates (the pages it writes) or hands the
load a read cache that counts the sources as they are read. ``auto`` draws only when the error
output is a terminal, so that what a pipe, a log or a test reads stays the same.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

from .diagnostics import Report
from .load import SOURCE_SUFFIXES, NoCache

T = TypeVar("T")


def add_option(parser: argparse.ArgumentParser, auto: str = "when the error output is a terminal") -> None:
    parser.add_argument("--progress", choices=("auto", "on", "off"), default="auto",
                        help=f"progress bar on the error output (auto: {auto}); default auto")


class Progress:
    """Bars on ``stream`` when ``shown``; otherwise everything passes through untouched."""

    def __init__(self, shown: bool, stream: TextIO) -> None:
        self.shown = shown
        self.stream = stream

    @classmethod
    def chosen(cls, choice: str, stream: TextIO | None = None) -> Progress:
        stream = stream or sys.stderr
        return cls(choice == "on" or (choice == "auto" and stream.isatty()), stream)

    def bar(self, total: int | None, desc: str, unit: str) -> Any:
        from tqdm import tqdm  # only when drawn: the commands that draw none never import it

        return tqdm(total=total, desc=desc, unit=unit, file=self.stream, disable=False, leave=True)

    def over(self, items: Iterable[T], desc: str, unit: str, total: int | None = None) -> Iterable[T]:
        """``items``, moving a bar on at each; the bar starts with the first item asked for, so that
        one made ahead (the files written after the pages) does not count the time before it."""
        if not self.shown:
            return items
        return self._counted(items, desc, unit, total)

    def _counted(self, items: Iterable[T], desc: str, unit: str, total: int | None) -> Iterator[T]:
        with self.bar(total, desc, unit) as bar:
            for item in items:
                yield item
                bar.update()

    def reading(self, seeds: Path) -> Counting | None:
        """A read cache for :func:`~generator.load.load_corpus` that counts the sources read
        (None when no bar is drawn: the load keeps its own)."""
        return Counting(self.bar(_source_count(seeds), "sources", "source")) if self.shown else None


class Counting(NoCache):
    """Reads everything afresh, as :class:`NoCache` does, and moves a bar on at each source."""

    def __init__(self, bar: Any) -> None:
        self._bar = bar

    def source(self, file: Path, rel: str, compute: Callable[[Report], T], report: Report) -> T:
        try:
            return compute(report)
        finally:
            self._bar.update()

    def close(self) -> None:
        """Once the load is done: the bar ends full even if the count ahead was off (skipped files)."""
        if self._bar.total != self._bar.n:
            self._bar.total = self._bar.n
            self._bar.refresh()
        self._bar.close()


def _source_count(seeds: Path) -> int | None:
    """About as many files as the load will read (its own listing reports on what it skips)."""
    try:
        return sum(1 for p in (seeds / "sources").iterdir()
                   if p.suffix in SOURCE_SUFFIXES and not p.name.startswith(".") and p.is_file())
    except OSError:
        return None
