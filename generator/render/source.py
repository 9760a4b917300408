"""A source's page: metadata, summary, annotations, and the verbatim text with numbered paragraphs."""

from __future__ import annotations

from .. import incremental
from ..corpus import Corpus
from ..chars import neutral
from ..markup import esc, esc_verbatim
from ..model import Source
from ..textmatch import RestrictedMatcher, spans_by_part
from ..urls import page_path
from .common import Page, Writer, date_fr, facts
from .mentions import linked, matcher

LANGUAGE_FR = {"fr": "français", "en": "anglais"}


def matcher_for(corpus: Corpus, s: Source) -> RestrictedMatcher:
    """Source-specific mentions first, then every registry name of the entities it annotates."""
    keys = [(kind, i) for kind in ("person", "organisation", "country", "meeting", "threat") for i in corpus.related(("source", s.id), kind)]
    return matcher(corpus, keys, s.language, extra=[(m.text, m.target) for m in s.mentions])


def render_source(corpus: Corpus, s: Source) -> Page:
    """The source's page; under ``mkdocs serve``, the last build's page when the source is unchanged."""
    return incremental.source_page(corpus, s, _render_source)


def _render_source(corpus: Corpus, s: Source) -> Page:
    w = Writer(corpus, page_path("source", s.id), ("source", s.id))
    key = ("source", s.id)
    w.add(f"# {esc(s.title)}")
    if s.problems:
        lines = "\n".join(f"    - {esc(str(d))}" for d in s.problems)
        kind = "danger" if any(d.severity == "error" for d in s.problems) else "warning"
        w.add(f'!!! {kind} "Annotation à corriger"\n\n    Ce qui suit a été signalé dans ce fichier :\n\n{lines}')
    if not s.annotated:
        w.add('!!! note "Non annoté"\n\n    Cette source n\'a pas (encore) d\'annotation valide : seul son texte est publié.')
    rows = [["Date", date_fr(s.date)], ["Langue", LANGUAGE_FR.get(s.language, s.language)]]
    if s.publisher:
        rows.append(["Éditeur", w.ref("organisation", s.publisher)])
    if s.url:
        rows.append(["Adresse d'origine", f"<span class=\"briefing-url\">{esc(s.url)}</span>"])
    rows.append(["État", "relue" if s.reviewed else "brouillon à relire"])
    w.add(facts(rows))
    if s.summary:
        w.section("Résumé de l'analyste", w.linked(s.summary))
    w.related(key, "meeting", "Réunions rapportées")
    w.related(key, "country", "Pays")
    w.related(key, "threat", "Menaces")
    w.related(key, "person", "Personnes")
    w.related(key, "organisation", "Organisations")
    w.section("Incidents", w.incidents_list(s.incidents))
    w.section("Citations", w.quotes_block(s.quotes))
    w.section("Mesures", w.measures_list(s.measures))
    names = matcher_for(corpus, s)
    texts = [neutral(t) for t in s.paragraph_texts()]  # controls and bidi overrides as markers
    paras = []
    for p, text, spans in zip(s.paragraphs, texts, spans_by_part(names, texts)):
        number = f'[{p.number}](#p{p.number}){{: .briefing-para-number aria-label="Paragraphe {p.number}" }}'
        paras.append(f"{number}{linked(text, spans, w.href, esc_verbatim)}\n{{: #p{p.number} .briefing-para }}")
    w.section("Texte de la source", "\n\n".join(paras) if paras else "*Texte vide.*")
    w.origin_note(s.origin, "Annotation de la source")
    return w.page(s.origin)
