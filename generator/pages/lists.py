"""Long lists kept off a page: a teaser on the page, the complete list a page at a time.

A section longer than :data:`LONG` items shows the newest :data:`TEASER` and links to the
complete list, :data:`PAGE_SIZE` items a page, published under the owner's path
(``countries/ru/sources/1.md``). Those pages exist only through their owner's page: they are
its children, published after it (:func:`expand`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, TypeVar

from ..corpus import Corpus
from ..markup import bullets, esc
from ..paths import list_page_path
from ..vocabulary import NEWEST
from .page import Page

if TYPE_CHECKING:
    from .common import Writer

#: A list longer than this shows only its newest :data:`TEASER` items on the entity's page.
LONG = 30
TEASER = 20
#: Items on each page of a complete list.
PAGE_SIZE = 100
T = TypeVar("T")


def expand(corpus: Corpus, pages: Iterable[Page]) -> list[Page]:
    """``pages``, each followed by the pages of its complete lists, once each, in order."""
    noted = corpus.lookups.children
    out: list[Page] = []
    seen: set[str] = set()

    def add(page: Page) -> None:
        if page.path in seen:
            return
        seen.add(page.path)
        out.append(page)
        for child in page.children or noted.get(page.path, []):
            add(child)

    for page in pages:
        add(page)
    return out


def list_pages(corpus: Corpus, pages: Iterable[Page]) -> set[str]:
    """Paths of the complete-list pages among ``pages`` (they repeat what other pages say)."""
    return {child.path for page in pages for child in list_children(corpus, page)}


def list_children(corpus: Corpus, page: Page) -> list[Page]:
    """The pages of ``page``'s complete lists."""
    return page.children or corpus.lookups.children.get(page.path, [])


def pager(w: Writer, paths: Sequence[str], current: int) -> str:
    """'« Précédente · 1 … 4 5 **6** 7 8 … 40 · Suivante »' (``current`` counts from 1)."""
    last = len(paths)
    shown = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    bits, previous = [], 0
    for n in shown:
        if n > previous + 1:
            bits.append("…")
        bits.append(f"**{n}**" if n == current else f"[{n}]({w.to(paths[n - 1])})")
        previous = n
    if current > 1:
        bits.insert(0, f"[« Précédente]({w.to(paths[current - 2])})")
    if current < last:
        bits.append(f"[Suivante »]({w.to(paths[current])})")
    return "Pages : " + " ".join(bits) + "\n{: .briefing-pager }"


def paginate(owner: Writer, title: str, items: Sequence[T], line: Callable[[Writer, T], str], slug: str,
             order: str = NEWEST, lead: Callable[[Writer], str] | None = None) -> list[Page]:
    """The complete list of ``items``, :data:`PAGE_SIZE` a page, as pages under the owner's.

    Each page says what the list is — ``lead(writer)``, by default '<title> de <the owner's page>' —
    and its ``order``. A page may be the one of the last build (``owner.memo``).
    """
    count = max(1, -(-len(items) // PAGE_SIZE))
    paths = [list_page_path(owner.path, slug, n) for n in range(1, count + 1)]
    name = owner.heading()
    out = []
    for n, path in enumerate(paths, start=1):
        w = type(owner)(owner.corpus, path, owner.key, owner.memo)
        chunk = items[(n - 1) * PAGE_SIZE : n * PAGE_SIZE]
        back = f"[{name}]({w.to(owner.path)})" if name else f"[la page]({w.to(owner.path)})"
        what = lead(w) if lead else f"{esc(title)} de {back}"

        def make(w: Writer = w, n: int = n, chunk: Sequence[T] = chunk, what: str = what, path: str = path) -> Page:
            w.add(f"# {name} — {esc(title)} ({n}/{count})" if name else f"# {esc(title)} ({n}/{count})")
            first, last = (n - 1) * PAGE_SIZE + 1, (n - 1) * PAGE_SIZE + len(chunk)
            w.add(f"{what}, {order} : {first} à {last} sur {len(items)}.")
            if count > 1:
                w.add(pager(w, paths, n))
            w.add(bullets(line(w, x) for x in chunk))
            if count > 1:
                w.add(pager(w, paths, n))
            return Page(path, w.markdown(), None)

        # Rebuilding, a page whose lines come from the same files is the page of last time.
        extra = (name, title, what, order, count, len(items), PAGE_SIZE)
        out.append(owner.memo.list_page(owner.corpus, path, owner.key, extra, chunk, make))
    return out
