"""YAML read as text with the position of every value.

Every scalar stays a string (so ``NO`` stays Norway and ``yes`` never becomes a
boolean); the schema decides what a value means. Aliases are allowed but their
expansion is bounded, so an alias bomb is refused instead of eating memory.
"""

from __future__ import annotations

import re
from typing import Union

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Origin, Report

#: Most values one document may expand to (aliases included).
MAX_VALUES = 100_000

_NULLS = {"", "~", "null", "Null", "NULL"}

#: libyaml's parser (no implicit typing: every value is composed as text), ~15 times
#: faster than the pure-Python one. Its error messages differ, so a document it refuses
#: is parsed again by the pure-Python parser, whose message is the one reported.
_FAST_LOADER = getattr(yaml, "CBaseLoader", None)
_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)


class LStr(str):
    """A string that remembers where it was read."""

    origin: Origin


class LList(list):  # type: ignore[type-arg]
    origin: Origin


class LMap(dict):  # type: ignore[type-arg]
    origin: Origin
    key_origins: dict[str, Origin]


Value = Union[LStr, LList, LMap, None]


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit


class TooLarge(Exception):
    """The document expands to more values than allowed."""


def _origin(path: str, node: Node, first_line: int) -> Origin:
    mark = node.start_mark
    return Origin(path, mark.line + first_line, mark.column + 1)


def _convert(node: Node, path: str, first_line: int, budget: _Budget, report: Report) -> Value:
    budget.left -= 1
    if budget.left < 0:
        raise TooLarge
    origin = _origin(path, node, first_line)
    if isinstance(node, ScalarNode):
        if node.style is None and node.value in _NULLS:
            return None
        s = LStr(node.value)
        s.origin = origin
        return s
    if isinstance(node, SequenceNode):
        items = LList(_convert(child, path, first_line, budget, report) for child in node.value)
        items.origin = origin
        return items
    assert isinstance(node, MappingNode)
    mapping = LMap()
    mapping.origin = origin
    mapping.key_origins = {}
    for key_node, value_node in node.value:
        key_origin = _origin(path, key_node, first_line)
        if not isinstance(key_node, ScalarNode):
            report.error(key_origin, "a key must be a plain word, not a list or a mapping")
            continue
        key = key_node.value
        if key in mapping.key_origins:
            first = mapping.key_origins[key]
            report.error(key_origin, f"field '{key}' is given twice (first at line {first.line})")
            continue
        mapping.key_origins[key] = key_origin
        mapping[key] = _convert(value_node, path, first_line, budget, report)
    return mapping


def load(text: str, path: str, report: Report, first_line: int = 1, max_values: int = MAX_VALUES) -> tuple[bool, Value]:
    """Parse one YAML document; returns (ok, value). Problems go to ``report``.

    ``first_line`` is the file line where ``text`` starts, so that positions in a
    front matter are positions in the file.
    """
    ok = True
    for match in _TAB_INDENT.finditer(text):
        line = text.count("\n", 0, match.start()) + first_line
        report.error(Origin(path, line, len(match.group(1)) + 1), "tab used for indentation: YAML indents with spaces")
        ok = False
    if not ok:
        return False, None
    try:
        node = yaml.compose(text, Loader=_FAST_LOADER or yaml.SafeLoader)
    except yaml.YAMLError as fast_error:
        _report_syntax(text, path, report, first_line, fast_error)
        return False, None
    if node is None:
        return True, None
    try:
        return True, _convert(node, path, first_line, _Budget(max_values), report)
    except TooLarge:
        report.error(
            _origin(path, node, first_line),
            f"document expands to more than {max_values} values (YAML aliases?): refused",
        )
        return False, None
    except RecursionError:
        report.error(_origin(path, node, first_line), "document is nested too deeply: refused")
        return False, None


def _report_syntax(text: str, path: str, report: Report, first_line: int, fast_error: yaml.YAMLError) -> None:
    """Report why ``text`` is not YAML, in the words of PyYAML's pure-Python parser if it agrees."""
    error = fast_error
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        error = exc
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        origin = Origin(path, mark.line + first_line, mark.column + 1) if mark else Origin(path, first_line, 1)
        problem = error.problem or error.context or "invalid YAML"
        context = f" ({error.context})" if error.context and error.problem else ""
        report.error(origin, f"YAML syntax: {problem}{context}")
    else:  # reader errors (control characters) carry no mark
        report.error(Origin(path, first_line, 1), f"YAML syntax: {error}")
