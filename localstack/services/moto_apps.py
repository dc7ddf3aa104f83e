"""Builds moto's Flask app for one service (moto is imported on first use only)."""

from __future__ import annotations

import os
import threading

from localstack.utils.http import WSGIApp

_setup_lock = threading.Lock()
_setup_done = False


def setup_moto() -> None:
    """Settings moto reads at import time; applied once, before the first moto import."""
    global _setup_done
    with _setup_lock:
        if _setup_done:
            return
        # The account comes from each request (x-moto-account-id); a global override would hide it.
        os.environ.pop("MOTO_ACCOUNT_ID", None)
        # Any well-formed region is served (request_checks refuses malformed ones), as on AWS's new regions.
        os.environ["MOTO_ALLOW_NONEXISTENT_REGION"] = "true"
        _cache_method_names()
        _faster_random_strings()
        _setup_done = True


def _faster_random_strings() -> None:
    """moto draws each character of a request id (52 per request) with its own `random.choice`
    call; `choices(k=...)` draws them in one call from the same seeded generator."""
    import string

    from moto.moto_api._internal.moto_random import HEX_CHARS, MotoRandom

    hex_chars = [str(c) for c in HEX_CHARS]

    def get_random_string(
        self: MotoRandom, length: int = 20, include_digits: bool = True, lower_case: bool = False
    ) -> str:
        pool = string.ascii_letters + (string.digits if include_digits else "")
        value = "".join(self.choices(pool, k=length))
        return value.lower() if lower_case else value

    def get_random_hex(self: MotoRandom, length: int = 8) -> str:
        return "".join(self.choices(hex_chars, k=length))

    MotoRandom.get_random_string = get_random_string  # type: ignore[method-assign]
    MotoRandom.get_random_hex = get_random_hex  # type: ignore[method-assign]


def _cache_method_names() -> None:
    """moto lists a response class's methods with `inspect.getmembers` on every request (a third of
    a DynamoDB GetItem's server time): the methods of a class do not change, so list them once."""
    from moto.core import responses

    original = responses.method_names_from_class
    cache: dict[type, list[str]] = {}

    def method_names_from_class(clazz: type) -> list[str]:
        names = cache.get(clazz)
        if names is None:
            names = cache[clazz] = original(clazz)
        return names

    responses.method_names_from_class = method_names_from_class


def build_moto_app(service: str) -> WSGIApp:
    setup_moto()
    from moto.moto_server.werkzeug_app import create_backend_app

    return create_backend_app(service)  # type: ignore[arg-type]


def reset_moto_backend(service: str) -> bool:
    """Drop every resource moto holds for a service, in every account and region."""
    from moto.backends import get_backend

    try:
        get_backend(service).reset()  # type: ignore[arg-type]
    except Exception:
        return False
    return True
