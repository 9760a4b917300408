"""Site search with Pagefind: an index in chunks, loaded a piece at a time by the browser.

Material's own search loads one JSON index of the whole site before the first result
(43 MB at 10,000 pages). Pagefind writes an index split by words and one fragment per
page; a search fetches the chunks holding its words and the fragments of the results
it shows. :mod:`generator.mkdocs_adapter.search` feeds the pages to :class:`StreamingIndex` as
MkDocs writes them (or runs :func:`index_site` after the build) and points Material's
search box at ``worker.js``, a web worker that answers Material's search protocol from
Pagefind: the box, the result list, the keyboard keys and the highlighting stay
Material's.

One Pagefind index grows with the site: its page table (``pf_meta``, fetched by every
first search) and the posting list of a frequent word (with its positions in thousands
of pages) reach hundreds of kilobytes at 20,000 sources. So the index is cut in
*shards* (:func:`plan`): shard 0 holds every searched page that is not a source page
(entities, meetings, help…) and the newest sources; each following shard holds the next
older sources, a bounded number of them. The worker searches shard 0 first and the
older shards only while it has fewer results than it shows, or as the result list is
scrolled. Shard 0 is written in ``pagefind/`` (with ``pagefind.js`` and the wasm, which
every shard shares), shard *k* in ``pagefind/shards/k/`` (its entry, page table, chunks
and fragments only), and ``pagefind/shards.json`` lists them in search order
(:func:`write_manifest`). A site with one shard is one index in ``pagefind/``, as before.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Container, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..paths import page_path
from ..sitefolder import scratch_prefix

if TYPE_CHECKING:
    from ..corpus import Corpus

HERE = Path(__file__).parent
#: The web worker, published at :data:`WORKER_PATH` in the site.
WORKER = HERE / "worker.js"
WORKER_PATH = "assets/briefing/search-worker.js"
#: The page script that lists the rest of the results as the list is scrolled.
MORE = HERE / "more.js"
MORE_PATH = "assets/briefing/search-more.js"
#: Where the index goes, relative to the site folder.
OUTPUT = "pagefind"
#: The list of shards the worker reads, relative to :data:`OUTPUT`.
MANIFEST = "shards.json"
#: Sources per shard (the ``search_shard_sources`` option's default); shard 0 holds about as
#: many pages (see :func:`plan`). Measured on a synthetic briefing of 20,000 sources
#: (docs/performance.md): Pagefind searches a shard of 2,000 pages in about 0.1 s, and its
#: page table is 17 kB; smaller shards make a search for a rare word fetch more page tables,
#: larger ones make the first search slower. Pagefind's indexer holds about 400 kB a page of
#: the shards it is making: 1,000 keeps a large build within its memory budget.
SHARD_SOURCES = 1000
#: What a shard other than the first keeps: the files shared by every shard (pagefind.js,
#: the wasm, Pagefind's own UI) are served from shard 0's folder.
_SHARD_FILES = ("pagefind-entry.json",)
_SHARD_DIRS = ("index", "fragment", "filter")


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


# --- shards -------------------------------------------------------------------


@dataclass
class Shards:
    """Which index each searched page goes to: shard 0 unless :attr:`pages` says otherwise."""

    #: Markdown path of a source page ('sources/x.md') -> its shard, for shards 1 and later.
    pages: dict[str, int] = field(default_factory=dict)
    #: Sources in each shard, newest shard first (shard 0 also holds every non-source page).
    sources: list[int] = field(default_factory=lambda: [0])
    #: Date range of each shard's sources (ISO, newest then oldest; None when undated).
    dates: list[tuple[str | None, str | None]] = field(default_factory=lambda: [(None, None)])

    @property
    def count(self) -> int:
        return len(self.sources)

    def of(self, src_path: str) -> int:
        """The shard of the page whose Markdown is at ``src_path``."""
        return self.pages.get(src_path, 0)

    def by_file(self, dest: Mapping[str, str]) -> dict[str, int]:
        """Built HTML path ('sources/x/index.html') -> shard, given Markdown path -> HTML path."""
        return {dest[src]: shard for src, shard in self.pages.items() if src in dest}


def plan(corpus: Corpus, size: int = SHARD_SOURCES, pages: Iterable[str] = (), unsearched: Container[str] = ()) -> Shards:
    """Cut the sources into shards, newest first (undated sources last).

    Shards 1 and later hold ``size`` sources each. Shard 0 holds every searched page that is
    not a source page (``pages``, the paths of the generated pages, minus ``unsearched``) and the newest
    sources: as many as make it about ``size`` pages, and at least a quarter of ``size``. A
    first search only reads shard 0, and Pagefind's time to search a shard grows with the
    pages that match: shard 0 stays as small as the later ones. ``size`` < 1 makes one index.
    """
    def newest_first(source: Any) -> tuple[bool, int, str]:
        day = source.date.first_day.toordinal() if source.date is not None else 0
        return (source.date is None, -day, source.id)

    ordered = sorted(corpus.sources.values(), key=newest_first)
    source_pages = {page_path("source", source_id) for source_id in corpus.sources}
    others = sum(1 for path in pages if path not in source_pages and path not in unsearched)
    first = max(size - others, size // 4)
    if size < 1 or len(ordered) <= first:
        return Shards({}, [len(ordered)], [_iso_range(ordered[0].date, ordered[-1].date) if ordered else (None, None)])
    shards = Shards({}, [], [])
    cuts = [0, *range(first, len(ordered), size), len(ordered)]
    for number, (start, end) in enumerate(itertools.pairwise(cuts)):
        part = ordered[start:end]
        shards.sources.append(len(part))
        shards.dates.append(_iso_range(part[0].date, part[-1].date) if part else (None, None))  # shard 0 may hold no source
        if number:
            shards.pages.update((page_path("source", source.id), number) for source in part)
    return shards


def _iso_range(newest: Any, oldest: Any) -> tuple[str | None, str | None]:
    return (newest.iso() if newest is not None else None, oldest.iso() if oldest is not None else None)


def shard_folder(number: int) -> str:
    """Where shard ``number`` is written, relative to the index folder: '' or 'shards/3/'."""
    return "" if number == 0 else f"shards/{number}/"


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


class Stopped(Exception):
    """Indexing was stopped: its result was no longer wanted."""


def _run_pagefind(site: Path, output: Path, stop: Callable[[], bool] | None = None, nice: bool = False) -> None:
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
            _place_shard(previous, output, 0)  # type: ignore[arg-type]
        else:
            _run_pagefind(site, output, stop, nice)
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
                _place_shard(previous, output, number)  # type: ignore[arg-type]
            elif number == 0 or folder.is_dir():
                folder.mkdir(exist_ok=True)
                _run_pagefind(folder, output / shard_folder(number), stop, nice)
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


def _place_shard(previous: Path, output: Path, number: int) -> None:
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


def material_index_stub(lang: list[str], results: int) -> str:
    """Material's ``search/search_index.json`` without documents: its search box starts the worker with it."""
    config = {"lang": lang, "separator": r"[\s\-]+", "pipeline": [], "briefing_results": results}
    return json.dumps({"config": config, "docs": []})


