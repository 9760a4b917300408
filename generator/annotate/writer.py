"""Writing a draft into a source's front matter, without touching what is there.

- A raw text gets a front matter: every proposal, then ``reviewed: false``.
  Each proposed id carries a YAML comment with the sentence that supports it.
- An annotated source keeps every field and value as written (comments and
  layout included): the new list items are appended to the existing lists,
  the missing fields are added at the end, and ``reviewed: false`` is added
  when anything was. A source whose front matter says ``reviewed: true`` is
  never changed.
- The text under the front matter is kept byte for byte.
- Proposals for the registries (people and meetings it does not know) go to
  a sidecar file ``NAME.proposals.yml`` beside the source, ready to copy into
  ``seeds/people.yml`` and ``seeds/meetings.yml``. The sidecar also remembers
  what was already proposed, so that a proposal the analyst deleted is not
  made again.

Files are replaced atomically (a temporary file in the same folder, then
``os.replace``).
"""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import frontmatter
import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from ..textmatch import fold_plain
from .draft import Draft

_BOUNDARY = frontmatter.YAMLHandler.FM_BOUNDARY
# LibYAML's C classes when PyYAML has them (four times faster), else the Python ones.
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_PLAIN_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # every scalar a string: "NO" stays Norway
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = ("", "~", "null", "Null", "NULL")


def _dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=10**9, default_flow_style=False)


def _parse(text: str) -> Any:
    return yaml.load(text, Loader=_PLAIN_LOADER)  # a base loader builds no objects


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value in _NULLS)

#: Fields in the order a fresh front matter lists them.
ORDER = ("title", "date", "publisher", "language", "meetings", "countries", "threats", "people",
         "organisations", "mentions", "incidents", "quotes")
ID_LISTS = ("meetings", "countries", "threats", "people", "organisations")
RECORD_LISTS = ("mentions", "incidents", "quotes")
SCALARS = ("title", "date", "publisher", "language")


class WriteError(Exception):
    """The source cannot be annotated; the message says why."""


@dataclass
class Plan:
    """What annotating one source would change."""

    path: Path
    old_text: str
    new_text: str
    #: The source's path as shown to the user (relative to the working folder when it can be).
    display: str = ""
    #: Field → number of values added.
    added: dict[str, int] = field(default_factory=dict)
    #: Field → the values added (a list for a list field).
    additions: dict[str, Any] = field(default_factory=dict)
    sidecar: Path | None = None
    old_sidecar: str = ""
    new_sidecar: str = ""
    skipped: str = ""
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.new_text != self.old_text or self.new_sidecar != self.old_sidecar

    def diff(self) -> str:
        out: list[str] = []
        shown = Path(self.display) if self.display else self.path
        sidecar = shown.with_name(self.sidecar.name) if self.sidecar is not None else None
        for path, old, new in ((shown, self.old_text, self.new_text), (sidecar, self.old_sidecar, self.new_sidecar)):
            if path is None or old == new:
                continue
            name = path.as_posix()
            a, b = (name, name) if path.is_absolute() else (f"a/{name}", f"b/{name}")
            out.extend(difflib.unified_diff(
                old.splitlines(keepends=True), new.splitlines(keepends=True),
                fromfile=a if old else "/dev/null", tofile=b,
            ))
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in out)


# --- values of a draft ---------------------------------------------------------


