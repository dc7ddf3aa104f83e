"""KMS grants as AWS answers them: grant ids and tokens, ListGrants entries, idempotent named grants,
and retiring or revoking a grant."""

from __future__ import annotations

import re
from datetime import datetime

import pytest
from botocore.exceptions import ClientError

PRINCIPAL = "arn:aws:iam::000000000000:role/grantee"


def error_of(call, **params) -> dict:
    with pytest.raises(ClientError) as error:
        call(**params)
    return error.value.response["Error"]


@pytest.fixture
def kms(aws_client):
    return aws_client("kms")


def test_list_grants_entries(kms):
    key = kms.create_key()["KeyMetadata"]
    created = kms.create_grant(
        KeyId=key["KeyId"],
        GranteePrincipal=PRINCIPAL,
        RetiringPrincipal=PRINCIPAL,
        Operations=["Encrypt", "Decrypt"],
        Constraints={"EncryptionContextSubset": {"team": "a"}},
        Name="reader",
    )
    assert re.fullmatch(r"[0-9a-f]{64}", created["GrantId"])
    assert len(created["GrantToken"]) > 64

    grants = kms.list_grants(KeyId=key["Arn"])
    assert grants["Truncated"] is False
    [entry] = grants["Grants"]
    assert isinstance(entry.pop("CreationDate"), datetime)
    assert entry == {
        "KeyId": key["Arn"],
        "GrantId": created["GrantId"],
        "Name": "reader",
        "GranteePrincipal": PRINCIPAL,
        "RetiringPrincipal": PRINCIPAL,
        "IssuingAccount": "arn:aws:iam::000000000000:root",
        "Operations": ["Encrypt", "Decrypt"],
        "Constraints": {"EncryptionContextSubset": {"team": "a"}},
    }
    assert kms.list_grants(KeyId=key["KeyId"], GrantId="0" * 64)["Grants"] == []


def test_named_grant_retried_answers_the_same_grant(kms):
    key = kms.create_key()["KeyMetadata"]
    request = {"KeyId": key["KeyId"], "GranteePrincipal": PRINCIPAL, "Operations": ["Encrypt"], "Name": "g"}
    first = kms.create_grant(**request)["GrantId"]
    assert kms.create_grant(**request)["GrantId"] == first
    assert kms.create_grant(**{**request, "Operations": ["Decrypt"]})["GrantId"] != first
    assert len(kms.list_grants(KeyId=key["KeyId"])["Grants"]) == 2


def test_retire_by_token_and_by_id_and_revoke(kms):
    key = kms.create_key()["KeyMetadata"]
    grant = lambda: kms.create_grant(KeyId=key["KeyId"], GranteePrincipal=PRINCIPAL, Operations=["Encrypt"])  # noqa: E731
    by_token, by_id, revoked = grant(), grant(), grant()
    # A grant token is accepted on cryptographic calls.
    kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x", GrantTokens=[by_token["GrantToken"]])
    kms.retire_grant(GrantToken=by_token["GrantToken"])
    kms.retire_grant(KeyId=key["Arn"], GrantId=by_id["GrantId"])
    kms.revoke_grant(KeyId=key["KeyId"], GrantId=revoked["GrantId"])
    assert kms.list_grants(KeyId=key["KeyId"])["Grants"] == []
    with pytest.raises(ClientError) as info:
        kms.revoke_grant(KeyId=key["KeyId"], GrantId=revoked["GrantId"])
    assert info.value.response["Error"]["Code"] == "NotFoundException"


def test_a_grant_allows_only_what_its_key_can_do(kms):
    """CreateGrant refuses a grant of CreateGrant alone (AWS's sentence), an operation the key cannot
    perform (asymmetric keys make no data keys, signing keys do not encrypt, symmetric keys do not sign),
    and an encryption-context constraint on an asymmetric or HMAC key: ValidationException (API reference).
    Nothing refused is stored; what the key supports is granted."""
    symmetric = kms.create_key()["KeyMetadata"]["KeyId"]
    signing = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    rsa_encryption = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]["KeyId"]
    mac = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
    only_create = error_of(
        kms.create_grant, KeyId=symmetric, GranteePrincipal=PRINCIPAL, Operations=["CreateGrant"]
    )
    assert only_create == {
        "Code": "ValidationException",
        "Message": "Grants must not contain only the CreateGrant operation.",
    }
    refused = [
        (symmetric, ["Encrypt", "Sign"], None),
        (symmetric, ["GetPublicKey"], None),
        (signing, ["Encrypt"], None),
        (rsa_encryption, ["GenerateDataKey"], None),
        (rsa_encryption, ["Sign"], None),
        (mac, ["Decrypt"], None),
        (signing, ["Sign"], {"EncryptionContextSubset": {"a": "b"}}),
        (mac, ["GenerateMac"], {"EncryptionContextEquals": {"a": "b"}}),
    ]
    for key, operations, constraints in refused:
        request = {"KeyId": key, "GranteePrincipal": PRINCIPAL, "Operations": operations}
        if constraints:
            request["Constraints"] = constraints
        assert error_of(kms.create_grant, **request)["Code"] == "ValidationException", (
            operations,
            constraints,
        )
        assert error_of(kms.create_grant, DryRun=True, **request)["Code"] == "ValidationException"
    for key in (symmetric, signing, rsa_encryption, mac):
        assert kms.list_grants(KeyId=key)["Grants"] == []
    accepted = [
        (symmetric, ["GenerateDataKeyPair", "CreateGrant", "DescribeKey"]),
        (signing, ["Sign", "Verify", "GetPublicKey", "RetireGrant"]),
        (rsa_encryption, ["Encrypt", "Decrypt", "ReEncryptFrom", "GetPublicKey"]),
        (mac, ["GenerateMac", "VerifyMac"]),
    ]
    for key, operations in accepted:
        kms.create_grant(KeyId=key, GranteePrincipal=PRINCIPAL, Operations=operations)
        assert kms.list_grants(KeyId=key)["Grants"][0]["Operations"] == operations
