"""YAML in and out for the writer: block YAML as the analyst writes it, and every scalar read as a string.

LibYAML's C classes are used when PyYAML has them (four times faster), else the
Python ones. Reading builds no objects: "NO" stays Norway, "2024-06" a string.
"""

from __future__ import annotations

from typing import Any

import yaml

DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_PLAIN_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)  # every scalar a string: "NO" stays Norway
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
NULLS = ("", "~", "null", "Null", "NULL")


def dump_yaml(value: Any) -> str:
    return yaml.dump(value, Dumper=DUMPER, allow_unicode=True, sort_keys=False, width=10**9, default_flow_style=False)


def parse_plain(text: str) -> Any:
    return yaml.load(text, Loader=_PLAIN_LOADER)  # a base loader builds no objects


def absent(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value in NULLS)


def scalar(value: Any) -> str:
    return dump_yaml({"k": value})[3:].rstrip("\n")


def plain_strings(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): plain_strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain_strings(v) for v in value]
    return None if value is None else str(value)


def yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).split("\n", 1)[0]
    return f"line {mark.line + 2}: {problem}" if mark is not None else problem
