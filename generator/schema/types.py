"""The value types of the annotation format: each converts a located YAML value (text, id, date,
country code, list, per-language text…) or raises :class:`Invalid` saying what it expected and
found; problems that do not make a value unusable (controls, odd addresses) are reported."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import chars, countries
from ..dates import parse_date
from ..diagnostics import Report, suggest
from ..textmatch import matchable
from ..yamlpos import LList, LMap, LStr, Value
from . import fragments
from .fragments import JSON

ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# ISO 3166 "exceptionally reserved" codes people often write instead of the real one.
_RESERVED_CODES = {"UK": "GB", "EL": "GR"}


class Invalid(Exception):
    """A value does not fit its field; the message says what was expected and found."""


def shown(value: Value) -> str:
    """``value`` as a message shows it: what was found instead of what was expected."""
    if value is None:
        return "nothing"
    if isinstance(value, LMap):
        return "a mapping"
    if isinstance(value, LList):
        return "a list"
    text = str(value)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


class Type:
    """Converts a located YAML value, or raises Invalid."""

    label = "value"

    def convert(self, value: Value, report: Report, where: str) -> Any:
        raise NotImplementedError

    def json_schema(self) -> JSON:
        """The JSON Schema of the values this type accepts, as an editor's YAML 1.2 parser reads
        them (a number, a boolean, a text), described by its label. Each type declares its own
        (a test checks it): generator/schema/json_schema.py assembles them."""
        raise NotImplementedError(f"{type(self).__name__} declares no JSON Schema")


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

    def json_schema(self) -> JSON:
        return fragments.text("a text (not empty, without control characters)")


def _nonempty_text(label: str, value: Value) -> LStr:
    """``value`` as the text it must be, or Invalid saying it expected ``label``."""
    if not isinstance(value, LStr):
        raise Invalid(f"expected {label}, found {shown(value)}")
    if not value.strip():
        raise Invalid(f"expected {label}, found an empty text")
    return value


class Verbatim(Text):
    """A passage of the source's text (a mention, a quote, an evidence)."""

    verbatim = True

    def json_schema(self) -> JSON:
        return fragments.text("a text copied from the source's text as written: briefing check looks for it there")


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
                f"{shown(value)} is too short to look for in the texts (it would link every word spelt so): "
                f"expected {self.label}; ignored"
            )
        return text

    def json_schema(self) -> JSON:
        return fragments.text(self.label, fragments.TERM, types=("string",))


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
            report.warning(value.origin, f"{where}: {shown(value)} is not an http(s) address: "  # type: ignore[union-attr]
                                         "shown as text, and left out of the STIX export's links")
        return text

    def json_schema(self) -> JSON:
        return fragments.text(f"{self.label} (another one is shown as text: briefing check warns)")


class Name(Text):
    """A person's or an organisation's name, a meeting's title: shown, and looked for in the texts."""

    def convert(self, value: Value, report: Report, where: str) -> str:
        text = super().convert(value, report, where)
        if not matchable(text):
            report.warning(value.origin, f"{where}: {shown(value)} is too short to look for in the texts "  # type: ignore[union-attr]
                                         "(3 letters or more, or an acronym in capitals): shown, never linked")
        return text

    def json_schema(self) -> JSON:
        return fragments.text("a name, shown and looked for in the texts (shorter than 3 letters, or an acronym "
                              "in capitals, it is never linked: briefing check warns)")


#: A quote or an evidence passage: long enough to say something and to be found in one place.
PASSAGE_WORDS = 2
PASSAGE_CHARS = 8


class Passage(Verbatim):
    label = f"a passage copied from the source text, {PASSAGE_WORDS} words or {PASSAGE_CHARS} characters at least"

    def convert(self, value: Value, report: Report, where: str) -> str:
        text = super().convert(value, report, where)
        if len(text.split()) < PASSAGE_WORDS and len(text.strip()) < PASSAGE_CHARS:
            raise Invalid(f"expected {self.label}, found {shown(value)}")
        return text

    def json_schema(self) -> JSON:
        # 2 words (a space between two others), or 8 characters from the first to the last non-space
        return fragments.text(f"{self.label}; briefing check looks for it in the source's text",
                              rf"\S\s+\S|\S[\s\S]{{{PASSAGE_CHARS - 2},}}\S", types=("string",))


