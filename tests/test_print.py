"""Printing a meeting page gives a clean A4 brief of one or two pages, without the site's chrome."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader
from support import Annotations, entity_url

#: Text of the site's chrome (header, search, table of contents, footer): none of it may be printed.
CHROME = ("Rechercher", "Table des matières", "Material for MkDocs", "Made with", "Flux Atom")
A4 = (595, 842)  # points


def plain(text: str) -> str:
    """Text as a reader would copy it, whatever the fonts: NFKC (a font's ligature glyph, U+FB00 « ﬀ »,
    is extracted from the PDF as that one character), and every run of white space one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def test_printed_text_is_compared_without_ligatures_or_layout() -> None:
    # What pypdf extracts from a page set in DejaVu Sans (a fresh Debian's only font).
    extracted = "Réunion des ministres des A\ufb00aires\nétrangères, \ufb01xent\u00a0le cap"
    assert "Affaires étrangères, fixent le cap" not in extracted
    assert "Affaires étrangères, fixent le cap" in plain(extracted)


def _print(browser, url: str) -> PdfReader:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    try:
        page.goto(url)
        page.emulate_media(media="print")
        return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    finally:
        page.close()


@pytest.mark.browser
def test_every_meeting_prints_on_one_or_two_a4_pages(browser, site_url: str, annotations: Annotations) -> None:  # type: ignore[no-untyped-def]
    for meeting_id, entry in sorted(annotations.entries["meeting"].items()):
        pdf = _print(browser, site_url + entity_url("meeting", meeting_id))
        assert 1 <= len(pdf.pages) <= 2, f"{meeting_id}: {len(pdf.pages)} pages"
        box = pdf.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == A4, f"{meeting_id}: not A4"
        text = plain(" ".join(p.extract_text() or "" for p in pdf.pages))
        assert plain(entry.data["title"])[:30] in text, f"{meeting_id}: the title is not printed"
        for chrome in CHROME:
            assert chrome not in text, f"{meeting_id}: '{chrome}' is printed"
        nav = ("Accueil", "Chronologie")
        assert not all(n in text for n in nav), f"{meeting_id}: the navigation is printed"


@pytest.mark.browser
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


@pytest.mark.browser
def test_printed_text_has_no_ligatures(browser, site_url: str, annotations: Annotations) -> None:  # type: ignore[no-untyped-def]
    """Ligatures are off on paper, so copied text stays plain whatever the fonts: the print style
    says so (checked in the computed style, which no font changes), and the PDF has no ligature glyph."""
    meeting_id = sorted(annotations.entries["meeting"])[0]
    page = browser.new_page()
    try:
        page.goto(site_url + entity_url("meeting", meeting_id))
        page.emulate_media(media="print")
        styles = page.evaluate(
            "() => ['body', 'h1', '.md-typeset p', '.md-typeset li'].map(s => document.querySelector(s))"
            ".filter(Boolean).map(e => [e.tagName, getComputedStyle(e).fontVariantLigatures,"
            " getComputedStyle(e).fontFeatureSettings])"
        )
        pdf = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    finally:
        page.close()
    for tag, ligatures, features in styles:
        assert ligatures == "none", f"{tag}: font-variant-ligatures is {ligatures}"
        assert '"liga" 0' in features and '"clig" 0' in features, f"{tag}: font-feature-settings is {features}"
    text = " ".join(p.extract_text() or "" for p in pdf.pages)
    found = sorted({c for c in text if 0xFB00 <= ord(c) <= 0xFB06})
    assert not found, f"{meeting_id}: the PDF holds ligature glyphs {found}"
