"""Invisible characters in untrusted text: which ones are reported, and how they are shown.

Annotations are pasted from the web and YAML escapes (``"\\e[31m"``, ``"\\x01"``,
``"\\u202e"``) can put any character in a value. Three classes matter:

* **controls** (Unicode category Cc other than tab, line feed and carriage return;
  lone surrogates; the noncharacters U+FFFE and U+FFFF): never text, not allowed
  in XML 1.0 (an Atom feed holding one is not well-formed), and some drive a
  terminal. Reported as errors.
* **bidi overrides, embeddings and isolates** (U+202A–U+202E, U+2066–U+2069): they
  change the order in which the characters after them are *shown*, so a title can
  read differently from what it holds (spoofed text). Reported as errors.
* **other format characters** (category Cf: the marks U+200E, U+200F and U+061C,
  zero-width space and joiners, soft hyphen, byte order mark…): invisible but
  harmless to the order of the text; a text copied from the web often holds them.
  Reported as warnings.

In every output (pages, feeds, exports) a control or a bidi override/embedding/
isolate is replaced by a visible marker such as ``[U+202E]``: dropping it would
hide that the text was tampered with, and keeping it would let it spoof the text
or break the feed. The other format characters are kept: they change nothing a
reader sees and are allowed everywhere.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .diagnostics import Report

_KEPT = "\t\n\r"
#: Characters shown as a marker in every output.
SHOWN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff]"
)
#: Characters reported by ``check``: the ones above, and every other format character.
_REPORTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff"
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u2060-\u2064\u206a-\u206f"
    "\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BIDI_MARKS = frozenset("\u200e\u200f\u061c")
#: Names of the controls (Unicode gives them none but « <control> »).
_C0 = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
    "ACKNOWLEDGE", "BELL", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
    "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)
_CONTROL_NAMES = dict(enumerate(_C0)) | {0x7F: "DELETE", 0x85: "NEXT LINE", 0x9B: "CONTROL SEQUENCE INTRODUCER"}


def marker(ch: str) -> str:
    """How an unsafe character is shown: '[U+202E]'."""
    return f"[U+{ord(ch):04X}]"


def describe(ch: str) -> str:
    """'U+202E RIGHT-TO-LEFT OVERRIDE'."""
    code = ord(ch)
    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(code, "")
    if not name:
        if 0xD800 <= code <= 0xDFFF:
            name = "SURROGATE"
        elif code in (0xFFFE, 0xFFFF):
            name = "NONCHARACTER"
        else:
            name = "CONTROL CHARACTER"
    return f"U+{code:04X} {name}"


def kind(ch: str) -> tuple[str, str]:
    """(severity, class) of a reported character: ('error', 'bidi control'), ('warning', 'invisible format character')…"""
    if ch in _BIDI:
        return "error", "bidi control"
    if ch in _BIDI_MARKS:
        return "warning", "bidi mark"
    if SHOWN.match(ch):
        return "error", "control character"
    return "warning", "invisible format character"


def findings(text: str) -> Iterator[tuple[str, int]]:
    """Each reported character of ``text`` once, in order of first appearance, with its count."""
    if not _REPORTED.search(text):
        return
    counts: dict[str, int] = {}
    for m in _REPORTED.finditer(text):
        counts[m.group()] = counts.get(m.group(), 0) + 1
    yield from counts.items()


def neutral(text: str) -> str:
    """``text`` with every control and bidi override/embedding/isolate shown as a marker."""
    if not SHOWN.search(text):
        return text
    return SHOWN.sub(lambda m: marker(m.group()), text)


def has_unsafe(text: str) -> bool:
    return SHOWN.search(text) is not None


def neutral_tree(value: object) -> object:
    """A JSON-like value with :func:`neutral` applied to every string in it (keys included)."""
    if isinstance(value, str):
        return neutral(value)
    if isinstance(value, dict):
        return {neutral_tree(k): neutral_tree(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [neutral_tree(v) for v in value]
    return value


def report_text(body: str, path: str, first_line: int, report: Report) -> None:
    """Warn about each control or bidi override/embedding/isolate of a source's text, once per
    character, at its first place (``first_line``: the file line the text starts on).

    Warnings, not errors: the text is the source as it was filed, and is published with the
    characters shown as markers. Tab, line feed and carriage return are text; NUL is reported
    by the reader (an undecodable file), and the other format characters, common in text
    copied from the web, change nothing a reader sees."""
    from .diagnostics import Origin

    if not SHOWN.search(body):
        return
    first: dict[str, int] = {}
    counts: dict[str, int] = {}
    for m in SHOWN.finditer(body):
        ch = m.group()
        if ch == "\x00":
            continue
        counts[ch] = counts.get(ch, 0) + 1
        first.setdefault(ch, m.start())
    for ch, at in first.items():
        times = f", {counts[ch]} times, first here" if counts[ch] > 1 else ""
        report.warning(
            Origin.at_offset(path, body, at, first_line),
            f"the text contains {describe(ch)} ({kind(ch)[1]}{times}): shown as « {marker(ch)} » on the site",
        )
