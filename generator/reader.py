"""Reading annotation files from disk: size limit, encoding, front matter.

A source file is YAML front matter between ``---`` lines, then the verbatim text.
The body is kept exactly as written (minus a UTF-8 BOM and with CRLF read as
LF), because it is evidence: python-frontmatter recognises the front matter,
but its ``parse`` strips the text, so the split is done here.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import frontmatter

from . import chars
from .diagnostics import Diagnostic, Origin, Report
from .yamlpos import Value, load

#: Default largest file read, in bytes.
MAX_BYTES = 4 * 1024 * 1024
#: Longest line of a source's text shown as one block (a paragraph is one line): longer ones
#: are warned about, and their page shows them in several blocks (see ``render.source``).
MAX_LINE = 10_000

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


@dataclass(frozen=True)
class ReadProblem(Diagnostic):
    """A problem reading a file whose page must say what happened to its text.

    ``note`` is the French sentence its page shows (the text kept with replacements, or not
    read at all); ``unread`` is true when no text could be read."""

    note: str = ""
    unread: bool = False


def read_problems(problems: Iterable[Diagnostic]) -> list[ReadProblem]:
    """The problems of a file that altered or prevented the reading of its text."""
    return [d for d in problems if isinstance(d, ReadProblem)]


#: Positions of replaced characters listed on a page (then only their number).
SHOWN_POSITIONS = 5
_ESCAPED = re.compile("[\udc80-\udcff]+")  # bytes that are not UTF-8, as ``surrogateescape`` reads them


def _positions(text: str, starts: list[int]) -> str:
    """« ligne 3, colonne 7 ; ligne 9, colonne 1 » for the first few ``starts`` (offsets in ``text``)."""
    out = []
    for start in starts[:SHOWN_POSITIONS]:
        at = Origin.at_offset("", text, start)
        out.append(f"ligne {at.line}, colonne {at.col}")
    more = " ; …" if len(starts) > SHOWN_POSITIONS else ""
    return " ; ".join(out) + more


def _problem(report: Report, origin: Origin, severity: str, message: str, note: str, unread: bool = False) -> None:
    report.items.append(ReadProblem(origin, severity, message, note, unread))  # type: ignore[arg-type]


def _utf16(data: bytes) -> tuple[str, str] | None:
    """(codec, description) when ``data`` is evidently UTF-16: a byte order mark, or, in a text
    mostly of Latin letters, a NUL as every other byte."""
    if data.startswith(b"\xff\xfe"):
        return "utf-16", "UTF-16 (little-endian, with a byte order mark)"
    if data.startswith(b"\xfe\xff"):
        return "utf-16", "UTF-16 (big-endian, with a byte order mark)"
    sample = data[:4096]
    if len(sample) < 4 or len(data) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= 0.9 * half and even <= 0.1 * half:
        return "utf-16-le", "UTF-16 (little-endian, without a byte order mark)"
    if even >= 0.9 * half and odd <= 0.1 * half:
        return "utf-16-be", "UTF-16 (big-endian, without a byte order mark)"
    return None


def _open_regular(file: Path, rel: str, report: Report) -> int | None:
    """A descriptor of ``file`` opened for reading, or None after reporting why not: a symbolic
    link is never followed (it could point anywhere on the machine), and only a regular file is
    read (a named pipe would block the build)."""
    try:
        if file.is_symlink():
            report.error(Origin(rel), "is a symbolic link: not read (links are refused: copy the file here instead)")
            return None
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            report.error(Origin(rel), "is a symbolic link: not read (links are refused: copy the file here instead)")
        else:
            report.error(Origin(rel), f"cannot read file: {exc.strerror}")
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        report.error(Origin(rel), "not a regular file (folder, device or pipe): not read")
        return None
    return fd


def read_text(file: Path, rel: str, report: Report, max_bytes: int = MAX_BYTES) -> str | None:
    """The file's text, or None after reporting why it cannot be read.

    Nothing written is dropped: bytes that are not UTF-8 and NUL characters are reported and
    read as U+FFFD, a UTF-16 file is read as UTF-16 with a warning; only a file over the size
    limit (or that cannot be opened) has no text. Each of these problems is a
    :class:`ReadProblem`, whose note the file's page shows."""
    fd = _open_regular(file, rel, report)
    if fd is None:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                _problem(report, Origin(rel), "error", f"file is {size} bytes, over the limit of {max_bytes}: not read",
                         f"Fichier de {size} octets, au-delà de la limite de {max_bytes} : texte non lu.", unread=True)
                return None
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        report.error(Origin(rel), f"cannot read file: {exc.strerror}")
        return None
    if len(data) > max_bytes:
        _problem(report, Origin(rel), "error", f"file is over the limit of {max_bytes} bytes: not read",
                 f"Fichier de plus de {max_bytes} octets, au-delà de la limite : texte non lu.", unread=True)
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    utf16 = _utf16(data)
    if utf16 is not None:
        codec, what = utf16
        text = data.decode(codec, errors="replace")
        if text.startswith("\ufeff"):
            text = text[1:]
        _problem(report, Origin(rel), "warning", f"file is {what}: read as such; save it as UTF-8",
                 "Fichier enregistré en UTF-16 : il a été lu comme tel ; il doit être enregistré en UTF-8.")
    else:
        text = _decode_utf8(data, rel, report)
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if "\x00" in text:
        starts = [m.start() for m in re.finditer("\x00", text)]
        _problem(
            report, Origin.at_offset(rel, text, starts[0]), "error",
            "file contains NUL characters: is it a binary file?"
            + (f" ({len(starts)} NUL characters, the first here)" if len(starts) > 1 else ""),
            f"{len(starts)} caractère(s) NUL (octet 0) remplacé(s) par « \ufffd » dans le texte ci-dessous : "
            f"{_positions(text, starts)}.",
        )
        text = text.replace("\x00", "\ufffd")
    return text


