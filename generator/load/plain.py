"""Once references are checked, values no longer need where they were written: keep them as
plain strings, each short one (ids, codes, names) once. At 20,000 sources this drops about
half a million origins and their strings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..kinds import KINDS
from ..yamlpos import LList, LMap, LStr
from .state import Loading


def make_plain(s: Loading) -> None:
    plain = _plainer({})
    c = s.corpus
    for kind in KINDS.values():
        table = getattr(c, kind.table)
        setattr(c, kind.table, {plain(k): v for k, v in table.items()})
        # sources an earlier load finished are plain already
        taken = s.taken if kind.name == "source" else {}
        for key, entity in table.items():
            if key in taken:
                continue
            _plain_fields(entity, plain)
            for part in kind.parts:
                for item in getattr(entity, part):
                    _plain_fields(item, plain)
    c.redirects = {plain(k): plain(v) for k, v in c.redirects.items()}


def _plainer(memo: dict[str, str]) -> Callable[[Any], Any]:
    """A function giving a value with every ``LStr`` in it (a string with its origin) as a plain
    ``str``, the short ones (ids, codes, names) shared through ``memo``."""
    share = memo.setdefault

    def plain(value: Any) -> Any:
        kind = type(value)
        if kind is LStr:
            text = str.__str__(value)
            return share(text, text) if len(text) <= 64 else text
        if kind is list or kind is LList:
            return [plain(v) for v in value]
        if kind is tuple:
            return tuple(plain(v) for v in value)
        if kind is dict or kind is LMap:
            return {plain(k): plain(v) for k, v in value.items()}
        return value

    return plain


def _plain_fields(obj: Any, plain: Callable[[Any], Any]) -> None:
    values = obj.__dict__
    for name, value in values.items():
        # Former ids (a few) keep where they were written: a later load checks them again.
        if type(value) in _CONTAINERS and value and name != "previous_ids":
            values[name] = plain(value)


_CONTAINERS = frozenset({LStr, list, LList, tuple, dict, LMap})