#: Marks the part of each page that Pagefind indexes: the article, not the navigation.
ARTICLE = '<article class="md-content__inner md-typeset">'
ARTICLE_INDEXED = '<article class="md-content__inner md-typeset" data-pagefind-body>'


def mark_article(html: str) -> str:
    return html.replace(ARTICLE, ARTICLE_INDEXED, 1)


class StreamingIndex:
    """Pagefind's indexing service (``pagefind --service``), fed each page as MkDocs writes it.

    The service is a process of its own: it indexes on the machine's other core while
    MkDocs renders the next pages, instead of reading the whole site once the build is
    over. It speaks base64-encoded JSON messages ending with a comma on its standard
    input and output (the protocol of Pagefind's Python API, whose client reads one
    answer per tenth of a second: too slow for thousands of pages). It holds one index
    per shard, made when the shard's first page comes. Once told how many pages each
    shard has (:meth:`expect`), it writes a shard as soon as its last page is indexed and
    drops it from memory (the indexer holds about 400 kB a page): the plugin has MkDocs
    write the pages shard by shard, so only a shard or two are held at a time.
    :meth:`finish` writes the others.
    """

    def __init__(self) -> None:
        self._process = subprocess.Popen([executable(), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL)
        self._answers: dict[int, Any] = {}
        self._errors: list[str] = []
        self._done = threading.Condition()
        self._next = 0
        self._reader = threading.Thread(target=self._read, name="pagefind-service", daemon=True)
        self._reader.start()
        self._lock = threading.Lock()  # one message at a time on the service's input
        self._indexes: dict[int, int] = {}
        self._index(0)
        self._added: list[int] = []
        self._expected: dict[int, int] = {}
        self._by_shard: dict[int, list[int]] = {}
        self._scratch = Path(tempfile.mkdtemp(prefix=scratch_prefix("shards")))
        self._retiring: dict[int, threading.Thread] = {}
        self._retired: set[int] = set()

    def expect(self, shards: Shards, first: int | None = None) -> None:
        """How many pages shards 1 and later will get (every page of theirs is a source page),
        and shard 0 (``first``, if known: every other searched page)."""
        counts: dict[int, int] = {}
        for shard in shards.pages.values():
            counts[shard] = counts.get(shard, 0) + 1
        if first:
            counts[0] = first
        self._expected = counts

    @property
    def retired(self) -> frozenset[int]:
        """The shards written and freed before :meth:`finish`, as soon as their last page came."""
        return frozenset(self._retired)

    def _retire(self, shard: int) -> None:
        """Write a shard whose pages are all added, then free it in the service."""
        try:
            for message_id in self._by_shard.pop(shard, []):
                self._wait(message_id)
            index = self._indexes[shard]
            answer = self._wait(self._send({"type": "WriteFiles", "index_id": index,
                                            "output_path": str(self._scratch / f"shard-{shard}")}))
            if answer.get("type") == "Error":
                self._errors.append(str(answer.get("message")))
                return
            self._wait(self._send({"type": "DeleteIndex", "index_id": index}))
            self._retired.add(shard)
        except Exception as exc:  # finish() reports it
            self._errors.append(str(exc))

    def _index(self, shard: int) -> int:
        """The service's index for ``shard``, made on first use."""
        found = self._indexes.get(shard)
        if found is None:
            answer = self._wait(self._send({"type": "NewIndex", "config": None}))
            if answer.get("type") != "NewIndex":
                raise SearchUnavailable(f"pagefind service: {answer}")
            found = self._indexes[shard] = answer["index_id"]
        return found

    def _send(self, payload: dict[str, Any]) -> int:
        assert self._process.stdin is not None
        with self._lock:
            self._next += 1
            message = {"message_id": self._next, "payload": payload}
            self._process.stdin.write(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
            self._process.stdin.flush()
            return self._next

    def _read(self) -> None:
        assert self._process.stdout is not None
        buffer = b""
        while True:
            chunk = self._process.stdout.read1(1 << 16)  # type: ignore[attr-defined]
            if not chunk:
                break
            buffer += chunk
            *messages, buffer = buffer.split(b",")
            for raw in messages:
                if not raw.strip():
                    continue
                answer = json.loads(base64.b64decode(raw))
                with self._done:
                    payload = answer.get("payload") or {}
                    if payload.get("type") == "Error":
                        self._errors.append(str(payload.get("message")))
                    self._answers[answer.get("message_id", -1)] = payload
                    self._done.notify_all()
        with self._done:
            self._answers[-2] = {"type": "Error", "message": "pagefind service stopped"}
            self._done.notify_all()

    def _wait(self, message_id: int) -> Any:
        with self._done:
            while message_id not in self._answers and -2 not in self._answers:
                self._done.wait()
            return self._answers.pop(message_id, None) or self._answers[-2]

    def add(self, html: str, url: str, shard: int = 0) -> None:
        """Queue one page (``url`` from the site's root, '/sources/x/') for ``shard``; returns once it is sent."""
        message_id = self._send({"type": "AddFile", "index_id": self._index(shard), "url": url,
                                 "file_contents": html, "file_path": None})
        if shard not in self._expected:
            self._added.append(message_id)
            return
        sent = self._by_shard.setdefault(shard, [])
        sent.append(message_id)
        if len(sent) == self._expected[shard]:
            self._retiring[shard] = threading.Thread(target=self._retire, args=(shard,), daemon=True)
            self._retiring[shard].start()

    def finish(self, output: Path, shards: Shards | None = None) -> None:
        """Wait for every page to be indexed, write each shard under ``output``, stop the service."""
        shards = shards or Shards()
        try:
            for thread in self._retiring.values():
                thread.join()
            for message_id in self._added + [m for sent in self._by_shard.values() for m in sent]:
                self._wait(message_id)
            if self._errors:
                raise SearchUnavailable(f"pagefind service: {self._errors[0]}")
            for number in range(shards.count):
                if number and number not in self._indexes:
                    continue  # no page of this shard was indexed
                folder = output / shard_folder(number)
                if number in self._retired:
                    folder.mkdir(parents=True, exist_ok=True)
                    for entry in (self._scratch / f"shard-{number}").iterdir():
                        there = folder / entry.name
                        if there.is_dir() and not there.is_symlink():  # never moved into an older one
                            shutil.rmtree(there)
                        elif there.exists() or there.is_symlink():
                            there.unlink()
                        shutil.move(str(entry), str(there))
                    continue
                answer = self._wait(self._send({"type": "WriteFiles", "index_id": self._index(number),
                                                "output_path": str(folder)}))
                if answer.get("type") == "Error":
                    raise SearchUnavailable(f"pagefind service: {answer.get('message')}")
            write_manifest(output, shards)
        finally:
            self.close()

    def close(self) -> None:
        shutil.rmtree(self._scratch, ignore_errors=True)
        if self._process.poll() is None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
