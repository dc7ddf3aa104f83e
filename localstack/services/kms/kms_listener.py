"""Hooks around the kms backend: the operations moto lacks or gets wrong are answered here (crypto.py:
encryption and signatures; signing.py: MACs and public keys; key_import.py: imported key material;
key_policies.py; key_agreement.py; data_key_pairs.py...); the rest are checked here, then moto's. Every
answer passes DryRun, list paging (paging.py) and last-usage tracking (key_last_usage.py) here."""

from __future__ import annotations

import json
from typing import Any, Callable

from localstack import constants
from localstack.services.generic_proxy import ForwardResult, ProxyListener
from localstack.services.kms import (
    aliases,
    crypto,
    custom_key_stores,
    data_key_pairs,
    grants,
    key_agreement,
    key_deletion,
    key_encapsulation,
    key_import,
    key_last_usage,
    key_policies,
    key_rotation,
    modern_keys,
    multi_region,
    paging,
    signing,
    validation,
)
from localstack.utils.aws import request_context
from localstack.utils.aws.errors import AWSError

Handler = Callable[[Any, dict[str, Any]], dict[str, Any]]

HANDLERS: dict[str, Handler] = {
    **{
        name: (lambda op: lambda b, p: data_key_pairs.generate(b, op, p))(name)
        for name in data_key_pairs.OPERATIONS
    },
    **crypto.HANDLERS,
    **signing.HANDLERS,
    **key_import.HANDLERS,
    **key_policies.HANDLERS,
    **key_deletion.HANDLERS,
    **key_agreement.HANDLERS,
    **key_rotation.HANDLERS,
    **grants.HANDLERS,
    **multi_region.HANDLERS,
    **aliases.HANDLERS,
    **custom_key_stores.HANDLERS,
    **key_last_usage.HANDLERS,
    **key_encapsulation.HANDLERS,
}
DATA_KEY_OPERATIONS = ("GenerateDataKey", "GenerateDataKeyWithoutPlaintext")
# Requests moto fails on with a 500 when a member is missing (AWS's sentence recorded).
INCOMPLETE = ("GenerateRandom",)
# Operations moto answers once _check has let them through.
CHECKED = frozenset(
    {
        *DATA_KEY_OPERATIONS,
        *INCOMPLETE,
        "CreateKey",
        "EnableKey",
        "DisableKey",
        "CreateAlias",
        "UpdateAlias",
        "DeleteAlias",
        "TagResource",
        "UntagResource",
        "UpdateKeyDescription",
    }
)
# Operations taking DryRun (botocore's model): checked in full, then DryRunOperationException.
DRY_RUN_OPERATIONS = frozenset(
    {
        "CreateGrant",
        "Decrypt",
        "Decapsulate",
        "DeriveSharedSecret",
        "Encapsulate",
        "Encrypt",
        "GenerateDataKey",
        "GenerateDataKeyPair",
        "GenerateDataKeyPairWithoutPlaintext",
        "GenerateDataKeyWithoutPlaintext",
        "GenerateMac",
        "ReEncrypt",
        "RetireGrant",
        "RevokeGrant",
        "Sign",
        "Verify",
        "VerifyMac",
    }
)
# Management operations AWS refuses on a key pending deletion (KMSInvalidStateException), with the member
# naming the key.
REFUSED_PENDING_DELETION = {
    "CreateAlias": "TargetKeyId",
    "UpdateAlias": "TargetKeyId",
    "TagResource": "KeyId",
    "UntagResource": "KeyId",
    "UpdateKeyDescription": "KeyId",
}


def _check(backend: Any, operation: str, params: dict[str, Any]) -> None:
    """AWS's refusals for requests moto would answer otherwise."""
    _check_request(backend, operation, params)
    member = REFUSED_PENDING_DELETION.get(operation)
    if member and params.get(member):
        try:
            key = validation.find_key(backend, str(params[member]))
        except AWSError:
            return  # moto answers a key that does not exist
        validation.refuse_pending_deletion(key)


