"""Incidents counted by country and threat type: the matrix, and the lists each cell links to.

A cell reads ``3 + 1?``: three incidents whose author is established
(confirmed or attributed) and one that is only suspected, alleged or of
unknown author. It links to the list of exactly those incidents: up to
:data:`ONE_PAGE` incidents in all, a section of the page ``incidents.md``
whose anchor is ``<country>-<threat>``; past that, the cell's own complete
list, newest first, a page at a time (``incidents/<country>-<threat>/1.md``,
see :func:`paginate`), so that no page grows with the corpus.
"""

from __future__ import annotations

from collections import Counter
from functools import partial

from ..corpus import Corpus
from ..dates import by_date_desc
from ..markup import esc, table
from ..memo import NO_MEMO, Memo
from ..model import Incident
from ..paths import INCIDENTS, cell_anchor, list_page_path, relative
from ..vocabulary import IMPUTED, UNESTABLISHED, UNESTABLISHED_PLURAL, counted
from .common import Writer
from .lists import paginate
from .page import Page

FIRM = ("confirmed", "attributed")
#: Row of the incidents whose country is not given (its anchors: :data:`~generator.paths.NOWHERE`).
NOWHERE_LABEL = "Lieu non précisé"
#: Past this many incidents, ``incidents.md`` holds the matrix only and each cell has its own list.
ONE_PAGE = 300
#: What a cell's list leaves out: the cell says it.
HIDDEN = frozenset({"country", "threat"})

LEGEND = (
    "Chaque case donne le nombre d'incidents survenus dans le pays pour ce type de menace : "
    "d'abord ceux dont l'auteur est établi (**confirmé** ou **attribué**), puis, suivis de « ? », "
    "ceux dont l'auteur est seulement **soupçonné**, **allégué** ou **inconnu**. "
    "Ainsi « 3 + 1? » se lit : 3 imputés et 1 soupçonné. Chaque nombre mène à la liste des incidents comptés."
)


def one_page(corpus: Corpus) -> bool:
    """True when every incident is listed on ``incidents.md`` itself."""
    return len(corpus.incidents()) <= ONE_PAGE


def cell_link(w: Writer, country: str | None, threat: str, one: bool) -> str:
    """Link target, from ``w``'s page, of the list of a cell's incidents."""
    if one:
        return ("" if w.path == INCIDENTS else relative(w.path, INCIDENTS)) + "#" + cell_anchor(country, threat)
    return w.to(list_page_path(INCIDENTS, cell_anchor(country, threat), 1))


def cell_text(incidents: list[Incident]) -> tuple[str, str]:
    """('3 + 1?', '3 imputés, 1 soupçonné, allégué ou inconnu') or ('', '') when there is none."""
    firm = sum(1 for i in incidents if i.attribution in FIRM)
    loose = len(incidents) - firm
    if not incidents:
        return "", ""
    text = " + ".join(x for x in (str(firm) if firm else "", f"{loose}?" if loose else "") if x)
    words = []
    if firm:
        words.append(counted(firm, IMPUTED))
    if loose:
        words.append(counted(loose, UNESTABLISHED, UNESTABLISHED_PLURAL))
    return text, ", ".join(words)


def _grid(corpus: Corpus) -> tuple[list[str | None], list[str], dict[tuple[str | None, str], list[Incident]]]:
    cells: dict[tuple[str | None, str], list[Incident]] = {}
    for i in corpus.incidents():
        cells.setdefault((i.country, i.threat), []).append(i)
    totals = Counter(i.country for i in corpus.incidents())
    rows = sorted(totals, key=lambda c: (c is None, -totals[c], _name(corpus, c).casefold()))
    threats = [t for t in corpus.threats if any(k[1] == t for k in cells)]
    return rows, threats, cells


def matrix(w: Writer, corpus: Corpus) -> str:
    """The country x threat table, as Markdown, with links relative to ``w``'s page."""
    rows, threats, cells = _grid(corpus)
    if not rows:
        return ""
    one = one_page(corpus)
    lines = []
    for country in rows:
        head = w.ref("country", country) if country else NOWHERE_LABEL
        line = [head]
        total: list[Incident] = []
        for t in threats:
            found = cells.get((country, t), [])
            total += found
            text, title = cell_text(found)
            line.append(f'[{text}]({cell_link(w, country, t, one)} "{title}")' if text else "")
        line.append(f"**{cell_text(total)[0]}**")
        lines.append(line)
    headers = ["Pays"] + [w.ref("threat", t) for t in threats] + ["Total"]
    return table(headers, lines)


def render_incidents(corpus: Corpus, memo: Memo = NO_MEMO) -> Page:
    """Every incident, grouped by country then threat type, under the anchors the matrix links to;
    past :data:`ONE_PAGE` incidents, the matrix, and each cell's list as pages of its own (children)."""
    w = Writer(corpus, INCIDENTS, memo=memo)
    w.add("# Incidents par pays et type de menace")
    w.add("Les incidents rapportés par les sources, rangés par pays où ils sont survenus puis par type de menace. "
          + LEGEND)
    if not one_page(corpus):
        w.add(f"Les {len(corpus.incidents())} incidents sont trop nombreux pour une page : chaque case mène "
              "à la liste de ceux qu'elle compte, du plus récent au plus ancien, sur une page à part.")
    w.add(matrix(w, corpus))
    rows, threats, cells = _grid(corpus)
    if not one_page(corpus):
        for country, t in ((c, t) for c in rows for t in threats if (c, t) in cells):
            listed = cells[(country, t)]
            w.children += paginate(w, f"{_name(corpus, country)} : {corpus.threats[t].label['fr']}", by_date_desc(listed),
                                   lambda p, i: p.incident_line(i, HIDDEN), cell_anchor(country, t),
                                   lead=partial(_lead, country=country, threat=t, found=listed))
        return w.page(None, in_nav=True)
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
            w.add(f"### {esc(corpus.threats[t].label['fr'])} ({text}) {{: #{cell_anchor(country, t)} }}",
                  f"{title[:1].upper() + title[1:]}.",
                  w.incidents_list(found, hide=["country", "threat"]))
    return Page(INCIDENTS, w.markdown(), None, in_nav=True)


def _name(corpus: Corpus, country: str | None) -> str:
    return corpus.countries[country].name if country else NOWHERE_LABEL


def _lead(w: Writer, country: str | None, threat: str, found: list[Incident]) -> str:
    """What a cell's list holds: 'Incidents de type Sabotage dont le pays est Pologne (3 imputés, …), comptés dans le tableau…'."""
    where = f"dont le pays est {w.ref('country', country)}" if country else "dont le lieu n'est pas précisé"
    return (f"Incidents de type {w.ref('threat', threat)} {where} ({cell_text(found)[1]}), "
            f"comptés dans le [tableau des incidents]({w.to(INCIDENTS)})")
