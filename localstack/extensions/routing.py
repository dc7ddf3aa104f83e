"""How the edge reaches extensions: the rule that picks an extension's service, and the dispatcher
of an extension's own endpoints under `/_extension/<name>`."""

from __future__ import annotations

import logging
from typing import Iterable

from werkzeug.wrappers import Response

from localstack import constants
from localstack.extensions.api import Route, RouteResult, Service
from localstack.services import edge_rules
from localstack.utils.aws.errors import AWSError
from localstack.utils.aws.request_context import credential_scope
from localstack.utils.http import Request, json_response

LOG = logging.getLogger(__name__)

EXTENSION_PATH_PREFIX = "/_extension"

# Path prefixes no extension service may claim: our own endpoints, and paths our rules route.
RESERVED_PATH_PREFIXES = (
    constants.INTERNAL_PATH_PREFIX,
    constants.DEVELOPER_PATH_PREFIX,
    EXTENSION_PATH_PREFIX,
    "/health",
    "/2015-03-31/",
    "/2021-10-31/",
    "/restapis/",
)


class ServiceRule:
    """An edge rule for the services of every loaded extension (placed right after our internal
    paths): by X-Amz-Target prefix, then by SigV4 signing name, then, for unsigned requests only,
    by path prefix. Signing names and target prefixes never collide with ours (checked at load);
    a path prefix must not take a signed request from the service it was signed for."""

    __name__ = "route_extension_services"

    def __init__(self, services: Iterable[Service]) -> None:
        self.targets: dict[str, str] = {}
        self.signing_names: dict[str, str] = {}
        self.paths: list[tuple[str, str]] = []
        for service in services:
            for prefix in service.target_prefixes:
                self.targets[prefix] = service.name
            for name in (service.name, *service.signing_names):
                self.signing_names[name.lower()] = service.name
            for prefix in service.path_prefixes:
                self.paths.append((prefix, service.name))
        # The longest prefix first, so `/notes/admin` can belong to another service than `/notes`.
        self.paths.sort(key=lambda item: len(item[0]), reverse=True)

    def __call__(self, request: Request) -> str | None:
        path = request.path_only
        if path == EXTENSION_PATH_PREFIX or path.startswith(EXTENSION_PATH_PREFIX + "/"):
            return edge_rules.INTERNAL
        target = request.headers.get(constants.HEADER_TARGET)
        if target and self.targets:
            service = self.targets.get(target.rpartition(".")[0])
            if service:
                return service
        scope = credential_scope(request.headers, request.query_string)
        if scope is not None:
            return self.signing_names.get(scope[2].lower())
        for prefix, service in self.paths:
            if path == prefix.rstrip("/") or path.startswith(
                prefix if prefix.endswith("/") else prefix + "/"
            ):
                return service
        return None


def rules_with(rule: edge_rules.Rule, rules: list[edge_rules.Rule] | None = None) -> list[edge_rules.Rule]:
    """Our rule table with `rule` right after the internal paths."""
    table = list(edge_rules.RULES if rules is None else rules)
    table.insert(table.index(edge_rules.route_internal_paths) + 1, rule)
    return table


class RouteDispatcher:
    """Serves one extension's routes (`handle(request)`, registered on the internal endpoints)."""

    def __init__(self, extension: str, routes: Iterable[Route]) -> None:
        from werkzeug.routing import Map, Rule

        self.extension = extension
        self.prefix = f"{EXTENSION_PATH_PREFIX}/{extension}"
        self.routes = list(routes)
        self.map = Map(
            [
                Rule(route.path, endpoint=index, methods=route.methods)
                for index, route in enumerate(self.routes)
            ],
            strict_slashes=False,
        )

    @property
    def paths(self) -> list[str]:
        return [self.prefix + route.path for route in self.routes]

    def handle(self, request: Request) -> Response:
        from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

        sub_path = request.path_only[len(self.prefix) :] or "/"
        adapter = self.map.bind("localhost", path_info=sub_path, url_scheme="http")
        try:
            index, values = adapter.match(sub_path, method=request.method)
        except MethodNotAllowed as error:
            allowed = ", ".join(sorted(error.valid_methods or ()))
            raise AWSError(
                "MethodNotAllowed",
                f"{request.method} is not allowed on {request.path_only}; use {allowed}",
                405,
            ) from None
        except NotFound:
            known = ", ".join(self.paths) or "none"
            raise AWSError(
                "NotFound",
                f"Extension {self.extension} has no endpoint at {request.path_only}; known: {known}",
                404,
            ) from None
        except HTTPException as error:
            # A redirect or another routing answer werkzeug decided on.
            return error.get_response()  # type: ignore[return-value]
        route = self.routes[index]
        try:
            result = route.handler(request, **values)
        except AWSError:
            raise
        except Exception:
            LOG.exception("extension %s: the handler of %s failed", self.extension, route.path)
            return json_response({"error": f"extension {self.extension} failed to answer"}, status=500)
        return as_response(result, self.extension, route.path)


def as_response(result: RouteResult, extension: str, path: str) -> Response:
    if isinstance(result, Response):
        return result
    if isinstance(result, (dict, list)):
        return json_response(result)
    if isinstance(result, int) and not isinstance(result, bool):
        return Response(b"", status=result)
    if isinstance(result, (str, bytes)):
        return Response(result, status=200, mimetype="text/plain")
    LOG.error("extension %s: the handler of %s returned a %s", extension, path, type(result).__name__)
    return json_response({"error": f"extension {extension} answered with an unsupported value"}, status=500)
