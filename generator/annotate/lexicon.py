"""Everything the rules look up, built once from the registries and the data files.

Country names come from CLDR (:mod:`generator.countries`), people, threats,
organisations and meetings from the registries (:func:`generator.corpus.load_corpus`),
demonyms, capitals and the closed word classes from the YAML files in
``generator/annotate/data``. Each kind of entity gets one compiled
:class:`~generator.annotate.gazetteer.Gazetteer`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .. import countries as cldr
from ..corpus import Corpus
from ..dates import PartialDate
from ..model import Meeting, Person
from .gazetteer import Gazetteer
from .text import WORD, derivation_stem, inflection_stem, key

DATA = Path(__file__).parent / "data"
LANGS = ("fr", "en")


@cache
def _data(name: str) -> dict[str, Any]:
    with open(DATA / name, encoding="utf-8") as handle:
        # BaseLoader: every scalar stays a string ("NO" is Norway, not False).
        return yaml.load(handle, Loader=yaml.BaseLoader)  # a BaseLoader builds no objects


def french_demonym_forms(masculine: str) -> list[str]:
    """The four forms of a regular French adjective of nationality, from the
    masculine singular: an -e ending is common to both genders (russe, russes);
    -s and -x do not change in the masculine plural (polonais, polonaise,
    polonaises); -en and -on double their n in the feminine (ukrainienne,
    lettonne); every other ending takes -e, -s, -es (allemande, allemands)."""
    word = masculine
    if word.endswith("e"):
        return [word, word + "s"]
    if word.endswith(("s", "x")):
        return [word, word + "e", word + "es"]
    if word.endswith(("en", "on")):
        return [word, word + "ne", word + "s", word + "nes"]
    return [word, word + "e", word + "s", word + "es"]


#: Generic geographic nouns at the head of some country names ("Îles Cook",
#: "Cayman Islands"): running text often writes them in lower case.
_CLASSIFIERS = {"ile", "iles", "island", "islands"}


@dataclass(frozen=True)
class CountryTerm:
    #: None for a blocker (a longer phrase that is not the country).
    code: str | None
    #: name, alias, demonym, capital, registry (the registry's aliases and adjectives).
    how: str


@dataclass(frozen=True)
class Keyword:
    threat: str
    text: str
    #: Content words, as stems: inflection stems for a one-word keyword,
    #: derivation stems otherwise.
    stems: tuple[str, ...]


@dataclass
class ThreatIndex:
    single: dict[str, list[Keyword]] = field(default_factory=dict)
    #: Multi-word keywords, by their rarest-looking (longest) stem.
    multi: dict[str, list[Keyword]] = field(default_factory=dict)
    #: Every stem of a multi-word keyword.
    stems: set[str] = field(default_factory=set)


@dataclass
class Cues:
    """The closed word classes of ``data/cues.yml`` for one language, as lookup keys."""

    lang: str
    function_words: frozenset[str]
    weekdays: frozenset[str]
    months: dict[str, int]
    speech_verbs: frozenset[str]
    speech_phrases: Gazetteer[str]
    pronouns: frozenset[str]
    according_to: Gazetteer[str]
    relatives: frozenset[str]
    role_nouns: frozenset[str]
    role_phrases: Gazetteer[str]
    honorifics: frozenset[str]
    name_particles: frozenset[str]
    not_person_words: frozenset[str]
    place_prepositions: frozenset[str]
    attribution: Gazetteer[str]
    event_verbs: frozenset[str]
    media_nouns: frozenset[str]
    publisher_cues: list[str]
    threat_blockers: Gazetteer[str]
    portfolio_words: frozenset[str]
    name_connectors: frozenset[str]
    feminine: frozenset[str]
    masculine: frozenset[str]
    determiners: frozenset[str]


def _words(items: Iterable[str]) -> frozenset[str]:
    return frozenset(key(i) for i in items)


def _cues(lang: str) -> Cues:
    data = _data("cues.yml")
    countries = _data("countries.yml")

    def lst(name: str) -> list[str]:
        value = data[name]
        return list(value.get(lang, [])) if isinstance(value, dict) else list(value)

    months: dict[str, int] = {}
    for number, names in data["months"][lang].items():
        for name in names:
            months[key(name)] = int(number)
    speech = lst("speech_verbs")
    roles = lst("role_nouns")
    attribution = [(term, status) for status, langs in data["attribution"].items() for term in langs.get(lang, [])]
    media = countries["media_nouns"][lang]
    return Cues(
        lang=lang,
        function_words=_words(lst("function_words")),
        weekdays=_words(lst("weekdays")),
        months=months,
        speech_verbs=_words(w for w in speech if " " not in w),
        speech_phrases=Gazetteer((w, w) for w in speech if " " in w),
        pronouns=_words(lst("pronouns")),
        according_to=Gazetteer((w, w) for w in lst("according_to")),
        relatives=_words(lst("relatives")),
        role_nouns=_words(w for w in roles if " " not in w),
        role_phrases=Gazetteer((w, w) for w in roles if " " in w or "'" in w),
        honorifics=frozenset(h.rstrip(".") for h in lst("honorifics")),
        name_particles=_words(data["name_particles"]),
        not_person_words=_words(lst("not_person_words")),
        place_prepositions=_words(lst("place_prepositions")),
        attribution=Gazetteer(attribution),
        # Accents kept: the participle "incendiés" is an event, the noun "incendies" is not.
        event_verbs=frozenset(unicodedata.normalize("NFC", w.lower()) for w in lst("event_verbs")),
        media_nouns=_words(media),
        publisher_cues=lst("publisher_cues"),
        threat_blockers=Gazetteer((w, w) for w in lst("threat_blockers")),
        portfolio_words=_words(lst("portfolio_words")),
        name_connectors=_words(data["name_connectors"]),
        feminine=_words(w.rstrip(".") for w in lst("feminine")),
        masculine=_words(w.rstrip(".") for w in lst("masculine")),
        determiners=_words(lst("determiners")),
    )


@dataclass
class Lexicon:
    """The compiled look-ups for both languages."""

    corpus: Corpus
    countries: dict[str, Gazetteer[CountryTerm]]
    people: Gazetteer[str]
    organisations: Gazetteer[str]
    role_titles: Gazetteer[str]
    #: Role title key → (person id, role) for every registry role.
    title_holders: dict[str, list[tuple[str, object]]]
    threats: dict[str, ThreatIndex]
    cues: dict[str, Cues]
    #: (kind, one regex for all its designations), in the order kinds are tried.
    meeting_kinds: list[tuple[str, re.Pattern[str]]]
    #: markers (NATO named), nouns (a meeting), others (another body).
    meeting_regexes: dict[str, re.Pattern[str]]
    #: Word key → the kinds of meeting whose designations start with it.
    meeting_triggers: dict[str, set[str]]
    future_markers: re.Pattern[str]
    #: Codes the registry marks as adversaries (the usual actors of incidents).
    adversaries: frozenset[str]
    #: Words only French has, words only English has (function words, verbs of saying).
    language_words: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    #: Word key → (inflection stem, derivation stem), per language: a memo.
    stems: dict[str, dict[str, tuple[str, str]]] = field(default_factory=lambda: {"fr": {}, "en": {}})

    @property
    def people_by_id(self) -> dict[str, Person]:
        return self.corpus.people

    @property
    def meetings(self) -> list[Meeting]:
        return list(self.corpus.meetings.values())

    def holder(self, title_key: str, day: PartialDate | None) -> str | None:
        """The one person who held the role named ``title_key`` on ``day``."""
        if day is None:
            return None
        holders = {pid for pid, role in self.title_holders.get(title_key, []) if role.held_on(day)}  # type: ignore[attr-defined]
        return holders.pop() if len(holders) == 1 else None


def _country_terms(corpus: Corpus, lang: str) -> list[tuple[str, CountryTerm]]:
    data = _data("countries.yml")
    terms: list[tuple[str, CountryTerm]] = []
    ambiguous: set[str] = set()
    for code, entry in data["ambiguous"].items():
        for name in entry.get("names", {}).get(lang, []):
            ambiguous.add(key(name))
        for phrase in entry.get("phrases", {}).get(lang, []):
            terms.append((phrase, CountryTerm(code, "alias")))
    for phrase in data["blockers"][lang]:
        terms.append((phrase, CountryTerm(None, "blocker")))
    # The registry first: the analysts' own aliases and adjectives win.
    for country in corpus.countries.values():
        for alias in country.aliases:
            terms.append((alias, CountryTerm(country.code, "registry")))
        for adjective in country.adjectives:
            terms.append((adjective, CountryTerm(country.code, "demonym")))
    for code in sorted(cldr.codes()):
        name = cldr.name(code, lang)
        if name != code and key(name) not in ambiguous:
            # A classifier noun is often written in lower case ("aux îles Cook").
            name = " ".join(w.lower() if key(w) in _CLASSIFIERS else w for w in name.split(" "))
            terms.append((name, CountryTerm(code, "name")))
    for code, entry in data["countries"].items():
        for alias in entry.get("aliases", {}).get(lang, []):
            terms.append((alias, CountryTerm(code, "alias")))
        demonyms = entry.get("demonyms", {}).get(lang, [])
        forms = [f for d in demonyms for f in french_demonym_forms(d)] if lang == "fr" else list(demonyms)
        forms += entry.get("demonym_forms", {}).get(lang, [])
        for form in forms:
            terms.append((form, CountryTerm(code, "demonym")))
        for capital in entry.get("capitals", {}).get(lang, []):
            terms.append((capital, CountryTerm(code, "capital")))
    return terms


def _threat_index(corpus: Corpus, lang: str, function_words: frozenset[str]) -> ThreatIndex:
    index = ThreatIndex()
    for threat in corpus.threats.values():
        for kw_lang in LANGS:
            for keyword in threat.keywords.get(kw_lang, []):
                words = [m.group() for m in WORD.finditer(keyword)]
                content = [w for w in words if key(w) not in function_words and len(w) > 1]
                if not content:
                    continue
                if len(content) == 1:
                    stem = inflection_stem(content[0], lang)
                    index.single.setdefault(stem, []).append(Keyword(threat.id, keyword, (stem,)))
                else:
                    stems = tuple(dict.fromkeys(derivation_stem(w, lang) for w in content))
                    if len(stems) == 1:
                        index.single.setdefault(stems[0], []).append(Keyword(threat.id, keyword, stems))
                        continue
                    anchor = max(stems, key=len)
                    index.multi.setdefault(anchor, []).append(Keyword(threat.id, keyword, stems))
                    index.stems.update(stems)
    return index


def _triggers(table: dict[str, list[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for kind, words in table.items():
        for word in words:
            out.setdefault(key(word), set()).add(kind)
    return out


def build_lexicon(corpus: Corpus) -> Lexicon:
    cues = {lang: _cues(lang) for lang in LANGS}
    # Titles travel between the languages ("le Premier ministre", "Prime Minister X"
    # quoted in a French article): each language knows the nouns of function of both.
    roles = cues["fr"].role_nouns | cues["en"].role_nouns
    data = _data("cues.yml")
    blockers = Gazetteer((w, w) for lang in LANGS for w in data["threat_blockers"][lang])
    for c in cues.values():
        c.role_nouns = roles
        c.threat_blockers = blockers  # phrases, valid whichever the text's language
    countries = {lang: Gazetteer(_country_terms(corpus, lang)) for lang in LANGS}
    people = Gazetteer((name, p.id) for p in corpus.people.values() for name in [p.name, *p.aliases])
    organisations = Gazetteer((name, o.id) for o in corpus.organisations.values() for name in [o.name, *o.aliases])
    holders: dict[str, list[tuple[str, object]]] = {}
    titles = []
    for person in corpus.people.values():
        for role in person.roles:
            for text in role.title.values():
                holders.setdefault(key(text), []).append((person.id, role))
                titles.append((text, key(text)))
    # A title is matched in lower case too: "le secrétaire général de l'OTAN".
    role_titles = Gazetteer((t.lower() if not t.isupper() else t, k) for t, k in titles)
    data = _data("cues.yml")
    fr = cues["fr"].function_words | cues["fr"].speech_verbs
    en = cues["en"].function_words | cues["en"].speech_verbs
    return Lexicon(
        language_words=(fr - en, en - fr),
        corpus=corpus,
        countries=countries,
        people=people,
        organisations=organisations,
        role_titles=role_titles,
        title_holders=holders,
        threats={lang: _threat_index(corpus, lang, cues[lang].function_words) for lang in LANGS},
        cues=cues,
        meeting_kinds=[
            (kind, re.compile("|".join(f"(?:{p})" for lang in LANGS for p in langs.get(lang, [])), re.IGNORECASE))
            for kind, langs in data["meetings"].items()
        ],
        meeting_regexes={
            "markers": re.compile("|".join(data["nato_markers"]), re.IGNORECASE),
            "nouns": re.compile(r"\b(?:" + "|".join(data["meeting_nouns"]) + r")\b", re.IGNORECASE),
            "others": re.compile("|".join(data["other_bodies"]), re.IGNORECASE),
        },
        meeting_triggers=_triggers(data["meeting_triggers"]),
        future_markers=re.compile(r"\b(?:" + "|".join(re.escape(key(w)) for w in data["future_markers"]) + r")\b", re.IGNORECASE),
        adversaries=frozenset(c.code for c in corpus.countries.values() if c.role == "adversary"),
    )
