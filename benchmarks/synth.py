"""A deterministic synthetic briefing: N annotated sources and their registries, in the real format.

The corpus looks like the real one at scale: French text of realistic length
(12 to 30 paragraphs, 3 to 8 kB a source), dates spread over ten years and
bunched in the recent ones, and Zipf-like spreads of every kind of entity, so
that a few entities (Russia, sabotage, the Secretary General, a few large
publishers) are named by thousands of sources and most by a handful. Every
quote, incident evidence and measure evidence is copied from the text it is
written into, so the corpus checks without a single error.

    python benchmarks/synth.py OUT --sources 5000 [--seed 1]

Nothing here is random from one run to the next: the same N and seed write
the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
from bisect import bisect
from itertools import accumulate
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generator import countries as cldr  # noqa: E402

SEEDS = REPO / "seeds"

# --- registries ---------------------------------------------------------------

#: (code, role, nato, eu, aliases, adjectives), most cited first.
COUNTRIES = [
    ("RU", "adversary", None, None, ["Moscou", "Kremlin"], ["russe", "russes"]),
    ("UA", "partner", None, None, ["Kiev", "Kyiv"], ["ukrainien", "ukrainienne", "ukrainiens", "ukrainiennes"]),
    ("DE", "member", "1955-05-06", "1958-01-01", ["Berlin"], ["allemand", "allemande", "allemands", "allemandes"]),
    ("PL", "member", "1999-03-12", "2004-05-01", ["Varsovie"], ["polonais", "polonaise", "polonaises"]),
    ("FR", "member", "1949-04-04", "1958-01-01", ["Paris"], ["français", "française", "françaises"]),
    ("GB", "member", "1949-04-04", None, ["Londres"], ["britannique", "britanniques"]),
    ("LT", "member", "2004-03-29", "2004-05-01", ["Vilnius"], ["lituanien", "lituanienne", "lituaniens"]),
    ("LV", "member", "2004-03-29", "2004-05-01", ["Riga"], ["letton", "lettone", "lettons"]),
    ("EE", "member", "2004-03-29", "2004-05-01", ["Tallinn"], ["estonien", "estonienne", "estoniens"]),
    ("FI", "member", "2023-04-04", "1995-01-01", ["Helsinki"], ["finlandais", "finlandaise"]),
    ("SE", "member", "2024-03-07", "1995-01-01", ["Stockholm"], ["suédois", "suédoise"]),
    ("US", "member", "1949-04-04", None, [], ["américain", "américaine", "américains"]),
    ("BY", "adversary", None, None, ["Minsk"], ["biélorusse", "biélorusses"]),
    ("CZ", "member", "1999-03-12", "2004-05-01", ["Prague"], ["tchèque", "tchèques"]),
    ("NO", "member", "1949-04-04", None, ["Oslo"], ["norvégien", "norvégienne"]),
    ("MD", "partner", None, None, ["Chisinau"], ["moldave", "moldaves"]),
    ("RO", "member", "2004-03-29", "2007-01-01", ["Bucarest"], ["roumain", "roumaine"]),
    ("NL", "member", "1949-04-04", "1958-01-01", ["La Haye"], ["néerlandais", "néerlandaise"]),
    ("DK", "member", "1949-04-04", "1973-01-01", ["Copenhague"], ["danois", "danoise"]),
    ("IT", "member", "1949-04-04", "1958-01-01", ["Rome"], ["italien", "italienne"]),
    ("CN", "other", None, None, ["Pékin"], ["chinois", "chinoise"]),
    ("IR", "adversary", None, None, ["Téhéran"], ["iranien", "iranienne"]),
    ("GE", "partner", None, None, ["Tbilissi"], ["géorgien", "géorgienne"]),
    ("BG", "member", "2004-03-29", "2007-01-01", ["Sofia"], ["bulgare", "bulgares"]),
    ("SK", "member", "2004-03-29", "2004-05-01", ["Bratislava"], ["slovaque", "slovaques"]),
    ("HU", "member", "1999-03-12", "2004-05-01", ["Budapest"], ["hongrois", "hongroise"]),
    ("ES", "member", "1982-05-30", "1986-01-01", ["Madrid"], ["espagnol", "espagnole"]),
    ("BE", "member", "1949-04-04", "1958-01-01", [], ["belge", "belges"]),
    ("KP", "adversary", None, None, ["Pyongyang"], ["nord-coréen", "nord-coréens"]),
    ("RS", "other", None, None, ["Belgrade"], ["serbe", "serbes"]),
    ("TR", "member", "1952-02-18", None, ["Ankara"], ["turc", "turque"]),
    ("GR", "member", "1952-02-18", "1981-01-01", ["Athènes"], ["grec", "grecque"]),
    ("CA", "member", "1949-04-04", None, ["Ottawa"], ["canadien", "canadienne"]),
    ("PT", "member", "1949-04-04", "1986-01-01", ["Lisbonne"], ["portugais", "portugaise"]),
    ("HR", "member", "2009-04-01", "2013-07-01", ["Zagreb"], ["croate", "croates"]),
    ("SI", "member", "2004-03-29", "2004-05-01", ["Ljubljana"], ["slovène", "slovènes"]),
    ("ME", "member", "2017-06-05", None, ["Podgorica"], ["monténégrin", "monténégrine"]),
    ("MK", "member", "2020-03-27", None, ["Skopje"], ["macédonien", "macédonienne"]),
    ("AL", "member", "2009-04-01", None, ["Tirana"], ["albanais", "albanaise"]),
    ("IS", "member", "1949-04-04", None, ["Reykjavik"], ["islandais", "islandaise"]),
    ("LU", "member", "1949-04-04", "1958-01-01", [], ["luxembourgeois", "luxembourgeoise"]),
    ("AM", "partner", None, None, ["Erevan"], ["arménien", "arménienne"]),
    ("AZ", "partner", None, None, ["Bakou"], ["azerbaïdjanais"]),
    ("KZ", "other", None, None, ["Astana"], ["kazakh", "kazakhe"]),
    ("SY", "other", None, None, ["Damas"], ["syrien", "syrienne"]),
]
#: Countries cited without an entry in countries.yml (names from CLDR only).
EXTRA_CODES = ["JP", "KR", "IN", "IL", "EG", "LY", "ML", "VE", "CU", "AU"]

FIRST_NAMES = [
    "Anna", "Jonas", "Marta", "Pieter", "Kaja", "Tomas", "Ingrid", "Mikael", "Elena", "Jakub", "Sofia",
    "Andrius", "Laura", "Henrik", "Agnieszka", "Olaf", "Claire", "Matteo", "Katarzyna", "Lars", "Irina",
    "Janis", "Eva", "Stefan", "Ruta", "Pavel", "Helena", "Marek", "Ulla", "Dmytro", "Camille", "Nils",
    "Zuzana", "Gabriel", "Liisa", "Oleksandr", "Maria", "Karl", "Birgit", "Radoslaw", "Hanna", "Viktor",
]
LAST_NAMES = [
    "Kowalski", "Lindqvist", "Brandt", "Novak", "Ozolins", "Tamm", "Virtanen", "Jensen", "Moreau", "Rossi",
    "Dubois", "Schmidt", "Horvath", "Petrescu", "Vasquez", "Kaminski", "Berzins", "Saar", "Korhonen",
    "Nielsen", "Lambert", "Bianchi", "Wagner", "Dvorak", "Kalnins", "Kask", "Lehtonen", "Hansen", "Girard",
    "Romano", "Fischer", "Svoboda", "Liepa", "Mets", "Salo", "Larsen", "Fontaine", "Greco", "Weber",
    "Marek", "Zarins", "Ilves", "Niemi", "Olsen", "Mercier", "Costa", "Becker", "Kral", "Vitols", "Rebane",
]
ROLE_TITLES = [
    ("Ministre de la Défense de {pays}", "Minister of Defence of {country}"),
    ("Ministre des Affaires étrangères de {pays}", "Minister of Foreign Affairs of {country}"),
    ("Chef d'état-major des armées de {pays}", "Chief of Defence of {country}"),
    ("Directeur du renseignement de {pays}", "Director of Intelligence of {country}"),
    ("Premier ministre de {pays}", "Prime Minister of {country}"),
    ("Porte-parole du gouvernement de {pays}", "Government spokesperson of {country}"),
    ("Ambassadeur de {pays} auprès de l'OTAN", "Ambassador of {country} to NATO"),
]
MEETING_KINDS = [
    ("defence-ministers", "Réunion des ministres de la Défense de l'OTAN", 4),
    ("foreign-ministers", "Réunion des ministres des Affaires étrangères de l'OTAN", 3),
    ("summit", "Sommet de l'OTAN", 1),
    ("nato-ukraine-council", "Conseil OTAN-Ukraine", 2),
    ("expert", "Réunion des experts de l'Alliance", 3),
    ("other", "Consultations de l'Alliance", 1),
]
MEETING_PLACES = [("Bruxelles", "BE"), ("Bruxelles", "BE"), ("Bruxelles", "BE"), ("Vilnius", "LT"), ("Madrid", "ES"),
                  ("Washington", "US"), ("Riga", "LV"), ("Prague", "CZ"), ("Oslo", "NO"), ("Bucarest", "RO")]
MEDIA_PATTERNS = ["Le Courrier de {ville}", "Radio {ville}", "{ville} Matin", "La Gazette de {ville}",
                  "L'Observateur de {ville}", "Télé {ville}", "Le Journal de {ville}", "Agence de presse de {ville}"]
CITIES = ["Lyon", "Gdańsk", "Tartu", "Kaunas", "Turku", "Bergen", "Brno", "Cluj", "Gand", "Porto", "Graz",
          "Aarhus", "Malmö", "Daugavpils", "Narva", "Poznań", "Lille", "Hambourg", "Cracovie", "Klaipėda",
          "Tampere", "Göteborg", "Ostrava", "Iași", "Anvers", "Bilbao", "Linz", "Odense", "Liepāja", "Pärnu",
          "Brest", "Dresde", "Wrocław", "Šiauliai", "Oulu", "Trondheim", "Plzeň", "Constanța", "Liège", "Séville"]
ATTRIBUTIONS = (["confirmed"] * 2 + ["attributed"] * 4 + ["suspected"] * 6 + ["alleged"] * 2 + ["unknown"] * 3)
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre"]

# --- text ---------------------------------------------------------------------

OPENINGS = [
    "Selon plusieurs responsables interrogés, {sujet} {verbe} {objet} {complement}.",
    "{sujet_maj} {verbe} {objet} {complement}, a-t-on appris de sources concordantes.",
    "D'après les informations recueillies par la rédaction, {sujet} {verbe} {objet} {complement}.",
    "Dans un rapport publié cette semaine, {sujet} {verbe} {objet} {complement}.",
    "{sujet_maj} {verbe} {objet} {complement}.",
    "Au cours des derniers mois, {sujet} {verbe} {objet} {complement}.",
    "Interrogé sur ce point, un haut responsable a indiqué que {sujet} {verbe} {objet} {complement}.",
    "Les analystes soulignent que {sujet} {verbe} {objet} {complement}.",
]
#: (subject, plural?) with the masculine adjective of a country, singular or plural.
SUJETS = [
    ("les services de renseignement {mp}", True), ("le gouvernement {ms}", False), ("les enquêteurs {mp}", True),
    ("les alliés de l'OTAN", True), ("le parquet {ms}", False), ("le ministère de l'Intérieur {ms}", False),
    ("les ministres de la Défense", True), ("plusieurs pays de l'Alliance", True), ("les experts en cybersécurité", True),
    ("les garde-côtes {mp}", True), ("le renseignement militaire {ms}", False), ("un rapport parlementaire", False),
]
#: Past participles: 'a' or 'ont' is put before them.
VERBES = [
    "signalé", "dénoncé", "mis en garde contre", "documenté", "recensé", "observé", "attribué à {pays}",
    "lié à {pays}", "renforcé la surveillance face à", "ouvert une enquête sur", "fait état de", "alerté sur",
]
OBJETS = [
    "une hausse des {kw}", "une série de {kw}", "de nouveaux cas de {kw}", "une vague de {kw}",
    "des {kw} visant des infrastructures critiques", "la multiplication des {kw}",
    "des {kw} coordonnés", "plusieurs {kw}",
]
#: Plural French words for each threat type, as an article would write them.
THREAT_WORDS = {
    "sabotage": ["sabotages", "actes de sabotage", "tentatives de sabotage"],
    "arson": ["incendies criminels", "incendies volontaires"],
    "cyberattack": ["cyberattaques", "attaques informatiques", "piratages"],
    "disinformation": ["campagnes de désinformation", "opérations de désinformation"],
    "espionage": ["affaires d'espionnage", "activités d'espionnage"],
    "instrumentalised-migration": ["afflux de migrants instrumentalisés", "passages organisés de migrants"],
    "energy-blackmail": ["chantages énergétiques", "coupures de gaz"],
    "shadow-fleet": ["navires de la flotte fantôme", "pétroliers de la flotte fantôme"],
    "airspace-violation": ["violations de l'espace aérien", "incursions de drones"],
    "undersea-infrastructure": ["dommages aux câbles sous-marins", "atteintes aux gazoducs sous-marins"],
    "border-provocation": ["provocations à la frontière", "incidents frontaliers"],
    "violence": ["agressions ciblées", "assassinats"],
    "gps-jamming": ["brouillages GPS", "brouillages de signaux"],
    "election-interference": ["ingérences électorales", "manipulations de scrutins"],
    "proxy-recruitment": ["recrutements d'exécutants", "recrutements sur les messageries"],
}
COMPLEMENTS = [
    "près de {ville}", "dans la région de {ville}", "depuis le début de l'année", "le long de la frontière orientale",
    "autour des ports de la mer Baltique", "contre des dépôts logistiques", "dans plusieurs pays européens",
    "à l'approche des élections", "en marge des exercices militaires", "visant des réseaux ferroviaires",
    "contre des câbles sous-marins", "dans l'espace aérien de l'Alliance", "sur les réseaux sociaux",
]
FILLERS = [
    "La situation reste très surveillée par les capitales européennes, qui redoutent une escalade.",
    "Les Alliés ont rappelé leur engagement en faveur de la défense collective et de la dissuasion.",
    "Cette affaire s'inscrit dans un contexte de tensions accrues depuis l'invasion de l'Ukraine.",
    "Aucune revendication n'a été formulée à ce stade et l'enquête se poursuit.",
    "Plusieurs experts estiment que ces actions visent à tester la cohésion de l'Alliance.",
    "Les autorités ont appelé la population à signaler tout comportement suspect.",
    "Le sujet devrait figurer à l'ordre du jour de la prochaine réunion ministérielle.",
    "Des mesures supplémentaires de protection des infrastructures critiques ont été annoncées.",
    "Les services de sécurité disent manquer de moyens pour surveiller l'ensemble des sites sensibles.",
    "La coopération entre les services de renseignement européens a été renforcée ces derniers mois.",
    "Les responsables interrogés n'ont pas souhaité commenter les détails de l'enquête en cours.",
    "Le gouvernement a convoqué l'ambassadeur pour lui faire part de sa vive protestation.",
    "Ces incidents rappellent la vulnérabilité des réseaux d'énergie et de transport du continent.",
    "Les parlementaires ont demandé la création d'une commission d'enquête sur ces ingérences.",
    "Des exercices conjoints sont prévus pour améliorer la réponse aux menaces hybrides.",
    "Selon les chiffres officiels, le nombre de signalements a doublé en un an.",
]
QUOTES = [
    "Nous ne nous laisserons pas intimider par ces {kw}",
    "Ces {kw} visent à affaiblir notre soutien à l'Ukraine et à diviser nos sociétés",
    "Nous devons renforcer notre résilience face à la menace que représentent les {kw}",
    "La {pays} mène une campagne délibérée contre nos démocraties",
    "Les Alliés sont unis et répondront ensemble à toute forme d'agression hybride",
    "Nous partagerons davantage de renseignements pour protéger nos infrastructures critiques",
    "Il ne fait aucun doute que ces actions sont coordonnées depuis l'étranger",
    "Notre priorité est la sécurité de nos citoyens et de nos installations militaires",
]
MEASURES = [
    "renforcer le partage de renseignements entre les Alliés",
    "accroître la surveillance des infrastructures sous-marines",
    "imposer des restrictions aux diplomates soupçonnés d'espionnage",
    "créer une cellule de coordination contre les menaces hybrides",
    "déployer des moyens supplémentaires en mer Baltique",
    "adopter de nouvelles sanctions contre les responsables identifiés",
    "protéger les processus électoraux contre les ingérences étrangères",
    "renforcer la protection des réseaux ferroviaires et énergétiques",
]
INCIDENTS = [
    ("sabotage", "des installations ferroviaires ont été endommagées", "Dégradation d'installations ferroviaires"),
    ("arson", "un entrepôt logistique a été incendié", "Incendie d'un entrepôt logistique"),
    ("cyberattack", "les sites de plusieurs administrations ont été paralysés par une attaque informatique", "Attaque informatique contre des administrations"),
    ("disinformation", "un réseau de faux comptes diffusant des contenus fabriqués a été démantelé", "Démantèlement d'un réseau de faux comptes"),
    ("espionage", "un homme soupçonné de photographier des sites militaires a été arrêté", "Arrestation d'un homme photographiant des sites militaires"),
    ("instrumentalised-migration", "des centaines de migrants ont été poussés vers la frontière", "Migrants poussés vers la frontière"),
    ("energy-blackmail", "les livraisons de gaz ont été brusquement interrompues", "Interruption des livraisons de gaz"),
    ("shadow-fleet", "un pétrolier de la flotte fantôme a été intercepté", "Interception d'un pétrolier de la flotte fantôme"),
    ("airspace-violation", "un drone militaire a pénétré dans l'espace aérien national", "Drone militaire dans l'espace aérien"),
    ("undersea-infrastructure", "un câble sous-marin de télécommunications a été sectionné", "Câble sous-marin sectionné"),
    ("border-provocation", "des soldats ont franchi la frontière avant de se retirer", "Franchissement de la frontière par des soldats"),
    ("violence", "un opposant en exil a été violemment agressé", "Agression d'un opposant en exil"),
    ("gps-jamming", "le signal GPS a été brouillé pendant plusieurs heures", "Brouillage du signal GPS"),
    ("election-interference", "une campagne d'ingérence visant le scrutin a été mise au jour", "Ingérence dans un scrutin"),
    ("proxy-recruitment", "des jeunes recrutés sur des messageries ont été interpellés", "Interpellation de jeunes recrutés sur des messageries"),
]
TITLES = [
    "{pays_maj} : les autorités dénoncent une série de {kw}",
    "L'OTAN s'inquiète de la multiplication des {kw} en Europe",
    "{personne} appelle les Alliés à répondre aux {kw}",
    "Enquête ouverte après des {kw} près de {ville}",
    "Menaces hybrides : {pays_maj} renforce sa vigilance",
    "Les ministres de l'Alliance face aux {kw}",
    "Nouvelles accusations de {kw} contre la Russie",
]


def zipf_cum(n: int, s: float) -> list[float]:
    """Cumulative Zipf weights of ranks 1..n."""
    return list(accumulate(1.0 / (rank**s) for rank in range(1, n + 1)))


def pick(rng: random.Random, items: list, cum: list[float]):  # type: ignore[no-untyped-def,type-arg]
    return items[bisect(cum, rng.random() * cum[-1])]


def pick_some(rng: random.Random, items: list, cum: list[float], k: int) -> list:  # type: ignore[type-arg]
    out: list = []  # type: ignore[type-arg]
    for _ in range(k * 4):
        if len(out) >= k:
            break
        item = pick(rng, items, cum)
        if item not in out:
            out.append(item)
    return out


def q(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _slug(text: str) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return "-".join("".join(c if c.isalnum() else " " for c in ascii_text).split())


class Synth:
    def __init__(self, n: int, seed: int) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.threats = yaml.safe_load((SEEDS / "threats.yml").read_text(encoding="utf-8"))
        self.threat_ids = [t["id"] for t in self.threats]
        self.threat_cum = zipf_cum(len(self.threat_ids), 1.0)
        self.kw = {t["id"]: THREAT_WORDS.get(t["id"], [t["label"]["fr"].lower()]) for t in self.threats}
        codes = [c[0] for c in COUNTRIES] + EXTRA_CODES
        self.codes = codes
        self.country_cum = zipf_cum(len(codes), 1.3)
        self.adj = {c[0]: c[5] for c in COUNTRIES}
        self.make_people()
        self.make_organisations()
        self.make_meetings()

    # --- registries -----------------------------------------------------------

    def make_people(self) -> None:
        rng = self.rng
        count = max(30, self.n // 25)
        self.people: list[dict] = []  # type: ignore[type-arg]
        seen: set[str] = set()
        secretaries = [("Ingrid Halvorsen", "NO", "2014-10-01", "2024-10-01"), ("Pieter van Dalen", "NL", "2024-10-01", None)]
        for name, code, start, end in secretaries:
            pid = _slug(name)
            seen.add(pid)
            self.people.append({"id": pid, "name": name, "country": code, "aliases": [name.split()[-1]],
                                "roles": [("Secrétaire général de l'OTAN", "NATO Secretary General", start, end)]})
        while len(self.people) < count:
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            pid = _slug(name)
            if pid in seen:
                pid = f"{pid}-{len(self.people)}"
            seen.add(pid)
            code = pick(rng, self.codes[:40], self.country_cum[:40])
            roles = []
            year = rng.randint(2008, 2022)
            for _ in range(rng.randint(1, 3)):
                fr, en = rng.choice(ROLE_TITLES)
                end_year = year + rng.randint(1, 5)
                end = f"{end_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if end_year < 2026 else None
                roles.append((fr.format(pays=cldr.name(code, "fr")), en.format(country=cldr.name(code, "en")),
                              f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", end))
                year = end_year
            self.people.append({"id": pid, "name": name, "country": code, "aliases": [], "roles": roles})
        self.person_cum = zipf_cum(len(self.people), 1.1)

    def make_organisations(self) -> None:
        rng = self.rng
        count = max(12, self.n // 40)
        self.orgs: list[dict] = [  # type: ignore[type-arg]
            {"id": "otan", "name": "OTAN", "kind": "institution", "country": None, "aliases": ["NATO", "Alliance atlantique"]},
            {"id": "union-europeenne", "name": "Union européenne", "kind": "institution", "country": None, "aliases": ["UE"]},
        ]
        seen = {"otan", "union-europeenne"}
        while len(self.orgs) < count:
            city = rng.choice(CITIES)
            name = rng.choice(MEDIA_PATTERNS).format(ville=city)
            oid = _slug(name)
            if oid in seen:
                name = f"{name} {len(self.orgs)}"
                oid = _slug(name)
            seen.add(oid)
            kind = "agency" if name.startswith("Agence") else "media"
            self.orgs.append({"id": oid, "name": name, "kind": kind, "country": pick(rng, self.codes[:30], self.country_cum[:30]), "aliases": []})
        self.org_cum = zipf_cum(len(self.orgs), 1.05)

    def make_meetings(self) -> None:
        rng = self.rng
        count = max(8, self.n // 100)
        kinds_cum = list(accumulate(k[2] for k in MEETING_KINDS))
        start = dt.date(2014, 1, 1).toordinal()
        span = dt.date(2025, 12, 31).toordinal() - start
        self.meetings: list[dict] = []  # type: ignore[type-arg]
        seen: set[str] = set()
        for i in range(count):
            day = dt.date.fromordinal(start + (span * i) // count + rng.randint(0, max(1, span // count - 2)))
            kind, title, _ = MEETING_KINDS[bisect(kinds_cum, rng.random() * kinds_cum[-1])]
            mid = f"{kind}-{day.year}-{day.month:02d}"
            if mid in seen:
                mid = f"{mid}-{day.day:02d}"
            if mid in seen:
                continue
            seen.add(mid)
            place, code = rng.choice(MEETING_PLACES)
            chair = self.secretary_on(day)
            participants = sorted({p["id"] for p in pick_some(rng, self.people, self.person_cum, rng.randint(1, 6))} - {chair})
            self.meetings.append({
                "id": mid, "title": f"{title} ({MONTHS[day.month - 1]} {day.year})", "kind": kind, "day": day,
                "end": day + dt.timedelta(days=1) if kind in ("summit", "defence-ministers") else None,
                "place": place, "country": code, "chair": chair, "participants": participants,
            })
        self.meeting_days = [m["day"].toordinal() for m in self.meetings]

    def secretary_on(self, day: dt.date) -> str:
        return self.people[0]["id"] if day < dt.date(2024, 10, 1) else self.people[1]["id"]

    # --- writing --------------------------------------------------------------

    def write(self, out: Path) -> None:
        if out.exists():
            shutil.rmtree(out)
        (out / "sources").mkdir(parents=True)
        shutil.copyfile(SEEDS / "threats.yml", out / "threats.yml")
        (out / "countries.yml").write_text(self.countries_yml(), encoding="utf-8")
        (out / "people.yml").write_text(self.people_yml(), encoding="utf-8")
        (out / "organisations.yml").write_text(self.orgs_yml(), encoding="utf-8")
        (out / "meetings.yml").write_text(self.meetings_yml(), encoding="utf-8")
        for number in range(1, self.n + 1):
            name, text = self.source(number)
            (out / "sources" / name).write_text(text, encoding="utf-8")

    def countries_yml(self) -> str:
        lines = ["# Pays du corpus synthétique (benchmarks/synth.py). Format : docs/format.md.", ""]
        for code, role, nato, eu, aliases, adjectives in COUNTRIES:
            lines.append(f"- code: {code}")
            lines.append(f"  role: {role}")
            if nato:
                lines.append(f"  nato: {nato}")
            if eu:
                lines.append(f"  eu: {eu}")
            if aliases:
                lines.append(f"  aliases: [{', '.join(aliases)}]")
            if adjectives:
                lines.append(f"  adjectives: [{', '.join(adjectives)}]")
            lines.append("")
        return "\n".join(lines)

    def people_yml(self) -> str:
        lines = ["# Personnes du corpus synthétique. Format : docs/format.md.", ""]
        for p in self.people:
            lines += [f"- id: {p['id']}", f"  name: {q(p['name'])}"]
            if p["aliases"]:
                lines.append(f"  aliases: [{', '.join(p['aliases'])}]")
            lines.append(f"  country: {p['country']}")
            lines.append("  roles:")
            for fr, en, start, end in p["roles"]:
                lines.append(f"    - title: {{fr: {q(fr)}, en: {q(en)}}}")
                lines.append(f"      from: {start}")
                if end:
                    lines.append(f"      to: {end}")
            lines.append("")
        return "\n".join(lines)

    def orgs_yml(self) -> str:
        lines = ["# Organisations du corpus synthétique. Format : docs/format.md.", ""]
        for o in self.orgs:
            lines += [f"- id: {o['id']}", f"  name: {q(o['name'])}", f"  kind: {o['kind']}"]
            if o["country"]:
                lines.append(f"  country: {o['country']}")
            if o["aliases"]:
                lines.append(f"  aliases: [{', '.join(o['aliases'])}]")
            lines.append("")
        return "\n".join(lines)

    def meetings_yml(self) -> str:
        lines = ["# Réunions du corpus synthétique. Format : docs/format.md.", ""]
        for m in self.meetings:
            lines += [f"- id: {m['id']}", f"  title: {q(m['title'])}", f"  kind: {m['kind']}", f"  start: {m['day'].isoformat()}"]
            if m["end"]:
                lines.append(f"  end: {m['end'].isoformat()}")
            lines += [f"  place: {m['place']}", f"  country: {m['country']}", f"  chair: {m['chair']}"]
            if m["participants"]:
                lines.append(f"  participants: [{', '.join(m['participants'])}]")
            lines.append("")
        return "\n".join(lines)

    # --- one source -----------------------------------------------------------

    def date(self) -> tuple[dt.date, str]:
        rng = self.rng
        # Ten years, most sources in the last three.
        year = 2025 - min(11, int(rng.expovariate(0.45)))
        day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        roll = rng.random()
        text = day.isoformat() if roll < 0.86 else f"{day.year}-{day.month:02d}" if roll < 0.97 else ""
        return day, text

    def sentence(self, countries: list[str], threats: list[str]) -> str:
        rng = self.rng
        code = rng.choice(countries)
        adj = self.adj.get(code) or ["européen", "européens"]
        plural = next((a for a in adj if a.endswith(("s", "x"))), adj[0])
        threat = rng.choice(threats)
        kw = rng.choice(self.kw[threat])
        sujet, many = rng.choice(SUJETS)
        sujet = sujet.format(ms=adj[0], mp=plural)
        verbe = ("ont " if many else "a ") + rng.choice(VERBES).format(pays=self.country_fr(rng.choice(countries)))
        text = rng.choice(OPENINGS).format(
            sujet=sujet, sujet_maj=sujet[:1].upper() + sujet[1:], verbe=verbe,
            objet=rng.choice(OBJETS).format(kw=kw), complement=rng.choice(COMPLEMENTS).format(ville=rng.choice(CITIES)),
        )
        return text

    def country_fr(self, code: str) -> str:
        name = cldr.name(code, "fr")
        return name

    def source(self, number: int) -> tuple[str, str]:
        rng = self.rng
        day, date_text = self.date()
        countries = pick_some(rng, self.codes, self.country_cum, rng.randint(2, 7))
        threats = pick_some(rng, self.threat_ids, self.threat_cum, rng.randint(1, 5))
        people = [p["id"] for p in pick_some(rng, self.people, self.person_cum, rng.randint(0, 4))]
        orgs = [o["id"] for o in pick_some(rng, self.orgs, self.org_cum, rng.randint(0, 3))]
        publisher = pick(rng, self.orgs, self.org_cum)["id"]
        # Meetings held within two months of the source.
        meetings = []
        at = bisect(self.meeting_days, day.toordinal())
        for m in self.meetings[max(0, at - 2): at + 1]:
            if abs(m["day"].toordinal() - day.toordinal()) < 60 and rng.random() < 0.6:
                meetings.append(m["id"])
        people_by_id = {p["id"]: p for p in self.people}
        title = rng.choice(TITLES).format(
            pays_maj=self.country_fr(countries[0]), kw=rng.choice(self.kw[threats[0]]),
            personne=people_by_id[people[0]]["name"] if people else "Le secrétaire général",
            ville=rng.choice(CITIES),
        )
        paragraphs: list[str] = [title]
        if date_text:
            paragraphs.append(f"Publié le {day.day} {MONTHS[day.month - 1]} {day.year}")
        incidents, quotes, measures, mentions = [], [], [], []
        for _ in range(rng.randint(10, 26)):
            sentences = [self.sentence(countries, threats) for _ in range(rng.randint(1, 3))]
            sentences += rng.sample(FILLERS, rng.randint(0, 2))
            rng.shuffle(sentences)
            paragraphs.append(" ".join(sentences))
        # Incidents: a sentence each, its evidence copied from it.
        for _ in range(min(8, int(rng.expovariate(1 / 2.2)))):
            threat = rng.choice(threats) if rng.random() < 0.8 else pick(rng, self.threat_ids, self.threat_cum)
            if threat not in threats:
                threats.append(threat)
            fact = next(i for i in INCIDENTS if i[0] == threat)
            where = rng.choice(countries)
            city = rng.choice(CITIES)
            when = day - dt.timedelta(days=rng.randint(0, 120))
            evidence = f"en {MONTHS[when.month - 1]} {when.year}, {fact[1]} près de {city}"
            evidence += f" ({self.country_fr(where)}) selon {rng.choice(['la police', 'le parquet', 'les autorités', 'les services de renseignement'])}"
            actor = "RU" if rng.random() < 0.65 else (rng.choice(["BY", "IR", "CN"]) if rng.random() < 0.3 else None)
            if actor and actor not in countries:
                countries.append(actor)
            lead = rng.choice(["Les enquêteurs rappellent qu'", "Il convient de noter qu'", "Par ailleurs, ", "Toujours selon ce rapport, "])
            paragraphs.insert(rng.randint(2, len(paragraphs)), f"{lead}{evidence}. " + rng.choice(FILLERS))
            incidents.append({
                "summary": f"{fact[2]} près de {city}", "date": f"{when.year}-{when.month:02d}" if rng.random() < 0.5 else when.isoformat(),
                "country": where, "place": city if rng.random() < 0.5 else None, "threat": threat, "actor": actor,
                "attribution": rng.choice(ATTRIBUTIONS), "meeting": meetings[0] if meetings and rng.random() < 0.3 else None,
                "evidence": evidence,
            })
        # Quotes: said by a person the source names.
        if people:
            for _ in range(min(6, int(rng.expovariate(1 / 1.6)))):
                speaker = rng.choice(people)
                text = rng.choice(QUOTES).format(kw=rng.choice(self.kw[rng.choice(threats)]), pays=self.country_fr("RU"))
                text += rng.choice(["", f", a insisté l'intervenant à {rng.choice(CITIES)}", " dans les mois à venir", " sans attendre"])
                name = people_by_id[speaker]["name"]
                paragraphs.insert(rng.randint(2, len(paragraphs)), f"« {text} », a déclaré {name}. " + rng.choice(FILLERS))
                quotes.append({"speaker": speaker, "text": text, "meeting": meetings[0] if meetings and rng.random() < 0.5 else None})
        # Measures, at a meeting when there is one.
        for _ in range(rng.choice([0, 0, 0, 1, 1, 2])):
            text = rng.choice(MEASURES)
            paragraphs.insert(rng.randint(2, len(paragraphs)), f"Les ministres ont décidé de {text}. " + rng.choice(FILLERS))
            measures.append({"text": text[:1].upper() + text[1:], "meeting": meetings[0] if meetings else None,
                             "threats": threats[:rng.randint(0, 2)], "evidence": text})
        # A mention: a designation only this text ties to a person.
        if rng.random() < 0.3:
            secretary = self.secretary_on(day)
            phrase = rng.choice(["le chef de l'Alliance", "le patron de l'OTAN", "le secrétaire général de l'Alliance"])
            paragraphs.insert(rng.randint(2, len(paragraphs)), f"Pour {phrase}, la réponse doit rester collective et mesurée.")
            mentions.append({"text": phrase, "person": secretary})
            if secretary not in people:
                people.append(secretary)
        for s in quotes:
            if s["speaker"] not in people:
                people.append(s["speaker"])
        summary = " ".join(paragraphs[2:4])[:400].rsplit(" ", 1)[0] + "…"
        lines = ["---", f"title: {q(title)}"]
        if date_text:
            lines.append(f"date: {date_text}")
        lines += [f"publisher: {publisher}", "language: fr", "summary: >-"]
        lines += wrap(summary, "  ")
        if meetings:
            lines.append(f"meetings: [{', '.join(meetings)}]")
        lines.append(f"countries: [{', '.join(countries)}]")
        lines.append(f"threats: [{', '.join(threats)}]")
        if people:
            lines.append(f"people: [{', '.join(people)}]")
        if orgs:
            lines.append(f"organisations: [{', '.join(orgs)}]")
        if mentions:
            lines.append("mentions:")
            for m in mentions:
                lines += [f"  - text: {q(m['text'])}", f"    person: {m['person']}"]
        if incidents:
            lines.append("incidents:")
            for i in incidents:
                lines.append(f"  - summary: {q(i['summary'])}")
                lines.append(f"    date: {i['date']}")
                lines.append(f"    country: {i['country']}")
                if i["place"]:
                    lines.append(f"    place: {q(i['place'])}")
                lines.append(f"    threat: {i['threat']}")
                if i["actor"]:
                    lines.append(f"    actor: {i['actor']}")
                lines.append(f"    attribution: {i['attribution']}")
                if i["meeting"]:
                    lines.append(f"    meeting: {i['meeting']}")
                lines.append(f"    evidence: {q(i['evidence'])}")
        if quotes:
            lines.append("quotes:")
            for x in quotes:
                lines.append(f"  - speaker: {x['speaker']}")
                if x["meeting"]:
                    lines.append(f"    meeting: {x['meeting']}")
                lines.append(f"    text: {q(x['text'])}")
        if measures:
            lines.append("measures:")
            for x in measures:
                lines.append(f"  - text: {q(x['text'])}")
                if x["meeting"]:
                    lines.append(f"    meeting: {x['meeting']}")
                if x["threats"]:
                    lines.append(f"    threats: [{', '.join(x['threats'])}]")
                lines.append(f"    evidence: {q(x['evidence'])}")
        if rng.random() < 0.05:
            lines.append("reviewed: false")
        lines.append("---")
        slug = _slug(title)[:60].rstrip("-")
        name = f"{day.year}-{day.month:02d}-{slug}-{number:05d}.txt"
        return name, "\n".join(lines) + "\n" + "\n\n".join(paragraphs) + "\n"


def wrap(text: str, indent: str, width: int = 78) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return lines


def write_corpus(out: Path, sources: int, seed: int = 1) -> Path:
    """Write the synthetic seeds of ``sources`` sources under ``out``; returns ``out``."""
    Synth(sources, seed).write(Path(out))
    return Path(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sources", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write_corpus(args.out, args.sources, args.seed)
    print(f"{args.sources} sources written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
