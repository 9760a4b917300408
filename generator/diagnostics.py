"""Problems found in the annotations, reported as ``path:line:col: severity: message``."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Iterable, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Origin:
    """Where a value was read: a path relative to the project, 1-based line and column."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    origin: Origin
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.severity}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.origin.path,
            "line": self.origin.line,
            "col": self.origin.col,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass
class Report:
    """Collects every problem of a run; nothing stops at the first one."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, origin: Origin, message: str) -> None:
        self.items.append(Diagnostic(origin, "error", message))

    def warning(self, origin: Origin, message: str) -> None:
        self.items.append(Diagnostic(origin, "warning", message))

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
    """' (did you mean X?)' for the nearest known ids, or '' when none is close."""
    lowered = {k.lower(): k for k in known}
    close = difflib.get_close_matches(value.lower(), list(lowered), n=limit, cutoff=0.6)
    if not close:
        return ""
    names = " or ".join(lowered[c] for c in close)
    return f" (did you mean {names}?)"
