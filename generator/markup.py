"""Markdown from untrusted text: every character a reader sees is the literal text.

Annotations and sources are pasted from the web and may hold HTML, Markdown or
template syntax. Everything goes through :func:`esc`, which turns the characters
Markdown or HTML would interpret into numeric character references, so the
rendered page shows them as typed and nothing is executed or evaluated.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from . import chars

_SPECIAL = "\\`*_{}[]()<>&#!|~^="
_TABLE = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}
# The same as ``str.translate(_TABLE)``, several times faster on long texts.
_SPECIAL_RE = re.compile(f"[{re.escape(_SPECIAL)}]")
_REFS = {c: f"&#{ord(c)};" for c in _SPECIAL}
# Controls and bidi overrides, shown as markers (see generator/chars.py); not U+0002 and U+0003:
# text being linked carries them as the links' bounds (render/mentions.py). :func:`esc` shows
# those too, and a source's text has none left when it is linked.
_UNSAFE = re.compile("[\x00\x01\x04-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]")


def _refs(text: str) -> str:
    if _UNSAFE.search(text) is not None:  # rare: one scan that finds nothing otherwise
        text = _UNSAFE.sub(lambda m: chars.marker(m.group()), text)
    return _SPECIAL_RE.sub(lambda m: _REFS[m.group()], text)
_SPACE = re.compile(r"\s+")
# A line start that Markdown would read as a list item or a setext rule.
_LEADING = re.compile(r"^(\d+)([.)])|^([-+])")


def _leading(text: str) -> str:
    return _LEADING.sub(lambda m: (m.group(1) or "") + f"&#{ord(m.group(2) or m.group(3))};", text, count=1)


_BOUNDS = re.compile("[\x02\x03]")


def esc(text: object) -> str:
    """One line of literal text, safe in any inline Markdown context (tables included)."""
    text = str(text)
    if "\x02" in text or "\x03" in text:
        text = _BOUNDS.sub(lambda m: chars.marker(m.group()), text)
    return _leading(_refs(_SPACE.sub(" ", text).strip()))


def esc_first(markdown: str) -> str:
    """Escape a list-item or rule marker at the start of already-escaped inline Markdown."""
    return _leading(markdown)


def esc_part(text: str) -> str:
    """Part of a line already folded to single spaces: escaped, spaces kept at its edges."""
    return _refs(text)


_KEPT_SPACES = re.compile(r"[ \t]{2,}|^[ \t]+|[ \t]+$|\t")


def esc_verbatim(text: str) -> str:
    """Literal text keeping every space: runs of white space become character references."""
    out = _leading(_refs(text))
    if "  " not in out and "\t" not in out and not out.startswith(" ") and not out.endswith((" ", " \n")):
        return out  # nothing for the expression below to change (the common case, and fast)
    return _KEPT_SPACES.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(0)), out)


def link(label_md: str, href: str) -> str:
    return f"[{label_md}]({href})"


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    rows = list(rows)
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell or "—" for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def quote_block(text_md: str, attribution_md: str) -> str:
    return f"> « {text_md} »\n>\n> — {attribution_md}"


def xml(text: object) -> str:
    """Text or attribute value for raw HTML, SVG or XML (links inside a raw HTML block are made by
    :class:`generator.paths.Urls`, MkDocs does not rewrite them): ``& < > " '`` become references, controls
    and bidi overrides markers (see generator/chars.py: XML 1.0 forbids most controls)."""
    return escape(" ".join(chars.neutral(str(text)).split()), quote=True)
