"""A source's front matter with the additions spliced in, every byte around them kept.

Existing block lists grow at their end, in their indentation; flow lists get
the new items before their ``]``; empty fields are filled; missing fields
are added at the end. A flow-style mapping, which cannot be appended to, is
rewritten whole. The result is checked: the body and every old value stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import frontmatter
import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import WriteError
from .fields import ID_LISTS, SCALARS, block, field_text, items_text
from .yamltext import COMPOSER, DUMPER, NULLS, absent, dump_yaml, parse_plain, plain_strings, scalar

_BOUNDARY = frontmatter.YAMLHandler.FM_BOUNDARY


@dataclass
class _Parts:
    prefix: str  # BOM and opening line, up to the front matter text
    meta: str  # the YAML text (may be empty)
    suffix: str  # closing line and body
    has_front_matter: bool


def split_front_matter(text: str) -> _Parts:
    first = text.split("\n", 1)[0]
    if not _BOUNDARY.fullmatch(first):
        return _Parts("", "", text, False)
    start = len(first) + 1 if "\n" in text else len(text)
    closing = _BOUNDARY.search(text, start)
    if closing is None:
        raise WriteError("front matter opened with '---' on line 1 is never closed: fix it first")
    return _Parts(text[:start], text[start : closing.start()], text[closing.start() :], True)


def append_fields(meta: str, additions: dict[str, Any], comments: dict[str, dict[str, str]], nl: str, old: dict[str, Any]) -> str:
    """The front matter text with the additions spliced in: existing lists grow
    at their end, missing fields are added at the end of the front matter."""
    try:
        root = yaml.compose(meta, Loader=COMPOSER)
    except yaml.YAMLError as exc:
        raise WriteError(f"front matter cannot be read: {exc}") from None
    if root is None:  # only comments: they stay, the fields go after them
        return meta + ("" if not meta or meta.endswith("\n") else nl) + block(additions, comments, nl)
    if not isinstance(root, MappingNode) or root.flow_style:
        return _redump(old, additions, comments, nl)
    nodes = {k.value: (k, v) for k, v in root.value if isinstance(k, ScalarNode)}
    inserts: list[tuple[int, str]] = []
    tail: list[str] = []
    for name, value in additions.items():
        if name not in nodes:
            tail.append(field_text(name, value, comments.get(name, {}), nl))
            continue
        key_node, node = nodes[name]
        colon = meta.index(":", key_node.end_mark.index)
        # A plain empty value (the C composer says style '', the Python one None).
        if isinstance(node, ScalarNode) and node.value in NULLS and not node.style:
            if name in SCALARS or name == "reviewed":
                inserts.append((colon + 1, " " + (scalar(value) if name != "reviewed" else "false")))
            elif name in ID_LISTS:
                inserts.append((colon + 1, " [" + ", ".join(scalar(v) for v in value) + "]"))
            else:
                line_end = meta.find("\n", colon)
                line_end = len(meta) if line_end < 0 else line_end + 1
                indent = " " * (key_node.start_mark.column + 2)
                inserts.append((line_end, ("" if meta[line_end - 1 : line_end] == "\n" else nl) + items_text(name, value, {}, indent, nl)))
            continue
        if not isinstance(node, SequenceNode):
            continue
        if node.flow_style:
            close = meta.rindex("]", 0, node.end_mark.index)
            sep = ", " if node.value else ""
            inserts.append((close, sep + ", ".join(
                scalar(v) if name in ID_LISTS
                else yaml.dump(v, Dumper=DUMPER, default_flow_style=True, allow_unicode=True, width=10**9).strip()
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
        inserts.append((at, lead + items_text(name, value, comments.get(name, {}), indent, nl)))
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
    merged: dict[str, Any] = {k: plain_strings(v) for k, v in old.items()}
    for name, value in additions.items():
        if isinstance(value, list):
            merged[name] = list(merged.get(name) or []) + value
        elif merged.get(name) is None:
            merged[name] = value
    return dump_yaml(merged).replace("\n", nl)


def check_kept(old_text: str, new_text: str, old_values: dict[str, Any], display: str) -> None:
    """The new file keeps the body byte for byte and every old value."""
    old_parts, new_parts = split_front_matter(old_text), split_front_matter(new_text)
    if old_parts.has_front_matter:
        same_body = new_parts.suffix == old_parts.suffix
    else:
        same_body = new_parts.has_front_matter and new_parts.suffix.endswith(old_text) and \
            new_parts.suffix[: len(new_parts.suffix) - len(old_text)].strip() == "---"
    if not same_body:
        raise WriteError("internal error: the text under the front matter would change; nothing written")
    try:
        new_values = parse_plain(new_parts.meta)
    except yaml.YAMLError:
        new_values = None
    if not isinstance(new_values, dict):
        raise WriteError("internal error: the new front matter would not be valid YAML; nothing written")
    for name, value in old_values.items():
        new = new_values.get(name)
        if isinstance(value, list):
            if not isinstance(new, list) or new[: len(value)] != value:
                raise WriteError(f"internal error: '{name}' would change; nothing written")
        elif not absent(value) and new != value:
            raise WriteError(f"internal error: '{name}' would change; nothing written")
