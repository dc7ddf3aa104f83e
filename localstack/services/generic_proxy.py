"""The listener protocol, the service proxy (listener chain around a backend), and the threaded
HTTP server that serves a WSGI app on one port."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any, Union

from werkzeug.serving import BaseWSGIServer, WSGIRequestHandler, make_server
from werkzeug.wrappers import Response

from localstack import constants
from localstack.services.backends import Backend
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError, InternalError, serialize_error
from localstack.utils.http import Request, json_response

LOG = logging.getLogger(__name__)

ForwardResult = Union[bool, int, Response, Request, dict]


class ProxyListener:
    """Hooks around a backend call. Subclass and override either method.

    `forward_request(method, path, data, headers)` runs before the backend and returns:
      - `True`: pass the request on (to the next listener, then the backend);
      - an `int`: answer with that HTTP status and an empty body;
      - a `Response`: answer with it; the backend is not called;
      - a `dict`: answer with it as JSON, status 200;
      - a `Request`: pass this modified request on instead.
    Anything else is a bug, answered with a 500 in AWS's error shape and logged.
    Raising an `AWSError` answers with that error.

    `return_response(method, path, data, headers, response)` runs after the backend (or after a
    listener answered), for every listener in reverse order. It returns `None` to keep the
    response, or a new `Response` that the next listener sees.
    """

    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        return True

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        return None


class ServiceProxy:
    """One service: its listeners in order, then its backend."""

    def __init__(
        self,
        service: str,
        backend: Backend,
        listeners: list[ProxyListener] | None = None,
        log_requests: bool = False,
    ) -> None:
        self.service = service
        self.backend = backend
        self.listeners = list(listeners or [])
        self.log_requests = log_requests
        self.served = False
        self.failed = False

    @property
    def state(self) -> str:
        if self.failed:
            return "error"
        return "running" if self.served or self.backend.built else "available"

    def handle(self, request: Request) -> Response:
        """Run the chain for one request. Never raises: every failure becomes an AWS error."""
        started = time.perf_counter()
        try:
            response = self._run_chain(request)
        except AWSError as error:
            response = serialize_error(error, self.service, request.headers)
        except Exception:
            LOG.exception("Error handling %s %s for %s", request.method, request.path, self.service)
            response = serialize_error(InternalError(), self.service, request.headers)
        self.served = True
        if self.log_requests:
            LOG.info(
                "%s %s %d %.1fms",
                self.service,
                operation_name(request),
                response.status_code,
                (time.perf_counter() - started) * 1000,
            )
        return response

    def _run_chain(self, request: Request) -> Response:
        response: Response | None = None
        for listener in self.listeners:
            result = listener.forward_request(request.method, request.path, request.data, request.headers)
            if result is True:
                continue
            if isinstance(result, Request):
                if not result.environ:
                    result.environ = request.environ
                request = result
                continue
            response = _answer_from(result)
            break
        if response is None:
            _set_identity(request)
            try:
                response = self.backend.call(request)
            except Exception:
                if not self.backend.built:
                    self.failed = True
                raise
            else:
                self.failed = False
        for listener in reversed(self.listeners):
            replaced = listener.return_response(
                request.method, request.path, request.data, request.headers, response
            )
            if replaced is not None:
                if not isinstance(replaced, Response):
                    raise TypeError(f"{type(listener).__name__}.return_response returned {type(replaced)}")
                response = replaced
        return response


def _answer_from(result: object) -> Response:
    # bool is an int subclass: `False` is a listener bug, not "status 0".
    if isinstance(result, bool):
        raise TypeError(f"forward_request returned {result!r}")
    if isinstance(result, int):
        return Response(b"", status=result)
    if isinstance(result, Response):
        return result
    if isinstance(result, dict):
        return json_response(result)
    raise TypeError(f"forward_request returned unsupported value of type {type(result).__name__}")


def _set_identity(request: Request) -> None:
    """Tell moto the account of this request's access key (region it reads from the signature)."""
    key = request_context.access_key_of(request.headers, request.query_string)
    request.headers[constants.HEADER_ACCOUNT] = request_context.account_for_access_key(key)


def operation_name(request: Request) -> str:
    """The AWS operation, as far as it shows without a model: target, Action, or method and path."""
    target = request.headers.get(constants.HEADER_TARGET)
    if target:
        return target.rpartition(".")[2]
    query = request.query_string
    for source in (query, request.data[:2048].decode("latin-1") if request.data else ""):
        if "Action=" in source:
            for pair in source.split("&"):
                if pair.startswith("Action="):
                    return pair[7:]
    return f"{request.method} {request.path_only}"


class _RequestHandler(WSGIRequestHandler):
    """Werkzeug's handler, quiet, and keeping S3 metadata headers that contain underscores."""

    def make_environ(self) -> dict[str, Any]:
        environ = super().make_environ()
        names: dict[str, str] = {}
        for name, value in self.headers.items():
            if "_" in name and name.lower().startswith("x-amz-meta-"):
                key = "HTTP_" + name.upper().replace("-", "_")
                names.setdefault(key, name)
                environ[key] = value
        if names:
            environ["moto.preserved_header_names"] = names
        return environ

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass

    def log_error(self, format: str, *args: Any) -> None:
        LOG.debug("http: " + format, *args)


class ProxyServer:
    """A threaded HTTP server for one WSGI app on one port, run in a thread the caller owns."""

    def __init__(self, host: str, port: int, app: Any, name: str) -> None:
        self.name = name
        self.server: BaseWSGIServer = make_server(
            host, port, app, threaded=True, request_handler=_RequestHandler
        )
        self.server.daemon_threads = True  # type: ignore[attr-defined]
        self.port = self.server.server_port
        self.thread: threading.Thread | None = None

    def serve_forever(self) -> None:
        self.server.serve_forever(poll_interval=0.2)

    def shutdown(self) -> None:
        self.server.shutdown()
        self.server.server_close()
