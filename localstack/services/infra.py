"""The lifecycle manager: starts and stops every server and background thread, knows readiness."""

from __future__ import annotations

import logging
import os
import selectors
import sys
import threading
from typing import TYPE_CHECKING, Callable

from localstack import constants
from localstack.config import Config, set_config
from localstack.extensions import discovery
from localstack.init_hooks import manager as init_hooks
from localstack.init_hooks.manager import InitHooks
from localstack.init_hooks.scripts import Stage
from localstack.services import moto_apps, plugins
from localstack.services.backends import MotoBackend
from localstack.services.edge import GatewayApp
from localstack.services.generic_proxy import ProxyServer, ServiceProxy
from localstack.services.internal import InternalEndpoints
from localstack.utils import collector
from localstack.utils.aws import internal_client
from localstack.utils.aws.stores import reset_all_stores
from localstack.utils.http import json_response
from localstack.utils.threads import EventDispatcher

if TYPE_CHECKING:
    from localstack.extensions.host import ExtensionHost

LOG = logging.getLogger(__name__)


_current: Infrastructure | None = None


def current() -> Infrastructure:
    """The running emulator of this process (listeners reach the dispatcher and workers here)."""
    if _current is None:
        raise RuntimeError("the emulator is not running in this process")
    return _current


class Infrastructure:
    """Owns the edge server, the legacy-port servers, the event dispatcher, and every background
    worker (pollers, schedulers, Lambda processes register with `start_worker` / `on_stop`)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.proxies: dict[str, ServiceProxy] = {}
        self.servers: list[ProxyServer] = []
        self.dispatcher: EventDispatcher | None = None
        self.ready = threading.Event()
        self.stopped = threading.Event()
        self.workers: list[threading.Thread] = []
        self._stop_callbacks: list[Callable[[], None]] = []
        self._reset_callbacks: list[Callable[[], None]] = []
        self.edge_app: GatewayApp | None = None
        self.internal: InternalEndpoints | None = None
        # One thread accepts on every port (the edge and ~30 legacy ports): a thread per port cost
        # start-up time, and stopping them one by one waited out each one's poll interval.
        self._acceptor: threading.Thread | None = None
        self._wake_read, self._wake_write = -1, -1
        self.persistence = None
        self.init_hooks: InitHooks | None = None
        # None unless an extension is configured: without one, start-up imports no more of them.
        self.extensions: ExtensionHost | None = None

    def start(self) -> None:
        """Bind every port first, then serve: health answers only once every port listens."""
        with collector.paused():  # building the proxies and servers: objects that stay
            self._start()
        # START scripts can call the emulator (every port serves), health answers 503 until they end.
        self.init_hooks.run_stage(Stage.START, self.endpoint_url, self.stopped)  # type: ignore[union-attr]
        self.ready.set()
        if self.extensions is not None:
            self.extensions.call_hook("on_ready")

    def _start(self) -> None:
        set_config(self.config)
        from localstack.utils.memory import Allocator

        # Before the first of the server's threads, which glibc would each give an arena.
        Allocator().configure()
        self.init_hooks = init_hooks.attach(self)  # BOOT scripts run before anything listens
        moto_apps.prepare_environment()
        self.dispatcher = EventDispatcher()
        specs = plugins.load_specs(self.config)
        self.proxies = plugins.build_proxies(specs, self.config)
        extensions = self._load_extensions()
        internal = self.internal = InternalEndpoints(
            self.proxies, self.reset_state, is_ready=self.ready.is_set
        )
        known = constants.ALL_SERVICES
        size = self.config.max_request_size
        host = self.config.edge_bind_host
        log = self.config.debug
        self.edge_app = GatewayApp(self.proxies, known, internal, max_request_size=size, log_requests=log)
        try:
            self._bind(host, self.config.edge_port, self.edge_app, "edge")
            if self.config.use_legacy_ports:
                for port, names in plugins.ports_of(self.config).items():
                    proxies = {name: self.proxies[name] for name in names}
                    app = GatewayApp(
                        proxies, known, internal, names[0], max_request_size=size, log_requests=log
                    )
                    self._bind(host, port, app, "+".join(names))
            if extensions is not None:
                self._bind_extension_ports(host, known, internal, size, log)
                for server in self.servers:
                    extensions.extend_gateway(server.server.app)
        except OSError:
            self.stop()
            raise
        global _current
        _current = self
        internal_client.set_gateway(self.edge_app.handle, self.edge_port)
        self._register_info_endpoints()
        self.internal.register(init_hooks.INIT_PATH, self.init_hooks.handle)
        if extensions is None:
            internal.register(discovery.LIST_PATH, lambda request: json_response({"extensions": []}))
        else:
            extensions.register_endpoints(internal)
            self.on_reset(lambda: extensions.call_hook("on_reset"))
            self.on_stop(lambda: extensions.call_hook("on_stop"))
        if self.config.start_web:
            from localstack.dashboard.routes import Dashboard

            Dashboard(self).install()
        from localstack.persistence import endpoints

        endpoints.register(self)
        if self.config.persistence:
            # State comes back before the first request is served (ports are bound, not yet read).
            from localstack.persistence.manager import Persistence

            self.persistence = Persistence(self)
            try:
                self.persistence.start()
            except Exception:
                self.stop()
                raise
        self._wake_read, self._wake_write = os.pipe()
        self._acceptor = threading.Thread(target=self._accept_all, name="ls-acceptor", daemon=True)
        self._acceptor.start()
        for spec in specs.values():
            if spec.on_start is not None:
                spec.on_start()
        from localstack.utils.memory import trim_loop

        self.start_worker("memory-trim", trim_loop)

    def _load_extensions(self) -> ExtensionHost | None:
        """Users' extensions (EXTENSIONS, entry points), their services and listeners installed."""
        refs = discovery.configured(self.config)
        if not refs:
            return None
        from localstack.extensions.host import ExtensionHost

        self.extensions = ExtensionHost.load(self.config, refs)
        self.extensions.install(self.proxies)
        return self.extensions

    def _bind_extension_ports(
        self,
        host: str,
        known: frozenset[str] | tuple[str, ...],
        internal: InternalEndpoints,
        size: int,
        log: bool,
    ) -> None:
        """The port of each extension service that asks for one; a busy port is logged, not fatal."""
        for item, service in self.extensions.service_ports():  # type: ignore[union-attr]
            proxies = {service.name: self.proxies[service.name]}
            app = GatewayApp(proxies, known, internal, service.name, max_request_size=size, log_requests=log)
            try:
                self._bind(host, service.port, app, service.name)  # type: ignore[arg-type]
            except OSError as error:
                LOG.error(
                    "extension %s: service %s is served on the edge only: %s",
                    item.name,
                    service.name,
                    error.strerror or error,
                )
            else:
                item.ports[service.name] = self.servers[-1].port

    @property
    def endpoint_url(self) -> str:
        """Where a client on this host reaches the edge (a wildcard bind is reached on loopback)."""
        host = self.config.edge_bind_host
        host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.edge_port}"

    def after_ready(self) -> None:
        """Run the READY init scripts in a worker; the command line calls this once it printed `Ready.`."""
        hooks = self.init_hooks
        if hooks is None:
            return
        if not hooks.scripts[Stage.READY]:
            hooks.run_stage(Stage.READY)
            return
        self.start_worker(
            "init-ready", lambda stopped: hooks.run_stage(Stage.READY, self.endpoint_url, stopped)
        )

    def _register_info_endpoints(self) -> None:
        from localstack.services.info_endpoints import DIAGNOSE_PATH, INFO_PATH, InfoEndpoints

        info = InfoEndpoints(self)
        self.internal.register(INFO_PATH, info.handle_info)  # type: ignore[union-attr]
        self.internal.register(DIAGNOSE_PATH, info.handle_diagnose)  # type: ignore[union-attr]
        self.on_stop(info.close)

    def start_worker(self, name: str, loop: Callable[[threading.Event], None]) -> threading.Thread:
        """Run `loop(stop_event)` in a named daemon thread until the emulator stops."""
        thread = threading.Thread(target=loop, args=(self.stopped,), name=f"ls-{name}", daemon=True)
        self.workers.append(thread)
        thread.start()
        return thread

    def on_stop(self, callback: Callable[[], None]) -> None:
        """Call `callback` when the emulator stops (ending child processes, flushing buffers)."""
        self._stop_callbacks.append(callback)

    def on_reset(self, callback: Callable[[], None]) -> None:
        """Call `callback` on POST /_localstack/state/reset."""
        self._reset_callbacks.append(callback)

    def on_reset_if_imported(self, module: str, function: str = "reset") -> None:
        """On reset, call `module.function()` if the module was imported: a module's own state exists
        only once it has run, and start-up need not import it to register its reset."""

        def reset() -> None:
            loaded = sys.modules.get(module)
            if loaded is not None:
                getattr(loaded, function)()

        self._reset_callbacks.append(reset)

    def when_built(self, service: str, callback: Callable[[], None]) -> None:
        """Call `callback` once `service`'s backend is built (now if it is, or if it is not moto): its
        workers (pollers, sweepers) have nothing to do before, and their modules stay out of start-up."""
        proxy = self.proxies.get(service)
        if proxy is None:
            return
        if isinstance(proxy.backend, MotoBackend):
            proxy.backend.on_built(callback)
        else:
            callback()

    def _accept_all(self) -> None:
        """Hand each new connection on any port to its server (a thread per connection)."""
        with selectors.DefaultSelector() as selector:
            selector.register(self._wake_read, selectors.EVENT_READ, None)
            for server in self.servers:
                selector.register(server.server, selectors.EVENT_READ, server)
            while not self.stopped.is_set():
                for key, _ in selector.select():
                    if key.data is None:
                        return
                    try:
                        key.data.server._handle_request_noblock()
                    except Exception:
                        LOG.exception("Error accepting on %s", key.data.name)

    def _bind(self, host: str, port: int, app: GatewayApp, name: str) -> None:
        try:
            server = ProxyServer(host, port, app, name)
        except (OSError, SystemExit) as error:
            # werkzeug exits the process when a port is taken; we report it instead.
            reason = error.strerror if isinstance(error, OSError) else "address already in use"
            raise OSError(
                getattr(error, "errno", 98), f"cannot listen on {host}:{port} for {name}: {reason}"
            ) from None
        self.servers.append(server)

    @property
    def edge_port(self) -> int:
        return self.servers[0].port if self.servers else self.config.edge_port

    def port_map(self) -> dict[str, int]:
        """Service -> the port its legacy proxy really listens on."""
        result = {}
        for server in self.servers[1:]:
            for name in server.name.split("+"):
                result[name] = server.port
        return result

    def reset_state(self) -> list[str]:
        """Forget every resource of every built backend (POST /_localstack/state/reset)."""
        from localstack.services.moto_apps import reset_moto_backend

        reset = []
        for name, proxy in self.proxies.items():
            backend = proxy.backend
            if isinstance(backend, MotoBackend) and backend.built and reset_moto_backend(backend.service):
                reset.append(name)
        reset_all_stores()
        for callback in self._reset_callbacks:
            callback()
        return reset

    def stop(self) -> None:
        if self.stopped.is_set():
            return
        if self.init_hooks is not None and self.ready.is_set():
            # Before `stopped` is set: the acceptor still serves the SHUTDOWN scripts' calls.
            # A second SIGTERM sets `stopped`, which ends those scripts at once.
            self.init_hooks.run_stage(Stage.SHUTDOWN, self.endpoint_url, self.stopped)
        self.stopped.set()
        for callback in reversed(self._stop_callbacks):
            try:
                callback()
            except Exception:
                LOG.exception("Error in stop callback %s", callback)
        if self._acceptor is not None:
            os.write(self._wake_write, b"x")
            self._acceptor.join(timeout=5)
            os.close(self._wake_read)
            os.close(self._wake_write)
        for server in self.servers:
            try:
                server.server.server_close()
                server.server.close_connections()
            except Exception:
                LOG.exception("Error stopping server %s", server.name)
        for worker in self.workers:
            worker.join(timeout=5)
        if self.dispatcher is not None:
            self.dispatcher.shutdown(wait=False)
        internal_client.set_gateway(None)
