"""Ids made from names: the one slug function, on python-slugify.

Every id the generator or the annotation assistant makes from a text (a source
file name, a person's name, a meeting's place, an organisation's name) comes
from :func:`slug`: lower-case ASCII letters and digits between single dashes.
Letters are transliterated (« Wrocław » → ``wroclaw``, « Łódź » → ``lodz``,
« Пєсков » → ``pieskov``), never dropped.
"""

from __future__ import annotations

import unicodedata

from slugify import slugify

#: The id of a text with no letter or digit at all, unless the caller gives another.
FALLBACK = "source"


def _letters_and_ascii(text: str) -> str:
    """The text decomposed (NFKD) without its non-ASCII signs and marks.

    Transliteration would spell signs out (« € » → ``eur``, « © » → ``c``, « ° » →
    ``deg``), and the ids of existing names were made without them: they are dropped,
    as before, while every letter and digit is kept for transliteration."""
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed.isascii():
        return decomposed
    return "".join(c for c in decomposed if c.isascii() or unicodedata.category(c)[0] in "LN")


def slug(text: str, fallback: str = FALLBACK) -> str:
    """An id from any text: ASCII letters, digits and single dashes (``fallback`` when none is left)."""
    made = slugify(
        _letters_and_ascii(text),
        # "&amp;" is the text "&amp;" in a name, not an HTML entity.
        entities=False,
        decimal=False,
        hexadecimal=False,
        # "1,5" gives "1-5" like any other punctuation (the library would glue "15").
        replacements=((",", "-"),),
        replacement_stage="pre",
        # One transliteration table whatever else is installed (Unidecode spells some letters otherwise).
        backend="text-unidecode",
    )
    return made or fallback
