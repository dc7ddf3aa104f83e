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
    """AWS's error for using a key that is not Enabled, as moto's own error type (raised inside moto)."""
    from moto.core.exceptions import JsonRESTError

    from localstack.services.kms import validation

    error = validation.key_state_error(key)
    return None if error is None else JsonRESTError(error.code, error.message)


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
    """Decrypt learns its key from the ciphertext's header: its state is checked before decrypting, so a
    key whose imported material was deleted answers KMSInvalidStateException, not a failed decryption."""

    @functools.wraps(method)
    def wrapper(self: Any, ciphertext_blob: bytes, *args: Any, **kwargs: Any) -> Any:
        from moto.kms.utils import KEY_ID_LEN

        try:
            key = self.keys.get(bytes(ciphertext_blob[:KEY_ID_LEN]).decode())
        except (UnicodeDecodeError, TypeError):
            key = None
        error = _key_state_error(key) if key is not None else None
        if error is not None:
            raise error
        return method(self, ciphertext_blob, *args, **kwargs)

    return wrapper


# Bytes of key material AWS gives a new HMAC key of each spec (moto gives every key 32).
HMAC_KEY_LENGTHS = {"HMAC_224": 28, "HMAC_256": 32, "HMAC_384": 48, "HMAC_512": 64}


def _create_key_as_aws(method: Callable[..., Any]) -> Callable[..., Any]:
    """KeyUsage defaults to ENCRYPT_DECRYPT (moto left it empty) and MultiRegion to false; an HMAC key gets
    material as long as its spec; a key with Origin EXTERNAL has no material until one is imported, so it
    waits in PendingImport."""

    @functools.wraps(method)
    def wrapper(self: Any, policy: Any, key_usage: Any, *args: Any, **kwargs: Any) -> Any:
        import os

        key = method(self, policy, key_usage or "ENCRYPT_DECRYPT", *args, **kwargs)
        # KeyMetadata always carries MultiRegion (recorded: false); moto kept None without the member.
        key.multi_region = bool(key.multi_region)
        if key.key_spec in HMAC_KEY_LENGTHS:
            key.key_material = os.urandom(HMAC_KEY_LENGTHS[key.key_spec])
        if key.origin == "EXTERNAL":
            key.import_secret = os.urandom(32)  # seals its import tokens (key_import)
            key.key_material = None
            key.key_state = "PendingImport"
            key.enabled = False
        return key

    return wrapper


def _key_metadata_with_import(method: Callable[..., Any]) -> Callable[..., Any]:
    """DescribeKey shows expired imported material as gone, an imported key's ExpirationModel and
    ValidTo (moto keeps neither), and the algorithms of the key's usage only."""

    @functools.wraps(method)
    def wrapper(self: Any) -> dict[str, Any]:
        from localstack.services.kms import validation

        validation.settle_creation(self)
        validation.expire_key_material(self)
        result = method(self)
        metadata = result["KeyMetadata"]
        # Only the algorithms of the key's usage are listed (moto lists encryption ones for HMAC keys).
        for field in ("EncryptionAlgorithms", "SigningAlgorithms"):
            metadata.pop(field, None)
        usage = metadata["KeyUsage"] or "ENCRYPT_DECRYPT"
        if usage == "ENCRYPT_DECRYPT":
            metadata["EncryptionAlgorithms"] = self.encryption_algorithms
        elif usage == "SIGN_VERIFY":
            metadata["SigningAlgorithms"] = self.signing_algorithms
        elif usage == "GENERATE_VERIFY_MAC":
            metadata["MacAlgorithms"] = ["HMAC_SHA_" + self.key_spec[5:]]
        elif usage == "KEY_AGREEMENT":
            metadata["KeyAgreementAlgorithms"] = ["ECDH"]
        elif usage == "ENCAPSULATE_DECAPSULATE":
            metadata["EncapsulationAlgorithms"] = ["ML_KEM"]
        model = getattr(self, "import_expiration_model", None)
        if self.origin == "EXTERNAL" and model:
            result["KeyMetadata"]["ExpirationModel"] = model
            if getattr(self, "import_valid_to", None) is not None:
                result["KeyMetadata"]["ValidTo"] = self.import_valid_to
        return result

    return wrapper


