"""The annotation format, declared once: every record, its fields and their types.

Validation walks these declarations and reports every problem it finds, with
the field name, what was expected and what was found; an invalid value is
dropped so that the rest of the file still counts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import chars, countries
from .dates import parse_date
from .diagnostics import Origin, Report, suggest
from .textmatch import matchable
from .yamlpos import LList, LMap, LStr, Value

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# ISO 3166 "exceptionally reserved" codes people often write instead of the real one.
_RESERVED_CODES = {"UK": "GB", "EL": "GR"}


class Invalid(Exception):
    """A value does not fit its field; the message says what was expected and found."""


def _found(value: Value) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, LMap):
        return "a mapping"
    if isinstance(value, LList):
        return "a list"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


@dataclass
class Checked:
    """A validated record: converted values plus where each was read."""

    origin: Origin
    values: dict[str, Any]
    origins: dict[str, Origin]

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value is None else value

    def at(self, name: str) -> Origin:
        return self.origins.get(name, self.origin)


# --- field types -----------------------------------------------------------


class Type:
    """Converts a located YAML value, or raises Invalid."""

    label = "value"

    def convert(self, value: Value, report: Report, where: str) -> Any:
        raise NotImplementedError


class Text(Type):
    label = "text"
    #: Free text (titles, names, quotes…): its controls and invisible characters are reported,
    #: and the ones that could spoof or break an output are shown as markers (see generator/chars.py).
    #: Ids, codes, dates and enumerations refuse them anyway.
    free = True
    #: Copied from the source's text, and looked for there: kept as written (the outputs show
    #: its controls as markers when they escape it), so that it is found where the text has them.
    verbatim = False

    def convert(self, value: Value, report: Report, where: str) -> str:
        text = _nonempty_text(self.label, value)
        return _clean(text, report, where, not self.verbatim) if self.free else text


def _nonempty_text(label: str, value: Value) -> LStr:
    """``value`` as the text it must be, or Invalid saying it expected ``label``."""
    if not isinstance(value, LStr):
        raise Invalid(f"expected {label}, found {_found(value)}")
    if not value.strip():
        raise Invalid(f"expected {label}, found an empty text")
    return value


class Verbatim(Text):
    """A passage of the source's text (a mention, a quote, an evidence)."""

    verbatim = True


def _clean(value: LStr, report: Report, where: str, replace: bool = True) -> LStr:
    """``value`` with its controls and bidi overrides shown as markers (unless not ``replace``),
    each one reported."""
    found = list(chars.findings(value))
    if not found:
        return value
    for ch, count in found:
        severity, klass = chars.kind(ch)
        times = f", {count} times" if count > 1 else ""
        what = f"{where} contains {chars.describe(ch)} ({klass}{times})"
        if severity == "error":
            report.error(value.origin, f"{what}: shown as « {chars.marker(ch)} » on the site; remove it")
        else:
            report.warning(value.origin, f"{what}: invisible, kept; remove it unless it is meant")
    if not replace:
        return value
    cleaned = LStr(chars.neutral(value))
    cleaned.origin = value.origin
    return cleaned


class Term(Text):
    """An alias, adjective or keyword: a word the site looks for in the texts to link them."""

    label = "a word of 3 letters or more, or an acronym in capitals (UE, G7)"

    def convert(self, value: Value, report: Report, where: str) -> str:
        text = super().convert(value, report, where)
        if not matchable(text):
            raise Invalid(
                f"{_found(value)} is too short to look for in the texts (it would link every word spelt so): "
                f"expected {self.label}; ignored"
            )
        return text


def is_web_address(text: str) -> bool:
    """An http or https address with a host: the only addresses an export offers as a link."""
    return re.match(r"https?://[^\s/?#]+", text.strip(), re.IGNORECASE) is not None


class Url(Text):
    """A source's address. Pages show it as text, never as a link; anything but http(s) is
    reported (``javascript:``, ``data:``, ``file:`` would run or open something if followed)."""

    label = "an http(s) address"

    def convert(self, value: Value, report: Report, where: str) -> str:
        text = super().convert(value, report, where)
        if not is_web_address(text):
            report.warning(value.origin, f"{where}: {_found(value)} is not an http(s) address: "  # type: ignore[union-attr]
                                         "shown as text, and left out of the STIX export's links")
        return text


