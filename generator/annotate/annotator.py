"""From a raw text to a draft annotation: the passes, field by field, in the order they need.

Nothing here reads or writes files: :class:`Annotator` takes a text (and its
file name, for a date prefix) and returns a :class:`~.draft.Draft`;
:mod:`generator.annotate.writer` turns it into front matter. Each field has
its own module: :mod:`.heading` (language, title, publisher),
:mod:`.countries`, :mod:`.people`, :mod:`.threats`, :mod:`.quotes`,
:mod:`.meetings` and :mod:`.incidents`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..corpus import Corpus
from ..slugs import slug
from .countries import counted_countries
from .draft import Draft, QuoteDraft, support
from .heading import detect_language, find_publisher, find_title
from .incidents import find_incidents
from .lexicon import Lexicon, build_lexicon
from .meetings import find_meetings
from .people import PersonFinder
from .quotes import attribute_quotes
from .text import Doc, key
from .threats import find_threats
from .when import publication_date


class Annotator:
    """Proposes annotations for raw texts, with the registries of one seeds folder."""

    def __init__(self, corpus: Corpus, nlp: Callable[[str], tuple[list[tuple[int, int]], list[tuple[int, int]]]] | None = None) -> None:
        self.corpus = corpus
        self.lex: Lexicon = build_lexicon(corpus)
        #: Optional named-entity recogniser: text → (person spans, organisation spans).
        self.nlp = nlp

    def annotate(self, text: str, stem: str | None = None) -> Draft:
        doc = Doc.of(text)
        doc.lang = detect_language(doc, self.lex)
        cues = self.lex.cues[doc.lang]
        date, origin = publication_date(doc, stem)
        title, headline = find_title(doc, cues)
        draft = Draft(title=title, language=doc.lang, date=date, date_origin=origin)

        country_hits = self.lex.countries[doc.lang].find(doc)
        org_hits = self.lex.organisations.find(doc)
        for hit in org_hits:
            draft.organisations.setdefault(hit.payload, support(doc, hit.start))
        draft.publisher = find_publisher(doc, cues, org_hits, self.corpus)

        ner_people: list[tuple[int, int]] = []
        if self.nlp is not None:
            ner_people, ner_orgs = self.nlp(text)
            known = [(h.start, h.end) for h in org_hits] + [(h.start, h.end) for h in country_hits]
            for s, e in ner_orgs:
                if not any(a < e and s < b for a, b in known):
                    name = text[s:e].strip()
                    if len(name) > 2 and name[0].isupper():
                        draft.new_organisations.setdefault(slug(name), name)

        counted = counted_countries(doc, cues, country_hits)
        for code, country_hit in counted:
            draft.countries.setdefault(code, support(doc, country_hit.start))

        people = PersonFinder(doc, self.lex, cues, country_hits, org_hits, date, ner_people).find()
        first_at: dict[str, int] = {}
        for m in people.mentions:
            if m.pid and m.how != "title":
                first_at.setdefault(m.pid, m.start)
        for pid in people.ids:
            draft.people[pid] = support(doc, first_at[pid])
        draft.new_people = people.new
        seen_mentions = set()
        for m in people.mentions:
            if m.how == "title" and m.pid:
                text_span = doc.raw[m.start : m.end]
                if key(text_span) not in seen_mentions:
                    seen_mentions.add(key(text_span))
                    draft.mentions.append({"text": text_span, "person": m.pid})

        threat_sentences = find_threats(doc, self.lex)
        for threat, sentences in threat_sentences.items():
            draft.threats[threat] = support(doc, doc.sentences[sentences[0]].start)

        quotes = attribute_quotes(doc, self.lex, cues, people.mentions, people.genders)
        for q in quotes:
            text_q = doc.raw[q.start : q.end]
            if q.speaker:
                draft.quotes.append(QuoteDraft(text_q, q.speaker, q.start, q.how))
            else:
                draft.unattributed.append(text_q)

        find_meetings(doc, self.lex, draft)
        draft.incidents = find_incidents(doc, self.lex, cues, threat_sentences, counted, date, quotes, skip_first=headline)
        return draft


def new_annotator(corpus: Corpus, nlp: bool | None = None) -> Annotator:
    """An annotator; with ``nlp`` True the spaCy model is required, with None it is used when installed."""
    recogniser = None
    if nlp is not False:
        from .nlp import load_recogniser

        recogniser = load_recogniser(required=bool(nlp))
    return Annotator(corpus, recogniser)
