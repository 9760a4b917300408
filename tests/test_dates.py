"""Dates at their real precision, shown in French."""

from __future__ import annotations

import datetime as dt

import pytest

from generator.dates import PartialDate, parse_date
from support import french_date


@pytest.mark.parametrize(
    ("text", "precision", "french"),
    [
        ("2024", "year", "2024"),
        ("2024-05", "month", "mai 2024"),
        ("2024-09-12", "day", "12 septembre 2024"),
        ("2024-10-01", "day", "1er octobre 2024"),
        ("2024-02-29", "day", "29 février 2024"),
        ("2024-08", "month", "août 2024"),
    ],
)
def test_parse_and_show_in_french(text: str, precision: str, french: str) -> None:
    day = parse_date(text)
    assert day.precision == precision
    assert day.iso() == text
    assert day.french() == french


def test_every_day_of_a_leap_year_in_french() -> None:
    day = dt.date(2024, 1, 1)
    while day.year == 2024:
        iso = day.isoformat()
        assert parse_date(iso).french() == french_date(iso), iso
        assert parse_date(iso[:7]).french() == french_date(iso[:7]), iso[:7]
        day += dt.timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("20240912", "8 digits"),
        ("2024-02-30", "not a real calendar date"),
        ("2023-02-29", "not a real calendar date"),
        ("2024-13", "no month 13"),
        ("2024-00", "no month 00"),
        ("2024-2-3", "not a date"),
        ("12/09/2024", "not a date"),
        ("septembre 2024", "not a date"),
        ("0999", "not a plausible year"),
        ("", "not a date"),
    ],
)
def test_invalid_dates_are_refused_with_a_reason(text: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_date(text)


def test_dates_order_by_their_first_day_coarsest_first() -> None:
    days = [parse_date(t) for t in ("2024-06-13", "2024", "2024-06", "2023-12-31", "2024-06-01")]
    assert [d.iso() for d in sorted(days)] == ["2023-12-31", "2024", "2024-06", "2024-06-01", "2024-06-13"]
    assert parse_date("2024-06").first_day == dt.date(2024, 6, 1)
    assert parse_date("2024").month_key() == "2024" and parse_date("2024-06-13").month_key() == "2024-06"
    assert PartialDate(2024, 6) == parse_date("2024-06")
