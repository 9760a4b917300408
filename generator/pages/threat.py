"""A threat type's page: definition, incidents, countries affected, meetings, measures."""

from __future__ import annotations

from .. import index
from ..corpus import Corpus
from ..markup import bullets, esc
from ..memo import NO_MEMO, Memo
from ..model import Threat
from ..paths import page_path
from .common import Writer
from .page import Page


def render_threat(corpus: Corpus, t: Threat, memo: Memo = NO_MEMO) -> Page:
    w = Writer(corpus, page_path("threat", t.id), ("threat", t.id), memo)
    key = ("threat", t.id)
    w.add(f"# {esc(t.label['fr'])}")
    w.feed()
    w.notice(t.problems, "Fiche du type de menace")
    w.add(esc(t.description["fr"]))
    if "en" in t.description:
        w.add(f"*{esc(t.label.get('en', ''))}* — {esc(t.description['en'])}" if "en" in t.label else esc(t.description["en"]))
    words = [esc(k) for lang in ("fr", "en") for k in t.keywords.get(lang, [])]
    if words:
        w.add("Mots-clés : " + ", ".join(words))
    ix = index.of(corpus)
    incidents = ix.incidents_by_threat.get(t.id, [])
    w.incidents_section("Incidents", incidents, hide=["threat"])
    affected = sorted({i.country for i in incidents if i.country}, key=lambda c: corpus.countries[c].name)
    w.section("Pays touchés", bullets(w.ref("country", c) for c in affected))
    w.related(key, "country", "Autres pays cités", exclude=affected)
    w.related(key, "meeting", "Réunions où elle a été discutée")
    w.measures_section("Mesures en réponse", ix.measures_against.get(t.id, []))
    w.related(key, "source", "Sources")
    w.origin_note(t.origin, "Fiche du type de menace")
    return w.page(t.origin)
