"""Hooks around the kms backend: the operations moto lacks or gets wrong (data key pairs, signatures and
MACs, imported key material, key policies) are answered here; the rest are checked here, then moto's."""

from __future__ import annotations

import json
from typing import Any, Callable

from localstack import constants
from localstack.config import get_config
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.kms import (
    asymmetric_encryption,
    data_key_pairs,
    key_agreement,
    key_import,
    key_policies,
    signing,
    validation,
)
from localstack.utils.aws import request_context

Handler = Callable[[Any, dict[str, Any]], dict[str, Any]]

HANDLERS: dict[str, Handler] = {
    **{
        name: (lambda op: lambda b, p: data_key_pairs.generate(b, op, p))(name)
        for name in data_key_pairs.OPERATIONS
    },
    **signing.HANDLERS,
    **key_import.HANDLERS,
    **key_policies.HANDLERS,
    **key_agreement.HANDLERS,
}
# Operations that encrypt under the key they name: it must be Enabled and a symmetric ENCRYPT_DECRYPT key.
ENCRYPTING = {"Encrypt": "KeyId", "GenerateDataKey": "KeyId", "GenerateDataKeyWithoutPlaintext": "KeyId"}
# Operations moto answers once _check has let them through.
CHECKED = frozenset({*ENCRYPTING, "ReEncrypt", "Decrypt", "CreateKey", "EnableKey", "DisableKey"})


def _check(backend: Any, operation: str, params: dict[str, Any]) -> dict[str, Any] | None:
    """AWS's refusals for requests moto would answer otherwise; RSA encryption is answered here."""
    if operation in ENCRYPTING:
        key = validation.find_key(backend, params.get("KeyId") or "")
        validation.require_enabled(key)
        if operation == "Encrypt" and asymmetric_encryption.is_rsa(key):
            validation.require_usage(key, "ENCRYPT_DECRYPT", operation)
            return asymmetric_encryption.encrypt(key, params)
        validation.require_symmetric_encryption(key, operation)
        asymmetric_encryption.check_algorithm(key, params.get("EncryptionAlgorithm"))
    if operation == "ReEncrypt" and params.get("DestinationKeyId"):
        key = validation.find_key(backend, params["DestinationKeyId"])
        validation.require_usage(key, "ENCRYPT_DECRYPT", operation)
    if operation == "Decrypt" and params.get("KeyId"):
        key = validation.find_key(backend, params["KeyId"])
        if asymmetric_encryption.is_rsa(key):
            validation.require_enabled(key)
            validation.require_usage(key, "ENCRYPT_DECRYPT", operation)
            return asymmetric_encryption.decrypt(key, params)
        asymmetric_encryption.check_algorithm(key, params.get("EncryptionAlgorithm"))
    if operation in ("Decrypt", "ReEncrypt"):
        named = params.get("KeyId" if operation == "Decrypt" else "SourceKeyId")
        if named:
            validation.require_ciphertext_key(backend, named, params.get("CiphertextBlob"))
    if operation == "CreateKey":
        validation.check_policy_document(params.get("Policy"))
    if operation in ("EnableKey", "DisableKey") and params.get("KeyId"):
        key = validation.find_key(backend, params["KeyId"])
        if key.key_state in ("PendingImport", "PendingDeletion"):
            error = validation.key_state_error(key)
            assert error is not None
            raise error
    return None


# Fields AWS adds to moto's answers: every ciphertext moto makes is under the symmetric algorithm.
ALGORITHM_FIELDS = {
    "Encrypt": ("EncryptionAlgorithm",),
    "Decrypt": ("EncryptionAlgorithm",),
    "ReEncrypt": ("SourceEncryptionAlgorithm", "DestinationEncryptionAlgorithm"),
}


class KmsListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        operation = (headers.get(constants.HEADER_TARGET) or "").rpartition(".")[2]
        handler = HANDLERS.get(operation)
        if handler is None and operation not in CHECKED:
            return True
        from moto.kms.models import kms_backends

        query = path.split("?", 1)[1] if "?" in path else ""
        account = request_context.account_for_access_key(request_context.access_key_of(headers, query))
        region = request_context.region_of(headers, query, get_config().default_region)
        try:
            params = json.loads(data or b"{}")
        except ValueError:
            params = {}
        if not isinstance(params, dict):
            params = {}
        backend = kms_backends[account][region]
        if handler is not None:
            return handler(backend, params)
        return _check(backend, operation, params) or True

    def return_response(self, method: str, path: str, data: bytes, headers: Any, response: Any) -> Any:
        operation = (headers.get(constants.HEADER_TARGET) or "").rpartition(".")[2]
        fields = ALGORITHM_FIELDS.get(operation)
        if fields is None or response.status_code != 200:
            return None
        try:
            body = json.loads(response.get_data())
        except ValueError:
            return None
        for field in fields:
            body.setdefault(field, "SYMMETRIC_DEFAULT")
        response.set_data(json.dumps(body))
        return response
