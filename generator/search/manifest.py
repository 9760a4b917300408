"""The list of shards the worker reads (``pagefind/shards.json``): written once the shards are,
and read to tell whether an index folder is complete."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .shards import Shards, shard_folder

#: The list of shards the worker reads, relative to the index folder.
MANIFEST = "shards.json"
#: What a shard other than the first keeps: the files shared by every shard (pagefind.js,
#: the wasm, Pagefind's own UI) are served from shard 0's folder.
_SHARD_FILES = ("pagefind-entry.json",)
_SHARD_DIRS = ("index", "fragment", "filter")


def _page_count(folder: Path) -> int | None:
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return sum(int(lang.get("page_count") or 0) for lang in (entry.get("languages") or {}).values())


def write_manifest(output: Path, shards: Shards | None = None) -> None:
    """Publish the list of shards, in search order, for the worker (``pagefind/shards.json``).

    Also drops from the folders of shards 1 and later the files shard 0 serves to all.
    """
    shards = shards or Shards()
    listed = []
    for number in range(shards.count):
        folder = output / shard_folder(number)
        if number and not (folder / "pagefind-entry.json").is_file():
            continue  # a shard no page was indexed in (none is searched)
        if number:
            _prune(folder)
        newest, oldest = shards.dates[number] if number < len(shards.dates) else (None, None)
        listed.append({"path": shard_folder(number), "pages": _page_count(folder), "sources": shards.sources[number],
                       "newest": newest, "oldest": oldest})
    text = json.dumps({"version": 1, "shards": listed}, ensure_ascii=False, separators=(",", ":"))
    (output / MANIFEST).write_text(text, encoding="utf-8")


def _prune(folder: Path) -> None:
    if not folder.is_dir():
        return
    for item in folder.iterdir():
        if item.is_dir():
            if item.name not in _SHARD_DIRS:
                shutil.rmtree(item, ignore_errors=True)
        elif item.name not in _SHARD_FILES and not item.name.endswith(".pf_meta"):
            item.unlink(missing_ok=True)


def index_is_complete(output: Path) -> bool:
    """Whether ``output`` holds a readable Pagefind index: every shard its manifest lists names a language."""
    try:
        manifest = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
        folders = [str(shard["path"]) for shard in manifest["shards"]]
    except (OSError, ValueError, KeyError, TypeError):
        folders = [""]
    for folder in folders or [""]:
        try:
            entry = json.loads((output / folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        if not entry.get("languages"):
            return False
    return True
