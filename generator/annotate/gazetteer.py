"""Many terms found in one pass over a text's words: one table per entity kind.

Each kind of entity (countries, people, organisations, role titles, cue
phrases) is compiled once into a table from term keys to payloads, with the
set of words a term can start with. A text is then read word by word (the
words and their keys are computed once per document by
:class:`~generator.annotate.text.Doc`); only at a word that can start a term
are the following words joined and looked up, longest term first. This is
the same search as one alternation regex compiled from a trie, but it costs a
hash lookup per word instead of a regex attempt per character.

Terms are compared on their keys (normalised, case and accents ignored,
hyphens and spaces alike: "Royaume-Uni" = "Royaume Uni"), then the case of
the text is checked against the case of the term:

- a term written in capitals ("US", "UE", "GPS") matches only capitals, so the
  pronoun "us" is not the United States;
- a capitalised term ("Russie", "Trump") matches only a capitalised word, so
  the common noun "trump" is not the man;
- a lower-case term ("russe") matches any case ("Russes", "RUSSE").

A term is a whole word or a run of whole words. A hyphenated compound is one
word ("pro-russe" does not name Russia, "OTAN-Russie" is a council), except
that its first element is looked up alone when the compound as a whole is
not a term: English builds adjectives that way ("Chinese-flagged",
"Russian-made", "Kremlin-backed").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Generic, NamedTuple, TypeVar

from .text import WORD, Doc, normalise

T = TypeVar("T")
_PIECE = re.compile(r"\w+")
# What may stand between two words of one term: spaces, a hyphen, an
# apostrophe ("l'espace"), or the full stop of an initial ("U.S.").
_GAP = re.compile(r"[ \t\-']*|\. ?")


class Hit(NamedTuple, Generic[T]):
    start: int
    end: int
    payload: T
    term: str


def term_key(text: str) -> str:
    """The key of a term: its words' keys, joined by single spaces."""
    norm = normalise(text).lower()
    return " ".join(m.group().replace("-", " ") for m in WORD.finditer(norm))


def _case_shape(term: str) -> tuple[int, ...]:
    """Per word piece: 2 all capitals, 1 capitalised, 0 free."""
    shape = []
    for match in _PIECE.finditer(normalise(term)):
        piece = match.group()
        letters = [c for c in piece if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            shape.append(2)
        elif letters and piece[0].isupper():
            shape.append(1)
        else:
            shape.append(0)
    return tuple(shape)


def case_fits(shape: tuple[int, ...], text: str) -> bool:
    pieces = _PIECE.findall(text)
    if len(pieces) != len(shape):
        return not any(shape)
    for need, piece in zip(shape, pieces, strict=True):
        if need == 2 and not all(c.isupper() for c in piece if c.isalpha()):
            return False
        if need == 1 and not piece[0].isupper():
            return False
    return True


class Gazetteer(Generic[T]):
    """Whole-word occurrences of many terms, longest first, each with its payload."""

    def __init__(self, terms: Iterable[tuple[str, T]]) -> None:
        table: dict[str, list[tuple[tuple[int, ...], T, str]]] = {}
        for term, payload in terms:
            k = term_key(term)
            if len(k) < 2:
                continue
            variants = table.setdefault(k, [])
            shape = _case_shape(term)
            if not any(v[0] == shape and v[1] == payload for v in variants):
                variants.append((shape, payload, term))
        # Stricter shapes first, so "US" (capitals) is tried before a free "us".
        for variants in table.values():
            variants.sort(key=lambda v: -sum(v[0]))
        self._table = table
        self._heads = frozenset(k.split(" ", 1)[0] for k in table)
        # Every key's word prefixes: a phrase that is none of them cannot grow into a term.
        self._prefixes = frozenset(" ".join(k.split(" ")[:n]) for k in table for n in range(1, k.count(" ") + 2))
        self._longest = max((k.count(" ") + 1 for k in table), default=0)

    def __len__(self) -> int:
        return len(self._table)

    def __contains__(self, text: str) -> bool:
        return term_key(text) in self._table

    def find(self, doc: Doc, start: int = 0, end: int | None = None) -> list[Hit[T]]:
        """Hits whose words all lie in doc.raw[start:end], left to right, longest first."""
        if not self._table:
            return []
        end = len(doc.raw) if end is None else end
        words, keys, raw, norm = doc.words, doc.keys, doc.raw, doc.norm
        first, last = doc.word_index(start), doc.word_index(end)
        heads, table, longest, prefixes = self._heads, self._table, self._longest, self._prefixes
        doc_heads = doc.heads
        if last - first > 200:  # a long stretch: through the index of words by their first part
            by_head = doc.memo.get("heads")
            if by_head is None:
                by_head = doc.memo["heads"] = {}
                for index, head in enumerate(doc_heads):
                    by_head.setdefault(head, []).append(index)
            candidates = sorted(i for head in heads & by_head.keys() for i in by_head[head] if first <= i < last)
        else:
            candidates = [i for i in range(first, last) if doc_heads[i] in heads]
        out: list[Hit[T]] = []
        done = -1
        for i in candidates:
            if i <= done:
                continue
            k = keys[i]
            best: tuple[int, Hit[T]] | None = None
            joined = k
            size = k.count(" ") + 1
            j = i
            while True:
                variants = table.get(joined)
                if variants:
                    text = raw[words[i].start : words[j].end]
                    for shape, payload, term in variants:
                        if case_fits(shape, text):
                            best = (j, Hit(words[i].start, words[j].end, payload, term))
                            break
                j += 1
                if j >= last or size >= longest:
                    break
                grown = joined + " " + keys[j]
                if grown not in prefixes or not _GAP.fullmatch(norm, words[j - 1].end, words[j].start):
                    break
                joined = grown
                size += keys[j].count(" ") + 1
            if best is not None:
                out.append(best[1])
                done = best[0]
                continue
            head = doc_heads[i]
            if head != k and head in table:  # the first element of a compound
                piece_end = words[i].start + raw[words[i].start : words[i].end].index("-")
                text = raw[words[i].start : piece_end]
                for shape, payload, term in table[head]:
                    if case_fits(shape, text):
                        out.append(Hit(words[i].start, piece_end, payload, term))
                        break
        return out
