"""What the assistant proposes for one source, each proposal with the sentence that supports it."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..dates import PartialDate
from .people import NewPerson
from .text import Doc, Span


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


def support(doc: Doc, offset: int) -> Support:
    """The sentence of ``doc`` holding ``offset``, as the support of a proposal."""
    sentence = doc.sentences[doc.sentence_at(offset)] if doc.sentences else Span(0, len(doc.raw))
    return Support(doc.raw[sentence.start : sentence.end].strip(), offset)
