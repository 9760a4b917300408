"""Ids made from names: letters transliterate, and the ids of existing names stay as they were."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.slugs import FALLBACK, slug

REPO = Path(__file__).resolve().parent.parent
REGISTRIES = (REPO / "seeds", REPO / "tests" / "data" / "annotate" / "registry")
TEXTS = sorted((REPO / "seeds" / "sources").glob("*.txt")) + sorted((REPO / "tests" / "data" / "annotate").glob("*.txt"))


# The functions ids were made with before generator.slugs, for names in Latin-1: the generator's
# (ASCII letters after Unicode decomposition) and the assistant's for people (a few Latin
# letters that do not decompose spelled out first).
def _old_slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "source"


_OLD_TRANSLITERATE = str.maketrans({"ø": "o", "Ø": "O", "ß": "ss", "æ": "ae", "Æ": "AE", "þ": "th", "Þ": "Th", "ð": "d"})


def _old_person_id(name: str) -> str:
    return _old_slug(name.translate(_OLD_TRANSLITERATE))


@pytest.mark.parametrize(("text", "expected"), [
    ("Wrocław", "wroclaw"),
    ("Łódź", "lodz"),
    ("Władysław Kosiniak-Kamysz", "wladyslaw-kosiniak-kamysz"),
    ("Дмитрий Песков", "dmitrii-peskov"),
    ("Владимир Путин", "vladimir-putin"),
    ("Κυριάκος Μητσοτάκης", "kuriakos-metsotakes"),
    ("Straße", "strasse"),
    ("Øystein Bø", "oystein-bo"),
    ("cœur", "coeur"),
])
def test_letters_are_transliterated(text: str, expected: str) -> None:
    assert slug(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Sommet de l'OTAN", "sommet-de-l-otan"),  # a typed apostrophe separates, as before
    ("Sommet de l’OTAN", "sommet-de-lotan"),  # a typographic one was dropped, and still is
    ("2024", "2024"),
    ("1,5 million", "1-5-million"),
    ("AT&amp;T", "at-amp-t"),
    ("Prix 5 € ©", "prix-5"),  # signs are not spelled out
    ("  Jens   Stoltenberg ", "jens-stoltenberg"),
    ("snake_case", "snake-case"),
])
def test_punctuation_digits_and_signs_as_before(text: str, expected: str) -> None:
    assert slug(text) == expected == _old_slug(text)


@pytest.mark.parametrize("text", ["", "   ", "« — »", "!?", "€", "’"])
def test_text_without_letters_gets_the_fallback(text: str) -> None:
    assert slug(text) == FALLBACK == "source"
    assert slug(text, fallback="new") == "new"


def _names(value: object) -> Iterator[str]:
    """Every string of a registry entry (names, aliases, titles, places)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _names(v)
    elif isinstance(value, list):
        for v in value:
            yield from _names(v)


def _latin1(text: str) -> bool:
    return all(ord(c) < 256 for c in text)


def test_registry_names_keep_their_ids() -> None:
    names = {n for folder in REGISTRIES for path in folder.glob("*.yml")
             for n in _names(yaml.safe_load(path.read_text(encoding="utf-8")))}
    names |= {p.stem for p in (REPO / "seeds" / "sources").glob("*.txt")}
    latin1 = sorted(n for n in names if _latin1(n))
    assert len(latin1) > 100
    for name in latin1:
        assert slug(name) == _old_person_id(name), name
        if not set(name) & set("øØßæÆþÞð"):
            assert slug(name) == _old_slug(name), name


def test_names_in_the_texts_keep_their_ids() -> None:
    """Every run of capitalised words of the seeds and of the development set (the names
    the assistant makes new ids of) gets the id it got before."""
    runs = {m.group(0) for path in TEXTS
            for m in re.finditer(r"[A-ZÀ-Þ][\w.'’-]*(?: [A-ZÀ-Þ][\w.'’-]*){1,3}", path.read_text(encoding="utf-8"))}
    latin1 = [r for r in runs if _latin1(r)]
    assert len(latin1) > 100
    for name in latin1:
        assert slug(name) == _old_person_id(name), name


@pytest.mark.parametrize(("name", "expected"), [
    ("Agnė Vaiciukevičiūtė", "agne-vaiciukeviciute"),
    ("Cristian Pîrvulescu", "cristian-pirvulescu"),
    ("Dmitry S. Peskov", "dmitry-s-peskov"),
    ("Kaspars Briškens", "kaspars-briskens"),
    ("Sauli Niinistö", "sauli-niinisto"),
    ("Troels Lund Poulsen", "troels-lund-poulsen"),
    ("Viorel Cernăuțeanu", "viorel-cernauteanu"),
])
def test_development_set_people_keep_their_ids(name: str, expected: str) -> None:
    """The ids the hand annotations of tests/data/annotate expect for people the registry lacks."""
    assert slug(name) == expected