def _comment(text: str, limit: int = 110) -> str:
    one = " ".join(text.split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def draft_values(draft: Draft, sidecar_name: str) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    """The draft as front matter values, and a comment per proposed id."""
    values: dict[str, Any] = {"title": draft.title}
    if draft.date is not None:
        values["date"] = draft.date.iso()
    if draft.publisher:
        values["publisher"] = draft.publisher
    values["language"] = draft.language
    comments: dict[str, dict[str, str]] = {}
    for name in ID_LISTS:
        support = getattr(draft, name)
        values[name] = list(support)
        comments[name] = {item: _comment(s.text) for item, s in support.items()}
    for pid, person in draft.new_people.items():
        comments["people"][pid] = f"new, see {sidecar_name}: " + _comment(person.context, 80)
    for mid in draft.new_meetings:
        comments["meetings"][mid] = f"new, see {sidecar_name}: " + _comment(draft.meetings[mid].text, 80)
    values["mentions"] = [dict(m) for m in draft.mentions]
    incidents = []
    for i in draft.incidents:
        item: dict[str, str] = {"summary": i.summary}
        if i.date is not None:
            item["date"] = i.date.iso()
        if i.country:
            item["country"] = i.country
        item["threat"] = i.threat
        if i.actor:
            item["actor"] = i.actor
        item["attribution"] = i.attribution
        item["evidence"] = i.evidence
        incidents.append(item)
    values["incidents"] = incidents
    values["quotes"] = [{"speaker": q.speaker, "text": q.text} for q in draft.quotes]
    # Registry ids are located strings (str subclasses): YAML gets plain ones.
    plain = {name: _plain(value) for name, value in values.items()}
    return plain, {name: {str(k): v for k, v in c.items()} for name, c in comments.items()}


def _memory(ident: str) -> str:
    """How the sidecar remembers a proposal: its identity, shortened."""
    return ident if len(ident) <= 72 else ident[:71] + "…"


def _identity(name: str, item: Any) -> str:
    """What makes two values of a field the same proposal."""
    if name in ID_LISTS:
        return str(item)
    if not isinstance(item, dict):
        return fold_plain(str(item)).casefold()
    if name == "mentions":
        return "mention:" + fold_plain(str(item.get("text", ""))).casefold()
    if name == "quotes":
        return fold_plain(str(item.get("text", ""))).casefold()
    return str(item.get("threat", "")) + ":" + fold_plain(str(item.get("evidence", ""))).casefold()


def _present(name: str, ident: str, existing: list[str]) -> bool:
    if ident in existing:
        return True
    if name in ("quotes", "incidents"):  # a quote or evidence the analyst trimmed or extended
        # An incident is 'threat:evidence'; an existing item that is not a mapping has no ':'.
        threat, _, body = ident.partition(":") if name == "incidents" else ("", "", ident)
        for other in existing:
            other_threat, _, other_body = other.partition(":") if name == "incidents" else ("", "", other)
            if other_threat != threat:
                continue
            if body and other_body and (body in other_body or other_body in body):
                return True
    return False


# --- YAML text ---------------------------------------------------------------------


def _scalar(value: Any) -> str:
    return _dump({"k": value})[3:].rstrip("\n")


def _commented(text: str, fields: dict[str, Any], comments: dict[str, dict[str, str]]) -> str:
    """Dumped YAML with the comment of each proposed id at the end of its line."""
    lines = text.split("\n")
    current = None
    index = 0
    for n, line in enumerate(lines):
        if line and not line.startswith((" ", "-")):
            current = line.split(":", 1)[0]
            index = 0
            continue
        if current in ID_LISTS and line.lstrip().startswith("- ") and current in fields:
            items = fields[current]
            if index < len(items):
                note = comments.get(current, {}).get(items[index])
                if note:
                    lines[n] = f"{line}  # {note}"
            index += 1
    return "\n".join(lines)


def _block(fields: dict[str, Any], comments: dict[str, dict[str, str]], nl: str) -> str:
    """Fields as block YAML, in one dump, with their comments."""
    if not fields:
        return ""
    return _commented(_dump(fields), fields, comments).replace("\n", nl)


def _field(name: str, value: Any, comments: dict[str, str], nl: str) -> str:
    return _block({name: value}, {name: comments}, nl)


def _items(name: str, items: list[Any], comments: dict[str, str], indent: str, nl: str) -> str:
    """New items for an existing block list, at its indentation."""
    text = _commented(_dump({name: items}), {name: items}, {name: comments})
    return "".join(indent + line + nl for line in text.splitlines()[1:])


# --- the source ---------------------------------------------------------------------


@dataclass
class _Parts:
    prefix: str  # BOM and opening line, up to the front matter text
    meta: str  # the YAML text (may be empty)
    suffix: str  # closing line and body
    has_front_matter: bool


def _split(text: str) -> _Parts:
    first = text.split("\n", 1)[0]
    if not _BOUNDARY.fullmatch(first):
        return _Parts("", "", text, False)
    start = len(first) + 1 if "\n" in text else len(text)
    closing = _BOUNDARY.search(text, start)
    if closing is None:
        raise WriteError("front matter opened with '---' on line 1 is never closed: fix it first")
    return _Parts(text[:start], text[start : closing.start()], text[closing.start() :], True)


def _read_sidecar(sidecar: Path) -> str:
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


def plan_source(path: Path, draft: Draft, display: str | None = None) -> Plan:
    """The new text of the source and of its sidecar (nothing is written)."""
    display = display or str(path)
    data = path.read_bytes()
    bom = b""
    if data.startswith(b"\xef\xbb\xbf"):
        bom, data = data[:3], data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WriteError(f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}): save the file as UTF-8") from None
    nl = "\r\n" if "\r\n" in text else "\n"
    parts = _split(text)
    sidecar = path.with_name(path.stem + ".proposals.yml")
    old_sidecar = _read_sidecar(sidecar)
    history = _history(old_sidecar)
    values, comments = draft_values(draft, sidecar.name)
    plan = Plan(path, bom.decode("utf-8") + text, bom.decode("utf-8") + text, display, sidecar=sidecar,
                old_sidecar=old_sidecar, new_sidecar=old_sidecar)

    existing: Any = None
    if parts.has_front_matter:
        try:
            existing = _parse(parts.meta)
        except yaml.YAMLError as exc:
            raise WriteError(f"front matter cannot be read ({_yaml_problem(exc)}): fix it first") from None
        if existing is not None and not isinstance(existing, dict):
            raise WriteError("front matter is not a mapping of fields: fix it first")
        if isinstance(existing, dict) and str(existing.get("reviewed", "")).strip().lower() == "true":
            plan.skipped = "reviewed: true"
            return plan
    old_values: dict[str, Any] = dict(existing) if isinstance(existing, dict) else {}

    # What is new: not in the front matter, and not proposed before.
    additions: dict[str, Any] = {}
    for name in ORDER:
        if name not in values:
            continue
        proposed = values[name]
        if name in SCALARS:
            if _absent(old_values.get(name)):
                additions[name] = proposed
            continue
        current = old_values.get(name)
        if _absent(current):
            current = None
        if current is not None and not isinstance(current, list):
            plan.notes.append(f"{name}: not a list in the front matter, nothing added to it")
            continue
        present = [_identity(name, item) for item in (current or [])]
        before = history.get(name, [])
        new_items = []
        for item in proposed:
            ident = _identity(name, item)
            if _present(name, ident, present) or _memory(ident) in before:
                continue
            new_items.append(item)
            present.append(ident)
        if new_items:
            additions[name] = new_items
    plan.added = {name: (len(v) if isinstance(v, list) else 1) for name, v in additions.items()}
    plan.additions = dict(additions)

    if additions:
        if _absent(old_values.get("reviewed")):
            additions["reviewed"] = False
        if parts.has_front_matter and parts.meta.strip():
            meta = _append(parts.meta, additions, comments, nl, old_values)
            new_text = parts.prefix + meta + parts.suffix
        else:
            meta = _block(additions, comments, nl)
            new_text = parts.prefix + meta + parts.suffix if parts.has_front_matter else f"---{nl}{meta}---{nl}{text}"
        _check(text, new_text, old_values, display)
        plan.new_text = bom.decode("utf-8") + new_text

    plan.new_sidecar = _sidecar_text(old_sidecar, draft, display, history, additions, values)
    return plan


