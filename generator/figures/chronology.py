"""The chronology as a picture: meetings and incidents by month, drawn at build time as inline SVG.

No script and nothing loaded from elsewhere: the SVG is part of the page. While
there are few enough marks to read one by one, each is a link (a meeting to its
page, an incident to the paragraph of the source that reports it) with a name a
screen reader announces. Past that, the figure counts: one bar per month, its
incidents stacked by threat type, each bar a link to that month's list. The
legend is HTML, and the month-by-month list under the picture says the same in words.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..corpus import Corpus
from ..dates import PartialDate, plausible_years
from ..markup import xml
from ..paths import Urls, page_path, para_anchor
from ..vocabulary import ATTRIBUTION_FR, IMPUTED, UNESTABLISHED, UNKNOWN_MONTH, agree, counted, date_fr, month_abbreviated, month_fr
from .colours import threat_colours

#: Attribution statuses drawn as filled marks; the others are drawn hollow.
FIRM = ("confirmed", "attributed")
COL_W = 46
LEFT = 92
TOP = 10
STEP = 18
RADIUS = 7
AXIS_H = 44
MEETING_COLOUR = "#374151"
TEXT = "#1f2937"
GRID = "#d1d5db"
#: A figure draws every mark while there are at most this many, and at most
#: :data:`DEPTH` in one month of a row; past that it counts them, a bar per month.
MARKS = 300
DEPTH = 24
#: Width a counting figure fits its months in, and the height of its tallest bar.
WIDTH = 760
BAR_H = 160
MEETING_ROW = 28
#: Past this many months from the first mark to the last, the figure counts (its width stays bounded).
MONTHS = 240
#: At most this many marks left out of the figure for their implausible date are named under it.
OUTLIERS_NAMED = 10
#: A counting figure stacks this many threat types (its most frequent), the others together.
STACKED = 6
OTHERS = "#6b7280"

#: (year, month); month 0 when the year alone is known.
Column = tuple[int, int]


@dataclass
class Mark:
    column: Column
    order: tuple
    href: str
    name: str
    shape: str  # "meeting", "firm", "open"
    colour: str
    threat: str = ""


def _column(d: PartialDate) -> Column:
    return (d.year, d.month)  # month 0: the year alone is known




def _columns(keys: set[Column]) -> list[Column]:
    """Every month from the first to the last dated item, plus a 'month unknown' column per year that needs one."""
    months = sorted(k for k in keys if k[1])
    cols: set[Column] = {k for k in keys if not k[1]}
    if months:
        y, m = months[0]
        while (y, m) <= months[-1]:
            cols.add((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return sorted(cols)


def _month_label(col: Column) -> list[str]:
    if col[1] == 0:
        return UNKNOWN_MONTH.split()
    return [month_abbreviated(col)]


def chronology_marks(corpus: Corpus, urls: Urls, page: str, year: int | None = None) -> tuple[list[Mark], dict[str, str], list[Mark]]:
    """A mark per meeting and dated incident (of ``year`` only, if given), linked from ``page``;
    and, apart, those dated outside :func:`~generator.dates.plausible_years` (the figure's axis
    leaves them out: a typo like ``1000-01`` or ``9999-12`` would make it thousands of years wide)."""
    colours = threat_colours(list(corpus.threats))
    marks = []
    for m in corpus.meetings.values():
        if year is None or m.start.year == year:
            marks.append(Mark(
                _column(m.start), (m.start, 0, m.id), urls.entity_href(page, "meeting", m.id),
                f"Réunion, {date_fr(m.start)} : {m.title}", "meeting", MEETING_COLOUR,
            ))
    for i in corpus.incidents():
        if i.date is None or (year is not None and i.date.year != year):
            continue
        threat = corpus.threats[i.threat].label["fr"]
        where = f" ({corpus.countries[i.country].name})" if i.country else ""
        marks.append(Mark(
            _column(i.date), (i.date, 1, i.threat, i.source, i.number),
            urls.html_href(page, page_path("source", i.source), para_anchor(i.paragraph)),
            f"Incident, {date_fr(i.date)}{where} : {i.summary} — {threat}, {ATTRIBUTION_FR[i.attribution]}",
            "firm" if i.attribution in FIRM else "open", colours[i.threat], i.threat,
        ))
    first, last = plausible_years()
    outside = sorted((m for m in marks if not first <= m.column[0] <= last), key=lambda m: m.order)
    return [m for m in marks if first <= m.column[0] <= last], colours, outside


def _outside_note(outside: list[Mark]) -> str:
    """What the figure leaves out for an implausible date, the first few named with their link."""
    if not outside:
        return ""
    first, last = plausible_years()
    n = len(outside)
    named = [f'<a href="{xml(m.href)}">{xml(m.name)}</a>' for m in outside[:OUTLIERS_NAMED]]
    more = f" et {counted(n - OUTLIERS_NAMED, 'autre')}" if n > OUTLIERS_NAMED else ""
    return (f"<p>{counted(n, 'entrée datée', 'entrées datées')} hors des années plausibles "
            f"({first} à {last}, sans doute une erreur de saisie) n'{agree(n, 'y figure', 'y figurent')} pas ; "
            f"la liste plus bas {agree(n, 'la', 'les')} donne à leur date : {' ; '.join(named)}{more}.</p>")


def _shape(mark: Mark, x: float, y: float) -> str:
    if mark.shape == "meeting":
        s = RADIUS
        return (f'<rect class="briefing-mark" x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s}" height="{2 * s}" '
                f'rx="2" fill="{mark.colour}" stroke="#ffffff" stroke-width="1"/>')
    if mark.shape == "bar":
        return (f'<rect class="briefing-mark" x="{x - RADIUS:.1f}" y="{y - RADIUS:.1f}" width="{2 * RADIUS}" height="{2 * RADIUS}"'
                f' fill="{mark.colour}"/>')
    if mark.shape == "firm":
        return (f'<circle class="briefing-mark" cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS}" fill="{mark.colour}"'
                ' stroke="#ffffff" stroke-width="1"/>')
    return (f'<circle class="briefing-mark" cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS - 1.5}" fill="#ffffff" '
            f'stroke="{mark.colour}" stroke-width="3"/>')


def swatch(shape: str, colour: str) -> str:
    """A small picture of a mark, for the legend (hidden from screen readers: the text says it)."""
    inner = _shape(Mark((0, 0), (), "", "", shape, colour), 9, 9)
    return f'<svg class="briefing-swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">{inner}</svg>'


def readable(marks: list[Mark]) -> bool:
    """True when every mark can be drawn on its own: few enough, and no month's row too tall."""
    depth = Counter((m.column, m.shape == "meeting") for m in marks)
    return len(marks) <= MARKS and max(depth.values(), default=0) <= DEPTH


