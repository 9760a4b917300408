"""A source's text prepared for the rules, with every offset an offset of the original.

The rules match a *normalised* copy of the text in which each character is
replaced by exactly one character: typographic apostrophes and quotes by the
forms :mod:`generator.textmatch` folds them to, no-break and other Unicode
spaces by a plain space, non-breaking hyphens by '-', and accented Latin
letters by their base letter ("Sprūds" → "Spruds", "Kyïv" → "Kyiv"). Because
the replacement is one-to-one, a span of the normalised text is the same span
of the original, so every piece of evidence is quoted verbatim. (Folding with
:func:`generator.textmatch.fold`, which also collapses runs of spaces, gives
the same matches but costs a Python loop per character; the rules accept any
run of spaces instead.)
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from ..textmatch import FOLD_TABLE  # apostrophe and quote variants, shared with the loader


def _build_table() -> dict[int, str]:
    table: dict[int, str] = dict(FOLD_TABLE)
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        parts = unicodedata.normalize("NFD", ch)
        if len(parts) > 1 and parts[0].isascii() and parts[0].isalpha() and all(unicodedata.combining(c) for c in parts[1:]):
            table[cp] = parts[0]
    for cp in (0x00A0, 0x2007, 0x202F, 0x2009, 0x200A, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2008, 0x205F, 0x3000,
               0x09, 0x0D, 0x0B, 0x0C):
        table[cp] = " "
    for cp in (0x2010, 0x2011):
        table[cp] = "-"
    return table


_TABLE = _build_table()
_CHARS = {chr(k): v for k, v in _TABLE.items()}
_ASCII_SPACES = {k: v for k, v in _TABLE.items() if k < 0x80}
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_ODD_ASCII = re.compile(r"[\t\r\x0b\x0c`]")


def _char(match: re.Match[str]) -> str:
    ch = match.group()
    return _CHARS.get(ch, ch)


def normalise(text: str) -> str:
    """The same text, one character for one: folded quotes, plain spaces, no accents."""
    if _ODD_ASCII.search(text):
        text = text.translate(_ASCII_SPACES)
    if text.isascii():
        return text
    return _NON_ASCII.sub(_char, text)


def key(text: str) -> str:
    """A lookup key: normalised, lower case, runs of spaces and hyphens as one space."""
    return _SEP.sub(" ", normalise(text).strip()).casefold()


_SEP = re.compile(r"[\s\-]+")

#: A word: letters and digits, hyphenated compounds kept whole ("sous-marins",
#: "a-t-il", "Kosiniak-Kamysz"); an apostrophe always separates ("l'OTAN" → l, OTAN).
WORD = re.compile(r"\w+(?:-\w+)*")

# Abbreviations after which a full stop does not end a sentence.
_ABBREVIATIONS = {
    "m", "mm", "mme", "mmes", "mlle", "mr", "mrs", "ms", "dr", "pr", "st", "ste", "sen", "gen", "lt", "col",
    "gov", "rep", "adm", "prof", "no", "vol", "art", "cf", "etc", "vs", "ex", "env", "jan", "janv", "feb", "fev",
    "fevr", "mar", "apr", "avr", "jun", "jul", "juil", "aug", "sep", "sept", "oct", "nov", "dec", "av",
    "inc", "ltd", "co", "corp", "jr", "sr",
}
# A sentence end in the original text: the punctuation, then closing quotes or
# brackets (French sets a space before "»"); a straight quote right after the
# stop closes, one after a space opens the next sentence.
_END = re.compile(r"[.!?…]+(?:[ \u00a0\u202f]?[»”’)\]]|[\"'])*(?=\s)")


class Span(NamedTuple):
    start: int
    end: int


# Spans built in C, without a Python call per word.
_span = functools.partial(tuple.__new__, Span)
_MATCH_SPAN = re.Match.span


@dataclass
class Doc:
    """The text of one source, split into paragraphs, sentences and words."""

    raw: str
    norm: str
    paragraphs: list[Span]
    sentences: list[Span]
    #: Paragraph index of each sentence.
    sentence_para: list[int]
    words: list[Span] = field(default_factory=list)
    #: Lookup key of each word (lower case, no accent, hyphens as spaces).
    keys: list[str] = field(default_factory=list)
    #: First part of each key ("royaume" for "royaume uni", from "Royaume-Uni").
    heads: list[str] = field(default_factory=list)
    #: "fr" or "en", set once the language is known.
    lang: str = "fr"
    #: Per-document memo of derived facts (dates, ...), filled by the rules.
    memo: dict[str, Any] = field(default_factory=dict)
    _word_starts: list[int] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)
    _para_starts: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, raw: str) -> Doc:
        norm = normalise(raw)
        paragraphs: list[Span] = []
        pos = 0
        for line in norm.split("\n"):
            stripped = line.strip()
            if stripped:
                lead = len(line) - len(line.lstrip())
                paragraphs.append(Span(pos + lead, pos + lead + len(stripped)))
            pos += len(line) + 1
        sentences: list[Span] = []
        sentence_para: list[int] = []
        for index, para in enumerate(paragraphs):
            for start, end in split_sentences(raw, para.start, para.end):
                sentences.append(Span(start, end))
                sentence_para.append(index)
        words = list(map(_span, map(_MATCH_SPAN, WORD.finditer(norm))))
        lower = norm.lower()
        if len(lower) == len(norm):
            keys = [lower[w.start : w.end].replace("-", " ") for w in words]
        else:  # a rare letter whose lower case is longer: word by word
            keys = [norm[w.start : w.end].lower().replace("-", " ") for w in words]
        heads = [k.partition(" ")[0] for k in keys]
        doc = cls(raw, norm, paragraphs, sentences, sentence_para, words, keys, heads)
        doc._word_starts = [w.start for w in words]
        doc._sentence_starts = [s.start for s in sentences]
        doc._para_starts = [p.start for p in paragraphs]
        return doc

    # --- positions ---------------------------------------------------------

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence holding ``offset`` (the one before it, between two)."""
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    def para_at(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self._para_starts, offset) - 1)

    def word_index(self, offset: int) -> int:
        """Index of the first word starting at or after ``offset``."""
        return bisect.bisect_left(self._word_starts, offset)

    def words_in(self, start: int, end: int) -> list[Span]:
        return self.words[self.word_index(start) : self.word_index(end)]

    def text(self, span: Span | tuple[int, int]) -> str:
        start, end = (span.start, span.end) if isinstance(span, Span) else span
        return self.raw[start:end]


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of the original text[start:end]: a full stop, followed by a
    space and a capital, a digit or an opening quote, ends a sentence unless it
    closes an abbreviation or an initial ("M. Rutte", "J. D. Vance", "12 Sep. 2024")."""
    out = []
    begin = start
    for match in _END.finditer(text, start, end):
        stop = match.end()
        nxt = stop
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt >= end:
            break
        follower = text[nxt]
        if not (follower.isupper() or follower.isdigit() or follower in "\"«“‘'(-–—•"):
            continue
        if text[match.start()] == ".":
            before = re.search(r"(\w+)\W*$", text[max(begin, match.start() - 12) : match.start()])
            word = normalise(before.group(1)) if before else ""
            if word.casefold() in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        out.append((begin, stop))
        begin = nxt
    if begin < end:
        out.append((begin, end))
    return out


# --- stems -------------------------------------------------------------------

# Applied to an inflection stem, so French suffixes have lost their final -e
# ("-age" is "ag", "-ence" is "enc"). English keeps "-at-" so that "violation"
# and "violated" meet at "violat".
_FR_DERIVATIONAL = ("issement", "ation", "ement", "ment", "enc", "anc", "eur", "ag", "er", "ir", "ion", "if", "iqu")
_EN_DERIVATIONAL = ("ment", "ence", "ance", "ing", "ion", "ed", "er", "al", "e")


@lru_cache(maxsize=65536)
def inflection_stem(word: str, lang: str) -> str:
    """The word without its inflection (number, gender, participle): the form a
    dictionary would list it under, approximately. "sabotées" → "sabot",
    "câbles" → "cabl", "jammed" stays "jammed"."""
    w = normalise(word).casefold().replace(" ", "-")
    if lang == "en":
        if len(w) > 4 and w.endswith("ies"):
            return w[:-3] + "y"
        if len(w) > 4 and w.endswith(("sses", "xes", "ches", "shes", "zes")):
            return w[:-2]
        if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            return w[:-1]
        return w
    if len(w) > 3 and w[-1] in "sx":
        w = w[:-1]
    for _ in range(2):
        if len(w) > 4 and w.endswith("e"):
            w = w[:-1]
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouy":
        w = w[:-1]
    return w


@lru_cache(maxsize=65536)
def derivation_stem(word: str, lang: str) -> str:
    """A coarser stem that also removes one derivational suffix, so that the
    noun, the verb and the participle meet: "brouillage", "brouiller",
    "brouillé" → "brouill"; "interference", "interfering" → "interfer"."""
    w = inflection_stem(word, lang)
    suffixes = _EN_DERIVATIONAL if lang == "en" else _FR_DERIVATIONAL
    for suffix in suffixes:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    if len(w) > 4 and w[-1] == w[-2] and w[-1] not in "aeiouy":
        w = w[:-1]
    return w
