"""The chronology's figure: inline SVG, one linked mark per meeting and dated incident, named and explained."""

from __future__ import annotations

from beyond_support import (
    assert_link_resolves,
    colour_attrs,
    contrast,
    figure_svg,
    incidents,
)
from support import Annotations, Site, entity_url

URL = "chronologie/"


def test_figure_is_inline_svg_with_a_title_a_description_and_a_legend(site: Site) -> None:
    svg = figure_svg(site, URL, "briefing-chart")
    title, desc = svg.find("title"), svg.find("desc")
    assert title is not None and title.text().strip(), "the figure has no <title>"
    assert desc is not None and "incident" in desc.text(), "the figure has no <desc> saying what it shows"
    labelled = svg.get("aria-labelledby", "").split()
    assert title.get("id") in labelled and desc.get("id") in labelled
    figure = site.article(URL).find("figure", cls="briefing-figure")
    legend = figure.find("ul", cls="briefing-legend")
    assert legend is not None and len(legend.find_all("li")) >= 3, "no legend under the figure"
    page = (site.root / URL / "index.html").read_text(encoding="utf-8")
    assert "<script" not in page.split('class="briefing-chart"')[1].split("</svg>")[0], "the figure runs a script"


def test_one_linked_mark_per_meeting_and_dated_incident(site: Site, annotations: Annotations) -> None:
    svg = figure_svg(site, URL, "briefing-chart")
    marks = svg.find_all("a")
    dated = [i for i in incidents(annotations) if i.get("date")]
    meetings = annotations.entries["meeting"]
    assert len(marks) == len(meetings) + len(dated)
    to_meetings = [a for a in marks if "/meetings/" in "/" + (site.resolve(URL, a.get("href", "")) or ("", ""))[0]]
    assert len(to_meetings) == len(meetings)
    for a in marks:
        assert a.get("aria-label", "").strip(), f"mark without a name: {a.attrs}"
        assert a.find("title") is not None, "mark without a tooltip"


def test_every_mark_and_legend_link_resolves(site: Site, annotations: Annotations) -> None:
    figure = site.article(URL).find("figure", cls="briefing-figure")
    links = figure.find_all("a")
    assert links
    for a in links:
        url, fragment = assert_link_resolves(site, URL, a.get("href", ""))
        if "Incident" in a.get("aria-label", ""):
            assert url.startswith("sources/") and fragment.startswith("p"), f"an incident links to {url}#{fragment}"


def test_each_incident_mark_names_its_threat_and_date(site: Site, annotations: Annotations) -> None:
    svg = figure_svg(site, URL, "briefing-chart")
    labels = {t: e.data["label"]["fr"] for t, e in annotations.entries["threat"].items()}
    names = [a.get("aria-label", "") for a in svg.find_all("a") if a.get("aria-label", "").startswith("Incident")]
    for i in (i for i in incidents(annotations) if i.get("date")):
        assert any(labels[i["threat"]] in n and i["summary"].split()[0] in n for n in names), i["summary"]


def test_mark_colours_stand_out_from_the_background(site: Site) -> None:
    svg = figure_svg(site, URL, "briefing-chart")
    marks = [e for e in svg.iter() if "briefing-mark" in e.classes]
    assert marks
    for e in marks:
        colour = e.get("stroke") if e.get("fill") == "#ffffff" else e.get("fill")
        assert contrast(colour, "#ffffff") >= 3, f"mark colour {colour} is below 3:1 on white"
    for colour in colour_attrs(svg, "fill"):
        if any(t.get("fill") == colour for t in svg.find_all("text")):
            assert contrast(colour, "#ffffff") >= 4.5, f"text colour {colour} is below 4.5:1"


def test_text_equivalent_lists_every_incident(site: Site, annotations: Annotations) -> None:
    text = " ".join(site.article(URL).text().split())
    for i in incidents(annotations):
        assert " ".join(i["summary"].split())[:40] in text


def test_a_small_briefing_keeps_its_whole_chronology_on_one_page(site: Site, annotations: Annotations) -> None:
    """The seeds are far below the thresholds of tests/test_bounded_pages.py: no year page, and every
    meeting and source is linked from the one chronology page (every incident: above)."""
    assert [u for u in site.urls() if u.startswith("chronologie/")] == [URL]
    linked = {site.canonical(url) for _, url, _ in site.links(URL, site.article(URL))}
    for kind in ("meeting", "source"):
        missing = [i for i in annotations.ids(kind) if entity_url(kind, i) not in linked]
        assert not missing, f"{kind} the chronology does not link to: {missing}"


def test_chart_links_are_the_relative_paths_posixpath_gives() -> None:
    """Marks (and pages) link to thousands of pages: the relative path is computed without posixpath,
    the same."""
    import posixpath

    from generator.paths import DIRECTORY_URLS, relative

    built_url, html_href = DIRECTORY_URLS.built_url, DIRECTORY_URLS.html_href

    pages = ["index.md", "chronologie.md", "chronologie/2024.md", "countries/index.md", "countries/pl.md",
             "countries/pl/sources/2.md", "sources/a-b.md", "incidents/ru/sabotage/1.md"]
    for here in pages:
        for there in pages:
            base = built_url(here) or "."
            target = built_url(there).rstrip("/") or "."
            expected = posixpath.relpath(target, base)
            expected = "./" if expected == "." else expected + "/"
            assert html_href(here, there) == expected, (here, there)
            assert html_href(here, there, "p3") == expected + "#p3"
            assert relative(here, there, "p3") == posixpath.relpath(there, posixpath.dirname(here) or ".") + "#p3"
