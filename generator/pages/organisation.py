"""An organisation's page: what it is and the sources that publish or name it."""

from __future__ import annotations

from .. import index
from ..corpus import Corpus
from ..dates import newest_first
from ..markup import esc
from ..memo import NO_MEMO, Memo
from ..model import Organisation
from ..paths import page_path
from ..vocabulary import ORGANISATION_KIND_FR
from .common import Writer, facts
from .page import Page


def render_organisation(corpus: Corpus, o: Organisation, memo: Memo = NO_MEMO) -> Page:
    w = Writer(corpus, page_path("organisation", o.id), ("organisation", o.id), memo)
    key = ("organisation", o.id)
    w.add(f"# {esc(o.name)}")
    w.notice(o.problems, "Fiche de l'organisation")
    rows = [["Type", ORGANISATION_KIND_FR[o.kind]]]
    if o.country:
        rows.append(["Pays", w.ref("country", o.country)])
    if o.aliases:
        rows.append(["Aussi écrit", ", ".join(esc(a) for a in o.aliases)])
    w.add(facts(rows))
    published = newest_first(index.of(corpus).published_by.get(o.id, []))
    w.long_section("Sources publiées", published, Writer.source_line, "publiees")
    w.related(key, "source", "Sources qui la citent", exclude=[s.id for s in published])
    w.related(key, "meeting", "Réunions")
    w.related(key, "country", "Pays", exclude=[o.country] if o.country else [])
    w.origin_note(o.origin, "Fiche de l'organisation")
    return w.page(o.origin)
