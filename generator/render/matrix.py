"""Incidents counted by country and threat type: the matrix, and the page each cell links to.

A cell reads ``3 + 1?``: three incidents whose author is established
(confirmed or attributed) and one that is only suspected, alleged or of
unknown author. It links to the list of exactly those incidents, a section
of the page ``incidents.md`` whose anchor is ``<country>-<threat>``.
"""

from __future__ import annotations

from collections import Counter

from ..corpus import Corpus
from ..markup import esc, table
from ..model import Incident
from ..urls import relative
from .common import Page, Writer

PAGE = "incidents.md"
FIRM = ("confirmed", "attributed")
#: Row of the incidents whose country is not given.
NOWHERE = "sans-pays"
NOWHERE_LABEL = "Lieu non précisé"

LEGEND = (
    "Chaque case donne le nombre d'incidents survenus dans le pays pour ce type de menace : "
    "d'abord ceux dont l'auteur est établi (**confirmé** ou **attribué**), puis, suivis de « ? », "
    "ceux dont l'auteur est seulement **soupçonné**, **allégué** ou **inconnu**. "
    "Ainsi « 3 + 1? » se lit : 3 imputés et 1 soupçonné. Chaque nombre mène à la liste des incidents comptés."
)


def anchor(country: str | None, threat: str) -> str:
    return f"{(country or NOWHERE).lower()}-{threat}"


def cell_text(incidents: list[Incident]) -> tuple[str, str]:
    """('3 + 1?', '3 imputés, 1 soupçonné, allégué ou inconnu') or ('', '') when there is none."""
    firm = sum(1 for i in incidents if i.attribution in FIRM)
    loose = len(incidents) - firm
    if not incidents:
        return "", ""
    text = " + ".join(x for x in (str(firm) if firm else "", f"{loose}?" if loose else "") if x)
    words = []
    if firm:
        words.append(f"{firm} imputé{'s' if firm > 1 else ''}")
    if loose:
        words.append(f"{loose} soupçonné{'s' if loose > 1 else ''}, allégué{'s' if loose > 1 else ''} ou d'auteur inconnu")
    return text, ", ".join(words)


def _grid(corpus: Corpus) -> tuple[list[str | None], list[str], dict[tuple[str | None, str], list[Incident]]]:
    cells: dict[tuple[str | None, str], list[Incident]] = {}
    for i in corpus.incidents():
        cells.setdefault((i.country, i.threat), []).append(i)
    totals = Counter(i.country for i in corpus.incidents())
    name = lambda c: corpus.countries[c].name if c else NOWHERE_LABEL
    rows = sorted(totals, key=lambda c: (c is None, -totals[c], name(c).casefold()))
    threats = [t for t in corpus.threats if any(k[1] == t for k in cells)]
    return rows, threats, cells


def matrix(w: Writer, corpus: Corpus) -> str:
    """The country x threat table, as Markdown, with links relative to ``w``'s page."""
    rows, threats, cells = _grid(corpus)
    if not rows:
        return ""
    here = w.path == PAGE
    lines = []
    for country in rows:
        head = w.ref("country", country) if country else NOWHERE_LABEL
        line = [head]
        total: list[Incident] = []
        for t in threats:
            found = cells.get((country, t), [])
            total += found
            text, title = cell_text(found)
            href = ("" if here else relative(w.path, PAGE)) + "#" + anchor(country, t)
            line.append(f'[{text}]({href} "{title}")' if text else "")
        line.append(f"**{cell_text(total)[0]}**")
        lines.append(line)
    headers = ["Pays"] + [w.ref("threat", t) for t in threats] + ["Total"]
    return table(headers, lines)


def render_incidents(corpus: Corpus) -> Page:
    """Every incident, grouped by country then threat type, under the anchors the matrix links to."""
    w = Writer(corpus, PAGE)
    w.add("# Incidents par pays et type de menace")
    w.add("Les incidents rapportés par les sources, rangés par pays où ils sont survenus puis par type de menace. "
          + LEGEND)
    w.add(matrix(w, corpus))
    rows, threats, cells = _grid(corpus)
    for country in rows:
        label = esc(corpus.countries[country].name) if country else NOWHERE_LABEL
        w.add(f"## {label}")
        if country:
            w.add(f"Voir aussi la page {w.ref('country', country)}.")
        for t in threats:
            found = cells.get((country, t))
            if not found:
                continue
            text, title = cell_text(found)
            w.add(f"### {esc(corpus.threats[t].label['fr'])} ({text}) {{: #{anchor(country, t)} }}",
                  f"{title[:1].upper() + title[1:]}.",
                  w.incidents_list(found, hide=["country", "threat"]))
    return Page(PAGE, w.markdown(), None, in_nav=True)