class Name(Text):
    """A person's or an organisation's name, a meeting's title: shown, and looked for in the texts."""

    def convert(self, value: Value, report: Report, where: str) -> str:
        text = super().convert(value, report, where)
        if not matchable(text):
            report.warning(value.origin, f"{where}: {_found(value)} is too short to look for in the texts "  # type: ignore[union-attr]
                                         "(3 letters or more, or an acronym in capitals): shown, never linked")
        return text


#: A quote or an evidence passage: long enough to say something and to be found in one place.
PASSAGE_WORDS = 2
PASSAGE_CHARS = 8


class Passage(Verbatim):
    label = f"a passage copied from the source text, {PASSAGE_WORDS} words or {PASSAGE_CHARS} characters at least"

    def convert(self, value: Value, report: Report, where: str) -> str:
        text = super().convert(value, report, where)
        if len(text.split()) < PASSAGE_WORDS and len(text.strip()) < PASSAGE_CHARS:
            raise Invalid(f"expected {self.label}, found {_found(value)}")
        return text


class Id(Text):
    label = "an id ([a-z0-9-])"
    free = False

    def convert(self, value: Value, report: Report, where: str) -> str:
        text = super().convert(value, report, where)
        if not ID_PATTERN.fullmatch(text):
            raise Invalid(
                f"expected an id made of a-z, 0-9 and '-' (no path, no '..', no '/'), found {_found(value)}"
            )
        return text


@dataclass
class Ref(Id):
    """A reference to a registry entry; existence is checked once all files are read."""

    kind: str = ""

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a {self.kind} id"


class CountryCode(Text):
    label = "an ISO 3166-1 alpha-2 country code"
    free = False

    def convert(self, value: Value, report: Report, where: str) -> str:
        text = super().convert(value, report, where).strip()
        if countries.is_code(text):
            return text
        hint = _RESERVED_CODES.get(text.upper())
        if hint is None and countries.is_code(text.upper()):
            hint = text.upper()
        if hint is None:
            for lang in ("fr", "en"):
                for code in countries.codes():
                    if countries.name(code, lang).casefold() == text.casefold():
                        hint = code
        did = f" (did you mean {hint}?)" if hint else suggest(text.upper(), countries.codes())
        raise Invalid(f"unknown country code {_found(value)}: expected {self.label}{did}")


class Date(Text):
    label = "a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    free = False

    def convert(self, value: Value, report: Report, where: str) -> Any:
        text = super().convert(value, report, where)
        try:
            return parse_date(text)
        except ValueError as exc:
            raise Invalid(str(exc)) from None


@dataclass
class Enum(Text):
    values: tuple[str, ...] = ()
    free = False

    @property
    def label(self) -> str:  # type: ignore[override]
        return "one of " + ", ".join(self.values)

    def convert(self, value: Value, report: Report, where: str) -> str:
        text = super().convert(value, report, where)
        if text not in self.values:
            raise Invalid(f"expected {self.label}, found {_found(value)}{suggest(text, self.values)}")
        return text


class Bool(Type):
    label = "true or false"

    def convert(self, value: Value, report: Report, where: str) -> bool:
        text = _nonempty_text(self.label, value)
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        raise Invalid(f"expected {self.label}, found {_found(value)}")


@dataclass
class ListOf(Type):
    item: Type = field(default_factory=Text)

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a list (each item {self.item.label})"

    def convert(self, value: Value, report: Report, where: str) -> list[Any]:
        if isinstance(value, LStr):
            also = ""
            try:
                self.item.convert(value, report, where)
            except Invalid as exc:
                also = f"; and the item itself: {exc}"
            raise Invalid(f"expected {self.label}, found the text {_found(value)}: write [{value}]{also}")
        if not isinstance(value, LList):
            raise Invalid(f"expected {self.label}, found {_found(value)}")
        out = []
        for index, item in enumerate(value):
            item_where = f"{where}[{index}]"
            try:
                out.append(self.item.convert(item, report, item_where))
            except Invalid as exc:
                origin = item.origin if item is not None else value.origin
                report.error(origin, f"{item_where}: {exc}")
        return out


class Localized(Type):
    label = "a text per language ({fr: ..., en: ...})"

    def convert(self, value: Value, report: Report, where: str) -> dict[str, str]:
        if isinstance(value, LStr):
            return {"fr": Text().convert(value, report, where)}
        if not isinstance(value, LMap):
            raise Invalid(f"expected {self.label}, found {_found(value)}")
        out: dict[str, str] = {}
        for lang, text in value.items():
            if lang not in ("fr", "en"):
                report.warning(value.key_origins[lang], f"{where}: unknown language '{lang}' (expected fr or en): ignored")
                continue
            try:
                out[lang] = Text().convert(text, report, f"{where}.{lang}")
            except Invalid as exc:
                report.error(value.key_origins[lang], f"{where}.{lang}: {exc}")
        if "fr" not in out:
            raise Invalid("the French text (fr:) is required")
        return out


