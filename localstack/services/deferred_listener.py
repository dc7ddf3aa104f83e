"""A listener built on its service's first request: its module, and what that imports, loads then
instead of at start-up (proxies are built, with their listeners, when the server starts)."""

from __future__ import annotations

import importlib
import threading
from functools import partial
from typing import Any, Callable

from werkzeug.wrappers import Response

from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.utils import collector


class DeferredListener(ProxyListener):
    """Stands for the listener `factory` makes on first use; every hook goes to that one."""

    def __init__(self, factory: Callable[[], ProxyListener]) -> None:
        self._factory = factory
        self._listener: ProxyListener | None = None
        self._lock = threading.Lock()

    @property
    def listener(self) -> ProxyListener:
        listener = self._listener
        if listener is None:
            with self._lock:
                if self._listener is None:
                    with collector.paused():  # mostly imports: objects that stay
                        self._listener = self._factory()
                listener = self._listener
        return listener

    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        return self.listener.forward_request(method, path, data, headers)

    def return_response(
        self, method: str, path: str, data: bytes, headers: Any, response: Response
    ) -> Response | None:
        return self.listener.return_response(method, path, data, headers, response)


def deferred(*targets: str) -> Callable[[], list[ProxyListener]]:
    """A ServiceSpec's listener factory: one DeferredListener per "module:Class", in order, each class
    imported and made on the service's first request. A starter naming its listeners this way imports
    none of their modules at start-up (~0.1 s of CPU for all services)."""
    return lambda: [DeferredListener(partial(_make, target)) for target in targets]


def _make(target: str) -> ProxyListener:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)()
