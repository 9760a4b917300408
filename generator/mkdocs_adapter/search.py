"""Search under the MkDocs adapter (``search: pagefind``): Material's search plugin keeps its box
but builds no index; the pages stream to Pagefind's service as MkDocs writes them (or the binary
indexes the built site), and under ``mkdocs serve`` the index lives in a search cache the site
links to, made again in the background after each rebuild (:mod:`generator.search`)."""

from __future__ import annotations

import atexit
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.utils import write_file

from .. import search, sitefolder
from ..paths import Urls

if TYPE_CHECKING:
    from ..corpus import Corpus

log = logging.getLogger("mkdocs.plugins.briefing")


def silence_material_search(config: MkDocsConfig) -> None:
    """Keep Material's search box (its plugin must stay listed) but not its index of every page."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None:
        log.warning("search: pagefind needs Material's search plugin listed in mkdocs.yml (for its search box)")
        return
    for event in ("page_context", "post_build"):
        handlers = config.plugins.events[event]
        handlers[:] = [h for h in handlers if getattr(h, "__self__", None) is not plugin]


def _built_paths(shards: search.Shards, config: MkDocsConfig) -> dict[str, str]:
    """Markdown path -> built HTML path, for the pages of shards 1 and later."""
    urls = Urls(directory_urls=config.use_directory_urls)
    return {src: urls.built_file(src) for src in shards.pages}


class Search:
    """The search index of the builds of one process: its shards, the service, the serving cache."""

    def __init__(self, serving: bool, generation: int = 0) -> None:
        #: Whether the site is served (`mkdocs serve`): its site folder is temporary.
        self.serving = serving
        self.lock = threading.Lock()
        #: The builds of this process, counted: background work of an older one stands down.
        self.generation = generation
        self._cache: Path | None = None
        #: Serving: the folder of the search cache holding the index the site shows.
        self.index: Path | None = None
        #: Serving: where the site shows it (a link).
        self._shown: Path | None = None
        #: Serving: the shard plan and pages of the index in the search cache, and the shards
        #: holding pages rendered since it was made.
        self._indexed: tuple[search.Shards, frozenset[str]] | None = None
        self._stale: set[int] = set()
        self._stream: search.StreamingIndex | None = None
        self.shards = search.Shards()
        #: The index shards the last build wrote (and freed) while pages were still coming.
        self.shards_written_early: frozenset[int] = frozenset()
        #: Serving: the thread writing the search index of the last build.
        self.thread: threading.Thread | None = None

    def stopper(self) -> Callable[[], bool]:
        """Whether a newer build has started since this call (background work then stands down)."""
        generation = self.generation
        return lambda: generation != self.generation

    def begin(self, streamed: bool) -> None:
        """A build's pages begin (on_pre_build): background work of the last one stands down; with
        ``streamed`` the pages are fed to Pagefind's service as MkDocs writes them."""
        with self.lock:
            self.generation += 1
        self._stream = None
        self.shards = search.Shards()  # on_files cuts the index (search.plan)
        if streamed:
            try:
                self._stream = search.StreamingIndex()
            except Exception as exc:  # no service: the binary indexes the site after the build
                log.info(f"Pagefind service unavailable ({exc}): indexing after the build")

    def plan(self, corpus: Corpus, shard_sources: int, generated: set[str], unsearched: set[str]) -> None:
        """Cut the index into shards (:func:`generator.search.plan`)."""
        self.shards = search.plan(corpus, shard_sources, generated, unsearched)

    def expect(self, files: Files, unsearched: set[str]) -> None:
        """Tell the service how many pages of shard 0 are coming."""
        if self._stream is not None:
            first = sum(1 for f in files.documentation_pages()
                        if f.src_uri not in unsearched and self.shards.of(f.src_uri) == 0)
            self._stream.expect(self.shards, first)

    @staticmethod
    def add_files(files: Files, config: MkDocsConfig) -> None:
        """The scripts answering the search box: the worker querying Pagefind, more results on scroll."""
        files.append(File.generated(config, search.WORKER_PATH, abs_src_path=str(search.WORKER)))
        files.append(File.generated(config, search.MORE_PATH, abs_src_path=str(search.MORE)))

    def add(self, output: str, url: str, src_uri: str) -> str:
        """A written page: marked for Pagefind, and fed to its service."""
        output = search.mark_article(output)
        if self._stream is not None:
            self._stream.add(output, "/" + url, self.shards.of(src_uri))
        return output

    def close_stream(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def finish(self, config: MkDocsConfig, results: int, incremental: bool, dirty: bool,
               generated: set[str], rendered: set[str]) -> None:
        """The site is built: Material's index a stub, Pagefind's index written (or, serving,
        put back at once and made again in the background)."""
        site = Path(config.site_dir)
        plugin = config.plugins.get("material/search") or config.plugins.get("search")
        lang = list(getattr(plugin, "config", {}).get("lang") or [config.theme.get("language") or "fr"])
        stub = search.material_index_stub(lang, results)
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
        files = shards.by_file(_built_paths(shards, config))
        if not incremental or self._cache is None:
            if (site / search.OUTPUT).is_symlink():  # left by an earlier serving session (--dirty)
                (site / search.OUTPUT).unlink()
            shutil.rmtree(site / search.OUTPUT, ignore_errors=True)  # the last index, in a copy of the site
            search.index_site(site, site / search.OUTPUT, shards, files)
            if not search.index_is_complete(site / search.OUTPUT):
                raise PluginError("Pagefind wrote no usable search index")
            if incremental:
                self._keep_index(site)
                self._indexed = (shards, frozenset(generated))
                self._stale = set()
            return
        # The shards holding a page rendered again since the last index was made are indexed
        # again; the others are taken from it (all are, when pages were added or removed).
        self._stale |= {shards.of(src) for src in rendered}
        unchanged = set() if self._indexed != (shards, frozenset(generated)) else set(range(shards.count)) - self._stale
        # Serving: the previous index goes back in at once (`--dirty` left it there); a new one is
        # made in the background.
        if not (dirty and search.index_is_complete(site / search.OUTPUT)):
            self._show_index(site)
        generation = self.generation
        self.thread = threading.Thread(target=self._reindex, args=(site, generation, shards, files, unchanged, frozenset(generated)),
                                       daemon=True)
        self.thread.start()

    def _keep_index(self, site: Path) -> None:
        """Serving, after the first build: its index goes to the search cache (the next builds
        take the shards they leave alone from there), and the site shows it from there."""
        self._cache = Path(tempfile.mkdtemp(prefix=sitefolder.scratch_prefix("search")))
        atexit.register(shutil.rmtree, self._cache, True)
        self.index = self._cache / "index-0"
        if self.serving:
            try:
                (site / search.OUTPUT).rename(self.index)
            except OSError:  # another file system
                shutil.copytree(site / search.OUTPUT, self.index)
            self._show_index(site)
        else:
            shutil.copytree(site / search.OUTPUT, self.index)

    def _show_index(self, site: Path) -> None:
        """The cache's index in the site: under `mkdocs serve`, whose site folder is temporary, a
        link to it; otherwise (an incremental `mkdocs build`) a copy."""
        assert self.index is not None
        if self.serving:
            search.show(self.index, site / search.OUTPUT)
            self._shown = site / search.OUTPUT
        else:
            search.place(self.index, site / search.OUTPUT)

    def _reindex(self, site: Path, generation: int, shards: search.Shards, files: dict[str, int], unchanged: set[int],
                 generated: frozenset[str]) -> None:
        """Index the served site again in the background (the shards in ``unchanged`` are copied
        from the last index), on the lowest priority; given up as soon as a newer build starts."""
        assert self._cache is not None and self.index is not None
        fresh = self._cache / f"index-{generation}"
        current = self.index
        try:
            search.index_site(site, fresh, shards, files, previous=current, unchanged=unchanged,
                              stop=lambda: generation != self.generation, nice=True)
        except Exception as exc:  # a rebuild that starts meanwhile cleans the site under Pagefind
            log.debug(f"search index not refreshed: {exc}")
            shutil.rmtree(fresh, ignore_errors=True)
            return
        with self.lock:
            if generation != self.generation:
                shutil.rmtree(fresh, ignore_errors=True)
                return
            try:
                self.index = fresh
                self._indexed = (shards, generated)
                self._stale = set()
                self._show_index(site)
                shutil.rmtree(current, ignore_errors=True)
            except OSError as exc:  # serving stopped meanwhile: the site or the cache is gone
                log.debug(f"search index not refreshed: {exc}")
                return
        log.info(f"Search index refreshed ({shards.count - len(unchanged)} of {shards.count} shards indexed)")

    def stand_down(self) -> None:
        """The end of a session: background work of this session stands down (the counter goes on)."""
        with self.lock:
            self.generation += 1

    def leave(self) -> None:
        """The end of a session, its threads done: the site keeps the index it shows, the cache goes."""
        if self._shown is not None and self._shown.is_symlink() and self.index is not None:
            # The site keeps the index it shows, not a link to a folder about to go.
            try:
                self._shown.unlink()
                self.index.rename(self._shown)
            except OSError:
                pass
        if self._cache is not None:
            shutil.rmtree(self._cache, ignore_errors=True)
