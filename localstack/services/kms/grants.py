"""CreateGrant and ListGrants as AWS answers them: 64-hex grant ids and long opaque tokens (moto made
8-character ones), a retried CreateGrant with the same Name and parameters answering the existing
grant's id (API reference), and ListGrants entries naming the key by ARN with CreationDate and
IssuingAccount (moto gave the bare key id and neither field)."""

from __future__ import annotations

import base64
import os
import re
import time
from typing import Any

from localstack.services.kms import validation
from localstack.utils.aws.errors import AWSError

_GRANT_ID = re.compile(r"[0-9a-f]{64}")


def _same_request(grant: Any, params: dict[str, Any]) -> bool:
    return (
        grant.name == params.get("Name")
        and grant.grantee_principal == params.get("GranteePrincipal")
        and sorted(grant.operations or []) == sorted(params.get("Operations") or [])
        and (grant.constraints or None) == (params.get("Constraints") or None)
        and grant.retiring_principal == params.get("RetiringPrincipal")
    )


# Management operations any grant may allow, and the cryptographic ones each kind of key supports (CreateGrant
# in the API reference and the developer guide's grant pages).
_MANAGEMENT = ("CreateGrant", "RetireGrant", "DescribeKey")
_SYMMETRIC_DATA_KEYS = ("GenerateDataKey", "GenerateDataKeyWithoutPlaintext")
_DATA_KEY_PAIRS = ("GenerateDataKeyPair", "GenerateDataKeyPairWithoutPlaintext")
_ENCRYPTION = ("Encrypt", "Decrypt", "ReEncryptFrom", "ReEncryptTo")
_OPERATIONS_BY_USAGE = {
    "SIGN_VERIFY": ("Sign", "Verify", "GetPublicKey"),
    "GENERATE_VERIFY_MAC": ("GenerateMac", "VerifyMac"),
    "KEY_AGREEMENT": ("DeriveSharedSecret", "GetPublicKey"),
    "ENCAPSULATE_DECAPSULATE": ("Encapsulate", "Decapsulate", "GetPublicKey"),
}