def _check_request(backend: Any, operation: str, params: dict[str, Any]) -> None:
    if operation in DATA_KEY_OPERATIONS:
        key = validation.find_key(backend, params.get("KeyId") or "")
        validation.require_enabled(key)
        crypto.check_data_key(backend, params, operation)
    elif operation == "CreateKey":
        custom_key_stores.check_store_member(params)
        if (params.get("KeySpec") or params.get("CustomerMasterKeySpec")) == "SM2" and not str(
            backend.region_name
        ).startswith("cn-"):
            # SM2 keys exist in China Regions only (API reference); as GenerateDataKeyPair answers it.
            raise AWSError("UnsupportedOperationException", "SM2 is supported only in China Regions.")
        validation.check_policy_document(params.get("Policy"))
        validation.check_tags(params.get("Tags"))
        validation.check_key_usage_for_spec(params)
        modern_keys.refuse_unbuildable(params.get("KeySpec") or params.get("CustomerMasterKeySpec"))
    elif operation == "TagResource":
        validation.check_tags(params.get("Tags"))
        if params.get("KeyId"):
            key = validation.find_key(backend, str(params["KeyId"]))
            validation.check_tag_total(backend.tagger.get_tag_dict_for_resource(key.id), params.get("Tags"))
    elif operation in ("EnableKey", "DisableKey") and params.get("KeyId"):
        key = validation.find_key(backend, params["KeyId"])
        if key.key_state in ("PendingImport", "PendingDeletion"):
            error = validation.key_state_error(key)
            assert error is not None
            raise error
    elif operation == "CreateAlias" and not str(params.get("AliasName") or "").startswith("alias/"):
        raise AWSError(
            "ValidationException",
            'Alias must start with the prefix "alias/". Please see '
            "https://docs.aws.amazon.com/kms/latest/developerguide/kms-alias.html",
        )
    elif operation in ("CreateAlias", "UpdateAlias", "DeleteAlias") and str(
        params.get("AliasName") or ""
    ).startswith("alias/aws/"):
        # The prefix is reserved for AWS managed keys (developer guide), whose aliases no caller may
        # create, repoint or delete; refused as moto refuses the reserved names it knows, with AWS's
        # empty-message NotAuthorizedException (moto deleted an AWS managed alias).
        raise AWSError("NotAuthorizedException", "")
    elif operation == "GenerateRandom" and params.get("NumberOfBytes") is None:
        raise AWSError("ValidationException", "NumberOfBytes is required.")  # recorded
    elif operation == "GenerateRandom":
        custom_key_stores.check_store_member(params)
    elif operation == "UpdateAlias" and params.get("TargetKeyId") and params.get("AliasName"):
        aliases.check_same_kind(backend, str(params["AliasName"]), str(params["TargetKeyId"]))


class KmsListener(ProxyListener):
    def return_response(self, method: str, path: str, data: bytes, headers: Any, response: Any) -> None:
        _page_moto_answer(data, headers, response)
        operation = (headers.get(constants.HEADER_TARGET) or "").rpartition(".")[2]
        if (
            operation in key_last_usage.USING_KEYS
            and operation not in HANDLERS
            and response.status_code == 200
        ):
            key_last_usage.record_moto_answer(_backend(headers, path), operation, data, response.get_data())
        return None

    def forward_request(self, method: str, path: str, data: bytes, headers: Any) -> ForwardResult:
        operation = (headers.get(constants.HEADER_TARGET) or "").rpartition(".")[2]
        handler = HANDLERS.get(operation)
        if operation in paging.PAGED and b'"Marker"' in (data or b""):
            try:
                paging.check_request(operation, json.loads(data or b"{}"))
            except ValueError:
                pass  # the backend answers the malformed body
        if handler is None and operation not in CHECKED and b'"KeyId"' not in (data or b""):
            return True

        try:
            params = json.loads(data or b"{}")
        except ValueError:
            return True  # the backend answers the malformed body
        if not isinstance(params, dict):
            return True
        backend = _backend(headers, path)
        if params.get("DryRun") is True and operation in grants.DRY_RUN_CHECKS:
            # Checked as the call would be, without creating or removing the grant.
            grants.DRY_RUN_CHECKS[operation](backend, params)
            raise _dry_run()
        if handler is not None:
            answer = handler(backend, params)
            if params.get("DryRun") is True and operation in DRY_RUN_OPERATIONS:
                raise _dry_run()  # these handlers change nothing: the call was checked in full
            if operation in key_last_usage.USING_KEYS:
                key_last_usage.record(backend, operation, params, answer)
            return paging.page(operation, params, answer) if operation in paging.PAGED else answer
        if operation not in CHECKED and isinstance(params.get("KeyId"), str):
            # Every other operation naming a key: AWS's NotFoundException sentences (moto's differ).
            validation.find_key(backend, params["KeyId"])
            return True
        _check(backend, operation, params)
        if params.get("DryRun") is True and operation in DRY_RUN_OPERATIONS:
            raise _dry_run()
        return True


def _backend(headers: Any, path: str) -> Any:
    """The kms backend of the request's account and Region."""
    from moto.kms.models import kms_backends

    query = path.split("?", 1)[1] if "?" in path else ""
    account, region = request_context.account_and_region(headers, query)
    return kms_backends[account][region]


def _page_moto_answer(data: bytes, headers: Any, response: Any) -> None:
    """Limit and Marker on the list answers moto gives (ListKeys, ListResourceTags...)."""
    operation = (headers.get(constants.HEADER_TARGET) or "").rpartition(".")[2]
    if operation not in paging.PAGED or HANDLERS.get(operation) is not None:
        return
    if response.status_code != 200 or response.direct_passthrough:
        return
    body = paging.page_body(operation, data, response.get_data())
    if body is not None:
        response.set_data(body)


def _dry_run() -> AWSError:
    # The code and status are the API reference's; the sentence is unconfirmed.
    return AWSError(
        "DryRunOperationException", "The request would have succeeded, but the DryRun option is set.", 412
    )
