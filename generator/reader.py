"""Reading annotation files from disk: size limit, encoding, front matter.

A source file is YAML front matter between ``---`` lines, then the verbatim text.
The body is kept exactly as written (minus a UTF-8 BOM and with CRLF read as
LF), because it is evidence: python-frontmatter recognises the front matter,
but its ``parse`` strips the text, so the split is done here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import frontmatter

from .diagnostics import Origin, Report
from .yamlpos import Value, load

#: Default largest file read, in bytes.
MAX_BYTES = 4 * 1024 * 1024

_BOUNDARY = frontmatter.YAMLHandler.FM_BOUNDARY  # ^-{3,}\s*$, multiline


@dataclass
class RawSource:
    """A source file split into its annotation and its verbatim text."""

    path: str
    stem: str
    meta: Value
    meta_ok: bool
    has_front_matter: bool
    body: str


def read_text(file: Path, rel: str, report: Report, max_bytes: int = MAX_BYTES) -> str | None:
    """The file's text, or None after reporting why it cannot be read."""
    try:
        size = file.stat().st_size
        if size > max_bytes:
            report.error(Origin(rel), f"file is {size} bytes, over the limit of {max_bytes}: not read")
            return None
        with file.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        report.error(Origin(rel), f"cannot read file: {exc.strerror}")
        return None
    if len(data) > max_bytes:
        report.error(Origin(rel), f"file is over the limit of {max_bytes} bytes: not read")
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        report.error(
            Origin(rel, line, col),
            f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be decoded; save the file as UTF-8",
        )
        return None
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if "\x00" in text:
        report.error(Origin(rel), "file contains NUL characters: is it a binary file?")
        return None
    return text


def split_source(text: str, rel: str, stem: str, report: Report) -> RawSource:
    """Split a source into front matter and body; an unclosed front matter is an error."""
    first = text.split("\n", 1)[0]
    if not _BOUNDARY.fullmatch(first):
        return RawSource(rel, stem, None, True, False, text)
    closing = _BOUNDARY.search(text, len(first) + 1 if "\n" in text else len(text))
    if closing is None:
        report.error(
            Origin(rel, 1, 1),
            "front matter opened with '---' on line 1 is never closed: add a '---' line after the annotations",
        )
        return RawSource(rel, stem, None, False, True, text)
    yaml_text = text[len(first) + 1 : closing.start()]
    end = closing.end()
    body = text[end + 1 :] if text[end : end + 1] == "\n" else text[end:]
    ok, meta = load(yaml_text, rel, report, first_line=2)
    return RawSource(rel, stem, meta, ok, True, body)
