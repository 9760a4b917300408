"""YAML read as text with the position of every value.

Every scalar stays a string (so ``NO`` stays Norway and ``yes`` never becomes a
boolean); the schema decides what a value means. Three bounds keep any input
cheap and never crash the reader: nesting depth (:data:`MAX_DEPTH`, checked with
PyYAML's iterative parser before any node is composed when the fast parser cannot
be used), the number of values written (:data:`MAX_VALUES`), and the number of
values aliases expand to (:data:`MAX_EXPANDED`), so an alias bomb is refused
instead of eating memory. Each is reported with its own message.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Origin, Report

#: Most values (scalars, lists, mappings) one document may hold as written.
MAX_VALUES = 100_000
#: Most values one document may expand to, aliases expanded (an "alias bomb" holds few).
MAX_EXPANDED = 100_000
#: Deepest nesting of lists and mappings; real annotations nest five or six levels.
MAX_DEPTH = 50
#: Longest value (a title, a summary, a quote), in characters; a longer one is cut to this
#: length. Pages render a value in one Markdown block, whose inline step takes time growing
#: with the square of its length (a 3 MB summary took 76 s to build).
MAX_SCALAR = 10_000

_NULLS = {"", "~", "null", "Null", "NULL"}

#: libyaml's parser (no implicit typing: every value is composed as text), ~15 times
#: faster than the pure-Python one. Its error messages differ, so a document it refuses
#: is parsed again by the pure-Python parser, whose message is the one reported.
_FAST_LOADER = getattr(yaml, "CBaseLoader", None)
_TAB_INDENT = re.compile(r"^( *)\t", re.MULTILINE)


class LStr(str):
    """A string that remembers where it was read."""

    origin: Origin


class LList(list[Any]):
    origin: Origin


class LMap(dict[Any, Any]):
    origin: Origin
    key_origins: dict[str, Origin]


Value = LStr | LList | LMap | None


class _Budget:
    def __init__(self, limit: int, max_depth: int = MAX_DEPTH) -> None:
        self.left = limit
        self.max_depth = max_depth


class TooLarge(Exception):
    """The document expands to more values than allowed."""


class TooDeep(Exception):
    """A list or mapping is nested deeper than allowed; ``mark`` is where."""

    def __init__(self, mark: yaml.Mark | None) -> None:
        super().__init__()
        self.mark = mark


_STARTS = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_ENDS = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def too_deep(text: str, max_depth: int = MAX_DEPTH, loader: type = yaml.SafeLoader) -> yaml.Mark | None:
    """Where ``text`` first nests deeper than ``max_depth``, or None.

    Reads parser events, never composing a node: PyYAML's scanner and parser are
    iterative (only its composer recurses), so any depth is read in linear time and
    constant stack. A syntax error stops the scan (the caller reports it)."""
    depth = 0
    try:
        parser = loader(text)  # its reader refuses some characters at once
    except yaml.YAMLError:
        return None
    try:
        while parser.check_event():
            event = parser.get_event()
            if isinstance(event, _STARTS):
                depth += 1
                if depth > max_depth:
                    return event.start_mark
            elif isinstance(event, _ENDS):
                depth -= 1
    except yaml.YAMLError:
        return None
    finally:
        parser.dispose()
    return None


def _depth_message(max_depth: int) -> str:
    return f"nesting deeper than {max_depth} levels (lists or mappings inside one another): refused"


def _long_value(length: int) -> str:
    return (f"value is {length} characters long, over the limit of {MAX_SCALAR}: "
            f"only its first {MAX_SCALAR} characters are kept")


def _count_written(root: Node, limit: int) -> int:
    """The number of distinct nodes under ``root`` (an alias counts once), up to ``limit + 1``."""
    seen: set[int] = set()
    stack = [root]
    while stack and len(seen) <= limit:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
    return len(seen)


def _origin(path: str, node: Node, first_line: int) -> Origin:
    mark = node.start_mark
    return Origin(path, mark.line + first_line, mark.column + 1)


def _convert(node: Node, path: str, first_line: int, budget: _Budget, report: Report, depth: int = 0) -> Value:
    budget.left -= 1
    if budget.left < 0:
        raise TooLarge
    origin = _origin(path, node, first_line)
    if isinstance(node, ScalarNode):
        if node.style in (None, "") and node.value in _NULLS:  # plain: None in PyYAML, "" in libyaml
            return None
        if len(node.value) > MAX_SCALAR:
            report.error(origin, _long_value(len(node.value)))
            s = LStr(node.value[:MAX_SCALAR])
            s.origin = origin
            return s
        s = LStr(node.value)
        s.origin = origin
        return s
    depth += 1
    if depth > budget.max_depth:
        raise TooDeep(node.start_mark)
    if isinstance(node, SequenceNode):
        items = LList(_convert(child, path, first_line, budget, report, depth) for child in node.value)
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
        if len(key) > MAX_SCALAR:
            report.error(key_origin, f"a key of {len(key)} characters: a key must be a field name; this entry is ignored")
            continue
        if key in mapping.key_origins:
            first = mapping.key_origins[key]
            report.error(key_origin, f"field '{key}' is given twice (first at line {first.line})")
            continue
        mapping.key_origins[key] = key_origin
        mapping[key] = _convert(value_node, path, first_line, budget, report, depth)
    return mapping


def load(
    text: str,
    path: str,
    report: Report,
    first_line: int = 1,
    max_values: int = MAX_VALUES,
    max_depth: int = MAX_DEPTH,
    max_expanded: int = MAX_EXPANDED,
) -> tuple[bool, Value]:
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
    if _FAST_LOADER is None and (mark := too_deep(text, max_depth)) is not None:
        # The pure-Python composer recurses: the depth is checked before it runs.
        report.error(_mark_origin(path, mark, first_line), _depth_message(max_depth))
        return False, None
    try:
        node = yaml.compose(text, Loader=_FAST_LOADER or yaml.SafeLoader)
    except yaml.YAMLError as fast_error:
        _report_syntax(text, path, report, first_line, fast_error, max_depth)
        return False, None
    except RecursionError:  # unreachable after the depth check; kept as a guard
        report.error(Origin(path, first_line, 1), _depth_message(max_depth))
        return False, None
    if node is None:
        return True, None
    budget = _Budget(max(max_values, max_expanded), max_depth)
    value: Value = None
    try:
        value = _convert(node, path, first_line, budget, report)
    except TooDeep as exc:
        report.error(_mark_origin(path, exc.mark, first_line), _depth_message(max_depth))
        return False, None
    except TooLarge:
        budget.left = -1
    except RecursionError:  # unreachable: _convert stops at max_depth; kept as a guard
        report.error(_origin(path, node, first_line), _depth_message(max_depth))
        return False, None
    visited = max(max_values, max_expanded) - budget.left
    if visited <= min(max_values, max_expanded):
        return True, value
    written = _count_written(node, max_values)
    if written > max_values:
        report.error(
            _origin(path, node, first_line),
            f"more than {max_values} values in this file (list items, fields and their values): "
            "refused; split it or shorten its lists",
        )
        return False, None
    if visited > max_expanded:
        report.error(
            _origin(path, node, first_line),
            f"YAML aliases (*name) expand this document to more than {max_expanded} values "
            f"(it holds {written} as written): refused",
        )
        return False, None
    return True, value


def _mark_origin(path: str, mark: yaml.Mark | None, first_line: int) -> Origin:
    return Origin(path, mark.line + first_line, mark.column + 1) if mark else Origin(path, first_line, 1)


def _report_syntax(
    text: str, path: str, report: Report, first_line: int, fast_error: yaml.YAMLError, max_depth: int = MAX_DEPTH
) -> None:
    """Report why ``text`` is not YAML, in the words of PyYAML's pure-Python parser if it agrees.

    libyaml refuses nesting deeper than its own limit (1,000) as a syntax error, and the
    pure-Python composer would recurse that deep: the depth is checked first, event by event."""
    mark = too_deep(text, max_depth)
    if mark is not None:
        report.error(_mark_origin(path, mark, first_line), _depth_message(max_depth))
        return
    error = fast_error
    try:
        yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        error = exc
    except RecursionError:  # unreachable after the depth check; kept as a guard
        report.error(Origin(path, first_line, 1), _depth_message(max_depth))
        return
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        origin = Origin(path, mark.line + first_line, mark.column + 1) if mark else Origin(path, first_line, 1)
        problem = error.problem or error.context or "invalid YAML"
        context = f" ({error.context})" if error.context and error.problem else ""
        report.error(origin, f"YAML syntax: {problem}{context}")
    else:  # reader errors (control characters) carry no mark
        report.error(Origin(path, first_line, 1), f"YAML syntax: {error}")
