"""Where a proxy sends what its listeners pass on: moto in-process, or any HTTP URL."""

from __future__ import annotations

import threading
from typing import Any, Callable

from werkzeug.wrappers import Response

from localstack.utils import collector
from localstack.utils.http import SPOOLED_BODY, Request, WSGIApp, call_wsgi


class BodyStreamer:
    """How one service takes request bodies too large for memory and answers with streamed bodies.

    The gateway leaves a large body spooled to a file (`request.environ[SPOOLED_BODY]`, with
    `request.data` empty) when `keeps_spooled` says so, and loads it into `request.data` otherwise.
    A MotoBackend of that service then answers through `call`.
    """

    def keeps_spooled(self, request: Request) -> bool:
        return False

    def digests(self, headers: Any) -> dict[str, Any]:
        """The hash objects (with `update`) to compute over a body while it is spooled, by name."""
        return {}

    def chunk_signatures(self, headers: Any) -> Any:
        """The check of an aws-chunked body's chunk signatures (a utils.http_body.ChunkObserver), if any."""
        return None

    def call(self, app: WSGIApp, request: Request) -> Response:
        return call_wsgi(app, request.to_environ())


_streamers: dict[str, BodyStreamer] = {}


def register_body_streamer(service: str, streamer: BodyStreamer) -> None:
    _streamers[service] = streamer


def spool_digests(service: str | None, headers: Any) -> dict[str, Any]:
    """What the service of a request being spooled wants computed over its body in the same pass."""
    streamer = _streamers.get(service) if service else None
    return streamer.digests(headers) if streamer is not None else {}


def chunk_signatures(service: str | None, headers: Any) -> Any:
    """The service's check of the chunk signatures of an aws-chunked body being read, or None."""
    streamer = _streamers.get(service) if service else None
    return streamer.chunk_signatures(headers) if streamer is not None else None


def load_spooled_body(service: str, request: Request) -> None:
    """Give the request its body in memory unless the service streams it (called once routed)."""
    streamer = _streamers.get(service)
    if streamer is not None and streamer.keeps_spooled(request):
        return
    spooled = request.environ.pop(SPOOLED_BODY)
    request.data = spooled.read_all()
    spooled.close()


class Backend:
    """Answers a request. Built lazily: `built` tells whether it was used yet."""

    built = False

    def call(self, request: Request) -> Response:
        raise NotImplementedError


class MotoBackend(Backend):
    """moto's Flask app for one service, called as WSGI in the same process (no socket)."""

    def __init__(self, service: str, before_build: Callable[[], None] | None = None) -> None:
        self.service = service
        self.before_build = before_build
        self._app: WSGIApp | None = None
        self._lock = threading.Lock()
        self._on_built: list[Callable[[], None]] = []

    @property
    def built(self) -> bool:  # type: ignore[override]
        return self._app is not None

    def on_built(self, callback: Callable[[], None]) -> None:
        """Call `callback` once this backend is built (now, if it is), in the thread that built it."""
        with self._lock:
            if self._app is None:
                self._on_built.append(callback)
                return
        callback()

    def app(self) -> WSGIApp:
        if self._app is None:
            with self._lock:
                if self._app is None:
                    from localstack.services.moto_apps import build_moto_app

                    with collector.paused():  # imports moto's service: objects that stay
                        if self.before_build:
                            self.before_build()
                        self._app = build_moto_app(self.service)
                    callbacks, self._on_built = self._on_built, []
                else:
                    callbacks = []
            for callback in callbacks:
                callback()
        return self._app

    def call(self, request: Request) -> Response:
        streamer = _streamers.get(self.service)
        if streamer is not None:
            return streamer.call(self.app(), request)
        return call_wsgi(self.app(), request.to_environ())


class HttpBackend(Backend):
    """Forwards over HTTP with a pooled connection (`<SVC>_BACKEND=http://...`)."""

    built = True

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self._pool = None
        self._lock = threading.Lock()

    def _get_pool(self):  # type: ignore[no-untyped-def]
        if self._pool is None:
            with self._lock:
                if self._pool is None:
                    import urllib3

                    self._pool = urllib3.PoolManager(maxsize=16, retries=False)
        return self._pool

    def call(self, request: Request) -> Response:
        headers = {
            k: v
            for k, v in request.headers.items()
            if k.lower() not in ("content-length", "transfer-encoding")
        }
        body = request.data or _spooled_file(request)
        if body is not None and not isinstance(body, bytes):
            headers["Content-Length"] = str(request.environ[SPOOLED_BODY].size)
        upstream = self._get_pool().request(
            request.method,
            self.url + request.path,
            body=body,
            headers=headers,
            preload_content=False,
            redirect=False,
        )
        length = upstream.headers.get("Content-Length") or ""
        streamed = request.method != "HEAD" and length.isdigit() and int(length) > _STREAM_ABOVE
        if streamed:
            # A large answer (an S3 object) goes to the client as it arrives.
            response = Response(upstream.stream(_STREAM_PIECE), status=upstream.status)
            response.call_on_close(upstream.release_conn)
        else:
            response = Response(upstream.read(), status=upstream.status)
            upstream.release_conn()
        for name, value in upstream.headers.items():
            lower = name.lower()
            if lower not in ("transfer-encoding", "connection") and (streamed or lower != "content-length"):
                response.headers.add(name, value)
        return response


_STREAM_ABOVE = 1024 * 1024
_STREAM_PIECE = 64 * 1024


def _spooled_file(request: Request):  # type: ignore[no-untyped-def]
    spooled = request.environ.get(SPOOLED_BODY)
    if spooled is None:
        return None
    spooled.file.seek(0)
    return spooled.file
