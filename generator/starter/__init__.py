"""``briefing init DIR``: a new briefing in a new or empty folder, from the kit this package ships.

The kit is this folder's ``mkdocs.yml``, ``docs/`` (the help pages and stylesheets) and ``seeds/``
(the threat vocabulary, the countries, empty registries and one example source). In the
repository, ``mkdocs.yml``, ``docs`` and the two registries here are symbolic links to the
repository's own files, its site's one copy; a wheel holds them as plain files."""

from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

KIT = Path(__file__).parent
#: What the kit holds beside this module that is not part of a briefing.
_NOT_KIT = {"__init__.py", "__pycache__"}


class InitError(Exception):
    """DIR cannot take a new briefing; the message is one line."""


def kit_files() -> list[Path]:
    """Every file of the kit, relative to it, in a stable order."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(KIT, followlinks=True):
        dirs[:] = sorted(d for d in dirs if d not in _NOT_KIT)
        here = Path(folder).relative_to(KIT)
        found.extend(here / name for name in sorted(files) if name not in _NOT_KIT and not name.endswith(".pyc"))
    return found


def write_kit(target: Path) -> list[Path]:
    """Write the kit into ``target`` (created if missing, else empty); the files written, relative to it.
    Never replaces a file: ``target`` holding anything is refused before anything is written."""
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} exists and is not a folder")
    try:
        if target.is_dir() and any(target.iterdir()):
            raise InitError(f"{target} is not empty: briefing init writes only into a new or empty folder")
        target.mkdir(parents=True, exist_ok=True)
        files = kit_files()
        for rel in files:
            dest = target / rel
            dest.parent.mkdir(parents=True, exist_ok=True)
            with dest.open("xb") as out:  # "x": never over a file that appeared meanwhile
                out.write((KIT / rel).read_bytes())
    except OSError as exc:
        raise InitError(f"cannot write to {target}: {exc.strerror or exc}") from None
    return files


def run(target: Path) -> int:
    """The command: write the kit, say what was written and what to run next; exit status."""
    try:
        written = write_kit(target)
    except InitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"New briefing in {target}: {len(written)} files written")
    for rel in written:
        print(f"  {rel.as_posix()}")
    print("Next:")
    print(f"  cd {shlex.quote(str(target))} && mkdocs build --strict    # the site, into {target / 'site'}")
    print("  briefing check                          # the annotations' problems, one per line")
    return 0
