"""Pages of the last build, given back while their inputs are the same (``mkdocs serve``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..corpus import Corpus
from ..model import Key, Meeting, Source
from ..pages.page import Page
from .reads import Stamp

T = TypeVar("T")


@dataclass
class SourcePages:
    """Pages of the last build, reused while their inputs are the same: the page memo of
    ``mkdocs serve`` (:class:`generator.memo.Memo`), given by the MkDocs adapter to
    :func:`generator.site.iter_pages` and :func:`generator.site.iter_assets`.

    A source's page is made from its own file, the registries (names, roles, labels)
    and the problems found in its file: nothing another source says shows on it. The
    page of a meeting, country, threat, person or organisation is made from the
    registries and the sources related to it: every source it draws from is one it
    links to, and the corpus relates every page to what it links to (two-way links).
    The key of a page is the digests of those files; an unchanged key gives back the
    same page, with the pages of its complete lists.
    """

    registries: object = None
    #: The files this build's corpus was loaded from (:meth:`begin`); None: nothing is reused.
    stamps: dict[str, Stamp] | None = None
    pages: dict[tuple[str, str], tuple[object, Any]] = field(default_factory=dict)
    #: The pages (kind, id) reused by the last build.
    reused: set[tuple[str, str]] = field(default_factory=set)

    def begin(self, stamps: dict[str, Stamp], sources_prefix: str) -> None:
        """A build begins from the corpus loaded from the files of ``stamps``, those outside
        ``sources_prefix`` the registries: its pages may be those of the last build."""
        self.registries = sorted((p, v) for p, v in stamps.items() if not p.startswith(sources_prefix))
        self.stamps = stamps
        self.reused = set()

    @property
    def reusing(self) -> bool:
        """Whether pages of a last build may be given back (:meth:`begin`)."""
        return self.stamps is not None

    def key(self, corpus: Corpus, source: Any, stamps: dict[str, Stamp]) -> object | None:
        own = stamps.get(source.path)
        if own is None:
            return None
        return (own, self.registries, source.id, tuple(str(d) for d in source.problems))

    def entity_key(self, corpus: Corpus, kind: str, entity_id: str, stamps: dict[str, Stamp]) -> object | None:
        inputs = []
        for source_id in sorted(corpus.related((kind, entity_id), "source")):
            path = corpus.sources[source_id].path
            own = stamps.get(path)
            if own is None:
                return None
            inputs.append((path, own))
        return (self.registries, kind, entity_id, tuple(inputs))

    def items_key(self, corpus: Corpus, items: Sequence[Any], stamps: dict[str, Stamp]) -> object | None:
        """What the lines of ``items`` are made from, besides the registries: each one's source
        file (a meeting's line comes from the registries alone), or None if one cannot be told."""
        out: list[object] = []
        for item in items:
            item = getattr(item, "item", item)  # a chronology entry
            if isinstance(item, Meeting):
                out.append(("meeting", item.id))
                continue
            source_id = item.id if isinstance(item, Source) else getattr(item, "source", None)
            source = corpus.sources.get(source_id) if isinstance(source_id, str) else None
            if source is None or (own := stamps.get(source.path)) is None:
                return None
            out.append((type(item).__name__, source_id, source.path, own, getattr(item, "number", 0)))
        return tuple(out)

    def neighbours(self, corpus: Corpus, key: Key | None) -> object:
        """The entities a page's entity is related to: its lines link their names (same process only)."""
        if key is None:
            return None
        cache = corpus.lookups.neighbours
        found = cache.get(key)
        if found is None:
            found = cache[key] = hash(frozenset(corpus.graph.get(key, ())))
        return found

    def get(self, page_key: tuple[str, str], key: object) -> Any:
        hit = self.pages.get(page_key)
        if hit is not None and key is not None and hit[0] == key:
            self.reused.add(page_key)
            return hit[1]
        return None

    def put(self, page_key: tuple[str, str], key: object, page: Any) -> None:
        if key is not None:
            self.pages[page_key] = (key, page)

    def _reused(self, name: tuple[str, str], key_of: Callable[[dict[str, Stamp]], object | None],
                make: Callable[[], T]) -> T:
        """``make()``, or what it gave last time for ``name`` when ``key_of(stamps)``, the key of
        its inputs, is the same (no reuse before :meth:`begin`, or when the key is None)."""
        if self.stamps is None:
            return make()
        key = key_of(self.stamps)
        made: T | None = self.get(name, key)
        if made is None:
            made = make()
            self.put(name, key, made)
        return made

    def source_page(self, corpus: Corpus, source: Source, make: Callable[[], Page]) -> Page:
        """``make()``, or the same page as last time when its inputs are unchanged."""
        return self._reused(("source", source.id), lambda stamps: self.key(corpus, source, stamps), make)

    def entity_page(self, corpus: Corpus, key: Key, make: Callable[[], Page]) -> Page:
        """``make()`` for a registry entity, or its page of last time when its inputs are unchanged."""
        return self._reused(key, lambda stamps: self.entity_key(corpus, key[0], key[1], stamps), make)

    def derived(self, corpus: Corpus, name: tuple[str, str], about: Key, extra: object, make: Callable[[], T]) -> T:
        """``make()``, something else drawn from entity ``about`` and its sources (a feed), or
        what it gave last time when those and ``extra`` are unchanged."""
        def key_of(stamps: dict[str, Stamp]) -> object | None:
            key = self.entity_key(corpus, about[0], about[1], stamps)
            return None if key is None else (key, extra)

        return self._reused(name, key_of, make)

    def list_page(self, corpus: Corpus, path: str, owner: Key | None, extra: object, items: Sequence[object],
                  make: Callable[[], Page]) -> Page:
        """``make()``, one page of a long list (its ``items``, on a page about ``owner``), or that
        page of last time when its items' sources, the registries, the entities ``owner`` is related
        to and ``extra`` (what else the page says) are the same."""
        def key_of(stamps: dict[str, Stamp]) -> object | None:
            lines = self.items_key(corpus, items, stamps)
            return None if lines is None else (self.registries, extra, lines, self.neighbours(corpus, owner))

        return self._reused(("list", path), key_of, make)
