"""Counted nouns follow CLDR's plural rules for French: 0 and 1 in the singular, the plural past them."""

from __future__ import annotations

import pytest
from support import SEEDS

from generator.figures.worldmap import europe, incident_counts
from generator.load import load_corpus
from generator.pages.home import render_home
from generator.paths import DIRECTORY_URLS
from generator.vocabulary import agree, counted, plural


@pytest.mark.parametrize(("n", "expected"), [
    (0, "0 source"),
    (1, "1 source"),
    (2, "2 sources"),
    (1000, "1000 sources"),
    # CLDR's category « many » (large round numbers) takes the plural, like « other ».
    (1000000, "1000000 sources"),
    (2000000, "2000000 sources"),
])
def test_counted_by_cldr(n: int, expected: str) -> None:
    assert counted(n, "source") == expected


def test_irregular_and_given_plurals() -> None:
    assert counted(1, "pays") == "1 pays"
    assert counted(2, "pays") == "2 pays"
    assert counted(3, "réseau") == "3 réseaux"
    assert counted(2, "réunion") == "2 réunions"
    assert counted(0, "entrée datée", "entrées datées") == "0 entrée datée"
    assert counted(5, "entrée datée", "entrées datées") == "5 entrées datées"
    assert plural("mesure") == "mesures"
    assert agree(0, "y figure", "y figurent") == "y figure"
    assert agree(2, "y figure", "y figurent") == "y figurent"


def test_home_map_writes_no_incident_in_the_singular() -> None:
    """A country on the map where no incident happened reads « 0 incident sur place »."""
    corpus = load_corpus(SEEDS)
    there, _ = incident_counts(corpus)
    drawn = set(europe())
    quiet = [c for code, c in sorted(corpus.countries.items()) if code in drawn and not there.get(code)]
    assert quiet, "the seeds have no country on the map without an incident"
    home = render_home(corpus, DIRECTORY_URLS).markdown
    for c in quiet:
        assert f'aria-label="{c.name} : 0 incident sur place' in home
    assert "0 incidents" not in home
