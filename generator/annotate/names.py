"""Candidate names of people in a text: runs of capitalised words, cut to what a name can be.

A run of two to four capitalised words (with name particles between them) is a
candidate, unless it holds a noun of function (what comes up to it is a title),
a month, a word of an institution or a place, or is part of a longer proper
name joined by a connector ("Institute for National Defense and Security
Research"). Paragraphs written in Title Case tell nothing by their capitals.
:class:`Words` also holds what every person rule reads of a word: its text,
the gap after it, whether it is a noun of function or a title.
"""

from __future__ import annotations

import re

from .lexicon import Cues
from .text import Doc

#: Punctuation that ends a name, a noun phrase or a clause.
BREAK_GAP = re.compile(r"[.;:!?«»\"“”()\[\]\n|—–]")


class _RawWords:
    """The original text of word i, sliced when asked for."""

    __slots__ = ("raw", "words")

    def __init__(self, doc: Doc) -> None:
        self.raw, self.words = doc.raw, doc.words

    def __getitem__(self, i: int) -> str:
        w = self.words[i]
        return self.raw[w[0] : w[1]]


def is_cap(word: str) -> bool:
    return word[:1].isupper() and any(c.islower() for c in word)


class Words:
    """The words of one text as the person rules read them."""

    def __init__(self, doc: Doc, cues: Cues) -> None:
        self.doc = doc
        self.cues = cues
        self._raw_words = _RawWords(doc)
        self._keys = doc.keys

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


class NameRuns(Words):
    """The candidate names of a text (see the module's docstring)."""

    def __init__(self, doc: Doc, cues: Cues, taken: set[int]) -> None:
        super().__init__(doc, cues)
        #: Words inside a country's or an organisation's name: never part of a person's.
        self._taken = taken

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
            if not (is_cap(raw[i]) or (len(raw[i]) == 1 and raw[i].isupper())):
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
                    goes_on = j + 1 < n and is_cap(raw[j + 1]) and self.gap(j).strip() == ""
                else:
                    goes_on = is_cap(raw[j]) or (len(raw[j]) == 1 and self.gap(j).startswith("."))
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
                ) and not BREAK_GAP.search(self.gap(group[-1][1] - 1)) and not BREAK_GAP.search(self.gap(between[0]))
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
        return bool(nxt + 1 < len(words) and self._keys[nxt] in ("of", "de", "du", "des", "d") and is_cap(self._raw_words[nxt + 1])
                    and self.gap(end - 1).strip() == "")
