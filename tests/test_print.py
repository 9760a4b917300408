"""Printing a meeting page gives a clean A4 brief of one or two pages, without the site's chrome."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader
from support import Annotations, entity_url

pytestmark = pytest.mark.browser
#: Text of the site's chrome (header, search, table of contents, footer): none of it may be printed.
CHROME = ("Rechercher", "Table des matières", "Material for MkDocs", "Made with", "Flux Atom")
A4 = (595, 842)  # points


def _print(browser, url: str) -> PdfReader:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    try:
        page.goto(url)
        page.emulate_media(media="print")
        return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    finally:
        page.close()


def test_every_meeting_prints_on_one_or_two_a4_pages(browser, site_url: str, annotations: Annotations) -> None:  # type: ignore[no-untyped-def]
    for meeting_id, entry in sorted(annotations.entries["meeting"].items()):
        pdf = _print(browser, site_url + entity_url("meeting", meeting_id))
        assert 1 <= len(pdf.pages) <= 2, f"{meeting_id}: {len(pdf.pages)} pages"
        box = pdf.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4, f"{meeting_id}: not A4"
        text = " ".join(" ".join(p.extract_text() or "" for p in pdf.pages).split())
        assert " ".join(entry.data["title"].split())[:30] in text, f"{meeting_id}: the title is not printed"
        for chrome in CHROME:
            assert chrome not in text, f"{meeting_id}: '{chrome}' is printed"
        nav = ("Accueil", "Chronologie")
        assert not all(n in text for n in nav), f"{meeting_id}: the navigation is printed"


def test_external_links_print_their_address(browser, site_url: str, annotations: Annotations) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    try:
        page.goto(site_url + "help/")
        page.emulate_media(media="print")
        after = page.evaluate(
            "() => { const a = document.createElement('a'); a.href = 'https://example.org/x';"
            " a.textContent = 'x'; document.querySelector('.md-typeset p').appendChild(a);"
            " return getComputedStyle(a, '::after').content; }"
        )
        internal = page.evaluate(
            "() => getComputedStyle(document.querySelector('.md-typeset a[href$=\"/\"]'), '::after').content"
        )
    finally:
        page.close()
    assert "example.org/x" in after, after
    assert internal in ("none", "normal", '""'), f"internal links print their address: {internal}"
