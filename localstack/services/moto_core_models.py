"""moto.core.models as the server imports it: the names moto's services read from it, with moto's mock
machinery (mock_aws, its responses and botocore stubs) run from moto's own file on first use.

Every moto service imports moto.core, and moto.core imports this module; moto's file imports
`responses`, `unittest.mock` and `asyncio` for mock_aws, which the server never starts (~3 MB of
RSS and ~40 ms of start-up). Installed by `lazy_imports.install()` before moto is first imported;
this file then runs under the name `moto.core.models`, so it imports by absolute names only.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import sys
import threading
from types import ModuleType
from typing import Any

from moto.core.base_backend import BackendDict  # noqa: F401 - moto.identitystore imports it from here
from moto.core.config import default_user_config  # noqa: F401 - moto.awslambda and moto.batch read it

# As moto's own: the account of requests that name none.
DEFAULT_ACCOUNT_ID = "123456789012"

MACHINERY_NAME = "moto.core._mock_machinery"
_lock = threading.Lock()


def _machinery() -> ModuleType:
    """moto's own moto.core.models, run once (under another name, so both exist side by side)."""
    module = sys.modules.get(MACHINERY_NAME)
    if module is not None:
        return module
    with _lock:
        module = sys.modules.get(MACHINERY_NAME)
        if module is None:
            # moto's module names botocore.client's classes at import; the server defers that import.
            importlib.import_module("botocore.client")
            package = sys.modules["moto.core"]
            found = importlib.machinery.PathFinder.find_spec("moto.core.models", package.__path__)
            assert found is not None and found.origin is not None
            spec = importlib.util.spec_from_file_location(MACHINERY_NAME, found.origin)
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[MACHINERY_NAME] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                sys.modules.pop(MACHINERY_NAME, None)
                raise
    return module


def __getattr__(name: str) -> Any:
    """Anything else (responses_mock, botocore_stubber, override_responses_real_send, ...) is moto's."""
    if name.startswith("__"):
        raise AttributeError(name)
    return getattr(_machinery(), name)


def patch_client(client: Any) -> None:
    _machinery().patch_client(client)


def patch_resource(resource: Any) -> None:
    _machinery().patch_resource(resource)


class _Machinery:
    """Stands for a class of the mock machinery (moto.core.decorator imports them with moto):
    making one makes an instance of moto's class of the same name."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        return getattr(_machinery(), cls.__name__)(*args, **kwargs)


class MockAWS(_Machinery):
    pass


class ServerModeMockAWS(_Machinery):
    pass


class ProxyModeMockAWS(_Machinery):
    pass
