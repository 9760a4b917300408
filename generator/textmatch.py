"""Finding annotated words in a verbatim text without changing a character of it.

Text is folded (white space runs to one space, apostrophe and quote variants to
one form, case ignored where asked) while keeping a map back to the original
offsets, so every match is a span of the original text.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .model import Key, Paragraph

_APOSTROPHES = "’‘ʼ´`′"
_QUOTES = "«»“”„‟″"
#: Apostrophe and quote variants -> ' and ", as a str.translate table (shared with the annotator).
FOLD_TABLE = {ord(c): "'" for c in _APOSTROPHES} | {ord(c): '"' for c in _QUOTES}


def _fold_chars(text: str) -> str:
    # str.replace skips a text in a few microseconds when the character is absent (the usual case).
    for c in _APOSTROPHES:
        if c in text:
            text = text.replace(c, "'")
    for c in _QUOTES:
        if c in text:
            text = text.replace(c, '"')
    return text


@dataclass(frozen=True)
class Folded:
    text: str
    #: Where the folded text and the original stop running in step: folded index ->
    #: original index at the start of each stretch (within one, both advance together).
    starts: tuple[int, ...]
    origins: tuple[int, ...]

    def offset(self, i: int) -> int:
        """The index in the original of folded character ``i`` (``len(text)`` maps to the end)."""
        k = bisect_right(self.starts, i) - 1
        return self.origins[k] + i - self.starts[k]

    @property
    def offsets(self) -> list[int]:
        """offsets[i] is the index in the original of folded character i; one extra entry at the end."""
        return [self.offset(i) for i in range(len(self.text) + 1)]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of folded[start:end]."""
        return self.offset(start), self.offset(end - 1) + 1


# ``\s`` and ``str.isspace`` agree (both are Py_UNICODE_ISSPACE).
# A run of white space other than one plain space: the runs that folding shortens or changes.
_IRREGULAR_SPACE = re.compile(r"[^\S ]\s*| \s+")  # this form scans fastest


def fold(text: str) -> Folded:
    folded = _fold_chars(text)
    starts, origins = [0], [0]
    shift = 0  # original length minus folded length, so far
    for run in _IRREGULAR_SPACE.finditer(text):
        start, end = run.span()
        starts.append(start - shift)  # the run becomes one space...
        origins.append(start)
        shift += end - start - 1
        starts.append(end - shift)  # ...and the text after it runs in step again
        origins.append(end)
    if len(starts) == 1:  # each space already stands alone: one character for one
        return Folded(folded, (0,), (0,))
    return Folded(_IRREGULAR_SPACE.sub(" ", folded), tuple(starts), tuple(origins))


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
    """Number of the paragraph holding ``offset`` (the nearest one before it otherwise).

    A binary search: a source of many paragraphs with many quotes must not cost their product."""
    i = bisect_right(paras, offset, key=_START)
    return paras[i - 1].number if i else 1


def _START(p: Paragraph) -> int:
    return p.start


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    target: Key


def _trie(words: Iterable[str]) -> str:
    """A regular expression matching the same as ``word1|word2|...`` sorted longest first."""
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return build(root)


#: Terms this short (acronyms such as UE, EU: see :func:`matchable`) match only as written,
#: so that « EU » never links the French « eu ».
SHORT = 2


def _as_written(exact: dict[str, set[str]], text: str, start: int, end: int) -> bool:
    """Whether the match text[start:end] is allowed: a short term only in one of its own spellings."""
    if end - start > SHORT or not exact:
        return True
    word = text[start:end]
    forms = exact.get(word.casefold())
    return forms is None or word in forms


def matchable(term: str) -> bool:
    """A word worth looking for in texts: 3 letters or more, or an acronym in capitals of
    2 characters or more (UE, EU, G7), which is matched only as written."""
    text = term.strip()
    letters = sum(c.isalpha() for c in text)
    if letters >= 3:
        return True
    return len(text) >= 2 and text.isalnum() and letters >= 1 and text.upper() == text


