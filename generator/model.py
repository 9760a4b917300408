"""The briefing's typed objects, built from validated annotations."""

from __future__ import annotations

from dataclasses import dataclass, field

from . import countries
from .dates import PartialDate
from .diagnostics import Diagnostic, Origin

Key = tuple[str, str]


@dataclass
class Role:
    title: dict[str, str]
    start: PartialDate | None
    end: PartialDate | None

    def held_on(self, day: PartialDate) -> bool:
        """True when the role was held on ``day`` (``end`` is the first day without it)."""
        if self.start and day.first_day < self.start.first_day:
            return False
        return not (self.end and day.first_day >= self.end.first_day)


@dataclass
class Person:
    id: str
    name: str
    aliases: list[str]
    country: str | None
    roles: list[Role]
    origin: Origin
    #: Problems found in this entry, shown as a notice on its page.
    problems: list[Diagnostic] = field(default_factory=list)
    #: Former ids whose addresses redirect to this page.
    previous_ids: list[str] = field(default_factory=list)

    def role_on(self, day: PartialDate | None) -> Role | None:
        if day is None:
            return None
        return next((r for r in self.roles if r.held_on(day)), None)


@dataclass
class Meeting:
    id: str
    title: str
    kind: str
    start: PartialDate
    end: PartialDate | None
    place: str | None
    country: str | None
    chair: str | None
    participants: list[str]
    summary: str | None
    origin: Origin
    #: Problems found in this entry, shown as a notice on its page.
    problems: list[Diagnostic] = field(default_factory=list)
    #: Former ids whose addresses redirect to this page.
    previous_ids: list[str] = field(default_factory=list)


@dataclass
class Threat:
    id: str
    label: dict[str, str]
    description: dict[str, str]
    keywords: dict[str, list[str]]
    origin: Origin
    #: Problems found in this entry, shown as a notice on its page.
    problems: list[Diagnostic] = field(default_factory=list)
    #: Former ids whose addresses redirect to this page.
    previous_ids: list[str] = field(default_factory=list)


@dataclass
class Country:
    code: str
    role: str = "other"
    nato: PartialDate | None = None
    eu: PartialDate | None = None
    aliases: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    note: str | None = None
    #: None when the country has no entry in countries.yml (names still come from CLDR).
    origin: Origin | None = None
    #: Problems found in this entry, shown as a notice on its page.
    problems: list[Diagnostic] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.code

    @property
    def name(self) -> str:
        return countries.name(self.code, "fr")

    @property
    def name_en(self) -> str:
        return countries.name(self.code, "en")


@dataclass
class Organisation:
    id: str
    name: str
    kind: str
    country: str | None
    aliases: list[str]
    origin: Origin
    #: Problems found in this entry, shown as a notice on its page.
    problems: list[Diagnostic] = field(default_factory=list)
    #: Former ids whose addresses redirect to this page.
    previous_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Paragraph:
    number: int
    start: int
    end: int


@dataclass
class Mention:
    text: str
    target: Key
    origin: Origin
    #: Its place in the source's ``mentions`` list, as written (for messages).
    index: int = 0


@dataclass
class Incident:
    source: str
    number: int
    summary: str
    date: PartialDate | None
    country: str | None
    place: str | None
    threat: str
    actor: str | None
    attribution: str
    meeting: str | None
    evidence: str
    paragraph: int
    origin: Origin


@dataclass
class Quote:
    source: str
    number: int
    speaker: str
    text: str
    meeting: str | None
    paragraph: int
    origin: Origin


@dataclass
class Measure:
    source: str
    number: int
    text: str
    meeting: str | None
    threats: list[str]
    evidence: str
    paragraph: int
    origin: Origin


@dataclass
class Source:
    id: str
    path: str
    title: str
    #: The text, stored as UTF-8 (see :attr:`body`).
    utf8: bytes
    paragraphs: list[Paragraph]
    origin: Origin
    annotated: bool = True
    date: PartialDate | None = None
    publisher: str | None = None
    url: str | None = None
    language: str = "fr"
    summary: str | None = None
    meetings: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    threats: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    reviewed: bool = True
    #: Problems found in this file, shown as a notice on its page.
    problems: list[Diagnostic] = field(default_factory=list)
    #: Former ids whose addresses redirect to this page.
    previous_ids: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        """The text. Kept as UTF-8: in Python, one ’ or « makes a whole French text take two
        bytes a character; a large corpus holds hundreds of megabytes of text."""
        return self.utf8.decode("utf-8")

    def paragraph_text(self, number: int) -> str:
        p = self.paragraphs[number - 1]
        return self.body[p.start : p.end]

    def paragraph_texts(self) -> list[str]:
        body = self.body
        return [body[p.start : p.end] for p in self.paragraphs]
