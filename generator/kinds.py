"""The kinds of entity that get a page: one table that every stage reads.

A kind is named once here with everything the stages need to know of it: the record its
annotations are checked against, the file it is read from, the corpus table it lands in, the
folder of its pages, its section's title and how its pages name one of its entities. Adding a
kind is one entry here, its model class, its record and its renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from . import model, schema
from .schema import Record


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


def _name(entity: Any) -> str:
    return str(entity.name)


def _title(entity: Any) -> str:
    return str(entity.title)


def _threat_label(entity: Any) -> str:
    return str(entity.label["fr"])


#: Every kind, in the order the site shows its sections.
KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("meeting", model.Meeting, schema.MEETING, "meetings", "meetings", "Réunions", _title, "meetings.yml"),
    Kind("country", model.Country, schema.COUNTRY, "countries", "countries", "Pays", _name, "countries.yml", key="code",
         renamable=False),
    Kind("threat", model.Threat, schema.THREAT, "threats", "threats", "Menaces", _threat_label, "threats.yml"),
    Kind("person", model.Person, schema.PERSON, "people", "people", "Personnes", _name, "people.yml"),
    Kind("organisation", model.Organisation, schema.ORGANISATION, "organisations", "organisations", "Organisations", _name,
         "organisations.yml"),
    Kind("source", model.Source, schema.SOURCE, "sources", "sources", "Sources", _title),
)}

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