def chronology_svg(corpus: Corpus, urls: Urls, page: str, month_href: Callable[[Column], str], year: int | None = None) -> str:
    """The figure (SVG and its legend) as one raw HTML block, or '' when nothing is dated.

    ``year`` keeps that year's meetings and incidents only; ``month_href`` is the link,
    from ``page``'s built URL, to a month's list (each bar's, when the figure counts).
    """
    marks, colours, outside = chronology_marks(corpus, urls, page, year)
    if not marks:
        note = _outside_note(outside)
        return f'<div class="briefing-figure briefing-chronology">{note}</div>' if note else ""
    cols = _columns({m.column for m in marks})
    each = readable(marks) and len(cols) <= MONTHS
    labels = {t: corpus.threats[t].label["fr"] for t in colours}
    totals = Counter(m.threat for m in marks if m.threat)
    used = [t for t in colours if t in totals]
    if not each:  # the most frequent threat types, in registry order
        used = [t for t in used if t in sorted(totals, key=lambda t: (-totals[t], used.index(t)))[:STACKED]]
    width, height, body = _marks(marks, cols) if each else _counts(marks, cols, {t: colours[t] for t in used}, labels, month_href)
    n_meetings = sum(1 for m in marks if m.shape == "meeting")
    n_incidents = len(marks) - n_meetings
    months = [c for c in cols if c[1]] or cols
    desc = (f"{counted(n_incidents, 'incident daté', 'incidents datés')} et "
            f"{counted(n_meetings, 'réunion')}, {_period(months[0], months[-1])}, "
            + ("placés par mois ; la liste sous la figure donne les mêmes faits en texte." if each else
               "comptés par mois ; chaque colonne mène à la liste du mois."))
    svg = (
        f'<svg class="briefing-chart" viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
        f'aria-labelledby="chrono-title chrono-desc">'
        f'<title id="chrono-title">Incidents et réunions par mois</title><desc id="chrono-desc">{xml(desc)}</desc>'
        + body + "</svg>"
    )
    threats = [f'<li>{swatch("firm" if each else "bar", colours[t])} '
               f'<a href="{xml(urls.entity_href(page, "threat", t))}">{xml(labels[t])}</a></li>' for t in used]
    if each:
        caption = ('Chaque marque est un lien : une réunion mène à sa page, un incident au paragraphe '
                   'de la source qui le rapporte. Couleur : type de menace ; forme : réunion ou incident, plein si '
                   'l\'auteur est établi.')
        legend = [f'<li>{swatch("meeting", MEETING_COLOUR)} réunion</li>',
                  f'<li>{swatch("firm", TEXT)} incident {IMPUTED} (confirmé ou attribué)</li>',
                  f'<li>{swatch("open", TEXT)} incident {UNESTABLISHED}</li>']
    else:
        caption = ('Trop d\'incidents pour une marque chacun : chaque colonne compte ceux d\'un mois, empilés par '
                   'type de menace (couleur), et mène à la liste du mois, où chacun renvoie à sa source.')
        legend = [f'<li>{swatch("meeting", MEETING_COLOUR)} mois avec au moins une réunion</li>']
        if len(totals) > len(used):
            threats.append(f'<li>{swatch("bar", OTHERS)} autres types de menace</li>')
    undated = sum(1 for i in corpus.incidents() if i.date is None) if year is None else 0
    note = (f"<p>{counted(undated, 'incident sans date', 'incidents sans date')} n'{agree(undated, 'y figure', 'y figurent')} pas : "
            "voir « Sans date » plus bas.</p>") if undated else ""
    return (
        '<figure class="briefing-figure briefing-chronology">'
        f'<div class="briefing-scroll">{svg}</div>'
        f'<figcaption><p>{caption}</p>'
        f'<ul class="briefing-legend">{"".join(legend + threats)}</ul>{note}{_outside_note(outside)}</figcaption></figure>'
    )


