"""The home page: key numbers, what to read first, the latest sources."""

from __future__ import annotations

from collections import Counter

from ..corpus import Corpus
from ..dates import newest_first
from ..figures.worldmap import map_figure
from ..markup import bullets, table
from ..paths import CHRONOLOGY, HOME, INCIDENTS, Urls, index_path, relative
from ..vocabulary import ATTRIBUTION_FR, counted, date_fr
from .common import Writer
from .incidents import LEGEND, matrix, one_page
from .page import Page

LATEST = 5


def render_home(corpus: Corpus, urls: Urls) -> Page:
    w = Writer(corpus, HOME)
    incidents = corpus.incidents()
    w.add("# Briefing : l'OTAN face aux menaces hybrides russes")
    w.add(
        "Ce briefing relie des sources annotées — articles et communiqués — aux réunions de l'OTAN, "
        "aux pays, aux types de menace et aux personnes qu'elles citent. Chaque citation, incident "
        "ou mesure renvoie au paragraphe de la source qui l'établit."
    )
    numbers = [
        ("Sources", len(corpus.sources), "source"),
        ("Réunions", len(corpus.meetings), "meeting"),
        ("Pays", len(corpus.countries), "country"),
        ("Types de menace", len(corpus.threats), "threat"),
        ("Personnes", len(corpus.people), "person"),
    ]
    rows = [[f"[{label}]({relative(HOME, index_path(kind))})", str(n)] for label, n, kind in numbers]
    rows.append(["Incidents", str(len(incidents))])
    rows.append(["Citations", str(len(corpus.quotes()))])
    rows.append(["Mesures", str(len(corpus.measures()))])
    w.section("Chiffres clés", table(["Élément", "Nombre"], rows))

    first = []
    if corpus.meetings:
        latest = max(corpus.meetings.values(), key=lambda m: m.start)
        first.append(f"La réunion la plus récente : {w.ref('meeting', latest.id)} ({date_fr(latest.start)}).")
    threats = Counter(i.threat for i in incidents)
    if threats:
        top = ", ".join(f"{w.ref('threat', t)} ({n})" for t, n in threats.most_common(3))
        first.append(f"Les menaces les plus documentées par des incidents : {top}.")
    actors = Counter((i.actor, i.attribution) for i in incidents if i.actor)
    by_actor = Counter(i.actor for i in incidents if i.actor)
    if by_actor:
        actor, _n = by_actor.most_common(1)[0]
        detail = ", ".join(counted(k, ATTRIBUTION_FR[a]) for (c, a), k in actors.items() if c == actor)
        first.append(f"Pays auquel le plus d'incidents sont imputés : {w.ref('country', actor)} ({detail}).")
    first.append(f"La [chronologie]({relative(HOME, CHRONOLOGY)}) met réunions, incidents et sources dans l'ordre.")
    w.section("À lire d'abord", bullets(first))
    grid = matrix(w, corpus)
    if grid:
        w.section("Incidents par pays et type de menace", "\n\n".join([
            LEGEND,
            grid,
            ("Les mêmes incidents, pays par pays : " if one_page(corpus) else "Le même tableau, sur sa page : ")
            + f"[incidents par pays et type de menace]({relative(HOME, INCIDENTS)}).",
        ]))
        drawn = map_figure(corpus, urls, HOME)
        outside = ""
        if drawn.outside:
            outside = "Hors de la carte : " + ", ".join(w.ref("country", c) for c in drawn.outside) + "."
        w.section("Carte des incidents", "\n\n".join(x for x in (drawn.svg, outside) if x))
    w.section("Dernières sources", bullets(
        w.source_line(s) + (f"  \n  {w.linked(s.summary, ('source', s.id))}" if s.summary else "")
        for s in newest_first(corpus.sources.values())[:LATEST]
    ))
    w.add("Pour corriger une information, suivez l'indication en bas de chaque page : elle nomme le fichier "
          "d'annotation et la ligne à modifier. Le [format des annotations](format.md) décrit chaque champ.")
    return Page(HOME, w.markdown(), None)
