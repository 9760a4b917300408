"""Finding annotated words in a verbatim text: folding, spans of the original, whole words, paragraphs."""

from __future__ import annotations

import pytest

from generator.textmatch import TermMatcher, find_verbatim, fold, paragraph_at, paragraphs
from support import fold as support_fold

TEXT = "Le chef de l’OTAN a dit : « Nous\u00a0répondrons  aux\u202fsabotages ».\nDeuxième\tligne, Jens Stoltenberg."


@pytest.mark.parametrize(
    "needle",
    [
        "Le chef de l'OTAN",  # ' for ’
        "Le chef de l’OTAN",
        "\" Nous répondrons aux sabotages \"",  # " for « », plain spaces for no-break and double spaces
        "« Nous répondrons aux sabotages »",
        "Nous\u00a0répondrons aux\u00a0sabotages",
        "ligne,   Jens\nStoltenberg",
    ],
)
def test_find_verbatim_ignores_spacing_apostrophes_and_quotes(needle: str) -> None:
    span = find_verbatim(needle, fold(TEXT))
    assert span is not None, needle
    found = TEXT[span[0] : span[1]]
    assert support_fold(found) == support_fold(needle)
    assert found[0] not in " \u00a0" and found[-1] not in " \u00a0", "the span starts or ends on a space"


@pytest.mark.parametrize("needle", ["Le chef de l’ONU", "sabotage »", "nous  répondrons aux cyberattaques", "", "   "])
def test_find_verbatim_misses_words_not_in_the_text(needle: str) -> None:
    assert find_verbatim(needle, fold(TEXT)) is None


def test_find_verbatim_is_case_sensitive() -> None:
    assert find_verbatim("LE CHEF", fold(TEXT)) is None


def test_fold_maps_back_to_the_original_text() -> None:
    folded = fold(TEXT)
    assert "  " not in folded.text and "’" not in folded.text and "«" not in folded.text
    assert len(folded.offsets) == len(folded.text) + 1
    for i, ch in enumerate(folded.text):
        original = TEXT[folded.offsets[i]]
        assert ch == original or (ch == " " and original.isspace()) or (ch in "'\"" and original in "’«»")


def test_term_matcher_links_whole_words_longest_first() -> None:
    matcher = TermMatcher([
        ("Stoltenberg", ("person", "jens-stoltenberg")),
        ("Jens Stoltenberg", ("person", "jens-stoltenberg-full")),
        ("sabotage", ("threat", "sabotage")),
        ("OTAN", ("organisation", "otan")),
        ("le chef de l'OTAN", ("person", "chief")),
        ("x", ("threat", "too-short")),
    ])
    spans = [(TEXT[s.start : s.end], s.target[1]) for s in matcher.spans(TEXT)]
    assert spans == [("Le chef de l’OTAN", "chief"), ("Jens Stoltenberg", "jens-stoltenberg-full")]
    # 'sabotage' is not a whole word of 'sabotages'; 'OTAN' is inside the longer mention.


def test_term_matcher_ignores_case_and_keeps_the_first_target_of_a_term() -> None:
    matcher = TermMatcher([("Russie", ("country", "RU")), ("russie", ("country", "XX")), ("russes", ("country", "RU"))])
    text = "La RUSSIE et les Russes ; prorusses, Russie-Ukraine."
    spans = [(text[s.start : s.end], s.target[1]) for s in matcher.spans(text)]
    assert spans == [("RUSSIE", "RU"), ("Russes", "RU"), ("Russie", "RU")]


def test_term_matcher_without_terms_finds_nothing() -> None:
    assert TermMatcher([]).spans(TEXT) == []


def test_paragraphs_are_the_non_blank_lines_as_spans() -> None:
    body = "Titre\n\n  \nPremier paragraphe.\n\u00a0\nSecond\tparagraphe  \n"
    paras = paragraphs(body)
    assert [p.number for p in paras] == [1, 2, 3]
    assert [body[p.start : p.end] for p in paras] == ["Titre", "Premier paragraphe.", "Second\tparagraphe  "]
    assert paragraph_at(paras, body.index("Premier") + 3) == 2
    assert paragraph_at(paras, body.index("Second")) == 3
    assert paragraph_at(paras, 0) == 1
    assert paragraphs("") == [] and paragraphs("\n \n") == []


def test_fold_offsets_match_a_character_by_character_fold() -> None:
    import random

    rng = random.Random(7)
    alphabet = "ab é’«»\n\t\u00a0  "
    for _ in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        expected_text, expected_offsets, i = [], [], 0
        while i < len(text):
            if text[i].isspace() and (text[i] != " " or (i + 1 < len(text) and text[i + 1].isspace())):
                j = i
                while j < len(text) and text[j].isspace():
                    j += 1
                expected_text.append(" ")
                expected_offsets.append(i)
                i = j
            else:
                expected_text.append({"’": "'", "«": '"', "»": '"'}.get(text[i], text[i]))
                expected_offsets.append(i)
                i += 1
        folded = fold(text)
        assert folded.text == "".join(expected_text), repr(text)
        assert folded.offsets == expected_offsets + [len(text)], repr(text)
