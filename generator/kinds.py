"""The kinds of entity that get a page: one table that every stage reads.

A kind is named once here with everything the stages need to know of it: the record its
annotations are checked against, the file it is read from, the corpus table it lands in, the
folder of its pages, its section's title and how its pages name one of its entities. Adding a
kind is one entry here, its model class, its record and its renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import model, schema
from .diagnostics import Origin
from .schema import Checked, Record

#: What a published entry shows for a required field missing or invalid, from its id: the value,
#: and how the warning says it.
StandIn = Callable[[str], tuple[Any, str]]
#: Makes an entity of a kind from a registry entry: its id, its values (``v(name)``), where it starts.
Builder = Callable[[str, Callable[[str], Any], Origin], Any]


@dataclass(frozen=True)
class Kind:
    #: The kind's name, as references and keys say it: ``("meeting", "nato-summit-2024")``.
    name: str
    #: The class of its entities.
    model: type
    #: What its annotations are checked against.
    record: Record
    #: The attribute of :class:`~generator.corpus.Corpus` holding its entities by id.
    table: str
    #: The folder its pages are published in (``meetings/<id>.md``).
    folder: str
    #: Its section's title on the site.
    section: str
    #: How a page names one of its entities (the text of a link to it).
    label: Callable[[Any], str]
    #: The registry file its entries are written in; None for sources (one file each, in ``sources/``).
    registry: str | None = None
    #: The field that names an entry (and its page).
    key: str = "id"
    #: Whether an entry lists ``previous_ids``, whose addresses redirect to its page.
    renamable: bool = True
    #: Makes an entity from a registry entry (None for sources, built from their own file).
    build: Builder | None = None
    #: Required field -> its stand-in (see :data:`StandIn`). An entry missing a required field
    #: absent here is left out of the site.
    stand_ins: Mapping[str, StandIn] = field(default_factory=dict, hash=False, compare=False)
    #: Its entries' dates on the time axis, each checked for a plausible year.
    dates: tuple[str, ...] = ()
    #: Whether a reference to an entry its registry lacks makes one: any valid country code is a country.
    implicit: bool = False
    #: The attributes of its entities holding objects of their own (a person's roles).
    parts: tuple[str, ...] = ()
    #: The words by which a text in a language names one of its entities (names, aliases,
    #: adjectives, keywords): where a page's text says them, they link to its page.
    terms: Callable[[Any, str], list[str]] | None = None


def broken_fields(record: Record, checked: Checked) -> list[str]:
    """The required fields of ``checked`` that are missing or were invalid (the check reported each)."""
    return [f.name for f in record.fields if f.required and checked.values.get(f.name) is None]


def _stand_in(value: Callable[[str], Any], text: Callable[[str], str]) -> StandIn:
    return lambda entry_id: (value(entry_id), text(entry_id))


def _id_as(what: str) -> StandIn:
    return _stand_in(str, lambda i: f"its id '{i}' as its {what}")


_OTHER_KIND = _stand_in(lambda i: "other", lambda i: "the kind 'other'")


def _meeting(i: str, v: Callable[[str], Any], origin: Origin) -> model.Meeting:
    return model.Meeting(i, v("title"), v("kind"), v("start"), v("end"), v("place"), v("country"), v("chair"),
                         v("participants"), v("summary"), origin)


def _country(i: str, v: Callable[[str], Any], origin: Origin) -> model.Country:
    return model.Country(i, v("role"), v("nato"), v("eu"), v("aliases"), v("adjectives"), v("note"), origin)


def _threat(i: str, v: Callable[[str], Any], origin: Origin) -> model.Threat:
    return model.Threat(i, v("label"), v("description"), v("keywords"), origin)


def _person(i: str, v: Callable[[str], Any], origin: Origin) -> model.Person:
    # A role whose title is missing or invalid is left out (the person's notice says so).
    roles = [model.Role(r.get("title"), r.get("from"), r.get("to")) for r in v("roles") if not broken_fields(schema.ROLE, r)]
    return model.Person(i, v("name"), v("aliases"), v("country"), roles, origin)


def _organisation(i: str, v: Callable[[str], Any], origin: Origin) -> model.Organisation:
    return model.Organisation(i, v("name"), v("kind"), v("country"), v("aliases"), origin)


def _name(entity: Any) -> str:
    return str(entity.name)


def _title(entity: Any) -> str:
    return str(entity.title)


def _threat_label(entity: Any) -> str:
    return str(entity.label["fr"])


def _named(entity: Any, language: str) -> list[str]:
    return [entity.name, *entity.aliases]


def _country_terms(c: Any, language: str) -> list[str]:
    return [c.name, c.name_en, *c.aliases, *c.adjectives]


def _threat_terms(t: Any, language: str) -> list[str]:
    return [*t.label.values(), *t.keywords.get(language, [])]


def _meeting_terms(m: Any, language: str) -> list[str]:
    return [m.title]


#: Every kind, in the order the site shows its sections.
KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("meeting", model.Meeting, schema.MEETING, "meetings", "meetings", "Réunions", _title, "meetings.yml",
         build=_meeting, stand_ins={"title": _id_as("title"), "kind": _OTHER_KIND}, dates=("start", "end"), terms=_meeting_terms),
    Kind("country", model.Country, schema.COUNTRY, "countries", "countries", "Pays", _name, "countries.yml", key="code",
         renamable=False, build=_country, implicit=True, terms=_country_terms),
    Kind("threat", model.Threat, schema.THREAT, "threats", "threats", "Menaces", _threat_label, "threats.yml",
         build=_threat, stand_ins={"label": _stand_in(lambda i: {"fr": i}, lambda i: f"its id '{i}' as its label"),
                                   "description": _stand_in(lambda i: {"fr": ""}, lambda i: "no description")},
         terms=_threat_terms),
    Kind("person", model.Person, schema.PERSON, "people", "people", "Personnes", _name, "people.yml",
         build=_person, stand_ins={"name": _id_as("name")}, parts=("roles",), terms=_named),
    Kind("organisation", model.Organisation, schema.ORGANISATION, "organisations", "organisations", "Organisations", _name,
         "organisations.yml", build=_organisation, stand_ins={"name": _id_as("name"), "kind": _OTHER_KIND}, terms=_named),
    Kind("source", model.Source, schema.SOURCE, "sources", "sources", "Sources", _title,
         parts=("mentions", "incidents", "quotes", "measures")),
)}

#: The kinds whose names link to their pages where a text says them, in the order a page's
#: matcher takes them (the kinds with :attr:`Kind.terms`).
LINKED = ("person", "organisation", "country", "meeting", "threat")
#: The order former ids are checked in (the order their problems take in the report).
RENAMED_ORDER = ("meeting", "person", "threat", "organisation", "source")
#: The order registries are read in: an entry may name entries of the registries before it.
READ_ORDER = ("country", "organisation", "person", "threat", "meeting")


def registries() -> Iterator[Kind]:
    """The kinds written in a registry file, in the order they are read."""
    for name in READ_ORDER:
        yield KINDS[name]


#: Registry file name -> its kind.
REGISTRY_FILES: dict[str, Kind] = {kind.registry: kind for kind in registries() if kind.registry}


def kind(name: str) -> Kind:
    """The kind called ``name`` (a ``KeyError`` for any other: names are checked by the schema)."""
    return KINDS[name]
