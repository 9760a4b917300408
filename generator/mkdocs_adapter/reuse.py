"""Incremental rebuilds under the MkDocs adapter (``mkdocs serve``, or ``incremental: true``):
annotation files are read again only when changed, pages whose inputs are unchanged are reused
(:mod:`generator.rebuild`), and a page whose Markdown is the one rendered last time is not
rendered again: it is set aside from MkDocs' reading and rendering steps and given its previous
HTML through a one-line template; serving, the unchanged pages the taken-back site folder holds
are not written again either (and MkDocs is kept from saying so of each)."""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkPage

from ..load import load_corpus
from ..rebuild import pages as page_memo
from ..rebuild import reads, rendered
from .files import PackedFile

if TYPE_CHECKING:
    from ..corpus import Corpus
    from .sitedir import SiteDir

#: The template that writes a page's previous HTML as it was (incremental rebuilds).
CACHED_TEMPLATE = "briefing-cached.html"


def links_by_path(links: dict[File, dict[str, str]] | None) -> dict[str, dict[str, str]] | None:
    """A page's links to anchors of other pages, by path: kept from one build (or process) to the next."""
    return None if links is None else {f.src_uri: anchors for f, anchors in links.items()}


def linked_files(files: Files, links: dict[str, dict[str, str]]) -> dict[File, dict[str, str]]:
    """A page's links to anchors of other pages, kept by path, given back by file."""
    by_uri = files.src_uris  # not get_file_from_path: it normalises each path again, a page's links add up
    return {f: anchors for uri, anchors in links.items() if (f := by_uri.get(uri)) is not None}


def _take_rendering(page: MkPage, hit: rendered.Rendered, config: MkDocsConfig, files: Files) -> None:
    """What the last build made of the page, as MkDocs' rendering step (``Page.render``) sets it;
    its template writes the HTML of last time."""
    page.meta["template"] = CACHED_TEMPLATE
    page.briefing_html = hit.html  # type: ignore[attr-defined]
    page.content = hit.content or ""
    page.toc = hit.toc
    page._title_from_render = hit.title
    page.present_anchor_ids = hit.anchors
    if hit.links is not None:
        page.links_to_anchors = linked_files(files, hit.links)


def others_see_pages(plugin: BasePlugin[Any], config: MkDocsConfig) -> list[str]:
    """The other plugins that see pages read and rendered."""
    owners = {getattr(h, "__self__", None) or h for event in ("pre_page", "page_markdown", "page_content")
              for h in config.plugins.events[event]}
    owners.discard(plugin)
    return sorted(getattr(o, "__module__", "?") if callable(o) and not isinstance(o, BasePlugin) else type(o).__name__
                  for o in owners)


class _QuietReuse(logging.Filter):
    """Keeps MkDocs from saying "Page skipped" of each page the taken-back site already holds."""

    def __init__(self, reuse: Reuse) -> None:
        super().__init__()
        self.reuse = reuse

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.reuse.site.restored or not isinstance(record.msg, str) or not record.msg.startswith("Page skipped: '"):
            return True
        return record.msg.split("'")[1] not in self.reuse.pages.reused


