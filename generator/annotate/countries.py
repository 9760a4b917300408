"""The countries a text is about: every name, demonym or capital of one, but a capital only when
it stands for its government, and a demonym not when it qualifies a news outlet."""

from __future__ import annotations

import re

from .gazetteer import Hit
from .lexicon import CountryTerm, Cues
from .text import Doc, Span, key

_ARTICLES = {"le", "la", "les", "l", "the"}


def _word_before(doc: Doc, pos: int, skip: set[str]) -> tuple[str, str, int] | None:
    """(key, raw, start) of the word before ``pos`` in its paragraph, skipping ``skip``."""
    index = doc.word_index(pos) - 1
    para = doc.paragraphs[doc.para_at(pos)] if doc.paragraphs else Span(0, len(doc.raw))
    while index >= 0:
        w = doc.words[index]
        if w.start < para.start:
            return None
        raw = doc.raw[w.start : w.end]
        k = key(raw)
        if k not in skip:
            return k, raw, w.start
        index -= 1
    return None


def counted_countries(doc: Doc, cues: Cues, hits: list[Hit[CountryTerm]]) -> list[tuple[str, Hit[CountryTerm]]]:
    out = []
    for hit in hits:
        term = hit.payload
        if term.code is None:
            continue
        if term.how == "capital" and not _metonymy(doc, cues, hit):
            continue
        if term.how == "demonym" and _qualifies_outlet(doc, cues, hit):
            continue
        out.append((term.code, hit))
    return out


def _metonymy(doc: Doc, cues: Cues, hit: Hit[CountryTerm]) -> bool:
    """A capital stands for its government unless it is a place: after a place
    preposition ("à Varsovie", "in Warsaw", "l'aéroport de Copenhague"), at a
    dateline ("WARSAW —"), or inside a longer proper name ("Kyiv Independent")."""
    before = _word_before(doc, hit.start, _ARTICLES)
    if before is not None:
        k, raw, start = before
        if raw.lower() == "à" or (k in cues.place_prepositions and raw.lower() != "a"):
            return False
    adjacent = _word_before(doc, hit.start, set())
    if adjacent is not None:
        k, raw, start = adjacent
        gap = doc.raw[start + len(raw) : hit.start]
        if raw[:1].isupper() and k not in cues.function_words and gap.strip() == "":
            return False
    para = doc.paragraphs[doc.para_at(hit.start)]
    if doc.raw[para.start : hit.start].strip() == "" and re.match(r"\s*(?:\([^)]*\))?\s*[,—–\-]", doc.raw[hit.end : hit.end + 40]):
        return False
    after = re.match(r"[ \u00a0]+(\w+)", doc.raw[hit.end : hit.end + 40])
    return not (after and after.group(1)[:1].isupper() and key(after.group(1)) not in cues.function_words)


def _qualifies_outlet(doc: Doc, cues: Cues, hit: Hit[CountryTerm]) -> bool:
    """A demonym that qualifies a news outlet ("journal allemand", "German newspaper")."""
    if cues.lang == "fr":
        index = doc.word_index(hit.start) - 1
        words = doc.words[max(0, index - 2) : index + 1]
    else:
        index = doc.word_index(hit.end)
        words = doc.words[index : index + 2]
    para = doc.para_at(hit.start)
    first = doc.word_index(words[0].start) if words else 0
    for offset, w in enumerate(words):
        if doc.para_at(w.start) != para:
            continue
        if doc.keys[first + offset] in cues.media_nouns:
            return True
    return False
