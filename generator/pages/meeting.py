"""A meeting's page: when, where, who, what was discussed, cited, decided and said."""

from __future__ import annotations

from .. import index
from ..corpus import Corpus
from ..markup import bullets, esc
from ..memo import NO_MEMO, Memo
from ..model import Meeting
from ..paths import page_path
from ..vocabulary import MEETING_KIND_FR, date_fr
from .common import Writer, facts
from .page import Page


def render_meeting(corpus: Corpus, m: Meeting, memo: Memo = NO_MEMO) -> Page:
    w = Writer(corpus, page_path("meeting", m.id), ("meeting", m.id), memo)
    key = ("meeting", m.id)
    when = date_fr(m.start) + (f" – {date_fr(m.end)}" if m.end and m.end != m.start else "")
    place = ", ".join(x for x in (esc(m.place) if m.place else "", w.ref("country", m.country)) if x)
    chair = w.ref("person", m.chair)
    if m.chair:
        role = corpus.people[m.chair].role_on(m.start)
        chair += f", {esc(role.title['fr'])}" if role else ""
    w.add(f"# {esc(m.title)}")
    w.notice(m.problems, "Fiche de la réunion")
    w.add(facts([
        ["Type", MEETING_KIND_FR[m.kind]],
        ["Date", when],
        ["Lieu", place],
        ["Présidence", chair],
    ]))
    if m.summary:
        w.add(w.linked(m.summary))
    ix = index.of(corpus)
    speakers = {q.speaker for q in ix.quotes_at_meeting.get(m.id, [])}
    participants = [p for p in corpus.related(key, "person") if p != m.chair]
    w.section("Participants", bullets(
        w.ref("person", p) + (" (cité)" if p in speakers else "")
        for p in sorted(participants, key=lambda p: corpus.people[p].name)
    ))
    w.related(key, "threat", "Menaces discutées")
    w.incidents_section("Incidents cités", ix.incidents_at_meeting.get(m.id, []), hide=["meeting"])
    w.measures_section("Mesures décidées", ix.measures_at_meeting.get(m.id, []), show_meeting=False)
    w.quotes_section("Citations", ix.quotes_at_meeting.get(m.id, []), show_meeting=False)
    w.related(key, "country", "Pays")
    w.related(key, "organisation", "Organisations")
    w.related(key, "source", "Sources")
    w.origin_note(m.origin, "Fiche de la réunion")
    return w.page(m.origin)
