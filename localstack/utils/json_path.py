"""The JSONPath subset AWS uses in API Gateway mapping templates and EventBridge input paths:
`$`, `$.a.b`, `$.a[0]`, `$.a[-1]`, `$['a b']`, `$.a[*].b`, and (where allowed) `$..b`.

    values, multiple = find(document, parse("$.items[*].id"))
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

WILDCARD = "*"
_NAME = r"[A-Za-z0-9_\-/@:$]+"
_SEGMENT_RE = re.compile(rf"\.\.({_NAME})|\.({_NAME}|\*)|\[\s*(\*|-?\d+)\s*\]|\[\s*(['\"])(.*?)\4\s*\]")


class JSONPathError(ValueError):
    """The expression is not in the subset."""


@dataclass(frozen=True)
class Recursive:
    """`..name`: every `name` member at any depth."""

    name: str


@lru_cache(maxsize=1024)
def parse(path: str, recursive: bool = True) -> tuple:
    """`$.detail['a-b'][0].c` -> ("detail", "a-b", 0, "c"); JSONPathError outside the subset."""
    if not isinstance(path, str) or not path.startswith("$"):
        raise JSONPathError(f"Invalid JSONPath: {path}")
    segments: list = []
    position = 1
    while position < len(path):
        match = _SEGMENT_RE.match(path, position)
        if not match:
            raise JSONPathError(f"Invalid JSONPath: {path}")
        deep, name, index, _, quoted = match.groups()
        if deep is not None:
            if not recursive:
                raise JSONPathError(f"Invalid JSONPath: {path} (no recursive descent here)")
            segments.append(Recursive(deep))
        elif index is not None:
            segments.append(WILDCARD if index == WILDCARD else int(index))
        else:
            segments.append(quoted if quoted is not None else name)
        position = match.end()
    return tuple(segments)


def find(document: Any, segments: tuple) -> tuple[list, bool]:
    """The values the path selects, and whether it can select several (wildcard or `..`)."""
    values = [document]
    multiple = False
    for segment in segments:
        found: list = []
        for value in values:
            if isinstance(segment, Recursive):
                multiple = True
                found.extend(_descend(value, segment.name))
            elif segment == WILDCARD:
                multiple = True
                if isinstance(value, Mapping):
                    found.extend(value.values())
                elif isinstance(value, list):
                    found.extend(value)
            elif isinstance(segment, int):
                if isinstance(value, list) and -len(value) <= segment < len(value):
                    found.append(value[segment])
            elif isinstance(value, Mapping) and segment in value:
                found.append(value[segment])
        values = found
    return values, multiple


def _descend(value: Any, name: str) -> list:
    found = []
    if isinstance(value, Mapping):
        if name in value:
            found.append(value[name])
        for child in value.values():
            found.extend(_descend(child, name))
    elif isinstance(value, list):
        for child in value:
            found.extend(_descend(child, name))
    return found
