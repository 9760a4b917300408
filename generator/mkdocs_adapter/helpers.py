"""Cores for the MkDocs adapter: ``mkdocs build`` renders a share of the generated pages in forked
helper processes, one per further usable CPU (``workers``; :mod:`generator.parallel`), and MkDocs
takes their renderings as its own."""

from __future__ import annotations

import functools
import logging
from typing import Any, cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from .. import parallel
from .reuse import linked_files, links_by_path

log = logging.getLogger("mkdocs.plugins.briefing")


def helper_count(workers: int | None) -> int:
    """Processes forked to share a full build's work: one per usable CPU beyond this one's (``workers``)."""
    wanted = workers if workers is not None else parallel.usable_cpus()
    return max(0, min(wanted - 1, parallel.MAX_HELPERS))


def _skip_render(page: MkPage, config: MkDocsConfig, files: Files) -> None:
    """``Page.render`` for a page whose HTML is the last build's (on_page_content hands it over)."""
    page.content = ""


class Helpers:
    """The helper processes of a build rendering pages, and what they rendered."""

    def __init__(self, packed_html: dict[str, bytes]) -> None:
        #: Where a page's compressed HTML waits from its rendering to its writing (:class:`.files.Generated`).
        self._packed_html = packed_html
        self._helpers: parallel.Helpers[File, tuple[Any, ...]] | None = None
        self._from_helpers: dict[str, tuple[Any, ...]] = {}
        #: The pages of the last build rendered by helpers.
        self.pages_helped = 0

    def begin(self) -> None:
        """A build's pages begin (on_pre_build): none helped yet."""
        self.pages_helped = 0

    def start(self, config: MkDocsConfig, files: Files, generated: set[str], workers: int | None, dirty: bool,
              page_readers: list[str]) -> None:
        """Fork the processes that render a share of the generated pages while MkDocs renders the rest."""
        self._helpers = None
        helpers = helper_count(workers)
        if helpers < 1 or dirty or not parallel.can_fork():
            return
        # Another plugin seeing pages rendered would see a share of them in a helper, and its
        # state would stay there: then MkDocs renders every page itself.
        if page_readers:
            log.debug(f"pages rendered in one process: other plugins read them ({', '.join(page_readers)})")
            return
        pages = [f for f in files.documentation_pages() if f.src_uri in generated]
        work = functools.partial(self._render_in_helper, config=config, files=files)
        self._helpers = parallel.Helpers(pages, lambda f: f.src_uri, work, helpers)

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
        return (self._packed_html.pop(file.src_uri), page.toc, page._title_from_render, page.present_anchor_ids,
                links_by_path(page.links_to_anchors))

    def take(self, page: MkPage) -> None:
        """A page a helper rendered: MkDocs does not render it (on_page_content hands its HTML over)."""
        if self._helpers is not None and self._helpers.assigned(page.file.src_uri):
            done = self._helpers.take(page.file.src_uri)
            if done is not None:
                self._from_helpers[page.file.src_uri] = done
                page.render = _skip_render.__get__(page)  # type: ignore[method-assign]

    def hand_over(self, page: MkPage, files: Files) -> bool:
        """Whether a helper rendered the page: then what it made of it is the page's."""
        done = self._from_helpers.pop(page.file.src_uri, None)
        if done is None:
            return False
        packed, page.toc, page._title_from_render, page.present_anchor_ids, links = done
        if links is not None:
            page.links_to_anchors = linked_files(files, links)
        page.file.content_string = ""
        page.markdown = ""
        self._packed_html[page.file.src_uri] = packed
        return True

    def close(self, kill: bool = False) -> None:
        if self._helpers is not None:
            helpers, self._helpers = self._helpers, None
            helpers.close(kill=kill)
            self.pages_helped = helpers.helped
        self._from_helpers.clear()
