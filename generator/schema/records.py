"""The checking machinery: a record is a mapping of declared fields, checked field by field
(unknown, missing and invalid fields reported, an invalid value replaced by its default or by
``if_invalid``), then by its "exactly one of" group and its cross-field rule."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Origin, Report, suggest
from ..yamlpos import LList, LMap, Value
from .fragments import JSON
from .types import Invalid, Type, shown


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
            report.error(origin, f"{where}: expected a {self.name} (a mapping of fields), found {shown(value)}")
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


@dataclass
class Records(Type):
    """A list of nested records: a source's mentions, incidents, quotes and measures, a person's roles."""

    record: Record = None  # type: ignore[assignment]

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a list of {self.record.name} entries"

    def convert(self, value: Value, report: Report, where: str) -> list[Checked]:
        if not isinstance(value, LList):
            raise Invalid(f"expected {self.label}, found {shown(value)}")
        out = []
        for index, item in enumerate(value):
            checked = self.record.check(item, report, f"{where}[{index}]", value.origin)
            if checked is not None:
                out.append(checked)
        return out

    def json_schema(self) -> JSON:
        from .json_schema import record_schema

        return {"type": "array", "items": record_schema(self.record), "description": self.label}
