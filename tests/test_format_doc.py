"""The format reference documents every field the code accepts, and only those."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.schema import ALL_RECORDS, Record

DOC = Path(__file__).resolve().parents[1] / "docs" / "format.md"

#: The heading under which each record's table stands in docs/format.md.
HEADINGS = {
    "source": "## Une source",
    "mention": "### Une mention",
    "incident": "### Un incident",
    "quote": "### Une citation",
    "measure": "### Une mesure",
    "meeting": "## Une réunion",
    "person": "## Une personne",
    "role": "### Une fonction",
    "threat": "## Un type de menace",
    "country": "## Un pays",
    "organisation": "## Une organisation",
}


def _section(heading: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    start = next(m.start() for m in re.finditer(rf"^{re.escape(heading)}\b.*$", text, re.MULTILINE))
    rest = text[start + len(heading):]
    stop = re.search(r"^#{1,6} ", rest, re.MULTILINE)
    section = rest[: stop.start()] if stop else rest
    lines = section.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("| Champ |"))
    table = []
    for line in lines[first + 2:]:
        if not line.startswith("|"):
            break
        table.append(line)
    return "\n".join(table)


def _table_fields(table: str) -> list[str]:
    """Field names in the first column of the field table."""
    return re.findall(r"^\| `([a-z_]+)` \|", table, re.MULTILINE)


def test_every_record_has_a_section() -> None:
    assert sorted(HEADINGS) == sorted(r.name for r in ALL_RECORDS)


@pytest.mark.parametrize("record", ALL_RECORDS, ids=lambda r: r.name)
def test_each_accepted_field_is_documented_with_type_requirement_and_example(record: Record) -> None:
    section = _section(HEADINGS[record.name])
    documented = _table_fields(section)
    assert sorted(documented) == sorted(record.names), f"docs/format.md {HEADINGS[record.name]}"
    for row in re.findall(r"^\| `[a-z_]+` \|.*$", section, re.MULTILINE):
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert len(cells) >= 4 and all(cells[:4]), f"type, required and example needed: {row}"
    for field in record.fields:
        row = next(r for r in re.findall(r"^\| `[a-z_]+` \|.*$", section, re.MULTILINE) if r.startswith(f"| `{field.name}` |"))
        required = row.strip("|").split("|")[2].strip()
        assert required.startswith("oui") == field.required or (record.one_of and field.name in record.one_of), row
