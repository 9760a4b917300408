"""Dates written in a text, at the precision the text gives them.

"12 Sep. 2024" and "2024-06-13" are days; "fin mai 2024", "date 2024-06" and
"in May" are months; "en 2014" is a year. A date without its year ("ce jeudi
(12 septembre)", "fin mai") takes the year of a reference date (the source's
publication date), the year before when the month would fall after it. A
weekday alone ("jeudi") is no date: the rules never make up a day that the text
does not give, nor a month.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache

from ..dates import PartialDate, parse_date
from .lexicon import _data
from .text import Doc, key


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None

    def resolve(self, reference: PartialDate | None) -> PartialDate | None:
        """The date, its missing year taken from ``reference``; None if it cannot be."""
        year = self.year
        if year is None:
            if reference is None or self.month is None:
                return None
            year = reference.year
            if reference.month and self.month > reference.month:
                year -= 1
        try:
            if self.day:
                dt.date(year, self.month or 0, self.day)
                return PartialDate(year, self.month or 0, self.day)
        except ValueError:
            return None
        if self.month:
            return PartialDate(year, self.month)
        return PartialDate(year)


@cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    months = _data("cues.yml")["months"]
    names: dict[str, int] = {}
    full: dict[str, int] = {}
    for lang in ("fr", "en"):
        for number, words in months[lang].items():
            for i, word in enumerate(words):
                names[key(word)] = int(number)
                if i == 0:
                    full[key(word)] = int(number)
    _MONTHS.update(names)
    any_month = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    full_month = "|".join(sorted((re.escape(n) for n in full), key=len, reverse=True))
    m = rf"(?P<month>{any_month})\b\.?"
    fm = rf"(?P<month>{full_month})\b"
    day = r"(?P<day>[0-3]?\d)(?:er|st|nd|rd|th)?"
    year = r"(?P<year>(?:1[89]|20)\d\d)"
    flags = re.IGNORECASE
    return [
        (re.compile(r"(?<![\d\-])" + year + r"-(?P<mnum>[01]\d)-(?P<dnum>[0-3]\d)(?![\d])"), "iso"),
        (re.compile(r"(?<![\d\-])" + year + r"-(?P<mnum>[01]\d)(?![\d\-])"), "iso"),
        (re.compile(r"(?<![\d/.])(?P<a>[0-3]?\d)[/.](?P<b>[01]?\d)[/.]" + year + r"(?!\d)"), "numeric"),
        (re.compile(r"(?<![\d,])" + day + r"(?:\s+(?:et|au|and|to|-|–)\s+[0-3]?\d(?:er)?)?\s+" + m + r",?\s+" + year + r"(?!\d)",
                    flags), "dmy"),
        (re.compile(r"(?<![\w])" + m + r"\s+" + day + r",?\s+" + year + r"(?!\d)", flags), "mdy"),
        (re.compile(r"(?<![\w])(?:(?:fin|debut|mi|courant|end of|early|late|mid|beginning of)[\s\-]+)?(?:(?:le |du |au )?mois d[e'] ?)?"
                    + m + r",?\s+" + year + r"(?!\d)", flags), "my"),
        (re.compile(r"(?<![\d,])" + day + r"(?:\s+(?:et|au|and|to|-|–)\s+[0-3]?\d(?:er)?)?\s+" + m + r"(?!\s*,?\s*\d)", flags), "dm"),
        (re.compile(r"(?<![\w])" + m + r"\s+" + day + r"\b(?!\s*,?\s*\d)(?![:h])", flags), "md"),
        (re.compile(r"(?<![\w])(?P<cue>fin|debut|mi|courant|en|depuis|des|jusqu'en|au mois de|le mois de|in|early|late|mid|since|until|by"
                    r"|last|this|end of|beginning of|the end of)[\s\-]+(?:the month of\s+)?" + fm + r"(?![\w])", flags), "m"),
        (re.compile(r"(?<![\w])(?:en|in|depuis|since|des|fin|debut|late|early|mid)[\s\-]+" + year + r"(?![\d\-])", flags), "y"),
    ]


_MONTHS: dict[str, int] = {}


def find_dates(doc: Doc, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Date expressions that start in doc.norm[start:end] (read once per document)."""
    every = doc.memo.get("dates")
    if every is None:
        every = doc.memo["dates"] = _scan(doc)
    end = len(doc.norm) if end is None else end
    return [d for d in every if start <= d.start < end]


