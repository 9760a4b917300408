"""The record of one generated Markdown page."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Origin


@dataclass
class Page:
    """One generated Markdown page and the annotation it comes from."""

    path: str
    markdown: str
    #: The annotation a reader would edit to correct this page (None for derived pages).
    origin: Origin | None = None
    #: Leaf pages stay out of the navigation; section indexes are in it.
    in_nav: bool = False
    #: Pages this one links to and that exist only through it: the complete lists of a long
    #: section, a page at a time (see :meth:`Writer.long_section`). Published after it.
    children: list[Page] = field(default_factory=list)
