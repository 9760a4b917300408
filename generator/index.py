"""Lookups the page renderers share, computed once per corpus instead of once per page.

``corpus.incidents()`` walks every source: a renderer that filters it for one
entity makes the whole site O(entities x facts). :func:`of` builds every
lookup in one pass and keeps it in the corpus's :class:`Lookups`, so each
renderer asks for its own slice in O(1). The other things renderers derive from
a corpus are kept there too, each made on first use by the module whose job it is.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Incident, Key, Measure, Quote, Source

if TYPE_CHECKING:  # the corpus holds its lookups: these modules import it
    from .corpus import Corpus
    from .pages.page import Page
    from .textmatch import RestrictedMatcher, TermIndex


@dataclass
class Index:
    incidents: list[Incident] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    incidents_by_threat: dict[str, list[Incident]] = field(default_factory=lambda: defaultdict(list))
    incidents_in_country: dict[str, list[Incident]] = field(default_factory=lambda: defaultdict(list))
    incidents_by_actor: dict[str, list[Incident]] = field(default_factory=lambda: defaultdict(list))
    incidents_at_meeting: dict[str, list[Incident]] = field(default_factory=lambda: defaultdict(list))
    quotes_by_speaker: dict[str, list[Quote]] = field(default_factory=lambda: defaultdict(list))
    quotes_at_meeting: dict[str, list[Quote]] = field(default_factory=lambda: defaultdict(list))
    measures_at_meeting: dict[str, list[Measure]] = field(default_factory=lambda: defaultdict(list))
    measures_against: dict[str, list[Measure]] = field(default_factory=lambda: defaultdict(list))
    published_by: dict[str, list[Source]] = field(default_factory=lambda: defaultdict(list))


@dataclass
class Lookups:
    """What the renderers derive from a corpus, once for all its pages (the corpus is not
    changed after loading, and these go with it: a new corpus starts with none)."""

    #: The facts by entity (:func:`of`).
    index: Index | None = None
    #: Every linkable entity's names, by language (:func:`generator.pages.mentions.name_index`).
    names: dict[str, TermIndex] = field(default_factory=dict)
    #: The names of the entities related to a key (:meth:`generator.pages.common.Writer.linked`).
    matchers: dict[Key, RestrictedMatcher] = field(default_factory=dict)
    #: A page's path -> the pages of its complete lists (:func:`generator.pages.lists.expand`).
    children: dict[str, list[Page]] = field(default_factory=dict)
    #: A key -> a digest of the entities it is related to (:meth:`generator.rebuild.pages.SourcePages.neighbours`).
    neighbours: dict[Key, int] = field(default_factory=dict)


def of(corpus: Corpus) -> Index:
    """The corpus's lookups, built on first use (the corpus is not changed after loading)."""
    found = corpus.lookups.index
    if found is not None:
        return found
    ix = Index()
    for s in corpus.sources.values():
        if s.publisher:
            ix.published_by[s.publisher].append(s)
        for i in s.incidents:
            ix.incidents.append(i)
            ix.incidents_by_threat[i.threat].append(i)
            if i.country:
                ix.incidents_in_country[i.country].append(i)
            if i.actor:
                ix.incidents_by_actor[i.actor].append(i)
            if i.meeting:
                ix.incidents_at_meeting[i.meeting].append(i)
        for q in s.quotes:
            ix.quotes.append(q)
            ix.quotes_by_speaker[q.speaker].append(q)
            if q.meeting:
                ix.quotes_at_meeting[q.meeting].append(q)
        for m in s.measures:
            ix.measures.append(m)
            if m.meeting:
                ix.measures_at_meeting[m.meeting].append(m)
            for t in m.threats:
                ix.measures_against[t].append(m)
    # Plain dicts from now on: a lookup of an absent key must not grow them.
    for name in ("incidents_by_threat", "incidents_in_country", "incidents_by_actor", "incidents_at_meeting",
                 "quotes_by_speaker", "quotes_at_meeting", "measures_at_meeting", "measures_against", "published_by"):
        setattr(ix, name, dict(getattr(ix, name)))
    corpus.lookups.index = ix
    return ix
