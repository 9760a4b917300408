"""Candidate incidents: sentences that name a threat and report an event or its attribution."""

from __future__ import annotations

from ..dates import PartialDate
from .draft import IncidentDraft
from .gazetteer import Hit
from .lexicon import CountryTerm, Cues, Lexicon
from .text import Doc
from .when import find_dates


def find_incidents(doc: Doc, lex: Lexicon, cues: Cues, threats: dict[str, list[int]],
                   counted: list[tuple[str, Hit[CountryTerm]]], day: PartialDate | None, quotes: list,
                   skip_first: bool = False) -> list[IncidentDraft]:
    """A sentence that names a threat and reports an event (a verb such as
    "arrêté", "severed", "jammed") or how it is attributed ("attribué à",
    "soupçonné", "pourrait être à l'origine") is a candidate incident. The
    headline only announces what the body reports, and is skipped."""
    by_sentence: dict[int, list[str]] = {}
    for threat, sentences in threats.items():
        for n in sentences:
            by_sentence.setdefault(n, []).append(threat)
    out: list[IncidentDraft] = []
    for n in sorted(by_sentence):
        if skip_first and doc.sentence_para[n] == 0:
            continue
        sentence = doc.sentences[n]
        inside_quote = any(q.start <= sentence.start and sentence.end <= q.end + 2 for q in quotes)
        event = any(doc.raw[w.start : w.end].lower() in cues.event_verbs for w in doc.words_in(sentence.start, sentence.end))
        statuses = [h.payload for h in cues.attribution.find(doc, sentence.start, sentence.end)]
        if inside_quote and not statuses:
            continue
        if not event and not statuses:
            continue
        codes = [code for code, hit in counted if sentence.start <= hit.start < sentence.end]
        actor = next((c for c in codes if c in lex.adversaries), None)
        place = next((c for c in codes if c != actor), None)
        if "confirmed" in statuses and actor:
            status = "confirmed"
        elif "suspected" in statuses:
            status = "suspected"
        elif "attributed" in statuses and actor:
            status = "attributed"
        elif "alleged" in statuses and actor:
            status = "alleged"
        elif actor:
            status = "attributed"
        else:
            status = "unknown"
        when = None
        para = doc.sentence_para[n]
        for m in range(n, -1, -1):
            if doc.sentence_para[m] != para:
                break
            s = doc.sentences[m]
            for mention in find_dates(doc, s.start, s.end):
                resolved = mention.resolve(day)
                if resolved is not None:
                    when = resolved
                    break
            if when is not None:
                break
        evidence = doc.raw[sentence.start : sentence.end].strip()
        summary = evidence if len(evidence) <= 200 else evidence[:200].rsplit(" ", 1)[0] + "…"
        for threat in by_sentence[n]:
            out.append(IncidentDraft(summary, threat, status, evidence, sentence.start, when, place, actor))
    return out
