"""Route selection of HTTP APIs: `METHOD /path` route keys with `{param}` and `{greedy+}`, `ANY`,
and `$default`; the most specific path wins, then an exact method over ANY."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote


def _match_path(template: str, segments: list[str]) -> tuple[list[int], dict[str, str]] | None:
    """(per-segment specificity, path parameters) if `template` matches the path segments."""
    parts = [p for p in template.strip("/").split("/") if p] if template.strip("/") else []
    score: list[int] = []
    params: dict[str, str] = {}
    for index, part in enumerate(parts):
        if part.startswith("{") and part.endswith("+}"):
            if index >= len(segments) or index != len(parts) - 1:
                return None
            params[part[1:-2]] = "/".join(segments[index:])
            score.append(0)
            return score, params
        if index >= len(segments):
            return None
        if part.startswith("{") and part.endswith("}"):
            params[part[1:-1]] = segments[index]
            score.append(1)
        elif part == segments[index]:
            score.append(2)
        else:
            return None
    if len(parts) != len(segments):
        return None
    return score, params


def select_route(routes: list[Any], method: str, path: str) -> tuple[Any, dict[str, str]] | None:
    """(moto Route, path parameters) for the request, falling back to `$default`; None if none."""
    segments = [unquote(s) for s in path.strip("/").split("/")] if path.strip("/") else []
    best: tuple[tuple, Any, dict] | None = None
    default = None
    for route in routes:
        key = route.route_key or ""
        if key == "$default":
            default = route
            continue
        route_method, _, template = key.partition(" ")
        if route_method.upper() not in (method.upper(), "ANY"):
            continue
        matched = _match_path(template, segments)
        if matched is None:
            continue
        rank = (matched[0], route_method.upper() != "ANY")
        if best is None or rank > best[0]:
            best = (rank, route, matched[1])
    if best is not None:
        return best[1], best[2]
    if default is not None:
        return default, {}
    return None
