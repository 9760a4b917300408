"""Old addresses keep working: an entity whose id changed lists its old ids in ``previous_ids``.

Each old id gets a small HTML page at the old address (``meetings/old-id/``, or
``meetings/old-id.html`` without directory URLs)
that sends the reader to the new page: ``<meta http-equiv="refresh">`` for
browsers, ``rel=canonical`` for search engines, and a plain link for
everyone else. An old id that is still, or again, a live id of the same kind
would hide a real page: the corpus reports it as an error and it gets no redirect.
"""

from __future__ import annotations

from ..corpus import Corpus
from ..kinds import KINDS
from ..markup import xml
from ..paths import DIRECTORY_URLS, Urls, page_path
from .asset import Asset


def redirect_page(href: str, canonical: str, title: str) -> bytes:
    """The HTML sending a reader on to ``href`` (see :meth:`~generator.paths.Urls.redirect`)."""
    page = (
        "<!doctype html>\n"
        '<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Page déplacée : {xml(title)}</title>\n"
        f'<link rel="canonical" href="{xml(canonical)}">\n'
        f'<meta http-equiv="refresh" content="0; url={xml(href)}">\n'
        '<meta name="robots" content="noindex">\n'
        "</head>\n<body>\n<main>\n"
        f'<p>Cette page a changé d\'adresse : <a href="{xml(href)}">{xml(title)}</a>.</p>\n'
        "</main>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _title(corpus: Corpus, kind: str, entity_id: str) -> str:
    return KINDS[kind].label(corpus.table(kind)[entity_id]) or entity_id


def build_redirects(corpus: Corpus, site_url: str | None = None, urls: Urls = DIRECTORY_URLS) -> list[Asset]:
    """A redirect page at each old address the corpus accepted (see ``Corpus.redirects``)."""
    assets = []
    for (kind, old), new_id in sorted(corpus.redirects.items()):
        file, href, canonical = urls.redirect(page_path(kind, old), page_path(kind, new_id), site_url)
        assets.append(Asset(file, redirect_page(href, canonical, _title(corpus, kind, new_id))))
    return assets
