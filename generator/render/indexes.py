"""The index page of each section: every entity of one kind, with its counts."""

from __future__ import annotations

from collections import Counter

from ..corpus import Corpus
from ..markup import esc, table
from ..urls import index_path
from .common import (
    COUNTRY_ROLE_FR,
    MEETING_KIND_FR,
    ORGANISATION_KIND_FR,
    Page,
    Writer,
    date_fr,
    newest_first,
)

INTRO = {
    "meeting": "Les réunions que rapportent les sources, de la plus récente à la plus ancienne.",
    "country": "Les pays cités, avec les incidents survenus sur leur sol et ceux qui leur sont imputés.",
    "threat": "Le vocabulaire des menaces hybrides, avec le nombre d'incidents de chaque type.",
    "person": "Les personnes citées ou nommées, avec leur fonction la plus récente.",
    "organisation": "Les médias, agences et institutions qui publient les sources ou y sont nommés.",
    "source": "Les documents sources, du plus récent au plus ancien.",
}


def render_index(corpus: Corpus, kind: str, title: str) -> Page:
    w = Writer(corpus, index_path(kind))
    w.add(f"# {title}", INTRO[kind])
    count = lambda key: len(corpus.related(key, "source"))  # noqa: E731
    if kind == "meeting":
        rows = [
            [date_fr(m.start), w.ref("meeting", m.id), MEETING_KIND_FR[m.kind], esc(m.place or ""), str(count(("meeting", m.id)))]
            for m in sorted(corpus.meetings.values(), key=lambda m: m.start, reverse=True)
        ]
        w.add(table(["Date", "Réunion", "Type", "Lieu", "Sources"], rows))
    elif kind == "country":
        there = Counter(i.country for i in corpus.incidents())
        by = Counter(i.actor for i in corpus.incidents())
        rows = [
            [w.ref("country", c.code), COUNTRY_ROLE_FR[c.role], str(there[c.code]), str(by[c.code]), str(count(("country", c.code)))]
            for c in sorted(corpus.countries.values(), key=lambda c: c.name)
        ]
        w.add(table(["Pays", "Rôle", "Incidents sur place", "Incidents imputés", "Sources"], rows))
    elif kind == "threat":
        incidents = Counter(i.threat for i in corpus.incidents())
        rows = [
            [w.ref("threat", t.id), esc(t.description["fr"]), str(incidents[t.id]), str(count(("threat", t.id)))]
            for t in sorted(corpus.threats.values(), key=lambda t: t.label["fr"])
        ]
        w.add(table(["Menace", "Définition", "Incidents", "Sources"], rows))
    elif kind == "person":
        rows = []
        for p in sorted(corpus.people.values(), key=lambda p: p.name):
            dated = [r for r in p.roles if r.start]
            latest = max(dated, key=lambda r: r.start.first_day) if dated else (p.roles[0] if p.roles else None)
            quotes = sum(1 for q in corpus.quotes() if q.speaker == p.id)
            rows.append([w.ref("person", p.id), esc(latest.title["fr"]) if latest else "", str(quotes), str(count(("person", p.id)))])
        w.add(table(["Personne", "Fonction la plus récente", "Citations", "Sources"], rows))
    elif kind == "organisation":
        rows = [
            [w.ref("organisation", o.id), ORGANISATION_KIND_FR[o.kind], str(count(("organisation", o.id)))]
            for o in sorted(corpus.organisations.values(), key=lambda o: o.name.casefold())
        ]
        w.add(table(["Organisation", "Type", "Sources"], rows))
    else:
        rows = [
            [date_fr(s.date), w.ref("source", s.id), w.ref("organisation", s.publisher), "relue" if s.reviewed else "brouillon"]
            for s in newest_first(corpus.sources.values())
        ]
        w.add(table(["Date", "Source", "Éditeur", "État"], rows))
    return Page(w.path, w.markdown(), None, in_nav=True)
