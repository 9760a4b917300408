"""Meetings a text reports: the registry's at the date and place read, or new ones to propose.

A sentence that names a kind of NATO meeting (summit, ministers, the
NATO-Ukraine Council) and reports it (not "will meet") is matched against the
registry meetings of that kind by date and country; a meeting the registry
does not have becomes a proposal with an id made from its kind, its month
and, for a summit, its place.
"""

from __future__ import annotations

import datetime as dt
import re

from ..dates import PartialDate
from ..slugs import slug
from .draft import Draft, MeetingProposal, support
from .lexicon import Lexicon
from .text import Doc, key
from .when import find_dates


def find_meetings(doc: Doc, lex: Lexicon, draft: Draft) -> None:
    """Adds to ``draft`` the meetings ``doc`` reports, and the proposals of new ones."""
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
            draft.meetings.setdefault(meeting, support(doc, at))
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
            draft.meetings.setdefault(proposal_id, support(doc, at))
            continue
        draft.new_meetings[proposal_id] = MeetingProposal(
            proposal_id, kind, _meeting_title(kind, place, doc.lang), when, place, country, support(doc, at).text
        )
        draft.meetings.setdefault(proposal_id, support(doc, at))


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
