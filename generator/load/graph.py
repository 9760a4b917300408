"""Link every pair of entities that one fact or one listing puts on the same page."""

from __future__ import annotations

from ..corpus import Corpus
from ..model import Key


def relate(c: Corpus) -> None:
    for m in c.meetings.values():
        me = ("meeting", m.id)
        c.link_all([me, ("person", m.chair or ""), ("country", m.country or "")])
        for p in m.participants:
            c.link(me, ("person", p))
    for person in c.people.values():
        if person.country:
            c.link(("person", person.id), ("country", person.country))
    for o in c.organisations.values():
        if o.country:
            c.link(("organisation", o.id), ("country", o.country))
    for s in c.sources.values():
        se = ("source", s.id)
        listed: list[Key] = [("meeting", x) for x in s.meetings] + [("country", x) for x in s.countries]
        listed += [("threat", x) for x in s.threats] + [("person", x) for x in s.people]
        listed += [("organisation", x) for x in s.organisations] + [m.target for m in s.mentions]
        if s.publisher:
            listed.append(("organisation", s.publisher))
        for key in listed:
            c.link(se, key)
        for meeting in s.meetings:  # threats a source lists were discussed at the meetings it reports
            for threat in s.threats:
                c.link(("meeting", meeting), ("threat", threat))
        for i in s.incidents:
            c.link_all([se, ("threat", i.threat), _opt("country", i.country), _opt("country", i.actor), _opt("meeting", i.meeting)])
        for q in s.quotes:
            c.link_all([se, ("person", q.speaker), _opt("meeting", q.meeting)])
        for measure in s.measures:
            c.link_all([se, _opt("meeting", measure.meeting)] + [("threat", t) for t in measure.threats])


def _opt(kind: str, value: str | None) -> Key | None:
    return (kind, value) if value else None
