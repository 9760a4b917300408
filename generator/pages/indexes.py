"""The index page of each section: every entity of one kind, with its counts."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from .. import index
from ..corpus import Corpus
from ..dates import newest_first
from ..markup import esc, table
from ..paths import index_page_path, index_path
from ..vocabulary import COUNTRY_ROLE_FR, MEETING_KIND_FR, ORGANISATION_KIND_FR, date_fr, source_state
from .common import Writer
from .lists import pager
from .page import Page

#: Rows of a section index per page: past this, the index is split into pages
#: ``<section>/index/<n>.md`` (``index`` is a reserved id, so no entity page is there).
INDEX_PAGE = 200

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
    ix = index.of(corpus)
    graph = corpus.graph

    def count(key: tuple[str, str]) -> str:
        return str(sum(1 for k, _ in graph.get(key, ()) if k == "source"))

    headers: list[str]
    entities: Sequence[Any]
    row: Callable[[Writer, Any], list[str]]
    if kind == "meeting":
        headers = ["Date", "Réunion", "Type", "Lieu", "Sources"]
        entities = sorted(corpus.meetings.values(), key=lambda m: m.start, reverse=True)
        row = lambda w, m: [date_fr(m.start), w.ref("meeting", m.id), MEETING_KIND_FR[m.kind], esc(m.place or ""),  # noqa: E731
                            count(("meeting", m.id))]
    elif kind == "country":
        headers = ["Pays", "Rôle", "Incidents sur place", "Incidents imputés", "Sources"]
        entities = sorted(corpus.countries.values(), key=lambda c: c.name)
        row = lambda w, c: [w.ref("country", c.code), COUNTRY_ROLE_FR[c.role], str(len(ix.incidents_in_country.get(c.code, []))),  # noqa: E731
                            str(len(ix.incidents_by_actor.get(c.code, []))), count(("country", c.code))]
    elif kind == "threat":
        headers = ["Menace", "Définition", "Incidents", "Sources"]
        entities = sorted(corpus.threats.values(), key=lambda t: t.label["fr"])
        row = lambda w, t: [w.ref("threat", t.id), esc(t.description["fr"]), str(len(ix.incidents_by_threat.get(t.id, []))),  # noqa: E731
                            count(("threat", t.id))]
    elif kind == "person":
        headers = ["Personne", "Fonction la plus récente", "Citations", "Sources"]
        entities = sorted(corpus.people.values(), key=lambda p: p.name)

        def row(w: Writer, p: Any) -> list[str]:
            dated = [r for r in p.roles if r.start]
            latest = max(dated, key=lambda r: r.start.first_day) if dated else (p.roles[0] if p.roles else None)
            return [w.ref("person", p.id), esc(latest.title["fr"]) if latest else "", str(len(ix.quotes_by_speaker.get(p.id, []))),
                    count(("person", p.id))]
    elif kind == "organisation":
        headers = ["Organisation", "Type", "Sources"]
        entities = sorted(corpus.organisations.values(), key=lambda o: o.name.casefold())
        row = lambda w, o: [w.ref("organisation", o.id), ORGANISATION_KIND_FR[o.kind], count(("organisation", o.id))]  # noqa: E731
    else:
        headers = ["Date", "Source", "Éditeur", "État"]
        entities = newest_first(corpus.sources.values())
        row = lambda w, s: [date_fr(s.date), w.ref("source", s.id), w.ref("organisation", s.publisher),  # noqa: E731
                            source_state(s)]
    _paged_table(w, title, headers, entities, row)
    return w.page(None, in_nav=True)


def _paged_table(w: Writer, title: str, headers: list[str], entities: Sequence[Any], row: Callable[[Writer, Any], list[str]]) -> None:
    """The table on the index page; past :data:`INDEX_PAGE` rows it continues on pages linking each other."""
    if len(entities) <= INDEX_PAGE:
        w.add(table(headers, [row(w, e) for e in entities]))
        return
    count = -(-len(entities) // INDEX_PAGE)
    paths = [w.path] + [index_page_path(w.path, n) for n in range(2, count + 1)]
    for n, path in enumerate(paths, start=1):
        chunk = entities[(n - 1) * INDEX_PAGE : n * INDEX_PAGE]
        first, last = (n - 1) * INDEX_PAGE + 1, (n - 1) * INDEX_PAGE + len(chunk)
        page = w if n == 1 else Writer(w.corpus, path)
        if n > 1:
            page.add(f"# {title} ({n}/{count})")
        page.add(f"Lignes {first} à {last} sur {len(entities)}.", pager(page, paths, n))
        page.add(table(headers, [row(page, e) for e in chunk]), pager(page, paths, n))
        if n > 1:
            w.children.append(page.page(None))
