"""The adapter between the generator's core and MkDocs: the only module importing MkDocs.

Besides handing MkDocs the generated pages, it does what MkDocs cannot:

- Memory: pages are made one at a time and each is kept compressed until MkDocs reads
  it (:class:`PackedFile`); a page's HTML stays compressed between MkDocs' render and
  write passes.
- Incremental rebuilds (``mkdocs serve``, or ``incremental: true``): annotation files
  are read again only when changed, pages whose inputs are unchanged are reused
  (:mod:`generator.incremental`), and a page whose Markdown is the one rendered last
  time is not rendered again: MkDocs gets its previous HTML through a one-line
  template. The exports are written after the build, in the background.
- Search by Pagefind (``search: pagefind``, the default): Material's search plugin
  keeps its box but builds no index; Pagefind indexes the built pages in shards, newest
  first, and a web worker answers the box (:mod:`generator.search`). ``search:
  material`` keeps Material's own index, which the browser loads whole.
- The complete lists of long sections, published as pages of their own.
- Cores: ``mkdocs build`` renders the generated pages in forked helper processes as well,
  one per further usable CPU (``workers``; :mod:`generator.parallel`).
- The last good site is never lost (``mkdocs build``; :mod:`generator.sitefolder`): MkDocs is
  pointed at a fresh folder beside the target (on_config, before it cleans anything), swapped in
  once every page, the exports and the search index are written (on_post_build, last); a failed
  build (on_build_error), an interrupted one (SIGINT, SIGTERM: on_shutdown, or at exit) leaves
  the previous site whole and removes its fresh folder. A lock keeps two builds of one site apart;
  a full disk or a read-only folder is one line. Under ``mkdocs serve`` MkDocs builds in a
  temporary folder already: nothing changes there.
- The gate: under ``strict``, annotation problems abort the build whatever MkDocs' log level
  (``-q`` drops warnings before MkDocs counts them).
"""

from __future__ import annotations

import atexit
import ctypes
import functools
import gc
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import zlib
from pathlib import Path
from typing import Any, cast
from urllib.parse import quote, urljoin

import jinja2
import jinja2.bccache
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage
from mkdocs.utils import write_file

from . import incremental, parallel, search, sitefolder
from .corpus import load_corpus
from .diagnostics import Origin
from .reader import MAX_BYTES
from .render.common import Asset, list_children
from .urls import page_path
from .exports import iter_exports, write_asset
from .site import iter_assets, iter_pages

log = logging.getLogger("mkdocs.plugins.briefing")
TEMPLATES = Path(__file__).parent / "templates"
#: The template that writes a page's previous HTML as it was (incremental rebuilds).
CACHED_TEMPLATE = "briefing-cached.html"
#: Serving: seconds after a rebuild before garbage collection resumes (see _resume_gc).
RESUME_GC_AFTER = 3.0
#: Sources per search index shard, by default (the config's ``search`` option hides the module there).
SHARD_SOURCES = search.SHARD_SOURCES


