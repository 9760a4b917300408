"""Problems found in the annotations, reported as ``path:line:col: severity: message``."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from .chars import neutral

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Origin:
    """Where a value was read: a path relative to the project, 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"

    @classmethod
    def at_offset(cls, path: str, text: str | bytes, offset: int, first_line: int = 1) -> Origin:
        """Where character (or byte) ``offset`` of ``text`` is, ``text`` starting on line ``first_line``."""
        newline: Any = "\n" if isinstance(text, str) else b"\n"
        return cls(path, first_line + text.count(newline, 0, offset), offset - (text.rfind(newline, 0, offset) + 1) + 1)


@dataclass(frozen=True)
class Diagnostic:
    origin: Origin
    severity: Severity
    message: str

    def __str__(self) -> str:
        # A file name or a quoted value may hold controls (an escape sequence would drive the
        # terminal that shows the report): they are written as markers like [U+001B].
        return neutral(f"{self.origin}: {self.severity}: {self.message}")

    def as_dict(self) -> dict[str, object]:
        return {
            "path": neutral(self.origin.path),
            "line": self.origin.line,
            "col": self.origin.col,
            "severity": self.severity,
            "message": neutral(self.message),
        }


@dataclass
class Report:
    """Collects every problem of a run; nothing stops at the first one."""

    items: list[Diagnostic] = field(default_factory=list)

    # A message quotes the values it is about: their controls and bidi overrides are shown as
    # markers there too (the message reaches terminals, logs and the pages' notices).
    def error(self, origin: Origin, message: str) -> None:
        self.items.append(Diagnostic(origin, "error", neutral(message)))

    def warning(self, origin: Origin, message: str) -> None:
        self.items.append(Diagnostic(origin, "warning", neutral(message)))

    def extend(self, other: Iterable[Diagnostic]) -> None:
        self.items.extend(other)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    def for_path(self, path: str) -> list[Diagnostic]:
        return [d for d in self.items if d.origin.path == path]

    def sorted(self) -> list[Diagnostic]:
        return sorted(self.items, key=lambda d: (d.origin, d.severity, d.message))


def suggest(value: str, known: Iterable[str], limit: int = 3) -> str:
    """' (did you mean X?)' for the nearest known ids (ties only), or '' when none is close."""
    lowered = {k.lower(): k for k in known}
    scored = []
    for key in lowered:
        matcher = difflib.SequenceMatcher(None, value.lower(), key)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6 and (ratio := matcher.ratio()) >= 0.6:
            scored.append((ratio, key))
    if not scored:
        return ""
    best = max(r for r, _ in scored)
    close = sorted((k for r, k in scored if r >= best - 0.02), key=lambda k: (-difflib.SequenceMatcher(None, value.lower(), k).ratio(), k))
    return " (did you mean " + " or ".join(lowered[c] for c in close[:limit]) + "?)"
