"""Loads the configured extensions, checks what each asks for, and installs it into the running
emulator: listeners into our proxies' chains, services as new proxies (and ports), routes on the edge.

An extension is installed whole or not at all: whatever fails (import, `on_load`, a hook, a check)
is logged with the extension's name and start-up goes on without it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Union

from localstack.extensions import discovery
from localstack.extensions.api import NAME_PATTERN, Extension, Route, Service, describe, is_reserved_name
from localstack.extensions.guard import GuardedListener
from localstack.extensions.routing import (
    EXTENSION_PATH_PREFIX,
    RESERVED_PATH_PREFIXES,
    RouteDispatcher,
    ServiceRule,
    rules_with,
)
from localstack.services.backends import Backend, HttpBackend
from localstack.services.edge_rules import TARGET_PREFIXES
from localstack.services.generic_proxy import ProxyListener, ServiceProxy
from localstack.utils.http import Request, WSGIApp, call_wsgi, json_response

if TYPE_CHECKING:
    from werkzeug.wrappers import Response

    from localstack.config import Config
    from localstack.services.edge import GatewayApp
    from localstack.services.internal import InternalEndpoints

LOG = logging.getLogger(__name__)

ALL_SERVICES_KEY = "*"


# A service's listeners as checked at load, or a factory called with each service's name.
ListenerValue = Union[list[ProxyListener], Callable[[str], Any]]


class ExtensionError(Exception):
    """What an extension asked for cannot be installed."""


@dataclass
class LoadedExtension:
    """One configured extension and what became of it."""

    name: str
    origin: str
    value: str
    extension: Extension | None = None
    error: str | None = None
    services: list[Service] = field(default_factory=list)
    listeners: dict[str, ListenerValue] = field(default_factory=dict)
    routes: list[Route] = field(default_factory=list)
    ports: dict[str, int] = field(default_factory=dict)

    def describe(self) -> dict[str, Any]:
        document: dict[str, Any] = {
            "name": self.name,
            "origin": self.origin,
            "value": self.value,
            "state": "error" if self.error else "loaded",
        }
        if self.error:
            document["error"] = self.error
            return document
        document["listeners"] = sorted(self.listeners)
        document["routes"] = [
            f"{','.join(route.methods)} {EXTENSION_PATH_PREFIX}/{self.name}{route.path}"
            for route in self.routes
        ]
        document["services"] = [
            {"name": service.name, "port": self.ports.get(service.name)} for service in self.services
        ]
        return document


class WsgiBackend(Backend):
    """An extension's WSGI app, called in-process like moto's."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        self._called = False

    @property
    def built(self) -> bool:  # type: ignore[override]
        return self._called

    def call(self, request: Request) -> Response:
        self._called = True
        return call_wsgi(self.app, request.to_environ())


def backend_for(service: Service) -> Backend:
    backend = service.backend
    if isinstance(backend, Backend):
        return backend
    if isinstance(backend, str):
        if not backend.startswith(("http://", "https://")):
            raise ExtensionError(f"service {service.name}: backend URL {backend!r} is not http(s)")
        return HttpBackend(backend)
    if callable(backend):
        return WsgiBackend(backend)
    raise ExtensionError(
        f"service {service.name}: backend is a {describe(backend)}, not a WSGI app, URL or Backend"
    )


