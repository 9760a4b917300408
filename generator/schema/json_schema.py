"""JSON Schemas (2020-12) of the files an analyst edits, made from the declared format: one per
registry file (a list of entries) and one for a source's front matter (a mapping).

An editor with the YAML language server validates and completes a file against them as it is
typed. Each value type declares its own fragment (``Type.json_schema``); this module puts the
fields of a record together: required ones, optional ones (an empty value, ``null``, is no value),
the "exactly one of" groups, defaults. What only the check can know stays in the descriptions:
which ids the registries hold, whether a passage is in the source's text, the rules between
fields (an end after its start). An unknown field is ignored with a warning by the check, so the
schemas accept it too. Nothing here is written by hand, nor committed: the site's exports
(``exports/schemas/``) and ``briefing export`` write them.
"""

from __future__ import annotations

import json
from typing import Any

from ..kinds import REGISTRY_FILES
from .format import SOURCE
from .fragments import JSON
from .records import Field, Record

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: The folder of the schemas among the exports.
FOLDER = "schemas"
#: The file of a source's front matter schema.
SOURCE_FILE = "source.schema.json"


def _nullable(fragment: JSON) -> JSON:
    """``fragment``, or nothing: an optional field left empty (``null``, ``~``) is not given."""
    if "enum" in fragment:
        return {**fragment, "enum": [*fragment["enum"], None]}
    if "type" in fragment and "anyOf" not in fragment:
        types = fragment["type"] if isinstance(fragment["type"], list) else [fragment["type"]]
        return {**fragment, "type": [*types, "null"]}
    return {"anyOf": [fragment, {"type": "null"}], "description": fragment.get("description", "")}


def _shown_default(value: Any) -> bool:
    """A default worth offering: a value, not an empty list or mapping."""
    return isinstance(value, (str, bool, int)) and value != ""


def field_schema(record: Record, spec: Field) -> JSON:
    fragment = spec.type.json_schema()
    said = [spec.doc] if spec.doc else []
    said.append(fragment.get("description", spec.type.label))
    if spec.required:
        said.append("required")
    elif record.one_of and spec.name in record.one_of:
        said.append(f"give exactly one of {', '.join(record.one_of)}")
    else:
        fragment = _nullable(fragment)
        if _shown_default(spec.default):
            fragment["default"] = spec.default
            said.append(f"optional (default: {json.dumps(spec.default)})")
        else:
            said.append("optional")
    return {"title": f"{record.name}.{spec.name}", **fragment, "description": "; ".join(said)}


def record_schema(record: Record) -> JSON:
    """A mapping of ``record``'s fields, as :meth:`Record.check` accepts it without an error."""
    said = [f"A {record.name}."]
    out: JSON = {
        "title": record.name,
        "type": "object",
        "properties": {f.name: field_schema(record, f) for f in record.fields},
    }
    required = [f.name for f in record.fields if f.required]
    if required:
        out["required"] = required
    if record.one_of:
        # exactly one given, and given is not empty (an empty one is not given)
        out["oneOf"] = [{"required": [name], "properties": {name: {"not": {"type": "null"}}}} for name in record.one_of]
        said.append(f"Give exactly one of {', '.join(record.one_of)}.")
    if record.extra is not None:
        said.append("briefing check also checks the rules between its fields (an end not before its start).")
    said.append("Another field is ignored (briefing check warns).")
    out["description"] = " ".join(said)
    return out


def registry_schema(file: str) -> JSON:
    """The schema of ``seeds/<file>``: a list of entries (an empty file holds none)."""
    record = REGISTRY_FILES[file].record
    return {
        "$schema": DIALECT,
        "title": f"seeds/{file}",
        "description": f"A briefing registry: a list of {record.name} entries ('- {REGISTRY_FILES[file].key}: ...'). "
                       "Made from the declared format; briefing check remains the reference.",
        "type": ["array", "null"],
        "items": record_schema(record),
    }


def source_schema() -> JSON:
    """The schema of a source's front matter (``seeds/sources/*.txt``, between the ``---`` lines)."""
    record = record_schema(SOURCE)
    return {
        "$schema": DIALECT,
        **record,
        "title": "seeds/sources/*.txt front matter",
        "description": f"A briefing source's front matter: its annotation. {record['description']} "
                       "Made from the declared format; briefing check remains the reference.",
    }


def schema_file(registry: str) -> str:
    """``meetings.yml`` -> ``meetings.schema.json``."""
    return registry.rsplit(".", 1)[0] + ".schema.json"


def schemas() -> dict[str, JSON]:
    """File name -> schema: every registry file's, then a source's front matter's."""
    out = {schema_file(name): registry_schema(name) for name in REGISTRY_FILES}
    out[SOURCE_FILE] = source_schema()
    return out


def schema_bytes(schema: JSON) -> bytes:
    return (json.dumps(schema, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
