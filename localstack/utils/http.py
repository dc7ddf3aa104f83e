"""HTTP plumbing: the request value listeners see, and WSGI in-process calls."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import unquote

from werkzeug.datastructures import Headers as _WerkzeugHeaders
from werkzeug.wrappers import Response

WSGIApp = Callable[[dict, Callable], Any]

# The environ key of a body too large for memory (a utils.http_body.SpooledBody; `data` is empty then).
SPOOLED_BODY = "localstack.spooled_body"


# Request header names as listeners see them, by WSGI environ key ("HTTP_X_AMZ_DATE" -> "X-Amz-Date").
_HEADER_NAMES: dict[str, str] = {}


_NO_DEFAULT: Any = object()


class Headers(_WerkzeugHeaders):
    """Request headers whose lookups of an absent name answer the default: werkzeug builds and catches
    a BadRequestKeyError for each (about 30 per S3 request, from moto's handler and our checks).

    Lookups by name read an index of lower-cased names (first value of each), rebuilt only when the
    header list differs from the one it was built from: a request's headers are looked up 50-90 times
    and changed a few times, and a scan lowered every name on every lookup.
    """

    _indexed: list | None = None
    _index: dict[str, str]

    def _names(self) -> dict[str, str]:
        items = self._list
        # Tuples are immutable: equal lists (compared in C, by identity first) mean an index still valid.
        if self._indexed != items:
            # Reversed, so that the first value of a name is the one kept.
            self._index = {name.lower(): value for name, value in reversed(items)}
            self._indexed = list(items)
            self._joined = None
        return self._index

    _joined: str | None = None

    def has_name_prefix(self, prefix: str) -> bool:
        """Whether any name starts with this lower-case prefix: one substring search of the names joined
        (kept with the index), where a loop would step through every header per question."""
        if self._indexed != self._list:
            self._names()
        joined = self._joined
        if joined is None:
            joined = self._joined = "\n" + "\n".join(self._index)
        return "\n" + prefix in joined

    def lower_names(self) -> dict[str, str]:
        """Lower-cased name -> first value (read-only): one set operation answers whether any of several
        names is present."""
        return self._names()

    def get(self, key: Any, default: Any = None, type: Any = None) -> Any:  # noqa: A002 - werkzeug's name
        if type is None and key.__class__ is str:
            # `_names` inlined: this runs 30-70 times per request.
            if self._indexed != self._list:
                self._names()
            return self._index.get(key.lower(), default)
        return super().get(key, default, type)

    def __contains__(self, key: Any) -> bool:
        if key.__class__ is str:
            if self._indexed != self._list:
                self._names()
            return key.lower() in self._index
        return super().__contains__(key)

    def pop(self, key: Any = None, default: Any = _NO_DEFAULT) -> Any:
        if default is not _NO_DEFAULT and key.__class__ is str:
            # An absent name answers the default without werkzeug's raised and caught KeyError.
            if self._indexed != self._list:
                self._names()
            if key.lower() not in self._index:
                return default
            return super().pop(key, default)
        return super().pop(key) if default is _NO_DEFAULT else super().pop(key, default)

    def copy(self) -> Headers:
        """The same (already checked) pairs in a new list: werkzeug's copy re-adds and re-checks each."""
        copied = self.__class__()
        copied._list = self._list[:]
        if self._indexed is not None:
            # The index is never changed in place (a change builds a new one): the copy can share it.
            copied._indexed, copied._index = self._indexed, self._index
        return copied


@dataclass
class Request:
    """A request as listeners see it: `path` keeps its raw query string."""

    method: str
    path: str
    data: bytes = b""
    headers: Headers = field(default_factory=Headers)
    environ: dict = field(default_factory=dict)

    @property
    def path_only(self) -> str:
        return self.path.split("?", 1)[0]

    @property
    def query_string(self) -> str:
        return self.path.partition("?")[2]

    @classmethod
    def from_environ(cls, environ: dict, data: bytes) -> Request:
        raw_path = environ.get("RAW_URI") or environ.get("REQUEST_URI")
        if not raw_path or not raw_path.startswith("/"):
            raw_path = _quote_path(environ.get("PATH_INFO", "/"))
            query = environ.get("QUERY_STRING")
            if query:
                raw_path = f"{raw_path}?{query}"
        headers = Headers()
        pairs = headers._list
        for key, value in environ.items():
            if key.startswith("HTTP_"):
                name = _HEADER_NAMES.get(key)
                if name is None:
                    name = key[5:].replace("_", "-").title()
                    if len(_HEADER_NAMES) < 4096:
                        _HEADER_NAMES[key] = name
                if isinstance(value, str) and "\r" not in value and "\n" not in value:
                    pairs.append((name, value))
                else:
                    headers.add(name, value)  # werkzeug refuses line breaks in values
        content_type = environ.get("CONTENT_TYPE")
        content_length = environ.get("CONTENT_LENGTH")
        if content_type or content_length:
            # werkzeug's `set` lowers every name to find an earlier value of the name; none of the names
            # above is either one in the common case (asked once over the names joined): appended as
            # `set` appends them then.
            lowered = "\n" + "\n".join([name for name, _ in pairs]).lower() + "\n"
            plain = (
                lowered.count("\n") == len(pairs) + 1
                and "\ncontent-type\n" not in lowered
                and "\ncontent-length\n" not in lowered
            )
            for name, value in (("Content-Type", content_type), ("Content-Length", content_length)):
                if not value:
                    continue
                if plain and value.__class__ is str and "\n" not in value and "\r" not in value:
                    pairs.append((name, value))
                else:
                    headers[name] = value
        return cls(environ["REQUEST_METHOD"], raw_path, data, headers, environ)

    def to_environ(self) -> dict:
        """A WSGI environ for this request, keeping the server's keys (remote address, ...)."""
        environ = {k: v for k, v in self.environ.items() if not k.startswith("HTTP_")}
        path, _, query = self.path.partition("?")
        environ["REQUEST_METHOD"] = self.method
        environ["PATH_INFO"] = unquote(path, encoding="latin-1")
        environ["RAW_URI"] = environ["REQUEST_URI"] = self.path
        environ["QUERY_STRING"] = query
        environ["wsgi.input"] = io.BytesIO(self.data)
        environ["wsgi.input_terminated"] = True
        environ.setdefault("wsgi.url_scheme", "http")
        environ.setdefault("SERVER_NAME", "localhost")
        environ.setdefault("SERVER_PORT", "4566")
        environ.setdefault("SERVER_PROTOCOL", "HTTP/1.1")
        environ.setdefault("SCRIPT_NAME", "")
        environ.pop("CONTENT_TYPE", None)
        for name, value in self.headers.items():
            key = name.upper().replace("-", "_")
            if key == "CONTENT_TYPE":
                environ["CONTENT_TYPE"] = value
            elif key in ("CONTENT_LENGTH", "TRANSFER_ENCODING"):
                continue
            else:
                environ[f"HTTP_{key}"] = value
        environ["CONTENT_LENGTH"] = str(len(self.data))
        return environ

    @property
    def host(self) -> str:
        return self.headers.get("Host", "")


def _quote_path(path: str) -> str:
    from urllib.parse import quote

    return quote(path.encode("latin-1").decode("utf-8", "replace"), safe="/:@!$&'()*+,;=-._~%")


def call_wsgi(app: WSGIApp, environ: dict, buffered: bool = True) -> Response:
    """Call a WSGI app in-process and return its response, buffered unless told to stream."""
    respond = getattr(app, "respond", None)
    if buffered and respond is not None:
        # An app that hands out its response object (moto's): what `from_app` would build from it,
        # without a start_response round trip.
        app_iter, status, headers = respond(environ).get_wsgi_response(environ)
        try:
            body = list(app_iter)
        finally:
            close = getattr(app_iter, "close", None)
            if close is not None:
                close()
        return Response(body, status, headers)
    return Response.from_app(app, environ, buffered=buffered)


def json_response(body: object, status: int = 200, headers: dict | None = None) -> Response:
    import json

    return Response(json.dumps(body), status=status, headers=headers, mimetype="application/json")
