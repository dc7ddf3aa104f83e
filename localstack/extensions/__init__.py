"""The extension API: users' own packages add listeners, edge routes and whole services.

    from localstack.extensions import Extension, ProxyListener, Route, Service

See the README's "Extending" section; `api.py` documents each hook. The names are imported on
first use, so that start-up without extensions, which imports `discovery` only, pays for none.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from localstack.extensions.api import Extension, Route, Service, identity, start_worker
    from localstack.services.backends import Backend
    from localstack.services.generic_proxy import ProxyListener
    from localstack.utils.aws.errors import AWSError
    from localstack.utils.http import Request

_EXPORTS = {
    "AWSError": "localstack.utils.aws.errors",
    "Backend": "localstack.services.backends",
    "Extension": "localstack.extensions.api",
    "ProxyListener": "localstack.services.generic_proxy",
    "Request": "localstack.utils.http",
    "Route": "localstack.extensions.api",
    "Service": "localstack.extensions.api",
    "identity": "localstack.extensions.api",
    "start_worker": "localstack.extensions.api",
}

__all__ = [
    "AWSError",
    "Backend",
    "Extension",
    "ProxyListener",
    "Request",
    "Route",
    "Service",
    "identity",
    "start_worker",
]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
