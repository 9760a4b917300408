"""Site search with Pagefind: an index in chunks, loaded a piece at a time by the browser.

Material's own search loads one JSON index of the whole site before the first result
(43 MB at 10,000 pages). Pagefind writes an index split by words and one fragment per
page; a search fetches the chunks holding its words and the fragments of the results
it shows. :mod:`generator.mkdocs_adapter.search` feeds the pages to :class:`StreamingIndex` as
MkDocs writes them (or runs :func:`index_site` after the build) and points Material's
search box at ``worker.js``, a web worker that answers Material's search protocol from
Pagefind: the box, the result list, the keyboard keys and the highlighting stay
Material's.

One Pagefind index grows with the site: its page table (``pf_meta``, fetched by every
first search) and the posting list of a frequent word (with its positions in thousands
of pages) reach hundreds of kilobytes at 20,000 sources. So the index is cut in
*shards* (:func:`plan`): shard 0 holds every searched page that is not a source page
(entities, meetings, help…) and the newest sources; each following shard holds the next
older sources, a bounded number of them. The worker searches shard 0 first and the
older shards only while it has fewer results than it shows, or as the result list is
scrolled. Shard 0 is written in ``pagefind/`` (with ``pagefind.js`` and the wasm, which
every shard shares), shard *k* in ``pagefind/shards/k/`` (its entry, page table, chunks
and fragments only), and ``pagefind/shards.json`` lists them in search order
(:mod:`.manifest`). A site with one shard is one index in ``pagefind/``, as before.

- :mod:`.shards`: how the index is cut (:func:`plan`), and where each shard goes;
- :mod:`.indexer`: Pagefind's binary, indexing the built site (:func:`index_site`);
- :mod:`.service`: Pagefind's service, fed the pages as they are written (:class:`StreamingIndex`);
- :mod:`.manifest`: the list of shards, and whether an index is complete;
- :mod:`.placing`: putting an index folder in place (:func:`place`, :func:`show`);
- :mod:`.site`: what the pages and Material's search box get, and where the files go.

Nothing here imports MkDocs.
"""

from .indexer import SearchUnavailable, Stopped, index_site
from .manifest import index_is_complete
from .placing import place, show
from .service import StreamingIndex
from .shards import SHARD_SOURCES, Shards, plan, shard_folder
from .site import MORE, MORE_PATH, OUTPUT, WORKER, WORKER_PATH, mark_article, material_index_stub

__all__ = [
    "MORE",
    "MORE_PATH",
    "OUTPUT",
    "SHARD_SOURCES",
    "WORKER",
    "WORKER_PATH",
    "SearchUnavailable",
    "Shards",
    "Stopped",
    "StreamingIndex",
    "index_is_complete",
    "index_site",
    "mark_article",
    "material_index_stub",
    "place",
    "plan",
    "shard_folder",
    "show",
]
