"""Hooks around the kms backend: the operations moto lacks (data key pairs, imported key material)
and those whose checks or cryptography differ from AWS's (crypto.py) are answered here."""

from __future__ import annotations

import json
from typing import Any

from localstack import constants
from localstack.config import get_config
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.kms import crypto, data_key_pairs, key_material
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError

MAC_OPERATIONS = ("GenerateMac", "VerifyMac")
DATA_KEY_OPERATIONS = ("GenerateDataKey", "GenerateDataKeyWithoutPlaintext")
# Requests moto fails on with a 500 when a member is missing (AWS's exact words unconfirmed).
INCOMPLETE = ("GenerateRandom", "RetireGrant")


class KmsListener(ProxyListener):
    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        operation = (headers.get(constants.HEADER_TARGET) or "").rpartition(".")[2]
        if (
            operation not in data_key_pairs.OPERATIONS
            and operation not in crypto.HANDLERS
            and operation not in key_material.HANDLERS
            and operation not in MAC_OPERATIONS
            and operation not in INCOMPLETE
            and operation not in DATA_KEY_OPERATIONS
        ):
            return True
        from moto.kms.models import kms_backends

        query = path.split("?", 1)[1] if "?" in path else ""
        account = request_context.account_for_access_key(request_context.access_key_of(headers, query))
        region = request_context.region_of(headers, query, get_config().default_region)
        try:
            params = json.loads(data or b"{}")
        except ValueError:
            return True  # the backend answers the malformed body
        if not isinstance(params, dict):
            return True
        backend = kms_backends[account][region]
        if operation in INCOMPLETE:
            _check_complete(operation, params)
            return True
        if operation in data_key_pairs.OPERATIONS:
            return data_key_pairs.generate(backend, operation, params)
        if operation in crypto.HANDLERS:
            return crypto.HANDLERS[operation](backend, params)
        if operation in key_material.HANDLERS:
            return key_material.HANDLERS[operation](backend, params, account, region)
        if operation in DATA_KEY_OPERATIONS:
            crypto.check_data_key(backend, params, operation)
            return True
        crypto.check_mac(backend, params, operation)
        return True


def _check_complete(operation: str, params: dict[str, Any]) -> None:
    if operation == "GenerateRandom" and params.get("NumberOfBytes") is None:
        raise AWSError(
            "ValidationException",
            "1 validation error detected: Value null at 'numberOfBytes' failed to satisfy constraint: "
            "Member must not be null",
        )
    if operation == "RetireGrant" and not params.get("GrantToken"):
        if not params.get("KeyId") or not params.get("GrantId"):
            raise AWSError(
                "ValidationException", "Either GrantToken or both KeyId and GrantId must be specified."
            )
