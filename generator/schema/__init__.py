"""The annotation format, declared once: every record, its fields and their types.

Validation walks these declarations and reports every problem it finds, with
the field name, what was expected and what was found; an invalid value is
dropped so that the rest of the file still counts.

- :mod:`.types`: the value types (text, id, reference, date, country code, lists…);
- :mod:`.records`: fields and records, and how a record is checked;
- :mod:`.format`: the records of the format (a source and what it holds, each registry entry).
"""

from .format import (
    ALL_RECORDS,
    ATTRIBUTION,
    COUNTRY,
    COUNTRY_ROLES,
    INCIDENT,
    LANGUAGES,
    MEASURE,
    MEETING,
    MEETING_KINDS,
    MENTION,
    ORGANISATION,
    ORGANISATION_KINDS,
    PERSON,
    QUOTE,
    ROLE,
    SOURCE,
    THREAT,
)
from .records import Checked, Field, Record, Records
from .types import (
    ID_PATTERN,
    Bool,
    CountryCode,
    Date,
    Enum,
    Id,
    Invalid,
    Keywords,
    ListOf,
    Localized,
    Name,
    Passage,
    Ref,
    Term,
    Text,
    Type,
    Url,
    Verbatim,
    is_web_address,
)

__all__ = [
    "ALL_RECORDS",
    "ATTRIBUTION",
    "COUNTRY",
    "COUNTRY_ROLES",
    "ID_PATTERN",
    "INCIDENT",
    "LANGUAGES",
    "MEASURE",
    "MEETING",
    "MEETING_KINDS",
    "MENTION",
    "ORGANISATION",
    "ORGANISATION_KINDS",
    "PERSON",
    "QUOTE",
    "ROLE",
    "SOURCE",
    "THREAT",
    "Bool",
    "Checked",
    "CountryCode",
    "Date",
    "Enum",
    "Field",
    "Id",
    "Invalid",
    "Keywords",
    "ListOf",
    "Localized",
    "Name",
    "Passage",
    "Record",
    "Records",
    "Ref",
    "Term",
    "Text",
    "Type",
    "Url",
    "Verbatim",
    "is_web_address",
]
