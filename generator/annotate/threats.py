"""The threat types a text names: the sentences that use one of each type's keywords."""

from __future__ import annotations

from .lexicon import Lexicon
from .text import Doc, derivation_stem, inflection_stem


def find_threats(doc: Doc, lex: Lexicon) -> dict[str, list[int]]:
    """Threat id → indexes of the sentences that use one of its keywords.

    A one-word keyword matches any inflection of itself ("cyberattaques").
    A keyword of several content words matches when all of them appear, in
    any order and any derivation, within a window of the sentence no longer
    than the keyword plus four words: "violations of Polish airspace" is an
    "airspace violation", "actes de sabotage et de violence" has "actes de
    violence", "jamming of GPS signals" is "GPS jamming"."""
    index = lex.threats[doc.lang]
    lang = doc.lang
    cache = lex.stems[lang]
    single, wanted, multi = index.single, index.stems, index.multi
    stems = []
    for k in doc.keys:
        pair = cache.get(k)
        if pair is None:
            pair = cache[k] = (inflection_stem(k, lang), derivation_stem(k, lang))
        stems.append(pair)
    found: dict[str, list[int]] = {}

    def note(threat: str, n: int) -> None:
        sentences = found.setdefault(threat, [])
        if n not in sentences:
            sentences.append(n)

    blocked: set[int] = set()
    for hit in lex.cues[lang].threat_blockers.find(doc):
        blocked.update(range(doc.word_index(hit.start), doc.word_index(hit.end)))
    for i in [i for i, pair in enumerate(stems) if pair[0] in single]:
        if i in blocked:
            continue
        n = doc.sentence_at(doc.words[i].start)
        for kw in single[stems[i][0]]:
            note(kw.threat, n)
    by_sentence: dict[int, dict[str, list[int]]] = {}
    for i in [i for i, pair in enumerate(stems) if pair[1] in wanted]:
        if i in blocked:
            continue
        n = doc.sentence_at(doc.words[i].start)
        by_sentence.setdefault(n, {}).setdefault(stems[i][1], []).append(i)
    for n in sorted(by_sentence):
        positions = by_sentence[n]
        for anchor in positions.keys() & multi.keys():
            for kw in multi[anchor]:
                if n in found.get(kw.threat, ()):
                    continue
                if all(s in positions for s in kw.stems) and _window(positions, kw.stems) <= len(kw.stems) + 4:
                    note(kw.threat, n)
    for sentences in found.values():
        sentences.sort()
    return dict(sorted(found.items(), key=lambda item: item[1][0]))


def _window(positions: dict[str, list[int]], stems: tuple[str, ...]) -> int:
    """Length of the shortest run of words holding every stem."""
    best = 10**9
    first, rest = stems[0], stems[1:]
    for p in positions[first]:
        lo = hi = p
        for s in rest:
            q = min(positions[s], key=lambda x: abs(x - p))
            lo, hi = min(lo, q), max(hi, q)
        best = min(best, hi - lo + 1)
    return best
