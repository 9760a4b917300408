"""A map of Europe, countries shaded by the number of incidents there, drawn at build time as inline SVG.

The country shapes come from the ``pygal_maps_world`` package, which ships a
world map as SVG (one group of paths per ISO 3166-1 alpha-2 code, already
projected). Nothing is fetched: the shapes are read from the installed
package, cut to a frame around Europe, simplified and written into the page.
Each country that has a page is a link to it.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..corpus import Corpus
from ..markup import xml
from ..paths import Urls
from ..vocabulary import IMPUTED, agree, counted
from .colours import text_on

_NS = "{http://www.w3.org/2000/svg}"
_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_ARGS = {"m": 2, "l": 2, "h": 1, "v": 1, "c": 6, "s": 4, "q": 4, "t": 2, "a": 7, "z": 0}

#: The part of the package's world map that is drawn (its own units): Ireland and
#: Portugal to Moscow, the North Cape to Crete.
FRAME = (1112.0, 72.0, 1562.0, 398.0)
WIDTH = 720
SCALE = WIDTH / (FRAME[2] - FRAME[0])
HEIGHT = round((FRAME[3] - FRAME[1]) * SCALE)
#: Shapes are cut a little outside the frame, so the cut edges fall outside the picture.
MARGIN = 8.0

SEA = "#ffffff"
LAND = "#e5e7eb"
BORDER = "#ffffff"
ACTOR = "#b91c1c"
#: (lowest count, colour, legend label): a sequential scale, light to dark.
CLASSES = (
    (1, "#c6dbef", "1"),
    (2, "#6baed6", "2"),
    (3, "#2171b5", "3 ou 4"),
    (5, "#08306b", "5 et plus"),
)

Point = tuple[float, float]
Ring = list[Point]


def fill_for(count: int) -> str:
    colour = LAND
    for low, c, _ in CLASSES:
        if count >= low:
            colour = c
    return colour


# --- geometry --------------------------------------------------------------


def path_rings(d: str) -> list[Ring]:
    """The rings of an SVG path as absolute points (curves kept by their end points)."""
    tokens = _TOKEN.findall(d)
    out: list[Ring] = []
    ring: Ring = []
    x = y = sx = sy = 0.0
    cmd = "M"
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t.isalpha():
            cmd = t
            i += 1
            if cmd in "zZ":
                if ring:
                    out.append(ring)
                ring = []
                x, y = sx, sy
            continue
        low = cmd.lower()
        n = _ARGS[low]
        if n == 0:  # numbers after 'z': malformed, skip one
            i += 1
            continue
        vals = [float(v) for v in tokens[i : i + n]]
        i += n
        if len(vals) < n:
            break
        rel = cmd.islower()
        if low == "h":
            x = x + vals[0] if rel else vals[0]
        elif low == "v":
            y = y + vals[0] if rel else vals[0]
        else:
            x, y = (x + vals[-2], y + vals[-1]) if rel else (vals[-2], vals[-1])
        if low == "m":
            if ring:
                out.append(ring)
            ring = [(x, y)]
            sx, sy = x, y
            cmd = "l" if rel else "L"
        else:
            ring.append((x, y))
    if ring:
        out.append(ring)
    return out


def clip(ring: Ring, frame: tuple[float, float, float, float]) -> Ring:
    """Sutherland–Hodgman: the part of a polygon inside a rectangle."""
    x0, y0, x1, y1 = frame
    edges = (
        (lambda p: p[0] >= x0, lambda a, b: _cross_x(a, b, x0)),
        (lambda p: p[0] <= x1, lambda a, b: _cross_x(a, b, x1)),
        (lambda p: p[1] >= y0, lambda a, b: _cross_y(a, b, y0)),
        (lambda p: p[1] <= y1, lambda a, b: _cross_y(a, b, y1)),
    )
    out = ring
    for inside, cross in edges:
        if not out:
            break
        src, out = out, []
        prev = src[-1]
        for p in src:
            if inside(p):
                if not inside(prev):
                    out.append(cross(prev, p))
                out.append(p)
            elif inside(prev):
                out.append(cross(prev, p))
            prev = p
    return out


def _cross_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _cross_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def area(ring: Ring) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


def centroid(ring: Ring) -> Point:
    a = cx = cy = 0.0
    for p, q in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = p[0] * q[1] - q[0] * p[1]
        a += cross
        cx += (p[0] + q[0]) * cross
        cy += (p[1] + q[1]) * cross
    if abs(a) < 1e-9:
        return (sum(p[0] for p in ring) / len(ring), sum(p[1] for p in ring) / len(ring))
    return (cx / (3 * a), cy / (3 * a))


@lru_cache(maxsize=1)
def world_shapes() -> dict[str, list[Ring]]:
    """Rings of every country of the package's map, by upper-case ISO alpha-2 code."""
    text = (resources.files("pygal_maps_world") / "worldmap.svg").read_text(encoding="utf-8")
    root = ET.fromstring(text)
    shapes: dict[str, list[Ring]] = {}
    for g in root.iter(_NS + "g"):
        classes = (g.get("class") or "").split()
        if "country" in classes and classes:
            shapes[classes[0].upper()] = [r for p in g.iter(_NS + "path") for r in path_rings(p.get("d") or "")]
    return shapes


