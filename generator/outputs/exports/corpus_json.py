"""The whole annotated corpus as one JSON document, and the JSON Schema it follows.

Values are those the pages show, after validation: dates keep their
precision (``2024``, ``2024-05``, ``2024-05-12``), references are ids, every
optional value is present and ``null`` when unknown. ``page`` is the
site-relative address of the entity's page.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ... import chars
from ...corpus import Corpus
from ...dates import PartialDate
from ...model import Incident, Measure, Quote, Source
from ...paths import DIRECTORY_URLS, Urls, page_path
from ...schema import (
    ATTRIBUTION,
    COUNTRY_ROLES,
    LANGUAGES,
    MEETING_KINDS,
    MENTION,
    ORGANISATION_KINDS,
)

FORMAT = "briefing-corpus"
VERSION = 1


def _date(d: PartialDate | None) -> str | None:
    return d.iso() if d else None


def _page(urls: Urls, kind: str, entity_id: str) -> str:
    return urls.built_url(page_path(kind, entity_id))


def _previous(entity: object) -> list[str]:
    return list(getattr(entity, "previous_ids", None) or [])


def _incident(i: Incident) -> dict[str, Any]:
    return {
        "number": i.number, "summary": i.summary, "date": _date(i.date), "country": i.country, "place": i.place,
        "threat": i.threat, "actor": i.actor, "attribution": i.attribution, "meeting": i.meeting,
        "evidence": i.evidence, "paragraph": i.paragraph,
    }


def _quote(q: Quote) -> dict[str, Any]:
    return {"number": q.number, "speaker": q.speaker, "text": q.text, "meeting": q.meeting, "paragraph": q.paragraph}


def _measure(m: Measure) -> dict[str, Any]:
    return {"number": m.number, "text": m.text, "meeting": m.meeting, "threats": list(m.threats),
            "evidence": m.evidence, "paragraph": m.paragraph}


def _source(s: Source, urls: Urls) -> dict[str, Any]:
    # Controls and bidi overrides as the pages show them (markers): the annotations' are already,
    # a source's text and a title taken from it are not.
    return chars.neutral_tree({
        "id": s.id, "previous_ids": _previous(s), "file": s.path, "page": _page(urls, "source", s.id),
        "annotated": s.annotated, "reviewed": s.reviewed,
        "title": s.title, "date": _date(s.date), "publisher": s.publisher, "url": s.url, "language": s.language,
        "summary": s.summary,
        "meetings": list(s.meetings), "countries": list(s.countries), "threats": list(s.threats),
        "people": list(s.people), "organisations": list(s.organisations),
        "mentions": [{"text": m.text, "kind": m.target[0], "id": m.target[1]} for m in s.mentions],
        "incidents": [_incident(i) for i in s.incidents],
        "quotes": [_quote(q) for q in s.quotes],
        "measures": [_measure(m) for m in s.measures],
        "paragraphs": s.paragraph_texts(),
        "text": s.body,
    })  # type: ignore[return-value]


def _registries(corpus: Corpus, urls: Urls) -> dict[str, Any]:
    c = corpus
    return {
        "meetings": [
            {"id": m.id, "previous_ids": _previous(m), "page": _page(urls, "meeting", m.id), "title": m.title, "kind": m.kind,
             "start": _date(m.start), "end": _date(m.end), "place": m.place, "country": m.country, "chair": m.chair,
             "participants": list(m.participants), "summary": m.summary}
            for _, m in sorted(c.meetings.items())
        ],
        "people": [
            {"id": p.id, "previous_ids": _previous(p), "page": _page(urls, "person", p.id), "name": p.name,
             "aliases": list(p.aliases), "country": p.country,
             "roles": [{"title": dict(r.title), "from": _date(r.start), "to": _date(r.end)} for r in p.roles]}
            for _, p in sorted(c.people.items())
        ],
        "threats": [
            {"id": t.id, "previous_ids": _previous(t), "page": _page(urls, "threat", t.id), "label": dict(t.label),
             "description": dict(t.description), "keywords": {k: list(v) for k, v in t.keywords.items()}}
            for _, t in sorted(c.threats.items())
        ],
        "countries": [
            {"code": k.code, "page": _page(urls, "country", k.code), "name": {"fr": k.name, "en": k.name_en}, "role": k.role,
             "nato": _date(k.nato), "eu": _date(k.eu), "aliases": list(k.aliases), "adjectives": list(k.adjectives),
             "note": k.note, "registered": k.origin is not None}
            for _, k in sorted(c.countries.items())
        ],
        "organisations": [
            {"id": o.id, "previous_ids": _previous(o), "page": _page(urls, "organisation", o.id), "name": o.name,
             "kind": o.kind, "country": o.country, "aliases": list(o.aliases)}
            for _, o in sorted(c.organisations.items())
        ],
    }


def corpus_document(corpus: Corpus, urls: Urls = DIRECTORY_URLS) -> dict[str, Any]:
    """The export as one value (:func:`iter_corpus_json` writes the same document a source at a time)."""
    return {"format": FORMAT, "version": VERSION, "sources": [_source(s, urls) for _, s in sorted(corpus.sources.items())],
            **_registries(corpus, urls)}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def iter_corpus_json(corpus: Corpus, urls: Urls = DIRECTORY_URLS) -> Iterator[bytes]:
    """``corpus_document`` as compact JSON, a source at a time: at 20,000 sources the whole
    document is hundreds of megabytes, and so would be each copy of it in memory."""
    head = _dumps({"format": FORMAT, "version": VERSION})
    yield (head[:-1] + ',"sources":[').encode("utf-8")
    for n, (_, s) in enumerate(sorted(corpus.sources.items())):
        yield ("," if n else "").encode("utf-8") + _dumps(_source(s, urls)).encode("utf-8")
    yield ("]," + _dumps(_registries(corpus, urls))[1:] + "\n").encode("utf-8")


def corpus_json(corpus: Corpus, urls: Urls = DIRECTORY_URLS) -> bytes:
    return b"".join(iter_corpus_json(corpus, urls))


# --- the schema ----------------------------------------------------------------

_ID = {"type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$"}
_CODE = {"type": "string", "pattern": "^[A-Z]{2}$"}
_DATE = {"type": "string", "pattern": "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"}
_TEXT = {"type": "string", "minLength": 1}
_PAGE = {"type": "string", "description": "site-relative address of the page"}
_NUM = {"type": "integer", "minimum": 1}


def _opt(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


def _list(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": schema}


def _obj(properties: dict[str, Any], description: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}
    if description:
        out["description"] = description
    return out


_LOCALIZED = {"type": "object", "properties": {"fr": _TEXT, "en": _TEXT}, "required": ["fr"], "additionalProperties": False}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/$defs/{name}"}


def corpus_schema() -> dict[str, Any]:
    ref = _ref
    defs = {
        "incident": _obj({
            "number": _NUM, "summary": _TEXT, "date": _opt(_DATE), "country": _opt(_CODE), "place": _opt(_TEXT),
            "threat": _ID, "actor": _opt(_CODE), "attribution": {"enum": list(ATTRIBUTION)}, "meeting": _opt(_ID),
            "evidence": _TEXT, "paragraph": _NUM,
        }, "A fact the source reports; evidence is verbatim in the source, in paragraph `paragraph`."),
        "quote": _obj({"number": _NUM, "speaker": _ID, "text": _TEXT, "meeting": _opt(_ID), "paragraph": _NUM}),
        "measure": _obj({"number": _NUM, "text": _TEXT, "meeting": _opt(_ID), "threats": _list(_ID), "evidence": _TEXT,
                         "paragraph": _NUM}),
        "mention": _obj({"text": _TEXT, "kind": {"enum": list(MENTION.one_of)},
                         "id": {"type": "string", "pattern": "^([a-z0-9]+(-[a-z0-9]+)*|[A-Z]{2})$"}}),
        "source": _obj({
            "id": _ID, "previous_ids": _list(_ID), "file": _TEXT, "page": _PAGE, "annotated": {"type": "boolean"},
            "reviewed": {"type": "boolean"}, "title": _TEXT, "date": _opt(_DATE), "publisher": _opt(_ID),
            "url": _opt(_TEXT), "language": {"enum": list(LANGUAGES)}, "summary": _opt(_TEXT),
            "meetings": _list(_ID), "countries": _list(_CODE), "threats": _list(_ID), "people": _list(_ID),
            "organisations": _list(_ID), "mentions": _list(ref("mention")), "incidents": _list(ref("incident")),
            "quotes": _list(ref("quote")), "measures": _list(ref("measure")),
            "paragraphs": _list({"type": "string"}), "text": {"type": "string"},
        }, "A source document: its annotation and its verbatim text (paragraphs numbered from 1)."),
        "meeting": _obj({
            "id": _ID, "previous_ids": _list(_ID), "page": _PAGE, "title": _TEXT, "kind": {"enum": list(MEETING_KINDS)},
            "start": _DATE, "end": _opt(_DATE), "place": _opt(_TEXT), "country": _opt(_CODE), "chair": _opt(_ID),
            "participants": _list(_ID), "summary": _opt(_TEXT),
        }),
        "person": _obj({
            "id": _ID, "previous_ids": _list(_ID), "page": _PAGE, "name": _TEXT, "aliases": _list(_TEXT),
            "country": _opt(_CODE),
            "roles": _list(_obj({"title": _LOCALIZED, "from": _opt(_DATE), "to": _opt(_DATE)})),
        }),
        "threat": _obj({
            "id": _ID, "previous_ids": _list(_ID), "page": _PAGE, "label": _LOCALIZED, "description": _LOCALIZED,
            "keywords": {"type": "object", "properties": {"fr": _list(_TEXT), "en": _list(_TEXT)}, "additionalProperties": False},
        }),
        "country": _obj({
            "code": _CODE, "page": _PAGE, "name": _obj({"fr": _TEXT, "en": _TEXT}),
            "role": {"enum": list(COUNTRY_ROLES)}, "nato": _opt(_DATE), "eu": _opt(_DATE), "aliases": _list(_TEXT),
            "adjectives": _list(_TEXT), "note": _opt(_TEXT), "registered": {"type": "boolean"},
        }, "A country: names from CLDR; registered is true when seeds/countries.yml has an entry for it."),
        "organisation": _obj({
            "id": _ID, "previous_ids": _list(_ID), "page": _PAGE, "name": _TEXT,
            "kind": {"enum": list(ORGANISATION_KINDS)}, "country": _opt(_CODE), "aliases": _list(_TEXT),
        }),
    }
    root = _obj({
        "format": {"const": FORMAT}, "version": {"const": VERSION},
        "sources": _list(ref("source")), "meetings": _list(ref("meeting")), "people": _list(ref("person")),
        "threats": _list(ref("threat")), "countries": _list(ref("country")), "organisations": _list(ref("organisation")),
    })
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Briefing corpus export",
        "description": "The annotated corpus of the briefing (exports/corpus.json), as the pages show it.",
        **root,
        "$defs": defs,
    }


def schema_json() -> bytes:
    return (json.dumps(corpus_schema(), ensure_ascii=False, indent=1) + "\n").encode("utf-8")
