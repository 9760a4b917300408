"""Exports: the corpus as JSON valid against its JSON Schema, incidents as CSV, a STIX 2.1 bundle; reproducible."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections import Counter

import jsonschema
import pytest
import stix2
from beyond_support import assert_link_resolves, incidents
from support import REPO, SEEDS, Annotations, Site

FILES = ("corpus.json", "corpus.schema.json", "incidents.csv", "stix-bundle.json")
CONFIDENCE = {"confirmed": 95, "attributed": 85, "suspected": 50, "alleged": 30, "unknown": 0}


def _read(site: Site, name: str) -> bytes:
    path = site.root / "exports" / name
    assert path.is_file(), f"exports/{name} is not published"
    return path.read_bytes()


def test_corpus_json_is_valid_against_its_schema(site: Site, annotations: Annotations) -> None:
    schema = json.loads(_read(site, "corpus.schema.json"))
    document = json.loads(_read(site, "corpus.json"))
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(document)
    assert {s["id"] for s in document["sources"]} == set(annotations.sources)
    for kind, key in (("meeting", "meetings"), ("person", "people"), ("threat", "threats"), ("organisation", "organisations")):
        assert {e["id"] for e in document[key]} == annotations.ids(kind)
    assert {c["code"] for c in document["countries"]} == annotations.countries()
    assert sum(len(s["incidents"]) for s in document["sources"]) == len(incidents(annotations))
    for s in document["sources"]:
        body = annotations.sources[s["id"]].body
        assert s["text"] == body or s["text"].strip() == body.strip()
        assert_link_resolves(site, "", s["page"])


def test_schema_rejects_what_the_format_forbids(site: Site) -> None:
    schema = json.loads(_read(site, "corpus.schema.json"))
    document = json.loads(_read(site, "corpus.json"))
    validator = jsonschema.Draft202012Validator(schema)
    broken = json.loads(json.dumps(document))
    broken["sources"][0]["date"] = "2024-05-01T00:00"
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(document))
    broken["meetings"][0]["surprise"] = 1
    assert not validator.is_valid(broken)


def test_incidents_csv_has_one_row_per_incident(site: Site, annotations: Annotations) -> None:
    text = _read(site, "incidents.csv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    expected = incidents(annotations)
    assert len(rows) == len(expected)
    assert Counter((r["source"], r["threat"], r["attribution"]) for r in rows) == Counter(
        (i["source"], i["threat"], i["attribution"]) for i in expected)
    dates = [r["date"] for r in rows if r["date"]]
    assert dates == sorted(dates, reverse=True) or len(dates) < 2
    for r in rows:
        assert_link_resolves(site, "", r["page"])
        assert not r["summary"].startswith(("=", "+", "@")), "a cell would run as a spreadsheet formula"


def test_stix_bundle_parses_and_validates(site: Site, annotations: Annotations) -> None:
    text = _read(site, "stix-bundle.json").decode("utf-8")
    bundle = stix2.parse(text, allow_custom=False)
    objects = bundle.objects
    by_type = Counter(o.type for o in objects)
    assert by_type["report"] == len(annotations.sources)
    assert by_type["incident"] == len(incidents(annotations))
    assert by_type["location"] == len(annotations.countries())
    ids = {o.id for o in objects}
    for o in objects:
        for ref in list(getattr(o, "object_refs", [])) + [getattr(o, "source_ref", None), getattr(o, "target_ref", None)]:
            assert ref is None or ref in ids, f"{o.id} refers to {ref}, which is not in the bundle"
    attributions = [o for o in objects if o.type == "relationship" and o.relationship_type == "attributed-to"]
    expected = Counter(CONFIDENCE[i["attribution"]] for i in incidents(annotations) if i.get("actor"))
    assert Counter(o.confidence for o in attributions) == expected
    actors = {o.id: o for o in objects if o.type == "threat-actor"}
    assert all(o.target_ref in actors for o in attributions)
    assert all("nation-state" in a.threat_actor_types for a in actors.values())

    from stix2validator import ValidationOptions, validate_string

    result = validate_string(text, ValidationOptions(strict=False))
    assert result.is_valid, [str(e) for o in result.object_results for e in o.errors] if hasattr(result, "object_results") else result.as_dict()


def test_exports_are_reproducible_and_the_command_writes_the_same_files(site: Site, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "generator.cli", "--seeds", str(SEEDS), "export", str(out)]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    for name in FILES:
        assert (out / name).read_bytes() == _read(site, name), f"briefing export and the site differ on {name}"


@pytest.mark.parametrize("name", FILES)
def test_export_is_published_with_a_link_from_the_help_page(site: Site, name: str) -> None:
    assert f"exports/{name}" in site.article("help/").text()


def test_large_exports_are_written_a_piece_at_a_time_as_one_document() -> None:
    """corpus.json and the STIX bundle are streamed (a source, an object at a time), and the
    pieces make exactly the document a single json.dumps of the whole would write."""
    from generator.load import load_corpus
    from generator.outputs.exports import iter_exports
    from generator.outputs.exports.corpus_json import corpus_document
    from generator.outputs.exports.stix import stix_bundle

    corpus = load_corpus(SEEDS, root=REPO)
    whole = {
        "exports/corpus.json": corpus_document(corpus),
        "exports/stix-bundle.json": stix_bundle(corpus),
    }
    streamed = {a.path: a for a in iter_exports(corpus) if a.path in whole}
    assert set(streamed) == set(whole)
    for path, document in whole.items():
        pieces = list(streamed[path].chunks())
        joined = b"".join(pieces)
        assert joined == (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8"), path
        assert joined == streamed[path].content
        items = document["sources"] if "sources" in document else document["objects"]
        assert len(pieces) >= len(items) + 2, f"{path} is not written an item at a time"
        assert max(map(len, pieces)) < len(joined) / 2, f"{path} has a piece holding most of the document"
