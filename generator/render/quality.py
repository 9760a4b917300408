"""The data quality page: what awaits a reviewer, what is missing, what nothing cites, what the build reported."""

from __future__ import annotations

from ..corpus import Corpus
from ..markup import bullets, esc
from ..model import KINDS
from .common import Page, Writer, newest_first, section_title

PAGE = "qualite.md"
SEVERITY_FR = {"error": "erreur", "warning": "avertissement"}


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


def render_quality(corpus: Corpus) -> Page:
    w = Writer(corpus, PAGE)
    w.add("# Qualité des données")
    w.add("Ce qui reste à faire sur les annotations : brouillons à relire, informations manquantes, "
          "entrées des registres qu'aucune source ne cite, et les problèmes signalés lors de la construction "
          "de ce site. Chaque ligne nomme le fichier à modifier.")

    drafts = [s for s in newest_first(corpus.sources.values()) if not s.reviewed]
    w.add("## Brouillons à relire")
    w.add(bullets(f"{w.source_line(s)} — {_where(s.path)}" for s in drafts)
          if drafts else "Aucun brouillon : toutes les sources sont relues.")

    unannotated = [s for s in corpus.sources.values() if not s.annotated]
    if unannotated:
        w.add("## Sources non annotées")
        w.add(bullets(f"{w.ref('source', s.id)} — {_where(s.path)}" for s in sorted(unannotated, key=lambda s: s.id)))

    undated = [s for s in corpus.sources.values() if s.date is None]
    w.add("## Sources sans date")
    w.add(bullets(f"{w.ref('source', s.id)} — {_where(s.path)}" for s in sorted(undated, key=lambda s: s.id))
          if undated else "Toutes les sources sont datées.")

    no_date = [i for i in corpus.incidents() if i.date is None]
    if no_date:
        w.add("## Incidents sans date")
        w.add("Ils figurent dans la liste de la chronologie mais pas dans sa figure.\n\n" + bullets(
            f"{esc(i.summary)} — {w.cite(i.source, i.paragraph)} — {_where(i.origin)}" for i in no_date
        ))

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
    w.add("## Signalements de la dernière construction")
    if problems:
        w.add(f"{errors} erreur{'s' if errors != 1 else ''} et {len(problems) - errors} "
              f"avertissement{'s' if len(problems) - errors != 1 else ''}, dans l'ordre des fichiers. "
              "La commande `briefing check` donne la même liste.")
        w.add(bullets(
            f"**{SEVERITY_FR.get(d.severity, esc(d.severity))}** — {_where(d.origin)} — {esc(d.message)}" for d in problems
        ))
    else:
        w.add("Aucun problème signalé : les annotations sont conformes au format.")
    return Page(PAGE, w.markdown(), None, in_nav=True)