def _append(meta: str, additions: dict[str, Any], comments: dict[str, dict[str, str]], nl: str, old: dict[str, Any]) -> str:
    """The front matter text with the additions spliced in: existing lists grow
    at their end, missing fields are added at the end of the front matter."""
    try:
        root = yaml.compose(meta, Loader=_COMPOSER)
    except yaml.YAMLError as exc:
        raise WriteError(f"front matter cannot be read: {exc}") from None
    if root is None:  # only comments: they stay, the fields go after them
        return meta + ("" if not meta or meta.endswith("\n") else nl) + _block(additions, comments, nl)
    if not isinstance(root, MappingNode) or root.flow_style:
        return _redump(old, additions, comments, nl)
    nodes = {k.value: (k, v) for k, v in root.value if isinstance(k, ScalarNode)}
    inserts: list[tuple[int, str]] = []
    tail: list[str] = []
    for name, value in additions.items():
        if name not in nodes:
            tail.append(_field(name, value, comments.get(name, {}), nl))
            continue
        key_node, node = nodes[name]
        colon = meta.index(":", key_node.end_mark.index)
        # A plain empty value (the C composer says style '', the Python one None).
        if isinstance(node, ScalarNode) and node.value in _NULLS and not node.style:
            if name in SCALARS or name == "reviewed":
                inserts.append((colon + 1, " " + (_scalar(value) if name != "reviewed" else "false")))
            elif name in ID_LISTS:
                inserts.append((colon + 1, " [" + ", ".join(_scalar(v) for v in value) + "]"))
            else:
                line_end = meta.find("\n", colon)
                line_end = len(meta) if line_end < 0 else line_end + 1
                indent = " " * (key_node.start_mark.column + 2)
                inserts.append((line_end, ("" if meta[line_end - 1 : line_end] == "\n" else nl) + _items(name, value, {}, indent, nl)))
            continue
        if not isinstance(node, SequenceNode):
            continue
        if node.flow_style:
            close = meta.rindex("]", 0, node.end_mark.index)
            sep = ", " if node.value else ""
            inserts.append((close, sep + ", ".join(
                _scalar(v) if name in ID_LISTS
                else yaml.dump(v, Dumper=_DUMPER, default_flow_style=True, allow_unicode=True, width=10**9).strip()
                for v in value)))
            continue
        first, last = node.value[0], node.value[-1]
        line_start = meta.rfind("\n", 0, first.start_mark.index) + 1
        dash = meta.rfind("-", line_start, first.start_mark.index)
        indent = " " * (dash - line_start)
        end = last.end_mark.index
        if last.end_mark.column == 0:
            at = end
        else:
            newline = meta.find("\n", end)
            at = len(meta) if newline < 0 else newline + 1
        lead = "" if at == 0 or meta[at - 1] == "\n" else nl
        inserts.append((at, lead + _items(name, value, comments.get(name, {}), indent, nl)))
    out = meta
    for at, text in sorted(inserts, key=lambda x: x[0], reverse=True):
        out = out[:at] + text + out[at:]
    if tail:
        if out and not out.endswith("\n"):
            out += nl
        out += "".join(tail)
    return out


