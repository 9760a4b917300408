"""The site's French words: label tables, dates, counted nouns and the phrases several outputs share.

Pages, figures, feeds and exports take their labels from here, so that each label has one
home and says the same thing everywhere. A sentence that belongs to one page stays in that
page's module.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from babel import Locale
from babel.dates import format_date

from .dates import PartialDate
from .model import Source
from .reader import read_problems

if TYPE_CHECKING:
    from .corpus import Corpus

# --- labels of the annotations' values ------------------------------------------

ATTRIBUTION_FR = {
    "confirmed": "confirmé",
    "attributed": "attribué",
    "suspected": "soupçonné",
    "alleged": "allégué",
    "unknown": "inconnu",
}
MEETING_KIND_FR = {
    "summit": "Sommet",
    "foreign-ministers": "Réunion des ministres des Affaires étrangères",
    "defence-ministers": "Réunion des ministres de la Défense",
    "nato-ukraine-council": "Conseil OTAN-Ukraine",
    "expert": "Réunion d'experts",
    "other": "Autre réunion",
}
COUNTRY_ROLE_FR = {
    "member": "Membre de l'OTAN",
    "partner": "Partenaire de l'OTAN",
    "adversary": "Adversaire",
    "other": "Autre",
}
ORGANISATION_KIND_FR = {"media": "Média", "agency": "Agence", "institution": "Institution", "other": "Autre"}
LANGUAGE_FR = {"fr": "français", "en": "anglais"}
SEVERITY_FR = {"error": "erreur", "warning": "avertissement"}

#: An incident whose author is established (confirmed or attributed), and one whose author is not.
IMPUTED = "imputé"
UNESTABLISHED = "soupçonné, allégué ou d'auteur inconnu"
UNESTABLISHED_PLURAL = "soupçonnés, allégués ou d'auteur inconnu"

#: Who publishes the feeds and the STIX bundle.
PUBLISHER = "Briefing — menaces hybrides russes"

#: The orders a list can be in, as its pages say them.
NEWEST = "du plus récent au plus ancien"
OLDEST = "du plus ancien au plus récent"

DRAFT = "brouillon à relire"

# --- counted nouns ------------------------------------------------------------------


_PLURAL_FORM = Locale.parse("fr").plural_form


@lru_cache(maxsize=4096)
def _singular(n: int) -> bool:
    # Babel evaluates the CLDR rule afresh on each call (some microseconds): counts repeat.
    return _PLURAL_FORM(n) == "one"


def agree(n: int, singular: str, plural: str) -> str:
    """The form that goes with ``n`` things, by CLDR's plural rules for French (through Babel):
    the singular for 0 and 1 (category « one »), the plural past them. CLDR puts large round
    numbers (1 000 000) in a category « many » of their own, for « un million de sources »;
    written in figures, they take the plural, as « other »."""
    return singular if _singular(n) else plural


def plural(word: str) -> str:
    """The regular plural of a French word: unchanged after s, x or z (« pays »), x after au and eu, else s."""
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith(("au", "eu")):
        return word + "x"
    return word + "s"


def counted(n: int, singular: str, plural_form: str | None = None) -> str:
    """'1 source', '3 sources', '2 pays'; ``plural_form`` when the plural is not the regular one
    (« 3 entrées datées »)."""
    return f"{n} {agree(n, singular, plural_form or plural(singular))}"


# --- dates ------------------------------------------------------------------------

UNKNOWN_MONTH = "mois inconnu"


@lru_cache(maxsize=65536)
def _french(day: PartialDate) -> str:
    return day.french()


def date_fr(day: PartialDate | None) -> str:
    """'12 septembre 2024', 'mai 2024', '2024', or 'date inconnue'."""
    return _french(day) if day else "date inconnue"


def month_fr(col: tuple[int, int]) -> str:
    """(year, month) as 'mai 2024', or '2024, mois inconnu' (month 0)."""
    return date_fr(PartialDate(*col)) if col[1] else f"{col[0]}, {UNKNOWN_MONTH}"


def month_alone(col: tuple[int, int]) -> str:
    """'janvier', or 'mois inconnu'."""
    return format_date(PartialDate(*col).first_day, "LLLL", locale="fr") if col[1] else UNKNOWN_MONTH


def month_abbreviated(col: tuple[int, int]) -> str:
    """'janv.', 'mai' (the month is known)."""
    return format_date(PartialDate(*col).first_day, "MMM", locale="fr")


# --- sources ----------------------------------------------------------------------


def source_state(s: Source) -> str:
    """A source's state in French, as its page and the sources index say it: a text that could
    not be read as written is never « relue », whatever its annotation says."""
    reading = read_problems(s.problems)
    if reading:
        return "texte non lu : à corriger" if any(d.unread for d in reading) else "texte mal lu : à corriger"
    return "relue" if s.reviewed else DRAFT


def short_label(corpus: Corpus, source_id: str, limit: int = 48) -> str:
    """'Deutsche Welle, 13 juin 2024', or the title cut at a word when there is no publisher."""
    s = corpus.sources[source_id]
    if s.publisher:
        return f"{corpus.organisations[s.publisher].name}, {date_fr(s.date)}"
    title = " ".join(s.title.split())
    if len(title) > limit:
        title = title[:limit].rsplit(" ", 1)[0] + "…"
    return f"{title}, {date_fr(s.date)}" if s.date else title
