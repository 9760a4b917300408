"""A source's page: metadata, summary, annotations, and the verbatim text with numbered paragraphs."""

from __future__ import annotations

from ..corpus import Corpus
from ..markup import esc, esc_verbatim, link
from ..model import Key, Source
from ..textmatch import Span, TermMatcher
from ..urls import page_path
from .common import Page, Writer, date_fr, facts

LANGUAGE_FR = {"fr": "français", "en": "anglais"}


def entity_terms(corpus: Corpus, key: Key, language: str) -> list[str]:
    """The words by which a text names an entity: names, aliases, adjectives, keywords."""
    kind, entity_id = key
    if kind == "person":
        p = corpus.people[entity_id]
        return [p.name, *p.aliases]
    if kind == "country":
        c = corpus.countries[entity_id]
        return [c.name, c.name_en, *c.aliases, *c.adjectives]
    if kind == "organisation":
        o = corpus.organisations[entity_id]
        return [o.name, *o.aliases]
    if kind == "threat":
        t = corpus.threats[entity_id]
        return [t.label["fr"], *t.label.values(), *t.keywords.get(language, [])]
    if kind == "meeting":
        return [corpus.meetings[entity_id].title]
    return []


def matcher_for(corpus: Corpus, s: Source) -> TermMatcher:
    """Source-specific mentions first, then every registry name of the entities it annotates."""
    terms: list[tuple[str, Key]] = [(m.text, m.target) for m in s.mentions]
    for kind in ("person", "organisation", "country", "meeting", "threat"):
        for entity_id in corpus.related(("source", s.id), kind):
            terms += [(t, (kind, entity_id)) for t in entity_terms(corpus, (kind, entity_id), s.language)]
    return TermMatcher(terms)


def linked_paragraph(w: Writer, text: str, spans: list[Span]) -> str:
    """The paragraph's exact characters, with the spans naming an entity made into links."""
    out, pos = [], 0
    for span in spans:
        out.append(esc_verbatim(text[pos : span.start]))
        out.append(link(esc_verbatim(text[span.start : span.end]), w.href(*span.target)))
        pos = span.end
    out.append(esc_verbatim(text[pos:]))
    return "".join(out)


def render_source(corpus: Corpus, s: Source) -> Page:
    w = Writer(corpus, page_path("source", s.id))
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
        w.section("Résumé de l'analyste", esc(s.summary))
    w.related(key, "meeting", "Réunions rapportées")
    w.related(key, "country", "Pays")
    w.related(key, "threat", "Menaces")
    w.related(key, "person", "Personnes")
    w.related(key, "organisation", "Organisations")
    w.section("Incidents", w.incidents_list(s.incidents))
    w.section("Citations", w.quotes_block(s.quotes))
    w.section("Mesures", w.measures_list(s.measures))
    matcher = matcher_for(corpus, s)
    paras = []
    for p in s.paragraphs:
        text = s.body[p.start : p.end]
        number = f'[{p.number}](#p{p.number}){{: .briefing-para-number aria-label="Paragraphe {p.number}" }}'
        paras.append(f"{number}{linked_paragraph(w, text, matcher.spans(text))}\n{{: #p{p.number} .briefing-para }}")
    w.section("Texte de la source", "\n\n".join(paras) if paras else "*Texte vide.*")
    w.origin_note(s.origin, "Annotation de la source")
    return Page(w.path, w.markdown(), s.origin)
