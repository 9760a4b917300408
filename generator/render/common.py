"""What every page renderer shares: the page record, labels, links and sections."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from ..corpus import Corpus
from ..dates import PartialDate
from ..diagnostics import Origin
from ..markup import bullets, esc, esc_first, link
from ..model import Incident, Key, Measure, Quote, Source
from ..urls import SECTIONS, page_path, relative
from . import mentions

ATTRIBUTION_FR = {
    "confirmed": "confirmé",
    "attributed": "attribué",
    "suspected": "soupçonné",
    "alleged": "allégué",
    "unknown": "inconnu",
}
MEETING_KIND_FR = {
    "summit": "Sommet",
    "foreign-ministers": "Réunion des ministres des Affaires étrangères",
    "defence-ministers": "Réunion des ministres de la Défense",
    "nato-ukraine-council": "Conseil OTAN-Ukraine",
    "expert": "Réunion d'experts",
    "other": "Autre réunion",
}
COUNTRY_ROLE_FR = {
    "member": "Membre de l'OTAN",
    "partner": "Partenaire de l'OTAN",
    "adversary": "Adversaire",
    "other": "Autre",
}
ORGANISATION_KIND_FR = {"media": "Média", "agency": "Agence", "institution": "Institution", "other": "Autre"}


@dataclass
class Page:
    """One generated Markdown page and the annotation it comes from."""

    path: str
    markdown: str
    #: The annotation a reader would edit to correct this page (None for derived pages).
    origin: Origin | None = None
    #: Leaf pages stay out of the navigation; section indexes are in it.
    in_nav: bool = False


@dataclass
class Asset:
    """A non-Markdown file published with the site (feed, export, picture), copied as is."""

    path: str
    content: bytes


def date_fr(day: PartialDate | None) -> str:
    return day.french() if day else "date inconnue"


def newest_first(sources: Iterable[Source]) -> list[Source]:
    return sorted(sources, key=lambda s: (s.date is None, -(s.date.first_day.toordinal()) if s.date else 0, s.id))


def by_date_desc(items: Iterable, key=lambda x: x.date):  # type: ignore[no-untyped-def]
    return sorted(items, key=lambda x: (key(x) is None, -(key(x).first_day.toordinal()) if key(x) else 0))


class Writer:
    """Builds the Markdown of one page: links are relative to that page."""

    def __init__(self, corpus: Corpus, path: str, key: Key | None = None) -> None:
        self.corpus = corpus
        self.path = path
        #: The entity the page is about, if any.
        self.key = key
        self.parts: list[str] = []

    # --- text --------------------------------------------------------------

    def add(self, *blocks: str) -> None:
        self.parts.extend(b for b in blocks if b)

    def section(self, title: str, body: str) -> None:
        if body:
            self.parts.append(f"## {title}\n\n{body}")

    def markdown(self) -> str:
        return "\n\n".join(self.parts) + "\n"

    # --- labels and links --------------------------------------------------

    def label(self, kind: str, entity_id: str) -> str:
        c = self.corpus
        if kind == "country":
            return c.countries[entity_id].name
        if kind == "meeting":
            return c.meetings[entity_id].title
        if kind == "threat":
            return c.threats[entity_id].label["fr"]
        if kind == "person":
            return c.people[entity_id].name
        if kind == "organisation":
            return c.organisations[entity_id].name
        return c.sources[entity_id].title

    def href(self, kind: str, entity_id: str, anchor: str = "") -> str:
        return relative(self.path, page_path(kind, entity_id), anchor)

    def linked(self, text: str, key: Key | None = None) -> str:
        """Analyst text on one line, escaped, with the entities related to ``key`` (the page's
        entity by default) made links where it names them: those pages link back here."""
        key = key or self.key
        if key is None:
            return esc(text)
        flat = " ".join(text.split())
        spans = mentions.matcher(self.corpus, self.corpus.graph.get(key, ())).spans(flat)
        return esc_first(mentions.linked(flat, spans, self.href))

    def ref(self, kind: str, entity_id: str | None) -> str:
        if not entity_id:
            return ""
        return link(esc(self.label(kind, entity_id)), self.href(kind, entity_id))

    def para(self, source_id: str, number: int) -> str:
        """Link to a paragraph of a source: '[§ 3](../sources/x.md#p3)'."""
        return link(f"§&#160;{number}", self.href("source", source_id, f"p{number}"))

    def cite(self, source_id: str, number: int) -> str:
        """The source (short label) and its paragraph; on the source's own page, the paragraph alone."""
        if self.path == page_path("source", source_id):
            return self.para(source_id, number)
        label = link(esc(short_label(self.corpus, source_id)), self.href("source", source_id))
        return f"{label}, {self.para(source_id, number)}"

    def source_line(self, s: Source) -> str:
        bits = [self.ref("source", s.id), date_fr(s.date)]
        if s.publisher:
            bits.append(self.ref("organisation", s.publisher))
        if not s.reviewed:
            bits.append("*brouillon à relire*")
        return " — ".join(bits)

    def speaker(self, q: Quote) -> str:
        person = self.corpus.people[q.speaker]
        role = person.role_on(self.corpus.sources[q.source].date)
        out = self.ref("person", q.speaker)
        return f"{out}, {esc(role.title['fr'])}" if role else out

    # --- shared sections ---------------------------------------------------

    def related(self, key: Key, kind: str, title: str, exclude: Iterable[str] = ()) -> None:
        """List every entity of ``kind`` linked to ``key``: the back links of the page."""
        skip = set(exclude)
        ids = [i for i in self.corpus.related(key, kind) if i not in skip]
        if kind == "source":
            self.section(title, bullets(self.source_line(s) for s in newest_first(self.corpus.sources[i] for i in ids)))
        else:
            self.section(title, bullets(self.ref(kind, i) for i in sorted(ids, key=lambda i: self.label(kind, i).casefold())))

    def incidents_list(self, incidents: Iterable[Incident], hide: Iterable[str] = ()) -> str:
        """Incidents newest first: what, where, which threat, who and how firmly, and the paragraph."""
        hidden = set(hide)
        items = []
        for i in by_date_desc(incidents):
            country = self.ref("country", i.country) if "country" not in hidden else ""
            where = ", ".join(x for x in (esc(i.place) if i.place else "", country) if x)
            bits = [f"**{date_fr(i.date)}** — {self.linked(i.summary)}"]
            if where:
                bits.append(f"lieu : {where}")
            if "threat" not in hidden:
                bits.append(self.ref("threat", i.threat))
            actor = f"auteur présumé : {self.ref('country', i.actor)} " if i.actor and "actor" not in hidden else ""
            bits.append(f"{actor}({ATTRIBUTION_FR[i.attribution]})")
            if i.meeting and "meeting" not in hidden:
                bits.append(f"cité à : {self.ref('meeting', i.meeting)}")
            bits.append(self.cite(i.source, i.paragraph))
            items.append(" · ".join(bits))
        return bullets(items)

    def quotes_block(self, quotes: Iterable[Quote], show_speaker: bool = True, show_meeting: bool = True) -> str:
        blocks = []
        for q in quotes:
            who = [self.speaker(q)] if show_speaker else []
            if show_meeting and q.meeting:
                who.append(self.ref("meeting", q.meeting))
            who.append(self.cite(q.source, q.paragraph))
            blocks.append(f"« {esc(q.text)} »  \n  — {' · '.join(who)}")
        return bullets(blocks)

    def measures_list(self, measures: Iterable[Measure], show_meeting: bool = True) -> str:
        items = []
        for m in measures:
            bits = [self.linked(m.text)]
            if show_meeting and m.meeting:
                bits.append(self.ref("meeting", m.meeting))
            if m.threats:
                bits.append("contre " + ", ".join(self.ref("threat", t) for t in m.threats))
            bits.append(self.cite(m.source, m.paragraph))
            items.append(" — ".join(bits))
        return bullets(items)

    def origin_note(self, origin: Origin | None, what: str) -> None:
        """Tells the reader which annotation to edit to correct the page."""
        if origin is None:
            return
        self.add(
            f"{what} : *{esc(origin.path)}*, ligne {origin.line}. "
            "Pour corriger cette page, modifiez ce fichier puis reconstruisez le site.\n"
            "{: .briefing-origin }"
        )


def short_label(corpus: Corpus, source_id: str, limit: int = 48) -> str:
    """'Deutsche Welle, 13 juin 2024', or the title cut at a word when there is no publisher."""
    s = corpus.sources[source_id]
    if s.publisher:
        return f"{corpus.organisations[s.publisher].name}, {date_fr(s.date)}"
    title = " ".join(s.title.split())
    if len(title) > limit:
        title = title[:limit].rsplit(" ", 1)[0] + "…"
    return f"{title}, {date_fr(s.date)}" if s.date else title


def facts(rows: Iterable[Sequence[str]]) -> str:
    """Key facts of an entity as 'Label : value' lines (values already Markdown)."""
    return bullets(f"**{label}** : {value}" for label, value in rows if value)


def section_title(kind: str) -> str:
    return SECTIONS[kind][1]
