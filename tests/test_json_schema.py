"""The JSON Schemas of the edited files (each registry, a source's front matter), made from the
declared format: valid JSON Schema 2020-12, every seeds file valid against its own, in step with
the checks, and published with the exports.

Files are read as an editor's YAML language server reads them (YAML 1.2 core: `2024` a number,
`true` a boolean, `NO` and `2024-05-12` texts). "In step": for every variant of
tests/test_degrade.py (each field of each record missing, empty, of a wrong type, invalid) and a
few more, the schema refuses the value exactly when the record's check reports an error. What the
check does after reading a record (references to entries, passages looked for in the text,
plausible years) is no schema's business; the rules between fields are the one known gap.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import test_degrade as degrade
import yaml
from support import REPO, Site

from generator.diagnostics import Origin, Report
from generator.kinds import REGISTRY_FILES
from generator.schema import ALL_RECORDS, SOURCE, Record, Records, Type, types
from generator.schema.json_schema import SOURCE_FILE, registry_schema, schema_file, schemas, source_schema
from generator.yamlpos import MAX_SCALAR
from generator.yamlpos import load as load_located

SEEDS = REPO / "seeds"


class Yaml12(yaml.SafeLoader):
    """YAML 1.2 core schema, as the YAML language server reads a file (PyYAML reads YAML 1.1)."""


Yaml12.yaml_implicit_resolvers = {}
for _tag, _regexp, _first in (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
):
    Yaml12.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_regexp), _first)


def _int(loader: Yaml12, node: yaml.ScalarNode) -> int:
    text = loader.construct_scalar(node)
    return int(text[2:], 8) if text.startswith("0o") else int(text, 0) if text.startswith("0x") else int(text, 10)


Yaml12.add_constructor("tag:yaml.org,2002:int", _int)


def editor_reads(text: str) -> Any:
    return yaml.load(text, Loader=Yaml12)  # a SafeLoader with YAML 1.2 core resolvers


def front_matter(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("---\n"), path
    return text[4:text.index("\n---\n", 4) + 1]


def validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema)


# --- the schemas -------------------------------------------------------------------------


def test_every_type_declares_its_json_schema() -> None:
    """A new value type cannot be forgotten: each class declares its own fragment."""
    classes: set[type] = set()
    todo = [Type]
    while todo:  # every subclass, wherever it is declared
        for sub in todo.pop().__subclasses__():
            classes.add(sub)
            todo.append(sub)
    assert {c.__module__ for c in classes} >= {types.__name__, Records.__module__}
    assert {"Text", "Id", "Ref", "Date", "Records", "Localized", "Keywords"} <= {c.__name__ for c in classes}
    for cls in classes:
        assert "json_schema" in cls.__dict__, f"{cls.__name__} declares no json_schema()"
    for record in ALL_RECORDS:
        for f in record.fields:
            jsonschema.Draft202012Validator.check_schema(f.type.json_schema())


def test_one_schema_per_registry_and_one_for_sources_all_valid_json_schema() -> None:
    found = schemas()
    assert set(found) == {schema_file(name) for name in REGISTRY_FILES} | {SOURCE_FILE}
    assert "meetings.schema.json" in found and "source.schema.json" in found
    for schema in found.values():
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    meeting = found["meetings.schema.json"]["items"]
    assert meeting["required"] == ["id", "title", "kind", "start"]
    assert meeting["properties"]["kind"]["enum"][:2] == ["summit", "foreign-ministers"]
    assert meeting["properties"]["id"]["pattern"] == "^[a-z0-9]+(?:-[a-z0-9]+)*$"
    assert "cannot know" in meeting["properties"]["chair"]["description"]
    mention = found["source.schema.json"]["properties"]["mentions"]["items"]
    assert [branch["required"] for branch in mention["oneOf"]] == [[n] for n in SOURCE_MENTION_ONE_OF]
    assert found["source.schema.json"]["properties"]["language"]["default"] == "fr"


SOURCE_MENTION_ONE_OF = ["person", "country", "meeting", "threat", "organisation"]


@pytest.mark.parametrize("name", sorted(REGISTRY_FILES))
def test_every_seeds_registry_is_valid(name: str) -> None:
    document = editor_reads((SEEDS / name).read_text(encoding="utf-8"))
    assert document, name
    errors = [e.message for e in validator(registry_schema(name)).iter_errors(document)]
    assert errors == [], name


@pytest.mark.parametrize("path", sorted((SEEDS / "sources").glob("*.txt")), ids=lambda p: p.name)
def test_every_seeds_front_matter_is_valid(path: Path) -> None:
    errors = [e.message for e in validator(source_schema()).iter_errors(editor_reads(front_matter(path)))]
    assert errors == [], path.name


# --- in step with the checks -------------------------------------------------------------


def check_errors(record: Record, text: str, entry_in_list: bool) -> list[str]:
    """The errors the record's own check reports on ``text`` (a registry holding one entry, or a front matter)."""
    report = Report()
    ok, value = load_located(text, "x.yml", report)
    assert ok, report.items
    if entry_in_list:
        assert isinstance(value, list) and len(value) == 1
        value = value[0]
    record.check(value, report, record.name, Origin("x.yml"))
    return [d.message for d in report.errors]


