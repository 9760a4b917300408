"""Quotes and who said them.

A quote is the text between « and », “ and ”, or two straight quotes, inside
one paragraph. As French typography does, a quote left open runs to the end of
its paragraph (the next paragraph reopens it); an opening mark followed by
another opening mark of the same kind before any closing one is a typo and is
dropped. A quoted span of one or two words is a term, not reported speech
(« flotte fantôme », "absurd"), and is left out.

The speaker is found, in this order:

1. after the quote, when a verb of saying follows it: "», a déclaré X",
   "», a-t-il ajouté", '," Rutte told reporters', '," he said'. A subject that
   is neither a person nor a pronoun ("the court said") means the quote is not
   a person's;
2. before the quote in its sentence: "X a déclaré que « … »", "selon X",
   "Il a souligné que « … »", or a paragraph that ends with "a déclaré :";
3. otherwise a quote right after another one, with no other person named in
   between, continues it.

A pronoun ("il", "elle", "he", "she") stands for the last person who spoke
(the subject of the last verb of saying or the speaker of the last quote);
failing one, the last person named outside quotes. A person named inside a
relative clause ("Stubb, who hosted Michal, said") is not a subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import Cues, Lexicon
from .people import PersonMention
from .text import WORD, Doc, key

_OPEN = {"«": "«", "“": "“", "„": "“"}
_CLOSE = {"»": "«", "”": "“"}
_MIN_WORDS = 3
_MARKS = re.compile('[«»“”„"]')
# Words that, first after a closing quote, start a new clause rather than an
# attribution ('" and said it "…"').
_NOT_ATTRIBUTION = {
    "and", "et", "mais", "but", "or", "ou", "while", "tandis", "puis", "then", "que", "that", "qui", "who", "which",
    "de", "of", "du", "des", "pour", "for", "to", "apres", "after", "avant", "before", "dans", "in", "sur", "on",
    "avec", "with", "contre", "against", "au", "aux", "en", "par", "by", "sans", "without", "comme", "as",
}
_ACCORDING_HEADS = {"selon", "according", "d"}
_AUXILIARIES = {"a", "ont", "avait", "avaient", "aurait", "auraient", "has", "have", "had"}
_INVERTED = re.compile(r"^(\w+)-(?:t-)?(il|elle|ils|elles)$", re.IGNORECASE)
_RELATIVE = re.compile(r",\s*(?:qui|dont|lequel|laquelle|lesquels|lesquelles|who|whom|whose|which)\b[^,.;:]*,", re.IGNORECASE)


@dataclass
class QuoteSpan:
    open: int
    #: Offset of the closing mark; None when the quote runs to the paragraph's end.
    close: int | None
    start: int
    end: int
    para: int
    speaker: str | None = None
    how: str = ""

    @property
    def after(self) -> int:
        return self.close + 1 if self.close is not None else self.end


def find_quotes(doc: Doc) -> list[QuoteSpan]:
    """Every quote of three words or more, innermost when quotes nest badly."""
    found: list[QuoteSpan] = []
    for index, para in enumerate(doc.paragraphs):
        stack: list[tuple[str, int]] = []
        openers: list[tuple[str, int]] = []
        for mark in _MARKS.finditer(doc.raw, para.start, para.end):
            pos = mark.start()
            ch = mark.group()
            if ch in _OPEN:
                stack.append((_OPEN[ch], pos))
                openers.append((_OPEN[ch], pos))
            elif ch in _CLOSE:
                family = _CLOSE[ch]
                at = next((i for i in range(len(stack) - 1, -1, -1) if stack[i][0] == family), None)
                if at is not None:
                    _, start = stack.pop(at)
                    found.append(_span(doc, start, pos, index))
            elif ch == '"':
                if stack and stack[-1][0] == '"':
                    _, start = stack.pop()
                    found.append(_span(doc, start, pos, index))
                else:
                    stack.append(('"', pos))
                    openers.append(('"', pos))
        for family, start in stack:
            if any(f == family and p > start for f, p in openers):
                continue  # reopened before being closed: a stray mark
            found.append(_span(doc, start, None, index))
    found = [q for q in found if q.end > q.start]
    found.sort(key=lambda q: (q.open, -(q.end)))
    kept: list[QuoteSpan] = []
    for q in found:
        if any(k.start <= q.start and q.end <= k.end for k in kept):
            continue  # a quote inside a quote belongs to the outer one
        kept.append(q)
    return [q for q in kept if len(WORD.findall(doc.norm[q.start : q.end])) >= _MIN_WORDS]


def _span(doc: Doc, open_pos: int, close_pos: int | None, para: int) -> QuoteSpan:
    start = open_pos + 1
    end = close_pos if close_pos is not None else doc.paragraphs[para].end
    while start < end and (doc.raw[start].isspace() or doc.raw[start] in "«“\""):
        start += 1
    while end > start and (doc.raw[end - 1].isspace() or doc.raw[end - 1] in ",»”\""):
        end -= 1
    return QuoteSpan(open_pos, close_pos, start, end, para)


class Attributor:
    def __init__(self, doc: Doc, lex: Lexicon, cues: Cues, quotes: list[QuoteSpan], mentions: list[PersonMention],
                 genders: dict[str, str] | None = None) -> None:
        self.doc = doc
        self.lex = lex
        self.cues = cues
        self.quotes = quotes
        self.mentions = [m for m in mentions if not self.in_quote(m.start)]
        self.speakers: list[tuple[int, str]] = []
        self.genders = genders or {}
        # Persons in subject position: among the first words of their sentence,
        # outside a relative clause ("Estonian Foreign Minister Margus Tsahkna went further.").
        self.subjects: list[tuple[int, str]] = []
        for m in self.mentions:
            if not m.pid or m.how == "title":
                continue
            sentence = doc.sentences[doc.sentence_at(m.start)]
            if doc.word_index(m.start) - doc.word_index(sentence.start) <= 8 and not any(
                a <= m.start < b for a, b in self._masked(sentence.start, m.start + 1)
            ):
                self.subjects.append((m.start, m.pid))
        # Which words are inside a quote: the rules read the words outside.
        inside = bytearray(len(doc.words))
        for q in quotes:
            a, b = doc.word_index(q.open), doc.word_index(q.after)
            inside[a:b] = b"\x01" * (b - a)
        self._inside = inside
        self._phrases = {h.start for h in cues.speech_phrases.find(doc)}

    def in_quote(self, pos: int) -> bool:
        return any(q.open <= pos < q.after for q in self.quotes)

    # --- words -------------------------------------------------------------

    def _words(self, start: int, end: int) -> list[tuple[int, int, str, str]]:
        """(start, end, key, raw) of each word in [start, end), outside quotes."""
        doc = self.doc
        inside, words, keys, raw = self._inside, doc.words, doc.keys, doc.raw
        return [(words[i][0], words[i][1], keys[i], raw[words[i][0] : words[i][1]])
                for i in range(doc.word_index(start), doc.word_index(end)) if not inside[i]]

    def _speech_at(self, words: list[tuple[int, int, str, str]], i: int) -> str | None:
        """'verb', 'pronoun' (an inverted "a-t-il déclaré") or 'according' when word i is a cue."""
        s, _e, k, raw = words[i]
        inverted = _INVERTED.match(raw)
        if inverted:
            head = key(inverted.group(1))
            if head in self.cues.speech_verbs:
                return "pronoun"
            if head in _AUXILIARIES and i + 1 < len(words) and words[i + 1][2] in self.cues.speech_verbs:
                return "pronoun"
            return None
        if k in self.cues.speech_verbs:
            if i > 0 and words[i - 1][2] in self.cues.determiners and words[i - 1][1] >= s - 2:
                return None  # "à la demande de", "his claims": a noun
            return "verb"
        if s in self._phrases:
            return "verb"
        nxt = words[i + 1][2] if i + 1 < len(words) else ""
        if k == "selon" or (k == "according" and nxt == "to") or (k == "d" and nxt == "apres"):
            return "according"
        return None

    # --- who ---------------------------------------------------------------

    def antecedent(self, pos: int, gender: str | None = None) -> str | None:
        """Who a pronoun at ``pos`` stands for: the last person who spoke or was
        the subject of a sentence, of the pronoun's gender when both are known;
        else the last person named."""
        para = self.doc.para_at(pos)

        def agrees(pid: str) -> bool:
            return gender is None or self.genders.get(pid) in (None, gender)

        candidates = sorted([c for c in self.speakers + self.subjects if c[0] < pos], reverse=True)
        for at, pid in candidates:
            if self.doc.para_at(at) < para - 3:
                break
            if agrees(pid):
                return pid
        for m in reversed(self.mentions):
            if m.start < pos and m.pid and self.doc.para_at(m.start) >= para - 2 and agrees(m.pid):
                return m.pid
        return None

    def _gender_of(self, word: str) -> str | None:
        w = key(word)
        if w.endswith(("elle", "elles")) or w in ("she", "her"):
            return "f"
        if w.endswith(("il", "ils")) or w in ("he", "his", "him"):
            return "m"
        return None

    def _masked(self, start: int, end: int) -> list[tuple[int, int]]:
        return [m.span() for m in _RELATIVE.finditer(self.doc.norm, start, end)]

    def subject_before(self, start: int, verb: int) -> tuple[str, str | None]:
        """Who does the verb at ``verb``: ('person', id), ('pronoun', id),
        ('title', id-or-None) or ('none', None), looking back to ``start``."""
        masked = self._masked(start, verb)
        candidates = [m for m in self.mentions if start <= m.start < verb and not any(a <= m.start < b for a, b in masked)]
        words = self._words(start, verb)
        pronoun = next((w for w in reversed(words[-4:]) if w[2] in self.cues.pronouns), None)
        person = candidates[-1] if candidates else None
        if pronoun and (person is None or pronoun[0] > person.start):
            return "pronoun", self.antecedent(pronoun[0], self._gender_of(pronoun[3]))
        if person is not None:
            if person.how == "title":
                return "title", person.pid
            return "person", person.pid
        return "none", None

    def person_after(self, start: int, end: int) -> PersonMention | None:
        return next((m for m in self.mentions if start <= m.start < end), None)

    def _near(self, words: list[tuple[int, int, str, str]], i: int) -> int:
        """End of the few words after word i ("selon [le ministre] X", "according to X")."""
        last = min(len(words) - 1, i + 3)
        return words[last][1] if words else 0

    # --- the text ----------------------------------------------------------

    def run(self) -> list[QuoteSpan]:
        # (position, "verb", (window, index of the cue in it, its kind)) or (position, "quote", the quote)
        events: list[tuple[int, str, tuple[list[tuple[int, int, str, str]], int, str] | QuoteSpan]] = []
        doc = self.doc
        keys, words = doc.keys, doc.words
        verbs, phrases = self.cues.speech_verbs, self._phrases
        inside = self._inside
        cues = [i for i, k in enumerate(keys)
                if (k in verbs or k in _ACCORDING_HEADS or (" " in k and _INVERTED.match(k.replace(" ", "-"))))
                and not inside[i]]
        cues += [i for i in (doc.word_index(p) for p in phrases) if not inside[i]]
        for i in sorted(set(cues)):
            # The cue with the outside words around it, in the shape the rules read.
            before = self._words(words[max(0, i - 3)].start, words[i].start)[-1:]
            after = self._words(words[i].start, words[min(len(words) - 1, i + 3)].end)[:2]
            window = before + after
            n = len(before)
            kind = self._speech_at(window, n)
            if kind:
                events.append((window[n][0], "verb", (window, n, kind)))
        for q in self.quotes:
            events.append((q.open, "quote", q))
        events.sort(key=lambda e: (e[0], e[1] == "verb"))
        previous: QuoteSpan | None = None
        for pos, _kind, item in events:
            if isinstance(item, QuoteSpan):
                q = item
                q.speaker, q.how = self.attribute(q, previous)
                if q.speaker:
                    self.speakers.append((q.open, q.speaker))
                previous = q
            else:
                window, i, cue = item
                who = self.verb_subject(window, i, cue)
                if who:
                    self.speakers.append((pos, who))
        return self.quotes

    def verb_subject(self, words: list[tuple[int, int, str, str]], i: int, cue: str) -> str | None:
        s = words[i][0]
        sentence = self.doc.sentences[self.doc.sentence_at(s)]
        if cue == "pronoun":
            return self.antecedent(s, self._gender_of(words[i][3]))
        if cue == "according":
            following = self._words(words[i][1], sentence.end)[:3]
            after = self.person_after(words[i][1], following[-1][1] if following else words[i][1])
            return after.pid if after else None
        what, pid = self.subject_before(sentence.start, s)
        if what in ("person", "pronoun", "title") and pid:
            return pid
        after = self.person_after(words[i][1], min(sentence.end, words[i][1] + 80))
        if after is not None and (self.cues.lang == "fr" or words[i][2] in ("said", "says", "added", "told", "asked", "wrote")):
            return after.pid
        return None

    def attribute(self, q: QuoteSpan, previous: QuoteSpan | None) -> tuple[str | None, str]:
        doc = self.doc
        # 1. After the quote.
        if q.close is not None:
            sentence = doc.sentences[doc.sentence_at(q.close)]
            end = sentence.end
            nxt = next((o.open for o in self.quotes if o.open > q.close), None)
            if nxt is not None:
                end = min(end, nxt)
            words = self._words(q.after, end)
            first = words[0] if words else None
            if first and ((first[2] not in _NOT_ATTRIBUTION and first[3].lower() != "à") or _INVERTED.match(first[3])):
                for i, w in enumerate(words[:5]):
                    cue = self._speech_at(words, i)
                    if cue is None:
                        continue
                    if cue == "pronoun":
                        return self.antecedent(q.open, self._gender_of(w[3])), "after-pronoun"
                    if i > 0 and words[i - 1][2] in self.cues.pronouns:
                        return self.antecedent(q.open, self._gender_of(words[i - 1][3])), "after-pronoun"
                    if i + 1 < len(words) and words[i + 1][2] in self.cues.pronouns:  # "said he"
                        return self.antecedent(q.open, self._gender_of(words[i + 1][3])), "after-pronoun"
                    person = self.person_after(q.after, end)
                    if person is not None:
                        if person.how == "title":
                            return (person.pid or self.antecedent(q.open)), "after-title"
                        return person.pid, "after"
                    for j in range(i + 1, len(words)):
                        if self._speech_at(words, j) == "pronoun":
                            return self.antecedent(q.open, self._gender_of(words[j][3])), "after-pronoun"
                    return None, "after-not-a-person"
        # 2. Before the quote, in its sentence.
        sentence = doc.sentences[doc.sentence_at(q.open)]
        start = sentence.start
        para = doc.paragraphs[q.para]
        if doc.raw[start : q.open].strip(" \u00a0\u202f-—–•") == "" and start == para.start and q.para > 0:
            prev = doc.paragraphs[q.para - 1]
            if doc.raw[prev.start : prev.end].rstrip().endswith(":"):
                start = doc.sentences[doc.sentence_at(prev.end - 1)].start
        words = self._words(start, q.open)
        for i in range(len(words) - 1, -1, -1):
            cue = self._speech_at(words, i)
            if cue is None:
                continue
            v = words[i][0]
            if cue == "according":
                person = self.person_after(words[i][1], min(q.open, self._near(words, i)))
                if person is not None:
                    return person.pid, "before-according"
                if (i + 1 < len(words) and words[i + 1][2] in self.cues.pronouns) or (
                        i + 1 < len(words) and words[i + 1][2] in ("lui", "elle", "him", "her")):
                    return self.antecedent(q.open, self._gender_of(words[i + 1][3])), "before-according"
                continue
            if cue == "pronoun":
                return self.antecedent(q.open, self._gender_of(words[i][3])), "before-pronoun"
            what, pid = self.subject_before(start, v)
            if what == "person":
                return pid, "before"
            if what == "pronoun":
                return pid, "before-pronoun"
            if what == "title":
                return (pid or self.antecedent(q.open)), "before-title"
            person = self.person_after(words[i][1], q.open)
            if person is not None and self.cues.lang == "fr":
                return person.pid, "before-inverted"
            if previous is not None and previous.speaker and doc.sentence_at(previous.open) == doc.sentence_at(q.open):
                return previous.speaker, "same-sentence"
            pronoun = next((w for w in words[:4] if w[2] in self.cues.pronouns), None)
            if pronoun is not None:
                return self.antecedent(q.open, self._gender_of(pronoun[3])), "before-pronoun"
            return None, "before-not-a-person"
        # 3. A quote that goes on from the previous one.
        if previous is not None and previous.speaker and q.para - previous.para <= 1:
            between = [m for m in self.mentions if previous.after <= m.start < q.open and m.pid and m.pid != previous.speaker]
            if not between:
                return previous.speaker, "continued"
        return None, "unattributed"


def attribute_quotes(doc: Doc, lex: Lexicon, cues: Cues, mentions: list[PersonMention],
                     genders: dict[str, str] | None = None) -> list[QuoteSpan]:
    quotes = find_quotes(doc)
    return Attributor(doc, lex, cues, quotes, mentions, genders).run()
