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
``os.replace``). This module plans and writes; the fields of a draft are made
in :mod:`.fields`, spliced into the front matter by :mod:`.splice`, and the
sidecar is :mod:`.sidecar`'s.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .draft import Draft
from .errors import WriteError
from .fields import ORDER, SCALARS, block, draft_values, identity, is_present, memory
from .sidecar import read_history, read_sidecar, sidecar_text
from .splice import append_fields, check_kept, split_front_matter
from .yamltext import absent, parse_plain, yaml_problem


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
    parts = split_front_matter(text)
    sidecar = path.with_name(path.stem + ".proposals.yml")
    old_sidecar = read_sidecar(sidecar)
    history = read_history(old_sidecar)
    values, comments = draft_values(draft, sidecar.name)
    plan = Plan(path, bom.decode("utf-8") + text, bom.decode("utf-8") + text, display, sidecar=sidecar,
                old_sidecar=old_sidecar, new_sidecar=old_sidecar)

    existing: Any = None
    if parts.has_front_matter:
        try:
            existing = parse_plain(parts.meta)
        except yaml.YAMLError as exc:
            raise WriteError(f"front matter cannot be read ({yaml_problem(exc)}): fix it first") from None
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
            if absent(old_values.get(name)):
                additions[name] = proposed
            continue
        current = old_values.get(name)
        if absent(current):
            current = None
        if current is not None and not isinstance(current, list):
            plan.notes.append(f"{name}: not a list in the front matter, nothing added to it")
            continue
        present = [identity(name, item) for item in (current or [])]
        before = history.get(name, [])
        new_items = []
        for item in proposed:
            ident = identity(name, item)
            if is_present(name, ident, present) or memory(ident) in before:
                continue
            new_items.append(item)
            present.append(ident)
        if new_items:
            additions[name] = new_items
    plan.added = {name: (len(v) if isinstance(v, list) else 1) for name, v in additions.items()}
    plan.additions = dict(additions)

    if additions:
        if absent(old_values.get("reviewed")):
            additions["reviewed"] = False
        if parts.has_front_matter and parts.meta.strip():
            meta = append_fields(parts.meta, additions, comments, nl, old_values)
            new_text = parts.prefix + meta + parts.suffix
        else:
            meta = block(additions, comments, nl)
            new_text = parts.prefix + meta + parts.suffix if parts.has_front_matter else f"---{nl}{meta}---{nl}{text}"
        check_kept(text, new_text, old_values, display)
        plan.new_text = bom.decode("utf-8") + new_text

    plan.new_sidecar = sidecar_text(old_sidecar, draft, display, history, additions, values)
    return plan


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