def _supported_operations(key: Any) -> tuple[str, ...]:
    usage = validation.key_usage(key)
    if usage == "ENCRYPT_DECRYPT":
        if (key.key_spec or "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT":
            return _ENCRYPTION + _SYMMETRIC_DATA_KEYS + _DATA_KEY_PAIRS
        return _ENCRYPTION + ("GetPublicKey",)
    return _OPERATIONS_BY_USAGE.get(usage, ())


def _check_operations(key: Any, operations: list[str], constraints: Any) -> None:
    """CreateGrant refuses a grant of CreateGrant alone (AWS's sentence, as users met it), a grant of an
    operation the key cannot perform, and an encryption-context constraint on a key whose operations take
    no encryption context (asymmetric and HMAC keys): ValidationException, as the API reference says."""
    if not isinstance(operations, list) or not operations:
        return
    if set(operations) == {"CreateGrant"}:
        raise AWSError("ValidationException", "Grants must not contain only the CreateGrant operation.")
    supported = _supported_operations(key)
    unsupported = [op for op in operations if op not in supported and op not in _MANAGEMENT]
    if unsupported:
        raise AWSError(
            "ValidationException",
            f"Grant operation(s) {', '.join(unsupported)} are not supported for a KMS key with "
            f"KeySpec {key.key_spec or 'SYMMETRIC_DEFAULT'} and KeyUsage {validation.key_usage(key)}.",
        )
    symmetric = (key.key_spec or "SYMMETRIC_DEFAULT") == "SYMMETRIC_DEFAULT"
    if constraints and not symmetric:
        raise AWSError(
            "ValidationException",
            f"Grant constraints are not supported for a KMS key with KeySpec {key.key_spec}: its operations "
            "take no encryption context.",
        )


def create_grant(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key = validation.find_key(backend, params.get("KeyId") or "")
    # Disabled, pending import or pending deletion: refused as the key-state table says.
    validation.require_enabled(key)
    _check_operations(key, params.get("Operations") or [], params.get("Constraints"))
    if params.get("Name"):
        for grant in key.grants.values():
            if _same_request(grant, params):
                return {"GrantId": grant.id, "GrantToken": grant.token}
    grant = key.add_grant(
        params.get("Name"),
        params.get("GranteePrincipal"),
        params.get("Operations") or [],
        constraints=params.get("Constraints"),
        retiring_principal=params.get("RetiringPrincipal"),
    )
    del key.grants[grant.id]
    # os.urandom: the persistence layer seeds it per request, so a replayed grant keeps its id and token.
    grant.id = os.urandom(32).hex()
    grant.token = base64.urlsafe_b64encode(os.urandom(160)).decode().rstrip("=")
    grant.creation_date = time.time()
    key.grants[grant.id] = grant
    return {"GrantId": grant.id, "GrantToken": grant.token}


def _entry(backend: Any, key: Any, grant: Any) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "KeyId": key.arn,
        "GrantId": grant.id,
        "CreationDate": getattr(grant, "creation_date", None) or time.time(),
        "GranteePrincipal": grant.grantee_principal,
        "IssuingAccount": f"arn:aws:iam::{backend.account_id}:root",
        "Operations": grant.operations,
    }
    if grant.name:
        entry["Name"] = grant.name
    if grant.retiring_principal:
        entry["RetiringPrincipal"] = grant.retiring_principal
    if grant.constraints:
        entry["Constraints"] = grant.constraints
    return entry


def list_grants(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    key = validation.find_key(backend, params.get("KeyId") or "")
    grants = [
        grant
        for grant in key.grants.values()
        if params.get("GrantId") in (None, grant.id)
        and params.get("GranteePrincipal") in (None, grant.grantee_principal)
    ]
    return {"Grants": [_entry(backend, key, grant) for grant in grants], "Truncated": False}


def retire_grant(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    """By token (any key of the Region) or by key and grant id; what names no grant is refused (moto
    answered OK): the checks are _check_retire's."""
    _check_retire(backend, params)
    token = params.get("GrantToken")
    if not token:
        del validation.find_key(backend, params["KeyId"]).grants[params["GrantId"]]
        return {}
    for key in backend.keys.values():
        for grant_id, grant in list(key.grants.items()):
            if grant.token == token:
                del key.grants[grant_id]
    return {}


def revoke_grant(backend: Any, params: dict[str, Any]) -> dict[str, Any]:
    _check_revoke(backend, params)
    del validation.find_key(backend, params["KeyId"]).grants[params["GrantId"]]
    return {}


def _check_create(backend: Any, params: dict[str, Any]) -> None:
    key = validation.find_key(backend, params.get("KeyId") or "")
    validation.require_enabled(key)
    _check_operations(key, params.get("Operations") or [], params.get("Constraints"))


def _check_retire(backend: Any, params: dict[str, Any]) -> None:
    token = params.get("GrantToken")
    if token:
        if not any(grant.token == token for key in backend.keys.values() for grant in key.grants.values()):
            # The code is the API reference's; the words are ours (no recording found).
            raise AWSError("InvalidGrantTokenException", "The grant token is not valid.")
        return
    if not params.get("KeyId") or not params.get("GrantId"):
        raise AWSError(
            "ValidationException", "Either GrantToken or both KeyId and GrantId must be specified."
        )
    _check_revoke(backend, params)


def _check_revoke(backend: Any, params: dict[str, Any]) -> None:
    """A grant id that is no grant id at all (64 hex digits) is InvalidGrantIdException, one of no grant of
    the key NotFoundException (both in the API reference; the sentences are unconfirmed)."""
    key = validation.find_key(backend, params.get("KeyId") or "")
    grant_id = params.get("GrantId") or ""
    if not _GRANT_ID.fullmatch(grant_id):
        raise AWSError("InvalidGrantIdException", f"Grant ID {grant_id} is not valid.")
    if grant_id not in key.grants:
        raise AWSError("NotFoundException", f"Grant ID {grant_id} not found")


# The grant operations' DryRun: their checks alone (the calls themselves create or remove a grant).
DRY_RUN_CHECKS = {"CreateGrant": _check_create, "RetireGrant": _check_retire, "RevokeGrant": _check_revoke}

HANDLERS = {
    "CreateGrant": create_grant,
    "ListGrants": list_grants,
    "RetireGrant": retire_grant,
    "RevokeGrant": revoke_grant,
}