def _scan(doc: Doc) -> list[DateMention]:
    """Every date expression of the text; where two overlap, the more precise
    pattern wins. Every pattern needs a month name or a year, so the patterns
    only run in short windows around those words."""
    patterns = _patterns()
    windows: list[list[int]] = []
    anchors = [i for i, k in enumerate(doc.keys) if k in _MONTHS or (k[:1].isdigit() and _YEAR.match(k))]
    for index in anchors:
        w = doc.words[index]
        para = doc.paragraphs[doc.para_at(w.start)]
        lo, hi = max(para.start, w.start - 40), min(para.end, w.end + 40)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    found: list[DateMention] = []
    for start, end in windows:
        taken: list[tuple[int, int]] = []
        for pattern, kind in patterns:
            for match in pattern.finditer(doc.norm, start, end):
                s, e = match.span()
                if any(s < b and a < e for a, b in taken):
                    continue
                mention = _mention(match, kind, doc)
                if mention is not None:
                    found.append(mention)
                    taken.append((s, e))
    found.sort(key=lambda d: d.start)
    return found


_YEAR = re.compile(r"(?:1[89]|20)\d\d(?: |$)")


def _mention(match: re.Match[str], kind: str, doc: Doc) -> DateMention | None:
    g = match.groupdict()
    s, e = match.span()
    year = int(g["year"]) if g.get("year") else None
    month: int | None
    if kind == "iso":
        month = int(g["mnum"])
        day = int(g["dnum"]) if g.get("dnum") else None
        if not 1 <= month <= 12:
            return None
        return DateMention(s, e, year, month, day)
    if kind == "numeric":
        a, b = int(g["a"]), int(g["b"])
        if a > 12 and b <= 12:
            day, month = a, b
        elif b > 12 and a <= 12:
            day, month = b, a
        elif doc.lang == "fr":
            day, month = a, b
        else:
            return None  # 03/04/2024 in English: the day is not known for sure
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None
        return DateMention(s, e, year, month, day)
    month = _MONTHS.get(key(g["month"])) if g.get("month") else None
    if month is None:
        return None
    raw_month = doc.raw[match.start("month") : match.end("month")]
    # "may" is a verb and "Mar"/"Jan" are names: an English short or ambiguous
    # month counts only when written with its capital.
    if key(raw_month) in ("may", "mar", "jan") and not raw_month[0].isupper():
        return None
    if kind in ("dmy", "dm", "mdy", "md"):
        day = int(g["day"])
        if not 1 <= day <= 31:
            return None
        return DateMention(s, e, year, month, day)
    if kind == "my":
        return DateMention(s, e, year, month, None)
    if kind == "m":
        return DateMention(s, e, None, month, None)
    if kind == "y":
        return DateMention(s, e, year, None, None)
    return None


_NAME_DATE = re.compile(r"^((?:1[89]|20)\d\d)(?:-([01]\d)(?:-([0-3]\d))?)?(?![\d])")


def date_from_name(stem: str | None) -> PartialDate | None:
    """A date that starts a file name ("2024-06-13-dw-…", "2024-02-bild"), or None."""
    if not stem:
        return None
    match = _NAME_DATE.match(stem)
    if not match:
        return None
    try:
        return parse_date(match.group(0))
    except ValueError:
        return None


def publication_date(doc: Doc, stem: str | None = None) -> tuple[PartialDate | None, str]:
    """The publication date and where it was read: a date in a byline (a short
    paragraph) or a dateline (the start of a paragraph) among the first four
    paragraphs, else the file name's date prefix.
    Returns (date, origin) with origin "text", "name" or ""."""
    from_name = date_from_name(stem)
    for para in doc.paragraphs[:4]:
        # A short paragraph is a byline or a dateline: a date anywhere in it;
        # in a paragraph of text, only a dateline at its start.
        window_end = para.end if para.end - para.start <= 160 else min(para.end, para.start + 60)
        for mention in find_dates(doc, para.start, window_end):
            if mention.start > window_end or mention.month is None:
                continue
            if mention.year is None:
                if from_name is None:
                    continue
                date = mention.resolve(from_name)
            else:
                date = mention.resolve(None)
            if date is not None:
                return date, "text"
    if from_name is not None:
        return from_name, "name"
    return None, ""
