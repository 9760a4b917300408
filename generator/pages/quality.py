"""The data quality page: what awaits a reviewer, what is missing, what nothing cites, what the build reported.

Each list is a long section: past a few dozen lines the page shows the first ones and
links to the complete list, so the page stays readable whatever the size of the briefing.
"""

from __future__ import annotations

from ..corpus import Corpus
from ..dates import newest_first
from ..kinds import KINDS
from ..markup import bullets, esc
from ..memo import NO_MEMO, Memo
from ..model import Source
from ..paths import QUALITY
from ..vocabulary import SEVERITY_FR, counted
from .common import Writer, section_title
from .page import Page

#: The order of the lists that are not by date.
BY_FILE = "dans l'ordre des fichiers"


def _where(origin: object) -> str:
    return f"*{esc(origin)}*" if origin else ""


def unused_entities(corpus: Corpus) -> dict[str, list[str]]:
    """Registry entries (and countries) that no source is linked to, by kind."""
    out: dict[str, list[str]] = {}
    for kind in KINDS:
        if kind == "source":
            continue
        table = corpus.table(kind)
        ids = [i for i in table if not corpus.related((kind, i), "source")]
        if ids:
            out[kind] = ids
    return out


def render_quality(corpus: Corpus, memo: Memo = NO_MEMO) -> Page:
    w = Writer(corpus, QUALITY, memo=memo)
    w.add("# Qualité des données")
    w.add("Ce qui reste à faire sur les annotations : brouillons à relire, informations manquantes, "
          "entrées des registres qu'aucune source ne cite, et les problèmes signalés lors de la construction "
          "de ce site. Chaque ligne nomme le fichier à modifier.")

    drafts = [s for s in newest_first(corpus.sources.values()) if not s.reviewed]
    if drafts:
        w.long_section("Brouillons à relire", drafts, lambda w, s: f"{w.source_line(s)} — {_where(s.path)}", "brouillons")
    else:
        w.section("Brouillons à relire", "Aucun brouillon : toutes les sources sont relues.")

    def source_file(w: Writer, s: Source) -> str:
        return f"{w.ref('source', s.id)} — {_where(s.path)}"

    unannotated = sorted((s for s in corpus.sources.values() if not s.annotated), key=lambda s: s.id)
    if unannotated:
        w.long_section("Sources non annotées", unannotated, source_file, "non-annotees", order=BY_FILE)

    undated = sorted((s for s in corpus.sources.values() if s.date is None), key=lambda s: s.id)
    if undated:
        w.long_section("Sources sans date", undated, source_file, "sans-date", order=BY_FILE)
    else:
        w.section("Sources sans date", "Toutes les sources sont datées.")

    no_date = [i for i in corpus.incidents() if i.date is None]
    if no_date:
        w.long_section("Incidents sans date", no_date,
                       lambda w, i: f"{esc(i.summary)} — {w.cite(i.source, i.paragraph)} — {_where(i.origin)}",
                       "incidents-sans-date", order=BY_FILE)
        w.add("Ils figurent dans la liste de la chronologie mais pas dans sa figure.")

    unused = unused_entities(corpus)
    w.add("## Entrées que rien ne cite")
    if unused:
        w.add("Ces entrées des registres ne sont reliées à aucune source : une source à annoter, "
              "ou une entrée à retirer.")
        for kind, ids in unused.items():
            table = corpus.table(kind)
            items = sorted(ids, key=lambda i: w.label(kind, i).casefold())
            w.add(f"### {section_title(kind)}",
                  bullets(f"{w.ref(kind, i)} — {_where(table[i].origin) or 'nom issu de CLDR'}" for i in items))
    else:
        w.add("Chaque entrée des registres est citée par au moins une source.")

    problems = corpus.report.sorted()
    errors = sum(1 for d in problems if d.severity == "error")
    title = "Signalements de la dernière construction"
    if problems:
        w.section(title, f"{counted(errors, 'erreur')} et {counted(len(problems) - errors, 'avertissement')}, dans l'ordre des fichiers. "
                         "La commande `briefing check` donne la même liste.")
        w.long_section("Liste des signalements", problems,
                       lambda w, d: f"**{SEVERITY_FR.get(d.severity, esc(d.severity))}** — {_where(d.origin)} — {esc(d.message)}",
                       "signalements", order=BY_FILE)
    else:
        w.section(title, "Aucun problème signalé : les annotations sont conformes au format.")
    return w.page(in_nav=True)
