"""Finding annotated words in a verbatim text without changing a character of it.

Text is folded (white space runs to one space, apostrophe and quote variants to
one form, case ignored where asked) while keeping a map back to the original
offsets, so every match is a span of the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

from .model import Key, Paragraph

_APOSTROPHES = "’‘ʼ´`′"
_QUOTES = "«»“”„‟″"
_FOLD = {ord(c): "'" for c in _APOSTROPHES} | {ord(c): '"' for c in _QUOTES}


@dataclass(frozen=True)
class Folded:
    text: str
    #: offsets[i] is the index in the original of folded character i; one extra entry at the end.
    offsets: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded[start:end]."""
        return self.offsets[start], self.offsets[end - 1] + 1


def fold(text: str) -> Folded:
    chars: list[str] = []
    offsets: list[int] = []
    in_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            if not in_space:
                chars.append(" ")
                offsets.append(i)
            in_space = True
            continue
        in_space = False
        chars.append(ch.translate(_FOLD))
        offsets.append(i)
    offsets.append(len(text))
    return Folded("".join(chars), tuple(offsets))


def fold_plain(text: str) -> str:
    """Folded form of a needle: same rules, trimmed."""
    return fold(text.strip()).text


def find_verbatim(needle: str, haystack: Folded) -> tuple[int, int] | None:
    """Original span of ``needle`` in the text, compared after folding, or None."""
    key = fold_plain(needle)
    if not key:
        return None
    at = haystack.text.find(key)
    if at < 0:
        return None
    return haystack.span(at, at + len(key))


def paragraphs(body: str) -> list[Paragraph]:
    """One paragraph per non-blank line, numbered from 1, as spans of the body."""
    out: list[Paragraph] = []
    pos = 0
    for line in body.split("\n"):
        if line.strip():
            out.append(Paragraph(len(out) + 1, pos, pos + len(line)))
        pos += len(line) + 1
    return out


def paragraph_at(paras: Sequence[Paragraph], offset: int) -> int:
    """Number of the paragraph holding ``offset`` (the nearest one before it otherwise)."""
    number = 1
    for p in paras:
        if p.start <= offset:
            number = p.number
        else:
            break
    return number


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slugify(text: str) -> str:
    """An id from any text: ASCII letters, digits and single dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", _ascii(text).lower()).strip("-")
    return slug or "source"


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    target: Key


class TermMatcher:
    """Finds whole-word, case-insensitive occurrences of many terms at once."""

    def __init__(self, terms: Iterable[tuple[str, Key]]) -> None:
        table: dict[str, Key] = {}
        for term, target in terms:
            key = fold_plain(term).casefold()
            if len(key) >= 2 and key not in table:
                table[key] = target
        self._targets = table
        alternatives = sorted(table, key=len, reverse=True)
        self._regex = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(a) for a in alternatives) + r")(?!\w)", re.IGNORECASE)
            if alternatives
            else None
        )

    def spans(self, text: str) -> list[Span]:
        """Non-overlapping spans of ``text``, longest term first at each place."""
        if self._regex is None:
            return []
        folded = fold(text)
        out = []
        for match in self._regex.finditer(folded.text):
            target = self._targets.get(match.group(1).casefold())
            if target is None:
                continue
            start, end = folded.span(match.start(1), match.end(1))
            out.append(Span(start, end, target))
        return out
