"""The chronology: meetings, incidents and sources month by month."""

from __future__ import annotations

from collections import defaultdict

from ..corpus import Corpus
from ..dates import PartialDate
from ..markup import bullets, esc
from ..urls import CHRONOLOGY
from .charts import chronology_svg
from .common import ATTRIBUTION_FR, Page, Writer, date_fr


def render_chronology(corpus: Corpus) -> Page:
    w = Writer(corpus, CHRONOLOGY)
    w.add("# Chronologie", "Réunions, incidents et sources, du plus ancien au plus récent, à la précision connue de leur date.")
    w.add(chronology_svg(corpus, CHRONOLOGY))
    w.add("## Mois par mois")
    months: dict[str, list[tuple[PartialDate, int, str]]] = defaultdict(list)
    undated: list[str] = []
    for m in corpus.meetings.values():
        months[m.start.month_key()].append((m.start, 0, f"**{date_fr(m.start)}** — Réunion : {w.ref('meeting', m.id)}"))
    for i in corpus.incidents():
        line = (f"Incident ({w.ref('threat', i.threat)}, {ATTRIBUTION_FR[i.attribution]}) : {esc(i.summary)}"
                f"{' — ' + w.ref('country', i.country) if i.country else ''} — {w.cite(i.source, i.paragraph)}")
        if i.date:
            months[i.date.month_key()].append((i.date, 1, f"**{date_fr(i.date)}** — {line}"))
        else:
            undated.append(line)
    for s in corpus.sources.values():
        line = f"Source : {w.ref('source', s.id)}"
        if s.date:
            months[s.date.month_key()].append((s.date, 2, f"**{date_fr(s.date)}** — {line}"))
        else:
            undated.append(line)
    for key in sorted(months):
        entries = sorted(months[key], key=lambda e: (e[0], e[1]))
        title = entries[0][0]
        heading = PartialDate(title.year, title.month).french() if title.month else str(title.year)
        w.add(f"### {heading[:1].upper() + heading[1:]}", bullets(e[2] for e in entries))
    if undated:
        w.add("### Sans date", bullets(undated))
    return Page(CHRONOLOGY, w.markdown(), None, in_nav=True)