def schema_errors(record: Record, text: str) -> list[str]:
    if record is SOURCE:
        return [e.message for e in validator(source_schema()).iter_errors(editor_reads(text))]
    file = next(name for name, kind in REGISTRY_FILES.items() if kind.record is record)
    return [e.message for e in validator(registry_schema(file)).iter_errors(editor_reads(text))]


def _text(v: degrade.Variant) -> str:
    return degrade._dump(v.data if v.is_source else [v.data])


@pytest.mark.parametrize("v", degrade.ALL, ids=lambda v: v.name)
def test_the_schema_refuses_what_the_check_refuses(v: degrade.Variant) -> None:
    text = _text(v)
    refused = check_errors(v.target.top, text, not v.is_source)
    by_schema = schema_errors(v.target.top, text)
    assert bool(by_schema) == bool(refused), f"check: {refused}\nschema: {by_schema}\n{text}"


def test_the_valid_entries_of_the_variants_pass_both() -> None:
    for record in (*degrade.RECORDS, SOURCE):
        ctx = degrade.Ctx(f"ok-{record.name}", degrade.BASE_REFS, degrade.BASE_COUNTRY, record is SOURCE)
        data = degrade.record_value(record, ctx)
        text = degrade._dump(data if record is SOURCE else [data])
        assert check_errors(record, text, record is not SOURCE) == [], text
        assert schema_errors(record, text) == [], text


RAW = "@@RAW@@"

#: (record, field, a value as written in YAML, whether the check takes it without an error)
CASES = [
    ("meeting", "start", "2024", True),  # a number to the editor, a year to the check
    ("meeting", "start", "2024-02-29", True),
    ("meeting", "start", "2023-02-29", False),
    ("meeting", "start", "2000-02-29", True),
    ("meeting", "start", "1900-02-29", False),
    ("meeting", "start", "2024-04-31", False),
    ("meeting", "start", "2024-00", False),
    ("meeting", "start", "0999", False),
    ("meeting", "start", "20240512", False),
    ("meeting", "end", "~", True),  # empty: not given
    ("meeting", "end", "", True),
    ("meeting", "place", "null", True),
    ("meeting", "title", "~", False),  # required, empty
    ("meeting", "title", "2024", True),  # a number, read as text by the check
    ("meeting", "title", '" "', False),
    ("meeting", "title", '"a\\x01b"', False),  # a control character
    ("meeting", "title", '"a\\u202eb"', False),  # a bidi override
    ("meeting", "title", '"a\\u200bb"', True),  # a zero-width space: a warning only
    ("meeting", "title", '"' + "x" * (MAX_SCALAR + 1) + '"', False),
    ("meeting", "title", "AB", True),  # too short to link: a warning only
    ("meeting", "title", '"Sommet 🛰️ de l’OTAN"', True),
    ("meeting", "kind", "Summit", False),
    ("meeting", "id", "2024", True),
    ("meeting", "id", "-a", False),
    ("meeting", "id", "a--b", False),
    ("meeting", "chair", "no-such-person", True),  # which ids exist is the check's business
    ("meeting", "country", "NO", True),  # Norway, never false
    ("meeting", "country", "fr", False),
    ("meeting", "country", "UK", False),
    ("meeting", "participants", "[]", True),
    ("meeting", "participants", "[~]", False),
    ("meeting", "participants", "someone", False),
    ("person", "aliases", "[UE]", True),
    ("person", "aliases", "[G7]", True),
    ("person", "aliases", "[Kyiv, Київ]", True),
    ("person", "aliases", "[de]", False),
    ("person", "aliases", "[Eu]", False),
    ("person", "aliases", "[e1]", False),
    ("threat", "label", "Sabotage", True),  # a text alone is the French one
    ("threat", "label", "{en: Sabotage}", False),
    ("threat", "label", "{fr: Sabotage, de: Sabotage}", True),  # another language: a warning
    ("threat", "keywords", "{fr: [sabotage], en: []}", True),
    ("threat", "keywords", "{fr: [de]}", False),
    ("source", "reviewed", "TRUE", True),
    ("source", "reviewed", "'false'", True),
    ("source", "reviewed", "yes", False),
    ("source", "language", "de", False),
    ("source", "url", "javascript:alert(1)", True),  # shown as text: a warning
    ("source", "unknown_field", "anything", True),  # ignored: a warning
]