def _redump(old: dict[str, Any], additions: dict[str, Any], comments: dict[str, dict[str, str]], nl: str) -> str:
    """A front matter rewritten whole (only for a flow-style mapping, which
    cannot be appended to): every old value, then the additions."""
    merged: dict[str, Any] = {k: _plain(v) for k, v in old.items()}
    for name, value in additions.items():
        if isinstance(value, list):
            merged[name] = list(merged.get(name) or []) + value
        elif merged.get(name) is None:
            merged[name] = value
    return _dump(merged).replace("\n", nl)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return None if value is None else str(value)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
    return f"line {mark.line + 2}: {problem}" if mark is not None else problem


def _check(old_text: str, new_text: str, old_values: dict[str, Any], display: str) -> None:
    """The new file keeps the body byte for byte and every old value."""
    old_parts, new_parts = _split(old_text), _split(new_text)
    if old_parts.has_front_matter:
        same_body = new_parts.suffix == old_parts.suffix
    else:
        same_body = new_parts.has_front_matter and new_parts.suffix.endswith(old_text) and \
            new_parts.suffix[: len(new_parts.suffix) - len(old_text)].strip() == "---"
    if not same_body:
        raise WriteError("internal error: the text under the front matter would change; nothing written")
    try:
        new_values = _parse(new_parts.meta)
    except yaml.YAMLError:
        new_values = None
    if not isinstance(new_values, dict):
        raise WriteError("internal error: the new front matter would not be valid YAML; nothing written")
    for name, value in old_values.items():
        new = new_values.get(name)
        if isinstance(value, list):
            if not isinstance(new, list) or new[: len(value)] != value:
                raise WriteError(f"internal error: '{name}' would change; nothing written")
        elif not _absent(value) and new != value:
            raise WriteError(f"internal error: '{name}' would change; nothing written")


# --- the sidecar --------------------------------------------------------------------

_SIDECAR_HEADER = """\
# Proposals of `briefing annotate` for {source}. Not read by the generator.
# people, meetings, organisations: entries the registries do not have yet;
#   check them, then copy the ones you keep into seeds/people.yml,
#   seeds/meetings.yml and seeds/organisations.yml.
# evidence: the sentence each of them was found in.
# proposed: everything already proposed for this source, so that a proposal
#   you removed from its front matter is not made again.
"""


def _history(text: str) -> dict[str, list[str]]:
    if not text.strip():
        return {}
    try:
        data = _parse(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(data, dict) or not isinstance(data.get("proposed"), dict):
        return {}
    return {k: [str(x) for x in v] for k, v in data["proposed"].items() if isinstance(v, list)}


def _sidecar_text(old: str, draft: Draft, display: str, history: dict[str, list[str]], additions: dict[str, Any],
                  values: dict[str, Any]) -> str:
    data: dict[str, Any] = {}
    if old.strip():
        try:
            loaded = _parse(old)
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
            ident = _memory(_identity(name, item))
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
    text = _SIDECAR_HEADER.format(source=display) + yaml.dump(out, Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=100)
    if old and _strip_header(old) == _strip_header(text):
        return old
    return text


def _strip_header(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("#"))


# --- writing -------------------------------------------------------------------------


def write_atomic(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` (UTF-8) in one step: a crash leaves the old or the new file."""
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def apply(plan: Plan) -> None:
    if plan.skipped:
        return
    if plan.new_text != plan.old_text:
        write_atomic(plan.path, plan.new_text)
    if plan.sidecar is not None and plan.new_sidecar != plan.old_sidecar:
        write_atomic(plan.sidecar, plan.new_sidecar)
