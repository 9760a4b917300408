"""What the words around a candidate name say of it: a function, a title, a verb of saying, a gender.

The grammar of news writing marks a person: a noun of function before the name
or in apposition after it ("le ministre estonien des Affaires étrangères,
Margus Tsahkna", "Jens Stoltenberg, secrétaire général"), a title ("M.",
"Mme", "Dr"), a verb of saying after or before it ("Maia Sandu dénonce",
"said Tusk"), or "selon" / "according to" before it.
"""

from __future__ import annotations

import re

from .lexicon import Cues
from .names import BREAK_GAP, Words, is_cap
from .text import Doc

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
# Auxiliaries and adverbs that may stand between a subject and its verb of
# saying ("Petteri Orpo a pour sa part assuré", "Rutte has also said").
_BETWEEN_SUBJECT_AND_VERB = {
    "a", "ont", "avait", "avaient", "aurait", "auraient", "has", "have", "had", "also", "aussi", "alors", "encore",
    "pour", "sa", "part", "then", "later", "on", "deja", "en", "outre", "par", "ailleurs", "lui", "meme", "would",
    "will", "again", "de", "son", "cote", "leur", "egalement", "ensuite", "finalement", "ne", "pas", "plus",
}


#: First words of the multi-word verbs of saying ("mis en garde", "fait valoir").
_PHRASE_HEADS = {"mis", "met", "fait"}


class Contexts(Words):
    """The contexts of the words of one text."""

    def __init__(self, doc: Doc, cues: Cues) -> None:
        super().__init__(doc, cues)
        self._role_phrases = [(h.start, h.end) for h in cues.role_phrases.find(doc)]

    def gender(self, first: int) -> str | None:
        """'f' or 'm' from the words right before a name: a title (Mme, Mr), a
        noun of function with its gender (présidente, spokesman) or its article
        ("la ministre")."""
        i = first - 1
        seen = 0
        while i >= 0 and seen < 6:
            if BREAK_GAP.search(self.gap(i)) or ("," in self.gap(i) and seen):
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

    def role_before(self, first: int) -> tuple[int, int] | None:
        """Span of a noun phrase of function right before word ``first``."""
        i = first - 1
        collected: list[int] = []
        while i >= 0 and len(collected) < 9:
            gap = self.gap(i)
            if BREAK_GAP.search(gap):
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
        if last + 1 < len(self.doc.words) and BREAK_GAP.search(self.gap(last)):
            return False
        while i < len(self.doc.words) and skipped <= 4:
            k = self._keys[i]
            if k in self.cues.speech_verbs or (
                    k in _PHRASE_HEADS and self.cues.speech_phrases.find(self.doc, self.doc.words[i].start, self.doc.words[i].end + 12)):
                return True
            if k not in _BETWEEN_SUBJECT_AND_VERB:
                return False
            if BREAK_GAP.search(self.gap(i)):
                return False
            skipped += 1
            i += 1
        return False

    def speech_before(self, first: int) -> bool:
        i = first - 1
        if i >= 0 and self.is_honorific(i):
            i -= 1
        if i < 0 or BREAK_GAP.search(self.gap(i)):
            return False
        k = self._keys[i]
        if k in _NAMING_VERBS:
            return False
        if k in self.cues.speech_verbs and (self.cues.lang == "fr" or k in _INVERTING_EN):
            return True
        before = self._keys[i - 1] if i > 0 else ""
        return k == "selon" or (k == "to" and before == "according") or (k == "apres" and before == "d")

    def prefix_span(self, start: int) -> tuple[int, int] | None:
        """The role words that began a capitalised run ("Finnish President" in
        "Finnish President Alexander Stubb")."""
        i = start - 1
        first = None
        while i >= 0 and self.gap(i).strip() == "" and (is_cap(self._raw_words[i]) or self.is_role(i)):
            first = i
            i -= 1
        if first is None:
            return None
        return self.doc.words[first].start, self.doc.words[start - 1].end
