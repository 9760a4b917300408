"""The chronology: meetings, incidents and sources month by month.

Up to :data:`ONE_PAGE` entries, the whole chronology is one page. Past that it is an
overview — the figure (counting by month when there are too many marks to draw), a
table of the entries of each month, the undated entries — and a page per year,
``chronologie/<year>.md``, with that year's figure and its months. A long month, like
any long list (:meth:`Writer.long_section`), shows its first entries and links to its
complete list, a page at a time: every page stays bounded, every entry reachable.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import partial
from itertools import groupby

from ..corpus import Corpus
from ..dates import PartialDate
from ..figures.chronology import Column, chronology_svg
from ..markup import bullets, esc, link
from ..memo import NO_MEMO, Memo
from ..model import Incident, Meeting, Source
from ..paths import CHRONOLOGY, Urls, chronology_year_path, month_anchor
from ..vocabulary import ATTRIBUTION_FR, OLDEST, counted, date_fr, month_alone, month_fr
from .common import Writer
from .page import Page

#: Past this many entries (meetings, incidents and sources), the chronology has a page per year.
ONE_PAGE = 300
INTRO = "Réunions, incidents et sources, du plus ancien au plus récent, à la précision connue de leur date."
#: The order of the undated entries, as their list says it.
UNDATED_ORDER = "les incidents puis les sources"


@dataclass(frozen=True)
class Entry:
    """One line of the chronology."""

    date: PartialDate | None
    #: 0 meeting, 1 incident, 2 source: the order of the entries of a day.
    rank: int
    item: Meeting | Incident | Source

    @property
    def column(self) -> Column:
        assert self.date is not None
        return (self.date.year, self.date.month)


def entries(corpus: Corpus) -> list[Entry]:
    """Every meeting, incident and source: the dated oldest first, then the undated."""
    found = [Entry(m.start, 0, m) for m in corpus.meetings.values()]
    found += [Entry(i.date, 1, i) for i in corpus.incidents()]
    found += [Entry(s.date, 2, s) for s in corpus.sources.values()]
    dated = sorted((e for e in found if e.date), key=lambda e: (e.date, e.rank))
    return dated + [e for e in found if not e.date]


def line(w: Writer, e: Entry) -> str:
    """'**12 mai 2024** — Incident (Sabotage, soupçonné) : … — Pologne — source, § 3'."""
    if isinstance(e.item, Meeting):
        what = f"Réunion : {w.ref('meeting', e.item.id)}"
    elif isinstance(e.item, Incident):
        i = e.item
        what = (f"Incident ({w.ref('threat', i.threat)}, {ATTRIBUTION_FR[i.attribution]}) : {esc(i.summary)}"
                f"{' — ' + w.ref('country', i.country) if i.country else ''} — {w.cite(i.source, i.paragraph)}")
    else:
        what = f"Source : {w.ref('source', e.item.id)}"
    return f"**{date_fr(e.date)}** — {what}" if e.date else what


def _months(dated: list[Entry]) -> dict[Column, list[Entry]]:
    return {col: list(group) for col, group in groupby(dated, key=lambda e: e.column)}


def _title(col: Column) -> str:
    """'Mai 2024'; '2024' alone when the month is unknown."""
    name = month_fr(col) if col[1] else str(col[0])
    return name[:1].upper() + name[1:]


def _what(group: list[Entry]) -> str:
    """'1 réunion, 8 incidents, 3 sources' (the kinds present only)."""
    ranks = Counter(e.rank for e in group)
    return ", ".join(counted(ranks[r], word) for r, word in enumerate(("réunion", "incident", "source")) if ranks[r])


def render_chronology(corpus: Corpus, urls: Urls, memo: Memo = NO_MEMO) -> Page:
    """The chronology page; past :data:`ONE_PAGE` entries, its year pages are its children
    (a year, or a page of a long list, may be the one of the last build: see ``memo``)."""
    every = entries(corpus)
    dated = [e for e in every if e.date]
    undated = every[len(dated):]
    months = _months(dated)
    w = Writer(corpus, CHRONOLOGY, memo=memo)
    if len(every) <= ONE_PAGE:
        w.add("# Chronologie", INTRO)
        w.add(chronology_svg(corpus, urls, CHRONOLOGY, lambda col: "#" + month_anchor(col)))
        w.add("## Mois par mois")
        for col, group in months.items():
            w.add(f"### {_title(col)} {{: #{month_anchor(col)} }}", bullets(line(w, e) for e in group))
        if undated:
            w.add("### Sans date", bullets(line(w, e) for e in undated))
        return w.page(None, in_nav=True)
    years = sorted({col[0] for col in months})
    w.add("# Chronologie", f"{INTRO} Ils sont {len(every)}, trop pour une page : chaque année a la sienne. "
          "Sous la figure, « Année par année » mène à chaque année et à chacun de ses mois (entre parenthèses, "
          "son nombre d'entrées).")
    w.add(chronology_svg(corpus, urls, CHRONOLOGY,
                        lambda col: urls.html_href(CHRONOLOGY, chronology_year_path(col[0]), month_anchor(col))))
    w.section("Année par année", _calendar(w, years, months))
    w.long_section("Sans date", undated, line, "sans-date", order=UNDATED_ORDER,
                   lead=lambda p: f"Incidents et sources sans date de la [chronologie]({p.to(CHRONOLOGY)})")
    for year in years:
        of_year = {c: g for c, g in months.items() if c[0] == year}
        everything = [e for group in of_year.values() for e in group]
        # Rebuilding, a year whose entries come from unchanged files is the page of last time.
        w.children.append(memo.list_page(corpus, chronology_year_path(year), None, (tuple(years), tuple(of_year), urls),
                                         everything, partial(_year_page, corpus, urls, year, years, of_year, memo)))
    return w.page(None, in_nav=True)


def _calendar(w: Writer, years: list[int], months: dict[Column, list[Entry]]) -> str:
    """A line per year: its page, how many entries, and each month's count linking to that month on the page."""
    lines = []
    for year in years:
        path = chronology_year_path(year)
        cols = [(c, g) for c, g in months.items() if c[0] == year]
        each = [f'[{month_alone(c)} ({len(g)})]({w.to(path, month_anchor(c))} "{_what(g)}")' for c, g in cols]
        lines.append(f"**{link(str(year), w.to(path))}** — {counted(sum(len(g) for _, g in cols), 'entrée')} : " + " · ".join(each))
    return bullets(lines)


