"""The edge's own endpoints under /_localstack (and the legacy /health)."""

from __future__ import annotations

import importlib
import logging
from typing import Callable

from werkzeug.wrappers import Response

import localstack
from localstack.services.generic_proxy import ServiceProxy
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request, json_response

LOG = logging.getLogger(__name__)

HEALTH_PATHS = ("/health", "/_localstack/health")
RESET_PATH = "/_localstack/state/reset"


class InternalEndpoints:
    """Answers health and state requests; `reset_state` (and `is_ready`) come from the lifecycle manager.

    Until `is_ready()` is true (every port bound), health answers 503 so that waiting clients
    (`localstack wait`, the Docker healthcheck) do not race the start-up.
    """

    def __init__(
        self,
        proxies: dict[str, ServiceProxy],
        reset_state: Callable[[], list[str]],
        is_ready: Callable[[], bool] | None = None,
    ) -> None:
        self.proxies = proxies
        self.reset_state = reset_state
        self.is_ready = is_ready
        self.routes: dict[str, Callable[[Request], Response]] = {}

    def register(self, path: str, handler: Callable[[Request], Response] | str) -> None:
        """Serve `path` (e.g. `/_localstack/sns/messages`, and below it) with `handler(request)`, or
        with the function a "module:function" names, imported at the path's first request (a service's
        endpoint modules stay out of start-up)."""
        self.routes[path.rstrip("/")] = DeferredHandler(handler) if isinstance(handler, str) else handler

    def handle(self, request: Request) -> Response:
        path = request.path_only.rstrip("/") or "/"
        if path in HEALTH_PATHS:
            if request.method not in ("GET", "HEAD"):
                raise AWSError("MethodNotAllowed", f"{request.method} is not allowed on {path}; use GET", 405)
            ready = self.is_ready is None or self.is_ready()
            return json_response(self.health(), status=200 if ready else 503)
        if path == RESET_PATH:
            if request.method != "POST":
                raise AWSError("MethodNotAllowed", f"{request.method} is not allowed on {path}: POST", 405)
            reset = self.reset_state()
            LOG.info("State reset: %s", ", ".join(reset) or "nothing was in use")
            return json_response({"reset": reset})
        for prefix, handler in self.routes.items():
            if path == prefix or path.startswith(prefix + "/"):
                return handler(request)
        known = ", ".join((*HEALTH_PATHS, f"POST {RESET_PATH}", *self.routes))
        raise AWSError("NotFound", f"No internal endpoint at {path}; known: {known}", 404)

    def health(self) -> dict:
        return {
            "services": {name: proxy.state for name, proxy in sorted(self.proxies.items())},
            "version": localstack.__version__,
        }


class DeferredHandler:
    """An endpoint's handler named "module:function": the module is imported at the first request."""

    def __init__(self, target: str) -> None:
        self.target = target
        self._handler: Callable[[Request], Response] | None = None

    def __call__(self, request: Request) -> Response:
        handler = self._handler
        if handler is None:
            module, _, name = self.target.partition(":")
            handler = self._handler = getattr(importlib.import_module(module), name)
        return handler(request)
