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
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..dates import PartialDate
from ..slugs import slug
from .gazetteer import Hit
from .lexicon import CountryTerm, Cues, Lexicon
from .text import Doc, Span, key

# Function words a noun phrase of function keeps inside it ("chef d'état-major
# de l'armée", "Secretary of State").
_NP_WORDS = {"le", "la", "les", "l", "un", "une", "de", "du", "des", "d", "the", "an", "of", "for", "au", "aux", "en", "in"}
_CONTRACTED = {"du", "des", "au", "aux", "d", "de"}
# Endings of verb forms: English -ing/-ed, French past participles.
_VERB_FORM = re.compile(r"(?:ing|ed|é|ée|és|ées)$")
# Verbs that give a name rather than report words ("un pétrolier appelé
# Eagle S", "a mission called Baltic Sentry"): never evidence of a person.
_NAMING_VERBS = {"appele", "appelee", "appeles", "appelees", "nomme", "nommee", "baptise", "baptisee", "surnomme",
                 "surnommee", "qualifie", "qualifiee", "called", "named", "dubbed", "nicknamed", "calling"}
# English verbs of saying that may come before their subject ("said Tusk").
_INVERTING_EN = {"said", "says", "added", "adds", "asked", "wrote", "writes", "continued", "explained", "warned",
                 "noted", "insisted", "told"}
_BREAK_GAP = re.compile(r"[.;:!?«»\"“”()\[\]\n|—–]")
# Auxiliaries and adverbs that may stand between a subject and its verb of
# saying ("Petteri Orpo a pour sa part assuré", "Rutte has also said").
_BETWEEN_SUBJECT_AND_VERB = {
    "a", "ont", "avait", "avaient", "aurait", "auraient", "has", "have", "had", "also", "aussi", "alors", "encore",
    "pour", "sa", "part", "then", "later", "on", "deja", "en", "outre", "par", "ailleurs", "lui", "meme", "would",
    "will", "again", "de", "son", "cote", "leur", "egalement", "ensuite", "finalement", "ne", "pas", "plus",
}


#: First words of the multi-word verbs of saying ("mis en garde", "fait valoir").
_PHRASE_HEADS = {"mis", "met", "fait"}


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


class _RawWords:
    """The original text of word i, sliced when asked for."""

    __slots__ = ("raw", "words")

    def __init__(self, doc: Doc) -> None:
        self.raw, self.words = doc.raw, doc.words

    def __getitem__(self, i: int) -> str:
        w = self.words[i]
        return self.raw[w[0] : w[1]]


def person_id(name: str) -> str:
    """The id a registry entry for this name would get ("Władysław Kosiniak-Kamysz"
    → "wladyslaw-kosiniak-kamysz")."""
    return slug(name)


def _is_cap(word: str) -> bool:
    return word[:1].isupper() and any(c.islower() for c in word)


