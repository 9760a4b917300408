"""From a raw text to a draft annotation: the rules, field by field.

Nothing here reads or writes files: :class:`Annotator` takes a text (and its
file name, for a date prefix) and returns a :class:`Draft`;
:mod:`generator.annotate.writer` turns it into front matter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..corpus import Corpus
from ..dates import PartialDate
from ..slugs import slug
from .gazetteer import Hit
from .lexicon import CountryTerm, Cues, Lexicon, build_lexicon
from .people import NewPerson, PersonFinder
from .quotes import attribute_quotes
from .text import Doc, Span, derivation_stem, inflection_stem, key
from .when import find_dates, publication_date

_ARTICLES = {"le", "la", "les", "l", "the"}


@dataclass
class Support:
    """A sentence of the text that supports a proposal (verbatim)."""

    text: str
    start: int


@dataclass
class QuoteDraft:
    text: str
    speaker: str
    start: int
    how: str


@dataclass
class IncidentDraft:
    summary: str
    threat: str
    attribution: str
    evidence: str
    start: int
    date: PartialDate | None = None
    country: str | None = None
    actor: str | None = None


@dataclass
class MeetingProposal:
    id: str
    kind: str
    title: str
    start: PartialDate
    place: str | None
    country: str | None
    context: str


@dataclass
class Draft:
    """Everything proposed for one source, with the sentences that support it."""

    title: str
    language: str
    date: PartialDate | None = None
    #: Where the date was read: "text", "name" (the file name) or "".
    date_origin: str = ""
    publisher: str | None = None
    countries: dict[str, Support] = field(default_factory=dict)
    threats: dict[str, Support] = field(default_factory=dict)
    people: dict[str, Support] = field(default_factory=dict)
    organisations: dict[str, Support] = field(default_factory=dict)
    meetings: dict[str, Support] = field(default_factory=dict)
    mentions: list[dict[str, str]] = field(default_factory=list)
    incidents: list[IncidentDraft] = field(default_factory=list)
    quotes: list[QuoteDraft] = field(default_factory=list)
    new_people: dict[str, NewPerson] = field(default_factory=dict)
    new_meetings: dict[str, MeetingProposal] = field(default_factory=dict)
    new_organisations: dict[str, str] = field(default_factory=dict)
    #: Quotes found without a person to attribute them to.
    unattributed: list[str] = field(default_factory=list)


class Annotator:
    """Proposes annotations for raw texts, with the registries of one seeds folder."""

    def __init__(self, corpus: Corpus, nlp: Callable[[str], tuple[list[tuple[int, int]], list[tuple[int, int]]]] | None = None) -> None:
        self.corpus = corpus
        self.lex: Lexicon = build_lexicon(corpus)
        #: Optional named-entity recogniser: text → (person spans, organisation spans).
        self.nlp = nlp

    # --- entry point -------------------------------------------------------

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
            draft.organisations.setdefault(hit.payload, self.support(doc, hit.start))
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
            draft.countries.setdefault(code, self.support(doc, country_hit.start))

        people = PersonFinder(doc, self.lex, cues, country_hits, org_hits, date, ner_people).find()
        first_at: dict[str, int] = {}
        for m in people.mentions:
            if m.pid and m.how != "title":
                first_at.setdefault(m.pid, m.start)
        for pid in people.ids:
            draft.people[pid] = self.support(doc, first_at[pid])
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
            draft.threats[threat] = self.support(doc, doc.sentences[sentences[0]].start)

        quotes = attribute_quotes(doc, self.lex, cues, people.mentions, people.genders)
        for q in quotes:
            text_q = doc.raw[q.start : q.end]
            if q.speaker:
                draft.quotes.append(QuoteDraft(text_q, q.speaker, q.start, q.how))
            else:
                draft.unattributed.append(text_q)

        self.meetings(doc, draft)
        draft.incidents = find_incidents(doc, self.lex, cues, threat_sentences, counted, date, quotes, skip_first=headline)
        return draft

    def support(self, doc: Doc, offset: int) -> Support:
        sentence = doc.sentences[doc.sentence_at(offset)] if doc.sentences else Span(0, len(doc.raw))
        return Support(doc.raw[sentence.start : sentence.end].strip(), offset)

    # --- meetings ----------------------------------------------------------

    def meetings(self, doc: Doc, draft: Draft) -> None:
        lex = self.lex
        markers, nouns, others = lex.meeting_regexes["markers"], lex.meeting_regexes["nouns"], lex.meeting_regexes["others"]
        found: list[tuple[str, PartialDate | None, str | None, int]] = []
        seen: set[tuple[str, int]] = set()
        triggers = lex.meeting_triggers
        wanted: dict[str, set[int]] = {}
        for i in [i for i, k in enumerate(doc.keys) if k in triggers]:
            n = doc.sentence_at(doc.words[i].start)
            for kind in triggers[doc.keys[i]]:
                wanted.setdefault(kind, set()).add(n)
        for kind, pattern in lex.meeting_kinds:
            for n in sorted(wanted.get(kind, ())):
                span = doc.sentences[n]
                for match in pattern.finditer(doc.norm, span.start, span.end):
                    index = doc.sentence_at(match.start())
                    if (kind, index) in seen:
                        continue
                    sentence = doc.sentences[index]
                    text = doc.norm[sentence.start : sentence.end]
                    nato = bool(markers.search(text))
                    if kind != "nato-ukraine-council":
                        if not nato:
                            if kind in ("summit", "expert"):
                                continue
                            if not nouns.search(text) or others.search(text):
                                continue
                        elif others.search(text) and not re.search(r"\b(?:otan|nato)\b", text, re.IGNORECASE):
                            continue
                    seen.add((kind, index))
                    around = doc.norm[max(sentence.start, match.start() - 40) : min(sentence.end, match.end() + 40)]
                    if lex.future_markers.search(around):
                        continue  # still to come: not reported
                    day = None
                    for mention in find_dates(doc, sentence.start, sentence.end):
                        resolved = mention.resolve(draft.date)
                        if resolved is not None and resolved.month:
                            day = resolved
                            break
                    place = None
                    where = re.search(r"\b(?:a|in|at)\s+([A-Z][\w\-]+)", doc.norm[match.end() : sentence.end])
                    if where and key(where.group(1)) not in lex.cues[doc.lang].function_words:
                        place = doc.raw[match.end() + where.start(1) : match.end() + where.end(1)]
                    found.append((kind, day, place, sentence.start))
        found.sort(key=lambda f: f[3])
        for kind, day, place, at in found:
            country = None
            if place:
                end = doc.sentences[doc.sentence_at(at)].end
                hits = [h for h in lex.countries[doc.lang].find(doc, at, end) if doc.raw[h.start : h.end] == place and h.payload.code]
                country = hits[0].payload.code if hits else None
            meeting = match_meeting(lex, kind, day or draft.date, exact=day is not None, country=country)
            if meeting is not None:
                draft.meetings.setdefault(meeting, self.support(doc, at))
                continue
            when = day or draft.date
            if when is None:
                continue
            if day is None:
                when = PartialDate(when.year, when.month)  # never a day the text does not give
            proposal_id = _meeting_id(kind, when, place)
            if proposal_id in lex.corpus.meetings:  # taken by another meeting (another place)
                proposal_id = f"{proposal_id}-{slug(place)}" if place else f"{proposal_id}-new"
            if proposal_id in lex.corpus.meetings or proposal_id in draft.new_meetings:
                draft.meetings.setdefault(proposal_id, self.support(doc, at))
                continue
            draft.new_meetings[proposal_id] = MeetingProposal(
                proposal_id, kind, _meeting_title(kind, place, doc.lang), when, place, country, self.support(doc, at).text
            )
            draft.meetings.setdefault(proposal_id, self.support(doc, at))


_MEETING_TITLES = {
    "summit": ("Sommet de l'OTAN", "NATO Summit"),
    "foreign-ministers": ("Réunion des ministres des Affaires étrangères de l'OTAN", "Meeting of NATO Ministers of Foreign Affairs"),
    "defence-ministers": ("Réunion des ministres de la Défense de l'OTAN", "Meeting of NATO Ministers of Defence"),
    "nato-ukraine-council": ("Conseil OTAN-Ukraine", "NATO-Ukraine Council"),
    "expert": ("Réunion d'experts de l'OTAN", "NATO expert meeting"),
    "other": ("Réunion de l'OTAN", "NATO meeting"),
}


def _meeting_title(kind: str, place: str | None, lang: str) -> str:
    title = _MEETING_TITLES.get(kind, _MEETING_TITLES["other"])[0]
    return f"{title} ({place})" if place else title


def _meeting_id(kind: str, when: PartialDate, place: str | None) -> str:
    stamp = f"{when.year:04d}" + (f"-{when.month:02d}" if when.month else "")
    if kind == "summit" and place:
        return f"{slug(place)}-summit-{stamp}"
    return f"{kind}-{stamp}"


def match_meeting(lex: Lexicon, kind: str, when: PartialDate | None, exact: bool, country: str | None = None) -> str | None:
    """The registry meeting of this kind held at this date and place, or None.
    A date read in the sentence must fall within the meeting (to the day or
    month it gives); a publication date may be up to a month before or after
    it. A place named in the text must be in the meeting's country (compared
    by country, so "Brussels" and "Bruxelles" agree)."""
    if when is None:
        return None
    best: tuple[int, str] | None = None
    for m in lex.meetings:
        if m.kind != kind:
            continue
        if country and m.country and country != m.country:
            continue
        first = m.start.first_day
        last = _last_day(m.end or m.start)
        if when.day:
            day = when.first_day
            slack = dt.timedelta(days=3 if exact else 31)
            ok = first - slack <= day <= last + slack
            distance = abs((day - first).days)
        elif when.month:
            months = when.year * 12 + when.month
            lo = m.start.year * 12 + (m.start.month or 1)
            hi = (m.end or m.start).year * 12 + ((m.end or m.start).month or 12)
            month_slack = 0 if exact else 1
            ok = lo - month_slack <= months <= hi + month_slack
            distance = abs(months - lo) * 30
        else:
            continue
        if ok and (best is None or distance < best[0]):
            best = (distance, m.id)
    return best[1] if best else None


def _last_day(d: PartialDate) -> dt.date:
    if d.day:
        return d.first_day
    if d.month:
        nxt = dt.date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(d.year, 12, 31)


# --- language, title, publisher ---------------------------------------------


def detect_language(doc: Doc, lex: Lexicon) -> str:
    """French or English, by the grammatical words and the verbs of saying
    each language alone has."""
    only_fr, only_en = lex.language_words
    words = doc.keys[:2000]
    # Distinct words are enough to tell two languages apart, and a set does it in C.
    return "en" if len(only_en.intersection(words)) > len(only_fr.intersection(words)) else "fr"


def find_title(doc: Doc, cues: Cues) -> tuple[str, bool]:
    """(title, whether it is the first paragraph read as a headline). The
    headline is the first paragraph when it reads as one (no final full stop,
    not a date or a byline); otherwise the title is the first sentence."""
    for index, para in enumerate(doc.paragraphs[:3]):
        text = doc.raw[para.start : para.end].strip()
        words = re.findall(r"\w+", text)
        if len(words) < 3 or len(text) > 250 or text.endswith(".") or find_dates(doc, para.start, min(para.end, para.start + 30)):
            continue
        return text, index == 0
    for sentence in doc.sentences:
        text = doc.raw[sentence.start : sentence.end].strip()
        if len(re.findall(r"\w+", text)) >= 3 and not find_dates(doc, sentence.start, min(sentence.end, sentence.start + 30)):
            if len(text) > 160:
                text = text[:160].rsplit(" ", 1)[0] + "…"
            return text, False
    return " ".join(doc.raw.split())[:80] or "Sans titre", False


def find_publisher(doc: Doc, cues: Cues, org_hits: list[Hit[str]], corpus: Corpus) -> str | None:
    """A registry organisation named in a byline or a credit ("Par euronews",
    "Source : Deutsche Welle", "By Reuters")."""
    paragraphs = doc.paragraphs[:4] + doc.paragraphs[-3:]
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(cues.publisher_cues) + r")\s+", re.IGNORECASE)
    for para in paragraphs:
        if para.end - para.start > 160:
            continue
        for match in pattern.finditer(doc.norm, para.start, para.end):
            after = [h for h in org_hits if match.end() <= h.start <= match.end() + 3]
            if after:
                org = corpus.organisations.get(after[0].payload)
                if org is not None and org.kind in ("media", "agency", "institution"):
                    return after[0].payload
    return None


# --- countries ----------------------------------------------------------------


def _word_before(doc: Doc, pos: int, skip: set[str]) -> tuple[str, str, int] | None:
    """(key, raw, start) of the word before ``pos`` in its paragraph, skipping ``skip``."""
    index = doc.word_index(pos) - 1
    para = doc.paragraphs[doc.para_at(pos)] if doc.paragraphs else Span(0, len(doc.raw))
    while index >= 0:
        w = doc.words[index]
        if w.start < para.start:
            return None
        raw = doc.raw[w.start : w.end]
        k = key(raw)
        if k not in skip:
            return k, raw, w.start
        index -= 1
    return None


def counted_countries(doc: Doc, cues: Cues, hits: list[Hit[CountryTerm]]) -> list[tuple[str, Hit[CountryTerm]]]:
    out = []
    for hit in hits:
        term = hit.payload
        if term.code is None:
            continue
        if term.how == "capital" and not _metonymy(doc, cues, hit):
            continue
        if term.how == "demonym" and _qualifies_outlet(doc, cues, hit):
            continue
        out.append((term.code, hit))
    return out


def _metonymy(doc: Doc, cues: Cues, hit: Hit[CountryTerm]) -> bool:
    """A capital stands for its government unless it is a place: after a place
    preposition ("à Varsovie", "in Warsaw", "l'aéroport de Copenhague"), at a
    dateline ("WARSAW —"), or inside a longer proper name ("Kyiv Independent")."""
    before = _word_before(doc, hit.start, _ARTICLES)
    if before is not None:
        k, raw, start = before
        if raw.lower() == "à" or (k in cues.place_prepositions and raw.lower() != "a"):
            return False
    adjacent = _word_before(doc, hit.start, set())
    if adjacent is not None:
        k, raw, start = adjacent
        gap = doc.raw[start + len(raw) : hit.start]
        if raw[:1].isupper() and k not in cues.function_words and gap.strip() == "":
            return False
    para = doc.paragraphs[doc.para_at(hit.start)]
    if doc.raw[para.start : hit.start].strip() == "" and re.match(r"\s*(?:\([^)]*\))?\s*[,—–\-]", doc.raw[hit.end : hit.end + 40]):
        return False
    after = re.match(r"[ \u00a0]+(\w+)", doc.raw[hit.end : hit.end + 40])
    return not (after and after.group(1)[:1].isupper() and key(after.group(1)) not in cues.function_words)


def _qualifies_outlet(doc: Doc, cues: Cues, hit: Hit[CountryTerm]) -> bool:
    """A demonym that qualifies a news outlet ("journal allemand", "German newspaper")."""
    if cues.lang == "fr":
        index = doc.word_index(hit.start) - 1
        words = doc.words[max(0, index - 2) : index + 1]
    else:
        index = doc.word_index(hit.end)
        words = doc.words[index : index + 2]
    para = doc.para_at(hit.start)
    first = doc.word_index(words[0].start) if words else 0
    for offset, w in enumerate(words):
        if doc.para_at(w.start) != para:
            continue
        if doc.keys[first + offset] in cues.media_nouns:
            return True
    return False


# --- threats ------------------------------------------------------------------


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


# --- incidents ----------------------------------------------------------------


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


def new_annotator(corpus: Corpus, nlp: bool | None = None) -> Annotator:
    """An annotator; with ``nlp`` True the spaCy model is required, with None it is used when installed."""
    recogniser = None
    if nlp is not False:
        from .nlp import load_recogniser

        recogniser = load_recogniser(required=bool(nlp))
    return Annotator(corpus, recogniser)