class ExtensionHost:
    """Every configured extension of this emulator; `extensions` keeps failed ones with their error."""

    def __init__(self, extensions: list[LoadedExtension] | None = None) -> None:
        self.extensions = extensions or []

    @property
    def loaded(self) -> list[LoadedExtension]:
        return [item for item in self.extensions if item.error is None]

    @classmethod
    def load(cls, config: Config, refs: list[discovery.ExtensionRef] | None = None) -> ExtensionHost:
        """Import and check every extension `refs` names (default: all of `config`'s); nothing is
        installed yet."""
        if refs is None:
            refs = discovery.configured(config)
        host = cls()
        for ref in refs:
            host._load_one(ref, config)
        for item in host.extensions:
            if item.error:
                LOG.error(
                    "Extension %s (%s, %s) is not loaded: %s", item.name, item.value, item.origin, item.error
                )
            else:
                LOG.info("Extension %s loaded from %s", item.name, item.origin)
        return host

    def _load_one(self, ref: discovery.ExtensionRef, config: Config) -> None:
        item = LoadedExtension(ref.entry_point or ref.value, ref.origin, ref.value)
        self.extensions.append(item)
        try:
            target = discovery.load_object(ref.value)
            extension = target() if isinstance(target, type) else target
            if not isinstance(extension, Extension):
                raise ExtensionError(f"{ref.value} is a {describe(target)}, not an Extension subclass")
            item.name = extension.name or _default_name(ref.entry_point or type(extension).__name__)
            if not NAME_PATTERN.match(item.name):
                raise ExtensionError(f"name {item.name!r} must be lower-case letters, digits and '-'")
            if any(other.name == item.name and other is not item for other in self.loaded):
                raise ExtensionError(f"another extension is already named {item.name!r}")
            extension.on_load(config)
            item.services = list(extension.services())
            item.listeners = self._check_listeners(extension.listeners(), item)
            item.routes = list(extension.routes())
            self._check_services(item, config)
            self._check_routes(item)
            item.extension = extension
        except Exception as error:  # noqa: BLE001 - a broken extension must not stop the emulator
            LOG.debug("Extension %s failed to load", ref.value, exc_info=True)
            item.error = f"{type(error).__name__}: {error}"
            item.services, item.listeners, item.routes = [], {}, []

    def _check_listeners(self, listeners: Any, item: LoadedExtension) -> dict[str, ListenerValue]:
        if not hasattr(listeners, "items"):
            raise ExtensionError(f"listeners() returned a {describe(listeners)}, not a mapping")
        checked: dict[str, ListenerValue] = {}
        for service, value in listeners.items():
            if not isinstance(value, ProxyListener) and callable(value):
                checked[str(service)] = value  # a factory, called per service at installation
            else:
                checked[str(service)] = _listener_list(value, f"listeners() for {service!r}")
        return checked

    def _check_services(self, item: LoadedExtension, config: Config) -> None:
        others = [other for other in self.loaded if other is not item]
        taken_names = {service.name for other in others for service in other.services}
        taken_targets = {p for other in others for s in other.services for p in s.target_prefixes}
        taken_paths = {p for other in others for s in other.services for p in s.path_prefixes}
        for service in item.services:
            if not isinstance(service, Service):
                raise ExtensionError(f"services() holds a {describe(service)}, not a Service")
            name = service.name
            if not isinstance(name, str) or not NAME_PATTERN.match(name):
                raise ExtensionError(f"service name {name!r} must be lower-case letters, digits and '-'")
            if is_reserved_name(name) or name in taken_names:
                raise ExtensionError(f"service name {name!r} is already taken")
            for signing_name in service.signing_names:
                if is_reserved_name(signing_name.lower()):
                    raise ExtensionError(f"service {name}: signing name {signing_name!r} is one of ours")
            for prefix in service.target_prefixes:
                if not prefix or "." in prefix or prefix in TARGET_PREFIXES or prefix in taken_targets:
                    raise ExtensionError(
                        f"service {name}: X-Amz-Target prefix {prefix!r} is taken or invalid"
                    )
            for prefix in service.path_prefixes:
                if not prefix.startswith("/") or len(prefix.rstrip("/")) < 2:
                    raise ExtensionError(f"service {name}: path prefix {prefix!r} must be '/' and a name")
                if prefix.startswith(RESERVED_PATH_PREFIXES) or prefix in taken_paths:
                    raise ExtensionError(f"service {name}: path prefix {prefix!r} is reserved or taken")
            if service.port is not None:
                if not isinstance(service.port, int) or not 0 < service.port < 65536:
                    raise ExtensionError(f"service {name}: port {service.port!r} is not a port number")
                if service.port == config.edge_port or service.port in _ours(config):
                    raise ExtensionError(f"service {name}: port {service.port} is one of ours")
            backend_for(service)  # refuses what cannot be a backend, before anything is installed
            taken_names.add(name)

    def _check_routes(self, item: LoadedExtension) -> None:
        for route in item.routes:
            if not isinstance(route, Route):
                raise ExtensionError(f"routes() holds a {describe(route)}, not a Route")
            if not route.path.startswith("/") or not callable(route.handler):
                raise ExtensionError(f"route {route.path!r} must start with '/' and have a callable handler")
        if item.routes:
            RouteDispatcher(item.name, item.routes)  # werkzeug refuses malformed rules here

    # --- installation -------------------------------------------------------------------------

    def install(self, proxies: dict[str, ServiceProxy]) -> None:
        """Add a proxy for each extension service, then each extension's listeners in front of ours,
        in load order: the first extension's listener is the outermost (first to see a request, last
        to see its response). An extension whose listener factory fails is dropped whole."""
        names = [*proxies, *(service.name for item in self.loaded for service in item.services)]
        chains: dict[str, list[ProxyListener]] = {name: [] for name in names}
        for item in self.loaded:
            try:
                added = self._resolve_listeners(item, names)
            except Exception as error:  # noqa: BLE001 - the extension fails, the emulator starts
                LOG.error("Extension %s is not loaded: %s: %s", item.name, type(error).__name__, error)
                item.error = f"{type(error).__name__}: {error}"
                item.services, item.listeners, item.routes = [], {}, []
                continue
            for name, listeners in added.items():
                chains[name].extend(GuardedListener(item.name, listener) for listener in listeners)
        for item in self.loaded:
            for service in item.services:
                proxy = proxies[service.name] = ServiceProxy(service.name, backend_for(service))
                proxy.persisted = False
        for name, added in chains.items():
            if added and name in proxies:
                proxies[name].extension_listeners.extend(added)

    def _resolve_listeners(self, item: LoadedExtension, names: list[str]) -> dict[str, list[ProxyListener]]:
        resolved: dict[str, list[ProxyListener]] = {}
        for service, value in item.listeners.items():
            if service != ALL_SERVICES_KEY and service not in names:
                LOG.warning(
                    "Extension %s has listeners for %r, which is not enabled here; they are not used",
                    item.name,
                    service,
                )
                continue
            for name in names if service == ALL_SERVICES_KEY else [service]:
                found = (
                    value
                    if isinstance(value, list)
                    else _listener_list(value(name), f"the factory for {name!r}")
                )
                resolved.setdefault(name, []).extend(found)
        return resolved

    def extend_gateway(self, app: GatewayApp) -> None:
        """Teach a gateway the extension services' routing rule."""
        services = [service for item in self.loaded for service in item.services]
        if not services and not any(item.routes for item in self.loaded):
            return
        app.rules = rules_with(ServiceRule(services), app.rules)
        app.foreign_services = app.foreign_services | {service.name for service in services}

    def service_ports(self) -> list[tuple[LoadedExtension, Service]]:
        return [(item, service) for item in self.loaded for service in item.services if service.port]

    def register_endpoints(self, internal: InternalEndpoints) -> None:
        internal.register(discovery.LIST_PATH, self.handle_list)
        for item in self.loaded:
            if item.routes:
                internal.register(
                    f"{EXTENSION_PATH_PREFIX}/{item.name}", RouteDispatcher(item.name, item.routes).handle
                )

    def handle_list(self, request: Request) -> Response:
        return json_response({"extensions": [item.describe() for item in self.extensions]})

    def call_hook(self, hook: str) -> None:
        """Run `on_ready`, `on_reset` or `on_stop` of every loaded extension; failures are logged."""
        for item in self.loaded:
            method: Callable[[], None] = getattr(item.extension, hook)
            try:
                method()
            except Exception:
                LOG.exception("extension %s: %s failed", item.name, hook)


def _default_name(source: str) -> str:
    """`my_ext` or `MyExtension` -> `my-ext`, `myextension`: usable in a URL."""
    return re.sub(r"[^a-z0-9]+", "-", source.lower()).strip("-")


def _listener_list(value: Any, where: str) -> list[ProxyListener]:
    found = (
        [value]
        if isinstance(value, ProxyListener)
        else list(value)
        if isinstance(value, (list, tuple))
        else [value]
    )
    for listener in found:
        if not isinstance(listener, ProxyListener):
            raise ExtensionError(f"{where} holds a {describe(listener)}, not a ProxyListener")
    return found


def _ours(config: Config) -> set[int]:
    if not config.use_legacy_ports:
        return set()
    return {port for name in config.enabled_services() if (port := config.port_of(name)) is not None}
