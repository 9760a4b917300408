"""The files the MkDocs adapter hands MkDocs: every generated page (the complete lists of long
sections among them, pages of their own), asset and export, kept compressed in memory until MkDocs
reads it (:class:`PackedFile`); a page's HTML compressed between MkDocs' render and write passes,
its edit link; and, serving, the exports written after the build, in the background."""

from __future__ import annotations

import logging
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote, urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage

from ..diagnostics import Origin
from ..memo import Memo
from ..outputs.asset import Asset, write_asset
from ..outputs.exports import iter_exports
from ..pages.lists import list_children
from ..paths import DIRECTORY_URLS, Urls, page_path
from ..rebuild import rendered
from ..site import iter_assets, iter_pages
from .search import Search

if TYPE_CHECKING:
    from ..corpus import Corpus

log = logging.getLogger("mkdocs.plugins.briefing")


class PackedFile(File):
    """A generated file, kept compressed in memory until MkDocs reads it.

    MkDocs holds every file from the start of a build to its end: at 20,000 sources,
    about a gigabyte of Markdown, feeds and exports. Compressed, a tenth of that.
    """

    _packed: tuple[bool, bytes] | None = None
    #: A generated page's Markdown digest (:func:`generator.rebuild.rendered.digest`), for incremental rebuilds.
    markdown_digest: bytes | None = None

    @property
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


