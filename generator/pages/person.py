"""A person's page: roles over time, quotes, meetings, sources."""

from __future__ import annotations

from .. import index
from ..corpus import Corpus
from ..markup import esc, table
from ..memo import NO_MEMO, Memo
from ..model import Person
from ..paths import page_path
from .common import Writer, facts
from .page import Page


def render_person(corpus: Corpus, p: Person, memo: Memo = NO_MEMO) -> Page:
    w = Writer(corpus, page_path("person", p.id), ("person", p.id), memo)
    key = ("person", p.id)
    w.add(f"# {esc(p.name)}")
    w.notice(p.problems, "Fiche de la personne")
    rows = []
    if p.country:
        rows.append(["Pays", w.ref("country", p.country)])
    if p.aliases:
        rows.append(["Aussi écrit", ", ".join(esc(a) for a in p.aliases)])
    if rows:
        w.add(facts(rows))
    roles = sorted(p.roles, key=lambda r: (r.start is None, r.start.first_day if r.start else None), reverse=True)
    w.section("Fonctions", table(["Fonction", "Depuis", "Jusqu'au"], [
        [esc(r.title["fr"]), r.start.french() if r.start else "", r.end.french() if r.end else "en fonction"] for r in roles
    ]) if roles else "")
    w.quotes_section("Citations", index.of(corpus).quotes_by_speaker.get(p.id, []), show_speaker=False)
    w.related(key, "meeting", "Réunions")
    w.related(key, "country", "Pays", exclude=[p.country] if p.country else [])
    w.related(key, "source", "Sources")
    w.origin_note(p.origin, "Fiche de la personne")
    return w.page(p.origin)