class PersonFinder:
    def __init__(self, doc: Doc, lex: Lexicon, cues: Cues, country_hits: list[Hit[CountryTerm]],
                 org_hits: list[Hit[str]], day: PartialDate | None, ner_persons: list[tuple[int, int]] | None = None) -> None:
        self.doc = doc
        self.lex = lex
        self.cues = cues
        self.country_hits = [h for h in country_hits if h.payload.code]
        self.org_hits = org_hits
        self.day = day
        self.ner = ner_persons or []
        self._raw_words = _RawWords(doc)
        self._keys = doc.keys
        self._role_phrases = [(h.start, h.end) for h in cues.role_phrases.find(doc)]
        # Words inside a country's or an organisation's name: never part of a person's.
        self._taken: set[int] = set()
        for start, end in [(h.start, h.end) for h in self.country_hits] + [(h.start, h.end) for h in org_hits]:
            self._taken.update(range(doc.word_index(start), doc.word_index(end)))

    # --- helpers -----------------------------------------------------------

    def gap(self, i: int) -> str:
        """The original text between word i and word i+1."""
        words = self.doc.words
        end = words[i + 1].start if i + 1 < len(words) else len(self.doc.raw)
        return self.doc.raw[words[i].end : end]

    def is_role(self, i: int) -> bool:
        return self._keys[i] in self.cues.role_nouns

    def is_honorific(self, i: int) -> bool:
        word = self._raw_words[i]
        return word in self.cues.honorifics and (
            self.gap(i).startswith(".") or word in ("Mme", "Mmes", "Mlle", "Mr", "Mrs", "Ms", "Dr", "Sir", "Dame", "Me", "Pr"))

    def _in(self, hits: list, start: int, end: int) -> bool:
        return any(h.start < end and start < h.end for h in hits)

    # --- runs of capitalised words ------------------------------------------

    def _raw_runs(self) -> list[tuple[int, int]]:
        """Maximal runs of capitalised words (and name particles between them)."""
        words, raw, keys, cues = self.doc.words, self._raw_words, self._keys, self.cues
        out = []
        n = len(words)
        text = self.doc.raw
        capitals = [k for k, w in enumerate(words) if text[w[0]].isupper()]
        is_capital = set(capitals)
        next_cap = 0
        i = 0
        while i < n:
            while next_cap < len(capitals) and capitals[next_cap] < i:
                next_cap += 1
            if next_cap >= len(capitals):
                break
            i = capitals[next_cap]
            if not (_is_cap(raw[i]) or (len(raw[i]) == 1 and raw[i].isupper())):
                i += 1
                continue
            j = i + 1
            while j < n:
                particle = j not in is_capital and keys[j] in cues.name_particles
                if j not in is_capital and not particle:
                    break
                gap = text[words[j - 1][1] : words[j][0]]
                initial = len(raw[j - 1]) == 1 and gap.startswith(".") and gap[1:].strip() == "" and "\n" not in gap
                if not (gap.strip() == "" and "\n" not in gap) and not initial:
                    break
                if particle:  # a particle belongs to the name only before a capitalised word
                    goes_on = j + 1 < n and _is_cap(raw[j + 1]) and self.gap(j).strip() == ""
                else:
                    goes_on = _is_cap(raw[j]) or (len(raw[j]) == 1 and self.gap(j).startswith("."))
                if not goes_on:
                    break
                j += 1
            out.append((i, j))
            i = j
        return out

    def _institutional(self, start: int, end: int) -> bool:
        return any(self._keys[k] in self.cues.not_person_words for k in range(start, end))

    def _chains(self, runs: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
        """Runs joined into one proper name by a connector ("Institute for National
        Defense and Security Research", "Bureau national d'enquête" is cut by the
        lower-case "national" already). (start, end, is part of a longer name)."""
        out: list[tuple[int, int, bool]] = []
        group: list[tuple[int, int]] = []
        institutional = False

        def flush() -> None:
            if len(group) == 1:
                out.append((group[0][0], group[0][1], False))
            elif len(group) == 2 and not institutional and all(
                self._keys[k] in ("de", "du", "d") for k in range(group[0][1], group[1][0])
            ) and group[0][1] - group[0][0] == 1 and group[1][1] - group[1][0] == 1 \
                    and not any(c.isupper() for c in self._raw_words[group[0][0]][1:]):
                out.append((group[0][0], group[1][1], False))  # a name with its particle: "Charles de Gaulle"
            else:
                out.extend((a, b, True) for a, b in group)

        for run in runs:
            if group:
                between = list(range(group[-1][1], run[0]))
                connector = len(between) == 1 and (
                    self._keys[between[0]] in self.cues.name_connectors
                    or (self._keys[between[0]] in ("and", "et") and (institutional or self._institutional(*run)))
                ) and not _BREAK_GAP.search(self.gap(group[-1][1] - 1)) and not _BREAK_GAP.search(self.gap(between[0]))
                if connector:
                    group.append(run)
                    institutional = institutional or self._institutional(*run)
                    continue
                flush()
            group = [run]
            institutional = self._institutional(*run)
        if group:
            flush()
        return out

    def _title_case(self) -> set[int]:
        """Paragraphs written in Title Case ("Finnish President Stubb Warns of
        Sabotage"): every word capitalised, so capitals tell nothing there."""
        out = set()
        doc = self.doc
        for index, para in enumerate(doc.paragraphs[:3]):
            first, last = doc.word_index(para.start), doc.word_index(para.end)
            long_words = [k for k in range(first, last) if len(self._raw_words[k]) > 3 and self._keys[k] not in self.cues.function_words]
            if len(long_words) >= 4 and sum(1 for k in long_words if self._raw_words[k][0].isupper()) >= 0.75 * len(long_words):
                out.add(index)
        return out

    def runs(self) -> list[tuple[int, int, bool]]:
        """(first word, last word + 1, prefixed by a role or a title) of each candidate name."""
        raw, keys, cues = self._raw_words, self._keys, self.cues
        out = []
        title_case = self._title_case()
        for i, j, in_longer_name in self._chains(self._raw_runs()):
            if in_longer_name or (title_case and self.doc.para_at(self.doc.words[i].start) in title_case):
                continue
            # A verb of saying ends a name ("Tusk Says …" in a headline).
            for k in range(i + 1, j):
                if keys[k] in cues.speech_verbs or raw[k].lower() in cues.event_verbs:
                    j = k
                    break
            start, end = i, j
            prefixed = False
            # A name holds no noun of function: whatever comes up to the last one is
            # the title before the name ("Polish Defence Minister Władysław …").
            last_role = max((k for k in range(i, j) if self.is_role(k) or self.is_honorific(k)), default=None)
            if last_role is not None:
                start, prefixed = last_role + 1, True
            while start < end:
                first = keys[start]
                if (first in cues.function_words or first in cues.weekdays or first in cues.months or first in cues.portfolio_words
                        or start in self._taken or len(raw[start]) == 1):
                    start += 1
                else:
                    break
            while end > start and (keys[end - 1] in cues.function_words or keys[end - 1] in cues.name_particles):
                end -= 1
            if end > start:
                out.append((start, end, prefixed))
        return out

    def gender(self, first: int) -> str | None:
        """'f' or 'm' from the words right before a name: a title (Mme, Mr), a
        noun of function with its gender (présidente, spokesman) or its article
        ("la ministre")."""
        i = first - 1
        seen = 0
        while i >= 0 and seen < 6:
            if _BREAK_GAP.search(self.gap(i)) or ("," in self.gap(i) and seen):
                break
            k = self._keys[i]
            raw = self._raw_words[i].rstrip(".")
            if (self.is_role(i) and i > 0 and self._keys[i - 1] in ("la", "le")
                    and k not in self.cues.feminine and k not in self.cues.masculine):
                return "f" if self._keys[i - 1] == "la" else "m"
            if k not in ("la", "le") and (k in self.cues.feminine or raw in self.cues.feminine):
                return "f"
            if k not in ("la", "le") and (k in self.cues.masculine or raw in self.cues.masculine):
                return "m"
            if k in self.cues.function_words and k not in _NP_WORDS:
                break
            seen += 1
            i -= 1
        return None

    def rejected(self, start: int, end: int) -> bool:
        words = self.doc.words
        if end - start > 4:
            return True
        if any(self._keys[k] in self.cues.not_person_words for k in range(start, end)):
            return True
        if any(self._keys[k] in self.cues.months or self._keys[k] in self.cues.weekdays for k in range(start, end)):
            return True
        if any(k in self._taken for k in range(start, end)):
            return True
        # A name followed by a numeral names a ship or a product ("Yi Peng 3", "Hong Tai 58").
        if end < len(words) and self._keys[end][:1].isdigit() and self.gap(end - 1).strip(" -") == "":
            return True
        # "X of Y", "X de Y": a proper name with a complement is an institution or a place.
        nxt = end
        return bool(nxt + 1 < len(words) and self._keys[nxt] in ("of", "de", "du", "des", "d") and _is_cap(self._raw_words[nxt + 1])
                    and self.gap(end - 1).strip() == "")

    # --- contexts ----------------------------------------------------------

    def role_before(self, first: int) -> tuple[int, int] | None:
        """Span of a noun phrase of function right before word ``first``."""
        i = first - 1
        collected: list[int] = []
        while i >= 0 and len(collected) < 9:
            gap = self.gap(i)
            if _BREAK_GAP.search(gap):
                break
            if "," in gap and collected:
                break
            k = self._keys[i]
            word = self._raw_words[i].lower()
            # "secrétaire d'État à la Défense", "ambassador to the UN": inside the
            # phrase; the auxiliary "a" ("a déclaré") ends it.
            inner = word in ("à", "to") or (k in _NP_WORDS and word != "a")
            if k in self.cues.function_words and not inner:
                break
            if k in self.cues.speech_verbs or self._raw_words[i].lower() in self.cues.event_verbs:
                break
            # Past the noun of function, a verb form ends the phrase ("a plane
            # carrying Defence Secretary X", "a rencontré le ministre X").
            if any(self.is_role(c) for c in collected) and _VERB_FORM.search(word) and not self.is_role(i):
                break
            collected.append(i)
            i -= 1
        if not collected:
            return None
        span_start, span_end = self.doc.words[collected[-1]].start, self.doc.words[collected[0]].end
        if not any(self.is_role(c) for c in collected) and not any(span_start <= a and b <= span_end for a, b in self._role_phrases):
            return None
        # The phrase starts at the determiner of its (first) noun of function,
        # "le ministre estonien …", or, without one, at the first modifier:
        # "Estonian Prime Minister", "EU foreign policy chief".
        roles = [c for c in collected if self.is_role(c)]
        start = collected[-1]
        if roles:
            head = min(roles)
            for back in (1, 2):
                if head - back in collected and self._keys[head - back] in self.cues.determiners:
                    start = head - back
                    if self._keys[start] in _CONTRACTED:  # "à la demande du président X"
                        start += 1
                    break
        return self.doc.words[start].start, self.doc.words[collected[0]].end

    def role_after(self, last: int) -> tuple[int, int] | None:
        """Span of an apposition of function after word ``last`` ("X, ministre de …,")."""
        words = self.doc.words
        if last + 1 >= len(words):
            return None
        gap = self.gap(last)
        if gap.strip() != ",":
            return None
        collected: list[int] = []
        i = last + 1
        while i < len(words) and len(collected) < 10:
            k = self._keys[i]
            if k in self.cues.relatives or k in self.cues.speech_verbs:
                break
            article = not collected and self.cues.lang == "en" and k in ("a", "an")
            if k in self.cues.function_words and k not in _NP_WORDS and not article:
                break
            collected.append(i)
            g = self.gap(i)
            if "," in g or "." in g or ":" in g or ";" in g or "\n" in g:
                break
            i += 1
        if not collected or not any(self.is_role(c) for c in collected[:5]):
            return None
        return words[collected[0]].start, words[collected[-1]].end

    def honorific_before(self, first: int) -> bool:
        return first > 0 and self.is_honorific(first - 1)

    def speech_after(self, last: int) -> bool:
        i = last + 1
        skipped = 0
        if last + 1 < len(self.doc.words) and _BREAK_GAP.search(self.gap(last)):
            return False
        while i < len(self.doc.words) and skipped <= 4:
            k = self._keys[i]
            if k in self.cues.speech_verbs or (
                    k in _PHRASE_HEADS and self.cues.speech_phrases.find(self.doc, self.doc.words[i].start, self.doc.words[i].end + 12)):
                return True
            if k not in _BETWEEN_SUBJECT_AND_VERB:
                return False
            if _BREAK_GAP.search(self.gap(i)):
                return False
            skipped += 1
            i += 1
        return False

    def speech_before(self, first: int) -> bool:
        i = first - 1
        if i >= 0 and self.is_honorific(i):
            i -= 1
        if i < 0 or _BREAK_GAP.search(self.gap(i)):
            return False
        k = self._keys[i]
        if k in _NAMING_VERBS:
            return False
        if k in self.cues.speech_verbs and (self.cues.lang == "fr" or k in _INVERTING_EN):
            return True
        before = self._keys[i - 1] if i > 0 else ""
        return k == "selon" or (k == "to" and before == "according") or (k == "apres" and before == "d")

    # --- the whole text ----------------------------------------------------

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
        runs = self.runs()
        full: list[tuple[int, int, bool]] = []
        singles: dict[str, list[int]] = {}
        for start, end, prefixed in runs:
            s, e = doc.words[start].start, doc.words[end - 1].end
            if self._in(known_spans, s, e):
                continue
            if self.rejected(start, end):
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
            pid = person_id(name)
            role = self.role_before(start) if not prefixed else self.role_before(start) or self._prefix_span(start)
            if role is None:
                role = self.role_after(end - 1)
            context = prefixed or role is not None or self.honorific_before(start) or self.speech_after(end - 1) \
                or self.speech_before(start) or any(a < e and s < b for a, b in self.ner)
            surname = self._keys[end - 1]
            if not context and len(by_surname.get(surname, ())) == 1:
                for index in singles.get(surname, []):
                    if self.honorific_before(index) or self.speech_after(index) or self.speech_before(index):
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
            pid = person_id(name)
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
                g = self.gender(doc.word_index(m.start))
                if g:
                    genders[m.pid] = g
        return People(mentions, ids, new, genders)

    def _prefix_span(self, start: int) -> tuple[int, int] | None:
        """The role words that began a capitalised run ("Finnish President" in
        "Finnish President Alexander Stubb")."""
        i = start - 1
        first = None
        while i >= 0 and self.gap(i).strip() == "" and (_is_cap(self._raw_words[i]) or self.is_role(i)):
            first = i
            i -= 1
        if first is None:
            return None
        return self.doc.words[first].start, self.doc.words[start - 1].end
