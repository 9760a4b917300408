"""Pages of the last build, given back while their inputs are the same (``mkdocs serve``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..corpus import Corpus
from ..model import Key, Meeting, Source
from .reads import Stamp

#: corpus.caches key of the :class:`SourcePages` a renderer may reuse pages from.
REUSE = "generator.incremental.reuse"
NEIGHBOURS = "generator.incremental.neighbours"


@dataclass
class SourcePages:
    """Pages of the last build, reused while their inputs are the same.

    A source's page is made from its own file, the registries (names, roles, labels)
    and the problems found in its file: nothing another source says shows on it. The
    page of a meeting, country, threat, person or organisation is made from the
    registries and the sources related to it: every source it draws from is one it
    links to, and the corpus relates every page to what it links to (two-way links).
    The key of a page is the digests of those files; an unchanged key gives back the
    same page, with the pages of its complete lists.
    """

    registries: object = None
    pages: dict[tuple[str, str], tuple[object, Any]] = field(default_factory=dict)
    #: The pages (kind, id) reused by the last build.
    reused: set[tuple[str, str]] = field(default_factory=set)

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

    def attach(self, corpus: Corpus, stamps: dict[str, Stamp], sources_prefix: str) -> None:
        """Let the renderers of ``corpus`` reuse this memo's pages; ``stamps`` are the files the
        corpus was loaded from, those outside ``sources_prefix`` the registries."""
        self.registries = sorted((p, v) for p, v in stamps.items() if not p.startswith(sources_prefix))
        self.reused = set()
        corpus.caches[REUSE] = (self, stamps)

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
        cache = corpus.caches.setdefault(NEIGHBOURS, {})
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


def reusing(corpus: Corpus) -> bool:
    """Whether renderers of ``corpus`` may reuse pages of a last build (:meth:`SourcePages.attach`)."""
    return REUSE in corpus.caches


def _reused(corpus: Corpus, name: tuple[str, str], key_of: Any, make: Any) -> Any:
    """``make()``, or what it gave last time for ``name`` when ``key_of(memo, stamps)``, the key of
    its inputs, is the same (no reuse outside incremental rebuilds, or when the key is None)."""
    reuse = corpus.caches.get(REUSE)
    if reuse is None:
        return make()
    memo, stamps = reuse
    key = key_of(memo, stamps)
    made = memo.get(name, key)
    if made is None:
        made = make()
        memo.put(name, key, made)
    return made


def source_page(corpus: Corpus, source: Any, render: Any) -> Any:
    """``render(corpus, source)``, or the same page as last time when its inputs are unchanged."""
    return _reused(corpus, ("source", source.id), lambda memo, stamps: memo.key(corpus, source, stamps),
                   lambda: render(corpus, source))


def entity_page(corpus: Corpus, kind: str, entity_id: str, entity: Any, render: Any) -> Any:
    """``render(corpus, entity)`` for a registry entity, or its page of last time when its inputs are unchanged."""
    return _reused(corpus, (kind, entity_id), lambda memo, stamps: memo.entity_key(corpus, kind, entity_id, stamps),
                   lambda: render(corpus, entity))


def derived(corpus: Corpus, name: tuple[str, str], about: tuple[str, str], extra: object, make: Any) -> Any:
    """``make(corpus)``, something else drawn from entity ``about`` and its sources (a feed), or
    what it gave last time when those and ``extra`` are unchanged."""
    def key_of(memo: SourcePages, stamps: dict[str, Stamp]) -> object | None:
        key = memo.entity_key(corpus, about[0], about[1], stamps)
        return None if key is None else (key, extra)

    return _reused(corpus, name, key_of, lambda: make(corpus))


def list_page(corpus: Corpus, path: str, owner: Key | None, extra: object, items: Sequence[Any], make: Any) -> Any:
    """``make()``, one page of a long list (its ``items``, on a page about ``owner``), or that
    page of last time when its items' sources, the registries, the entities ``owner`` is related
    to and ``extra`` (what else the page says) are the same."""
    def key_of(memo: SourcePages, stamps: dict[str, Stamp]) -> object | None:
        lines = memo.items_key(corpus, items, stamps)
        return None if lines is None else (memo.registries, extra, lines, memo.neighbours(corpus, owner))

    return _reused(corpus, ("list", path), key_of, make)


