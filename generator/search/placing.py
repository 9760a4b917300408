"""Putting an index folder in place: copied as hard links, shown at once through a symbolic link
(serving), or one shard of the last index taken back."""

from __future__ import annotations

import os
import shutil
from collections.abc import Container
from pathlib import Path

from .manifest import MANIFEST
from .shards import shard_folder


def place(index: Path, output: Path, skip: Container[str] = ()) -> None:
    """Put a copy of the index folder ``index`` at ``output`` (but its entries named in ``skip``):
    hard links where the file system allows (thousands of files in a blink), copies otherwise.
    Files already there are replaced, never written through, so the source folder stays as it was."""
    for folder, folders, names in os.walk(index):
        here = Path(folder)
        if here == index:
            folders[:] = [f for f in folders if f not in skip]
            names = [n for n in names if n not in skip]
        there = output / here.relative_to(index)
        there.mkdir(parents=True, exist_ok=True)
        for name in names:
            _place_file(here / name, there / name)


def show(index: Path, output: Path) -> None:
    """Serving: make ``output`` show the index folder ``index`` at once, whatever was there: a
    symbolic link, replaced in one step (thousands of files placed one by one take seconds on
    some file systems; `mkdocs serve` follows links); a copy where links are refused."""
    spare = output.with_name(f".{output.name}.new")
    try:
        if spare.is_symlink() or spare.is_file():
            spare.unlink()
        os.symlink(index.resolve(), spare, target_is_directory=True)
        if output.is_dir() and not output.is_symlink():
            shutil.rmtree(output)
        os.replace(spare, output)
    except OSError:
        if output.is_symlink():
            output.unlink()
        place(index, output)


def place_shard(previous: Path, output: Path, number: int) -> None:
    """Shard ``number`` of the ``previous`` index, put in place in ``output``."""
    skip = {"shards", MANIFEST} if number == 0 else set()
    place(previous / shard_folder(number), output / shard_folder(number), skip)


def _place_file(source: Path, target: Path) -> None:
    try:
        os.link(source, target)  # one system call for a file not there yet: the usual case
        return
    except FileExistsError:
        pass
    except OSError:
        shutil.copy2(source, target)
        return
    spare = target.with_name(f".{target.name}.new")  # linked beside, then renamed over the old one
    spare.unlink(missing_ok=True)
    try:
        os.link(source, spare)
    except OSError:
        shutil.copy2(source, spare)
    os.replace(spare, target)
