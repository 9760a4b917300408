"""The sidecar ``NAME.proposals.yml`` beside a source: new registry entries to review, their
evidence, and the memory of what was already proposed (a proposal removed is not made again)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .draft import Draft
from .errors import WriteError
from .fields import identity, memory
from .yamltext import DUMPER, parse_plain


def read_sidecar(sidecar: Path) -> str:
    """The proposals left beside a source by an earlier run ('' when there are none). Raises
    WriteError when they cannot be read: they are kept, and the source is not annotated."""
    if not sidecar.exists():
        return ""
    try:
        data = sidecar.read_bytes()
    except OSError as exc:
        raise WriteError(f"cannot read {sidecar.name}: {exc.strerror or exc}") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WriteError(
            f"{sidecar.name} is not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}): save it as UTF-8 or remove it"
        ) from None


_SIDECAR_HEADER = """\
# Proposals of `briefing annotate` for {source}. Not read by the generator.
# people, meetings, organisations: entries the registries do not have yet;
#   check them, then copy the ones you keep into seeds/people.yml,
#   seeds/meetings.yml and seeds/organisations.yml.
# evidence: the sentence each of them was found in.
# proposed: everything already proposed for this source, so that a proposal
#   you removed from its front matter is not made again.
"""


def read_history(text: str) -> dict[str, list[str]]:
    if not text.strip():
        return {}
    try:
        data = parse_plain(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("proposed"), dict):
        return {}
    return {k: [str(x) for x in v] for k, v in data["proposed"].items() if isinstance(v, list)}


def sidecar_text(old: str, draft: Draft, display: str, history: dict[str, list[str]], additions: dict[str, Any],
                  values: dict[str, Any]) -> str:
    data: dict[str, Any] = {}
    if old.strip():
        try:
            loaded = parse_plain(old)
            if isinstance(loaded, dict):
                data = loaded
        except yaml.YAMLError:
            data = {}
    people = list(data.get("people") or [])
    meetings = list(data.get("meetings") or [])
    organisations = list(data.get("organisations") or [])
    evidence = dict(data.get("evidence") or {})
    known_people = {str(p.get("id")) for p in people if isinstance(p, dict)}
    known_meetings = {str(m.get("id")) for m in meetings if isinstance(m, dict)}
    known_orgs = {str(o.get("id")) for o in organisations if isinstance(o, dict)}
    used_people = set(values.get("people", []))
    for pid, person in draft.new_people.items():
        if pid in known_people or pid not in used_people:
            continue
        entry: dict[str, Any] = {"id": pid, "name": person.name}
        if person.country:
            entry["country"] = person.country
        if person.role:
            entry["roles"] = [{"title": {draft.language: person.role}}]
        people.append(entry)
        evidence.setdefault("people", {})[pid] = person.context
    for mid, meeting in draft.new_meetings.items():
        if mid in known_meetings:
            continue
        entry = {"id": mid, "title": meeting.title, "kind": meeting.kind, "start": meeting.start.iso()}
        if meeting.place:
            entry["place"] = meeting.place
        if meeting.country:
            entry["country"] = meeting.country
        meetings.append(entry)
        evidence.setdefault("meetings", {})[mid] = meeting.context
    for oid, name in draft.new_organisations.items():
        if oid in known_orgs:
            continue
        organisations.append({"id": oid, "name": name, "kind": "other"})
    proposed = {k: list(v) for k, v in history.items()}
    for name, items in additions.items():
        if name == "reviewed" or not isinstance(items, list):
            continue
        bucket = proposed.setdefault(name, [])
        for item in items:
            ident = memory(identity(name, item))
            if ident not in bucket:
                bucket.append(ident)
    out: dict[str, Any] = {"source": display}
    if people:
        out["people"] = people
    if meetings:
        out["meetings"] = meetings
    if organisations:
        out["organisations"] = organisations
    if evidence:
        out["evidence"] = evidence
    if proposed:
        out["proposed"] = proposed
    if not people and not meetings and not organisations and not proposed:
        return old
    text = _SIDECAR_HEADER.format(source=display) + yaml.dump(out, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=100)
    if old and _strip_header(old) == _strip_header(text):
        return old
    return text


def _strip_header(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))
