"""Country names and codes from CLDR (Babel): nothing here is a hand-written table."""

from __future__ import annotations

from functools import cache

from babel import Locale

# CLDR territory codes that are groupings or placeholders, not countries.
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


@cache
def _names(lang: str) -> dict[str, str]:
    return dict(Locale(lang).territories)


@cache
def codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code CLDR names."""
    return frozenset(c for c in _names("en") if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES)


def is_code(code: str) -> bool:
    return code in codes()


def name(code: str, lang: str = "fr") -> str:
    """The country's short name in ``lang`` ('Royaume-Uni'), or the code if CLDR has none."""
    return _names(lang).get(code, code)