class Generated:
    """What the adapter made of the corpus for a build: its pages' paths, origins and files."""

    def __init__(self) -> None:
        self.generated: set[str] = set()
        #: The complete lists of long sections (a page's children): they repeat other pages, not searched.
        self.unsearched: set[str] = set()
        self.origins: dict[str, Origin] = {}
        #: Rebuilding: each generated page's Markdown, its digest and compressed.
        self._packs: dict[str, tuple[str, bytes, bytes]] = {}
        #: A generated page's HTML, compressed from its rendering to its writing.
        self.packed_html: dict[str, bytes] = {}
        self._exports_corpus: Corpus | None = None
        #: Where MkDocs builds the pages (its ``use_directory_urls``), for the exports written later.
        self._urls = DIRECTORY_URLS
        #: Serving: the thread writing the exports of the last build.
        self.exports_thread: threading.Thread | None = None

    def begin(self) -> None:
        """A build's pages begin (on_pre_build): none made yet."""
        self.generated, self.unsearched, self.origins = set(), set(), {}

    def hand_over(self, files: Files, config: MkDocsConfig, corpus: Corpus, search: Search, options: Any,
                  helpers: int, incremental: bool, memo: Memo) -> None:
        """Every generated page and asset into ``files``, in the order MkDocs is to write them
        (``memo``: those of the last build whose inputs are the same)."""
        # Each page is stored compressed as soon as it is made: the Markdown of a large briefing
        # never stands whole in memory. The complete lists of long sections (a page's children)
        # repeat what other pages say: not searched.
        source_pages = {page_path("source", source_id) for source_id in corpus.sources}
        # Links that MkDocs does not rewrite (raw HTML, feeds, redirects, exports) name built URLs.
        self._urls = urls = Urls(directory_urls=config.use_directory_urls)
        later: list[PackedFile] = []
        for page in iter_pages(corpus, helpers=helpers, urls=urls, memo=memo):
            self.unsearched.update(child.path for child in list_children(corpus, page))
            self.generated.add(page.path)
            existing = files.src_uris.get(page.path)  # generated paths are POSIX already
            if existing is not None:
                files.remove(existing)
            file = self._page_file(config, page.path, page.markdown, page.in_nav, incremental)
            (later if page.path in source_pages else files).append(file)
            if page.origin is not None:
                self.origins[page.path] = page.origin
        search.plan(corpus, options.search_shard_sources, self.generated, self.unsearched)
        # MkDocs writes pages in this order: every other page, then the sources shard by shard,
        # newest first. Each shard of the index, shard 0 included, is then complete (written and
        # freed by Pagefind's indexer) before the next one starts.
        for file in sorted(later, key=lambda f: search.shards.of(f.src_uri)):
            files.append(file)
        search.expect(files, self.unsearched)
        # Serving, the exports (the whole corpus, several times over) are written after the
        # build, in the background: the edited page shows first (on_post_build).
        self._exports_corpus = corpus if incremental else None
        for asset in iter_assets(corpus, site_url=config.site_url or None, exports=not incremental, urls=urls, memo=memo):
            existing = files.src_uris.get(asset.path)
            if existing is not None:
                files.remove(existing)
            files.append(PackedFile.of_asset(config, asset))
        if options.search == "pagefind":
            search.add_files(files, config)

    def _page_file(self, config: MkDocsConfig, path: str, markdown: str, in_nav: bool, incremental_: bool) -> PackedFile:
        """A generated page's file; rebuilding, a page whose Markdown is unchanged is not compressed again."""
        last = self._packs.get(path) if incremental_ else None
        if last is not None and last[0] is markdown:  # the very page of last time (reused)
            return PackedFile.of_page(config, path, last[2], last[1], in_nav)
        data = markdown.encode("utf-8")
        digest = rendered.digest_bytes(data)
        packed = last[2] if last is not None and last[1] == digest else zlib.compress(data, 1)
        if incremental_:
            self._packs[path] = (markdown, digest, packed)
        return PackedFile.of_page(config, path, packed, digest, in_nav)

    def set_edit_url(self, page: MkPage, config: MkDocsConfig, edit_uri: str | None) -> None:
        """A generated page's edit link goes to its annotation file (``edit_uri``: the plugin's option)."""
        origin = self.origins.get(page.file.src_uri)
        if origin is not None and config.repo_url:
            page.edit_url = urljoin(config.repo_url.rstrip("/") + "/", _edit_root(config, edit_uri) + quote(origin.path, safe="/"))

    def after_render(self, html: str, page: MkPage, incremental: bool) -> str:
        """A generated page rendered: its Markdown dropped and, in a full build, its HTML compressed."""
        if page.file.src_uri in self.generated and not incremental:
            # MkDocs renders every page before it writes any: meanwhile, the HTML stays compressed
            # (on_page_context unpacks it) and the Markdown is dropped.
            page.file.content_string = ""
            page.markdown = ""
            self.packed_html[page.file.src_uri] = zlib.compress(html.encode("utf-8"), 1)
            return ""
        if page.file.src_uri in self.generated:
            # MkDocs keeps every page until the whole site is written: drop the Markdown once
            # rendered (an incremental build keeps its digest instead).
            page.file.content_string = ""
            page.markdown = ""
        return html

    def unpack(self, page: MkPage) -> None:
        """A page about to be written: its HTML, uncompressed."""
        packed = self.packed_html.pop(page.file.src_uri, None)
        if packed is not None:
            page.content = zlib.decompress(packed).decode("utf-8")

    def written(self, page: MkPage, incremental: bool) -> None:
        """A generated page written in a full build: its HTML goes (MkDocs checks anchors from their list)."""
        if page.file.src_uri in self.generated and not incremental:
            page.content = ""

    def write_exports_later(self, site: Path, stop: Callable[[], bool]) -> None:
        """Serving: the exports written into the site in the background, after the build."""
        if self._exports_corpus is not None:
            corpus, self._exports_corpus = self._exports_corpus, None
            self.exports_thread = threading.Thread(target=_write_exports, args=(corpus, site, stop, self._urls), daemon=True)
            self.exports_thread.start()


def _write_exports(corpus: Corpus, site: Path, stop: Callable[[], bool], urls: Urls) -> None:
    """Write the exports into the served site, unless a newer build has started meanwhile: this
    thread shares the process with that build, so it gives up between two pieces of an export."""
    try:
        for asset in iter_exports(corpus, urls=urls):
            if not write_asset(asset, site / asset.path, stop=stop):
                return
    except Exception as exc:  # a rebuild that starts meanwhile cleans the site folder
        log.debug(f"exports not written: {exc}")


def _edit_root(config: MkDocsConfig, option: str | None) -> str:
    if option is not None:
        return option.strip("/") + "/"
    edit_uri = (config.edit_uri or "").strip("/")
    docs = Path(config.docs_dir).name
    if edit_uri.endswith("/" + docs):
        edit_uri = edit_uri[: -len(docs) - 1]
    return edit_uri + "/" if edit_uri else ""
