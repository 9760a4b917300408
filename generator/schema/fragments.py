"""The JSON Schema (2020-12) pieces the value types of :mod:`.types` share: a text as the
check reads it, and the patterns of an id, a date and a word looked for in the texts.

An editor's YAML parser (YAML 1.2, the YAML language server's) reads `2024` as a number and
`true` as a boolean where the check reads every value as text: a fragment accepts the YAML types
whose text the check accepts, and only a string's letters can be checked by a pattern.
"""

from __future__ import annotations

from typing import Any

from .. import chars
from ..yamlpos import MAX_SCALAR

#: A JSON Schema fragment.
JSON = dict[str, Any]

#: The characters the check refuses in a free text (:data:`generator.chars.SHOWN`), escaped; but
#: lone surrogates (written only as YAML escapes): an editor whose patterns are not Unicode-aware
#: would take every emoji for a pair of them.
CONTROLS = "".join(c if c in "[]-" else f"\\u{ord(c):04x}" for c in chars.SHOWN.pattern.replace("\ud800-\udfff", ""))

_YEAR = "[1-9][0-9]{3}"
_MONTH_DAY = "(0[13578]|1[02])-(0[1-9]|[12][0-9]|3[01])|(0[469]|11)-(0[1-9]|[12][0-9]|30)|02-(0[1-9]|1[0-9]|2[0-8])"
_LEAP_YEAR = "[1-9][0-9](0[48]|[2468][048]|[13579][26])|([2468][048]|[13579][26])00"
#: YYYY, YYYY-MM or YYYY-MM-DD, a real calendar date (29 February in leap years only), year 1000 on.
DATE = rf"^\s*({_YEAR}(-(0[1-9]|1[0-2]))?|{_YEAR}-({_MONTH_DAY})|({_LEAP_YEAR})-02-29)\s*$"

# Letters (Latin, Greek, Cyrillic: a pattern an editor's JavaScript and Python both read).
_LETTER = "A-Za-z\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u024f\\u0370-\\u03ff\\u0400-\\u04ff"
_CAPITAL = "A-Z\\u00c0-\\u00d6\\u00d8-\\u00de\\u0391-\\u03a9\\u0400-\\u042f"
#: 3 letters or more, or an acronym in capitals of 2 characters or more (generator.textmatch.matchable).
TERM = rf"[{_LETTER}][\s\S]*[{_LETTER}][\s\S]*[{_LETTER}]|^\s*(?=[0-9{_CAPITAL}]*[{_CAPITAL}])[0-9{_CAPITAL}]{{2,}}\s*$"


def text(description: str, pattern: str = r"\S", types: tuple[str, ...] = ("string", "number", "boolean"),
         free: bool = True) -> JSON:
    """A scalar the check reads as text, not blank, at most :data:`MAX_SCALAR` characters long
    (longer is an error); a free one holds none of the :data:`CONTROLS`."""
    out: JSON = {"type": list(types) if len(types) > 1 else types[0], "description": description,
                 "minLength": 1, "maxLength": MAX_SCALAR, "pattern": pattern}
    if free:
        out["not"] = {"type": "string", "pattern": CONTROLS}
    return out


def identifier(pattern: str, description: str) -> JSON:
    """An id: `2024` is a number to an editor's parser, and a valid id to the check."""
    return {"type": ["string", "integer"], "pattern": f"^{pattern}$", "minimum": 0, "description": description}