def _generate_private_key(original: Callable[[str], Any]) -> Callable[[str], Any]:
    """RSA and ECC keys come from key_generation, so a replayed CreateKey makes the same key (OpenSSL's
    differ each time); moto's wrapper objects are kept, filled with that key."""

    @functools.wraps(original)
    def generate(key_spec: str) -> Any:
        from moto.kms import utils

        from localstack.services.kms import key_encapsulation, key_generation, modern_keys

        if key_spec in modern_keys.SPECS:
            return modern_keys.PrivateKeyHolder(modern_keys.private_key(key_spec))
        if key_spec in key_encapsulation.SPECS:
            return modern_keys.PrivateKeyHolder(key_encapsulation.private_key(key_spec))
        if key_spec.startswith("RSA_") and key_spec[4:] in ("2048", "3072", "4096"):
            wrapper = utils.RSAPrivateKey.__new__(utils.RSAPrivateKey)
            wrapper.key_size = int(key_spec[4:])
        elif key_spec in utils.KeySpec.ecc_key_specs():
            wrapper = utils.ECDSAPrivateKey.__new__(utils.ECDSAPrivateKey)
            bits = {"ECC_NIST_P384": "384", "ECC_NIST_P521": "512"}.get(key_spec, "256")
            wrapper.valid_signing_algorithms = [f"ECDSA_SHA_{bits}"]
        else:
            return original(key_spec)
        wrapper.private_key = key_generation.private_key(key_spec)
        return wrapper

    return generate


def _ensure_valid_key_spec(original: Callable[..., None]) -> Callable[..., None]:
    """CreateKey accepts the signing specs moto does not know (modern_keys builds them)."""

    @functools.wraps(original)
    def check(self: Any, key_spec: str) -> None:
        from localstack.services.kms import key_encapsulation, modern_keys

        ours = key_spec in modern_keys.SPECS or key_spec in key_encapsulation.SPECS
        if not ours or not modern_keys.available(key_spec):
            original(self, key_spec)

    return check


def _signing_algorithms(original: Any) -> property:
    """DescribeKey's SigningAlgorithms for the specs moto does not know."""

    def algorithms(self: Any) -> Any:
        from localstack.services.kms import modern_keys

        if self.key_spec in modern_keys.SIGNING_ALGORITHMS:
            return list(modern_keys.SIGNING_ALGORITHMS[self.key_spec])
        return original.fget(self)

    return property(algorithms)


def _aws_managed_default_keys(original: Callable[..., Any]) -> Callable[..., Any]:
    """The key made on first use of an alias/aws/... name is an AWS managed key (KeyManager AWS);
    moto made it a customer managed one."""

    @functools.wraps(original)
    def generate(self: Any, alias_name: str) -> Any:
        key_id = original(self, alias_name)
        if key_id is not None and key_id in self.keys:
            self.keys[key_id].key_manager = "AWS"
        return key_id

    return generate


def _default_policy_as_aws(self: Any) -> str:
    """The default key policy in AWS's own layout (moto's is compact JSON)."""
    from moto.utilities.utils import get_partition

    from localstack.services.kms import key_policies

    return key_policies.default_policy(get_partition(self.region), self.account_id)


def apply() -> None:
    """Let the key-state operations take a key ARN as well as a key id, as AWS does; refuse keys
    that are not Enabled in every cryptographic operation (GenerateDataKey and ReEncrypt go through
    encrypt and decrypt); create keys, their metadata and default policy as AWS does."""
    global _applied
    with _lock:
        if _applied:
            return
        from moto.kms import models
        from moto.kms.models import Alias, Key, KmsBackend

        from localstack.services.kms import aliases

        for name in KEY_ARN_METHODS:
            setattr(KmsBackend, name, _accept_key_arn(getattr(KmsBackend, name)))
        for name in KEY_USING_METHODS:
            setattr(KmsBackend, name, _require_enabled_key(getattr(KmsBackend, name)))
        KmsBackend.decrypt = _decrypt_with_enabled_key(KmsBackend.decrypt)
        KmsBackend.create_key = _create_key_as_aws(KmsBackend.create_key)
        KmsBackend._generate_default_keys = _aws_managed_default_keys(KmsBackend._generate_default_keys)
        Key.to_dict = _key_metadata_with_import(Key.to_dict)
        Key.generate_default_policy = _default_policy_as_aws
        models.generate_private_key = _generate_private_key(models.generate_private_key)
        KmsBackend._KmsBackend__ensure_valid_key_spec = _ensure_valid_key_spec(  # type: ignore[attr-defined]
            KmsBackend._KmsBackend__ensure_valid_key_spec  # type: ignore[attr-defined]
        )
        Key.signing_algorithms = _signing_algorithms(Key.signing_algorithms)  # type: ignore[method-assign]
        Alias.__init__ = aliases.stamp_alias(Alias.__init__)  # type: ignore[method-assign]
        KmsBackend.update_alias = aliases.stamp_update(KmsBackend.update_alias)
        _applied = True
