"""The MkDocs plugin ``briefing``: its options and its events, each handing the work to the module
whose job it is (:mod:`.files`, :mod:`.reuse`, :mod:`.sitedir`, :mod:`.search`, :mod:`.memory`,
:mod:`.helpers`, :mod:`.gate`, :mod:`.extensions`). Each job's state is one object the plugin owns, reset at the
start of each build by that job's ``start`` (on_config) or ``begin`` (on_pre_build)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page as MkPage

from .. import search
from ..load import load_corpus
from ..memo import NO_MEMO
from ..reader import MAX_BYTES
from .extensions import ensure_extensions
from .files import Generated
from .gate import Gate
from .helpers import Helpers, helper_count
from .memory import Collections, TemplateCache, release_memory
from .reuse import Reuse, site_key
from .search import Search, silence_material_search
from .sitedir import SiteDir

TEMPLATES = Path(__file__).parent.parent / "templates"
#: Sources per search index shard, by default (the config's ``search`` option hides the module there).
SHARD_SOURCES = search.SHARD_SOURCES


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
    def __init__(self, generation: int = 0) -> None:
        super().__init__()
        self.command = "build"
        self.dirty = False
        self.gate = Gate()
        self.site = SiteDir(stop_work=self._stop_work, release=self.gate.release)
        self.search = Search(serving=False, generation=generation)
        self.made = Generated()
        self.helpers = Helpers(self.made.packed_html)
        self.reuse = Reuse(self.site)
        self.collections = Collections()
        #: Rebuilding: Jinja's compiled templates, kept from one build to the next.
        self.bytecode = TemplateCache()

    # What the tests and benchmarks look at, by the names they have always had.
    pages = property(lambda self: self.reuse.pages)
    reads = property(lambda self: self.reuse.reads)
    sources = property(lambda self: self.reuse.sources)
    shards = property(lambda self: self.search.shards)
    shards_written_early = property(lambda self: self.search.shards_written_early)
    search_thread = property(lambda self: self.search.thread)
    _search_index = property(lambda self: self.search.index)
    exports_thread = property(lambda self: self.made.exports_thread)
    pages_helped = property(lambda self: self.helpers.pages_helped)
    _gc_resuming = property(lambda self: self.collections.resuming)
    _clearing = property(lambda self: self.site.clearing)

    # Defining on_startup keeps this instance across the rebuilds of `mkdocs serve`.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty
        self.search.serving = command == "serve"

    @property
    def is_incremental(self) -> bool:
        chosen = self.config.incremental
        return self.command == "serve" if chosen is None else chosen

    def _stop_work(self) -> None:
        """Whatever still writes into a fresh site folder about to go: the helpers, Pagefind's service."""
        self.helpers.close(kill=True)
        self.search.close_stream()

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.site.start(config)  # an earlier build of this process that never reached its end goes
        self.gate.start(config)
        if self.command != "serve":
            self.site.redirect(config, keep=self.dirty or (self.is_incremental and self.site.complete))
        self.root = Path(config.config_file_path).parent.resolve()
        self.seeds = (self.root / self.config.seeds).resolve()
        try:
            self._sources_prefix = (self.seeds / "sources").relative_to(self.root).as_posix() + "/"
        except ValueError:
            self._sources_prefix = (self.seeds / "sources").as_posix() + "/"
        # Our template fixes how Material writes page titles; a custom_dir of the site still comes first.
        if str(TEMPLATES) not in config.theme.dirs:
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(TEMPLATES))
        ensure_extensions(config)
        if self.config.search == "pagefind":
            silence_material_search(config)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.is_incremental:
            self.collections.pause()
        self.site.begin(self.dirty)
        self.helpers.begin()
        self.reuse.begin(self, config, self.is_incremental)
        self.made.begin()
        # The service indexes the pages as MkDocs writes them: a --dirty build writes only some.
        self.search.begin(streamed=self.config.search == "pagefind" and not self.is_incremental and not self.dirty)
        if self.is_incremental and not self.dirty:
            self.site.clear(Path(config.site_dir))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        options, incremental_ = self.config, self.is_incremental
        if incremental_:
            corpus = self.reuse.load(self.seeds, self.root, options.max_bytes, self._sources_prefix)
        else:
            corpus = load_corpus(self.seeds, root=self.root, max_bytes=options.max_bytes)
        self.gate.report(corpus)
        helpers = 0 if incremental_ else helper_count(options.workers)
        self.made.hand_over(files, config, corpus, self.search, options, helpers=helpers, incremental=incremental_,
                            memo=self.reuse.sources if incremental_ else NO_MEMO)
        if incremental_:
            self.reuse.start(files, config, site_key(files, config, dict(options), TEMPLATES), self.dirty)
        return files

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if not self.is_incremental:
            release_memory()  # the corpus is gone (every page is made): give its memory back
            self.helpers.start(config, files, self.made.generated, self.config.workers, self.dirty, self.reuse.page_readers)
        else:
            self.reuse.set_aside_unchanged(config, files)
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        self.helpers.close()  # every page is rendered
        self.reuse.rendered_all(env, config, files)
        if self.is_incremental:
            env.bytecode_cache = self.bytecode
        return env

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        self.reuse.template_done()
        return output_content

    def on_page_markdown(self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        self.made.set_edit_url(page, config, self.config.edit_uri)
        if self.is_incremental:
            return "" if self.reuse.fresh(page, markdown) else markdown
        self.helpers.take(page)
        return markdown

    @event_priority(-100)  # last: the HTML as the other plugins left it
    def on_page_content(self, html: str, *, page: MkPage, config: MkDocsConfig, files: Files) -> str:
        if self.helpers.hand_over(page, files):
            return ""
        return self.made.after_render(html, page, self.is_incremental)

    @event_priority(100)  # first: every other plugin and the theme see the page's HTML
    def on_page_context(self, context: Any, *, page: MkPage, config: MkDocsConfig, nav: Any) -> Any:
        self.made.unpack(page)
        return context

    @event_priority(-100)  # last: the HTML as written
    def on_post_page(self, output: str, *, page: MkPage, config: MkDocsConfig) -> str:
        if self.reuse.taken_back(page):
            return ""  # already in the site as written last time (the quiet filter keeps MkDocs from saying so)
        self.made.written(page, self.is_incremental)
        if self.config.search == "pagefind" and page.file.src_uri not in self.made.unsearched:
            output = self.search.add(output, page.url, page.file.src_uri)
        if self.is_incremental:
            self.reuse.keep(page, output)
        return output

    @event_priority(-100)  # last: the site is complete once every plugin has written its part
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self.gate.check(config, self.site.kept)  # before the search index: the site is not kept
        self._post_build(config)
        if self.gate.warned:
            self.gate.check(config, self.site.kept)
        self.site.commit((self.made.exports_thread, self.search.thread))

    def _post_build(self, config: MkDocsConfig) -> None:
        self.reuse.check_unwritten(config)
        self.site.complete = self.is_incremental  # every page is written
        self.collections.resume()
        self.site.empty_trash()
        self.made.write_exports_later(Path(config.site_dir), self.search.stopper())
        if self.config.search == "pagefind":
            self.search.finish(config, int(self.config.search_results), self.is_incremental, self.dirty,
                               self.made.generated, self.reuse.pages.rendered)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.seeds))
        return server

    @event_priority(-100)  # last: it may replace the error by one line
    def on_build_error(self, *, error: Exception) -> None:
        self.collections.resume(at_once=True)
        self.site.empty_trash()
        self._stop_work()
        self.site.failed(error)

    def on_shutdown(self) -> None:
        """The end of `mkdocs serve`: MkDocs may hand this instance to the next build of the
        same process (it keeps plugins that have on_startup), so nothing of this session stays.
        The end of `mkdocs build` too, even interrupted (SIGINT, SIGTERM): a build that did not
        reach its end leaves the previous site as it was."""
        self.site.interrupted()
        self.reuse.stop()
        # Background threads of this session (search re-index, exports) compare their
        # generation with the search's counter: it goes on counting, so that they all stand down.
        self.search.stand_down()
        self.site.empty_trash()
        self.collections.resume(at_once=True)
        threads: tuple[threading.Thread | None, ...] = (self.search.thread, self.made.exports_thread, self.site.clearing)
        for thread in threads:
            if thread is not None:
                thread.join(timeout=30)
        self.search.leave()
        with self.search.lock:
            self.__init__(self.search.generation)  # type: ignore[misc]
