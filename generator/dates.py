"""Dates at their real precision (year, month or day), shown in French by Babel."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from babel.dates import format_date

if TYPE_CHECKING:
    from .model import Source

_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the year, the month or the day. Orders by its first day."""

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def iso(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def french(self) -> str:
        """'12 septembre 2024', 'mai 2024' or '2024'."""
        if self.day == 1:  # French writes the first of the month as an ordinal: 1er mai
            return "1er " + format_date(self.first_day, format="LLLL y", locale="fr")
        if self.day:
            return format_date(self.first_day, format="long", locale="fr")
        if self.month:
            return format_date(self.first_day, format="LLLL y", locale="fr")
        return str(self.year)

    def month_key(self) -> str:
        return f"{self.year:04d}-{self.month:02d}" if self.month else f"{self.year:04d}"

    def __str__(self) -> str:
        return self.iso()


def parse_date(text: str) -> PartialDate:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; ValueError says what is wrong."""
    match = _PATTERN.fullmatch(text.strip())
    if not match:
        if text.strip().isdigit() and len(text.strip()) > 4:
            raise ValueError(f"'{text}' is a number of {len(text.strip())} digits, not a date: write YYYY-MM-DD")
        raise ValueError(f"'{text}' is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if match.group(2) and not 1 <= month <= 12:
        raise ValueError(f"'{text}' has no month {month:02d}")
    if match.group(3):
        try:
            dt.date(year, month, day)
        except ValueError:
            raise ValueError(f"'{text}' is not a real calendar date") from None
    if year < 1000:
        raise ValueError(f"'{text}' is not a plausible year")
    return PartialDate(year, month, day)


#: The first year a meeting, an incident or a source of the briefing can plausibly have (NATO is
#: founded in 1949); the last is the build's year plus :data:`YEARS_AHEAD` (planned meetings).
FIRST_PLAUSIBLE_YEAR = 1945
YEARS_AHEAD = 10


def plausible_years(today: dt.date | None = None) -> tuple[int, int]:
    """(first, last) plausible year of a date on the time axis: outside, a warning names the field,
    and the chronology's figure leaves the date out of its axis (its lists keep it)."""
    return FIRST_PLAUSIBLE_YEAR, (today or dt.date.today()).year + YEARS_AHEAD


T = TypeVar("T")


def _date(item: Any) -> PartialDate | None:
    date: PartialDate | None = item.date
    return date


def by_date_desc(items: Iterable[T], key: Callable[[T], PartialDate | None] = _date) -> list[T]:
    """``items`` newest first by ``key(item)`` (their ``date`` by default), undated last, in a stable sort."""
    return sorted(items, key=lambda x: (key(x) is None, -(d.first_day.toordinal()) if (d := key(x)) else 0))


def newest_first(sources: Iterable[Source]) -> list[Source]:
    """Sources newest first, undated last, those of one date by id."""
    return sorted(sources, key=lambda s: (s.date is None, -(s.date.first_day.toordinal()) if s.date else 0, s.id))
