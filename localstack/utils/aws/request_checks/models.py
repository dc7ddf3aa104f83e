"""botocore's service models, loaded once per service, and what is derived from them once: operation
names and the request routes of rest-json/rest-xml operations."""

from __future__ import annotations

import re
import threading
from typing import Any
from urllib.parse import parse_qsl

_models: dict[str, Any] = {}
_models_lock = threading.Lock()


def service_model(service: str) -> Any | None:
    """botocore's model of a service, loaded once; None if botocore does not know it."""
    if service not in _models:
        with _models_lock:
            if service not in _models:
                try:
                    from botocore.model import ServiceModel

                    from localstack.utils.aws.botocore_data import service_data

                    raw = service_data(service)
                    _models[service] = ServiceModel(raw, service)
                except Exception:
                    _models[service] = None
    return _models[service]


def operation_names(model: Any) -> frozenset[str]:
    names = getattr(model, "_ls_operation_names", None)
    if names is None:
        names = model._ls_operation_names = frozenset(model.operation_names)
    return names


def rest_operation_name(service: str, method: str, path: str, headers: Any = None) -> str | None:
    """The operation a rest-json/rest-xml request calls, matched against the model's request URIs
    and required query and header members (for the request log line: `s3 GetObject 200`).

    None when nothing matches. Path-style only: a virtual-host S3 request names no bucket in its path.
    """
    matched = match_rest_operation(service, method, path, headers)
    return matched[0] if matched else None


def match_rest_operation(
    service: str, method: str, path: str, headers: Any = None
) -> tuple[str, dict[str, str]] | None:
    """(operation, URI labels as sent, still percent-encoded) of a rest-json/rest-xml request."""
    model = service_model(service)
    if model is None or model.protocol not in ("rest-json", "rest-xml"):
        return None
    path_only, _, query = path.partition("?")
    keys = {key for key, _ in parse_qsl(query, keep_blank_values=True)}
    header_names = {name.lower() for name in headers.keys()} if headers is not None else set()
    routes = _rest_routes(model).get(method, ())
    # The routes of a method, most specific first: the first that matches is the best.
    for pattern, query_keys, required_headers, name, labels, _ in routes:
        if not query_keys <= keys or not required_headers <= header_names:
            continue
        match = pattern.match(path_only)
        if match:
            return name, {label: match.group(f"g{index}") for index, label in enumerate(labels)}
    if model.protocol == "rest-json":
        # No operation has all its required query and header members here: the one whose URI (and the
        # query keys written into it) matches is still the operation called, and its validator names
        # what is missing (Lambda's UntagResource with no tag keys: `Value null at 'tagKeys'`), as AWS's.
        for pattern, _, _, name, labels, uri_keys in routes:
            if uri_keys <= keys and (match := pattern.match(path_only)):
                return name, {label: match.group(f"g{index}") for index, label in enumerate(labels)}
    return None


# (URI pattern, query keys with required query members, required headers, operation, labels,
# the query keys written into the request URI alone)
Route = tuple[re.Pattern, frozenset[str], frozenset[str], str, tuple, frozenset[str]]


def _rest_routes(model: Any) -> dict[str, list[Route]]:
    """Per HTTP method, (URI pattern, query keys, headers, operation, labels), by descending score
    (literal characters, then required query keys and headers); ties keep the model's order."""
    by_method = getattr(model, "_ls_rest_routes", None)
    if by_method is None:
        routes = []
        for name in model.operation_names:
            operation = model.operation_model(name)
            uri_path, _, uri_query = operation.http.get("requestUri", "/").partition("?")
            # botocore's x-id names the operation for its own use; clients need not send it.
            query_keys = {
                item.split("=", 1)[0] for item in uri_query.split("&") if item and item[:5] != "x-id="
            }
            uri_keys = frozenset(query_keys)
            required_headers = set()
            shape = operation.input_shape
            for member in shape.required_members if shape is not None else []:
                serialization = shape.members[member].serialization
                if serialization.get("location") == "querystring":
                    query_keys.add(serialization.get("name", member))
                elif serialization.get("location") == "header":
                    required_headers.add(serialization.get("name", member).lower())
            regex, literal, labels = "", 0, []
            for part in re.split(r"(\{[^}]+\})", uri_path):
                if part.startswith("{"):
                    group = f"(?P<g{len(labels)}>{'.+' if part.endswith('+}') else '[^/]+'})"
                    labels.append(part.strip("{}+"))
                    regex += group
                else:
                    regex += re.escape(part)
                    literal += len(part)
            score = literal + 100 * (len(query_keys) + len(required_headers))
            pattern = re.compile(f"^{regex.rstrip('/')}/?$")
            method = operation.http.get("method", "POST")
            routes.append(
                (
                    method,
                    score,
                    (
                        pattern,
                        frozenset(query_keys),
                        frozenset(required_headers),
                        name,
                        tuple(labels),
                        uri_keys,
                    ),
                )
            )
        by_method = {}
        for method, _, route in sorted(routes, key=lambda entry: -entry[1]):
            by_method.setdefault(method, []).append(route)
        model._ls_rest_routes = by_method
    return by_method
