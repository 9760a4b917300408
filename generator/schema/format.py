"""The annotation format, declared: every record (a source and what it holds, each registry
entry), its fields, their types and defaults, and the values an enumeration allows."""

from __future__ import annotations

from collections.abc import Callable

from ..diagnostics import Report
from .records import Checked, Field, Record, Records
from .types import Bool, CountryCode, Date, Enum, Id, Keywords, ListOf, Localized, Name, Passage, Ref, Term, Text, Url, Verbatim

ATTRIBUTION = ("confirmed", "attributed", "suspected", "alleged", "unknown")
MEETING_KINDS = ("summit", "foreign-ministers", "defence-ministers", "nato-ukraine-council", "expert", "other")
COUNTRY_ROLES = ("member", "partner", "adversary", "other")
ORGANISATION_KINDS = ("media", "agency", "institution", "other")
LANGUAGES = ("fr", "en")


def _end_after_start(start: str, end: str) -> Callable[[Checked, Report, str], None]:
    def check(rec: Checked, report: Report, where: str) -> None:
        a, b = rec.get(start), rec.get(end)
        if a and b and b < a:
            report.error(rec.at(end), f"{where}.{end}: {b} is before {start} {a}")

    return check


MENTION = Record(
    "mention",
    (
        Field("text", Verbatim(), required=True),
        Field("person", Ref(kind="person")),
        Field("country", CountryCode()),
        Field("meeting", Ref(kind="meeting")),
        Field("threat", Ref(kind="threat")),
        Field("organisation", Ref(kind="organisation")),
    ),
    one_of=("person", "country", "meeting", "threat", "organisation"),
)

INCIDENT = Record(
    "incident",
    (
        Field("summary", Text(), required=True),
        Field("date", Date()),
        Field("country", CountryCode()),
        Field("place", Text()),
        Field("threat", Ref(kind="threat"), required=True),
        Field("actor", CountryCode()),
        Field("attribution", Enum(values=ATTRIBUTION), required=True),
        Field("meeting", Ref(kind="meeting")),
        Field("evidence", Passage(), required=True),
    ),
)

QUOTE = Record(
    "quote",
    (
        Field("speaker", Ref(kind="person"), required=True),
        Field("text", Passage(), required=True),
        Field("meeting", Ref(kind="meeting")),
    ),
)

MEASURE = Record(
    "measure",
    (
        Field("text", Text(), required=True),
        Field("meeting", Ref(kind="meeting")),
        Field("threats", ListOf(Ref(kind="threat")), default=[]),
        Field("evidence", Passage(), required=True),
    ),
)

SOURCE = Record(
    "source",
    (
        Field("id", Id()),
        Field("title", Text(), required=True),
        Field("date", Date()),
        Field("publisher", Ref(kind="organisation")),
        Field("url", Url()),
        Field("language", Enum(values=LANGUAGES), default="fr"),
        Field("summary", Text()),
        Field("meetings", ListOf(Ref(kind="meeting")), default=[]),
        Field("countries", ListOf(CountryCode()), default=[]),
        Field("threats", ListOf(Ref(kind="threat")), default=[]),
        Field("people", ListOf(Ref(kind="person")), default=[]),
        Field("organisations", ListOf(Ref(kind="organisation")), default=[]),
        Field("mentions", Records(record=MENTION), default=[]),
        Field("incidents", Records(record=INCIDENT), default=[]),
        Field("quotes", Records(record=QUOTE), default=[]),
        Field("measures", Records(record=MEASURE), default=[]),
        Field("reviewed", Bool(), default=True, if_invalid=False),
        Field("previous_ids", ListOf(Id()), default=[]),
    ),
)

MEETING = Record(
    "meeting",
    (
        Field("id", Id(), required=True),
        Field("title", Name(), required=True),
        Field("kind", Enum(values=MEETING_KINDS), required=True),
        Field("start", Date(), required=True),
        Field("end", Date()),
        Field("place", Text()),
        Field("country", CountryCode()),
        Field("chair", Ref(kind="person")),
        Field("participants", ListOf(Ref(kind="person")), default=[]),
        Field("summary", Text()),
        Field("previous_ids", ListOf(Id()), default=[]),
    ),
    extra=_end_after_start("start", "end"),
)

ROLE = Record(
    "role",
    (
        Field("title", Localized(), required=True),
        Field("from", Date()),
        Field("to", Date()),
    ),
    extra=_end_after_start("from", "to"),
)

PERSON = Record(
    "person",
    (
        Field("id", Id(), required=True),
        Field("name", Name(), required=True),
        Field("aliases", ListOf(Term()), default=[]),
        Field("country", CountryCode()),
        Field("roles", Records(record=ROLE), default=[]),
        Field("previous_ids", ListOf(Id()), default=[]),
    ),
)

THREAT = Record(
    "threat",
    (
        Field("id", Id(), required=True),
        Field("label", Localized(), required=True),
        Field("description", Localized(), required=True),
        Field("keywords", Keywords(), default={}),
        Field("previous_ids", ListOf(Id()), default=[]),
    ),
)

COUNTRY = Record(
    "country",
    (
        Field("code", CountryCode(), required=True),
        Field("role", Enum(values=COUNTRY_ROLES), default="other"),
        Field("nato", Date()),
        Field("eu", Date()),
        Field("aliases", ListOf(Term()), default=[]),
        Field("adjectives", ListOf(Term()), default=[]),
        Field("note", Text()),
    ),
)

ORGANISATION = Record(
    "organisation",
    (
        Field("id", Id(), required=True),
        Field("name", Name(), required=True),
        Field("kind", Enum(values=ORGANISATION_KINDS), required=True),
        Field("country", CountryCode()),
        Field("aliases", ListOf(Term()), default=[]),
        Field("previous_ids", ListOf(Id()), default=[]),
    ),
)

#: Every record of the format, for the documentation test.
ALL_RECORDS = (SOURCE, MENTION, INCIDENT, QUOTE, MEASURE, MEETING, PERSON, ROLE, THREAT, COUNTRY, ORGANISATION)
