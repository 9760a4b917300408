"""The corpus as a STIX 2.1 bundle, for threat-intelligence tools.

Mapping (documented for users in docs/help.md):

- each source is a ``report`` (``published``: its date) whose ``object_refs``
  name what it annotates;
- each country is a ``location`` (``country``: its ISO code);
- each organisation and person is an ``identity`` (``organization`` or
  ``individual``), ``located-at`` its country when known;
- each incident is an ``incident`` (its threat type in ``labels``, date,
  place and the verbatim evidence in ``description``), ``located-at`` the
  country where it happened;
- each country to which an incident is imputed is a ``threat-actor`` of type
  ``nation-state``, ``located-at`` that country; the incident is
  ``attributed-to`` it by a ``relationship`` whose ``confidence`` comes from the
  attribution status (:data:`CONFIDENCE`).

Ids are uuid5 names made from the annotations (:mod:`generator.outputs.exports.ids`),
and timestamps come from the data (the newest date of the corpus), so the same
annotations always give the same bundle.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ... import chars
from ...corpus import Corpus
from ...dates import PartialDate
from ...schema import is_web_address
from ...vocabulary import ATTRIBUTION_FR, PUBLISHER
from .ids import stable_uuid

#: STIX confidence (0–100) of an ``attributed-to`` relationship, by attribution status.
CONFIDENCE = {"confirmed": 95, "attributed": 85, "suspected": 50, "alleged": 30, "unknown": 0}


def _ts(day: PartialDate) -> str:
    return day.first_day.isoformat() + "T00:00:00.000Z"


def _id(stix_type: str, *key: str) -> str:
    return f"{stix_type}--{stable_uuid('stix', stix_type, *key)}"


def reference_time(corpus: Corpus) -> str:
    """The newest date the corpus knows (sources, meetings, incidents): 'created' of every object."""
    days = [s.date for s in corpus.sources.values() if s.date]
    days += [m.start for m in corpus.meetings.values()]
    days += [i.date for i in corpus.incidents() if i.date]
    return _ts(max(days)) if days else "1970-01-01T00:00:00.000Z"


class _Bundle:
    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.time = reference_time(corpus)
        self.objects: dict[str, dict[str, Any]] = {}
        self.producer = self.add("identity", ("producer",), name=PUBLISHER, identity_class="system",
                                 description="Annotations des sources du briefing, exportées à la construction du site.")

    def add(self, stix_type: str, key: tuple[str, ...], **properties: Any) -> str:
        object_id = _id(stix_type, *key)
        if object_id not in self.objects:
            obj: dict[str, Any] = {"type": stix_type, "spec_version": "2.1", "id": object_id,
                                   "created": self.time, "modified": self.time}
            if stix_type != "identity" or key != ("producer",):
                obj["created_by_ref"] = _id("identity", "producer")
            obj.update({k: v for k, v in properties.items() if v not in (None, "", [])})
            self.objects[object_id] = obj
        return object_id

    def relate(self, source: str, kind: str, target: str, **properties: Any) -> str:
        return self.add("relationship", (source, kind, target), relationship_type=kind,
                        source_ref=source, target_ref=target, **properties)

    def location(self, code: str) -> str:
        c = self.corpus.countries[code]
        return self.add("location", ("country", code), name=c.name, country=code,
                        description=f"{c.name} ({c.name_en})")

    def actor(self, code: str) -> str:
        name = self.corpus.countries[code].name
        actor = self.add("threat-actor", ("country", code), name=f"{name} (acteur étatique)",
                         threat_actor_types=["nation-state"],
                         description=f"L'État auquel les sources imputent des incidents : {name}.")
        self.relate(actor, "located-at", self.location(code))
        return actor

    def identity(self, kind: str, entity_id: str) -> str:
        c = self.corpus
        if kind == "organisation":
            o = c.organisations[entity_id]
            ident = self.add("identity", ("organisation", entity_id), name=o.name, identity_class="organization")
            country = o.country
        else:
            p = c.people[entity_id]
            ident = self.add("identity", ("person", entity_id), name=p.name, identity_class="individual")
            country = p.country
        if country:
            self.relate(ident, "located-at", self.location(country))
        return ident


def stix_bundle(corpus: Corpus) -> dict[str, Any]:
    b = _Bundle(corpus)
    for code in sorted(corpus.countries):
        b.location(code)
    for _, s in sorted(corpus.sources.items()):
        refs: list[str] = []
        refs += [b.location(code) for code in s.countries]
        orgs = list(dict.fromkeys(([s.publisher] if s.publisher else []) + s.organisations))
        refs += [b.identity("organisation", o) for o in orgs]
        refs += [b.identity("person", p) for p in s.people]
        for i in s.incidents:
            threat = corpus.threats[i.threat].label["fr"]
            lines = [f"Type de menace : {threat}.", f"Date : {i.date.french() if i.date else 'inconnue'}."]
            if i.place:
                lines.append(f"Lieu : {i.place}.")
            lines.append(f"Attribution : {ATTRIBUTION_FR[i.attribution]}"
                         + (f" ({corpus.countries[i.actor].name})." if i.actor else "."))
            lines.append(f"Preuve (source « {s.title} », paragraphe {i.paragraph}) : « {i.evidence} »")
            incident = b.add("incident", ("incident", s.id, str(i.number)), name=i.summary,
                             description="\n".join(lines), labels=[i.threat])
            refs.append(incident)
            if i.country:
                refs.append(b.relate(incident, "located-at", b.location(i.country)))
                refs.append(b.location(i.country))
            if i.actor:
                actor = b.actor(i.actor)
                refs += [actor, b.relate(incident, "attributed-to", actor, confidence=CONFIDENCE[i.attribution],
                                         description=f"Attribution {ATTRIBUTION_FR[i.attribution]} selon la source.")]
        refs = list(dict.fromkeys(refs)) or [b.producer]
        description = s.summary or ""
        if s.date is None:
            description = (description + "\n\n" if description else "") + "Date de publication inconnue."
        name = corpus.organisations[s.publisher].name if s.publisher else "source"
        # A consumer shows ``url`` as a link: only an http(s) address goes there, anything else
        # (javascript:, data:…) is kept as text in the description.
        if s.url and is_web_address(s.url):
            external = [{"source_name": name, "url": s.url}]
        elif s.url:
            external = [{"source_name": name, "description": f"Adresse d'origine (pas un lien http) : {s.url}"}]
        else:
            external = []
        b.add("report", ("source", s.id), name=s.title, published=_ts(s.date) if s.date else b.time,
              report_types=["threat-report"], description=description, object_refs=refs, lang=s.language,
              external_references=external)
    # Controls and bidi overrides as the pages show them (a title taken from a source's text has them raw).
    objects = [chars.neutral_tree(o) for o in b.objects.values()]
    return {"type": "bundle", "id": _id("bundle", "corpus"), "objects": objects}


def iter_stix_json(corpus: Corpus) -> Iterator[bytes]:
    """``stix_bundle`` as compact JSON, an object at a time (no second copy of the bundle as one string)."""
    bundle = stix_bundle(corpus)
    objects = bundle.pop("objects")
    head = json.dumps(bundle, ensure_ascii=False, separators=(",", ":"))
    yield (head[:-1] + ',"objects":[').encode("utf-8")
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for n, obj in enumerate(objects):
        yield ("," if n else "").encode("utf-8") + encode(obj).encode("utf-8")
    yield b"]}\n"


def stix_json(corpus: Corpus) -> bytes:
    return b"".join(iter_stix_json(corpus))