def _marks(marks: list[Mark], cols: list[Column]) -> tuple[int, float, str]:
    """Every mark, stacked in its month's column: meetings on the first row, incidents on the second."""
    index = {c: n for n, c in enumerate(cols)}
    rows = [("Réunions", [m for m in marks if m.shape == "meeting"]), ("Incidents", [m for m in marks if m.shape != "meeting"])]
    width = LEFT + COL_W * len(cols) + 8
    parts: list[str] = []
    y = TOP
    for label, row in rows:
        stacks: dict[Column, list[Mark]] = {}
        for m in sorted(row, key=lambda m: m.order):
            stacks.setdefault(m.column, []).append(m)
        depth = max((len(s) for s in stacks.values()), default=0)
        height = max(depth, 1) * STEP + 12
        parts.append(f'<line x1="{LEFT}" y1="{y + height:.1f}" x2="{width - 8}" y2="{y + height:.1f}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{y + height / 2 + 4:.1f}" text-anchor="end" font-size="13" fill="{TEXT}">'
                     f'{xml(label)}</text>')
        for col, stack in stacks.items():
            x = LEFT + COL_W * index[col] + COL_W / 2
            for k, m in enumerate(stack):
                cy = y + height - 6 - STEP / 2 - k * STEP
                parts.append(f'<a href="{xml(m.href)}" aria-label="{xml(m.name)}"><title>{xml(m.name)}</title>{_shape(m, x, cy)}</a>')
        y += height
    grid = [f'<line x1="{LEFT + COL_W * n}" y1="{TOP}" x2="{LEFT + COL_W * n}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>'
            for n in range(len(cols) + 1)]
    return width, y + AXIS_H, "".join(grid) + "".join(parts) + _axis(cols, COL_W, y)


