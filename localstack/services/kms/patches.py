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


# Cryptographic operations whose first key argument names the key they use (moto ignored its state).
KEY_USING_METHODS = ("encrypt", "sign", "verify", "generate_mac", "get_public_key")


def _key_state_error(key: Any) -> Exception | None:
    """AWS's error for using a key that is not Enabled: the message names the key's ARN."""
    from moto.core.exceptions import JsonRESTError

    if key.key_state == "Disabled":
        return JsonRESTError("DisabledException", f"{key.arn} is disabled.")
    if key.key_state == "PendingDeletion":
        return JsonRESTError("KMSInvalidStateException", f"{key.arn} is pending deletion.")
    if key.key_state == "PendingImport":
        return JsonRESTError("KMSInvalidStateException", f"{key.arn} is pending import.")
    return None


def _require_enabled_key(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        key_id = kwargs["key_id"] if "key_id" in kwargs else args[0]
        key = self.keys.get(self.any_id_to_key_id(key_id))
        error = _key_state_error(key) if key is not None else None
        if error is not None:
            raise error
        return method(self, *args, **kwargs)

    return wrapper


def _decrypt_with_enabled_key(method: Callable[..., Any]) -> Callable[..., Any]:
    """Decrypt learns its key from the ciphertext: the state is checked before the plaintext leaves."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        plaintext, arn = method(self, *args, **kwargs)
        key = self.keys.get(self.get_key_id(arn))
        error = _key_state_error(key) if key is not None else None
        if error is not None:
            raise error
        return plaintext, arn

    return wrapper


def _external_keys_wait_for_import(method: Callable[..., Any]) -> Callable[..., Any]:
    """A key created with Origin EXTERNAL has no material until ImportKeyMaterial: AWS shows it
    PendingImport and disabled; moto made it Enabled with material of its own."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        key = method(self, *args, **kwargs)
        if key.origin == "EXTERNAL":
            key.key_state = "PendingImport"
            key.enabled = False
            key.key_material = None
        return key

    return wrapper


def _describe_imported_material() -> None:
    """KeyMetadata of a key with imported material names its ExpirationModel (and ValidTo)."""
    from moto.kms.models import Key

    original = Key.to_dict

    def to_dict(self: Any) -> dict[str, Any]:
        answer = original(self)
        model = getattr(self, "ls_expiration_model", None)
        if model:
            answer["KeyMetadata"]["ExpirationModel"] = model
            if getattr(self, "ls_valid_to", None):
                answer["KeyMetadata"]["ValidTo"] = self.ls_valid_to
        return answer

    Key.to_dict = to_dict


def apply() -> None:
    """Let the key-state operations take a key ARN as well as a key id, as AWS does; refuse keys
    that are not Enabled in every cryptographic operation (GenerateDataKey and ReEncrypt go through
    encrypt and decrypt)."""
    global _applied
    with _lock:
        if _applied:
            return
        from moto.kms.models import KmsBackend

        for name in KEY_ARN_METHODS:
            setattr(KmsBackend, name, _accept_key_arn(getattr(KmsBackend, name)))
        for name in KEY_USING_METHODS:
            setattr(KmsBackend, name, _require_enabled_key(getattr(KmsBackend, name)))
        KmsBackend.decrypt = _decrypt_with_enabled_key(KmsBackend.decrypt)
        KmsBackend.create_key = _external_keys_wait_for_import(KmsBackend.create_key)
        _describe_imported_material()
        _applied = True
