"""A country's page: its role, incidents there and incidents attributed to it, kept apart."""

from __future__ import annotations

from .. import index
from ..corpus import Corpus
from ..markup import esc
from ..memo import NO_MEMO, Memo
from ..model import Country
from ..paths import page_path
from ..vocabulary import COUNTRY_ROLE_FR
from .common import Writer, facts
from .page import Page


def render_country(corpus: Corpus, c: Country, memo: Memo = NO_MEMO) -> Page:
    w = Writer(corpus, page_path("country", c.code), ("country", c.code), memo)
    key = ("country", c.code)
    w.add(f"# {esc(c.name)}")
    w.feed()
    w.notice(c.problems, "Fiche du pays")
    rows = [["Rôle", COUNTRY_ROLE_FR[c.role]], ["Code ISO", c.code], ["Nom anglais", esc(c.name_en)]]
    if c.nato:
        rows.append(["Membre de l'OTAN depuis le", c.nato.french()])
    if c.eu:
        rows.append(["Membre de l'UE depuis le", c.eu.french()])
    if c.aliases:
        rows.append(["Aussi désigné par", ", ".join(esc(a) for a in c.aliases)])
    w.add(facts(rows))
    if c.note:
        w.add(esc(c.note))
    ix = index.of(corpus)
    w.incidents_section("Incidents survenus sur place", ix.incidents_in_country.get(c.code, []), hide=["country"],
                        slug="incidents-sur-place")
    w.incidents_section("Incidents imputés à ce pays", ix.incidents_by_actor.get(c.code, []), hide=["actor"], slug="incidents-imputes")
    w.related(key, "threat", "Menaces")
    w.related(key, "meeting", "Réunions")
    w.related(key, "person", "Personnes")
    w.related(key, "organisation", "Organisations")
    w.related(key, "country", "Pays liés par un incident")
    w.related(key, "source", "Sources")
    if c.origin:
        w.origin_note(c.origin, "Fiche du pays")
    else:
        w.add("Nom issu de CLDR. Ce pays n'a pas de fiche dans *seeds/countries.yml* : ajoutez-en une pour préciser son rôle."
              "\n{: .briefing-origin }")
    return w.page(c.origin)
