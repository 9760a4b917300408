"""Entity names in text made into links, without changing a character of the text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from ..corpus import Corpus
from ..kinds import KINDS, LINKED
from ..markup import esc_part, link
from ..model import Key
from ..textmatch import RestrictedMatcher, Span, TermIndex, TermMatcher


def entity_terms(corpus: Corpus, key: Key, language: str) -> list[str]:
    """The words by which a text names an entity: names, aliases, adjectives, keywords."""
    kind, entity_id = key
    terms = KINDS[kind].terms
    return terms(corpus.table(kind)[entity_id], language) if terms else []


def matcher(corpus: Corpus, keys: Iterable[Key], language: str = "fr", extra: Iterable[tuple[str, Key]] = ()) -> RestrictedMatcher:
    """A matcher for the names of ``keys`` (``extra`` terms first), over one index of every name."""
    extra = tuple(extra)
    allowed = frozenset(k for k in keys if k[0] in LINKED)
    return RestrictedMatcher(name_index(corpus, language), allowed, TermMatcher(extra) if extra else None)


def name_index(corpus: Corpus, language: str) -> TermIndex:
    """Every linkable entity's names, in key order (as a matcher for some of them would list them)."""
    found = corpus.lookups.names.get(language)
    if found is None:
        keys = sorted((kind, i) for kind in LINKED for i in corpus.table(kind))
        found = corpus.lookups.names[language] = TermIndex((t, key) for key in keys for t in entity_terms(corpus, key, language))
    return found


#: Where links start and end, marked in the text before escaping it in one piece; text
#: holding either character is escaped piece by piece instead.
_OPEN, _CLOSE = "\x02", "\x03"
_MARKS = re.compile(f"[{_OPEN}{_CLOSE}]")


def linked(text: str, spans: list[Span], href: Callable[[str, str], str], escape: Callable[[str], str] = esc_part) -> str:
    """``text`` escaped, with each span made a link to its entity."""
    if not spans:
        return escape(text)
    if _OPEN in text or _CLOSE in text:
        out, pos = [], 0
        for span in spans:
            out.append(escape(text[pos : span.start]))
            out.append(link(escape(text[span.start : span.end]), href(*span.target)))
            pos = span.end
        out.append(escape(text[pos:]))
        return "".join(out)
    marked: list[str] = []
    pos = 0
    for span in spans:
        marked += (text[pos : span.start], _OPEN, text[span.start : span.end], _CLOSE)
        pos = span.end
    marked.append(text[pos:])
    targets = iter([href(*span.target) for span in spans])
    return _MARKS.sub(lambda m: "[" if m.group() == _OPEN else f"]({next(targets)})", escape("".join(marked)))