class Id(Text):
    label = "an id ([a-z0-9-])"
    free = False

    def convert(self, value: Value, report: Report, where: str) -> str:
        text = super().convert(value, report, where)
        if not ID_PATTERN.fullmatch(text):
            raise Invalid(
                f"expected an id made of a-z, 0-9 and '-' (no path, no '..', no '/'), found {shown(value)}"
            )
        return text

    def json_schema(self) -> JSON:
        return fragments.identifier(ID_PATTERN.pattern, "an id: a-z, 0-9 and '-' (no '-' first or last)")


@dataclass
class Ref(Id):
    """A reference to a registry entry; existence is checked once all files are read."""

    kind: str = ""

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a {self.kind} id"

    def json_schema(self) -> JSON:
        return fragments.identifier(ID_PATTERN.pattern, f"{self.label}: an entry of the {self.kind} registry (which "
                                    "ids exist, this schema cannot know: briefing check does)")


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
        raise Invalid(f"unknown country code {shown(value)}: expected {self.label}{did}")

    def json_schema(self) -> JSON:
        return {"enum": sorted(countries.codes()), "description": f"{self.label}, in capitals (FR, GB, NO)"}


class Date(Text):
    label = "a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    free = False

    def convert(self, value: Value, report: Report, where: str) -> Any:
        text = super().convert(value, report, where)
        try:
            return parse_date(text)
        except ValueError as exc:
            raise Invalid(str(exc)) from None

    def json_schema(self) -> JSON:
        # `2024` is a number to an editor's parser: a year
        return {"type": ["string", "integer"], "pattern": fragments.DATE, "minimum": 1000, "maximum": 9999,
                "description": f"{self.label}, at its real precision"}


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
            raise Invalid(f"expected {self.label}, found {shown(value)}{suggest(text, self.values)}")
        return text

    def json_schema(self) -> JSON:
        return {"enum": list(self.values), "description": self.label}


class Bool(Type):
    label = "true or false"

    def convert(self, value: Value, report: Report, where: str) -> bool:
        text = _nonempty_text(self.label, value)
        if text.lower() in ("true", "false"):
            return text.lower() == "true"
        raise Invalid(f"expected {self.label}, found {shown(value)}")

    def json_schema(self) -> JSON:
        return {"type": ["boolean", "string"], "pattern": "^([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])$",
                "description": self.label}


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
            raise Invalid(f"expected {self.label}, found the text {shown(value)}: write [{value}]{also}")
        if not isinstance(value, LList):
            raise Invalid(f"expected {self.label}, found {shown(value)}")
        out = []
        for index, item in enumerate(value):
            item_where = f"{where}[{index}]"
            try:
                out.append(self.item.convert(item, report, item_where))
            except Invalid as exc:
                origin = item.origin if item is not None else value.origin
                report.error(origin, f"{item_where}: {exc}")
        return out

    def json_schema(self) -> JSON:
        return {"type": "array", "items": self.item.json_schema(), "description": self.label}


class Localized(Type):
    label = "a text per language ({fr: ..., en: ...})"

    def convert(self, value: Value, report: Report, where: str) -> dict[str, str]:
        if isinstance(value, LStr):
            return {"fr": Text().convert(value, report, where)}
        if not isinstance(value, LMap):
            raise Invalid(f"expected {self.label}, found {shown(value)}")
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

    def json_schema(self) -> JSON:
        text = Text().json_schema()
        return {"anyOf": [text, {"type": "object", "properties": {"fr": text, "en": text}, "required": ["fr"],
                                 "description": "another language is ignored (briefing check warns)"}],
                "description": f"{self.label}: fr is required; a text alone is the French one"}


class Keywords(Type):
    label = "keyword lists per language ({fr: [...], en: [...]})"

    def convert(self, value: Value, report: Report, where: str) -> dict[str, list[str]]:
        if not isinstance(value, LMap):
            raise Invalid(f"expected {self.label}, found {shown(value)}")
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

    def json_schema(self) -> JSON:
        words = ListOf(Term()).json_schema()
        return {"type": "object", "properties": {"fr": words, "en": words},
                "description": f"{self.label}; another language is ignored (briefing check warns)"}