class Keywords(Type):
    label = "keyword lists per language ({fr: [...], en: [...]})"

    def convert(self, value: Value, report: Report, where: str) -> dict[str, list[str]]:
        if not isinstance(value, LMap):
            raise Invalid(f"expected {self.label}, found {_found(value)}")
        out: dict[str, list[str]] = {}
        for lang, items in value.items():
            if lang not in ("fr", "en"):
                report.warning(value.key_origins[lang], f"{where}: unknown language '{lang}' (expected fr or en): ignored")
                continue
            try:
                out[lang] = ListOf(Term()).convert(items, report, f"{where}.{lang}")
            except Invalid as exc:
                report.error(value.key_origins[lang], f"{where}.{lang}: {exc}")
        return out


@dataclass
class Records(Type):
    record: Record = None  # type: ignore[assignment]

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a list of {self.record.name} entries"

    def convert(self, value: Value, report: Report, where: str) -> list[Checked]:
        if not isinstance(value, LList):
            raise Invalid(f"expected {self.label}, found {_found(value)}")
        out = []
        for index, item in enumerate(value):
            checked = self.record.check(item, report, f"{where}[{index}]", value.origin)
            if checked is not None:
                out.append(checked)
        return out


# --- records ---------------------------------------------------------------


_UNSET: Any = object()


@dataclass(frozen=True)
class Field:
    name: str
    type: Type
    required: bool = False
    default: Any = None
    doc: str = ""
    #: The value taken when the one given is invalid (reported), where the default would claim
    #: too much: a ``reviewed`` that is not true or false is not « reviewed ». Unset: the default.
    if_invalid: Any = _UNSET


@dataclass
class Record:
    name: str
    fields: tuple[Field, ...]
    #: Exactly one of these fields must be given.
    one_of: tuple[str, ...] = ()
    #: Called on the checked record for cross-field rules.
    extra: Callable[[Checked, Report, str], None] | None = None

    @property
    def names(self) -> list[str]:
        return [f.name for f in self.fields]

    def check(self, value: Value, report: Report, where: str, parent: Origin) -> Checked | None:
        """Validate one mapping; None when it is not a mapping at all."""
        if not isinstance(value, LMap):
            origin = value.origin if value is not None else parent
            report.error(origin, f"{where}: expected a {self.name} (a mapping of fields), found {_found(value)}")
            return None
        values: dict[str, Any] = {}
        origins: dict[str, Origin] = {}
        known = {f.name: f for f in self.fields}
        for key, key_origin in value.key_origins.items():
            if key not in known:
                report.warning(
                    key_origin,
                    f"{where}: unknown field '{key}' in a {self.name}: ignored{suggest(key, known)}",
                )
        for spec in self.fields:
            raw = value.get(spec.name)
            field_origin = value.key_origins.get(spec.name)
            if raw is None:
                if spec.required:
                    detail = "is empty" if field_origin else "is missing"
                    report.error(
                        field_origin or value.origin,
                        f"{where}: required field '{spec.name}' {detail} (expected {spec.type.label})",
                    )
                values[spec.name] = spec.default
                continue
            origins[spec.name] = raw.origin
            try:
                values[spec.name] = spec.type.convert(raw, report, f"{where}.{spec.name}")
            except Invalid as exc:
                report.error(raw.origin, f"{where}.{spec.name}: {exc}")
                values[spec.name] = spec.default if spec.if_invalid is _UNSET else spec.if_invalid
        checked = Checked(value.origin, values, origins)
        if self.one_of:
            given = [n for n in self.one_of if values.get(n) is not None]
            if len(given) != 1:
                found = ", ".join(given) if given else "none"
                report.error(value.origin, f"{where}: give exactly one of {', '.join(self.one_of)} (found {found})")
                return None
        if self.extra:
            self.extra(checked, report, where)
        return checked


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

#: Registry files, in the order they are read, and the record each entry is.

#: Every record of the format, for the documentation test.
ALL_RECORDS = (SOURCE, MENTION, INCIDENT, QUOTE, MEASURE, MEETING, PERSON, ROLE, THREAT, COUNTRY, ORGANISATION)