def _case(kind: str, field: str, raw: str) -> tuple[Record, str]:
    record = SOURCE if kind == "source" else next(k.record for k in REGISTRY_FILES.values() if k.name == kind)
    ctx = degrade.Ctx(f"case-{kind}", degrade.BASE_REFS, degrade.BASE_COUNTRY, record is SOURCE)
    data = degrade.record_value(record, ctx)
    data[field] = RAW
    text = degrade._dump(data if record is SOURCE else [data])
    return record, text.replace(f"'{RAW}'", raw).replace(RAW, raw)


@pytest.mark.parametrize(("kind", "field", "raw", "valid"), CASES, ids=lambda c: str(c)[:30])
def test_the_schema_and_the_check_agree_on_written_values(kind: str, field: str, raw: str, valid: bool) -> None:
    record, text = _case(kind, field, raw)
    refused = check_errors(record, text, record is not SOURCE)
    assert (not refused) == valid, refused
    by_schema = schema_errors(record, text)
    assert (not by_schema) == valid, f"{by_schema}\n{text}"


def test_exactly_one_target_of_a_mention() -> None:
    for mention, valid in (("{text: x, person: a}", True), ("{text: x, person: a, country: FR}", False),
                           ("{text: x}", False)):
        record, text = _case("source", "mentions", f"[{mention}]")
        assert (not check_errors(record, text, False)) == valid, mention
        assert (not schema_errors(record, text)) == valid, mention


def test_the_rules_between_fields_are_left_to_the_check() -> None:
    """The known gap: a JSON Schema compares no two fields; the check refuses an end before its start."""
    record, text = _case("meeting", "end", "2020-01")
    assert check_errors(record, text, True)
    assert not schema_errors(record, text)
    assert "rules between its fields" in registry_schema("meetings.yml")["items"]["description"]


# --- shipped -------------------------------------------------------------------------------


def test_briefing_export_writes_the_schemas_the_site_publishes_and_the_help_page_lists_them(
        site: Site, tmp_path: Path) -> None:
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "generator.cli", "--seeds", str(SEEDS), "export", str(out)]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    for name, schema in schemas().items():
        assert json.loads((out / "schemas" / name).read_text(encoding="utf-8")) == schema
        assert (site.root / "exports" / "schemas" / name).read_bytes() == (out / "schemas" / name).read_bytes()
        assert f"exports/schemas/{name}" in site.article("help/").text(), name
        assert f"exports/schemas/{name}" in (REPO / "docs" / "help.md").read_text(encoding="utf-8"), name
    fmt = (REPO / "docs" / "format.md").read_text(encoding="utf-8")
    assert "# yaml-language-server: $schema=" in fmt and "yaml.schemas" in fmt
    for name in schemas():
        assert name in fmt, name
