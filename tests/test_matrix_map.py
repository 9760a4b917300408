"""The home page's country x threat matrix, the incidents page it links to, and the map of Europe."""

from __future__ import annotations

import re

from beyond_support import assert_link_resolves, cell_counts, contrast, figure_svg
from support import Annotations, Site, french_date  # noqa: F401

HOME = ""
CELL = re.compile(r"^(?:(\d+)(?: \+ (\d+)\?)?|(\d+)\?)$")


def _matrix(site: Site, url: str):  # type: ignore[no-untyped-def]
    for table in site.article(url).find_all("table"):
        heads = [th.text().strip() for th in table.find_all("th")]
        if heads and heads[0] == "Pays" and heads[-1] == "Total":
            return table
    raise AssertionError(f"{url}: no country x threat table")


def _parse(text: str) -> tuple[int, int]:
    m = CELL.match(text.strip())
    assert m, f"cell {text!r} is not 'N', 'N?' or 'N + M?'"
    if m.group(3):
        return 0, int(m.group(3))
    return int(m.group(1)), int(m.group(2) or 0)


def test_every_cell_counts_attributed_and_suspected_incidents(site: Site, annotations: Annotations) -> None:
    expected = cell_counts(annotations)
    seen = {}
    for url in (HOME, "incidents/"):
        table = _matrix(site, url)
        for a in table.find_all("a"):
            target, fragment = assert_link_resolves(site, url, a.get("href", ""))
            if target != "incidents/":
                continue
            country, _, threat = fragment.partition("-")
            if country == "sans":  # 'sans-pays-<threat>'
                country, threat = None, threat.removeprefix("pays-")
            else:
                country = country.upper()
            seen[(country, threat)] = _parse(a.text())
            assert a.get("title"), "a cell has no title saying what it counts"
    assert seen == expected


def test_each_cell_anchor_lists_exactly_the_incidents_it_counts(site: Site, annotations: Annotations) -> None:
    expected = cell_counts(annotations)
    article = site.article("incidents/")
    for (country, threat), (firm, loose) in expected.items():
        anchor = f"{(country or 'sans-pays').lower()}-{threat}"
        heading = article.find(id=anchor)
        assert heading is not None, f"no section #{anchor}"
        items = []
        node = heading.parent.children[heading.parent.children.index(heading) + 1:]
        for el in node:
            if getattr(el, "tag", None) in ("h2", "h3"):
                break
            if getattr(el, "tag", None) == "ul":
                items += el.find_all("li")
        assert len(items) == firm + loose, f"#{anchor}: {len(items)} incidents listed, {firm + loose} counted"


def test_matrix_legend_explains_the_question_mark(site: Site) -> None:
    text = " ".join(site.article(HOME).text().split())
    assert "3 + 1?" in text and "soupçonné" in text


# --- the map -----------------------------------------------------------------


def test_map_links_each_drawn_country_to_its_page(site: Site, annotations: Annotations) -> None:
    svg = figure_svg(site, HOME, "briefing-map")
    assert svg.find("title") is not None and svg.find("desc") is not None
    links = svg.find_all("a")
    targets = {}
    for a in links:
        url, _ = assert_link_resolves(site, HOME, a.get("href", ""))
        assert url.startswith("countries/"), url
        targets[url.split("/")[1].upper()] = a
    located = {c for (c, _t) in cell_counts(annotations) if c}
    assert located <= set(targets), f"countries with incidents missing from the map: {located - set(targets)}"
    article_text = site.article(HOME).text()
    for code in annotations.countries() - set(targets):  # off the map: named below it
        assert f"countries/{code.lower()}/" in {assert_link_resolves(site, HOME, a.get("href", ""))[0]
                                                 for a in site.article(HOME).find_all("a")}, code
    assert "Hors de la carte" in article_text or annotations.countries() <= set(targets)


def test_map_shades_by_incident_count_with_readable_numbers(site: Site, annotations: Annotations) -> None:
    svg = figure_svg(site, HOME, "briefing-map")
    counts: dict[str, int] = {}
    for (country, _t), (firm, loose) in cell_counts(annotations).items():
        if country:
            counts[country] = counts.get(country, 0) + firm + loose
    fills: dict[int, set[str]] = {}
    for a in svg.find_all("a"):
        code = a.get("href", "").rstrip("/").split("/")[-1].upper()
        path = a.find("path")
        n = counts.get(code, 0)
        fills.setdefault(n, set()).add(path.get("fill"))
        label = a.find("text")
        if n:
            assert label is not None and label.text().strip() == str(n), f"{code}: count label"
            assert contrast(label.get("fill"), path.get("fill")) >= 4.5, f"{code}: number unreadable on its colour"
        assert str(n) in a.get("aria-label", ""), a.get("aria-label")
    assert all(len(f) == 1 for f in fills.values()), f"one count, several colours: {fills}"
    if len(fills) > 1:
        assert fills[0] != fills[max(fills)], "the busiest country is coloured like a country with no incident"
    legend = site.article(HOME).find("figure", cls="briefing-mapfigure").find("ul", cls="briefing-legend")
    assert legend is not None and len(legend.find_all("li")) >= 3


def test_shapes_are_clipped_to_the_frame() -> None:
    from generator.figures.worldmap import clip, path_rings

    assert path_rings("m10 10l5 0 0 5-5 0z") == [[(10, 10), (15, 10), (15, 15), (10, 15)]]
    inside = clip([(-5.0, -5.0), (5.0, -5.0), (5.0, 5.0), (-5.0, 5.0)], (0, 0, 10, 10))
    assert sorted(inside) == [(0, 0), (0, 5.0), (5.0, 0), (5.0, 5.0)]


def test_a_small_briefing_lists_every_incident_on_the_incidents_page(site: Site) -> None:
    """The seeds are far below the threshold past which each cell has a list of its own (tests/test_bounded_pages.py)."""
    assert [u for u in site.urls() if u.startswith("incidents/")] == ["incidents/"]