class PackedFile(File):
    """A generated file, kept compressed in memory until MkDocs reads it.

    MkDocs holds every file from the start of a build to its end: at 20,000 sources,
    about a gigabyte of Markdown, feeds and exports. Compressed, a tenth of that.
    """

    _packed: tuple[bool, bytes] | None = None
    #: A generated page's Markdown digest (:func:`incremental.digest`), for incremental rebuilds.
    markdown_digest: bytes | None = None

    @property  # type: ignore[override]
    def _content(self) -> str | bytes | None:
        if self._packed is None:
            return None
        is_text, data = self._packed
        raw = zlib.decompress(data)
        return raw.decode("utf-8") if is_text else raw

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        if value is None:
            self._packed = None
        elif isinstance(value, str):
            self._packed = (True, zlib.compress(value.encode("utf-8"), 1))
        else:
            self._packed = (False, zlib.compress(value, 1))

    @classmethod
    def of_page(cls, config: MkDocsConfig, path: str, packed: bytes, digest: bytes, in_nav: bool) -> PackedFile:
        """The file of a generated page whose UTF-8 Markdown is compressed as ``packed``."""
        inclusion = InclusionLevel.INCLUDED if in_nav else InclusionLevel.NOT_IN_NAV
        file = cast(PackedFile, cls.generated(config, path, content=b"", inclusion=inclusion))
        file._packed = (True, packed)
        file.markdown_digest = digest
        return file

    @classmethod
    def of_asset(cls, config: MkDocsConfig, asset: Asset) -> PackedFile:
        """The file of ``asset``, compressed a piece at a time as it is made."""
        file = cast(PackedFile, cls.generated(config, asset.path, content=b""))
        packer = zlib.compressobj(1)
        pieces = [packer.compress(chunk) for chunk in asset.chunks()]
        pieces.append(packer.flush())
        file._packed = (False, b"".join(pieces))
        return file


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept in memory from one build to the next (MkDocs makes a new Jinja
    environment for each build: compiling Material's templates again takes about a second).
    Jinja checks each entry against its template's source, so an edited template is compiled again."""

    def __init__(self) -> None:
        self._codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self._codes.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._codes[bucket.key] = bucket.bytecode_to_string()


def _release_memory() -> None:
    """Collect garbage and hand the freed heap back to the system (glibc's ``malloc_trim``):
    otherwise the process keeps the corpus's memory to the end of the build."""
    gc.collect()
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: nothing to hand back by hand
        pass


def _skip_render(page: MkPage, config: MkDocsConfig, files: Files) -> None:
    """``Page.render`` for a page whose HTML is the last build's (on_page_content hands it over)."""
    page.content = ""


class _QuietReuse(logging.Filter):
    """Keeps MkDocs from saying "Page skipped" of each page the taken-back site already holds."""

    def __init__(self, plugin: BriefingPlugin) -> None:
        super().__init__()
        self.plugin = plugin

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.plugin._restored or not isinstance(record.msg, str) or not record.msg.startswith("Page skipped: '"):
            return True
        return record.msg.split("'")[1] not in self.plugin.pages.reused


def _others_see_pages(plugin: BasePlugin[Any], config: MkDocsConfig) -> list[str]:
    """The other plugins that see pages read and rendered."""
    owners = {getattr(h, "__self__", None) or h for event in ("pre_page", "page_markdown", "page_content")
              for h in config.plugins.events[event]}
    owners.discard(plugin)
    return sorted(getattr(o, "__module__", "?") if callable(o) and not isinstance(o, BasePlugin) else type(o).__name__
                  for o in owners)


def _take_rendering(page: MkPage, hit: incremental.Rendered, config: MkDocsConfig, files: Files) -> None:
    """What the last build made of the page, as MkDocs' rendering step (``Page.render``) sets it;
    its template writes the HTML of last time."""
    page.meta["template"] = CACHED_TEMPLATE
    page.briefing_html = hit.html  # type: ignore[attr-defined]
    page.content = hit.content or ""
    page.toc = hit.toc
    page._title_from_render = hit.title  # type: ignore[attr-defined]
    page.present_anchor_ids = hit.anchors
    if hit.links is not None:
        page.links_to_anchors = _linked_files(files, hit.links)


def _links_by_path(links: dict[File, dict[str, str]] | None) -> dict[str, dict[str, str]] | None:
    """A page's links to anchors of other pages, by path: kept from one build (or process) to the next."""
    return None if links is None else {f.src_uri: anchors for f, anchors in links.items()}


def _linked_files(files: Files, links: dict[str, dict[str, str]]) -> dict[File, dict[str, str]]:
    """A page's links to anchors of other pages, kept by path, given back by file."""
    by_uri = files.src_uris  # not get_file_from_path: it normalises each path again, a page's links add up
    return {f: anchors for uri, anchors in links.items() if (f := by_uri.get(uri)) is not None}


class _Counter(logging.Handler):
    """Warnings and errors reaching MkDocs' logger, counted as MkDocs' strict mode counts them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _OneLine(logging.Filter):
    """During a build into a fresh folder: MkDocs' "Error building page 'x': [Errno 28] ..." is
    said once, by the build's end, as one line naming the site folder."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.msg if isinstance(record.msg, str) else ""
        return not (message.startswith("Error building page")
                    and any(f"[Errno {number}]" in message for number in sitefolder.WRITE_ERRNOS))


#: Fresh site folders not yet swapped in or removed, by the process that made them (see _at_exit).
_OPEN: list[tuple[int, sitefolder.SiteFolder]] = []


def _at_exit() -> None:
    """A build interrupted where no plugin event follows (an in-process build, a signal): its fresh
    folder goes, the previous site stays."""
    for pid, folder in list(_OPEN):
        if pid == os.getpid():
            folder.abandon()
    _OPEN.clear()


atexit.register(_at_exit)


class _Terminated(SystemExit):
    """SIGTERM or SIGHUP during a build: unwinds it like an interruption (the previous site kept)."""


def _terminate(number: int, frame: Any) -> None:
    raise _Terminated(128 + number)


class BriefingConfig(base.Config):
    seeds = c.Type(str, default="seeds")
    """Annotations folder, relative to mkdocs.yml."""
    max_bytes = c.Type(int, default=MAX_BYTES)
    """Largest annotation file read, in bytes."""
    edit_uri = c.Optional(c.Type(str))
    """Path from ``repo_url`` to the repository root for edit links (default: ``edit_uri`` without its docs folder)."""
    search = c.Choice(("pagefind", "material"), default="pagefind")
    """``pagefind``: an index in chunks, loaded a piece at a time; ``material``: Material's single index."""
    search_results = c.Type(int, default=10)
    """With Pagefind, results fetched at a time (each fetches its page's fragment); more come as the list scrolls."""
    search_shard_sources = c.Type(int, default=SHARD_SOURCES)
    """With Pagefind, sources per index shard. Shard 0 holds every other searched page and the
    newest sources (about as many pages in all, at least a quarter as many sources), each next
    shard the next older sources; the browser searches the older shards only when the newer ones
    give too few results or the list is scrolled. 0: a single index."""
    incremental = c.Optional(c.Type(bool))
    """Re-render only changed pages on a rebuild; default: on under ``mkdocs serve``."""
    workers = c.Optional(c.Type(int))
    """Processes rendering the generated pages in a full build (the build and forked helpers);
    default: the usable CPUs. 1: the build alone."""


class BriefingPlugin(BasePlugin[BriefingConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.command = "build"
        self.dirty = False
        self.reads = incremental.ReadCache()
        self.pages = incremental.PageCache()
        self.sources = incremental.SourcePages()
        self._hashes: dict[str, bytes] = {}
        self._search_lock = threading.Lock()
        self._search_generation = 0
        self._search_cache: Path | None = None
        #: Serving: the folder of the search cache holding the index the site shows.
        self._search_index: Path | None = None
        #: Serving: where the site shows it (a link).
        self._shown: Path | None = None
        #: Serving: the shard plan and pages of the index in the search cache, and the shards
        #: holding pages rendered since it was made.
        self._indexed: tuple[search.Shards, frozenset[str]] | None = None
        self._stale: set[int] = set()
        self.unsearched: set[str] = set()
        self.generated: set[str] = set()
        #: Rebuilding: pages whose file is the one rendered last time, left out of MkDocs' reading
        #: and rendering steps, with their inclusion (see :meth:`_set_aside_unchanged`).
        self._set_aside: list[tuple[File, InclusionLevel]] = []
        #: Serving: whether MkDocs does not write them either (see on_post_template), and the build's files.
        self._unwritten = False
        self._files: Files | None = None
        self._templates_left = 0
        #: Rebuilding: every file (site-relative) of the last build.
        self._last_outputs: set[str] = set()
        #: Serving: whether the last build ran to its end (its site folder is whole), whether this
        #: build may take that folder back, and whether it did (see :meth:`_restore_site`).
        self._site_complete = False
        self._restorable = False
        self._restored = False
        self._quiet = _QuietReuse(self)
        #: This build: the other plugins that see pages read and rendered (see on_pre_build).
        self._page_readers: list[str] = []
        self._stream: search.StreamingIndex | None = None
        #: The index shards the last build wrote (and freed) while pages were still coming.
        self.shards_written_early: frozenset[int] = frozenset()
        self._packed_html: dict[str, bytes] = {}
        #: Building: the helper processes rendering pages, and what they rendered.
        self._helpers: parallel.Helpers[File, tuple[Any, ...]] | None = None
        self._from_helpers: dict[str, tuple[Any, ...]] = {}
        #: The pages of the last build rendered by helpers.
        self.pages_helped = 0
        #: Rebuilding: each generated page's Markdown, its digest and compressed.
        self._packs: dict[str, tuple[str, bytes, bytes]] = {}
        #: Rebuilding: Jinja's compiled templates, kept from one build to the next.
        self._bytecode = _TemplateCache()
        self._exports_corpus: Any = None
        #: Serving: the threads writing the exports and the search index of the last build.
        self.exports_thread: threading.Thread | None = None
        self.search_thread: threading.Thread | None = None
        #: Serving: the last build's pages, moved out of the site folder (see :meth:`_clear_site`),
        #: and the thread deleting them once this build is done.
        self._trash: Path | None = None
        #: Rebuilding: garbage collection paused for the build (on_pre_build).
        self._gc_paused = False
        self._gc_lock = threading.Lock()
        #: Serving: the timer that resumes collections after the last rebuild.
        self._gc_resuming: threading.Timer | None = None
        self._clearing: threading.Thread | None = None
        #: Building (not serving): the fresh folder MkDocs writes into, swapped in at the end
        #: (see on_config and on_post_build), and the site folder it stands for.
        self._folder: sitefolder.SiteFolder | None = None
        self._config: MkDocsConfig | None = None
        self._target: str | None = None
        self._signals: dict[int, Any] = {}
        #: Strict builds: the annotation problems (errors, warnings) and MkDocs' warnings counted.
        self._problems = (0, 0)
        self._counter: _Counter | None = None
        self._one_line = _OneLine()

    # Defining on_startup keeps this instance across the rebuilds of `mkdocs serve`.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty

    @property
    def is_incremental(self) -> bool:
        chosen = self.config.incremental
        return self.command == "serve" if chosen is None else chosen

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._drop_folder()  # an earlier build of this process that never reached its end
        self._problems = (0, 0)
        self._config = config
        if config.strict:
            self._counter = _Counter()
            logging.getLogger("mkdocs").addHandler(self._counter)
        if self.command != "serve":
            self._redirect(config)
        self.root = Path(config.config_file_path).parent.resolve()
        self.seeds = (self.root / self.config.seeds).resolve()
        try:
            self._sources_prefix = (self.seeds / "sources").relative_to(self.root).as_posix() + "/"
        except ValueError:
            self._sources_prefix = (self.seeds / "sources").as_posix() + "/"
        self.origins: dict[str, Origin] = {}
        # Our template fixes how Material writes page titles; a custom_dir of the site still comes first.
        if str(TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        if self.config.search == "pagefind":
            self._silence_material_search(config)
        return config

    # --- the site folder ---------------------------------------------------------

    def _redirect(self, config: MkDocsConfig) -> None:
        """Point MkDocs at a fresh folder beside the site folder: it cleans and writes that one, and
        on_post_build swaps it in. ``--dirty`` (and an incremental build after a complete one in
        this process) starts it as a copy of the site, for the pages MkDocs does not write again."""
        folder = sitefolder.SiteFolder(config.site_dir)
        keep = self.dirty or (self.is_incremental and self._site_complete)
        try:
            fresh = folder.open(keep=keep)
        except sitefolder.SiteWriteError as exc:
            raise Abort(f"error: {exc}") from None
        self._folder, self._target = folder, config.site_dir
        _OPEN.append((os.getpid(), folder))
        config.site_dir = str(fresh)
        logging.getLogger("mkdocs.commands.build").addFilter(self._one_line)
        if threading.current_thread() is threading.main_thread():
            for number in (getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)):
                if signal.getsignal(number) is signal.SIG_DFL:
                    self._signals[number] = signal.signal(number, _terminate)

    def _release(self) -> None:
        """The end of a build, whatever it was: signals, counters and filters as they were."""
        for number, handler in self._signals.items():
            signal.signal(number, handler)
        self._signals = {}
        if self._counter is not None:
            logging.getLogger("mkdocs").removeHandler(self._counter)
            self._counter = None
        logging.getLogger("mkdocs.commands.build").removeFilter(self._one_line)
        if self._config is not None and self._target is not None:
            self._config.site_dir = self._target
        self._target = None

    def _drop_folder(self) -> bool:
        """Remove the fresh folder of a build that did not complete; whether there was one."""
        folder, self._folder = self._folder, None
        if folder is not None:
            self._close_helpers(kill=True)
            if self._stream is not None:
                self._stream.close()
                self._stream = None
            folder.abandon()
            _OPEN[:] = [(pid, f) for pid, f in _OPEN if f is not folder]
        self._release()
        return folder is not None

    def _kept(self) -> str:
        """What the user is told of the site folder when a build does not complete."""
        target = Path(self._target) if self._target is not None else None
        if target is None:
            return ""
        return (f"; the previous site in {sitefolder.shown(target)} is kept" if target.is_dir()
                else f"; nothing was written to {sitefolder.shown(target)}")

    def _interrupted(self) -> None:
        kept = self._kept()
        if self._drop_folder():
            print(f"Interrupted: the build did not complete{kept}", file=sys.stderr)

    def _gate(self, config: MkDocsConfig) -> None:
        """Strict: annotation problems abort the build, whatever MkDocs' log level (``-q`` drops
        warnings before MkDocs counts them), and so do the warnings MkDocs counts, before the site
        is swapped in (MkDocs aborts only after the build's last event)."""
        if not config.strict:
            return
        errors, warnings = self._problems
        if errors or warnings:
            said = [f"{n} annotation {word}{'s' if n != 1 else ''}"
                    for n, word in ((errors, "error"), (warnings, "warning")) if n]
            raise Abort(f"Aborted: {' and '.join(said)} (strict){self._kept()}")
        if self._counter is not None and self._counter.count:
            n = self._counter.count
            raise Abort(f"Aborted with {n} warning{'s' if n != 1 else ''} in strict mode{self._kept()}")

    def _commit(self, config: MkDocsConfig) -> None:
        """The build is complete: its folder takes the site folder's place."""
        folder = self._folder
        if folder is None:
            self._release()
            return
        for thread in (self.exports_thread, self.search_thread):
            if thread is not None and thread.is_alive():  # an incremental build: they write into it
                thread.join()
        try:
            folder.commit()
        except OSError as exc:
            error = sitefolder.write_error(exc)
            if error is None:
                raise
            target = Path(cast(str, self._target))
            message = sitefolder.write_message(target, error, kept=target.is_dir())
            self._drop_folder()
            raise Abort(f"error: {message}") from None
        self._folder = None
        _OPEN[:] = [(pid, f) for pid, f in _OPEN if f is not folder]
        self._release()

    def _silence_material_search(self, config: MkDocsConfig) -> None:
        """Keep Material's search box (its plugin must stay listed) but not its index of every page."""
        plugin = config.plugins.get("material/search") or config.plugins.get("search")
        if plugin is None:
            log.warning("search: pagefind needs Material's search plugin listed in mkdocs.yml (for its search box)")
            return
        for event in ("page_context", "post_build"):
            handlers = config.plugins.events[event]
            handlers[:] = [h for h in handlers if getattr(h, "__self__", None) is not plugin]

    # --- pages -----------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.is_incremental:
            corpus = incremental.load_corpus_cached(self.seeds, self.reads, root=self.root, max_bytes=self.config.max_bytes)
            # Source pages depend on their own file and the registries only: reuse the unchanged ones.
            self.sources.attach(corpus, self.reads.stamps, self._sources_prefix)
        else:
            corpus = load_corpus(self.seeds, root=self.root, max_bytes=self.config.max_bytes)
        problems = corpus.report.sorted()
        errors = len(corpus.report.errors)
        self._problems = (errors, len(problems) - errors)
        for problem in problems:
            log.warning(str(problem))
        self.origins = {}
        # Each page is stored compressed as soon as it is made: the Markdown of a large briefing
        # never stands whole in memory. The complete lists of long sections (a page's children)
        # repeat what other pages say: not searched.
        self.unsearched = set()
        self.generated = set()
        source_pages = {page_path("source", source_id) for source_id in corpus.sources}
        later: list[PackedFile] = []
        for page in iter_pages(corpus, helpers=0 if self.is_incremental else self._helper_count()):
            self.unsearched.update(child.path for child in list_children(corpus, page))
            self.generated.add(page.path)
            existing = files.src_uris.get(page.path)  # generated paths are POSIX already
            if existing is not None:
                files.remove(existing)
            file = self._page_file(config, page.path, page.markdown, page.in_nav)
            (later if page.path in source_pages else files).append(file)
            if page.origin is not None:
                self.origins[page.path] = page.origin
        self.shards = search.plan(corpus, self.config.search_shard_sources, self.generated, self.unsearched)
        # MkDocs writes pages in this order: every other page, then the sources shard by shard,
        # newest first. Each shard of the index, shard 0 included, is then complete (written and
        # freed by Pagefind's indexer) before the next one starts.
        for file in sorted(later, key=lambda f: self.shards.of(f.src_uri)):
            files.append(file)
        if self._stream is not None:
            first = sum(1 for f in files.documentation_pages()
                        if f.src_uri not in self.unsearched and self.shards.of(f.src_uri) == 0)
            self._stream.expect(self.shards, first)
        # Serving, the exports (the whole corpus, several times over) are written after the
        # build, in the background: the edited page shows first (on_post_build).
        self._exports_corpus = corpus if self.is_incremental else None
        for asset in iter_assets(corpus, site_url=config.site_url or None, exports=not self.is_incremental):
            existing = files.src_uris.get(asset.path)
            if existing is not None:
                files.remove(existing)
            files.append(PackedFile.of_asset(config, asset))
        if self.config.search == "pagefind":
            files.append(File.generated(config, search.WORKER_PATH, abs_src_path=str(search.WORKER)))
            files.append(File.generated(config, search.MORE_PATH, abs_src_path=str(search.MORE)))
        if self.is_incremental:
            self.pages.start(self._site_key(files, config))
            outputs = {f.dest_uri for f in files}
            if self.dirty:
                self._mark_unchanged(files)
                self._remove_gone(Path(config.site_dir), outputs)
            elif self._restorable and self.pages.pages:
                self._restore_site(Path(config.site_dir), outputs)
            self._last_outputs = outputs
        return files

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if not self.is_incremental:
            _release_memory()  # the corpus is gone (every page is made): give its memory back
            self._helpers = self._start_helpers(config, files)
        elif not self._page_readers:
            self._set_aside_unchanged(config, files)
        return nav

    def _set_aside_unchanged(self, config: MkDocsConfig, files: Files) -> None:
        """Rebuilding, a page whose file is the very one rendered last time is that rendering: its
        Markdown is not read, and MkDocs' reading and rendering steps (plugin events, converters:
        thousands of pages) pass it by. It is left out of them (excluded) until on_env, which puts
        it back for MkDocs to write it (or not: see on_post_page) from what is set here."""
        for file in files.documentation_pages(inclusion=InclusionLevel.all):
            hit = self.pages.same_file(file.src_uri, getattr(file, "markdown_digest", None))
            if hit is None:
                continue
            page = file.page if file.page is not None else MkPage(None, file, config)
            page.markdown = ""
            page.meta = dict(hit.meta or {})
            _take_rendering(page, hit, config, files)
            self.pages.reused.add(file.src_uri)
            self.pages.unread.add(file.src_uri)
            self._set_aside.append((file, file.inclusion))
            file.inclusion = InclusionLevel.EXCLUDED

    def _put_back(self) -> None:
        for file, inclusion in self._set_aside:
            file.inclusion = inclusion

    def _count_templates(self, env: jinja2.Environment, config: MkDocsConfig) -> int:
        """How many templates MkDocs builds between on_env and its pages (0: not known for sure)."""
        if config.extra_templates:
            return 0
        count = 0
        for name in config.theme.static_templates:
            try:
                env.get_template(name)
            except jinja2.TemplateNotFound:
                continue
            count += 1
        return count

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """After the last of the site's templates (the sitemap lists every page), the pages set aside
        that the taken-back site folder already holds leave MkDocs' writing step too: it would only
        make their template context and be told to write nothing. on_post_build checks their links."""
        if self._templates_left > 0:
            self._templates_left -= 1
            if self._templates_left == 0 and self._restored:
                for file, _ in self._set_aside:
                    file.inclusion = InclusionLevel.EXCLUDED
                self._unwritten = True
        return output_content

    def _check_unwritten(self, config: MkDocsConfig) -> None:
        """The anchors the pages left out of MkDocs' writing step link to, checked as MkDocs checks
        those of the pages it writes (a page rendered again may have lost one)."""
        self._put_back()
        if self._unwritten and self._files is not None:
            level = config.validation.links.anchors
            for file, _ in self._set_aside:
                if file.page is not None:
                    file.page.validate_anchor_links(files=self._files, log_level=level)
        self._unwritten, self._set_aside, self._files = False, [], None

    def _start_helpers(self, config: MkDocsConfig, files: Files) -> parallel.Helpers[File, tuple[Any, ...]] | None:
        """Fork the processes that render a share of the generated pages while MkDocs renders the rest."""
        helpers = self._helper_count()
        if helpers < 1 or self.dirty or not parallel.can_fork():
            return None
        # Another plugin seeing pages rendered would see a share of them in a helper, and its
        # state would stay there: then MkDocs renders every page itself.
        if self._page_readers:
            log.debug(f"pages rendered in one process: other plugins read them ({', '.join(self._page_readers)})")
            return None
        pages = [f for f in files.documentation_pages() if f.src_uri in self.generated]
        work = functools.partial(self._render_in_helper, config=config, files=files)
        return parallel.Helpers(pages, lambda f: f.src_uri, work, helpers)

    def _helper_count(self) -> int:
        """Processes forked to share a full build's work: one per usable CPU beyond this one's (``workers``)."""
        wanted = self.config.workers if self.config.workers is not None else parallel.usable_cpus()
        return max(0, min(wanted - 1, parallel.MAX_HELPERS))

    def _render_in_helper(self, file: File, config: MkDocsConfig, files: Files) -> tuple[Any, ...]:
        """In a helper process: what MkDocs does to read and render a page, and what of it the build needs."""
        self._helpers = None  # here, pages are rendered
        page = file.page if file.page is not None else MkPage(None, file, config)  # as MkDocs does outside the nav
        config._current_page = page
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(cast(str, page.markdown), page=page, config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(cast(str, page.content), page=page, config=config, files=files)
        return (self._packed_html.pop(file.src_uri), page.toc, page._title_from_render, page.present_anchor_ids,  # type: ignore[attr-defined]
                _links_by_path(page.links_to_anchors))

    def _close_helpers(self, kill: bool = False) -> None:
        if self._helpers is not None:
            helpers, self._helpers = self._helpers, None
            helpers.close(kill=kill)
            self.pages_helped = helpers.helped
        self._from_helpers.clear()

    def _remove_gone(self, site: Path, outputs: set[str]) -> None:
        """The site folder kept (`--dirty`, or taken back): the files of the last build that are no
        more (the page of a source deleted or renamed, a redirect...) go, or they would still be
        served and searched."""
        for dest_uri in sorted(self._last_outputs - outputs):
            dest = site / dest_uri
            dest.unlink(missing_ok=True)
            try:
                dest.parent.rmdir()  # its folder, if nothing else is in it
            except OSError:
                pass

    def _restore_site(self, site: Path, outputs: set[str]) -> None:
        """Serving, with the same configuration, templates and list of pages as the last build: its
        site folder, moved out by on_pre_build, comes back, and MkDocs writes only the pages that
        changed (on_post_page hands it nothing for the others: their file is already the one it
        would write). Writing thousands of unchanged pages again is most of a rebuild."""
        if self._trash is None:
            return
        try:
            for entry in sorted(self._trash.iterdir()):
                target = site / entry.name
                if not (target.exists() or target.is_symlink()):
                    entry.rename(target)
        except OSError as exc:  # MkDocs writes every page
            log.debug(f"last site not taken back: {exc}")
            return
        finally:
            self._remove_gone(site, outputs)
        self._restored = True

    def _page_file(self, config: MkDocsConfig, path: str, markdown: str, in_nav: bool) -> PackedFile:
        """A generated page's file; rebuilding, a page whose Markdown is unchanged is not compressed again."""
        last = self._packs.get(path) if self.is_incremental else None
        if last is not None and last[0] is markdown:  # the very page of last time (reused)
            return PackedFile.of_page(config, path, last[2], last[1], in_nav)
        data = markdown.encode("utf-8")
        digest = incremental.digest_bytes(data)
        packed = last[2] if last is not None and last[1] == digest else zlib.compress(data, 1)
        if self.is_incremental:
            self._packs[path] = (markdown, digest, packed)
        return PackedFile.of_page(config, path, packed, digest, in_nav)

    def _mark_unchanged(self, files: Files) -> None:
        """`mkdocs serve --dirty` keeps the site folder: MkDocs skips the pages we say are unchanged."""
        for file in files.documentation_pages():
            if not isinstance(file, PackedFile) or file.markdown_digest is None:
                continue
            previous = self.pages.pages.get(file.src_uri)
            same = previous is not None and previous.file_hash == file.markdown_digest
            if same and Path(file.abs_dest_path).exists():
                file.is_modified = lambda: False  # type: ignore[method-assign]
                self.pages.reused.add(file.src_uri)

    def _site_key(self, files: Files, config: MkDocsConfig) -> str:
        """Everything but a page's Markdown that its HTML depends on: a change renders every page again."""
        config_text = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
        folders = [str(TEMPLATES)] + ([config.theme.custom_dir] if config.theme.custom_dir else [])
        pages = sorted(f.src_uri for f in files.documentation_pages())
        return incremental.site_key(config_text, dict(self.config), pages, incremental.tree_stamp(folders))

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self._close_helpers()  # every page is rendered
        self._put_back()
        self._files = files
        self._templates_left = self._count_templates(env, config) if self._set_aside else 0
        if self.is_incremental:
            env.bytecode_cache = self._bytecode
        return env

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        origin = self.origins.get(page.file.src_uri)
        if origin is not None and config.repo_url:
            page.edit_url = urljoin(config.repo_url.rstrip("/") + "/", self._edit_root(config) + quote(origin.path, safe="/"))
        if self.is_incremental:
            src = page.file.src_uri
            hit = self.pages.fresh(src, markdown)
            if hit is not None:
                # Same Markdown, same site: the previous HTML is the page. Skip rendering it (nor
                # set up a Markdown converter for it: about a millisecond a page).
                page.render = functools.partial(_take_rendering, page, hit)  # type: ignore[method-assign]
                self.pages.reused.add(src)
                return ""
            self._hashes[src] = incremental.digest(markdown)
            self.pages.rendered.add(src)
        elif self._helpers is not None and self._helpers.assigned(page.file.src_uri):
            done = self._helpers.take(page.file.src_uri)
            if done is not None:  # rendered by a helper: on_page_content hands its HTML over
                self._from_helpers[page.file.src_uri] = done
                page.render = _skip_render.__get__(page)  # type: ignore[method-assign]
        return markdown

    @event_priority(-100)  # last: the HTML as the other plugins left it
    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        done = self._from_helpers.pop(page.file.src_uri, None)
        if done is not None:
            packed, page.toc, page._title_from_render, page.present_anchor_ids, links = done  # type: ignore[attr-defined]
            if links is not None:
                page.links_to_anchors = _linked_files(files, links)
            page.file.content_string = ""
            page.markdown = ""
            self._packed_html[page.file.src_uri] = packed
            return ""
        if page.file.src_uri in self.generated and not self.is_incremental:
            # MkDocs renders every page before it writes any: meanwhile, the HTML stays compressed
            # (on_page_context unpacks it) and the Markdown is dropped.
            page.file.content_string = ""
            page.markdown = ""
            self._packed_html[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
            return ""
        if page.file.src_uri in self.generated:
            # MkDocs keeps every page until the whole site is written: drop the Markdown once
            # rendered (an incremental build keeps its digest instead).
            page.file.content_string = ""
            page.markdown = ""
        return html

    @event_priority(100)  # first: every other plugin and the theme see the page's HTML
    def on_page_context(self, context: Any, *, page: MkPage, config: MkDocsConfig, nav: Any) -> Any:
        packed = self._packed_html.pop(page.file.src_uri, None)
        if packed is not None:
            page.content = zlib.decompress(packed).decode("utf-8")
        return context

    @event_priority(-100)  # last: the HTML as written
    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        if self._take_back(page):
            return ""  # already in the site as written last time (the quiet filter keeps MkDocs from saying so)
        if page.file.src_uri in self.generated and not self.is_incremental:
            page.content = ""  # written; MkDocs checks anchors from their list, not from the HTML
        if self.config.search == "pagefind" and page.file.src_uri not in self.unsearched:
            output = search.mark_article(output)
            if self._stream is not None:
                self._stream.add(output, "/" + page.url, self.shards.of(page.file.src_uri))
        src = page.file.src_uri
        if self.is_incremental and src in self._hashes:
            self.pages.pages[src] = incremental.Rendered(
                self._hashes.pop(src),
                page.content,
                page.toc,
                page._title_from_render,  # type: ignore[attr-defined]
                page.present_anchor_ids,
                _links_by_path(page.links_to_anchors),
                output,
                getattr(page.file, "markdown_digest", None),
                dict(page.meta),
            )
        return output

    def _edit_root(self, config: MkDocsConfig) -> str:
        if self.config.edit_uri is not None:
            return self.config.edit_uri.strip("/") + "/"
        edit_uri = (config.edit_uri or "").strip("/")
        docs = Path(config.docs_dir).name
        if edit_uri.endswith("/" + docs):
            edit_uri = edit_uri[: -len(docs) - 1]
        return edit_uri + "/" if edit_uri else ""

    # --- search ----------------------------------------------------------------

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.is_incremental:
            self._pause_gc()
        self._restorable, self._site_complete, self._restored = self._site_complete and not self.dirty, False, False
        self.pages_helped = 0
        self._set_aside, self._unwritten, self._files, self._templates_left = [], False, None, 0
        # Pages may skip MkDocs' reading and rendering steps only where no other plugin sees them.
        self._page_readers = _others_see_pages(self, config)
        if self.is_incremental:
            quiet_logger = logging.getLogger("mkdocs.commands.build")
            if self._quiet not in quiet_logger.filters:
                quiet_logger.addFilter(self._quiet)
        with self._search_lock:
            self._search_generation += 1
        if self.is_incremental and not self.dirty:
            self._clear_site(Path(config.site_dir))
        self._stream = None
        self.shards = search.Shards()  # on_files cuts the index (search.plan)
        # The service indexes the pages as MkDocs writes them: a --dirty build writes only some.
        if self.config.search == "pagefind" and not self.is_incremental and not self.dirty:
            try:
                self._stream = search.StreamingIndex()
            except Exception as exc:  # no service: the binary indexes the site after the build
                log.info(f"Pagefind service unavailable ({exc}): indexing after the build")

    @event_priority(-100)  # last: the site is complete once every plugin has written its part
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._gate(config)  # before the search index: the site is not kept
        self._post_build(config)
        if self._counter is not None and self._counter.count:
            self._gate(config)
        self._commit(config)

    def _post_build(self, config: MkDocsConfig) -> None:
        self._check_unwritten(config)
        self._site_complete = self.is_incremental  # every page is written
        self._resume_gc()
        self._empty_trash()
        if self._exports_corpus is not None:
            corpus, self._exports_corpus = self._exports_corpus, None
            self.exports_thread = threading.Thread(
                target=self._write_exports, args=(corpus, Path(config.site_dir), self._search_generation), daemon=True)
            self.exports_thread.start()
        if self.config.search != "pagefind":
            return
        site = Path(config.site_dir)
        plugin = config.plugins.get("material/search") or config.plugins.get("search")
        lang = list(getattr(plugin, "config", {}).get("lang") or [config.theme.get("language") or "fr"])
        stub = search.material_index_stub(lang, int(self.config.search_results))
        write_file(stub.encode("utf-8"), str(site / "search" / "search_index.json"))
        shards = self.shards
        if self._stream is not None:
            stream, self._stream = self._stream, None
            if (site / search.OUTPUT).is_symlink():  # left by an earlier serving session (--dirty)
                (site / search.OUTPUT).unlink()
            shutil.rmtree(site / search.OUTPUT, ignore_errors=True)  # a --dirty build's copy of the last index
            try:
                stream.finish(site / search.OUTPUT, shards)
                self.shards_written_early = stream.retired
                if search.index_is_complete(site / search.OUTPUT):
                    return
                log.warning("Pagefind service wrote an incomplete index: indexing the built site instead")
            except Exception as exc:
                log.warning(f"Pagefind service failed ({exc}): indexing the built site instead")
            shutil.rmtree(site / search.OUTPUT, ignore_errors=True)
        files = shards.by_file(self._built_paths(shards, config))
        if not self.is_incremental or self._search_cache is None:
            if (site / search.OUTPUT).is_symlink():  # left by an earlier serving session (--dirty)
                (site / search.OUTPUT).unlink()
            shutil.rmtree(site / search.OUTPUT, ignore_errors=True)  # the last index, in a copy of the site
            search.index_site(site, site / search.OUTPUT, shards, files)
            if not search.index_is_complete(site / search.OUTPUT):
                raise PluginError("Pagefind wrote no usable search index")
            if self.is_incremental:
                self._keep_index(site)
                self._indexed = (shards, frozenset(self.generated))
                self._stale = set()
            return
        # The shards holding a page rendered again since the last index was made are indexed
        # again; the others are taken from it (all are, when pages were added or removed).
        self._stale |= {shards.of(src) for src in self.pages.rendered}
        unchanged = set() if self._indexed != (shards, frozenset(self.generated)) else set(range(shards.count)) - self._stale
        # Serving: the previous index goes back in at once (`--dirty` left it there); a new one is
        # made in the background.
        if not (self.dirty and search.index_is_complete(site / search.OUTPUT)):
            self._show_index(site)
        generation = self._search_generation
        self.search_thread = threading.Thread(target=self._reindex, args=(site, generation, shards, files, unchanged), daemon=True)
        self.search_thread.start()

    def _keep_index(self, site: Path) -> None:
        """Serving, after the first build: its index goes to the search cache (the next builds
        take the shards they leave alone from there), and the site shows it from there."""
        self._search_cache = Path(tempfile.mkdtemp(prefix=sitefolder.scratch_prefix("search")))
        atexit.register(shutil.rmtree, self._search_cache, True)
        self._search_index = self._search_cache / "index-0"
        if self.command == "serve":
            try:
                (site / search.OUTPUT).rename(self._search_index)
            except OSError:  # another file system
                shutil.copytree(site / search.OUTPUT, self._search_index)
            self._show_index(site)
        else:
            shutil.copytree(site / search.OUTPUT, self._search_index)

    def _show_index(self, site: Path) -> None:
        """The cache's index in the site: under `mkdocs serve`, whose site folder is temporary, a
        link to it; otherwise (an incremental `mkdocs build`) a copy."""
        assert self._search_index is not None
        if self.command == "serve":
            search.show(self._search_index, site / search.OUTPUT)
            self._shown = site / search.OUTPUT
        else:
            search.place(self._search_index, site / search.OUTPUT)

    def _take_back(self, page: MkPage) -> bool:
        """Whether the taken-back site folder already holds this page as MkDocs would write it."""
        return self._restored and page.file.src_uri in self.pages.reused

    def _clear_site(self, site: Path) -> None:
        """Serving, empty the site folder as MkDocs is about to, but at once: its entries move to a
        folder beside it (thousands of pages take seconds to delete), taken back by on_files
        (:meth:`_restore_site`) or deleted once the build is done (:meth:`_empty_trash`).
        Hidden entries stay, as MkDocs leaves them."""
        index = site / search.OUTPUT
        if index.is_symlink():  # the search cache's index, shown (MkDocs would delete through it)
            index.unlink()
        try:
            entries = [e for e in site.iterdir() if not e.name.startswith(".")]
            if not entries:
                return
            trash = Path(tempfile.mkdtemp(prefix=sitefolder.scratch_prefix("old-site", hidden=True), dir=site.parent))
            for entry in entries:
                entry.rename(trash / entry.name)
        except OSError as exc:  # another file system, or no site yet: MkDocs cleans it itself
            log.debug(f"site folder left to MkDocs to clean: {exc}")
            return
        self._trash = trash

    def _pause_gc(self) -> None:
        """Rebuilding, this process holds the last build's pages and readings (millions of objects):
        each full collection would go through them all, for the little garbage a rebuild leaves.
        Collections wait until the build is done."""
        with self._gc_lock:
            if self._gc_resuming is not None:  # still paused since the last build
                self._gc_resuming.cancel()
                self._gc_resuming = None
            elif gc.isenabled():
                gc.disable()
                self._gc_paused = True

    def _resume_gc(self, at_once: bool = False) -> None:
        """Collections again, a few seconds after the build: at once, the first one would go through
        the hundreds of thousands of objects made since on_pre_build (half a second after every
        edit at 5,000 sources), before the site is shown again."""
        with self._gc_lock:
            if not self._gc_paused:
                return
            if at_once:
                if self._gc_resuming is not None:
                    self._gc_resuming.cancel()
                self._gc_paused, self._gc_resuming = False, None
                gc.enable()
                return
            timer = threading.Timer(RESUME_GC_AFTER, lambda: self._resume_after(timer))
            timer.daemon = True
            self._gc_resuming = timer
        timer.start()

    def _resume_after(self, timer: threading.Timer) -> None:
        with self._gc_lock:
            if self._gc_resuming is not timer:  # a build began meanwhile: it keeps the pause
                return
            self._gc_paused, self._gc_resuming = False, None
            gc.enable()

    def _empty_trash(self) -> None:
        """Delete the last build's pages, now that this build is done: deleting thousands of files
        while the build writes as many slows it down. Out of this process where ``rm`` is at hand
        (no share of its interpreter taken), on the lowest priority."""
        trash, self._trash = self._trash, None
        if trash is None:
            return
        remove, idle = shutil.which("rm"), shutil.which("ionice")

        def delete() -> None:
            if remove is not None:
                nice = (lambda: os.nice(19)) if hasattr(os, "nice") else None
                command = [remove, "-rf", "--", str(trash)]
                if idle is not None:  # the disk's idle time only, where Linux's ionice is at hand
                    command = [idle, "-c", "3", *command]
                subprocess.run(command, check=False, preexec_fn=nice, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            shutil.rmtree(trash, ignore_errors=True)  # whatever rm left, or all without rm

        self._clearing = threading.Thread(target=delete, name="briefing-clear-site", daemon=True)
        self._clearing.start()

    @staticmethod
    def _built_paths(shards: search.Shards, config: MkDocsConfig) -> dict[str, str]:
        """Markdown path -> built HTML path, for the pages of shards 1 and later."""
        return {src: File(src, config.docs_dir, config.site_dir, config.use_directory_urls).dest_uri
                for src in shards.pages}

    def _reindex(self, site: Path, generation: int, shards: search.Shards, files: dict[str, int], unchanged: set[int]) -> None:
        """Index the served site again in the background (the shards in ``unchanged`` are copied
        from the last index), on the lowest priority; given up as soon as a newer build starts."""
        assert self._search_cache is not None and self._search_index is not None
        fresh = self._search_cache / f"index-{generation}"
        current = self._search_index
        try:
            search.index_site(site, fresh, shards, files, previous=current, unchanged=unchanged,
                              stop=lambda: generation != self._search_generation, nice=True)
        except Exception as exc:  # a rebuild that starts meanwhile cleans the site under Pagefind
            log.debug(f"search index not refreshed: {exc}")
            shutil.rmtree(fresh, ignore_errors=True)
            return
        with self._search_lock:
            if generation != self._search_generation:
                shutil.rmtree(fresh, ignore_errors=True)
                return
            try:
                self._search_index = fresh
                self._indexed = (shards, frozenset(self.generated))
                self._stale = set()
                self._show_index(site)
                shutil.rmtree(current, ignore_errors=True)
            except OSError as exc:  # serving stopped meanwhile: the site or the cache is gone
                log.debug(f"search index not refreshed: {exc}")
                return
        log.info(f"Search index refreshed ({shards.count - len(unchanged)} of {shards.count} shards indexed)")

    def _write_exports(self, corpus: Any, site: Path, generation: int) -> None:
        """Write the exports into the served site, unless a newer build has started meanwhile: this
        thread shares the process with that build, so it gives up between two pieces of an export."""
        try:
            for asset in iter_exports(corpus):
                if not write_asset(asset, site / asset.path, stop=lambda: generation != self._search_generation):
                    return
        except Exception as exc:  # a rebuild that starts meanwhile cleans the site folder
            log.debug(f"exports not written: {exc}")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.seeds))
        return server

    @event_priority(-100)  # last: it may replace the error by one line
    def on_build_error(self, *, error: Exception) -> None:
        self._resume_gc(at_once=True)
        self._empty_trash()
        self._close_helpers(kill=True)
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        target = Path(self._target) if self._target is not None else None
        kept = self._kept()
        fresh, real = (self._folder.fresh, self._folder.target) if self._folder is not None else (None, None)
        if not self._drop_folder() or target is None or isinstance(error, Abort):
            return
        # Where the build writes: an error reading a file elsewhere (a source) is not the site's.
        ours = tuple(p for p in (fresh, real, Path(tempfile.gettempdir()).resolve()) if p is not None)
        written = sitefolder.write_error(error, ours)
        if written is not None:
            raise Abort(f"error: {sitefolder.write_message(target, written, kept=target.is_dir())}") from None
        log.error(f"the build failed{kept}")

    def on_shutdown(self) -> None:
        """The end of `mkdocs serve`: MkDocs may hand this instance to the next build of the
        same process (it keeps plugins that have on_startup), so nothing of this session stays.
        The end of `mkdocs build` too, even interrupted (SIGINT, SIGTERM): a build that did not
        reach its end leaves the previous site as it was."""
        self._interrupted()
        logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet)
        with self._search_lock:
            # Background threads of this session (search re-index, exports) compare their
            # generation with this counter: it goes on counting, so that they all stand down.
            self._search_generation += 1
        self._empty_trash()
        self._resume_gc(at_once=True)
        for thread in (self.search_thread, self.exports_thread, self._clearing):
            if thread is not None:
                thread.join(timeout=30)
        if self._shown is not None and self._shown.is_symlink() and self._search_index is not None:
            # The site keeps the index it shows, not a link to a folder about to go.
            try:
                self._shown.unlink()
                self._search_index.rename(self._shown)
            except OSError:
                pass
        if self._search_cache is not None:
            shutil.rmtree(self._search_cache, ignore_errors=True)
        with self._search_lock:
            generation = self._search_generation
            self.__init__()  # type: ignore[misc]
            self._search_generation = generation
