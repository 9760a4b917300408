"""Read and check the registry files (one per kind), and add each checked entry to the corpus."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from pathlib import Path

from ..diagnostics import Origin, Report
from ..kinds import Kind, registries
from ..reader import read_text
from ..schema import Checked
from ..yamlpos import LList, load
from .entries import add_entry
from .state import Loading


def read_registries(s: Loading) -> None:
    """Every registry, in reading order; ``s.registries`` keeps what the cache gave for each."""
    reads: list[object] = []
    for kind in registries():
        file = s.seeds / str(kind.registry)
        rel = s.rel(file)
        if not file.exists() and not file.is_symlink():  # a dangling link is refused as a link
            s.report.warning(Origin(rel), f"registry {kind.registry} is missing: no {kind.record.name} is defined")
            reads.append(None)
            continue
        checked = s.cache.entries(file, rel, partial(_entries, s.max_bytes, kind, file, rel), s.report)
        reads.append(checked)
        for c in checked:
            add_entry(s, kind, c)
    s.registries = tuple(reads)


def _entries(max_bytes: int, kind: Kind, file: Path, rel: str, report: Report) -> Iterator[Checked]:
    """The checked entries of one registry file, each checked when asked for."""
    name, record = kind.registry, kind.record
    text = read_text(file, rel, report, max_bytes)
    if text is None:
        return
    ok, value = load(text, rel, report)
    if not ok or value is None:
        return
    if not isinstance(value, LList):
        report.error(value.origin, f"{name} must be a list of {record.name} entries ('- id: ...')")
        return
    for index, item in enumerate(value):
        checked = record.check(item, report, f"{record.name} #{index + 1}", value.origin)
        if checked is not None:
            yield checked
