"""A draft as front matter fields: their values, the comment of each proposed id, their YAML
text with those comments, and what makes two values of a field the same proposal."""

from __future__ import annotations

from typing import Any

from ..textmatch import fold_plain
from .draft import Draft
from .yamltext import dump_yaml, plain_strings

#: Fields in the order a fresh front matter lists them.
ORDER = ("title", "date", "publisher", "language", "meetings", "countries", "threats", "people",
         "organisations", "mentions", "incidents", "quotes")
ID_LISTS = ("meetings", "countries", "threats", "people", "organisations")
SCALARS = ("title", "date", "publisher", "language")


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
    plain = {name: plain_strings(value) for name, value in values.items()}
    return plain, {name: {str(k): v for k, v in c.items()} for name, c in comments.items()}


def memory(ident: str) -> str:
    """How the sidecar remembers a proposal: its identity, shortened."""
    return ident if len(ident) <= 72 else ident[:71] + "…"


def identity(name: str, item: Any) -> str:
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


def is_present(name: str, ident: str, existing: list[str]) -> bool:
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


def block(fields: dict[str, Any], comments: dict[str, dict[str, str]], nl: str) -> str:
    """Fields as block YAML, in one dump, with their comments."""
    if not fields:
        return ""
    return _commented(dump_yaml(fields), fields, comments).replace("\n", nl)


def field_text(name: str, value: Any, comments: dict[str, str], nl: str) -> str:
    return block({name: value}, {name: comments}, nl)


def items_text(name: str, items: list[Any], comments: dict[str, str], indent: str, nl: str) -> str:
    """New items for an existing block list, at its indentation."""
    text = _commented(dump_yaml({name: items}), {name: items}, {name: comments})
    return "".join(indent + line + nl for line in text.splitlines()[1:])
