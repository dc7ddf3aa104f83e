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
        _setup_done = True


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
