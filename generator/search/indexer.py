"""Running Pagefind's binary: finding it, and indexing the built site shard by shard (in the
background on the lowest priority, given up when stopped)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from ..sitefolder import scratch_prefix
from .manifest import write_manifest
from .placing import place_shard
from .shards import Shards, shard_folder
from .site import OUTPUT


class SearchUnavailable(RuntimeError):
    """Pagefind's binary is missing or failed."""


def executable() -> str:
    """The Pagefind binary that the ``pagefind_bin`` wheel (``pagefind[bin]``) ships."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        found = shutil.which("pagefind")
        if found:
            return found
        raise SearchUnavailable("Pagefind is not installed: pip install 'pagefind[bin]'") from exc
    return str(get_executable())


class Stopped(Exception):
    """Indexing was stopped: its result was no longer wanted."""


def run_pagefind(site: Path, output: Path, stop: Callable[[], bool] | None = None, nice: bool = False) -> None:
    """Index the pages of the folder ``site`` into ``output`` with Pagefind's binary; ``stop`` and
    ``nice`` as for :func:`index_site`."""
    cmd = [executable(), "--site", str(site), "--output-path", str(output), "--silent"]
    if stop is None and not nice:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        returncode, said = done.returncode, done.stderr.strip() or done.stdout.strip()
    else:
        # In the background, while the site is served: on the lowest priority, so that the next
        # rebuild is not slowed, and stopped when that rebuild makes this index useless.
        process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                   preexec_fn=(lambda: os.nice(19)) if nice and hasattr(os, "nice") else None)
        while True:
            try:
                _, err = process.communicate(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if stop is not None and stop():
                    process.kill()
                    process.communicate()
                    raise Stopped() from None
        returncode, said = process.returncode, (err or "").strip()
    if returncode != 0:
        raise SearchUnavailable(f"pagefind failed ({returncode}): {said}")


def index_site(site: Path, output: Path | None = None, shards: Shards | None = None,
               files: Mapping[str, int] | None = None, previous: Path | None = None, unchanged: Iterable[int] = (),
               stop: Callable[[], bool] | None = None, nice: bool = False) -> Path:
    """Index the HTML pages of ``site`` (their ``data-pagefind-body`` parts) into ``output``.

    With several shards, ``files`` maps the built HTML of each page of shards 1 and later
    ('sources/x/index.html', see :meth:`Shards.by_file`) to its shard; every other page goes
    to shard 0. Pagefind's binary indexes one folder per shard, made of links to the site's
    pages (hard links beside the site, else symbolic links, else copies). A shard in
    ``unchanged`` is not indexed again: its part of the ``previous`` index is put in place.
    ``stop`` (asked while indexing) gives up, raising :class:`Stopped`; ``nice`` indexes on the
    lowest priority.
    """
    output = output or site / OUTPUT
    shards = shards or Shards()
    keep = set(range(shards.count)).intersection(unchanged) if previous is not None else set()
    if shards.count <= 1:
        if 0 in keep:
            place_shard(previous, output, 0)  # type: ignore[arg-type]
        else:
            run_pagefind(site, output, stop, nice)
        write_manifest(output, shards)
        return output
    files = files or {}
    base = site.resolve().parent
    try:
        staging = Path(tempfile.mkdtemp(prefix=scratch_prefix("shards", hidden=True), dir=base))
    except OSError:
        staging = Path(tempfile.mkdtemp(prefix=scratch_prefix("shards")))
    try:
        try:
            inside = output.resolve().relative_to(site.resolve()).as_posix() + "/"
        except ValueError:
            inside = None
        for page in site.rglob("*.html"):
            rel = page.relative_to(site).as_posix()
            if inside is not None and rel.startswith(inside):
                continue
            shard = files.get(rel, 0)
            if shard in keep:
                continue
            target = staging / str(shard) / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            _link(page, target)
        for number in range(shards.count):
            folder = staging / str(number)
            if number in keep:
                place_shard(previous, output, number)  # type: ignore[arg-type]
            elif number == 0 or folder.is_dir():
                folder.mkdir(exist_ok=True)
                run_pagefind(folder, output / shard_folder(number), stop, nice)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    write_manifest(output, shards)
    return output


def _link(page: Path, target: Path) -> None:
    try:
        os.link(page, target)
    except OSError:
        try:
            target.symlink_to(page.resolve())
        except OSError:
            shutil.copyfile(page, target)
