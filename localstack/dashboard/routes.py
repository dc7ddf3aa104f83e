"""The dashboard's routes under /_localstack/dashboard: the page, its static files and its JSON API.

GET  /_localstack/dashboard                          the page
GET  /_localstack/dashboard/static/<file>            its CSS and JS
GET  /_localstack/dashboard/api/health               services and configuration
GET  /_localstack/dashboard/api/scopes               accounts and regions to choose from
GET  /_localstack/dashboard/api/requests?since=N     calls after id N; /api/requests/<id> one in full
GET  /_localstack/dashboard/api/requests/stream      the same as server-sent events
GET|POST /_localstack/dashboard/api/resources/<service>/<action>?account=&region=&...
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from werkzeug.wrappers import Response

from localstack import constants
from localstack.dashboard import health
from localstack.dashboard.request_log import RequestLog, quiet_calls
from localstack.dashboard.scope import ActionFailed, Scope
from localstack.utils.http import Request

if TYPE_CHECKING:
    from localstack.services.infra import Infrastructure

LOG = logging.getLogger(__name__)

DASHBOARD_PATH = "/_localstack/dashboard"
STATIC = Path(__file__).with_name("static")
CONTENT_TYPES = {".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}
_ACCOUNT = re.compile(r"\d{12}")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")
# Each open stream holds a connection thread until the client is found gone (within 5 s): a few
# tabs, and their reloads, fit.
MAX_STREAMS = 16


class Dashboard:
    """The dashboard of one running emulator; `install` hooks it into the edge."""

    def __init__(self, infra: Infrastructure) -> None:
        self.infra = infra
        self.requests = RequestLog()
        self.files = {path.name: path for path in STATIC.iterdir() if path.suffix in CONTENT_TYPES}
        self.streams = 0
        self._streams_lock = threading.Lock()

    def install(self) -> None:
        self.infra.internal.register(DASHBOARD_PATH, self.handle)  # type: ignore[union-attr]
        from localstack.services.edge import GatewayApp

        for server in self.infra.servers:
            if isinstance(server.server.app, GatewayApp):
                server.server.app.recorder = self.requests.record
        self.infra.on_reset(self.requests.clear)
        host = self.infra.config.edge_bind_host
        shown = "localhost" if host in ("0.0.0.0", "::", "") else host
        LOG.info(
            "Dashboard: http://%s:%d%s/ (START_WEB=0 turns it off)",
            shown,
            self.infra.edge_port,
            DASHBOARD_PATH,
        )

    def handle(self, request: Request) -> Response:
        rest = request.path_only[len(DASHBOARD_PATH) :].strip("/")
        if rest in ("", "index.html"):
            if not request.path_only.endswith("/"):
                # Relative links of the page resolve below the dashboard's own path.
                return Response(status=308, headers={"Location": DASHBOARD_PATH + "/"})
            return self._file("index.html")
        if rest.startswith("static/"):
            return self._file(rest[len("static/") :])
        if rest.startswith("api/"):
            with quiet_calls():
                try:
                    return self._api(request, rest[len("api/") :].split("/"))
                except ActionFailed as error:
                    return _json({"error": {"code": error.code, "message": error.message}}, error.status)
                except Exception as error:  # noqa: BLE001 - the page shows what went wrong
                    return _failure(error)
        return _json({"error": {"code": "NotFound", "message": f"Nothing at {request.path_only}"}}, 404)

    def _file(self, name: str) -> Response:
        path = self.files.get(name)
        if path is None:
            return _json({"error": {"code": "NotFound", "message": f"No file {name}"}}, 404)
        return Response(
            path.read_bytes(),
            mimetype=CONTENT_TYPES[path.suffix],
            headers={"Cache-Control": "no-cache"},
        )

    def _api(self, request: Request, parts: list[str]) -> Response:
        params = dict(parse_qsl(request.query_string))
        if parts == ["health"]:
            return _json(health.health(self.infra))
        if parts == ["scopes"]:
            accounts, regions = self.requests.seen_scopes()
            regions.add(self.infra.config.default_region)
            return _json({"accounts": sorted(accounts), "regions": sorted(regions)})
        if parts == ["requests"]:
            since = _int(params.get("since"), 0)
            return _json([entry.summary() for entry in self.requests.since(since)])
        if parts == ["requests", "stream"]:
            return self._stream(request, params)
        if len(parts) == 2 and parts[0] == "requests":
            entry = self.requests.find(_int(parts[1], -1))
            if entry is None:
                raise ActionFailed(
                    404, "NotFound", f"No call {parts[1]} in the log (it keeps the last ones)."
                )
            return _json(entry.detail())
        if len(parts) == 3 and parts[0] == "resources":
            return self._resource(request, parts[1], parts[2], params)
        raise ActionFailed(404, "NotFound", f"No dashboard API at {'/'.join(parts)}")

    def _resource(self, request: Request, service: str, action: str, params: dict[str, str]) -> Response:
        # The service views are imported on the first use of the page, not at start-up.
        from localstack.dashboard.resources import SERVICES, WRITES

        actions = SERVICES.get(service)
        if actions is None or action not in actions:
            raise ActionFailed(404, "NotFound", f"No action {action} for {service}")
        if (service, action) in WRITES:
            if request.method != "POST":
                raise ActionFailed(405, "MethodNotAllowed", f"{service} {action} takes a POST")
            _check_same_origin(request)
        elif request.method not in ("GET", "HEAD"):
            raise ActionFailed(405, "MethodNotAllowed", f"{service} {action} takes a GET")
        if service not in self.infra.proxies:
            raise ActionFailed(409, "ServiceNotEnabled", f"{service} is not enabled (SERVICES)")
        account = params.pop("account", "") or constants.DEFAULT_ACCOUNT_ID
        region = params.pop("region", "") or self.infra.config.default_region
        if not _ACCOUNT.fullmatch(account):
            raise ActionFailed(400, "InvalidParameter", f"The account '{account}' is not 12 digits.")
        if not _REGION.fullmatch(region):
            raise ActionFailed(400, "InvalidParameter", f"The region '{region}' is not a region name.")
        scope = Scope(account, region, self.infra.edge_app.handle)  # type: ignore[union-attr]
        answer = actions[action](scope, params, request.data)
        return answer if isinstance(answer, Response) else _json(answer)

    def _stream(self, request: Request, params: dict[str, str]) -> Response:
        if self.streams >= MAX_STREAMS:
            raise ActionFailed(503, "TooManyStreams", f"At most {MAX_STREAMS} request-log streams are open.")
        since = _int(request.headers.get("Last-Event-ID") or params.get("since"), 0)
        body = self.requests.stream(since, self.infra.stopped)

        def counted() -> Any:
            # Counted once sending starts: a stream never started (a HEAD) never ends either.
            with self._streams_lock:
                self.streams += 1
            try:
                yield from body
            finally:
                with self._streams_lock:
                    self.streams -= 1

        return Response(
            counted(),
            mimetype="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )


def _check_same_origin(request: Request) -> None:
    """A write must come from the dashboard's own page: a browser always names the Origin of a POST,
    so another site's page cannot drive these actions through the user's browser."""
    origin = request.headers.get("Origin")
    if origin and urlsplit(origin).netloc != request.headers.get("Host", ""):
        raise ActionFailed(
            403, "Forbidden", f"Dashboard actions are only taken from the dashboard, not {origin}"
        )


def _failure(error: Exception) -> Response:
    from botocore.exceptions import ClientError

    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 400)
        body = {"error": {"code": details.get("Code", "ClientError"), "message": details.get("Message", "")}}
        return _json(body, status if status >= 400 else 400)
    LOG.exception("Dashboard action failed")
    return _json({"error": {"code": "InternalError", "message": f"{type(error).__name__}: {error}"}}, 500)


def _int(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8", "replace")
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return str(value)


def _json(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body, default=_jsonable), status=status, mimetype="application/json")
