"""Make the model object of each checked registry entry, with stand-ins for its broken fields
or left out of the site; then give each published entry the problems written in it."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from ..diagnostics import Diagnostic, Origin
from ..kinds import Kind, broken_fields
from ..schema import Checked
from .state import RESERVED_IDS, Loading

#: The message of a registry list item that is not a mapping (see ``Record.check``).
_NOT_AN_ENTRY = re.compile(r"[a-z]+ #\d+: expected an? [a-z]+ \(a mapping of fields\)")


def new_id(s: Loading, kind: str, checked: Checked, name: str = "id") -> str | None:
    """The entry's id, unless it is missing, reserved or already taken (each reported)."""
    entry_id = checked.get(name)
    if entry_id is None:
        return None
    table = s.corpus.table(kind)
    if entry_id in RESERVED_IDS:
        s.report.error(checked.at(name), f"{kind} id '{entry_id}' is reserved (it names the section's index page)")
        return None
    if entry_id in table:
        first = table[entry_id].origin
        s.report.error(checked.at(name), f"duplicate {kind} id '{entry_id}' (first defined at {first}): ignored")
        return None
    return entry_id


def add_entry(s: Loading, kind: Kind, c: Checked) -> None:
    """Add a checked registry entry. One whose required field is missing or invalid (the check
    said why) is published with a stand-in for that field and a notice on its page
    (``Kind.stand_ins``); one that has no stand-in (no id, a meeting without a date) is left out
    of the site, and every reference to it is reported, never followed."""
    name = kind.name
    entry_id = new_id(s, name, c, kind.key)
    s.entries.append((c.origin, None))
    if entry_id is None:
        return
    broken = broken_fields(kind.record, c)
    values = dict(c.values)
    missing = [field for field in broken if field not in kind.stand_ins]
    fields = ", ".join(f"'{field}'" for field in broken)
    said = f"field {fields} is" if len(broken) == 1 else f"fields {fields} are"
    if missing:
        s.left_out[name].setdefault(entry_id, c.origin)
        s.report.warning(c.origin, f"{name} '{entry_id}' is left out of the site: its required "
                                   f"{said} missing or invalid (the error on that field says why)")
        return
    if broken:
        shown = []
        for field in broken:
            values[field], text = kind.stand_ins[field](entry_id)
            shown.append(text)
        s.report.warning(c.origin, f"{name} '{entry_id}' is published with a notice: its required {said} "
                                   f"missing or invalid; its page shows {' and '.join(shown)}")

    def v(field: str) -> Any:
        return values.get(field)

    for field in kind.dates:
        s.plausible(v(field), c.at(field), f"{name} '{entry_id}'.{field}")
    assert kind.build is not None, f"{name} entries are not written in a registry"
    entity = kind.build(entry_id, v, c.origin)
    if kind.renamable:
        entity.previous_ids = list(v("previous_ids"))
    s.corpus.table(name)[entry_id] = entity
    s.entries[-1] = (c.origin, entity)


def entry_problems(s: Loading) -> None:
    """Give each published registry entry the problems reported between its first line and the
    next entry's: its notice. (A list item that is not an entry at all is no one's.)"""
    by_path: dict[str, list[tuple[Origin, Any]]] = defaultdict(list)
    for origin, entity in s.entries:
        by_path[origin.path].append((origin, entity))
    found: dict[str, list[Diagnostic]] = defaultdict(list)
    for d in s.report.items:
        if d.origin.path in by_path and not _NOT_AN_ENTRY.match(d.message):
            found[d.origin.path].append(d)
    for path, entries in by_path.items():
        entries.sort(key=lambda item: item[0].line)
        starts = [origin.line for origin, _ in entries]
        for n, (origin, entity) in enumerate(entries):
            if entity is None:
                continue
            end = starts[n + 1] if n + 1 < len(starts) else None
            entity.problems = sorted((d for d in found.get(path, ()) if origin.line <= d.origin.line
                                      and (end is None or d.origin.line < end)), key=lambda d: (d.origin, d.message))
