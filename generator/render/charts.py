"""The chronology as a picture: meetings and incidents by month, drawn at build time as inline SVG.

No script and nothing loaded from elsewhere: the SVG is part of the page. Each
mark is a link (a meeting to its page, an incident to the paragraph of the
source that reports it) with a name a screen reader announces; the legend is
HTML, and the month-by-month list under the picture says the same in words.
"""

from __future__ import annotations

from dataclasses import dataclass

from babel.dates import format_date

from ..corpus import Corpus
from ..dates import PartialDate
from ..urls import page_path
from .common import ATTRIBUTION_FR
from .svg import entity_href, html_href, threat_colours, xml

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


@dataclass
class Mark:
    column: tuple[int, int]
    order: tuple
    href: str
    name: str
    shape: str  # "meeting", "firm", "open"
    colour: str


def _column(d: PartialDate) -> tuple[int, int]:
    return (d.year, d.month)  # month 0: the year alone is known


def _columns(keys: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Every month from the first to the last dated item, plus a 'month unknown' column per year that needs one."""
    months = sorted(k for k in keys if k[1])
    cols: set[tuple[int, int]] = {k for k in keys if not k[1]}
    if months:
        y, m = months[0]
        while (y, m) <= months[-1]:
            cols.add((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return sorted(cols)


def _month_label(col: tuple[int, int]) -> list[str]:
    if col[1] == 0:
        return ["mois", "inconnu"]
    return [format_date(PartialDate(col[0], col[1]).first_day, "MMM", locale="fr")]


def chronology_marks(corpus: Corpus, page: str) -> tuple[list[Mark], dict[str, str]]:
    colours = threat_colours(list(corpus.threats))
    marks = []
    for m in corpus.meetings.values():
        marks.append(Mark(
            _column(m.start), (m.start, 0, m.id), entity_href(page, "meeting", m.id),
            f"Réunion, {m.start.french()} : {m.title}", "meeting", MEETING_COLOUR,
        ))
    for i in corpus.incidents():
        if i.date is None:
            continue
        threat = corpus.threats[i.threat].label["fr"]
        where = f" ({corpus.countries[i.country].name})" if i.country else ""
        marks.append(Mark(
            _column(i.date), (i.date, 1, i.threat, i.source, i.number),
            html_href(page, page_path("source", i.source), f"p{i.paragraph}"),
            f"Incident, {i.date.french()}{where} : {i.summary} — {threat}, {ATTRIBUTION_FR[i.attribution]}",
            "firm" if i.attribution in FIRM else "open", colours[i.threat],
        ))
    return marks, colours


def _shape(mark: Mark, x: float, y: float) -> str:
    if mark.shape == "meeting":
        s = RADIUS
        return (f'<rect class="briefing-mark" x="{x - s:.1f}" y="{y - s:.1f}" width="{2 * s}" height="{2 * s}" '
                f'rx="2" fill="{mark.colour}" stroke="#ffffff" stroke-width="1"/>')
    if mark.shape == "firm":
        return f'<circle class="briefing-mark" cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS}" fill="{mark.colour}" stroke="#ffffff" stroke-width="1"/>'
    return (f'<circle class="briefing-mark" cx="{x:.1f}" cy="{y:.1f}" r="{RADIUS - 1.5}" fill="#ffffff" '
            f'stroke="{mark.colour}" stroke-width="3"/>')


def swatch(shape: str, colour: str) -> str:
    """A small picture of a mark, for the legend (hidden from screen readers: the text says it)."""
    inner = _shape(Mark((0, 0), (), "", "", shape, colour), 9, 9)
    return f'<svg class="briefing-swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false">{inner}</svg>'


def chronology_svg(corpus: Corpus, page: str) -> str:
    """The figure (SVG and its legend) as one raw HTML block, or '' when nothing is dated."""
    marks, colours = chronology_marks(corpus, page)
    if not marks:
        return ""
    cols = _columns({m.column for m in marks})
    index = {c: n for n, c in enumerate(cols)}
    rows = [("Réunions", [m for m in marks if m.shape == "meeting"]), ("Incidents", [m for m in marks if m.shape != "meeting"])]
    width = LEFT + COL_W * len(cols) + 8
    parts: list[str] = []
    y = TOP
    for label, row in rows:
        stacks: dict[tuple[int, int], list[Mark]] = {}
        for m in sorted(row, key=lambda m: m.order):
            stacks.setdefault(m.column, []).append(m)
        depth = max((len(s) for s in stacks.values()), default=0)
        height = max(depth, 1) * STEP + 12
        parts.append(f'<line x1="{LEFT}" y1="{y + height:.1f}" x2="{width - 8}" y2="{y + height:.1f}" stroke="{GRID}" stroke-width="1"/>')
        parts.append(f'<text x="{LEFT - 8}" y="{y + height / 2 + 4:.1f}" text-anchor="end" font-size="13" fill="{TEXT}">{xml(label)}</text>')
        for col, stack in stacks.items():
            x = LEFT + COL_W * index[col] + COL_W / 2
            for k, m in enumerate(stack):
                cy = y + height - 6 - STEP / 2 - k * STEP
                parts.append(f'<a href="{xml(m.href)}" aria-label="{xml(m.name)}"><title>{xml(m.name)}</title>{_shape(m, x, cy)}</a>')
        y += height
    plot_top, plot_bottom = TOP, y
    grid = []
    for n in range(len(cols) + 1):
        x = LEFT + COL_W * n
        grid.append(f'<line x1="{x}" y1="{plot_top}" x2="{x}" y2="{plot_bottom:.1f}" stroke="{GRID}" stroke-width="1"/>')
    axis = []
    for col, n in index.items():
        x = LEFT + COL_W * n + COL_W / 2
        for k, text in enumerate(_month_label(col)):
            size = 10 if col[1] == 0 else 12
            axis.append(f'<text x="{x:.1f}" y="{plot_bottom + 15 + k * 11:.1f}" text-anchor="middle" font-size="{size}" fill="{TEXT}">{xml(text)}</text>')
    for year in sorted({c[0] for c in cols}):
        span = [index[c] for c in cols if c[0] == year]
        x0, x1 = LEFT + COL_W * min(span), LEFT + COL_W * (max(span) + 1)
        axis.append(f'<line x1="{x0 + 2}" y1="{plot_bottom + 30}" x2="{x1 - 2}" y2="{plot_bottom + 30}" stroke="{TEXT}" stroke-width="1"/>')
        axis.append(f'<text x="{(x0 + x1) / 2:.1f}" y="{plot_bottom + 42}" text-anchor="middle" font-size="12" font-weight="bold" fill="{TEXT}">{year}</text>')
    height = plot_bottom + AXIS_H
    n_meetings = sum(1 for m in marks if m.shape == "meeting")
    n_incidents = len(marks) - n_meetings
    months = [c for c in cols if c[1]] or cols
    span_text = _period(months[0], months[-1])
    desc = (f"{n_incidents} incident{'s' if n_incidents != 1 else ''} daté{'s' if n_incidents != 1 else ''} et "
            f"{n_meetings} réunion{'s' if n_meetings != 1 else ''}, {span_text}, placés par mois ; "
            "la liste sous la figure donne les mêmes faits en texte.")
    svg = (
        f'<svg class="briefing-chart" viewBox="0 0 {width} {height:.0f}" width="{width}" height="{height:.0f}" '
        f'aria-labelledby="chrono-title chrono-desc">'
        f'<title id="chrono-title">Incidents et réunions par mois</title><desc id="chrono-desc">{xml(desc)}</desc>'
        + "".join(grid) + "".join(parts) + "".join(axis) + "</svg>"
    )
    used = [t for t in corpus.threats if any(i.threat == t and i.date for i in corpus.incidents())]
    legend = [f'<li>{swatch("meeting", MEETING_COLOUR)} réunion</li>',
              f'<li>{swatch("firm", TEXT)} incident imputé (confirmé ou attribué)</li>',
              f'<li>{swatch("open", TEXT)} incident soupçonné, allégué ou d\'auteur inconnu</li>']
    legend += [
        f'<li>{swatch("firm", colours[t])} <a href="{xml(entity_href(page, "threat", t))}">{xml(corpus.threats[t].label["fr"])}</a></li>'
        for t in used
    ]
    undated = sum(1 for i in corpus.incidents() if i.date is None)
    note = (f"<p>{undated} incident{'s' if undated != 1 else ''} sans date n'{'y figurent' if undated != 1 else 'y figure'} pas : "
            "voir « Sans date » plus bas.</p>") if undated else ""
    return (
        '<figure class="briefing-figure briefing-chronology">'
        f'<div class="briefing-scroll">{svg}</div>'
        '<figcaption><p>Chaque marque est un lien : une réunion mène à sa page, un incident au paragraphe '
        'de la source qui le rapporte. Couleur : type de menace ; forme : réunion ou incident, plein si '
        'l\'auteur est établi.</p>'
        f'<ul class="briefing-legend">{"".join(legend)}</ul>{note}</figcaption></figure>'
    )


def _period(first: tuple[int, int], last: tuple[int, int]) -> str:
    def name(c: tuple[int, int]) -> str:
        return PartialDate(c[0], c[1]).french() if c[1] else str(c[0])

    return f"en {name(first)}" if first == last else f"de {name(first)} à {name(last)}"
