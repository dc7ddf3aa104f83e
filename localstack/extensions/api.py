"""What an extension is: the `Extension` base class and the values its hooks return."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping, Sequence, Union

from werkzeug.wrappers import Response

from localstack import constants
from localstack.services.backends import Backend
from localstack.services.generic_proxy import ProxyListener
from localstack.utils.aws import request_context
from localstack.utils.http import WSGIApp

if TYPE_CHECKING:
    from localstack.config import Config

# What a route handler may return: a Response as is, a dict or list as JSON 200, an int as that
# status with an empty body, str or bytes as a 200 text body.
RouteResult = Union[Response, dict, list, int, str, bytes]
RouteHandler = Callable[..., RouteResult]

# Names of extensions and of their services: they appear in URLs and in the health document.
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9-]{0,62}$")


@dataclass(frozen=True)
class Route:
    """An endpoint of the extension on the edge, at `/_extension/<extension name><path>`.

    `path` uses werkzeug's rule syntax (`/calls/<service>`); the handler is called as
    `handler(request, **values)` with the request (`localstack.utils.http.Request`) and the values
    the path captured. Raising an `AWSError` answers with that error.
    """

    path: str
    handler: RouteHandler
    methods: tuple[str, ...] = ("GET",)


@dataclass(frozen=True)
class Service:
    """A whole new service, served like ours: a proxy with its own listener chain, on the edge and,
    if `port` is given, on a port of its own (bound where the edge binds).

    `backend` is a WSGI app (called in-process), an `http(s)://` URL (requests are forwarded there),
    or a `Backend` instance. The edge sends a request here when its `X-Amz-Target` starts with one
    of `target_prefixes` followed by a dot, when it is SigV4-signed for the service's name or one of
    `signing_names`, or, unsigned, when its path starts with one of `path_prefixes`.
    """

    name: str
    backend: Union[WSGIApp, str, Backend]
    port: int | None = None
    target_prefixes: tuple[str, ...] = ()
    signing_names: tuple[str, ...] = ()
    path_prefixes: tuple[str, ...] = ()


# Service name (or "*") -> a listener, a list of them, or a factory called with each service's name.
Listeners = Mapping[
    str,
    Union[
        ProxyListener, Sequence[ProxyListener], Callable[[str], Union[ProxyListener, Sequence[ProxyListener]]]
    ],
]


class Extension:
    """Subclass and override the hooks you need; every hook has a harmless default.

    Load order: `on_load(config)`, then `services()`, `listeners()` and `routes()` are each called
    once, before any port is served. If any of them raises, or returns something invalid, the
    extension is logged as failed and nothing of it is installed; the emulator starts without it.
    """

    # In URLs (`/_extension/<name>/...`) and in `GET /_localstack/extensions`: lower-case letters,
    # digits and '-'. Defaults to the entry point name, or else the class name, made to fit.
    name: ClassVar[str] = ""

    def on_load(self, config: Config) -> None:
        """Called first, with the emulator's configuration; raise to refuse to load."""

    def listeners(self) -> Listeners:
        """Service name (`"sqs"`, one of this extension's services, or `"*"` for every service) ->
        the listeners to add to its chain, outside ours: they see each request before our listeners
        and each response after them. A value may be a listener, a list of listeners, or a factory
        called with each service's name (listener hooks are not told the service)."""
        return {}

    def routes(self) -> Sequence[Route]:
        """Endpoints under `/_extension/<name>`."""
        return ()

    def services(self) -> Sequence[Service]:
        """New services, each with its own backend."""
        return ()

    def on_ready(self) -> None:
        """Called once every port is served; must return quickly (`start_worker` runs long work)."""

    def on_reset(self) -> None:
        """Called on `POST /_localstack/state/reset`: forget the extension's own state."""

    def on_stop(self) -> None:
        """Called when the emulator stops."""


def start_worker(name: str, loop: Callable[[threading.Event], None]) -> threading.Thread:
    """Run `loop(stopped)` in a daemon thread the emulator owns (from `on_ready` on): `stopped` is
    set when the emulator stops, and the thread is joined then. Slow work of a listener goes here."""
    from localstack.services import infra

    return infra.current().start_worker(f"extension-{name}", loop)


def identity(headers: Mapping[str, str], query: str = "") -> tuple[str, str]:
    """(account id, region) of a request, as our services read them: the account from the access
    key, the region from the SigV4 credential scope (the default region for unsigned requests)."""
    return request_context.account_and_region(headers, query)


def is_reserved_name(name: str) -> bool:
    """A service name of ours (or an AWS signing name we route): no extension may take it."""
    return name in constants.ALL_SERVICES or name in constants.SIGNING_NAME_ALIASES


def describe(value: Any) -> str:
    """A short name of a value for log lines and error messages."""
    return type(value).__name__ if not isinstance(value, type) else value.__name__
