"""Check every reference to an entity; an unknown one is reported and left out of the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from .. import countries as cldr
from ..diagnostics import Origin, suggest
from ..kinds import KINDS, registries
from ..model import Source
from .state import Loading


class References(NamedTuple):
    """The checks of references (see :func:`references`)."""

    #: Whether ``value`` names a published entity of ``kind`` (reported where it does not).
    ok: Callable[[str, Any, str, Origin], bool]
    #: The values of a list that do, each once.
    keep: Callable[[str, list[str], str], list[str]]
    #: The value if it does, else None.
    one: Callable[[str, Any, str], Any]


def resolve(s: Loading) -> None:
    corpus = s.corpus
    refs = references(s)
    one, keep = refs.one, refs.keep
    for m in corpus.meetings.values():
        m.chair = one("person", m.chair, f"meeting {m.id}.chair")
        m.participants = keep("person", m.participants, f"meeting {m.id}.participants")
        m.country = one("country", m.country, f"meeting {m.id}.country")
    for p in corpus.people.values():
        p.country = one("country", p.country, f"person {p.id}.country")
    for o in corpus.organisations.values():
        o.country = one("country", o.country, f"organisation {o.id}.country")
    report = s.report
    for source in corpus.sources.values():
        taken = s.taken.get(source.id)
        if taken is not None:  # checked by the load that finished it: its problems again
            report.extend(taken.resolved)
            for kind, value in implicit_references(source):  # the entries checking them made
                table = corpus.table(kind)
                if value not in table:
                    table[value] = KINDS[kind].model(value)
            continue
        mark = len(report.items)
        resolve_source(source, refs)
        fresh = s.fresh.get(source.id)
        if fresh is not None:
            fresh.resolved = report.items[mark:]
    for c in corpus.countries.values():
        if not cldr.is_code(c.code):  # unreachable through the schema; kept as a guard
            report.error(c.origin or Origin(str(s.seeds)), f"unknown country code '{c.code}'")


def references(s: Loading) -> References:
    corpus = s.corpus
    known = {kind.name: corpus.table(kind.name) for kind in registries()}
    implicit = {kind.name for kind in registries() if kind.implicit}

    def ok(kind: str, value: str | None, where: str, origin: Origin) -> bool:
        if value is None:
            return False
        if kind in implicit:
            if value not in known[kind]:
                known[kind][value] = KINDS[kind].model(value)
            return True
        if value in known[kind]:
            return True
        left_out = s.left_out[kind].get(value)
        if left_out is not None:
            s.report.error(origin, f"{where}: {kind} '{value}' is left out of the site (its entry at "
                                   f"{left_out} has an error): not linked")
            return False
        s.report.error(origin, f"{where}: unknown {kind} '{value}'{suggest(value, known[kind])}")
        return False

    def keep(kind: str, values: list[str], where: str) -> list[str]:
        out = []
        for value in values:
            if ok(kind, value, where, getattr(value, "origin", Origin(where))) and value not in out:
                out.append(value)
        return out

    def one(kind: str, value: str | None, where: str) -> str | None:
        if value is None:
            return None
        return value if ok(kind, value, where, getattr(value, "origin", Origin(where))) else None

    return References(ok, keep, one)


def resolve_source(s: Source, refs: References) -> None:
    ok, keep, one = refs
    s.publisher = one("organisation", s.publisher, "source.publisher")
    s.meetings = keep("meeting", s.meetings, "source.meetings")
    s.countries = keep("country", s.countries, "source.countries")
    s.threats = keep("threat", s.threats, "source.threats")
    s.people = keep("person", s.people, "source.people")
    s.organisations = keep("organisation", s.organisations, "source.organisations")
    s.mentions = [m for m in s.mentions
                  if ok(m.target[0], m.target[1], f"mentions[{m.index}].{m.target[0]}", getattr(m.target[1], "origin", m.origin))]
    kept_incidents = []
    for i in s.incidents:
        if not ok("threat", i.threat, f"incidents[{i.number - 1}].threat", getattr(i.threat, "origin", i.origin)):
            continue
        i.country = one("country", i.country, f"incidents[{i.number - 1}].country")
        i.actor = one("country", i.actor, f"incidents[{i.number - 1}].actor")
        i.meeting = one("meeting", i.meeting, f"incidents[{i.number - 1}].meeting")
        kept_incidents.append(i)
    s.incidents = kept_incidents
    s.quotes = [q for q in s.quotes
                if ok("person", q.speaker, f"quotes[{q.number - 1}].speaker", getattr(q.speaker, "origin", q.origin))]
    for q in s.quotes:
        q.meeting = one("meeting", q.meeting, f"quotes[{q.number - 1}].meeting")
    for m in s.measures:
        m.meeting = one("meeting", m.meeting, f"measures[{m.number - 1}].meeting")
        m.threats = keep("threat", m.threats, f"measures[{m.number - 1}].threats")


def implicit_references(s: Source) -> list[tuple[str, str]]:
    """The references of a resolved source to entries that exist through references alone (the
    countries), in the order :func:`resolve_source` checks them."""
    refs = [("country", code) for code in s.countries]
    refs += [m.target for m in s.mentions if m.target[0] == "country"]
    for i in s.incidents:
        refs += [("country", code) for code in (i.country, i.actor) if code]
    return refs