class Reuse:
    """What a rebuild takes from the last build: its readings, its pages, its site folder."""

    def __init__(self, site: SiteDir) -> None:
        self.site = site
        self.reads = reads.ReadCache()
        self.pages = rendered.PageCache()
        self.sources = page_memo.SourcePages()
        self._hashes: dict[str, bytes] = {}
        #: Rebuilding: pages whose file is the one rendered last time, left out of MkDocs' reading
        #: and rendering steps, with their inclusion (see :meth:`set_aside_unchanged`).
        self._set_aside: list[tuple[File, InclusionLevel]] = []
        #: Serving: whether MkDocs does not write them either (see :meth:`template_done`), and the build's files.
        self._unwritten = False
        self._files: Files | None = None
        self._templates_left = 0
        #: This build: the other plugins that see pages read and rendered (see :meth:`begin`).
        self.page_readers: list[str] = []
        self.quiet = _QuietReuse(self)

    def begin(self, plugin: BasePlugin[Any], config: MkDocsConfig, incremental_: bool) -> None:
        """A build's pages begin (on_pre_build): nothing set aside yet."""
        self._set_aside, self._unwritten, self._files, self._templates_left = [], False, None, 0
        # Pages may skip MkDocs' reading and rendering steps only where no other plugin sees them.
        self.page_readers = others_see_pages(plugin, config)
        if incremental_:
            quiet_logger = logging.getLogger("mkdocs.commands.build")
            if self.quiet not in quiet_logger.filters:
                quiet_logger.addFilter(self.quiet)

    def load(self, seeds: Path, root: Path, max_bytes: int, sources_prefix: str) -> Corpus:
        """The corpus, its unchanged annotation files not read again."""
        corpus = load_corpus(seeds, root=root, max_bytes=max_bytes, cache=self.reads)
        # The pages of this corpus may be those of the last build whose input files are unchanged.
        self.sources.begin(self.reads.stamps, sources_prefix)
        return corpus

    def start(self, files: Files, config: MkDocsConfig, key: str, dirty: bool) -> None:
        """Every file of the build is known (on_files): the pages of last time are reused if the
        site is the same (``key``), and the site folder kept or taken back holds only this build's files."""
        self.pages.start(key)
        outputs = {f.dest_uri for f in files}
        if dirty:
            self._mark_unchanged(files)
            self.site.remove_gone(Path(config.site_dir), outputs)
        elif self.site.restorable and self.pages.pages:
            self.site.take_back(Path(config.site_dir), outputs)
        self.site.last_outputs = outputs

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

    def set_aside_unchanged(self, config: MkDocsConfig, files: Files) -> None:
        """Rebuilding, a page whose file is the very one rendered last time is that rendering: its
        Markdown is not read, and MkDocs' reading and rendering steps (plugin events, converters:
        thousands of pages) pass it by. It is left out of them (excluded) until on_env, which puts
        it back for MkDocs to write it (or not: see on_post_page) from what is set here."""
        if self.page_readers:
            return
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

    def rendered_all(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> None:
        """Every page is rendered (on_env): the pages set aside come back for MkDocs to write."""
        self._put_back()
        self._files = files
        self._templates_left = _count_templates(env, config) if self._set_aside else 0

    def template_done(self) -> None:
        """After the last of the site's templates (the sitemap lists every page), the pages set aside
        that the taken-back site folder already holds leave MkDocs' writing step too: it would only
        make their template context and be told to write nothing. :meth:`check_unwritten` checks their links."""
        if self._templates_left > 0:
            self._templates_left -= 1
            if self._templates_left == 0 and self.site.restored:
                for file, _ in self._set_aside:
                    file.inclusion = InclusionLevel.EXCLUDED
                self._unwritten = True

    def check_unwritten(self, config: MkDocsConfig) -> None:
        """The anchors the pages left out of MkDocs' writing step link to, checked as MkDocs checks
        those of the pages it writes (a page rendered again may have lost one)."""
        self._put_back()
        if self._unwritten and self._files is not None:
            level = config.validation.links.anchors
            for file, _ in self._set_aside:
                if file.page is not None:
                    file.page.validate_anchor_links(files=self._files, log_level=level)
        self._unwritten, self._set_aside, self._files = False, [], None

    def fresh(self, page: MkPage, markdown: str) -> bool:
        """Whether the page is the one rendered last time (same Markdown, same site): then its
        previous HTML is the page, and it is not rendered (nor a Markdown converter set up for it:
        about a millisecond a page)."""
        src = page.file.src_uri
        hit = self.pages.fresh(src, markdown)
        if hit is not None:
            page.render = functools.partial(_take_rendering, page, hit)  # type: ignore[method-assign]
            self.pages.reused.add(src)
            return True
        self._hashes[src] = rendered.digest(markdown)
        self.pages.rendered.add(src)
        return False

    def taken_back(self, page: MkPage) -> bool:
        """Whether the taken-back site folder already holds this page as MkDocs would write it."""
        return self.site.restored and page.file.src_uri in self.pages.reused

    def keep(self, page: MkPage, output: str) -> None:
        """A page rendered in this build, kept for the next one."""
        src = page.file.src_uri
        if src in self._hashes:
            self.pages.pages[src] = rendered.Rendered(
                self._hashes.pop(src),
                page.content,
                page.toc,
                page._title_from_render,
                page.present_anchor_ids,
                links_by_path(page.links_to_anchors),
                output,
                getattr(page.file, "markdown_digest", None),
                dict(page.meta),
            )

    def stop(self) -> None:
        """The end of a session: MkDocs' logger as it was."""
        logging.getLogger("mkdocs.commands.build").removeFilter(self.quiet)


def site_key(files: Files, config: MkDocsConfig, options: dict[str, Any], templates: Path) -> str:
    """Everything but a page's Markdown that its HTML depends on: a change renders every page again."""
    config_text = Path(config.config_file_path).read_bytes() if config.config_file_path else b""
    folders = [str(templates)] + ([config.theme.custom_dir] if config.theme.custom_dir else [])
    pages = sorted(f.src_uri for f in files.documentation_pages())
    return rendered.site_key(config_text, options, pages, rendered.tree_stamp(folders))


def _count_templates(env: jinja2.Environment, config: MkDocsConfig) -> int:
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
