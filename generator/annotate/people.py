"""People named in a text: the registry's, and the ones it does not know yet.

A registry person is found by name or alias. A person the registry does not
know is a sequence of two to four capitalised words ("Margus Tsahkna",
"Ursula von der Leyen") that the grammar of news writing marks as a person:

- a noun of function or occupation right before it or in apposition after it
  ("le ministre estonien des Affaires étrangères, Margus Tsahkna",
  "Kremlin spokesman Dmitry Peskov", "Jens Stoltenberg, secrétaire général");
- a title before it ("M.", "Mme", "Mr", "Dr");
- a verb of saying after or before it ("Maia Sandu dénonce", "said Tusk"),
  or "selon" / "according to" before it;
- for the optional spaCy model, the PER label.

The same context on the surname alone confirms the full name written earlier
("Elena Lasconi" … "Lasconi called"), and the surname alone then refers to
that person. Sequences that hold the head noun of an institution or a place
("Commission", "Council", "Sea") are not people.

Candidate names come from :mod:`.names`, what their contexts say from
:mod:`.contexts`; this module decides who is a person and gives the ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dates import PartialDate
from ..slugs import slug
from .contexts import Contexts
from .gazetteer import Hit
from .lexicon import CountryTerm, Cues, Lexicon
from .names import NameRuns
from .text import Doc, Span, key


@dataclass(frozen=True)
class PersonMention:
    start: int
    end: int
    #: Registry or proposed id; None for a role title whose holder is not known.
    pid: str | None
    #: registry, new, surname or title.
    how: str


@dataclass
class NewPerson:
    id: str
    name: str
    start: int
    role: str | None = None
    role_span: tuple[int, int] | None = None
    country: str | None = None
    context: str = ""


@dataclass
class People:
    mentions: list[PersonMention]
    #: Registry ids and new ids, in order of first mention.
    ids: list[str]
    new: dict[str, NewPerson]
    #: Grammatical gender, when the text tells it: id → 'f' or 'm'.
    genders: dict[str, str] = field(default_factory=dict)


class PersonFinder:
    """The people of one text: registry names and titles, and new names that their contexts confirm."""

    def __init__(self, doc: Doc, lex: Lexicon, cues: Cues, country_hits: list[Hit[CountryTerm]],
                 org_hits: list[Hit[str]], day: PartialDate | None, ner_persons: list[tuple[int, int]] | None = None) -> None:
        self.doc = doc
        self.lex = lex
        self.country_hits = [h for h in country_hits if h.payload.code]
        self.day = day
        self.ner = ner_persons or []
        self._keys = doc.keys
        # Words inside a country's or an organisation's name: never part of a person's.
        taken: set[int] = set()
        for start, end in [(h.start, h.end) for h in self.country_hits] + [(h.start, h.end) for h in org_hits]:
            taken.update(range(doc.word_index(start), doc.word_index(end)))
        self.names = NameRuns(doc, cues, taken)
        self.contexts = Contexts(doc, cues)

    def _in(self, hits: list, start: int, end: int) -> bool:
        return any(h.start < end and start < h.end for h in hits)

    def find(self) -> People:
        doc, lex = self.doc, self.lex
        mentions: list[PersonMention] = []
        registry_hits = lex.people.find(doc)
        for hit in registry_hits:
            mentions.append(PersonMention(hit.start, hit.end, hit.payload, "registry"))
        title_hits = lex.role_titles.find(doc)
        for hit in title_hits:
            mentions.append(PersonMention(hit.start, hit.end, lex.holder(hit.payload, self.day), "title"))
        known_spans = [Span(h.start, h.end) for h in registry_hits] + [Span(h.start, h.end) for h in title_hits]
        runs = self.names.runs()
        full: list[tuple[int, int, bool]] = []
        singles: dict[str, list[int]] = {}
        for start, end, prefixed in runs:
            s, e = doc.words[start].start, doc.words[end - 1].end
            if self._in(known_spans, s, e):
                continue
            if self.names.rejected(start, end):
                continue
            if end - start == 1:
                singles.setdefault(self._keys[start], []).append(start)
            else:
                full.append((start, end, prefixed))
        # Group the full names by surname; a surname shared by two names is ambiguous.
        by_surname: dict[str, set[str]] = {}
        for start, end, _ in full:
            by_surname.setdefault(self._keys[end - 1], set()).add(key(doc.raw[doc.words[start].start : doc.words[end - 1].end]))
        confirmed: dict[str, NewPerson] = {}
        for start, end, prefixed in full:
            s, e = doc.words[start].start, doc.words[end - 1].end
            name = " ".join(doc.raw[doc.words[k].start : doc.words[k].end] for k in range(start, end))
            pid = slug(name)
            role = self.contexts.role_before(start)
            if role is None and prefixed:  # the title that began the run
                role = self.contexts.prefix_span(start)
            if role is None:
                role = self.contexts.role_after(end - 1)
            context = prefixed or role is not None or self.contexts.honorific_before(start) or self.contexts.speech_after(end - 1) \
                or self.contexts.speech_before(start) or any(a < e and s < b for a, b in self.ner)
            surname = self._keys[end - 1]
            if not context and len(by_surname.get(surname, ())) == 1:
                for index in singles.get(surname, []):
                    if self.contexts.honorific_before(index) or self.contexts.speech_after(index) or self.contexts.speech_before(index):
                        context = True
                        break
            if pid in confirmed:
                if confirmed[pid].role_span is None and role is not None:
                    confirmed[pid].role_span = role  # the role may come with a later mention
                continue
            if not context:
                continue
            confirmed[pid] = NewPerson(pid, name, s, role_span=role)
        # Two spellings of one person ("Troels Lund Poulsen", "Lund Poulsen"): keep the longer.
        for pid in list(confirmed):
            other = next((o for o in confirmed if o != pid and o.endswith("-" + pid)), None)
            if other:
                del confirmed[pid]
        registry_ids = {p for p in lex.people_by_id}
        new: dict[str, NewPerson] = {}
        rename: dict[str, str] = {}
        for pid, person in confirmed.items():
            if pid in registry_ids:
                rename[pid] = pid
                continue
            if person.role_span:
                a, b = person.role_span
                person.role = doc.raw[a:b].strip(" ,")
                codes = [h.payload.code for h in self.country_hits if a <= h.start and h.end <= b]
                person.country = codes[0] if codes else None
            sentence = doc.sentences[doc.sentence_at(person.start)]
            person.context = doc.raw[sentence.start : sentence.end]
            new[pid] = person
        # Every occurrence of a confirmed name, and of its surname alone.
        surname_of: dict[str, str] = {}
        for pid, person in new.items():
            last = key(person.name.split()[-1])
            surname_of[last] = pid if last not in surname_of else ""
        for start, end, _ in full:
            s, e = doc.words[start].start, doc.words[end - 1].end
            name = " ".join(doc.raw[doc.words[k].start : doc.words[k].end] for k in range(start, end))
            pid = slug(name)
            target = pid if pid in new or pid in rename else next((o for o in new if o.endswith("-" + pid)), None)
            if target:
                mentions.append(PersonMention(s, e, target, "registry" if target in rename else "new"))
        for surname, indexes in singles.items():
            surname_pid = surname_of.get(surname)
            if surname_pid:
                for index in indexes:
                    w = doc.words[index]
                    mentions.append(PersonMention(w.start, w.end, surname_pid, "surname"))
        mentions.sort(key=lambda m: (m.start, -m.end))
        ids: list[str] = []
        genders: dict[str, str] = {}
        for m in mentions:
            if m.pid and m.how != "title" and m.pid not in ids:
                ids.append(m.pid)
            if m.pid and m.how != "title" and m.pid not in genders:
                g = self.contexts.gender(doc.word_index(m.start))
                if g:
                    genders[m.pid] = g
        return People(mentions, ids, new, genders)