@lru_cache(maxsize=1)
def europe() -> dict[str, list[Ring]]:
    """Each country's rings cut to the frame, in output units, simplified (tiny pieces dropped)."""
    out: dict[str, list[Ring]] = {}
    for code, rings in world_shapes().items():
        kept = []
        wider = (FRAME[0] - MARGIN, FRAME[1] - MARGIN, FRAME[2] + MARGIN, FRAME[3] + MARGIN)
        for ring in rings:
            cut = clip(ring, wider)
            if len(cut) < 3:
                continue
            pts: Ring = []
            for x, y in cut:
                p = (round((x - FRAME[0]) * SCALE, 1), round((y - FRAME[1]) * SCALE, 1))
                if not pts or abs(p[0] - pts[-1][0]) + abs(p[1] - pts[-1][1]) >= 1.0:
                    pts.append(p)
            inside = any(0 <= x <= WIDTH and 0 <= y <= HEIGHT for x, y in pts)
            if len(pts) >= 3 and area(pts) >= 0.5 and inside:
                kept.append(pts)
        if kept:
            out[code] = kept
    return out


def _d(rings: list[Ring]) -> str:
    def num(v: float) -> str:
        return f"{v:.1f}".rstrip("0").rstrip(".")

    return "".join("M" + "L".join(f"{num(x)} {num(y)}" for x, y in r) + "Z" for r in rings)


# --- the figure --------------------------------------------------------------


@dataclass
class MapData:
    svg: str
    outside: list[str]  # corpus countries not drawn (outside the frame or without a shape)


def incident_counts(corpus: Corpus) -> tuple[Counter[str], Counter[str]]:
    there = Counter(i.country for i in corpus.incidents() if i.country)
    by = Counter(i.actor for i in corpus.incidents() if i.actor)
    return there, by


def map_figure(corpus: Corpus, urls: Urls, page: str) -> MapData:
    shapes = europe()
    there, by = incident_counts(corpus)
    linked = set(corpus.countries)
    body: list[str] = []
    for code in sorted(shapes, key=lambda c: (c in linked, c)):  # links drawn last, on top
        rings = shapes[code]
        n = there.get(code, 0)
        fill = fill_for(n) if code in linked else LAND
        stroke, width = (ACTOR, 2) if by.get(code) else (BORDER, 0.7)
        path = (f'<path class="briefing-country" d="{_d(rings)}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"'
                ' stroke-linejoin="round"/>')
        if code not in linked:
            body.append(path)
            continue
        c = corpus.countries[code]
        name = f"{c.name} : {counted(n, 'incident')} sur place"
        if by.get(code):
            name += f", {counted(by[code], IMPUTED)} à ce pays"
        label = ""
        if n:
            big = max(rings, key=area)
            x, y = centroid(big)
            label = (f'<text x="{x:.1f}" y="{y + 5:.1f}" text-anchor="middle" font-size="14" font-weight="bold" '
                     f'fill="{text_on(fill)}" aria-hidden="true">{n}</text>')
        body.append(f'<a href="{xml(urls.entity_href(page, "country", code))}" aria-label="{xml(name)}">'
                    f"<title>{xml(name)}</title>{path}{label}</a>")
    drawn = [code for code in sorted(linked) if code in shapes]
    outside = sorted((code for code in linked if code not in shapes), key=lambda c: corpus.countries[c].name)
    located = [code for code in drawn if there.get(code)]
    summary = "; ".join(
        f"{corpus.countries[c].name} {there[c]}" for c in sorted(located, key=lambda c: (-there[c], corpus.countries[c].name))
    )
    desc = (f"Carte de l'Europe : les pays sont d'autant plus foncés que les sources y rapportent d'incidents. "
            f"{summary + '. ' if summary else ''}"
            + (f"Contour rouge : pays auquel des incidents sont imputés ({', '.join(corpus.countries[c].name for c in sorted(by))})."
               if by else ""))
    svg = (
        f'<svg class="briefing-map" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-labelledby="map-title map-desc">'
        f'<title id="map-title">Incidents par pays</title><desc id="map-desc">{xml(desc)}</desc>'
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="{SEA}"/>'
        + "".join(body)
        + f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="{HEIGHT - 1}" fill="none" stroke="#6b7280" stroke-width="1"/></svg>'
    )
    legend = [f'<li>{_swatch(LAND)} aucun incident</li>']
    legend += [f'<li>{_swatch(colour)} {xml(label)} {agree(low, "incident", "incidents")}</li>' for low, colour, label in CLASSES]
    if by:
        legend.append(f'<li>{_swatch(LAND, ACTOR)} contour rouge : incidents imputés à ce pays</li>')
    html = (
        '<figure class="briefing-figure briefing-mapfigure">'
        f'<div class="briefing-scroll">{svg}</div>'
        '<figcaption><p>Nombre d\'incidents survenus dans chaque pays, d\'après les sources. '
        'Chaque pays qui a une page est un lien vers elle ; le tableau ci-dessus donne les mêmes nombres.</p>'
        f'<ul class="briefing-legend">{"".join(legend)}</ul></figcaption></figure>'
    )
    return MapData(html, outside)


def _swatch(fill: str, stroke: str = "#6b7280") -> str:
    return (f'<svg class="briefing-swatch" width="18" height="14" viewBox="0 0 18 14" aria-hidden="true" focusable="false">'
            f'<rect x="1" y="1" width="16" height="12" fill="{fill}" stroke="{stroke}"'
            f' stroke-width="{2 if stroke == ACTOR else 1}"/></svg>')
