"""Which resource and method of a REST API answer a path: literal parts first, then `{param}`,
then `{greedy+}`, backtracking as API Gateway does."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote


def _children(api: Any) -> dict[str | None, list[Any]]:
    children: dict[str | None, list[Any]] = {}
    for resource in api.resources.values():
        children.setdefault(resource.parent_id, []).append(resource)
    return children


def match_resource(api: Any, path: str) -> tuple[Any, dict[str, str]] | None:
    """(moto Resource, path parameters) for `path` (raw, after the stage), or None."""
    segments = [unquote(part) for part in path.strip("/").split("/")] if path.strip("/") else []
    children = _children(api)
    root = api.resources.get(api.root_resource_id)
    if root is None:
        return None
    return _match(root, segments, children, {})


def _match(resource: Any, segments: list[str], children: dict, params: dict) -> tuple[Any, dict] | None:
    if not segments:
        return resource, params
    head, rest = segments[0], segments[1:]
    kids = children.get(resource.id, [])
    literal = [kid for kid in kids if not kid.path_part.startswith("{")]
    variable = [kid for kid in kids if kid.path_part.startswith("{") and not kid.path_part.endswith("+}")]
    greedy = [kid for kid in kids if kid.path_part.endswith("+}")]
    for kid in literal:
        if kid.path_part == head:
            found = _match(kid, rest, children, params)
            if found:
                return found
    for kid in variable:
        found = _match(kid, rest, children, {**params, kid.path_part[1:-1]: head})
        if found:
            return found
    for kid in greedy:
        return kid, {**params, kid.path_part[1:-2]: "/".join(segments)}
    return None


def select_method(resource: Any, http_method: str) -> Any | None:
    methods = resource.resource_methods or {}
    return methods.get(http_method.upper()) or methods.get("ANY")
