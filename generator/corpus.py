"""The corpus: every entity the pages are made from, by kind and id, with their relations.

It is built by :func:`generator.load.load_corpus`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .diagnostics import Report
from .index import Lookups
from .kinds import KINDS
from .model import Country, Incident, Key, Measure, Meeting, Organisation, Person, Quote, Source, Threat


@dataclass
class Corpus:
    """Everything the pages are made from, with the relations between entities."""

    seeds: Path
    report: Report
    sources: dict[str, Source] = field(default_factory=dict)
    meetings: dict[str, Meeting] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    threats: dict[str, Threat] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    #: Undirected: a page that links to an entity is linked back from it.
    graph: dict[Key, set[Key]] = field(default_factory=lambda: defaultdict(set))
    #: (kind, former id) -> current id, for the redirect pages at old addresses.
    redirects: dict[Key, str] = field(default_factory=dict)
    #: What is derived from the corpus once and looked up by every page (the index, name matchers).
    lookups: Lookups = field(default_factory=Lookups, repr=False, compare=False)

    def table(self, kind: str) -> dict[str, Any]:
        table: dict[str, Any] = getattr(self, KINDS[kind].table)
        return table

    def related(self, key: Key, kind: str) -> list[str]:
        return sorted(other for k, other in self.graph.get(key, ()) if k == kind)

    def incidents(self) -> list[Incident]:
        return [i for s in self.sources.values() for i in s.incidents]

    def quotes(self) -> list[Quote]:
        return [q for s in self.sources.values() for q in s.quotes]

    def measures(self) -> list[Measure]:
        return [m for s in self.sources.values() for m in s.measures]

    def link(self, a: Key, b: Key) -> None:
        if a != b:
            self.graph[a].add(b)
            self.graph[b].add(a)

    def link_all(self, keys: Iterable[Key | None]) -> None:
        present = [k for k in keys if k is not None and k[1]]
        for i, a in enumerate(present):
            for b in present[i + 1 :]:
                self.link(a, b)
