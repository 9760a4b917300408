"""What a renderer may be given back from the last build instead of making it again: the page
memo's interface, and :data:`NO_MEMO`, the memo of a build that reuses nothing.

:mod:`generator.site` hands a memo to the renderers that paginate and to the feeds' maker, and
asks it for the pages of sources and entities. Which page is reused, and what makes it so, is
decided by the memo of ``mkdocs serve`` (:class:`generator.rebuild.pages.SourcePages`), never
by a renderer: a renderer only says what it would make, and what that is made from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from .pages.page import Page

if TYPE_CHECKING:
    from .corpus import Corpus
    from .model import Key, Source

T = TypeVar("T")


class Memo(Protocol):
    """Each method gives ``make()``, or what it gave in the last build when its inputs are the same."""

    @property
    def reusing(self) -> bool:
        """Whether things made by a last build may be given back (they live in this process)."""

    def source_page(self, corpus: Corpus, source: Source, make: Callable[[], Page]) -> Page:
        """The page of ``source``."""

    def entity_page(self, corpus: Corpus, key: Key, make: Callable[[], Page]) -> Page:
        """The page of a registry entity (``key``: its kind and id)."""

    def list_page(self, corpus: Corpus, path: str, owner: Key | None, extra: object, items: Sequence[object],
                  make: Callable[[], Page]) -> Page:
        """One page of a long list: its ``items``, on a page about ``owner``; ``extra``, what else it says."""

    def derived(self, corpus: Corpus, name: tuple[str, str], about: Key, extra: object, make: Callable[[], T]) -> T:
        """Something else (``name``) drawn from entity ``about`` and its sources, and from ``extra`` (a feed)."""


class _Fresh:
    """A full build's memo: everything is made."""

    reusing = False

    def source_page(self, corpus: Corpus, source: Source, make: Callable[[], Page]) -> Page:
        return make()

    def entity_page(self, corpus: Corpus, key: Key, make: Callable[[], Page]) -> Page:
        return make()

    def list_page(self, corpus: Corpus, path: str, owner: Key | None, extra: object, items: Sequence[object],
                  make: Callable[[], Page]) -> Page:
        return make()

    def derived(self, corpus: Corpus, name: tuple[str, str], about: Key, extra: object, make: Callable[[], T]) -> T:
        return make()


#: The memo of a build that reuses nothing (``mkdocs build``, the command line, the tests).
NO_MEMO: Memo = _Fresh()
