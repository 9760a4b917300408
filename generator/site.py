"""All the pages of a briefing, from a corpus; and writing them as Markdown files."""

from __future__ import annotations

from pathlib import Path

from .corpus import Corpus
from .exports import build_exports
from .feeds import build_feeds, with_feed_links
from .redirects import build_redirects
from .render.chronology import render_chronology
from .render.common import Asset, Page, expand
from .render.country import render_country
from .render.home import render_home
from .render.indexes import render_index
from .render.matrix import render_incidents
from .render.meeting import render_meeting
from .render.organisation import render_organisation
from .render.person import render_person
from .render.quality import render_quality
from .render.source import render_source
from .render.threat import render_threat
from .urls import SECTIONS


def build_pages(corpus: Corpus) -> list[Page]:
    """Every page, in a stable order: home, chronology, then each section's index and leaves.

    Each page is followed by the pages that exist only through it (:func:`expand`): the years of
    a long chronology, the lists of the incidents page's cells, the complete lists of long sections.
    """
    pages = [render_home(corpus), render_chronology(corpus), render_incidents(corpus)]
    renderers = {
        "meeting": (render_meeting, corpus.meetings),
        "country": (render_country, corpus.countries),
        "threat": (render_threat, corpus.threats),
        "person": (render_person, corpus.people),
        "organisation": (render_organisation, corpus.organisations),
        "source": (render_source, corpus.sources),
    }
    for kind, (folder, title) in SECTIONS.items():
        render, table = renderers[kind]
        pages.append(render_index(corpus, kind, title))
        pages.extend(render(corpus, entity) for _, entity in sorted(table.items()))
    pages.append(render_quality(corpus))
    return expand(corpus, with_feed_links(corpus, pages))


def build_assets(corpus: Corpus, site_url: str | None = None) -> list[Asset]:
    """Files published beside the pages: feeds, exports, redirects from renamed ids.

    ``site_url`` (mkdocs.yml's) makes the links in feeds and redirects absolute.
    """
    return build_feeds(corpus, site_url) + build_exports(corpus) + build_redirects(corpus, site_url)


def write_site(pages: list[Page], assets: list[Asset], out: Path) -> int:
    """Write every page and asset under ``out``; paths are made from checked ids only."""
    out = out.resolve()
    files = [(p.path, p.markdown.encode("utf-8")) for p in pages] + [(a.path, a.content) for a in assets]
    for path, content in files:
        target = (out / path).resolve()
        if out not in target.parents:  # ids are validated; this guards the invariant
            raise ValueError(f"output path escapes the output folder: {path}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return len(files)
