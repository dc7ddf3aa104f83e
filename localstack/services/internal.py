"""The edge's own endpoints under /_localstack (and the legacy /health)."""

from __future__ import annotations

import logging
from typing import Callable

from werkzeug.wrappers import Response

import localstack
from localstack.services.generic_proxy import ServiceProxy
from localstack.utils.aws.errors import AWSError
from localstack.utils.http import Request, json_response

LOG = logging.getLogger(__name__)


class InternalEndpoints:
    """Answers health and state requests; `reset_state` is given by the lifecycle manager."""

    def __init__(self, proxies: dict[str, ServiceProxy], reset_state: Callable[[], list[str]]) -> None:
        self.proxies = proxies
        self.reset_state = reset_state

    def handle(self, request: Request) -> Response:
        path = request.path_only.rstrip("/") or "/"
        if path in ("/health", "/_localstack/health"):
            if request.method not in ("GET", "HEAD"):
                raise AWSError("MethodNotAllowed", f"{request.method} is not allowed on {path}", 405)
            return json_response(self.health())
        if path == "/_localstack/state/reset":
            if request.method != "POST":
                raise AWSError("MethodNotAllowed", "POST to reset the state", 405)
            return json_response({"reset": self.reset_state()})
        raise AWSError("NotFound", f"No internal endpoint at {path}", 404)

    def health(self) -> dict:
        return {
            "services": {name: proxy.state for name, proxy in sorted(self.proxies.items())},
            "version": localstack.__version__,
        }