def _short_forms(terms: Iterable[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for term in terms:
        plain = fold_plain(term)
        if len(plain) <= SHORT:
            out.setdefault(plain.casefold(), set()).add(plain)
    return out


def _terms(terms: Iterable[tuple[str, Key]]) -> list[tuple[str, Key]]:
    """The terms worth looking for (see :func:`matchable`): « de » or « e » would link every one."""
    return [(t, k) for t, k in terms if matchable(t)]


class TermMatcher:
    """Finds whole-word, case-insensitive occurrences of many terms at once (short ones as written)."""

    def __init__(self, terms: Iterable[tuple[str, Key]]) -> None:
        table: dict[str, Key] = {}
        terms = _terms(terms)
        self._exact = _short_forms(t for t, _ in terms)
        for term, target in terms:
            key = fold_plain(term).casefold()
            if len(key) >= 2 and key not in table:
                table[key] = target
        self._targets = table
        # One alternative per term, longest first, is what the regex means; written as a trie
        # (greedy optional tails try the longer terms first) it is the same match, much faster.
        self._regex = re.compile(r"(?<!\w)(" + _trie(table) + r")(?!\w)", re.IGNORECASE) if table else None

    def _next(self, text: str, pos: int) -> tuple[int, int, Key] | None:
        """The leftmost, longest match in folded ``text`` at or after ``pos``."""
        while self._regex is not None:
            match = self._regex.search(text, pos)
            if match is None:
                return None
            target = self._targets.get(match.group(1).casefold())
            if target is not None and _as_written(self._exact, text, match.start(1), match.end(1)):
                return match.start(1), match.end(1), target
            pos = match.start(1) + 1
        return None

    def spans(self, text: str) -> list[Span]:
        """Non-overlapping spans of ``text``, longest term first at each place."""
        if self._regex is None:
            return []
        folded = fold(text)
        out = []
        for match in self._regex.finditer(folded.text):
            target = self._targets.get(match.group(1).casefold())
            if target is None or not _as_written(self._exact, folded.text, match.start(1), match.end(1)):
                continue
            start, end = folded.span(match.start(1), match.end(1))
            out.append(Span(start, end, target))
        return out


class TermIndex:
    """One matcher for the names of every entity, asked for the names of a few of them at a time.

    ``index.spans(text, allowed, extra)`` finds what ``TermMatcher(extra terms, then the
    terms of the ``allowed`` entities in the index's order).spans(text)`` finds, without
    compiling a regular expression per page: compiling one for each source's entities
    costs more than reading the source.
    """

    def __init__(self, terms: Iterable[tuple[str, Key]]) -> None:
        table: dict[str, list[Key]] = {}
        terms = _terms(terms)
        self._exact = _short_forms(t for t, _ in terms)
        for term, target in terms:
            key = fold_plain(term).casefold()
            if len(key) >= 2:
                targets = table.setdefault(key, [])
                if target not in targets:
                    targets.append(target)
        self._targets = table
        self._lengths = sorted({len(k) for k in table}, reverse=True)
        pattern = r"(?<!\w)(" + _trie(table) + r")(?!\w)"
        self._regex = re.compile(pattern, re.IGNORECASE) if table else None
        # The same terms, matched in lower-cased text: several times faster than IGNORECASE,
        # and the same matches whenever lower-casing is case folding and keeps every offset.
        self._lower = re.compile(pattern) if table else None

    def _allowed(self, key: str, allowed: frozenset[Key] | set[Key]) -> Key | None:
        for target in self._targets.get(key, ()):
            if target in allowed:
                return target
        return None

    def _next(self, text: str, pos: int, allowed: frozenset[Key] | set[Key], lowered: bool = False) -> tuple[int, int, Key] | None:
        """The leftmost match at or after ``pos`` of an allowed entity's term, the longest there."""
        regex = self._lower if lowered else self._regex
        if regex is None:
            return None
        while True:
            match = regex.search(text, pos)
            if match is None:
                return None
            start, end = match.span(1)
            target = self._allowed(match.group(1).casefold(), allowed)
            if target is not None:
                return start, end, target
            for length in self._lengths:  # a shorter term of an allowed entity at the same place
                stop = start + length
                if stop >= end or stop > len(text):
                    continue
                if stop < len(text) and (text[stop].isalnum() or text[stop] == "_"):
                    continue
                target = self._allowed(text[start:stop].casefold(), allowed)
                if target is not None:
                    return start, stop, target
            pos = start + 1

    def spans(self, text: str, allowed: frozenset[Key] | set[Key], extra: TermMatcher | None = None) -> list[Span]:
        """Non-overlapping spans naming ``allowed`` entities (``extra`` terms win ties), longest first at each place."""
        if not allowed and extra is None:
            return []
        folded = fold(text)
        flat = folded.text
        low = flat.lower()
        lowered = len(low) == len(flat) and low == flat.casefold()
        mine = low if lowered else flat
        out = []
        # The next match of each kind, searched again only once the text before it is used up.
        a = self._next(mine, 0, allowed, lowered) if allowed else None
        b = extra._next(flat, 0) if extra is not None else None
        while a is not None or b is not None:
            first = b if b is not None and (a is None or b[0] < a[0] or (b[0] == a[0] and b[1] >= a[1])) else a
            assert first is not None
            start, end, target = first
            if _as_written(self._exact if first is a else extra._exact, flat, start, end):  # type: ignore[union-attr]
                out.append(Span(*folded.span(start, end), target))
            if a is not None and a[0] < end:
                a = self._next(mine, end, allowed, lowered)
            if b is not None and b[0] < end:
                b = extra._next(flat, end)  # type: ignore[union-attr]
        return out


class RestrictedMatcher:
    """A :class:`TermIndex` limited to some entities, with a page's own terms first: has ``spans(text)``."""

    def __init__(self, index: TermIndex, allowed: frozenset[Key], extra: TermMatcher | None = None) -> None:
        self.index = index
        self.allowed = allowed
        self.extra = extra

    def spans(self, text: str) -> list[Span]:
        return self.index.spans(text, self.allowed, self.extra)


#: Joins texts matched in one pass: not white space, not a word character, in no term.
_PART_BREAK = "\x00"


def spans_by_part(matcher: RestrictedMatcher | TermMatcher, parts: Sequence[str]) -> list[list[Span]]:
    """``[matcher.spans(part) for part in parts]``, in one pass over the parts joined.

    No term spans two parts (the separator is a non-word character no term holds), and
    matching is left to right, so each part gets the spans it would get alone.
    """
    if any(_PART_BREAK in part for part in parts):
        return [matcher.spans(part) for part in parts]
    starts = []
    at = 0
    for part in parts:
        starts.append(at)
        at += len(part) + 1
    out: list[list[Span]] = [[] for _ in parts]
    k = 0
    for span in matcher.spans(_PART_BREAK.join(parts)):
        while k + 1 < len(starts) and starts[k + 1] <= span.start:
            k += 1
        base = starts[k]
        out[k].append(Span(span.start - base, span.end - base, span.target))
    return out
