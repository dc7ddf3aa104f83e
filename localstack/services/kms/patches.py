"""Corrections to moto's kms backend, applied by the starter before the backend is built."""

from __future__ import annotations

import functools
import threading
from typing import Any, Callable

_applied = False
_lock = threading.Lock()

# moto indexes `self.keys[key_id]` in these: a key ARN (AWS accepts one) raised a KeyError (500).
KEY_ARN_METHODS = ("schedule_key_deletion", "cancel_key_deletion", "enable_key", "disable_key")


def _accept_key_arn(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(self: Any, key_id: str, *args: Any, **kwargs: Any) -> Any:
        return method(self, self.get_key_id(key_id), *args, **kwargs)

    return wrapper


def apply() -> None:
    """Let the key-state operations take a key ARN as well as a key id, as AWS does."""
    global _applied
    with _lock:
        if _applied:
            return
        from moto.kms.models import KmsBackend

        for name in KEY_ARN_METHODS:
            setattr(KmsBackend, name, _accept_key_arn(getattr(KmsBackend, name)))
        _applied = True