def _counts(marks: list[Mark], cols: list[Column], colours: dict[str, str], labels: dict[str, str],
            month_href: Callable[[Column], str]) -> tuple[int, float, str]:
    """A bar per month, a square above it if a meeting was held; each column is one link to the month's list.

    A bar stacks its incidents by threat type: those of ``colours`` (in that order), then the others together.
    """
    col_w = max(4, min(COL_W, (WIDTH - LEFT) // len(cols)))
    width = LEFT + col_w * len(cols) + 8
    meetings = Counter(m.column for m in marks if m.shape == "meeting")
    threats: dict[Column, Counter[str]] = {}
    for m in marks:
        if m.threat:
            threats.setdefault(m.column, Counter())[m.threat] += 1
    top = _nice(max((sum(c.values()) for c in threats.values()), default=1))
    base = TOP + MEETING_ROW + BAR_H
    parts = [f'<text x="{LEFT - 8}" y="{TOP + MEETING_ROW / 2 + 4:.1f}" text-anchor="end" font-size="13" fill="{TEXT}">Réunions</text>',
             (f'<text transform="rotate(-90 16 {base - BAR_H / 2:.1f})" x="16" y="{base - BAR_H / 2:.1f}" text-anchor="middle" '
              f'font-size="13" fill="{TEXT}">Incidents</text>')]
    for value in sorted({0, top // 2, top}):
        y = base - BAR_H * value / top
        parts.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{width - 8}" y2="{y:.1f}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" font-size="11" fill="{TEXT}">{value}</text>')
    for n, col in enumerate(cols):
        found, held = threats.get(col, Counter()), meetings.get(col, 0)
        if not found and not held:
            continue
        x = LEFT + col_w * n
        total = sum(found.values())
        said = [counted(held, "réunion")] if held else []
        said.append(counted(total, "incident"))
        name = f"{month_fr(col)} : {', '.join(said)}"
        stack = [(labels[t], found[t], colours[t]) for t in colours]
        stack.append(("autres types", sum(k for t, k in found.items() if t not in colours), OTHERS))
        stack = [s for s in stack if s[1]]
        detail = name + (" — " + ", ".join(f"{label} {k}" for label, k, _ in stack) if stack else "")
        shapes = []
        if held:  # a square, or a tick where the column is too narrow for one
            side = min(2 * RADIUS, col_w - 1)
            shapes.append(f'<rect x="{(col_w - side) / 2 - 0.5:.1f}" y="{TOP + MEETING_ROW / 2 - RADIUS:.1f}" '
                          f'width="{side}" height="{2 * RADIUS}" rx="1" fill="{MEETING_COLOUR}"/>')
        y = float(base)
        for _, k, fill in stack:
            y -= BAR_H * k / top
            shapes.append(f'<rect y="{y:.1f}" width="{col_w - 1}" height="{BAR_H * k / top:.1f}" fill="{fill}"/>')
        parts.append(f'<a href="{xml(month_href(col))}" aria-label="{xml(name)}"><title>{xml(detail)}</title>'
                     f'<rect x="{x}" y="{TOP}" width="{col_w}" height="{base - TOP}" fill-opacity="0"/>'
                     f'<g class="briefing-mark" transform="translate({x + 0.5} 0)">{"".join(shapes)}</g></a>')
    return width, base + AXIS_H, "".join(parts) + _axis(cols, col_w, base)


def _axis(cols: list[Column], col_w: int, bottom: float) -> str:
    """Month names under their columns (when they fit), and each year under its months (its name, if it fits)."""
    index = {c: n for n, c in enumerate(cols)}
    axis = []
    if col_w >= 30:
        for col, n in index.items():
            x = LEFT + col_w * n + col_w / 2
            for k, text in enumerate(_month_label(col)):
                size = 10 if col[1] == 0 else 12
                axis.append(f'<text x="{x:.1f}" y="{bottom + 15 + k * 11:.1f}" text-anchor="middle" font-size="{size}" fill="{TEXT}">'
                            f'{xml(text)}</text>')
    for year in sorted({c[0] for c in cols}):
        span = [index[c] for c in cols if c[0] == year]
        x0, x1 = LEFT + col_w * min(span), LEFT + col_w * (max(span) + 1)
        axis.append(f'<line x1="{x0 + 2}" y1="{bottom + 30}" x2="{x1 - 2}" y2="{bottom + 30}" stroke="{TEXT}" stroke-width="1"/>')
        if x1 - x0 >= 30:  # room for the year's name
            axis.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{bottom + 42}" text-anchor="middle" font-size="12" '
                        f'font-weight="bold" fill="{TEXT}">{year}</text>')
    return "".join(axis)


def _nice(n: int) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50… that is at least ``n``: the top of the count scale."""
    step = 1
    while True:
        for f in (1, 2, 5):
            if f * step >= n:
                return f * step
        step *= 10


def _period(first: Column, last: Column) -> str:
    def name(c: Column) -> str:
        return PartialDate(c[0], c[1]).french() if c[1] else str(c[0])

    return f"en {name(first)}" if first == last else f"de {name(first)} à {name(last)}"