def _year_page(corpus: Corpus, urls: Urls, year: int, years: list[int], months: dict[Column, list[Entry]], memo: Memo) -> Page:
    """One year: its figure, then each month's entries (a long month links to its complete list)."""
    path = chronology_year_path(year)
    w = Writer(corpus, path, memo=memo)
    n = years.index(year)
    around = ([link(f"« {years[n - 1]}", w.to(chronology_year_path(years[n - 1])))] if n else [])
    around += [link("Chronologie", w.to(CHRONOLOGY))]
    around += [link(f"{years[n + 1]} »", w.to(chronology_year_path(years[n + 1])))] if n + 1 < len(years) else []
    everything = [e for group in months.values() for e in group]
    w.add(f"# Chronologie — {year}",
          "Années : " + " · ".join(around) + "\n{: .briefing-pager }",
          f"{_what(everything)} en {year}, mois par mois, {OLDEST}.")
    w.add(chronology_svg(corpus, urls, path, lambda col: "#" + month_anchor(col), year))
    for col, group in months.items():
        title = _title(col) if col[1] else month_fr(col)
        w.long_section(title, group, line, f"{col[1]:02d}" if col[1] else "mois-inconnu", month_anchor(col), OLDEST,
                       partial(_month_lead, title=title, col=col))
    return w.page(None)


def _month_lead(w: Writer, title: str, col: Column) -> str:
    """What the complete list of a month holds, and where it comes from."""
    return (f"{esc(title)} : réunions, incidents et sources de la "
            f"[chronologie de {col[0]}]({w.to(chronology_year_path(col[0]), month_anchor(col))})")
