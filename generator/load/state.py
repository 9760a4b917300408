"""What the stages of one load share: where to read, the report, the corpus being built."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..corpus import Corpus
from ..dates import PartialDate, plausible_years
from ..diagnostics import Origin, Report
from .cache import Cache, Finished

#: Ids that would collide with a section's index page.
RESERVED_IDS = {"index"}


@dataclass
class Loading:
    """One load under way: each stage reads and adds to it, in turn."""

    seeds: Path
    root: Path
    max_bytes: int
    cache: Cache
    report: Report = field(default_factory=Report)
    corpus: Corpus = field(init=False)
    #: kind -> id -> where: registry entries left out of the site for a broken required field.
    left_out: dict[str, dict[str, Origin]] = field(default_factory=lambda: defaultdict(dict))
    #: Where each registry entry starts, and what it became (None: not published).
    entries: list[tuple[Origin, Any]] = field(default_factory=list)
    #: The registries' readings, as the cache gave them: what every source is checked against.
    registries: tuple[object, ...] = ()
    #: Sources (by id) taken as an earlier load finished them, and those built to be kept.
    taken: dict[str, Finished] = field(default_factory=dict)
    fresh: dict[str, Finished] = field(default_factory=dict)
    years: tuple[int, int] = field(default_factory=plausible_years)

    def __post_init__(self) -> None:
        self.corpus = Corpus(self.seeds, self.report)

    def rel(self, path: Path) -> str:
        """``path`` as the report names it: relative to the project when inside it."""
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.as_posix()

    def plausible(self, date: PartialDate | None, origin: Origin, where: str) -> None:
        """Warn about a date on the time axis outside :func:`~generator.dates.plausible_years`."""
        first, last = self.years
        if date is not None and not first <= date.year <= last:
            self.report.warning(origin, f"{where}: {date} is outside the plausible years {first} to {last} "
                                        f"(a typo?): kept, but left out of the chronology's figure")
