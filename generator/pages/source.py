"""A source's page: metadata, summary, annotations, and the verbatim text with numbered paragraphs."""

from __future__ import annotations

from ..chars import neutral
from ..corpus import Corpus
from ..kinds import LINKED
from ..markup import esc, esc_verbatim
from ..model import Source
from ..paths import page_path, para_anchor
from ..reader import MAX_LINE, read_problems
from ..textmatch import RestrictedMatcher, Span, spans_by_part
from ..vocabulary import LANGUAGE_FR, date_fr, source_state
from .common import Writer, facts
from .mentions import linked, matcher
from .page import Page

#: Longest piece of a paragraph given to Markdown as one block. Python-Markdown's inline step
#: rebuilds the block's whole text for each link or character reference it finds, so its time
#: grows with the square of a block's length (a paragraph of one 4 MB line took minutes); a
#: longer paragraph is shown as consecutive blocks, the first one numbered (and warned about
#: by the reader, see ``reader.MAX_LINE``).
MAX_BLOCK = MAX_LINE


def blocks(text: str, spans: list[Span], size: int = MAX_BLOCK) -> list[tuple[str, list[Span]]]:
    """``text`` cut into pieces of about ``size`` characters (after a space when there is one
    in the second half of the piece, never inside a span), each with its spans made relative."""
    if len(text) <= size:
        return [(text, spans)]
    out: list[tuple[str, list[Span]]] = []
    start = first = 0
    while start < len(text):
        cut = start + size
        if cut >= len(text):
            cut = len(text)
        else:
            space = text.rfind(" ", start + size // 2, cut)
            if space != -1:
                cut = space + 1
            k = first
            while k < len(spans) and spans[k].end <= cut:
                k += 1
            if k < len(spans) and spans[k].start < cut:  # the cut falls inside a span: before it, or after
                cut = spans[k].start if spans[k].start > start else spans[k].end
        last = first
        while last < len(spans) and spans[last].end <= cut:
            last += 1
        out.append((text[start:cut], [Span(x.start - start, x.end - start, x.target) for x in spans[first:last]]))
        start, first = cut, last
    return out


def matcher_for(corpus: Corpus, s: Source) -> RestrictedMatcher:
    """Source-specific mentions first, then every registry name of the entities it annotates."""
    keys = [(kind, i) for kind in LINKED for i in corpus.related(("source", s.id), kind)]
    return matcher(corpus, keys, s.language, extra=[(m.text, m.target) for m in s.mentions])


def render_source(corpus: Corpus, s: Source) -> Page:
    """The source's page (under ``mkdocs serve``, :mod:`generator.site` may give the last build's instead)."""
    w = Writer(corpus, page_path("source", s.id), ("source", s.id))
    key = ("source", s.id)
    w.add(f"# {esc(s.title)}")
    if s.problems:
        lines = "\n".join(f"    - {esc(str(d))}" for d in s.problems)
        kind = "danger" if any(d.severity == "error" for d in s.problems) else "warning"
        w.add(f'!!! {kind} "Annotation à corriger"\n\n    Ce qui suit a été signalé dans ce fichier :\n\n{lines}')
    reading = read_problems(s.problems)
    if reading:
        notes = "\n".join(f"    - {esc(d.note)}" for d in reading)
        kind = "danger" if any(d.severity == "error" for d in reading) else "warning"
        w.add(f'!!! {kind} "Texte mal lu"\n\n    La lecture de ce fichier a posé problème :\n\n{notes}')
    if not s.annotated:
        w.add('!!! note "Non annoté"\n\n    Cette source n\'a pas (encore) d\'annotation valide : seul son texte est publié.')
    rows = [["Date", date_fr(s.date)], ["Langue", LANGUAGE_FR.get(s.language, s.language)]]
    if s.publisher:
        rows.append(["Éditeur", w.ref("organisation", s.publisher)])
    if s.url:
        rows.append(["Adresse d'origine", f"<span class=\"briefing-url\">{esc(s.url)}</span>"])
    rows.append(["État", source_state(s)])
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
    for p, text, spans in zip(s.paragraphs, texts, spans_by_part(names, texts), strict=True):
        anchor = para_anchor(p.number)
        number = f'[{p.number}](#{anchor}){{: .briefing-para-number aria-label="Paragraphe {p.number}" }}'
        pieces = blocks(text, spans)
        piece, piece_spans = pieces[0]
        paras.append(f"{number}{linked(piece, piece_spans, w.href, esc_verbatim)}\n{{: #{anchor} .briefing-para }}")
        for piece, piece_spans in pieces[1:]:  # the rest of an overlong paragraph
            paras.append(f"{linked(piece, piece_spans, w.href, esc_verbatim)}\n{{: .briefing-para .briefing-para-more }}")
    unread = [d for d in reading if d.unread]
    empty = " ".join(f"*{esc(d.note)}*" for d in unread) if unread else "*Texte vide.*"
    w.section("Texte de la source", "\n\n".join(paras) if paras else empty)
    w.origin_note(s.origin, "Annotation de la source")
    return w.page(s.origin)
