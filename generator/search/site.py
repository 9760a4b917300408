"""What search adds to the built site besides the index: the part of each page Pagefind indexes,
Material's index stub, the scripts answering the search box, and where each goes."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).parent
#: The web worker, published at :data:`WORKER_PATH` in the site.
WORKER = HERE / "worker.js"
WORKER_PATH = "assets/briefing/search-worker.js"
#: The page script that lists the rest of the results as the list is scrolled.
MORE = HERE / "more.js"
MORE_PATH = "assets/briefing/search-more.js"
#: Where the index goes, relative to the site folder.
OUTPUT = "pagefind"


def material_index_stub(lang: list[str], results: int) -> str:
    """Material's ``search/search_index.json`` without documents: its search box starts the worker with it."""
    config = {"lang": lang, "separator": r"[\s\-]+", "pipeline": [], "briefing_results": results}
    return json.dumps({"config": config, "docs": []})


#: Marks the part of each page that Pagefind indexes: the article, not the navigation.
ARTICLE = '<article class="md-content__inner md-typeset">'
ARTICLE_INDEXED = '<article class="md-content__inner md-typeset" data-pagefind-body>'


def mark_article(html: str) -> str:
    return html.replace(ARTICLE, ARTICLE_INDEXED, 1)
