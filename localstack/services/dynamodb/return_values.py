"""ReturnValues UPDATED_OLD and UPDATED_NEW as DynamoDB answers them: only the document paths the update
touched, before or after it, projected the way a ProjectionExpression projects (list elements compacted
in index order), and no Attributes member when nothing is left."""

from __future__ import annotations

from typing import Any

_MISSING = object()


def updated_paths(body: dict, checked_update: list[tuple] | None) -> list[list[str | int]]:
    if checked_update is not None:
        return [list(path) for _, path, _ in checked_update if path]
    return [[name] for name in body.get("AttributeUpdates") or {}]


def _at(item: dict, path: list[str | int]) -> Any:
    value: Any = {"M": item}
    for element in path:
        if isinstance(element, int):
            members = value.get("L") if isinstance(value, dict) else None
            if not isinstance(members, list) or element >= len(members):
                return _MISSING
            value = members[element]
        else:
            members = value.get("M") if isinstance(value, dict) else None
            if not isinstance(members, dict) or element not in members:
                return _MISSING
            value = members[element]
    return value


def project(item: dict | None, paths: list[list[str | int]]) -> dict:
    """The parts of `item` at `paths`, as DynamoDB projects them."""
    tree: dict = {}
    for path in paths:
        value = _at(item or {}, path)
        if value is _MISSING:
            continue
        node = tree
        for element in path[:-1]:
            node = node.setdefault(element, {})
            if not isinstance(node, dict):
                break
        else:
            node[path[-1]] = ("value", value)
    return {name: _render(node) for name, node in tree.items()}


def _render(node: Any) -> dict:
    if isinstance(node, tuple):
        return node[1]
    if node and all(isinstance(key, int) for key in node):
        return {"L": [_render(node[index]) for index in sorted(node)]}
    return {"M": {name: _render(child) for name, child in node.items() if not isinstance(name, int)}}


def answer(
    return_values: str, old: dict | None, new: dict | None, paths: list[list[str | int]]
) -> dict | None:
    """The Attributes member for UPDATED_OLD / UPDATED_NEW, or None to leave it out."""
    attributes = project(old if return_values == "UPDATED_OLD" else new, paths)
    return attributes or None