def _decode_utf8(data: bytes, rel: str, report: Report) -> str:
    """``data`` as UTF-8; bytes that are not are reported (the first one as precisely as a
    strict decoder sees it) and each run of them is read as one U+FFFD."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start
    escaped = data.decode("utf-8", errors="surrogateescape")  # each such byte as one lone surrogate
    runs = [(m.start(), m.end()) for m in _ESCAPED.finditer(escaped)]
    count = sum(end - start for start, end in runs)
    text = _ESCAPED.sub("\ufffd", escaped)
    shown, shift = [], 0  # where the first U+FFFD are in the text read
    for start, end in runs[: SHOWN_POSITIONS + 1]:
        shown.append(start - shift)
        shift += end - start - 1
    _problem(
        report, Origin.at_offset(rel, data, offset), "error",
        f"not UTF-8: byte 0x{data[offset]:02x} at offset {offset} cannot be decoded; save the file as UTF-8"
        + (f" ({count} bytes are not UTF-8)" if count > 1 else ""),
        f"{count} octet(s) illisible(s) en UTF-8, remplacé(s) par « \ufffd » dans le texte ci-dessous "
        f"({len(runs)} endroit(s)) : {_positions(text, shown)}.",
    )
    return text


def split_source(text: str, rel: str, stem: str, report: Report) -> RawSource:
    """Split a source into front matter and body; an unclosed front matter is an error."""
    first = text.split("\n", 1)[0]
    if not _BOUNDARY.fullmatch(first):
        text_warnings(text, rel, report)
        return RawSource(rel, stem, None, True, False, text)
    closing = _BOUNDARY.search(text, len(first) + 1 if "\n" in text else len(text))
    if closing is None:
        report.error(
            Origin(rel, 1, 1),
            "front matter opened with '---' on line 1 is never closed: add a '---' line after the annotations",
        )
        text_warnings(text, rel, report)
        return RawSource(rel, stem, None, False, True, text)
    yaml_text = text[len(first) + 1 : closing.start()]
    end = closing.end()
    body_start = end + 1 if text[end : end + 1] == "\n" else end
    body = text[body_start:]
    ok, meta = load(yaml_text, rel, report, first_line=2)
    text_warnings(body, rel, report, text.count("\n", 0, body_start) + 1)
    return RawSource(rel, stem, meta, ok, True, body)


def text_warnings(body: str, rel: str, report: Report, first_line: int = 1) -> None:
    """What a source's text itself holds that its page shows otherwise than written: overlong
    lines (shown in blocks) and controls or bidi overrides (shown as markers)."""
    if len(body) > MAX_LINE:
        warn_long_lines(body, rel, report, first_line)
    chars.report_text(body, rel, first_line, report)


def warn_long_lines(body: str, rel: str, report: Report, first_line: int = 1, limit: int = MAX_LINE) -> None:
    """One warning for the lines of ``body`` longer than ``limit`` characters (in linear time)."""
    if len(body) <= limit:
        return
    long_ones = []
    pos = 0
    number = first_line
    while True:
        end = body.find("\n", pos)
        stop = len(body) if end == -1 else end
        if stop - pos > limit:
            long_ones.append((number, stop - pos))
        if end == -1:
            break
        pos, number = end + 1, number + 1
    if not long_ones:
        return
    line, length = long_ones[0]
    more = f", and {len(long_ones) - 1} more line(s) are over {limit}" if len(long_ones) > 1 else ""
    report.warning(
        Origin(rel, line, 1),
        f"line {line} is {length} characters long (over {limit}){more}: each is one paragraph, shown in "
        f"blocks of at most {limit} characters; put each paragraph of the text on its own line",
    )


#: Files a folder of annotations may hold that are no annotation and are skipped without a
#: word: version-control placeholders and a file manager's own.
QUIET_FILES = frozenset({".gitkeep", ".gitignore", ".gitattributes", ".DS_Store"})


def invisible_characters(name: str) -> list[str]:
    """The format and control characters (Unicode Cf, Cc) in ``name``, as « U+200B ZERO WIDTH SPACE »."""
    found: list[str] = []
    for ch in name:
        if unicodedata.category(ch) in ("Cf", "Cc") and (label := chars.describe(ch)) not in found:
            found.append(label)
    return found


def shown_name(name: str) -> str:
    """``name`` with its format and control characters written as ``\\u200b``: visible in a message."""
    return "".join(f"\\u{ord(ch):04x}" if unicodedata.category(ch) in ("Cf", "Cc") else ch for ch in name)


def list_sources(
    folder: Path,
    rel: Callable[[Path], str],
    report: Report,
    suffixes: tuple[str, ...],
    skip: Callable[[str], bool] = lambda name: False,
) -> list[Path]:
    """The source files of ``folder``, in name order; every other entry is reported with why it
    is skipped (except :data:`QUIET_FILES` and the names ``skip`` accepts), and a name holding an
    invisible character is an error naming it (its page id would silently differ from its name)."""
    files = []
    for file in sorted(folder.iterdir()):
        name = file.name
        if name in QUIET_FILES or skip(name):
            continue
        where = Origin(rel(file))
        if name.startswith("."):
            report.warning(where, f"hidden file '{shown_name(name)}' (its name starts with '.'): skipped; rename it to publish it")
            continue
        if file.is_symlink() or not file.is_file():
            report.warning(where, "not a regular file (link or folder): skipped")
            continue
        if file.suffix not in suffixes:
            report.warning(where, f"not a source ({'/'.join(suffixes)}): skipped")
            continue
        invisible = invisible_characters(name)
        if invisible:
            report.error(
                where,
                f"file name '{shown_name(name)}' holds invisible character(s) {', '.join(invisible)}: "
                "rename the file (its page id would not be its name)",
            )
        files.append(file)
    return files


def unknown_files(seeds: Path, rel: Callable[[Path], str], report: Report, known: Iterable[str]) -> None:
    """Report each entry of the annotations folder that is neither a registry nor ``sources``:
    it is not read (a misspelt registry name, a stray file)."""
    known = set(known)
    try:
        entries = sorted(seeds.iterdir())
    except OSError:
        return
    for entry in entries:
        name = entry.name
        if name in known or name == "sources" or name in QUIET_FILES:
            continue
        what = "folder" if entry.is_dir() and not entry.is_symlink() else "file"
        report.warning(
            Origin(rel(entry)),
            f"{what} '{shown_name(name)}' is not read: the annotations folder holds only the registries "
            f"({', '.join(sorted(known))}) and the folder sources/",
        )
